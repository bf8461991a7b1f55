// call_log_server: an HTTP/1.1 service in front of Zoom, built with Boost.Beast and coroutines.
//
//   GET /users/{userId}/call_logs?from=YYYY-MM-DD&to=YYYY-MM-DD
//     200 {"user_id":"...","from":"...","to":"...","total_records":N,"call_logs":[{...},...]}
//     every record of the range, newest first, as Zoom sends them (zoom::json::to_value); a
//     range longer than a month is fine: the SDK reads it month by month, page by page.
//   Errors are JSON too: {"error":{"status":404,"message":"...","zoom_code":1001,"tracking_id":"..."}}
//     400  bad or missing from/to, or Zoom said 400 (e.g. a range older than six months)
//     404  Zoom does not know the user, or another path
//     502  any other failure on the way to Zoom (its 401/403/429/5xx after the SDK's retries,
//          no answer, a response that does not decode); 504 when the SDK's deadline passed
//
// Threads and the client. One zoom::Client serves every request. The io_context is run by N
// threads (--threads, default 4). The SDK's client is safe to share that way (zoom/client.hpp:
// "coroutines on any thread of the executor may call `send` at once"; inside, the connection pool
// and token cache are guarded by a mutex and a channel, and each connection runs on its own
// strand), so it is created on the io_context's plain executor and needs no strand of ours.
// What needs strands is this program's own state: each HTTP connection runs on its own strand
// (its socket, its flag for shutdown), and the acceptor and signal handling on another.
//
// Shutdown: SIGINT or SIGTERM stops accepting, closes idle keep-alive connections, lets requests
// in progress finish (their responses say `Connection: close`), then the threads return and the
// program exits 0. A second signal stops at once.
//
// Options (each also from the environment variable in brackets):
//   --port N               port to listen on; 0 = any free port (default 8080). The bound
//                          address is printed on stdout: "listening on http://127.0.0.1:PORT"
//   --address A            address to listen on (default 127.0.0.1)
//   --threads N            threads running the io_context (default 4)
//   --account-id ID        Server-to-Server OAuth app's account id [ZOOM_ACCOUNT_ID]
//   --client-id ID         its client id [ZOOM_CLIENT_ID]
//   --client-secret S      its client secret [ZOOM_CLIENT_SECRET]
//   --base-url URL         default https://api.zoom.us/v2 [ZOOM_BASE_URL]
//   --oauth-url URL        default https://zoom.us [ZOOM_OAUTH_URL]
//   --ca-file FILE         a CA to trust besides the system's, e.g. the sandbox's [ZOOM_CA_FILE]
//   --allow-plain-http     accept http:// URLs for Zoom (a local sandbox only) [ZOOM_ALLOW_PLAIN_HTTP=1]
// Exit status: 0 stopped by a signal, 1 could not start, 2 bad command line.
#include "arguments.hpp"

#include <zoom/client.hpp>
#include <zoom/error.hpp>
#include <zoom/json.hpp>
#include <zoom/phone/call_logs.hpp>
#include <zoom/time.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <boost/url/parse.hpp>

#include <atomic>
#include <chrono>
#include <exception>
#include <iostream>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

// Zoom deprecated the call-logs operations in favour of call history; this program reads call
// logs on purpose (the SDK keeps them for as long as Zoom serves them).
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using asio::ip::tcp;
using std::chrono::steady_clock;

