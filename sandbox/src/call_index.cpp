#include "call_index.hpp"

namespace zoom::sandbox::detail {

using std::chrono::days;

void CallIndex::index_day(sys_days day) const {
  for (std::size_t user = 0; user < data_.users().size(); ++user) {
    for (const Call& c : data_.day(user, day)) {
      where_.insert_or_assign(c.id, Where{user, day});
      where_.insert_or_assign(c.call_id, Where{user, day});
    }
  }
}

void CallIndex::cover(sys_days first, sys_days last) const {
  if (!first_) {
    for (sys_days d = first; d <= last; d += days{1}) index_day(d);
    first_ = first;
    last_ = last;
    return;
  }
  for (sys_days d = first; d < *first_; d += days{1}) index_day(d);
  for (sys_days d = *last_ + days{1}; d <= last; d += days{1}) index_day(d);
  first_ = std::min(first, *first_);
  last_ = std::max(last, *last_);
}

std::optional<Call> CallIndex::find(std::string_view id, sys_seconds now) const {
  const sys_days oldest = CallLogData::oldest_day(now);
  Where where{};
  {
    const std::lock_guard lock(mutex_);
    cover(oldest, CallLogData::newest_day(now));
    const auto it = where_.find(std::string(id));
    if (it == where_.end()) return std::nullopt;
    where = it->second;
  }
  if (where.day < oldest) return std::nullopt;
  for (Call& c : data_.day(where.user, where.day))
    if ((c.id == id || c.call_id == id) && c.end <= now) return std::move(c);
  return std::nullopt;
}

}  // namespace zoom::sandbox::detail
