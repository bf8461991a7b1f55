// What stock Boost.JSON `value_to` needs to convert into the generated models: conversions for
// zoom::Enum, zoom::Date and zoom::DateTime (std::optional, std::vector, std::string, integers
// and described structs it converts on its own). Bench only: the SDK never uses value_to, since
// it is strict (an unknown key or a missing std::optional member fails the whole object).
#pragma once

#include <zoom/enum.hpp>
#include <zoom/time.hpp>

#include <boost/json/conversion.hpp>
#include <boost/json/error.hpp>
#include <boost/json/system_error.hpp>
#include <boost/json/value.hpp>
#include <boost/json/value_to.hpp>

#include <string>
#include <type_traits>

namespace zoom {

// Found by argument-dependent lookup through the template argument zoom::Enum<E>.
template <class E>
boost::json::result<Enum<E>> tag_invoke(boost::json::try_value_to_tag<Enum<E>>, const boost::json::value& v) {
  using Wire = typename Enum<E>::wire_type;
  if constexpr (std::is_same_v<Wire, std::string>) {
    if (!v.is_string()) return boost::json::make_error_code(boost::json::error::not_string);
    return Enum<E>::from_wire(std::string{v.get_string()});
  } else {
    auto number = boost::json::try_value_to<std::int64_t>(v);
    if (!number) return number.error();
    return Enum<E>::from_wire(*number);
  }
}

}  // namespace zoom

// zoom::Date and zoom::DateTime are std::chrono types: their conversions live in boost::json,
// a namespace lookup searches through the tag.
namespace boost::json {

inline result<zoom::Date> tag_invoke(try_value_to_tag<zoom::Date>, const value& v) {
  if (!v.is_string()) return make_error_code(error::not_string);
  if (const auto date = zoom::parse_date(v.get_string())) return *date;
  return make_error_code(error::exception);
}

inline result<zoom::DateTime> tag_invoke(try_value_to_tag<zoom::DateTime>, const value& v) {
  if (!v.is_string()) return make_error_code(error::not_string);
  if (const auto time = zoom::parse_date_time(v.get_string())) return *time;
  return make_error_code(error::exception);
}

}  // namespace boost::json
