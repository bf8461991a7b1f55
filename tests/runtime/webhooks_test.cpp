// zoom::webhooks: the verifier (signature over the raw bytes, timestamp window, every refusal with
// a message free of the secret), the URL validation's answer, and the receiver: duplicates,
// handlers run after the acknowledgement, a handler that throws, raw and typed events, stopping.
// Time is a clock the test sets; the io_context is driven by the test, nothing sleeps.
#include "catch_printers.hpp"

#include "../integration/run_io.hpp"

#include <zoom/error.hpp>
#include <zoom/json.hpp>
#include <zoom/webhooks.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/parse.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace webhooks_test {

// A hand-written model of a whole event body with its table, as the generator writes them, and
// its event name.
struct EndedPayload {
  std::optional<std::string> account_id;
  boost::json::value object;
  boost::json::object extra;
};

struct CalleeEnded {
  std::string event;
  std::optional<std::int64_t> event_ts;
  std::optional<EndedPayload> payload;
  boost::json::object extra;
};

// offsetof on a type that is not standard-layout, as in the generated tables: GCC and Clang
// support it for classes without virtual bases.
#pragma GCC diagnostic ignored "-Winvalid-offsetof"
using zoom::json::Member;
using zoom::json::Type;
using zoom::json::type_of;

constexpr Member payload_members[]{
    {"account_id", offsetof(EndedPayload, account_id), &type_of<std::optional<std::string>>(), false},
    {"object", offsetof(EndedPayload, object), &type_of<boost::json::value>(), false}};
constexpr auto payload_index = zoom::json::member_index(payload_members);
constexpr Type payload_type{.shape = zoom::json::Shape::model,
                            .members = payload_members,
                            .index = payload_index,
                            .extra = offsetof(EndedPayload, extra),
                            .name = "EndedPayload"};
constexpr const Type& zoom_json_type(const EndedPayload*) noexcept { return payload_type; }

constexpr Member ended_members[]{
    {"event", offsetof(CalleeEnded, event), &type_of<std::string>(), true},
    {"event_ts", offsetof(CalleeEnded, event_ts), &type_of<std::optional<std::int64_t>>(), false},
    {"payload", offsetof(CalleeEnded, payload), &zoom::json::container_of<std::optional<EndedPayload>, payload_type>,
     false}};
constexpr auto ended_index = zoom::json::member_index(ended_members);
constexpr Type ended_type{.shape = zoom::json::Shape::model,
                          .members = ended_members,
                          .index = ended_index,
                          .extra = offsetof(CalleeEnded, extra),
                          .name = "CalleeEnded"};
constexpr const Type& zoom_json_type(const CalleeEnded*) noexcept { return ended_type; }
constexpr std::string_view zoom_webhook_event(const CalleeEnded*) noexcept { return "phone.callee_ended"; }

}  // namespace webhooks_test

using webhooks_test::CalleeEnded;
using zoom::webhooks::Delivery;
using zoom::webhooks::Outcome;
using zoom::webhooks::RawEvent;
using zoom::webhooks::Receiver;
using zoom::webhooks::ReceiverOptions;
using zoom::webhooks::Reply;
using zoom::webhooks::verify;
using namespace std::chrono_literals;
using Catch::Matchers::Contains;
using std::chrono::system_clock;