namespace {

using examples::UsageError;

constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

struct Settings {
  std::string address = "127.0.0.1";
  unsigned short port = 8080;
  unsigned threads = 4;
  std::string account_id, client_id, client_secret;
  std::string base_url = "https://api.zoom.us/v2", oauth_url = "https://zoom.us", ca_file;
  bool allow_plain_http = false;
};

constexpr const char* usage =
    "usage: call_log_server [--port N] [--address A] [--threads N] --account-id ID --client-id ID"
    " --client-secret S [--base-url URL] [--oauth-url URL] [--ca-file FILE] [--allow-plain-http]\n";

Settings parse(int argc, char** argv) {
  Settings s;
  std::string port, threads;
  examples::Arguments{}
      .value("--port", port)
      .value("--address", s.address)
      .value("--threads", threads)
      .server_to_server_app(s.account_id, s.client_id, s.client_secret)
      .zoom_server(s.base_url, s.oauth_url, s.ca_file, s.allow_plain_http)
      .parse(argc, argv);
  if (!port.empty()) {
    const auto n = examples::number<unsigned short>(port);
    if (!n) throw UsageError{"--port: expected 0..65535, got '" + port + "'"};
    s.port = *n;
  }
  if (!threads.empty()) {
    const auto n = examples::number<unsigned>(threads);
    if (!n || *n == 0 || *n > 256) throw UsageError{"--threads: expected 1..256, got '" + threads + "'"};
    s.threads = *n;
  }
  if (s.account_id.empty() || s.client_id.empty() || s.client_secret.empty())
    throw UsageError{"--account-id, --client-id and --client-secret are required (or ZOOM_ACCOUNT_ID, ...)"};
  return s;
}

// One line per event on stderr, whole lines even with several threads.
void log(const std::string& line) {
  static std::mutex mutex;
  const std::lock_guard lock(mutex);
  std::cerr << "call_log_server: " << line << '\n';
}

using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;

Response json_response(const Request& request, http::status status, const boost::json::value& body) {
  Response response{status, request.version()};
  response.set(http::field::server, "call_log_server");
  response.set(http::field::content_type, "application/json");
  response.body() = boost::json::serialize(body);
  response.prepare_payload();
  return response;
}

Response error_response(const Request& request, http::status status, std::string message,
                        std::optional<long long> zoom_code = std::nullopt, std::string tracking_id = {}) {
  boost::json::object error{{"status", static_cast<unsigned>(status)}, {"message", std::move(message)}};
  if (zoom_code) error["zoom_code"] = *zoom_code;
  if (!tracking_id.empty()) error["tracking_id"] = std::move(tracking_id);
  return json_response(request, status, boost::json::object{{"error", std::move(error)}});
}

// A date exactly as YYYY-MM-DD.
std::optional<zoom::Date> query_date(boost::urls::url_view url, std::string_view name) {
  const auto it = url.params().find(name);
  if (it == url.params().end() || !(*it).has_value) return std::nullopt;
  const std::string text = (*it).value;
  if (text.size() != 10) return std::nullopt;
  return zoom::parse_date(text);
}

// One HTTP connection: its stream, on its own strand, and whether it is waiting for a request
// (then shutdown may close it at once). Touched only on that strand.
struct Connection {
  explicit Connection(tcp::socket socket) : stream(std::move(socket)) {}
  beast::tcp_stream stream;
  bool idle = false;
};

class Server {
 public:
  Server(asio::io_context& io, zoom::Client& client, const tcp::endpoint& endpoint)
      : io_(io), client_(client), control_(asio::make_strand(io)), acceptor_(control_, endpoint), signals_(control_) {
    signals_.add(SIGINT);
    signals_.add(SIGTERM);
  }

  tcp::endpoint local_endpoint() const { return acceptor_.local_endpoint(); }

  void start() {
    asio::co_spawn(control_, accept_loop(), asio::detached);
    asio::co_spawn(control_, watch_signals(), asio::detached);
  }

 private:
  asio::awaitable<void> accept_loop() {
    while (true) {
      // Each connection gets its own strand: its coroutine never runs on two threads at once.
      auto [ec, socket] = co_await acceptor_.async_accept(asio::make_strand(io_), use_tuple);
      if (stopping_) break;  // the acceptor was closed by a signal, or a last connection came in
      if (ec) {
        log("accept failed: " + ec.message());  // e.g. out of file descriptors: keep serving the others
        continue;
      }
      auto connection = std::make_shared<Connection>(std::move(socket));
      {
        const std::lock_guard lock(mutex_);
        connections_.insert(connection);
      }
      asio::co_spawn(connection->stream.get_executor(), serve(connection),
                     [this, connection](std::exception_ptr error) {
                       if (error) {
                         try {
                           std::rethrow_exception(error);
                         } catch (const std::exception& e) {
                           log(std::string{"connection ended by an error: "} + e.what());
                         }
                       }
                       forget(connection);
                     });
    }
  }

  asio::awaitable<void> watch_signals() {
    auto [ec, signal] = co_await signals_.async_wait(use_tuple);
    if (ec) co_return;
    log("signal " + std::to_string(signal) + ": finishing the requests in progress, then stopping");
    stopping_ = true;
    boost::system::error_code ignored;
    acceptor_.close(ignored);
    std::vector<std::shared_ptr<Connection>> open;
    {
      const std::lock_guard lock(mutex_);
      open.assign(connections_.begin(), connections_.end());
    }
    for (const auto& connection : open)
      asio::post(connection->stream.get_executor(), [connection] {
        if (connection->idle) connection->stream.cancel();  // between requests: close it now
      });
    maybe_done();
    // A second signal: do not wait any longer.
    auto [again, second] = co_await signals_.async_wait(use_tuple);
    if (again) co_return;  // cancelled by maybe_done: every connection has ended
    log("signal " + std::to_string(second) + " again: stopping now");
    io_.stop();
  }

  void forget(const std::shared_ptr<Connection>& connection) {
    {
      const std::lock_guard lock(mutex_);
      connections_.erase(connection);
    }
    maybe_done();
  }

  // Once shutting down and no connection is left, nothing holds the io_context but the signal
  // wait: cancel it, and the threads return from run().
  void maybe_done() {
    if (!stopping_) return;
    {
      const std::lock_guard lock(mutex_);
      if (!connections_.empty()) return;
    }
    asio::post(control_, [this] { signals_.cancel(); });
  }

