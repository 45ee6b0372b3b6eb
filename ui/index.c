#include "ui/index.h"

#include "util/vec.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

void ui_index_init(struct ui_index *ix)
{
	memset(ix, 0, sizeof(*ix));
}

void ui_index_free(struct ui_index *ix)
{
	for (size_t i = 0; i < ix->nthr; i++) {
		free(ix->thr[i].cum);
	}
	free(ix->thr);
	free(ix->markers);
	free(ix->losses);
	memset(ix, 0, sizeof(*ix));
}

uint64_t ui_run_wait_from(const struct ss_model *m, const struct ss_thread *t, size_t i)
{
	const struct ss_slice *s = ss_model_run(m, t, i);
	uint64_t from = s->start_ns;

	if (s->ready != SS_READY_UNKNOWN && s->ready_ns && s->ready_ns < s->start_ns)
		from = s->ready_ns;
	/* A thread waits once between two runs: never before its previous run ended. */
	if (i > 0) {
		uint64_t prev_end = ss_model_run(m, t, i - 1)->end_ns;

		if (from < prev_end)
			from = prev_end < s->start_ns ? prev_end : s->start_ns;
	}
	return from;
}

static void thread_update(struct ui_thread_index *ti, const struct ss_model *m,
			  const struct ss_thread *t)
{
	while (ti->seen < t->nruns) {
		const struct ss_slice *s;

		if (ti->seen % UI_INDEX_BLOCK == 0) {
			if (!vec_grow((void **)&ti->cum, &ti->cap, ti->nblocks + 1, sizeof(*ti->cum)))
				return;
			ti->cum[ti->nblocks++] = ti->acc;
		}
		s = ss_model_run(m, t, ti->seen);
		ti->acc.run_ns += s->end_ns - s->start_ns;
		ti->acc.wait_ns += s->start_ns - ui_run_wait_from(m, t, ti->seen);
		ti->seen++;
	}
}

void ui_index_update(struct ui_index *ix, const struct ss_model *m)
{
	if (m->nthreads > ix->nthr) {
		if (!vec_grow((void **)&ix->thr, &ix->thr_cap, m->nthreads, sizeof(*ix->thr)))
			return;
		memset(ix->thr + ix->nthr, 0, (m->nthreads - ix->nthr) * sizeof(*ix->thr));
		ix->nthr = m->nthreads;
	}
	for (size_t i = 0; i < ix->nthr; i++)
		thread_update(&ix->thr[i], m, &m->threads[i]);
	for (; ix->marks_seen < m->nmarks; ix->marks_seen++) {
		unsigned kind = m->marks[ix->marks_seen].kind;

		if (kind == SS_MARKER) {
			if (!vec_grow((void **)&ix->markers, &ix->markers_cap, ix->nmarkers + 1, sizeof(uint32_t)))
				return;
			ix->markers[ix->nmarkers++] = (uint32_t)ix->marks_seen;
		} else if (kind == SS_LOST) {
			if (!vec_grow((void **)&ix->losses, &ix->losses_cap, ix->nlosses + 1, sizeof(uint32_t)))
				return;
			ix->losses[ix->nlosses++] = (uint32_t)ix->marks_seen;
		}
	}
}

/* Sums over runs [0, i): from the block at or before i, then run by run. */
static struct ui_time_sum prefix(const struct ui_thread_index *ti, const struct ss_model *m,
				 const struct ss_thread *t, size_t i)
{
	struct ui_time_sum sum = { 0, 0 };
	size_t k = i / UI_INDEX_BLOCK;

	if (k >= ti->nblocks)         /* not indexed yet (between updates) */
		k = ti->nblocks ? ti->nblocks - 1 : 0;
	if (ti->nblocks)
		sum = ti->cum[k];
	for (size_t j = k * UI_INDEX_BLOCK; j < i; j++) {
		const struct ss_slice *s = ss_model_run(m, t, j);

		sum.run_ns += s->end_ns - s->start_ns;
		sum.wait_ns += s->start_ns - ui_run_wait_from(m, t, j);
	}
	return sum;
}

static uint64_t overlap(uint64_t a0, uint64_t a1, uint64_t b0, uint64_t b1)
{
	uint64_t lo = a0 > b0 ? a0 : b0, hi = a1 < b1 ? a1 : b1;

	return hi > lo ? hi - lo : 0;
}

/* The part of run j's runnable wait that lies outside [a, b). */
static uint64_t wait_outside(const struct ss_model *m, const struct ss_thread *t, size_t j,
			     uint64_t a, uint64_t b)
{
	uint64_t from = ui_run_wait_from(m, t, j), to = ss_model_run(m, t, j)->start_ns;

	return (to - from) - overlap(from, to, a, b);
}

void ui_thread_time(const struct ui_index *ix, const struct ss_model *m, size_t ti,
		    uint64_t a, uint64_t b, uint64_t *run_ns, uint64_t *wait_ns)
{
	static const struct ui_thread_index empty;
	const struct ss_thread *t = &m->threads[ti];
	const struct ui_thread_index *x = ti < ix->nthr ? &ix->thr[ti] : &empty;
	long i0, i1;
	size_t lo, hi;

	*run_ns = *wait_ns = 0;
	if (b <= a || !t->nruns)
		return;
	i0 = ss_model_thread_find(m, t, a);       /* may overlap a */
	i1 = ss_model_thread_find(m, t, b - 1);   /* the last one starting inside */
	if (i1 >= 0) {
		const struct ss_slice *s;

		/* runs lo..hi overlap [a, b), except maybe lo: trim both ends */
		lo = i0 < 0 ? 0 : (size_t)i0;
		hi = (size_t)i1;
		*run_ns = prefix(x, m, t, hi + 1).run_ns - prefix(x, m, t, lo).run_ns;
		s = ss_model_run(m, t, lo);
		*run_ns -= (s->end_ns - s->start_ns) - overlap(s->start_ns, s->end_ns, a, b);
		if (hi != lo) {
			s = ss_model_run(m, t, hi);
			*run_ns -= (s->end_ns - s->start_ns) - overlap(s->start_ns, s->end_ns, a, b);
		}
	}
	/* A wait ends where its run starts. Runs i0+1..i1 start inside (a, b):
	 * their waits lie inside, except the first one's may begin before a.
	 * Run i1+1 starts at or after b: its wait may reach in from the right. */
	lo = (size_t)(i0 + 1);
	hi = (size_t)(i1 + 1) < t->nruns ? (size_t)(i1 + 1) : t->nruns - 1;
	if (lo > hi)
		return;
	*wait_ns = prefix(x, m, t, hi + 1).wait_ns - prefix(x, m, t, lo).wait_ns;
	*wait_ns -= wait_outside(m, t, lo, a, b);
	if (hi != lo)
		*wait_ns -= wait_outside(m, t, hi, a, b);
}

/* First of the sorted mark indices v[0..n) whose mark is at or after ts. */
static size_t marks_lower(const uint32_t *v, size_t n, const struct ss_model *m, uint64_t ts)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (m->marks[v[mid]].ts_ns < ts)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

size_t ui_marker_lower(const struct ui_index *ix, const struct ss_model *m, uint64_t ts)
{
	return marks_lower(ix->markers, ix->nmarkers, m, ts);
}

size_t ui_loss_lower(const struct ui_index *ix, const struct ss_model *m, uint64_t ts)
{
	return marks_lower(ix->losses, ix->nlosses, m, ts);
}
