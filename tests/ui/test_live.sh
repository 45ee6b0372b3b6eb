#!/usr/bin/env bash
# The live timeline in a real terminal (tmux, 120x40): `schedscope run
# multicore` opens it, the timeline moves while recording, both CPU lanes fill
# with the busy threads' colours, the status line counts events and the UI
# stays open on the finished trace until q, which restores the terminal and
# prints the summary. Ctrl-C stops a recording but keeps the view; --no-ui
# and a pipe keep the plain summary.
source "$(dirname "$0")/../lib.sh"

NAMES="live opens|timeline moves|lanes fill|legend|events counted|stays open|q restores|summary|output file|ctrl-c stops|ctrl-c stays open|no-ui|pipe"
need_root $(tr '|' ' ' <<<"$NAMES" | sed 's/ /_/g') || exit 0
if ! command -v tmux >/dev/null; then
  skip "live UI in tmux" "tmux is not installed"
  exit 0
fi
source "$(dirname "$0")/tmux.sh"

lane_cells() { screen | grep -E "^CPU $1 " | cut -c12- | grep -o '█' | wc -l; }

"${TM[@]}" new-session -d -x 120 -y 40 -s ui \
  "cd $T_TMP && env -i PATH=/usr/bin:/bin LANG=C.UTF-8 TERM=screen bash --norc --noprofile"
sleep 0.2

# ---- run multicore, watch it, quit ----
keys "$SCHEDSCOPE run multicore -o mc.trace -- --seconds 1.5; echo EXIT=\$?" Enter
if wait_for '^ LIVE' 5; then pass "live opens"; else fail "live opens" "$(screen | tail -2)"; fi
ruler=$(screen | sed -n 2p)
sleep 0.4
if [ "$(screen | sed -n 2p)" != "$ruler" ]; then pass "timeline moves"; else fail "timeline moves" "ruler stayed: $ruler"; fi
check "the header names the scenario" wait_for 'multicore: ' 1
check "the lesson is shown" wait_for '多核CPU' 1

if wait_for '^ FINISHED exit 0' 8; then pass "stays open"; else fail "stays open" "$(screen | tail -2)"; fi
c0=$(lane_cells 0) c1=$(lane_cells 1)
if [ "$c0" -ge 20 ] && [ "$c1" -ge 20 ]; then
  pass "lanes fill"
else
  fail "lanes fill" "cpu0 $c0 cpu1 $c1 full cells"
fi
# the busy threads' colours in the lanes, and in the legend
colored=$("${TM[@]}" capture-pane -p -e -t ui | grep -aE 'CPU [01]'$'\e' | grep -aoE $'\e\\[3[1-6]m' | sort -u | wc -l)
check_ge "lanes fill with the threads' colours" 2 "$colored"
if screen | grep -q 'busy-0 ' && screen | grep -q 'busy-1 '; then pass "legend"; else fail "legend" "no busy-0/busy-1"; fi
events=$(screen | tail -1 | grep -oE '[0-9]+ events' | grep -oE '[0-9]+')
check_ge "events counted" 100 "${events:-0}"

keys q
if wait_for '^EXIT=0' 5; then pass "q restores"; else fail "q restores" "$(screen | tail -3)"; fi
check_eq "the main screen is back" 0 "$("${TM[@]}" display -p -t ui '#{alternate_on}')"
if screen | grep -q 'schedscope: wrote mc.trace' && screen | grep -qE 'events +[0-9]+'; then
  pass "summary"
else
  fail "summary" "$(screen | tail -8)"
fi
if screen | grep -q 'output   mc.out' && grep -q 'busy-0 looped' "$T_TMP/mc.out"; then
  pass "output file"
else
  fail "output file" "$(cat "$T_TMP/mc.out" 2>&1 | head -2)"
fi
check "the trace is whole" bash -c "'$SCHEDSCOPE' info '$T_TMP/mc.trace' | grep -q 'status      complete'"

# ---- Ctrl-C stops the recording, the view stays ----
keys clear Enter
start=$(date +%s)
keys "$SCHEDSCOPE record --live -o sl.trace -- sleep 30; echo EXIT=\$?" Enter
wait_for '^ LIVE' 5
keys C-c
if wait_for '^ FINISHED killed by SIGINT' 4; then pass "ctrl-c stops"; else fail "ctrl-c stops" "$(screen | tail -1)"; fi
sleep 0.3
if screen | tail -1 | grep -q FINISHED; then pass "ctrl-c stays open"; else fail "ctrl-c stays open"; fi
keys q
wait_for '^EXIT=' 5
check_eq "the exit status is the command's (130)" "EXIT=130" "$(screen | grep -o 'EXIT=[0-9]*' | tail -1)"
check "and it took seconds, not the command's 30" test $(($(date +%s) - start)) -lt 10

# ---- no UI ----
keys clear Enter
keys "$SCHEDSCOPE run multicore --no-ui -o nu.trace -- --seconds 0.2; echo EXIT=\$?" Enter
if wait_for '^EXIT=0' 5 && screen | grep -q 'schedscope: wrote nu.trace' && screen | grep -q 'busy-0 looped'; then
  pass "no-ui"
else
  fail "no-ui" "$(screen | tail -4)"
fi
out=$(cd "$T_TMP" && "$SCHEDSCOPE" run multicore -o pipe.trace -- --seconds 0.2 2>&1 | cat)
if grep -q 'schedscope: wrote pipe.trace' <<<"$out" && grep -q 'busy-1 looped' <<<"$out"; then
  pass "pipe"
else
  fail "pipe" "$out"
fi
out=$(cd "$T_TMP" && "$SCHEDSCOPE" record --live -o p2.trace -- true 2>&1 </dev/null)
check "record --live without a terminal says so" grep -q 'needs a terminal' <<<"$out"
