// Stage 1 of 3: the OpenAPI document as loaded, and a cursor over it that knows its own JSON
// pointer, so every problem found in any later stage is reported as
// `spec.json#/paths/~1phone~1users~1{userId}~1call_logs/get/parameters/3: message`.
#pragma once

#include <boost/json/value.hpp>

#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace zoom::codegen {

/// A problem in the spec; `what()` is one line: `FILE#POINTER: problem`.
class SpecError : public std::runtime_error {
 public:
  SpecError(const std::string& file, const std::string& pointer, const std::string& problem);
};

/// A loaded OpenAPI document.
struct Spec {
  std::string file;  // the name messages use, as the user gave it
  boost::json::value root;
};

/// Reads and parses `path`. Throws SpecError when it cannot be read or is not JSON.
Spec load_spec(const std::filesystem::path& path);

/// Parses `text` as the spec named `file`. Throws SpecError when it is not JSON.
Spec parse_spec(std::string file, std::string_view text);

/// `~` and `/` escaped for use in a JSON pointer.
std::string escape_pointer_token(std::string_view token);

/// A value inside the spec and its JSON pointer. Cheap to copy; valid while the Spec lives.
class Node {
 public:
  Node(const Spec& spec, const boost::json::value& value, std::string pointer)
      : spec_(&spec), value_(&value), pointer_(std::move(pointer)) {}

  /// The root of the document.
  static Node root(const Spec& spec) { return Node(spec, spec.root, ""); }

  const boost::json::value& json() const { return *value_; }
  const std::string& pointer() const { return pointer_; }
  const Spec& spec() const { return *spec_; }

  bool is_object() const { return value_->is_object(); }
  /// The member `key` of an object, if present (no `$ref` is followed).
  std::optional<Node> find(std::string_view key) const;
  /// The member `key`; a missing one is an error naming it.
  Node at(std::string_view key) const;
  /// The members of an object in document order; an error if this is not an object.
  std::vector<std::pair<std::string, Node>> members() const;
  /// The elements of an array; an error if this is not an array.
  std::vector<Node> elements() const;

  /// The string member `key`; missing or not a string is an error.
  std::string string(std::string_view key) const;
  /// The string member `key` if present; present but not a string is an error.
  std::optional<std::string> optional_string(std::string_view key) const;
  /// The boolean member `key`, or `fallback` when absent.
  bool boolean(std::string_view key, bool fallback) const;

  /// This node with every `$ref` followed (local `#/...` references). A reference to
  /// nothing, or a cycle of references, is an error at the `$ref`.
  Node resolve() const;

  /// Throws SpecError at this node.
  [[noreturn]] void fail(const std::string& problem) const;

 private:
  const Spec* spec_;
  const boost::json::value* value_;
  std::string pointer_;
};

}  // namespace zoom::codegen
