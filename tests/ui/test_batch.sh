#!/usr/bin/env bash
# `schedscope view --batch`: the real view and key table rendered as text, no
# terminal, no root. Sizes, views, zoom and position, replayed frames, keys,
# ASCII, and the errors a user can make. The trace is synthetic (gen_trace).
source "$(dirname "$0")/../lib.sh"

F=$T_TMP/g.trace
"$BUILD/bench/gen_trace" "$F" 5000 2 4 >/dev/null
view() { "$SCHEDSCOPE" view "$F" --batch "$@"; }

out=$(view --size 100x30)
check_eq "one frame is SIZE lines" 30 "$(wc -l <<<"$out")"
check "the CPU lanes" grep -q '^CPU 1 ' <<<"$out"
check "the legend names the traced threads, similar names as one entry" grep -q '█ worker-0…worker-3, 4 ' <<<"$out"
check "the status line: finished trace, its events" grep -q '^ TRACE exit code 0 │ .* │ 5000 events │ lost 0' <<<"$out"
check "no line is wider than the screen" test "$(LC_ALL=C.UTF-8 wc -L <<<"$out")" -le 100

out=$(view --view thread --size 100x30)
check "--view thread: a lane per thread" grep -q '^worker-0 pid 1000 ' <<<"$out"
check "--view thread: the state legend" grep -q 'runnable, waiting for a CPU' <<<"$out"

out=$(view --zoom 20us --at 10ms --size 100x30)
check "--zoom sets the time per cell" grep -q '^20us/cell ' <<<"$out"
check "--at puts the time at the left edge" grep -qE '^20us/cell +0\.010000s ' <<<"$out"

out=$(view --frames 3 --size 100x24)
check_eq "--frames 3: three frames" 3 "$(grep -c '^--- frame [0-9] of 3 ---' <<<"$out")"
check_eq "replayed frames are live, the last finished" "LIVE LIVE FINISHED" \
  "$(grep -oE '^ (LIVE|FINISHED)' <<<"$out" | tr -d ' ' | tr '\n' ' ' | sed 's/ $//')"

out=$(view --keys "Tab + ?" --size 100x30)
check_eq "--keys: a frame after each key" 4 "$(grep -c '^--- frame' <<<"$out")"
check "Tab switched to the thread view" grep -q 'thread view (Tab: CPUs)' <<<"$(sed -n '/frame 2 of 4/,/frame 3 of 4/p' <<<"$out")"
check "? drew the key table" grep -q 'this key table' <<<"$(sed -n '/frame 4 of 4/,$p' <<<"$out")"

out=$(view --ascii --size 80x24)
check_eq "--ascii: a frame of 24 lines" 24 "$(wc -l <<<"$out")"
if LC_ALL=C grep -q '[^ -~]' <<<"$out"; then fail "--ascii: only ASCII" "$(LC_ALL=C grep -m1 '[^ -~]' <<<"$out")"; else pass "--ascii: only ASCII"; fi

"$SCHEDSCOPE" view "$F" --view sideways >/dev/null 2>&1
check_eq "a bad --view is a usage error" 2 $?
"$SCHEDSCOPE" view "$F" --batch --zoom 20s >/dev/null 2>&1
check_eq "--zoom past 10s is a usage error" 2 $?
"$SCHEDSCOPE" view "$F" --batch --keys Bogus >/dev/null 2>&1
check_eq "an unknown key name fails" 1 $?
"$SCHEDSCOPE" view "$T_TMP/missing.trace" --batch >/dev/null 2>&1
check_eq "a missing file fails" 1 $?
err=$("$SCHEDSCOPE" view "$F" </dev/null 2>&1 >/dev/null)
check "without a terminal it points to --batch" grep -q 'use --batch' <<<"$err"
check "view is listed in the help" bash -c "'$SCHEDSCOPE' --help | grep -q '^  view '"
