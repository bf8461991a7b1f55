// A strict reader of multipart/form-data bodies (RFC 7578 / RFC 2046), written for the tests
// independently of zoom::MultipartForm: any deviation from the grammar throws.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace zoom::test {

struct ParsedPart {
  std::vector<std::pair<std::string, std::string>> headers;  // in order, as written
  std::string data;

  // The value of the header `name` (exact spelling), or throws.
  const std::string& header(std::string_view name) const {
    for (const auto& [key, value] : headers)
      if (key == name) return value;
    throw std::runtime_error("no header " + std::string{name});
  }
};

// The boundary a Content-Type of multipart/form-data names.
inline std::string multipart_boundary(std::string_view content_type) {
  constexpr std::string_view prefix = "multipart/form-data; boundary=";
  if (content_type.substr(0, prefix.size()) != prefix) throw std::runtime_error("not multipart/form-data");
  return std::string{content_type.substr(prefix.size())};
}

// The parts of `body`, whose Content-Type is `content_type`.
inline std::vector<ParsedPart> parse_multipart(std::string_view body, std::string_view content_type) {
  const std::string boundary = multipart_boundary(content_type);
  const std::string first = "--" + boundary;
  const std::string delimiter = "\r\n--" + boundary;
  if (body.substr(0, first.size()) != first) throw std::runtime_error("the body does not begin with the boundary");
  std::vector<ParsedPart> parts;
  std::size_t at = first.size();
  for (;;) {
    if (body.substr(at) == "--\r\n") return parts;  // the close delimiter ends the body
    if (body.substr(at, 2) != "\r\n") throw std::runtime_error("no CRLF after a delimiter");
    at += 2;
    const std::size_t end = body.find(delimiter, at);
    if (end == std::string_view::npos) throw std::runtime_error("a part without a closing delimiter");
    const std::string_view part = body.substr(at, end - at);
    const std::size_t blank = part.find("\r\n\r\n");
    if (blank == std::string_view::npos) throw std::runtime_error("a part without a blank line after its headers");
    ParsedPart parsed;
    std::string_view headers = part.substr(0, blank + 2);
    while (!headers.empty()) {
      const std::size_t eol = headers.find("\r\n");
      const std::string_view line = headers.substr(0, eol);
      const std::size_t colon = line.find(": ");
      if (colon == std::string_view::npos) throw std::runtime_error("a header line without ': '");
      parsed.headers.emplace_back(line.substr(0, colon), line.substr(colon + 2));
      headers.remove_prefix(eol + 2);
    }
    parsed.data = part.substr(blank + 4);
    parts.push_back(std::move(parsed));
    at = end + delimiter.size();
  }
}

}  // namespace zoom::test
