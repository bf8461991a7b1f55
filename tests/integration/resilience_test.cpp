// What Zoom and networks do to a long export, and how the client survives it: retries with
// backoff, Retry-After, rate limits, token renewal, timeouts, cancellation. Backoffs are
// shortened by configuration; no test sleeps for whole seconds.
#include "sandbox_fixture.hpp"

#include <zoom/error.hpp>
#include <zoom/phone/call_logs.hpp>

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <catch2/catch.hpp>

#include <atomic>
#include <future>
#include <mutex>
#include <thread>

using namespace std::chrono;
using zoom::sandbox::Fault;
using zoom::test::Events;
using zoom::test::fast_retries;
using zoom::test::SandboxFixture;
namespace phone = zoom::phone;

namespace {

template <class F>
std::string error_of(F&& call) {
  try {
    call();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("transient failures are retried until the call succeeds", "[resilience]") {
  SandboxFixture fixture;
  Events events;
  zoom::Client client(fixture.io.get_executor(), fast_retries(fixture.client_options(), &events));
  const auto [name, fault, reason] = GENERATE(table<std::string, Fault, std::string>({
      {"503", Fault::status_code(503, R"({"code":503,"message":"Service unavailable."})"), "server unavailable (503)"},
      {"502 with an empty body", Fault::status_code(502), "server unavailable (502)"},
      {"504", Fault::status_code(504), "server unavailable (504)"},
      {"500 on a GET", Fault::status_code(500), "server error (500)"},
      {"reset before the headers", Fault{Fault::Kind::reset_before_headers}, "no complete response"},
      {"reset after the headers", Fault{Fault::Kind::reset_after_headers}, "no complete response"},
      {"a truncated body", Fault{Fault::Kind::truncated_body}, "no complete response"},
      {"429 without a type", Fault::too_many_requests("none", seconds{0}, ""), "rate limited (429)"},
  }));
  INFO(name);
  fixture.server.inject("/v2/", fault, 3);
  const auto page = fixture.run(
      phone::list_user_call_logs(client, "me", {.from = 2026y / October / 1, .to = 2026y / October / 31, .page_size = 5}));
  CHECK(page.call_logs.size() == 5);
  const auto attempts = events.requests();
  // A reset before any byte of a response on a kept-alive connection looks exactly like a server
  // that closed an idle connection: the transport reconnects at once without using an attempt.
  // The first API call reuses the token request's connection, so one of the resets is absorbed.
  const std::size_t expected = name == "reset before the headers" ? 3 : 4;
  REQUIRE(attempts.size() == expected);
  for (std::size_t i = 0; i + 1 < expected; ++i) {
    CHECK(attempts[i].attempt == static_cast<int>(i) + 1);
    CHECK(attempts[i].retry_reason.rfind(reason, 0) == 0);
    CHECK(attempts[i].retry_delay <= milliseconds{5});
  }
  CHECK(attempts.back().status == 200);
  CHECK(attempts.back().retry_reason.empty());
  CHECK(fixture.server.stats().faults_applied == 3);
}

TEST_CASE("what is not transient fails at once", "[resilience]") {
  SandboxFixture fixture;
  Events events;
  zoom::Client client(fixture.io.get_executor(), fast_retries(fixture.client_options(), &events));

  SECTION("malformed JSON is a decode error") {
    fixture.server.inject("/v2/", Fault{Fault::Kind::malformed_json});
    CHECK_THROWS_AS(fixture.run(phone::list_user_call_logs(client, "me")), zoom::DecodeError);
    CHECK(events.requests().size() == 1);
  }
  SECTION("a 4xx other than 429") {
    fixture.server.inject("/v2/", Fault::status_code(400, R"({"code":300,"message":"Invalid parameter."})"));
    CHECK_THROWS_AS(fixture.run(phone::list_user_call_logs(client, "me")), zoom::ApiError);
    CHECK(events.requests().size() == 1);
  }
  SECTION("a daily-limit 429, which says when to try again") {
    fixture.server.inject("/v2/", Fault::too_many_requests("iso", seconds{5 * 3600}, "Daily-limit"));
    zoom::ApiError error({}, "");
    try {
      fixture.run(phone::list_user_call_logs(client, "me"));
    } catch (const zoom::ApiError& e) {
      error = e;
    }
    CHECK(error.status() == 429);
    REQUIRE(error.retry_at().has_value());
    CHECK(*error.retry_at() > system_clock::now() + hours{4});
    CHECK(std::string{error.what()}.find("; try again after ") != std::string::npos);
    CHECK(events.requests().size() == 1);
  }
  SECTION("the attempts run out: the last error") {
    fixture.server.inject("/v2/", Fault::status_code(503), 10);
    const std::string what = error_of([&] { fixture.run(phone::list_user_call_logs(client, "me")); });
    CHECK(what.rfind("HTTP 503 from GET /v2/phone/users/me/call_logs", 0) == 0);
    CHECK(events.requests().size() == 5);
    CHECK(events.requests().back().retry_reason.empty());
  }
}

TEST_CASE("Retry-After is read in each style Zoom sends, and a long one fails at once", "[resilience]") {
  SandboxFixture fixture;
  Events events;
  auto options = fast_retries(fixture.client_options(), &events);
  options.retry.max_retry_after = milliseconds{1500};
  zoom::Client client(fixture.io.get_executor(), options);
  const std::string style = GENERATE("seconds", "http-date", "iso", "lower-case");
  INFO(style);
  // Asks for 3 s, over the 1.5 s cap: the call fails at once, which proves the value was read.
  fixture.server.inject("/v2/", Fault::too_many_requests(style, seconds{3}));
  const auto started = system_clock::now();
  zoom::ApiError error({}, "");
  try {
    fixture.run(phone::list_user_call_logs(client, "me"));
  } catch (const zoom::ApiError& e) {
    error = e;
  }
  REQUIRE(error.status() == 429);
  REQUIRE(error.retry_at().has_value());
  CHECK(*error.retry_at() > started + seconds{1});
  CHECK(*error.retry_at() < started + seconds{5});
  CHECK(events.requests().size() == 1);
  CHECK(events.requests().front().retry_reason.empty());

  // Asking for 0 s: retried at once.
  fixture.server.inject("/v2/", Fault::too_many_requests(style, seconds{0}));
  fixture.run(phone::list_user_call_logs(client, "me"));
  const auto attempts = events.requests();
  REQUIRE(attempts.size() == 3);
  CHECK(attempts[1].retry_reason == "rate limited (429)");
  CHECK(attempts[1].retry_delay <= milliseconds{1000});
}

TEST_CASE("Retry-After values parse as seconds, HTTP-date and ISO date-time") {
  const system_clock::time_point now = sys_days{2026y / November / 27} + 19h;
  CHECK(zoom::parse_retry_after("120", now) == milliseconds{120000});
  CHECK(zoom::parse_retry_after(" 0 ", now) == milliseconds{0});
  CHECK(zoom::parse_retry_after("Fri, 27 Nov 2026 19:00:30 GMT", now) == milliseconds{30000});
  CHECK(zoom::parse_retry_after("2026-11-28T00:00:00Z", now) == milliseconds{5 * 3600 * 1000});
  CHECK(zoom::parse_retry_after("2026-11-27T18:00:00Z", now) == milliseconds{0});  // in the past
  CHECK_FALSE(zoom::parse_retry_after("-5", now));
  CHECK_FALSE(zoom::parse_retry_after("soon", now));
  CHECK_FALSE(zoom::parse_retry_after("Fri, 32 Nov 2026 19:00:30 GMT", now));
  CHECK_FALSE(zoom::parse_retry_after("", now));
}

TEST_CASE("backoff grows exponentially up to its ceiling") {
  zoom::RetryPolicy policy;
  policy.initial_delay = milliseconds{100};
  policy.multiplier = 2;
  policy.max_delay = milliseconds{1000};
  CHECK(policy.ceiling(1) == milliseconds{100});
  CHECK(policy.ceiling(2) == milliseconds{200});
  CHECK(policy.ceiling(4) == milliseconds{800});
  CHECK(policy.ceiling(5) == milliseconds{1000});
  CHECK(policy.ceiling(30) == milliseconds{1000});
}

TEST_CASE("timeouts: per attempt, and the overall deadline", "[resilience]") {
  SandboxFixture fixture;
  Events events;
  auto options = fast_retries(fixture.client_options(), &events);
  options.request_timeout = milliseconds{100};

  SECTION("a slow attempt times out and the retry succeeds") {
    zoom::Client client(fixture.io.get_executor(), options);
    fixture.run(phone::list_user_call_logs(client, "me"));  // token first, so the delay hits the API call
    fixture.server.inject("/v2/", Fault{.kind = Fault::Kind::delay_only, .delay = milliseconds{400}});
    fixture.run(phone::list_user_call_logs(client, "me"));
    const auto attempts = events.requests();
    REQUIRE(attempts.size() == 3);
    CHECK(attempts[1].error.find("timed out after 100 ms") != std::string::npos);
    CHECK(attempts[1].retry_reason.rfind("no complete response", 0) == 0);
    CHECK(attempts[2].status == 200);
  }
  SECTION("the deadline ends a call that keeps failing") {
    options.retry.overall_deadline = milliseconds{300};
    options.retry.initial_delay = milliseconds{40};
    options.retry.max_delay = milliseconds{40};
    options.retry.max_attempts = 100;
    zoom::Client client(fixture.io.get_executor(), options);
    fixture.server.inject("/v2/", Fault::status_code(503), 1000);
    CHECK_THROWS_AS(fixture.run(phone::list_user_call_logs(client, "me")), zoom::DeadlineExceeded);
    fixture.server.clear_faults();
  }
}

TEST_CASE("a rejected token is renewed once and the request replayed once", "[resilience]") {
  SandboxFixture fixture;
  Events events;
  zoom::Client client(fixture.io.get_executor(), fast_retries(fixture.client_options(), &events));
  fixture.run(phone::list_user_call_logs(client, "me"));
  REQUIRE(fixture.server.stats().token_requests == 1);

  fixture.server.inject("/v2/", Fault{Fault::Kind::expire_token});
  fixture.run(phone::list_user_call_logs(client, "me"));
  CHECK(fixture.server.stats().token_requests == 2);
  const auto attempts = events.requests();
  REQUIRE(attempts.size() == 3);
  CHECK(attempts[1].status == 401);
  CHECK(attempts[1].retry_reason.find("renewing it and replaying once") != std::string::npos);

  // Rejected again after the renewal: an error, not a loop.
  fixture.server.inject("/v2/", Fault{Fault::Kind::expire_token}, 2);
  zoom::ApiError error({}, "");
  try {
    fixture.run(phone::list_user_call_logs(client, "me"));
  } catch (const zoom::ApiError& e) {
    error = e;
  }
  CHECK(error.status() == 401);
  CHECK(error.code() == 124);
  CHECK(fixture.server.stats().token_requests == 3);
}

TEST_CASE("token renewal: before expiry, keeping a valid token when renewal fails", "[resilience]") {
  auto sandbox_options = zoom::test::sandbox_options(false);
  sandbox_options.token_lifetime = seconds{1};  // renewed after half of it, as the margin is longer
  SandboxFixture fixture(sandbox_options);
  zoom::Client client(fixture.io.get_executor(), fast_retries(fixture.client_options()));
  fixture.run(phone::list_user_call_logs(client, "me"));
  fixture.run(phone::list_user_call_logs(client, "me"));
  CHECK(fixture.server.stats().token_requests == 1);  // cached

  std::this_thread::sleep_for(milliseconds{600});  // past the renewal point, before expiry
  const auto attempts = static_cast<std::size_t>(client.options().retry.max_attempts);
  fixture.server.inject("/oauth/token", Fault::status_code(503), attempts);
  fixture.run(phone::list_user_call_logs(client, "me"));  // renewal fails every attempt; the old token still works
  CHECK(fixture.server.stats().token_requests == 1 + attempts);

  fixture.run(phone::list_user_call_logs(client, "me"));  // renewal tried again, and succeeds
  CHECK(fixture.server.stats().token_requests == 2 + attempts);

  std::this_thread::sleep_for(milliseconds{1100});  // now the token has expired
  fixture.server.inject("/oauth/token", Fault::status_code(401, R"({"reason":"Invalid client","error":"invalid_client"})"));
  const std::string what = error_of([&] { fixture.run(phone::list_user_call_logs(client, "me")); });
  CHECK(what.rfind("HTTP 401 from POST /oauth/token: invalid_client: Invalid client", 0) == 0);
}

TEST_CASE("a token request passes the retry stage: a 503 is tried again, a 500 is not", "[resilience]") {
  SandboxFixture fixture;
  zoom::test::Events events;
  zoom::Client client(fixture.io.get_executor(), fast_retries(fixture.client_options(), &events));
  fixture.server.inject("/oauth/token", Fault::status_code(503));
  fixture.run(phone::list_user_call_logs(client, "me"));
  CHECK(fixture.server.stats().token_requests == 2);
  const auto tokens = events.of_kind(zoom::AttemptEvent::Kind::token_refresh);
  REQUIRE(tokens.size() == 2);
  CHECK(tokens[0].status == 503);
  CHECK(tokens[0].retry_reason == "server unavailable (503)");
  CHECK(tokens[1].attempt == 2);
  CHECK(tokens[1].status == 200);

  // Not idempotent: the OAuth server may have acted on it (a refresh token rotated).
  zoom::Client other(fixture.io.get_executor(), fast_retries(fixture.client_options()));
  fixture.server.inject("/oauth/token", Fault::status_code(500));
  CHECK_THAT(error_of([&] { fixture.run(phone::list_user_call_logs(other, "me")); }),
             Catch::Matchers::StartsWith("HTTP 500 from POST /oauth/token"));
  CHECK(fixture.server.stats().token_requests == 3);
}

TEST_CASE("200 concurrent calls on 4 threads with an expiring token: exactly one refresh", "[resilience][threads]") {
  boost::asio::io_context io;
  zoom::sandbox::Sandbox server(io.get_executor(), zoom::test::sandbox_options(false));
  server.start();
  zoom::ClientOptions options = zoom::test::client_options_for(server);
  options.max_connections_per_host = 8;
  zoom::Client client(io.get_executor(), fast_retries(options));
  auto work = boost::asio::make_work_guard(io);
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i) threads.emplace_back([&] { io.run(); });

  const auto run_all = [&](int count) {
    std::atomic<int> ok = 0, failed = 0;
    std::promise<void> all_done;
    std::atomic<int> left = count;
    for (int i = 0; i < count; ++i)
      boost::asio::co_spawn(io, phone::list_user_call_logs(client, "me", {.page_size = 3}),
                            [&](std::exception_ptr e, phone::CallLogPage page) {
                              (e || page.call_logs.size() != 3 ? failed : ok)++;
                              if (--left == 0) all_done.set_value();
                            });
    all_done.get_future().wait();
    return std::pair{ok.load(), failed.load()};
  };
  CHECK(run_all(200) == std::pair{200, 0});
  CHECK(server.stats().token_requests == 1);

  server.expire_tokens();  // every call now meets a 401 first
  CHECK(run_all(200) == std::pair{200, 0});
  CHECK(server.stats().token_requests == 2);
  CHECK(server.stats().max_concurrent_token_requests == 1);

  work.reset();
  server.stop();
  io.stop();
  for (auto& thread : threads) thread.join();
}

TEST_CASE("the client-side limiter keeps a full-speed burst under the server's limit", "[resilience]") {
  auto sandbox_options = zoom::test::sandbox_options(false);
  sandbox_options.rate_limits.heavy_per_second = 40;
  SandboxFixture fixture(sandbox_options);
  const auto burst = [&](zoom::Client& client, int count) {
    int finished = 0;
    std::exception_ptr failure;
    for (int i = 0; i < count; ++i)
      boost::asio::co_spawn(fixture.io, phone::list_user_call_logs(client, "me", {.page_size = 1}),
                            [&](std::exception_ptr e, phone::CallLogPage) {
                              if (e) failure = e;
                              ++finished;
                            });
    while (finished < count) fixture.io.run_one();
    if (failure) std::rethrow_exception(failure);
  };

  SECTION("without a limiter, the server answers 429 and the retries still get through") {
    auto options = fixture.client_options();
    options.retry.initial_delay = milliseconds{100};  // long enough to reach the next second
    options.retry.max_delay = milliseconds{1000};
    options.retry.max_attempts = 10;
    zoom::Client client(fixture.io.get_executor(), options);
    burst(client, 60);
    CHECK(fixture.server.stats().rate_limited > 0);
  }
  SECTION("with the limiter (two clients sharing one): no 429 at all") {
    auto options = fast_retries(fixture.client_options());
    options.rate_limiter = std::make_shared<zoom::RateLimiter>(zoom::RateLimits{.heavy_per_second = 40});
    zoom::Client first(fixture.io.get_executor(), options);
    zoom::Client second(fixture.io.get_executor(), options);
    int finished = 0;
    for (zoom::Client* client : {&first, &second, &first})
      for (int i = 0; i < 30; ++i)
        boost::asio::co_spawn(fixture.io, phone::list_user_call_logs(*client, "me", {.page_size = 1}),
                              [&](std::exception_ptr e, phone::CallLogPage) {
                                CHECK_FALSE(e);
                                ++finished;
                              });
    while (finished < 90) fixture.io.run_one();
    CHECK(fixture.server.stats().rate_limited == 0);
    CHECK(fixture.server.stats().api_requests == 90);
  }
  SECTION("the daily cap stops requests before they are sent") {
    auto options = fast_retries(fixture.client_options());
    options.rate_limits = zoom::RateLimits{.daily_cap = 3};
    zoom::Client client(fixture.io.get_executor(), options);
    for (int i = 0; i < 3; ++i) fixture.run(phone::list_user_call_logs(client, "me"));
    CHECK_THROWS_AS(fixture.run(phone::list_user_call_logs(client, "me")), zoom::DailyLimitReached);
    CHECK(fixture.server.stats().api_requests == 3);
  }
}

TEST_CASE("cancelling a call ends it promptly and leaves the client usable", "[resilience]") {
  SandboxFixture fixture;
  zoom::Client client(fixture.io.get_executor(), fast_retries(fixture.client_options()));
  fixture.run(phone::list_user_call_logs(client, "me"));  // token and connection ready

  SECTION("through a cancellation slot") {
    fixture.server.inject("/v2/", Fault{.kind = Fault::Kind::delay_only, .delay = seconds{30}});
    boost::asio::cancellation_signal cancel;
    std::exception_ptr outcome;
    bool done = false;
    boost::asio::co_spawn(fixture.io, phone::list_user_call_logs(client, "me"),
                          boost::asio::bind_cancellation_slot(cancel.slot(), [&](std::exception_ptr e, phone::CallLogPage) {
                            outcome = e;
                            done = true;
                          }));
    boost::asio::steady_timer timer(fixture.io, milliseconds{50});
    timer.async_wait([&](boost::system::error_code) { cancel.emit(boost::asio::cancellation_type::terminal); });
    const auto started = steady_clock::now();
    while (!done) fixture.io.run_one();
    CHECK(steady_clock::now() - started < seconds{10});
    REQUIRE(outcome);
    try {
      std::rethrow_exception(outcome);
    } catch (const boost::system::system_error& e) {
      CHECK(e.code() == boost::asio::error::operation_aborted);
    }
  }
  SECTION("with awaitable_operators || and a timer") {
    using namespace boost::asio::experimental::awaitable_operators;
    fixture.server.inject("/v2/", Fault{.kind = Fault::Kind::delay_only, .delay = seconds{30}});
    const auto race = [&]() -> boost::asio::awaitable<std::size_t> {
      boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor, milliseconds{50});
      auto winner = co_await (phone::list_user_call_logs(client, "me") || timer.async_wait(boost::asio::use_awaitable));
      co_return winner.index();
    };
    CHECK(fixture.run(race()) == 1);
  }
  // The cancelled call's connection was closed; the pool and the token are fine.
  const auto page = fixture.run(phone::list_user_call_logs(client, "me", {.page_size = 2}));
  CHECK(page.call_logs.size() == 2);
  CHECK(fixture.server.stats().token_requests == 1);
}

namespace {

// A TokenStore in memory that records when it was asked to save.
struct MemoryStore : zoom::TokenStore {
  std::optional<zoom::StoredTokens> saved;
  std::vector<std::size_t> api_requests_at_save;
  zoom::sandbox::Sandbox* server = nullptr;

