#include "printer.hpp"

#include <stdexcept>
#include <vector>

namespace zoom::codegen {
namespace {

constexpr std::size_t kLineWidth = 100;

// Descriptions come from HTML-flavoured Markdown: decode the entities and drop the line
// breaks it spells as tags; keep the rest as written.
std::string plain_text(std::string_view text) {
  static constexpr std::pair<std::string_view, std::string_view> replacements[] = {
      {"&mdash;", "—"}, {"&ndash;", "–"}, {"&quot;", "\""}, {"&#39;", "'"}, {"&apos;", "'"},
      {"&lt;", "<"},    {"&gt;", ">"},    {"&nbsp;", " "},  {"<br>", ""},   {"<br/>", ""},
      {"<br />", ""},   {"&amp;", "&"}};
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    bool replaced = false;
    for (const auto& [from, to] : replacements) {
      if (text.substr(i, from.size()) == from) {
        out += to;
        i += from.size();
        replaced = true;
        break;
      }
    }
    if (!replaced) out += text[i++];
  }
  return out;
}

std::string trim_right(std::string text) {
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r' || text.back() == '\\'))
    text.pop_back();  // a trailing backslash would splice the next line into the comment
  return text;
}

}  // namespace

void Printer::put(std::string_view text) {
  for (const char c : text) {
    if (at_line_start_ && c != '\n') out_.append(static_cast<std::size_t>(indent_), ' ');
    out_ += c;
    at_line_start_ = c == '\n';
  }
}

void Printer::print(std::string_view text, Vars vars) {
  std::string expanded;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '$') {
      expanded += text[i];
      continue;
    }
    const std::size_t end = text.find('$', i + 1);
    if (end == std::string_view::npos) throw std::logic_error("unterminated $ in printer template");
    const std::string_view name = text.substr(i + 1, end - i - 1);
    if (name.empty()) {
      expanded += '$';
    } else {
      bool found = false;
      for (const auto& [key, value] : vars) {
        if (key == name) {
          expanded += value;
          found = true;
          break;
        }
      }
      if (!found) throw std::logic_error("printer variable $" + std::string{name} + "$ has no value");
    }
    i = end;
  }
  put(expanded);
}

void Printer::comment(std::string_view text) {
  const std::string plain = plain_text(text);
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start <= plain.size()) {
    const std::size_t end = plain.find('\n', start);
    lines.push_back(trim_right(plain.substr(start, end == std::string::npos ? std::string::npos : end - start)));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  while (!lines.empty() && lines.back().empty()) lines.pop_back();
  const std::size_t width = kLineWidth > static_cast<std::size_t>(indent_) + 24 ? kLineWidth - indent_ - 4 : 20;
  bool blank_pending = false;
  bool any = false;
  for (const std::string& line : lines) {
    if (line.empty()) {
      blank_pending = any;
      continue;
    }
    if (blank_pending) put("///\n");
    blank_pending = false;
    any = true;
    // Wrap at spaces; a word longer than the width (a URL) stays whole.
    std::string_view rest = line;
    while (rest.size() > width) {
      std::size_t cut = rest.rfind(' ', width);
      if (cut == std::string_view::npos || cut == 0) cut = rest.find(' ', width);
      if (cut == std::string_view::npos) break;
      put("/// " + std::string{rest.substr(0, cut)} + "\n");
      rest = rest.substr(cut + 1);
    }
    put("/// " + std::string{rest} + "\n");
  }
}

}  // namespace zoom::codegen
