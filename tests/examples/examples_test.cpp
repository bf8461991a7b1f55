// examples/: each program run for real, as a child process, against an in-process sandbox over
// HTTPS (its CA in a file, as a user would pass it); FileTokenStore and the examples' command line
// (arguments.hpp) also tested on their own.
#include "../../examples/arguments.hpp"
#include "../../examples/file_token_store.hpp"
#include "child_process.hpp"

#include <zoom/months.hpp>
#include <zoom/sandbox/sandbox.hpp>
#include <zoom/time.hpp>

#include <boost/asio/connect.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <atomic>
#include <barrier>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <future>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace std::chrono;
using namespace std::chrono_literals;
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using zoom::test::ChildProcess;

namespace {

// The sandbox's "now": fixed, so the data and the six months before it never move.
constexpr year_month_day sandbox_today = 2026y / November / 15;

// A folder of its own for each test, removed at the end.
struct TempDir {
  TempDir() {
    static int counter = 0;
    path = std::filesystem::temp_directory_path() /
           ("zoom-examples-test-" + std::to_string(::getpid()) + "-" + std::to_string(++counter));
    std::filesystem::remove_all(path);
    std::filesystem::create_directories(path);
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path, ignored);
  }
  std::filesystem::path path;
};

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

void write_file(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

// An HTTPS sandbox on loopback, served by a thread of its own while the test waits for a child.
struct BackgroundSandbox {
  BackgroundSandbox() : server(io.get_executor(), options()) {
    server.start();
    write_file(dir.path / "sandbox-ca.pem", server.ca_pem());
    thread = std::thread([this] { io.run(); });
  }
  ~BackgroundSandbox() {
    server.stop();
    work.reset();
    thread.join();
  }

  static zoom::sandbox::Options options() {
    zoom::sandbox::Options options;
    options.tls = true;
    options.clock = [] { return sys_days{sandbox_today} + 12h; };
    return options;
  }

  std::string ca_file() const { return (dir.path / "sandbox-ca.pem").string(); }

  // The options every example takes to talk to this sandbox (Server-to-Server OAuth).
  std::vector<std::string> zoom_options(const std::string& client_secret = {}) const {
    const auto& credentials = server.credentials();
    return {"--account-id", credentials.account_id,
            "--client-id", credentials.client_id,
            "--client-secret", client_secret.empty() ? credentials.client_secret : client_secret,
            "--base-url", server.base_url(),
            "--oauth-url", server.oauth_url(),
            "--ca-file", ca_file()};
  }

  // What the SDK's month-by-month listing must give: each calendar month of the range, newest
  // first, with the records the sandbox serves for it, in its order.
  std::vector<boost::json::object> expected(std::string_view user, year_month_day from, year_month_day to) const {
    auto windows = zoom::month_windows(from, to);
    std::reverse(windows.begin(), windows.end());
    std::vector<boost::json::object> records;
    for (const auto& [first, last] : windows) {
      auto month = server.call_logs(user, first, last);
      records.insert(records.end(), month.begin(), month.end());
    }
    return records;
  }

  TempDir dir;
  asio::io_context io;
  asio::executor_work_guard<asio::io_context::executor_type> work = asio::make_work_guard(io);
  zoom::sandbox::Sandbox server;
  std::thread thread;
};

std::vector<std::string> command(std::string program, std::vector<std::string> options,
                                 const std::vector<std::string>& more = {}) {
  options.insert(options.begin(), std::move(program));
  options.insert(options.end(), more.begin(), more.end());
  return options;
}

// --- call_log_server -------------------------------------------------------------------------

// A keep-alive HTTP/1.1 connection to the example server, blocking (one per test thread).
class HttpClient {
 public:
  explicit HttpClient(unsigned short port) : stream_(io_) {
    stream_.connect(asio::ip::tcp::endpoint{asio::ip::make_address("127.0.0.1"), port});
  }

  http::response<http::string_body> get(const std::string& target) {
    http::request<http::string_body> request{http::verb::get, target, 11};
    request.set(http::field::host, "127.0.0.1");
    request.keep_alive(true);
    stream_.expires_after(60s);
    http::write(stream_, request);
    http::response<http::string_body> response;
    http::read(stream_, buffer_, response);
    return response;
  }

  /// Waits for the server to close the connection: true when it did (end of stream).
  bool closed_by_server() {
    stream_.expires_after(30s);
    http::response<http::string_body> response;
    boost::system::error_code ec;
    http::read(stream_, buffer_, response, ec);
    return ec == http::error::end_of_stream || ec == asio::error::eof || ec == asio::error::connection_reset;
  }

 private:
  asio::io_context io_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
};

unsigned short port_from(ChildProcess& server) {
  const auto line = server.read_line(30s);
  INFO("first line of stdout: " << line.value_or("(none)") << "\nstderr:\n" << server.stderr_text());
  REQUIRE(line);
  const std::string prefix = "listening on http://127.0.0.1:";
  REQUIRE(line->starts_with(prefix));
  return static_cast<unsigned short>(std::stoi(line->substr(prefix.size())));
}

boost::json::value body_of(const http::response<http::string_body>& response) {
  INFO("body: " << response.body());
  CHECK(response[http::field::content_type] == "application/json");
  return boost::json::parse(response.body());
}

struct Query {
  std::string user;
  year_month_day from, to;
  std::string target() const {
    return "/users/" + user + "/call_logs?from=" + zoom::format_date(from) + "&to=" + zoom::format_date(to);
  }
};

}  // namespace

