// zoom-phone and the SDK against Zoom's own reference file (../shared/specs/zoom-phone-api-2024-12.json),
// not spec/, mocked by Prism with --dynamic: each field a random value of the type Zoom's file
// gives it, so words such as "exercitation" where Zoom sends date-times. Before the decoder became
// lenient every export failed at the first record. For 12 seeds and both listings:
// - the SDK decodes the first page, reports each value that does not fit, and writes every record,
//   and the page, back as Prism sent it: lenient decoding loses nothing;
// - zoom-phone, run as a user runs it, exits 0, writes every record Prism sent as it was sent, and
//   names on standard error the values that did not fit, as the SDK reports them;
// - straight against Prism, which names the same next page on every page, zoom-phone writes the
//   first page and stops with its paging-loop error, never on a value.
//
// What the comparisons rest on: a relay (prism_relay.hpp) keeps each body Prism sent zoom-phone,
// so the records expected are the ones of that very response, whatever Prism would answer next.
// (Seeded, Prism 5 answers the same body to every request of an operation; the test checks that
// too, because the SDK checks compare the generated operation with a page fetched separately.)
#include "../examples/child_process.hpp"
#include "../integration/run_io.hpp"
#include "prism_process.hpp"
#include "prism_relay.hpp"

#include <zoom/client.hpp>
#include <zoom/json.hpp>
#include <zoom/phone/call_history.hpp>
#include <zoom/phone/call_logs.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <catch2/catch.hpp>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

using namespace std::chrono_literals;
using zoom::test::ChildProcess;
using zoom::test::PrismProcess;
using zoom::test::PrismRelay;
using zoom::test::run_io;

namespace {

/// Zoom's reference file, or exits the test program with 77 (ctest: skipped) when ../shared, the
/// reference data kept outside the repository, is absent.
std::string reference_spec_or_skip() {
  const std::string spec = ZOOM_REFERENCE_SPEC;
  if (!std::filesystem::exists(spec)) {
    std::cout << "SKIPPED: " << spec << " is absent (the reference data kept outside the repository)\n";
    std::exit(77);
  }
  return spec;
}

/// What a page decodes to with the SDK's lenient decoder, written back as JSON.
struct Decoded {
  boost::json::value page;
  boost::json::array records;
  std::vector<zoom::json::Mismatch> mismatches;  // in the order the decoder met them
};

/// One of zoom-phone's listings, and the SDK's operation for its first page.
struct Listing {
  std::string command;
  /// The request zoom-phone sends for the first page of `--user me` (the last 24 hours, 300 a page).
  std::function<zoom::Request()> first_page_request;
  std::function<Decoded(std::string_view body)> decode;
  /// The generated operation for that page; returns how many records it decoded.
  std::function<boost::asio::awaitable<std::size_t>(zoom::Client&)> call;
};

template <class Page>
Decoded decode_page(std::string_view body) {
  Decoded out;
  zoom::json::DecodeOptions options;
  options.on_mismatch = [&](const zoom::json::Mismatch& mismatch) { out.mismatches.push_back(mismatch); };
  const Page page = zoom::json::decode<Page>(body, options);
  out.page = zoom::json::to_value(page);
  for (const auto& record : page.call_logs) out.records.push_back(zoom::json::to_value(record));
  return out;
}

std::vector<Listing> listings() {
  namespace phone = zoom::phone;
  return {
      {"call-logs", [] { return phone::make_list_user_call_logs_request("me", {.page_size = 300}); },
       &decode_page<phone::CallLogPage>,
       [](zoom::Client& client) -> boost::asio::awaitable<std::size_t> {
         co_return (co_await phone::list_user_call_logs(client, "me", {.page_size = 300})).call_logs.size();
       }},
      {"call-history", [] { return phone::make_list_user_call_history_request("me", {.page_size = 300}); },
       &decode_page<phone::CallHistoryPage>,
       [](zoom::Client& client) -> boost::asio::awaitable<std::size_t> {
         co_return (co_await phone::list_user_call_history(client, "me", {.page_size = 300})).call_logs.size();
       }},
  };
}

/// The records of a page as Prism sent them.
boost::json::array records_of(std::string_view body) {
  return boost::json::parse(body).at("call_logs").as_array();
}

/// Where two lists of records first differ, or "" when they are equal.
std::string first_difference(const boost::json::array& expected, const boost::json::array& actual) {
  if (expected.size() != actual.size())
    return std::to_string(expected.size()) + " records expected, " + std::to_string(actual.size()) + " found";
  for (std::size_t i = 0; i < expected.size(); ++i)
    if (expected[i] != actual[i])
      return "record " + std::to_string(i) + ": expected " + boost::json::serialize(expected[i]) + "\nfound " +
             boost::json::serialize(actual[i]);
  return {};
}

/// A folder of its own for the test's output files, removed at the end.
struct TempDir {
  TempDir()
      : path(std::filesystem::temp_directory_path() / ("zoom-prism-reference-" + std::to_string(::getpid()))) {
    std::filesystem::remove_all(path);
    std::filesystem::create_directories(path);
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path, ignored);
  }
  std::filesystem::path path;
};

