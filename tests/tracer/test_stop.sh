# A recording cut short from outside (SIGINT to schedscope alone, as a script
# or `timeout` sends it) ends the whole traced tree, not only the command: the
# processes the command forked must not run on, orphaned. A command that ends
# by itself leaves what it started in the background be (the summary says
# they are alive), so nothing of the user's is killed that was meant to stay.
source "$(dirname "$0")/../lib.sh"

need_root stop-ends-the-tree stop-leaves-a-finished-commands-daemon || exit 0

mark=$((7000 + RANDOM % 1000))     # sleeps no other program runs
running() { pgrep -fc "^sleep $mark\.$1\$" || true; }

"$SCHEDSCOPE" record -q -o "$T_TMP/stop.trace" -- \
  sh -c "sleep $mark.1 & sleep $mark.2 & wait" > /dev/null 2>&1 &
rec=$!
for _ in $(seq 200); do
  [ "$(running 1)$(running 2)" = 11 ] && break
  sleep 0.05
done
before="$(running 1)$(running 2)"
kill -INT "$rec"
wait "$rec"
check_eq stop-ends-the-tree "11 00" "$before $(running 1)$(running 2)"

"$SCHEDSCOPE" record -o "$T_TMP/daemon.trace" -- sh -c "sleep $mark.3 > /dev/null 2>&1 &" \
  > "$T_TMP/daemon.out" 2>&1
check_eq stop-leaves-a-finished-commands-daemon "1 1" \
  "$(running 3) $(grep -c 'alive    1 process of the traced tree still running' "$T_TMP/daemon.out")"
pkill -f "^sleep $mark\.3\$"
