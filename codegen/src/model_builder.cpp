#include "model_builder.hpp"

#include "names.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <set>

namespace zoom::codegen {
namespace {

constexpr std::array<std::string_view, 5> kMethods{"get", "put", "post", "delete", "patch"};
constexpr std::size_t kMaxDescribedMembers = 52;  // BOOST_DESCRIBE_STRUCT's limit

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

  // Component names are claimed before any is built, so references resolve in any order.
  void build_components(const Node& schemas) {
    const auto entries = schemas.members();
    for (const auto& [name, node] : entries) {
      const std::string type_name = unique(pascal_case(name), type_names_);
      names_by_pointer_[node.pointer()] = type_name;
    }
    for (const auto& [name, node] : entries) {
      const std::string& type_name = names_by_pointer_[node.pointer()];
      const Node schema = node.resolve();
      if (schema.pointer() != node.pointer()) continue;  // an alias of another component
      if (!define_named(schema, type_name))
        node.fail("unsupported: a component schema that is not an object or an enum");
    }
  }

  // Defines `name` from an object or enum schema; false for any other kind of schema.
  bool define_named(const Node& schema, const std::string& name) {
    reject_unsupported(schema);
    if (schema.find("enum")) {
      model_.types.emplace(name, build_enum(schema, name));
      return true;
    }
    if (is_struct(schema)) {
      names_by_pointer_[schema.pointer()] = name;
      model_.types.emplace(name, StructType{name, description_of(schema), {}});
      StructType built = build_struct(schema, name);
      model_.types[name] = std::move(built);
      return true;
    }
    return false;
  }

  static bool is_struct(const Node& schema) {
    const auto type = schema.optional_string("type");
    const auto properties = schema.find("properties");
    const bool has_properties = properties && properties->is_object() && !properties->json().get_object().empty();
    return has_properties && (!type || *type == "object");
  }

  static void reject_unsupported(const Node& schema) {
    for (const char* keyword : {"allOf", "oneOf", "anyOf", "not"})
      if (const auto node = schema.find(keyword))
        node->fail(std::string{"unsupported construct '"} + keyword + "'");
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
    if (schema.find("enum") || is_struct(schema)) {
      const std::string name = unique(context, type_names_);
      names_by_pointer_[schema.pointer()] = name;
      define_named(schema, name);
      return TypeRef::named(name);
    }
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
    if (type == "array") return TypeRef::container(Kind::array, type_of(schema.at("items"), context + "Item"));
    if (type == "object" || type.empty()) {
      if (const auto additional = schema.find("additionalProperties"); additional && additional->is_object())
        return TypeRef::container(Kind::map, type_of(*additional, context + "Value"));
      return TypeRef::of(Kind::any);  // free-form: kept as JSON
    }
    type_node->fail("unknown type '" + type + "'");
  }

  StructType build_struct(const Node& schema, const std::string& name) {
    StructType out{name, description_of(schema), {}};
    std::set<std::string> required;
    if (const auto list = schema.find("required"))
      for (const Node& item : list->elements()) {
        if (!item.json().is_string()) item.fail("expected a property name");
        required.insert(std::string{item.json().get_string()});
      }
    const auto properties = schema.at("properties").members();
    if (properties.size() > kMaxDescribedMembers)
      schema.at("properties").fail("unsupported: an object with " + std::to_string(properties.size()) +
                                   " properties (at most " + std::to_string(kMaxDescribedMembers) + ")");
    std::set<std::string> member_names{"extra"};  // `extra` holds the fields the spec does not list
    for (const auto& [json_name, property] : properties) {
      const Node target = property.resolve();
      Field field;
      field.json_name = json_name;
      const std::string cpp_name = snake_case(json_name);
      field.cpp_name = unique(cpp_name == "extra" ? "extra_" : cpp_name, member_names);
      field.description = description_of(property).empty() ? description_of(target) : description_of(property);
      field.type = type_of(property, name + pascal_case(json_name));
      field.required = required.count(json_name) && !target.boolean("nullable", false);
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
    if (const auto tags = node.find("tags"); tags && !tags->elements().empty()) {
      const Node first = tags->elements().front();
      if (!first.json().is_string()) first.fail("expected a tag name");
      op.group = snake_case(std::string{first.json().get_string()});
    } else {
      op.group = "operations";
    }
    op.rate_limit = rate_limit_of(node);
    if (const auto body = node.find("requestBody")) body->fail("unsupported: request bodies");
    op.parameters = parameters_of(item, node, op);
    check_path_template(op, node);
    op.response = response_of(node.at("responses"), pascal_case(op.operation_id) + "Response");
    if (const auto paging = node.find("x-zoom-paging")) op.paging = paging_of(*paging, op);
    return op;
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
    } else if (in == "query") {
      param.location = Parameter::Location::query;
      param.required = p.boolean("required", false);
    } else {
      p.at("in").fail("unsupported: " + in + " parameters");
    }
    const Node schema_use = p.at("schema");
    param.type = type_of(schema_use, pascal_case(op.operation_id) + pascal_case(param.json_name));
    const Node schema = schema_use.resolve();
    using Kind = TypeRef::Kind;
    if (param.type.kind == Kind::array || param.type.kind == Kind::map || param.type.kind == Kind::any ||
        (param.type.kind == Kind::named && std::holds_alternative<StructType>(model_.types.at(param.type.name))))
      schema_use.fail("unsupported: a parameter that is not a single value (array or object)");
    if (param.location == Parameter::Location::path) {
      if (param.type.kind != Kind::string && param.type.kind != Kind::int32 && param.type.kind != Kind::int64)
        schema_use.fail("unsupported: a path parameter that is not a string or an integer");
    }
    if (param.description.empty()) param.description = description_of(schema);
    if (const auto fallback = schema_use.find("default") ? schema_use.find("default") : schema.find("default"))
      param.default_value = default_of(*fallback, param.type);
    return param;
  }

  // The default as a C++ initializer for the parameter's type.
  std::string default_of(const Node& value, const TypeRef& type) {
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
        value.fail("the default is not one of the enum's values");
      }
      case Kind::string:
        if (v.is_string()) return cpp_string_literal(v.get_string());
        break;
      default:
        value.fail("unsupported: a default for a parameter of this type");
    }
    value.fail("the default does not match the parameter's type");
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
                  node.optional_string("total_field").value_or(""), "", ""};
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
        if (param->type.kind != TypeRef::Kind::date || param->required)
          window->at(key).fail("'" + name + "' must be an optional query parameter of format date");
      }
      if (paging.from_parameter == paging.to_parameter)
        window->at("to_parameter").fail("the window needs two different parameters");
    }
    return paging;
  }

  const Spec& spec_;
  Model model_;
  std::set<std::string> type_names_;
  std::map<std::string, std::string> names_by_pointer_;  // schema pointer -> type name
};

}  // namespace

Model build_model(const Spec& spec) { return Builder(spec).build(); }

}  // namespace zoom::codegen
