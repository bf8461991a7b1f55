#include "rate_limit.hpp"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <stdexcept>

namespace zoom::sandbox::detail {

std::string_view label_name(RateLabel label) noexcept {
  switch (label) {
    case RateLabel::light: return "Light";
    case RateLabel::medium: return "Medium";
    case RateLabel::heavy: return "Heavy";
    case RateLabel::resource_intensive: return "Resource-intensive";
  }
  return "Heavy";
}

std::string rate_limit_body(bool daily) {
  return boost::json::serialize(boost::json::object{
      {"code", 429},
      {"message", daily ? "You have reached the maximum daily rate limit for this API. Try again later."
                        : "You have reached the maximum per-second rate limit for this API. Try again later."}});
}

RateLimiter::RateLimiter(const RateLimits& limits) : limits_(limits) {
  if (limits.light_per_second < 0 || limits.medium_per_second < 0 || limits.heavy_per_second < 0 ||
      limits.resource_intensive_per_minute < 0 || limits.daily_cap < 0)
    throw std::invalid_argument("zoom::sandbox: Options::rate_limits: a limit is negative");
}

std::optional<RateLimiter::Rejection> RateLimiter::admit(RateLabel label,
                                                         std::chrono::steady_clock::time_point steady_now,
                                                         sys_seconds now) {
  const bool per_minute = label == RateLabel::resource_intensive;
  int limit = 0;
  switch (label) {
    case RateLabel::light: limit = limits_.light_per_second; break;
    case RateLabel::medium: limit = limits_.medium_per_second; break;
    case RateLabel::heavy: limit = limits_.heavy_per_second; break;
    case RateLabel::resource_intensive: limit = limits_.resource_intensive_per_minute; break;
  }
  const bool capped = limits_.daily_cap > 0 && (label == RateLabel::heavy || label == RateLabel::resource_intensive);
  const std::int64_t window =
      per_minute ? std::chrono::floor<std::chrono::minutes>(steady_now.time_since_epoch()).count()
                 : std::chrono::floor<std::chrono::seconds>(steady_now.time_since_epoch()).count();
  const sys_days today = std::chrono::floor<std::chrono::days>(now);
  const std::int64_t day = today.time_since_epoch().count();

  const std::lock_guard lock(mutex_);
  Window& w = windows_[static_cast<int>(label)];
  if (w.start != window) w = {window, 0};
  if (day_.start != day) day_ = {day, 0};
  if (capped && day_.count >= limits_.daily_cap)
    return Rejection{label, true, limits_.daily_cap, sys_seconds{today + std::chrono::days{1}}};
  if (limit > 0 && w.count >= limit) return Rejection{label, false, limit, {}};
  ++w.count;
  if (capped) ++day_.count;
  return std::nullopt;
}

}  // namespace zoom::sandbox::detail
