// zoom-codegen's selection (--include-tag/--include-operation/--exclude-...) and `diff`, on the
// features fixture and versions of it edited in the test.
#include "generate.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <unistd.h>

namespace fs = std::filesystem;

namespace {

const fs::path kFeatures = fs::path{ZOOM_GOLDEN_DIR} / "features" / "spec.json";

struct Outcome {
  int exit_code;
  std::string out, err;
};

Outcome run(std::vector<std::string> args) {
  std::ostringstream out, err;
  const int code = zoom::codegen::run(args, out, err);
  return {code, out.str(), err.str()};
}

std::string read(const fs::path& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

struct TempDir {
  TempDir() : path(fs::temp_directory_path() / ("zoom-codegen-tools-" + std::to_string(::getpid()))) {
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
  fs::path path;
};

// The features spec with `edit` applied, written to `dir`/name.
fs::path edited(const fs::path& dir, const std::string& name, const std::function<void(boost::json::object&)>& edit) {
  boost::json::object spec = boost::json::parse(read(kFeatures)).as_object();
  edit(spec);
  const fs::path path = dir / name;
  std::ofstream(path) << boost::json::serialize(spec);
  return path;
}

}  // namespace

TEST_CASE("a selection generates its operations and only the types they use") {
  TempDir dir;
  const auto outcome = run({"--spec", kFeatures.string(), "--out", (dir.path / "out").string(), "--namespace", "sel",
                            "--include-tag", "Numbers"});
  INFO(outcome.err);
  REQUIRE(outcome.exit_code == 0);
  CHECK(outcome.out.find("1 operations, 3 structs, 1 enums") != std::string::npos);  // the request, its variant alternative, Number
  CHECK(fs::exists(dir.path / "out/include/sel/numbers.hpp"));
  CHECK_FALSE(fs::exists(dir.path / "out/include/sel/sites.hpp"));
  const std::string models = read(dir.path / "out/include/sel/models.hpp");
  CHECK(models.find("struct AssignNumberRequest {") != std::string::npos);
  CHECK(models.find("struct Settings") == std::string::npos);  // used by Sites only: pruned

  const auto excluded = run({"--spec", kFeatures.string(), "--out", (dir.path / "out2").string(), "--namespace", "sel",
                             "--include-tag", "Sites", "--exclude-operation", "deleteSite", "--include-operation",
                             "assignNumber"});
  REQUIRE(excluded.exit_code == 0);
  CHECK(excluded.out.find("6 operations") != std::string::npos);  // Sites has 6 but deleteSite, plus assignNumber
  CHECK(read(dir.path / "out2/include/sel/sites.hpp").find("delete_site") == std::string::npos);

  const auto unknown = run({"--spec", kFeatures.string(), "--out", (dir.path / "out3").string(), "--include-tag", "Pets"});
  CHECK(unknown.exit_code == 1);
  CHECK(unknown.err == "zoom-codegen: no operation has the tag 'Pets'\n");
  const auto nothing = run({"--spec", kFeatures.string(), "--out", (dir.path / "out3").string(), "--exclude-tag",
                            "Sites", "--exclude-tag", "Numbers"});
  CHECK(nothing.exit_code == 1);
  CHECK(nothing.err == "zoom-codegen: the selection leaves no operation to generate\n");
  CHECK_FALSE(fs::exists(dir.path / "out3"));
}

TEST_CASE("diff lists breaking changes first and exits 1 when there is one") {
  TempDir dir;
  const auto v2 = edited(dir.path, "v2.json", [](boost::json::object& spec) {
    auto& paths = spec["paths"].as_object();
    paths["/sites/{siteId}"].as_object().erase("delete");
    paths["/sites/{siteId}"].as_object()["get"].as_object()["parameters"].as_array().push_back(
        boost::json::parse(R"({"name": "region", "in": "query", "required": true, "schema": {"type": "string"}})"));
    auto& number = spec["components"].as_object()["schemas"].as_object()["Number"].as_object()["properties"].as_object();
    number["number"] = boost::json::parse(R"({"type": "integer"})");
    number["kind"] = boost::json::parse(R"({"type": "integer", "enum": [1, 3], "x-enum-varnames": ["internal", "shared"]})");
    auto& site = spec["components"].as_object()["schemas"].as_object()["Site"].as_object()["allOf"].as_array()[1];
    site.as_object()["properties"].as_object()["phone"] = boost::json::parse(R"({"type": "string"})");
  });
  const auto outcome = run({"diff", kFeatures.string(), v2.string()});
  CHECK(outcome.exit_code == 1);
  CHECK(outcome.out ==
        "breaking:   operation delete_site (deleteSite) removed\n"
        "breaking:   operation get_site: new required parameter region\n"
        "breaking:   Number.number: std::string (optional) -> std::int64_t (optional)\n"
        "breaking:   NumberKind::external removed\n"
        "compatible: NumberKind::shared added\n"
        "compatible: Site.phone added\n"
        "zoom-codegen: 6 changes, 4 breaking, from spec.json to v2.json\n");

  const auto additive = edited(dir.path, "v3.json", [](boost::json::object& spec) {
    auto& site = spec["components"].as_object()["schemas"].as_object()["Site"].as_object()["allOf"].as_array()[1];
    site.as_object()["properties"].as_object()["phone"] = boost::json::parse(R"({"type": "string"})");
  });
  const auto compatible = run({"diff", kFeatures.string(), additive.string()});
  CHECK(compatible.exit_code == 0);
  CHECK(compatible.out == "compatible: Site.phone added\nzoom-codegen: 1 changes, 0 breaking, from spec.json to v3.json\n");

  CHECK(run({"diff", kFeatures.string()}).exit_code == 2);
  const auto missing = run({"diff", kFeatures.string(), (dir.path / "none.json").string()});
  CHECK(missing.exit_code == 1);
  CHECK(missing.err.find("none.json") != std::string::npos);
}
