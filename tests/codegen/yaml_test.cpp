// YAML specs: read once into the same boost::json value the JSON spec would give, by the YAML
// 1.2 core schema; what JSON cannot hold is an error at its pointer.
#include "generate.hpp"
#include "spec.hpp"

#include <boost/json/serialize.hpp>
#include <catch2/catch.hpp>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>

namespace fs = std::filesystem;
using zoom::codegen::Node;
using zoom::codegen::parse_spec;
using zoom::codegen::SpecError;

namespace {

const fs::path kYamlDir = ZOOM_CODEGEN_TEST_DIR "/yaml";
const fs::path kGoldenDir = ZOOM_GOLDEN_DIR;

std::string error_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "(no error)";
}

std::string parse_error(const std::string& file, const std::string& text) {
  return error_of([&] { parse_spec(file, text); });
}

// Every `$ref` in the document resolves (within the file: the real specs have no others).
std::size_t resolve_all(const Node& node) {
  std::size_t refs = 0;
  if (node.json().is_object()) {
    if (node.find("$ref")) {
      CHECK_NOTHROW(node.resolve());
      ++refs;
    }
    for (const auto& [key, child] : node.members()) refs += resolve_all(child);
  } else if (node.json().is_array()) {
    for (const Node& child : node.elements()) refs += resolve_all(child);
  }
  return refs;
}

}  // namespace

TEST_CASE("a YAML spec loads as the JSON spec it means", "[yaml]") {
  const auto yaml = zoom::codegen::load_spec(kYamlDir / "minimal.yaml");
  const auto json = zoom::codegen::load_spec(kGoldenDir / "minimal" / "spec.json");
  CHECK(yaml.file == "minimal.yaml");
  CHECK(yaml.root == json.root);
  // The same members in the same (document) order, and the same number types.
  CHECK(boost::json::serialize(yaml.root) == boost::json::serialize(json.root));

  // And the generator writes the same files for it, but for the name of the spec (and so where a
  // comment that names it is wrapped: comments are compared as paragraphs).
  const auto unwrapped = [](const std::string& text) {
    std::istringstream lines(text);
    std::string out, line;
    bool in_comment = false;
    while (std::getline(lines, line)) {
      const std::size_t start = line.find_first_not_of(' ');
      const bool comment = start != std::string::npos && line.compare(start, 4, "/// ") == 0;
      out += comment && in_comment ? " " + line.substr(start + 4) : "\n" + line;
      in_comment = comment;
    }
    return out;
  };
  const auto from_yaml = zoom::codegen::generate(kYamlDir / "minimal.yaml", {"golden::minimal"});
  const auto from_json = zoom::codegen::generate(kGoldenDir / "minimal" / "spec.json", {"golden::minimal"});
  REQUIRE(from_yaml.size() == from_json.size());
  for (const auto& [path, content] : from_json) {
    INFO(path);
    REQUIRE(from_yaml.count(path) == 1);
    std::string expected = content;
    for (std::size_t at = expected.find("from spec.json"); at != std::string::npos; at = expected.find("from spec.json", at))
      expected.replace(at, 14, "from minimal.yaml");
    CHECK(unwrapped(from_yaml.at(path)) == unwrapped(expected));
  }
}

TEST_CASE("YAML or JSON is decided by the extension", "[yaml]") {
  const std::string text = "openapi: 3.0.3\ninfo: {title: T}\n";
  for (const char* name : {"spec.yaml", "spec.yml", "SPEC.YAML", "dir.json/spec.Yml"}) {
    INFO(name);
    CHECK(parse_spec(name, text).root.at("openapi") == "3.0.3");
  }
  // A .json file with YAML in it is a JSON error: no guessing.
  CHECK(parse_error("spec.json", text) == "spec.json: not valid JSON at line 1, column 1: syntax error");
  CHECK(parse_error("spec", text) == "spec: not valid JSON at line 1, column 1: syntax error");
  // JSON is YAML too, so a .yaml file may hold JSON.
  CHECK(parse_spec("spec.yaml", R"({"openapi": "3.0.3", "n": [1, 2.5, null, true]})").root ==
        parse_spec("spec.json", R"({"openapi": "3.0.3", "n": [1, 2.5, null, true]})").root);
}

