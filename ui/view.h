/*
 * The timeline view's state: what is on screen (CPU or thread lanes, the
 * window of time, the cursor, the selection, the panels shown) and the
 * layout of the last frame. It reads the model; it neither draws (render.c,
 * timeline.c and panels.c do, into a cell grid) nor knows curses, the
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

#include "lessons/check.h"
#include "lessons/lesson.h"
#include "lessons/shapes.h"
#include "model/model.h"
#include "ui/cells.h"
#include "ui/critical.h"
#include "ui/latency.h"
#include "ui/grid.h"

enum ui_mode { UI_MODE_CPU, UI_MODE_THREAD };

#define UI_LANES_FIRST 16          /* a lesson's lanes put on top, at most */
#define UI_PHASES_MAX 8            /* a lesson's phases shown with their totals */
#define UI_SHARE_WARN_PCT 20       /* other tasks' share of the CPUs that is said */

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
	bool prompting;            /* typing a filter (or, with prompt_rerun, a rerun's options) */
	char prompt[256];
	bool prompt_rerun;         /* the prompt is the rerun's (r) */
	const char *rerun_hint;    /* what the rerun prompt starts with; NULL: no rerun here */
	char msg[512];             /* a one-off message (export result, hints) */
	uint8_t msg_attr;
	struct ui_crit crit;       /* the critical path highlighted (C), computed once */
	struct ui_lat lat;         /* the latency distributions (stats panel, W), built once */

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
	int label_w_min;           /* thread labels at least this wide (two views in step) */
	int w, h;
	int label_w, cells;        /* lane label width; cells in a lane */
	int lanes_y, lanes_h;      /* first lane row; lanes on screen */
	int lane_rows;             /* rows per lane: CPU lanes grow to 3 when there is room */
	struct ui_lane *lanes;
	size_t nlanes, lanes_cap;
	int32_t *scratch;          /* thread tree building */
	size_t scratch_cap;
	/* what the thread lanes were built from: rebuilt only when it changes,
	 * so a frame does not walk every thread (there may be 10,000) */
	struct {
		size_t nthreads, ntasks;
		char filter[64];
		int label_w;           /* the widest label */
		bool valid;
	} built;

	/* the lesson of a scenario's trace (ui/lesson_view.c sets these;
	 * les NULL: another command's trace) */
	const struct lesson *les;
	struct lesson_checklist checks;   /* its checks, updated as the model grows */
	uint64_t checks_events;           /* m->nevents when last updated */
	bool checks_finished;             /* updated once on the finished model */
	uint32_t first[UI_LANES_FIRST];   /* thread indices to put on top, in order */
	size_t nfirst;
	int extra_rows;                   /* rows between the markers and the lanes (pending tasks) */
	struct lesson_phase phases[UI_PHASES_MAX];   /* the lesson's phases with their totals */
	size_t nphases;
	char share_line[160];             /* other tasks took more than 20% of the CPUs: said here; or "" */
	bool compact_labels;              /* thread labels without "pid"/"tid": the screen is narrow */
	int labels_w;                     /* the screen width the labels were measured for */
};

#define UI_MIN_W 80
#define UI_MIN_H 24

void ui_view_init(struct ui_view *v, const struct ss_model *m);
void ui_view_free(struct ui_view *v);

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
/* Shows [from_ns, to_ns) since the start (to_ns 0: to the end): the finest
 * zoom that holds it, from_ns at the left edge. */
void ui_view_show(struct ui_view *v, uint64_t from_ns, uint64_t to_ns);
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

/* What the cell at column col of CPU lane cpu holds (ui/cells.h); false
 * when the column is outside the trace. */
bool ui_view_cpu_cell(const struct ui_view *v, unsigned cpu, int col, struct ui_cpu_cell *c);

/* Thread label for a lane, "├─name tid" with the tree drawn; returns buf. */
const char *ui_thread_label(const struct ui_view *v, const struct ui_lane *l, char *buf, size_t size);
/* Name of a task (its latest), for labels. */
const char *ui_task_name(const struct ui_view *v, uint32_t tid);

#endif
