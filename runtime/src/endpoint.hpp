// Where requests go: scheme, host, port and the path every operation path is appended to,
// parsed once from ClientOptions.
#pragma once

#include <string>
#include <string_view>

namespace zoom::detail {

struct Endpoint {
  bool tls = true;
  std::string host;
  std::string port;       // "443"
  std::string base_path;  // "/v2", or empty

  /// "api.zoom.us:443": how errors name the server.
  std::string name() const { return host + ":" + port; }
  /// "https://api.zoom.us:443": the scheme and the server, as events and the pools name it.
  std::string origin() const { return (tls ? "https://" : "http://") + name(); }
  /// The Host header: the port only when it is not the scheme's default.
  std::string host_header() const;
};

/// Parses `url` (the value of ClientOptions::`option`). Throws zoom::Error when it is not an
/// absolute http(s) URL, or is plain http:// while `allow_plain_http` is false.
Endpoint parse_endpoint(std::string_view url, bool allow_plain_http, std::string_view option);

}  // namespace zoom::detail