TEST_CASE("call_log_server answers several connections at once with the sandbox's records, then stops on SIGTERM",
          "[examples][call_log_server]") {
  BackgroundSandbox sandbox;
  const auto& users = sandbox.server.users();
  REQUIRE(users.size() >= 4);
  ChildProcess server(command(ZOOM_EXAMPLE_CALL_LOG_SERVER, sandbox.zoom_options(), {"--port", "0", "--threads", "4"}));
  const unsigned short port = port_from(server);

  // Four connections, each sending three requests one after another on its keep-alive
  // connection, all four at the same moment: twelve requests through the server's one client.
  std::vector<std::vector<Query>> plan;
  for (std::size_t c = 0; c < 4; ++c)
    plan.push_back({{users[c].id, 2026y / October / 1, 2026y / October / 31},
                    {c == 0 ? "me" : users[c].id, 2026y / August / 20, 2026y / November / 15},
                    {users[(c + 1) % users.size()].email, 2026y / November / 1, 2026y / November / 15}});
  std::barrier start(static_cast<std::ptrdiff_t>(plan.size()));
  std::vector<std::future<std::vector<http::response<http::string_body>>>> results;
  for (const auto& queries : plan)
    results.push_back(std::async(std::launch::async, [&start, &queries, port] {
      HttpClient client(port);
      start.arrive_and_wait();
      std::vector<http::response<http::string_body>> responses;
      for (const auto& query : queries) responses.push_back(client.get(query.target()));
      return responses;
    }));

  std::size_t records = 0;
  for (std::size_t c = 0; c < plan.size(); ++c) {
    const auto responses = results[c].get();
    for (std::size_t i = 0; i < plan[c].size(); ++i) {
      const Query& query = plan[c][i];
      const auto& response = responses[i];
      INFO("GET " << query.target() << "\nstderr of the server:\n" << server.stderr_text());
      REQUIRE(response.result_int() == 200);
      CHECK(response.keep_alive());
      const boost::json::value body = body_of(response);
      const auto expected = sandbox.expected(query.user, query.from, query.to);
      REQUIRE(!expected.empty());
      const boost::json::array& got = body.at("call_logs").as_array();
      REQUIRE(got.size() == expected.size());
      for (std::size_t r = 0; r < got.size(); ++r) {
        INFO("record " << r << ": got " << boost::json::serialize(got[r]) << "\nexpected "
                       << boost::json::serialize(expected[r]));
        REQUIRE(got[r] == boost::json::value(expected[r]));
      }
      CHECK(body.at("total_records").to_number<std::size_t>() == expected.size());
      CHECK(body.at("user_id").as_string() == query.user);
      records += got.size();
    }
  }
  CHECK(records > 100);

  HttpClient client(port);
  SECTION("errors are JSON with a sensible status") {
    // Zoom's 404: no such user.
    auto response = client.get("/users/nobody-of-this-account/call_logs?from=2026-10-01&to=2026-10-31");
    CHECK(response.result_int() == 404);
    auto body = body_of(response);
    CHECK(body.at("error").at("status") == 404);
    CHECK(body.at("error").at("zoom_code") == 1001);
    CHECK(std::string{body.at("error").at("message").as_string()}.find("User does not exist") != std::string::npos);
    // A bad date: checked by the server, Zoom never asked.
    for (const char* query : {"from=2026-13-01&to=2026-10-31", "from=2026-10-1&to=2026-10-31", "to=2026-10-31",
                              "from=2026-10-31&to=2026-10-01", "from=yesterday&to=today"}) {
      INFO(query);
      response = client.get(std::string{"/users/me/call_logs?"} + query);
      CHECK(response.result_int() == 400);
      CHECK(body_of(response).at("error").at("status") == 400);
    }
    // Zoom's own 400: a range older than the six months Zoom keeps.
    response = client.get("/users/me/call_logs?from=2025-01-01&to=2025-01-31");
    CHECK(response.result_int() == 400);
    body = body_of(response);
    CHECK(body.at("error").at("zoom_code") == 300);
    CHECK(std::string{body.at("error").at("message").as_string()}.find("six months") != std::string::npos);
    // Not the one resource.
    CHECK(client.get("/users/me/recordings").result_int() == 404);
    CHECK(client.get("/").result_int() == 404);
    // Zoom failing otherwise (here a 403, which the SDK does not retry): a bad gateway.
    sandbox.server.inject("/v2/", zoom::sandbox::Fault::status_code(403, R"({"code":403,"message":"boom"})"));
    response = client.get("/users/me/call_logs?from=2026-11-01&to=2026-11-15");
    CHECK(response.result_int() == 502);
    body = body_of(response);
    CHECK(body.at("error").at("zoom_code") == 403);
    CHECK(std::string{body.at("error").at("message").as_string()}.find("boom") != std::string::npos);

    server.signal(SIGTERM);
    CHECK(client.closed_by_server());  // an idle keep-alive connection is closed at once
    CHECK(server.wait(30s) == 0);
    CHECK(server.stderr_text().find("call_log_server: stopped") != std::string::npos);
  }

  SECTION("SIGTERM lets a request in progress finish, then stops") {
    // Zoom (the sandbox) takes 2 s to answer the next request: SIGTERM arrives meanwhile.
    zoom::sandbox::Fault slow;
    slow.kind = zoom::sandbox::Fault::Kind::delay_only;
    slow.delay = 2s;
    sandbox.server.inject("/v2/", slow);
    const auto before = sandbox.server.stats().api_requests;
    auto in_progress = std::async(std::launch::async, [&client] {
      return client.get("/users/me/call_logs?from=2026-11-01&to=2026-11-15");
    });
    // Until the sandbox has the request (its fault is taken once the request is read).
    const auto deadline = steady_clock::now() + 30s;
    while (sandbox.server.faults_pending() != 0 && steady_clock::now() < deadline) std::this_thread::sleep_for(5ms);
    REQUIRE(sandbox.server.faults_pending() == 0);
    CHECK(sandbox.server.stats().api_requests == before + 1);
    server.signal(SIGTERM);
    const auto response = in_progress.get();
    CHECK(response.result_int() == 200);
    CHECK(!response.keep_alive());  // Connection: close, the server is stopping
    CHECK(body_of(response).at("call_logs").as_array().size() ==
          sandbox.expected("me", 2026y / November / 1, 2026y / November / 15).size());
    CHECK(server.wait(30s) == 0);
  }
}

