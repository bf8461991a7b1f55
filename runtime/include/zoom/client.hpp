// zoom::Client: the one object an application creates to talk to Zoom. It runs on the
// executor it is given and owns no threads.
#pragma once

#include <zoom/credentials.hpp>
#include <zoom/observe.hpp>
#include <zoom/rate_limit.hpp>
#include <zoom/request.hpp>
#include <zoom/retry.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace zoom {

struct ClientOptions {
  Credentials credentials{};
  /// Zoom's rate limits for the account's plan (e.g. RateLimits::business()); requests wait so
  /// as not to exceed them. Unlimited by default: Zoom's 429s are then retried as they come.
  RateLimits rate_limits{};
  /// One limiter shared by every client of an account (they share Zoom's limits). When set,
  /// `rate_limits` is ignored.
  std::shared_ptr<RateLimiter> rate_limiter{};
  /// Which failures are tried again, how often and after how long; the overall deadline.
  RetryPolicy retry{};
  /// Called for every attempt and every token request (see zoom/observe.hpp).
  AttemptHook on_attempt{};
  /// Operation paths are appended to it.
  std::string base_url = "https://api.zoom.us/v2";
  /// Where OAuth tokens come from; `/oauth/token` is appended.
  std::string oauth_url = "https://zoom.us";
  /// Open connections per host at most; requests beyond it wait for a free one.
  std::size_t max_connections_per_host = 4;
  /// A response body larger than this fails with TransportError instead of using the memory.
  std::size_t max_response_body = 64 * 1024 * 1024;
  /// A PEM file (or PEM text) of a CA trusted in addition to the system's, e.g. a test server's.
  std::string extra_ca_file{};
  std::string extra_ca_pem{};
  /// Plain `http://` URLs are refused unless this is set (loopback tests, local proxies).
  bool allow_plain_http = false;
  /// An OAuth token is renewed this long before it expires.
  std::chrono::seconds token_refresh_margin{300};
  std::chrono::milliseconds connect_timeout{std::chrono::seconds{10}};
  /// One attempt, from writing the request to reading the whole response.
  std::chrono::milliseconds request_timeout{std::chrono::seconds{60}};
  std::string user_agent = "zoom-phone-cpp-sdk/0.1";
};

/// A response as received: the status, headers and body bytes, not yet decoded.
struct Response {
  unsigned status = 0;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  /// The value of the first header named `name` (case-insensitive), empty when absent.
  std::string_view header(std::string_view name) const noexcept;
};

namespace detail {
class ClientState;
}

/// Cheap to create and to share: coroutines on any thread of the executor may call `send` at
/// once. Connections (keep-alive, per host, bounded), TLS settings and the token cache belong to
/// the client and are closed with it. Copies share the same state.
class Client {
 public:
  using executor_type = boost::asio::any_io_executor;

  /// No connection is made until the first request. Throws zoom::Error for options that cannot
  /// work: a base URL or OAuth URL that does not parse, plain http:// without allow_plain_http,
  /// an extra CA that cannot be loaded.
  explicit Client(executor_type executor, ClientOptions options = {});
  ~Client();
  Client(const Client&) = default;
  Client& operator=(const Client&) = default;

  executor_type get_executor() const noexcept;
  const ClientOptions& options() const noexcept;

  /// Sends `request` and returns the 2xx response. On the way: the rate limiter, a valid access
  /// token (renewed once and the request replayed once when Zoom answers 401 code 124), retries
  /// with backoff for what RetryPolicy retries, the overall deadline.
  /// Throws zoom::ApiError for any other status (or after the last retry), zoom::TransportError
  /// when no complete response arrives, zoom::DeadlineExceeded, zoom::DailyLimitReached,
  /// zoom::Error when no token can be had. Cancellation (e.g. `||` with a timer) ends it promptly
  /// with boost::system::system_error(operation_aborted); the connection in use is closed and the
  /// client stays usable.
  boost::asio::awaitable<Response> send(Request request);

  /// How many connections this client has opened so far (all hosts): shows keep-alive at work.
  std::size_t connections_opened() const noexcept;

 private:
  std::shared_ptr<detail::ClientState> state_;
};

}  // namespace zoom
