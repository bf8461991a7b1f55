// zoom::version() is the version of the top-level CMakeLists.txt, the one place it is written.
#include <catch2/catch.hpp>

#include <zoom/version.hpp>

#include <regex>
#include <string>

TEST_CASE("zoom::version() is the project's version, major.minor.patch", "[version]") {
  const std::string version{zoom::version()};
  CHECK(version == ZOOM_EXPECTED_VERSION);
  CHECK(std::regex_match(version, std::regex{R"(\d+\.\d+\.\d+)"}));
}
