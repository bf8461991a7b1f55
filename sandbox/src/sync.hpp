// The call-history sync (GET /phone/users/{userId}/call_history/sync): a user's records in sync
// order (end_time, then id, ascending), walked with an opaque cursor. The cursor names the last
// record delivered: sync_token = base64url(user id + "_" + end seconds + "_" + record id), no
// padding. It holds no server state, so it stays valid for as long as the client keeps it.
#pragma once

#include "call.hpp"
#include "time.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zoom::sandbox::detail {

struct SyncCursor {
  std::string user_id;
  sys_seconds end;
  std::string id;  // may be empty: before every record that ended at `end`
};

std::string encode_sync_token(const SyncCursor& cursor);
// nullopt for anything encode_sync_token did not make (padding is accepted).
std::optional<SyncCursor> decode_sync_token(std::string_view token);

enum class SyncType { full, incremental, backward };  // FSync, ISync, BSync

// (end, id) ascending: the order of sync_records() and of FSync / ISync pages.
void sort_for_sync(std::vector<Call>& calls);

// One page of a sync of `calls` (in sync order): FSync from the first record on, ISync the
// records after `cursor`, BSync the records before it newest first; at most `count`, in the
// order delivered.
std::vector<const Call*> sync_page(const std::vector<Call>& calls, SyncType type,
                                   const std::optional<SyncCursor>& cursor, std::size_t count);

// The cursor naming `call` as the last record delivered to `user_id`.
SyncCursor cursor_of(const Call& call, const std::string& user_id);

}  // namespace zoom::sandbox::detail
