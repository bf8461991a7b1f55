// The client against responses no well-behaved server sends, and against no server at all.
#include "raw_server.hpp"
#include "run_io.hpp"

#include <zoom/client.hpp>
#include <zoom/error.hpp>
#include <zoom/phone/call_logs.hpp>

#include <boost/asio/co_spawn.hpp>

#include <catch2/catch.hpp>

using zoom::test::RawServer;
namespace phone = zoom::phone;

namespace {

struct Setup {
  boost::asio::io_context io;
  RawServer server{io};

  zoom::Client client(zoom::ClientOptions options = {}) {
    options = server.client_options(std::move(options));
    options.retry.max_attempts = 1;  // these tests are about each failure's message; retries are tested elsewhere
    return zoom::Client(io.get_executor(), options);
  }

  // Runs one call to completion and returns what it threw ("" when it succeeded).
  std::string error_of(zoom::Client& client) {
    std::string what;
    bool done = false;
    boost::asio::co_spawn(io, phone::list_user_call_logs(client, "me"), [&](std::exception_ptr e, phone::CallLogPage) {
      try {
        if (e) std::rethrow_exception(e);
      } catch (const zoom::TransportError& error) {
        what = std::string{"TransportError: "} + error.what();
      } catch (const zoom::Error& error) {
        what = error.what();
      }
      done = true;
    });
    while (!done) io.run_one();
    return what;
  }
};

const std::string kPage = R"({"call_logs": [], "next_page_token": "", "page_size": 30, "total_records": 0})";

}  // namespace

TEST_CASE("an error with an empty body is still clear") {
  Setup setup;
  setup.server.script({RawServer::response(502, "", "", "x-zm-trackingid: T-1\r\n")});
  auto client = setup.client();
  CHECK(setup.error_of(client) == "HTTP 502 from GET /v2/phone/users/me/call_logs: empty body [x-zm-trackingid T-1]");
}

TEST_CASE("an error with a non-JSON body shows its type and start, secrets masked") {
  Setup setup;
  setup.server.script({RawServer::response(503, "text/html", "<html><body>Service Unavailable\n(echo: Bearer secret-token-123)</body></html>")});
  auto client = setup.client();
  CHECK(setup.error_of(client) ==
        "HTTP 503 from GET /v2/phone/users/me/call_logs: non-JSON body (text/html): <html><body>Service Unavailable "
        "(echo: Bearer ***)</body></html>");
}

TEST_CASE("validation errors list each field") {
  Setup setup;
  setup.server.script({RawServer::response(
      400, "application/json",
      R"({"code": 300, "message": "Validation Failed.", "errors": [{"field": "from", "message": "Invalid date."}, {"field": "page_size", "message": "Too large."}]})")});
  auto client = setup.client();
  zoom::ApiError caught({}, "");
  bool done = false;
  boost::asio::co_spawn(setup.io, phone::list_user_call_logs(client, "me"), [&](std::exception_ptr e, phone::CallLogPage) {
    try {
      std::rethrow_exception(e);
    } catch (const zoom::ApiError& error) {
      caught = error;
    }
    done = true;
  });
  while (!done) setup.io.run_one();
  CHECK(std::string{caught.what()} ==
        "HTTP 400 from GET /v2/phone/users/me/call_logs: Zoom error 300: Validation Failed. (from: Invalid date.; "
        "page_size: Too large.)");
  REQUIRE(caught.field_errors().size() == 2);
  CHECK(caught.field_errors()[1].field == "page_size");
  CHECK(caught.tracking_id().empty());
}

TEST_CASE("a response cut short is a transport error naming the server") {
  Setup setup;
  const std::string full = RawServer::response(200, "application/json", kPage);
  setup.server.script({full.substr(0, full.size() - 10), true});
  auto client = setup.client();
  const std::string port = setup.server.base_url().substr(setup.server.base_url().rfind(':') + 1);
  CHECK(setup.error_of(client) == "TransportError: reading the response from 127.0.0.1:" + port +
                                      " failed: the server closed the connection before the response was complete");
}

