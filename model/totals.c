/*
 * Totals over a window: the traced tree's CPU time, switches and creations,
 * its share of the CPUs against other tasks, two threads' time together.
 * CPU time comes from the prefix sums (ss_model_thread_time, the CPU lanes'
 * busy sums); switches are counted by the statistics' own rule
 * (ss_stats_add_run) over the runs that end inside the window.
 */
#include "model/totals.h"

#include <stdio.h>

#include "model/states.h"

/* Run i of t, or (i == nruns) its run in progress, ending now; false past them. */
static bool run_or_open(const struct ss_model *m, const struct ss_thread *t, size_t i,
			uint64_t *start_ns, uint64_t *end_ns, unsigned *cpu)
{
	const struct ss_slice *s;

	if (i < t->nruns) {
		s = ss_model_run(m, t, i);
		*end_ns = s->end_ns;
	} else if (i == t->nruns && (s = ss_model_thread_running(m, t)) != NULL) {
		*end_ns = m->end_ns > s->start_ns ? m->end_ns : s->start_ns;
	} else {
		return false;
	}
	*start_ns = s->start_ns;
	*cpu = s->cpu;
	return true;
}

/* The first run of t that may overlap [t0, ...). */
static size_t first_run(const struct ss_model *m, const struct ss_thread *t, uint64_t t0)
{
	long i = ss_model_thread_find(m, t, t0);

	return i < 0 ? 0 : (size_t)i;
}

uint64_t ss_model_thread_run_ns(const struct ss_model *m, const struct ss_thread *t, uint64_t t0, uint64_t t1)
{
	const struct ss_slice *open = ss_model_thread_running(m, t);
	uint64_t run_ns, wait_ns;

	ss_model_thread_time(m, t, t0, t1, &run_ns, &wait_ns);
	if (open)
		run_ns += ss_overlap_ns(open->start_ns, m->end_ns, t0, t1);
	return run_ns;
}

