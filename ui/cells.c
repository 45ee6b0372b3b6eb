/* What a cell holds, from the model's indexed queries alone (see cells.h). */
#include "ui/cells.h"

#include <string.h>

void ui_cpu_cell(const struct ss_model *m, uint64_t now_ns, unsigned cpu, uint64_t a, uint64_t b,
		 struct ui_cpu_cell *c, long *from)
{
	const struct ss_cpu_lane *l = &m->cpu[cpu];
	const struct ss_slice *open = ss_model_cpu_running(m, cpu);
	long i, last;

	memset(c, 0, sizeof(*c));
	if (b <= a)
		return;
	i = from && *from != UI_FIND_UNKNOWN ? *from : ss_model_cpu_find(m, cpu, a);
	last = ss_model_cpu_find_after(m, cpu, b - 1, i);
	if (from)                   /* b's: a run may start right at b */
		*from = (size_t)(last + 1) < l->n && l->v[last + 1].start_ns <= b ? last + 1 : last;
	c->busy_ns = ss_model_cpu_busy_in(m, cpu, a, b, i, last);
	if (open) {
		/* the model counts the open run up to its newest event; we show it up to now */
		uint64_t model_end = m->end_ns > open->start_ns ? m->end_ns : open->start_ns;

		c->busy_ns -= ss_overlap_ns(open->start_ns, model_end, a, b);
		c->busy_ns += ss_overlap_ns(open->start_ns, ui_run_end(now_ns, open), a, b);
	}
	/* The run covering most of the cell, among the first few in it. */
	for (size_t k = i < 0 ? 0 : (size_t)i; k < l->n && l->v[k].start_ns < b; k++) {
		uint64_t ov = ss_overlap_ns(l->v[k].start_ns, l->v[k].end_ns, a, b);

		if (ov && ++c->nruns > UI_CELL_SCAN)
			break;
		if (ov > c->rep_ns) {
			c->rep_ns = ov;
			c->rep = &l->v[k];
		}
	}
	if (open && open->start_ns < b) {
		uint64_t ov = ss_overlap_ns(open->start_ns, ui_run_end(now_ns, open), a, b);

		if (ov)
			c->nruns++;
		if (ov > c->rep_ns) {
			c->rep_ns = ov;
			c->rep = open;
		}
	}
	if (c->busy_ns > b - a)
		c->busy_ns = b - a;
	if (l->lost) {
		size_t k = ss_model_loss_lower(m, a);

		for (; k < m->nlosses && m->marks[m->losses[k]].ts_ns < b; k++)
			if (m->marks[m->losses[k]].cpu == cpu) {
				c->lost = true;
				break;
			}
	}
}

/* Whether t fired a USDT marker in [a, b): its marks are in time order. */
static bool marker_in(const struct ss_model *m, const struct ss_thread *t, uint64_t a, uint64_t b)
{
	for (size_t k = ss_model_thread_mark_lower(m, t, a), n = 0; k < t->nmarks && n < 16; k++, n++) {
		const struct ss_event *e = &m->marks[t->marks[k]];

		if (e->ts_ns >= b)
			break;
		if (e->kind == SS_MARKER)
			return true;
	}
	return false;
}

void ui_thread_cell(const struct ss_model *m, uint64_t now_ns, const struct ss_thread *t, uint64_t a,
		    uint64_t b, bool want_mid, struct ui_thread_cell *c)
{
	const struct ss_slice *open = ss_model_thread_running(m, t);
	long i;

	memset(c, 0, sizeof(*c));
	if (b <= a)
		return;
	ss_model_thread_time(m, t, a, b, &c->run_ns, &c->wait_ns);
	i = ss_model_thread_find(m, t, b - 1);
	if (i >= 0 && ss_model_run(m, t, (size_t)i)->end_ns > a)
		c->run = ss_model_run(m, t, (size_t)i);
	if (open && open->start_ns < b) {
		uint64_t ov = ss_overlap_ns(open->start_ns, ui_run_end(now_ns, open), a, b);
		struct ss_gap g;

		c->run_ns += ov;
		if (ov)
			c->run = open;
		/* its wait for the CPU, by the one rule */
		ss_model_run_gap(m, t, t->nruns, &g);
		c->wait_ns += ss_overlap_ns(g.ready_ns, g.to_ns, a, b);
	}
	if (c->run_ns > b - a)
		c->run_ns = b - a;
	if (c->wait_ns > b - a - c->run_ns)
		c->wait_ns = b - a - c->run_ns;
	c->fork = t->fork_ns && t->fork_ns >= a && t->fork_ns < b;
	if (t->flags & SS_THREADF_EXITED) {
		/* the exit mark goes where it was gone: the end of its last run,
		 * which comes after sched_process_exit */
		uint64_t gone = ss_model_thread_gone_ns(m, t);

		c->exit = gone >= a && gone < b;
	}
	c->marker = t->nmarks && marker_in(m, t, a, b);
	if (want_mid || !c->run_ns) {
		uint64_t mid = a + (b - a) / 2;

		ss_model_thread_state(m, t, mid, &c->mid);
		c->kthread = ss_model_is_kthread(m, t->tid, mid);
		if (c->mid.state == SS_T_BLOCKED) {
			long w = ss_model_wait_find(m, t, mid);

			if (w >= 0 && mid < t->waits[w].run_ns)
				c->wait = &t->waits[w];
			/* one the model kept no record of, built from the runs */
			else if ((size_t)(c->mid.run + 1) < t->nruns &&
				 ss_model_sleep_told(m, t, (size_t)(c->mid.run + 1), &c->now))
				c->wait = &c->now;
			/* live, asleep now: its reason is known since it went to sleep */
			else if (ss_model_thread_asleep(m, t, &c->now) && c->now.block_ns <= mid)
				c->wait = &c->now;
		}
	}
}

enum ui_block ui_cell_block(const struct ui_thread_cell *c)
{
	if (c->wait)
		return ui_block_from_reason(c->wait->reason, c->mid.sleep_state);
	/* a kernel thread's sleep the model kept no record of: S or I is its
	 * wait for work (D is inside the work) */
	if (c->kthread && c->mid.sleep_state != ss_state_index(SS_ST_D))
		return ui_block_from_reason(SS_R_KWORK, c->mid.sleep_state);
	return ui_block_from_state(c->mid.sleep_state);
}
