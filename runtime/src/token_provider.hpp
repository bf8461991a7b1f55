// Access tokens for the Authorization header: a static one, or OAuth tokens (Server-to-Server,
// or user-level with rotating refresh tokens) fetched, cached and renewed before they expire,
// one request at a time for the whole client. Token requests go through the client's retry,
// observe and transport stages (pipeline.hpp): not idempotent, so a request the OAuth server may
// have acted on (a rotated refresh token) is never sent twice.
#pragma once

#include "connection.hpp"
#include "endpoint.hpp"
#include "pipeline.hpp"

#include <zoom/credentials.hpp>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/experimental/concurrent_channel.hpp>

#include <atomic>
#include <chrono>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace zoom::detail {

class TokenProvider {
 public:
  virtual ~TokenProvider() = default;
  /// A token valid now. Throws zoom::Error (or ApiError, TransportError) when none can be had.
  virtual boost::asio::awaitable<std::string> access_token() = 0;
  /// Zoom rejected `token` (401, code 124): forget it if it is still the current one. Returns
  /// whether asking again can give a different token (false for a static token).
  virtual bool invalidate(const std::string& token) = 0;
};

class StaticTokenProvider final : public TokenProvider {
 public:
  explicit StaticTokenProvider(std::string token) : token_(std::move(token)) {}
  boost::asio::awaitable<std::string> access_token() override;
  bool invalidate(const std::string&) override { return false; }

 private:
  std::string token_;
};

/// The caching and the one-at-a-time renewal shared by the OAuth flows; `fetch` is the flow.
class RefreshingTokenProvider : public TokenProvider {
 public:
  boost::asio::awaitable<std::string> access_token() final;
  bool invalidate(const std::string& token) final;

 protected:
  struct Token {
    std::string value;
    std::chrono::steady_clock::time_point renew_at;    // from here on, get a new one
    std::chrono::steady_clock::time_point expires_at;  // until here, the old one still works
  };

  RefreshingTokenProvider(const boost::asio::any_io_executor& executor, Pipeline& pipeline, Endpoint oauth,
                          std::chrono::seconds refresh_margin);

  /// Asks the OAuth server for a token. Never runs twice at once.
  virtual boost::asio::awaitable<Token> fetch() = 0;
  /// The token request to send, with the Basic credentials.
  HttpRequest token_request(std::string target, std::string form_body, const std::string& client_id,
                            const std::string& client_secret) const;
  /// Sends a token request; the JSON body of a 2xx answer, else throws an ApiError in which every
  /// secret the request carried is masked: the client secret, the Basic credentials and, for a
  /// refresh, the refresh token (raw and form-encoded), since a server may echo the request.
  boost::asio::awaitable<std::string> exchange(const HttpRequest& request, const std::string& client_secret,
                                               const std::string& refresh_token = {});
  /// A token of `lifetime` obtained at `obtained_at`, renewed `refresh_margin` before it ends.
  Token token_for(std::string value, std::chrono::steady_clock::time_point obtained_at,
                  std::chrono::seconds lifetime) const;
  void set_token(Token token);

  Endpoint oauth_;

 private:
  std::optional<std::string> current(bool usable_until_expiry) const;

  Pipeline& pipeline_;
  std::chrono::seconds refresh_margin_;
  mutable std::mutex mutex_;
  Token token_;
  std::atomic<std::uint64_t> failures_{0};  // fetches that failed so far
  std::exception_ptr last_failure_;          // the last of them (under mutex_)
  // A single slot: whoever holds it is the one caller fetching a token.
  boost::asio::experimental::concurrent_channel<void(boost::system::error_code)> fetching_;
};

class ServerToServerTokenProvider final : public RefreshingTokenProvider {
 public:
  ServerToServerTokenProvider(const boost::asio::any_io_executor& executor, Pipeline& pipeline, Endpoint oauth,
                              ServerToServerOAuth credentials, std::chrono::seconds refresh_margin);

 private:
  boost::asio::awaitable<Token> fetch() override;
  ServerToServerOAuth credentials_;
};

class UserTokenProvider final : public RefreshingTokenProvider {
 public:
  UserTokenProvider(const boost::asio::any_io_executor& executor, Pipeline& pipeline, Endpoint oauth,
                    UserOAuth credentials, std::chrono::seconds refresh_margin);

 private:
  boost::asio::awaitable<Token> fetch() override;
  UserOAuth credentials_;  // refresh_token is the current one: replaced on every refresh
};

}  // namespace zoom::detail
