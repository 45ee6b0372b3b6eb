/* The step keys' moves. Times come from the model's indices (a thread's
 * runs by binary search, the markers' sorted list), so a step costs the
 * same on a long trace as on a short one. */
#include "ui/step.h"

#include <stdio.h>

#include "ui/checklist.h"

uint32_t ui_step_thread(const struct ui_view *v)
{
	return v->have_sel ? v->sel_tid : ui_view_cursor_task(v);
}

/* The cursor's cell, [a, b) in absolute ns; false when it is off the trace. */
static bool cursor_span(const struct ui_view *v, uint64_t *a, uint64_t *b)
{
	return ui_view_cell_span(v, v->cur_col, a, b);
}

void ui_step_to(struct ui_view *v, uint64_t ts, uint32_t tid)
{
	int64_t npc = (int64_t)ui_view_cell_ns(v), rel = (int64_t)(ts - v->m->start_ns);
	int64_t col = (rel - v->t0) >= 0 ? (rel - v->t0) / npc : -1;

	if (col < 0 || col >= v->cells) {
		/* off screen: the moment a third of the way in */
		ui_view_goto(v, rel - (int64_t)(v->cells / 3) * npc);
		col = (rel - v->t0) / npc;
	}
	v->follow = false;
	v->cur_col = (int)(col < 0 ? 0 : col >= v->cells ? v->cells - 1 : col);
	for (size_t i = 0; tid && v->mode == UI_MODE_THREAD && i < v->nlanes; i++)
		if (v->m->threads[v->lanes[i].id].tid == tid) {
			ui_view_move_lane(v, (int)i - v->cur_lane);
			break;
		}
}

/* Keeps the candidate nearest the cursor's cell on the side dir looks. */
static void consider(uint64_t ts, int dir, uint64_t a, uint64_t b, uint64_t *best, bool *have)
{
	if (!ts || ts == UINT64_MAX)
		return;
	if (dir > 0 ? ts < b : ts >= a)
		return;
	if (!*have || (dir > 0 ? ts < *best : ts > *best)) {
		*best = ts;
		*have = true;
	}
}

bool ui_step_event(struct ui_view *v, int dir)
{
	uint32_t tid = ui_step_thread(v);
	const struct ss_thread *t = tid ? ss_model_thread(v->m, tid) : NULL;
	uint64_t a, b, best = 0;
	bool have = false;
	long k;
	size_t i;

	if (!t || !cursor_span(v, &a, &b)) {
		snprintf(v->msg, sizeof(v->msg), "no thread to step through: put the cursor on one (or Enter selects it)");
		return false;
	}
	/* runs: begun, ended, woken before them; the ones around the cursor */
	k = ss_model_thread_find(v->m, t, dir > 0 ? b - 1 : a - 1);
	for (long r = k - 1; r <= k + 1; r++) {
		const struct ss_slice *s;

		if (r < 0 || (size_t)r >= t->nruns)
			continue;
		s = ss_model_run(v->m, t, (size_t)r);
		consider(s->ready_ns, dir, a, b, &best, &have);
		consider(s->start_ns, dir, a, b, &best, &have);
		if (s->end_ns != SS_OPEN_END)
			consider(s->end_ns, dir, a, b, &best, &have);
	}
	/* its markers */
	i = ss_model_thread_mark_lower(v->m, t, dir > 0 ? b : a);
	if (dir > 0 && i < t->nmarks)
		consider(v->m->marks[t->marks[i]].ts_ns, dir, a, b, &best, &have);
	if (dir < 0 && i > 0)
		consider(v->m->marks[t->marks[i - 1]].ts_ns, dir, a, b, &best, &have);
	if (!have) {
		snprintf(v->msg, sizeof(v->msg), "%s %u has no %s event", ui_task_name(v, tid), tid,
			 dir > 0 ? "later" : "earlier");
		return false;
	}
	ui_step_to(v, best, 0);
	return true;
}

bool ui_step_marker(struct ui_view *v, int dir)
{
	uint64_t a, b;
	size_t k;
	const struct ss_event *ev;

	if (!v->m->nmarkers || !cursor_span(v, &a, &b)) {
		snprintf(v->msg, sizeof(v->msg), "no markers in this trace");
		return false;
	}
	k = ss_model_marker_lower(v->m, dir > 0 ? b : a);
	if (dir > 0 ? k >= v->m->nmarkers : k == 0) {
		snprintf(v->msg, sizeof(v->msg), "no %s marker", dir > 0 ? "later" : "earlier");
		return false;
	}
	ev = &v->m->marks[v->m->markers[dir > 0 ? k : k - 1]];
	ui_step_to(v, ev->ts_ns, ev->pid);
	return true;
}

bool ui_step_check(struct ui_view *v, int dir)
{
	uint64_t a, b, best = 0;
	bool have = false;

	if (!v->les || !v->checks.n) {
		snprintf(v->msg, sizeof(v->msg), "no checks: this trace is not of a lesson");
		return false;
	}
	if (!cursor_span(v, &a, &b))
		a = b = v->m->start_ns;
	for (size_t i = 0; i < v->checks.n; i++) {
		const struct lesson_result *r = &v->checks.r[i];

		if (r->verdict != LESSON_PENDING)
			consider(lesson_result_moment(r), dir, a, b, &best, &have);
	}
	if (!have) {
		snprintf(v->msg, sizeof(v->msg), "no check is about %s moment", dir > 0 ? "a later" : "an earlier");
		return false;
	}
	/* to the check's main actor, saying which check it is */
	for (size_t i = 0; i < v->checks.n; i++) {
		const struct lesson_result *r = &v->checks.r[i];

		if (r->verdict != LESSON_PENDING && lesson_result_moment(r) == best) {
			ui_step_to(v, best, r->ntids ? r->tids[0] : 0);
			snprintf(v->msg, sizeof(v->msg), "%s %s", ui_check_mark(r->verdict, false),
				 r->evidence[0] ? r->evidence : r->title);
			break;
		}
	}
	return true;
}
