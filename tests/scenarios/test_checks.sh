#!/usr/bin/env bash
# Every lesson recorded under `schedscope run` (root), then `schedscope check --tsv` on
# its trace: which checks pass, about which pids and items (task ids, values), as
# found independently in the same trace (`dump --tsv`) or the scenario's output. And
# runs made to fail a check: pool with as many workers as tasks (no task waits), lock
# with no iterations (no contention), with their hints and check's exit status.
#
# A check whose outcome needs the CPUs says "inconclusive" when other tasks took more
# than 20% of them (measured in the trace): such a result is a SKIP with its evidence,
# never a pass. Takes about 40 s, a minute and a half on a loaded VM.
# shellcheck disable=SC2016  # the hints hold backquotes on purpose
source "$(dirname "$0")/../lib.sh"
shopt -s extglob

# tag:id of every check result asserted, for the SKIP lines without root
EXPECTED=(
  fork:fork.returns_twice fork:fork.own_process fork:fork.parent_waits
  process:process.child_runs process:process.join_waits process:process.child_computes
  pool:pool.workers_first pool:pool.each_task_once pool:pool.task_waited pool:pool.close_join
  pool5:pool.task_waited queue:queue.put_wakes queue:queue.in_order queue:queue.terminated
  pipe:pipe.request_wakes pipe:pipe.parent_waits pipe:pipe.eof_ends
  threads:threads.same_process threads:threads.loop_sleeps threads:threads.join_waits
  lock:lock.contention lock:lock.release_wakes lock:lock.balance
  lock0:lock.contention lock0:lock.release_wakes lock0:lock.balance
  nolock:lock.lost_update nolock:lock.at_once
  multicore:multicore.all_cores multicore:multicore.cores_worth multicore:multicore.never_sleep
  threadlocal:threadlocal.own_copy threadlocal:threadlocal.reads_own
  procvsthread:procvsthread.fork_vs_clone procvsthread:procvsthread.same_time
  procvsthread:procvsthread.switching
  distributed:distributed.connect distributed:distributed.recv_wakes distributed:distributed.every_task
)
OTHERS=(
  "fork: parent_waits is about the waking of the parent by the child's exit"
  "pool: task_waited is about the moment the freed worker got task 2"
  "pool5: the hint asks for more tasks than workers"
  "lock0: the hint asks for more iterations"
  "check: exit status 0 when all pass, 1 when one fails"
  "check: a trace that is not a lesson's is refused"
  "pipe: shown first: the first round trips, the parent and the replier on top"
  "lock: shown first: the first unlock that woke a waiter, the two threads on top"
  "multicore: shown first: the whole run on CPU lanes, the busy threads on top"
  "distributed: shown first: the first task's round trip, master and workers on top"
)
names=()
for e in "${EXPECTED[@]}"; do names+=("${e%%:*}: ${e#*:}"); done
need_root "${names[@]}" "${OTHERS[@]}" || exit 0

# shellcheck source=tests/scenarios/recorded.sh
source "$(dirname "$0")/recorded.sh"

