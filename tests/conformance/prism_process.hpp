// Stoplight Prism (pinned in tools/npm) as a child process on loopback: started by a test,
// stopped when the test ends. Its log goes to a file, so a failure can show what Prism objected to.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace zoom::test {

/// The pinned Prism, or exits the test program with 77 (ctest: skipped) saying why it cannot run.
/// scripts/setup.sh installs it where Node.js is new enough, so in CI it is always there.
inline std::string prism_or_skip() {
  const std::string prism = ZOOM_PRISM;
  if (!std::filesystem::exists(prism)) {
    std::cout << "SKIPPED: " << prism << " is not installed (scripts/setup.sh installs it; it needs Node.js 20.19 or later)\n";
    std::exit(77);
  }
  return prism;
}

class PrismProcess {
 public:
  /// Runs `prism <arguments...> --host 127.0.0.1 --port <free port>` and waits until it accepts
  /// connections. Throws, with the end of Prism's log, when it exits or does not listen in time.
  explicit PrismProcess(std::vector<std::string> arguments) : port_(free_port()) {
    arguments.insert(arguments.begin(), prism_or_skip());
    for (const char* option : {"--host", "127.0.0.1", "--port"}) arguments.emplace_back(option);
    arguments.push_back(std::to_string(port_));
    log_path_ = std::filesystem::temp_directory_path() / ("zoom-prism-" + std::to_string(::getpid()) + "-" +
                                                          std::to_string(port_) + ".log");
    command_ = join(arguments);
    spawn(arguments);
    try {
      wait_until_listening();
    } catch (...) {
      stop();
      throw;
    }
  }
  ~PrismProcess() { stop(); }
  PrismProcess(const PrismProcess&) = delete;
  PrismProcess& operator=(const PrismProcess&) = delete;

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  unsigned short port() const { return port_; }
  const std::string& command() const { return command_; }

  /// Everything Prism has logged so far.
  std::string log() const {
    std::ifstream in(log_path_);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }

  /// The lines of Prism's log that report a violation of the spec (request or response), once
  /// the log has stopped growing (Prism logs a request's outcome after answering it).
  std::vector<std::string> violations() const {
    std::string text = log();
    for (std::string before; text != before; text = log()) {
      before = text;
      std::this_thread::sleep_for(std::chrono::milliseconds{300});
    }
    std::vector<std::string> found;
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);)
      if (line.find("Violation") != std::string::npos || line.find("VIOLATIONS") != std::string::npos) found.push_back(line);
    return found;
  }

 private:
  void stop() noexcept {
    ::kill(-pid_, SIGTERM);  // its own process group: node and anything it started
    int status = 0;
    ::waitpid(pid_, &status, 0);
    std::error_code ignored;
    std::filesystem::remove(log_path_, ignored);
  }

  static unsigned short free_port() {
    boost::asio::io_context io;
    boost::asio::ip::tcp::acceptor acceptor(io, {boost::asio::ip::make_address("127.0.0.1"), 0});
    return acceptor.local_endpoint().port();
  }

  static std::string join(const std::vector<std::string>& words) {
    std::string text;
    for (const auto& word : words) text += (text.empty() ? "" : " ") + word;
    return text;
  }

  void spawn(const std::vector<std::string>& arguments) {
    std::vector<char*> argv;
    for (const auto& argument : arguments) argv.push_back(const_cast<char*>(argument.c_str()));
    argv.push_back(nullptr);
    posix_spawn_file_actions_t files;
    posix_spawn_file_actions_init(&files);
    posix_spawn_file_actions_addopen(&files, STDOUT_FILENO, log_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_adddup2(&files, STDOUT_FILENO, STDERR_FILENO);
    posix_spawn_file_actions_addopen(&files, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
    posix_spawnattr_setpgroup(&attributes, 0);
    const int error = ::posix_spawn(&pid_, argv[0], &files, &attributes, argv.data(), environ);
    posix_spawn_file_actions_destroy(&files);
    posix_spawnattr_destroy(&attributes);
    if (error != 0) throw std::runtime_error("cannot start " + command_ + ": " + std::strerror(error));
  }

  void wait_until_listening() {
    using namespace std::chrono;
    const auto deadline = steady_clock::now() + seconds{60};  // node's start on a loaded machine
    boost::asio::io_context io;
    for (;;) {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_)
        throw std::runtime_error("Prism exited before listening (" + command_ + "):\n" + log());
      boost::asio::ip::tcp::socket socket(io);
      boost::system::error_code ec;
      socket.connect({boost::asio::ip::make_address("127.0.0.1"), port_}, ec);
      if (!ec && log().find("Prism is listening") != std::string::npos) return;
      if (steady_clock::now() > deadline)
        throw std::runtime_error("Prism did not listen within 60 s (" + command_ + "):\n" + log());
      std::this_thread::sleep_for(milliseconds{100});
    }
  }

  unsigned short port_;
  std::filesystem::path log_path_;
  std::string command_;
  pid_t pid_ = -1;
};

}  // namespace zoom::test
