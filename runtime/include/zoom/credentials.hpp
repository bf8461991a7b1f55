// How a client proves who it is. Values hold secrets: the SDK never writes them to a log, an
// error message or an exception.
#pragma once

#include <string>
#include <variant>

namespace zoom {

/// A ready access token, sent as `Authorization: Bearer ...` and never refreshed.
struct BearerToken {
  std::string access_token;
};

/// Zoom's Server-to-Server OAuth (`grant_type=account_credentials`): the client asks the OAuth
/// server for a token, caches it, and asks for a new one shortly before it expires.
struct ServerToServerOAuth {
  std::string account_id;
  std::string client_id;
  std::string client_secret;
};

using Credentials = std::variant<BearerToken, ServerToServerOAuth>;

}  // namespace zoom
