/*
 * The timeline view: what is on screen (CPU or thread lanes, the window of
 * time, the cursor, the panels) and how it renders into a cell grid. It
 * reads the model and the UI's own indexes; it knows nothing of curses, the
 * recorder or the keyboard (keys.c turns keys into calls on it).
 *
 * Times: the model's are absolute CLOCK_BOOTTIME ns; the view's left edge
 * t0 is relative to the trace's start (it may be negative: before the start).
 */
#ifndef SCHEDSCOPE_UI_VIEW_H
#define SCHEDSCOPE_UI_VIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/model.h"
#include "ui/grid.h"
#include "ui/index.h"

enum ui_mode { UI_MODE_CPU, UI_MODE_THREAD };

/* Where the trace in view comes from, and where it stands. */
enum ui_phase {
	UI_PHASE_TRACE,      /* a saved trace file */
	UI_PHASE_LIVE,       /* recording */
	UI_PHASE_STOPPING,   /* asked to stop; waiting for the command to go */
	UI_PHASE_FINISHED,   /* the recording ended; the UI stays open on it */
};

/* One lane on screen: a CPU, or a thread with its place in the fork tree. */
struct ui_lane {
	int32_t id;          /* CPU number, or index into m->threads */
	uint16_t depth;      /* fork-tree depth (thread view) */
	uint16_t last;       /* the last child of its parent */
	uint32_t open_mask;  /* bit d: the ancestor at depth d+1 has siblings below */
};

struct ui_view {
	const struct ss_model *m;
	const struct ui_index *ix;

	/* what is shown */
	enum ui_mode mode;
	int zoom;                  /* index into the zoom levels */
	int64_t t0;                /* left edge: ns since the trace's start */
	bool follow;               /* keep "now" at the right edge */
	bool paused;               /* live, but the view holds still */
	int cur_col;               /* cursor: cell column in the lanes (-1: not placed yet) */
	int cur_lane;              /* cursor: index into lanes[] */
	int lane_top;              /* first lane on screen */
	bool have_sel;
	uint32_t sel_tid;          /* the selected task (spotlit in every lane) */
	char filter[64];           /* name part or pid; "" shows everything */
	bool show_stats, show_help, show_lesson, fold_idle;
	bool prompting;            /* typing a filter */
	char prompt[64];
	char msg[512];             /* a one-off message (export result, hints) */
	uint8_t msg_attr;

	/* what the caller keeps up to date */
	uint64_t now_ns;           /* the newest moment: the clock while live */
	enum ui_phase phase;
	uint64_t events, lost;     /* for the status line */
	double events_per_s;
	const char *title;         /* scenario or command */
	const char *lesson;        /* the scenario's lesson text, or NULL */
	const char *trace_path;
	const char *out_path;      /* where the command's output goes (live) */
	const char *out_tail;      /* its last lines */

	/* the last frame's layout, for keys and the mouse */
	int w, h;
	int label_w, cells;        /* lane label width; cells in a lane */
	int lanes_y, lanes_h;      /* first lane row; lanes on screen */
	int lane_rows;             /* rows per lane: CPU lanes grow to 3 when there is room */
	struct ui_lane *lanes;
	size_t nlanes, lanes_cap;
	int32_t *scratch;          /* thread tree building */
	size_t scratch_cap;
};

#define UI_MIN_W 80
#define UI_MIN_H 24

void ui_view_init(struct ui_view *v, const struct ss_model *m, const struct ui_index *ix);
void ui_view_free(struct ui_view *v);

/* Renders the whole screen into g (its size is the screen's). */
void ui_view_render(struct ui_view *v, struct ui_grid *g);
/* Lays out for a w x h screen without drawing (lanes, cells, follow). */
void ui_view_layout(struct ui_view *v, int w, int h);

/* ---- zoom and time ---- */
size_t ui_zoom_count(void);
uint64_t ui_zoom_ns(int level);
/* ns per cell now. */
static inline uint64_t ui_view_cell_ns(const struct ui_view *v) { return ui_zoom_ns(v->zoom); }
/* Sets the zoom to the level nearest ns (anchor column keeps its time). */
void ui_view_set_zoom(struct ui_view *v, uint64_t ns, int anchor_col);
/* One level in (dir < 0: finer) or out (dir > 0), keeping anchor_col's time. */
void ui_view_zoom(struct ui_view *v, int dir, int anchor_col);
/* Shows the whole trace. */
void ui_view_fit(struct ui_view *v);
/* Moves the window by n cells (stops following). */
void ui_view_pan(struct ui_view *v, int n);
/* Puts rel_ns (since the start) at the left edge. */
void ui_view_goto(struct ui_view *v, int64_t rel_ns);
void ui_view_home(struct ui_view *v);
void ui_view_end(struct ui_view *v);
/* The cell at column col covers [*a, *b) in absolute ns; false if it lies
 * wholly before the trace's start or after now. */
