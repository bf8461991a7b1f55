// The retry stage: attempts made until one succeeds, the rules of RetryPolicy say stop, or the
// overall deadline would pass. Each attempt's event is reported here, once its fate is known.
// Time comes from a RetryTiming, so that tests run the loop without waiting.
#pragma once

#include "attempt.hpp"

#include <zoom/response.hpp>
#include <zoom/retry.hpp>

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <functional>
#include <string>

namespace zoom::detail {

/// The clocks and the sleep of the retry stage.
struct RetryTiming {
  std::function<std::chrono::steady_clock::time_point()> now;  ///< Measures the deadline.
  std::function<std::chrono::system_clock::time_point()> wall;  ///< Dates a Retry-After.
  std::function<boost::asio::awaitable<void>(std::chrono::milliseconds)> sleep;  ///< Waits before a retry.
  /// The wait before a retry, from its backoff ceiling.
  std::function<std::chrono::milliseconds(std::chrono::milliseconds ceiling)> jitter;

  /// The real ones: the system's clocks, a timer on the calling coroutine's executor, full jitter
  /// (uniform in [0, ceiling]).
  static RetryTiming real();
};

/// The overall deadline of one call (RetryPolicy::overall_deadline), from when it started.
class Deadline {
 public:
  Deadline(const RetryPolicy& policy, const RetryTiming& timing, std::string call);

  /// What is left of it, at least 1 ms; zero when the call has no deadline.
  std::chrono::milliseconds left() const;
  /// Whether waiting `delay` now still ends before it.
  bool allows(std::chrono::milliseconds delay) const;
  /// Throws DeadlineExceeded when it has passed, with the last error seen.
  void check() const;
  /// Throws DeadlineExceeded: the wait before the next retry would pass it.
  [[noreturn]] void next_retry_too_late() const;
  /// The error of the last failed attempt, for the messages.
  std::string last_error;

 private:
  std::chrono::milliseconds elapsed() const;
  [[noreturn]] void exceeded(const std::string& why) const;

  const RetryPolicy& policy_;
  const RetryTiming& timing_;
  std::string call_;
  std::chrono::steady_clock::time_point start_;
};

/// What the retry stage knows of a call.
struct RetryCall {
  std::string name;        ///< "GET /v2/phone/users/me/call_logs", for DeadlineExceeded.
  bool idempotent = true;  ///< Whether a request the server may have acted on can be sent again.
  bool any_status = false;  ///< A non-2xx response, once retries are done, is the result.
};

/// One attempt, numbered from 1, made within `deadline` (it checks it once it is ready to send).
using MakeAttempt = std::function<boost::asio::awaitable<Attempt>(int number, const Deadline& deadline)>;

/// Makes attempts until one succeeds, and returns its response (with RetryCall::any_status, the
/// response of any status once no retry follows). Throws the last attempt's failure,
/// DeadlineExceeded, or what an attempt throws.
boost::asio::awaitable<Response> retry_loop(const RetryPolicy& policy, const RetryTiming& timing,
                                            const Observer& observer, const RetryCall& call,
                                            const MakeAttempt& make_attempt);

}  // namespace zoom::detail
