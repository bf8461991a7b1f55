// The checkpoint file of an export: where it stands after the last page written, saved
// atomically (a new file renamed over the old), so a killed process leaves either the previous
// checkpoint or the new one, never half of one.
#pragma once

#include <zoom/chain.hpp>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace zoom::cli {

struct ExportPosition {
  ChainPosition next;                  // the page to read next
  std::uint64_t records = 0;           // records in the output before it
  std::uint64_t bytes = 0;             // bytes of the output before it
  std::uint64_t segment_records = 0;   // the same at the start of listing `next.segment`,
  std::uint64_t segment_bytes = 0;     // where a listing whose page token expired starts again
};

class CheckpointFile {
 public:
  /// `command`: the export's fingerprint, saved and compared on load.
  CheckpointFile(std::filesystem::path path, std::string command);

  /// The saved position, or empty when there is no file. Throws CheckpointMismatch when the file
  /// is not a checkpoint or was written for another command (the message names the difference).
  std::optional<ExportPosition> load() const;
  /// Replaces the file with `position`. Throws zoom::Error when it cannot be written.
  void save(const ExportPosition& position) const;
  /// After the export is complete.
  void remove() const;
  const std::filesystem::path& path() const noexcept { return path_; }

 private:
  std::filesystem::path path_;
  std::string command_;
};

}  // namespace zoom::cli
