#!/usr/bin/env bash
# `make fuzz`: every libFuzzer target, first over the regression inputs
# (each must pass, one run each), then fuzzing from the seed corpus for a
# time or a number of inputs. Fails on any crash, leak, sanitizer report,
# timeout or allocation over 2 GiB; the input that did it is kept in
# FUZZ_BUILD/crashes/. New inputs that reach new code are kept in
# FUZZ_BUILD/corpus/TARGET/ (not committed), so later runs start from them.
#   [FUZZ_ARGS="-max_len=4096 ..."] tests/fuzz/run.sh FUZZ_BUILD SECONDS RUNS TARGET...
set -u
TOP=$(cd "$(dirname "$0")/../.." && pwd)
FB=$1 SECONDS_EACH=$2 RUNS=$3
shift 3
SEEDS=$TOP/tests/fuzz/corpus
REGRESSIONS=$TOP/tests/fuzz/regressions
mkdir -p "$FB/crashes"
status=0
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
shopt -s nullglob
inputs=("$REGRESSIONS"/* "$SEEDS"/*)
summary=()

for t in "$@"; do
  bin=$FB/tests/fuzz/$t
  [ -x "$bin" ] || { echo "fuzz: $bin is not built" >&2; exit 1; }
  common=(-rss_limit_mb=2048 -malloc_limit_mb=2048 -timeout=20 "-artifact_prefix=$FB/crashes/$t-")
  if ! "$bin" "${common[@]}" "${inputs[@]}" >"$FB/$t.replay.log" 2>&1; then
    echo "FAIL: fuzz $t: a regression or seed input fails; see $FB/$t.replay.log" >&2
    tail -30 "$FB/$t.replay.log" >&2
    status=1
    continue
  fi
  mkdir -p "$FB/corpus/$t"
  if [ -n "$RUNS" ]; then budget=(-runs="$RUNS"); else budget=(-max_total_time="$SECONDS_EACH"); fi
  start=$(date +%s)
  # shellcheck disable=SC2086  # FUZZ_ARGS: words for libFuzzer
  "$bin" "${common[@]}" "${budget[@]}" ${FUZZ_ARGS:-} -print_final_stats=1 "$FB/corpus/$t" "$SEEDS" \
    >"$FB/$t.log" 2>&1
  rc=$?
  secs=$(( $(date +%s) - start ))
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$FB/$t.log")
  cov=$(grep -o 'cov: [0-9]*' "$FB/$t.log" | tail -1)
  if [ $rc -ne 0 ]; then
    echo "FAIL: fuzz $t (status $rc after ${execs:-?} inputs); see $FB/$t.log" >&2
    grep -A25 -m1 -E '==ERROR|runtime error|ERROR: libFuzzer|out-of-memory|timeout' "$FB/$t.log" >&2
    status=1
  fi
  summary+=("$(printf '%-9s %12s inputs in %5s s (%s/s), %s' "$t" "${execs:-?}" "$secs" \
    "$(( ${execs:-0} / (secs > 0 ? secs : 1) ))" "${cov:-cov: ?}")")
done
printf '%s\n' "${summary[@]}"
exit $status
