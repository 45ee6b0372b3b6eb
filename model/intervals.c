/* A thread's states as a stream of intervals (intervals.h). It keeps one
 * record per thread in a hash (its last run, the sleep the state machine
 * told before its next one) and splits each gap between two runs with
 * ss_gap_between(), the rule the statistics, the UI and `why` use, so an
 * exported interval agrees with them to the nanosecond. The recorder's
 * held start is not the program's: only the wait for a CPU after it is
 * emitted. */
#include "model/intervals.h"

#include <stdlib.h>
#include <string.h>

#include "model/states.h"
#include "model/syscalls.h"
#include "util/hmap.h"

/* What we know of a thread between its runs. */
struct tstate {
	uint64_t hkey;
	struct ss_slice last;     /* its last run */
	uint8_t have_last;
	uint8_t have_wait;        /* wait: the sleep before its next run */
	struct ss_wait wait;
};

struct ss_intervals {
	void (*emit)(void *ctx, const struct ss_ivl *iv);
	void *ctx;
	struct hmap threads;
};

struct ss_intervals *ss_intervals_new(void (*emit)(void *ctx, const struct ss_ivl *iv), void *ctx)
{
	struct ss_intervals *in = calloc(1, sizeof(*in));

	if (!in)
		return NULL;
	in->emit = emit;
	in->ctx = ctx;
	hmap_init(&in->threads, sizeof(struct tstate));
	return in;
}

void ss_intervals_free(struct ss_intervals *in)
{
	if (!in)
		return;
	hmap_free(&in->threads);
	free(in);
}

bool ss_intervals_ok(const struct ss_intervals *in)
{
	return !hmap_failed(&in->threads);
}

static void put(struct ss_intervals *in, struct ss_ivl *iv, uint64_t start, uint64_t end)
{
	if (end < start)
		return;
	iv->start_ns = start;
	iv->end_ns = end;
	in->emit(in->ctx, iv);
}

/* The gap before s (or, s NULL, up to end_ns) as intervals. */
static void gap(struct ss_intervals *in, struct tstate *t, uint32_t tid, const struct ss_slice *s,
		uint64_t end_ns)
{
	struct ss_gap g;
	struct ss_ivl iv = { .tid = tid, .cpu = -1, .to_end = !s };

	ss_gap_between(t->have_last ? &t->last : NULL, s, end_ns, &g);
	if (g.kind == SS_GAP_SLEPT) {
		iv.state = SS_IVL_BLOCKED;
		iv.sleep_state = g.sleep_state;
		iv.waker = g.woken ? s->waker : 0;
		if (t->have_wait && s) {
			iv.wait = &t->wait;
			iv.reason = t->wait.reason;
			iv.how = t->wait.how;
			iv.sleep_state = t->wait.sleep_state;
		}
		put(in, &iv, g.from_ns, g.ready_ns);
		if (!g.woken)
			return;
	} else if (g.kind != SS_GAP_RUNNABLE && g.kind != SS_GAP_HELD) {
		return;
	}
	/* a held start is the recorder's: only the wait for a CPU after it is the program's */
	memset(&iv, 0, sizeof(iv));
	iv.tid = tid;
	iv.state = SS_IVL_RUNNABLE;
	iv.to_end = !s;
	iv.cpu = s ? s->cpu : t->last.cpu;
	/* woken (or new) before this run; else preempted at the last one's end */
	iv.ready = g.kind != SS_GAP_RUNNABLE || !t->have_last ? s->ready : SS_READY_PREEMPTED;
	iv.waker = iv.ready == SS_READY_PREEMPTED ? 0 : s->waker;
	put(in, &iv, g.ready_ns, g.to_ns);
}

void ss_intervals_slice(struct ss_intervals *in, const struct ss_slice *s)
{
	struct tstate *t;
	struct ss_ivl iv = { .tid = s->tid, .state = SS_IVL_RUNNING, .cpu = s->cpu, .slice = s };

	if (!s->tid)
		return;
	t = hmap_put(&in->threads, s->tid);
	if (!t)
		return;
	gap(in, t, s->tid, s, 0);
	iv.to_end = !!(s->flags & SS_SLICE_TO_END);
	put(in, &iv, s->start_ns, s->end_ns);
	t->last = *s;
	t->have_last = 1;
	t->have_wait = 0;
}

void ss_intervals_wait(struct ss_intervals *in, const struct ss_wait *w)
{
	struct tstate *t;

	if (!w->tid || w->held)
		return;
	t = hmap_put(&in->threads, w->tid);
	if (!t)
		return;
	t->wait = *w;
	t->have_wait = 1;
}

void ss_intervals_close(struct ss_intervals *in, uint64_t end_ns)
{
	for (size_t i = 0; i < in->threads.cap; i++) {
		struct tstate *t = hmap_at(&in->threads, i);

		if (t && t->have_last && t->last.end_ns < end_ns)
			gap(in, t, (uint32_t)hmap_key(t), NULL, end_ns);
	}
}
