/* Recording with the timeline open.
 *
 * The terminal belongs to the UI: curses runs on dups of the terminal, and
 * the process's own stdin, stdout and stderr are pointed at /dev/null and
 * NAME.out before the command is started, so the command inherits those and
 * cannot scribble over the screen. Our own messages are held (log_hold) and
 * printed after the terminal is restored. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tracer/launch.h"
#include "ui/app.h"
#include "ui/ui.h"
#include "util/log.h"

/* The decoded stream's second consumer: the model. The session calls it
 * only from step and finish, after the model exists (it needs the session's
 * info); if the model could not be made, the stream goes to the file only. */
struct live_sink {
	struct ss_model *m;
};

static void sink_task(void *ctx, const struct ss_task *t)
{
	struct live_sink *ls = ctx;

	if (ls->m)
		ss_model_task(ls->m, t);
}

static void sink_event(void *ctx, const struct ss_event *ev)
{
	struct live_sink *ls = ctx;

	if (ls->m)
		ss_model_event(ls->m, ev);
}

static void sink_probe(void *ctx, const struct ss_probe *p)
{
	struct live_sink *ls = ctx;

	if (ls->m)
		ss_model_probe(ls->m, p);
}

/* ---- the standard descriptors ---- */

static int saved_fd[3] = { -1, -1, -1 };

static void restore_fds(void)
{
	for (int i = 0; i < 3; i++)
		if (saved_fd[i] >= 0) {
			dup2(saved_fd[i], i);
			close(saved_fd[i]);
			saved_fd[i] = -1;
		}
}

/* NAME.out beside NAME.trace (or FILE.out beside any other FILE). */
static void output_path(const char *trace, char *out, size_t size)
{
	size_t n = strlen(trace);

	if (n > 6 && !strcmp(trace + n - 6, ".trace"))
		n -= 6;
	snprintf(out, size, "%.*s.out", (int)n, trace);
}

static int redirect_fds(const char *out_path, char *err, size_t errlen)
{
	int out = open(out_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	int null = open("/dev/null", O_RDONLY | O_CLOEXEC);
	uid_t uid;
	gid_t gid;

	if (out < 0 || null < 0) {
		snprintf(err, errlen, "cannot write the command's output to %s: %s", out_path, strerror(errno));
		if (out >= 0)
			close(out);
		if (null >= 0)
			close(null);
		return -errno;
	}
	/* under sudo the file belongs to the user, like the trace */
	if (ss_launch_sudo_user(&uid, &gid) && fchown(out, uid, gid))
		log_warn("cannot give %s to uid %u: %s", out_path, (unsigned)uid, strerror(errno));
	fflush(stdout);
	fflush(stderr);
	for (int i = 0; i < 3; i++)
		saved_fd[i] = fcntl(i, F_DUPFD_CLOEXEC, 3);
	dup2(null, STDIN_FILENO);
	dup2(out, STDOUT_FILENO);
	dup2(out, STDERR_FILENO);
	close(out);
	close(null);
	return 0;
}

int ui_live(const struct ss_session_opts *so_in, const struct ui_opts *o, struct ss_session_summary *sum,
	    char *out_path, size_t out_size, char *err, size_t errlen)
{
	struct live_sink ls = { 0 };
	struct ss_decoder_sink sink = { .task = sink_task, .event = sink_event, .probe = sink_probe, .ctx = &ls };
	struct ss_session_opts so = *so_in;
	struct ss_model m;
	struct ui_app a = { .m = &m, .o = o, .sum = sum };
	int in, out, rc, w, h;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		snprintf(err, errlen, "the live view needs a terminal (--no-ui records without it)");
		return -ENOTTY;
	}
	output_path(so.out_path, out_path, out_size);
	in = fcntl(STDIN_FILENO, F_DUPFD_CLOEXEC, 3);
	out = fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3);
	if (in < 0 || out < 0) {
		snprintf(err, errlen, "cannot use the terminal: %s", strerror(errno));
		return -errno;
	}
	a.term = ui_term_open(in, out, err, errlen);
	if (!a.term)
		return -ENOTTY;
	log_hold();
	ui_term_on_crash(restore_fds);
	rc = redirect_fds(out_path, err, errlen);
	if (!rc) {
		so.live = &sink;
		rc = ss_session_start(&a.s, &so, err, errlen);
	}
	if (rc) {
		ui_term_close(a.term);
		restore_fds();
		log_release();
		return rc;
	}
	if (ss_model_init(&m, ss_session_info(a.s))) {
		/* no model, no view: record on without it */
		snprintf(err, errlen, "out of memory for the live view");
		ss_session_stop(a.s, SIGTERM);
		ss_session_finish(a.s, sum);
		ss_session_free(a.s);
		ui_term_close(a.term);
		restore_fds();
		log_release();
		return 0;
	}
	ls.m = &m;
	a.recording = true;
	ui_index_init(&a.ix);
	ui_view_init(&a.v, &m, &a.ix);
	a.v.out_path = out_path;
	ui_term_size(a.term, &w, &h);
	ui_app_setup_view(&a.v, o, w, h, true);

	ui_app_loop(&a);
	ui_app_finish_recording(&a);     /* if the loop left early */

	ui_term_close(a.term);
	ui_term_on_crash(NULL);
	restore_fds();
	log_release();
	ss_session_free(a.s);
	ui_view_free(&a.v);
	ui_grid_free(&a.g);
	ui_index_free(&a.ix);
	ss_model_free(&m);
	return 0;
}
