// The stages of a request (runtime/src/pipeline.hpp), each on its own: the retry loop with its
// time injected (no test here waits), and the authorize stage's replay of a rejected token.
// Together, against real servers, they are tested in tests/integration.
#include "catch_printers.hpp"

#include "../integration/run_io.hpp"

#include "api_error.hpp"
#include "authorize.hpp"
#include "retry_loop.hpp"

#include <zoom/error.hpp>

#include <boost/asio/io_context.hpp>

#include <chrono>
#include <deque>
#include <string>
#include <vector>

using namespace std::chrono;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
using zoom::detail::Attempt;
using zoom::detail::ConnectionError;
using zoom::detail::Deadline;

namespace {

// A clock that moves only when the loop sleeps, and the sleeps it was asked for.
struct FakeTime {
  steady_clock::time_point now{};
  std::vector<milliseconds> sleeps;

  zoom::detail::RetryTiming timing() {
    return {
        .now = [this] { return now; },
        .wall = [] { return system_clock::time_point{} + hours{24 * 365 * 56}; },
        .sleep = [this](milliseconds delay) -> boost::asio::awaitable<void> {
          sleeps.push_back(delay);
          now += delay;
          co_return;
        },
        .jitter = [](milliseconds ceiling) { return ceiling; },  // no randomness: the ceiling itself
    };
  }
};

zoom::Response response(unsigned status, std::vector<std::pair<std::string, std::string>> headers = {}) {
  return zoom::Response{.status = status, .headers = std::move(headers), .body = R"({"code":1,"message":"m"})"};
}

// An attempt as the observe stage would describe it.
Attempt answered(zoom::Response r) {
  Attempt out;
  out.event.status = r.status;
  if (r.status / 100 != 2) {
    const zoom::ApiError error = zoom::detail::make_api_error(r, "GET /v2/x", {});
    out.event.error = error.what();
    out.failure = std::make_exception_ptr(error);
  }
  out.response = std::move(r);
  return out;
}

Attempt broken(ConnectionError::Step step) {
  Attempt out;
  const ConnectionError error("api.zoom.us:443: the connection broke", step, boost::asio::error::connection_reset,
                              false);
  out.event.error = error.what();
  out.failure = std::make_exception_ptr(error);
  return out;
}

// Runs the loop over scripted attempts, each taking `each` of fake time.
struct Scripted {
  FakeTime time;
  std::deque<Attempt> script;
  std::vector<zoom::AttemptEvent> events;
  std::vector<milliseconds> left_seen;
  milliseconds each{0};        // what an attempt takes
  std::deque<milliseconds> waits;  // what an attempt waits before it is ready to send (a limiter, a token)
  zoom::RetryPolicy policy{};
  zoom::detail::RetryCall call{.name = "GET /v2/x"};

  zoom::Response run() {
    boost::asio::io_context io;
    const zoom::detail::RetryTiming timing = time.timing();
    const zoom::detail::Observer observer([this](const zoom::AttemptEvent& e) { events.push_back(e); });
    return zoom::test::run_io(io, zoom::detail::retry_loop(policy, timing, observer, call,
                                                          [this](int number, const Deadline& deadline)
                                                              -> boost::asio::awaitable<Attempt> {
                                                            if (!waits.empty()) {
                                                              time.now += waits.front();
                                                              waits.pop_front();
                                                            }
                                                            deadline.check();
                                                            left_seen.push_back(deadline.left());
                                                            time.now += each;
                                                            Attempt next = std::move(script.front());
                                                            script.pop_front();
                                                            next.event.attempt = number;
                                                            co_return next;
                                                          }));
  }
};

}  // namespace

