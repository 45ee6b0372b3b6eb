/*
 * Two timelines stacked: run A over run B, for comparing two runs of one
 * lesson (lock and lock --no-lock). Each half is a whole view of its own
 * trace (its own lanes, detail line and status line, drawn by render.c into
 * a grid of half the screen); what they share is time: each is aligned at its
 * own start (or at a marker's first firing), one zoom and one window for
 * both, one cursor column. Keys go to both views, then the time of the
 * longer trace, whose limits are the wider, is given to the other; the lane
 * cursor moves in the half with the focus only (the top one, or the one
 * last clicked). The views belong to the caller.
 */
#ifndef SCHEDSCOPE_UI_SPLIT_H
#define SCHEDSCOPE_UI_SPLIT_H

#include "ui/grid.h"
#include "ui/keys.h"
#include "ui/view.h"

struct ui_split {
	struct ui_view *v[2];      /* top, bottom */
	struct ui_grid half[2];
	int top_h;                 /* rows of the top half in the last frame */
	int focus;                 /* the half the lane keys move (a click chooses it) */
	int64_t align_ns[2];       /* the moment of each that lines up, ns since its start (0: the start) */
};

/* Starts a split of a over b: the lesson panels folded (the halves are
 * compact), b put on a's time. */
void ui_split_init(struct ui_split *s, struct ui_view *a, struct ui_view *b);
void ui_split_free(struct ui_split *s);
/* The other half shows from's view (CPUs or threads) too: a rerun's two
 * runs are compared in one view, and Tab then toggles both together. */
void ui_split_same_mode(struct ui_split *s, const struct ui_view *from);
/* Both halves into g (the key table, when asked for, over the whole). */
void ui_split_render(struct ui_split *s, struct ui_grid *g);
/* One input for both views; what the loop should do (UI_ACT_*). */
unsigned ui_split_handle(struct ui_split *s, const struct ui_input *in);
/* When marker (its name, or provider:name) first fired in m, ns since m's
 * start: 0, or -ENOENT when it never did. */
int ui_split_marker_ns(const struct ss_model *m, const char *marker, int64_t *rel_ns);
/* Lines the two up at marker's first firing in each instead of their
 * starts. 0, or -ENOENT (one of them has no such marker; nothing changes). */
int ui_split_align(struct ui_split *s, const char *marker);
/* Gives the other view the time (zoom, window, cursor column) of the view
 * with the longer trace. */
void ui_split_sync(struct ui_split *s);

#endif
