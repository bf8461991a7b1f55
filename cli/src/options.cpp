#include "options.hpp"

#include <boost/url/parse.hpp>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <fstream>
#include <map>
#include <set>

namespace zoom::cli {

std::string usage() {
  return R"(usage: zoom-phone call-logs --user ID [--user ID ...] [options]
       zoom-phone --help | --version

Exports Zoom Phone users' call logs, every page of the range, user after user.

What:
  --user ID              user id, email address, or `me`; repeat for several users
  --users-file FILE      more users, one per line (blank lines and # comments skipped)
  --from YYYY-MM-DD      first day (with --to); any range: Zoom serves a month per request, so
                         a longer one is fetched month by month, newest month first
  --to YYYY-MM-DD        last day
  --type all|missed      which calls (default all)
  --phone-number E164    only calls of this number, e.g. +12055432724
  --time-type startTime|endTime   order and window by start or end time (default startTime)
  --page-size N          records per request, 1..300 (default 300)

Output:
  --format jsonl|csv|table   jsonl: each record as Zoom sent it, unknown fields included;
                         csv: RFC 4180 with a header row, nested objects as accepted_by.name;
                         table: for people (default jsonl)
  --output FILE          write to FILE instead of standard output
  --checkpoint FILE      save the position in FILE after every page; after a failure, Ctrl-C or
                         a killed process, the same command continues where it stopped and the
                         output holds every record exactly once. Needs --output. Removed when
                         the export completes.
  --no-progress          no progress line (shown on standard error when it is a terminal and
                         the records do not go to the same terminal)

Speed:
  --concurrency N        months or users fetched at once, 1..16 (default 4); records stay in order
  --plan pro|business    keep under the per-second and daily limits of this Zoom plan
                         (default: no limit of our own; Zoom's 429 answers are waited out)
  --max-attempts N       tries per request when Zoom or the network fails transiently (default 5)

Where and who:
  --base-url URL         API base (default https://api.zoom.us/v2); operation paths are appended
  --oauth-url URL        OAuth server (default https://zoom.us); /oauth/token is appended
  --ca-file FILE         trust this CA (PEM) as well as the system's
  --account-id ID --client-id ID --client-secret SECRET
                         Server-to-Server OAuth (default: $ZOOM_ACCOUNT_ID, $ZOOM_CLIENT_ID,
                         $ZOOM_CLIENT_SECRET; prefer the environment: flags show in `ps`)
  --access-token TOKEN   a ready token (default: $ZOOM_ACCESS_TOKEN)
With no credentials at all, zoom-phone starts its built-in sandbox (a Zoom look-alike server
with synthetic data) and says so on standard error. Plain http:// URLs are accepted only for
this machine (localhost, 127.0.0.1, ::1).

Exit codes:
  0    every record written
  1    Zoom, the network or the output failed (the message is on standard error); with
       --checkpoint, run the same command again to continue
  2    bad command line
  3    the checkpoint belongs to another command, or its output file was changed
  130  interrupted (SIGINT or SIGTERM); with --checkpoint, run the same command again to continue
)";
}

namespace {

Date parse_day(const std::string& flag, const std::string& value) {
  const auto date = parse_date(value);
  if (!date || value.size() != 10) throw UsageError(flag + " '" + value + "' is not a date (YYYY-MM-DD)");
  return *date;
}

void check_unique(const std::vector<std::string>& users) {
  std::set<std::string> seen;
  for (const auto& user : users)
    if (!seen.insert(user).second) throw UsageError("user '" + user + "' is named twice; each user is exported once");
}

int parse_int(const std::string& flag, const std::string& value, int min, int max) {
  int number = 0;
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), number);
  if (ec != std::errc{} || end != value.data() + value.size() || number < min || number > max)
    throw UsageError(flag + " '" + value + "' is not a number from " + std::to_string(min) + " to " + std::to_string(max));
  return number;
}

template <class E>
Enum<E> parse_enum(const std::string& flag, const std::string& value) {
  const Enum<E> parsed = Enum<E>::from_wire(value);
  if (parsed.known()) return parsed;
  std::string allowed;
  for (const auto& entry : zoom_enum_values(E{})) allowed += (allowed.empty() ? "" : ", ") + std::string{entry.wire};
  throw UsageError(flag + " '" + value + "' is not one of " + allowed);
}

}  // namespace

void read_users_file(Options& options) {
  if (options.users_file.empty()) return;
  std::ifstream in(options.users_file);
  if (!in) throw UsageError("--users-file '" + options.users_file + "' cannot be read: " + std::strerror(errno));
  for (std::string line; std::getline(in, line);) {
    const auto first = line.find_first_not_of(" \t\r");
    if (first == std::string::npos || line[first] == '#') continue;
    const auto last = line.find_last_not_of(" \t\r");
    options.users.push_back(line.substr(first, last - first + 1));
  }
  if (options.users.empty()) throw UsageError("--users-file '" + options.users_file + "' names no user");
  check_unique(options.users);
}

bool is_loopback_url(const std::string& url) {
  const auto parsed = boost::urls::parse_absolute_uri(url);
  if (!parsed) return false;
  switch (parsed->host_type()) {
    case boost::urls::host_type::ipv4: return parsed->host_ipv4_address().is_loopback();
    case boost::urls::host_type::ipv6: return parsed->host_ipv6_address().is_loopback();
    case boost::urls::host_type::name: return parsed->host_name() == "localhost";
    default: return false;
  }
}

Options parse_options(const std::vector<std::string>& args, const std::function<const char*(const char*)>& getenv) {
  Options options;
  options.params.page_size = 300;
  std::map<std::string, std::string> secrets;  // credential flags, combined with the environment below
  std::optional<std::string> command;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--help" || arg == "-h") {
      options.help = true;
      return options;
    }
    if (arg == "--version") {
      options.version = true;
      return options;
    }
    if (arg.rfind("--", 0) != 0) {
      if (command) throw UsageError("unexpected argument '" + arg + "'");
      command = arg;
      continue;
    }
    if (arg == "--no-progress") {
      options.progress = false;
      continue;
    }
    if (i + 1 >= args.size()) throw UsageError(arg + " needs a value");
    const std::string& value = args[++i];
    if (arg == "--user") options.users.push_back(value);
    else if (arg == "--users-file") options.users_file = value;
    else if (arg == "--output") options.output = value;
    else if (arg == "--checkpoint") options.checkpoint = value;
    else if (arg == "--concurrency") options.concurrency = static_cast<std::size_t>(parse_int(arg, value, 1, 16));
    else if (arg == "--plan") {
      if (value == "pro") options.rate_limits = RateLimits::pro();
      else if (value == "business") options.rate_limits = RateLimits::business();
      else throw UsageError("--plan '" + value + "' is not one of pro, business");
    }
    else if (arg == "--from") options.params.from = parse_day(arg, value);
    else if (arg == "--to") options.params.to = parse_day(arg, value);
    else if (arg == "--type") options.params.type = parse_enum<phone::CallLogFilter>(arg, value);
    else if (arg == "--phone-number") options.params.phone_number = value;
    else if (arg == "--time-type") options.params.time_type = parse_enum<phone::CallLogTimeType>(arg, value);
    else if (arg == "--page-size") options.params.page_size = parse_int(arg, value, 1, 300);
    else if (arg == "--format") {
      if (value == "jsonl") options.format = Format::jsonl;
      else if (value == "csv") options.format = Format::csv;
      else if (value == "table") options.format = Format::table;
      else throw UsageError("--format '" + value + "' is not one of jsonl, csv, table");
    } else if (arg == "--base-url" || arg == "--oauth-url") {
      (arg == "--base-url" ? options.base_url : options.oauth_url) = value;
      options.urls_given = true;
    }
    else if (arg == "--ca-file") options.ca_file = value;
    else if (arg == "--max-attempts") options.max_attempts = parse_int(arg, value, 1, 100);
    else if (arg == "--account-id" || arg == "--client-id" || arg == "--client-secret" || arg == "--access-token")
      secrets[arg] = value;
    else throw UsageError("unknown option '" + arg + "'");
  }
  if (!command) throw UsageError("no command: try `zoom-phone call-logs --user me`");
  if (*command != "call-logs") throw UsageError("unknown command '" + *command + "' (the command is call-logs)");
  if (options.users.empty() && options.users_file.empty())
    throw UsageError("--user is required (a user id, an email address, or me)");
  check_unique(options.users);
  if (!options.checkpoint.empty() && options.output.empty())
    throw UsageError("--checkpoint needs --output FILE: the checkpoint records how much of that file is complete");
  if (!options.checkpoint.empty() && options.checkpoint == options.output)
    throw UsageError("--checkpoint and --output must be different files");
  if (options.params.from.has_value() != options.params.to.has_value())
    throw UsageError("--from and --to go together");
  if (options.params.from && *options.params.to < *options.params.from) throw UsageError("--to is before --from");

