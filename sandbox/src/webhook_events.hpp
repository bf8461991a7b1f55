// What Zoom posts to a webhook URL, without the network: the signature (HMAC-SHA256 with
// OpenSSL, never the SDK's), the bodies of events and of the URL-validation challenge, and the
// completed events of the synthetic calls. Delivery (webhook_delivery.cpp) sends them.
#pragma once

#include "time.hpp"

#include <boost/json/object.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace zoom::sandbox::detail {

// Lower-case hex of HMAC-SHA256(key, message).
std::string hmac_sha256_hex(std::string_view key, std::string_view message);
// x-zm-signature: "v0=" + hex(HMAC-SHA256(secret, "v0:" + timestamp + ":" + body)).
std::string webhook_signature(std::string_view secret, std::string_view timestamp, std::string_view body);
// The same signature with one hex digit changed: well-formed, and wrong.
std::string corrupt_signature(std::string signature);

// {"event": event, "event_ts": event_ts_ms, "payload": {"account_id": account_id, "object": object}}
std::string event_body(std::string_view event, std::int64_t event_ts_ms, std::string_view account_id,
                       boost::json::object object);
// {"payload": {"plainToken": plain_token}, "event_ts": event_ts_ms, "event": "endpoint.url_validation"}
std::string validation_body(std::string_view plain_token, std::int64_t event_ts_ms);
// Empty when `answer` is the right answer to the challenge (plainToken echoed, encryptedToken
// = hex(HMAC-SHA256(secret, plainToken))); else why not.
std::string check_validation_answer(std::string_view answer, std::string_view plain_token, std::string_view secret);

// A call that ended, as its owner's completed events carry it.
struct CompletedCall {
  std::string user_id;   // the owner
  bool inbound = false;  // the owner is the callee
  sys_seconds end;
  std::string id;               // the call log id
  boost::json::object history;  // the record as the call-history listings serve it
  boost::json::object log;      // the call log as GET .../call_logs serves it
};

struct WebhookEvent {
  std::string name;
  std::int64_t event_ts_ms = 0;
  boost::json::object object;  // payload.object
};

// phone.{callee,caller}_call_history_completed for each call (and, with call_log_events,
// phone.{callee,caller}_call_log_completed), in the calls' order.
std::vector<WebhookEvent> completed_call_events(const std::vector<CompletedCall>& calls, bool call_log_events);

}  // namespace zoom::sandbox::detail
