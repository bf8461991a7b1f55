// zoom::Pages, zoom::Chain and zoom::Stream through the generated list_user_call_logs_pages/_items: every
// record exactly once, resumable, and protected against servers that would page forever.
#include "raw_server.hpp"
#include "sandbox_fixture.hpp"

#include <zoom/months.hpp>
#include <zoom/error.hpp>
#include <zoom/json.hpp>
#include <zoom/phone/call_logs.hpp>
#include <zoom/stream.hpp>

#include <boost/json/serialize.hpp>

#include <catch2/catch.hpp>

#include <atomic>
#include <future>
#include <thread>

#include <boost/asio/use_future.hpp>

using namespace std::chrono;
using zoom::test::SandboxFixture;
namespace phone = zoom::phone;

namespace {

const phone::ListUserCallLogsParams kOctober{.from = 2026y / October / 1, .to = 2026y / October / 31, .page_size = 20};

std::vector<std::string> ids_of(const std::vector<boost::json::object>& records) {
  std::vector<std::string> ids;
  for (const auto& record : records) ids.emplace_back(record.at("id").as_string());
  return ids;
}

template <class Items>
boost::asio::awaitable<std::vector<std::string>> drain(Items& items, std::size_t limit = SIZE_MAX) {
  std::vector<std::string> ids;
  while (ids.size() < limit) {
    auto log = co_await items.next();
    if (!log) break;
    ids.push_back(log->id);
  }
  co_return ids;
}

}  // namespace

TEST_CASE("pages and items cover the range exactly", "[pages]") {
  SandboxFixture fixture;
  zoom::Client client(fixture.io.get_executor(), fixture.client_options());
  const auto truth = ids_of(fixture.server.call_logs("me", 2026y / October / 1, 2026y / October / 31));
  REQUIRE(truth.size() > 100);

  auto pages = phone::list_user_call_logs_pages(client, "me", kOctober);
  std::vector<std::string> from_pages;
  while (auto page = fixture.run(pages.next()))
    for (const auto& log : page->call_logs) from_pages.push_back(log.id);
  CHECK(from_pages == truth);
  CHECK(pages.pages() == (truth.size() + 19) / 20);
  CHECK(pages.position().done);
  CHECK_FALSE(fixture.run(pages.next()).has_value());  // stays ended

  auto items = phone::list_user_call_logs_items(client, "me", kOctober);
  CHECK(fixture.run(drain(items)) == truth);
}

TEST_CASE("a saved position resumes without a gap or a duplicate", "[pages]") {
  SandboxFixture fixture;
  zoom::Client client(fixture.io.get_executor(), fixture.client_options());
  const auto truth = ids_of(fixture.server.call_logs("me", 2026y / October / 1, 2026y / October / 31));
  const std::size_t stop_after = GENERATE(1, 19, 20, 21, 45, 60);
  INFO("stopped after " << stop_after << " records");

  auto first = phone::list_user_call_logs_items(client, "me", kOctober);
  auto ids = fixture.run(drain(first, stop_after));
  const zoom::ChainPosition saved = first.position();

  auto resumed = phone::list_user_call_logs_items(client, "me", kOctober, {}, saved);
  const auto rest = fixture.run(drain(resumed));
  ids.insert(ids.end(), rest.begin(), rest.end());
  CHECK(ids == truth);
}

TEST_CASE("a Stream reads one listing's pages and resumes mid-page from its position", "[pages][stream]") {
  SandboxFixture fixture;
  zoom::Client client(fixture.io.get_executor(), fixture.client_options());
  const auto truth = ids_of(fixture.server.call_logs("me", 2026y / October / 1, 2026y / October / 31));
  // One listing read by a zoom::Pages built by hand (not a Chain, as the generated call-logs
  // functions build), seen through zoom::Stream like every generated `_items`.
  const auto october = [&client](zoom::PagePosition start) {
    auto request = [](const std::optional<std::string>& token) {
      phone::ListUserCallLogsParams params = kOctober;
      params.next_page_token = token;
      return phone::make_list_user_call_logs_request("me", params);
    };
    auto decode = [&client](std::string_view body) { return zoom::json::decode<phone::CallLogPage>(body, client.decoding()); };
    return zoom::Stream<phone::CallLog>(zoom::Pages<phone::CallLogPage>(client, request, decode, std::move(start)));
  };
  const std::size_t stop_after = GENERATE(1, 20, 25);
  INFO("stopped after " << stop_after << " records");
  auto first = october({});
  auto ids = fixture.run(drain(first, stop_after));
  const zoom::PagePosition saved = first.position();
  CHECK(saved.delivered_of_page == stop_after % 20);
  CHECK(first.pages() == 1 + (stop_after - 1) / 20);

  auto resumed = october(saved);
  const auto rest = fixture.run(drain(resumed));
  ids.insert(ids.end(), rest.begin(), rest.end());
  CHECK(ids == truth);
  CHECK(resumed.position().done);
}

