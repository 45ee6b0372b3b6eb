# The critical path on recorded scenarios: the pool's parent ends waiting on
# its longest task's sleep, and the path tiles its life; the two processes of
# pipe pass the path back and forth every round; fork's parent waits on its
# child; and the command's clear errors.
source "$(dirname "$0")/../lib.sh"

crit() { "$SCHEDSCOPE" critical --tsv "$@"; }

# --- errors need no root ---
# says TEXT CMD...: CMD's exit status, and whether its output says TEXT
says() { local want=$1 out rc; shift; out=$("$@" 2>&1); rc=$?; echo "$rc $(grep -qF -- "$want" <<<"$out" && echo says)"; }
check_eq critical-no-file "2 says" "$(says "which trace file" "$SCHEDSCOPE" critical)"
check_eq critical-bad-window "2 says" "$(says "END after START" "$SCHEDSCOPE" critical x.trace --window 2,1)"
check_eq critical-help "0 says" "$(says "--window START,END" "$SCHEDSCOPE" critical --help)"
# a run is named as it was at its end: process's child renames itself to
# Process-1 in its first run, which the reference trace (no root) holds
check_eq critical-run-named-at-its-end "Process-1 4726" \
  "$("$SCHEDSCOPE" critical "$TOP/traces/process.trace" | awk '$1=="0.021502s" && $2=="45.5" {print $4, $5}')"

need_root critical-pool-longest-sleep critical-pool-tiles critical-pool-lifetime \
  critical-pipe-alternates critical-pipe-only-two critical-fork-wait-is-child critical-fork-handoff \
  critical-not-traced critical-window || exit 0

run() { # NAME TRACE ARGS...
  local name=$1 trace=$2; shift 2
  "$SCHEDSCOPE" run "$name" -q -o "$trace" -- "$@" > "$trace.out" 2>&1
}
pid_of() { "$SCHEDSCOPE" info "$1" | awk '$1=="pid"{print $2}'; }

