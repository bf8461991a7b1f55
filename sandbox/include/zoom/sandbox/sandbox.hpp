// zoom::sandbox — a Zoom look-alike HTTP(S) server for tests, the CLI and benchmarks.
//
// Serves Server-to-Server OAuth (`POST /oauth/token`) and
// `GET /v2/phone/users/{userId}/call_logs` with deterministic synthetic data, real paging
// and Zoom's validation and error bodies. It runs on the executor it is given (owns no
// threads) and may be driven by a multi-threaded io_context.
//
// It is an independent implementation of the API: it depends on Boost and OpenSSL only,
// never on the SDK's runtime/ or generated/, so client and server cannot share a mistake.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/json/object.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace zoom::sandbox {

// The Server-to-Server OAuth app the sandbox accepts.
struct Credentials {
  std::string account_id = "sandbox-account";
  std::string client_id = "sandbox-client-id";
  std::string client_secret = "sandbox-client-secret";
};

// A Zoom Phone user of the sandbox's account. users()[0] is the user `me` stands for.
struct User {
  std::string id;                // like Zoom's: 22 characters of [A-Za-z0-9_-]
  std::string email;             // matched case-insensitively
  std::string name;
  std::string extension_number;  // "1001", "1002", ...
  std::string phone_number;      // the user's direct number, E.164
};

struct Options {
  std::string address = "127.0.0.1";
  std::uint16_t port = 0;  // 0: any free port
  bool tls = false;        // HTTPS with a CA + certificate made when the Sandbox is constructed
  // SANs of the server certificate (IP: for addresses, DNS: otherwise); tests set another
  // name to check host-name verification.
  std::vector<std::string> tls_host_names = {"localhost", "127.0.0.1"};
  std::uint64_t seed = 1;  // same seed -> same users and call logs
  int users = 5;           // at least 1
  Credentials credentials;
  std::chrono::seconds token_lifetime{3600};
  std::chrono::seconds page_token_lifetime{15 * 60};
  // Empty: system_clock::now. Tests move time with it. Drives token and page-token expiry,
  // the "now" of the data (calls exist up to now) and the six-month / 24-hour windows. The
  // TLS certificate's validity always uses the real clock.
  std::function<std::chrono::system_clock::time_point()> clock;
  // Additions to the brief:
  std::chrono::seconds idle_timeout{60};  // a keep-alive connection idle this long is closed
  bool new_token_revokes_old = false;     // true: each /oauth/token response invalidates
                                          // every access token issued before it
};

// Filters of the call-log query, with the API's defaults (see call_logs()).
struct Filters {
  std::string type = "all";             // "all" | "missed"
  std::string phone_number{};           // empty: no filter; else caller or callee number equal
  std::string time_type = "startTime";  // "startTime" | "endTime"
};

struct Stats {
  std::size_t connections_accepted = 0;
  std::size_t token_requests = 0;  // requests to /oauth/token, whatever their outcome
  std::size_t api_requests = 0;    // requests to /v2/..., whatever their outcome
  std::vector<std::string> targets;  // every request target exactly as received, in order
};

class Sandbox {
 public:
  // Throws std::invalid_argument on bad options (users < 1, a bad TLS host name, ...).
  explicit Sandbox(boost::asio::any_io_executor executor, Options options = {});
  ~Sandbox();  // stops
  Sandbox(const Sandbox&) = delete;
  Sandbox& operator=(const Sandbox&) = delete;

  // Binds and listens synchronously (throws std::runtime_error naming address, port and
  // cause on failure), then accepts on the executor. Once only.
  void start();
  // Closes the acceptor and every open connection. Idempotent; safe from any thread.
  void stop();

  std::uint16_t port() const;
  std::string base_url() const;   // "http://127.0.0.1:PORT/v2" or "https://..."
  std::string oauth_url() const;  // "http://127.0.0.1:PORT" (the client appends /oauth/token)
  const std::string& ca_pem() const;  // CA that signed the server certificate; empty without TLS
  const Credentials& credentials() const;
  const std::vector<User>& users() const;

  std::string issue_token();  // a valid access token without the OAuth round trip
  void expire_tokens();       // every access token issued so far becomes expired

  // Ground truth: every record GET /v2/phone/users/{user}/call_logs returns for the window
  // from..to (whole days, UTC) and these filters, across all pages, in the order the API
  // returns them, as the JSON objects it serves. `user` is an id, an email or "me".
  // Throws std::invalid_argument for an unknown user or a filter value the API rejects.
  std::vector<boost::json::object> call_logs(std::string_view user,
                                             std::chrono::year_month_day from,
                                             std::chrono::year_month_day to,
                                             const Filters& filters = {}) const;
  Stats stats() const;

  struct Impl;

 private:
  std::shared_ptr<Impl> impl_;  // shared with the coroutines, which may outlive *this
};

}  // namespace zoom::sandbox
