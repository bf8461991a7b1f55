#include <zoom/client.hpp>
#include <zoom/error.hpp>

#include <utility>

namespace zoom {

Client::Client(executor_type executor, ClientOptions options)
    : executor_(std::move(executor)), options_(std::move(options)) {}

boost::asio::awaitable<Response> Client::send(Request request) {
  // The transport arrives with the runtime issue; until then no request leaves the process,
  // and the caller learns exactly why instead of receiving an invented response.
  throw TransportError("zoom::Client cannot send " + std::string{to_string(request.method)} + " " +
                       request.target() + " (operation " + std::string{request.operation} +
                       "): this build of the runtime has no HTTP transport yet");
  co_return Response{};
}

}  // namespace zoom