TEST_CASE("an expired page token is a clear error", "[pages]") {
  auto now = std::make_shared<std::atomic<std::int64_t>>(0);  // minutes added to the sandbox's clock
  auto options = zoom::test::sandbox_options(false);
  options.clock = [now] { return zoom::test::sandbox_now() + minutes{now->load()}; };
  SandboxFixture fixture(options);
  zoom::Client client(fixture.io.get_executor(), fixture.client_options());
  auto pages = phone::list_user_call_logs_pages(client, "me", kOctober);
  REQUIRE(fixture.run(pages.next()).has_value());
  *now = 16;
  try {
    fixture.run(pages.next());
    FAIL("expected zoom::PageTokenExpired");
  } catch (const zoom::PageTokenExpired& e) {
    CHECK(e.status() == 400);
    CHECK(std::string{e.what()}.find("page tokens expire 15 minutes after they are issued") != std::string::npos);
  }
}

TEST_CASE("a server that would page forever is stopped", "[pages]") {
  boost::asio::io_context io;
  zoom::test::RawServer server(io);
  const auto page = [](int records, std::string token, int total) {
    boost::json::array logs;
    for (int i = 0; i < records; ++i) logs.push_back(boost::json::object{{"id", "r" + std::to_string(i)}});
    const std::string body = boost::json::serialize(boost::json::object{
        {"call_logs", logs}, {"next_page_token", token}, {"total_records", total}, {"page_size", 30}});
    return zoom::test::RawServer::Reply{zoom::test::RawServer::response(200, "application/json", body)};
  };
  const auto [name, replies, message] = GENERATE_REF(table<std::string, std::vector<zoom::test::RawServer::Reply>, std::string>({
      {"a repeated token", {page(2, "A", 10), page(2, "B", 10), page(2, "A", 10)},
       "paging stopped: page 3 repeats a next_page_token the listing already had; the listing would never end"},
      {"tokens past the total", {page(2, "A", 3), page(2, "B", 3)},
       "paging stopped: the pages hold 4 records, more than the 3 total_records the server reported, and it names "
       "yet another page; the listing would never end"},
      {"an empty page with a token", {page(0, "A", 0)},
       "paging stopped: page 1 is empty but names a next page; the listing would never end"},
  }));
  INFO(name);
  for (const auto& reply : replies) server.script(reply);
  zoom::ClientOptions options;
  options.base_url = server.base_url() + "/v2";
  options.allow_plain_http = true;
  options.credentials = zoom::BearerToken{"t"};
  zoom::Client client(io.get_executor(), options);
  auto pages = phone::list_user_call_logs_pages(client, "me");
  std::string what;
  bool done = false;
  // A named lambda: a coroutine reads its captures through the closure, which must outlive it.
  const auto read_all = [&]() -> boost::asio::awaitable<void> {
    while (co_await pages.next()) {
    }
  };
  boost::asio::co_spawn(io, read_all(), [&](std::exception_ptr e) {
      try {
        if (e) std::rethrow_exception(e);
      } catch (const zoom::PagingLoop& error) {
        what = error.what();
      }
      done = true;
    });
  while (!done) io.run_one();
  CHECK(what == message);
}

namespace {

// Six months back from the sandbox's "now" (2026-11-15): the oldest day Zoom still serves is May 15.
constexpr zoom::Date kSixMonthsFrom = 2026y / May / 20;
constexpr zoom::Date kSixMonthsTo = 2026y / November / 14;
const phone::ListUserCallLogsParams kSixMonths{.from = kSixMonthsFrom, .to = kSixMonthsTo, .page_size = 100};

// The ground truth of a range, month by month newest first, as the chain reads it.
std::vector<std::string> truth_by_month(zoom::sandbox::Sandbox& server, zoom::Date from, zoom::Date to) {
  auto windows = zoom::month_windows(from, to);
  std::vector<std::string> ids;
  for (auto it = windows.rbegin(); it != windows.rend(); ++it) {
    const auto month = ids_of(server.call_logs("me", it->first, it->second));
    ids.insert(ids.end(), month.begin(), month.end());
  }
  return ids;
}

}  // namespace

