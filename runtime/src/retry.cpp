#include <zoom/retry.hpp>
#include <zoom/time.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>

namespace zoom {

std::chrono::milliseconds RetryPolicy::ceiling(int retry) const noexcept {
  const double grown = static_cast<double>(initial_delay.count()) * std::pow(multiplier, std::max(0, retry - 1));
  const double capped = std::min(grown, static_cast<double>(max_delay.count()));
  return std::chrono::milliseconds{static_cast<std::int64_t>(std::max(0.0, capped))};
}

namespace {

// RFC 7231's IMF-fixdate: "Fri, 27 Nov 2026 19:00:02 GMT".
std::optional<std::chrono::system_clock::time_point> parse_http_date(std::string_view text) {
  static constexpr std::array<std::string_view, 12> months{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                           "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  if (text.size() != 29 || text[3] != ',' || text.substr(25) != " GMT") return std::nullopt;
  const auto number = [&](std::size_t at, std::size_t length, int& out) {
    const auto [end, ec] = std::from_chars(text.data() + at, text.data() + at + length, out);
    return ec == std::errc{} && end == text.data() + at + length;
  };
  int day = 0, year = 0, hour = 0, minute = 0, second = 0;
  const auto month = std::find(months.begin(), months.end(), text.substr(8, 3));
  if (month == months.end() || !number(5, 2, day) || !number(12, 4, year) || !number(17, 2, hour) ||
      !number(20, 2, minute) || !number(23, 2, second) || hour > 23 || minute > 59 || second > 60)
    return std::nullopt;
  using namespace std::chrono;
  const year_month_day date{std::chrono::year{year}, std::chrono::month{static_cast<unsigned>(month - months.begin() + 1)},
                            std::chrono::day{static_cast<unsigned>(day)}};
  if (!date.ok()) return std::nullopt;
  return sys_days{date} + hours{hour} + minutes{minute} + seconds{std::min(second, 59)};
}

}  // namespace

std::optional<std::chrono::milliseconds> parse_retry_after(std::string_view value,
                                                           std::chrono::system_clock::time_point now) {
  using namespace std::chrono;
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
  if (value.empty()) return std::nullopt;
  std::int64_t seconds_value = 0;
  if (const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds_value);
      ec == std::errc{} && end == value.data() + value.size())
    return seconds_value < 0 ? std::nullopt : std::optional{milliseconds{seconds{seconds_value}}};
  std::optional<system_clock::time_point> at = parse_http_date(value);
  if (!at) {
    if (const auto iso = parse_date_time(value)) at = *iso;
  }
  if (!at) return std::nullopt;
  return std::max(milliseconds{0}, ceil<milliseconds>(*at - now));
}

}  // namespace zoom
