#include "token_provider.hpp"

#include "api_error.hpp"

#include <zoom/error.hpp>
#include <zoom/json.hpp>
#include <zoom/url_encoding.hpp>

#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/http/field.hpp>

#include <cstddef>

#include <openssl/evp.h>

namespace zoom::detail {

namespace {

namespace http = boost::beast::http;
using std::chrono::steady_clock;
using std::chrono::system_clock;

// The token endpoint's answer, for both grants.
struct TokenResponse {
  std::string access_token;
  std::int64_t expires_in = 0;
  std::optional<std::string> refresh_token;
  std::optional<std::string> token_type;
  std::optional<std::string> scope;
  std::optional<std::string> api_url;
};

// offsetof on a type that is not standard-layout, as in the generated tables: GCC and Clang
// support it for classes without virtual bases.
#pragma GCC diagnostic ignored "-Winvalid-offsetof"
// Its table for zoom::json, written as the generator writes a model's (zoom/json/binding.hpp).
constexpr const json::Type& optional_string = json::type_of<std::optional<std::string>>();
constexpr json::Member token_members[]{
    {"access_token", offsetof(TokenResponse, access_token), &json::types::string, true},
    {"expires_in", offsetof(TokenResponse, expires_in), &json::types::int64, true},
    {"refresh_token", offsetof(TokenResponse, refresh_token), &optional_string, false},
    {"token_type", offsetof(TokenResponse, token_type), &optional_string, false},
    {"scope", offsetof(TokenResponse, scope), &optional_string, false},
    {"api_url", offsetof(TokenResponse, api_url), &optional_string, false},
};
constexpr auto token_index = zoom::json::member_index(token_members);
constexpr json::Type token_type{
    .shape = json::Shape::model, .members = token_members, .index = token_index, .name = "TokenResponse"};

std::string base64(std::string_view text) {
  std::string out(4 * ((text.size() + 2) / 3) + 1, '\0');
  const int written = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                      reinterpret_cast<const unsigned char*>(text.data()), static_cast<int>(text.size()));
  out.resize(static_cast<std::size_t>(written));
  return out;
}

TokenResponse parse_token(const std::string& body, const Endpoint& oauth) {
  TokenResponse token;
  try {
    token = json::decode_as<TokenResponse>(body, token_type, {.strict = true});
  } catch (const DecodeError& e) {
    throw Error("the OAuth token response from " + oauth.name() + " is not usable: " + e.what());
  }
  if (token.access_token.empty() || token.expires_in <= 0)
    throw Error("the OAuth token response from " + oauth.name() + " has no access token or no lifetime");
  return token;
}

}  // namespace

boost::asio::awaitable<std::string> StaticTokenProvider::access_token() {
  if (token_.empty())
    throw Error("no credentials: set ClientOptions::credentials to a zoom::BearerToken, zoom::ServerToServerOAuth "
                "or zoom::UserOAuth");
  co_return token_;
}

RefreshingTokenProvider::RefreshingTokenProvider(const boost::asio::any_io_executor& executor, Pipeline& pipeline,
                                                 Endpoint oauth, std::chrono::seconds refresh_margin)
    : oauth_(std::move(oauth)), pipeline_(pipeline), refresh_margin_(refresh_margin), fetching_(executor, 1) {}

std::optional<std::string> RefreshingTokenProvider::current(bool usable_until_expiry) const {
  const std::lock_guard lock(mutex_);
  const auto until = usable_until_expiry ? token_.expires_at : token_.renew_at;
  if (!token_.value.empty() && steady_clock::now() < until) return token_.value;
  return std::nullopt;
}

void RefreshingTokenProvider::set_token(Token token) {
  const std::lock_guard lock(mutex_);
  token_ = std::move(token);
}

bool RefreshingTokenProvider::invalidate(const std::string& token) {
  const std::lock_guard lock(mutex_);
  if (token_.value == token) token_ = Token{};  // a newer token is kept: someone already renewed it
  return true;
}

boost::asio::awaitable<std::string> RefreshingTokenProvider::access_token() {
  if (auto token = current(false)) co_return *token;
  const std::uint64_t failures_seen = failures_.load();
  // One fetch at a time for the whole client: asking for a new token can invalidate the one in
  // use, and a user-level refresh token works once. Callers that find the token stale queue here;
  // all but the first find it fresh again.
  co_await fetching_.async_send(boost::system::error_code{}, boost::asio::use_awaitable);
  struct Release {
    decltype(fetching_)& slot;
    ~Release() { slot.try_receive([](boost::system::error_code) {}); }
  } release{fetching_};
  if (auto token = current(false)) co_return *token;
  {
    // A fetch failed while this caller queued: the same answer, not one more request per caller.
    const std::lock_guard lock(mutex_);
    if (failures_.load() != failures_seen && last_failure_) std::rethrow_exception(last_failure_);
  }
  std::exception_ptr failure;
  try {
    Token fresh = co_await fetch();
    std::string value = fresh.value;
    set_token(std::move(fresh));
    co_return value;
  } catch (...) {
    failure = std::current_exception();
  }
  // A renewal that fails while the old token still works keeps the old token.
  if (auto token = current(true)) co_return *token;
  {
    const std::lock_guard lock(mutex_);
    last_failure_ = failure;
    ++failures_;
  }
  std::rethrow_exception(failure);
}

