// The queries of the call-history family, read and checked as Zoom checks them (field errors
// for 400 code 300): the listings (GET /phone/users/{userId}/call_history and GET
// /phone/call_history) and the sync (GET /phone/users/{userId}/call_history/sync).
#pragma once

#include "sync.hpp"
#include "validation.hpp"

#include <zoom/sandbox/sandbox.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace zoom::sandbox::detail {

struct HistoryQuery {
  ListingWindow window;
  HistoryFilters filters;
  int page_size = 30;
  std::string next_page_token;  // empty: first page
  // Everything that must not change between the pages of one listing; `scope` is the user's
  // id, or "" for the account's listing.
  std::string fingerprint(std::string_view scope) const;
};

// Array filters take the key repeated (directions=inbound&directions=outbound) or one
// comma-separated value; each value must be one of the reference's enum values (group_ids and
// site_ids take any). time_type is start_time or end_time (the call logs' startTime is an
// error); recording_status recorded or non_recorded (absent: every call).
std::variant<HistoryQuery, ValidationError> validate_history_query(const QueryValues& values, sys_seconds now);

// For the ground-truth API: the first problem with a HistoryFilters value, if any.
std::optional<std::string> check_history_filters(const HistoryFilters& filters);

struct SyncQuery {
  SyncType type = SyncType::full;
  int count = 50;
  std::optional<SyncCursor> cursor;  // decoded sync_token; its user is checked by the caller
};

// sync_type FSync | ISync | BSync (absent: FSync, or ISync when a sync_token is given); count
// 1..250 (default 50); sync_token required by ISync and BSync, ignored by FSync. A token that
// does not decode is "Invalid sync token.".
std::variant<SyncQuery, ValidationError> validate_sync_query(const QueryValues& values);

}  // namespace zoom::sandbox::detail
