// No secret in anything a run shows. A full run against the sandbox with faults (503s, resets, a
// truncated body, an expired token and its renewal, a 429, a 401 and a 500 from /oauth/token,
// and servers that echo the request, Authorization header and form body included), paging
// through several pages, once with Server-to-Server OAuth and once with user-level OAuth and a
// TokenStore. What it showed: every AttemptHook event (each string field), every exception's
// what() and, for an ApiError, each field, and what zoom-phone prints on standard error (the
// export's notes, its progress line, "zoom-phone: " + what()). The runtime writes no log of its
// own (nothing in runtime/ prints), so that is all a person or a log file could see. Searched
// for: the client secret, the Basic credentials carrying it, and every access and refresh token
// the sandbox handed out, whole or any 8 characters of them.
#include "sandbox_fixture.hpp"

#include "export.hpp"
#include "progress.hpp"

#include <zoom/error.hpp>
#include <zoom/phone/call_logs.hpp>

#include <boost/beast/core/detail/base64.hpp>

#include <catch2/catch.hpp>

#include <sstream>

using namespace std::chrono;
using zoom::sandbox::Fault;
using zoom::test::SandboxFixture;
namespace phone = zoom::phone;

namespace {

// Recognizable, and in no text the SDK writes of its own.
const std::string kClientSecret = "Qx7CLIENTsecretVALUEz9";

// Everything the run showed, one string per field, as a person or a log would see it.
struct Shown {
  std::vector<std::string> texts;

  zoom::AttemptHook hook() {
    return [this](const zoom::AttemptEvent& e) {
      texts.insert(texts.end(), {std::string{e.operation}, std::string{e.method}, e.url, e.error, e.retry_reason});
    };
  }
  void error(const std::exception& e) {
    texts.push_back(std::string{"zoom-phone: "} + e.what());
    if (const auto* api = dynamic_cast<const zoom::ApiError*>(&e)) {
      texts.insert(texts.end(), {api->message(), api->tracking_id(), api->details().request});
      for (const zoom::FieldError& field : api->field_errors()) texts.insert(texts.end(), {field.field, field.message});
    }
  }
  bool contains(std::string_view text) const {
    for (const std::string& shown : texts)
      if (shown.find(text) != std::string::npos) return true;
    return false;
  }
};

// Runs `task` to its end, which may be a failure: faults make some calls fail on purpose.
template <class T>
void run_keeping_errors(SandboxFixture& fixture, Shown& shown, boost::asio::awaitable<T> task) {
  try {
    fixture.run(std::move(task));
  } catch (const std::exception& e) {
    shown.error(e);
  }
}

// An export of October through zoom-phone's code, 30 records a page, one request at a time (so
// the faults meet the requests in the order scripted), its notes and progress line kept.
void export_october(SandboxFixture& fixture, zoom::Client& client, Shown& shown) {
  std::ostringstream records, notes, progress_line;
  zoom::cli::ProgressLine progress(progress_line, true);
  zoom::cli::Options options;
  options.command = zoom::cli::Command::call_history;
  options.users = {"me"};
  options.history = {.from = 2026y / October / 1, .to = 2026y / October / 31, .page_size = 30};
  zoom::cli::ExportJob job{.listing = zoom::cli::make_listing(options),
                           .users = {"me"},
                           .format = zoom::cli::Format::jsonl,
                           .concurrency = 1,
                           .output = {},
                           .checkpoint = {},
                           .command = "secrets test"};
  run_keeping_errors(fixture, shown,
                     zoom::cli::export_records(client, job, records, notes, [&](const auto& p) { progress.update(p); }));
  progress.clear();
  shown.texts.insert(shown.texts.end(), {notes.str(), progress_line.str()});
}

// The API's transient faults, each retried (none twice in a row, so no page runs out of attempts).
void inject_api_faults(zoom::sandbox::Sandbox& server) {
  server.inject("/v2/", Fault::status_code(503, R"({"code":503,"message":"Service unavailable"})"));
  server.inject("/v2/", Fault{.kind = Fault::Kind::delay_only});
  server.inject("/v2/", Fault{.kind = Fault::Kind::reset_before_headers});
  server.inject("/v2/", Fault{.kind = Fault::Kind::truncated_body});
  server.inject("/v2/", Fault{.kind = Fault::Kind::expire_token});  // 401 code 124 -> a new token
  server.inject("/v2/", Fault::too_many_requests("none", seconds{0}));
  server.inject("/v2/", Fault{.kind = Fault::Kind::echo_request, .status = 502});
  server.inject("/v2/", Fault{.kind = Fault::Kind::delay_only});
  server.inject("/v2/", Fault{.kind = Fault::Kind::reset_after_headers});
}

// A server that echoes the request it got, with a status that is not retried: the call fails
// with the echo in its ApiError.
Fault echo(unsigned status) { return Fault{.kind = Fault::Kind::echo_request, .status = status}; }

std::string base64(std::string_view text) {
  namespace base64 = boost::beast::detail::base64;
  std::string out(base64::encoded_size(text.size()), '\0');
  out.resize(base64::encode(out.data(), text.data(), text.size()));
  return out;
}

// The first 8 characters of `secret` in a row (all of a shorter one) found in `shown`, if any.
std::optional<std::string> leaked_piece(const Shown& shown, std::string_view secret) {
  const std::size_t piece = std::min<std::size_t>(8, secret.size());
  for (std::size_t at = 0; at + piece <= secret.size(); ++at)
    if (shown.contains(secret.substr(at, piece))) return std::string{secret.substr(at, piece)};
  return std::nullopt;
}

struct MemoryStore : zoom::TokenStore {
  std::optional<zoom::StoredTokens> saved;
  std::optional<zoom::StoredTokens> load() override { return saved; }
  void save(const zoom::StoredTokens& tokens) override { saved = tokens; }
};

}  // namespace

