/* Recording with the timeline open.
 *
 * The terminal belongs to the UI: curses runs on dups of the terminal, and
 * the process's own stdin, stdout and stderr are pointed at /dev/null and
 * NAME.out before the command is started, so the command inherits those and
 * cannot scribble over the screen. Our own messages are held (log_hold) and
 * printed after the terminal is restored.
 *
 * With the rerun key (r, for `run NAME`) the loop ends on the prompt's
 * options and the model is handed back, so that the next run opens with
 * this one stacked above it (ui/split.h) on one time scale. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "export/export.h"
#include "live/loop.h"
#include "tracefile/replay.h"
#include "util/log.h"
#include "util/userfile.h"
#include "symbols/symbols.h"

static void drop_task(void *ctx, const struct ss_task *t) { (void)ctx; (void)t; }
static void drop_event(void *ctx, const struct ss_event *ev) { (void)ctx; (void)ev; }

/* The recorder as the loop's source: the session drains the ring buffer
 * into the trace file and, through the model's sink, into the model. */
struct rec {
	struct ss_session *s;
	struct ss_model *m;
	struct ss_session_summary *sum;
	uint64_t stop_deadline_ns;  /* after Ctrl-C: when to stop without the command */
	bool stopping;
};

static int rec_fd(void *ctx)
{
	struct rec *r = ctx;

	return ss_session_fd(r->s);
}

/* Ctrl-C: what the terminal would do without us, send SIGINT to the traced
 * processes; give them a second to go before stopping without them. */
static void rec_stop(void *ctx, int sig)
{
	struct rec *r = ctx;

	if (sig != SIGINT || !ss_session_pid(r->s)) {
		ss_session_stop(r->s, sig);
		return;
	}
	if (r->stopping)
		return;
	r->stopping = true;
	r->stop_deadline_ns = live_mono_ns() + 1000000000ull;
	for (size_t i = 0; i < r->m->nthreads; i++) {
		const struct ss_thread *t = &r->m->threads[i];

		if (!(t->flags & (SS_THREADF_EXITED | SS_THREADF_THREAD)) && t->tid == t->tgid)
			kill((pid_t)t->tid, SIGINT);
	}
	kill(ss_session_pid(r->s), SIGINT);
}

static bool rec_step(void *ctx)
{
	struct rec *r = ctx;

	if (ss_session_step(r->s, 0)) {
		if (r->stopping && live_mono_ns() >= r->stop_deadline_ns)
			ss_session_stop(r->s, SIGINT);
		return true;
	}
	ss_session_finish(r->s, r->sum);
	/* The live model ends as the file's would: with what the file got
	 * besides its events (flows, time in interrupts and their names, what
	 * the host took), so the view left open on the finished run says what
	 * 'view FILE' says, and the lesson's checks weigh the host's share. It
	 * ends now, not at the file's stop time, as its last frame was drawn
	 * against the clock. */
	struct ss_trace_tail tail;

	ss_session_tail(r->s, &tail);
	tail.have_stop = true;
	tail.stop_ns = live_boot_ns();
	tail.exit_status = r->sum->have_status ? r->sum->status : -1;
	ss_trace_finish_model(r->m, &tail);
	return false;
}

static void rec_progress(void *ctx, uint64_t *events, uint64_t *lost)
{
	struct rec *r = ctx;

	ss_session_progress(r->s, events, lost);
}

