#include "retry_loop.hpp"

#include "retry_decision.hpp"

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <cstdint>
#include <random>

namespace zoom::detail {

using std::chrono::milliseconds;

RetryTiming RetryTiming::real() {
  return {
      .now = [] { return std::chrono::steady_clock::now(); },
      .wall = [] { return std::chrono::system_clock::now(); },
      .sleep = [](milliseconds delay) -> boost::asio::awaitable<void> {
        boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor, delay);
        co_await timer.async_wait(boost::asio::use_awaitable);
      },
      .jitter =
          [](milliseconds ceiling) {
            thread_local std::mt19937_64 random{std::random_device{}()};
            if (ceiling.count() <= 0) return milliseconds{0};
            return milliseconds{std::uniform_int_distribution<std::int64_t>{0, ceiling.count()}(random)};
          },
  };
}

Deadline::Deadline(const RetryPolicy& policy, const RetryTiming& timing, std::string call)
    : policy_(policy), timing_(timing), call_(std::move(call)), start_(timing.now()) {}

milliseconds Deadline::elapsed() const {
  return std::chrono::duration_cast<milliseconds>(timing_.now() - start_);
}

milliseconds Deadline::left() const {
  if (policy_.overall_deadline.count() <= 0) return milliseconds{0};
  return std::max(milliseconds{1}, policy_.overall_deadline - elapsed());
}

bool Deadline::allows(milliseconds delay) const {
  return policy_.overall_deadline.count() <= 0 || elapsed() + delay < policy_.overall_deadline;
}

void Deadline::check() const {
  if (policy_.overall_deadline.count() > 0 && elapsed() >= policy_.overall_deadline)
    exceeded("no success within RetryPolicy::overall_deadline");
}

void Deadline::next_retry_too_late() const {
  check();  // already past it: said as such
  exceeded("the next retry would pass RetryPolicy::overall_deadline");
}

void Deadline::exceeded(const std::string& why) const {
  throw DeadlineExceeded(call_ + ": " + why + " (" + std::to_string(policy_.overall_deadline.count()) + " ms)" +
                         (last_error.empty() ? "" : "; last error: " + last_error));
}

namespace {

// Whether the attempt is tried again by the policy's rules. A failure that is neither a response
// nor the transport's (a download broken midway) is not.
Verdict judge(const Attempt& attempt, const RetryCall& call, const RetryPolicy& policy,
              std::chrono::system_clock::time_point now) {
  if (attempt.response) return judge_response(*attempt.response, call.idempotent, policy, now);
  try {
    std::rethrow_exception(attempt.failure);
  } catch (const ConnectionError& e) {
    return judge_failure(e, call.idempotent);
  } catch (...) {
    return {};
  }
}

}  // namespace

boost::asio::awaitable<Response> retry_loop(const RetryPolicy& policy, const RetryTiming& timing,
                                            const Observer& observer, const RetryCall& call,
                                            const MakeAttempt& make_attempt) {
  Deadline deadline(policy, timing, call.name);
  for (int number = 1;; ++number) {
    Attempt attempt = co_await make_attempt(number, deadline);
    if (attempt.succeeded()) {
      observer.report(attempt.event);
      co_return std::move(*attempt.response);
    }
    const Verdict verdict = judge(attempt, call, policy, timing.wall());
    const milliseconds delay = verdict.wait ? *verdict.wait : timing.jitter(policy.ceiling(number));
    const bool again = verdict.retry && number < policy.max_attempts;
    if (again && deadline.allows(delay)) {
      attempt.event.retry_reason = verdict.reason;
      attempt.event.retry_delay = delay;
    }
    observer.report(attempt.event);
    deadline.last_error = attempt.event.error;
    if (attempt.response && call.any_status && attempt.event.retry_reason.empty())
      co_return std::move(*attempt.response);  // retries are done: the caller takes any status
    if (again && attempt.event.retry_reason.empty()) deadline.next_retry_too_late();
    if (!again) std::rethrow_exception(attempt.failure);
    co_await timing.sleep(delay);
  }
}

}  // namespace zoom::detail
