// The export: every record of every listing (user or account) and month, in order, to a writer; resumable
// from a checkpoint file after a failure, a Ctrl-C or a killed process, with every record in the
// final output exactly once.
#pragma once

#include "incremental.hpp"
#include "listing.hpp"
#include "output.hpp"

#include <zoom/client.hpp>
#include <zoom/error.hpp>
#include <zoom/chain.hpp>

#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace zoom::cli {

struct ExportJob {
  Listing listing;
  std::vector<std::string> users;  // empty for the account's listing
  Format format = Format::jsonl;
  std::size_t concurrency = 4;  // months of an owner fetched at once
  std::string output;           // file to write; empty: the stream given to export_records
  std::string checkpoint;       // file to save the position in after each page; needs `output`
  std::string command;          // what identifies the export in its checkpoint (see fingerprint())
  IncrementalRun* incremental = nullptr;  // --state: leaves out what earlier runs wrote, records what this one writes
};

/// What a checkpoint (or a state file) must match to be resumed: the command, the users, the
/// query, the format and the server.
std::string fingerprint(const Listing& listing, const std::vector<std::string>& users, Format format,
                        const std::string& base_url);
inline std::string fingerprint(const ExportJob& job, const std::string& base_url) {
  return fingerprint(job.listing, job.users, job.format, base_url);
}

/// After each page.
struct Progress {
  std::uint64_t records = 0;          // in the output, earlier runs included
  std::uint64_t records_this_run = 0;
  std::uint64_t pages_this_run = 0;
  std::size_t segment = 0;            // index of the listing of the last page
  std::size_t segments = 0;
  std::string segment_label{};
  std::uint64_t segment_records = 0;  // records of that listing so far
  std::optional<std::int64_t> segment_total{};  // as Zoom reported it
};
using ProgressHook = std::function<void(const Progress&)>;

struct ExportResult {
  std::uint64_t records = 0;          // in the output, earlier runs included
  std::uint64_t resumed_records = 0;  // of those, written by earlier runs
  std::uint64_t pages = 0;            // this run
  std::size_t restarted_segments = 0; // listings read again because their page token expired
};

/// The checkpoint cannot continue this export: it belongs to another command, or its output file
/// was changed since. The message says which and what to do.
class CheckpointMismatch : public Error {
 public:
  using Error::Error;
};

/// Runs the export. Records go to `job.output` (or `out` when it is empty), each page written and
/// flushed before the checkpoint moves past it; on success the checkpoint file is removed.
/// `notes` gets one-line notices (resuming, a listing read again). Throws what the client throws,
/// zoom::DecodeError, CheckpointMismatch, and zoom::Error when the output cannot be written.
boost::asio::awaitable<ExportResult> export_records(Client& client, ExportJob job, std::ostream& out,
                                                    std::ostream& notes, ProgressHook on_page = {});

}  // namespace zoom::cli
