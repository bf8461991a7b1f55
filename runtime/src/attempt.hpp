// The observe stage: one attempt of a request, a round trip through the transport, timed and
// described by its AttemptEvent, which is reported to the hook once the attempt's fate is known
// (the retry stage adds whether and when it is tried again). See pipeline.hpp for the order.
#pragma once

#include "connection.hpp"
#include "endpoint.hpp"
#include "transport.hpp"

#include <zoom/error.hpp>
#include <zoom/observe.hpp>
#include <zoom/response.hpp>

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <exception>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace zoom::detail {

/// What one attempt came to: a response of any status, or a failure with no usable response.
struct Attempt {
  AttemptEvent event;                ///< Complete but for the retry decision.
  std::optional<Response> response;  ///< Whatever its status.
  /// Empty for a 2xx response; else the ApiError of the response, a ConnectionError, or a
  /// TransportError for a streamed body that broke after part of it was delivered.
  std::exception_ptr failure;
  long long api_code = 0;  ///< The ApiError's Zoom code (124: an invalid access token), 0 when none.

  bool succeeded() const noexcept { return response && response->status / 100 == 2; }
};

/// Reports events to ClientOptions::on_attempt. A hook must not break a call: what it throws is
/// dropped.
class Observer {
 public:
  explicit Observer(AttemptHook hook) : hook_(std::move(hook)) {}
  void report(const AttemptEvent& event) const noexcept;

 private:
  AttemptHook hook_;
};

/// What an attempt sends and how it is named in events and errors.
struct Exchange {
  const Endpoint* endpoint = nullptr;
  AttemptEvent::Kind kind = AttemptEvent::Kind::request;
  std::string_view operation;  ///< The operationId, or "oauth/token".
  std::string_view method;     ///< "GET", "POST", ...
  std::string target;          ///< The path and query sent: the event's URL.
  /// The error a non-2xx response is, with every secret of the request masked.
  std::function<ApiError(const Response&)> error_of;
};

/// Sends `request` once as attempt number `number`, waiting at most `time_left` (none when zero),
/// and describes what happened. A ConnectionError is caught into the result; what `sink` throws
/// and a cancellation propagate. With a sink, a connection that breaks after part of the body was
/// delivered is a TransportError saying how much (it cannot be tried again).
boost::asio::awaitable<Attempt> attempt(Transport& transport, const Exchange& exchange, const HttpRequest& request,
                                        int number, std::chrono::milliseconds time_left,
                                        const BodySink* sink = nullptr);

}  // namespace zoom::detail
