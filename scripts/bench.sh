#!/usr/bin/env bash
# Builds the benchmark programs (the bench preset: -O2 -DNDEBUG, no sanitizers, in build/bench)
# and runs all six; each prints a table with ratios to its baseline. ZOOM_BENCH_QUICK=1 makes
# each finish in seconds (CI). Exits non-zero only when a program fails, never on a timing.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
jobs=${ZOOM_BENCH_JOBS:-$(nproc)}
cmake --preset bench >/dev/null
cmake --build --preset bench --parallel "$jobs"
for program in decode request export memory codegen compile; do
  echo
  "build/bench/bench/zoom_bench_$program"
done
