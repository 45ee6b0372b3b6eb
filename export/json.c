/*
 * Chrome Trace Event Format (chrome://tracing, and Perfetto's legacy JSON
 * importer). JSON has no CPU tracks, so a pseudo-process "CPUs" holds one
 * pseudo-thread per CPU (named by "M" events) carrying an "X" slice per run.
 * Each thread has its own lane under its real pid/tid with its states as
 * slices (Running, Runnable, Blocked: reason), instants for fork, exec, exit,
 * migrations, markers and signals, and a flow arrow ("s" -> "f") from the
 * waker's run at the wakeup to the wakee's next run, and from a signal's
 * sender to its receiver.
 *
 * Times are boot-time microseconds with three decimals (exact nanoseconds).
 * Slices are written when they end, so the file is not in time order; both
 * viewers sort.
 */
#include "export/formats.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export/outfile.h"
#include "export/text.h"
#include "model/explain.h"
#include "model/intervals.h"
#include "util/hmap.h"
#include "model/syscalls.h"

/* Real pids and tids stay below PID_MAX_LIMIT (2^22): the pseudo ones above
 * it cannot collide with them. */
#define CPUS_PID      4194305u
#define CPU_TID(c)    (4194306u + (c))

struct js {
	struct xp *x;
	const struct ss_reader *r;
	struct xp_file f;
	struct ss_intervals *iv;
	bool first;
	uint64_t flows;
};

/* Starts one event object: {"ph":"X","pid":..,"tid":..,"ts":.. */
static struct buf *ev_begin(struct js *j, char ph, uint32_t pid, uint32_t tid, uint64_t ts_ns)
{
	struct buf *b = &j->f.b;

	txt(b, j->first ? "\n" : ",\n");
	j->first = false;
	txt(b, "{\"ph\":\"");
	buf_u8(b, (uint8_t)ph);
	txt(b, "\",\"pid\":");
	txt_u64(b, pid);
	txt(b, ",\"tid\":");
	txt_u64(b, tid);
	txt(b, ",\"ts\":");
	txt_us(b, ts_ns);
	j->x->res->events_out++;
	return b;
}

static void ev_end(struct js *j)
{
	buf_u8(&j->f.b, '}');
	xp_file_drain(&j->f);
}

static void str_field(struct buf *b, const char *key, const char *val)
{
	txt(b, ",\"");
	txt(b, key);
	txt(b, "\":\"");
	txt_json_str(b, val);
	buf_u8(b, '"');
}

static void num_arg(struct buf *b, bool *first, const char *key, int64_t v)
{
	txt(b, *first ? "\"" : ",\"");
	*first = false;
	txt(b, key);
	txt(b, "\":");
	txt_i64(b, v);
}

static void str_arg(struct buf *b, bool *first, const char *key, const char *v)
{
	txt(b, *first ? "\"" : ",\"");
	*first = false;
	txt(b, key);
	txt(b, "\":\"");
	txt_json_str(b, v);
	buf_u8(b, '"');
}

static void meta(struct js *j, uint32_t pid, uint32_t tid, const char *what, const char *key,
		 const char *sval, int64_t nval)
{
	struct buf *b = ev_begin(j, 'M', pid, tid, 0);
	bool first = true;

	str_field(b, "name", what);
	txt(b, ",\"args\":{");
	if (sval)
		str_arg(b, &first, key, sval);
	else
		num_arg(b, &first, key, nval);
	txt(b, "}");
	ev_end(j);
}

static const char *comm(const struct js *j, uint32_t tid, uint64_t ts)
{
	return ss_tasks_comm(&j->r->tasks, tid, ts);
}

static char *who(const struct js *j, uint32_t tid, uint64_t ts, char *buf, size_t n)
{
	snprintf(buf, n, "%s %u", comm(j, tid, ts), tid);
	return buf;
}

/* Names: the CPU lanes, then every process and thread (its newest name in
 * each incarnation). */
