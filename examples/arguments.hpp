// arguments.hpp: the command line of the examples, one small helper they share (header-only,
// standard C++ only: copy it with the example you copy).
//
// An example binds each option to a variable of its settings, a value (`--port 8080`) or a flag
// (`--allow-plain-http`), optionally with an environment variable as its default, then reads argv:
//
//   Settings parse(int argc, char** argv) {
//     Settings s;
//     std::string port;
//     examples::Arguments{}
//         .value("--port", port)
//         .value("--user", s.user, "ZOOM_USER")
//         .zoom_server(s.base_url, s.oauth_url, s.ca_file, s.allow_plain_http)
//         .parse(argc, argv);
//     // ...check the values, throw examples::UsageError{"..."} for a bad one...
//     return s;
//   }
//
//   int main(int argc, char** argv) {
//     const Settings settings = examples::read_command_line("my_program", usage, argc, argv, parse);
//     ...
//
// read_command_line answers --help and usage errors itself: it prints, and exits 0 or 2.
#pragma once

#include <charconv>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

namespace examples {

/// A bad command line: read_command_line prints the message and the usage, and exits 2.
struct UsageError {
  std::string message;
};

/// The environment variable `name`, or `fallback` when it is unset or empty.
inline std::string from_env(const std::string& name, std::string fallback = {}) {
  const char* value = std::getenv(name.c_str());
  return value && *value ? value : fallback;
}

/// `text` as a whole number of type Number; nullopt when it is not one, or out of its range.
template <class Number>
std::optional<Number> number(std::string_view text) {
  Number value{};
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

/// The options of a program, each bound to a variable that outlives parse().
class Arguments {
 public:
  /// `--name VALUE` stores VALUE in `target`. With `env`, that environment variable, when set and
  /// not empty, is stored now, as the default: the command line has the last word.
  Arguments& value(const std::string& name, std::string& target, const char* env = nullptr) {
    if (env) target = from_env(env, target);
    values_[name] = &target;
    return *this;
  }

  /// `--name` sets `target` to true; with `env`, so does that environment variable set to "1".
  Arguments& flag(const std::string& name, bool& target, const char* env = nullptr) {
    if (env && from_env(env) == "1") target = true;
    flags_[name] = &target;
    return *this;
  }

  /// --account-id, --client-id and --client-secret: a Server-to-Server OAuth app [ZOOM_ACCOUNT_ID,
  /// ZOOM_CLIENT_ID, ZOOM_CLIENT_SECRET].
  Arguments& server_to_server_app(std::string& account_id, std::string& client_id, std::string& client_secret) {
    return value("--account-id", account_id, "ZOOM_ACCOUNT_ID")
        .value("--client-id", client_id, "ZOOM_CLIENT_ID")
        .value("--client-secret", client_secret, "ZOOM_CLIENT_SECRET");
  }

  /// --base-url, --oauth-url, --ca-file and --allow-plain-http: where Zoom is (or a sandbox)
  /// [ZOOM_BASE_URL, ZOOM_OAUTH_URL, ZOOM_CA_FILE, ZOOM_ALLOW_PLAIN_HTTP=1].
  Arguments& zoom_server(std::string& base_url, std::string& oauth_url, std::string& ca_file, bool& allow_plain_http) {
    return value("--base-url", base_url, "ZOOM_BASE_URL")
        .value("--oauth-url", oauth_url, "ZOOM_OAUTH_URL")
        .value("--ca-file", ca_file, "ZOOM_CA_FILE")
        .flag("--allow-plain-http", allow_plain_http, "ZOOM_ALLOW_PLAIN_HTTP");
  }

  /// Reads argv[1], argv[2], ... into the variables. Throws UsageError for an unknown option, or
  /// a value option at the end without its value.
  void parse(int argc, char** argv) const {
    for (int i = 1; i < argc; ++i) {
      const std::string_view arg = argv[i];
      if (const auto flag = flags_.find(arg); flag != flags_.end()) {
        *flag->second = true;
      } else if (const auto value = values_.find(arg); value != values_.end()) {
        if (i + 1 == argc) throw UsageError{std::string{arg} + " needs a value"};
        *value->second = argv[++i];
      } else {
        throw UsageError{"unknown option " + std::string{arg}};
      }
    }
  }

 private:
  std::map<std::string, std::string*, std::less<>> values_;
  std::map<std::string, bool*, std::less<>> flags_;
};

/// The settings `parse(argc, argv)` makes of the command line, unless it asks for help or is wrong:
/// --help anywhere prints `usage` and where the options are described (the comment at the top of
/// `program`.cpp), and exits 0; a UsageError prints its message and `usage`, and exits 2.
template <class Parse>
auto read_command_line(std::string_view program, std::string_view usage, int argc, char** argv, Parse parse) {
  for (int i = 1; i < argc; ++i)
    if (std::string_view{argv[i]} == "--help") {
      std::cout << usage << "(options and their environment variables: see the comment at the top of " << program
                << ".cpp)\n";
      std::exit(0);
    }
  try {
    return parse(argc, argv);
  } catch (const UsageError& e) {
    std::cerr << program << ": " << e.message << "\n" << usage;
    std::exit(2);
  }
}

}  // namespace examples
