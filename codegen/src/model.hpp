// Stage 2 of 3: what the spec means for C++, resolved and named: the types and operations
// the printer writes. Nothing here refers back to JSON, and every name is already a valid,
// unique C++ identifier.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace zoom::codegen {

/// How a std::variant of structs (a oneOf with a `discriminator`) picks its alternative: by the
/// string `property` of the object; `values[i]` lists the values that choose alternative i.
struct Discriminator {
  std::string property;
  std::vector<std::vector<std::string>> values;
  friend bool operator==(const Discriminator&, const Discriminator&) = default;
};

/// The type of a field, parameter or response.
struct TypeRef {
  // date_or_time: a calendar date or a UTC date-time, as a string (an anyOf of the two formats).
  // box: a named struct held through zoom::Box (an owner with value semantics), where a struct
  // contains itself, directly or through others. upload: a file part of a multipart body.
  enum class Kind {
    boolean, int32, int64, number, string, date, date_time, date_or_time, any, array, map, named, variant, box, upload
  };
  Kind kind = Kind::any;
  std::string name;                      // Kind::named: the named type
  std::shared_ptr<const TypeRef> element;  // Kind::array, Kind::map, Kind::box: the element type
  std::vector<TypeRef> alternatives{};     // Kind::variant: one per JSON kind (oneOf/anyOf), or one per struct
  std::shared_ptr<const Discriminator> discriminator{};  // Kind::variant of structs: how a value picks one

  static TypeRef of(Kind kind) { return TypeRef{kind, {}, nullptr, {}, nullptr}; }
  static TypeRef named(std::string name) { return TypeRef{Kind::named, std::move(name), nullptr, {}, nullptr}; }
  static TypeRef container(Kind kind, TypeRef element) {
    return TypeRef{kind, {}, std::make_shared<const TypeRef>(std::move(element)), {}, nullptr};
  }
  static TypeRef variant(std::vector<TypeRef> alternatives, std::shared_ptr<const Discriminator> discriminator = nullptr) {
    return TypeRef{Kind::variant, {}, nullptr, std::move(alternatives), std::move(discriminator)};
  }
};

struct Field {
  std::string json_name;
  std::string cpp_name;
  std::string description;
  TypeRef type;
  bool required = false;
  bool deprecated = false;
  bool read_only = false;   // sent by the server only: leave it empty in requests
  bool write_only = false;  // sent by the client only: absent from responses
};

struct StructType {
  std::string name;
  std::string description;
  std::vector<Field> fields;
};

struct EnumValue {
  std::string cpp_name;
  std::variant<std::string, std::int64_t> wire;
};

struct EnumType {
  std::string name;
  std::string description;
  bool integer = false;
  std::vector<EnumValue> values;
};

using NamedType = std::variant<StructType, EnumType>;

struct Parameter {
  enum class Location { path, query, header };
  std::string json_name;
  std::string cpp_name;
  std::string description;
  Location location = Location::query;
  TypeRef type;
  bool required = false;
  bool deprecated = false;
  /// The spec's default, if it has one that fits the type: as text for the documentation (`30`,
  /// `startTime`) and as a C++ initializer (`30`, `CallLogTimeType::start_time`). For an optional parameter it says
  /// what the server does when the parameter is absent: documented, never sent on its own. A
  /// required parameter starts at it.
  std::optional<std::string> default_text;
  std::optional<std::string> default_value;
  /// An array query parameter: `a=1&a=2` (true, OpenAPI's default) or `a=1,2`.
  bool explode = true;
};

/// A request body: JSON, a form (`application/x-www-form-urlencoded`, from an object), a
/// multipart form (`multipart/form-data`, from an object whose binary fields are files), or any
/// other single media type sent as the bytes given.
struct RequestBody {
  enum class Encoding { json, form, multipart, raw };
  TypeRef type;
  bool required = false;
  std::string description;
  Encoding encoding = Encoding::json;
  std::string media_type = "application/json";
};

/// How a paged operation pages, from the spec's `x-zoom-paging`.
struct Paging {
  std::string token_parameter;      // query parameter that carries the token
  std::string token_field;          // response field holding the next token
  std::string items_field;          // response array field holding the records
  std::string page_size_parameter;  // query parameter of the page size (may be empty)
  std::string total_field;          // response field with the total count (may be empty)
  // Date query parameters bounding a window the server limits to one month (may be empty): the
  // paged forms then take any range and read it month by month.
  std::string from_parameter;
  std::string to_parameter;
  // A sync listing (`x-zoom-sync`): the token field names the last record delivered, never the
  // end. The first request is the caller's; every later one sends the last token, and turns a
  // full sync (`type_parameter` unset or `full`) into `increment`; another type (a backward sync)
  // stays as it is.
  struct Sync {
    std::string type_parameter;  // e.g. sync_type
    std::string full;            // its value for a full sync, e.g. FSync
    std::string increment;       // its value for the requests after a full sync's first, e.g. ISync
  };
  std::optional<Sync> sync;
};

struct Operation {
  std::string operation_id;
  std::string cpp_name;     // list_user_call_logs
  std::string params_name;  // ListUserCallLogsParams
  std::string method;       // get, post, ...
  std::string path;         // /phone/users/{userId}/call_logs
  /// Query pairs the spec writes into the path key (`/responses?beta=true`), sent with every call.
  std::vector<std::pair<std::string, std::string>> fixed_query;
  std::string group;        // file stem the operation is written to (from its first tag)
  std::vector<std::string> tags;  // as written in the spec
  std::string summary;
  std::string description;
  bool deprecated = false;
  std::string successor;   // deprecated: the cpp_name of the operation replacing it (x-zoom-successor), or empty
  std::string rate_limit;  // light, medium, heavy, resource_intensive or unspecified
  std::vector<Parameter> parameters;
  std::optional<RequestBody> body;  // empty: no request body
  std::optional<TypeRef> response;  // empty: no JSON response body
  /// The success response is not JSON (bytes of another media type, a redirect, or only a
  /// `default`): the operation returns zoom::Response as it came, and can stream its body.
  bool raw_response = false;
  /// The spec lists no 2xx response: a response of any status is returned, not thrown.
  bool any_status = false;
  std::optional<Paging> paging;
};

/// An event the API posts to the application (OpenAPI 3.1 `webhooks`, or `x-webhooks` in any
/// version): its name is the key, e.g. `phone.callee_ended`.
struct Webhook {
  std::string name;
  std::string summary;
  std::string description;
  bool deprecated = false;
  TypeRef type;  // the JSON body's type
};

struct Model {
  std::string title;
  std::string version;
  std::string source_file;
  std::map<std::string, NamedType> types;  // by name: the order the printer starts from
  std::vector<Operation> operations;       // in document order
  std::vector<Webhook> webhooks;           // in document order
  /// The group (file stem) of the webhooks: `webhooks`, unless operations have that name.
  std::string webhook_group;
  /// What the generator degraded or worked around in the spec, one line each:
  /// `file#pointer: what and why`. `--strict` makes them errors.
  std::vector<std::string> warnings;
  /// What the generator read and deliberately left out, one line each; not warnings.
  std::vector<std::string> notes;
};

}  // namespace zoom::codegen
