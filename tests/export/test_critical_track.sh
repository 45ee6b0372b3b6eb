# The critical path in the Perfetto export (--critical): on the recorded pool
# (traces/pool.trace), the slices of the track "critical path of ..." are the
# segments with time that `schedscope critical --tsv` lists (start, duration,
# thread, state and reason), in order, and their durations add up to the path.
# Decoded with protoc and our schema subset, as the importer would read them.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/common.sh"

POOL=$TOP/traces/pool.trace
UUID=17179869184      # UUID_GLOBAL << 1 (export/perfetto_critical.c)

pf=$T_TMP/pool.pftrace
if ! "$SCHEDSCOPE" export "$POOL" --critical -q -o "$pf" 2> "$T_TMP/err"; then
  fail critical-track-export "$(head -c 300 "$T_TMP/err")"; exit 0
fi
pf_raw "$pf" > "$T_TMP/raw"
"$SCHEDSCOPE" critical --tsv "$POOL" > "$T_TMP/tsv"
root=$("$SCHEDSCOPE" info "$POOL" | awk '$1 == "pid" { print $2 }')

# one track, named after the thread whose path it is
check_eq critical-track-named "critical\\040path\\040of\\040pool\\040$root" \
  "$(awk -v u=$UUID '$4 == "D" && $5 == u { print $8 }' "$T_TMP/raw")"

# the segments with time: "from dur tid kind reason"
awk -F'\t' '$1 == "seg" && $5 !~ /^(woken|forked|handed)$/ { print $2, $3, $4, $5, $6 }' "$T_TMP/tsv" > "$T_TMP/want"
# the slices: a begin (its name says thread, state, reason) and the end that follows
awk -v u=$UUID '
  $4 == "K" && $5 == u && $6 == 1 {
    ts = $2; name = $0; sub(/^([^ ]+ ){9}/, "", name)
    if (match(name, / [0-9]+ (running|waiting for a CPU|blocked: .*|unknown)$/)) {
      rest = substr(name, RSTART + 1); tid = rest; sub(/ .*/, "", tid); what = substr(rest, length(tid) + 2)
      if (what == "running") k = "running - "
      else if (what == "waiting for a CPU") k = "runnable - "
      else if (what == "unknown") k = "unknown - "
      else { r = what; sub(/^blocked: /, "", r); k = "blocked " r }
    } else { tid = "?"; k = "unnamed: " name }
    next }
  $4 == "K" && $5 == u && $6 == 2 { printf "%s %.0f %s %s\n", ts, $2 - ts, tid, k }' "$T_TMP/raw" |
  sed 's/ $//' > "$T_TMP/got"
n=$(wc -l < "$T_TMP/want")
check_ge critical-track-has-segments 10 "$n"
sed -i 's/ $//' "$T_TMP/want"
if cmp -s "$T_TMP/want" "$T_TMP/got"; then pass critical-track-segments
else fail critical-track-segments "$(diff "$T_TMP/want" "$T_TMP/got" | head -6 | tr '\n' '|')"; fi

# the slices tile the path: their durations add up to its total
total=$(awk -F'\t' '$1 == "path" { printf "%.0f", $4 - $3 }' "$T_TMP/tsv")
check_eq critical-track-sum "$total" "$(awk '{ s += $2 } END { printf "%.0f", s }' "$T_TMP/got")"

# --critical is for Perfetto only, and names a thread that is there
check critical-track-format-only bash -c "! '$SCHEDSCOPE' export '$POOL' --critical --format json -q -o '$T_TMP/x.json' 2>/dev/null"
check critical-track-bad-pid bash -c "! '$SCHEDSCOPE' export '$POOL' --critical --pid 1 -q -o '$T_TMP/x.pf' 2>/dev/null"
