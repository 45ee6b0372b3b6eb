# Under sudo, a recording shows the student nothing of another user's
# process that they could not read through /proc themselves
# (tracer/readable.c): `record --all --stacks` as sudo would start it for
# nobody, while a root-owned reader (a copy of cat, so that its path is ours
# alone) sleeps in read() on a pipe that a root loop writes to. The root
# reader's sleeps are still there with their syscall, but without fd, channel
# or stacks, and its mappings (its path in /proc/PID/maps) are not in the
# file; the student's own command (a copy of sleep) keeps its stacks.
# Every reader of the file says the withheld calls are withheld (why, dump,
# the JSON, CSV and Perfetto exports), never "read(fd -1, 0 bytes)" or "I/O".
source "$(dirname "$0")/../lib.sh"
NAMES="sudo-hidden-root-sleeps sudo-hidden-root-details sudo-hidden-root-maps sudo-hidden-own-stacks
sudo-hidden-why-words sudo-hidden-why-waker sudo-hidden-why-no-zeros sudo-hidden-dump-words sudo-hidden-dump-no-zeros
sudo-hidden-json sudo-hidden-csv sudo-hidden-perfetto sudo-hidden-flows sudo-hidden-before-exec sudo-hidden-before-exec-details sudo-hidden-after-exec
sudo-hidden-exit-withheld sudo-hidden-exit-own"
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
SUDO_UID=$uid SUDO_GID=$gid "$SCHEDSCOPE" record -q --all --stacks --flows -o "$T_TMP/out/all.trace" -- \
  "$T_TMP/ownsleep" 0.6 2> "$T_TMP/rec.err"
wait

# block: ts cpu kind pid syscall fd bytes chan_kind chan_id chan_name stack kstack;
# a withheld call's fd and bytes are "-", its channel's kind "withheld"
blocks=$("$SCHEDSCOPE" dump --tsv --kind block --pid "$cat_pid" "$T_TMP/out/all.trace" | awk -F'\t' -v p="$cat_pid" '$4 == p')
check_ge sudo-hidden-root-sleeps 3 "$(grep -c read <<<"$blocks")"
check_none sudo-hidden-root-details "$(count "$blocks")" \
  "$(awk -F'\t' '$6 != "-" || $7 != "-" || $8 != "withheld" || $9 != "0000000000000000" || $11 != 0 || $12 != 0' <<<"$blocks")"

# the words: every sleep in read() and every waking by the root loop's write()
W="(arguments withheld: another user's process)"
why=$("$SCHEDSCOPE" why "$T_TMP/out/all.trace" --pid "$cat_pid" | grep -E '^ +[0-9]+\.[0-9]{6}s  blocked ')
check_none sudo-hidden-why-words "$(count "$why")" "$(grep -v -F "in read() $W; " <<<"$why")"
check_ge sudo-hidden-why-waker 3 "$(grep -c -F "was in write() $W" <<<"$why")"
check_none sudo-hidden-why-no-zeros "$(count "$why")" "$(grep -e 'fd -1' -e ' 0 bytes' -e 'I/O' <<<"$why")"
dump=$("$SCHEDSCOPE" dump --pid "$cat_pid" --kind block "$T_TMP/out/all.trace" | grep -F "rootcat:$cat_pid ")
check_none sudo-hidden-dump-words "$(count "$dump")" "$(grep -v -F "sleeps in read() $W" <<<"$dump")"
check_none sudo-hidden-dump-no-zeros "$(count "$dump")" "$(grep -e 'fd -1' -e ' 0 bytes' <<<"$dump")"
# the exports: a withheld marker arg, and no file's I/O where the fd is unknown
"$SCHEDSCOPE" export "$T_TMP/out/all.trace" -q --pid "$cat_pid" -f json -o "$T_TMP/all.json"
check_eq sudo-hidden-json "yes" "$(python3 -c '
import json, sys
ev = json.load(open(sys.argv[1]))["traceEvents"]
b = [e for e in ev if e.get("tid") == int(sys.argv[2]) and e.get("name", "").startswith("Blocked")
     and e["args"].get("how")]
