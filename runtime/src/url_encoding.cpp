#include <zoom/url_encoding.hpp>

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

#include <stdexcept>

namespace zoom {

std::string percent_encode(std::string_view text) {
  return boost::urls::encode(text, boost::urls::unreserved_chars);
}

std::string form_encode(const boost::json::value& object) {
  if (!object.is_object()) throw std::invalid_argument("zoom::form_encode: a form body is made from a JSON object");
  std::string out;
  const auto field = [&](std::string_view name, const boost::json::value& value) {
    if (value.is_null()) return;
    const std::string text = value.is_string() ? std::string{value.get_string()} : boost::json::serialize(value);
    if (!out.empty()) out += '&';
    out += percent_encode(name);
    out += '=';
    out += percent_encode(text);
  };
  for (const auto& member : object.get_object()) {
    if (const auto* array = member.value().if_array())
      for (const auto& element : *array) field(member.key(), element);
    else
      field(member.key(), member.value());
  }
  return out;
}

}  // namespace zoom
