// The direct decoder's parser and state (see zoom/json/direct.hpp): Boost.JSON's push parser,
// compiled once here, routing its events through the frames to the type tables.
#include <zoom/json.hpp>

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value_stack.hpp>

#include <cmath>
#include <functional>
#include <limits>
#include <optional>
#include <vector>

namespace zoom::json::detail::direct {
namespace {

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

// Boost.JSON's default nesting limit (parse_options::max_depth), and the root's frame.
constexpr std::size_t max_frames = 32 + 1;

// A value kept as JSON: pushed onto a value_stack event by event, then moved where it goes.
Slot capturing();

class State final : public Decoder {
 public:
  State(Slot root, std::string_view text) : root_{root}, begin_{text.data()} {
    position_ = text.data();
    end_ = text.data() + text.size();
  }

  // Notes where the parser is, from a view of a key or value (not from the parser's own buffer,
  // which holds a key or string with escapes).
  void at(const char* p) noexcept {
    const std::less<const char*> before;  // a total order, also for pointers into other buffers
    if (!before(p, begin_) && before(p, end_)) position_ = p;
  }

  // The slot of the value that begins now: the next element of an open array, else the slot
  // the last key (or the root) chose.
  Slot next_slot() {
    if (depth_ == 0) return root_;
    Frame& top = frames_[depth_ - 1];
    if (!top.array) return pending_;
    if (top.count++ == 0) top.first = position_;
    return top.slot.ops->element(top.slot.target, top, *this);
  }

  void open(Slot frame_slot, bool array) {
    if (depth_ == max_frames) fail("nested too deeply");  // the parser stops before this
    Frame& frame = frames_[depth_];
    frame = Frame{frame_slot, array};
    const std::size_t bits = frame_slot.ops->seen_bits;
    if (bits > 0 && bits <= 64) {
      frame.seen = &frame.few;
    } else if (bits > 64) {
      frame_seen_[depth_] = seen_.size();
      seen_.resize(seen_.size() + (bits + 63) / 64, 0);
      if (seen_.data() != seen_data_) {  // moved: every open large model's bits are elsewhere now
        seen_data_ = seen_.data();
        for (std::size_t i = 0; i < depth_; ++i)
          if (frames_[i].slot.ops->seen_bits > 64) frames_[i].seen = seen_data_ + frame_seen_[i];
      }
      frame.seen = seen_data_ + frame_seen_[depth_];
    }
    ++depth_;
  }

  void close(std::size_t size) {
    Frame& frame = frames_[depth_ - 1];
    frame.slot.ops->end(frame.slot.target, frame, size, *this);
    if (frame.slot.ops->seen_bits > 64) seen_.resize(frame_seen_[depth_ - 1]);
    --depth_;
  }

  void key(std::string_view key) {
    Frame& top = frames_[depth_ - 1];
    pending_ = top.slot.ops->key(top.slot.target, key, top, *this);
  }

  // Capturing: values pushed onto the value stack until the outermost one is complete.
  Slot start_capture(CaptureTo to, void* destination, Frame* frame, std::string_view key) {
    capture_to_ = to;
    capture_destination_ = destination;
    if (frame) {
      capture_key_.assign(key);
      frame->key = capture_key_;
    }
    capture_depth_ = 0;
    if (to != CaptureTo::nowhere) {
      if (!stack_) stack_.emplace();
      stack_->reset();
    }
    return capturing();
  }
  bool keeping() const { return capture_to_ != CaptureTo::nowhere; }
  boost::json::value_stack& stack() { return *stack_; }
  void capture_opened() { ++capture_depth_; }
  void capture_closed() { --capture_depth_; }
  void capture_value_done() {
    if (capture_depth_ != 0) return;
    if (!keeping()) return;
    boost::json::value value = stack_->release();
    switch (capture_to_) {
      case CaptureTo::extra:
        static_cast<boost::json::object*>(capture_destination_)->insert_or_assign(capture_key_, std::move(value));
        break;
      case CaptureTo::value: *static_cast<boost::json::value*>(capture_destination_) = std::move(value); break;
      case CaptureTo::object:
        *static_cast<boost::json::object*>(capture_destination_) = std::move(value.get_object());
        break;
      case CaptureTo::converted: convert_(std::move(value), capture_destination_, *this); break;
      case CaptureTo::nowhere: break;
    }
  }
  Slot start_converted(Convert convert, void* destination) {
    convert_ = convert;
    return start_capture(CaptureTo::converted, destination, nullptr, {});
  }
  // The key of a captured object's member, kept for error paths (the parser's is transient).
  void capture_key(Frame& frame, std::string_view key) {
    frame_keys_[depth_ - 1].assign(key);
    frame.key = frame_keys_[depth_ - 1];
  }

