// Parsing to a DOM and encoding a DOM. The decoder and encoder of the models are
// json_decode.cpp and json_encode.cpp.
#include <zoom/json.hpp>

#include <boost/json/serialize.hpp>


namespace zoom::json {

boost::json::value parse(std::string_view text) {
  // The decoder with free-form JSON as its type: the same errors (bad JSON at a byte offset, a
  // number beyond a double's range at its path) as every other decode.
  boost::json::value value;
  detail::decode(text, types::any, &value, DecodeOptions{.strict = true});
  return value;
}

std::string encode(const boost::json::value& value) { return boost::json::serialize(value); }

}  // namespace zoom::json
