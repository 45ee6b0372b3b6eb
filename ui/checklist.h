/*
 * The lesson's "what to notice", checked: one row per check with its
 * verdict (✓ ✗ ? …, or ok/NO/??/.. on an ASCII terminal) and its evidence
 * in this run's numbers, the hint under a check the run did not show.
 */
#ifndef SCHEDSCOPE_UI_CHECKLIST_H
#define SCHEDSCOPE_UI_CHECKLIST_H

#include "ui/grid.h"
#include "ui/view.h"

/* Draws the checklist over rows [y, y1); returns the rows used (0: no lesson). */
int ui_draw_checklist(struct ui_view *v, struct ui_grid *g, int y, int y1);
/* The verdict's mark: its glyph, or a two-letter word on an ASCII grid. */
const char *ui_check_mark(enum lesson_verdict verdict, bool ascii);

#endif
