# Ctrl-C while `record` is still loading its BPF programs (about 0.4 s here)
# stops before the command starts: it used to start it anyway, record it,
# and end it with SIGTERM 2 s later (exit 143). Now the command never runs
# (it would touch a file), no trace is left, the earlier one is put back,
# and record exits 130 as a shell does for Ctrl-C. The signal is sent as
# soon as schedscope catches SIGINT (SigCgt in /proc/PID/status), which is
# before anything loads.
source "$(dirname "$0")/../lib.sh"
NAMES="stop-early-exit stop-early-not-run stop-early-no-trace stop-early-old-back stop-early-said"
need_root $NAMES || exit 0

echo earlier > "$T_TMP/s.trace"
"$SCHEDSCOPE" record -q --stacks -o "$T_TMP/s.trace" -- sh -c "touch '$T_TMP/ran'; sleep 3" 2> "$T_TMP/err" &
pid=$!
for i in $(seq 500); do
  cgt=$(sed -n 's/^SigCgt:\t*//p' "/proc/$pid/status" 2>/dev/null)
  [ -n "$cgt" ] && [ $((0x$cgt & 2)) -ne 0 ] && break
  sleep 0.002
done
kill -INT "$pid"
wait "$pid"
check_eq stop-early-exit 130 "$?"
check_eq stop-early-not-run absent "$([ -e "$T_TMP/ran" ] && echo present || echo absent)"
check_eq stop-early-no-trace absent "$([ -e "$T_TMP/s.trace.old" ] && echo present || echo absent)"
check_eq stop-early-old-back earlier "$(cat "$T_TMP/s.trace")"
check_eq stop-early-said "schedscope: stopped by SIGINT before the command started: nothing recorded" "$(cat "$T_TMP/err")"
