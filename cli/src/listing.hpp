// What an export reads: the listings of one command (call history or call logs, of some users or
// of the whole account), each cut into windows of a month, and how to ask for and read a page of
// them. The export (export.hpp) runs any Listing the same way.
#pragma once

#include "options.hpp"

#include <zoom/json/decode_options.hpp>
#include <zoom/pages.hpp>
#include <zoom/request.hpp>
#include <zoom/months.hpp>

#include <boost/json/object.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zoom::cli {

/// A page as Zoom sent it: each record's JSON object, unknown fields included (after the page was
/// decoded into its model, so a page that does not match fails or reports as the generated API would).
struct RawPage {
  std::vector<boost::json::object> records;
  std::string next_page_token;
  std::optional<std::int64_t> total_records;
};
inline auto& zoom_page_items(RawPage& page) noexcept { return page.records; }
inline std::string_view zoom_next_page_token(const RawPage& page) noexcept { return page.next_page_token; }
inline std::optional<std::int64_t> zoom_page_total(const RawPage& page) noexcept { return page.total_records; }

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
  std::vector<Segment> segments;   // in export order: owner by owner, months newest first
  std::function<Request(const Segment&, const std::optional<std::string>& page_token)> request;
  /// The page decoded into its model through the generated API's decoder (with the client's
  /// decoding options: a value that does not fit is reported, not fatal, unless strict), then
  /// each record as Zoom sent it.
  std::function<RawPage(std::string_view body, const json::DecodeOptions& options)> decode;
  std::vector<std::string> csv_columns;  // every field of the record model, nested as `a.b`
  std::vector<TableColumn> table;
  /// The query of the whole range (every filter as sent), for the checkpoint's fingerprint.
  std::string query;
  /// The record field the window applies to (`start_time`, `end_time`, `date_time`, ...).
  std::string time_field;
};

/// The segments of `owners` over a range: owner by owner, each range's months newest first.
std::vector<Segment> plan_segments(const std::vector<std::string>& owners, const std::optional<DateOrTime>& from,
                                   const std::optional<DateOrTime>& to);

/// The listing `options` asks for: call history or call logs, of `options.users` or (with
/// `--account`) of the account.
Listing make_listing(const Options& options);

}  // namespace zoom::cli
