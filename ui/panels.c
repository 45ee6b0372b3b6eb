/* Everything around the timeline: header, detail of the cursor's cell,
 * legend, statistics, the lesson, the command's output, the status line and
 * the key table. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "model/explain.h"
#include "ui/glyphs.h"
#include "ui/keys.h"
#include "ui/view.h"
#include "util/fmt.h"

#define DETAIL_ROWS 4     /* what, how it ended, how it began, why */

/* ---- header and status ---- */

void ui_draw_header(struct ui_view *v, struct ui_grid *g, int y)
{
	const char *right = v->mode == UI_MODE_CPU ? "CPU view (Tab: threads)  ? keys  q quit"
						   : "thread view (Tab: CPUs)  ? keys  q quit";
	int rw = ui_text_width(right);

	ui_grid_fill(g, 0, y, g->w, ' ', UI_A_TITLE);
	ui_grid_textf(g, 1, y, g->w - rw - 3, UI_A_TITLE, "schedscope  %s", v->title ? v->title : "");
	ui_grid_text(g, g->w - rw - 1, y, rw, UI_A_TITLE, right);
}

static void fmt_exit(char *buf, size_t size, int32_t status)
{
	if (status < 0)
		buf[0] = 0;
	else if (WIFEXITED(status))
		snprintf(buf, size, "exit %d", WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		snprintf(buf, size, "killed by SIG%s", sigabbrev_np(WTERMSIG(status)) ? sigabbrev_np(WTERMSIG(status)) : "?");
	else
		snprintf(buf, size, "status %d", status);
}

static void fmt_count(char *buf, size_t size, double n)
{
	if (n >= 1e6)
		snprintf(buf, size, "%.1fM", n / 1e6);
	else if (n >= 1e4)
		snprintf(buf, size, "%.1fk", n / 1e3);
	else
		snprintf(buf, size, "%.0f", n);
}

/* Appends " | text" segments; returns the next column. */
static int seg(struct ui_grid *g, int x, int y, uint8_t attr, const char *text)
{
	if (x > 1)
		x += ui_grid_text(g, x, y, g->w - x, UI_A_STATUS, " │ ");
	return x + ui_grid_text(g, x, y, g->w - x, attr, text);
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
		x = ui_grid_textf(g, 1, y, g->w - 2, UI_A_PROMPT, "filter (name or pid; Enter applies, Esc cancels): %s",
				  v->prompt);
		ui_grid_put(g, 1 + x, y, ' ', UI_A_PROMPT, 0);
		ui_grid_flag(g, 1 + x, y, 1, UI_CF_CURSOR);
		return;
	}
	if (v->phase == UI_PHASE_LIVE && v->paused)
		snprintf(buf, sizeof(buf), "PAUSED (recording)");
	else
		snprintf(buf, sizeof(buf), "%s", phase_word[v->phase]);
	fmt_exit(exitbuf, sizeof(exitbuf), v->m->exit_status);
	if (v->phase != UI_PHASE_LIVE && v->phase != UI_PHASE_STOPPING && exitbuf[0])
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), " %s", exitbuf);
	x += ui_grid_text(g, x, y, g->w - x, v->phase == UI_PHASE_LIVE ? UI_A_STATUS_LIVE : UI_A_STATUS, buf);
	fmt_count(num, sizeof(num), v->events_per_s);
	snprintf(buf, sizeof(buf), "%s ev/s", num);
	x = seg(g, x, y, UI_A_STATUS, buf);
	snprintf(buf, sizeof(buf), "%llu events", (unsigned long long)v->events);
	x = seg(g, x, y, UI_A_STATUS, buf);
	snprintf(buf, sizeof(buf), "lost %llu", (unsigned long long)v->lost);
	x = seg(g, x, y, v->lost ? UI_A_ALERT : UI_A_STATUS, buf);
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

