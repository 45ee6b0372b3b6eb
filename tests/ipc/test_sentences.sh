#!/usr/bin/env bash
# The sentences that read wrong, on real recordings: a shell's vfork and its
# wait4(-1), the recorder's start pipe (not the program's), why and flows on
# a join, the kernel's own SIGKILL, names for every syscall, which way bytes
# went on a connection and who connected, why's tree and usage.
source "$(dirname "$0")/../lib.sh"

need_root "sentences: a shell's vfork is released by its child's execve" \
  "sentences: a shell's wait4(-1) waits for any child" \
  "sentences: no syscall numbers, no 4294967295" \
  "sentences: the start pipe is not the program's channel" \
  "sentences: the held start is left out of why and flows" \
  "sentences: why and flows agree on a join" \
  "sentences: dump says where a SIGKILL nobody sent came from" \
  "sentences: flows says which way bytes went and who connected" \
  "sentences: flows counts channels, in words" \
  "sentences: info counts in words" \
  "sentences: why without --pid lists the tree" || exit 0

export SCHEDSCOPE_SCENARIO_DIR=$SCENARIO_DIR
root_of() { "$SCHEDSCOPE" info "$1" | awk '$1 == "pid" { print $2 }'; }
children() { "$SCHEDSCOPE" dump --tsv --kind fork "$1" | awk -F'\t' -v p="$2" '$4 == p { print $5 }'; }

# --- a shell: two commands, each a vfork and a wait4(-1) (dash); each
# sleeps 50 ms, so the shell waits for it ---
S=$T_TMP/sh.trace
"$SCHEDSCOPE" record -q -o "$S" -- /bin/sh -c '/bin/sleep 0.05; /bin/sleep 0.05; exit 0' > /dev/null 2>&1
sh=$(root_of "$S")
"$SCHEDSCOPE" why --tsv "$S" --pid "$sh" > "$S.why"
kids=" $(children "$S" "$sh" | tr '\n' ' ')"
# waker, how, and the sentence after "blocked <duration> ", with the waker
# (one of the shell's children) written W
claims() { awk -F'\t' -v f="$1" -v v="$2" -v kids="$kids" '$1 == "blocked" && $f == v {
             s = $11; sub(/^blocked [^ ]+ [^ ]+ /, "", s); w = $6; gsub(" " w " ", " W ", s)
             print (index(kids, " " w " ") ? "a child" : "not a child: " w) "\t" $7 "\t" s; exit }' "$S.why"; }
check_eq "sentences: a shell's vfork is released by its child's execve" \
  "a child	child exec'd	waiting for its vfork child to exec or exit (vfork()); released when sh W called execve" \
  "$(claims 4 vfork)"
check_eq "sentences: a shell's wait4(-1) waits for any child" \
  "a child	exited	waiting for any child to end (wait4(any child)); woken by sleep W exiting (exit code 0)" \
  "$(claims 9 wait4)"
all_text=$("$SCHEDSCOPE" why "$S" --pid "$sh"; for c in $(children "$S" "$sh"); do "$SCHEDSCOPE" why "$S" --pid "$c"; done; "$SCHEDSCOPE" dump "$S")
if grep -E 'syscall [0-9]|4294967295' <<<"$all_text"; then
  fail "sentences: no syscall numbers, no 4294967295"
else
  pass "sentences: no syscall numbers, no 4294967295"
fi

# --- queue: the recorder holds the root on a pipe until it starts it ---
# The queue's main process reads no pipe of its own. The kernel side keys
# its flow counts by the open file, and a file freed and reallocated at the
# same address (the start pipe, closed at exec, then a library ld.so reads
# 832 bytes of) continues the old count: a "pipe read 833 B in 2 calls" that
# no reading side can tell apart. Such runs are retried, and skipped if all are.
for try in 1 2 3 4 5 6; do
  Q=$T_TMP/queue$try.trace
  "$SCHEDSCOPE" run queue -q -o "$Q" -- --max-ms 50 --seed 7 > /dev/null 2>&1
  q=$(root_of "$Q")
  "$SCHEDSCOPE" flows "$Q" > "$Q.flows"
  grep -qE "^    queue $q read [0-9]+ B in [2-9][0-9]* calls$" "$Q.flows" || break
done
# the program's one channel is the writer's pipe to the reader; the start
# pipe (the root reading schedscope's one byte) is not listed
if grep -qE "^    queue $q read [0-9]+ B in [2-9][0-9]* calls$" "$Q.flows"; then
  skip "sentences: the start pipe is not the program's channel" "in 6 runs the kernel side merged the start pipe's count with another file's"
elif [ "$(sed -n 1p "$Q.flows")" = "Channels (1 channel)" ] && ! grep -q "queue $q read 1 B in 1 call" "$Q.flows"; then
  pass "sentences: the start pipe is not the program's channel"
else
  fail "sentences: the start pipe is not the program's channel" "$(head -4 "$Q.flows" | tr '\n' '|')"
fi
reader=$(children "$Q" "$q" | sed -n 2p)
kill9=$("$SCHEDSCOPE" dump "$Q" | grep "reader:$reader takes delivery of SIGKILL")
check "sentences: dump says where a SIGKILL nobody sent came from" \
  grep -q "which no task sent: .*here after SIGTERM from queue:$q\$" <<<"$kill9"

