# Under sudo, a recording shows the student nothing of another user's
# process that they could not read through /proc themselves
# (tracer/readable.c): `record --all --stacks` as sudo would start it for
# nobody, while a root-owned reader (a copy of cat, so that its path is ours
# alone) sleeps in read() on a pipe that a root loop writes to. The root
# reader's sleeps are still there with their syscall, but without fd, channel
# or stacks, and its mappings (its path in /proc/PID/maps) are not in the
# file; the student's own command (a copy of sleep) keeps its stacks.
source "$(dirname "$0")/../lib.sh"
NAMES="sudo-hidden-root-sleeps sudo-hidden-root-details sudo-hidden-root-maps sudo-hidden-own-stacks"
need_root $NAMES || exit 0

uid=$(id -u nobody); gid=$(id -g nobody)
chmod 711 "$T_TMP"
mkdir -p "$T_TMP/out" && chmod 777 "$T_TMP/out"
cp /bin/cat "$T_TMP/rootcat"
cp /bin/sleep "$T_TMP/ownsleep"
chmod 755 "$T_TMP/rootcat" "$T_TMP/ownsleep"

mkfifo "$T_TMP/fifo"
"$T_TMP/rootcat" < "$T_TMP/fifo" > /dev/null &
cat_pid=$!
for i in $(seq 30); do echo x; sleep 0.05; done > "$T_TMP/fifo" &
sleep 0.2
SUDO_UID=$uid SUDO_GID=$gid "$SCHEDSCOPE" record -q --all --stacks -o "$T_TMP/out/all.trace" -- \
  "$T_TMP/ownsleep" 0.6 2> "$T_TMP/rec.err"
wait

# block: ts cpu kind pid syscall fd bytes chan_kind chan_id chan_name stack kstack
blocks=$("$SCHEDSCOPE" dump --tsv --kind block --pid "$cat_pid" "$T_TMP/out/all.trace" | awk -F'\t' -v p="$cat_pid" '$4 == p')
check_ge sudo-hidden-root-sleeps 3 "$(grep -c read <<<"$blocks")"
check_none sudo-hidden-root-details "$(count "$blocks")" \
  "$(awk -F'\t' '$6 != -1 || $8 != "none" || $11 != 0 || $12 != 0' <<<"$blocks")"
check_eq sudo-hidden-root-maps 0 "$(grep -c -a -F "$T_TMP/rootcat" "$T_TMP/out/all.trace")"
check_ge sudo-hidden-own-stacks 1 \
  "$("$SCHEDSCOPE" dump --kind block "$T_TMP/out/all.trace" | grep -c 'ownsleep:[0-9]* sleeps in .*(user stack [0-9]*')"
