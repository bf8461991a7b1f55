// YAML specs: a YAML document read once into the boost::json value the same spec written as JSON
// would give (YAML 1.2 core schema), so that no later stage sees YAML. What JSON cannot hold
// (`.inf`, `.nan`, a key that is not a string, a duplicate key, a second document) is a SpecError
// at its pointer or its line and column.
#include "yaml.hpp"

#include "spec.hpp"

#include <boost/json/object.hpp>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <optional>
#include <sstream>
#include <string>
#include <system_error>
#include <vector>

namespace zoom::codegen {
namespace {

// --- YAML: plain scalars by the YAML 1.2 core schema --------------------------------------------

bool is_core_null(std::string_view s) { return s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL"; }

std::optional<bool> core_bool(std::string_view s) {
  if (s == "true" || s == "True" || s == "TRUE") return true;
  if (s == "false" || s == "False" || s == "FALSE") return false;
  return std::nullopt;
}

std::size_t digits_at(std::string_view s, std::size_t i, int base) {
  std::size_t n = 0;
  for (; i + n < s.size(); ++n) {
    const unsigned char c = static_cast<unsigned char>(s[i + n]);
    const bool digit = base == 16 ? std::isxdigit(c) != 0 : base == 8 ? (c >= '0' && c <= '7') : std::isdigit(c) != 0;
    if (!digit) break;
  }
  return n;
}

// A number too large for 64 bits, as JSON parsers keep it: a double.
double approximate(std::string_view digits, int base) {
  double out = 0;
  if (base == 10 && std::from_chars(digits.data(), digits.data() + digits.size(), out).ec == std::errc{}) return out;
  for (const char c : digits) {
    const int digit = std::isdigit(static_cast<unsigned char>(c)) ? c - '0' : std::tolower(static_cast<unsigned char>(c)) - 'a' + 10;
    out = out * base + digit;
  }
  return out;
}

// `[-+]?[0-9]+`, `0o[0-7]+` or `0x[0-9a-fA-F]+`: int64, else uint64, else double.
std::optional<boost::json::value> core_int(std::string_view s) {
  int base = 10;
  bool negative = false;
  std::string_view digits = s;
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'o')) {
    base = s[1] == 'x' ? 16 : 8;
    digits = s.substr(2);
  } else if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    negative = s[0] == '-';
    digits = s.substr(1);
  }
  if (digits.empty() || digits_at(digits, 0, base) != digits.size()) return std::nullopt;
  std::uint64_t magnitude = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), magnitude, base);
  if (ec == std::errc::result_out_of_range || end != digits.data() + digits.size())
    return boost::json::value(negative ? -approximate(digits, base) : approximate(digits, base));
  constexpr auto kMax = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
  if (!negative) {
    if (magnitude <= kMax) return boost::json::value(static_cast<std::int64_t>(magnitude));
    return boost::json::value(magnitude);
  }
  if (magnitude <= kMax) return boost::json::value(-static_cast<std::int64_t>(magnitude));
  if (magnitude == kMax + 1) return boost::json::value(std::numeric_limits<std::int64_t>::min());
  return boost::json::value(-static_cast<double>(magnitude));
}

// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`
bool is_core_float(std::string_view s) {
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
  const std::size_t whole = digits_at(s, i, 10);
  i += whole;
  std::size_t fraction = 0;
  if (i < s.size() && s[i] == '.') {
    fraction = digits_at(s, i + 1, 10);
    i += 1 + fraction;
  }
  if (whole == 0 && fraction == 0) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
    const std::size_t exponent = digits_at(s, i, 10);
    if (exponent == 0) return false;
    i += exponent;
  }
  return i == s.size();
}

bool is_core_infinity(std::string_view s) {
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) s.remove_prefix(1);
  return s == ".inf" || s == ".Inf" || s == ".INF";
}

bool is_core_nan(std::string_view s) { return s == ".nan" || s == ".NaN" || s == ".NAN"; }

// The YAML 1.2 document `text` as the JSON value it means.
class YamlReader {
 public:
  explicit YamlReader(const std::string& file) : file_(file) {}

  boost::json::value convert(const YAML::Node& node) {
    if (++values_ > kMaxValues)
      fail("the document expands to more than " + std::to_string(kMaxValues) + " values (aliases of aliases?)", node.Mark());
    switch (node.Type()) {
      case YAML::NodeType::Undefined:
      case YAML::NodeType::Null: return nullptr;
      case YAML::NodeType::Scalar: return scalar(node);
      case YAML::NodeType::Sequence:
      case YAML::NodeType::Map: break;
    }
    const bool map = node.IsMap();
    const std::string& tag = node.Tag();
    if (tag != "?" && tag != "!" && tag != std::string{kCoreTag} + (map ? "map" : "seq"))
      fail("unsupported tag '" + tag + "'", node.Mark());
    for (const YAML::Node& open : open_)
      if (open.is(node)) fail("a recursive alias: this value contains itself", node.Mark());
    if (open_.size() >= kMaxDepth) fail("nested more than " + std::to_string(kMaxDepth) + " levels deep", node.Mark());
    open_.push_back(node);
    const std::size_t length = pointer_.size();
    boost::json::value out;
    if (map) {
      boost::json::object& object = out.emplace_object();
      for (const auto& entry : node) {
        const std::string key = key_of(entry.first);
        if (object.contains(key)) fail("duplicate key '" + key + "'", entry.first.Mark());
        pointer_ += "/" + escape_pointer_token(key);
        object.emplace(key, convert(entry.second));
        pointer_.resize(length);
      }
    } else {
      boost::json::array& array = out.emplace_array();
      for (const auto& element : node) {
        pointer_ += "/" + std::to_string(array.size());
        array.push_back(convert(element));
        pointer_.resize(length);
      }
    }
    open_.pop_back();
    return out;
  }