static void names(struct js *j)
{
	const struct ss_tasks *t = &j->r->tasks;
	struct xp *x = j->x;
	struct hmap procs;
	char name[32];

	meta(j, CPUS_PID, 0, "process_name", "name", "CPUs", 0);
	meta(j, CPUS_PID, 0, "process_sort_index", "sort_index", NULL, -1);
	for (unsigned c = 0; c < j->r->info.ncpus; c++) {
		snprintf(name, sizeof(name), "CPU %u", c);
		meta(j, CPUS_PID, CPU_TID(c), "thread_name", "name", name, 0);
		meta(j, CPUS_PID, CPU_TID(c), "thread_sort_index", "sort_index", NULL, c);
	}
	hmap_init(&procs, sizeof(uint64_t));
	for (size_t i = 0; i < t->n; i++) {
		const struct ss_task *v = &t->v[i], *last = v;

		if (!v->pid || x->inc[i] != (int32_t)i || !xp_selected(x, v->pid, v->ts_ns))
			continue;
		/* the incarnation's newest version: its name after exec and renames */
		for (const struct ss_task *w = ss_tasks_latest(t, v->pid); w; w = w->prev >= 0 ? &t->v[w->prev] : NULL)
			if (x->inc[w - t->v] == (int32_t)i) {
				last = w;
				break;
			}
		meta(j, last->tgid, v->pid, "thread_name", "name", last->comm, 0);
		if (v->pid == last->tgid || !hmap_get(&procs, last->tgid)) {
			const char *pname = last->comm;

			if (v->pid != last->tgid) {
				const struct ss_task *lead = ss_tasks_latest(t, last->tgid);

				if (lead && lead->tgid == last->tgid)
					pname = lead->comm;
			}
			if (hmap_put(&procs, last->tgid))
				meta(j, last->tgid, 0, "process_name", "name", pname, 0);
		}
	}
	hmap_free(&procs);
}

static const char *ready_text(const struct js *j, const struct ss_slice *s, char *buf, size_t n)
{
	char w[48];

	/* the kind in ss_ready_name()'s word, then who */
	switch (s->ready) {
	case SS_READY_WOKEN:
		snprintf(buf, n, "%s by %s", ss_ready_name(s->ready),
			 s->waker ? who(j, s->waker, s->ready_ns, w, sizeof(w)) : "an interrupt or a timer, no task");
		return buf;
	case SS_READY_NEW:
		snprintf(buf, n, "%s, woken by %s", ss_ready_name(s->ready), who(j, s->waker, s->ready_ns, w, sizeof(w)));
		return buf;
	case SS_READY_PREEMPTED: snprintf(buf, n, "%s before", ss_ready_name(s->ready)); return buf;
	default: return ss_ready_name(s->ready);
	}
}

/* A run on the CPU lane. */
static void cpu_slice(struct js *j, const struct ss_slice *s)
{
	struct buf *b = ev_begin(j, 'X', CPUS_PID, CPU_TID(s->cpu), s->start_ns);
	bool first = true;
	char rt[96];

	txt(b, ",\"dur\":");
	txt_us(b, s->end_ns - s->start_ns);
	str_field(b, "name", comm(j, s->tid, s->start_ns));
	str_field(b, "cat", "sched");
	txt(b, ",\"args\":{");
	num_arg(b, &first, "tid", s->tid);
	num_arg(b, &first, "pid", xp_tgid(j->x, s->tid, s->start_ns));
	num_arg(b, &first, "prio", s->prio);
	str_arg(b, &first, "end_state", s->flags & SS_SLICE_TO_END ? "running at the end" :
		ss_state_name(ss_state_from_index(s->end_state)));
	str_arg(b, &first, "ready", ready_text(j, s, rt, sizeof(rt)));
	txt(b, "}");
	ev_end(j);
}

/* A flow arrow named what (also its category) from tid a's lane at a_ns to
 * tid b's at b_ns; both ends bind to the slice that encloses them. */
static void flow(struct js *j, const char *what, uint32_t a, uint64_t a_ns, uint32_t b, uint64_t b_ns)
{
	struct buf *o;

	j->flows++;
	o = ev_begin(j, 's', xp_tgid(j->x, a, a_ns), a, a_ns);
	str_field(o, "name", what);
	str_field(o, "cat", what);
	txt(o, ",\"id\":");
	txt_u64(o, j->flows);
	ev_end(j);
	o = ev_begin(j, 'f', xp_tgid(j->x, b, b_ns), b, b_ns);
	str_field(o, "name", what);
	str_field(o, "cat", what);
	txt(o, ",\"id\":");
	txt_u64(o, j->flows);
	txt(o, ",\"bp\":\"e\"");
	ev_end(j);
}

/* The wakeup that made this run: waker's lane at the wakeup -> wakee's run.
 * Only between threads that have lanes (the idle task, pid 0, has none). */
static void wake_flow(struct js *j, const struct ss_slice *s)
{
	if ((s->ready != SS_READY_WOKEN && s->ready != SS_READY_NEW) || !s->waker || !s->ready_ns ||
	    !xp_selected(j->x, s->waker, s->ready_ns))
		return;
	flow(j, "wakeup", s->waker, s->ready_ns, s->tid, s->start_ns);
}

static void on_slice(void *ctx, const struct ss_slice *s)
{
	struct js *j = ctx;

	if (!s->tid || !xp_selected(j->x, s->tid, s->start_ns))
		return;
	cpu_slice(j, s);
	ss_intervals_slice(j->iv, s);
	wake_flow(j, s);
}

