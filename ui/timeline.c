/* The timeline itself: what each cell of a CPU or thread lane holds, the
 * ruler and the marker row. Every cell costs O(log n) (binary searches and
 * prefix sums, a bounded scan of at most UI_CELL_SCAN runs), so a frame costs
 * the same on a trace of a thousand events or of ten million. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui/glyphs.h"
#include "ui/view.h"

static uint64_t overlap(uint64_t a0, uint64_t a1, uint64_t b0, uint64_t b1)
{
	uint64_t lo = a0 > b0 ? a0 : b0, hi = a1 < b1 ? a1 : b1;

	return hi > lo ? hi - lo : 0;
}

const struct ss_slice *ui_open_run(const struct ui_view *v, unsigned cpu)
{
	return ss_model_cpu_running(v->m, cpu);
}

/* ---- what a cell holds ---- */

void ui_cpu_cell(const struct ui_view *v, unsigned cpu, uint64_t a, uint64_t b, struct ui_cpu_cell *c)
{
	const struct ss_model *m = v->m;
	const struct ss_cpu_lane *l = &m->cpu[cpu];
	const struct ss_slice *open = ui_open_run(v, cpu);
	long i;

	memset(c, 0, sizeof(*c));
	if (b <= a)
		return;
	c->busy_ns = ss_model_cpu_busy(m, cpu, a, b);
	if (open) {
		/* the model counts the open run up to its newest event; we show it up to now */
		uint64_t model_end = m->end_ns > open->start_ns ? m->end_ns : open->start_ns;

		c->busy_ns -= overlap(open->start_ns, model_end, a, b);
		c->busy_ns += overlap(open->start_ns, ui_run_end(v, open), a, b);
	}
	/* The run covering most of the cell, among the first few in it. */
	i = ss_model_cpu_find(m, cpu, a);
	for (size_t k = i < 0 ? 0 : (size_t)i; k < l->n && l->v[k].start_ns < b; k++) {
		uint64_t ov = overlap(l->v[k].start_ns, l->v[k].end_ns, a, b);

		if (ov && ++c->nruns > UI_CELL_SCAN)
			break;
		if (ov > c->rep_ns) {
			c->rep_ns = ov;
			c->rep = &l->v[k];
		}
	}
	if (open && open->start_ns < b) {
		uint64_t ov = overlap(open->start_ns, ui_run_end(v, open), a, b);

		if (ov)
			c->nruns++;
		if (ov > c->rep_ns) {
			c->rep_ns = ov;
			c->rep = open;
		}
	}
	if (c->busy_ns > b - a)
		c->busy_ns = b - a;
	if (l->lost) {
		size_t k = ui_loss_lower(v->ix, m, a);

		for (; k < v->ix->nlosses && m->marks[v->ix->losses[k]].ts_ns < b; k++)
			if (m->marks[v->ix->losses[k]].cpu == cpu) {
				c->lost = true;
				break;
			}
	}
}

/* The run of thread t in progress now, or NULL. */
static const struct ss_slice *thread_open_run(const struct ui_view *v, const struct ss_thread *t)
{
	for (unsigned c = 0; c < v->m->ncpus; c++) {
		const struct ss_slice *s = ui_open_run(v, c);

		if (s && s->tid == t->tid)
			return s;
	}
	return NULL;
}

void ui_thread_cell(const struct ui_view *v, size_t ti, uint64_t a, uint64_t b, bool want_mid,
		    struct ui_thread_cell *c)
{
	const struct ss_model *m = v->m;
	const struct ss_thread *t = &m->threads[ti];
	const struct ss_slice *open = thread_open_run(v, t);
	long i;

