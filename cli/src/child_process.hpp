// child_process: another program run as a child process (POSIX fork and exec), for zoom-phone's
// own use (`--sandbox` runs zoom-sandbox with it).
//
// The child's standard output and standard error come back through one pipe, read a line at a
// time with a deadline; its standard input is /dev/null. It runs in a process group of its own,
// so that a Ctrl-C at the terminal reaches only this process, which then stops the child itself:
// stop(), and the destructor, send SIGTERM and wait for it to exit (SIGKILL after a grace
// period). On Linux the child is also sent SIGTERM should this process die first (kill -9), so
// it never outlives it.
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <sys/types.h>

namespace zoom::cli {

class ChildProcess {
 public:
  /// read_line found no whole line before its deadline.
  class Timeout : public std::runtime_error {
   public:
    using std::runtime_error::runtime_error;
  };

  /// Starts `program` (a path) with `arguments` (after argv[0], which is `program`). Throws
  /// std::system_error when it cannot be started: no such file, not executable, no processes left.
  ChildProcess(const std::filesystem::path& program, const std::vector<std::string>& arguments);
  ~ChildProcess();  // stop()
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  /// The next line of its output, without the '\n'; nullopt once its output has ended (it exited,
  /// or closed both). Throws Timeout when no whole line came before `deadline`.
  std::optional<std::string> read_line(std::chrono::steady_clock::time_point deadline);

  /// Sends SIGTERM, then waits until it has exited, SIGKILL after `grace`. Returns its wait status
  /// (see describe_status). Only the first call signals and waits; later ones return the status.
  int stop(std::chrono::milliseconds grace = std::chrono::seconds{5});

  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
  int output_ = -1;            // the read end of its stdout and stderr
  std::string pending_;        // read, not yet returned by read_line
  std::optional<int> status_;  // once waited for
};

/// A wait status in words: "exit code 2", "killed by signal 9".
std::string describe_status(int status);

/// The directory of the running program (the link /proc/self/exe); empty when unknown.
std::filesystem::path own_directory();

/// `name` in `directory` when it is an executable file there, else in the first directory of
/// `path` (a $PATH value: directories separated by ':', an empty one meaning the current
/// directory) that holds it as an executable file; nullopt when none does.
std::optional<std::filesystem::path> find_program(std::string_view name, const std::filesystem::path& directory,
                                                  std::string_view path);

}  // namespace zoom::cli