static void on_wait(void *ctx, const struct ss_wait *w)
{
	struct js *j = ctx;

	if (xp_selected(j->x, w->tid, w->run_ns))
		ss_intervals_wait(j->iv, w);
}

/* A thread state on the thread's lane. */
static void on_interval(void *ctx, const struct ss_ivl *iv)
{
	struct js *j = ctx;
	struct buf *b = ev_begin(j, 'X', xp_tgid(j->x, iv->tid, iv->start_ns), iv->tid, iv->start_ns);
	bool first = true;
	char name[64], w[48];

	txt(b, ",\"dur\":");
	txt_us(b, iv->end_ns - iv->start_ns);
	if (iv->state == SS_IVL_RUNNING) {
		snprintf(name, sizeof(name), "Running");
	} else if (iv->state == SS_IVL_RUNNABLE) {
		snprintf(name, sizeof(name), iv->ready == SS_READY_PREEMPTED ? "Runnable (preempted)" : "Runnable");
	} else if (iv->reason != SS_R_UNKNOWN) {
		snprintf(name, sizeof(name), "Blocked: %s", ss_reason_name(iv->reason));
	} else {
		snprintf(name, sizeof(name), "Blocked (%s)", iv->sleep_state == 0xff ? "?" :
			 ss_state_name(ss_state_from_index(iv->sleep_state)));
	}
	str_field(b, "name", name);
	str_field(b, "cat", "state");
	txt(b, ",\"args\":{");
	if (iv->cpu >= 0)
		num_arg(b, &first, "cpu", iv->cpu);
	if (iv->waker)
		str_arg(b, &first, "woken_by", who(j, iv->waker, iv->end_ns, w, sizeof(w)));
	if (iv->state == SS_IVL_BLOCKED && iv->wait) {
		char chan[96];

		if (iv->wait->sys.chan.kind != SS_CH_NONE)
			str_arg(b, &first, "channel", ss_chan_name(&iv->wait->sys.chan, chan, sizeof(chan)));
		if (ss_sys_withheld(&iv->wait->sys))
			str_arg(b, &first, "withheld", ss_syscall_withheld_words());
		if (iv->wait->ready_ns)
			str_arg(b, &first, "how", ss_wake_how_name(iv->how));
	}
	if (iv->to_end)
		str_arg(b, &first, "note", "until the end of the recording");
	txt(b, "}");
	ev_end(j);
}

static void instant(struct js *j, const struct ss_event *ev, uint32_t tid, const char *name,
		    const char *key, const char *sval, int64_t nval)
{
	struct buf *b = ev_begin(j, 'i', xp_tgid(j->x, tid, ev->ts_ns), tid, ev->ts_ns);
	bool first = true;

	str_field(b, "name", name);
	str_field(b, "cat", ss_kind_name(ev->kind));
	txt(b, ",\"s\":\"t\",\"args\":{");
	if (key && sval)
		str_arg(b, &first, key, sval);
	else if (key)
		num_arg(b, &first, key, nval);
	txt(b, "}");
	ev_end(j);
}

/* A signal: sent, an instant on the sender's lane and one on the receiver's
 * with an arrow between them (as in the Perfetto export); taken, an instant
 * on the receiver's. */
static void on_signal(struct js *j, const struct ss_event *ev)
{
	uint32_t to = ev->signal.target;
	char sig[32], who_buf[64], text[128];
	bool from_sel, to_sel;

	ss_signal_name(ev->signal.sig, sig, sizeof(sig));
	if (ev->signal.dir == SS_SIGNAL_DELIVERED) {
		snprintf(text, sizeof(text), "takes %s", sig);
		instant(j, ev, ev->pid, text, "signal", NULL, ev->signal.sig);
		return;
	}
	from_sel = ev->pid && xp_selected(j->x, ev->pid, ev->ts_ns);
	to_sel = to && xp_selected(j->x, to, ev->ts_ns);
	if (from_sel) {
		snprintf(text, sizeof(text), "sends %s to %s", sig, who(j, to, ev->ts_ns, who_buf, sizeof(who_buf)));
		instant(j, ev, ev->pid, text, "result", NULL, ev->signal.result);
	}
	if (to_sel) {
		snprintf(text, sizeof(text), "%s from %s", sig, ev->pid ? who(j, ev->pid, ev->ts_ns, who_buf, sizeof(who_buf)) :
			 "an interrupt (idle)");
		instant(j, ev, to, text, "result", NULL, ev->signal.result);
	}
	if (from_sel && to_sel)
		flow(j, "signal", ev->pid, ev->ts_ns, to, ev->ts_ns);
}

