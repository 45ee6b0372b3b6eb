#!/usr/bin/env bash
# Recording overhead on the pipe benchmark (about 400k context switches/s on
# one CPU): bare, under `perf sched record`, and under `schedscope record`,
# interleaved, ROUNDS rounds. Prints the median slowdown against bare, bytes
# per event and lost events for each tracer. Root only.
#   bench/overhead.sh [ROUNDS] [LOOPS]
set -u
source "$(dirname "$0")/lib.sh"
ROUNDS=${1:-3}
LOOPS=${2:-200000}
need_root_bench overhead

BENCH=(taskset -c 0 perf bench sched pipe -l "$LOOPS")

declare -a bare perf ss
perf_bpe= perf_lost= ss_bpe= ss_lost=
for r in $(seq "$ROUNDS"); do
  bare+=("$("${BENCH[@]}" 2>&1 | total)")
  out=$(perf sched record -o "$TMP/perf.data" -- "${BENCH[@]}" 2>&1)
  perf+=("$(total <<<"$out")")
  samples=$(sed -n 's/.*(\([0-9]*\) samples).*/\1/p' <<<"$out")
  perf_bpe=$(awk -v b="$(stat -c %s "$TMP/perf.data")" -v n="$samples" 'BEGIN {printf "%.1f", b/n}')
  perf_lost=$(perf report -i "$TMP/perf.data" --stats 2>/dev/null | awk '/LOST events:/ {s+=$3} END {print s+0}')
  out=$("$SS" record -o "$TMP/ss.trace" -- "${BENCH[@]}" 2>&1)
  ss+=("$(total <<<"$out")")
  ss_bpe=$(awk '/bytes\/event/ {gsub(/[(,]/, ""); for (i=1;i<=NF;i++) if ($i=="bytes/event)") print $(i-1)}' <<<"$out")
  ss_lost=$(awk '$1=="lost" {print $2}' <<<"$out")
  echo "round $r: bare ${bare[-1]} s, perf sched ${perf[-1]} s, schedscope ${ss[-1]} s" >&2
done
mb=$(printf '%s\n' "${bare[@]}" | median)
mp=$(printf '%s\n' "${perf[@]}" | median)
ms=$(printf '%s\n' "${ss[@]}" | median)
printf '\n%-22s %10s %10s %12s %8s\n' "pipe benchmark ($LOOPS)" "median s" "slowdown" "bytes/event" "lost"
printf '%-22s %10s %10s %12s %8s\n' "bare" "$mb" "1.00x" "-" "-"
printf '%-22s %10s %9.2fx %12s %8s\n' "perf sched record" "$mp" "$(ratio "$mp" "$mb")" "$perf_bpe" "$perf_lost"
printf '%-22s %10s %9.2fx %12s %8s\n' "schedscope record" "$ms" "$(ratio "$ms" "$mb")" "$ss_bpe" "$ss_lost"
