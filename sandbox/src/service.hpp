// What the sandbox answers, without the network: routing, the OAuth and call-log endpoints,
// Zoom's error bodies, rate limits, statistics. The server (server.cpp) feeds it parsed
// requests (and applies faults, which need the network).
#pragma once

#include "call_log_data.hpp"
#include "oauth.hpp"
#include "paging.hpp"
#include "rate_limit.hpp"
#include "time.hpp"

#include <zoom/sandbox/sandbox.hpp>

#include <boost/json/object.hpp>
#include <boost/url/params_view.hpp>

#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace zoom::sandbox::detail {

struct HttpRequest {
  std::string_view method;  // "GET", "POST", ...
  std::string_view target;  // as received
  std::string_view authorization;
  std::string_view content_type;
  std::string_view body;
};

struct HttpReply {
  unsigned status = 200;
  std::string body;  // JSON
  std::vector<std::pair<std::string, std::string>> headers;  // besides Content-Type and x-zm-trackingid
};

class Service {
 public:
  explicit Service(const Options& options);

  // The API's base without /v2, reported as the token response's api_url. Set before serving.
  void set_api_url(std::string api_url) { api_url_ = std::move(api_url); }

  // Which endpoint family a request target belongs to (as counted in Stats).
  enum class RequestKind { token, api, other };
  static RequestKind classify(std::string_view target);

  // record() counts a request in the statistics (every request read, faulted or not);
  // respond() answers it. handle() does both.
  RequestKind record(const HttpRequest& request);
  HttpReply respond(const HttpRequest& request);
  HttpReply handle(const HttpRequest& request) {
    record(request);
    return respond(request);
  }
  void count_connection();
  void count_fault();
  void count_tls_handshake(bool completed);
  void count_request_bytes(std::size_t bytes);
  // Brackets the handling of one /oauth/token request (for max_concurrent_token_requests).
  void token_request_started();
  void token_request_finished();
  Stats stats() const;

  std::string issue_token();
  std::string issue_refresh_token() { return refresh_tokens_.issue(); }
  void expire_tokens() { tokens_.expire_all(); }
  std::vector<std::string> issued_tokens() const { return issued_tokens_.all(); }
  std::vector<boost::json::object> call_logs(std::string_view user, year_month_day from,
                                             year_month_day to, const Filters& filters) const;
  const std::vector<User>& users() const noexcept { return data_.users(); }

 private:
  sys_seconds now() const;
  HttpReply call_logs_endpoint(const HttpRequest& request, const std::string& user_key,
                               boost::urls::params_view query);
  // nullopt when the request may go on; else the 429 to send.
  std::optional<HttpReply> rate_limit(RateLabel label, sys_seconds now);

  std::function<std::chrono::system_clock::time_point()> clock_;
  Credentials credentials_;
  bool new_token_revokes_old_;
  CallLogData data_;
  IssuedTokens issued_tokens_;  // before the two that write to it
  AccessTokens tokens_;
  RefreshTokens refresh_tokens_;
  PageTokens pages_;
  RateLimiter limiter_;
  std::string api_url_;

  mutable std::mutex stats_mutex_;
  Stats stats_;
  std::size_t token_requests_in_progress_ = 0;  // under stats_mutex_
};

}  // namespace zoom::sandbox::detail
