# schedscope under sudo, as classrooms use it: students get `sudo schedscope`
# and nothing else, so nothing they point it at may be written, truncated or
# handed to them unless they could have done it themselves.
#
# A real second user (TUSER) plays the student. sudo is simulated with
# SUDO_UID/SUDO_GID/SUDO_USER, which is all sudo tells us, and one case runs
# through real sudo with a temporary sudoers rule. Every refusal must be one
# exact line on stderr, and its target byte for byte, owner and mode the same.
source "$(dirname "$0")/../lib.sh"

NAMES="symlink-trace symlink-old symlink-out symlink-export export-temp root-file-hidden root-file
device-sudo device-root device-export unwritable-dir unwritable-export unwritable-left owner env old-kept
out-owner export-owner alive wait-tree death-signal no-death-signal enospc real-sudo
read-as-user read-own references-sudo command-hidden usdt-hidden usdt-readable usdt-swap usdt-proc-cwd export-live-swap out-kept"
need_root $NAMES || exit 0

# ---- the student ----
# Created here if absent (useradd -M -r: no home directory, a system uid) and
# removed again by the EXIT trap (userdel), only if this test created it.
TUSER=ss-student
CREATED_USER=
SUDOERS=/etc/sudoers.d/schedscope-test-$$
cleanup() {
  mountpoint -q "$T_TMP/full" 2>/dev/null && umount "$T_TMP/full"
  rm -f "$SUDOERS"
  [ -n "${TM_SOCK:-}" ] && tmux -L "$TM_SOCK" kill-server 2>/dev/null
  [ -n "$CREATED_USER" ] && userdel "$TUSER" 2>/dev/null
  rm -rf "$T_TMP"
}
trap cleanup EXIT
if ! id -u "$TUSER" >/dev/null 2>&1; then
  if ! useradd -M -r -d /nonexistent -s /bin/sh "$TUSER"; then
    for n in $NAMES; do fail "$n" "cannot create the test user $TUSER (useradd, package passwd)"; done
    exit 0
  fi
  CREATED_USER=1
fi
UID_=$(id -u "$TUSER"); GID_=$(id -g "$TUSER")
HOME_=$(getent passwd "$TUSER" | cut -d: -f6); SHELL_=$(getent passwd "$TUSER" | cut -d: -f7)
as_sudo() { env SUDO_UID="$UID_" SUDO_GID="$GID_" SUDO_USER="$TUSER" "$@"; }
as_user() { su "$TUSER" -s /bin/sh -c "$1"; }

# ---- the places ----
chmod 755 "$T_TMP"
D=$T_TMP/student                        # the student's own directory
mkdir "$D" && chown "$UID_:$GID_" "$D"
echo "root's secret" > "$T_TMP/victim" && chmod 600 "$T_TMP/victim"
mkdir -m 700 "$T_TMP/hidden"            # root's, closed to others
echo "hidden" > "$T_TMP/hidden/t.trace"
mkdir -m 755 "$T_TMP/ro"                # root's, readable, not writable by others
echo "root:x:0:0" > "$T_TMP/ro/passwd" && chmod 644 "$T_TMP/ro/passwd"
as_sudo "$SCHEDSCOPE" record -q -o "$D/src.trace" -- true   # input for the exports

fingerprint() { # content and inode facts of whatever is at $1 (symlinks not followed)
  if [ -e "$1" ] || [ -L "$1" ]; then
    if [ -f "$1" ] && [ ! -L "$1" ]; then sha256sum < "$1" | cut -d' ' -f1; fi
    stat -c '%u %g %a %F %t %T %h' "$1"
    [ -L "$1" ] && readlink "$1"
  else
    echo absent
  fi
  return 0
}

# refused NAME WANT-LINE TARGET... -- CMD...: CMD fails, says exactly WANT-LINE
# on stderr, and every TARGET is unchanged.
refused() {
  local name=$1 want=$2 targets=() before after err rc t
  shift 2
  while [ "$1" != "--" ]; do targets+=("$1"); shift; done
  shift
  before=$(for t in "${targets[@]}"; do fingerprint "$t"; done)
  err=$("$@" 2>&1 >/dev/null); rc=$?
  after=$(for t in "${targets[@]}"; do fingerprint "$t"; done)
  if [ $rc -eq 0 ]; then
    fail "$name" "exit status 0; stderr: $err"
  elif [ "$err" != "$want" ]; then
    fail "$name" "stderr was '$err', wanted '$want'"
  elif [ "$before" != "$after" ]; then
    fail "$name" "target changed: $(diff <(echo "$before") <(echo "$after") | tr '\n' ' ')"
  else
    pass "$name"
  fi
}

