#!/usr/bin/env bash
# The main job: export last month's call history with zoom-phone. With Zoom credentials in the
# environment (ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID, ZOOM_CLIENT_SECRET, or ZOOM_ACCESS_TOKEN) it reads
# Zoom; without them it passes --sandbox, says so, and exports the built-in sandbox's synthetic
# data. Installs what is missing and builds first.
# Usage: scripts/demo.sh [zoom-phone options, e.g. --format csv]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
preset=${ZOOM_PRESET:-ci}
cmake --preset "$preset" >/dev/null
# zoom-sandbox too: --sandbox runs it as a child process (the build links it beside zoom-phone).
cmake --build --preset "$preset" --parallel "$(nproc)" --target zoom-codegen zoom-phone zoom-sandbox >/dev/null

# The API layer is generated from spec/: say so if generated/ is stale (the regenerate target fixes it).
"build/$preset/codegen/zoom-codegen" --spec spec/zoom-phone.json --out generated --namespace zoom::phone --check ||
  echo "demo: generated/ is stale; run: cmake --build --preset $preset --target regenerate" >&2

first=$(date -u -d "$(date -u +%Y-%m-01) -1 month" +%F)
last=$(date -u -d "$(date -u +%Y-%m-01) -1 day" +%F)
source=()
if [[ -z "${ZOOM_ACCOUNT_ID:-}${ZOOM_CLIENT_ID:-}${ZOOM_CLIENT_SECRET:-}${ZOOM_ACCESS_TOKEN:-}" ]]; then
  echo "demo: no Zoom credentials in the environment: exporting the built-in sandbox's synthetic data (--sandbox)" >&2
  source=(--sandbox)
fi
args=("$@")
((${#args[@]})) || args=(--format table)
echo "zoom-phone call-history --user me --from $first --to $last ${source[*]} ${args[*]}" >&2
"build/$preset/cli/zoom-phone" call-history --user me --from "$first" --to "$last" "${source[@]}" "${args[@]}"
