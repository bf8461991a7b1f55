// The command line of zoom-phone, parsed into what the export needs. Pure: no I/O, except
// read_users_file.
#pragma once

#include <zoom/credentials.hpp>
#include <zoom/rate_limit.hpp>
#include <zoom/phone/call_history.hpp>
#include <zoom/phone/call_logs.hpp>

#include <chrono>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace zoom::cli {

enum class Format { jsonl, csv, table };

/// What to do: export Zoom's call history (current) or its call logs (deprecated by Zoom), or
/// print the paths of calls.
enum class Command { call_history, call_logs, call_path };

struct Options {
  bool help = false;
  bool version = false;
  Command command = Command::call_history;
  std::vector<std::string> users;  // --user, in order, then those of --users-file (read_users_file)
  std::string users_file;
  std::vector<std::string> call_ids;  // call-path: the calls, in order
  bool account = false;            // --account: the account's listing instead of users'
  // The parameters of the listings, filled from the same flags: each listing reads its own.
  phone::ListUserCallHistoryParams history;             // call-history of users
  phone::ListAccountCallHistoryParams account_history;  // call-history --account (the same filters)
  phone::ListUserCallLogsParams logs;                   // call-logs of users
  phone::ListAccountCallLogsParams account_logs;        // call-logs --account (some shared, some its own)
  bool sandbox = false;            // --sandbox: the built-in sandbox and its synthetic data
  Format format = Format::jsonl;
  std::string output;      // --output FILE; empty: standard output
  std::string checkpoint;  // --checkpoint FILE (needs --output)
  std::string state;       // --state FILE: an incremental export
  std::chrono::seconds look_back{std::chrono::days{1}};  // --look-back: how far a later run re-reads
  std::size_t concurrency = 4;
  RateLimits rate_limits = RateLimits::unlimited();  // --plan pro|business
  bool progress = true;    // false: --no-progress
  std::optional<Credentials> credentials;  // empty only with --sandbox
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
/// environment (`getenv`): ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID, ZOOM_CLIENT_SECRET or ZOOM_ACCESS_TOKEN;
/// without any (and without --sandbox) it throws UsageError naming them, so that nothing is
/// exported from the wrong place. Throws UsageError.
Options parse_options(const std::vector<std::string>& args, const std::function<const char*(const char*)>& getenv);

/// Sets the range (`from`, `to`) of every listing's parameters: users' and the account's, call
/// history and call logs.
void set_range(Options& options, const std::optional<DateOrTime>& from, const std::optional<DateOrTime>& to);

/// Appends the users of `options.users_file` (one per line; blank lines and lines starting with
/// `#` are skipped) to `options.users`. Throws UsageError when the file cannot be read or names no
/// user, or a user appears twice.
void read_users_file(Options& options);

/// Exit codes of zoom-phone (listed in --help).
enum ExitCode : int {
  exit_ok = 0,           // every record written
  exit_failed = 1,       // Zoom, the network or the output failed; with --checkpoint, run again to continue
  exit_usage = 2,        // bad command line, no credentials, or no zoom-sandbox for --sandbox
  exit_checkpoint = 3,   // the checkpoint belongs to another command, or its output was changed
  exit_interrupted = 130 // SIGINT or SIGTERM; with --checkpoint, run again to continue
};

/// `--help`.
std::string usage();

/// Whether `url` names this machine (127.0.0.0/8, ::1, localhost): plain http:// is allowed only there.
bool is_loopback_url(const std::string& url);

}  // namespace zoom::cli
