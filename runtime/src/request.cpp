#include <zoom/request.hpp>

#include <zoom/url_encoding.hpp>

#include <charconv>

namespace zoom {

std::string_view to_string(Method method) noexcept {
  switch (method) {
    case Method::get: return "GET";
    case Method::post: return "POST";
    case Method::put: return "PUT";
    case Method::patch: return "PATCH";
    case Method::delete_: return "DELETE";
    case Method::head: return "HEAD";
    case Method::options: return "OPTIONS";
    case Method::trace: return "TRACE";
  }
  return "GET";
}

std::string_view to_string(RateLimitLabel label) noexcept {
  switch (label) {
    case RateLimitLabel::unspecified: return "unspecified";
    case RateLimitLabel::light: return "Light";
    case RateLimitLabel::medium: return "Medium";
    case RateLimitLabel::heavy: return "Heavy";
    case RateLimitLabel::resource_intensive: return "Resource-intensive";
  }
  return "unspecified";
}

std::string Request::target(std::string_view base_path) const {
  std::string out{base_path};
  while (!out.empty() && out.back() == '/') out.pop_back();
  for (const std::string& segment : path) {
    out += '/';
    out += percent_encode(segment);
  }
  if (out.empty()) out.push_back('/');  // (not `= "/"`: GCC 12 misreports that as -Wrestrict)
  char separator = '?';
  for (const auto& [name, value] : query) {
    out += separator;
    separator = '&';
    out += percent_encode(name);
    out += '=';
    out += percent_encode(value);
  }
  return out;
}

void add_query(Request& request, std::string_view name, std::string_view value) {
  request.query.emplace_back(std::string{name}, std::string{value});
}

void add_query(Request& request, std::string_view name, bool value) {
  add_query(request, name, std::string_view{value ? "true" : "false"});
}

void add_query(Request& request, std::string_view name, double value) {
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  add_query(request, name, std::string_view(buffer, static_cast<std::size_t>(result.ptr - buffer)));
}

void add_query(Request& request, std::string_view name, Date value) {
  add_query(request, name, std::string_view{format_date(value)});
}

void add_query(Request& request, std::string_view name, DateTime value) {
  add_query(request, name, std::string_view{format_date_time(value)});
}

void add_query(Request& request, std::string_view name, const DateOrTime& value) {
  add_query(request, name, std::string_view{format_date_or_time(value)});
}

}  // namespace zoom
