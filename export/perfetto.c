/*
 * Perfetto protobuf trace (.pftrace), written the way traced writes a Linux
 * ftrace recording, so that Perfetto's importer builds its native tracks:
 * "CPU N" scheduling tracks from sched_switch, thread states and "woken by"
 * from sched_waking, thread and process lifetimes from task_newtask and
 * sched_process_free. Field numbers are in perfetto_fields.h, checked
 * against the perfetto repository's .proto files.
 *
 * Layout: SystemInfo (kernel release: prev_state decoding depends on it),
 * ClockSnapshot, ProcessTree of the tasks alive at the start
 * (perfetto_names.c, which also merges in the renames), then per-CPU
 * FtraceEventBundles (at most BUNDLE_MAX events each, so memory stays
 * constant) interleaved with TrackEvents (markers, sleeps, signals); at the
 * end the sleeps still going and the channel counts (perfetto_ipc.c). One
 * trusted_packet_sequence_id for everything.
 *
 * Switches and wakings go in compact_sched (about 8 bytes each) unless
 * --no-compact. The importer reads a compact switch's prev_* from the CPU's
 * previous switch and a compact waking's waker from the CPU's running task,
 * and drops the first compact switch of a CPU; so a switch is written in full
 * when the CPU's previous one is unknown, a waking in full when its waker is
 * not the CPU's running task, and a switch whose prev is not the task the
 * previous switch put on the CPU (events lost, or filtered out with --pid)
 * is preceded by a "repair" switch that ends that task's run there.
 *
 * Why threads waited (model/sched_state.c's sleeps, from the IPC events):
 * each sleep of a traced thread in a syscall we know is a TrackEvent slice on
 * its thread track, named by its reason, with the channel, the syscall and
 * the waker as arguments; a flow goes from an instant on the waker's track
 * ("wakes ...") to one on the sleeper's ("woken ..."), both at the wakeup
 * (perfetto_waits.c). In a trace with stacks, each such sleep's stack is
 * also a PerfSample with an interned callstack, Perfetto's own form, for
 * its flame graphs (perfetto_stacks.c).
 *
 * With --critical, the critical path of the --pid thread (or the traced
 * command) is a track of its own, one slice per segment (perfetto_critical.c).
 */
#include "export/formats.h"
#include "export/perfetto_critical.h"
#include "export/perfetto_ipc.h"
#include "export/perfetto_names.h"
#include "export/perfetto_out.h"
#include "export/perfetto_stacks.h"
#include "export/perfetto_waits.h"
#include "symbols/symbols.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- what comes first ---- */

static void packet_system_info(struct pf *p)
{
	const struct ss_trace_info *in = &p->r->info;
	struct buf *b = &p->f.b;
	size_t pk = pf_packet_begin(p), si, u;

	pb_uint(b, F_PACKET_SEQ_ID, SEQ_ID);
	pb_uint(b, F_PACKET_SEQ_FLAGS, SEQ_INCREMENTAL_STATE_CLEARED);
	si = pb_begin(b, F_PACKET_SYSTEM_INFO);
	u = pb_begin(b, F_SYSINFO_UTSNAME);
	pb_string(b, F_UTS_SYSNAME, in->sysname[0] ? in->sysname : "Linux");
	pb_string(b, F_UTS_VERSION, in->kversion);
	pb_string(b, F_UTS_RELEASE, in->release);
	pb_string(b, F_UTS_MACHINE, in->machine);
	pb_end(b, u);
	pb_uint(b, F_SYSINFO_NUM_CPUS, in->ncpus);
	pb_end(b, si);
	pf_packet_end(p, pk);
}

