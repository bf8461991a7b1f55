// The sandbox playing Zoom's webhooks, against a small Beast receiver written here (which checks
// the signatures with OpenSSL itself: neither the SDK's receiver nor the sandbox's signing code
// is used to judge the sandbox): the URL-validation challenge first, signed events, retries of
// the same body with new timestamps and signatures when the receiver answers 500 or too
// slowly, the scripted faults (bad signature, stale timestamp, replay, duplicate), and the
// completed events of the synthetic calls as they end on the sandbox's clock.
#include "hmac_hex.hpp"

#include <zoom/sandbox/sandbox.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
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
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

using namespace std::chrono;
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace json = boost::json;
namespace sbx = zoom::sandbox;

namespace {

constexpr std::string_view secret = "test-secret-token-Zq93";

using zoom::test::hmac_hex;

// What Zoom's documentation says a receiver must check.
bool signature_valid(std::string_view key, const std::string& timestamp, const std::string& body,
                     const std::string& signature) {
  return signature == "v0=" + hmac_hex(key, "v0:" + timestamp + ":" + body);
}

std::int64_t real_now_seconds() { return duration_cast<seconds>(system_clock::now().time_since_epoch()).count(); }

// One request the receiver got.
struct Received {
  std::string target, content_type, user_agent, timestamp, signature, tracking_id, body;
  std::string event;   // the body's "event"
  bool valid = false;  // the signature checks out with `secret`
};

// A webhook endpoint on 127.0.0.1: reads each request, asks `handler` what to answer (and how
// long to wait first), and answers, one request per connection.
class Receiver {
 public:
  struct Reply {
    unsigned status = 200;
    std::string body{};
    milliseconds delay{0};
  };
  using Handler = std::function<Reply(const Received&, std::size_t event_number)>;

  explicit Receiver(asio::io_context& io) : state_(std::make_shared<State>(io)) {
    asio::co_spawn(io, accept(state_), asio::detached);
  }
  ~Receiver() {
    boost::system::error_code ignored;
    state_->acceptor.close(ignored);
  }

  std::string url(const std::string& path = "/zoom/events?source=sandbox") const {
    return "http://127.0.0.1:" + std::to_string(state_->acceptor.local_endpoint().port()) + path;
  }
  // The answer to each event (not to the challenge, which gets the right answer unless
  // `challenge` is set); `event_number` counts events received, from 1.
  void on_event(Handler handler) { state_->handler = std::move(handler); }
  void on_challenge(std::function<Reply(const Received&)> challenge) { state_->challenge = std::move(challenge); }
  const std::vector<Received>& received() const { return state_->received; }
  std::vector<Received> events() const {
    std::vector<Received> out;
    for (const auto& r : state_->received)
      if (r.event != "endpoint.url_validation") out.push_back(r);
    return out;
  }

  // The right answer to a challenge, computed here.
  static Reply answer_challenge(const Received& r) {
    const std::string plain(json::parse(r.body).at("payload").at("plainToken").as_string());
    return {200, json::serialize(json::object{{"plainToken", plain}, {"encryptedToken", hmac_hex(secret, plain)}})};
  }

 private:
  struct State {
    explicit State(asio::io_context& io) : acceptor(io, {asio::ip::make_address("127.0.0.1"), 0}) {}
    asio::ip::tcp::acceptor acceptor;
    Handler handler = [](const Received& r, std::size_t) { return Reply{r.valid ? 200u : 401u}; };
    std::function<Reply(const Received&)> challenge = answer_challenge;
    std::vector<Received> received;
    std::size_t events = 0;
  };

  static asio::awaitable<void> accept(std::shared_ptr<State> state) {
    for (;;) {
      boost::system::error_code ec;
      auto socket = co_await state->acceptor.async_accept(asio::redirect_error(asio::use_awaitable, ec));
      if (ec) co_return;
      asio::co_spawn(state->acceptor.get_executor(), serve(state, std::move(socket)), asio::detached);
    }
  }

