// Golden tests: each folder under golden/ holds a small spec.json and the files zoom-codegen
// must write for it, byte for byte, under expected/. The expected files are also compiled by
// the build (golden_<case> targets). To accept a deliberate change of output:
//   cmake --build <build dir> --target update-golden
#include "generate.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;
using zoom::codegen::GeneratedFiles;

namespace {

std::string read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

GeneratedFiles read_tree(const fs::path& dir) {
  GeneratedFiles files;
  if (!fs::exists(dir)) return files;
  for (const auto& entry : fs::recursive_directory_iterator(dir))
    if (entry.is_regular_file()) files[fs::relative(entry.path(), dir).generic_string()] = read(entry.path());
  return files;
}

void write_tree(const fs::path& dir, const GeneratedFiles& files) {
  fs::remove_all(dir);
  for (const auto& [path, content] : files) {
    fs::create_directories((dir / path).parent_path());
    std::ofstream(dir / path, std::ios::binary) << content;
  }
}

std::vector<fs::path> cases() {
  std::vector<fs::path> out;
  for (const auto& entry : fs::directory_iterator(ZOOM_GOLDEN_DIR))
    if (fs::exists(entry.path() / "spec.json")) out.push_back(entry.path());
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("generated files match the golden files", "[golden]") {
  const bool update = std::getenv("ZOOM_UPDATE_GOLDEN") != nullptr;
  const auto all = cases();
  REQUIRE(all.size() >= 4);
  for (const fs::path& dir : all) {
    const std::string name = dir.filename().string();
    const GeneratedFiles actual = zoom::codegen::generate(dir / "spec.json", {"golden::" + name});
    if (update) {
      write_tree(dir / "expected", actual);
      WARN("rewrote " << (dir / "expected").string());
      continue;
    }
    const GeneratedFiles expected = read_tree(dir / "expected");
    INFO("golden case '" << name << "' (accept deliberate changes with the update-golden target)");
    std::vector<std::string> actual_names, expected_names;
    for (const auto& [path, content] : actual) actual_names.push_back(path);
    for (const auto& [path, content] : expected) expected_names.push_back(path);
    CHECK(actual_names == expected_names);
    for (const auto& [path, content] : actual) {
      INFO("file " << path);
      const auto it = expected.find(path);
      if (it != expected.end()) CHECK(content == it->second);
    }
  }
}

TEST_CASE("generation is deterministic", "[golden]") {
  const GeneratedFiles first = zoom::codegen::generate(ZOOM_SPEC_FILE, {"zoom::phone"});
  const GeneratedFiles second = zoom::codegen::generate(ZOOM_SPEC_FILE, {"zoom::phone"});
  CHECK(first == second);
  CHECK(first.count("include/zoom/phone/call_logs.hpp") == 1);
}

TEST_CASE("the namespace decides the include folder") {
  const fs::path spec = fs::path(ZOOM_GOLDEN_DIR) / "minimal" / "spec.json";
  const GeneratedFiles files = zoom::codegen::generate(spec, {"acme::zoom_v2"});
  CHECK(files.count("include/acme/zoom_v2/models.hpp") == 1);
  CHECK(files.at("src/things.cpp").find("#include <acme/zoom_v2/things.hpp>") != std::string::npos);
  CHECK_THROWS_WITH(zoom::codegen::generate(spec, {"Acme::Zoom"}),
                    "--namespace 'Acme::Zoom': 'Acme' is not a lower-case C++ identifier (expected e.g. zoom::phone)");
  CHECK_THROWS_WITH(zoom::codegen::generate(spec, {"zoom::"}),
                    "--namespace 'zoom::': '' is not a lower-case C++ identifier (expected e.g. zoom::phone)");
}
