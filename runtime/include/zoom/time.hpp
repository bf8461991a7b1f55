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
#include <variant>
#include <vector>

namespace zoom {

/// A calendar date (`format: date`), e.g. `2026y / October / 1`.
using Date = std::chrono::year_month_day;
/// An instant in UTC with millisecond precision (`format: date-time`).
using DateTime = std::chrono::sys_time<std::chrono::milliseconds>;

/// A bound of a time window where Zoom takes either form: a calendar date (`2026y / October / 1`,
/// sent as `2026-10-01`) or an instant in UTC (sent as `2026-10-01T09:30:00Z`, whole seconds).
using DateOrTime = std::variant<Date, DateTime>;

/// `yyyy-mm-dd`; a full date-time is accepted too and its UTC date taken. Empty on anything else
/// (an invalid date such as `2026-02-30` included). Never throws.
std::optional<Date> parse_date(std::string_view text);

/// An RFC 3339 date-time, converted to UTC; digits beyond milliseconds are dropped and a leap
/// second `:60` reads as `:59`. Empty on anything else. Never throws.
std::optional<DateTime> parse_date_time(std::string_view text);

/// A date `yyyy-mm-dd` or an RFC 3339 date-time (by whether the text has a time); empty on
/// anything else. Never throws.
std::optional<DateOrTime> parse_date_or_time(std::string_view text);

/// `2026-10-01`.
std::string format_date(Date date);

/// `2026-10-01T09:30:00Z`, with `.250` milliseconds only when they are not zero.
std::string format_date_time(DateTime time);

/// As Zoom's query parameters take it: `2026-10-01`, or `2026-10-01T09:30:00Z` (milliseconds dropped).
std::string format_date_or_time(const DateOrTime& bound);

}  // namespace zoom