/* Boot time and wall time at the start: the UI can then show real times. */
static void packet_clocks(struct pf *p)
{
	const struct ss_trace_info *in = &p->r->info;
	struct buf *b = &p->f.b;
	size_t pk, cs, c;

	if (!in->start_wall_ns)
		return;
	pk = pf_packet_begin(p);
	cs = pb_begin(b, F_PACKET_CLOCK_SNAPSHOT);
	c = pb_begin(b, F_CLOCKS_CLOCK);
	pb_uint(b, F_CLOCK_ID, BUILTIN_CLOCK_BOOTTIME);
	pb_uint(b, F_CLOCK_TIMESTAMP, in->start_ns);
	pb_end(b, c);
	c = pb_begin(b, F_CLOCKS_CLOCK);
	pb_uint(b, F_CLOCK_ID, BUILTIN_CLOCK_REALTIME);
	pb_uint(b, F_CLOCK_TIMESTAMP, in->start_wall_ns);
	pb_end(b, c);
	pb_uint(b, F_CLOCKS_PRIMARY, BUILTIN_CLOCK_BOOTTIME);
	pb_end(b, cs);
	pb_uint(b, F_PACKET_TIMESTAMP, in->start_ns);
	pb_uint(b, F_PACKET_SEQ_ID, SEQ_ID);
	pf_packet_end(p, pk);
}

/* ---- switches ---- */

static void switch_full(struct pf *p, unsigned cpu, uint64_t ts, uint32_t prev, unsigned prev_state,
			unsigned prev_prio, uint32_t next, unsigned next_prio)
{
	struct fev m = pf_fev_begin(p, cpu, ts, prev, F_FEV_SCHED_SWITCH);
	struct buf *e = &p->cpu[cpu].b.events;

	pb_string(e, F_SWITCH_PREV_COMM, pf_comm(p, prev, ts, cpu));
	pb_uint(e, F_SWITCH_PREV_PID, prev);
	pb_uint(e, F_SWITCH_PREV_PRIO, prev_prio);
	pb_uint(e, F_SWITCH_PREV_STATE, prev_state);
	pb_string(e, F_SWITCH_NEXT_COMM, pf_comm(p, next, ts, cpu));
	pb_uint(e, F_SWITCH_NEXT_PID, next);
	pb_uint(e, F_SWITCH_NEXT_PRIO, next_prio);
	pf_fev_end(p, cpu, m);
}

static void switch_compact(struct pf *p, unsigned cpu, uint64_t ts, unsigned prev_state, uint32_t next,
			   unsigned next_prio)
{
	struct bundle *b = &p->cpu[cpu].b;
	uint64_t prev_ts = b->n[CAT_SWITCH] ? b->last_ts[CAT_SWITCH] : 0;

	pf_bundle_room(p, cpu, CAT_SWITCH, ts);
	if (b->n[CAT_SWITCH] == 1)
		prev_ts = 0;       /* the bundle was flushed: the first timestamp is absolute */
	buf_varint(&b->sw[0], ts - prev_ts);
	buf_varint(&b->sw[1], prev_state);
	buf_varint(&b->sw[2], next);
	buf_varint(&b->sw[3], next_prio);
	buf_varint(&b->sw[4], pf_intern(p, cpu, pf_comm(p, next, ts, cpu)));
}

/* One switch as the importer will see it; it leaves next on the CPU. */
static void emit_switch(struct pf *p, unsigned cpu, uint64_t ts, uint32_t prev, unsigned prev_state,
			unsigned prev_prio, uint32_t next, unsigned next_prio)
{
	struct pcpu *c = &p->cpu[cpu];

	if (p->compact && c->cur_known && c->cur == prev)
		switch_compact(p, cpu, ts, prev_state, next, next_prio);
	else
		switch_full(p, cpu, ts, prev, prev_state, prev_prio, next, next_prio);
	c->cur = next;
	c->cur_known = true;
	pf_prio_set(p, prev, prev_prio);
	pf_prio_set(p, next, next_prio);
}

/* An exited task's last switch out: the kernel frees it after this, and the
 * importer ends the thread at sched_process_free. */
