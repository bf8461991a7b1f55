// The records of a listing, one at a time: zoom::Stream<T>, the type every generated
// `<operation>_items` function returns, whatever reads the pages underneath (one listing, a chain
// of monthly listings, a sync).
#pragma once

#include <zoom/items.hpp>
#include <zoom/pages.hpp>

#include <boost/asio/awaitable.hpp>

#include <cstddef>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace zoom {

namespace detail {

/// One page's records, whatever page type they came in: the page type of AnyPages.
template <class T>
struct RecordsPage {
  std::vector<T> records;
  friend std::vector<T>& zoom_page_items(RecordsPage& page) noexcept { return page.records; }
};

// A page's records as a std::vector<T>, moved out of whatever container the page holds.
template <class T, class Records>
std::vector<T> take_records(Records& records) {
  if constexpr (std::is_same_v<Records, std::vector<T>>) {
    return std::move(records);
  } else {
    return std::vector<T>(std::make_move_iterator(records.begin()), std::make_move_iterator(records.end()));
  }
}

/// A page source of records of type T, its page type hidden.
///
/// One listing (Pages) is read through its cursor directly, the page decoded by a plain function:
/// no coroutine is instantiated per page type where a Stream is made (the generated sources of a
/// whole API make one per paged operation), only per record type where `next()` is called. Any
/// other source (Chain, SyncPages) is called through one virtual `next()` per page.
template <class T>
class AnyPages {
 public:
  using page_type = RecordsPage<T>;

  template <PagedModel Page>
  explicit AnyPages(Pages<Page> pages)
      : cursor_(std::make_unique<PageCursor>(std::move(pages.cursor_))),
        decoder_(new typename Pages<Page>::Decoder(std::move(pages.decode_)), &delete_decoder<Page>),
        take_(&take_page<Page>) {}

  template <class Source>
  explicit AnyPages(Source source) : source_(std::make_unique<Model<Source>>(std::move(source))) {}

  boost::asio::awaitable<std::optional<RecordsPage<T>>> next() { return source_ ? source_->next() : next_of_cursor(); }
  PagePosition position() const { return source_ ? source_->position() : cursor_->position(); }
  std::size_t pages() const { return source_ ? source_->pages() : cursor_->pages(); }

 private:
  struct Concept {
    virtual ~Concept() = default;
    virtual boost::asio::awaitable<std::optional<RecordsPage<T>>> next() = 0;
    virtual PagePosition position() const = 0;
    virtual std::size_t pages() const = 0;
  };

  template <class Source>
  struct Model final : Concept {
    explicit Model(Source s) : source(std::move(s)) {}
    boost::asio::awaitable<std::optional<RecordsPage<T>>> next() override {
      auto page = co_await source.next();
      if (!page) co_return std::nullopt;
      co_return RecordsPage<T>{take_records<T>(zoom_page_items(*page))};
    }
    PagePosition position() const override { return source.position(); }
    std::size_t pages() const override { return source.pages(); }
    Source source;
  };

  // As Pages::next, with the records moved out of the page.
  boost::asio::awaitable<std::optional<RecordsPage<T>>> next_of_cursor() {
    std::optional<std::string> body = co_await cursor_->fetch();
    if (!body) co_return std::nullopt;
    co_return RecordsPage<T>{take_(decoder_.get(), *body, *cursor_)};
  }

  // The decoder of a Pages<Page> held without its type: plain functions, not a std::function or
  // a vtable per page type.
  template <PagedModel Page>
  static void delete_decoder(void* decoder) {
    delete static_cast<typename Pages<Page>::Decoder*>(decoder);
  }
  template <PagedModel Page>
  static std::vector<T> take_page(const void* decoder, std::string_view body, PageCursor& cursor) {
    Page page = (*static_cast<const typename Pages<Page>::Decoder*>(decoder))(body);
    cursor.advance_past(page);
    return take_records<T>(zoom_page_items(page));
  }

  std::unique_ptr<PageCursor> cursor_;  // one listing
  std::unique_ptr<void, void (*)(void*)> decoder_{nullptr, nullptr};
  std::vector<T> (*take_)(const void* decoder, std::string_view body, PageCursor& cursor) = nullptr;
  std::unique_ptr<Concept> source_;  // any other source
};

}  // namespace detail

/// The records of a listing, one at a time, across its pages: what the generated
/// `<operation>_items` functions return (for example `zoom::Stream<CallHistory>`), in the spirit
/// of a range of records whose pages are fetched as it is read. It holds one page's records;
/// `position()` saves where it stands, and the generated function resumes from it.
///
/// Built from any page source whose records are of type T: zoom::Pages (one listing), zoom::Chain
/// (the months of a long range), zoom::SyncPages (a sync).
///
/// Not thread-safe: call `next()` from one coroutine at a time.
template <class T>
class Stream {
 public:
  using value_type = T;  ///< One record.

  /// Reads the records of `source`'s pages from `source.position()` on, skipping the records of
  /// that page already delivered.
  template <class Source>
    requires std::is_same_v<typename std::remove_cvref_t<decltype(zoom_page_items(
                                std::declval<typename Source::page_type&>()))>::value_type,
                            T>
  explicit Stream(Source source) : items_(detail::AnyPages<T>(std::move(source))) {}

  /// The next record, or empty after the last. Throws what the source's `next()` throws (see the
  /// generated function); after a throw of one listing's pager, calling it again retries the same
  /// page, while a chain of listings keeps throwing the same error.
  boost::asio::awaitable<std::optional<T>> next() { return items_.next(); }

  /// Where the listing stands: resuming there delivers the record after the last one returned.
  PagePosition position() const { return items_.position(); }

  /// How many pages were fetched so far.
  std::size_t pages() const { return items_.source().pages(); }

 private:
  ItemsOf<detail::AnyPages<T>> items_;
};

}  // namespace zoom
