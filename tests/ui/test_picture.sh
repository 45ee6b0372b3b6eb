#!/usr/bin/env bash
# The picture key: w in the viewer saves the screen as SVG beside the trace
# (NAME-YYYYmmdd-HHMMSS.svg), says where on the message line, and the file
# parses and holds the screen's text row by row (the same frame that
# `view --batch` prints at the same size). Under sudo the file is the
# invoking user's. Driven in tmux, as a person would.
source "$(dirname "$0")/../lib.sh"

if ! command -v tmux >/dev/null || ! command -v xmllint >/dev/null; then
  skip "the picture key" "needs tmux and xmllint (scripts/install-deps.sh)"
  exit 0
fi
source "$(dirname "$0")/tmux.sh"

cp "$TOP/traces/lock.trace" "$T_TMP/lock.trace"
chmod 777 "$T_TMP"; chmod 644 "$T_TMP/lock.trace"

"${TM[@]}" new-session -d -x 120 -y 40 -s ui "env -i PATH=/usr/bin:/bin LANG=C.UTF-8 TERM=screen-256color bash --norc --noprofile"
sleep 0.2
keys "cd $T_TMP && $SCHEDSCOPE view lock.trace; echo EXIT=\$?" Enter
if ! wait_for 'TRACE exit code'; then
  fail "the viewer opens" "$(screen | tail -3)"
  exit 0
fi
picture_key "w says where the picture went" lock
pic=$PIC
check "the picture is beside the trace" test -s "$pic"
n=$(xmllint --xpath 'count(//*[local-name()="text"])' "$pic")
check_eq "a row of text per screen row" 40 "$n"
for ((i = 0; i < ${n:-0}; i++)); do
  xmllint --xpath "string(//*[local-name()=\"text\"][@id=\"row$i\"])" "$pic"
done > "$T_TMP/pic.rows"
(cd "$T_TMP" && LANG=C.UTF-8 "$SCHEDSCOPE" view lock.trace --batch --size 120x40) > "$T_TMP/batch.rows"
check "its text is the screen's, row by row" diff "$T_TMP/batch.rows" "$T_TMP/pic.rows"
check "the lane labels are in it" grep -qE '^lock pid [0-9]+ ' "$T_TMP/pic.rows"
keys q
wait_for '^EXIT=0'

# --- under sudo: the invoking user's file ---
if [ "$(id -u)" -ne 0 ]; then
  skip "under sudo, the picture is the user's" "needs root"
else
  rm -f "$T_TMP"/lock-*.svg
  keys "SUDO_UID=65534 SUDO_GID=65534 SUDO_USER=nobody $SCHEDSCOPE view lock.trace; echo EXIT=\$?" Enter
  wait_for 'TRACE exit code'
  picture_key "under sudo, w saves the picture" lock
  pic=$PIC
  check_eq "under sudo, the picture is the user's" "65534" "$(stat -c %u "$pic" 2>/dev/null)"
  keys q
  wait_for '^EXIT=0'
fi
