/*
 * The one rule for what a thread was doing between two of its runs. Every
 * figure of waiting derives from it: the statistics (time blocked, run-queue
 * latency), the UI's cells and prefix sums, `why`'s sentences, the exporters'
 * thread states and the critical path. A rule kept once cannot disagree with
 * itself on two screens.
 *
 * Between run P (which ended at P.end in some state) and the thread's next
 * run N (which began at N.start), the thread was:
 *   - gone, if P ended dead (Z, X): there is no gap;
 *   - runnable the whole time, if P ended still runnable (preempted, R+, or
 *     a yield in R);
 *   - asleep from P.end until it was woken, then runnable until N.start. The
 *     wakeup is N.ready_ns, kept inside [P.end, N.start]; if no wakeup was
 *     seen, it was (as far as the trace tells) asleep until N.start.
 * Before its first run, a thread was runnable from its wakeup (a fork's
 * wakeup_new, a wakeup) if one was seen and the run did not start before
 * the recording; what came earlier is not known.
 */
#ifndef SCHEDSCOPE_MODEL_STATES_H
#define SCHEDSCOPE_MODEL_STATES_H

#include <stdbool.h>
#include <stdint.h>

#include "model/sched_state.h"
#include "model/tasks.h"
#include "model/trace.h"

enum ss_gap_kind {
	SS_GAP_NONE = 0,      /* nothing known (before a first run with no wakeup seen) */
	SS_GAP_RUNNABLE,      /* runnable from from_ns to to_ns: it never slept */
	SS_GAP_SLEPT,         /* asleep [from_ns, ready_ns), then runnable [ready_ns, to_ns) */
	SS_GAP_GONE,          /* it had exited */
	SS_GAP_HELD,          /* the recorder's held start [from_ns, ready_ns), then runnable */
};

struct ss_gap {
	uint64_t from_ns;     /* the previous run's end; first run: its wakeup */
	uint64_t ready_ns;    /* when it became runnable (== from_ns unless it slept) */
	uint64_t to_ns;       /* the next run's start, or the end given */
	uint8_t kind;         /* enum ss_gap_kind */
	uint8_t sleep_state;  /* SLEPT: ss_state_index of how it went to sleep (S, D, I...) */
	bool woken;           /* SLEPT: a wakeup was seen (else ready_ns == to_ns) */
	bool to_end;          /* no next run: the gap runs to the end given */
};

/* The gap before run `next` of a thread whose previous run was `prev`. prev
 * NULL: next is the first run seen. next NULL: the gap after prev, up to
 * end_ns (a thread still asleep or runnable when the recording ended). */
void ss_gap_between(const struct ss_slice *prev, const struct ss_slice *next, uint64_t end_ns,
		    struct ss_gap *g);

/* Time asleep in the gap. */
static inline uint64_t ss_gap_blocked_ns(const struct ss_gap *g)
{
	return g->kind == SS_GAP_SLEPT ? g->ready_ns - g->from_ns : 0;
}

/* Whether the thread went to sleep and did not: its wakeup came as it went
 * off the CPU (a lock released while it blocked on it), so it was asleep
 * 0 ns and runnable at once. explain's "did not sleep" sentence; such a
 * wait is counted on its own, not as a time blocked (ss_stats_add_run(),
 * the latency distributions, flows). ss_did_not_sleep() is the rule on a
 * sleep's block and wakeup times; ss_gap_did_not_sleep() on a gap between
 * runs, ss_wait_did_not_sleep() (model.h) on a sleep's record. */
static inline bool ss_did_not_sleep(uint64_t block_ns, uint64_t ready_ns)
{
	return ready_ns && ready_ns <= block_ns;
}

static inline bool ss_gap_did_not_sleep(const struct ss_gap *g)
{
	return g->kind == SS_GAP_SLEPT && g->woken && ss_did_not_sleep(g->from_ns, g->ready_ns);
}

/* Time runnable in the gap: the run-queue latency of the run that ends it. */
static inline uint64_t ss_gap_runnable_ns(const struct ss_gap *g)
{
	return g->kind == SS_GAP_RUNNABLE || g->kind == SS_GAP_SLEPT || g->kind == SS_GAP_HELD
	       ? g->to_ns - g->ready_ns : 0;
}

/* A thread's statistics, summed run by run through the rule. */
struct ss_thread_stats {
	uint64_t run_ns;             /* time on a CPU */
	uint64_t wait_ns, wait_max_ns; /* runnable but not running (run-queue latency) */
	uint64_t blocked_ns;         /* asleep between runs (S, D, I...) */
	uint32_t runs;
	uint32_t sleeps;             /* gaps it spent asleep (blocked_ns is their time) */
	uint32_t no_sleeps;          /* gaps it went to sleep and did not (ss_gap_did_not_sleep()) */
	uint32_t vol_switches;       /* it gave up the CPU: blocked (S, D) */
	uint32_t invol_switches;     /* it was preempted (R+) */
	uint32_t migrations;
	uint32_t wakeups;            /* times something woke it */
};

