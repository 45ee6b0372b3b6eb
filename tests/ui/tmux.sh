# Drives the real program in a private tmux server (session "ui"), for the UI
# tests. Source it after tests/lib.sh; not a test itself (no test_ prefix).
TM=(tmux -L "schedscope-test-$$" -f /dev/null)
trap '"${TM[@]}" kill-server 2>/dev/null; rm -rf "$T_TMP"' EXIT

screen() { "${TM[@]}" capture-pane -p -t ui "$@"; }
# wait_for REGEX [SECONDS]: until the screen matches
wait_for() {
  local i
  for ((i = 0; i < ${2:-5} * 20; i++)); do
    screen | grep -qE -- "$1" && return 0
    sleep 0.05
  done
  return 1
}
keys() { "${TM[@]}" send-keys -t ui "$@"; }