// --- six_months ------------------------------------------------------------------------------

namespace {

struct SixMonthsRun {
  int exit_code;
  std::vector<std::string> ids;  // of the record lines, in order
  std::int64_t seconds = 0;      // their durations
  std::string summary;
  std::string stderr_text;
};

SixMonthsRun run_six_months(const std::vector<std::string>& arguments) {
  ChildProcess program(arguments);
  std::istringstream out(program.read_to_end(120s));
  SixMonthsRun run{program.wait(30s), {}, 0, {}, program.stderr_text()};
  for (std::string line; std::getline(out, line);) {
    if (line.starts_with("summary: ")) {
      run.summary = line;
    } else if (!line.starts_with("call logs of ")) {  // "<date-time> <id> <direction> <duration>s ..."
      std::istringstream words(line);
      std::string time, id, direction, duration;
      words >> time >> id >> direction >> duration;
      run.ids.push_back(id);
      run.seconds += std::stoll(duration);
    }
  }
  return run;
}

}  // namespace

TEST_CASE("six_months prints every record of the last six months and a summary", "[examples][six_months]") {
  BackgroundSandbox sandbox;
  const year_month_day from = 2026y / May / 15;  // six months before the sandbox's today
  const auto expected = sandbox.expected("me", from, sandbox_today);
  REQUIRE(expected.size() > 300);  // more than one page
  std::vector<std::string> expected_ids;
  std::int64_t expected_seconds = 0;
  for (const auto& record : expected) {
    expected_ids.emplace_back(record.at("id").as_string());
    if (const auto* duration = record.if_contains("duration")) expected_seconds += duration->to_number<std::int64_t>();
  }
  const std::vector<std::string> range = {"--user", "me", "--until", zoom::format_date(sandbox_today)};

  SECTION("all of it") {
    const auto run = run_six_months(command(ZOOM_EXAMPLE_SIX_MONTHS, sandbox.zoom_options(), range));
    INFO(run.stderr_text);
    REQUIRE(run.exit_code == 0);
    CHECK(run.ids == expected_ids);
    CHECK(run.summary == "summary: " + std::to_string(expected.size()) + " records, total duration " +
                             std::to_string(expected_seconds) + " s (" + std::to_string(expected_seconds / 3600) + ":" +
                             (expected_seconds / 60 % 60 < 10 ? "0" : "") + std::to_string(expected_seconds / 60 % 60) +
                             ":" + (expected_seconds % 60 < 10 ? "0" : "") + std::to_string(expected_seconds % 60) + ")");
    CHECK(run.seconds == expected_seconds);
  }

  SECTION("a failure part-way says where to resume, and resuming there gives the rest") {
    // Zoom refuses September (the third month read, newest first): 403 is not retried.
    sandbox.server.inject("/v2/phone/users/me/call_logs?from=2026-09-01",
                          zoom::sandbox::Fault::status_code(403, R"({"code":403,"message":"Forbidden today"})"));
    const auto first = run_six_months(command(ZOOM_EXAMPLE_SIX_MONTHS, sandbox.zoom_options(), range));
    INFO(first.stderr_text);
    CHECK(first.exit_code == 1);
    CHECK(first.stderr_text.find("Zoom answered 403") != std::string::npos);
    CHECK(first.stderr_text.find("Forbidden today") != std::string::npos);
    CHECK(first.summary.find(", stopped by an error") != std::string::npos);
    const std::string marker = " --resume ";
    const auto at = first.stderr_text.find(marker);
    REQUIRE(at != std::string::npos);
    const std::string position = first.stderr_text.substr(at + marker.size(),
                                                           first.stderr_text.find('\n', at) - at - marker.size());
    CHECK(position == "2/0/");  // the third month, from its start
    const std::size_t november_october = sandbox.expected("me", 2026y / October / 1, sandbox_today).size();
    CHECK(first.ids == std::vector<std::string>(expected_ids.begin(), expected_ids.begin() + november_october));

    auto resume = range;
    resume.insert(resume.end(), {"--resume", position});
    const auto second = run_six_months(command(ZOOM_EXAMPLE_SIX_MONTHS, sandbox.zoom_options(), resume));
    INFO(second.stderr_text);
    CHECK(second.exit_code == 0);
    std::vector<std::string> both = first.ids;
    both.insert(both.end(), second.ids.begin(), second.ids.end());
    CHECK(both == expected_ids);
  }

  SECTION("bad credentials: exit code 1 and a message saying so") {
    const auto run = run_six_months(command(ZOOM_EXAMPLE_SIX_MONTHS, sandbox.zoom_options("wrong-secret"), range));
    CHECK(run.exit_code == 1);
    CHECK(run.ids.empty());
    INFO(run.stderr_text);
    CHECK(run.stderr_text.find("six_months: Zoom answered 401") != std::string::npos);
    CHECK(run.stderr_text.find("Invalid client_id or client_secret") != std::string::npos);
    CHECK(run.stderr_text.find("wrong-secret") == std::string::npos);  // never a secret in a message
  }

  SECTION("a bad command line: exit code 2") {
    const auto run = run_six_months(command(ZOOM_EXAMPLE_SIX_MONTHS, sandbox.zoom_options(), {"--until", "2026-11-31"}));
    CHECK(run.exit_code == 2);
    CHECK(run.stderr_text.find("--until") != std::string::npos);
  }
}

