// The command line of zoom-phone, parsed into what the export needs. Pure: no I/O.
#pragma once

#include <zoom/credentials.hpp>
#include <zoom/phone/call_logs.hpp>

#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace zoom::cli {

enum class Format { jsonl, csv, table };

struct Options {
  bool help = false;
  bool version = false;
  std::string user;
  phone::ListUserCallLogsParams params;
  Format format = Format::jsonl;
  std::optional<Credentials> credentials;  // empty (and no URL given): use the built-in sandbox
  bool urls_given = false;                 // --base-url or --oauth-url was given
  std::string base_url = "https://api.zoom.us/v2";
  std::string oauth_url = "https://zoom.us";
  std::string ca_file;
  int max_attempts = 5;  // per request, the first included
};

/// Thrown for a command line that cannot run; the message says what to change.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// Parses `args` (without the program name). Credentials come from the flags, else from the
/// environment (`getenv`): ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID, ZOOM_CLIENT_SECRET or ZOOM_ACCESS_TOKEN.
/// Throws UsageError.
Options parse_options(const std::vector<std::string>& args, const std::function<const char*(const char*)>& getenv);

/// `--help`.
std::string usage();

/// Whether `url` names this machine (127.0.0.0/8, ::1, localhost): plain http:// is allowed only there.
bool is_loopback_url(const std::string& url);

}  // namespace zoom::cli
