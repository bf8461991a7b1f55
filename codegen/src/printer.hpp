// Stage 3 helper: writes text with indentation and named substitutions, after protobuf's
// io::Printer. `print("$type$ $name$;\n", {{"type", "int"}, {"name", "x"}})` writes the line
// at the current indentation; `$$` is a literal `$`. An unknown `$name$` is a bug in the
// generator and throws std::logic_error.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace zoom::codegen {

class Printer {
 public:
  using Vars = std::initializer_list<std::pair<std::string_view, std::string_view>>;

  /// `text` with each `$name$` replaced by its value in `vars` (`$$` is one `$`). Throws
  /// std::logic_error for an unterminated `$` or an unknown name: templates are ours, so spec
  /// text (which may hold a `$`) goes in `vars` or through put().
  void print(std::string_view text, Vars vars = {});
  /// `text` as it is, indented.
  void put(std::string_view text);
  /// `text` as `///` comment lines, HTML entities decoded, wrapped to the line width.
  void comment(std::string_view text);

  void indent() { indent_ += 2; }
  void outdent() { indent_ -= 2; }

  /// Everything printed so far.
  const std::string& str() const { return out_; }

 private:
  std::string out_;
  int indent_ = 0;
  bool at_line_start_ = true;
};

}  // namespace zoom::codegen
