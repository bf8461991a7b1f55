// Paging, written once for every paged operation. Zoom pages with `next_page_token`: each page
// names the token of the next, an empty one ends the listing. zoom::Pages asks for page after
// page; zoom::Items yields the records one by one across pages. Both hold one page at a time,
// whatever the total, and can be saved and resumed (PagePosition) without a gap or a duplicate.
//
// The generator supplies, for each page type found by argument-dependent lookup:
//   auto& zoom_page_items(Page&) noexcept;                          // the records
//   std::string_view zoom_next_page_token(const Page&) noexcept;    // empty on the last page
//   std::optional<std::int64_t> zoom_page_total(const Page&) noexcept;  // optional: the total
#pragma once

#include <zoom/client.hpp>
#include <zoom/error.hpp>

#include <zoom/time.hpp>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/experimental/concurrent_channel.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_set>
#include <utility>

namespace zoom {

/// Where a listing stands, to save and resume it: the token that fetches the page to read next
/// (empty: the first page), and how many records of that page were already delivered.
struct PagePosition {
  std::optional<std::string> page_token{};  ///< Fetches the page to read next; empty: the first page.
  std::size_t delivered_of_page = 0;        ///< Records of that page already delivered (by Items).
  bool done = false;                        ///< The listing has ended: nothing more to fetch.
};

/// Zoom rejected a page token as invalid or expired (tokens last 15 minutes). The listing must
/// start again from its first page (or from a position saved less than 15 minutes ago).
class PageTokenExpired : public ApiError {
 public:
  /// The same as ApiError's.
  using ApiError::ApiError;
};

/// The server would make the listing run forever: it repeated a page token, or kept handing out
/// tokens past its own total. The listing stops with this error instead.
class PagingLoop : public Error {
 public:
  using Error::Error;
};

/// A page type the pagers can read: the generator declares `zoom_page_items` and
/// `zoom_next_page_token` for it (and `zoom_page_total` when the spec names the total).
template <class Page>
concept PagedModel = requires(Page& page, const Page& const_page) {
  zoom_page_items(page).size();
  { zoom_next_page_token(const_page) } -> std::convertible_to<std::string_view>;
};

namespace detail {
/// What a pager does whatever its page type, compiled once (runtime/src/pages.cpp): it sends the
/// request for the next page and keeps the position, the counters and the hashes of the last
/// tokens. Pages<Page> adds only the decoding.
class PageCursor {
 public:
  using RequestFactory = std::function<Request(const std::optional<std::string>& page_token)>;

  PageCursor(Client& client, RequestFactory make_request, PagePosition start)
      : client_(&client), make_request_(std::move(make_request)), position_(std::move(start)) {}

  /// The body of the next page, or empty after the last. Throws what Client::send throws (a 400
  /// for an expired token as PageTokenExpired); the position is unchanged until advance().
  boost::asio::awaitable<std::optional<std::string>> fetch();
  /// Moves past the page just fetched and decoded: its next token, its number of records and the
  /// total it reports. Throws PagingLoop for a listing that would never end.
  void advance(std::string_view next_token, std::size_t count, std::optional<std::int64_t> total);

  const PagePosition& position() const noexcept { return position_; }
  std::size_t pages() const noexcept { return pages_; }
  std::size_t records() const noexcept { return records_; }

 private:
  bool remember(std::size_t hash);

  Client* client_;
  RequestFactory make_request_;
  PagePosition position_;
  // The hashes of the last kRemembered tokens, so that memory stays bounded however long the
  // listing: a server repeating a token within that many pages is caught here, any other runaway
  // by the total_records check.
  static constexpr std::size_t kRemembered = 4096;
  std::unordered_set<std::size_t> seen_;
  std::deque<std::size_t> order_;
  std::size_t pages_ = 0;
  std::uint64_t records_ = 0;
};
}  // namespace detail

/// One listing, page by page: each `next()` sends the request for the page after the last one
/// (with its `next_page_token`) and decodes it. It keeps no page, only the hashes of the last 4096
/// tokens (to catch a server that repeats one).
///
/// Not thread-safe: call `next()` from one coroutine at a time, and do not touch the pager while
/// a `next()` is in flight. Different pagers on one client may run at once.
template <PagedModel Page>
class Pages {
 public:
  using page_type = Page;  ///< The page type.
  /// Builds the request for the page with a token (empty: the first page).
  using RequestFactory = detail::PageCursor::RequestFactory;
  /// Decodes a page from a response body; throws zoom::DecodeError when it does not match.
  using Decoder = std::function<Page(std::string_view body)>;

