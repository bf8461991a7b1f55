// How a client proves who it is. Values hold secrets: the SDK never writes them to a log, an
// error message or an exception.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <variant>

namespace zoom {

/// A ready access token, sent as `Authorization: Bearer ...` and never refreshed.
struct BearerToken {
  /// The token. Empty: every call fails with zoom::Error ("no credentials"). A 401 for it is
  /// not retried.
  std::string access_token;
};

/// Zoom's Server-to-Server OAuth (`grant_type=account_credentials`): the client asks the OAuth
/// server for a token, caches it, and asks for a new one shortly before it expires. The values
/// come from the app's page in the Zoom App Marketplace; the Client constructor throws
/// zoom::Error when one is empty.
struct ServerToServerOAuth {
  std::string account_id;     ///< The Zoom account the app belongs to.
  std::string client_id;      ///< The app's client id.
  std::string client_secret;  ///< The app's client secret.
};

/// The tokens of a user-level OAuth grant, as an application persists them.
struct StoredTokens {
  std::string access_token;                          ///< may be empty: then the first call refreshes
  std::string refresh_token;                         ///< The refresh token to use next.
  std::chrono::system_clock::time_point expires_at{};  ///< of the access token
};

/// Where an application keeps a user's tokens between runs. Zoom rotates the refresh token on
/// every refresh and the old one stops working at once, so `save` is called with the new pair
/// before the new access token is used: a crash after it loses nothing. `load` is called once, by
/// the Client constructor; `save` from the client's executor, one refresh at a time. Clients do
/// not coordinate refreshes, so give one grant to one Client (and its copies): a refresh by one
/// retires the refresh token the other holds. Keep them short (a small file write is fine).
class TokenStore {
 public:
  virtual ~TokenStore() = default;
  /// The tokens saved last, or empty when there are none yet. What it throws leaves the Client
  /// constructor unchanged.
  virtual std::optional<StoredTokens> load() = 0;
  /// Persists `tokens`. Throwing fails the call that caused the refresh (with zoom::Error naming
  /// TokenStore::save); the new refresh token is still kept in memory, so the grant is not lost
  /// while the process runs.
  virtual void save(const StoredTokens& tokens) = 0;
};

/// User-level OAuth (`grant_type=refresh_token`): the access token is refreshed with the refresh
/// token, which Zoom replaces every time. The initial tokens come from `store->load()` when it
/// has any, else from `refresh_token` (a loaded access token is used until it expires). The
/// Client constructor throws zoom::Error when the client id or secret is empty, or when there is
/// no refresh token at all.
struct UserOAuth {
  std::string client_id;      ///< The app's client id.
  std::string client_secret;  ///< The app's client secret.
  std::string refresh_token;  ///< The grant's refresh token, used when `store` has none.
  std::shared_ptr<TokenStore> store;  ///< may be null: then rotated tokens live in memory only
};

/// How a client proves who it is (ClientOptions::credentials).
using Credentials = std::variant<BearerToken, ServerToServerOAuth, UserOAuth>;

}  // namespace zoom
