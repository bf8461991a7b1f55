// The authorize stage: each attempt of an API call carries a valid access token, and when Zoom
// rejects one (401, code 124: revoked or expired early) it is renewed and the attempt replayed,
// once per call and not counted as a retry. The tokens themselves come from token_provider.hpp.
#pragma once

#include "attempt.hpp"
#include "token_provider.hpp"

#include <boost/asio/awaitable.hpp>

#include <functional>
#include <string>

namespace zoom::detail {

class Authorization {
 public:
  /// Sends the attempt with `token` in its Authorization header.
  using Send = std::function<boost::asio::awaitable<Attempt>(const std::string& token)>;

  /// For one call: the replay happens once in it at most.
  Authorization(TokenProvider& tokens, const Observer& observer) : tokens_(tokens), observer_(observer) {}

  /// One attempt with the current token; when Zoom rejects the token and a new one can be had,
  /// the rejected attempt is reported (with the replay as its reason) and the attempt made again.
  /// Throws what TokenProvider::access_token throws.
  boost::asio::awaitable<Attempt> attempt(const Send& send);

  /// The access token the call will use, for masking it in errors.
  const std::string& token() const noexcept { return token_; }

 private:
  TokenProvider& tokens_;
  const Observer& observer_;
  std::string token_;
  bool replayed_ = false;
};

}  // namespace zoom::detail
