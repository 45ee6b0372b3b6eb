#!/usr/bin/env bash
# Export benchmark (called by bench/run.sh): synthetic input from
# bench/gen_trace (benchmark input, not a recording), 1M and 10M events.
#   speed       best of 3 in-process runs (build/bench/export_speed)
#   max RSS     /usr/bin/time -f %M of `schedscope export`; the reader alone
#               (`schedscope info`, which opens and reads every event) for comparison
#   anon        the exporter's anonymous memory (RssAnon), without mapped input
# Targets (issue 6): Perfetto >= 5M events/s, output <= 1.5x the trace file.
# Writes into ${BENCH_TMP:-/tmp}; JSON and CSV only at 1M (10M makes 3 GB of JSON).
set -u
cd "$(dirname "$0")/.."
B=${BUILD:-build}
T=$(mktemp -d "${BENCH_TMP:-/tmp}/schedscope-export-bench.XXXXXX")
trap 'rm -rf "$T"' EXIT
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "export.sh: /usr/bin/time is missing (apt-get install time)"; exit 1; }

maxrss() { "$TIME" -f %M "$@" 2>&1 >/dev/null | tail -1; }
field() { sed -n "s/.*$1=\([^ ]*\).*/\1/p"; }

printf '%-8s %-22s %10s %9s %12s %7s %9s %9s %9s\n' events format seconds "Mev/s" out_bytes ratio maxrss_kb reader_kb anon_kb
for n in 1000000 10000000; do
  "$B/bench/gen_trace" "$T/in.trace" "$n" > /dev/null || exit 1
  reader=$(maxrss "$B/schedscope" info "$T/in.trace")
  for f in perfetto perfetto-full json csv; do
    [ "$n" -gt 1000000 ] && case $f in json|csv) continue ;; esac
    fmt=${f%-full}; extra=()
    [ "$f" = perfetto-full ] && extra=(--no-compact)
    out="$T/out.$fmt"; [ "$fmt" = csv ] && out="$T/out-csv"
    line=$("$B/bench/export_speed" "$T/in.trace" "$fmt" "$out" 3 "${extra[@]}") || exit 1
    rss=$(maxrss "$B/schedscope" export -q --format "$fmt" "${extra[@]}" "$T/in.trace" -o "$out")
    [ "$fmt" = csv ] && outb=$(du -sb "$out" | cut -f1) || outb=$(field out_bytes <<<"$line")
    printf '%-8s %-22s %10s %9.2f %12s %7s %9s %9s %9s\n' "$((n / 1000000))M" \
      "$f$([ "$f" = perfetto ] && echo ' (compact)')" "$(field seconds <<<"$line")" \
      "$(awk -v r="$(field events_per_s <<<"$line")" 'BEGIN{print r / 1e6}')" "$outb" \
      "$(awk -v o="$outb" -v i="$(field in_bytes <<<"$line")" 'BEGIN{printf "%.2f", o / i}')" \
      "$rss" "$reader" "$(field anon_kb <<<"$line")"
    rm -rf "$out"
  done
done
echo "(synthetic input: bench/gen_trace, 2 CPUs, 8 threads; $(nproc) CPUs here)"
