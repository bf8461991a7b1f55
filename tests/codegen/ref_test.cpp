// `$ref`s to other files beside the spec (tests/codegen/refs/): read on first use, once each,
// `#/...` inside them meaning that file, and every pointer naming its file.
#include "generate.hpp"
#include "spec.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>

namespace fs = std::filesystem;
using zoom::codegen::Node;

namespace {

const fs::path kRefs = ZOOM_CODEGEN_TEST_DIR "/refs";

std::string error_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "(no error)";
}

Node case_node(const zoom::codegen::Spec& spec, const std::string& name) {
  return Node::root(spec).at("cases").at(name);
}

std::string ref_pointer(const std::string& name) {
  return "cases.json#/cases/" + name + "/$ref: ";
}

struct Run {
  int exit_code;
  std::string out, err;
  zoom::codegen::GeneratedFiles files;
};

Run run_codegen(const fs::path& spec) {
  const fs::path dir = fs::temp_directory_path() / ("zoom-codegen-ref-test-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  std::ostringstream out, err;
  Run run{zoom::codegen::run({"--spec", spec.string(), "--out", dir.string()}, out, err), out.str(), err.str(), {}};
  if (fs::exists(dir))
    for (const auto& entry : fs::recursive_directory_iterator(dir))
      if (entry.is_regular_file()) {
        std::ifstream in(entry.path(), std::ios::binary);
        std::ostringstream text;
        text << in.rdbuf();
        run.files[fs::relative(entry.path(), dir).generic_string()] = text.str();
      }
  fs::remove_all(dir);
  return run;
}

}  // namespace

TEST_CASE("a $ref into a YAML or JSON file beside the spec", "[refs]") {
  const auto spec = zoom::codegen::load_spec(kRefs / "cases.json");

  const Node pet = case_node(spec, "yaml schema").resolve();
  CHECK(pet.pointer() == "pets.yaml#/components/schemas/Pet");
  CHECK(pet.local_pointer() == "/components/schemas/Pet");
  CHECK(pet.file() == "pets.yaml");
  REQUIRE(pet.document() != nullptr);
  CHECK(pet.document()->name == "pets.yaml");
  CHECK(pet.string("description") == "A pet.");
  // Below it, pointers and errors name the file.
  const Node nickname = pet.at("properties").at("nickname");
  CHECK(nickname.pointer() == "pets.yaml#/components/schemas/Pet/properties/nickname");
  CHECK(error_of([&] { nickname.at("format"); }) ==
        "pets.yaml#/components/schemas/Pet/properties/nickname: missing required field 'format'");
  CHECK(error_of([&] { pet.at("required").elements()[0].at("x"); }) ==
        "pets.yaml#/components/schemas/Pet/required/0: expected an object, found a string");

  // `#/...` in pets.yaml is pets.yaml; a file named in pets.yaml is beside pets.yaml.
  const Node kind = pet.at("properties").at("kind").resolve();
  CHECK(kind.pointer() == "pets.yaml#/components/schemas/Kind");
  CHECK(kind.json().at("enum").as_array().size() == 3);
  const Node born = pet.at("properties").at("born").resolve();
  CHECK(born.pointer() == "common.json#/Date");

  const Node date = case_node(spec, "json member").resolve();
  CHECK(date.pointer() == "common.json#/Date");
  CHECK(date.string("format") == "date");

  // A local reference in the spec itself keeps its plain pointer.
  CHECK(case_node(spec, "local").resolve().pointer() == "/local/target");
  CHECK(Node::root(spec).at("cases").pointer() == "/cases");
}

TEST_CASE("a $ref to a whole file, and to the same file spelled differently", "[refs]") {
  const auto spec = zoom::codegen::load_spec(kRefs / "cases.json");
  const Node address = case_node(spec, "whole file").resolve();
  CHECK(address.pointer() == "sub/address.json#");
  CHECK(address.local_pointer().empty());
  CHECK(address.at("properties").pointer() == "sub/address.json#/properties");
  CHECK(case_node(spec, "whole file with empty fragment").resolve().pointer() == "sub/address.json#");

  // sub/address.json names ../common.json: the same file as common.json, read once.
  const Node country = address.at("properties").at("country").resolve();
  CHECK(country.pointer() == "common.json#/CountryCode");
  const Node date = case_node(spec, "json member").resolve();  // ./common.json
  const Node same = case_node(spec, "common spelled differently").resolve();  // sub/../common.json
  CHECK(same.pointer() == "common.json#/Date");
  CHECK(country.document() == date.document());
  CHECK(same.document() == date.document());
  CHECK(&same.json() == &date.json());

  // %-encoded, as in a URI.
  const Node thing = case_node(spec, "percent-encoded name").resolve();
  CHECK(thing.pointer() == "sub/with space.yaml#/Thing");
  CHECK(thing.string("type") == "number");
}

