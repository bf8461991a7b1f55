// Stage 3 helper: writes text with indentation and named substitutions, after protobuf's
// io::Printer. `print("$type$ $name$;\n", {{"type", "int"}, {"name", "x"}})` writes the line
// at the current indentation; `$$` is a literal `$`. An unknown `$name$` is a bug in the
// generator and throws std::logic_error. A list variable is items separated by `, `, as
// parameters and arguments are written: `print("void $name$($parameters$);\n", {{"name", "f"}},
// {{"parameters", {"int a", "int b"}}})`, wrapped under its first item when the line is too long.
//
// No line it writes is longer than kColumnLimit: templates break the lines they know to be long
// where a reader expects it, and the printer breaks what still does not fit (a long name, a long
// string from the spec) as clang-format would keep it valid: a comment at a space, code after a
// comma or an opening bracket, a string literal into adjacent literals.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace zoom::codegen {

/// The project's column limit (.clang-format's ColumnLimit), in bytes: generated lines are within it.
inline constexpr std::size_t kColumnLimit = 120;

/// `line` (one line, no line break) as lines within kColumnLimit, broken with line breaks where a
/// C++ line can be: a `//` comment at a space (a word longer than the line at the limit), continued
/// with the same marker; code after `, ` or an opening bracket, else at a space, else inside a string
/// literal (as adjacent literals), continued 4 columns further in. A preprocessor line, and code
/// without any such place, stays as it is.
std::string fit_line(std::string_view line);

class Printer {
 public:
  using Vars = std::initializer_list<std::pair<std::string_view, std::string_view>>;
  using Lists = std::initializer_list<std::pair<std::string_view, std::vector<std::string>>>;

  /// `text` with each `$name$` replaced by its value in `vars` (`$$` is one `$`), or by the items
  /// of its list in `lists` separated by `, `. A list that makes its line longer than the column
  /// limit goes on under its first item, or, when that is too far right, on the next line, 4
  /// columns further in; the text after it stays on its last line (at most one list a line).
  /// Throws std::logic_error for an unterminated `$` or an unknown name: templates are ours, so
  /// spec text (which may hold a `$`) goes in `vars` or through put().
  void print(std::string_view text, Vars vars = {}, Lists lists = {});
  /// `text` as it is, indented.
  void put(std::string_view text);
  /// `text` as `///` comment lines, HTML entities decoded, wrapped at the column limit.
  void comment(std::string_view text);

  void indent() { indent_ += 2; }
  void outdent() { indent_ -= 2; }

  /// Everything printed so far.
  const std::string& str() const { return out_; }

 private:
  std::string out_;
  std::size_t line_start_ = 0;  // where the line being written starts in out_
  int indent_ = 0;
  bool at_line_start_ = true;
};

}  // namespace zoom::codegen
