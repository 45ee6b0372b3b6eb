/*
 * Drawing the timeline into the grid: the ruler, the marker row, and the CPU
 * and thread lanes, cell by cell from ui/cells.h.
 */
#ifndef SCHEDSCOPE_UI_TIMELINE_H
#define SCHEDSCOPE_UI_TIMELINE_H

#include "ui/grid.h"
#include "ui/view.h"

void ui_draw_ruler(struct ui_view *v, struct ui_grid *g, int y);
void ui_draw_markers(struct ui_view *v, struct ui_grid *g, int y);
/* A CPU lane over rows [y, y + rows): a bar per cell, its height the busy share. */
void ui_draw_cpu_lane(struct ui_view *v, struct ui_grid *g, int y, int rows, unsigned cpu);
void ui_draw_thread_lane(struct ui_view *v, struct ui_grid *g, int y, const struct ui_lane *l);

#endif
