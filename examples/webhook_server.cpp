// webhook_server: receives Zoom Phone's call-history events and, for each call, fetches its path
// of legs with the SDK and prints it. A Boost.Beast HTTP/1.1 server of its own (one thread), on
// whose path zoom::webhooks::Receiver is mounted through the Beast adapter: the receiver verifies
// each delivery (signature, timestamp), answers Zoom's URL validation, drops Zoom's retries of an
// event already received, and answers at once; the handlers run after the answer, so fetching
// the call's path never makes Zoom wait (or retry).
//
//   POST <path>   a delivery from Zoom: 200 (or 401 unverified, 400 not an event)
//   anything else 404
//
// For each `phone.callee_call_history_completed` and `phone.caller_call_history_completed`, one
// line per record, then one per leg of its path:
//   call <id>: <direction>, <n> legs
//     leg <i>: <event> <result> <caller> -> <callee>
//
// Shutdown: SIGINT or SIGTERM stops accepting, answers 503 to deliveries still coming (Zoom
// sends them again later), waits for the handlers running, and exits 0.
//
// Options (each also from the environment variable in brackets):
//   --port N               port to listen on; 0 = any free port (default 8080). The bound
//                          address is printed on stdout: "listening on http://127.0.0.1:PORT/PATH"
//   --address A            address to listen on (default 127.0.0.1)
//   --path P               the path Zoom posts to (default /zoom/events)
//   --secret-token-env V   the variable holding the app's Secret Token (default ZOOM_WEBHOOK_SECRET_TOKEN)
//   --account-id ID, --client-id ID, --client-secret S   the Server-to-Server OAuth app
//                          [ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID, ZOOM_CLIENT_SECRET]
//   --base-url URL, --oauth-url URL, --ca-file FILE, --allow-plain-http   as for call_log_server
// Exit status: 0 stopped by a signal, 1 could not start, 2 bad command line or no secret token.
#include "arguments.hpp"

#include <zoom/client.hpp>
#include <zoom/error.hpp>
#include <zoom/phone/call_history.hpp>
#include <zoom/phone/webhooks.hpp>
#include <zoom/webhooks.hpp>
#include <zoom/webhooks/beast.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

#include <exception>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using asio::ip::tcp;

namespace {

using examples::UsageError;

struct Settings {
  std::string address = "127.0.0.1";
  unsigned short port = 8080;
  std::string path = "/zoom/events";
  std::string secret_token_env = "ZOOM_WEBHOOK_SECRET_TOKEN";
  std::string account_id, client_id, client_secret;
  std::string base_url = "https://api.zoom.us/v2", oauth_url = "https://zoom.us", ca_file;
  bool allow_plain_http = false;
};

constexpr const char* usage =
    "usage: webhook_server [--port N] [--address A] [--path P] [--secret-token-env VAR] --account-id ID"
    " --client-id ID --client-secret S [--base-url URL] [--oauth-url URL] [--ca-file FILE] [--allow-plain-http]\n";

Settings parse(int argc, char** argv) {
  Settings s;
  std::string port;
  examples::Arguments{}
      .value("--port", port)
      .value("--address", s.address)
      .value("--path", s.path)
      .value("--secret-token-env", s.secret_token_env)
      .server_to_server_app(s.account_id, s.client_id, s.client_secret)
      .zoom_server(s.base_url, s.oauth_url, s.ca_file, s.allow_plain_http)
      .parse(argc, argv);
  if (!port.empty()) {
    const auto n = examples::number<unsigned short>(port);
    if (!n) throw UsageError{"--port: expected 0..65535"};
    s.port = *n;
  }
  if (s.path.empty() || s.path.front() != '/') throw UsageError{"--path must start with '/'"};
  if (s.account_id.empty() || s.client_id.empty() || s.client_secret.empty())
    throw UsageError{"--account-id, --client-id and --client-secret are required"};
  return s;
}

// What a zoom::Enum or an optional of one says, for a line of text.
template <class T>
std::string text(const std::optional<T>& value) {
  if (!value) return "-";
  if constexpr (requires { value->wire(); }) return std::string{value->wire()};
  else return std::string{*value};
}

// The handler of both call-history events: each record's path of legs, fetched and printed.
template <class Event>
asio::awaitable<void> print_paths(zoom::Client& client, Event event) {
  for (const zoom::phone::CallHistory& record : event.payload.object.call_logs) {
    const zoom::phone::CallPath path = co_await zoom::phone::get_call_path(client, record.id);
    std::cout << "call " << path.id << ": " << text(path.direction) << ", " << path.call_path.size() << " legs\n";
    for (std::size_t i = 0; i < path.call_path.size(); ++i) {
      const zoom::phone::CallPathLeg& leg = path.call_path[i];
      std::cout << "  leg " << i + 1 << ": " << text(leg.event) << ' ' << text(leg.result) << ' '
                << text(leg.caller_name) << " -> " << text(leg.callee_name) << '\n';
    }
    std::cout.flush();
  }
}

// One HTTP connection: requests read and answered in turn (keep-alive), until the peer closes.
asio::awaitable<void> session(tcp::socket socket, zoom::webhooks::Receiver& receiver, const std::string& path) {
  beast::tcp_stream stream{std::move(socket)};
  beast::flat_buffer buffer;
  try {
    for (;;) {
      http::request<http::string_body> request;
      stream.expires_after(std::chrono::seconds{30});
      co_await http::async_read(stream, buffer, request, asio::use_awaitable);
      http::response<http::string_body> response;
      if (request.target() == path) {
        response = co_await zoom::webhooks::handle(receiver, request);
      } else {
        response = http::response<http::string_body>{http::status::not_found, request.version()};
        response.keep_alive(request.keep_alive());
        response.prepare_payload();
      }
      co_await http::async_write(stream, response, asio::use_awaitable);
      if (!response.keep_alive()) break;
    }
  } catch (const std::exception&) {  // the peer closed, timed out or sent what is not HTTP
  }
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
}

asio::awaitable<void> serve(tcp::acceptor& acceptor, zoom::webhooks::Receiver& receiver, const std::string& path) {
  for (;;) {
    auto [error, socket] = co_await acceptor.async_accept(asio::as_tuple(asio::use_awaitable));
    if (error == asio::error::operation_aborted) co_return;  // stopped
    if (!error) asio::co_spawn(acceptor.get_executor(), session(std::move(socket), receiver, path), asio::detached);
  }
}

}  // namespace

