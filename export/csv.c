/*
 * CSV: a directory of four files, for spreadsheets and pandas.
 *   events.csv     every event, one row each (as `schedscope dump` lists them)
 *   slices.csv     every run of a task on a CPU (cpu, start, end, pid, tid, comm, ...)
 *   intervals.csv  each thread's states: running, runnable, blocked (with the
 *                  reason and the waker when known)
 *   tasks.csv      one row per thread of the traced tree (the model's threads),
 *                  with the model's per-thread statistics
 * Times are boot-time nanoseconds. The first three are written as the trace
 * streams by; tasks.csv at the end, from one record per thread.
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
#include "util/userfile.h"
#include "model/syscalls.h"

enum { F_EVENTS, F_SLICES, F_INTERVALS, F_TASKS, NFILES };

static const char *const file_names[NFILES] = { "events.csv", "slices.csv", "intervals.csv", "tasks.csv" };
static const char *const headers[NFILES] = {
	"ts_ns,cpu,kind,pid,comm,other_pid,other_comm,prev_state,prev_prio,next_prio,target_cpu,"
	"orig_cpu,dest_cpu,value,detail\n",
	"cpu,start_ns,end_ns,pid,tid,comm,prio,end_state,ready,ready_ns,waker,waker_comm,flags\n",
	"tid,pid,comm,state,start_ns,end_ns,dur_ns,cpu,reason,waker,waker_comm,detail\n",
	"tid,pid,ppid,comm,path,created_as,fork_ns,exit_ns,exit_status,runs,run_ns,wait_ns,"
	"wait_max_ns,blocked_ns,vol_switches,invol_switches,migrations,wakeups\n",
};

/* The model's per-thread statistics (the same function, ss_stats_add_run),
 * per incarnation. */
struct tstat {
	uint64_t hkey;
	struct ss_thread_stats st;
	struct ss_slice last;      /* its last run, for the gap before the next */
	uint64_t fork_ns, exit_ns;
	int32_t exit_code;
	uint8_t has_last, exited, is_thread;
};

struct cv {
	struct xp *x;
	const struct ss_reader *r;
	struct xp_file f[NFILES];
	struct ss_intervals *iv;
	struct hmap stats;        /* incarnation -> struct tstat */
};

static const char *comm(const struct cv *c, uint32_t tid, uint64_t ts)
{
	return ss_tasks_comm(&c->r->tasks, tid, ts);
}

static void sep(struct buf *b) { buf_u8(b, ','); }
static void col_u(struct buf *b, uint64_t v) { txt_u64(b, v); sep(b); }
static void col_s(struct buf *b, const char *s) { txt_csv_str(b, s); sep(b); }

static void row_end(struct cv *c, int file)
{
	struct buf *b = &c->f[file].b;

	if (b->len && b->p[b->len - 1] == ',')
		b->len--;
	buf_u8(b, '\n');
	c->x->res->events_out++;
	xp_file_drain(&c->f[file]);
}

/* The model's thread for tid at ts (a traced incarnation), created if asked. */
static struct tstat *stat_of(struct cv *c, uint32_t tid, uint64_t ts, bool create)
{
	int32_t inc = xp_incarnation(c->x, tid, ts);

	if (inc < 0 || !c->x->traced[inc] || !xp_selected(c->x, tid, ts))
		return NULL;
	return create ? hmap_put(&c->stats, (uint64_t)inc) : hmap_get(&c->stats, (uint64_t)inc);
}

static void stats_run(struct cv *c, const struct ss_slice *s)
{
	struct tstat *t = stat_of(c, s->tid, s->start_ns, true);
	struct ss_gap g;

	if (!t)
		return;
	ss_gap_between(t->has_last ? &t->last : NULL, s, 0, &g);
	ss_stats_add_run(&t->st, &g, s);
	t->last = *s;
	t->has_last = 1;
}

static void on_slice(void *ctx, const struct ss_slice *s)
{
	struct cv *c = ctx;
	struct buf *b = &c->f[F_SLICES].b;
	char flags[48];

	if (!s->tid || !xp_selected(c->x, s->tid, s->start_ns))
		return;
	stats_run(c, s);
	ss_intervals_slice(c->iv, s);
	snprintf(flags, sizeof(flags), "%s%s%s", s->flags & SS_SLICE_FROM_START ? "from_start " : "",
		 s->flags & SS_SLICE_TO_END ? "to_end " : "", s->flags & SS_SLICE_AFTER_LOSS ? "after_loss " : "");
	if (flags[0])
		flags[strlen(flags) - 1] = 0;
	col_u(b, s->cpu);
	col_u(b, s->start_ns);
	col_u(b, s->end_ns);
	col_u(b, xp_tgid(c->x, s->tid, s->start_ns));
	col_u(b, s->tid);
	col_s(b, comm(c, s->tid, s->start_ns));
	col_u(b, s->prio);
	col_s(b, s->flags & SS_SLICE_TO_END ? "" : ss_state_name(ss_state_from_index(s->end_state)));
	col_s(b, ss_ready_name(s->ready));
	if (s->ready_ns)
		txt_u64(b, s->ready_ns);
	sep(b);
	if (s->ready == SS_READY_WOKEN || s->ready == SS_READY_NEW) {
		col_u(b, s->waker);
		col_s(b, s->waker ? comm(c, s->waker, s->ready_ns) : "swapper");
	} else {
		txt(b, ",,");
	}
	col_s(b, flags);
	row_end(c, F_SLICES);
}

