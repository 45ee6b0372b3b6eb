/* Everything around the timeline: header, detail of the cursor's cell,
 * legend, statistics, the lesson, the command's output, the status line and
 * the key table. Every sentence comes from model/explain.h. */
#include "ui/panels.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lessons/marks.h"
#include "model/explain.h"
#include "model/groups.h"
#include "model/totals.h"
#include "ui/checklist.h"
#include "ui/glyphs.h"
#include "ui/lesson_shapes.h"
#include "ui/keys.h"
#include "ui/latpanel.h"
#include "util/fmt.h"

#define DETAIL_ROWS 4     /* what, how it ended, how it began, why */
#define WHY_ROWS 3        /* the why line wraps over up to this many */

/* ---- header and status ---- */

void ui_draw_header(struct ui_view *v, struct ui_grid *g, int y)
{
	const char *right = v->mode == UI_MODE_CPU ? "CPU view (Tab: threads)  ? keys  q quit"
						   : "thread view (Tab: CPUs)  ? keys  q quit";
	int rw = ui_text_width(right);

	ui_grid_fill(g, 0, y, g->w, ' ', UI_A_TITLE);
	ui_grid_textf(g, 1, y, g->w - rw - 4, UI_A_TITLE, "schedscope  %s", v->title ? v->title : "");
	ui_grid_text(g, g->w - rw - 1, y, rw, UI_A_TITLE, right);
}

static void fmt_big(char *buf, size_t size, double n)
{
	if (n >= 1e6)
		snprintf(buf, size, "%.1fM", n / 1e6);
	else if (n >= 1e4)
		snprintf(buf, size, "%.1fk", n / 1e3);
	else
		snprintf(buf, size, "%.0f", n);
}

/* Events per second over the whole recording: what a finished trace says. */
static double average_rate(const struct ss_model *m)
{
	uint64_t span = m->end_ns > m->start_ns ? m->end_ns - m->start_ns : 0;

	return span ? (double)m->nevents / ((double)span / 1e9) : 0;
}

/* Appends " | text" segments; returns the next column. */
static int seg(struct ui_grid *g, int x, int y, uint8_t attr, const char *text)
{
	if (x > 1)
		x += ui_grid_text(g, x, y, g->w - x, UI_A_STATUS, " │ ");
	return x + ui_grid_text_cut(g, x, y, g->w - x, attr, text);
}

void ui_draw_status(struct ui_view *v, struct ui_grid *g, int y)
{
	static const char *const phase_word[] = {
		[UI_PHASE_TRACE] = "TRACE", [UI_PHASE_LIVE] = "LIVE",
		[UI_PHASE_STOPPING] = "STOPPING", [UI_PHASE_FINISHED] = "FINISHED",
	};
	char buf[640], num[32], exitbuf[64];
	int x = 1;

	ui_grid_fill(g, 0, y, g->w, ' ', UI_A_STATUS);
	if (v->prompting) {
		x = ui_grid_textf(g, 1, y, g->w - 2, UI_A_PROMPT, "%s: %s",
				  v->prompt_rerun ? "rerun with (knobs, then -- and the scenario's options; Enter runs)"
						  : "filter (name or pid; Enter applies, Esc cancels)", v->prompt);
		ui_grid_put(g, 1 + x, y, ' ', UI_A_PROMPT, 0);
		ui_grid_flag(g, 1 + x, y, 1, UI_CF_CURSOR);
		return;
	}
	if (v->phase == UI_PHASE_LIVE && v->paused)
		snprintf(buf, sizeof(buf), "PAUSED (recording)");
	else
		snprintf(buf, sizeof(buf), "%s", phase_word[v->phase]);
	ss_explain_exit(v->m->exit_status, exitbuf, sizeof(exitbuf));
	if (v->phase != UI_PHASE_LIVE && v->phase != UI_PHASE_STOPPING && exitbuf[0])
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), " %s", exitbuf);
	x += ui_grid_text(g, x, y, g->w - x, v->phase == UI_PHASE_LIVE ? UI_A_STATUS_LIVE : UI_A_STATUS, buf);
	if (v->phase == UI_PHASE_LIVE || v->phase == UI_PHASE_STOPPING) {
		fmt_big(num, sizeof(num), v->events_per_s);       /* measured each second by the caller */
		snprintf(buf, sizeof(buf), "%s ev/s", num);
	} else {
		fmt_big(num, sizeof(num), average_rate(v->m));
		snprintf(buf, sizeof(buf), "%s ev/s on average", num);
	}
	x = seg(g, x, y, UI_A_STATUS, buf);
	x = seg(g, x, y, UI_A_STATUS, fmt_count(buf, sizeof(buf), v->events, "event", NULL));
	snprintf(buf, sizeof(buf), "lost %llu", (unsigned long long)v->lost);
	x = seg(g, x, y, v->lost ? UI_A_ALERT : UI_A_STATUS, buf);
	if (v->m->failed) {
		snprintf(buf, sizeof(buf), "INCOMPLETE: out of memory for %s", v->m->failed);
		x = seg(g, x, y, UI_A_ALERT, buf);
	}
	if (v->crit.on)
		x = seg(g, x, y, UI_A_STATUS, ui_crit_status(&v->crit, v->m, buf, sizeof(buf)));
	if (v->filter[0]) {
		snprintf(buf, sizeof(buf), "filter '%s'", v->filter);
		x = seg(g, x, y, UI_A_STATUS, buf);
	}
	if (v->trace_path) {
		snprintf(buf, sizeof(buf), "%s%s%s", v->trace_path, v->out_path ? "  output: " : "",
			 v->out_path ? v->out_path : "");
		seg(g, x, y, UI_A_STATUS, buf);
	}
}

