# A stopped export leaves nothing: Ctrl-C (SIGINT), SIGTERM or SIGHUP in the
# middle of `export` removes the temporary files it was writing (OUT.XXXXXX
# .partial, or each CSV table's) and exits 128 + the signal, as record does,
# in every format. They used to stay: 84 MiB of out.json.XXXXXX.partial
# after C-c. A CSV directory the export made goes too (it used to stay,
# empty), and so does one of an export that failed; one that was there
# before stays as it was. A picture (svg, html) is renamed into place only
# if no stop was asked for while it was written.
#
# The signal lands mid-export: the export is frozen (SIGSTOP) at the moment
# looked for (a .partial exists; pprof and folded write theirs only after
# reading, so for them: it catches the signal and has written nothing yet),
# then signalled and let go. An export done before that moment (a machine much
# faster than this one) is a skip.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/common.sh"

"$GEN_TRACE" "$T_TMP/big.trace" 600000 4 64 > /dev/null
# a picture's time goes to its lanes: 2000 threads in the thread view
"$GEN_TRACE" "$T_TMP/many.trace" 200000 4 2000 > /dev/null

# frozen PID: until the process is stopped (or gone)
frozen() { [ "$(sed -n 's/^State:\t*\([A-Z]\).*/\1/p' "/proc/$1/status" 2>/dev/null)" != R ] &&
           ! grep -q '^State:.*[RS] (' "/proc/$1/status" 2>/dev/null; }
# partial_seen: a .partial is in $T_TMP (or below)
partial_seen() { [ -n "$(find "$T_TMP" -name '*.partial' 2>/dev/null)" ]; }

# stop_export NAME SIGNAL EXIT TRACE ARGS...: export, signalled mid-way
stop_export() {
  local name=$1 sig=$2 want=$3 trace=$4 out=$T_TMP/out-$1 pid rc i cgt hit=
  shift 4
  "$SCHEDSCOPE" export -q "$trace" -o "$out" "$@" 2> "$T_TMP/$name.err" &
  pid=$!
  # pprof, folded: once it catches the signal (SigCgt: SIGINT); the others
  # must catch it before their .partial exists
  for i in $(seq 2000); do
    [ -n "$NEED_PARTIAL" ] && break
    cgt=$(sed -n 's/^SigCgt:\t*//p' "/proc/$pid/status" 2>/dev/null)
    [ -n "$cgt" ] && [ $((0x$cgt & 2)) -ne 0 ] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.002
  done
  for i in $(seq 2000); do
    kill -STOP "$pid" 2>/dev/null || break
    until frozen "$pid"; do :; done
    # a .partial, or (pprof, folded) no output yet, in a live process
    if kill -0 "$pid" 2>/dev/null && if [ -n "$NEED_PARTIAL" ]; then partial_seen; else [ ! -e "$out" ]; fi; then
      hit=yes
      break
    fi
    kill -CONT "$pid" 2>/dev/null
    sleep 0.002
  done
  if [ -z "$hit" ]; then
    kill -CONT "$pid" 2>/dev/null
    wait "$pid"
    for n in exit partials out said; do skip "interrupt-$name-$n" "the export was done before the signal"; done
    rm -rf "$out"
    return
  fi
  kill -"$sig" "$pid"
  kill -CONT "$pid"
  wait "$pid"; rc=$?
  check_eq "interrupt-$name-exit" "$want" "$rc"
  check_eq "interrupt-$name-partials" "none" "$(find "$T_TMP" -name '*.partial' | grep . || echo none)"
  check_eq "interrupt-$name-out" "absent" "$([ -e "$out" ] && echo "present: $(ls -A "$out" 2>/dev/null)" || echo absent)"
  check_eq "interrupt-$name-said" "schedscope export: stopped by SIG$sig: $out not written" "$(cat "$T_TMP/$name.err")"
}
NEED_PARTIAL=yes
stop_export perfetto INT 130 "$T_TMP/big.trace" -f perfetto
stop_export json INT 130 "$T_TMP/big.trace" -f json
stop_export json-hup HUP 129 "$T_TMP/big.trace" -f json
stop_export csv INT 130 "$T_TMP/big.trace" -f csv
stop_export csv-term TERM 143 "$T_TMP/big.trace" -f csv
stop_export svg INT 130 "$T_TMP/many.trace" -f svg --view thread --width 1000
stop_export html TERM 143 "$T_TMP/many.trace" -f html --view thread --width 1000
NEED_PARTIAL=
stop_export pprof INT 130 "$T_TMP/big.trace" -f pprof
stop_export folded TERM 143 "$T_TMP/big.trace" -f folded

# A CSV directory that was there stays, with what it held.
mkdir "$T_TMP/kept-csv"
echo earlier > "$T_TMP/kept-csv/events.csv"
"$SCHEDSCOPE" export -q "$T_TMP/big.trace" -f csv -o "$T_TMP/kept-csv" 2> /dev/null &
pid=$!
until partial_seen || ! kill -0 "$pid" 2>/dev/null; do sleep 0.002; done
kill -INT "$pid" 2>/dev/null
wait "$pid"; rc=$?
if [ "$rc" = 0 ]; then
  skip interrupt-csv-kept "the export was done before the signal"
else
  check_eq interrupt-csv-kept "events.csv: earlier" \
    "$(cd "$T_TMP/kept-csv" && for f in *; do echo "$f: $(cat "$f")"; done)"
fi

# A CSV export that fails (a write refused: the file size limit, its signal
# ignored so that write() says EFBIG) leaves no directory either.
out=$T_TMP/failed-csv
(trap '' XFSZ; ulimit -f 512; exec "$SCHEDSCOPE" export -q "$T_TMP/big.trace" -f csv -o "$out") 2> "$T_TMP/failed.err"
rc=$?
check_eq interrupt-csv-failed-exit 1 "$rc"
check_eq interrupt-csv-failed-said "schedscope export: cannot write $out/intervals.csv: File too large" "$(cat "$T_TMP/failed.err")"
check_eq interrupt-csv-failed-out absent "$([ -e "$out" ] && echo "present: $(ls -A "$out")" || echo absent)"