static void on_event(struct js *j, const struct ss_event *ev)
{
	char text[160];

	if (!xp_wanted(j->x, ev))
		return;
	switch (ev->kind) {
	case SS_FORK:
		snprintf(text, sizeof(text), "fork %s %u", ev->fork.flags & SS_FORK_IS_THREAD ? "thread" : "process",
			 ev->fork.child);
		instant(j, ev, ev->pid, text, "child", NULL, ev->fork.child);
		break;
	case SS_EXEC: {
		const struct ss_task *t = xp_task(j->x, ev->pid, ev->ts_ns);

		instant(j, ev, ev->pid, "exec", "path", t && t->path[0] ? t->path : "?", 0);
		break;
	}
	case SS_EXIT:
		ss_explain_exit(ev->exit.code, text, sizeof(text));
		instant(j, ev, ev->pid, "exit", "status", text, 0);
		break;
	case SS_MIGRATE:
		snprintf(text, sizeof(text), "migrate CPU %u -> %u", ev->mig.orig_cpu, ev->mig.dest_cpu);
		instant(j, ev, ev->pid, text, NULL, NULL, 0);
		break;
	case SS_SIGNAL:
		on_signal(j, ev);
		break;
	case SS_MARKER: {
		const struct ss_probe *p = ss_reader_probe(j->r, ev->marker.probe);
		struct buf *b;
		bool first = true;

		snprintf(text, sizeof(text), "%s:%s", p ? p->provider : "?", p ? p->name : "?");
		b = ev_begin(j, 'i', xp_tgid(j->x, ev->pid, ev->ts_ns), ev->pid, ev->ts_ns);
		str_field(b, "name", text);
		str_field(b, "cat", "marker");
		txt(b, ",\"s\":\"t\",\"args\":{");
		for (uint32_t i = 0; i < ev->marker.nargs && i < SS_MAX_MARKER_ARGS; i++) {
			char key[8];

			snprintf(key, sizeof(key), "arg%u", i);
			num_arg(b, &first, key, ev->marker.args[i]);
		}
		txt(b, "}");
		ev_end(j);
		break;
	}
	case SS_LOST: {
		/* a loss noticed before the CPU's first event is stamped 0: show it at the start */
		struct buf *b = ev_begin(j, 'i', CPUS_PID, CPU_TID(ev->cpu), ev->ts_ns > j->x->t0_ns ? ev->ts_ns : j->x->t0_ns);
		bool first = true;

		str_field(b, "name", "events lost");
		str_field(b, "cat", "lost");
		txt(b, ",\"s\":\"t\",\"args\":{");
		num_arg(b, &first, "count", (int64_t)ev->lost.count);
		txt(b, "}");
		ev_end(j);
		break;
	}
	default:
		break;
	}
}

static void trailer(struct js *j)
{
	const struct ss_trace_info *in = &j->r->info;
	struct buf *b = &j->f.b;

	txt(b, "\n],\n\"displayTimeUnit\":\"ns\",\n\"otherData\":{\"generator\":\"schedscope\"");
	str_field(b, "host", in->hostname);
	str_field(b, "kernel", in->release);
	str_field(b, "command", in->cmdline);
	txt(b, ",\"clock\":\"CLOCK_BOOTTIME\"}}\n");
}

int export_json(struct xp *x)
{
	struct js j = { .x = x, .r = x->r, .first = true };
	struct ss_sched_state_ops ops = { .slice = on_slice, .wait = on_wait, .ctx = &j };
	struct ss_sched_state *st;
	uint64_t last = x->t0_ns;
	struct ss_event ev;
	int rc;

	j.iv = ss_intervals_new(on_interval, &j);
	st = ss_sched_state_new(&x->r->info, x->t0_ns, &x->r->tasks, &ops);
	if (!j.iv || !st) {
		ss_intervals_free(j.iv);
		ss_sched_state_free(st);
		return xp_out_of_memory(x);
	}
	if (xp_file_open(x, &j.f, x->res->out_path)) {
		ss_intervals_free(j.iv);
		ss_sched_state_free(st);
		return -1;
	}
	txt(&j.f.b, "{\"traceEvents\":[");
	names(&j);
	while ((rc = xp_next(x, &ev)) == 1 && !j.f.err) {
		if (ev.cpu >= x->r->info.ncpus)
			continue;
		last = ev.ts_ns;
		ss_sched_state_event(st, &ev);
		on_event(&j, &ev);
	}
	if (rc >= 0) {
		uint64_t end = x->end_ns ? x->end_ns : last;

		ss_sched_state_close(st, end);
		ss_intervals_close(j.iv, end);
		trailer(&j);
		if (!ss_intervals_ok(j.iv))
			rc = xp_out_of_memory(x);
	}
	ss_sched_state_free(st);
	ss_intervals_free(j.iv);
	return xp_file_close(x, &j.f, rc >= 0) || rc < 0 ? -1 : 0;
}
