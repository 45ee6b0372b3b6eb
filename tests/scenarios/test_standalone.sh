#!/usr/bin/env bash
# Runs every scenario program on its own (no tracer, no root) and checks what it
# prints: the lesson's facts (pids, order, results), its options, exit statuses,
# and the USDT notes it carries against the catalog (scenarios/catalog.c).
# Build first: make $(printf 'build/scenarios/%s ' fork pool ...)
source "$(dirname "$0")/../lib.sh"

# In the chapter's order, as in scenarios/catalog.c and scenarios/scenarios.mk.
NAMES="fork process pool queue pipe threads lock multicore threadlocal procvsthread distributed"

# run NAME ARGS...: runs the scenario; sets $rc and $out (stdout), stderr in
# $err, and $cpu_s: the CPU time it used (user + system, in seconds).
run() {
  local name=$1 TIMEFORMAT='%U %S'; shift
  { time timeout 60 "$SCENARIO_DIR/$name" "$@" >"$T_TMP/out" 2>"$T_TMP/err"; } 2>"$T_TMP/time"
  rc=$?
  out=$(cat "$T_TMP/out")
  err=$(cat "$T_TMP/err")
  cpu_s=$(awk '{ print $1 + $2 }' "$T_TMP/time")
}

# line_no ERE: number of the first line of $out that matches (0 if none)
line_no() { grep -n -m1 -E "$1" <<<"$out" | cut -d: -f1 | grep . || echo 0; }
# last_line_is ERE: the last line of $out matches
last_line_is() { tail -n1 <<<"$out" | grep -qE "$1"; }

# ---- the catalog, compiled on its own ----
cat >"$T_TMP/catdump.c" <<'EOF'
#include "scenarios/catalog.h"
#include <stdio.h>
int main(void)
{
    for (size_t i = 0; i < scenario_count; i++)
        printf("%s\t%s\t%s\n", scenario_catalog[i].name, scenario_catalog[i].markers,
               scenario_catalog[i].test_args);
    return !(scenario_find(SCENARIO_DEFAULT) && scenario_find("pool") == &scenario_catalog[2] &&
             !scenario_find("no-such-scenario"));
}
EOF
if gcc -std=gnu11 -Wall -Wextra -Werror -I"$TOP" -o "$T_TMP/catdump" "$T_TMP/catdump.c" \
       "$TOP/scenarios/catalog.c" 2>"$T_TMP/err" && "$T_TMP/catdump" >"$T_TMP/catalog.tsv"; then
  pass "catalog compiles alone and scenario_find works"
else
  fail "catalog compiles alone and scenario_find works" "$(head -3 "$T_TMP/err")"
fi
check_eq "catalog lists the chapter's scenarios in order" "$NAMES" \
  "$(cut -f1 "$T_TMP/catalog.tsv" | tr '\n' ' ' | sed 's/ $//')"
check_eq "scenarios.mk builds the same scenarios" "$NAMES" \
  "$(make -s --no-print-directory -C "$TOP" -f scenarios/scenarios.mk BUILD=build \
       --eval 'print-names: ; @echo $(SCENARIO_NAMES)' print-names 2>&1)"

# ---- what every scenario must do ----
while IFS=$'\t' read -r name markers test_args; do
  bin=$SCENARIO_DIR/$name
  if [ ! -x "$bin" ]; then
    fail "$name: built" "no $bin (make $bin)"
    continue
  fi
  # shellcheck disable=SC2086  # test_args is a list of words
  run "$name" $test_args
  check_eq "$name: exits 0 with its test_args ($test_args)" 0 "$rc"
  [ "$rc" -eq 0 ] || echo "$err"

  run "$name" --seed 1 --help
  check "$name: --help exits 0 and prints usage" \
    [ "$rc" -eq 0 -a "${out%%$'\n'*}" = "Usage: $name [OPTIONS]" ]
  run "$name" --no-such-option
  check "$name: an unknown option exits 2 with one line" \
    [ "$rc" -eq 2 -a -n "$err" -a "$(count "$err")" -eq 1 -a -z "$out" ]
  run "$name" --seed nope
  check "$name: a bad value exits 2" [ "$rc" -eq 2 ]
  run "$name" extra-argument
  check "$name: a stray argument exits 2" [ "$rc" -eq 2 ]

  # The probe names in the binary's .note.stapsdt, against the catalog's list.
  notes=$(readelf -n "$bin" 2>/dev/null | awk '/Provider: schedscope/ { getline; print $2 }' | sort -u)
  check_eq "$name: USDT notes are the catalog's markers" \
    "$(tr ',' '\n' <<<"$markers" | grep . | sort -u | tr '\n' ' ')" "$(grep . <<<"$notes" | tr '\n' ' ')"
