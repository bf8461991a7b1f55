#include "listen.hpp"

#include <zoom/webhooks/beast.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/json/serialize.hpp>

#include <charconv>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <exception>
#include <iostream>
#include <memory>
#include <set>

namespace zoom::cli {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace json = boost::json;
using tcp = asio::ip::tcp;

constexpr std::string_view prefix = "zoom-phone listen: ";

// A keep-alive connection idle this long is closed; an answer not taken in this long, too.
constexpr std::chrono::seconds idle_timeout{60};
constexpr std::chrono::seconds write_timeout{30};
// Zoom's events are small; Beast's default body limit.
constexpr std::uint64_t body_limit = 1024 * 1024;

// `text` for a terminal: control characters as '?', at most `max` bytes (then "...").
std::string printable(std::string_view text, std::size_t max = 80) {
  std::string out;
  for (const char c : text.substr(0, max)) out.push_back(static_cast<unsigned char>(c) < 0x20 || c == 0x7f ? '?' : c);
  if (text.size() > max) out += "...";
  return out;
}

// A string or a number as text; empty for anything else.
std::string scalar(const json::value* value) {
  if (!value) return {};
  if (const auto* s = value->if_string()) return printable(*s);
  if (value->is_int64() || value->is_uint64()) return json::serialize(*value);
  return {};
}

// event_ts (milliseconds since 1970) as 2026-11-15T12:00:00.000Z.
std::string utc_time(std::int64_t milliseconds_since_epoch) {
  using namespace std::chrono;
  constexpr std::int64_t year_10000 = 253402300800000;
  if (milliseconds_since_epoch < 0 || milliseconds_since_epoch >= year_10000)
    return "event_ts=" + std::to_string(milliseconds_since_epoch);
  const sys_time<milliseconds> time{milliseconds{milliseconds_since_epoch}};
  const auto day = floor<days>(time);
  const year_month_day date{day};
  const hh_mm_ss<milliseconds> clock{time - day};
  char text[64];
  std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                static_cast<int>(clock.hours().count()), static_cast<int>(clock.minutes().count()),
                static_cast<int>(clock.seconds().count()), static_cast<int>(clock.subseconds().count()));
  return text;
}

// The object's ids: id, user_id, call_id, and the first call log's id.
std::string object_summary(const json::value& body) {
  const json::object* object = nullptr;
  if (const auto* top = body.if_object())
    if (const auto* payload = top->if_contains("payload"); payload && payload->is_object())
      if (const auto* o = payload->as_object().if_contains("object")) object = o->if_object();
  if (!object) return {};
  std::string summary;
  const auto add = [&summary](std::string_view key, const std::string& value) {
    if (value.empty()) return;
    summary += (summary.empty() ? "" : "  ") + std::string{key} + "=" + value;
  };
  for (const std::string_view key : {"id", "user_id", "call_id"}) add(key, scalar(object->if_contains(key)));
  if (const auto* logs = object->if_contains("call_logs"); logs && logs->is_array() && !logs->as_array().empty()) {
    const json::array& array = logs->as_array();
    if (const auto* first = array.front().if_object()) {
      std::string id = scalar(first->if_contains("id"));
      if (!id.empty() && array.size() > 1) id += " (+" + std::to_string(array.size() - 1) + " more)";
      add("call_log", id);
    }
  }
  return summary;
}

// ---- the server ----------------------------------------------------------------------------------

struct Connection {
  explicit Connection(tcp::socket socket) : stream(std::move(socket)) {}
  beast::tcp_stream stream;
  bool busy = false;  // between reading a request and writing its answer
};

struct Server {
  Server(asio::io_context& io, zoom::webhooks::Receiver& receiver, std::string path)
      : acceptor(io), receiver(receiver), path(std::move(path)) {}
  tcp::acceptor acceptor;
  zoom::webhooks::Receiver& receiver;
  std::string path;
  std::set<std::shared_ptr<Connection>> connections;
  bool stopping = false;
};

