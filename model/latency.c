/*
 * Building the distributions of latency.h: one pass over the threads' runs
 * collects the waits through the gap rule; each wait then belongs to up to
 * three distributions (all threads, its CPU for a run-queue wait, its
 * thread), found in a table by those small numbers. A distribution's
 * percentiles are selected among its waits, not sorted (O(n)), and only
 * its tail is sorted, longest first: the cost is linear in the waits but
 * for the tail, and the memory four words a wait.
 */
#include "model/latency.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "util/vec.h"

/* Where each distribution is in hists, by scope and then CPU or thread
 * index, kind and reason: a table, not a hash, as all of them are small
 * numbers. KR slots per thread (and for all threads): the run queue, then
 * asleep by reason. */
#define KR (1 + SS_R_MAX)

struct places {
	int32_t *v;             /* KR for all threads, then one a CPU, then KR a thread; -1: none yet */
	unsigned ncpus;
};

static int32_t *place(const struct places *p, unsigned scope, uint32_t order, unsigned kind, unsigned reason)
{
	unsigned kr = kind == SS_LAT_RUNQ ? 0 : 1u + reason;

	if (scope == SS_LAT_ALL)
		return &p->v[kr];
	if (scope == SS_LAT_CPU)
		return &p->v[KR + order];
	return &p->v[KR + p->ncpus + (size_t)order * KR + kr];
}

/* Where wait w's distribution in scope is kept. */
static int32_t *place_of(const struct places *p, const struct ss_lat_wait *w, unsigned scope)
{
	return place(p, scope, scope == SS_LAT_CPU ? w->cpu : scope == SS_LAT_THREAD ? w->thread : 0, w->kind,
		     w->reason);
}

/* A new distribution: wait w's in scope. */
static void hist_new(struct ss_lat_hist *h, const struct ss_lat_wait *w, unsigned scope)
{
	memset(h, 0, sizeof(*h));
	h->scope = (uint8_t)scope;
	h->kind = w->kind;
	h->reason = w->reason;
	if (scope == SS_LAT_CPU)
		h->id = h->order = w->cpu;
	else if (scope == SS_LAT_THREAD) {
		h->id = w->tid;
		h->order = w->thread;
	}
}

const char *ss_lat_scope_name(unsigned scope)
{
	return scope == SS_LAT_CPU ? "cpu" : scope == SS_LAT_THREAD ? "thread" : "all";
}

const char *ss_lat_kind_name(unsigned kind)
{
	return kind == SS_LAT_BLOCKED ? "blocked" : "runq";
}

unsigned ss_lat_bucket(uint64_t dur_ns)
{
	uint64_t us = dur_ns / 1000;
	unsigned k = us ? 63u - (unsigned)__builtin_clzll(us) : 0;

	return k < SS_LAT_BUCKETS ? k : SS_LAT_BUCKETS - 1;
}

void ss_lat_bucket_us(unsigned k, uint64_t *lo_us, uint64_t *hi_us)
{
	*lo_us = k ? 1ull << k : 0;
	*hi_us = k + 1 < SS_LAT_BUCKETS ? (2ull << k) - 1 : UINT64_MAX;
}

/* ---- collecting the waits ---- */

static int add_wait(struct ss_latency *l, size_t *cap, const struct ss_lat_wait *w)
{
	if (!vec_grow((void **)&l->waits, cap, l->nwaits + 1, sizeof(*l->waits)))
		return -ENOMEM;
	l->waits[l->nwaits++] = *w;
	return 0;
}

static int collect(const struct ss_model *m, uint32_t pid, struct ss_latency *l)
{
	size_t cap = 0;

	for (size_t i = 0; i < m->nthreads; i++) {
		const struct ss_thread *t = &m->threads[i];

		if (pid && t->tid != pid && t->tgid != pid)
			continue;
		for (size_t r = 0; r < t->nruns; r++) {
			const struct ss_slice *s = ss_model_run(m, t, r);
			struct ss_lat_wait w = { .tid = t->tid, .thread = (uint32_t)i, .run = (uint32_t)r,
						 .cpu = s->cpu };
			struct ss_gap g;
			struct ss_wait_rec tmp;
			const struct ss_wait_rec *rec;
			size_t n = ss_model_sleeps_before_run(m, t, r, &tmp, &rec);

			/* the sleeps why lists before this run, each on its own (one
			 * gap holds several where the kernel left runs unreported);
			 * the recorder's held start is none of them */
			for (size_t k = 0; k < n; k++) {
				w.kind = SS_LAT_BLOCKED;
				w.ts_ns = rec[k].block_ns;
				w.dur_ns = ss_wait_slept_ns(&rec[k]);
				w.reason = rec[k].reason < SS_R_MAX ? rec[k].reason : SS_R_UNKNOWN;
				if (ss_wait_did_not_sleep(&rec[k])) {
					l->no_sleeps[w.reason]++;
					l->no_sleeps_all++;
				} else if (add_wait(l, &cap, &w)) {
					return -ENOMEM;
				}
			}
			ss_model_run_gap(m, t, r, &g);
			if (ss_gap_runnable_ns(&g)) {
				w.kind = SS_LAT_RUNQ;
				w.ts_ns = g.ready_ns;
				w.dur_ns = ss_gap_runnable_ns(&g);
				w.reason = 0;
				if (add_wait(l, &cap, &w))
					return -ENOMEM;
			}
		}
	}
	return 0;
}

