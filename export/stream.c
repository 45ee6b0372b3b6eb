/* The frame every format streams through (stream.h): the reader and its
 * time-ordered iterator, the window and --pid selection, progress on
 * stderr, and each task version's incarnation, computed once at open from
 * the task table (a fork starts one, exec and rename continue it, as the
 * model's threads do). A pid's task is looked up through a per-pid cache
 * of the version valid over a time range, so events of one task in a row
 * cost no search. Memory grows with tasks, never with events. */
#include "export/stream.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/fmt.h"

#define PROGRESS_MIN_EVENTS (1u << 20)  /* smaller traces export in well under a second */
#define PROGRESS_EVERY      (1u << 16)

int xp_fail(struct xp *x, const char *fmt, ...)
{
	va_list ap;

	if (x->err[0])             /* the first reason is the one that counts */
		return -1;
	va_start(ap, fmt);
	vsnprintf(x->err, x->errlen, fmt, ap);
	va_end(ap);
	return -1;
}

int xp_out_of_memory(struct xp *x)
{
	return xp_fail(x, "out of memory");
}

static void progress(struct xp *x, bool done)
{
	const struct export_opts *o = x->o;
	int pct;

	if (!o->progress && !o->on_progress)
		return;
	if (!done && (x->r->nevents < PROGRESS_MIN_EVENTS || x->nread % PROGRESS_EVERY))
		return;
	pct = done ? 100 : (int)(x->nread * 100 / (x->r->nevents ? x->r->nevents : 1));
	if (pct == x->pct)
		return;
	x->pct = pct;
	if (o->on_progress)
		o->on_progress(o->progress_ctx, (unsigned)pct);
	if (o->progress && !done) {
		fprintf(stderr, "\rexporting: %3d%%", pct);
		x->shown = true;
	}
	if (o->progress && done && x->shown)
		fprintf(stderr, "\r               \r");
}

/* Here, below export_run(), since the stream's own stop check says it;
 * pictures (cli/picture.c) say it the same way. */
void export_stopped_line(int sig, const char *out, char *buf, size_t n)
{
	const char *name = sigabbrev_np(sig);

	snprintf(buf, n, "stopped by SIG%s: %s not written", name ? name : "?", out);
}

int xp_stopped(struct xp *x)
{
	int sig = x->o->stop_signal ? x->o->stop_signal() : 0;
	char line[4200];

	if (!sig)
		return 0;
	export_stopped_line(sig, x->res->out_path, line, sizeof(line));
	return xp_fail(x, "%s", line);
}

int xp_next(struct xp *x, struct ss_event *ev)
{
	if (xp_stopped(x))
		return -1;
	for (;;) {
		int rc = ss_iter_next(x->it, ev);

		if (rc <= 0) {
			if (rc < 0)
				return xp_fail(x, "%s: %s", x->r->path, ss_iter_error(x->it));
			return 0;
		}
		x->nread++;
		progress(x, false);
		if (ev->ts_ns < x->from_ns)
			continue;
		if (ev->ts_ns > x->to_ns)
			return 0;          /* time order: nothing later is inside */
		x->res->events_in++;
		return 1;
	}
}

bool xp_selected(const struct xp *x, uint32_t pid, uint64_t ts)
{
	const struct ss_task *t;

	if (!x->o->pid)
		return true;
	if (pid == x->o->pid)
		return true;
	t = xp_task(x, pid, ts);
	return t && t->tgid == x->o->pid;
}

bool xp_wanted(const struct xp *x, const struct ss_event *ev)
{
	uint64_t ts = ev->ts_ns;

	if (!x->o->pid || ev->kind == SS_LOST)
		return true;
	if (xp_selected(x, ev->pid, ts))
		return true;
	switch (ev->kind) {
	case SS_SWITCH: return xp_selected(x, ev->sw.next_pid, ts);
	case SS_WAKING:
	case SS_WAKEUP_NEW: return xp_selected(x, ev->wake.wakee, ts);
	case SS_FORK: return xp_selected(x, ev->fork.child, ts);
	case SS_EXEC: return xp_selected(x, ev->exec.old_pid, ts);
	case SS_SIGNAL: return ev->signal.dir == SS_SIGNAL_SENT && xp_selected(x, ev->signal.target, ts);
	default: return false;
	}
}