/* ---- detail ---- */

/* The model's plain words for how run s began: the sleep before it (what it
 * waited on, who woke it and how) and its wait for a CPU. NULL if it knows
 * neither (a task outside the tree, a run whose start was not seen). */
static const char *detail_why(const struct ui_view *v, const struct ss_slice *s, char *buf, size_t size)
{
	const struct ss_thread *t = ss_model_thread(v->m, s->tid);
	struct ss_wait_rec w;
	size_t off = 0;
	long i;

	buf[0] = 0;
	if (!t)
		return NULL;
	i = ss_model_thread_find(v->m, t, s->start_ns);
	if (i < 0 || ss_model_run(v->m, t, (size_t)i)->start_ns != s->start_ns)
		return NULL;
	if (ss_model_sleep_told(v->m, t, (size_t)i, &w)) {
		ss_explain_wait(v->m, t, &w, buf, size);
		off = strlen(buf);
	}
	if (off + 3 < size) {
		char run[256];

		if (ss_explain_runnable(v->m, t, (size_t)i, run, sizeof(run)))
			snprintf(buf + off, size - off, "%s%s", off ? "; " : "", run);
	}
	return buf[0] ? buf : NULL;
}

/* "0.220000s-0.225000s": what a cell covers. */
static char *cell_span(const struct ss_model *m, uint64_t a, uint64_t b, char *buf, size_t size)
{
	char x[32], y[32];

	snprintf(buf, size, "%s-%s", ss_explain_time(m, a, x, sizeof(x)), ss_explain_time(m, b, y, sizeof(y)));
	return buf;
}

/* The why line, the detail's most valuable one: wrapped over the rows it
 * needs (up to WHY_ROWS), never cut mid-sentence where there is room. */
static int why_rows(struct ui_grid *g, int y, int rows, const char *why)
{
	char buf[1100];

	snprintf(buf, sizeof(buf), "why: %s", why);
	return ui_grid_wrap(g, 3, y, g->w - 4, rows < WHY_ROWS ? rows : WHY_ROWS, 5, UI_A_HEADING, buf);
}

static void task_ids(const struct ui_view *v, uint32_t tid, char *buf, size_t size)
{
	const struct ss_task *t = ss_tasks_latest(&v->m->tasks, tid);

	if (t && t->tgid != tid)
		snprintf(buf, size, "%s  tid %u  pid %u (%s)", ui_task_name(v, tid), tid, t->tgid,
			 ui_task_name(v, t->tgid));
	else
		snprintf(buf, size, "%s  pid %u", ui_task_name(v, tid), tid);
}

static int draw_cpu_detail(struct ui_view *v, struct ui_grid *g, int y, int rows)
{
	unsigned cpu = (unsigned)v->lanes[v->cur_lane].id;
	struct ui_cpu_cell c;
	char a_s[64], ids[160], line[768];
	uint64_t a, b;
	const char *why;

	if (!ui_view_cell_span(v, v->cur_col, &a, &b)) {
		ui_grid_textf(g, 1, y, g->w - 2, UI_A_DIM, "CPU %u: the cursor is outside the trace", cpu);
		return 1;
	}
	ui_cpu_cell(v->m, v->now_ns, cpu, a, b, &c, NULL);
	cell_span(v->m, a, b, a_s, sizeof(a_s));
	if (!c.rep) {
		ui_grid_textf(g, 1, y, g->w - 2, UI_A_NORMAL, "CPU %u, %s: idle%s", cpu, a_s,
			      c.lost ? " (events were lost here)" : "");
		return 1;
	}
	task_ids(v, c.rep->tid, ids, sizeof(ids));
	ui_grid_textf(g, 1, y, g->w - 2, UI_A_NORMAL, "CPU %u, %s: %s%s  busy %u%%%s", cpu, a_s, ids,
		      ss_model_thread(v->m, c.rep->tid) ? "" : " (not traced)",
		      (unsigned)(c.busy_ns * 100 / (b - a)),
		      c.nruns > UI_CELL_SCAN ? "  (many runs in this cell: zoom in)"
		      : c.nruns > 1 ? "  (several runs in this cell)" : "");
	if (rows < 2)
		return 1;
	ss_explain_run(v->m, c.rep, v->now_ns, line, sizeof(line));
	ui_grid_text_cut(g, 3, y + 1, g->w - 4, UI_A_NORMAL, line);
	if (rows < 3)
		return 2;
	ss_explain_ready(v->m, c.rep, line, sizeof(line));
	ui_grid_text_cut(g, 3, y + 2, g->w - 4, UI_A_NORMAL, line);
	why = detail_why(v, c.rep, line, sizeof(line));
	if (why && rows > 3)
		return 3 + why_rows(g, y + 3, rows - 3, why);
	return 3;
}

