// One generated call, with everything both of its views need: the call log (CallLogData's JSON)
// and the call history (call_history.hpp: the flat record and the call path). Both views are
// written from this one value, so they cannot disagree on ids, times or outcome.
#pragma once

#include "account.hpp"
#include "time.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace zoom::sandbox::detail {

// One side of a call as the call log's caller_* / callee_* fields show it.
struct End {
  std::string number;
  std::string name;
  std::string did;
  std::string country_code;
  std::string iso_code;
  std::string source;             // only for Zoom numbers, never for extensions
  std::string billing_reference;  // caller side, byop numbers
  int number_type = 2;
};

// A side of a call or of one of its legs as the call history shows it (caller_* / callee_* /
// operator_*). An empty string is a field that does not apply and is not sent.
struct Participant {
  std::string ext_id, name, email, employee_id, did_number, ext_number;
  std::string ext_type;      // call history's spelling: user, call_queue, auto_receptionist, ...
  std::string log_ext_type;  // the call log's spelling: user, callQueue, autoReceptionist, ...
  std::string number_type;   // zoom_pstn, byoc, byop, external_pstn, zoom_service_number
  std::string country_iso_code, country_code, site_id, department, cost_center;
  bool user = false;         // one of the account's users (who answers on a device)
};

// The way a call went, which decides its legs (call_history.cpp).
enum class Route {
  main_line,       // inbound from outside to the site's main number, through the auto receptionist
  call_queue,      // inbound from outside to the site's call queue, which rings its members
  direct,          // inbound from outside to the owner's direct number (forwarded_by: transferred by
                   // the lobby phone; forwarded_to: missed, forwarded to the owner's mobile)
  from_extension,  // inbound from another extension of the account
  to_pstn,         // outbound to the phone network
  emergency_test,  // outbound to 933, the emergency address test
  to_extension,    // outbound to another extension of the account
};

struct Call {
  std::size_t owner = 0;   // index of the user whose call log this is
  std::uint64_t seed = 0;  // the call's seed; history-only details derive from it, never from the
                           // generator of the call log's fields
  std::string id;          // the call log id (UUID), shared by both views and every leg
  std::string call_id;     // 19 digits
  sys_seconds start;
  sys_seconds end;
  std::optional<sys_seconds> answer;  // answered inbound calls only

  // The call log's view.
  std::optional<Party> accepted_by, forwarded_by, forwarded_to, outgoing_by;
  End caller, callee;
  std::string direction, path, result, client_code, recording_type, call_path_id;
  std::string charge, rate;
  int duration = 0;  // seconds talking (or of voicemail), after `waiting`
  int waiting = 0;   // seconds ringing
  std::optional<int> hold;
  std::optional<bool> has_recording, has_voicemail;

  // The call history's view: the parties, which point into CallLogData's directory (so a Call
  // must not outlive the CallLogData that made it).
  Route route = Route::direct;
  bool international = false;
  const Participant* far = nullptr;          // the other end: an outside contact, another user,
                                             // a site's extension or 933
  const Participant* answered_by = nullptr;  // call_queue, "Answered by Other Member": who
};

}  // namespace zoom::sandbox::detail
