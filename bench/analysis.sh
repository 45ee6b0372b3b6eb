#!/usr/bin/env bash
# Analysis benchmark (called by bench/run.sh): the critical path of the traced
# command and the latency distributions of every thread, on synthetic input
# from bench/gen_trace (benchmark input, not a recording), 1M and 10M events.
#   load        loading the trace into the model, once, for scale
#   critical    ss_critical_path(), min/median/max of 5 in-process runs
#   latency     ss_latency_build(), the same
#   max RSS     /usr/bin/time -f %M of `schedscope critical --tsv` and `stats --tsv`
set -u
source "$(dirname "$0")/lib.sh"
B=${BUILD:-$TOP/build}
T=$TMP
[ -x /usr/bin/time ] || { echo "analysis.sh: /usr/bin/time is missing (apt-get install time)"; exit 1; }
# the peak memory of a command; a field=value of a line of figures
peak_kb() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1; }
value_of() { tr ' ' '\n' | sed -n "s/^$1=//p"; }

printf '%-7s %7s %10s %22s %9s %22s %12s %12s\n' events load_s segments "critical_s min/med/max" waits \
  "latency_s min/med/max" critical_kb stats_kb
for n in 1000000 10000000; do
  "$B/bench/gen_trace" "$T/in.trace" "$n" > /dev/null || exit 1
  line=$("$B/bench/analysis_speed" "$T/in.trace" 5) || exit 1
  printf '%-7s %7s %10s %22s %9s %22s %12s %12s\n' "$((n / 1000000))M" "$(value_of load_s <<<"$line")" \
    "$(value_of segments <<<"$line")" "$(value_of critical_s <<<"$line")" "$(value_of waits <<<"$line")" \
    "$(value_of latency_s <<<"$line")" "$(peak_kb "$B/schedscope" critical --tsv "$T/in.trace")" \
    "$(peak_kb "$B/schedscope" stats --tsv "$T/in.trace")"
done
echo "(synthetic input: bench/gen_trace, 2 CPUs, 8 threads; $(nproc) CPUs here; load average $(cut -d' ' -f1 /proc/loadavg))"
