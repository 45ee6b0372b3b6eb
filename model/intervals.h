/*
 * A thread's states as a stream of intervals: running, runnable (ready,
 * waiting for a CPU), blocked (asleep). It follows the slices and sleeps that
 * sched_state.c emits and splits each gap between two runs by the one rule
 * of states.h, so its intervals agree with the statistics, the UI and `why`
 * to the nanosecond. Memory is one record per thread, so the exporters stream
 * with it.
 */
#ifndef SCHEDSCOPE_MODEL_INTERVALS_H
#define SCHEDSCOPE_MODEL_INTERVALS_H

#include <stdbool.h>
#include <stdint.h>

#include "model/sched_state.h"

enum ss_ivl_state { SS_IVL_RUNNING, SS_IVL_RUNNABLE, SS_IVL_BLOCKED };

struct ss_ivl {
	uint64_t start_ns, end_ns;
	uint32_t tid;
	int32_t cpu;              /* running: its CPU; runnable: the one it waited for; else -1 */
	uint8_t state;            /* enum ss_ivl_state */
	uint8_t sleep_state;      /* blocked: ss_state_index of S, D, I... */
	uint8_t ready;            /* runnable: enum ss_ready (woken, new, preempted) */
	uint8_t reason;           /* blocked: enum ss_reason (SS_R_UNKNOWN if not known) */
	uint8_t how;              /* blocked: enum ss_wake_how */
	uint8_t to_end;           /* it was still so when the recording (or window) ended */
	uint32_t waker;           /* runnable after a wakeup, blocked: who woke it; 0 if unknown */
	const struct ss_wait *wait;   /* blocked: the sleep as sched_state explained it, or NULL */
	const struct ss_slice *slice; /* running: the slice */
};

struct ss_intervals;

struct ss_intervals *ss_intervals_new(void (*emit)(void *ctx, const struct ss_ivl *iv), void *ctx);
void ss_intervals_free(struct ss_intervals *in);
/* Feed these from the sched_state callbacks (pid 0, the idle task, is ignored). */
void ss_intervals_slice(struct ss_intervals *in, const struct ss_slice *s);
void ss_intervals_wait(struct ss_intervals *in, const struct ss_wait *w);
/* The recording ended at end_ns: the threads' last states run up to it. */
void ss_intervals_close(struct ss_intervals *in, uint64_t end_ns);
/* False if memory ran out (some intervals were not produced). */
bool ss_intervals_ok(const struct ss_intervals *in);

#endif
