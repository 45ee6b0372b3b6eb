# Wakeups from interrupt contexts (tracer/ctx.bpf.h), against the real kernel:
# the timer that ends `sleep 0.05` is named, never the task it interrupted;
# the time each CPU spent in interrupts is in the file, `info`, `stats` and
# the Perfetto export.
source "$(dirname "$0")/../lib.sh"
source "$TOP/tests/export/common.sh"

need_root sleep-woken-by-no-task sleep-waker-event-is-the-timer sleep-why-names-the-timer \
  sleep-why-tsv-waker-0 sleep-dump-names-the-timer \
  irq-time-info irq-time-stats irq-time-perfetto sleep-perfetto-woken-by || exit 0

T=$T_TMP/sleep.trace
"$SCHEDSCOPE" record -q -o "$T" -- /bin/sleep 0.05 > /dev/null 2>&1
pid=$("$SCHEDSCOPE" info "$T" | awk '$1 == "pid" { print $2 }')
"$SCHEDSCOPE" dump --tsv "$T" > "$T.tsv"

# The one sleep in clock_nanosleep, and the waking that ended it: pid 0 (no
# task), followed by a waker event of cause timer, id 1 (hrtimer_wakeup: the
# timer of its own sleep), at the same instant.
blk=$(awk -F'\t' -v p="$pid" '$3 == "block" && $4 == p && $5 == "clock_nanosleep" { print $1 }' "$T.tsv")
check_eq sleep-woken-by-no-task "0" "$(awk -F'\t' -v p="$pid" -v b="$blk" \
  '$3 == "waking" && $5 == p && $1 > b { print $4; exit }' "$T.tsv")"
wake=$(awk -F'\t' -v p="$pid" -v b="$blk" '$3 == "waking" && $5 == p && $1 > b { print $1; exit }' "$T.tsv")
check_eq sleep-waker-event-is-the-timer "$wake 0 timer 1" \
  "$(awk -F'\t' -v p="$pid" -v w="$wake" '$3 == "waker" && $5 == p && $1 == w { print $1, $4, $6, $7 }' "$T.tsv")"

# why: the sentence names the timer of clock_nanosleep, and no task
why=$("$SCHEDSCOPE" why "$T" --pid "$pid")
check_eq sleep-why-names-the-timer 1 \
  "$(grep -c 'asleep on purpose (clock_nanosleep()); the clock_nanosleep timer expired$' <<<"$why")"
check_eq sleep-why-tsv-waker-0 "0 timer expired" \
  "$("$SCHEDSCOPE" why --tsv "$T" --pid "$pid" | awk -F'\t' '$1 == "blocked" && $9 == "clock_nanosleep" { print $6, $7 }')"
check_eq sleep-dump-names-the-timer 1 \
  "$("$SCHEDSCOPE" dump "$T" | grep -c "waker      an interrupt woke sleep:$pid: the timer of its own sleep expired$")"
# (the UI's detail panel says the same: tests/unit/test_explain.c)

# time in interrupts: one line per CPU, timer expiries counted on some CPU
ncpu=$("$SCHEDSCOPE" info "$T" | awk '$1 == "cpus" { print $2 }')
info=$("$SCHEDSCOPE" info "$T")
check_eq irq-time-info "$ncpu" "$(grep -cE '^(interrupts| {10}) +cpu[0-9]+ .* in device interrupts \(.*\), .* in softirqs.*, .* in timer callbacks \([0-9,]+ expir' <<<"$info")"
stats=$("$SCHEDSCOPE" stats "$T")
check_eq irq-time-stats "$ncpu" "$(sed -n '/^Time in interrupts, per CPU/,/^$/p' <<<"$stats" | grep -c '^  CPU [0-9]')"
"$SCHEDSCOPE" export --format perfetto -q "$T" -o "$T_TMP/sleep.pftrace" > /dev/null 2>&1
dec=$(pf_decode "$T_TMP/sleep.pftrace")
check_eq irq-time-perfetto "$ncpu" "$(grep -c '^ *str: ".* in device interrupts' <<<"$dec")"
check_eq sleep-perfetto-woken-by 1 "$(grep -c '^ *str: "the clock_nanosleep timer expired"$' <<<"$dec")"
