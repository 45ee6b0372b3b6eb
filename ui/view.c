/* The view's state: zoom, window, lanes, cursor, selection, filter; and the
 * layout of the screen that render.c draws, top to bottom:
 *
 *   header                          title, view, hints
 *   ruler (2 rows)                  time labels and ticks; the zoom
 *   markers                         USDT markers with their names
 *   lanes                           one per CPU or per thread, scrolled
 *   separator, detail, legend...    panels (or the stats table)
 *   status                          live/finished, rates, losses, file
 */
#include "ui/view.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* 1-2-5 steps from 1 us to 10 s per cell. */
static const uint64_t zoom_levels[] = {
	1000ull, 2000ull, 5000ull,
	10000ull, 20000ull, 50000ull,
	100000ull, 200000ull, 500000ull,
	1000000ull, 2000000ull, 5000000ull,
	10000000ull, 20000000ull, 50000000ull,
	100000000ull, 200000000ull, 500000000ull,
	1000000000ull, 2000000000ull, 5000000000ull,
	10000000000ull,
};
#define NZOOM ((int)(sizeof(zoom_levels) / sizeof(zoom_levels[0])))
#define ZOOM_LIVE_DEFAULT 12        /* 10 ms per cell: about a second across */

#define HEADER_ROWS 4               /* header, ruler x2, markers */
#define MIN_PANEL_ROWS 5            /* separator + 4 detail rows */

size_t ui_zoom_count(void)
{
	return NZOOM;
}

uint64_t ui_zoom_ns(int level)
{
	return zoom_levels[level < 0 ? 0 : level >= NZOOM ? NZOOM - 1 : level];
}

void ui_view_init(struct ui_view *v, const struct ss_model *m)
{
	memset(v, 0, sizeof(*v));
	v->m = m;
	v->zoom = ZOOM_LIVE_DEFAULT;
	v->cur_col = -1;
	v->now_ns = m->end_ns;
	v->show_lesson = true;
}

void ui_view_free(struct ui_view *v)
{
	free(v->lanes);
	free(v->scratch);
	ui_crit_free(&v->crit);
	ui_lat_free(&v->lat);
	v->lanes = NULL;
	v->scratch = NULL;
}

/* floor(a / b) * b for signed a */
static int64_t align_down(int64_t a, int64_t b)
{
	int64_t q = a / b;

	if (a % b && a < 0)
		q--;
	return q * b;
}

/* The view's positions are signed ns from the start (a pan may go before
 * it), so a span must leave room to add cells to it: a damaged trace can
 * span 2^64 ns; the view stops at 2^62 (146 years). */
#define SPAN_MAX_NS (1ull << 62)

uint64_t ui_view_span_ns(const struct ui_view *v)
{
	uint64_t span = v->now_ns > v->m->start_ns ? v->now_ns - v->m->start_ns : 0;

	return span < SPAN_MAX_NS ? span : SPAN_MAX_NS;
}

static int cells_or_default(const struct ui_view *v)
{
	return v->cells > 0 ? v->cells : 100;
}

/* The left edge that puts now at the right edge. */
static int64_t follow_t0(const struct ui_view *v)
{
	int64_t npc = (int64_t)ui_view_cell_ns(v), span = (int64_t)ui_view_span_ns(v);

	return align_down(span + npc - 1, npc) - (int64_t)cells_or_default(v) * npc;
}

static void clamp_t0(struct ui_view *v)
{
	int64_t npc = (int64_t)ui_view_cell_ns(v), span = (int64_t)ui_view_span_ns(v);
	int64_t lo = -(int64_t)(cells_or_default(v) - 1) * npc, hi = align_down(span, npc);

	if (v->t0 > hi)
		v->t0 = hi;
	if (v->t0 < lo)
		v->t0 = lo;
}

/* The cursor stays on a cell of the trace: never left before its start or
 * past its end by a zoom or a jump. */
static void cursor_inside(struct ui_view *v)
{
	int64_t npc = (int64_t)ui_view_cell_ns(v), span = (int64_t)ui_view_span_ns(v);
	int64_t first = v->t0 >= 0 ? 0 : -v->t0 / npc, last = (span - v->t0 - 1) / npc;

	if (v->cur_col < 0 || span <= 0 || span - v->t0 <= 0 || first >= v->cells || last < first)
		return;
	if (v->cur_col < first)
		v->cur_col = (int)first;
	if (v->cur_col > last)
		v->cur_col = (int)last;
}

