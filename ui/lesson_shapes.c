/* Drawing a lesson's shapes over the lanes. Every shape is the lessons
 * room's (lessons/shapes.c) or the model's (model/handoff.c), asked for the
 * window on screen. The hand-offs, the pending tasks and fork()'s returns
 * cost what is visible; a lane's spans are paired from its first marker up
 * to the window's end (a span may have begun before it), so they cost the
 * thread's markers before the window too.
 * A label is drawn whole or not at all (then its short form, the id):
 * labels never cut each other. */
#include "ui/lesson_shapes.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "lessons/shapes.h"
#include "model/handoff.h"
#include "scenarios/probes.h"
#include "ui/glyphs.h"

#define SPANS_MAX 64
#define HANDOFFS_MAX 1024
#define DEPTH_MAX 1024

/* The column of absolute time ts in the lanes (may lie off screen). */
static int64_t col_of(const struct ui_view *v, uint64_t ts)
{
	int64_t rel = (int64_t)(ts - v->m->start_ns) - v->t0, npc = (int64_t)ui_view_cell_ns(v);

	return rel >= 0 ? rel / npc : -((-rel + npc - 1) / npc);
}

/* The window on screen, absolute ns. */
static bool window(const struct ui_view *v, uint64_t *a, uint64_t *b)
{
	uint64_t x, y;

	if (!ui_view_cell_span(v, 0, a, &x) && v->t0 >= 0)
		return false;
	if (v->t0 < 0)
		*a = v->m->start_ns;
	if (!ui_view_cell_span(v, v->cells - 1, &y, b))
		*b = v->now_ns;
	return *b > *a;
}

/* Writes text whole in [c0, c1) of row y, at the first place from c0
 * where it covers no mark (a fork, an exit, a hand-off); returns the
 * column after it, or c0 when it did not fit. */
static int64_t label(struct ui_view *v, struct ui_grid *g, int y, int64_t c0, int64_t c1, const char *text,
		     uint8_t color)
{
	int x0 = v->label_w + 1, w = ui_text_width(text);
	int64_t s;

	if (c0 < 0)
		c0 = 0;
	if (c1 > v->cells)
		c1 = v->cells;
	for (s = c0; s + w <= c1; s++) {
		int i = 0;

		while (i < w && ui_grid_at(g, x0 + (int)s + i, y)->attr != UI_A_MARK &&
		       ui_grid_at(g, x0 + (int)s + i, y)->attr != UI_A_CURSOR)
			i++;
		if (i == w)
			break;
		s += i;
	}
	if (s + w > c1)
		return c0;
	c0 = s;
	ui_grid_text(g, x0 + (int)c0, y, w, UI_A_MARK, text);
	for (int i = 0; i < w; i++) {
		struct ui_cell *cell = ui_grid_at(g, x0 + (int)c0 + i, y);

		if (cell)
			cell->color = color;
	}
	return c0 + w;
}

/* A span's label in a few cells: the task's id ("3"), "holds", "waits",
 * the value of a thread's own copy. */
static void short_label(const struct lesson_span *s, char *buf, size_t size)
{
	const char *eq = strstr(s->label, "= ");

	switch (s->kind) {
	case LESSON_SPAN_TASK: snprintf(buf, size, "%" PRId64, s->id); break;
	case LESSON_SPAN_LOCK_WAIT: snprintf(buf, size, "waits"); break;
	case LESSON_SPAN_LOCK_HELD:
	case LESSON_SPAN_LOCK_HOLDER: snprintf(buf, size, "holds"); break;
	default: snprintf(buf, size, "%s", eq ? eq + 2 : s->label); break;
	}
}

void ui_draw_lesson_lane(struct ui_view *v, struct ui_grid *g, int y, const struct ui_lane *l)
{
	const struct ss_thread *t = &v->m->threads[l->id];
	struct lesson_span sp[SPANS_MAX];
	uint64_t a, b;
	int64_t free_from = 0;     /* labels left to right, never over each other */
	size_t n;

	if (!v->les || !window(v, &a, &b))
		return;
	n = lesson_spans(&v->checks.mk, v->m, t, a, b, sp, SPANS_MAX);
	for (size_t i = 0; i < n && i < SPANS_MAX; i++) {
		int64_t c0 = col_of(v, sp[i].from_ns), c1 = col_of(v, sp[i].to_ns) + 1, at;
		char id[32];

		if (c0 < free_from)
			c0 = free_from;
		at = label(v, g, y, c0 + (c1 - c0 > ui_text_width(sp[i].label) + 1), c1, sp[i].label, 0);
		if (at == c0 || at == c0 + 1) {
			/* no room for the words: the short form */
			short_label(&sp[i], id, sizeof(id));
			at = label(v, g, y, c0, c1, id, 0);
		}
		/* a gap after the words, so the CPU digits of the run that goes on
		 * do not read as part of them ("task 1 000", not "task 1000") */
		if (at > c0 + 1 && at < c1 - 1) {
			struct ui_cell *cell = ui_grid_at(g, v->label_w + 1 + (int)at, y);

			if (cell && cell->attr != UI_A_MARK && cell->attr != UI_A_CURSOR) {
				cell->ch = ' ';
				cell->attr = UI_A_NORMAL;
			}
		}
		if (at > free_from)
			free_from = at + 1;
	}
	/* what fork() returned, where it returned, in both processes: the
	 * thread's markers in the window only */
	for (size_t i = ss_model_thread_mark_lower(v->m, t, a);;) {
		const struct ss_event *ev = lesson_thread_next(&v->checks.mk, v->m, t, &i, LP_FORK_RETURN);
		char words[64];
		int64_t c;

		if (!ev || ev->ts_ns >= b)
			break;
		c = col_of(v, ev->ts_ns);
		snprintf(words, sizeof(words), "fork() returned %" PRId64, ev->marker.args[0]);
		if (c >= free_from && label(v, g, y, c + 1, v->cells, words, 0) > c + 1)
			free_from = c + 2 + ui_text_width(words);
	}
}

