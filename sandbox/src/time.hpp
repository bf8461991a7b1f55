// Dates and times as the API writes and reads them: `yyyy-mm-dd` and `yyyy-MM-ddTHH:mm:ssZ`, UTC;
// and HTTP's IMF-fixdate for Retry-After.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace zoom::sandbox::detail {

using std::chrono::sys_days;
using std::chrono::sys_seconds;
using std::chrono::year_month_day;

std::string format_date(year_month_day date);        // 2026-10-09
std::string format_date_time(sys_seconds instant);   // 2026-10-09T16:52:05Z
std::string format_http_date(sys_seconds instant);   // Fri, 09 Oct 2026 16:52:05 GMT (IMF-fixdate)

// date + months, clamped to the last day of the month (Jan 31 + 1 month = Feb 28/29).
year_month_day add_months(year_month_day date, int months);

// A `from` / `to` query value.
struct TimeArg {
  year_month_day date;   // the calendar day (UTC)
  sys_seconds instant;   // 00:00:00 of that day for the date form
  bool has_time = false; // true for the yyyy-MM-ddTHH:mm:ssZ form
};
// Exactly `yyyy-mm-dd` or `yyyy-MM-ddTHH:mm:ssZ` with valid values; nothing else.
std::optional<TimeArg> parse_time_arg(std::string_view text);

}  // namespace zoom::sandbox::detail
