#include "printer.hpp"

#include <algorithm>
#include <stdexcept>
#include <vector>

namespace zoom::codegen {
namespace {

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

// --- Lines within the column limit ----------------------------------------------------------------

// Where to break a line: the first line ends at `end`, the next goes on from `resume`; inside a
// string literal (`literal`), the first closes it and the next opens it again.
struct Break {
  std::size_t end = 0, resume = 0;
  bool literal = false;
  bool found() const { return end > 0; }
};

// Whether a line may end before `at`: not inside a UTF-8 character, nor after a backslash (which
// would escape the closing quote, or splice the next line into a comment).
bool can_end_before(std::string_view line, std::size_t at) {
  return at > 0 && at < line.size() && (static_cast<unsigned char>(line[at]) & 0xC0) != 0x80 && line[at - 1] != '\\';
}

// The last place before the limit where a line may end, after `first`.
std::size_t hard_end(std::string_view line, std::size_t first, std::size_t limit) {
  for (std::size_t at = std::min(limit, line.size() - 1); at > first; --at)
    if (can_end_before(line, at)) return at;
  return 0;
}

// In comment text: the last space the limit allows after `first`, else a cut inside a word.
Break comment_break(std::string_view line, std::size_t first, std::size_t limit) {
  for (std::size_t at = std::min(limit, line.size() - 1); at > first; --at) {
    if (line[at] != ' ' || line[at - 1] == ' ' || !can_end_before(line, at)) continue;
    std::size_t resume = at;
    while (resume < line.size() && line[resume] == ' ') ++resume;
    return {at, resume, false};
  }
  const std::size_t at = hard_end(line, first, limit);
  return {at, at, false};
}

// In code before `stop`: the last `, ` or opening bracket (`<` of template arguments too) the limit
// allows after `first`, else the last space, else after the last `::`, else inside the string
// literal the limit falls in.
Break code_break(std::string_view line, std::size_t first, std::size_t stop, std::size_t limit) {
  Break bracket, space, scope, literal;
  for (std::size_t i = 0; i < stop && i < limit; ++i) {
    const char c = line[i];
    if (c == '"') {
      std::size_t close = i + 1;
      while (close < stop && line[close] != '"') close += line[close] == '\\' ? 2 : 1;
      if (close >= limit)
        if (const std::size_t at = hard_end(line.substr(0, close), std::max(i + 1, first), limit - 1))
          literal = {at, at, true};
      i = close;
    } else if (i < first) {
      continue;
    } else if (c == ',' && i + 1 < stop && line[i + 1] == ' ') {
      bracket = {i + 1, i + 2, false};
    } else if ((c == '(' || c == '{' || c == '[') && i + 1 < stop && line[i + 1] != ')' && line[i + 1] != '}' &&
               line[i + 1] != ']') {
      bracket = {i + 1, i + 1, false};
    } else if (c == '<' && i + 1 < stop && line[i - 1] != '<' && line[i + 1] != '<' && line[i + 1] != '=' &&
               line[i + 1] != '>') {
      bracket = {i + 1, i + 1, false};  // a template's arguments
    } else if (c == ' ' && line[i - 1] != ' ') {
      space = {i, i + 1, false};
    } else if (c == ':' && line[i - 1] == ':' && i + 1 < stop) {
      scope = {i + 1, i + 1, false};  // a long qualified name
    }
  }
  return bracket.found() ? bracket : space.found() ? space : scope.found() ? scope : literal;
}

// Where a `//` comment starts in a line (not inside a string literal), or npos.
std::size_t comment_start(std::string_view line) {
  for (std::size_t i = 0; i + 1 < line.size(); ++i) {
    if (line[i] == '"') {
      for (++i; i < line.size() && line[i] != '"'; ++i)
        if (line[i] == '\\') ++i;
    } else if (line[i] == '/' && line[i + 1] == '/') {
      return i;
    }
  }
  return std::string_view::npos;
}

}  // namespace

std::string fit_line(std::string_view line) {
  const std::size_t indent = line.find_first_not_of(' ');
  if (line.size() <= kColumnLimit || indent == std::string_view::npos || line[indent] == '#') return std::string{line};
  // A comment, whole or after code that fits, goes on under its marker (`/// `, `///< `, `// `);
  // code goes on 4 columns further in.
  const std::size_t comment = comment_start(line);
  std::size_t text = comment == std::string_view::npos ? comment : line.find_first_not_of('/', comment);
  const bool in_comment = text != std::string_view::npos && comment + 20 < kColumnLimit &&
                          (comment == indent || line.find_last_not_of(' ', comment - 1) < kColumnLimit);
  std::string continuation(indent + 4, ' ');
  if (in_comment) {
    if (line[text] == '<') ++text;
    continuation = std::string(comment, ' ') + std::string{line.substr(comment, text - comment)} + " ";
  }
  std::string out, rest{line};
  while (rest.size() > kColumnLimit) {
    const std::size_t first = continuation.size() + 1;  // a break before it would not shorten the line
    const Break cut = in_comment ? comment_break(rest, std::max(text, first), kColumnLimit)
                                 : code_break(rest, first, std::min(comment_start(rest), rest.size()), kColumnLimit);
    if (!cut.found()) break;
    out += rest.substr(0, cut.end) + (cut.literal ? "\"\n" : "\n");
    rest = continuation + (cut.literal ? "\"" : "") + rest.substr(cut.resume);
    text = continuation.size();
  }
  return out + rest;
}

void Printer::put(std::string_view text) {
  for (const char c : text) {
    if (c == '\n') {
      if (out_.size() - line_start_ > kColumnLimit) {
        const std::string line = fit_line(std::string_view{out_}.substr(line_start_));
        out_.resize(line_start_);
        out_ += line;
      }
      out_ += c;
      line_start_ = out_.size();
      at_line_start_ = true;
      continue;
    }
    if (at_line_start_) out_.append(static_cast<std::size_t>(indent_), ' ');
    out_ += c;
    at_line_start_ = false;
  }
}

namespace {

// The line `prefix` + `items` + `tail`, starting at column `column` (`indent` of it the line's
// indentation, which the printer adds to each line): the items on one line if they fit, else
// wrapped under the first, else from the next line on, 4 columns in.
std::string lay_out_list(std::string_view prefix, const std::vector<std::string>& items, std::string_view tail,
                         std::size_t column, std::size_t indent) {
  if (items.empty()) return std::string{prefix} + std::string{tail};
  std::string one_line;
  std::size_t longest = 0;
  for (const std::string& item : items) {
    one_line += (one_line.empty() ? "" : ", ") + item;
    longest = std::max(longest, item.size() + 1);
  }
  if (column + prefix.size() + one_line.size() + tail.size() <= kColumnLimit)
    return std::string{prefix} + one_line + std::string{tail};
  // Wrapped from `start` on, each line continued at `start`.
  const auto wrapped = [&](std::size_t start) {
    std::string out;
    std::size_t at = start;
    for (std::size_t i = 0; i < items.size(); ++i) {
      const bool last = i + 1 == items.size();
      const std::size_t size = items[i].size() + (last ? tail.size() : 1);
      if (i > 0 && at + 1 + size > kColumnLimit) {
        out += "\n" + std::string(start - indent, ' ');
        at = start;
      } else if (i > 0) {
        out += ' ';
        ++at;
      }
      out += items[i] + (last ? "" : ",");
      at += size;
    }
    return out;
  };
  const std::size_t aligned = column + prefix.size();
  if (aligned + std::max(longest, items.back().size() + tail.size()) <= kColumnLimit)
    return std::string{prefix} + wrapped(aligned) + std::string{tail};
  const std::size_t leading = prefix.find_first_not_of(' ');
  const std::size_t next = indent + (leading == std::string_view::npos ? 0 : leading) + 4;
  return std::string{prefix} + "\n" + std::string(next - indent, ' ') + wrapped(next) + std::string{tail};
}

}  // namespace

void Printer::print(std::string_view text, Vars vars, Lists lists) {
  // Lists are laid out once their line is whole: until then a mark, \x01 and '0' + their index.
  std::string expanded;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '$') {
      expanded += text[i];
      continue;
    }
    const std::size_t end = text.find('$', i + 1);
    if (end == std::string_view::npos) throw std::logic_error("unterminated $ in printer template");
    const std::string_view name = text.substr(i + 1, end - i - 1);
    i = end;
    if (name.empty()) {
      expanded += '$';
      continue;
    }
    const auto var = std::find_if(vars.begin(), vars.end(), [&](const auto& entry) { return entry.first == name; });
    const auto list = std::find_if(lists.begin(), lists.end(), [&](const auto& entry) { return entry.first == name; });
    if (var != vars.end())
      expanded += var->second;
    else if (list != lists.end())
      expanded += {'\x01', static_cast<char>('0' + (list - lists.begin()))};
    else
      throw std::logic_error("printer variable $" + std::string{name} + "$ has no value");
  }
  if (lists.size() == 0) return put(expanded);
  for (std::size_t start = 0; start < expanded.size();) {
    const std::size_t end = std::min(expanded.find('\n', start), expanded.size());
    const std::string_view line = std::string_view{expanded}.substr(start, end - start);
    const std::size_t mark = line.find('\x01');
    if (mark == std::string_view::npos) {
      put(line);
    } else {
      if (line.find('\x01', mark + 2) != std::string_view::npos)
        throw std::logic_error("two list variables on one printer line");
      const auto indent = static_cast<std::size_t>(indent_);
      put(lay_out_list(line.substr(0, mark), (lists.begin() + (line[mark + 1] - '0'))->second, line.substr(mark + 2),
                       at_line_start_ ? indent : out_.size() - line_start_, indent));
    }
    if (end < expanded.size()) put("\n");
    start = end + 1;
  }
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
    put("/// " + line + "\n");  // wrapped at the column limit as it is written
  }
}

}  // namespace zoom::codegen
