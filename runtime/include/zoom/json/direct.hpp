// The direct decoder: JSON text into a model in one pass, without a DOM. Included by
// <zoom/json.hpp>, which is the header to include.
//
// Boost.JSON's push parser (`boost::json::basic_parser`, run once, in json.cpp) reports events:
// a scalar, the start of an object or array, a key, an end. A stack of frames, one per open
// object or array, routes each event to the C++ value it fills. What a type does with an event
// is a table of functions, `ops<T>`, made from the type at compile time: for a model, from its
// Boost.Describe description (member names, the JSON names, which may be absent). The parser is
// compiled once; each model adds only its small table.
//
// It decodes exactly what the DOM walker in json.hpp decodes, with the same messages and JSON
// paths: unknown keys into `extra` (in document order), missing or null optionals empty, unknown
// enum values kept, a duplicate key's last value winning. Only the error reported for a document
// with several mismatches may differ: this decoder names the first in document order, the walker
// the first in member order. tests/runtime/json_decode_test.cpp runs both on the same cases.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <algorithm>
#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace zoom::json::detail::direct {

/// The kind of a JSON value as messages name it.
enum class Kind : unsigned char { null, boolean, integer, number, string, array, object };

/// One JSON scalar as the parser reports it. `string` is valid during the call only.
struct Scalar {
  enum class Type : unsigned char { null, boolean, int64, uint64, number, string };
  Type type = Type::null;
  bool boolean = false;
  std::int64_t int64 = 0;
  std::uint64_t uint64 = 0;
  double number = 0;
  std::string_view string{};

  Kind kind() const noexcept {
    switch (type) {
      case Type::null: return Kind::null;
      case Type::boolean: return Kind::boolean;
      case Type::int64:
      case Type::uint64: return Kind::integer;
      case Type::number: return Kind::number;
      case Type::string: return Kind::string;
    }
    return Kind::null;
  }
};

class Decoder;
struct Frame;
struct Ops;

/// Where the next value goes: the functions of its type and the object they fill.
struct Slot {
  const Ops* ops;
  void* target;
};

/// What one C++ type does with parser events. A value uses `scalar`, `begin_object` and
/// `begin_array`; the slot `begin_*` returns becomes an open frame, which uses `key` (objects),
/// `element` (arrays) and `end`.
struct Ops {
  void (*scalar)(void* target, const Scalar& value, Decoder& decoder);
  Slot (*begin_object)(void* target, Decoder& decoder);
  Slot (*begin_array)(void* target, Decoder& decoder);
  Slot (*key)(void* target, std::string_view key, Frame& frame, Decoder& decoder);
  Slot (*element)(void* target, Frame& frame, Decoder& decoder);
  void (*end)(void* target, Frame& frame, std::size_t size, Decoder& decoder);
  std::size_t seen_bits;  // a model: one bit per member, to find duplicates and missing members
};

/// One open object or array.
struct Frame {
  Slot slot{};
  bool array = false;
  std::string_view key{};     // object: the key being read (for error paths)
  std::size_t count = 0;      // array: elements begun
  const char* first = nullptr;  // array: about where its first element began in the text
  std::size_t next = 0;       // model: the member after the last one read (keys usually come in order)
  std::uint64_t* seen = nullptr;  // model: seen_bits bits (in `few` when there are at most 64)
  std::uint64_t few = 0;
};

/// Where a value captured as JSON goes (unknown keys, free-form members, a value converted once
/// whole, such as an object whose alternative its discriminator property names).
enum class CaptureTo : unsigned char { extra, value, object, converted, nowhere };

/// The decoding state the type tables may use; run() in json.cpp owns it.
class Decoder {
 public:
  /// Throws DecodeError at the current path: "expected <expected>, got <got>".
  [[noreturn]] void fail_kind(std::string_view expected, Kind got) const;
  /// Throws DecodeError at the current path.
  [[noreturn]] void fail(const std::string& problem) const;
  /// Throws DecodeError at the current path with `member` appended.
  [[noreturn]] void fail_member(std::string_view member, const std::string& problem) const;
  /// The next value is kept as JSON in `*destination` (an object for `extra`, a value, an
  /// object), or skipped (`nowhere`). For `extra` the key is kept and becomes the frame's key.
  Slot capture(CaptureTo to, void* destination, Frame* frame = nullptr, std::string_view key = {});
  /// Converts `value`, captured whole, into `*target`; what it throws is decoding's error.
  using Convert = void (*)(boost::json::value&& value, void* target, Decoder& decoder);
  /// The next value, an object, is captured as JSON and then handed to `convert`.
  Slot capture_converted(Convert convert, void* destination);
  /// Throws `inner` (an error of a value converted by capture_converted) with the path of that
  /// value in front of its own.
  [[noreturn]] void fail_within(const DecodeError& inner) const;