HttpRequest RefreshingTokenProvider::token_request(std::string target, std::string form_body,
                                                   const std::string& client_id,
                                                   const std::string& client_secret) const {
  HttpRequest request{http::verb::post, oauth_.base_path + target, 11};
  request.set(http::field::host, oauth_.host_header());
  request.set(http::field::authorization, "Basic " + base64(client_id + ":" + client_secret));
  request.set(http::field::accept, "application/json");
  if (!form_body.empty()) request.set(http::field::content_type, "application/x-www-form-urlencoded");
  request.body() = std::move(form_body);
  request.prepare_payload();
  return request;
}

boost::asio::awaitable<std::string> RefreshingTokenProvider::exchange(const HttpRequest& request,
                                                                      const std::string& client_secret,
                                                                      const std::string& refresh_token) {
  const std::string_view authorization = request[http::field::authorization];
  const std::string basic_credentials{authorization.substr(std::min<std::size_t>(6, authorization.size()))};
  const std::string path = oauth_.base_path + "/oauth/token";
  const std::string form_encoded_refresh_token = percent_encode(refresh_token);
  const Exchange token_exchange{
      .endpoint = &oauth_,
      .kind = AttemptEvent::Kind::token_refresh,
      .operation = "oauth/token",
      .method = "POST",
      .target = path,
      .error_of =
          [&](const Response& response) {
            return make_api_error(response, "POST " + path,
                                  {client_secret, basic_credentials, refresh_token, form_encoded_refresh_token});
          },
  };
  const RetryCall call{.name = "POST " + path, .idempotent = false};
  Response response = co_await pipeline_.send(call, token_exchange, request);
  co_return std::move(response.body);
}

RefreshingTokenProvider::Token RefreshingTokenProvider::token_for(std::string value,
                                                                  steady_clock::time_point obtained_at,
                                                                  std::chrono::seconds lifetime) const {
  // Renew `refresh_margin` before expiry; a token shorter-lived than that, at half its life.
  const std::chrono::milliseconds life = lifetime;
  const std::chrono::milliseconds margin = refresh_margin_ < lifetime ? std::chrono::milliseconds{refresh_margin_} : life / 2;
  return Token{std::move(value), obtained_at + life - margin, obtained_at + life};
}

ServerToServerTokenProvider::ServerToServerTokenProvider(const boost::asio::any_io_executor& executor,
                                                         Pipeline& pipeline, Endpoint oauth,
                                                         ServerToServerOAuth credentials,
                                                         std::chrono::seconds refresh_margin)
    : RefreshingTokenProvider(executor, pipeline, std::move(oauth), refresh_margin),
      credentials_(std::move(credentials)) {
  if (credentials_.account_id.empty() || credentials_.client_id.empty() || credentials_.client_secret.empty())
    throw Error("ServerToServerOAuth needs an account id, a client id and a client secret; one of them is empty");
}

boost::asio::awaitable<RefreshingTokenProvider::Token> ServerToServerTokenProvider::fetch() {
  const HttpRequest request =
      token_request("/oauth/token?grant_type=account_credentials&account_id=" + percent_encode(credentials_.account_id), "",
                    credentials_.client_id, credentials_.client_secret);
  const auto requested_at = steady_clock::now();
  const TokenResponse token = parse_token(co_await exchange(request, credentials_.client_secret), oauth_);
  co_return token_for(token.access_token, requested_at, std::chrono::seconds{token.expires_in});
}

UserTokenProvider::UserTokenProvider(const boost::asio::any_io_executor& executor, Pipeline& pipeline,
                                     Endpoint oauth, UserOAuth credentials, std::chrono::seconds refresh_margin)
    : RefreshingTokenProvider(executor, pipeline, std::move(oauth), refresh_margin),
      credentials_(std::move(credentials)) {
  if (credentials_.client_id.empty() || credentials_.client_secret.empty())
    throw Error("UserOAuth needs a client id and a client secret; one of them is empty");
  if (credentials_.store) {
    if (const std::optional<StoredTokens> saved = credentials_.store->load()) {
      if (!saved->refresh_token.empty()) credentials_.refresh_token = saved->refresh_token;
      const auto left = std::chrono::floor<std::chrono::seconds>(saved->expires_at - system_clock::now());
      if (!saved->access_token.empty() && left > std::chrono::seconds{0})
        set_token(token_for(saved->access_token, steady_clock::now(), left));
    }
  }
  if (credentials_.refresh_token.empty())
    throw Error("UserOAuth needs a refresh token: none was given and the TokenStore has none");
}

boost::asio::awaitable<RefreshingTokenProvider::Token> UserTokenProvider::fetch() {
  const HttpRequest request = token_request(
      "/oauth/token", "grant_type=refresh_token&refresh_token=" + percent_encode(credentials_.refresh_token),
      credentials_.client_id, credentials_.client_secret);
  const auto requested_at = steady_clock::now();
  const auto requested_at_wall = system_clock::now();
  const TokenResponse token =
      parse_token(co_await exchange(request, credentials_.client_secret, credentials_.refresh_token), oauth_);
  if (!token.refresh_token || token.refresh_token->empty())
    throw Error("the OAuth server at " + oauth_.name() + " answered a refresh without a new refresh token");
  // Zoom has already retired the old refresh token: from here on only the new one works.
  credentials_.refresh_token = *token.refresh_token;
  const std::chrono::seconds lifetime{token.expires_in};
  if (credentials_.store) {
    try {
      credentials_.store->save({token.access_token, *token.refresh_token, requested_at_wall + lifetime});
    } catch (const std::exception& e) {
      throw Error(std::string{"the rotated OAuth tokens could not be saved (TokenStore::save): "} + e.what());
    }
  }
  co_return token_for(token.access_token, requested_at, lifetime);
}

}  // namespace zoom::detail
