/*
 * The critical path of a thread: what its time, from its start to its end,
 * was spent waiting on. Walking back from the end, the thread's runs are its
 * own. Each of its waits is followed to the thread whose action ended it: a
 * sleep to the traced thread that woke it (its waker), from the moment of
 * the wakeup back; a wait for a CPU to the traced thread that gave that CPU
 * up by going to sleep (or exiting) on it; and that thread's own waits in
 * turn. A sleep ended by a timer, an interrupt, a task outside the trace or
 * by nothing seen, and a wait for a CPU that a preemption, an idle CPU or an
 * untraced task ended, end the chain at their cause: the wait itself is on
 * the path. A thread forked in the trace leads, at its beginning, to its
 * parent.
 *
 * This is the chain of last arrivals: at every moment the path is on what
 * the end was waiting for, so shortening any of its pieces would have moved
 * the end. Trace Compass and Perfetto bound a waker to the sleep it ended
 * and then return to the sleeper; with a pool that joins its workers in
 * order, that blames the first worker joined for the time the last one
 * kept everyone waiting. They leave a wait for a CPU on the waiting thread;
 * with two processes that pass a pipe back and forth on one CPU, one of them
 * never sleeps (the other's wakeup preempts it) and the path would never
 * reach the other. Here nothing returns: the walk is a thread and a cursor
 * moving back, one step per piece, with no recursion and no stack (Perfetto
 * rewrote its walk after deep chains ran away: PR #5704).
 *
 * Every wait comes from the one rule (ss_model_run_gap, model/states.h) and
 * every waker from what the model kept of the wakeup; nothing is measured
 * twice. The result is data, segments with timestamps and tids, for the CLI,
 * the UI's highlight and the exporters alike; ss_explain_critical()
 * (model/explain.h) puts any segment into words.
 */
#ifndef SCHEDSCOPE_MODEL_CRITICAL_H
#define SCHEDSCOPE_MODEL_CRITICAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/model.h"

enum ss_cp_kind {
	SS_CP_RUNNING = 0,    /* the thread ran on a CPU */
	SS_CP_RUNNABLE,       /* it was ready, waiting for a CPU */
	SS_CP_BLOCKED,        /* it slept, and the chain of wakers ends here (see how) */
	SS_CP_UNKNOWN,        /* nothing is known (before the thread was first seen) */
	SS_CP_WOKEN,          /* no time: the path leaves the sleeping tid for its waker `other` */
	SS_CP_FORKED,         /* no time: the path leaves a new thread for its parent `other` */
	SS_CP_HANDED,         /* no time: the path leaves a runnable tid for `other`, which gave it
			       * the CPU by going to sleep (or exiting) there */
	SS_CP_KIND_MAX
};

/* Whether a segment is a hand-off (no time, a change of thread). */
static inline bool ss_cp_is_hop(unsigned kind)
{
	return kind == SS_CP_WOKEN || kind == SS_CP_FORKED || kind == SS_CP_HANDED;
}

/* Why a BLOCKED segment ends its chain of wakers. */
enum ss_cp_stop {
	SS_CP_STOP_TIMER = 0,     /* its own timer ran out (nanosleep, a timeout) */
	SS_CP_STOP_IRQ,           /* an interrupt on an idle CPU woke it */
	SS_CP_STOP_INTERRUPT,     /* an interrupt woke it on top of a traced task outside any syscall */
	SS_CP_STOP_UNTRACED,      /* a task outside the trace woke it */
	SS_CP_STOP_UNSEEN,        /* no wakeup was seen (before the recording, or lost) */
	SS_CP_STOP_CYCLE,         /* wakers that woke each other at one instant (damaged data) */
};

/* One piece of the path. The pieces with time tile [from_ns, to_ns) of the
 * walk without gaps or overlaps; the hand-offs (WOKEN, FORKED, HANDED) mark
 * where it changes thread. */
struct ss_cp_seg {
	uint64_t from_ns, to_ns;   /* a hand-off: from_ns == to_ns, the moment */
	uint64_t slept_ns;         /* WOKEN: when the sleeper went to sleep */
	uint32_t tid;              /* whose time this is; a hand-off: the thread the path leaves */
	uint32_t other;            /* WOKEN, BLOCKED: the waker (0: none or an interrupt); FORKED: the
				    * parent; HANDED: the thread that gave up the CPU */
	int32_t run;               /* index in tid's runs of the run this is (RUNNING) or that
				    * ended the gap (RUNNABLE, BLOCKED, WOKEN, HANDED); -1 if none */
	int32_t cpu;               /* RUNNING: its CPU; RUNNABLE, HANDED: the one it waited for; else -1 */
	int32_t mark;              /* RUNNING, BLOCKED: index in the model's marks of tid's last USDT
				    * marker by the segment's end (what it was doing: "task_start(4,
				    * 2760)"), or -1 */
	uint8_t kind;              /* enum ss_cp_kind */
	uint8_t reason;            /* BLOCKED, WOKEN: enum ss_reason of the sleep */
	uint8_t how;               /* BLOCKED, WOKEN: enum ss_wake_how */
	uint8_t sleep_state;       /* BLOCKED, WOKEN: ss_state_index (S, D...) */
	uint8_t stop;              /* BLOCKED: enum ss_cp_stop */
};

/* The path's time for one thread in one state (and, asleep, one reason). */
struct ss_cp_share {
	uint64_t ns;
	uint32_t tid;
	uint32_t segs;             /* how many segments */
	size_t first;              /* index of the first of them in ss_critical.segs */
	uint8_t kind;              /* RUNNING, RUNNABLE, BLOCKED or UNKNOWN */
	uint8_t reason;            /* BLOCKED: enum ss_reason */
};

struct ss_critical {
	uint32_t tid;              /* whose path */
	uint64_t from_ns, to_ns;   /* the walk: the thread's life within the window asked */
	struct ss_cp_seg *segs;    /* in time order */
	size_t nsegs;
	struct ss_cp_share *shares;    /* largest first */
	size_t nshares;
	size_t hops;               /* hand-offs */
	bool capped;               /* the walk hit its step limit: [from_ns, first segment) is missing */
};

/* The span of thread t's life that the trace shows: from its fork (or the
 * first wakeup, or first run, seen) to the end of its last run if it exited,
 * else the end of the recording. False if it never ran. */
bool ss_critical_lifetime(const struct ss_model *m, const struct ss_thread *t, uint64_t *from_ns,
			  uint64_t *to_ns);
/* The critical path of thread tid over its lifetime clipped to [from_ns,
 * to_ns) (0 and UINT64_MAX: all of it). 0, -ESRCH if tid is not a traced
 * thread, -ERANGE if its life and the window do not meet, -ENOMEM. */
int ss_critical_path(const struct ss_model *m, uint32_t tid, uint64_t from_ns, uint64_t to_ns,
		     struct ss_critical *out);
void ss_critical_free(struct ss_critical *cp);
/* "running", "runnable", "blocked", "unknown", "woken", "forked" */
const char *ss_cp_kind_name(unsigned kind);

#endif
