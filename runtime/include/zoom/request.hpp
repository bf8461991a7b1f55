// zoom::Request: one API call as the generated operations describe it, before the runtime
// adds the host, credentials and retries. Generated code fills it; the runtime sends it.
#pragma once

#include <zoom/enum.hpp>
#include <zoom/time.hpp>

#include <concepts>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace zoom {

/// An HTTP method of an operation.
enum class Method {
  get,     ///< GET
  post,    ///< POST
  put,     ///< PUT
  patch,   ///< PATCH
  delete_,  ///< DELETE
  head,     ///< HEAD: the response has no body
  options,  ///< OPTIONS
  trace     ///< TRACE
};

/// The wire name of a method: "GET", "POST", ...
std::string_view to_string(Method method) noexcept;

/// Zoom's rate-limit groups. Each operation carries one; `unspecified` when the spec names none.
enum class RateLimitLabel {
  unspecified,        ///< No label: the rate limiter lets it through.
  light,              ///< Light: counted per second.
  medium,             ///< Medium: counted per second.
  heavy,              ///< Heavy: counted per second, and against the daily cap.
  resource_intensive  ///< Resource-intensive: counted per minute, and against the daily cap.
};

/// The label as Zoom's documentation writes it: "Light", "Medium", "Heavy", "Resource-intensive",
/// or "unspecified".
std::string_view to_string(RateLimitLabel label) noexcept;

/// One API call, described but not sent: what a generated `make_<operation>_request` returns and
/// Client::send takes. A plain value; the client adds the host, the base path, the credentials
/// and the standard headers.
struct Request {
  /// The spec's operationId, e.g. "listUserCallLogs" (static storage).
  std::string_view operation;
  Method method = Method::get;  ///< The HTTP method.
  /// The path below the base URL as decoded segments: {"phone", "users", "a@b.com", "call_logs"}.
  /// Each segment is percent-encoded when the request is sent.
  std::vector<std::string> path;
  /// Query parameters in order, decoded; encoded when the request is sent.
  std::vector<std::pair<std::string, std::string>> query;
  /// Header parameters of the operation, in order (never credentials: the client adds those).
  std::vector<std::pair<std::string, std::string>> headers;
  /// The request body (JSON for the generated operations) and its media type; empty: no body.
  std::string body;
  /// The media type of `body`, sent as `Content-Type`; empty: no such header.
  std::string content_type;
  /// The operation's rate-limit group, for the client's rate limiter.
  RateLimitLabel rate_limit = RateLimitLabel::unspecified;
  /// Safe to send twice (GET, PUT, DELETE): decides whether a timed-out attempt is retried.
  bool idempotent = true;
  /// Return a response of any status instead of throwing zoom::ApiError once retries are done
  /// (operations whose spec lists no 2xx response: redirects, `default` only). The token replay
  /// after a 401 code 124 and the retries of 429 and 5xx still happen first.
  bool any_status = false;

  /// The origin-form target below `base_path`: "/v2/phone/users/a%40b.com/call_logs?from=...".
  /// Every path segment and query value is percent-encoded; `+` is sent as `%2B`.
  std::string target(std::string_view base_path = {}) const;
};

// Query parameters from typed values, appended to Request::query in order (encoded when the
// request is sent); std::nullopt adds nothing. They throw nothing but std::bad_alloc.

/// Appends `name=value`, the text as given.
void add_query(Request& request, std::string_view name, std::string_view value);
/// Appends `name=true` or `name=false`.
void add_query(Request& request, std::string_view name, bool value);
/// Appends the shortest text that reads back as `value` (std::to_chars).
void add_query(Request& request, std::string_view name, double value);
/// Appends the date as `yyyy-mm-dd`.
void add_query(Request& request, std::string_view name, Date value);
/// Appends the instant as `yyyy-mm-ddThh:mm:ssZ` (UTC, `.mmm` when there are milliseconds).
void add_query(Request& request, std::string_view name, DateTime value);
/// Appends a date as `yyyy-mm-dd`, an instant as `yyyy-mm-ddThh:mm:ssZ` (whole seconds, as Zoom's
/// date-or-date-time parameters take it).
void add_query(Request& request, std::string_view name, const DateOrTime& value);

/// Appends the integer in decimal.
template <std::integral T>
  requires(!std::same_as<T, bool>)
void add_query(Request& request, std::string_view name, T value) {
  request.query.emplace_back(std::string{name}, std::to_string(value));
}

/// Appends the enum's wire value (a value the spec does not list included).
template <class E>
void add_query(Request& request, std::string_view name, const Enum<E>& value) {
  if constexpr (std::is_same_v<typename Enum<E>::wire_type, std::string>)
    add_query(request, name, std::string_view{value.wire()});
  else
    add_query(request, name, value.wire());
}

/// Appends the value when there is one; std::nullopt adds nothing.
template <class T>
void add_query(Request& request, std::string_view name, const std::optional<T>& value) {
  if (value) add_query(request, name, *value);
}

/// An array query parameter: `name=a&name=b` (`explode`, OpenAPI's default for query
/// parameters) or `name=a,b`. An empty array adds nothing.
template <class T>
void add_query(Request& request, std::string_view name, const std::vector<T>& values, bool explode = true) {
  if (explode) {
    for (const T& value : values) add_query(request, name, value);
    return;
  }
  if (values.empty()) return;
  Request scratch;
  for (const T& value : values) add_query(scratch, name, value);
  std::string joined;
  for (const auto& [key, text] : scratch.query) joined += (joined.empty() ? "" : ",") + text;
  request.query.emplace_back(std::string{name}, std::move(joined));
}

/// A header parameter, with the value as add_query would write it; std::nullopt adds nothing; an
/// array is one header of its values joined by commas (OpenAPI's `simple` style), none when empty.
/// Throws std::invalid_argument for a value with a line break, which would end the header.
template <class T>
void add_header(Request& request, std::string_view name, const T& value) {
  Request scratch;
  if constexpr (requires { add_query(scratch, name, value, false); })
    add_query(scratch, name, value, false);
  else
    add_query(scratch, name, value);
  for (auto& [key, text] : scratch.query) {
    if (text.find_first_of("\r\n") != std::string::npos)
      throw std::invalid_argument("header parameter '" + key + "' has a line break in its value");
    request.headers.emplace_back(std::move(key), std::move(text));
  }
}

}  // namespace zoom
