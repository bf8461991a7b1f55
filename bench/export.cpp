// zoom_bench_export: a rate-limited export. The sandbox enforces Zoom's Business limits (call logs
// are Heavy: 10 requests/s), the client paces itself with zoom::RateLimits::business(), and the
// bench pages call logs for a fixed time, through the `_pages` form and then the `_items` form.
// The baseline is the rate the plan allows: the target is >= 95% of it with no 429 at all.
#include "harness.hpp"
#include "server_thread.hpp"

#include <zoom/client.hpp>
#include <zoom/phone/call_logs.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <exception>
#include <functional>
#include <iostream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

// Zoom deprecated the call-logs operations in favour of call history; this program reads call
// logs on purpose (the SDK keeps them for as long as Zoom serves them).
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"

namespace {

namespace asio = boost::asio;
namespace bench = zoom::bench;
using namespace std::chrono;

struct Counts {
  std::size_t api_requests = 0;  // as the sandbox counted them
  std::size_t rate_limited = 0;  // 429s the sandbox's limiter sent
};

Counts counts(const zoom::sandbox::Sandbox& sandbox) {
  const auto stats = sandbox.stats();
  return {stats.api_requests, stats.rate_limited};
}

struct PhaseResult {
  double requests_per_second = 0;  // within the measured time, as the sandbox counted them
  // The slope of request count over start time (least squares, client side): the long-run pace,
  // without the edge effects of a fixed time (the limiter lets 10 go at once, then 10 more each
  // window, so a fixed time holds a whole number of bursts, the first one included).
  double sustained_per_second = 0;
  std::size_t rate_limited = 0;    // over the whole phase
  std::size_t records = 0;
};

// Least-squares slope of the request index over its start time, in requests per second.
double requests_per_second_slope(const std::vector<steady_clock::time_point>& starts) {
  if (starts.size() < 2) return 0;
  const double n = static_cast<double>(starts.size());
  double mean_t = 0, mean_i = (n - 1) / 2;
  for (const auto start : starts) mean_t += bench::Seconds{start - starts.front()}.count() / n;
  double covariance = 0, variance = 0;
  for (std::size_t i = 0; i < starts.size(); ++i) {
    const double t = bench::Seconds{starts[i] - starts.front()}.count() - mean_t;
    covariance += t * (static_cast<double>(i) - mean_i);
    variance += t * t;
  }
  return variance > 0 ? covariance / variance : 0;
}

// The last six months of each user in turn, starting over with the first user when all are read.
zoom::phone::ListUserCallLogsParams six_months() {
  const year_month_day today{floor<days>(system_clock::now())};
  return {.from = year_month_day{sys_days{today} - days{180}}, .to = today};
}

// Reads with `read_until` for `duration` on a fresh client; the sandbox counts the requests.
PhaseResult run_phase(zoom::sandbox::Sandbox& sandbox, bench::Seconds duration,
                      const std::function<asio::awaitable<std::size_t>(zoom::Client&, const std::string& user,
                                                                       steady_clock::time_point deadline)>& read_until) {
  asio::io_context io;
  std::vector<steady_clock::time_point> starts;  // of each API request
  const auto& credentials = sandbox.credentials();
  zoom::Client client{io.get_executor(),
                      {.credentials = zoom::ServerToServerOAuth{credentials.account_id, credentials.client_id,
                                                                credentials.client_secret},
                       .rate_limits = zoom::RateLimits::business(),
                       .on_attempt = [&](const zoom::AttemptEvent& event) {
                         if (event.kind == zoom::AttemptEvent::Kind::request)
                           starts.push_back(steady_clock::now() - event.latency);
                       },
                       .base_url = sandbox.base_url(),
                       .oauth_url = sandbox.oauth_url(),
                       .allow_plain_http = true}};
  const Counts before = counts(sandbox);
  const auto start = steady_clock::now();
  const auto deadline = start + duration_cast<steady_clock::duration>(duration);
  Counts at_deadline;
  asio::steady_timer timer{io, deadline};
  timer.async_wait([&](boost::system::error_code) { at_deadline = counts(sandbox); });

  PhaseResult result;
  std::exception_ptr failure;
  asio::co_spawn(
      io,
      [&]() -> asio::awaitable<void> {
        for (std::size_t user = 0; steady_clock::now() < deadline; user = (user + 1) % sandbox.users().size())
          result.records += co_await read_until(client, sandbox.users()[user].id, deadline);
      },
      [&](std::exception_ptr e) { failure = e; });
  io.run();
  if (failure) std::rethrow_exception(failure);
  result.requests_per_second =
      static_cast<double>(at_deadline.api_requests - before.api_requests) / duration.count();
  result.rate_limited = counts(sandbox).rate_limited - before.rate_limited;
  std::sort(starts.begin(), starts.end());
  std::erase_if(starts, [&](steady_clock::time_point t) { return t >= deadline; });
  result.sustained_per_second = requests_per_second_slope(starts);
  return result;
}

asio::awaitable<std::size_t> read_pages(zoom::Client& client, const std::string& user,
                                        steady_clock::time_point deadline) {
  std::size_t records = 0;
  auto pages = zoom::phone::list_user_call_logs_pages(client, user, six_months());
  while (steady_clock::now() < deadline)
    if (auto page = co_await pages.next())
      records += page->call_logs.size();
    else
      break;
  co_return records;
}

asio::awaitable<std::size_t> read_items(zoom::Client& client, const std::string& user,
                                        steady_clock::time_point deadline) {
  std::size_t records = 0;
  auto items = zoom::phone::list_user_call_logs_items(client, user, six_months());
  while (steady_clock::now() < deadline)
    if (auto record = co_await items.next())
      ++records;
    else
      break;
  co_return records;
}

}  // namespace

