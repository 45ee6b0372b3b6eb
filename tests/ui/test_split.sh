#!/usr/bin/env bash
# `schedscope view A B`: two runs stacked, lock over lock --no-lock (the
# reference traces, no root). Batch: each half has its own title, lanes and
# status line, one time scale, and + zooms both. In tmux: the split view
# opens, and w saves the split screen as one SVG.
source "$(dirname "$0")/../lib.sh"
export LC_ALL=C.UTF-8

cp "$TOP/traces/lock.trace" "$TOP/traces/lost-update.trace" "$T_TMP/"
chmod 777 "$T_TMP"; chmod 644 "$T_TMP"/*.trace
A=$T_TMP/lock.trace B=$T_TMP/lost-update.trace

out=$("$SCHEDSCOPE" view "$A" "$B" --batch --view cpu --size 120x40)
check_eq "one frame of 40 rows" 40 "$(wc -l <<<"$out")"
top=$(head -20 <<<"$out") bot=$(tail -20 <<<"$out")
check "the top half is lock, with the lock" grep -q '^ schedscope  lock: Lock: ' <<<"$top"
check "the bottom half is lock --no-lock" grep -q '^ schedscope  lock: No lock: ' <<<"$bot"
check "each half has its status line" grep -q 'lock.trace$' <<<"$top"
check "each half has its status line (bottom)" grep -q 'lost-update.trace$' <<<"$bot"
check "each half has its lanes" grep -q '^CPU 1 ' <<<"$top"
check "each half has its lanes (bottom)" grep -q '^CPU 1 ' <<<"$bot"
pa=$("$SCHEDSCOPE" dump --tsv "$A" | awk -F'\t' '$3 == "exec" { print $4; exit }')
pb=$("$SCHEDSCOPE" dump --tsv "$B" | awk -F'\t' '$3 == "exec" { print $4; exit }')
check "the top's legend names its own process" grep -q "lock $pa\|lock pid $pa" <<<"$top"
check "the bottom's legend names its own process" grep -q "lock $pb\|lock pid $pb" <<<"$bot"
ra=$(sed -n 2p <<<"$top") rb=$(sed -n 2p <<<"$bot")
# both rows must be rulers, or an empty ra would be the start of anything
check "the top half's second row is its ruler" grep -qE '^[0-9.]+[mun]?s/cell +[0-9]' <<<"$ra"
check "the bottom half's second row is its ruler" grep -qE '^[0-9.]+[mun]?s/cell +[0-9]' <<<"$rb"
check_eq "one time scale: the same time per cell" "${rb%%/cell*}" "${ra%%/cell*}"
check "one time scale: the shorter ruler is the start of the longer" \
  test "${rb:0:${#ra}}" = "$ra"

out=$("$SCHEDSCOPE" view "$A" "$B" --batch --view cpu --size 120x40 --keys "+")
f2=$(sed -n '/^--- frame 2 of 2 ---$/,$p' <<<"$out" | tail -n +2)
za=$(sed -n 2p <<<"$f2" | awk '{print $1}') zb=$(sed -n 22p <<<"$f2" | awk '{print $1}')
z0=${ra%% *}
check "+ zooms the top half in" test "$za" != "$z0"
check_eq "+ zooms both halves alike" "$za" "$zb"

# --align phase: each half from its own first phase marker, same column
out=$("$SCHEDSCOPE" view "$A" "$B" --batch --size 120x40 --view thread --align phase --zoom 500us)
ca=$(sed -n '1,20p' <<<"$out" | grep -m1 -E '^├.Thread-1 ' | cut -c17- | sed 's/├.*//' | wc -m)
cb=$(sed -n '21,40p' <<<"$out" | grep -m1 -E '^├.Thread-1 ' | cut -c17- | sed 's/├.*//' | wc -m)
check_ge "--align phase: Thread-1's fork is in view" 2 "$ca"
# the two forks come as soon after their phase marker: within a cell of each other
check "--align phase: the forks line up (columns $ca and $cb)" test $((ca - cb)) -ge -1 -a $((ca - cb)) -le 1
"$SCHEDSCOPE" view "$A" "$B" --batch --align no_such_marker >/dev/null 2>"$T_TMP/align.err"
check_eq "--align with a marker not in both fails" 1 $?
check "it says which marker" grep -q "no marker 'no_such_marker'" "$T_TMP/align.err"
"$SCHEDSCOPE" view "$A" --batch --align phase >/dev/null 2>&1
check_eq "--align with one trace is a usage error" 2 $?
"$SCHEDSCOPE" view "$A" "$B" "$A" --batch >/dev/null 2>&1
check_eq "three traces is a usage error" 2 $?
"$SCHEDSCOPE" view "$A" "$B" --batch --frames 3 >/dev/null 2>&1
check_eq "--frames with two traces is a usage error" 2 $?

if ! command -v tmux >/dev/null || ! command -v xmllint >/dev/null; then
  skip "the split view in a terminal" "needs tmux and xmllint"
  exit 0
fi
source "$(dirname "$0")/tmux.sh"
"${TM[@]}" new-session -d -x 120 -y 40 -s ui "env -i PATH=/usr/bin:/bin LANG=C.UTF-8 TERM=screen-256color bash --norc --noprofile"
sleep 0.2
keys "cd $T_TMP && $SCHEDSCOPE view lock.trace lost-update.trace; echo EXIT=\$?" Enter
if wait_for 'lost-update.trace *$'; then
  pass "the split view opens in the terminal"
else
  fail "the split view opens in the terminal" "$(screen | tail -3)"
fi
picture_key "w saves the split screen" lock
pic=$PIC
check "the split picture holds both runs' titles" \
  bash -c "xmllint --xpath 'string(//*[@id=\"row0\"])' '$pic' | grep -q 'lock: Lock' &&
           xmllint --xpath 'string(//*[@id=\"row20\"])' '$pic' | grep -q 'lock: No lock'"
keys q
wait_for '^EXIT=0'
