// zoom-phone's pieces: the command line, the CSV writer, and the export against the sandbox.
#include "../integration/sandbox_fixture.hpp"

#include "export.hpp"
#include "options.hpp"
#include "output.hpp"

#include <zoom/error.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <catch2/catch.hpp>

#include <map>
#include <sstream>

using namespace std::chrono;
using zoom::cli::parse_options;
using zoom::cli::UsageError;

namespace {

const char* no_environment(const char*) { return nullptr; }

std::function<const char*(const char*)> environment(std::map<std::string, std::string> values) {
  auto shared = std::make_shared<std::map<std::string, std::string>>(std::move(values));
  return [shared](const char* name) -> const char* {
    const auto it = shared->find(name);
    return it == shared->end() ? nullptr : it->second.c_str();
  };
}

}  // namespace

TEST_CASE("the command line becomes typed parameters") {
  const auto options = parse_options({"call-logs", "--user", "a@b.com", "--from", "2026-10-01", "--to", "2026-10-31",
                                      "--type", "missed", "--phone-number", "+12055432724", "--time-type", "endTime",
                                      "--page-size", "120", "--format", "csv", "--access-token", "tok"},
                                     &no_environment);
  CHECK(options.user == "a@b.com");
  CHECK(options.params.from == 2026y / October / 1);
  CHECK(options.params.to == 2026y / October / 31);
  CHECK(options.params.type == zoom::phone::CallLogFilter::missed);
  CHECK(options.params.phone_number == "+12055432724");
  CHECK(options.params.time_type == zoom::phone::CallLogTimeType::end_time);
  CHECK(options.params.page_size == 120);
  CHECK(options.format == zoom::cli::Format::csv);
  REQUIRE(options.credentials.has_value());
  CHECK(std::get<zoom::BearerToken>(*options.credentials).access_token == "tok");
}

TEST_CASE("credentials come from the environment; none means the sandbox") {
  const auto s2s = parse_options({"call-logs", "--user", "me"},
                                 environment({{"ZOOM_ACCOUNT_ID", "acc"}, {"ZOOM_CLIENT_ID", "cid"}, {"ZOOM_CLIENT_SECRET", "sec"}}));
  REQUIRE(s2s.credentials.has_value());
  CHECK(std::get<zoom::ServerToServerOAuth>(*s2s.credentials).client_secret == "sec");
  CHECK(s2s.params.page_size == 300);
  CHECK_FALSE(parse_options({"call-logs", "--user", "me"}, &no_environment).credentials.has_value());
}

TEST_CASE("a command line that cannot run says what to change") {
  const auto error = [](std::vector<std::string> args) -> std::string {
    try {
      parse_options(args, &no_environment);
    } catch (const UsageError& e) {
      return e.what();
    }
    return "no error";
  };
  CHECK(error({}) == "no command: try `zoom-phone call-logs --user me`");
  CHECK(error({"call-log", "--user", "me"}) == "unknown command 'call-log' (the command is call-logs)");
  CHECK(error({"call-logs"}) == "--user is required (a user id, an email address, or me)");
  CHECK(error({"call-logs", "--user"}) == "--user needs a value");
  CHECK(error({"call-logs", "--user", "me", "--from", "2026-10-01"}) == "--from and --to go together");
  CHECK(error({"call-logs", "--user", "me", "--from", "2026-10-31", "--to", "2026-10-01"}) == "--to is before --from");
  CHECK(error({"call-logs", "--user", "me", "--from", "10/01/2026", "--to", "2026-10-31"}) ==
        "--from '10/01/2026' is not a date (YYYY-MM-DD)");
  CHECK(error({"call-logs", "--user", "me", "--type", "voicemail"}) == "--type 'voicemail' is not one of all, missed");
  CHECK(error({"call-logs", "--user", "me", "--page-size", "301"}) == "--page-size '301' is not a number from 1 to 300");
  CHECK(error({"call-logs", "--user", "me", "--format", "xml"}) == "--format 'xml' is not one of jsonl, csv, table");
  CHECK(error({"call-logs", "--user", "me", "--color", "red"}) == "unknown option '--color'");
  CHECK(error({"call-logs", "--user", "me", "--account-id", "a"}).find("one is missing") != std::string::npos);
  CHECK(error({"call-logs", "--user", "me", "--access-token", "t", "--base-url", "http://api.example.com/v2"}) ==
        "'http://api.example.com/v2' is plain http:// to another machine, which would send credentials unencrypted; "
        "use https://");
  CHECK(error({"call-logs", "--user", "me", "--base-url", "https://proxy.example.com/v2"}).find("no credentials for") == 0);
}

