// Forward-compatible enums. Zoom adds enum values without notice; a value the spec does not
// list must decode, stay visible and encode back unchanged. zoom::Enum<E> holds either a
// known enumerator of E or the raw wire value (a string or an integer).
//
// The generator declares, next to each enum E, a constexpr function found by
// argument-dependent lookup that lists its wire values:
//
//   constexpr auto zoom_enum_values(CallLogFilter) noexcept {
//     return std::to_array<zoom::EnumValue<CallLogFilter, std::string_view>>(
//         {{CallLogFilter::all, "all"}, {CallLogFilter::missed, "missed"}});
//   }
#pragma once

#include <concepts>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

namespace zoom {

/// One enumerator and its value on the wire (`std::string_view` or `std::int64_t`).
template <class E, class Wire>
struct EnumValue {
  E value;    ///< The enumerator.
  Wire wire;  ///< Its value on the wire.
};

/// An enum the generator described with `zoom_enum_values`.
template <class E>
concept WireEnum = std::is_enum_v<E> && requires { zoom_enum_values(E{}); };

namespace detail {
template <class E>
using wire_view_t = std::remove_cvref_t<decltype(zoom_enum_values(E{})[0].wire)>;

/// What a zoom::Enum holds, whatever its enum: the enumerator as an integer when the value is a
/// listed one, else the raw wire value. zoom::json decodes and encodes every enum through it
/// (zoom/json/binding.hpp), so that no enum needs code of its own to become JSON.
template <class Wire>
struct EnumState {
  Wire raw{};               // the wire value, when not known
  std::int64_t value = 0;   // the enumerator, when known
  bool known = false;
};
}  // namespace detail

/// A value of enum E that may also be one the spec did not list. Compares equal to the
/// enumerator it holds; `known()` is empty for an unlisted value, whose raw wire value
/// `wire()` still returns. Default-constructed, it holds an empty (unknown) wire value.
template <WireEnum E>
class Enum {
 public:
  /// `std::string` for string enums, `std::int64_t` for integer enums.
  using wire_type = std::conditional_t<std::is_same_v<detail::wire_view_t<E>, std::string_view>,
                                       std::string, std::int64_t>;

  /// An unknown value with an empty wire value (`""` or 0).
  Enum() = default;
  /// The enumerator `known`; implicit, so that an Enum reads like the enum.
  Enum(E known) : state_{{}, static_cast<std::int64_t>(known), true} {}  // NOLINT(google-explicit-constructor): reads like the enum

  /// The value for a wire value: a known enumerator when listed, else the raw value. Never
  /// fails (it may allocate).
  static Enum from_wire(const wire_type& wire) {
    for (const auto& entry : zoom_enum_values(E{}))
      if (entry.wire == wire) return Enum{entry.value};
    Enum unknown;
    unknown.state_.raw = wire;
    return unknown;
  }

  /// The enumerator, or empty when the value is one the spec does not list.
  std::optional<E> known() const {
    if (state_.known) return static_cast<E>(state_.value);
    return std::nullopt;
  }

  /// The value as it goes on the wire: the listed wire value of a known enumerator, else the
  /// raw value as received.
  wire_type wire() const {
    if (!state_.known) return state_.raw;
    for (const auto& entry : zoom_enum_values(E{}))
      if (static_cast<std::int64_t>(entry.value) == state_.value) return wire_type{entry.wire};
    return wire_type{};  // unreachable for enumerators the generator listed
  }

  /// Equal when the wire values are equal (so an unknown value equals only the same raw value).
  friend bool operator==(const Enum& a, const Enum& b) { return a.wire() == b.wire(); }
  /// Whether `a` holds the enumerator `b` (never for an unknown value).
  friend bool operator==(const Enum& a, E b) { return a.state_.known && a.state_.value == static_cast<std::int64_t>(b); }

 private:
  detail::EnumState<wire_type> state_{};  // first and only member: zoom::json reads it in place
};

}  // namespace zoom
