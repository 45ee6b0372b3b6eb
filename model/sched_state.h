/*
 * The scheduler state machine: follows the event stream (in time order) and
 * produces slices, each one run of one task on one CPU together with how that
 * task became ready to run. Everything the views and exporters show (CPU
 * lanes, thread states, run-queue latency, who woke whom) derives from slices.
 *
 * Memory is bounded by the number of CPUs and tasks, not by the trace's
 * length, so the streaming exporters use this directly; the in-memory model
 * (model.h) stores what it emits.
 */
#ifndef SCHEDSCOPE_MODEL_SCHED_STATE_H
#define SCHEDSCOPE_MODEL_SCHED_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/event.h"
#include "model/syscalls.h"
#include "model/tasks.h"
#include "model/trace.h"

/* How a task became ready before a run. */
enum ss_ready {
	SS_READY_UNKNOWN = 0,   /* not seen (it ran before the recording, or outside the tree) */
	SS_READY_WOKEN,         /* a waking: waker and time are known */
	SS_READY_NEW,           /* wakeup_new after fork */
	SS_READY_PREEMPTED,     /* it never slept: runnable since its previous run ended */
};

#define SS_OPEN_END UINT64_MAX  /* end_ns of a slice still running */

struct ss_slice {
	uint64_t start_ns;
	uint64_t end_ns;        /* SS_OPEN_END while it runs */
	uint64_t ready_ns;      /* when it became runnable; 0 if unknown */
	uint32_t tid;
	uint32_t waker;         /* who woke it (SS_READY_WOKEN/NEW), else 0 */
	uint16_t cpu;
	uint16_t wake_cpu;      /* the CPU the wakeup targeted */
	uint8_t prio;
	uint8_t end_state;      /* ss_state_index() of how the run ended: R+, S, D, Z... */
	uint8_t ready;          /* enum ss_ready */
	uint8_t flags;          /* SS_SLICE_* */
};

#define SS_SLICE_AFTER_LOSS 1u  /* events were lost on this CPU just before: the start is uncertain */
#define SS_SLICE_FROM_START 2u  /* it was already running when the recording began */
#define SS_SLICE_TO_END     4u  /* it was still running when the recording ended */
#define SS_SLICE_AFTER_HELD 8u  /* it followed the recorder's held start (states.h) */

/* How a sleeping thread was woken. */
enum ss_wake_how {
	SS_WH_UNKNOWN = 0,    /* no wakeup seen (it slept through the start, or events were lost) */
	SS_WH_WROTE,          /* the waker wrote or sent into the channel it waited on */
	SS_WH_READ,           /* the waker read from it, making room (a full pipe) */
	SS_WH_PASSED,         /* another reader took its share and woke the next (pipe_read does) */
	SS_WH_FUTEX,          /* the waker woke the futex it waited on (unlock, signal) */
	SS_WH_CONNECT,        /* a connect() to the socket it accepted on */
	SS_WH_EXIT,           /* the waker exited (a child the parent waited for, a joined thread) */
	SS_WH_SIGNAL,         /* a signal the waker sent */
	SS_WH_TIMER,          /* its sleep ran out, or a timer's expiry woke it (ss_wait.wake_ctx) */
	SS_WH_SYSCALL,        /* the waker was in an unrelated syscall: likely an interrupt or a timeout */
	SS_WH_UNTRACED,       /* woken by a task outside the traced tree */
	SS_WH_IRQ,            /* woken from an interrupt on an idle CPU (a timer, a device) */
	SS_WH_EXECED,         /* a vfork child's exec released its parent */
	SS_WH_KTHREAD,        /* woken by a kernel thread (it has no syscall to tell) */
	SS_WH_CLOSED,         /* the waker closed the other end of its pipe or socket pair */
	SS_WH_HARDIRQ,        /* a device interrupt's handler woke it (wake_ctx_id: the irq) */
	SS_WH_SOFTIRQ,        /* a softirq woke it (wake_ctx_id: the vector, NET_RX...) */
	SS_WH_MAX
};

/* One interval a traced thread spent asleep, from going to sleep to running
 * again, with why and how it ended. */