int main(int argc, char** argv) {
  const Settings settings = examples::read_command_line("webhook_server", usage, argc, argv, parse);
  const std::string secret_token = examples::from_env(settings.secret_token_env);
  if (secret_token.empty()) {
    std::cerr << "webhook_server: the secret token is missing: set " << settings.secret_token_env
              << " to the app's Secret Token (Zoom App Marketplace, the app's Feature page)\n";
    return 2;
  }

  asio::io_context io;
  try {
    zoom::Client client{io.get_executor(),
                        {.credentials = zoom::ServerToServerOAuth{settings.account_id, settings.client_id,
                                                                  settings.client_secret},
                         .base_url = settings.base_url,
                         .oauth_url = settings.oauth_url,
                         .extra_ca_file = settings.ca_file,
                         .allow_plain_http = settings.allow_plain_http}};
    zoom::webhooks::ReceiverOptions options;
    options.on_handler_error = [](std::string_view event, std::exception_ptr error) {
      try {
        std::rethrow_exception(error);
      } catch (const std::exception& e) {
        std::cerr << "webhook_server: " << event << ": " << e.what() << '\n';
      }
    };
    options.on_refusal = [](const zoom::webhooks::Refusal& refusal) {
      std::cerr << "webhook_server: refused (" << refusal.status << "): " << refusal.message << '\n';
    };
    zoom::webhooks::Receiver receiver{io.get_executor(), secret_token, std::move(options)};
    receiver.on([&client](zoom::phone::CalleeCallHistoryCompleted event) { return print_paths(client, std::move(event)); });
    receiver.on([&client](zoom::phone::CallerCallHistoryCompleted event) { return print_paths(client, std::move(event)); });

    tcp::acceptor acceptor{io, tcp::endpoint{asio::ip::make_address(settings.address), settings.port}};
    const tcp::endpoint bound = acceptor.local_endpoint();
    std::cout << "listening on http://" << bound.address().to_string() << ':' << bound.port() << settings.path
              << std::endl;
    asio::co_spawn(io, serve(acceptor, receiver, settings.path), asio::detached);

    asio::signal_set signals{io, SIGINT, SIGTERM};
    signals.async_wait([&](const boost::system::error_code& error, int) {
      if (error) return;
      acceptor.close();
      receiver.stop();
      asio::co_spawn(io, receiver.drain(), [&io](std::exception_ptr) { io.stop(); });
    });
    io.run();
  } catch (const std::exception& e) {  // a bad option for the client, the port taken, ...
    std::cerr << "webhook_server: " << e.what() << '\n';
    return 1;
  }
  std::cerr << "webhook_server: stopped\n";
  return 0;
}