TEST_CASE("retry stage: backoff between attempts, in fake time", "[pipeline][retry]") {
  Scripted s;
  s.script = {answered(response(503)), answered(response(502)), answered(response(200))};
  CHECK(s.run().status == 200);
  CHECK(s.time.sleeps == std::vector<milliseconds>{milliseconds{500}, milliseconds{1000}});  // 500 ms, doubled
  REQUIRE(s.events.size() == 3);
  CHECK(s.events[0].retry_reason == "server unavailable (503)");
  CHECK(s.events[0].retry_delay == milliseconds{500});
  CHECK(s.events[1].attempt == 2);
  CHECK(s.events[2].retry_reason.empty());
  CHECK(s.events[2].status == 200);
}

TEST_CASE("retry stage: Retry-After sets the wait; one over the cap ends the call", "[pipeline][retry]") {
  Scripted s;
  s.script = {answered(response(429, {{"Retry-After", "3"}})), answered(response(200))};
  s.run();
  CHECK(s.time.sleeps == std::vector<milliseconds>{seconds{3}});

  Scripted capped;
  capped.script = {answered(response(429, {{"Retry-After", "3600"}}))};
  CHECK_THROWS_AS(capped.run(), zoom::ApiError);
  CHECK(capped.time.sleeps.empty());
  REQUIRE(capped.events.size() == 1);
  CHECK(capped.events[0].retry_reason.empty());
}

TEST_CASE("retry stage: the last failure is thrown once the attempts are used up", "[pipeline][retry]") {
  Scripted s;
  s.policy.max_attempts = 3;
  for (int i = 0; i < 3; ++i) s.script.push_back(answered(response(503)));
  try {
    s.run();
    FAIL("no error");
  } catch (const zoom::ApiError& e) {
    CHECK(e.status() == 503);
  }
  CHECK(s.events.size() == 3);
  CHECK(s.time.sleeps.size() == 2);
}

TEST_CASE("retry stage: the overall deadline", "[pipeline][retry]") {
  SECTION("a wait that would pass it ends the call with the last error") {
    Scripted s;
    s.policy.overall_deadline = milliseconds{2000};
    s.each = milliseconds{100};
    for (int i = 0; i < 5; ++i) s.script.push_back(answered(response(503)));
    try {
      s.run();
      FAIL("no error");
    } catch (const zoom::DeadlineExceeded& e) {
      // attempts at 0, 600 and 1700 ms: the wait after the third (2000 ms) would pass 2000 ms
      CHECK_THAT(e.what(), StartsWith("GET /v2/x: the next retry would pass RetryPolicy::overall_deadline (2000 ms)"));
      CHECK_THAT(e.what(), Contains("last error: HTTP 503"));
    }
    CHECK(s.events.size() == 3);
    CHECK(s.events.back().retry_reason.empty());
    // each attempt is told what is left of the deadline
    CHECK(s.left_seen == std::vector<milliseconds>{milliseconds{2000}, milliseconds{1400}, milliseconds{300}});
  }

  SECTION("an attempt that finds it passed, after waiting to be sent, says so") {
    Scripted s;
    s.policy.overall_deadline = milliseconds{2000};
    s.waits = {milliseconds{0}, milliseconds{3000}};  // the second waits long for its turn
    s.script = {answered(response(503)), answered(response(200))};
    try {
      s.run();
      FAIL("no error");
    } catch (const zoom::DeadlineExceeded& e) {
      CHECK_THAT(e.what(), StartsWith("GET /v2/x: no success within RetryPolicy::overall_deadline (2000 ms)"));
    }
  }

  SECTION("zero means no deadline") {
    Scripted s;
    s.policy.overall_deadline = milliseconds{0};
    s.each = hours{1};
    s.script = {answered(response(503)), answered(response(200))};
    CHECK(s.run().status == 200);
    CHECK(s.left_seen == std::vector<milliseconds>{milliseconds{0}, milliseconds{0}});
  }
}

