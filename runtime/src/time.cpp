#include <zoom/time.hpp>

#include <algorithm>
#include <cstdio>

namespace zoom {
namespace {

// A cursor over the text with the few reads RFC 3339 needs.
struct Reader {
  std::string_view text;
  std::size_t pos = 0;

  bool done() const { return pos == text.size(); }
  bool digits(std::size_t count, int& out) {
    if (text.size() - pos < count) return false;
    out = 0;
    for (std::size_t i = 0; i < count; ++i) {
      const char c = text[pos + i];
      if (c < '0' || c > '9') return false;
      out = out * 10 + (c - '0');
    }
    pos += count;
    return true;
  }
  bool one_of(std::string_view chars) {
    if (done() || chars.find(text[pos]) == std::string_view::npos) return false;
    ++pos;
    return true;
  }
  char peek() const { return done() ? '\0' : text[pos]; }
};

std::optional<Date> read_date(Reader& in) {
  int y = 0, m = 0, d = 0;
  if (!in.digits(4, y) || !in.one_of("-") || !in.digits(2, m) || !in.one_of("-") || !in.digits(2, d))
    return std::nullopt;
  const Date date{std::chrono::year{y}, std::chrono::month{static_cast<unsigned>(m)},
                  std::chrono::day{static_cast<unsigned>(d)}};
  if (!date.ok()) return std::nullopt;
  return date;
}

}  // namespace

std::optional<DateTime> parse_date_time(std::string_view text) {
  using namespace std::chrono;
  Reader in{text};
  const auto date = read_date(in);
  int hh = 0, mm = 0, ss = 0;
  if (!date || !in.one_of("Tt ") || !in.digits(2, hh) || !in.one_of(":") || !in.digits(2, mm) ||
      !in.one_of(":") || !in.digits(2, ss))
    return std::nullopt;
  if (hh > 23 || mm > 59 || ss > 60) return std::nullopt;
  if (ss == 60) ss = 59;  // a leap second: keep the instant within its minute
  milliseconds fraction{0};
  if (in.one_of(".")) {
    int scale = 100, digit = 0, count = 0;
    while (in.digits(1, digit)) {
      fraction += milliseconds{digit * scale};
      scale /= 10;
      ++count;
    }
    if (count == 0) return std::nullopt;
  }
  minutes offset{0};
  if (!in.one_of("Zz")) {
    const char sign = in.peek();
    int oh = 0, om = 0;
    if (!in.one_of("+-") || !in.digits(2, oh) || !in.one_of(":") || !in.digits(2, om) || oh > 23 || om > 59)
      return std::nullopt;
    offset = hours{oh} + minutes{om};
    if (sign == '-') offset = -offset;
  }
  if (!in.done()) return std::nullopt;
  return DateTime{sys_days{*date}} + hours{hh} + minutes{mm} + seconds{ss} + fraction - offset;
}

std::optional<Date> parse_date(std::string_view text) {
  Reader in{text};
  if (auto date = read_date(in); date && in.done()) return date;
  if (auto time = parse_date_time(text)) return Date{std::chrono::floor<std::chrono::days>(*time)};
  return std::nullopt;
}


std::optional<DateOrTime> parse_date_or_time(std::string_view text) {
  if (text.size() <= 10) {
    if (const auto date = parse_date(text)) return DateOrTime{*date};
    return std::nullopt;
  }
  if (const auto time = parse_date_time(text)) return DateOrTime{*time};
  return std::nullopt;
}

std::string format_date_or_time(const DateOrTime& bound) {
  if (const auto* date = std::get_if<Date>(&bound)) return format_date(*date);
  return format_date_time(std::chrono::floor<std::chrono::seconds>(std::get<DateTime>(bound)));
}

std::string format_date(Date date) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
  return buffer;
}

std::string format_date_time(DateTime time) {
  using namespace std::chrono;
  const auto day = floor<days>(time);
  const hh_mm_ss clock{time - day};
  char buffer[40];
  const int millis = static_cast<int>(clock.subseconds().count());
  std::snprintf(buffer, sizeof buffer, "%sT%02d:%02d:%02d", format_date(Date{day}).c_str(),
                static_cast<int>(clock.hours().count()), static_cast<int>(clock.minutes().count()),
                static_cast<int>(clock.seconds().count()));
  std::string out = buffer;
  if (millis != 0) {
    std::snprintf(buffer, sizeof buffer, ".%03d", millis);
    out += buffer;
  }
  return out + 'Z';
}

}  // namespace zoom