TEST_CASE("a chain of $refs through files, and a cycle across files", "[refs]") {
  const auto spec = zoom::codegen::load_spec(kRefs / "cases.json");
  // cases.json -> chain_a.json#/A -> chain_b.yaml#/B, whose property is chain_b.yaml#/C.
  const Node b = case_node(spec, "chain").resolve();
  CHECK(b.pointer() == "chain_b.yaml#/B");
  CHECK(b.at("properties").at("c").resolve().pointer() == "chain_b.yaml#/C");
  // A file naming the spec itself gets back to the spec's own document and plain pointers.
  const Node target = case_node(spec, "back into this file by name").resolve();
  CHECK(target.pointer() == "/Target");
  CHECK(target.document() == nullptr);
  CHECK(&target.json() == &spec.root.at("Target"));

  // cycle_a.json#/A -> cycle_b.yaml#/B -> cycle_a.json#/A -> ...
  CHECK(error_of([&] { case_node(spec, "cycle").resolve(); }) ==
        "cases.json#/cases/cycle: $ref chain is too long or circular");
}

TEST_CASE("a $ref to a file that is not there, or not a file, or remote", "[refs]") {
  const auto spec = zoom::codegen::load_spec(kRefs / "cases.json");
  const auto error = [&](const std::string& name) { return error_of([&] { case_node(spec, name).resolve(); }); };
  CHECK(error("missing file") == ref_pointer("missing file") +
                                     "$ref 'nowhere.json#/components/schemas/Pet': cannot open the file 'nowhere.json'");
  CHECK(error("missing file in a subfolder") ==
        ref_pointer("missing file in a subfolder") + "$ref 'sub/missing.yaml': cannot open the file 'sub/missing.yaml'");
  CHECK(error("a folder") == ref_pointer("a folder") + "$ref 'sub#/x': cannot open the file 'sub'");
  CHECK(error("nothing there") ==
        ref_pointer("nothing there") + "$ref 'pets.yaml#/components/schemas/Nope' points to nothing");
  CHECK(error("not a pointer") == ref_pointer("not a pointer") + "$ref 'common.json#Date' is not a JSON pointer");
  CHECK(error("https") ==
        ref_pointer("https") + "$ref 'https://example.com/schemas.json#/Pet': remote references are not supported");
  CHECK(error("http upper case") ==
        ref_pointer("http upper case") + "$ref 'HTTP://example.com/schemas.yaml': remote references are not supported");
  CHECK(error("network path") ==
        ref_pointer("network path") + "$ref '//example.com/schemas.yaml#/Pet': remote references are not supported");
  CHECK(error("other scheme") ==
        ref_pointer("other scheme") + "$ref 'file:///etc/schemas.json#/Pet': unsupported URI scheme 'file' "
                                      "(references are '#/...' or the path of a file beside this one)");
  // A referenced file that does not parse is an error in that file, at its line and column.
  CHECK(error("broken yaml") == "broken.yaml:3:24: not valid YAML: illegal flow end");
  CHECK(error("broken json") == "broken.json: not valid JSON at line 1, column 25: syntax error");
}

TEST_CASE("zoom-codegen generates the models of schemas in other files", "[refs]") {
  const Run run = run_codegen(kRefs / "main.json");
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  CHECK(run.err.empty());
  const auto models = run.files.find("include/zoom/phone/models.hpp");
  REQUIRE(models != run.files.end());
  const std::string& text = models->second;
  INFO(text);
  // Pet (pets.yaml), its enum Kind (pets.yaml, by a local `#/...` there), the whole-file
  // address (sub/address.json), and their fields, one of them a date (common.json).
  CHECK(text.find("A pet.") != std::string::npos);
  CHECK(text.find("What its owner calls it.") != std::string::npos);
  CHECK(text.find(" nickname") != std::string::npos);
  CHECK(text.find("hamster") != std::string::npos);
  CHECK(text.find("A whole file as one schema.") != std::string::npos);
  CHECK(text.find(" street") != std::string::npos);
  CHECK(text.find("ISO 3166-1 alpha-2.") != std::string::npos);
  CHECK(text.find("Someone with pets.") != std::string::npos);
  // Pet is used from the spec twice (as a response and as Owner's field) through two spellings
  // of the same file: one struct.
  CHECK(text.find("std::optional<std::string> nickname") == text.rfind("std::optional<std::string> nickname"));
  // The parameter defined in common.json.
  const auto pets = run.files.find("include/zoom/phone/pets.hpp");
  REQUIRE(pets != run.files.end());
  CHECK(pets->second.find("Which pet.") != std::string::npos);
}

TEST_CASE("zoom-codegen names the other file in a problem found there", "[refs]") {
  const Run run = run_codegen(kRefs / "bad_main.yaml");
  CHECK(run.exit_code == 1);
  CHECK(run.err == "zoom-codegen: parameters.yaml#/NoName: missing required field 'name'\n");
  CHECK(run.files.empty());
}
