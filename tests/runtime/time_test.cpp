// Dates and times as Zoom sends them: a tolerant RFC 3339 parser, a canonical UTC formatter.
#include "catch_printers.hpp"

#include <zoom/months.hpp>
#include <zoom/time.hpp>

#include <chrono>
#include <optional>
#include <string>

using namespace std::chrono;
using namespace std::chrono_literals;

namespace {

zoom::DateTime at(year_month_day date, milliseconds time_of_day = 0ms) {
  return zoom::DateTime{sys_days{date}} + time_of_day;
}

}  // namespace

TEST_CASE("parse_date_time reads RFC 3339 date-times", "[time]") {
  const zoom::DateTime expected = at(2021y / 10 / 9, 16h + 52min + 5s);

  SECTION("UTC, written Z or z, with T, t or a space between date and time") {
    CHECK(zoom::parse_date_time("2021-10-09T16:52:05Z") == expected);
    CHECK(zoom::parse_date_time("2021-10-09t16:52:05z") == expected);
    CHECK(zoom::parse_date_time("2021-10-09 16:52:05Z") == expected);
    CHECK(zoom::parse_date_time("1970-01-01T00:00:00Z") == zoom::DateTime{});
  }

  SECTION("numeric offsets are converted to UTC") {
    CHECK(zoom::parse_date_time("2021-10-09T18:52:05+02:00") == expected);
    CHECK(zoom::parse_date_time("2021-10-09T11:22:05-05:30") == expected);
    CHECK(zoom::parse_date_time("2021-10-09T16:52:05+00:00") == expected);
    CHECK(zoom::parse_date_time("2021-10-09T16:52:05-00:00") == expected);
    // Offsets move the instant across midnight, month and year ends.
    CHECK(zoom::parse_date_time("2021-10-10T01:30:00+02:00") == at(2021y / 10 / 9, 23h + 30min));
    CHECK(zoom::parse_date_time("2021-12-31T22:00:00-03:00") == at(2022y / 1 / 1, 1h));
  }

  SECTION("fractional seconds: milliseconds kept, anything finer truncated") {
    CHECK(zoom::parse_date_time("2021-10-09T16:52:05.250Z") == expected + 250ms);
    CHECK(zoom::parse_date_time("2021-10-09T16:52:05.5Z") == expected + 500ms);
    CHECK(zoom::parse_date_time("2021-10-09T16:52:05.07Z") == expected + 70ms);
    CHECK(zoom::parse_date_time("2021-10-09T16:52:05.001Z") == expected + 1ms);
    CHECK(zoom::parse_date_time("2021-10-09T16:52:05.123456789Z") == expected + 123ms);
    CHECK(zoom::parse_date_time("2021-10-09T16:52:05.999999Z") == expected + 999ms);
    CHECK(zoom::parse_date_time("2021-10-09T16:52:05.000Z") == expected);
    CHECK(zoom::parse_date_time("2021-10-09T18:52:05.750+02:00") == expected + 750ms);
  }

  SECTION("a leap second is accepted and kept within its minute") {
    CHECK(zoom::parse_date_time("2016-12-31T23:59:60Z") == at(2016y / 12 / 31, 23h + 59min + 59s));
    CHECK(zoom::parse_date_time("2016-12-31T23:59:60.5Z") == at(2016y / 12 / 31, 23h + 59min + 59s + 500ms));
  }

  SECTION("leap days") {
    CHECK(zoom::parse_date_time("2024-02-29T12:00:00Z") == at(2024y / 2 / 29, 12h));
    CHECK(zoom::parse_date_time("2000-02-29T12:00:00Z") == at(2000y / 2 / 29, 12h));
  }
}

