// next_page_token: opaque random tokens. The server keeps what each one stands for — the
// listing's fingerprint (user + query), the offset of the next page, the listing's window,
// and when the token was issued — so a token cannot be forged, reused for another query, or
// used after it expired.
#pragma once

#include "time.hpp"

#include <chrono>
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace zoom::sandbox::detail {

struct PageCursor {
  std::string fingerprint;
  std::size_t offset = 0;
  // Fixed at the first page, so that later pages list the same records even when the
  // window was relative ("the last 24 hours") or new calls ended meanwhile.
  sys_seconds begin;
  sys_seconds end;
  sys_seconds now;
};

class PageTokens {
 public:
  explicit PageTokens(std::chrono::seconds lifetime) : lifetime_(lifetime) {}

  std::string issue(PageCursor cursor, sys_seconds issued_at);
  // The cursor of a token issued for this fingerprint no longer ago than the lifetime;
  // nullopt for an unknown, mismatched or expired token. A token may be used more than once
  // (a client retrying a failed request sends it again).
  std::optional<PageCursor> redeem(const std::string& token, std::string_view fingerprint,
                                   sys_seconds now) const;

 private:
  struct Entry {
    PageCursor cursor;
    sys_seconds issued;
  };
  std::chrono::seconds lifetime_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
  std::size_t issued_since_sweep_ = 0;
};

}  // namespace zoom::sandbox::detail
