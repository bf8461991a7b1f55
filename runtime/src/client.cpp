#include <zoom/client.hpp>
#include <zoom/error.hpp>

#include "api_error.hpp"
#include "authorize.hpp"
#include "endpoint.hpp"
#include "pipeline.hpp"
#include "token_provider.hpp"

#include <boost/beast/core/string.hpp>
#include <boost/beast/http/field.hpp>

#include <stdexcept>

namespace zoom {

namespace detail {

namespace {

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

TransportOptions transport_options(const ClientOptions& options) {
  return {.max_connections_per_host = options.max_connections_per_host,
          .max_response_body = options.max_response_body,
          .extra_ca_file = options.extra_ca_file,
          .extra_ca_pem = options.extra_ca_pem,
          .connect_timeout = options.connect_timeout,
          .request_timeout = options.request_timeout};
}

}  // namespace

// Everything a client owns; copies of a Client share one. A call passes the stages of
// pipeline.hpp: retry, rate limit, authorize, observe, transport.
class ClientState {
 public:
  ClientState(Client::executor_type executor, ClientOptions options)
      : executor_(std::move(executor)),
        options_(std::move(options)),
        api_(parse_endpoint(options_.base_url, options_.allow_plain_http, "base_url")),
        pipeline_(executor_, transport_options(options_), options_.on_attempt, options_.retry, RetryTiming::real()),
        tokens_(make_tokens()),
        limiter_(make_limiter()) {}

  /// Client::send; with a `sink`, Client::send with a sink.
  boost::asio::awaitable<Response> send(const Request& request, const BodySink* sink = nullptr);

  Client::executor_type executor_;
  ClientOptions options_;
  Endpoint api_;
  Pipeline pipeline_;
  std::unique_ptr<TokenProvider> tokens_;
  std::shared_ptr<RateLimiter> limiter_;

 private:
  std::unique_ptr<TokenProvider> make_tokens() {
    const auto oauth = [&] { return parse_endpoint(options_.oauth_url, options_.allow_plain_http, "oauth_url"); };
    if (const auto* s2s = std::get_if<ServerToServerOAuth>(&options_.credentials))
      return std::make_unique<ServerToServerTokenProvider>(executor_, pipeline_, oauth(), *s2s,
                                                           options_.token_refresh_margin);
    if (const auto* user = std::get_if<UserOAuth>(&options_.credentials))
      return std::make_unique<UserTokenProvider>(executor_, pipeline_, oauth(), *user, options_.token_refresh_margin);
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

  // `target` is request.target(api_.base_path), encoded once per call.
  HttpRequest http_request(const Request& request, const std::string& target, const std::string& token) const {
    namespace http = boost::beast::http;
    HttpRequest out{verb_of(request.method), target, 11};
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
};

boost::asio::awaitable<Response> ClientState::send(const Request& request, const BodySink* sink) {
  const std::string method{to_string(request.method)};
  const std::string target = request.target(api_.base_path);
  Request path_only = request;
  path_only.query.clear();
  const std::string request_line = method + " " + path_only.target(api_.base_path);
  const RetryCall call{.name = method + " " + target, .idempotent = request.idempotent, .any_status = request.any_status};
  Authorization authorization(*tokens_, pipeline_.observer);
  const Exchange exchange{
      .endpoint = &api_,
      .kind = AttemptEvent::Kind::request,
      .operation = request.operation,
      .method = method,
      .target = target,
      .error_of = [&](const Response& response) { return make_api_error(response, request_line, {authorization.token()}); },
  };
  co_return co_await retry_loop(
      pipeline_.retry, pipeline_.timing, pipeline_.observer, call,
      [&](int number, const Deadline& deadline) -> boost::asio::awaitable<Attempt> {
        if (limiter_) co_await limiter_->acquire(request.rate_limit);
        co_return co_await authorization.attempt([&](const std::string& token) -> boost::asio::awaitable<Attempt> {
          deadline.check();
          co_return co_await attempt(pipeline_.transport, exchange, http_request(request, target, token), number,
                                     deadline.left(), sink);
        });
      });
}

namespace {

// A free coroutine holding the state by value: the call keeps the client's state alive even if
// the Client object it was started from is gone before the awaitable runs.
boost::asio::awaitable<Response> send(std::shared_ptr<ClientState> state, Request request) {
  co_return co_await state->send(request);
}

// The same, the sink held by the call.
boost::asio::awaitable<Response> send(std::shared_ptr<ClientState> state, Request request, BodySink sink) {
  co_return co_await state->send(request, &sink);
}

}  // namespace

}  // namespace detail

Client::Client(executor_type executor, ClientOptions options)
    : state_(std::make_shared<detail::ClientState>(std::move(executor), std::move(options))) {}

Client::~Client() = default;

Client::executor_type Client::get_executor() const noexcept { return state_->executor_; }
const ClientOptions& Client::options() const noexcept { return state_->options_; }
std::size_t Client::connections_opened() const noexcept { return state_->pipeline_.transport.connections_opened(); }

boost::asio::awaitable<Response> Client::send(Request request) { return detail::send(state_, std::move(request)); }

boost::asio::awaitable<void> detail::send_dropping_response(Client client, Request request) {
  co_await client.send(std::move(request));
}

boost::asio::awaitable<void> detail::throw_when_awaited(std::exception_ptr error) {
  std::rethrow_exception(error);
  co_return;
}

boost::asio::awaitable<Response> Client::send(Request request, BodySink sink) {
  if (!sink) throw std::invalid_argument("zoom::Client::send: the body sink is empty");
  return detail::send(state_, std::move(request), std::move(sink));
}

}  // namespace zoom
