# `schedscope export` as a user meets it: help, one-line errors, the default
# names, where the file went.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/common.sh"

out=$("$SCHEDSCOPE" export --help); rc=$?
check help-exits-0 [ $rc -eq 0 ]
check help-lists-formats grep -q "perfetto.*json.*csv\|--format perfetto|json|csv" <<<"$out"
check listed-in-main grep -q "^  export " <<<"$("$SCHEDSCOPE" --help)"

# usage_error NAME ARGS...: exit 2 and a message naming the problem on stderr
usage_error() {
  local name=$1 want=$2; shift 2
  local err rc
  err=$("$SCHEDSCOPE" export "$@" 2>&1 >/dev/null); rc=$?
  if [ $rc -eq 2 ] && grep -q -- "$want" <<<"$err"; then pass "$name"; else fail "$name" "rc=$rc: $err"; fi
}
"$GEN_TRACE" "$T_TMP/t.trace" 5000 > /dev/null
usage_error no-file "which trace file" --format json
usage_error bad-format "unknown format 'xml'" "$T_TMP/t.trace" --format xml
usage_error bad-window "window wants START,END" "$T_TMP/t.trace" --window 2s
usage_error backwards-window "window wants START,END" "$T_TMP/t.trace" --window 2s,1s
usage_error bad-pid "pid wants a pid" "$T_TMP/t.trace" --pid abc
usage_error zero-pid "pid wants a pid" "$T_TMP/t.trace" --pid 0
usage_error csv-to-stdout "csv writes a directory" "$T_TMP/t.trace" --format csv -o -
usage_error no-compact-json "no-compact is for" "$T_TMP/t.trace" --format json --no-compact
usage_error two-files "one trace file" "$T_TMP/t.trace" "$T_TMP/t.trace"
usage_error unknown-option "unknown option" "$T_TMP/t.trace" --frobnicate

# failures: exit 1 and one line
err=$("$SCHEDSCOPE" export "$T_TMP/missing.trace" 2>&1); rc=$?
check_eq missing-file 1 "$rc"
check_one_line missing-file-one-line "$err"
check missing-file-names-it grep -q "$T_TMP/missing.trace" <<<"$err"
err=$("$SCHEDSCOPE" export "$T_TMP/t.trace" -o "$T_TMP/no/such/dir/x.pftrace" 2>&1); rc=$?
check_eq unwritable-output 1 "$rc"
check_one_line unwritable-output-one-line "$err"
check unwritable-names-it grep -q "cannot write $T_TMP/no/such/dir/x.pftrace" <<<"$err"
err=$("$SCHEDSCOPE" export "$T_TMP/t.trace" --window 1000s, 2>&1); rc=$?
check window-after-end [ $rc -eq 1 ]
check window-after-end-says-why grep -q "after the recording ended" <<<"$err"
printf 'not a trace' > "$T_TMP/junk.trace"
err=$("$SCHEDSCOPE" export "$T_TMP/junk.trace" 2>&1); rc=$?
check_eq not-a-trace 1 "$rc"
check_one_line not-a-trace-one-line "$err"

# success: default name beside the input, and a line saying where it went
( cd "$T_TMP" && "$SCHEDSCOPE" export t.trace 2> "$T_TMP/said" )
check default-perfetto-name [ -s "$T_TMP/t.pftrace" ]
check says-where grep -q "wrote t.pftrace: [0-9]* events, " "$T_TMP/said"
# every format: the trace's events, as info counts them, once each; to
# stdout, the same bytes as to a file
events=$("$SCHEDSCOPE" info "$T_TMP/t.trace" | awk '$1 == "events" { print $2 }')
for fmt in perfetto json pprof folded; do
  ( cd "$T_TMP" && "$SCHEDSCOPE" export t.trace -f $fmt -o t.$fmt 2> "$T_TMP/said.$fmt" &&
    "$SCHEDSCOPE" export t.trace -f $fmt -o - 2>&1 > /dev/null | sed 's/wrote stdout:/wrote t.'$fmt':/' > "$T_TMP/said-stdout.$fmt" )
  check_eq says-events-$fmt "schedscope: wrote t.$fmt: $events events, " "$(sed 's/events, .*/events, /' "$T_TMP/said.$fmt")"
  check_eq says-stdout-bytes-$fmt "$(cat "$T_TMP/said.$fmt")" "$(cat "$T_TMP/said-stdout.$fmt")"
done
# which formats write to stdout is what the help says: all but csv's directory
works=
for fmt in perfetto json csv pprof folded svg html; do
  [ "$("$SCHEDSCOPE" export "$T_TMP/t.trace" -f $fmt -o - -q 2>/dev/null | wc -c)" -gt 0 ] && works+="$fmt "
done
check_eq stdout-formats "perfetto json pprof folded svg html " "$works"
check help-says-stdout grep -q "'-' is stdout (every format but csv)" <<<"$("$SCHEDSCOPE" export --help)"
( cd "$T_TMP" && "$SCHEDSCOPE" export t.trace -f csv -o t.csv 2> "$T_TMP/said.csv" )
check_eq says-events-csv "schedscope: wrote t.csv: $events events, " "$(sed 's/events, .*/events, /' "$T_TMP/said.csv")"
( cd "$T_TMP" && "$SCHEDSCOPE" export -q --format json t.trace 2> "$T_TMP/quiet" )
check default-json-name [ -s "$T_TMP/t.json" ]
check quiet-is-quiet [ ! -s "$T_TMP/quiet" ]
check no-partial-left [ -z "$(ls "$T_TMP" | grep partial)" ]
# a damaged file: refused, then read up to the damage with --salvage
cp "$T_TMP/t.trace" "$T_TMP/bad.trace"
printf '\xff\xff\xff\xff' | dd of="$T_TMP/bad.trace" bs=1 seek=3000 conv=notrunc 2>/dev/null
"$SCHEDSCOPE" export -q "$T_TMP/bad.trace" -o "$T_TMP/bad.pftrace" 2>/dev/null; rc=$?
check damaged-refused [ $rc -eq 1 ]
"$SCHEDSCOPE" export -q --salvage "$T_TMP/bad.trace" -o "$T_TMP/bad.pftrace"; rc=$?
check damaged-salvaged [ $rc -eq 0 -a -s "$T_TMP/bad.pftrace" ]
