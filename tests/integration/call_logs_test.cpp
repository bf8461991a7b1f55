// The generated list_user_call_logs against the sandbox, over HTTP and HTTPS: tokens, pages,
// the whole range equal to the sandbox's ground truth, errors, encoding, keep-alive.
#include "sandbox_fixture.hpp"

#include <zoom/error.hpp>
#include <zoom/json.hpp>
#include <zoom/phone/call_logs.hpp>

#include <boost/json/serialize.hpp>

#include <catch2/catch.hpp>

#include <algorithm>

using namespace std::chrono;
using zoom::test::SandboxFixture;
namespace phone = zoom::phone;

namespace {

const zoom::Date kOctoberFirst = 2026y / October / 1;
const zoom::Date kOctoberLast = 2026y / October / 31;

// Every record of the range, page after page, as the raw JSON the server sent.
boost::asio::awaitable<std::vector<boost::json::object>> every_record(zoom::Client& client, std::string user,
                                                                      phone::ListUserCallLogsParams params,
                                                                      std::size_t* pages = nullptr) {
  std::vector<boost::json::object> records;
  while (true) {
    const zoom::Response response = co_await client.send(phone::make_list_user_call_logs_request(user, params));
    const boost::json::value body = zoom::json::parse(response.body);
    const phone::CallLogPage page = zoom::json::decode<phone::CallLogPage>(response.body, {.strict = true});
    for (const auto& record : body.at("call_logs").as_array()) records.push_back(record.as_object());
    CHECK(page.call_logs.size() == body.at("call_logs").as_array().size());
    if (pages) ++*pages;
    if (!page.next_page_token || page.next_page_token->empty()) break;
    params.next_page_token = page.next_page_token;
  }
  co_return records;
}

std::string api_error_text(SandboxFixture& fixture, zoom::Client& client, std::string user,
                           phone::ListUserCallLogsParams params, zoom::ApiError* out = nullptr) {
  try {
    fixture.run(phone::list_user_call_logs(client, user, params));
  } catch (const zoom::ApiError& e) {
    if (out) *out = e;
    return e.what();
  }
  FAIL("expected zoom::ApiError");
  return {};
}

}  // namespace

TEST_CASE("one page of call logs over HTTP and HTTPS", "[integration]") {
  const bool tls = GENERATE(false, true);
  INFO((tls ? "https" : "http"));
  SandboxFixture fixture(tls);
  zoom::Client client(fixture.io.get_executor(), fixture.client_options());
  const phone::CallLogPage page = fixture.run(
      phone::list_user_call_logs(client, "me", {.from = kOctoberFirst, .to = kOctoberLast, .page_size = 50}));
  REQUIRE(page.call_logs.size() == 50);
  CHECK(page.page_size == 50);
  CHECK(page.total_records > 50);
  CHECK(page.next_page_token.has_value());
  CHECK_FALSE(page.next_page_token->empty());
  for (const phone::CallLog& log : page.call_logs) {
    CHECK_FALSE(log.id.empty());
    REQUIRE(log.date_time.has_value());
    const zoom::Date day{floor<days>(*log.date_time)};
    CHECK(day >= kOctoberFirst);
    CHECK(day <= kOctoberLast);
  }
  CHECK(fixture.server.stats().token_requests == 1);
}