done <"$T_TMP/catalog.tsv"

# ---- the names the timeline will show ----
# names_while_running WANT NAME ARGS...: starts the scenario in a process group
# of its own, with ARGS that keep it running for half a minute, and reads the
# names (comm) of its threads and of its children's threads until they are
# WANT (sorted), then kills the group. Prints the names last read. How soon
# the names are there depends on the load; what they are does not, and the
# scenario does not end before they are read.
names_while_running() {
  local want=$1 pid child got i; shift
  setsid "$SCENARIO_DIR/$1" "${@:2}" >/dev/null 2>&1 &
  pid=$!
  for ((i = 0; i < 600; i++)); do
    got=$({
      cat /proc/$pid/task/*/comm
      for child in $(pgrep -P $pid); do cat /proc/$child/task/*/comm; done
    } 2>/dev/null | sort | tr '\n' ' ' | sed 's/ $//')
    [ "$got" = "$want" ] && break
    kill -0 $pid 2>/dev/null || break
    sleep 0.05
  done
  kill -KILL -- -$pid 2>/dev/null
  wait $pid 2>/dev/null
  echo "$got"
}
# check_names NAME WANT ARGS...
check_names() { check_eq "$1: names" "$2" "$(names_while_running "$2" "$1" "${@:3}")"; }
check_names fork "child fork" --child-ms 30000
check_names process "Process-1 process" --work-ms 30000
check_names pool "PoolWorker-1 PoolWorker-2 pool" --workers 2 --tasks 2 --max-ms 30000 --seed 7
check_names queue "queue reader writer" --max-ms 30000 --seed 7
check_names pipe "pipe replier" --rounds 6 --pause-ms 5000
check_names threads "LoopThread threads" --pause-ms 6000
check_names lock "Thread-1 Thread-2 lock" --iterations 1000000000
check_names multicore "busy-0 busy-1 multicore" --threads 2 --seconds 30
check_names threadlocal "Thread-A Thread-B threadlocal" --pause-ms 30000
check_names distributed "distributed worker-1 worker-2" --workers 2 --tasks 4 --work-ms 30000

# ---- each lesson's facts ----

# fork: two distinct pids, and the child's parent is the parent.
run fork --child-ms 50
parent=$(sed -n 's/^Process (\([0-9]*\)) start\.\.\.$/\1/p' <<<"$out")
child_pid=$(sed -n 's/^I am child process (\([0-9]*\)) and my parent is [0-9]*\.$/\1/p' <<<"$out")
child_ppid=$(sed -n 's/^I am child process ([0-9]*) and my parent is \([0-9]*\)\.$/\1/p' <<<"$out")
created=$(sed -n 's/^I (\([0-9]*\)) just created a child process (\([0-9]*\))\.$/\1 \2/p' <<<"$out")
check "fork: parent and child have different pids" [ -n "$parent" -a -n "$child_pid" -a "$parent" != "$child_pid" ]
check_eq "fork: the child's parent is the parent" "$parent" "$child_ppid"
check_eq "fork: the parent names the child's pid" "$parent $child_pid" "$created"

# process: the child runs test before the parent prints "Process end."
run process --work-ms 50
check "process: prints its lines in order" [ "$(line_no '^Parent process [0-9]+\.$')" -eq 1 \
  -a "$(line_no '^Process will start\.$')" -eq 2 \
  -a "$(line_no '^Run child process test \([0-9]+\)\.\.\.$')" -eq 3 \
  -a "$(line_no '^Process end\.$')" -eq 4 ]

