// The records of a listing one at a time, across its pages (zoom::ItemsOf, zoom::Items), holding
// one page's records; resumable from a position like the pages it reads.
#pragma once

#include <zoom/pages.hpp>

#include <boost/asio/awaitable.hpp>

#include <algorithm>
#include <cstddef>
#include <optional>
#include <type_traits>
#include <utility>

namespace zoom {

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

}  // namespace zoom