print("yes" if len(b) >= 3 and all(e["name"] == "Blocked: other syscall" and "channel" not in e["args"] and
      e["args"].get("withheld") == "arguments withheld: another user'"'"'s process" for e in b) else b[:3])
' "$T_TMP/all.json" "$cat_pid")"
"$SCHEDSCOPE" export "$T_TMP/out/all.trace" -q --pid "$cat_pid" -f csv -o "$T_TMP/csv"
csv=$(awk -F, -v p="$cat_pid" '$3 == "block" && $4 == p' "$T_TMP/csv/events.csv")
check_none sudo-hidden-csv "$(count "$csv")" "$(grep -v -F ",read $W" <<<"$csv")"
"$SCHEDSCOPE" export "$T_TMP/out/all.trace" -q --pid "$cat_pid" -o "$T_TMP/all.pftrace"
check_ge sudo-hidden-perfetto 1 "$(grep -c -a -F "${W:1:-1}" "$T_TMP/all.pftrace")"
# its bytes per pipe are root's too (/proc/PID/io and fdinfo): flows has no line of it
check_eq sudo-hidden-flows 0 "$("$SCHEDSCOPE" flows "$T_TMP/out/all.trace" | grep -c "rootcat")"
check_eq sudo-hidden-root-maps 0 "$(grep -c -a -F "$T_TMP/rootcat" "$T_TMP/out/all.trace")"
check_ge sudo-hidden-own-stacks 1 \
  "$("$SCHEDSCOPE" dump --kind block "$T_TMP/out/all.trace" | grep -c 'ownsleep:[0-9]* sleeps in .*(user stack [0-9]*')"

# A root process that becomes the student's by setuid() and exec (what su,
# login or sshd do) must keep to itself what it did as root: whether a call
# may be seen is decided when it happens, not when the decoder, a poll or
# more behind, gets to ask /proc (by then the process is the student's). The
# recorder is stopped while root's phase runs, so that its records are
# decoded after the exec.
cat > "$T_TMP/rootphase.py" <<'EOF'
import os, sys, time
uid, gid, prog = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
r, w = os.pipe()
if os.fork() == 0:
    os.close(r)
    for i in range(3):
        time.sleep(0.01)
        os.write(w, b"root's secret")
    os._exit(0)
os.close(w)
for i in range(3):
    os.read(r, 4242)
os.wait()
os.setgroups([]); os.setgid(gid); os.setuid(uid)
os.execv(prog, [prog, "0.2"])
EOF
SUDO_UID=$uid SUDO_GID=$gid "$SCHEDSCOPE" record -q --all --stacks -o "$T_TMP/out/su.trace" -- \
  "$T_TMP/ownsleep" 1.5 2> "$T_TMP/su.err" &
rec=$!
# recording once the command runs (it is held until the programs are attached)
for i in $(seq 250); do pgrep -P "$rec" -x ownsleep >/dev/null && break; sleep 0.02; done
kill -STOP "$rec"
python3 "$T_TMP/rootphase.py" "$uid" "$gid" "$T_TMP/ownsleep" &
su_pid=$!
for i in $(seq 100); do [ "$(cat /proc/$su_pid/comm 2>/dev/null)" = ownsleep ] && break; sleep 0.02; done
kill -CONT "$rec"
wait
blocks=$("$SCHEDSCOPE" dump --tsv --kind block --pid "$su_pid" "$T_TMP/out/su.trace" | awk -F'\t' -v p="$su_pid" '$4 == p')
reads=$(grep -P '\tread\t' <<<"$blocks")
check_ge sudo-hidden-before-exec 3 "$(count "$reads")"
check_none sudo-hidden-before-exec-details "$(count "$reads")" \
  "$(awk -F'\t' '$6 != "-" || $7 != "-" || $8 != "withheld" || $11 != 0 || $12 != 0' <<<"$reads")"
# after the exec it is the student's own: its sleep has its stack
check_ge sudo-hidden-after-exec 1 "$(grep -P '\tclock_nanosleep\t' <<<"$blocks" | awk -F'\t' '$11 != 0' | wc -l)"
# An exit's code is root's too (/proc/PID/stat shows it only to who may
# trace the task): root's python child exited during the recording; the
# student's two ownsleeps keep theirs.
exits=$("$SCHEDSCOPE" dump --kind exit "$T_TMP/out/su.trace" | grep -E ' exit +[^ ]+:[0-9]+ ')
others=$(grep -v -E ' exit +ownsleep:[0-9]+ ' <<<"$exits")
check_none sudo-hidden-exit-withheld "$(count "$others")" \
  "$(grep -v -F "exit code withheld (another user's process)" <<<"$others")"
check_eq sudo-hidden-exit-own 2 "$(grep -c -E ' exit +ownsleep:[0-9]+ exit code 0$' <<<"$exits")"