  /// Where the parser is in the text, about: the last key or value read from it.
  const char* position() const noexcept { return position_; }
  /// How many more elements of `element_size` bytes the open array `frame`, at its second
  /// element, likely holds: the bytes left in the text over the bytes its first element took.
  /// An array of models reserves that many, so a page of records is not moved as its vector
  /// grows. Never more than four times the bytes left in the text: a tiny first element before
  /// a long text must not reserve a mountain.
  std::size_t likely_elements_left(const Frame& frame, std::size_t element_size) const noexcept {
    const auto first = static_cast<std::size_t>(position_ - frame.first);
    const auto left = static_cast<std::size_t>(end_ - position_);
    return first == 0 ? 0 : std::min(left / first, 4 * left / element_size);
  }

 protected:
  Decoder() = default;
  ~Decoder() = default;

  const char* position_ = nullptr;
  const char* end_ = nullptr;
};

/// A hash of a key from its length and its first and last eight bytes: constant time, whatever
/// its length (member names differ early or late: `callee_number` / `caller_number`).
constexpr std::uint64_t text_hash(std::string_view key) noexcept {
  const auto load = [&]<class Word>(std::size_t at, Word) -> std::uint64_t {  // little-endian
    if (std::is_constant_evaluated() || std::endian::native != std::endian::little) {
      std::uint64_t w = 0;
      for (std::size_t i = 0; i < sizeof(Word); ++i)
        w |= std::uint64_t{static_cast<unsigned char>(key[at + i])} << (8 * i);
      return w;
    }
    Word w;
    std::memcpy(&w, key.data() + at, sizeof w);
    return w;
  };
  const std::size_t n = key.size();
  std::uint64_t head = 0, tail = 0;
  if (n >= 8) {
    head = load(0, std::uint64_t{});
    tail = load(n - 8, std::uint64_t{});
  } else if (n >= 4) {
    head = load(0, std::uint32_t{});
    tail = load(n - 4, std::uint32_t{});
  } else {
    for (std::size_t i = 0; i < n; ++i) head = head << 8 | static_cast<unsigned char>(key[i]);
  }
  const std::uint64_t h = (head ^ (tail * 0x9E3779B97F4A7C15ull) ^ n) * 0xBF58476D1CE4E5B9ull;
  return h ^ (h >> 31);
}

/// Same text: an inline comparison, eight bytes at a time (keys are short; a call to memcmp
/// costs more than comparing them).
inline bool same_text(std::string_view a, std::string_view b) noexcept {
  const std::size_t n = a.size();
  if (n != b.size()) return false;
  const auto equal_at = [&]<class Word>(std::size_t at, Word) {
    Word x, y;
    std::memcpy(&x, a.data() + at, sizeof x);
    std::memcpy(&y, b.data() + at, sizeof y);
    return x == y;
  };
  if (n >= 8) {
    for (std::size_t at = 0; at + 8 < n; at += 8)
      if (!equal_at(at, std::uint64_t{})) return false;
    return equal_at(n - 8, std::uint64_t{});  // the last eight, overlapping the ones before
  }
  if (n >= 4) return equal_at(0, std::uint32_t{}) && equal_at(n - 4, std::uint32_t{});
  for (std::size_t i = 0; i < n; ++i)
    if (a[i] != b[i]) return false;
  return true;
}

/// Parses `text` into the root slot. Throws DecodeError on bad JSON (with the byte offset) or on
/// a mismatch (with the JSON path).
void run(std::string_view text, Slot root);

/// JSON text of a scalar for messages, cut at 40 characters.
std::string excerpt(const Scalar& value);

// ---- the tables -------------------------------------------------------------------------------

template <class T>
struct Fill;  // the functions for T; see the specializations below

