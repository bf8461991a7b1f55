#include <zoom/error.hpp>
#include <zoom/rate_limit.hpp>
#include <zoom/time.hpp>

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace zoom {

namespace {
// Requests leave the client before they reach Zoom, and not all take the same time on the way:
// a window a little longer than Zoom's keeps the server's count under the limit too.
constexpr auto kJitterMargin = std::chrono::milliseconds{25};
}  // namespace

RateLimiter::RateLimiter(RateLimits limits) : limits_(limits) {
  using namespace std::chrono;
  light_ = {limits.light_per_second, seconds{1} + kJitterMargin, {}};
  medium_ = {limits.medium_per_second, seconds{1} + kJitterMargin, {}};
  heavy_ = {limits.heavy_per_second, seconds{1} + kJitterMargin, {}};
  resource_intensive_ = {limits.resource_intensive_per_minute, minutes{1} + kJitterMargin, {}};
}

RateLimiter::Window* RateLimiter::window_for(RateLimitLabel label) {
  switch (label) {
    case RateLimitLabel::light: return &light_;
    case RateLimitLabel::medium: return &medium_;
    case RateLimitLabel::heavy: return &heavy_;
    case RateLimitLabel::resource_intensive: return &resource_intensive_;
    case RateLimitLabel::unspecified: break;
  }
  return nullptr;
}

std::optional<std::chrono::steady_clock::time_point> RateLimiter::try_take(RateLimitLabel label) {
  using namespace std::chrono;
  const std::lock_guard lock(mutex_);
  const bool capped = limits_.daily_cap > 0 &&
                      (label == RateLimitLabel::heavy || label == RateLimitLabel::resource_intensive);
  if (capped) {
    const auto today = floor<days>(system_clock::now());
    if (today != daily_day_) {
      daily_day_ = today;
      daily_used_ = 0;
    }
    if (daily_used_ >= limits_.daily_cap) {
      const auto resets = daily_day_ + days{1};
      throw DailyLimitReached("the daily cap of " + std::to_string(limits_.daily_cap) +
                                  " Heavy and Resource-intensive requests (ClientOptions::rate_limits) is used up; "
                                  "it resets at " + format_date_time(resets),
                              resets);
    }
  }
  Window* window = window_for(label);
  const auto now = steady_clock::now();
  if (window && window->limit > 0) {
    while (!window->starts.empty() && now - window->starts.front() >= window->length) window->starts.pop_front();
    if (static_cast<int>(window->starts.size()) >= window->limit) return window->starts.front() + window->length;
    window->starts.push_back(now);
  }
  if (capped) ++daily_used_;
  return std::nullopt;
}

boost::asio::awaitable<void> RateLimiter::acquire(RateLimitLabel label) {
  std::optional<boost::asio::steady_timer> timer;
  while (const auto free_at = try_take(label)) {
    if (!timer) timer.emplace(co_await boost::asio::this_coro::executor);
    timer->expires_at(*free_at);
    co_await timer->async_wait(boost::asio::use_awaitable);
  }
}

}  // namespace zoom
