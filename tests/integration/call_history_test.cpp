// The generated call-history family (and the account's call logs) against the sandbox: every
// listing equal to the sandbox's ground truth, every filter on the wire as Zoom's reference spells
// it and honoured, windows of instants cut at months, Zoom's validation, the sync pager, the path
// of a call, client codes and deletion.
#include "sandbox_fixture.hpp"

#include <zoom/months.hpp>
#include <zoom/error.hpp>
#include <zoom/json.hpp>
#include <zoom/phone/call_history.hpp>
#include <zoom/phone/call_logs.hpp>

#include <catch2/catch.hpp>

#include <atomic>
#include <memory>
#include <set>

using namespace std::chrono;
using zoom::test::SandboxFixture;
namespace phone = zoom::phone;

namespace {

// Every item of a pager, written back as JSON (which must give what the server sent: nothing lost).
template <class Items>
boost::asio::awaitable<std::vector<boost::json::value>> collect(Items items) {
  std::vector<boost::json::value> out;
  while (auto item = co_await items.next()) out.push_back(zoom::json::to_value(*item));
  co_return out;
}

std::vector<boost::json::value> values(std::vector<boost::json::object> objects) {
  return {std::make_move_iterator(objects.begin()), std::make_move_iterator(objects.end())};
}

// The ground truth of a range read month by month, newest month first, as the pagers read it.
std::vector<boost::json::value> by_month(const zoom::sandbox::Sandbox& server, const std::string& user, zoom::Date from,
                                         zoom::Date to, const zoom::sandbox::HistoryFilters& filters = {}) {
  std::vector<boost::json::value> truth;
  const auto windows = zoom::month_windows(from, to);
  for (auto it = windows.rbegin(); it != windows.rend(); ++it)
    for (auto& record : server.call_history(user, it->first, it->second, filters)) truth.emplace_back(std::move(record));
  return truth;
}

// The query strings the sandbox received for call-history listings, in order.
std::vector<std::string> history_queries(const zoom::sandbox::Sandbox& server) {
  std::vector<std::string> out;
  for (const std::string& target : server.stats().targets)
    if (target.find("/call_history?") != std::string::npos || target.ends_with("/call_history"))
      out.push_back(target.substr(std::min(target.size(), target.find('?') + 1)));
  return out;
}

}  // namespace

TEST_CASE("a user's and the account's call history, every record of three months as the sandbox has them",
          "[integration]") {
  SandboxFixture fixture;
  zoom::Client client(fixture.io.get_executor(), fixture.client_options());
  const std::string user = fixture.server.users()[1].email;

  const auto mine = fixture.run(collect(phone::list_user_call_history_items(
      client, user, {.from = 2026y / August / 20, .to = 2026y / November / 14, .page_size = 100})));
  const auto truth = by_month(fixture.server, user, 2026y / August / 20, 2026y / November / 14);
  REQUIRE(truth.size() > 200);
  CHECK(mine == truth);

  const std::size_t before = history_queries(fixture.server).size();
  const auto account = fixture.run(collect(phone::list_account_call_history_items(
      client, {.from = 2026y / September / 1, .to = 2026y / October / 31, .page_size = 300})));
  const auto account_truth = by_month(fixture.server, "", 2026y / September / 1, 2026y / October / 31);
  CHECK(account == account_truth);
  CHECK(account.size() > by_month(fixture.server, user, 2026y / September / 1, 2026y / October / 31).size());
  // One listing for the account: as many requests as its months fill pages, not one per user.
  std::size_t pages = 0;
  for (const zoom::Date first : {2026y / September / 1, 2026y / October / 1}) {
    const zoom::Date last{first.year() / first.month() / std::chrono::last};
    pages += std::max<std::size_t>(1, (fixture.server.call_history("", first, last).size() + 299) / 300);
  }
  CHECK(history_queries(fixture.server).size() - before == pages);
}

