// The call-history view of a call, written from the same Call as its call log: the flat record
// of the call-history listings and sync, the call with its call_path[] (GET
// /phone/call_history/{id}), and the call-log forms of the same legs (log_details[]) and of the
// account listing (owner, call_type, recording_id). Same id, call_id and times as the call log:
// start_time == date_time, end_time == call_end_time, answer_time == answer_start_time.
#pragma once

#include "call.hpp"
#include "directory.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <string>

namespace zoom::sandbox::detail {

// The record as GET /phone/users/{userId}/call_history, GET /phone/call_history and the sync
// serve it (the fields of both listings of Zoom's reference that apply).
boost::json::object history_record(const Call& call, const CallContext& owner);

// GET /phone/call_history/{callLogId}: the record plus call_path[], its legs in order.
boost::json::object call_path_record(const Call& call, const CallContext& owner);

// The legs in call-log form, for GET /phone/call_logs/{callLogId}'s log_details[].
boost::json::array log_details(const Call& call, const CallContext& owner);

// Adds what GET /phone/call_logs has beyond a user's call log: owner, call_type, recording_id.
void add_account_fields(boost::json::object& log, const Call& call, const CallContext& owner);

// The call-log call_type: voip (between extensions), international, or pstn.
std::string log_call_type(const Call& call);

}  // namespace zoom::sandbox::detail
