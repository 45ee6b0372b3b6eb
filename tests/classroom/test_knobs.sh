#!/usr/bin/env bash
# run's experiment knobs, as root: set on the scenario before it starts and
# seen in the trace itself (the CPU of every run of its threads; the kernel
# priority each switch records: 120 + nice, or 99 - the real-time priority),
# kept in the header (info). Under sudo they are set as the student, so a
# student gets no FIFO and no negative nice through sudo; the refusal is one
# line, and an earlier trace stays as it was. A raised nice (which a student
# may set) is set.
source "$(dirname "$0")/../lib.sh"

NAMES=("affinity, nice and batch: info" "affinity: every run on CPU 0" "nice 5: kernel priority 125"
  "fifo 10: info" "fifo 10: kernel priority 89" "student, fifo: refused, nothing recorded"
  "student, nice -5: refused, nothing recorded" "student, nice 5: set, the trace the student's")
need_root "${NAMES[@]:0:8}" || exit 0
source "$TOP/tests/classroom/student.sh"
make_pupil "${NAMES[@]:5:3}" || exit 0

cd "$T_TMP" || exit 1
chmod 755 "$T_TMP"
export SCHEDSCOPE_SCENARIO_DIR=$SCENARIO_DIR

# traced TAG: the runs of the traced threads (the command and the threads it
# cloned), one line each: "cpu next_prio".
traced() {
  local root
  root=$("$SCHEDSCOPE" info "$1.trace" | awk '$1 == "pid" { print $2 }')
  "$SCHEDSCOPE" dump --tsv "$1.trace" |
    awk -F'\t' -v r="$root" 'BEGIN { t[r] = 1 } $3 == "fork" && t[$4] { t[$5] = 1 }
                             $3 == "switch" && t[$5] { print $2, $8 }'
}

"$SCHEDSCOPE" run threads -q -o knobs.trace --cpus 0 --nice 5 --policy batch -- --pause-ms 20 >/dev/null 2>knobs.err
check_eq "affinity, nice and batch: info" "0 knobs       CPU 0, nice 5, SCHED_BATCH" \
  "$? $("$SCHEDSCOPE" info knobs.trace | grep '^knobs')"
runs=$(traced knobs)
check_eq "affinity: every run on CPU 0" "0 $(wc -l <<<"$runs")" "$(cut -d' ' -f1 <<<"$runs" | sort -u | tr '\n' ' ')$(wc -l <<<"$runs")"
check_eq "nice 5: kernel priority 125" "125" "$(cut -d' ' -f2 <<<"$runs" | sort -u | tr '\n' ' ' | sed 's/ $//')"

"$SCHEDSCOPE" run threads -q -o fifo.trace --policy fifo --prio 10 -- --pause-ms 20 >/dev/null 2>fifo.err
check_eq "fifo 10: info" "0 knobs       SCHED_FIFO priority 10" "$? $("$SCHEDSCOPE" info fifo.trace | grep '^knobs')"
check_eq "fifo 10: kernel priority 89" "89" "$(traced fifo | cut -d' ' -f2 | sort -u | tr '\n' ' ' | sed 's/ $//')"

# ---- the student, under sudo, in a directory of their own ----
D=$T_TMP/student
mkdir "$D" && chown "$PUPIL:" "$D"
cd "$D" || exit 1
uid=$(id -u "$PUPIL")
# student_refused NAME WANT KNOBS...: the run fails with WANT, the earlier trace unchanged, no .old
student_refused() {
  local name=$1 want=$2 err rc
  shift 2
  echo "the student's earlier trace" >threads.trace && chown "$PUPIL:" threads.trace
  err=$(as_pupil_sudo "$SCHEDSCOPE" run threads -q "$@" -- --pause-ms 20 2>&1 >/dev/null)
  rc=$?
  check_eq "$name" "1|$want|the student's earlier trace|threads.trace" \
    "$rc|$err|$(head -c 40 threads.trace | tr -cd "[:print:]")|$(ls -A | tr '\n' ' ' | sed 's/ $//')"
}
student_refused "student, fifo: refused, nothing recorded" \
  "schedscope: --policy fifo needs the privilege to schedule in real time: under sudo the command runs as $PUPIL (uid $uid), who lacks it (CAP_SYS_NICE, or an rtprio limit of 1 or more in /etc/security/limits.conf)" \
  --policy fifo
student_refused "student, nice -5: refused, nothing recorded" \
  "schedscope: --nice -5 needs the privilege to raise priority: under sudo the command runs as $PUPIL (uid $uid), who lacks it (CAP_SYS_NICE, or a nice limit of -5 or lower in /etc/security/limits.conf)" \
  --nice -5

rm -f threads.trace
as_pupil_sudo "$SCHEDSCOPE" run threads -q -o nice.trace --nice 5 -- --pause-ms 20 >/dev/null 2>nice.err
rc=$?
check_eq "student, nice 5: set, the trace the student's" "0 $PUPIL 125" \
  "$rc $(stat -c %U nice.trace) $(traced nice | cut -d' ' -f2 | sort -u | tr '\n' ' ' | sed 's/ $//')"
