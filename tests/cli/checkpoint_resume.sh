#!/usr/bin/env bash
# zoom-phone's --checkpoint against a real zoom-sandbox process (pro rate limits, so an export of
# two users over three months at 20 records a page takes seconds and can be stopped half-way):
#   - a reference export, uninterrupted;
#   - kill -9 half-way, a half-written line appended to the output, the same command again:
#     the output equals the reference byte for byte and the checkpoint is gone;
#   - SIGINT half-way: exit code 130 and the "run the same command again" message, then resume;
#   - SIGTERM half-way, then a changed command (--type missed) and a changed output file: exit
#     code 3, output and checkpoint untouched; then the same command resumes, under a terminal
#     (script(1)) where the progress line must show "records/s" and "ETA".
# Without a terminal no progress line may appear. Arguments after the two paths go to every
# export (e.g. --concurrency 1). About 35 s.
set -euo pipefail
usage="usage: checkpoint_resume.sh PATH_TO_ZOOM_PHONE PATH_TO_ZOOM_SANDBOX [MORE_ZOOM_PHONE_ARGS...]"
zoom_phone=${1:?$usage}
zoom_sandbox=${2:?$usage}
shift 2
more_args=("$@")  # e.g. --concurrency 1; added to every export

started=$SECONDS
dir=$(mktemp -d)
pids=()  # background processes to stop on exit
running() {  # a background process of ours that has not exited
  kill -0 "$1" 2>/dev/null && [[ $(cut -d' ' -f3 "/proc/$1/stat" 2>/dev/null) != Z ]]
}
cleanup() {
  local pid deadline=$((SECONDS + 3))
  for pid in "${pids[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do  # SIGTERM first; SIGKILL for what is still there after 3 s
    while running "$pid" && ((SECONDS < deadline)); do sleep 0.05; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP  # through the EXIT trap
forget() {  # a background process that has been waited for
  local keep=() pid
  for pid in "${pids[@]}"; do [[ $pid == "$1" ]] || keep+=("$pid"); done
  pids=("${keep[@]}")
}

fail() {
  echo "FAIL: $*" >&2
  exit 1
}
show() {  # a file, indented, for a failure message
  sed 's/^/    | /' "$1" >&2
}

# Polls `condition` (a command) every 50 ms until it succeeds; false after `seconds`.
wait_for() {
  local seconds=$1
  shift
  local deadline=$((SECONDS + seconds))
  until "$@"; do
    ((SECONDS < deadline)) || return 1
    sleep 0.05
  done
}

# --- the sandbox --------------------------------------------------------------------------------
"$zoom_sandbox" --port 0 --users 3 --rate-limits pro >"$dir/sandbox.out" 2>"$dir/sandbox.err" &
sandbox_pid=$!
pids+=("$sandbox_pid")
sandbox_ready() {
  kill -0 "$sandbox_pid" 2>/dev/null || { show "$dir/sandbox.out"; show "$dir/sandbox.err"; fail "zoom-sandbox exited"; }
  grep -qs '^client secret:' "$dir/sandbox.out" && (($(grep -c '^user:' "$dir/sandbox.out") == 3))
}
wait_for 10 sandbox_ready || { show "$dir/sandbox.out"; show "$dir/sandbox.err"; fail "zoom-sandbox printed no URL and credentials within 10 s"; }
field() { sed -n "s/^$1:[[:space:]]*\([^[:space:]]*\).*/\1/p" "$dir/sandbox.out" | head -1; }
base_url=$(field 'base URL')
oauth_url=$(field 'OAuth URL')
ZOOM_ACCOUNT_ID=$(field 'account id')
ZOOM_CLIENT_ID=$(field 'client id')
ZOOM_CLIENT_SECRET=$(field 'client secret')
export ZOOM_ACCOUNT_ID ZOOM_CLIENT_ID ZOOM_CLIENT_SECRET
unset ZOOM_ACCESS_TOKEN
second_user=$(awk '/^user:/ { if (++n == 2) print $3 }' "$dir/sandbox.out")
[[ $base_url == http://127.0.0.1:*/v2 && $oauth_url == http://127.0.0.1:* && -n $ZOOM_ACCOUNT_ID && -n $ZOOM_CLIENT_ID &&
   -n $ZOOM_CLIENT_SECRET && $second_user == *@* ]] || { show "$dir/sandbox.out"; fail "cannot read the sandbox's output"; }

# --- the export: me and a second user, ~3 months ending two months ago, 20 records a page -----------
from=$(date -u -d '-150 days' +%F)
to=$(date -u -d '-60 days' +%F)
export_args=(call-logs --user me --user "$second_user" --from "$from" --to "$to" --page-size 20 --format jsonl
             --plan pro --base-url "$base_url" --oauth-url "$oauth_url" ${more_args[@]+"${more_args[@]}"})
# Foreground runs: SIGKILL 5 s after the SIGTERM of the time limit, in case SIGTERM is not enough.
limit() { timeout -k 5 "$@"; }
time_limit_note() {  # the exit code of `limit`
  case $1 in 124 | 137) echo " (killed by the time limit: it hung or was too slow)" ;; esac
}

