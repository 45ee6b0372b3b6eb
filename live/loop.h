/*
 * The one loop of the running timeline: it polls the terminal and, while
 * something feeds the model (a recording), that source's descriptor; it
 * hands keys to the view, lets the source drain into the model, and redraws
 * at 30 Hz. `view` runs it with no source, `run` and `record --live` with
 * the recorder as the source (record.c). Internal to live/.
 */
#ifndef SCHEDSCOPE_LIVE_LOOP_H
#define SCHEDSCOPE_LIVE_LOOP_H

#include <stdbool.h>
#include <stdint.h>

#include "live/live.h"
#include "model/model.h"
#include "ui/grid.h"
#include "ui/split.h"
#include "ui/term.h"
#include "ui/view.h"

#define LIVE_FRAME_NS (1000000000ull / 30)

/* Something that feeds the model while the loop runs. */
struct live_source {
	void *ctx;
	/* The descriptor that says there is something to drain. */
	int (*fd)(void *ctx);
	/* Drains what is ready into the model. False once it has ended (the
	 * model is then finished; summary() says how). */
	bool (*step)(void *ctx);
	/* Ctrl-C (SIGINT: let the traced command stop) or SIGTERM/SIGHUP/q
	 * (stop now). The loop goes on stepping until step() says it ended. */
	void (*stop)(void *ctx, int sig);
	/* Figures for the status line. */
	void (*progress)(void *ctx, uint64_t *events, uint64_t *lost);
	/* After the end: a line for the message row. */
	void (*summary)(void *ctx, char *buf, size_t size);
};

struct live_app {
	struct ss_model *m;
	struct ui_view v;
	struct ui_grid g;
	struct ui_term *term;
	const struct live_opts *o;
	const struct live_source *src;  /* NULL: a saved trace */
	/* a stop signal caught before the loop's own handlers (while the
	 * recording started), taken as the loop's first; NULL: none */
	int (*early_signal)(void);
	struct ui_split *split;         /* two runs stacked, or NULL */
	bool rerun_asked;               /* r, then Enter: the prompt (v.prompt) has the options */
	bool feeding;                   /* src has not ended yet */
	bool quit_when_done;            /* q (or a signal) while feeding */
	bool term_gone;                 /* the terminal's input ended (EOF, EIO) */
	int empty_reads;                /* readable with nothing to read, in a row */

	int tail_fd;                    /* the command's output, to read its last lines; -1 none */

	/* figures for the status line */
	uint64_t rate_t_ns, rate_events;
	uint64_t tail_t_ns;
	char tail[512];
};

/* Runs the loop until quit (and, with a source, until it has ended). */
void live_loop(struct live_app *a);
/* Monotonic and boot-time clocks, ns. */
uint64_t live_mono_ns(void);
uint64_t live_boot_ns(void);

#endif
