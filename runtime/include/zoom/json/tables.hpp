// The functions behind zoom::json::Ops for the standard containers, one small set per C++ type.
// Included by the generated .cpp files (and zoom/json.hpp), never by a models header: only the
// translation unit that defines a model's table instantiates them.
#pragma once

#include <zoom/box.hpp>
#include <zoom/json/binding.hpp>

#include <cstddef>
#include <iterator>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace zoom::json {
namespace detail {

template <class T>
struct OpsOf;

/// std::optional<T> and zoom::Box<T>.
template <class Nullable>
struct NullableOps {
  static void* emplace(void* self, std::string_view, std::size_t) { return &static_cast<Nullable*>(self)->emplace(); }
  static void clear(void* self) { static_cast<Nullable*>(self)->reset(); }
  static std::size_t size(const void* self) { return static_cast<const Nullable*>(self)->has_value() ? 1 : 0; }
  static const void* at(const void* self, std::size_t, std::string_view*) {
    return &**static_cast<const Nullable*>(self);
  }
  static constexpr Ops ops{&emplace, &clear, &size, &at, nullptr};
};

template <class T>
struct OpsOf<std::optional<T>> : NullableOps<std::optional<T>> {};
template <class T>
struct OpsOf<Box<T>> : NullableOps<Box<T>> {};

template <class T>
struct OpsOf<std::vector<T>> {
  using Vector = std::vector<T>;
  static void* emplace(void* self, std::string_view, std::size_t) { return &static_cast<Vector*>(self)->emplace_back(); }
  static void clear(void* self) { static_cast<Vector*>(self)->clear(); }
  static std::size_t size(const void* self) { return static_cast<const Vector*>(self)->size(); }
  static const void* at(const void* self, std::size_t i, std::string_view*) {
    return static_cast<const Vector*>(self)->data() + i;
  }
  static void reserve(void* self, std::size_t n) {
    auto& v = *static_cast<Vector*>(self);
    if (n == 0) v.shrink_to_fit();
    else v.reserve(n);
  }
  static constexpr Ops ops{&emplace, &clear, &size, &at, &reserve};
};

template <class T>
struct OpsOf<std::map<std::string, T>> {
  using Map = std::map<std::string, T>;
  static void* emplace(void* self, std::string_view key, std::size_t) {
    auto& entry = *static_cast<Map*>(self)->try_emplace(std::string{key}).first;
    entry.second = T{};  // a repeated key: its last value wins
    return &entry.second;
  }
  static void clear(void* self) { static_cast<Map*>(self)->clear(); }
  static std::size_t size(const void* self) { return static_cast<const Map*>(self)->size(); }
  static const void* at(const void* self, std::size_t i, std::string_view* key) {
    const auto it = std::next(static_cast<const Map*>(self)->begin(), static_cast<std::ptrdiff_t>(i));
    *key = it->first;
    return &it->second;
  }
  static constexpr Ops ops{&emplace, &clear, &size, &at, nullptr};
};

template <class... T>
struct OpsOf<std::variant<T...>> {
  using Variant = std::variant<T...>;
  template <std::size_t... I>
  static void* emplace_at(Variant& v, std::size_t index, std::index_sequence<I...>) {
    void* out = nullptr;
    ((index == I ? (out = &v.template emplace<I>(), 0) : 0), ...);
    return out;
  }
  template <std::size_t... I>
  static const void* get_at(const Variant& v, std::index_sequence<I...>) {
    const void* out = nullptr;
    ((v.index() == I ? (out = &std::get<I>(v), 0) : 0), ...);
    return out;
  }
  static void* emplace(void* self, std::string_view, std::size_t index) {
    return emplace_at(*static_cast<Variant*>(self), index, std::index_sequence_for<T...>{});
  }
  static std::size_t size(const void* self) { return static_cast<const Variant*>(self)->index(); }
  static const void* at(const void* self, std::size_t, std::string_view*) {
    return get_at(*static_cast<const Variant*>(self), std::index_sequence_for<T...>{});
  }
  static constexpr Ops ops{&emplace, nullptr, &size, &at, nullptr};
};

template <class C>
constexpr Shape container_shape = Shape::optional;
template <class T>
constexpr Shape container_shape<Box<T>> = Shape::box;
template <class T>
constexpr Shape container_shape<std::vector<T>> = Shape::array;
template <class T>
constexpr Shape container_shape<std::map<std::string, T>> = Shape::map;

}  // namespace detail

/// The Type of a container `C` (std::optional, zoom::Box, std::vector, std::map) whose elements
/// have the Type `Element`: one object per pair in a program, whichever translation units use it.
template <class C, const Type& Element>
inline constexpr Type container_of{.shape = detail::container_shape<C>, .element = &Element, .ops = &detail::OpsOf<C>::ops};

/// The Type of a std::variant `V` with these alternatives, picked by `discriminator` when not
/// null, else by the JSON kind of the value.
template <class V>
constexpr Type variant_type(std::span<const Type* const> alternatives, const Discriminator* discriminator) {
  return Type{.shape = Shape::variant, .ops = &detail::OpsOf<V>::ops, .alternatives = alternatives,
              .discriminator = discriminator};
}

}  // namespace zoom::json
