# The fuzzers' inputs through the real commands: the seed corpus (small
# traces recorded from the scenarios) and the regressions (inputs that once
# crashed or misled a command, their checksums made right). Every command
# that reads a trace (info, dump, flows, why, stats, critical, check,
# compare, view, export in each format) must end each with status 0 or 1
# and, on 1, a reason on stderr: never a signal, a sanitizer's abort (make
# asan) or a usage error. check may also say 1 (a check failed: a ✗ on
# stdout) or 3 (inconclusive), as its help says. Then what each file is: its
# status and event count, exactly.
source "$(dirname "$0")/../lib.sh"

SEEDS=$TOP/tests/fuzz/corpus
REGRESSIONS=$TOP/tests/fuzz/regressions

# One command on one file: status 0, or 1 with a line from schedscope
# (check: or 1 with a failed check, or 3).
safe() {
  local name=$1; shift
  local err out rc
  out=$("$SCHEDSCOPE" "$@" 2> "$T_TMP/err"); rc=$?
  err=$(cat "$T_TMP/err")
  if ! grep -qE 'Sanitizer|runtime error' <<<"$err" &&
     { [ $rc -eq 0 ] || { [ $rc -eq 1 ] && grep -q '^schedscope' <<<"$err"; } ||
       { [ "$1" = check ] && { [ $rc -eq 3 ] || { [ $rc -eq 1 ] && grep -q '^✗ ' <<<"$out"; }; }; }; }; then
    return 0
  fi
  fail "$name" "schedscope $* ended with status $rc: $(head -3 <<<"$err")"
  return 1
}

for f in "$SEEDS"/*.trace "$REGRESSIONS"/*.trace; do
  n=$(basename "$f" .trace)
  root=$("$SCHEDSCOPE" info "$f" --salvage 2>/dev/null | sed -n 's/^pid *//p')
  ok=1
  for salvage in "" --salvage; do
    safe "$n-info" info "$f" $salvage || ok=0
    safe "$n-dump" dump "$f" $salvage --tsv || ok=0
    safe "$n-flows" flows "$f" $salvage || ok=0
    safe "$n-why" why "$f" $salvage --pid "${root:-1}" || ok=0
    safe "$n-stats" stats "$f" $salvage --histograms || ok=0
    safe "$n-stats-pid" stats "$f" $salvage --tsv --pid "${root:-1}" || ok=0
    # without --pid, critical follows the traced command; a file naming none
    # is asked for --pid (status 2, a usage error), so only where there is one
    [ -n "$root" ] && { safe "$n-critical" critical "$f" $salvage || ok=0; }
    safe "$n-critical-pid" critical "$f" $salvage --tsv --pid "${root:-1}" --window 1ms,50ms || ok=0
    safe "$n-check" check "$f" $salvage || ok=0
    safe "$n-compare" compare "$f" "$SEEDS/pool.trace" $salvage || ok=0
    for fmt in perfetto json csv pprof folded; do
      safe "$n-export-$fmt" export "$f" $salvage -q -f "$fmt" -o "$T_TMP/out.$fmt" || ok=0
      safe "$n-export-$fmt-pid" export "$f" $salvage -q -f "$fmt" --pid "${root:-1}" \
        $([ $fmt = perfetto ] && echo --no-compact) -o "$T_TMP/pid.$fmt" || ok=0
      rm -rf "$T_TMP/out.$fmt" "$T_TMP/pid.$fmt"
    done
    safe "$n-export-svg" export "$f" $salvage -q -f svg -o "$T_TMP/out.svg" || ok=0
    safe "$n-export-html" export "$f" $salvage -q -f html --view thread --window 1ms,50ms -o "$T_TMP/out.html" || ok=0
    rm -f "$T_TMP/out.svg" "$T_TMP/out.html"
    safe "$n-view" view "$f" $salvage --batch --frames 3 --keys "Tab + + Right . Down Enter s End - 0 Home" || ok=0
  done
  [ $ok -eq 1 ] && pass "$n-every-command"
done

# what each file is: "status events" from info (with --salvage for the damaged)
expect() {
  local name=$1 want=$2 file=$3; shift 3
  local got
  got=$("$SCHEDSCOPE" info "$file" "$@" 2>/dev/null |
        awk '$1 == "status" {s = $2} $1 == "events" {e = $2} END {print s, e}')
  check_eq "$name" "$want" "$got"
}
expect seed-distributed "complete 5519" "$SEEDS/distributed.trace"
expect seed-dread-kstacks "complete 271" "$SEEDS/dread-kstacks.trace"   # version 2: kernel stacks
expect seed-fork "complete 193" "$SEEDS/fork.trace"
expect seed-lock "complete 885" "$SEEDS/lock.trace"
expect seed-pipe "complete 1385" "$SEEDS/pipe.trace"
expect seed-pipe-cut "INCOMPLETE 176" "$SEEDS/pipe-cut.trace"
expect seed-pipe-flows "complete 4197" "$SEEDS/pipe-flows.trace"
expect seed-pool "complete 1963" "$SEEDS/pool.trace"
expect seed-process "complete 151" "$SEEDS/process.trace"
expect seed-queue "complete 343" "$SEEDS/queue.trace"
expect seed-threadlocal "complete 287" "$SEEDS/threadlocal.trace"
expect seed-threads "complete 209" "$SEEDS/threads.trace"
# a count that would have sized a 9.6 GB allocation: malformed; salvage keeps the rest
expect regression-probes-count "INCOMPLETE 0" "$REGRESSIONS/probes-count.trace" --salvage
expect regression-flows-count "INCOMPLETE 0" "$REGRESSIONS/flows-count.trace" --salvage
expect regression-events-count "INCOMPLETE 3" "$REGRESSIONS/events-count.trace" --salvage
expect regression-time-back "DAMAGED 4" "$REGRESSIONS/time-back.trace"
expect regression-span "complete 2" "$REGRESSIONS/span-2p63.trace"
err=$("$SCHEDSCOPE" info "$REGRESSIONS/probes-count.trace" 2>&1 >/dev/null)
check_eq regression-probes-count-refused \
  "schedscope: $REGRESSIONS/probes-count.trace: damaged at offset 40: malformed chunk contents (use --salvage to read what precedes it)" "$err"
err=$("$SCHEDSCOPE" dump "$REGRESSIONS/time-back.trace" 2>&1 >/dev/null)
check_eq regression-time-back-said \
  "schedscope: $REGRESSIONS/time-back.trace: an events chunk of CPU 0 goes back in time" "$err"
