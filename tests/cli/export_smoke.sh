#!/usr/bin/env bash
# zoom-phone as a user runs it with --sandbox (the built-in sandbox, zoom-sandbox run as a child
# process): last month as CSV, call logs and call history.
# Checks the exit code, the notice on stderr, the header row and that records came through.
set -euo pipefail
zoom_phone=${1:?usage: export_smoke.sh PATH_TO_ZOOM_PHONE}
first=$(date -u -d "$(date -u +%Y-%m-01) -1 month" +%F)
last=$(date -u -d "$(date -u +%Y-%m-01) -1 day" +%F)
out=$(mktemp) err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT
env -u ZOOM_ACCOUNT_ID -u ZOOM_CLIENT_ID -u ZOOM_CLIENT_SECRET -u ZOOM_ACCESS_TOKEN \
  "$zoom_phone" call-logs --sandbox --user me --from "$first" --to "$last" --format csv --page-size 50 >"$out" 2>"$err"
grep -q -- '^zoom-phone: --sandbox: started .*/zoom-sandbox (pid [0-9]*) at http://127.0.0.1:[0-9]*/v2; exporting the synthetic data of the built-in sandbox' "$err" ||
  { echo "no sandbox notice on stderr:"; cat "$err"; exit 1; }
head -1 "$out" | grep -q '^accepted_by.extension_number,' || { echo "no CSV header:"; head -3 "$out"; exit 1; }
rows=$(grep -c $'\r$' "$out")
(( rows > 50 )) || { echo "expected more than one page of records, got $((rows - 1))"; exit 1; }
echo "exported $((rows - 1)) call logs from $first to $last"

env -u ZOOM_ACCOUNT_ID -u ZOOM_CLIENT_ID -u ZOOM_CLIENT_SECRET -u ZOOM_ACCESS_TOKEN \
  "$zoom_phone" call-history --sandbox --account --from "$first" --to "$last" --format csv --page-size 50 >"$out" 2>"$err"
head -1 "$out" | grep -q ',caller_name,' || { echo "no call-history CSV header:"; head -3 "$out"; exit 1; }
history_rows=$(grep -c $'\r$' "$out")
(( history_rows > rows )) || { echo "the account's call history ($((history_rows - 1))) should exceed one user's call logs"; exit 1; }
echo "exported $((history_rows - 1)) call-history records of the account from $first to $last"
