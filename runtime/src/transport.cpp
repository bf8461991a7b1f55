#include "transport.hpp"

#include <boost/asio/ssl/error.hpp>
#include <boost/beast/http/error.hpp>

#include <algorithm>

#include <openssl/ssl.h>

namespace zoom::detail {

namespace asio = boost::asio;

namespace {

asio::ssl::context make_tls_context(const TransportOptions& options) {
  asio::ssl::context tls(asio::ssl::context::tls_client);
  SSL_CTX_set_min_proto_version(tls.native_handle(), TLS1_2_VERSION);
  tls.set_verify_mode(asio::ssl::verify_peer);
  boost::system::error_code ec;
  tls.set_default_verify_paths(ec);
  if (ec) throw Error("cannot load the system's CA certificates: " + ec.message());
  if (!options.extra_ca_file.empty()) {
    tls.load_verify_file(options.extra_ca_file, ec);
    if (ec) throw Error("cannot load ClientOptions::extra_ca_file '" + options.extra_ca_file + "': " + ec.message());
  }
  if (!options.extra_ca_pem.empty()) {
    tls.add_certificate_authority(asio::buffer(options.extra_ca_pem), ec);
    if (ec) throw Error("cannot load ClientOptions::extra_ca_pem: " + ec.message());
  }
  return tls;
}

}  // namespace

Response to_response(HttpResponse&& http) {
  Response response;
  response.status = http.result_int();
  for (const auto& field : http) response.headers.emplace_back(std::string{field.name_string()}, std::string{field.value()});
  response.body = std::move(http.body());
  return response;
}

Transport::Transport(asio::any_io_executor executor, const TransportOptions& options)
    : executor_(std::move(executor)),
      tls_(make_tls_context(options)),
      limits_{options.connect_timeout, options.request_timeout, options.max_response_body},
      max_connections_(options.max_connections_per_host) {}

ConnectionPool& Transport::pool_for(const Endpoint& endpoint) {
  const std::string key = endpoint.origin();
  const std::lock_guard lock(mutex_);
  auto& pool = pools_[key];
  if (!pool) pool = std::make_unique<ConnectionPool>(executor_, max_connections_);
  return *pool;
}

namespace {

// How a server closes a kept-alive connection it no longer wants: before any byte of a response.
bool closed_by_peer(boost::system::error_code code) {
  namespace http = boost::beast::http;
  return code == http::error::end_of_stream || code == http::error::partial_message || code == asio::error::eof ||
         code == asio::error::connection_reset || code == asio::error::broken_pipe;
}

}  // namespace

asio::awaitable<Response> Transport::round_trip(const Endpoint& endpoint, const HttpRequest& request,
                                                std::chrono::milliseconds time_left, const BodySink* sink) {
  ConnectionPool& pool = pool_for(endpoint);
  ConnectionLimits limits = limits_;
  if (time_left.count() > 0) {
    limits.connect_timeout = std::min(limits.connect_timeout, time_left);
    limits.request_timeout = std::min(limits.request_timeout, time_left);
  }
  while (true) {
    ConnectionPool::Lease lease = co_await pool.acquire();
    std::unique_ptr<Connection>& connection = lease.connection();
    const bool reused = connection != nullptr;
    if (!reused) connection = std::make_unique<Connection>(executor_, tls_, endpoint);
    try {
      HttpResponse response = co_await connection->run(request, limits, !reused, sink);
      if (!reused) ++connections_opened_;
      if (response.keep_alive()) lease.keep();
      co_return to_response(std::move(response));
    } catch (const ConnectionError& e) {
      // A kept-alive connection the server closed while it sat idle: the server never saw the
      // request. The other idle ones sat as long, so they go too, and a new connection is opened.
      if (!reused || e.response_started() || !closed_by_peer(e.code())) throw;
      pool.drop_idle();
    }
  }
}

}  // namespace zoom::detail