template <class T>
[[noreturn]] Slot fail_begin_object(void*, Decoder& decoder) {
  decoder.fail_kind(Fill<T>::expected, Kind::object);
}
template <class T>
[[noreturn]] Slot fail_begin_array(void*, Decoder& decoder) {
  decoder.fail_kind(Fill<T>::expected, Kind::array);
}
inline Slot no_key(void*, std::string_view, Frame&, Decoder&) { return {}; }      // never called
inline Slot no_element(void*, Frame&, Decoder&) { return {}; }                     // never called
inline void no_end(void*, Frame&, std::size_t, Decoder&) {}

/// A type decoded from scalars only.
template <class T>
struct ScalarFill {
  static void scalar(void* target, const Scalar& value, Decoder& decoder) {
    Fill<T>::set(*static_cast<T*>(target), value, decoder);
  }
  static constexpr Ops ops{&scalar, &fail_begin_object<T>, &fail_begin_array<T>, &no_key, &no_element, &no_end, 0};
};

template <class T>
inline constexpr const Ops* ops_of = &Fill<T>::ops;

void set_int64(std::int64_t& out, const Scalar& value, Decoder& decoder);

template <>
struct Fill<bool> : ScalarFill<bool> {
  static constexpr std::string_view expected = "boolean";
  static void set(bool& out, const Scalar& value, Decoder& decoder) {
    if (value.type != Scalar::Type::boolean) decoder.fail_kind(expected, value.kind());
    out = value.boolean;
  }
};

/// An element of a std::vector<bool>, which has no element to point at: decoded, then appended.
struct BoolElementFill {
  static void scalar(void* target, const Scalar& value, Decoder& decoder) {
    bool element = false;
    Fill<bool>::set(element, value, decoder);
    static_cast<std::vector<bool>*>(target)->push_back(element);
  }
  static constexpr Ops ops{&scalar, &fail_begin_object<bool>, &fail_begin_array<bool>, &no_key, &no_element, &no_end, 0};
};

template <>
struct Fill<double> : ScalarFill<double> {
  static constexpr std::string_view expected = "number";
  static void set(double& out, const Scalar& value, Decoder& decoder);
};

template <std::integral T>
  requires(!std::same_as<T, bool>)
struct Fill<T> : ScalarFill<T> {
  static constexpr std::string_view expected = "integer";
  static void set(T& out, const Scalar& value, Decoder& decoder) {
    std::int64_t wide = 0;
    set_int64(wide, value, decoder);
    if constexpr (!std::is_same_v<T, std::int64_t>)
      if (!std::in_range<T>(wide)) decoder.fail("integer " + std::to_string(wide) + " is out of range");
    out = static_cast<T>(wide);
  }
};

template <>
struct Fill<std::string> : ScalarFill<std::string> {
  static constexpr std::string_view expected = "string";
  static void set(std::string& out, const Scalar& value, Decoder& decoder) {
    if (value.type != Scalar::Type::string) decoder.fail_kind(expected, value.kind());
    out.assign(value.string);
  }
};

template <>
struct Fill<Date> : ScalarFill<Date> {
  static constexpr std::string_view expected = "date string";
  static void set(Date& out, const Scalar& value, Decoder& decoder);
};

template <>
struct Fill<DateTime> : ScalarFill<DateTime> {
  static constexpr std::string_view expected = "date-time string";
  static void set(DateTime& out, const Scalar& value, Decoder& decoder);
};

template <class E>
struct Fill<Enum<E>> : ScalarFill<Enum<E>> {
  using wire_type = typename Enum<E>::wire_type;
  static constexpr std::string_view expected = std::is_same_v<wire_type, std::string> ? "string" : "integer";
  static void set(Enum<E>& out, const Scalar& value, Decoder& decoder) {
    if constexpr (std::is_same_v<wire_type, std::string>) {
      if (value.type != Scalar::Type::string) decoder.fail_kind(expected, value.kind());
      for (const auto& entry : zoom_enum_values(E{}))  // a listed value needs no copy of the text
        if (same_text(entry.wire, value.string)) {
          out = Enum<E>{entry.value};
          return;
        }
      out = Enum<E>::from_wire(std::string{value.string});
    } else {
      std::int64_t wire = 0;
      set_int64(wire, value, decoder);
      out = Enum<E>::from_wire(wire);
    }
  }
};

