// The account's calls as the API serves them: the generated calls (CallLogData) with what
// clients changed on top — client codes (PATCH .../client_code: shown by every view of the call)
// and calls deleted from a user's call history (DELETE ...: hidden from that user's
// call-history listing and sync only; the account's listings, the call logs and GET
// /phone/call_history/{id} still show them). Every listing of the API and every ground-truth
// function of Sandbox goes through here, so both see the same thing. Thread-safe.
#pragma once

#include "call.hpp"
#include "call_index.hpp"
#include "call_log_data.hpp"
#include "time.hpp"

#include <zoom/sandbox/sandbox.hpp>

#include <boost/json/object.hpp>

#include <cstddef>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace zoom::sandbox::detail {

class CallStore {
 public:
  explicit CallStore(const CallLogData& data) : data_(data), index_(data) {}

  const CallLogData& data() const noexcept { return data_; }

  // GET /phone/users/{userId}/call_logs: the user's call logs (filters valid).
  std::vector<boost::json::object> call_logs(const Selection& selection) const;
  // GET /phone/call_logs: every user's call logs whose time_type field lies in [begin, end],
  // newest first, ties by id, with the account listing's fields (filters valid).
  std::vector<boost::json::object> account_call_logs(sys_seconds begin, sys_seconds end, sys_seconds now,
                                                     const AccountFilters& filters) const;
  // The call-history listing of one user (or of every user when `user` is empty) whose
  // time_type field lies in [begin, end], newest first, ties by id (filters valid).
  std::vector<boost::json::object> history(std::optional<std::size_t> user, sys_seconds begin, sys_seconds end,
                                           sys_seconds now, const HistoryFilters& filters) const;
  // Every call of the user's sync as of `now`, in sync order (end, id ascending): those that
  // ended within the six months before now and were not deleted for the user.
  std::vector<Call> sync_calls(std::size_t user, sys_seconds now) const;
  // A call by its call log id or call_id, with its client code; nullopt when there is none.
  std::optional<Call> find(std::string_view id, sys_seconds now) const;

  // The call's history record / call with call_path[] / call log with log_details[].
  boost::json::object history_record(const Call& call) const;
  boost::json::object call_path_record(const Call& call) const;
  boost::json::object call_log_details(const Call& call) const;

  // Sets the client code of a call; false when there is no such call.
  bool set_client_code(std::string_view id, std::string code, sys_seconds now);
  // Deletes a call from the user's call history; false when the user has no such call (or it
  // was deleted already).
  bool erase(std::size_t user, std::string_view id, sys_seconds now);

 private:
  void apply_client_codes(std::vector<Call>& calls) const;
  void apply_client_code(Call& call) const;  // mutex_ held
  bool deleted(std::size_t user, const std::string& id) const;  // mutex_ held

  const CallLogData& data_;
  CallIndex index_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::string> client_codes_;  // call log id -> code
  std::set<std::pair<std::size_t, std::string>> deleted_;      // (user, call log id)
};

}  // namespace zoom::sandbox::detail
