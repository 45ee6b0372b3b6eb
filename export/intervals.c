#include "export/intervals.h"

#include <stdlib.h>
#include <string.h>

#include "export/export_int.h"
#include "model/syscalls.h"

/* What we know of a thread between its runs. */
struct tstate {
	uint64_t key;
	uint64_t last_end_ns;     /* its last run ended */
	uint8_t last_state;       /* ss_state_index of how */
	uint8_t have_last;
	uint8_t have_wait;        /* wait: the sleep before its next run */
	struct ss_wait wait;
};

struct intervals {
	void (*emit)(void *ctx, const struct ivl *iv);
	void *ctx;
	struct xp_map threads;
	bool failed;
};

struct intervals *intervals_new(void (*emit)(void *ctx, const struct ivl *iv), void *ctx)
{
	struct intervals *in = calloc(1, sizeof(*in));

	if (!in)
		return NULL;
	in->emit = emit;
	in->ctx = ctx;
	xp_map_init(&in->threads, sizeof(struct tstate));
	return in;
}

void intervals_free(struct intervals *in)
{
	if (!in)
		return;
	xp_map_free(&in->threads);
	free(in);
}

bool intervals_ok(const struct intervals *in)
{
	return !in->failed;
}

static void put(struct intervals *in, struct ivl *iv, uint64_t start, uint64_t end)
{
	if (end < start)
		return;
	iv->start_ns = start;
	iv->end_ns = end;
	in->emit(in->ctx, iv);
}

static bool still_ready(unsigned state_index)
{
	unsigned st = ss_state_from_index((int)state_index);

	return st == SS_ST_RUNNING || st == SS_ST_PREEMPTED;
}

static bool gone(unsigned state_index)
{
	unsigned st = ss_state_from_index((int)state_index);

	return st == SS_ST_Z || st == SS_ST_X;
}

/* Asleep from `from`; woken at ready_ns (0: not seen) by waker. */
static void blocked(struct intervals *in, const struct tstate *t, uint32_t tid, uint64_t from,
		    uint64_t to, uint32_t waker)
{
	struct ivl iv = { .tid = tid, .cpu = -1, .state = IVL_BLOCKED, .waker = waker };

	iv.sleep_state = t->have_last ? t->last_state : 0xff;
	if (t->have_wait) {
		iv.wait = &t->wait;
		iv.reason = t->wait.reason;
		iv.how = t->wait.how;
		iv.sleep_state = t->wait.sleep_state;
	}
	put(in, &iv, from, to);
}

void intervals_slice(struct intervals *in, const struct ss_slice *s)
{
	struct tstate *t;
	struct ivl iv = { .tid = s->tid, .cpu = -1 };
	bool known_ready = s->ready != SS_READY_UNKNOWN && s->ready_ns && s->ready_ns <= s->start_ns;

	if (!s->tid)
		return;
	t = xp_map_get(&in->threads, s->tid, true);
	if (!t) {
		in->failed = true;
		return;
	}
	if (t->have_last && s->start_ns >= t->last_end_ns && !gone(t->last_state)) {
		uint64_t gap = t->last_end_ns;

		if (still_ready(t->last_state)) {
			iv.state = IVL_RUNNABLE;
			iv.ready = SS_READY_PREEMPTED;
			iv.cpu = s->cpu;
			put(in, &iv, gap, s->start_ns);
		} else if (known_ready && s->ready_ns >= gap) {
			blocked(in, t, s->tid, gap, s->ready_ns, s->waker);
			iv.state = IVL_RUNNABLE;
			iv.ready = s->ready;
			iv.waker = s->waker;
			iv.cpu = s->cpu;
			put(in, &iv, s->ready_ns, s->start_ns);
		} else {
			/* no wakeup seen: as far as we know, asleep until it ran (the model's view) */
			blocked(in, t, s->tid, gap, s->start_ns, 0);
		}
	} else if (!t->have_last && known_ready && !(s->flags & SS_SLICE_FROM_START)) {
		iv.state = IVL_RUNNABLE;
		iv.ready = s->ready;
		iv.waker = s->waker;
		iv.cpu = s->cpu;
		put(in, &iv, s->ready_ns, s->start_ns);
	}
	memset(&iv, 0, sizeof(iv));
	iv.tid = s->tid;
	iv.state = IVL_RUNNING;
	iv.cpu = s->cpu;
	iv.slice = s;
	iv.to_end = !!(s->flags & SS_SLICE_TO_END);
	put(in, &iv, s->start_ns, s->end_ns);

	t->last_end_ns = s->end_ns;
	t->last_state = s->end_state;
	t->have_last = !(s->flags & SS_SLICE_TO_END);
	t->have_wait = 0;
}

void intervals_wait(struct intervals *in, const struct ss_wait *w)
{
	struct tstate *t;

	if (!w->tid)
		return;
	t = xp_map_get(&in->threads, w->tid, true);
	if (!t) {
		in->failed = true;
		return;
	}
	t->wait = *w;
	t->have_wait = 1;
}

void intervals_close(struct intervals *in, uint64_t end_ns)
{
	for (size_t i = 0; i < in->threads.cap; i++) {
		struct tstate *t = xp_map_at(&in->threads, i);
		struct ivl iv;

		if (!t || !t->have_last || gone(t->last_state) || t->last_end_ns >= end_ns)
			continue;
		memset(&iv, 0, sizeof(iv));
		iv.tid = (uint32_t)(t->key - 1);
		iv.cpu = -1;
		iv.to_end = 1;
		if (still_ready(t->last_state)) {
			iv.state = IVL_RUNNABLE;
			iv.ready = SS_READY_PREEMPTED;
			put(in, &iv, t->last_end_ns, end_ns);
		} else {
			t->have_wait = 0;
			iv.state = IVL_BLOCKED;
			iv.sleep_state = t->last_state;
			iv.reason = SS_R_UNKNOWN;
			put(in, &iv, t->last_end_ns, end_ns);
		}
	}
}