static void maybe_free(struct pf *p, const struct ss_event *ev)
{
	struct xp_pid *t;
	unsigned prio;
	struct fev m;
	struct buf *e;

	if (!(ev->sw.prev_state & (SS_ST_Z | SS_ST_X)) || !ev->pid)
		return;
	t = pidmap_put(&p->pids, ev->pid);
	if (!t || !(t->flags & PID_EXITED))
		return;
	t->flags &= ~PID_EXITED;
	prio = t->has_prio ? t->prio : PRIO_NORMAL;
	m = pf_fev_begin(p, ev->cpu, ev->ts_ns, ev->sw.next_pid, F_FEV_SCHED_PROCESS_FREE);
	e = &p->cpu[ev->cpu].b.events;
	pb_string(e, F_FREE_COMM, pf_comm(p, ev->pid, ev->ts_ns, ev->cpu));
	pb_uint(e, F_FREE_PID, ev->pid);
	pb_uint(e, F_FREE_PRIO, prio);
	pf_fev_end(p, ev->cpu, m);
}

static void on_switch(struct pf *p, const struct ss_event *ev)
{
	struct pcpu *c = &p->cpu[ev->cpu];
	struct xp *x = p->x;
	uint64_t ts = ev->ts_ns;

	if (x->o->pid && !xp_selected(x, ev->pid, ts) && !xp_selected(x, ev->sw.next_pid, ts)) {
		/* Not exported. If it ends the run we show (a selected thread's
		 * neighbour), the CPU shows nothing from here: idle. */
		if (c->cur_known && c->cur && c->cur == ev->pid) {
			emit_switch(p, ev->cpu, ts, ev->pid, ev->sw.prev_state, ev->sw.prev_prio, 0, PRIO_NORMAL);
			x->res->repaired++;
		}
		c->drop = *ev;
		c->have_drop = true;
		return;
	}
	if (c->have_drop && c->drop.sw.next_pid == ev->pid && (!c->cur_known || c->cur != ev->pid)) {
		/* The run ending here began at the switch we did not export. */
		const struct ss_event *d = &c->drop;

		if (!c->cur_known)
			emit_switch(p, ev->cpu, d->ts_ns, d->pid, d->sw.prev_state, d->sw.prev_prio,
				    ev->pid, d->sw.next_prio);
		else
			emit_switch(p, ev->cpu, d->ts_ns, c->cur, c->cur == d->pid ? d->sw.prev_state : SS_ST_RUNNING,
				    pf_prio(p, c->cur), ev->pid, d->sw.next_prio);
		x->res->repaired++;
	} else if (c->cur_known && c->cur != ev->pid) {
		/* Events were lost: end the run we showed here, state unknown
		 * (R, as the model does), so the importer's CPU track stays true. */
		emit_switch(p, ev->cpu, ts, c->cur, SS_ST_RUNNING, pf_prio(p, c->cur), ev->pid, ev->sw.prev_prio);
		x->res->repaired++;
	}
	c->have_drop = false;
	emit_switch(p, ev->cpu, ts, ev->pid, ev->sw.prev_state, ev->sw.prev_prio, ev->sw.next_pid,
		    ev->sw.next_prio);
	maybe_free(p, ev);
}

/* ---- wakings ---- */

static void wake_fields(struct pf *p, struct buf *e, const struct ss_event *ev)
{
	pb_string(e, F_WAKE_COMM, pf_comm(p, ev->wake.wakee, ev->ts_ns, ev->cpu));
	pb_uint(e, F_WAKE_PID, ev->wake.wakee);
	pb_uint(e, F_WAKE_PRIO, pf_prio(p, ev->wake.wakee));
	pb_uint(e, F_WAKE_SUCCESS, 1);
	pb_uint(e, F_WAKE_TARGET_CPU, ev->wake.target_cpu);
}