NOTREG="not a regular file; schedscope writes only regular files"
AS="(writing as $TUSER)"

# ---- planted symlinks ----
as_user "ln -s $T_TMP/victim $D/link.trace"
refused symlink-trace "schedscope: $D/link.trace is a symbolic link, $NOTREG" \
  "$T_TMP/victim" "$D/link.trace" -- as_sudo "$SCHEDSCOPE" record -o "$D/link.trace" -- true

as_user "echo mine > $D/mine.trace && ln -s $T_TMP/victim $D/mine.trace.old"
refused symlink-old "schedscope: $D/mine.trace.old is a symbolic link, $NOTREG" \
  "$T_TMP/victim" "$D/mine.trace" "$D/mine.trace.old" -- as_sudo "$SCHEDSCOPE" record -o "$D/mine.trace" -- true

as_user "ln -s $T_TMP/victim $D/out.json"
refused symlink-export "schedscope export: $D/out.json is a symbolic link, $NOTREG" \
  "$T_TMP/victim" "$D/out.json" -- as_sudo "$SCHEDSCOPE" export -f json -o "$D/out.json" "$D/src.trace"

# The old fixed temporary name, planted: the export must neither use it nor
# write through it; it makes a temporary file of its own.
as_user "ln -s $T_TMP/victim $D/t.json.partial"
before=$(fingerprint "$T_TMP/victim"; fingerprint "$D/t.json.partial")
as_sudo "$SCHEDSCOPE" export -f json -o "$D/t.json" "$D/src.trace" 2>/dev/null; rc=$?
after=$(fingerprint "$T_TMP/victim"; fingerprint "$D/t.json.partial")
left=$(find "$D" -name 't.json.*' ! -name t.json.partial | wc -l)
if [ $rc -eq 0 ] && [ "$before" = "$after" ] && [ "$(stat -c '%u %F' "$D/t.json")" = "$UID_ regular file" ] && [ "$left" -eq 0 ]; then
  pass export-temp
else
  fail export-temp "rc $rc, victim/plant $( [ "$before" = "$after" ] && echo same || echo CHANGED), t.json: $(stat -c '%u %F' "$D/t.json" 2>&1), $left temporary files left"
fi

# ---- root's files ----
refused root-file-hidden "schedscope: cannot write $T_TMP/hidden/t.trace: Permission denied $AS" \
  "$T_TMP/hidden/t.trace" -- as_sudo "$SCHEDSCOPE" record -o "$T_TMP/hidden/t.trace" -- true
# like -o /etc/passwd: readable, in a directory the student cannot write
refused root-file "schedscope: cannot keep the existing $T_TMP/ro/passwd as $T_TMP/ro/passwd.old: Permission denied $AS" \
  "$T_TMP/ro/passwd" "$T_TMP/ro/passwd.old" -- as_sudo "$SCHEDSCOPE" record -o "$T_TMP/ro/passwd" -- true

# ---- what root would see for them: nothing the student could not see ----
# A command behind a directory closed to the student: the same answer whether
# it is there or not (root's lookup told them apart).
cp /bin/true "$T_TMP/hidden/prog"
err_there=$(as_sudo "$SCHEDSCOPE" record -o "$D/c.trace" -- "$T_TMP/hidden/prog" 2>&1); rc_there=$?
err_none=$(as_sudo "$SCHEDSCOPE" record -o "$D/c.trace" -- "$T_TMP/hidden/none" 2>&1); rc_none=$?
check_eq command-hidden \
  "127 schedscope: cannot run $T_TMP/hidden/prog: Permission denied|127 schedscope: cannot run $T_TMP/hidden/none: Permission denied|absent" \
  "$rc_there $err_there|$rc_none $err_none|$(fingerprint "$D/c.trace")"
