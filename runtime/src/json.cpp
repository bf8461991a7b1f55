#include <zoom/json.hpp>

#include <boost/json/parser.hpp>
#include <boost/json/serialize.hpp>

#include <cctype>
#include <cmath>
#include <limits>
#include <vector>

namespace zoom::json {
namespace detail {

std::string Path::str() const {
  std::vector<const Path*> frames;
  for (const Path* frame = this; frame && (frame->parent || frame->is_index || !frame->key.empty());
       frame = frame->parent)
    frames.push_back(frame);
  std::string out;
  for (auto it = frames.rbegin(); it != frames.rend(); ++it) {
    const Path& frame = **it;
    if (frame.is_index) {
      out += '[' + std::to_string(frame.index) + ']';
    } else {
      if (!out.empty()) out += '.';
      out += frame.key;
    }
  }
  return out;
}

namespace {

std::string_view kind_name(const boost::json::value& v) {
  switch (v.kind()) {
    case boost::json::kind::null: return "null";
    case boost::json::kind::bool_: return "boolean";
    case boost::json::kind::int64:
    case boost::json::kind::uint64: return "integer";
    case boost::json::kind::double_: return "number";
    case boost::json::kind::string: return "string";
    case boost::json::kind::array: return "array";
    case boost::json::kind::object: return "object";
  }
  return "value";
}

// A short, safe rendering of the offending value for messages.
std::string excerpt(const boost::json::value& v) {
  std::string text = boost::json::serialize(v);
  if (text.size() > 40) text = text.substr(0, 37) + "...";
  return text;
}

}  // namespace

void fail_kind(const Path& path, std::string_view expected, const boost::json::value& got) {
  throw DecodeError(path.str(), "expected " + std::string{expected} + ", got " + std::string{kind_name(got)});
}

void fail(const Path& path, const std::string& problem) { throw DecodeError(path.str(), problem); }

std::size_t discriminated_index(const boost::json::value& v, const Discriminator& discriminator, const Path& path) {
  const std::string property{discriminator.property};
  if (!v.is_object()) fail_kind(path, "an object", v);
  const auto* value = v.get_object().if_contains(discriminator.property);
  const Path at{&path, discriminator.property};
  if (!value) fail(path, "the property \"" + property + "\" that says which alternative this is is missing");
  if (!value->is_string()) fail_kind(at, "a string naming the alternative", *value);
  for (const auto& [name, index] : discriminator.values)
    if (name == value->get_string()) return index;
  std::string known;
  for (const auto& [name, index] : discriminator.values) known += (known.empty() ? "" : ", ") + std::string{name};
  fail(at, "\"" + std::string{value->get_string()} + "\" names no alternative (expected one of " + known + ")");
}

void from_value(const boost::json::value& v, bool& out, const Path& path) {
  if (!v.is_bool()) fail_kind(path, "boolean", v);
  out = v.get_bool();
}

void from_value(const boost::json::value& v, double& out, const Path& path) {
  if (v.is_double()) out = v.get_double();
  else if (v.is_int64()) out = static_cast<double>(v.get_int64());
  else if (v.is_uint64()) out = static_cast<double>(v.get_uint64());
  else fail_kind(path, "number", v);
}

void from_value(const boost::json::value& v, std::int64_t& out, const Path& path) {
  if (v.is_int64()) {
    out = v.get_int64();
  } else if (v.is_uint64()) {
    if (v.get_uint64() > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
      fail(path, "integer " + excerpt(v) + " is out of range");
    out = static_cast<std::int64_t>(v.get_uint64());
  } else if (v.is_double() && std::trunc(v.get_double()) == v.get_double() &&
             std::abs(v.get_double()) < 9.0e15) {
    out = static_cast<std::int64_t>(v.get_double());  // `20.0`: an integer written as a number
  } else {
    fail_kind(path, "integer", v);
  }
}

void from_value(const boost::json::value& v, std::string& out, const Path& path) {
  if (!v.is_string()) fail_kind(path, "string", v);
  out.assign(v.get_string().data(), v.get_string().size());
}

void from_value(const boost::json::value& v, Date& out, const Path& path) {
  if (!v.is_string()) fail_kind(path, "date string", v);
  const auto date = parse_date(v.get_string());
  if (!date) fail(path, "expected a date (yyyy-mm-dd), got " + excerpt(v));
  out = *date;
}

void from_value(const boost::json::value& v, DateTime& out, const Path& path) {
  if (!v.is_string()) fail_kind(path, "date-time string", v);
  const auto time = parse_date_time(v.get_string());
  if (!time) fail(path, "expected a date-time (RFC 3339), got " + excerpt(v));
  out = *time;
}

void from_value(const boost::json::value& v, boost::json::value& out, const Path&) { out = v; }

void from_value(const boost::json::value& v, boost::json::object& out, const Path& path) {
  if (!v.is_object()) fail_kind(path, "object", v);
  out = v.get_object();
}

boost::json::value to_value(bool v) { return v; }
boost::json::value to_value(double v) { return v; }
boost::json::value to_value(const std::string& v) { return boost::json::string{v}; }
boost::json::value to_value(Date v) { return boost::json::string{format_date(v)}; }
boost::json::value to_value(DateTime v) { return boost::json::string{format_date_time(v)}; }
boost::json::value to_value(const boost::json::value& v) { return v; }
boost::json::value to_value(const boost::json::object& v) { return v; }

namespace {

// Boost.JSON 1.81 reads a number beyond a double's range (`1e400`) as infinity, which no JSON can
// hold: the value would decode, then encode as `Infinity`, which nothing reads back. Refused where
// it enters, with its path. (The parser's depth limit bounds this recursion.)
void reject_infinite_numbers(const boost::json::value& v, const Path& path) {
  if (v.is_double() && !std::isfinite(v.get_double())) fail(path, "number out of range (a double holds up to 1.8e308)");
  if (const auto* array = v.if_array())
    for (std::size_t i = 0; i < array->size(); ++i) reject_infinite_numbers((*array)[i], Path{&path, {}, i, true});
  if (const auto* object = v.if_object())
    for (const auto& entry : *object) reject_infinite_numbers(entry.value(), Path{&path, entry.key()});
}

}  // namespace

boost::json::value parse(std::string_view text) {
  boost::json::parser parser;
  boost::system::error_code ec;
  const std::size_t used = parser.write_some(text.data(), text.size(), ec);
  if (!ec && used < text.size()) ec = boost::json::error::extra_data;
  if (ec) {
    if (text.empty()) throw DecodeError("", "invalid JSON: the body is empty");
    throw DecodeError("", "invalid JSON at byte " + std::to_string(used) + " of " +
                              std::to_string(text.size()) + ": " + ec.message());
  }
  boost::json::value value = parser.release();
  reject_infinite_numbers(value, Path{});
  return value;
}

}  // namespace detail

std::string encode(const boost::json::value& value) { return boost::json::serialize(value); }

std::string form_encode(const boost::json::value& object) {
  std::string out;
  const auto escape = [](std::string_view text) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string escaped;
    for (const char c : text) {
      const auto byte = static_cast<unsigned char>(c);
      if (std::isalnum(byte) || c == '-' || c == '.' || c == '_' || c == '~') {
        escaped += c;
      } else {
        escaped += '%';
        escaped += hex[byte >> 4];
        escaped += hex[byte & 15];
      }
    }
    return escaped;
  };
  const auto field = [&](std::string_view name, const boost::json::value& value) {
    if (value.is_null()) return;
    const std::string text = value.is_string() ? std::string{value.get_string()} : boost::json::serialize(value);
    out += (out.empty() ? "" : "&") + escape(name) + "=" + escape(text);
  };
  for (const auto& member : object.as_object()) {
    if (const auto* array = member.value().if_array())
      for (const auto& element : *array) field(member.key(), element);
    else
      field(member.key(), member.value());
  }
  return out;
}

}  // namespace zoom::json
