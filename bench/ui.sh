#!/usr/bin/env bash
# The live timeline under load (root, tmux; docs/UI.md has the figures):
# `perf bench sched pipe` pinned to CPU 0 (~400k events/s), bare, recorded
# plainly, and recorded with the live UI open; perf's own time, events and
# lost events for each. Frame costs and memory are bench/scale.sh's.
# Prints tables; asserts nothing.
set -u
cd "$(dirname "$0")/.."
B=${BUILD:-build}
SS=$B/schedscope
LOOPS=${LOOPS:-200000}

echo "--- the live UI under load: taskset -c 0 perf bench sched pipe -l $LOOPS"
if [ "$(id -u)" -ne 0 ] || ! command -v tmux >/dev/null || ! command -v perf >/dev/null; then
  echo "skipped: needs root, tmux and perf"
  exit 0
fi
tmp=$(mktemp -d)
TM=(tmux -L "schedscope-bench-$$" -f /dev/null)
trap '"${TM[@]}" kill-server 2>/dev/null; rm -rf "$tmp"' EXIT
CMD=(taskset -c 0 perf bench sched pipe -l "$LOOPS")

total() { grep -oE 'Total time: *[0-9.]+' "$1" | grep -oE '[0-9.]+$'; }
field() { "$SS" info "$1" | awk -v k="$2" '$1 == k { print $2; exit }'; }

"${CMD[@]}" >"$tmp/bare.out" 2>&1
bare=$(total "$tmp/bare.out")

"$SS" record --no-ui -q -o "$tmp/plain.trace" -- "${CMD[@]}" >"$tmp/plain.out" 2>&1
plain=$(total "$tmp/plain.out")

"${TM[@]}" new-session -d -x 120 -y 40 -s b \
  "cd $tmp && $(realpath "$SS") record --live -o live.trace -- ${CMD[*]}; echo EXIT=\$? >done; sleep 30"
for ((i = 0; i < 600; i++)); do
  "${TM[@]}" capture-pane -p -t b | grep -q '^ FINISHED' && break
  sleep 0.1
done
status=$("${TM[@]}" capture-pane -p -t b | tail -1)
"${TM[@]}" send-keys -t b q
for ((i = 0; i < 100; i++)); do [ -s "$tmp/done" ] && break; sleep 0.1; done
live=$(total "$tmp/live.out")

printf '\n%-22s %12s %8s %12s %8s\n' "run" "perf time s" "vs bare" "events" "lost"
printf '%-22s %12s %8s %12s %8s\n' "bare" "$bare" "1.00" "-" "-"
for r in plain live; do
  t=${!r}
  printf '%-22s %12s %8s %12s %8s\n' "record ($r)" "${t:-?}" \
    "$(awk -v a="${t:-0}" -v b="$bare" 'BEGIN { printf "%.2f", b ? a / b : 0 }')" \
    "$(field "$tmp/$r.trace" events)" "$(field "$tmp/$r.trace" lost)"
done
echo
echo "live UI status line at the end: $status"
echo "(targets: 0 lost, perf time within 1.15x of bare, with the UI open)"