namespace {

constexpr std::string_view secret = "wh-secret-token-Qx7";
const system_clock::time_point t0{std::chrono::seconds{1'735'689'600}};
constexpr std::string_view t0_text = "1735689600";
constexpr std::string_view ended_body = R"({"event":"phone.callee_ended","event_ts":1735689600123})";
// hex(HMAC-SHA256(secret, "v0:1735689600:" + ended_body)), computed apart (Python's hmac module).
constexpr std::string_view ended_signature = "v0=e8a94b7c070cd5fb027285b1f71861b31d129872fc927680b02b1855510338e5";

std::string stamp(system_clock::time_point at) {
  return std::to_string(std::chrono::duration_cast<std::chrono::seconds>(at.time_since_epoch()).count());
}

// The verdict, after checking that its message never holds the secret and is empty only when valid.
zoom::webhooks::Verdict checked(zoom::webhooks::Verdict verdict) {
  CHECK(verdict.message.find(secret) == std::string::npos);
  CHECK(verdict.message.empty() == verdict.valid());
  return verdict;
}

zoom::webhooks::Verdict verify_at(system_clock::time_point now, std::string_view body,
                                  std::optional<std::string_view> timestamp, std::optional<std::string_view> signature,
                                  std::chrono::seconds window = zoom::webhooks::default_window) {
  return checked(verify(secret, body, timestamp, signature, now, window));
}

// A Receiver on an io_context the test drives, with a clock the test sets, recording refusals
// and handler failures.
struct Harness {
  boost::asio::io_context io;
  system_clock::time_point now = t0;
  std::vector<zoom::webhooks::Refusal> refusals;
  std::vector<std::pair<std::string, std::string>> failures;  // event, what()
  Receiver receiver;

  explicit Harness(ReceiverOptions options = {})
      : receiver(io.get_executor(), std::string{secret}, with_hooks(std::move(options))) {}

  ReceiverOptions with_hooks(ReceiverOptions options) {
    options.clock = [this] { return now; };
    options.on_refusal = [this](const zoom::webhooks::Refusal& refusal) { refusals.push_back(refusal); };
    if (!options.on_handler_error)
      options.on_handler_error = [this](std::string_view event, std::exception_ptr error) {
        try {
          std::rethrow_exception(error);
        } catch (const std::exception& e) {
          failures.emplace_back(event, e.what());
        }
      };
    return options;
  }

  // Answers `delivery` (handlers queued meanwhile may start; they finish in settle()).
  Reply answer(const Delivery& delivery) {
    io.restart();  // run_one() stops the io_context when it runs out of work
    return zoom::test::run_io(io, receiver.handle(delivery));
  }

  // Posts `body` as Zoom does now: signed, with the current timestamp.
  Reply post(std::string_view body) {
    const std::string timestamp = stamp(now);
    const std::string signature = zoom::webhooks::sign(secret, timestamp, body);
    Delivery delivery;
    delivery.timestamp = timestamp;
    delivery.signature = signature;
    delivery.body = body;
    return answer(delivery);
  }

  // Runs the io_context until nothing is left to do: every handler that can finish has.
  void settle() {
    io.run();
    io.restart();
  }
};

std::string event_body(std::string_view event, std::int64_t event_ts, std::string_view extra = "") {
  return R"({"event":")" + std::string{event} + R"(","event_ts":)" + std::to_string(event_ts) +
         R"(,"payload":{"account_id":"acc-1","object":{"id":"c1"}})" + std::string{extra} + "}";
}

}  // namespace

TEST_CASE("webhooks: the signature is HMAC-SHA256 over v0:timestamp:body, hex after v0=", "[webhooks][verify]") {
  CHECK(zoom::webhooks::sign(secret, t0_text, ended_body) == ended_signature);
  CHECK(verify_at(t0, ended_body, t0_text, ended_signature).outcome == Outcome::valid);
  CHECK(verify_at(t0, ended_body, t0_text, ended_signature).valid());
}

TEST_CASE("webhooks: a valid delivery is valid, a changed signature, body or secret makes it invalid",
          "[webhooks][verify]") {
  SECTION("valid, header values with surrounding spaces, upper-case hex") {
    CHECK(verify_at(t0, ended_body, t0_text, ended_signature));
    CHECK(verify_at(t0, ended_body, " 1735689600\t", "  " + std::string{ended_signature} + " "));
    std::string upper{ended_signature};
    for (std::size_t i = 3; i < upper.size(); ++i)
      if (upper[i] >= 'a' && upper[i] <= 'f') upper[i] = static_cast<char>(upper[i] - 'a' + 'A');
    CHECK(verify_at(t0, ended_body, t0_text, upper));
  }
  SECTION("a wrong signature") {
    std::string wrong{ended_signature};
    wrong.back() = wrong.back() == '0' ? '1' : '0';
    const auto verdict = verify_at(t0, ended_body, t0_text, wrong);
    CHECK(verdict.outcome == Outcome::bad_signature);
    CHECK(verdict.message ==
          "x-zm-signature does not match the timestamp and the body: the secret token is not the app's (Zoom App "
          "Marketplace, the app's Feature page, Secret Token), or the body was changed on the way (the signature is "
          "over the raw bytes as sent)");
  }
  SECTION("the body with one byte changed, or re-serialised with other spacing") {
    std::string tampered{ended_body};
    tampered[tampered.find("123")] = '9';
    CHECK(verify_at(t0, tampered, t0_text, ended_signature).outcome == Outcome::bad_signature);
    const std::string respaced = R"({"event": "phone.callee_ended", "event_ts": 1735689600123})";
    CHECK(boost::json::parse(respaced) == boost::json::parse(ended_body));
    CHECK(verify_at(t0, respaced, t0_text, ended_signature).outcome == Outcome::bad_signature);
    CHECK(verify_at(t0, std::string{ended_body} + "\n", t0_text, ended_signature).outcome == Outcome::bad_signature);
  }
  SECTION("another timestamp than the one signed") {
    CHECK(verify_at(t0, ended_body, "1735689601", ended_signature).outcome == Outcome::bad_signature);
  }
  SECTION("the wrong secret") {
    const auto verdict = checked(verify("wh-secret-token-Qx8", ended_body, t0_text, ended_signature, t0));
    CHECK(verdict.outcome == Outcome::bad_signature);
    CHECK(zoom::webhooks::sign("another", t0_text, ended_body) != ended_signature);
  }
}

TEST_CASE("webhooks: the timestamp must be within the window of now, either way", "[webhooks][verify]") {
  const std::string body = "{}";
  const auto at = [&](system_clock::time_point now, system_clock::time_point signed_at,
                      std::chrono::seconds window = zoom::webhooks::default_window) {
    const std::string timestamp = stamp(signed_at);
    return verify_at(now, body, timestamp, zoom::webhooks::sign(secret, timestamp, body), window);
  };
  SECTION("by default 5 minutes: 300 s either way is in, 301 s out") {
    CHECK(at(t0 + 300s, t0));
    CHECK(at(t0 - 300s, t0));
    CHECK(at(t0 + 300s + 999ms, t0));  // now's fraction of a second does not count
    const auto stale = at(t0 + 412s, t0);
    CHECK(stale.outcome == Outcome::too_old);
    CHECK(stale.message ==
          "x-zm-request-timestamp is 412 s older than now; the window is 300 s (a replay, or a clock that is off)");
    const auto ahead = at(t0 - 301s, t0);
    CHECK(ahead.outcome == Outcome::in_future);
    CHECK(ahead.message ==
          "x-zm-request-timestamp is 301 s ahead of now; the window is 300 s (a clock that is off, here or at the "
          "sender)");
  }
  SECTION("a custom window") {
    CHECK(at(t0 + 60s, t0, 60s));
    CHECK(at(t0 + 61s, t0, 60s).outcome == Outcome::too_old);
    CHECK(at(t0 - 61s, t0, 60s).outcome == Outcome::in_future);
    CHECK(at(t0 + 3000s, t0, 1h));
    CHECK(at(t0 + 3601s, t0, 1h).message ==
          "x-zm-request-timestamp is 3601 s older than now; the window is 3600 s (a "
          "replay, or a clock that is off)");
    CHECK(at(t0, t0, 0s));
    CHECK(at(t0 + 1s, t0, 0s).outcome == Outcome::too_old);
  }
  SECTION("milliseconds instead of seconds: far in the future, and said so") {
    const std::string millis = "1735689600000";
    const auto verdict = verify_at(t0, body, millis, zoom::webhooks::sign(secret, millis, body));
    CHECK(verdict.outcome == Outcome::in_future);
    CHECK_THAT(verdict.message, Contains("it looks like milliseconds, and Zoom sends seconds"));
  }
  SECTION("a replay: a valid signature, an old timestamp") {
    CHECK(verify_at(t0 + 1h, ended_body, t0_text, ended_signature).outcome == Outcome::too_old);
  }
}

TEST_CASE("webhooks: a missing or malformed header is refused, saying which", "[webhooks][verify]") {
  SECTION("missing") {
    const auto no_timestamp = verify_at(t0, ended_body, std::nullopt, ended_signature);
    CHECK(no_timestamp.outcome == Outcome::missing_timestamp);
    CHECK_THAT(no_timestamp.message, Contains("no x-zm-request-timestamp header"));
    const auto no_signature = verify_at(t0, ended_body, t0_text, std::nullopt);
    CHECK(no_signature.outcome == Outcome::missing_signature);
    CHECK_THAT(no_signature.message, Contains("no x-zm-signature header"));
    CHECK(verify_at(t0, ended_body, std::nullopt, std::nullopt).outcome == Outcome::missing_timestamp);
  }
  SECTION("a timestamp that is not whole seconds in decimal digits") {
    for (const std::string_view bad : {"", "  ", "abc", "-5", "+1735689600", "1735689600.5", "0x10", "1735689600s",
                                       "1 735 689 600", "1234567890123456789"}) {
      INFO("x-zm-request-timestamp: '" << bad << "'");
      const auto verdict = verify_at(t0, ended_body, bad, ended_signature);
      CHECK(verdict.outcome == Outcome::malformed_timestamp);
      CHECK_THAT(verdict.message, Contains("x-zm-request-timestamp is not whole seconds since 1970 in decimal digits"));
    }
  }
  SECTION("a signature that is not v0= and 64 hex digits") {
    const std::string hex{ended_signature.substr(3)};
    for (const std::string& bad :
         {std::string{}, hex, "v1=" + hex, "V0=" + hex, "sha256=" + hex, "v0=" + hex + "0", "v0=" + hex.substr(1),
          "v0=" + hex.substr(1) + "g", "v0:" + hex, "v0=" + hex.substr(0, 32) + " " + hex.substr(33)}) {
      INFO("x-zm-signature: '" << bad << "'");
      const auto verdict = verify_at(t0, ended_body, t0_text, bad);
      CHECK(verdict.outcome == Outcome::malformed_signature);
      CHECK_THAT(verdict.message, Contains("x-zm-signature is not v0= followed by 64 hexadecimal digits"));
    }
  }
  SECTION("a header is checked for presence before form, form before the signature, the signature before time") {
    CHECK(verify_at(t0, ended_body, "x", std::nullopt).outcome == Outcome::missing_signature);
    CHECK(verify_at(t0, ended_body, "x", "y").outcome == Outcome::malformed_timestamp);
    CHECK(verify_at(t0 + 1h, ended_body, t0_text, "y").outcome == Outcome::malformed_signature);
    CHECK(verify_at(t0 + 1h, "{}", t0_text, ended_signature).outcome == Outcome::bad_signature);
  }
}

TEST_CASE("webhooks: no refusal message holds the secret, even when a header or the body does", "[webhooks][verify]") {
  const std::string s{secret};
  const std::string signed_secret = zoom::webhooks::sign(secret, t0_text, s);
  const std::vector<zoom::webhooks::Verdict> verdicts{
      verify(secret, s, s, s, t0),
      verify(secret, s, std::nullopt, s, t0),
      verify(secret, s, s, std::nullopt, t0),
      verify(secret, s, t0_text, "v0=" + s, t0),
      verify(secret, s, std::string{t0_text} + s, signed_secret, t0),
      verify(secret, s + s, t0_text, signed_secret, t0),
      verify(secret, s, t0_text, signed_secret, t0 + 1h),
      verify(secret, s, t0_text, signed_secret, t0 - 1h),
  };
  for (const auto& verdict : verdicts) {
    INFO(verdict.message);
    CHECK_FALSE(verdict.valid());
    CHECK_FALSE(verdict.message.empty());
    CHECK(verdict.message.find(s) == std::string::npos);
    CHECK(verdict.message.find("Qx7") == std::string::npos);
    CHECK(zoom::webhooks::to_string(verdict.outcome).find(s) == std::string::npos);
  }
}

TEST_CASE("webhooks: the URL validation's answer is the plain token and its HMAC-SHA256 in hex",
          "[webhooks][url_validation]") {
  // RFC 4231, test case 2.
  const auto answer = boost::json::parse(zoom::webhooks::url_validation_answer("Jefe", "what do ya want for nothing?"));
  CHECK(answer == boost::json::parse(R"({"plainToken": "what do ya want for nothing?",
      "encryptedToken": "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"})"));
  SECTION("a token that needs escaping comes back as it was") {
    const std::string odd = "a\"b\\c\n\x01\xc3\xa9";
    const auto parsed = boost::json::parse(zoom::webhooks::url_validation_answer(secret, odd));
    CHECK(parsed.at("plainToken").as_string() == odd);
    CHECK(parsed.at("encryptedToken").as_string().size() == 64);
  }
}

TEST_CASE("webhooks: the receiver answers URL validation, every time", "[webhooks][receiver]") {
  Harness harness;
  const std::string body = R"({"payload":{"plainToken":"qgg8vlvZRS6UYooatFL8Aw"},"event_ts":1654503849680,)"
                           R"("event":"endpoint.url_validation"})";
  for (int i = 0; i < 2; ++i) {  // not taken for a duplicate
    const Reply reply = harness.post(body);
    CHECK(reply.status == 200);
    CHECK(reply.content_type == "application/json");
    CHECK(reply.body == zoom::webhooks::url_validation_answer(secret, "qgg8vlvZRS6UYooatFL8Aw"));
    harness.now += 1s;
  }
  SECTION("without a plainToken: 400") {
    const Reply reply = harness.post(R"({"event":"endpoint.url_validation","payload":{}})");
    CHECK(reply.status == 400);
    REQUIRE(harness.refusals.size() == 1);
    CHECK(harness.refusals[0].message == "endpoint.url_validation without a payload.plainToken string");
  }
  SECTION("unsigned: 401, no answer") {
    Delivery delivery;
    delivery.body = body;
    const Reply reply = harness.answer(delivery);
    CHECK(reply.status == 401);
    CHECK(reply.body == "missing x-zm-request-timestamp");
  }
}

TEST_CASE("webhooks: the receiver refuses what is not a verified event", "[webhooks][receiver]") {
  Harness harness;
  int handled = 0;
  harness.receiver.otherwise([&](const RawEvent&) -> boost::asio::awaitable<void> {
    ++handled;
    co_return;
  });
  SECTION("not signed, badly signed, stale: 401 with a short reason; the hook gets the message") {
    Delivery delivery;
    delivery.body = ended_body;
    CHECK(harness.answer(delivery).status == 401);
    delivery.timestamp = t0_text;
    const std::string zeros = "v0=" + std::string(64, '0');
    delivery.signature = zeros;
    const Reply bad = harness.answer(delivery);
    CHECK(bad.status == 401);
    CHECK(bad.body == "bad signature");
    CHECK(bad.content_type == "text/plain; charset=utf-8");
    delivery.signature = ended_signature;
    harness.now = t0 + 10min;
    const Reply stale = harness.answer(delivery);
    CHECK(stale.status == 401);
    CHECK(stale.body == "stale x-zm-request-timestamp");
    REQUIRE(harness.refusals.size() == 3);
    CHECK(harness.refusals[0].outcome == Outcome::missing_timestamp);
    CHECK(harness.refusals[1].outcome == Outcome::bad_signature);
    CHECK(harness.refusals[2].outcome == Outcome::too_old);
    CHECK(harness.refusals[2].message ==
          "x-zm-request-timestamp is 600 s older than now; the window is 300 s (a replay, or a clock that is off)");
    for (const auto& refusal : harness.refusals) {
      CHECK(refusal.status == 401);
      CHECK(refusal.message.find(secret) == std::string::npos);
    }
  }
  SECTION("a window of the receiver's own") {
    Harness wide{ReceiverOptions{.window = 1h}};
    wide.now = t0 + 50min;
    Delivery delivery;
    delivery.timestamp = t0_text;
    delivery.signature = ended_signature;
    delivery.body = ended_body;
    CHECK(wide.answer(delivery).status == 200);
  }
  SECTION("signed but not JSON, not an object, no event: 400") {
    CHECK(harness.post("{\"event\":").status == 400);
    CHECK(harness.post("[1,2]").status == 400);
    CHECK(harness.post(R"({"event": 7})").status == 400);
    const Reply reply = harness.post(R"({"payload": {}})");
    CHECK(reply.status == 400);
    CHECK(reply.body == "no event");
    REQUIRE(harness.refusals.size() == 4);
    CHECK_THAT(harness.refusals[0].message, Contains("a signed body that is not JSON"));
    CHECK(harness.refusals[1].message == "a signed body that is not a JSON object");
    CHECK(harness.refusals[3].message == "a signed body without an \"event\" string");
  }
  SECTION("not a POST: 405") {
    Delivery delivery;
    delivery.method = "GET";
    const Reply reply = harness.answer(delivery);
    CHECK(reply.status == 405);
    REQUIRE(harness.refusals.size() == 1);
    CHECK(harness.refusals[0].status == 405);
  }
  harness.settle();
  CHECK(handled == 0);
}

TEST_CASE("webhooks: a duplicate delivery is acknowledged and handed over once", "[webhooks][receiver]") {
  Harness harness{ReceiverOptions{.duplicate_window = 2h, .max_remembered = 3}};
  std::vector<std::string> handled;
  harness.receiver.on("phone.callee_ended", [&](const RawEvent& event) -> boost::asio::awaitable<void> {
    handled.push_back(event.body);
    co_return;
  });
  const std::string body = event_body("phone.callee_ended", 1735689600123);

  CHECK(harness.post(body).status == 200);
  harness.settle();
  CHECK(handled.size() == 1);

  // Zoom's retries: the same body, a new timestamp and signature.
  for (const auto later : {5min, 25min, 85min}) {
    harness.now = t0 + later;
    CHECK(harness.post(body).status == 200);
    harness.settle();
  }
  CHECK(handled.size() == 1);
  CHECK(harness.refusals.empty());

  SECTION("another body (another event_ts) is another event") {
    CHECK(harness.post(event_body("phone.callee_ended", 1735689600124)).status == 200);
    harness.settle();
    CHECK(handled.size() == 2);
  }
  SECTION("past the duplicate window it is handed over again") {
    harness.now = t0 + 2h;
    CHECK(harness.post(body).status == 200);
    harness.settle();
    CHECK(handled.size() == 2);
  }
  SECTION("memory is bounded: past max_remembered the oldest is forgotten") {
    for (int i = 1; i <= 3; ++i) CHECK(harness.post(event_body("phone.callee_ended", i)).status == 200);
    harness.settle();
    CHECK(handled.size() == 4);
    CHECK(harness.post(body).status == 200);                                 // forgotten: handed over again
    CHECK(harness.post(event_body("phone.callee_ended", 3)).status == 200);  // remembered
    harness.settle();
    CHECK(handled.size() == 5);
    CHECK(handled.back() == body);
  }
}

TEST_CASE("webhooks: a duplicate window of zero remembers nothing", "[webhooks][receiver]") {
  Harness harness{ReceiverOptions{.duplicate_window = 0s}};
  int handled = 0;
  harness.receiver.otherwise([&](const RawEvent&) -> boost::asio::awaitable<void> {
    ++handled;
    co_return;
  });
  harness.post(ended_body);
  harness.post(ended_body);
  harness.settle();
  CHECK(handled == 2);
}

TEST_CASE("webhooks: a slow handler runs after the answer, which does not wait for it", "[webhooks][receiver]") {
  Harness harness;
  std::vector<std::string> order;
  boost::asio::steady_timer release{harness.io, boost::asio::steady_timer::time_point::max()};
  harness.receiver.on("phone.callee_ended", [&](const RawEvent&) -> boost::asio::awaitable<void> {
    order.push_back("handler started");
    co_await release.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));  // until the test releases it
    order.push_back("handler done");
  });

