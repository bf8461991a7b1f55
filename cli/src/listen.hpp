// `zoom-phone listen`: a webhook endpoint for developing against Zoom, as `stripe listen` is for
// Stripe. A small HTTP/1.1 server (Beast, keep-alive) that mounts zoom::webhooks::Receiver on one
// path, answers Zoom's URL validation, prints each verified event on standard output (one JSON
// line, or a summary line with --format table) and refuses anything unverified with 401 and a
// line on standard error. The secret token comes from the environment only and is never printed.
#pragma once

#include "options.hpp"

#include <zoom/webhooks.hpp>

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace zoom::cli {

/// The environment variable the secret token is read from by default.
inline constexpr std::string_view default_secret_token_env = "ZOOM_WEBHOOK_SECRET_TOKEN";

/// The command line of `zoom-phone listen`.
struct ListenOptions {
  bool help = false;
  std::string address = "127.0.0.1";                       // --address: where to listen
  std::uint16_t port = 0;                                  // --port (required); 0: any free port
  std::string path = "/";                                  // --path: where the events are posted
  std::string secret_token_env{default_secret_token_env};  // --secret-token-env NAME
  Format format = Format::jsonl;                           // --format jsonl|table
};

/// Parses the arguments after `listen`. Throws UsageError.
ListenOptions parse_listen_options(const std::vector<std::string>& args);

/// `zoom-phone listen --help`.
std::string listen_usage();

/// The line printed for `event` (without the newline). jsonl: the body exactly as Zoom sent it,
/// unless it spans several lines (pretty-printed JSON): then Boost.JSON's compact serialization
/// of it (the same values on one line). table: `2026-11-15T12:00:00.000Z  phone.callee_missed
/// account=ACCOUNT  id=...` (UTC time of event_ts, the event, payload.account_id, and the
/// object's id, user_id, call_id and first call log's id when present).
std::string event_line(const zoom::webhooks::RawEvent& event, Format format);

/// Runs `zoom-phone listen` with the arguments after `listen` until SIGINT or SIGTERM; returns
/// the exit code: 0 after a signal, 1 when the server cannot run (the address is in use, ...),
/// 2 for a bad command line or no secret token in the environment.
int run_listen(const std::vector<std::string>& args, const std::function<const char*(const char*)>& getenv);

}  // namespace zoom::cli
