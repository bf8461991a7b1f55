// A bad spec ends zoom-codegen with exit code 1 and one line naming the problem and where it
// is (a JSON pointer into the file), writes nothing, and never crashes.
#include "generate.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;

namespace {

// A valid spec with one operation; each case below breaks one thing of it.
std::string valid_spec(const std::string& operation_extra = "", const std::string& parameters_extra = "",
                       const std::string& components = R"({"Page": {"type": "object", "properties": {"items": {"type": "array", "items": {"type": "string"}}, "token": {"type": "string"}}}})") {
  return R"({"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "paths": {"/phone/users/{userId}/call_logs": {"get": {)"
         R"("operationId": "listUserCallLogs", )" + operation_extra +
         R"("parameters": [{"name": "userId", "in": "path", "required": true, "schema": {"type": "string"}}, )"
         R"({"name": "page_size", "in": "query", "schema": {"type": "integer"}}, )"
         R"({"name": "token", "in": "query", "schema": {"type": "string"}})" + parameters_extra + R"(], )"
         R"("responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Page"}}}}}}}}, )"
         R"("components": {"schemas": )" + components + "}}";
}

struct Outcome {
  int exit_code;
  std::string out, err;
  bool wrote_anything;
};

Outcome run_on(const std::string& spec_text, const std::vector<std::string>& options = {}) {
  const fs::path dir = fs::temp_directory_path() / ("zoom-codegen-error-test-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::ofstream(dir / "bad.json") << spec_text;
  std::ostringstream out, err;
  std::vector<std::string> args{"--spec", (dir / "bad.json").string(), "--out", (dir / "out").string()};
  args.insert(args.end(), options.begin(), options.end());
  const int code = zoom::codegen::run(args, out, err);
  const bool wrote = fs::exists(dir / "out");
  fs::remove_all(dir);
  return {code, out.str(), err.str(), wrote};
}

const std::string kOp = "/paths/~1phone~1users~1{userId}~1call_logs/get";

}  // namespace

TEST_CASE("the valid base spec generates") {
  const Outcome outcome = run_on(valid_spec());
  INFO(outcome.err);
  CHECK(outcome.exit_code == 0);
}

TEST_CASE("a default that cannot be the parameter's is dropped with a warning naming it") {
  const Outcome outcome = run_on(valid_spec(
      "", R"(, {"name": "status", "in": "query", "schema": {"type": "string", "enum": ["recorded", "non_recorded"], "default": ""}})"));
  CHECK(outcome.exit_code == 0);
  CHECK(outcome.err == "zoom-codegen: warning: bad.json#" + kOp +
                           "/parameters/3/schema/default: the default is not one of the enum's values; the parameter "
                           "has no default\n");
}

TEST_CASE("each bad spec fails with one line naming the problem and its JSON pointer") {
  struct Case {
    const char* what;
    std::string spec;
    std::string message;
  };
  const Case cases[] = {
      {"not JSON", R"({"openapi": "3.0.3",)" "\n" R"(  "info": })",
       "bad.json: not valid JSON at line 2, column 11: syntax error"},
      {"trailing garbage", valid_spec() + " }",
       "bad.json: not valid JSON at line 1, column " + std::to_string(valid_spec().size() + 2) + ": extra data"},
      {"not an object", "[1, 2]", "bad.json#: the document must be an object, found an array"},
      {"Swagger 2.0", R"({"swagger": "2.0", "info": {}, "paths": {}})",
       "bad.json#/swagger: Swagger 2.0 documents are not supported: convert the spec to OpenAPI 3.0"},
      {"missing paths", R"({"openapi": "3.0.3", "info": {"title": "T", "version": "1"}})",
       "bad.json#: missing required field 'paths'"},
      {"missing info title", R"({"openapi": "3.0.3", "info": {"version": "1"}, "paths": {}})",
       "bad.json#/info: missing required field 'title'"},
      {"a $ref to nothing", valid_spec("", "", R"({"Other": {"type": "object", "properties": {"a": {"type": "string"}}}})"),
       "bad.json#" + kOp + "/responses/200/content/application~1json/schema/$ref: $ref '#/components/schemas/Page' points to nothing"},
      {"a $ref to a file that is not there", valid_spec("", R"(, {"$ref": "common.json#/parameters/x"})"),
       "bad.json#" + kOp + "/parameters/3/$ref: $ref 'common.json#/parameters/x': cannot open the file 'common.json'"},
      {"a remote $ref", valid_spec("", R"(, {"$ref": "https://example.com/common.json#/parameters/x"})"),
       "bad.json#" + kOp + "/parameters/3/$ref: $ref 'https://example.com/common.json#/parameters/x': remote references are not supported"},
      {"a parameter without a schema", valid_spec("", R"(, {"name": "from", "in": "query"})"),
       "bad.json#" + kOp + "/parameters/3: a parameter needs a 'schema' or a 'content'"},
      {"OpenAPI 2.1", R"({"openapi": "2.1.0", "info": {}, "paths": {}})",
       "bad.json#/openapi: unsupported OpenAPI version '2.1.0': this generator reads OpenAPI 3.0 and 3.1"},
      {"an enum without a value of its type", valid_spec("", "", R"({"Page": {"type": "integer", "enum": ["one", "two"]}})"),
       "bad.json#/components/schemas/Page/enum: the enum has no value of its type 'integer'"},
      {"a parameter without 'in'", valid_spec("", R"(, {"name": "from", "schema": {"type": "string"}})"),
       "bad.json#" + kOp + "/parameters/3: missing required field 'in'"},
      {"an operation without responses", R"({"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "paths": {"/a": {"get": {"operationId": "a"}}}})",
       "bad.json#/paths/~1a/get: missing required field 'responses'"},
      {"a path parameter missing from parameters", R"({"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "paths": {"/a/{id}": {"get": {"operationId": "a", "responses": {"204": {"description": "ok"}}}}}})",
       "bad.json#/paths/~1a~1{id}/get: path parameter '{id}' is not declared in 'parameters'"},
      {"a duplicate operationId", R"({"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "paths": {"/a": {"get": {"operationId": "a", "responses": {"204": {"description": "ok"}}}}, "/b": {"get": {"operationId": "a", "responses": {"204": {"description": "ok"}}}}}})",
       "bad.json#/paths/~1b/get/operationId: operationId 'a' is not unique"},
      {"x-enum-varnames of the wrong length", valid_spec("", "", R"({"Page": {"type": "integer", "enum": [1, 2], "x-enum-varnames": ["one"]}})"),
       "bad.json#/components/schemas/Page/x-enum-varnames: x-enum-varnames has 1 names for 2 values"},
      {"an unknown rate-limit label", valid_spec(R"("x-zoom-rate-limit": "Huge", )"),
       "bad.json#" + kOp + "/x-zoom-rate-limit: unknown rate-limit label 'Huge' (expected Light, Medium, Heavy or Resource-intensive)"},
      {"paging by a field the response lacks", valid_spec(R"("x-zoom-paging": {"token_parameter": "token", "token_field": "token", "items_field": "records"}, )"),
       "bad.json#" + kOp + "/x-zoom-paging/items_field: the response has no field 'records'"},
      {"paging by a parameter the operation lacks", valid_spec(R"("x-zoom-paging": {"token_parameter": "cursor", "token_field": "token", "items_field": "items"}, )"),
       "bad.json#" + kOp + "/x-zoom-paging/token_parameter: 'cursor' is not a query parameter of the operation"},
      {"a month window over a parameter the operation lacks",
       valid_spec(R"("x-zoom-paging": {"token_parameter": "token", "token_field": "token", "items_field": "items", "month_window": {"from_parameter": "from", "to_parameter": "until"}}, )",
                  R"(, {"name": "from", "in": "query", "schema": {"type": "string", "format": "date"}})"),
       "bad.json#" + kOp + "/x-zoom-paging/month_window/to_parameter: 'until' is not a query parameter of the operation"},
      {"a month window over a parameter that is not a date",
       valid_spec(R"("x-zoom-paging": {"token_parameter": "token", "token_field": "token", "items_field": "items", "month_window": {"from_parameter": "from", "to_parameter": "page_size"}}, )",
                  R"(, {"name": "from", "in": "query", "schema": {"type": "string", "format": "date"}})"),
       "bad.json#" + kOp + "/x-zoom-paging/month_window/to_parameter: 'page_size' must be an optional date query parameter (format date, or an anyOf of date and date-time)"},
      {"a successor that names no operation", valid_spec(R"("deprecated": true, "x-zoom-successor": "listUserCallHistory", )"),
       "bad.json#" + kOp + "/x-zoom-successor: no operation has the operationId 'listUserCallHistory'"},
      {"a sync whose count parameter is not an integer",
       valid_spec(R"("x-zoom-sync": {"type_parameter": "token", "token_parameter": "token", "token_field": "token", "items_field": "items", "count_parameter": "token", "increment": "ISync"}, )"),
       "bad.json#" + kOp + "/x-zoom-sync/count_parameter: the count parameter must be an integer"},
      {"a sync that is also paged",
       valid_spec(R"("x-zoom-paging": {"token_parameter": "token", "token_field": "token", "items_field": "items"}, "x-zoom-sync": {"type_parameter": "token", "token_parameter": "token", "token_field": "token", "items_field": "items", "count_parameter": "page_size", "increment": "ISync"}, )"),
       "bad.json#" + kOp + "/x-zoom-sync: an operation is either paged (x-zoom-paging) or a sync (x-zoom-sync), not both"},
      {"paging without token_field", valid_spec(R"("x-zoom-paging": {"token_parameter": "token", "items_field": "items"}, )"),
       "bad.json#" + kOp + "/x-zoom-paging: missing required field 'token_field'"},
  };
  for (const Case& c : cases) {
    INFO(c.what);
    const Outcome outcome = run_on(c.spec);
    CHECK(outcome.exit_code == 1);
    CHECK(outcome.err == "zoom-codegen: " + c.message + "\n");
    CHECK(outcome.out.empty());
    CHECK_FALSE(outcome.wrote_anything);
  }
}

