#include "printer.hpp"

#include <catch2/catch.hpp>

#include <stdexcept>

using zoom::codegen::Printer;

TEST_CASE("the printer substitutes variables and indents lines") {
  Printer p;
  p.print("struct $name$ {\n", {{"name", "Thing"}});
  p.indent();
  p.print("$type$ $member$;\n\n", {{"type", "int"}, {"member", "count"}});
  p.print("// costs $$5\n");
  p.outdent();
  p.print("};\n");
  CHECK(p.str() == "struct Thing {\n  int count;\n\n  // costs $5\n};\n");
}

TEST_CASE("an unknown printer variable is a generator bug") {
  Printer p;
  CHECK_THROWS_AS(p.print("$missing$\n"), std::logic_error);
  CHECK_THROWS_AS(p.print("a $ b\n"), std::logic_error);
}

TEST_CASE("comments decode entities, drop trailing backslashes and wrap") {
  Printer p;
  p.comment("A &mdash; B &quot;C&quot;<br>\nline ends with \\\n\n\nnext paragraph");
  CHECK(p.str() == "/// A — B \"C\"\n/// line ends with\n///\n/// next paragraph\n");

  Printer wrapped;
  wrapped.indent();
  std::string words;
  for (int i = 0; i < 40; ++i) words += "word ";
  wrapped.comment(words);
  for (std::size_t start = 0, end; (end = wrapped.str().find('\n', start)) != std::string::npos; start = end + 1) {
    const std::string line = wrapped.str().substr(start, end - start);
    CHECK(line.size() <= 100);
    CHECK(line.rfind("  /// word", 0) == 0);
  }
}