void ui_view_set_zoom(struct ui_view *v, uint64_t ns, int anchor_col)
{
	int level = 0;
	int64_t anchor;

	while (level < NZOOM - 1 && zoom_levels[level] < ns &&
	       zoom_levels[level + 1] <= ns + (zoom_levels[level + 1] - zoom_levels[level]) / 2)
		level++;
	anchor = v->t0 + (int64_t)anchor_col * (int64_t)ui_view_cell_ns(v);
	v->zoom = level;
	v->t0 = align_down(anchor - (int64_t)anchor_col * (int64_t)zoom_levels[level],
			   (int64_t)zoom_levels[level]);
	if (v->follow && !v->paused)
		v->t0 = follow_t0(v);
	clamp_t0(v);
}

void ui_view_zoom(struct ui_view *v, int dir, int anchor_col)
{
	int level = v->zoom + (dir < 0 ? -1 : 1);

	if (level < 0 || level >= NZOOM)
		return;
	ui_view_set_zoom(v, zoom_levels[level], anchor_col);
}

void ui_view_fit(struct ui_view *v)
{
	uint64_t span = ui_view_span_ns(v);
	int cells = cells_or_default(v), level = 0;

	while (level < NZOOM - 1 && zoom_levels[level] * (uint64_t)cells < span)
		level++;
	v->zoom = level;
	v->t0 = 0;
	if (v->follow && !v->paused)
		v->t0 = follow_t0(v);
	cursor_inside(v);
}

void ui_view_show(struct ui_view *v, uint64_t from_ns, uint64_t to_ns)
{
	uint64_t span = ui_view_span_ns(v), end = to_ns && to_ns < span ? to_ns : span;
	uint64_t len = end > from_ns ? end - from_ns : 1;
	int cells = cells_or_default(v), level = 0;

	while (level < NZOOM - 1 && zoom_levels[level] * (uint64_t)cells < len)
		level++;
	v->zoom = level;
	v->follow = false;
	ui_view_goto(v, (int64_t)(from_ns < span ? from_ns : span));
}

void ui_view_pan(struct ui_view *v, int n)
{
	v->t0 += (int64_t)n * (int64_t)ui_view_cell_ns(v);
	v->follow = false;
	clamp_t0(v);
	/* Panning onto now while recording picks up following again. */
	if (v->phase == UI_PHASE_LIVE && n > 0 && v->t0 >= follow_t0(v))
		v->follow = true;
}

void ui_view_goto(struct ui_view *v, int64_t rel_ns)
{
	v->t0 = align_down(rel_ns, (int64_t)ui_view_cell_ns(v));
	v->follow = false;
	clamp_t0(v);
	cursor_inside(v);
}

void ui_view_home(struct ui_view *v)
{
	ui_view_goto(v, 0);
}

void ui_view_end(struct ui_view *v)
{
	v->t0 = follow_t0(v);
	clamp_t0(v);
	v->follow = v->phase == UI_PHASE_LIVE;
	cursor_inside(v);
}

bool ui_view_cell_span(const struct ui_view *v, int col, uint64_t *a, uint64_t *b)
{
	int64_t npc = (int64_t)ui_view_cell_ns(v), ra = v->t0 + (int64_t)col * npc, rb = ra + npc;
	int64_t span = (int64_t)ui_view_span_ns(v);

	if (rb <= 0 || ra >= span)
		return false;
	if (ra < 0)
		ra = 0;
	if (rb > span)
		rb = span;
	*a = v->m->start_ns + (uint64_t)ra;
	*b = v->m->start_ns + (uint64_t)rb;
	return true;
}

bool ui_view_cpu_cell(const struct ui_view *v, unsigned cpu, int col, struct ui_cpu_cell *c)
{
	uint64_t a, b;

	if (!ui_view_cell_span(v, col, &a, &b))
		return false;
	ui_cpu_cell(v->m, v->now_ns, cpu, a, b, c, NULL);
	return true;
}

/* ---- tasks ---- */

const char *ui_task_name(const struct ui_view *v, uint32_t tid)
{
	const struct ss_task *t;

	if (tid == 0)
		return "swapper";
	t = ss_tasks_latest(&v->m->tasks, tid);
	return t ? t->comm : "?";
}

uint8_t ui_view_task_color(const struct ui_view *v, uint32_t tid)
{
	const struct ss_thread *t = tid ? ss_model_thread(v->m, tid) : NULL;

	return t ? (uint8_t)(1 + (size_t)(t - v->m->threads) % UI_NCOLORS) : 0;
}

