/*
 * A thread's states as intervals, from the slices (and sleeps) that
 * model/sched_state.c produces: running, runnable (ready, waiting for a CPU),
 * blocked (asleep), unknown. Memory is one record per thread, so the JSON and
 * CSV exporters stream with it. Private to export/.
 */
#ifndef SCHEDSCOPE_EXPORT_INTERVALS_H
#define SCHEDSCOPE_EXPORT_INTERVALS_H

#include <stdint.h>

#include "model/sched_state.h"

enum ivl_state { IVL_RUNNING, IVL_RUNNABLE, IVL_BLOCKED };

struct ivl {
	uint64_t start_ns, end_ns;
	uint32_t tid;
	int32_t cpu;              /* running: its CPU; runnable: the one it waited for; else -1 */
	uint8_t state;            /* enum ivl_state */
	uint8_t sleep_state;      /* blocked: ss_state_index of S, D, I...; 0xff if unknown */
	uint8_t ready;            /* runnable: enum ss_ready (woken, new, preempted) */
	uint8_t reason;           /* blocked: enum ss_reason (SS_R_UNKNOWN if not known) */
	uint8_t how;              /* blocked: enum ss_wake_how */
	uint8_t to_end;           /* it was still so when the recording (or window) ended */
	uint32_t waker;           /* runnable after a wakeup, blocked: who woke it; 0 if unknown */
	const struct ss_wait *wait;   /* blocked: the sleep as sched_state explained it, or NULL */
	const struct ss_slice *slice; /* running: the slice */
};

struct intervals;

struct intervals *intervals_new(void (*emit)(void *ctx, const struct ivl *iv), void *ctx);
void intervals_free(struct intervals *in);
/* Feed these from the sched_state callbacks (pid 0, the idle task, is ignored). */
void intervals_slice(struct intervals *in, const struct ss_slice *s);
void intervals_wait(struct intervals *in, const struct ss_wait *w);
/* The recording ended at end_ns: the threads' last states run up to it. */
void intervals_close(struct intervals *in, uint64_t end_ns);
/* False if memory ran out (some intervals were not produced). */
bool intervals_ok(const struct intervals *in);

#endif
