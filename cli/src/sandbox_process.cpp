#include "sandbox_process.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <optional>
#include <utility>

namespace zoom::cli {
namespace {

constexpr std::string_view ready_prefix = "ready: ";

// The settings in zoom-sandbox's ready line; nullopt when the line lacks one of them.
struct Ready {
  std::string base_url, oauth_url;
  ServerToServerOAuth credentials;
};

std::optional<Ready> parse_ready(std::string_view json) {
  boost::system::error_code error;
  const boost::json::value value = boost::json::parse(json, error);
  const boost::json::object* object = error ? nullptr : value.if_object();
  if (!object) return std::nullopt;
  bool complete = true;
  const auto text = [&](std::string_view key) -> std::string {
    const boost::json::value* field = object->if_contains(key);
    if (field && field->is_string()) return std::string(field->get_string());
    complete = false;
    return {};
  };
  Ready ready{.base_url = text("base_url"),
              .oauth_url = text("oauth_url"),
              .credentials = {text("account_id"), text("client_id"), text("client_secret")}};
  if (!complete) return std::nullopt;
  return ready;
}

}  // namespace

std::filesystem::path SandboxProcess::find(std::string_view path) {
  const std::filesystem::path beside = own_directory();
  if (auto found = find_program(program_name, beside, path)) return std::move(*found);
  throw SandboxNotFound("--sandbox runs the program " + std::string(program_name) +
                        ", which is neither beside zoom-phone (in " +
                        (beside.empty() ? std::string("an unknown directory") : beside.string()) +
                        ") nor on the PATH (" + (path.empty() ? std::string("empty") : std::string(path)) +
                        "): build it (the CMake target zoom-sandbox) or install it beside zoom-phone");
}

SandboxProcess::SandboxProcess(const std::filesystem::path& program, std::chrono::seconds timeout)
    : program_(program), process_(program, {"--port", "0", "--address", "127.0.0.1"}) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::string printed;  // its lines before the ready line, for the message when it fails
  const auto failure = [&](const std::string& what) {
    return std::runtime_error(program_.string() + " " + what + (printed.empty() ? "" : "; it printed:" + printed));
  };
  std::optional<std::string> line;
  try {
    while ((line = process_.read_line(deadline)) && !line->starts_with(ready_prefix)) printed += "\n  " + *line;
  } catch (const ChildProcess::Timeout&) {
    throw failure("was not ready within " + std::to_string(timeout.count()) + " s");
  }
  if (!line) throw failure("ended (" + describe_status(process_.stop()) + ") before it was ready");
  auto ready = parse_ready(std::string_view(*line).substr(ready_prefix.size()));
  if (!ready) throw failure("printed a ready line without the URLs and credentials zoom-phone needs: " + *line);
  base_url_ = std::move(ready->base_url);
  oauth_url_ = std::move(ready->oauth_url);
  credentials_ = std::move(ready->credentials);
}

}  // namespace zoom::cli
