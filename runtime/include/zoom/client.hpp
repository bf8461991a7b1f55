// zoom::Client: the one object an application creates to talk to Zoom. It runs on the
// executor it is given and owns no threads.
#pragma once

#include <zoom/credentials.hpp>
#include <zoom/json/decode_options.hpp>
#include <zoom/observe.hpp>
#include <zoom/rate_limit.hpp>
#include <zoom/request.hpp>
#include <zoom/response.hpp>
#include <zoom/retry.hpp>
#include <zoom/version.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <cstddef>
#include <exception>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

/// The runtime of the Zoom Phone SDK: zoom::Client and the requests it sends (zoom::Request),
/// the responses and errors it returns (zoom::Response, zoom::Error and its kinds), paging
/// (zoom::Pages, zoom::Chain, zoom::ItemsOf), forward-compatible enums (zoom::Enum), dates,
/// retries and rate limits. The API generated from a spec lives in a namespace of its own
/// (zoom::phone for the SDK's spec) and calls into this one.
namespace zoom {

/// How a Client works: credentials, limits, retries, URLs, TLS, timeouts. A plain value, read
/// once by the Client constructor, which throws zoom::Error for options that cannot work.
struct ClientOptions {
  /// How the client authenticates. The default, an empty BearerToken, makes every call fail
  /// with zoom::Error ("no credentials"); incomplete OAuth credentials make the Client
  /// constructor throw zoom::Error.
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
  /// Operation paths are appended to it. An absolute http(s) URL without query or fragment.
  std::string base_url = "https://api.zoom.us/v2";
  /// Where OAuth tokens come from; `/oauth/token` is appended. Used (and checked) only with
  /// OAuth credentials.
  std::string oauth_url = "https://zoom.us";
  /// Open connections per host at most; requests beyond it wait for a free one (0 acts as 1).
  std::size_t max_connections_per_host = 4;
  /// A response body larger than this fails with TransportError instead of using the memory
  /// (not retried). A 2xx body streamed to a sink (send with a BodySink) is not bounded by it.
  std::size_t max_response_body = 64 * 1024 * 1024;
  /// A PEM file of a CA trusted in addition to the system's, e.g. a test server's.
  std::string extra_ca_file{};
  /// The same as PEM text. Both may be set: both are trusted.
  std::string extra_ca_pem{};
  /// Plain `http://` URLs are refused unless this is set (loopback tests, local proxies).
  bool allow_plain_http = false;
  /// An OAuth token is renewed this long before it expires (a token that lives shorter than
  /// this, at half its life).
  std::chrono::seconds token_refresh_margin{300};
  /// Opening a connection: the TCP connect and the TLS handshake together. Resolving the host
  /// name has no timeout of its own.
  std::chrono::milliseconds connect_timeout{std::chrono::seconds{10}};
  /// One attempt, from writing the request to reading the whole response; for a 2xx body streamed
  /// to a sink, to reading its headers, then each read of the body.
  std::chrono::milliseconds request_timeout{std::chrono::seconds{60}};
  /// The `User-Agent` header of every request: by default `zoom-phone-cpp-sdk/` and version().
  std::string user_agent = "zoom-phone-cpp-sdk/" + std::string{version()};
  /// How the generated operations decode responses: lenient by default (a value that does not
  /// fit its member is kept in the model's `extra` and reported to `decoding.on_mismatch`), or
  /// strict (it is a zoom::DecodeError). See zoom/json.hpp.
  json::DecodeOptions decoding{};
};

namespace detail {
class ClientState;
}

/// Cheap to create and to share: coroutines on any thread of the executor may call `send` at
/// once. Connections (keep-alive, per host, bounded), TLS settings and the token cache belong to
/// the client and are closed with it. Copies share the same state.
///
/// Thread-safety: `send` (and so every generated operation and pager) may run any number of
/// times at once, from coroutines on any thread running the client's executor (a multi-threaded
/// io_context included): the connection pools, the token cache and the rate limiter are
/// synchronized, and each connection does its I/O on a strand of its own. The executor must be
/// running while calls are in flight. A Client object is a handle, like a std::shared_ptr:
/// different copies may be used and destroyed on different threads at once.
class Client {
 public:
  /// The executor the client does its I/O on.
  using executor_type = boost::asio::any_io_executor;

