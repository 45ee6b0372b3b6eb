#!/usr/bin/env bash
# What one event costs in the kernel, program by program: the run time the
# kernel itself counts for each BPF program (kernel.bpf_stats_enabled), per
# run, on the pinned pipe benchmark of bench/overhead.sh. Wall-clock ratios
# move ±10% between runs on a shared VM, which is as large as the changes
# being judged; the kernel's own count of a program's time moves ±20 ns, so
# a 30 ns change in the recorder shows here when it cannot in overhead.sh.
# Rows, in a new random order each round:
#   minimal recorder      bench/limits.c's 16-byte records (rec_switch, rec_waking)
#   schedscope record     handle_switch, handle_waking
#   schedscope --stacks   the same with user stacks at every wait
# Each row's time per run is divided by the minimal recorder's in the same
# round; min/median/max over the rounds. bpf_stats adds its own clock reads to
# every run of every row alike, and is switched back off at the end. Root.
#   bench/prog_cost.sh [ROUNDS] [LOOPS]
set -u
source "$(dirname "$0")/lib.sh"
ROUNDS=${1:-7}
LOOPS=${2:-300000}
need_root_bench prog_cost
need_recorders prog_cost perf bpftool

BENCH=(chrt -f 10 taskset -c 0 perf bench sched pipe -l "$LOOPS")
ROWS=(minimal schedscope stacks)
declare -A label=([minimal]="minimal recorder" [schedscope]="schedscope record"
  [stacks]="schedscope record --stacks")
declare -A ns

stats_was=$(sysctl -n kernel.bpf_stats_enabled)
trap 'sysctl -q kernel.bpf_stats_enabled="$stats_was"; rm -rf "$TMP"' EXIT
sysctl -q kernel.bpf_stats_enabled=1

# ns per run of the loaded programs named *_switch and *_waking: "SWITCH WAKING"
sample() {
  bpftool prog show 2>/dev/null | awk '
    / name (handle|rec)_(switch|waking) / {
      for (i = 1; i <= NF; i++) {
        if ($i == "name") n = $(i + 1)
        if ($i == "run_time_ns") t = $(i + 1)
        if ($i == "run_cnt") c = $(i + 1)
      }
      sub(/^(handle|rec)_/, "", n)
      if (c > 0) r[n] = t / c
    }
    END { if (r["switch"] && r["waking"]) printf "%.0f %.0f\n", r["switch"], r["waking"] }'
}

# run ROW: records the benchmark and samples the programs while they run
# (the counts are gone once the recorder exits): sets ns[ROW,$round].
run() {
  local row=$1 pid got="" i
  case $row in
    minimal) taskset -c 1 "$LIMITS" minimal -- "${BENCH[@]}" > "$TMP/out" 2>&1 & ;;
    schedscope) taskset -c 1 "$SS" record -o "$TMP/ss.trace" -- "${BENCH[@]}" > "$TMP/out" 2>&1 & ;;
    stacks) taskset -c 1 "$SS" record --stacks -o "$TMP/ss.trace" -- "${BENCH[@]}" > "$TMP/out" 2>&1 & ;;
  esac
  pid=$!
  # sample as late as the run allows: the last sample before it ends
  for i in $(seq 100); do
    sleep 0.1
    kill -0 "$pid" 2>/dev/null || break
    s=$(sample)
    [ -n "$s" ] && got=$s
  done
  wait "$pid"
  rm -f "$TMP"/ss.trace*
  [ -n "$got" ] || { echo "prog_cost: $row: no program ran:"; cat "$TMP/out"; exit 1; } >&2
  ns[$row,$round]=$got
}

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for round in $(seq "$ROUNDS"); do
  line="round $round:"
  for row in $(printf '%s\n' "${ROWS[@]}" | shuf); do
    run "$row"
    line+=" $row ${ns[$row,$round]// //}"
  done
  echo "$line" >&2
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

# col ROW FIELD [REF [diff]]: ROW's ns (field 1 switch, 2 waking), or its
# ratio to REF's (its difference with diff), one round a line
col() {
  local r a b
  for r in $(seq "$ROUNDS"); do
    a=$(cut -d' ' -f"$2" <<<"${ns[$1,$r]}")
    [ -z "${3:-}" ] && { echo "$a"; continue; }
    b=$(cut -d' ' -f"$2" <<<"${ns[$3,$r]}")
    if [ -n "${4:-}" ]; then echo $((a - b)); else ratio "$a" "$b"; fi
  done
}
printf '\nns per program run (bpf_stats), pipe benchmark, %s loops, %s interleaved rounds;\n' "$LOOPS" "$ROUNDS"
printf 'load average %s before, %s after; min/median/max\n' "$load_before" "$load_after"
printf '%-28s %-14s %-14s %-15s %-15s %-14s %s\n' "row" "switch ns" "waking ns" "switch vs min" \
  "waking vs min" "switch +ns" "waking +ns"
for row in "${ROWS[@]}"; do
  a=$(col "$row" 1 | spread %.0f); b=$(col "$row" 2 | spread %.0f)
  c=$(col "$row" 1 minimal | spread %.2f); d=$(col "$row" 2 minimal | spread %.2f)
  e=$(col "$row" 1 minimal diff | spread %.0f); f=$(col "$row" 2 minimal diff | spread %.0f)
  printf '%-28s %-14s %-14s %-15s %-15s %-14s %s\n' "${label[$row]}" "${a// //}" "${b// //}" "${c// //}" \
    "${d// //}" "${e// //}" "${f// //}"
done
