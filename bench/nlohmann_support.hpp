// A conversion from nlohmann::json into the generated models, driven by Boost.Describe and as
// tolerant as the SDK's decoder: unknown keys go to the model's `extra`, a missing or null
// optional is empty, unknown enum values are kept; a real mismatch throws. Bench only: it is
// what a user of nlohmann::json would write to get the same structs.
#pragma once

#include <zoom/enum.hpp>
#include <zoom/time.hpp>

#include <boost/describe/members.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <boost/mp11/algorithm.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <concepts>
#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace zoom::bench::nlohmann_conversion {

using Json = nlohmann::json;

[[noreturn]] inline void mismatch(std::string_view expected, const Json& got) {
  throw std::runtime_error("expected " + std::string{expected} + ", got " + got.type_name());
}

template <class T>
using Members = boost::describe::describe_members<T, boost::describe::mod_public | boost::describe::mod_inherited>;

template <class T>
concept Described = boost::describe::has_describe_members<T>::value && std::is_class_v<T>;

// Free-form JSON and unknown keys are kept as Boost.JSON values, as the models hold them.
inline boost::json::value to_boost(const Json& j) {
  switch (j.type()) {
    case Json::value_t::null: return nullptr;
    case Json::value_t::boolean: return j.get<bool>();
    case Json::value_t::number_integer: return j.get<std::int64_t>();
    case Json::value_t::number_unsigned: return j.get<std::uint64_t>();
    case Json::value_t::number_float: return j.get<double>();
    case Json::value_t::string: return boost::json::string{j.get_ref<const std::string&>()};
    case Json::value_t::array: {
      boost::json::array array;
      array.reserve(j.size());
      for (const Json& element : j) array.push_back(to_boost(element));
      return array;
    }
    case Json::value_t::object: {
      boost::json::object object;
      for (const auto& [key, element] : j.items()) object.emplace(key, to_boost(element));
      return object;
    }
    default: mismatch("JSON", j);
  }
}

inline void read(const Json& j, bool& out) {
  if (!j.is_boolean()) mismatch("boolean", j);
  out = j.get<bool>();
}
template <std::integral T>
  requires(!std::same_as<T, bool>)
void read(const Json& j, T& out) {
  if (!j.is_number_integer()) mismatch("integer", j);
  out = j.get<T>();
}
inline void read(const Json& j, double& out) {
  if (!j.is_number()) mismatch("number", j);
  out = j.get<double>();
}
inline void read(const Json& j, std::string& out) {
  if (!j.is_string()) mismatch("string", j);
  out = j.get_ref<const std::string&>();
}
inline void read(const Json& j, Date& out) {
  if (!j.is_string()) mismatch("date", j);
  const auto date = parse_date(j.get_ref<const std::string&>());
  if (!date) mismatch("date", j);
  out = *date;
}
inline void read(const Json& j, DateTime& out) {
  if (!j.is_string()) mismatch("date-time", j);
  const auto time = parse_date_time(j.get_ref<const std::string&>());
  if (!time) mismatch("date-time", j);
  out = *time;
}
inline void read(const Json& j, boost::json::value& out) { out = to_boost(j); }
template <class E>
void read(const Json& j, Enum<E>& out) {
  typename Enum<E>::wire_type wire{};
  read(j, wire);
  out = Enum<E>::from_wire(wire);
}
template <class T>
void read(const Json& j, std::optional<T>& out);
template <class T>
void read(const Json& j, std::vector<T>& out);
template <class T>
void read(const Json& j, std::map<std::string, T>& out);
template <Described T>
void read(const Json& j, T& out);

template <class T>
void read(const Json& j, std::optional<T>& out) {
  if (j.is_null()) {
    out.reset();
    return;
  }
  read(j, out.emplace());
}

template <class T>
void read(const Json& j, std::vector<T>& out) {
  out.clear();
  if (j.is_null()) return;
  if (!j.is_array()) mismatch("array", j);
  out.resize(j.size());
  for (std::size_t i = 0; i < j.size(); ++i) read(j[i], out[i]);
}

template <class T>
void read(const Json& j, std::map<std::string, T>& out) {
  out.clear();
  if (j.is_null()) return;
  if (!j.is_object()) mismatch("object", j);
  for (const auto& [key, element] : j.items()) read(element, out[key]);
}

template <class T>
concept HasExtra = requires(T t) {
  { t.extra } -> std::same_as<boost::json::object&>;
};

// Members that may be absent from the JSON, as the SDK's decoder allows.
template <class T>
constexpr bool may_be_absent = false;
template <class T>
constexpr bool may_be_absent<std::optional<T>> = true;
template <class T>
constexpr bool may_be_absent<std::vector<T>> = true;
template <class T>
constexpr bool may_be_absent<std::map<std::string, T>> = true;
template <>
constexpr bool may_be_absent<boost::json::value> = true;

template <Described T>
void read(const Json& j, T& out) {
  if (!j.is_object()) mismatch("object", j);
  std::size_t matched = 0;
  boost::mp11::mp_for_each<Members<T>>([&](auto member) {
    auto& field = out.*member.pointer;
    if (const auto it = j.find(member.name); it != j.end()) {
      ++matched;
      read(*it, field);
    } else if constexpr (may_be_absent<std::remove_cvref_t<decltype(field)>>) {
      field = {};
    } else {
      throw std::runtime_error(std::string{"required field is missing: "} + member.name);
    }
  });
  if constexpr (HasExtra<T>) {
    out.extra.clear();
    if (matched == j.size()) return;
    static constexpr auto names = [] {
      std::array<std::string_view, boost::mp11::mp_size<Members<T>>::value> all{};
      std::size_t i = 0;
      boost::mp11::mp_for_each<Members<T>>([&](auto member) { all[i++] = member.name; });
      return all;
    }();
    for (const auto& [key, element] : j.items())
      if (std::find(names.begin(), names.end(), key) == names.end()) out.extra.emplace(key, to_boost(element));
  }
}

}  // namespace zoom::bench::nlohmann_conversion
