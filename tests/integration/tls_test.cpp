// TLS refusals: an expired or not yet valid certificate, a certificate for another name, an
// untrusted CA, a server that speaks only TLS below 1.2. Each fails the call during the handshake
// with a zoom::TransportError naming host:port and a reason a person can act on, is not retried,
// and no byte of a request reaches the server: neither an API call's bearer token nor, on the
// way to /oauth/token, the client secret. The sandbox's statistics prove the last part. Also:
// https:// to a plain HTTP server is named as such.
#include "sandbox_fixture.hpp"

#include <zoom/error.hpp>
#include <zoom/phone/call_logs.hpp>

#include <catch2/catch.hpp>

using zoom::test::Events;
using zoom::test::SandboxFixture;
using zoom::sandbox::TlsVersion;
namespace phone = zoom::phone;

namespace {

// Where the refused connection was going: the API, with a bearer token, or /oauth/token, with
// the client secret (a Server-to-Server client asks for its token before its first call).
enum class Target { api, oauth };

zoom::ClientOptions options_for(SandboxFixture& fixture, Target target) {
  zoom::ClientOptions options = zoom::test::fast_retries(fixture.client_options());
  if (target == Target::api) options.credentials = zoom::BearerToken{fixture.server.issue_token()};
  return options;
}

struct Outcome {
  std::string error;  // what() of the zoom::TransportError; empty when the call succeeded
  std::vector<zoom::AttemptEvent> events;
  zoom::sandbox::Stats stats;  // final: taken once the sandbox's side of every connection ended
};

// One call with `options`, then the sandbox is stopped and the io_context drained, so that the
// server's end of a refused handshake is counted before its statistics are read.
Outcome call(SandboxFixture& fixture, zoom::ClientOptions options) {
  Events events;
  options.on_attempt = events.hook();
  Outcome out;
  {
    zoom::Client client(fixture.io.get_executor(), options);
    try {
      fixture.run(phone::list_user_call_logs(client, "me", {.page_size = 1}));
    } catch (const zoom::TransportError& e) {
      out.error = e.what();
    }
  }
  fixture.server.stop();
  fixture.io.run();
  out.events = events.all;
  out.stats = fixture.server.stats();
  return out;
}

// The call failed at the handshake with `message`, once, and the server read nothing.
void check_refused(const Outcome& outcome, Target target, const std::string& message) {
  CHECK(outcome.error == message);
  REQUIRE(outcome.events.size() == 1);  // one attempt: a refusal is not retried
  const zoom::AttemptEvent& event = outcome.events.front();
  CHECK(event.kind == (target == Target::api ? zoom::AttemptEvent::Kind::request
                                             : zoom::AttemptEvent::Kind::token_refresh));
  CHECK(event.status == 0);
  CHECK(event.error == message);
  CHECK(event.retry_reason.empty());
  CHECK(outcome.stats.connections_accepted == 1);
  CHECK(outcome.stats.tls_handshakes_completed == 0);
  CHECK(outcome.stats.request_bytes_read == 0);
  CHECK(outcome.stats.targets.empty());
}

std::string handshake_failed(const std::string& host, const SandboxFixture& fixture, const std::string& why) {
  return "TLS handshake with " + host + ":" + std::to_string(fixture.server.port()) + " failed: " + why;
}

const std::string kOutsideValidity =
    " (the server's certificate is outside its validity dates, or this machine's clock is wrong)";
const std::string kNotTrusted =
    " (it is not signed by a CA this client trusts: the system's CAs, ClientOptions::extra_ca_pem or "
    "ClientOptions::extra_ca_file)";

// https://localhost instead of https://127.0.0.1: the certificate's DNS name is checked.
zoom::ClientOptions by_name(zoom::ClientOptions options) {
  for (std::string* url : {&options.base_url, &options.oauth_url}) url->replace(url->find("127.0.0.1"), 9, "localhost");
  return options;
}

}  // namespace

TEST_CASE("a trusted certificate and TLS 1.2 or 1.3: the handshake completes and the request arrives", "[tls]") {
  auto sandbox_options = zoom::test::sandbox_options(true);
  sandbox_options.tls_max_version = GENERATE(TlsVersion::v1_2, TlsVersion::v1_3);
  const Target target = GENERATE(Target::api, Target::oauth);
  SandboxFixture fixture(sandbox_options);
  const Outcome outcome = call(fixture, options_for(fixture, target));
  CHECK(outcome.error.empty());
  CHECK(outcome.stats.tls_handshakes_completed == 1);
  CHECK(outcome.stats.tls_handshakes_failed == 0);
  CHECK(outcome.stats.request_bytes_read > 0);  // the counter the refusals below expect at 0
}

