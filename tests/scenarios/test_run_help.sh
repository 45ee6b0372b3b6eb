#!/usr/bin/env bash
# `schedscope run NAME -- --help` prints the scenario's own help, exits with its
# status and records nothing: no NAME.trace, no NAME.out. Needs no root (nothing
# is traced); `run NAME --help` is still run's own help.
source "$(dirname "$0")/../lib.sh"

cd "$T_TMP" || exit 1
export SCHEDSCOPE_SCENARIO_DIR=$SCENARIO_DIR

for name in pool lock; do
  "$SCHEDSCOPE" run "$name" -- --help >"$name.help" 2>"$name.err"
  rc=$?
  check_eq "$name: run -- --help exits 0 and prints only the scenario's help" \
    "0 $("$SCENARIO_DIR/$name" --help | md5sum)" "$rc $(md5sum <"$name.help")"
  check_none "$name: run -- --help records nothing" "$(ls -A | grep -c .)" "$(ls -A | grep -v -e '\.help$' -e '\.err$')"
done

# -h among other options is help too
"$SCHEDSCOPE" run lock -- --iterations 5 -h >lock.help 2>&1
check_eq "lock: run -- --iterations 5 -h is the scenario's help" \
  "0 Usage: lock [OPTIONS]" "$? $(head -n1 lock.help)"

"$SCHEDSCOPE" run pool --help >run.help 2>&1
check_eq "run --help is run's own help" "0 usage: schedscope run [NAME]" \
  "$? $(head -n1 run.help | cut -d' ' -f1-4)"
check_none "run --help records nothing" "$(ls -A | grep -c .)" "$(ls -A | grep -v -e '\.help$' -e '\.err$')"