  static asio::awaitable<void> serve(std::shared_ptr<State> state, asio::ip::tcp::socket socket) {
    boost::system::error_code ec;
    beast::flat_buffer buffer;
    http::request<http::string_body> req;
    co_await http::async_read(socket, buffer, req, asio::redirect_error(asio::use_awaitable, ec));
    if (ec) co_return;
    Received r;
    r.target = std::string(req.target());
    r.content_type = std::string(req[http::field::content_type]);
    r.user_agent = std::string(req[http::field::user_agent]);
    r.timestamp = std::string(req["x-zm-request-timestamp"]);
    r.signature = std::string(req["x-zm-signature"]);
    r.tracking_id = std::string(req["x-zm-trackingid"]);
    r.body = req.body();
    r.valid = signature_valid(secret, r.timestamp, r.body, r.signature);
    const json::value body = json::parse(r.body, ec);
    if (!ec && body.is_object() && body.as_object().contains("event"))
      r.event = std::string(body.at("event").as_string());
    state->received.push_back(r);
    const Reply reply = r.event == "endpoint.url_validation" ? state->challenge(r) : state->handler(r, ++state->events);
    if (reply.delay.count() > 0) {
      asio::steady_timer timer(socket.get_executor(), reply.delay);
      co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    }
    http::response<http::string_body> res(static_cast<http::status>(reply.status), 11);
    res.set(http::field::content_type, "application/json");
    res.body() = reply.body;
    res.keep_alive(false);
    res.prepare_payload();
    co_await http::async_write(socket, res, asio::redirect_error(asio::use_awaitable, ec));
    socket.shutdown(asio::ip::tcp::socket::shutdown_both, ec);
  }

  std::shared_ptr<State> state_;
};

// Runs the io_context until `done()` (a guard of 30 s real time against a hang, not a timing
// assertion). False when it gave up.
bool run_until(asio::io_context& io, const std::function<bool()>& done) {
  const auto give_up = steady_clock::now() + 30s;
  while (!done()) {
    if (steady_clock::now() > give_up) return false;
    if (io.stopped()) io.restart();
    io.run_for(5ms);
  }
  return true;
}

// The sandbox's clock in these tests: set by the test, moved by the test.
struct TestClock {
  system_clock::time_point now = sys_days{2026y / November / 16} + 14h;  // a Monday
  std::function<system_clock::time_point()> function() {
    return [this] { return now; };
  }
};

// A subscription with the deadline and the retry schedule shrunk for tests.
sbx::WebhookSubscription fast_subscription(const std::string& url) {
  sbx::WebhookSubscription s;
  s.url = url;
  s.secret_token = std::string(secret);
  s.deadline = 300ms;
  s.retry_delays = {10ms, 10ms, 10ms};
  s.scan_interval = 0ms;  // completed calls only when the test asks
  return s;
}

struct Setup {
  explicit Setup(sbx::Options options = {}) : receiver(io), sandbox(io.get_executor(), with_clock(std::move(options))) {
    sandbox.start();
  }
  sbx::Options with_clock(sbx::Options options) {
    options.clock = clock.function();
    return options;
  }
  bool settle() {
    return run_until(io, [&] { return sandbox.webhook_status().idle(); });
  }

  TestClock clock;
  asio::io_context io;
  Receiver receiver;
  sbx::Sandbox sandbox;
};

bool no_secret_in(const std::vector<sbx::WebhookAttempt>& attempts, const sbx::WebhookStatus& status) {
  for (const auto& a : attempts)
    if (a.body.find(secret) != std::string::npos || a.error.find(secret) != std::string::npos ||
        a.response_body.find(secret) != std::string::npos)
      return false;
  return status.validation_error.find(secret) == std::string::npos;
}

}  // namespace