# pool: seed 7 gives every task >= 100 ms, so each worker is busy when the next task comes.
pool_durations() { sed -n 's/^Task \([0-9]*\) runs \([0-9.]*\) seconds\.$/\1 \2/p' <<<"$out" | sort -n; }
run pool --workers 2 --tasks 3 --max-ms 300 --seed 7
pool_parent=$(sed -n 's/^Parent process \([0-9]*\)\.$/\1/p' <<<"$out")
pool_pids=$(sed -n 's/^Run task [0-9]* (\([0-9]*\))\.\.\.$/\1/p' <<<"$out" | sort -u)
check_eq "pool: 2 workers ran tasks" 2 "$(grep -c . <<<"$pool_pids")"
workers_not_parent() { [ -n "$pool_parent" ] && ! grep -qx "$pool_parent" <<<"$pool_pids"; }
check "pool: workers are not the parent" workers_not_parent
check_eq "pool: every task ran once" "0 1 2" "$(pool_durations | cut -d' ' -f1 | tr '\n' ' ' | sed 's/ $//')"
check "pool: waits, then all subprocesses done" [ "$(line_no '^Waiting for all subprocesses done\.\.\.$')" -gt 0 \
  -a "$(tail -n1 <<<"$out")" = "All subprocesses done." ]
# What --seed draws is each task's planned time: the time it sleeps, which
# strace reads from each worker's clock_nanosleep requests. (The printed
# time adds the wake-up's latency, which is the machine's, not the seed's.)
# pool_plan ARGS...: runs pool under strace; sets $out; prints "task ms" per
# task, sorted: a worker's sleeps in order against the tasks it ran, in order.
pool_plan() {
  timeout 60 strace -f -qq -e trace=clock_nanosleep -e signal=none -o "$T_TMP/strace" \
    "$SCENARIO_DIR/pool" "$@" >"$T_TMP/out" 2>"$T_TMP/err"
  out=$(cat "$T_TMP/out")
  sed -n 's/^Run task \([0-9]*\) (\([0-9]*\))\.\.\.$/T \2 \1/p' <<<"$out" |
    awk 'FNR == NR { t[$2, ++nt[$2]] = $3; next }
         match($0, /tv_sec=[0-9]+, tv_nsec=[0-9]+/) {
           split(substr($0, RSTART, RLENGTH), f, /[=,]/)
           if (($1 in nt) && ++ns[$1] <= nt[$1]) print t[$1, ns[$1]], f[2] * 1000 + int(f[4] / 1000000) }' \
      - "$T_TMP/strace" | sort -n
}
if command -v strace >/dev/null; then
  first=$(pool_plan --workers 2 --tasks 3 --max-ms 300 --seed 7)
  # each task took at least its planned time (printed rounded to 10 ms)
  took=$(pool_durations | awk 'FNR == NR { ms[$1] = $2; next } { if (!($1 in ms) || $2 * 1000 < ms[$1] - 5) printf "task %s: %s s, planned %s ms; ", $1, $2, ms[$1] }' <(echo "$first") -)
  check_none "pool: each task takes at least its planned time" "$(count "$first")" "$took"
  second=$(pool_plan --workers 2 --tasks 3 --max-ms 300 --seed 7)
  other=$(pool_plan --workers 2 --tasks 3 --max-ms 300 --seed 2)
  check_eq "pool: --seed repeats the task times" "$(count "$first") tasks: $first" "3 tasks: $second"
  check "pool: another seed, other task times ($(tr '\n' ' ' <<<"$first")/ $(tr '\n' ' ' <<<"$other"))" \
    [ "$(count "$other")" -eq 3 -a "$other" != "$first" ]
else
  for c in "each task takes at least its planned time" "--seed repeats the task times" "another seed, other task times"; do
    skip "pool: $c" "strace is not installed (scripts/install-deps.sh installs it)"
  done
fi
run pool --workers 4 --tasks 5 --max-ms 300 --seed 7
check_eq "pool: 4 workers take the first 4 of 5 tasks" 4 \
  "$(sed -n 's/^Run task [0-9]* (\([0-9]*\))\.\.\.$/\1/p' <<<"$out" | sort -u | grep -c .)"
