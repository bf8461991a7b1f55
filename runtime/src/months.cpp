#include <zoom/months.hpp>

namespace zoom {

std::vector<std::pair<Date, Date>> month_windows(Date from, Date to) {
  using namespace std::chrono;
  std::vector<std::pair<Date, Date>> windows;
  for (Date start = from; sys_days{start} <= sys_days{to};) {
    const Date month_end{start.year() / start.month() / last};
    const Date end = sys_days{month_end} < sys_days{to} ? month_end : to;
    windows.emplace_back(start, end);
    start = Date{sys_days{end} + days{1}};
  }
  return windows;
}

DateTime window_start(const DateOrTime& bound) {
  if (const auto* time = std::get_if<DateTime>(&bound)) return *time;
  return DateTime{std::chrono::sys_days{std::get<Date>(bound)}};
}

DateTime window_end(const DateOrTime& bound) {
  using namespace std::chrono;
  if (const auto* time = std::get_if<DateTime>(&bound)) return *time;
  return DateTime{sys_days{std::get<Date>(bound)} + days{1} - seconds{1}};
}

std::vector<std::pair<DateOrTime, DateOrTime>> month_windows(DateOrTime from, DateOrTime to) {
  using namespace std::chrono;
  std::vector<std::pair<DateOrTime, DateOrTime>> windows;
  if (std::holds_alternative<Date>(from) && std::holds_alternative<Date>(to)) {
    for (const auto& [start, end] : month_windows(std::get<Date>(from), std::get<Date>(to))) windows.emplace_back(start, end);
    return windows;
  }
  const DateTime last = window_end(to);
  for (DateTime start = window_start(from); start <= last;) {
    const Date day{floor<days>(start)};
    const DateTime next_month{sys_days{Date{day.year() / day.month() / 1} + months{1}}};
    const DateTime end = std::min(last, next_month - seconds{1});
    windows.emplace_back(start, end);
    start = next_month;
  }
  return windows;
}

}  // namespace zoom
