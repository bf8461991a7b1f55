// Catch2 with printers for the runtime's value types, so a failed CHECK shows the values
// instead of `{?}`. The printers are written here, independently of zoom::format_date_time,
// so that a bug in the formatter cannot hide in a failure message.
#pragma once

#define CATCH_CONFIG_ENABLE_OPTIONAL_STRINGMAKER
#include <catch2/catch.hpp>

#include <zoom/enum.hpp>
#include <zoom/time.hpp>

#include <chrono>
#include <cstdio>
#include <string>
#include <type_traits>

namespace Catch {

template <>
struct StringMaker<zoom::Date> {
  static std::string convert(const zoom::Date& date) {
    char buffer[48];
    std::snprintf(buffer, sizeof buffer, "%d-%02u-%02u%s", static_cast<int>(date.year()),
                  static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                  date.ok() ? "" : " (not a valid date)");
    return buffer;
  }
};

template <>
struct StringMaker<zoom::DateTime> {
  static std::string convert(const zoom::DateTime& time) {
    using namespace std::chrono;
    const auto day = floor<days>(time);
    const hh_mm_ss clock{time - day};
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%sT%02d:%02d:%02d.%03dZ",
                  StringMaker<zoom::Date>::convert(year_month_day{day}).c_str(),
                  static_cast<int>(clock.hours().count()), static_cast<int>(clock.minutes().count()),
                  static_cast<int>(clock.seconds().count()), static_cast<int>(clock.subseconds().count()));
    return buffer;
  }
};

template <zoom::WireEnum E>
struct StringMaker<zoom::Enum<E>> {
  static std::string convert(const zoom::Enum<E>& value) {
    std::string out;
    if constexpr (std::is_same_v<typename zoom::Enum<E>::wire_type, std::string>)
      out = '"' + value.wire() + '"';
    else
      out = std::to_string(value.wire());
    return value.known() ? out : out + " (unknown)";
  }
};

}  // namespace Catch