check "pool: the fifth task waits for a free worker" \
  [ "$(line_no '^Run task 4 ')" -gt "$(line_no '^Task [0-9]+ runs')" -a "$(line_no '^Task [0-9]+ runs')" -gt 0 ]
run pool --workers 2 --tasks 2 --max-ms 100 --work cpu
check "pool: --work cpu runs the tasks" [ "$rc" -eq 0 -a "$(grep -c '^Task [0-9]* runs' <<<"$out")" -eq 2 ]

# queue: the reader got a, b, c in order before the parent terminated it; --max-ms 0
# is the tightest race between the last put and the SIGTERM.
for args in "--max-ms 100" "--max-ms 0" "--max-ms 0"; do
  run queue $args
  check_eq "queue ($args): the writer put a, b, c" "abc" \
    "$(sed -n 's/^Put \(.\) to queue\.$/\1/p' <<<"$out" | tr -d '\n')"
  check_eq "queue ($args): the reader got a, b, c in order" "abc" \
    "$(sed -n 's/^Get \(.\) from queue\.$/\1/p' <<<"$out" | tr -d '\n')"
  check "queue ($args): then the reader was terminated by SIGTERM" \
    last_line_is '^Reader \([0-9]+\) terminated by SIGTERM\.$'
done

# pipe: every request answered.
run pipe --rounds 200
check "pipe: 200 round trips and a summary" [ "$(line_no '^Replier answered 200 requests\.$')" -gt 0 \
  -a "$(line_no '^200 rounds in [0-9.]+ s: [0-9.]+ µs per round trip\.$')" -gt 0 ]

# threads: LoopThread counts 1..5 between MainThread's first and last line.
run threads --pause-ms 10
check_eq "threads: LoopThread prints 1 to 5" "1 2 3 4 5" \
  "$(sed -n 's/^thread LoopThread >>> \([0-9]*\)$/\1/p' <<<"$out" | tr '\n' ' ' | sed 's/ $//')"
check "threads: MainThread starts first and ends last" [ "$(head -n1 <<<"$out")" = "thread MainThread is running..." \
  -a "$(tail -n1 <<<"$out")" = "thread MainThread ended." -a "$(line_no '^thread LoopThread ended\.$')" -gt 0 ]

# lock: with the lock the balance is always 0.
for i in 1 2 3; do
  run lock
  check_eq "lock: balance = 0 with the lock (run $i)" "balance = 0" "$(head -n1 <<<"$out")"
done
# Without it the threads (pinned to two cores) lose updates: not 0 in some of
# 5 runs. That needs them to run at once; other tasks on the CPUs can keep
# them apart, so what those took is measured.
balances= ours_s=0 before=$(cpu_sample)
for i in 1 2 3 4 5; do
  run lock --no-lock
  balances+="$(sed -n 's/^balance = \(-\?[0-9]*\)$/\1/p' <<<"$out") "
  ours_s=$(awk -v a="$ours_s" -v b="$cpu_s" 'BEGIN { print a + b }')
done
others=$(others_since "$before" "$ours_s")
echo "lock --no-lock balances: $balances"
if [ "$(getconf _NPROCESSORS_ONLN)" -lt 2 ]; then
  skip "lock: --no-lock loses updates" "needs 2 CPUs"
else
  check_eq "lock: --no-lock printed 5 balances" 5 "$(wc -w <<<"$balances")"
  check_quiet "lock: --no-lock loses updates (balances: $balances)" "$others" grep -qE '(^| )-?[1-9]' <<<"$balances"
fi

# multicore: one busy thread per CPU, about that many cores' worth of CPU time.
# The CPU time the threads get is what other tasks leave them: measured, from
# /proc/stat, over the run.
cpus=$(getconf _NPROCESSORS_ONLN)
before=$(cpu_sample)
run multicore --seconds 1
others=$(others_since "$before" "$cpu_s")
check_eq "multicore: one busy thread per CPU" "$cpus" "$(grep -c '^busy-[0-9]* looped' <<<"$out")"
cores=$(sed -n 's/.*about \([0-9.]*\) cores busy\.$/\1/p' <<<"$out")
check_quiet "multicore: the threads kept about $cpus cores busy (got ${cores:-?})" "$others" \
  awk -v c="${cores:-0}" -v n="$cpus" 'BEGIN { exit !(c >= 0.7 * n) }'