TEST_CASE("webhooks: the challenge comes first, then the event, signed as Zoom signs", "[integration][webhooks]") {
  Setup t;
  t.sandbox.subscribe(fast_subscription(t.receiver.url()));
  const std::uint64_t delivery = t.sandbox.send_event(
      "phone.callee_ringing", json::object{{"id", "abc"}, {"callee", json::object{{"extension_number", 1001}}}});
  CHECK(delivery == 1);
  REQUIRE(t.settle());

  const auto& got = t.receiver.received();
  REQUIRE(got.size() == 2);
  // The challenge: signed too, with a fresh plainToken, answered right.
  CHECK(got[0].event == "endpoint.url_validation");
  CHECK(got[0].valid);
  const json::value challenge = json::parse(got[0].body);
  CHECK(challenge.at("payload").at("plainToken").as_string().size() >= 16);
  CHECK(got[0].target == "/zoom/events?source=sandbox");

  // The event, after the challenge: Zoom's body, headers and signature.
  const Received& event = got[1];
  CHECK(event.valid);
  CHECK(event.target == "/zoom/events?source=sandbox");
  CHECK(event.content_type.starts_with("application/json"));
  CHECK(event.user_agent == "Zoom Marketplace/1.0a");
  CHECK(event.signature.size() == 3 + 64);
  CHECK(std::abs(std::stoll(event.timestamp) - real_now_seconds()) < 120);  // the real clock, not the sandbox's
  CHECK(!event.tracking_id.empty());
  const json::value body = json::parse(event.body);
  CHECK(body.at("event").as_string() == "phone.callee_ringing");
  CHECK(body.at("event_ts").to_number<std::int64_t>() ==
        duration_cast<milliseconds>(t.clock.now.time_since_epoch()).count());  // the sandbox's clock
  CHECK(body.at("payload").at("account_id").as_string() == t.sandbox.credentials().account_id);
  CHECK(body.at("payload").at("object").at("id").as_string() == "abc");

  const auto attempts = t.sandbox.webhook_attempts();
  REQUIRE(attempts.size() == 2);
  CHECK(attempts[0].delivery == 0);
  CHECK(attempts[0].event == "endpoint.url_validation");
  CHECK(attempts[0].ok);
  CHECK(attempts[1].delivery == 1);
  CHECK(attempts[1].attempt == 1);
  CHECK(attempts[1].ok);
  CHECK(attempts[1].status == 200);
  CHECK(attempts[1].signed_correctly);
  CHECK(attempts[1].body == event.body);
  CHECK(attempts[1].signature == event.signature);
  const auto status = t.sandbox.webhook_status();
  CHECK(status.validated);
  CHECK(status.validations == 1);
  CHECK(status.delivered == 1);
  CHECK(no_secret_in(attempts, status));
}

TEST_CASE("webhooks: a URL that fails the challenge receives nothing, and the sandbox says why",
          "[integration][webhooks]") {
  Setup t;
  SECTION("a wrong encryptedToken") {
    t.receiver.on_challenge([](const Received& r) {
      Receiver::Reply reply = Receiver::answer_challenge(r);
      const std::string plain(json::parse(r.body).at("payload").at("plainToken").as_string());
      reply.body = json::serialize(json::object{{"plainToken", plain}, {"encryptedToken", hmac_hex("wrong", plain)}});
      return reply;
    });
    t.sandbox.subscribe(fast_subscription(t.receiver.url()));
    CHECK(t.sandbox.send_event("phone.callee_missed", json::object{}) == 1);  // queued before the answer
    REQUIRE(t.settle());
    CHECK(t.sandbox.webhook_status().validation_error.find("encryptedToken") != std::string::npos);
  }
  SECTION("a 404") {
    t.receiver.on_challenge([](const Received&) { return Receiver::Reply{404}; });
    t.sandbox.subscribe(fast_subscription(t.receiver.url()));
    CHECK(t.sandbox.send_event("phone.callee_missed", json::object{}) == 1);
    REQUIRE(t.settle());
    CHECK(t.sandbox.webhook_status().validation_error.find("404") != std::string::npos);
  }
  CHECK(t.sandbox.send_event("phone.callee_missed", json::object{}) == 0);  // refused from now on
  REQUIRE(t.settle());
  const auto status = t.sandbox.webhook_status();
  CHECK_FALSE(status.validated);
  CHECK(status.not_sent == 2);
  CHECK(status.delivered == 0);
  CHECK(t.receiver.events().empty());
  REQUIRE(t.receiver.received().size() == 1);  // the challenge only
  const auto attempts = t.sandbox.webhook_attempts();
  REQUIRE(attempts.size() == 1);
  CHECK_FALSE(attempts[0].ok);
  CHECK(no_secret_in(attempts, status));

  // Answering right and validating again opens the URL.
  t.receiver.on_challenge(Receiver::answer_challenge);
  t.sandbox.revalidate();
  REQUIRE(t.settle());
  CHECK(t.sandbox.webhook_status().validated);
  CHECK(t.sandbox.send_event("phone.callee_missed", json::object{}) != 0);
  REQUIRE(t.settle());
  CHECK(t.receiver.events().size() == 1);
}

