# Pairs perf sched timehist's intervals of one task with ours (schedscope
# why's runnable intervals), in order, and compares them. Used by
# test_why.sh.
#
#   awk -f timehist_match.awk BREAKS PERF OURS
# BREAKS: perf's switch-out times of the task (as perf prints them) where the
#   kernel had reported no switch-in before: no sched_switch to the task on
#   that CPU since its last one away (perf records the same tracepoint as
#   we do, and misses the same ones)
# PERF:   "t_out wait_ms delay_ms run_ms" per timehist line of the task
# OURS:   "start_ns dur_ns reason" per runnable interval
#
# At such a break perf takes the CPU's previous switch as the run's start: a
# guess, with nothing to compare it with, so that line is left out. If we
# have an interval for that run too (as many intervals as perf), ours is
# left out as well; if we have none, the rest pairs up as it is.
#
# perf prints times cut (not rounded) to the microsecond; ours are cut the
# same way. A pair differs when the two differ by more than 2 us.
#
# Prints: paired perf_n ours_n breaks woken_bad preempted_bad diff_us
# agree_diff_us worst (diff_us: the totals apart; agree_diff_us: the same
# over the pairs that do not differ, a bias of ours on every interval, which
# one interval stretched by an interrupt or the host between perf's stamp
# and ours does not move; worst: the pair that differs most,
# "ours_us/perf_us at perf's t_out").
FILENAME == ARGV[1] { brk[$1] = 1; nb++; next }
FILENAME == ARGV[2] { np++; pt[np] = $1; pw[np] = int($2 * 1000 + 0.5); pd[np] = int($3 * 1000 + 0.5); next }
{ no++; ous[no] = int($2 / 1000); ohow[no] = $3 }
END {
  both = no == np      # we have the runs at the breaks too
  i = 0; j = 0; worst = -1
  while (1) {
    do i++; while (i <= np && (pt[i] in brk) && (both ? ++j : 1))
    j++
    if (i > np || j > no) break
    us = ous[j]
    if (ohow[j] == "preempted" || pd[i] == 0) { p = pw[i]; bad = p - us > 2 || us - p > 2; pb += bad }
    else { p = pd[i]; bad = p - us > 2 || us - p > 2; wb += bad }
    sp += p; so += us; paired++
    if (!bad) { ap += p; ao += us }
    dd = us > p ? us - p : p - us
    if (dd > worst) { worst = dd; w = us "/" p " at " pt[i] }
  }
  printf "%d %d %d %d %d %d %d %d %s\n", paired, np, no, nb + 0, wb + 0, pb + 0,
    (so > sp ? so - sp : sp - so), (ao > ap ? ao - ap : ap - ao), (w == "" ? "-" : w)
}
