#include "spec.hpp"

#include <boost/json/parser.hpp>

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace zoom::codegen {

SpecError::SpecError(const std::string& file, const std::string& pointer, const std::string& problem)
    : std::runtime_error(file + "#" + pointer + ": " + problem) {}

namespace {

// `line L, column C` of a byte offset, for parse errors a person can find in an editor.
std::string position_of(std::string_view text, std::size_t offset) {
  std::size_t line = 1, column = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

std::string kind_name(const boost::json::value& v) {
  switch (v.kind()) {
    case boost::json::kind::null: return "null";
    case boost::json::kind::bool_: return "a boolean";
    case boost::json::kind::int64:
    case boost::json::kind::uint64:
    case boost::json::kind::double_: return "a number";
    case boost::json::kind::string: return "a string";
    case boost::json::kind::array: return "an array";
    case boost::json::kind::object: return "an object";
  }
  return "a value";
}

std::string unescape_pointer_token(std::string_view token) {
  std::string out;
  for (std::size_t i = 0; i < token.size(); ++i) {
    if (token[i] == '~' && i + 1 < token.size() && (token[i + 1] == '0' || token[i + 1] == '1')) {
      out += token[i + 1] == '0' ? '~' : '/';
      ++i;
    } else {
      out += token[i];
    }
  }
  return out;
}

}  // namespace

Spec parse_spec(std::string file, std::string_view text) {
  boost::json::parser parser;
  boost::system::error_code ec;
  const std::size_t used = parser.write_some(text.data(), text.size(), ec);
  if (!ec && used < text.size()) ec = boost::json::error::extra_data;
  if (ec)
    throw std::runtime_error(file + ": not valid JSON at " + position_of(text, used) + ": " + ec.message());
  Spec spec{std::move(file), parser.release()};
  if (!spec.root.is_object()) Node::root(spec).fail("the document must be an object, found " + kind_name(spec.root));
  return spec;
}

Spec load_spec(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(path.string() + ": cannot open the file");
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw std::runtime_error(path.string() + ": cannot read the file");
  return parse_spec(path.filename().string(), text.str());
}

std::string escape_pointer_token(std::string_view token) {
  std::string out;
  for (const char c : token) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

std::optional<Node> Node::find(std::string_view key) const {
  const boost::json::object* object = value_->if_object();
  if (!object) return std::nullopt;
  const auto it = object->find(key);
  if (it == object->end()) return std::nullopt;
  return Node(*spec_, it->value(), pointer_ + "/" + escape_pointer_token(key));
}

Node Node::at(std::string_view key) const {
  if (!value_->is_object()) fail("expected an object, found " + kind_name(*value_));
  if (auto child = find(key)) return *child;
  fail("missing required field '" + std::string{key} + "'");
}

std::vector<std::pair<std::string, Node>> Node::members() const {
  const boost::json::object* object = value_->if_object();
  if (!object) fail("expected an object, found " + kind_name(*value_));
  std::vector<std::pair<std::string, Node>> out;
  out.reserve(object->size());
  for (const auto& entry : *object)
    out.emplace_back(std::string{entry.key()},
                     Node(*spec_, entry.value(), pointer_ + "/" + escape_pointer_token(entry.key())));
  return out;
}

std::vector<Node> Node::elements() const {
  const boost::json::array* array = value_->if_array();
  if (!array) fail("expected an array, found " + kind_name(*value_));
  std::vector<Node> out;
  out.reserve(array->size());
  for (std::size_t i = 0; i < array->size(); ++i)
    out.emplace_back(*spec_, (*array)[i], pointer_ + "/" + std::to_string(i));
  return out;
}

std::string Node::string(std::string_view key) const {
  const Node child = at(key);
  if (!child.json().is_string()) child.fail("expected a string, found " + kind_name(child.json()));
  return std::string{child.json().get_string()};
}

std::optional<std::string> Node::optional_string(std::string_view key) const {
  const auto child = find(key);
  if (!child) return std::nullopt;
  if (!child->json().is_string()) child->fail("expected a string, found " + kind_name(child->json()));
  return std::string{child->json().get_string()};
}

bool Node::boolean(std::string_view key, bool fallback) const {
  const auto child = find(key);
  if (!child) return fallback;
  if (!child->json().is_bool()) child->fail("expected true or false, found " + kind_name(child->json()));
  return child->json().get_bool();
}

Node Node::resolve() const {
  Node current = *this;
  for (int hops = 0; hops < 64; ++hops) {
    const auto ref = current.find("$ref");
    if (!ref) return current;
    if (!ref->json().is_string()) ref->fail("$ref must be a string");
    const std::string target{ref->json().get_string()};
    if (target.empty() || target[0] != '#')
      ref->fail("unsupported $ref '" + target + "': only references inside this file ('#/...') are supported");
    const boost::json::value* value = &spec_->root;
    std::string pointer;
    std::string_view rest = std::string_view{target}.substr(1);
    if (!rest.empty() && rest[0] != '/') ref->fail("$ref '" + target + "' is not a JSON pointer");
    while (!rest.empty()) {
      rest.remove_prefix(1);
      const std::size_t slash = rest.find('/');
      const std::string token = unescape_pointer_token(rest.substr(0, slash));
      rest = slash == std::string_view::npos ? std::string_view{} : rest.substr(slash);
      const boost::json::value* next = nullptr;
      if (const auto* object = value->if_object()) {
        if (const auto it = object->find(token); it != object->end()) next = &it->value();
      } else if (const auto* array = value->if_array()) {
        char* end = nullptr;
        const unsigned long index = std::strtoul(token.c_str(), &end, 10);
        if (!token.empty() && *end == '\0' && index < array->size()) next = &(*array)[index];
      }
      if (!next) ref->fail("$ref '" + target + "' points to nothing");
      value = next;
      pointer += "/" + escape_pointer_token(token);
    }
    current = Node(*spec_, *value, pointer);
  }
  fail("$ref chain is too long or circular");
}

void Node::fail(const std::string& problem) const { throw SpecError(spec_->file, pointer_, problem); }

}  // namespace zoom::codegen
