# Helpers shared by tests/export/test_*.sh. Source it after tests/lib.sh.
EXPORT_T=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
GEN_TRACE=${GEN_TRACE:-$BUILD/bench/gen_trace}
SUBSET=$EXPORT_T/perfetto_subset.proto
export LC_ALL=C

# pf_decode FILE: the Perfetto file as text (our schema subset).
pf_decode() {
  protoc --proto_path="$EXPORT_T" --decode=schedscope.perfetto.Trace "$SUBSET" < "$1"
}

# pf_raw FILE: pftrace_events.awk's lines (the importer's order, per bundle).
pf_raw() {
  pf_decode "$1" | awk -f "$EXPORT_T/pftrace_events.awk"
}

# pf_events FILE: the events as Perfetto's importer reads them (compact sched
# inferred), in dump --tsv terms, sorted. See pftrace_infer.awk.
pf_events() {
  pf_raw "$1" | sort -k1,1 -k2,2n -k3,3n | awk -f "$EXPORT_T/pftrace_infer.awk"
}

# dump_events TRACE: the trace's own events in the same terms, sorted.
dump_events() {
  "$SCHEDSCOPE" dump --tsv "$1" | awk -F'\t' '
    $3 == "switch" { print $1, $2, $3, $4, $5, $6; next }
    $3 == "waking" || $3 == "wakeup_new" || $3 == "migrate" || $3 == "fork" { print $1, $2, $3, $4, $5, $6; next }
    $3 == "exec" { print $1, $2, $3, $4, $5; next }
    $3 == "exit" { print $1, $2, $3, $4; next }
    $3 == "lost" { print $2, "lost"; next }
    $3 == "marker" { n = $5; sub(/.*:/, "", n); print $1, "-", "marker", $4, n }'
}

# repairs_expected TRACE: the switches the exporter adds where the trace's
# chain breaks (a switch whose prev is not what the CPU's previous switch put
# there: events lost, or never recorded): "cur -> prev" in state R, at once.
repairs_expected() {
  "$SCHEDSCOPE" dump --tsv --kind switch "$1" | awk -F'\t' '
    { if (($2 in nxt) && nxt[$2] != $4) print $1, $2, "switch", nxt[$2], $4, "R"; nxt[$2] = $5 }'
}

# The kinds that both sides list (the Perfetto side adds newtask, free, rename).
comparable() { grep -v -e '^name ' -e ' newtask ' -e ' free ' -e ' rename ' -e '^[0-9]* - \(wait\|signal\|channel\|interrupts\) ' | sort; }

# dump_names TRACE: "tid name" for every tid that `schedscope dump` shows, with
# the name it shows for it last (spaces written \040, as pftrace_events.awk
# does). The text and --tsv dumps list the same events line by line: the
# tsv gives the pids, the text the names before ":pid".
dump_names() {
  paste -d '\n' <("$SCHEDSCOPE" dump --tsv "$1") <("$SCHEDSCOPE" dump "$1") | awk -F'\t' '
    function put(tid, text, after, before,   i, s) {
      if (tid == 0) return
      if (after != "") { i = index(text, after); if (!i) return; text = substr(text, i + length(after)) }
      i = index(text, ":" tid before); if (i < 2) return
      s = substr(text, 1, i - 1); gsub(/ /, "\\040", s); last[tid] = s
    }
    NR % 2 == 1 { n = split($0, f, "\t"); next }
    f[3] == "lost" { next }
    { t = substr($0, 33); put(f[4], t, "", " ")
      if (f[3] == "switch") put(f[5], t, " ==> ", " [")
      else if (f[3] == "waking" || f[3] == "wakeup_new") put(f[5], t, " wakes ", " on cpu")
      else if (f[3] == "fork") put(f[5], t, " forks ", " (") }
    END { for (t in last) print t, last[t] }' | sort -n
}

