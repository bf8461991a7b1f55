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
  std::chrono::milliseconds initial_delay{500};  ///< The backoff ceiling before the first retry.
  double multiplier = 2.0;  ///< How much the ceiling grows from one retry to the next.
  std::chrono::milliseconds max_delay{std::chrono::seconds{20}};  ///< The ceiling's upper bound.
  /// Attempts in all, the first included; 1 (or less) disables retries.
  int max_attempts = 5;
  /// The whole call, waits and retries included; zero means no limit. Checked before each
  /// attempt and before each wait for a retry, and caps the timeouts of each attempt; waiting
  /// for the rate limiter, a token or a free connection is not cut short by it (the call fails
  /// with zoom::DeadlineExceeded after such a wait).
  std::chrono::milliseconds overall_deadline{std::chrono::minutes{2}};
  /// A Retry-After asking for a longer wait fails the call at once (an ApiError that says when
  /// to try again) instead of sleeping: a daily-limit 429 can ask for hours.
  std::chrono::milliseconds max_retry_after{std::chrono::seconds{60}};

  /// The backoff ceiling before retry `retry` (1-based; less than 1 counts as 1), before jitter:
  /// `min(max_delay, initial_delay * multiplier^(retry-1))`, never negative.
  std::chrono::milliseconds ceiling(int retry) const noexcept;
};

/// The wait a `Retry-After` value asks for, relative to `now`: delta-seconds (`120`), an HTTP-date
/// (`Fri, 27 Nov 2026 19:00:02 GMT`) or an ISO-8601 date-time (`2026-11-27T19:00:02Z`), as Zoom
/// has sent all three. A time in the past is a zero wait; a wait of more than 100 years is taken
/// as 100 years. Empty when the value is none of these (a negative number included). Never throws.
std::optional<std::chrono::milliseconds> parse_retry_after(std::string_view value,
                                                           std::chrono::system_clock::time_point now);

}  // namespace zoom