http::response<http::string_body> not_found(const http::request<http::string_body>& request, const std::string& path) {
  http::response<http::string_body> response{http::status::not_found, request.version()};
  response.keep_alive(request.keep_alive());
  response.set(http::field::content_type, "text/plain; charset=utf-8");
  response.body() = "not found: the events go to " + path + "\n";
  response.prepare_payload();
  return response;
}

asio::awaitable<void> serve(Server& server, std::shared_ptr<Connection> connection) {
  server.connections.insert(connection);
  beast::flat_buffer buffer;
  boost::system::error_code ec;
  while (!server.stopping) {
    http::request_parser<http::string_body> parser;
    parser.body_limit(body_limit);
    connection->stream.expires_after(idle_timeout);
    co_await http::async_read(connection->stream, buffer, parser, asio::redirect_error(asio::use_awaitable, ec));
    if (ec) break;
    connection->busy = true;
    const http::request<http::string_body> request = parser.release();
    const std::string_view target{request.target().data(), request.target().size()};
    http::response<http::string_body> response;
    if (target.substr(0, target.find('?')) == server.path) {
      response = co_await zoom::webhooks::handle(server.receiver, request);
      // The Receiver answers the URL validation itself (200 with both tokens) and hands no event.
      if (response.result() == http::status::ok && response.body().find("\"encryptedToken\"") != std::string::npos)
        std::cerr << prefix << "answered the URL validation (endpoint.url_validation)\n";
    } else {
      response = not_found(request, server.path);
      std::cerr << prefix << "404 for " << printable(request.method_string()) << ' ' << printable(target)
                << ": the events go to " << server.path << '\n';
    }
    if (server.stopping) response.keep_alive(false);
    connection->stream.expires_after(write_timeout);
    co_await http::async_write(connection->stream, response, asio::redirect_error(asio::use_awaitable, ec));
    connection->busy = false;
    if (ec || !response.keep_alive()) break;
  }
  connection->stream.socket().shutdown(tcp::socket::shutdown_both, ec);
  connection->stream.close();
  server.connections.erase(connection);
}

asio::awaitable<void> accept(Server& server) {
  for (;;) {
    boost::system::error_code ec;
    tcp::socket socket = co_await server.acceptor.async_accept(asio::redirect_error(asio::use_awaitable, ec));
    if (server.stopping) co_return;
    if (ec) {
      // Out of file descriptors, a connection reset before it was accepted, ...: say so, go on.
      std::cerr << prefix << "accepting a connection failed: " << ec.message() << '\n';
      asio::steady_timer pause(server.acceptor.get_executor(), std::chrono::milliseconds{100});
      co_await pause.async_wait(asio::redirect_error(asio::use_awaitable, ec));
      continue;
    }
    auto connection = std::make_shared<Connection>(std::move(socket));
    asio::co_spawn(server.acceptor.get_executor(), serve(server, std::move(connection)), asio::detached);
  }
}

// No new connection; events from now on are answered 503 (Zoom sends them again later); idle
// connections are closed, busy ones after their answer; then the handlers are waited for.
asio::awaitable<void> stop(Server& server) {
  server.stopping = true;
  boost::system::error_code ec;
  server.acceptor.close(ec);
  server.receiver.stop();
  for (const auto& connection : server.connections)
    if (!connection->busy) connection->stream.close();
  co_await server.receiver.drain();
  std::cout.flush();
  std::cerr << prefix << "stopped\n";
}

// One event on standard output, flushed at once. `event` outlives this coroutine (Receiver).
asio::awaitable<void> print_event(Format format, const zoom::webhooks::RawEvent& event) {
  const std::string line = event_line(event, format);
  std::cout << line << '\n' << std::flush;
  co_return;
}

std::string url_host(const asio::ip::address& address) {
  return address.is_v6() ? "[" + address.to_string() + "]" : address.to_string();
}