# The same for a binary named with --usdt, opened to list its probes: the
# student's "Permission denied" for both, a usage error, nothing recorded
# (root's open found the one there, recorded, and refused only the other).
HELP="(see 'schedscope record --help')"
err_there=$(as_sudo "$SCHEDSCOPE" record -q -o "$D/u.trace" --usdt "$T_TMP/hidden/prog" -- true 2>&1); rc_there=$?
err_none=$(as_sudo "$SCHEDSCOPE" record -q -o "$D/u.trace" --usdt "$T_TMP/hidden/none" -- true 2>&1); rc_none=$?
check_eq usdt-hidden \
  "2 schedscope record: --usdt $T_TMP/hidden/prog: Permission denied
$HELP|2 schedscope record: --usdt $T_TMP/hidden/none: Permission denied
$HELP|absent" \
  "$rc_there $err_there|$rc_none $err_none|$(fingerprint "$D/u.trace")"
# and one the student may read is listed and recorded with, as before
err=$(as_sudo "$SCHEDSCOPE" record -q -o "$D/u.trace" --usdt /bin/true -- true 2>&1); rc=$?
check_eq usdt-readable "0 |$UID_ regular file" "$rc $err|$(stat -c '%u %F' "$D/u.trace" 2>&1)"
rm -f "$T_TMP/hidden/prog"
# The --usdt binary is attached to as the file the student opened, not by
# its name again as root: swapped for a link to root's file between the
# student's open and libbpf's, root's open would read root's file (here one
# with no such probe: "cannot attach" tells the student what it holds). The
# recorder is stopped at its second close of the file (the first is the
# argument's check, the second the listing of its probes) while the name is
# swapped: libbpf opens the file again for each probe it attaches to.
cp "$SCENARIO_DIR/lock" "$D/probe" && chown "$UID_:$GID_" "$D/probe"
cp /bin/true "$T_TMP/hidden/probe"
as_sudo "$SCHEDSCOPE" record -q -o "$D/p.trace" --usdt "$D/probe" -- true
probes=$("$SCHEDSCOPE" info "$D/p.trace" 2>&1 | sed -n 's/^probes *//p')
cat > "$T_TMP/closes.py" <<'EOF'
import ctypes, os, signal, struct, sys
libc = ctypes.CDLL(None, use_errno=True)
fd = libc.inotify_init()
if libc.inotify_add_watch(fd, sys.argv[1].encode(), 0x10) < 0:   # IN_CLOSE_NOWRITE
    sys.exit("inotify_add_watch failed")
print("ready", flush=True)
n = 0
while True:
    buf = os.read(fd, 4096)
    off = 0
    while off < len(buf):
        off += 16 + struct.unpack_from("iIII", buf, off)[3]
        n += 1
        if n == int(sys.argv[2]):
            os.kill(int(sys.argv[3]), signal.SIGSTOP)
            sys.exit(0)
EOF
rm -f "$D/go"; as_user "mkfifo $D/go"
(read -r l < "$D/go"; exec env SUDO_UID="$UID_" SUDO_GID="$GID_" SUDO_USER="$TUSER" \
   "$SCHEDSCOPE" record -q -o "$D/p.trace" --usdt "$D/probe" -- true) 2> "$D/p.err" &
rec=$!
coproc WATCH { timeout 20 python3 "$T_TMP/closes.py" "$D/probe" 2 "$rec"; }
read -r ready <&"${WATCH[0]}"
echo go > "$D/go"
wait "$WATCH_PID"; stopped=$?
as_user "ln -s $T_TMP/hidden/probe $D/probe.new && mv -T $D/probe.new $D/probe"
kill -CONT "$rec"
wait "$rec"; rc=$?
check_eq usdt-swap "stopped 0|rc 0||$probes" \
  "stopped $stopped|rc $rc|$(grep -F 'cannot attach' "$D/p.err")|$("$SCHEDSCOPE" info "$D/p.trace" 2>&1 | sed -n 's/^probes *//p')"