	memset(c, 0, sizeof(*c));
	if (b <= a)
		return;
	ui_thread_time(v->ix, m, ti, a, b, &c->run_ns, &c->wait_ns);
	i = ss_model_thread_find(m, t, b - 1);
	if (i >= 0 && ss_model_run(m, t, (size_t)i)->end_ns > a)
		c->run = ss_model_run(m, t, (size_t)i);
	if (open && open->start_ns < b) {
		uint64_t ov = overlap(open->start_ns, ui_run_end(v, open), a, b);

		c->run_ns += ov;
		if (ov)
			c->run = open;
		if (open->ready != SS_READY_UNKNOWN && open->ready_ns && open->ready_ns < open->start_ns)
			c->wait_ns += overlap(open->ready_ns, open->start_ns, a, b);
	}
	if (c->run_ns > b - a)
		c->run_ns = b - a;
	if (c->wait_ns > b - a - c->run_ns)
		c->wait_ns = b - a - c->run_ns;
	c->fork = t->fork_ns && t->fork_ns >= a && t->fork_ns < b;
	c->exit = (t->flags & SS_THREADF_EXITED) && t->exit_ns >= a && t->exit_ns < b;
	if (t->nmarks) {
		size_t lo = 0, hi = t->nmarks;

		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;

			if (m->marks[t->marks[mid]].ts_ns < a)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (size_t k = lo, n = 0; k < t->nmarks && n < 16; k++, n++) {
			const struct ss_event *e = &m->marks[t->marks[k]];

			if (e->ts_ns >= b)
				break;
			if (e->kind == SS_MARKER) {
				c->marker = true;
				break;
			}
		}
	}
	if (want_mid || !c->run_ns) {
		uint64_t mid = a + (b - a) / 2;

		ss_model_thread_state(m, t, mid, &c->mid);
		if (c->mid.state == SS_T_BLOCKED) {
			long w = ss_model_wait_find(m, t, mid);

			if (w >= 0 && mid < t->waits[w].run_ns)
				c->wait = &t->waits[w];
		}
	}
}

/* ---- lanes ---- */

static void cursor_flag(struct ui_view *v, struct ui_grid *g, int y, int rows, int x0)
{
	if (ui_view_lane_at(v, y) == v->cur_lane)
		for (int r = 0; r < rows; r++)
			ui_grid_flag(g, x0 + v->cur_col, y + r, 1, UI_CF_CURSOR);
}

void ui_draw_cpu_lane(struct ui_view *v, struct ui_grid *g, int y, int rows, unsigned cpu)
{
	int x0 = v->label_w + 1, n = v->cells, base = y + rows - 1;   /* bars stand on the bottom row */
	uint32_t *tids = calloc((size_t)n, sizeof(*tids));
	uint8_t *full = calloc((size_t)n, 1);

	ui_grid_textf(g, 0, base, v->label_w, v->m->cpu[cpu].lost ? UI_A_ALERT : UI_A_LABEL, "CPU %u%s",
		      cpu, v->m->cpu[cpu].lost ? " !" : "");
	if (!tids || !full)
		goto out;
	for (int col = 0; col < n; col++) {
		struct ui_cpu_cell c;
		uint64_t a, b;
		unsigned e;
		uint8_t color, flags = 0;

		if (!ui_view_cell_span(v, col, &a, &b))
			continue;
		ui_cpu_cell(v, cpu, a, b, &c);
		if (c.lost) {
			ui_grid_put(g, x0 + col, base, UI_GLYPH_LOST, UI_A_ALERT, 0);
			continue;
		}
		/* the busy share in eighths of the lane's height */
		e = ui_eighths_of(c.busy_ns, b - a, (unsigned)rows);
		if (!e || !c.rep)
			continue;           /* idle: blank */
		color = ui_view_task_color(v, c.rep->tid);
		if (!ui_view_match(v, c.rep->tid) || (v->have_sel && c.rep->tid != v->sel_tid))
			color = 0;
		if (v->have_sel && c.rep->tid == v->sel_tid)
			flags = UI_CF_SELECTED;
		for (int r = 0; r < rows && e > (unsigned)r * 8; r++) {
			unsigned here = e - (unsigned)r * 8;

			ui_grid_put(g, x0 + col, base - r, ui_glyph_eighths(here > 8 ? 8 : here), UI_A_RUN, color);
			ui_grid_flag(g, x0 + col, base - r, 1, flags);
		}
		tids[col] = c.rep->tid;
		full[col] = c.busy_ns >= b - a || e == (unsigned)rows * 8;
	}
	/* Names inside runs that span a few full cells, on the bottom row. */
	for (int col = 0; col < n;) {
		int end = col;
		const char *name;

		if (!full[col]) {
			col++;
			continue;
		}
		while (end < n && full[end] && tids[end] == tids[col])
			end++;
		if (end - col >= 3) {
			name = ui_task_name(v, tids[col]);
			for (int k = 0; name[k] && col + k < end; k++) {
				struct ui_cell *cell = ui_grid_at(g, x0 + col + k, base);

				cell->ch = (unsigned char)name[k] < 0x80 ? (unsigned char)name[k] : '?';
				cell->attr = UI_A_RUN_TEXT;
			}
		}
		col = end;
	}
out:
	cursor_flag(v, g, y, rows, x0);
	free(tids);
	free(full);
}

