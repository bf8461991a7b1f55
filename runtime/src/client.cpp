#include <zoom/client.hpp>
#include <zoom/error.hpp>

#include "api_error.hpp"
#include "endpoint.hpp"
#include "retry_decision.hpp"
#include "token_provider.hpp"
#include "transport.hpp"

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/field.hpp>

#include <cstdint>
#include <random>
#include <stdexcept>
#include <strings.h>

namespace zoom {

namespace detail {

namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

boost::beast::http::verb verb_of(Method method) {
  using boost::beast::http::verb;
  switch (method) {
    case Method::get: return verb::get;
    case Method::post: return verb::post;
    case Method::put: return verb::put;
    case Method::patch: return verb::patch;
    case Method::delete_: return verb::delete_;
    case Method::head: return verb::head;
    case Method::options: return verb::options;
    case Method::trace: return verb::trace;
  }
  return verb::get;
}

// Full jitter: uniform in [0, ceiling].
milliseconds jittered(milliseconds ceiling) {
  thread_local std::mt19937_64 random{std::random_device{}()};
  if (ceiling.count() <= 0) return milliseconds{0};
  return milliseconds{std::uniform_int_distribution<std::int64_t>{0, ceiling.count()}(random)};
}

milliseconds since(steady_clock::time_point start) {
  return std::chrono::duration_cast<milliseconds>(steady_clock::now() - start);
}

}  // namespace

// Everything a client owns; copies of a Client share one. The pipeline of a call lives here:
// rate limiter -> token -> transport -> error mapping, inside the retry loop.
class ClientState {
 public:
  ClientState(Client::executor_type executor, ClientOptions options)
      : executor_(std::move(executor)),
        options_(std::move(options)),
        api_(parse_endpoint(options_.base_url, options_.allow_plain_http, "base_url")),
        transport_(executor_, options_),
        tokens_(make_tokens()),
        limiter_(make_limiter()) {}

  /// The pipeline of Client::send; with a `sink`, of Client::send with a sink.
  boost::asio::awaitable<Response> send_with_retries(Request request, const BodySink* sink = nullptr);

  Client::executor_type executor_;
  ClientOptions options_;
  Endpoint api_;
  Transport transport_;
  std::unique_ptr<TokenProvider> tokens_;
  std::shared_ptr<RateLimiter> limiter_;

 private:
  std::unique_ptr<TokenProvider> make_tokens() {
    const auto oauth = [&] { return parse_endpoint(options_.oauth_url, options_.allow_plain_http, "oauth_url"); };
    if (const auto* s2s = std::get_if<ServerToServerOAuth>(&options_.credentials))
      return std::make_unique<ServerToServerTokenProvider>(executor_, transport_, oauth(), *s2s,
                                                           options_.token_refresh_margin, options_.on_attempt);
    if (const auto* user = std::get_if<UserOAuth>(&options_.credentials))
      return std::make_unique<UserTokenProvider>(executor_, transport_, oauth(), *user, options_.token_refresh_margin,
                                                 options_.on_attempt);
    return std::make_unique<StaticTokenProvider>(std::get<BearerToken>(options_.credentials).access_token);
  }

  std::shared_ptr<RateLimiter> make_limiter() const {
    if (options_.rate_limiter) return options_.rate_limiter;
    const RateLimits& l = options_.rate_limits;
    if (l.light_per_second || l.medium_per_second || l.heavy_per_second || l.resource_intensive_per_minute ||
        l.daily_cap)
      return std::make_shared<RateLimiter>(l);
    return nullptr;
  }

  HttpRequest http_request(const Request& request, const std::string& token) const {
    namespace http = boost::beast::http;
    HttpRequest out{verb_of(request.method), request.target(api_.base_path), 11};
    out.set(http::field::host, api_.host_header());
    out.set(http::field::authorization, "Bearer " + token);
    out.set(http::field::accept, "application/json");
    out.set(http::field::user_agent, options_.user_agent);
    for (const auto& [name, value] : request.headers)
      if (!boost::beast::iequals(name, "authorization") && !boost::beast::iequals(name, "host")) out.set(name, value);
    if (!request.content_type.empty()) out.set(http::field::content_type, request.content_type);
    out.body() = request.body;
    out.keep_alive(true);
    out.prepare_payload();
    return out;
  }

