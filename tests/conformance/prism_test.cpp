// The SDK and the sandbox checked against spec/ by a tool we did not write, Stoplight Prism:
// - Prism mocks spec/ with request validation (--errors): every generated operation, called with
//   typical and edge-case parameters, is accepted;
// - every example of the spec's responses, and Prism's random responses (--dynamic, several
//   seeds: random values of every field, dates from any century), decode;
// - Prism as a validating proxy in front of the sandbox: the sandbox's answers conform to spec/.
#include "../integration/run_io.hpp"
#include "../integration/sandbox_fixture.hpp"
#include "prism_process.hpp"

#include <zoom/client.hpp>
#include <zoom/json.hpp>
#include <zoom/phone/call_history.hpp>
#include <zoom/phone/call_logs.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <catch2/catch.hpp>

#include <chrono>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

using namespace std::chrono;
using zoom::phone::ListUserCallLogsParams;
using zoom::test::PrismProcess;
using zoom::test::run_io;

namespace {

boost::json::value read_spec() {
  std::ifstream in(ZOOM_SPEC_FILE);
  std::stringstream text;
  text << in.rdbuf();
  return boost::json::parse(text.str());
}

std::set<std::string> spec_operation_ids(const boost::json::value& spec) {
  std::set<std::string> ids;
  for (const auto& [path, item] : spec.at("paths").as_object())
    for (const auto& [method, operation] : item.as_object())
      if (operation.is_object() && operation.as_object().contains("operationId"))
        ids.emplace(operation.at("operationId").as_string());
  return ids;
}

/// Follows a local `$ref` ("#/components/responses/BadRequest") to what it names.
const boost::json::value& resolve(const boost::json::value& spec, const boost::json::value& node) {
  if (!node.is_object() || !node.as_object().contains("$ref")) return node;
  const auto& ref = node.at("$ref").as_string();
  return resolve(spec, spec.at_pointer(std::string_view{ref}.substr(1)));
}

/// A client of Prism's mock: any bearer token is accepted, nothing is retried (a 429 example must
/// arrive as the error it is).
zoom::ClientOptions mock_client_options(const PrismProcess& prism) {
  zoom::ClientOptions options;
  options.credentials = zoom::BearerToken{"prism-accepts-any-token"};
  options.base_url = prism.url();
  options.allow_plain_http = true;
  options.retry.max_attempts = 1;
  return options;
}

std::string violations_of(const PrismProcess& prism) {
  std::string text;
  for (const auto& line : prism.violations()) text += line + '\n';
  return text;
}

/// How the test calls each operation of spec/: it builds the generated request (so the test
/// follows the generator) and decodes a 2xx body into the generated type. A new operation in the
/// spec fails the first test until it has an entry here.
struct OperationUnderTest {
  std::function<zoom::Request()> typical_request;
  /// Decodes a 2xx body into the generated type and writes it back as JSON.
  std::function<boost::json::value(std::string_view body)> decode;
};

template <class Model>
std::function<boost::json::value(std::string_view)> decoder() {
  return [](std::string_view body) { return zoom::json::to_value(zoom::json::decode<Model>(body)); };
}

// An operation without a response body: its 2xx body must be empty.
boost::json::value no_body(std::string_view body) {
  if (!body.empty()) throw std::runtime_error("expected no body, got " + std::string{body});
  return nullptr;
}

std::map<std::string, OperationUnderTest> operations_under_test() {
  namespace phone = zoom::phone;
  const zoom::DateOrTime october_first = 2026y / October / 1, october_last = 2026y / October / 31;
  return {
      {"listUserCallLogs",
       {[=] { return phone::make_list_user_call_logs_request("me", {.from = october_first, .to = october_last}); },
        decoder<phone::CallLogPage>()}},
      {"listAccountCallLogs",
       {[=] { return phone::make_list_account_call_logs_request({.from = october_first, .to = october_last}); },
        decoder<phone::CallLogPage>()}},
      {"getCallLog", {[] { return phone::make_get_call_log_request("6f3c2a91-7d4e-4b8a-9c1f-2e5d8b7a4c30"); },
                      decoder<phone::CallLogDetail>()}},
      {"listUserCallHistory",
       {[=] { return phone::make_list_user_call_history_request("me", {.from = october_first, .to = october_last}); },
        decoder<phone::CallHistoryPage>()}},
      {"listAccountCallHistory",
       {[=] { return phone::make_list_account_call_history_request({.from = october_first, .to = october_last}); },
        decoder<phone::CallHistoryPage>()}},
      {"getCallPath", {[] { return phone::make_get_call_path_request("6f3c2a91-7d4e-4b8a-9c1f-2e5d8b7a4c30"); },
                       decoder<phone::CallPath>()}},
      {"syncUserCallHistory",
       {[] { return phone::make_sync_user_call_history_request("me", {.sync_type = phone::CallHistorySyncType::f_sync, .count = 50}); },
        decoder<phone::CallHistorySync>()}},
      {"setCallHistoryClientCode",
       {[] { return phone::make_set_call_history_client_code_request("6f3c2a91", {.client_code = "1234"}); }, &no_body}},
      {"deleteUserCallHistory",
       {[] { return phone::make_delete_user_call_history_request("me", "6f3c2a91"); }, &no_body}},
  };
}

/// Sends `request` with Prism's `Prefer` header (which response code, which example) and returns
/// the body of a 2xx answer; throws what the client throws otherwise.
boost::asio::awaitable<std::string> send_preferring(zoom::Client& client, zoom::Request request, std::string prefer) {
  if (!prefer.empty()) zoom::add_header(request, "Prefer", prefer);
  co_return (co_await client.send(std::move(request))).body;
}

}  // namespace

