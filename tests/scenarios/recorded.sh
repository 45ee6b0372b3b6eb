# Helpers for the tests that record scenarios under `schedscope run` (root).
# Source it after tests/lib.sh; do not run it.

# The catalog's markers and test_args: "name<TAB>markers<TAB>test_args" per scenario.
catalog=$(awk -F'"' '/\.name = /{ n = $2 } /\.markers = /{ m[n] = $2 }
                     /\.test_args = /{ print n "\t" m[n] "\t" $2 }' "$TOP/scenarios/catalog.c")
test_args() { awk -F'\t' -v n="$1" '$1 == n { print $3 }' <<<"$catalog"; }
# opt NAME OPTION: the value OPTION has in NAME's test_args.
opt() { test_args "$1" | awk -v o="$2" '{ for (i = 1; i < NF; i++) if ($i == o) print $(i + 1) }'; }
catalog_markers() { awk -F'\t' -v n="$1" '$1 == n { print $2 }' <<<"$catalog" | tr ',' '\n' | sort | tr '\n' ' '; }

# trace TAG NAME ARGS...: records scenario NAME into $T_TMP/TAG.trace, its stdout in
# TAG.out, the events in TAG.tsv; sets $rc, $out, $main (the traced pid) and $ok
# (exit 0, a complete trace, nothing lost); test_traced.sh's roles start empty.
# The VM may be shared, and the checks hold margins of tens of milliseconds
# (and multicore's 90%), so recorder and scenario run at nice -20, in a session of
# their own whose autogroup has nice -20 too (with autogroups, a task's nice value
# only counts against the tasks of its own session).
high_priority='[ ! -w /proc/self/autogroup ] || echo -20 >/proc/self/autogroup; exec nice -n -20 "$@"'
trace() {
  local tag=$1 name=$2 info; shift 2
  SCHEDSCOPE_SCENARIO_DIR=$SCENARIO_DIR timeout 60 setsid -w sh -c "$high_priority" sh \
    "$SCHEDSCOPE" run "$name" -q -o "$T_TMP/$tag.trace" -- "$@" >"$T_TMP/$tag.out" 2>"$T_TMP/$tag.err"
  rc=$?
  out=$(cat "$T_TMP/$tag.out")
  "$SCHEDSCOPE" dump --tsv "$T_TMP/$tag.trace" >"$T_TMP/$tag.tsv" 2>>"$T_TMP/$tag.err"
  info=$("$SCHEDSCOPE" info "$T_TMP/$tag.trace" 2>&1)
  main=$(awk '$1 == "pid" { print $2 }' <<<"$info")
  ok="rc=$rc $(awk '$1 == "status" || $1 == "lost" { printf "%s=%s ", $1, $2 }' <<<"$info")"
  ok=${ok% }
  : >"$T_TMP/$tag.roles"
  rm -f "$T_TMP/$tag.timeline"
  [ "$rc" -eq 0 ] || head -3 "$T_TMP/$tag.err"
}
check_traced() { check_eq "$1: runs traced, exits 0, complete trace, nothing lost" \
  "rc=0 status=complete lost=0" "$ok"; }

# forks TAG PARENT: "child kind" of every fork event by PARENT, in time order.
forks() { awk -F'\t' -v p="$2" '$3 == "fork" && $4 == p { print $5, $6 }' "$T_TMP/$1.tsv"; }
# nth_child TAG PARENT N: the N-th child (1-based) PARENT forked.
nth_child() { forks "$1" "$2" | awk -v n="$3" 'NR == n { print $1 }'; }
# arg OUTPUT SED-REGEX: the first \1 of a line of OUTPUT that matches.
arg() { sed -n "s/$2/\1/p" <<<"$1" | head -n1; }
