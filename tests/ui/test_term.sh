#!/usr/bin/env bash
# The terminals the viewer meets: a locale without UTF-8 (every meaning keeps
# an ASCII character, nothing becomes '?'), TERM=dumb (say why, print the
# text instead), a terminal that goes away without a SIGHUP reaching the
# viewer (quit, do not spin), and a finished recording's status line.
source "$(dirname "$0")/../lib.sh"

if ! command -v tmux >/dev/null; then
  skip "terminals" "tmux is not installed"
  exit 0
fi
source "$(dirname "$0")/tmux.sh"

F=$T_TMP/g.trace
"$BUILD/bench/gen_trace" "$F" 6000 2 4 >/dev/null
chmod 755 "$T_TMP"; chmod 644 "$F"

# --- a finished recording's rate is its average, never 0 ---
out=$("$SCHEDSCOPE" view "$F" --batch --frames 3 --size 100x24)
last=$(grep -E '^ FINISHED' <<<"$out" | tail -1)
check "finished: the status line gives the average rate" grep -qE '^ FINISHED exit code 0 │ [0-9.]+[kM]? ev/s on average │ 6000 events' <<<"$last"

"${TM[@]}" new-session -d -x 120 -y 40 -s ui "env -i PATH=/usr/bin:/bin LANG=C LC_ALL=C TERM=screen bash --norc --noprofile"
sleep 0.2

# --- LANG=C: ASCII that keeps every meaning ---
keys "$SCHEDSCOPE view $F --view thread; echo EXIT=\$?" Enter
if wait_for 'TRACE exit code 0' 5; then
  scr=$(screen | sed 's/ ? keys / keys /')      # the help key is a question mark
  if LC_ALL=C grep -q '[?]\|[^ -~]' <<<"$scr"; then
    fail "LANG=C: only ASCII, and no '?'" "$(LC_ALL=C grep -m2 '[?]\|[^ -~]' <<<"$scr")"
  else
    pass "LANG=C: only ASCII, and no '?'"
  fi
  legend=$(grep -o -e '~ runnable' -e '- asleep (S)' -e '= asleep (D)' -e 'T stopped' -e '\[ fork' -e '\] exit' \
    -e 'X fork and exit' -e 'k kernel thread idle' <<<"$scr" | wc -l)
  check_eq "LANG=C: the legend's glyphs stay distinct" 8 "$legend"
else
  fail "LANG=C: only ASCII, and no '?'" "$(screen | tail -3)"
  fail "LANG=C: the legend's glyphs stay distinct" "no view"
fi
keys q
wait_for '^EXIT=0' 3

# --- TERM=dumb: say why, and print the timeline as text ---
keys clear Enter
keys "TERM=dumb $SCHEDSCOPE view $F 2>$T_TMP/dumb.err; echo DUMB=\$?" Enter
if wait_for '^DUMB=0' 5 && screen | grep -q 'TRACE exit code 0 | 6000 events\|TRACE exit code 0 .* 6000 events' &&
   grep -q 'TERM=dumb cannot move the cursor, so the timeline cannot be drawn; printing it as text instead' "$T_TMP/dumb.err"; then
  pass "TERM=dumb: says why and prints the timeline as text"
else
  fail "TERM=dumb: says why and prints the timeline as text" "$(cat "$T_TMP/dumb.err"; screen | tail -3)"
fi

# --- the terminal goes away, no SIGHUP reaches the viewer (a session of its own) ---
# setsid -w: the viewer in a session of its own; setsid waits in the pane's
"${TM[@]}" new-session -d -x 120 -y 40 -s gone "env -i PATH=/usr/bin:/bin LANG=C.UTF-8 TERM=screen setsid -w $SCHEDSCOPE view $F"
pid=""
for ((i = 0; i < 100; i++)); do
  pid=$(pgrep -f "^$SCHEDSCOPE view $F\$" | head -1)
  [ -n "$pid" ] && break
  sleep 0.05
done
sleep 0.3
"${TM[@]}" kill-session -t gone
gone=no
for ((i = 0; i < 100; i++)); do
  if [ -z "$pid" ] || ! kill -0 "$pid" 2>/dev/null; then gone=yes; break; fi
  sleep 0.05
done
if [ -n "$pid" ] && [ "$gone" = yes ]; then
  pass "a terminal gone without SIGHUP: the viewer quits"
else
  fail "a terminal gone without SIGHUP: the viewer quits" "pid '$pid' still running after 5 s: $(ps -o pcpu=,stat= -p "$pid" 2>/dev/null)"
  [ -n "$pid" ] && kill "$pid" 2>/dev/null
fi

# --- TERM=dumb while recording: the plain summary instead ---
if is_root; then
  keys clear Enter
  keys "cd $T_TMP && TERM=dumb SCHEDSCOPE_SCENARIO_DIR=$SCENARIO_DIR $SCHEDSCOPE run fork -o $T_TMP/fork.trace 2>$T_TMP/run.err; echo RUN=\$?" Enter
  if wait_for '^RUN=0' 20 && grep -q 'cannot move the cursor, so the timeline cannot be drawn; recording without the timeline' "$T_TMP/run.err" &&
     "$SCHEDSCOPE" info "$T_TMP/fork.trace" | grep -q '^status *complete'; then
    pass "TERM=dumb: run records with the plain summary, and says why"
  else
    fail "TERM=dumb: run records with the plain summary, and says why" "$(cat "$T_TMP/run.err"; screen | tail -3)"
  fi
  # the lesson's Chinese terms have no ASCII form: left out, brackets and all
  keys clear Enter
  keys "$SCHEDSCOPE view $T_TMP/fork.trace; echo LESSON=\$?" Enter
  if wait_for 'TRACE exit code 0' 5 && screen | grep -q '^   A process is a running program with its own memory\.$' &&
     screen | grep -q "^   process, the child's pid in the parent process\.$"; then
    pass "LANG=C: the lesson's Chinese terms are left out, never '?'"
  else
    fail "LANG=C: the lesson's Chinese terms are left out, never '?'" "$(screen | grep -A2 lesson)"
  fi
  keys q
else
  skip "TERM=dumb: run records with the plain summary, and says why" "needs root"
  skip "LANG=C: the lesson's Chinese terms are left out, never '?'" "needs root"
fi