  const std::string body = event_body("phone.callee_ended", 1);
  const std::string timestamp = stamp(harness.now);
  const std::string signature = zoom::webhooks::sign(secret, timestamp, body);
  Delivery delivery;
  delivery.timestamp = timestamp;
  delivery.signature = signature;
  delivery.body = body;
  const Reply reply = zoom::test::run_io(harness.io, [&]() -> boost::asio::awaitable<Reply> {
    Reply answered = co_await harness.receiver.handle(delivery);
    order.push_back("answered " + std::to_string(answered.status));
    co_return answered;
  }());
  CHECK(reply.status == 200);
  CHECK(reply.body.empty());
  harness.io.poll();  // everything that can run now, has
  CHECK(order == std::vector<std::string>{"answered 200", "handler started"});
  CHECK(harness.receiver.running() == 1);

  SECTION("drain() completes only once the handler has") {
    bool drained = false;
    harness.receiver.stop();
    boost::asio::co_spawn(harness.io, harness.receiver.drain(), [&](std::exception_ptr) { drained = true; });
    harness.io.poll();
    CHECK_FALSE(drained);
    // Stopping: events are answered 503 (Zoom sends them again), URL validation still answered.
    CHECK(harness.post(event_body("phone.callee_ended", 2)).status == 503);
    CHECK(harness.post(R"({"event":"endpoint.url_validation","payload":{"plainToken":"p"}})").status == 200);
    CHECK(harness.receiver.stopped());
    release.cancel();
    harness.settle();
    CHECK(drained);
  }
  SECTION("released, it completes") {
    release.cancel();
    harness.settle();
  }
  CHECK(order.back() == "handler done");
  CHECK(harness.receiver.running() == 0);
  CHECK(harness.failures.empty());
}

