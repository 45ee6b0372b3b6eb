#!/usr/bin/env bash
# Ctrl-C or SIGTERM while `record --live` (and so `run`) is still loading its
# BPF programs stops before the command starts, as the plain recording does
# (tests/tracer/test_stop_early.sh). The live path used to leave the signal to
# ncurses, which exited 1 and left NAME.out.XXXXXX.partial behind (and, a
# moment later, a started trace with the earlier one moved to .old). Now the
# command never runs, the terminal is given back, no file is left and the
# earlier trace stays, and the exit status is 128 + the signal. The signal
# is sent as soon as schedscope catches it (SigCgt in /proc/PID/status),
# which is before anything loads.
source "$(dirname "$0")/../lib.sh"
NAMES="live-stop-early"
need_root $NAMES || exit 0
command -v tmux >/dev/null || { skip "$NAMES" "tmux is not installed"; exit 0; }
source "$(dirname "$0")/tmux.sh"

ui_shell 120 40
shell=$("${TM[@]}" display -p -t ui '#{pane_pid}')

# stop_live NAME SIGNAL NUMBER: records live, signalled while it loads
stop_live() {
  local name=$1 sig=$2 num=$3 pid= cgt i
  rm -f "$T_TMP"/*
  echo earlier > "$T_TMP/s.trace"
  keys clear Enter
  keys "$SCHEDSCOPE record --live --stacks -o s.trace -- sh -c 'touch ran; sleep 3' 2> err; echo EXIT=\$?" Enter
  wait_until eval 'pid=$(pgrep -P "$shell" -x schedscope)' || { fail "$name" "schedscope did not start"; return; }
  for i in $(seq 1000); do
    cgt=$(sed -n 's/^SigCgt:\t*//p' "/proc/$pid/status" 2>/dev/null)
    [ -n "$cgt" ] && [ $(((0x$cgt >> (num - 1)) & 1)) -ne 0 ] && break
    sleep 0.002
  done
  kill -"$sig" "$pid"
  wait_for '^EXIT=' || { fail "$name" "it did not end: $(screen | tail -2)"; return; }
  check_eq "$name-exit" "EXIT=$((128 + num))" "$(screen | grep -o 'EXIT=[0-9]*' | tail -1)"
  check_eq "$name-terminal-back" 0 "$("${TM[@]}" display -p -t ui '#{alternate_on}')"
  check_eq "$name-not-run" absent "$([ -e "$T_TMP/ran" ] && echo present || echo absent)"
  check_eq "$name-earlier-back" earlier "$(cat "$T_TMP/s.trace")"
  check_eq "$name-no-files" "err s.trace" "$(cd "$T_TMP" && echo *)"
  check_eq "$name-said" "schedscope: stopped by SIG$sig before the command started: nothing recorded" \
    "$(cat "$T_TMP/err")"
}
stop_live live-stop-early-int INT 2
stop_live live-stop-early-term TERM 15