static void on_wait(void *ctx, const struct ss_wait *w)
{
	struct cv *c = ctx;

	if (xp_selected(c->x, w->tid, w->run_ns))
		ss_intervals_wait(c->iv, w);
}

static void on_interval(void *ctx, const struct ss_ivl *iv)
{
	static const char *const states[] = { "running", "runnable", "blocked" };
	struct cv *c = ctx;
	struct buf *b = &c->f[F_INTERVALS].b;
	char detail[192] = "", reason[64];

	col_u(b, iv->tid);
	col_u(b, xp_tgid(c->x, iv->tid, iv->start_ns));
	col_s(b, comm(c, iv->tid, iv->start_ns));
	col_s(b, states[iv->state]);
	col_u(b, iv->start_ns);
	col_u(b, iv->end_ns);
	col_u(b, iv->end_ns - iv->start_ns);
	if (iv->cpu >= 0)
		txt_u64(b, (uint64_t)iv->cpu);
	sep(b);
	if (iv->state == SS_IVL_RUNNABLE)
		snprintf(reason, sizeof(reason), "%s", ss_ready_name(iv->ready));
	else if (iv->state == SS_IVL_BLOCKED && iv->reason != SS_R_UNKNOWN)
		snprintf(reason, sizeof(reason), "%s", ss_reason_name(iv->reason));
	else if (iv->state == SS_IVL_BLOCKED)
		snprintf(reason, sizeof(reason), "%s", iv->sleep_state == 0xff ? "" :
			 ss_state_name(ss_state_from_index(iv->sleep_state)));
	else
		reason[0] = 0;
	col_s(b, reason);
	if (iv->waker) {
		col_u(b, iv->waker);
		col_s(b, comm(c, iv->waker, iv->end_ns));
	} else {
		txt(b, ",,");
	}
	if (iv->state == SS_IVL_BLOCKED && iv->wait) {
		char chan[96] = "";

		if (iv->wait->sys.chan.kind != SS_CH_NONE)
			ss_chan_name(&iv->wait->sys.chan, chan, sizeof(chan));
		snprintf(detail, sizeof(detail), "%s%s%s", chan, chan[0] && iv->wait->ready_ns ? "; " : "",
			 iv->wait->ready_ns ? ss_wake_how_name(iv->how) : "");
	}
	if (iv->to_end)
		snprintf(detail + strlen(detail), sizeof(detail) - strlen(detail), "%still the end",
			 detail[0] ? "; " : "");
	col_s(b, detail);
	row_end(c, F_INTERVALS);
}

static const char *sys_name(const struct cv *c, int nr)
{
	const struct ss_syscall_info *si = nr >= 0 ? ss_syscall(c->r->info.machine, nr) : NULL;

	return si && si->name ? si->name : "?";
}

static void sys_text(const struct cv *c, const struct ss_sys *s, char *buf, size_t n)
{
	char chan[96] = "";

	if (s->chan.kind != SS_CH_NONE)
		ss_chan_name(&s->chan, chan, sizeof(chan));
	else if (ss_sys_withheld(s))
		snprintf(chan, sizeof(chan), "(%s)", ss_syscall_withheld_words());
	snprintf(buf, n, "%s%s%s", sys_name(c, s->nr), chan[0] ? " " : "", chan);
}