TEST_CASE("webhooks: drain() with no handler running completes at once", "[webhooks][receiver]") {
  Harness harness;
  zoom::test::run_io(harness.io, harness.receiver.drain());
  CHECK(harness.receiver.running() == 0);
}

TEST_CASE("webhooks: a handler that throws is reported, and the next delivery is handled", "[webhooks][receiver]") {
  Harness harness;
  std::vector<std::int64_t> handled;
  harness.receiver.on("phone.callee_ended", [&](const RawEvent& event) -> boost::asio::awaitable<void> {
    if (event.event_ts == 1) throw std::runtime_error("the database is away");
    handled.push_back(*event.event_ts);
    co_return;
  });
  CHECK(harness.post(event_body("phone.callee_ended", 1)).status == 200);
  harness.settle();
  CHECK(harness.post(event_body("phone.callee_ended", 2)).status == 200);
  harness.settle();
  CHECK(handled == std::vector<std::int64_t>{2});
  REQUIRE(harness.failures.size() == 1);
  CHECK(harness.failures[0] == std::pair<std::string, std::string>{"phone.callee_ended", "the database is away"});
  CHECK(harness.receiver.running() == 0);

  SECTION("a hook that throws too changes nothing") {
    Harness careless{ReceiverOptions{
        .on_handler_error = [](std::string_view, std::exception_ptr) { throw std::logic_error("hook"); }}};
    int calls = 0;
    careless.receiver.otherwise([&](const RawEvent&) -> boost::asio::awaitable<void> {
      ++calls;
      throw std::runtime_error("handler");
      co_return;
    });
    careless.post(event_body("a", 1));
    careless.post(event_body("a", 2));
    careless.settle();
    CHECK(calls == 2);
  }
}

