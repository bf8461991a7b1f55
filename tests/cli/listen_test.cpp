// `zoom-phone listen` run as a child process (posix_spawn, the secret token in its environment),
// posted to over loopback with signatures computed here with OpenSSL (not with the SDK's
// zoom::webhooks): the URL validation, signed events printed on stdout as sent, refusals (401,
// a reason on stderr, nothing on stdout), header names in any case, keep-alive, --format table,
// no secret (exit code 2), SIGTERM and SIGINT (exit code 0); and the in-process sandbox, a signer
// of its own, validating the URL and delivering events to it.
#include "../integration/hmac_hex.hpp"
#include "../examples/child_process.hpp"

#include <zoom/sandbox/sandbox.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <catch2/catch.hpp>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <signal.h>

using namespace std::chrono;
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace json = boost::json;

namespace {

constexpr const char* secret_env = "ZOOM_WEBHOOK_SECRET_TOKEN";
const std::string secret = "listen-test-secret-Hq42x";
// Guards against a hang only; nothing here asserts how long anything takes.
constexpr milliseconds guard{30000};

using zoom::test::hmac_hex;

// x-zm-signature as Zoom computes it.
std::string zoom_signature(std::string_view key, const std::string& timestamp, const std::string& body) {
  return "v0=" + hmac_hex(key, "v0:" + timestamp + ":" + body);
}

std::string now_seconds(seconds offset = seconds{0}) {
  return std::to_string(duration_cast<seconds>((system_clock::now() + offset).time_since_epoch()).count());
}

std::size_t count(const std::string& text, std::string_view needle) {
  std::size_t n = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + needle.size())) ++n;
  return n;
}

// `zoom-phone listen --port 0 ...` as a child process, its URL read from its stderr.
struct Listen {
  explicit Listen(std::vector<std::string> flags) : process(arguments(std::move(flags))) {
    constexpr std::string_view marker = "listening on http://127.0.0.1:";
    const auto give_up = steady_clock::now() + guard;
    std::string text;
    while ((text = process.stderr_text()).find(marker) == std::string::npos) {
      if (steady_clock::now() > give_up) throw std::runtime_error("no listening line; stderr:\n" + text);
      std::this_thread::sleep_for(milliseconds{10});
    }
    const auto at = text.find(marker) + marker.size();
    const auto slash = text.find('/', at);
    port = static_cast<std::uint16_t>(std::stoi(text.substr(at, slash - at)));
    path = text.substr(slash, text.find_first_of(" \n", slash) - slash);
  }

  static std::vector<std::string> arguments(std::vector<std::string> flags) {
    std::vector<std::string> all{ZOOM_PHONE_PROGRAM, "listen", "--port", "0"};
    all.insert(all.end(), flags.begin(), flags.end());
    return all;
  }

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port) + path; }
  std::string next_line() { return process.read_line(guard).value_or("<end of stdout>"); }

  zoom::test::ChildProcess process;
  std::uint16_t port = 0;
  std::string path;
};

// The secret in the child's environment (inherited through posix_spawn), or none.
struct SecretInEnvironment {
  explicit SecretInEnvironment(const char* value, const char* name = secret_env) : name(name) {
    if (value)
      ::setenv(name, value, 1);
    else
      ::unsetenv(name);
  }
  ~SecretInEnvironment() { ::unsetenv(name); }
  const char* name;
};

struct Response {
  unsigned status = 0;
  std::string body;
  bool keep_alive = false;
};

// One keep-alive HTTP/1.1 connection to 127.0.0.1:port.
class Client {
 public:
  explicit Client(std::uint16_t port) : stream_(io_) {
    boost::system::error_code result;
    stream_.expires_after(guard);
    stream_.async_connect(asio::ip::tcp::endpoint{asio::ip::make_address("127.0.0.1"), port},
                          [&](boost::system::error_code ec) { result = ec; });
    run("connect", result);
  }

  Response send(http::request<http::string_body> request) {
    request.set(http::field::host, "127.0.0.1");
    request.keep_alive(true);
    request.prepare_payload();
    boost::system::error_code result;
    stream_.expires_after(guard);
    http::async_write(stream_, request, [&](boost::system::error_code ec, std::size_t) { result = ec; });
    run("write", result);
    http::response<http::string_body> response;
    http::async_read(stream_, buffer_, response, [&](boost::system::error_code ec, std::size_t) { result = ec; });
    run("read", result);
    return {response.result_int(), response.body(), response.keep_alive()};
  }

  // A POST to `target` with these headers (names as given) and body.
  Response post(const std::string& target, const std::vector<std::pair<std::string, std::string>>& headers,
                const std::string& body) {
    http::request<http::string_body> request{http::verb::post, target, 11};
    request.set(http::field::content_type, "application/json; charset=utf-8");
    for (const auto& [name, value] : headers) request.set(name, value);
    request.body() = body;
    return send(std::move(request));
  }

