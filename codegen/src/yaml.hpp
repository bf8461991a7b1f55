// YAML specs, converted to JSON once when read (see yaml.cpp).
#pragma once

#include <boost/json/value.hpp>

#include <string>
#include <string_view>

namespace zoom::codegen {

/// The YAML 1.2 document `text` (the file `file`, as messages name it) as the JSON value it means,
/// by the core schema. Throws SpecError when it does not parse, holds more than one document, or
/// holds what JSON cannot (`.inf`, `.nan`, a key that is not a string, a duplicate key).
boost::json::value parse_yaml(const std::string& file, std::string_view text);

}  // namespace zoom::codegen
