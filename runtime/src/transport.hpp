// The HTTP layer of a client: one TLS context, one connection pool per server, and one
// exchange of a request for a response. Knows nothing of Zoom, tokens or JSON.
#pragma once

#include "connection.hpp"
#include "connection_pool.hpp"
#include "endpoint.hpp"

#include <zoom/response.hpp>

#include <boost/asio/ssl/context.hpp>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace zoom::detail {

/// The response as the client hands it on: status, headers in order, body.
Response to_response(HttpResponse&& http);

/// What the transport needs to know: the TLS trust, the bound on connections and the timeouts.
/// (The client fills it from its ClientOptions, whose names the messages use.)
struct TransportOptions {
  std::size_t max_connections_per_host = 4;  ///< Open connections per server at most (0 acts as 1).
  std::size_t max_response_body = 64 * 1024 * 1024;  ///< A larger body fails the exchange.
  std::string extra_ca_file{};  ///< A PEM file of a CA trusted beside the system's.
  std::string extra_ca_pem{};   ///< The same as PEM text.
  std::chrono::milliseconds connect_timeout{std::chrono::seconds{10}};  ///< TCP connect and TLS handshake.
  std::chrono::milliseconds request_timeout{std::chrono::seconds{60}};  ///< Writing the request, reading the response.
};

class Transport {
 public:
  /// Builds the TLS context: system CAs plus the options' extra CA, peer verification, TLS 1.2
  /// or later. Throws zoom::Error when the extra CA cannot be loaded.
  Transport(boost::asio::any_io_executor executor, const TransportOptions& options);

  /// Sends `request` to `endpoint` on a pooled connection and returns the response, whatever
  /// its status. A kept-alive connection that the server had closed before answering is replaced
  /// by a new one. Timeouts are capped by `time_left` when it is not zero. Throws ConnectionError,
  /// and what `sink` throws. With a `sink`, a 2xx body goes to it as it arrives and the response
  /// returned has an empty body (see Connection::exchange); the connection is reused after it.
  boost::asio::awaitable<Response> round_trip(const Endpoint& endpoint, const HttpRequest& request,
                                              std::chrono::milliseconds time_left = {},
                                              const BodySink* sink = nullptr);

  /// Connections opened successfully so far.
  std::size_t connections_opened() const noexcept { return connections_opened_; }

 private:
  ConnectionPool& pool_for(const Endpoint& endpoint);

  boost::asio::any_io_executor executor_;
  boost::asio::ssl::context tls_;
  ConnectionLimits limits_;
  std::size_t max_connections_;
  std::mutex mutex_;
  std::map<std::string, std::unique_ptr<ConnectionPool>> pools_;  // by "scheme://host:port"
  std::atomic<std::size_t> connections_opened_{0};
};

}  // namespace zoom::detail
