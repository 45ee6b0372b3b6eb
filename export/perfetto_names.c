/*
 * Who each tid is, in the Perfetto export: the ProcessTree of the tasks alive
 * when the export begins, and a task_rename wherever a task's name changes
 * (exec, prctl, pthread_setname_np), from the trace's task table merged in by
 * time. Tasks born later are named by their task_newtask (perfetto.c).
 *
 * The importer keeps one name per thread and ranks where it came from: a
 * ProcessTree name outranks every ftrace comm (ThreadNamePriority kProcessTree
 * over kFtrace in process_tracker.h), so a name the tree gives would survive
 * the rename at exec, and the lesson's main thread would stay "schedscope".
 * A thread renamed inside the export is therefore listed in the tree without
 * a name; its switches, wakings and the rename name it, the last name last.
 *
 * Every pid the tree mentions is described in it: the importer makes a
 * process (and a nameless main thread) of each ppid it reads, so a ppid is
 * written only when its process is in the tree too.
 */
#include "export/perfetto_names.h"

#include <stdlib.h>
#include <string.h>

/* The version of pid that the ProcessTree describes: the one holding when the
 * window opens, unless the task is forked inside it (task_newtask creates it). */
static const struct ss_task *alive_at_start(const struct pf *p, const struct ss_task *v)
{
	const struct ss_task *w = ss_tasks_at(&p->r->tasks, v->pid, p->x->t0_ns);

	if (w != v || !v->pid)
		return NULL;
	if (w->ts_ns >= p->x->t0_ns && p->x->inc[w - p->r->tasks.v] == w - p->r->tasks.v &&
	    w->origin == SS_TASK_FORKED)
		return NULL;
	if (!xp_selected(p->x, w->pid, p->x->t0_ns))
		return NULL;
	return w;
}

/* The parent's pid if the tree describes its process, else 0 (not written). */
static uint32_t tree_ppid(const struct pf *p, uint32_t ppid)
{
	const struct ss_task *w = ppid ? ss_tasks_at(&p->r->tasks, ppid, p->x->t0_ns) : NULL;

	return w && w->tgid == ppid && alive_at_start(p, w) ? ppid : 0;
}

static void tree_flush(struct pf *p, struct buf *procs, struct buf *threads)
{
	struct buf *b = &p->f.b;
	size_t pk, pt;

	if (!procs->len && !threads->len)
		return;
	pk = pf_packet_begin(p);
	pt = pb_begin(b, F_PACKET_PROCESS_TREE);
	buf_put(b, procs->p, procs->len);
	buf_put(b, threads->p, threads->len);
	pb_end(b, pt);
	pb_uint(b, F_PACKET_TIMESTAMP, p->x->t0_ns);
	pb_uint(b, F_PACKET_SEQ_ID, SEQ_ID);
	pf_packet_end(p, pk);
	buf_reset(procs);
	buf_reset(threads);
}

static void tree_process(const struct pf *p, struct buf *procs, const struct ss_task *v)
{
	const struct ss_task *lead = ss_tasks_at(&p->r->tasks, v->tgid, p->x->t0_ns);
	uint32_t ppid;
	size_t m;

	if (!lead || lead->tgid != v->tgid)
		lead = v;
	ppid = tree_ppid(p, lead->ppid);
	m = pb_begin(procs, F_TREE_PROCESSES);
	pb_uint(procs, F_PROCESS_PID, v->tgid);
	if (ppid)
		pb_uint(procs, F_PROCESS_PPID, ppid);
	/* The recorded command line names the traced process better than its
	 * comm at the start (the launcher, before exec). One element with
	 * spaces: the importer takes the first word as the name. */
	pb_string(procs, F_PROCESS_CMDLINE,
		  v->tgid == p->r->info.root_pid && p->r->info.cmdline[0] ? p->r->info.cmdline : lead->comm);
	pb_end(procs, m);
}

/* Names of the threads and processes that exist when the window opens; the
 * ones born later arrive with task_newtask. */
