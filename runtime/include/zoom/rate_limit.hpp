// A client-side limiter that keeps requests under Zoom's per-account rate limits, so a steady
// export never meets a 429. Zoom counts per account, across every app of it: clients of one
// account share one limiter (ClientOptions::rate_limiter).
#pragma once

#include <zoom/request.hpp>

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>

namespace zoom {

/// Requests allowed per label; 0 means unlimited.
struct RateLimits {
  int light_per_second = 0;               ///< Light requests started per second.
  int medium_per_second = 0;              ///< Medium requests started per second.
  int heavy_per_second = 0;               ///< Heavy requests started per second.
  int resource_intensive_per_minute = 0;  ///< Resource-intensive requests started per minute.
  /// One cap per UTC day for Heavy and Resource-intensive requests together. Every attempt
  /// counts, retries included; the count is the limiter's, in memory (a restart starts at zero).
  int daily_cap = 0;

  /// Zoom Phone's limits for Pro accounts: 20/s, 10/s, 5/s, 5/min, 15,000 a day.
  static RateLimits pro() noexcept { return {20, 10, 5, 5, 15000}; }
  /// Zoom Phone's limits for Business accounts and up: 40/s, 20/s, 10/s, 10/min, 30,000 a day.
  static RateLimits business() noexcept { return {40, 20, 10, 10, 30000}; }
  /// No limits (the default): nothing waits.
  static RateLimits unlimited() noexcept { return {}; }
};

/// Thread-safe; share one (std::shared_ptr) between the clients of one account. It never lets
/// more requests of a label start within any window (a second, or a minute for Resource-
/// intensive) than the limit allows, with a small margin for network jitter. Requests of an
/// operation without a label are not limited.
class RateLimiter {
 public:
  /// A limiter that enforces `limits`, with nothing counted yet.
  explicit RateLimiter(RateLimits limits);

  /// The limits it enforces.
  const RateLimits& limits() const noexcept { return limits_; }

  /// Waits until a request with `label` may start, and counts it. Throws zoom::DailyLimitReached
  /// at once when the daily cap is used up (it says when it resets); cancellable (the wait ends
  /// with boost::system::system_error(operation_aborted), nothing counted). The wait runs on the
  /// calling coroutine's executor.
  boost::asio::awaitable<void> acquire(RateLimitLabel label);

 private:
  struct Window {
    int limit = 0;
    std::chrono::steady_clock::duration length{};
    std::deque<std::chrono::steady_clock::time_point> starts;  // of the last `limit` requests
  };
  Window* window_for(RateLimitLabel label);
  // The time the next request may start (now when it may), or empty after counting it.
  std::optional<std::chrono::steady_clock::time_point> try_take(RateLimitLabel label);

  RateLimits limits_;
  std::mutex mutex_;
  Window light_, medium_, heavy_, resource_intensive_;
  int daily_used_ = 0;
  std::chrono::sys_days daily_day_{};
};

}  // namespace zoom
