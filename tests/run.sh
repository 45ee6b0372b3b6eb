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
  case "$bin" in *"$pattern"*) ;; *) continue ;; esac
  echo "== unit: $(basename "$bin")"
  out=$(CMOCKA_MESSAGE_OUTPUT=TAP "$bin" 2>&1); rc=$?
  lines=$(printf '%s\n' "$out" | tap_to_lines "$(basename "$bin")")
  if [ $rc -ne 0 ] && ! grep -q '^FAIL:' <<<"$lines"; then
    lines+=$'\n'"FAIL: $(basename "$bin"): exited with status $rc"$'\n'"$out"
  fi
  tally < <(printf '%s\n' "$lines")
done

for t in "$TOP"/tests/*/test_*.sh; do
  [ -f "$t" ] || continue
  case "$t" in *"$pattern"*) ;; *) continue ;; esac
  rel=${t#"$TOP"/}
  echo "== $rel"
  start=$(date +%s)
  tally < <(BUILD="$BUILD" bash "$t" 2>&1; rc=$?; [ $rc -eq 0 ] || echo "FAIL: $rel: script exited with status $rc")
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