int32_t xp_incarnation(const struct xp *x, uint32_t pid, uint64_t ts)
{
	const struct ss_task *t = xp_task(x, pid, ts);

	return t ? x->inc[t - x->r->tasks.v] : -1;
}

/* A pid's incarnation starts at its first version and at every fork; exec,
 * rename and a second sighting continue it (the model's rule for threads). */
static int incarnations(struct xp *x)
{
	const struct ss_tasks *t = &x->r->tasks;
	bool all = x->r->info.flags & SS_TF_ALL;

	x->inc = malloc((t->n ? t->n : 1) * sizeof(*x->inc));
	x->traced = calloc(t->n ? t->n : 1, 1);
	if (!x->inc || !x->traced)
		return xp_out_of_memory(x);
	for (size_t i = 0; i < t->n; i++) {
		const struct ss_task *v = &t->v[i];

		x->inc[i] = v->prev < 0 || v->origin == SS_TASK_FORKED ? (int32_t)i : x->inc[v->prev];
		if (v->pid && (all || (v->flags & SS_TASKF_IN_TREE)))
			x->traced[x->inc[i]] = 1;
	}
	return 0;
}

int xp_open(struct xp *x, const struct export_opts *o, struct export_result *res, char *err, size_t errlen)
{
	uint64_t stop;
	char from[32], end[32];

	memset(x, 0, sizeof(*x));
	x->o = o;
	x->res = res;
	x->err = err;
	x->errlen = errlen;
	x->pct = -1;
	x->r = o->reader;
	if (!x->r)
		x->r = x->opened = ss_reader_open(o->in_path, o->reader_flags, err, errlen);
	if (!x->r)
		return -1;
	stop = x->r->end ? x->r->end->stop_ns : 0;
	/* Without a window nothing is left out, not even what precedes the start
	 * (a loss noticed before a CPU's first event is stamped 0). */
	x->from_ns = o->from_ns ? x->r->info.start_ns + o->from_ns : 0;
	x->t0_ns = x->r->info.start_ns + o->from_ns;
	x->to_ns = o->to_ns ? x->r->info.start_ns + o->to_ns : UINT64_MAX;
	if (o->from_ns && stop && x->from_ns >= stop) {
		xp_fail(x, "the window starts at %s, after the recording ended (%s)",
			fmt_moment(from, sizeof(from), x->r->info.start_ns, x->from_ns),
			fmt_moment(end, sizeof(end), x->r->info.start_ns, stop));
		return -1;
	}
	/* Runs still open are closed where the recording (or the window) ended;
	 * without an end record, at the last event (set by the formats). */
	x->end_ns = stop && stop < x->to_ns ? stop : x->to_ns != UINT64_MAX ? x->to_ns : 0;
	x->it = ss_iter_new(x->r);
	if (!x->it || incarnations(x)) {
		xp_out_of_memory(x);
		return -1;
	}
	return 0;
}

void xp_close(struct xp *x, int rc)
{
	if (rc == 0 && x->r)
		progress(x, true);
	else if (x->shown)
		fprintf(stderr, "\n");
	free(x->inc);
	free(x->traced);
	ss_iter_free(x->it);
	ss_reader_close(x->opened);
	x->opened = NULL;
	x->inc = NULL;
	x->traced = NULL;
	x->it = NULL;
	x->r = NULL;
}

/* ---- per-pid table ---- */

void xp_pids_init(struct pidmap *t)
{
	static const struct xp_pid fresh = { .ver = -1 };

	pidmap_init(t, sizeof(struct xp_pid), &fresh);
}

const struct ss_task *xp_pid_task(const struct xp *x, struct xp_pid *e, uint32_t pid, uint64_t ts)
{
	const struct ss_tasks *t = &x->r->tasks;
	const struct ss_task *v;
	uint64_t hi = UINT64_MAX;

	if (!e)
		return xp_task(x, pid, ts);
	if (e->ver >= 0 && ts >= e->lo && ts < e->hi)
		return &t->v[e->ver];
	/* as ss_tasks_at(): the newest version not after ts, else the earliest */
	v = pid ? ss_tasks_latest(t, pid) : NULL;
	while (v && v->ts_ns > ts && v->prev >= 0) {
		hi = v->ts_ns;
		v = &t->v[v->prev];
	}
	if (!v)
		return NULL;
	e->ver = (int32_t)(v - t->v);
	e->lo = v->prev >= 0 ? v->ts_ns : 0;
	e->hi = hi;
	return v;
}

