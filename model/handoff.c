/*
 * Hand-offs from the model's sleeps: each sleep that a traced thread woke
 * by one of the asked-for means. A thread's sleeps are in time order and do
 * not overlap, so its hand-offs in a window start at the sleep found by
 * binary search; across threads the earliest `max` are kept by insertion
 * into the caller's array, which needs no memory of its own.
 */
#include "model/handoff.h"

#include "model/totals.h"

/* Puts h into the sorted out[0, *n) of room max, keeping the earliest. */
static void keep_earliest(struct ss_handoff *out, size_t *n, size_t max, const struct ss_handoff *h)
{
	size_t i = *n;

	if (!max || (*n == max && h->wake_ns >= out[max - 1].wake_ns))
		return;
	if (*n < max)
		(*n)++;
	else
		i = max - 1;
	while (i > 0 && out[i - 1].wake_ns > h->wake_ns) {
		out[i] = out[i - 1];
		i--;
	}
	out[i] = *h;
}

bool ss_handoff_waker_ran(const struct ss_model *m, const struct ss_handoff *h)
{
	const struct ss_thread *w = ss_model_thread(m, h->waker);

	return w && h->wake_ns > h->block_ns &&
	       2 * ss_model_thread_run_ns(m, w, h->block_ns, h->wake_ns) >= h->wake_ns - h->block_ns;
}

static size_t thread_handoffs(const struct ss_model *m, const struct ss_thread *t, uint64_t t0, uint64_t t1,
			      unsigned how_mask, uint32_t waker, struct ss_handoff *out, size_t *n, size_t max)
{
	long k = ss_model_wait_find(m, t, t0);
	size_t found = 0;

	for (size_t i = k < 0 ? 0 : (size_t)k; i < t->nwaits; i++) {
		const struct ss_wait_rec *w = &t->waits[i];
		struct ss_handoff h;

		if (w->block_ns >= t1)
			break;
		if (!w->ready_ns || w->ready_ns < t0 || w->ready_ns >= t1 || !(how_mask & SS_HOW(w->how)) ||
		    !w->waker || (waker && w->waker != waker) || !ss_model_thread(m, w->waker))
			continue;
		h = (struct ss_handoff){ .wake_ns = w->ready_ns, .block_ns = w->block_ns, .run_ns = w->run_ns,
					 .waker = w->waker, .wakee = t->tid, .chan = w->chan, .how = w->how,
					 .reason = w->reason };
		if ((how_mask & SS_HOW_SLEPT) && !ss_handoff_slept(&h))
			continue;
		if ((how_mask & SS_HOW_PROMPT) && !ss_handoff_prompt(&h))
			continue;
		if ((how_mask & SS_HOW_WAKER_RAN) && !ss_handoff_waker_ran(m, &h))
			continue;
		keep_earliest(out, n, max, &h);
		found++;
	}
	return found;
}

size_t ss_model_handoffs(const struct ss_model *m, uint64_t t0, uint64_t t1, unsigned how_mask,
			 uint32_t waker, uint32_t wakee, struct ss_handoff *out, size_t max)
{
	size_t n = 0, found = 0;

	if (wakee) {
		const struct ss_thread *t = ss_model_thread(m, wakee);

		return t ? thread_handoffs(m, t, t0, t1, how_mask, waker, out, &n, max) : 0;
	}
	for (size_t k = 0; k < m->nthreads; k++)
		found += thread_handoffs(m, &m->threads[k], t0, t1, how_mask, waker, out, &n, max);
	return found;
}
