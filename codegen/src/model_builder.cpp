#include "model_builder.hpp"

#include "model_tools.hpp"
#include "names.hpp"

#include <boost/json/serialize.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <climits>
#include <cstdint>
#include <deque>
#include <set>

namespace zoom::codegen {
namespace {

constexpr std::array<std::string_view, 8> kMethods{"get", "put", "post", "delete", "patch", "head", "options", "trace"};

// A schema's JSON kinds: its `type` as a string, or (OpenAPI 3.1) an array of them, with
// `"null"` set apart: a nullable value is an absent one in C++.
struct TypeNames {
  std::vector<std::string> names;  // without "null", in order
  bool null = false;
};
TypeNames type_names_of(const Node& schema) {
  TypeNames out;
  const auto type = schema.find("type");
  if (!type) return out;
  const auto add = [&](const Node& name) {
    if (!name.json().is_string()) name.fail("expected a type name");
    const std::string text{name.json().get_string()};
    if (text == "null") out.null = true;
    else if (std::find(out.names.begin(), out.names.end(), text) == out.names.end()) out.names.push_back(text);
  };
  if (type->json().is_array())
    for (const Node& name : type->elements()) add(name);
  else
    add(*type);
  return out;
}

// The one non-null type name of a schema, or empty (no type, or several).
std::string single_type(const Node& schema) {
  const TypeNames types = type_names_of(schema);
  return types.names.size() == 1 ? types.names.front() : "";
}

// Whether a schema allows null: `nullable: true` (3.0), `"null"` among its types (3.1), or a
// oneOf or anyOf with a `{"type": "null"}` alternative.
bool nullable(const Node& schema) {
  if (schema.boolean("nullable", false) || type_names_of(schema).null) return true;
  for (const char* keyword : {"oneOf", "anyOf"})
    if (const auto list = schema.find(keyword); list && list->json().is_array())
      for (const Node& alternative : list->elements()) {
        const TypeNames types = type_names_of(alternative.resolve());
        if (types.null && types.names.empty()) return true;
      }
  return false;
}

// The JSON kind of a value, as a schema's `type` names it.
std::string kind_of(const boost::json::value& value) {
  switch (value.kind()) {
    case boost::json::kind::null: return "null";
    case boost::json::kind::bool_: return "boolean";
    case boost::json::kind::int64:
    case boost::json::kind::uint64: return "integer";
    case boost::json::kind::double_: return "number";
    case boost::json::kind::string: return "string";
    case boost::json::kind::array: return "array";
    case boost::json::kind::object: return "object";
  }
  return "null";
}

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
    if (const auto paths = root.find("paths")) build_operations(*paths);
    else if (version_.rfind("3.0", 0) == 0) root.at("paths");  // required in 3.0 (3.1 may have only webhooks)
    for (const char* key : {"webhooks", "x-webhooks"})
      if (const auto webhooks = root.find(key)) build_webhooks(*webhooks);
    if (!model_.webhooks.empty()) {
      std::set<std::string> groups;
      for (const Operation& op : model_.operations) groups.insert(op.group);
      model_.webhook_group = "webhooks";
      for (int n = 2; groups.count(model_.webhook_group); ++n) model_.webhook_group = "webhooks" + std::to_string(n);
    }
    resolve_successors();
    box_recursion(model_);
    return std::move(model_);
  }

 private:
  void check_version(const Node& root) {
    if (root.find("swagger"))
      root.at("swagger").fail("Swagger 2.0 documents are not supported: convert the spec to OpenAPI 3.0");
    version_ = root.string("openapi");
    if (version_.rfind("3.0", 0) != 0 && version_.rfind("3.1", 0) != 0)
      root.at("openapi").fail("unsupported OpenAPI version '" + version_ + "': this generator reads OpenAPI 3.0 and 3.1");
  }

  // `file#/pointer` of a node, as warnings and notes name it.
  static std::string location(const Node& node) { return node.file() + "#" + std::string{node.local_pointer()}; }

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

  // `allOf` of one schema and nothing else (a description at most, or parts that only annotate:
  // `{"description": ...}`, `{"nullable": true}`): that schema under another name.
  static std::optional<Node> alias_of(const Node& schema) {
    const auto all_of = schema.find("allOf");
    if (!all_of || shapes(schema, true)) return std::nullopt;
    auto parts = all_of->elements();
    std::erase_if(parts, [](const Node& part) { return !shapes(part.resolve(), false); });
    if (parts.size() != 1) return std::nullopt;
    return parts.front();
  }