/* One events.csv row; the statistics that come from events. */
static void on_event(struct cv *c, const struct ss_event *ev)
{
	struct buf *b = &c->f[F_EVENTS].b;
	uint64_t ts = ev->ts_ns;
	uint32_t other = 0;
	bool has_other = false;
	char detail[256] = "";
	struct tstat *t;

	if (!xp_wanted(c->x, ev))
		return;
	switch (ev->kind) {
	case SS_SWITCH: other = ev->sw.next_pid; has_other = true; break;
	case SS_WAKING:
	case SS_WAKEUP_NEW:
		other = ev->wake.wakee;
		has_other = true;
		if ((t = stat_of(c, other, ts, true)))
			t->st.wakeups++;
		break;
	case SS_FORK:
		other = ev->fork.child;
		has_other = true;
		snprintf(detail, sizeof(detail), "%s", ev->fork.flags & SS_FORK_IS_THREAD ? "thread" : "process");
		if ((t = stat_of(c, other, ts, true))) {
			t->fork_ns = ts;
			t->is_thread = !!(ev->fork.flags & SS_FORK_IS_THREAD);
		}
		break;
	case SS_EXEC: {
		const struct ss_task *v = xp_task(c->x, ev->pid, ts);

		other = ev->exec.old_pid;
		has_other = true;
		snprintf(detail, sizeof(detail), "%s", v && v->origin == SS_TASK_EXECED ? v->path : "");
		break;
	}
	case SS_EXIT:
		ss_explain_exit(ev->exit.code, detail, sizeof(detail));
		if ((t = stat_of(c, ev->pid, ts, true))) {
			t->exited = 1;
			t->exit_ns = ts;
			t->exit_code = ev->exit.code;
		}
		break;
	case SS_MIGRATE:
		if ((t = stat_of(c, ev->pid, ts, true)))
			t->st.migrations++;
		break;
	case SS_MARKER: {
		const struct ss_probe *p = ss_reader_probe(c->r, ev->marker.probe);
		size_t k = (size_t)snprintf(detail, sizeof(detail), "%s:%s", p ? p->provider : "?", p ? p->name : "?");

		for (uint32_t i = 0; i < ev->marker.nargs && i < SS_MAX_MARKER_ARGS && k < sizeof(detail); i++)
			k += (size_t)snprintf(detail + k, sizeof(detail) - k, " %lld", (long long)ev->marker.args[i]);
		break;
	}
	case SS_BLOCK:
		sys_text(c, &ev->block, detail, sizeof(detail));
		break;
	case SS_WAKER:
		other = ev->waker.wakee;
		has_other = true;
		if (ev->waker.cause == SS_WC_SYSCALL)
			sys_text(c, &ev->waker.sys, detail, sizeof(detail));
		else
			snprintf(detail, sizeof(detail), "%s", ev->waker.cause == SS_WC_EXIT ? "exiting" : "");
		break;
	case SS_SIGNAL:
		other = ev->signal.target;
		has_other = ev->signal.dir == SS_SIGNAL_SENT;
		snprintf(detail, sizeof(detail), "%s", ev->signal.dir == SS_SIGNAL_SENT ? "sent" : "delivered");
		break;
	default:
		break;
	}
	col_u(b, ts);
	col_u(b, ev->cpu);
	col_s(b, ss_kind_name(ev->kind));
	col_u(b, ev->pid);
	col_s(b, ev->pid ? comm(c, ev->pid, ts) : "swapper");
	if (has_other) {
		col_u(b, other);
		col_s(b, other ? comm(c, other, ts) : "swapper");
	} else {
		txt(b, ",,");
	}
	if (ev->kind == SS_SWITCH) {
		col_s(b, ss_state_name(ev->sw.prev_state));
		col_u(b, ev->sw.prev_prio);
		col_u(b, ev->sw.next_prio);
	} else {
		txt(b, ",,,");
	}
	if (ev->kind == SS_WAKING || ev->kind == SS_WAKEUP_NEW)
		txt_u64(b, ev->wake.target_cpu);
	sep(b);
	if (ev->kind == SS_MIGRATE) {
		col_u(b, ev->mig.orig_cpu);
		col_u(b, ev->mig.dest_cpu);
	} else {
		txt(b, ",,");
	}
	if (ev->kind == SS_EXIT)
		txt_i64(b, ev->exit.code);
	else if (ev->kind == SS_LOST)
		txt_u64(b, ev->lost.count);
	else if (ev->kind == SS_SIGNAL)
		txt_i64(b, ev->signal.sig);
	else if (ev->kind == SS_BLOCK)
		txt_i64(b, ev->block.nr);
	sep(b);
	col_s(b, detail);
	row_end(c, F_EVENTS);
}

