#include "oauth.hpp"

#include "random.hpp"

#include <boost/url/parse_query.hpp>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <algorithm>
#include <cctype>

namespace zoom::sandbox::detail {
namespace {

bool iequals_prefix(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(text[i])) != std::tolower(static_cast<unsigned char>(prefix[i])))
      return false;
  return true;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Constant-time for equal lengths, so the secret cannot be guessed by timing.
bool secret_equals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

JsonReply oauth_error(unsigned status, std::string_view reason, std::string_view error) {
  return {status, boost::json::object{{"reason", reason}, {"error", error}}};
}

// The first value of `key`, from the query or else from the form body.
std::optional<std::string> grant_param(boost::urls::params_view query,
                                       const std::optional<boost::urls::params_view>& form,
                                       std::string_view key) {
  for (const auto& p : query)
    if (p.key == key && p.has_value) return p.value;
  if (form)
    for (const auto& p : *form)
      if (p.key == key && p.has_value) return p.value;
  return std::nullopt;
}

// The form body, when the request has one that parses.
std::optional<boost::urls::params_view> form_of(const TokenRequest& request) {
  std::optional<boost::urls::params_view> form;
  if (iequals_prefix(trim(request.content_type), "application/x-www-form-urlencoded")) {
    if (boost::urls::parse_query(request.body).has_value())  // else the constructor would throw
      form.emplace(request.body, boost::urls::encoding_opts{true, false, false});
  }
  return form;
}

}  // namespace

void IssuedTokens::add(const std::string& token) {
  const std::lock_guard lock(mutex_);
  tokens_.push_back(token);
}

std::vector<std::string> IssuedTokens::all() const {
  const std::lock_guard lock(mutex_);
  return tokens_;
}

std::string RefreshTokens::issue() {
  std::string token = secure_token(64);
  issued_.add(token);
  const std::lock_guard lock(mutex_);
  valid_.insert(token);
  return token;
}

bool RefreshTokens::redeem(std::string_view token) {
  const std::lock_guard lock(mutex_);
  return valid_.erase(std::string(token)) == 1;
}

std::string AccessTokens::issue(sys_seconds now, bool revoke_others) {
  std::string token = secure_token(64);
  issued_.add(token);
  const std::lock_guard lock(mutex_);
  if (revoke_others) entries_.clear();
  if (++issued_since_sweep_ >= 1024) {  // forget tokens that expired a day ago
    issued_since_sweep_ = 0;
    std::erase_if(entries_, [&](const auto& e) { return now - e.second.expires > std::chrono::hours{24}; });
  }
  entries_.insert_or_assign(token, Entry{now + lifetime_});
  return token;
}

AccessTokens::Status AccessTokens::check(std::string_view token, sys_seconds now) const {
  const std::lock_guard lock(mutex_);
  const auto it = entries_.find(std::string(token));
  if (it == entries_.end()) return Status::unknown;
  if (it->second.forced_expired || now >= it->second.expires) return Status::expired;
  return Status::valid;
}

void AccessTokens::expire_all() {
  const std::lock_guard lock(mutex_);
  for (auto& [token, entry] : entries_) entry.forced_expired = true;
}

std::string base64_encode(std::string_view data) {
  std::string out(4 * ((data.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(data.data()),
                                static_cast<int>(data.size()));
  out.resize(static_cast<std::size_t>(std::max(n, 0)));
  return out;
}

std::optional<std::string> base64_decode(std::string_view text) {
  if (text.empty() || text.size() % 4 != 0 || text.size() > 4096) return std::nullopt;
  std::string out(text.size() / 4 * 3, '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(text.data()),
                                static_cast<int>(text.size()));
  if (n < 0) return std::nullopt;
  // EVP_DecodeBlock counts the bytes the padding stands for; drop them.
  std::size_t padding = 0;
  if (text.back() == '=') ++padding;
  if (text.size() >= 2 && text[text.size() - 2] == '=') ++padding;
  out.resize(static_cast<std::size_t>(n) - padding);
  return out;
}

std::optional<std::pair<std::string, std::string>> parse_basic_authorization(std::string_view header) {
  header = trim(header);
  if (!iequals_prefix(header, "basic ")) return std::nullopt;
  const auto decoded = base64_decode(trim(header.substr(6)));
  if (!decoded) return std::nullopt;
  const auto colon = decoded->find(':');
  if (colon == std::string::npos) return std::nullopt;
  return std::pair{decoded->substr(0, colon), decoded->substr(colon + 1)};
}

std::optional<std::string> parse_bearer_authorization(std::string_view header) {
  header = trim(header);
  if (!iequals_prefix(header, "bearer ")) return std::nullopt;
  const std::string_view token = trim(header.substr(7));
  if (token.empty()) return std::nullopt;
  return std::string(token);
}

std::optional<std::string> requested_grant_type(const TokenRequest& request) {
  return grant_param(request.query, form_of(request), "grant_type");
}

JsonReply token_endpoint(const TokenRequest& request, const Credentials& credentials,
                         AccessTokens& tokens, RefreshTokens& refresh_tokens, sys_seconds now,
                         bool revoke_old, std::string_view api_url) {
  const auto basic = parse_basic_authorization(request.authorization);
  if (!basic || !secret_equals(basic->first, credentials.client_id) ||
      !secret_equals(basic->second, credentials.client_secret))
    return oauth_error(401, "Invalid client_id or client_secret", "invalid_client");

  const std::optional<boost::urls::params_view> form = form_of(request);
  const auto grant_type = grant_param(request.query, form, "grant_type");
  if (grant_type == "refresh_token") {
    // User-level OAuth: the refresh token is used up at once and a new one handed out.
    const auto refresh_token = grant_param(request.query, form, "refresh_token");
    if (!refresh_token || !refresh_tokens.redeem(*refresh_token))
      return oauth_error(400, "Invalid Token!", "invalid_request");
    const std::string token = tokens.issue(now, revoke_old);
    return {200, boost::json::object{{"access_token", token},
                                     {"token_type", "bearer"},
                                     {"refresh_token", refresh_tokens.issue()},
                                     {"expires_in", tokens.lifetime().count()},
                                     {"scope", "phone:read phone_call_log:read"}}};
  }
  if (grant_type != "account_credentials")
    return oauth_error(400, "Unsupported grant type", "unsupported_grant_type");
  const auto account_id = grant_param(request.query, form, "account_id");
  if (!account_id || account_id->empty())
    return oauth_error(400, "Invalid request : Missing account_id.", "invalid_request");
  if (*account_id != credentials.account_id)
    return oauth_error(400, "Invalid request : Account does not exist.", "invalid_request");

  const std::string token = tokens.issue(now, revoke_old);
  return {200, boost::json::object{{"access_token", token},
                                   {"token_type", "bearer"},
                                   {"expires_in", tokens.lifetime().count()},
                                   {"scope", "phone:read:admin phone_call_log:read:admin"},
                                   {"api_url", api_url}}};
}

}  // namespace zoom::sandbox::detail