struct ExportRun {
  int exit_code = -1;
  boost::json::array lines;  // each line of the output, parsed
  std::string err;
};

/// `zoom-phone <command> --user me --base-url <url> --format jsonl --output <output>`, the token
/// in ZOOM_ACCESS_TOKEN, as a user runs it.
ExportRun run_export(const std::string& command, const std::string& url, const std::filesystem::path& output) {
  std::filesystem::remove(output);
  ChildProcess program({ZOOM_PHONE_PROGRAM, command, "--user", "me", "--base-url", url, "--format", "jsonl",
                        "--output", output.string(), "--no-progress"});
  ExportRun run;
  run.exit_code = program.wait(60s);
  run.err = program.stderr_text();
  std::ifstream in(output);
  for (std::string line; std::getline(in, line);) run.lines.push_back(boost::json::parse(line));
  return run;
}

/// zoom-phone's count of the values that did not fit, and the ones it names (`path: problem`).
struct MismatchReport {
  std::size_t count = 0;
  std::vector<std::string> shown;
};

MismatchReport report_in(const std::string& err) {
  static const std::string tail =
      " in Zoom's responses did not fit the SDK's models; the records were written as Zoom sent them. ";
  MismatchReport report;
  std::istringstream lines(err);
  bool in_report = false;
  for (std::string line; std::getline(lines, line);) {
    if (in_report && line.rfind("  ", 0) == 0) {
      report.shown.push_back(line.substr(2));
      continue;
    }
    in_report = false;
    const auto at = line.find(tail);
    if (line.rfind("zoom-phone: ", 0) != 0 || at == std::string::npos) continue;
    report.count = std::stoul(line.substr(12));
    in_report = true;
  }
  return report;
}

/// The report zoom-phone must give for these mismatches: the count, and the first five named.
MismatchReport expected_report(const std::vector<zoom::json::Mismatch>& mismatches) {
  MismatchReport report{.count = mismatches.size(), .shown = {}};
  for (std::size_t i = 0; i < mismatches.size() && i < 5; ++i)
    report.shown.push_back(mismatches[i].path + ": " + mismatches[i].problem);
  return report;
}

bool is_under_call_logs(const std::string& path) { return path.rfind("call_logs[", 0) == 0; }

}  // namespace