TEST_CASE("Prism (--errors) accepts every request the generated operations send", "[prism]") {
  const auto spec = read_spec();
  std::set<std::string> covered;
  for (const auto& [id, operation] : operations_under_test()) covered.insert(id);
  REQUIRE(covered == spec_operation_ids(spec));

  PrismProcess prism({"mock", "--errors", ZOOM_SPEC_FILE});
  boost::asio::io_context io;
  zoom::Client client(io.get_executor(), mock_client_options(prism));

  // listUserCallLogs: user ids as Zoom knows them and ones that need percent-encoding; every
  // query parameter at its bounds and with characters a query string must escape.
  const std::vector<std::string> users = {"me", "Qx7LmN2pRt8vWz4yKb6HsA", "jordan.lee+calls@example.com",
                                          "a b/c?d#e%f&g", "Zoë_ünï"};
  std::vector<ListUserCallLogsParams> queries = {
      {},
      {.from = 2026y / October / 1, .to = 2026y / October / 31},
      {.from = 2024y / February / 29, .to = 2024y / March / 28},  // a leap day
      {.from = 2026y / November / 15, .to = 2026y / November / 15},
      {.type = zoom::phone::CallLogFilter::missed},
      {.time_type = zoom::phone::CallLogTimeType::end_time},
      {.phone_number = "+12055432700"},
      {.page_size = 1},
      {.page_size = 300},
      {.next_page_token = "Rk3+/=&?x y%"},
      {.from = 2026y / May / 1, .to = 2026y / May / 31, .type = zoom::phone::CallLogFilter::all,
       .phone_number = "1009", .time_type = zoom::phone::CallLogTimeType::start_time, .page_size = 100,
       .next_page_token = "token"},
  };
  int calls = 0;
  for (const auto& user : users) {
    for (const auto& query : queries) {
      INFO("user " << user << ", page_size " << (query.page_size ? std::to_string(*query.page_size) : "unset") << ", token "
                   << query.next_page_token.value_or("(none)"));
      const auto page = run_io(io, zoom::phone::list_user_call_logs(client, user, query));
      CHECK(page.extra.empty());  // the example has no field the spec does not know
      ++calls;
    }
  }
  CHECK(calls == static_cast<int>(users.size() * queries.size()));
  CHECK(violations_of(prism).empty());

  // The call-history family: every filter, arrays with the key repeated, date-time bounds; the
  // account's listings; the call path, the sync, the client code and the deletion.
  namespace phone = zoom::phone;
  const std::vector<phone::ListUserCallHistoryParams> history_queries = {
      {},
      {.from = zoom::DateTime{sys_days{2026y / October / 1} + 8h}, .to = zoom::DateTime{sys_days{2026y / October / 2}}},
      {.from = 2026y / October / 1, .to = 2026y / October / 31, .keyword = "Ann & co",
       .directions = {phone::CallDirection::inbound, phone::CallDirection::outbound},
       .connect_types = {phone::CallConnectType::external}, .number_types = {phone::CallHistoryNumberType::zoom_pstn},
       .call_types = {phone::CallType::general}, .extension_types = {phone::CallHistoryExtensionType::call_queue},
       .call_results = {phone::CallResult::voicemail}, .group_ids = {"g1", "g 2"}, .site_ids = {"s1"},
       .department = "Sales", .cost_center = "CC-1", .time_type = phone::CallHistoryTimeType::end_time,
       .recording_status = phone::RecordingStatus::non_recorded, .page_size = 300, .next_page_token = "t+/="},
  };
  for (const auto& query : history_queries) {
    (void)run_io(io, phone::list_user_call_history(client, "jordan.lee+calls@example.com", query));
    phone::ListAccountCallHistoryParams account;
    account.from = query.from;
    account.to = query.to;
    account.directions = query.directions;
    account.recording_status = query.recording_status;
    (void)run_io(io, phone::list_account_call_history(client, account));
  }
  (void)run_io(io, phone::list_account_call_logs(client, {.from = 2026y / October / 1, .to = 2026y / October / 31,
                                                          .path = "pstn", .site_id = "s1", .charged_call_logs = true}));
  (void)run_io(io, phone::get_call_log(client, "6f3c2a91-7d4e-4b8a-9c1f-2e5d8b7a4c30"));
  (void)run_io(io, phone::get_call_path(client, "6f3c2a91-7d4e-4b8a-9c1f-2e5d8b7a4c30"));
  (void)run_io(io, phone::sync_user_call_history(client, "me", {.sync_type = phone::CallHistorySyncType::i_sync,
                                                                .count = 250, .sync_token = "SDVjM3NH"}));
  run_io(io, phone::set_call_history_client_code(client, "6f3c2a91", {.client_code = "1234"}));
  run_io(io, phone::delete_user_call_history(client, "me", "20231008-c106fda5"));
  CHECK(violations_of(prism).empty());

  SECTION("and refuses a request that breaks the spec: the check can fail") {
    auto request = zoom::phone::make_list_user_call_logs_request("me", {.page_size = 301});
    try {
      (void)run_io(io, client.send(std::move(request)));
      FAIL("Prism accepted page_size=301");
    } catch (const zoom::ApiError& error) {
      CHECK(error.status() == 400);
    }
    CHECK(violations_of(prism).find("page_size") != std::string::npos);
  }
}

