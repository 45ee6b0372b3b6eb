/*
 * Hand-offs: one traced thread woke another through something they share.
 * A write into a pipe woke the reader asleep on it, a send woke a recv, an
 * unlock woke a thread waiting for the lock, an exit woke the parent in
 * wait(). The model's sleeps already say who woke whom and how
 * (model/sched_state.h's ss_wake_how); this lists them as arrows, in time
 * order, for the timeline's hand-off arrows and the lessons' checks.
 */
#ifndef SCHEDSCOPE_MODEL_HANDOFF_H
#define SCHEDSCOPE_MODEL_HANDOFF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/model.h"

struct ss_handoff {
	uint64_t wake_ns;       /* the waker acted: the wakeup */
	uint64_t block_ns;      /* the woken thread had gone to sleep then */
	uint64_t run_ns;        /* and ran again then */
	uint32_t waker, wakee;  /* tids, both in the traced tree */
	uint64_t chan;          /* what the sleeper waited on (ss_model_chan), 0 if nothing */
	uint8_t how;            /* enum ss_wake_how */
	uint8_t reason;         /* the sleeper's, enum ss_reason */
};

/* Bit for a wake-up kind in a how mask. */
#define SS_HOW(h) (1u << (h))
/* Data passed from one to the other: a write or send woke a read or recv. */
#define SS_HOW_DATA (SS_HOW(SS_WH_WROTE) | SS_HOW(SS_WH_READ) | SS_HOW(SS_WH_PASSED))
/* With the kinds of a how mask: only the hand-offs whose woken thread was
 * seen asleep (ss_handoff_slept), so the first one asked for is the first
 * real one however many wake-ups came early before it. */
#define SS_HOW_SLEPT (1u << 31)
/* With SS_HOW_SLEPT: only the prompt ones (ss_handoff_prompt), a hand-off a
 * picture can show whole, its sleep not lost beside a long wait for a CPU. */
#define SS_HOW_PROMPT (1u << 30)
/* With SS_HOW_SLEPT: only the hand-offs whose waker was on a CPU for half
 * the woken one's sleep or more (ss_handoff_waker_ran): the sleep was the
 * waker's work (a lock held while its holder ran), not the waker kept off
 * the CPUs by other tasks, the recorder among them. */
#define SS_HOW_WAKER_RAN (1u << 29)

/* Whether the woken thread was asleep long enough to be seen asleep (1 us):
 * a wake-up stamped while it was still going to sleep shows no hand-off. */
static inline bool ss_handoff_slept(const struct ss_handoff *h)
{
	return h->wake_ns - h->block_ns >= 1000;
}

/* Whether the woken thread, seen asleep, ran within twice its sleep of the
 * wake-up: not kept off the CPUs by others (or the host) for longer than
 * the hand-off itself took. */
static inline bool ss_handoff_prompt(const struct ss_handoff *h)
{
	return ss_handoff_slept(h) && h->run_ns >= h->wake_ns && h->run_ns - h->wake_ns <= 2 * (h->wake_ns - h->block_ns);
}

/* Whether h's waker was on a CPU for at least half of the woken thread's
 * sleep (SS_HOW_WAKER_RAN). */
bool ss_handoff_waker_ran(const struct ss_model *m, const struct ss_handoff *h);

/* The hand-offs whose wakeup falls in [t0, t1) and whose kind is in
 * how_mask, woken thread wakee (0: any) by waker (0: any), in time order.
 * Fills out with the first max; returns how many there are in all. */
size_t ss_model_handoffs(const struct ss_model *m, uint64_t t0, uint64_t t1, unsigned how_mask,
			 uint32_t waker, uint32_t wakee, struct ss_handoff *out, size_t max);

#endif
