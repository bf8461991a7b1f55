#include "call_store.hpp"

#include "call_history.hpp"
#include "history_filter.hpp"
#include "sync.hpp"

#include <algorithm>

namespace zoom::sandbox::detail {
namespace {

bool charged(const Call& c) { return c.charge.find_first_of("123456789") != std::string::npos; }

}  // namespace

void CallStore::apply_client_code(Call& call) const {
  const auto it = client_codes_.find(call.id);
  if (it != client_codes_.end()) call.client_code = it->second;
}

void CallStore::apply_client_codes(std::vector<Call>& calls) const {
  const std::lock_guard lock(mutex_);
  if (client_codes_.empty()) return;
  for (Call& c : calls) apply_client_code(c);
}

bool CallStore::deleted(std::size_t user, const std::string& id) const { return deleted_.contains({user, id}); }

std::vector<boost::json::object> CallStore::call_logs(const Selection& selection) const {
  std::vector<Call> calls = data_.calls(selection);
  apply_client_codes(calls);
  std::vector<boost::json::object> out;
  out.reserve(calls.size());
  for (const Call& c : calls) out.push_back(data_.log_json(c));
  return out;
}

std::vector<boost::json::object> CallStore::account_call_logs(sys_seconds begin, sys_seconds end, sys_seconds now,
                                                              const AccountFilters& f) const {
  std::vector<Call> calls;
  for (std::size_t user = 0; user < data_.users().size(); ++user) {
    const std::string& site_id = data_.context(user).site.id;
    if (!f.site_id.empty() && f.site_id != site_id) continue;
    for (Call& c : data_.calls({user, begin, end, now, Filters{f.type, "", f.time_type}})) {
      if ((!f.path.empty() && c.path != f.path) || (f.charged_only && !charged(c))) continue;
      calls.push_back(std::move(c));
    }
  }
  apply_client_codes(calls);
  sort_newest_first(calls, f.time_type == "endTime");
  std::vector<boost::json::object> out;
  out.reserve(calls.size());
  for (const Call& c : calls) {
    boost::json::object log = data_.log_json(c);
    add_account_fields(log, c, data_.context(c.owner));
    out.push_back(std::move(log));
  }
  return out;
}

std::vector<boost::json::object> CallStore::history(std::optional<std::size_t> user, sys_seconds begin,
                                                    sys_seconds end, sys_seconds now,
                                                    const HistoryFilters& filters) const {
  const bool by_end = filters.time_type == "end_time";
  std::vector<Call> calls;
  for (std::size_t u = 0; u < data_.users().size(); ++u) {
    if (user && u != *user) continue;
    std::vector<Call> window = data_.window({u, begin, end, now, by_end});
    std::move(window.begin(), window.end(), std::back_inserter(calls));
  }
  if (user) {
    const std::lock_guard lock(mutex_);
    std::erase_if(calls, [&](const Call& c) { return deleted(*user, c.id); });
  }
  apply_client_codes(calls);
  sort_newest_first(calls, by_end);
  std::vector<boost::json::object> out;
  for (const Call& c : calls) {
    boost::json::object record = history_record(c);
    if (passes(record, filters)) out.push_back(std::move(record));
  }
  return out;
}

std::vector<Call> CallStore::sync_calls(std::size_t user, sys_seconds now) const {
  const sys_days six_months_ago{add_months(year_month_day{std::chrono::floor<std::chrono::days>(now)}, -6)};
  std::vector<Call> calls = data_.window({user, sys_seconds{six_months_ago}, now, now, true});
  {
    const std::lock_guard lock(mutex_);
    std::erase_if(calls, [&](const Call& c) { return deleted(user, c.id); });
  }
  apply_client_codes(calls);
  sort_for_sync(calls);
  return calls;
}

std::optional<Call> CallStore::find(std::string_view id, sys_seconds now) const {
  std::optional<Call> call = index_.find(id, now);
  if (call) {
    const std::lock_guard lock(mutex_);
    apply_client_code(*call);
  }
  return call;
}

boost::json::object CallStore::history_record(const Call& call) const {
  return detail::history_record(call, data_.context(call.owner));
}

boost::json::object CallStore::call_path_record(const Call& call) const {
  return detail::call_path_record(call, data_.context(call.owner));
}

boost::json::object CallStore::call_log_details(const Call& call) const {
  const CallContext owner = data_.context(call.owner);
  boost::json::object log = data_.log_json(call);
  log["call_type"] = log_call_type(call);
  log["log_details"] = log_details(call, owner);
  return log;
}

bool CallStore::set_client_code(std::string_view id, std::string code, sys_seconds now) {
  const std::optional<Call> call = index_.find(id, now);
  if (!call) return false;
  const std::lock_guard lock(mutex_);
  client_codes_.insert_or_assign(call->id, std::move(code));
  return true;
}

bool CallStore::erase(std::size_t user, std::string_view id, sys_seconds now) {
  const std::optional<Call> call = index_.find(id, now);
  if (!call || call->owner != user) return false;
  const std::lock_guard lock(mutex_);
  return deleted_.insert({user, call->id}).second;
}

}  // namespace zoom::sandbox::detail
