# The lessons as Perfetto's importer would show them: each scenario recorded,
# exported (compact, --no-compact, JSON) and read back with protoc and the
# importer's rules (pftrace_threads.awk): one thread per tid life, named as
# schedscope names it (after exec and renames), nothing named before its
# task_newtask; every signal with its flow; the channels --flows counted; a
# sleep still going at the end as a slice up to the end. The exec'ing
# command's golden (golden_exec.txtpb) is read the same way first (no root).
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/common.sh"

# --- the golden of an exec'ing command: what the importer makes of it ---
protoc --proto_path="$EXPORT_T" --encode=schedscope.perfetto.Trace "$SUBSET" \
  < "$EXPORT_T/golden_exec.txtpb" > "$T_TMP/golden.pftrace"
pf_threads "$T_TMP/golden.pftrace" > "$T_TMP/golden.threads"
check_eq golden-threads "199 schedscope tree|200 fork tree|201 child newtask" \
  "$(awk '$1=="thread"{print $3, $4, $5}' "$T_TMP/golden.threads" | sort -n | paste -sd '|')"
check_none golden-newtask-first "$(grep -c '^thread ' "$T_TMP/golden.threads")" "$(grep '^early' "$T_TMP/golden.threads")"

need_root lock-newtask-first lock-last-names lock-all-named lock-one-per-life lock-json-last-names \
  pool-newtask-first pool-last-names fork-rename-at-exec queue-signals-sent queue-channels \
  open-sleep-slice || exit 0

# check_scenario NAME [SCENARIO OPTIONS]
check_scenario() {
  local s=$1 tr=$T_TMP/$1.trace; shift
  if ! "$SCHEDSCOPE" run "$s" -q -o "$tr" -- "$@" > "$T_TMP/$s.out" 2>&1; then
    fail "$s-record" "$(tail -3 "$T_TMP/$s.out" | tr '\n' '|')"; return
  fi
  "$SCHEDSCOPE" export -q "$tr" -o "$T_TMP/$s.pftrace"
  "$SCHEDSCOPE" export -q --no-compact "$tr" -o "$T_TMP/$s-full.pftrace"
  "$SCHEDSCOPE" export -q --format json "$tr" -o "$T_TMP/$s.json"
  check_threads "$s" "$tr" "$T_TMP/$s.pftrace"
  check_threads "$s-full" "$tr" "$T_TMP/$s-full.pftrace"
  check_signals "$s" "$tr" "$T_TMP/$s.pftrace"
  check_channels "$s" "$tr" "$T_TMP/$s.pftrace"
  check_json_names "$s" "$tr" "$T_TMP/$s.json"
  check_json_signals "$s" "$tr" "$T_TMP/$s.json"
}

for s in lock pool queue fork distributed pipe; do
  check_scenario "$s"
done

# The whole system for a second: kernel threads, daemons, short-lived
# processes, threads whose process leader never ran. A loss can hide a fork
# (and so a thread's start): then the checks cannot hold, and say why.
"$SCHEDSCOPE" record -q --all --duration 1 -o "$T_TMP/all.trace" > /dev/null 2>&1
lost=$("$SCHEDSCOPE" info "$T_TMP/all.trace" 2>/dev/null | awk '/^lost/{print $2}')
if [ "${lost:-1}" = 0 ]; then
  "$SCHEDSCOPE" export -q "$T_TMP/all.trace" -o "$T_TMP/all.pftrace"
  check_threads all "$T_TMP/all.trace" "$T_TMP/all.pftrace"
  check_signals all "$T_TMP/all.trace" "$T_TMP/all.pftrace"
else
  skip all-threads "the --all recording lost ${lost:-?} events (a lost fork hides a thread's start)"
fi

# The fork scenario's command is launched as "schedscope" and execs: the
# rename at the exec names its main thread, in Perfetto and in JSON.
root=$("$SCHEDSCOPE" dump --tsv --kind exec "$T_TMP/fork.trace" | head -1 | cut -f4)
check_eq fork-rename-at-exec "$root fork" \
  "$(pf_raw "$T_TMP/fork.pftrace" | awk -v p="$root" '$4=="A" && $5==p {print $5, $6}')"
check_eq fork-main-thread "fork" "$(awk -v p="$root" '$1=="thread" && $3==p {print $4}' "$T_TMP/fork.threads")"
check_eq fork-json-main-thread "fork" \
  "$(jq -r --argjson p "$root" '.traceEvents[] | select(.ph=="M" and .name=="thread_name" and .tid==$p) | .args.name' "$T_TMP/fork.json")"
check_eq fork-json-process "fork" \
  "$(jq -r --argjson p "$root" '.traceEvents[] | select(.ph=="M" and .name=="process_name" and .pid==$p) | .args.name' "$T_TMP/fork.json")"
# the queue's reader is terminated: a signal sent and taken
check_ge queue-has-signals 1 "$(awk -F'\t' '$7=="sent"' "$T_TMP/queue.sig" | wc -l)"
check_ge queue-has-channels 1 "$(wc -l < "$T_TMP/queue.cwant")"

# A sleep still going when the recording stops: `sleep` outlives a 0.3 s
# recording. Its slice runs from its last switch out to the end of the
# recording, where the JSON export ends its Blocked interval too.
"$SCHEDSCOPE" record -q --duration 0.3 -o "$T_TMP/sl.trace" -- sleep 1 > /dev/null 2>&1
sp=$("$SCHEDSCOPE" dump --tsv --kind exec "$T_TMP/sl.trace" | awk -F'\t' '$6 ~ /sleep$/ {print $4; exit}')
"$SCHEDSCOPE" export -q "$T_TMP/sl.trace" -o "$T_TMP/sl.pftrace"
"$SCHEDSCOPE" export -q --format json "$T_TMP/sl.trace" -o "$T_TMP/sl.json"
out=$("$SCHEDSCOPE" dump --tsv --kind switch "$T_TMP/sl.trace" | awk -F'\t' -v p="$sp" '$4==p {t=$1} END{print t}')
end=$(jq -r --argjson p "${sp:-0}" '.traceEvents[] | select(.ph=="X" and .tid==$p and .args.note=="until the end of the recording") |
  "\(.ts) \(.dur)"' "$T_TMP/sl.json" | awk '{printf "%.0f\n", ($1 + $2) * 1000}')
check_eq open-sleep-slice "$out 1 sleep|$end 2 -" \
  "$(pf_events "$T_TMP/sl.pftrace" | awk -v p="$sp" '$3=="wait" && $4==p {print $1, $5, $8}' | tail -2 | paste -sd '|')"
check_threads sl "$T_TMP/sl.trace" "$T_TMP/sl.pftrace"
