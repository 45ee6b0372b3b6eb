#!/usr/bin/env bash
# The sentence audit: for every lesson scenario (with its catalog test_args)
# and for a recording of the whole system, every `why` sentence of every
# thread is checked against the raw events of the same trace (dump --tsv) by
# sentence_audit.awk: the reason against the syscall it slept in, the
# channel, the waker and the waking, the duration, and that no sentence names
# a waker the events do not show running the waking code. (Whether a waker
# ran in interrupt context needs the kernel side; until then the sentences
# that cannot tell say so, and the audit holds them to it.)
source "$(dirname "$0")/../lib.sh"

NAMES="fork process pool queue pipe threads lock multicore threadlocal procvsthread distributed"
CHECKS=()
for n in $NAMES; do CHECKS+=("audit: $n: every why sentence agrees with the trace's events"); done
CHECKS+=("audit: --all: every why sentence agrees with the trace's events"
         "audit: --all: kernel threads wait for work")
need_root "${CHECKS[@]}" || exit 0

AUDIT=$TOP/tests/ipc/sentence_audit.awk
catalog=$(awk -F'"' '/\.name = /{ n = $2 } /\.test_args = /{ print n "\t" $2 }' "$TOP/scenarios/catalog.c")

# audit TRACE [MAX_THREADS]: the audit's last line, and its BAD lines on stderr.
# The threads are the traced tree as `why` lists it without --pid.
audit() {
  local trace=$1 max=${2:-100000} tree tids kts t
  "$SCHEDSCOPE" dump --tsv "$trace" > "$trace.tsv"
  tree=$("$SCHEDSCOPE" why "$trace" 2>&1)
  tids=$(sed -n 's/^ *[^ ].* \([0-9][0-9]*\), .*/\1/p' <<<"$tree" | head -n "$max")
  kts=$(sed -n 's/^ *[^ ].* \([0-9][0-9]*\), a kernel thread$/\1/p' <<<"$tree" | tr '\n' ' ')
  : > "$trace.why"
  for t in $tids; do
    "$SCHEDSCOPE" why --tsv "$trace" --pid "$t" | sed "s/^/$t\t/" >> "$trace.why"
  done
  awk -F'\t' -v kthreads="$kts" -f "$AUDIT" "$trace.tsv" "$trace.why" > "$trace.audit"
  grep '^BAD' "$trace.audit" | head -5 >&2
  tail -1 "$trace.audit"
}
# ok AUDIT-LINE MIN: at least MIN sentences checked, none bad
ok() { [[ $1 =~ ^checked\ ([0-9]+)\ sentences,\ [0-9]+\ runnable\ intervals,\ 0\ bad$ ]] && [ "${BASH_REMATCH[1]}" -ge "$2" ]; }

for n in $NAMES; do
  args=$(awk -F'\t' -v n="$n" '$1 == n { print $2 }' <<<"$catalog")
  # shellcheck disable=SC2086  # args is a list of words
  SCHEDSCOPE_SCENARIO_DIR=$SCENARIO_DIR "$SCHEDSCOPE" run "$n" -q -o "$T_TMP/$n.trace" -- $args \
    > "$T_TMP/$n.out" 2>&1
  line=$(audit "$T_TMP/$n.trace")
  if ok "$line" 1; then pass "audit: $n: every why sentence agrees with the trace's events"
  else fail "audit: $n: every why sentence agrees with the trace's events" "$line"; fi
done

# The whole system for half a second while a shell runs commands (vfork,
# wait4, pipes) and the kernel's own threads do their work.
A=$T_TMP/all.trace
( for i in $(seq 40); do /bin/sh -c '/bin/ls / | /usr/bin/wc -l; /bin/true' > /dev/null; sleep 0.01; done ) &
load=$!
"$SCHEDSCOPE" record --all -q -d 0.5 -o "$A" > /dev/null 2>&1
wait "$load"
line=$(audit "$A" 150)
if ok "$line" 20; then pass "audit: --all: every why sentence agrees with the trace's events"
else fail "audit: --all: every why sentence agrees with the trace's events" "$line"; fi
# the kernel threads' sleeps are waits for work, never a syscall's. On a
# busy machine no kernel thread may sleep in the half second (one run beside
# a benchmark had none): then there is nothing to check, and it says so.
kts=" $(sed -n 's/^ *[^ ].* \([0-9][0-9]*\), a kernel thread$/\1/p' <<<"$("$SCHEDSCOPE" why "$A" 2>&1)" | tr '\n' ' ')"
kall=$(awk -F'\t' -v k="$kts" '$2 == "blocked" && index(k, " " $1 " ")' "$A.why" | wc -l)
kwork=$(awk -F'\t' '$2 == "blocked" && $5 == "waiting for work"' "$A.why" | wc -l)
kio=$(awk -F'\t' -v k="$kts" '$2 == "blocked" && index(k, " " $1 " ") && $10 != "-"' "$A.why" | wc -l)
if [ "$kall" -eq 0 ]; then
  skip "audit: --all: kernel threads wait for work" "no kernel thread slept in the 0.5 s recorded (load average $(cut -d' ' -f1 /proc/loadavg))"
else
  check "audit: --all: kernel threads wait for work" [ "$kwork" -ge 1 -a "$kio" -eq 0 ]
fi