  /// `client` must outlive the pager. Use the generated `<operation>_pages` functions. Starts at
  /// `start` (a saved position() of a listing with the same request); sends nothing yet.
  Pages(Client& client, RequestFactory make_request, Decoder decode, PagePosition start = {})
      : cursor_(client, std::move(make_request), std::move(start)), decode_(std::move(decode)) {}

  /// The next page, or empty after the last. Every page gets fresh retry state. Throws what
  /// Client::send throws, PageTokenExpired, PagingLoop, zoom::DecodeError. After a throw the
  /// position is unchanged, so calling it again asks for the same page again.
  boost::asio::awaitable<std::optional<Page>> next() {
    std::optional<std::string> body = co_await cursor_.fetch();
    if (!body) co_return std::nullopt;
    std::optional<Page> page{decode_(*body)};
    std::optional<std::int64_t> total;
    if constexpr (requires { zoom_page_total(*page); }) total = zoom_page_total(*page);
    cursor_.advance(zoom_next_page_token(*page), zoom_page_items(*page).size(), total);
    co_return page;
  }

  /// Where the listing stands: the page `next()` fetches next.
  const PagePosition& position() const noexcept { return cursor_.position(); }
  /// How many pages were fetched so far.
  std::size_t pages() const noexcept { return cursor_.pages(); }
  /// How many records those pages held.
  std::size_t records() const noexcept { return cursor_.records(); }

 private:
  detail::PageCursor cursor_;
  Decoder decode_;
};

/// Where a chain of listings stands (see Chain): the listing (`segment`) and, within it, the same
/// fields as PagePosition. `done` once every listing has ended.
struct ChainPosition {
  std::size_t segment = 0;                  ///< The listing to read next, from 0.
  std::optional<std::string> page_token{};  ///< Within it, as PagePosition::page_token.
  std::size_t delivered_of_page = 0;        ///< As PagePosition::delivered_of_page.
  bool done = false;                        ///< Every listing has ended.
};

/// How a Chain reads ahead.
struct ChainOptions {
  /// How many listings are fetched at once: the one being read, and the first pages of the next
  /// ones. 1 (or 0) fetches one listing after another. Requests still pass the client's rate
  /// limiter.
  std::size_t concurrency = 4;
};

/// Several listings read one after another as if they were one: the windows of a long date range,
/// or the same query for several users. Pages come in listing order, and within a listing in the
/// server's order, while up to `concurrency` listings are fetched ahead (one page each at most), so
/// memory stays bounded by `concurrency + 1` pages. An error is delivered when the reader reaches
/// it, in order, and ends the chain (a cancelled `next()` too); `position()` then tells where to
/// resume.
///
/// Not thread-safe: call `next()` from one coroutine at a time. The fetching runs on a strand of
/// the executor of the first `next()`. Destroying the chain drops the fetches ahead (a request in
/// flight completes first, within the client's timeouts).
template <PagedModel Page>
class Chain {
 public:
  using page_type = Page;  ///< The page type.
  /// Makes the pager of listing `segment`, starting at `start`.
  using SegmentFactory = std::function<Pages<Page>(std::size_t segment, PagePosition start)>;

  /// `segments` listings made by `make_segment`; `client`-owning state must outlive the chain.
  /// Starts at `start` (done when past the last listing); fetches nothing before the first
  /// `next()`.
  Chain(std::size_t segments, SegmentFactory make_segment, ChainOptions options = {}, ChainPosition start = {})
      : state_(std::make_shared<State>()), segments_(segments), make_segment_(std::move(make_segment)),
        concurrency_(std::max<std::size_t>(options.concurrency, 1)), position_(std::move(start)) {
    if (position_.segment >= segments_) position_.done = true;
  }
  /// Takes over the chain and its fetches ahead; `other` may then only be destroyed or assigned.
  Chain(Chain&&) noexcept = default;
  /// Takes over the other chain. The fetches ahead of the chain replaced are not stopped (unlike
  /// when it is destroyed): assign only to a chain whose `next()` was never called.
  Chain& operator=(Chain&&) noexcept = default;
  /// Drops the fetches ahead (a request in flight completes first).
  ~Chain() { stop(); }

