#include "ui/app.h"

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
#include "util/log.h"

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

static uint64_t clock_ns(clockid_t clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

uint64_t ui_mono_ns(void) { return clock_ns(CLOCK_MONOTONIC); }
uint64_t ui_boot_ns(void) { return clock_ns(CLOCK_BOOTTIME); }

void ui_app_setup_view(struct ui_view *v, const struct ui_opts *o, int w, int h, bool live)
{
	v->mode = o->mode;
	v->title = o->title;
	v->lesson = o->lesson;
	v->trace_path = o->trace_path;
	v->phase = live ? UI_PHASE_LIVE : UI_PHASE_TRACE;
	v->follow = live && !o->have_at;
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

void ui_app_trace_status(struct ui_view *v, const struct ss_model *m)
{
	uint64_t span = m->end_ns > m->start_ns ? m->end_ns - m->start_ns : 0;

	v->events = m->nevents;
	v->lost = 0;
	for (unsigned c = 0; c < m->ncpus; c++)
		v->lost += m->cpu[c].lost;
	v->events_per_s = span ? (double)m->nevents / ((double)span / 1e9) : 0;
}

/* ---- while recording ---- */

/* Ctrl-C: what the terminal would do without us, send SIGINT to the traced
 * processes; give them a second to go before stopping without them. */
static void request_stop(struct ui_app *a)
{
	if (!a->recording || a->v.phase == UI_PHASE_STOPPING)
		return;
	a->v.phase = UI_PHASE_STOPPING;
	a->stop_deadline_ns = ui_mono_ns() + 1000000000ull;
	if (!ss_session_pid(a->s)) {
		ss_session_stop(a->s, SIGINT);
		return;
	}
	for (size_t i = 0; i < a->m->nthreads; i++) {
		const struct ss_thread *t = &a->m->threads[i];

		if (!(t->flags & (SS_THREADF_EXITED | SS_THREADF_THREAD)) && t->tid == t->tgid)
			kill((pid_t)t->tid, SIGINT);
	}
	kill(ss_session_pid(a->s), SIGINT);
}

void ui_app_finish_recording(struct ui_app *a)
{
	int status;

	if (!a->recording)
		return;
	ss_session_finish(a->s, a->sum);
	a->recording = false;
	status = a->sum->have_status ? a->sum->status : -1;
	ss_model_finish(a->m, ui_boot_ns(), status);
	a->v.phase = UI_PHASE_FINISHED;
	a->v.events = a->sum->events;
	a->v.lost = a->sum->lost_total;
	snprintf(a->v.msg, sizeof(a->v.msg), "the recording has ended; the trace is in %.400s (q quits)",
		 a->sum->path);
	a->v.msg_attr = UI_A_HEADING;
}

/* The last lines the command wrote, for the output panel. */
static void read_tail(struct ui_app *a)
{
	char buf[1024];
	ssize_t n;
	off_t size;
	int fd, lines = 0;
	char *p;

	if (!a->v.out_path || (fd = open(a->v.out_path, O_RDONLY | O_CLOEXEC)) < 0)
		return;
	size = lseek(fd, 0, SEEK_END);
	n = size > 0 ? pread(fd, buf, sizeof(buf) - 1, size > (off_t)sizeof(buf) - 1 ? size - (off_t)sizeof(buf) + 1 : 0) : 0;
	close(fd);
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

static void update_figures(struct ui_app *a, uint64_t now)
{
	if (a->recording) {
		uint64_t events, lost;

		ss_session_progress(a->s, &events, &lost);
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
		a->v.now_ns = ui_boot_ns();
		if (a->v.now_ns < a->m->end_ns)
			a->v.now_ns = a->m->end_ns;
	} else {
		if (a->v.phase == UI_PHASE_TRACE)
			ui_app_trace_status(&a->v, a->m);
		else
			a->v.events_per_s = 0;
		a->v.now_ns = a->m->end_ns;
	}
	if (a->v.out_path && now - a->tail_t_ns >= 250000000ull) {
		a->tail_t_ns = now;
		read_tail(a);
	}
}

static void frame(struct ui_app *a)
{
	int w, h;

	ui_term_size(a->term, &w, &h);
	if (w != a->g.w || h != a->g.h)
		ui_grid_resize(&a->g, w, h);
	ui_index_update(&a->ix, a->m);
	ui_view_render(&a->v, &a->g);
	ui_term_draw(a->term, &a->g);
}

/* ---- export (e) ---- */

static void export_progress(void *ctx, unsigned percent)
{
	struct ui_app *a = ctx;
	static unsigned last = 101;

	if (percent == last)
		return;
	last = percent;
	snprintf(a->v.msg, sizeof(a->v.msg), "exporting to Perfetto... %u%%", percent);
	frame(a);
}

static void export_trace(struct ui_app *a)
{
	struct export_opts eo = { .format = EXPORT_PERFETTO };
	struct export_result *res = calloc(1, sizeof(*res));
	char err[512];

	a->v.msg_attr = UI_A_HEADING;
	if (a->recording) {
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
	if (export_run(&eo, res, err, sizeof(err))) {
		snprintf(a->v.msg, sizeof(a->v.msg), "export failed: %.400s", err);
		a->v.msg_attr = UI_A_ALERT;
	} else {
		snprintf(a->v.msg, sizeof(a->v.msg), "exported to %.400s: open it at ui.perfetto.dev", res->out_path);
	}
	free(res);
}

/* ---- the loop ---- */

static void handle_signal(struct ui_app *a, int sig)
{
	if (sig == SIGINT) {
		if (a->recording)
			request_stop(a);
		else
			a->quit_when_done = true;
		return;
	}
	/* SIGTERM, SIGHUP (the terminal went away): stop and leave */
	if (a->recording)
		ss_session_stop(a->s, SIGTERM);
	a->quit_when_done = true;
}

void ui_app_loop(struct ui_app *a)
{
	uint64_t next_frame = 0;
	bool dirty = true;

	catch_signals(true);
	log_hold();
	for (;;) {
		struct pollfd pfd[2] = { { .fd = ui_term_fd(a->term), .events = POLLIN } };
		int nfd = 1, timeout;
		uint64_t now = ui_mono_ns();
		struct ui_input in;

		if (a->recording) {
			pfd[nfd++] = (struct pollfd){ .fd = ss_session_fd(a->s), .events = POLLIN };
			timeout = next_frame > now ? (int)((next_frame - now) / 1000000) + 1 : 0;
		} else {
			timeout = dirty ? (next_frame > now ? (int)((next_frame - now) / 1000000) + 1 : 0) : 1000;
		}
		poll(pfd, (nfds_t)nfd, timeout);
		if (a->recording) {
			if (!ss_session_step(a->s, 0)) {
				a->v.phase = UI_PHASE_STOPPING;
				frame(a);          /* finishing may take a moment: say so */
				ui_app_finish_recording(a);
				dirty = true;
			} else if (a->v.phase == UI_PHASE_STOPPING && ui_mono_ns() >= a->stop_deadline_ns) {
				ss_session_stop(a->s, SIGINT);
			}
		}
		if (got_signal) {
			int sig = got_signal;

			got_signal = 0;
			handle_signal(a, sig);
			dirty = true;
		}
		while (ui_term_read(a->term, &in)) {
			unsigned act = ui_keys_handle(&a->v, &in);

			if (act & UI_ACT_REDRAW)
				dirty = true;
			if (act & UI_ACT_STOP)
				request_stop(a);
			if (act & UI_ACT_QUIT) {
				a->quit_when_done = true;
				request_stop(a);
			}
			if (act & UI_ACT_EXPORT)
				export_trace(a);
		}
		if (a->quit_when_done && !a->recording)
			break;
		now = ui_mono_ns();
		if (now >= next_frame && (dirty || a->recording)) {
			update_figures(a, now);
			frame(a);
			dirty = false;
			next_frame = now + UI_FRAME_NS;
		}
	}
	catch_signals(false);
}

/* ---- a saved trace ---- */

int ui_show(struct ss_model *m, const struct ui_opts *o, char *err, size_t errlen)
{
	struct ui_app a = { .m = m, .o = o };
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
	ui_index_init(&a.ix);
	ui_index_update(&a.ix, m);
	ui_view_init(&a.v, m, &a.ix);
	ui_app_trace_status(&a.v, m);
	ui_term_size(a.term, &w, &h);
	ui_app_setup_view(&a.v, o, w, h, false);
	ui_app_loop(&a);
	ui_term_close(a.term);
	log_release();
	ui_view_free(&a.v);
	ui_grid_free(&a.g);
	ui_index_free(&a.ix);
	return 0;
}
