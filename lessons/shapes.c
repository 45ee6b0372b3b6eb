/*
 * Shapes from markers. A thread has at most one span of each paired kind
 * open at a time (a worker runs one task, a thread waits for or holds the
 * lock once), so pairing is a slot per kind while walking the thread's
 * marks in order. A lock holder's span comes from the waiters' markers (the
 * owner they found) and the unlock that woke them (model/handoff.h).
 */
#include "lessons/shapes.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "model/handoff.h"
#include "scenarios/probes.h"

#define PAIRED (LESSON_SPAN_LOCAL + 1)      /* the kinds paired from one thread's markers */
#define MAX_WAITERS 16

struct span_rule {
	enum lesson_probe open, close;
};

static const struct span_rule rules[PAIRED] = {
	[LESSON_SPAN_TASK] = { LP_TASK_START, LP_TASK_END },
	[LESSON_SPAN_LOCK_WAIT] = { LP_LOCK_WANTED, LP_LOCK_TAKEN },
	[LESSON_SPAN_LOCK_HELD] = { LP_LOCK_TAKEN, LP_LOCK_RELEASED },
	[LESSON_SPAN_LOCAL] = { LP_LOCAL_SET, LP_LOCAL_GET },
};

static void span_label(struct lesson_span *s, const struct ss_event *ev)
{
	char text[9];

	switch (s->kind) {
	case LESSON_SPAN_TASK: snprintf(s->label, sizeof(s->label), "task %" PRId64, s->id); break;
	case LESSON_SPAN_LOCK_WAIT: snprintf(s->label, sizeof(s->label), "waits for the lock"); break;
	case LESSON_SPAN_LOCK_HELD: snprintf(s->label, sizeof(s->label), "holds the lock"); break;
	default:
		snprintf(s->label, sizeof(s->label), "own copy = %s", lesson_text8(ev->marker.args[1], text));
		break;
	}
}

/* Keeps the earliest max spans that reach into [t0, t1): the holders' spans
 * come after all the paired ones, and a window dense with short waits must
 * not push out the long one at its left edge. */
static void emit(struct lesson_span *s, uint64_t t0, uint64_t t1, struct lesson_span *out, size_t max, size_t *n)
{
	size_t last = 0;

	if (s->to_ns < t0 || s->from_ns >= t1)
		return;
	if (*n < max) {
		out[*n] = *s;
	} else if (max) {
		for (size_t i = 1; i < max; i++)
			if (out[i].from_ns > out[last].from_ns)
				last = i;
		if (s->from_ns < out[last].from_ns)
			out[last] = *s;
	}
	(*n)++;
}

static int by_start(const void *a, const void *b)
{
	const struct lesson_span *x = a, *y = b;

	return x->from_ns < y->from_ns ? -1 : x->from_ns > y->from_ns;
}

/* The time t held the lock while waiter waited, from the waiter's
 * lock_wanted at since: to t's unlock that woke it, or its lock_taken.
 * Whether t's unlock woke it. */
static bool holder_span(const struct ss_model *m, const struct ss_thread *t, uint32_t waiter, int64_t lock,
			uint64_t since, uint64_t taken_ns, struct lesson_span *s)
{
	struct ss_handoff h, next;
	bool woke = false;

	/* the last of t's unlocks that woke it: an earlier one it lost the race after */
	for (uint64_t from = since; taken_ns && from < taken_ns &&
	     ss_model_handoffs(m, from, taken_ns, SS_HOW(SS_WH_FUTEX), t->tid, waiter, &next, 1);
	     from = next.wake_ns + 1) {
		h = next;
		woke = true;
	}

	*s = (struct lesson_span){ .from_ns = since, .to_ns = woke ? h.wake_ns : taken_ns ? taken_ns : m->end_ns,
				   .tid = t->tid, .kind = LESSON_SPAN_LOCK_HOLDER, .open = !taken_ns,
				   .id = lock };
	snprintf(s->label, sizeof(s->label), "holds it: %s waits", ss_model_comm(m, waiter, since));
	return woke;
}