TEST_CASE("TLS refuses a certificate outside its validity dates", "[tls]") {
  using namespace std::chrono_literals;
  const Target target = GENERATE(Target::api, Target::oauth);
  auto sandbox_options = zoom::test::sandbox_options(true);
  SECTION("expired yesterday") {
    sandbox_options.tls_valid_from = -48h;
    sandbox_options.tls_valid_until = -24h;
    SandboxFixture fixture(sandbox_options);
    check_refused(call(fixture, options_for(fixture, target)), target,
                  handshake_failed("127.0.0.1", fixture, "certificate rejected: certificate has expired" + kOutsideValidity));
  }
  SECTION("valid only from tomorrow") {
    sandbox_options.tls_valid_from = 24h;
    sandbox_options.tls_valid_until = 48h;
    SandboxFixture fixture(sandbox_options);
    check_refused(call(fixture, options_for(fixture, target)), target,
                  handshake_failed("127.0.0.1", fixture, "certificate rejected: certificate is not yet valid" + kOutsideValidity));
  }
}

TEST_CASE("TLS refuses a certificate for another name", "[tls]") {
  const Target target = GENERATE(Target::api, Target::oauth);
  auto sandbox_options = zoom::test::sandbox_options(true);
  SECTION("an IP address") {
    sandbox_options.tls_host_names = {"api.example.com"};
    SandboxFixture fixture(sandbox_options);
    check_refused(call(fixture, options_for(fixture, target)), target,
                  handshake_failed("127.0.0.1", fixture,
                                   "certificate rejected: IP address mismatch (the certificate is not issued for 127.0.0.1)"));
  }
  SECTION("a DNS name") {
    sandbox_options.tls_host_names = {"api.example.com", "127.0.0.1"};
    SandboxFixture fixture(sandbox_options);
    check_refused(call(fixture, by_name(options_for(fixture, target))), target,
                  handshake_failed("localhost", fixture,
                                   "certificate rejected: hostname mismatch (the certificate is not issued for localhost)"));
  }
}

TEST_CASE("TLS sends the DNS name as SNI and accepts a certificate for it", "[tls]") {
  SandboxFixture fixture(true);
  zoom::Client client(fixture.io.get_executor(), by_name(fixture.client_options()));
  CHECK(fixture.run(phone::list_user_call_logs(client, "me", {.page_size = 1})).call_logs.size() <= 1);
}

TEST_CASE("TLS refuses a certificate from an untrusted CA", "[tls]") {
  const Target target = GENERATE(Target::api, Target::oauth);
  SandboxFixture fixture(true);
  zoom::ClientOptions options = options_for(fixture, target);
  options.extra_ca_pem.clear();
  check_refused(call(fixture, options), target,
                handshake_failed("127.0.0.1", fixture,
                                 "certificate rejected: self-signed certificate in certificate chain" + kNotTrusted));
}

TEST_CASE("TLS refuses a server that speaks only TLS 1.0 or 1.1", "[tls]") {
  const Target target = GENERATE(Target::api, Target::oauth);
  auto sandbox_options = zoom::test::sandbox_options(true);
  sandbox_options.tls_max_version = GENERATE(TlsVersion::v1_0, TlsVersion::v1_1);
  SECTION("a current server limited to them: it refuses the client's versions with an alert") {
    SandboxFixture fixture(sandbox_options);
    check_refused(call(fixture, options_for(fixture, target)), target,
                  handshake_failed("127.0.0.1", fixture,
                                   "the server accepts no TLS version this client offers (1.2 or newer); it likely "
                                   "speaks only TLS below 1.2, which this client refuses (tlsv1 alert protocol version)"));
  }
  SECTION("a server that predates TLS 1.3: it answers in its own version, which the client refuses") {
    sandbox_options.tls_legacy_server = true;
    SandboxFixture fixture(sandbox_options);
    check_refused(call(fixture, options_for(fixture, target)), target,
                  handshake_failed("127.0.0.1", fixture,
                                   "the server speaks only TLS below 1.2, which this client refuses (unsupported protocol)"));
  }
}

TEST_CASE("https:// to a plain HTTP server says the answer is not TLS", "[tls]") {
  SandboxFixture fixture(false);
  zoom::ClientOptions options = options_for(fixture, Target::api);
  options.base_url.replace(0, 4, "https");
  options.retry.max_attempts = 1;
  const Outcome outcome = call(fixture, options);
  CHECK(outcome.error == handshake_failed("127.0.0.1", fixture,
                                          "the server did not answer in TLS (is it a plain http:// server?) "
                                          "(wrong version number)"));
}
