/* The statistics panel's latency rows (see latpanel.h). */
#include "ui/latpanel.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/explain.h"
#include "model/syscalls.h"
#include "util/fmt.h"

#define MOMENTS_SHOWN 6   /* p99 waits named on their row */

uint32_t ui_latency_tid(const struct ui_view *v)
{
	uint32_t tid = v->have_sel ? v->sel_tid : 0;

	return tid && ss_model_thread(v->m, tid) ? tid : 0;
}

/* "12 waits, p50 20.1 us, p99 67.1 us, max 67.1 us" */
static char *dist(const struct ss_lat_hist *h, char *buf, size_t size)
{
	char a[32], b[32], c[32], n[32];

	if (!h)
		snprintf(buf, size, "no waits");
	else
		snprintf(buf, size, "%s, p50 %s, p99 %s, max %s", fmt_count(n, sizeof(n), h->count, "wait", NULL),
			 fmt_dur(a, sizeof(a), h->p50_ns), fmt_dur(b, sizeof(b), h->p99_ns), fmt_dur(c, sizeof(c), h->max_ns));
	return buf;
}

/* The CPU the rows speak of: the cursor's lane in the CPU view; in the
 * thread view, where the thread last ran by the cursor's moment. -1: none. */
static int cursor_cpu(const struct ui_view *v, uint32_t tid)
{
	const struct ss_thread *t = tid ? ss_model_thread(v->m, tid) : NULL;
	uint64_t a, b;
	long i;

	if (v->mode == UI_MODE_CPU)
		return v->cur_lane >= 0 && (size_t)v->cur_lane < v->nlanes ? v->lanes[v->cur_lane].id : -1;
	if (!t || !ui_view_cell_span(v, v->cur_col, &a, &b) || (i = ss_model_thread_find(v->m, t, b - 1)) < 0)
		return -1;
	return ss_model_run(v->m, t, (size_t)i)->cpu;
}

/* "blocked: sleep 3, p50 ..., max ...; pipe read 1, ..." */
static void blocked_row(const struct ss_latency *l, uint32_t tid, char *buf, size_t size)
{
	size_t off = (size_t)snprintf(buf, size, "blocked:");
	char d[160];
	bool any = false;

	for (size_t i = 0; i < l->nhists && off < size; i++) {
		const struct ss_lat_hist *h = &l->hists[i];

		if (h->scope != (tid ? SS_LAT_THREAD : SS_LAT_ALL) || h->id != tid || h->kind != SS_LAT_BLOCKED)
			continue;
		off += (size_t)snprintf(buf + off, size - off, "%s %s %s", any ? ";" : "", ss_reason_name(h->reason),
					dist(h, d, sizeof(d)));
		any = true;
	}
	if (!any && off < size)
		snprintf(buf + off, size - off, " never");
}

/* "p99 waits (W jumps): 0.134206s runq 67.1 us, ..." of one thread, or
 * with their threads, of all. */
static void moments_row(const struct ss_model *m, struct ui_lat *c, uint32_t tid, char *buf, size_t size)
{
	const struct ss_latency *l = &c->l;
	long n;
	const uint32_t *v = ui_lat_tail(c, tid, &n);
	size_t off = (size_t)snprintf(buf, size, "p99 waits (W jumps):");
	char who[64], at[32], d[32];

	for (long i = 0; i < n && i < MOMENTS_SHOWN && off < size; i++) {
		const struct ss_lat_wait *w = &l->waits[v[i]];

		if (!tid)
			ss_explain_task(m, w->tid, w->ts_ns, who, sizeof(who));
		off += (size_t)snprintf(buf + off, size - off, "%s %s%s%s %s %s", i ? "," : "", tid ? "" : who,
					tid ? "" : " at ", ss_explain_time(m, w->ts_ns, at, sizeof(at)),
					w->kind == SS_LAT_RUNQ ? "runq" : ss_reason_name(w->reason),
					fmt_dur(d, sizeof(d), w->dur_ns));
	}
	if (n > MOMENTS_SHOWN && off < size)
		snprintf(buf + off, size - off, ", and %ld more", n - MOMENTS_SHOWN);
	else if (n <= 0 && off < size)
		snprintf(buf + off, size - off, " none");
}

int ui_draw_latency(struct ui_view *v, struct ui_grid *g, int y, int y1, int keep)
{
	const struct ss_latency *l;
	uint32_t tid = ui_latency_tid(v);
	int cpu = cursor_cpu(v, tid), y0 = y, x = 11;
	char who[64], text[512], d[160];

	if (y >= y1 - keep)
		return 0;
	l = ui_lat_get(&v->lat, v->m, v->phase == UI_PHASE_LIVE || v->phase == UI_PHASE_STOPPING);
	ui_grid_text(g, 1, y, x - 2, UI_A_HEADING, "latency");
	if (!l && v->lat.building) {
		ui_grid_text(g, x, y, g->w - x - 1, UI_A_DIM, "computing the distributions of every wait...");
		return 1;
	}
	if (!l) {
		ui_grid_text(g, x, y, g->w - x - 1, UI_A_ALERT, "out of memory for the distributions");
		return 1;
	}
	if (tid)
		ss_explain_task(v->m, tid, v->m->end_ns, who, sizeof(who));
	snprintf(text, sizeof(text), "%s%s, run queue: %s", tid ? who : "all threads", v->lat.stale ? " (so far)" : "",
		 dist(ss_latency_find(v->m, l, tid ? SS_LAT_THREAD : SS_LAT_ALL, tid, SS_LAT_RUNQ, 0), d, sizeof(d)));
	ui_grid_text(g, x, y++, g->w - x - 1, UI_A_NORMAL, text);
	if (y < y1 - keep) {
		blocked_row(l, tid, text, sizeof(text));
		ui_grid_text(g, x, y++, g->w - x - 1, UI_A_NORMAL, text);
	}
	if (y < y1 - keep && cpu >= 0) {
		snprintf(text, sizeof(text), "CPU %d, run queue: %s", cpu,
			 dist(ss_latency_find(v->m, l, SS_LAT_CPU, (uint32_t)cpu, SS_LAT_RUNQ, 0), d, sizeof(d)));
		ui_grid_text(g, x, y++, g->w - x - 1, UI_A_NORMAL, text);
	}
	if (y < y1 - keep) {
		moments_row(v->m, &v->lat, tid, text, sizeof(text));
		ui_grid_text(g, x, y++, g->w - x - 1, UI_A_NORMAL, text);
	}
	return y - y0;
}
