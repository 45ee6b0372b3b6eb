# Which USDT probes `record` attaches: by default only schedscope's own
# (provider schedscope, the scenarios'), not a runtime's, whose per-line and
# per-call probes would slow the program many times; --usdt PROVIDER[:NAME]
# opts in, and a probe that fired more than 10,000 times a second is named
# in a warning. Several: PROVIDER[:NAME],PROVIDER[:NAME].
source "$(dirname "$0")/../lib.sh"

need_root usdt-python-none-by-default usdt-python-opt-in usdt-python-one-probe usdt-python-two-probes usdt-busy-probe-warned \
  usdt-own-busy-probe-remedy usdt-own-probes-in-the-elf usdt-own-probes-by-default || exit 0

# the distinct probes of a binary, "provider:name", from its ELF notes
probes_of() { readelf -n "$1" | awk '/Provider:/ { p = $2 } /Name:/ { print p ":" $2 }' | sort -u; }
nprobes() { "$SCHEDSCOPE" info "$1" | sed -n 's/^probes *\([0-9]*\) USDT probes\{0,1\}$/\1/p'; }

PY=/usr/bin/python3
if [ -x "$PY" ] && [ "$(probes_of "$(readlink -f "$PY")" | grep -c '^python:')" -ge 1 ]; then
  npy=$(probes_of "$(readlink -f "$PY")" | grep -c '^python:')
  "$SCHEDSCOPE" record -q -o "$T_TMP/py.trace" -- "$PY" -c 'pass' 2> "$T_TMP/py.err"
  check_eq usdt-python-none-by-default 0 "$(nprobes "$T_TMP/py.trace")"
  "$SCHEDSCOPE" record -q --usdt python -o "$T_TMP/pyall.trace" -- "$PY" -c 'pass' 2> "$T_TMP/pyall.err"
  check_eq usdt-python-opt-in "$npy" "$(nprobes "$T_TMP/pyall.trace")"
  "$SCHEDSCOPE" record -q --usdt python:gc__start -o "$T_TMP/pygc.trace" -- "$PY" -c 'pass' 2>/dev/null
  check_eq usdt-python-one-probe 1 "$(nprobes "$T_TMP/pygc.trace")"
  "$SCHEDSCOPE" record -q --usdt python:gc__start,python:gc__done -o "$T_TMP/pygc2.trace" -- "$PY" -c 'pass' 2>/dev/null
  check_eq usdt-python-two-probes 2 "$(nprobes "$T_TMP/pygc2.trace")"
  # starting the interpreter runs thousands of lines of its own modules in
  # well under a second: far above the rate; the default run is not warned
  check_eq usdt-busy-probe-warned "1 0" \
    "$(grep -c '^schedscope: warning: USDT probe python:line fired [0-9]* times ([0-9]* a second)' "$T_TMP/pyall.err") $(grep -c 'USDT probe' "$T_TMP/py.err")"
else
  for c in usdt-python-none-by-default usdt-python-opt-in usdt-python-one-probe usdt-python-two-probes usdt-busy-probe-warned; do
    skip "$c" "needs $PY with USDT probes (Debian's python3)"
  done
fi

# schedscope's own probes are always attached, so their warning cannot
# say to record without them: the lock's markers fire on every contended
# turn (about 90,000 a second here); the remedy is the program on its own
"$SCHEDSCOPE" record -q -o "$T_TMP/lock.trace" -- "$SCENARIO_DIR/lock" > /dev/null 2> "$T_TMP/lock.err"
own_remedy() {
  ! grep -q -e '--usdt schedscope' "$T_TMP/lock.err" &&
    grep -q '^schedscope: warning: USDT probe schedscope:lock_[a-z]* fired .*; run it without schedscope for its true pace$' "$T_TMP/lock.err"
}
check_quiet usdt-own-busy-probe-remedy "$(busy_others "$T_TMP/lock.trace")" own_remedy
# a scenario's own probes are attached with no option
# (readelf must see some, or 0 = 0 would pass with none attached)
F=$SCENARIO_DIR/fork
"$SCHEDSCOPE" record -q -o "$T_TMP/fork.trace" -- "$F" > /dev/null 2>&1
nown=$(probes_of "$F" | grep -c '^schedscope:')
check_ge usdt-own-probes-in-the-elf "1" "$nown"
check_eq usdt-own-probes-by-default "$nown" "$(nprobes "$T_TMP/fork.trace")"
