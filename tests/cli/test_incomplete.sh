#!/usr/bin/env bash
# A trace cut short is analysed from what it holds, and every command that
# reads it says so once on stderr, in the same words (cli_tell_incomplete()):
# why, where it ends, how many events it holds. Exit statuses stay as they
# were. A whole trace is said nothing of.
source "$(dirname "$0")/../lib.sh"

REF=$TOP/traces/pool.trace
HALF=$T_TMP/half.trace
head -c $(( $(stat -c %s "$REF") * 2 / 3 )) "$REF" > "$HALF"
# what the reader keeps of it: the events, and the last one's time (dump's)
events=$("$SCHEDSCOPE" dump --tsv "$HALF" 2>/dev/null | wc -l)
last=$("$SCHEDSCOPE" dump "$HALF" 2>/dev/null | tail -1 | awk '{ print $1 }')
check_ge "the cut trace holds events" 10 "$events"
want="schedscope: $HALF is incomplete (the file ends inside a chunk header at offset 1956; 19 bytes after it dropped): it ends at $last, $events events; what follows is from what it holds"

for cmd in "info" "dump" "stats" "flows" "why --pid 3842" "critical" "compare $REF" "view --batch" "check" \
	   "export -q -f json -o $T_TMP/x.json" "export -q -f svg -o $T_TMP/x.svg"; do
  name=${cmd%% *}; [ "$name" = export ] && name="export ${cmd#*-f }" && name=${name%% -o*}
  set -- $cmd
  sub=$1; shift
  err=$("$SCHEDSCOPE" "$sub" "$HALF" "$@" 2>&1 >/dev/null); rc=$?
  check_eq "$name: said once, in the one sentence" "$want" "$(grep 'incomplete' <<<"$err")"
  # as before the sentence: 0, but check's 3 (inconclusive: the run was
  # cut before it showed what the lesson is about; lesson_run_stopped())
  check_eq "$name: the exit status as before" "$([ "$sub" = check ] && echo 3 || echo 0)" "$rc"
  check_eq "$name: a whole trace is said nothing of" 0 \
    "$("$SCHEDSCOPE" "$sub" "$REF" "$@" 2>&1 >/dev/null | grep -c incomplete)"
done
