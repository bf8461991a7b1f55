// The small harness the benchmark programs share: quick mode, timing by median of rounds, an
// allocation counter and a result table. Timings are printed, never judged: these are not tests.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

namespace zoom::bench {

/// Heap allocations (operator new, all forms) so far in this process; see alloc_counter.cpp.
std::uint64_t allocations() noexcept;

/// Quick mode (CI): ZOOM_BENCH_QUICK=1 in the environment, or --quick on the command line.
inline bool quick_mode(int argc, char** argv) {
  for (int i = 1; i < argc; ++i)
    if (std::string_view{argv[i]} == "--quick") return true;
  const char* env = std::getenv("ZOOM_BENCH_QUICK");
  return env && std::string_view{env} != "" && std::string_view{env} != "0";
}

using Seconds = std::chrono::duration<double>;

inline std::chrono::steady_clock::time_point now() { return std::chrono::steady_clock::now(); }

/// Keeps a result alive so that the optimizer cannot drop the work that made it.
inline void keep(std::uint64_t value) {
  static volatile std::uint64_t sink;
  sink = sink + value;
}

/// Seconds per call of `op` over one round: calls for at least `round_time`.
template <class Op>
double seconds_per_call(Op&& op, Seconds round_time) {
  std::uint64_t calls = 0;
  const auto start = now();
  Seconds elapsed{};
  do {
    op();
    ++calls;
    elapsed = now() - start;
  } while (elapsed < round_time);
  return elapsed.count() / static_cast<double>(calls);
}

inline double median(std::vector<double> values) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

inline std::string fixed(double value, int decimals = 1) {
  char text[64];
  std::snprintf(text, sizeof text, "%.*f", decimals, value);
  return text;
}

/// A ratio as "1.23x" (how many times the baseline's figure).
inline std::string times(double ratio) { return fixed(ratio, 2) + "x"; }

/// A table of text cells, printed with aligned columns: the first `text_columns` left-aligned,
/// the others (numbers) right-aligned.
class Table {
 public:
  explicit Table(std::vector<std::string> headers, std::size_t text_columns = 1)
      : rows_{std::move(headers)}, text_columns_(text_columns) {}
  void add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }

  void print(std::ostream& out) const {
    std::vector<std::size_t> widths;
    for (const auto& row : rows_)
      for (std::size_t c = 0; c < row.size(); ++c) {
        if (widths.size() <= c) widths.push_back(0);
        widths[c] = std::max(widths[c], row[c].size());
      }
    for (std::size_t r = 0; r < rows_.size(); ++r) {
      std::string line;
      for (std::size_t c = 0; c < rows_[r].size(); ++c) {
        const std::string& cell = rows_[r][c];
        const std::string pad(widths[c] - cell.size(), ' ');
        line += (c == 0 ? "" : "  ") + (c < text_columns_ ? cell + pad : pad + cell);
      }
      out << line << '\n';
      if (r == 0) out << std::string(line.size(), '-') << '\n';
    }
    out.flush();
  }

 private:
  std::vector<std::vector<std::string>> rows_;
  std::size_t text_columns_;
};

}  // namespace zoom::bench
