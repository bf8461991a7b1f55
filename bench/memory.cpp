// zoom_bench_memory: peak memory (VmHWM) of a process that streams N call-log records through
// list_user_call_logs_items, for several N: it must not grow with N, since only a few pages are
// held at a time. The sandbox is the zoom-sandbox program in a child process (its memory is not
// counted), with no rate limits. Each N runs in a fresh process (this program, re-run with
// --stream), since a peak never goes down; the baseline is the smallest N.
//
// The sandbox has at most 500 users with ~800 records each over the six months Zoom serves, about
// 400,000 records: to stream more, the reader starts over with the first user.
#include "harness.hpp"

#include <zoom/client.hpp>
#include <zoom/phone/call_logs.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstring>
#include <exception>
#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

// Zoom deprecated the call-logs operations in favour of call history; this program reads call
// logs on purpose (the SDK keeps them for as long as Zoom serves them).
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"

extern char** environ;

namespace {

namespace asio = boost::asio;
namespace bench = zoom::bench;
using namespace std::chrono;

// Peak resident set size of this process so far, in KiB.
long peak_rss_kib() {
  std::ifstream status{"/proc/self/status"};
  for (std::string line; std::getline(status, line);)
    if (line.starts_with("VmHWM:")) return std::stol(line.substr(6));
  throw std::runtime_error("no VmHWM in /proc/self/status");
}

// A child process with its stdout on a pipe.
class Child {
 public:
  explicit Child(std::vector<std::string> args) {
    int fds[2];
    if (pipe(fds) != 0) throw std::runtime_error("pipe failed");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, fds[0]);
    std::vector<char*> argv;
    for (auto& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    const int error = posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    close(fds[1]);
    if (error != 0) {
      close(fds[0]);
      throw std::runtime_error("cannot start " + args[0] + ": " + std::strerror(error));
    }
    out_ = fdopen(fds[0], "r");
  }
  ~Child() {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      wait();
    }
    if (out_) std::fclose(out_);
  }
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  // The next line of its output, without the newline; empty at the end.
  std::string line() {
    std::string text;
    for (int c; (c = std::fgetc(out_)) != EOF && c != '\n';) text += static_cast<char>(c);
    return text;
  }
  // Its exit status (waits for it).
  int wait() {
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }

 private:
  pid_t pid_ = -1;
  std::FILE* out_ = nullptr;
};

// What zoom-sandbox prints at start: its URLs, credentials and users.
struct SandboxInfo {
  std::string base_url, oauth_url, account_id, client_id, client_secret;
  std::vector<std::string> users;
};

SandboxInfo read_banner(Child& sandbox) {
  SandboxInfo info;
  auto value = [](const std::string& line) {
    std::string_view rest = std::string_view{line}.substr(line.find(':') + 1);
    rest.remove_prefix(std::min(rest.find_first_not_of(' '), rest.size()));
    return std::string{rest.substr(0, rest.find(' '))};
  };
  for (std::string line = sandbox.line(); !line.starts_with("Stop with"); line = sandbox.line()) {
    if (line.empty()) throw std::runtime_error("zoom-sandbox ended before it was ready");
    if (line.starts_with("base URL:")) info.base_url = value(line);
    else if (line.starts_with("OAuth URL:")) info.oauth_url = value(line);
    else if (line.starts_with("account id:")) info.account_id = value(line);
    else if (line.starts_with("client id:")) info.client_id = value(line);
    else if (line.starts_with("client secret:")) info.client_secret = value(line);
    else if (line.starts_with("user:")) info.users.push_back(value(line));
  }
  return info;
}

