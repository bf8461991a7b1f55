#!/usr/bin/env bash
# The installed SDK as a user gets it: `cmake --install` of this build into a temporary prefix,
# tests/consumer configured with find_package(zoom_sdk CONFIG) from there and built, then run
# against a zoom-sandbox process over HTTPS. Also checks the installed zoom-phone --version, and
# that its --sandbox runs the zoom-sandbox installed beside it.
set -euo pipefail
usage="usage: run.sh SDK_BUILD_DIR ZOOM_SANDBOX SPEC"
build=${1:?$usage} sandbox=${2:?$usage} spec=${3:?$usage}
here=$(cd "$(dirname "$0")" && pwd)
dir=$(mktemp -d)
sandbox_pid=
cleanup() {
  [[ -n $sandbox_pid ]] && kill -TERM "$sandbox_pid" 2>/dev/null && wait "$sandbox_pid" 2>/dev/null
  rm -rf "$dir"
}
trap cleanup EXIT

cmake --install "$build" --prefix "$dir/prefix" >"$dir/install.log" || { cat "$dir/install.log"; exit 1; }
for file in bin/zoom-codegen bin/zoom-phone bin/zoom-sandbox include/zoom/client.hpp include/zoom/phone/call_logs.hpp \
            lib/cmake/zoom_sdk/zoom_sdkConfig.cmake lib/cmake/zoom_sdk/ZoomGenerate.cmake; do
  [[ -e $dir/prefix/$file ]] || { echo "FAIL: the install has no $file"; exit 1; }
done
version=$("$dir/prefix/bin/zoom-phone" --version)
echo "$version"
# The installed zoom-phone --sandbox runs the zoom-sandbox installed beside it, with no build on the PATH.
env -u ZOOM_ACCOUNT_ID -u ZOOM_CLIENT_ID -u ZOOM_CLIENT_SECRET -u ZOOM_ACCESS_TOKEN PATH=/usr/bin:/bin \
  "$dir/prefix/bin/zoom-phone" call-logs --sandbox --user me >/dev/null 2>"$dir/sandbox-export.err" &&
  grep -q "^zoom-phone: --sandbox: started $dir/prefix/bin/zoom-sandbox " "$dir/sandbox-export.err" ||
  { cat "$dir/sandbox-export.err"; echo "FAIL: the installed zoom-phone --sandbox did not run the installed zoom-sandbox"; exit 1; }

generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
command -v ccache >/dev/null && generator+=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake -S "$here" -B "$dir/build" "${generator[@]}" -DCMAKE_PREFIX_PATH="$dir/prefix" -DCONSUMER_SPEC="$spec" \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo >"$dir/configure.log" 2>&1 || { cat "$dir/configure.log"; exit 1; }
cmake --build "$dir/build" >"$dir/build.log" 2>&1 || { cat "$dir/build.log"; exit 1; }

"$sandbox" --tls --ca-out "$dir/ca.pem" >"$dir/sandbox.out" 2>&1 &
sandbox_pid=$!
for _ in $(seq 200); do grep -q '^client secret:' "$dir/sandbox.out" && break; sleep 0.05; done
field() { sed -n "s/^$1: *\([^ ]*\).*/\1/p" "$dir/sandbox.out"; }
base=$(field 'base URL') oauth=$(field 'OAuth URL')
[[ -n $base ]] || { echo "FAIL: zoom-sandbox did not start:"; cat "$dir/sandbox.out"; exit 1; }

out=$("$dir/build/consumer" "$base" "$oauth" "$dir/ca.pem" "$(field 'account id')" "$(field 'client id')" \
      "$(field 'client secret')")
echo "$out"
[[ $out == "zoom_sdk ${version#zoom-phone }: "* ]] || { echo "FAIL: zoom::version() and zoom-phone --version differ"; exit 1; }
