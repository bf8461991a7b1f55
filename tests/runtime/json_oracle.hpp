// The oracle zoom::json::decode is compared against: a walker over a parsed DOM, written
// independently of the decoder's tables. It reaches members through Boost.Describe (member
// pointers, not the tables' offsets) and follows the C++ types by templates; from the tables it
// takes only what the C++ type does not say: each member's JSON name and a variant's
// discriminator. It decodes strictly (the decoder's strict mode), and reports the first mismatch
// in member order, where the decoder reports the first in document order.
#pragma once

#include <zoom/error.hpp>
#include <zoom/json.hpp>

#include <boost/describe/members.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <boost/mp11/algorithm.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace zoom::test::oracle {

template <class T>
concept Described = boost::describe::has_describe_members<T>::value && std::is_class_v<T>;

template <class T>
using Members = boost::describe::describe_members<T, boost::describe::mod_public | boost::describe::mod_inherited>;

inline std::string join(const std::string& path, std::string_view key) {
  return path.empty() ? std::string{key} : path + "." + std::string{key};
}
inline std::string index(const std::string& path, std::size_t i) { return path + "[" + std::to_string(i) + "]"; }

inline std::string_view kind_name(const boost::json::value& v) {
  switch (v.kind()) {
    case boost::json::kind::null: return "null";
    case boost::json::kind::bool_: return "boolean";
    case boost::json::kind::int64:
    case boost::json::kind::uint64: return "integer";
    case boost::json::kind::double_: return "number";
    case boost::json::kind::string: return "string";
    case boost::json::kind::array: return "array";
    case boost::json::kind::object: return "object";
  }
  return "value";
}

[[noreturn]] inline void fail_kind(const std::string& path, std::string_view expected, const boost::json::value& v) {
  throw DecodeError(path, "expected " + std::string{expected} + ", got " + std::string{kind_name(v)});
}

inline std::string excerpt(const boost::json::value& v) {
  std::string text = boost::json::serialize(v);
  return text.size() > 40 ? text.substr(0, 37) + "..." : text;
}