# ckpt_records FILE: the "records" of a checkpoint file, empty when there is none.
ckpt_records() { sed -n 's/.*"records":\([0-9]*\).*/\1/p' "$1" 2>/dev/null || true; }
no_progress_line() {  # stderr of a run without a terminal
  ! grep -q 'records/s' "$1" || { show "$1"; fail "$2: a progress line on a standard error that is not a terminal"; }
}

# 1. The reference, no checkpoint.
t0=$SECONDS
rc=0
limit 45 "$zoom_phone" "${export_args[@]}" --output "$dir/ref.jsonl" 2>"$dir/ref.err" || rc=$?
((rc == 0)) || { show "$dir/ref.err"; fail "reference export: exit code $rc$(time_limit_note $rc), expected 0"; }
ref_seconds=$((SECONDS - t0))
ref_records=$(wc -l <"$dir/ref.jsonl")
((ref_records > 200)) || fail "reference export: only $ref_records records from $from to $to (expected more than 200)"
unique=$(sort -u "$dir/ref.jsonl" | wc -l)
((unique == ref_records)) || fail "reference export: $((ref_records - unique)) duplicated lines"
no_progress_line "$dir/ref.err" "reference export"
echo "reference: $ref_records records, me and $second_user, $from..$to, ${ref_seconds}s"

# start_export NAME: the export with --output NAME.jsonl --checkpoint NAME.ckpt in the background;
# returns once its checkpoint says records were written while it still runs. Sets export_pid.
start_export() {
  local name=$1
  "$zoom_phone" "${export_args[@]}" --output "$dir/$name.jsonl" --checkpoint "$dir/$name.ckpt" \
    2>"$dir/$name.err" &
  export_pid=$!
  pids+=("$export_pid")
  half_way() {
    kill -0 "$export_pid" 2>/dev/null || { show "$dir/$name.err"; fail "$name: the export ended before it could be stopped"; }
    local n
    n=$(ckpt_records "$dir/$name.ckpt")
    [[ -n $n ]] && ((n > 0))
  }
  wait_for 20 half_way || { show "$dir/$name.err"; fail "$name: no checkpoint with records > 0 within 20 s"; }
}
# stop_export NAME SIGNAL EXPECTED_CODE: sends SIGNAL, checks the exit code and that the
# export stopped half-way (its checkpoint is still there, with fewer records than the reference).
stop_export() {
  local name=$1 signal=$2 expected=$3 rc=0
  kill "-$signal" "$export_pid"
  wait_for 15 eval '! running "$export_pid"' 2>/dev/null ||  # (bash's "Killed" notice)
    { show "$dir/$name.err"; fail "$name: zoom-phone still runs 15 s after SIG$signal (records in its checkpoint: $(ckpt_records "$dir/$name.ckpt"))"; }
  wait "$export_pid" 2>/dev/null || rc=$?
  forget "$export_pid"
  ((rc == expected)) || { show "$dir/$name.err"; fail "$name: exit code $rc after SIG$signal, expected $expected"; }
  [[ -f $dir/$name.ckpt ]] || fail "$name: no checkpoint after SIG$signal: the export was not stopped half-way"
  stopped_at=$(ckpt_records "$dir/$name.ckpt")
  [[ -n $stopped_at ]] && ((stopped_at > 0 && stopped_at < ref_records)) ||
    { show "$dir/$name.ckpt"; fail "$name: checkpoint after SIG$signal has records '$stopped_at' (expected 1..$((ref_records - 1)))"; }
  local lines
  lines=$(wc -l <"$dir/$name.jsonl")
  ((lines >= stopped_at)) || fail "$name: the output has $lines lines, fewer than the checkpoint's $stopped_at records"
}
# resume NAME: the same command again, in the foreground; must finish, continue from the
# checkpoint, remove it and give the reference byte for byte.
resume() {
  local name=$1 rc=0
  limit 45 "$zoom_phone" "${export_args[@]}" --output "$dir/$name.jsonl" --checkpoint "$dir/$name.ckpt" \
    2>"$dir/$name.resume.err" || rc=$?
  ((rc == 0)) || { show "$dir/$name.resume.err"; fail "$name: resuming: exit code $rc$(time_limit_note $rc), expected 0"; }
  check_resumed "$name" "$dir/$name.resume.err"
  no_progress_line "$dir/$name.err" "$name"
  no_progress_line "$dir/$name.resume.err" "$name (resumed)"
}
check_resumed() {
  local name=$1 err=$2
  grep -q "^zoom-phone: continuing from the checkpoint $dir/$name.ckpt: $stopped_at records already in " "$err" ||
    { show "$err"; fail "$name: resuming: no 'zoom-phone: continuing from the checkpoint ...: $stopped_at records already in' on stderr"; }
  [[ ! -e $dir/$name.ckpt ]] || fail "$name: the checkpoint is still there after the export completed"
  cmp -s "$dir/$name.jsonl" "$dir/ref.jsonl" || {
    echo "  $(wc -l <"$dir/$name.jsonl") records resumed vs $ref_records in the reference; first difference:" >&2
    cmp "$dir/$name.jsonl" "$dir/ref.jsonl" >&2 || true
    fail "$name: the resumed output differs from the reference export"
  }
}