static void on_waking(struct pf *p, const struct ss_event *ev)
{
	struct pcpu *c = &p->cpu[ev->cpu];
	struct bundle *b = &c->b;
	uint64_t prev_ts;
	unsigned cpu = ev->cpu;
	struct fev m;

	if (ev->kind == SS_WAKEUP_NEW || !p->compact || !c->cur_known || c->cur != ev->pid) {
		m = pf_fev_begin(p, cpu, ev->ts_ns, ev->pid,
			      ev->kind == SS_WAKEUP_NEW ? F_FEV_SCHED_WAKEUP_NEW : F_FEV_SCHED_WAKING);
		wake_fields(p, &b->events, ev);
		pf_fev_end(p, cpu, m);
		return;
	}
	prev_ts = b->n[CAT_WAKING] ? b->last_ts[CAT_WAKING] : 0;
	pf_bundle_room(p, cpu, CAT_WAKING, ev->ts_ns);
	if (b->n[CAT_WAKING] == 1)
		prev_ts = 0;
	buf_varint(&b->wk[0], ev->ts_ns - prev_ts);
	buf_varint(&b->wk[1], ev->wake.wakee);
	buf_varint(&b->wk[2], ev->wake.target_cpu);
	buf_varint(&b->wk[3], pf_prio(p, ev->wake.wakee));
	buf_varint(&b->wk[4], pf_intern(p, cpu, pf_comm(p, ev->wake.wakee, ev->ts_ns, cpu)));
}

/* ---- lifetimes ---- */

static void on_fork(struct pf *p, const struct ss_event *ev)
{
	uint64_t ts = ev->ts_ns;
	const char *child = pf_comm(p, ev->fork.child, ts, ev->cpu);
	struct buf *e = &p->cpu[ev->cpu].b.events;
	struct fev m;

	/* The kernel's order: task_newtask in copy_process(), then the fork. */
	m = pf_fev_begin(p, ev->cpu, ts, ev->pid, F_FEV_TASK_NEWTASK);
	pb_uint(e, F_NEWTASK_PID, ev->fork.child);
	pb_string(e, F_NEWTASK_COMM, child);
	pb_uint(e, F_NEWTASK_CLONE_FLAGS, ev->fork.flags & SS_FORK_IS_THREAD ? CLONE_THREAD : 0);
	pf_fev_end(p, ev->cpu, m);

	m = pf_fev_begin(p, ev->cpu, ts, ev->pid, F_FEV_SCHED_PROCESS_FORK);
	pb_string(e, F_FORK_PARENT_COMM, pf_comm(p, ev->pid, ts, ev->cpu));
	pb_uint(e, F_FORK_PARENT_PID, ev->pid);
	pb_string(e, F_FORK_CHILD_COMM, child);
	pb_uint(e, F_FORK_CHILD_PID, ev->fork.child);
	pf_fev_end(p, ev->cpu, m);
	pf_prio_set(p, ev->fork.child, pf_prio(p, ev->pid));
}

static void on_exec(struct pf *p, const struct ss_event *ev)
{
	const struct ss_task *v = xp_task(p->x, ev->pid, ev->ts_ns);
	struct buf *e = &p->cpu[ev->cpu].b.events;
	struct fev m;

	/* its task_rename, if exec changed the name, came just before (perfetto_names.c) */
	m = pf_fev_begin(p, ev->cpu, ev->ts_ns, ev->pid, F_FEV_SCHED_PROCESS_EXEC);
	pb_string(e, F_EXEC_FILENAME, v && v->origin == SS_TASK_EXECED ? v->path : "");
	pb_uint(e, F_EXEC_PID, ev->pid);
	pb_uint(e, F_EXEC_OLD_PID, ev->exec.old_pid);
	pf_fev_end(p, ev->cpu, m);
}