# The held start: the root sleeps on schedscope's start pipe before the
# recording begins (the recorder holds it there while it attaches), so the
# trace has at most the recorder's wakeup of it, and the root's one-byte
# read of the pipe: neither why nor flows may speak of that pipe, named in
# the header (the model's rule for a held sleep seen whole is in
# tests/unit/test_explain.c). This once
# waited for a run where the sleep fell inside the recording; none did in
# 45 tries across three CI runs, so it tested nothing.
H=$T_TMP/held.trace
"$SCHEDSCOPE" record -q --flows -o "$H" -- /bin/true > /dev/null 2>&1
h=$(root_of "$H")
pipe=$("$SCHEDSCOPE" info "$H" | sed -n 's/^start pipe *\(pipe:\[[0-9]*\]\).*/\1/p')
listed=$("$SCHEDSCOPE" why "$H" --pid "$h" | grep -c -e "${pipe:-no start pipe}" -e "woken by schedscope")
flowed=$("$SCHEDSCOPE" flows "$H" | grep -c -F "${pipe:-no start pipe}")
check_eq "sentences: the held start is left out of why and flows" "pipe:[N]: 0 in why, 0 in flows" \
  "$(sed 's/[0-9][0-9]*/N/' <<<"${pipe:-no start pipe}"): $listed in why, $flowed in flows"

# --- threads: the main thread joins LoopThread on a futex ---
T=$T_TMP/threads.trace
"$SCHEDSCOPE" run threads -q -o "$T" -- --pause-ms 20 > /dev/null 2>&1
t=$(root_of "$T")
join=$("$SCHEDSCOPE" why "$T" --pid "$t" | grep -o 'waiting for a thread to end (pthread_join on futex 0x[0-9a-f]*)')
addr=${join##* }; addr=${addr%)}
if [ -n "$addr" ] && "$SCHEDSCOPE" flows "$T" | grep -A1 "^  futex $addr " | grep -q " join "; then
  pass "sentences: why and flows agree on a join"
else
  fail "sentences: why and flows agree on a join" "why: '$join'; flows: $("$SCHEDSCOPE" flows "$T" | tail -3 | tr '\n' '|')"
fi

# --- distributed: TCP both ways; the workers connected to the master ---
D=$T_TMP/dist.trace
"$SCHEDSCOPE" run distributed -q -o "$D" -- --workers 2 --tasks 4 --work-ms 5 > /dev/null 2>&1
d=$(root_of "$D")
"$SCHEDSCOPE" flows "$D" > "$D.flows"
conns=$(grep -c '^  tcp ' "$D.flows")
connected=0
for w in $(children "$D" "$d"); do
  grep -q "^  tcp .*: worker-[0-9] $w (port [0-9]*) connected to distributed $d (port [0-9]*)" "$D.flows" &&
    connected=$((connected + 1))
done
# every flow of a connection says which way: sent to, or received from, the other end
lines=$(awk '/^  / { tcp = /^  tcp / } /^    / && tcp' "$D.flows" | wc -l)
ways=$(awk '/^  / { tcp = /^  tcp / } /^    / && tcp' "$D.flows" |
  grep -cE "^    (distributed $d|worker-[0-9] [0-9]+) (sent [^ ]+ B in [0-9]+ calls? to|received [^ ]+ B in [0-9]+ calls? from) 127\.0\.0\.1:[0-9]+$")
check_eq "sentences: flows says which way bytes went and who connected" "2 connections, 2 connected, $lines of $lines with a way" \
  "$conns connections, $connected connected, $ways of $lines with a way"
n=$(grep -c '^  [a-z]' < <(sed -n '/^Channels/,/^$/p' "$D.flows"))
check "sentences: flows counts channels, in words" grep -qx "Channels ($n channels)" "$D.flows"

# --- counts in words: "1 USDT probe", never "1 USDT probes" ---
K=$T_TMP/one.trace
# (its provider is not schedscope: opted in)
"$SCHEDSCOPE" record -q --usdt schedscope_test -o "$K" -- "$BUILD/tests/helpers/one_probe" > /dev/null 2>&1
"$SCHEDSCOPE" record -q -o "$T_TMP/true.trace" -- /bin/true > /dev/null 2>&1
check_eq "sentences: info counts in words" "probes      1 USDT probe|probes      0 USDT probes" \
  "$("$SCHEDSCOPE" info "$K" | grep '^probes')|$("$SCHEDSCOPE" info "$T_TMP/true.trace" | grep '^probes')"

# --- why without --pid: the tree, and the usage names --tsv ---
err=$("$SCHEDSCOPE" why "$Q" 2>&1); rc=$?
tree_ok=$(grep -c -e "^  queue $q, the traced command$" -e "^    writer [0-9]*, a process forked by queue $q$" \
  -e "^    reader $reader, a process forked by queue $q$" <<<"$err")
check_eq "sentences: why without --pid lists the tree" "rc 2, 3 lines, --tsv in usage" \
  "rc $rc, $tree_ok lines, $("$SCHEDSCOPE" why --help | grep -q '^usage: .*\[--tsv\]' && echo '--tsv in usage')"