TEST_CASE("webhooks: a 500 or an answer too slow gets a retry: the same body, a new timestamp and signature",
          "[integration][webhooks]") {
  Setup t;
  bool slow = false;
  SECTION("500") { slow = false; }
  SECTION("slower than the deadline") { slow = true; }
  t.receiver.on_event([&](const Received&, std::size_t n) {
    if (n == 1) return slow ? Receiver::Reply{200, "", 2000ms} : Receiver::Reply{500, R"({"error":"busy"})"};
    return Receiver::Reply{204};
  });
  t.sandbox.subscribe(fast_subscription(t.receiver.url()));
  t.sandbox.send_event("phone.caller_ended", json::object{{"call_id", "7123456789012345678"}});
  REQUIRE(t.settle());

  const auto events = t.receiver.events();
  REQUIRE(events.size() == 2);
  CHECK(events[0].body == events[1].body);  // the same event_ts too
  CHECK(events[0].timestamp != events[1].timestamp);
  CHECK(events[0].signature != events[1].signature);
  CHECK(events[0].valid);
  CHECK(events[1].valid);

  const auto attempts = t.sandbox.webhook_attempts();
  REQUIRE(attempts.size() == 3);
  CHECK(attempts[1].attempt == 1);
  CHECK_FALSE(attempts[1].ok);
  if (slow) {
    CHECK(attempts[1].timed_out);
    CHECK(attempts[1].status == 0);
    CHECK(attempts[1].error.find("no answer within 300 ms") != std::string::npos);
  } else {
    CHECK(attempts[1].status == 500);
    CHECK(attempts[1].error == "HTTP 500");
  }
  CHECK(attempts[2].attempt == 2);
  CHECK(attempts[2].ok);
  CHECK(attempts[2].status == 204);
  const auto status = t.sandbox.webhook_status();
  CHECK(status.delivered == 1);
  CHECK(status.dropped == 0);
}

TEST_CASE("webhooks: after the last retry the event is dropped", "[integration][webhooks]") {
  Setup t;
  t.receiver.on_event([](const Received&, std::size_t) { return Receiver::Reply{503}; });
  t.sandbox.subscribe(fast_subscription(t.receiver.url()));
  t.sandbox.send_event("phone.callee_answered", json::object{});
  REQUIRE(t.settle());
  const auto events = t.receiver.events();
  REQUIRE(events.size() == 4);  // the first send and three retries
  std::set<std::string> timestamps;
  for (const auto& e : events) {
    CHECK(e.body == events[0].body);
    CHECK(e.valid);
    timestamps.insert(e.timestamp);
  }
  CHECK(timestamps.size() == 4);
  const auto attempts = t.sandbox.webhook_attempts();
  REQUIRE(attempts.size() == 5);
  for (int i = 1; i <= 4; ++i) CHECK(attempts[static_cast<std::size_t>(i)].attempt == i);
  const auto status = t.sandbox.webhook_status();
  CHECK(status.dropped == 1);
  CHECK(status.delivered == 0);
  CHECK(status.pending == 0);
}

