#include <zoom/client.hpp>
#include <zoom/error.hpp>

#include "api_error.hpp"
#include "endpoint.hpp"
#include "token_provider.hpp"
#include "transport.hpp"

#include <boost/beast/http/field.hpp>

#include <strings.h>

namespace zoom {

namespace detail {

// Everything a client owns; copies of a Client share one.
class ClientState {
 public:
  ClientState(Client::executor_type executor, ClientOptions options)
      : executor_(std::move(executor)),
        options_(std::move(options)),
        api_(parse_endpoint(options_.base_url, options_.allow_plain_http, "base_url")),
        transport_(executor_, options_),
        tokens_(make_tokens()) {}

  Client::executor_type executor_;
  ClientOptions options_;
  Endpoint api_;
  Transport transport_;
  std::unique_ptr<TokenProvider> tokens_;

 private:
  std::unique_ptr<TokenProvider> make_tokens() {
    if (const auto* s2s = std::get_if<ServerToServerOAuth>(&options_.credentials))
      return std::make_unique<ServerToServerTokenProvider>(
          executor_, transport_, parse_endpoint(options_.oauth_url, options_.allow_plain_http, "oauth_url"), *s2s,
          options_.token_refresh_margin);
    return std::make_unique<StaticTokenProvider>(std::get<BearerToken>(options_.credentials).access_token);
  }
};

namespace {

boost::beast::http::verb verb_of(Method method) {
  using boost::beast::http::verb;
  switch (method) {
    case Method::get: return verb::get;
    case Method::post: return verb::post;
    case Method::put: return verb::put;
    case Method::patch: return verb::patch;
    case Method::delete_: return verb::delete_;
  }
  return verb::get;
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

boost::asio::awaitable<Response> Client::send(Request request) {
  namespace http = boost::beast::http;
  const std::shared_ptr<detail::ClientState> state = state_;  // alive until this call ends
  const std::string token = co_await state->tokens_->access_token();

  detail::HttpRequest http_request{detail::verb_of(request.method), request.target(state->api_.base_path), 11};
  http_request.set(http::field::host, state->api_.host_header());
  http_request.set(http::field::authorization, "Bearer " + token);
  http_request.set(http::field::accept, "application/json");
  http_request.set(http::field::user_agent, state->options_.user_agent);
  http_request.keep_alive(true);
  http_request.prepare_payload();

  Response response = co_await state->transport_.round_trip(state->api_, http_request, request.idempotent);
  if (response.status / 100 != 2) {
    Request path_only = request;
    path_only.query.clear();
    throw detail::make_api_error(response, std::string{to_string(request.method)} + " " +
                                               path_only.target(state->api_.base_path), token);
  }
  co_return response;
}

}  // namespace zoom
