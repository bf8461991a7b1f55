#!/usr/bin/env bash
# Lints spec/ with Redocly CLI, pinned in tools/npm. Exit 77 (skipped, with the reason) when
# the Node.js found is older than Redocly needs; a failure when the pinned tools are missing.
set -euo pipefail
root=${1:?usage: redocly_lint.sh REPO_ROOT}
need_major=20 need_minor=19
if ! command -v node >/dev/null; then
  echo "SKIPPED: Redocly lint needs Node.js ${need_major}.${need_minor} or later; no node is installed (scripts/test.sh installs it)"
  exit 77
fi
version=$(node --version | sed 's/^v//')
major=${version%%.*}; rest=${version#*.}; minor=${rest%%.*}
if (( major < need_major || (major == need_major && minor < need_minor) )); then
  echo "SKIPPED: Redocly lint needs Node.js ${need_major}.${need_minor} or later; found ${version}"
  exit 77
fi
redocly="$root/tools/npm/node_modules/.bin/redocly"
if [[ ! -x $redocly ]]; then
  echo "FAILED: $redocly is not installed; run scripts/setup.sh (scripts/test.sh does)"
  exit 1
fi
cd "$root"
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true
exec "$redocly" lint --config redocly.yaml --max-problems 1000 spec/zoom-phone.json
