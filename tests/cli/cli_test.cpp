// zoom-phone's pieces: the command line, the CSV writer, and the export against the sandbox.
#include "../integration/sandbox_fixture.hpp"

#include "call_path.hpp"
#include "child_process.hpp"
#include "export.hpp"
#include "options.hpp"
#include "output.hpp"
#include "progress.hpp"
#include "sandbox_process.hpp"

#include <zoom/months.hpp>
#include <zoom/error.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <catch2/catch.hpp>

#include <atomic>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <unistd.h>

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

zoom::cli::Options call_logs_options(std::vector<std::string> users, zoom::Date from, zoom::Date to,
                                     std::int32_t page_size) {
  zoom::cli::Options options;
  options.command = zoom::cli::Command::call_logs;
  options.users = std::move(users);
  options.logs = {.from = from, .to = to, .page_size = page_size};
  options.account_logs = {.from = from, .to = to, .page_size = page_size};
  return options;
}

}  // namespace

TEST_CASE("the command line becomes typed parameters") {
  const auto options = parse_options({"call-logs", "--user", "a@b.com", "--from", "2026-10-01", "--to", "2026-10-31",
                                      "--type", "missed", "--phone-number", "+12055432724", "--time-type", "endTime",
                                      "--page-size", "120", "--format", "csv", "--access-token", "tok"},
                                     &no_environment);
  CHECK(options.command == zoom::cli::Command::call_logs);
  CHECK(options.users == std::vector<std::string>{"a@b.com"});
  CHECK(options.logs.from == zoom::DateOrTime{2026y / October / 1});
  CHECK(options.logs.to == zoom::DateOrTime{2026y / October / 31});
  CHECK(options.logs.type == zoom::phone::CallLogFilter::missed);
  CHECK(options.logs.phone_number == "+12055432724");
  CHECK(options.logs.time_type == zoom::phone::CallLogTimeType::end_time);
  CHECK(options.logs.page_size == 120);
  CHECK(options.format == zoom::cli::Format::csv);
  REQUIRE(options.credentials.has_value());
  CHECK(std::get<zoom::BearerToken>(*options.credentials).access_token == "tok");
}

TEST_CASE("credentials come from the environment; none is an error unless --sandbox asks for synthetic data") {
  const auto s2s = parse_options({"call-logs", "--user", "me"},
                                 environment({{"ZOOM_ACCOUNT_ID", "acc"}, {"ZOOM_CLIENT_ID", "cid"}, {"ZOOM_CLIENT_SECRET", "sec"}}));
  REQUIRE(s2s.credentials.has_value());
  CHECK(std::get<zoom::ServerToServerOAuth>(*s2s.credentials).client_secret == "sec");
  CHECK(s2s.logs.page_size == 300);
  CHECK_THROWS_WITH(parse_options({"call-logs", "--user", "me"}, &no_environment),
                    Catch::StartsWith("no credentials: set ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET"));
  const auto sandbox = parse_options({"call-history", "--user", "me", "--sandbox"}, &no_environment);
  CHECK(sandbox.sandbox);
  CHECK_FALSE(sandbox.credentials.has_value());
  CHECK_THROWS_WITH(parse_options({"call-history", "--user", "me", "--sandbox", "--access-token", "t"}, &no_environment),
                    Catch::StartsWith("--sandbox exports the built-in sandbox's synthetic data"));
}