TEST_CASE("every example of the spec's responses decodes", "[prism]") {
  const auto spec = read_spec();
  PrismProcess prism({"mock", ZOOM_SPEC_FILE});
  boost::asio::io_context io;
  zoom::Client client(io.get_executor(), mock_client_options(prism));
  const auto operations = operations_under_test();
  int examples = 0;

  for (const auto& [path, item] : spec.at("paths").as_object()) {
    for (const auto& [method, node] : item.as_object()) {
      if (!node.is_object() || !node.as_object().contains("operationId")) continue;
      const auto& operation = operations.at(std::string(node.at("operationId").as_string()));
      for (const auto& [code, response_node] : node.at("responses").as_object()) {
        const auto& response = resolve(spec, response_node).as_object();
        const auto* media = response.if_contains("content");
        if (!media) continue;
        const auto& json_media = media->at("application/json").as_object();
        // Named examples, or the one `example`.
        std::vector<std::pair<std::string, boost::json::value>> wanted;
        if (const auto* named = json_media.if_contains("examples"))
          for (const auto& [name, example] : named->as_object())
            wanted.emplace_back(name, resolve(spec, example).at("value"));
        else if (const auto* example = json_media.if_contains("example"))
          wanted.emplace_back("", *example);

        for (const auto& [name, value] : wanted) {
          INFO("response " << code << ", example '" << name << "'");
          std::string prefer = "code=" + std::string(code);
          if (!name.empty()) prefer += ", example=" + name;
          const unsigned status = static_cast<unsigned>(std::stoi(std::string(code)));
          ++examples;
          if (status / 100 == 2) {
            const auto body = run_io(io, send_preferring(client, operation.typical_request(), prefer));
            CHECK(boost::json::parse(body) == value);  // Prism sent the example itself
            // The decoded page written back is the example: every field known, nothing lost.
            CHECK(operation.decode(body) == value);
            continue;
          }
          try {
            (void)run_io(io, send_preferring(client, operation.typical_request(), prefer));
            FAIL("status " << code << " did not throw");
          } catch (const zoom::ApiError& error) {
            CHECK(error.status() == status);
            CHECK(error.code() == value.at("code").to_number<long long>());
            CHECK(error.message() == value.at("message").as_string());
            const auto* errors = value.as_object().if_contains("errors");
            CHECK(error.field_errors().size() == (errors ? errors->as_array().size() : 0));
          }
        }
      }
    }
  }
  CHECK(examples >= 6);  // 200, two 400s, 401, 404, 429 in today's spec
}