/* ---- the distributions ---- */

static int by_dur_desc(const void *a, const void *b, void *ctx)
{
	const struct ss_lat_wait *v = ctx;
	const struct ss_lat_wait *x = &v[*(const uint32_t *)a], *y = &v[*(const uint32_t *)b];

	if (x->dur_ns != y->dur_ns)
		return x->dur_ns > y->dur_ns ? -1 : 1;
	return x->ts_ns < y->ts_ns ? -1 : x->ts_ns > y->ts_ns;
}

static int by_place(const void *a, const void *b)
{
	const struct ss_lat_hist *x = a, *y = b;

	if (x->scope != y->scope)
		return x->scope < y->scope ? -1 : 1;
	if (x->order != y->order)
		return x->order < y->order ? -1 : 1;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	return x->reason < y->reason ? -1 : x->reason > y->reason;
}

static void swap_u64(uint64_t *v, size_t a, size_t b)
{
	uint64_t x = v[a];

	v[a] = v[b];
	v[b] = x;
}

/* Puts in v[k] the value a sort of v[0, n) would put there, with none
 * larger before it and none smaller after (a selection, not a sort:
 * O(n)). Three-way partitions, so that runs of equal waits cost nothing. */
static void select_nth(uint64_t *v, size_t n, size_t k)
{
	size_t lo = 0, hi = n;

	while (hi - lo > 1) {
		uint64_t a = v[lo], b = v[lo + (hi - lo) / 2], c = v[hi - 1];
		uint64_t p = a < b ? (b < c ? b : a < c ? c : a) : (a < c ? a : b < c ? c : b);
		size_t lt = lo, i = lo, gt = hi;  /* [lo, lt) < p, [lt, i) == p, [gt, hi) > p */

		while (i < gt) {
			if (v[i] < p)
				swap_u64(v, lt++, i++);
			else if (v[i] > p)
				swap_u64(v, i, --gt);
			else
				i++;
		}
		if (k < lt)
			hi = lt;
		else if (k >= gt)
			lo = gt;
		else
			return;
	}
}

/* The nearest-rank percentile q (in %) of v[0, n), n > 0, selected among
 * v[0, upto) (the values past upto are known to be no smaller). */
static uint64_t percentile(uint64_t *v, size_t n, size_t upto, unsigned q, size_t *at)
{
	size_t rank = (n * q + 99) / 100;          /* ceil(n q / 100), 1-based */

	*at = (rank ? rank : 1) - 1;
	select_nth(v, upto, *at);
	return v[*at];
}

/* Percentiles, buckets and tail of h, whose members are m[0, n); dur is
 * room for n values. The tail is moved to the front of m, longest first:
 * only it is sorted. */
static void summarise(const struct ss_latency *l, struct ss_lat_hist *h, uint32_t *m, size_t n, uint64_t *dur)
{
	size_t tail = 0, at = n;

	for (size_t i = 0; i < n; i++) {
		dur[i] = l->waits[m[i]].dur_ns;
		h->sum_ns += dur[i];
		h->bucket[ss_lat_bucket(dur[i])]++;
		h->max_ns = dur[i] > h->max_ns ? dur[i] : h->max_ns;
	}
	h->count = n;
	/* highest first: each selection leaves the ones above it in place */
	h->p99_ns = percentile(dur, n, at, 99, &at);
	h->p90_ns = percentile(dur, n, at, 90, &at);
	h->p50_ns = percentile(dur, n, at + 1, 50, &at);
	for (size_t i = 0; i < n; i++) {
		if (l->waits[m[i]].dur_ns >= h->p99_ns) {
			uint32_t x = m[tail];

			m[tail++] = m[i];
			m[i] = x;
		}
	}
	qsort_r(m, tail, sizeof(*m), by_dur_desc, l->waits);
	h->tail = m;
	h->ntail = tail;
}

static const unsigned scopes[] = { SS_LAT_ALL, SS_LAT_CPU, SS_LAT_THREAD };

/* Whether wait w counts in scope: every wait but in a CPU's, only run-queue ones. */
static bool in_scope(const struct ss_lat_wait *w, unsigned scope)
{
	return scope != SS_LAT_CPU || w->kind == SS_LAT_RUNQ;
}