  // Whether a schema has a keyword that shapes the value (beside `allOf`, when `besides_all_of`).
  static bool shapes(const Node& schema, bool besides_all_of) {
    for (const char* keyword : {"properties", "enum", "additionalProperties", "items", "oneOf", "anyOf", "const"})
      if (schema.find(keyword)) return true;
    if (!type_names_of(schema).names.empty() && !(besides_all_of && single_type(schema) == "object")) return true;
    return !besides_all_of && (schema.find("allOf") || schema.find("$ref"));
  }

  static bool is_enum(const Node& schema) { return !enum_type(schema).empty(); }

  // `string` or `integer` for a schema that becomes an enum: its `enum` lists values and its type
  // says one of those (or, without a type, its values are all strings or all integers); else empty.
  static std::string enum_type(const Node& schema) {
    const auto values = schema.find("enum");
    if (!values || !values->json().is_array()) return "";
    const auto& list = values->json().get_array();
    if (std::all_of(list.begin(), list.end(), [](const auto& value) { return value.is_null(); })) return "";
    const TypeNames types = type_names_of(schema);
    if (types.names.size() > 1) return "";
    if (types.names.size() == 1)
      return types.names.front() == "string" || types.names.front() == "integer" ? types.names.front() : "";
    std::set<std::string> kinds;
    for (const auto& value : values->json().get_array())
      if (!value.is_null()) kinds.insert(kind_of(value));
    if (kinds.size() != 1) return "";
    return *kinds.begin() == "string" || *kinds.begin() == "integer" ? *kinds.begin() : "";
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
    const TypeNames types = type_names_of(schema);
    if (!types.names.empty() && types.names != std::vector<std::string>{"object"}) return std::nullopt;
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
    names_by_pointer_[schema.pointer()] = name;
    if (is_enum(schema)) {
      model_.types.emplace(name, build_enum(schema, name));
      return;
    }
    model_.types.emplace(name, StructType{name, description_of(schema), {}});  // claimed while its fields are built
    StructType built = build_struct(schema, *object_parts(schema), name);
    model_.types[name] = std::move(built);
  }

  static std::string description_of(const Node& schema) {
    return schema.optional_string("description").value_or(schema.optional_string("title").value_or(""));
  }

  // The type of a schema used at `context` (which names it, if it needs a name).
  TypeRef type_of(const Node& use, const std::string& context) {
    const Node schema = use.resolve();
    if (const auto it = names_by_pointer_.find(schema.pointer()); it != names_by_pointer_.end())
      return TypeRef::named(it->second);
    if (names_a_type(schema)) {
      const std::string name = unique(context, type_names_);
      define_named(schema, name);
      return TypeRef::named(name);
    }
    if (const auto target = alias_of(schema)) return type_of(*target, context);
    if (schema.find("allOf")) {
      if (object_parts(schema).has_value() || schema.find("oneOf") || schema.find("anyOf"))
        return degrade(schema, "an allOf that mixes objects with other kinds of value");
      return degrade(schema, "an allOf of parts without properties");
    }
    for (const char* keyword : {"oneOf", "anyOf"})
      if (const auto alternatives = schema.find(keyword)) return variant_of(schema, *alternatives, context);
    const TypeNames types = type_names_of(schema);
    if (types.names.size() > 1) {
      std::vector<std::string> names = types.names;
      if (has(names, "integer") && has(names, "number")) std::erase(names, std::string{"integer"});
      if (names.size() == 1) return type_named(names.front(), schema, context);
      std::vector<TypeRef> alternatives;
      for (const std::string& name : names) alternatives.push_back(type_named(name, schema, context + pascal_case(name)));
      return TypeRef::variant(std::move(alternatives));
    }
    if (types.names.size() == 1) return type_named(types.names.front(), schema, context);
    // No type: what the other keywords say it is.
    if (const auto constant = schema.find("const")) {
      const std::string kind = kind_of(constant->json());
      return kind == "null" || kind == "object" ? TypeRef::of(TypeRef::Kind::any) : type_named(kind, schema, context);
    }
    if (const auto values = schema.find("enum"); values && values->json().is_array() && !values->json().get_array().empty()) {
      std::set<std::string> kinds;
      for (const auto& value : values->json().get_array())
        if (!value.is_null()) kinds.insert(kind_of(value));
      if (kinds.size() == 1) return type_named(*kinds.begin(), schema, context);
      return degrade(schema, "an enum whose values are of different JSON types");
    }
    if (schema.find("items")) return type_named("array", schema, context);
    return type_named("object", schema, context);  // free-form, unless it names its values
  }

