// Finding a call by its call log id (or its call_id) among every user's calls: remembers which
// (user, local day) made each id. The first lookup indexes every user's days of the last seven
// months (a fraction of a second for a few users); later ones regenerate one day only, and
// index just the days that "now" has reached since. Thread-safe.
#pragma once

#include "call.hpp"
#include "call_log_data.hpp"
#include "time.hpp"

#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace zoom::sandbox::detail {

class CallIndex {
 public:
  explicit CallIndex(const CallLogData& data) : data_(data) {}

  // The call with this id or call_id that has ended by `now` (within the seven months of
  // data), else nullopt.
  std::optional<Call> find(std::string_view id, sys_seconds now) const;

 private:
  struct Where {
    std::size_t user;
    sys_days day;
  };
  // Indexes every user's days in [first, last] not indexed yet. mutex_ held.
  void cover(sys_days first, sys_days last) const;
  void index_day(sys_days day) const;

  const CallLogData& data_;
  mutable std::mutex mutex_;
  mutable std::unordered_map<std::string, Where> where_;  // id and call_id -> where
  mutable std::optional<sys_days> first_, last_;          // the days indexed, for every user
};

}  // namespace zoom::sandbox::detail
