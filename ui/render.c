/* One frame: the view laid out for the grid's size, then drawn top to
 * bottom by the timeline (timeline.c) and the panels (panels.c). The only
 * file that calls both; neither calls back. */
#include "ui/render.h"

#include "ui/lesson_shapes.h"
#include "ui/lesson_view.h"
#include "ui/panels.h"
#include "ui/timeline.h"

void ui_render(struct ui_view *v, struct ui_grid *g)
{
	ui_grid_clear(g);
	if (g->w < UI_MIN_W || g->h < UI_MIN_H) {
		ui_grid_textf(g, 0, 0, g->w, UI_A_ALERT, "schedscope needs %dx%d; this terminal is %dx%d",
			      UI_MIN_W, UI_MIN_H, g->w, g->h);
		ui_grid_text(g, 0, 1, g->w, UI_A_DIM, "make it larger, or press q to quit");
		v->w = g->w;
		v->h = g->h;
		return;
	}
	ui_render_part(v, g);
}

void ui_render_part(struct ui_view *v, struct ui_grid *g)
{
	int y;

	ui_grid_clear(g);
	ui_lesson_update(v);
	ui_view_layout(v, g->w, g->h);
	ui_draw_header(v, g, 0);
	ui_draw_ruler(v, g, 1);
	ui_draw_phases(v, g, 2);
	ui_draw_markers(v, g, 3);
	for (y = 0; y < v->lanes_h && v->lane_top + y < (int)v->nlanes; y++) {
		const struct ui_lane *l = &v->lanes[v->lane_top + y];

		if (v->mode == UI_MODE_CPU)
			ui_draw_cpu_lane(v, g, v->lanes_y + y * v->lane_rows, v->lane_rows, (unsigned)l->id);
		else
			ui_draw_thread_lane(v, g, v->lanes_y + y, l);
	}
	/* the hand-offs' marks first: the labels go around them */
	ui_draw_handoffs(v, g);
	for (y = 0; v->mode == UI_MODE_THREAD && y < v->lanes_h && v->lane_top + y < (int)v->nlanes; y++)
		ui_draw_lesson_lane(v, g, v->lanes_y + y, &v->lanes[v->lane_top + y]);
	if (v->extra_rows)
		ui_draw_pending(v, g, v->lanes_y - 1);
	if (!v->nlanes)
		ui_grid_text(g, v->label_w + 1, v->lanes_y, v->cells, UI_A_DIM,
			     v->filter[0] ? "nothing matches the filter (/ changes it)" : "no threads yet");
	ui_draw_panels(v, g, v->lanes_y + v->lanes_h * v->lane_rows, g->h - 1);
	ui_draw_status(v, g, g->h - 1);
	if (v->show_help)
		ui_draw_help(v, g);
}

int ui_render_fit(struct ui_view *v, struct ui_grid *g, int w)
{
	int h = UI_MIN_H;

	if (w < UI_MIN_W)
		w = UI_MIN_W;
	for (;; h++) {
		ui_view_layout(v, w, h);
		if (h >= UI_FIT_MAX_H || (v->lanes_h >= (int)v->nlanes && (v->mode != UI_MODE_CPU ||
		    v->lane_rows == 3 || v->nlanes > 16)))
			break;
	}
	if (ui_grid_resize(g, w, h))
		return -1;
	ui_render(v, g);
	return 0;
}