TEST_CASE("parse_date_time rejects what is not a date-time", "[time]") {
  const char* const invalid[] = {
      "",
      "2021-13-09T16:52:05Z",        // month 13
      "2021-00-09T16:52:05Z",        // month 0
      "2021-02-30T16:52:05Z",        // February 30
      "2021-02-29T16:52:05Z",        // not a leap year
      "2100-02-29T16:52:05Z",        // not a leap year either
      "2021-10-00T16:52:05Z",        // day 0
      "2021-10-32T16:52:05Z",        // day 32
      "2021-10-09T24:00:00Z",        // hour 24
      "2021-10-09T16:60:05Z",        // minute 60
      "2021-10-09T16:52:61Z",        // second 61
      "2021-10-09T16:52Z",           // no seconds
      "2021-10-09T16:52:05",         // no offset
      "2021-10-09",                  // a date only
      "2021-10-09T",                 // nothing after the separator
      "2021-10-09X16:52:05Z",        // unknown separator
      "2021-10-09T16:52:05Zjunk",    // trailing junk
      "2021-10-09T16:52:05Z ",       // trailing space
      " 2021-10-09T16:52:05Z",       // leading space
      "2021-10-09T16:52:05.Z",       // a dot without digits
      "2021-10-09T16:52:05+02",      // offset without minutes
      "2021-10-09T16:52:05+0200",    // offset without the colon
      "2021-10-09T16:52:05+24:00",   // offset hour 24
      "2021-10-09T16:52:05+02:60",   // offset minute 60
      "2021-1-09T16:52:05Z",         // one-digit month
      "21-10-09T16:52:05Z",          // two-digit year
      "2021/10/09T16:52:05Z",        // slashes
      "2021-10-09T6:52:05Z",         // one-digit hour
      "yesterday",
  };
  for (const char* text : invalid) {
    INFO("parsing \"" << text << '"');
    CHECK_FALSE(zoom::parse_date_time(text));
  }
}

TEST_CASE("parse_date reads calendar dates, and takes the UTC date of a date-time", "[time]") {
  CHECK(zoom::parse_date("2021-10-01") == zoom::Date{2021y / 10 / 1});
  CHECK(zoom::parse_date("2024-02-29") == zoom::Date{2024y / 2 / 29});
  CHECK(zoom::parse_date("0001-01-01") == zoom::Date{1y / 1 / 1});

  SECTION("a date-time is accepted; its date in UTC is taken") {
    CHECK(zoom::parse_date("2021-10-09T16:52:05Z") == zoom::Date{2021y / 10 / 9});
    CHECK(zoom::parse_date("2021-10-09T23:30:00-02:00") == zoom::Date{2021y / 10 / 10});
    CHECK(zoom::parse_date("2021-10-09T01:30:00+02:00") == zoom::Date{2021y / 10 / 8});
    CHECK(zoom::parse_date("2021-10-09 00:00:00.000Z") == zoom::Date{2021y / 10 / 9});
  }

  SECTION("anything else is empty") {
    const char* const invalid[] = {"",           "2021-13-01",  "2021-02-30", "2021-02-29", "2021-10-1",
                                   "20211001",   "2021-10-01 ", "2021-10-01x", "2021-10-01T", "2021-10-01T12:00:00",
                                   "01-10-2021", "October 1"};
    for (const char* text : invalid) {
      INFO("parsing \"" << text << '"');
      CHECK_FALSE(zoom::parse_date(text));
    }
  }
}

TEST_CASE("format_date and format_date_time write the canonical UTC form", "[time]") {
  CHECK(zoom::format_date(2026y / 10 / 1) == "2026-10-01");
  CHECK(zoom::format_date(2021y / 12 / 31) == "2021-12-31");
  CHECK(zoom::format_date(999y / 1 / 2) == "0999-01-02");

  CHECK(zoom::format_date_time(at(2026y / 10 / 1, 9h + 30min)) == "2026-10-01T09:30:00Z");
  CHECK(zoom::format_date_time(at(2026y / 10 / 1, 9h + 30min + 250ms)) == "2026-10-01T09:30:00.250Z");
  CHECK(zoom::format_date_time(at(2026y / 10 / 1, 9h + 30min + 5ms)) == "2026-10-01T09:30:00.005Z");
  CHECK(zoom::format_date_time(at(2021y / 10 / 9, 23h + 59min + 59s + 999ms)) == "2021-10-09T23:59:59.999Z");
  CHECK(zoom::format_date_time(zoom::DateTime{}) == "1970-01-01T00:00:00Z");
  CHECK(zoom::format_date_time(zoom::DateTime{} - 1ms) == "1969-12-31T23:59:59.999Z");
}

