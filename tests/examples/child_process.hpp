// A program run as a child process by a test: its stdout read through a pipe (line by line, or to
// the end), its stderr kept in a file, its exit awaited with a timeout through a pidfd (no
// polling). Killed (its whole process group) if the test ends without waiting for it.
// A generalization of tests/conformance/prism_process.hpp for any program.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace zoom::test {

class ChildProcess {
 public:
  /// Starts `arguments[0]` (a path) with the rest as its arguments, in its own process group,
  /// stdin from /dev/null. Throws std::runtime_error when it cannot be started.
  explicit ChildProcess(std::vector<std::string> arguments) : command_(join(arguments)) {
    static int counter = 0;
    stderr_path_ = std::filesystem::temp_directory_path() /
                   ("zoom-example-" + std::to_string(::getpid()) + "-" + std::to_string(++counter) + ".stderr");
    int out[2];
    if (::pipe2(out, O_CLOEXEC) != 0) throw std::runtime_error(std::string{"pipe: "} + std::strerror(errno));
    std::vector<char*> argv;
    for (auto& argument : arguments) argv.push_back(argument.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t files;
    posix_spawn_file_actions_init(&files);
    posix_spawn_file_actions_adddup2(&files, out[1], STDOUT_FILENO);
    posix_spawn_file_actions_addopen(&files, STDERR_FILENO, stderr_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_addopen(&files, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
    posix_spawnattr_setpgroup(&attributes, 0);
    const int error = ::posix_spawn(&pid_, argv[0], &files, &attributes, argv.data(), environ);
    posix_spawn_file_actions_destroy(&files);
    posix_spawnattr_destroy(&attributes);
    ::close(out[1]);
    if (error != 0) {
      ::close(out[0]);
      throw std::runtime_error("cannot start " + command_ + ": " + std::strerror(error));
    }
    stdout_ = out[0];
    // syscall(): Debian 12's <sys/pidfd.h> declares pidfd_open without extern "C".
    pidfd_ = static_cast<int>(::syscall(SYS_pidfd_open, pid_, 0));
    if (pidfd_ < 0) throw std::runtime_error(std::string{"pidfd_open: "} + std::strerror(errno));
  }

  ~ChildProcess() {
    if (!status_) {
      ::kill(-pid_, SIGKILL);
      int status = 0;
      ::waitpid(pid_, &status, 0);
    }
    if (stdout_ >= 0) ::close(stdout_);
    if (pidfd_ >= 0) ::close(pidfd_);
    std::error_code ignored;
    std::filesystem::remove(stderr_path_, ignored);
  }
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  const std::string& command() const { return command_; }

  /// The next line of its stdout (without the newline); empty at the end of its output. Throws
  /// when no whole line comes within `timeout`.
  std::optional<std::string> read_line(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (true) {
      if (const auto end = pending_.find('\n'); end != std::string::npos) {
        std::string line = pending_.substr(0, end);
        pending_.erase(0, end + 1);
        return line;
      }
      if (!read_some(deadline)) {
        if (pending_.empty()) return std::nullopt;
        return std::exchange(pending_, {});
      }
    }
  }

  /// The rest of its stdout, up to the end (it exited or closed it). Throws after `timeout`.
  std::string read_to_end(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (read_some(deadline)) {
    }
    return std::exchange(pending_, {});
  }

  void signal(int number) { ::kill(pid_, number); }

  /// Waits for it to exit: its exit code, or 128 + the signal that ended it. Throws after `timeout`.
  int wait(std::chrono::milliseconds timeout) {
    if (status_) return *status_;
    pollfd exited{pidfd_, POLLIN, 0};
    const int ready = ::poll(&exited, 1, static_cast<int>(timeout.count()));
    if (ready <= 0) throw std::runtime_error(command_ + " did not exit within " + std::to_string(timeout.count()) +
                                             " ms; its stderr:\n" + stderr_text());
    int status = 0;
    ::waitpid(pid_, &status, 0);
    status_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return *status_;
  }

  /// Everything it wrote to stderr so far.
  std::string stderr_text() const {
    std::ifstream in(stderr_path_);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }

 private:
  // Appends what the pipe has to pending_; false at its end. Throws at the deadline.
  bool read_some(std::chrono::steady_clock::time_point deadline) {
    using namespace std::chrono;
    while (true) {
      const auto left = duration_cast<milliseconds>(deadline - steady_clock::now()).count();
      pollfd readable{stdout_, POLLIN, 0};
      const int ready = ::poll(&readable, 1, static_cast<int>(std::max<long long>(left, 0)));
      if (ready < 0 && errno == EINTR) continue;
      if (ready <= 0)
        throw std::runtime_error(command_ + ": no output in time; stdout so far: '" + pending_ + "'; stderr:\n" +
                                 stderr_text());
      char buffer[65536];
      const ssize_t n = ::read(stdout_, buffer, sizeof buffer);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return false;
      pending_.append(buffer, static_cast<std::size_t>(n));
      return true;
    }
  }

  static std::string join(const std::vector<std::string>& words) {
    std::string text;
    for (const auto& word : words) text += (text.empty() ? "" : " ") + word;
    return text;
  }

  std::string command_;
  std::filesystem::path stderr_path_;
  pid_t pid_ = -1;
  int stdout_ = -1;
  int pidfd_ = -1;
  std::string pending_;
  std::optional<int> status_;
};

}  // namespace zoom::test
