# schedscope's own start pipe (the one the command is held on until it
# starts) is named by inode in the trace's header, and flows and why leave
# out exactly that pipe. The command here reads one byte from a FIFO that an
# untraced process writes: a pipe the root read once, one byte, with no
# traced writer, just like the start pipe, so only the inode tells them
# apart (older traces, without it, lose both). (why leaves out the held
# sleep itself, which began before the recording here: its waker, the
# recorder, tells, as before; tests/unit/test_explain.c has the inode rule.)
source "$(dirname "$0")/../lib.sh"

need_root start-pipe-in-header start-pipe-not-in-flows fifo-in-flows || exit 0

F=$T_TMP/fifo
mkfifo "$F"
( sleep 0.2; printf x > "$F" ) &
writer=$!
T=$T_TMP/fifo.trace
"$SCHEDSCOPE" record --flows -q -o "$T" -- /usr/bin/head -c 1 "$F" > /dev/null 2>&1
wait "$writer"
ino=$("$SCHEDSCOPE" info "$T" | sed -n "s/^start pipe  pipe:\[\([0-9]*\)\] (schedscope's: it held the command until it started)$/\1/p")
check start-pipe-in-header positive "$ino"
root=$("$SCHEDSCOPE" info "$T" | awk '$1 == "pid" { print $2 }')
flows=$("$SCHEDSCOPE" flows "$T")
check_eq start-pipe-not-in-flows 0 "$(grep -c "pipe:\[$ino\]" <<<"$flows")"
fino=$(stat -c %i "$F")
check_eq fifo-in-flows "pipe:[$fino]|head $root read 1 B in 1 call" \
  "$(awk -v p="pipe:[$fino]" '$1 == p { getline n; sub(/^ +/, "", n); print $1 "|" n }' <<<"$flows")"