# pf_threads FILE: the thread table Perfetto's importer makes of an export
# (pftrace_threads.awk): "early ..." and "thread ..." lines.
pf_threads() {
  pf_raw "$1" | sort -k2,2n -k1,1 -k3,3n | awk -f "$EXPORT_T/pftrace_threads.awk"
}

# dump_lives TRACE: "tid lives" for every tid dump shows: one life per fork
# that creates it, plus one if it was there before (seen before its first fork).
dump_lives() {
  "$SCHEDSCOPE" dump --tsv "$1" | awk -F'\t' '
    function see(t) { if (t != 0 && !(t in lives)) lives[t] = 1 }
    $3 == "fork" { if (!($5 in lives)) lives[$5] = 0; lives[$5]++; see($4); next }
    $3 == "lost" { next }
    { see($4); if ($3 == "switch" || $3 == "waking" || $3 == "wakeup_new") see($5)
      if ($3 == "signal" && $7 == "sent") see($5) }
    END { for (t in lives) print t, lives[t] }' | sort -n
}

# check_threads NAME TRACE PFTRACE: the thread table Perfetto's importer makes
# of the export (pftrace_threads.awk) against what schedscope shows:
#   NAME-newtask-first   no tid is named before its task_newtask (the
#                        importer would make a second, empty thread of it);
#   NAME-one-per-life    one thread per tid life (per fork, and one for a tid
#                        that was there before), for every tid dump shows;
#   NAME-last-names      each tid's name is the name dump shows for it last;
#   NAME-all-named       every thread has a name, except a process's main
#                        thread that the trace never saw (it only appears as
#                        the tgid of threads it did see: no ProcessTree thread,
#                        no event names it).
check_threads() {
  local n=$1 trace=$2 pf=$3 th=$T_TMP/$1.threads raw=$T_TMP/$1.tr
  pf_raw "$pf" > "$raw"
  sort -k2,2n -k1,1 -k3,3n "$raw" | awk -f "$EXPORT_T/pftrace_threads.awk" > "$th"
  dump_names "$trace" > "$T_TMP/$n.dnames"
  dump_lives "$trace" > "$T_TMP/$n.dlives"
  local nthreads
  nthreads=$(grep -c '^thread ' "$th")
  check_none "$n-newtask-first" "$nthreads" "$(awk '$1=="early"{printf "%s(%s at %s, newtask at %s) ", $2, $3, $4, $5}' "$th")"
  check_none "$n-one-per-life" "$(grep -c . "$T_TMP/$n.dlives")" "$(awk 'FNR==NR{lives[$1]=$2; next} $1=="thread"{n[$3]++}
    END{for (t in n) if (n[t] != ((t in lives) ? lives[t] : 1)) printf "%s:%d/%d ", t, n[t], (t in lives) ? lives[t] : 1}' \
    "$T_TMP/$n.dlives" "$th")"
  check_none "$n-last-names" "$nthreads" "$(awk 'FNR==NR{want[$1]=$2; next} $1=="thread"{got[$3]=$4}
    END{for (t in got) if ((t in want) && want[t] != got[t]) printf "%s:%s/%s ", t, got[t], want[t]}' \
    "$T_TMP/$n.dnames" "$th")"
  check_ge "$n-names-compared" 3 "$(awk 'FNR==NR{want[$1]; next} $1=="thread" && ($3 in want)' "$T_TMP/$n.dnames" "$th" | wc -l)"
  check_none "$n-all-named" "$nthreads" "$(awk 'FILENAME==ARGV[1]{shown[$1]; next}
    $1=="-" && $4=="T"{listed[$5]; tgid[$6]; next} FILENAME==ARGV[2]{next}
    $1=="thread" && $4=="-" && (($3 in shown) || ($3 in listed) || !($3 in tgid)){printf "%s ", $3}' \
    "$T_TMP/$n.dnames" "$raw" "$th")"
}

