// zoom::sandbox — a Zoom look-alike HTTP(S) server for tests, the CLI and benchmarks.
//
// Serves Server-to-Server and user-level (refresh-token) OAuth (`POST /oauth/token`), the call
// logs (`GET /v2/phone/users/{userId}/call_logs`, the account's `GET /v2/phone/call_logs` and
// one call's `/call_logs/{id}`) and the call history (user and account listings, a call's path,
// the sync, client codes, deletion) with deterministic synthetic data — each call one value seen
// through both families — real paging and Zoom's validation and error bodies, Zoom's per-label rate limits (optional), and faults
// scripted per request (errors, delays, resets, truncation, 429s). It runs on the executor it
// is given (owns no threads) and may be driven by a multi-threaded io_context.
//
// It also plays Zoom's webhooks: it delivers signed events (the URL-validation challenge first,
// retries, scriptable faults, completed events as its synthetic calls end) to a URL.
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
#include <optional>
#include <string>
#include <string_view>
#include <utility>
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
  std::string id{};                // like Zoom's: 22 characters of [A-Za-z0-9_-]
  std::string email{};             // matched case-insensitively
  std::string name{};
  std::string extension_number{};  // "1001", "1002", ...
  std::string phone_number{};      // the user's direct number, E.164
};

// Zoom's rate limits, per account and per rate-limit label; 0 = unlimited. Per-second limits
// count requests in fixed one-second windows of std::chrono::steady_clock (floored to the
// second), so a client that never sends more than N requests within any 1-second interval never
// gets a 429 for them. Over a limit: 429 with X-RateLimit-Category (the label), X-RateLimit-Type:
// QPS, X-RateLimit-Limit, X-RateLimit-Remaining: 0, Zoom's body, and no Retry-After. The daily
// cap, shared by Heavy and Resource-intensive requests, counts per UTC day of Options::clock;
// over it: 429 with X-RateLimit-Type: Daily-limit and Retry-After: the next UTC midnight as
// ISO-8601 (2026-11-28T00:00:00Z). Rejected requests count toward no limit. Only authenticated
// requests to an endpoint count (listings are Heavy, the call-history sync Medium, the
// endpoints of one call Light); 401s and unknown paths do not.
struct RateLimits {
  int light_per_second = 0;
  int medium_per_second = 0;
  int heavy_per_second = 0;
  int resource_intensive_per_minute = 0;
  int daily_cap = 0;  // shared by Heavy and Resource-intensive requests, per UTC day

  // Zoom Phone's published limits.
  static RateLimits pro() { return {20, 10, 5, 5, 15000}; }
  static RateLimits business() { return {40, 20, 10, 10, 30000}; }
};

// A TLS protocol version, for Options::tls_max_version.
enum class TlsVersion { v1_0, v1_1, v1_2, v1_3 };

// ---- Webhooks: the sandbox posts signed events to a URL, as Zoom does (see sandbox/README.md,
// "Webhook delivery"). Signed independently of the SDK, with OpenSSL's HMAC.

// One HTTP request the sandbox sent to the webhook URL, and what became of it.
struct WebhookAttempt {
  std::uint64_t delivery = 0;            // the event's number (1, 2, ... in the order accepted); 0: the
                                         // endpoint.url_validation challenge
  std::string event{};                   // "endpoint.url_validation", "phone.callee_call_history_completed", ...
  std::string body{};                    // the bytes sent, exactly
  std::string timestamp{};               // x-zm-request-timestamp as sent (unix seconds)
  std::string signature{};               // x-zm-signature as sent ("v0=" + 64 hex digits)
  int attempt = 1;                       // which send of this delivery: 1, 2, ... (every send counts: retries
                                         // and the copies the replay / duplicate faults make)
  std::string fault{};                   // "" | "bad_signature" | "stale_timestamp" | "replay" | "duplicate"
  bool signed_correctly = true;          // signature == v0=hex(HMAC-SHA256(secret, "v0:" + timestamp + ":" + body))
  int status = 0;                        // the HTTP status answered; 0 when there was no answer
  std::string response_body{};           // the answer's body (validation: the tokens)
  std::string error{};                   // why it failed ("" when it succeeded): "no answer within 3000 ms",
                                         // "HTTP 500", "connect: Connection refused", "encryptedToken is wrong", ...
  bool timed_out = false;                // no (complete) answer within the deadline
  bool ok = false;                       // 200..299 within the deadline (validation: 200 and both tokens right)
  std::chrono::milliseconds elapsed{0};  // from the start of connecting until the answer or the error
};