TEST_CASE("webhooks: an event without a handler goes to otherwise() as raw JSON, or is only acknowledged",
          "[webhooks][receiver]") {
  Harness harness;
  std::vector<RawEvent> seen;
  const std::string body =
      "{ \"event\" : \"phone.recording_completed\", \"event_ts\": 1735689600123,\n"
      "  \"payload\": {\"account_id\": \"acc-9\", \"object\": {\"id\": \"r1\"}}}";
  SECTION("without otherwise()") {
    CHECK(harness.post(body).status == 200);
    harness.settle();
    CHECK(harness.receiver.running() == 0);
  }
  SECTION("with otherwise()") {
    harness.receiver.on("phone.callee_ended", [&](const RawEvent&) -> boost::asio::awaitable<void> {
      FAIL("the wrong handler");
      co_return;
    });
    harness.receiver.otherwise([&](const RawEvent& event) -> boost::asio::awaitable<void> {
      seen.push_back(event);
      co_return;
    });
    CHECK(harness.post(body).status == 200);
    CHECK(harness.post(R"({"event":"x.y"})").status == 200);
    harness.settle();
    REQUIRE(seen.size() == 2);
    CHECK(seen[0].event == "phone.recording_completed");
    CHECK(seen[0].event_ts == 1735689600123);
    CHECK(seen[0].account_id == "acc-9");
    CHECK(seen[0].body == body);  // byte for byte
    CHECK(seen[0].json.at("payload").at("object").at("id") == "r1");
    CHECK(seen[1].event == "x.y");
    CHECK_FALSE(seen[1].event_ts);
    CHECK_FALSE(seen[1].account_id);
  }
}

