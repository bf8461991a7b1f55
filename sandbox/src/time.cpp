#include "time.hpp"

#include <cstdio>

namespace zoom::sandbox::detail {

std::string format_date(year_month_day date) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
  return buf;
}

std::string format_date_time(sys_seconds instant) {
  const sys_days day = std::chrono::floor<std::chrono::days>(instant);
  const std::chrono::hh_mm_ss<std::chrono::seconds> tod{instant - day};
  char buf[32];
  std::snprintf(buf, sizeof buf, "%sT%02d:%02d:%02dZ", format_date(year_month_day{day}).c_str(),
                static_cast<int>(tod.hours().count()), static_cast<int>(tod.minutes().count()),
                static_cast<int>(tod.seconds().count()));
  return buf;
}

std::string format_http_date(sys_seconds instant) {
  static constexpr const char* weekdays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                           "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const sys_days day = std::chrono::floor<std::chrono::days>(instant);
  const year_month_day date{day};
  const std::chrono::hh_mm_ss<std::chrono::seconds> tod{instant - day};
  char buf[40];
  std::snprintf(buf, sizeof buf, "%s, %02u %s %04d %02d:%02d:%02d GMT",
                weekdays[std::chrono::weekday{day}.c_encoding()], static_cast<unsigned>(date.day()),
                months[static_cast<unsigned>(date.month()) - 1], static_cast<int>(date.year()),
                static_cast<int>(tod.hours().count()), static_cast<int>(tod.minutes().count()),
                static_cast<int>(tod.seconds().count()));
  return buf;
}

year_month_day add_months(year_month_day date, int months) {
  const year_month_day moved = date + std::chrono::months{months};
  if (moved.ok()) return moved;
  return year_month_day{moved.year() / moved.month() / std::chrono::last};
}

namespace {
// Reads `n` digits at `pos`; false if any is not a digit.
bool read_number(std::string_view text, std::size_t pos, std::size_t n, int& out) {
  out = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    out = out * 10 + (text[i] - '0');
  }
  return true;
}
}  // namespace

std::optional<TimeArg> parse_time_arg(std::string_view text) {
  if (text.size() != 10 && text.size() != 20) return std::nullopt;
  int y = 0, m = 0, d = 0;
  if (!read_number(text, 0, 4, y) || text[4] != '-' || !read_number(text, 5, 2, m) ||
      text[7] != '-' || !read_number(text, 8, 2, d))
    return std::nullopt;
  const year_month_day date{std::chrono::year{y}, std::chrono::month{static_cast<unsigned>(m)},
                            std::chrono::day{static_cast<unsigned>(d)}};
  if (!date.ok()) return std::nullopt;
  TimeArg arg{date, sys_days{date}, false};
  if (text.size() == 10) return arg;
  int hh = 0, mm = 0, ss = 0;
  if (text[10] != 'T' || !read_number(text, 11, 2, hh) || text[13] != ':' ||
      !read_number(text, 14, 2, mm) || text[16] != ':' || !read_number(text, 17, 2, ss) ||
      text[19] != 'Z' || hh > 23 || mm > 59 || ss > 59)
    return std::nullopt;
  arg.instant += std::chrono::hours{hh} + std::chrono::minutes{mm} + std::chrono::seconds{ss};
  arg.has_time = true;
  return arg;
}

}  // namespace zoom::sandbox::detail
