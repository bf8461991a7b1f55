// JSON for the generated models: decoding (zoom::json::decode) that keeps what it does not know,
// and encoding (zoom::json::encode) that writes it back.
//
// One decoder and one encoder, compiled once in runtime/src, walk the table of each type
// (zoom/json/binding.hpp): the generator defines a model's table in the generated sources and
// declares `zoom_json_type(const Model*)` beside the model. Decoding:
//   - keeps unknown keys in the model's `extra` object, in document order (written back by encode);
//   - treats a missing or null std::optional or zoom::Box as empty, a missing array or map as
//     empty, missing free-form JSON as null;
//   - keeps enum values the spec does not list (zoom::Enum);
//   - lets a repeated key's last value win, and refuses a number beyond a double's range;
//   - is lenient by default about a value that does not fit its member (see DecodeOptions): the
//     member is left empty, the value kept in `extra` under its key, and the event reported with
//     its JSON path. In strict mode, or where nothing can be kept, it throws zoom::DecodeError
//     naming the JSON path: `call_logs[3].duration: expected integer, got string`.
// The functions are pure: they may be called from any thread at once, on different values.
#pragma once

#include <zoom/box.hpp>
#include <zoom/discriminator.hpp>
#include <zoom/enum.hpp>
#include <zoom/error.hpp>
#include <zoom/json/binding.hpp>
#include <zoom/json/decode_options.hpp>
#include <zoom/json/tables.hpp>
#include <zoom/time.hpp>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <array>
#include <concepts>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

namespace zoom {
struct Upload;
}

namespace zoom::json {

namespace detail {

template <class T>
struct is_optional : std::false_type {};
template <class T>
struct is_optional<std::optional<T>> : std::true_type {};
template <class T>
struct is_box : std::false_type {};
template <class T>
struct is_box<Box<T>> : std::true_type {};
template <class T>
struct is_vector : std::false_type {};
template <class T>
struct is_vector<std::vector<T>> : std::true_type {};
template <class T>
struct is_map : std::false_type {};
template <class T>
struct is_map<std::map<std::string, T>> : std::true_type {};
template <class T>
struct is_enum : std::false_type {};
template <class E>
struct is_enum<Enum<E>> : std::true_type {
  using type = E;
};
template <class T>
struct is_variant : std::false_type {};
template <class... T>
struct is_variant<std::variant<T...>> : std::true_type {};

template <class T>
concept HasTable = requires { zoom_json_type(static_cast<const T*>(nullptr)); };

}  // namespace detail

template <class T>
constexpr const Type& type_of() noexcept;

namespace detail {
template <class V>
struct Variant;
template <class... T>
struct Variant<std::variant<T...>> {
  // The generator makes a variant of several models only with a discriminator, whose table it
  // writes (decode_as): picked by JSON kind, every object would be the first model.
  static_assert((0 + ... + (HasTable<T> && std::is_class_v<T> ? 1 : 0)) <= 1,
                "a std::variant of models is told apart by its discriminator: decode_as with its generated table");
  static constexpr std::array<const Type*, sizeof...(T)> alternatives{&type_of<T>()...};
  static constexpr Type type = variant_type<std::variant<T...>>(alternatives, nullptr);
};
template <class T>
struct element_of {
  using type = typename T::value_type;
};
template <class T>
struct element_of<std::map<std::string, T>> {
  using type = T;
};
}  // namespace detail

/// The table of T: a generated model or enum (by `zoom_json_type`), a scalar the runtime knows,
/// or a std::optional, zoom::Box, std::vector, std::map<std::string, ...> or std::variant of
/// those. A std::variant told apart by a discriminator has a table the generator writes.
template <class T>
constexpr const Type& type_of() noexcept {
  if constexpr (detail::HasTable<T>) return zoom_json_type(static_cast<const T*>(nullptr));
  else if constexpr (detail::is_enum<T>::value)
    return zoom_json_type(static_cast<const typename detail::is_enum<T>::type*>(nullptr));
  else if constexpr (std::is_same_v<T, bool>) return types::boolean;
  else if constexpr (std::is_same_v<T, std::int32_t>) return types::int32;
  else if constexpr (std::is_same_v<T, std::int64_t>) return types::int64;
  else if constexpr (std::is_same_v<T, double>) return types::number;
  else if constexpr (std::is_same_v<T, std::string>) return types::string;
  else if constexpr (std::is_same_v<T, Date>) return types::date;
  else if constexpr (std::is_same_v<T, DateTime>) return types::date_time;
  else if constexpr (std::is_same_v<T, DateOrTime>) return types::date_or_time;
  else if constexpr (std::is_same_v<T, boost::json::value>) return types::any;
  else if constexpr (std::is_same_v<T, boost::json::object>) return types::object;
  else if constexpr (std::is_same_v<T, std::vector<bool>>) return types::bool_array;
  else if constexpr (std::is_same_v<T, Upload>) return types::upload;
  else if constexpr (detail::is_optional<T>::value || detail::is_box<T>::value || detail::is_vector<T>::value ||
                     detail::is_map<T>::value)
    return container_of<T, type_of<typename detail::element_of<T>::type>()>;
  else if constexpr (detail::is_variant<T>::value) return detail::Variant<T>::type;
  else static_assert(sizeof(T) == 0, "zoom::json has no table for this type");
}

namespace detail {
/// Decodes `text` into `*out`, of the type `type` describes. Throws DecodeError.
void decode(std::string_view text, const Type& type, void* out, const DecodeOptions& options);
/// `value`, of the type `type` describes, as compact JSON text.
std::string encode(const void* value, const Type& type);
}  // namespace detail

/// Parses and converts a JSON document into T in one pass, without a DOM. Throws
/// zoom::DecodeError on text that is not JSON (with the byte offset) or on a value that does not
/// fit where `options` (strict, or nowhere to keep it) makes that an error (with the JSON path).
template <class T>
T decode(std::string_view text, const DecodeOptions& options = {}) {
  T out{};
  detail::decode(text, type_of<T>(), &out, options);
  return out;
}

/// As decode, with the table given (a std::variant told apart by a discriminator).
template <class T>
T decode_as(std::string_view text, const Type& type, const DecodeOptions& options = {}) {
  T out{};
  detail::decode(text, type, &out, options);
  return out;
}

/// T as compact JSON text, unknown keys kept in `extra` included (a key of `extra` never
/// replaces a member that has a value); empty optionals and null free-form members are left out.
template <class T>
  requires(!std::is_same_v<T, boost::json::value>)
std::string encode(const T& value) {
  return detail::encode(&value, type_of<T>());
}

/// As encode, with the table given.
template <class T>
std::string encode_as(const T& value, const Type& type) {
  return detail::encode(&value, type);
}

/// `value` serialized as compact JSON text.
std::string encode(const boost::json::value& value);

/// Parses `text` as one JSON document. Throws zoom::DecodeError naming the byte offset on bad
/// JSON (an empty body included), or the path of a number too large for a double.
boost::json::value parse(std::string_view text);

/// T as a JSON value: `parse(encode(value))`.
template <class T>
boost::json::value to_value(const T& value) {
  return parse(encode(value));
}

}  // namespace zoom::json