TEST_CASE("the same call in call logs and call history: one id, the same times", "[integration]") {
  SandboxFixture fixture;
  zoom::Client client(fixture.io.get_executor(), fixture.client_options());
  const auto history = fixture.run(phone::list_user_call_history(
      client, "me", {.from = 2026y / October / 1, .to = 2026y / October / 31, .page_size = 300}));
  const auto logs = fixture.run(phone::list_user_call_logs(
      client, "me", {.from = 2026y / October / 1, .to = 2026y / October / 31, .page_size = 300}));
  REQUIRE(history.call_logs.size() == logs.call_logs.size());
  REQUIRE_FALSE(logs.call_logs.empty());
  for (std::size_t i = 0; i < logs.call_logs.size(); ++i) {
    const phone::CallHistory& call = history.call_logs[i];
    const phone::CallLog& log = logs.call_logs[i];
    INFO("record " << i);
    CHECK(call.id == log.id);
    CHECK(call.call_id == log.call_id);
    CHECK(call.start_time == log.date_time);
    CHECK(call.end_time == log.call_end_time);
    CHECK(call.answer_time == log.answer_start_time);
  }
}

TEST_CASE("the account's call logs, every record as the sandbox has them, with the account's filters",
          "[integration]") {
  SandboxFixture fixture;
  zoom::Client client(fixture.io.get_executor(), fixture.client_options());
  const auto all = fixture.run(collect(phone::list_account_call_logs_items(
      client, {.from = 2026y / September / 15, .to = 2026y / October / 31, .page_size = 200})));
  std::vector<boost::json::value> truth = values(fixture.server.account_call_logs(2026y / October / 1, 2026y / October / 31));
  for (auto& record : fixture.server.account_call_logs(2026y / September / 15, 2026y / September / 30))
    truth.emplace_back(std::move(record));
  CHECK(all == truth);

  const auto charged = fixture.run(collect(phone::list_account_call_logs_items(
      client, {.from = 2026y / October / 1, .to = 2026y / October / 31, .path = "pstn", .charged_call_logs = true})));
  CHECK(charged == values(fixture.server.account_call_logs(2026y / October / 1, 2026y / October / 31,
                                                           {.path = "pstn", .charged_only = true})));
  CHECK(charged.size() < truth.size());
  CHECK_FALSE(charged.empty());
}

TEST_CASE("every call-history filter goes on the wire as Zoom's reference spells it, and is honoured",
          "[integration]") {
  SandboxFixture fixture;
  zoom::Client client(fixture.io.get_executor(), fixture.client_options());
  const auto& users = fixture.server.users();
  struct Case {
    const char* name;
    phone::ListUserCallHistoryParams params;
    std::string query;  // after from=...&to=...
    zoom::sandbox::HistoryFilters filters;
  };
  const std::vector<Case> cases = {
      {"no filter: nothing unasked is sent", {}, "", {}},
      {"directions, the key repeated",
       {.directions = {phone::CallDirection::inbound, phone::CallDirection::outbound}},
       "&directions=inbound&directions=outbound", {.directions = {"inbound", "outbound"}}},
      {"connect_types", {.connect_types = {phone::CallConnectType::internal}}, "&connect_types=internal",
       {.connect_types = {"internal"}}},
      {"number_types", {.number_types = {phone::CallHistoryNumberType::external_pstn}}, "&number_types=external_pstn",
       {.number_types = {"external_pstn"}}},
      {"call_types", {.call_types = {phone::CallType::general}}, "&call_types=general", {.call_types = {"general"}}},
      {"extension_types", {.extension_types = {phone::CallHistoryExtensionType::call_queue}},
       "&extension_types=call_queue", {.extension_types = {"call_queue"}}},
      {"call_results", {.call_results = {phone::CallResult::voicemail, phone::CallResult::no_answer}},
       "&call_results=voicemail&call_results=no_answer", {.call_results = {"voicemail", "no_answer"}}},
      {"keyword", {.keyword = users[2].extension_number}, "&keyword=" + users[2].extension_number,
       {.keyword = users[2].extension_number}},
      {"time_type", {.time_type = phone::CallHistoryTimeType::end_time}, "&time_type=end_time",
       {.time_type = "end_time"}},
      {"recording_status", {.recording_status = phone::RecordingStatus::recorded}, "&recording_status=recorded",
       {.recording_status = "recorded"}},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    phone::ListUserCallHistoryParams params = c.params;
    params.from = 2026y / October / 1;
    params.to = 2026y / October / 31;
    params.page_size = 300;
    const std::size_t before = history_queries(fixture.server).size();
    const auto page = fixture.run(phone::list_user_call_history(client, "me", params));
    const auto queries = history_queries(fixture.server);
    REQUIRE(queries.size() == before + 1);
    CHECK(queries.back() == "from=2026-10-01&to=2026-10-31" + c.query + "&page_size=300");
    std::vector<boost::json::value> decoded;
    for (const auto& call : page.call_logs) decoded.push_back(zoom::json::to_value(call));
    CHECK(decoded == values(fixture.server.call_history("me", 2026y / October / 1, 2026y / October / 31, c.filters)));
  }
  // Filters that narrow: each case above that filters gives fewer records than no filter.
  const auto everything = fixture.server.call_history("me", 2026y / October / 1, 2026y / October / 31);
  const auto voicemail = fixture.server.call_history("me", 2026y / October / 1, 2026y / October / 31,
                                                     {.call_results = {"voicemail"}});
  CHECK(voicemail.size() < everything.size());
  CHECK_FALSE(voicemail.empty());
  // Group, site, department and cost center, through the account's listing.
  const auto& sample = everything.front();
  REQUIRE(sample.contains("site_id"));
  REQUIRE(sample.contains("department"));
  const zoom::sandbox::HistoryFilters by_site{.site_ids = {std::string{sample.at("site_id").as_string()}},
                                              .department = std::string{sample.at("department").as_string()}};
  phone::ListAccountCallHistoryParams account{.from = 2026y / October / 1, .to = 2026y / October / 31};
  account.site_ids = by_site.site_ids;
  account.department = by_site.department;
  account.page_size = 300;
  const auto site_calls = fixture.run(collect(phone::list_account_call_history_items(client, account)));
  CHECK(site_calls == values(fixture.server.call_history("", 2026y / October / 1, 2026y / October / 31, by_site)));
  CHECK_FALSE(site_calls.empty());
}

