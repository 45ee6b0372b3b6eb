#!/usr/bin/env bash
# Every lesson run live in a real terminal (tmux, 160x48), as a student would:
# `schedscope run NAME`, and when the run ends, with no key pressed, the first
# screen holds the lesson's shape (a worker's "task 2", pool's pending tasks,
# the lock's holder, the hand-off marks, fork()'s two return values,
# threadlocal's two copies, procvsthread's phases, processes and threads
# drawn apart) and its checklist with every check ticked.
#
# Whether a run shows its lesson can depend on the CPUs it got (a lock is
# contended only while both threads run): those checks measure what other
# tasks took in the run's own trace (busy_others) and SKIP with it when the
# machine was busy (check_quiet). SCREENS_DIR=DIR keeps each first screen
# as DIR/NAME.txt (docs/SCENARIOS.md quotes them).
source "$(dirname "$0")/../lib.sh"

# (pool: tasks of random length go to whichever worker is free; the longest
# spans most of the run, so one worker's lane is wide enough to name it)
# NAME|options (the catalog's test options; lock its default 1M iterations, which
# contend, as tests/scenarios/test_checks.sh runs it)|shape regex|what the shape is|quiet: shown
# only when the run had the CPUs (a contended lock, busy cores, a pipe's sleeps,
# phases wide enough to name), always: whatever the load
LESSONS=(
  "fork|--child-ms 100|fork\(\) returned 0|the child's fork() returned 0|always"
  "fork|--child-ms 100|^fork pid [0-9]+ .*fork\(\) returned [1-9][0-9]*|the parent's fork() returned the child's pid|always"
  "process|--work-ms 100|^└─Process-1 pid [0-9]+ .*task 0|the child's task span|always"
  "pool|--workers 2 --tasks 3 --max-ms 300|thread view \(Tab: CPUs\)|the lesson's view, taken when the run ended|always"
  "pool|--workers 2 --tasks 3 --max-ms 300|^pending tasks +[0-9]|the pending-tasks row|always"
  "pool|--workers 2 --tasks 3 --max-ms 300|^[├└]─PoolWorker-[12] pid [0-9]+ .*task [0-9]|a worker's task span|always"
  "queue|--max-ms 100|^reader pid [0-9]+ .*●|the reader woken by the writer|always"
  "queue|--max-ms 100|^writer pid [0-9]+ .*↓|the writer's put that woke it|always"
  "pipe|--rounds 200|^[0-9]+us/cell|the first round trips, in microseconds a cell|quiet"
  "pipe|--rounds 200|^pipe pid [0-9]+ .*●|the parent woken by the reply|quiet"
  "pipe|--rounds 200|^└─replier pid [0-9]+ .*↑|the reply that woke it|quiet"
  "threads|--pause-ms 20|╌LoopThread tid [0-9]+|the thread drawn as a thread|always"
  "lock||^[├└]╌Thread-[12] tid [0-9]+ .*holds|the lock holder's span|quiet"
  "lock||waits for the lock|the waiter's wait|quiet"
  "multicore|--threads 2 --seconds 0.3|^CPU [01] .*busy-[01]|a busy thread on each CPU|quiet"
  "threadlocal|--pause-ms 20|own copy = Alice|Thread-A's own copy|always"
  "threadlocal|--pause-ms 20|own copy = Bob|Thread-B's own copy|always"
  "procvsthread|--workers 2 --mloops 20 --many 16| 2 processes .* 2 threads |the phases on the ruler|quiet"
  "procvsthread|--workers 2 --mloops 20 --many 16|^├╌Thread-1 tid [0-9]+|a thread drawn as a thread|always"
  "procvsthread|--workers 2 --mloops 20 --many 16|^├─Process-1 pid [0-9]+|a process drawn as a process|always"
  "distributed|--workers 2 --tasks 4 --work-ms 20|^├─worker-1 pid [0-9]+ .*task [0-9]|a worker's task span|always"
)
# The lock's holder and waiter are drawn on its first screen when the run
# had at least this many contended acquisitions (a quiet run has hundreds).
LOCK_WAITS_DRAWN=100
NAMES=$(for l in "${LESSONS[@]}"; do IFS='|' read -r n _ _ what _ <<<"$l"; echo "${n}:_${what// /_}"; done | sort -u)
need_root $NAMES $(printf '%s:_all_checks_ticked ' fork process pool queue pipe threads lock multicore threadlocal procvsthread distributed) || exit 0
if ! command -v tmux >/dev/null; then
  skip "lessons live in tmux" "tmux is not installed"
  exit 0
