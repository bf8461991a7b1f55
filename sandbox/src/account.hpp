// The sandbox's synthetic account as a directory: its sites (each with an auto receptionist, a
// call queue, a shared line group and a lobby phone), its users, and the outside contacts who
// call them. Made once from the seed by CallLogData; never changed afterwards.
#pragma once

#include <zoom/sandbox/sandbox.hpp>

#include <cstddef>
#include <string>

namespace zoom::sandbox::detail {

// A party as the call log's accepted_by / forwarded_by / forwarded_to / outgoing_by show it.
struct Party {
  std::string extension_number;
  std::string extension_type;  // user | callQueue | commonAreaPhone | autoReceptionist | sharedLineGroup
  std::string location;
  std::string name;
  int number_type = 1;         // 1 extension, 2 E.164 number, 3 custom number
  std::string phone_number;
  std::string extension_id{};  // Zoom's extension id (call history's *_ext_id); not in the call log
};

struct Site {
  std::string id;
  std::string name;
  std::string location;
  int utc_offset_minutes = 0;  // business hours are local to the site
  std::string country_code;    // "1", "44"
  std::string iso_code;        // "US", "GB"
  std::string main_number;     // the auto receptionist's number ("Main Line")
  Party auto_receptionist;
  Party call_queue;
  Party shared_line_group;
  Party common_area_phone;
};

// A user with what the call logs and the call history need beyond the public User.
struct Member {
  User user;
  std::size_t site = 0;
  std::string department;
  std::string cost_center;
  std::string number_source;      // internal | external | byop, of the user's direct number
  std::string billing_reference;  // for byop numbers
  std::string mobile_number;      // where missed calls are sometimes forwarded (custom number)
  // Call history only (drawn from their own generators, so the call logs stay as they were):
  std::string extension_id;       // Zoom's extension id, 22 characters like user ids
  std::string employee_id;        // "E" + 6 digits
  std::string group_id;           // the primary group: one per department
};

struct Contact {
  std::string name;
  std::string number;  // E.164
  std::string country_code;
  std::string iso_code;
  int rate = 0;        // per minute, in 1/10000 dollars
};

}  // namespace zoom::sandbox::detail