TEST_CASE("a window of instants is cut at months, each sent as a UTC date-time", "[integration]") {
  SandboxFixture fixture;
  zoom::Client client(fixture.io.get_executor(), fixture.client_options());
  const zoom::DateTime from{sys_days{2026y / September / 20} + 13h + 30min};
  const zoom::DateTime to{sys_days{2026y / November / 3} + 9h};
  const auto records = fixture.run(
      collect(phone::list_user_call_history_items(client, "me", {.from = from, .to = to, .page_size = 300})));
  CHECK(records == values(fixture.server.call_history("me", floor<seconds>(from), floor<seconds>(to))));
  const auto queries = history_queries(fixture.server);
  REQUIRE(queries.size() >= 3);
  // The SDK percent-encodes `:` in query values (%3A), which servers decode as `:`.
  CHECK(queries[0].starts_with("from=2026-11-01T00%3A00%3A00Z&to=2026-11-03T09%3A00%3A00Z&"));
  CHECK(queries[1].starts_with("from=2026-10-01T00%3A00%3A00Z&to=2026-10-31T23%3A59%3A59Z&"));
  CHECK(queries.back().starts_with("from=2026-09-20T13%3A30%3A00Z&to=2026-09-30T23%3A59%3A59Z&"));
}

TEST_CASE("Zoom's validation: over a month, or time_type in the other family's spelling, is 400 code 300",
          "[integration]") {
  SandboxFixture fixture;
  zoom::Client client(fixture.io.get_executor(), fixture.client_options());
  const auto error_of = [&](auto call) -> zoom::ApiError {
    try {
      fixture.run(std::move(call));
    } catch (const zoom::ApiError& e) {
      return e;
    }
    FAIL("expected zoom::ApiError");
    throw std::logic_error("unreachable");
  };
  const auto long_window =
      error_of(phone::list_user_call_history(client, "me", {.from = 2026y / September / 1, .to = 2026y / October / 10}));
  CHECK(long_window.status() == 400);
  CHECK(long_window.code() == 300);
  phone::ListAccountCallHistoryParams spelled_as_logs;
  spelled_as_logs.time_type = zoom::Enum<phone::CallHistoryTimeType>::from_wire("startTime");
  const auto spelling = error_of(phone::list_account_call_history(client, spelled_as_logs));
  CHECK(spelling.status() == 400);
  CHECK(spelling.code() == 300);
  CHECK(std::string{spelling.what()}.find("time_type") != std::string::npos);
  const auto logs_spelling = error_of(phone::list_account_call_logs(
      client, {.time_type = zoom::Enum<phone::CallLogTimeType>::from_wire("start_time")}));
  CHECK(logs_spelling.code() == 300);
}