# check_signals NAME TRACE PFTRACE: every signal of the trace is in the export
# (signal_generate: time, sender, target, signal, result; signal_deliver: time,
# receiver, signal), with an instant on the receiver's thread and, from a
# sender that is a thread, one on the sender's and a flow between them.
check_signals() {
  local n=$1 trace=$2 pf=$3 raw=$T_TMP/$1.sr inf=$T_TMP/$1.si
  pf_raw "$pf" > "$raw"
  sort -k1,1 -k2,2n -k3,3n "$raw" | awk -f "$EXPORT_T/pftrace_infer.awk" > "$inf"
  "$SCHEDSCOPE" dump --tsv --kind signal "$trace" > "$T_TMP/$n.sig"
  local seen; seen=$(grep -c . "$raw")
  check_same "$n-signals-sent" "$seen" "$(awk -F'\t' '$7=="sent"{print $1, $4, $5, $6, $8}' "$T_TMP/$n.sig" | sort)" \
    "$(awk '$4=="G"{print $2, $5, $6, $7, $8}' "$raw" | sort)"
  check_same "$n-signals-delivered" "$seen" "$(awk -F'\t' '$7=="delivered"{print $1, $4, $6}' "$T_TMP/$n.sig" | sort)" \
    "$(awk '$4=="V"{print $2, $5, $6}' "$raw" | sort)"
  check_same "$n-signal-receivers" "$seen" "$(awk -F'\t' '$7=="sent"{print $1, $5}' "$T_TMP/$n.sig" | sort)" \
    "$(awk '$3=="signal" && $0 ~ / from /{print $1, $4}' "$inf" | sort)"
  check_same "$n-signal-senders" "$seen" "$(awk -F'\t' '$7=="sent" && $4 != 0 {print $1, $4}' "$T_TMP/$n.sig" | sort)" \
    "$(awk '$3=="signal" && $0 ~ / sends /{print $1, $4}' "$inf" | sort)"
  # a flow from each sender's instant to its receiver's, at the same time
  check_same "$n-signal-flows" "$seen" "$(awk -F'\t' '$7=="sent" && $4 != 0 {print $1}' "$T_TMP/$n.sig" | sort | paste -sd ' ')" \
    "$(awk '$3=="signal" && $6!="-"{start[$6]=$1} $3=="signal" && $7!="-"{end[$7]=$1}
      END{for (f in start) if (end[f] == start[f]) print start[f]}' "$inf" | sort | paste -sd ' ')"
}

# check_channels NAME TRACE PFTRACE: the channels `schedscope flows` lists,
# with their writers and readers, are the export's channel tracks and slices.
check_channels() {
  local n=$1 trace=$2 pf=$3 raw=$T_TMP/$1.cr
  pf_raw "$pf" > "$raw"
  # flows says "writer TID wrote ..." for a pipe, "NAME TID sent|received ..."
  # for a socket; a channel's line may go on after ": " with who connected
  "$SCHEDSCOPE" flows "$trace" | awk '
    /^Channels/ { on = 1; next } /^$/ { on = 0 } !on || /^  none/ { next }
    /^    / {
      if ($1 == "writer" || $1 == "reader") { role = $1 }
      else { role = ($3 == "sent" || $3 == "wrote" || $3 == "queued") ? "writer" : "reader" }
      print chan "|" role "|" $2; next }
    /^  / { chan = substr($0, 3); i = index(chan, ": "); if (i) chan = substr(chan, 1, i - 1) }' |
    sort > "$T_TMP/$n.cwant"
  sort -k1,1 -k2,2n -k3,3n "$raw" | awk -f "$EXPORT_T/pftrace_infer.awk" |
    awk 'FNR==NR { if ($4 == "D" && $6 == "-") { nm = $8; gsub(/\\040/, " ", nm); chan[$5] = nm } next }
      $3 == "channel" && $5 == 1 { print chan[$4] "|" $8 "|" $NF }' "$raw" - | sort > "$T_TMP/$n.cgot"
  check_same "$n-channels" "$(grep -c . "$raw")" "$(cat "$T_TMP/$n.cwant")" "$(cat "$T_TMP/$n.cgot")"
}

