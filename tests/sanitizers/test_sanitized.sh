# The tree under the sanitizers, as part of the one test command: the unit
# tests built with ASan and UBSan (make asan ASAN_TESTS=unit; any report
# aborts the test), and every libFuzzer target replaying its regression
# inputs, then fuzzing for FUZZ_SECONDS (30 by default) from the recorded
# seed traces (make fuzz). Each sanitized unit test and each fuzz target is
# one line here. Needs clang and its fuzzer runtime (scripts/install-deps.sh
# installs them); without them the lines say why they fail.
source "$(dirname "$0")/../lib.sh"

SAN_BUILD=$BUILD/sanitized
FUZZ_SECONDS=${FUZZ_SECONDS:-30}
cd "$TOP" || exit 1

# ---- unit tests under ASan + UBSan ----
out=$(make -j"$(nproc)" --no-print-directory BUILD="$SAN_BUILD" asan ASAN_TESTS=unit 2>&1); rc=$?
lines=$(grep -E '^  (PASS|FAIL|SKIP): ' <<<"$out" | sed 's/^  //; s/^\(PASS\|FAIL\|SKIP\): /\1: asan\//')
if [ -n "$lines" ]; then
  printf '%s\n' "$lines"
fi
if [ $rc -ne 0 ] && ! grep -q '^FAIL:' <<<"$lines"; then
  fail "asan: make asan" "exited with status $rc: $(tail -5 <<<"$out" | tr '\n' '|')"
elif [ -z "$lines" ]; then
  fail "asan: make asan" "no test ran: $(tail -5 <<<"$out" | tr '\n' '|')"
fi

# ---- fuzz targets ----
out=$(make -j"$(nproc)" --no-print-directory BUILD="$SAN_BUILD" fuzz FUZZ_SECONDS="$FUZZ_SECONDS" 2>&1); rc=$?
targets=$(sed -n 's/^FUZZ_TARGETS *?= *//p' Makefile)
for t in $targets; do
  line=$(grep -E "^$t +[0-9?]+ inputs in" <<<"$out")
  if grep -q "^FAIL: fuzz $t\b" <<<"$out"; then
    fail "fuzz $t" "$(grep -A3 "^FAIL: fuzz $t\b" <<<"$out" | tr '\n' '|')"
  elif [ -n "$line" ]; then
    pass "fuzz $t: $(sed 's/  */ /g' <<<"$line"), no crash, leak or sanitizer report"
  else
    fail "fuzz $t" "not run (make fuzz status $rc): $(tail -5 <<<"$out" | tr '\n' '|')"
  fi
done
