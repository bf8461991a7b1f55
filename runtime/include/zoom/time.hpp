// Dates and times as Zoom sends them. `format: date` is a calendar date, `format: date-time`
// an instant in UTC with millisecond precision. Parsing is tolerant of what RFC 3339 allows
// (lower-case `t`/`z`, a space separator, fractional seconds, numeric offsets); formatting
// always writes the canonical UTC form Zoom documents (`2026-10-01T09:30:00Z`).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace zoom {

/// A calendar date (`format: date`), e.g. `2026y / October / 1`.
using Date = std::chrono::year_month_day;
/// An instant in UTC with millisecond precision (`format: date-time`).
using DateTime = std::chrono::sys_time<std::chrono::milliseconds>;

/// `yyyy-mm-dd`; a full date-time is accepted too and its UTC date taken. Empty on anything else
/// (an invalid date such as `2026-02-30` included). Never throws.
std::optional<Date> parse_date(std::string_view text);

/// An RFC 3339 date-time, converted to UTC; digits beyond milliseconds are dropped and a leap
/// second `:60` reads as `:59`. Empty on anything else. Never throws.
std::optional<DateTime> parse_date_time(std::string_view text);

/// [from, to] cut at calendar-month boundaries, oldest first: each window lies within one month,
/// as Zoom's date-ranged listings require. Empty when `to` is before `from`.
std::vector<std::pair<Date, Date>> month_windows(Date from, Date to);

/// `2026-10-01`.
std::string format_date(Date date);

/// `2026-10-01T09:30:00Z`, with `.250` milliseconds only when they are not zero.
std::string format_date_time(DateTime time);

}  // namespace zoom
