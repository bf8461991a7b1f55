// Small files that must never be seen half-written (checkpoints, incremental-export state): the
// text goes to FILE.new.PID, flushed to the disk, then renamed over FILE, so a killed process or a
// power loss leaves either the old file or the new one.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace zoom::cli {

/// Replaces `path` with `text`. `what` names the file in errors ("the checkpoint"). Throws
/// zoom::Error when it cannot be written.
void write_atomically(const std::filesystem::path& path, std::string_view text, std::string_view what);

/// The whole file, or empty when there is none. Throws zoom::Error when it exists but cannot be
/// read.
std::optional<std::string> read_whole_file(const std::filesystem::path& path, std::string_view what);

}  // namespace zoom::cli