TEST_CASE("call-history takes every filter of Zoom's call-history listings") {
  const auto options = parse_options(
      {"call-history", "--account", "--from", "2026-10-01T08:00:00Z", "--to", "2026-10-20", "--direction", "inbound",
       "--direction", "outbound", "--connect-type", "external", "--number-type", "zoom_pstn", "--call-type", "general",
       "--extension-type", "call_queue", "--call-result", "voicemail", "--group-id", "g1", "--site-id", "s1",
       "--site-id", "s2", "--keyword", "Ann", "--department", "Sales", "--cost-center", "CC-1",
       "--time-type", "end_time", "--recording-status", "non_recorded", "--sandbox"},
      &no_environment);
  CHECK(options.command == zoom::cli::Command::call_history);
  CHECK(options.account);
  const auto& h = options.history;
  CHECK(h.from == zoom::DateOrTime{zoom::DateTime{sys_days{2026y / October / 1} + 8h}});
  CHECK(h.to == zoom::DateOrTime{2026y / October / 20});
  REQUIRE(h.directions.size() == 2);
  CHECK(h.directions[1] == zoom::phone::CallDirection::outbound);
  CHECK(h.site_ids == std::vector<std::string>{"s1", "s2"});
  CHECK(h.keyword == "Ann");
  CHECK(h.recording_status.has_value());
  // The account's listing, which the export reads with --account, takes the same filters.
  const auto query = [](const zoom::Request& request) {
    const std::string target = request.target();
    return target.substr(target.find('?'));
  };
  CHECK(query(zoom::phone::make_list_account_call_history_request(options.account_history)) ==
        query(zoom::phone::make_list_user_call_history_request("me", h)));
  const auto error = [](std::vector<std::string> args) -> std::string {
    try {
      parse_options(args, &no_environment);
    } catch (const UsageError& e) {
      return e.what();
    }
    return "no error";
  };
  CHECK(error({"call-history", "--user", "me", "--time-type", "startTime", "--sandbox"}) ==
        "--time-type 'startTime' is not one of start_time, end_time");
  CHECK(error({"call-logs", "--user", "me", "--time-type", "start_time", "--sandbox"}) ==
        "--time-type 'start_time' is not one of startTime, endTime");
  CHECK(error({"call-history", "--account", "--user", "me", "--sandbox"}) ==
        "--account reads the whole account's listing: leave out --user and --users-file");
  CHECK(error({"call-logs", "--user", "me", "--site-id", "s", "--sandbox"}) ==
        "--path, --site-id and --charged-only filter the account's call logs: add --account");
  CHECK(error({"call-history", "--user", "me", "--charged-only", "--sandbox"}) ==
        "unknown option '--charged-only' for call-history");
  CHECK(error({"call-history", "--user", "me", "--from", "2026-10-01T08:00", "--to", "2026-10-02", "--sandbox"}) ==
        "--from '2026-10-01T08:00' is not a date (YYYY-MM-DD) or a UTC time (YYYY-MM-DDTHH:MM:SSZ)");
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
  CHECK(error({}) == "no command: try `zoom-phone call-history --user me`");
  CHECK(error({"call-log", "--user", "me"}) == "unknown command 'call-log' (the commands are call-history, call-logs and call-path)");
  CHECK(error({"call-logs"}) == "--user or --account is required (a user id, an email address, or me)");
  CHECK(error({"call-logs", "--user"}) == "--user needs a value");
  CHECK(error({"call-logs", "--user", "me", "--from", "2026-10-01"}) == "--from and --to go together");
  CHECK(error({"call-logs", "--user", "me", "--from", "2026-10-31", "--to", "2026-10-01"}) == "--to is before --from");
  CHECK(error({"call-logs", "--user", "me", "--from", "10/01/2026", "--to", "2026-10-31"}) ==
        "--from '10/01/2026' is not a date (YYYY-MM-DD) or a UTC time (YYYY-MM-DDTHH:MM:SSZ)");
  CHECK(error({"call-logs", "--user", "me", "--type", "voicemail"}) == "--type 'voicemail' is not one of all, missed");
  CHECK(error({"call-logs", "--user", "me", "--page-size", "301"}) == "--page-size '301' is not a number from 1 to 300");
  CHECK(error({"call-logs", "--user", "me", "--format", "xml"}) == "--format 'xml' is not one of jsonl, csv, table");
  CHECK(error({"call-logs", "--user", "me", "--color", "red"}) == "unknown option '--color'");
  // A mistyped flag must not take the next flag as its value, nor echo a secret.
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"call-history", "--user", "me", "--no-progres", "--client-secret", "S3CR3T"},
           {"call-history", "--user", "me", "--output", "--client-secret", "S3CR3T"},
           {"call-path", "--output", "--access-token", "S3CR3T", "id1"},
           {"call-history", "--user", "me", "S3CR3T"}}) {
    const std::string message = error(args);
    INFO(message);
    CHECK(message != "no error");
    CHECK(message.find("S3CR3T") == std::string::npos);
  }
  CHECK(error({"call-logs", "--user", "me", "--account-id", "a"}).find("one is missing") != std::string::npos);
  CHECK(error({"call-logs", "--user", "me", "--access-token", "t", "--base-url", "http://api.example.com/v2"}) ==
        "'http://api.example.com/v2' is plain http:// to another machine, which would send credentials unencrypted; "
        "use https://");
  CHECK(error({"call-logs", "--user", "me", "--base-url", "https://proxy.example.com/v2"}).find("no credentials:") == 0);
}

