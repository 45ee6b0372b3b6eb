#!/usr/bin/env bash
# `schedscope view` in a real terminal (tmux, 120x40), run as user nobody: it
# opens without root, zoom and pan move the ruler, ? shows the key table, Tab
# switches views, resizing redraws, NO_COLOR drops the colours, and q gives the
# shell back with the terminal restored. The trace is synthetic (gen_trace).
source "$(dirname "$0")/../lib.sh"

if ! command -v tmux >/dev/null; then
  skip "view in tmux" "tmux is not installed"
  exit 0
fi
source "$(dirname "$0")/tmux.sh"

chmod 777 "$T_TMP"      # nobody reads the trace and writes the export beside it
F=$T_TMP/g.trace
"$BUILD/bench/gen_trace" "$F" 6000 2 4 >/dev/null && chmod 644 "$F"
check "synthetic trace made" test -s "$F"

# Run as nobody when we can become it; as ourselves otherwise.
AS=()
if is_root && command -v setpriv >/dev/null; then
  AS=(setpriv --reuid=nobody --regid=nogroup --clear-groups --)
fi

# wait_change LINE OLD: until screen line LINE (1-based) differs from OLD
line_is_not() { [ "$(screen | sed -n "$1p")" != "$2" ]; }
wait_change() { wait_until line_is_not "$@"; }

"${TM[@]}" new-session -d -x 120 -y 40 -s ui "env -i PATH=/usr/bin:/bin LANG=C.UTF-8 TERM=screen bash --norc --noprofile"
sleep 0.2
keys "${AS[*]} $SCHEDSCOPE view $F; echo EXIT=\$?" Enter

if wait_for 'TRACE exit code 0'; then pass "view opens the trace in the terminal"; else fail "view opens the trace in the terminal" "$(screen | tail -3)"; fi
if [ ${#AS[@]} -gt 0 ]; then
  if pgrep -u nobody -f "schedscope view $F" >/dev/null; then
    pass "it runs as nobody (no root needed)"
  else
    fail "it runs as nobody (no root needed)" "no schedscope process of user nobody"
  fi
else
  skip "it runs as nobody (no root needed)" "not root: cannot become nobody"
fi
check "both CPU lanes and the legend are drawn" \
  bash -c "$(declare -f screen); TM=(${TM[*]}); screen | grep -q '^CPU 0 ' && screen | grep -q '^CPU 1 ' && screen | grep -q 'worker-0…worker-3, 4 '"
check "the status line counts the trace's events" wait_for '│ 6000 events │ lost 0 │'
check "colours are on" bash -c "$(printf '%q ' "${TM[@]}") capture-pane -p -e -t ui | grep -q $'\e\\[3[1-6]m'"

ruler=$(screen | sed -n 2p)
keys +
if wait_change 2 "$ruler"; then pass "+ zooms in: the ruler changes"; else fail "+ zooms in: the ruler changes" "$ruler"; fi
check "the zoom level is shown" bash -c "$(printf '%q ' "${TM[@]}") capture-pane -p -t ui | sed -n 2p | grep -qE '^[0-9]+(us|ms|s)/cell'"
ruler=$(screen | sed -n 2p)
keys l
if wait_change 2 "$ruler"; then pass "l pans: the ruler changes"; else fail "l pans: the ruler changes" "$ruler"; fi
ruler=$(screen | sed -n 2p)
keys -
if wait_change 2 "$ruler"; then pass "- zooms out: the ruler changes"; else fail "- zooms out: the ruler changes" "$ruler"; fi

keys '?'
if wait_for 'this key table' && screen | grep -q 'export to Perfetto' && screen | grep -q 'filter by name or pid' \
   && screen | grep -q 'quit (ends recording)'; then
  pass "? shows the key table"
else
  fail "? shows the key table" "$(screen | sed -n 8,12p)"
fi
keys x
table_closed() { screen_has '^CPU 0 ' && ! screen_has 'this key table'; }
if wait_until table_closed; then pass "any key closes the key table"; else fail "any key closes the key table" "$(screen | sed -n 8,12p)"; fi

keys Tab
check "Tab shows the thread view" wait_for 'thread view \(Tab: CPUs\)'
check "a lane per thread" wait_for '^worker-3 tid 1003'

"${TM[@]}" resize-window -t ui -x 100 -y 30
redrawn_30() { [ "$(screen | wc -l)" -eq 30 ] && screen | tail -1 | grep -q 'TRACE exit code 0'; }
if wait_until redrawn_30; then
  pass "resizing redraws at the new size"
else
  fail "resizing redraws at the new size" "$(screen | tail -1)"
fi
"${TM[@]}" resize-window -t ui -x 70 -y 20
check "below 80x24 it says so" wait_for 'needs 80x24; this terminal is 70x20'
"${TM[@]}" resize-window -t ui -x 120 -y 40
check "and draws again when larger" wait_for 'TRACE exit code 0'

keys e
if wait_for 'exported to .*g\.pftrace' && [ -s "$T_TMP/g.pftrace" ]; then
  pass "e exports to Perfetto and says where"
else
  fail "e exports to Perfetto and says where" "$(screen | tail -3)"
fi

keys q
if wait_for '^EXIT=0'; then pass "q quits with status 0"; else fail "q quits with status 0" "$(screen | tail -3)"; fi
check_eq "the terminal is restored (main screen)" 0 "$("${TM[@]}" display -p -t ui '#{alternate_on}')"
check_eq "the cursor is visible again" 1 "$("${TM[@]}" display -p -t ui '#{cursor_flag}')"

# NO_COLOR: attributes only
keys clear Enter
keys "NO_COLOR=1 ${AS[*]} $SCHEDSCOPE view $F" Enter
# (no colours on a screen that shows nothing proves nothing: the view first)
if ! wait_for 'TRACE exit code 0'; then
  fail "NO_COLOR: no colours" "the view did not open: $(screen | tail -2)"
elif "${TM[@]}" capture-pane -p -e -t ui | grep -q $'\e\\[3[0-7]m\|\e\\[38;5'; then
  fail "NO_COLOR: no colours" "colour escapes found"
else
  pass "NO_COLOR: no colours"
fi
check "NO_COLOR: reverse video for the status line" \
  bash -c "$(printf '%q ' "${TM[@]}") capture-pane -p -e -t ui | tail -1 | grep -q $'\e\\[7m'"
keys C-c
if wait_for '^bash[^ ]*[$#]$' && [ "$("${TM[@]}" display -p -t ui '#{alternate_on}')" = 0 ]; then
  pass "Ctrl-C leaves a saved trace, terminal restored"
else
  fail "Ctrl-C leaves a saved trace, terminal restored" "$(screen | tail -2)"
fi

# a crash signal: the terminal comes back all the same
keys clear Enter
keys "${AS[*]} $SCHEDSCOPE view $F; echo EXIT=\$?" Enter
wait_for 'TRACE exit code 0'
pid=$(pgrep -f "schedscope view $F" | head -1)
if [ -n "$pid" ] && kill -SEGV "$pid" && wait_for '^EXIT=139' \
   && [ "$("${TM[@]}" display -p -t ui '#{alternate_on}')" = 0 ]; then
  pass "a crash (SIGSEGV) restores the terminal"
else
  fail "a crash (SIGSEGV) restores the terminal" "$(screen | tail -2)"
fi
