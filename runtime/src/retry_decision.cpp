#include "retry_decision.hpp"

#include "connection.hpp"

#include <boost/beast/http/error.hpp>

#include <strings.h>

namespace zoom::detail {

Verdict judge_response(const Response& response, bool idempotent, const RetryPolicy& policy,
                       std::chrono::system_clock::time_point now) {
  const unsigned status = response.status;
  const std::string_view retry_after = response.header("retry-after");
  const auto wait = parse_retry_after(retry_after, now);
  if (wait && *wait > policy.max_retry_after)
    return {false, "Retry-After asks for a wait longer than RetryPolicy::max_retry_after", wait};
  if (status == 429) {
    const std::string_view type = response.header("x-ratelimit-type");
    if (type.size() == 11 && ::strncasecmp(type.data(), "Daily-limit", 11) == 0)
      return {false, "daily rate limit reached", wait};
    return {true, "rate limited (429)", wait};
  }
  if (status == 502 || status == 503 || status == 504) return {true, "server unavailable (" + std::to_string(status) + ")", wait};
  if (status == 500) {
    if (idempotent) return {true, "server error (500)", wait};
    return {false, "server error (500) on a request that is not idempotent", wait};
  }
  return {false, "HTTP " + std::to_string(status) + " is not retried", wait};
}

Verdict judge_failure(const ConnectionError& error, bool idempotent) {
  using Step = ConnectionError::Step;
  switch (error.step()) {
    case Step::resolve:
    case Step::connect:
    case Step::tls_handshake:
    case Step::write: return {true, "no connection: " + error.code().message()};
    case Step::certificate: return {false, "the server's certificate was rejected"};
    case Step::tls_version: return {false, "the server speaks no TLS version this client accepts"};
    case Step::read: break;
  }
  if (error.code() == boost::beast::http::error::body_limit) return {false, "the response body is over the limit"};
  if (idempotent) return {true, "no complete response: " + error.code().message()};
  return {false, "no complete response to a request that is not idempotent"};
}

}  // namespace zoom::detail