TEST_CASE("a pager hands out each record as the server sent it beside the decoded page", "[pages]") {
  SandboxFixture fixture;
  zoom::Client client(fixture.io.get_executor(), fixture.client_options());
  const auto truth = fixture.server.call_logs("me", 2026y / October / 1, 2026y / October / 31);
  const auto decode = [&client](std::string_view body) {
    return zoom::json::decode<phone::CallLogPage>(body, client.decoding());
  };

  SECTION("one listing: the body of the last page, kept until the next") {
    zoom::Pages<phone::CallLogPage> pages(
        client,
        [](const std::optional<std::string>& token) {
          phone::ListUserCallLogsParams params = kOctober;
          params.next_page_token = token;
          return phone::make_list_user_call_logs_request("me", params);
        },
        decode);
    CHECK(pages.body().empty());
    std::vector<boost::json::object> records;
    while (auto page = fixture.run(pages.next())) {
      const auto json = pages.json_records();
      REQUIRE(json.size() == page->call_logs.size());
      for (std::size_t i = 0; i < json.size(); ++i) CHECK(json[i].at("id").as_string() == page->call_logs[i].id);
      records.insert(records.end(), json.begin(), json.end());
    }
    CHECK(records == truth);  // unknown fields (call_path_id) included, as sent
    CHECK(pages.body().empty());  // after the last page
  }

  SECTION("a chain of months, with keep_bodies") {
    const bool keep = GENERATE(false, true);
    auto pages = phone::list_user_call_logs_pages(client, "me", kSixMonths, {.concurrency = 3, .keep_bodies = keep});
    std::size_t decoded = 0;
    std::vector<boost::json::object> records;
    while (auto page = fixture.run(pages.next())) {
      decoded += page->call_logs.size();
      const auto json = pages.json_records();
      CHECK(json.size() == (keep ? page->call_logs.size() : 0));
      records.insert(records.end(), json.begin(), json.end());
    }
    CHECK(records.size() == (keep ? decoded : 0));
    if (keep) {
      std::vector<std::string> ids;
      for (const auto& record : records) ids.emplace_back(record.at("id").as_string());
      CHECK(ids == truth_by_month(fixture.server, kSixMonthsFrom, kSixMonthsTo));
    }
  }
}

TEST_CASE("a range of six months is read month by month, every record once and in order", "[pages][chain]") {
  SandboxFixture fixture;
  const std::size_t concurrency = GENERATE(1, 3, 8);
  INFO("concurrency " << concurrency);
  // Each request takes 20 ms, so that the months fetched ahead are really in flight together.
  fixture.server.inject("/v2/", zoom::sandbox::Fault{.kind = zoom::sandbox::Fault::Kind::delay_only,
                                                    .delay = milliseconds{20}}, 1000);
  zoom::Client client(fixture.io.get_executor(), fixture.client_options());
  const auto truth = truth_by_month(fixture.server, kSixMonthsFrom, kSixMonthsTo);
  REQUIRE(truth.size() > 500);

  auto items = phone::list_user_call_logs_items(client, "me", kSixMonths, {.concurrency = concurrency});
  CHECK(fixture.run(drain(items)) == truth);
  CHECK(phone::list_user_call_logs_pages(client, "me", kSixMonths).segments() == 7);  // May 20-31, June ... November 1-14
  CHECK(items.position().done);
  // Every request of the chain in flight at once needs its own connection: never more than
  // the bound, and more than one when the bound allows it.
  CHECK(client.connections_opened() <= concurrency);
  if (concurrency > 1) CHECK(client.connections_opened() > 1);
  // Each month's window was asked for as Zoom requires: within one calendar month.
  for (const auto& target : fixture.server.stats().targets) {
    if (!target.starts_with("/v2/")) continue;  // the token request
    const auto from = target.find("from=2026-"), to = target.find("to=2026-");
    REQUIRE(from != std::string::npos);
    REQUIRE(to != std::string::npos);
    CHECK(target.substr(from + 10, 2) == target.substr(to + 8, 2));
  }
}