/* The part of a thread label before its name: the fork tree's lines. */
static int tree_width(const struct ui_view *v, const struct ui_lane *l)
{
	char buf[160], name[64];
	const struct ss_thread *t = &v->m->threads[l->id];

	snprintf(name, sizeof(name), "%s %u", ui_task_name(v, t->tid), (unsigned)t->tid);
	return ui_text_width(ui_thread_label(v, l, buf, sizeof(buf))) - ui_text_width(name);
}

void ui_draw_thread_lane(struct ui_view *v, struct ui_grid *g, int y, const struct ui_lane *l)
{
	const struct ss_thread *t = &v->m->threads[l->id];
	uint8_t color = (uint8_t)(1 + (size_t)l->id % UI_NCOLORS);
	int x0 = v->label_w + 1, tw = tree_width(v, l), nw;
	char buf[160];
	bool sel = v->have_sel && v->sel_tid == t->tid;

	/* the tree's lines quiet, the name in the thread's colour */
	nw = ui_grid_text(g, 0, y, v->label_w, UI_A_RULER, ui_thread_label(v, l, buf, sizeof(buf)));
	for (int x = tw; x < nw; x++) {
		struct ui_cell *cell = ui_grid_at(g, x, y);

		cell->attr = UI_A_RUN;
		cell->color = color;
		if (sel)
			cell->flags |= UI_CF_SELECTED;
	}
	for (int col = 0; col < v->cells; col++) {
		struct ui_cell *cell = ui_grid_at(g, x0 + col, y);
		struct ui_thread_cell c;
		uint64_t a, b;

		if (!cell || !ui_view_cell_span(v, col, &a, &b))
			continue;
		ui_thread_cell(v, (size_t)l->id, a, b, false, &c);
		if (c.fork || c.exit) {
			*cell = (struct ui_cell){ .ch = c.fork && c.exit ? UI_GLYPH_FORKEXIT
						 : c.fork ? UI_GLYPH_FORK : UI_GLYPH_EXIT,
						 .attr = UI_A_MARK };
		} else if (c.run_ns) {
			unsigned e = ui_eighths(c.run_ns, b - a);
			int cpu = c.run ? c.run->cpu : c.mid.cpu;

			if (e == 8)
				*cell = (struct ui_cell){ .ch = ui_glyph_cpu(cpu), .attr = UI_A_RUN_TEXT, .color = color };
			else
				*cell = (struct ui_cell){ .ch = ui_glyph_eighths(e), .attr = UI_A_RUN, .color = color };
			/* the rest of the cell: mostly waiting for a CPU? */
			if (e < 8 && c.wait_ns * 2 >= (b - a) - c.run_ns)
				cell->flags |= UI_CF_WAITBG;
		} else if (c.wait_ns * 2 >= b - a || c.mid.state == SS_T_RUNNABLE) {
			*cell = (struct ui_cell){ .ch = UI_GLYPH_RUNNABLE, .attr = UI_A_RUNNABLE };
		} else if (c.mid.state == SS_T_BLOCKED) {
			enum ui_block why = c.wait ? ui_block_from_reason(c.wait->reason, c.mid.sleep_state)
						   : ui_block_from_state(c.mid.sleep_state);

			*cell = (struct ui_cell){ .ch = ui_block_glyph(why)->glyph, .attr = UI_A_BLOCKED };
		} else if (c.mid.state == SS_T_RUNNING) {
			*cell = (struct ui_cell){ .ch = ui_glyph_cpu(c.mid.cpu), .attr = UI_A_RUN_TEXT, .color = color };
		}
		if (c.marker)
			cell->flags |= UI_CF_MARK;
		if (sel && cell->attr == UI_A_RUN_TEXT)
			cell->flags |= UI_CF_SELECTED;
	}
	cursor_flag(v, g, y, 1, x0);
}

/* ---- ruler and markers ---- */

static void fmt_zoom(char *buf, size_t size, uint64_t ns)
{
	if (ns >= 1000000000ull)
		snprintf(buf, size, "%llus/cell", (unsigned long long)(ns / 1000000000ull));
	else if (ns >= 1000000ull)
		snprintf(buf, size, "%llums/cell", (unsigned long long)(ns / 1000000ull));
	else
		snprintf(buf, size, "%lluus/cell", (unsigned long long)(ns / 1000ull));
}