rm -f "$T_TMP/hidden/probe" "$D/probe"
# Root's capabilities are not the student's either: with CAP_SYS_PTRACE the
# /proc/PID/cwd of a root process opens for them, past the closed directory
# above it, to a file they could not reach (the probes listed, recorded).
mkdir -m 755 "$T_TMP/hidden/open" && cp "$SCENARIO_DIR/lock" "$T_TMP/hidden/open/probe"
(cd "$T_TMP/hidden/open" && exec sleep 30) &
cwd_pid=$!
for i in $(seq 100); do [ "$(readlink /proc/$cwd_pid/cwd)" = "$T_TMP/hidden/open" ] && break; sleep 0.02; done
err=$(as_sudo "$SCHEDSCOPE" record -q -o "$D/cwd.trace" --usdt "/proc/$cwd_pid/cwd/probe" -- true 2>&1); rc=$?
kill "$cwd_pid"; wait "$cwd_pid" 2>/dev/null
check_eq usdt-proc-cwd "2 schedscope record: --usdt /proc/$cwd_pid/cwd/probe: Permission denied
$HELP|absent" "$rc $err|$(fingerprint "$D/cwd.trace")"
rm -rf "$T_TMP/hidden/open"
# Recording the references replaces and removes files in the directory as
# root, for everyone: not for a student, even in a directory of their own.
refused references-sudo "schedscope lesson: --record-references writes the reference traces for everyone: run it as root itself, not through sudo" \
  "$T_TMP/hidden/t.trace" "$T_TMP/hidden/.fork.trace.try" "$D/fork.trace" -- \
  as_sudo "$SCHEDSCOPE" lesson --record-references "$T_TMP/hidden" fork --tries 1

# ---- device nodes: never turned into files ----
refused device-sudo "schedscope: /dev/null is a character device, $NOTREG" \
  /dev/null /dev/null.old -- as_sudo "$SCHEDSCOPE" record -o /dev/null -- true
# Plain root is refused too; a node of our own, so a regression cannot break /dev.
mknod "$T_TMP/null" c 1 3
refused device-root "schedscope: $T_TMP/null is a character device, $NOTREG" \
  "$T_TMP/null" "$T_TMP/null.old" -- "$SCHEDSCOPE" record -o "$T_TMP/null" -- true
refused device-export "schedscope export: $T_TMP/null is a character device, $NOTREG" \
  "$T_TMP/null" -- "$SCHEDSCOPE" export -f json -o "$T_TMP/null" "$D/src.trace"

# ---- a directory the student cannot write ----
refused unwritable-dir "schedscope: cannot write $T_TMP/ro/new.trace: Permission denied $AS" \
  "$T_TMP/ro/new.trace" -- as_sudo "$SCHEDSCOPE" record -o "$T_TMP/ro/new.trace" -- true
refused unwritable-export "schedscope export: cannot write $T_TMP/ro/new.json: Permission denied $AS" \
  "$T_TMP/ro/new.json" -- as_sudo "$SCHEDSCOPE" export -f json -o "$T_TMP/ro/new.json" "$D/src.trace"
left=$(ls -A "$T_TMP/ro" | tr '\n' ' ')
check_eq unwritable-left "passwd " "$left"

# ---- what the student does get ----
# sudo hands the command root's HOME, USER, LOGNAME, SHELL and MAIL; it must see the student's.
as_sudo env HOME=/root USER=root LOGNAME=root SHELL=/bin/bash MAIL=/var/mail/root \
  "$SCHEDSCOPE" record -q -o "$D/env.trace" -- sh -c 'echo $HOME $USER $LOGNAME $SHELL $MAIL; id -u; id -g' > "$D/env.txt"
check_eq owner "$UID_ $GID_ regular file" "$(stat -c '%u %g %F' "$D/env.trace")"
check_eq env "$HOME_ $TUSER $TUSER $SHELL_ /var/mail/$TUSER $UID_ $GID_" "$(tr '\n' ' ' < "$D/env.txt" | sed 's/ $//')"

first=$(sha256sum < "$D/env.trace")
err=$(as_sudo "$SCHEDSCOPE" record -o "$D/env.trace" -- true 2>&1)
if grep -qxF "  kept     the earlier trace as $D/env.trace.old" <<<"$err" &&
   [ "$(sha256sum < "$D/env.trace.old")" = "$first" ] &&
   [ "$(stat -c '%u' "$D/env.trace.old")" = "$UID_" ] && [ "$(sha256sum < "$D/env.trace")" != "$first" ]; then
  pass old-kept