static int draw_thread_detail(struct ui_view *v, struct ui_grid *g, int y, int rows)
{
	const struct ss_thread *t = &v->m->threads[v->lanes[v->cur_lane].id];
	struct ui_thread_cell c;
	char a_s[32], from[32], dur[32], span[96], ids[160], line[768];
	uint64_t a, b, to;
	const struct ss_tstate_info *st = &c.mid;
	const char *why;

	task_ids(v, t->tid, ids, sizeof(ids));
	if (!ui_view_cell_span(v, v->cur_col, &a, &b)) {
		ui_grid_textf(g, 1, y, g->w - 2, UI_A_DIM, "%s: the cursor is outside the trace", ids);
		return 1;
	}
	ui_thread_cell(v->m, v->now_ns, t, a, b, true, &c);
	/* the state is the one at the cell's middle: say that moment */
	ss_explain_time(v->m, a + (b - a) / 2, a_s, sizeof(a_s));
	ss_explain_time(v->m, st->from_ns, from, sizeof(from));
	to = st->to_ns == UINT64_MAX || st->to_ns > v->now_ns ? v->now_ns : st->to_ns;
	if (!v->m->finished && st->to_ns >= v->m->end_ns)
		to = v->now_ns;                 /* live: it goes on until now */
	/* the state's whole span, not the time up to the cursor: "from X for
	 * D", or while it goes on, "since X (D so far)" */
	fmt_dur(dur, sizeof(dur), to > st->from_ns ? to - st->from_ns : 0);
	if (to == v->now_ns)
		snprintf(span, sizeof(span), "since %s (%s so far)", from, dur);
	else
		snprintf(span, sizeof(span), "from %s for %s", from, dur);
	switch (st->state) {
	case SS_T_RUNNING:
		snprintf(line, sizeof(line), "running on CPU %d %s", st->cpu, span);
		break;
	case SS_T_RUNNABLE:
		snprintf(line, sizeof(line), "runnable, waiting for a CPU %s", span);
		break;
	case SS_T_BLOCKED:
		snprintf(line, sizeof(line), "blocked, %s, %s", ui_block_glyph(ui_cell_block(&c))->legend, span);
		break;
	case SS_T_HELD:
		snprintf(line, sizeof(line), "%s", ss_explain_held());
		break;
	case SS_T_UNBORN:
		/* the lesson's cursor is often on a thread's first moment */
		snprintf(line, sizeof(line), "%s", c.run_ns || c.wait_ns ? "forked later in this cell" : "not forked yet");
		break;
	case SS_T_EXITED:
		snprintf(line, sizeof(line), "exited");
		break;
	default:
		/* the middle may come before its first run in this same cell */
		snprintf(line, sizeof(line), "%s", c.run_ns || c.wait_ns ? "first seen later in this cell" : "not seen yet");
		break;
	}
	ui_grid_textf(g, 1, y, g->w - 2, UI_A_NORMAL, "%s at %s: %s; in this cell ran %u%%, waited %u%%",
		      ids, a_s, line, (unsigned)(c.run_ns * 100 / (b - a)), (unsigned)(c.wait_ns * 100 / (b - a)));
	if (rows < 2)
		return 1;
	/* the run at the cursor, or the one that ended the state */
	{
		const struct ss_slice *s = NULL;

		if (st->state == SS_T_RUNNING) {
			/* the run it is in: a finished one, or the one in progress */
			if (st->run >= 0 && (size_t)st->run < t->nruns &&
			    ss_model_run(v->m, t, (size_t)st->run)->start_ns == st->from_ns)
				s = ss_model_run(v->m, t, (size_t)st->run);
			else if (c.run && c.run->start_ns == st->from_ns)
				s = c.run;
		} else if ((size_t)(st->run + 1) < t->nruns) {
			s = ss_model_run(v->m, t, (size_t)(st->run + 1));   /* the next run */
		}
		if (!s)
			s = c.run;
		if (!s) {
			ui_grid_text(g, 3, y + 1, g->w - 4, UI_A_DIM, "no run of this thread near the cursor");
			/* live, asleep: why is known already */
			if (st->state == SS_T_BLOCKED && c.wait && rows > 2)
				return 2 + why_rows(g, y + 2, rows - 2,
						    ss_explain_wait(v->m, t, c.wait, line, sizeof(line)));
			return 2;
		}
		ss_explain_run(v->m, s, v->now_ns, line, sizeof(line));
		ui_grid_textf(g, 3, y + 1, g->w - 4, UI_A_NORMAL, "%s%s", s->start_ns > b ? "next: " : "", line);
		if (rows < 3)
			return 2;
		ss_explain_ready(v->m, s, line, sizeof(line));
		ui_grid_text_cut(g, 3, y + 2, g->w - 4, UI_A_NORMAL, line);
		/* why: the sleep at the cursor, else how that run began */
		if (rows < 4)
			return 3;
		if (st->state == SS_T_BLOCKED && c.wait)
			why = ss_explain_wait(v->m, t, c.wait, line, sizeof(line));
		else
			why = detail_why(v, s, line, sizeof(line));
		if (why)
			return 3 + why_rows(g, y + 3, rows - 3, why);
	}
	return 3;
}