TEST_CASE("webhooks: a typed handler gets the event decoded into its model", "[webhooks][receiver][typed]") {
  const std::string body = R"({"event":"phone.callee_ended","event_ts":1735689600123,"payload":{"account_id":"acc-1",)"
                           R"("object":{"id":"c1"},"new_field":true},"also_new":[1]})";
  SECTION("the model's type deduced from the lambda") {
    Harness harness;
    std::vector<CalleeEnded> seen;
    harness.receiver.on([&](CalleeEnded event) -> boost::asio::awaitable<void> {
      seen.push_back(std::move(event));
      co_return;
    });
    CHECK(harness.post(body).status == 200);
    harness.settle();
    REQUIRE(seen.size() == 1);
    CHECK(seen[0].event == "phone.callee_ended");
    CHECK(seen[0].event_ts == 1735689600123);
    REQUIRE(seen[0].payload);
    CHECK(seen[0].payload->account_id == "acc-1");
    CHECK(seen[0].payload->object.at("id") == "c1");
    CHECK(seen[0].payload->extra.at("new_field") == true);  // unknown fields kept
    CHECK(seen[0].extra.at("also_new") == boost::json::parse("[1]"));
  }
  SECTION("the model's type given, the handler taking a const reference; lenient by default") {
    Harness harness;
    std::vector<std::string> accounts;
    harness.receiver.on<CalleeEnded>([&](const CalleeEnded& event) -> boost::asio::awaitable<void> {
      accounts.push_back(event.payload ? event.payload->account_id.value_or("") : "-");
      co_return;
    });
    CHECK(harness.post(R"({"event":"phone.callee_ended","event_ts":"soon","payload":{"account_id":"a2"}})").status ==
          200);
    harness.settle();
    CHECK(accounts == std::vector<std::string>{"a2"});
    CHECK(harness.failures.empty());
  }
  SECTION("a model registered by name, for an event whose body other events share") {
    Harness harness;
    std::vector<std::string> events;
    harness.receiver.on<CalleeEnded>("phone.caller_ended", [&](CalleeEnded event) -> boost::asio::awaitable<void> {
      events.push_back(event.event);
      co_return;
    });
    CHECK(harness.post(R"({"event":"phone.caller_ended","event_ts":1,"payload":{"account_id":"a3"}})").status == 200);
    CHECK(harness.post(R"({"event":"phone.callee_ended","event_ts":2})").status == 200);  // not registered
    harness.settle();
    CHECK(events == std::vector<std::string>{"phone.caller_ended"});
  }
  SECTION("a decode failure goes to the hook; the delivery is still acknowledged") {
    Harness harness{ReceiverOptions{.decode = {.strict = true}}};
    int calls = 0;
    harness.receiver.on([&](CalleeEnded) -> boost::asio::awaitable<void> {
      ++calls;
      co_return;
    });
    CHECK(harness.post(R"({"event":"phone.callee_ended","event_ts":"soon"})").status == 200);
    harness.settle();
    CHECK(calls == 0);
    REQUIRE(harness.failures.size() == 1);
    CHECK(harness.failures[0] ==
          std::pair<std::string, std::string>{"phone.callee_ended", "event_ts: expected integer, got string"});
  }
}

TEST_CASE("webhooks: a receiver needs a secret token", "[webhooks][receiver]") {
  boost::asio::io_context io;
  CHECK_THROWS_AS((Receiver{io.get_executor(), ""}), std::invalid_argument);
  CHECK_THROWS_AS((Receiver{io.get_executor(), "s", ReceiverOptions{.window = -1s}}), std::invalid_argument);
}
