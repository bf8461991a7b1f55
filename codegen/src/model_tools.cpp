#include "model_tools.hpp"

#include "names.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <stdexcept>

namespace zoom::codegen {
namespace {

using Kind = TypeRef::Kind;


void collect_structs(const Model& model, const TypeRef& type, std::set<std::string>& out) {
  if (type.kind == TypeRef::Kind::named && std::holds_alternative<StructType>(model.types.at(type.name)))
    out.insert(type.name);
  if (type.element) collect_structs(model, *type.element, out);
  for (const TypeRef& alternative : type.alternatives) collect_structs(model, alternative, out);
}

// Tarjan's strongly connected components: the same number for the structs of one cycle; a
// struct in no cycle has a number of its own, unless it contains itself (then it is its own cycle).
std::map<std::string, int> components(const std::map<std::string, std::set<std::string>>& edges) {
  std::map<std::string, int> index, low, component;
  std::vector<std::string> stack;
  std::set<std::string> on_stack;
  int next = 0, count = 0;
  // Iterative, so a long chain of structs cannot overflow the stack.
  for (const auto& [root, ignored] : edges) {
    if (index.count(root)) continue;
    std::vector<std::pair<std::string, std::set<std::string>::const_iterator>> frames;
    const auto enter = [&](const std::string& name) {
      index[name] = low[name] = next++;
      stack.push_back(name);
      on_stack.insert(name);
      frames.emplace_back(name, edges.at(name).begin());
    };
    enter(root);
    while (!frames.empty()) {
      auto& [name, it] = frames.back();
      if (it != edges.at(name).end()) {
        const std::string& to = *it++;
        if (!index.count(to)) enter(to);
        else if (on_stack.count(to)) low[name] = std::min(low[name], index[to]);
        continue;
      }
      const std::string done = name;
      frames.pop_back();
      if (!frames.empty()) low[frames.back().first] = std::min(low[frames.back().first], low[done]);
      if (low[done] != index[done]) continue;
      const int id = count++;
      std::vector<std::string> members;
      for (std::string top;;) {
        top = stack.back();
        stack.pop_back();
        on_stack.erase(top);
        members.push_back(top);
        if (top == done) break;
      }
      const bool self = edges.at(done).count(done) > 0;
      for (const std::string& member : members) component[member] = members.size() > 1 || self ? id : -1 - id;
    }
  }
  return component;
}

}  // namespace

void named_types(const TypeRef& type, std::set<std::string>& out) {
  if (type.kind == Kind::named) out.insert(type.name);
  if (type.element) named_types(*type.element, out);
  for (const TypeRef& alternative : type.alternatives) named_types(alternative, out);
}

std::string type_name(const Model& model, const TypeRef& type) {
  switch (type.kind) {
    case Kind::boolean: return "bool";
    case Kind::int32: return "std::int32_t";
    case Kind::int64: return "std::int64_t";
    case Kind::number: return "double";
    case Kind::string: return "std::string";
    case Kind::date: return "zoom::Date";
    case Kind::date_time: return "zoom::DateTime";
    case Kind::date_or_time: return "zoom::DateOrTime";
    case Kind::any: return "boost::json::value";
    case Kind::array: return "std::vector<" + type_name(model, *type.element) + ">";
    case Kind::map: return "std::map<std::string, " + type_name(model, *type.element) + ">";
    case Kind::named: {
      const auto it = model.types.find(type.name);
      const bool is_enum = it != model.types.end() && std::holds_alternative<EnumType>(it->second);
      return is_enum ? "zoom::Enum<" + type.name + ">" : type.name;
    }
    case Kind::box: return "zoom::Box<" + type_name(model, *type.element) + ">";
    case Kind::upload: return "zoom::Upload";
    case Kind::variant: {
      std::string out = "std::variant<";
      for (std::size_t i = 0; i < type.alternatives.size(); ++i)
        out += (i ? ", " : "") + type_name(model, type.alternatives[i]);
      return out + ">";
    }
  }
  return "boost::json::value";
}

void select(Model& model, const Selection& selection) {
  if (selection.empty()) return;
  std::set<std::string> tags, ids;
  for (const Operation& op : model.operations) {
    tags.insert(op.tags.begin(), op.tags.end());
    ids.insert(op.operation_id);
  }
  for (const auto* list : {&selection.include_tags, &selection.exclude_tags})
    for (const std::string& tag : *list)
      if (!tags.count(tag)) throw std::runtime_error("no operation has the tag '" + tag + "'");
  for (const auto* list : {&selection.include_operations, &selection.exclude_operations})
    for (const std::string& id : *list)
      if (!ids.count(id)) throw std::runtime_error("no operation has the operationId '" + id + "'");

  const auto tagged = [](const Operation& op, const std::vector<std::string>& list) {
    return std::any_of(op.tags.begin(), op.tags.end(), [&](const std::string& tag) { return has(list, tag); });
  };
  const bool include_all = selection.include_tags.empty() && selection.include_operations.empty();
  std::erase_if(model.operations, [&](const Operation& op) {
    const bool included = include_all || tagged(op, selection.include_tags) || has(selection.include_operations, op.operation_id);
    const bool excluded = tagged(op, selection.exclude_tags) || has(selection.exclude_operations, op.operation_id);
    return !included || excluded;
  });
  if (model.operations.empty()) throw std::runtime_error("the selection leaves no operation to generate");
  // The webhooks have no tags: a selection of what to include leaves them out, one that only
  // excludes keeps them.
  if (!include_all) model.webhooks.clear();

  // The types the remaining operations and webhooks use, directly or through other types.
  std::set<std::string> used, todo;
  for (const Webhook& webhook : model.webhooks) named_types(webhook.type, todo);
  for (const Operation& op : model.operations) {
    for (const Parameter& param : op.parameters) named_types(param.type, todo);
    if (op.body) named_types(op.body->type, todo);
    if (op.response) named_types(*op.response, todo);
  }
  while (!todo.empty()) {
    const std::string name = *todo.begin();
    todo.erase(todo.begin());
    if (!used.insert(name).second) continue;
    if (const auto* type = std::get_if<StructType>(&model.types.at(name)))
      for (const Field& field : type->fields) named_types(field.type, todo);
  }
  std::erase_if(model.types, [&](const auto& entry) { return !used.count(entry.first); });
}

std::vector<Change> diff(const Model& before, const Model& after) {
  std::vector<Change> changes;
  const auto add = [&](bool breaking, std::string what) { changes.push_back({breaking, std::move(what)}); };

  std::map<std::string, const Operation*> old_ops, new_ops;
  for (const Operation& op : before.operations) old_ops[op.cpp_name] = &op;
  for (const Operation& op : after.operations) new_ops[op.cpp_name] = &op;
  for (const auto& [name, op] : old_ops) {
    const auto it = new_ops.find(name);
    if (it == new_ops.end()) {
      add(true, "operation " + name + " (" + op->operation_id + ") removed");
      continue;
    }
    const Operation& now = *it->second;
    if (op->method != now.method || op->path != now.path)
      add(false, "operation " + name + ": " + op->method + " " + op->path + " -> " + now.method + " " + now.path);
    std::map<std::string, const Parameter*> old_params, new_params;
    for (const Parameter& p : op->parameters) old_params[p.cpp_name] = &p;
    for (const Parameter& p : now.parameters) new_params[p.cpp_name] = &p;
    for (const auto& [param, p] : old_params) {
      const auto found = new_params.find(param);
      if (found == new_params.end()) {
        add(true, "operation " + name + ": parameter " + param + " removed");
        continue;
      }
      const std::string was = type_name(before, p->type), is = type_name(after, found->second->type);
      if (was != is) add(true, "operation " + name + ": parameter " + param + ": " + was + " -> " + is);
      if (!p->required && found->second->required)
        add(true, "operation " + name + ": parameter " + param + " is now required");
    }
    for (const auto& [param, p] : new_params)
      if (!old_params.count(param))
        add(p->required, "operation " + name + ": new " + (p->required ? "required " : "") + "parameter " + param);
    if (!op->body && now.body) add(now.body->required, "operation " + name + ": new request body");
    if (op->body && !now.body) add(true, "operation " + name + ": request body removed");
    if (op->body && now.body && type_name(before, op->body->type) != type_name(after, now.body->type))
      add(true, "operation " + name + ": request body " + type_name(before, op->body->type) + " -> " +
                    type_name(after, now.body->type));
    const std::string was = op->response ? type_name(before, *op->response) : "void";
    const std::string is = now.response ? type_name(after, *now.response) : "void";
    if (was != is) add(true, "operation " + name + ": returns " + was + " -> " + is);
  }
  for (const auto& [name, op] : new_ops)
    if (!old_ops.count(name)) add(false, "operation " + name + " (" + op->operation_id + ") added");

  for (const auto& [name, type] : before.types) {
    const auto it = after.types.find(name);
    if (it == after.types.end()) {
      add(true, "type " + name + " removed");
      continue;
    }
    if (type.index() != it->second.index()) {
      add(true, "type " + name + " is now " + (std::holds_alternative<EnumType>(it->second) ? "an enum" : "a struct"));
      continue;
    }
    if (const auto* old_struct = std::get_if<StructType>(&type)) {
      const auto& new_struct = std::get<StructType>(it->second);
      for (const Field& field : old_struct->fields) {
        const auto same = std::find_if(new_struct.fields.begin(), new_struct.fields.end(),
                                       [&](const Field& f) { return f.cpp_name == field.cpp_name; });
        if (same == new_struct.fields.end()) {
          add(true, name + "." + field.cpp_name + " removed");
          continue;
        }
        const std::string was = type_name(before, field.type) + (field.required ? "" : " (optional)");
        const std::string is = type_name(after, same->type) + (same->required ? "" : " (optional)");
        if (was != is) add(true, name + "." + field.cpp_name + ": " + was + " -> " + is);
      }
      for (const Field& field : new_struct.fields)
        if (std::none_of(old_struct->fields.begin(), old_struct->fields.end(),
                         [&](const Field& f) { return f.cpp_name == field.cpp_name; }))
          add(false, name + "." + field.cpp_name + " added");
    } else {
      const auto& old_enum = std::get<EnumType>(type);
      const auto& new_enum = std::get<EnumType>(it->second);
      const auto names = [](const EnumType& e) {
        std::set<std::string> out;
        for (const EnumValue& v : e.values) out.insert(v.cpp_name);
        return out;
      };
      const auto was = names(old_enum), is = names(new_enum);
      for (const std::string& value : was)
        if (!is.count(value)) add(true, name + "::" + value + " removed");
      for (const std::string& value : is)
        if (!was.count(value)) add(false, name + "::" + value + " added");
    }
  }
  for (const auto& [name, type] : after.types)
    if (!before.types.count(name)) add(false, "type " + name + " added");

  std::stable_partition(changes.begin(), changes.end(), [](const Change& c) { return c.breaking; });
  return changes;
}

// Recursive schemas: a struct that contains itself, directly or through other structs, cannot
// hold that member by value. Within each cycle (a strongly connected component of "contains"),
// a member that is the struct itself or optional becomes zoom::Box (a nullable owner with value
// semantics: copies are deep); arrays and maps of it stay as they are (std::vector and std::map
// may hold a type declared but not yet defined). A oneOf of kinds that names a struct of its own
// cycle is kept as JSON, with a warning.
void box_recursion(Model& model) {
  std::map<std::string, std::set<std::string>> edges;
  for (const auto& [name, type] : model.types)
    if (const auto* s = std::get_if<StructType>(&type))
      for (const Field& field : s->fields) collect_structs(model, field.type, edges[name]);
  const std::map<std::string, int> component = components(edges);
  for (auto& [name, type] : model.types) {
    auto* s = std::get_if<StructType>(&type);
    if (!s) continue;
    const int own = component.at(name);
    const auto cyclic = [&](const std::string& other) {
      const auto it = component.find(other);
      return it != component.end() && it->second == own;
    };
    for (Field& field : s->fields) {
      if (field.type.kind == TypeRef::Kind::named && cyclic(field.type.name)) {
        field.type = TypeRef::container(TypeRef::Kind::box, field.type);
      } else if (field.type.kind == TypeRef::Kind::variant) {
        std::set<std::string> inside;
        collect_structs(model, field.type, inside);
        if (std::any_of(inside.begin(), inside.end(), cyclic)) {
          model.warnings.push_back(model.source_file + ": " + name + "." + field.cpp_name +
                                   ": a oneOf that contains its own struct: typed as boost::json::value");
          field.type = TypeRef::of(TypeRef::Kind::any);
        }
      }
    }
  }
}

}  // namespace zoom::codegen