/* tasks.csv: the traced threads in the task table's order (the model's). */
static void tasks_table(struct cv *c)
{
	const struct ss_tasks *tt = &c->r->tasks;
	struct xp *x = c->x;
	struct buf *b = &c->f[F_TASKS].b;

	for (size_t i = 0; i < tt->n; i++) {
		const struct ss_task *v = &tt->v[i], *last = v;
		const struct tstat *t;
		char status[48] = "";

		if (x->inc[i] != (int32_t)i || !x->traced[i] || !xp_selected(x, v->pid, v->ts_ns))
			continue;
		for (const struct ss_task *w = ss_tasks_latest(tt, v->pid); w; w = w->prev >= 0 ? &tt->v[w->prev] : NULL)
			if (x->inc[w - tt->v] == (int32_t)i) {
				last = w;
				break;
			}
		t = hmap_get(&c->stats, i);
		col_u(b, v->pid);
		col_u(b, last->tgid);
		col_u(b, last->ppid);
		col_s(b, last->comm);
		col_s(b, last->path);
		col_s(b, !t || !t->fork_ns ? "" : t->is_thread ? "thread" : "process");
		if (t && t->fork_ns)
			txt_u64(b, t->fork_ns);
		sep(b);
		if (t && t->exited) {
			col_u(b, t->exit_ns);
			ss_explain_exit(t->exit_code, status, sizeof(status));
		} else {
			sep(b);
		}
		col_s(b, status);
		col_u(b, t ? t->st.runs : 0);
		col_u(b, t ? t->st.run_ns : 0);
		col_u(b, t ? t->st.wait_ns : 0);
		col_u(b, t ? t->st.wait_max_ns : 0);
		col_u(b, t ? t->st.blocked_ns : 0);
		col_u(b, t ? t->st.vol_switches : 0);
		col_u(b, t ? t->st.invol_switches : 0);
		col_u(b, t ? t->st.migrations : 0);
		col_u(b, t ? t->st.wakeups : 0);
		row_end(c, F_TASKS);
	}
}

/* The output directory, made by the invoking user (util/userfile.h); *made
 * says it is new, so that an export that does not finish takes it back. */
static int open_dir(struct xp *x, const char *dir, bool *made)
{
	char err[512];
	int rc = userfile_mkdir(dir, err, sizeof(err));

	if (rc < 0)
		return xp_fail(x, "%s", err);
	*made = rc == 1;
	return 0;
}

/* The tables go into place all or none: each is written out and closed
 * first, a stop asked for until then leaves none, and a directory this
 * export made is taken back when it did not finish (an empty or partial
 * directory would read as an export of nothing). rc: how it went so far. */
static int close_tables(struct cv *c, int opened, bool made, int rc)
{
	struct xp *x = c->x;

	for (int i = 0; i < opened; i++)
		if (!rc && xp_file_finish(x, &c->f[i]))
			rc = -1;
	if (!rc && xp_stopped(x))
		rc = -1;
	for (int i = 0; i < opened; i++)
		if (!rc && xp_file_place(x, &c->f[i]))
			rc = -1;
	for (int i = 0; i < opened; i++) {
		if (rc && made && c->f[i].placed)
			userfile_remove(c->f[i].path);
		xp_file_discard(&c->f[i]);
	}
	if (rc && made)
		userfile_rmdir(x->res->out_path);
	return rc;
}

int export_csv(struct xp *x)
{
	struct cv c = { .x = x, .r = x->r };
	struct ss_sched_state_ops ops = { .slice = on_slice, .wait = on_wait, .ctx = &c };
	struct ss_sched_state *st = NULL;
	uint64_t last = x->t0_ns;
	struct ss_event ev;
	int rc = 0, opened = 0;
	bool made = false;
	char path[4200];

	hmap_init(&c.stats, sizeof(struct tstat));
	c.iv = ss_intervals_new(on_interval, &c);
	st = ss_sched_state_new(&x->r->info, x->t0_ns, &x->r->tasks, &ops);
	if (!c.iv || !st)
		rc = xp_out_of_memory(x);
	if (!rc)
		rc = open_dir(x, x->res->out_path, &made);
	for (; !rc && opened < NFILES; opened++) {
		snprintf(path, sizeof(path), "%s/%s", x->res->out_path, file_names[opened]);
		rc = xp_file_open(x, &c.f[opened], path);
		if (!rc)
			txt(&c.f[opened].b, headers[opened]);
		else
			break;
	}
	while (!rc && (rc = xp_next(x, &ev)) == 1) {
		rc = 0;
		if (ev.cpu >= x->r->info.ncpus)
			continue;
		last = ev.ts_ns;
		ss_sched_state_event(st, &ev);
		on_event(&c, &ev);
		for (int i = 0; i < NFILES - 1 && !rc; i++)
			rc = xp_file_failed(x, &c.f[i]);
	}
	if (!rc) {
		uint64_t end = x->end_ns ? x->end_ns : last;

		ss_sched_state_close(st, end);
		ss_intervals_close(c.iv, end);
		tasks_table(&c);
		if (hmap_failed(&c.stats) || !ss_intervals_ok(c.iv))
			rc = xp_out_of_memory(x);
	}
	rc = close_tables(&c, opened, made, rc);
	ss_sched_state_free(st);
	ss_intervals_free(c.iv);
	hmap_free(&c.stats);
	return rc;
}