  // A POST signed as Zoom signs, the headers named `timestamp_name` and `signature_name`.
  Response post_signed(const std::string& target, const std::string& body,
                       const std::string& timestamp_name = "x-zm-request-timestamp",
                       const std::string& signature_name = "x-zm-signature") {
    const std::string timestamp = now_seconds();
    return post(target, {{timestamp_name, timestamp}, {signature_name, zoom_signature(secret, timestamp, body)}}, body);
  }

 private:
  void run(const char* what, const boost::system::error_code& result) {
    io_.restart();
    io_.run();
    if (result) throw std::runtime_error(std::string{what} + ": " + result.message());
  }

  asio::io_context io_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
};

std::string event_body(const std::string& event, const std::string& id) {
  return json::serialize(json::object{
      {"event", event},
      {"event_ts", 1763208000123},
      {"payload", json::object{{"account_id", "acct-7"}, {"object", json::object{{"id", id}, {"user_id", "u-1"}}}}}});
}

// Runs the io_context until `done()`, or gives up after the guard.
bool run_until(asio::io_context& io, const std::function<bool()>& done) {
  const auto give_up = steady_clock::now() + guard;
  while (!done()) {
    if (steady_clock::now() > give_up) return false;
    if (io.stopped()) io.restart();
    io.run_for(milliseconds{5});
  }
  return true;
}

}  // namespace

TEST_CASE("zoom-phone listen: answers the URL validation with the HMAC of the plainToken", "[cli][listen]") {
  const SecretInEnvironment environment(secret.c_str());
  Listen listen({"--path", "/zoom/events"});
  CHECK(listen.path == "/zoom/events");
  Client client(listen.port);
  const std::string plain = "qgg8vlvZRS6UYooatFL8Aw";
  const std::string body = json::serialize(json::object{{"payload", json::object{{"plainToken", plain}}},
                                                        {"event_ts", 1763208000123},
                                                        {"event", "endpoint.url_validation"}});
  const Response response = client.post_signed("/zoom/events", body);
  REQUIRE(response.status == 200);
  const json::value answer = json::parse(response.body);
  CHECK(answer.at("plainToken").as_string() == plain);
  CHECK(answer.at("encryptedToken").as_string() == hmac_hex(secret, plain));
  CHECK(listen.process.stderr_text().find("URL validation") != std::string::npos);

  // The challenge is no event: nothing on stdout (the next line is the event below).
  const std::string event = event_body("phone.callee_missed", "after-validation");
  CHECK(client.post_signed("/zoom/events?source=test", event).status == 200);  // a query is ignored
  CHECK(listen.next_line() == event);

  // Other paths: 404, said on stderr.
  CHECK(client.post_signed("/elsewhere", event_body("phone.callee_missed", "elsewhere")).status == 404);
  CHECK(listen.process.stderr_text().find("404 for POST /elsewhere") != std::string::npos);

  listen.process.signal(SIGTERM);
  CHECK(listen.process.wait(guard) == 0);
  CHECK(listen.process.read_to_end(guard).empty());
}

TEST_CASE("zoom-phone listen: each signed event as one line on stdout, byte for byte, over one keep-alive connection",
          "[cli][listen]") {
  const SecretInEnvironment environment(secret.c_str());
  Listen listen({});
  CHECK(listen.path == "/");
  Client client(listen.port);

  // Spacing and key order as Zoom sent them: printed as is, not re-serialized.
  const std::string first =
      R"({"event": "phone.callee_ended", "payload": {"object": {"call_id": "7093", "id": "a1"}, "account_id": "acct-7"}, "event_ts": 1763208000123})";
  const Response response = client.post_signed("/", first);
  CHECK((response.status == 200 || response.status == 204));
  CHECK(response.keep_alive);
  CHECK(listen.next_line() == first);

  SECTION("header names in lower case, mixed case and upper case") {
    const std::string lower = event_body("phone.callee_missed", "lower");
    const std::string mixed = event_body("phone.callee_missed", "mixed");
    const std::string upper = event_body("phone.callee_missed", "upper");
    CHECK(client.post_signed("/", lower, "x-zm-request-timestamp", "x-zm-signature").status == 200);
    CHECK(client.post_signed("/", mixed, "X-Zm-Request-Timestamp", "X-Zm-Signature").status == 200);
    CHECK(client.post_signed("/", upper, "X-ZM-REQUEST-TIMESTAMP", "X-ZM-SIGNATURE").status == 200);
    CHECK(listen.next_line() == lower);
    CHECK(listen.next_line() == mixed);
    CHECK(listen.next_line() == upper);
  }
  SECTION("a pretty-printed body stays one line: Boost.JSON's compact serialization of it") {
    const std::string pretty =
        "{\n  \"event\": \"phone.caller_ended\",\n  \"event_ts\": 1763208000123,\n"
        "  \"payload\": {\"account_id\": \"acct-7\", \"object\": {\"id\": \"p1\"}}\n}\n";
    CHECK(client.post_signed("/", pretty).status == 200);
    const std::string line = listen.next_line();
    CHECK(line == json::serialize(json::parse(pretty)));
    CHECK(json::parse(line) == json::parse(pretty));
  }

  listen.process.signal(SIGTERM);
  CHECK(listen.process.wait(guard) == 0);
  CHECK(listen.process.read_to_end(guard).empty());
  CHECK(listen.process.stderr_text().find(secret) == std::string::npos);
}

