// What an export reads: the listings of one command (call history or call logs, of some users or
// of the whole account), each owner's read by the generated pager over the whole range (its
// months newest first). The export (export.hpp) runs any Listing the same way.
#pragma once

#include "options.hpp"

#include <zoom/chain.hpp>
#include <zoom/client.hpp>

#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace zoom::cli {

/// A page as Zoom sent it: each record's JSON object, unknown fields included. The generated pager
/// decoded the page into its model first, so a page that does not match fails or reports as the
/// generated API does (with the client's decoding options).
struct RawPage {
  std::vector<boost::json::object> records;
  std::optional<std::int64_t> total_records;
};

/// One owner's listing over the whole range, read by the command's generated pager
/// (`list_user_call_history_pages`, `list_account_call_logs_pages`, ...): its months newest first.
class OwnerPages {
 public:
  virtual ~OwnerPages() = default;
  /// The next page, or empty after the last page of the last month. Throws what the pager throws.
  virtual boost::asio::awaitable<std::optional<RawPage>> next() = 0;
  /// Where the listing stands (`segment`: its month, from 0).
  virtual ChainPosition position() const = 0;
  /// The month of the page `next()` returned last.
  virtual std::size_t segment() const = 0;
};

/// One listing of an export: a user (empty: the whole account) and a window of at most a month
/// (none: Zoom's default, the last 24 hours).
struct Segment {
  std::string user;
  std::optional<DateOrTime> from, to;
  std::string label() const;  // "me 2026-10-01..2026-10-31", "account 2026-10-01..2026-10-31"
};

/// A column of the table format: its title and width, and the record fields it shows (the first
/// one present).
struct TableColumn {
  std::string title;
  int width = 0;  // 0: the last column, as wide as its text
  std::vector<std::string> fields;
  bool right_aligned = false;
};

struct Listing {
  std::string command;             // "call-history", "call-logs"
  /// In export order: owner by owner, each owner's months newest first, as its pager reads them.
  std::vector<Segment> segments;
  std::size_t months = 1;          // segments per owner
  /// The generated pager of one owner's listing (an empty owner: the account's), from `start`
  /// (its `segment`: the month).
  std::function<std::unique_ptr<OwnerPages>(Client& client, const std::string& owner, ChainOptions options,
                                            ChainPosition start)>
      pages;
  std::vector<std::string> csv_columns;  // every field of the record model, nested as `a.b`
  std::vector<TableColumn> table;
  /// The query of the whole range (every filter as sent), for the checkpoint's fingerprint.
  std::string query;
  /// The record field the window applies to (`start_time`, `end_time`, `date_time`, ...).
  std::string time_field;
};

/// The segments of `owners` over a range: owner by owner, each range's months newest first (as
/// zoom::by_month reads them), or one segment an owner without a range.
std::vector<Segment> plan_segments(const std::vector<std::string>& owners, const std::optional<DateOrTime>& from,
                                   const std::optional<DateOrTime>& to);

/// The listing `options` asks for: call history or call logs, of `options.users` or (with
/// `--account`) of the account.
Listing make_listing(const Options& options);

}  // namespace zoom::cli
