// The state of an incremental export (`--state FILE`), for a job that runs every day: where the
// last complete run ended, and the ids it wrote near that end. The next run of the same command
// reads from a short look-back before that point (Zoom adds some records late) to now, and drops
// the ids already written, so that the outputs of all runs together hold every record once.
#pragma once

#include <zoom/error.hpp>
#include <zoom/time.hpp>

#include <boost/json/object.hpp>

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>

namespace zoom::cli {

struct ExportState {
  std::optional<DateTime> exported_until;  // the end of the last complete run's window
  std::optional<DateTime> pending_until;   // a run that started but did not complete: its end
  std::map<std::string, DateTime> recent;  // ids that complete runs wrote, by their record's time, within the look-back
  std::map<std::string, DateTime> pending; // the same for the pending run, so far
};

/// The state file belongs to another command (or is not a state file): nothing is exported.
class StateMismatch : public Error {
 public:
  using Error::Error;
};

class StateFile {
 public:
  /// `command`: the export's fingerprint without its end (`--to` may change from run to run).
  StateFile(std::filesystem::path path, std::string command);

  /// The saved state, or empty when there is no file. Throws StateMismatch when the file is not a
  /// state file or belongs to another command (the message names it).
  std::optional<ExportState> load() const;
  /// Replaces the file (atomically). Throws zoom::Error when it cannot be written.
  void save(const ExportState& state) const;
  const std::filesystem::path& path() const noexcept { return path_; }

 private:
  std::filesystem::path path_;
  std::string command_;
};

/// Forgets the ids of records older than `cut` (before the next run's look-back).
void forget_before(ExportState& state, DateTime cut);

/// A look-back as the command line gives it: `1d`, `12h`, `30m`, `0`. Empty when it is none of those.
std::optional<std::chrono::seconds> parse_look_back(std::string_view text);

}  // namespace zoom::cli
