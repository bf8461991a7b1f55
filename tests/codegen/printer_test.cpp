#include "printer.hpp"

#include <catch2/catch.hpp>

#include <stdexcept>
#include <string>
#include <vector>

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
    CHECK(line.size() <= zoom::codegen::kColumnLimit);
    CHECK(line.rfind("  /// word", 0) == 0);
  }
}

TEST_CASE("a list variable is laid out as clang-format would: one line, under its first item, or 4 columns in") {
  const std::vector<std::string> short_list{"int a", "int b"};
  Printer p;
  p.print("void $name$($parameters$);\n", {{"name", "f"}}, {{"parameters", short_list}});
  CHECK(p.str() == "void f(int a, int b);\n");

  std::vector<std::string> parameters;
  for (int i = 0; i < 8; ++i) parameters.push_back("std::string parameter_" + std::to_string(i));
  Printer aligned;
  aligned.indent();
  aligned.print("void function($parameters$) {\n", {}, {{"parameters", parameters}});
  CHECK(aligned.str() ==
        "  void function(std::string parameter_0, std::string parameter_1, std::string parameter_2, "
        "std::string parameter_3,\n"
        "                std::string parameter_4, std::string parameter_5, std::string parameter_6, "
        "std::string parameter_7) {\n");

  const std::string name(110, 'f');
  Printer next;
  next.print("void $name$($parameters$);\n", {{"name", name}}, {{"parameters", short_list}});
  CHECK(next.str() == "void " + name + "(\n    int a, int b);\n");
  CHECK_THROWS_AS(next.print("$a$ $a$\n", {}, {{"a", short_list}}), std::logic_error);
}

TEST_CASE("the printer breaks what is still longer than the column limit") {
  using zoom::codegen::fit_line;
  using zoom::codegen::kColumnLimit;
  const auto fits = [](const std::string& text) {
    for (std::size_t start = 0, end = 0; start < text.size(); start = end + 1) {
      end = std::min(text.find('\n', start), text.size());
      if (end - start > kColumnLimit) return false;
    }
    return true;
  };
  // Code: after the last `, ` that fits, continued 4 columns in.
  const std::string call = "  return combine(" + std::string(60, 'a') + ", " + std::string(60, 'b') + ");";
  CHECK(fit_line(call) == "  return combine(" + std::string(60, 'a') + ",\n      " + std::string(60, 'b') + ");");
  // A string literal longer than the line: adjacent literals, never after a backslash.
  const std::string literal = "x = \"" + std::string(113, 'c') + "\\\"" + std::string(20, 'd') + "\";";
  const std::string broken = fit_line(literal);
  CHECK(fits(broken));
  CHECK(broken == "x = \"" + std::string(113, 'c') + "\"\n    \"\\\"" + std::string(20, 'd') + "\";");
  // Comments: at a space, under the same marker; a word longer than the line is cut.
  const std::string comment = "  /// " + std::string(100, 'w') + " " + std::string(130, 'u');
  CHECK(fit_line(comment) ==
        "  /// " + std::string(100, 'w') + "\n  /// " + std::string(114, 'u') + "\n  /// " + std::string(16, 'u'));
  const std::string trailing = "value,  ///< " + std::string(60, 'v') + " " + std::string(60, 'v');
  CHECK(fit_line(trailing) == "value,  ///< " + std::string(60, 'v') + "\n        ///< " + std::string(60, 'v'));
  // What cannot be broken stays: a preprocessor line, one long name.
  const std::string include = "#include <" + std::string(130, 'i') + ">";
  CHECK(fit_line(include) == include);
  CHECK(fit_line(std::string(130, 'n')) == std::string(130, 'n'));
  // The printer applies it to every line it writes.
  Printer p;
  p.print("$line$\n", {{"line", call}});
  CHECK(fits(p.str()));
}
