#include "attempt.hpp"

#include <cstdint>

namespace zoom::detail {

void Observer::report(const AttemptEvent& event) const noexcept {
  if (!hook_) return;
  try {
    hook_(event);
  } catch (...) {  // a hook must not break a call
  }
}

boost::asio::awaitable<Attempt> attempt(Transport& transport, const Exchange& exchange, const HttpRequest& request,
                                        int number, std::chrono::milliseconds time_left, const BodySink* sink) {
  Attempt out;
  out.event.kind = exchange.kind;
  out.event.operation = exchange.operation;
  out.event.method = exchange.method;
  out.event.url = exchange.endpoint->origin() + exchange.target;
  out.event.attempt = number;
  // What has reached the sink: once a byte has, the attempt cannot be made again.
  std::uint64_t delivered = 0;
  const BodySink counting = [&](std::string_view chunk) {
    delivered += chunk.size();
    (*sink)(chunk);
  };
  const auto started = std::chrono::steady_clock::now();
  try {
    out.response = co_await transport.round_trip(*exchange.endpoint, request, time_left, sink ? &counting : nullptr);
  } catch (const ConnectionError& e) {
    out.event.error = e.what();
    if (delivered > 0) {
      out.event.error += "; the download broke after " + std::to_string(delivered) +
                         " bytes were delivered to the sink (not retried)";
      out.failure = std::make_exception_ptr(TransportError(out.event.error));
    } else {
      out.failure = std::current_exception();
    }
  }
  out.event.latency =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
  if (out.response) {
    out.event.status = out.response->status;
    if (!out.succeeded()) {
      const ApiError error = exchange.error_of(*out.response);
      out.event.error = error.what();
      out.api_code = error.code().value_or(0);
      out.failure = std::make_exception_ptr(error);
    }
  }
  co_return out;
}

}  // namespace zoom::detail