TEST_CASE("Zoom's reference file mocked by Prism (--dynamic, 12 seeds): every record written as sent, no value fails",
          "[prism][reference]") {
  const std::string spec = reference_spec_or_skip();
  zoom::test::prism_or_skip();
  // A new user's credentials: a ready token in the environment, nothing else.
  ::setenv("ZOOM_ACCESS_TOKEN", "prism-accepts-any-token", 1);
  for (const char* variable : {"ZOOM_ACCOUNT_ID", "ZOOM_CLIENT_ID", "ZOOM_CLIENT_SECRET"}) ::unsetenv(variable);
  TempDir dir;
  std::size_t records = 0, mismatches = 0;

  for (int seed = 1; seed <= 12; ++seed) {
    // Zoom's file names its server https://api.zoom.us/v2; Prism serves its paths at its root.
    PrismProcess prism({"mock", "--dynamic", "--seed", std::to_string(seed), spec});
    boost::asio::io_context io;
    zoom::ClientOptions options;
    options.credentials = zoom::BearerToken{"prism-accepts-any-token"};
    options.base_url = prism.url();
    options.allow_plain_http = true;
    options.retry.max_attempts = 1;
    std::size_t reported = 0;  // by the generated operations, through ClientOptions
    options.decoding.on_mismatch = [&](const zoom::json::Mismatch&) { ++reported; };
    zoom::Client client(io.get_executor(), options);

    for (const Listing& listing : listings()) {
      INFO(prism.command() << ": " << listing.command);

      // The SDK: the first page decodes, every value that does not fit is reported, and the page
      // written back is the page Prism sent, every record included.
      const std::string body = run_io(io, client.send(listing.first_page_request())).body;
      REQUIRE(run_io(io, client.send(listing.first_page_request())).body == body);  // Prism repeats itself
      Decoded decoded;
      REQUIRE_NOTHROW(decoded = listing.decode(body));
      const boost::json::array sent = records_of(body);
      CHECK(first_difference(sent, decoded.records) == "");
      CHECK(decoded.page == boost::json::parse(body));
      reported = 0;
      CHECK(run_io(io, listing.call(client)) == sent.size());
      CHECK(reported == decoded.mismatches.size());
      for (const auto& mismatch : decoded.mismatches) {
        INFO(mismatch.path << ": " << mismatch.problem);
        // A record's field, or the page's window (Zoom's file types `from` and `to` as strings)
        CHECK((is_under_call_logs(mismatch.path) || mismatch.path == "from" || mismatch.path == "to"));
      }

      // zoom-phone as a user runs it, through a relay that ends the listing on its first page.
      {
        PrismRelay relay(prism.port(), PrismRelay::Paging::first_page_only);
        const ExportRun run = run_export(listing.command, relay.url(), dir.path / (listing.command + ".jsonl"));
        INFO("zoom-phone's stderr:\n" << run.err);
        CHECK(run.exit_code == 0);
        const auto bodies = relay.bodies();
        REQUIRE(bodies.size() == 1);
        CHECK(first_difference(records_of(bodies[0]), run.lines) == "");
        // Its report names the values the SDK reports for that page, in the same order.
        const auto expected = expected_report(listing.decode(bodies[0]).mismatches);
        const auto report = report_in(run.err);
        CHECK(report.count == expected.count);
        CHECK(report.shown == expected.shown);
        for (const auto& line : report.shown) CHECK(is_under_call_logs(line));
        records += run.lines.size();
        mismatches += report.count;
      }

      // zoom-phone straight against Prism (the relay changes nothing): Prism names the same next
      // page on every page, so the SDK's paging stops at page 2 with its loop error, after
      // zoom-phone has written page 1 whole. The failure is the paging, never a value.
      {
        PrismRelay relay(prism.port(), PrismRelay::Paging::as_sent);
        const ExportRun run = run_export(listing.command, relay.url(), dir.path / (listing.command + "-all.jsonl"));
        INFO("zoom-phone's stderr:\n" << run.err);
        const auto bodies = relay.bodies();
        REQUIRE(!bodies.empty());
        const boost::json::value first = boost::json::parse(bodies[0]);
        const auto* token = first.as_object().if_contains("next_page_token");
        const bool last_page = !token || *token == "";
        CHECK(run.exit_code == (last_page ? 0 : 1));
        if (!last_page) CHECK(run.err.find("zoom-phone: paging stopped: ") != std::string::npos);
        CHECK(first_difference(records_of(bodies[0]), run.lines) == "");
        // The values named are the first the SDK reports in the pages zoom-phone decoded. (Page 2
        // is decoded, and its values counted, before the loop check keeps its records out.)
        std::vector<zoom::json::Mismatch> decoded_values;
        for (const auto& page : bodies) {
          const auto more = listing.decode(page).mismatches;
          decoded_values.insert(decoded_values.end(), more.begin(), more.end());
        }
        CHECK(report_in(run.err).shown == expected_report(decoded_values).shown);
      }
    }
  }
  CHECK(records > 0);
  CHECK(mismatches > 0);  // Zoom's file gives its date-times no format: Prism's words do not fit
}
