/*
 * The live timeline's entry points, for cli/: show a loaded trace in the
 * terminal, record a command with the timeline open, or render frames of a
 * trace as text (batch mode, for tests and docs).
 */
#ifndef SCHEDSCOPE_UI_UI_H
#define SCHEDSCOPE_UI_UI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "model/model.h"
#include "tracer/session.h"
#include "ui/view.h"

struct ui_opts {
	const char *title;         /* the header: scenario or command */
	const char *lesson;        /* the scenario's lesson text, or NULL */
	const char *trace_path;
	enum ui_mode mode;
	uint64_t zoom_ns;          /* per cell; 0: live 10 ms, a trace: all of it */
	bool have_at;
	int64_t at_ns;             /* left edge, ns since the trace's start */
};

/* Shows a loaded trace until q. 0, or -1 with a reason in err. */
int ui_show(struct ss_model *m, const struct ui_opts *o, char *err, size_t errlen);

struct ui_batch_opts {
	int w, h;                  /* screen size */
	int frames;                /* > 1: replay the trace, a frame after each 1/frames of it */
	const char *keys;          /* keys to press, one frame after each ("+ + Tab Enter") */
	bool ascii;                /* ASCII stand-ins for the glyphs */
};

/* Renders frames of the trace at path as text on out, each screen row a
 * line. 0, or -1 with a reason in err. */
int ui_batch(const char *path, unsigned reader_flags, const struct ui_opts *o,
	     const struct ui_batch_opts *b, FILE *out, char *err, size_t errlen);

/* Records with the timeline open (needs a terminal on stdin and stdout).
 * The command's stdout and stderr go to out_path (NAME.out beside the trace)
 * and its stdin is /dev/null. Stays open on the finished trace until q.
 * Returns 0 once a recording has run (sum filled; a failed write shows in
 * sum->write_error), or -errno if it could not start (a reason in err). */
int ui_live(const struct ss_session_opts *so, const struct ui_opts *o, struct ss_session_summary *sum,
	    char *out_path, size_t out_size, char *err, size_t errlen);

#endif
