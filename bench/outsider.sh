#!/usr/bin/env bash
# What programs outside the traced tree pay: the pipe benchmark runs untraced
# while schedscope records another command (a sleep). Its switches are still
# recorded (every CPU lane stays complete); the syscall and IPC work is not
# done for it: one bitmap test per syscall. Interleaved, ROUNDS rounds, root.
#   bench/outsider.sh [ROUNDS] [LOOPS]
set -u
source "$(dirname "$0")/lib.sh"
ROUNDS=${1:-3}
LOOPS=${2:-200000}
need_root_bench outsider

BENCH=(taskset -c 0 perf bench sched pipe -l "$LOOPS")
declare -a bare out
for r in $(seq "$ROUNDS"); do
  bare+=("$("${BENCH[@]}" 2>&1 | total)")
  "$SS" record -q -o "$TMP/o.trace" -- sleep 60 &
  rec=$!
  sleep 1.5                                  # attached
  out+=("$("${BENCH[@]}" 2>&1 | total)")
  kill -TERM $rec; wait $rec 2>/dev/null
  echo "round $r: bare ${bare[-1]} s, outside a recording ${out[-1]} s" >&2
done
mb=$(printf '%s\n' "${bare[@]}" | median)
mo=$(printf '%s\n' "${out[@]}" | median)
printf '\n%-34s %10s %10s\n' "pipe benchmark ($LOOPS), untraced" "median s" "slowdown"
printf '%-34s %10s %10s\n' "bare" "$mb" "1.00x"
printf '%-34s %10s %9.2fx\n' "while schedscope records a sleep" "$mo" "$(ratio "$mo" "$mb")"
