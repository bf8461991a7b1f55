// Loading a spec (JSON here, YAML in yaml.cpp), the files its `$ref`s name, and the cursor over
// them that knows its JSON pointer.
#include "spec.hpp"

#include "yaml.hpp"

#include <boost/json/object.hpp>
#include <boost/json/parser.hpp>

#include <cctype>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <system_error>

namespace zoom::codegen {

namespace fs = std::filesystem;

SpecError::SpecError(const std::string& file, const std::string& pointer, const std::string& problem)
    : std::runtime_error(file + "#" + pointer + ": " + problem) {}

SpecError::SpecError(const std::string& file, std::size_t line, std::size_t column, const std::string& problem)
    : std::runtime_error(file + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + problem) {}

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

std::string lower(std::string_view text) {
  std::string out{text};
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool is_yaml_file(const std::string& file) {
  const std::string extension = lower(fs::path(file).extension().string());
  return extension == ".yaml" || extension == ".yml";
}

// --- JSON ---------------------------------------------------------------------------------------

boost::json::value parse_json(const std::string& file, std::string_view text) {
  boost::json::parser parser;
  boost::system::error_code ec;
  const std::size_t used = parser.write_some(text.data(), text.size(), ec);
  if (!ec && used < text.size()) ec = boost::json::error::extra_data;
  if (ec) throw SpecError::plain(file + ": not valid JSON at " + position_of(text, used) + ": " + ec.message());
  return parser.release();
}

// --- $ref ----------------------------------------------------------------------------------------

// `%XX` decoded, as a URI reference's path is written.
std::string percent_decode(std::string_view text) {
  const auto hex = [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; };
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && hex(text[i + 1]) && hex(text[i + 2])) {
      out += static_cast<char>(std::stoi(std::string{text.substr(i + 1, 2)}, nullptr, 16));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

// The scheme of a URI (`https` of `https://...`), lower case; empty for a relative reference.
std::string scheme_of(std::string_view location) {
  if (location.empty() || !std::isalpha(static_cast<unsigned char>(location[0]))) return "";
  for (std::size_t i = 1; i < location.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(location[i]);
    if (c == ':') return lower(location.substr(0, i));
    if (!std::isalnum(c) && c != '+' && c != '-' && c != '.') return "";
  }
  return "";
}

}  // namespace

boost::json::value parse_document(const std::string& file, std::string_view text) {
  return is_yaml_file(file) ? parse_yaml(file, text) : parse_json(file, text);
}

Spec parse_spec(std::string file, std::string_view text) {
  boost::json::value root = parse_document(file, text);
  Spec spec{std::move(file), std::move(root)};
  if (!spec.root.is_object()) Node::root(spec).fail("the document must be an object, found " + kind_name(spec.root));
  return spec;
}

Spec load_spec(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw SpecError::plain(path.string() + ": cannot open the file");
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw SpecError::plain(path.string() + ": cannot read the file");
  Spec spec = parse_spec(path.filename().string(), text.str());
  spec.path = path;
  return spec;
}

const Document* Spec::document(const Node& ref, const Document* from, const std::string& file) const {
  const std::string target{ref.json().is_string() ? std::string_view{ref.json().get_string()} : std::string_view{}};
  // Named relative to the spec's folder, as written: `sub/../b.yaml` is `b.yaml`.
  const fs::path written{file};
  const fs::path relative =
      (written.is_absolute() || !from ? written : fs::path(from->name).parent_path() / written).lexically_normal();
  const std::string name = relative.generic_string();
  const fs::path location = relative.is_absolute() ? relative : path.parent_path() / relative;
  std::error_code ec;
  const fs::path canonical = fs::canonical(location, ec);
  if (ec || !fs::is_regular_file(canonical, ec))
    ref.fail("$ref '" + target + "': cannot open the file '" + name + "'");
  if (!path.empty())
    if (const fs::path spec_path = fs::canonical(path, ec); !ec && spec_path == canonical) return nullptr;
  if (const auto it = documents_.find(canonical); it != documents_.end()) return it->second.get();
  std::ifstream in(canonical, std::ios::binary);
  std::ostringstream text;
  if (in) text << in.rdbuf();
  if (!in || in.bad()) ref.fail("$ref '" + target + "': cannot read the file '" + name + "'");
  auto document = std::make_unique<Document>(Document{name, location, parse_document(name, text.str())});
  return documents_.emplace(canonical, std::move(document)).first->second.get();
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

Node::Node(const Node& parent, const boost::json::value& value, std::string_view token)
    : spec_(parent.spec_),
      document_(parent.document_),
      value_(&value),
      pointer_(parent.pointer_ + "/" + escape_pointer_token(token)),
      local_(parent.local_) {}

std::optional<Node> Node::find(std::string_view key) const {
  const boost::json::object* object = value_->if_object();
  if (!object) return std::nullopt;
  const auto it = object->find(key);
  if (it == object->end()) return std::nullopt;
  return Node(*this, it->value(), key);
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
  for (const auto& entry : *object) out.emplace_back(std::string{entry.key()}, Node(*this, entry.value(), entry.key()));
  return out;
}

std::vector<Node> Node::elements() const {
  const boost::json::array* array = value_->if_array();
  if (!array) fail("expected an array, found " + kind_name(*value_));
  std::vector<Node> out;
  out.reserve(array->size());
  for (std::size_t i = 0; i < array->size(); ++i) out.push_back(Node(*this, (*array)[i], std::to_string(i)));
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
    if (target.empty()) ref->fail("$ref is empty");
    const std::size_t hash = target.find('#');
    const std::string_view location = std::string_view{target}.substr(0, hash);
    const std::string_view fragment = hash == std::string::npos ? std::string_view{} : std::string_view{target}.substr(hash + 1);
    const Document* document = current.document_;
    if (!location.empty()) {
      const std::string scheme = scheme_of(location);
      if (scheme == "http" || scheme == "https" || location.rfind("//", 0) == 0)
        ref->fail("$ref '" + target + "': remote references are not supported");
      if (!scheme.empty())
        ref->fail("$ref '" + target + "': unsupported URI scheme '" + scheme +
                  "' (references are '#/...' or the path of a file beside this one)");
      document = spec_->document(*ref, current.document_, percent_decode(location));
    }
    if (!fragment.empty() && fragment[0] != '/') ref->fail("$ref '" + target + "' is not a JSON pointer");
    const boost::json::value* value = document ? &document->root : &spec_->root;
    std::string pointer;
    std::string_view rest = fragment;
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
    current = Node(*spec_, document, *value, pointer);
  }
  fail("$ref chain is too long or circular");
}

void Node::fail(const std::string& problem) const { throw SpecError(file(), std::string{local_pointer()}, problem); }

}  // namespace zoom::codegen
