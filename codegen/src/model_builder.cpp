#include "model_builder.hpp"

#include "names.hpp"

#include <boost/json/serialize.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <set>

namespace zoom::codegen {
namespace {

constexpr std::array<std::string_view, 5> kMethods{"get", "put", "post", "delete", "patch"};

std::string lower(std::string_view text) {
  std::string out{text};
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// `name` itself, or `name2`, `name3`, ... whichever `taken` does not hold yet; then taken.
std::string unique(std::string name, std::set<std::string>& taken) {
  std::string candidate = name;
  for (int n = 2; taken.count(candidate); ++n) candidate = name + std::to_string(n);
  taken.insert(candidate);
  return candidate;
}

// Reads the spec into the model, naming inline schemas after where they are used.
class Builder {
 public:
  explicit Builder(const Spec& spec) : spec_(spec) {}

  Model build() {
    const Node root = Node::root(spec_);
    check_version(root);
    const Node info = root.at("info");
    model_.title = info.string("title");
    model_.version = info.string("version");
    model_.source_file = spec_.file;
    if (const auto components = root.find("components"))
      if (const auto schemas = components->find("schemas")) build_components(*schemas);
    build_operations(root.at("paths"));
    resolve_successors();
    return std::move(model_);
  }

 private:
  void check_version(const Node& root) {
    if (root.find("swagger"))
      root.at("swagger").fail("Swagger 2.0 documents are not supported: convert the spec to OpenAPI 3.0");
    const std::string version = root.string("openapi");
    if (version.rfind("3.0", 0) != 0)
      root.at("openapi").fail("unsupported OpenAPI version '" + version + "': this generator reads OpenAPI 3.0");
  }

  // Component names are claimed before any is built, so references resolve in any order. Only
  // objects and enums become named types; a component that is an array, a primitive, a oneOf or
  // an alias of another is used as what it stands for.
  void build_components(const Node& schemas) {
    const auto entries = schemas.members();
    for (const auto& [name, node] : entries) {
      const Node schema = node.resolve();
      if (schema.pointer() != node.pointer() || !names_a_type(schema)) continue;
      names_by_pointer_[node.pointer()] = unique(pascal_case(name), type_names_);
    }
    for (const auto& [name, node] : entries) {
      const auto it = names_by_pointer_.find(node.pointer());
      if (it == names_by_pointer_.end() || model_.types.count(it->second)) continue;
      define_named(node, it->second);
    }
  }

  // Whether a schema becomes a named C++ type: an object with properties (its own or through
  // allOf) or a string or integer enum.
  static bool names_a_type(const Node& schema) {
    return !alias_of(schema) && (is_enum(schema) || object_parts(schema).has_value());
  }

  // `allOf` of one schema and nothing else (a description at most): that schema under another name.
  static std::optional<Node> alias_of(const Node& schema) {
    const auto all_of = schema.find("allOf");
    if (!all_of || schema.find("properties") || schema.find("enum") || schema.find("additionalProperties")) return std::nullopt;
    const auto parts = all_of->elements();
    if (parts.size() != 1) return std::nullopt;
    return parts.front();
  }

  static bool is_enum(const Node& schema) {
    if (!schema.find("enum")) return false;
    const std::string type = schema.optional_string("type").value_or("string");
    return type == "string" || type == "integer";
  }

  // The properties and required names of an object, its allOf parts merged in order (a later
  // part's property replaces an earlier one of the same name); empty when the schema is not an
  // object with at least one property.
  struct ObjectParts {
    std::vector<std::pair<std::string, Node>> properties;
    std::set<std::string> required;
  };
  static std::optional<ObjectParts> object_parts(const Node& schema) {
    ObjectParts parts;
    collect_object(schema, parts, 0);
    if (parts.properties.empty()) return std::nullopt;
    const auto type = schema.optional_string("type");
    if (type && *type != "object") return std::nullopt;
    return parts;
  }
  static void collect_object(const Node& schema, ObjectParts& parts, int depth) {
    if (depth > 32) schema.fail("allOf nested too deeply");
    if (const auto all_of = schema.find("allOf"))
      for (const Node& part : all_of->elements()) collect_object(part.resolve(), parts, depth + 1);
    if (const auto list = schema.find("required"))
      for (const Node& item : list->elements()) {
        if (!item.json().is_string()) item.fail("expected a property name");
        parts.required.insert(std::string{item.json().get_string()});
      }
    if (const auto properties = schema.find("properties"); properties && properties->is_object())
      for (auto& property : properties->members()) {  // not a structured binding: clang 14 cannot capture one
        const auto same = std::find_if(parts.properties.begin(), parts.properties.end(),
                                       [&](const auto& entry) { return entry.first == property.first; });
        if (same != parts.properties.end()) same->second = property.second;
        else parts.properties.emplace_back(property.first, property.second);
      }
  }

  // Defines `name` from an object or enum schema (the caller checked names_a_type).
  void define_named(const Node& use, const std::string& name) {
    const Node schema = use.resolve();
    reject_unsupported(schema);
    names_by_pointer_[schema.pointer()] = name;
    if (is_enum(schema)) {
      model_.types.emplace(name, build_enum(schema, name));
      return;
    }
    model_.types.emplace(name, StructType{name, description_of(schema), {}});  // claimed while its fields are built
    StructType built = build_struct(schema, *object_parts(schema), name);
    model_.types[name] = std::move(built);
  }

  static void reject_unsupported(const Node& schema) {
    if (const auto node = schema.find("not")) node->fail("unsupported construct 'not'");
  }

  static std::string description_of(const Node& schema) {
    return schema.optional_string("description").value_or(schema.optional_string("title").value_or(""));
  }

  // The type of a schema used at `context` (which names it, if it needs a name).
  TypeRef type_of(const Node& use, const std::string& context) {
    const Node schema = use.resolve();
    if (const auto it = names_by_pointer_.find(schema.pointer()); it != names_by_pointer_.end())
      return TypeRef::named(it->second);
    reject_unsupported(schema);
    if (names_a_type(schema)) {
      const std::string name = unique(context, type_names_);
      define_named(schema, name);
      return TypeRef::named(name);
    }
    if (const auto target = alias_of(schema)) return type_of(*target, context);
    if (schema.find("allOf")) return TypeRef::of(TypeRef::Kind::any);  // parts without properties
    for (const char* keyword : {"oneOf", "anyOf"})
      if (const auto alternatives = schema.find(keyword)) return variant_of(*alternatives, context);
    const auto type_node = schema.find("type");
    if (type_node && !type_node->json().is_string())
      type_node->fail("unsupported: 'type' must be a single type name in OpenAPI 3.0");
    const std::string type = type_node ? std::string{type_node->json().get_string()} : "";
    const std::string format = schema.optional_string("format").value_or("");
    using Kind = TypeRef::Kind;
    if (type == "string") {
      if (format == "date") return TypeRef::of(Kind::date);
      if (format == "date-time") return TypeRef::of(Kind::date_time);
      return TypeRef::of(Kind::string);
    }
    if (type == "integer") return TypeRef::of(format == "int32" ? Kind::int32 : Kind::int64);
    if (type == "number") return TypeRef::of(Kind::number);
    if (type == "boolean") return TypeRef::of(Kind::boolean);
    if (type == "array") {
      const auto items = schema.find("items");
      return TypeRef::container(Kind::array, items ? type_of(*items, context + "Item") : TypeRef::of(Kind::any));
    }
    if (type == "object" || type.empty()) {
      if (const auto additional = schema.find("additionalProperties"); additional && additional->is_object())
        return TypeRef::container(Kind::map, type_of(*additional, context + "Value"));
      return TypeRef::of(Kind::any);  // free-form: kept as JSON
    }
    type_node->fail("unknown type '" + type + "'");
  }

  // The JSON kind a schema accepts, or empty when it cannot be told (no type, a oneOf, ...).
  static std::optional<std::string> json_kind(const Node& schema) {
    if (names_a_type(schema)) return is_enum(schema) ? schema.optional_string("type").value_or("string") : "object";
    const auto type = schema.find("type");
    if (!type || !type->json().is_string()) return std::nullopt;
    const std::string name{type->json().get_string()};
    if (name == "object" && schema.find("additionalProperties")) return "object";
    if (name == "object") return std::nullopt;  // free-form: could be anything
    return name;
  }

  // oneOf / anyOf: a std::variant when every alternative accepts a different kind of JSON value
  // (so a value picks its alternative by its kind alone), else free-form JSON.
  TypeRef variant_of(const Node& list, const std::string& context) {
    const auto alternatives = list.elements();
    if (alternatives.empty()) list.fail("expected at least one alternative");
    if (alternatives.size() == 1) return type_of(alternatives.front(), context);
    // A parameter takes either form (zoom::DateOrTime); in a model it is the text as sent.
    if (date_or_time(alternatives))
      return TypeRef::of(typing_parameter_ ? TypeRef::Kind::date_or_time : TypeRef::Kind::string);
    std::set<std::string> kinds;
    for (const Node& alternative : alternatives) {
      const auto kind = json_kind(alternative.resolve());
      if (!kind || !kinds.insert(*kind).second) return TypeRef::of(TypeRef::Kind::any);
    }
    if (kinds.count("integer") && kinds.count("number")) return TypeRef::of(TypeRef::Kind::any);
    std::vector<TypeRef> types;
    for (std::size_t i = 0; i < alternatives.size(); ++i) {
      const auto title = alternatives[i].resolve().optional_string("title");
      types.push_back(type_of(alternatives[i], context + (title ? pascal_case(*title) : "Option" + std::to_string(i + 1))));
    }
    return TypeRef::variant(std::move(types));
  }

  // Strings of format `date` and `date-time`, both and nothing else: a value takes either form.
  static bool date_or_time(const std::vector<Node>& alternatives) {
    std::set<std::string> formats;
    for (const Node& alternative : alternatives) {
      const Node schema = alternative.resolve();
      if (schema.optional_string("type").value_or("") != "string" || schema.find("enum")) return false;
      formats.insert(schema.optional_string("format").value_or(""));
    }
    return formats == std::set<std::string>{"date", "date-time"};
  }

  StructType build_struct(const Node& schema, const ObjectParts& parts, const std::string& name) {
    StructType out{name, description_of(schema), {}};
    std::set<std::string> member_names{"extra"};  // `extra` holds the fields the spec does not list
    for (const auto& [json_name, property] : parts.properties) {
      const Node target = property.resolve();
      Field field;
      field.json_name = json_name;
      const std::string cpp_name = snake_case(json_name);
      field.cpp_name = unique(cpp_name == "extra" ? "extra_" : cpp_name, member_names);
      field.description = description_of(property).empty() ? description_of(target) : description_of(property);
      field.type = type_of(property, name + pascal_case(json_name));
      field.read_only = property.boolean("readOnly", false) || target.boolean("readOnly", false);
      field.write_only = property.boolean("writeOnly", false) || target.boolean("writeOnly", false);
      // A read-only field is absent from requests and a write-only one from responses, so
      // neither can be required of both.
      field.required = parts.required.count(json_name) && !target.boolean("nullable", false) &&
                       !property.boolean("nullable", false) && !field.read_only && !field.write_only;
      field.deprecated = property.boolean("deprecated", false) || target.boolean("deprecated", false);
      out.fields.push_back(std::move(field));
    }
    return out;
  }

  EnumType build_enum(const Node& schema, const std::string& name) {
    EnumType out{name, description_of(schema), false, {}};
    const std::string type = schema.optional_string("type").value_or("string");
    if (type != "string" && type != "integer")
      schema.at("enum").fail("unsupported: an enum of type '" + type + "' (only string and integer enums)");
    out.integer = type == "integer";
    const auto values = schema.at("enum").elements();
    if (values.empty()) schema.at("enum").fail("an enum needs at least one value");
    std::vector<Node> varnames;
    if (const auto names = schema.find("x-enum-varnames")) {
      varnames = names->elements();
      if (varnames.size() != values.size())
        names->fail("x-enum-varnames has " + std::to_string(varnames.size()) + " names for " +
                    std::to_string(values.size()) + " values");
    }
    std::set<std::string> taken;
    for (std::size_t i = 0; i < values.size(); ++i) {
      const Node& value = values[i];
      EnumValue entry;
      std::string base;
      if (out.integer) {
        if (!value.json().is_int64()) value.fail("expected an integer enum value");
        entry.wire = value.json().get_int64();
        const std::int64_t number = value.json().get_int64();
        base = number < 0 ? "minus_" + std::to_string(-number) : "v" + std::to_string(number);
      } else {
        if (value.json().is_null()) continue;  // `nullable` enums list null: not a value to name
        if (!value.json().is_string()) value.fail("expected a string enum value");
        entry.wire = std::string{value.json().get_string()};
        base = std::get<std::string>(entry.wire);
      }
      if (!varnames.empty()) {
        if (!varnames[i].json().is_string()) varnames[i].fail("expected a name");
        base = std::string{varnames[i].json().get_string()};
      }
      entry.cpp_name = unique(snake_case(base), taken);
      out.values.push_back(std::move(entry));
    }
    return out;
  }

  void build_operations(const Node& paths) {
    std::set<std::string> operation_names;
    for (const auto& [path, item] : paths.members()) {
      if (path.empty() || path[0] != '/') item.fail("a path must start with '/'");
      for (const auto& [key, node] : item.members()) {
        if (std::find(kMethods.begin(), kMethods.end(), key) != kMethods.end())
          model_.operations.push_back(build_operation(path, key, item, node, operation_names));
        else if (key == "head" || key == "options" || key == "trace")
          node.fail("unsupported: the '" + key + "' method");
      }
    }
  }

  Operation build_operation(const std::string& path, const std::string& method, const Node& item,
                            const Node& node, std::set<std::string>& operation_names) {
    Operation op;
    op.operation_id = node.string("operationId");
    op.cpp_name = snake_case(op.operation_id);
    if (!operation_names.insert(op.cpp_name).second)
      node.at("operationId").fail("operationId '" + op.operation_id + "' is not unique");
    op.params_name = pascal_case(op.operation_id) + "Params";
    op.method = method;
    op.path = path;
    op.summary = node.optional_string("summary").value_or("");
    op.description = node.optional_string("description").value_or("");
    op.deprecated = node.boolean("deprecated", false);
    if (const auto successor = node.find("x-zoom-successor")) successors_.emplace_back(model_.operations.size(), *successor);
    if (const auto tags = node.find("tags"); tags && !tags->elements().empty()) {
      for (const Node& tag : tags->elements()) {
        if (!tag.json().is_string()) tag.fail("expected a tag name");
        op.tags.emplace_back(tag.json().get_string());
      }
      op.group = snake_case(op.tags.front());
    } else {
      op.group = "operations";
    }
    op.rate_limit = rate_limit_of(node);
    op.parameters = parameters_of(item, node, op);
    if (const auto body = node.find("requestBody")) op.body = body_of(*body, pascal_case(op.operation_id) + "Request");
    check_path_template(op, node);
    op.response = response_of(node.at("responses"), pascal_case(op.operation_id) + "Response");
    if (const auto paging = node.find("x-zoom-paging")) {
      if (op.body) paging->fail("unsupported: paging an operation with a request body");
      op.paging = paging_of(*paging, op);
    }
    if (const auto sync = node.find("x-zoom-sync")) {
      if (op.paging) sync->fail("an operation is either paged (x-zoom-paging) or a sync (x-zoom-sync), not both");
      if (op.body) sync->fail("unsupported: a sync operation with a request body");
      op.paging = sync_of(*sync, op);
    }
    return op;
  }

  // `x-zoom-successor` names, by operationId, the operation that replaces a deprecated one.
  void resolve_successors() {
    for (const auto& [index, node] : successors_) {
      if (!node.json().is_string()) node.fail("expected the operationId of the operation that replaces this one");
      const std::string id{node.json().get_string()};
      const auto it = std::find_if(model_.operations.begin(), model_.operations.end(),
                                   [&](const Operation& op) { return op.operation_id == id; });
      if (it == model_.operations.end()) node.fail("no operation has the operationId '" + id + "'");
      model_.operations[index].successor = it->cpp_name;
    }
  }

  // Path-level parameters apply to each operation below them, unless it redefines them.
  std::vector<Parameter> parameters_of(const Node& item, const Node& node, const Operation& op) {
    std::vector<Node> nodes;
    if (const auto list = item.find("parameters"))
      for (const Node& p : list->elements()) nodes.push_back(p);
    if (const auto list = node.find("parameters"))
      for (const Node& p : list->elements()) nodes.push_back(p);
    std::vector<Parameter> out;
    std::set<std::string> names;
    for (const Node& use : nodes) {
      const Node p = use.resolve();
      Parameter param = parameter_of(p, op);
      const auto same = std::find_if(out.begin(), out.end(), [&](const Parameter& q) {
        return q.json_name == param.json_name && q.location == param.location;
      });
      if (same != out.end()) {
        names.erase(same->cpp_name);
        out.erase(same);
      }
      param.cpp_name = unique(param.cpp_name, names);
      out.push_back(std::move(param));
    }
    return out;
  }

  Parameter parameter_of(const Node& p, const Operation& op) {
    Parameter param;
    param.json_name = p.string("name");
    param.cpp_name = snake_case(param.json_name);
    param.description = p.optional_string("description").value_or("");
    param.deprecated = p.boolean("deprecated", false);
    const std::string in = p.string("in");
    if (in == "path") {
      param.location = Parameter::Location::path;
      param.required = true;
    } else if (in == "query" || in == "header") {
      param.location = in == "query" ? Parameter::Location::query : Parameter::Location::header;
      param.required = p.boolean("required", false);
    } else {
      p.at("in").fail("unsupported: " + in + " parameters");
    }
    const Node schema_use = p.at("schema");
    const Node schema = schema_use.resolve();
    using Kind = TypeRef::Kind;
    if (param.location == Parameter::Location::path) {
      // A path segment is text either way: an enum or a format here only documents it.
      const std::string type = schema.optional_string("type").value_or("string");
      if (type != "string" && type != "integer")
        schema_use.fail("unsupported: a path parameter that is not a string or an integer");
      param.type = TypeRef::of(type == "integer" ? Kind::int64 : Kind::string);
    } else {
      typing_parameter_ = true;
      param.type = type_of(schema_use, pascal_case(op.operation_id) + pascal_case(param.json_name));
      typing_parameter_ = false;
      const TypeRef& single = param.type.kind == Kind::array ? *param.type.element : param.type;
      const bool header_array = param.location == Parameter::Location::header && param.type.kind == Kind::array;
      if (single.kind == Kind::array || single.kind == Kind::map || single.kind == Kind::any ||
          single.kind == Kind::variant || header_array ||
          (single.kind == Kind::named && std::holds_alternative<StructType>(model_.types.at(single.name))))
        schema_use.fail(param.location == Parameter::Location::header
                            ? "unsupported: a header parameter that is not a single value"
                            : "unsupported: a query parameter that is not a value or an array of values (an object)");
      const std::string style = p.optional_string("style").value_or("form");
      if (style != "form") p.at("style").fail("unsupported: query parameters of style '" + style + "'");
      param.explode = p.boolean("explode", true);
    }
    if (param.description.empty()) param.description = description_of(schema);
    if (param.location != Parameter::Location::path && param.type.kind != Kind::array)
      if (const auto fallback = schema_use.find("default") ? schema_use.find("default") : schema.find("default"))
        if ((param.default_value = default_of(*fallback, param.type))) param.default_text = text_of(fallback->json());
    return param;
  }

  // JSON when the body may be JSON; else a form or raw bytes of the one media type it lists.
  RequestBody body_of(const Node& use, const std::string& context) {
    const Node body = use.resolve();
    RequestBody out;
    out.required = body.boolean("required", false);
    out.description = body.optional_string("description").value_or("");
    const Node content = body.at("content");
    const auto media_types = content.members();
    for (const auto& [media_type, media] : media_types) {
      if (media_type == "application/json" || media_type.ends_with("+json")) {
        const auto schema = media.find("schema");
        out.type = schema ? type_of(*schema, context) : TypeRef::of(TypeRef::Kind::any);
        out.media_type = media_type;
        return out;
      }
    }
    if (media_types.empty()) content.fail("a request body needs at least one media type");
    for (const auto& [media_type, media] : media_types) {
      if (media_type != "application/x-www-form-urlencoded") continue;
      const auto schema = media.find("schema");
      if (!schema || !object_parts(schema->resolve()))
        media.fail("unsupported: a form body that is not an object with properties");
      out.type = type_of(*schema, context);
      out.encoding = RequestBody::Encoding::form;
      out.media_type = media_type;
      return out;
    }
    const auto& [media_type, media] = media_types.front();
    if (media_type.starts_with("multipart/")) content.fail("unsupported: a request body of type " + media_type);
    out.type = TypeRef::of(TypeRef::Kind::string);
    out.encoding = RequestBody::Encoding::raw;
    out.media_type = media_type;
    return out;
  }

  void warn(const Node& node, const std::string& what) {
    model_.warnings.push_back(node.spec().file + "#" + node.pointer() + ": " + what);
  }

  // A default as documentation shows it: a string as it is, anything else as JSON.
  static std::string text_of(const boost::json::value& value) {
    return value.is_string() ? std::string{value.get_string()} : boost::json::serialize(value);
  }

  // The default as a C++ initializer for the parameter's type; empty (with a warning) when it
  // cannot be one.
  std::optional<std::string> default_of(const Node& value, const TypeRef& type) {
    using Kind = TypeRef::Kind;
    const boost::json::value& v = value.json();
    switch (type.kind) {
      case Kind::boolean:
        if (v.is_bool()) return v.get_bool() ? "true" : "false";
        break;
      case Kind::int32:
      case Kind::int64:
        if (v.is_int64()) return std::to_string(v.get_int64());
        break;
      case Kind::number:
        if (v.is_number()) return std::to_string(v.to_number<double>());
        break;
      case Kind::named: {
        const auto* e = std::get_if<EnumType>(&model_.types.at(type.name));
        if (!e) break;
        for (const EnumValue& entry : e->values) {
          const bool same = std::holds_alternative<std::string>(entry.wire)
                                ? v.is_string() && v.get_string() == std::get<std::string>(entry.wire)
                                : v.is_int64() && v.get_int64() == std::get<std::int64_t>(entry.wire);
          if (same) return type.name + "::" + entry.cpp_name;
        }
        warn(value, "the default is not one of the enum's values; the parameter has no default");
        return std::nullopt;
      }
      case Kind::string:
        if (v.is_string()) return cpp_string_literal(v.get_string());
        break;
      default:
        warn(value, "a default for a parameter of this type is not supported; the parameter has no default");
        return std::nullopt;
    }
    warn(value, "the default does not match the parameter's type; the parameter has no default");
    return std::nullopt;
  }

  // Every `{name}` in the path has a path parameter, and every path parameter is in the path.
  static void check_path_template(const Operation& op, const Node& node) {
    std::set<std::string> in_template;
    for (std::size_t open = op.path.find('{'); open != std::string::npos; open = op.path.find('{', open + 1)) {
      const std::size_t close = op.path.find('}', open);
      if (close == std::string::npos) node.fail("unbalanced '{' in path '" + op.path + "'");
      in_template.insert(op.path.substr(open + 1, close - open - 1));
    }
    std::set<std::string> declared;
    for (const Parameter& p : op.parameters)
      if (p.location == Parameter::Location::path) declared.insert(p.json_name);
    for (const std::string& name : in_template)
      if (!declared.count(name)) node.fail("path parameter '{" + name + "}' is not declared in 'parameters'");
    for (const std::string& name : declared)
      if (!in_template.count(name)) node.fail("path parameter '" + name + "' does not appear in the path");
  }

  std::optional<TypeRef> response_of(const Node& responses, const std::string& context) {
    std::optional<std::pair<std::string, Node>> success;
    for (const auto& [status, node] : responses.members())
      if (status.size() == 3 && status[0] == '2' && (!success || status < success->first))
        success.emplace(status, node);
    if (!success) responses.fail("no success (2xx) response");
    if (success->first == "204") return std::nullopt;
    const Node response = success->second.resolve();
    const auto content = response.find("content");
    if (!content) return std::nullopt;
    const auto media_types = content->members();  // fails at the pointer when not an object
    if (media_types.empty()) return std::nullopt;
    for (const auto& [media_type, media] : media_types) {
      if (media_type == "application/json" || media_type.ends_with("+json")) {
        const auto schema = media.find("schema");
        if (!schema || (schema->is_object() && schema->json().get_object().empty())) return std::nullopt;
        return type_of(*schema, context);
      }
    }
    content->fail("unsupported: a success response that is not JSON");
  }

  // The label from `x-zoom-rate-limit`, else from Zoom's "Rate Limit Label" in the description.
  static std::string rate_limit_of(const Node& node) {
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 5> labels{{
        {"resource-intensive", "resource_intensive"},
        {"resource_intensive", "resource_intensive"},
        {"light", "light"},
        {"medium", "medium"},
        {"heavy", "heavy"},
    }};
    if (const auto label = node.find("x-zoom-rate-limit")) {
      const std::string text = lower(node.string("x-zoom-rate-limit"));
      for (const auto& [name, value] : labels)
        if (text == name) return std::string{value};
      label->fail("unknown rate-limit label '" + node.string("x-zoom-rate-limit") +
                  "' (expected Light, Medium, Heavy or Resource-intensive)");
    }
    const std::string description = lower(node.optional_string("description").value_or(""));
    const std::size_t at = description.find("rate limit label");
    if (at == std::string::npos) return "unspecified";
    const std::string_view after = std::string_view{description}.substr(at, 120);
    for (const auto& [name, value] : labels)
      if (after.find(name) != std::string_view::npos) return std::string{value};
    return "unspecified";
  }

  Paging paging_of(const Node& node, const Operation& op) {
    Paging paging{node.string("token_parameter"), node.string("token_field"), node.string("items_field"),
                  node.optional_string("page_size_parameter").value_or(""),
                  node.optional_string("total_field").value_or(""), "", "", std::nullopt};
    const auto is_query = [&](const std::string& name) {
      return std::any_of(op.parameters.begin(), op.parameters.end(), [&](const Parameter& p) {
        return p.location == Parameter::Location::query && p.json_name == name;
      });
    };
    if (!is_query(paging.token_parameter))
      node.at("token_parameter").fail("'" + paging.token_parameter + "' is not a query parameter of the operation");
    if (!paging.page_size_parameter.empty() && !is_query(paging.page_size_parameter))
      node.at("page_size_parameter")
          .fail("'" + paging.page_size_parameter + "' is not a query parameter of the operation");
    const StructType* page = nullptr;
    if (op.response && op.response->kind == TypeRef::Kind::named)
      page = std::get_if<StructType>(&model_.types.at(op.response->name));
    if (!page) node.fail("a paged operation must return an object");
    const auto field = [&](const std::string& key, const std::string& name) -> const Field* {
      for (const Field& f : page->fields)
        if (f.json_name == name) return &f;
      node.at(key).fail("the response has no field '" + name + "'");
    };
    if (field("token_field", paging.token_field)->type.kind != TypeRef::Kind::string)
      node.at("token_field").fail("the page token field must be a string");
    if (field("items_field", paging.items_field)->type.kind != TypeRef::Kind::array)
      node.at("items_field").fail("the items field must be an array");
    if (!paging.total_field.empty()) field("total_field", paging.total_field);
    if (const auto window = node.find("month_window")) {
      paging.from_parameter = window->string("from_parameter");
      paging.to_parameter = window->string("to_parameter");
      for (const char* key : {"from_parameter", "to_parameter"}) {
        const std::string name = window->string(key);
        const auto param = std::find_if(op.parameters.begin(), op.parameters.end(), [&](const Parameter& p) {
          return p.location == Parameter::Location::query && p.json_name == name;
        });
        if (param == op.parameters.end())
          window->at(key).fail("'" + name + "' is not a query parameter of the operation");
        const bool dated = param->type.kind == TypeRef::Kind::date || param->type.kind == TypeRef::Kind::date_or_time;
        if (!dated || param->required)
          window->at(key).fail("'" + name +
                               "' must be an optional date query parameter (format date, or an anyOf of date and "
                               "date-time)");
      }
      if (paging.from_parameter == paging.to_parameter)
        window->at("to_parameter").fail("the window needs two different parameters");
    }
    return paging;
  }

  // `x-zoom-sync`: paging by a token that names the last record delivered (see Paging::Sync).
  Paging sync_of(const Node& node, const Operation& op) {
    Paging paging = paging_of(node, op);
    const auto query_parameter = [&](const char* key) -> const Parameter& {
      const std::string name = node.string(key);
      for (const Parameter& p : op.parameters)
        if (p.location == Parameter::Location::query && p.json_name == name) return p;
      node.at(key).fail("'" + name + "' is not a query parameter of the operation");
    };
    const Parameter& count = query_parameter("count_parameter");
    if (count.type.kind != TypeRef::Kind::int32 && count.type.kind != TypeRef::Kind::int64)
      node.at("count_parameter").fail("the count parameter must be an integer");
    paging.page_size_parameter = count.json_name;
    query_parameter("type_parameter");
    paging.sync = Paging::Sync{node.string("type_parameter"), node.string("full"), node.string("increment")};
    return paging;
  }

  const Spec& spec_;
  Model model_;
  std::set<std::string> type_names_;
  std::map<std::string, std::string> names_by_pointer_;  // schema pointer -> type name
  std::vector<std::pair<std::size_t, Node>> successors_;  // operation index -> its x-zoom-successor
  bool typing_parameter_ = false;                         // date_or_time is a parameter's type only
};

}  // namespace

Model build_model(const Spec& spec) { return Builder(spec).build(); }

}  // namespace zoom::codegen