static void holder_spans(const struct lesson_marks *mk, const struct ss_model *m, const struct ss_thread *t,
			 uint64_t t0, uint64_t t1, struct lesson_span *out, size_t max, size_t *n)
{
	struct { uint32_t tid; int64_t lock; uint64_t since; bool named; } w[MAX_WAITERS];
	const struct ss_event *ev;
	struct lesson_span s;
	size_t i = 0, nw = 0;

	while ((ev = lesson_next(mk, m, &i, LP_NONE, 0)) != NULL && (ev->ts_ns < t1 || nw)) {
		enum lesson_probe k = lesson_mark_kind(mk, ev);

		/* owner 0: the holder let go between the waiter's try and its
		 * probe, and another took the lock before the waiter slept; t held
		 * it if t's unlock is what woke the waiter */
		if (k == LP_LOCK_WANTED && (ev->marker.args[1] == t->tid || (!ev->marker.args[1] && ev->pid != t->tid)) &&
		    ev->ts_ns < t1 && nw < MAX_WAITERS) {
			w[nw].tid = ev->pid;
			w[nw].lock = ev->marker.args[0];
			w[nw].named = ev->marker.args[1] != 0;
			w[nw++].since = ev->ts_ns;
		} else if (k == LP_LOCK_TAKEN) {
			for (size_t j = 0; j < nw; j++) {
				if (w[j].tid != ev->pid)
					continue;
				/* one taken before the window ended there: no hand-offs to look up */
				if (ev->ts_ns >= t0 &&
				    (holder_span(m, t, w[j].tid, w[j].lock, w[j].since, ev->ts_ns, &s) || w[j].named))
					emit(&s, t0, t1, out, max, n);
				w[j] = w[--nw];
				break;
			}
		}
	}
	for (size_t j = 0; j < nw; j++) {
		if (!w[j].named)
			continue;
		holder_span(m, t, w[j].tid, w[j].lock, w[j].since, 0, &s);
		emit(&s, t0, t1, out, max, n);
	}
}

size_t lesson_spans(const struct lesson_marks *mk, const struct ss_model *m, const struct ss_thread *t,
		    uint64_t t0, uint64_t t1, struct lesson_span *out, size_t max)
{
	struct lesson_span slot[PAIRED];
	bool open[PAIRED] = { false };
	const struct ss_event *ev;
	size_t i = 0, n = 0;

	while ((ev = lesson_thread_next(mk, m, t, &i, LP_NONE)) != NULL && ev->ts_ns < t1) {
		enum lesson_probe k = lesson_mark_kind(mk, ev);

		/* close first: lock_taken ends a wait and begins a hold */
		for (int s = 0; s < PAIRED; s++) {
			if (k == rules[s].close && open[s]) {
				slot[s].to_ns = ev->ts_ns;
				emit(&slot[s], t0, t1, out, max, &n);
				open[s] = false;
			}
		}
		for (int s = 0; s < PAIRED; s++) {
			if (k != rules[s].open)
				continue;
			slot[s] = (struct lesson_span){ .from_ns = ev->ts_ns, .tid = t->tid, .kind = (uint8_t)s,
							.id = ev->marker.args[0] };
			span_label(&slot[s], ev);
			open[s] = true;
		}
	}
	for (int s = 0; s < PAIRED; s++) {
		if (!open[s])
			continue;
		slot[s].to_ns = m->end_ns;
		slot[s].open = true;
		emit(&slot[s], t0, t1, out, max, &n);
	}
	holder_spans(mk, m, t, t0, t1, out, max, &n);
	qsort(out, n < max ? n : max, sizeof(*out), by_start);
	return n;
}

size_t lesson_pending(const struct lesson_marks *mk, const struct ss_model *m, int64_t queue, uint64_t t0,
		      uint64_t t1, int32_t *before, struct lesson_depth *out, size_t max)
{
	const struct ss_event *ev;
	int32_t depth = 0;
	size_t i = 0, n = 0;

	*before = 0;
	while ((ev = lesson_next(mk, m, &i, LP_NONE, 0)) != NULL && ev->ts_ns < t1) {
		enum lesson_probe k = lesson_mark_kind(mk, ev);

		if ((k != LP_PUT && k != LP_GET) || ev->marker.args[0] != queue)
			continue;
		depth += k == LP_PUT ? 1 : -1;
		if (ev->ts_ns < t0) {
			*before = depth;
			continue;
		}
		if (n < max)
			out[n] = (struct lesson_depth){ .ts_ns = ev->ts_ns, .depth = depth, .tid = ev->pid,
							.item = ev->marker.args[1], .put = k == LP_PUT };
		n++;
	}
	return n;
}

size_t lesson_phases(const struct lesson_marks *mk, const struct ss_model *m, bool with_totals,
		     struct lesson_phase *out, size_t max)
{
	const struct ss_event *start = lesson_first(mk, m, LP_PHASE, SS_PHASE_START), *ev;
	size_t i = 0, n = 0;

	if (!start)
		return 0;
	while ((ev = lesson_next(mk, m, &i, LP_PHASE, start->pid)) != NULL) {
		if (ev->ts_ns < start->ts_ns)
			continue;
		if (n && n <= max)
			out[n - 1].to_ns = ev->ts_ns;
		if (ev->marker.args[0] == SS_PHASE_END)
			break;
		if (n < max) {
			out[n] = (struct lesson_phase){ .from_ns = ev->ts_ns, .to_ns = m->end_ns,
							.phase = ev->marker.args[0], .arg = ev->marker.args[1] };
			lesson_phase_name(out[n].phase, out[n].arg, out[n].name, sizeof(out[n].name));
		}
		n++;
	}
	for (size_t k = 0; with_totals && k < n && k < max; k++) {
		ss_model_totals(m, out[k].from_ns, out[k].to_ns, &out[k].totals);
		ss_model_cpu_share(m, out[k].from_ns, out[k].to_ns, &out[k].share);
	}
	return n;
}