TEST_CASE("CSV fields are quoted as RFC 4180 says") {
  CHECK(zoom::cli::csv_field("plain") == "plain");
  CHECK(zoom::cli::csv_field("a,b") == "\"a,b\"");
  CHECK(zoom::cli::csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(zoom::cli::csv_field("two\nlines") == "\"two\nlines\"");
  const auto columns = zoom::cli::csv_columns();
  CHECK(columns.front() == "accepted_by.extension_number");
  CHECK(std::find(columns.begin(), columns.end(), "accepted_by.name") != columns.end());
  CHECK(std::find(columns.begin(), columns.end(), "site.name") != columns.end());
  CHECK(std::find(columns.begin(), columns.end(), "duration") != columns.end());
  CHECK(std::find(columns.begin(), columns.end(), "accepted_by") == columns.end());
}

TEST_CASE("the export writes every record of the range as Zoom sent it", "[integration]") {
  zoom::test::SandboxFixture fixture;
  zoom::Client client(fixture.io.get_executor(), fixture.client_options());
  std::ostringstream out;
  const auto writer = zoom::cli::make_writer(zoom::cli::Format::jsonl, out);
  const auto result = fixture.run(zoom::cli::export_call_logs(
      client, "me", {.from = 2026y / October / 1, .to = 2026y / October / 31, .page_size = 100}, *writer));
  const auto truth = fixture.server.call_logs("me", 2026y / October / 1, 2026y / October / 31);
  CHECK(result.records == truth.size());
  CHECK(result.pages == (truth.size() + 99) / 100);
  std::istringstream lines(out.str());
  std::size_t i = 0;
  bool saw_unknown_field = false;
  for (std::string line; std::getline(lines, line); ++i) {
    REQUIRE(i < truth.size());
    const boost::json::value record = boost::json::parse(line);
    CHECK(record == truth[i]);
    saw_unknown_field = saw_unknown_field || record.as_object().contains("call_path_id");
  }
  CHECK(i == truth.size());
  CHECK(saw_unknown_field);  // fields the spec does not know survive the export
}

TEST_CASE("a range over a month is exported month by month, newest first", "[integration]") {
  zoom::test::SandboxFixture fixture;
  zoom::Client client(fixture.io.get_executor(), fixture.client_options());
  std::ostringstream out;
  const auto writer = zoom::cli::make_writer(zoom::cli::Format::jsonl, out);
  const auto result = fixture.run(zoom::cli::export_call_logs(
      client, "me", {.from = 2026y / July / 15, .to = 2026y / October / 10, .page_size = 300}, *writer));
  std::vector<boost::json::object> truth;
  for (const auto& [from, to] : {std::pair{2026y / October / 1, 2026y / October / 10}, std::pair{2026y / September / 1, 2026y / September / 30},
                                 std::pair{2026y / August / 1, 2026y / August / 31}, std::pair{2026y / July / 15, 2026y / July / 31}})
    for (auto& record : fixture.server.call_logs("me", zoom::Date{from}, zoom::Date{to})) truth.push_back(std::move(record));
  CHECK(result.records == truth.size());
  std::istringstream lines(out.str());
  std::size_t i = 0;
  for (std::string line; std::getline(lines, line); ++i) {
    REQUIRE(i < truth.size());
    CHECK(boost::json::parse(line) == truth[i]);
  }
  CHECK(i == truth.size());
}

TEST_CASE("month windows cut a range at calendar months") {
  using W = std::vector<std::pair<zoom::Date, zoom::Date>>;
  CHECK(zoom::month_windows(2026y / May / 1, 2026y / May / 31) == W{{2026y / May / 1, 2026y / May / 31}});
  CHECK(zoom::month_windows(2026y / January / 31, 2026y / March / 1) ==
        W{{2026y / January / 31, 2026y / January / 31}, {2026y / February / 1, 2026y / February / 28},
          {2026y / March / 1, 2026y / March / 1}});
  CHECK(zoom::month_windows(2025y / December / 20, 2026y / January / 5) ==
        W{{2025y / December / 20, 2025y / December / 31}, {2026y / January / 1, 2026y / January / 5}});
  CHECK(zoom::month_windows(2026y / May / 2, 2026y / May / 1).empty());
  CHECK(zoom::month_windows(2026y / May / 1, 2026y / October / 31).size() == 6);
}
