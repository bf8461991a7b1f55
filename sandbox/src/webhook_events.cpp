#include "webhook_events.hpp"

#include "service.hpp"

#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <stdexcept>
#include <unordered_map>

namespace zoom::sandbox::detail {

std::string hmac_sha256_hex(std::string_view key, std::string_view message) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (!HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
            reinterpret_cast<const unsigned char*>(message.data()), message.size(), digest, &length))
    throw std::runtime_error("zoom-sandbox: HMAC-SHA256 failed");
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * length);
  for (unsigned int i = 0; i < length; ++i) {
    out.push_back(hex[digest[i] >> 4]);
    out.push_back(hex[digest[i] & 0x0f]);
  }
  return out;
}

std::string webhook_signature(std::string_view secret, std::string_view timestamp, std::string_view body) {
  std::string message = "v0:";
  message.append(timestamp).append(":").append(body);
  return "v0=" + hmac_sha256_hex(secret, message);
}

std::string corrupt_signature(std::string signature) {
  if (signature.empty()) return "v0=0";
  char& last = signature.back();
  last = last == '0' ? '1' : '0';
  return signature;
}

std::string event_body(std::string_view event, std::int64_t event_ts_ms, std::string_view account_id,
                       boost::json::object object) {
  boost::json::object payload;
  payload["account_id"] = account_id;
  payload["object"] = std::move(object);
  boost::json::object body;
  body["event"] = event;
  body["event_ts"] = event_ts_ms;
  body["payload"] = std::move(payload);
  return boost::json::serialize(body);
}

std::string validation_body(std::string_view plain_token, std::int64_t event_ts_ms) {
  boost::json::object body;
  body["payload"] = boost::json::object{{"plainToken", plain_token}};
  body["event_ts"] = event_ts_ms;
  body["event"] = "endpoint.url_validation";
  return boost::json::serialize(body);
}

std::string check_validation_answer(std::string_view answer, std::string_view plain_token, std::string_view secret) {
  boost::system::error_code ec;
  const boost::json::value value = boost::json::parse(answer, ec);
  if (ec || !value.is_object()) return "the answer is not a JSON object";
  const boost::json::object& o = value.get_object();
  const auto* plain = o.if_contains("plainToken");
  if (!plain || !plain->is_string()) return "the answer has no plainToken";
  if (plain->get_string() != plain_token) return "plainToken is not the one sent";
  const auto* encrypted = o.if_contains("encryptedToken");
  if (!encrypted || !encrypted->is_string()) return "the answer has no encryptedToken";
  if (encrypted->get_string() != hmac_sha256_hex(secret, plain_token))
    return "encryptedToken is wrong (not hex(HMAC-SHA256(secret token, plainToken)))";
  return {};
}

std::vector<WebhookEvent> completed_call_events(const std::vector<CompletedCall>& calls, bool call_log_events) {
  std::vector<WebhookEvent> out;
  for (const CompletedCall& call : calls) {
    const std::string side = call.inbound ? "callee" : "caller";
    const std::int64_t ts = std::chrono::duration_cast<std::chrono::milliseconds>(call.end.time_since_epoch()).count();
    auto object = [&](const boost::json::object& record) {
      boost::json::object o;
      o["user_id"] = call.user_id;
      o["call_logs"] = boost::json::array{record};
      return o;
    };
    out.push_back({"phone." + side + "_call_history_completed", ts, object(call.history)});
    if (call_log_events) out.push_back({"phone." + side + "_call_log_completed", ts, object(call.log)});
  }
  return out;
}

std::vector<CompletedCall> Service::completed_calls(sys_seconds after, sys_seconds until) const {
  const sys_seconds now = this->now();
  const sys_seconds begin = after + std::chrono::seconds{1};
  const sys_seconds end = std::min(until, now);
  std::vector<CompletedCall> out;
  if (begin > end) return out;
  HistoryFilters by_end;
  by_end.time_type = "end_time";
  for (std::size_t user = 0; user < data_.users().size(); ++user) {
    std::unordered_map<std::string, boost::json::object> logs;
    for (boost::json::object& log : calls_.call_logs({user, begin, end, now, Filters{"all", "", "endTime"}})) {
      std::string id(log.at("id").as_string());
      logs.emplace(std::move(id), std::move(log));
    }
    for (boost::json::object& record : calls_.history(user, begin, end, now, by_end)) {
      CompletedCall call;
      call.user_id = data_.users()[user].id;
      call.id = std::string(record.at("id").as_string());
      call.inbound = record.at("direction").as_string() == "inbound";
      const auto end_time = parse_time_arg(record.at("end_time").as_string());
      if (!end_time) continue;  // never: the sandbox writes it
      call.end = end_time->instant;
      if (const auto it = logs.find(call.id); it != logs.end()) call.log = it->second;
      call.history = std::move(record);
      out.push_back(std::move(call));
    }
  }
  std::sort(out.begin(), out.end(), [](const CompletedCall& a, const CompletedCall& b) {
    return a.end != b.end ? a.end < b.end : a.id < b.id;
  });
  return out;
}

}  // namespace zoom::sandbox::detail
