# A stopped export leaves nothing: Ctrl-C (SIGINT), SIGTERM or SIGHUP in the
# middle of `export` removes the temporary files it was writing (OUT.XXXXXX
# .partial, or each CSV table's) and exits 128 + the signal, as record does.
# They used to stay: 84 MiB of out.json.XXXXXX.partial after C-c. The signal
# is sent once a .partial exists, so it lands mid-export; an export done
# before one was seen (a machine much faster than this one) is a skip.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/common.sh"

"$GEN_TRACE" "$T_TMP/big.trace" 600000 4 64 > /dev/null

# stop_export NAME FORMAT SIGNAL EXIT: export, signalled mid-way
stop_export() {
  local name=$1 fmt=$2 sig=$3 want=$4 out=$T_TMP/out-$1 pid rc i seen
  "$SCHEDSCOPE" export -q "$T_TMP/big.trace" -f "$fmt" -o "$out" 2> "$T_TMP/$name.err" &
  pid=$!
  seen=
  for i in $(seq 200); do
    seen=$(find "$T_TMP" -name '*.partial' 2>/dev/null)
    [ -n "$seen" ] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.05
  done
  kill -"$sig" "$pid" 2>/dev/null
  wait "$pid"; rc=$?
  if [ -z "$seen" ]; then
    for n in exit partials said; do skip "interrupt-$name-$n" "the export was done before the signal"; done
    rm -rf "$out"
    return
  fi
  check_eq "interrupt-$name-exit" "$want" "$rc"
  check_eq "interrupt-$name-partials" "none" "$(find "$T_TMP" -name '*.partial' | grep . || echo none)"
  check_eq "interrupt-$name-said" "schedscope export: stopped by SIG$sig: $out not written" "$(cat "$T_TMP/$name.err")"
}
stop_export json json INT 130
stop_export csv csv INT 130
stop_export csv-term csv TERM 143
stop_export json-hup json HUP 129
