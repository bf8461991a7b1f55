// How zoom::json sees a C++ type: a table the generator writes for each model, in the generated
// .cpp files, and small tables for the standard types the models are made of.
//
// The decoder and the encoder (runtime/src/json_decode.cpp, json_encode.cpp) are compiled once
// and walk these tables: a model is its members (JSON name, where the member is, its type,
// whether it may be absent), an optional or a vector is its element type and a few functions
// that only the element's C++ type can provide (emplace, clear, size, at: see Ops). So a user's
// translation unit instantiates no decoder per type: the models header declares, for each
// model, `const zoom::json::Type& zoom_json_type(const Model*) noexcept;` (found by
// argument-dependent lookup), and decode<T> calls the one decoder with it.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace zoom {
struct Discriminator;
}

namespace zoom::json {

/// The kind of C++ value a Type describes.
enum class Shape : std::uint8_t {
  boolean,       ///< bool
  int32,         ///< std::int32_t
  int64,         ///< std::int64_t
  number,        ///< double
  string,        ///< std::string
  date,          ///< zoom::Date
  date_time,     ///< zoom::DateTime
  date_or_time,  ///< zoom::DateOrTime
  any,           ///< boost::json::value: free-form JSON, kept as it came
  object,        ///< boost::json::object: a free-form JSON object
  enumeration,   ///< zoom::Enum<E>, with Type::values
  model,         ///< a generated struct, with Type::members
  optional,      ///< std::optional<element>
  box,           ///< zoom::Box<element>
  array,         ///< std::vector<element>
  bool_array,    ///< std::vector<bool>, which has no element to point at
  map,           ///< std::map<std::string, element>
  variant,       ///< std::variant<alternatives...>
  upload,        ///< zoom::Upload: a file part of a multipart body, never JSON
};

struct Type;

/// One member of a model.
struct Member {
  std::string_view name;  ///< Its JSON name.
  std::size_t offset;     ///< Where it is in the model (offsetof).
  const Type* type;       ///< Its C++ type.
  bool required;          ///< Whether the JSON must have it (false for optionals, arrays, maps, free-form JSON).
};

/// One value of an enum: its enumerator (as an integer) and its wire value (a string, or `integer`).
struct EnumEntry {
  std::int64_t value;     ///< The enumerator, converted to std::int64_t.
  std::string_view text;  ///< The wire value of a string enum.
  std::int64_t integer;   ///< The wire value of an integer enum.
};

/// What a container's function is asked to do (Ops).
enum class Op : std::uint8_t { emplace, clear, size, at, reserve };

/// What only the C++ type of a container can do (runtime/include/zoom/json/tables.hpp makes
/// them): one function per type, asked by Op, so that a program with thousands of container
/// types compiles one small function for each rather than five.
struct Ops {
  /// `op` on the container `self`. `n`: the alternative (emplace of a variant), the element
  /// (at) or the room (reserve); `key`: a map's key to emplace, or where `at` puts a map
  /// element's key. What `size` answers is returned as a pointer-sized integer.
  using Function = void* (*)(Op op, void* self, std::size_t n, std::string_view* key);
  Function function;  ///< The container type's one function.