  /// No connection is made until the first request. Throws zoom::Error for options that cannot
  /// work: a base URL or OAuth URL that does not parse, plain http:// without allow_plain_http,
  /// an extra CA that cannot be loaded, OAuth credentials with an empty id or secret, UserOAuth
  /// without a refresh token. With UserOAuth and a TokenStore it calls `store->load()`, and lets
  /// what that throws through.
  explicit Client(executor_type executor, ClientOptions options = {});
  /// Releases this handle. The connections and the token cache go with the last copy, once the
  /// calls in flight, which keep them alive, have finished.
  ~Client();
  /// Another handle to the same client: connections, tokens and rate limiter shared.
  Client(const Client&) = default;
  /// Makes this a handle to the client of `other`.
  Client& operator=(const Client&) = default;

  /// The executor the client was created with.
  executor_type get_executor() const noexcept;
  /// The options the client was created with.
  const ClientOptions& options() const noexcept;
  /// How responses are decoded: `options().decoding`.
  const json::DecodeOptions& decoding() const noexcept { return options().decoding; }

  /// Sends `request` and returns the 2xx response (with Request::any_status, the response of any
  /// status once retries are done). On the way: the rate limiter, a valid access
  /// token (renewed once and the request replayed once when Zoom answers 401 code 124), retries
  /// with backoff for what RetryPolicy retries, the overall deadline.
  /// Throws zoom::ApiError for any other status (or after the last retry), zoom::TransportError
  /// when no complete response arrives, zoom::DeadlineExceeded, zoom::DailyLimitReached,
  /// zoom::Error when no token can be had. Cancellation (e.g. `||` with a timer) ends it promptly
  /// with boost::system::system_error(operation_aborted); the connection in use is closed and the
  /// client stays usable. A token request is retried under the same RetryPolicy, as a request that
  /// is not idempotent (429, 502, 503, 504, and failures before it reached the server); when it
  /// still fails, the call ends at once (zoom::ApiError for its error status,
  /// zoom::TransportError, or zoom::Error for an unusable answer). The call keeps the client's state alive until it ends.
  boost::asio::awaitable<Response> send(Request request);

  /// Sends `request` as `send(request)` does (rate limiter, token and its replay after a 401
  /// code 124, retries, deadline, ClientOptions::on_attempt), but a 2xx body goes to `sink` as it
  /// arrives, in pieces of up to 64 KiB, and is never held whole: for downloads such as
  /// recordings. The sink is called on a thread of the client's executor, one piece at a time,
  /// while the call is in flight. The Response returned has the status and headers and an empty body;
  /// ClientOptions::max_response_body does not bound a streamed body. Any other status is read
  /// whole (bounded by max_response_body) and never reaches the sink: it is retried or thrown as
  /// zoom::ApiError as by `send`, or with Request::any_status returned with its body in
  /// Response::body. The connection is reused once the body is complete.
  ///
  /// A retry happens only before the first byte has reached the sink. A connection that breaks
  /// after that throws zoom::TransportError saying how many bytes were delivered, and is not
  /// retried: the sink has seen part of a body. Each read of a streamed body waits at most
  /// ClientOptions::request_timeout (capped by what was left of the overall deadline when the
  /// attempt began); the download as a whole is bounded by neither. What the sink throws ends the
  /// call at once (the connection is closed) and propagates as it is; the client stays usable.
  /// Throws std::invalid_argument for an empty sink.
  boost::asio::awaitable<Response> send(Request request, BodySink sink);

  /// How many connections this client has opened so far (all hosts): shows keep-alive at work.
  std::size_t connections_opened() const noexcept;

 private:
  std::shared_ptr<detail::ClientState> state_;
};

namespace detail {
/// Sends `request` as Client::send does; its response dropped.
boost::asio::awaitable<void> send_dropping_response(Client client, Request request);
/// An awaitable that throws `error` when it is awaited.
boost::asio::awaitable<void> throw_when_awaited(std::exception_ptr error);
}  // namespace detail

/// What a generated operation whose response has no body returns: the request `make_request()`
/// builds, sent as Client::send sends it, its response dropped. Not a coroutine, so that an API of
/// hundreds of such operations compiles one in the runtime rather than one each: the request is
/// built when the operation is called, and what building it throws (a body that cannot be
/// encoded, say) is thrown when the result is awaited, as from a coroutine.
template <class MakeRequest>
boost::asio::awaitable<void> send_dropping_response(Client& client, MakeRequest&& make_request) {
  try {
    return detail::send_dropping_response(client, std::forward<MakeRequest>(make_request)());
  } catch (...) {
    return detail::throw_when_awaited(std::current_exception());
  }
}

}  // namespace zoom
