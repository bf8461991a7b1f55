// Stage 1 of 3: the OpenAPI document as loaded, and a cursor over it that knows its own JSON
// pointer, so every problem found in any later stage is reported as
// `spec.json#/paths/~1phone~1users~1{userId}~1call_logs/get/parameters/3: message`.
//
// The spec may be JSON or YAML (by the file's extension: `.yaml` and `.yml` are YAML); a YAML
// document is turned into the same boost::json value once, when it is read, so later stages
// never see YAML. A `$ref` may name another file beside the spec (`common.yaml#/Error`,
// `pet.json`): such files are read when a reference first reaches them.
#pragma once

#include <boost/json/value.hpp>

#include <cstddef>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace zoom::codegen {

class Node;

/// A problem in the spec; `what()` is one line: `FILE#POINTER: problem`, or for a file that
/// does not parse `FILE:LINE:COLUMN: problem` (YAML) or `FILE: not valid JSON at line L, column C: problem`.
class SpecError : public std::runtime_error {
 public:
  SpecError(const std::string& file, const std::string& pointer, const std::string& problem);
  /// LINE and COLUMN count from 1.
  SpecError(const std::string& file, std::size_t line, std::size_t column, const std::string& problem);
  /// Any other one-line message.
  static SpecError plain(const std::string& message) { return SpecError(message); }

 private:
  explicit SpecError(const std::string& message) : std::runtime_error(message) {}
};

/// A file that a `$ref` of the spec names, as read.
struct Document {
  std::string name;            // in messages and pointers: its path relative to the spec's folder
  std::filesystem::path path;  // where it was read from
  boost::json::value root;
};

/// A loaded OpenAPI document, and the other files its `$ref`s have reached so far. Not copyable;
/// reading another file through `Node::resolve()` changes the cache, so one thread at a time.
struct Spec {
  Spec(std::string file, boost::json::value root) : file(std::move(file)), root(std::move(root)) {}

  std::string file;  // the name messages use, as the user gave it
  boost::json::value root;
  /// Where the spec was read from; `$ref`s to other files are relative to its folder (to the
  /// current folder when empty: a spec parsed from text).
  std::filesystem::path path;

  /// The document a `$ref` in `from` (nullptr: the spec itself) names by the relative path
  /// `file` (already %-decoded), read on first use; nullptr when that is the spec itself.
  /// A file that cannot be read is an error at `ref`; one that does not parse is an error in it.
  const Document* document(const Node& ref, const Document* from, const std::string& file) const;

 private:
  mutable std::map<std::filesystem::path, std::unique_ptr<Document>> documents_;  // by canonical path
};

/// Reads and parses `path`: YAML when it ends in `.yaml` or `.yml`, else JSON. Throws SpecError
/// when it cannot be read or does not parse.
Spec load_spec(const std::filesystem::path& path);

/// Parses `text` as the spec named `file` (YAML or JSON by the extension of `file`). Throws
/// SpecError when it does not parse. Its `$ref`s to other files are relative to the current folder.
Spec parse_spec(std::string file, std::string_view text);

/// `text` parsed as JSON, or as YAML when `file` ends in `.yaml` or `.yml`; `file` names it in
/// messages. A YAML document becomes the JSON value it means (YAML 1.2 core schema); what JSON
/// cannot hold (`.inf`, `.nan`, a key that is not a string, a duplicate key) is an error.
boost::json::value parse_document(const std::string& file, std::string_view text);

/// `~` and `/` escaped for use in a JSON pointer.
std::string escape_pointer_token(std::string_view token);

/// A value inside the spec and its JSON pointer. Cheap to copy; valid while the Spec lives.
class Node {
 public:
  /// `value` at `pointer` in the spec's own document.
  Node(const Spec& spec, const boost::json::value& value, std::string pointer)
      : Node(spec, nullptr, value, std::move(pointer)) {}

  /// The root of the document.
  static Node root(const Spec& spec) { return Node(spec, spec.root, ""); }

  const boost::json::value& json() const { return *value_; }
  /// Where this is, unique within the spec and all the files it references: `/paths/...` in the
  /// spec itself, `common.yaml#/components/schemas/Error` in another file.
  const std::string& pointer() const { return pointer_; }
  /// The JSON pointer within this node's own file (`/components/schemas/Error`).
  std::string_view local_pointer() const { return std::string_view{pointer_}.substr(local_); }
  /// The name of the file this node is in, as messages give it.
  const std::string& file() const { return document_ ? document_->name : spec_->file; }
  /// The other file this node is in; nullptr in the spec itself.
  const Document* document() const { return document_; }
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

  /// This node with every `$ref` followed: `#/...` within the node's own file,
  /// `other.yaml#/...` or `other.json` in a file beside it. A reference to nothing, to a file
  /// that cannot be read, to a remote URL, or a cycle of references is an error at the `$ref`.
  Node resolve() const;

  /// Throws SpecError at this node.
  [[noreturn]] void fail(const std::string& problem) const;

 private:
  Node(const Spec& spec, const Document* document, const boost::json::value& value, std::string pointer)
      : spec_(&spec),
        document_(document),
        value_(&value),
        pointer_(document ? document->name + "#" + pointer : std::move(pointer)),
        local_(document ? document->name.size() + 1 : 0) {}
  Node(const Node& parent, const boost::json::value& value, std::string_view token);

  const Spec* spec_;
  const Document* document_;  // nullptr: the spec's own document
  const boost::json::value* value_;
  std::string pointer_;
  std::size_t local_;  // where the JSON pointer starts in pointer_
};

}  // namespace zoom::codegen
