#include "history_query.hpp"

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <charconv>
#include <initializer_list>

namespace zoom::sandbox::detail {
namespace {

using Enum = std::initializer_list<std::string_view>;

// The enum values of Zoom's reference (phoneUserCallHistory, accountCallHistory).
const Enum directions = {"inbound", "outbound"};
const Enum connect_types = {"internal", "external"};
const Enum number_types = {"zoom_pstn",        "zoom_toll_free_number",    "external_pstn",
                               "external_contact", "byoc",                     "byop",
                               "3rd_party_contact_center", "zoom_service_number", "external_service_number",
                               "zoom_contact_center", "meeting_phone_number", "meeting_id",
                               "anonymous_number", "zoom_revenue_accelerator"};
const Enum call_types = {"general", "emergency"};
const Enum extension_types = {"user",        "call_queue", "auto_receptionist", "common_area",      "zoom_room",
                                  "cisco_room",  "shared_line_group", "group_call_pickup", "external_contact"};
const Enum call_results = {"answered", "connected",         "voicemail", "hang_up",            "no_answer",
                               "invalid_operation", "abandoned", "blocked", "service_unavailable"};
const Enum time_types = {"start_time", "end_time"};
const Enum recording_statuses = {"recorded", "non_recorded"};

bool one_of(std::string_view value, Enum allowed) {
  return std::find(allowed.begin(), allowed.end(), value) != allowed.end();
}

// "a or b"; "one of a, b, c" for more.
std::string listed(Enum allowed) {
  if (allowed.size() == 2) return std::string(*allowed.begin()) + " or " + std::string(*(allowed.begin() + 1));
  std::string out = "one of ";
  for (std::string_view v : allowed) out += (v == *allowed.begin() ? "" : ", ") + std::string(v);
  return out;
}

// The problem with `value` as a value of `field`, if any.
std::optional<std::string> check_value(std::string_view field, std::string_view value, Enum allowed) {
  if (one_of(value, allowed)) return std::nullopt;
  return "Invalid '" + std::string(field) + "': expected " + listed(allowed) + ", got " + quoted(value) + ".";
}

// Every value of an array parameter: the key repeated, each value possibly a comma-separated list.
std::vector<std::string> list_values(const QueryValues& values, std::string_view key) {
  std::vector<std::string> out;
  const auto it = values.find(key);
  if (it == values.end()) return out;
  for (const std::string& value : it->second) {
    std::size_t begin = 0;
    while (begin <= value.size()) {
      const std::size_t comma = std::min(value.find(',', begin), value.size());
      if (comma > begin) out.push_back(value.substr(begin, comma - begin));
      begin = comma + 1;
    }
  }
  return out;
}

struct ArrayFilter {
  std::string_view key;
  std::vector<std::string> HistoryFilters::*member;
  std::optional<Enum> allowed;  // nullopt: any value (ids)
};
const ArrayFilter array_filters[] = {
    {"directions", &HistoryFilters::directions, directions},
    {"connect_types", &HistoryFilters::connect_types, connect_types},
    {"number_types", &HistoryFilters::number_types, number_types},
    {"call_types", &HistoryFilters::call_types, call_types},
    {"extension_types", &HistoryFilters::extension_types, extension_types},
    {"call_results", &HistoryFilters::call_results, call_results},
    {"group_ids", &HistoryFilters::group_ids, std::nullopt},
    {"site_ids", &HistoryFilters::site_ids, std::nullopt},
};

// Every problem with the filters, as field errors.
std::vector<FieldError> filter_errors(const HistoryFilters& f) {
  std::vector<FieldError> errors;
  for (const ArrayFilter& a : array_filters) {
    if (!a.allowed) continue;
    for (const std::string& value : f.*a.member)
      if (auto problem = check_value(a.key, value, *a.allowed)) errors.push_back({std::string(a.key), *problem});
  }
  if (auto problem = check_value("time_type", f.time_type, time_types)) errors.push_back({"time_type", *problem});
  if (!f.recording_status.empty())
    if (auto problem = check_value("recording_status", f.recording_status, recording_statuses))
      errors.push_back({"recording_status", *problem});
  return errors;
}

std::optional<int> parse_int(const std::string& s) {
  int value = 0;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc{} || ptr != s.data() + s.size()) return std::nullopt;
  return value;
}

}  // namespace

std::string HistoryQuery::fingerprint(std::string_view scope) const {
  boost::json::array a{"call_history", scope, window.from_text, window.to_text, filters.keyword};
  for (const ArrayFilter& f : array_filters) {
    boost::json::array values;
    for (const std::string& v : filters.*f.member) values.push_back(boost::json::string_view(v));
    a.push_back(std::move(values));
  }
  for (const std::string* s : {&filters.department, &filters.cost_center, &filters.time_type, &filters.recording_status})
    a.push_back(boost::json::string_view(*s));
  a.push_back(page_size);
  return boost::json::serialize(a);
}

std::optional<std::string> check_history_filters(const HistoryFilters& filters) {
  const std::vector<FieldError> errors = filter_errors(filters);
  if (errors.empty()) return std::nullopt;
  return errors.front().message;
}

std::variant<HistoryQuery, ValidationError> validate_history_query(const QueryValues& values, sys_seconds now) {
  HistoryQuery q;
  HistoryFilters& f = q.filters;
  for (const ArrayFilter& a : array_filters) f.*a.member = list_values(values, a.key);
  f.keyword = first_value(values, "keyword").value_or("");
  f.department = first_value(values, "department").value_or("");
  f.cost_center = first_value(values, "cost_center").value_or("");
  f.time_type = first_value(values, "time_type").value_or("start_time");
  f.recording_status = first_value(values, "recording_status").value_or("");
  std::vector<FieldError> errors = filter_errors(f);

  q.next_page_token = first_value(values, "next_page_token").value_or("");
  q.page_size = read_page_size(first_value(values, "page_size"), errors);
  q.window = read_window(first_value(values, "from"), first_value(values, "to"), now, errors);
  if (auto problem = first_problem(std::move(errors))) return std::move(*problem);
  return q;
}

std::variant<SyncQuery, ValidationError> validate_sync_query(const QueryValues& values) {
  std::vector<FieldError> errors;
  SyncQuery q;
  const auto token = first_value(values, "sync_token");
  const std::string type = first_value(values, "sync_type").value_or(token ? "ISync" : "FSync");
  if (type == "FSync")
    q.type = SyncType::full;
  else if (type == "ISync")
    q.type = SyncType::incremental;
  else if (type == "BSync")
    q.type = SyncType::backward;
  else
    errors.push_back({"sync_type", "Invalid 'sync_type': expected FSync, ISync or BSync, got " + quoted(type) + "."});

  if (const auto count = first_value(values, "count")) {
    const auto value = parse_int(*count);
    if (!value || *value < 1 || *value > 250)
      errors.push_back({"count", "Invalid 'count': expected an integer from 1 to 250, got " + quoted(*count) + "."});
    else
      q.count = *value;
  }

  if (q.type != SyncType::full && errors.empty()) {
    if (!token)
      errors.push_back({"sync_token", "Missing 'sync_token': " + type + " continues from the sync_token of an earlier sync."});
    else if (!(q.cursor = decode_sync_token(*token)))
      errors.push_back({"sync_token", "Invalid sync token."});
  }
  if (auto problem = first_problem(std::move(errors))) return std::move(*problem);
  return q;
}

}  // namespace zoom::sandbox::detail
