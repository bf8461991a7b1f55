#include "sync.hpp"

#include "oauth.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <tuple>

namespace zoom::sandbox::detail {
namespace {

constexpr std::string_view base64url_alphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

// (end, id) of a record or a cursor, compared as the sync order.
auto key(const Call& c) { return std::tie(c.end, c.id); }
auto key(const SyncCursor& c) { return std::tie(c.end, c.id); }

}  // namespace

std::string encode_sync_token(const SyncCursor& cursor) {
  std::string text = base64_encode(cursor.user_id + "_" + std::to_string(cursor.end.time_since_epoch().count()) +
                                   "_" + cursor.id);
  for (char& ch : text) {
    if (ch == '+') ch = '-';
    if (ch == '/') ch = '_';
  }
  while (!text.empty() && text.back() == '=') text.pop_back();
  return text;
}

std::optional<SyncCursor> decode_sync_token(std::string_view token) {
  while (!token.empty() && token.back() == '=') token.remove_suffix(1);
  if (token.empty() || token.size() > 1024 || token.find_first_not_of(base64url_alphabet) != std::string_view::npos)
    return std::nullopt;
  std::string text(token);
  for (char& ch : text) {
    if (ch == '-') ch = '+';
    if (ch == '_') ch = '/';
  }
  while (text.size() % 4 != 0) text.push_back('=');
  const auto decoded = base64_decode(text);
  if (!decoded) return std::nullopt;

  const std::string& s = *decoded;
  const auto id_at = s.rfind('_');
  if (id_at == std::string::npos || id_at == 0) return std::nullopt;
  const auto seconds_at = s.rfind('_', id_at - 1);
  if (seconds_at == std::string::npos || seconds_at == 0 || seconds_at + 1 == id_at) return std::nullopt;
  std::int64_t seconds = 0;
  const char* first = s.data() + seconds_at + 1;
  const char* last = s.data() + id_at;
  const auto [ptr, ec] = std::from_chars(first, last, seconds);
  if (ec != std::errc{} || ptr != last || seconds < 0) return std::nullopt;
  return SyncCursor{s.substr(0, seconds_at), sys_seconds{std::chrono::seconds{seconds}}, s.substr(id_at + 1)};
}

void sort_for_sync(std::vector<Call>& calls) {
  std::sort(calls.begin(), calls.end(), [](const Call& a, const Call& b) { return key(a) < key(b); });
}

std::vector<const Call*> sync_page(const std::vector<Call>& calls, SyncType type,
                                   const std::optional<SyncCursor>& cursor, std::size_t count) {
  std::vector<const Call*> page;
  if (type == SyncType::backward) {
    if (!cursor) return page;
    auto it = std::lower_bound(calls.begin(), calls.end(), *cursor,
                               [](const Call& c, const SyncCursor& k) { return key(c) < key(k); });
    while (it != calls.begin() && page.size() < count) page.push_back(&*--it);
    return page;
  }
  auto it = calls.begin();
  if (type == SyncType::incremental && cursor)
    it = std::upper_bound(calls.begin(), calls.end(), *cursor,
                          [](const SyncCursor& k, const Call& c) { return key(k) < key(c); });
  for (; it != calls.end() && page.size() < count; ++it) page.push_back(&*it);
  return page;
}

SyncCursor cursor_of(const Call& call, const std::string& user_id) { return {user_id, call.end, call.id}; }

}  // namespace zoom::sandbox::detail