TEST_CASE("Formatting and parsing round-trip", "[time]") {
  const zoom::DateTime times[] = {
      at(2026y / 10 / 1, 9h + 30min),
      at(2026y / 10 / 1, 9h + 30min + 250ms),
      at(2024y / 2 / 29, 23h + 59min + 59s + 999ms),
      at(2000y / 1 / 1),
      zoom::DateTime{} - 1ms,
      at(1999y / 12 / 31, 12h + 1ms),
  };
  for (const zoom::DateTime time : times) {
    const std::string text = zoom::format_date_time(time);
    INFO(text);
    CHECK(zoom::parse_date_time(text) == time);
  }

  const zoom::Date dates[] = {2026y / 10 / 1, 2024y / 2 / 29, 2021y / 12 / 31, 1970y / 1 / 1};
  for (const zoom::Date date : dates) {
    const std::string text = zoom::format_date(date);
    INFO(text);
    CHECK(zoom::parse_date(text) == date);
  }
}

TEST_CASE("A window bound is a date or an instant, written as Zoom's query takes it", "[time]") {
  CHECK(zoom::format_date_or_time(zoom::DateOrTime{2026y / 10 / 1}) == "2026-10-01");
  CHECK(zoom::format_date_or_time(zoom::DateOrTime{at(2026y / 10 / 1, 9h + 30min + 250ms)}) == "2026-10-01T09:30:00Z");
  CHECK(zoom::parse_date_or_time("2026-10-01") == zoom::DateOrTime{2026y / 10 / 1});
  CHECK(zoom::parse_date_or_time("2026-10-01T09:30:00Z") == zoom::DateOrTime{at(2026y / 10 / 1, 9h + 30min)});
  CHECK_FALSE(zoom::parse_date_or_time("2026-02-30").has_value());
  CHECK_FALSE(zoom::parse_date_or_time("yesterday").has_value());
  CHECK_FALSE(zoom::parse_date_or_time("").has_value());
}

TEST_CASE("Month windows at both granularities", "[time]") {
  using Windows = std::vector<std::pair<zoom::DateOrTime, zoom::DateOrTime>>;
  using zoom::DateOrTime;
  SECTION("two dates: date windows, as before") {
    CHECK(zoom::month_windows(DateOrTime{2026y / 1 / 31}, DateOrTime{2026y / 3 / 1}) ==
          Windows{{2026y / 1 / 31, 2026y / 1 / 31}, {2026y / 2 / 1, 2026y / 2 / 28}, {2026y / 3 / 1, 2026y / 3 / 1}});
  }
  SECTION("instants: cut at the first second of each month, each window ending at its month's last second") {
    CHECK(zoom::month_windows(DateOrTime{at(2026y / 1 / 15, 10h)}, DateOrTime{at(2026y / 3 / 2, 12h + 30min)}) ==
          Windows{{at(2026y / 1 / 15, 10h), at(2026y / 1 / 31, 23h + 59min + 59s)},
                  {at(2026y / 2 / 1), at(2026y / 2 / 28, 23h + 59min + 59s)},
                  {at(2026y / 3 / 1), at(2026y / 3 / 2, 12h + 30min)}});
  }
  SECTION("a date and an instant: the date stands for its first (from) or last (to) second") {
    CHECK(zoom::month_windows(DateOrTime{2026y / 5 / 31}, DateOrTime{at(2026y / 6 / 1, 6h)}) ==
          Windows{{at(2026y / 5 / 31), at(2026y / 5 / 31, 23h + 59min + 59s)}, {at(2026y / 6 / 1), at(2026y / 6 / 1, 6h)}});
    CHECK(zoom::month_windows(DateOrTime{at(2026y / 12 / 31, 23h)}, DateOrTime{2027y / 1 / 1}) ==
          Windows{{at(2026y / 12 / 31, 23h), at(2026y / 12 / 31, 23h + 59min + 59s)},
                  {at(2027y / 1 / 1), at(2027y / 1 / 1, 23h + 59min + 59s)}});
  }
  SECTION("within one month: one window; `to` before `from`: none") {
    CHECK(zoom::month_windows(DateOrTime{at(2026y / 5 / 2, 1h)}, DateOrTime{at(2026y / 5 / 2, 2h)}).size() == 1);
    CHECK(zoom::month_windows(DateOrTime{at(2026y / 5 / 2, 2h)}, DateOrTime{at(2026y / 5 / 2, 1h)}).empty());
  }
}