bool ui_view_match(const struct ui_view *v, uint32_t tid)
{
	const struct ss_task *t;
	const char *f = v->filter;
	char *end;
	unsigned long n;

	if (!*f)
		return true;
	t = ss_tasks_latest(&v->m->tasks, tid);
	n = strtoul(f, &end, 10);
	if (isdigit((unsigned char)*f) && !*end)
		return tid == n || (t && t->tgid == n);
	return t && strcasestr(t->comm, f) != NULL;
}

/* ---- lanes ---- */

static bool lanes_grow(struct ui_view *v, size_t n)
{
	struct ui_lane *p;

	if (n <= v->lanes_cap)
		return true;
	p = realloc(v->lanes, n * sizeof(*p));
	if (!p)
		return false;
	v->lanes = p;
	v->lanes_cap = n;
	return true;
}

static void build_cpu_lanes(struct ui_view *v)
{
	const struct ss_model *m = v->m;
	int64_t npc = (int64_t)ui_view_cell_ns(v), span = (int64_t)ui_view_span_ns(v);
	int64_t ra = v->t0 > 0 ? v->t0 : 0, rb = v->t0 + (int64_t)v->cells * npc;

	if (rb > span)
		rb = span;
	v->nlanes = 0;
	v->built.valid = false;          /* the lanes are CPUs now */
	if (!lanes_grow(v, m->ncpus))
		return;
	for (unsigned c = 0; c < m->ncpus; c++) {
		if (v->fold_idle && !ss_model_cpu_running(m, c) &&
		    (rb <= ra || !ss_model_cpu_busy(m, c, m->start_ns + (uint64_t)ra, m->start_ns + (uint64_t)rb)))
			continue;
		v->lanes[v->nlanes++] = (struct ui_lane){ .id = (int32_t)c };
	}
}

static bool is_process(const struct ss_model *m, size_t ti)
{
	return !ss_thread_is_thread(&m->threads[ti]);
}

/* A lesson's lanes (v->first) on top, in its order: a process at the left,
 * a thread, or a process whose parent is among them, one step in; the
 * other lanes keep their tree below. */
static void lanes_put_first(struct ui_view *v)
{
	struct ui_lane *moved;
	size_t nm = 0, rest = 0;

	if (!v->nfirst || !(moved = malloc(v->nlanes * sizeof(*moved))))
		return;
	for (size_t k = 0; k < v->nfirst; k++)
		for (size_t i = 0; i < v->nlanes; i++) {
			size_t ti = (size_t)v->lanes[i].id;
			int32_t p = v->m->threads[ti].parent;
			bool parent_first = false;

			if (ti != v->first[k])
				continue;
			for (size_t j = 0; j < nm && p >= 0; j++)
				parent_first |= moved[j].id == p;
			moved[nm++] = (struct ui_lane){ .id = (int32_t)ti,
							.depth = !is_process(v->m, ti) || parent_first };
		}
	for (size_t i = 0; i < nm; i++)
		moved[i].last = i + 1 == nm || moved[i + 1].depth < moved[i].depth;
	/* the others, in their order, after them */
	for (size_t i = 0; i < v->nlanes; i++) {
		bool first = false;

		for (size_t j = 0; j < nm && !first; j++)
			first = moved[j].id == v->lanes[i].id;
		if (!first)
			v->lanes[rest++] = v->lanes[i];
	}
	/* the last moved lane ends its branch only when no sibling follows it
	 * among the others (procvsthread: many-1.. after Thread-2) */
	if (nm && rest && v->lanes[0].depth >= moved[nm - 1].depth && moved[nm - 1].depth)
		moved[nm - 1].last = 0;
	memmove(v->lanes + nm, v->lanes, rest * sizeof(*moved));
	memcpy(v->lanes, moved, nm * sizeof(*moved));
	free(moved);
}

/* Threads in fork-tree order (depth first, children in order of
 * appearance); with a filter, the matching ones without the tree. */