/* The row on screen of the thread lane of tid, or -1. */
static int row_of(const struct ui_view *v, uint32_t tid)
{
	for (int i = 0; i < v->lanes_h && v->lane_top + i < (int)v->nlanes; i++)
		if (v->m->threads[v->lanes[v->lane_top + i].id].tid == tid)
			return v->lanes_y + i;
	return -1;
}

void ui_draw_handoffs(struct ui_view *v, struct ui_grid *g)
{
	static struct ss_handoff h[HANDOFFS_MAX];
	unsigned how = v->les && v->les->show->wakes == SCENARIO_WAKES_LOCK ? SS_HOW(SS_WH_FUTEX) : SS_HOW_DATA;
	int x0 = v->label_w + 1;
	uint64_t a, b;
	size_t n;

	if (!v->les || v->mode != UI_MODE_THREAD || !window(v, &a, &b))
		return;
	/* per woken lane on screen, and only where its sleeps are few enough to
	 * be told apart (two per cell or fewer: the index says how many, at
	 * once): a frame never walks a dense trace's every wake-up */
	for (int r = 0; r < v->lanes_h && v->lane_top + r < (int)v->nlanes; r++) {
		const struct ss_thread *t = &v->m->threads[v->lanes[v->lane_top + r].id];
		long i0 = ss_model_wait_find(v->m, t, a), i1 = ss_model_wait_find(v->m, t, b);

		if (i1 - i0 > 2 * (long)v->cells)
			continue;
		n = ss_model_handoffs(v->m, a, b, how | SS_HOW_SLEPT, 0, t->tid, h, HANDOFFS_MAX);
		for (size_t i = 0; i < n && i < HANDOFFS_MAX; i++) {
			int yw = row_of(v, h[i].waker), yk = v->lanes_y + r;
			int64_t c = col_of(v, h[i].wake_ns);

			if (c < 0 || c >= v->cells || yw < 0 || yw == yk)
				continue;
			ui_grid_put(g, x0 + (int)c, yw, yk > yw ? UI_GLYPH_WOKE_DOWN : UI_GLYPH_WOKE_UP, UI_A_MARK, 0);
			ui_grid_put(g, x0 + (int)c, yk, UI_GLYPH_WOKEN, UI_A_MARK, 0);
		}
	}
}

void ui_draw_pending(struct ui_view *v, struct ui_grid *g, int y)
{
	static struct lesson_depth d[DEPTH_MAX];
	int x0 = v->label_w + 1;
	int32_t depth;
	uint64_t a, b;
	size_t n, k = 0;

	ui_grid_text(g, 0, y, v->label_w, UI_A_LABEL, "pending tasks");
	if (!v->les || !window(v, &a, &b))
		return;
	n = lesson_pending(&v->checks.mk, v->m, SS_QUEUE_TASKS, a, b, &depth, d, DEPTH_MAX);
	if (n > DEPTH_MAX)
		n = DEPTH_MAX;
	/* each cell: the most tasks waiting in it, as a digit (blank: none) */
	for (int col = 0; col < v->cells; col++) {
		uint64_t ca, cb;
		int32_t most = depth;

		if (!ui_view_cell_span(v, col, &ca, &cb))
			continue;
		while (k < n && d[k].ts_ns < cb) {
			depth = d[k++].depth;
			if (depth > most)
				most = depth;
		}
		if (most > 0)
			ui_grid_put(g, x0 + col, y, most > 9 ? '+' : (uint32_t)('0' + most), UI_A_RUNNABLE, 0);
	}
}

void ui_draw_phases(struct ui_view *v, struct ui_grid *g, int y)
{
	if (!v->les || v->nphases < 2)
		return;
	for (size_t i = 0; i < v->nphases; i++) {
		int64_t c0 = col_of(v, v->phases[i].from_ns) + 1, c1 = col_of(v, v->phases[i].to_ns);
		char name[40];

		if (c1 <= 0 || c0 >= v->cells)
			continue;
		snprintf(name, sizeof(name), " %s ", v->phases[i].name);
		label(v, g, y, c0 + (c1 - c0 - ui_text_width(name)) / 2 > c0 ? c0 + (c1 - c0 - ui_text_width(name)) / 2 : c0,
		      c1, name, 0);
	}
}