TEST_CASE("every page of a range equals the sandbox's ground truth", "[integration]") {
  const bool tls = GENERATE(false, true);
  INFO((tls ? "https" : "http"));
  SandboxFixture fixture(tls);
  zoom::Client client(fixture.io.get_executor(), fixture.client_options());
  const std::string user = fixture.server.users().at(1).id;
  std::size_t pages = 0;
  const auto records = fixture.run(every_record(client, user, {.from = kOctoberFirst, .to = kOctoberLast, .page_size = 37}, &pages));
  const auto truth = fixture.server.call_logs(user, kOctoberFirst, kOctoberLast);
  REQUIRE(truth.size() > 100);
  CHECK(pages == (truth.size() + 36) / 37);
  CHECK(records == truth);

  SECTION("filters: missed calls, one phone number, ordered by end time") {
    const auto missed = fixture.run(every_record(
        client, user, {.from = kOctoberFirst, .to = kOctoberLast, .type = phone::CallLogFilter::missed, .page_size = 300}));
    CHECK(missed == fixture.server.call_logs(user, kOctoberFirst, kOctoberLast, {.type = "missed"}));
    CHECK_FALSE(missed.empty());
    CHECK(missed.size() < truth.size());

    const std::string number{truth.front().at("caller_number").as_string()};
    const auto by_number = fixture.run(every_record(
        client, user, {.from = kOctoberFirst, .to = kOctoberLast, .phone_number = number, .page_size = 300}));
    CHECK_FALSE(by_number.empty());
    CHECK(by_number == fixture.server.call_logs(user, kOctoberFirst, kOctoberLast, {.phone_number = number}));

    const auto by_end = fixture.run(every_record(
        client, user,
        {.from = kOctoberFirst, .to = kOctoberLast, .time_type = phone::CallLogTimeType::end_time, .page_size = 300}));
    CHECK(by_end == fixture.server.call_logs(user, kOctoberFirst, kOctoberLast, {.time_type = "endTime"}));
  }
}

TEST_CASE("one token serves many calls over one kept-alive connection", "[integration]") {
  const bool tls = GENERATE(false, true);
  INFO((tls ? "https" : "http"));
  SandboxFixture fixture(tls);
  zoom::Client client(fixture.io.get_executor(), fixture.client_options());
  for (int i = 0; i < 10; ++i) fixture.run(phone::list_user_call_logs(client, "me", {.page_size = 5}));
  CHECK(fixture.server.stats().token_requests == 1);
  CHECK(fixture.server.stats().api_requests == 10);
  CHECK(client.connections_opened() == 1);
  CHECK(fixture.server.stats().connections_accepted == 1);
}

TEST_CASE("concurrent calls share the pool up to its limit", "[integration]") {
  SandboxFixture fixture;
  zoom::ClientOptions options = fixture.client_options();
  options.max_connections_per_host = 2;
  zoom::Client client(fixture.io.get_executor(), options);
  int finished = 0;
  std::exception_ptr failure;
  for (int i = 0; i < 8; ++i)
    boost::asio::co_spawn(fixture.io, phone::list_user_call_logs(client, "me", {.page_size = 300}),
                          [&](std::exception_ptr e, phone::CallLogPage) {
                            if (e) failure = e;
                            ++finished;
                          });
  while (finished < 8) fixture.io.run_one();
  if (failure) std::rethrow_exception(failure);
  CHECK(client.connections_opened() <= 2);
  CHECK(fixture.server.stats().token_requests == 1);
}

TEST_CASE("user ids and query values are percent-encoded on the wire", "[integration]") {
  SandboxFixture fixture;
  zoom::Client client(fixture.io.get_executor(), fixture.client_options());
  const auto& user = fixture.server.users().at(2);
  REQUIRE(user.email.find('@') != std::string::npos);
  const std::string number = "+12055550123";
  fixture.run(phone::list_user_call_logs(client, user.email, {.phone_number = number}));
  const auto targets = fixture.server.stats().targets;
  REQUIRE_FALSE(targets.empty());
  const std::string& target = targets.back();
  std::string encoded_email;
  for (const char c : user.email) encoded_email += c == '@' ? "%40" : c == '+' ? "%2B" : std::string(1, c);
  CHECK(target.rfind("/v2/phone/users/" + encoded_email + "/call_logs?", 0) == 0);
  CHECK(target.find("phone_number=%2B12055550123") != std::string::npos);
  CHECK(target.find('+') == std::string::npos);

  // The server decoded the `+`: filtering by a number the user has returns that number's calls.
  const auto truth = fixture.server.call_logs(user.id, 2026y / October / 1, 2026y / October / 31);
  REQUIRE_FALSE(truth.empty());
  const std::string their_number{truth.front().at("callee_number").as_string()};
  REQUIRE(their_number.front() == '+');
  const auto page = fixture.run(phone::list_user_call_logs(
      client, user.email, {.from = 2026y / October / 1, .to = 2026y / October / 31, .phone_number = their_number, .page_size = 300}));
  CHECK_FALSE(page.call_logs.empty());
}

