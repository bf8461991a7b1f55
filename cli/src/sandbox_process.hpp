// `zoom-phone --sandbox`'s server: the zoom-sandbox program (built from sandbox/) run as a child
// process, so that zoom-phone itself does not contain the sandbox. It is looked for beside the
// running zoom-phone, then on the PATH, started on a free port of 127.0.0.1, and known by the line
// it prints once it serves ("ready: " and a JSON object, see zoom-sandbox --help).
#pragma once

#include "child_process.hpp"

#include <zoom/credentials.hpp>

#include <chrono>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>

namespace zoom::cli {

/// zoom-sandbox is nowhere to be found: a setup error (exit code 2). The message names where it
/// was looked for.
class SandboxNotFound : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A zoom-sandbox running as a child process, ready to serve; stopped (SIGTERM, waited for) when
/// this is destroyed.
class SandboxProcess {
 public:
  /// The name of the program.
  static constexpr std::string_view program_name = "zoom-sandbox";

  /// zoom-sandbox beside the running program, else the first on `path` (a $PATH value). Throws
  /// SandboxNotFound.
  static std::filesystem::path find(std::string_view path);

  /// Starts `program` on a free port and reads its output up to its "ready:" line. Throws
  /// std::runtime_error, with what it printed, when it exits first or is not ready in `timeout`.
  explicit SandboxProcess(const std::filesystem::path& program,
                          std::chrono::seconds timeout = std::chrono::seconds{30});

  const std::filesystem::path& program() const { return program_; }
  pid_t pid() const { return process_.pid(); }
  const std::string& base_url() const { return base_url_; }    // "http://127.0.0.1:PORT/v2"
  const std::string& oauth_url() const { return oauth_url_; }  // "http://127.0.0.1:PORT"
  const ServerToServerOAuth& credentials() const { return credentials_; }

 private:
  std::filesystem::path program_;
  ChildProcess process_;
  std::string base_url_, oauth_url_;
  ServerToServerOAuth credentials_;
};

}  // namespace zoom::cli
