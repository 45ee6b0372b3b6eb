#!/usr/bin/env bash
# What every command shares at its end (cli/main.c): output that could not be
# written fails the command and is said, and --version names the trace formats
# the reader reads (tracefile/format.h).
source "$(dirname "$0")/../lib.sh"

TRACE=$TOP/traces/pool.trace
POOL=$(awk '$1 == "pool" { sub(",", "", $2); print $2; exit }' < <("$SCHEDSCOPE" why "$TRACE" 2>&1))

TEXT_CMDS=("dump $TRACE" "dump --tsv $TRACE" "info $TRACE" "stats $TRACE" "flows $TRACE" "why --pid $POOL $TRACE"
	   "why --tsv --pid $POOL $TRACE" "critical --pid $POOL $TRACE" "compare $TRACE $TRACE" "check $TRACE"
	   "view --batch $TRACE" "list" "lesson" "--help" "dump --help" "--version"
	   "export -q -f svg -o - $TRACE" "export -q -f html -o - $TRACE")
EXPORTS=("export -q -o - $TRACE" "export -q -f json -o - $TRACE" "export -q -f folded -o - $TRACE")

# A full disk behind stdout: each command exits 1 and says why in one line,
# the pictures too (they used to say it twice, the first time as EIO).
for cmd in "${TEXT_CMDS[@]}"; do
  err=$("$SCHEDSCOPE" $cmd 2>&1 >/dev/full); rc=$?
  check_eq "full stdout: ${cmd//$TRACE/T} exits 1" 1 "$rc"
  check_eq "full stdout: ${cmd//$TRACE/T} says so, once" "schedscope: writing output: No space left on device" "$err"
done
for cmd in "${EXPORTS[@]}"; do
  err=$("$SCHEDSCOPE" $cmd 2>&1 >/dev/full); rc=$?
  check_eq "full stdout: ${cmd//$TRACE/T} exits 1" 1 "$rc"
  check_eq "full stdout: ${cmd//$TRACE/T} says so, once" "schedscope export: writing to stdout: No space left on device" "$err"
done

# A reader that stopped reading (| head -1) is no error: each command ends
# quietly, as SIGPIPE ends it (status 141), also when whoever started it
# ignored SIGPIPE (a script's subprocess; the action is inherited), where
# the commands used to say "writing output: Broken pipe" and exit 1. The
# pipe has no reader before the command starts, so every write fails.
mkfifo "$T_TMP/pipe"
exec 3<>"$T_TMP/pipe"       # a reader, so that opening the writer does not block
exec 4>"$T_TMP/pipe"
exec 3<&-                   # and gone
for cmd in "${TEXT_CMDS[@]}" "${EXPORTS[@]}"; do
  err=$("$SCHEDSCOPE" $cmd 2>&1 >&4); rc=$?
  check_eq "closed pipe: ${cmd//$TRACE/T} ends by SIGPIPE" 141 "$rc"
  check_zero "closed pipe: ${cmd//$TRACE/T} says nothing" 1 "$(grep -c . <<<"$err")"
  err=$(trap '' PIPE; "$SCHEDSCOPE" $cmd 2>&1 >&4); rc=$?
  check_eq "closed pipe, SIGPIPE ignored: ${cmd//$TRACE/T} ends as by SIGPIPE" 141 "$rc"
  check_zero "closed pipe, SIGPIPE ignored: ${cmd//$TRACE/T} says nothing" 1 "$(grep -c . <<<"$err")"
done
exec 4>&-

# The same commands with room to write exit 0 and say nothing of it.
out=$("$SCHEDSCOPE" dump "$TRACE" 2>&1 >/dev/null); rc=$?
check_eq "dump to /dev/null exits 0" 0 "$rc"
check_eq "dump to /dev/null says nothing" 0 "$(grep -c 'writing output' <<<"$out")"

min=$(awk '/define SS_FILE_VERSION_MIN/ { print $3 }' "$TOP/tracefile/format.h")
max=$(awk '/define SS_FILE_VERSION / { print $3 }' "$TOP/tracefile/format.h")
check_eq "--version names the formats read" "schedscope 0.1 (trace formats $min-$max)" \
  "$("$SCHEDSCOPE" --version)"
check_eq "--version: the formats are 1-2" "1-2" "$min-$max"
