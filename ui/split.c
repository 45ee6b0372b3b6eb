/* The split screen: two views, one time scale. Each half is rendered as a
 * screen of its own (render.c) and copied into place; the thread labels are
 * made as wide in both, so a column is the same moment in both halves. */
#include "ui/split.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ui/render.h"

/* The view whose trace is the longer: its limits hold the other's. */
static int leader(const struct ui_split *s)
{
	return ui_view_span_ns(s->v[1]) > ui_view_span_ns(s->v[0]) ? 1 : 0;
}

void ui_split_init(struct ui_split *s, struct ui_view *a, struct ui_view *b)
{
	memset(s, 0, sizeof(*s));
	s->v[0] = a;
	s->v[1] = b;
	a->show_lesson = b->show_lesson = false;
	/* one scale for both: when each opened on a window of its own (its
	 * lesson's), the longer run whole; a zoom asked for (--zoom) stays */
	if (a->zoom != b->zoom)
		ui_view_fit(s->v[leader(s)]);
	ui_split_sync(s);
}

void ui_split_same_mode(struct ui_split *s, const struct ui_view *from)
{
	struct ui_view *o = s->v[0] == from ? s->v[1] : s->v[0];

	if (o->mode == from->mode)
		return;
	o->mode = from->mode;
	o->built.valid = false;
	o->cur_lane = o->lane_top = 0;
}

void ui_split_free(struct ui_split *s)
{
	ui_grid_free(&s->half[0]);
	ui_grid_free(&s->half[1]);
}

void ui_split_sync(struct ui_split *s)
{
	const struct ui_view *l = s->v[leader(s)];
	struct ui_view *o = s->v[!leader(s)];

	o->zoom = l->zoom;
	/* the same distance from each one's aligned moment, to the nearest
	 * cell: the ruler ticks at whole cells */
	{
		int64_t npc = (int64_t)ui_view_cell_ns(l), d = s->align_ns[!leader(s)] - s->align_ns[leader(s)];

		d = (d >= 0 ? d + npc / 2 : d - npc / 2) / npc * npc;
		o->t0 = l->t0 + d;
	}
	o->cur_col = l->cur_col;
	/* the shorter trace cannot follow past its own end */
	o->follow = l->follow && o->phase == UI_PHASE_LIVE;
}

int ui_split_marker_ns(const struct ss_model *m, const char *marker, int64_t *rel_ns)
{
	for (size_t i = 0; i < m->nmarkers; i++) {
		const struct ss_event *e = &m->marks[m->markers[i]];
		const struct ss_probe *p = ss_model_probe_by_id(m, e->marker.probe);
		char full[160];

		if (!p)
			continue;
		snprintf(full, sizeof(full), "%s:%s", p->provider, p->name);
		if (!strcmp(marker, p->name) || !strcmp(marker, full)) {
			*rel_ns = (int64_t)(e->ts_ns - m->start_ns);
			return 0;
		}
	}
	return -ENOENT;
}

int ui_split_align(struct ui_split *s, const char *marker)
{
	int64_t at[2];

	for (int i = 0; i < 2; i++)
		if (ui_split_marker_ns(s->v[i]->m, marker, &at[i]))
			return -ENOENT;
	s->align_ns[0] = at[0];
	s->align_ns[1] = at[1];
	/* the moment in view, a tenth of the way in */
	{
		struct ui_view *l = s->v[leader(s)];
		int cells = l->cells > 0 ? l->cells : 100;

		ui_view_goto(l, at[leader(s)] - (int64_t)(cells / 10) * (int64_t)ui_view_cell_ns(l));
	}
	ui_split_sync(s);
	return 0;
}

/* Thread labels as wide in both halves, so the columns line up. */
static void same_labels(struct ui_split *s, int w, const int h[2])
{
	for (int i = 0; i < 2; i++) {
		s->v[i]->label_w_min = 0;
		ui_view_layout(s->v[i], w, h[i]);
	}
	if (s->v[0]->label_w != s->v[1]->label_w) {
		int lw = s->v[0]->label_w > s->v[1]->label_w ? s->v[0]->label_w : s->v[1]->label_w;

		for (int i = 0; i < 2; i++)
			s->v[i]->label_w_min = lw;
	}
}

void ui_split_render(struct ui_split *s, struct ui_grid *g)
{
	int h[2] = { g->h / 2, g->h - g->h / 2 };

	if (g->h < 2 * UI_PART_MIN_H || s->v[0]->show_help) {
		ui_render(s->v[0], g);
		return;
	}
	ui_grid_clear(g);
	s->top_h = h[0];
	ui_split_sync(s);          /* a live run grows: which is the longer may change */
	same_labels(s, g->w, h);
	for (int i = 0; i < 2; i++) {
		struct ui_grid *p = &s->half[i];

		if (p->w != g->w || p->h != h[i])
			ui_grid_resize(p, g->w, h[i]);
		p->ascii = g->ascii;
		ui_render_part(s->v[i], p);
		for (int y = 0; y < p->h && p->c; y++)
			memcpy(&g->c[(size_t)(y + i * h[0]) * (size_t)g->w], &p->c[(size_t)y * (size_t)p->w],
			       (size_t)p->w * sizeof(*p->c));
	}
}

unsigned ui_split_handle(struct ui_split *s, const struct ui_input *in)
{
	unsigned act = 0;

	struct ui_view *other;
	int lane, top;
	enum ui_mode mode;
	char filter[sizeof(s->v[0]->filter)];

	if (in->kind == UI_IN_MOUSE && in->button == UI_MOUSE_CLICK && !s->v[0]->show_help) {
		/* a click is in one half: its own rows; that half has the lane keys */
		struct ui_input local = *in;
		int i = in->y >= s->top_h && s->top_h ? 1 : 0;

		local.y -= i * s->top_h;
		s->focus = i;
		act = ui_keys_handle(s->v[i], &local);
		s->v[!i]->cur_col = s->v[i]->cur_col;
		return act;
	}
	/* a prompt open in one half (the rerun's) takes the keys alone */
	if (in->kind == UI_IN_KEY && s->v[0]->prompting != s->v[1]->prompting)
		return ui_keys_handle(s->v[s->v[1]->prompting], in);
	/* time is shared, lanes are each run's own: the half without the
	 * focus keeps its lane cursor, unless the lanes themselves changed */
	other = s->v[!s->focus];
	lane = other->cur_lane;
	top = other->lane_top;
	mode = other->mode;
	memcpy(filter, other->filter, sizeof(filter));
	for (int i = 0; i < 2; i++)
		act |= ui_keys_handle(s->v[i], in);
	if (other->mode == mode && !memcmp(filter, other->filter, sizeof(filter))) {
		other->cur_lane = lane;
		other->lane_top = top;
	}
	ui_split_sync(s);
	return act;
}