// --- FileTokenStore --------------------------------------------------------------------------

namespace {

zoom::StoredTokens tokens(const std::string& tag) {
  return {"access-" + tag, "refresh-" + tag,
          time_point_cast<system_clock::duration>(sys_days{2026y / November / 15} + 13h + 30min + 250ms)};
}

std::vector<std::string> files_in(const std::filesystem::path& folder) {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(folder)) names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

unsigned mode_of(const std::filesystem::path& path) {
  struct stat info {};
  REQUIRE(::stat(path.c_str(), &info) == 0);
  return info.st_mode & 07777;
}

}  // namespace

TEST_CASE("FileTokenStore: save then load gives the same tokens, in a file only its owner can read",
          "[examples][file_token_store]") {
  TempDir dir;
  const auto path = dir.path / "tokens.json";
  FileTokenStore store(path);
  store.save(tokens("one"));
  const auto loaded = FileTokenStore(path).load();
  REQUIRE(loaded);
  CHECK(loaded->access_token == "access-one");
  CHECK(loaded->refresh_token == "refresh-one");
  CHECK(loaded->expires_at == tokens("one").expires_at);
  CHECK(mode_of(path) == 0600);
  CHECK(files_in(dir.path) == std::vector<std::string>{"tokens.json"});  // no temporary file left

  // A file that was readable by others is replaced by one that is not.
  std::filesystem::permissions(path, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write |
                                         std::filesystem::perms::group_read | std::filesystem::perms::others_read);
  store.save(tokens("two"));
  CHECK(mode_of(path) == 0600);
  CHECK(store.load()->refresh_token == "refresh-two");
}

