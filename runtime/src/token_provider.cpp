#include "token_provider.hpp"

#include "api_error.hpp"

#include <zoom/error.hpp>
#include <zoom/json.hpp>

#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/describe/class.hpp>
#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

#include <openssl/evp.h>

namespace zoom::detail {

namespace {

// The token endpoint's answer (https://developers.zoom.us/docs/internal-apps/s2s-oauth/).
struct TokenResponse {
  std::string access_token;
  std::int64_t expires_in = 0;
  std::optional<std::string> token_type;
  std::optional<std::string> scope;
  std::optional<std::string> api_url;
};
BOOST_DESCRIBE_STRUCT(TokenResponse, (), (access_token, expires_in, token_type, scope, api_url))

std::string base64(std::string_view text) {
  std::string out(4 * ((text.size() + 2) / 3) + 1, '\0');
  const int written = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                      reinterpret_cast<const unsigned char*>(text.data()), static_cast<int>(text.size()));
  out.resize(static_cast<std::size_t>(written));
  return out;
}

}  // namespace

boost::asio::awaitable<std::string> StaticTokenProvider::access_token() {
  if (token_.empty())
    throw Error("no credentials: set ClientOptions::credentials to a zoom::BearerToken or zoom::ServerToServerOAuth");
  co_return token_;
}

ServerToServerTokenProvider::ServerToServerTokenProvider(const boost::asio::any_io_executor& executor,
                                                         Transport& transport, Endpoint oauth,
                                                         ServerToServerOAuth credentials,
                                                         std::chrono::seconds refresh_margin)
    : transport_(transport),
      oauth_(std::move(oauth)),
      credentials_(std::move(credentials)),
      refresh_margin_(refresh_margin),
      fetching_(executor, 1) {
  if (credentials_.account_id.empty() || credentials_.client_id.empty() || credentials_.client_secret.empty())
    throw Error("ServerToServerOAuth needs an account id, a client id and a client secret; one of them is empty");
}

std::optional<std::string> ServerToServerTokenProvider::cached() const {
  const std::lock_guard lock(mutex_);
  if (!token_.value.empty() && std::chrono::steady_clock::now() < token_.renew_at) return token_.value;
  return std::nullopt;
}

boost::asio::awaitable<std::string> ServerToServerTokenProvider::access_token() {
  if (auto token = cached()) co_return *token;
  // One fetch at a time: asking Zoom for a new token can invalidate the one in use, so callers
  // that find the token stale queue here, and all but the first find it fresh again.
  co_await fetching_.async_send(boost::system::error_code{}, boost::asio::use_awaitable);
  struct Release {
    decltype(fetching_)& slot;
    ~Release() { slot.try_receive([](boost::system::error_code) {}); }
  } release{fetching_};
  if (auto token = cached()) co_return *token;
  Token fresh = co_await fetch();
  const std::lock_guard lock(mutex_);
  token_ = fresh;
  co_return fresh.value;
}

boost::asio::awaitable<ServerToServerTokenProvider::Token> ServerToServerTokenProvider::fetch() {
  namespace http = boost::beast::http;
  const std::string path = oauth_.base_path + "/oauth/token";
  HttpRequest request{http::verb::post,
                      path + "?grant_type=account_credentials&account_id=" +
                          std::string{boost::urls::encode(credentials_.account_id, boost::urls::unreserved_chars)},
                      11};
  request.set(http::field::host, oauth_.host_header());
  request.set(http::field::authorization, "Basic " + base64(credentials_.client_id + ":" + credentials_.client_secret));
  request.set(http::field::accept, "application/json");
  request.prepare_payload();

  const auto requested_at = std::chrono::steady_clock::now();
  const Response response = co_await transport_.round_trip(oauth_, request, true);
  if (response.status / 100 != 2) throw make_api_error(response, "POST " + path, credentials_.client_secret);
  TokenResponse token;
  try {
    token = json::decode<TokenResponse>(response.body);
  } catch (const DecodeError& e) {
    throw Error("the OAuth token response from " + oauth_.name() + " is not usable: " + e.what());
  }
  if (token.access_token.empty() || token.expires_in <= 0)
    throw Error("the OAuth token response from " + oauth_.name() + " has no access token or no lifetime");
  const std::chrono::seconds lifetime{token.expires_in};
  // Renew `refresh_margin` before expiry; for a short-lived token, at half its life.
  const auto margin = refresh_margin_ < lifetime ? refresh_margin_ : lifetime / 2;
  co_return Token{std::move(token.access_token), requested_at + lifetime - margin};
}

}  // namespace zoom::detail
