// The call history's view of the account: every party a call can reach, as a Participant
// (caller_* / callee_* / operator_* fields), made once from the account's sites, users and
// contacts.
#pragma once

#include "account.hpp"
#include "call.hpp"

#include <cstddef>
#include <vector>

namespace zoom::sandbox::detail {

struct Directory {
  struct ForMember {
    Participant by_number;     // reached on (or calling from) the direct number
    Participant by_extension;  // reached on (or calling from) the extension: no number fields
    Participant mobile;        // the mobile number missed calls may be forwarded to
  };
  struct ForSite {
    Participant main_line;          // the main number, answered by the auto receptionist
    Participant auto_receptionist;  // by extension
    Participant queue_number;       // the call queue's number
    Participant queue;              // the call queue by extension
    Participant lobby;              // the common-area phone
  };
  std::vector<ForMember> members;  // indexed like CallLogData's members
  std::vector<ForSite> sites;
  std::vector<Participant> contacts;
  Participant emergency_test;      // 933
};

Directory make_directory(const std::vector<Site>& sites, const std::vector<Member>& members,
                         const std::vector<Contact>& contacts);

// Everything about the owner of a call that its history record needs.
struct CallContext {
  const Member& owner;
  const Site& site;
  const Directory::ForMember& me;
  const Directory::ForSite& here;
};

}  // namespace zoom::sandbox::detail
