/* The checklist panel: the lesson's checks as lessons/check.c left them in
 * the view (ui/lesson_view.c keeps them current), a verdict and a sentence
 * each. Live, a check shows its title, dim, until the trace shows it; then
 * its tick and its evidence. The heading counts how many the run has shown. */
#include "ui/checklist.h"

#include <stdio.h>

#include "util/fmt.h"

const char *ui_check_mark(enum lesson_verdict verdict, bool ascii)
{
	if (!ascii)
		return lesson_verdict_mark(verdict);
	switch (verdict) {
	case LESSON_PASS: return "ok";
	case LESSON_FAIL: return "NO";
	case LESSON_INCONCLUSIVE: return "??";
	default: return "..";
	}
}

static uint8_t verdict_attr(enum lesson_verdict verdict)
{
	switch (verdict) {
	case LESSON_PASS: return UI_A_HEADING;
	case LESSON_FAIL: return UI_A_ALERT;
	default: return UI_A_DIM;
	}
}

/* Per phase: wall time, CPU time, switches, forks and clones. */
static int draw_phases(struct ui_view *v, struct ui_grid *g, int y, int y1)
{
	int y0 = y;

	if (v->nphases < 2 || y + 1 >= y1)
		return 0;
	ui_grid_textf(g, 3, y++, g->w - 4, UI_A_HEADING, "%-20s %9s %9s %9s %7s %7s %6s %6s", "phase", "wall", "CPU",
		      "switches", "vol", "invol", "forks", "clones");
	for (size_t i = 0; i < v->nphases && y < y1; i++) {
		const struct ss_totals *t = &v->phases[i].totals;
		char wall[32], cpu[32];

		ui_grid_textf(g, 3, y++, g->w - 4, UI_A_NORMAL, "%-20.20s %9s %9s %9u %7u %7u %6u %6u", v->phases[i].name,
			      fmt_dur(wall, sizeof(wall), t->wall_ns), fmt_dur(cpu, sizeof(cpu), t->cpu_ns),
			      t->vol_switches + t->invol_switches, t->vol_switches, t->invol_switches, t->forks, t->clones);
	}
	return y - y0;
}

int ui_draw_checklist(struct ui_view *v, struct ui_grid *g, int y, int y1)
{
	const struct lesson_checklist *cl = &v->checks;
	size_t passed = 0;
	int y0 = y, wrap;
	char line[600];

	if (!v->les || !cl->n || y >= y1)
		return 0;
	for (size_t i = 0; i < cl->n; i++)
		passed += cl->r[i].verdict == LESSON_PASS;
	/* a sentence wraps onto a second row when every check has room for two */
	wrap = y1 - y > 1 + 2 * (int)cl->n + (v->share_line[0] != 0) ? 2 : 1;
	ui_grid_textf(g, 1, y++, g->w - 2, UI_A_HEADING, "what to notice: %zu of %zu seen  (n/N: to a check's moment)",
		      passed, cl->n);
	for (size_t i = 0; i < cl->n && y < y1; i++) {
		const struct lesson_result *r = &cl->r[i];
		const char *mark = ui_check_mark(r->verdict, g->ascii);
		int mw = ui_text_width(mark);

		ui_grid_text(g, 3, y, mw, verdict_attr(r->verdict), mark);
		snprintf(line, sizeof(line), "%s", r->verdict == LESSON_PENDING || !r->evidence[0] ? r->title : r->evidence);
		y += ui_grid_wrap(g, 4 + mw, y, g->w - 5 - mw, wrap < y1 - y ? wrap : y1 - y, 2,
				  r->verdict == LESSON_PENDING ? UI_A_DIM : UI_A_NORMAL, line);
		if (r->verdict != LESSON_PASS && r->verdict != LESSON_PENDING && r->hint[0] && y < y1)
			y += ui_grid_wrap(g, 6 + mw, y, g->w - 7 - mw, 1, 2, UI_A_KEY, r->hint);
	}
	if (v->share_line[0] && y < y1)
		ui_grid_textf(g, 3, y++, g->w - 4, UI_A_ALERT, "%s: the run may not show what it would on a quiet machine",
			      v->share_line);
	return y - y0 + draw_phases(v, g, y, y1);
}
