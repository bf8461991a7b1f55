#include "names.hpp"

#include <algorithm>
#include <iterator>
#include <cctype>
#include <vector>

namespace zoom::codegen {
namespace {

bool is_alnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }
bool is_upper(char c) { return std::isupper(static_cast<unsigned char>(c)) != 0; }
bool is_lower_or_digit(char c) {
  return std::islower(static_cast<unsigned char>(c)) != 0 || std::isdigit(static_cast<unsigned char>(c)) != 0;
}
char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }
char upper(char c) { return static_cast<char>(std::toupper(static_cast<unsigned char>(c))); }

// The words of a name: `listUserCallLogs` -> list user call logs; `HTTPServer` -> http server;
// `call_logs-v2` -> call logs v2.
std::vector<std::string> words(std::string_view name) {
  std::vector<std::string> out;
  std::string word;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    if (!is_alnum(c)) {
      if (!word.empty()) out.push_back(std::move(word));
      word.clear();
      continue;
    }
    const bool boundary = !word.empty() && is_upper(c) &&
                          (is_lower_or_digit(name[i - 1]) ||
                           (i + 1 < name.size() && std::islower(static_cast<unsigned char>(name[i + 1]))));
    if (boundary) {
      out.push_back(std::move(word));
      word.clear();
    }
    word += lower(c);
  }
  if (!word.empty()) out.push_back(std::move(word));
  return out;
}

constexpr std::string_view keywords[] = {
    "alignas", "alignof", "and", "and_eq", "asm", "auto", "bitand", "bitor", "bool", "break",
    "case", "catch", "char", "char8_t", "char16_t", "char32_t", "class", "compl", "concept", "const",
    "consteval", "constexpr", "constinit", "const_cast", "continue", "co_await", "co_return",
    "co_yield", "decltype", "default", "delete", "do", "double", "dynamic_cast", "else", "enum",
    "explicit", "export", "extern", "false", "float", "for", "friend", "goto", "if", "inline", "int",
    "long", "mutable", "namespace", "new", "noexcept", "not", "not_eq", "nullptr", "operator", "or",
    "or_eq", "private", "protected", "public", "register", "reinterpret_cast", "requires", "return",
    "short", "signed", "sizeof", "static", "static_assert", "static_cast", "struct", "switch",
    "template", "this", "thread_local", "throw", "true", "try", "typedef", "typeid", "typename",
    "union", "unsigned", "using", "virtual", "void", "volatile", "wchar_t", "while", "xor", "xor_eq",
    // not keywords, but names a generated member must not take
    "errno", "assert", "NULL", "EOF"};

}  // namespace

bool is_cpp_keyword(std::string_view name) {
  return std::find(std::begin(keywords), std::end(keywords), name) != std::end(keywords);
}

std::string cpp_string_literal(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string upper_case(std::string_view text) {
  std::string out{text};
  for (char& c : out) c = upper(c);
  return out;
}

std::string snake_case(std::string_view name) {
  std::string out;
  for (const std::string& word : words(name)) {
    if (!out.empty()) out += '_';
    out += word;
  }
  if (out.empty()) return "value_";
  if (std::isdigit(static_cast<unsigned char>(out[0]))) out.insert(0, "_");
  if (is_cpp_keyword(out)) out += '_';
  return out;
}

std::string pascal_case(std::string_view name) {
  std::string out;
  for (std::string word : words(name)) {
    word[0] = upper(word[0]);
    out += word;
  }
  if (out.empty()) return "Value";
  if (std::isdigit(static_cast<unsigned char>(out[0]))) out.insert(0, "T");
  return out;
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

bool has(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

}  // namespace zoom::codegen