TEST_CASE("a full run with faults shows no client secret, access token or refresh token", "[secrets]") {
  auto sandbox_options = zoom::test::sandbox_options(false);
  sandbox_options.credentials.client_secret = kClientSecret;
  SandboxFixture fixture(sandbox_options);
  auto& server = fixture.server;
  Shown shown;
  zoom::ClientOptions options = zoom::test::fast_retries(fixture.client_options());
  options.on_attempt = shown.hook();

  {  // Server-to-Server OAuth: the client secret travels in the Basic credentials.
    zoom::Client client(fixture.io.get_executor(), options);
    server.inject("/oauth/token", echo(500));
    run_keeping_errors(fixture, shown, phone::list_user_call_logs(client, "me"));
    server.inject("/oauth/token",
                  Fault::status_code(401, R"({"reason":"Invalid client_id or client_secret","error":"invalid_client"})"));
    run_keeping_errors(fixture, shown, phone::list_user_call_logs(client, "me"));
    inject_api_faults(server);
    export_october(fixture, client, shown);
    server.inject("/v2/", echo(400));
    run_keeping_errors(fixture, shown, phone::list_user_call_logs(client, "me"));
  }
  {  // User-level OAuth: the refresh token travels in the form body, and rotates.
    auto user_options = options;
    user_options.credentials = zoom::UserOAuth{server.credentials().client_id, kClientSecret,
                                               server.issue_refresh_token(), std::make_shared<MemoryStore>()};
    zoom::Client client(fixture.io.get_executor(), user_options);
    server.inject("/oauth/token", echo(500));
    run_keeping_errors(fixture, shown, phone::list_user_call_logs(client, "me"));
    inject_api_faults(server);
    export_october(fixture, client, shown);
    server.inject("/v2/", echo(400));
    run_keeping_errors(fixture, shown, phone::list_user_call_logs(client, "me"));
  }
  CHECK(server.faults_pending() == 0);

  // The capture saw the run: its calls, its faults, and the echoes, with the secrets masked.
  CHECK(shown.contains("listUserCallLogs"));
  CHECK(shown.contains("oauth/token"));
  CHECK(shown.contains("HTTP 503 from GET /v2/phone/users/me/call_history"));
  CHECK(shown.contains("HTTP 401 from POST /oauth/token"));
  CHECK(shown.contains("rate limited (429)"));
  CHECK(shown.contains("Authorization: Basic ***"));
  CHECK(shown.contains("Authorization: Bearer ***"));
  CHECK(shown.contains("grant_type=refresh_token&refresh_token="));
  CHECK(shown.contains("zoom-phone: HTTP 400 from GET /v2/phone/users/me/call_logs"));

  std::vector<std::string> secrets = server.issued_tokens();
  CHECK(secrets.size() >= 6);  // access tokens of both grants, renewed once each; refresh tokens
  secrets.push_back(kClientSecret);
  secrets.push_back(base64(server.credentials().client_id + ":" + kClientSecret));
  for (const std::string& secret : secrets) {
    INFO("secret " << secret);
    CHECK(leaked_piece(shown, secret).value_or("") == "");
  }
}
