// The network side of the sandbox: the acceptor, one coroutine per connection (HTTP/1.1
// keep-alive, plain or TLS), and the Sandbox class itself. What to answer is service.cpp's job.
//
// Threads: every connection runs on its own strand, the acceptor on another. stop() reaches
// them by dispatching to those strands; shared state (the connection registry here, tokens
// and statistics in the service) sits behind mutexes that are never held across an await.
#include <zoom/sandbox/sandbox.hpp>

#include "random.hpp"
#include "service.hpp"
#include "tls.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/json/serialize.hpp>

#include <openssl/ssl.h>

#include <atomic>
#include <cstdio>
#include <exception>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <unordered_map>

namespace zoom::sandbox {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using namespace std::chrono_literals;

namespace {

constexpr auto handshake_timeout = 30s;
constexpr auto write_timeout = 30s;
constexpr auto shutdown_timeout = 5s;
constexpr std::size_t body_limit = 1 << 20;

// A connection as stop() sees it: its strand, and its stream while the session runs.
struct Connection {
  explicit Connection(asio::any_io_executor ex) : executor(std::move(ex)) {}
  asio::any_io_executor executor;
  beast::tcp_stream* stream = nullptr;  // read and written on `executor` only
};

std::string_view to_sv(beast::string_view s) { return {s.data(), s.size()}; }

auto awaitable_ec(boost::system::error_code& ec) { return asio::redirect_error(asio::use_awaitable, ec); }

}  // namespace

struct Sandbox::Impl : std::enable_shared_from_this<Sandbox::Impl> {
  Impl(asio::any_io_executor ex, Options opts)
      : executor(std::move(ex)),
        options(std::move(opts)),
        service(options),
        accept_strand(asio::make_strand(executor)),
        acceptor(accept_strand),
        tracking_prefix(detail::secure_hex(8)) {
    if (options.idle_timeout.count() <= 0)
      throw std::invalid_argument("zoom::sandbox: Options::idle_timeout must be positive");
    if (options.tls) {
      const detail::TlsMaterial material = detail::make_tls_material(options.tls_host_names);
      ca_pem = material.ca_pem;
      ssl.emplace(asio::ssl::context::tls_server);
      ssl->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                       asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                       asio::ssl::context::no_tlsv1_1);
      SSL_CTX_set_min_proto_version(ssl->native_handle(), TLS1_2_VERSION);
      ssl->use_certificate_chain(asio::buffer(material.certificate_pem));
      ssl->use_private_key(asio::buffer(material.private_key_pem), asio::ssl::context::pem);
    }
  }

  asio::any_io_executor executor;
  Options options;
  detail::Service service;
  std::string ca_pem;
  std::optional<asio::ssl::context> ssl;
  asio::strand<asio::any_io_executor> accept_strand;
  tcp::acceptor acceptor;  // used on accept_strand once accepting
  std::atomic<std::uint16_t> port{0};
  std::string url_host;    // host[:port] part of the URLs, set by start()
  const std::string tracking_prefix;
  std::atomic<std::uint64_t> responses{0};

  std::mutex mutex;  // guards the fields below
  bool started = false;
  bool stopped = false;
  std::uint64_t next_connection = 0;
  std::unordered_map<std::uint64_t, std::shared_ptr<Connection>> connections;

  std::string scheme() const { return options.tls ? "https" : "http"; }

  // Zoom's format, unique per response.
  std::string tracking_id() {
    char counter[17];
    std::snprintf(counter, sizeof counter, "%016llx", static_cast<unsigned long long>(responses.fetch_add(1)));
    return "v=2.0;clid=sandbox;rid=WEB_" + tracking_prefix + counter;
  }

  bool is_stopped() {
    const std::lock_guard lock(mutex);
    return stopped;
  }

  std::optional<std::uint64_t> add_connection(std::shared_ptr<Connection> connection) {
    const std::lock_guard lock(mutex);
    if (stopped) return std::nullopt;
    const std::uint64_t id = next_connection++;
    connections.emplace(id, std::move(connection));
    return id;
  }

  void remove_connection(std::uint64_t id) {
    const std::lock_guard lock(mutex);
    connections.erase(id);
  }

