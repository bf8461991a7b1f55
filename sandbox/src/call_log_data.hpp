// The sandbox's synthetic account: users, sites, outside contacts, and call logs generated
// lazily for one (user, day) at a time from a hash of (seed, user, day). Nothing is stored
// per call: the same seed gives the same data in every run and on every request.
#pragma once

#include "time.hpp"

#include <zoom/sandbox/sandbox.hpp>

#include <boost/json/object.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zoom::sandbox::detail {

// A party as the call log's accepted_by / forwarded_by / forwarded_to / outgoing_by show it.
struct Party {
  std::string extension_number;
  std::string extension_type;  // user | callQueue | commonAreaPhone | autoReceptionist | sharedLineGroup
  std::string location;
  std::string name;
  int number_type = 1;         // 1 extension, 2 E.164 number, 3 custom number
  std::string phone_number;
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

// A user with what the call logs need beyond the public User.
struct Member {
  User user;
  std::size_t site = 0;
  std::string department;
  std::string cost_center;
  std::string number_source;      // internal | external | byop, of the user's direct number
  std::string billing_reference;  // for byop numbers
  std::string mobile_number;      // where missed calls are sometimes forwarded (custom number)
};

struct Contact {
  std::string name;
  std::string number;  // E.164
  std::string country_code;
  std::string iso_code;
  int rate = 0;        // per minute, in 1/10000 dollars
};

// What to select: a user's records whose time_type field lies in [begin, end].
struct Selection {
  std::size_t user = 0;
  sys_seconds begin;
  sys_seconds end;  // inclusive
  sys_seconds now;  // calls exist once they have ended, up to now, for seven months back
  Filters filters;  // already validated
};

class CallLogData {
 public:
  CallLogData(std::uint64_t seed, int users);  // throws std::invalid_argument unless 1..500 users

  const std::vector<User>& users() const noexcept { return users_; }
  // By id (exact), email (case-insensitive) or "me" (the first user).
  std::optional<std::size_t> find_user(std::string_view key) const;

  // Every matching record, newest first by the time_type field, ties by id.
  std::vector<boost::json::object> select(const Selection& selection) const;

  // One generated call, with its sort and filter keys next to the JSON served.
  struct Record {
    sys_seconds start;
    sys_seconds end;
    std::string id;
    std::string result;
    std::string caller_number;
    std::string callee_number;
    boost::json::object json;
  };
  // All calls of a user's local day (business hours at the user's site), in start order.
  std::vector<Record> day(std::size_t user, sys_days local_day) const;

 private:
  Record make_call(std::size_t user, std::uint64_t call_seed, sys_seconds start) const;

  std::uint64_t seed_;
  std::vector<Site> sites_;
  std::vector<Member> members_;
  std::vector<User> users_;
  std::vector<Contact> contacts_;
};

}  // namespace zoom::sandbox::detail