static void rec_summary(void *ctx, char *buf, size_t size)
{
	struct rec *r = ctx;

	snprintf(buf, size, "the recording has ended; the trace is in %.400s (q quits)", r->sum->path);
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

/* Points stdin at /dev/null and stdout, stderr at a new file beside
 * out_path, under a temporary name (in tmp) until the recording has started
 * (a recording that is refused leaves an earlier NAME.out as it was).
 * *tail_fd gets a read handle on that same file (not on its name, which the
 * user may replace with a link to what only root may read), for the output
 * panel. */
static int redirect_fds(const char *out_path, char *tmp, size_t tmpsize, int *tail_fd, char *err, size_t errlen)
{
	/* a new file, as the invoking user under sudo (util/userfile.h) */
	int out = userfile_tmp_open(out_path, tmp, tmpsize, err, errlen);
	char self[64];
	int null = out < 0 ? -1 : open("/dev/null", O_RDONLY | O_CLOEXEC);

	if (out < 0 || null < 0) {
		if (out >= 0) {
			snprintf(err, errlen, "cannot open /dev/null: %s", strerror(errno));
			close(out);
		}
		return out < 0 ? out : -EIO;
	}
	/* /proc's fd link reopens the open file itself, whatever its name is now */
	snprintf(self, sizeof(self), "/proc/self/fd/%d", out);
	*tail_fd = open(self, O_RDONLY | O_CLOEXEC);
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

/* The run before, shown above the new one on one time scale. */
struct above {
	struct ui_view v;
	struct ui_split split;
};

static void show_above(struct live_app *a, struct above *ab, const struct live_rerun *rr, int w, int h)
{
	/* the view only reads the model */
	ui_view_init(&ab->v, (struct ss_model *)rr->prev);
	live_trace_status(&ab->v, rr->prev);
	live_setup_view(&ab->v, rr->prev_opts, w, h, false);
	ui_split_init(&ab->split, &ab->v, &a->v);
	ui_split_same_mode(&ab->split, &a->v);
	a->split = &ab->split;
}

int live_record_rerun(const struct ss_session_opts *so_in, const struct live_opts *o, struct ss_session_summary *sum,
		      char *out_path, size_t out_size, struct live_rerun *rr, char *err, size_t errlen)
{
	struct ss_session_opts so = *so_in;
	struct ss_sink sink;
	struct ss_symbols *sy = NULL;
	struct ss_model *mp = calloc(1, sizeof(*mp));
	struct above ab;
	struct rec r = { .m = mp, .sum = sum };
	const struct live_source src = { .ctx = &r, .fd = rec_fd, .step = rec_step, .stop = rec_stop,
					 .progress = rec_progress, .summary = rec_summary };
	struct live_app a = { .m = mp, .o = o, .src = &src, .tail_fd = -1, .early_signal = so_in->stop_signal };
	char out_tmp[PATH_MAX];
	int in, out, rc, w, h;

	if (!mp) {
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		snprintf(err, errlen, "the live view needs a terminal (--no-ui records without it)");
		free(mp);
		return -ENOTTY;
	}
	/* NAME.out beside NAME.trace (or FILE.out beside any other FILE) */
	export_default_out(so.out_path, ".out", out_path, out_size);
	in = fcntl(STDIN_FILENO, F_DUPFD_CLOEXEC, 3);
	out = fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3);
	if (in < 0 || out < 0) {
		rc = -errno;
		snprintf(err, errlen, "cannot use the terminal: %s", strerror(errno));
		free(mp);
		return rc;
	}
	a.term = ui_term_open(in, out, err, errlen);
	if (!a.term) {
		free(mp);
		return -ENOTTY;
	}
	log_hold();
	ui_term_on_crash(restore_fds);
	/* The session feeds the model's sink only from its steps, so the model
	 * can be made after the start, from the header the session wrote. */
	rc = redirect_fds(out_path, out_tmp, sizeof(out_tmp), &a.tail_fd, err, errlen);
	if (!rc) {
		so.live = &sink;
		ss_model_sink(mp, &sink);
		rc = ss_session_start(&r.s, &so, err, errlen);
		if (rc)
			userfile_remove(out_tmp);
		else if ((rc = userfile_move(out_tmp, out_path, err, errlen))) {
			/* the name was taken from under us since the start: stop */
			userfile_remove(out_tmp);
			ss_session_stop(r.s, SIGTERM);
			ss_session_finish(r.s, sum);
			ss_session_free(r.s);
		}
	}
	if (rc) {
		ui_term_close(a.term);
		restore_fds();
		if (a.tail_fd >= 0)
			close(a.tail_fd);
		log_release();
		free(mp);
		return rc;
	}
	if (ss_model_init(mp, ss_session_info(r.s))) {
		/* no model, no view: the recording ends into the file only */
		snprintf(err, errlen, "out of memory for the live view");
		sink = (struct ss_sink){ .task = drop_task, .event = drop_event };
		ss_session_stop(r.s, SIGTERM);
		ss_session_finish(r.s, sum);
		ss_session_free(r.s);
		ui_term_close(a.term);
		restore_fds();
		if (a.tail_fd >= 0)
			close(a.tail_fd);
		log_release();
		free(mp);
		return 0;
	}
	sy = ss_symbols_new();
	if (sy)
		ss_symbols_attach(sy, mp);      /* the detail panel names the stacks */
	ui_view_init(&a.v, mp);
	a.v.out_path = out_path;
	a.v.rerun_hint = rr ? rr->hint : NULL;
	ui_term_size(a.term, &w, &h);
	live_setup_view(&a.v, o, w, h, true);
	if (rr && rr->prev)
		show_above(&a, &ab, rr, w, h);

	live_loop(&a);

	ui_term_close(a.term);
	ui_term_on_crash(NULL);
	restore_fds();
	if (a.tail_fd >= 0)
		close(a.tail_fd);
	log_release();
	ss_session_free(r.s);
	if (rr && a.rerun_asked) {
		rr->asked = true;
		snprintf(rr->args, sizeof(rr->args), "%s", a.v.prompt);
	}
	if (a.split) {
		ui_split_free(&ab.split);
		ui_view_free(&ab.v);
	}
	ui_view_free(&a.v);
	ui_grid_free(&a.g);
	if (rr && a.rerun_asked) {
		rr->kept = mp;
		rr->kept_symbols = sy;      /* its stack teller, for the view above the next run */
	} else {
		ss_model_free(mp);
		free(mp);
		ss_symbols_free(sy);
	}
	return 0;
}