char *ui_fmt_time(const struct ui_view *v, uint64_t abs_ns, char *buf, size_t size)
{
	if (abs_ns >= v->m->start_ns)
		snprintf(buf, size, "%.6fs", (double)(abs_ns - v->m->start_ns) / 1e9);
	else
		snprintf(buf, size, "-%.6fs", (double)(v->m->start_ns - abs_ns) / 1e9);
	return buf;
}

/* A ruler label: seconds since the start with the decimals the tick
 * interval needs; below a millisecond, offsets from the first tick. */
static void ruler_label(char *buf, size_t size, int64_t rel, int64_t first, uint64_t interval)
{
	int decimals = 0;

	if (interval < 1000000ull && rel != first) {
		uint64_t d = (uint64_t)(rel - first);

		if (d < 1000000ull)
			snprintf(buf, size, "+%lluus", (unsigned long long)(d / 1000));
		else
			snprintf(buf, size, "+%.4gms", (double)d / 1e6);
		return;
	}
	for (uint64_t i = interval; i < 1000000000ull && decimals < 6; i *= 10)
		decimals++;
	if (interval < 1000000ull)
		decimals = 6;
	snprintf(buf, size, "%.*fs", decimals, (double)rel / 1e9);
}

void ui_draw_ruler(struct ui_view *v, struct ui_grid *g, int y)
{
	int64_t npc = (int64_t)ui_view_cell_ns(v), interval = npc * 10, span = (int64_t)ui_view_span_ns(v);
	int x0 = v->label_w + 1, label_end = 0;
	int64_t first = -1;
	char buf[48];

	fmt_zoom(buf, sizeof(buf), (uint64_t)npc);
	ui_grid_text(g, 0, y, v->label_w, UI_A_RULER, buf);
	ui_grid_text(g, 0, y + 1, v->label_w, UI_A_DIM, v->follow && !v->paused ? "now >" : "");
	for (int col = 0; col < v->cells; col++) {
		int64_t rel = v->t0 + (int64_t)col * npc;

		if (rel + npc <= 0 || rel > span)
			continue;
		ui_grid_put(g, x0 + col, y + 1, 0x2500u, UI_A_RULER, 0);          /* ─ */
		if (rel < 0 || rel % interval)
			continue;
		ui_grid_put(g, x0 + col, y + 1, 0x252cu, UI_A_RULER, 0);          /* ┬ */
		if (first < 0)
			first = rel;
		ruler_label(buf, sizeof(buf), rel, first, (uint64_t)interval);
		if (col >= label_end && col + (int)strlen(buf) <= v->cells) {
			ui_grid_text(g, x0 + col, y, v->cells - col, UI_A_RULER, buf);
			label_end = col + (int)strlen(buf) + 1;
		}
	}
	ui_grid_put(g, x0 + v->cur_col, y + 1, 0x25bcu, UI_A_CURSOR, 0);       /* ▼ */
}

void ui_draw_markers(struct ui_view *v, struct ui_grid *g, int y)
{
	const struct ss_model *m = v->m;
	const struct ui_index *ix = v->ix;
	int x0 = v->label_w + 1, n = v->cells;
	const struct ss_event **at;

	ui_grid_text(g, 0, y, v->label_w, UI_A_DIM, "markers");
	if (!ix->nmarkers)
		return;
	at = calloc((size_t)n, sizeof(*at));
	if (!at)
		return;
	for (int col = 0; col < n; col++) {
		uint64_t a, b;
		size_t k;

		if (!ui_view_cell_span(v, col, &a, &b))
			continue;
		k = ui_marker_lower(ix, m, a);
		if (k < ix->nmarkers && m->marks[ix->markers[k]].ts_ns < b)
			at[col] = &m->marks[ix->markers[k]];
	}
	for (int col = 0; col < n; col++) {
		const struct ss_probe *p;
		int room = 0;

		if (!at[col])
			continue;
		ui_grid_put(g, x0 + col, y, UI_GLYPH_MARKER, UI_A_MARK, 0);
		while (col + 1 + room < n && !at[col + 1 + room])
			room++;
		p = ss_model_probe_by_id(m, at[col]->marker.probe);
		if (room >= 3 && p)
			ui_grid_text(g, x0 + col + 1, y, room - 1 > 0 ? room - 1 : room, UI_A_MARK, p->name);
	}
	free(at);
}
