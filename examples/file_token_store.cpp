// file_token_store: user-level OAuth (zoom::UserOAuth) whose tokens survive a restart, kept in a
// file by FileTokenStore (file_token_store.hpp). It lists a user's call logs of the last 24 hours
// (one page) and prints how many there are.
//
// First run: give the refresh token your app got from Zoom's authorization flow. The SDK trades
// it for an access token and a new refresh token (Zoom rotates them; the old one is dead at once)
// and saves both to the file before using them. Later runs start from the file alone: the saved
// access token while it is valid, else the saved refresh token.
//
//   file_token_store --token-file tokens.json --refresh-token <token>   # first run
//   file_token_store --token-file tokens.json                           # every run after
//
// Options (each also from the environment variable in brackets):
//   --token-file FILE      where the tokens live [ZOOM_TOKEN_FILE] (required)
//   --refresh-token TOKEN  the first refresh token, used only when the file has none [ZOOM_REFRESH_TOKEN]
//   --client-id ID         the OAuth app's client id [ZOOM_CLIENT_ID]
//   --client-secret S      the OAuth app's client secret [ZOOM_CLIENT_SECRET]
//   --user ID              whose call logs (default me) [ZOOM_USER]
//   --base-url URL         default https://api.zoom.us/v2 [ZOOM_BASE_URL]
//   --oauth-url URL        default https://zoom.us [ZOOM_OAUTH_URL]
//   --ca-file FILE         a CA to trust besides the system's, e.g. the sandbox's [ZOOM_CA_FILE]
//   --allow-plain-http     accept http:// URLs (a local sandbox only) [ZOOM_ALLOW_PLAIN_HTTP=1]
// Exit status: 0 done, 1 failed (the message says why), 2 bad command line.
#include "file_token_store.hpp"

#include "arguments.hpp"

#include <zoom/client.hpp>
#include <zoom/error.hpp>
#include <zoom/phone/call_logs.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include <exception>
#include <iostream>
#include <memory>
#include <string>

// Zoom deprecated the call-logs operations in favour of call history; this program reads call
// logs on purpose (the SDK keeps them for as long as Zoom serves them).
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"

namespace {

using examples::UsageError;

struct Settings {
  std::string token_file, refresh_token, client_id, client_secret, user = "me";
  std::string base_url = "https://api.zoom.us/v2", oauth_url = "https://zoom.us", ca_file;
  bool allow_plain_http = false;
};

constexpr const char* usage =
    "usage: file_token_store --token-file FILE [--refresh-token TOKEN] --client-id ID --client-secret S"
    " [--user ID] [--base-url URL] [--oauth-url URL] [--ca-file FILE] [--allow-plain-http]\n";

Settings parse(int argc, char** argv) {
  Settings s;
  examples::Arguments{}
      .value("--token-file", s.token_file, "ZOOM_TOKEN_FILE")
      .value("--refresh-token", s.refresh_token, "ZOOM_REFRESH_TOKEN")
      .value("--client-id", s.client_id, "ZOOM_CLIENT_ID")
      .value("--client-secret", s.client_secret, "ZOOM_CLIENT_SECRET")
      .value("--user", s.user, "ZOOM_USER")
      .zoom_server(s.base_url, s.oauth_url, s.ca_file, s.allow_plain_http)
      .parse(argc, argv);
  if (s.token_file.empty()) throw UsageError{"--token-file is required"};
  if (s.client_id.empty() || s.client_secret.empty()) throw UsageError{"--client-id and --client-secret are required"};
  return s;
}

boost::asio::awaitable<void> list_last_day(zoom::Client& client, std::string user) {
  // No range: Zoom answers with the last 24 hours.
  const zoom::phone::CallLogPage page =
      co_await zoom::phone::list_user_call_logs(client, user, {.page_size = 300});
  std::cout << "call logs of " << user << " in the last 24 hours: " << page.total_records.value_or(0) << '\n';
}

}  // namespace

int main(int argc, char** argv) {
  const Settings settings = examples::read_command_line("file_token_store", usage, argc, argv, parse);

  auto store = std::make_shared<FileTokenStore>(settings.token_file);
  boost::asio::io_context io;
  std::exception_ptr failure;
  try {
    // The constructor loads the file (FileTokenStore::Corrupt when it is damaged); the refresh
    // token given here is used only when the file has none.
    zoom::Client client{io.get_executor(),
                        {.credentials = zoom::UserOAuth{settings.client_id, settings.client_secret,
                                                        settings.refresh_token, store},
                         .base_url = settings.base_url,
                         .oauth_url = settings.oauth_url,
                         .extra_ca_file = settings.ca_file,
                         .allow_plain_http = settings.allow_plain_http}};
    boost::asio::co_spawn(io, list_last_day(client, settings.user), [&](std::exception_ptr e) { failure = e; });
    io.run();
  } catch (...) {
    failure = std::current_exception();
  }
  if (!failure) {
    std::cout << "tokens saved in " << store->path().string() << '\n';
    return 0;
  }
  try {
    std::rethrow_exception(failure);
  } catch (const FileTokenStore::Corrupt& e) {
    std::cerr << "file_token_store: " << e.what() << '\n';
  } catch (const zoom::ApiError& e) {
    // A 400 "Invalid Token!" from /oauth/token: the refresh token was used already or revoked.
    std::cerr << "file_token_store: Zoom refused: " << e.what() << '\n';
  } catch (const std::exception& e) {
    std::cerr << "file_token_store: " << e.what() << '\n';
  }
  return 1;
}
