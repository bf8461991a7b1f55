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
