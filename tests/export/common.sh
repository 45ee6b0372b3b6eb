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
comparable() { grep -v -e '^name ' -e ' newtask ' -e ' free ' -e ' rename ' -e '^[0-9]* - wait ' | sort; }

# count_lines PATTERN FILE
count_lines() { grep -c -e "$1" "$2" || true; }