inline void from_value(const boost::json::value& v, bool& out, const json::Type&, const std::string& path) {
  if (!v.is_bool()) fail_kind(path, "boolean", v);
  out = v.get_bool();
}
inline void from_value(const boost::json::value& v, double& out, const json::Type&, const std::string& path) {
  if (!v.is_number()) fail_kind(path, "number", v);
  out = v.to_number<double>();
}
inline void from_value(const boost::json::value& v, std::int64_t& out, const json::Type&, const std::string& path) {
  if (v.is_int64()) out = v.get_int64();
  else if (v.is_uint64()) {
    if (v.get_uint64() > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
      throw DecodeError(path, "integer " + excerpt(v) + " is out of range");
    out = static_cast<std::int64_t>(v.get_uint64());
  } else if (v.is_double() && std::trunc(v.get_double()) == v.get_double() && std::abs(v.get_double()) < 9.0e15)
    out = static_cast<std::int64_t>(v.get_double());
  else fail_kind(path, "integer", v);
}
inline void from_value(const boost::json::value& v, std::int32_t& out, const json::Type& t, const std::string& path) {
  std::int64_t wide = 0;
  from_value(v, wide, t, path);
  if (!std::in_range<std::int32_t>(wide)) throw DecodeError(path, "integer " + std::to_string(wide) + " is out of range");
  out = static_cast<std::int32_t>(wide);
}
inline void from_value(const boost::json::value& v, std::string& out, const json::Type&, const std::string& path) {
  if (!v.is_string()) fail_kind(path, "string", v);
  out = v.get_string();
}
inline void from_value(const boost::json::value& v, Date& out, const json::Type&, const std::string& path) {
  if (!v.is_string()) fail_kind(path, "date string", v);
  const auto date = parse_date(v.get_string());
  if (!date) throw DecodeError(path, "expected a date (yyyy-mm-dd), got " + excerpt(v));
  out = *date;
}
inline void from_value(const boost::json::value& v, DateTime& out, const json::Type&, const std::string& path) {
  if (!v.is_string()) fail_kind(path, "date-time string", v);
  const auto time = parse_date_time(v.get_string());
  if (!time) throw DecodeError(path, "expected a date-time (RFC 3339), got " + excerpt(v));
  out = *time;
}
inline void from_value(const boost::json::value& v, boost::json::value& out, const json::Type&, const std::string&) {
  out = v;
}
inline void from_value(const boost::json::value& v, boost::json::object& out, const json::Type&, const std::string& path) {
  if (!v.is_object()) fail_kind(path, "object", v);
  out = v.get_object();
}
template <class E>
void from_value(const boost::json::value& v, Enum<E>& out, const json::Type& t, const std::string& path) {
  typename Enum<E>::wire_type wire{};
  if constexpr (std::is_same_v<decltype(wire), std::string>) {
    if (!v.is_string()) fail_kind(path, "string", v);
    wire = v.get_string();
  } else {
    from_value(v, wire, t, path);
  }
  out = Enum<E>::from_wire(wire);
}
template <class T>
void from_value(const boost::json::value& v, std::optional<T>& out, const json::Type& t, const std::string& path);
template <class T>
void from_value(const boost::json::value& v, Box<T>& out, const json::Type& t, const std::string& path);
template <class T>
void from_value(const boost::json::value& v, std::vector<T>& out, const json::Type& t, const std::string& path);
template <class T>
void from_value(const boost::json::value& v, std::map<std::string, T>& out, const json::Type& t, const std::string& path);
template <class... T>
void from_value(const boost::json::value& v, std::variant<T...>& out, const json::Type& t, const std::string& path);
template <Described T>
void from_value(const boost::json::value& v, T& out, const json::Type& t, const std::string& path);

template <class Nullable>
void from_nullable(const boost::json::value& v, Nullable& out, const json::Type& t, const std::string& path) {
  if (v.is_null()) out.reset();
  else from_value(v, out.emplace(), *t.element, path);
}
template <class T>
void from_value(const boost::json::value& v, std::optional<T>& out, const json::Type& t, const std::string& path) {
  from_nullable(v, out, t, path);
}
template <class T>
void from_value(const boost::json::value& v, Box<T>& out, const json::Type& t, const std::string& path) {
  from_nullable(v, out, t, path);
}
template <class T>
void from_value(const boost::json::value& v, std::vector<T>& out, const json::Type& t, const std::string& path) {
  out.clear();
  if (v.is_null()) return;
  if (!v.is_array()) fail_kind(path, "array", v);
  const auto& array = v.get_array();
  for (std::size_t i = 0; i < array.size(); ++i) {
    T element{};
    from_value(array[i], element, t.shape == json::Shape::bool_array ? json::types::boolean : *t.element, index(path, i));
    out.push_back(std::move(element));
  }
}
template <class T>
void from_value(const boost::json::value& v, std::map<std::string, T>& out, const json::Type& t, const std::string& path) {
  out.clear();
  if (v.is_null()) return;
  if (!v.is_object()) fail_kind(path, "object", v);
  for (const auto& entry : v.get_object())
    from_value(entry.value(), out[std::string{entry.key()}], *t.element, join(path, entry.key()));
}
template <class... T>
void from_value(const boost::json::value& v, std::variant<T...>& out, const json::Type& t, const std::string& path) {
  std::size_t chosen = sizeof...(T);
  if (t.discriminator) {
    const std::string property{t.discriminator->property};
    if (!v.is_object()) fail_kind(path, "an object", v);
    const auto* named = v.get_object().if_contains(property);
    if (!named) throw DecodeError(path, "the property \"" + property + "\" that says which alternative this is is missing");
    if (!named->is_string()) fail_kind(join(path, property), "a string naming the alternative", *named);
    for (const auto& [name, i] : t.discriminator->values)
      if (name == named->get_string()) chosen = i;
    if (chosen == sizeof...(T)) {
      std::string known;
      for (const auto& [name, i] : t.discriminator->values) known += (known.empty() ? "" : ", ") + std::string{name};
      throw DecodeError(join(path, property), "\"" + std::string{named->get_string()} +
                                                  "\" names no alternative (expected one of " + known + ")");
    }
  } else {
    // The first alternative of the value's JSON kind.
    const auto accepts = [&](const json::Type& alternative) {
      switch (alternative.shape) {
        case json::Shape::boolean: return v.is_bool();
        case json::Shape::int32:
        case json::Shape::int64: return v.is_int64() || v.is_uint64();
        case json::Shape::number: return v.is_number();
        case json::Shape::enumeration: return alternative.integer_enum ? v.is_int64() || v.is_uint64() : v.is_string();
        case json::Shape::string:
        case json::Shape::date:
        case json::Shape::date_time: return v.is_string();
        case json::Shape::array:
        case json::Shape::bool_array: return v.is_array();
        case json::Shape::any: return true;
        default: return v.is_object();
      }
    };
    for (std::size_t i = 0; i < sizeof...(T) && chosen == sizeof...(T); ++i)
      if (accepts(*t.alternatives[i])) chosen = i;
    if (chosen == sizeof...(T)) fail_kind(path, "one of the alternatives", v);
  }
  boost::mp11::mp_with_index<sizeof...(T)>(
      chosen, [&](auto i) { from_value(v, out.template emplace<i>(), *t.alternatives[i], path); });
}
template <Described T>
void from_value(const boost::json::value& v, T& out, const json::Type& t, const std::string& path) {
  if (!v.is_object()) fail_kind(path, "object", v);
  const auto& object = v.get_object();
  std::size_t i = 0;
  std::vector<std::string_view> names;
  boost::mp11::mp_for_each<Members<T>>([&](auto member) {
    const json::Member& table = t.members[i++];
    names.push_back(table.name);
    auto& field = out.*member.pointer;
    if (const auto* value = object.if_contains(table.name)) from_value(*value, field, *table.type, join(path, table.name));
    else if (!table.required) field = {};
    else throw DecodeError(join(path, table.name), "required field is missing");
  });
  if constexpr (requires { out.extra; }) {
    out.extra.clear();
    for (const auto& entry : object)
      if (std::find(names.begin(), names.end(), entry.key()) == names.end()) out.extra.emplace(entry.key(), entry.value());
  }
}

/// `value` as T, strictly; throws zoom::DecodeError naming the JSON path of the first mismatch
/// in member order.
template <class T>
T decode(const boost::json::value& value) {
  T out{};
  from_value(value, out, json::type_of<T>(), "");
  return out;
}

}  // namespace zoom::test::oracle
