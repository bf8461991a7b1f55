#!/usr/bin/env bash
# `zoom-phone --sandbox` runs the program zoom-sandbox as a child process (zoom-phone does not
# contain the sandbox):
#   - found beside zoom-phone (where the build links it), else on the PATH, and named on standard
#     error with its pid and URL;
#   - stopped and waited for when the export ends, when it fails, and when zoom-phone is
#     interrupted (SIGINT): no zoom-sandbox is left running;
#   - found nowhere (zoom-phone copied alone to a folder, a PATH without it): exit code 2, a
#     message naming where it looked, nothing on standard output.
set -euo pipefail
usage="usage: sandbox_child.sh PATH_TO_ZOOM_PHONE PATH_TO_ZOOM_SANDBOX"
zoom_phone=${1:?$usage}
zoom_sandbox=${2:?$usage}
dir=$(mktemp -d)
phone_pid=
cleanup() {
  [[ -n $phone_pid ]] && kill -KILL "$phone_pid" 2>/dev/null
  rm -rf "$dir"
}
trap cleanup EXIT
unset ZOOM_ACCOUNT_ID ZOOM_CLIENT_ID ZOOM_CLIENT_SECRET ZOOM_ACCESS_TOKEN
system_path=/usr/bin:/bin  # no zoom-sandbox there

fail() {
  echo "FAIL: $*" >&2
  [[ -s $dir/err ]] && sed 's/^/    | /' "$dir/err" >&2
  exit 1
}
# The pid zoom-phone's notice names in its standard error.
child_pid() { sed -n 's/^zoom-phone: --sandbox: started .* (pid \([0-9]*\)) at http:.*/\1/p' "$dir/err"; }
# Checks that the child named in the notice is gone (stopped and waited for by zoom-phone).
expect_stopped() {
  local pid
  pid=$(child_pid)
  [[ -n $pid ]] || fail "$1: no notice naming zoom-sandbox and its pid on standard error"
  ! kill -0 "$pid" 2>/dev/null || fail "$1: zoom-sandbox (pid $pid) still runs after zoom-phone ended"
}
run() {  # zoom-phone's exit code in $code, its output in $dir/out and $dir/err
  code=0
  "$@" >"$dir/out" 2>"$dir/err" || code=$?
}

# --- beside zoom-phone: an export that ends, then one that fails --------------------------------
run "$zoom_phone" call-logs --sandbox --user me --format jsonl
((code == 0)) || fail "an export from the sandbox beside zoom-phone: exit code $code"
grep -q "^zoom-phone: --sandbox: started $(dirname "$zoom_phone")/zoom-sandbox (pid [0-9]*) at http://127.0.0.1:[0-9]*/v2; " \
  "$dir/err" || fail "the notice does not name the zoom-sandbox beside zoom-phone"
expect_stopped "an export that ended"

run "$zoom_phone" call-path --sandbox no-such-call
((code == 1)) || fail "call-path of an unknown call: exit code $code, not 1"
expect_stopped "an export that failed"

# --- interrupted: SIGINT half-way through a slow export (5 records a page, 5 pages a second) -------
"$zoom_phone" call-logs --sandbox --user me --from "$(date -u -d '-150 days' +%F)" --to "$(date -u -d '-1 day' +%F)" \
  --page-size 5 --plan pro --concurrency 1 >"$dir/out" 2>"$dir/err" &
phone_pid=$!
for _ in $(seq 200); do [[ -s $dir/out ]] && break; sleep 0.05; done
[[ -s $dir/out ]] || fail "the slow export wrote no record within 10 s"
kill -INT "$phone_pid"
code=0
wait "$phone_pid" || code=$?
phone_pid=
((code == 130)) || fail "an interrupted export: exit code $code, not 130"
expect_stopped "an interrupted export"

# --- zoom-phone alone in a folder: on the PATH, then nowhere ---------------------------------------
mkdir "$dir/alone"
cp "$zoom_phone" "$dir/alone/zoom-phone"
sandbox_dir=$(cd "$(dirname "$zoom_sandbox")" && pwd)
run env PATH="$sandbox_dir:$system_path" "$dir/alone/zoom-phone" call-logs --sandbox --user me
((code == 0)) || fail "zoom-sandbox on the PATH: exit code $code"
grep -q "^zoom-phone: --sandbox: started $sandbox_dir/zoom-sandbox (pid " "$dir/err" ||
  fail "the notice does not name the zoom-sandbox on the PATH"
expect_stopped "an export with zoom-sandbox from the PATH"

run env PATH="$system_path" "$dir/alone/zoom-phone" call-logs --sandbox --user me
((code == 2)) || fail "no zoom-sandbox anywhere: exit code $code, not 2"
[[ ! -s $dir/out ]] || fail "no zoom-sandbox anywhere: something on standard output"
expected="zoom-phone: --sandbox runs the program zoom-sandbox, which is neither beside zoom-phone (in $dir/alone) nor"
expected+=" on the PATH ($system_path): build it (the CMake target zoom-sandbox) or install it beside zoom-phone"
[[ $(cat "$dir/err") == "$expected" ]] || fail "no zoom-sandbox anywhere: not the message expected:"$'\n'"    $expected"
echo "zoom-sandbox found beside zoom-phone and on the PATH, stopped after success, failure and SIGINT; none: exit code 2"
