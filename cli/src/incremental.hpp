// One run of an incremental export (`--state FILE`): which window it reads, which records it
// leaves out, and the state it leaves for the next run. See state.hpp for the idea.
//
// The first run reads from --from to --to (default: now). A later run reads from a look-back
// before where the last complete run ended to --to (default: now), and leaves out the records the
// earlier runs wrote in that look-back. A run that fails keeps its window: running the command
// again (with --checkpoint, continuing its output) finishes that run before the state moves on.
#pragma once

#include "options.hpp"
#include "state.hpp"

#include <boost/json/object.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <utility>

namespace zoom::cli {

class IncrementalRun {
 public:
  /// `time_field`: the record field the window applies to (e.g. `start_time`).
  IncrementalRun(StateFile file, std::chrono::seconds look_back, std::string time_field);

  /// Loads the state; returns the window to read: to `to`, capped at `now` (default `now`); a run
  /// that did not complete keeps its window. Nothing is saved yet (see page_done). Throws
  /// StateMismatch (another command's state, a damaged file) and std::invalid_argument when a
  /// first run has no `from` or `to` is before the end of the last run.
  std::pair<DateOrTime, DateOrTime> begin(const std::optional<DateOrTime>& from, const std::optional<DateOrTime>& to,
                                          DateTime now);
  /// Whether an earlier run already wrote `record` of `owner`'s listing (a user, or empty for the
  /// account).
  bool written_before(const std::string& owner, const boost::json::object& record) const;
  /// `record` of `owner`'s listing went to the output.
  void written(const std::string& owner, const boost::json::object& record);
  /// After a page was written and flushed, before the checkpoint moves past it: saves the pending
  /// run (at its first page) and what it wrote near its end, if that changed (a run continued
  /// from a checkpoint keeps it).
  void page_done();
  /// The run is complete: the state moves on to its end.
  void finish();
  /// Whether this run continues one that did not complete.
  bool continues_pending() const noexcept { return continued_; }

 private:
  StateFile file_;
  std::chrono::seconds look_back_;
  std::string time_field_;
  ExportState state_;
  DateTime until_{};
  bool continued_ = false;
  bool saved_ = false;  // this run is saved as pending
  bool dirty_ = false;
};

/// The state file of `options` (`--state`), for the command as first given: every flag but --to.
/// `server` names where the records come from (the base URL, or the built-in sandbox).
IncrementalRun incremental_run(const Options& options, const std::string& server);

/// `options` with this run's window, from `run.begin` (which it calls). Throws as begin does.
Options with_run_window(const Options& options, IncrementalRun& run, DateTime now);

}  // namespace zoom::cli