int listen(const ListenOptions& options, std::string secret_token) {
  asio::io_context io;
  // Before the URL is printed: a signal sent as soon as it is seen stops the server gracefully.
  asio::signal_set signals(io, SIGINT, SIGTERM);

  zoom::webhooks::ReceiverOptions receiver_options;
  receiver_options.on_refusal = [](const zoom::webhooks::Refusal& refusal) {
    std::cerr << prefix << refusal.status;
    if (refusal.status == 401) std::cerr << " (" << zoom::webhooks::to_string(refusal.outcome) << ")";
    std::cerr << ": " << refusal.message << '\n';
  };
  receiver_options.on_handler_error = [](std::string_view event, std::exception_ptr error) {
    try {
      std::rethrow_exception(error);
    } catch (const std::exception& e) {
      std::cerr << prefix << "printing " << printable(event) << " failed: " << e.what() << '\n';
    }
  };
  zoom::webhooks::Receiver receiver(io.get_executor(), std::move(secret_token), std::move(receiver_options));
  receiver.otherwise(
      [format = options.format](const zoom::webhooks::RawEvent& event) { return print_event(format, event); });

  Server server(io, receiver, options.path);
  const tcp::endpoint endpoint{asio::ip::make_address(options.address), options.port};
  boost::system::error_code ec;
  server.acceptor.open(endpoint.protocol(), ec);
  if (!ec) server.acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) server.acceptor.bind(endpoint, ec);
  if (!ec) server.acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    std::cerr << prefix << "cannot listen on " << url_host(endpoint.address()) << ':' << options.port << ": "
              << ec.message() << '\n';
    return exit_failed;
  }
  std::cerr << prefix << "listening on http://" << url_host(endpoint.address()) << ':'
            << server.acceptor.local_endpoint().port() << options.path << " (secret token from $"
            << options.secret_token_env << "; events on standard output; Ctrl-C stops)\n";

  signals.async_wait([&](boost::system::error_code error, int number) {
    if (error) return;
    std::cerr << prefix << (number == SIGINT ? "SIGINT" : "SIGTERM") << ": stopping\n";
    asio::co_spawn(io, stop(server), asio::detached);
  });
  asio::co_spawn(io, accept(server), asio::detached);
  io.run();
  std::cout.flush();
  return exit_ok;
}

}  // namespace

std::string listen_usage() {
  return R"(usage: zoom-phone listen --port N [--address ADDRESS] [--path PATH] [--secret-token-env NAME]
                        [--format jsonl|table]

Receives the events Zoom posts to an app's event subscription (webhooks), for developing against
Zoom: an HTTP server on ADDRESS:N that answers Zoom's URL validation, verifies each delivery
(x-zm-signature, an HMAC-SHA256 of the raw body with the app's secret token, and an
x-zm-request-timestamp within 5 minutes of now) and prints each verified event on standard output,
one line each, as it arrives. Give Zoom a public URL that reaches it (a tunnel such as ngrok or
cloudflared) ending in PATH, as the app's Event notification endpoint URL.

  --port N               the port, 0..65535; 0: any free port (required)
  --address ADDRESS      the address to listen on (default 127.0.0.1; 0.0.0.0 or :: for every
                         interface)
  --path PATH            the path Zoom posts to (default /; a query string is ignored); other
                         paths are answered 404
  --secret-token-env NAME
                         the environment variable that holds the app's Secret Token (Zoom App
                         Marketplace, the app's Feature page; default ZOOM_WEBHOOK_SECRET_TOKEN).
                         The secret token is never a flag, and never printed
  --format jsonl|table   jsonl: each event's body exactly as Zoom sent it, on one line (a body
                         that spans several lines, pretty-printed JSON, is written compactly by
                         Boost.JSON instead: the same values on one line); table: for people, the
                         time of event_ts (UTC), the event, the account and the object's ids
                         (default jsonl)

On standard error: the URL it listens on, once it does (zoom-phone listen: listening on
http://127.0.0.1:8080/ ...), a line for each URL validation answered, and a line saying why for
each delivery refused: 401 for a wrong signature, a missing header or a timestamp outside the
window, and nothing on standard output. An event Zoom sends again (a retry of one already
received) is answered 200 and printed once. SIGINT (Ctrl-C) or SIGTERM stops it: no new
connection, the events received are printed, exit code 0.

Exit codes:
  0    stopped by SIGINT or SIGTERM
  1    the server cannot run (the address is in use, ...)
  2    bad command line, or no secret token in the environment
)";
}

