// zoom::Items holds one page at a time, whatever the total: 1,000,000 records stream through it
// from a loopback server while this program counts every byte on the heap.
//
// A program of its own because it replaces the global operator new and delete (every form:
// plain, array, sized, aligned, nothrow) to keep the live heap bytes and their high-water mark.
// Only allocations through operator new are counted (the C++ containers, Boost.Asio, Beast and
// Boost.JSON all go through it); direct malloc calls (e.g. inside OpenSSL) are not.
#include <zoom/client.hpp>
#include <zoom/credentials.hpp>
#include <zoom/json.hpp>
#include <zoom/items.hpp>
#include <zoom/request.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/describe/class.hpp>

#include <catch2/catch.hpp>

#include <malloc.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// --- the heap meter -------------------------------------------------------------------------------
// Every block is counted at its usable size (malloc_usable_size), on allocation and on release,
// so the unsized and unaligned forms of delete need no bookkeeping of their own.

namespace {

std::atomic<std::size_t> live_bytes{0};
std::atomic<std::size_t> peak_bytes{0};

void note_allocated(void* block) noexcept {
  const std::size_t size = malloc_usable_size(block);
  const std::size_t now = live_bytes.fetch_add(size, std::memory_order_relaxed) + size;
  std::size_t peak = peak_bytes.load(std::memory_order_relaxed);
  while (now > peak && !peak_bytes.compare_exchange_weak(peak, now, std::memory_order_relaxed)) {
  }
}

void* allocate(std::size_t size, std::size_t alignment) noexcept {
  if (size == 0) size = 1;  // every call returns a distinct pointer
  void* block = nullptr;
  if (alignment <= __STDCPP_DEFAULT_NEW_ALIGNMENT__) {
    block = std::malloc(size);
  } else if (posix_memalign(&block, std::max(alignment, sizeof(void*)), size) != 0) {
    block = nullptr;
  }
  if (block) note_allocated(block);
  return block;
}

void* allocate_or_throw(std::size_t size, std::size_t alignment) {
  for (;;) {
    if (void* block = allocate(size, alignment)) return block;
    const std::new_handler handler = std::get_new_handler();
    if (!handler) throw std::bad_alloc{};
    handler();
  }
}

void* allocate_or_null(std::size_t size, std::size_t alignment) noexcept {
  try {
    return allocate_or_throw(size, alignment);
  } catch (...) {
    return nullptr;
  }
}

void release(void* block) noexcept {
  if (!block) return;
  live_bytes.fetch_sub(malloc_usable_size(block), std::memory_order_relaxed);
  std::free(block);
}

constexpr std::size_t kPlain = __STDCPP_DEFAULT_NEW_ALIGNMENT__;

}  // namespace

void* operator new(std::size_t size) { return allocate_or_throw(size, kPlain); }
void* operator new[](std::size_t size) { return allocate_or_throw(size, kPlain); }
void* operator new(std::size_t size, const std::nothrow_t&) noexcept { return allocate_or_null(size, kPlain); }
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept { return allocate_or_null(size, kPlain); }
void* operator new(std::size_t size, std::align_val_t align) {
  return allocate_or_throw(size, static_cast<std::size_t>(align));
}
void* operator new[](std::size_t size, std::align_val_t align) {
  return allocate_or_throw(size, static_cast<std::size_t>(align));
}
void* operator new(std::size_t size, std::align_val_t align, const std::nothrow_t&) noexcept {
  return allocate_or_null(size, static_cast<std::size_t>(align));
}
void* operator new[](std::size_t size, std::align_val_t align, const std::nothrow_t&) noexcept {
  return allocate_or_null(size, static_cast<std::size_t>(align));
}

void operator delete(void* block) noexcept { release(block); }
void operator delete[](void* block) noexcept { release(block); }
void operator delete(void* block, std::size_t) noexcept { release(block); }
void operator delete[](void* block, std::size_t) noexcept { release(block); }
void operator delete(void* block, const std::nothrow_t&) noexcept { release(block); }
void operator delete[](void* block, const std::nothrow_t&) noexcept { release(block); }
void operator delete(void* block, std::align_val_t) noexcept { release(block); }
void operator delete[](void* block, std::align_val_t) noexcept { release(block); }
void operator delete(void* block, std::size_t, std::align_val_t) noexcept { release(block); }
void operator delete[](void* block, std::size_t, std::align_val_t) noexcept { release(block); }
void operator delete(void* block, std::align_val_t, const std::nothrow_t&) noexcept { release(block); }
void operator delete[](void* block, std::align_val_t, const std::nothrow_t&) noexcept { release(block); }

