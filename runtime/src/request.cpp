#include <zoom/request.hpp>

#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

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

namespace {

// Everything but RFC 3986's unreserved characters is percent-encoded: `@` in an email
// segment, and `+` in a query value (which a server would otherwise read as a space).
void append_encoded(std::string& out, std::string_view text) {
  out += boost::urls::encode(text, boost::urls::unreserved_chars);
}

}  // namespace

std::string Request::target(std::string_view base_path) const {
  std::string out{base_path};
  while (!out.empty() && out.back() == '/') out.pop_back();
  for (const std::string& segment : path) {
    out += '/';
    append_encoded(out, segment);
  }
  if (out.empty()) out.push_back('/');  // (not `= "/"`: GCC 12 misreports that as -Wrestrict)
  char separator = '?';
  for (const auto& [name, value] : query) {
    out += separator;
    separator = '&';
    append_encoded(out, name);
    out += '=';
    append_encoded(out, value);
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
