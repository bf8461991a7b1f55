#include <zoom/pages.hpp>

#include <zoom/json.hpp>

#include <boost/json/value.hpp>

#include <functional>
#include <string>
#include <utility>

namespace zoom::detail {

namespace {

// Turns a 400 for a page token into PageTokenExpired; rethrows anything else unchanged.
[[noreturn]] void rethrow_page_error(std::exception_ptr error, bool had_token) {
  try {
    std::rethrow_exception(error);
  } catch (const ApiError& e) {
    // Zoom answers 400 with code 300 (or 400) for a page token that is invalid or has expired.
    const bool token_rejected = had_token && e.status() == 400 && (e.code() == 300 || e.code() == 400) &&
                                e.message().find("token") != std::string::npos;
    if (!token_rejected) throw;
    throw PageTokenExpired(e.details(), std::string{e.what()} +
                                            " (page tokens expire 15 minutes after they are issued: start the listing "
                                            "again from its first page)");
  }
}

[[noreturn]] void paging_loop(const std::string& what) {
  throw PagingLoop("paging stopped: " + what + "; the listing would never end");
}

}  // namespace

PageCursor::PageCursor(PageCursor&&) noexcept = default;
PageCursor& PageCursor::operator=(PageCursor&&) noexcept = default;
PageCursor::~PageCursor() = default;

boost::asio::awaitable<std::optional<std::string>> PageCursor::fetch() {
  if (position_.done) co_return std::nullopt;
  const std::optional<std::string> token = position_.page_token;
  Response response;
  std::exception_ptr failure;
  try {
    response = co_await client_->send(make_request_(token));
  } catch (...) {
    failure = std::current_exception();
  }
  if (failure) rethrow_page_error(failure, token.has_value());
  co_return std::move(response.body);
}

void PageCursor::advance(std::string_view next_token, std::size_t count, std::optional<std::int64_t> total) {
  records_ += count;
  ++pages_;
  position_.delivered_of_page = 0;
  if (next_token.empty()) {
    position_.page_token.reset();
    position_.done = true;
    return;
  }
  if (!remember(std::hash<std::string_view>{}(next_token)))
    paging_loop("page " + std::to_string(pages_) + " repeats a next_page_token the listing already had");
  if (count == 0) paging_loop("page " + std::to_string(pages_) + " is empty but names a next page");
  if (total && records_ > static_cast<std::uint64_t>(*total))
    paging_loop("the pages hold " + std::to_string(records_) + " records, more than the " + std::to_string(*total) +
                " total_records the server reported, and it names yet another page");
  position_.page_token = std::string{next_token};
}

bool PageCursor::remember(std::size_t hash) {
  if (!seen_.insert(hash).second) return false;
  order_.push_back(hash);
  if (order_.size() > kRemembered) {
    seen_.erase(order_.front());
    order_.pop_front();
  }
  return true;
}

}  // namespace zoom::detail

namespace zoom {

std::vector<boost::json::object> json_records(std::string_view body, std::string_view items_key) {
  const boost::json::value document = json::parse(body);
  std::vector<boost::json::object> records;
  if (const auto* object = document.if_object())
    if (const auto* items = object->if_contains(items_key); items && items->is_array()) {
      records.reserve(items->get_array().size());
      for (const boost::json::value& record : items->get_array())
        records.push_back(record.is_object() ? record.get_object() : boost::json::object{});
    }
  return records;
}

}  // namespace zoom
