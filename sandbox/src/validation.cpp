#include "validation.hpp"

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>

#include <charconv>

namespace zoom::sandbox::detail {
namespace {

using std::chrono::days;
using std::chrono::seconds;

constexpr int max_page_size = 300;
constexpr int default_page_size = 30;

constexpr std::string_view time_forms = "yyyy-mm-dd or yyyy-MM-ddTHH:mm:ssZ";

std::optional<std::string> check_type(std::string_view type) {
  if (type == "all" || type == "missed") return std::nullopt;
  return "Invalid 'type': expected all or missed, got " + quoted(type) + ".";
}

std::optional<std::string> check_log_time_type(std::string_view time_type) {
  if (time_type == "startTime" || time_type == "endTime") return std::nullopt;
  return "Invalid 'time_type': expected startTime or endTime, got " + quoted(time_type) + ".";
}

}  // namespace

std::string quoted(std::string_view value) {
  constexpr std::size_t limit = 64;  // bounded, so a huge parameter cannot blow up a reply
  if (value.size() <= limit) return "'" + std::string(value) + "'";
  return "'" + std::string(value.substr(0, limit)) + "...'";
}

QueryValues read_values(boost::urls::params_view params) {
  QueryValues values;
  for (const auto& p : params)
    if (p.has_value && !p.value.empty()) values[p.key].push_back(p.value);
  return values;
}

std::optional<std::string> first_value(const QueryValues& values, std::string_view key) {
  const auto it = values.find(key);
  if (it == values.end() || it->second.empty()) return std::nullopt;
  return it->second.front();
}

RawQuery read_query(boost::urls::params_view params) {
  const QueryValues values = read_values(params);
  RawQuery q;
  q.from = first_value(values, "from");
  q.to = first_value(values, "to");
  q.type = first_value(values, "type");
  q.page_size = first_value(values, "page_size");
  q.next_page_token = first_value(values, "next_page_token");
  q.phone_number = first_value(values, "phone_number");
  q.time_type = first_value(values, "time_type");
  return q;
}

ListingWindow read_window(const std::optional<std::string>& raw_from, const std::optional<std::string>& raw_to,
                          sys_seconds now, std::vector<FieldError>& errors) {
  ListingWindow w;
  std::optional<TimeArg> from, to;
  if (raw_from) {
    w.from_text = *raw_from;
    from = parse_time_arg(*raw_from);
    if (!from)
      errors.push_back({"from", "Invalid 'from': expected " + std::string(time_forms) + ", got " + quoted(*raw_from) + "."});
  }
  if (raw_to) {
    w.to_text = *raw_to;
    to = parse_time_arg(*raw_to);
    if (!to) errors.push_back({"to", "Invalid 'to': expected " + std::string(time_forms) + ", got " + quoted(*raw_to) + "."});
  }
  if (raw_from && !raw_to) errors.push_back({"to", "Missing 'to': it is required when 'from' is given."});
  if (raw_to && !raw_from) errors.push_back({"from", "Missing 'from': it is required when 'to' is given."});

  if (from && to) {
    w.begin = from->instant;
    w.end = to->has_time ? to->instant : to->instant + days{1} - seconds{1};
    w.from_date = from->date;
    w.to_date = to->date;
    const sys_seconds limit = sys_days{add_months(from->date, 1)} + (from->instant - sys_days{from->date});
    const year_month_day oldest{add_months(year_month_day{std::chrono::floor<days>(now)}, -6)};
    if (w.end < w.begin) {
      errors.push_back({"to", "Invalid date range: 'to' " + quoted(*raw_to) + " is before 'from' " + quoted(*raw_from) + "."});
    } else if (to->instant > limit) {
      errors.push_back({"to", "Invalid date range: the range from 'from' to 'to' must be at most one month, got " +
                                  quoted(*raw_from) + " to " + quoted(*raw_to) + "."});
    }
    if (from->instant < sys_days{oldest})
      errors.push_back({"from", "Invalid 'from': call logs are only available for the last six months; 'from' must be " +
                                    format_date(oldest) + " or later, got " + quoted(*raw_from) + "."});
  } else if (!raw_from && !raw_to) {
    w.begin = now - std::chrono::hours{24};
    w.end = now;
    w.from_date = year_month_day{std::chrono::floor<days>(w.begin)};
    w.to_date = year_month_day{std::chrono::floor<days>(w.end)};
  }
  return w;
}

int read_page_size(const std::optional<std::string>& text, std::vector<FieldError>& errors) {
  if (!text) return default_page_size;
  const std::string& s = *text;
  int value = 0;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc{} || ptr != s.data() + s.size() || value < 1 || value > max_page_size) {
    errors.push_back({"page_size", "Invalid 'page_size': expected an integer from 1 to 300, got " + quoted(s) + "."});
    return default_page_size;
  }
  return value;
}

