// zoom::webhooks mounted on a real Beast HTTP server on loopback (an ephemeral port), posted to
// by a real Beast client: URL validation, signed events with header names in lower and mixed
// case, unsigned and badly signed requests, a duplicate, a GET, keep-alive.
#include "run_io.hpp"

#include <zoom/webhooks.hpp>
#include <zoom/webhooks/beast.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/json/parse.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace http = boost::beast::http;
using boost::asio::use_awaitable;
using boost::asio::ip::tcp;

namespace {

constexpr std::string_view secret = "beast-secret-token-8Jd";
constexpr std::string_view path = "/zoom/events";

template <class View>
std::string text(View view);

// The application's own server: it serves `path` with the adapter and answers 404 elsewhere.
class Server {
 public:
  Server(boost::asio::io_context& io, zoom::webhooks::Receiver& receiver)
      : acceptor_(io, {boost::asio::ip::make_address("127.0.0.1"), 0}), receiver_(receiver) {
    boost::asio::co_spawn(io, accept(), boost::asio::detached);
  }

  tcp::endpoint endpoint() const { return acceptor_.local_endpoint(); }
  void close() { acceptor_.close(); }
  /// The header names of every request, as they arrived.
  const std::vector<std::string>& header_names() const { return header_names_; }

 private:
  boost::asio::awaitable<void> accept() {
    try {
      for (;;) {
        auto socket = co_await acceptor_.async_accept(use_awaitable);
        boost::asio::co_spawn(acceptor_.get_executor(), serve(std::move(socket)), boost::asio::detached);
      }
    } catch (const std::exception&) {
      // closed
    }
  }

  boost::asio::awaitable<void> serve(tcp::socket socket) {
    boost::beast::flat_buffer buffer;
    try {
      for (;;) {
        http::request<http::string_body> request;
        co_await http::async_read(socket, buffer, request, use_awaitable);
        for (const auto& field : request) header_names_.push_back(text(field.name_string()));
        http::response<http::string_body> response;
        if (request.target() == path) {
          response = co_await zoom::webhooks::handle(receiver_, request);
        } else {
          response = http::response<http::string_body>{http::status::not_found, request.version()};
          response.keep_alive(request.keep_alive());
          response.prepare_payload();
        }
        co_await http::async_write(socket, response, use_awaitable);
        if (!response.keep_alive()) co_return;
      }
    } catch (const std::exception&) {
      // the client went away
    }
  }

  tcp::acceptor acceptor_;
  zoom::webhooks::Receiver& receiver_;
  std::vector<std::string> header_names_;
};

template <class View>
std::string text(View view) {
  return std::string{view.data(), view.size()};
}

std::string now_stamp() {
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  return std::to_string(std::chrono::duration_cast<std::chrono::seconds>(now).count());
}

// A POST to `path` with `body`; signed (with the names given) unless the names are empty.
http::request<http::string_body> post(std::string body, std::string_view timestamp_name = "x-zm-request-timestamp",
                                      std::string_view signature_name = "x-zm-signature") {
  http::request<http::string_body> request{http::verb::post, path, 11};
  request.set(http::field::host, "127.0.0.1");
  request.set(http::field::content_type, "application/json; charset=utf-8");
  if (!timestamp_name.empty()) {
    const std::string timestamp = now_stamp();
    request.set(timestamp_name, timestamp);
    request.set(signature_name, zoom::webhooks::sign(secret, timestamp, body));
  }
  request.body() = std::move(body);
  request.prepare_payload();
  return request;
}

// One client connection, keep-alive.
struct Client {
  tcp::socket socket;
  boost::beast::flat_buffer buffer;

  boost::asio::awaitable<http::response<http::string_body>> send(http::request<http::string_body> request) {
    co_await http::async_write(socket, request, use_awaitable);
    http::response<http::string_body> response;
    co_await http::async_read(socket, buffer, response, use_awaitable);
    co_return response;
  }
};

std::string event(std::string_view name, long long event_ts) {
  return R"({"event":")" + std::string{name} + R"(","event_ts":)" + std::to_string(event_ts) +
         R"(,"payload":{"account_id":"acc-1","object":{"call_id":"7001"}}})";
}

}  // namespace