/* The marker under the cursor: its words and arguments, who fired it, when
 * ("marker at 0.134021s: task 2 starts, PoolWorker-1 pid 3844"). In the
 * thread view the lane's thread's, in the CPU view anyone's. 0 rows if none. */
static int draw_marker_detail(struct ui_view *v, struct ui_grid *g, int y)
{
	const struct ss_event *ev = NULL;
	uint32_t tid = v->mode == UI_MODE_THREAD ? ui_view_cursor_task(v) : 0;
	char words[128], at[32];
	uint64_t a, b;
	size_t k, more = 0;

	if (!v->m->nmarkers || !ui_view_cell_span(v, v->cur_col, &a, &b))
		return 0;
	for (k = ss_model_marker_lower(v->m, a); k < v->m->nmarkers; k++) {
		const struct ss_event *e = &v->m->marks[v->m->markers[k]];

		if (e->ts_ns >= b)
			break;
		if (tid && e->pid != tid)
			continue;
		if (ev)
			more++;
		else
			ev = e;
	}
	if (!ev)
		return 0;
	if (v->les && lesson_mark_kind(&v->checks.mk, ev) != LP_NONE) {
		lesson_marker_words(&v->checks.mk, v->les->sc->items, ev, words, sizeof(words));
	} else {
		const struct ss_probe *p = ss_model_probe_by_id(v->m, ev->marker.probe);

		snprintf(words, sizeof(words), "%s(%lld, %lld)", p ? p->name : "?", (long long)ev->marker.args[0],
			 (long long)ev->marker.args[1]);
	}
	ui_grid_textf(g, 1, y, g->w - 2, UI_A_MARK, "marker at %s: %s, %s %s %u%s",
		      ss_explain_time(v->m, ev->ts_ns, at, sizeof(at)), words, ui_task_name(v, ev->pid),
		      ss_model_thread(v->m, ev->pid) && ss_thread_is_thread(ss_model_thread(v->m, ev->pid)) ? "tid" : "pid",
		      ev->pid, more ? "  (more in this cell: zoom in, or m)" : "");
	return 1;
}

/* ---- legend ---- */

/* Lays out "glyph text" entries left to right over rows [y, y1); returns rows used. */
struct flow {
	struct ui_grid *g;
	int x, y, y0, y1;
	bool full;
};

static bool flow_entry(struct flow *f, uint32_t glyph, uint8_t attr, uint8_t color, uint8_t flags,
		       const char *text)
{
	int need = 2 + ui_text_width(text) + 2;

	if (f->full)
		return false;
	if (f->x + need > f->g->w - 1 && f->x > 1) {
		f->x = 1;
		f->y++;
	}
	if (f->y >= f->y1) {
		f->full = true;
		return false;
	}
	if (glyph) {
		ui_grid_put(f->g, f->x, f->y, glyph, attr, color);
		ui_grid_flag(f->g, f->x, f->y, 1, flags);
	}
	f->x += ui_grid_text(f->g, f->x + 2, f->y, f->g->w - f->x - 3, UI_A_NORMAL, text) + 4;
	return true;
}

/* Many similar tasks as one entry ("many-1…many-64, 64 threads"), in the
 * colour of the first; false when there are too many threads to group per
 * frame (the plain list then, cut where the rows end). */
