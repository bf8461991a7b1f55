#include "service.hpp"

#include "validation.hpp"

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

#include <algorithm>
#include <initializer_list>
#include <stdexcept>

namespace zoom::sandbox::detail {

Service::Service(const Options& options)
    : clock_(options.clock),
      credentials_(options.credentials),
      new_token_revokes_old_(options.new_token_revokes_old),
      data_(options.seed, options.users),
      calls_(data_),
      tokens_(options.token_lifetime, issued_tokens_),
      refresh_tokens_(issued_tokens_),
      pages_(options.page_token_lifetime),
      limiter_(options.rate_limits) {
  if (options.token_lifetime.count() <= 0)
    throw std::invalid_argument("zoom::sandbox: Options::token_lifetime must be positive");
  if (options.page_token_lifetime.count() <= 0)
    throw std::invalid_argument("zoom::sandbox: Options::page_token_lifetime must be positive");
}

sys_seconds Service::now() const {
  return std::chrono::floor<std::chrono::seconds>(clock_ ? clock_() : std::chrono::system_clock::now());
}

void Service::count_connection() {
  const std::lock_guard lock(stats_mutex_);
  ++stats_.connections_accepted;
}

void Service::count_fault() {
  const std::lock_guard lock(stats_mutex_);
  ++stats_.faults_applied;
}

void Service::count_tls_handshake(bool completed) {
  const std::lock_guard lock(stats_mutex_);
  ++(completed ? stats_.tls_handshakes_completed : stats_.tls_handshakes_failed);
}

void Service::count_request_bytes(std::size_t bytes) {
  const std::lock_guard lock(stats_mutex_);
  stats_.request_bytes_read += bytes;
}

void Service::token_request_started() {
  const std::lock_guard lock(stats_mutex_);
  ++token_requests_in_progress_;
  stats_.max_concurrent_token_requests = std::max(stats_.max_concurrent_token_requests, token_requests_in_progress_);
}

void Service::token_request_finished() {
  const std::lock_guard lock(stats_mutex_);
  if (token_requests_in_progress_ > 0) --token_requests_in_progress_;
}

Stats Service::stats() const {
  const std::lock_guard lock(stats_mutex_);
  return stats_;
}

std::string Service::issue_token() { return tokens_.issue(now()); }

std::vector<boost::json::object> Service::call_logs(std::string_view user, year_month_day from,
                                                    year_month_day to, const Filters& filters) const {
  const auto index = data_.find_user(user);
  if (!index) throw std::invalid_argument("zoom::sandbox: call_logs: no such user: '" + std::string(user) + "'");
  if (const auto problem = check_filters(filters)) throw std::invalid_argument("zoom::sandbox: call_logs: " + *problem);
  if (!from.ok() || !to.ok()) throw std::invalid_argument("zoom::sandbox: call_logs: invalid date");
  return calls_.call_logs({*index, sys_days{from}, sys_days{to} + std::chrono::days{1} - std::chrono::seconds{1}, now(),
                           filters});
}

Service::RequestKind Service::classify(std::string_view target) {
  const auto parsed = boost::urls::parse_uri_reference(target);
  if (parsed && parsed->encoded_path() == "/oauth/token") return RequestKind::token;
  if (parsed && parsed->encoded_path().starts_with("/v2/")) return RequestKind::api;
  return RequestKind::other;
}

Service::RequestKind Service::record(const HttpRequest& request) {
  const RequestKind kind = classify(request.target);
  bool refresh = false;
  if (kind == RequestKind::token) {
    // A target that parsed as a URI reference above parses again here.
    const boost::urls::url_view url = *boost::urls::parse_uri_reference(request.target);
    refresh = requested_grant_type({request.authorization, url.params(boost::urls::encoding_opts{true, false, false}),
                                    request.content_type, request.body}) == "refresh_token";
  }
  const std::lock_guard lock(stats_mutex_);
  stats_.targets.emplace_back(request.target);
  if (kind == RequestKind::token) ++stats_.token_requests;
  if (kind == RequestKind::api) ++stats_.api_requests;
  if (refresh) ++stats_.refresh_requests;
  return kind;
}

HttpReply Service::respond(const HttpRequest& request) {
  const auto parsed = boost::urls::parse_uri_reference(request.target);
  const bool token_path = parsed && parsed->encoded_path() == "/oauth/token";
  if (!parsed) return zoom_error(400, 300, "Malformed request target: " + std::string(parsed.error().message()) + ".");
  const boost::urls::url_view url = *parsed;
  const boost::urls::params_view query = url.params(boost::urls::encoding_opts{true, false, false});

  if (token_path) {
    if (request.method != "POST") return method_not_allowed(request.method, "/oauth/token", "POST");
    const JsonReply reply = token_endpoint({request.authorization, query, request.content_type, request.body},
                                           credentials_, tokens_, refresh_tokens_, now(), new_token_revokes_old_,
                                           api_url_);
    HttpReply out = json_reply(reply.status, reply.body);
    out.headers.emplace_back("Cache-Control", "no-store");
    return out;
  }

  // Path segments are percent-decoded one by one (an email as userId stays one segment).
  std::vector<std::string> segments;
  for (const std::string segment : url.segments()) segments.push_back(segment);
  if (!url.is_path_absolute()) segments.clear();
  return route(request, segments, query, url.encoded_path());
}

namespace {

// Whether `segments` match `pattern`, where "*" stands for any non-empty segment.
bool matches(const std::vector<std::string>& segments, std::initializer_list<std::string_view> pattern) {
  if (segments.size() != pattern.size()) return false;
  auto it = segments.begin();
  for (std::string_view p : pattern) {
    if (p == "*" ? it->empty() : *it != p) return false;
    ++it;
  }
  return true;
}

}  // namespace

HttpReply Service::route(const HttpRequest& request, const std::vector<std::string>& s,
                         boost::urls::params_view query, std::string_view path) {
  const std::string_view method = request.method;
  auto only = [&](std::string_view allowed, std::string_view pattern) -> std::optional<HttpReply> {
    if (method == allowed) return std::nullopt;
    return method_not_allowed(method, pattern, allowed);
  };
  if (matches(s, {"v2", "phone", "users", "*", "call_logs"})) {
    if (auto no = only("GET", "/v2/phone/users/{userId}/call_logs")) return std::move(*no);
    return call_logs_endpoint(request, s[3], query);
  }
  if (matches(s, {"v2", "phone", "users", "*", "call_history"})) {
    if (auto no = only("GET", "/v2/phone/users/{userId}/call_history")) return std::move(*no);
    return history_endpoint(request, s[3], query);
  }
  if (matches(s, {"v2", "phone", "users", "*", "call_history", "sync"})) {
    if (auto no = only("GET", "/v2/phone/users/{userId}/call_history/sync")) return std::move(*no);
    return sync_endpoint(request, s[3], query);
  }
  if (matches(s, {"v2", "phone", "users", "*", "call_history", "*"})) {
    if (auto no = only("DELETE", "/v2/phone/users/{userId}/call_history/{callLogId}")) return std::move(*no);
    return delete_history_endpoint(request, s[3], s[5]);
  }
  if (matches(s, {"v2", "phone", "call_history"})) {
    if (auto no = only("GET", "/v2/phone/call_history")) return std::move(*no);
    return history_endpoint(request, std::nullopt, query);
  }
  if (matches(s, {"v2", "phone", "call_history", "*"})) {
    if (auto no = only("GET", "/v2/phone/call_history/{callLogId}")) return std::move(*no);
    return call_path_endpoint(request, s[3]);
  }
  if (matches(s, {"v2", "phone", "call_history", "*", "client_code"})) {
    if (auto no = only("PATCH", "/v2/phone/call_history/{callLogId}/client_code")) return std::move(*no);
    return client_code_endpoint(request, s[3]);
  }
  if (matches(s, {"v2", "phone", "call_logs"})) {
    if (auto no = only("GET", "/v2/phone/call_logs")) return std::move(*no);
    return account_logs_endpoint(request, query);
  }
  if (matches(s, {"v2", "phone", "call_logs", "*"})) {
    if (auto no = only("GET", "/v2/phone/call_logs/{callLogId}")) return std::move(*no);
    return log_details_endpoint(request, s[3]);
  }
  return zoom_error(404, 404, "No such API: " + std::string(method) + ' ' + std::string(path) + ".");
}

HttpReply Service::call_logs_endpoint(const HttpRequest& request, const std::string& user_key,
                                      boost::urls::params_view query) {
  const sys_seconds now = this->now();
  if (auto denied = admit(request, RateLabel::heavy, now)) return std::move(*denied);

  const auto user = data_.find_user(user_key);
  if (!user) return zoom_error(404, 1001, "User does not exist: " + user_key + ".");

  auto validated = validate_query(read_query(query), now);
  if (const auto* error = std::get_if<ValidationError>(&validated)) return validation_error(*error);
  const CallLogQuery& q = std::get<CallLogQuery>(validated);

  const std::string fingerprint = q.fingerprint(data_.users()[*user].id);
  const auto cursor = listing_cursor(q.next_page_token, fingerprint, q.begin, q.end, now);
  if (!cursor) return zoom_error(400, 300, "The next page token is invalid or expired.");

  // An explicit window is echoed as sent (its days); the default one as the days it spans.
  const year_month_day from_date =
      q.from_text.empty() ? year_month_day{std::chrono::floor<std::chrono::days>(cursor->begin)} : q.from_date;
  const year_month_day to_date =
      q.from_text.empty() ? year_month_day{std::chrono::floor<std::chrono::days>(cursor->end)} : q.to_date;
  return page_reply(calls_.call_logs({*user, cursor->begin, cursor->end, cursor->now, q.filters}), *cursor,
                    q.page_size, format_date(from_date), format_date(to_date), now);
}

std::optional<HttpReply> Service::admit(const HttpRequest& request, RateLabel label, sys_seconds now) {
  const auto token = parse_bearer_authorization(request.authorization);
  const AccessTokens::Status status = token ? tokens_.check(*token, now) : AccessTokens::Status::unknown;
  if (status == AccessTokens::Status::unknown) return zoom_error(401, 124, "Invalid access token.");
  if (status == AccessTokens::Status::expired) return zoom_error(401, 124, "Access token is expired.");
  // Rate limits are per account, so they apply once the token says which account is asking.
  return rate_limit(label, now);
}

std::optional<PageCursor> Service::listing_cursor(const std::string& next_page_token, const std::string& fingerprint,
                                                  sys_seconds begin, sys_seconds end, sys_seconds now) const {
  if (next_page_token.empty()) return PageCursor{fingerprint, 0, begin, end, now};
  return pages_.redeem(next_page_token, fingerprint, now);
}

HttpReply Service::page_reply(std::vector<boost::json::object> records, const PageCursor& cursor, int page_size,
                              std::string from, std::string to, sys_seconds now) {
  const std::size_t total = records.size();
  const auto size = static_cast<std::size_t>(page_size);
  const std::size_t first = std::min(cursor.offset, total);
  const std::size_t last = std::min(first + size, total);
  std::string next_token;
  if (last < total) next_token = pages_.issue({cursor.fingerprint, last, cursor.begin, cursor.end, cursor.now}, now);

  boost::json::array page;
  page.reserve(last - first);
  for (std::size_t i = first; i < last; ++i) page.push_back(std::move(records[i]));
  boost::json::object body{{"from", from},
                           {"to", to},
                           {"page_count", (total + size - 1) / size},
                           {"page_size", page_size},
                           {"total_records", total},
                           {"next_page_token", next_token}};
  body["call_logs"] = std::move(page);
  return json_reply(200, body);
}

std::optional<HttpReply> Service::rate_limit(RateLabel label, sys_seconds now) {
  const auto rejection = limiter_.admit(label, std::chrono::steady_clock::now(), now);
  if (!rejection) return std::nullopt;
  {
    const std::lock_guard lock(stats_mutex_);
    ++stats_.rate_limited;
  }
  HttpReply reply{429, rate_limit_body(rejection->daily), {}};
  reply.headers.emplace_back("X-RateLimit-Category", label_name(rejection->label));
  reply.headers.emplace_back("X-RateLimit-Type", rejection->daily ? "Daily-limit" : "QPS");
  reply.headers.emplace_back("X-RateLimit-Limit", std::to_string(rejection->limit));
  reply.headers.emplace_back("X-RateLimit-Remaining", "0");
  if (rejection->daily) reply.headers.emplace_back("Retry-After", format_date_time(rejection->retry_at));
  return reply;
}

}  // namespace zoom::sandbox::detail