// Where the sandbox delivers events, and how (Zoom's behaviour by default).
struct WebhookSubscription {
  std::string url{};                  // http://host[:port][/path][?query] (plain HTTP only)
  std::string secret_token{};         // the app's secret token: the HMAC key; never logged nor recorded
  std::vector<std::string> events{};  // the event names delivered; empty: every event
  // The receiver's time to answer an attempt (connect, send and the whole answer); later is a
  // failure, and the connection is closed.
  std::chrono::milliseconds deadline{3000};
  // After a failed attempt (no answer in time, not 2xx, no connection) the event is sent again
  // after each of these delays in turn (real time, an asynchronous timer), then dropped. Tests
  // shrink them to milliseconds.
  std::vector<std::chrono::milliseconds> retry_delays{std::chrono::minutes{5}, std::chrono::minutes{20},
                                                      std::chrono::minutes{60}};
  // How often (real time) the sandbox looks for calls whose end has passed on Options::clock
  // since the last look, and sends their completed events; 0: only deliver_completed_calls().
  std::chrono::milliseconds scan_interval{1000};
  // With the call-history events, also the older generation phone.{callee,caller}_call_log_completed.
  bool call_log_events = true;
  // The challenge is sent again before the next event once this much of Options::clock has
  // passed since the last one (Zoom: 72 hours).
  std::chrono::hours revalidate_after{72};
  // The clock of x-zm-request-timestamp; empty: the real clock (receivers check it against
  // theirs), whatever Options::clock says. event_ts follows Options::clock.
  std::function<std::chrono::system_clock::time_point()> timestamp_clock{};
  // Called (on the executor, outside the sandbox's locks) after every attempt.
  std::function<void(const WebhookAttempt&)> on_attempt{};
};

// A scripted misbehaviour of webhook delivery (see Sandbox::inject_webhook).
struct WebhookFault {
  enum class Kind {
    bad_signature,    // the event is sent with a wrong x-zm-signature (right form, one digit off)
    stale_timestamp,  // x-zm-request-timestamp `age` in the past, signed correctly for it
    replay,           // after the send, the same request again as is: body, timestamp, signature
    duplicate,        // after the send, the event again as a retry sends it: same body (same
                      // event_ts), a new timestamp and signature
  };
  Kind kind = Kind::bad_signature;
  std::chrono::seconds age{600};       // stale_timestamp
  std::chrono::milliseconds delay{0};  // replay, duplicate: waited after the send before the copy
};

// Where webhook delivery stands.
struct WebhookStatus {
  bool subscribed = false;
  bool validated = false;          // the last challenge was answered right
  std::string validation_error{};  // why the last challenge failed; empty when it passed (or none yet)
  std::size_t validations = 0;     // challenges sent
  std::size_t pending = 0;         // events waiting to be sent, retried or copied (faults)
  std::size_t delivered = 0;       // events answered 2xx in time
  std::size_t dropped = 0;         // events given up after the last retry
  std::size_t not_sent = 0;        // events never sent: the URL failed validation, or unsubscribed
  bool busy = false;               // a challenge is due or in flight, or an attempt is in flight
  bool idle() const { return pending == 0 && !busy; }
};