// --stream N BASE_URL OAUTH_URL ACCOUNT CLIENT SECRET USER...: reads N records, then prints
// "records seconds peak_kib peak_before_kib".
int stream(std::size_t wanted, const SandboxInfo& sandbox) {
  asio::io_context io;
  zoom::Client client{io.get_executor(),
                      {.credentials = zoom::ServerToServerOAuth{sandbox.account_id, sandbox.client_id,
                                                                sandbox.client_secret},
                       .rate_limits = zoom::RateLimits::unlimited(),
                       .base_url = sandbox.base_url,
                       .oauth_url = sandbox.oauth_url,
                       .allow_plain_http = true}};
  const long before = peak_rss_kib();
  const year_month_day today{floor<days>(system_clock::now())};
  const zoom::phone::ListUserCallLogsParams params{
      .from = year_month_day{sys_days{today} - days{180}}, .to = today, .page_size = 300};
  std::size_t records = 0;
  std::exception_ptr failure;
  const auto start = bench::now();
  asio::co_spawn(
      io,
      [&]() -> asio::awaitable<void> {
        for (std::size_t user = 0; records < wanted; user = (user + 1) % sandbox.users.size()) {
          auto items = zoom::phone::list_user_call_logs_items(client, sandbox.users[user], params);
          while (records < wanted) {
            const auto record = co_await items.next();
            if (!record) break;
            bench::keep(record->id.size());
            ++records;
          }
        }
      },
      [&](std::exception_ptr e) { failure = e; });
  io.run();
  if (failure) std::rethrow_exception(failure);
  const bench::Seconds elapsed = bench::now() - start;
  std::cout << records << ' ' << elapsed.count() << ' ' << peak_rss_kib() << ' ' << before << std::endl;
  return 0;
}

}  // namespace

int main(int argc, char** argv) try {
  if (argc >= 8 && std::string_view{argv[1]} == "--stream") {
    SandboxInfo info{argv[3], argv[4], argv[5], argv[6], argv[7], {}};
    for (int i = 8; i < argc; ++i) info.users.emplace_back(argv[i]);
    return stream(std::stoul(argv[2]), info);
  }

  const bool quick = bench::quick_mode(argc, argv);
  const std::vector<std::size_t> sizes =
      quick ? std::vector<std::size_t>{10'000, 100'000} : std::vector<std::size_t>{10'000, 100'000, 1'000'000};

  Child sandbox{{ZOOM_SANDBOX_PROGRAM, "--users", "500"}};
  const SandboxInfo info = read_banner(sandbox);
  std::cout << "zoom_bench_memory: peak RSS while streaming N call logs through list_user_call_logs_items"
            << (quick ? " (quick mode)" : "") << "\n  zoom-sandbox in a child process (" << info.users.size()
            << " users, no rate limits), page size 300, six months per user, a fresh process per N\n\n";

  bench::Table table{{"records", "records/s", "peak RSS MiB", "before streaming MiB", "peak vs smallest N"}};
  long baseline_kib = 0;
  for (const std::size_t n : sizes) {
    std::vector<std::string> args{"/proc/self/exe",  "--stream",         std::to_string(n),  info.base_url,
                                  info.oauth_url,    info.account_id,    info.client_id,     info.client_secret};
    args.insert(args.end(), info.users.begin(), info.users.end());
    Child reader{args};
    std::istringstream result{reader.line()};
    if (const int status = reader.wait(); status != 0)
      throw std::runtime_error("the reader of " + std::to_string(n) + " records failed (exit " + std::to_string(status) + ")");
    std::size_t records = 0;
    double seconds = 0;
    long peak_kib = 0, before_kib = 0;
    if (!(result >> records >> seconds >> peak_kib >> before_kib) || records != n)
      throw std::runtime_error("the reader of " + std::to_string(n) + " records reported nothing usable");
    if (baseline_kib == 0) baseline_kib = peak_kib;
    table.add({std::to_string(n), bench::fixed(static_cast<double>(records) / seconds, 0),
               bench::fixed(static_cast<double>(peak_kib) / 1024), bench::fixed(static_cast<double>(before_kib) / 1024),
               bench::times(static_cast<double>(peak_kib) / static_cast<double>(baseline_kib))});
  }
  table.print(std::cout);
  return 0;
} catch (const std::exception& e) {
  std::cerr << "zoom_bench_memory: " << e.what() << '\n';
  return 1;
}