struct ss_wait {
	uint32_t tid;
	uint32_t waker;           /* 0 if unknown */
	uint64_t block_ns;        /* it went to sleep */
	uint64_t ready_ns;        /* it was woken; 0 if unknown */
	uint64_t run_ns;          /* it ran again; 0 for a sleep still going (open_waits) */
	uint16_t cpu;             /* where it ran again (and waited for, once woken) */
	uint16_t block_cpu;       /* + 1: the CPU it went to sleep on, whose switch took it off
				   * (0: not seen) */
	uint8_t sleep_state;      /* ss_state_index: S, D, I */
	uint8_t reason;           /* enum ss_reason (model/syscalls.h) */
	uint8_t how;              /* enum ss_wake_how */
	int32_t signal;           /* SS_WH_SIGNAL: the signal */
	struct ss_sys sys;        /* the syscall it slept in; nr -1 if none */
	struct ss_sys waker_sys;  /* what the waker was doing; nr -1 if unknown */
	uint8_t wake_ctx;         /* the interrupt context that woke it (waker 0): SS_WC_HARDIRQ,
				   * SS_WC_SOFTIRQ, SS_WC_TIMER; SS_WC_NONE: a task or not known */
	uint32_t wake_ctx_id;     /* which: irq number, softirq vector, enum ss_timer_fn */
	bool held;                /* the recorder's held start, not the program's sleep (states.h) */
};

struct ss_sched_state;

struct ss_sched_state_ops {
	/* A run ended (its slice is final). */
	void (*slice)(void *ctx, const struct ss_slice *s);
	/* A sleep ended with a run (optional). */
	void (*wait)(void *ctx, const struct ss_wait *w);
	void *ctx;
};

/* info: the recording's CPUs, machine (for syscall numbers) and root pid;
 * start_ns: when the stream begins (runs already going then start there);
 * tasks: the task table, which says who is a kernel thread and who the
 * root's parent is (NULL: nobody is known). */
struct ss_sched_state *ss_sched_state_new(const struct ss_trace_info *info, uint64_t start_ns,
					  const struct ss_tasks *tasks, const struct ss_sched_state_ops *ops);
/* "wrote into", "timer expired", ... */
const char *ss_wake_how_name(unsigned how);
/* How a run became ready (enum ss_ready): "woken", "new", "preempted",
 * "unknown" (not seen): the word CSV, JSON and `why --tsv` print. */
const char *ss_ready_name(unsigned ready);
void ss_sched_state_free(struct ss_sched_state *st);
void ss_sched_state_event(struct ss_sched_state *st, const struct ss_event *ev);
/* Ends every open run at end_ns (the end of the recording). */
void ss_sched_state_close(struct ss_sched_state *st, uint64_t end_ns);
/* The sleeps still going (after the last event): each task asleep, or woken
 * but not yet run again, as a wait with run_ns 0 (ready_ns is its wakeup, or
 * 0), in tid order. One pass over the tasks' records. */
void ss_sched_state_open_waits(struct ss_sched_state *st, void (*fn)(void *ctx, const struct ss_wait *w),
				void *ctx);
/* The run in progress on cpu, or NULL when it is idle or unknown. */
const struct ss_slice *ss_sched_state_running(const struct ss_sched_state *st, unsigned cpu);
/* The run of task tid in progress, or NULL. O(1), whatever the number of CPUs. */
const struct ss_slice *ss_sched_state_task_running(const struct ss_sched_state *st, uint32_t tid);
/* The sleep task tid is in now, as far as it is known before it ends (live:
 * the reason is known when it goes to sleep): *w as the wait callback would
 * give it, with run_ns 0, and ready_ns and the waker once it was woken.
 * False when tid is not asleep. */
bool ss_sched_state_asleep(const struct ss_sched_state *st, uint32_t tid, struct ss_wait *w);
/* An event that will come soon: start fetching its tasks' records. */
void ss_sched_state_prefetch(const struct ss_sched_state *st, const struct ss_event *ev);
/* Memory ran out for a task's record: some slices or sleeps lack their cause. */
bool ss_sched_state_failed(const struct ss_sched_state *st);

#endif