TEST_CASE("FileTokenStore: no file yet is no tokens", "[examples][file_token_store]") {
  TempDir dir;
  CHECK_FALSE(FileTokenStore(dir.path / "tokens.json").load());
  CHECK(files_in(dir.path).empty());
}

TEST_CASE("FileTokenStore: a corrupt file is an error naming the file", "[examples][file_token_store]") {
  TempDir dir;
  const auto path = dir.path / "tokens.json";
  for (const auto& [text, problem] : std::vector<std::pair<std::string, std::string>>{
           {"", "not JSON"},
           {"{\"access_token\":\"a\",\"refresh_tok", "not JSON"},
           {"[1,2]", "not a JSON object"},
           {R"({"access_token":"a","expires_at":"2026-11-15T13:00:00Z"})", "no string \"refresh_token\""},
           {R"({"access_token":"a","refresh_token":"r","expires_at":"tomorrow"})", "\"expires_at\" is not"}}) {
    write_file(path, text);
    INFO(text);
    try {
      FileTokenStore(path).load();
      FAIL("no exception");
    } catch (const FileTokenStore::Corrupt& e) {
      const std::string what = e.what();
      CHECK(what.find(path.string()) != std::string::npos);
      CHECK(what.find(problem) != std::string::npos);
    }
  }
}

TEST_CASE("FileTokenStore: replacing the file is atomic, a failed save leaves the old file whole",
          "[examples][file_token_store]") {
  TempDir dir;
  const auto path = dir.path / "tokens.json";
  FileTokenStore store(path);
  store.save(tokens("old"));
  const std::string old_text = read_file(path);

  SECTION("a save that fails half-way (file size limit) changes nothing") {
    // In a child process, so that the limit stays there: writing past 1000 bytes fails (EFBIG).
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
      ::signal(SIGXFSZ, SIG_IGN);
      const rlimit limit{1000, 1000};
      ::setrlimit(RLIMIT_FSIZE, &limit);
      try {
        store.save({std::string(5000, 'a'), std::string(5000, 'r'), system_clock::now()});
      } catch (const std::system_error& e) {
        const std::string what = e.what();
        ::_exit(what.find(path.string()) != std::string::npos ? 0 : 3);
      }
      ::_exit(2);  // it should have failed
    }
    int status = 0;
    ::waitpid(child, &status, 0);
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
    CHECK(read_file(path) == old_text);
    CHECK(files_in(dir.path) == std::vector<std::string>{"tokens.json"});
    CHECK(store.load()->refresh_token == "refresh-old");
  }

  SECTION("a reader never sees a file half-written while another thread saves") {
    std::atomic<bool> writing{true};
    int reads = 0;
    std::string problem;  // Catch's assertions are for the test's thread: the reader reports here
    std::thread reader([&] {
      while (writing && problem.empty()) {
        try {
          const auto loaded = FileTokenStore(path).load();  // throws Corrupt on a partial file
          if (!loaded) {
            problem = "no tokens loaded";
          } else if (loaded->refresh_token != "refresh-" + loaded->access_token.substr(7)) {
            problem = "tokens of two saves mixed: " + loaded->access_token.substr(0, 20) + " and " +
                      loaded->refresh_token.substr(0, 20);  // both must come from the same save
          }
        } catch (const std::exception& e) {
          problem = e.what();
        }
        ++reads;
      }
    });
    for (int i = 0; i < 300; ++i) store.save(tokens(std::to_string(i) + std::string(3000, 'x')));
    writing = false;
    reader.join();
    CHECK(problem == "");
    CHECK(reads > 0);
    CHECK(files_in(dir.path) == std::vector<std::string>{"tokens.json"});
  }
}

