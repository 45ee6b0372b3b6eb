# Latency distributions against real runs: each histogram counts exactly the
# intervals `why` lists (same count, same total, per thread and reason), its
# tail names real intervals, and on one run recorded by perf sched and by us
# at once, the max and p99 run-queue latency agree with perf's (timehist's,
# and perf sched latency's max delay). Those comparisons measure what other
# tasks took of the CPUs meanwhile (busy_others) and, when they disagree on a
# busy machine, skip and say so (check_quiet).
source "$(dirname "$0")/../lib.sh"

# says TEXT CMD...: CMD's exit status, and whether its output says TEXT
says() { local want=$1 out rc; shift; out=$("$@" 2>&1); rc=$?; echo "$rc $(grep -qF -- "$want" <<<"$out" && echo says)"; }
check_eq stats-no-file "2 says" "$(says "which trace file" "$SCHEDSCOPE" stats)"
check_eq stats-bad-pid "2 says" "$(says "--pid wants" "$SCHEDSCOPE" stats x.trace --pid x)"
check_eq stats-help "0 says" "$(says "p50, p90, p99 and max" "$SCHEDSCOPE" stats --help)"

# the moments behind the totals' tails, named in time order: on the recorded
# pool, the "tail all" rows of --tsv sorted by time, thread by thread
POOL=$TOP/traces/pool.trace
want=$("$SCHEDSCOPE" stats --tsv "$POOL" | awk -F'\t' '$1=="tail" && $2=="all" {print $7, $6}' | sort -n |
  awk '{print $2}' | paste -sd' ')
got=$("$SCHEDSCOPE" stats "$POOL" | awk '/^the p99 waits:/' | grep -oE ' [0-9]+ at [0-9.]+s \([^)]* [0-9.]+ [mun]?s\)' |
  awk '{print $1}' | paste -sd' ')
check_ge stats-moments-some 3 "$(wc -w <<<"$want")"
check_eq stats-moments "$want" "$got"

need_root stats-runq-counts stats-blocked-counts stats-tail-is-real stats-pid-filter \
  stats-perf-lost-none stats-perf-count stats-perf-p99 stats-perf-max || exit 0

# --- pool: every thread's intervals, as why lists them ---
P=$T_TMP/pool.trace
"$SCHEDSCOPE" run pool -q -o "$P" -- --workers 3 --tasks 5 --max-ms 100 --seed 3 > "$P.out" 2>&1
"$SCHEDSCOPE" stats --tsv "$P" > "$P.st"
threads=$("$SCHEDSCOPE" dump --tsv --kind fork "$P" | awk -F'\t' '{print $5}')
threads="$("$SCHEDSCOPE" info "$P" | awk '$1=="pid"{print $2}') $threads"
rq_bad=0 bl_bad=0 n_rq=0 n_bl=0
for t in $threads; do
  "$SCHEDSCOPE" why --tsv --pid "$t" "$P" > "$P.why"
  # run-queue: count and total
  want=$(awk -F'\t' '$1=="runnable" {n++; s += $3} END {printf "%d %d", n, s}' "$P.why")
  got=$(awk -F'\t' -v t="$t" '$1=="hist" && $2=="thread" && $3==t && $4=="runq" {printf "%d %d", $6, $7}' "$P.st")
  [ "$got" = "$want" ] || { rq_bad=$((rq_bad + 1)); echo "thread $t runq: why $want, stats $got"; }
  n_rq=$((n_rq + ${want%% *}))
  # asleep, by reason: count and total (a wait that did not sleep, 0 ns in
  # why's rows, is counted on its own line of stats, not in the histogram)
  want=$(awk -F'\t' '$1=="blocked" && $3 > 0 {n[$4]++; s[$4] += $3} END {for (r in n) printf "%s=%d/%d\n", r, n[r], s[r]}' "$P.why" | sort)
  got=$(awk -F'\t' -v t="$t" '$1=="hist" && $2=="thread" && $3==t && $4=="blocked" {printf "%s=%d/%d\n", $5, $6, $7}' "$P.st" | sort)
  [ "$got" = "$want" ] || { bl_bad=$((bl_bad + 1)); echo "thread $t blocked: why [$want], stats [$got]"; }
  n_bl=$((n_bl + $(wc -l < <(awk -F'\t' '$1=="blocked" && $3 > 0' "$P.why"))))
