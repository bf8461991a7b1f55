// The decoder: JSON text into the C++ value a Type describes, in one pass, without a DOM.
//
// Boost.JSON's push parser (`basic_parser`) reports events: a scalar, the start of an object or
// array, a key, an end. A stack of frames, one per open object or array, routes each event to
// the C++ value it fills, as the tables of zoom/json/binding.hpp describe it. Values kept as
// JSON (unknown keys, free-form members, a value that does not fit) are built on a
// boost::json::value_stack from the same events.
//
// Leniency (DecodeOptions): a value that does not fit the member it is for leaves that member
// empty and goes into the model's `extra` under its key, and is reported; strict mode throws
// instead. A value that does not fit an array element or map value cannot be kept aside: it is
// reported and the element left empty.
#include <zoom/json.hpp>

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value_stack.hpp>

#include <algorithm>
#include <array>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <optional>
#include <system_error>
#include <vector>

namespace zoom::json::detail {
namespace {

/// The kind of a JSON value as messages name it.
enum class Kind : unsigned char { null, boolean, integer, number, string, array, object };

constexpr std::string_view kind_name(Kind kind) {
  switch (kind) {
    case Kind::null: return "null";
    case Kind::boolean: return "boolean";
    case Kind::integer: return "integer";
    case Kind::number: return "number";
    case Kind::string: return "string";
    case Kind::array: return "array";
    case Kind::object: return "object";
  }
  return "value";
}

/// One JSON scalar as the parser reports it; `string` (and `text`, the number as written) are
/// valid during the call only.
struct Scalar {
  enum class Type : unsigned char { null, boolean, int64, uint64, number, string };
  Type type = Type::null;
  bool boolean = false;
  std::int64_t int64 = 0;
  std::uint64_t uint64 = 0;
  double number = 0;
  std::string_view string{};  // a string's value, or a number's text

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
  boost::json::value to_json() const {
    switch (type) {
      case Type::null: return nullptr;
      case Type::boolean: return boolean;
      case Type::int64: return int64;
      case Type::uint64: return uint64;
      case Type::number: return number;
      case Type::string: return boost::json::string{string};
    }
    return nullptr;
  }
};

/// JSON text of a scalar for messages, cut at 40 characters.
std::string excerpt(const Scalar& value) {
  std::string text;
  switch (value.type) {
    case Scalar::Type::null: text = "null"; break;
    case Scalar::Type::boolean: text = value.boolean ? "true" : "false"; break;
    case Scalar::Type::int64: text = std::to_string(value.int64); break;
    case Scalar::Type::uint64: text = std::to_string(value.uint64); break;
    case Scalar::Type::number: text = boost::json::serialize(boost::json::value(value.number)); break;
    case Scalar::Type::string: text = boost::json::serialize(boost::json::string_view{value.string}); break;
  }
  if (text.size() > 40) text = text.substr(0, 37) + "...";
  return text;
}

Kind kind_of(const boost::json::value& v) {
  switch (v.kind()) {
    case boost::json::kind::null: return Kind::null;
    case boost::json::kind::bool_: return Kind::boolean;
    case boost::json::kind::int64:
    case boost::json::kind::uint64: return Kind::integer;
    case boost::json::kind::double_: return Kind::number;
    case boost::json::kind::string: return Kind::string;
    case boost::json::kind::array: return Kind::array;
    case boost::json::kind::object: return Kind::object;
  }
  return Kind::null;
}

/// What a type expects, as messages say it.
std::string_view expected_of(const Type& type) {
  switch (type.shape) {
    case Shape::boolean: return "boolean";
    case Shape::int32:
    case Shape::int64: return "integer";
    case Shape::number: return "number";
    case Shape::string: return "string";
    case Shape::date: return "date string";
    case Shape::date_time: return "date-time string";
    case Shape::date_or_time: return "date or date-time string";
    case Shape::enumeration: return type.integer_enum ? "integer" : "string";
    case Shape::any: return "value";
    case Shape::object:
    case Shape::model:
    case Shape::map: return "object";
    case Shape::array:
    case Shape::bool_array: return "array";
    case Shape::optional:
    case Shape::box: return expected_of(*type.element);
    case Shape::variant: return type.discriminator ? "an object" : "one of the alternatives";
    case Shape::upload: return "a file (never JSON)";
  }
  return "value";
}

std::string kind_problem(const Type& type, Kind got) {
  return "expected " + std::string{expected_of(type)} + ", got " + std::string{kind_name(got)};
}

// ---- scalars ------------------------------------------------------------------------------

template <class Int>
bool parse_integer(std::string_view text, Int& out) {
  if (text.empty()) return false;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc{} && end == text.data() + text.size();
}

/// The value as std::int64_t, or a problem. `20.0` is an integer written as a number (always);
/// `"20"` converts only when lenient.
std::optional<std::int64_t> integer_of(const Scalar& v, bool lenient, std::string& problem) {
  switch (v.type) {
    case Scalar::Type::int64: return v.int64;
    case Scalar::Type::uint64:
      if (v.uint64 > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
        problem = "integer " + excerpt(v) + " is out of range";
        return std::nullopt;
      }
      return static_cast<std::int64_t>(v.uint64);
    case Scalar::Type::number:
      if (std::trunc(v.number) == v.number && std::abs(v.number) < 9.0e15) return static_cast<std::int64_t>(v.number);
      break;
    case Scalar::Type::string:
      if (std::int64_t out = 0; lenient && parse_integer(v.string, out)) return out;
      break;
    default: break;
  }
  problem = "expected integer, got " + std::string{kind_name(v.kind())};
  return std::nullopt;
}

/// Whether `wire` is one of the values of the string enum `type`.
bool is_enum_value(const Type& type, std::string_view wire) {
  return std::any_of(type.values.begin(), type.values.end(), [&](const EnumEntry& entry) { return entry.text == wire; });
}

/// Sets the string enum `*target` of `type` from its wire value: a known value, or kept raw.
void set_string_enum(const Type& type, void* target, std::string_view wire) {
  // Enum<E> holds its state as its first and only member (zoom/enum.hpp).
  auto& out = *static_cast<zoom::detail::EnumState<std::string>*>(target);
  for (const EnumEntry& entry : type.values)
    if (entry.text == wire) {
      out.raw.clear();
      out.value = entry.value;
      out.known = true;
      return;
    }
  out.raw.assign(wire);
  out.value = 0;
  out.known = false;
}

/// Sets the scalar `*target` of `type` from `v`; returns the problem, empty when it fit.
std::string set_scalar(const Type& type, void* target, const Scalar& v, bool lenient) {
  std::string problem;
  switch (type.shape) {
    case Shape::boolean:
      if (v.type == Scalar::Type::boolean) *static_cast<bool*>(target) = v.boolean;
      else if (lenient && v.type == Scalar::Type::string && (v.string == "true" || v.string == "false"))
        *static_cast<bool*>(target) = v.string == "true";
      else return kind_problem(type, v.kind());
      return {};
    case Shape::int32:
    case Shape::int64: {
      const auto wide = integer_of(v, lenient, problem);
      if (!wide) return problem;
      if (type.shape == Shape::int32) {
        if (!std::in_range<std::int32_t>(*wide)) return "integer " + std::to_string(*wide) + " is out of range";
        *static_cast<std::int32_t*>(target) = static_cast<std::int32_t>(*wide);
      } else {
        *static_cast<std::int64_t*>(target) = *wide;
      }
      return {};
    }
    case Shape::number: {
      double& out = *static_cast<double*>(target);
      switch (v.type) {
        case Scalar::Type::number: out = v.number; return {};
        case Scalar::Type::int64: out = static_cast<double>(v.int64); return {};
        case Scalar::Type::uint64: out = static_cast<double>(v.uint64); return {};
        case Scalar::Type::string:
          if (double d = 0; lenient && !v.string.empty() &&
                            std::from_chars(v.string.data(), v.string.data() + v.string.size(), d).ptr ==
                                v.string.data() + v.string.size() &&
                            std::isfinite(d)) {
            out = d;
            return {};
          }
          break;
        default: break;
      }
      return kind_problem(type, v.kind());
    }
    case Shape::string: {
      std::string& out = *static_cast<std::string*>(target);
      if (v.type == Scalar::Type::string) out.assign(v.string);
      else if (lenient && (v.type == Scalar::Type::int64 || v.type == Scalar::Type::uint64 ||
                           v.type == Scalar::Type::number))
        out.assign(v.string);  // the number as it was written
      else if (lenient && v.type == Scalar::Type::boolean) out = v.boolean ? "true" : "false";
      else return kind_problem(type, v.kind());
      return {};
    }
    case Shape::date:
    case Shape::date_time:
    case Shape::date_or_time: {
      if (v.type != Scalar::Type::string) return kind_problem(type, v.kind());
      if (type.shape == Shape::date) {
        const auto date = parse_date(v.string);
        if (!date) return "expected a date (yyyy-mm-dd), got " + excerpt(v);
        *static_cast<Date*>(target) = *date;
      } else if (type.shape == Shape::date_time) {
        const auto time = parse_date_time(v.string);
        if (!time) return "expected a date-time (RFC 3339), got " + excerpt(v);
        *static_cast<DateTime*>(target) = *time;
      } else {
        const auto bound = parse_date_or_time(v.string);
        if (!bound) return "expected a date or a date-time (RFC 3339), got " + excerpt(v);
        *static_cast<DateOrTime*>(target) = *bound;
      }
      return {};
    }
    case Shape::enumeration: {
      // Enum<E> holds its state as its first and only member (zoom/enum.hpp).
      if (type.integer_enum) {
        auto& out = *static_cast<zoom::detail::EnumState<std::int64_t>*>(target);
        const auto wire = integer_of(v, lenient, problem);
        if (!wire) return problem;
        for (const EnumEntry& entry : type.values)
          if (entry.integer == *wire) {
            out = {0, entry.value, true};
            return {};
          }
        out = {*wire, 0, false};
        return {};
      }
      std::string_view wire;
      if (v.type == Scalar::Type::string) wire = v.string;
      else if (lenient && (v.type == Scalar::Type::int64 || v.type == Scalar::Type::uint64)) wire = v.string;
      else return kind_problem(type, v.kind());
      if (wire.empty() && lenient && !is_enum_value(type, wire)) return "expected one of the enum's values, got \"\"";
      set_string_enum(type, target, wire);
      return {};
    }
    default: return kind_problem(type, v.kind());
  }
}

/// Resets `*target` of `type` to its empty value.
void reset(const Type& type, void* target) {
  switch (type.shape) {
    case Shape::boolean: *static_cast<bool*>(target) = false; return;
    case Shape::int32: *static_cast<std::int32_t*>(target) = 0; return;
    case Shape::int64: *static_cast<std::int64_t*>(target) = 0; return;
    case Shape::number: *static_cast<double*>(target) = 0; return;
    case Shape::string: static_cast<std::string*>(target)->clear(); return;
    case Shape::date: *static_cast<Date*>(target) = Date{}; return;
    case Shape::date_time: *static_cast<DateTime*>(target) = DateTime{}; return;
    case Shape::date_or_time: *static_cast<DateOrTime*>(target) = DateOrTime{}; return;
    case Shape::any: *static_cast<boost::json::value*>(target) = nullptr; return;
    case Shape::object: static_cast<boost::json::object*>(target)->clear(); return;
    case Shape::bool_array: static_cast<std::vector<bool>*>(target)->clear(); return;
    case Shape::enumeration:
      if (type.integer_enum) *static_cast<zoom::detail::EnumState<std::int64_t>*>(target) = {};
      else *static_cast<zoom::detail::EnumState<std::string>*>(target) = {};
      return;
    case Shape::optional:
    case Shape::box:
    case Shape::array:
    case Shape::map: type.ops->clear(target); return;
    case Shape::model:
      for (const Member& member : type.members) reset(*member.type, static_cast<char*>(target) + member.offset);
      if (type.extra >= 0) reinterpret_cast<boost::json::object*>(static_cast<char*>(target) + type.extra)->clear();
      return;
    case Shape::variant: reset(*type.alternatives[0], type.ops->emplace(target, {}, 0)); return;
    case Shape::upload: return;
  }
}

/// The JSON kind a type is decoded from, for picking a variant's alternative.
bool accepts(const Type& type, Kind got) {
  switch (type.shape) {
    case Shape::boolean: return got == Kind::boolean;
    case Shape::int32:
    case Shape::int64: return got == Kind::integer;
    case Shape::number: return got == Kind::integer || got == Kind::number;
    case Shape::string:
    case Shape::date:
    case Shape::date_time:
    case Shape::date_or_time: return got == Kind::string;
    case Shape::enumeration: return got == (type.integer_enum ? Kind::integer : Kind::string);
    case Shape::any: return true;
    case Shape::object:
    case Shape::model:
    case Shape::map: return got == Kind::object;
    case Shape::array:
    case Shape::bool_array: return got == Kind::array;
    case Shape::optional:
    case Shape::box: return got == Kind::null || accepts(*type.element, got);
    case Shape::variant:
      return std::any_of(type.alternatives.begin(), type.alternatives.end(),
                         [&](const Type* alternative) { return accepts(*alternative, got); });
    case Shape::upload: return false;
  }
  return false;
}

// ---- member lookup --------------------------------------------------------------------------

/// name_hash (zoom/json/binding.hpp), which built the tables' indices at compile time, with word
/// loads where the machine is little-endian (the same value: name_hash reads bytes little-endian).
std::uint64_t hash(std::string_view key) noexcept {
  if constexpr (std::endian::native != std::endian::little) {
    return name_hash(key);
  } else {
    const std::size_t n = key.size();
    std::uint64_t head = 0, tail = 0;
    if (n >= 8) {
      std::memcpy(&head, key.data(), 8);
      std::memcpy(&tail, key.data() + n - 8, 8);
    } else if (n >= 4) {
      std::uint32_t h = 0, t = 0;
      std::memcpy(&h, key.data(), 4);
      std::memcpy(&t, key.data() + n - 4, 4);
      head = h;
      tail = t;
    } else {
      return name_hash(key);
    }
    const std::uint64_t h = (head ^ (tail * 0x9E3779B97F4A7C15ull) ^ n) * 0xBF58476D1CE4E5B9ull;
    return h ^ (h >> 31);
  }
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

// ---- the state ----------------------------------------------------------------------------

// Boost.JSON's default nesting limit (parse_options::max_depth), and the root's frame.
constexpr std::size_t max_frames = 32 + 1;

/// Where the next value goes.
struct Slot {
  const Type* type = nullptr;
  void* target = nullptr;
};

enum class FrameKind : unsigned char { model, map, array, capture };

/// One open object or array.
struct Frame {
  FrameKind kind = FrameKind::capture;
  bool array = false;
  const Type* type = nullptr;
  void* target = nullptr;
  std::string_view key{};       // object: the key being read (for paths)
  std::size_t count = 0;        // array: elements begun
  const char* first = nullptr;  // array: about where its first element began in the text
  std::size_t next = 0;         // model: the member after the last one read (keys usually come in order)
  std::uint64_t* seen = nullptr;  // model: one bit per member (in `few` when there are at most 64)
  std::uint64_t few = 0;
  bool parked = false;  // model: a value that did not fit was kept in its `extra` under a member's name
};

/// Where a value captured as JSON goes.
enum class CaptureTo : unsigned char { extra, value, object, variant, nowhere };

class State {
 public:
  State(Slot root, std::string_view text, const DecodeOptions& options, std::string prefix)
      : root_{root}, begin_{text.data()}, end_{text.data() + text.size()}, position_{text.data()},
        options_{options}, prefix_{std::move(prefix)} {}

  // Notes where the parser is, from a view of a key (not from the parser's own buffer, which holds
  // a key with escapes). Keys only: enough to size an array of models by its first element, and
  // no cost on values.
  void at(const char* p) noexcept {
    const std::less<const char*> before;  // a total order, also for pointers into other buffers
    if (!before(p, begin_) && before(p, end_)) position_ = p;
  }

  // ---- events ----
  void scalar(const Scalar& value) {
    // The commonest event: a model member's (or a map value's) value that fills it in place, the
    // slot the key just chose (ready_). Kept apart from the rest (scalar_slot), so that it costs no
    // more than it does: no array element to make, nothing to unwrap, no problem to build.
    if (ready_) {
      ready_ = false;
      if (fill_fast(*pending_.type, pending_.target, value)) return;
    }
    scalar_slot(value);
  }

  // A scalar for anything but the fast cases of scalar(): captured, an array element, the root,
  // a value that needs unwrapping or converting, or one that does not fit.
  void scalar_slot(const Scalar& value) {
    if (capturing()) {
      count_captured_element();
      check_finite(value);
      push_scalar(value);
      capture_value_done();
      return;
    }
    Slot slot = next_slot();
    check_finite(value);
    if (slot.target == &bool_element_value_) {  // std::vector<bool> has no element to point at
      std::string problem = set_scalar(*slot.type, slot.target, value, !options_.strict);
      if (!problem.empty()) bool_element_value_ = false;  // left empty, so that later elements keep their places
      static_cast<std::vector<bool>*>(frames_[depth_ - 1].target)->push_back(bool_element_value_);
      if (!problem.empty()) misfit(std::move(problem), value.to_json());
      return;
    }
    if (fill_fast(*slot.type, slot.target, value)) return;
    if (!unwrap(slot, value.kind())) return;
    switch (slot.type->shape) {
      case Shape::any:
        *static_cast<boost::json::value*>(slot.target) = value.to_json();
        return;
      case Shape::model:
      case Shape::map:
      case Shape::object:
      case Shape::array:
      case Shape::bool_array:
        if (value.type == Scalar::Type::null && slot.type->shape != Shape::model && slot.type->shape != Shape::object) {
          reset(*slot.type, slot.target);  // a null array or map is an empty one
          return;
        }
        return misfit(kind_problem(*slot.type, value.kind()), value.to_json());
      case Shape::variant: return misfit(kind_problem(*slot.type, value.kind()), value.to_json());
      default: break;
    }
    if (value.type == Scalar::Type::null) return misfit(kind_problem(*slot.type, Kind::null), nullptr);
    if (std::string problem = set_scalar(*slot.type, slot.target, value, !options_.strict); !problem.empty())
      misfit(std::move(problem), value.to_json());
  }

  void begin(bool array) {
    ready_ = false;
    if (capturing()) {
      count_captured_element();
      open(FrameKind::capture, array);
      ++capture_depth_;
      return;
    }
    Slot slot = next_slot();
    const Kind kind = array ? Kind::array : Kind::object;
    if (!unwrap(slot, kind)) {  // a discriminated variant's object, being captured
      open(FrameKind::capture, array);
      ++capture_depth_;
      return;
    }
    const Type& type = *slot.type;
    switch (type.shape) {
      case Shape::model:
        if (array) fail(kind_problem(type, kind) + never_lenient());
        open_model(slot);
        return;
      case Shape::map:
        if (array) fail(kind_problem(type, kind) + never_lenient());
        type.ops->clear(slot.target);
        open(FrameKind::map, false, &type, slot.target);
        return;
      case Shape::array:
      case Shape::bool_array:
        if (!array) fail(kind_problem(type, kind) + never_lenient());
        reset(type, slot.target);
        open(FrameKind::array, true, &type, slot.target);
        return;
      case Shape::any: return start_capture(CaptureTo::value, slot.target, array);
      case Shape::object:
        if (array) fail(kind_problem(type, kind) + never_lenient());
        return start_capture(CaptureTo::object, slot.target, array);
      default:  // a scalar member given an object or an array: kept whole, if it can be
        return misfit_container(kind_problem(type, kind), array);
    }
  }

  void end(std::size_t size) {
    Frame& frame = frames_[depth_ - 1];
    switch (frame.kind) {
      case FrameKind::capture:
        if (keeping()) {
          if (frame.array) stack_->push_array(size);
          else stack_->push_object(size);
        }
        close();
        --capture_depth_;
        capture_value_done();
        return;
      case FrameKind::model: end_model(frame); break;
      case FrameKind::array:
        // Reserved far too many: given back. Within four times, kept: moving every model again
        // would cost more than the room (the part never written is never touched).
        if (frame.next > 4 * frame.count + 8) frame.type->ops->reserve(frame.target, 0);
        break;
      case FrameKind::map: break;
    }
    close();
  }

  // A key of a model is the commonest event after a scalar, and it usually names the member after
  // the last one: that case is kept small enough to be inlined, calling nothing; the rest (a key
  // out of member order, an unknown or repeated key, a map's or a captured object's key) is out
  // of line.
  void key(std::string_view key) {
    Frame& top = frames_[depth_ - 1];
    if (top.kind != FrameKind::model) [[unlikely]]
      return other_key(top, key);
    const auto members = top.type->members;
    const std::size_t i = top.next;
    if (i >= members.size() || !same_text(members[i].name, key)) [[unlikely]]
      return key_out_of_order(top, key);
    take(top, i);
  }

  // ---- errors and paths ----
  // Why an object for an array (or the reverse) is an error even in lenient mode.
  std::string never_lenient() const {
    return options_.strict ? "" : " (an object never stands for an array, nor an array for an object, even when lenient)";
  }

  [[noreturn]] void fail(const std::string& problem) const { throw DecodeError(path(), problem); }

  std::string path(std::optional<std::string_view> member = std::nullopt) const {
    return path_of(depth_, member);
  }

 private:
  // The slot of the value that begins now: the next element of an open array, else the slot
  // the last key (or the root) chose. Sets member_ to the model member it is, if it is one.
  Slot next_slot() {
    if (depth_ > 0 && !frames_[depth_ - 1].array) return pending_;  // kept small, to be inlined
    return next_element();
  }
  // next_slot() for the root or an array's next element.
  Slot next_element() {
    member_ = Slot{};
    if (depth_ == 0) return root_;
    Frame& top = frames_[depth_ - 1];
    if (top.count++ == 0) top.first = position_;
    if (top.type->shape == Shape::bool_array) return {&bool_element_, &bool_element_value_};
    const Ops& ops = *top.type->ops;
    if (top.count == 2 && top.type->element->shape == Shape::model) {
      // models are costly to move: reserve once, judged by the first element (at most 4096: the
      // rest of the text may be much more than this array)
      top.next = 1 + std::min<std::size_t>(likely_elements_left(top, 64), 4096);
      ops.reserve(top.target, top.next);
    }
    return {top.type->element, ops.emplace(top.target, {}, 0)};
  }

  // How many more elements the open array `frame`, at its second element, likely holds: the
  // bytes left in the text over the bytes its first element took; never more than the bytes
  // left over `element_size`, so that a tiny first element before a long text reserves little.
  std::size_t likely_elements_left(const Frame& frame, std::size_t element_size) const noexcept {
    const auto first = static_cast<std::size_t>(position_ - frame.first);
    const auto left = static_cast<std::size_t>(end_ - position_);
    return first == 0 ? 0 : std::min(left / first, 4 * left / element_size);
  }

  // The commonest members filled in place: a std::optional of a string, an integer, a boolean, a
  // date-time or a string enum, or a string (the runtime knows their C++ type from the element's
  // table), given the JSON they are decoded from, and any std::optional given null; false for
  // anything else, and for a value that does not convert (the general path reports it). Inlined
  // where it is used; what takes more than a few instructions is called out of line, so that the
  // event's path needs few registers.
  [[gnu::always_inline]] static bool fill_fast(const Type& type, void* target, const Scalar& value) {
    if (type.shape == Shape::optional) {
      const Type* element = type.element;
      switch (value.type) {
        case Scalar::Type::string:
          if (element == &types::string) {
            emplace_string(target, value.string);
            return true;
          }
          if (element == &types::date_time) return set_optional_date_time(target, value.string);
          // an empty string may be a problem (lenient), left to set_scalar
          if (element->shape == Shape::enumeration && !element->integer_enum && !value.string.empty()) {
            set_optional_string_enum(type, target, value.string);
            return true;
          }
          return false;
        case Scalar::Type::int64:
          if (element != &types::int64) return false;
          *static_cast<std::optional<std::int64_t>*>(target) = value.int64;
          return true;
        case Scalar::Type::boolean:
          if (element != &types::boolean) return false;
          *static_cast<std::optional<bool>*>(target) = value.boolean;
          return true;
        case Scalar::Type::null:  // whatever the element
          type.ops->clear(target);
          return true;
        default: return false;
      }
    }
    if (&type == &types::string && value.type == Scalar::Type::string) {
      assign_string(target, value.string);
      return true;
    }
    return false;
  }
  [[gnu::noinline]] static void emplace_string(void* target, std::string_view text) {
    static_cast<std::optional<std::string>*>(target)->emplace(text);
  }
  [[gnu::noinline]] static void assign_string(void* target, std::string_view text) {
    static_cast<std::string*>(target)->assign(text);
  }
  [[gnu::noinline]] static bool set_optional_date_time(void* target, std::string_view text) {
    const auto time = parse_date_time(text);
    if (!time) return false;
    *static_cast<std::optional<DateTime>*>(target) = *time;
    return true;
  }
  [[gnu::noinline]] static void set_optional_string_enum(const Type& type, void* target, std::string_view text) {
    set_string_enum(*type.element, type.ops->emplace(target, {}, 0), text);
  }

  // Steps through optionals, boxes and variants to the value the event fills. False when the
  // event is taken care of (null for an optional, a value kept aside, a discriminated
  // variant's object being captured).
  bool unwrap(Slot& slot, Kind got) {
    while (true) {
      const Type& type = *slot.type;
      switch (type.shape) {
        case Shape::optional:
        case Shape::box:
          if (got == Kind::null) {
            type.ops->clear(slot.target);
            return false;
          }
          slot = {type.element, type.ops->emplace(slot.target, {}, 0)};
          continue;
        case Shape::variant: {
          if (type.discriminator) {
            if (got != Kind::object) return true;  // the caller reports the mismatch
            variant_ = slot;
            variant_member_ = member_;
            variant_depth_ = depth_;
            start_capture_raw(CaptureTo::variant, nullptr);
            return false;
          }
          std::size_t i = 0;
          while (i < type.alternatives.size() && !accepts(*type.alternatives[i], got)) ++i;
          if (i == type.alternatives.size()) return true;  // the caller reports the mismatch
          slot = {type.alternatives[i], type.ops->emplace(slot.target, {}, i)};
          continue;
        }
        default: return true;
      }
    }
  }

  // A scalar value that does not fit: strict, an error; lenient, kept in the model's `extra`
  // under its key (when the value is a model's member) and reported.
  // The document itself that does not fit is an error even when lenient: there is nothing to
  // keep it in, and an empty result would pass for an empty page.
  void misfit(std::string problem, boost::json::value raw) {
    if (options_.strict || depth_ == 0) fail(problem);
    report(problem);
    if (!member_.type) return;  // an array element or map value: left empty
    reset(*member_.type, member_.target);
    if (boost::json::object* extra = model_extra()) {
      extra->insert_or_assign(frames_[depth_ - 1].key, std::move(raw));
      frames_[depth_ - 1].parked = true;
    }
  }

  // An object or array for a scalar member: kept whole in `extra`, like a scalar that does not fit.
  void misfit_container(std::string problem, bool array) {
    if (options_.strict || depth_ == 0) fail(problem);
    report(problem);
    boost::json::object* extra = member_.type ? model_extra() : nullptr;
    if (member_.type) reset(*member_.type, member_.target);
    if (!extra) {
      start_capture_raw(CaptureTo::nowhere, nullptr);
    } else {
      capture_key_.assign(frames_[depth_ - 1].key);
      frames_[depth_ - 1].parked = true;
      start_capture_raw(CaptureTo::extra, extra);
    }
    open(FrameKind::capture, array);
    ++capture_depth_;
  }

  void report(const std::string& problem, std::optional<std::string_view> member = std::nullopt) {
    if (options_.on_mismatch) options_.on_mismatch(Mismatch{path(member), problem});
  }

  boost::json::object* model_extra() {
    if (depth_ == 0) return nullptr;
    const Frame& top = frames_[depth_ - 1];
    if (top.kind != FrameKind::model || top.type->extra < 0) return nullptr;
    return reinterpret_cast<boost::json::object*>(static_cast<char*>(top.target) + top.type->extra);
  }

  // ---- keys out of the common order ----
  // A key of a map, or of an object being captured.
  [[gnu::noinline]] void other_key(Frame& top, std::string_view key) {
    if (top.kind == FrameKind::capture) {
      if (keeping()) stack_->push_key(key);
      frame_keys_[depth_ - 1].assign(key);
      top.key = frame_keys_[depth_ - 1];
      return;
    }
    // a map
    void* value = top.type->ops->emplace(top.target, key, 0);
    frame_keys_[depth_ - 1].assign(key);
    top.key = frame_keys_[depth_ - 1];
    pending_ = {top.type->element, value};
    member_ = Slot{};
    ready_ = true;
  }

  // A key the model has no member for: its value kept in `extra`, or skipped.
  [[gnu::noinline]] void unknown_key(Frame& top, std::string_view key) {
    if (top.type->extra >= 0) {
      start_capture_extra(top, key);
      return;
    }
    frame_keys_[depth_ - 1].assign(key);
    top.key = frame_keys_[depth_ - 1];
    capture_to_ = CaptureTo::nowhere;
    capture_pending_ = true;
  }

  // A model's key that is not the member after the last one read: found by its name.
  [[gnu::noinline]] void key_out_of_order(Frame& top, std::string_view key) {
    const std::size_t i = find(*top.type, key);
    if (i == top.type->members.size()) [[unlikely]]
      return unknown_key(top, key);
    take(top, i);
  }

  // The model member `i` of `top` takes the value that follows: the first value of the member, or
  // (out of line) one that replaces a value given before.
  [[gnu::always_inline]] void take(Frame& top, std::size_t i) {
    std::uint64_t& word = top.seen[i / 64];
    const std::uint64_t bit = std::uint64_t{1} << (i % 64);
    if ((word & bit) != 0 || top.parked) [[unlikely]]
      return take_again(top, i);
    word |= bit;
    choose(top, i);
  }

  // The model member `i` of `top` takes the value that follows, which may replace one given
  // before (a repeated key: its last value wins) or one kept aside in `extra`.
  [[gnu::noinline]] void take_again(Frame& top, std::size_t i) {
    const Member& member = top.type->members[i];
    std::uint64_t& word = top.seen[i / 64];
    const std::uint64_t bit = std::uint64_t{1} << (i % 64);
    if ((word & bit) != 0) reset(*member.type, static_cast<char*>(top.target) + member.offset);
    if (top.parked)
      reinterpret_cast<boost::json::object*>(static_cast<char*>(top.target) + top.type->extra)->erase(member.name);
    word |= bit;
    choose(top, i);
  }

  // The model member `i` of `top` takes the value that follows.
  void choose(Frame& top, std::size_t i) {
    const Member& member = top.type->members[i];
    top.next = i + 1;
    top.key = member.name;
    pending_ = {member.type, static_cast<char*>(top.target) + member.offset};
    member_ = pending_;
    ready_ = true;
  }

  // ---- models ----
  // The member named `key`, or members.size(), by the name index (a table without one, written by
  // hand, is searched in order).
  static std::size_t find(const Type& type, std::string_view key) noexcept {
    const auto members = type.members;
    const auto index = type.index;
    if (index.empty()) {
      for (std::size_t i = 0; i < members.size(); ++i)
        if (members[i].name == key) return i;
      return members.size();
    }
    const std::size_t mask = index.size() - 1;
    for (std::size_t at = hash(key) & mask;; at = (at + 1) & mask) {
      const std::uint16_t i = index[at];
      if (i == no_member) return members.size();
      if (same_text(members[i].name, key)) return i;
    }
  }

  void open_model(Slot slot) {
    const Type& type = *slot.type;
    if (type.extra >= 0) reinterpret_cast<boost::json::object*>(static_cast<char*>(slot.target) + type.extra)->clear();
    const std::size_t bits = type.members.size();
    if (bits > 64) {
      frame_seen_[depth_] = seen_.size();
      seen_.resize(seen_.size() + (bits + 63) / 64, 0);
    }
    Frame& opened = open(FrameKind::model, false, &type, slot.target);
    opened.seen = bits > 64 ? nullptr : &opened.few;
    if (bits > 64) rebase_seen();
  }

  // Every open large model's bits, after seen_ may have moved.
  void rebase_seen() {
    for (std::size_t i = 0; i < depth_; ++i)
      if (frames_[i].kind == FrameKind::model && frames_[i].type->members.size() > 64)
        frames_[i].seen = seen_.data() + frame_seen_[i];
  }

  void end_model(Frame& frame) {
    const auto members = frame.type->members;
    for (std::size_t w = 0; w * 64 < members.size(); ++w) {  // only the members not seen, in order
      const std::size_t in_word = std::min<std::size_t>(64, members.size() - w * 64);
      std::uint64_t missing = ~frame.seen[w] & (in_word == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << in_word) - 1);
      if (members.size() <= 64) missing &= required_of(*frame.type);  // most members are optional
      for (; missing != 0; missing &= missing - 1) {
        const Member& member = members[w * 64 + static_cast<std::size_t>(std::countr_zero(missing))];
        if (!member.required) continue;
        const std::string problem = "required field is missing";
        if (options_.strict) throw DecodeError(path(member.name), problem);
        report(problem, member.name);
      }
    }
    if (members.size() > 64) seen_.resize(frame_seen_[depth_ - 1]);
  }

  // The required members of a model of at most 64 members, one bit each; worked out once per
  // model type in a decode (kept in a small cache by the type's address), so that the end of an
  // object need not look at each optional member it lacks.
  std::uint64_t required_of(const Type& type) noexcept {
    const auto slot = (reinterpret_cast<std::uintptr_t>(&type) * 0x9E3779B97F4A7C15ull) >> (64 - 4);
    Required& known = required_[slot];
    if (known.type != &type) {
      std::uint64_t mask = 0;
      for (std::size_t i = 0; i < type.members.size(); ++i)
        if (type.members[i].required) mask |= std::uint64_t{1} << i;
      known = {&type, mask};
    }
    return known.mask;
  }

  // An element of an array being captured: counted, for the paths of what is inside it.
  void count_captured_element() {
    if (depth_ > 0 && frames_[depth_ - 1].array) ++frames_[depth_ - 1].count;
  }

  // Boost.JSON reads a number beyond a double's range (`1e400`) as infinity, which no JSON can
  // hold; refused as the DOM parse refuses it.
  void check_finite(const Scalar& value) const {
    if (value.type == Scalar::Type::number && !std::isfinite(value.number))
      fail("number out of range (a double holds up to 1.8e308)");
  }

  // ---- frames ----
  // A new frame, written in place: a Frame put together on the stack and then copied is read
  // back in wide loads right after its narrow stores, which stalls the processor.
  Frame& open(FrameKind kind, bool array, const Type* type = nullptr, void* target = nullptr) {
    if (depth_ == max_frames) fail("nested too deeply");  // the parser stops before this
    Frame& frame = frames_[depth_++];
    frame = Frame{};
    frame.kind = kind;
    frame.array = array;
    frame.type = type;
    frame.target = target;
    return frame;
  }
  void close() { --depth_; }

  // ---- capturing: values pushed onto the value stack until the outermost one is complete ----
  bool capturing() const noexcept { return capture_depth_ > 0 || capture_pending_; }
  bool keeping() const noexcept { return capture_to_ != CaptureTo::nowhere; }

  void start_capture_raw(CaptureTo to, void* destination) {
    capture_to_ = to;
    capture_destination_ = destination;
    capture_depth_ = 0;
    if (keeping()) {
      if (!stack_) stack_.emplace();
      stack_->reset();
    }
  }
  // The value that begins now (an object or array) kept as JSON.
  void start_capture(CaptureTo to, void* destination, bool array) {
    start_capture_raw(to, destination);
    open(FrameKind::capture, array);
    ++capture_depth_;
  }
  // The value of an unknown key, kept in the model's `extra`.
  void start_capture_extra(Frame& top, std::string_view key) {
    capture_key_.assign(key);
    top.key = capture_key_;
    auto* extra = reinterpret_cast<boost::json::object*>(static_cast<char*>(top.target) + top.type->extra);
    start_capture_raw(CaptureTo::extra, extra);
    capture_pending_ = true;
  }
  void push_scalar(const Scalar& value) {
    if (!keeping()) return;
    auto& stack = *stack_;
    switch (value.type) {
      case Scalar::Type::null: stack.push_null(); break;
      case Scalar::Type::boolean: stack.push_bool(value.boolean); break;
      case Scalar::Type::int64: stack.push_int64(value.int64); break;
      case Scalar::Type::uint64: stack.push_uint64(value.uint64); break;
      case Scalar::Type::number: stack.push_double(value.number); break;
      case Scalar::Type::string: stack.push_string(value.string); break;
    }
  }
  void capture_value_done() {
    if (capture_depth_ != 0) return;
    capture_pending_ = false;
    if (!keeping()) return;
    boost::json::value value = stack_->release();
    const CaptureTo to = capture_to_;
    capture_to_ = CaptureTo::nowhere;
    switch (to) {
      case CaptureTo::extra:
        static_cast<boost::json::object*>(capture_destination_)->insert_or_assign(capture_key_, std::move(value));
        break;
      case CaptureTo::value: *static_cast<boost::json::value*>(capture_destination_) = std::move(value); break;
      case CaptureTo::object:
        *static_cast<boost::json::object*>(capture_destination_) = std::move(value.get_object());
        break;
      case CaptureTo::variant: decode_discriminated(std::move(value)); break;
      case CaptureTo::nowhere: break;
    }
  }

  // A discriminated variant's object, captured whole (its property may come last): decoded as
  // the alternative its property names.
  void decode_discriminated(boost::json::value value) {
    const Type& type = *variant_.type;
    const Discriminator& discriminator = *type.discriminator;
    const std::string property{discriminator.property};
    std::string problem;
    std::optional<std::string_view> at;
    std::size_t index = type.alternatives.size();
    const boost::json::value* named = value.get_object().if_contains(discriminator.property);
    if (!named) {
      problem = "the property \"" + property + "\" that says which alternative this is is missing";
    } else if (!named->is_string()) {
      at = discriminator.property;
      problem = "expected a string naming the alternative, got " + std::string{kind_name(kind_of(*named))};
    } else {
      for (const auto& [name, i] : discriminator.values)
        if (name == named->get_string()) index = i;
      if (index == type.alternatives.size()) {
        at = discriminator.property;
        std::string known;
        for (const auto& [name, i] : discriminator.values) known += (known.empty() ? "" : ", ") + std::string{name};
        problem = "\"" + std::string{named->get_string()} + "\" names no alternative (expected one of " + known + ")";
      }
    }
    // The value's own path: the frames below the object, which is closed by now.
    const std::string here = path_of(variant_depth_, std::nullopt);
    if (!problem.empty()) {
      const std::string where = at ? join(here, *at) : here;
      if (options_.strict || variant_depth_ == 0) throw DecodeError(where, problem);
      if (options_.on_mismatch) options_.on_mismatch(Mismatch{where, problem});
      if (variant_member_.type && variant_depth_ > 0) {
        reset(*variant_member_.type, variant_member_.target);
        Frame& owner = frames_[variant_depth_ - 1];
        if (owner.kind == FrameKind::model && owner.type->extra >= 0) {
          reinterpret_cast<boost::json::object*>(static_cast<char*>(owner.target) + owner.type->extra)
              ->insert_or_assign(owner.key, std::move(value));
          owner.parked = true;
        }
      }
      return;
    }
    void* alternative = type.ops->emplace(variant_.target, {}, index);
    const std::string text = boost::json::serialize(value);
    run(text, {type.alternatives[index], alternative}, options_, here);
  }

 public:
  static std::string join(const std::string& path, std::string_view key) {
    std::string out = path;
    if (!out.empty() && !key.empty() && key.front() != '[') out += '.';
    out += key;
    return out;
  }

  static void run(std::string_view text, Slot root, const DecodeOptions& options, std::string prefix);

 private:
  // The JSON path through the first `frames` frames, with `member` of the innermost appended.
  std::string path_of(std::size_t frames, std::optional<std::string_view> member) const {
    std::string out = prefix_;
    for (std::size_t i = 0; i < frames; ++i) {
      const Frame& frame = frames_[i];
      if (!frame.array) {
        if (i + 1 == frames && member) break;  // the member named instead of the key being read
        out = join(out, frame.key);
      } else if (frame.count > 0) {
        out += '[' + std::to_string(frame.count - 1) + ']';
      }
    }
    if (member) out = join(out, *member);
    return out;
  }

  Slot root_;
  const char* begin_;
  const char* end_;
  const char* position_;
  const DecodeOptions& options_;
  std::string prefix_;

  Slot pending_{};
  bool ready_ = false;  // the next scalar fills pending_: the member (or map value) a key just chose
  Slot member_{};  // the model member the value being read fills, or none
  std::array<Frame, max_frames> frames_{};
  std::array<std::size_t, max_frames> frame_seen_{};
  std::array<std::string, max_frames> frame_keys_{};
  std::size_t depth_ = 0;
  std::vector<std::uint64_t> seen_;
  struct Required {
    const Type* type = nullptr;
    std::uint64_t mask = 0;
  };
  std::array<Required, 16> required_{};  // required_of's cache

  bool bool_element_value_ = false;
  static const Type bool_element_;

  CaptureTo capture_to_ = CaptureTo::nowhere;
  void* capture_destination_ = nullptr;
  std::string capture_key_;
  std::size_t capture_depth_ = 0;
  bool capture_pending_ = false;  // the next value is captured (an unknown key's)
  std::optional<boost::json::value_stack> stack_;

  Slot variant_{};
  Slot variant_member_{};
  std::size_t variant_depth_ = 0;

  friend class Handler;
};

const Type State::bool_element_{.shape = Shape::boolean};

// The parser's handler: strings and keys put together from their parts, then passed on.
class Handler {
 public:
  static constexpr std::size_t max_array_size = std::numeric_limits<std::size_t>::max();
  static constexpr std::size_t max_object_size = std::numeric_limits<std::size_t>::max();
  static constexpr std::size_t max_string_size = std::numeric_limits<std::size_t>::max();
  static constexpr std::size_t max_key_size = std::numeric_limits<std::size_t>::max();

