#!/bin/sh
# The developer's full check of the generator: every tag of every real OpenAPI file in
# ../shared/specs/real and of Zoom's whole Phone API generated and compiled with the project's
# warnings (CI compiles a bounded set of tags of each; see tests/CMakeLists.txt). Each API is one
# translation unit; on 2 cores this takes tens of minutes. JOBS=N sets the parallel jobs.
set -eu
cd "$(dirname "$0")/.."
[ -d ../shared/specs/real ] || { echo "compile-real-specs: ../shared/specs/real is absent: nothing to compile" >&2; exit 1; }
dir=build/real-specs
cmake --preset ci -B "$dir" -DZOOM_REAL_SPEC_TAGS=ALL -DZOOM_WHOLE_API_TAGS=ALL >/dev/null
start=$(date +%s)
if ! cmake --build "$dir" --parallel "${JOBS:-2}" \
    --target zoom_real_openai zoom_real_asana zoom_real_pagerduty zoom_real_spotify zoom_phone_api >"$dir/compile.log" 2>&1; then
  grep -v '^zoom-codegen: warning: ' "$dir/compile.log" | tail -60
  echo "compile-real-specs: failed; the whole log is $dir/compile.log" >&2
  exit 1
fi
echo "compile-real-specs: every tag of the real files and of Zoom's Phone API compiled in $(( $(date +%s) - start )) s"