done
check stats-runq-counts [ "$rq_bad" -eq 0 -a "$n_rq" -ge 10 ]
check stats-blocked-counts [ "$bl_bad" -eq 0 -a "$n_bl" -ge 10 ]
# the longest run-queue wait of all, named in the tail: a real interval of its thread
read -r tid ts dur < <(awk -F'\t' '$1=="tail" && $2=="all" && $4=="runq" {print $6, $7, $8; exit}' "$P.st")
max=$(awk -F'\t' '$1=="hist" && $2=="all" && $4=="runq" {print $11}' "$P.st")
real=$("$SCHEDSCOPE" why --tsv --pid "$tid" "$P" | awk -F'\t' -v ts="$ts" -v d="$dur" '$1=="runnable" && $2==ts && $3==d' | wc -l)
check_eq stats-tail-is-real "$max 1" "$dur $real"
# --pid: one thread's rows only
parent=$("$SCHEDSCOPE" info "$P" | awk '$1=="pid"{print $2}')
others=$("$SCHEDSCOPE" stats --tsv --pid "$parent" "$P" | awk -F'\t' -v p="$parent" '$1=="hist" && $2=="thread" && $3!=p' | wc -l)
mine=$("$SCHEDSCOPE" stats --tsv --pid "$parent" "$P" | awk -F'\t' -v p="$parent" '$1=="hist" && $2=="thread" && $3==p' | wc -l)
check stats-pid-filter [ "$others" -eq 0 -a "$mine" -ge 2 ]

# --- the same run recorded by perf sched and by us: a ping-pong on CPU 0
# beside a shell loop at nice -10, which makes it wait for the CPU often
# enough (a few percent of its wakeups, by milliseconds) to put its p99
# among those waits ---
mountpoint -q /sys/kernel/tracing || mount -t tracefs nodev /sys/kernel/tracing 2>/dev/null
H=$T_TMP/pp
cat > "$H.sh" <<EOS
#!/bin/sh
nice -n -10 taskset -c 0 sh -c 'i=0; while [ \$i -lt 100000 ]; do i=\$((i+1)); done' &
$BUILD/tests/helpers/pingpong 1500
wait
EOS
chmod +x "$H.sh"
perf sched record -o "$H.data" -- "$SCHEDSCOPE" record -q -o "$H.trace" -- "$H.sh" > "$H.out" 2>/dev/null
child=$(awk '/^CHILD/{print $2}' "$H.out")
"$SCHEDSCOPE" stats --tsv --pid "$child" "$H.trace" > "$H.st"
read -r n p99 max < <(awk -F'\t' -v t="$child" '$1=="hist" && $2=="thread" && $3==t && $4=="runq" {print $6, $10, $11}' "$H.st")
# perf sched timehist: each switch-in's delay: from the wakeup (sch delay), or
# for a task that never slept (no wakeup), its whole wait; p99 by nearest rank
perf sched timehist -i "$H.data" 2>/dev/null | awk -v t="$child" '$3 ~ "\\[" t "\\]" {
  d = $5 > 0 ? $5 : $4; printf "%d\n", d * 1000000 + 0.5 }' | sort -n > "$H.perf"
pn=$(wc -l < "$H.perf")
pp99=$(sed -n "$(( (pn * 99 + 99) / 100 ))p" "$H.perf")
tmax=$(tail -1 "$H.perf")
# perf sched latency is not compared: perf 6.1 on this kernel loses track of
# the tasks in every run ("933% context switch bugs (56 out of 6)" in each of
# CI's runs on kernel 6.18), so
# its max delay misses waits that timehist, from the same file, shows. The
# check against it skipped every time, which tests nothing; timehist's
# delays are the kernel's account compared below.
echo "ours: $n waits, p99 $p99 ns, max $max ns; perf timehist: $pn switch-ins, p99 $pp99 ns, max $tmax ns"
ourlost=$("$SCHEDSCOPE" info "$H.trace" | awk '$1=="lost"{print $2}')
# what other tasks (perf among them) took of the CPUs during the run, from
# our own switches: perf loses events and the host's pauses stretch waits
# when the machine is busy
others=$(busy_others "$H.trace")
echo "other tasks took $others of the CPUs during the paired run"
check_eq stats-perf-lost-none 0 "$ourlost"
# perf records every CPU: on a busy machine it loses events (in chunks of a
# CPU's buffer); when it lost some of this task's, it has no account to
# compare with. It counts a switch-in for the first run, whose wait we do
# not know.
plost=$(perf sched timehist -i "$H.data" 2>&1 >/dev/null | grep -io "lost [0-9.]*%*" | head -1)
if [ "$pn" -lt "$n" ] || [ "$pn" -gt $((n + 2)) ]; then
  for c in stats-perf-count stats-perf-p99 stats-perf-max; do
    skip "$c" "needs a quieter machine (other tasks took $others): perf ${plost:-lost nothing} and saw $pn of the task's $n switch-ins"
  done
  exit 0
fi
check stats-perf-count [ "$n" -ge 1500 ]
# perf prints ms to the us and stamps the wakeup a moment after the waking we
# use; the host pausing the vCPU between perf's stamp and ours adds tens of us
# now and then (see tests/ipc/test_why.sh): agree to 3% or 20 us
close() { awk -v a="$1" -v b="$2" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(a > 0 && b > 0 && (d <= 20000 || d <= 0.03 * b)) }'; }
check_quiet stats-perf-p99 "$others" close "$p99" "$pp99"
check_quiet stats-perf-max "$others" close "$max" "$tmax"
