// multipart/form-data request bodies (RFC 7578), for operations that upload files: a form is
// built part by part, then written once with a boundary that occurs in none of its parts.
#pragma once

#include <zoom/request.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace zoom {

/// A file part of a multipart/form-data body.
struct Upload {
  std::string filename{};  ///< The file's name as the server is told it (any bytes; quoted as RFC 7578 says).
  std::string content_type = "application/octet-stream";  ///< Its media type; empty: no Content-Type line.
  std::string data{};      ///< The file's bytes, sent as they are.
  /// Equal names, types and bytes.
  friend bool operator==(const Upload&, const Upload&) = default;
};

/// A multipart/form-data body (RFC 7578): parts in the order added, each with its
/// `Content-Disposition: form-data; name="..."` line, lines ending in CRLF. A name or filename is
/// written between quotes with `"`, CR and LF percent-encoded (%22, %0D, %0A), as browsers do;
/// every other byte, and every byte of a part's content, is sent as it is.
///
/// Usage: add the parts, then set `request.body = form.body()` and
/// `request.content_type = form.content_type()`.
class MultipartForm {
 public:
  /// A text part (no Content-Type line: text/plain, as RFC 7578 reads it).
  void add_text(std::string_view name, std::string_view value);
  /// A file part: Content-Disposition with the filename, and the file's Content-Type. Throws
  /// std::invalid_argument for a content type with CR or LF, which would end its header line.
  void add_file(std::string_view name, const Upload& file);
  /// A part of Content-Type application/json holding `json` as it is.
  void add_json(std::string_view name, std::string_view json);

  /// The body, with a boundary chosen (random, 24+ chars) so that it occurs in no part; then content_type() names it.
  /// Each call chooses a new boundary. A form without parts is the closing delimiter alone.
  std::string body();
  /// "multipart/form-data; boundary=..." (valid after body()), naming the boundary of the last
  /// body(). Throws std::logic_error before the first body().
  std::string content_type() const;

  /// How many parts were added.
  std::size_t size() const noexcept { return parts_.size(); }

 private:
  struct Part {
    std::string headers;  // each line ending in CRLF
    std::string data;
  };
  void add(std::string_view name, std::optional<std::string_view> filename, std::string_view content_type,
           std::string_view data);

  std::vector<Part> parts_;
  std::string boundary_;
};

/// A file part for `file`: `form.add_file(name, file)`.
void add_part(MultipartForm& form, std::string_view name, const Upload& file);

/// A field of a multipart body from a typed value, written as zoom::add_query would write it as a query value (dates, enums, numbers, booleans): one text part each; std::nullopt adds nothing; a std::vector adds one part per element; an Upload adds a file part.
template <class T>
void add_part(MultipartForm& form, std::string_view name, const T& value) {
  if constexpr (std::is_convertible_v<const T&, std::string_view>) {
    form.add_text(name, std::string_view{value});  // text (a string literal too, which add_query takes as a bool)
  } else {
    Request scratch;
    add_query(scratch, name, value);
    for (const auto& [key, text] : scratch.query) form.add_text(key, text);
  }
}

/// The value when there is one; std::nullopt adds nothing.
template <class T>
void add_part(MultipartForm& form, std::string_view name, const std::optional<T>& value) {
  if (value) add_part(form, name, *value);
}

/// One part per element, in order, each named `name`; an empty vector adds nothing.
template <class T>
void add_part(MultipartForm& form, std::string_view name, const std::vector<T>& values) {
  for (const T& value : values) add_part(form, name, value);
}

}  // namespace zoom
