# The stacks threads blocked in, as Perfetto's native callstacks: on real
# recordings (lock, queue; `run` records stacks), the export decoded with
# protoc and our schema subset, its callstack tables followed as the importer
# does (pftrace_stacks.awk), against what `why --tsv` and `dump --tsv` say:
#   -interning  every iid defined once on the sequence, before (or in) the
#               packet that uses it; no string, frame or callstack twice;
#               the sequence cleared first, each user saying it needs it
#   -samples    one PerfSample per blocked interval that has a stack, at the
#               moment it blocked, on its thread (time and tid)
#   -cpu        on the CPU of the switch that took it off (dump --tsv)
#   -pid        its process: the thread's tgid, as why's tree gives it
#   -names      the sample's frames name the functions why names for that
#               wait, in the same order, innermost first
# and, for the lock scenario, that every wait for the lock names
# lock_acquire then run_thread. A trace recorded without stacks (the
# reference lock.trace) has no samples, and needs no root.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/common.sh"

# pf_stacks PFTRACE: pftrace_stacks.awk's lines ("S ..." per sample, "E ..." per fault).
pf_stacks() { pf_decode "$1" | awk -f "$EXPORT_T/pftrace_stacks.awk"; }

pf_stacks_plain=$T_TMP/plain.stacks
"$SCHEDSCOPE" export -q "$TOP/traces/lock.trace" -o "$T_TMP/plain.pftrace"
pf_stacks "$T_TMP/plain.pftrace" > "$pf_stacks_plain"
check_zero pfstacks-none-without-stacks "$(pf_decode "$T_TMP/plain.pftrace" | grep -c '^packet {')" \
  "$(grep -c . "$pf_stacks_plain")"

need_root pfstacks-lock-interning pfstacks-lock-samples pfstacks-lock-cpu pfstacks-lock-pid \
  pfstacks-lock-names pfstacks-lock-waiter pfstacks-queue-interning pfstacks-queue-samples \
  pfstacks-queue-cpu pfstacks-queue-pid pfstacks-queue-names || exit 0

# stack_waits TRACE: "start_ns tid pid reason names" for every blocked interval
# that why tells with a stack; names are the functions of its sentence before
# the waker's part, innermost first, ";"-joined (an address, for a frame
# without a symbol, as "-": the sample leaves its name to its mapping).
stack_waits() {
  local trace=$1 name tid pid
  "$SCHEDSCOPE" why "$trace" 2>&1 |
    sed -n 's/^ *[^ ]* \([0-9][0-9]*\), a thread of process \([0-9][0-9]*\).*/\1 \2/p; t; s/^ *[^ ]* \([0-9][0-9]*\),.*/\1 \1/p' |
  while read -r tid pid; do
    "$SCHEDSCOPE" why --tsv "$trace" --pid "$tid" | awk -F'\t' -v tid="$tid" -v pid="$pid" '$1 == "blocked" {
      w = $NF; sub(/(; woken|, it was woken).*/, "", w); names = ""
      while (match(w, /( in | <- )([A-Za-z_][A-Za-z0-9_.]*|0x[0-9a-f]+) \(/)) {
        f = substr(w, RSTART, RLENGTH - 2); sub(/^ (in|<-) /, "", f); if (f ~ /^0x/) f = "-"
        names = names (names == "" ? "" : ";") f; w = substr(w, RSTART + RLENGTH)
      }
      r = $4; gsub(/ /, "_", r); if (names != "") print $2, tid, pid, r, names }'
  done
}

# check_stacks NAME TRACE
check_stacks() {
  local n=$1 trace=$2 pf=$T_TMP/$1.pftrace st=$T_TMP/$1.stacks want=$T_TMP/$1.want
  "$SCHEDSCOPE" export -q "$trace" -o "$pf"
  pf_stacks "$pf" > "$st"
  stack_waits "$trace" | sort > "$want"
  local ns; ns=$(grep -c '^S' "$st")
  check_none "$n-interning" "$ns" "$(grep '^E' "$st" | head -3 | tr '\n' '|')"
  check_ge "$n-has-waits" 3 "$(grep -c . "$want")"
  check_same "$n-samples" "$ns" "$(awk '{ print $1, $2 }' "$want" | sort)" "$(awk '$1 == "S" { print $2, $3 }' "$st" | sort)"
  # the CPU: the one the switch at that moment took the thread off
  check_none "$n-cpu" "$ns" "$("$SCHEDSCOPE" dump --tsv --kind switch "$trace" |
    awk 'FNR == NR { split($0, d, "\t"); cpu[d[1] " " d[4]] = d[2]; next } $1 == "S" && (!(($2 " " $3) in cpu) || cpu[$2 " " $3] != $5) { printf "%s@%s:%s/%s ", $3, $2, $5, cpu[$2 " " $3] }' - "$st" | head -c 300)"
  check_none "$n-pid" "$ns" "$(awk 'FNR == NR { pid[$1 " " $2] = $3; next } $1 == "S" && (!(($2 " " $3) in pid) || pid[$2 " " $3] != $4) { printf "%s@%s:%s/%s ", $3, $2, $4, pid[$2 " " $3] }' \
    "$want" "$st" | head -c 300)"
  # why's functions, in order and next to each other, among the sample's
  check_none "$n-names" "$ns" "$(awk 'FNR == NR { names[$1 " " $2] = $5; next }
    $1 == "S" { w = names[$2 " " $3]; if (w == "" || index(";" $8 ";", ";" w ";") == 0) printf "%s@%s: %s not in %s | ", $3, $2, w, $8 }' \
    "$want" "$st" | head -c 400)"
}

for s in lock queue; do
  if ! "$SCHEDSCOPE" run "$s" --no-ui -q -o "$T_TMP/$s.trace" > "$T_TMP/$s.out" 2>&1; then
    fail "pfstacks-$s-record" "$(tail -3 "$T_TMP/$s.out" | tr '\n' '|')"; continue
  fi
  check_stacks "pfstacks-$s" "$T_TMP/$s.trace"
done

# the lock's waiters: blocked in lock_acquire, called by run_thread
lw=$(awk '$4 == "lock" { print $1, $2 }' "$T_TMP/pfstacks-lock.want")
check_none pfstacks-lock-waiter "$(count "$lw")" "$(awk 'FNR == NR { lock[$1 " " $2]; next }
  $1 == "S" && ($2 " " $3) in lock && index(";" $8 ";", ";lock_acquire;run_thread;") == 0 { printf "%s@%s: %s | ", $3, $2, $8 }' \
  <(echo "$lw") "$T_TMP/pfstacks-lock.stacks" | head -c 300)"
