// Client::send with a body sink: downloads streamed piece by piece from a scripted server on
// loopback, with the pipeline of send around them (retries, keep-alive, errors).
#include "raw_server.hpp"
#include "run_io.hpp"

#include <zoom/client.hpp>
#include <zoom/error.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <iterator>
#include <stdexcept>
#include <string>
#include <string_view>

using zoom::test::RawServer;
using zoom::test::run_io;
using Catch::Matchers::Contains;

namespace {

constexpr std::size_t MiB = 1024 * 1024;

// Bytes of every value, in an order that repeats only after a long while.
std::string payload(std::size_t size, std::uint32_t seed = 1) {
  std::string bytes(size, '\0');
  std::uint32_t state = seed;
  for (char& byte : bytes) {
    state = state * 1664525u + 1013904223u;
    byte = static_cast<char>(state >> 24);
  }
  return bytes;
}

// FNV-1a over the bytes in order, fed piece by piece.
struct Checksum {
  std::uint64_t value = 14695981039346656037ull;
  void add(std::string_view bytes) {
    for (const char c : bytes) value = (value ^ static_cast<unsigned char>(c)) * 1099511628211ull;
  }
};

std::uint64_t checksum(std::string_view bytes) {
  Checksum sum;
  sum.add(bytes);
  return sum.value;
}

// What a sink saw: the bytes' checksum, how many, in how many pieces.
struct Received {
  Checksum sum;
  std::size_t bytes = 0;
  std::size_t pieces = 0;
  std::size_t largest = 0;

  zoom::BodySink sink() {
    return [this](std::string_view piece) {
      sum.add(piece);
      bytes += piece.size();
      ++pieces;
      largest = std::max(largest, piece.size());
    };
  }
};

// `body` in HTTP/1.1 chunked encoding, in chunks of the sizes given, over and over.
std::string chunked(std::string_view body) {
  static constexpr std::size_t sizes[] = {1, 7, 4096, 70000, 333, 65536, 100000};
  std::string out;
  std::size_t at = 0;
  for (std::size_t i = 0; at < body.size(); ++i) {
    const std::size_t n = std::min(sizes[i % std::size(sizes)], body.size() - at);
    char size_line[32];
    std::snprintf(size_line, sizeof size_line, "%zx\r\n", n);
    out += size_line;
    out.append(body.substr(at, n));
    out += "\r\n";
    at += n;
  }
  return out + "0\r\n\r\n";
}

std::string chunked_response(std::string_view body) {
  return "HTTP/1.1 200 OK\r\nContent-Type: audio/mpeg\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked(body);
}

struct Setup {
  boost::asio::io_context io;
  RawServer server{io};

  zoom::Client client(zoom::ClientOptions options = {}) {
    options = server.client_options(std::move(options));
    options.retry.initial_delay = std::chrono::milliseconds{1};
    options.retry.max_delay = std::chrono::milliseconds{2};
    return zoom::Client(io.get_executor(), options);
  }

  static zoom::Request recording(zoom::Method method = zoom::Method::get) {
    zoom::Request request;
    request.operation = "downloadRecording";
    request.method = method;
    request.path = {"phone", "recording", "download", "R1"};
    return request;
  }

  zoom::Response download(zoom::Client& client, zoom::BodySink sink, bool any_status = false,
                          zoom::Method method = zoom::Method::get) {
    zoom::Request request = recording(method);
    request.any_status = any_status;
    return run_io(io, client.send(std::move(request), std::move(sink)));
  }
};

}  // namespace

TEST_CASE("a 5 MiB body reaches the sink in order, in pieces, and the connection is kept", "[download]") {
  Setup setup;
  const std::string body = payload(5 * MiB);
  setup.server.script({RawServer::response(200, "audio/mpeg", body, "x-zm-trackingid: T-9\r\n")});
  const std::string second = payload(3 * MiB + 17, 2);
  setup.server.script({chunked_response(second)});
  zoom::ClientOptions options;
  options.max_response_body = 1 * MiB;  // does not bound a streamed body
  auto client = setup.client(options);

  Received first;
  const zoom::Response response = setup.download(client, first.sink());
  CHECK(response.status == 200);
  CHECK(response.header("content-type") == "audio/mpeg");
  CHECK(response.header("x-zm-trackingid") == "T-9");
  CHECK(response.header("content-length") == std::to_string(body.size()));
  CHECK(response.body.empty());
  CHECK(first.bytes == body.size());
  CHECK(first.sum.value == checksum(body));
  CHECK(first.pieces > 1);
  CHECK(first.largest <= 64 * 1024);

  SECTION("then a chunked body on the same connection") {
    Received chunks;
    const zoom::Response response2 = setup.download(client, chunks.sink());
    CHECK(response2.status == 200);
    CHECK(response2.header("transfer-encoding") == "chunked");
    CHECK(response2.body.empty());
    CHECK(chunks.bytes == second.size());
    CHECK(chunks.sum.value == checksum(second));
    CHECK(chunks.pieces > 1);
    CHECK(client.connections_opened() == 1);
    CHECK(setup.server.connections() == 1);
    CHECK(setup.server.requests().size() == 2);
  }
  SECTION("while send without a sink holds the body and refuses one over max_response_body") {
    setup.server.script({RawServer::response(200, "audio/mpeg", body)});
    CHECK_THROWS_WITH(run_io(setup.io, client.send(Setup::recording())),
                      Contains("the response body is larger than ClientOptions::max_response_body"));
  }
}