  /// The next page, or empty after the last page of the last listing. Throws what Pages::next
  /// throws; after a throw, every later call throws the same error.
  boost::asio::awaitable<std::optional<Page>> next() {
    if (failure_) std::rethrow_exception(failure_);
    if (position_.done) co_return std::nullopt;
    if (!state_->strand) state_->strand.emplace(boost::asio::make_strand(co_await boost::asio::this_coro::executor));
    while (true) {
      fill();
      Slot& slot = *state_->slots.front();
      std::exception_ptr error;
      std::optional<Page> page;
      try {
        std::tie(error, page) = co_await slot.channel.async_receive(boost::asio::use_awaitable);
      } catch (...) {
        error = std::current_exception();  // cancelled while waiting
      }
      if (error) {
        failure_ = error;
        stop();
        std::rethrow_exception(error);
      }
      const std::size_t segment = first_unfinished_;
      if (page && !zoom_next_page_token(*page).empty()) {
        position_ = ChainPosition{.segment = segment, .page_token = std::string{zoom_next_page_token(*page)},
                                  .delivered_of_page = 0, .done = false};
        ++pages_;
        last_segment_ = segment;
        co_return page;
      }
      // The listing ended (its last page, or nothing more): on to the next one.
      slot.channel.close();
      state_->slots.pop_front();
      ++first_unfinished_;
      position_ = ChainPosition{.segment = segment + 1, .page_token = std::nullopt, .delivered_of_page = 0,
                                .done = segment + 1 >= segments_};
      if (page) {
        ++pages_;
        last_segment_ = segment;
        co_return page;
      }
      if (position_.done) co_return std::nullopt;
    }
  }

  /// Where the chain stands: the page `next()` reads next.
  const ChainPosition& position() const noexcept { return position_; }
  /// The listing of the last page returned.
  std::size_t segment() const noexcept { return last_segment_; }
  /// How many listings the chain reads.
  std::size_t segments() const noexcept { return segments_; }
  /// How many pages `next()` returned so far.
  std::size_t pages() const noexcept { return pages_; }

 private:
  using Channel = boost::asio::experimental::concurrent_channel<void(boost::system::error_code, std::exception_ptr,
                                                                        std::optional<Page>)>;
  struct Slot {
    explicit Slot(const boost::asio::any_io_executor& executor) : channel(executor, 0) {}
    Channel channel;
  };
  struct State {
    std::optional<boost::asio::strand<boost::asio::any_io_executor>> strand;
    std::deque<std::shared_ptr<Slot>> slots;  // the listings fetched ahead, first_unfinished_ on
  };

  // Starts fetching the listings that fit in the concurrency bound.
  void fill() {
    while (state_->slots.size() < concurrency_ && first_unfinished_ + state_->slots.size() < segments_) {
      const std::size_t segment = first_unfinished_ + state_->slots.size();
      PagePosition start{};
      if (segment == position_.segment) start.page_token = position_.page_token;
      auto slot = std::make_shared<Slot>(*state_->strand);
      state_->slots.push_back(slot);
      boost::asio::co_spawn(*state_->strand, produce(slot, make_segment_(segment, std::move(start))),
                            boost::asio::detached);
    }
  }

  // Fetches one listing page by page, each page once the reader has taken the one before.
  static boost::asio::awaitable<void> produce(std::shared_ptr<Slot> slot, Pages<Page> pages) {
    while (true) {
      std::exception_ptr error;
      std::optional<Page> page;
      try {
        page = co_await pages.next();
      } catch (...) {
        error = std::current_exception();
      }
      const bool last = error || !page || pages.position().done;
      boost::system::error_code closed;
      co_await slot->channel.async_send(boost::system::error_code{}, error, std::move(page),
                                        boost::asio::redirect_error(boost::asio::use_awaitable, closed));
      if (closed || last) co_return;
    }
  }

