#!/usr/bin/env bash
# Recording overhead on the pipe benchmark pinned to CPU 0 (about 400k
# context switches a second), with every recorder's own process on CPU 1.
# The benchmark runs SCHED_FIFO: other programs on a shared machine then
# cannot take CPU 0 from it (run at normal priority on a busy VM it was on
# the CPU a third of its wall time, and that share, not the recorder, set
# the figure). Rows:
#   bare                       the benchmark alone
#   no-op BPF program          tp_btf programs on sched_switch and sched_waking
#                              that return at once (bench/limits.bpf.c)
#   minimal recorder           16-byte records into a ring buffer, no reader
#                              wake-ups, drained every 50 ms (bench/limits.c)
#   schedscope record          and with --stacks (user stacks at waits), and
#                              with --flows
#   perf sched record
# The rows run in a new random order in each of ROUNDS rounds. Each row's time
# is divided by the minimal recorder's in the same round, which cancels most
# of the machine's drift; min/median/max over the rounds are printed for both.
# Each row's files are written back before the next row starts. The load
# average before and after says how quiet the machine was. Root.
#   bench/overhead.sh [ROUNDS] [LOOPS]
set -u
source "$(dirname "$0")/lib.sh"
ROUNDS=${1:-15}
LOOPS=${2:-200000}
need_root_bench overhead
need_recorders overhead perf
mountpoint -q /sys/kernel/tracing || mount -t tracefs nodev /sys/kernel/tracing 2>/dev/null

BENCH=(chrt -f 10 taskset -c 0 perf bench sched pipe -l "$LOOPS")
ON1=(taskset -c 1)
ROWS=(bare noop minimal schedscope stacks flows perf)
declare -A label=(
  [bare]="bare" [noop]="no-op BPF program" [minimal]="minimal recorder"
  [schedscope]="schedscope record" [stacks]="schedscope record --stacks" [flows]="schedscope record --flows"
  [perf]="perf sched record")
declare -A secs bpe lost

# run ROW: one run; sets secs[ROW,$round], bpe[ROW], lost[ROW].
run() {
  local row=$1 out samples
  case $row in
    bare) out=$("${BENCH[@]}" 2>&1) ;;
    noop|minimal) out=$("${ON1[@]}" "$LIMITS" "$row" -- "${BENCH[@]}" 2>&1) ;;
    schedscope) out=$("${ON1[@]}" "$SS" record -o "$TMP/ss.trace" -- "${BENCH[@]}" 2>&1) ;;
    stacks) out=$("${ON1[@]}" "$SS" record --stacks -o "$TMP/ss.trace" -- "${BENCH[@]}" 2>&1) ;;
    flows) out=$("${ON1[@]}" "$SS" record --flows -o "$TMP/ss.trace" -- "${BENCH[@]}" 2>&1) ;;
    perf) out=$("${ON1[@]}" perf sched record -o "$TMP/perf.data" -- "${BENCH[@]}" 2>&1) ;;
  esac
  secs[$row,$round]=$(total <<<"$out")
  [ -n "${secs[$row,$round]}" ] || { echo "overhead: $row printed no time:"; echo "$out"; exit 1; } >&2
  case $row in
    minimal)
      lost[$row]=$(sed -n 's/.* records, \([0-9]*\) lost$/\1/p' <<<"$out")
      bpe[$row]=16 ;;
    schedscope|stacks|flows)
      bpe[$row]=$(sed -n 's/.*, \([0-9.]*\) bytes\/event).*/\1/p' <<<"$out")
      lost[$row]=$(awk '$1=="lost" {print $2}' <<<"$out") ;;
    perf)
      samples=$(sed -n 's/.*(\([0-9]*\) samples).*/\1/p' <<<"$out")
      bpe[$row]=$(awk -v b="$(stat -c %s "$TMP/perf.data")" -v n="$samples" 'BEGIN {printf "%.1f", b/n}')
      lost[$row]=$(perf report -i "$TMP/perf.data" --stats 2>/dev/null | awk '/LOST events:/ {s+=$3} END {print s+0}')
      rm -f "$TMP/perf.data" ;;
  esac
}

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for round in $(seq "$ROUNDS"); do
  line="round $round:"
  for row in $(printf '%s\n' "${ROWS[@]}" | shuf); do
    run "$row"
    line+=" $row ${secs[$row,$round]}"
    rm -f "$TMP/ss.trace"
    sync                       # this row's writeback must not land in the next one
  done
  echo "$line" >&2
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

# column ROW REF: ROW's time over REF's, round by round, one a line
column() { for r in $(seq "$ROUNDS"); do ratio "${secs[$1,$r]}" "${secs[$2,$r]}"; done; }
printf '\npipe benchmark, %s loops, %s interleaved rounds; load average %s before, %s after\n' \
  "$LOOPS" "$ROUNDS" "$load_before" "$load_after"
printf '%-26s %-20s %-16s %-16s %-16s %-12s %s\n' "row" "seconds min/med/max" "vs minimal" \
  "vs bare" "vs perf" "bytes/event" "lost"
for row in "${ROWS[@]}"; do
  s=$(for r in $(seq "$ROUNDS"); do echo "${secs[$row,$r]}"; done | spread %.3f)
  m=$(column "$row" minimal | spread %.2f)
  b=$(column "$row" bare | spread %.2f)
  p=$(column "$row" perf | spread %.2f)
  printf '%-26s %-20s %-16s %-16s %-16s %-12s %s\n' "${label[$row]}" "${s// //}" "${m// //}" \
    "${b// //}" "${p// //}" "${bpe[$row]:--}" "${lost[$row]:--}"
done