TEST_CASE("retry stage: connection failures by step and idempotency", "[pipeline][retry]") {
  SECTION("before the request could reach the server: retried, idempotent or not") {
    Scripted s;
    s.call.idempotent = false;
    s.script = {broken(ConnectionError::Step::connect), answered(response(200))};
    CHECK(s.run().status == 200);
    CHECK_THAT(s.events[0].retry_reason, StartsWith("no connection"));
  }
  SECTION("lost while reading: not retried when not idempotent") {
    Scripted s;
    s.call.idempotent = false;
    s.script = {broken(ConnectionError::Step::read)};
    CHECK_THROWS_AS(s.run(), zoom::TransportError);
    CHECK(s.events.size() == 1);
  }
  SECTION("a failure that is not the transport's is not retried") {
    Scripted s;
    Attempt partial;
    partial.event.error = "the download broke after 10 bytes";
    partial.failure = std::make_exception_ptr(zoom::TransportError(partial.event.error));
    s.script = {std::move(partial)};
    CHECK_THROWS_WITH(s.run(), "the download broke after 10 bytes");
    CHECK(s.time.sleeps.empty());
  }
}

TEST_CASE("retry stage: with any_status, the response once no retry follows", "[pipeline][retry]") {
  Scripted s;
  s.call.any_status = true;
  s.script = {answered(response(503)), answered(response(404))};
  CHECK(s.run().status == 404);
  CHECK(s.events.size() == 2);
}

namespace {

// Tokens "t1", "t2", ... ; invalidating one makes the next call hand out the next.
class CountingTokens final : public zoom::detail::TokenProvider {
 public:
  explicit CountingTokens(bool renewable) : renewable_(renewable) {}
  boost::asio::awaitable<std::string> access_token() override { co_return "t" + std::to_string(current_); }
  bool invalidate(const std::string& token) override {
    if (renewable_ && token == "t" + std::to_string(current_)) ++current_;
    return renewable_;
  }

 private:
  bool renewable_;
  int current_ = 1;
};

Attempt rejected_token() {
  Attempt out = answered(zoom::Response{.status = 401, .headers = {}, .body = R"({"code":124,"message":"Invalid access token."})"});
  out.api_code = 124;
  return out;
}

}  // namespace

TEST_CASE("authorize stage: a rejected token is renewed and the attempt replayed once", "[pipeline][authorize]") {
  boost::asio::io_context io;
  std::vector<zoom::AttemptEvent> events;
  const zoom::detail::Observer observer([&](const zoom::AttemptEvent& e) { events.push_back(e); });
  std::vector<std::string> sent_with;
  std::deque<Attempt> script;
  const zoom::detail::Authorization::Send send = [&](const std::string& token) -> boost::asio::awaitable<Attempt> {
    sent_with.push_back(token);
    Attempt next = std::move(script.front());
    script.pop_front();
    co_return next;
  };

  SECTION("renewable: replayed with the new token, the rejected attempt reported with the reason") {
    CountingTokens tokens(true);
    zoom::detail::Authorization authorization(tokens, observer);
    script = {rejected_token(), answered(response(200))};
    const Attempt result = zoom::test::run_io(io, authorization.attempt(send));
    CHECK(result.succeeded());
    CHECK(sent_with == std::vector<std::string>{"t1", "t2"});
    REQUIRE(events.size() == 1);
    CHECK_THAT(events[0].retry_reason, Contains("replaying once"));
    CHECK(authorization.token() == "t2");

    SECTION("once per call: a second rejection is the result") {
      script = {rejected_token()};
      const Attempt again = zoom::test::run_io(io, authorization.attempt(send));
      CHECK(again.response->status == 401);
      CHECK(sent_with.size() == 3);
    }
  }

  SECTION("a static token cannot be renewed: no replay") {
    CountingTokens tokens(false);
    zoom::detail::Authorization authorization(tokens, observer);
    script = {rejected_token()};
    const Attempt result = zoom::test::run_io(io, authorization.attempt(send));
    CHECK(result.response->status == 401);
    CHECK(sent_with.size() == 1);
    CHECK(events.empty());
  }

  SECTION("another 401 is not a rejected token") {
    CountingTokens tokens(true);
    zoom::detail::Authorization authorization(tokens, observer);
    script = {answered(response(401))};
    zoom::test::run_io(io, authorization.attempt(send));
    CHECK(sent_with.size() == 1);
  }
}