#define LEGEND_GROUPS_MAX 64
#define LEGEND_GROUP_MIN 4
static bool legend_groups(struct ui_view *v, struct flow *f)
{
	struct ss_name_group gr[LEGEND_GROUPS_MAX];
	long n;
	char buf[96];

	if (v->m->nthreads > 4096)
		return false;
	n = ss_model_name_groups(v->m, LEGEND_GROUP_MIN, gr, LEGEND_GROUPS_MAX, NULL);
	if (n < 0)
		return false;
	for (long i = 0; i < n && i < LEGEND_GROUPS_MAX; i++) {
		const struct ss_thread *t = &v->m->threads[gr[i].first];

		if (gr[i].count == 1)
			snprintf(buf, sizeof(buf), "%s %s %u", ui_task_name(v, t->tid), ss_thread_is_thread(t) ? "tid" : "pid",
				 t->tid);
		else
			ss_name_group_label(&gr[i], buf, sizeof(buf));
		if (!flow_entry(f, UI_GLYPH_FULL, UI_A_RUN, (uint8_t)(1 + gr[i].first % UI_NCOLORS), 0, buf))
			break;
	}
	return true;
}

static int draw_legend(struct ui_view *v, struct ui_grid *g, int y, int y1)
{
	struct flow f = { g, 1, y, y, y1, false };
	char buf[96];

	if (y >= y1)
		return 0;
	if (v->mode == UI_MODE_CPU) {
		size_t shown = 0, n = v->m->nthreads;

		if (!v->filter[0] && legend_groups(v, &f))
			n = 0;
		for (size_t i = 0; i < n; i++) {
			const struct ss_thread *t = &v->m->threads[i];

			if (!ui_view_match(v, t->tid))
				continue;
			/* leave room for the last entries */
			if (f.y == y1 - 1 && f.x > g->w - 40 && i + 1 < n) {
				snprintf(buf, sizeof(buf), "and %zu more (s: statistics)", n - i);
				flow_entry(&f, 0, 0, 0, 0, buf);
				break;
			}
			snprintf(buf, sizeof(buf), "%s %u", ui_task_name(v, t->tid), t->tid);
			if (!flow_entry(&f, UI_GLYPH_FULL, UI_A_RUN, (uint8_t)(1 + i % UI_NCOLORS), 0, buf))
				break;
			shown++;
		}
		flow_entry(&f, UI_GLYPH_FULL, UI_A_RUN, 0, 0, "other tasks");
		flow_entry(&f, ui_glyph_eighths(3), UI_A_RUN, 0, 0, "ran part of the cell");
		flow_entry(&f, ' ', UI_A_NORMAL, 0, 0, "blank: idle");
		if (v->lost)
			flow_entry(&f, UI_GLYPH_LOST, UI_A_ALERT, 0, 0, "events lost");
	} else {
		flow_entry(&f, '0', UI_A_RUN_TEXT, 1, 0, "running on CPU 0");
		flow_entry(&f, ui_glyph_eighths(3), UI_A_RUN, 1, 0, "ran part of the cell");
		flow_entry(&f, UI_GLYPH_RUNNABLE, UI_A_RUNNABLE, 0, 0, "runnable, waiting for a CPU");
		for (int r = 0; r < UI_BLOCK_COUNT; r++)
			flow_entry(&f, ui_block_glyph((enum ui_block)r)->glyph, UI_A_BLOCKED, 0, 0,
				   ui_block_glyph((enum ui_block)r)->legend);
		flow_entry(&f, 0, 0, 0, 0, "name pid N: a process");
		flow_entry(&f, 0x254cu, UI_A_RULER, 0, 0, "name tid N: a thread of the process above");
		if (v->les) {
			flow_entry(&f, UI_GLYPH_WOKE_DOWN, UI_A_MARK, 0, 0, "woke the lane below (a write, an unlock)");
			flow_entry(&f, UI_GLYPH_WOKEN, UI_A_MARK, 0, 0, "woken by it");
		}
		flow_entry(&f, UI_GLYPH_FORK, UI_A_MARK, 0, 0, "fork");
		flow_entry(&f, UI_GLYPH_EXIT, UI_A_MARK, 0, 0, "exit");
		flow_entry(&f, UI_GLYPH_FORKEXIT, UI_A_MARK, 0, 0, "fork and exit");
		flow_entry(&f, '0', UI_A_RUN_TEXT, 1, UI_CF_MARK, "underlined: a USDT marker fired");
		flow_entry(&f, ' ', UI_A_NORMAL, 0, 0, "blank: not started, held by schedscope, or gone");
	}
	if (v->crit.on)
		flow_entry(&f, '0', UI_A_RUN_TEXT, 1, UI_CF_CRITICAL, "bold italic: on the critical path (C)");
	return f.y - y + (f.x > 1 ? 1 : 0);
}