TEST_CASE("webhooks: scripted faults: bad signature, stale timestamp, replay, duplicate", "[integration][webhooks]") {
  Setup t;
  t.sandbox.subscribe(fast_subscription(t.receiver.url()));
  REQUIRE(t.settle());  // the challenge is never faulted

  SECTION("a bad signature: the receiver refuses it, and the retry is signed right") {
    t.sandbox.inject_webhook({.kind = sbx::WebhookFault::Kind::bad_signature});
    t.sandbox.send_event("phone.callee_ringing", json::object{});
    REQUIRE(t.settle());
    const auto events = t.receiver.events();
    REQUIRE(events.size() == 2);
    CHECK_FALSE(events[0].valid);
    CHECK(events[0].signature.starts_with("v0="));
    CHECK(events[0].signature.size() == 3 + 64);
    CHECK(events[1].valid);
    CHECK(events[1].body == events[0].body);
    const auto attempts = t.sandbox.webhook_attempts();
    REQUIRE(attempts.size() == 3);
    CHECK(attempts[1].fault == "bad_signature");
    CHECK_FALSE(attempts[1].signed_correctly);
    CHECK(attempts[1].status == 401);
    CHECK(attempts[2].fault.empty());
    CHECK(attempts[2].signed_correctly);
    CHECK(attempts[2].ok);
  }
  SECTION("a stale timestamp, ten minutes old and signed right for it") {
    t.sandbox.inject_webhook({.kind = sbx::WebhookFault::Kind::stale_timestamp});
    t.sandbox.send_event("phone.callee_ringing", json::object{});
    REQUIRE(t.settle());
    const auto events = t.receiver.events();
    REQUIRE(events.size() == 1);
    CHECK(events[0].valid);
    const std::int64_t age = real_now_seconds() - std::stoll(events[0].timestamp);
    CHECK(age >= 599);
    CHECK(age < 700);
    const auto attempts = t.sandbox.webhook_attempts();
    CHECK(attempts.back().fault == "stale_timestamp");
    CHECK(attempts.back().signed_correctly);
  }
  SECTION("a replay: the same request again, byte for byte") {
    t.sandbox.inject_webhook({.kind = sbx::WebhookFault::Kind::replay});
    t.sandbox.send_event("phone.callee_ringing", json::object{{"n", 1}});
    REQUIRE(t.settle());
    const auto events = t.receiver.events();
    REQUIRE(events.size() == 2);
    CHECK(events[1].body == events[0].body);
    CHECK(events[1].timestamp == events[0].timestamp);
    CHECK(events[1].signature == events[0].signature);
    CHECK(events[1].tracking_id == events[0].tracking_id);
    CHECK(events[1].valid);
    const auto attempts = t.sandbox.webhook_attempts();
    REQUIRE(attempts.size() == 3);
    CHECK(attempts[1].fault.empty());
    CHECK(attempts[2].fault == "replay");
    CHECK(attempts[2].attempt == 2);
    CHECK(attempts[2].delivery == attempts[1].delivery);
    CHECK(t.sandbox.webhook_status().delivered == 1);  // one event
  }
  SECTION("a duplicate: delivered twice, as a retry would be") {
    t.sandbox.inject_webhook({.kind = sbx::WebhookFault::Kind::duplicate});
    t.sandbox.send_event("phone.callee_ringing", json::object{{"n", 1}});
    REQUIRE(t.settle());
    const auto events = t.receiver.events();
    REQUIRE(events.size() == 2);
    CHECK(events[1].body == events[0].body);
    CHECK(events[1].timestamp != events[0].timestamp);
    CHECK(events[1].signature != events[0].signature);
    CHECK(events[0].valid);
    CHECK(events[1].valid);
    CHECK(t.sandbox.webhook_attempts().back().fault == "duplicate");
  }
  SECTION("faults apply to the next events in the order scripted, then none") {
    t.sandbox.inject_webhook({.kind = sbx::WebhookFault::Kind::stale_timestamp}, 2);
    for (int i = 0; i < 3; ++i) t.sandbox.send_event("phone.callee_ringing", json::object{{"n", i}});
    REQUIRE(t.settle());
    const auto attempts = t.sandbox.webhook_attempts();
    REQUIRE(attempts.size() == 4);
    CHECK(attempts[1].fault == "stale_timestamp");
    CHECK(attempts[2].fault == "stale_timestamp");
    CHECK(attempts[3].fault.empty());
  }
  CHECK(no_secret_in(t.sandbox.webhook_attempts(), t.sandbox.webhook_status()));
}

