#!/usr/bin/env bash
# schedscope compare on the runs docs/SCENARIOS.md compares: lock against
# lock --no-lock, pool with 2 workers against 4, multicore on CPU 0 against
# all. Each figure is checked against the same trace read another way: wall
# time and CPU time per task from the events themselves (dump --tsv),
# latency and blocked time from `stats --tsv`, verdicts from `check --tsv`,
# switches from the CSV export's task table; and the rows that differ carry
# the mark. Recording needs root; the
# usage errors are checked without.
source "$(dirname "$0")/../lib.sh"

cd "$T_TMP" || exit 1
"$SCHEDSCOPE" compare only.trace >/dev/null 2>err
check_eq "one trace is not a comparison" "2 schedscope compare: which traces? two or more (A.trace B.trace)" \
  "$? $(head -n1 err)"
"$SCHEDSCOPE" compare a.trace b.trace >/dev/null 2>err
check_eq "a trace that is not there" "1" "$?"

NAMES=("lock vs --no-lock: the command row, marked" "lock vs --no-lock: no knobs, not marked"
  "lock vs --no-lock: wall time, from the events" "lock vs --no-lock: CPU time per task, from the events"
  "lock vs --no-lock: switches, as the CSV export counts them" "lock vs --no-lock: run-queue latency, as stats says"
  "lock vs --no-lock: blocked by reason, as stats says" "lock vs --no-lock: the checks, as check says"
  "lock vs --no-lock: every figure marked by the rule" "lock vs --no-lock: the text names the runs and marks what differs"
  "pool 2 vs 4 workers: one row for the workers, their count" "multicore --cpus 0 vs all: the knobs row"
  "multicore --cpus 0: CPU time at most the wall time")
need_root "${NAMES[@]}" || exit 0
# shellcheck source=tests/scenarios/recorded.sh
source "$TOP/tests/scenarios/recorded.sh"

trace lock lock
trace nolock lock --no-lock --iterations 2000000
"$SCHEDSCOPE" compare --tsv lock.trace nolock.trace >cmp.tsv
"$SCHEDSCOPE" compare lock.trace nolock.trace >cmp.txt
row() { awk -F'\t' -v m="$1" -v w="$2" '$1 == m && $2 == w' cmp.tsv; }
col() { row "$1" "$2" | cut -f"$3"; }    # column 3: lock, 4: nolock, 5: differs

check_eq "lock vs --no-lock: the command row, marked" \
  "$(printf 'command\t-\tlock\tlock --no-lock --iterations 2000000\t1')" "$(row command -)"
check_eq "lock vs --no-lock: no knobs, not marked" "$(printf 'knobs\t-\t-\t-\t0')" "$(row knobs -)"

# from the events: the traced tids (the command, what it forked or cloned) and their names
tids() { awk -F'\t' -v r="$(awk '$1 == "pid" { print $2 }' <<<"$("$SCHEDSCOPE" info "$1.trace")")" \
  'BEGIN { t[r] = 1; print r } $3 == "fork" && t[$4] { t[$5] = 1; print $5 }' "$1.tsv"; }
