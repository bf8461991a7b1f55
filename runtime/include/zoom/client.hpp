// zoom::Client: the one object an application creates to talk to Zoom. It runs on the
// executor it is given and owns no threads.
//
// This is the interface the generated operations call. The transport behind `send`
// (HTTPS, credentials, retries, rate limits) is not implemented yet: `send` fails with
// zoom::TransportError saying so, and never invents a response.
#pragma once

#include <zoom/request.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <string>

namespace zoom {

struct ClientOptions {
  /// Operation paths are appended to it.
  std::string base_url = "https://api.zoom.us/v2";
};

/// A response as received: the status and the body bytes, not yet decoded.
struct Response {
  unsigned status = 0;
  std::string body;
};

class Client {
 public:
  using executor_type = boost::asio::any_io_executor;

  /// Cheap: no connection is made until the first request.
  explicit Client(executor_type executor, ClientOptions options = {});

  executor_type get_executor() const noexcept { return executor_; }
  const ClientOptions& options() const noexcept { return options_; }

  /// Sends `request` and returns the response.
  /// Throws zoom::TransportError when no response arrives (for now: always, see above).
  boost::asio::awaitable<Response> send(Request request);

 private:
  executor_type executor_;
  ClientOptions options_;
};

}  // namespace zoom