/* Adds run s, with the gap g that came before it, to st. */
void ss_stats_add_run(struct ss_thread_stats *st, const struct ss_gap *g, const struct ss_slice *s);

/* Whether a run that ended in this state left the thread runnable. */
bool ss_state_still_runnable(unsigned state_index);
/* Whether it left the thread dead (Z, X). */
bool ss_state_gone(unsigned state_index);
/* Whether it went to sleep waiting for something (S, D, I). */
bool ss_state_asleep(unsigned state_index);

/* How much of [a0, a1) lies in [b0, b1). */
static inline uint64_t ss_overlap_ns(uint64_t a0, uint64_t a1, uint64_t b0, uint64_t b1)
{
	uint64_t lo = a0 > b0 ? a0 : b0, hi = a1 < b1 ? a1 : b1;

	return hi > lo ? hi - lo : 0;
}

/* Settles a sleep with what the task table tells. A kernel thread has no
 * user syscall, so its entry registers mean nothing: asleep (S, I), it waits
 * for work (in D it is inside its work); as a waker, it tells nothing of what
 * it was doing. */
void ss_wait_settle(struct ss_wait *w, const struct ss_tasks *tasks);

/* The held start: the recorder forks the trace's root (the header's
 * root_pid) and holds it asleep on the recorder's start pipe until it
 * releases it to exec the command. A sleep of the root that began before
 * its first exec (root_exec_ns; 0 while it has not exec'd) and that its
 * parent, the recorder, ended (waker_tgid == root_ppid) is the recorder's,
 * not the program's. The state machine applies it (ss_wait.held, and
 * SS_SLICE_AFTER_HELD on the run that follows), so the gap rule makes it
 * SS_GAP_HELD for every consumer: why, flows, the UI, the statistics and
 * the exporters all leave it out. A trace that names the start pipe's inode
 * (ss_trace_info.start_pipe_ino) is read by it instead: ss_wait_on_start_pipe(). */
static inline bool ss_wait_held_start(uint32_t root_pid, uint32_t root_ppid, uint64_t root_exec_ns,
				      uint32_t tid, uint64_t block_ns, uint32_t waker_tgid)
{
	return root_pid && tid == root_pid && (!root_exec_ns || block_ns < root_exec_ns) &&
	       waker_tgid && waker_tgid == root_ppid;
}

/* Whether a sleep of tid on chan is the held start, for a trace whose header
 * names the start pipe (start_pipe_ino, not 0): the root asleep on that pipe. */
static inline bool ss_wait_on_start_pipe(uint64_t start_pipe_ino, uint32_t root_pid, uint32_t tid,
					 const struct ss_chan *chan)
{
	return start_pipe_ino && root_pid && tid == root_pid && chan->kind == SS_CH_PIPE && chan->ino == start_pipe_ino;
}

/* Whether a block of tid on chan is the held start, told at the block,
 * before a waker is known (dump): the root asleep on the start pipe when the
 * header names it (ss_wait_on_start_pipe()); in older traces, any sleep of
 * the root before its exec (root_exec_ns 0: not yet seen), the part of
 * ss_wait_held_start() a block can know. */
static inline bool ss_block_held_start(const struct ss_trace_info *info, uint64_t root_exec_ns, uint32_t tid,
				       const struct ss_chan *chan)
{
	if (info->start_pipe_ino)
		return ss_wait_on_start_pipe(info->start_pipe_ino, info->root_pid, tid, chan);
	return info->root_pid && tid == info->root_pid && !root_exec_ns;
}

/* Whether flow f (of flows[0..nflows)) is the recorder's start pipe, not
 * the program's: by its inode when the header names it (info's
 * start_pipe_ino); in older traces, the channel the root was held on
 * (held_chan, from the held sleep: ss_wait.held), or, when that sleep began
 * before the recording, the one pipe the root read once, one byte, with no
 * traced thread on its other end. */
bool ss_flow_is_recorders(const struct ss_flow *flows, size_t nflows, const struct ss_trace_info *info,
			  uint64_t held_chan,
			  const struct ss_flow *f);

/* When a sleep (sched_state's ss_wait, or the model's record of one) ended:
 * its wakeup, or, if none was seen, the run that followed. */
static inline uint64_t ss_sleep_end_ns(uint64_t ready_ns, uint64_t run_ns)
{
	return ready_ns ? ready_ns : run_ns;
}

/* How long a sleep lasted: from block_ns to its end (ss_sleep_end_ns()); 0
 * when the wakeup came as it went to sleep (it did not sleep: the waking
 * can be stamped before the block) or it is not over (no wakeup, no run). */
static inline uint64_t ss_slept_ns(uint64_t block_ns, uint64_t ready_ns, uint64_t run_ns)
{
	uint64_t end = ss_sleep_end_ns(ready_ns, run_ns);

	return end > block_ns ? end - block_ns : 0;
}

#endif