  // The JSON path of the value being read, or with `member`, of that member of the innermost
  // open object; rendered by Path, as the DOM walker renders it.
  std::string path(std::optional<std::string_view> member = std::nullopt) const {
    return path_of(member ? depth_ - 1 : depth_, member);
  }
  // The path of the object whose frame is being closed (the innermost open one).
  std::string path_of_closing() const { return path_of(depth_ - 1, std::nullopt); }

 private:
  std::string path_of(std::size_t frames, std::optional<std::string_view> member) const {
    std::vector<Path> chain;
    chain.reserve(frames + 2);
    chain.push_back(Path{});
    for (std::size_t i = 0; i < frames; ++i) {
      const Frame& frame = frames_[i];
      if (!frame.array) chain.push_back(Path{&chain.back(), frame.key});
      else if (frame.count > 0) chain.push_back(Path{&chain.back(), {}, frame.count - 1, true});
    }
    if (member) chain.push_back(Path{&chain.back(), *member});
    return chain.back().str();
  }

  Slot root_;
  const char* begin_;
  Slot pending_{};
  std::array<Frame, max_frames> frames_{};
  std::array<std::size_t, max_frames> frame_seen_{};
  std::array<std::string, max_frames> frame_keys_{};
  std::size_t depth_ = 0;
  std::vector<std::uint64_t> seen_;
  std::uint64_t* seen_data_ = nullptr;

  CaptureTo capture_to_ = CaptureTo::nowhere;
  Convert convert_ = nullptr;
  void* capture_destination_ = nullptr;
  std::string capture_key_;
  std::size_t capture_depth_ = 0;
  std::optional<boost::json::value_stack> stack_;
};

State& state(Decoder& decoder) { return static_cast<State&>(decoder); }

// The capture table: every event goes onto the value stack (or nowhere).
void capture_scalar(void*, const Scalar& value, Decoder& decoder) {
  State& s = state(decoder);
  if (s.keeping()) {
    auto& stack = s.stack();
    switch (value.type) {
      case Scalar::Type::null: stack.push_null(); break;
      case Scalar::Type::boolean: stack.push_bool(value.boolean); break;
      case Scalar::Type::int64: stack.push_int64(value.int64); break;
      case Scalar::Type::uint64: stack.push_uint64(value.uint64); break;
      case Scalar::Type::number: stack.push_double(value.number); break;
      case Scalar::Type::string: stack.push_string(value.string); break;
    }
  }
  s.capture_value_done();
}
Slot capturing();
Slot capture_begin(void*, Decoder& decoder) {
  state(decoder).capture_opened();
  return capturing();
}
Slot capture_key(void*, std::string_view key, Frame& frame, Decoder& decoder) {
  State& s = state(decoder);
  if (s.keeping()) s.stack().push_key(key);
  s.capture_key(frame, key);
  return capturing();
}
Slot capture_element(void*, Frame&, Decoder&) { return capturing(); }
void capture_end(void*, Frame& frame, std::size_t size, Decoder& decoder) {
  State& s = state(decoder);
  if (s.keeping()) {
    if (frame.array) s.stack().push_array(size);
    else s.stack().push_object(size);
  }
  s.capture_closed();
  s.capture_value_done();
}
constexpr Ops capture_ops{&capture_scalar, &capture_begin, &capture_begin, &capture_key, &capture_element, &capture_end, 0};
Slot capturing() { return {&capture_ops, nullptr}; }

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
    const Slot slot = state_.next_slot();
    state_.open(slot.ops->begin_array(slot.target, state_), true);
    return true;
  }
  bool on_array_end(std::size_t n, error_code&) {
    state_.close(n);
    return true;
  }
  bool on_object_begin(error_code&) {
    const Slot slot = state_.next_slot();
    state_.open(slot.ops->begin_object(slot.target, state_), false);
    return true;
  }
  bool on_object_end(std::size_t n, error_code&) {
    state_.close(n);
    return true;
  }
  bool on_string_part(std::string_view s, std::size_t, error_code&) {
    buffer_.append(s);
    return true;
  }
  bool on_string(std::string_view s, std::size_t, error_code&) {
    scalar(s, Scalar{.type = Scalar::Type::string, .string = whole(s)});
    buffer_.clear();
    return true;
  }
  bool on_key_part(std::string_view s, std::size_t, error_code&) {
    buffer_.append(s);
    return true;
  }
  bool on_key(std::string_view s, std::size_t, error_code&) {
    state_.at(s.data());
    state_.key(whole(s));
    buffer_.clear();
    return true;
  }
  bool on_number_part(std::string_view, error_code&) { return true; }
  bool on_int64(std::int64_t i, std::string_view s, error_code&) {
    return scalar(s, Scalar{.type = Scalar::Type::int64, .int64 = i});
  }
  bool on_uint64(std::uint64_t u, std::string_view s, error_code&) {
    return scalar(s, Scalar{.type = Scalar::Type::uint64, .uint64 = u});
  }
  bool on_double(double d, std::string_view s, error_code&) {
    return scalar(s, Scalar{.type = Scalar::Type::number, .number = d});
  }
  bool on_bool(bool b, error_code&) { return scalar({}, Scalar{.type = Scalar::Type::boolean, .boolean = b}); }
  bool on_null(error_code&) { return scalar({}, Scalar{}); }
  bool on_comment_part(std::string_view, error_code&) { return true; }
  bool on_comment(std::string_view, error_code&) { return true; }