  // Drops the fetches ahead: each ends once its request in flight completes (the client's
  // timeouts bound that). They are not cancelled mid-request: with Boost 1.81, a cancellation
  // emitted into a coroutine whose inner co_spawn has finished reached other operations.
  void stop() {
    if (!state_) return;
    for (const auto& slot : state_->slots) {  // a concurrent_channel is thread-safe
      slot->channel.close();   // wakes a waiting receiver, not a waiting sender (Boost 1.81)
      slot->channel.cancel();  // wakes a producer waiting to hand over its page
    }
    state_->slots.clear();
  }

  std::shared_ptr<State> state_;
  std::size_t segments_;
  SegmentFactory make_segment_;
  std::size_t concurrency_;
  ChainPosition position_;
  std::size_t first_unfinished_ = position_.segment;
  std::size_t last_segment_ = position_.segment;
  std::size_t pages_ = 0;
  std::exception_ptr failure_;
};

/// The records of every page of a page source (Pages or Chain), one at a time. Holds one page's
/// records.
///
/// Not thread-safe: call `next()` from one coroutine at a time, as for its source.
template <class Source>
class ItemsOf {
 public:
  using Page = typename Source::page_type;  ///< The source's page type.
  /// PagePosition or ChainPosition: what position() returns.
  using Position = std::remove_cvref_t<decltype(std::declval<const Source&>().position())>;
  /// The container of records in a page (e.g. `std::vector<CallLog>`).
  using Records = std::remove_cvref_t<decltype(zoom_page_items(std::declval<Page&>()))>;
  using Item = typename Records::value_type;  ///< One record.

  /// Resumes at `source.position()`, skipping the records of that page already delivered.
  explicit ItemsOf(Source source) : source_(std::move(source)), skip_(source_.position().delivered_of_page) {}

  /// The next record, or empty after the last. Throws what the source's `next()` throws; after a
  /// throw of Pages, calling it again retries the same page.
  boost::asio::awaitable<std::optional<Item>> next() {
    while (index_ >= records_.size()) {
      page_start_ = source_.position();
      std::optional<Page> page = co_await source_.next();
      if (!page) co_return std::nullopt;
      records_ = std::move(zoom_page_items(*page));
      index_ = std::min(skip_, records_.size());
      skip_ = 0;
    }
    co_return std::move(records_[index_++]);
  }

  /// Where the listing stands: resuming there delivers the record after the last one returned.
  Position position() const {
    if (index_ >= records_.size()) return source_.position();
    Position here = page_start_;
    here.delivered_of_page = index_;
    return here;
  }

  /// The page source, e.g. for its counters.
  const Source& source() const noexcept { return source_; }

 private:
  Source source_;
  std::size_t skip_;
  Position page_start_{};
  Records records_{};
  std::size_t index_ = 0;
};

/// The records of every page of one listing.
template <PagedModel Page>
using Items = ItemsOf<Pages<Page>>;

/// A date-ranged listing over any span: Zoom serves at most one month per request, so the range
/// (the members of `params` that `from` and `to` point to: zoom::Date or zoom::DateOrTime) is cut at
/// calendar months (month_windows) and the months are chained newest first, as Zoom orders the
/// records within each. Without a range (either bound empty), the one listing Zoom gives for no
/// range; with `to` before `from`, no listing at all (nothing is sent). `pages_for(window_params,
/// start)` makes one month's pager. Sends nothing itself.
template <PagedModel Page, class Params, class Bound>
Chain<Page> by_month(Params params, std::optional<Bound> Params::*from, std::optional<Bound> Params::*to,
                     std::function<Pages<Page>(Params window, PagePosition start)> pages_for, ChainOptions options,
                     ChainPosition start) {
  std::vector<std::pair<Bound, Bound>> windows;
  if (params.*from && params.*to) {
    windows = month_windows(*(params.*from), *(params.*to));
    std::reverse(windows.begin(), windows.end());
  }
  const std::size_t count = params.*from && params.*to ? windows.size() : 1;
  auto make = [params = std::move(params), from, to, windows = std::move(windows), pages_for = std::move(pages_for)](
                  std::size_t segment, PagePosition at) {
    Params window = params;
    if (!windows.empty()) {
      window.*from = windows[segment].first;
      window.*to = windows[segment].second;
    }
    return pages_for(std::move(window), std::move(at));
  };
  return Chain<Page>(count, std::move(make), options, std::move(start));
}

}  // namespace zoom