TEST_CASE("webhooks: the Beast adapter on a loopback server: validation, signed events, refusals",
          "[webhooks][beast]") {
  boost::asio::io_context io;
  std::vector<zoom::webhooks::Refusal> refusals;
  zoom::webhooks::ReceiverOptions options;
  options.on_refusal = [&](const zoom::webhooks::Refusal& refusal) { refusals.push_back(refusal); };
  zoom::webhooks::Receiver receiver{io.get_executor(), std::string{secret}, std::move(options)};
  std::vector<std::string> handled;  // the bodies, as the handler got them
  receiver.otherwise([&](const zoom::webhooks::RawEvent& raw) -> boost::asio::awaitable<void> {
    handled.push_back(raw.body);
    co_return;
  });
  Server server{io, receiver};

  zoom::test::run_io(io, [&]() -> boost::asio::awaitable<void> {
    Client client{tcp::socket{io}, {}};
    co_await client.socket.async_connect(server.endpoint(), use_awaitable);

    // Zoom's URL validation.
    auto validation =
        co_await client.send(post(R"({"event":"endpoint.url_validation","payload":{"plainToken":"pt-1"}})"));
    CHECK(validation.result_int() == 200);
    CHECK(validation[http::field::content_type] == "application/json");
    CHECK(boost::json::parse(validation.body()) ==
          boost::json::parse(zoom::webhooks::url_validation_answer(secret, "pt-1")));

    // Signed events: header names in lower case, then in mixed case.
    const std::string first = event("phone.callee_ended", 1735689600001);
    auto lower = co_await client.send(post(first));
    CHECK(lower.result_int() == 200);
    CHECK(lower.body().empty());
    const std::string second = event("phone.caller_ended", 1735689600002);
    auto mixed = co_await client.send(post(second, "X-Zm-Request-Timestamp", "X-ZM-Signature"));
    CHECK(mixed.result_int() == 200);

    // Zoom's retry of the first: signed again, answered, not handed over again.
    auto retry = co_await client.send(post(first, "x-ZM-request-TIMESTAMP", "x-Zm-Signature"));
    CHECK(retry.result_int() == 200);

    // Unsigned, and signed with another secret.
    auto unsigned_reply = co_await client.send(post(event("phone.callee_missed", 3), "", ""));
    CHECK(unsigned_reply.result_int() == 401);
    CHECK(unsigned_reply.body() == "missing x-zm-request-timestamp");
    auto forged_request = post(event("phone.callee_missed", 4));
    forged_request.set(
        "x-zm-signature",
        zoom::webhooks::sign("not-the-secret", text(forged_request["x-zm-request-timestamp"]), forged_request.body()));
    auto forged = co_await client.send(std::move(forged_request));
    CHECK(forged.result_int() == 401);
    CHECK(forged.body() == "bad signature");
    CHECK(forged.body().find(secret) == std::string::npos);

    // A GET, and another path of the application's server.
    http::request<http::string_body> get{http::verb::get, path, 11};
    get.set(http::field::host, "127.0.0.1");
    auto not_post = co_await client.send(std::move(get));
    CHECK(not_post.result_int() == 405);
    CHECK(not_post[http::field::allow] == "POST");
    auto elsewhere_request = post(event("phone.callee_ended", 5));
    elsewhere_request.target("/other");
    auto elsewhere = co_await client.send(std::move(elsewhere_request));
    CHECK(elsewhere.result_int() == 404);

    // Raw bytes on a connection of its own, header names as an odd client writes them.
    const std::string third = event("phone.callee_answered", 1735689600003);
    const std::string timestamp = now_stamp();
    const std::string bytes =
        "POST " + std::string{path} +
        " HTTP/1.1\r\nHost: 127.0.0.1\r\nX-zm-SIGNATURE: " + zoom::webhooks::sign(secret, timestamp, third) +
        "\r\nx-Zm-Request-timeStamp:  " + timestamp + "\r\nContent-Length: " + std::to_string(third.size()) +
        "\r\nConnection: close\r\n\r\n" + third;
    Client raw{tcp::socket{io}, {}};
    co_await raw.socket.async_connect(server.endpoint(), use_awaitable);
    co_await boost::asio::async_write(raw.socket, boost::asio::buffer(bytes), use_awaitable);
    http::response<http::string_body> raw_reply;
    co_await http::async_read(raw.socket, raw.buffer, raw_reply, use_awaitable);
    CHECK(raw_reply.result_int() == 200);
    CHECK_FALSE(raw_reply.keep_alive());

    co_await receiver.drain();
    server.close();
    CHECK(handled == std::vector<std::string>{first, second, third});
  }());
  io.run();  // the server's connections end

  REQUIRE(refusals.size() == 3);
  CHECK(refusals[0].outcome == zoom::webhooks::Outcome::missing_timestamp);
  CHECK(refusals[1].outcome == zoom::webhooks::Outcome::bad_signature);
  CHECK(refusals[2].status == 405);
  for (const auto& refusal : refusals) CHECK(refusal.message.find(secret) == std::string::npos);
  const auto& names = server.header_names();
  CHECK(std::find(names.begin(), names.end(), "X-ZM-Signature") != names.end());
  CHECK(std::find(names.begin(), names.end(), "x-Zm-Request-timeStamp") != names.end());
}