/// Free-form JSON: kept as it is.
template <>
struct Fill<boost::json::value> {
  static constexpr std::string_view expected = "value";
  static Slot start(void* target, Decoder& decoder) { return decoder.capture(CaptureTo::value, target); }
  static void scalar(void* target, const Scalar& value, Decoder& decoder) {
    const Slot slot = start(target, decoder);
    slot.ops->scalar(slot.target, value, decoder);
  }
  static Slot begin_object(void* target, Decoder& decoder) {
    const Slot slot = start(target, decoder);
    return slot.ops->begin_object(slot.target, decoder);
  }
  static Slot begin_array(void* target, Decoder& decoder) {
    const Slot slot = start(target, decoder);
    return slot.ops->begin_array(slot.target, decoder);
  }
  static constexpr Ops ops{&scalar, &begin_object, &begin_array, &no_key, &no_element, &no_end, 0};
};

/// A free-form JSON object.
template <>
struct Fill<boost::json::object> {
  static constexpr std::string_view expected = "object";
  static void scalar(void*, const Scalar& value, Decoder& decoder) { decoder.fail_kind(expected, value.kind()); }
  static Slot begin_object(void* target, Decoder& decoder) {
    const Slot slot = decoder.capture(CaptureTo::object, target);
    return slot.ops->begin_object(slot.target, decoder);
  }
  static constexpr Ops ops{&scalar, &begin_object, &fail_begin_array<boost::json::object>, &no_key, &no_element, &no_end, 0};
};

/// std::optional<T> and zoom::Box<T>: null empties it; any other value fills its T.
template <class Nullable, class T>
struct NullableFill {
  static constexpr std::string_view expected = Fill<T>::expected;
  static void scalar(void* target, const Scalar& value, Decoder& decoder) {
    auto& out = *static_cast<Nullable*>(target);
    if (value.type == Scalar::Type::null) {
      out.reset();
      return;
    }
    if constexpr (std::is_same_v<T, std::string>) {  // the text straight into place
      if (value.type == Scalar::Type::string) {
        out.emplace(value.string);
        return;
      }
    }
    ops_of<T>->scalar(&out.emplace(), value, decoder);
  }
  static Slot begin_object(void* target, Decoder& decoder) {
    return ops_of<T>->begin_object(&static_cast<Nullable*>(target)->emplace(), decoder);
  }
  static Slot begin_array(void* target, Decoder& decoder) {
    return ops_of<T>->begin_array(&static_cast<Nullable*>(target)->emplace(), decoder);
  }
  static constexpr Ops ops{&scalar, &begin_object, &begin_array, &no_key, &no_element, &no_end, 0};
};

template <class T>
struct Fill<std::optional<T>> : NullableFill<std::optional<T>, T> {};

/// A recursive model's member: as std::optional.
template <class T>
struct Fill<Box<T>> : NullableFill<Box<T>, T> {};

template <class T>
struct Fill<std::vector<T>> {
  static constexpr std::string_view expected = "array";
  static void scalar(void* target, const Scalar& value, Decoder& decoder) {
    if (value.type != Scalar::Type::null) decoder.fail_kind(expected, value.kind());
    static_cast<std::vector<T>*>(target)->clear();
  }
  static Slot begin_array(void* target, Decoder&) {
    static_cast<std::vector<T>*>(target)->clear();
    return {&ops, target};
  }
  static Slot element(void* target, Frame& frame, Decoder& decoder) {
    auto& out = *static_cast<std::vector<T>*>(target);
    if constexpr (std::is_same_v<T, bool>) {
      return {&BoolElementFill::ops, target};
    } else {
      if constexpr (Described<T>)  // models are costly to move: reserve once, judged by the first
        if (out.size() == 1) out.reserve(1 + decoder.likely_elements_left(frame, sizeof(T)));
      return {ops_of<T>, &out.emplace_back()};
    }
  }
  static void end(void* target, Frame&, std::size_t, Decoder&) {
    auto& out = *static_cast<std::vector<T>*>(target);
    if constexpr (Described<T>)  // the guess was far too high: give the memory back
      if (out.capacity() > 2 * out.size() + 8) out.shrink_to_fit();
  }
  static constexpr Ops ops{&scalar, &fail_begin_object<std::vector<T>>, &begin_array, &no_key, &element, &end, 0};
};

