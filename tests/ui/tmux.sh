# Drives the real program in a private tmux server (session "ui"), for the UI
# tests. Source it after tests/lib.sh; not a test itself (no test_ prefix).
#
# Waiting is for a state, never for a time: a wait returns as soon as the
# screen shows what is awaited, and gives up only after UI_WAIT_S seconds,
# far longer than any redraw takes even on a loaded machine. So a slow
# machine makes the tests slower, not failed.
TM=(tmux -L "schedscope-test-$$" -f /dev/null)
trap '"${TM[@]}" kill-server 2>/dev/null; rm -rf "$T_TMP"' EXIT
UI_WAIT_S=${UI_WAIT_S:-30}

# ui_shell W H: session "ui", W x H, a plain shell in $T_TMP with nothing of
# ours in its environment
ui_shell() {
  "${TM[@]}" new-session -d -x "$1" -y "$2" -s ui \
    "cd $T_TMP && env -i PATH=/usr/bin:/bin LANG=C.UTF-8 TERM=screen bash --norc --noprofile"
}
screen() { "${TM[@]}" capture-pane -p -t ui "$@"; }
# wait_until CMD...: until CMD succeeds
wait_until() {
  local end=$((SECONDS + UI_WAIT_S))
  until "$@"; do
    [ "$SECONDS" -lt "$end" ] || return 1
    sleep 0.05
  done
}
# wait_for REGEX: until the screen matches
screen_has() { screen | grep -qE -- "$1"; }
wait_for() { wait_until screen_has "$1"; }
keys() { "${TM[@]}" send-keys -t ui "$@"; }
# picture_key NAME BASE: presses w, checks that the message line names
# BASE-YYYYmmdd-HHMMSS.svg and that the file (in $T_TMP) parses; PIC is its path.
picture_key() {
  keys w
  if wait_for "saved the screen to $2-[0-9]{8}-[0-9]{6}\\.svg"; then pass "$1"; else fail "$1" "$(screen | tail -3)"; fi
  PIC=$(ls "$T_TMP/$2"-*.svg 2>/dev/null | head -1)
  check "$1: the file parses (xmllint)" xmllint --noout "$PIC"
}