static int tree_write(struct pf *p)
{
	const struct ss_tasks *t = &p->r->tasks;
	struct buf procs = { 0 }, threads = { 0 };
	struct hmap seen;
	size_t n = 0;
	int rc = 0;

	hmap_init(&seen, sizeof(uint64_t));
	for (size_t i = 0; i < t->n; i++) {
		const struct ss_task *v = alive_at_start(p, &t->v[i]);
		size_t m;

		if (!v)
			continue;
		m = pb_begin(&threads, F_TREE_THREADS);
		pb_uint(&threads, F_THREAD_TID, v->pid);
		if (!p->renamed[p->x->inc[i]])
			pb_string(&threads, F_THREAD_NAME, v->comm);
		pb_uint(&threads, F_THREAD_TGID, v->tgid);
		pb_end(&threads, m);
		if (!hmap_get(&seen, v->tgid)) {
			if (!hmap_put(&seen, v->tgid)) {
				rc = -1;
				break;
			}
			tree_process(p, &procs, v);
		}
		if (++n % TREE_CHUNK == 0)
			tree_flush(p, &procs, &threads);
	}
	tree_flush(p, &procs, &threads);
	hmap_free(&seen);
	if (buf_failed(&procs) || buf_failed(&threads))
		rc = -1;
	buf_free(&procs);
	buf_free(&threads);
	return rc ? xp_out_of_memory(p->x) : 0;
}

/* Every change of name inside the export (exec, prctl, pthread_setname_np),
 * from the task table, in time order; their incarnations are marked. */
static int renames_collect(struct pf *p)
{
	const struct ss_tasks *t = &p->r->tasks;

	p->renames = malloc((t->n ? t->n : 1) * sizeof(*p->renames));
	p->renamed = calloc(t->n ? t->n : 1, 1);
	if (!p->renames || !p->renamed)
		return xp_out_of_memory(p->x);
	for (size_t i = 0; i < t->n; i++) {
		const struct ss_task *v = &t->v[i];

		if ((v->origin == SS_TASK_RENAMED || v->origin == SS_TASK_EXECED) && v->prev >= 0 &&
		    v->ts_ns >= p->x->t0_ns && v->ts_ns <= p->x->to_ns && strcmp(t->v[v->prev].comm, v->comm) &&
		    xp_selected(p->x, v->pid, v->ts_ns)) {
			p->renames[p->nrenames++] = (uint32_t)i;
			p->renamed[p->x->inc[i]] = 1;
		}
	}
	/* nearly sorted already (added in time order per CPU): insertion sort */
	for (size_t i = 1; i < p->nrenames; i++) {
		uint32_t k = p->renames[i];
		size_t j = i;

		while (j > 0 && t->v[p->renames[j - 1]].ts_ns > t->v[k].ts_ns) {
			p->renames[j] = p->renames[j - 1];
			j--;
		}
		p->renames[j] = k;
	}
	return 0;
}

int pf_names_start(struct pf *p)
{
	return renames_collect(p) ? -1 : tree_write(p);
}

/* exec renames the task (__set_task_comm) before sched_process_exec: a
 * rename at the exec's time is written before it. */
void pf_names_write(struct pf *p, uint64_t ts)
{
	const struct ss_tasks *t = &p->r->tasks;

	while (p->next_rename < p->nrenames && t->v[p->renames[p->next_rename]].ts_ns <= ts) {
		const struct ss_task *v = &t->v[p->renames[p->next_rename++]];
		unsigned cpu = 0;
		struct buf *e;
		struct fev m;

		for (unsigned c = 0; c < p->ncpus; c++)
			if (p->cpu[c].cur_known && p->cpu[c].cur == v->pid)
				cpu = c;
		e = &p->cpu[cpu].b.events;
		m = pf_fev_begin(p, cpu, v->ts_ns, v->pid, F_FEV_TASK_RENAME);
		pb_uint(e, F_RENAME_PID, v->pid);
		pb_string(e, F_RENAME_OLDCOMM, t->v[v->prev].comm);
		pb_string(e, F_RENAME_NEWCOMM, v->comm);
		pf_fev_end(p, cpu, m);
	}
}

void pf_names_free(struct pf *p)
{
	free(p->renames);
	free(p->renamed);
}