  void report(const AttemptEvent& event) const {
    if (!options_.on_attempt) return;
    try {
      options_.on_attempt(event);
    } catch (...) {  // a hook must not break a call
    }
  }
};

boost::asio::awaitable<Response> ClientState::send_with_retries(Request request, const BodySink* sink) {
  const RetryPolicy& policy = options_.retry;
  const auto call_started = steady_clock::now();
  const bool bounded = policy.overall_deadline.count() > 0;
  // Zero when there is no deadline; else what is left of it, at least 1 ms.
  const auto time_left = [&] {
    return bounded ? std::max(milliseconds{1}, policy.overall_deadline - since(call_started)) : milliseconds{0};
  };
  const auto check_deadline = [&](const std::string& last_error) {
    if (bounded && since(call_started) >= policy.overall_deadline)
      throw DeadlineExceeded(std::string{to_string(request.method)} + " " + request.target(api_.base_path) +
                             ": no success within RetryPolicy::overall_deadline (" +
                             std::to_string(policy.overall_deadline.count()) + " ms)" +
                             (last_error.empty() ? "" : "; last error: " + last_error));
  };
  const std::string method{to_string(request.method)};
  Request path_only = request;
  path_only.query.clear();
  const std::string request_line = method + " " + path_only.target(api_.base_path);
  bool replayed = false;
  // What has reached the sink: once a byte has, no attempt may begin again.
  std::uint64_t delivered = 0;
  const BodySink counting = [&](std::string_view chunk) {
    delivered += chunk.size();
    (*sink)(chunk);
  };

  std::string last_error;
  for (int attempt = 1;; ++attempt) {
    if (limiter_) co_await limiter_->acquire(request.rate_limit);
    const std::string token = co_await tokens_->access_token();
    check_deadline(last_error);

    AttemptEvent event;
    event.operation = request.operation;
    event.method = method;
    event.url = (api_.tls ? "https://" : "http://") + api_.name() + request.target(api_.base_path);
    event.attempt = attempt;
    const auto started = steady_clock::now();
    std::optional<Response> response;
    std::exception_ptr failure;
    Verdict verdict;
    try {
      response = co_await transport_.round_trip(api_, http_request(request, token), time_left(),
                                                sink ? &counting : nullptr);
    } catch (const ConnectionError& e) {
      if (delivered > 0) {  // part of the body is with the caller: it cannot be sent again
        event.error = std::string{e.what()} + "; the download broke after " + std::to_string(delivered) +
                      " bytes were delivered to the sink (not retried)";
        event.latency = since(started);
        report(event);
        throw TransportError(event.error);
      }
      failure = std::current_exception();
      event.error = e.what();
      verdict = judge_failure(e, request.idempotent);
    }
    event.latency = since(started);
    if (response) {
      event.status = response->status;
      if (response->status / 100 == 2) {
        report(event);
        co_return std::move(*response);
      }
      ApiError error = make_api_error(*response, request_line, {token});
      event.error = error.what();
      failure = std::make_exception_ptr(error);
      if (response->status == 401 && error.code() == 124 && !replayed && tokens_->invalidate(token)) {
        // The token was revoked or expired early: renew it once and replay, not counting a retry.
        replayed = true;
        event.retry_reason = "access token rejected (401, code 124): renewing it and replaying once";
        report(event);
        --attempt;
        continue;
      }
      verdict = judge_response(*response, request.idempotent, policy, std::chrono::system_clock::now());
    }

    const milliseconds delay = verdict.wait ? *verdict.wait : jittered(policy.ceiling(attempt));
    const bool in_time = !bounded || since(call_started) + delay < policy.overall_deadline;
    if (verdict.retry && attempt < policy.max_attempts && in_time) {
      event.retry_reason = verdict.reason;
      event.retry_delay = delay;
    }
    report(event);
    if (response && request.any_status && event.retry_reason.empty())
      co_return std::move(*response);  // retries are done: the caller takes any status
    if (verdict.retry && attempt < policy.max_attempts && !in_time) {
      last_error = event.error;
      check_deadline(last_error);  // the wait would pass the deadline: say so, with the last error
      throw DeadlineExceeded(std::string{to_string(request.method)} + " " + request.target(api_.base_path) +
                             ": the next retry would pass RetryPolicy::overall_deadline (" +
                             std::to_string(policy.overall_deadline.count()) + " ms); last error: " + last_error);
    }
    if (event.retry_reason.empty()) std::rethrow_exception(failure);
    last_error = event.error;
    boost::asio::steady_timer timer(executor_, delay);
    co_await timer.async_wait(boost::asio::use_awaitable);
  }
}

namespace {

// A free coroutine holding the state by value: the call keeps the client's state alive even if
// the Client object it was started from is gone before the awaitable runs.
boost::asio::awaitable<Response> send(std::shared_ptr<ClientState> state, Request request) {
  co_return co_await state->send_with_retries(std::move(request));
}

// The same, the sink held by the call.
boost::asio::awaitable<Response> send(std::shared_ptr<ClientState> state, Request request, BodySink sink) {
  co_return co_await state->send_with_retries(std::move(request), &sink);
}

}  // namespace

}  // namespace detail

std::string_view Response::header(std::string_view name) const noexcept {
  for (const auto& [key, value] : headers)
    if (key.size() == name.size() && ::strncasecmp(key.data(), name.data(), name.size()) == 0) return value;
  return {};
}

Client::Client(executor_type executor, ClientOptions options)
    : state_(std::make_shared<detail::ClientState>(std::move(executor), std::move(options))) {}

Client::~Client() = default;

Client::executor_type Client::get_executor() const noexcept { return state_->executor_; }
const ClientOptions& Client::options() const noexcept { return state_->options_; }
std::size_t Client::connections_opened() const noexcept { return state_->transport_.connections_opened(); }

boost::asio::awaitable<Response> Client::send(Request request) { return detail::send(state_, std::move(request)); }

boost::asio::awaitable<Response> Client::send(Request request, BodySink sink) {
  if (!sink) throw std::invalid_argument("zoom::Client::send: the body sink is empty");
  return detail::send(state_, std::move(request), std::move(sink));
}

}  // namespace zoom
