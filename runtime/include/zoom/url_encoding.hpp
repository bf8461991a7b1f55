// Percent-encoding, the one encoder of the runtime (on Boost.URL), and the form bodies built on
// it. Request::target encodes path segments and query values with it, the token requests their
// form fields, and the generated operations their `application/x-www-form-urlencoded` bodies.
#pragma once

#include <boost/json/fwd.hpp>

#include <string>
#include <string_view>

namespace zoom {

/// `text` with every byte percent-encoded but RFC 3986's unreserved characters: ASCII letters and
/// digits, hyphen, period, underscore and tilde. So a `+` is encoded (a server would read it as
/// a space), and so are `@` and `/`. Independent of the locale.
std::string percent_encode(std::string_view text);

/// An object as an `application/x-www-form-urlencoded` body: `name=value&...` in member order,
/// names and values percent-encoded; strings as they are, numbers and booleans as JSON writes
/// them, arrays as one field per element, nested objects as JSON text, null left out. Throws
/// std::invalid_argument when `object` is not a JSON object.
std::string form_encode(const boost::json::value& object);

}  // namespace zoom
