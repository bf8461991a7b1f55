// Work on a built model: keep a subset of its operations (and the types they use), and compare
// two models as a user of the generated API would see the change.
#pragma once

#include "model.hpp"

#include <set>
#include <string>
#include <vector>

namespace zoom::codegen {

/// Which operations to generate: by tag (as written in the spec) or operationId. Empty includes
/// mean all; excludes apply after includes.
struct Selection {
  std::vector<std::string> include_tags, include_operations, exclude_tags, exclude_operations;
  bool empty() const {
    return include_tags.empty() && include_operations.empty() && exclude_tags.empty() && exclude_operations.empty();
  }
};

/// Keeps the operations `selection` picks and the types they use, and drops the rest. Throws
/// std::runtime_error naming a tag or operationId that matches nothing, or a selection of nothing.
void select(Model& model, const Selection& selection);

/// One difference between two versions of the generated API.
struct Change {
  bool breaking = false;
  std::string what;  // "operation list_sites removed", "Site.name: std::string -> std::int64_t"
};

/// What changed from `before` to `after`, breaking changes first: removed operations, parameters,
/// fields and enum values, changed types, new required parameters or request bodies. Additions
/// that existing code keeps compiling and working with are listed as not breaking.
std::vector<Change> diff(const Model& before, const Model& after);

/// The C++ spelling of a type, as the generated code writes it.
std::string type_name(const Model& model, const TypeRef& type);

/// Makes recursive structs definable: within each cycle of structs that contain each other, a
/// member holding a struct of the cycle by value (or optional) becomes a zoom::Box; a oneOf of
/// kinds that holds one becomes boost::json::value, with a warning. Arrays and maps stay.
void box_recursion(Model& model);

/// Adds the named types `type` refers to (in arrays, maps and variants too) to `out`.
void named_types(const TypeRef& type, std::set<std::string>& out);

}  // namespace zoom::codegen