TEST_CASE("plain scalars are typed by the YAML 1.2 core schema, quoted ones are strings", "[yaml]") {
  const auto spec = parse_spec("s.yaml", R"(
quoted_int: "123"
single_quoted_int: '123'
int: 123
negative: -17
plus: +5
leading_zero: 010
hex: 0x1F
octal: 0o17
int64_max: 9223372036854775807
int64_min: -9223372036854775808
uint64: 18446744073709551615
too_big: 18446744073709551616
float: 1.5
exponent: 1e3
dot: .5
negative_float: -2.5E-3
tiny: 1e-400
on: on
yes: yes
no: no
off: Off
y: y
true: true
False: False
TRUE: TRUE
quoted_true: 'true'
nothing:
tilde: ~
capital_null: Null
quoted_null: "null"
version: 1.0
semver: 1.0.0
date: 2024-12-01
time: 12:30:00
sexagesimal: 1:20
underscores: 1_000
binary: 0b101
infinity_word: inf
literal: |
  two
  lines
folded: >-
  one
  line
tagged_str: !!str 42
tagged_int: !!int "42"
tagged_float: !!float 1
tagged_bool: !!bool "false"
tagged_null: !!null ""
nonspecific: ! 12
200: ok
anchor: &a {x: 1}
alias: *a
<<: {merge: not in YAML 1.2}
)");
  const boost::json::object& o = spec.root.get_object();
  CHECK(o.at("quoted_int") == "123");
  CHECK(o.at("single_quoted_int") == "123");
  CHECK(o.at("int").is_int64());
  CHECK(o.at("int") == 123);
  CHECK(o.at("negative") == -17);
  CHECK(o.at("plus") == 5);
  CHECK(o.at("leading_zero") == 10);  // decimal in YAML 1.2 (octal in 1.1)
  CHECK(o.at("hex") == 31);
  CHECK(o.at("octal") == 15);
  CHECK(o.at("int64_max") == INT64_MAX);
  CHECK(o.at("int64_min") == INT64_MIN);
  CHECK(o.at("uint64").is_uint64());
  CHECK(o.at("uint64") == UINT64_MAX);
  CHECK(o.at("too_big").is_double());
  CHECK(o.at("too_big") == 18446744073709551616.0);
  CHECK(o.at("float") == 1.5);
  CHECK(o.at("exponent").is_double());
  CHECK(o.at("exponent") == 1000.0);
  CHECK(o.at("dot") == 0.5);
  CHECK(o.at("negative_float") == -0.0025);
  CHECK(o.at("tiny").is_double());
  // YAML 1.1's booleans are strings in 1.2, as keys and as values.
  CHECK(o.at("on") == "on");
  CHECK(o.at("yes") == "yes");
  CHECK(o.at("no") == "no");
  CHECK(o.at("off") == "Off");
  CHECK(o.at("y") == "y");
  CHECK(o.at("true") == true);
  CHECK(o.at("False") == false);
  CHECK(o.at("TRUE") == true);
  CHECK(o.at("quoted_true") == "true");
  CHECK(o.at("nothing").is_null());
  CHECK(o.at("tilde").is_null());
  CHECK(o.at("capital_null").is_null());
  CHECK(o.at("quoted_null") == "null");
  CHECK(o.at("version").is_double());  // `version: 1.0` is a number: quote it
  CHECK(o.at("semver") == "1.0.0");
  CHECK(o.at("date") == "2024-12-01");  // no timestamps in the core schema
  CHECK(o.at("time") == "12:30:00");
  CHECK(o.at("sexagesimal") == "1:20");
  CHECK(o.at("underscores") == "1_000");
  CHECK(o.at("binary") == "0b101");
  CHECK(o.at("infinity_word") == "inf");
  CHECK(o.at("literal") == "two\nlines\n");
  CHECK(o.at("folded") == "one line");
  CHECK(o.at("tagged_str") == "42");
  CHECK(o.at("tagged_int") == 42);
  CHECK(o.at("tagged_float").is_double());
  CHECK(o.at("tagged_float") == 1.0);
  CHECK(o.at("tagged_bool") == false);
  CHECK(o.at("tagged_null").is_null());
  CHECK(o.at("nonspecific") == "12");
  CHECK(o.at("200") == "ok");  // a key is its text
  CHECK(o.at("alias") == o.at("anchor"));
  CHECK(o.at("<<") == boost::json::object{{"merge", "not in YAML 1.2"}});
  // The keys keep document order.
  CHECK(o.begin()->key() == "quoted_int");
  CHECK((o.end() - 1)->key() == "<<");
}

