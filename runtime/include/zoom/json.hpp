// The JSON decoding entry point: tolerant conversion between JSON and the generated models.
//
// Boost.JSON's own conversion of described structs fails on an unknown key and on a missing
// std::optional member; real Zoom responses have both. This walker instead
//   - keeps unknown keys in the model's `extra` object (written back by `encode`),
//   - treats a missing or null std::optional or zoom::Box as empty, a missing array or map as empty, and
//     missing free-form JSON as null,
//   - keeps enum values the spec does not list (zoom::Enum),
//   - and on a real mismatch throws zoom::DecodeError naming the JSON path:
//     `call_logs[3].duration: expected integer, got string`.
//
// Models are aggregates described with BOOST_DESCRIBE_STRUCT. A model whose JSON names differ
// from its member names declares, found by argument-dependent lookup,
//   constexpr std::array<std::string_view, N> zoom_json_names(const T*) noexcept;
// listing the JSON name of each described member in order.
#pragma once

#include <zoom/box.hpp>
#include <zoom/discriminator.hpp>
#include <zoom/enum.hpp>
#include <zoom/error.hpp>
#include <zoom/time.hpp>

#include <boost/describe/members.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <boost/mp11/algorithm.hpp>
#include <boost/mp11/function.hpp>

#include <algorithm>
#include <array>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

/// JSON for the generated models: tolerant decoding (zoom::json::decode) that keeps unknown keys
/// and enum values, and encoding (zoom::json::encode) that writes them back. The functions are
/// pure: they may be called from any thread at once, on different values.
namespace zoom::json {

/// A type the walker treats as a JSON object of named members.
template <class T>
concept Described = boost::describe::has_describe_members<T>::value && std::is_class_v<T>;

namespace detail {

/// A JSON path as a chain of stack frames; rendered only when decoding fails.
struct Path {
  const Path* parent = nullptr;
  std::string_view key{};
  std::size_t index = 0;
  bool is_index = false;

