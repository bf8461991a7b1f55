// The progress line zoom-phone keeps on standard error while it exports, when that is a terminal.
#pragma once

#include "export.hpp"

#include <chrono>
#include <optional>
#include <ostream>
#include <string>

namespace zoom::cli {

/// How far the export is, as a fraction of its listings: the listings done, plus the part of the
/// current one its total_records says is done.
double fraction_done(const Progress& progress);

/// "1,234 records, 12 pages, 85 records/s, listing 3 of 12: me 2026-08-01..2026-08-31, ETA 0:42".
/// `eta` empty: not known yet.
std::string format_progress(const Progress& progress, std::chrono::duration<double> elapsed,
                            std::optional<std::chrono::seconds> eta);

class ProgressLine {
 public:
  using Clock = std::chrono::steady_clock;
  /// Draws on `err` only when `enabled` (zoom-phone: when standard error is a terminal).
  ProgressLine(std::ostream& err, bool enabled);
  ~ProgressLine();
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;

  /// Redraws the line (at most ten times a second).
  void update(const Progress& progress);
  /// Erases the line, before a message or at the end.
  void clear();

 private:
  std::ostream& err_;
  bool enabled_;
  bool drawn_ = false;
  Clock::time_point started_ = Clock::now();
  Clock::time_point last_draw_{};
  std::optional<std::pair<Clock::time_point, double>> first_;  // the first update: time and fraction
};

}  // namespace zoom::cli
