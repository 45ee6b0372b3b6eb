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

struct ss_sched_state;

struct ss_sched_state_ops {
	/* A run ended (its slice is final). */
	void (*slice)(void *ctx, const struct ss_slice *s);
	void *ctx;
};

/* start_ns: when the recording began (runs already going then start there). */
struct ss_sched_state *ss_sched_state_new(unsigned ncpus, uint64_t start_ns,
					  const struct ss_sched_state_ops *ops);
void ss_sched_state_free(struct ss_sched_state *st);
void ss_sched_state_event(struct ss_sched_state *st, const struct ss_event *ev);
/* Ends every open run at end_ns (the end of the recording). */
void ss_sched_state_close(struct ss_sched_state *st, uint64_t end_ns);
/* The run in progress on cpu, or NULL when it is idle or unknown. */
const struct ss_slice *ss_sched_state_running(const struct ss_sched_state *st, unsigned cpu);

#endif
