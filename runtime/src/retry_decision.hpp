// Whether one failed attempt is tried again, and why: the rules of RetryPolicy applied to
// what happened. Pure, so each rule is tested on its own.
#pragma once

#include <zoom/response.hpp>
#include <zoom/retry.hpp>

#include <chrono>
#include <optional>
#include <string>

namespace zoom::detail {

class ConnectionError;

struct Verdict {
  bool retry = false;
  std::string reason;                               // why it is retried, or why not
  std::optional<std::chrono::milliseconds> wait{};  // what Retry-After asked for, if anything
};

/// For a non-2xx response. 429 (QPS or untyped), 502, 503, 504 are retried; 500 only for an
/// idempotent request; a daily-limit 429, other 4xx and a Retry-After over the policy's cap are not.
Verdict judge_response(const Response& response, bool idempotent, const RetryPolicy& policy,
                       std::chrono::system_clock::time_point now);

/// For a failure with no complete response. Failures before the request could reach the server
/// (resolve, connect, a reset handshake or write) are retried; a timeout or a connection lost
/// while reading only for an idempotent request; a rejected certificate or an oversized body never.
Verdict judge_failure(const ConnectionError& error, bool idempotent);

}  // namespace zoom::detail
