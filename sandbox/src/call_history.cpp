#include "call_history.hpp"

#include "call_path.hpp"
#include "random.hpp"

#include <boost/json/value.hpp>

#include <algorithm>
#include <charconv>
#include <string_view>

namespace zoom::sandbox::detail {
namespace {

// Ids only the call history shows, from a generator of their own seeded by the call (the call
// log's generator is never touched, so the call logs stay as they were).
struct HistoryIds {
  std::string recording_id;
  std::string voicemail_id;
};
HistoryIds history_ids(const Call& c) {
  Rng rng(hash_values(c.seed, 0x4157));
  HistoryIds ids;
  ids.recording_id = rng.hex(32);
  ids.voicemail_id = rng.hex(32);
  return ids;
}

std::uint64_t fnv1a(std::string_view text) {
  std::uint64_t h = 0xcbf29ce484222325ull;
  for (char ch : text) h = (h ^ static_cast<unsigned char>(ch)) * 0x100000001b3ull;
  return h;
}

// What a user answered or called on, stable for one (call, user).
std::string_view device_type(const Call& c, const Participant& p) {
  static constexpr std::string_view devices[] = {
      "Windows_Client(5.17.11.34827)", "Mac_Client(5.17.5.31030)", "iOS(5.17.10.31011)",
      "Android(5.17.0.30865)",         "Polycom VVX 450",          "Yealink T54W"};
  return devices[hash_values(c.seed, fnv1a(p.ext_id)) % std::size(devices)];
}

void put(boost::json::object& o, std::string_view key, std::string_view value) {
  if (!value.empty()) o[key] = value;
}

void put_time(boost::json::object& o, std::string_view key, const std::optional<sys_seconds>& t) {
  if (t) o[key] = format_date_time(*t);
}

// caller_* / callee_*; `full`: also employee id, site, department and cost center (the
// listings have them, the legs do not).
void put_side(boost::json::object& o, const std::string& prefix, const Call& c, const Participant& p, bool full) {
  put(o, prefix + "ext_id", p.ext_id);
  put(o, prefix + "name", p.name);
  put(o, prefix + "email", p.email);
  if (full) put(o, prefix + "employee_id", p.employee_id);
  put(o, prefix + "did_number", p.did_number);
  put(o, prefix + "ext_number", p.ext_number);
  put(o, prefix + "ext_type", p.ext_type);
  put(o, prefix + "number_type", p.number_type);
  if (p.user) put(o, prefix + "device_type", device_type(c, p));
  put(o, prefix + "country_iso_code", p.country_iso_code);
  put(o, prefix + "country_code", p.country_code);
  if (!full) return;
  put(o, prefix + "site_id", p.site_id);
  put(o, prefix + "department", p.department);
  put(o, prefix + "cost_center", p.cost_center);
}

void put_operator(boost::json::object& o, const Participant* p) {
  if (!p) return;
  put(o, "operator_ext_number", p->ext_number);
  put(o, "operator_ext_id", p->ext_id);
  put(o, "operator_ext_type", p->ext_type);
  put(o, "operator_name", p->name);
}

// The fields every form of the call shares.
void put_call(boost::json::object& o, const Call& c, const CallContext& owner) {
  o["id"] = c.id;
  o["call_id"] = c.call_id;
  o["group_id"] = owner.owner.group_id;
  o["connect_type"] = c.path == "extension" ? "internal" : "external";
  o["call_type"] = c.route == Route::emergency_test ? "emergency" : "general";
  o["direction"] = c.direction;
  o["international"] = c.international;
}

void put_owner(boost::json::object& o, const Call& c, const CallContext& owner) {
  put(o, "client_code", c.client_code);
  o["department"] = owner.owner.department;
  o["cost_center"] = owner.owner.cost_center;
  o["site_id"] = owner.site.id;
  o["site_name"] = owner.site.name;
}

const Participant& record_caller(const Call& c, const CallContext& owner) {
  switch (c.route) {
    case Route::to_pstn:
    case Route::emergency_test: return owner.me.by_number;
    case Route::to_extension: return owner.me.by_extension;
    default: return *c.far;
  }
}

const Participant& record_callee(const Call& c, const CallContext& owner) {
  switch (c.route) {
    case Route::main_line: return owner.here.main_line;
    case Route::call_queue: return owner.here.queue_number;
    case Route::direct: return owner.me.by_number;
    case Route::from_extension: return owner.me.by_extension;
    default: return *c.far;
  }
}

const Leg& owner_leg(const std::vector<Leg>& legs) {
  const auto it = std::find_if(legs.begin(), legs.end(), [](const Leg& l) { return l.owner_leg; });
  return it != legs.end() ? *it : legs.front();
}

boost::json::object leg_json(const Call& c, const CallContext& owner, const Leg& leg, const HistoryIds& ids) {
  boost::json::object o;
  put_call(o, c, owner);
  o.erase("international");  // not a leg field
  put_side(o, "caller_", c, *leg.caller, false);
  put_side(o, "callee_", c, *leg.callee, false);
  put_owner(o, c, owner);
  o["start_time"] = format_date_time(leg.start);
  put_time(o, "answer_time", leg.answer);
  o["end_time"] = format_date_time(leg.end);
  o["event"] = leg.event;
  o["result"] = leg.result;
  put(o, "result_reason", leg.result_reason);
  put_operator(o, leg.operator_);
  o["segment"] = leg.segment;
  o["node"] = leg.node;
  o["is_node"] = leg.is_node ? 1 : 0;
  if (leg.recorded) {
    o["recording_id"] = ids.recording_id;
    o["recording_type"] = c.recording_type == "Automatic" ? "automatic" : "ad-hoc";
  }
  if (leg.voicemail) o["voicemail_id"] = ids.voicemail_id;
  o["talk_time"] = leg.talk;
  o["hold_time"] = leg.hold;
  o["waiting_time"] = leg.waiting_time();
  return o;
}

}  // namespace

boost::json::object history_record(const Call& c, const CallContext& owner) {
  const std::vector<Leg> legs = call_legs(c, owner);
  const Leg& mine = owner_leg(legs);
  const Outcome result = outcome(c);
  const HistoryIds ids = history_ids(c);
  const bool answered = c.result == "Call connected" || c.result == "Answered by Other Member";

  boost::json::object o;
  put_call(o, c, owner);
  put_side(o, "caller_", c, record_caller(c, owner), true);
  put_side(o, "callee_", c, record_callee(c, owner), true);
  o["start_time"] = format_date_time(c.start);
  put_time(o, "answer_time", c.answer);
  o["end_time"] = format_date_time(c.end);
  o["duration"] = c.duration;
  o["event"] = mine.event;
  o["result"] = result.result;
  put(o, "result_reason", result.result_reason);
  o["call_result"] = result.call_result;
  put_operator(o, mine.operator_);
  if (!c.recording_type.empty()) {
    o["recording_id"] = ids.recording_id;
    o["recording_type"] = c.recording_type == "Automatic" ? "automatic" : "ad-hoc";
  }
  o["recording_status"] = c.recording_type.empty() ? "non_recorded" : "recorded";
  if (c.result == "Voicemail") o["voicemail_id"] = ids.voicemail_id;
  o["talk_time"] = answered ? c.duration : 0;
  o["hold_time"] = c.hold.value_or(0);
  o["wait_time"] = c.waiting;
  put_owner(o, c, owner);
  return o;
}

boost::json::object call_path_record(const Call& c, const CallContext& owner) {
  boost::json::object o = history_record(c, owner);
  const HistoryIds ids = history_ids(c);
  boost::json::array path;
  for (const Leg& leg : call_legs(c, owner)) path.push_back(leg_json(c, owner, leg, ids));
  o["call_path"] = std::move(path);
  return o;
}

boost::json::array log_details(const Call& c, const CallContext& owner) {
  boost::json::array out;
  for (const Leg& leg : call_legs(c, owner)) {
    boost::json::object o;
    o["id"] = c.id;
    o["date_time"] = format_date_time(leg.start);
    o["duration"] = leg.talk;
    o["hold_time"] = leg.hold;
    o["path"] = leg.log_path;
    o["result"] = leg.log_result;
    o["site"] = boost::json::object{{"id", owner.site.id}, {"name", owner.site.name}};
    const std::string& type = leg.callee->log_ext_type;
    const bool forwarded = leg.event == "forward" || leg.event == "ring_to_member" || leg.event == "direct_transfer";
    if (forwarded && (type == "user" || type == "callQueue" || type == "autoReceptionist" || type == "sharedLineGroup"))
      o["forward_to"] = boost::json::object{{"extension_number", leg.callee->ext_number},
                                            {"id", leg.callee->ext_id},
                                            {"name", leg.callee->name},
                                            {"type", type}};
    out.push_back(std::move(o));
  }
  return out;
}

std::string log_call_type(const Call& c) {
  if (c.path == "extension") return "voip";
  return c.international ? "international" : "pstn";
}

void add_account_fields(boost::json::object& log, const Call& c, const CallContext& owner) {
  const std::string& extension = owner.owner.user.extension_number;
  long long number = 0;
  std::from_chars(extension.data(), extension.data() + extension.size(), number);
  log["owner"] = boost::json::object{{"type", "user"}, {"id", owner.owner.user.id},
                                     {"name", owner.owner.user.name}, {"extension_number", number}};
  log["call_type"] = log_call_type(c);
  if (!c.recording_type.empty()) log["recording_id"] = history_ids(c).recording_id;
}

}  // namespace zoom::sandbox::detail
