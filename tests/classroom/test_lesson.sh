#!/usr/bin/env bash
# schedscope lesson: the list; without root, the reference trace said in one
# line and checked; with root, the lesson recorded live with its reference's
# options; under sudo, a reference is read as the student (a trace the
# student may not read is not shown through sudo). The references are
# planted in a directory of the test's own (SCHEDSCOPE_TRACE_DIR), recorded
# here, so this test does not depend on traces/ (test_references.sh checks
# those).
source "$(dirname "$0")/../lib.sh"

cd "$T_TMP" || exit 1
export SCHEDSCOPE_SCENARIO_DIR=$SCENARIO_DIR

# the list: every scenario of the catalog, and lock's --no-lock as its own lesson
check_eq "the list: each scenario, and the lost update" \
  "$("$SCHEDSCOPE" list | awk '{ print $1 }' | sed '/^lock$/a lost-update' | tr '\n' ' ')" \
  "$("$SCHEDSCOPE" lesson | awk '/^[a-z]/ { print $1 }' | tr '\n' ' ')"
"$SCHEDSCOPE" lesson nosuch >/dev/null 2>err
check_eq "a lesson that is not there" "2 schedscope lesson: no lesson named 'nosuch'; 'schedscope lesson' lists them" \
  "$? $(cat err)"

NAMES=("no root: the reference, said in one line" "no root: the reference's checks, all passed"
  "no root, a terminal: the lesson's timeline, then its checks ticked"
  "no root, no reference: said, and a failure" "the list names the reference and its size"
  "root: the lesson recorded live, with the reference's options" "sudo: a reference is read as the student")
need_root "${NAMES[@]}" || exit 0
source "$TOP/tests/classroom/student.sh"
make_pupil "${NAMES[@]}" || exit 0
chmod 755 "$T_TMP"

# a reference of threads, recorded here
mkdir refs
"$SCHEDSCOPE" run threads -q -o refs/threads.trace -- --pause-ms 20 >/dev/null 2>&1
chmod 644 refs/threads.trace
export SCHEDSCOPE_TRACE_DIR=$T_TMP/refs
day=$("$SCHEDSCOPE" info refs/threads.trace | awk '$1 == "started" { print $2 }')

mkdir work && chown "$PUPIL:" work && cd work || exit 1
as_pupil "$SCHEDSCOPE" lesson threads >out 2>err
rc=$?
check_eq "no root: the reference, said in one line" \
  "schedscope lesson: not recording without root: the reference trace of threads, recorded $day ($T_TMP/refs/threads.trace)" \
  "$(head -n1 out)"
check_eq "no root: the reference's checks, all passed" "0 ✓ ✓ ✓ |" \
  "$rc $(grep -oE '^(✓|✗|\?|…) ' out | tr -d '\n')|$(ls -A | grep -v -e '^out$' -e '^err$')"
# on a terminal (tmux), as a student types it: the timeline, q, the checks
TM=(tmux -L "schedscope-lesson-$$" -f /dev/null)
trap '"${TM[@]}" kill-server 2>/dev/null; pupil_cleanup' EXIT
screen() { "${TM[@]}" capture-pane -p -t ui; }
wait_for() { # wait_for REGEX: until the screen shows it (20 s at most)
  local i
  for ((i = 0; i < 400; i++)); do screen | grep -qE -- "$1" && return 0; sleep 0.05; done
  return 1
}
"${TM[@]}" new-session -d -s ui -x 120 -y 40 \
  "setpriv --reuid=$(id -u "$PUPIL") --regid=$(id -g "$PUPIL") --clear-groups env SCHEDSCOPE_TRACE_DIR=$T_TMP/refs TERM=xterm \
   $SCHEDSCOPE lesson threads; echo EXIT=\$?; sleep 60"
wait_for 'threads: threading.Thread.*q quit'; title=$?
"${TM[@]}" send-keys -t ui q
wait_for '^EXIT='
check_eq "no root, a terminal: the lesson's timeline, then its checks ticked" "0 3 EXIT=0" \
  "$title $(screen | grep -cE '^✓ ') $(screen | grep -oE '^EXIT=[0-9]+')"

as_pupil "$SCHEDSCOPE" lesson pool >out 2>err
check_eq "no root, no reference: said, and a failure" \
  "1 schedscope lesson: recording needs root, and there is no reference trace of pool ('make lessons' records them)" \
  "$? $(cat err)"
check_eq "the list names the reference and its size" \
  "reference: $T_TMP/refs/threads.trace ($(numfmt --to=iec-i --suffix=B --round=nearest --format=%.1f "$(stat -c %s "$T_TMP/refs/threads.trace")" | sed 's/\([0-9]\)\([KMG]\)/\1 \2/'))" \
  "$(as_pupil "$SCHEDSCOPE" lesson | grep -A1 '^threads ' | tail -n1 | sed 's/^ *//')"

# root records: the lesson live (not a terminal here: the plain summary), with the reference's options
cd "$T_TMP" && mkdir live && cd live || exit 1
"$SCHEDSCOPE" lesson threads >out 2>err
check_eq "root: the lesson recorded live, with the reference's options" \
  "0 command     $SCENARIO_DIR/threads --pause-ms 20" \
  "$? $("$SCHEDSCOPE" info threads.trace 2>&1 | grep '^command')"

# under sudo a reference is read as the student: one closed to others is not shown
chmod 600 "$T_TMP/refs/threads.trace"
cd "$T_TMP/work" || exit 1
as_pupil_sudo "$SCHEDSCOPE" lesson --reference threads >out 2>err
check_eq "sudo: a reference is read as the student" "1 schedscope: cannot open $T_TMP/refs/threads.trace: Permission denied" \
  "$? $(tail -n1 err)"