int main(int argc, char** argv) try {
  const bool quick = bench::quick_mode(argc, argv);
  const bench::Seconds duration{quick ? 5.0 : 20.0};
  const int allowed = zoom::RateLimits::business().heavy_per_second;

  bench::ServerThread server{{.users = 50, .rate_limits = zoom::sandbox::RateLimits::business()}};
  std::cout << "zoom_bench_export: paging call logs (Heavy) for " << duration.count()
            << " s per form, client and sandbox on Zoom's Business limits" << (quick ? " (quick mode)" : "")
            << "\n  page size 30, six months per user, 4 months fetched at once (ChainOptions default)\n"
            << "  requests/s: as the sandbox counted them in the fixed time; sustained/s: the slope of\n"
            << "  requests over their start times (client side), the pace of a long export\n\n";

  bench::Table table{{"form", "requests/s", "achieved", "sustained/s", "achieved", "allowed/s", "429s", "records/s"}};
  const struct {
    const char* name;
    asio::awaitable<std::size_t> (*read)(zoom::Client&, const std::string&, steady_clock::time_point);
  } forms[] = {{"list_user_call_logs_pages", read_pages}, {"list_user_call_logs_items", read_items}};
  for (const auto& form : forms) {
    // Two seconds apart, so that one form's last requests share no rate-limit window with the next.
    if (&form != &forms[0]) std::this_thread::sleep_for(seconds{2});
    const PhaseResult result = run_phase(server.sandbox(), duration, form.read);
    table.add({form.name, bench::fixed(result.requests_per_second, 2),
               bench::fixed(100 * result.requests_per_second / allowed) + "%",
               bench::fixed(result.sustained_per_second, 2),
               bench::fixed(100 * result.sustained_per_second / allowed) + "%", std::to_string(allowed),
               std::to_string(result.rate_limited),
               bench::fixed(static_cast<double>(result.records) / duration.count(), 0)});
  }
  table.print(std::cout);
  return 0;
} catch (const std::exception& e) {
  std::cerr << "zoom_bench_export: " << e.what() << '\n';
  return 1;
}
