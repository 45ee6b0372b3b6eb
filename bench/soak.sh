#!/usr/bin/env bash
# A soak: `schedscope record` for SECONDS (default 600) of the pipe benchmark
# in a loop (taskset -c 0 perf bench sched pipe: about 400k events a second
# on one CPU), with a ring buffer of BUFFER_MB (default 16). Reports the
# events and their rate, what was lost, the recorder's RSS every 10 s (min,
# median, max, and the series) and whether the file opens complete.
# When events were lost (expect it with BUFFER_MB=1), checks that the loss
# is counted alike in the record summary, in `info`, and in every export of
# a 5 s window around the first loss against `dump` of the same window.
# With STARVE=1 the recorder runs at nice 19 on the last CPU beside a busy
# loop (the benchmark stays on CPU 0), so its drain falls behind and loss is
# sure even where 1 MiB would do.
# Root only. Nothing here asserts: figures go to README.md.
#   [STARVE=1] bench/soak.sh [SECONDS] [BUFFER_MB]
set -u
source "$(dirname "$0")/lib.sh"
DUR=${1:-600}
BUF=${2:-16}
need_root_bench soak
command -v perf >/dev/null || { echo "soak: needs perf (linux-perf)"; exit 1; }
trace=$TMP/soak.trace
hogs=()

# The loop ends its benchmark too when the recorder stops it (SIGTERM): the
# benchmark runs in a process group of its own, so that its second process
# goes as well. The loop takes back the priority a starved recorder passed on.
loop='trap "kill -- -\$p 2>/dev/null; exit 0" TERM
renice -n 0 -p $$ >/dev/null
while :; do setsid taskset -c 0 perf bench sched pipe -l 2000000 >/dev/null 2>&1 & p=$!; wait $p; done'
nice_rec=()
if [ -n "${STARVE:-}" ]; then
  last=$(( $(nproc) - 1 ))
  nice_rec=(taskset -c "$last" nice -n 19)
  taskset -c "$last" sh -c 'while :; do :; done' &
  hogs+=("$!")
fi
"${nice_rec[@]}" "$SS" record -o "$trace" --buffer "$BUF" --duration "$DUR" -- sh -c "$loop" >"$TMP/summary" 2>&1 &
rec=$!
: >"$TMP/rss"
t=0
while sleep 10; do
  t=$((t + 10))
  rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$rec/status" 2>/dev/null) || break
  [ -n "$rss" ] || break
  echo "$t $rss" >>"$TMP/rss"
done
wait "$rec"
status=$?
[ -n "${hogs[*]:-}" ] && kill "${hogs[@]}"

echo "== soak: ${DUR} s, --buffer $BUF MiB${STARVE:+, recorder starved} (record exit status $status)"
cat "$TMP/summary"
awk '$1 == "events" {printf "rate        %.0f events/s\n", $2 / $4}' "$TMP/summary"
# Spread of the recorder's RSS: over every sample, and from the first
# minute on (the ring buffer's and the writer's pages are touched by then).
spread() {
  sort -n | awk -v what="$1" '{v[NR] = $1} END {
    if (!NR) { print "rss         no samples"; exit }
    med = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
    printf "rss (KiB)   %s: min %d, median %d, max %d (%d samples); max-min = %.1f%% of the median\n",
           what, v[1], med, v[NR], NR, 100 * (v[NR] - v[1]) / med }'
}
awk '{print $2}' "$TMP/rss" | spread "every 10 s"
awk '$1 >= 60 {print $2}' "$TMP/rss" | spread "from 60 s on"
echo "rss series  $(awk '{print $2}' "$TMP/rss" | tr '\n' ' ')"
"$SS" info "$trace" >"$TMP/info"
grep -E '^(status|duration|events|lost) ' "$TMP/info"
echo "file        $(stat -c %s "$trace") bytes"

sum_lost=$(awk '$1 == "lost" {print $2}' "$TMP/summary")
info_lost=$(awk '/^lost / {print $2}' "$TMP/info")    # not "  lost N", the count of loss records
echo "loss        summary $sum_lost, info $info_lost"
[ "${info_lost:-0}" -gt 0 ] || exit 0

# A window of 5 s from 2 s before the first loss (relative to the start, as
# --window takes it), and the losses dump lists inside it.
start_ns=$(sed -n 's/.*(boot time \([0-9]*\)\.\([0-9]*\) s).*/\1\2000/p' "$TMP/info")
"$SS" dump "$trace" --tsv --kind lost >"$TMP/lost.tsv"
first=$(awk -v s="$start_ns" '$1 >= s {print $1 - s; exit}' "$TMP/lost.tsv")
from=$(( ${first:-0} > 2000000000 ? first - 2000000000 : 1 ))
to=$(( from + 5000000000 ))
win="${from}ns,${to}ns"
want=$(awk -v a=$((start_ns + from)) -v b=$((start_ns + to)) '$1 >= a && $1 <= b {n++; s += $5}
  END {printf "%d records, %d events", n, s}' "$TMP/lost.tsv")
echo "window      $win after the start: dump lists $want lost"
json=$("$SS" export -q "$trace" -f json --window "$win" -o - |
  grep -o '"name":"events lost"[^}]*}' | sed 's/.*"count":\([0-9]*\).*/\1/' |
  awk '{n++; s += $1} END {printf "%d records, %d events", n, s}')
echo "json        $json lost"
"$SS" export -q "$trace" -f csv --window "$win" -o "$TMP/csv"
csv=$(awk -F, '$3 == "lost" {n++; s += $14} END {printf "%d records, %d events", n, s}' "$TMP/csv/events.csv")
echo "csv         $csv lost"
rm -rf "$TMP/csv"
"$SS" export -q "$trace" -f perfetto --window "$win" -o "$TMP/w.pftrace"
pf=$(protoc --proto_path="$TOP/tests/export" --decode=schedscope.perfetto.Trace \
  "$TOP/tests/export/perfetto_subset.proto" <"$TMP/w.pftrace" | grep -c 'lost_events: true')
echo "perfetto    $pf bundles marked lost_events (a bundle marks the losses since its last event)"
