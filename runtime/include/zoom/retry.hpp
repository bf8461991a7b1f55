// When a failed attempt is tried again, and after how long. A policy is a value: copy it into
// ClientOptions; every call (every page of a pager) starts with fresh retry state.
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

namespace zoom {

/// Exponential backoff with full jitter: before retry n (n = 1, 2, ...) the client waits a random
/// time in [0, min(max_delay, initial_delay * multiplier^(n-1))], unless the server said how
/// long with Retry-After. Defaults suit Zoom: a 429 or 5xx burst usually clears within seconds.
struct RetryPolicy {
  std::chrono::milliseconds initial_delay{500};
  double multiplier = 2.0;
  std::chrono::milliseconds max_delay{std::chrono::seconds{20}};
  /// Attempts in all, the first included; 1 disables retries.
  int max_attempts = 5;
  /// The whole call, waits and retries included; zero means no limit.
  std::chrono::milliseconds overall_deadline{std::chrono::minutes{2}};
  /// A Retry-After asking for a longer wait fails the call at once (an ApiError that says when
  /// to try again) instead of sleeping: a daily-limit 429 can ask for hours.
  std::chrono::milliseconds max_retry_after{std::chrono::seconds{60}};

  /// The backoff ceiling before retry `retry` (1-based), before jitter.
  std::chrono::milliseconds ceiling(int retry) const noexcept;
};

/// The wait a `Retry-After` value asks for, relative to `now`: delta-seconds (`120`), an HTTP-date
/// (`Fri, 27 Nov 2026 19:00:02 GMT`) or an ISO-8601 date-time (`2026-11-27T19:00:02Z`), as Zoom
/// has sent all three. A time in the past is a zero wait; a wait of more than 100 years is taken
/// as 100 years. Empty when the value is none of these.
std::optional<std::chrono::milliseconds> parse_retry_after(std::string_view value,
                                                           std::chrono::system_clock::time_point now);

}  // namespace zoom
