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
# How much of the lanes the busy threads fill, and whether the view redraws
# while they run, depends on the CPUs they get: those checks measure, from
# the trace, what other tasks took (check_quiet).
keys "$SCHEDSCOPE run multicore -o mc.trace -- --seconds 1.5; echo EXIT=\$?" Enter
if wait_for '^ LIVE'; then pass "live opens"; else fail "live opens" "$(screen | tail -2)"; fi
ruler=$(screen | sed -n 2p)
# moved: the ruler changed on a screen that is still LIVE; stops at FINISHED
moved=no end=$((SECONDS + UI_WAIT_S))
until screen_has '^ FINISHED' || [ "$SECONDS" -ge "$end" ]; do
  s=$(screen)
  if [ "$(sed -n 2p <<<"$s")" != "$ruler" ] && grep -q '^ LIVE' <<<"$s"; then moved=yes; break; fi
  sleep 0.05
done
check "the header names the scenario" wait_for 'multicore: '
check "the lesson is shown" wait_for '多核CPU'

if wait_for '^ FINISHED exit code 0'; then pass "stays open"; else fail "stays open" "$(screen | tail -2)"; fi
c0=$(lane_cells 0) c1=$(lane_cells 1)
# the busy threads' colours in the lanes, and in the legend
colored=$("${TM[@]}" capture-pane -p -e -t ui | grep -aE 'CPU [01]'$'\e' | grep -aoE $'\e\\[3[1-6]m' | sort -u | wc -l)
if screen | grep -q 'busy-0 ' && screen | grep -q 'busy-1 '; then pass "legend"; else fail "legend" "no busy-0/busy-1"; fi
events=$(screen | tail -1 | grep -oE '[0-9]+ events' | grep -oE '[0-9]+')
check_ge "events counted" 100 "${events:-0}"

keys q
if wait_for '^EXIT=0'; then pass "q restores"; else fail "q restores" "$(screen | tail -3)"; fi
# (the trace is complete once the command has returned)
others=$(busy_others "$T_TMP/mc.trace")
check_quiet "timeline moves" "$others" test "$moved" = yes
check_quiet "lanes fill" "$others" [ "$c0" -ge 20 -a "$c1" -ge 20 ]
check_quiet "lanes fill with the threads' colours" "$others" [ "$colored" -ge 2 ]
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
keys "$SCHEDSCOPE record --live -o sl.trace -- sleep 30; echo EXIT=\$?" Enter
if ! wait_for '^ LIVE'; then fail "ctrl-c stops" "the view did not open: $(screen | tail -1)"; fi
keys C-c
if wait_for '^ FINISHED killed by SIGINT'; then pass "ctrl-c stops"; else fail "ctrl-c stops" "$(screen | tail -1)"; fi
sleep 0.3
if screen | tail -1 | grep -q FINISHED; then pass "ctrl-c stays open"; else fail "ctrl-c stays open"; fi
keys q
wait_for '^EXIT='
check_eq "the exit status is the command's (130)" "EXIT=130" "$(screen | grep -o 'EXIT=[0-9]*' | tail -1)"
# the recording ended with the command killed, not with its 30 s
check "and the recording is shorter than the command's 30 s" \
  bash -c "'$SCHEDSCOPE' info '$T_TMP/sl.trace' | awk '\$1 == \"duration\" { exit !(\$3 == \"ms\" || \$3 == \"us\" || (\$3 == \"s\" && \$2 < 30)) }'"

# ---- no UI ----
keys clear Enter
keys "$SCHEDSCOPE run multicore --no-ui -o nu.trace -- --seconds 0.2; echo EXIT=\$?" Enter
if wait_for '^EXIT=0' && screen | grep -q 'schedscope: wrote nu.trace' && screen | grep -q 'busy-0 looped'; then
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
