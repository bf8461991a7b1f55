#include "endpoint.hpp"

#include <zoom/error.hpp>

#include <boost/url/parse.hpp>

namespace zoom::detail {

std::string Endpoint::host_header() const {
  const bool default_port = (tls && port == "443") || (!tls && port == "80");
  const bool ipv6 = host.find(':') != std::string::npos;
  const std::string h = ipv6 ? "[" + host + "]" : host;
  return default_port ? h : h + ":" + port;
}

Endpoint parse_endpoint(std::string_view url, bool allow_plain_http, std::string_view option) {
  const std::string where = "ClientOptions::" + std::string{option} + " '" + std::string{url} + "'";
  const auto parsed = boost::urls::parse_absolute_uri(url);
  if (!parsed) throw Error(where + " is not an absolute URL: " + parsed.error().message());
  Endpoint endpoint;
  const std::string scheme = parsed->scheme();
  if (scheme == "https") {
    endpoint.tls = true;
  } else if (scheme == "http") {
    if (!allow_plain_http)
      throw Error(where + " uses plain http://, which sends tokens unencrypted; set "
                          "ClientOptions::allow_plain_http for loopback tests");
    endpoint.tls = false;
  } else {
    throw Error(where + " must be an http:// or https:// URL");
  }
  endpoint.host = parsed->host_name().empty() ? std::string{parsed->encoded_host_address()}
                                              : std::string{parsed->host_name()};
  if (endpoint.host.empty()) throw Error(where + " has no host");
  if (endpoint.host.front() == '[') endpoint.host = endpoint.host.substr(1, endpoint.host.size() - 2);
  endpoint.port = parsed->has_port() ? std::string{parsed->port()} : (endpoint.tls ? "443" : "80");
  endpoint.base_path = parsed->encoded_path();
  while (!endpoint.base_path.empty() && endpoint.base_path.back() == '/') endpoint.base_path.pop_back();
  if (parsed->has_query() || parsed->has_fragment()) throw Error(where + " must not have a query or a fragment");
  return endpoint;
}

}  // namespace zoom::detail
