// What a client reports about its work, for logs and metrics. Events never carry credentials:
// no Authorization header, no token, no client secret.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <string_view>

namespace zoom {

/// One attempt of a call, or one token request, as reported to ClientOptions::on_attempt once
/// it has ended. The string views are valid only during the hook's call.
struct AttemptEvent {
  /// What was sent.
  enum class Kind {
    request,        ///< one attempt of an API call
    token_refresh,  ///< one request for a new access token
  };
  Kind kind = Kind::request;   ///< An API call's attempt or a token request.
  std::string_view operation;  ///< the operationId, or "oauth/token"
  std::string_view method;     ///< "GET", "POST", ...
  std::string url;             ///< scheme://host:port/path?query (no credentials are ever in it)
  int attempt = 1;             ///< 1 for the first try of a call, then 2, 3, ...
  unsigned status = 0;         ///< the HTTP status, 0 when no response arrived
  std::string error;           ///< what went wrong, empty for a 2xx response
  std::chrono::milliseconds latency{0};  ///< The whole attempt: waiting for a connection, connecting, the exchange.
  std::string retry_reason;    ///< why it will be tried again; empty when it will not be
  std::chrono::milliseconds retry_delay{0};  ///< how long the client waits before that
};

/// Called for every attempt and every token request, on the thread that ran it; it must not
/// block and must not throw (what it throws is ignored). Calls running on several threads call
/// it concurrently: it must then be thread-safe.
using AttemptHook = std::function<void(const AttemptEvent&)>;

}  // namespace zoom