static const char *state_words(unsigned state_index, bool to_end, bool open)
{
	if (open)
		return "still running";
	if (to_end)
		return "was still running when the recording ended";
	switch (ss_state_from_index((int)state_index)) {
	case SS_ST_PREEMPTED:
	case SS_ST_RUNNING:
		return "then was preempted (R+), still runnable";
	case SS_ST_S:
		return "then went to sleep (S)";
	case SS_ST_D:
		return "then blocked uninterruptibly (D)";
	case SS_ST_Z:
	case SS_ST_X:
		return "then exited";
	case SS_ST_I:
		return "then went idle (I)";
	default:
		return "then stopped";
	}
}

/* How the task of run s became ready to run. */
static void describe_ready(const struct ui_view *v, const struct ss_slice *s, char *buf, size_t size)
{
	char when[32], wait[32];
	uint64_t w = s->ready_ns && s->ready_ns <= s->start_ns ? s->start_ns - s->ready_ns : 0;

	ui_fmt_time(v, s->ready_ns, when, sizeof(when));
	fmt_dur(wait, sizeof(wait), w);
	switch (s->ready) {
	case SS_READY_WOKEN:
		snprintf(buf, size, "before: woken by %s %u at %s (CPU %u), then waited %s for the CPU",
			 ui_task_name(v, s->waker), s->waker, when, s->wake_cpu, wait);
		break;
	case SS_READY_NEW:
		snprintf(buf, size, "before: new, woken after fork by %s %u at %s, then waited %s for the CPU",
			 ui_task_name(v, s->waker), s->waker, when, wait);
		break;
	case SS_READY_PREEMPTED:
		snprintf(buf, size, "before: preempted at %s, runnable %s until it ran again", when, wait);
		break;
	default:
		snprintf(buf, size, "%s", s->flags & SS_SLICE_FROM_START
			 ? "before: it was already running when the recording began"
			 : "before: how it became ready was not seen (it slept before the recording or outside the tree)");
		break;
	}
	if (s->flags & SS_SLICE_AFTER_LOSS)
		snprintf(buf + strlen(buf), size - strlen(buf), " (events were lost just before: uncertain)");
}

/* The model's plain words for how run s began: the sleep before it (what it
 * waited on, who woke it and how) and its wait for a CPU. NULL if it knows
 * neither (a task outside the tree, a run whose start was not seen). */
static const char *detail_why(const struct ui_view *v, const struct ss_slice *s, char *buf, size_t size)
{
	const struct ss_thread *t = ss_model_thread(v->m, s->tid);
	long w, i;
	size_t off = 0;

	buf[0] = 0;
	if (!t)
		return NULL;
	w = ss_model_wait_find(v->m, t, s->start_ns);
	if (w >= 0 && t->waits[w].run_ns == s->start_ns) {
		ss_explain_wait(v->m, t, &t->waits[w], buf, size);
		off = strlen(buf);
	}
	i = ss_model_thread_find(v->m, t, s->start_ns);
	if (i >= 0 && ss_model_run(v->m, t, (size_t)i)->start_ns == s->start_ns && off + 3 < size) {
		char run[256];

		if (ss_explain_runnable(v->m, t, (size_t)i, run, sizeof(run)))
			snprintf(buf + off, size - off, "%s%s", off ? "; " : "", run);
	}
	return buf[0] ? buf : NULL;
}

