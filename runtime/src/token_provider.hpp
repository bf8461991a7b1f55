// Access tokens for the Authorization header: a static one, or Server-to-Server OAuth tokens
// fetched, cached and renewed shortly before they expire, one request at a time.
#pragma once

#include "endpoint.hpp"
#include "transport.hpp"

#include <zoom/credentials.hpp>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/experimental/concurrent_channel.hpp>

#include <chrono>
#include <memory>
#include <mutex>
#include <string>

namespace zoom::detail {

class TokenProvider {
 public:
  virtual ~TokenProvider() = default;
  /// A token valid now. Throws zoom::Error (or ApiError, TransportError) when none can be had.
  virtual boost::asio::awaitable<std::string> access_token() = 0;
};

class StaticTokenProvider final : public TokenProvider {
 public:
  explicit StaticTokenProvider(std::string token) : token_(std::move(token)) {}
  boost::asio::awaitable<std::string> access_token() override;

 private:
  std::string token_;
};

class ServerToServerTokenProvider final : public TokenProvider {
 public:
  ServerToServerTokenProvider(const boost::asio::any_io_executor& executor, Transport& transport, Endpoint oauth,
                              ServerToServerOAuth credentials, std::chrono::seconds refresh_margin);
  boost::asio::awaitable<std::string> access_token() override;

 private:
  struct Token {
    std::string value;
    std::chrono::steady_clock::time_point renew_at;
  };
  std::optional<std::string> cached() const;
  boost::asio::awaitable<Token> fetch();

  Transport& transport_;
  Endpoint oauth_;
  ServerToServerOAuth credentials_;
  std::chrono::seconds refresh_margin_;
  mutable std::mutex mutex_;
  Token token_;
  // A single slot: whoever holds it is the one caller fetching a token.
  boost::asio::experimental::concurrent_channel<void(boost::system::error_code)> fetching_;
};

}  // namespace zoom::detail
