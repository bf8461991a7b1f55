#include "options.hpp"

#include "state.hpp"

#include <boost/url/parse.hpp>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <fstream>
#include <map>
#include <set>

namespace zoom::cli {

std::string usage() {
  return R"(usage: zoom-phone call-history (--user ID ... | --users-file FILE | --account) [options]
       zoom-phone call-logs    (--user ID ... | --users-file FILE | --account) [options]
       zoom-phone call-path ID... [--format jsonl|table] [--output FILE] [who and where]
       zoom-phone listen --port N [--address ADDRESS] [--path PATH] [--secret-token-env NAME]
                         [--format jsonl|table]
       zoom-phone --help | --version

Exports Zoom Phone call records, every page of the range: call history (Zoom's current API), or
call logs (deprecated by Zoom, which has announced their end of life for 2026). call-path prints
the legs of calls (each leg as Zoom sent it, or a table). listen receives the events Zoom posts to
an app's webhook endpoint, answers its URL validation and prints each verified event (the secret
token from $ZOOM_WEBHOOK_SECRET_TOKEN); its flags and exit codes: zoom-phone listen --help.

Whose:
  --user ID              user id, email address, or `me`; repeat for several users
  --users-file FILE      more users, one per line (blank lines and # comments skipped)
  --account              the whole account in one listing (needs an admin app): one request per
                         page of records, not one per user and month

When:
  --from DATE|TIME       start, YYYY-MM-DD or a UTC time YYYY-MM-DDTHH:MM:SSZ (with --to); any
                         range: Zoom serves a month per request, so a longer one is fetched month
                         by month, newest month first. Without --from: the last 24 hours
  --to DATE|TIME         end, in either form (a date includes the whole day)
  --page-size N          records per request, 1..300 (default 300)

call-history filters (each repeatable flag sends the parameter once per value):
  --direction inbound|outbound            --connect-type internal|external
  --number-type TYPE     zoom_pstn, external_pstn, byoc, byop, ... (Zoom's list)
  --call-type general|emergency           --extension-type TYPE (user, call_queue, ...)
  --call-result RESULT   answered, connected, voicemail, hang_up, no_answer, ... (Zoom's list)
  --group-id ID          --site-id ID
  --keyword TEXT         name, extension, number, email or call id
  --department NAME      --cost-center NAME
  --time-type start_time|end_time         window and order by start or end time (Zoom's
                         default: start_time)
  --recording-status recorded|non_recorded   without it nothing is sent and Zoom applies its own
                         default, which its reference gives as recorded for --account: to be
                         sure of every call there, export recorded and non_recorded apart

call-logs filters:
  --type all|missed      which calls (Zoom's default: all)
  --phone-number E164    only calls of this number, e.g. +12055432724 (users only)
  --time-type startTime|endTime   window and order by start or end time (Zoom's default: startTime)
  --path PATH            --site-id ID           --charged-only     (--account only)

Output:
  --format jsonl|csv|table   jsonl: each record as Zoom sent it, unknown fields included;
                         csv: RFC 4180 with a header row, nested objects as accepted_by.name;
                         table: for people (default jsonl)
  --output FILE          write to FILE instead of standard output
  --checkpoint FILE      save the position in FILE after every page; after a failure, Ctrl-C or
                         a killed process, the same command continues where it stopped and the
                         output holds every record exactly once. Needs --output. Removed when
                         the export completes.
  --state FILE           an incremental export, for a daily job: the first run reads from --from
                         to --to (default: now); each later run of the same command (only --to
                         may change) reads only what is new since the previous run, re-reading a
                         look-back for records Zoom adds late and leaving out the ids already
                         written. Saved atomically when a run completes; a run that failed is
                         finished first (with --checkpoint, continuing its output)
  --look-back DURATION   how far a later run re-reads, e.g. 1d, 12h, 30m (default 1d)
  --no-progress          no progress line (shown on standard error when it is a terminal and
                         the records do not go to the same terminal)

Speed:
  --concurrency N        months of a user fetched at once, 1..16 (default 4); records stay in order
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
  --sandbox              no Zoom at all: start the built-in sandbox, the program zoom-sandbox (a
                         Zoom look-alike server, beside zoom-phone or on the PATH), as a child
                         process and export its synthetic data; said on standard error
Without credentials and without --sandbox nothing is exported (exit code 2). Plain http:// URLs
are accepted only for this machine (localhost, 127.0.0.1, ::1).

Exit codes:
  0    every record written
  1    Zoom, the network or the output failed (the message is on standard error); with
       --checkpoint, run the same command again to continue
  2    bad command line, or no credentials, or --sandbox without the program zoom-sandbox
  3    the checkpoint or the state file belongs to another command, or the output file was changed
  130  interrupted (SIGINT or SIGTERM); with --checkpoint, run the same command again to continue
)";
}

namespace {

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

void set_range(Options& options, const std::optional<DateOrTime>& from, const std::optional<DateOrTime>& to) {
  options.history.from = options.account_history.from = options.logs.from = options.account_logs.from = from;
  options.history.to = options.account_history.to = options.logs.to = options.account_logs.to = to;
}

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

namespace {

// Flags that stand alone.
bool is_switch(const std::string& flag) {
  return flag == "--no-progress" || flag == "--account" || flag == "--sandbox" || flag == "--charged-only";
}

// Flags that take a value (which command takes which is checked once the command is known).
bool takes_value(const std::string& flag) {
  static const std::set<std::string> flags{
      "--user", "--users-file", "--output", "--checkpoint", "--state", "--look-back", "--concurrency", "--plan",
      "--from", "--to", "--page-size", "--format", "--base-url", "--oauth-url", "--ca-file", "--max-attempts",
      "--account-id", "--client-id", "--client-secret", "--access-token",
      // call-history
      "--direction", "--connect-type", "--number-type", "--call-type", "--extension-type", "--call-result",
      "--group-id", "--site-id", "--keyword", "--department", "--cost-center", "--time-type", "--recording-status",
      // call-logs
      "--type", "--phone-number", "--path"};
  return flags.count(flag) > 0;
}

template <class E>
void add_enum(std::vector<Enum<E>>& out, const std::string& flag, const std::string& value) {
  out.push_back(parse_enum<E>(flag, value));
}

template <class E>
void set_enum(std::optional<Enum<E>>& out, const std::string& flag, const std::string& value) {
  out = parse_enum<E>(flag, value);
}

// A flag of `call-history`'s filters; false when it is none of them. The users' listing and the
// account's take the same filters.
template <class Params>
bool history_flag(Params& p, const std::string& flag, const std::string& value) {
  if (flag == "--direction") add_enum(p.directions, flag, value);
  else if (flag == "--connect-type") add_enum(p.connect_types, flag, value);
  else if (flag == "--number-type") add_enum(p.number_types, flag, value);
  else if (flag == "--call-type") add_enum(p.call_types, flag, value);
  else if (flag == "--extension-type") add_enum(p.extension_types, flag, value);
  else if (flag == "--call-result") add_enum(p.call_results, flag, value);
  else if (flag == "--group-id") p.group_ids.push_back(value);
  else if (flag == "--site-id") p.site_ids.push_back(value);
  else if (flag == "--keyword") p.keyword = value;
  else if (flag == "--department") p.department = value;
  else if (flag == "--cost-center") p.cost_center = value;
  else if (flag == "--time-type") set_enum(p.time_type, flag, value);
  else if (flag == "--recording-status") set_enum(p.recording_status, flag, value);
  else return false;
  return true;
}

// A flag of `call-logs`' filters; false when it is none of them. Some filter both the users'
// listing and the account's, some only one of them.
bool logs_flag(Options& options, const std::string& flag, const std::string& value) {
  phone::ListUserCallLogsParams& user = options.logs;
  phone::ListAccountCallLogsParams& account = options.account_logs;
  if (flag == "--type") {
    set_enum(user.type, flag, value);
    set_enum(account.type, flag, value);
  } else if (flag == "--time-type") {
    set_enum(user.time_type, flag, value);
    set_enum(account.time_type, flag, value);
  } else if (flag == "--phone-number") user.phone_number = value;
  else if (flag == "--path") account.path = value;
  else if (flag == "--site-id") account.site_id = value;
  else return false;
  return true;
}

DateOrTime parse_bound(const std::string& flag, const std::string& value) {
  const auto bound = parse_date_or_time(value);
  const bool shaped = value.size() == 10 || (value.size() == 20 && value[10] == 'T' && value.back() == 'Z');
  if (!bound || !shaped)
    throw UsageError(flag + " '" + value + "' is not a date (YYYY-MM-DD) or a UTC time (YYYY-MM-DDTHH:MM:SSZ)");
  return *bound;
}

std::optional<Credentials> credentials_of(const std::map<std::string, std::string>& flags,
                                          const std::function<const char*(const char*)>& getenv) {
  const auto pick = [&](const char* flag, const char* variable) -> std::string {
    if (const auto it = flags.find(flag); it != flags.end()) return it->second;
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
    return ServerToServerOAuth{account, client, secret};
  }
  if (!token.empty()) return BearerToken{token};
  return std::nullopt;
}

}  // namespace

Options parse_options(const std::vector<std::string>& args, const std::function<const char*(const char*)>& getenv) {
  Options options;
  std::optional<std::string> command;
  std::vector<std::pair<std::string, std::string>> flags;  // in order, applied once the command is known
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
      // Not echoed: a stray argument may be a secret whose flag was mistyped.
      if (!command) command = arg;
      else if (*command == "call-path") options.call_ids.push_back(arg);
      else throw UsageError("unexpected argument number " + std::to_string(i + 1) + " (after the command, give flags)");
      continue;
    }
    if (is_switch(arg)) {
      flags.emplace_back(arg, "");
      continue;
    }
    if (!takes_value(arg)) throw UsageError("unknown option '" + arg + "'");
    // A value never starts with `--`: that is the next flag, which must not become this one's value.
    if (i + 1 >= args.size() || args[i + 1].rfind("--", 0) == 0) throw UsageError(arg + " needs a value");
    flags.emplace_back(arg, args[i + 1]);
    ++i;
  }
  if (!command) throw UsageError("no command: try `zoom-phone call-history --user me`");
  if (*command == "call-history") options.command = Command::call_history;
  else if (*command == "call-logs") options.command = Command::call_logs;
  else if (*command == "call-path") options.command = Command::call_path;
  else if (*command == "listen") throw UsageError("listen comes first, then its flags: zoom-phone listen --port N");
  else throw UsageError("unknown command '" + *command + "' (the commands are call-history, call-logs and call-path)");
  const bool history = options.command == Command::call_history;
  const bool logs = options.command == Command::call_logs;

  std::optional<DateOrTime> from, to;
  std::optional<std::int32_t> page_size = 300;  // the most Zoom serves: the fewest requests
  std::map<std::string, std::string> secrets;   // credential flags, combined with the environment below
  for (const auto& [arg, value] : flags) {
    if (arg == "--no-progress") options.progress = false;
    else if (arg == "--account") options.account = true;
    else if (arg == "--sandbox") options.sandbox = true;
    else if (arg == "--charged-only" && logs) options.account_logs.charged_call_logs = true;
    else if (arg == "--user") options.users.push_back(value);
    else if (arg == "--users-file") options.users_file = value;
    else if (arg == "--output") options.output = value;
    else if (arg == "--checkpoint") options.checkpoint = value;
    else if (arg == "--state") options.state = value;
    else if (arg == "--look-back") {
      const auto look_back = parse_look_back(value);
      if (!look_back) throw UsageError("--look-back '" + value + "' is not a duration such as 1d, 12h or 30m");
      options.look_back = *look_back;
    }
    else if (arg == "--concurrency") options.concurrency = static_cast<std::size_t>(parse_int(arg, value, 1, 16));
    else if (arg == "--plan") {
      if (value == "pro") options.rate_limits = RateLimits::pro();
      else if (value == "business") options.rate_limits = RateLimits::business();
      else throw UsageError("--plan '" + value + "' is not one of pro, business");
    }
    else if (arg == "--from") from = parse_bound(arg, value);
    else if (arg == "--to") to = parse_bound(arg, value);
    else if (arg == "--page-size") page_size = parse_int(arg, value, 1, 300);
    else if (history ? history_flag(options.history, arg, value) && history_flag(options.account_history, arg, value)
                     : logs && logs_flag(options, arg, value))
      continue;
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
    else throw UsageError("unknown option '" + arg + "' for " + *command);
  }
  set_range(options, from, to);
  options.history.page_size = options.account_history.page_size = page_size;
  options.logs.page_size = options.account_logs.page_size = page_size;

  const bool listing = options.command != Command::call_path;
  if (!listing) {
    if (options.call_ids.empty()) throw UsageError("call-path needs the id of at least one call");
    if (options.format == Format::csv) throw UsageError("call-path writes jsonl or table, not csv");
    if (options.account || !options.users.empty() || !options.users_file.empty() || from || to ||
        !options.checkpoint.empty() || !options.state.empty())
      throw UsageError("call-path takes call ids, --format and --output: no users, range, checkpoint or state");
  }
  if (options.account && (!options.users.empty() || !options.users_file.empty()))
    throw UsageError("--account reads the whole account's listing: leave out --user and --users-file");
  if (listing && !options.account && options.users.empty() && options.users_file.empty())
    throw UsageError("--user or --account is required (a user id, an email address, or me)");
  if (logs && !options.account &&
      (options.account_logs.path || options.account_logs.site_id || options.account_logs.charged_call_logs))
    throw UsageError("--path, --site-id and --charged-only filter the account's call logs: add --account");
  if (logs && options.account && options.logs.phone_number)
    throw UsageError("--phone-number filters a user's call logs: Zoom's account listing has no such filter");
  check_unique(options.users);
  if (!options.checkpoint.empty() && options.output.empty())
    throw UsageError("--checkpoint needs --output FILE: the checkpoint records how much of that file is complete");
  if (!options.checkpoint.empty() && options.checkpoint == options.output)
    throw UsageError("--checkpoint and --output must be different files");
  if (!options.state.empty() && (options.state == options.output || options.state == options.checkpoint))
    throw UsageError("--state must be a file of its own, not the --output or the --checkpoint");
  if (from.has_value() != to.has_value() && options.state.empty()) throw UsageError("--from and --to go together");
  if (from && to && window_end(*to) < window_start(*from)) throw UsageError("--to is before --from");

  options.credentials = credentials_of(secrets, getenv);
  if (options.sandbox && (options.credentials || options.urls_given))
    throw UsageError("--sandbox exports the built-in sandbox's synthetic data: leave out credentials and URLs");
  if (!options.credentials && !options.sandbox)
    throw UsageError("no credentials: set ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET (Server-to-Server "
                     "OAuth), or ZOOM_ACCESS_TOKEN (or the flags); --sandbox exports synthetic data instead");
  for (const std::string* url : {&options.base_url, &options.oauth_url})
    if (url->rfind("http://", 0) == 0 && !is_loopback_url(*url))
      throw UsageError("'" + *url + "' is plain http:// to another machine, which would send credentials "
                       "unencrypted; use https://");
  return options;
}

}  // namespace zoom::cli
