#!/usr/bin/env bash
# A lesson's checklist lighting up as its trace grows, in batch mode (the
# real view and the live view's replay, no terminal): pool's reference trace
# (traces/, a real run) replayed in five steps. No check is ticked before
# the trace shows it; each stays ticked once it is; the finished trace has
# all four, and the view has then opened on the lesson (thread view, the
# pool's lanes on top). ASCII terminals read "ok". Another command's trace
# opens fitted whole in the CPU view.
source "$(dirname "$0")/../lib.sh"

POOL="$TOP/traces/pool.trace"
frames=$("$SCHEDSCOPE" view "$POOL" --batch --frames 5 --size 160x48)
frame() { awk -v n="$1" '/^--- frame / { f = $3 } f == n' <<<"$frames"; }

f1=$(frame 1) f2=$(frame 2) f5=$(frame 5)
check "frame 1: live, nothing seen yet" grep -q '^ what to notice: 0 of 4 seen' <<<"$f1"
check_eq "frame 1: every check pending, by its title" 4 "$(grep -c '^   … ' <<<"$f1")"
check "frame 1: the status says LIVE" grep -q '^ LIVE ' <<<"$f1"
check "frame 2: the workers forked first, ticked" grep -q '^   ✓ 2 worker processes (PoolWorker-1 3844, ...) were forked before the first task was put at 0.033955s' <<<"$f2"
check "frame 2: task 2's wait, ticked once the trace shows it" \
  grep -q '^   ✓ task 2 waited 100 ms for a free worker (PoolWorker-1 3844 freed at 0.134299s)' <<<"$f2"
check "frame 2: the check the trace just showed lights up in the message row" \
  grep -q '^ ✓ task 2 waited 100 ms for a free worker' <<<"$f2"
check "frame 1: nothing lit yet" bash -c "! grep -q '^ ✓ ' <<<\"\$1\"" _ "$f1"
check "frame 2: what needs the end still pending" grep -q '^   … close(), then join() waits until every worker has exited' <<<"$f2"
check "frame 5: finished, all four seen" grep -q '^ what to notice: 4 of 4 seen' <<<"$f5"
check "frame 5: opened on the lesson: its thread view" grep -q 'thread view (Tab: CPUs)' <<<"$f5"
check "frame 5: the pool's lanes on top, its pending tasks above" \
  bash -c "grep -A1 '^pending tasks ' <<<\"\$1\" | grep -q '^pool pid 3842 '" _ "$f5"

ascii=$("$SCHEDSCOPE" view "$POOL" --batch --ascii --size 160x48)
check "ASCII: a tick reads ok" grep -q '^   ok task 2 waited 100 ms for a free worker' <<<"$ascii"

"$BUILD/bench/gen_trace" "$T_TMP/g.trace" 2000 2 2 >/dev/null
other=$("$SCHEDSCOPE" view "$T_TMP/g.trace" --batch --size 120x40)
check "another command's trace: the CPU view" grep -q 'CPU view (Tab: threads)' <<<"$other"
check "another command's trace: no checklist" bash -c "! grep -q 'what to notice' <<<\"\$1\"" _ "$other"
check "another command's trace: fitted whole, from the start" grep -qE '^[0-9]+(us|ms)/cell +0\.0+s ' <<<"$other"
check "--view cpu on a lesson's trace: the view asked for wins" \
  bash -c "'$SCHEDSCOPE' view '$POOL' --batch --size 160x48 --view cpu | head -1 | grep -q 'CPU view (Tab: threads)'"
# every shape and mark has its ASCII stand-in, one per meaning: the hand-offs
# (v ^ *), a thread's dashed line to its process ('-' after the tree's '|')
check "ASCII: pool's hand-offs, on both lanes" grep -qE '^\|-PoolWorker-1 pid 3844 +\^pvtask 0' <<<"$ascii"
check "ASCII: the pool woke by its put" grep -qE '^pool pid 3842 +\*zv' <<<"$ascii"
pvt=$("$SCHEDSCOPE" view "$TOP/traces/procvsthread.trace" --batch --ascii --size 160x48)
check "ASCII: a thread hangs from its process by '-'" grep -qE '^\|-Thread-1 tid 5274 ' <<<"$pvt"