TEST_CASE("a download is retried only before its first byte reached the sink", "[download]") {
  Setup setup;
  const std::string body = payload(2 * MiB + 5, 3);
  auto client = setup.client();

  SECTION("a 503 first, then the body") {
    setup.server.script({RawServer::response(503, "application/json", R"({"code": 503, "message": "busy"})")});
    setup.server.script({RawServer::response(200, "video/mp4", body)});
    Received received;
    const auto response = setup.download(client, received.sink());
    CHECK(response.status == 200);
    CHECK(received.bytes == body.size());
    CHECK(received.sum.value == checksum(body));  // the 503's body never reached the sink
    CHECK(setup.server.requests().size() == 2);
  }
  SECTION("a connection that breaks mid-body is a TransportError saying how far it got, not retried") {
    const std::string whole = RawServer::response(200, "video/mp4", body);
    const std::size_t header_size = whole.size() - body.size();
    setup.server.script({whole.substr(0, header_size + 1 * MiB), true});  // 1 MiB of the body, then closed
    setup.server.script({whole});                                         // must not be asked for
    Received received;
    try {
      setup.download(client, received.sink());
      FAIL("no error");
    } catch (const zoom::TransportError& error) {
      CHECK_THAT(error.what(), Contains("the server closed the connection before the response was complete"));
      CHECK_THAT(error.what(), Contains("the download broke after 1048576 bytes were delivered to the sink"));
    }
    CHECK(received.bytes == 1 * MiB);
    CHECK(received.sum.value == checksum(std::string_view{body}.substr(0, 1 * MiB)));
    CHECK(setup.server.requests().size() == 1);
  }
}

TEST_CASE("an error status never reaches the sink", "[download]") {
  Setup setup;
  auto client = setup.client();
  setup.server.script({RawServer::response(404, "application/json", R"({"code": 3301, "message": "No recording."})")});
  Received received;
  SECTION("it is an ApiError as with send") {
    try {
      setup.download(client, received.sink());
      FAIL("no error");
    } catch (const zoom::ApiError& error) {
      CHECK(error.status() == 404);
      CHECK(error.code() == 3301);
      CHECK(error.message() == "No recording.");
    }
  }
  SECTION("with any_status it is returned, its body in the Response") {
    const auto response = setup.download(client, received.sink(), true);
    CHECK(response.status == 404);
    CHECK(response.body == R"({"code": 3301, "message": "No recording."})");
  }
  CHECK(received.bytes == 0);
  CHECK(received.pieces == 0);
}

TEST_CASE("an error body is bounded by max_response_body with a sink too", "[download]") {
  Setup setup;
  zoom::ClientOptions options;
  options.max_response_body = 1000;
  options.retry.max_attempts = 1;
  auto client = setup.client(options);
  const std::string html = "<html>" + std::string(5000, 'x') + "</html>";
  SECTION("with a Content-Length") { setup.server.script({RawServer::response(500, "text/html", html)}); }
  SECTION("chunked") {
    setup.server.script({"HTTP/1.1 500 Oops\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n" +
                         chunked(html)});
  }
  Received received;
  CHECK_THROWS_WITH(setup.download(client, received.sink(), true),
                    Contains("the response body is larger than ClientOptions::max_response_body (1000 bytes)"));
  CHECK(received.bytes == 0);
}

TEST_CASE("what the sink throws ends the call, and the client stays usable", "[download]") {
  Setup setup;
  const std::string body = payload(4 * MiB, 4);
  setup.server.script({RawServer::response(200, "video/mp4", body)});
  setup.server.script({RawServer::response(200, "video/mp4", body)});
  auto client = setup.client();
  struct DiskFull : std::runtime_error {
    using std::runtime_error::runtime_error;
  };
  std::size_t calls = 0;
  CHECK_THROWS_AS(setup.download(client,
                                 [&](std::string_view) {
                                   if (++calls == 3) throw DiskFull("disk full");
                                 }),
                  DiskFull);
  CHECK(calls == 3);
  CHECK(setup.server.requests().size() == 1);  // not retried

  Received received;
  const auto response = setup.download(client, received.sink());
  CHECK(response.status == 200);
  CHECK(received.sum.value == checksum(body));
  CHECK(setup.server.connections() == 2);  // the first connection was closed mid-body
}

TEST_CASE("an empty sink is refused", "[download]") {
  Setup setup;
  auto client = setup.client();
  CHECK_THROWS_AS(client.send(zoom::Request{}, zoom::BodySink{}), std::invalid_argument);
}

TEST_CASE("a HEAD request with a sink: no body is awaited, none reaches the sink", "[download]") {
  Setup setup;
  setup.server.script({"HTTP/1.1 200 OK\r\nContent-Type: video/mp4\r\nContent-Length: 5000\r\n\r\n"});
  setup.server.script({RawServer::response(200, "video/mp4", "after")});
  auto client = setup.client();
  Received received;
  const auto response = setup.download(client, received.sink(), false, zoom::Method::head);
  CHECK(response.status == 200);
  CHECK(response.header("content-length") == "5000");
  CHECK(received.pieces == 0);
  CHECK(setup.download(client, received.sink()).status == 200);
  CHECK(received.bytes == 5);
  CHECK(setup.server.connections() == 1);
}