# ... one per CPU it may run on: under `run --cpus 0` (taskset here), one.
run_pinned=$(timeout 20 taskset -c 0 "$SCENARIO_DIR/multicore" --seconds 0.1 | head -1)
check_eq "multicore: pinned to CPU 0, one busy thread" "Starting 1 busy thread on 1 CPU for 0.1 s..." "$run_pinned"

# threadlocal: each thread sees its own student.
run threadlocal --pause-ms 20
check "threadlocal: Thread-A sees Alice" grep -qx 'Hello, Alice (in Thread-A)' <<<"$out"
check "threadlocal: Thread-B sees Bob" grep -qx 'Hello, Bob (in Thread-B)' <<<"$out"

# procvsthread: all three phases report.
run procvsthread --workers 2 --mloops 10 --many 8
check "procvsthread: times processes, threads and many threads" \
  [ "$(line_no '^2 processes: [0-9.]+ s')" -gt 0 -a "$(line_no '^2 threads: [0-9.]+ s')" -gt 0 \
    -a "$(line_no '^8 threads: [0-9.]+ s')" -gt 0 ]

# distributed: every number put comes back squared.
# results_ok: every "Result: n * n = m" is right and they are the numbers put.
results_ok() {
  local put got
  put=$(sed -n 's/^Put task \([0-9]*\)\.\.\.$/\1/p' <<<"$out" | sort -n)
  got=$(awk '/^Result: / { if ($2 != $4 || $6 != $2 * $2) print "wrong:", $0; else print $2 }' <<<"$out" | sort -n)
  [ -n "$put" ] && [ "$put" = "$got" ] && [ "$(grep -c . <<<"$put")" -eq "$1" ]
}
run distributed --workers 2 --tasks 6 --work-ms 20 --seed 42
check "distributed: all 6 results came back, correct" results_ok 6
check_eq "distributed: the master exits last" "master exit." "$(tail -n1 <<<"$out")"
check_eq "distributed: both workers saw the empty queue" 2 "$(grep -c '^task queue is empty\.$' <<<"$out")"
puts=$(grep '^Put task' <<<"$out")
run distributed --workers 2 --tasks 6 --work-ms 20 --seed 42
check_eq "distributed: --seed repeats the numbers" "$puts" "$(grep '^Put task' <<<"$out")"

# distributed --worker: a master with no workers of its own, and two outside workers.
"$SCENARIO_DIR/distributed" --workers 0 --tasks 5 --work-ms 20 --timeout 20 >"$T_TMP/master" 2>&1 &
master=$!
port=
for _ in $(seq 50); do
  port=$(sed -n 's/^Master listening on .*:\([0-9]*\)\.$/\1/p' "$T_TMP/master")
  [ -n "$port" ] && break
  sleep 0.1
done
"$SCENARIO_DIR/distributed" --worker --port "${port:-1}" --work-ms 20 >"$T_TMP/w1" 2>&1 &
w1=$!
"$SCENARIO_DIR/distributed" --worker --port "${port:-1}" --work-ms 20 >"$T_TMP/w2" 2>&1 &
w2=$!
wait $master; mrc=$?
wait $w1; w1rc=$?
wait $w2; w2rc=$?
out=$(cat "$T_TMP/master")
check "distributed --worker: outside workers computed all 5" [ "$mrc" -eq 0 -a "$w1rc" -eq 0 -a "$w2rc" -eq 0 ]
check "distributed --worker: the results are right" results_ok 5
check_eq "distributed --worker: the workers ran 5 tasks between them" 5 \
  "$(cat "$T_TMP/w1" "$T_TMP/w2" | grep -c '^run task [0-9]* \* [0-9]*\.\.\.$')"
