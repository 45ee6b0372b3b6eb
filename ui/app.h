/*
 * The running UI: model, indexes, view, grid and terminal together, and the
 * one loop that polls the terminal and (while recording) the ring buffer,
 * drains it into the model and redraws at 30 Hz. Internal to ui/.
 */
#ifndef SCHEDSCOPE_UI_APP_H
#define SCHEDSCOPE_UI_APP_H

#include <stdbool.h>
#include <stdint.h>

#include "model/model.h"
#include "tracer/session.h"
#include "ui/grid.h"
#include "ui/index.h"
#include "ui/term.h"
#include "ui/ui.h"
#include "ui/view.h"

#define UI_FRAME_NS (1000000000ull / 30)

struct ui_app {
	struct ss_model *m;
	struct ui_index ix;
	struct ui_view v;
	struct ui_grid g;
	struct ui_term *term;
	const struct ui_opts *o;

	/* a recording in progress (live), else NULL */
	struct ss_session *s;
	bool recording;
	uint64_t stop_deadline_ns;  /* after Ctrl-C: when to stop without the command */
	bool quit_when_done;        /* q while recording */
	struct ss_session_summary *sum;

	/* figures for the status line */
	uint64_t rate_t_ns, rate_events;
	uint64_t tail_t_ns;
	char tail[512];
};

/* Sets up the view for a w x h screen: mode, zoom, position. */
void ui_app_setup_view(struct ui_view *v, const struct ui_opts *o, int w, int h, bool live);
/* Status-line figures for a trace that is not being recorded. */
void ui_app_trace_status(struct ui_view *v, const struct ss_model *m);
/* Runs the loop until quit. */
void ui_app_loop(struct ui_app *a);
/* Ends the recording: finish the session, close the model's runs. */
void ui_app_finish_recording(struct ui_app *a);
/* Monotonic and boot-time clocks, ns. */
uint64_t ui_mono_ns(void);
uint64_t ui_boot_ns(void);

#endif