TEST_CASE("webhooks: a call that ends on the sandbox's clock sends its completed events", "[integration][webhooks]") {
  Setup t;
  const auto start = floor<seconds>(t.clock.now);
  sbx::WebhookSubscription subscription = fast_subscription(t.receiver.url());
  bool periodic = false;
  SECTION("deliver_completed_calls") { periodic = false; }
  SECTION("the periodic scan") {
    periodic = true;
    subscription.scan_interval = 5ms;
  }
  t.sandbox.subscribe(subscription);
  REQUIRE(t.settle());
  t.clock.now += 4h;  // calls of the afternoon in London and the morning in New York end
  const auto end = floor<seconds>(t.clock.now);

  // What should go out: every user's calls that ended in (start, end], from the ground truth.
  struct Expected {
    std::string user_id;
    json::object record;
  };
  std::map<std::string, Expected> expected;  // by call log id
  sbx::HistoryFilters by_end;
  by_end.time_type = "end_time";
  for (const auto& user : t.sandbox.users())
    for (auto& record : t.sandbox.call_history(user.id, start + 1s, end, by_end)) {
      std::string id(record.at("id").as_string());
      expected.emplace(std::move(id), Expected{user.id, std::move(record)});
    }
  REQUIRE(!expected.empty());

  if (!periodic) CHECK(t.sandbox.deliver_completed_calls(start, end) == 2 * expected.size());
  REQUIRE(run_until(t.io, [&] { return t.receiver.events().size() >= 2 * expected.size(); }));
  REQUIRE(t.settle());

  const auto events = t.receiver.events();
  CHECK(events.size() == 2 * expected.size());  // each call once: call history and call log
  std::set<std::string> history_seen, log_seen;
  std::int64_t previous_ts = 0;
  for (const auto& e : events) {
    CHECK(e.valid);
    const json::value body = json::parse(e.body);
    const std::string name(body.at("event").as_string());
    const json::object& object = body.at("payload").at("object").as_object();
    REQUIRE(object.at("call_logs").as_array().size() == 1);
    const json::object& record = object.at("call_logs").as_array()[0].as_object();
    const std::string id(record.at("id").as_string());
    REQUIRE(expected.contains(id));
    const Expected& want = expected.at(id);
    CHECK(object.at("user_id").as_string() == want.user_id);
    const bool inbound = want.record.at("direction").as_string() == "inbound";
    const std::int64_t ts = body.at("event_ts").to_number<std::int64_t>();
    CHECK(ts >= previous_ts);  // in the order the calls ended
    previous_ts = ts;
    if (name.ends_with("_call_history_completed")) {
      CHECK(name == (inbound ? "phone.callee_call_history_completed" : "phone.caller_call_history_completed"));
      CHECK(record == want.record);  // the record exactly as the call-history listings serve it
      history_seen.insert(id);
    } else {
      CHECK(name == (inbound ? "phone.callee_call_log_completed" : "phone.caller_call_log_completed"));
      CHECK(record.at("call_end_time") == want.record.at("end_time"));
      log_seen.insert(id);
    }
  }
  CHECK(history_seen.size() == expected.size());
  CHECK(log_seen.size() == expected.size());

  // Nothing again for the same window; nothing for calls that have not ended.
  if (!periodic) {
    CHECK(t.sandbox.deliver_completed_calls(end, end + 24h) == 0);
  }
}

