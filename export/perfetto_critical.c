/*
 * The critical path as a track of its own in the Perfetto export. Perfetto
 * shows a thread's slices on the thread; the path crosses threads, so it
 * gets a global track, named after the thread whose time it explains, with
 * one slice per segment that has time (running, runnable, blocked,
 * unknown), end to end: the slices tile the path, and their durations add
 * up to its total. A slice is named by the segment's thread and state (the
 * words of `critical`'s breakdown) and carries the thread id and the
 * segment's sentence as arguments; the hand-offs between threads have no
 * time and show as the change of name from one slice to the next.
 *
 * The walk needs the whole model (every thread's runs and wakers), which the
 * streaming export does not keep: with --critical, the trace is loaded once
 * more at the end, so only those who ask pay for it.
 */
#include "export/perfetto_critical.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "model/critical.h"
#include "model/explain.h"
#include "tracefile/replay.h"

/* Above the channel tracks (UUID_GLOBAL + n, one per channel). */
#define UUID_CRITICAL (UUID_GLOBAL << 1)

static void segment_write(struct pf *p, const struct ss_model *m, const struct ss_cp_seg *s)
{
	char name[128], what[1024];
	struct tev t;

	memset(&t, 0, sizeof(t));
	t.ts = s->from_ns;
	t.uuid = UUID_CRITICAL;
	t.type = TE_TYPE_SLICE_BEGIN;
	t.cat = "critical";
	t.name = ss_explain_critical(m, s, true, name, sizeof(name));
	pf_tev_num(&t, "tid", s->tid);
	pf_tev_ann(&t, "kind", ss_cp_kind_name(s->kind));
	pf_tev_ann(&t, "what", ss_explain_critical(m, s, false, what, sizeof(what)));
	pf_tev_write(p, &t);
	memset(&t, 0, sizeof(t));
	t.ts = s->to_ns;
	t.uuid = UUID_CRITICAL;
	t.type = TE_TYPE_SLICE_END;
	pf_tev_write(p, &t);
}

int pf_critical(struct pf *p, uint32_t tid)
{
	struct xp *x = p->x;
	struct ss_critical cp;
	struct ss_model m;
	char err[256], who[64], name[128];
	int rc;

	if (ss_trace_load_reader(&m, p->r, err, sizeof(err)))
		return xp_fail(x, "--critical: %s", err);
	if (!tid)
		tid = m.info.root_pid;
	rc = tid ? ss_critical_path(&m, tid, x->from_ns, x->to_ns, &cp) : -ESRCH;
	if (rc == -ESRCH)
		rc = xp_fail(x, "--critical: %s", tid ? "that thread is not in the traced tree"
					      : "the trace has no traced command: give --pid");
	else if (rc == -ERANGE)
		rc = xp_fail(x, "--critical: thread %u did not run in the window", tid);
	else if (rc)
		rc = xp_fail(x, "--critical: %s", strerror(-rc));
	if (rc) {
		ss_model_free(&m);
		return -1;
	}
	snprintf(name, sizeof(name), "critical path of %s", ss_explain_task(&m, tid, cp.to_ns, who, sizeof(who)));
	pf_global_track(p, UUID_CRITICAL, 0, name, cp.from_ns);
	for (size_t i = 0; i < cp.nsegs; i++)
		if (!ss_cp_is_hop(cp.segs[i].kind))
			segment_write(p, &m, &cp.segs[i]);
	ss_critical_free(&cp);
	ss_model_free(&m);
	return 0;
}