static void on_task_exit(struct pf *p, const struct ss_event *ev)
{
	struct buf *e = &p->cpu[ev->cpu].b.events;
	struct xp_pid *t;
	struct fev m;

	m = pf_fev_begin(p, ev->cpu, ev->ts_ns, ev->pid, F_FEV_SCHED_PROCESS_EXIT);
	pb_string(e, F_EXIT_COMM, pf_comm(p, ev->pid, ev->ts_ns, ev->cpu));
	pb_uint(e, F_EXIT_PID, ev->pid);
	pb_uint(e, F_EXIT_TGID, xp_tgid(p->x, ev->pid, ev->ts_ns));
	pb_uint(e, F_EXIT_PRIO, pf_prio(p, ev->pid));
	pf_fev_end(p, ev->cpu, m);
	if (ev->pid && (t = pidmap_put(&p->pids, ev->pid)))
		t->flags |= PID_EXITED;
}

static void on_migrate(struct pf *p, const struct ss_event *ev)
{
	struct pcpu *c = &p->cpu[ev->cpu];
	struct buf *e = &c->b.events;
	/* common_pid is the task running where the migration was decided */
	struct fev m = pf_fev_begin(p, ev->cpu, ev->ts_ns, c->cur_known ? c->cur : ev->pid,
				 F_FEV_SCHED_MIGRATE_TASK);

	pb_string(e, F_MIGRATE_COMM, pf_comm(p, ev->pid, ev->ts_ns, ev->cpu));
	pb_uint(e, F_MIGRATE_PID, ev->pid);
	pb_uint(e, F_MIGRATE_PRIO, pf_prio(p, ev->pid));
	pb_uint(e, F_MIGRATE_ORIG_CPU, ev->mig.orig_cpu);
	pb_uint(e, F_MIGRATE_DEST_CPU, ev->mig.dest_cpu);
	pf_fev_end(p, ev->cpu, m);
}

static void on_lost(struct pf *p, const struct ss_event *ev)
{
	/* lost_events: data was lost before the bundle's first event. */
	pf_bundle_flush(p, ev->cpu);
	p->cpu[ev->cpu].b.lost = true;
}

/* ---- markers ---- */

static void on_marker(struct pf *p, const struct ss_event *ev)
{
	const struct ss_probe *probe = ss_reader_probe(p->r, ev->marker.probe);
	uint64_t uuid = pf_thread_track(p, ev->pid, ev->ts_ns);
	struct buf *b = &p->f.b;
	size_t pk, te, da;
	char name[8];

	pk = pf_packet_begin(p);
	pb_uint(b, F_PACKET_TIMESTAMP, ev->ts_ns);
	pb_uint(b, F_PACKET_SEQ_ID, SEQ_ID);
	te = pb_begin(b, F_PACKET_TRACK_EVENT);
	for (uint32_t i = 0; i < ev->marker.nargs && i < SS_MAX_MARKER_ARGS; i++) {
		da = pb_begin(b, F_TE_DEBUG_ANNOTATIONS);
		pb_int(b, F_DA_INT_VALUE, ev->marker.args[i]);
		snprintf(name, sizeof(name), "arg%u", i);
		pb_string(b, F_DA_NAME, name);
		pb_end(b, da);
	}
	pb_uint(b, F_TE_TYPE, TE_TYPE_INSTANT);
	pb_uint(b, F_TE_TRACK_UUID, uuid);
	pb_string(b, F_TE_CATEGORIES, probe ? probe->provider : "usdt");
	pb_string(b, F_TE_NAME, probe ? probe->name : "marker");
	pb_end(b, te);
	pf_packet_end(p, pk);
	p->x->res->events_out++;
}

/* ---- the stream ---- */

static void on_event(struct pf *p, const struct ss_event *ev)
{
	if (ev->kind != SS_SWITCH && !xp_wanted(p->x, ev))
		return;
	switch (ev->kind) {
	case SS_SWITCH: on_switch(p, ev); break;
	case SS_WAKING:
	case SS_WAKEUP_NEW: on_waking(p, ev); break;
	case SS_FORK: on_fork(p, ev); break;
	case SS_EXEC: on_exec(p, ev); break;
	case SS_EXIT: on_task_exit(p, ev); break;
	case SS_MIGRATE: on_migrate(p, ev); break;
	case SS_MARKER: on_marker(p, ev); break;
	case SS_LOST: on_lost(p, ev); break;
	case SS_SIGNAL: pf_signal(p, ev); break;
	default: break;           /* kinds this exporter does not know yet */
	}
}

