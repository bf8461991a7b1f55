// What a server answered, as the runtime hands it on: the value types below the client, which the
// transport, the retry rules and the errors use without knowing of zoom::Client.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace zoom {

/// A response as received: the status, headers and body bytes, not yet decoded.
struct Response {
  unsigned status = 0;  ///< The HTTP status.
  std::vector<std::pair<std::string, std::string>> headers;  ///< Header fields in the order received.
  std::string body;     ///< The body bytes (JSON for Zoom's API).

  /// The value of the first header named `name` (case-insensitive), empty when absent.
  std::string_view header(std::string_view name) const noexcept;
};

/// Receives a response body piece by piece, in order; what it throws ends the call (the connection is closed) and propagates.
using BodySink = std::function<void(std::string_view chunk)>;

}  // namespace zoom