/* ---- statistics ---- */

/* Whether thread index a goes before b: more run time first. */
static bool runs_more(const struct ss_model *m, int32_t a, int32_t b)
{
	uint64_t x = m->threads[a].st.run_ns, y = m->threads[b].st.run_ns;

	return x > y || (x == y && a < b);
}

/* The k threads (of those the filter lets through) that ran longest, in
 * order, into top[]; returns how many passed the filter. Only the rows on
 * screen are ranked, so a frame does not sort 10,000 threads. */
static size_t top_threads(const struct ui_view *v, int32_t *top, size_t k, size_t *ntop)
{
	const struct ss_model *m = v->m;
	size_t n = 0, have = 0;

	for (size_t i = 0; i < m->nthreads; i++) {
		size_t j;

		if (!ui_view_match(v, m->threads[i].tid))
			continue;
		n++;
		if (have == k && (!k || !runs_more(m, (int32_t)i, top[k - 1])))
			continue;
		j = have < k ? have++ : k - 1;
		for (; j > 0 && runs_more(m, (int32_t)i, top[j - 1]); j--)
			top[j] = top[j - 1];
		top[j] = (int32_t)i;
	}
	*ntop = have;
	return n;
}

/* Per process: its threads and their run time, in one row ("processes:
 * procvsthread 5270: 19 threads, 60.2 ms │ Process-1 5272: 1, 27.8 ms"); a
 * lane that is no process here is a thread of one. Skipped past a few
 * hundred threads (a frame does not group 10,000). */
#define PROCESSES_MAX_THREADS 512
static int draw_processes(struct ui_view *v, struct ui_grid *g, int y)
{
	const struct ss_model *m = v->m;
	int x;

	if (m->nthreads > PROCESSES_MAX_THREADS)
		return 0;
	x = 1 + ui_grid_text(g, 1, y, g->w - 2, UI_A_HEADING, "processes:");
	for (size_t i = 0; i < m->nthreads && x < g->w - 2; i++) {
		const struct ss_thread *p = &m->threads[i];
		uint64_t run_ns = 0;
		unsigned nthreads = 0;
		char buf[96], dur[32], nth[48];

		if (ss_thread_is_thread(p) || !ui_view_match(v, p->tid))
			continue;
		for (size_t j = 0; j < m->nthreads; j++)
			if (j == i || (ss_thread_is_thread(&m->threads[j]) && m->threads[j].tgid == p->tid)) {
				run_ns += m->threads[j].st.run_ns;
				nthreads++;
			}
		snprintf(buf, sizeof(buf), "%s%s %u: %s, %s", x > 12 ? " │ " : " ", ui_task_name(v, p->tid), p->tid,
			 fmt_count(nth, sizeof(nth), nthreads, "thread", NULL), fmt_dur(dur, sizeof(dur), run_ns));
		if (x + ui_text_width(buf) >= g->w - 1) {
			ui_grid_text(g, x, y, g->w - x - 1, UI_A_DIM, " …");
			break;
		}
		x += ui_grid_text(g, x, y, g->w - x - 1, UI_A_NORMAL, buf);
	}
	return 1;
}

