/*
 * The timeline, running: cli/'s entry points to show a loaded trace in the
 * terminal, to record a command with the timeline open, or to render frames
 * of a trace as text (batch mode, for tests and docs). This room composes
 * the pieces that know nothing of each other: the recorder (tracer/), the
 * model, the view (ui/) and the terminal, in one loop (loop.c).
 */
#ifndef SCHEDSCOPE_LIVE_LIVE_H
#define SCHEDSCOPE_LIVE_LIVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "lessons/lesson.h"
#include "model/model.h"
#include "tracefile/reader.h"
#include "tracer/session.h"
#include "ui/view.h"

struct live_opts {
	const char *title;         /* the header: scenario or command */
	const char *lesson;        /* the scenario's lesson text, or NULL */
	const char *trace_path;
	enum ui_mode mode;
	uint64_t zoom_ns;          /* per cell; 0: live 10 ms, a trace: all of it */
	bool have_at;
	int64_t at_ns;             /* left edge, ns since the trace's start */
	const struct lesson *les;  /* the scenario's lesson: the view opens on it; NULL: none */
	bool mode_set;             /* mode was asked for (--view): it wins over the lesson's */
	const char *align;         /* two traces: the marker that lines them up (NULL: their starts) */
};

/* Sets up the view for a w x h screen: mode, zoom, position. */
void live_setup_view(struct ui_view *v, const struct live_opts *o, int w, int h, bool live);
/* Status-line figures for a trace that is not being recorded. */
void live_trace_status(struct ui_view *v, const struct ss_model *m);

/* Shows a loaded trace until q, or two stacked, m over m2, on one time
 * scale (ui/split.h); m2 NULL: m alone. 0, or -1 with a reason in err. */
int live_show_split(struct ss_model *m, const struct live_opts *o, struct ss_model *m2,
		    const struct live_opts *o2, char *err, size_t errlen);

struct live_batch_opts {
	int w, h;                  /* screen size */
	int frames;                /* > 1: replay the trace, a frame after each 1/frames of it */
	const char *keys;          /* keys to press, one frame after each ("+ + Tab Enter") */
	bool ascii;                /* ASCII stand-ins for the glyphs */
};

/* Renders frames of the trace at path as text on out, each screen row a
 * line. 0, or -1 with a reason in err. */
int live_batch(const char *path, unsigned reader_flags, const struct live_opts *o,
	       const struct live_batch_opts *b, FILE *out, char *err, size_t errlen);
/* The same from an open reader (a file, or bytes in memory). */
int live_batch_reader(const struct ss_reader *r, const struct live_opts *o,
		      const struct live_batch_opts *b, FILE *out, char *err, size_t errlen);

/* Two traces stacked (ui/split.h), finished, with --keys pressed. */
int live_batch_split(const char *path, const char *path2, unsigned reader_flags, const struct live_opts *o,
		     const struct live_opts *o2, const struct live_batch_opts *b, FILE *out, char *err,
		     size_t errlen);

/* A rerun (r in the live view of `run NAME`): in, the prompt's first text
 * and the run before this one, shown above it; out, whether one was asked
 * for, with what options, and this run's model for the next to show. */
struct ss_symbols;
struct live_rerun {
	const char *hint;                  /* NULL: no rerun key */
	const struct ss_model *prev;       /* the run before (NULL: none) */
	const struct live_opts *prev_opts;
	bool asked;
	char args[256];
	struct ss_model *kept;             /* when asked: this run's model (the caller frees it) */
	struct ss_symbols *kept_symbols;   /* and its stack teller (the caller frees it after the model) */
};

/* Records with the timeline open (needs a terminal on stdin and stdout).
 * The command's stdout and stderr go to out_path (NAME.out beside the trace)
 * and its stdin is /dev/null. Stays open on the finished trace until q.
 * Returns 0 once a recording has run (sum filled; a failed write shows in
 * sum->write_error), or -errno if it could not start (a reason in err).
 * rr gives the rerun key (struct live_rerun); NULL: none. so->stop_signal
 * (the caller catches the signals before this is called): one asked while
 * the recording starts ends the start (-EINTR: the command never runs, no
 * file is left, the terminal is given back); one asked after, before the
 * loop's own handlers, is the loop's first signal. */
int live_record_rerun(const struct ss_session_opts *so, const struct live_opts *o, struct ss_session_summary *sum,
		      char *out_path, size_t out_size, struct live_rerun *rr, char *err, size_t errlen);

#endif
