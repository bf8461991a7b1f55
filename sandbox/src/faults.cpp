#include "faults.hpp"

#include "rate_limit.hpp"
#include "time.hpp"

#include <stdexcept>
#include <utility>

namespace zoom::sandbox {

Fault Fault::too_many_requests(std::string_view style, std::chrono::seconds retry_after, std::string_view type,
                               std::chrono::system_clock::time_point now) {
  const bool lower = style == "lower-case";
  if (!lower && style != "seconds" && style != "http-date" && style != "iso" && style != "none")
    throw std::invalid_argument("zoom::sandbox: Fault::too_many_requests: unknown style '" + std::string(style) +
                                "' (expected seconds, http-date, iso, none or lower-case)");
  const bool daily = type == "Daily-limit";
  Fault fault;
  fault.kind = Kind::respond;
  fault.status = 429;
  fault.body = detail::rate_limit_body(daily);
  auto add = [&](std::string_view name, std::string_view lower_name, std::string value) {
    fault.headers.emplace_back(lower ? lower_name : name, std::move(value));
  };
  add("Content-Type", "content-type", "application/json");
  add("X-RateLimit-Category", "x-ratelimit-category", "Heavy");
  if (!type.empty()) add("X-RateLimit-Type", "x-ratelimit-type", std::string(type));
  add("X-RateLimit-Limit", "x-ratelimit-limit", daily ? "15000" : "5");
  add("X-RateLimit-Remaining", "x-ratelimit-remaining", "0");
  const auto at = std::chrono::floor<std::chrono::seconds>(now) + retry_after;
  if (style == "seconds" || lower)
    add("Retry-After", "retry-after", std::to_string(retry_after.count()));
  else if (style == "http-date")
    add("Retry-After", "retry-after", detail::format_http_date(at));
  else if (style == "iso")
    add("Retry-After", "retry-after", detail::format_date_time(at));
  return fault;
}

Fault Fault::status_code(unsigned status, std::string body) {
  Fault fault;
  fault.kind = Kind::respond;
  fault.status = status;
  fault.body = std::move(body);
  return fault;
}

namespace detail {

void FaultQueue::add(std::string path_prefix, Fault fault, std::size_t times) {
  if (fault.kind == Fault::Kind::respond && (fault.status < 100 || fault.status > 999))
    throw std::invalid_argument("zoom::sandbox: inject: a respond fault needs a status from 100 to 999, not " +
                                std::to_string(fault.status));
  if (fault.kind == Fault::Kind::echo_request && (fault.status < 200 || fault.status > 999))
    throw std::invalid_argument("zoom::sandbox: inject: an echo_request fault needs a status from 200 to 999, not " +
                                std::to_string(fault.status));
  const bool has_body = (fault.kind == Fault::Kind::respond && !fault.body.empty()) ||
                        fault.kind == Fault::Kind::echo_request;
  if (has_body && (fault.status < 200 || fault.status == 204 || fault.status == 304))
    throw std::invalid_argument("zoom::sandbox: inject: a " + std::to_string(fault.status) +
                                " response cannot have a body");
  if (fault.delay.count() < 0) throw std::invalid_argument("zoom::sandbox: inject: negative delay");
  if (times == 0) return;
  const std::lock_guard lock(mutex_);
  entries_.push_back({std::move(path_prefix), std::move(fault), times});
}

std::optional<Fault> FaultQueue::take(std::string_view target) {
  const std::string_view path = target.substr(0, target.find_first_of("?#"));
  const std::lock_guard lock(mutex_);
  for (auto it = entries_.begin(); it != entries_.end(); ++it) {
    // A prefix with a query part is matched against the whole target, others against the path.
    const std::string_view subject = it->prefix.find('?') == std::string::npos ? path : target;
    if (!subject.starts_with(it->prefix)) continue;
    if (--it->remaining > 0) return it->fault;
    std::optional<Fault> fault{std::move(it->fault)};
    entries_.erase(it);
    return fault;
  }
  return std::nullopt;
}

void FaultQueue::clear() {
  const std::lock_guard lock(mutex_);
  entries_.clear();
}

std::size_t FaultQueue::pending() const {
  const std::lock_guard lock(mutex_);
  std::size_t n = 0;
  for (const Entry& e : entries_) n += e.remaining;
  return n;
}

}  // namespace detail
}  // namespace zoom::sandbox
