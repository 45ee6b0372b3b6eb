# The CSV export: the four files with their headers, as many rows as the
# trace has events, runs and traced threads, and rows as wide as the header.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/common.sh"

check_csv() {
  local n=$1 trace=$2 d=$3 f want got
  check_eq "$n-events-header" "ts_ns,cpu,kind,pid,comm,other_pid,other_comm,prev_state,prev_prio,next_prio,target_cpu,orig_cpu,dest_cpu,value,detail" "$(head -1 "$d/events.csv")"
  check_eq "$n-slices-header" "cpu,start_ns,end_ns,pid,tid,comm,prio,end_state,ready,ready_ns,waker,waker_comm,flags" "$(head -1 "$d/slices.csv")"
  check_eq "$n-intervals-header" "tid,pid,comm,state,start_ns,end_ns,dur_ns,cpu,reason,waker,waker_comm,detail" "$(head -1 "$d/intervals.csv")"
  check_eq "$n-tasks-header" "tid,pid,ppid,comm,path,created_as,fork_ns,exit_ns,exit_status,runs,run_ns,wait_ns,wait_max_ns,blocked_ns,vol_switches,invol_switches,migrations,wakeups" "$(head -1 "$d/tasks.csv")"
  check_ge "$n-has-events" 1 "$("$SCHEDSCOPE" info "$trace" | awk '$1=="events"{print $2}')"
  check_eq "$n-events-rows" "$("$SCHEDSCOPE" info "$trace" | awk '$1=="events"{print $2}')" "$(($(wc -l < "$d/events.csv") - 1))"
  # runs: every switch to a task, and the runs already going at the start
  want=$("$SCHEDSCOPE" dump --tsv --kind switch "$trace" | awk -F'\t' '!($2 in s) { s[$2] = 1; if ($4 != 0) n++ } $5 != 0 { n++ } END { print n }')
  check_eq "$n-slices-rows" "$want" "$(($(wc -l < "$d/slices.csv") - 1))"
  check_eq "$n-running-intervals" "$want" "$(awk -F, '$4=="running"' "$d/intervals.csv" | wc -l)"
  check_eq "$n-tasks-rows" "$("$SCHEDSCOPE" info "$trace" | awk '$1=="tasks"{print $4}')" "$(($(wc -l < "$d/tasks.csv") - 1))"
  for f in events slices intervals tasks; do
    # rows without quoted fields have exactly the header's commas
    got=$(awk -F, 'NR == 1 { w = NF; next } !/"/ && NF != w { bad++ } END { print bad + 0 }' "$d/$f.csv")
    check_zero "$n-$f-width" "$(($(wc -l < "$d/$f.csv") - 1))" "$got"
  done
  # intervals of a thread do not overlap, and leave no gap between runs. (A
  # thread that overlaps itself says whether the kernel left out a switch of
  # it, which the model then has to make up for: see the chain in
  # tests/tracer/test_record.sh.)
  got=$(sort -t, -k1,1n -k5,5n "$d/intervals.csv" | awk -F, 'NR > 1 { if ($1 == t && $5 < e) print $1, $3, $5; t = $1; e = $6 }')
  check_none "$n-intervals-no-overlap" "$(($(wc -l < "$d/intervals.csv") - 1))" "$(
    [ -z "$got" ] || "$SCHEDSCOPE" dump --tsv --kind switch "$trace" | awk -F'\t' '
      FNR == NR { split($0, f, " "); over[f[1]] = over[f[1]] " " f[2] " at " f[3]; next }
      { if (($2 in nxt) && nxt[$2] != $4) { hid[nxt[$2]] = 1; hid[$4] = 1 }; nxt[$2] = $5 }
      END { for (t in over) printf "tid %s (%s)%s; ", t, substr(over[t], 2),
              (t in hid) ? " [the kernel reported no switch of it somewhere]" : "" }' <(echo "$got") -)"
}

"$GEN_TRACE" "$T_TMP/g2.trace" 30000 2 8 > /dev/null
"$SCHEDSCOPE" export -q --format csv "$T_TMP/g2.trace" -o "$T_TMP/g2"
check_csv g2 "$T_TMP/g2.trace" "$T_TMP/g2"
# default directory name: FILE without .trace, then -csv
( cd "$T_TMP" && "$SCHEDSCOPE" export -q --format csv g2.trace )
check csv-default-dir [ -f "$T_TMP/g2-csv/tasks.csv" ]
# existing directory: files replaced, nothing else touched
touch "$T_TMP/g2/keep.txt"
"$SCHEDSCOPE" export -q --format csv "$T_TMP/g2.trace" -o "$T_TMP/g2"
check csv-rewrite-keeps-others [ -f "$T_TMP/g2/keep.txt" -a ! -e "$T_TMP/g2/events.csv.partial" ]

need_root rec-events-rows rec-slices-rows rec-tasks-rows || exit 0
if ! "$SCHEDSCOPE" run fork -o "$T_TMP/rec.trace" > "$T_TMP/rec.out" 2>&1; then
  fail rec-record "$(tail -3 "$T_TMP/rec.out" | tr '\n' '|')"; exit 0
fi
"$SCHEDSCOPE" export -q --format csv "$T_TMP/rec.trace" -o "$T_TMP/rec"
check_csv rec "$T_TMP/rec.trace" "$T_TMP/rec"
# the IPC reasons reach intervals.csv: the parent waits for its child
parent=$("$SCHEDSCOPE" info "$T_TMP/rec.trace" | awk '$1=="pid"{print $2}')
joins=$(awk -F, -v p="$parent" '$1==p && $4=="blocked" && $9=="join/wait"' "$T_TMP/rec/intervals.csv" | wc -l)
if [ "$joins" -ge 1 ]; then pass rec-blocked-reasons
elif [ "$(slept_in "$T_TMP/rec.trace" "$parent" wait4)" -eq 0 ]; then
  check_quiet rec-blocked-reasons "$(busy_others "$T_TMP/rec.trace")" test "the parent never slept in wait4" = ""
else fail rec-blocked-reasons "no join/wait interval of the parent $parent; its blocked ones: $(awk -F, -v p="$parent" '$1==p && $4=="blocked"' "$T_TMP/rec/intervals.csv" | tr '\n' '|')"; fi
