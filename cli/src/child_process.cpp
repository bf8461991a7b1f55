#include "child_process.hpp"

#include <algorithm>
#include <cerrno>
#include <climits>
#include <csignal>
#include <system_error>
#include <thread>
#include <utility>

#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

namespace zoom::cli {
namespace {

using std::chrono::steady_clock;

std::system_error system_error(int error, const std::string& what) {
  return std::system_error(error, std::generic_category(), what);
}

// The child's side, between fork and exec: async-signal-safe calls only. A failure is reported
// to the parent as an errno through `report` (closed by a successful exec).
[[noreturn]] void become(const char* program, char* const* argv, int output, int report, pid_t parent) {
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  ::setpgid(0, 0);
#ifdef __linux__
  ::prctl(PR_SET_PDEATHSIG, SIGTERM);
  if (::getppid() != parent) ::_exit(127);  // the parent died before prctl: nobody to serve
#else
  (void)parent;
#endif
  const int input = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  if (input >= 0 && ::dup2(input, STDIN_FILENO) >= 0 && ::dup2(output, STDOUT_FILENO) >= 0 &&
      ::dup2(output, STDERR_FILENO) >= 0)
    ::execv(program, argv);
  const int error = errno;
  [[maybe_unused]] const auto written = ::write(report, &error, sizeof error);
  ::_exit(127);
}

bool executable_file(const std::filesystem::path& path) {
  std::error_code error;
  return std::filesystem::is_regular_file(path, error) && ::access(path.c_str(), X_OK) == 0;
}

}  // namespace

ChildProcess::ChildProcess(const std::filesystem::path& program, const std::vector<std::string>& arguments) {
  // Everything the child needs is made before fork: it may only exec after.
  std::vector<std::string> strings{program.string()};
  strings.insert(strings.end(), arguments.begin(), arguments.end());
  std::vector<char*> argv;
  for (std::string& s : strings) argv.push_back(s.data());
  argv.push_back(nullptr);

  int output[2];
  if (::pipe2(output, O_CLOEXEC) != 0) throw system_error(errno, "pipe");
  int report[2];
  if (::pipe2(report, O_CLOEXEC) != 0) {
    const int error = errno;
    ::close(output[0]);
    ::close(output[1]);
    throw system_error(error, "pipe");
  }
  const pid_t parent = ::getpid();
  pid_ = ::fork();
  if (pid_ == 0) become(argv[0], argv.data(), output[1], report[1], parent);
  const int fork_error = errno;
  ::close(output[1]);
  ::close(report[1]);
  output_ = output[0];
  if (pid_ < 0) {
    ::close(report[0]);
    ::close(output_);
    throw system_error(fork_error, "cannot start " + program.string());
  }
  int exec_error = 0;
  ssize_t got;
  do got = ::read(report[0], &exec_error, sizeof exec_error);  // 0 bytes: exec closed it, success
  while (got < 0 && errno == EINTR);
  ::close(report[0]);
  if (got == sizeof exec_error) {
    stop();
    throw system_error(exec_error, "cannot start " + program.string());
  }
}

ChildProcess::~ChildProcess() { stop(); }

std::optional<std::string> ChildProcess::read_line(steady_clock::time_point deadline) {
  while (true) {
    if (const auto end = pending_.find('\n'); end != std::string::npos) {
      std::string line = pending_.substr(0, end);
      pending_.erase(0, end + 1);
      return line;
    }
    if (output_ < 0) {  // the end: a last line without '\n', then nothing
      if (pending_.empty()) return std::nullopt;
      return std::exchange(pending_, {});
    }
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - steady_clock::now()).count();
    if (left <= 0) throw Timeout("no whole line of output in time");
    pollfd readable{.fd = output_, .events = POLLIN, .revents = 0};
    const int ready = ::poll(&readable, 1, static_cast<int>(std::min<long long>(left, INT_MAX)));
    if (ready < 0 && errno != EINTR) throw system_error(errno, "poll");
    if (ready <= 0) continue;
    char buffer[4096];
    const ssize_t got = ::read(output_, buffer, sizeof buffer);
    if (got < 0 && errno != EINTR) throw system_error(errno, "read");
    if (got == 0) {
      ::close(output_);
      output_ = -1;
    }
    if (got > 0) pending_.append(buffer, static_cast<std::size_t>(got));
  }
}

int ChildProcess::stop(std::chrono::milliseconds grace) {
  if (status_ || pid_ <= 0) return status_.value_or(0);
  ::kill(pid_, SIGTERM);
  const auto deadline = steady_clock::now() + grace;
  int status = 0;
  while (true) {
    const pid_t done = ::waitpid(pid_, &status, WNOHANG);
    if (done == pid_ || (done < 0 && errno != EINTR)) break;
    if (steady_clock::now() >= deadline) {
      ::kill(pid_, SIGKILL);
      while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
      }
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds{10});
  }
  status_ = status;
  // Closed only now: a child writing as it stops must not meet a closed pipe (SIGPIPE).
  if (output_ >= 0) ::close(output_);
  output_ = -1;
  return status;
}

std::string describe_status(int status) {
  if (WIFEXITED(status)) return "exit code " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status)) return "killed by signal " + std::to_string(WTERMSIG(status));
  return "wait status " + std::to_string(status);
}

std::filesystem::path own_directory() {
  std::error_code error;
  const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", error);
  return error ? std::filesystem::path{} : self.parent_path();
}

std::optional<std::filesystem::path> find_program(std::string_view name, const std::filesystem::path& directory,
                                                  std::string_view path) {
  if (!directory.empty() && executable_file(directory / name)) return directory / name;
  while (!path.empty()) {
    const auto colon = path.find(':');
    const std::string_view entry = path.substr(0, colon);
    const std::filesystem::path candidate = std::filesystem::path(entry.empty() ? "." : entry) / name;
    if (executable_file(candidate)) return std::filesystem::absolute(candidate);
    if (colon == std::string_view::npos) break;
    path.remove_prefix(colon + 1);
    if (path.empty()) path = ".";  // a trailing ':' is the current directory too
  }
  return std::nullopt;
}

}  // namespace zoom::cli