 private:
  static constexpr std::string_view kCoreTag = "tag:yaml.org,2002:";
  static constexpr std::size_t kMaxValues = 5'000'000;
  static constexpr std::size_t kMaxDepth = 512;

  [[noreturn]] void fail(const std::string& problem, const YAML::Mark& mark) const {
    const std::string where = mark.is_null() ? ""
                                             : " (line " + std::to_string(mark.line + 1) + ", column " +
                                                   std::to_string(mark.column + 1) + ")";
    throw SpecError(file_, pointer_, problem + where);
  }

  // Any scalar names a member as written (`200:` is the key "200"); null and collections do not.
  std::string key_of(const YAML::Node& key) const {
    if (key.IsScalar()) return key.Scalar();
    if (key.IsNull()) fail("a key must be a string, not null: quote it if it is a name", key.Mark());
    fail(std::string{"a key must be a string, found a "} + (key.IsMap() ? "mapping" : "sequence"), key.Mark());
  }

  boost::json::value scalar(const YAML::Node& node) const {
    const std::string& tag = node.Tag();
    const std::string& text = node.Scalar();
    if (tag == "!") return boost::json::value(text);  // quoted, or a literal or folded block
    if (tag == "?") return plain(text, node.Mark());
    if (tag.rfind(kCoreTag, 0) != 0) fail("unsupported tag '" + tag + "'", node.Mark());
    const std::string_view kind = std::string_view{tag}.substr(kCoreTag.size());
    if (kind == "str") return boost::json::value(text);
    if (kind == "null" && is_core_null(text)) return nullptr;
    if (kind == "bool")
      if (const auto value = core_bool(text)) return *value;
    if (kind == "int")
      if (auto value = core_int(text)) return std::move(*value);
    if (kind == "float" && (core_int(text) || is_core_float(text) || is_core_infinity(text) || is_core_nan(text))) {
      const boost::json::value value = plain(text, node.Mark());
      if (value.is_int64()) return static_cast<double>(value.get_int64());
      if (value.is_uint64()) return static_cast<double>(value.get_uint64());
      return value;
    }
    if (kind == "null" || kind == "bool" || kind == "int" || kind == "float")
      fail("'" + text + "' is not a valid !!" + std::string{kind}, node.Mark());
    fail("unsupported tag '!!" + std::string{kind} + "'", node.Mark());
  }

  boost::json::value plain(const std::string& text, const YAML::Mark& mark) const {
    if (is_core_null(text)) return nullptr;
    if (const auto value = core_bool(text)) return *value;
    if (auto value = core_int(text)) return std::move(*value);
    if (is_core_infinity(text) || is_core_nan(text))
      fail("'" + text + "' is not a number JSON can hold", mark);
    if (is_core_float(text)) {
      const std::string_view digits = text[0] == '+' ? std::string_view{text}.substr(1) : std::string_view{text};
      double value = 0;
      if (std::from_chars(digits.data(), digits.data() + digits.size(), value).ec == std::errc::result_out_of_range)
        value = std::strtod(text.c_str(), nullptr);  // too large: infinity; too small: 0 or a denormal
      if (std::isinf(value)) fail("'" + text + "' is too large for a JSON number", mark);
      return value;
    }
    return boost::json::value(text);
  }

  const std::string& file_;
  std::string pointer_;
  std::vector<YAML::Node> open_;  // the collections being read: a recursive alias meets one again
  std::size_t values_ = 0;
};

// Where the root of a second document starts, if the parser reaches one; nothing else is kept.
class SecondDocumentFinder : public YAML::EventHandler {
 public:
  std::optional<YAML::Mark> root;

  void OnDocumentStart(const YAML::Mark&) override { ++documents_; }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t) override { node(mark); }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override { node(mark); }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t, const std::string&) override { node(mark); }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {
    node(mark);
  }
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {
    node(mark);
  }
  void OnMapEnd() override {}

 private:
  void node(const YAML::Mark& mark) {
    if (documents_ == 2 && !root) root = mark;
  }
  int documents_ = 0;
};

}  // namespace

boost::json::value parse_yaml(const std::string& file, std::string_view text) {
  YAML::Node document;
  SecondDocumentFinder second;
  try {
    // Not YAML::LoadAll: yaml-cpp 0.7's loops forever, allocating, on some malformed documents (a
    // stray `,`; jbeder/yaml-cpp#1319, found by tests/fuzz). So a parser that stops at the second
    // document looks for one, and YAML::Load reads the first.
    std::istringstream in{std::string{text}};
    YAML::Parser parser(in);
    if (parser.HandleNextDocument(second)) parser.HandleNextDocument(second);
    document = YAML::Load(std::string{text});
  } catch (const YAML::Exception& e) {
    if (e.mark.is_null()) throw SpecError::plain(file + ": not valid YAML: " + e.msg);
    throw SpecError(file, static_cast<std::size_t>(e.mark.line) + 1, static_cast<std::size_t>(e.mark.column) + 1,
                    "not valid YAML: " + e.msg);
  }
  if (second.root) {
    const YAML::Mark mark = *second.root;
    const std::string problem = "not valid YAML: a second document starts here (a spec is one document)";
    if (mark.is_null()) throw SpecError::plain(file + ": " + problem);
    throw SpecError(file, static_cast<std::size_t>(mark.line) + 1, static_cast<std::size_t>(mark.column) + 1, problem);
  }
  return YamlReader(file).convert(document);
}

}  // namespace zoom::codegen