  /// optional, box: emplace a value-initialised element and return it; array: append one; map:
  /// the element of `key`, reset to value-initialised (a repeated key's last value wins);
  /// variant: emplace alternative `index` and return it.
  void* emplace(void* self, std::string_view key, std::size_t index) const {
    return function(Op::emplace, self, index, &key);
  }
  /// optional, box: reset; array, map: clear.
  void clear(void* self) const { function(Op::clear, self, 0, nullptr); }
  /// optional, box: 0 or 1; array, map: the number of elements; variant: the alternative's index.
  std::size_t size(const void* self) const {
    return reinterpret_cast<std::uintptr_t>(function(Op::size, const_cast<void*>(self), 0, nullptr));
  }
  /// optional, box: the value (i = 0); array: element i; variant: the alternative (i = its
  /// index); map: the i-th element in key order, its key in `*key`.
  const void* at(const void* self, std::size_t i, std::string_view* key) const {
    return function(Op::at, const_cast<void*>(self), i, key);
  }
  /// array: reserve room for `n` elements; shrink back to fit when n is 0.
  void reserve(void* self, std::size_t n) const { function(Op::reserve, self, n, nullptr); }
};

/// How the decoder and encoder see one C++ type. Every Type is a constant, initialised at
/// compile time: they refer to each other by address across translation units.
struct Type {
  Shape shape;                    ///< What kind of C++ value it is.
  const Type* element = nullptr;  ///< optional, box, array, map: the element's type.
  const Ops* ops = nullptr;       ///< optional, box, array, map, variant.
  /// model: its members in declaration order, and their indices sorted by JSON name (for lookup).
  std::span<const Member> members{};
  std::span<const std::uint16_t> index{};  ///< model: its names hashed (member_index), to find a key's member.
  /// model: the offset of its `extra` object (unknown keys), or -1 when it has none.
  std::ptrdiff_t extra = -1;
  /// enumeration: its values, and whether its wire values are integers.
  std::span<const EnumEntry> values{};
  bool integer_enum = false;  ///< enumeration: whether its wire values are integers.
  /// variant: the type of each alternative, and the discriminator that picks one (or null: by
  /// the JSON kind of the value).
  std::span<const Type* const> alternatives{};
  const Discriminator* discriminator = nullptr;  ///< variant: picks the alternative by a property, or null.
  /// The C++ name, for messages (`CallLog`).
  std::string_view name{};
};

/// A hash of a JSON name from its length and its first and last eight bytes: constant time,
/// whatever its length (member names differ early or late: `callee_number` / `caller_number`).
constexpr std::uint64_t name_hash(std::string_view key) noexcept {
  const auto load = [&](std::size_t at, std::size_t bytes) {  // little-endian, whatever the machine
    std::uint64_t w = 0;
    for (std::size_t i = 0; i < bytes; ++i) w |= std::uint64_t{static_cast<unsigned char>(key[at + i])} << (8 * i);
    return w;
  };
  const std::size_t n = key.size();
  std::uint64_t head = 0, tail = 0;
  if (n >= 8) {
    head = load(0, 8);
    tail = load(n - 8, 8);
  } else if (n >= 4) {
    head = load(0, 4);
    tail = load(n - 4, 4);
  } else {
    head = load(0, n);
  }
  const std::uint64_t h = (head ^ (tail * 0x9E3779B97F4A7C15ull) ^ n) * 0xBF58476D1CE4E5B9ull;
  return h ^ (h >> 31);
}

/// The slots of a model's name index: a power of two, at least twice the members, so that a
/// lookup probes one or two slots.
constexpr std::size_t index_size(std::size_t members) noexcept {
  std::size_t size = 8;
  while (size < 2 * members) size *= 2;
  return size;
}

/// An empty slot of a name index.
inline constexpr std::uint16_t no_member = 0xFFFF;

/// The name index of a model's members (Type::index), built by the compiler where the table is
/// defined: open addressing by name_hash, each slot a member's position or no_member.
template <std::size_t N>
constexpr std::array<std::uint16_t, index_size(N)> member_index(const Member (&members)[N]) noexcept {
  std::array<std::uint16_t, index_size(N)> slots{};
  for (auto& slot : slots) slot = no_member;
  for (std::size_t i = 0; i < N; ++i) {
    std::size_t at = name_hash(members[i].name) & (slots.size() - 1);
    while (slots[at] != no_member) at = (at + 1) & (slots.size() - 1);
    slots[at] = static_cast<std::uint16_t>(i);
  }
  return slots;
}

/// The tables of the types the runtime knows (a generated table refers to them).
namespace types {
extern const Type boolean;       ///< bool
extern const Type int32;         ///< std::int32_t
extern const Type int64;         ///< std::int64_t
extern const Type number;        ///< double
extern const Type string;        ///< std::string
extern const Type date;          ///< zoom::Date
extern const Type date_time;     ///< zoom::DateTime
extern const Type date_or_time;  ///< zoom::DateOrTime
extern const Type any;           ///< boost::json::value
extern const Type object;        ///< boost::json::object
extern const Type bool_array;    ///< std::vector<bool>
extern const Type upload;        ///< zoom::Upload (refused by the decoder, written as null)
}  // namespace types

}  // namespace zoom::json
