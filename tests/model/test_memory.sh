# When memory runs out while a trace loads, the model says so instead of
# dropping runs silently: `why` prints one warning line naming what it ran
# out for, and still answers from what it has. The address-space limit that
# makes the model's growth fail is found by stepping down from one that is
# enough, so the test does not depend on library sizes. The input is
# synthetic (bench/gen_trace), labelled as such in its header.
source "$(dirname "$0")/../lib.sh"
if [ -n "${SCHEDSCOPE_SANITIZED:-}" ]; then   # make asan
  skip memory-warning "an address-space limit cannot hold ASan's shadow memory"
  exit 0
fi

GEN=$BUILD/bench/gen_trace
trace=$T_TMP/g.trace
"$GEN" "$trace" 1000000 2 8 >/dev/null || { fail memory-input "gen_trace failed"; exit 0; }

out=$("$SCHEDSCOPE" why "$trace" --pid 1000 2>&1); rc=$?
check_eq memory-unlimited-status 0 "$rc"
check_eq memory-unlimited-no-warning 0 "$(grep -c 'memory ran out' <<<"$out")"
full_runs=$(head -1 <<<"$out" | sed -n 's/.*ran \([0-9]*\) times.*/\1/p')
check_ge memory-unlimited-runs 1000 "${full_runs:-0}"

found=""
for kib in $(seq 200000 -5000 10000); do
  out=$( (ulimit -v "$kib"; "$SCHEDSCOPE" why "$trace" --pid 1000) 2>&1 ); rc=$?
  if grep -q 'memory ran out while loading' <<<"$out"; then found=$kib; break; fi
  # below what the model needs to start, the load fails with a message instead
  [ "$rc" -ne 0 ] && break
done
if [ -z "$found" ]; then
  fail memory-warning "no limit between 200000 and 10000 KiB made the model run short (last status $rc: $(head -1 <<<"$out"))"
  exit 0
fi
pass memory-warning
check_eq memory-warning-one-line 1 "$(grep -c 'memory ran out while loading' <<<"$out")"
check_eq memory-still-answers 0 "$rc"
runs=$(grep -v 'memory ran out' <<<"$out" | head -1 | sed -n 's/.*ran \([0-9]*\) times.*/\1/p')
if [ -n "$runs" ] && [ "$runs" -lt "$full_runs" ]; then pass memory-partial-runs
else fail memory-partial-runs "expected fewer runs than $full_runs, got '$runs'"; fi