TEST_CASE("what cannot be typed exactly is degraded with one warning line; --strict makes it an error") {
  struct Case {
    const char* what;
    std::string spec;
    std::string warning;
  };
  const Case cases[] = {
      {"an object query parameter",
       valid_spec("", R"(, {"name": "filter", "in": "query", "schema": {"type": "object", "properties": {"a": {"type": "string"}}}})"),
       "bad.json#" + kOp + "/parameters/3/schema: a query parameter that is not a value or an array of values: sent as the text given"},
      {"a cookie parameter", valid_spec("", R"(, {"name": "session", "in": "cookie", "schema": {"type": "string"}})"),
       "bad.json#" + kOp + "/parameters/3: a cookie parameter: left out of the operation (cookie parameters are not supported yet)"},
      {"a multipart body that is not an object",
       valid_spec(R"("requestBody": {"content": {"multipart/form-data": {"schema": {"type": "object"}}}}, )"),
       "bad.json#" + kOp + "/requestBody/content/multipart~1form-data: a multipart/form-data body that is not an object with properties: sent as the bytes given"},
      {"a type that does not exist", valid_spec("", "", R"({"Page": {"type": "object", "properties": {"a": {"type": "date"}}}})"),
       "bad.json#/components/schemas/Page/properties/a/type: the unknown type 'date': typed as boost::json::value"},
      {"a oneOf of objects without a discriminator",
       valid_spec("", "", R"({"Page": {"type": "object", "properties": {"a": {"oneOf": [{"type": "object", "properties": {"x": {"type": "string"}}}, {"type": "object", "properties": {"y": {"type": "string"}}}]}}}})"),
       "bad.json#/components/schemas/Page/properties/a/oneOf: a oneOf of 2 alternatives that the JSON kind of a value cannot tell apart (2 objects or untyped): typed as boost::json::value"},
      {"digits listed under type integer",
       valid_spec("", "", R"({"Page": {"type": "object", "properties": {"a": {"type": "integer", "enum": [1, "2"]}}}})"),
       "bad.json#/components/schemas/Page/properties/a/enum: enum values \"2\" are not of the schema's type 'integer': coerced to integers"},
      {"a word listed under type integer",
       valid_spec("", "", R"({"Page": {"type": "object", "properties": {"a": {"type": "integer", "enum": [1, "three"]}}}})"),
       "bad.json#/components/schemas/Page/properties/a/enum: enum values \"three\" cannot be integers: left out (still kept when received)"},
      {"a parameter described by content",
       valid_spec("", R"(, {"name": "filter", "in": "query", "content": {"application/json": {"schema": {"type": "object"}}}})"),
       "bad.json#" + kOp + "/parameters/3/content: a parameter described by 'content': sent as the text given"},
      {"numbers listed under type string",
       valid_spec("", "", R"({"Page": {"type": "object", "properties": {"a": {"type": "string", "enum": [1, "two", 3.5]}}}})"),
       "bad.json#/components/schemas/Page/properties/a/enum: enum values 1, 3.5E0 are not of the schema's type 'string': coerced to strings"},
  };
  for (const Case& c : cases) {
    INFO(c.what);
    const Outcome lenient = run_on(c.spec);
    CHECK(lenient.exit_code == 0);
    CHECK(lenient.err == "zoom-codegen: warning: " + c.warning + "\n");
    CHECK(lenient.out.find(", 1 degraded places from bad.json") != std::string::npos);
    CHECK(lenient.wrote_anything);
    const Outcome strict = run_on(c.spec, {"--strict"});
    CHECK(strict.exit_code == 1);
    CHECK(strict.err == "zoom-codegen: error: " + c.warning + "\nzoom-codegen: 1 degraded places in bad.json (--strict): nothing written\n");
    CHECK(strict.out.empty());
    CHECK_FALSE(strict.wrote_anything);
  }
}

