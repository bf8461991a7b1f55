#include <zoom/multipart.hpp>

#include <random>
#include <stdexcept>

namespace zoom {

namespace {

// A name or filename between quotes, as RFC 7578 (section 4.2) and browsers write it: `"`, CR
// and LF percent-encoded, every other byte as it is.
std::string quoted(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    switch (c) {
      case '"': out += "%22"; break;
      case '\r': out += "%0D"; break;
      case '\n': out += "%0A"; break;
      default: out += c;
    }
  }
  return out + '"';
}

// 32 random letters and digits after a fixed prefix: 37 characters, within RFC 2046's 70.
std::string random_boundary() {
  static constexpr std::string_view alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  thread_local std::mt19937_64 random{std::random_device{}()};
  std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
  std::string boundary = "zoom-";
  for (int i = 0; i < 32; ++i) boundary += alphabet[pick(random)];
  return boundary;
}

}  // namespace

void MultipartForm::add(std::string_view name, std::optional<std::string_view> filename, std::string_view content_type,
                        std::string_view data) {
  if (content_type.find_first_of("\r\n") != std::string_view::npos)
    throw std::invalid_argument("multipart part '" + std::string{name} +
                                "' has a line break in its content type");
  std::string headers = "Content-Disposition: form-data; name=" + quoted(name);
  if (filename) headers += "; filename=" + quoted(*filename);
  headers += "\r\n";
  if (!content_type.empty()) headers += "Content-Type: " + std::string{content_type} + "\r\n";
  parts_.push_back(Part{std::move(headers), std::string{data}});
}

void MultipartForm::add_text(std::string_view name, std::string_view value) { add(name, std::nullopt, {}, value); }

void MultipartForm::add_file(std::string_view name, const Upload& file) {
  add(name, file.filename, file.content_type, file.data);
}

void MultipartForm::add_json(std::string_view name, std::string_view json) {
  add(name, std::nullopt, "application/json", json);
}

std::string MultipartForm::body() {
  const auto occurs = [&](const std::string& boundary) {
    for (const Part& part : parts_)
      if (part.headers.find(boundary) != std::string::npos || part.data.find(boundary) != std::string::npos)
        return true;
    return false;
  };
  std::string boundary = random_boundary();
  while (occurs(boundary)) boundary = random_boundary();
  boundary_ = std::move(boundary);

  std::size_t size = boundary_.size() + 6;
  for (const Part& part : parts_) size += boundary_.size() + 6 + part.headers.size() + part.data.size() + 2;
  std::string out;
  out.reserve(size);
  for (const Part& part : parts_) {
    out.append("--").append(boundary_).append("\r\n");
    out.append(part.headers).append("\r\n");
    out.append(part.data).append("\r\n");
  }
  out.append("--").append(boundary_).append("--\r\n");
  return out;
}

std::string MultipartForm::content_type() const {
  if (boundary_.empty()) throw std::logic_error("zoom::MultipartForm::content_type() before body(): no boundary yet");
  return "multipart/form-data; boundary=" + boundary_;
}

void add_part(MultipartForm& form, std::string_view name, const Upload& file) { form.add_file(name, file); }

}  // namespace zoom