  explicit Handler(State& state) : state_{state} {}

  using error_code = boost::system::error_code;

  bool on_document_begin(error_code&) { return true; }
  bool on_document_end(error_code&) { return true; }
  bool on_array_begin(error_code&) {
    state_.begin(true);
    return true;
  }
  bool on_array_end(std::size_t n, error_code&) {
    end(n);
    return true;
  }
  bool on_object_begin(error_code&) {
    state_.begin(false);
    return true;
  }
  bool on_object_end(std::size_t n, error_code&) {
    end(n);
    return true;
  }
  bool on_string_part(std::string_view s, std::size_t, error_code&) {
    buffer_.append(s);
    return true;
  }
  bool on_string(std::string_view s, std::size_t, error_code&) {
    if (!buffer_.empty()) [[unlikely]]
      return parted(s, [&](std::string_view whole) { state_.scalar(Scalar{.type = Scalar::Type::string, .string = whole}); });
    state_.scalar(Scalar{.type = Scalar::Type::string, .string = s});
    return true;
  }
  bool on_key_part(std::string_view s, std::size_t, error_code&) {
    buffer_.append(s);
    return true;
  }
  bool on_key(std::string_view s, std::size_t, error_code&) {
    state_.at(s.data());
    if (!buffer_.empty()) [[unlikely]]
      return parted(s, [&](std::string_view whole) { state_.key(whole); });
    state_.key(s);
    return true;
  }
  bool on_number_part(std::string_view s, error_code&) {
    buffer_.append(s);
    return true;
  }
  bool on_int64(std::int64_t i, std::string_view s, error_code&) {
    return number(s, Scalar{.type = Scalar::Type::int64, .int64 = i});
  }
  bool on_uint64(std::uint64_t u, std::string_view s, error_code&) {
    return number(s, Scalar{.type = Scalar::Type::uint64, .uint64 = u});
  }
  bool on_double(double d, std::string_view s, error_code&) {
    return number(s, Scalar{.type = Scalar::Type::number, .number = d});
  }
  bool on_bool(bool b, error_code&) { return scalar(Scalar{.type = Scalar::Type::boolean, .boolean = b}); }
  bool on_null(error_code&) { return scalar(Scalar{}); }
  bool on_comment_part(std::string_view, error_code&) { return true; }
  bool on_comment(std::string_view, error_code&) { return true; }

