#include "authorize.hpp"

namespace zoom::detail {

boost::asio::awaitable<Attempt> Authorization::attempt(const Send& send) {
  token_ = co_await tokens_.access_token();
  Attempt attempt = co_await send(token_);
  const bool rejected = attempt.response && attempt.response->status == 401 && attempt.api_code == 124;
  if (!rejected || replayed_ || !tokens_.invalidate(token_)) co_return attempt;
  replayed_ = true;
  attempt.event.retry_reason = "access token rejected (401, code 124): renewing it and replaying once";
  observer_.report(attempt.event);
  token_ = co_await tokens_.access_token();
  co_return co_await send(token_);
}

}  // namespace zoom::detail