TEST_CASE("zoom-phone listen: anything unverified is 401, with a reason on stderr and nothing on stdout",
          "[cli][listen]") {
  const SecretInEnvironment environment(secret.c_str());
  Listen listen({"--path", "/hook"});
  Client client(listen.port);
  const std::string body = event_body("phone.callee_missed", "refused");
  const std::string timestamp = now_seconds();
  const std::string stale = now_seconds(-minutes{10});

  struct Case {
    const char* name;
    std::vector<std::pair<std::string, std::string>> headers;
    const char* reason;  // the words on stderr
  };
  const std::vector<Case> cases{
      {"a wrong signature (another secret)",
       {{"x-zm-request-timestamp", timestamp}, {"x-zm-signature", zoom_signature("another-secret", timestamp, body)}},
       "401 (bad signature)"},
      {"a signature of another body",
       {{"x-zm-request-timestamp", timestamp}, {"x-zm-signature", zoom_signature(secret, timestamp, body + " ")}},
       "401 (bad signature)"},
      {"a stale timestamp, signed right for it",
       {{"x-zm-request-timestamp", stale}, {"x-zm-signature", zoom_signature(secret, stale, body)}},
       "401 (stale x-zm-request-timestamp)"},
      {"no x-zm-signature", {{"x-zm-request-timestamp", timestamp}}, "401 (missing x-zm-signature)"},
      {"no x-zm-request-timestamp",
       {{"X-Zm-Signature", zoom_signature(secret, timestamp, body)}},
       "401 (missing x-zm-request-timestamp)"},
      {"no header at all", {}, "401 (missing x-zm-request-timestamp)"},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    const std::size_t before = count(listen.process.stderr_text(), c.reason);
    const Response response = client.post("/hook", c.headers, body);
    CHECK(response.status == 401);
    // The reason is written before the answer is.
    const std::string after = listen.process.stderr_text();
    CHECK(count(after, c.reason) == before + 1);
    CHECK(after.find(secret) == std::string::npos);
  }

  // Nothing was printed for them: the next line on stdout is this event's.
  const std::string valid = event_body("phone.callee_missed", "valid");
  CHECK(client.post_signed("/hook", valid).status == 200);
  CHECK(listen.next_line() == valid);

  listen.process.signal(SIGTERM);
  CHECK(listen.process.wait(guard) == 0);
  CHECK(listen.process.read_to_end(guard).empty());
}

TEST_CASE("zoom-phone listen --format table: a summary line per event", "[cli][listen]") {
  const SecretInEnvironment environment(secret.c_str());
  Listen listen({"--format", "table"});
  Client client(listen.port);
  const std::string body = json::serialize(json::object{
      {"event", "phone.callee_call_history_completed"},
      {"event_ts", 1763208000123},  // 2025-11-15T12:00:00.123Z
      {"payload", json::object{{"account_id", "acct-7"},
                               {"object", json::object{{"user_id", "u-42"},
                                                       {"call_logs", json::array{json::object{{"id", "log-1"}},
                                                                                 json::object{{"id", "log-2"}}}}}}}}});
  CHECK(client.post_signed("/", body).status == 200);
  const std::string line = listen.next_line();
  CHECK_THAT(line, Catch::StartsWith("2025-11-15T12:00:00.123Z  phone.callee_call_history_completed"));
  CHECK_THAT(line, Catch::Contains("account=acct-7"));
  CHECK_THAT(line, Catch::Contains("user_id=u-42"));
  CHECK_THAT(line, Catch::Contains("call_log=log-1 (+1 more)"));

  listen.process.signal(SIGTERM);
  CHECK(listen.process.wait(guard) == 0);
}