# checked TAG: `schedscope check --tsv` on TAG's trace into TAG.checks; sets $check_rc.
checked() {
  "$SCHEDSCOPE" check --tsv "$T_TMP/$1.trace" >"$T_TMP/$1.checks" 2>"$T_TMP/$1.cerr"
  check_rc=$?
}
# field TAG ID N: column N of check ID's result (3 at_ns, 6 tids, 7 items, 8 evidence, 9 hint).
field() { awk -F'\t' -v id="$2" -v n="$3" '$1 == id { print $n }' "$T_TMP/$1.checks"; }
# expect TAG ID VERDICT TIDS ITEMS: the result of check ID, its tids and items (bash
# patterns: "*" for any, "@(a|b)" for either; "-" for none). An inconclusive result
# where another was expected is a SKIP with its evidence.
expect() {
  local tag=$1 id=$2 v t i got
  v=$(field "$tag" "$id" 2); t=$(field "$tag" "$id" 6); i=$(field "$tag" "$id" 7)
  got="$v ${t:--} ${i:--}"
  if [ "$v" = inconclusive ] && [ "$3" != inconclusive ]; then
    skip "$tag: $id" "$(field "$tag" "$id" 8)"
  elif [[ $got == $3\ $4\ $5 ]]; then
    pass "$tag: $id"
  else
    fail "$tag: $id" "expected '$3 $4 $5', got '$got': $(field "$tag" "$id" 8)"
  fi
}
# shown TAG: where check says the timeline opens, without the times: ", thread lanes;
# on top: pipe 4100, replier 4101", or " (the whole run), ..." when nothing declared was found.
shown() {
  "$SCHEDSCOPE" check "$T_TMP/$1.trace" 2>/dev/null | sed -n 's/^shown first: [^,]* to [0-9.]*s//p'
}
# marker_ts TAG PID NAME ARG0 ARG1: the time of PID's first marker NAME(ARG0, ARG1).
marker_ts() {
  awk -F'\t' -v p="$2" -v n="schedscope:$3" -v a="$4" -v b="$5" '$3 == "marker" && $4 == p && $5 == n &&
    $6 == a && $7 == b { print $1; exit }' "$T_TMP/$1.tsv"
}
# marker_arg TAG PID NAME N: argument N (1-based) of PID's first marker NAME.
marker_arg() {
  awk -F'\t' -v p="$2" -v n="schedscope:$3" -v k="$4" '$3 == "marker" && $4 == p && $5 == n {
    print $(5 + k); exit }' "$T_TMP/$1.tsv"
}
# wakers TAG WAKER WAKEE SYSCALL: how many times WAKER, in SYSCALL, woke WAKEE.
wakers() {
  awk -F'\t' -v a="$2" -v b="$3" -v s="$4" '$3 == "waker" && $4 == a && $5 == b && $7 == s' \
    "$T_TMP/$1.tsv" | wc -l
}

# ---- fork ----
trace fork fork --child-ms 100
checked fork
child=$(nth_child fork "$main" 1)
expect fork fork.returns_twice pass "$main,$child" "$child,0"
expect fork fork.own_process pass "$child,$main" -
expect fork fork.parent_waits pass "$main,$child" -
check_eq "fork: parent_waits is about the waking of the parent by the child's exit" \
  "$(awk -F'\t' -v c="$child" -v p="$main" '$3 == "waking" && $4 == c && $5 == p { t = $1 } END { print t }' \
       "$T_TMP/fork.tsv")" "$(field fork fork.parent_waits 3)"

# ---- process ----
trace process process --work-ms 100
checked process
child=$(nth_child process "$main" 1)
expect process process.child_runs pass "$child,$main" -
expect process process.join_waits pass "$main,$child" -
expect process process.child_computes pass "$child" "@(8[0-9]|9[0-9]|100)"

# ---- pool: --seed 7 makes tasks 0, 1, 2 last 100, 157, 238 ms; task 2 waits ----
trace pool pool --workers 2 --tasks 3 --max-ms 300 --seed 7
checked pool
w1=$(nth_child pool "$main" 1) w2=$(nth_child pool "$main" 2)
ran0=$(arg "$out" '^Run task 0 (\([0-9]*\))\.\.\.$')
other=$([ "$ran0" = "$w1" ] && echo "$w2" || echo "$w1")
last=$(awk -F'\t' -v a="$w1" -v b="$w2" '$3 == "exit" && ($4 == a || $4 == b) { p = $4 } END { print p }' \
         "$T_TMP/pool.tsv")
expect pool pool.workers_first pass "$w1,$w2" -
expect pool pool.each_task_once pass "$ran0,$other" "0,1,2"
expect pool pool.task_waited pass "$ran0" 2
check_eq "pool: task_waited is about the moment the freed worker got task 2" \
  "$(marker_ts pool "$ran0" get 1 2)" "$(field pool pool.task_waited 3)"