  std::optional<zoom::StoredTokens> load() override { return saved; }
  void save(const zoom::StoredTokens& tokens) override {
    saved = tokens;
    api_requests_at_save.push_back(server->stats().api_requests);
  }
};

}  // namespace

TEST_CASE("user-level OAuth: rotated refresh tokens are saved before use", "[resilience]") {
  SandboxFixture fixture;
  auto store = std::make_shared<MemoryStore>();
  store->server = &fixture.server;
  auto options = fast_retries(fixture.client_options());
  const std::string first_refresh = fixture.server.issue_refresh_token();
  options.credentials = zoom::UserOAuth{fixture.server.credentials().client_id,
                                        fixture.server.credentials().client_secret, first_refresh, store};
  {
    zoom::Client client(fixture.io.get_executor(), options);
    fixture.run(phone::list_user_call_logs(client, "me"));
    REQUIRE(store->saved.has_value());
    CHECK(store->saved->refresh_token != first_refresh);
    CHECK(store->api_requests_at_save == std::vector<std::size_t>{0});  // saved before the first API call

    fixture.server.inject("/v2/", Fault{Fault::Kind::expire_token});
    fixture.run(phone::list_user_call_logs(client, "me"));  // 401 -> refresh with the rotated token
    CHECK(fixture.server.stats().refresh_requests == 2);
    CHECK(store->api_requests_at_save.size() == 2);
  }
  // A new client starts from the store: no refresh needed while the access token is valid.
  zoom::Client again(fixture.io.get_executor(), options);
  fixture.run(phone::list_user_call_logs(again, "me"));
  CHECK(fixture.server.stats().refresh_requests == 2);
}