TEST_CASE("Zoom's errors arrive as ApiError with status, code, message and tracking id", "[integration]") {
  SandboxFixture fixture;
  zoom::Client client(fixture.io.get_executor(), fixture.client_options());

  zoom::ApiError error({}, "");
  const std::string not_found = api_error_text(fixture, client, "nobody@example.com", {}, &error);
  CHECK(not_found ==
        "HTTP 404 from GET /v2/phone/users/nobody%40example.com/call_logs: Zoom error 1001: User does not exist: "
        "nobody@example.com. [x-zm-trackingid " + error.tracking_id() + "]");
  CHECK(error.status() == 404);
  CHECK(error.code() == 1001);
  CHECK_FALSE(error.tracking_id().empty());

  const std::string range = api_error_text(fixture, client, "me", {.from = 2026y / August / 1, .to = 2026y / October / 31}, &error);
  CHECK(error.status() == 400);
  CHECK(error.code() == 300);
  CHECK(range.find("HTTP 400 from GET /v2/phone/users/me/call_logs: Zoom error 300: ") == 0);

  SECTION("a bad token and an expired token are 401 code 124") {
    zoom::ClientOptions options = fixture.client_options();
    options.credentials = zoom::BearerToken{"not-a-token"};
    zoom::Client bad(fixture.io.get_executor(), options);
    const std::string text = api_error_text(fixture, bad, "me", {}, &error);
    CHECK(error.status() == 401);
    CHECK(error.code() == 124);
    CHECK(text.find("not-a-token") == std::string::npos);

    const std::string token = fixture.server.issue_token();
    options.credentials = zoom::BearerToken{token};
    zoom::Client expiring(fixture.io.get_executor(), options);
    fixture.run(phone::list_user_call_logs(expiring, "me"));
    fixture.server.expire_tokens();
    const std::string expired = api_error_text(fixture, expiring, "me", {}, &error);
    CHECK(error.status() == 401);
    CHECK(error.code() == 124);
    CHECK(expired.find(token) == std::string::npos);
  }

  SECTION("wrong client credentials fail the token request, without the secret in the message") {
    zoom::ClientOptions options = fixture.client_options();
    options.credentials = zoom::ServerToServerOAuth{fixture.server.credentials().account_id,
                                                    fixture.server.credentials().client_id, "wrong-secret-value"};
    zoom::Client wrong(fixture.io.get_executor(), options);
    const std::string text = api_error_text(fixture, wrong, "me", {}, &error);
    CHECK(error.status() == 401);
    CHECK(text.find("POST /oauth/token") != std::string::npos);
    CHECK(text.find("invalid_client") != std::string::npos);
    CHECK(text.find("wrong-secret-value") == std::string::npos);
  }
}

TEST_CASE("plain http:// is refused unless asked for", "[integration]") {
  boost::asio::io_context io;
  zoom::ClientOptions options;
  options.base_url = "http://127.0.0.1:1/v2";
  CHECK_THROWS_WITH(zoom::Client(io.get_executor(), options),
                    "ClientOptions::base_url 'http://127.0.0.1:1/v2' uses plain http://, which sends tokens "
                    "unencrypted; set ClientOptions::allow_plain_http for loopback tests");
  options.base_url = "ftp://example.com";
  CHECK_THROWS_WITH(zoom::Client(io.get_executor(), options),
                    "ClientOptions::base_url 'ftp://example.com' must be an http:// or https:// URL");
  options.base_url = "not a url";
  CHECK_THROWS_AS(zoom::Client(io.get_executor(), options), zoom::Error);
}