else
  fail old-kept "$(grep kept <<<"$err"), .old $(stat -c '%u' "$D/env.trace.old" 2>&1)"
fi

as_sudo "$SCHEDSCOPE" export -f json -o "$D/e.json" "$D/src.trace" 2>/dev/null
check_eq export-owner "$UID_ $GID_ regular file 0" \
  "$(stat -c '%u %g %F' "$D/e.json") $(find "$D" -name '*.partial' ! -name t.json.partial | wc -l)"

# ---- the live view's NAME.out (a real terminal: tmux) ----
if command -v tmux >/dev/null; then
  TM_SOCK=schedscope-sec-$$
  TM=(tmux -L "$TM_SOCK" -f /dev/null)
  "${TM[@]}" new-session -d -x 120 -y 40 -s ui \
    "cd $D && env -i PATH=/usr/bin:/bin TERM=screen SUDO_UID=$UID_ SUDO_GID=$GID_ SUDO_USER=$TUSER bash --norc --noprofile"
  screen() { "${TM[@]}" capture-pane -p -t ui; }
  wait_for() { local i; for ((i = 0; i < ${2:-5} * 20; i++)); do screen | grep -qE -- "$1" && return 0; sleep 0.05; done; return 1; }
  as_user "ln -s $T_TMP/victim $D/lv.out"
  before=$(fingerprint "$T_TMP/victim"; fingerprint "$D/lv.out")
  "${TM[@]}" send-keys -t ui "$SCHEDSCOPE record --live -o lv.trace -- true 2>lv.err; echo EXIT=\$?" Enter
  wait_for '^EXIT=' 10
  after=$(fingerprint "$T_TMP/victim"; fingerprint "$D/lv.out")
  want="schedscope: lv.out is a symbolic link, $NOTREG"
  if screen | grep -q '^EXIT=1' && [ "$(cat "$D/lv.err")" = "$want" ] && [ "$before" = "$after" ]; then
    pass symlink-out
  else
    fail symlink-out "$(screen | grep EXIT=), stderr '$(cat "$D/lv.err")', target $( [ "$before" = "$after" ] && echo same || echo CHANGED)"
  fi
  "${TM[@]}" send-keys -t ui "clear; $SCHEDSCOPE record --live -o lv2.trace -- sh -c 'echo hello from \$(id -u)' 2>lv2.err; echo EXIT=\$?" Enter
  if wait_for '^ FINISHED' 10; then
    "${TM[@]}" send-keys -t ui q
    wait_for '^EXIT=' 5
  fi
  check_eq out-owner "$UID_ $GID_ regular file|hello from $UID_" "$(stat -c '%u %g %F' "$D/lv2.out" 2>&1)|$(cat "$D/lv2.out" 2>&1)"
  # A recording refused at its start leaves an earlier NAME.out as it was.
  as_user "echo previous > $D/kx.out && ln -s $T_TMP/victim $D/kx.trace"
  "${TM[@]}" send-keys -t ui "clear; $SCHEDSCOPE record --live -o kx.trace -- true 2>kx.err; echo EXIT=\$?" Enter
  wait_for '^EXIT=' 10
  check_eq out-kept "EXIT=1|previous|0" \
    "$(screen | grep -o '^EXIT=[0-9]*')|$(cat "$D/kx.out")|$(find "$D" -name 'kx.out.*' | wc -l)"
  # The export key reads the trace again by its name: swapped for a link to
  # root's own trace, it must read as the student would (denied), not as root.
  cp "$D/src.trace" "$T_TMP/roots.trace" && chmod 600 "$T_TMP/roots.trace"
  "${TM[@]}" send-keys -t ui "clear; $SCHEDSCOPE record --live -o lx.trace -- true 2>lx.err; echo EXIT=\$?" Enter
  if wait_for '^ FINISHED' 10; then
    as_user "ln -sf $T_TMP/roots.trace $D/lx.trace"
    "${TM[@]}" send-keys -t ui e
    wait_for 'export failed|exported to' 10
    shown=$(screen | grep -oE 'export failed: .*Permission denied|exported to [^:]*' | head -n1)
    "${TM[@]}" send-keys -t ui q
    wait_for '^EXIT=' 5
  fi
  check_eq export-live-swap "export failed: cannot open lx.trace: Permission denied|absent" \
    "${shown:-nothing shown: $(screen | tail -n3 | tr '\n' ' ')}|$(fingerprint "$D/lx.pftrace")"