/* Index of the first mark at or after ts. */
static size_t marks_from(const struct ss_model *m, uint64_t ts)
{
	size_t lo = 0, hi = m->nmarks;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (m->marks[mid].ts_ns < ts)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

void ss_model_thread_stats(const struct ss_model *m, const struct ss_thread *t, uint64_t t0, uint64_t t1,
			   struct ss_thread_stats *st)
{
	*st = (struct ss_thread_stats){ 0 };
	for (size_t i = first_run(m, t, t0); i < t->nruns; i++) {
		const struct ss_slice *s = ss_model_run(m, t, i);
		struct ss_gap g;

		if (s->start_ns >= t1)
			break;
		if (s->end_ns < t0 || s->end_ns >= t1)
			continue;
		ss_model_run_gap(m, t, i, &g);
		ss_stats_add_run(st, &g, s);
	}
}

void ss_model_totals(const struct ss_model *m, uint64_t t0, uint64_t t1, struct ss_totals *out)
{
	*out = (struct ss_totals){ .wall_ns = t1 > t0 ? t1 - t0 : 0 };
	if (t1 <= t0)
		return;
	for (size_t k = 0; k < m->nthreads; k++) {
		const struct ss_thread *t = &m->threads[k];
		struct ss_thread_stats st;
		uint64_t run_ns = ss_model_thread_run_ns(m, t, t0, t1);

		out->cpu_ns += run_ns;
		out->threads += run_ns > 0;
		ss_model_thread_stats(m, t, t0, t1, &st);
		out->vol_switches += st.vol_switches;
		out->invol_switches += st.invol_switches;
	}
	for (size_t i = marks_from(m, t0); i < m->nmarks && m->marks[i].ts_ns < t1; i++) {
		const struct ss_event *ev = &m->marks[i];

		if (ev->kind != SS_FORK)
			continue;
		if (ev->fork.flags & SS_FORK_IS_THREAD)
			out->clones++;
		else
			out->forks++;
	}
}

void ss_model_cpu_share(const struct ss_model *m, uint64_t t0, uint64_t t1, struct ss_cpu_share *out)
{
	uint64_t busy = 0;

	*out = (struct ss_cpu_share){ 0 };
	if (t1 <= t0)
		return;
	out->capacity_ns = (uint64_t)m->ncpus * (t1 - t0);
	for (unsigned c = 0; c < m->ncpus; c++)
		busy += ss_model_cpu_busy(m, c, t0, t1);
	for (size_t k = 0; k < m->nthreads; k++)
		out->traced_ns += ss_model_thread_run_ns(m, &m->threads[k], t0, t1);
	out->other_ns = busy > out->traced_ns ? busy - out->traced_ns : 0;
	out->host_ns = ss_model_steal_all_ns(m, t0, t1);
}

void ss_model_cpu_share_on(const struct ss_model *m, unsigned cpu, uint64_t t0, uint64_t t1, struct ss_cpu_share *out)
{
	uint64_t busy;

	*out = (struct ss_cpu_share){ 0 };
	if (t1 <= t0 || cpu >= m->ncpus)
		return;
	out->capacity_ns = t1 - t0;
	busy = ss_model_cpu_busy(m, cpu, t0, t1);
	for (size_t k = 0; k < m->nthreads; k++)
		out->traced_ns += ss_model_thread_cpu_ns(m, &m->threads[k], cpu, t0, t1);
	out->other_ns = busy > out->traced_ns ? busy - out->traced_ns : 0;
	out->host_ns = ss_model_steal_ns(m, cpu, t0, t1);
}

unsigned ss_cpu_share_pct(const struct ss_cpu_share *s, uint64_t ns)
{
	return s->capacity_ns ? (unsigned)(100 * (double)ns / (double)s->capacity_ns) : 0;
}

/* The host's steal while the host stopped another task is counted in both:
 * over, never under, which only makes a check say "inconclusive" sooner. */
unsigned ss_cpu_share_taken_pct(const struct ss_cpu_share *s)
{
	uint64_t taken = s->other_ns + s->host_ns;

	return ss_cpu_share_pct(s, taken < s->capacity_ns ? taken : s->capacity_ns);
}

/* Steal counted by cpu from the first of n samples up to ts. */
static uint64_t steal_at(const uint64_t *t, const uint64_t *cum, size_t n, unsigned nc, unsigned cpu,
			 uint64_t ts)
{
	size_t lo = 0, hi = n - 1;
	uint64_t a, b;

	if (ts <= t[0])
		return cum[cpu];
	if (ts >= t[n - 1])
		return cum[(n - 1) * nc + cpu];
	while (hi - lo > 1) {          /* t[lo] < ts < t[hi] */
		size_t mid = lo + (hi - lo) / 2;

		if (t[mid] <= ts)
			lo = mid;
		else
			hi = mid;
	}
	a = cum[lo * nc + cpu];
	b = cum[hi * nc + cpu];
	if (b <= a || t[hi] <= t[lo])
		return a;
	return a + (uint64_t)((double)(b - a) * (double)(ts - t[lo]) / (double)(t[hi] - t[lo]));
}

uint64_t ss_steal_ns(const uint64_t *ts, const uint64_t *cum, size_t n, unsigned ncpus, unsigned cpu,
		     uint64_t t0, uint64_t t1)
{
	uint64_t a, b;

	if (!n || cpu >= ncpus || t1 <= t0)
		return 0;
	a = steal_at(ts, cum, n, ncpus, cpu, t0);
	b = steal_at(ts, cum, n, ncpus, cpu, t1);
	return b > a ? b - a : 0;
}

uint64_t ss_model_steal_ns(const struct ss_model *m, unsigned cpu, uint64_t t0, uint64_t t1)
{
	return ss_steal_ns(m->steal_ts, m->steal_cum, m->nsteal, m->ncpus, cpu, t0, t1);
}

uint64_t ss_model_steal_all_ns(const struct ss_model *m, uint64_t t0, uint64_t t1)
{
	uint64_t ns = 0;

	for (unsigned c = 0; m->nsteal && c < m->ncpus; c++)
		ns += ss_model_steal_ns(m, c, t0, t1);
	return ns;
}

char *ss_cpu_share_who(const struct ss_cpu_share *s, char *buf, size_t size)
{
	unsigned host = ss_cpu_share_pct(s, s->host_ns), other = ss_cpu_share_pct(s, s->other_ns);

	if (!host)
		snprintf(buf, size, "other tasks took %u%%", other);
	else if (!other)
		snprintf(buf, size, "the host took %u%%", host);
	else
		snprintf(buf, size, "other tasks took %u%% and the host %u%%", other, host);
	return buf;
}

char *ss_cpu_share_line(const struct ss_cpu_share *s, unsigned min_pct, char *buf, size_t size)
{
	char who[96];

	if (ss_cpu_share_taken_pct(s) <= min_pct)
		return NULL;
	snprintf(buf, size, "%s of the CPUs (the traced ones %u%%)", ss_cpu_share_who(s, who, sizeof(who)),
		 ss_cpu_share_pct(s, s->traced_ns));
	return buf;
}

uint64_t ss_model_together_ns(const struct ss_model *m, const struct ss_thread *a, const struct ss_thread *b,
			      uint64_t t0, uint64_t t1)
{
	size_t i = first_run(m, a, t0), j = first_run(m, b, t0);
	uint64_t as, ae, bs, be, sum = 0;
	unsigned ac, bc;

	if (a == b)
		return ss_model_thread_run_ns(m, a, t0, t1);
	/* both lists are in time order and a thread's runs never overlap: a merge */
	while (run_or_open(m, a, i, &as, &ae, &ac) && run_or_open(m, b, j, &bs, &be, &bc)) {
		if (as >= t1 || bs >= t1)
			break;
		sum += ss_overlap_ns(as > bs ? as : bs, ae < be ? ae : be, t0, t1);
		if (ae <= be)
			i++;
		else
			j++;
	}
	return sum;
}

uint64_t ss_model_thread_cpu_ns(const struct ss_model *m, const struct ss_thread *t, unsigned cpu,
				uint64_t t0, uint64_t t1)
{
	uint64_t s, e, sum = 0;
	unsigned c;

	for (size_t i = first_run(m, t, t0); run_or_open(m, t, i, &s, &e, &c) && s < t1; i++)
		if (c == cpu)
			sum += ss_overlap_ns(s, e, t0, t1);
	return sum;
}