static void draw_stats(struct ui_view *v, struct ui_grid *g, int y, int y1)
{
	const struct ss_model *m = v->m;
	/* the processes and the CPU share rows only where the threads keep a few */
	int extra = y1 - y >= 8 ? 2 : 0;
	size_t k = y1 - y > 2 + extra ? (size_t)(y1 - y - 2 - extra) : 0, ntop, n;
	int32_t *order = malloc((k ? k : 1) * sizeof(*order));
	int x;
	char run[32], wait[32], wmax[32];
	int64_t npc = (int64_t)ui_view_cell_ns(v);
	int64_t ra = v->t0 > 0 ? v->t0 : 0, rb = v->t0 + (int64_t)v->cells * npc;
	int64_t span = (int64_t)ui_view_span_ns(v);

	if (!order)
		return;
	n = top_threads(v, order, k, &ntop);
	/* fits 80 columns */
	ui_grid_textf(g, 1, y++, g->w - 2, UI_A_HEADING, "%-17s %6s %9s %9s %9s %5s %5s %5s %5s",
		      "thread (+ exited)", "tid", "runtime", "waited", "max wait", "vol", "invol", "migr", "wakes");
	for (size_t r = 0; r < ntop && y < y1 - 1; r++) {
		const struct ss_thread *t = &m->threads[order[r]];
		char name[64], cnt[32];

		if (y == y1 - 2 && r + 1 < n) {
			ui_grid_textf(g, 1, y++, g->w - 2, UI_A_DIM, "... %s more (/ filters)",
				      fmt_count(cnt, sizeof(cnt), n - r, "thread", NULL));
			break;
		}
		snprintf(name, sizeof(name), "%s%s", ui_task_name(v, t->tid), t->flags & SS_THREADF_EXITED ? " +" : "");
		ui_grid_put(g, 1, y, UI_GLYPH_FULL, UI_A_RUN, (uint8_t)(1 + (size_t)order[r] % UI_NCOLORS));
		ui_grid_textf(g, 3, y++, g->w - 4, UI_A_NORMAL, "%-15.15s %6u %9s %9s %9s %5u %5u %5u %5u",
			      name, t->tid, fmt_dur(run, sizeof(run), t->st.run_ns),
			      fmt_dur(wait, sizeof(wait), t->st.wait_ns), fmt_dur(wmax, sizeof(wmax), t->st.wait_max_ns),
			      t->st.vol_switches, t->st.invol_switches, t->st.migrations, t->st.wakeups);
	}
	free(order);
	if (y >= y1)
		return;
	if (extra)
		y += draw_processes(v, g, y);
	if (y >= y1)
		return;
	/* per CPU, over the window */
	if (rb > span)
		rb = span;
	x = 1 + ui_grid_text(g, 1, y, g->w - 2, UI_A_HEADING, "CPU use in view:");
	for (unsigned c = 0; c < m->ncpus && rb > ra; c++) {
		uint64_t len = (uint64_t)(rb - ra), a = m->start_ns + (uint64_t)ra, b = a + len;
		struct ui_cpu_cell cc;
		char buf[32];

		/* the whole window as one cell: the running task counts up to now */
		ui_cpu_cell(m, v->now_ns, c, a, b, &cc, NULL);
		snprintf(buf, sizeof(buf), " cpu%u %u%%", c, (unsigned)(cc.busy_ns * 100 / len));
		if (x + (int)strlen(buf) >= g->w - 1) {
			if (++y >= y1)
				break;
			x = 1;
		}
		x += ui_grid_text(g, x, y, g->w - x - 1, UI_A_NORMAL, buf);
	}
	/* whose time that was: the traced tree's, or other tasks' */
	if (extra && rb > ra && ++y < y1) {
		struct ss_cpu_share sh;
		char line[160];

		ss_model_cpu_share(m, m->start_ns + (uint64_t)ra, m->start_ns + (uint64_t)rb, &sh);
		x = 1 + ui_grid_textf(g, 1, y, g->w - 2, UI_A_NORMAL, "of the CPUs in view: traced tasks %u%%, other tasks %u%%",
				      ss_cpu_share_pct(&sh, sh.traced_ns), ss_cpu_share_pct(&sh, sh.other_ns));
		if (m->nsteal)
			x += ui_grid_textf(g, x - 1, y, g->w - x, UI_A_NORMAL, ", the host %u%%",
					   ss_cpu_share_pct(&sh, sh.host_ns));
		if (ss_cpu_share_line(&sh, UI_SHARE_WARN_PCT, line, sizeof(line)))
			ui_grid_textf(g, x + 2, y, g->w - x - 3, UI_A_ALERT, "(%s)", line);
	}
}

/* ---- lesson and output ---- */

static int draw_lines(struct ui_grid *g, int y, int y1, const char *title, const char *text, uint8_t attr)
{
	int y0 = y;
	const char *p = text;

	if (!text || y >= y1)
		return 0;
	ui_grid_text(g, 1, y++, g->w - 2, UI_A_HEADING, title);
	while (*p && y < y1) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		char line[512];

		snprintf(line, sizeof(line), "%.*s", (int)len, p);
		ui_grid_text_cut(g, 3, y++, g->w - 4, attr, line);
		p += len + (nl ? 1 : 0);
	}
	return y - y0;
}

