#!/usr/bin/env bash
# Costs that must not grow with CPUs and threads (called by bench/run.sh):
# the same 10 million synthetic events (bench/gen_trace: benchmark input, not
# a recording) on 2 CPUs with 8 threads and on 64 CPUs with 10,000 threads,
# loaded and rendered by bench/ui_render pinned to one CPU, side by side; then
# 100 million events on 2 CPUs, loaded as `schedscope view` would, with frames
# timed after the load (interactive means a frame well under 33 ms).
# ui_render times its own thread's CPU time, so a busy neighbour on the VM
# does not count against a figure. Targets (issue 15):
#   load >= 5 M events/s; every frame case <= 5 ms at p99; <= 40 bytes/event.
# Prints tables; asserts nothing.
set -u
cd "$(dirname "$0")/.."
B=${BUILD:-build}
T=$(mktemp -d "${BENCH_TMP:-/tmp}/schedscope-scale.XXXXXX")
trap 'rm -rf "$T"' EXIT
CPU=${BENCH_CPU:-$(($(nproc) - 1))}
FRAMES=${FRAMES:-100}

run() { taskset -c "$CPU" "$B/bench/ui_render" "$1" "$2"; }
val() { awk -v k="$2" '$0 ~ "^"k { print }' "$1"; }

"$B/bench/gen_trace" "$T/small.trace" 10000000 2 8 >/dev/null || exit 1
"$B/bench/gen_trace" "$T/large.trace" 10000000 64 10000 >/dev/null || exit 1
run "$T/small.trace" "$FRAMES" >"$T/small.out" || exit 1
run "$T/large.trace" "$FRAMES" >"$T/large.out" || exit 1

printf '%-24s %28s %28s\n' "10M events, pinned to CPU $CPU" "2 CPUs, 8 threads" "64 CPUs, 10,000 threads"
printf '%-24s %28s %28s\n' "load (M events/s)" "$(val "$T/small.out" load | awk '{print $4}')" \
  "$(val "$T/large.out" load | awk '{print $4}')"
printf '%-24s %28s %28s\n' "memory (bytes/event)" "$(val "$T/small.out" memory | awk '{print $2}')" \
  "$(val "$T/large.out" memory | awk '{print $2}')"
[ "$(val "$T/small.out" load)" ] || { cat "$T/small.out"; exit 1; }
printf '%-24s %28s %28s\n' "frame (120x40)" "mean / p99 ms" "mean / p99 ms"
for c in "cpu, whole trace" "cpu, 1 ms/cell" "cpu, 1 us/cell" "cpu + stats panel" "cpu + stats, built" \
         "thread, whole trace" "thread, 1 ms/cell" "thread, 10 us/cell"; do
  printf '%-24s %28s %28s\n' "$c" \
    "$(grep -F "$c  " "$T/small.out" | awk '{printf "%s / %s", $(NF-2), $(NF-1)}')" \
    "$(grep -F "$c  " "$T/large.out" | awk '{printf "%s / %s", $(NF-2), $(NF-1)}')"
done
# the stats panel's distributions: built off the UI thread, as `view` does
printf '%-24s %28s %28s\n' "distributions ready (s)" \
  "$(awk '$1 == "distributions" { print $2 }' "$T/small.out")" "$(awk '$1 == "distributions" { print $2 }' "$T/large.out")"
rm -f "$T/small.trace" "$T/large.trace"

echo
echo "--- 100 million events, 2 CPUs (as schedscope view loads them)"
"$B/bench/gen_trace" "$T/huge.trace" 100000000 2 8 >/dev/null || exit 1
echo "trace file: $(du -h "$T/huge.trace" | cut -f1)"
/usr/bin/time -f "max RSS %M KiB, wall %e s" taskset -c "$CPU" "$B/bench/ui_render" "$T/huge.trace" 20 2>&1 |
  grep -E '^(load|memory|cpu|thread|slowest|max RSS)'