template <class T>
struct Fill<std::map<std::string, T>> {
  using Map = std::map<std::string, T>;
  static constexpr std::string_view expected = "object";
  static void scalar(void* target, const Scalar& value, Decoder& decoder) {
    if (value.type != Scalar::Type::null) decoder.fail_kind(expected, value.kind());
    static_cast<Map*>(target)->clear();
  }
  static Slot begin_object(void* target, Decoder&) {
    static_cast<Map*>(target)->clear();
    return {&ops, target};
  }
  static Slot key(void* target, std::string_view key, Frame& frame, Decoder&) {
    auto& entry = *static_cast<Map*>(target)->try_emplace(std::string{key}).first;
    entry.second = T{};   // a repeated key: its last value wins
    frame.key = entry.first;  // lives as long as the map
    return {ops_of<T>, &entry.second};
  }
  static constexpr Ops ops{&scalar, &begin_object, &fail_begin_array<Map>, &key, &no_element, &no_end, 0};
};

/// A model: members found by JSON name, unknown keys kept in `extra`.
template <Described T>
struct Fill<T> {
  static constexpr std::string_view expected = "object";
  static constexpr auto names = json_names<T>();
  static constexpr std::size_t size = names.size();

  // Member lookup by JSON name: an open-addressing hash table built at compile time, with one
  // slot in two free, so a lookup probes one or two slots.
  static constexpr std::size_t table_size = std::bit_ceil(std::max<std::size_t>(8, 2 * size));
  static constexpr std::size_t hash(std::string_view key) noexcept {
    return static_cast<std::size_t>(text_hash(key)) & (table_size - 1);
  }
  static constexpr auto table = [] {
    std::array<std::size_t, table_size> slots{};
    std::fill(slots.begin(), slots.end(), size);  // size: empty
    for (std::size_t i = 0; i < size; ++i) {
      std::size_t at = hash(names[i]);
      while (slots[at] != size) at = (at + 1) & (table_size - 1);
      slots[at] = i;
    }
    return slots;
  }();

  template <class Member>
  static Slot member_slot(T& out, bool again) {
    auto& field = out.*Member::pointer;
    if (again) field = {};  // a repeated key: its last value wins
    return {ops_of<std::remove_cvref_t<decltype(field)>>, &field};
  }
  template <template <class...> class List, class... Member>
  static constexpr auto slot_table(List<Member...>) {
    return std::array<Slot (*)(T&, bool), sizeof...(Member)>{&member_slot<Member>...};
  }
  template <template <class...> class List, class... Member>
  static constexpr auto required_table(List<Member...>) {
    return std::array<bool, sizeof...(Member)>{
        !may_be_absent<std::remove_cvref_t<decltype(std::declval<T&>().*Member::pointer)>>::value...};
  }
  static constexpr auto slots = slot_table(Members<T>{});
  static constexpr auto required = required_table(Members<T>{});

  // The member named `key`, or `size`. Keys usually come in member order: `guess` first.
  static std::size_t find(std::string_view key, std::size_t guess) noexcept {
    if (guess < size && same_text(names[guess], key)) return guess;
    for (std::size_t at = hash(key);; at = (at + 1) & (table_size - 1)) {
      const std::size_t i = table[at];
      if (i == size || same_text(names[i], key)) return i;
    }
  }

  // One bit per member that must be present.
  static constexpr auto required_bits = [] {
    std::array<std::uint64_t, (size + 63) / 64> words{};
    for (std::size_t i = 0; i < size; ++i)
      if (required[i]) words[i / 64] |= std::uint64_t{1} << (i % 64);
    return words;
  }();

  static void scalar(void*, const Scalar& value, Decoder& decoder) { decoder.fail_kind(expected, value.kind()); }
  static Slot begin_object(void* target, Decoder&) { return {&ops, target}; }

  static Slot key(void* target, std::string_view key, Frame& frame, Decoder& decoder) {
    T& out = *static_cast<T*>(target);
    const std::size_t i = find(key, frame.next);
    if (i == size) {
      if constexpr (HasExtra<T>) return decoder.capture(CaptureTo::extra, &out.extra, &frame, key);
      else return decoder.capture(CaptureTo::nowhere, nullptr, &frame, key);
    }
    std::uint64_t& word = frame.seen[i / 64];
    const std::uint64_t bit = std::uint64_t{1} << (i % 64);
    const bool again = (word & bit) != 0;
    word |= bit;
    frame.next = i + 1;
    frame.key = names[i];
    return slots[i](out, again);
  }

