#include "pipeline.hpp"

namespace zoom::detail {

boost::asio::awaitable<Response> Pipeline::send(const RetryCall& call, const Exchange& exchange,
                                                const HttpRequest& request) {
  co_return co_await retry_loop(retry, timing, observer, call,
                                [&](int number, const Deadline& deadline) -> boost::asio::awaitable<Attempt> {
                                  deadline.check();
                                  co_return co_await attempt(transport, exchange, request, number, deadline.left());
                                });
}

}  // namespace zoom::detail
