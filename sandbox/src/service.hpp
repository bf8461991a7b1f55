// What the sandbox answers, without the network: routing, the OAuth and call-log endpoints,
// Zoom's error bodies, statistics. The server (server.cpp) feeds it parsed requests.
#pragma once

#include "call_log_data.hpp"
#include "oauth.hpp"
#include "paging.hpp"
#include "time.hpp"

#include <zoom/sandbox/sandbox.hpp>

#include <boost/json/object.hpp>
#include <boost/url/params_view.hpp>

#include <mutex>
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

  HttpReply handle(const HttpRequest& request);
  void count_connection();
  Stats stats() const;

  std::string issue_token();
  void expire_tokens() { tokens_.expire_all(); }
  std::vector<boost::json::object> call_logs(std::string_view user, year_month_day from,
                                             year_month_day to, const Filters& filters) const;
  const std::vector<User>& users() const noexcept { return data_.users(); }

 private:
  sys_seconds now() const;
  HttpReply call_logs_endpoint(const HttpRequest& request, const std::string& user_key,
                               boost::urls::params_view query);

  std::function<std::chrono::system_clock::time_point()> clock_;
  Credentials credentials_;
  bool new_token_revokes_old_;
  CallLogData data_;
  AccessTokens tokens_;
  PageTokens pages_;
  std::string api_url_;

  mutable std::mutex stats_mutex_;
  Stats stats_;
};

}  // namespace zoom::sandbox::detail
