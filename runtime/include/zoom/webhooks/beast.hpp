// zoom::webhooks on a Beast HTTP server: one function that takes the request the server read and
// gives the response to write. The application mounts it on a path of its own server (the URL
// it gave Zoom as the endpoint); it owns no port and no socket. Header-only.
//
//   if (request.target() == "/zoom/events")
//     response = co_await zoom::webhooks::handle(receiver, request);
#pragma once

#include <zoom/webhooks.hpp>

#include <boost/asio/awaitable.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/status.hpp>
#include <boost/beast/http/string_body.hpp>

#include <optional>
#include <string_view>
#include <utility>

namespace zoom::webhooks {

/// Answers one request with `receiver` (see Receiver::handle): the method, the
/// `x-zm-request-timestamp` and `x-zm-signature` headers (names in any case, as Beast's fields
/// compare them) and the body exactly as received. The response has the request's HTTP version
/// and keep-alive, the status and body of the Reply, its Content-Type, and `Allow: POST` with a
/// 405. The request must stay alive until the awaitable completes. Read the request with a body
/// limit suited to events (Beast's default, 1 MiB, is plenty).
inline boost::asio::awaitable<boost::beast::http::response<boost::beast::http::string_body>> handle(
    Receiver& receiver, const boost::beast::http::request<boost::beast::http::string_body>& request) {
  namespace http = boost::beast::http;
  const auto header = [&request](std::string_view name) -> std::optional<std::string_view> {
    const auto found = request.find(name);
    if (found == request.end()) return std::nullopt;
    return std::string_view{found->value().data(), found->value().size()};
  };
  Delivery delivery;
  delivery.method = std::string_view{request.method_string().data(), request.method_string().size()};
  delivery.timestamp = header("x-zm-request-timestamp");
  delivery.signature = header("x-zm-signature");
  delivery.body = request.body();
  Reply reply = co_await receiver.handle(delivery);

  http::response<http::string_body> response{static_cast<http::status>(reply.status), request.version()};
  response.keep_alive(request.keep_alive());
  if (!reply.content_type.empty()) response.set(http::field::content_type, reply.content_type);
  if (reply.status == 405) response.set(http::field::allow, "POST");
  response.body() = std::move(reply.body);
  response.prepare_payload();
  co_return response;
}

}  // namespace zoom::webhooks
