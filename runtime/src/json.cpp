// Parsing to a DOM, encoding a DOM, and form encoding. The decoder and encoder of the models are
// json_decode.cpp and json_encode.cpp.
#include <zoom/json.hpp>

#include <boost/json/serialize.hpp>

#include <cctype>

namespace zoom::json {

boost::json::value parse(std::string_view text) {
  // The decoder with free-form JSON as its type: the same errors (bad JSON at a byte offset, a
  // number beyond a double's range at its path) as every other decode.
  boost::json::value value;
  detail::decode(text, types::any, &value, DecodeOptions{.strict = true});
  return value;
}

std::string encode(const boost::json::value& value) { return boost::json::serialize(value); }

std::string form_encode(const boost::json::value& object) {
  std::string out;
  const auto escape = [](std::string_view text) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string escaped;
    for (const char c : text) {
      const auto byte = static_cast<unsigned char>(c);
      if (std::isalnum(byte) || c == '-' || c == '.' || c == '_' || c == '~') {
        escaped += c;
      } else {
        escaped += '%';
        escaped += hex[byte >> 4];
        escaped += hex[byte & 15];
      }
    }
    return escaped;
  };
  const auto field = [&](std::string_view name, const boost::json::value& value) {
    if (value.is_null()) return;
    const std::string text = value.is_string() ? std::string{value.get_string()} : boost::json::serialize(value);
    out += (out.empty() ? "" : "&") + escape(name) + "=" + escape(text);
  };
  for (const auto& member : object.as_object()) {
    if (const auto* array = member.value().if_array())
      for (const auto& element : *array) field(member.key(), element);
    else
      field(member.key(), member.value());
  }
  return out;
}

}  // namespace zoom::json
