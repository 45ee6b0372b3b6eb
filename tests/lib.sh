# Shared helpers for schedscope's shell tests. Source it; do not run it.
#
# Every check prints exactly one line that tests/run.sh counts:
#   PASS: <name>            FAIL: <name>: <why>            SKIP: <name>: <why>
# A test file may print anything else; only those prefixes are counted.

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${BUILD:-$TOP/build}
SCHEDSCOPE=${SCHEDSCOPE:-$BUILD/schedscope}
SCENARIO_DIR=${SCENARIO_DIR:-$BUILD/scenarios}

# Nothing passes against a binary that is not there. A build without the BPF
# tools leaves it out on purpose and says why in recorder.skipped (Makefile).
if [ ! -x "$SCHEDSCOPE" ]; then
  if [ -s "$BUILD/recorder.skipped" ]; then
    echo "SKIP: $(basename "$0"): $SCHEDSCOPE was not built: $(cat "$BUILD/recorder.skipped")"
    exit 0
  fi
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

# A check must be able to fail. Two empty values compare equal whatever went
# wrong, `wc -l <<<""` says 1, and "none of these is wrong" holds for an empty
# list; so the helpers below refuse an empty expectation, count nothing as 0,
# and make "none wrong" say how many it looked at.

# check_eq NAME EXPECTED ACTUAL: EXPECTED must not be empty (use check_none).
check_eq() {
  if [ -z "$2" ]; then fail "$1" "nothing was expected (got '${3:0:200}'): empty equals empty"
  elif [ "$2" = "$3" ]; then pass "$1"
  else fail "$1" "expected '${2:0:300}', got '${3:0:300}'"; fi
}

# check_ge NAME MIN ACTUAL (integers, MIN >= 1: "at least 0" cannot fail)
check_ge() {
  if ! [ "$2" -ge 1 ] 2>/dev/null; then fail "$1" "a minimum of '$2' cannot fail"
  elif [ "$3" -ge "$2" ] 2>/dev/null; then pass "$1"
  else fail "$1" "expected >= $2, got '$3'"; fi
}

# check_none NAME CHECKED OFFENDERS: CHECKED (>= 1) items were looked at and
# OFFENDERS (a list of the wrong ones) is empty.
check_none() {
  if ! [ "$2" -ge 1 ] 2>/dev/null; then fail "$1" "nothing to check ('$2' items)"
  elif [ -z "$3" ]; then pass "$1"
  else fail "$1" "of $2: ${3:0:300}"; fi
}

# check_same NAME CHECKED WANT GOT: the list GOT equals WANT, read from the
# same CHECKED (>= 1) items; when WANT is empty (the trace has none), GOT must be
# empty too: "none, as in the trace" can fail, where empty equals empty cannot.
check_same() {
  if [ -n "$3" ]; then check_eq "$1" "$3" "$4"
  else check_none "$1" "$2" "${4:+unexpected: $4}"; fi
}

# check_zero NAME CHECKED WRONG: CHECKED (>= 1) items were looked at and WRONG
# (a count) of them were wrong: it must be 0.
check_zero() {
  if ! [ "$2" -ge 1 ] 2>/dev/null; then fail "$1" "nothing to check ('$2' items)"
  elif [ "$3" = 0 ]; then pass "$1"
  else fail "$1" "$3 of $2 wrong"; fi
}

# check_one_line NAME TEXT: TEXT is exactly one line, not empty (an error message).
check_one_line() {
  if [ -n "$2" ] && [ "$(count "$2")" -eq 1 ]; then pass "$1"
  else fail "$1" "expected one line, got $(count "$2"): '${2:0:200}'"; fi
}

# count TEXT: the non-empty lines of TEXT (0 for "", where wc -l says 1).
count() { grep -c . <<<"$1"; }

# positive N...: every N is an integer >= 1, so that a loop over 1..N checks
# something; says which is not on stderr (for check's failure line).
positive() {
  local n
  for n; do [ "$n" -ge 1 ] 2>/dev/null || { echo "nothing to loop over: '$n'" >&2; return 1; }; done
}

# words ARG...: the arguments joined by spaces, or nothing when one of them is
# empty, so that check_eq refuses an expectation with a part missing.
words() { local w; for w; do [ -n "$w" ] || return 0; done; echo "$*"; }

is_root() { [ "$(id -u)" -eq 0 ]; }

# need_root NAME...: prints one SKIP line per name and returns 1 when not root,
# so a test file can do `need_root a b c || exit 0`.
need_root() {
  is_root && return 0
  local n
  for n in "$@"; do skip "$n" "needs root"; done
  return 1
}

# ---- checks that need the CPUs to ourselves ----
# Some facts only show when the traced threads run when they want to: a lock
# is contended only while both its threads run; busy threads fill the CPUs
# only if nothing else wants them. Such a check measures what other tasks
# took while it ran; when it fails and they took more than QUIET_PCT of the
# CPUs, it SKIPs and says how much they took, never FAILs. It PASSes only on
# what it saw, whatever the load.
QUIET_PCT=${QUIET_PCT:-20}

