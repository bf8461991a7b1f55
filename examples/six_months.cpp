// six_months: every call log of one user over the last six months, record by record, with
// co_await. Zoom serves at most one month per request and pages within it; the SDK's
// list_user_call_logs_items hides both (months newest first, pages in order, a few months fetched
// ahead), so the application is one loop. Prints a line per record and a summary.
//
// When Zoom or the network fails part-way, the records so far have been printed, and the program
// prints where it stopped: run it again with the same --until and `--resume <position>` within
// 15 minutes (page tokens expire) to get the rest, without a gap or a duplicate.
//
//   six_months --user me                               # Server-to-Server OAuth from the environment
//   six_months --user me --until 2026-11-15 --resume 2/17/AbCdEf
//
// Options (each also from the environment variable in brackets):
//   --user ID              whose call logs: an id, an email or "me" (default) [ZOOM_USER]
//   --until YYYY-MM-DD     the last day (default today, UTC); the range starts six months before
//   --resume POSITION      continue an interrupted run (what the failed run printed)
//   --concurrency N        months fetched at once (default 4)
//   --account-id ID        Server-to-Server OAuth app's account id [ZOOM_ACCOUNT_ID]
//   --client-id ID         its client id [ZOOM_CLIENT_ID]
//   --client-secret S      its client secret [ZOOM_CLIENT_SECRET]
//   --base-url URL         default https://api.zoom.us/v2 [ZOOM_BASE_URL]
//   --oauth-url URL        default https://zoom.us [ZOOM_OAUTH_URL]
//   --ca-file FILE         a CA to trust besides the system's, e.g. the sandbox's [ZOOM_CA_FILE]
//   --allow-plain-http     accept http:// URLs (a local sandbox only) [ZOOM_ALLOW_PLAIN_HTTP=1]
// Exit status: 0 every record printed, 1 stopped by an error (the message says why and where to
// resume), 2 bad command line.
#include "arguments.hpp"

#include <zoom/client.hpp>
#include <zoom/error.hpp>
#include <zoom/chain.hpp>
#include <zoom/phone/call_logs.hpp>
#include <zoom/time.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include <chrono>
#include <cstdint>
#include <exception>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>

// Zoom deprecated the call-logs operations in favour of call history; this program reads call
// logs on purpose (the SDK keeps them for as long as Zoom serves them).
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"

using namespace std::chrono;