static void describe_run(const struct ui_view *v, const struct ss_slice *s, char *buf, size_t size)
{
	char from[32], dur[32];
	uint64_t end = ui_run_end(v, s);

	ui_fmt_time(v, s->start_ns, from, sizeof(from));
	fmt_dur(dur, sizeof(dur), end - s->start_ns);
	snprintf(buf, size, "ran from %s for %s on CPU %u (prio %u), %s", from, dur, s->cpu, s->prio,
		 state_words(s->end_state, s->flags & SS_SLICE_TO_END, s->end_ns == SS_OPEN_END));
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
	char a_s[32], ids[160], line[768];
	uint64_t a, b;
	const char *why;

	if (!ui_view_cell_span(v, v->cur_col, &a, &b)) {
		ui_grid_textf(g, 1, y, g->w - 2, UI_A_DIM, "CPU %u: the cursor is outside the trace", cpu);
		return 1;
	}
	ui_cpu_cell(v, cpu, a, b, &c);
	ui_fmt_time(v, a, a_s, sizeof(a_s));
	if (!c.rep) {
		ui_grid_textf(g, 1, y, g->w - 2, UI_A_NORMAL, "CPU %u at %s: idle%s", cpu, a_s,
			      c.lost ? " (events were lost here)" : "");
		return 1;
	}
	task_ids(v, c.rep->tid, ids, sizeof(ids));
	ui_grid_textf(g, 1, y, g->w - 2, UI_A_NORMAL, "CPU %u at %s: %s%s  busy %u%%%s", cpu, a_s, ids,
		      ss_model_thread(v->m, c.rep->tid) ? "" : " (not traced)",
		      (unsigned)(c.busy_ns * 100 / (b - a)),
		      c.nruns > UI_CELL_SCAN ? "  (many runs in this cell: zoom in)"
		      : c.nruns > 1 ? "  (several runs in this cell)" : "");
	if (rows < 2)
		return 1;
	describe_run(v, c.rep, line, sizeof(line));
	ui_grid_text(g, 3, y + 1, g->w - 4, UI_A_NORMAL, line);
	if (rows < 3)
		return 2;
	describe_ready(v, c.rep, line, sizeof(line));
	ui_grid_text(g, 3, y + 2, g->w - 4, UI_A_NORMAL, line);
	why = detail_why(v, c.rep, line, sizeof(line));
	if (why && rows > 3) {
		ui_grid_textf(g, 3, y + 3, g->w - 4, UI_A_HEADING, "why: %s", why);
		return 4;
	}
	return 3;
}

static int draw_thread_detail(struct ui_view *v, struct ui_grid *g, int y, int rows)
{
	const struct ss_thread *t = &v->m->threads[v->lanes[v->cur_lane].id];
	struct ui_thread_cell c;
	char a_s[32], from[32], dur[32], ids[160], line[768];
	uint64_t a, b, to;
	const struct ss_tstate_info *st = &c.mid;
	const char *why;

	task_ids(v, t->tid, ids, sizeof(ids));
	if (!ui_view_cell_span(v, v->cur_col, &a, &b)) {
		ui_grid_textf(g, 1, y, g->w - 2, UI_A_DIM, "%s: the cursor is outside the trace", ids);
		return 1;
	}
	ui_thread_cell(v, (size_t)v->lanes[v->cur_lane].id, a, b, true, &c);
	ui_fmt_time(v, a, a_s, sizeof(a_s));
	ui_fmt_time(v, st->from_ns, from, sizeof(from));
	to = st->to_ns == UINT64_MAX || st->to_ns > v->now_ns ? v->now_ns : st->to_ns;
	fmt_dur(dur, sizeof(dur), to > st->from_ns ? to - st->from_ns : 0);
	switch (st->state) {
	case SS_T_RUNNING:
		snprintf(line, sizeof(line), "running on CPU %d since %s (%s)", st->cpu, from, dur);
		break;
	case SS_T_RUNNABLE:
		snprintf(line, sizeof(line), "runnable, waiting for a CPU since %s (%s)", from, dur);
		break;
	case SS_T_BLOCKED:
		snprintf(line, sizeof(line), "blocked, %s, since %s (%s)",
			 ui_block_glyph(c.wait ? ui_block_from_reason(c.wait->reason, st->sleep_state)
					       : ui_block_from_state(st->sleep_state))->legend, from, dur);
		break;
	case SS_T_UNBORN:
		snprintf(line, sizeof(line), "not forked yet");
		break;
	case SS_T_EXITED:
		snprintf(line, sizeof(line), "exited");
		break;
	default:
		snprintf(line, sizeof(line), "not seen yet");
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
			return 2;
		}
		describe_run(v, s, line, sizeof(line));
		ui_grid_textf(g, 3, y + 1, g->w - 4, UI_A_NORMAL, "%s%s", s->start_ns > b ? "next: " : "", line);
		if (rows < 3)
			return 2;
		describe_ready(v, s, line, sizeof(line));
		ui_grid_text(g, 3, y + 2, g->w - 4, UI_A_NORMAL, line);
		/* why: the sleep at the cursor, else how that run began */
		if (rows < 4)
			return 3;
		if (st->state == SS_T_BLOCKED && c.wait)
			why = ss_explain_wait(v->m, t, c.wait, line, sizeof(line));
		else
			why = detail_why(v, s, line, sizeof(line));
		if (why) {
			ui_grid_textf(g, 3, y + 3, g->w - 4, UI_A_HEADING, "why: %s", why);
			return 4;
		}
	}
	return 3;
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

