// The sandbox's synthetic account: users, sites, outside contacts, and calls generated lazily
// for one (user, day) at a time from a hash of (seed, user, day). Nothing is stored per call:
// the same seed gives the same data in every run and on every request. Each call has two
// views written from one Call: its call log (here) and its call history (call_history.hpp).
#pragma once

#include "account.hpp"
#include "call.hpp"
#include "directory.hpp"
#include "time.hpp"

#include <zoom/sandbox/sandbox.hpp>

#include <boost/json/object.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zoom::sandbox::detail {

// Which calls: a user's calls whose start (by_end: end) lies in [begin, end] and that have
// ended by `now`.
struct Window {
  std::size_t user = 0;
  sys_seconds begin;
  sys_seconds end;  // inclusive
  sys_seconds now;
  bool by_end = false;
};

// What to select: a user's records whose time_type field lies in [begin, end].
struct Selection {
  std::size_t user = 0;
  sys_seconds begin;
  sys_seconds end;  // inclusive
  sys_seconds now;  // calls exist once they have ended, up to now, for seven months back
  Filters filters;  // already validated
};

class CallLogData {
 public:
  CallLogData(std::uint64_t seed, int users);  // throws std::invalid_argument unless 1..500 users
  // Calls point into the directory: neither copied nor moved.
  CallLogData(const CallLogData&) = delete;
  CallLogData& operator=(const CallLogData&) = delete;

  const std::vector<User>& users() const noexcept { return users_; }
  const std::vector<Site>& sites() const noexcept { return sites_; }
  // By id (exact), email (case-insensitive) or "me" (the first user).
  std::optional<std::size_t> find_user(std::string_view key) const;
  // What the call history needs to know about the owner of a call.
  CallContext context(std::size_t user) const;

  // The first day with calls as of `now` (seven months back) and the last (tomorrow: a local
  // day of a site west of UTC ends after the UTC day).
  static sys_days oldest_day(sys_seconds now);
  static sys_days newest_day(sys_seconds now);

  // Every call of the window, in no particular order.
  std::vector<Call> window(const Window& window) const;
  // Every call the call-log filters keep, newest first by the time_type field, ties by id.
  std::vector<Call> calls(const Selection& selection) const;
  // A call as GET .../call_logs serves it.
  boost::json::object log_json(const Call& call) const;

  // All calls of a user's local day (business hours at the user's site), in start order,
  // ended or not.
  std::vector<Call> day(std::size_t user, sys_days local_day) const;

 private:
  Call make_call(std::size_t user, std::uint64_t call_seed, sys_seconds start) const;

  std::uint64_t seed_;
  std::vector<Site> sites_;
  std::vector<Member> members_;
  std::vector<User> users_;
  std::vector<Contact> contacts_;
  Directory directory_;
};

// Newest first by start (by_end: end), ties by id: the order of every listing.
void sort_newest_first(std::vector<Call>& calls, bool by_end);

}  // namespace zoom::sandbox::detail