namespace {

using examples::UsageError;

struct Settings {
  std::string user = "me";
  zoom::Date until{};
  zoom::ChainPosition resume{};
  std::size_t concurrency = 4;
  std::string account_id, client_id, client_secret;
  std::string base_url = "https://api.zoom.us/v2", oauth_url = "https://zoom.us", ca_file;
  bool allow_plain_http = false;
};

constexpr const char* usage =
    "usage: six_months [--user ID] [--until YYYY-MM-DD] [--resume POSITION] [--concurrency N]"
    " --account-id ID --client-id ID --client-secret S [--base-url URL] [--oauth-url URL]"
    " [--ca-file FILE] [--allow-plain-http]\n";

// A position as printed by format_position: "<segment>/<records of the page delivered>/<token>",
// or "done".
std::string format_position(const zoom::ChainPosition& p) {
  if (p.done) return "done";
  return std::to_string(p.segment) + "/" + std::to_string(p.delivered_of_page) + "/" + p.page_token.value_or("");
}

std::optional<zoom::ChainPosition> parse_position(std::string_view text) {
  if (text == "done") return zoom::ChainPosition{.segment = 0, .page_token = std::nullopt, .delivered_of_page = 0, .done = true};
  const auto first = text.find('/');
  const auto second = first == std::string_view::npos ? first : text.find('/', first + 1);
  if (second == std::string_view::npos) return std::nullopt;
  const auto segment = examples::number<std::size_t>(text.substr(0, first));
  const auto delivered = examples::number<std::size_t>(text.substr(first + 1, second - first - 1));
  if (!segment || !delivered) return std::nullopt;
  const std::string_view token = text.substr(second + 1);
  return zoom::ChainPosition{.segment = *segment,
                             .page_token = token.empty() ? std::nullopt : std::optional<std::string>{token},
                             .delivered_of_page = *delivered,
                             .done = false};
}

Settings parse(int argc, char** argv) {
  Settings s;
  s.until = year_month_day{floor<days>(system_clock::now())};
  std::string until, resume, concurrency;
  examples::Arguments{}
      .value("--user", s.user, "ZOOM_USER")
      .value("--until", until)
      .value("--resume", resume)
      .value("--concurrency", concurrency)
      .server_to_server_app(s.account_id, s.client_id, s.client_secret)
      .zoom_server(s.base_url, s.oauth_url, s.ca_file, s.allow_plain_http)
      .parse(argc, argv);
  if (!until.empty()) {
    const auto date = zoom::parse_date(until);
    if (until.size() != 10 || !date) throw UsageError{"--until: expected YYYY-MM-DD, got '" + until + "'"};
    s.until = *date;
  }
  if (!resume.empty()) {
    const auto position = parse_position(resume);
    if (!position) throw UsageError{"--resume: expected what a stopped run printed (N/N/TOKEN), got '" + resume + "'"};
    s.resume = *position;
  }
  if (!concurrency.empty()) {
    const auto n = examples::number<std::size_t>(concurrency);
    if (!n || *n == 0) throw UsageError{"--concurrency: expected a number from 1, got '" + concurrency + "'"};
    s.concurrency = *n;
  }
  if (s.account_id.empty() || s.client_id.empty() || s.client_secret.empty())
    throw UsageError{"--account-id, --client-id and --client-secret are required (or ZOOM_ACCOUNT_ID, ...)"};
  return s;
}

// Six months before `until`, as Zoom counts them; a day the month lacks (August 31 -> February
// 31) becomes the first of the next month, so the range never reaches past what Zoom keeps.
zoom::Date six_months_before(zoom::Date until) {
  const year_month_day from = until - months{6};
  if (from.ok()) return from;
  return year_month_day{from.year() / from.month() / 1} + months{1};
}

std::string hours_minutes_seconds(std::int64_t total) {
  const auto two = [](std::int64_t n) { return (n < 10 ? "0" : "") + std::to_string(n); };
  return std::to_string(total / 3600) + ":" + two(total / 60 % 60) + ":" + two(total % 60);
}

boost::asio::awaitable<int> print_six_months(zoom::Client& client, Settings settings) {
  const zoom::Date from = six_months_before(settings.until);
  std::cout << "call logs of " << settings.user << " from " << zoom::format_date(from) << " to "
            << zoom::format_date(settings.until) << '\n';
  auto logs = zoom::phone::list_user_call_logs_items(client, settings.user,
                                                     {.from = from, .to = settings.until, .page_size = 300},
                                                     {.concurrency = settings.concurrency}, settings.resume);
  std::int64_t count = 0;
  std::int64_t seconds = 0;
  std::string failure;
  try {
    while (const auto log = co_await logs.next()) {
      ++count;
      seconds += log->duration.value_or(0);
      std::cout << (log->date_time ? zoom::format_date_time(*log->date_time) : std::string{"-"}) << ' ' << log->id
                << ' ' << (log->direction ? log->direction->wire() : std::string{"-"}) << ' '
                << log->duration.value_or(0) << "s " << log->caller_number.value_or("-") << " -> "
                << log->callee_number.value_or("-") << '\n';
    }
  } catch (const zoom::PageTokenExpired& e) {
    // The saved position is older than 15 minutes: only a fresh start works now.
    failure = "the resume position has expired, start again without --resume (" + std::string{e.what()} + ")";
  } catch (const zoom::ApiError& e) {
    // Zoom answered, and not with success (after the retries the SDK does for 429, 5xx, ...).
    failure = "Zoom answered " + std::to_string(e.status()) + ": " + e.what();
  } catch (const zoom::TransportError& e) {
    // No answer at all: connection refused or reset, TLS, timeout (after the retries).
    failure = "no answer from Zoom: " + std::string{e.what()};
  } catch (const zoom::Error& e) {
    // Anything else from the SDK: no token (bad credentials), a response that does not decode...
    failure = e.what();
  }
  std::cout << "summary: " << count << " records, total duration " << seconds << " s ("
            << hours_minutes_seconds(seconds) << ")" << (failure.empty() ? "" : ", stopped by an error") << '\n';
  if (failure.empty()) co_return 0;
  std::cerr << "six_months: " << failure << '\n'
            << "six_months: to continue after the last record printed (within 15 minutes): six_months --user "
            << settings.user << " --until " << zoom::format_date(settings.until) << " --resume "
            << format_position(logs.position()) << '\n';
  co_return 1;
}

}  // namespace

int main(int argc, char** argv) {
  const Settings settings = examples::read_command_line("six_months", usage, argc, argv, parse);

  boost::asio::io_context io;
  int status = 1;
  try {
    zoom::Client client{io.get_executor(),
                        {.credentials = zoom::ServerToServerOAuth{settings.account_id, settings.client_id,
                                                                  settings.client_secret},
                         .base_url = settings.base_url,
                         .oauth_url = settings.oauth_url,
                         .extra_ca_file = settings.ca_file,
                         .allow_plain_http = settings.allow_plain_http}};
    boost::asio::co_spawn(io, print_six_months(client, settings), [&](std::exception_ptr e, int code) {
      if (e) std::rethrow_exception(e);  // not a zoom::Error: a bug, let it terminate loudly
      status = code;
    });
    io.run();
  } catch (const zoom::Error& e) {  // the client's options do not work (a bad URL, a CA file)
    std::cerr << "six_months: " << e.what() << '\n';
    return 1;
  }
  return status;
}
