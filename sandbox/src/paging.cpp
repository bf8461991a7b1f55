#include "paging.hpp"

#include "random.hpp"

namespace zoom::sandbox::detail {

std::string PageTokens::issue(PageCursor cursor, sys_seconds issued_at) {
  std::string token = secure_token(36);
  const std::lock_guard lock(mutex_);
  if (++issued_since_sweep_ >= 1024) {  // forget expired tokens now and then
    issued_since_sweep_ = 0;
    std::erase_if(entries_, [&](const auto& e) { return issued_at - e.second.issued > lifetime_; });
  }
  entries_.insert_or_assign(token, Entry{std::move(cursor), issued_at});
  return token;
}

std::optional<PageCursor> PageTokens::redeem(const std::string& token, std::string_view fingerprint,
                                             sys_seconds now) const {
  const std::lock_guard lock(mutex_);
  const auto it = entries_.find(token);
  if (it == entries_.end()) return std::nullopt;
  const Entry& e = it->second;
  if (e.cursor.fingerprint != fingerprint || now - e.issued > lifetime_) return std::nullopt;
  return e.cursor;
}

}  // namespace zoom::sandbox::detail
