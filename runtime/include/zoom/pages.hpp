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

#include <boost/asio/awaitable.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>

namespace zoom {

/// Where a listing stands, to save and resume it: the token that fetches the page to read next
/// (empty: the first page), and how many records of that page were already delivered.
struct PagePosition {
  std::optional<std::string> page_token{};
  std::size_t delivered_of_page = 0;
  bool done = false;
};

/// Zoom rejected a page token as invalid or expired (tokens last 15 minutes). The listing must
/// start again from its first page (or from a position saved less than 15 minutes ago).
class PageTokenExpired : public ApiError {
 public:
  using ApiError::ApiError;
};

/// The server would make the listing run forever: it repeated a page token, or kept handing out
/// tokens past its own total. The listing stops with this error instead.
class PagingLoop : public Error {
 public:
  using Error::Error;
};

template <class Page>
concept PagedModel = requires(Page& page, const Page& const_page) {
  zoom_page_items(page).size();
  { zoom_next_page_token(const_page) } -> std::convertible_to<std::string_view>;
};

namespace detail {
/// Turns a 400 for a page token into PageTokenExpired; rethrows anything else unchanged.
[[noreturn]] void rethrow_page_error(std::exception_ptr error, bool had_token);
[[noreturn]] void paging_loop(const std::string& what);
}  // namespace detail

template <PagedModel Page>
class Pages {
 public:
  /// Builds the request for the page with a token (empty: the first page).
  using RequestFactory = std::function<Request(const std::optional<std::string>& page_token)>;
  using Decoder = std::function<Page(std::string_view body)>;

  /// `client` must outlive the pager. Use the generated `<operation>_pages` functions.
  Pages(Client& client, RequestFactory make_request, Decoder decode, PagePosition start = {})
      : client_(&client), make_request_(std::move(make_request)), decode_(std::move(decode)), position_(std::move(start)) {}

  /// The next page, or empty after the last. Every page gets fresh retry state. Throws what
  /// Client::send throws, PageTokenExpired, PagingLoop, zoom::DecodeError.
  boost::asio::awaitable<std::optional<Page>> next() {
    if (position_.done) co_return std::nullopt;
    const std::optional<std::string> token = position_.page_token;
    Response response;
    std::exception_ptr failure;
    try {
      response = co_await client_->send(make_request_(token));
    } catch (...) {
      failure = std::current_exception();
    }
    if (failure) detail::rethrow_page_error(failure, token.has_value());
    Page page = decode_(response.body);
    const std::string_view next_token = zoom_next_page_token(page);
    const std::size_t count = zoom_page_items(page).size();
    records_ += count;
    ++pages_;
    position_.delivered_of_page = 0;
    if (next_token.empty()) {
      position_ = PagePosition{.page_token = std::nullopt, .delivered_of_page = 0, .done = true};
      co_return page;
    }
    if (!seen_.insert(std::hash<std::string_view>{}(next_token)).second)
      detail::paging_loop("page " + std::to_string(pages_) + " repeats a next_page_token the listing already had");
    if (count == 0) detail::paging_loop("page " + std::to_string(pages_) + " is empty but names a next page");
    if constexpr (requires { zoom_page_total(page); }) {
      if (const auto total = zoom_page_total(page); total && records_ > static_cast<std::uint64_t>(*total))
        detail::paging_loop("the pages hold " + std::to_string(records_) + " records, more than the " +
                            std::to_string(*total) + " total_records the server reported, and it names yet another page");
    }
    position_.page_token = std::string{next_token};
    co_return page;
  }

  /// Where the listing stands: the page `next()` fetches next.
  const PagePosition& position() const noexcept { return position_; }
  std::size_t pages() const noexcept { return pages_; }
  std::size_t records() const noexcept { return records_; }

 private:
  Client* client_;
  RequestFactory make_request_;
  Decoder decode_;
  PagePosition position_;
  std::unordered_set<std::size_t> seen_;  // hashes of the tokens seen: a few bytes a page
  std::size_t pages_ = 0;
  std::uint64_t records_ = 0;
};

/// The records of every page, one at a time.
template <PagedModel Page>
class Items {
 public:
  using Records = std::remove_cvref_t<decltype(zoom_page_items(std::declval<Page&>()))>;
  using Item = typename Records::value_type;

  /// Resumes at `pages.position()`, skipping the records of that page already delivered.
  explicit Items(Pages<Page> pages) : pages_(std::move(pages)), skip_(pages_.position().delivered_of_page) {}

  /// The next record, or empty after the last. Throws what Pages::next throws.
  boost::asio::awaitable<std::optional<Item>> next() {
    while (index_ >= records_.size()) {
      page_start_ = pages_.position();
      std::optional<Page> page = co_await pages_.next();
      if (!page) co_return std::nullopt;
      records_ = std::move(zoom_page_items(*page));
      index_ = std::min(skip_, records_.size());
      skip_ = 0;
    }
    co_return std::move(records_[index_++]);
  }

  /// Where the listing stands: resuming there delivers the record after the last one returned.
  PagePosition position() const {
    if (index_ >= records_.size()) return pages_.position();
    PagePosition here = page_start_;
    here.delivered_of_page = index_;
    return here;
  }

 private:
  Pages<Page> pages_;
  std::size_t skip_;
  PagePosition page_start_{};
  Records records_{};
  std::size_t index_ = 0;
};

}  // namespace zoom