TEST_CASE("CSV fields are quoted as RFC 4180 says") {
  CHECK(zoom::cli::csv_field("plain") == "plain");
  CHECK(zoom::cli::csv_field("a,b") == "\"a,b\"");
  CHECK(zoom::cli::csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(zoom::cli::csv_field("two\nlines") == "\"two\nlines\"");
  const auto columns = zoom::cli::make_listing(call_logs_options({"me"}, 2026y / October / 1, 2026y / October / 1, 30)).csv_columns;
  CHECK(columns.front() == "accepted_by.extension_number");
  CHECK(std::find(columns.begin(), columns.end(), "accepted_by.name") != columns.end());
  CHECK(std::find(columns.begin(), columns.end(), "site.name") != columns.end());
  CHECK(std::find(columns.begin(), columns.end(), "duration") != columns.end());
  CHECK(std::find(columns.begin(), columns.end(), "accepted_by") == columns.end());
}

namespace {

namespace fs = std::filesystem;

// A fresh folder for one test's output and checkpoint files, removed afterwards.
struct TempDir {
  TempDir() : path(fs::temp_directory_path() / ("zoom-cli-test-" + std::to_string(::getpid()) + "-" + std::to_string(next++))) {
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
  fs::path path;
  static inline int next = 0;
};

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<boost::json::value> json_lines(const std::string& text) {
  std::vector<boost::json::value> records;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) records.push_back(boost::json::parse(line));
  return records;
}

// What the export must write: user by user, each user's months newest first, each month as the
// sandbox serves it.
std::vector<boost::json::value> ground_truth(const zoom::sandbox::Sandbox& server, const std::vector<std::string>& users,
                                             zoom::Date from, zoom::Date to) {
  std::vector<boost::json::value> truth;
  for (const auto& user : users) {
    const auto windows = zoom::month_windows(from, to);
    for (auto it = windows.rbegin(); it != windows.rend(); ++it)
      for (auto& record : server.call_logs(user, it->first, it->second)) truth.emplace_back(std::move(record));
  }
  return truth;
}

zoom::cli::ExportJob job_for(std::vector<std::string> users, zoom::Date from, zoom::Date to, std::int32_t page_size) {
  return {.listing = zoom::cli::make_listing(call_logs_options(users, from, to, page_size)),
          .users = users,
          .format = zoom::cli::Format::jsonl,
          .concurrency = 3,
          .output = {},
          .checkpoint = {},
          .command = "test export"};
}

}  // namespace

TEST_CASE("the export writes every record of the range as Zoom sent it", "[integration]") {
  zoom::test::SandboxFixture fixture;
  zoom::Client client(fixture.io.get_executor(), fixture.client_options());
  std::ostringstream out, notes;
  const auto job = job_for({"me"}, 2026y / October / 1, 2026y / October / 31, 100);
  const auto result = fixture.run(zoom::cli::export_records(client, job, out, notes));
  const auto truth = fixture.server.call_logs("me", 2026y / October / 1, 2026y / October / 31);
  CHECK(result.records == truth.size());
  CHECK(result.pages == (truth.size() + 99) / 100);
  const auto records = json_lines(out.str());
  REQUIRE(records.size() == truth.size());
  bool saw_unknown_field = false;
  for (std::size_t i = 0; i < truth.size(); ++i) {
    CHECK(records[i] == truth[i]);
    saw_unknown_field = saw_unknown_field || records[i].as_object().contains("call_path_id");
  }
  CHECK(saw_unknown_field);  // fields the spec does not know survive the export
  CHECK(notes.str().empty());
}

TEST_CASE("several users over several months are exported user by user, newest month first", "[integration]") {
  zoom::test::SandboxFixture fixture;
  zoom::Client client(fixture.io.get_executor(), fixture.client_options());
  const std::vector<std::string> users{"me", fixture.server.users()[2].email, fixture.server.users()[1].id};
  const std::size_t concurrency = GENERATE(1, 4);
  auto job = job_for(users, 2026y / July / 15, 2026y / October / 10, 300);
  job.concurrency = concurrency;
  std::ostringstream out, notes;
  std::vector<zoom::cli::Progress> progress;
  const auto result = fixture.run(zoom::cli::export_records(client, job, out, notes, [&](const auto& p) { progress.push_back(p); }));
  const auto truth = ground_truth(fixture.server, users, 2026y / July / 15, 2026y / October / 10);
  REQUIRE(truth.size() > 500);
  CHECK(json_lines(out.str()) == truth);
  CHECK(result.records == truth.size());
  // The progress reports follow the listings in order and end at the total.
  REQUIRE_FALSE(progress.empty());
  CHECK(progress.back().records == truth.size());
  CHECK(progress.back().segments == 12);  // 3 users x 4 months
  CHECK(progress.back().segment == 11);
  CHECK(progress.front().segment_label == "me 2026-10-01..2026-10-10");
  CHECK(zoom::cli::fraction_done(progress.back()) == 1.0);
  for (std::size_t i = 1; i < progress.size(); ++i) CHECK(progress[i].segment >= progress[i - 1].segment);
}

TEST_CASE("faults mid-export change nothing in the output", "[integration]") {
  zoom::test::SandboxFixture fixture;
  zoom::ClientOptions options = fixture.client_options();
  options.retry.initial_delay = milliseconds{1};
  options.retry.max_delay = milliseconds{5};
  zoom::Client client(fixture.io.get_executor(), options);
  const std::vector<std::string> users{"me", fixture.server.users()[3].email};
  using zoom::sandbox::Fault;
  // Let a few pages through, then: a reset connection, a burst of 503s, a response cut short, an
  // expired access token, a 429 with Retry-After, and malformed JSON is NOT retried (decode error)
  // so it is not among them.
  fixture.server.inject("/v2/", Fault{.kind = Fault::Kind::delay_only}, 5);
  fixture.server.inject("/v2/", Fault{.kind = Fault::Kind::reset_before_headers});
  fixture.server.inject("/v2/", Fault{.kind = Fault::Kind::delay_only}, 3);
  fixture.server.inject("/v2/", Fault::status_code(503, R"({"code":503,"message":"Service unavailable"})"), 3);
  fixture.server.inject("/v2/", Fault{.kind = Fault::Kind::delay_only}, 3);
  fixture.server.inject("/v2/", Fault{.kind = Fault::Kind::truncated_body});
  fixture.server.inject("/v2/", Fault{.kind = Fault::Kind::expire_token});
  fixture.server.inject("/v2/", Fault{.kind = Fault::Kind::delay_only}, 2);
  fixture.server.inject("/v2/", Fault::too_many_requests("seconds", seconds{0}));

  TempDir dir;
  auto job = job_for(users, 2026y / August / 20, 2026y / October / 31, 40);
  job.output = (dir.path / "calls.jsonl").string();
  job.checkpoint = (dir.path / "calls.checkpoint").string();
  std::ostringstream out, notes;
  const auto result = fixture.run(zoom::cli::export_records(client, job, out, notes));
  CHECK(fixture.server.faults_pending() == 0);
  const auto truth = ground_truth(fixture.server, users, 2026y / August / 20, 2026y / October / 31);
  CHECK(result.records == truth.size());
  CHECK(json_lines(read_file(job.output)) == truth);
  CHECK(out.str().empty());
  CHECK_FALSE(fs::exists(job.checkpoint));  // removed once complete
}

TEST_CASE("after a failure the same export continues from its checkpoint, every record once", "[integration]") {
  zoom::test::SandboxFixture fixture;
  zoom::ClientOptions options = fixture.client_options();
  options.retry.max_attempts = 1;  // so that one 503 ends the run
  const std::vector<std::string> users{"me", fixture.server.users()[1].email};
  const auto format = GENERATE(zoom::cli::Format::jsonl, zoom::cli::Format::csv, zoom::cli::Format::table);
  const std::size_t fail_at = GENERATE(2, 4, 9, 17);
  INFO("format " << static_cast<int>(format) << ", failing request " << fail_at);

  TempDir dir;
  auto job = job_for(users, 2026y / August / 20, 2026y / October / 31, 40);
  job.format = format;
  job.output = (dir.path / "calls.out").string();
  job.checkpoint = (dir.path / "calls.checkpoint").string();

  // The reference: the same export, uninterrupted.
  std::string reference;
  {
    zoom::Client client(fixture.io.get_executor(), options);
    auto plain = job;
    plain.output = (dir.path / "reference.out").string();
    plain.checkpoint.clear();
    std::ostringstream out, notes;
    fixture.run(zoom::cli::export_records(client, plain, out, notes));
    reference = read_file(plain.output);
  }
  if (format == zoom::cli::Format::jsonl)
    CHECK(json_lines(reference) == ground_truth(fixture.server, users, 2026y / August / 20, 2026y / October / 31));

  std::size_t runs = 0;
  for (bool complete = false; !complete; ++runs) {
    REQUIRE(runs < 40);
    // Every run meets a 503 after `fail_at` requests, until the export is complete.
    fixture.server.clear_faults();
    if (fail_at > 1) fixture.server.inject("/v2/", zoom::sandbox::Fault{.kind = zoom::sandbox::Fault::Kind::delay_only}, fail_at - 1);
    fixture.server.inject("/v2/", zoom::sandbox::Fault::status_code(503, R"({"code":503,"message":"busy"})"));
    zoom::Client client(fixture.io.get_executor(), options);
    std::ostringstream out, notes;
    try {
      fixture.run(zoom::cli::export_records(client, job, out, notes));
      complete = true;
    } catch (const zoom::ApiError& e) {
      CHECK(e.status() == 503);
      REQUIRE(fs::exists(job.checkpoint));
    } catch (const std::exception& e) {
      FAIL("run " << runs << ": " << e.what() << " notes: " << notes.str());
    }
    if (runs > 0) CHECK(notes.str().find("zoom-phone: continuing from the checkpoint") == 0);
  }
  CHECK(runs >= 2);
  CHECK(read_file(job.output) == reference);
  CHECK_FALSE(fs::exists(job.checkpoint));
}

TEST_CASE("a checkpoint older than its page token reads that month again, without duplicates", "[integration]") {
  auto now = std::make_shared<std::atomic<std::int64_t>>(0);  // minutes added to the sandbox's clock
  auto sandbox_options = zoom::test::sandbox_options(false);
  sandbox_options.clock = [now] { return zoom::test::sandbox_now() + minutes{now->load()}; };
  zoom::test::SandboxFixture fixture(sandbox_options);
  zoom::ClientOptions options = fixture.client_options();
  options.retry.max_attempts = 1;

  TempDir dir;
  auto job = job_for({"me"}, 2026y / September / 1, 2026y / October / 31, 20);
  job.concurrency = 1;
  job.output = (dir.path / "calls.jsonl").string();
  job.checkpoint = (dir.path / "calls.checkpoint").string();
  fixture.server.inject("/v2/", zoom::sandbox::Fault{.kind = zoom::sandbox::Fault::Kind::delay_only}, 3);
  fixture.server.inject("/v2/", zoom::sandbox::Fault::status_code(503, R"({"code":503,"message":"busy"})"));
  {
    zoom::Client client(fixture.io.get_executor(), options);
    std::ostringstream out, notes;
    CHECK_THROWS_AS(fixture.run(zoom::cli::export_records(client, job, out, notes)), zoom::ApiError);
  }
  *now = 20;  // the saved page token is now 20 minutes old
  zoom::Client client(fixture.io.get_executor(), fixture.client_options());
  std::ostringstream out, notes;
  const auto result = fixture.run(zoom::cli::export_records(client, job, out, notes));
  CHECK(notes.str().find("the page token of me 2026-10-01..2026-10-31 expired; reading that listing again") !=
        std::string::npos);
  CHECK(result.restarted_segments == 1);
  CHECK(json_lines(read_file(job.output)) == ground_truth(fixture.server, {"me"}, 2026y / September / 1, 2026y / October / 31));
}

TEST_CASE("a checkpoint of another export, or of a changed output, is refused", "[integration]") {
  zoom::test::SandboxFixture fixture;
  zoom::ClientOptions options = fixture.client_options();
  options.retry.max_attempts = 1;
  TempDir dir;
  auto job = job_for({"me"}, 2026y / October / 1, 2026y / October / 31, 20);
  job.output = (dir.path / "calls.jsonl").string();
  job.checkpoint = (dir.path / "calls.checkpoint").string();
  job.command = zoom::cli::fingerprint(job, "https://api.zoom.us/v2");
  fixture.server.inject("/v2/", zoom::sandbox::Fault{.kind = zoom::sandbox::Fault::Kind::delay_only}, 2);
  fixture.server.inject("/v2/", zoom::sandbox::Fault::status_code(503));
  zoom::Client client(fixture.io.get_executor(), options);
  std::ostringstream out, notes;
  CHECK_THROWS_AS(fixture.run(zoom::cli::export_records(client, job, out, notes)), zoom::ApiError);
  const std::string partial = read_file(job.output);
  REQUIRE_FALSE(partial.empty());

  auto other = job;
  auto other_options = call_logs_options({"me"}, 2026y / October / 1, 2026y / October / 31, 20);
  other_options.logs.type = zoom::phone::CallLogFilter::missed;
  other.listing = zoom::cli::make_listing(other_options);
  other.command = zoom::cli::fingerprint(other, "https://api.zoom.us/v2");
  try {
    fixture.run(zoom::cli::export_records(client, other, out, notes));
    FAIL("expected CheckpointMismatch");
  } catch (const zoom::cli::CheckpointMismatch& e) {
    CHECK(std::string{e.what()}.find("belongs to another export") != std::string::npos);
    CHECK(std::string{e.what()}.find("\"query\":\"from=2026-10-01&to=2026-10-31&page_size=20\"") != std::string::npos);
  }
  CHECK(read_file(job.output) == partial);  // nothing lost

  fs::resize_file(job.output, partial.size() / 2);
  try {
    fixture.run(zoom::cli::export_records(client, job, out, notes));
    FAIL("expected CheckpointMismatch");
  } catch (const zoom::cli::CheckpointMismatch& e) {
    CHECK(std::string{e.what()}.find("less than the " + std::to_string(partial.size()) + " bytes the checkpoint says") !=
          std::string::npos);
  }

  std::ofstream(job.checkpoint) << "{not json";
  CHECK_THROWS_WITH(fixture.run(zoom::cli::export_records(client, job, out, notes)),
                    Catch::Contains("is not a zoom-phone checkpoint"));
}

TEST_CASE("the progress line says how far the export is") {
  zoom::cli::Progress p{.records = 12345,
                        .records_this_run = 1000,
                        .pages_this_run = 7,
                        .segment = 2,
                        .segments = 8,
                        .segment_label = "me 2026-08-01..2026-08-31",
                        .segment_records = 50,
                        .segment_total = 200};
  CHECK(zoom::cli::fraction_done(p) == Approx(2.25 / 8));
  CHECK(zoom::cli::format_progress(p, seconds{4}, seconds{125}) ==
        "12,345 records, 7 pages, 250 records/s, listing 3 of 8: me 2026-08-01..2026-08-31, ETA 2:05");
  CHECK(zoom::cli::format_progress(p, seconds{4}, std::nullopt).ends_with("ETA --"));
  p.segment_total.reset();
  CHECK(zoom::cli::fraction_done(p) == Approx(2.0 / 8));
  std::ostringstream silent;
  {
    zoom::cli::ProgressLine line(silent, false);
    line.update(p);
  }
  CHECK(silent.str().empty());
  std::ostringstream shown;
  {
    zoom::cli::ProgressLine line(shown, true);
    line.update(p);
  }
  CHECK(shown.str().find("\r\x1b[K12,345 records") == 0);
  CHECK(shown.str().ends_with("\r\x1b[K"));  // erased at the end
}

TEST_CASE("several users, a users file, and the checkpoint's needs on the command line") {
  TempDir dir;
  const auto file = (dir.path / "users.txt").string();
  std::ofstream(file) << "# support team\nann@example.com\n\n  bob@example.com  \r\n";
  auto options = parse_options({"call-logs", "--user", "me", "--users-file", file, "--concurrency", "2", "--plan",
                                "business", "--output", "o.csv", "--checkpoint", "o.checkpoint", "--sandbox"},
                               &no_environment);
  zoom::cli::read_users_file(options);
  CHECK(options.users == std::vector<std::string>{"me", "ann@example.com", "bob@example.com"});
  CHECK(options.concurrency == 2);
  CHECK(options.rate_limits.heavy_per_second == zoom::RateLimits::business().heavy_per_second);
  const auto error = [](std::vector<std::string> args) -> std::string {
    args.push_back("--sandbox");
    try {
      auto parsed = parse_options(args, &no_environment);
      zoom::cli::read_users_file(parsed);
    } catch (const UsageError& e) {
      return e.what();
    }
    return "no error";
  };
  CHECK(error({"call-logs", "--user", "me", "--checkpoint", "c"}) ==
        "--checkpoint needs --output FILE: the checkpoint records how much of that file is complete");
  CHECK(error({"call-logs", "--user", "me", "--user", "me"}) == "user 'me' is named twice; each user is exported once");
  CHECK(error({"call-logs", "--user", "me", "--users-file", file, "--user", "bob@example.com"}) ==
        "user 'bob@example.com' is named twice; each user is exported once");
  CHECK(error({"call-logs", "--users-file", (dir.path / "none.txt").string()}).find("cannot be read") != std::string::npos);
  CHECK(error({"call-logs", "--user", "me", "--concurrency", "0"}) == "--concurrency '0' is not a number from 1 to 16");
  CHECK(error({"call-logs", "--user", "me", "--plan", "free"}) == "--plan 'free' is not one of pro, business");
  CHECK(zoom::cli::usage().find("Exit codes:") != std::string::npos);
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

namespace {

zoom::cli::Options history_options(std::vector<std::string> users, zoom::DateOrTime from, zoom::DateOrTime to) {
  zoom::cli::Options options;
  options.command = zoom::cli::Command::call_history;
  options.users = std::move(users);
  options.account = options.users.empty();
  options.history = {.from = from, .to = to, .page_size = 60};
  options.account_history = {.from = from, .to = to, .page_size = 60};
  return options;
}

zoom::cli::ExportJob history_job(const zoom::cli::Options& options) {
  return {.listing = zoom::cli::make_listing(options),
          .users = options.users,
          .format = zoom::cli::Format::jsonl,
          .concurrency = 3,
          .output = {},
          .checkpoint = {},
          .command = "test export"};
}

// The call history of the whole account, month by month newest first, as the export reads it.
std::vector<boost::json::value> account_history(const zoom::sandbox::Sandbox& server, zoom::Date from, zoom::Date to,
                                                const zoom::sandbox::HistoryFilters& filters = {}) {
  std::vector<boost::json::value> truth;
  const auto windows = zoom::month_windows(from, to);
  for (auto it = windows.rbegin(); it != windows.rend(); ++it)
    for (auto& record : server.call_history("", it->first, it->second, filters)) truth.emplace_back(std::move(record));
  return truth;
}

}  // namespace

TEST_CASE("call-history exports of users and of the account equal the sandbox's records", "[integration]") {
  zoom::test::SandboxFixture fixture;
  zoom::Client client(fixture.io.get_executor(), fixture.client_options());
  std::ostringstream out, notes;
  auto options = history_options({}, 2026y / August / 25, 2026y / October / 31);
  options.account_history.directions = {zoom::phone::CallDirection::inbound};
  const auto result = fixture.run(zoom::cli::export_records(client, history_job(options), out, notes));
  const auto truth = account_history(fixture.server, 2026y / August / 25, 2026y / October / 31, {.directions = {"inbound"}});
  REQUIRE(truth.size() > 300);
  CHECK(json_lines(out.str()) == truth);
  CHECK(result.records == truth.size());

  std::ostringstream user_out;
  const std::vector<std::string> users{"me", fixture.server.users()[3].id};
  fixture.run(zoom::cli::export_records(client, history_job(history_options(users, 2026y / October / 1, 2026y / October / 31)),
                                        user_out, notes));
  std::vector<boost::json::value> user_truth;
  for (const auto& user : users)
    for (auto& record : fixture.server.call_history(user, 2026y / October / 1, 2026y / October / 31))
      user_truth.emplace_back(std::move(record));
  CHECK(json_lines(user_out.str()) == user_truth);
  CHECK(notes.str().empty());
}

TEST_CASE("the account's call logs export equals the sandbox's records", "[integration]") {
  zoom::test::SandboxFixture fixture;
  zoom::Client client(fixture.io.get_executor(), fixture.client_options());
  auto options = call_logs_options({}, 2026y / October / 1, 2026y / October / 31, 100);
  options.account = true;
  std::ostringstream out, notes;
  fixture.run(zoom::cli::export_records(client, history_job(options), out, notes));
  std::vector<boost::json::value> truth;
  for (auto& record : fixture.server.account_call_logs(2026y / October / 1, 2026y / October / 31)) truth.emplace_back(std::move(record));
  CHECK(json_lines(out.str()) == truth);
}

TEST_CASE("faults mid-way through an account's call-history export change nothing in the output", "[integration]") {
  zoom::test::SandboxFixture fixture;
  zoom::Client client(fixture.io.get_executor(), zoom::test::fast_retries(fixture.client_options()));
  using zoom::sandbox::Fault;
  fixture.server.inject("/v2/", Fault{.kind = Fault::Kind::delay_only}, 2);
  fixture.server.inject("/v2/", Fault{.kind = Fault::Kind::reset_before_headers});
  fixture.server.inject("/v2/", Fault::status_code(503, R"({"code":503,"message":"Service unavailable"})"), 2);
  fixture.server.inject("/v2/", Fault{.kind = Fault::Kind::truncated_body});
  fixture.server.inject("/v2/", Fault{.kind = Fault::Kind::expire_token});
  fixture.server.inject("/v2/", Fault::too_many_requests("seconds", seconds{0}));
  TempDir dir;
  auto job = history_job(history_options({}, 2026y / September / 10, 2026y / October / 31));
  job.output = (dir.path / "calls.jsonl").string();
  job.checkpoint = (dir.path / "calls.checkpoint").string();
  std::ostringstream out, notes;
  fixture.run(zoom::cli::export_records(client, job, out, notes));
  CHECK(fixture.server.faults_pending() == 0);
  CHECK(json_lines(read_file(job.output)) == account_history(fixture.server, 2026y / September / 10, 2026y / October / 31));
}

TEST_CASE("incremental exports (--state): every record exactly once across runs, a failed run finished first",
          "[integration]") {
  auto hours_later = std::make_shared<std::atomic<int>>(0);  // added to the sandbox's clock
  auto sandbox_options = zoom::test::sandbox_options(false);
  sandbox_options.clock = [hours_later] { return zoom::test::sandbox_now() + hours{hours_later->load()}; };
  zoom::test::SandboxFixture fixture(sandbox_options);
  TempDir dir;
  const auto server_now = [&] { return zoom::DateTime{floor<milliseconds>(sandbox_options.clock())}; };

  zoom::cli::Options options = history_options({}, 2026y / October / 20, 2026y / October / 20);
  zoom::cli::set_range(options, options.history.from, std::nullopt);  // each run: up to now
  options.state = (dir.path / "calls.state").string();
  options.look_back = hours{24};
  options.account_history.page_size = 20;  // several pages a day, so that a run can fail half-way
  std::vector<boost::json::value> written;

  // One run of the daily job, `fail_at`: the request that fails (0: none). Returns whether it completed.
  const auto run = [&](const std::string& name, std::size_t fail_at) {
    fixture.server.clear_faults();
    if (fail_at) {
      if (fail_at > 1) fixture.server.inject("/v2/", zoom::sandbox::Fault{.kind = zoom::sandbox::Fault::Kind::delay_only}, fail_at - 1);
      fixture.server.inject("/v2/", zoom::sandbox::Fault::status_code(503, R"({"code":503,"message":"busy"})"));
    }
    auto incremental = zoom::cli::incremental_run(options, "built-in sandbox");
    auto job = history_job(zoom::cli::with_run_window(options, incremental, server_now()));
    job.output = (dir.path / (name + ".jsonl")).string();
    job.checkpoint = (dir.path / "calls.checkpoint").string();
    job.incremental = &incremental;
    auto client_options = fixture.client_options();
    client_options.retry.max_attempts = 1;
    zoom::Client client(fixture.io.get_executor(), client_options);
    std::ostringstream out, notes;
    try {
      fixture.run(zoom::cli::export_records(client, job, out, notes));
    } catch (const zoom::ApiError& e) {
      CHECK(e.status() == 503);
      return false;
    }
    incremental.finish();
    for (auto& record : json_lines(read_file(job.output))) written.push_back(std::move(record));
    return true;
  };

  REQUIRE(run("day-1", 0));
  const std::size_t first_run = written.size();
  REQUIRE(first_run > 100);
  *hours_later = 30;  // the next day and a bit: new calls have ended
  CHECK_FALSE(run("day-2", 2));  // fails half-way...
  CHECK(run("day-2", 0));        // ...and the same command finishes it, continuing its output
  CHECK(written.size() > first_run);
  *hours_later = 30 + 50;
  REQUIRE(run("day-4", 0));
  REQUIRE(run("day-4-again", 0));  // nothing new: nothing written twice

  // Together: every record of the account from the first --from to the last run's end, once.
  std::set<std::string> ids;
  for (const auto& record : written) CHECK(ids.insert(std::string{record.at("id").as_string()}).second);
  const auto now = floor<seconds>(sandbox_options.clock());
  const auto truth = fixture.server.call_history("", sys_seconds{sys_days{2026y / October / 20}}, now);
  std::set<std::string> expected;
  for (const auto& record : truth) expected.insert(std::string{record.at("id").as_string()});
  CHECK(ids == expected);

  // The state of another command is refused, and nothing is written.
  auto other = options;
  other.account_history.directions = {zoom::phone::CallDirection::inbound};
  auto incremental = zoom::cli::incremental_run(other, "built-in sandbox");
  CHECK_THROWS_AS(zoom::cli::with_run_window(other, incremental, server_now()), zoom::cli::StateMismatch);
  // A first run needs --from.
  auto fresh = options;
  fresh.state = (dir.path / "new.state").string();
  zoom::cli::set_range(fresh, std::nullopt, std::nullopt);
  auto first = zoom::cli::incremental_run(fresh, "built-in sandbox");
  CHECK_THROWS_AS(zoom::cli::with_run_window(fresh, first, server_now()), std::invalid_argument);
}

TEST_CASE("call-path writes each call's legs as Zoom sent them, or as a table", "[integration]") {
  zoom::test::SandboxFixture fixture;
  zoom::Client client(fixture.io.get_executor(), fixture.client_options());
  const auto calls = fixture.server.call_history("me", 2026y / October / 1, 2026y / October / 31);
  REQUIRE(calls.size() > 3);
  const std::vector<std::string> ids{std::string{calls[0].at("id").as_string()}, std::string{calls[1].at("id").as_string()}};
  std::ostringstream jsonl, table;
  const std::size_t legs = fixture.run(zoom::cli::write_call_paths(client, ids, zoom::cli::Format::jsonl, jsonl));
  std::vector<boost::json::value> truth;
  for (const auto& id : ids) {
    const auto path = fixture.server.call_path(id);
    REQUIRE(path.has_value());
    for (const auto& leg : path->at("call_path").as_array()) truth.push_back(leg);
  }
  CHECK(json_lines(jsonl.str()) == truth);
  CHECK(legs == truth.size());
  fixture.run(zoom::cli::write_call_paths(client, ids, zoom::cli::Format::table, table));
  CHECK(table.str().starts_with("call"));
  const std::string call_id{truth.back().at("call_id").as_string()};
  CHECK(table.str().find(call_id.substr(0, 20)) != std::string::npos);  // the column is 22 wide
  std::size_t lines = 0;
  for (const char c : table.str()) lines += c == '\n';
  CHECK(lines == truth.size() + 1);  // a title row, then a row per leg
  try {
    fixture.run(zoom::cli::write_call_paths(client, {"no-such-call"}, zoom::cli::Format::jsonl, jsonl));
    FAIL("an unknown call gave no error");
  } catch (const zoom::ApiError& e) {
    CHECK(e.status() == 404);
  }
}

TEST_CASE("ChildProcess: its output line by line, then its end; stop() is SIGTERM and a wait") {
  using zoom::cli::ChildProcess;
  const auto soon = [] { return steady_clock::now() + seconds{10}; };
  {
    ChildProcess child("/bin/sh", {"-c", "echo one; echo two >&2; exec sleep 30"});
    CHECK(child.read_line(soon()) == "one");
    CHECK(child.read_line(soon()) == "two");  // standard error comes through the same pipe
    CHECK_THROWS_AS(child.read_line(steady_clock::now() + milliseconds{50}), ChildProcess::Timeout);
    const int status = child.stop();
    CHECK(zoom::cli::describe_status(status) == "killed by signal " + std::to_string(SIGTERM));
    CHECK(child.stop() == status);  // only the first stop signals and waits
    CHECK(::kill(child.pid(), 0) != 0);  // waited for: no process, not even a zombie
  }
  {
    ChildProcess child("/bin/sh", {"-c", "printf 'no newline'; exit 3"});
    CHECK(child.read_line(soon()) == "no newline");
    CHECK(child.read_line(soon()) == std::nullopt);
    CHECK(zoom::cli::describe_status(child.stop()) == "exit code 3");
  }
  CHECK_THROWS_AS(ChildProcess("/nonexistent/program", {}), std::system_error);
}

TEST_CASE("zoom-sandbox is looked for beside zoom-phone, then on the PATH; found nowhere, the error says where") {
  TempDir dir;
  const auto make = [&](const std::string& name, fs::perms perms) {
    std::ofstream(dir.path / name) << "#!/bin/sh\n";
    fs::permissions(dir.path / name, perms);
  };
  make("tool", fs::perms::owner_all);
  make("plain", fs::perms::owner_read | fs::perms::owner_write);
  const std::string path = "/nonexistent:" + dir.path.string();
  CHECK(zoom::cli::find_program("tool", {}, path) == dir.path / "tool");
  CHECK(zoom::cli::find_program("tool", dir.path, "") == dir.path / "tool");
  CHECK(zoom::cli::find_program("tool", "/nonexistent", "") == std::nullopt);
  CHECK(zoom::cli::find_program("plain", dir.path, path) == std::nullopt);  // not executable
  CHECK(zoom::cli::own_directory() == fs::canonical("/proc/self/exe").parent_path());
  // This test program has no zoom-sandbox beside it.
  CHECK_THROWS_WITH(zoom::cli::SandboxProcess::find("/nonexistent"),
                    "--sandbox runs the program zoom-sandbox, which is neither beside zoom-phone (in " +
                        zoom::cli::own_directory().string() +
                        ") nor on the PATH (/nonexistent): build it (the CMake target zoom-sandbox) or install it "
                        "beside zoom-phone");
  make("zoom-sandbox", fs::perms::owner_all);
  CHECK(zoom::cli::SandboxProcess::find(path) == dir.path / "zoom-sandbox");
}
