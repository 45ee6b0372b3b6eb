#!/usr/bin/env bash
# Tracing any program at the tracer core's cost: a Python 3 program (four
# threads at a lock, bench/python_lock.py) bare and under `schedscope record`,
# which by default attaches only schedscope's own USDT probes, not Python's
# (python:line fires on every line). The rows run in a new random order in
# each of ROUNDS rounds; each traced time is divided by the bare time of the
# same round. The time is the program's own (it prints it), so the recorder's
# start and finish are not in it. A row with `--usdt python` (every probe of
# the interpreter opted in) shows what the default saves; it runs USDT_ROUNDS
# times, as one run takes many seconds. Root.
#   bench/python.sh [ROUNDS] [USDT_ROUNDS]
set -u
source "$(dirname "$0")/lib.sh"
ROUNDS=${1:-11}
USDT_ROUNDS=${2:-3}
need_root_bench python
PY=/usr/bin/python3
[ -x "$SS" ] || { echo "python: skipped: $SS is not built"; exit 0; }
[ -x "$PY" ] || { echo "python: skipped: needs $PY (Debian's python3)"; exit 0; }
PROG=("$PY" "$TOP/bench/python_lock.py")
# the program on CPU 0 (record's --cpus: the command itself must be python,
# whose probes record looks for), the recorder on CPU 1

# run ROW: the program's own seconds
run() {
  case $1 in
    bare) taskset -c 0 "${PROG[@]}" ;;
    traced) taskset -c 1 "$SS" record -q --cpus 0 -o "$TMP/py.trace" -- "${PROG[@]}" 2>/dev/null ;;
    usdt) taskset -c 1 "$SS" record -q --cpus 0 --usdt python -o "$TMP/py.trace" -- "${PROG[@]}" 2>/dev/null ;;
  esac | awk 'NF == 2 { print $2 }'
  sync
}

declare -A secs
load0=$(cut -d' ' -f1-3 /proc/loadavg)
for r in $(seq "$ROUNDS"); do
  rows="bare traced"
  [ "$r" -le "$USDT_ROUNDS" ] && rows="$rows usdt"
  for row in $(printf '%s\n' $rows | shuf); do
    secs[$row,$r]=$(run "$row")
  done
  echo "round $r: bare ${secs[bare,$r]} traced ${secs[traced,$r]} ${secs[usdt,$r]:+usdt ${secs[usdt,$r]}}"
done
echo
echo "python_lock.py, 4 threads, $ROUNDS interleaved rounds; load average $load0 before, $(cut -d' ' -f1-3 /proc/loadavg) after"
printf '%-34s %-22s %s\n' row "seconds min/med/max" "vs bare (same round) min/med/max"
for row in bare traced usdt; do
  n=$ROUNDS; [ "$row" = usdt ] && n=$USDT_ROUNDS
  s=$(for r in $(seq "$n"); do echo "${secs[$row,$r]}"; done | spread "%.3f")
  v=$(for r in $(seq "$n"); do ratio "${secs[$row,$r]}" "${secs[bare,$r]}"; done | spread "%.2f")
  case $row in
    bare) l="bare" ;; traced) l="schedscope record (default probes)" ;; usdt) l="schedscope record --usdt python" ;;
  esac
  printf '%-34s %-22s %s\n' "$l" "$s" "$v"
done
