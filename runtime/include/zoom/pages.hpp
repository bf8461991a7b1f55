// Paging, written once for every paged operation. Zoom pages with `next_page_token`: each page
// names the token of the next, an empty one ends the listing. zoom::Pages asks for page after
// page and holds none of them; its position can be saved and resumed (PagePosition) without a gap
// or a duplicate. The other parts of paging: zoom/chain.hpp (listings read one after another,
// ahead), zoom/items.hpp (the records one by one), zoom/months.hpp (a long date range as monthly
// listings), zoom/sync_pages.hpp (Zoom's sync listings). Their errors (PageTokenExpired,
// PagingLoop) are in zoom/error.hpp.
//
// The generator supplies, for each page type found by argument-dependent lookup:
//   auto& zoom_page_items(Page&) noexcept;                          // the records
//   std::string_view zoom_page_items_key(const Page*) noexcept;     // their member's JSON name
//   std::string_view zoom_next_page_token(const Page&) noexcept;    // empty on the last page
//   std::optional<std::int64_t> zoom_page_total(const Page&) noexcept;  // optional: the total
#pragma once

#include <zoom/client.hpp>
#include <zoom/error.hpp>

#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

namespace zoom {

/// Where a listing stands, to save and resume it: the one position type of every pager (Pages,
/// Chain, SyncPages) and of zoom::Stream. A position saved from one reader resumes a reader of the
/// same listing (the same request, the same kind of reader).
struct PagePosition {
  std::size_t segment = 0;                  ///< A Chain's listing to read next, from 0; 0 for one listing.
  std::optional<std::string> page_token{};  ///< Fetches the page to read next (a sync: the sync token); empty: the first page.
  std::size_t delivered_of_page = 0;        ///< Records of that page already delivered (by ItemsOf or Stream).
  bool done = false;                        ///< The listing has ended: nothing more to fetch.
};

/// A page type the pagers can read: the generator declares `zoom_page_items` and
/// `zoom_next_page_token` for it (and `zoom_page_total` when the spec names the total).
template <class Page>
concept PagedModel = requires(Page& page, const Page& const_page) {
  zoom_page_items(page).size();
  { zoom_next_page_token(const_page) } -> std::convertible_to<std::string_view>;
};

/// Each record of a page as the server sent it: the JSON objects of the array `items_key` of
/// `body` (a record that is not an object comes as an empty object). Empty when `body` has no such
/// array. Throws zoom::DecodeError when `body` is not JSON.
std::vector<boost::json::object> json_records(std::string_view body, std::string_view items_key);

/// The records of the page in `body` as the server sent them, for a page type whose generated
/// hooks name its records' member (see above).
template <class Page>
  requires requires { zoom_page_items_key(static_cast<const Page*>(nullptr)); }
std::vector<boost::json::object> json_records_of(std::string_view body) {
  return json_records(body, zoom_page_items_key(static_cast<const Page*>(nullptr)));
}

template <PagedModel Page>
class Chain;

namespace detail {
template <class T>
class AnyPages;

/// What a pager does whatever its page type, compiled once (runtime/src/pages.cpp): it sends the
/// request for the next page and keeps the position, the counters and the hashes of the last
/// tokens. Pages<Page> adds only the decoding.
class PageCursor {
 public:
  using RequestFactory = std::function<Request(const std::optional<std::string>& page_token)>;

  PageCursor(Client& client, RequestFactory make_request, PagePosition start)
      : client_(&client), make_request_(std::move(make_request)), position_(std::move(start)) {}
  // Out of line (pages.cpp): every paged operation of a generated API moves and destroys one.
  PageCursor(PageCursor&&) noexcept;
  PageCursor& operator=(PageCursor&&) noexcept;
  ~PageCursor();

  /// The body of the next page, or empty after the last. Throws what Client::send throws (a 400
  /// for an expired token as PageTokenExpired); the position is unchanged until advance().
  boost::asio::awaitable<std::optional<std::string>> fetch();
  /// Moves past the page just fetched and decoded: its next token, its number of records and the
  /// total it reports. Throws PagingLoop for a listing that would never end.
  void advance(std::string_view next_token, std::size_t count, std::optional<std::int64_t> total);
  /// advance() past `page`: its next token, its records and its total when the page type has one.
  template <PagedModel Page>
  void advance_past(Page& page) {
    std::optional<std::int64_t> total;
    if constexpr (requires { zoom_page_total(page); }) total = zoom_page_total(page);
    advance(zoom_next_page_token(page), zoom_page_items(page).size(), total);
  }

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
    body_ = std::string{};  // the last page's, released before the next is fetched
    std::optional<std::string> body = co_await cursor_.fetch();
    if (!body) co_return std::nullopt;
    std::optional<Page> page{decode_(*body)};
    cursor_.advance_past(*page);
    body_ = std::move(*body);
    co_return page;
  }

  /// The body of the page `next()` returned last, as the server sent it; kept until the next
  /// `next()` (memory holds it and the page at once, as while it is decoded). Empty before the
  /// first page and after the last.
  const std::string& body() const noexcept { return body_; }
  /// Each record of the page `next()` returned last as the server sent it (see json_records).
  std::vector<boost::json::object> json_records() const { return json_records_of<Page>(body_); }

  /// Where the listing stands: the page `next()` fetches next.
  const PagePosition& position() const noexcept { return cursor_.position(); }
  /// How many pages were fetched so far.
  std::size_t pages() const noexcept { return cursor_.pages(); }
  /// How many records those pages held.
  std::size_t records() const noexcept { return cursor_.records(); }

 private:
  template <class T>
  friend class detail::AnyPages;  // zoom::Stream reads the cursor itself (zoom/stream.hpp)
  template <PagedModel P>
  friend class Chain;  // hands the body over with the page

  detail::PageCursor cursor_;
  Decoder decode_;
  std::string body_;
};

}  // namespace zoom