// --- file_token_store, the program -------------------------------------------------------------

TEST_CASE("file_token_store keeps the rotated refresh token in its file and starts from it next time",
          "[examples][file_token_store]") {
  BackgroundSandbox sandbox;
  const auto path = sandbox.dir.path / "tokens.json";
  const auto& credentials = sandbox.server.credentials();
  const std::vector<std::string> options = {"--token-file", path.string(), "--client-id", credentials.client_id,
                                            "--client-secret", credentials.client_secret,
                                            "--base-url", sandbox.server.base_url(),
                                            "--oauth-url", sandbox.server.oauth_url(),
                                            "--ca-file", sandbox.ca_file()};
  const auto run = [&](const std::vector<std::string>& more = {}) {
    ChildProcess program(command(ZOOM_EXAMPLE_FILE_TOKEN_STORE, options, more));
    const std::string out = program.read_to_end(60s);
    const int code = program.wait(30s);
    return std::tuple{code, out, program.stderr_text()};
  };
  const std::string first_refresh_token = sandbox.server.issue_refresh_token();

  // First run: the refresh token from the command line, traded for a new pair, saved.
  {
    const auto [code, out, err] = run({"--refresh-token", first_refresh_token});
    INFO(out << err);
    REQUIRE(code == 0);
    CHECK(out.find("call logs of me in the last 24 hours: ") != std::string::npos);
    CHECK(out.find("tokens saved in " + path.string()) != std::string::npos);
  }
  CHECK(sandbox.server.stats().refresh_requests == 1);
  auto saved = FileTokenStore(path).load();
  REQUIRE(saved);
  auto issued = sandbox.server.issued_tokens();
  CHECK(saved->refresh_token != first_refresh_token);
  CHECK(saved->refresh_token == issued.back());                  // the one the sandbox rotated to
  CHECK(saved->access_token == issued[issued.size() - 2]);      // and the access token issued with it
  CHECK(saved->expires_at > system_clock::now() + 50min);       // the sandbox's tokens last an hour
  CHECK(mode_of(path) == 0600);

  // Second run, from the file alone: the saved access token is still valid, no refresh at all.
  const auto api_requests = sandbox.server.stats().api_requests;
  {
    const auto [code, out, err] = run();
    INFO(out << err);
    REQUIRE(code == 0);
  }
  CHECK(sandbox.server.stats().refresh_requests == 1);
  CHECK(sandbox.server.stats().api_requests == api_requests + 1);

  // Third run after the sandbox revoked every access token: the saved one is refused (401, code
  // 124), the saved refresh token gets a new pair, which is saved in turn.
  sandbox.server.expire_tokens();
  {
    const auto [code, out, err] = run();
    INFO(out << err);
    REQUIRE(code == 0);
  }
  CHECK(sandbox.server.stats().refresh_requests == 2);
  const auto rotated = FileTokenStore(path).load();
  REQUIRE(rotated);
  CHECK(rotated->refresh_token == sandbox.server.issued_tokens().back());
  CHECK(rotated->refresh_token != saved->refresh_token);

  // The first refresh token was used up: without the file, it no longer works.
  {
    const auto other = sandbox.dir.path / "other.json";
    ChildProcess program(command(ZOOM_EXAMPLE_FILE_TOKEN_STORE,
                                 {"--token-file", other.string(), "--refresh-token", first_refresh_token,
                                  "--client-id", credentials.client_id, "--client-secret", credentials.client_secret,
                                  "--base-url", sandbox.server.base_url(), "--oauth-url", sandbox.server.oauth_url(),
                                  "--ca-file", sandbox.ca_file()}));
    program.read_to_end(60s);
    CHECK(program.wait(30s) == 1);
    INFO(program.stderr_text());
    CHECK(program.stderr_text().find("Invalid Token!") != std::string::npos);
    CHECK(program.stderr_text().find(first_refresh_token) == std::string::npos);
    CHECK_FALSE(std::filesystem::exists(other));
  }

  // A damaged file: exit code 1 and a message naming it.
  write_file(path, "{\"access_token\": \"a\", ");
  {
    const auto [code, out, err] = run();
    CHECK(code == 1);
    CHECK(err.find("token file " + path.string() + " is corrupt") != std::string::npos);
  }
}