TEST_CASE("a construct the generator types exactly gives no warning, and --strict passes it") {
  const std::string specs[] = {
      valid_spec("", "", R"({"Page": {"type": "object", "properties": {"items": {"type": "array", "items": {"type": "string"}}, "token": {"type": "string"}, "a": {"not": {"type": "string"}}}}})"),
      valid_spec("", "", R"({"Page": {"type": "object", "properties": {"items": {"type": "array", "items": {"type": "string"}}, "token": {"type": "string"}, "next": {"$ref": "#/components/schemas/Page"}}}})"),
      R"({"openapi": "3.1.0", "info": {"title": "T", "version": "1"}, "paths": {"/a": {"get": {"responses": {"302": {"description": "moved"}}}}}})",
  };
  for (const std::string& spec : specs) {
    INFO(spec);
    const Outcome outcome = run_on(spec, {"--strict"});
    CHECK(outcome.exit_code == 0);
    CHECK(outcome.err.empty());
    CHECK(outcome.out.find(", 0 degraded places from bad.json") != std::string::npos);
  }
}

TEST_CASE("a webhook with a JSON body becomes a model; one without is left out with a warning") {
  const std::string head =
      R"({"openapi": "3.1.0", "info": {"title": "T", "version": "1"}, "paths": {"/a": {"get": {"responses": {"204": {"description": "ok"}}}}},)";
  const Outcome typed = run_on(
      head + R"( "webhooks": {"thing.done": {"post": {"requestBody": {"content": {"application/json": {"schema": )"
             R"({"type": "object", "properties": {"event": {"type": "string"}}}}}}, "responses": {"200": {"description": "ok"}}}}}})",
      {"--strict"});
  CHECK(typed.exit_code == 0);
  CHECK(typed.err.empty());
  CHECK(typed.out.find("1 operations, 1 structs, 0 enums, 0 degraded places") != std::string::npos);

  const Outcome bodiless = run_on(head + R"( "webhooks": {"thingDone": {"post": {"responses": {"200": {"description": "ok"}}}}}})");
  CHECK(bodiless.exit_code == 0);
  CHECK(bodiless.err ==
        "zoom-codegen: warning: bad.json#/webhooks/thingDone: a webhook without a request body: no model (its events are "
        "delivered as raw JSON)\n");
  const Outcome strict = run_on(head + R"( "webhooks": {"thingDone": {"post": {"responses": {"200": {"description": "ok"}}}}}})",
                                {"--strict"});
  CHECK(strict.exit_code == 1);
  CHECK_FALSE(strict.wrote_anything);
}

TEST_CASE("x-webhooks: the same in an OpenAPI 3.0 file; a webhook described twice is an error") {
  const std::string body =
      R"({"post": {"requestBody": {"content": {"application/json": {"schema": {"type": "object", "properties": )"
      R"({"event": {"type": "string"}}}}}}, "responses": {"200": {"description": "ok"}}}})";
  const std::string head =
      R"({"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "paths": {"/a": {"get": {"responses": {"204": {"description": "ok"}}}}},)";
  const Outcome outcome = run_on(head + R"( "x-webhooks": {"thing.done": )" + body + "}}", {"--strict"});
  CHECK(outcome.exit_code == 0);
  CHECK(outcome.out.find("1 operations, 1 structs") != std::string::npos);
  const Outcome twice = run_on(
      R"({"openapi": "3.1.0", "info": {"title": "T", "version": "1"}, "paths": {}, "webhooks": {"thing.done": )" + body +
      R"(}, "x-webhooks": {"thing.done": )" + body + "}}");
  CHECK(twice.exit_code == 1);
  CHECK(twice.err.find("bad.json#/x-webhooks/thing.done: the webhook 'thing.done' is described twice") != std::string::npos);
}

TEST_CASE("a missing spec file is a clear error") {
  std::ostringstream out, err;
  CHECK(zoom::codegen::run({"--spec", "/nonexistent/spec.json", "--out", "/tmp/unused"}, out, err) == 1);
  CHECK(err.str() == "zoom-codegen: /nonexistent/spec.json: cannot open the file\n");
}

TEST_CASE("bad usage exits with 2 and the usage") {
  std::ostringstream out, err;
  CHECK(zoom::codegen::run({"--spec"}, out, err) == 2);
  CHECK(err.str().rfind("zoom-codegen: --spec needs a value\n", 0) == 0);
  std::ostringstream out2, err2;
  CHECK(zoom::codegen::run({"--spec", "a.json"}, out2, err2) == 2);
  CHECK(err2.str().find("--spec and --out are required") != std::string::npos);
  std::ostringstream out3, err3;
  CHECK(zoom::codegen::run({"--frobnicate"}, out3, err3) == 2);
  CHECK(err3.str().find("unknown argument '--frobnicate'") != std::string::npos);
  std::ostringstream out4, err4;
  CHECK(zoom::codegen::run({"--help"}, out4, err4) == 0);
  CHECK(out4.str().find("usage: zoom-codegen") == 0);
}