static void build_thread_lanes(struct ui_view *v)
{
	const struct ss_model *m = v->m;
	size_t n = m->nthreads, sp = 0;
	int32_t *first, *next, *stack, *lane_of;

	v->nlanes = 0;
	if (!n || !lanes_grow(v, n))
		return;
	if (v->filter[0]) {
		for (size_t i = 0; i < n; i++)
			if (ui_view_match(v, m->threads[i].tid))
				v->lanes[v->nlanes++] = (struct ui_lane){ .id = (int32_t)i, .last = 1 };
		return;
	}
	if (4 * n > v->scratch_cap) {
		int32_t *p = realloc(v->scratch, 4 * n * sizeof(*p));

		if (!p)
			return;
		v->scratch = p;
		v->scratch_cap = 4 * n;
	}
	first = v->scratch;
	next = first + n;
	stack = next + n;
	lane_of = stack + n;
	for (size_t i = 0; i < n; i++)
		first[i] = next[i] = lane_of[i] = -1;
	for (size_t i = n; i-- > 0;) {
		int32_t p = m->threads[i].parent;

		if (p >= 0 && (size_t)p < n && (size_t)p != i) {
			next[i] = first[p];
			first[p] = (int32_t)i;
		}
	}
	/* roots, pushed in reverse so the first comes out first */
	for (size_t i = n; i-- > 0;) {
		int32_t p = m->threads[i].parent;

		if (p < 0 || (size_t)p >= n || (size_t)p == i)
			stack[sp++] = (int32_t)i;
	}
	while (sp && v->nlanes < n) {
		int32_t i = stack[--sp], p = m->threads[i].parent;
		struct ui_lane l = { .id = i, .last = next[i] < 0 };

		if (p >= 0 && (size_t)p < n && lane_of[p] >= 0) {
			const struct ui_lane *pl = &v->lanes[lane_of[p]];

			l.depth = (uint16_t)(pl->depth + 1);
			l.open_mask = pl->open_mask;
			if (pl->depth >= 1 && !pl->last && pl->depth <= 32)
				l.open_mask |= 1u << (pl->depth - 1);
		}
		lane_of[i] = (int32_t)v->nlanes;
		v->lanes[v->nlanes++] = l;
		/* children in reverse so the first is shown first */
		{
			size_t mark = sp;

			for (int32_t c = first[i]; c >= 0 && sp < n; c = next[c])
				stack[sp++] = c;
			for (size_t a = mark, b = sp; b > a + 1; a++, b--) {
				int32_t t = stack[a];

				stack[a] = stack[b - 1];
				stack[b - 1] = t;
			}
		}
	}
	/* a parent loop (recycled tids) leaves threads unvisited: show them as roots */
	for (size_t i = 0; i < n && v->nlanes < n; i++)
		if (lane_of[i] < 0)
			v->lanes[v->nlanes++] = (struct ui_lane){ .id = (int32_t)i, .last = 1 };
	lanes_put_first(v);
}

/* The thread lanes and the width of their widest label, rebuilt only when
 * the threads, their names or the filter changed since the last frame. */
static int thread_lanes(struct ui_view *v)
{
	char buf[160];
	int lw = 12;

	if (v->built.valid && v->built.nthreads == v->m->nthreads && v->built.ntasks == v->m->tasks.n &&
	    !strcmp(v->built.filter, v->filter) && v->labels_w == v->w)
		return v->built.label_w;
	build_thread_lanes(v);
	/* "name pid N"; where the widest does not fit a quarter of the
	 * screen, "name N" (the tree's line still tells a thread) */
	v->compact_labels = false;
	v->labels_w = v->w;
	for (int pass = 0; pass < 2; pass++) {
		lw = 12;
		for (size_t i = 0; i < v->nlanes; i++) {
			int tw = ui_text_width(ui_thread_label(v, &v->lanes[i], buf, sizeof(buf)));

			if (tw > lw)
				lw = tw;
		}
		if (lw <= v->w / 4 || v->compact_labels)
			break;
		v->compact_labels = true;
	}
	v->built.valid = true;
	v->built.nthreads = v->m->nthreads;
	v->built.ntasks = v->m->tasks.n;
	snprintf(v->built.filter, sizeof(v->built.filter), "%s", v->filter);
	v->built.label_w = lw;
	return lw;
}

const char *ui_thread_label(const struct ui_view *v, const struct ui_lane *l, char *buf, size_t size)
{
	const struct ss_thread *t = &v->m->threads[l->id];
	size_t off = 0;
	unsigned depth = l->depth > 8 ? 8 : l->depth;

	buf[0] = 0;
	for (unsigned d = 1; d < depth && off + 8 < size; d++)
		off += (size_t)snprintf(buf + off, size - off, "%s",
					l->open_mask & (1u << (d - 1)) ? "│ " : "  ");
	/* a thread hangs from its process by a dashed line, and says tid */
	if (depth >= 1 && off + 8 < size)
		off += (size_t)snprintf(buf + off, size - off, "%s",
					is_process(v->m, (size_t)l->id) ? (l->last ? "└─" : "├─") : (l->last ? "└╌" : "├╌"));
	snprintf(buf + off, size - off, "%s %s%s%u", ui_task_name(v, t->tid),
		 v->compact_labels ? "" : is_process(v->m, (size_t)l->id) ? "pid" : "tid", v->compact_labels ? "" : " ",
		 (unsigned)t->tid);
	return buf;
}