else
  fail symlink-out "tmux is not installed (scripts/install-deps.sh)"
  fail out-owner "tmux is not installed (scripts/install-deps.sh)"
  fail export-live-swap "tmux is not installed (scripts/install-deps.sh)"
  fail out-kept "tmux is not installed (scripts/install-deps.sh)"
fi

# ---- the traced tree outlives its root ----
# A double fork: the subshell forks sleep and exits, so sleep is orphaned.
as_sudo "$SCHEDSCOPE" record -o "$D/d.trace" -- sh -c "(sleep 30 & echo \$! > $D/d.pid); true" 2> "$D/d.err"
dpid=$(cat "$D/d.pid")
check_eq alive "  alive    1 process of the traced tree still running, not recorded from here on (--wait-tree records until the whole tree has exited)|0" \
  "$(grep '^  alive' "$D/d.err")|$("$SCHEDSCOPE" dump --tsv "$D/d.trace" | awk -F'\t' -v p="$dpid" '$3=="exit" && $4==p' | wc -l)"
kill "$dpid" 2>/dev/null
as_sudo "$SCHEDSCOPE" record --wait-tree -o "$D/w.trace" -- sh -c "(sleep 1 & echo \$! > $D/w.pid); true" 2> "$D/w.err"
wpid=$(cat "$D/w.pid")
check_eq wait-tree "no alive line|1" \
  "$(grep -q '^  alive' "$D/w.err" && echo alive line || echo no alive line)|$("$SCHEDSCOPE" dump --tsv "$D/w.trace" | awk -F'\t' -v p="$wpid" '$3=="exit" && $4==p' | wc -l)"

# ---- schedscope killed outright: --death-signal reaches the command ----
# The command waits on a FIFO. With --death-signal KILL it must die with
# schedscope; without, it must still be there to read from the FIFO after
# schedscope is gone (a reply proves it, where a pid check could not tell a
# dying process from a live one).
running() { [ "$(ps -o stat= -p "$1" 2>/dev/null | cut -c1)" != "" ] && [ "$(ps -o stat= -p "$1" | cut -c1)" != Z ]; }
gone() { local i; for ((i = 0; i < 200; i++)); do running "$1" || return 0; sleep 0.05; done; return 1; }
appears() { local i; for ((i = 0; i < 200; i++)); do [ -s "$1" ] && return 0; sleep 0.05; done; return 1; }
for mode in death-signal no-death-signal; do
  rm -f "$D/k.pid" "$D/k.fifo" "$D/k.alive"
  as_user "mkfifo $D/k.fifo"
  opt=(); [ $mode = death-signal ] && opt=(--death-signal KILL)
  # env execs schedscope, so $! is schedscope itself
  env SUDO_UID="$UID_" SUDO_GID="$GID_" SUDO_USER="$TUSER" \
    "$SCHEDSCOPE" record -q "${opt[@]}" -o "$D/k.trace" -- sh -c "echo \$\$ > $D/k.pid; read l < $D/k.fifo; echo \$l > $D/k.alive" &
  rec=$!
  appears "$D/k.pid"; cpid=$(cat "$D/k.pid")
  kill -KILL "$rec"; wait "$rec" 2>/dev/null
  if [ $mode = death-signal ]; then
    if gone "$cpid"; then pass $mode; else fail $mode "pid $cpid still runs after schedscope was killed"; kill "$cpid"; fi
  else
    # the default: the command runs on, as the help says
    timeout 10 sh -c "echo still-here > $D/k.fifo"
    if appears "$D/k.alive" && [ "$(cat "$D/k.alive")" = still-here ]; then
      pass $mode
    else
      fail $mode "pid $cpid did not answer after schedscope was killed"
      running "$cpid" && kill "$cpid"
    fi
  fi
done