 private:
  void end(std::size_t n) { state_.end(n); }
  // A string, key or number the parser gave in parts (it crossed a buffer, or held escapes):
  // `take` given it whole, its parts then let go.
  template <class Take>
  [[gnu::noinline]] bool parted(std::string_view last, Take take) {
    buffer_.append(last);
    take(std::string_view{buffer_});
    buffer_.clear();
    return true;
  }
  bool number(std::string_view s, Scalar value) {
    // the number as written, for a string member that gets one
    if (!buffer_.empty()) [[unlikely]]
      return parted(s, [&](std::string_view whole) {
        value.string = whole;
        state_.scalar(value);
      });
    value.string = s;
    state_.scalar(value);
    return true;
  }
  bool scalar(const Scalar& value) {
    state_.scalar(value);
    return true;
  }

  State& state_;
  std::string buffer_;
};

void State::run(std::string_view text, Slot root, const DecodeOptions& options, std::string prefix) {
  State decoding{root, text, options, std::move(prefix)};
  boost::json::basic_parser<Handler> parser{boost::json::parse_options{}, decoding};
  boost::system::error_code ec;
  const std::size_t used = parser.write_some(false, text.data(), text.size(), ec);
  if (!ec && used < text.size()) ec = boost::json::error::extra_data;
  if (ec) {
    if (text.empty()) throw DecodeError("", "invalid JSON: the body is empty");
    throw DecodeError("", "invalid JSON at byte " + std::to_string(used) + " of " + std::to_string(text.size()) +
                              ": " + ec.message());
  }
}

}  // namespace

void decode(std::string_view text, const Type& type, void* out, const DecodeOptions& options) {
  State::run(text, Slot{&type, out}, options, {});
}

}  // namespace zoom::json::detail
