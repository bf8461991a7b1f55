// The network side of the sandbox: the acceptor, one coroutine per connection (HTTP/1.1
// keep-alive, plain or TLS), injected faults (delays, resets, truncation, canned answers), and
// the Sandbox class itself. What to answer is service.cpp's job.
//
// Threads: every connection runs on its own strand, the acceptor on another. stop() reaches
// them by dispatching to those strands; shared state (the connection registry here, the fault
// queue, tokens and statistics in the service) sits behind mutexes that are never held across
// an await.
#include <zoom/sandbox/sandbox.hpp>

#include "faults.hpp"
#include "random.hpp"
#include "service.hpp"
#include "tls.hpp"
#include "webhook_delivery.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/serializer.hpp>
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
#include <sstream>
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

// A connection as stop() sees it: its strand, its stream while the session runs, and the timer
// of a fault's delay while one is waited.
struct Connection {
  explicit Connection(asio::any_io_executor ex) : executor(std::move(ex)) {}
  asio::any_io_executor executor;
  beast::tcp_stream* stream = nullptr;  // read and written on `executor` only
  asio::steady_timer* timer = nullptr;  // likewise
};

std::string_view to_sv(beast::string_view s) { return {s.data(), s.size()}; }

// Resets the connection: RST instead of FIN, discarding anything unsent.
void reset(beast::tcp_stream& stream) {
  boost::system::error_code ignored;
  stream.socket().set_option(asio::socket_base::linger(true, 0), ignored);
  stream.close();
}

// Closes the connection with a FIN (and, under TLS, no close_notify).
void close_gracefully(beast::tcp_stream& stream) {
  boost::system::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
  stream.close();
}

// How a response leaves: whole, or cut short by a fault.
enum class Ending { whole, reset_after_headers, truncated_body };

auto awaitable_ec(boost::system::error_code& ec) { return asio::redirect_error(asio::use_awaitable, ec); }

}  // namespace

struct Sandbox::Impl : std::enable_shared_from_this<Sandbox::Impl> {
  Impl(asio::any_io_executor ex, Options opts)
      : executor(std::move(ex)),
        options(std::move(opts)),
        service(options),
        accept_strand(asio::make_strand(executor)),
        acceptor(accept_strand),
        tracking_prefix(detail::secure_hex(8)),
        webhooks(
            std::make_shared<detail::WebhookDelivery>(executor, options.clock, options.credentials.account_id,
                                                      [this](detail::sys_seconds after, detail::sys_seconds until) {
                                                        return service.completed_calls(after, until);
                                                      })) {
    if (options.webhook) webhooks->subscribe(*options.webhook);
    if (options.idle_timeout.count() <= 0)
      throw std::invalid_argument("zoom::sandbox: Options::idle_timeout must be positive");
    if (options.tls) {
      const detail::TlsMaterial material =
          detail::make_tls_material(options.tls_host_names, {options.tls_valid_from, options.tls_valid_until});
      ca_pem = material.ca_pem;
      if (options.tls_legacy_server)
        ssl.emplace(legacy_context(options.tls_max_version));
      else
        ssl.emplace(asio::ssl::context::tls_server);
      ssl->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                       asio::ssl::context::no_sslv3);
      set_versions(ssl->native_handle(), options.tls_max_version);
      ssl->use_certificate_chain(asio::buffer(material.certificate_pem));
      ssl->use_private_key(asio::buffer(material.private_key_pem), asio::ssl::context::pem);
    }
  }

  // A context of OpenSSL's fixed-version methods, which negotiate as servers before TLS 1.3 did
  // (ignoring the client's supported_versions); deprecated, and the only way to get that.
  static asio::ssl::context legacy_context(TlsVersion version) {
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
    const SSL_METHOD* const methods[] = {TLSv1_server_method(), TLSv1_1_server_method(), TLSv1_2_server_method(),
                                         TLS_server_method()};
#pragma GCC diagnostic pop
    SSL_CTX* context = SSL_CTX_new(methods[static_cast<int>(version)]);
    if (!context) throw std::runtime_error("zoom-sandbox: TLS setup failed: SSL_CTX_new for a legacy server");
    return asio::ssl::context(context);
  }

  // TLS 1.2 up to `max`; an outdated server (max below 1.2) speaks TLS 1.0 up to `max` only,
  // at security level 0: OpenSSL 3 refuses TLS 1.0/1.1 (SHA-1 signatures) at any higher level.
  static void set_versions(SSL_CTX* context, TlsVersion max) {
    constexpr int versions[] = {TLS1_VERSION, TLS1_1_VERSION, TLS1_2_VERSION, TLS1_3_VERSION};
    const int newest = versions[static_cast<int>(max)];
    const bool outdated = newest < TLS1_2_VERSION;
    if (outdated) SSL_CTX_set_security_level(context, 0);
    if (SSL_CTX_set_min_proto_version(context, outdated ? TLS1_VERSION : TLS1_2_VERSION) != 1 ||
        SSL_CTX_set_max_proto_version(context, newest) != 1)
      throw std::invalid_argument("zoom::sandbox: Options::tls_max_version: OpenSSL cannot speak that version");
  }

  asio::any_io_executor executor;
  Options options;
  detail::Service service;
  detail::FaultQueue faults;
  std::string ca_pem;
  std::optional<asio::ssl::context> ssl;
  asio::strand<asio::any_io_executor> accept_strand;
  tcp::acceptor acceptor;  // used on accept_strand once accepting
  std::atomic<std::uint16_t> port{0};
  std::string url_host;    // host[:port] part of the URLs, set by start()
  const std::string tracking_prefix;
  std::atomic<std::uint64_t> responses{0};
  // Webhook delivery (webhook_delivery.cpp); its worker keeps this Impl alive until stop().
  const std::shared_ptr<detail::WebhookDelivery> webhooks;

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
    webhooks->stop();
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
        if (connection->timer) connection->timer->cancel();
      });
    }
  }
};

