#include "progress.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace zoom::cli {
namespace {

std::string thousands(std::uint64_t n) {
  const std::string digits = std::to_string(n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

std::string clock_time(std::chrono::seconds s) {
  const long long h = s.count() / 3600, m = s.count() / 60 % 60, sec = s.count() % 60;
  char text[32];
  if (h) std::snprintf(text, sizeof text, "%lld:%02lld:%02lld", h, m, sec);
  else std::snprintf(text, sizeof text, "%lld:%02lld", m, sec);
  return text;
}

}  // namespace

double fraction_done(const Progress& p) {
  if (p.segments == 0) return 1;
  double within = 0;
  if (p.segment_total && *p.segment_total > 0)
    within = std::min(1.0, static_cast<double>(p.segment_records) / static_cast<double>(*p.segment_total));
  return std::min(1.0, (static_cast<double>(p.segment) + within) / static_cast<double>(p.segments));
}

std::string format_progress(const Progress& p, std::chrono::duration<double> elapsed,
                            std::optional<std::chrono::seconds> eta) {
  std::string line = thousands(p.records) + (p.records == 1 ? " record, " : " records, ") +
                     thousands(p.pages_this_run) + (p.pages_this_run == 1 ? " page, " : " pages, ");
  const double seconds = elapsed.count();
  line += (seconds > 0 ? thousands(static_cast<std::uint64_t>(std::llround(static_cast<double>(p.records_this_run) / seconds)))
                       : std::string{"0"}) + " records/s, ";
  line += "listing " + std::to_string(p.segment + 1) + " of " + std::to_string(p.segments) + ": " + p.segment_label;
  line += ", ETA " + (eta ? clock_time(*eta) : std::string{"--"});
  return line;
}

ProgressLine::ProgressLine(std::ostream& err, bool enabled) : err_(err), enabled_(enabled) {}

ProgressLine::~ProgressLine() { clear(); }

void ProgressLine::update(const Progress& progress) {
  if (!enabled_) return;
  const auto now = Clock::now();
  const double done = fraction_done(progress);
  if (!first_) first_.emplace(now, done);
  if (drawn_ && now - last_draw_ < std::chrono::milliseconds(100) && done < 1) return;
  last_draw_ = now;
  std::optional<std::chrono::seconds> eta;
  const auto& [t0, f0] = *first_;
  if (done > f0) {
    const std::chrono::duration<double> spent = now - t0;
    eta = std::chrono::seconds{std::llround(spent.count() * (1 - done) / (done - f0))};
  }
  err_ << "\r\x1b[K" << format_progress(progress, now - started_, eta) << std::flush;
  drawn_ = true;
}

void ProgressLine::clear() {
  if (!drawn_) return;
  err_ << "\r\x1b[K" << std::flush;
  drawn_ = false;
}

}  // namespace zoom::cli
