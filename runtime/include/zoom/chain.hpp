// Several listings read as one (zoom::Chain): the monthly windows of a long date range, or the same
// query for several users, fetched ahead with bounded memory. See zoom/pages.hpp for one listing.
#pragma once

#include <zoom/pages.hpp>

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
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

namespace zoom {

/// Where a chain of listings stands: the listing (`segment`) and, within it, the page and the
/// records delivered of it. The same type as PagePosition.
using ChainPosition = PagePosition;

/// How a Chain reads ahead.
struct ChainOptions {
  /// How many listings are fetched at once: the one being read, and the first pages of the next
  /// ones. 1 (or 0) fetches one listing after another. Requests still pass the client's rate
  /// limiter.
  std::size_t concurrency = 4;
  /// Keep each page's body as the server sent it, for `body()` and `json_records()`. Memory then
  /// holds the bodies of the pages fetched ahead beside the pages.
  bool keep_bodies = false;
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
        concurrency_(std::max<std::size_t>(options.concurrency, 1)), keep_bodies_(options.keep_bodies),
        position_(std::move(start)) {
    if (position_.segment >= segments_) position_.done = true;
  }
  /// Takes over the chain and its fetches ahead; `other` may then only be destroyed or assigned.
  Chain(Chain&&) noexcept = default;
  /// Drops the fetches ahead of this chain, as destroying it would, then takes over `other`.
  Chain& operator=(Chain&& other) noexcept {
    if (this != &other) {
      stop();
      state_ = std::move(other.state_);
      segments_ = other.segments_;
      make_segment_ = std::move(other.make_segment_);
      concurrency_ = other.concurrency_;
      keep_bodies_ = other.keep_bodies_;
      body_ = std::move(other.body_);
      position_ = std::move(other.position_);
      first_unfinished_ = other.first_unfinished_;
      last_segment_ = other.last_segment_;
      pages_ = other.pages_;
      failure_ = std::move(other.failure_);
    }
    return *this;
  }
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
      body_ = std::string{};
      try {
        std::tie(error, page, body_) = co_await slot.channel.async_receive(boost::asio::use_awaitable);
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
  /// With ChainOptions::keep_bodies, the body of the page `next()` returned last, as the server
  /// sent it (kept until the next `next()`); otherwise empty.
  const std::string& body() const noexcept { return body_; }
  /// With ChainOptions::keep_bodies, each record of the page `next()` returned last as the server
  /// sent it (see zoom::json_records); otherwise empty.
  std::vector<boost::json::object> json_records() const {
    return body_.empty() ? std::vector<boost::json::object>{} : json_records_of<Page>(body_);
  }
  /// The listing of the last page returned.
  std::size_t segment() const noexcept { return last_segment_; }
  /// How many listings the chain reads.
  std::size_t segments() const noexcept { return segments_; }
  /// How many pages `next()` returned so far.
  std::size_t pages() const noexcept { return pages_; }

 private:
  using Channel = boost::asio::experimental::concurrent_channel<void(boost::system::error_code, std::exception_ptr,
                                                                        std::optional<Page>, std::string)>;
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
      boost::asio::co_spawn(*state_->strand, produce(slot, make_segment_(segment, std::move(start)), keep_bodies_),
                            boost::asio::detached);
    }
  }

  // Fetches one listing page by page, each page once the reader has taken the one before.
  static boost::asio::awaitable<void> produce(std::shared_ptr<Slot> slot, Pages<Page> pages, bool keep_bodies) {
    while (true) {
      std::exception_ptr error;
      std::optional<Page> page;
      try {
        page = co_await pages.next();
      } catch (...) {
        error = std::current_exception();
      }
      const bool last = error || !page || pages.position().done;
      std::string body = keep_bodies ? std::move(pages.body_) : std::string{};
      boost::system::error_code closed;
      co_await slot->channel.async_send(boost::system::error_code{}, error, std::move(page), std::move(body),
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
  bool keep_bodies_;
  std::string body_;  // with keep_bodies_: the last page's
  ChainPosition position_;
  std::size_t first_unfinished_ = position_.segment;
  std::size_t last_segment_ = position_.segment;
  std::size_t pages_ = 0;
  std::exception_ptr failure_;
};

}  // namespace zoom