  void stop() {
    std::vector<std::shared_ptr<Connection>> open;
    {
      const std::lock_guard lock(mutex);
      if (stopped) return;
      stopped = true;
      if (!started) return;
      for (auto& [id, connection] : connections) open.push_back(connection);
      connections.clear();
    }
    asio::dispatch(accept_strand, [self = shared_from_this()] {
      boost::system::error_code ignored;
      self->acceptor.close(ignored);
    });
    for (auto& connection : open) {
      asio::dispatch(connection->executor, [connection] {
        if (connection->stream) connection->stream->close();
      });
    }
  }
};

namespace {

using Impl = Sandbox::Impl;

// Reads requests and writes responses until the peer closes, asks to close, or fails.
// True when the connection ended cleanly (so a TLS close_notify is worth sending).
template <class Stream>
asio::awaitable<bool> serve(Impl& impl, Stream& stream, beast::tcp_stream& lowest) {
  beast::flat_buffer buffer;
  for (;;) {
    http::request_parser<http::string_body> parser;
    parser.body_limit(body_limit);
    lowest.expires_after(impl.options.idle_timeout);
    boost::system::error_code ec;
    co_await http::async_read(stream, buffer, parser, awaitable_ec(ec));
    if (ec == http::error::end_of_stream) co_return true;

    http::response<http::string_body> res;
    bool keep_alive = false;
    if (ec) {
      // A malformed request gets an answer before the connection closes; I/O errors do not.
      if (ec.category() != http::make_error_code(http::error::bad_target).category() ||
          ec == http::error::partial_message)
        co_return false;
      const bool too_large = ec == http::error::body_limit || ec == http::error::header_limit;
      res.result(too_large ? http::status::payload_too_large : http::status::bad_request);
      res.version(11);
      res.body() = boost::json::serialize(boost::json::object{
          {"code", 300}, {"message", "Malformed HTTP request: " + ec.message() + "."}});
    } else {
      const http::request<http::string_body>& req = parser.get();
      detail::HttpReply reply = impl.service.handle({to_sv(req.method_string()), to_sv(req.target()),
                                                     to_sv(req[http::field::authorization]),
                                                     to_sv(req[http::field::content_type]), req.body()});
      res.result(static_cast<http::status>(reply.status));
      res.version(req.version());
      for (const auto& [name, value] : reply.headers) res.set(name, value);
      res.body() = std::move(reply.body);
      keep_alive = req.keep_alive();
    }
    res.set(http::field::server, "zoom-sandbox");
    res.set(http::field::content_type, "application/json");
    res.set("x-zm-trackingid", impl.tracking_id());
    res.keep_alive(keep_alive);
    res.prepare_payload();

    lowest.expires_after(write_timeout);
    co_await http::async_write(stream, res, awaitable_ec(ec));
    if (ec) co_return false;
    if (!keep_alive) co_return true;
  }
}

asio::awaitable<void> session(std::shared_ptr<Impl> impl, tcp::socket socket) {
  auto connection = std::make_shared<Connection>(socket.get_executor());
  const auto id = impl->add_connection(connection);
  if (!id) co_return;  // stopping; the socket closes as this frame ends

  // Registered, then the stream is published, with no suspension in between: a close
  // dispatched by stop() to this strand always finds the stream (or nothing, after the end).
  struct Unregister {
    Impl& impl;
    Connection& connection;
    std::uint64_t id;
    ~Unregister() {
      connection.stream = nullptr;
      impl.remove_connection(id);
    }
  };
  boost::system::error_code ec;
  if (impl->ssl) {
    beast::ssl_stream<beast::tcp_stream> stream(beast::tcp_stream(std::move(socket)), *impl->ssl);
    beast::tcp_stream& lowest = beast::get_lowest_layer(stream);
    connection->stream = &lowest;
    const Unregister unregister{*impl, *connection, *id};
    lowest.expires_after(handshake_timeout);
    co_await stream.async_handshake(asio::ssl::stream_base::server, awaitable_ec(ec));
    if (ec) co_return;
    if (co_await serve(*impl, stream, lowest)) {
      lowest.expires_after(shutdown_timeout);
      co_await stream.async_shutdown(awaitable_ec(ec));
    }
  } else {
    beast::tcp_stream stream(std::move(socket));
    connection->stream = &stream;
    const Unregister unregister{*impl, *connection, *id};
    if (co_await serve(*impl, stream, stream)) stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  }
}

asio::awaitable<void> accept_loop(std::shared_ptr<Impl> impl) {
  for (;;) {
    boost::system::error_code ec;
    tcp::socket socket = co_await impl->acceptor.async_accept(asio::make_strand(impl->executor), awaitable_ec(ec));
    if (ec) {
      if (ec == asio::error::operation_aborted || impl->is_stopped() || !impl->acceptor.is_open()) co_return;
      // Transient (out of file descriptors, a connection reset while queued): pause, go on.
      asio::steady_timer pause(co_await asio::this_coro::executor, 50ms);
      co_await pause.async_wait(awaitable_ec(ec));
      continue;
    }
    impl->service.count_connection();
    socket.set_option(tcp::no_delay(true), ec);
    const asio::any_io_executor strand = socket.get_executor();
    asio::co_spawn(strand, session(impl, std::move(socket)), [](std::exception_ptr) {});
  }
}

}  // namespace

