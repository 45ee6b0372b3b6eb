#!/usr/bin/env bash
# Runs every schedscope test and ends with "N passed, N failed, N skipped".
#   tests/run.sh [PATTERN]     only test files whose path contains PATTERN
# Unit tests are cmocka binaries (build/tests/unit/*), run with TAP output.
# Shell tests are tests/*/test_*.sh; they print PASS:/FAIL:/SKIP: lines (tests/lib.sh).
set -u
TOP=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$TOP/build}
pattern=${1:-}
passed=0 failed=0 skipped=0
failures=()

tally() { # reads PASS/FAIL/SKIP lines on stdin, echoes them, counts them
  local line
  while IFS= read -r line; do
    case "$line" in
      PASS:*) passed=$((passed + 1)); echo "  $line" ;;
      FAIL:*) failed=$((failed + 1)); failures+=("$line"); echo "  $line" ;;
      SKIP:*) skipped=$((skipped + 1)); echo "  $line" ;;
      *) [ -n "${VERBOSE:-}" ] && echo "    $line" ;;
    esac
  done
}

# cmocka TAP -> our lines. A binary that dies without reporting counts as one failure.
tap_to_lines() {
  local name=$1 line
  while IFS= read -r line; do
    case "$line" in
      "ok "*) echo "PASS: $name/${line#ok * - }" ;;
      "not ok "*"# SKIP"*) echo "SKIP: $name/${line##*# SKIP }: skipped by the test" ;;
      "not ok "*" - "*) echo "FAIL: $name/${line#not ok * - }: assertion failed" ;;
      "# "*) echo "    $line" ;;
    esac
  done
}

for bin in "$BUILD"/tests/unit/*; do
  [ -x "$bin" ] || continue
  # PATTERN is matched against the path below the tree, never the tree's own
  case "tests/unit/${bin##*/}" in *"$pattern"*) ;; *) continue ;; esac
  echo "== unit: $(basename "$bin")"
  out=$(CMOCKA_MESSAGE_OUTPUT=TAP "$bin" 2>&1); rc=$?
  lines=$(printf '%s\n' "$out" | tap_to_lines "$(basename "$bin")")
  if [ $rc -ne 0 ] && ! grep -q '^FAIL:' <<<"$lines"; then
    lines+=$'\n'"FAIL: $(basename "$bin"): exited with status $rc"$'\n'"$out"
  fi
  # a binary that ran no test checked nothing
  grep -q '^\(PASS\|FAIL\|SKIP\):' <<<"$lines" || lines+=$'\n'"FAIL: $(basename "$bin"): reported no test"
  tally < <(printf '%s\n' "$lines")
done

for t in "$TOP"/tests/*/test_*.sh; do
  [ -f "$t" ] || continue
  rel=${t#"$TOP"/}
  case "$rel" in *"$pattern"*) ;; *) continue ;; esac
  echo "== $rel"
  start=$(date +%s)
  before=$((passed + failed + skipped))
  tally < <(BUILD="$BUILD" bash "$t" 2>&1; rc=$?; [ $rc -eq 0 ] || echo "FAIL: $rel: script exited with status $rc")
  # a test file that printed no PASS, FAIL or SKIP line checked nothing
  [ $((passed + failed + skipped)) -gt "$before" ] || tally <<<"FAIL: $rel: reported no check"
  echo "   ($(( $(date +%s) - start ))s)"
done

if [ ${#failures[@]} -gt 0 ]; then
  echo
  echo "Failures:"
  printf '  %s\n' "${failures[@]}"
fi
echo
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