TEST_CASE("a chain resumes from a saved position in any month", "[pages][chain]") {
  SandboxFixture fixture;
  zoom::Client client(fixture.io.get_executor(), fixture.client_options());
  const auto truth = truth_by_month(fixture.server, kSixMonthsFrom, kSixMonthsTo);
  const std::size_t stop_after = GENERATE(1, 99, 100, 101, 400, 790);
  INFO("stopped after " << stop_after << " records");
  REQUIRE(stop_after < truth.size());

  std::vector<std::string> ids;
  zoom::ChainPosition saved;
  {
    auto first = phone::list_user_call_logs_items(client, "me", kSixMonths, {.concurrency = 4});
    ids = fixture.run(drain(first, stop_after));
    saved = first.position();
  }  // dropped with its months fetched ahead still in flight
  auto resumed = phone::list_user_call_logs_items(client, "me", kSixMonths, {.concurrency = 2}, saved);
  const auto rest = fixture.run(drain(resumed));
  ids.insert(ids.end(), rest.begin(), rest.end());
  CHECK(ids == truth);
}

TEST_CASE("an error in a month fetched ahead arrives in order, and the chain resumes past it", "[pages][chain]") {
  SandboxFixture fixture;
  zoom::ClientOptions options = fixture.client_options();
  options.retry.max_attempts = 1;
  zoom::Client client(fixture.io.get_executor(), options);
  const auto truth = truth_by_month(fixture.server, kSixMonthsFrom, kSixMonthsTo);
  // The first page of September (the third month, newest first; fetched ahead with concurrency 3)
  // fails, whenever its request arrives.
  fixture.server.inject("/v2/phone/users/me/call_logs?from=2026-09-01&",
                        zoom::sandbox::Fault::status_code(503, R"({"code":503,"message":"busy"})"), 1);

  auto items = phone::list_user_call_logs_items(client, "me", kSixMonths, {.concurrency = 3});
  std::vector<std::string> ids;
  std::string error;
  fixture.run([&]() -> boost::asio::awaitable<void> {
    try {
      while (auto log = co_await items.next()) ids.push_back(log->id);
    } catch (const zoom::ApiError& e) {
      error = e.what();
    }
  }());
  CHECK(error.find("503") != std::string::npos);
  CHECK(fixture.server.faults_pending() == 0);
  REQUIRE(ids.size() < truth.size());
  CHECK(std::equal(ids.begin(), ids.end(), truth.begin()));  // every record before the error, in order
  const zoom::ChainPosition saved = items.position();
  CHECK(saved.segment == 2);
  CHECK_THROWS_AS(fixture.run(items.next()), zoom::ApiError);  // a failed chain stays failed

  auto resumed = phone::list_user_call_logs_items(client, "me", kSixMonths, {}, saved);
  const auto rest = fixture.run(drain(resumed));
  ids.insert(ids.end(), rest.begin(), rest.end());
  CHECK(ids == truth);
}

TEST_CASE("without a range, the chain is the one listing Zoom gives", "[pages][chain]") {
  SandboxFixture fixture;
  zoom::Client client(fixture.io.get_executor(), fixture.client_options());
  auto pages = phone::list_user_call_logs_pages(client, "me", {.page_size = 300});
  CHECK(pages.segments() == 1);
  std::vector<std::string> ids;
  while (auto page = fixture.run(pages.next()))
    for (const auto& log : page->call_logs) ids.push_back(log.id);
  CHECK(pages.position().done);
  CHECK(fixture.server.stats().api_requests == 1);
  for (const auto& target : fixture.server.stats().targets) CHECK(target.find("from=") == std::string::npos);
  // Zoom's "last 24 hours" lies within the last three days.
  const auto recent = ids_of(fixture.server.call_logs("me", 2026y / November / 13, 2026y / November / 15));
  for (const auto& id : ids) CHECK(std::find(recent.begin(), recent.end(), id) != recent.end());
}