# check_quiet NAME OTHERS CMD...: like check; OTHERS is "PCT% (...)" from
# busy_others or others_since.
check_quiet() {
  local name=$1 others=$2; shift 2
  if "$@"; then pass "$name"
  elif [ "${others%%%*}" -gt "$QUIET_PCT" ] 2>/dev/null; then
    skip "$name" "the machine was busy: other tasks took $others of the CPUs, over $QUIET_PCT% ($*)"
  else fail "$name" "$* (other tasks took ${others:-an unknown share} of the CPUs)"; fi
}

# busy_others TRACE [FROM_NS TO_NS]: the share of the CPUs' time from FROM to
# TO (default: the trace's first to last event) that went to other tasks:
# neither the traced ones (the command and all it forked), nor the recorder
# (schedscope), nor idle. From the trace's own switches, which cover every
# task on every CPU; plus what the host took (steal, which the switches show
# as the task it stopped), at the recording's whole share (`info`'s "steal").
# Prints "PCT% (comm:pid MS ms, ..., host H%)", the three biggest.
busy_others() {
  local trace=$1 main ncpu host
  main=$("$SCHEDSCOPE" info "$trace" | awk '$1 == "pid" { print $2 }')
  ncpu=$("$SCHEDSCOPE" info "$trace" | awk '$1 == "cpus" { print $2 }')
  host=$("$SCHEDSCOPE" info "$trace" | awk '$1 == "steal" && $3 == "host" { sub(/%/, "", $5); print $5 }')
  awk -F'\t' -v main="$main" -v ncpu="$ncpu" -v A="${2:-}" -v B="${3:-}" -v host="${host:-0}" '
    FNR == NR { n = split($0, t, " "); for (i = 1; i <= n; i++) if (t[i] ~ /:[0-9]+$/) {
                  p = t[i]; sub(/.*:/, "", p); c = t[i]; sub(/:[0-9]+$/, "", c); comm[p] = c } next }
    FNR == 1 { ours[main] = 1; if (A == "") A = $1 }
    { last = $1 }
    $3 == "fork" && ($4 in ours) { ours[$5] = 1 }
    $3 == "switch" {
      c = $2
      if (!(c in since)) since[c] = A
      s = since[c] > A ? since[c] : A; e = (B != "" && $1 > B) ? B : $1
      if (e > s && $4 != 0 && !($4 in ours) && comm[$4] != "schedscope") took[$4] += e - s
      since[c] = $1; cur[c] = $5
    }
    END {
      if (B == "") B = last
      for (c in since) { s = since[c] > A ? since[c] : A
        if (B > s && cur[c] != 0 && !(cur[c] in ours) && comm[cur[c]] != "schedscope") took[cur[c]] += B - s }
      for (p in took) all += took[p]
      if (B <= A || ncpu < 1) { print "?% (no time to measure)"; exit }
      printf "%d%% (", 100 * all / (ncpu * (B - A)) + host
      for (k = 0; k < 3; k++) { best = ""
        for (p in took) if (best == "" || took[p] > took[best]) best = p
        if (best == "") break
        printf "%s%s:%s %d ms", (k ? ", " : ""), comm[best], best, took[best] / 1e6; delete took[best] }
      if (host > 0) printf "%shost %s%%", (k ? ", " : ""), host
      printf ")\n" }' <("$SCHEDSCOPE" dump --kind switch "$trace") <("$SCHEDSCOPE" dump --tsv "$trace")
}

# slept_in TRACE PID SYSCALL: how many times PID went to sleep in SYSCALL (a
# parent that calls wait4 after its child has exited does not sleep: a
# check of the sleep needs one).
slept_in() { "$SCHEDSCOPE" dump --tsv --kind block "$1" | awk -F'\t' -v p="$2" -v s="$3" '$4 == p && $5 == s' | wc -l; }

# cpu_sample: the CPUs' time so far, in clock ticks: "busy idle" (busy has
# the host's steal time in it: a vCPU the host took is as good as busy).
cpu_sample() { awk '$1 == "cpu" { print $2 + $3 + $4 + $7 + $8 + $9, $5 + $6; exit }' /proc/stat; }

# others_since SAMPLE OURS_S: the share of the CPUs' time since SAMPLE (from
# cpu_sample) that went to others than us, who used OURS_S seconds of it:
# "PCT% (idle IDLE%)", for check_quiet. Without a trace this is all we know.
others_since() {
  local now
  now=$(cpu_sample)
  awk -v a="$1" -v b="$now" -v ours="$2" -v hz="$(getconf CLK_TCK)" 'BEGIN {
    split(a, x, " "); split(b, y, " "); busy = y[1] - x[1]; idle = y[2] - x[2]; all = busy + idle
    if (all <= 0) { print "?% (no time to measure)"; exit }
    o = busy - ours * hz; if (o < 0) o = 0
    printf "%d%% (idle %d%%)\n", 100 * o / all, 100 * idle / all }'
}
