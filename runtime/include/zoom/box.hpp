// zoom::Box<T>: a nullable owner of a T with value semantics, for recursive models: a member of
// T's own type (or of a type that refers back to T) cannot be a T or a std::optional<T>, which
// would need T complete. A Box holds its T on the heap; copying a Box copies the T.
#pragma once

#include <memory>
#include <optional>
#include <utility>

namespace zoom {

/// Like std::optional<T>, but the T lives on the heap, so T may be incomplete where Box<T> is
/// declared: `struct Node { zoom::Box<Node> parent; };`. Empty by default; copies are deep;
/// compared by value. zoom::json treats it as std::optional: a missing or null member decodes as
/// an empty Box, and an empty Box is left out when encoding.
///
/// Every member that needs T complete is a template member of Box, defined only when used (by
/// then T is complete).
template <class T>
class Box {
 public:
  /// The type held.
  using value_type = T;

  /// An empty Box.
  constexpr Box() noexcept = default;
  /// A Box holding a copy of `value`.
  Box(const T& value) : value_(std::make_unique<T>(value)) {}  // NOLINT(google-explicit-constructor): as optional
  /// A Box holding `value`, moved.
  Box(T&& value) : value_(std::make_unique<T>(std::move(value))) {}  // NOLINT(google-explicit-constructor)
  /// A deep copy: a Box holding a copy of `other`'s value, or empty.
  Box(const Box& other) : value_(other.value_ ? std::make_unique<T>(*other.value_) : nullptr) {}
  /// Takes `other`'s value; `other` is left empty.
  Box(Box&& other) noexcept = default;
  /// A deep copy of `other` (its value copied, or empty).
  Box& operator=(const Box& other) {
    if (this != &other) value_ = other.value_ ? std::make_unique<T>(*other.value_) : nullptr;
    return *this;
  }
  /// Takes `other`'s value; `other` is left empty.
  Box& operator=(Box&& other) noexcept = default;
  ~Box() = default;

  /// Whether it holds a value.
  bool has_value() const noexcept { return value_ != nullptr; }
  /// Whether it holds a value.
  explicit operator bool() const noexcept { return has_value(); }

  /// The value; the Box must hold one.
  T& operator*() noexcept { return *value_; }
  /// The value; the Box must hold one.
  const T& operator*() const noexcept { return *value_; }
  /// The value's members; the Box must hold one.
  T* operator->() noexcept { return value_.get(); }
  /// The value's members; the Box must hold one.
  const T* operator->() const noexcept { return value_.get(); }

  /// The value; throws std::bad_optional_access when empty.
  T& value() {
    if (!value_) throw std::bad_optional_access{};
    return *value_;
  }
  /// The value; throws std::bad_optional_access when empty.
  const T& value() const {
    if (!value_) throw std::bad_optional_access{};
    return *value_;
  }

  /// Replaces the value with a T made from `args`, and returns it.
  template <class... Args>
  T& emplace(Args&&... args) {
    value_ = std::make_unique<T>(std::forward<Args>(args)...);
    return *value_;
  }
  /// Empties the Box.
  void reset() noexcept { value_.reset(); }

  /// Both empty, or both holding equal values.
  friend bool operator==(const Box& a, const Box& b) {
    if (!a.value_ || !b.value_) return !a.value_ && !b.value_;
    return *a.value_ == *b.value_;
  }

 private:
  std::unique_ptr<T> value_;
};

}  // namespace zoom
