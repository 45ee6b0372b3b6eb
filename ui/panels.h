/*
 * Everything around the timeline: the header, the detail of the cursor's
 * cell (in the model's plain words, model/explain.h), the legend, the
 * statistics, the lesson, the command's output, the status line and the key
 * table.
 */
#ifndef SCHEDSCOPE_UI_PANELS_H
#define SCHEDSCOPE_UI_PANELS_H

#include "ui/grid.h"
#include "ui/view.h"

void ui_draw_header(struct ui_view *v, struct ui_grid *g, int y);
void ui_draw_status(struct ui_view *v, struct ui_grid *g, int y);
/* The panels below the lanes, rows [y0, y1). */
void ui_draw_panels(struct ui_view *v, struct ui_grid *g, int y0, int y1);
void ui_draw_help(struct ui_view *v, struct ui_grid *g);

#endif