TEST_CASE("a body over the limit is refused") {
  Setup setup;
  setup.server.script({RawServer::response(200, "application/json", std::string(5000, ' ') + kPage)});
  zoom::ClientOptions options;
  options.max_response_body = 4096;
  auto client = setup.client(options);
  const std::string port = setup.server.base_url().substr(setup.server.base_url().rfind(':') + 1);
  CHECK(setup.error_of(client) == "TransportError: reading the response from 127.0.0.1:" + port +
                                      " failed: the response body is larger than ClientOptions::max_response_body (4096 bytes)");
}

TEST_CASE("a kept-alive connection the server closed is replaced without an error") {
  Setup setup;
  setup.server.script({RawServer::response(200, "application/json", kPage), true});  // then closes
  setup.server.script({RawServer::response(200, "application/json", kPage)});
  auto client = setup.client();
  CHECK(setup.error_of(client).empty());
  CHECK(setup.error_of(client).empty());
  CHECK(setup.server.connections() == 2);
  CHECK(client.connections_opened() == 2);
}

TEST_CASE("a refused connection names the host and port") {
  boost::asio::io_context io;
  std::uint16_t port = 0;
  {
    boost::asio::ip::tcp::acceptor probe(io, {boost::asio::ip::make_address("127.0.0.1"), 0});
    port = probe.local_endpoint().port();
  }  // closed again: nothing listens there now
  zoom::ClientOptions options;
  options.base_url = "http://127.0.0.1:" + std::to_string(port) + "/v2";
  options.allow_plain_http = true;
  options.credentials = zoom::BearerToken{"t"};
  options.retry.max_attempts = 1;
  zoom::Client client(io.get_executor(), options);
  std::string what;
  boost::asio::co_spawn(io, phone::list_user_call_logs(client, "me"), [&](std::exception_ptr e, phone::CallLogPage) {
    try {
      std::rethrow_exception(e);
    } catch (const zoom::TransportError& error) {
      what = error.what();
    }
  });
  io.run();
  CHECK(what == "connecting to 127.0.0.1:" + std::to_string(port) + " failed: Connection refused");
}

TEST_CASE("no credentials is a clear error before any request") {
  Setup setup;
  zoom::ClientOptions options;
  options.base_url = setup.server.base_url() + "/v2";
  options.allow_plain_http = true;
  zoom::Client client(setup.io.get_executor(), options);
  CHECK(setup.error_of(client) ==
        "no credentials: set ClientOptions::credentials to a zoom::BearerToken, zoom::ServerToServerOAuth or "
        "zoom::UserOAuth");
  CHECK(setup.server.connections() == 0);
}

TEST_CASE("any_status returns a response of any status instead of throwing ApiError") {
  Setup setup;
  const std::string redirect = RawServer::response(302, "", "", "Location: https://zoom.us/rec/download/R1.mp4\r\n");
  setup.server.script({redirect});
  setup.server.script({redirect});
  auto client = setup.client();
  zoom::Request request;
  request.operation = "downloadRecording";
  request.path = {"phone", "recordings", "R1", "download"};
  request.any_status = true;
  const zoom::Response response = zoom::test::run_io(setup.io, client.send(request));
  CHECK(response.status == 302);
  CHECK(response.header("location") == "https://zoom.us/rec/download/R1.mp4");
  CHECK(response.body.empty());

  request.any_status = false;
  CHECK_THROWS_MATCHES(zoom::test::run_io(setup.io, client.send(request)), zoom::ApiError,
                       Catch::Matchers::Predicate<zoom::ApiError>([](const zoom::ApiError& e) { return e.status() == 302; },
                                                                  "status 302"));
  CHECK(setup.server.requests().size() == 2);
}

TEST_CASE("any_status: 429 and 5xx are retried first, the last response returned") {
  Setup setup;
  setup.server.script({RawServer::response(503, "application/json", R"({"code": 503, "message": "busy"})")});
  setup.server.script({RawServer::response(503, "application/json", R"({"code": 503, "message": "still busy"})")});
  setup.server.script({RawServer::response(201, "application/json", "{}")});  // not reached
  zoom::ClientOptions options = setup.server.client_options();
  options.retry.max_attempts = 2;
  options.retry.initial_delay = std::chrono::milliseconds{1};
  zoom::Client client(setup.io.get_executor(), options);
  zoom::Request request;
  request.operation = "anything";
  request.path = {"phone", "x"};
  request.any_status = true;
  const zoom::Response response = zoom::test::run_io(setup.io, client.send(request));
  CHECK(response.status == 503);
  CHECK(response.body == R"({"code": 503, "message": "still busy"})");
  CHECK(setup.server.requests().size() == 2);
}