TEST_CASE("a YAML syntax error names file:line:column", "[yaml]") {
  CHECK(parse_error("bad.yaml", "openapi: 3.0.3\ninfo:\n  title: [unclosed\n  version: 1\n") ==
        "bad.yaml:4:10: not valid YAML: end of sequence flow not found");
  CHECK(parse_error("bad.yaml", "a: 1\n b: 2\n") == "bad.yaml:2:3: not valid YAML: illegal map value");
  CHECK(parse_error("bad.yaml", "a:\n\tb: 1\n") == "bad.yaml:2:3: not valid YAML: illegal map value");
  // yaml-cpp reads `- a` then `b: 1` at the same indentation as two documents: one spec is one.
  CHECK(parse_error("bad.yaml", "- a\nb: 1\n") ==
        "bad.yaml:2:1: not valid YAML: a second document starts here (a spec is one document)");
  CHECK(parse_error("two.yaml", "a: 1\n---\nb: 2\n") ==
        "two.yaml:3:1: not valid YAML: a second document starts here (a spec is one document)");

  // Through the program: exit code 1 and the one line.
  const fs::path dir = fs::temp_directory_path() / ("zoom-codegen-yaml-test-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::ofstream(dir / "spec.yml") << "openapi: 3.0.3\ninfo: {title: T\n";
  std::ostringstream out, err;
  CHECK(zoom::codegen::run({"--spec", (dir / "spec.yml").string(), "--out", (dir / "out").string()}, out, err) == 1);
  CHECK(err.str().rfind("zoom-codegen: spec.yml:3:1: not valid YAML: ", 0) == 0);
  CHECK_FALSE(fs::exists(dir / "out"));
  fs::remove_all(dir);
}

TEST_CASE("what JSON cannot hold is an error at its pointer", "[yaml]") {
  const std::string head = "openapi: 3.0.3\ncomponents:\n  schemas:\n    A:\n      type: number\n";
  CHECK(parse_error("s.yaml", head + "      maximum: .inf\n") ==
        "s.yaml#/components/schemas/A/maximum: '.inf' is not a number JSON can hold (line 6, column 16)");
  CHECK(parse_error("s.yaml", head + "      minimum: -.Inf\n") ==
        "s.yaml#/components/schemas/A/minimum: '-.Inf' is not a number JSON can hold (line 6, column 16)");
  CHECK(parse_error("s.yaml", head + "      enum: [1, .NaN]\n") ==
        "s.yaml#/components/schemas/A/enum/1: '.NaN' is not a number JSON can hold (line 6, column 17)");
  CHECK(parse_error("s.yaml", head + "      maximum: 1e999\n") ==
        "s.yaml#/components/schemas/A/maximum: '1e999' is too large for a JSON number (line 6, column 16)");
  CHECK(parse_spec("s.yaml", head + "      maximum: '.inf'\n").root.at_pointer("/components/schemas/A/maximum") == ".inf");

  CHECK(parse_error("s.yaml", head + "      type: string\n") ==
        "s.yaml#/components/schemas/A: duplicate key 'type' (line 6, column 7)");
  CHECK(parse_error("s.yaml", head + "      \"type\": string\n") ==
        "s.yaml#/components/schemas/A: duplicate key 'type' (line 6, column 7)");
  CHECK(parse_error("s.yaml", head + "      ~: x\n") ==
        "s.yaml#/components/schemas/A: a key must be a string, not null: quote it if it is a name (line 6, column 7)");
  CHECK(parse_error("s.yaml", head + "      ? [a, b]\n      : x\n") ==
        "s.yaml#/components/schemas/A: a key must be a string, found a sequence (line 6, column 9)");
  CHECK(parse_error("s.yaml", head + "      example: !!binary aGk=\n") ==
        "s.yaml#/components/schemas/A/example: unsupported tag '!!binary' (line 6, column 16)");
  CHECK(parse_error("s.yaml", head + "      example: !custom x\n") ==
        "s.yaml#/components/schemas/A/example: unsupported tag '!custom' (line 6, column 16)");
  CHECK(parse_error("s.yaml", head + "      maximum: !!int 1.5\n") ==
        "s.yaml#/components/schemas/A/maximum: '1.5' is not a valid !!int (line 6, column 16)");
  CHECK(parse_error("s.yaml", head + "      items: &self [*self]\n") ==
        "s.yaml#/components/schemas/A/items/0: a recursive alias: this value contains itself (line 6, column 14)");
  CHECK(parse_error("s.yaml", "") == "s.yaml#: the document must be an object, found null");
  CHECK(parse_error("s.yaml", "- 1\n") == "s.yaml#: the document must be an object, found an array");
}

TEST_CASE("the OpenAPI examples in YAML load", "[yaml]") {
  const fs::path dir = fs::path(ZOOM_SHARED_DIR) / "specs";
  const char* const names[] = {"oai_petstore-expanded.yaml", "oai_uspto.yaml", "swagger_petstore_oas3.yaml"};
  if (!fs::exists(dir / names[0])) {
    WARN("skipped: " << (dir / names[0]).string() << " is not there");
    return;
  }
  for (const char* name : names) {
    INFO(name);
    const auto spec = zoom::codegen::load_spec(dir / name);
    const Node root = Node::root(spec);
    CHECK(root.string("openapi").rfind("3.0.", 0) == 0);
    CHECK_FALSE(root.at("info").string("version").empty());  // 1.0.0 is a string, not a number
    CHECK_FALSE(root.at("paths").members().empty());
    CHECK(resolve_all(root) > 0);
    // Response codes are keys, written '200' or 200: strings either way.
    for (const auto& [path, item] : root.at("paths").members())
      for (const auto& [method, operation] : item.members())
        if (const auto responses = operation.find("responses"))
          for (const auto& [status, response] : responses->members())
            CHECK((status == "default" || (status.size() == 3 && std::isdigit(static_cast<unsigned char>(status[0])))));
  }
  // Spot checks of what the YAML means.
  const auto uspto = zoom::codegen::load_spec(dir / "oai_uspto.yaml");
  CHECK(uspto.root.at_pointer("/info/version") == "1.0.0");
  CHECK(uspto.root.at_pointer("/paths/~1/get/responses/200/content/application~1json/example/total") == 2);
  CHECK(uspto.root.at_pointer("/paths/~1{dataset}~1{version}~1records/post/requestBody/content/"
                              "application~1x-www-form-urlencoded/schema/properties/start/default") == 0);
  CHECK(uspto.root.at_pointer("/paths/~1{dataset}~1{version}~1records/post/requestBody/content/"
                              "application~1x-www-form-urlencoded/schema/properties/criteria/default") == "*:*");
  const auto petstore = zoom::codegen::load_spec(dir / "swagger_petstore_oas3.yaml");
  CHECK(petstore.root.at_pointer("/components/schemas/Order/properties/id/example") == 10);
  CHECK(petstore.root.at_pointer("/components/schemas/User/properties/username/example") == "theUser");
}