TEST_CASE("Prism's random responses decode (--dynamic, 12 seeds)", "[prism]") {
  const std::vector<std::string> codes = {"200", "200", "200", "400", "401", "404", "429"};
  constexpr int seeds = 12;
  constexpr int requests_per_seed = 14;  // each response code twice
  int decoded_pages = 0, records = 0;
  for (int seed = 1; seed <= seeds; ++seed) {
    const std::vector<std::string> arguments = {"mock", "--dynamic", "--seed", std::to_string(seed), ZOOM_SPEC_FILE};
    PrismProcess prism(arguments);
    boost::asio::io_context io;
    zoom::Client client(io.get_executor(), mock_client_options(prism));
    for (int i = 0; i < requests_per_seed; ++i) {
      const std::string& code = codes[static_cast<std::size_t>(i) % codes.size()];
      auto request = zoom::phone::make_list_user_call_logs_request("me", {.from = 2026y / October / 1, .to = 2026y / October / 31});
      std::string body;
      try {
        body = run_io(io, send_preferring(client, std::move(request), "code=" + code));
      } catch (const zoom::ApiError& error) {
        INFO(prism.command() << ", request " << i << ": " << error.what());
        CHECK(std::to_string(error.status()) == code);
        CHECK(std::string(error.what()).find(code) != std::string::npos);
        continue;
      }
      INFO(prism.command() << ", request " << i << ", body: " << body);
      REQUIRE(code == "200");
      zoom::phone::CallLogPage page;
      REQUIRE_NOTHROW(page = zoom::json::decode<zoom::phone::CallLogPage>(body));
      ++decoded_pages;
      records += static_cast<int>(page.call_logs.size());
    }
  }
  CHECK(decoded_pages == seeds * 6);  // 3 of every 7 requests ask for a 200
  CHECK(records > 0);
}

TEST_CASE("Prism's random responses of the call-history family decode (--dynamic, 12 seeds)", "[prism]") {
  const auto operations = operations_under_test();
  const std::vector<std::string> ids = {"listUserCallHistory", "listAccountCallHistory", "getCallPath",
                                        "syncUserCallHistory", "listAccountCallLogs",   "getCallLog"};
  int decoded = 0;
  for (int seed = 1; seed <= 12; ++seed) {
    PrismProcess prism({"mock", "--dynamic", "--seed", std::to_string(seed), ZOOM_SPEC_FILE});
    boost::asio::io_context io;
    zoom::Client client(io.get_executor(), mock_client_options(prism));
    for (const std::string& id : ids) {
      const std::string body = run_io(io, send_preferring(client, operations.at(id).typical_request(), "code=200"));
      INFO(prism.command() << ", " << id << ", body: " << body);
      REQUIRE_NOTHROW(operations.at(id).decode(body));
      ++decoded;
    }
  }
  CHECK(decoded == 12 * static_cast<int>(ids.size()));
}