# check_json_names NAME TRACE JSON: each thread's thread_name is the name dump
# shows for it last (after exec and renames); each process is named too.
check_json_names() {
  local n=$1 trace=$2 js=$3
  dump_names "$trace" > "$T_TMP/$n.jnames"
  jq -r '.traceEvents[] | select(.ph=="M" and .name=="thread_name" and .pid < 4194305) | "\(.tid) \(.args.name)"' "$js" |
    sed 's/ /\\040/g; s/\\040/ /' > "$T_TMP/$n.jgot"
  check_none "$n-json-last-names" "$(grep -c . "$T_TMP/$n.jgot")" "$(awk 'FNR==NR{want[$1]=$2; next} ($1 in want) && want[$1] != $2 {printf "%s:%s/%s ", $1, $2, want[$1]}' \
    "$T_TMP/$n.jnames" "$T_TMP/$n.jgot")"
  check_ge "$n-json-names-compared" 3 "$(awk 'FNR==NR{want[$1]; next} ($1 in want)' "$T_TMP/$n.jnames" "$T_TMP/$n.jgot" | wc -l)"
}

# check_json_signals NAME TRACE JSON: every signal sent is an instant on the
# receiver's lane ("SIG.. from") and, from a thread, on the sender's ("sends"),
# with a flow between them at that time; every one taken, an instant "takes".
check_json_signals() {
  local n=$1 trace=$2 js=$3
  "$SCHEDSCOPE" dump --tsv --kind signal "$trace" > "$T_TMP/$n.jsig"
  local seen; seen=$(jq '.traceEvents | length' "$js")
  check_same "$n-json-signal-receivers" "$seen" "$(awk -F'\t' '$7=="sent"{printf "%.0f %s\n", $1, $5}' "$T_TMP/$n.jsig" | sort)" \
    "$(jq -r '.traceEvents[] | select(.ph=="i" and .cat=="signal" and (.name | test(" from "))) | "\(.ts) \(.tid)"' "$js" |
      awk '{printf "%.0f %s\n", $1 * 1000, $2}' | sort)"
  check_same "$n-json-signal-senders" "$seen" "$(awk -F'\t' '$7=="sent" && $4 != 0 {printf "%.0f %s\n", $1, $4}' "$T_TMP/$n.jsig" | sort)" \
    "$(jq -r '.traceEvents[] | select(.ph=="i" and .cat=="signal" and (.name | startswith("sends "))) | "\(.ts) \(.tid)"' "$js" |
      awk '{printf "%.0f %s\n", $1 * 1000, $2}' | sort)"
  check_same "$n-json-signals-taken" "$seen" "$(awk -F'\t' '$7=="delivered"{printf "%.0f %s\n", $1, $4}' "$T_TMP/$n.jsig" | sort)" \
    "$(jq -r '.traceEvents[] | select(.ph=="i" and .cat=="signal" and (.name | startswith("takes "))) | "\(.ts) \(.tid)"' "$js" |
      awk '{printf "%.0f %s\n", $1 * 1000, $2}' | sort)"
  check_same "$n-json-signal-flows" "$seen" "$(awk -F'\t' '$7=="sent" && $4 != 0 {printf "%.0f %s %s\n", $1, $4, $5}' "$T_TMP/$n.jsig" | sort)" \
    "$(jq -r '[.traceEvents[] | select((.ph=="s" or .ph=="f") and .cat=="signal")] | group_by(.id)[] |
      select(length == 2) | "\(.[0].ts) \((.[] | select(.ph=="s")).tid) \((.[] | select(.ph=="f")).tid)"' "$js" |
      awk '{printf "%.0f %s %s\n", $1 * 1000, $2, $3}' | sort)"
}