std::optional<ValidationError> first_problem(std::vector<FieldError> errors) {
  if (errors.empty()) return std::nullopt;
  std::string message = errors.front().message;
  return ValidationError{std::move(message), std::move(errors)};
}

std::string CallLogQuery::fingerprint(std::string_view user_id) const {
  boost::json::array a{user_id,          from_text,          to_text,           filters.type,
                       filters.phone_number, filters.time_type, page_size};
  return boost::json::serialize(a);
}

std::optional<std::string> check_filters(const Filters& f) {
  if (auto problem = check_type(f.type)) return problem;
  return check_log_time_type(f.time_type);
}

std::variant<CallLogQuery, ValidationError> validate_query(const RawQuery& raw, sys_seconds now) {
  std::vector<FieldError> errors;
  CallLogQuery q;

  if (raw.type) {
    q.filters.type = *raw.type;
    if (auto problem = check_type(*raw.type)) errors.push_back({"type", *problem});
  }
  if (raw.time_type) {
    q.filters.time_type = *raw.time_type;
    if (auto problem = check_log_time_type(*raw.time_type)) errors.push_back({"time_type", *problem});
  }
  if (raw.phone_number) q.filters.phone_number = *raw.phone_number;
  if (raw.next_page_token) q.next_page_token = *raw.next_page_token;
  q.page_size = read_page_size(raw.page_size, errors);

  const ListingWindow w = read_window(raw.from, raw.to, now, errors);
  q.begin = w.begin;
  q.end = w.end;
  q.from_date = w.from_date;
  q.to_date = w.to_date;
  q.from_text = w.from_text;
  q.to_text = w.to_text;

  if (auto problem = first_problem(std::move(errors))) return std::move(*problem);
  return q;
}

std::string AccountLogQuery::fingerprint() const {
  boost::json::array a{"account_call_logs", window.from_text, window.to_text, filters.type,    filters.time_type,
                       filters.path,        filters.site_id,   filters.charged_only, page_size};
  return boost::json::serialize(a);
}

std::optional<std::string> check_account_filters(const AccountFilters& f) {
  if (auto problem = check_type(f.type)) return problem;
  return check_log_time_type(f.time_type);
}

std::variant<AccountLogQuery, ValidationError> validate_account_query(const QueryValues& values, sys_seconds now) {
  std::vector<FieldError> errors;
  AccountLogQuery q;
  if (auto type = first_value(values, "type")) {
    q.filters.type = *type;
    if (auto problem = check_type(*type)) errors.push_back({"type", *problem});
  }
  if (auto time_type = first_value(values, "time_type")) {
    q.filters.time_type = *time_type;
    if (auto problem = check_log_time_type(*time_type)) errors.push_back({"time_type", *problem});
  }
  q.filters.path = first_value(values, "path").value_or("");
  q.filters.site_id = first_value(values, "site_id").value_or("");
  if (auto charged = first_value(values, "charged_call_logs")) {
    if (*charged == "true" || *charged == "false")
      q.filters.charged_only = *charged == "true";
    else
      errors.push_back({"charged_call_logs", "Invalid 'charged_call_logs': expected true or false, got " +
                                                 quoted(*charged) + "."});
  }
  q.next_page_token = first_value(values, "next_page_token").value_or("");
  q.page_size = read_page_size(first_value(values, "page_size"), errors);
  q.window = read_window(first_value(values, "from"), first_value(values, "to"), now, errors);
  if (auto problem = first_problem(std::move(errors))) return std::move(*problem);
  return q;
}

}  // namespace zoom::sandbox::detail