expect pool pool.close_join pass "$last,$main" -
pool_rc=$check_rc

# as many workers as tasks: every task has an idle worker
trace pool5 pool --workers 5 --tasks 5 --max-ms 300 --seed 7
checked pool5
expect pool5 pool.task_waited fail - -
check_eq "pool5: the hint asks for more tasks than workers" \
  "no task waited for a worker: 5 tasks on 5 workers|rerun with more tasks than workers: \`-- --tasks 10\`" \
  "$(field pool5 pool.task_waited 8)|$(field pool5 pool.task_waited 9)"
check_eq "check: exit status 0 when all pass, 1 when one fails" "0 1" "$pool_rc $check_rc"

# ---- queue: the first item put while the reader slept is the first to wake it ----
trace queue queue --max-ms 100 --seed 3
checked queue
writer=$(nth_child queue "$main" 1) reader=$(nth_child queue "$main" 2)
woke=$(awk -F'\t' -v w="$writer" -v r="$reader" '$3 == "waker" && $4 == w && $5 == r && $7 == "write" && !t { t = $1 }
         t && $3 == "marker" && $4 == r && $5 == "schedscope:get" { print $7; exit }' "$T_TMP/queue.tsv")
expect queue queue.put_wakes pass "$writer,$reader" "${woke:-none}"
expect queue queue.in_order pass "$writer,$reader" "97,98,99"
expect queue queue.terminated pass "$main,$reader" -

# ---- pipe: the wake-ups are the kernel's (the round trips carry no markers) ----
trace pipe pipe --rounds 200
checked pipe
replier=$(nth_child pipe "$main" 1)
expect pipe pipe.request_wakes pass "$main,$replier" "$(wakers pipe "$main" "$replier" write)"
# the parent waits: woken by a reply, or preempted by the replier it woke (one CPU)
gave=$(awk -F'\t' -v p="$main" -v r="$replier" '$3 == "switch" && $4 == p && $5 == r && ($6 == "R" || $6 == "R+")' \
         "$T_TMP/pipe.tsv" | wc -l)
expect pipe pipe.parent_waits pass "$main,$replier" "$(wakers pipe "$replier" "$main" write),$gave"
expect pipe pipe.eof_ends pass "$main,$replier" -
check_eq "pipe: shown first: the first round trips, the parent and the replier on top" \
  ", thread lanes; on top: pipe $main, replier $replier" "$(shown pipe)"

# ---- threads ----
trace threads threads --pause-ms 20
checked threads
loop=$(nth_child threads "$main" 1)
expect threads threads.same_process pass "$loop,$main" -
expect threads threads.loop_sleeps pass "$loop" 5
expect threads threads.join_waits pass "$main,$loop" -

# ---- lock: the default iterations contend; none do not ----
trace lock lock
checked lock
t1=$(nth_child lock "$main" 1) t2=$(nth_child lock "$main" 2)
waiter=$(awk -F'\t' '$3 == "marker" && $5 == "schedscope:lock_wanted" { print $4; exit }' "$T_TMP/lock.tsv")
holder=$([ "$waiter" = "$t1" ] && echo "$t2" || echo "$t1")
wanted=$(awk -F'\t' '$3 == "marker" && $5 == "schedscope:lock_wanted"' "$T_TMP/lock.tsv" | wc -l)
expect lock lock.contention pass "$waiter,$holder" "$wanted"
expect lock lock.release_wakes pass "@($t1,$t2|$t2,$t1)" "+([0-9])"
expect lock lock.balance pass - 0
check_eq "lock: shown first: the first unlock that woke a waiter, the two threads on top" \
  ", thread lanes; on top: Thread-1 $t1, Thread-2 $t2" "$(shown lock)"

trace lock0 lock --iterations 0
checked lock0
expect lock0 lock.contention fail - -
expect lock0 lock.release_wakes fail - -
expect lock0 lock.balance pass - 0
# with no iterations there is nothing to race, however busy the machine: a
# certain fail, never inconclusive
check_eq "lock0: the hint asks for more iterations" \
  "fail|no lock contention this run: neither thread found the lock held (0 iterations a thread: too few to meet)|rerun with more iterations: \`-- --iterations 10000000\`" \
  "$(field lock0 lock.contention 2)|$(field lock0 lock.contention 8)|$(field lock0 lock.contention 9)"

# ---- lock --no-lock: the lost update (10M iterations: the threads surely overlap) ----
trace nolock lock --no-lock --iterations 10000000
checked nolock
t1=$(nth_child nolock "$main" 1) t2=$(nth_child nolock "$main" 2)
expect nolock lock.lost_update pass "$t1,$t2" "$(arg "$out" '^balance = \(-*[0-9]*\)$')"
expect nolock lock.at_once pass "$t1,$t2" -

# ---- multicore ----
trace multicore multicore --threads 2 --seconds 0.5
checked multicore
b0=$(nth_child multicore "$main" 1) b1=$(nth_child multicore "$main" 2)
expect multicore multicore.all_cores pass "$b0,$b1" "+([0-9]),+([0-9])"
expect multicore multicore.cores_worth pass - "+([0-9])"
expect multicore multicore.never_sleep pass "$b0,$b1" "0,+([0-9])"
check_eq "multicore: shown first: the whole run on CPU lanes, the busy threads on top" \
  " (the whole run), CPU lanes; on top: busy-0 $b0, busy-1 $b1" "$(shown multicore)"

# ---- threadlocal: Alice and Bob, packed as text ----
trace threadlocal threadlocal --pause-ms 20
checked threadlocal
ta=$(nth_child threadlocal "$main" 1) tb=$(nth_child threadlocal "$main" 2)
expect threadlocal threadlocal.own_copy pass "$ta,$tb" \
  "$(marker_arg threadlocal "$ta" local_set 1),$(marker_arg threadlocal "$tb" local_set 1)"
expect threadlocal threadlocal.reads_own pass "$ta,$tb" "435459550273,6451010"

# ---- procvsthread ----
trace procvsthread procvsthread --workers 2 --mloops 20 --many 16
checked procvsthread
p1=$(nth_child procvsthread "$main" 1) p2=$(nth_child procvsthread "$main" 2)
c1=$(nth_child procvsthread "$main" 3) c2=$(nth_child procvsthread "$main" 4)
expect procvsthread procvsthread.fork_vs_clone pass "$p1,$p2,$c1,$c2" "2,2"
expect procvsthread procvsthread.same_time pass - "+([0-9]),+([0-9])"
expect procvsthread procvsthread.switching pass - "+([0-9]),+([0-9])"

# ---- distributed ----
trace distributed distributed --workers 2 --tasks 4 --work-ms 20 --seed 1
checked distributed
w1=$(nth_child distributed "$main" 1) w2=$(nth_child distributed "$main" 2)
expect distributed distributed.connect pass "$w1,$w2" \
  "$(marker_arg distributed "$w1" connect 2),$(marker_arg distributed "$w2" connect 2)"
expect distributed distributed.recv_wakes pass "@($w1|$w2),$main" \
  "$(( $(wakers distributed "$main" "$w1" sendto) + $(wakers distributed "$main" "$w2" sendto) ))"
expect distributed distributed.every_task pass "$w1,$w2" "0,1,2,3"
check_eq "distributed: shown first: the first task's round trip, master and workers on top" \
  ", thread lanes; on top: distributed $main, worker-1 $w1, worker-2 $w2" "$(shown distributed)"

# ---- not a lesson ----
"$SCHEDSCOPE" record -q -o "$T_TMP/true.trace" -- true >/dev/null 2>&1
"$SCHEDSCOPE" check "$T_TMP/true.trace" >"$T_TMP/true.out" 2>"$T_TMP/true.err"
check_eq "check: a trace that is not a lesson's is refused" "1 0" \
  "$? $(grep -c . "$T_TMP/true.out")"
