# The Chrome JSON export, read with jq: it parses; each CPU lane has one slice
# per run (every switch to a task, plus the run already going at the start);
# lanes and threads are named; wakeup flows pair up and sit on real slices
# (signal flows, from sender to receiver, are checked in test_scenarios.sh).
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/common.sh"
CPUS_PID=4194305
CPU_TID0=4194306

# runs_per_cpu TRACE: "cpu runs" lines, from the trace's own switches
runs_per_cpu() {
  "$SCHEDSCOPE" dump --tsv --kind switch "$1" | awk -F'\t' '
    !($2 in seen) { seen[$2] = 1; if ($4 != 0) n[$2]++ }   # running since the start
    $5 != 0 { n[$2]++ }
    END { for (c in n) print c, n[c] }' | sort -n
}

check_json() {
  local n=$1 trace=$2 js=$3 ncpu
  if jq empty "$js" 2> "$T_TMP/$n.jqerr"; then pass "$n-parses"; else fail "$n-parses" "$(head -c 200 "$T_TMP/$n.jqerr")"; return; fi
  ncpu=$("$SCHEDSCOPE" info "$trace" | awk '$1=="cpus"{print $2}')
  check_ge "$n-has-cpus" 1 "$ncpu"
  # every CPU has runs (the expectation below is never empty)
  check_eq "$n-runs-on-every-cpu" "$ncpu" "$(count "$(runs_per_cpu "$trace")")"
  check_eq "$n-slices-per-cpu" "$(runs_per_cpu "$trace")" \
    "$(jq -r --argjson p $CPUS_PID --argjson t0 $CPU_TID0 '.traceEvents[] | select(.ph=="X" and .pid==$p) | .tid - $t0' "$js" | sort -n | uniq -c | awk '{print $2, $1}')"
  check_eq "$n-cpus-process" CPUs "$(jq -r --argjson p $CPUS_PID '.traceEvents[] | select(.ph=="M" and .pid==$p and .name=="process_name") | .args.name' "$js")"
  check_eq "$n-cpu-lane-names" "$(seq 0 $((ncpu - 1)) | sed 's/^/CPU /')" \
    "$(jq -r --argjson p $CPUS_PID '.traceEvents[] | select(.ph=="M" and .pid==$p and .name=="thread_name") | .args.name' "$js" | sort -V)"
  # every thread lane with slices has a name, and so does its process
  local lanes
  lanes=$(jq -r --argjson p $CPUS_PID '[.traceEvents[] | select(.ph=="X" and .pid!=$p) | "\(.pid)/\(.tid)"] | unique | length' "$js")
  check_none "$n-threads-named" "$lanes" "$(jq -r --argjson p $CPUS_PID '
    [.traceEvents[] | select(.ph=="M" and .name=="thread_name") | "\(.pid)/\(.tid)"] as $named |
    [.traceEvents[] | select(.ph=="X" and .pid!=$p) | "\(.pid)/\(.tid)"] | unique | map(select(. as $x | $named | index($x) | not)) | join(" ")' "$js")"
  check_none "$n-processes-named" "$lanes" "$(jq -r --argjson p $CPUS_PID '
    [.traceEvents[] | select(.ph=="M" and .name=="process_name") | .pid] as $named |
    [.traceEvents[] | select(.ph=="X" and .pid!=$p) | .pid] | unique | map(select(. as $x | $named | index($x) | not)) | map(tostring) | join(" ")' "$js")"
  # the thread lanes carry the same runs as the CPU lanes (as many as the trace has)
  check_eq "$n-running-on-threads" \
    "$(runs_per_cpu "$trace" | awk '{ n += $2 } END { print n }')" \
    "$(jq '[.traceEvents[] | select(.ph=="X" and .name=="Running")] | length' "$js")"
  # flows: every start has one finish, and both sit on a Running slice of their thread
  local s f
  s=$(jq -r '.traceEvents[] | select(.ph=="s" and .cat=="wakeup") | .id' "$js" | sort | uniq -c | awk '$1 != 1 {bad++} END {print NR, bad+0}')
  f=$(jq -r '.traceEvents[] | select(.ph=="f" and .cat=="wakeup") | .id' "$js" | sort | uniq -c | awk '$1 != 1 {bad++} END {print NR, bad+0}')
  check_eq "$n-flows-pair" "$s" "$f"
  check_none "$n-flow-ids-match" "${s%% *}" "$(diff <(jq -r '.traceEvents[] | select(.ph=="s" and .cat=="wakeup") | .id' "$js" | sort) \
    <(jq -r '.traceEvents[] | select(.ph=="f" and .cat=="wakeup") | .id' "$js" | sort))"
  check_ge "$n-flows" 1 "${s%% *}"
  check_eq "$n-flows-pair" "$s" "$f"
  check_none "$n-flow-ids-match" "${s%% *}" "$(diff <(jq -r '.traceEvents[] | select(.ph=="s") | .id' "$js" | sort) \
    <(jq -r '.traceEvents[] | select(.ph=="f") | .id' "$js" | sort))"
  # binding, in ns to stay exact: s inside a run of the waker; f at the start of the wakee's run
  jq -r '.traceEvents[] | select(.ph=="X" and .name=="Running") | "R \(.pid) \(.tid) \(.ts) \(.dur)"' "$js" > "$T_TMP/$n.runs"
  jq -r '.traceEvents[] | select((.ph=="s" or .ph=="f") and .cat=="wakeup") | "\(.ph) \(.pid) \(.tid) \(.ts)"' "$js" > "$T_TMP/$n.flows"
  # (runs and flows sorted together per thread and time, runs first: a run's
  # start is the latest one at or before the flow; linear, where a loop over
  # a thread's runs per flow took minutes on a loaded machine)
  check_zero "$n-flows-bound" "$(wc -l < "$T_TMP/$n.flows")" "$(awk '
    function ns(x) { return sprintf("%.0f", x * 1000) }
    $1 == "R" { print $2, $3, ns($4), 0, ns($4 + $5); next }
    { print $2, $3, ns($4), 1, $1 }' "$T_TMP/$n.runs" "$T_TMP/$n.flows" |
    sort -k1,1n -k2,2n -k3,3n -k4,4n | awk '
    $1 " " $2 != k { k = $1 " " $2; st = ""; en = "" }
    $4 == 0 { st = $3; en = $5; next }
    { t = $3 + 0
      if (!(st != "" && ($5 == "s" ? t >= st + 0 && t <= en + 0 : t == st + 0))) bad++ }
    END { print bad + 0 }')"
}