namespace {

/// The high-water mark starts again from the bytes live now.
void reset_peak() noexcept { peak_bytes.store(live_bytes.load(std::memory_order_relaxed), std::memory_order_relaxed); }

// --- the listing: a test-local page type --------------------------------------------------------

struct Callee {
  std::string name;
  std::int64_t extension_number = 0;
};
BOOST_DESCRIBE_STRUCT(Callee, (), (name, extension_number))

struct Record {
  std::int64_t id = 0;
  std::string date_time;
  std::string caller_number;
  std::int64_t duration = 0;
  Callee callee;
};
BOOST_DESCRIBE_STRUCT(Record, (), (id, date_time, caller_number, duration, callee))

struct Page {
  std::vector<Record> records;
  std::optional<std::string> next_page_token;
  std::optional<std::int64_t> total_records;
};
BOOST_DESCRIBE_STRUCT(Page, (), (records, next_page_token, total_records))

// Their tables, as the generator writes them (zoom/json/binding.hpp).
#pragma GCC diagnostic ignored "-Winvalid-offsetof"
using zoom::json::type_of;
constexpr zoom::json::Member callee_members[]{
    {"name", offsetof(Callee, name), &type_of<std::string>(), true},
    {"extension_number", offsetof(Callee, extension_number), &type_of<std::int64_t>(), true}};
constexpr auto callee_index = zoom::json::member_index(callee_members);
constexpr zoom::json::Type callee_type{
    .shape = zoom::json::Shape::model, .members = callee_members, .index = callee_index};
constexpr const zoom::json::Type& zoom_json_type(const Callee*) noexcept { return callee_type; }
constexpr zoom::json::Member record_members[]{
    {"id", offsetof(Record, id), &type_of<std::int64_t>(), true},
    {"date_time", offsetof(Record, date_time), &type_of<std::string>(), true},
    {"caller_number", offsetof(Record, caller_number), &type_of<std::string>(), true},
    {"duration", offsetof(Record, duration), &type_of<std::int64_t>(), true},
    {"callee", offsetof(Record, callee), &type_of<Callee>(), true}};
constexpr auto record_index = zoom::json::member_index(record_members);
constexpr zoom::json::Type record_type{
    .shape = zoom::json::Shape::model, .members = record_members, .index = record_index};
constexpr const zoom::json::Type& zoom_json_type(const Record*) noexcept { return record_type; }
constexpr zoom::json::Member page_members[]{
    {"records", offsetof(Page, records), &type_of<std::vector<Record>>(), false},
    {"next_page_token", offsetof(Page, next_page_token), &type_of<std::optional<std::string>>(), false},
    {"total_records", offsetof(Page, total_records), &type_of<std::optional<std::int64_t>>(), false}};
constexpr auto page_index = zoom::json::member_index(page_members);
constexpr zoom::json::Type page_type{.shape = zoom::json::Shape::model, .members = page_members, .index = page_index};
constexpr const zoom::json::Type& zoom_json_type(const Page*) noexcept { return page_type; }

auto& zoom_page_items(Page& page) noexcept { return page.records; }
std::string_view zoom_next_page_token(const Page& page) noexcept {
  return page.next_page_token ? std::string_view{*page.next_page_token} : std::string_view{};
}
std::optional<std::int64_t> zoom_page_total(const Page& page) noexcept { return page.total_records; }

// --- the server: generates page k of the listing when it is asked for it ----------------------

constexpr std::int64_t kTotalRecords = 1'000'000;
constexpr std::int64_t kPageSize = 300;                                       // Zoom's maximum page_size
constexpr std::int64_t kPages = (kTotalRecords + kPageSize - 1) / kPageSize;  // 3334, the last one of 100

void append_number(std::string& out, std::int64_t value, int width = 0) {
  char digits[24];
  const auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
  for (auto n = end - digits; n < width; ++n) out += '0';
  out.append(digits, end);
}

/// Page `k` (0-based) as Zoom would send it; records have ids k*300 .. and are ~150 bytes each:
/// {"id":123456,"date_time":"2026-10-02T10:17:36Z","caller_number":"+14155623456","duration":1296,
///  "callee":{"name":"Extension 3456","extension_number":3456}}
std::string page_body(std::int64_t k) {
  const std::int64_t first = k * kPageSize;
  const std::int64_t last = std::min(first + kPageSize, kTotalRecords);
  std::string body;
  body.reserve(static_cast<std::size_t>(last - first) * 160 + 128);  // no regrowth: one page, once
  body += "{\"records\":[";
  for (std::int64_t id = first; id < last; ++id) {
    if (id != first) body += ',';
    body += "{\"id\":";
    append_number(body, id);
    const std::int64_t second = id * 2;  // two seconds apart, from 2026-10-01T00:00:00Z
    body += ",\"date_time\":\"2026-";
    append_number(body, 10 + second / (86400 * 31) % 3, 2);
    body += '-';
    append_number(body, 1 + second / 86400 % 28, 2);
    body += 'T';
    append_number(body, second / 3600 % 24, 2);
    body += ':';
    append_number(body, second / 60 % 60, 2);
    body += ':';
    append_number(body, second % 60, 2);
    body += "Z\",\"caller_number\":\"+1415";
    append_number(body, 5500000 + id % 10'000'000 % 4'500'000, 7);
    body += "\",\"duration\":";
    append_number(body, id * 7 % 3600);
    body += ",\"callee\":{\"name\":\"Extension ";
    append_number(body, 1000 + id % 9000);
    body += "\",\"extension_number\":";
    append_number(body, 1000 + id % 9000);
    body += "}}";
  }
  body += "],\"next_page_token\":\"";
  if (k + 1 < kPages) {
    body += 't';
    append_number(body, k + 1);
  }
  body += "\",\"page_size\":";
  append_number(body, kPageSize);
  body += ",\"total_records\":";
  append_number(body, kTotalRecords);
  body += '}';
  return body;
}

/// An HTTP/1.1 keep-alive server on loopback: `?next_page_token=t<k>` (or none: k = 0) gets
/// page k, built when asked and gone once written.
class ListingServer {
 public:
  explicit ListingServer(boost::asio::io_context& io) : acceptor_(io, {boost::asio::ip::make_address("127.0.0.1"), 0}) {
    boost::asio::co_spawn(io, accept(), boost::asio::detached);
  }

