#!/usr/bin/env bash
# Installs what is missing, builds everything and runs the whole test suite through ctest.
# Exits non-zero on any failure. ZOOM_PRESET picks another CMake preset (default: ci).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
preset=${ZOOM_PRESET:-ci}
jobs=$(nproc)
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset" --parallel "$jobs"
ctest --preset "$preset" --parallel "$jobs"
