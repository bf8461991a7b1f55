#!/usr/bin/env bash
# The main job, for now: regenerate the SDK's API from spec/ and show what was generated.
# Installs what is missing and builds zoom-codegen first.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
preset=${ZOOM_PRESET:-ci}
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset" --parallel "$(nproc)" --target zoom-codegen >/dev/null
codegen="build/$preset/codegen/zoom-codegen"
"$codegen" --spec spec/zoom-phone.json --out generated --namespace zoom::phone --verbose
echo
echo "generated/ now holds:"
(cd generated && find . -type f | sort | while read -r file; do printf '  %-40s %5d lines\n' "${file#./}" "$(wc -l <"$file")"; done)
