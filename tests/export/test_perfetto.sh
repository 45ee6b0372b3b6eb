# The Perfetto export, decoded with protoc and read the way Perfetto's importer
# reads it: packet structure, byte-exact round trip, and every switch, waking
# (with its waker), fork, exit, migration and marker of the trace, per CPU.
# Synthetic traces first (no root), then a real recording (root).
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/common.sh"

# check_export NAME TRACE PFTRACE: the checks every export must pass.
check_export() {
  local n=$1 trace=$2 pf=$3 txt=$T_TMP/$1.txt raw=$T_TMP/$1.raw
  if ! pf_decode "$pf" > "$txt" 2> "$T_TMP/$n.err"; then
    fail "$n-decodes" "$(head -c 300 "$T_TMP/$n.err")"; return
  fi
  pass "$n-decodes"
  # canonical bytes: protoc writes back exactly what we wrote
  protoc --proto_path="$EXPORT_T" --encode=schedscope.perfetto.Trace "$SUBSET" < "$txt" > "$T_TMP/$n.re"
  check "$n-roundtrip" cmp -s "$pf" "$T_TMP/$n.re"

  awk -f "$EXPORT_T/pftrace_events.awk" "$txt" > "$raw"
  # structure: SystemInfo first, one sequence for all, names before ftrace
  local first packets seqs
  first=$(awk '/^packet \{/{n++} n==1 && /system_info \{/{print "yes"; exit}' "$txt")
  check_eq "$n-sysinfo-first" yes "$first"
  check_eq "$n-release" "$("$SCHEDSCOPE" info "$trace" | awk '$1=="host"{print $4}')" \
    "$(awk '$4=="I" && $5=="release"{print $6}' "$raw")"
  packets=$(awk '$4=="I" && $5=="packets"{print $6}' "$raw")
  seqs=$(awk '$4=="I" && $5=="seq" && $6==1' "$raw" | wc -l)
  check_ge "$n-has-packets" 3 "$packets"
  check_eq "$n-one-sequence" "$packets" "$seqs"
  check_eq "$n-tree-before-ftrace" "tree before ftrace" "$(awk '/^packet \{/{p++} /process_tree \{/ && !t{t=p} /ftrace_events \{/ && !f{f=p}
    END{print (!t ? "no process tree" : !f ? "no ftrace events" : t < f ? "tree before ftrace" : "tree after ftrace")}' "$txt")"

  # the events, as the importer infers them, against the trace's own
  sort -k1,1 -k2,2n -k3,3n "$raw" | awk -f "$EXPORT_T/pftrace_infer.awk" > "$T_TMP/$n.inferred"
  comparable < "$T_TMP/$n.inferred" > "$T_TMP/$n.pf"
  { dump_events "$trace"; repairs_expected "$trace"; } | sort > "$T_TMP/$n.dump"
  check_ge "$n-has-events" 1 "$(wc -l < "$T_TMP/$n.dump")"
  if cmp -s "$T_TMP/$n.dump" "$T_TMP/$n.pf"; then pass "$n-same-events"
  else fail "$n-same-events" "$(diff "$T_TMP/$n.dump" "$T_TMP/$n.pf" | head -5 | tr '\n' '|')"; fi
  local c want got
  # switches per CPU: the trace's, plus one repair per break in its chain
  repairs_expected "$trace" > "$T_TMP/$n.repairs"
  # (every CPU of the trace has switches: the loop below covers them all)
  check_eq "$n-switches-on-every-cpu" "$(seq 0 $(($("$SCHEDSCOPE" info "$trace" | awk '$1=="cpus"{print $2}') - 1)) | tr '\n' ' ')" \
    "$(awk '$3=="switch"{print $2}' "$T_TMP/$n.dump" | sort -un | tr '\n' ' ')"
  for c in $(awk '$3=="switch"{print $2}' "$T_TMP/$n.dump" | sort -u); do
    want=$("$SCHEDSCOPE" dump --tsv --kind switch --cpu "$c" "$trace" | wc -l)
    got=$(awk -v c="$c" '$2==c && $3=="switch"' "$T_TMP/$n.pf" | wc -l)
    got=$((got - $(awk -v c="$c" '$2==c' "$T_TMP/$n.repairs" | wc -l)))
    check_eq "$n-switches-cpu$c" "$want" "$got"
  done
  want=$(awk '$3=="waking"{print $1, $4, $5}' "$T_TMP/$n.dump" | sort)
  got=$(awk '$3=="waking"{print $1, $4, $5}' "$T_TMP/$n.pf" | sort)
  check_ge "$n-has-wakings" 1 "$(count "$want")"
  check_eq "$n-waker-is-pid" "$(md5sum <<<"$want")" "$(md5sum <<<"$got")"
  check_zero "$n-nothing-dropped" "$(wc -l < "$T_TMP/$n.inferred")" "$(grep -c dropped "$T_TMP/$n.inferred")"
  # every thread in a switch is named by us (ProcessTree, task_newtask, task_rename),
  # unless the trace itself does not know it (its task record was lost: "?")
  local unnamed
  "$SCHEDSCOPE" dump --kind switch "$trace" | grep -o '?:[0-9]*' | sed 's/?:/unknown /' | sort -u > "$T_TMP/$n.unknown"
  unnamed=$(awk '$1=="unknown"{named[$2]=1; next} $1=="name"{named[$2]=1; next} $3=="switch"{if ($4 != 0) use[$4]=1; if ($5 != 0) use[$5]=1}
    END{for (t in use) if (!(t in named)) printf "%s ", t}' "$T_TMP/$n.unknown" "$T_TMP/$n.inferred")
  check_none "$n-every-tid-named" "$(awk '$3=="switch"{if ($4 != 0) print $4; if ($5 != 0) print $5}' "$T_TMP/$n.inferred" | sort -u | wc -l)" "$unnamed"
  # sleeps: as many ends as begins on every thread; every flow starts once and
  # ends once. Only a recording has explained sleeps (gen_trace writes no
  # block records): then there must be some, else none.
  local sleepers flows blocks
  blocks=$("$SCHEDSCOPE" dump --tsv --kind block "$trace" | wc -l)
  sleepers=$(awk '$3=="wait" && $5==1 {print $4}' "$T_TMP/$n.inferred" | sort -u | wc -l)
  if [ "$blocks" -eq 0 ]; then
    check_eq "$n-no-sleeps-invented" "0 sleepers" "$sleepers sleepers"
    return
  fi
  check_none "$n-sleeps-balanced" "$sleepers" "$(awk '$3=="wait" && $5==1 {b[$4]++} $3=="wait" && $5==2 {e[$4]++}
    END {for (t in b) if (b[t] != e[t]) printf "%s ", t; for (t in e) if (!(t in b)) printf "%s ", t}' "$T_TMP/$n.inferred")"
  flows=$(awk '$3=="wait" && $6!="-"{print $6}' "$T_TMP/$n.inferred" | sort | uniq -c | awk '$1==1' | wc -l)
  check_ge "$n-has-flows" 1 "$flows"
  check_eq "$n-flows-pair" "$flows" \
    "$(awk '$3=="wait" && $7!="-"{print $7}' "$T_TMP/$n.inferred" | sort | uniq -c | awk '$1==1' | wc -l)"
  check_none "$n-flows-match" "$flows" "$(diff <(awk '$3=="wait" && $6!="-"{print $6}' "$T_TMP/$n.inferred" | sort) \
    <(awk '$3=="wait" && $7!="-"{print $7}' "$T_TMP/$n.inferred" | sort))"
}

# --- synthetic (bench/gen_trace): 2 and 4 CPUs ---
"$GEN_TRACE" "$T_TMP/g2.trace" 30000 2 8 > /dev/null
"$GEN_TRACE" "$T_TMP/g4.trace" 30000 4 12 > /dev/null
for g in g2 g4; do
  "$SCHEDSCOPE" export -q "$T_TMP/$g.trace" -o "$T_TMP/$g.pftrace"
  check_export "$g" "$T_TMP/$g.trace" "$T_TMP/$g.pftrace"
done

# --no-compact: plain events, the same events
"$SCHEDSCOPE" export -q --no-compact "$T_TMP/g2.trace" -o "$T_TMP/g2full.pftrace"
check_export g2full "$T_TMP/g2.trace" "$T_TMP/g2full.pftrace"
check_zero no-compact-has-no-compact "$(grep -c '^packet {' "$T_TMP/g2full.txt")" "$(grep -c compact_sched "$T_TMP/g2full.txt")"
check_ge compact-has-compact 1 "$(grep -c compact_sched "$T_TMP/g2.txt")"
check no-compact-same-as-compact cmp -s "$T_TMP/g2.inferred" "$T_TMP/g2full.inferred"

# size: at most 1.5x the trace file
"$GEN_TRACE" "$T_TMP/g200k.trace" 200000 > /dev/null
"$SCHEDSCOPE" export -q "$T_TMP/g200k.trace" -o "$T_TMP/g200k.pftrace"
in_b=$(stat -c %s "$T_TMP/g200k.trace"); out_b=$(stat -c %s "$T_TMP/g200k.pftrace")
check size-at-most-1.5x [ $((out_b * 2)) -le $((in_b * 3)) ]

# --window: exactly the events inside, every CPU's first switch kept (in full)
start=$("$SCHEDSCOPE" dump --tsv "$T_TMP/g2.trace" | head -1 | cut -f1)
"$SCHEDSCOPE" export -q --window 50ms,100ms "$T_TMP/g2.trace" -o "$T_TMP/gw.pftrace"
pf_events "$T_TMP/gw.pftrace" > "$T_TMP/gw.inferred"
comparable < "$T_TMP/gw.inferred" > "$T_TMP/gw.pf"
# the header's start is 1 s in gen_trace's traces
dump_events "$T_TMP/g2.trace" | awk '$1 >= 1050000000 && $1 <= 1100000000 || $2 == "lost"' | sort > "$T_TMP/gw.dump"
check_ge window-has-events 1 "$(wc -l < "$T_TMP/gw.dump")"
check window-same-events cmp -s "$T_TMP/gw.dump" "$T_TMP/gw.pf"
check_zero window-nothing-dropped "$(wc -l < "$T_TMP/gw.inferred")" "$(grep -c dropped "$T_TMP/gw.inferred")"

# --pid: the thread's switches and wakings all there, nothing that does not name it
p=1003
"$SCHEDSCOPE" export -q --pid $p "$T_TMP/g2.trace" -o "$T_TMP/gp.pftrace"
pf_events "$T_TMP/gp.pftrace" > "$T_TMP/gp.inferred"
dump_events "$T_TMP/g2.trace" | awk -v p=$p '($3=="switch" || $3=="waking") && ($4==p || $5==p)' | sort > "$T_TMP/gp.want"
comm -23 "$T_TMP/gp.want" <(sort "$T_TMP/gp.inferred") > "$T_TMP/gp.missing"
check_zero pid-all-its-events "$(wc -l < "$T_TMP/gp.want")" "$(wc -l < "$T_TMP/gp.missing")"
check_zero pid-only-its-wakings "$(awk '$3=="waking"' "$T_TMP/gp.inferred" | wc -l)" \
  "$(awk -v p=$p '$3=="waking" && $4!=p && $5!=p' "$T_TMP/gp.inferred" | wc -l)"
# others appear only next to it: a switch between two of them is at most each
# CPU's first one (where the neighbour's run began, written in full)
check pid-others-only-at-edges [ "$(awk -v p=$p '$3=="switch" && $4!=p && $5!=p && $4!=0 && $5!=0' "$T_TMP/gp.inferred" | wc -l)" -le 2 ]
check_zero pid-nothing-dropped "$(wc -l < "$T_TMP/gp.inferred")" "$(grep -c dropped "$T_TMP/gp.inferred")"

# --- a real recording ---
need_root rec-decodes rec-roundtrip rec-sysinfo-first rec-same-events rec-waker-is-pid \
  rec-every-tid-named rec-nocompact-same rec-parent-waits-for-child rec-lost rec-lost-events || exit 0
if ! "$SCHEDSCOPE" run fork -o "$T_TMP/rec.trace" > "$T_TMP/rec.out" 2>&1; then
  fail rec-record "$(tail -3 "$T_TMP/rec.out" | tr '\n' '|')"; exit 0
fi
"$SCHEDSCOPE" export -q "$T_TMP/rec.trace" -o "$T_TMP/rec.pftrace"
check_export rec "$T_TMP/rec.trace" "$T_TMP/rec.pftrace"
"$SCHEDSCOPE" export -q --no-compact "$T_TMP/rec.trace" -o "$T_TMP/recfull.pftrace"
pf_events "$T_TMP/recfull.pftrace" > "$T_TMP/recfull.inferred"
check rec-nocompact-same cmp -s "$T_TMP/rec.inferred" "$T_TMP/recfull.inferred"
check_ge rec-markers 1 "$(grep -c ' marker ' "$T_TMP/rec.pf")"
# why the parent waited: a join/wait sleep on its track, woken by the child, with an arrow
# (a parent kept off the CPUs for the child's 500 ms finds it exited and never sleeps)
parent=$("$SCHEDSCOPE" dump --tsv --kind fork "$T_TMP/rec.trace" | head -1 | cut -f4)
if [ "$(slept_in "$T_TMP/rec.trace" "$parent" wait4)" -ge 1 ]; then
  check_ge rec-parent-waits-for-child 1 "$(awk -v p="$parent" '$3=="wait" && $4==p && $5==1 && / join/' "$T_TMP/rec.inferred" | wc -l)"
  check_ge rec-child-wakes-parent 1 "$(awk -v p="$parent" '$3=="wait" && $5==3 && $6!="-" && $0 ~ ("wakes .* " p "$")' "$T_TMP/rec.inferred" | wc -l)"
else
  others=$(busy_others "$T_TMP/rec.trace")
  check_quiet rec-parent-waits-for-child "$others" test "the parent ${parent:-?} never slept in wait4" = ""
  check_quiet rec-child-wakes-parent "$others" test "the parent ${parent:-?} never slept in wait4" = ""
fi

# losses: a 1 MiB ring buffer whose reader is stopped while two processes
# ping-pong 60000 switches: the kernel side must drop records. The command
# recorded with --all starts only once the programs are attached, so its
# first file says when to stop the reader; the second ends the recording.
"$SCHEDSCOPE" record -q --all --buffer 1 -o "$T_TMP/lost.trace" -- \
  sh -c 'touch "$1"; while [ ! -e "$2" ]; do sleep 0.05; done' sh "$T_TMP/attached" "$T_TMP/done" > /dev/null 2>&1 &
rp=$!
while [ ! -e "$T_TMP/attached" ] && kill -0 $rp 2>/dev/null; do sleep 0.05; done
kill -STOP $rp
"$BUILD/tests/helpers/pingpong" 30000 > /dev/null
kill -CONT $rp
touch "$T_TMP/done"
wait $rp
lost=$("$SCHEDSCOPE" info "$T_TMP/lost.trace" | awk '/^lost /{print $2}')
check_ge rec-lost 1 "$lost"
"$SCHEDSCOPE" export -q "$T_TMP/lost.trace" -o "$T_TMP/lost.pftrace"
want=$("$SCHEDSCOPE" dump --tsv --kind lost "$T_TMP/lost.trace" | cut -f2 | sort | uniq -c | tr -s ' \n' ' ')
got=$(pf_raw "$T_TMP/lost.pftrace" | awk '$4=="L"{print $1}' | sort | uniq -c | tr -s ' \n' ' ')
check_eq rec-lost-events "$want" "$got"
check_export lost "$T_TMP/lost.trace" "$T_TMP/lost.pftrace"
