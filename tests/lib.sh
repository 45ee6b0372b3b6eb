# Shared helpers for schedscope's shell tests. Source it; do not run it.
#
# Every check prints exactly one line that tests/run.sh counts:
#   PASS: <name>            FAIL: <name>: <why>            SKIP: <name>: <why>
# A test file may print anything else; only those prefixes are counted.

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${BUILD:-$TOP/build}
SCHEDSCOPE=${SCHEDSCOPE:-$BUILD/schedscope}
SCENARIO_DIR=${SCENARIO_DIR:-$BUILD/scenarios}

# Nothing passes against a binary that is not there.
if [ ! -x "$SCHEDSCOPE" ]; then
  echo "FAIL: $(basename "$0"): $SCHEDSCOPE is not built (run make)"
  exit 1
fi

# A scratch directory per test file, removed on exit.
T_TMP=$(mktemp -d "${TMPDIR:-/tmp}/schedscope-test.XXXXXX")
trap 'rm -rf "$T_TMP"' EXIT

pass() { echo "PASS: $1"; }
fail() { echo "FAIL: $1: ${2:-}"; }
skip() { echo "SKIP: $1: ${2:-}"; }

# check NAME CONDITION-COMMAND...: PASS if the command succeeds, FAIL otherwise.
check() {
  local name=$1; shift
  if "$@"; then pass "$name"; else fail "$name" "$*"; fi
}

# check_eq NAME EXPECTED ACTUAL
check_eq() {
  if [ "$2" = "$3" ]; then pass "$1"; else fail "$1" "expected '$2', got '$3'"; fi
}

# check_ge NAME MIN ACTUAL (integers)
check_ge() {
  if [ "$3" -ge "$2" ] 2>/dev/null; then pass "$1"; else fail "$1" "expected >= $2, got '$3'"; fi
}

is_root() { [ "$(id -u)" -eq 0 ]; }

# need_root NAME...: prints one SKIP line per name and returns 1 when not root,
# so a test file can do `need_root a b c || exit 0`.
need_root() {
  is_root && return 0
  local n
  for n in "$@"; do skip "$n" "needs root"; done
  return 1
}
