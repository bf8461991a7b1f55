// zoom::Client as it is today: constructed on the caller's executor, and without a transport,
// so every call fails with zoom::TransportError instead of returning an invented response.
#include "catch_printers.hpp"

#include <zoom/client.hpp>
#include <zoom/error.hpp>
#include <zoom/phone/call_logs.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include <chrono>
#include <exception>
#include <optional>
#include <string>
#include <utility>

using namespace std::chrono;
using Catch::Matchers::Contains;

namespace {

// What a coroutine spawned on the io_context ended with.
template <class T>
struct Outcome {
  int completions = 0;
  std::exception_ptr error;
  std::optional<T> value;
};

template <class T>
Outcome<T> run(boost::asio::io_context& io, boost::asio::awaitable<T> task) {
  Outcome<T> outcome;
  boost::asio::co_spawn(io, std::move(task), [&outcome](std::exception_ptr error, T value) {
    ++outcome.completions;
    outcome.error = error;
    if (!error) outcome.value = std::move(value);
  });
  io.run();
  return outcome;
}

}  // namespace

TEST_CASE("A Client runs on the executor it is given", "[client]") {
  boost::asio::io_context io;

  SECTION("default options point at Zoom's API") {
    const zoom::Client client{io.get_executor()};
    CHECK(client.options().base_url == "https://api.zoom.us/v2");
    CHECK(client.get_executor() == boost::asio::any_io_executor{io.get_executor()});
  }

  SECTION("options are kept as given") {
    const zoom::Client client{io.get_executor(), {.base_url = "http://127.0.0.1:8080/v2"}};
    CHECK(client.options().base_url == "http://127.0.0.1:8080/v2");
  }

  SECTION("constructing it does no work on the executor") {
    const zoom::Client client{io.get_executor()};
    CHECK(io.poll() == 0);
  }
}

TEST_CASE("Without a transport, a call fails with TransportError and no response", "[client]") {
  boost::asio::io_context io;
  zoom::Client client{io.get_executor()};

  SECTION("through the generated operation") {
    auto outcome = run(io, zoom::phone::list_user_call_logs(client, "me"));
    CHECK(outcome.completions == 1);
    CHECK_FALSE(outcome.value);
    REQUIRE(outcome.error);
    CHECK_THROWS_AS(std::rethrow_exception(outcome.error), zoom::TransportError);
    CHECK_THROWS_AS(std::rethrow_exception(outcome.error), zoom::Error);
    CHECK_THROWS_WITH(std::rethrow_exception(outcome.error),
                      Contains("GET") && Contains("/phone/users/me/call_logs?type=all&time_type=startTime&page_size=30") &&
                          Contains("listUserCallLogs"));
  }

  SECTION("the message names the request actually asked for") {
    auto outcome = run(io, zoom::phone::list_user_call_logs(
                               client, "a@b.com", {.from = 2026y / October / 1, .to = 2026y / October / 31}));
    REQUIRE(outcome.error);
    CHECK_THROWS_WITH(std::rethrow_exception(outcome.error),
                      Contains("/phone/users/a%40b.com/call_logs?from=2026-10-01&to=2026-10-31&type=all"));
  }

  SECTION("through Client::send") {
    zoom::Request request = zoom::phone::make_list_user_call_logs_request("me");
    auto outcome = run(io, client.send(std::move(request)));
    CHECK(outcome.completions == 1);
    CHECK_FALSE(outcome.value);
    REQUIRE(outcome.error);
    CHECK_THROWS_AS(std::rethrow_exception(outcome.error), zoom::TransportError);
    CHECK_THROWS_WITH(std::rethrow_exception(outcome.error), Contains("listUserCallLogs") && Contains("GET"));
  }
}
