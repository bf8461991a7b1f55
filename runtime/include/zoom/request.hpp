// zoom::Request: one API call as the generated operations describe it, before the runtime
// adds the host, credentials and retries. Generated code fills it; the runtime sends it.
#pragma once

#include <zoom/enum.hpp>
#include <zoom/time.hpp>

#include <concepts>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace zoom {

enum class Method { get, post, put, patch, delete_ };

/// The wire name of a method: "GET", "POST", ...
std::string_view to_string(Method method) noexcept;

/// Zoom's rate-limit groups. Each operation carries one; `unspecified` when the spec names none.
enum class RateLimitLabel { unspecified, light, medium, heavy, resource_intensive };

std::string_view to_string(RateLimitLabel label) noexcept;

struct Request {
  /// The spec's operationId, e.g. "listUserCallLogs" (static storage).
  std::string_view operation;
  Method method = Method::get;
  /// The path below the base URL as decoded segments: {"phone", "users", "a@b.com", "call_logs"}.
  /// Each segment is percent-encoded when the request is sent.
  std::vector<std::string> path;
  /// Query parameters in order, decoded; encoded when the request is sent.
  std::vector<std::pair<std::string, std::string>> query;
  RateLimitLabel rate_limit = RateLimitLabel::unspecified;
  /// Safe to send twice (GET, PUT, DELETE): decides whether a timed-out attempt is retried.
  bool idempotent = true;

  /// The origin-form target below `base_path`: "/v2/phone/users/a%40b.com/call_logs?from=...".
  /// Every path segment and query value is percent-encoded; `+` is sent as `%2B`.
  std::string target(std::string_view base_path = {}) const;
};

// Query parameters from typed values; std::nullopt adds nothing.
void add_query(Request& request, std::string_view name, std::string_view value);
void add_query(Request& request, std::string_view name, bool value);
void add_query(Request& request, std::string_view name, double value);
void add_query(Request& request, std::string_view name, Date value);
void add_query(Request& request, std::string_view name, DateTime value);

template <std::integral T>
  requires(!std::same_as<T, bool>)
void add_query(Request& request, std::string_view name, T value) {
  request.query.emplace_back(std::string{name}, std::to_string(value));
}

template <class E>
void add_query(Request& request, std::string_view name, const Enum<E>& value) {
  if constexpr (std::is_same_v<typename Enum<E>::wire_type, std::string>)
    add_query(request, name, std::string_view{value.wire()});
  else
    add_query(request, name, value.wire());
}

template <class T>
void add_query(Request& request, std::string_view name, const std::optional<T>& value) {
  if (value) add_query(request, name, *value);
}

}  // namespace zoom
