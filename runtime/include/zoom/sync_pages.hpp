// Incremental sync, written once for every sync operation (Zoom's `.../sync` listings, marked
// `x-zoom-sync` in the spec). A sync listing has no last page token: every response carries a
// sync token naming the last record delivered, and the client asks for what came after it. A full
// sync reads from the start; an increment starts from a token saved by an earlier sync. Either
// way the listing ends with a page that holds no record or leaves the token where it was, and the
// last token is what to save for the next increment.
#pragma once

#include <zoom/client.hpp>
#include <zoom/error.hpp>
#include <zoom/pages.hpp>

#include <boost/asio/awaitable.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace zoom {

/// Where a sync stands: `page_token` is the sync token the next request sends (empty: a full sync),
/// `delivered_of_page` the records of that page already delivered, `done` once the sync has ended.
/// The same type as PagePosition.
using SyncPosition = PagePosition;

/// One sync, page by page. The first request is the operation's own (a full sync, or an
/// increment from the token the caller gave); each later one continues from the token of the page
/// before. Ends after a page that holds no record or leaves the token where it was (a page shorter
/// than asked for does not end it: a server may serve fewer than asked). `sync_token()` is then the
/// token to save for the next increment.
///
/// Not thread-safe: call `next()` from one coroutine at a time. Different pagers on one client may
/// run at once.
template <PagedModel Page>
class SyncPages {
 public:
  using page_type = Page;  ///< The page type.
  /// Builds the request for a page: `first` for the first one, else the one after `sync_token`.
  using RequestFactory = std::function<Request(const std::optional<std::string>& sync_token, bool first)>;
  /// Decodes a page from a response body; throws zoom::DecodeError when it does not match.
  using Decoder = std::function<Page(std::string_view body)>;

  /// `client` must outlive the pager. `start_token` is the token the first request carries (empty
  /// for a full sync). Sends nothing yet.
  SyncPages(Client& client, RequestFactory make_request, Decoder decode, std::optional<std::string> start_token)
      : client_(&client),
        make_request_(std::move(make_request)),
        decode_(std::move(decode)),
        position_{.page_token = std::move(start_token)} {}

  /// The next page, or empty once the sync has ended. Every page gets fresh retry state. Throws
  /// what Client::send throws and zoom::DecodeError; after a throw the position is unchanged, so
  /// calling it again asks for the same page again.
  boost::asio::awaitable<std::optional<Page>> next() {
    if (position_.done) co_return std::nullopt;
    Response response = co_await client_->send(make_request_(position_.page_token, first_));
    Page page = decode_(response.body);
    const std::string_view token = zoom_next_page_token(page);
    const std::size_t records = zoom_page_items(page).size();
    if (records > 0 && token.empty())
      throw Error("a sync page of " + std::to_string(records) +
                  " records names no sync token: the sync cannot go on without reading them again");
    const bool moved = !token.empty() && (!position_.page_token || token != *position_.page_token);
    first_ = false;
    ++pages_;
    records_ += records;
    position_.delivered_of_page = 0;
    if (!token.empty()) position_.page_token = std::string{token};
    if (records == 0 || !moved) position_.done = true;
    co_return page;
  }

  /// The token to save: after the sync has ended, where the next increment starts.
  const std::optional<std::string>& sync_token() const noexcept { return position_.page_token; }
  /// Where the sync stands (for ItemsOf).
  const SyncPosition& position() const noexcept { return position_; }
  /// How many pages were fetched so far.
  std::size_t pages() const noexcept { return pages_; }
  /// How many records those pages held.
  std::size_t records() const noexcept { return records_; }

 private:
  Client* client_;
  RequestFactory make_request_;
  Decoder decode_;
  SyncPosition position_;
  bool first_ = true;
  std::size_t pages_ = 0;
  std::size_t records_ = 0;
};

}  // namespace zoom
