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
std::optional<DateTime> parse_http_date(std::string_view text) {
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

// The longest wait a Retry-After can ask for. A date in the year 9999 or delta-seconds near 2^63
// are valid headers, but system_clock (nanoseconds since 1970) ends in 2262 and milliseconds at
// 2^63 of them: anything longer is this long (tests/fuzz found the overflows).
constexpr std::chrono::seconds kLongestWait = std::chrono::years{100};

}  // namespace

std::optional<std::chrono::milliseconds> parse_retry_after(std::string_view value,
                                                           std::chrono::system_clock::time_point now) {
  using namespace std::chrono;
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
  if (value.empty()) return std::nullopt;
  std::int64_t seconds_value = 0;
  if (const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds_value);
      ec == std::errc{} && end == value.data() + value.size()) {
    if (seconds_value < 0) return std::nullopt;
    return milliseconds{std::min(seconds{seconds_value}, kLongestWait)};  // compared in seconds: no overflow
  } else if (ec == std::errc::result_out_of_range && end == value.data() + value.size() && value.front() != '-') {
    return milliseconds{kLongestWait};
  }
  std::optional<DateTime> at = parse_http_date(value);
  if (!at) at = parse_date_time(value);
  if (!at) return std::nullopt;
  // In milliseconds, where both dates fit; `at` is whole milliseconds, so this rounds the wait up.
  return std::clamp(*at - floor<milliseconds>(now), milliseconds{0}, milliseconds{kLongestWait});
}

}  // namespace zoom
