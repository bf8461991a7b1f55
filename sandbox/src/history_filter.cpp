#include "history_filter.hpp"

#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>

namespace zoom::sandbox::detail {
namespace {

// A string field of the record; "" when absent or not a string.
std::string_view field(const boost::json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (!v || !v->is_string()) return {};
  const boost::json::string& s = v->get_string();
  return {s.data(), s.size()};
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// True when the list is empty (no filter) or holds one of the values.
bool any_of(const std::vector<std::string>& wanted, std::initializer_list<std::string_view> values) {
  if (wanted.empty()) return true;
  for (std::string_view v : values)
    if (!v.empty() && std::find(wanted.begin(), wanted.end(), v) != wanted.end()) return true;
  return false;
}

bool has_keyword(const boost::json::object& o, const std::string& keyword) {
  if (keyword.empty()) return true;
  const std::string needle = lower(keyword);
  for (std::string_view key : {"caller_name", "callee_name", "caller_did_number", "callee_did_number",
                               "caller_ext_number", "callee_ext_number", "caller_email", "callee_email", "call_id"})
    if (lower(field(o, key)).find(needle) != std::string::npos) return true;
  return false;
}

bool equal_or_unset(std::string_view wanted, std::string_view value) { return wanted.empty() || wanted == value; }

}  // namespace

bool passes(const boost::json::object& o, const HistoryFilters& f) {
  return has_keyword(o, f.keyword) && any_of(f.directions, {field(o, "direction")}) &&
         any_of(f.connect_types, {field(o, "connect_type")}) &&
         any_of(f.number_types, {field(o, "caller_number_type"), field(o, "callee_number_type")}) &&
         any_of(f.call_types, {field(o, "call_type")}) &&
         any_of(f.extension_types, {field(o, "caller_ext_type"), field(o, "callee_ext_type")}) &&
         any_of(f.call_results, {field(o, "call_result")}) && any_of(f.group_ids, {field(o, "group_id")}) &&
         any_of(f.site_ids, {field(o, "site_id")}) && equal_or_unset(f.department, field(o, "department")) &&
         equal_or_unset(f.cost_center, field(o, "cost_center")) &&
         equal_or_unset(f.recording_status, field(o, "recording_status"));
}

}  // namespace zoom::sandbox::detail
