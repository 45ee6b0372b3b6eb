# One recording, three formats: the fork scenario's fork and exit appear in
# the Perfetto, JSON and CSV exports with the same pids and the same times.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/common.sh"

need_root fork-recorded exits-recorded fork-in-perfetto exit-in-perfetto fork-in-json exit-in-json fork-in-csv exit-in-csv \
  lifetime-in-perfetto || exit 0
if ! "$SCHEDSCOPE" run fork -o "$T_TMP/f.trace" > "$T_TMP/f.out" 2>&1; then
  fail fork-record "$(tail -3 "$T_TMP/f.out" | tr '\n' '|')"; exit 0
fi
"$SCHEDSCOPE" dump --tsv "$T_TMP/f.trace" > "$T_TMP/f.tsv"
# sorted: the Perfetto side comes per CPU
forks=$(awk -F'\t' '$3=="fork"{print $1, $4, $5}' "$T_TMP/f.tsv" | sort)    # ts parent child
exits=$(awk -F'\t' '$3=="exit"{print $1, $4}' "$T_TMP/f.tsv" | sort)        # ts pid
# the scenario forks one child, which prints its pid; both exit
main=$("$SCHEDSCOPE" info "$T_TMP/f.trace" | awk '$1=="pid"{print $2}')
child=$(sed -n 's/^I am child process (\([0-9]*\)) .*/\1/p' "$T_TMP/f.out")
check_eq fork-recorded "$(words "$main" "$child")" "$(awk '{print $2, $3}' <<<"$forks")"
check_eq exits-recorded "$(words "$child" "$main")" "$(awk '{print $2}' <<<"$exits" | tr '\n' ' ' | sed 's/ $//')"

"$SCHEDSCOPE" export -q "$T_TMP/f.trace" -o "$T_TMP/f.pftrace"
"$SCHEDSCOPE" export -q --format json "$T_TMP/f.trace" -o "$T_TMP/f.json"
"$SCHEDSCOPE" export -q --format csv "$T_TMP/f.trace" -o "$T_TMP/f-csv"

pf_events "$T_TMP/f.pftrace" > "$T_TMP/f.pf"
check_eq fork-in-perfetto "$forks" "$(awk '$1!="name" && $3=="fork"{print $1, $4, $5}' "$T_TMP/f.pf" | sort)"
check_eq exit-in-perfetto "$exits" "$(awk '$1!="name" && $3=="exit"{print $1, $4}' "$T_TMP/f.pf" | sort)"
# the child's life: created by task_newtask at the fork, freed after its last switch
newtask=$(awk -v c="$child" '$3=="newtask" && $4==c {print $1}' "$T_TMP/f.pf")
free=$(awk -v c="$child" '$3=="free" && $4==c {print $1}' "$T_TMP/f.pf")
last_out=$(awk -F'\t' -v c="$child" '$3=="switch" && $4==c {t=$1} END{print t}' "$T_TMP/f.tsv")
check_eq lifetime-in-perfetto "$(words "$(awk 'NR==1{print $1}' <<<"$forks")" "$last_out")" "$newtask $free"

# JSON: instants on the parent's and the child's lanes, in microseconds
got=$(jq -r '.traceEvents[] | select(.ph=="i" and .cat=="fork") | "\(.ts) \(.tid) \(.args.child)"' "$T_TMP/f.json" |
  awk '{ printf "%.0f %s %s\n", $1 * 1000, $2, $3 }' | sort)
check_eq fork-in-json "$forks" "$got"
got=$(jq -r '.traceEvents[] | select(.ph=="i" and .cat=="exit") | "\(.ts) \(.tid)"' "$T_TMP/f.json" |
  awk '{ printf "%.0f %s\n", $1 * 1000, $2 }' | sort)
check_eq exit-in-json "$exits" "$got"

# CSV: the rows of events.csv, and the child's row in tasks.csv
check_eq fork-in-csv "$forks" "$(awk -F, '$3=="fork"{print $1, $4, $6}' "$T_TMP/f-csv/events.csv" | sort)"
check_eq exit-in-csv "$exits" "$(awk -F, '$3=="exit"{print $1, $4}' "$T_TMP/f-csv/events.csv" | sort)"
check_eq fork-in-tasks-csv "$(words $(awk 'NR==1{print $1, $3}' <<<"$forks"))" \
  "$(awk -F, -v c="$child" '$1==c {print $7, $1}' "$T_TMP/f-csv/tasks.csv")"
check_eq exit-in-tasks-csv "$(awk -v c="$child" '$2==c{print $1}' <<<"$exits")" \
  "$(awk -F, -v c="$child" '$1==c {print $8}' "$T_TMP/f-csv/tasks.csv")"
