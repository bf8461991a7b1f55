// How a request travels. The stages, in order, each in a file of its own:
//   retry      (retry_loop.hpp)    attempts until one succeeds, the policy says stop, or the
//                                  deadline would pass; reports each attempt's event;
//   rate limit (zoom/rate_limit.hpp) each attempt of an API call waits for its turn;
//   authorize  (authorize.hpp)     each attempt of an API call carries a valid token; a rejected
//                                  token is renewed and the attempt replayed once;
//   observe    (attempt.hpp)       one round trip, timed and described by its AttemptEvent;
//   transport  (transport.hpp)     pooled keep-alive connections, TLS, timeouts.
// API calls (client.cpp) pass them all. OAuth token requests (token_provider.cpp) pass retry,
// observe and transport, through Pipeline::send. The rate limit and the token sit inside the
// retry loop: every attempt is a request Zoom counts, and a retry after a long wait may need a
// renewed token.
#pragma once

#include "attempt.hpp"
#include "retry_loop.hpp"
#include "transport.hpp"

#include <zoom/observe.hpp>
#include <zoom/response.hpp>
#include <zoom/retry.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

namespace zoom::detail {

/// The stages below the token, shared by a client's API calls and token requests.
struct Pipeline {
  Pipeline(boost::asio::any_io_executor executor, const TransportOptions& transport_options, AttemptHook hook,
           RetryPolicy retry_policy, RetryTiming retry_timing)
      : transport(std::move(executor), transport_options), observer(std::move(hook)), retry(retry_policy),
        timing(std::move(retry_timing)) {}

  /// `request` for `exchange` through the retry, observe and transport stages: the 2xx response.
  /// Throws as retry_loop does.
  boost::asio::awaitable<Response> send(const RetryCall& call, const Exchange& exchange, const HttpRequest& request);

  Transport transport;
  Observer observer;
  RetryPolicy retry;
  RetryTiming timing;
};

}  // namespace zoom::detail
