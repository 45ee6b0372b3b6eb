# Kernel threads, as the kernel side flags them (PF_KTHREAD in the task
# record), in a recording of the whole system: they are named kernel threads
# by that flag, the kernel's own /proc agrees, and a kworker's sleeps are
# waits for work, with no syscall (its registers mean nothing).
source "$(dirname "$0")/../lib.sh"

need_root kthread-flagged kthread-proc-agrees kworker-waits-for-work || exit 0

A=$T_TMP/all.trace
( for i in $(seq 30); do /bin/sh -c '/bin/ls / | /usr/bin/wc -l' > /dev/null; sleep 0.01; done ) &
load=$!
"$SCHEDSCOPE" record --all -q -d 0.5 -o "$A" > /dev/null 2>&1
wait "$load"

n=$("$SCHEDSCOPE" info "$A" | sed -n 's/^kthreads *\([0-9]*\) (PF_KTHREAD, as the kernel flagged them)$/\1/p')
check kthread-flagged positive "$n"

# every thread of the tree still alive under the same name (a pid may be
# reused since) is a kernel thread for the trace exactly when it is one for
# the kernel (/proc/PID/stat's flags, field 9, PF_KTHREAD 0x00200000)
tree=$("$SCHEDSCOPE" why "$A" 2>&1)
kts=$(sed -n 's/^ *[^ ].* \([0-9][0-9]*\), a kernel thread$/\1/p' <<<"$tree" | tr '\n' ' ')
disagree=""; seen=0
while read -r comm p; do
  [ "$(cat "/proc/$p/comm" 2>/dev/null)" = "$comm" ] || continue
  f=$(awk '{ print $9 }' "/proc/$p/stat" 2>/dev/null)
  [ -n "$f" ] || continue
  seen=$((seen + 1))
  kernel=$(( (f & 0x00200000) != 0 ))
  trace=0; [[ " $kts " == *" $p "* ]] && trace=1
  [ "$kernel" -eq "$trace" ] || disagree="$disagree $comm $p (kernel $kernel, trace $trace)"
done < <(sed -n 's/^ *\([^ ].*\) \([0-9][0-9]*\), .*/\1 \2/p' <<<"$tree")
check_none kthread-proc-agrees "$seen" "$disagree"

# a kworker's sleeps: waiting for work, and no syscall named
kw=$(sed -n 's/^ *kworker[^ ]* \([0-9][0-9]*\), a kernel thread$/\1/p' <<<"$tree" | head -n 20)
waits=""
for p in $kw; do
  waits+=$("$SCHEDSCOPE" why --tsv "$A" --pid "$p" | awk -F'\t' '$1 == "blocked" { print $4 "|" $9 }')$'\n'
done
check kworker-waits-for-work [ "$(grep -c '^waiting for work|-$' <<<"$waits")" -ge 1 -a \
  "$(grep -c . <<<"$waits")" -eq "$(grep -cE '^(waiting for work|sleep outside a syscall)\|-$' <<<"$waits")" ]