  // The type of `schema` taken as one JSON type `type` (its format, items, additionalProperties).
  TypeRef type_named(const std::string& type, const Node& schema, const std::string& context) {
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
      const bool typed = items && !(items->json().is_bool());  // 3.1 allows `items: true`
      return TypeRef::container(Kind::array, typed ? type_of(*items, context + "Item") : TypeRef::of(Kind::any));
    }
    if (type == "object") {
      if (const auto additional = schema.find("additionalProperties"); additional && additional->is_object() &&
                                                                      !additional->json().get_object().empty())
        return TypeRef::container(Kind::map, type_of(*additional, context + "Value"));
      return TypeRef::of(Kind::any);  // free-form: kept as JSON
    }
    if (type == "null") return TypeRef::of(Kind::any);
    return degrade(schema.find("type") ? schema.at("type") : schema, "the unknown type '" + type + "'");
  }

  // The general type for a schema the generator cannot type exactly, with a warning.
  TypeRef degrade(const Node& at, const std::string& what) {
    warn(at, what + ": typed as boost::json::value");
    return TypeRef::of(TypeRef::Kind::any);
  }

  // The JSON kind a schema accepts, or empty when it cannot be told (no type, a oneOf, ...).
  static std::optional<std::string> json_kind(const Node& schema) {
    if (names_a_type(schema)) return is_enum(schema) ? enum_type(schema) : "object";
    const std::string name = single_type(schema);
    if (name.empty()) return std::nullopt;
    if (name == "object" && schema.find("additionalProperties")) return "object";
    if (name == "object") return std::nullopt;  // free-form: could be anything
    return name;
  }

  // Whether a schema only says "null" (an alternative that makes a oneOf nullable).
  static bool only_null(const Node& schema) {
    const TypeNames types = type_names_of(schema);
    return types.null && types.names.empty();
  }

  // oneOf / anyOf: a std::variant when every alternative accepts a different kind of JSON value
  // (so a value picks its alternative by its kind alone), else free-form JSON with a warning.
  // A `{"type": "null"}` alternative only makes the value nullable.
  TypeRef variant_of(const Node& schema, const Node& list, const std::string& context) {
    auto alternatives = list.elements();
    if (alternatives.empty()) list.fail("expected at least one alternative");
    std::erase_if(alternatives, [](const Node& alternative) { return only_null(alternative.resolve()); });
    if (alternatives.empty()) return TypeRef::of(TypeRef::Kind::any);
    if (alternatives.size() == 1) return type_of(alternatives.front(), context);
    // A parameter takes either form (zoom::DateOrTime); in a model it is the text as sent.
    if (date_or_time(alternatives))
      return TypeRef::of(typing_parameter_ ? TypeRef::Kind::date_or_time : TypeRef::Kind::string);
    std::set<std::string> kinds;
    std::size_t objects = 0;
    bool separable = true;
    for (const Node& alternative : alternatives) {
      const auto kind = json_kind(alternative.resolve());
      objects += !kind || *kind == "object";
      separable = separable && kind && kinds.insert(*kind).second;
    }
    if (separable && kinds.count("integer") && kinds.count("number")) separable = false;
    // Alternatives of one scalar kind (a string enum or any string): a value of that kind.
    if (!separable && objects == 0 && kinds.size() == 1 && *kinds.begin() != "array")
      return TypeRef::of(*kinds.begin() == "string"    ? TypeRef::Kind::string
                         : *kinds.begin() == "integer" ? TypeRef::Kind::int64
                         : *kinds.begin() == "number"  ? TypeRef::Kind::number
                                                       : TypeRef::Kind::boolean);
    if (!separable) {
      const std::string keyword{list.local_pointer().substr(list.local_pointer().rfind('/') + 1)};
      const std::string article = keyword == "anyOf" ? "an " : "a ";
      if (schema.find("discriminator")) {
        if (auto type = discriminated(schema, alternatives, context)) return *type;
        return degrade(list, article + keyword + " with a discriminator whose alternatives are not all objects");
      }
      return degrade(list, article + keyword + " of " + std::to_string(alternatives.size()) +
                               " alternatives that the JSON kind of a value cannot tell apart (" +
                               std::to_string(objects) + " objects or untyped)");
    }
    std::vector<TypeRef> types;
    for (std::size_t i = 0; i < alternatives.size(); ++i) {
      const auto title = alternatives[i].resolve().optional_string("title");
      types.push_back(type_of(alternatives[i], context + (title ? pascal_case(*title) : "Option" + std::to_string(i + 1))));
    }
    return TypeRef::variant(std::move(types));
  }

  // A oneOf/anyOf of objects with a `discriminator`: a std::variant of the structs, each chosen by
  // the values of the discriminator's property that name it: the `mapping` entries that point to
  // it, else the `const` or only `enum` value of that property in its schema, and its component
  // name. Empty (the caller degrades it) when an alternative is not an object with properties.
  std::optional<TypeRef> discriminated(const Node& schema, const std::vector<Node>& alternatives,
                                       const std::string& context) {
    const Node spec = schema.at("discriminator");
    const std::string property = spec.string("propertyName");
    std::map<std::string, std::vector<std::string>> mapped;  // target pointer -> values
    if (const auto mapping = spec.find("mapping"))
      for (const auto& [value, target] : mapping->members()) {
        if (!target.json().is_string()) target.fail("expected a schema reference");
        std::string ref{target.json().get_string()};
        if (ref.find('#') == std::string::npos && ref.find('/') == std::string::npos) ref = "#/components/schemas/" + ref;
        boost::json::object holder{{"$ref", ref}};
        const boost::json::value& stored = mapping_refs_.emplace_back(std::move(holder));
        const Node pointer = Node(spec_, stored, target.pointer()).resolve();
        mapped[pointer.pointer()].push_back(value);
      }
    auto discriminator = std::make_shared<Discriminator>();
    discriminator->property = property;
    std::vector<TypeRef> types;
    std::set<std::string> taken;
    for (std::size_t i = 0; i < alternatives.size(); ++i) {
      const Node target = alternatives[i].resolve();
      const auto parts = object_parts(target);
      if (!parts) return std::nullopt;
      const auto title = target.optional_string("title");
      TypeRef type = type_of(alternatives[i], context + (title ? pascal_case(*title) : "Option" + std::to_string(i + 1)));
      if (type.kind != TypeRef::Kind::named) return std::nullopt;
      std::vector<std::string> values;
      if (const auto it = mapped.find(target.pointer()); it != mapped.end()) {
        values = it->second;
      } else {
        for (const auto& [name, property_schema] : parts->properties) {
          if (name != property) continue;
          const Node p = property_schema.resolve();
          if (const auto constant = p.find("const"); constant && constant->json().is_string())
            values.emplace_back(constant->json().get_string());
          else if (const auto list = p.find("enum"); list && list->json().is_array() && list->json().get_array().size() == 1 &&
                                                     list->json().get_array().front().is_string())
            values.emplace_back(list->json().get_array().front().get_string());
        }
        const std::string_view pointer = target.local_pointer();
        if (pointer.starts_with("/components/schemas/") && pointer.find('/', 20) == std::string_view::npos)
          values.emplace_back(pointer.substr(20));
      }
      std::erase_if(values, [&](const std::string& value) { return !taken.insert(value).second; });
      const auto same = std::find_if(types.begin(), types.end(), [&](const TypeRef& t) { return t.name == type.name; });
      if (same != types.end()) {  // two alternatives of one struct: one alternative, chosen by both
        auto& merged = discriminator->values[static_cast<std::size_t>(same - types.begin())];
        merged.insert(merged.end(), values.begin(), values.end());
        continue;
      }
      types.push_back(std::move(type));
      discriminator->values.push_back(std::move(values));
    }
    if (types.size() == 1) return types.front();
    return TypeRef::variant(std::move(types), std::move(discriminator));
  }

  // Strings of format `date` and `date-time`, both and nothing else: a value takes either form.
  static bool date_or_time(const std::vector<Node>& alternatives) {
    std::set<std::string> formats;
    for (const Node& alternative : alternatives) {
      const Node schema = alternative.resolve();
      if (single_type(schema) != "string" || schema.find("enum")) return false;
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
      field.required = parts.required.count(json_name) && !nullable(target) && !nullable(property) &&
                       !field.read_only && !field.write_only;
      field.deprecated = property.boolean("deprecated", false) || target.boolean("deprecated", false);
      out.fields.push_back(std::move(field));
    }
    return out;
  }

  // A value of a string or integer enum (the caller checked enum_type). A value of another JSON
  // type is coerced, with a warning: a number listed under `type: string` is that text, a string
  // of digits under `type: integer` that integer; what cannot be coerced is left out, and is
  // still kept when received, as any value the spec does not list.
  EnumType build_enum(const Node& schema, const std::string& name) {
    EnumType out{name, description_of(schema), enum_type(schema) == "integer", {}};
    const auto values = schema.at("enum").elements();
    std::vector<Node> varnames;
    if (const auto names = schema.find("x-enum-varnames")) {
      varnames = names->elements();
      if (varnames.size() != values.size())
        names->fail("x-enum-varnames has " + std::to_string(varnames.size()) + " names for " +
                    std::to_string(values.size()) + " values");
    }
    std::set<std::string> taken;
    std::vector<std::string> coerced, dropped;
    for (std::size_t i = 0; i < values.size(); ++i) {
      const boost::json::value& value = values[i].json();
      if (value.is_null()) continue;  // a nullable enum lists null: not a value to name
      EnumValue entry;
      std::string base;
      if (out.integer) {
        const auto number = integer_of(value);
        if (!number) {
          dropped.push_back(boost::json::serialize(value));
          continue;
        }
        if (!value.is_int64()) coerced.push_back(boost::json::serialize(value));
        entry.wire = *number;
        base = *number < 0 ? "minus_" + std::to_string(-*number) : "v" + std::to_string(*number);
      } else {
        if (value.is_object() || value.is_array()) {
          dropped.push_back(boost::json::serialize(value));
          continue;
        }
        if (!value.is_string()) coerced.push_back(boost::json::serialize(value));
        entry.wire = text_of(value);
        base = std::get<std::string>(entry.wire);
      }
      if (std::any_of(out.values.begin(), out.values.end(), [&](const EnumValue& v) { return v.wire == entry.wire; }))
        continue;  // the same value twice (after coercion)
      if (!varnames.empty()) {
        if (!varnames[i].json().is_string()) varnames[i].fail("expected a name");
        base = std::string{varnames[i].json().get_string()};
      }
      entry.cpp_name = unique(snake_case(base), taken);
      out.values.push_back(std::move(entry));
    }
    const std::string type = out.integer ? "integer" : "string";
    if (!coerced.empty())
      warn(schema.at("enum"), "enum values " + join(coerced) + " are not of the schema's type '" + type +
                                  "': coerced to " + type + "s");
    if (!dropped.empty())
      warn(schema.at("enum"), "enum values " + join(dropped) + " cannot be " + type +
                                  "s: left out (still kept when received)");
    if (out.values.empty()) schema.at("enum").fail("the enum has no value of its type '" + type + "'");
    return out;
  }

  // An integer, a whole number, or a string of decimal digits (with an optional sign), as an
  // integer; empty for anything else.
  static std::optional<std::int64_t> integer_of(const boost::json::value& value) {
    if (value.is_int64()) return value.get_int64();
    if (value.is_uint64() && value.get_uint64() <= static_cast<std::uint64_t>(INT64_MAX))
      return static_cast<std::int64_t>(value.get_uint64());
    if (value.is_double()) {
      const double number = value.get_double();
      if (number >= -9.2e18 && number <= 9.2e18 && number == static_cast<double>(static_cast<std::int64_t>(number)))
        return static_cast<std::int64_t>(number);
      return std::nullopt;
    }
    if (!value.is_string()) return std::nullopt;
    const std::string_view text = value.get_string();
    std::int64_t number = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
    if (text.empty() || error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
    return number;
  }

  void build_operations(const Node& paths) {
    std::set<std::string> operation_names;
    for (const auto& [path, use] : paths.members()) {
      if (path.empty() || path[0] != '/') use.fail("a path must start with '/'");
      const Node item = use.resolve();  // a path item may be a `$ref`, e.g. to a file of its own
      for (const auto& [key, node] : item.members()) {
        if (std::find(kMethods.begin(), kMethods.end(), key) != kMethods.end())
          model_.operations.push_back(build_operation(path, key, item, node, operation_names));
      }
    }
  }

  // The events the API posts: each a path item whose `post` (else its one operation) has the JSON
  // body of the event. An event without a JSON body is left out, with a warning (its events reach
  // an application as raw JSON all the same).
  void build_webhooks(const Node& webhooks) {
    if (!webhooks.is_object()) webhooks.fail("expected an object of webhooks by event name");
    std::set<std::string> names;
    for (const Webhook& webhook : model_.webhooks) names.insert(webhook.name);
    for (const auto& [name, use] : webhooks.members()) {
      if (!names.insert(name).second) use.fail("the webhook '" + name + "' is described twice");
      const Node item = use.resolve();
      std::optional<Node> operation = item.find("post");
      if (!operation)
        for (const auto& [key, node] : item.members())
          if (std::find(kMethods.begin(), kMethods.end(), key) != kMethods.end()) operation = node;
      const std::optional<Node> body = operation ? operation->find("requestBody") : std::nullopt;
      if (!body) {
        warn(use, "a webhook without a request body: no model (its events are delivered as raw JSON)");
        continue;
      }
      Webhook webhook{.name = name,
                      .summary = operation->optional_string("summary").value_or(""),
                      .description = operation->optional_string("description").value_or(""),
                      .deprecated = operation->boolean("deprecated", false),
                      .type = {}};
      const RequestBody content = body_of(*body, pascal_case(name) + "Event");
      if (content.encoding != RequestBody::Encoding::json) {
        warn(*body, "a webhook whose body is not JSON: no model (its events are delivered as raw JSON)");
        continue;
      }
      webhook.type = content.type;
      model_.webhooks.push_back(std::move(webhook));
    }
  }

  Operation build_operation(const std::string& path, const std::string& method, const Node& item,
                            const Node& node, std::set<std::string>& operation_names) {
    Operation op;
    // Without an operationId, a name from the method and the path: `GET /pets/{petId}/toys` is
    // getPetsByPetIdToys. Two ids that read the same in C++ (`getUser`, `get_user`) get `2`, `3`...
    const auto id = node.optional_string("operationId");
    if (id && !operation_ids_.insert(*id).second) node.at("operationId").fail("operationId '" + *id + "' is not unique");
    op.operation_id = id.value_or(operation_id_from(method, path));
    op.cpp_name = unique(snake_case(op.operation_id), operation_names);
    op.params_name = unique(pascal_case(op.cpp_name) + "Params", type_names_);
    op.method = method;
    // A path key with a query (`/responses?beta=true`): the query is part of every request.
    op.path = path.substr(0, path.find('?'));
    if (const std::size_t query = path.find('?'); query != std::string::npos) {
      std::string rest = path.substr(query + 1);
      while (!rest.empty()) {
        const std::string pair = rest.substr(0, rest.find('&'));
        rest = pair.size() < rest.size() ? rest.substr(pair.size() + 1) : "";
        if (pair.empty()) continue;
        const std::size_t equals = pair.find('=');
        op.fixed_query.emplace_back(pair.substr(0, equals), equals == std::string::npos ? "" : pair.substr(equals + 1));
      }
    }
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
      if (op.group == "models") op.group = "models_tag";  // models.hpp holds the types
    } else {
      op.group = "operations";
    }
    op.rate_limit = rate_limit_of(node);
    op.parameters = parameters_of(item, node, op);
    if (const auto body = node.find("requestBody")) op.body = body_of(*body, pascal_case(op.operation_id) + "Request");
    check_path_template(op, node);
    op.response = response_of(node.at("responses"), pascal_case(op.operation_id) + "Response", op);
    if (const auto paging = node.find("x-zoom-paging")) {
      if (op.body) paging->fail("unsupported: paging an operation with a request body");
      op.paging = paging_of(*paging, op);
    }
    if (const auto sync = node.find("x-zoom-sync")) {
      if (op.paging) sync->fail("an operation is either paged (x-zoom-paging) or a sync (x-zoom-sync), not both");
      if (op.body) sync->fail("unsupported: a sync operation with a request body");
      op.paging = sync_of(*sync, op);
    }
    if (!op.paging) op.paging = paging_by_shape(op);
    return op;
  }

  static std::string operation_id_from(const std::string& method, const std::string& path) {
    std::string id = method;
    for (std::size_t start = 1; start < path.size();) {
      std::size_t end = path.find('/', start);
      if (end == std::string::npos) end = path.size();
      const std::string segment = path.substr(start, end - start);
      if (segment.size() > 2 && segment.front() == '{' && segment.back() == '}')
        id += "By" + pascal_case(segment.substr(1, segment.size() - 2));
      else if (!segment.empty())
        id += pascal_case(segment);
      start = end + 1;
    }
    return id;
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
      if (p.optional_string("in") == "cookie") {
        warn(p, "a cookie parameter: left out of the operation (cookie parameters are not supported yet)");
        continue;
      }
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
      p.at("in").fail("unknown parameter location '" + in + "' (expected path, query, header or cookie)");
    }
    using Kind = TypeRef::Kind;
    const auto schema_node = p.find("schema");
    if (!schema_node) {  // `content` instead of a schema: a value serialised some other way
      if (!p.find("content")) p.fail("a parameter needs a 'schema' or a 'content'");
      param.type = TypeRef::of(Kind::string);
      warn(p.at("content"), "a parameter described by 'content': sent as the text given");
      return param;
    }
    const Node schema_use = *schema_node;
    const Node schema = schema_use.resolve();
    if (param.location == Parameter::Location::path) {
      // A path segment is text either way: an enum or a format here only documents it.
      const std::string type = single_type(schema);
      if (type == "integer") {
        param.type = TypeRef::of(Kind::int64);
      } else {
        param.type = TypeRef::of(Kind::string);
        if (!type.empty() && type != "string" && type != "number" && type != "boolean")
          warn(schema_use, "a path parameter of type '" + type + "': sent as the text given");
      }
    } else {
      typing_parameter_ = true;
      param.type = type_of(schema_use, pascal_case(op.operation_id) + pascal_case(param.json_name));
      typing_parameter_ = false;
      const TypeRef& single = param.type.kind == Kind::array ? *param.type.element : param.type;
      if (single.kind == Kind::array || single.kind == Kind::map || single.kind == Kind::any ||
          single.kind == Kind::variant ||
          (single.kind == Kind::named && std::holds_alternative<StructType>(model_.types.at(single.name)))) {
        warn(schema_use, param.location == Parameter::Location::query
                             ? "a query parameter that is not a value or an array of values: sent as the text given"
                             : "a header parameter that is not a value or an array of values: sent as the text given");
        param.type = TypeRef::of(Kind::string);
      }
      const std::string style = p.optional_string("style").value_or(param.location == Parameter::Location::header ? "simple" : "form");
      if (param.location == Parameter::Location::query && style != "form" && param.type.kind != Kind::string)
        warn(p.at("style"), "a query parameter of style '" + style + "': sent as style 'form'");
      param.explode = p.boolean("explode", style == "form");
    }
    if (param.description.empty()) param.description = description_of(schema);
    if (param.location != Parameter::Location::path && param.type.kind != Kind::array)
      if (const auto fallback = schema_use.find("default") ? schema_use.find("default") : schema.find("default"))
        if ((param.default_value = default_of(*fallback, param.type))) param.default_text = text_of(fallback->json());
    return param;
  }

  // JSON when the body may be JSON; else a form, a multipart form, or raw bytes of the first
  // media type it lists.
  RequestBody body_of(const Node& use, const std::string& context) {
    const Node body = use.resolve();
    RequestBody out;
    out.required = body.boolean("required", false);
    out.description = body.optional_string("description").value_or("");
    const Node content = body.at("content");
    const auto media_types = content.members();
    if (media_types.empty()) content.fail("a request body needs at least one media type");
    const auto media_of = [&](auto&& wanted) -> const std::pair<std::string, Node>* {
      for (const auto& entry : media_types)
        if (wanted(lower(entry.first))) return &entry;
      return nullptr;
    };
    if (const auto* json = media_of(is_json_media)) {
      const auto schema = json->second.find("schema");
      out.type = schema ? type_of(*schema, context) : TypeRef::of(TypeRef::Kind::any);
      out.media_type = json->first;
      return out;
    }
    const auto object_schema = [&](const std::pair<std::string, Node>& media) -> std::optional<Node> {
      const auto schema = media.second.find("schema");
      if (schema && object_parts(schema->resolve())) return schema;
      warn(media.second, "a " + media.first + " body that is not an object with properties: sent as the bytes given");
      return std::nullopt;
    };
    if (const auto* form = media_of([](const std::string& type) { return type == "application/x-www-form-urlencoded"; }))
      if (const auto schema = object_schema(*form)) {
        out.type = type_of(*schema, context);
        out.encoding = RequestBody::Encoding::form;
        out.media_type = form->first;
        return out;
      }
    if (const auto* multipart = media_of([](const std::string& type) { return type == "multipart/form-data"; }))
      if (const auto schema = object_schema(*multipart)) {
        out.type = multipart_type(*schema, context);
        out.encoding = RequestBody::Encoding::multipart;
        out.media_type = multipart->first;
        return out;
      }
    out.type = TypeRef::of(TypeRef::Kind::string);
    out.encoding = RequestBody::Encoding::raw;
    out.media_type = media_types.front().first;
    return out;
  }

  static bool is_json_media(const std::string& type) {
    const std::string bare = type.substr(0, type.find(';'));
    return bare == "application/json" || bare.ends_with("+json");
  }

  // A file: a string of format `binary` (3.0), or with a `contentMediaType` or
  // `contentEncoding` (3.1).
  static bool is_file(const Node& schema) {
    const std::string type = single_type(schema);
    return (type.empty() || type == "string") &&
           (schema.optional_string("format") == "binary" || schema.find("contentMediaType") ||
            schema.optional_string("contentEncoding") == "binary");
  }

  // A multipart body: a struct of its own (even when the schema is a component also used as
  // JSON), in which each file property, or array of files, is a zoom::Upload.
  TypeRef multipart_type(const Node& use, const std::string& context) {
    const Node schema = use.resolve();
    const std::string name = unique(context, type_names_);
    model_.types.emplace(name, StructType{name, description_of(schema), {}});  // claimed while its fields are built
    const ObjectParts parts = *object_parts(schema);
    StructType built = build_struct(schema, parts, name);
    for (std::size_t i = 0; i < parts.properties.size(); ++i) {
      const Node property = parts.properties[i].second.resolve();
      if (is_file(property)) {
        built.fields[i].type = TypeRef::of(TypeRef::Kind::upload);
      } else if (single_type(property) == "array" && property.find("items") && is_file(property.at("items").resolve())) {
        built.fields[i].type = TypeRef::container(TypeRef::Kind::array, TypeRef::of(TypeRef::Kind::upload));
      }
    }
    model_.types[name] = std::move(built);
    return TypeRef::named(name);
  }

  // One line per place: a schema used in many places is degraded once.
  void warn(const Node& node, const std::string& what) {
    std::string line = location(node) + ": " + what;
    if (warned_.insert(line).second) model_.warnings.push_back(std::move(line));
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

  // The JSON type of the success response (empty: none, or not JSON). The success response is
  // the lowest 2xx (`2XX` included); a body of another media type makes the operation return the
  // response as it came (`raw_response`), and so does a spec that lists no 2xx at all (a redirect,
  // or only `default`), whose response of any status is returned (`any_status`).
  std::optional<TypeRef> response_of(const Node& responses, const std::string& context, Operation& op) {
    std::optional<std::pair<std::string, Node>> success;
    for (const auto& [status, node] : responses.members())
      if (status.size() == 3 && status[0] == '2' && (!success || status < success->first)) success.emplace(status, node);
    if (!success) {
      op.raw_response = op.any_status = true;
      return std::nullopt;
    }
    if (success->first == "204") return std::nullopt;
    const Node response = success->second.resolve();
    const auto content = response.find("content");
    if (!content) return std::nullopt;
    const auto media_types = content->members();  // fails at the pointer when not an object
    if (media_types.empty()) return std::nullopt;
    for (const auto& [media_type, media] : media_types) {
      if (is_json_media(lower(media_type))) {
        const auto schema = media.find("schema");
        if (!schema || (schema->is_object() && schema->json().get_object().empty())) return std::nullopt;
        return type_of(*schema, context);
      }
    }
    op.raw_response = true;
    return std::nullopt;
  }

  // Paging recognised by its shape, without `x-zoom-paging` (Zoom's own files have none): a
  // `next_page_token` query parameter, a `next_page_token` string in the response, and exactly
  // one array in the response. `page_size` and `total_records` are used when present. Month
  // windows are never guessed: only `x-zoom-paging` offers them.
  std::optional<Paging> paging_by_shape(const Operation& op) const {
    static constexpr std::string_view kToken = "next_page_token";
    const auto query = [&](std::string_view name) -> const Parameter* {
      for (const Parameter& p : op.parameters)
        if (p.location == Parameter::Location::query && p.json_name == name) return &p;
      return nullptr;
    };
    const Parameter* token = query(kToken);
    if (!token || token->type.kind != TypeRef::Kind::string || op.body || !op.response ||
        op.response->kind != TypeRef::Kind::named)
      return std::nullopt;
    const auto* page = std::get_if<StructType>(&model_.types.at(op.response->name));
    if (!page) return std::nullopt;
    const Field* token_field = nullptr;
    const Field* items = nullptr;
    const Field* total = nullptr;
    std::size_t arrays = 0;
    for (const Field& field : page->fields) {
      if (field.json_name == kToken && field.type.kind == TypeRef::Kind::string) token_field = &field;
      if (field.json_name == "total_records" && (field.type.kind == TypeRef::Kind::int32 || field.type.kind == TypeRef::Kind::int64))
        total = &field;
      if (field.type.kind == TypeRef::Kind::array) {
        items = &field;
        ++arrays;
      }
    }
    if (!token_field || arrays != 1) return std::nullopt;
    Paging paging;
    paging.token_parameter = std::string{kToken};
    paging.token_field = std::string{kToken};
    paging.items_field = items->json_name;
    const Parameter* size = query("page_size");
    if (size && (size->type.kind == TypeRef::Kind::int32 || size->type.kind == TypeRef::Kind::int64))
      paging.page_size_parameter = "page_size";
    if (total) paging.total_field = total->json_name;
    return paging;
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
  std::string version_;                                   // the document's `openapi`
  std::set<std::string> warned_;
  std::set<std::string> operation_ids_;  // as the spec gives them (each must be unique)
  std::deque<boost::json::value> mapping_refs_;  // discriminator mappings as `$ref`s, to resolve them
};

}  // namespace

Model build_model(const Spec& spec) { return Builder(spec).build(); }

}  // namespace zoom::codegen