void ui_draw_panels(struct ui_view *v, struct ui_grid *g, int y0, int y1)
{
	int y = y0;
	char buf[160];

	/* separator, with where the lanes are when they do not all fit */
	ui_grid_fill(g, 0, y, g->w, 0x2500u, UI_A_RULER);
	if ((int)v->nlanes > v->lanes_h) {
		snprintf(buf, sizeof(buf), " %s %d-%d of %zu (PgUp/PgDn) ", v->mode == UI_MODE_CPU ? "CPUs" : "threads",
			 v->lane_top + 1, v->lane_top + v->lanes_h, v->nlanes);
		ui_grid_text(g, 2, y, g->w - 4, UI_A_RULER, buf);
	}
	y++;
	if (v->nlanes && y < y1) {
		/* the why line may wrap into the rows the legend would take, as
		 * long as two are left to it */
		int most = DETAIL_ROWS - 1 + WHY_ROWS, room = y1 - y - 2 > DETAIL_ROWS ? y1 - y - 2 : DETAIL_ROWS;
		int rows = room < most ? room : most, used;

		if (rows > y1 - y)
			rows = y1 - y;
		used = v->mode == UI_MODE_CPU ? draw_cpu_detail(v, g, y, rows) : draw_thread_detail(v, g, y, rows);
		y += used > DETAIL_ROWS ? used : DETAIL_ROWS;
		if (y > y1)
			y = y1;
		if (y + 2 < y1)
			y += draw_marker_detail(v, g, y);
	}
	if (v->show_stats) {
		y += ui_draw_latency(v, g, y, y1, 3);
		draw_stats(v, g, y, y1);
	} else {
		int legend_end = y1;

		/* the lesson and the output get what the legend leaves */
		if (v->show_lesson && v->lesson && y1 - y > 4)
			legend_end = y + 3;
		y += draw_legend(v, g, y, legend_end);
		if (v->show_lesson && v->les && y + 1 < y1)
			y += 1 + ui_draw_checklist(v, g, y + 1, y1);
		if (v->show_lesson && v->lesson && y + 1 < y1)
			y += 1 + draw_lines(g, y + 1, y1, "lesson (L hides)", v->lesson, UI_A_NORMAL);
		if (v->out_path && v->out_tail && v->out_tail[0] && y + 1 < y1) {
			snprintf(buf, sizeof(buf), "output (%s)", v->out_path);
			draw_lines(g, y + 1, y1, buf, v->out_tail, UI_A_DIM);
		}
	}
	if (v->msg[0] && y1 > y0 + 1) {
		ui_grid_fill(g, 0, y1 - 1, g->w, ' ', UI_A_NORMAL);
		ui_grid_text_cut(g, 1, y1 - 1, g->w - 2, v->msg_attr ? v->msg_attr : UI_A_HEADING, v->msg);
	}
}

/* ---- the key table ---- */

#define HELP_NOTES "Recording never pauses. The wheel zooms at the mouse."
#define HELP_CLOSE "Any key closes this."

void ui_draw_help(struct ui_view *v, struct ui_grid *g)
{
	size_t n;
	const struct ui_binding *b = ui_bindings(&n);
	int rows = (int)(n + 1) / 2, bw = g->w - 4 < 84 ? g->w - 4 : 84, bh = rows + 4;
	int x0 = (g->w - bw) / 2, y0 = (g->h - bh) / 2, colw = (bw - 2) / 2;

	(void)v;
	if (y0 < 0)
		y0 = 0;
	for (int y = y0; y < y0 + bh && y < g->h; y++)
		ui_grid_fill(g, x0, y, bw, ' ', UI_A_NORMAL);
	ui_grid_fill(g, x0, y0, bw, 0x2500u, UI_A_RULER);
	ui_grid_fill(g, x0, y0 + bh - 1, bw, 0x2500u, UI_A_RULER);
	for (int y = y0; y < y0 + bh; y++) {
		ui_grid_put(g, x0, y, 0x2502u, UI_A_RULER, 0);
		ui_grid_put(g, x0 + bw - 1, y, 0x2502u, UI_A_RULER, 0);
	}
	ui_grid_put(g, x0, y0, 0x250cu, UI_A_RULER, 0);
	ui_grid_put(g, x0 + bw - 1, y0, 0x2510u, UI_A_RULER, 0);
	ui_grid_put(g, x0, y0 + bh - 1, 0x2514u, UI_A_RULER, 0);
	ui_grid_put(g, x0 + bw - 1, y0 + bh - 1, 0x2518u, UI_A_RULER, 0);
	ui_grid_text(g, x0 + 2, y0, bw - 4, UI_A_HEADING, " keys ");
	for (size_t i = 0; i < n; i++) {
		int x = x0 + 2 + (int)(i / (size_t)rows) * colw, y = y0 + 1 + (int)(i % (size_t)rows);

		ui_grid_text(g, x, y, 12, UI_A_KEY, b[i].names);
		ui_grid_text_cut(g, x + 13, y, colw - 14, UI_A_NORMAL, b[i].help);
	}
	/* the footer on one line, or on the blank one above it too when the
	 * box is narrow (80 columns): "Any key closes this" must show */
	if (bw - 4 >= (int)strlen(HELP_NOTES " " HELP_CLOSE)) {
		ui_grid_text(g, x0 + 2, y0 + bh - 2, bw - 4, UI_A_DIM, HELP_NOTES " " HELP_CLOSE);
	} else {
		ui_grid_text(g, x0 + 2, y0 + bh - 3, bw - 4, UI_A_DIM, HELP_NOTES);
		ui_grid_text(g, x0 + 2, y0 + bh - 2, bw - 4, UI_A_DIM, HELP_CLOSE);
	}
}