struct Options {
  std::string address = "127.0.0.1";
  std::uint16_t port = 0;  // 0: any free port
  bool tls = false;        // HTTPS with a CA + certificate made when the Sandbox is constructed
  // SANs of the server certificate (IP: for addresses, DNS: otherwise); tests set another
  // name to check host-name verification.
  std::vector<std::string> tls_host_names = {"localhost", "127.0.0.1"};
  // The server certificate's validity, as offsets from the real clock when the Sandbox is
  // constructed (the CA's validity always covers it): tests make it expired (both negative) or
  // not yet valid (both positive). Throws std::invalid_argument unless from < until.
  std::chrono::seconds tls_valid_from{-60 * 60};
  std::chrono::seconds tls_valid_until{24 * 60 * 60};
  // The newest TLS version the server speaks (it speaks 1.2 and newer up to it). Below 1.2 it
  // speaks TLS 1.0 up to that version only, at OpenSSL security level 0 (which TLS 1.0/1.1 need):
  // an outdated server, for tests of clients that must refuse it. Such a server answers a client
  // that offers only TLS 1.2 and 1.3 with a protocol_version alert...
  TlsVersion tls_max_version = TlsVersion::v1_3;
  // ...unless this is set: then it speaks exactly tls_max_version and ignores the versions the
  // client lists, as a server that predates TLS 1.3 does, so it answers in its own version.
  bool tls_legacy_server = false;
  std::uint64_t seed = 1;  // same seed -> same users and call logs
  int users = 5;           // at least 1
  Credentials credentials{};
  std::chrono::seconds token_lifetime{3600};
  std::chrono::seconds page_token_lifetime{15 * 60};
  // Empty: system_clock::now. Tests move time with it. Drives token and page-token expiry,
  // the "now" of the data (calls exist up to now) and the six-month / 24-hour windows. The
  // TLS certificate's validity always uses the real clock.
  std::function<std::chrono::system_clock::time_point()> clock{};
  // Additions to the brief:
  std::chrono::seconds idle_timeout{60};  // a keep-alive connection idle this long is closed
  bool new_token_revokes_old = false;     // true: each /oauth/token response invalidates
                                          // every access token issued before it
  using RateLimits = zoom::sandbox::RateLimits;
  RateLimits rate_limits{};  // default: no limits
  // Subscribed at start() (see Sandbox::subscribe); none by default.
  std::optional<WebhookSubscription> webhook{};
};

// A scripted misbehaviour for one request (see Sandbox::inject).
struct Fault {
  enum class Kind {
    respond,               // answer with `status`, `headers`, `body` instead of the real handler
    reset_before_headers,  // read the request, then reset the TCP connection (SO_LINGER 0 + close)
                           // without a byte of response
    reset_after_headers,   // send the real response's status line and headers (with its
                           // Content-Length), then reset
    truncated_body,        // send the real response's headers and half its body, then close
    malformed_json,        // 200 with Content-Type application/json and a body that is not JSON
    expire_token,          // expire every issued access token first, then handle the request
                           // normally (-> 401 code 124)
    delay_only,            // just `delay`, then handle normally
    echo_request,          // answer `status` with the request as received (request line, every
                           // header, Authorization included, and body) as the `message` of a
                           // Zoom-like JSON error body: a server or proxy that reflects what it got
  };
  Kind kind = Kind::respond;
  unsigned status = 0;  // respond, echo_request: 100..999
  // respond: sent with exactly these names (a name also replaces the sandbox's own header of
  // that name, e.g. Content-Type); Content-Type: application/json is added when the body is
  // not empty and no Content-Type is given.
  std::vector<std::pair<std::string, std::string>> headers{};
  std::string body{};
  std::chrono::milliseconds delay{0};  // waited (async timer, never blocking a thread) before
                                       // acting, for every kind

  // A 429 in each header style Zoom uses. style: "seconds" (Retry-After: 2), "http-date"
  // (Retry-After: Fri, 27 Nov 2026 19:00:02 GMT), "iso" (Retry-After: 2026-11-27T19:00:02Z),
  // "none" (no Retry-After), "lower-case" (all header names lower-case, retry-after as
  // seconds); dates are now + retry_after. `type` is the X-RateLimit-Type value ("QPS" or
  // "Daily-limit"; empty: header absent). Body like Zoom's: {"code":429,"message":"You have
  // reached the maximum per-second rate limit for this API. Try again later."} ("maximum daily
  // rate limit" for Daily-limit). Also X-RateLimit-Category: Heavy, X-RateLimit-Limit (5 for
  // QPS, 15000 for Daily-limit: Zoom Pro's Heavy limits) and X-RateLimit-Remaining: 0.
  // Throws std::invalid_argument for another style.
  static Fault too_many_requests(std::string_view style, std::chrono::seconds retry_after,
                                 std::string_view type = "QPS",
                                 std::chrono::system_clock::time_point now = std::chrono::system_clock::now());
  // `status` with this body as is (e.g. 503 with Zoom-like JSON, or empty).
  static Fault status_code(unsigned status, std::string body = "");
};

// Filters of the call-log query, with the API's defaults (see call_logs()).
struct Filters {
  std::string type = "all";             // "all" | "missed"
  std::string phone_number{};           // empty: no filter; else caller or callee number equal
  std::string time_type = "startTime";  // "startTime" | "endTime"
};

