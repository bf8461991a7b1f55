// The legs of a call: the route it took through the account (auto receptionist, call queue,
// transfers, forwards), as call history's call_path[] and call logs' log_details[] show it.
// Derived from the Call alone, without drawing random numbers.
#pragma once

#include "call.hpp"
#include "directory.hpp"
#include "time.hpp"

#include <optional>
#include <string_view>
#include <vector>

namespace zoom::sandbox::detail {

struct Leg {
  std::string_view event{};          // incoming, outgoing, forward, ring_to_member, direct_transfer, timeout
  std::string_view result{};         // call history's spelling: answered, no_answer, ring_timeout, ...
  std::string_view result_reason{};  // answered_by_other, or empty
  std::string_view log_result{};     // the call log's spelling: Call connected, Missed, ...
  std::string_view log_path{};       // the call log's path of the leg: pstn, extension, forward, ...
  const Participant* caller = nullptr;
  const Participant* callee = nullptr;
  const Participant* operator_ = nullptr;  // who forwarded or transferred the call here
  sys_seconds start{};
  sys_seconds end{};
  std::optional<sys_seconds> answer{};  // only where the call log has answer_start_time
  int talk = 0;
  int hold = 0;
  bool recorded = false;   // the call's recording was made on this leg
  bool voicemail = false;  // the call's voicemail was left on this leg
  int segment = 0;         // legs of one segment ring at once (a call queue's members)
  int node = 0;            // order within the segment
  bool is_node = false;    // a routing step (auto receptionist, call queue, lobby phone)
  bool owner_leg = false;  // the owner's part: the record's event and operator come from it

  // Seconds from the start of the leg until it was answered (or talked on), else until it ended.
  int waiting_time() const {
    if (answer) return static_cast<int>((*answer - start).count());
    return static_cast<int>((end - start).count()) - talk;
  }
};

// How a call ended, in call history's words.
struct Outcome {
  std::string_view result{};         // the record's result
  std::string_view result_reason{};  // answered_by_other, or empty
  std::string_view call_result;    // what the call_results filter matches
};
Outcome outcome(const Call& call);

// 1 to 3 legs in the order they happened, the owner's leg marked.
std::vector<Leg> call_legs(const Call& call, const CallContext& owner);

}  // namespace zoom::sandbox::detail