  const auto pick = [&](const char* flag, const char* variable) -> std::string {
    if (const auto it = secrets.find(flag); it != secrets.end()) return it->second;
    const char* value = getenv(variable);
    return value ? value : "";
  };
  const std::string account = pick("--account-id", "ZOOM_ACCOUNT_ID");
  const std::string client = pick("--client-id", "ZOOM_CLIENT_ID");
  const std::string secret = pick("--client-secret", "ZOOM_CLIENT_SECRET");
  const std::string token = pick("--access-token", "ZOOM_ACCESS_TOKEN");
  if (!account.empty() || !client.empty() || !secret.empty()) {
    if (account.empty() || client.empty() || secret.empty())
      throw UsageError("Server-to-Server OAuth needs all of the account id, client id and client secret "
                       "(ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID, ZOOM_CLIENT_SECRET or the flags); one is missing");
    options.credentials = ServerToServerOAuth{account, client, secret};
  } else if (!token.empty()) {
    options.credentials = BearerToken{token};
  }
  if (!options.credentials && options.urls_given)
    throw UsageError("no credentials for " + options.base_url + ": set ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and "
                     "ZOOM_CLIENT_SECRET, or ZOOM_ACCESS_TOKEN (or the flags)");
  for (const std::string* url : {&options.base_url, &options.oauth_url})
    if (url->rfind("http://", 0) == 0 && !is_loopback_url(*url))
      throw UsageError("'" + *url + "' is plain http:// to another machine, which would send credentials "
                       "unencrypted; use https://");
  return options;
}

}  // namespace zoom::cli