  asio::awaitable<void> serve(std::shared_ptr<Connection> connection) {
    beast::tcp_stream& stream = connection->stream;
    beast::flat_buffer buffer;
    while (!stopping_) {
      http::request_parser<http::string_body> parser;
      parser.header_limit(16 * 1024);
      parser.body_limit(16 * 1024);
      stream.expires_after(std::chrono::seconds{60});  // an idle keep-alive connection is closed
      connection->idle = true;
      auto [ec, bytes] = co_await http::async_read(stream, buffer, parser, use_tuple);
      connection->idle = false;
      if (ec) break;  // closed by the client, timed out, cancelled by shutdown, or not HTTP
      stream.expires_never();
      const Request request = parser.release();
      const auto started = steady_clock::now();
      Response response = co_await handle(request);
      const bool keep_alive = request.keep_alive() && !stopping_;
      response.keep_alive(keep_alive);
      log(std::string{request.method_string()} + " " + std::string{request.target()} + " -> " +
          std::to_string(response.result_int()) + " (" +
          std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(steady_clock::now() - started).count()) +
          " ms)");
      stream.expires_after(std::chrono::seconds{60});
      auto [write_error, written] = co_await http::async_write(stream, response, use_tuple);
      if (write_error || !keep_alive) break;
    }
    boost::system::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream.close();
  }

  asio::awaitable<Response> handle(const Request& request) {
    const auto url = boost::urls::parse_origin_form(request.target());
    if (!url) co_return error_response(request, http::status::bad_request, "the request target does not parse");
    const auto segments = url->segments();  // percent-decoded
    const std::vector<std::string> path(segments.begin(), segments.end());
    if (path.size() != 3 || path[0] != "users" || path[1].empty() || path[2] != "call_logs")
      co_return error_response(request, http::status::not_found, "no such resource: GET /users/{userId}/call_logs");
    if (request.method() != http::verb::get) {
      Response response = error_response(request, http::status::method_not_allowed, "only GET is served");
      response.set(http::field::allow, "GET");
      co_return response;
    }
    const std::string& user = path[1];
    const auto from = query_date(*url, "from");
    const auto to = query_date(*url, "to");
    if (!from || !to)
      co_return error_response(request, http::status::bad_request,
                               "query parameters from and to are required, as YYYY-MM-DD dates");
    if (std::chrono::sys_days{*to} < std::chrono::sys_days{*from})
      co_return error_response(request, http::status::bad_request, "to is before from");

    // The only SDK code of the program: every record of the range, newest first.
    boost::json::array records;
    try {
      auto logs = zoom::phone::list_user_call_logs_items(client_, user, {.from = *from, .to = *to, .page_size = 300},
                                                         {.concurrency = 2});
      while (auto record = co_await logs.next()) records.push_back(zoom::json::to_value(*record));
    } catch (const zoom::ApiError& e) {
      // Zoom's 404 (no such user) and 400 (e.g. a range Zoom does not serve) are the caller's to
      // fix; anything else Zoom said is our upstream's failure.
      const http::status status = e.status() == 404   ? http::status::not_found
                                  : e.status() == 400 ? http::status::bad_request
                                                      : http::status::bad_gateway;
      co_return error_response(request, status, e.what(), e.code(), e.tracking_id());
    } catch (const zoom::DeadlineExceeded& e) {
      co_return error_response(request, http::status::gateway_timeout, e.what());
    } catch (const zoom::Error& e) {  // TransportError, DecodeError, no token, ...
      co_return error_response(request, http::status::bad_gateway, e.what());
    }
    const auto total = records.size();
    co_return json_response(request, http::status::ok,
                            boost::json::object{{"user_id", user},
                                                {"from", zoom::format_date(*from)},
                                                {"to", zoom::format_date(*to)},
                                                {"total_records", total},
                                                {"call_logs", std::move(records)}});
  }

  asio::io_context& io_;
  zoom::Client& client_;
  asio::strand<asio::io_context::executor_type> control_;  // the acceptor and the signals
  tcp::acceptor acceptor_;
  asio::signal_set signals_;
  std::atomic<bool> stopping_{false};
  std::mutex mutex_;
  std::set<std::shared_ptr<Connection>> connections_;
};

}  // namespace

int main(int argc, char** argv) {
  const Settings settings = examples::read_command_line("call_log_server", usage, argc, argv, parse);

  // Declared before the client and the server, so destroyed after them.
  asio::io_context io{static_cast<int>(settings.threads)};
  try {
    zoom::Client client{io.get_executor(),
                        {.credentials = zoom::ServerToServerOAuth{settings.account_id, settings.client_id,
                                                                  settings.client_secret},
                         .base_url = settings.base_url,
                         .oauth_url = settings.oauth_url,
                         .extra_ca_file = settings.ca_file,
                         .allow_plain_http = settings.allow_plain_http}};
    Server server{io, client, tcp::endpoint{asio::ip::make_address(settings.address), settings.port}};
    const tcp::endpoint bound = server.local_endpoint();
    std::cout << "listening on http://" << bound.address().to_string() << ':' << bound.port() << std::endl;
    server.start();

    std::vector<std::thread> threads;
    for (unsigned i = 1; i < settings.threads; ++i) threads.emplace_back([&io] { io.run(); });
    io.run();
    for (auto& thread : threads) thread.join();
  } catch (const std::exception& e) {  // a bad option for the client, the port taken, ...
    std::cerr << "call_log_server: " << e.what() << '\n';
    return 1;
  }
  log("stopped");
  return 0;
}
