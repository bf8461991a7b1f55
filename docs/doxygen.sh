#!/usr/bin/env bash
# Builds the API reference with Doxygen (docs/Doxyfile) into OUTPUT_DIR/html and fails, printing
# them, on any warning. Exit code 77 (a skipped test) when doxygen is not installed.
# Usage: docs/doxygen.sh SOURCE_DIR OUTPUT_DIR
set -euo pipefail
source_dir=$(cd "$1" && pwd)
mkdir -p "$2"
output_dir=$(cd "$2" && pwd)

if ! command -v doxygen >/dev/null; then
  echo "skipped: doxygen is not installed (Debian: apt-get install doxygen; scripts/setup.sh installs it)"
  exit 77
fi

log="$output_dir/warnings.log"
rm -f "$log"
cd "$source_dir"
status=0
ZOOM_DOCS_OUTPUT="$output_dir" doxygen docs/Doxyfile || status=$?
if [[ -s "$log" ]]; then
  echo "doxygen $(doxygen --version): $(grep -c . "$log") warning line(s) in the API reference:"
  cat "$log"
  exit 1
fi
if ((status != 0)); then
  echo "doxygen failed with exit code $status"
  exit "$status"
fi
echo "API reference: $output_dir/html/index.html (doxygen $(doxygen --version), no warnings)"
