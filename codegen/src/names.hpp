// C++ names from spec names: `startTime` -> `start_time`, `call_logs` -> `CallLogs`, with
// keywords and non-identifiers made valid.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace zoom::codegen {

/// snake_case identifier: splits camelCase and any non-alphanumeric run; `class` -> `class_`,
/// `2fa` -> `_2fa`; never empty.
std::string snake_case(std::string_view name);

/// PascalCase identifier: `call_logs` -> `CallLogs`, `listUserCallLogs` -> `ListUserCallLogs`.
std::string pascal_case(std::string_view name);

/// `text` as a C++ string literal: quoted, with `"` and `\` escaped.
std::string cpp_string_literal(std::string_view text);

/// `items` separated by ", ".
std::string join(const std::vector<std::string>& items);

/// Whether `list` holds `item`.
bool has(const std::vector<std::string>& list, const std::string& item);

/// `get` -> `GET`.
std::string upper_case(std::string_view text);

/// Whether `name` is a C++ keyword (or alternative token) and so cannot name a member.
bool is_cpp_keyword(std::string_view name);

}  // namespace zoom::codegen