// Filters of the call-history listings (GET /phone/users/{userId}/call_history and GET
// /phone/call_history), with the API's defaults (see call_history()). Empty = no filter.
struct HistoryFilters {
  std::string keyword{};  // case-insensitive substring of a name, number, extension, email or call_id
  std::vector<std::string> directions{};       // inbound | outbound
  std::vector<std::string> connect_types{};    // internal | external
  std::vector<std::string> number_types{};     // zoom_pstn, external_pstn, byoc, byop, ... (caller or callee)
  std::vector<std::string> call_types{};       // general | emergency
  std::vector<std::string> extension_types{};  // user, call_queue, auto_receptionist, ... (caller or callee)
  std::vector<std::string> call_results{};     // answered, connected, voicemail, hang_up, no_answer, ...
  std::vector<std::string> group_ids{};
  std::vector<std::string> site_ids{};
  std::string department{};                    // equal to the record's department
  std::string cost_center{};                   // equal to the record's cost_center
  std::string time_type = "start_time";        // "start_time" | "end_time" (not startTime)
  std::string recording_status{};              // "" every call (Zoom's default is "recorded") |
                                               // "recorded" | "non_recorded"
};

// Filters of the account's call-log listing (GET /phone/call_logs; see account_call_logs()).
struct AccountFilters {
  std::string type = "all";             // "all" | "missed"
  std::string time_type = "startTime";  // "startTime" | "endTime"
  std::string path{};                   // empty: no filter; else the record's path equal to it
  std::string site_id{};                // empty: no filter; else the owner's site
  bool charged_only = false;            // charged_call_logs=true: only calls with a non-zero charge
};

struct Stats {
  std::size_t connections_accepted = 0;
  std::size_t token_requests = 0;  // requests to /oauth/token, whatever their outcome (faulted too)
  std::size_t api_requests = 0;    // requests to /v2/..., whatever their outcome (faulted too)
  std::vector<std::string> targets{};  // every request target exactly as received, in order
  std::size_t faults_applied = 0;      // requests that got an injected fault
  std::size_t rate_limited = 0;        // 429s sent by the rate limiter (injected ones excluded)
  std::size_t refresh_requests = 0;    // grant_type=refresh_token requests, whatever their outcome
  // The most /oauth/token requests handled at the same moment: one is handled from the end of
  // reading its request (so a `delay` fault counts) until just before the first byte of its
  // response is written (or the connection is reset or closed).
  std::size_t max_concurrent_token_requests = 0;
  // TLS handshakes that completed / failed (refused by the client, timed out, ...).
  std::size_t tls_handshakes_completed = 0;
  std::size_t tls_handshakes_failed = 0;
  // Bytes of HTTP read from clients (after TLS decryption), complete requests or not: 0 proves
  // that no byte of a request reached the server.
  std::size_t request_bytes_read = 0;
};

class Sandbox {
 public:
  // Throws std::invalid_argument on bad options (users < 1, a bad TLS host name, ...).
  using Fault = zoom::sandbox::Fault;

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
  // A fresh refresh token for grant_type=refresh_token (user-level OAuth). Each one works once:
  // redeeming it hands out a new one (rotation). Refresh tokens do not expire.
  std::string issue_refresh_token();
  // Every access token and refresh token handed out so far (by /oauth/token, issue_token() and
  // issue_refresh_token()), expired and used ones too, in order: for tests that look for leaks.
  std::vector<std::string> issued_tokens() const;

  // The next `times` requests whose path (the target before any '?') starts with `path_prefix`
  // ("/v2/" for the API, "/oauth/token" for OAuth, "" for any; a prefix with a '?' is matched
  // against the whole target, query included, as sent) get `fault`, in the order
  // scripted: a request gets the earliest-scripted fault whose prefix matches it (so a FIFO per
  // prefix). times == 0 scripts nothing. Throws std::invalid_argument for a `respond` fault
  // whose status is not 100..999 or a negative delay. Thread-safe.
  void inject(std::string path_prefix, Fault fault, std::size_t times = 1);
  void clear_faults();                // forgets every fault not yet applied
  std::size_t faults_pending() const; // requests that would still get a fault

  // Ground truth: every record GET /v2/phone/users/{user}/call_logs returns for the window
  // from..to (whole days, UTC) and these filters, across all pages, in the order the API
  // returns them, as the JSON objects it serves. `user` is an id, an email or "me".
  // Throws std::invalid_argument for an unknown user or a filter value the API rejects.
  std::vector<boost::json::object> call_logs(std::string_view user,
                                             std::chrono::year_month_day from,
                                             std::chrono::year_month_day to,
                                             const Filters& filters = {}) const;

