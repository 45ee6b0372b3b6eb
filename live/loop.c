/* The loop of the running timeline (loop.h): one poll over the terminal
 * and, while something feeds the model, the source's fd, so a recording,
 * a saved trace and two traces stacked share every key, frame and export.
 * Frames are paced on CLOCK_MONOTONIC and drawn only when something
 * changed (always while a source feeds); the view's "now" is
 * CLOCK_BOOTTIME, the records' clock. Signals and a vanished terminal only
 * set flags the loop reads: the source is stopped, and the loop leaves
 * only once it has ended, so a recording is always closed whole. */
#include "live/loop.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "export/export.h"
#include "ui/keys.h"
#include "ui/lesson_view.h"
#include "ui/render.h"
#include "ui/svg.h"
#include "util/clock.h"
#include "util/invoker.h"
#include "util/log.h"
#include "symbols/symbols.h"

/* How often the loop looks whether the distributions built off the UI
 * thread are ready (ui/latency.h). */
#define LAT_POLL_MS 50

static volatile sig_atomic_t got_signal;

static void on_signal(int sig)
{
	got_signal = sig;
}

/* SIGINT, SIGTERM and SIGHUP set a flag (and interrupt poll) instead of killing us. */
static void catch_signals(bool on)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on ? on_signal : SIG_DFL;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaction(sigs[i], &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

uint64_t live_mono_ns(void) { return ss_clock_ns(CLOCK_MONOTONIC); }
uint64_t live_boot_ns(void) { return ss_clock_ns(CLOCK_BOOTTIME); }

void live_setup_view(struct ui_view *v, const struct live_opts *o, int w, int h, bool live)
{
	/* live, a lesson's run shows in the lesson's view from the start (its
	 * threads' lanes appear as they are made), not only once it has ended */
	v->mode = live && o->les && !o->mode_set ? ui_lesson_mode(o->les) : o->mode;
	v->title = o->title;
	v->lesson = o->lesson;
	v->trace_path = o->trace_path;
	v->phase = live ? UI_PHASE_LIVE : UI_PHASE_TRACE;
	v->follow = live && !o->have_at;
	ui_lesson_attach(v, o->les);
	if (!live && !o->zoom_ns && !o->have_at) {
		/* a trace opens on its lesson's point, or fitted whole */
		ui_lesson_open(v, w, h);
		if (o->mode_set && v->mode != o->mode) {
			v->mode = o->mode;
			ui_view_layout(v, w, h);
		}
		return;
	}
	ui_view_layout(v, w, h);
	if (o->zoom_ns)
		ui_view_set_zoom(v, o->zoom_ns, 0);
	else if (!live)
		ui_view_fit(v);
	if (o->have_at)
		ui_view_goto(v, o->at_ns);
	else if (!live && o->zoom_ns)
		ui_view_home(v);
	v->cur_col = -1;
	ui_view_layout(v, w, h);
}

void live_trace_status(struct ui_view *v, const struct ss_model *m)
{
	/* the rate of a trace that is not being recorded is its average, which
	 * the status line takes from the model itself */
	v->events = m->nevents;
	v->lost = 0;
	for (unsigned c = 0; c < m->ncpus; c++)
		v->lost += m->cpu[c].lost;
}

/* The last lines the command wrote, for the output panel. */
static void read_tail(struct live_app *a)
{
	char buf[1024];
	ssize_t n;
	off_t size;
	int lines = 0;
	char *p;

	if (a->tail_fd < 0)
		return;
	size = lseek(a->tail_fd, 0, SEEK_END);
	n = size > 0 ? pread(a->tail_fd, buf, sizeof(buf) - 1,
			     size > (off_t)sizeof(buf) - 1 ? size - (off_t)sizeof(buf) + 1 : 0) : 0;
	if (n <= 0)
		return;
	buf[n] = 0;
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
		buf[--n] = 0;
	/* back up over the last two lines */
	for (p = buf + n; p > buf; p--)
		if (p[-1] == '\n' && ++lines == 2)
			break;
	for (char *q = p; *q; q++)
		if ((unsigned char)*q < 0x20 && *q != '\n')
			*q = ' ';
	snprintf(a->tail, sizeof(a->tail), "%.*s", (int)sizeof(a->tail) - 1, p);
	a->v.out_tail = a->tail;
}

static void update_figures(struct live_app *a, uint64_t now)
{
	if (a->feeding) {
		uint64_t events, lost;

		a->src->progress(a->src->ctx, &events, &lost);
		a->v.events = events;
		a->v.lost = lost;
		if (!a->rate_t_ns) {
			a->rate_t_ns = now;
			a->rate_events = events;
		} else if (now - a->rate_t_ns >= 1000000000ull) {
			a->v.events_per_s = (double)(events - a->rate_events) / ((double)(now - a->rate_t_ns) / 1e9);
			a->rate_t_ns = now;
			a->rate_events = events;
		}
		a->v.now_ns = live_boot_ns();
		if (a->v.now_ns < a->m->end_ns)
			a->v.now_ns = a->m->end_ns;
	} else {
		live_trace_status(&a->v, a->m);
		a->v.now_ns = a->m->end_ns;
	}
	if (a->tail_fd >= 0 && now - a->tail_t_ns >= 250000000ull) {
		a->tail_t_ns = now;
		read_tail(a);
	}
}

static void frame(struct live_app *a)
{
	int w, h;

	ui_term_size(a->term, &w, &h);
	if (w != a->g.w || h != a->g.h)
		ui_grid_resize(&a->g, w, h);
	a->g.ascii = !ui_term_utf8(a->term);
	if (a->split)
		ui_split_render(a->split, &a->g);
	else
		ui_render(&a->v, &a->g);
	ui_term_draw(a->term, &a->g);
}

/* The source has ended: the model is finished, the view says so. */
static void source_ended(struct live_app *a)
{
	a->feeding = false;
	a->v.phase = UI_PHASE_FINISHED;
	live_trace_status(&a->v, a->m);
	a->src->summary(a->src->ctx, a->v.msg, sizeof(a->v.msg));
	a->v.msg_attr = UI_A_HEADING;
	/* the run is over: show its lesson's point, or all of it */
	a->v.now_ns = a->m->end_ns;
	ui_lesson_open(&a->v, a->g.w > 0 ? a->g.w : a->v.w, a->g.h > 0 ? a->g.h : a->v.h);
	if (a->split)
		ui_split_same_mode(a->split, &a->v);
}

/* ---- export (e) ---- */

static void export_progress(void *ctx, unsigned percent)
{
	struct live_app *a = ctx;

	snprintf(a->v.msg, sizeof(a->v.msg), "exporting to Perfetto... %u%%", percent);
	frame(a);
}

static void export_trace(struct live_app *a)
{
	struct export_opts eo = { .format = EXPORT_PERFETTO };
	struct export_result *res = calloc(1, sizeof(*res));
	struct invoker_fs fs;
	char err[512];
	int rc;

	a->v.msg_attr = UI_A_HEADING;
	if (a->feeding) {
		snprintf(a->v.msg, sizeof(a->v.msg), "export once the recording has ended (Ctrl-C ends it)");
		free(res);
		return;
	}
	if (!a->o->trace_path || !res) {
		snprintf(a->v.msg, sizeof(a->v.msg), "nothing to export");
		free(res);
		return;
	}
	eo.in_path = a->o->trace_path;
	eo.on_progress = export_progress;
	eo.progress_ctx = a;
	snprintf(a->v.msg, sizeof(a->v.msg), "exporting to Perfetto...");
	frame(a);
	/* The trace is read again by its name, which the user may have swapped
	 * for a link to another's file since it was written: read with their
	 * rights (this process is root under sudo), as `export` reads it. */
	if ((rc = invoker_fs_enter(&fs))) {
		snprintf(err, sizeof(err), "cannot read as the user behind sudo: %s", strerror(-rc));
	} else {
		rc = export_run(&eo, res, err, sizeof(err));
		invoker_fs_leave(&fs);
	}
	if (rc) {
		snprintf(a->v.msg, sizeof(a->v.msg), "export failed: %.400s", err);
		a->v.msg_attr = UI_A_ALERT;
	} else {
		snprintf(a->v.msg, sizeof(a->v.msg), "exported to %.400s: open it at ui.perfetto.dev", res->out_path);
	}
	free(res);
}

/* ---- a picture of the screen (w) ---- */

/* NAME-YYYYmmdd-HHMMSS.svg beside the trace (NAME.trace), or in the
 * current directory when there is no trace. */
static void picture_name(const char *trace_path, char *out, size_t size)
{
	char stamp[32];
	time_t now = time(NULL);
	struct tm tm;

	strftime(stamp, sizeof(stamp), "-%Y%m%d-%H%M%S.svg", localtime_r(&now, &tm));
	export_default_out(trace_path && trace_path[0] ? trace_path : "schedscope", stamp, out, size);
}

static void save_picture(struct live_app *a)
{
	struct ui_svg_opts so = { .title = a->v.title };
	char path[4096], err[512];

	picture_name(a->o->trace_path, path, sizeof(path));
	a->v.msg_attr = UI_A_HEADING;
	if (ui_svg_save(&a->g, path, &so, err, sizeof(err))) {
		snprintf(a->v.msg, sizeof(a->v.msg), "no picture: %.400s", err);
		a->v.msg_attr = UI_A_ALERT;
	} else {
		snprintf(a->v.msg, sizeof(a->v.msg), "saved the screen to %.400s (SVG: opens in a browser)", path);
	}
}

/* ---- the loop ---- */

static void stop_source(struct live_app *a, int sig)
{
	if (!a->feeding)
		return;
	if (sig == SIGINT)
		a->v.phase = UI_PHASE_STOPPING;
	a->src->stop(a->src->ctx, sig);
}

/* The terminal went away without a SIGHUP reaching us (su, setsid in a
 * tmux session that was killed): the same as SIGHUP, and stop polling it,
 * or poll() returns at once, forever. */
static void terminal_gone(struct live_app *a)
{
	a->term_gone = true;
	stop_source(a, SIGTERM);
	a->quit_when_done = true;
}

static void handle_signal(struct live_app *a, int sig)
{
	if (sig == SIGINT) {
		if (a->feeding)
			stop_source(a, SIGINT);
		else
			a->quit_when_done = true;
		return;
	}
	/* SIGTERM, SIGHUP (the terminal went away): stop and leave */
	stop_source(a, SIGTERM);
	a->quit_when_done = true;
}

void live_loop(struct live_app *a)
{
	uint64_t next_frame = 0;
	bool dirty = true;

	a->feeding = a->src != NULL;
	catch_signals(true);
	if (a->early_signal && !got_signal)
		got_signal = a->early_signal();
	log_hold();
	for (;;) {
		struct pollfd pfd[2] = { { .fd = a->term_gone ? -1 : ui_term_fd(a->term), .events = POLLIN } };
		int nfd = 1, timeout, got = 0;
		uint64_t now = live_mono_ns();
		struct ui_input in;

		if (a->feeding) {
			pfd[nfd++] = (struct pollfd){ .fd = a->src->fd(a->src->ctx), .events = POLLIN };
			timeout = next_frame > now ? (int)((next_frame - now) / 1000000) + 1 : 0;
		} else {
			timeout = dirty ? (next_frame > now ? (int)((next_frame - now) / 1000000) + 1 : 0) : 1000;
		}
		if (a->v.lat.building && timeout > LAT_POLL_MS)
			timeout = LAT_POLL_MS;  /* the distributions, built off this thread */
		poll(pfd, (nfds_t)nfd, timeout);
		if (ui_lat_ready(&a->v.lat))
			dirty = true;
		if (a->feeding && !a->src->step(a->src->ctx)) {
			source_ended(a);
			dirty = true;
		}
		if (got_signal) {
			int sig = got_signal;

			got_signal = 0;
			handle_signal(a, sig);
			dirty = true;
		}
		while (!a->term_gone && ui_term_read(a->term, &in)) {
			unsigned act = a->split ? ui_split_handle(a->split, &in) : ui_keys_handle(&a->v, &in);

			got++;
			if (act & UI_ACT_REDRAW)
				dirty = true;
			if (act & UI_ACT_STOP)
				stop_source(a, SIGINT);
			if (act & UI_ACT_QUIT) {
				a->quit_when_done = true;
				stop_source(a, SIGINT);
			}
			if (act & UI_ACT_EXPORT)
				export_trace(a);
			if (act & UI_ACT_PICTURE)
				save_picture(a);
			if (act & UI_ACT_RERUN) {
				a->rerun_asked = true;
				a->quit_when_done = true;
			}
		}
		/* readable or hung up, yet nothing to read, three times running */
		if (!a->term_gone && !got && pfd[0].revents) {
			if ((pfd[0].revents & (POLLHUP | POLLERR | POLLNVAL)) ||
			    (ui_term_input_gone(a->term) && ++a->empty_reads >= 3))
				terminal_gone(a);
		} else {
			a->empty_reads = 0;
		}
		if (a->quit_when_done && !a->feeding)
			break;
		now = live_mono_ns();
		if (now >= next_frame && (dirty || a->feeding)) {
			update_figures(a, now);
			frame(a);
			dirty = false;
			next_frame = now + LIVE_FRAME_NS;
		}
	}
	catch_signals(false);
}

/* ---- a saved trace ---- */

int live_show_split(struct ss_model *m, const struct live_opts *o, struct ss_model *m2,
		    const struct live_opts *o2, char *err, size_t errlen)
{
	struct live_app a = { .m = m, .o = o, .tail_fd = -1 };
	struct ui_view v2;
	struct ui_split split;
	struct ss_symbols *sy, *sy2 = NULL;
	int in = -1, out = -1, w, h;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		snprintf(err, errlen, "the viewer needs a terminal (for text output use --batch)");
		return -1;
	}
	in = fcntl(STDIN_FILENO, F_DUPFD_CLOEXEC, 3);
	out = fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3);
	if (in < 0 || out < 0) {
		snprintf(err, errlen, "cannot use the terminal: %s", strerror(errno));
		return -1;
	}
	a.term = ui_term_open(in, out, err, errlen);
	if (!a.term)
		return -1;
	sy = ss_symbols_new();
	if (sy)
		ss_symbols_attach(sy, m);       /* the detail panel names the stacks */
	ui_view_init(&a.v, m);
	/* one saved trace: its model does not change */
	a.v.lat.background_from = m2 ? 0 : UI_LAT_BACKGROUND_EVENTS;
	live_trace_status(&a.v, m);
	ui_term_size(a.term, &w, &h);
	live_setup_view(&a.v, o, w, h, false);
	if (m2) {
		sy2 = ss_symbols_new();
		if (sy2)
			ss_symbols_attach(sy2, m2);
		ui_view_init(&v2, m2);
		live_trace_status(&v2, m2);
		live_setup_view(&v2, o2, w, h, false);
		ui_split_init(&split, &a.v, &v2);
		if (o->align)
			ui_split_align(&split, o->align);   /* the caller found it in both */
		a.split = &split;
	}
	live_loop(&a);
	ui_term_close(a.term);
	log_release();
	if (m2) {
		ui_split_free(&split);
		ui_view_free(&v2);
		m2->teller = (struct ss_stack_teller){ 0 };
		ss_symbols_free(sy2);
	}
	ui_view_free(&a.v);
	ui_grid_free(&a.g);
	m->teller = (struct ss_stack_teller){ 0 };
	ss_symbols_free(sy);
	return 0;
}
