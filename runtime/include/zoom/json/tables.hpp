// The functions behind zoom::json::Ops for the standard containers, one per C++ type.
// Included by the generated .cpp files (and zoom/json.hpp), never by a models header: only the
// translation unit that defines a model's table instantiates them.
#pragma once

#include <zoom/box.hpp>
#include <zoom/json/binding.hpp>

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace zoom::json {
namespace detail {

template <class T>
struct OpsOf;

/// std::optional<T> and zoom::Box<T>.
template <class Nullable>
struct NullableOps {
  static void* function(Op op, void* self, std::size_t, std::string_view*) {
    auto& nullable = *static_cast<Nullable*>(self);
    switch (op) {
      case Op::emplace:
        return &nullable.emplace();
      case Op::clear:
        nullable.reset();
        return nullptr;
      case Op::size:
        return reinterpret_cast<void*>(std::uintptr_t{nullable.has_value()});
      case Op::at:
        return &*nullable;
      case Op::reserve:
        return nullptr;
    }
    return nullptr;
  }
  static constexpr Ops ops{&function};
};

template <class T>
struct OpsOf<std::optional<T>> : NullableOps<std::optional<T>> {};
template <class T>
struct OpsOf<Box<T>> : NullableOps<Box<T>> {};

template <class T>
struct OpsOf<std::vector<T>> {
  static void* function(Op op, void* self, std::size_t n, std::string_view*) {
    auto& vector = *static_cast<std::vector<T>*>(self);
    switch (op) {
      case Op::emplace:
        return &vector.emplace_back();
      case Op::clear:
        vector.clear();
        return nullptr;
      case Op::size:
        return reinterpret_cast<void*>(std::uintptr_t{vector.size()});
      case Op::at:
        return vector.data() + n;
      case Op::reserve:
        if (n > 0) {
          vector.reserve(n);
        } else if (vector.capacity() > vector.size()) {  // shrunk to fit by the same two paths, not a third
          std::vector<T> fitted;
          fitted.reserve(vector.size());
          for (T& element : vector) fitted.emplace_back(std::move(element));
          vector.swap(fitted);
        }
        return nullptr;
    }
    return nullptr;
  }
  static constexpr Ops ops{&function};
};

template <class T>
struct OpsOf<std::map<std::string, T>> {
  static void* function(Op op, void* self, std::size_t n, std::string_view* key) {
    auto& map = *static_cast<std::map<std::string, T>*>(self);
    switch (op) {
      case Op::emplace: {
        auto& entry = *map.try_emplace(std::string{*key}).first;
        entry.second = T{};  // a repeated key: its last value wins
        return &entry.second;
      }
      case Op::clear:
        map.clear();
        return nullptr;
      case Op::size:
        return reinterpret_cast<void*>(std::uintptr_t{map.size()});
      case Op::at: {
        auto it = std::next(map.begin(), static_cast<std::ptrdiff_t>(n));
        *key = it->first;
        return &it->second;
      }
      case Op::reserve:
        return nullptr;
    }
    return nullptr;
  }
  static constexpr Ops ops{&function};
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
  static void* get_at(Variant& v, std::index_sequence<I...>) {
    void* out = nullptr;
    ((v.index() == I ? (out = &std::get<I>(v), 0) : 0), ...);
    return out;
  }
  static void* function(Op op, void* self, std::size_t n, std::string_view*) {
    auto& variant = *static_cast<Variant*>(self);
    switch (op) {
      case Op::emplace:
        return emplace_at(variant, n, std::index_sequence_for<T...>{});
      case Op::size:
        return reinterpret_cast<void*>(std::uintptr_t{variant.index()});
      case Op::at:
        return get_at(variant, std::index_sequence_for<T...>{});
      case Op::clear:
      case Op::reserve:
        return nullptr;
    }
    return nullptr;
  }
  static constexpr Ops ops{&function};
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
inline constexpr Type container_of{
    .shape = detail::container_shape<C>, .element = &Element, .ops = &detail::OpsOf<C>::ops};

/// The Type of a std::variant `V` with these alternatives, picked by `discriminator` when not
/// null, else by the JSON kind of the value.
template <class V>
constexpr Type variant_type(std::span<const Type* const> alternatives, const Discriminator* discriminator) {
  return Type{.shape = Shape::variant,
              .ops = &detail::OpsOf<V>::ops,
              .alternatives = alternatives,
              .discriminator = discriminator};
}

}  // namespace zoom::json