static int draw_legend(struct ui_view *v, struct ui_grid *g, int y, int y1)
{
	struct flow f = { g, 1, y, y, y1, false };
	char buf[96];

	if (y >= y1)
		return 0;
	if (v->mode == UI_MODE_CPU) {
		size_t shown = 0, n = v->m->nthreads;

		for (size_t i = 0; i < n; i++) {
			const struct ss_thread *t = &v->m->threads[i];

			if (!ui_view_match(v, t->tid))
				continue;
			/* leave room for the last entries */
			if (f.y == y1 - 1 && f.x > g->w - 40 && i + 1 < n) {
				snprintf(buf, sizeof(buf), "+%zu more (s: statistics)", n - i);
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
		flow_entry(&f, UI_GLYPH_FORK, UI_A_MARK, 0, 0, "fork");
		flow_entry(&f, UI_GLYPH_EXIT, UI_A_MARK, 0, 0, "exit");
		flow_entry(&f, '0', UI_A_RUN_TEXT, 1, UI_CF_MARK, "underlined: a USDT marker fired");
	}
	return f.y - y + (f.x > 1 ? 1 : 0);
}

/* ---- statistics ---- */

static int by_runtime(const void *a, const void *b, void *model)
{
	const struct ss_model *m = model;
	uint64_t x = m->threads[*(const int32_t *)a].st.run_ns;
	uint64_t y = m->threads[*(const int32_t *)b].st.run_ns;

	return x < y ? 1 : x > y ? -1 : *(const int32_t *)a - *(const int32_t *)b;
}

static void draw_stats(struct ui_view *v, struct ui_grid *g, int y, int y1)
{
	const struct ss_model *m = v->m;
	int32_t *order = malloc((m->nthreads ? m->nthreads : 1) * sizeof(*order));
	size_t n = 0;
	int x;
	char run[32], wait[32], wmax[32];
	int64_t npc = (int64_t)ui_view_cell_ns(v);
	int64_t ra = v->t0 > 0 ? v->t0 : 0, rb = v->t0 + (int64_t)v->cells * npc;
	int64_t span = (int64_t)ui_view_span_ns(v);

	if (!order)
		return;
	for (size_t i = 0; i < m->nthreads; i++)
		if (ui_view_match(v, m->threads[i].tid))
			order[n++] = (int32_t)i;
	qsort_r(order, n, sizeof(*order), by_runtime, (void *)m);
	/* fits 80 columns */
	ui_grid_textf(g, 1, y++, g->w - 2, UI_A_HEADING, "%-17s %6s %9s %9s %9s %5s %5s %5s %5s",
		      "thread", "tid", "runtime", "waited", "max wait", "vol", "invol", "migr", "wakes");
	for (size_t k = 0; k < n && y < y1 - 1; k++) {
		const struct ss_thread *t = &m->threads[order[k]];
		char name[64];

		if (y == y1 - 2 && k + 1 < n) {
			ui_grid_textf(g, 1, y++, g->w - 2, UI_A_DIM, "... %zu more threads (/ filters)", n - k);
			break;
		}
		snprintf(name, sizeof(name), "%s%s", ui_task_name(v, t->tid), t->flags & SS_THREADF_EXITED ? " +" : "");
		ui_grid_put(g, 1, y, UI_GLYPH_FULL, UI_A_RUN, (uint8_t)(1 + (size_t)order[k] % UI_NCOLORS));
		ui_grid_textf(g, 3, y++, g->w - 4, UI_A_NORMAL, "%-15.15s %6u %9s %9s %9s %5u %5u %5u %5u",
			      name, t->tid, fmt_dur(run, sizeof(run), t->st.run_ns),
			      fmt_dur(wait, sizeof(wait), t->st.wait_ns), fmt_dur(wmax, sizeof(wmax), t->st.wait_max_ns),
			      t->st.vol_switches, t->st.invol_switches, t->st.migrations, t->st.wakeups);
	}
	free(order);
	if (y >= y1)
		return;
	/* per CPU, over the window */
	if (rb > span)
		rb = span;
	x = 1 + ui_grid_text(g, 1, y, g->w - 2, UI_A_HEADING, "CPU use in view:");
	for (unsigned c = 0; c < m->ncpus && rb > ra; c++) {
		uint64_t busy = 0, len = (uint64_t)(rb - ra);
		char buf[32];

		for (int col = 0; col < v->cells; col++) {
			uint64_t a, b;
			struct ui_cpu_cell cc;

			/* cell by cell, so the running task is counted up to now */
			if (ui_view_cell_span(v, col, &a, &b)) {
				ui_cpu_cell(v, c, a, b, &cc);
				busy += cc.busy_ns;
			}
		}
		snprintf(buf, sizeof(buf), " cpu%u %u%%", c, (unsigned)(busy * 100 / len));
		if (x + (int)strlen(buf) >= g->w - 1) {
			if (++y >= y1)
				break;
			x = 1;
		}
		x += ui_grid_text(g, x, y, g->w - x - 1, UI_A_NORMAL, buf);
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
		ui_grid_text(g, 3, y++, g->w - 4, attr, line);
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
		int rows = y1 - y < DETAIL_ROWS ? y1 - y : DETAIL_ROWS;

		y += v->mode == UI_MODE_CPU ? draw_cpu_detail(v, g, y, rows) : draw_thread_detail(v, g, y, rows);
		y = y0 + 1 + DETAIL_ROWS < y1 ? y0 + 1 + DETAIL_ROWS : y1;
	}
	if (v->show_stats) {
		draw_stats(v, g, y, y1);
	} else {
		int legend_end = y1;

		/* the lesson and the output get what the legend leaves */
		if (v->show_lesson && v->lesson && y1 - y > 4)
			legend_end = y + 3;
		y += draw_legend(v, g, y, legend_end);
		if (v->show_lesson && v->lesson && y + 1 < y1)
			y += 1 + draw_lines(g, y + 1, y1, "lesson (L hides)", v->lesson, UI_A_NORMAL);
		if (v->out_path && v->out_tail && v->out_tail[0] && y + 1 < y1) {
			snprintf(buf, sizeof(buf), "output (%s)", v->out_path);
			draw_lines(g, y + 1, y1, buf, v->out_tail, UI_A_DIM);
		}
	}
	if (v->msg[0] && y1 > y0 + 1) {
		ui_grid_fill(g, 0, y1 - 1, g->w, ' ', UI_A_NORMAL);
		ui_grid_text(g, 1, y1 - 1, g->w - 2, v->msg_attr ? v->msg_attr : UI_A_HEADING, v->msg);
	}
}

/* ---- the key table ---- */

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
		ui_grid_text(g, x + 13, y, colw - 14, UI_A_NORMAL, b[i].help);
	}
	ui_grid_text(g, x0 + 2, y0 + bh - 2, bw - 4, UI_A_DIM,
		     "Recording never pauses. The wheel zooms at the mouse. Any key closes this.");
}
