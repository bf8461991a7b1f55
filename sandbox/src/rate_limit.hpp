// Zoom's rate limits per label (Options::rate_limits): fixed one-second (one-minute for
// Resource-intensive) windows of the steady clock, and a daily cap shared by Heavy and
// Resource-intensive requests per UTC day of the sandbox's clock.
#pragma once

#include "time.hpp"

#include <zoom/sandbox/sandbox.hpp>

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace zoom::sandbox::detail {

enum class RateLabel { light, medium, heavy, resource_intensive };

// As Zoom writes it in X-RateLimit-Category: "Light", "Medium", "Heavy", "Resource-intensive".
std::string_view label_name(RateLabel label) noexcept;

// Zoom's 429 body: {"code":429,"message":"You have reached the maximum per-second rate limit for
// this API. Try again later."}, or "...maximum daily rate limit..." when daily.
std::string rate_limit_body(bool daily);

class RateLimiter {
 public:
  // Throws std::invalid_argument for a negative limit.
  explicit RateLimiter(const RateLimits& limits);

  struct Rejection {
    RateLabel label;
    bool daily = false;  // the daily cap, else the per-second (per-minute) limit
    int limit = 0;
    sys_seconds retry_at{};  // daily: the next UTC midnight
  };
  // Counts the request unless it is over a limit; then says which (and counts nothing).
  std::optional<Rejection> admit(RateLabel label, std::chrono::steady_clock::time_point steady_now,
                                 sys_seconds now);

 private:
  struct Window {
    std::int64_t start = INT64_MIN;
    int count = 0;
  };
  RateLimits limits_;
  std::mutex mutex_;
  Window windows_[4];  // indexed by RateLabel
  Window day_;
};

}  // namespace zoom::sandbox::detail
