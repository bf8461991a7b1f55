// zoom::Pages and zoom::Items through the generated list_user_call_logs_pages/_items: every
// record exactly once, resumable, and protected against servers that would page forever.
#include "raw_server.hpp"
#include "sandbox_fixture.hpp"

#include <zoom/error.hpp>
#include <zoom/phone/call_logs.hpp>

#include <boost/json/serialize.hpp>

#include <catch2/catch.hpp>

#include <atomic>

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

boost::asio::awaitable<std::vector<std::string>> drain(zoom::Items<phone::CallLogPage>& items, std::size_t limit = SIZE_MAX) {
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
  const zoom::PagePosition saved = first.position();

  auto resumed = phone::list_user_call_logs_items(client, "me", kOctober, saved);
  const auto rest = fixture.run(drain(resumed));
  ids.insert(ids.end(), rest.begin(), rest.end());
  CHECK(ids == truth);
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
  boost::asio::co_spawn(io, [&]() -> boost::asio::awaitable<void> {
      while (co_await pages.next()) {
      }
    }(), [&](std::exception_ptr e) {
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