TEST_CASE("HEAD: the answer's Content-Length announces no body, and the connection is reused") {
  Setup setup;
  setup.server.script({"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: 5000\r\n\r\n"});
  setup.server.script({RawServer::response(200, "text/plain", "after")});
  auto client = setup.client();
  zoom::Request head;
  head.operation = "headThing";
  head.method = zoom::Method::head;
  head.path = {"things", "1"};
  zoom::add_header(head, "X-Ids", std::vector<std::string>{"a", "b"});
  const zoom::Response first = zoom::test::run_io(setup.io, client.send(head));
  CHECK(first.status == 200);
  CHECK(first.header("content-length") == "5000");
  CHECK(first.body.empty());
  zoom::Request get = head;
  get.method = zoom::Method::get;
  CHECK(zoom::test::run_io(setup.io, client.send(get)).body == "after");
  CHECK(setup.server.connections() == 1);
  REQUIRE(setup.server.requests().size() == 2);
  CHECK(setup.server.requests()[0].method_string() == "HEAD");
  CHECK(setup.server.requests()[0]["X-Ids"] == "a,b");  // an array header: one header, its values joined
}

TEST_CASE("odd but plausible values lose no record: lenient by default, reported, strict on request", "[lenient]") {
  Setup setup;
  // A missed call as a plain server might send it: lower-case headers, an empty answer time, an id
  // and a duration of the other JSON kind, an unknown enum value and an unknown field.
  const std::string first = R"({"call_logs": [
      {"id": 7017184835983901126, "duration": "0", "answer_start_time": "", "direction": "sideways", "new": 1},
      {"id": "b", "date_time": "exercitation"}],
      "next_page_token": "t2", "page_size": "2", "total_records": 3})";
  const std::string second = R"({"call_logs": [{"id": "c", "duration": 7}], "next_page_token": ""})";
  const auto reply = [](const std::string& body) {
    return "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: " + std::to_string(body.size()) +
           "\r\n\r\n" + body;
  };
  setup.server.script({reply(first)});
  setup.server.script({reply(second)});

  std::vector<std::string> reported;
  zoom::ClientOptions options;
  options.decoding.on_mismatch = [&](const zoom::json::Mismatch& m) { reported.push_back(m.path + ": " + m.problem); };
  zoom::Client client = setup.client(options);
  std::vector<phone::CallLog> records;
  zoom::test::run_io(setup.io, [&]() -> boost::asio::awaitable<void> {
    auto items = phone::list_user_call_logs_items(client, "me");
    while (auto record = co_await items.next()) records.push_back(std::move(*record));
  }());
  REQUIRE(records.size() == 3);
  CHECK(records[0].id == "7017184835983901126");
  CHECK(records[0].duration == 0);
  CHECK_FALSE(records[0].answer_start_time);
  CHECK(records[0].extra.at("answer_start_time") == "");
  CHECK(records[0].direction->wire() == "sideways");
  CHECK(records[0].extra.at("new") == 1);
  CHECK(records[1].extra.at("date_time") == "exercitation");
  CHECK(records[2].duration == 7);
  CHECK(reported == std::vector<std::string>{
                        R"(call_logs[0].answer_start_time: expected a date-time (RFC 3339), got "")",
                        R"(call_logs[1].date_time: expected a date-time (RFC 3339), got "exercitation")"});

  SECTION("a strict client refuses the first page, naming the value") {
    setup.server.script({reply(first)});
    zoom::ClientOptions strict;
    strict.decoding.strict = true;
    zoom::Client strict_client = setup.client(strict);
    CHECK(setup.error_of(strict_client) == "call_logs[0].id: expected string, got integer");
  }
}