TEST_CASE("zoom-phone listen without a secret token refuses to start: exit code 2, the variable named",
          "[cli][listen]") {
  SECTION("the default variable unset") {
    const SecretInEnvironment environment(nullptr);
    zoom::test::ChildProcess process({ZOOM_PHONE_PROGRAM, "listen", "--port", "0"});
    CHECK(process.wait(guard) == 2);
    CHECK(process.read_to_end(guard).empty());
    CHECK_THAT(process.stderr_text(), Catch::Contains("no secret token") && Catch::Contains(secret_env));
    CHECK(process.stderr_text().find("listening") == std::string::npos);
  }
  SECTION("the variable --secret-token-env names, set but empty") {
    const SecretInEnvironment environment("", "ZOOM_LISTEN_TEST_SECRET");
    zoom::test::ChildProcess process(
        {ZOOM_PHONE_PROGRAM, "listen", "--port", "0", "--secret-token-env", "ZOOM_LISTEN_TEST_SECRET"});
    CHECK(process.wait(guard) == 2);
    CHECK_THAT(process.stderr_text(), Catch::Contains("ZOOM_LISTEN_TEST_SECRET"));
  }
}

TEST_CASE("zoom-phone listen --secret-token-env: the secret token from another variable", "[cli][listen]") {
  const SecretInEnvironment no_default(nullptr);
  const SecretInEnvironment environment(secret.c_str(), "ZOOM_LISTEN_TEST_SECRET");
  Listen listen({"--secret-token-env", "ZOOM_LISTEN_TEST_SECRET"});
  Client client(listen.port);
  const std::string body = event_body("phone.callee_missed", "other-variable");
  CHECK(client.post_signed("/", body).status == 200);
  CHECK(listen.next_line() == body);
  listen.process.signal(SIGINT);
  CHECK(listen.process.wait(guard) == 0);
}

TEST_CASE("zoom-phone listen: SIGTERM or SIGINT stops it with exit code 0, a keep-alive connection open",
          "[cli][listen]") {
  const SecretInEnvironment environment(secret.c_str());
  Listen listen({});
  Client client(listen.port);
  const std::string body = event_body("phone.callee_missed", "before-the-signal");
  CHECK(client.post_signed("/", body).status == 200);
  CHECK(listen.next_line() == body);
  const int signal = GENERATE(SIGTERM, SIGINT);
  listen.process.signal(signal);
  CHECK(listen.process.wait(guard) == 0);
  CHECK(listen.process.read_to_end(guard).empty());
  CHECK_THAT(listen.process.stderr_text(), Catch::Contains("stopped"));
}

TEST_CASE("zoom-phone listen: the sandbox validates the URL and delivers events to it", "[cli][listen][sandbox]") {
  const SecretInEnvironment environment(secret.c_str());
  Listen listen({"--path", "/zoom/events"});

  asio::io_context io;
  zoom::sandbox::Options options;
  options.clock = [] { return sys_days{2026y / November / 15} + 12h; };  // event_ts; the signatures use the real clock
  zoom::sandbox::Sandbox sandbox(io.get_executor(), options);
  sandbox.start();
  zoom::sandbox::WebhookSubscription subscription;
  subscription.url = listen.url() + "?source=sandbox";
  subscription.secret_token = secret;
  subscription.retry_delays = {milliseconds{10}, milliseconds{10}, milliseconds{10}};
  subscription.scan_interval = milliseconds{0};  // completed calls only when asked
  sandbox.subscribe(subscription);
  REQUIRE(run_until(io, [&] { return sandbox.webhook_status().validations == 1 && sandbox.webhook_status().idle(); }));
  INFO(sandbox.webhook_status().validation_error);
  REQUIRE(sandbox.webhook_status().validated);

  const json::object object{{"id", "sandbox-call-1"}, {"callee", json::object{{"extension_number", 1001}}}};
  REQUIRE(sandbox.send_event("phone.callee_missed", object) == 1);
  REQUIRE(run_until(io, [&] { return sandbox.webhook_status().idle(); }));
  CHECK(sandbox.webhook_status().delivered == 1);
  auto attempts = sandbox.webhook_attempts();
  REQUIRE(attempts.size() == 2);  // the challenge, the event
  CHECK(attempts[1].ok);
  CHECK(listen.next_line() == attempts[1].body);

  // The sandbox's own bad signature: 401 and a reason; its retry, signed right, is printed once.
  sandbox.inject_webhook({.kind = zoom::sandbox::WebhookFault::Kind::bad_signature});
  const json::object second{{"id", "sandbox-call-2"}};
  REQUIRE(sandbox.send_event("phone.callee_missed", second) == 2);
  REQUIRE(run_until(io, [&] { return sandbox.webhook_status().idle(); }));
  CHECK(sandbox.webhook_status().delivered == 2);
  attempts = sandbox.webhook_attempts();
  REQUIRE(attempts.size() == 4);
  CHECK(attempts[2].status == 401);
  CHECK(attempts[3].ok);
  CHECK(listen.process.stderr_text().find("401 (bad signature)") != std::string::npos);
  CHECK(listen.next_line() == attempts[3].body);

  sandbox.stop();
  listen.process.signal(SIGTERM);
  CHECK(listen.process.wait(guard) == 0);
  CHECK(listen.process.read_to_end(guard).empty());
}