# wall TAG: the command's first switch-in to its last switch-out, after its exit
wall() { awk -F'\t' -v r="$(tids "$1" | head -n1)" '$3 == "switch" && $5 == r && !s { s = $1 }
  $3 == "exit" && $4 == r { x = 1 } x && $3 == "switch" && $4 == r { e = $1 } END { print e - s }' "$1.tsv"; }
# cpu TAG TID...: ns on a CPU, switch-in to switch-out
cpu() { local tag=$1; shift; awk -F'\t' -v want="$*" 'BEGIN { n = split(want, a, " "); for (i = 1; i <= n; i++) w[a[i]] = 1 }
  $3 == "switch" { if (cur[$2] != "" && w[cur[$2]] && cur[$2] == $4) sum += $1 - at[$2]; cur[$2] = $5; at[$2] = $1 }
  END { print sum + 0 }' "$tag.tsv"; }
# switches TAG: "voluntary involuntary" of the traced threads as the CSV
# export's task table counts them (the one rule, ss_stats_add_run, streamed
# there; compare reads the model's): what compare adds up must be the same.
# (The rule can differ from the raw switch states in dump: a run it does not
# count as a switch; so the events are not the reference here.)
switches() {
  "$SCHEDSCOPE" export "$1.trace" --format csv -o "$1.csv" 2>/dev/null
  awk -F, 'NR > 1 { v += $15; i += $16 } END { print v + 0, i + 0 }' "$1.csv/tasks.csv"
}

check_eq "lock vs --no-lock: wall time, from the events" "$(wall lock) $(wall nolock)" \
  "$(col wall_ns - 3) $(col wall_ns - 4)"
want="" got=""
for tag in lock nolock; do
  mapfile -t t < <(tids "$tag")          # the command, then Thread-1, Thread-2
  want+="$(cpu "$tag" "${t[0]}") $(cpu "$tag" "${t[@]:1}") $(cpu "$tag" "${t[@]}") "
done
got="$(col cpu_ns lock 3) $(col cpu_ns 'Thread-*' 3) $(col cpu_ns - 3) $(col cpu_ns lock 4) $(col cpu_ns 'Thread-*' 4) $(col cpu_ns - 4) "
check_eq "lock vs --no-lock: CPU time per task, from the events" "$want" "$got"
check_eq "lock vs --no-lock: switches, as the CSV export counts them" "$(switches lock) $(switches nolock)" \
  "$(col switches_vol - 3) $(col switches_invol - 3) $(col switches_vol - 4) $(col switches_invol - 4)"

stats_runq() { "$SCHEDSCOPE" stats --tsv "$1.trace" | awk -F'\t' '$1 == "hist" && $2 == "all" && $4 == "runq" { print $6, $8, $10, $11 }'; }
check_eq "lock vs --no-lock: run-queue latency, as stats says" "$(stats_runq lock) $(stats_runq nolock)" \
  "$(for c in 3 4; do printf '%s %s %s %s ' "$(col runq_waits - $c)" "$(col runq_p50_ns - $c)" "$(col runq_p99_ns - $c)" "$(col runq_max_ns - $c)"; done | sed 's/ $//')"
stats_blocked() { "$SCHEDSCOPE" stats --tsv "$1.trace" | awk -F'\t' '$1 == "hist" && $2 == "all" && $4 == "blocked" { print $5, $7 }' | sort; }
cmp_blocked() { awk -F'\t' -v c="$1" '$1 == "blocked_ns" && $2 != "-" && $c != "-" { print $2, $c }' cmp.tsv | sort; }
check_eq "lock vs --no-lock: blocked by reason, as stats says" "$(stats_blocked lock)|$(stats_blocked nolock)" \
  "$(cmp_blocked 3)|$(cmp_blocked 4)"
checks_of() { "$SCHEDSCOPE" check --tsv "$1.trace" | cut -f1,2 | sort; }
cmp_checks() { awk -F'\t' -v c="$1" '$1 == "check" && $c != "-" { print $2 "\t" $c }' cmp.tsv | sort; }
check_eq "lock vs --no-lock: the checks, as check says" "$(checks_of lock)|$(checks_of nolock)" \
  "$(cmp_checks 3)|$(cmp_checks 4)"
# the mark on every figure, by the rule: the larger more than 20% above the
# smaller and apart by more than a grain (10 us of time, 1 of a count); a
# task a run did not have counts 0; the machine's share is never marked
check_none "lock vs --no-lock: every figure marked by the rule" "$(awk -F'\t' 'NR > 1 && $1 !~ /^(command|knobs|check)$/' cmp.tsv | wc -l)" \
  "$(awk -F'\t' 'NR > 1 && $1 !~ /^(command|knobs|check)$/ {
       a = $3 == "-" ? 0 : $3; b = $4 == "-" ? 0 : $4; lo = a < b ? a : b; hi = a < b ? b : a
       g = $1 ~ /_ns$/ ? 10000 : 1
       want = $1 == "other_cpu_pct" ? 0 : (hi - lo > g && hi * 100 > lo * 120)
       if (want != $5) print $1, $2, $3, $4, $5 }' cmp.tsv)"
check_eq "lock vs --no-lock: the text names the runs and marks what differs" \
  "lock.trace: lock|nolock.trace: lock --no-lock --iterations 2000000|lock.lost_update *|* the runs differ: by more than 20% (and 10 us, or 1), or in words" \
  "$(head -n2 cmp.txt | paste -sd'|')|$(grep -E '^  lock.lost_update ' cmp.txt | sed 's/^  //; s/ .* \*$/ */')|$(tail -n1 cmp.txt)"

trace pool2 pool --workers 2 --tasks 4 --max-ms 100 --seed 7
trace pool4 pool --workers 4 --tasks 4 --max-ms 100 --seed 7
check "pool 2 vs 4 workers: one row for the workers, their count" \
  grep -qE '^  PoolWorker-\* +[0-9.]+ [mun]?s \(2\) +[0-9.]+ [mun]?s \(4\)' <("$SCHEDSCOPE" compare pool2.trace pool4.trace)

SCHEDSCOPE_SCENARIO_DIR=$SCENARIO_DIR "$SCHEDSCOPE" run multicore -q -o one.trace --cpus 0 -- --threads 2 --seconds 0.3 >/dev/null 2>&1
SCHEDSCOPE_SCENARIO_DIR=$SCENARIO_DIR "$SCHEDSCOPE" run multicore -q -o all.trace -- --threads 2 --seconds 0.3 >/dev/null 2>&1
"$SCHEDSCOPE" compare --tsv one.trace all.trace >mc.tsv
check_eq "multicore --cpus 0 vs all: the knobs row" "$(printf 'knobs\t-\tCPU 0\t-\t1')" "$(awk -F'\t' '$1 == "knobs"' mc.tsv)"
read -r w c < <(awk -F'\t' '$1 == "wall_ns" { w = $3 } $1 == "cpu_ns" && $2 == "-" { c = $3 } END { print w, c }' mc.tsv)
check "multicore --cpus 0: CPU time at most the wall time" [ "${c:-1}" -le "${w:-0}" ]
