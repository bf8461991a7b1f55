// What the sandbox answers, without the network: routing, the OAuth, call-log and call-history
// endpoints, Zoom's error bodies, rate limits, statistics. The server (server.cpp) feeds it
// parsed requests (and applies faults, which need the network).
//
// Endpoints by file: service.cpp (routing, the user's call logs, what they share),
// history_endpoints.cpp (the call-history family), account_log_endpoints.cpp (the account's call
// logs and one call log's details).
#pragma once

#include "call_log_data.hpp"
#include "call_store.hpp"
#include "oauth.hpp"
#include "paging.hpp"
#include "rate_limit.hpp"
#include "replies.hpp"
#include "time.hpp"
#include "webhook_events.hpp"

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
  const std::vector<User>& users() const noexcept { return data_.users(); }

  // Ground truth (see Sandbox); throw std::invalid_argument for bad input.
  std::vector<boost::json::object> call_logs(std::string_view user, year_month_day from,
                                             year_month_day to, const Filters& filters) const;
  std::vector<boost::json::object> call_history(std::string_view user, sys_seconds from, sys_seconds to,
                                                const HistoryFilters& filters) const;
  std::vector<boost::json::object> account_call_logs(year_month_day from, year_month_day to,
                                                     const AccountFilters& filters) const;
  std::optional<boost::json::object> call_path(std::string_view id) const;
  std::vector<boost::json::object> sync_records(std::string_view user) const;

  // Webhooks (webhook_events.cpp): every call of every user that ended in (after, until] and by
  // now, in the order they ended (end, then id), with its call-history record and call log as
  // served (client codes included; calls the owner deleted left out).
  std::vector<CompletedCall> completed_calls(sys_seconds after, sys_seconds until) const;
  const std::string& account_id() const noexcept { return credentials_.account_id; }

 private:
  sys_seconds now() const;
  HttpReply route(const HttpRequest& request, const std::vector<std::string>& segments,
                  boost::urls::params_view query, std::string_view path);

  // The endpoints. user_key: the {userId} segment, decoded; id: the {callLogId} segment.
  HttpReply call_logs_endpoint(const HttpRequest& request, const std::string& user_key,
                               boost::urls::params_view query);
  HttpReply history_endpoint(const HttpRequest& request, const std::optional<std::string>& user_key,
                             boost::urls::params_view query);
  HttpReply sync_endpoint(const HttpRequest& request, const std::string& user_key, boost::urls::params_view query);
  HttpReply call_path_endpoint(const HttpRequest& request, const std::string& id);
  HttpReply client_code_endpoint(const HttpRequest& request, const std::string& id);
  HttpReply delete_history_endpoint(const HttpRequest& request, const std::string& user_key, const std::string& id);
  HttpReply account_logs_endpoint(const HttpRequest& request, boost::urls::params_view query);
  HttpReply log_details_endpoint(const HttpRequest& request, const std::string& id);

  // nullopt when the request's bearer token is valid and the rate limit of `label` lets it
  // through; else the 401 or 429 to send.
  std::optional<HttpReply> admit(const HttpRequest& request, RateLabel label, sys_seconds now);
  // nullopt when the request may go on; else the 429 to send.
  std::optional<HttpReply> rate_limit(RateLabel label, sys_seconds now);
  // The cursor of a listing: its first page, or the one the request's next_page_token names
  // (nullopt: the token is unknown, expired or made for another query).
  std::optional<PageCursor> listing_cursor(const std::string& next_page_token, const std::string& fingerprint,
                                           sys_seconds begin, sys_seconds end, sys_seconds now) const;
  // One page of `records` from the cursor's offset, as every listing answers:
  // {from, to, page_count, page_size, total_records, next_page_token, call_logs}.
  HttpReply page_reply(std::vector<boost::json::object> records, const PageCursor& cursor, int page_size,
                       std::string from, std::string to, sys_seconds now);

  std::function<std::chrono::system_clock::time_point()> clock_;
  Credentials credentials_;
  bool new_token_revokes_old_;
  CallLogData data_;
  CallStore calls_;             // after data_, which it reads
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