# ---- a full disk: the summary tells what the file holds ----
mkdir "$T_TMP/full"
mount -t tmpfs -o size=32k,uid="$UID_",gid="$GID_",mode=755 tmpfs "$T_TMP/full"
as_sudo "$SCHEDSCOPE" record -o "$T_TMP/full/f.trace" -- sh -c 'for i in $(seq 300); do /bin/true; done' 2> "$D/f.err"; rc=$?
holds=$(sed -n 's/^  events   \([0-9]*\) in .*; the file holds \([0-9]*\) of them$/\2/p' "$D/f.err")
recorded=$(sed -n 's/^  events   \([0-9]*\) in .*/\1/p' "$D/f.err")
info=$("$SCHEDSCOPE" info "$T_TMP/full/f.trace")
in_file=$(awk '$1=="events" {print $2}' <<<"$info")
size=$(sed -n 's/^  size .*(\([0-9]*\) bytes.*/\1/p' "$D/f.err")
if [ $rc -eq 1 ] && grep -qx "schedscope: wrote $T_TMP/full/f.trace, cut short" "$D/f.err" &&
   grep -q "^  unsaved  [0-9]* events\?, [0-9]* task records\?: writing failed (No space left on device); the file ends at its last whole chunk and is readable$" "$D/f.err" &&
   ! grep -q dropped "$D/f.err" && [ -n "$holds" ] && [ "$holds" = "$in_file" ] && [ "$holds" -lt "$recorded" ] &&
   [ "$size" = "$(stat -c %s "$T_TMP/full/f.trace")" ] && grep -q '^status      INCOMPLETE' <<<"$info"; then
  pass enospc
else
  fail enospc "rc $rc; summary: $(tr '\n' '|' < "$D/f.err"); info events '$in_file', size $(stat -c %s "$T_TMP/full/f.trace")"
fi
umount "$T_TMP/full"

# ---- reading is done as the user too: another's 0600 trace stays closed ----
cp "$D/src.trace" "$T_TMP/private.trace" && chmod 600 "$T_TMP/private.trace"
err=$(as_sudo "$SCHEDSCOPE" info "$T_TMP/private.trace" 2>&1 >/dev/null); rc=$?
check_eq read-as-user "1 schedscope: cannot open $T_TMP/private.trace: Permission denied" "$rc $err"
out=$(as_sudo "$SCHEDSCOPE" info "$D/src.trace" 2>&1); rc=$?
check_eq read-own "0 1" "$rc $(grep -c '^format ' <<<"$out")"

# ---- through real sudo, with a sudoers rule for this one command ----
if command -v sudo >/dev/null && command -v visudo >/dev/null; then
  echo "$TUSER ALL=(root) NOPASSWD: $SCHEDSCOPE" > "$SUDOERS.tmp"
  chmod 440 "$SUDOERS.tmp"
  if visudo -cqf "$SUDOERS.tmp"; then
    mv "$SUDOERS.tmp" "$SUDOERS"
    as_user "ln -s $T_TMP/victim $D/real-link.trace"
    before=$(fingerprint "$T_TMP/victim")
    err=$(as_user "cd $D && sudo -n $SCHEDSCOPE record -o real-link.trace -- true" 2>&1)
    out=$(as_user "cd $D && sudo -n $SCHEDSCOPE record -q -o real.trace -- sh -c 'echo \$HOME \$USER \$LOGNAME \$SHELL; id -u'" 2>&1)
    after=$(fingerprint "$T_TMP/victim")
    if [ "$err" = "schedscope: real-link.trace is a symbolic link, $NOTREG" ] && [ "$before" = "$after" ] &&
       [ "$(tr '\n' ' ' <<<"$out" | sed 's/ $//')" = "$HOME_ $TUSER $TUSER $SHELL_ $UID_" ] &&
       [ "$(stat -c '%u %g' "$D/real.trace")" = "$UID_ $GID_" ]; then
      pass real-sudo
    else
      fail real-sudo "plant: '$err'; command said '$out'; real.trace: $(stat -c '%u %g' "$D/real.trace" 2>&1)"
    fi
  else
    fail real-sudo "visudo rejects the rule: $(cat "$SUDOERS.tmp")"
  fi
  rm -f "$SUDOERS.tmp"
else
  fail real-sudo "sudo is not installed (scripts/install-deps.sh installs it)"
fi