static void clamp_cursor(struct ui_view *v)
{
	if (v->cur_col < 0) {
		v->cur_col = v->phase == UI_PHASE_LIVE ? v->cells - 1 : v->cells / 2;
		cursor_inside(v);
	}
	if (v->cur_col >= v->cells)
		v->cur_col = v->cells - 1;
	if (v->cur_col < 0)
		v->cur_col = 0;
	if (v->cur_lane >= (int)v->nlanes)
		v->cur_lane = (int)v->nlanes - 1;
	if (v->cur_lane < 0)
		v->cur_lane = 0;
	if (v->lane_top > v->cur_lane)
		v->lane_top = v->cur_lane;
	if (v->lanes_h > 0 && v->cur_lane >= v->lane_top + v->lanes_h)
		v->lane_top = v->cur_lane - v->lanes_h + 1;
	if (v->lane_top > (int)v->nlanes - v->lanes_h)
		v->lane_top = (int)v->nlanes - v->lanes_h;
	if (v->lane_top < 0)
		v->lane_top = 0;
}

void ui_view_layout(struct ui_view *v, int w, int h)
{
	int room;

	v->w = w;
	v->h = h;
	ui_crit_refresh(&v->crit, v->m, v->phase == UI_PHASE_LIVE || v->phase == UI_PHASE_STOPPING);
	if (v->mode == UI_MODE_CPU) {
		v->label_w = 10;             /* "CPU 4095", "100us/cell" */
		v->cells = w - v->label_w - 1;
		if (v->follow && !v->paused)
			v->t0 = follow_t0(v);
		build_cpu_lanes(v);
	} else {
		int lw = thread_lanes(v);

		if (lw < v->label_w_min)
			lw = v->label_w_min;
		if (lw > w / 4)
			lw = w / 4;
		v->label_w = lw;
		v->cells = w - v->label_w - 1;
		if (v->follow && !v->paused)
			v->t0 = follow_t0(v);
	}
	if (v->cells < 1)
		v->cells = 1;
	v->lanes_y = HEADER_ROWS + v->extra_rows;
	room = h - v->lanes_y - MIN_PANEL_ROWS - 1;
	v->lane_rows = 1;
	if (v->mode == UI_MODE_CPU && v->nlanes) {
		/* taller lanes if they leave the legend and the lesson their room */
		int spare = room - (v->lesson && v->show_lesson ? 10 : 4);
		int rows = spare / (int)v->nlanes;

		v->lane_rows = rows >= 3 ? 3 : rows >= 2 ? 2 : 1;
	}
	room /= v->lane_rows;
	v->lanes_h = (int)v->nlanes < room ? (int)v->nlanes : room;
	if (v->lanes_h < 1)
		v->lanes_h = 1;
	clamp_cursor(v);
}

int ui_view_lane_at(const struct ui_view *v, int y)
{
	int i = y < v->lanes_y ? -1 : (y - v->lanes_y) / (v->lane_rows > 0 ? v->lane_rows : 1);

	if (i < 0 || i >= v->lanes_h || v->lane_top + i >= (int)v->nlanes)
		return -1;
	return v->lane_top + i;
}

void ui_view_move_lane(struct ui_view *v, int n)
{
	v->cur_lane += n;
	clamp_cursor(v);
}

void ui_view_move_cursor(struct ui_view *v, int n)
{
	int col = v->cur_col + n;

	/* At an edge the window moves instead. */
	if (col < 0) {
		ui_view_pan(v, col);
		col = 0;
	} else if (col >= v->cells) {
		ui_view_pan(v, col - v->cells + 1);
		col = v->cells - 1;
	}
	v->cur_col = col;
}

uint32_t ui_view_cursor_task(const struct ui_view *v)
{
	if (v->cur_lane < 0 || (size_t)v->cur_lane >= v->nlanes)
		return 0;
	if (v->mode == UI_MODE_THREAD)
		return v->m->threads[v->lanes[v->cur_lane].id].tid;
	{
		struct ui_cpu_cell c;

		if (ui_view_cpu_cell(v, (unsigned)v->lanes[v->cur_lane].id, v->cur_col, &c) && c.rep)
			return c.rep->tid;
	}
	return 0;
}

bool ui_view_select(struct ui_view *v)
{
	uint32_t tid = ui_view_cursor_task(v);

	if (!tid || (v->have_sel && v->sel_tid == tid)) {
		v->have_sel = false;       /* Enter on the selected task, or on nothing: clear */
		return tid != 0;
	}
	v->have_sel = true;
	v->sel_tid = tid;
	return true;
}
