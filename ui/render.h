/*
 * Renders the whole screen of a view into a cell grid (its size is the
 * screen's): what the terminal layer copies out, what batch mode prints and
 * what the tests read.
 */
#ifndef SCHEDSCOPE_UI_RENDER_H
#define SCHEDSCOPE_UI_RENDER_H

#include "ui/grid.h"
#include "ui/view.h"

void ui_render(struct ui_view *v, struct ui_grid *g);
/* The same without the smallest-screen check, for a part of a screen (the
 * halves of ui/split.c): at least UI_PART_MIN_H rows. */
#define UI_PART_MIN_H 12
void ui_render_part(struct ui_view *v, struct ui_grid *g);
/* A picture of the view w columns wide: the grid is sized to the rows that
 * show every lane (CPU lanes at their tallest, up to UI_FIT_MAX_H rows),
 * then rendered. 0, or -1 (no memory). */
#define UI_FIT_MAX_H 1000
int ui_render_fit(struct ui_view *v, struct ui_grid *g, int w);

#endif