  std::string base_url() const {
    return "http://127.0.0.1:" + std::to_string(acceptor_.local_endpoint().port()) + "/v2";
  }
  std::size_t pages_served() const noexcept { return pages_served_; }
  std::uint64_t body_bytes_served() const noexcept { return body_bytes_served_; }
  std::size_t largest_body() const noexcept { return largest_body_; }
  const std::string& problem() const noexcept { return problem_; }

 private:
  boost::asio::awaitable<void> accept() {
    for (;;) {
      auto socket = co_await acceptor_.async_accept(boost::asio::use_awaitable);
      boost::asio::co_spawn(acceptor_.get_executor(), serve(std::move(socket)), boost::asio::detached);
    }
  }

  boost::asio::awaitable<void> serve(boost::asio::ip::tcp::socket socket) {
    namespace http = boost::beast::http;
    boost::beast::flat_buffer buffer;
    try {
      for (;;) {
        http::request<http::string_body> request;
        co_await http::async_read(socket, buffer, request, boost::asio::use_awaitable);
        http::response<http::string_body> response{http::status::ok, 11};
        response.set(http::field::content_type, "application/json");
        response.keep_alive(true);
        if (const auto k = page_of(request.target())) {
          response.body() = page_body(*k);
          ++pages_served_;
          body_bytes_served_ += response.body().size();
          largest_body_ = std::max(largest_body_, response.body().size());
        } else {
          problem_ = "unexpected request target " + std::string{request.target()};
          response.result(http::status::bad_request);
          response.body() = R"({"code":300,"message":"Invalid next_page_token."})";
        }
        response.prepare_payload();
        co_await http::async_write(socket, response, boost::asio::use_awaitable);
      }
    } catch (const std::exception&) {
      // the client went away: nothing to do
    }
  }

  /// The page a target asks for: its `next_page_token=t<k>` (none: the first page).
  static std::optional<std::int64_t> page_of(std::string_view target) {
    constexpr std::string_view key = "next_page_token=";
    const auto at = target.find(key);
    if (at == std::string_view::npos) return 0;
    const std::string_view token = target.substr(at + key.size(), target.find('&', at) - at - key.size());
    std::int64_t k = 0;
    if (token.size() < 2 || token[0] != 't') return std::nullopt;
    const auto [end, ec] = std::from_chars(token.data() + 1, token.data() + token.size(), k);
    if (ec != std::errc{} || end != token.data() + token.size() || k <= 0 || k >= kPages) return std::nullopt;
    return k;
  }

  boost::asio::ip::tcp::acceptor acceptor_;
  std::size_t pages_served_ = 0;
  std::uint64_t body_bytes_served_ = 0;
  std::size_t largest_body_ = 0;
  std::string problem_;
};

struct StreamResult {
  std::int64_t records = 0;
  std::optional<std::string> out_of_order;  // the first record that was not the one expected
  std::size_t baseline = 0;                 // live heap bytes once the first page is in
  std::size_t peak = 0;                     // the high-water mark after that
  std::size_t after = 0;                    // live heap bytes once the listing ended
};

}  // namespace