"$GEN_TRACE" "$T_TMP/g2.trace" 30000 2 8 > /dev/null
"$SCHEDSCOPE" export -q --format json "$T_TMP/g2.trace" -o "$T_TMP/g2.json"
check_json g2 "$T_TMP/g2.trace" "$T_TMP/g2.json"
"$GEN_TRACE" "$T_TMP/g4.trace" 20000 4 12 > /dev/null
"$SCHEDSCOPE" export -q --format json "$T_TMP/g4.trace" -o "$T_TMP/g4.json"
check_json g4 "$T_TMP/g4.trace" "$T_TMP/g4.json"

# markers are instants on their thread
check_ge g2-has-markers 1 "$("$SCHEDSCOPE" dump --tsv --kind marker "$T_TMP/g2.trace" | wc -l)"
check_eq g2-markers "$("$SCHEDSCOPE" dump --tsv --kind marker "$T_TMP/g2.trace" | wc -l)" \
  "$(jq '[.traceEvents[] | select(.ph=="i" and .cat=="marker")] | length' "$T_TMP/g2.json")"

# --pid: only that thread's lanes and runs
"$SCHEDSCOPE" export -q --format json --pid 1003 "$T_TMP/g2.trace" -o "$T_TMP/gp.json"
check_eq pid-only-its-runs 1003 "$(jq -r --argjson p $CPUS_PID '.traceEvents[] | select(.ph=="X" and .pid==$p) | .args.tid' "$T_TMP/gp.json" | sort -u)"
check_eq pid-only-its-lanes 1003 "$(jq -r --argjson p $CPUS_PID '.traceEvents[] | select(.ph!="M" and .pid!=$p) | .tid' "$T_TMP/gp.json" | sort -u)"

# --window: runs clipped to it (the first starts at the window's start at the earliest)
"$SCHEDSCOPE" export -q --format json --window 20ms,40ms "$T_TMP/g2.trace" -o "$T_TMP/gw.json"
check_none window-runs-inside "$(jq --argjson p $CPUS_PID '[.traceEvents[] | select(.ph=="X" and .pid==$p)] | length' "$T_TMP/gw.json")" "$(jq -r --argjson p $CPUS_PID '.traceEvents[] | select(.ph=="X" and .pid==$p) | select(.ts < 1020000 or .ts + .dur > 1040000.001) | .ts' "$T_TMP/gw.json")"

# -o -: to stdout, for a pipe
"$SCHEDSCOPE" export -q --format json -o - "$T_TMP/g2.trace" | jq -e '.traceEvents | length > 0' > /dev/null
check json-to-stdout [ $? -eq 0 ]

need_root rec-parses rec-slices-per-cpu rec-flows-pair || exit 0
if ! "$SCHEDSCOPE" run fork -o "$T_TMP/rec.trace" > "$T_TMP/rec.out" 2>&1; then
  fail rec-record "$(tail -3 "$T_TMP/rec.out" | tr '\n' '|')"; exit 0
fi
"$SCHEDSCOPE" export -q --format json "$T_TMP/rec.trace" -o "$T_TMP/rec.json"
check_json rec "$T_TMP/rec.trace" "$T_TMP/rec.json"
