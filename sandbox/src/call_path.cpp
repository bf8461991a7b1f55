#include "call_path.hpp"

namespace zoom::sandbox::detail {
namespace {

using std::chrono::seconds;

bool answered(const Call& c) { return c.result == "Call connected"; }

// The leg that ends the call where the owner is: carries the call's outcome, answer time, hold
// time, recording and voicemail.
Leg final_leg(const Call& c, std::string_view event, const Participant* caller, const Participant* callee,
              sys_seconds start, std::string_view log_path) {
  const Outcome o = outcome(c);
  Leg leg{.event = event, .result = o.result, .result_reason = o.result_reason, .log_result = c.result,
          .log_path = log_path, .caller = caller, .callee = callee, .start = start, .end = c.end, .answer = c.answer};
  leg.talk = answered(c) ? c.duration : 0;
  leg.hold = c.hold.value_or(0);
  leg.recorded = !c.recording_type.empty();
  leg.voicemail = c.result == "Voicemail";
  leg.owner_leg = true;
  return leg;
}

// A routing step that answers the call and hands it on (auto receptionist, lobby phone).
Leg routing_leg(const Call& c, const Participant* callee, sys_seconds end, std::string_view log_path) {
  return Leg{.event = "incoming", .result = "answered", .log_result = "Call connected", .log_path = log_path,
             .caller = c.far, .callee = callee, .start = c.start, .end = end, .is_node = true};
}

std::vector<Leg> main_line(const Call& c, const CallContext& owner) {
  const sys_seconds handed_on = c.start + seconds{c.waiting / 2};  // the menu, then the forward
  Leg menu = routing_leg(c, &owner.here.main_line, handed_on, "autoReceptionist");
  Leg forward = final_leg(c, "forward", c.far, &owner.me.by_extension, handed_on, "forward");
  forward.operator_ = &owner.here.auto_receptionist;
  forward.segment = 1;
  return {menu, forward};
}

// The queue's own leg: how the caller fared in the queue.
Leg queue_leg(const Call& c, const CallContext& owner, sys_seconds end) {
  Leg leg{.event = "incoming", .caller = c.far, .callee = &owner.here.queue_number, .start = c.start,
          .end = end, .is_node = true};
  leg.log_path = "callQueue";
  if (c.result == "Missed") {
    leg.result = "abandoned";
    leg.log_result = "Missed";
  } else if (c.result == "Voicemail") {
    leg.result = "overflowed";
    leg.log_result = "Voicemail";
  } else if (c.result == "Call Cancel") {
    leg.result = "canceled";
    leg.log_result = "Call Cancel";
  } else {
    leg.result = "answered";
    leg.log_result = "Call connected";
  }
  return leg;
}

// Ringing the owner as a member of the queue.
Leg ring_owner(const Call& c, const CallContext& owner, sys_seconds start) {
  Leg leg = final_leg(c, "ring_to_member", c.far, &owner.me.by_extension, start, "extension");
  leg.operator_ = &owner.here.queue;
  leg.segment = 1;
  if (c.result == "Answered by Other Member") {
    leg.end = *c.answer;
    leg.answer.reset();
    leg.talk = 0;
    leg.hold = 0;
    leg.recorded = false;
  } else if (c.result == "Missed" || c.result == "Voicemail") {
    leg.result = "ring_timeout";
    leg.log_result = "Missed";
    if (c.result == "Voicemail") leg.end = c.start + seconds{c.waiting};
    leg.voicemail = false;
  }
  return leg;
}

std::vector<Leg> call_queue(const Call& c, const CallContext& owner) {
  const sys_seconds distributed = c.start + seconds{c.waiting / 3};  // the greeting, then the members
  std::vector<Leg> legs{queue_leg(c, owner, distributed), ring_owner(c, owner, distributed)};
  if (c.result == "Answered by Other Member") {
    Leg other{.event = "ring_to_member", .result = "answered", .log_result = "Call connected",
              .log_path = "extension", .caller = c.far, .callee = c.answered_by, .operator_ = &owner.here.queue,
              .start = distributed, .end = c.end, .answer = c.answer, .talk = c.duration,
              .hold = c.hold.value_or(0), .recorded = !c.recording_type.empty(), .segment = 1, .node = 1};
    legs.push_back(other);
  } else if (c.result == "Voicemail") {
    Leg box{.event = "timeout", .result = "voicemail", .log_result = "Voicemail", .log_path = "voiceMail",
            .caller = c.far, .callee = &owner.here.queue_number, .operator_ = &owner.here.queue,
            .start = c.start + seconds{c.waiting}, .end = c.end, .voicemail = true, .segment = 2};
    legs.push_back(box);
  }
  return legs;
}

std::vector<Leg> direct(const Call& c, const CallContext& owner) {
  if (c.forwarded_by) {  // the lobby phone took it and transferred it
    const sys_seconds transferred = c.start + seconds{c.waiting / 2};
    Leg lobby = routing_leg(c, &owner.here.lobby, transferred, "commonAreaPhone");
    Leg transfer = final_leg(c, "direct_transfer", c.far, &owner.me.by_number, transferred, "transfer");
    transfer.operator_ = &owner.here.lobby;
    transfer.segment = 1;
    return {lobby, transfer};
  }
  if (c.forwarded_to) {  // missed, then forwarded to the owner's mobile, which did not answer
    const sys_seconds forwarded = c.start + seconds{c.waiting / 2};
    Leg ring = final_leg(c, "incoming", c.far, &owner.me.by_number, c.start, "pstn");
    ring.end = forwarded;
    Leg mobile{.event = "forward", .result = "no_answer", .log_result = "Missed", .log_path = "forward",
               .caller = c.far, .callee = &owner.me.mobile, .operator_ = &owner.me.by_extension,
               .start = forwarded, .end = c.end, .segment = 1};
    return {ring, mobile};
  }
  return {final_leg(c, "incoming", c.far, &owner.me.by_number, c.start, "pstn")};
}

}  // namespace

Outcome outcome(const Call& c) {
  const std::string& r = c.result;
  const bool inbound = c.direction == "inbound";
  if (r == "Call connected") return inbound ? Outcome{"answered", "", "answered"} : Outcome{"connected", "", "connected"};
  if (r == "Answered by Other Member") return {"no_answer", "answered_by_other", "answered"};
  if (r == "Missed") return {"no_answer", "", c.route == Route::call_queue ? "abandoned" : "no_answer"};
  if (r == "Voicemail") return {"voicemail", "", "voicemail"};
  if (r == "Call Cancel") return {"canceled", "", "hang_up"};
  if (r == "Rejected") return {"rejected", "", "hang_up"};
  if (r == "Blocked" || r == "International Disabled") return {"system_blocked", "", "blocked"};
  if (r == "Busy") return {"busy", "", "no_answer"};
  if (r == "No Answer") return {"no_answer", "", "no_answer"};
  if (r == "Wrong Number") return {"call_failed", "", "invalid_operation"};
  return {"call_failed", "", "service_unavailable"};  // Call failed
}

std::vector<Leg> call_legs(const Call& c, const CallContext& owner) {
  const Participant* me_number = &owner.me.by_number;
  const Participant* me_extension = &owner.me.by_extension;
  switch (c.route) {
    case Route::main_line: return main_line(c, owner);
    case Route::call_queue: return call_queue(c, owner);
    case Route::direct: return direct(c, owner);
    case Route::from_extension: return {final_leg(c, "incoming", c.far, me_extension, c.start, "extension")};
    case Route::to_pstn:
    case Route::emergency_test: return {final_leg(c, "outgoing", me_number, c.far, c.start, "pstn")};
    case Route::to_extension: return {final_leg(c, "outgoing", me_extension, c.far, c.start, "extension")};
  }
  return {};
}

}  // namespace zoom::sandbox::detail