TEST_CASE("items stream 1,000,000 records in the memory of about one page", "[memory][pages]") {
  const auto started = std::chrono::steady_clock::now();
  boost::asio::io_context io;
  ListingServer server(io);

  zoom::ClientOptions options;
  options.base_url = server.base_url();
  options.allow_plain_http = true;
  options.credentials = zoom::BearerToken{"t"};
  zoom::Client client(io.get_executor(), options);

  auto make_request = [](const std::optional<std::string>& page_token) {
    zoom::Request request;
    request.operation = "listUserCallLogs";
    request.path = {"phone", "users", "me", "call_logs"};
    request.rate_limit = zoom::RateLimitLabel::heavy;
    zoom::add_query(request, "page_size", kPageSize);
    zoom::add_query(request, "next_page_token", page_token);
    return request;
  };
  auto decode = [](std::string_view body) { return zoom::json::decode<Page>(body); };
  zoom::Items<Page> items(zoom::Pages<Page>(client, make_request, decode));

  StreamResult result;
  bool done = false;
  std::exception_ptr failure;
  // A named lambda: a coroutine reads its captures through the closure, which must outlive it.
  const auto stream = [&]() -> boost::asio::awaitable<void> {
    // Warm-up: the first page brings the connection, its buffers, the first page's records.
    auto record = co_await items.next();
    result.baseline = live_bytes.load();
    reset_peak();
    for (; record; record = co_await items.next()) {
      if (record->id != result.records && !result.out_of_order)
        result.out_of_order = "record " + std::to_string(result.records) + " has id " + std::to_string(record->id);
      ++result.records;
    }
    result.peak = peak_bytes.load();
    result.after = live_bytes.load();
  };
  boost::asio::co_spawn(io, stream(), [&](std::exception_ptr e) {
    failure = e;
    done = true;
  });
  while (!done) io.run_one();
  if (failure) std::rethrow_exception(failure);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  // The bound, in bodies (the JSON text of one full page, ~46 KB). At a page boundary these can
  // be alive at once beyond the baseline, which already holds the previous page's records: the
  // server's body while it is written (1), the client's response body (1), Boost.JSON's DOM of
  // it (~3.6, measured: 16-byte values, key/value tables, strings) and the new Page decoded from
  // it (~1: 120-byte Records plus their heap-held date_time strings) -- about 6.5 bodies. 8 leave
  // room for allocator rounding and growth policies. The 256 KiB are for what does not scale
  // with a page: headers, request strings, coroutine frames, and the token hash that Pages keeps
  // for each page to detect loops (~25 bytes a page: ~85 KiB after 3334 pages, the one part that
  // grows with the total). Holding the listing whole would take ~3334 bodies; leaking one record
  // a page, ~10 bodies by the end.
  const std::size_t one_page = server.largest_body();
  const std::size_t bound = 8 * one_page + 256 * 1024;
  const std::size_t peak_above_baseline = result.peak - result.baseline;
  const std::uint64_t streamed = server.body_bytes_served();
  const auto mib = [](double bytes) { return bytes / (1024.0 * 1024.0); };

  std::cout << "[memory] " << result.records << " records in " << server.pages_served() << " pages, "
            << mib(static_cast<double>(streamed)) << " MiB of JSON streamed in " << seconds << " s; one page "
            << one_page << " bytes; peak live heap above the first page " << peak_above_baseline << " bytes (bound "
            << bound << "); " << static_cast<std::int64_t>(result.after) - static_cast<std::int64_t>(result.baseline)
            << " bytes still live at the end beyond the first page\n";
  INFO("records " << result.records << ", pages " << server.pages_served() << ", streamed " << streamed
                  << " bytes, one page " << one_page << " bytes");
  INFO("peak live heap above the baseline: " << peak_above_baseline << " bytes; bound (8 page bodies + 256 KiB): "
                                             << bound << " bytes; baseline " << result.baseline << " bytes");

  CHECK(server.problem().empty());
  if (result.out_of_order) FAIL_CHECK(*result.out_of_order);
  CHECK(result.records == kTotalRecords);
  CHECK(server.pages_served() == static_cast<std::size_t>(kPages));
  CHECK(client.connections_opened() == 1);  // keep-alive: one connection for every page
  // The test shows something only if far more went through than the bound.
  CHECK(streamed > 100 * static_cast<std::uint64_t>(bound));
  CHECK(peak_above_baseline < bound);
}