static void pf_free(struct pf *p)
{
	if (p->cpu) {
		for (unsigned c = 0; c < p->ncpus; c++) {
			struct bundle *b = &p->cpu[c].b;

			for (int i = 0; i < 5; i++) {
				buf_free(&b->sw[i]);
				buf_free(&b->wk[i]);
			}
			buf_free(&b->intern);
			buf_free(&b->events);
			hmap_free(&p->cpu[c].interned);
		}
	}
	free(p->cpu);
	pf_names_free(p);
	pidmap_free(&p->pids);
	pf_waits_free(p);
	pf_stacks_free(p);
	ss_symbols_free(p->sy);
	pf_tev_free(p);
	hmap_free(&p->tracks);
}

static bool pf_failed(const struct pf *p)
{
	if (buf_failed(&p->f.b) || pf_stacks_failed(p))
		return true;
	for (unsigned c = 0; c < p->ncpus; c++) {
		const struct bundle *b = &p->cpu[c].b;

		if (buf_failed(&b->events) || buf_failed(&b->intern))
			return true;
		for (int i = 0; i < 5; i++)
			if (buf_failed(&b->sw[i]) || buf_failed(&b->wk[i]))
				return true;
	}
	return false;
}

int export_perfetto(struct xp *x)
{
	struct pf p = { .x = x, .r = x->r, .ncpus = x->r->info.ncpus, .compact = !x->o->no_compact };
	uint64_t last = x->t0_ns;
	struct ss_event ev;
	int rc;

	hmap_init(&p.tracks, sizeof(struct track));
	hmap_init(&p.istr, sizeof(struct istr));
	xp_pids_init(&p.pids);
	p.cpu = calloc(p.ncpus ? p.ncpus : 1, sizeof(*p.cpu));
	p.sy = ss_symbols_new();
	if (!p.cpu || !p.sy) {
		pf_free(&p);
		return xp_out_of_memory(x);
	}
	for (unsigned c = 0; c < p.ncpus; c++) {
		snprintf(p.cpu[c].idle_comm, sizeof(p.cpu[c].idle_comm), "swapper/%u", c);
		hmap_init(&p.cpu[c].interned, sizeof(struct intern_slot));
	}
	if (xp_file_open(x, &p.f, x->res->out_path)) {
		pf_free(&p);
		return -1;
	}
	packet_system_info(&p);
	packet_clocks(&p);
	rc = pf_names_start(&p);
	while (!rc && !p.f.err && (rc = xp_next(x, &ev)) == 1) {
		rc = 0;
		if (ev.cpu >= p.ncpus)
			continue;
		last = ev.ts_ns;
		pf_names_until(&p, ev.ts_ns);
		if (!p.st && ev.kind == SS_BLOCK && pf_waits_start(&p, ev.ts_ns)) {
			rc = -1;
			break;
		}
		if (p.st)
			ss_sched_state_event(p.st, &ev);
		on_event(&p, &ev);
	}
	if (xp_file_failed(x, &p.f))
		rc = -1;
	if (rc == 0) {
		uint64_t end = x->end_ns ? x->end_ns : last;

		pf_names_until(&p, x->to_ns);
		pf_waits_close(&p, end);
		pf_channels(&p, x->t0_ns, end);
		pf_irq_time(&p, x->t0_ns, end);
		if (x->o->critical)
			rc = pf_critical(&p, x->o->pid);
		for (unsigned c = 0; c < p.ncpus; c++)
			pf_bundle_flush(&p, c);
		if (!rc && (pf_failed(&p) || p.pids.failed || buf_failed(&p.istrings)))
			rc = xp_out_of_memory(x);
	}
	rc = xp_file_close(x, &p.f, rc == 0) || rc ? -1 : 0;
	pf_free(&p);
	return rc;
}
