#!/usr/bin/env bash
# Installs what building and testing the SDK need on Debian 12, and only what is missing:
# a second run changes nothing. Used by scripts/test.sh and scripts/demo.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

run_as_root() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }

packages=(
  g++ cmake ninja-build ccache pkg-config ca-certificates
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev libssl-dev catch2 libyaml-cpp-dev
  python3
  doxygen  # the API reference (target docs) and its test
  nlohmann-json3-dev libcurl4-openssl-dev  # the baselines of bench/
  clang-14 libclang-rt-14-dev  # libFuzzer and clang's sanitizer runtimes (the fuzz preset)
)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
# Node.js runs the npm check tools (Redocly); Debian's is used where there is none.
command -v node >/dev/null || missing+=(nodejs npm)
command -v node >/dev/null && ! command -v npm >/dev/null && missing+=(npm)
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  run_as_root apt-get update -qq
  run_as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# npm tools, pinned by tools/npm/package-lock.json, into tools/npm/node_modules (ignored by git).
# They need Node.js 20.19 or later; with an older one their tests are skipped and say why.
version=$(node --version | sed 's/^v//')
major=${version%%.*}; rest=${version#*.}; minor=${rest%%.*}
if (( major > 20 || (major == 20 && minor >= 19) )); then
  stamp=tools/npm/node_modules/.installed-from-lock
  if ! cmp -s tools/npm/package-lock.json "$stamp" 2>/dev/null; then
    echo "setup: installing the npm tools pinned in tools/npm/package-lock.json"
    npm ci --prefix tools/npm --no-audit --no-fund --loglevel=error
    cp tools/npm/package-lock.json "$stamp"
  fi
else
  echo "setup: Node.js $version is older than 20.19: the npm tools are not installed and their tests will be skipped"
fi
