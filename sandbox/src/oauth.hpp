// OAuth: POST /oauth/token for Server-to-Server (grant_type=account_credentials) and user-level
// apps (grant_type=refresh_token, with rotation), and the access tokens it hands out, which the
// API checks on every call.
#pragma once

#include "time.hpp"

#include <zoom/sandbox/sandbox.hpp>

#include <boost/json/object.hpp>
#include <boost/url/params_view.hpp>

#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

namespace zoom::sandbox::detail {

// Every token handed out, access and refresh, in order (Sandbox::issued_tokens()).
class IssuedTokens {
 public:
  void add(const std::string& token);
  std::vector<std::string> all() const;

 private:
  mutable std::mutex mutex_;
  std::vector<std::string> tokens_;
};

class AccessTokens {
 public:
  AccessTokens(std::chrono::seconds lifetime, IssuedTokens& issued) : lifetime_(lifetime), issued_(issued) {}

  std::chrono::seconds lifetime() const noexcept { return lifetime_; }
  // A new random token valid for the lifetime; with revoke_others every other token is
  // forgotten (then "Invalid access token.").
  std::string issue(sys_seconds now, bool revoke_others = false);
  enum class Status { valid, unknown, expired };
  Status check(std::string_view token, sys_seconds now) const;
  void expire_all();

 private:
  struct Entry {
    sys_seconds expires;
    bool forced_expired = false;
  };
  std::chrono::seconds lifetime_;
  IssuedTokens& issued_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
  std::size_t issued_since_sweep_ = 0;
};

// Refresh tokens of user-level OAuth. Each is redeemed once (Zoom rotates them); they do not
// expire.
class RefreshTokens {
 public:
  explicit RefreshTokens(IssuedTokens& issued) : issued_(issued) {}
  std::string issue();
  // True the first time for a token issue() made; false for an unknown or used one.
  bool redeem(std::string_view token);

 private:
  IssuedTokens& issued_;
  std::mutex mutex_;
  std::unordered_set<std::string> valid_;
};

// Base64 through OpenSSL (EVP_EncodeBlock / EVP_DecodeBlock). decode: nullopt if malformed.
std::string base64_encode(std::string_view data);
std::optional<std::string> base64_decode(std::string_view text);

// `Basic base64(id:secret)` -> {id, secret}; `Bearer TOKEN` -> TOKEN. Schemes are
// case-insensitive. nullopt when the header is absent or malformed.
std::optional<std::pair<std::string, std::string>> parse_basic_authorization(std::string_view header);
std::optional<std::string> parse_bearer_authorization(std::string_view header);

struct JsonReply {
  unsigned status = 200;
  boost::json::object body;
};

struct TokenRequest {
  std::string_view authorization;  // the Authorization header
  boost::urls::params_view query;  // the request's query
  std::string_view content_type;
  std::string_view body;           // grant parameters may come as a form body too
};

// The grant_type the request asks for (query first, then form body), if any.
std::optional<std::string> requested_grant_type(const TokenRequest& request);

// The /oauth/token endpoint. api_url is the API's base without /v2.
JsonReply token_endpoint(const TokenRequest& request, const Credentials& credentials,
                         AccessTokens& tokens, RefreshTokens& refresh_tokens, sys_seconds now,
                         bool revoke_old, std::string_view api_url);

}  // namespace zoom::sandbox::detail
