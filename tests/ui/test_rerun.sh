#!/usr/bin/env bash
# The rerun key (root: it records): `schedscope run lock -o runs/lock.trace`
# in tmux, r opens a prompt with the run's options, "-- --no-lock" and Enter
# record the lost update into runs/lock-2.trace (beside the first, named
# after it: nothing in the current directory), and the new run opens below
# the first, which stays on screen above it (the split view) until q, both
# in the same view. Both traces are kept and are what the prompt asked for.
source "$(dirname "$0")/../lib.sh"

command -v tmux >/dev/null || { skip "the rerun key" "tmux is not installed"; exit 0; }
need_root rerun_prompt rerun_records rerun_split rerun_files rerun_options || exit 0
source "$(dirname "$0")/tmux.sh"

"${TM[@]}" new-session -d -x 120 -y 40 -s ui \
  "cd $T_TMP && env -i PATH=/usr/bin:/bin LANG=C.UTF-8 TERM=screen bash --norc --noprofile"
sleep 0.2
mkdir -p "$T_TMP/runs"
keys "$SCHEDSCOPE run lock -o runs/lock.trace -- --iterations 20000; echo EXIT=\$?" Enter
if ! wait_for '^ FINISHED exit code 0'; then
  fail "rerun prompt" "the first run did not finish: $(screen | tail -2)"
  exit 0
fi
keys r
if wait_for "rerun with .*: -- --iterations 20000"; then
  pass "rerun prompt: it starts with the run's options"
else
  fail "rerun prompt: it starts with the run's options" "$(screen | tail -1)"
fi
keys " --no-lock" Enter
# the new run, below: its own header says the lost update, the first stays above
if wait_for '^ schedscope  lock: No lock' && wait_for 'lock-2.trace'; then
  pass "rerun records: the new run opens"
else
  fail "rerun records: the new run opens" "$(screen | tail -3)"
fi
wait_for 'FINISHED exit code 0 .*lock-2.trace'
scr=$(screen)
top=$(head -20 <<<"$scr") bot=$(tail -20 <<<"$scr")
check "rerun split: the first run above" grep -q '^ schedscope  lock: Lock: ' <<<"$top"
check "rerun split: the first run's file above" grep -q 'runs/lock.trace *$' <<<"$top"
check_eq "rerun split: both runs in the same view" "thread view (Tab: CPUs)|thread view (Tab: CPUs)" \
  "$(grep -o '[a-zA-Z]* view (Tab: [A-Za-z]*)' <<<"$top" | head -1)|$(grep -o '[a-zA-Z]* view (Tab: [A-Za-z]*)' <<<"$bot" | head -1)"
check "rerun split: the new run below" grep -q '^ schedscope  lock: No lock' <<<"$bot"
check "rerun split: the new run's file below" grep -q 'runs/lock-2.trace' <<<"$bot"
keys q
wait_for '^EXIT=0'
check "rerun files: both traces kept" test -s "$T_TMP/runs/lock.trace" -a -s "$T_TMP/runs/lock-2.trace"
check "rerun files: the rerun's beside the first, none in the current directory" \
  test ! -e "$T_TMP/lock-2.trace" -a ! -e "$T_TMP/lock-2.trace.old"
check_eq "rerun options: the first as asked" "lock --iterations 20000" \
  "$("$SCHEDSCOPE" info "$T_TMP/runs/lock.trace" | sed -n 's/^command *//p' | sed 's|^.*/||')"
check_eq "rerun options: the second with the prompt's" "lock --iterations 20000 --no-lock" \
  "$("$SCHEDSCOPE" info "$T_TMP/runs/lock-2.trace" | sed -n 's/^command *//p' | sed 's|^.*/||')"