bool ui_view_cell_span(const struct ui_view *v, int col, uint64_t *a, uint64_t *b);
/* The duration of the trace so far. */
uint64_t ui_view_span_ns(const struct ui_view *v);

/* ---- lanes and selection ---- */
void ui_view_move_lane(struct ui_view *v, int n);
void ui_view_move_cursor(struct ui_view *v, int n);
/* The task under the cursor, if any (0 when idle). */
uint32_t ui_view_cursor_task(const struct ui_view *v);
/* Selects the task under the cursor; false if there is none. */
bool ui_view_select(struct ui_view *v);
/* Does tid pass the filter? */
bool ui_view_match(const struct ui_view *v, uint32_t tid);
/* The palette colour of a task: 1.. for threads of the traced tree, 0 otherwise. */
uint8_t ui_view_task_color(const struct ui_view *v, uint32_t tid);
/* Lane index at screen row y, or -1. */
int ui_view_lane_at(const struct ui_view *v, int y);

/* ---- what a cell holds (timeline.c) ---- */
struct ui_cpu_cell {
	uint64_t busy_ns;             /* time something ran in the cell */
	const struct ss_slice *rep;   /* the run covering most of the cell, or NULL */
	uint64_t rep_ns;              /* how much of the cell it covers */
	unsigned nruns;               /* runs looked at (at most UI_CELL_SCAN + 1) */
	bool lost;                    /* events were lost on this CPU in the cell */
};
struct ui_thread_cell {
	uint64_t run_ns, wait_ns;     /* running, runnable in the cell */
	const struct ss_slice *run;   /* a run in the cell (the latest), or NULL */
	bool fork, exit, marker;      /* forked, exited, fired a USDT marker in the cell */
	struct ss_tstate_info mid;    /* the state at the cell's middle (see ui_thread_cell) */
	const struct ss_wait_rec *wait;  /* blocked at the middle: the sleep, if the model has it */
};
#define UI_CELL_SCAN 8
void ui_cpu_cell(const struct ui_view *v, unsigned cpu, uint64_t a, uint64_t b, struct ui_cpu_cell *c);
/* mid is looked up only when asked, or when the thread did not run in the
 * cell (the renderer needs it only then): it is a third binary search. */
void ui_thread_cell(const struct ui_view *v, size_t ti, uint64_t a, uint64_t b, bool want_mid,
		    struct ui_thread_cell *c);
/* The run of cpu in progress at now (live), or NULL. */
const struct ss_slice *ui_open_run(const struct ui_view *v, unsigned cpu);
/* The end of a run: now for the one in progress. */
static inline uint64_t ui_run_end(const struct ui_view *v, const struct ss_slice *s)
{
	return s->end_ns == SS_OPEN_END ? (v->now_ns > s->start_ns ? v->now_ns : s->start_ns) : s->end_ns;
}

/* ---- the pieces render calls (timeline.c, panels.c) ---- */
void ui_draw_ruler(struct ui_view *v, struct ui_grid *g, int y);
void ui_draw_markers(struct ui_view *v, struct ui_grid *g, int y);
/* A CPU lane over rows [y, y + rows): a bar per cell, its height the busy share. */
void ui_draw_cpu_lane(struct ui_view *v, struct ui_grid *g, int y, int rows, unsigned cpu);
void ui_draw_thread_lane(struct ui_view *v, struct ui_grid *g, int y, const struct ui_lane *l);
void ui_draw_header(struct ui_view *v, struct ui_grid *g, int y);
void ui_draw_status(struct ui_view *v, struct ui_grid *g, int y);
/* The panels below the lanes, rows [y0, y1). */
void ui_draw_panels(struct ui_view *v, struct ui_grid *g, int y0, int y1);
void ui_draw_help(struct ui_view *v, struct ui_grid *g);

/* Thread label for a lane, "├─name tid" with the tree drawn; returns buf. */
const char *ui_thread_label(const struct ui_view *v, const struct ui_lane *l, char *buf, size_t size);
/* Name of a task (its latest), for labels. */
const char *ui_task_name(const struct ui_view *v, uint32_t tid);
/* Seconds since the trace's start, "1.234567s", with as many decimals as the zoom needs. */
char *ui_fmt_time(const struct ui_view *v, uint64_t abs_ns, char *buf, size_t size);

#endif
