// The encoder: the C++ value a Type describes as compact JSON text, and the tables of the types
// the runtime knows.
#include <zoom/json.hpp>

#include <boost/json/serialize.hpp>

#include <algorithm>
#include <charconv>
#include <string>

namespace zoom::json {

namespace types {
constinit const Type boolean{.shape = Shape::boolean, .name = "bool"};
constinit const Type int32{.shape = Shape::int32, .name = "std::int32_t"};
constinit const Type int64{.shape = Shape::int64, .name = "std::int64_t"};
constinit const Type number{.shape = Shape::number, .name = "double"};
constinit const Type string{.shape = Shape::string, .name = "std::string"};
constinit const Type date{.shape = Shape::date, .name = "zoom::Date"};
constinit const Type date_time{.shape = Shape::date_time, .name = "zoom::DateTime"};
constinit const Type date_or_time{.shape = Shape::date_or_time, .name = "zoom::DateOrTime"};
constinit const Type any{.shape = Shape::any, .name = "boost::json::value"};
constinit const Type object{.shape = Shape::object, .name = "boost::json::object"};
constinit const Type bool_array{.shape = Shape::bool_array, .name = "std::vector<bool>"};
constinit const Type upload{.shape = Shape::upload, .name = "zoom::Upload"};
}  // namespace types

namespace detail {
namespace {

void put_string(std::string& out, std::string_view text) {
  static constexpr char hex[] = "0123456789abcdef";
  out += '"';
  std::size_t plain = 0;  // the start of the run of characters that need no escape
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(text.data() + plain, i - plain);
    plain = i + 1;
    out += '\\';
    switch (c) {
      case '"': out += '"'; break;
      case '\\': out += '\\'; break;
      case '\b': out += 'b'; break;
      case '\f': out += 'f'; break;
      case '\n': out += 'n'; break;
      case '\r': out += 'r'; break;
      case '\t': out += 't'; break;
      default:
        out += "u00";
        out += hex[c >> 4];
        out += hex[c & 15];
    }
  }
  out.append(text.data() + plain, text.size() - plain);
  out += '"';
}

void put_integer(std::string& out, std::int64_t value) {
  char digits[24];
  const auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
  out.append(digits, end);
}

void put_json(std::string& out, const boost::json::value& value) { out += boost::json::serialize(value); }

const boost::json::object* extra_of(const Type& model, const void* value) {
  if (model.extra < 0) return nullptr;
  return reinterpret_cast<const boost::json::object*>(static_cast<const char*>(value) + model.extra);
}

// Whether a member holds nothing worth writing in place of a value kept in `extra` under its
// name (what lenient decoding leaves when a value did not fit): an empty optional, a default
// scalar, an empty list or map.
bool holds_nothing(const Type& type, const void* value) {
  switch (type.shape) {
    case Shape::boolean: return !*static_cast<const bool*>(value);
    case Shape::int32: return *static_cast<const std::int32_t*>(value) == 0;
    case Shape::int64: return *static_cast<const std::int64_t*>(value) == 0;
    case Shape::number: return *static_cast<const double*>(value) == 0;
    case Shape::string: return static_cast<const std::string*>(value)->empty();
    case Shape::date: return *static_cast<const Date*>(value) == Date{};
    case Shape::date_time: return *static_cast<const DateTime*>(value) == DateTime{};
    case Shape::date_or_time: return *static_cast<const DateOrTime*>(value) == DateOrTime{};
    case Shape::any: return static_cast<const boost::json::value*>(value)->is_null();
    case Shape::object: return static_cast<const boost::json::object*>(value)->empty();
    case Shape::bool_array: return static_cast<const std::vector<bool>*>(value)->empty();
    case Shape::enumeration:
      if (type.integer_enum) {
        const auto& state = *static_cast<const zoom::detail::EnumState<std::int64_t>*>(value);
        return !state.known && state.raw == 0;
      } else {
        const auto& state = *static_cast<const zoom::detail::EnumState<std::string>*>(value);
        return !state.known && state.raw.empty();
      }
    case Shape::optional:
    case Shape::box:
    case Shape::array:
    case Shape::map: return type.ops->size(value) == 0;
    case Shape::model: {  // as decoding leaves a model it could not fill: every member empty
      if (const boost::json::object* extra = extra_of(type, value); extra && !extra->empty()) return false;
      return std::all_of(type.members.begin(), type.members.end(), [&](const Member& member) {
        return holds_nothing(*member.type, static_cast<const char*>(value) + member.offset);
      });
    }
    case Shape::variant:  // as decoding leaves it: the first alternative, empty
      return type.ops->size(value) == 0 && holds_nothing(*type.alternatives[0], type.ops->at(value, 0, nullptr));
    default: return false;
  }
}

// Members left out of an object: an empty optional or box, null free-form JSON.
bool left_out(const Type& type, const void* value) {
  switch (type.shape) {
    case Shape::optional:
    case Shape::box: return type.ops->size(value) == 0;
    case Shape::any: return static_cast<const boost::json::value*>(value)->is_null();
    default: return false;
  }
}

void put(std::string& out, const Type& type, const void* value) {
  switch (type.shape) {
    case Shape::boolean: out += *static_cast<const bool*>(value) ? "true" : "false"; return;
    case Shape::int32: put_integer(out, *static_cast<const std::int32_t*>(value)); return;
    case Shape::int64: put_integer(out, *static_cast<const std::int64_t*>(value)); return;
    case Shape::number: put_json(out, boost::json::value(*static_cast<const double*>(value))); return;
    case Shape::string: put_string(out, *static_cast<const std::string*>(value)); return;
    case Shape::date: put_string(out, format_date(*static_cast<const Date*>(value))); return;
    case Shape::date_time: put_string(out, format_date_time(*static_cast<const DateTime*>(value))); return;
    case Shape::date_or_time: put_string(out, format_date_or_time(*static_cast<const DateOrTime*>(value))); return;
    case Shape::any: put_json(out, *static_cast<const boost::json::value*>(value)); return;
    case Shape::object: put_json(out, *static_cast<const boost::json::object*>(value)); return;
    case Shape::upload: out += "null"; return;  // a file goes in a multipart body, never in JSON
    case Shape::enumeration:
      if (type.integer_enum) {
        const auto& state = *static_cast<const zoom::detail::EnumState<std::int64_t>*>(value);
        std::int64_t wire = state.raw;
        if (state.known)
          for (const EnumEntry& entry : type.values)
            if (entry.value == state.value) wire = entry.integer;
        put_integer(out, wire);
      } else {
        const auto& state = *static_cast<const zoom::detail::EnumState<std::string>*>(value);
        std::string_view wire = state.raw;
        if (state.known)
          for (const EnumEntry& entry : type.values)
            if (entry.value == state.value) wire = entry.text;
        put_string(out, wire);
      }
      return;
    case Shape::optional:
    case Shape::box:
      if (type.ops->size(value) == 0) out += "null";  // a member leaves it out instead
      else put(out, *type.element, type.ops->at(value, 0, nullptr));
      return;
    case Shape::array: {
      out += '[';
      const std::size_t n = type.ops->size(value);
      for (std::size_t i = 0; i < n; ++i) {
        if (i) out += ',';
        put(out, *type.element, type.ops->at(value, i, nullptr));
      }
      out += ']';
      return;
    }
    case Shape::bool_array: {
      out += '[';
      bool first = true;
      for (const bool element : *static_cast<const std::vector<bool>*>(value)) {
        if (!first) out += ',';
        first = false;
        out += element ? "true" : "false";
      }
      out += ']';
      return;
    }
    case Shape::map: {
      out += '{';
      const std::size_t n = type.ops->size(value);
      for (std::size_t i = 0; i < n; ++i) {
        std::string_view key;
        const void* element = type.ops->at(value, i, &key);
        if (i) out += ',';
        put_string(out, key);
        out += ':';
        put(out, *type.element, element);
      }
      out += '}';
      return;
    }
    case Shape::variant: {
      const std::size_t index = type.ops->size(value);
      put(out, *type.alternatives[index], type.ops->at(value, index, nullptr));
      return;
    }
    case Shape::model: {
      out += '{';
      bool first = true;
      const auto key = [&](std::string_view name) {
        if (!first) out += ',';
        first = false;
        put_string(out, name);
        out += ':';
      };
      const boost::json::object* extra = extra_of(type, value);
      const bool has_extra = extra && !extra->empty();
      // A key of `extra` that names a member holding a value is shadowed by it.
      std::vector<std::string_view> shadowed;
      for (const Member& member : type.members) {
        const void* field = static_cast<const char*>(value) + member.offset;
        if (has_extra && extra->contains(member.name)) {
          if (holds_nothing(*member.type, field)) continue;  // written from `extra` below
          shadowed.push_back(member.name);
        }
        if (left_out(*member.type, field)) continue;
        key(member.name);
        put(out, *member.type, field);
      }
      if (has_extra)
        for (const auto& entry : *extra) {
          if (std::find(shadowed.begin(), shadowed.end(), entry.key()) != shadowed.end()) continue;
          key(entry.key());
          put_json(out, entry.value());
        }
      out += '}';
      return;
    }
  }
}

}  // namespace

std::string encode(const void* value, const Type& type) {
  std::string out;
  put(out, type, value);
  return out;
}

}  // namespace detail
}  // namespace zoom::json
