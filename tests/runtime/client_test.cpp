// zoom::Client construction: on the caller's executor, doing no work until the first request,
// and refusing options that cannot work. Calls are tested against servers in tests/integration.
#include "catch_printers.hpp"

#include <zoom/client.hpp>
#include <zoom/error.hpp>
#include <zoom/phone/call_logs.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include <chrono>
#include <exception>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>

using namespace std::chrono;
using Catch::Matchers::Contains;


TEST_CASE("A Client runs on the executor it is given", "[client]") {
  boost::asio::io_context io;

  SECTION("default options point at Zoom's API") {
    const zoom::Client client{io.get_executor()};
    CHECK(client.options().base_url == "https://api.zoom.us/v2");
    CHECK(client.get_executor() == boost::asio::any_io_executor{io.get_executor()});
  }

  SECTION("options are kept as given") {
    const zoom::Client client{io.get_executor(), {.base_url = "http://127.0.0.1:8080/v2", .allow_plain_http = true}};
    CHECK(client.options().base_url == "http://127.0.0.1:8080/v2");
  }

  SECTION("constructing it does no work on the executor") {
    const zoom::Client client{io.get_executor()};
    CHECK(io.poll() == 0);
  }
}

TEST_CASE("Options that cannot work fail when the client is made", "[client]") {
  boost::asio::io_context io;
  CHECK_THROWS_WITH((zoom::Client{io.get_executor(), {.extra_ca_file = "/nonexistent/ca.pem"}}),
                    Contains("cannot load ClientOptions::extra_ca_file '/nonexistent/ca.pem'"));
  CHECK_THROWS_WITH((zoom::Client{io.get_executor(), {.base_url = "https://"}}),
                    Contains("ClientOptions::base_url 'https://'"));
  CHECK_THROWS_WITH(
      (zoom::Client{io.get_executor(), {.credentials = zoom::ServerToServerOAuth{"acc", "", "secret-value"}}}),
      "ServerToServerOAuth needs an account id, a client id and a client secret; one of them is empty");
  CHECK(io.poll() == 0);
}

TEST_CASE("An operation without a response body sends through the client, and what building its request threw is thrown when it is awaited", "[client]") {
  boost::asio::io_context io;
  zoom::Client client{io.get_executor()};  // no credentials: every send fails, before any I/O
  const auto outcome = [&](boost::asio::awaitable<void> operation) {
    std::exception_ptr error;
    bool done = false;
    io.restart();
    boost::asio::co_spawn(io, std::move(operation), [&](std::exception_ptr e) {
      error = e;
      done = true;
    });
    io.run();
    REQUIRE(done);
    return error;
  };

  SECTION("the request it builds goes to Client::send") {
    bool built = false;
    auto operation = zoom::send_dropping_response(client, [&] {
      built = true;
      zoom::Request request;
      request.path = {"phone", "sites", "s1"};
      request.method = zoom::Method::delete_;
      return request;
    });
    CHECK(built);  // at once: not a coroutine
    const std::exception_ptr error = outcome(std::move(operation));
    REQUIRE(error);
    CHECK_THROWS_WITH(std::rethrow_exception(error), Contains("no credentials"));
  }

  SECTION("building it fails: the same exception, when awaited, not when called") {
    auto operation = zoom::send_dropping_response(client, []() -> zoom::Request {
      throw std::invalid_argument("the body cannot be encoded");
    });
    CHECK(io.poll() == 0);  // nothing was thrown, nothing is running
    const std::exception_ptr error = outcome(std::move(operation));
    REQUIRE(error);
    CHECK_THROWS_AS(std::rethrow_exception(error), std::invalid_argument);
    CHECK_THROWS_WITH(std::rethrow_exception(error), "the body cannot be encoded");
  }
}
