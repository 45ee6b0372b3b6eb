/* The timeline itself: the ruler, the marker row, and each lane cell by
 * cell. A cell's contents come from ui/cells.h at O(log n) each, so a frame
 * costs the same on a trace of a thousand events or of ten million, on 2
 * CPUs or 64, with 8 threads or 10,000. */
#include "ui/timeline.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lessons/marks.h"
#include "ui/glyphs.h"

/* ---- lanes ---- */

static void cursor_flag(struct ui_view *v, struct ui_grid *g, int y, int rows, int x0)
{
	if (ui_view_lane_at(v, y) == v->cur_lane)
		for (int r = 0; r < rows; r++)
			ui_grid_flag(g, x0 + v->cur_col, y + r, 1, UI_CF_CURSOR);
}

/* The cells of a CPU lane where the critical path shown ran (C). */
static void critical_flag(struct ui_view *v, struct ui_grid *g, int y, int rows, unsigned cpu, int x0)
{
	uint64_t a, b;

	for (int col = 0; v->crit.on && col < v->cells; col++)
		if (ui_view_cell_span(v, col, &a, &b) && ui_crit_cpu_in(&v->crit, cpu, a, b))
			for (int r = 0; r < rows; r++)
				ui_grid_flag(g, x0 + col, y + r, 1, UI_CF_CRITICAL);
}

void ui_draw_cpu_lane(struct ui_view *v, struct ui_grid *g, int y, int rows, unsigned cpu)
{
	int x0 = v->label_w + 1, n = v->cells, base = y + rows - 1;   /* bars stand on the bottom row */
	uint32_t *tids = calloc((size_t)n, sizeof(*tids));
	uint8_t *full = calloc((size_t)n, 1);
	long from = UI_FIND_UNKNOWN;   /* the lane's search, carried from cell to cell */

	ui_grid_textf(g, 0, base, v->label_w, v->m->cpu[cpu].lost ? UI_A_ALERT : UI_A_LABEL, "CPU %u%s",
		      cpu, v->m->cpu[cpu].lost ? " !" : "");
	if (!tids || !full)
		goto out;

	for (int col = 0; col < n; col++) {
		struct ui_cpu_cell c;
		uint64_t a, b;
		unsigned e;
		uint8_t color, flags = 0;

		if (!ui_view_cell_span(v, col, &a, &b)) {
			from = UI_FIND_UNKNOWN;
			continue;
		}
		ui_cpu_cell(v->m, v->now_ns, cpu, a, b, &c, &from);
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

				if ((unsigned char)name[k] >= 0x80)
					break;          /* a name's non-ASCII bytes: the bar shows without it */
				cell->ch = (unsigned char)name[k];
				cell->attr = UI_A_RUN_TEXT;
			}
		}
		col = end;
	}
out:
	critical_flag(v, g, y, rows, cpu, x0);
	cursor_flag(v, g, y, rows, x0);
	free(tids);
	free(full);
}

/* The part of a thread label before its name: the fork tree's lines. */
static int tree_width(const struct ui_view *v, const struct ui_lane *l)
{
	char buf[160], name[160];
	const struct ui_lane root = { .id = l->id };

	return ui_text_width(ui_thread_label(v, l, buf, sizeof(buf))) -
	       ui_text_width(ui_thread_label(v, &root, name, sizeof(name)));
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
	/* in ASCII the tree's branches are not the fork and exit marks ([ ]) */
	for (int x = 0; g->ascii && x < tw && x < nw; x++) {
		struct ui_cell *cell = ui_grid_at(g, x, y);

		if (cell->ch == 0x251c || cell->ch == '[')
			cell->ch = '|';
		else if (cell->ch == 0x2514 || cell->ch == '+')
			cell->ch = '`';
	}
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
		ui_thread_cell(v->m, v->now_ns, t, a, b, false, &c);
		if (c.fork || c.exit) {
			ui_grid_put(g, x0 + col, y, c.fork && c.exit ? UI_GLYPH_FORKEXIT : c.fork ? UI_GLYPH_FORK : UI_GLYPH_EXIT,
				    UI_A_MARK, 0);
		} else if (c.run_ns) {
			unsigned e = ui_eighths(c.run_ns, b - a);
			int cpu = c.run ? c.run->cpu : c.mid.cpu;

			if (e == 8)
				ui_grid_put(g, x0 + col, y, ui_glyph_cpu(cpu), UI_A_RUN_TEXT, color);
			else
				ui_grid_put(g, x0 + col, y, ui_glyph_eighths(e), UI_A_RUN, color);
			/* the rest of the cell: mostly waiting for a CPU? */
			if (e < 8 && c.wait_ns * 2 >= (b - a) - c.run_ns)
				cell->flags |= UI_CF_WAITBG;
		} else if (c.wait_ns * 2 >= b - a || c.mid.state == SS_T_RUNNABLE) {
			ui_grid_put(g, x0 + col, y, UI_GLYPH_RUNNABLE, UI_A_RUNNABLE, 0);
		} else if (c.mid.state == SS_T_BLOCKED) {
			ui_grid_put(g, x0 + col, y, ui_block_glyph(ui_cell_block(&c))->glyph, UI_A_BLOCKED, 0);
		} else if (c.mid.state == SS_T_RUNNING) {
			ui_grid_put(g, x0 + col, y, ui_glyph_cpu(c.mid.cpu), UI_A_RUN_TEXT, color);
		}
		/* unborn, unknown, gone, or held by the recorder: blank */
		if (c.marker)
			cell->flags |= UI_CF_MARK;
		if (sel && cell->attr == UI_A_RUN_TEXT)
			cell->flags |= UI_CF_SELECTED;
		if (ui_crit_thread_in(&v->crit, t->tid, a, b))
			cell->flags |= UI_CF_CRITICAL;
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
	int x0 = v->label_w + 1, n = v->cells;
	const struct ss_event **at;

	ui_grid_text(g, 0, y, v->label_w, UI_A_DIM, "markers");
	if (!m->nmarkers)
		return;
	at = calloc((size_t)n, sizeof(*at));
	if (!at)
		return;
	for (int col = 0; col < n; col++) {
		uint64_t a, b;
		size_t k;

		if (!ui_view_cell_span(v, col, &a, &b))
			continue;
		k = ss_model_marker_lower(m, a);
		if (k < m->nmarkers && m->marks[m->markers[k]].ts_ns < b)
			at[col] = &m->marks[m->markers[k]];
	}
	for (int col = 0; col < n; col++) {
		const struct ss_probe *p;
		char words[96];
		int room = 0;

		if (!at[col])
			continue;
		ui_grid_put(g, x0 + col, y, UI_GLYPH_MARKER, UI_A_MARK, 0);
		while (col + 1 + room < n && !at[col + 1 + room])
			room++;
		p = ss_model_probe_by_id(m, at[col]->marker.probe);
		/* a lesson's marker in words with its arguments ("task 3
		 * starts"); a label is written whole, or the name, or nothing */
		if (v->les && lesson_mark_kind(&v->checks.mk, at[col]) != LP_NONE &&
		    ui_text_width(lesson_marker_words(&v->checks.mk, v->les->sc->items, at[col], words, sizeof(words))) < room)
			ui_grid_text(g, x0 + col + 1, y, room - 1, UI_A_MARK, words);
		else if (p && (int)strlen(p->name) < room)
			ui_grid_text(g, x0 + col + 1, y, room - 1, UI_A_MARK, p->name);
	}
	free(at);
}