TEST_CASE("webhooks: the challenge again after 72 hours on the sandbox's clock, and subscription options",
          "[integration][webhooks]") {
  TestClock clock;
  asio::io_context io;
  Receiver receiver(io);
  sbx::Options options;
  options.clock = clock.function();
  options.webhook = fast_subscription(receiver.url("/hook"));
  options.webhook->events = {"phone.callee_missed"};
  sbx::Sandbox sandbox(io.get_executor(), options);
  sandbox.start();  // subscribes the URL of the options
  auto settle = [&] { return run_until(io, [&] { return sandbox.webhook_status().idle(); }); };

  CHECK(sandbox.send_event("phone.callee_ringing", json::object{}) == 0);  // not subscribed to it
  CHECK(sandbox.send_event("phone.callee_missed", json::object{}) == 1);
  REQUIRE(settle());
  CHECK(sandbox.webhook_status().validations == 1);

  clock.now += 73h;
  CHECK(sandbox.send_event("phone.callee_missed", json::object{}) == 2);
  REQUIRE(settle());
  const auto& got = receiver.received();
  REQUIRE(got.size() == 4);
  CHECK(got[0].event == "endpoint.url_validation");
  CHECK(got[1].event == "phone.callee_missed");
  CHECK(got[2].event == "endpoint.url_validation");  // before the next event
  CHECK(got[3].event == "phone.callee_missed");
  CHECK(got[3].target == "/hook");
  CHECK(sandbox.webhook_status().validations == 2);

  sandbox.unsubscribe();
  CHECK(sandbox.send_event("phone.callee_missed", json::object{}) == 0);
  CHECK_FALSE(sandbox.webhook_status().subscribed);
}

TEST_CASE("webhooks: a subscription that cannot work is refused", "[integration][webhooks]") {
  asio::io_context io;
  sbx::Sandbox sandbox(io.get_executor());
  sbx::WebhookSubscription s;
  s.secret_token = std::string(secret);
  s.url = "https://127.0.0.1:9/hook";
  CHECK_THROWS_AS(sandbox.subscribe(s), std::invalid_argument);
  s.url = "not a url";
  CHECK_THROWS_AS(sandbox.subscribe(s), std::invalid_argument);
  s.url = "http://127.0.0.1:9/hook";
  s.deadline = 0ms;
  CHECK_THROWS_AS(sandbox.subscribe(s), std::invalid_argument);
  s.deadline = 3s;
  s.secret_token.clear();
  CHECK_THROWS_AS(sandbox.subscribe(s), std::invalid_argument);
  try {
    s.secret_token = std::string(secret);
    s.url = "ftp://127.0.0.1/x";
    sandbox.subscribe(s);
  } catch (const std::invalid_argument& e) {
    CHECK(std::string(e.what()).find(secret) == std::string::npos);
  }
}

TEST_CASE("webhooks: a receiver that is not there: connection refused, retried, then dropped",
          "[integration][webhooks]") {
  TestClock clock;
  asio::io_context io;
  sbx::Options options;
  options.clock = clock.function();
  sbx::Sandbox sandbox(io.get_executor(), options);
  sandbox.start();
  std::uint16_t port = 0;
  {
    asio::ip::tcp::acceptor probe(io, {asio::ip::make_address("127.0.0.1"), 0});
    port = probe.local_endpoint().port();
  }  // closed: nothing listens there now
  sandbox.subscribe(fast_subscription("http://127.0.0.1:" + std::to_string(port) + "/"));
  REQUIRE(run_until(io, [&] { return sandbox.webhook_status().idle(); }));
  const auto status = sandbox.webhook_status();
  CHECK_FALSE(status.validated);
  CHECK(status.validation_error.find("connect") != std::string::npos);
}