namespace {

using Impl = Sandbox::Impl;

// While alive, one /oauth/token request counts as being handled.
class TokenRequestScope {
 public:
  explicit TokenRequestScope(detail::Service& service) : service_(service) { service_.token_request_started(); }
  ~TokenRequestScope() { service_.token_request_finished(); }
  TokenRequestScope(const TokenRequestScope&) = delete;
  TokenRequestScope& operator=(const TokenRequestScope&) = delete;

 private:
  detail::Service& service_;
};

// A fault's delay, on the connection's strand; stop() cancels it. False when stopped meanwhile.
asio::awaitable<bool> pause(Impl& impl, Connection& connection, std::chrono::milliseconds delay) {
  asio::steady_timer timer(co_await asio::this_coro::executor, delay);
  connection.timer = &timer;
  struct Unpublish {
    Connection& connection;
    ~Unpublish() { connection.timer = nullptr; }
  } const unpublish{connection};
  // stop() sets `stopped` before it dispatches the cancel to this strand: either it is seen
  // here, or the cancel runs after the wait has begun.
  if (impl.is_stopped()) co_return false;
  boost::system::error_code ec;
  co_await timer.async_wait(awaitable_ec(ec));
  co_return !ec && !impl.is_stopped();
}

// A `respond` fault's answer: the sandbox's own headers, then the fault's, which replace any
// of the same name and keep their spelling.
void fill_from_fault(http::response<http::string_body>& res, const Fault& fault, std::string tracking_id) {
  res.result(fault.status);
  res.set(http::field::server, "zoom-sandbox");
  if (!fault.body.empty()) res.set(http::field::content_type, "application/json");
  res.set("x-zm-trackingid", std::move(tracking_id));
  for (std::size_t i = 0; i < fault.headers.size(); ++i) {
    const auto& [name, value] = fault.headers[i];
    bool repeated = false;  // a second header of one name is added, not replacing the first
    for (std::size_t j = 0; j < i && !repeated; ++j) repeated = beast::iequals(fault.headers[j].first, name);
    if (repeated)
      res.insert(name, value);
    else
      res.set(name, value);
  }
  res.body() = fault.body;
}

// An echo_request fault's body: the request as received, in a Zoom-like error body.
std::string echo_body(const http::request<http::string_body>& req) {
  std::ostringstream text;
  text << req;
  return boost::json::serialize(boost::json::object{{"message", text.str()}});
}

// Reads requests and writes responses until the peer closes, asks to close, or fails, applying
// the faults scripted for them. True when the connection ended cleanly (so a TLS close_notify
// is worth sending).
template <class Stream>
asio::awaitable<bool> serve(Impl& impl, Connection& connection, Stream& stream, beast::tcp_stream& lowest) {
  beast::flat_buffer buffer;
  for (;;) {
    http::request_parser<http::string_body> parser;
    parser.body_limit(body_limit);
    lowest.expires_after(impl.options.idle_timeout);
    boost::system::error_code ec;
    const std::size_t buffered = buffer.size();
    const std::size_t parsed = co_await http::async_read(stream, buffer, parser, awaitable_ec(ec));
    impl.service.count_request_bytes(parsed + buffer.size() - buffered);  // what this read took in
    if (ec == http::error::end_of_stream) co_return true;

    http::response<http::string_body> res;
    bool keep_alive = false;
    Ending ending = Ending::whole;
    bool fault_headers = false;  // a `respond` fault set the headers
    std::optional<TokenRequestScope> token_request;
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
      const detail::HttpRequest request{to_sv(req.method_string()), to_sv(req.target()),
                                        to_sv(req[http::field::authorization]),
                                        to_sv(req[http::field::content_type]), req.body()};
      if (impl.service.record(request) == detail::Service::RequestKind::token) token_request.emplace(impl.service);
      res.version(req.version());
      keep_alive = req.keep_alive();

      std::optional<Fault> fault = impl.faults.take(request.target);
      bool answered = false;  // by the fault, not the handler
      if (fault) {
        answered = fault->kind == Fault::Kind::respond || fault->kind == Fault::Kind::malformed_json ||
                   fault->kind == Fault::Kind::echo_request;
        impl.service.count_fault();
        if (fault->delay.count() > 0 && !co_await pause(impl, connection, fault->delay)) co_return false;
        switch (fault->kind) {
          case Fault::Kind::respond:
            fill_from_fault(res, *fault, impl.tracking_id());
            fault_headers = true;
            keep_alive = keep_alive && res.keep_alive();  // the fault may say Connection: close
            break;
          case Fault::Kind::reset_before_headers:
            token_request.reset();
            reset(lowest);
            co_return false;
          case Fault::Kind::echo_request:
            res.result(fault->status);
            res.body() = echo_body(req);
            break;
          case Fault::Kind::malformed_json:
            res.result(http::status::ok);
            res.body() = detail::malformed_json_body;
            break;
          case Fault::Kind::expire_token:
            impl.service.expire_tokens();
            break;
          case Fault::Kind::delay_only:
            break;
          case Fault::Kind::reset_after_headers:
            ending = Ending::reset_after_headers;
            break;
          case Fault::Kind::truncated_body:
            ending = Ending::truncated_body;
            break;
        }
      }
      if (!answered) {
        detail::HttpReply reply = impl.service.respond(request);
        res.result(static_cast<http::status>(reply.status));
        for (const auto& [name, value] : reply.headers) res.set(name, value);
        res.body() = std::move(reply.body);
      }
    }
    if (!fault_headers) {
      res.set(http::field::server, "zoom-sandbox");
      res.set(http::field::content_type, "application/json");
      res.set("x-zm-trackingid", impl.tracking_id());
    }
    res.keep_alive(keep_alive);
    res.prepare_payload();

    token_request.reset();  // handled: the client cannot see the answer before this
    lowest.expires_after(write_timeout);
    if (ending == Ending::whole) {
      co_await http::async_write(stream, res, awaitable_ec(ec));
      if (ec) co_return false;
      if (!keep_alive) co_return true;
      continue;
    }
    http::response_serializer<http::string_body> serializer{res};
    co_await http::async_write_header(stream, serializer, awaitable_ec(ec));
    if (!ec && ending == Ending::truncated_body) {
      const std::string& body = res.body();
      co_await asio::async_write(stream, asio::buffer(body.data(), body.size() / 2), awaitable_ec(ec));
    }
    if (ending == Ending::reset_after_headers)
      reset(lowest);
    else
      close_gracefully(lowest);
    co_return false;
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
      connection.timer = nullptr;
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
    impl->service.count_tls_handshake(!ec);
    if (ec) co_return;
    if (co_await serve(*impl, *connection, stream, lowest)) {
      lowest.expires_after(shutdown_timeout);
      co_await stream.async_shutdown(awaitable_ec(ec));
    }
  } else {
    beast::tcp_stream stream(std::move(socket));
    connection->stream = &stream;
    const Unregister unregister{*impl, *connection, *id};
    if (co_await serve(*impl, *connection, stream, stream)) stream.socket().shutdown(tcp::socket::shutdown_send, ec);
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
  impl.webhooks->start(impl_);
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

std::string Sandbox::issue_refresh_token() { return impl_->service.issue_refresh_token(); }

void Sandbox::inject(std::string path_prefix, Fault fault, std::size_t times) {
  impl_->faults.add(std::move(path_prefix), std::move(fault), times);
}

void Sandbox::clear_faults() { impl_->faults.clear(); }

std::size_t Sandbox::faults_pending() const { return impl_->faults.pending(); }

std::vector<boost::json::object> Sandbox::call_logs(std::string_view user, std::chrono::year_month_day from,
                                                    std::chrono::year_month_day to, const Filters& filters) const {
  return impl_->service.call_logs(user, from, to, filters);
}

std::vector<boost::json::object> Sandbox::call_history(std::string_view user, std::chrono::sys_seconds from,
                                                       std::chrono::sys_seconds to,
                                                       const HistoryFilters& filters) const {
  return impl_->service.call_history(user, from, to, filters);
}

std::vector<boost::json::object> Sandbox::call_history(std::string_view user, std::chrono::year_month_day from,
                                                       std::chrono::year_month_day to,
                                                       const HistoryFilters& filters) const {
  if (!from.ok() || !to.ok()) throw std::invalid_argument("zoom::sandbox: call_history: invalid date");
  return call_history(user, std::chrono::sys_days{from},
                      std::chrono::sys_days{to} + std::chrono::days{1} - std::chrono::seconds{1}, filters);
}

std::vector<boost::json::object> Sandbox::account_call_logs(std::chrono::year_month_day from,
                                                            std::chrono::year_month_day to,
                                                            const AccountFilters& filters) const {
  return impl_->service.account_call_logs(from, to, filters);
}

std::optional<boost::json::object> Sandbox::call_path(std::string_view id) const {
  return impl_->service.call_path(id);
}

std::vector<boost::json::object> Sandbox::sync_records(std::string_view user) const {
  return impl_->service.sync_records(user);
}

Stats Sandbox::stats() const { return impl_->service.stats(); }

std::vector<std::string> Sandbox::issued_tokens() const { return impl_->service.issued_tokens(); }

// Webhook delivery: webhook_delivery.cpp does the work.
void Sandbox::subscribe(WebhookSubscription subscription) { impl_->webhooks->subscribe(std::move(subscription)); }

void Sandbox::unsubscribe() { impl_->webhooks->unsubscribe(); }

void Sandbox::revalidate() { impl_->webhooks->revalidate(); }

std::uint64_t Sandbox::send_event(std::string event, boost::json::object object) {
  return impl_->webhooks->send(std::move(event), std::move(object));
}

std::size_t Sandbox::deliver_completed_calls(std::chrono::sys_seconds after, std::chrono::sys_seconds until) {
  return impl_->webhooks->deliver_completed_calls(after, until);
}

void Sandbox::inject_webhook(WebhookFault fault, std::size_t times) { impl_->webhooks->inject(fault, times); }

void Sandbox::clear_webhook_faults() { impl_->webhooks->clear_faults(); }

std::vector<WebhookAttempt> Sandbox::webhook_attempts() const { return impl_->webhooks->attempts(); }

WebhookStatus Sandbox::webhook_status() const { return impl_->webhooks->status(); }

}  // namespace zoom::sandbox
