/* Opening on a lesson's point, and keeping its checklist current. The window
 * and the lanes come from lessons/lesson.c; the checks from lessons/check.c,
 * run again only when the model has grown (a check already passed is not
 * run again there either, until the run has finished), so a frame pays for
 * them only when there is something new to look at. */
#include "ui/lesson_view.h"

#include <stdio.h>
#include <string.h>

#include "lessons/shapes.h"
#include "scenarios/probes.h"

#define UPDATE_EVERY 65536      /* events: below this, the checks run at every new batch */

void ui_lesson_attach(struct ui_view *v, const struct lesson *l)
{
	v->les = l;
	v->nfirst = 0;
	v->checks_events = 0;
	v->checks_finished = false;
	v->extra_rows = 0;
	if (!l) {
		memset(&v->checks, 0, sizeof(v->checks));
		return;
	}
	lesson_checklist_init(&v->checks, l);
	/* a queue of tasks (pool) has its pending-tasks row above the lanes */
	v->extra_rows = l->sc->markers && strstr(l->sc->markers, "put") && l->sc->items == SCENARIO_ITEMS_TASK;
}

/* The phases' totals and the CPU share: what the checks' verdicts depend on. */
static void context_update(struct ui_view *v)
{
	struct ss_cpu_share share;
	uint64_t run0, run1;

	lesson_marks_sync(&v->checks.mk, v->m);
	v->nphases = lesson_phases(&v->checks.mk, v->m, true, v->phases, UI_PHASES_MAX);
	if (v->nphases > UI_PHASES_MAX)
		v->nphases = UI_PHASES_MAX;
	lesson_run_span(v->m, &run0, &run1);
	ss_model_cpu_share(v->m, run0, run1, &share);
	if (!ss_cpu_share_line(&share, UI_SHARE_WARN_PCT, v->share_line, sizeof(v->share_line)))
		v->share_line[0] = 0;
}

/* The checks run again; live, one the trace now shows lights up in the
 * message row. How many changed. */
static size_t checks_update(struct ui_view *v)
{
	enum lesson_verdict before[LESSON_MAX_CHECKS];
	size_t changed;

	for (size_t i = 0; i < v->checks.n; i++)
		before[i] = v->checks.r[i].verdict;
	changed = lesson_checklist_update(&v->checks, v->m);
	for (size_t i = 0; changed && v->phase == UI_PHASE_LIVE && i < v->checks.n; i++)
		if (before[i] != LESSON_PASS && v->checks.r[i].verdict == LESSON_PASS) {
			snprintf(v->msg, sizeof(v->msg), "%s %s", lesson_verdict_mark(LESSON_PASS),
				 v->checks.r[i].evidence);
			v->msg_attr = UI_A_HEADING;
		}
	return changed;
}

size_t ui_lesson_update(struct ui_view *v)
{
	if (!v->les || (v->m->nevents == v->checks_events && v->checks_finished == v->m->finished))
		return 0;
	/* live, on a long recording: again once the trace has grown by an
	 * eighth (the checks read all of it), so they cost O(events) in all */
	if (!v->m->finished && v->checks_events >= UPDATE_EVERY && v->m->nevents < v->checks_events + v->checks_events / 8)
		return 0;
	v->checks_events = v->m->nevents;
	v->checks_finished = v->m->finished;
	context_update(v);
	return checks_update(v);
}

/* The zoom level whose cells cover from..to in the lanes' width. */
static void zoom_to(struct ui_view *v, uint64_t from_ns, uint64_t to_ns)
{
	uint64_t want = (to_ns - from_ns + (uint64_t)v->cells - 1) / (uint64_t)(v->cells > 0 ? v->cells : 1);
	int level = 0;

	while ((size_t)level + 1 < ui_zoom_count() && ui_zoom_ns(level) < want)
		level++;
	v->zoom = level;
}

enum ui_mode ui_lesson_mode(const struct lesson *l)
{
	return l->show->view == SCENARIO_VIEW_CPU ? UI_MODE_CPU : UI_MODE_THREAD;
}

void ui_lesson_open(struct ui_view *v, int w, int h)
{
	uint64_t from_ns, to_ns, first_ns = 0;
	bool first = false;

	v->follow = false;
	v->paused = false;
	if (!v->les) {
		ui_view_layout(v, w, h);
		ui_view_fit(v);
		ui_view_layout(v, w, h);
		return;
	}
	v->mode = ui_lesson_mode(v->les);
	v->nfirst = lesson_lanes_first(v->les, v->m, v->first, UI_LANES_FIRST);
	v->built.valid = false;
	v->cur_lane = v->lane_top = 0;
	ui_view_layout(v, w, h);
	lesson_window(v->les, v->m, &from_ns, &to_ns);
	if (to_ns <= from_ns)
		to_ns = from_ns + 1;
	zoom_to(v, from_ns, to_ns);
	ui_view_goto(v, (int64_t)(from_ns - v->m->start_ns));
	/* the cursor on the window's first moment a check is about (the first
	 * in time, not in the list: lost-update's first check is the balance at
	 * the end, where both threads are gone), else its start */
	v->cur_col = 0;
	ui_lesson_update(v);
	for (size_t i = 0; i < v->checks.n; i++) {
		const struct lesson_result *r = &v->checks.r[i];
		uint64_t at = lesson_result_moment(r);

		if (r->verdict == LESSON_PASS && at >= from_ns && at < to_ns && (!first || at < first_ns)) {
			first = true;
			first_ns = at;
		}
	}
	if (first)
		v->cur_col = (int)(((int64_t)(first_ns - v->m->start_ns) - v->t0) / (int64_t)ui_view_cell_ns(v));
	ui_view_layout(v, w, h);
}