// --- webhook_server --------------------------------------------------------------------------

TEST_CASE("webhook_server receives the sandbox's signed call-history events, fetches each call's path once, and "
          "stops on SIGTERM",
          "[examples][webhooks]") {
  BackgroundSandbox sandbox;
  const std::string secret = "example-webhook-secret-token";
  ::setenv("ZOOM_EXAMPLE_WEBHOOK_SECRET", secret.c_str(), 1);
  ChildProcess server(command(ZOOM_EXAMPLE_WEBHOOK_SERVER, sandbox.zoom_options(),
                              {"--port", "0", "--secret-token-env", "ZOOM_EXAMPLE_WEBHOOK_SECRET"}));
  ::unsetenv("ZOOM_EXAMPLE_WEBHOOK_SECRET");
  const auto first = server.read_line(30s);
  INFO("stdout: " << first.value_or("(none)") << "\nstderr:\n" << server.stderr_text());
  REQUIRE(first);
  REQUIRE(first->starts_with("listening on http://127.0.0.1:"));
  REQUIRE(first->ends_with("/zoom/events"));
  const std::string url = first->substr(std::string_view{"listening on "}.size());

  zoom::sandbox::WebhookSubscription subscription;
  subscription.url = url;
  subscription.secret_token = secret;
  subscription.scan_interval = 0ms;  // only the calls this test asks for
  subscription.call_log_events = false;
  sandbox.server.subscribe(subscription);
  // Zoom's retry of the first event (same body, new timestamp and signature): fetched once all the same.
  zoom::sandbox::WebhookFault duplicate;
  duplicate.kind = zoom::sandbox::WebhookFault::Kind::duplicate;
  sandbox.server.inject_webhook(duplicate);
  const auto now = floor<seconds>(sys_days{sandbox_today} + 12h);
  const std::size_t events = sandbox.server.deliver_completed_calls(now - 3h, now);
  REQUIRE(events > 0);

  // One "call <id>: <direction>, <n> legs" line per event (each carries one record), then its legs.
  std::vector<std::string> calls;
  while (calls.size() < events) {
    const auto line = server.read_line(60s);
    INFO("stderr:\n" << server.stderr_text());
    REQUIRE(line);
    if (line->starts_with("call ")) {
      calls.push_back(line->substr(5, line->find(':') - 5));
      const std::string legs = line->substr(line->rfind(", ") + 2);
      const int count = std::stoi(legs);
      CHECK(count >= 1);
      for (int i = 1; i <= count; ++i) {
        const auto leg = server.read_line(30s);
        REQUIRE(leg);
        CHECK(leg->starts_with("  leg " + std::to_string(i) + ": "));
      }
    }
  }
  // Every call the sandbox announced, each once (the duplicate was not handed over again).
  std::vector<std::string> announced;
  int duplicates = 0;
  for (const auto& attempt : sandbox.server.webhook_attempts()) {
    if (attempt.delivery == 0) {
      CHECK(attempt.ok);  // the URL validation, answered by the receiver
      continue;
    }
    CHECK(attempt.status == 200);
    if (attempt.fault == "duplicate") {
      ++duplicates;
      continue;
    }
    const auto body = boost::json::parse(attempt.body);
    announced.emplace_back(body.at("payload").at("object").at("call_logs").at(0).at("id").as_string());
  }
  CHECK(duplicates == 1);
  std::sort(calls.begin(), calls.end());
  std::sort(announced.begin(), announced.end());
  CHECK(calls == announced);

  server.signal(SIGTERM);
  CHECK(server.wait(30s) == 0);
  CHECK(server.stderr_text().find(secret) == std::string::npos);
}

TEST_CASE("webhook_server refuses to start without its secret token", "[examples][webhooks]") {
  BackgroundSandbox sandbox;
  ::unsetenv("ZOOM_EXAMPLE_NO_SUCH_SECRET");
  ChildProcess server(
      command(ZOOM_EXAMPLE_WEBHOOK_SERVER, sandbox.zoom_options(), {"--secret-token-env", "ZOOM_EXAMPLE_NO_SUCH_SECRET"}));
  server.read_to_end(30s);
  CHECK(server.wait(30s) == 2);
  CHECK(server.stderr_text().find("set ZOOM_EXAMPLE_NO_SUCH_SECRET") != std::string::npos);
}

