/* The critical path's highlight, computed once and indexed (see critical.h). */
#include "ui/critical.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/explain.h"
#include "util/fmt.h"

static int by_tid_cmp(const void *x, const void *y, void *ctx)
{
	const struct ss_cp_seg *s = ctx, *a = &s[*(const uint32_t *)x], *b = &s[*(const uint32_t *)y];

	if (a->tid != b->tid)
		return a->tid < b->tid ? -1 : 1;
	return a->from_ns < b->from_ns ? -1 : a->from_ns > b->from_ns;
}

static int by_cpu_cmp(const void *x, const void *y, void *ctx)
{
	const struct ss_cp_seg *s = ctx, *a = &s[*(const uint32_t *)x], *b = &s[*(const uint32_t *)y];

	if (a->cpu != b->cpu)
		return a->cpu < b->cpu ? -1 : 1;
	return a->from_ns < b->from_ns ? -1 : a->from_ns > b->from_ns;
}

void ui_crit_free(struct ui_crit *c)
{
	ss_critical_free(&c->cp);
	free(c->by_tid);
	free(c->by_cpu);
	c->by_tid = c->by_cpu = NULL;
	c->nby_tid = c->nby_cpu = 0;
	c->on = c->stale = false;
}

/* The path of tid, and its indexes. 0 or -errno (ss_critical_path's). */
static int compute(struct ui_crit *c, const struct ss_model *m, uint32_t tid, bool live)
{
	int err;

	ui_crit_free(c);
	c->tid = tid;
	err = ss_critical_path(m, tid, 0, UINT64_MAX, &c->cp);
	if (err)
		return err;
	c->by_tid = malloc((c->cp.nsegs ? c->cp.nsegs : 1) * sizeof(*c->by_tid));
	c->by_cpu = malloc((c->cp.nsegs ? c->cp.nsegs : 1) * sizeof(*c->by_cpu));
	if (!c->by_tid || !c->by_cpu) {
		ui_crit_free(c);
		return -ENOMEM;
	}
	for (size_t i = 0; i < c->cp.nsegs; i++) {
		const struct ss_cp_seg *s = &c->cp.segs[i];

		if (ss_cp_is_hop(s->kind) || s->to_ns <= s->from_ns)
			continue;
		c->by_tid[c->nby_tid++] = (uint32_t)i;
		if (s->kind == SS_CP_RUNNING && s->cpu >= 0)
			c->by_cpu[c->nby_cpu++] = (uint32_t)i;
	}
	qsort_r(c->by_tid, c->nby_tid, sizeof(*c->by_tid), by_tid_cmp, c->cp.segs);
	qsort_r(c->by_cpu, c->nby_cpu, sizeof(*c->by_cpu), by_cpu_cmp, c->cp.segs);
	c->on = true;
	c->stale = live;
	return 0;
}

void ui_crit_toggle(struct ui_crit *c, const struct ss_model *m, uint32_t sel, bool live, char *msg, size_t size)
{
	uint32_t tid = sel && ss_model_thread(m, sel) ? sel : m->info.root_pid;
	char who[64];
	int err;

	msg[0] = 0;
	if (c->on && c->tid == tid) {
		ui_crit_free(c);
		return;
	}
	if (!tid) {
		ui_crit_free(c);
		snprintf(msg, size, "no traced command: select a thread (Enter), then C shows its critical path");
		return;
	}
	err = compute(c, m, tid, live);
	if (err == -ESRCH)
		snprintf(msg, size, "%s is not a traced thread: it has no critical path",
			 ss_explain_task(m, tid, m->end_ns, who, sizeof(who)));
	else if (err == -ERANGE)
		snprintf(msg, size, "%s has not run yet: no critical path", ss_explain_task(m, tid, m->end_ns, who, sizeof(who)));
	else if (err)
		snprintf(msg, size, "no critical path: %s", strerror(-err));
}

void ui_crit_refresh(struct ui_crit *c, const struct ss_model *m, bool live)
{
	if (c->on && c->stale && !live)
		compute(c, m, c->tid, false);
}

/* In idx[0, n) sorted by (key, from_ns), whether a segment of key meets [a, b). */
static bool meets(const struct ui_crit *c, const uint32_t *idx, size_t n, bool by_cpu, int64_t key,
		  uint64_t a, uint64_t b)
{
	size_t lo = 0, hi = n;

	if (!c->on || b <= a)
		return false;
	/* the first segment of key (or a later key) that ends after a */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct ss_cp_seg *s = &c->cp.segs[idx[mid]];
		int64_t k = by_cpu ? s->cpu : (int64_t)s->tid;

		if (k < key || (k == key && s->to_ns <= a))
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == n)
		return false;
	{
		const struct ss_cp_seg *s = &c->cp.segs[idx[lo]];

		return (by_cpu ? s->cpu : (int64_t)s->tid) == key && s->from_ns < b;
	}
}

bool ui_crit_thread_in(const struct ui_crit *c, uint32_t tid, uint64_t a, uint64_t b)
{
	return meets(c, c->by_tid, c->nby_tid, false, tid, a, b);
}

bool ui_crit_cpu_in(const struct ui_crit *c, unsigned cpu, uint64_t a, uint64_t b)
{
	return meets(c, c->by_cpu, c->nby_cpu, true, cpu, a, b);
}

char *ui_crit_status(const struct ui_crit *c, const struct ss_model *m, char *buf, size_t size)
{
	char who[64], dur[32];

	snprintf(buf, size, "critical path of %s: %s%s (C hides)", ss_explain_task(m, c->tid, c->cp.to_ns, who, sizeof(who)),
		 fmt_dur(dur, sizeof(dur), c->cp.to_ns - c->cp.from_ns), c->stale ? " so far" : "");
	return buf;
}