  std::string str() const;
};

[[noreturn]] void fail_kind(const Path& path, std::string_view expected, const boost::json::value& got);
[[noreturn]] void fail(const Path& path, const std::string& problem);

/// std::optional and zoom::Box: a missing or null value is an empty one, and an empty member is
/// left out when encoding.
template <class T>
struct is_nullable : std::false_type {};
template <class T>
struct is_nullable<std::optional<T>> : std::true_type {};
template <class T>
struct is_nullable<Box<T>> : std::true_type {};

/// Members that may be absent from the JSON without an error.
template <class T>
struct may_be_absent : is_nullable<T> {};
template <class T>
struct may_be_absent<std::vector<T>> : std::true_type {};
template <class T>
struct may_be_absent<std::map<std::string, T>> : std::true_type {};
template <>
struct may_be_absent<boost::json::value> : std::true_type {};

template <class T>
concept HasExtra = requires(T t) {
  { t.extra } -> std::same_as<boost::json::object&>;
};

template <class T>
concept HasJsonNames = requires { zoom_json_names(static_cast<const T*>(nullptr)); };

/// The members of a model, those of its bases first: a model of more than 52 properties is
/// split into bases, since BOOST_DESCRIBE_STRUCT takes at most 52 members.
template <class T>
using Members = boost::describe::describe_members<T, boost::describe::mod_public | boost::describe::mod_inherited>;

template <Described T>
constexpr auto json_names() noexcept {
  if constexpr (HasJsonNames<T>) {
    return zoom_json_names(static_cast<const T*>(nullptr));
  } else {
    std::array<std::string_view, boost::mp11::mp_size<Members<T>>::value> names{};
    std::size_t i = 0;
    boost::mp11::mp_for_each<Members<T>>([&](auto member) { names[i++] = member.name; });
    return names;
  }
}

// Decoding, one overload per kind of member. Declared first so that each template below
// finds every overload, whatever the order of definitions.
void from_value(const boost::json::value& v, bool& out, const Path& path);
void from_value(const boost::json::value& v, double& out, const Path& path);
void from_value(const boost::json::value& v, std::string& out, const Path& path);
void from_value(const boost::json::value& v, Date& out, const Path& path);
void from_value(const boost::json::value& v, DateTime& out, const Path& path);
void from_value(const boost::json::value& v, boost::json::value& out, const Path& path);
void from_value(const boost::json::value& v, boost::json::object& out, const Path& path);
void from_value(const boost::json::value& v, std::int64_t& out, const Path& path);
template <std::integral T>
  requires(!std::same_as<T, bool> && !std::same_as<T, std::int64_t>)
void from_value(const boost::json::value& v, T& out, const Path& path);
template <class E>
void from_value(const boost::json::value& v, Enum<E>& out, const Path& path);
template <class T>
void from_value(const boost::json::value& v, std::optional<T>& out, const Path& path);
template <class T>
void from_value(const boost::json::value& v, Box<T>& out, const Path& path);
template <class T>
void from_value(const boost::json::value& v, std::vector<T>& out, const Path& path);
template <class T>
void from_value(const boost::json::value& v, std::map<std::string, T>& out, const Path& path);
template <Described T>
void from_value(const boost::json::value& v, T& out, const Path& path);
template <class... T>
void from_value(const boost::json::value& v, std::variant<T...>& out, const Path& path);

// Encoding.
boost::json::value to_value(bool v);
boost::json::value to_value(double v);
boost::json::value to_value(const std::string& v);
boost::json::value to_value(Date v);
boost::json::value to_value(DateTime v);
boost::json::value to_value(const boost::json::value& v);
boost::json::value to_value(const boost::json::object& v);
template <std::integral T>
  requires(!std::same_as<T, bool>)
boost::json::value to_value(T v);
template <class E>
boost::json::value to_value(const Enum<E>& v);
template <class T>
boost::json::value to_value(const std::optional<T>& v);
template <class T>
boost::json::value to_value(const Box<T>& v);
template <class T>
boost::json::value to_value(const std::vector<T>& v);
template <class T>
boost::json::value to_value(const std::map<std::string, T>& v);
template <Described T>
boost::json::value to_value(const T& v);
template <class... T>
boost::json::value to_value(const std::variant<T...>& v);

template <std::integral T>
  requires(!std::same_as<T, bool> && !std::same_as<T, std::int64_t>)
void from_value(const boost::json::value& v, T& out, const Path& path) {
  std::int64_t wide = 0;
  from_value(v, wide, path);
  if (!std::in_range<T>(wide)) fail(path, "integer " + std::to_string(wide) + " is out of range");
  out = static_cast<T>(wide);
}

template <class E>
void from_value(const boost::json::value& v, Enum<E>& out, const Path& path) {
  typename Enum<E>::wire_type wire{};
  if constexpr (std::is_same_v<decltype(wire), std::string>) {
    if (!v.is_string()) fail_kind(path, "string", v);
    wire = std::string{v.get_string()};
  } else {
    from_value(v, wire, path);
  }
  out = Enum<E>::from_wire(wire);
}

// std::optional and zoom::Box alike: null empties it.
template <class Nullable>
void from_nullable(const boost::json::value& v, Nullable& out, const Path& path) {
  if (v.is_null()) {
    out.reset();
    return;
  }
  from_value(v, out.emplace(), path);
}

template <class T>
void from_value(const boost::json::value& v, std::optional<T>& out, const Path& path) {
  from_nullable(v, out, path);
}

template <class T>
void from_value(const boost::json::value& v, Box<T>& out, const Path& path) {
  from_nullable(v, out, path);
}

template <class T>
void from_value(const boost::json::value& v, std::vector<T>& out, const Path& path) {
  out.clear();
  if (v.is_null()) return;
  const boost::json::array* array = v.if_array();
  if (!array) fail_kind(path, "array", v);
  out.resize(array->size());
  for (std::size_t i = 0; i < array->size(); ++i) {
    if constexpr (std::is_same_v<T, bool>) {  // std::vector<bool> has no element to refer to
      bool element = false;
      from_value((*array)[i], element, Path{&path, {}, i, true});
      out[i] = element;
    } else {
      from_value((*array)[i], out[i], Path{&path, {}, i, true});
    }
  }
}

template <class T>
void from_value(const boost::json::value& v, std::map<std::string, T>& out, const Path& path) {
  out.clear();
  if (v.is_null()) return;
  const boost::json::object* object = v.if_object();
  if (!object) fail_kind(path, "object", v);
  for (const auto& entry : *object)
    from_value(entry.value(), out[std::string{entry.key()}], Path{&path, entry.key()});
}

template <Described T>
void from_value(const boost::json::value& v, T& out, const Path& path) {
  const boost::json::object* object = v.if_object();
  if (!object) fail_kind(path, "object", v);
  static constexpr auto names = json_names<T>();
  std::size_t i = 0;
  std::size_t matched = 0;
  boost::mp11::mp_for_each<Members<T>>(
      [&](auto member) {
        const Path child{&path, names[i++]};
        auto& field = out.*member.pointer;
        if (const auto it = object->find(child.key); it != object->end()) {
          ++matched;
          from_value(it->value(), field, child);
        } else if constexpr (may_be_absent<std::remove_cvref_t<decltype(field)>>::value) {
          field = {};
        } else {
          fail(child, "required field is missing");
        }
      });
  if constexpr (HasExtra<T>) {
    out.extra.clear();
    if (matched != object->size())
      for (const auto& entry : *object)
        if (std::find(names.begin(), names.end(), entry.key()) == names.end())
          out.extra.emplace(entry.key(), entry.value());
  }
}

template <std::integral T>
  requires(!std::same_as<T, bool>)
boost::json::value to_value(T v) {
  return static_cast<std::int64_t>(v);
}

template <class E>
boost::json::value to_value(const Enum<E>& v) {
  if constexpr (std::is_same_v<typename Enum<E>::wire_type, std::string>)
    return boost::json::string{v.wire()};
  else
    return v.wire();
}

template <class T>
boost::json::value to_value(const std::optional<T>& v) {
  if (!v) return nullptr;  // a member leaves it out instead (see the model's to_value)
  return to_value(*v);
}

template <class T>
boost::json::value to_value(const Box<T>& v) {
  if (!v) return nullptr;  // a member leaves it out instead (see the model's to_value)
  return to_value(*v);
}

template <class T>
boost::json::value to_value(const std::vector<T>& v) {
  boost::json::array array;
  array.reserve(v.size());
  for (const T& element : v) array.push_back(to_value(element));
  return array;
}

template <class T>
boost::json::value to_value(const std::map<std::string, T>& v) {
  boost::json::object object;
  for (const auto& [key, element] : v) object.emplace(key, to_value(element));
  return object;
}

template <Described T>
boost::json::value to_value(const T& v) {
  [[maybe_unused]] static constexpr auto names = json_names<T>();  // GCC 12 misses its use below
  boost::json::object object;
  std::size_t i = 0;
  boost::mp11::mp_for_each<Members<T>>(
      [&](auto member) {
        const std::string_view name = names[i++];
        const auto& field = v.*member.pointer;
        using Field = std::remove_cvref_t<decltype(field)>;
        if constexpr (is_nullable<Field>::value) {
          if (field) object.emplace(name, to_value(*field));
        } else if constexpr (std::is_same_v<Field, boost::json::value>) {
          if (!field.is_null()) object.emplace(name, field);  // absent and null are one state
        } else {
          object.emplace(name, to_value(field));
        }
      });
  if constexpr (HasExtra<T>)
    for (const auto& entry : v.extra) object.emplace(entry.key(), entry.value());  // never overwrites
  return object;
}

/// The kind of JSON value a C++ type is decoded from (for telling variant alternatives apart).
enum class JsonKind { boolean, integer, number, string, array, object, any };

template <class T>
constexpr JsonKind json_kind() {
  if constexpr (std::is_same_v<T, bool>) return JsonKind::boolean;
  else if constexpr (std::is_integral_v<T>) return JsonKind::integer;
  else if constexpr (std::is_floating_point_v<T>) return JsonKind::number;
  else if constexpr (std::is_same_v<T, std::string> || std::is_same_v<T, Date> || std::is_same_v<T, DateTime>)
    return JsonKind::string;
  else if constexpr (requires { typename T::wire_type; })  // zoom::Enum
    return std::is_same_v<typename T::wire_type, std::string> ? JsonKind::string : JsonKind::integer;
  else if constexpr (requires { typename T::value_type; typename T::allocator_type; } &&
                     !requires { typename T::key_type; })
    return JsonKind::array;
  else
    return std::is_same_v<T, boost::json::value> ? JsonKind::any : JsonKind::object;
}

inline bool matches(JsonKind kind, const boost::json::value& v) {
  switch (kind) {
    case JsonKind::boolean: return v.is_bool();
    case JsonKind::integer: return v.is_int64() || v.is_uint64();
    case JsonKind::number: return v.is_number();
    case JsonKind::string: return v.is_string();
    case JsonKind::array: return v.is_array();
    case JsonKind::object: return v.is_object();
    case JsonKind::any: return true;
  }
  return false;
}

/// A variant whose alternatives are models told apart by a property (a oneOf with a
/// `discriminator`): the generator declares `zoom_discriminator` for it (zoom/discriminator.hpp).
template <class Variant>
concept Discriminated = requires(const Variant* variant) {
  { zoom_discriminator(variant) } -> std::convertible_to<Discriminator>;
};

/// The index of the alternative `v` names by its discriminator property; fails at `path` when
/// `v` is not an object, lacks the property, or names no alternative.
std::size_t discriminated_index(const boost::json::value& v, const Discriminator& discriminator, const Path& path);

// A oneOf/anyOf: the alternative its discriminator names, or (the generator makes a std::variant
// without one only then) the alternative of the value's JSON kind.
template <class... T>
void from_value(const boost::json::value& v, std::variant<T...>& out, const Path& path) {
  using Variant = std::variant<T...>;
  if constexpr (Discriminated<Variant>) {
    const std::size_t index = discriminated_index(v, zoom_discriminator(static_cast<const Variant*>(nullptr)), path);
    boost::mp11::mp_with_index<sizeof...(T)>(index, [&](auto i) { from_value(v, out.template emplace<i>(), path); });
    return;
  }
  bool done = false;
  boost::mp11::mp_for_each<boost::mp11::mp_iota_c<sizeof...(T)>>([&](auto index) {
    using Alternative = std::variant_alternative_t<index, Variant>;
    if (done || !matches(json_kind<Alternative>(), v)) return;
    from_value(v, out.template emplace<index>(), path);
    done = true;
  });
  if (!done) fail_kind(path, "one of the alternatives", v);
}

template <class... T>
boost::json::value to_value(const std::variant<T...>& v) {
  return std::visit([](const auto& alternative) { return to_value(alternative); }, v);
}

/// Parses `text` as one JSON document; throws DecodeError naming the byte offset on bad JSON.
boost::json::value parse(std::string_view text);

}  // namespace detail

/// Parses `text` as one JSON document. Throws zoom::DecodeError naming the byte offset on bad
/// JSON (an empty body included), or the path of a number too large for a double.
inline boost::json::value parse(std::string_view text) { return detail::parse(text); }

/// Converts a parsed JSON value into T (the DOM walker). Throws zoom::DecodeError naming the
/// JSON path: a value of the wrong kind, a missing required member, an integer out of range, a
/// date or date-time that does not parse. `decode<T>(text)` (json/direct.hpp) decodes text
/// without a DOM, with the same results; this walker is its reference.
template <class T, class Value>
  requires std::same_as<Value, boost::json::value>
T decode(const Value& value) {
  T out{};
  detail::from_value(value, out, detail::Path{});
  return out;
}


/// T as JSON, unknown keys kept in `extra` included (a key of `extra` never replaces a member);
/// empty optionals and null free-form members are left out. Throws nothing but std::bad_alloc.
template <class T>
boost::json::value to_value(const T& value) {
  return detail::to_value(value);
}

/// `value` serialized as compact JSON text.
std::string encode(const boost::json::value& value);

/// An object as an `application/x-www-form-urlencoded` body: `name=value&...` in member order,
/// values percent-encoded; strings as they are, numbers and booleans as JSON writes them, arrays
/// as one field per element, nested objects as JSON text, null left out. Throws
/// std::invalid_argument when `object` is not a JSON object.
std::string form_encode(const boost::json::value& object);
/// T serialized as compact JSON text: `encode(to_value(value))`.
template <class T>
std::string encode(const T& value) {
  return encode(to_value(value));
}

}  // namespace zoom::json

#include <zoom/json/direct.hpp>  // decode<T>(std::string_view)