  // Ground truth of the call history: every record GET /v2/phone/users/{user}/call_history
  // returns (GET /v2/phone/call_history when `user` is empty: every user's, merged) for the
  // window [from, to] (both included, on the filters' time_type) and these filters, across all
  // pages, in the order served (newest first, ties by id). Calls deleted for `user` are left
  // out of its listing; client codes set show. `user` is an id, an email or "me". No
  // one-month or six-month limit applies here. Throws std::invalid_argument for an unknown
  // user, from > to, or a filter value the API rejects.
  std::vector<boost::json::object> call_history(std::string_view user, std::chrono::sys_seconds from,
                                                std::chrono::sys_seconds to,
                                                const HistoryFilters& filters = {}) const;
  // The same for whole days (UTC): from 00:00:00 of `from` to 23:59:59 of `to`.
  std::vector<boost::json::object> call_history(std::string_view user, std::chrono::year_month_day from,
                                                std::chrono::year_month_day to,
                                                const HistoryFilters& filters = {}) const;
  // Ground truth of GET /v2/phone/call_logs: every user's call logs of the days from..to (UTC)
  // with these filters, across all pages, in the order served, with the account listing's
  // fields (owner, call_type, recording_id). Throws std::invalid_argument like call_logs().
  std::vector<boost::json::object> account_call_logs(std::chrono::year_month_day from,
                                                     std::chrono::year_month_day to,
                                                     const AccountFilters& filters = {}) const;
  // GET /v2/phone/call_history/{id}: the call's history record with call_path[] (its legs),
  // or nullopt when no call with that call log id (or call_id) has ended by now.
  std::optional<boost::json::object> call_path(std::string_view id) const;
  // Every record of the user's call-history sync as of now, in sync order (end_time, then id,
  // ascending): what a full sync (FSync, then ISync until a short page) delivers. Throws
  // std::invalid_argument for an unknown user.
  std::vector<boost::json::object> sync_records(std::string_view user) const;

  Stats stats() const;

  // ---- Webhook delivery (Zoom's: signed POSTs to a URL; see WebhookSubscription). One
  // subscription at a time. Deliveries go out one at a time, earliest due first, on the
  // executor. Thread-safe.

  // Subscribes `subscription.url` (replacing any subscription; events still pending for the old
  // one count as not sent): the endpoint.url_validation challenge goes out first, and only when
  // it is answered right are events sent; otherwise every event counts as not sent and
  // webhook_status().validation_error says why. Before start(), it takes effect at start().
  // Throws std::invalid_argument for a URL that is not http://host[:port][/path], an empty
  // secret, a non-positive deadline or a negative delay.
  void subscribe(WebhookSubscription subscription);
  void unsubscribe();  // pending events count as not sent
  void revalidate();   // sends the challenge again now (as Zoom's "Validate" button)

  // Queues `event` with payload {"account_id", "object": object} and event_ts = Options::clock
  // in milliseconds. Returns its delivery number, or 0 when it will not be sent: no
  // subscription, an event the subscription leaves out, or a URL that failed validation.
  std::uint64_t send_event(std::string event, boost::json::object object);
  // Queues the completed events of every call that ended in (after, until] and by now on
  // Options::clock, in the order they ended: phone.callee_call_history_completed (the user's
  // inbound calls) or phone.caller_call_history_completed (outbound), payload.object
  // {"user_id", "call_logs": [the record as the call-history listings serve it]}, event_ts the
  // call's end; plus, with call_log_events, phone.{callee,caller}_call_log_completed with the
  // call log. Returns the number of events queued. The periodic scan (scan_interval) does this
  // for the time since its last look (a window both cover is sent twice).
  std::size_t deliver_completed_calls(std::chrono::sys_seconds after, std::chrono::sys_seconds until);

  // The next `times` event sends (first attempts or retries; never the challenge nor the copies
  // that replay / duplicate make) get `fault`, in the order scripted. Throws std::invalid_argument for a negative age or delay.
  void inject_webhook(WebhookFault fault, std::size_t times = 1);
  void clear_webhook_faults();

  std::vector<WebhookAttempt> webhook_attempts() const;  // every attempt so far, in order
  WebhookStatus webhook_status() const;

  struct Impl;

 private:
  std::shared_ptr<Impl> impl_;  // shared with the coroutines, which may outlive *this
};

}  // namespace zoom::sandbox