TEST_CASE("the sandbox's responses conform to spec/ (Prism as a validating proxy)", "[prism]") {
  zoom::test::SandboxFixture fixture;
  PrismProcess prism({"proxy", "--errors", ZOOM_SPEC_FILE, fixture.server.base_url()});
  auto options = fixture.client_options();
  options.base_url = prism.url();  // the API through Prism; OAuth straight to the sandbox
  options.retry.max_attempts = 1;
  zoom::Client client(fixture.io.get_executor(), options);
  const std::string user = fixture.server.users().front().email;
  auto expect_conforming = [&] {
    INFO("Prism's log:\n" << prism.log());
    CHECK(violations_of(prism).empty());
    CHECK(prism.log().find("Request received") != std::string::npos);  // the requests did go through Prism
  };
  auto expect_error = [&](zoom::Client& with, std::string who, ListUserCallLogsParams query, unsigned status) {
    try {
      (void)fixture.run(zoom::phone::list_user_call_logs(with, who, query));
      FAIL("no error for " << who);
    } catch (const zoom::ApiError& error) {
      CHECK(error.status() == status);
    }
  };

  SECTION("every page of three months, with each filter") {
    std::vector<ListUserCallLogsParams> queries = {
        {.from = 2026y / August / 16, .to = 2026y / November / 15, .page_size = 50},
        {.from = 2026y / October / 1, .to = 2026y / November / 15, .type = zoom::phone::CallLogFilter::missed},
        {.from = 2026y / October / 1, .to = 2026y / November / 15, .time_type = zoom::phone::CallLogTimeType::end_time,
         .page_size = 300},
    };
    std::size_t records = 0, pages = 0;
    for (const auto& query : queries) {
      auto read_all = [&]() -> boost::asio::awaitable<void> {
        auto chain = zoom::phone::list_user_call_logs_pages(client, user, query);
        while (auto page = co_await chain.next()) {
          ++pages;
          records += page->call_logs.size();
        }
      };
      fixture.run(read_all());
    }
    CHECK(pages > 3);
    CHECK(records > 100);
    expect_conforming();
  }

  SECTION("call history: the account's pages with filters, a user's date-time window, a call path, a sync") {
    namespace phone = zoom::phone;
    auto read_all = [&]() -> boost::asio::awaitable<std::size_t> {
      std::size_t records = 0;
      phone::ListAccountCallHistoryParams inbound{.from = 2026y / October / 15, .to = 2026y / November / 14};
      inbound.directions = {phone::CallDirection::inbound};
      inbound.page_size = 100;
      auto pages = phone::list_account_call_history_pages(client, inbound);
      std::string first_id;
      while (auto page = co_await pages.next()) {
        records += page->call_logs.size();
        if (first_id.empty() && !page->call_logs.empty()) first_id = page->call_logs.front().id;
      }
      phone::ListUserCallHistoryParams morning{.from = zoom::DateTime{sys_days{2026y / November / 2} + 8h},
                                               .to = zoom::DateTime{sys_days{2026y / November / 9} + 12h}};
      morning.time_type = phone::CallHistoryTimeType::end_time;
      records += (co_await phone::list_user_call_history(client, user, morning)).call_logs.size();
      if (!first_id.empty()) records += (co_await phone::get_call_path(client, first_id)).call_path.size();
      auto sync = phone::sync_user_call_history_pages(client, user, {.sync_type = phone::CallHistorySyncType::f_sync, .count = 250});
      while (auto page = co_await sync.next()) records += page->call_logs.size();
      co_return records;
    };
    CHECK(fixture.run(read_all()) > 100);
    expect_conforming();
  }

  SECTION("Zoom's errors: an unknown user, a bad token, a window older than six months") {
    expect_error(client, "nobody@example.com", {}, 404);
    expect_error(client, user, {.from = 2025y / January / 1, .to = 2025y / January / 31}, 400);
    auto bad_token = options;
    bad_token.credentials = zoom::BearerToken{"not-a-token-the-sandbox-issued"};
    zoom::Client unauthorized(fixture.io.get_executor(), bad_token);
    expect_error(unauthorized, user, {}, 401);
    expect_conforming();
  }

  SECTION("a response that breaks the spec is caught: the check can fail") {
    fixture.server.inject("/v2/phone/users/", {.kind = zoom::sandbox::Fault::Kind::respond, .status = 200,
                                               .body = R"({"call_logs": "not an array", "page_size": "thirty"})"});
    try {
      (void)fixture.run(zoom::phone::list_user_call_logs(client, user, {}));
      FAIL("Prism passed a page whose call_logs is not an array");
    } catch (const zoom::ApiError& error) {
      CHECK(error.status() == 500);  // Prism's --errors answer to a response violation
      CHECK(std::string(error.what()).find("not valid") != std::string::npos);
    }
    INFO("Prism's log:\n" << prism.log());
    CHECK_FALSE(violations_of(prism).empty());
  }
}
