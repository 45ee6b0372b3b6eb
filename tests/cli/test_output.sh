#!/usr/bin/env bash
# What every command shares at its end (cli/main.c): output that could not be
# written fails the command and is said, and --version names the trace formats
# the reader reads (tracefile/format.h).
source "$(dirname "$0")/../lib.sh"

TRACE=$TOP/traces/pool.trace
POOL=$(awk '$1 == "pool" { sub(",", "", $2); print $2; exit }' < <("$SCHEDSCOPE" why "$TRACE" 2>&1))

# A full disk behind stdout: each text command exits 1 and says why once.
for cmd in "dump $TRACE" "info $TRACE" "stats $TRACE" "flows $TRACE" "why --pid $POOL $TRACE" \
	   "critical --pid $POOL $TRACE" "list" "--help"; do
  err=$("$SCHEDSCOPE" $cmd 2>&1 >/dev/full); rc=$?
  name=${cmd%% *}
  check_eq "full stdout: $name exits 1" 1 "$rc"
  check_eq "full stdout: $name says so, once" "schedscope: writing output: No space left on device" \
    "$(grep 'writing output' <<<"$err")"
done

# The same commands with room to write exit 0 and say nothing of it.
out=$("$SCHEDSCOPE" dump "$TRACE" 2>&1 >/dev/null); rc=$?
check_eq "dump to /dev/null exits 0" 0 "$rc"
check_eq "dump to /dev/null says nothing" 0 "$(grep -c 'writing output' <<<"$out")"

min=$(awk '/define SS_FILE_VERSION_MIN/ { print $3 }' "$TOP/tracefile/format.h")
max=$(awk '/define SS_FILE_VERSION / { print $3 }' "$TOP/tracefile/format.h")
check_eq "--version names the formats read" "schedscope 0.1 (trace formats $min-$max)" \
  "$("$SCHEDSCOPE" --version)"
check_eq "--version: the formats are 1-2" "1-2" "$min-$max"