# --- pool: 3 workers, 3 tasks of 30, 200 and 150 ms (seed 3). The parent
# joins them all, so it ends when the longest task's worker exits: its path
# ends in that sleep. ---
P=$T_TMP/pool.trace
run pool "$P" --workers 3 --tasks 3 --max-ms 400 --seed 3
parent=$(pid_of "$P")
# the longest task (by the task_end markers): its worker, and when it ran
read -r worker t0 t1 < <("$SCHEDSCOPE" dump --tsv --kind marker "$P" | awk -F'\t' '
  $5=="schedscope:task_start" {start[$6] = $1}
  $5=="schedscope:task_end" && $7 > max {max = $7; k = $6; w = $4; end = $1}
  END {print w, start[k], end}')
crit "$P" > "$P.cp"
# the last sleep on the path is that worker's sleep in that task, whole:
# the very interval `why` gives for it
last=$(awk -F'\t' '$1=="seg" && $5=="blocked" {l = $4 " " $6 " " $2 " " $3} END {print l}' "$P.cp")
read -r tid reason from dur <<<"$last"
whole=$("$SCHEDSCOPE" why --tsv --pid "$worker" "$P" |
  awk -F'\t' -v f="$from" -v d="$dur" '$1=="blocked" && $2==f && $3==d {print "whole"}')
check_eq critical-pool-longest-sleep "$worker sleep inside whole" \
  "$tid $reason $( [ "$from" -gt "$t0" ] && [ "$from" -lt "$t1" ] && echo inside) $whole"
# the pieces tile the walk: no gap, no overlap, and they add up to it
tiles=$(awk -F'\t' '$1=="path" {from=$3; to=$4} $1=="seg" && $3 > 0 {if ($2 != at && n) bad++; at = $2 + $3; n++; sum += $3}
  END {print (at == to && !bad && sum == to - from) ? "yes" : "no: at " at " to " to " sum " sum " bad " bad}' "$P.cp")
check_eq critical-pool-tiles yes "$tiles"
# ... and the walk is the parent's life as the events tell it: from its first
# wakeup (or switch in) to the switch that took it away dead
life=$("$SCHEDSCOPE" dump --tsv --pid "$parent" "$P" | awk -F'\t' -v p="$parent" '
  !s && (($3=="waking" || $3=="wakeup_new") && $5==p || $3=="switch" && $5==p) {s=$1}
  $3=="switch" && $4==p && ($6=="Z" || $6=="X") {e=$1} END {print e - s}')
walked=$(awk -F'\t' '$1=="path" {print $4 - $3}' "$P.cp")
check critical-pool-lifetime awk -v a="$life" -v b="$walked" 'BEGIN { exit !(a > 0 && b > 0.99 * a && b < 1.01 * a) }'

# --- pipe: request and reply; whether the two share a CPU (one preempts the
# other) or not (both sleep), each round hands the path over twice ---
R=$T_TMP/pipe.trace
rounds=200
run pipe "$R" --rounds $rounds
parent=$(pid_of "$R")
child=$("$SCHEDSCOPE" dump --tsv --kind fork "$R" | awk -F'\t' 'NR==1{print $5}')
crit "$R" > "$R.cp"
# changes of thread along the path: two a round, but for the odd round
# whose reply was there before the parent read it (no wait: no hand-off);
# 394 to 404 in six runs of 200 rounds
changes=$(awk -F'\t' '$1=="seg" && $3 > 0 { if (n && $4 != last) c++; last = $4; n++ } END {print c + 0}' "$R.cp")
check critical-pipe-alternates [ "$changes" -ge $((2 * rounds * 9 / 10)) ]
others=$(awk -F'\t' -v p="$parent" -v c="$child" '$1=="seg" && $4 != p && $4 != c' "$R.cp" | wc -l)
check_eq critical-pipe-only-two 0 "$others"

# --- fork: the parent's wait for its child is the child's time on the path ---
F=$T_TMP/fork.trace
run fork "$F" --child-ms 200
parent=$(pid_of "$F")
child=$("$SCHEDSCOPE" dump --tsv --kind fork "$F" | awk -F'\t' 'NR==1{print $5}')
read -r ws wd < <("$SCHEDSCOPE" why --tsv --pid "$parent" "$F" | awk -F'\t' '$1=="blocked" && $4=="join/wait" {print $2, $3}')
crit "$F" > "$F.cp"
# the path's time inside that wait, all of it the child's
got=$(awk -F'\t' -v s="$ws" -v d="$wd" -v c="$child" '$1=="seg" && $3 > 0 {
    a = $2 > s ? $2 : s; b = $2 + $3 < s + d ? $2 + $3 : s + d
    if (b > a) { if ($4 == c) mine += b - a; else theirs += b - a } }
  END {print mine + 0, theirs + 0}' "$F.cp")
check_eq critical-fork-wait-is-child "$wd 0" "$got"
# the path's last hand-off: from the parent to the child, whose exit either
# woke it or gave it the CPU it then waited for
hop=$(awk -F'\t' '$1=="seg" && ($5=="woken" || $5=="handed") {h = $4 " " $9} END {print h}' "$F.cp")
check_eq critical-fork-handoff "$parent $child" "$hop"

check_eq critical-not-traced "1 says" "$(says "not in the traced tree" "$SCHEDSCOPE" critical "$F" --pid 1)"
# a window of 50 ms inside the child's sleep: that sleep, all of it
at=$("$SCHEDSCOPE" dump --kind block --pid "$child" "$F" | awk '/clock_nanosleep/ {print $1; exit}')
window=$(awk -v t="$at" 'BEGIN { printf "%.6f,%.6f", t + 0.05, t + 0.1 }')
got=$(crit "$F" --window "$window" | awk -F'\t' '$1=="seg" && $3 > 0 {print $4, $5, $6, $3}')
check_eq critical-window "$child blocked sleep 50000000" "$got"
