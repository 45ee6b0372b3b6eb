/*
 * A lesson's shapes on the timeline, from lessons/shapes.h and the model's
 * hand-offs: labelled spans on a thread's lane ("task 3", "holds it:
 * Thread-2 waits", "own copy = Alice"), what fork() returned on both
 * lanes, the hand-offs (a write or an unlock, and the thread it woke) on
 * both lanes, and pool's pending-tasks row. Drawn over the lanes that
 * timeline.c drew; nothing here runs without a lesson.
 */
#ifndef SCHEDSCOPE_UI_LESSON_SHAPES_H
#define SCHEDSCOPE_UI_LESSON_SHAPES_H

#include "ui/grid.h"
#include "ui/view.h"

#define UI_GLYPH_WOKE_DOWN 0x2193u  /* ↓ woke a thread on a lane below */
#define UI_GLYPH_WOKE_UP   0x2191u  /* ↑ woke a thread on a lane above */
#define UI_GLYPH_WOKEN     0x25cfu  /* ● woken here by a hand-off */

/* Spans and point labels of the thread lane l at row y. */
void ui_draw_lesson_lane(struct ui_view *v, struct ui_grid *g, int y, const struct ui_lane *l);
/* The hand-offs between the thread lanes on screen. */
void ui_draw_handoffs(struct ui_view *v, struct ui_grid *g);
/* The lesson's phases named on the ruler's tick row y, when it has several. */
void ui_draw_phases(struct ui_view *v, struct ui_grid *g, int y);
/* The pending-tasks row (pool's queue depth over time) at row y. */
void ui_draw_pending(struct ui_view *v, struct ui_grid *g, int y);

#endif
