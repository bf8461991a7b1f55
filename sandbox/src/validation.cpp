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

// A value as quoted in an error message: bounded, so a huge parameter cannot blow up a reply.
std::string quoted(std::string_view value) {
  constexpr std::size_t limit = 64;
  if (value.size() <= limit) return "'" + std::string(value) + "'";
  return "'" + std::string(value.substr(0, limit)) + "...'";
}

constexpr std::string_view time_forms = "yyyy-mm-dd or yyyy-MM-ddTHH:mm:ssZ";

}  // namespace

RawQuery read_query(boost::urls::params_view params) {
  RawQuery q;
  for (const auto& p : params) {
    if (!p.has_value || p.value.empty()) continue;
    std::optional<std::string>* slot = nullptr;
    if (p.key == "from") slot = &q.from;
    else if (p.key == "to") slot = &q.to;
    else if (p.key == "type") slot = &q.type;
    else if (p.key == "page_size") slot = &q.page_size;
    else if (p.key == "next_page_token") slot = &q.next_page_token;
    else if (p.key == "phone_number") slot = &q.phone_number;
    else if (p.key == "time_type") slot = &q.time_type;
    if (slot && !*slot) *slot = p.value;
  }
  return q;
}

std::string CallLogQuery::fingerprint(std::string_view user_id) const {
  boost::json::array a{user_id,          from_text,          to_text,           filters.type,
                       filters.phone_number, filters.time_type, page_size};
  return boost::json::serialize(a);
}

std::optional<std::string> check_filters(const Filters& f) {
  if (f.type != "all" && f.type != "missed")
    return "Invalid 'type': expected all or missed, got " + quoted(f.type) + ".";
  if (f.time_type != "startTime" && f.time_type != "endTime")
    return "Invalid 'time_type': expected startTime or endTime, got " + quoted(f.time_type) + ".";
  return std::nullopt;
}

std::variant<CallLogQuery, ValidationError> validate_query(const RawQuery& raw, sys_seconds now) {
  std::vector<FieldError> errors;
  CallLogQuery q;

  if (raw.type) {
    q.filters.type = *raw.type;
    if (*raw.type != "all" && *raw.type != "missed")
      errors.push_back({"type", "Invalid 'type': expected all or missed, got " + quoted(*raw.type) + "."});
  }
  if (raw.time_type) {
    q.filters.time_type = *raw.time_type;
    if (*raw.time_type != "startTime" && *raw.time_type != "endTime")
      errors.push_back({"time_type", "Invalid 'time_type': expected startTime or endTime, got " +
                                         quoted(*raw.time_type) + "."});
  }
  if (raw.phone_number) q.filters.phone_number = *raw.phone_number;
  if (raw.next_page_token) q.next_page_token = *raw.next_page_token;

  q.page_size = default_page_size;
  if (raw.page_size) {
    const std::string& s = *raw.page_size;
    int value = 0;
    const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (ec != std::errc{} || ptr != s.data() + s.size() || value < 1 || value > max_page_size)
      errors.push_back({"page_size", "Invalid 'page_size': expected an integer from 1 to 300, got " + quoted(s) + "."});
    else
      q.page_size = value;
  }

  std::optional<TimeArg> from, to;
  if (raw.from) {
    q.from_text = *raw.from;
    from = parse_time_arg(*raw.from);
    if (!from)
      errors.push_back({"from", "Invalid 'from': expected " + std::string(time_forms) + ", got " + quoted(*raw.from) + "."});
  }
  if (raw.to) {
    q.to_text = *raw.to;
    to = parse_time_arg(*raw.to);
    if (!to)
      errors.push_back({"to", "Invalid 'to': expected " + std::string(time_forms) + ", got " + quoted(*raw.to) + "."});
  }
  if (raw.from && !raw.to)
    errors.push_back({"to", "Missing 'to': it is required when 'from' is given."});
  if (raw.to && !raw.from)
    errors.push_back({"from", "Missing 'from': it is required when 'to' is given."});

  if (from && to) {
    q.begin = from->instant;
    q.end = to->has_time ? to->instant : to->instant + days{1} - seconds{1};
    q.from_date = from->date;
    q.to_date = to->date;
    const sys_seconds limit = sys_days{add_months(from->date, 1)} + (from->instant - sys_days{from->date});
    const year_month_day oldest{add_months(year_month_day{std::chrono::floor<days>(now)}, -6)};
    if (q.end < q.begin) {
      errors.push_back({"to", "Invalid date range: 'to' " + quoted(*raw.to) + " is before 'from' " + quoted(*raw.from) + "."});
    } else if (to->instant > limit) {
      errors.push_back({"to", "Invalid date range: the range from 'from' to 'to' must be at most one month, got " +
                                  quoted(*raw.from) + " to " + quoted(*raw.to) + "."});
    }
    if (from->instant < sys_days{oldest})
      errors.push_back({"from", "Invalid 'from': call logs are only available for the last six months; 'from' must be " +
                                    format_date(oldest) + " or later, got " + quoted(*raw.from) + "."});
  } else if (!raw.from && !raw.to) {
    q.begin = now - std::chrono::hours{24};
    q.end = now;
    q.from_date = year_month_day{std::chrono::floor<days>(q.begin)};
    q.to_date = year_month_day{std::chrono::floor<days>(q.end)};
  }

  if (!errors.empty()) {
    std::string message = errors.front().message;
    return ValidationError{std::move(message), std::move(errors)};
  }
  return q;
}

}  // namespace zoom::sandbox::detail