 private:
  std::string_view whole(std::string_view last) {
    if (buffer_.empty()) return last;
    buffer_.append(last);
    return buffer_;
  }
  // A scalar, `text` being where it was in the text (when the parser says).
  bool scalar(std::string_view text, const Scalar& value) {
    if (!text.empty()) state_.at(text.data());
    const Slot slot = state_.next_slot();
    // Boost.JSON reads a number beyond a double's range (`1e400`) as infinity, which no JSON
    // can hold; refused as the DOM parse refuses it.
    if (value.type == Scalar::Type::number && !std::isfinite(value.number))
      state_.fail("number out of range (a double holds up to 1.8e308)");
    slot.ops->scalar(slot.target, value, state_);
    return true;
  }

  State& state_;
  std::string buffer_;
};

}  // namespace

void Decoder::fail_kind(std::string_view expected, Kind got) const {
  throw DecodeError(static_cast<const State&>(*this).path(),
                    "expected " + std::string{expected} + ", got " + std::string{kind_name(got)});
}

void Decoder::fail(const std::string& problem) const {
  throw DecodeError(static_cast<const State&>(*this).path(), problem);
}

void Decoder::fail_member(std::string_view member, const std::string& problem) const {
  throw DecodeError(static_cast<const State&>(*this).path(member), problem);
}

Slot Decoder::capture(CaptureTo to, void* destination, Frame* frame, std::string_view key) {
  return static_cast<State&>(*this).start_capture(to, destination, frame, key);
}

Slot Decoder::capture_converted(Convert convert, void* destination) {
  return static_cast<State&>(*this).start_converted(convert, destination);
}

void Decoder::fail_within(const DecodeError& inner) const {
  const std::string outer = static_cast<const State&>(*this).path_of_closing();
  const std::string& path = inner.path();
  // The problem alone: what() is `path: problem`, or `(document): problem` at the value itself.
  const std::string_view what = inner.what();
  const std::string problem{what.substr((path.empty() ? std::string_view{"(document)"} : std::string_view{path}).size() + 2)};
  if (path.empty()) throw DecodeError(outer, problem);
  if (outer.empty()) throw DecodeError(path, problem);
  throw DecodeError(outer + (path.front() == '[' ? "" : ".") + path, problem);
}

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

void set_int64(std::int64_t& out, const Scalar& value, Decoder& decoder) {
  switch (value.type) {
    case Scalar::Type::int64: out = value.int64; return;
    case Scalar::Type::uint64:
      if (value.uint64 > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
        decoder.fail("integer " + excerpt(value) + " is out of range");
      out = static_cast<std::int64_t>(value.uint64);
      return;
    case Scalar::Type::number:
      if (std::trunc(value.number) == value.number && std::abs(value.number) < 9.0e15) {
        out = static_cast<std::int64_t>(value.number);  // `20.0`: an integer written as a number
        return;
      }
      break;
    default: break;
  }
  decoder.fail_kind("integer", value.kind());
}

void Fill<double>::set(double& out, const Scalar& value, Decoder& decoder) {
  switch (value.type) {
    case Scalar::Type::number: out = value.number; return;
    case Scalar::Type::int64: out = static_cast<double>(value.int64); return;
    case Scalar::Type::uint64: out = static_cast<double>(value.uint64); return;
    default: decoder.fail_kind(expected, value.kind());
  }
}

void Fill<Date>::set(Date& out, const Scalar& value, Decoder& decoder) {
  if (value.type != Scalar::Type::string) decoder.fail_kind(expected, value.kind());
  const auto date = parse_date(value.string);
  if (!date) decoder.fail("expected a date (yyyy-mm-dd), got " + excerpt(value));
  out = *date;
}

void Fill<DateTime>::set(DateTime& out, const Scalar& value, Decoder& decoder) {
  if (value.type != Scalar::Type::string) decoder.fail_kind(expected, value.kind());
  const auto time = parse_date_time(value.string);
  if (!time) decoder.fail("expected a date-time (RFC 3339), got " + excerpt(value));
  out = *time;
}

void run(std::string_view text, Slot root) {
  State decoding{root, text};
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

}  // namespace zoom::json::detail::direct
