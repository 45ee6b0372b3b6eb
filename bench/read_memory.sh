#!/usr/bin/env bash
# Memory of the commands that stream a trace (no model): info, dump and the
# exports, on synthetic traces of 1 and 10 million events (bench/gen_trace,
# 2 CPUs, 8 threads). The reader maps the file and gives back each chunk's
# pages once read, so their peak RSS should not grow with the trace.
# Prints the peak RSS (GNU time's %M) of each, and the trace sizes.
#   bench/read_memory.sh [SMALL_EVENTS] [LARGE_EVENTS]
set -u
source "$(dirname "$0")/lib.sh"
SMALL=${1:-1000000}
LARGE=${2:-10000000}
GEN=$TOP/build/bench/gen_trace
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "read_memory: needs GNU time ($TIME, package time)"; exit 1; }

"$GEN" "$TMP/small.trace" "$SMALL" 2 8 >/dev/null
"$GEN" "$TMP/large.trace" "$LARGE" 2 8 >/dev/null

# peak RSS in KiB of one command
rss() { "$TIME" -f %M -o "$TMP/rss" "$@" >/dev/null 2>&1; cat "$TMP/rss"; }

printf '%-34s %14s %14s\n' "peak RSS (KiB)" "$SMALL ev" "$LARGE ev"
printf '%-34s %14s %14s\n' "trace size" \
  "$(( $(stat -c %s "$TMP/small.trace") / 1024 ))" "$(( $(stat -c %s "$TMP/large.trace") / 1024 ))"
for cmd in "info" "dump --tsv" "export -q -f perfetto -o -" "export -q -f json -o -"; do
  s=$(rss "$SS" $cmd "$TMP/small.trace")
  l=$(rss "$SS" $cmd "$TMP/large.trace")
  printf '%-34s %14s %14s\n' "schedscope $cmd" "$s" "$l"
done
s=$(rss "$SS" export -q -f csv -o "$TMP/small-csv" "$TMP/small.trace")
rm -rf "$TMP/small-csv"
printf '%-34s %14s %14s\n' "schedscope export -q -f csv" "$s" "(not run: 33x the trace on disk)"