static int distribute(const struct ss_model *m, struct ss_latency *l)
{
	struct places pl = { .ncpus = m->ncpus };
	size_t cap = 0, nmembers = 0, most = 0, nplaces = KR + m->ncpus + m->nthreads * KR;
	size_t *start = NULL, *fill = NULL;
	uint64_t *dur = NULL;
	int err = -ENOMEM;

	pl.v = malloc(nplaces * sizeof(*pl.v));
	if (!pl.v)
		goto out;
	memset(pl.v, 0xff, nplaces * sizeof(*pl.v));
	/* the distributions, and how many waits each has */
	for (size_t i = 0; i < l->nwaits; i++) {
		const struct ss_lat_wait *w = &l->waits[i];

		for (unsigned k = 0; k < 3; k++) {
			int32_t *at;

			if (!in_scope(w, scopes[k]))
				continue;
			at = place_of(&pl, w, scopes[k]);
			if (*at < 0) {
				if (!vec_grow((void **)&l->hists, &cap, l->nhists + 1, sizeof(*l->hists)))
					goto out;
				*at = (int32_t)l->nhists;
				hist_new(&l->hists[l->nhists++], w, scopes[k]);
			}
			l->hists[*at].count++;
			nmembers++;
		}
	}
	if (!l->nhists) {
		err = 0;
		goto out;
	}
	qsort(l->hists, l->nhists, sizeof(*l->hists), by_place);
	start = calloc(l->nhists, sizeof(*start));
	fill = calloc(l->nhists, sizeof(*fill));
	l->members = malloc(nmembers * sizeof(*l->members));
	if (!start || !fill || !l->members)
		goto out;
	for (size_t h = 0, at = 0; h < l->nhists; h++) {
		const struct ss_lat_hist *x = &l->hists[h];

		*place(&pl, x->scope, x->order, x->kind, x->reason) = (int32_t)h;
		start[h] = at;
		at += x->count;
		most = x->count > most ? x->count : most;
	}
	for (size_t i = 0; i < l->nwaits; i++) {
		const struct ss_lat_wait *w = &l->waits[i];

		for (unsigned k = 0; k < 3; k++) {
			size_t x;

			if (!in_scope(w, scopes[k]))
				continue;
			x = (size_t)*place_of(&pl, w, scopes[k]);
			l->members[start[x] + fill[x]++] = (uint32_t)i;
		}
	}
	dur = malloc(most * sizeof(*dur));
	if (!dur)
		goto out;
	for (size_t h = 0; h < l->nhists; h++) {
		size_t n = (size_t)l->hists[h].count;

		l->hists[h].count = 0;
		summarise(l, &l->hists[h], l->members + start[h], n, dur);
	}
	err = 0;
out:
	free(dur);
	free(start);
	free(fill);
	free(pl.v);
	return err;
}

int ss_latency_build(const struct ss_model *m, uint32_t pid, struct ss_latency *out)
{
	memset(out, 0, sizeof(*out));
	if (collect(m, pid, out) || (out->nwaits > UINT32_MAX) || distribute(m, out)) {
		ss_latency_free(out);
		return -ENOMEM;
	}
	return 0;
}

void ss_latency_free(struct ss_latency *l)
{
	free(l->waits);
	free(l->hists);
	free(l->members);
	memset(l, 0, sizeof(*l));
}

const struct ss_lat_hist *ss_latency_find(const struct ss_model *m, const struct ss_latency *l, unsigned scope,
					  uint32_t id, unsigned kind, unsigned reason)
{
	const struct ss_thread *t = scope == SS_LAT_THREAD ? ss_model_thread(m, id) : NULL;
	struct ss_lat_hist key = { .scope = (uint8_t)scope, .kind = (uint8_t)kind, .reason = (uint8_t)reason,
				   .order = t ? (uint32_t)(t - m->threads) : scope == SS_LAT_CPU ? id : 0 };

	if ((scope == SS_LAT_THREAD && !t) || !l->nhists)
		return NULL;
	return bsearch(&key, l->hists, l->nhists, sizeof(*l->hists), by_place);
}

static int by_time(const void *a, const void *b, void *ctx)
{
	const struct ss_lat_wait *v = ctx;
	const struct ss_lat_wait *x = &v[*(const uint32_t *)a], *y = &v[*(const uint32_t *)b];

	if (x->ts_ns != y->ts_ns)
		return x->ts_ns < y->ts_ns ? -1 : 1;
	return x->tid < y->tid ? -1 : x->tid > y->tid;
}

long ss_latency_tail_moments(const struct ss_latency *l, unsigned scope, uint32_t id, uint32_t **out)
{
	size_t n = 0;

	*out = NULL;
	/* a wait has one kind and reason, so it is in one tail of a scope and id */
	for (size_t i = 0; i < l->nhists; i++)
		if (l->hists[i].scope == scope && l->hists[i].id == id)
			n += l->hists[i].ntail;
	if (!n)
		return 0;
	*out = malloc(n * sizeof(**out));
	if (!*out)
		return -ENOMEM;
	n = 0;
	for (size_t i = 0; i < l->nhists; i++)
		if (l->hists[i].scope == scope && l->hists[i].id == id && l->hists[i].ntail) {
			memcpy(*out + n, l->hists[i].tail, l->hists[i].ntail * sizeof(**out));
			n += l->hists[i].ntail;
		}
	qsort_r(*out, n, sizeof(**out), by_time, l->waits);
	return (long)n;
}