fi
source "$(dirname "$0")/tmux.sh"

"${TM[@]}" new-session -d -x 160 -y 48 -s ui \
  "cd $T_TMP && env -i PATH=/usr/bin:/bin LANG=C.UTF-8 TERM=screen bash --norc --noprofile"
sleep 0.2

ran=""
for l in "${LESSONS[@]}"; do
  IFS='|' read -r name opts shape what needs <<<"$l"
  if [[ " $ran " != *" $name "* ]]; then
    ran+=" $name"
    keys "clear; $SCHEDSCOPE run $name -o $name.trace -- $opts; echo EXIT=\$?" Enter
    if ! wait_for '^ FINISHED'; then
      fail "$name: the run finishes and the view stays open" "$(screen | tail -3)"
      keys q; wait_for '^EXIT=' || true
      continue
    fi
    # the first screen once it has settled on the lesson: no key pressed
    wait_for 'what to notice: ' || true
    screen > "$T_TMP/$name.txt"
    [ -n "${SCREENS_DIR:-}" ] && cp "$T_TMP/$name.txt" "$SCREENS_DIR/$name.txt"
    keys q
    wait_for '^EXIT=' || true
    others=$(busy_others "$T_TMP/$name.trace")
    seen=$(grep -oE 'what to notice: [0-9]+ of [0-9]+ seen' "$T_TMP/$name.txt")
    n=$(awk '{ print $4 }' <<<"$seen") of=$(awk '{ print $6 }' <<<"$seen")
    # a check the lesson itself calls inconclusive (?: other tasks took what
    # it needed, measured on that CPU) is a skip with its own words
    unsure=$(grep -A1 '^   ? ' "$T_TMP/$name.txt" | tr -s ' ' | paste -sd ' ')
    if [ -n "$unsure" ] && [ "$((n + $(grep -c '^   ? ' "$T_TMP/$name.txt")))" = "$of" ]; then
      skip "$name: all checks ticked ($seen)" "the lesson says inconclusive: $unsure"
    else
      check_quiet "$name: all checks ticked ($seen)" "$others" \
        bash -c "[ -n '$n' ] && [ '$n' = '$of' ] && [ \$(grep -c '^   ✓ ' '$T_TMP/$name.txt') -ge '$of' ]"
    fi
  fi
  if [ "$needs" = quiet ] && [ "$name" = lock ] && ! grep -qE -- "$shape" "$T_TMP/$name.txt" &&
     waits=$("$SCHEDSCOPE" dump --tsv --kind marker "$T_TMP/$name.trace" | grep -c 'schedscope:lock_wanted') &&
     [ "$waits" -lt "$LOCK_WAITS_DRAWN" ]; then
    # the lock's spans are drawn where a wait is wide enough at the first
    # screen's zoom: a run with few contended acquisitions may show none
    skip "$name: $what" "only $waits contended acquisitions in this run (fewer than $LOCK_WAITS_DRAWN); other tasks took $others"
  elif [ "$needs" = quiet ]; then
    check_quiet "$name: $what" "$others" grep -qE -- "$shape" "$T_TMP/$name.txt"
  else
    check "$name: $what" grep -qE -- "$shape" "$T_TMP/$name.txt"
  fi
done