TEST_CASE("the sync pager: a full sync, then increments from the saved token", "[integration]") {
  auto offset = std::make_shared<std::atomic<int>>(-72);  // hours added to the sandbox's clock
  auto options = zoom::test::sandbox_options(false);
  options.clock = [offset] { return zoom::test::sandbox_now() + hours{offset->load()}; };
  SandboxFixture fixture(options);
  zoom::Client client(fixture.io.get_executor(), fixture.client_options());

  auto sync = [&](std::optional<std::string> token) -> boost::asio::awaitable<std::pair<std::vector<std::string>, std::optional<std::string>>> {
    auto items = phone::sync_user_call_history_items(
        client, "me",
        {.sync_type = token ? phone::CallHistorySyncType::i_sync : phone::CallHistorySyncType::f_sync, .count = 40,
         .sync_token = token});
    std::vector<std::string> ids;
    while (auto call = co_await items.next()) ids.push_back(call->id);
    co_return std::pair{ids, items.position().page_token};  // the sync token, once the sync has ended
  };
  const auto ids_of = [](const std::vector<boost::json::object>& records) {
    std::vector<std::string> ids;
    for (const auto& record : records) ids.emplace_back(record.at("id").as_string());
    return ids;
  };

  const auto [full, token] = fixture.run(sync(std::nullopt));
  const auto three_days_ago = ids_of(fixture.server.sync_records("me"));
  REQUIRE(full.size() > 100);
  CHECK(full == three_days_ago);
  REQUIRE(token.has_value());

  *offset = 0;  // three days later: the calls of those days have ended
  const auto [increment, next_token] = fixture.run(sync(token));
  const auto now = ids_of(fixture.server.sync_records("me"));
  REQUIRE(now.size() > full.size());
  // What the increment must hold: the records that ended since, in order (the full sync's oldest
  // records may have left Zoom's six months meanwhile).
  const std::set<std::string> synced(full.begin(), full.end());
  std::vector<std::string> new_since;
  for (const std::string& id : now)
    if (!synced.count(id)) new_since.push_back(id);
  REQUIRE_FALSE(new_since.empty());
  CHECK(increment == new_since);

  const auto [nothing, same_token] = fixture.run(sync(next_token));
  CHECK(nothing.empty());
  CHECK(same_token == next_token);
}

TEST_CASE("a call's path, its client code, and its deletion from a user's history", "[integration]") {
  SandboxFixture fixture;
  zoom::Client client(fixture.io.get_executor(), fixture.client_options());
  const auto page = fixture.run(phone::list_user_call_history(
      client, "me", {.from = 2026y / October / 1, .to = 2026y / October / 31, .page_size = 300}));
  REQUIRE(page.call_logs.size() > 10);

  std::size_t several_legs = 0;
  for (std::size_t i = 0; i < 20; ++i) {
    const std::string& id = page.call_logs[i].id;
    const phone::CallPath path = fixture.run(phone::get_call_path(client, id));
    const auto truth = fixture.server.call_path(id);
    REQUIRE(truth.has_value());
    CHECK(zoom::json::to_value(path) == boost::json::value(*truth));
    CHECK_FALSE(path.call_path.empty());
    if (path.call_path.size() > 1) ++several_legs;
  }
  CHECK(several_legs > 0);

  const std::string id = page.call_logs.front().id;
  fixture.run(phone::set_call_history_client_code(client, id, {.client_code = "4711"}));
  const phone::CallPath coded = fixture.run(phone::get_call_path(client, id));
  REQUIRE_FALSE(coded.call_path.empty());
  for (const phone::CallPathLeg& leg : coded.call_path) CHECK(leg.client_code == "4711");

  fixture.run(phone::delete_user_call_history(client, "me", id));
  const auto after = fixture.run(phone::list_user_call_history(
      client, "me", {.from = 2026y / October / 1, .to = 2026y / October / 31, .page_size = 300}));
  CHECK(after.call_logs.size() == page.call_logs.size() - 1);
  for (const auto& call : after.call_logs) CHECK(call.id != id);
  try {
    fixture.run(phone::delete_user_call_history(client, "me", id));
    FAIL("deleting twice succeeded");
  } catch (const zoom::ApiError& e) {
    CHECK(e.status() == 404);
  }
}