namespace {

// `arguments` (argv[1], ...) read by `options`, as a program's main would: argv[0] is "program".
void parse(examples::Arguments& options, std::vector<std::string> arguments) {
  arguments.insert(arguments.begin(), "program");
  std::vector<char*> argv;
  for (std::string& argument : arguments) argv.push_back(argument.data());
  options.parse(static_cast<int>(argv.size()), argv.data());
}

std::string usage_error(examples::Arguments& options, std::vector<std::string> arguments) {
  try {
    parse(options, std::move(arguments));
  } catch (const examples::UsageError& e) {
    return e.message;
  }
  return "no error";
}

}  // namespace

TEST_CASE("examples::Arguments: values and flags bound to variables, environment defaults, usage errors",
          "[examples][arguments]") {
  ::setenv("ZOOM_EXAMPLE_ARGUMENT", "from the environment", 1);
  ::setenv("ZOOM_EXAMPLE_FLAG", "1", 1);
  ::setenv("ZOOM_EXAMPLE_EMPTY", "", 1);
  ::unsetenv("ZOOM_EXAMPLE_UNSET");
  std::string user = "me", port, empty = "default", unset = "default";
  bool plain = false, flag = false;
  examples::Arguments options;
  options.value("--user", user, "ZOOM_EXAMPLE_ARGUMENT")
      .value("--port", port)
      .value("--empty", empty, "ZOOM_EXAMPLE_EMPTY")
      .value("--unset", unset, "ZOOM_EXAMPLE_UNSET")
      .flag("--plain", plain)
      .flag("--flag", flag, "ZOOM_EXAMPLE_FLAG");
  ::unsetenv("ZOOM_EXAMPLE_ARGUMENT");
  ::unsetenv("ZOOM_EXAMPLE_FLAG");
  ::unsetenv("ZOOM_EXAMPLE_EMPTY");
  // The environment, read when the option is declared, is the default; unset or empty, the
  // variable's own value stays.
  CHECK(user == "from the environment");
  CHECK(empty == "default");
  CHECK(unset == "default");
  CHECK(flag);
  parse(options, {"--port", "8080", "--plain"});
  CHECK(port == "8080");
  CHECK(plain);
  CHECK(user == "from the environment");
  parse(options, {"--user", "ann@example.com", "--user", "bob@example.com"});  // the command line wins, the last one
  CHECK(user == "bob@example.com");
  CHECK(usage_error(options, {"--port"}) == "--port needs a value");
  CHECK(usage_error(options, {"--nope", "1"}) == "unknown option --nope");
  CHECK(usage_error(options, {"--plain", "yes"}) == "unknown option yes");  // a flag takes no value

  CHECK(examples::number<unsigned short>("65535") == 65535);
  CHECK(examples::number<unsigned short>("65536") == std::nullopt);
  CHECK(examples::number<unsigned short>("") == std::nullopt);
  CHECK(examples::number<unsigned short>("12x") == std::nullopt);
  CHECK(examples::number<unsigned short>("-1") == std::nullopt);
}

TEST_CASE("every example answers --help with its usage, and a bad option with exit code 2", "[examples][arguments]") {
  const std::vector<std::pair<std::string, std::string>> programs = {
      {ZOOM_EXAMPLE_CALL_LOG_SERVER, "call_log_server"},
      {ZOOM_EXAMPLE_SIX_MONTHS, "six_months"},
      {ZOOM_EXAMPLE_FILE_TOKEN_STORE, "file_token_store"},
      {ZOOM_EXAMPLE_WEBHOOK_SERVER, "webhook_server"}};
  for (const auto& [program, name] : programs) {
    INFO(name);
    ChildProcess help({program, "--port", "--help"});  // --help anywhere, even where a value belongs
    const std::string usage = help.read_to_end(30s);
    CHECK(help.wait(30s) == 0);
    const std::string pointer = "(options and their environment variables: see the comment at the top of " + name;
    CHECK(usage.starts_with("usage: " + name + " "));
    CHECK(usage.ends_with(pointer + ".cpp)\n"));

    ChildProcess wrong({program, "--no-such-option"});
    CHECK(wrong.read_to_end(30s).empty());
    CHECK(wrong.wait(30s) == 2);
    CHECK(wrong.stderr_text() == name + ": unknown option --no-such-option\n" +
                                     usage.substr(0, usage.find(pointer)));
  }
}
