// How zoom::json::decode treats a value that does not fit its member (see zoom/json.hpp). Its own
// header, so that zoom/client.hpp can carry it in ClientOptions without the JSON headers.
#pragma once

#include <functional>
#include <string>

namespace zoom::json {

/// A value that did not fit its member and was kept aside instead of failing the decode.
struct Mismatch {
  std::string path;     ///< Its JSON path: `call_logs[0].answer_start_time`.
  std::string problem;  ///< What did not fit: `expected a date-time (RFC 3339), got ""`.
};

/// How decode treats a value that does not fit its member.
struct DecodeOptions {
  /// Lenient (false, the default): a value of the right JSON kind but the wrong format (a date
  /// or date-time that does not parse; an empty string for a time, number or enum), a scalar of
  /// another kind that does not convert exactly (`"20"` converts to 20, `7017184835983901126` to
  /// "7017184835983901126"), null for a required member, a scalar for an object or array, or a
  /// missing required member leaves the member empty; the value is kept in the model's `extra`
  /// under its key, so encoding writes it back unchanged. Strict (true): each is an error.
  /// Always errors: text that is not JSON, an object where an array is needed and the reverse.
  bool strict = false;
  /// Called once per value left empty in lenient mode, while decoding (on the decoding thread).
  /// Unset: nothing is reported. What it throws ends the decode.
  std::function<void(const Mismatch&)> on_mismatch{};
};

}  // namespace zoom::json