TEST_CASE("two chains read at once on 4 threads: every record once, in order", "[pages][chain][threads]") {
  boost::asio::io_context io;
  zoom::sandbox::Sandbox server(io.get_executor(), zoom::test::sandbox_options(false));
  server.start();
  zoom::ClientOptions options = zoom::test::client_options_for(server);
  zoom::Client client(io.get_executor(), options);
  const auto truth = truth_by_month(server, kSixMonthsFrom, kSixMonthsTo);
  auto work = boost::asio::make_work_guard(io);
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i) threads.emplace_back([&] { io.run(); });

  auto first = phone::list_user_call_logs_items(client, "me", kSixMonths, {.concurrency = 4});
  auto second = phone::list_user_call_logs_items(client, "me", kSixMonths, {.concurrency = 3});
  auto a = boost::asio::co_spawn(io, drain(first), boost::asio::use_future);
  auto b = boost::asio::co_spawn(io, drain(second), boost::asio::use_future);
  CHECK(a.get() == truth);
  CHECK(b.get() == truth);

  work.reset();
  server.stop();
  io.stop();
  for (auto& thread : threads) thread.join();
}

namespace {

// The sandbox on a thread of its own, so that a client's io_context has only the client's work:
// once a chain and its fetches ahead are gone, running that io_context must end.
struct SandboxThread {
  SandboxThread() : server(io.get_executor(), zoom::test::sandbox_options(false)) {
    server.start();
    thread = std::thread([this] { io.run(); });
  }
  ~SandboxThread() {
    work.reset();
    server.stop();
    io.stop();
    thread.join();
  }
  boost::asio::io_context io;
  zoom::sandbox::Sandbox server;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work = boost::asio::make_work_guard(io);
  std::thread thread;
};

// Runs `io` with `reader` spawned on it until nothing is left to run; false when that takes over
// a minute (a hang guard, not a timing), after stopping it.
bool runs_to_the_end(boost::asio::io_context& io, boost::asio::awaitable<void> reader) {
  boost::asio::co_spawn(io, std::move(reader), boost::asio::detached);
  auto ran = std::async(std::launch::async, [&] { io.run(); });
  const bool drained = ran.wait_for(seconds{60}) == std::future_status::ready;
  if (!drained) io.stop();
  ran.wait();
  return drained;
}

}  // namespace

TEST_CASE("a chain dropped or failed with months fetched ahead leaves nothing running", "[pages][chain]") {
  SandboxThread sandbox;
  zoom::ClientOptions options = zoom::test::client_options_for(sandbox.server);
  options.retry.max_attempts = 1;
  const bool fail = GENERATE(false, true);
  INFO((fail ? "the third month fails" : "dropped after one record"));

  boost::asio::io_context io;
  std::size_t read = 0;
  {
    zoom::Client client(io.get_executor(), options);
    if (fail) {
      // Only the third request fails: the first two months arrive, each blocked handing over.
      sandbox.server.inject("/v2/", zoom::sandbox::Fault{.kind = zoom::sandbox::Fault::Kind::delay_only}, 2);
      sandbox.server.inject("/v2/", zoom::sandbox::Fault::status_code(404, R"({"code":1001,"message":"gone"})"));
    }
    // A named lambda: a coroutine reads its captures through the closure, which must outlive it.
    const auto read_some = [&]() -> boost::asio::awaitable<void> {
      auto items = phone::list_user_call_logs_items(client, "me", kSixMonths, {.concurrency = 4});
      try {
        while (auto log = co_await items.next()) {
          if (++read == 1 && !fail) co_return;  // drops the chain, its next months in flight
        }
      } catch (const zoom::ApiError&) {
      }
    };
    REQUIRE(runs_to_the_end(io, read_some()));
  }
  CHECK(read >= 1);
}

TEST_CASE("a chain assigned over one with months fetched ahead stops their fetches", "[pages][chain]") {
  SandboxThread sandbox;
  const auto truth = ids_of(sandbox.server.call_logs("me", 2026y / October / 1, 2026y / October / 31));
  boost::asio::io_context io;
  std::vector<std::string> ids;
  {
    zoom::Client client(io.get_executor(), zoom::test::client_options_for(sandbox.server));
    const auto read = [&]() -> boost::asio::awaitable<void> {
      auto pages = phone::list_user_call_logs_pages(client, "me", kSixMonths, {.concurrency = 4});
      const bool first = (co_await pages.next()).has_value();  // the next three months are now fetched ahead
      CHECK(first);
      pages = phone::list_user_call_logs_pages(client, "me", kOctober, {.concurrency = 1});
      while (auto page = co_await pages.next())
        for (const auto& log : page->call_logs) ids.push_back(log.id);
    };
    // Ends only if the assignment stopped the replaced chain's fetches waiting to hand over a page.
    REQUIRE(runs_to_the_end(io, read()));
  }
  CHECK(ids == truth);
}