ListenOptions parse_listen_options(const std::vector<std::string>& args) {
  ListenOptions options;
  bool port_given = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--help" || arg == "-h") {
      options.help = true;
      return options;
    }
    // Not echoed: a stray argument may be a secret whose flag was mistyped.
    if (arg.rfind("--", 0) != 0) throw UsageError("listen takes flags only: unexpected argument after listen");
    if (arg == "--secret-token" || arg == "--secret")
      throw UsageError("the secret token comes from the environment only ($" + std::string{default_secret_token_env} +
                       ", or the variable --secret-token-env names), never from a flag");
    if (arg != "--port" && arg != "--address" && arg != "--path" && arg != "--secret-token-env" && arg != "--format")
      throw UsageError("unknown option '" + arg + "' for listen");
    if (i + 1 >= args.size() || args[i + 1].rfind("--", 0) == 0) throw UsageError(arg + " needs a value");
    const std::string& value = args[++i];
    if (arg == "--port") {
      std::uint16_t port = 0;
      const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), port);
      if (error != std::errc{} || end != value.data() + value.size())
        throw UsageError("--port '" + value + "' is not a number from 0 to 65535");
      options.port = port;
      port_given = true;
    } else if (arg == "--address") {
      boost::system::error_code error;
      asio::ip::make_address(value, error);
      if (error) throw UsageError("--address '" + value + "' is not an IPv4 or IPv6 address");
      options.address = value;
    } else if (arg == "--path") {
      if (value.empty() || value.front() != '/' || value.find_first_of("?# \t\r\n") != std::string::npos)
        throw UsageError("--path '" + printable(value) + "' is not a path such as / or /zoom/events");
      options.path = value;
    } else if (arg == "--secret-token-env") {
      if (value.empty() || value.find('=') != std::string::npos)
        throw UsageError("--secret-token-env needs the name of an environment variable");
      options.secret_token_env = value;
    } else {
      if (value == "jsonl")
        options.format = Format::jsonl;
      else if (value == "table")
        options.format = Format::table;
      else
        throw UsageError("--format '" + value + "' is not one of jsonl, table");
    }
  }
  if (!port_given) throw UsageError("listen needs --port N (0: any free port)");
  return options;
}

std::string event_line(const zoom::webhooks::RawEvent& event, Format format) {
  if (format != Format::table)
    return event.body.find_first_of("\r\n") == std::string::npos ? event.body : json::serialize(event.json);
  std::string line = event.event_ts ? utc_time(*event.event_ts) : std::string{"-"};
  std::string name = printable(event.event);
  if (name.size() < 36) name.resize(36, ' ');
  line += "  " + name + "  account=" + (event.account_id ? printable(*event.account_id) : std::string{"-"});
  if (const std::string summary = object_summary(event.json); !summary.empty()) line += "  " + summary;
  return line;
}

int run_listen(const std::vector<std::string>& args, const std::function<const char*(const char*)>& getenv) {
  ListenOptions options;
  try {
    options = parse_listen_options(args);
  } catch (const UsageError& e) {
    std::cerr << prefix << e.what() << "\n(see zoom-phone listen --help)\n";
    return exit_usage;
  }
  if (options.help) {
    std::cout << listen_usage();
    return exit_ok;
  }
  const char* secret = getenv(options.secret_token_env.c_str());
  if (!secret || !*secret) {
    std::cerr << prefix << "no secret token: set " << options.secret_token_env
              << " to the app's Secret Token (Zoom App Marketplace, the app's Feature page); without it no "
                 "delivery can be verified, so nothing listens\n";
    return exit_usage;
  }
  try {
    return listen(options, secret);
  } catch (const std::exception& e) {
    std::cerr << prefix << e.what() << '\n';
    return exit_failed;
  }
}

}  // namespace zoom::cli