# 2. kill -9 half-way; a half-written record appended; the same command completes the export.
t0=$SECONDS
start_export killed
stop_export killed KILL 137
killed_at=$stopped_at
killed_bytes=$(stat -c %s "$dir/killed.jsonl")
printf '{"call_end_time":"2026-01-0' >>"$dir/killed.jsonl"  # a page cut off mid-record
resume killed
echo "kill -9: stopped at $killed_at records ($killed_bytes bytes, plus a half-written line);" \
     "resumed to $ref_records records, identical to the reference, checkpoint removed, $((SECONDS - t0))s"

# 3. SIGINT (Ctrl-C) half-way: 130 and the message, then the same command completes the export.
t0=$SECONDS
start_export interrupted
stop_export interrupted INT 130
interrupted_at=$stopped_at
grep -q '^zoom-phone: interrupted; run the same command again to continue' "$dir/interrupted.err" ||
  { show "$dir/interrupted.err"; fail "interrupted: no 'interrupted; run the same command again to continue' on stderr"; }
resume interrupted
echo "Ctrl-C: exit code 130 at $interrupted_at records; resumed to $ref_records records, identical to the reference, $((SECONDS - t0))s"

# 4. SIGTERM half-way, then commands the checkpoint does not belong to: exit code 3, nothing touched.
t0=$SECONDS
start_export changed
stop_export changed TERM 130
changed_at=$stopped_at
sums() { md5sum "$dir/changed.jsonl" "$dir/changed.ckpt"; }
before=$(sums)
rc=0
limit 20 "$zoom_phone" "${export_args[@]}" --type missed --output "$dir/changed.jsonl" --checkpoint "$dir/changed.ckpt" \
  2>"$dir/changed.other.err" || rc=$?
((rc == 3)) || { show "$dir/changed.other.err"; fail "a changed command (--type missed) with a checkpoint: exit code $rc$(time_limit_note $rc), expected 3"; }
grep -q 'belongs to another export' "$dir/changed.other.err" ||
  { show "$dir/changed.other.err"; fail "a changed command: no 'belongs to another export' on stderr"; }
[[ $(sums) == "$before" ]] || fail "a changed command (--type missed) changed the output or the checkpoint"
# The output file shorter than the checkpoint says (moved, edited): exit code 3 as well.
cp "$dir/changed.jsonl" "$dir/changed.jsonl.saved"
truncate -s 10 "$dir/changed.jsonl"
rc=0
limit 20 "$zoom_phone" "${export_args[@]}" --output "$dir/changed.jsonl" --checkpoint "$dir/changed.ckpt" \
  2>"$dir/changed.short.err" || rc=$?
((rc == 3)) || { show "$dir/changed.short.err"; fail "an output file cut short under its checkpoint: exit code $rc$(time_limit_note $rc), expected 3"; }
[[ $(stat -c %s "$dir/changed.jsonl") == 10 && -f $dir/changed.ckpt ]] ||
  fail "an output file cut short under its checkpoint: the output or the checkpoint was changed"
mv "$dir/changed.jsonl.saved" "$dir/changed.jsonl"
[[ $(sums) == "$before" ]] || fail "restoring the output for the resume"
no_progress_line "$dir/changed.other.err" "changed command"
no_progress_line "$dir/changed.short.err" "output cut short"
echo "changed command: SIGTERM at $changed_at records (exit code 130); --type missed and a cut output file" \
     "both exit code 3, output and checkpoint unchanged"

# 5. The same command completes it, on a terminal: the progress line.
if command -v script >/dev/null; then
  printf -v command '%q ' "$zoom_phone" "${export_args[@]}" --output "$dir/changed.jsonl" --checkpoint "$dir/changed.ckpt"
  rc=0
  SHELL=$(command -v bash) limit 45 script -qec "$command" /dev/null <"/dev/null" >"$dir/terminal.out" 2>&1 || rc=$?
  ((rc == 0)) || { show "$dir/terminal.out"; fail "resuming on a terminal (script): exit code $rc$(time_limit_note $rc), expected 0"; }
  check_resumed changed "$dir/terminal.out"
  grep -q 'records/s' "$dir/terminal.out" && grep -q 'ETA' "$dir/terminal.out" ||
    { show "$dir/terminal.out"; fail "on a terminal: no progress line with 'records/s' and 'ETA'"; }
  grep -q "zoom-phone: $ref_records records in the output" "$dir/terminal.out" ||
    { show "$dir/terminal.out"; fail "on a terminal: no summary 'zoom-phone: $ref_records records in the output ...'"; }
  echo "terminal: resumed to $ref_records records, identical to the reference; progress line with records/s and ETA" \
       "and the summary; none without a terminal; $((SECONDS - t0))s"
else
  resume changed
  echo "skipped the progress line check: no script(1) (util-linux); resumed to $ref_records records, identical to the reference"
fi
echo "all checks passed in $((SECONDS - started))s"