  static void end(void*, Frame& frame, std::size_t, Decoder& decoder) {
    for (std::size_t w = 0; w < required_bits.size(); ++w)
      if ((frame.seen[w] & required_bits[w]) != required_bits[w])
        for (std::size_t i = w * 64; i < size; ++i)  // the first one missing, in member order
          if (required[i] && (frame.seen[i / 64] & (std::uint64_t{1} << (i % 64))) == 0)
            decoder.fail_member(names[i], "required field is missing");
  }

  static constexpr Ops ops{&scalar, &begin_object, &fail_begin_array<T>, &key, &no_element, &end, size};
};

/// A oneOf whose alternatives differ in JSON kind: the alternative of the value's kind.
/// A oneOf of models with a discriminator: the object is captured whole (its property may come
/// last) and decoded as the alternative the property names.
template <class... T>
  requires Discriminated<std::variant<T...>>
struct Fill<std::variant<T...>> {
  using Variant = std::variant<T...>;
  static void convert(boost::json::value&& value, void* target, Decoder& decoder) {
    try {
      json::detail::from_value(value, *static_cast<Variant*>(target), Path{});
    } catch (const DecodeError& inner) {
      decoder.fail_within(inner);
    }
  }
  static constexpr std::string_view expected = "an object";
  static void scalar(void*, const Scalar& value, Decoder& decoder) { decoder.fail_kind(expected, value.kind()); }
  static Slot begin_object(void* target, Decoder& decoder) {
    const Slot slot = decoder.capture_converted(&convert, target);
    return slot.ops->begin_object(slot.target, decoder);
  }
  static constexpr Ops ops{&scalar, &begin_object, &fail_begin_array<Variant>, &no_key, &no_element, &no_end, 0};
};

template <class... T>
struct Fill<std::variant<T...>> {
  using Variant = std::variant<T...>;
  static constexpr std::string_view expected = "one of the alternatives";

  static bool accepts(JsonKind alternative, Kind got) {
    switch (alternative) {
      case JsonKind::boolean: return got == Kind::boolean;
      case JsonKind::integer: return got == Kind::integer;
      case JsonKind::number: return got == Kind::integer || got == Kind::number;
      case JsonKind::string: return got == Kind::string;
      case JsonKind::array: return got == Kind::array;
      case JsonKind::object: return got == Kind::object;
      case JsonKind::any: return true;
    }
    return false;
  }
  // The ops and object of the first alternative that accepts `got`, emplaced in the variant.
  static Slot choose(void* target, Kind got, Decoder& decoder) {
    auto& out = *static_cast<Variant*>(target);
    Slot slot{};
    boost::mp11::mp_for_each<boost::mp11::mp_iota_c<sizeof...(T)>>([&](auto index) {
      using Alternative = std::variant_alternative_t<index, Variant>;
      if (slot.ops || !accepts(json_kind<Alternative>(), got)) return;
      slot = {ops_of<Alternative>, &out.template emplace<index>()};
    });
    if (!slot.ops) decoder.fail_kind(expected, got);
    return slot;
  }
  static void scalar(void* target, const Scalar& value, Decoder& decoder) {
    const Slot slot = choose(target, value.kind(), decoder);
    slot.ops->scalar(slot.target, value, decoder);
  }
  static Slot begin_object(void* target, Decoder& decoder) {
    const Slot slot = choose(target, Kind::object, decoder);
    return slot.ops->begin_object(slot.target, decoder);
  }
  static Slot begin_array(void* target, Decoder& decoder) {
    const Slot slot = choose(target, Kind::array, decoder);
    return slot.ops->begin_array(slot.target, decoder);
  }
  static constexpr Ops ops{&scalar, &begin_object, &begin_array, &no_key, &no_element, &no_end, 0};
};

}  // namespace zoom::json::detail::direct

namespace zoom::json {

/// Parses and converts a JSON document into T in one pass, without a DOM. Throws
/// zoom::DecodeError on bad JSON (with the byte offset) or on a mismatch (with the JSON path).
template <class T>
T decode(std::string_view text) {
  T out{};
  detail::direct::run(text, {detail::direct::ops_of<T>, &out});
  return out;
}

}  // namespace zoom::json