Sandbox::Sandbox(asio::any_io_executor executor, Options options)
    : impl_(std::make_shared<Impl>(std::move(executor), std::move(options))) {}

Sandbox::~Sandbox() { impl_->stop(); }

void Sandbox::start() {
  Impl& impl = *impl_;
  {
    const std::lock_guard lock(impl.mutex);
    if (impl.stopped) throw std::logic_error("zoom::sandbox: start() after stop()");
    if (impl.started) throw std::logic_error("zoom::sandbox: start() called twice");
  }
  const std::string where = impl.options.address + ":" + std::to_string(impl.options.port);
  boost::system::error_code ec;
  const asio::ip::address address = asio::ip::make_address(impl.options.address, ec);
  if (ec) throw std::runtime_error("zoom-sandbox: invalid listen address '" + impl.options.address + "': " + ec.message());
  const tcp::endpoint endpoint(address, impl.options.port);
  auto fail = [&](const char* step) {
    boost::system::error_code ignored;
    impl.acceptor.close(ignored);
    throw std::runtime_error("zoom-sandbox: cannot listen on " + where + " (" + step + "): " + ec.message());
  };
  if (impl.acceptor.open(endpoint.protocol(), ec); ec) fail("open");
  if (impl.acceptor.set_option(tcp::acceptor::reuse_address(true), ec); ec) fail("SO_REUSEADDR");
  if (impl.acceptor.bind(endpoint, ec); ec) fail("bind");
  if (impl.acceptor.listen(asio::socket_base::max_listen_connections, ec); ec) fail("listen");
  impl.port = impl.acceptor.local_endpoint(ec).port();
  if (ec) fail("local_endpoint");

  // URLs name a host a client can reach: loopback for a wildcard address, IPv6 in brackets.
  std::string host = address.is_unspecified() ? (address.is_v6() ? "::1" : "127.0.0.1") : address.to_string();
  if (host.find(':') != std::string::npos) host = "[" + host + "]";
  impl.url_host = host + ":" + std::to_string(impl.port.load());
  impl.service.set_api_url(impl.scheme() + "://" + impl.url_host);
  {
    const std::lock_guard lock(impl.mutex);
    impl.started = true;
  }
  asio::co_spawn(impl.accept_strand, accept_loop(impl_), [](std::exception_ptr) {});
}

void Sandbox::stop() { impl_->stop(); }

std::uint16_t Sandbox::port() const { return impl_->port.load(); }

std::string Sandbox::base_url() const { return oauth_url() + "/v2"; }

std::string Sandbox::oauth_url() const { return impl_->scheme() + "://" + impl_->url_host; }

const std::string& Sandbox::ca_pem() const { return impl_->ca_pem; }

const Credentials& Sandbox::credentials() const { return impl_->options.credentials; }

const std::vector<User>& Sandbox::users() const { return impl_->service.users(); }

std::string Sandbox::issue_token() { return impl_->service.issue_token(); }

void Sandbox::expire_tokens() { impl_->service.expire_tokens(); }

std::vector<boost::json::object> Sandbox::call_logs(std::string_view user, std::chrono::year_month_day from,
                                                    std::chrono::year_month_day to, const Filters& filters) const {
  return impl_->service.call_logs(user, from, to, filters);
}

Stats Sandbox::stats() const { return impl_->service.stats(); }

}  // namespace zoom::sandbox
