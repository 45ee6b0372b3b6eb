#!/usr/bin/env bash
# `schedscope run` refuses what it cannot do before anything is recorded or
# overwritten: a scenario option the scenario does not take (its own one-line
# error, then ours), and a knob that cannot be (a CPU this machine does not
# have, a --prio without a real-time policy, a nice out of range). An earlier
# NAME.trace stays byte for byte, and no NAME.trace.old appears. Needs no root:
# the refusals come before the recorder is loaded.
source "$(dirname "$0")/../lib.sh"

cd "$T_TMP" || exit 1
export SCHEDSCOPE_SCENARIO_DIR=$SCENARIO_DIR
online=$(cat /sys/devices/system/cpu/online)
last=${online##*[-,]}

# refused NAME WANT-RC WANT-STDERR ARGS...: run fails with that status and says
# exactly that; the earlier trace is untouched and nothing else appears.
refused() {
  local name=$1 want_rc=$2 want=$3 err rc
  shift 3
  echo "an earlier trace" >"$T_TMP/threads.trace"
  err=$("$SCHEDSCOPE" run threads -q "$@" 2>&1 >/dev/null)
  rc=$?
  check_eq "$name" "$want_rc|$want|an earlier trace|threads.trace" \
    "$rc|$err|$(head -c 40 "$T_TMP/threads.trace" | tr -cd "[:print:]")|$(ls -A "$T_TMP" | tr '\n' ' ' | sed 's/ $//')"
}

refused "a scenario option the scenario does not take" 2 \
"threads: unknown option '--bogus' (try --help)
schedscope run: the threads scenario refused its options; nothing was recorded" -- --bogus
refused "a scenario option's bad value" 2 \
"threads: --pause-ms wants a whole number, not 'soon' (try --help)
schedscope run: the threads scenario refused its options; nothing was recorded" -- --pause-ms soon
refused "a stray word among the scenario's options" 2 \
"threads: unexpected argument 'stray' (try --help)
schedscope run: the threads scenario refused its options; nothing was recorded" -- --pause-ms 20 stray
refused "a bad option after a good one and before --" 2 \
"threads: unknown option '--no-such' (try --help)
schedscope run: the threads scenario refused its options; nothing was recorded" -- --pause-ms 20 --no-such -- x
refused "--cpus: a CPU this machine does not have" 2 \
"schedscope run: --cpus 0,$((last + 64)): there is no CPU $((last + 64)); this machine's CPUs are $online
(see 'schedscope run --help')" --cpus "0,$((last + 64))"
refused "--cpus: not a CPU list" 2 \
"schedscope run: --cpus: '1-0' runs backwards
(see 'schedscope run --help')" --cpus 1-0
refused "--prio without a real-time policy" 2 \
"schedscope run: --prio is the priority of --policy fifo or rr
(see 'schedscope run --help')" --policy batch --prio 5
refused "--nice out of range" 2 \
"schedscope run: --nice wants a number from -20 to 19, not '20'
(see 'schedscope run --help')" --nice 20
refused "--policy: one the kernel has but run does not take" 2 \
"schedscope run: --policy wants other, batch, idle, fifo or rr, not 'deadline'
(see 'schedscope run --help')" --policy deadline
err=$("$SCHEDSCOPE" record --all --duration 1 --cpus 0 -o "$T_TMP/all.trace" 2>&1 >/dev/null)
check_eq "knobs are for a command, not for --all (record)" \
"2|schedscope record: --cpus, --nice and --policy are for a command, not for --all
(see 'schedscope record --help')|threads.trace" "$?|$err|$(ls -A "$T_TMP" | tr '\n' ' ' | sed 's/ $//')"
