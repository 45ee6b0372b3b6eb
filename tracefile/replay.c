/* Replay (replay.h): the task versions sorted by time once, then fed
 * between the events as their time comes, so a sink sees what the
 * recorder delivered live. The next 8 events are read ahead into a ring
 * and shown to the sink's ahead() first, so the model can prefetch what
 * each will touch before it is fed. */
#include "tracefile/replay.h"

#include <stdio.h>
#include <stdlib.h>

/* Events read but not yet fed: the sink's ahead() sees each this many
 * events before its event(). */
#define AHEAD 8

struct ss_replay {
	const struct ss_reader *r;
	struct ss_sink sink;
	struct ss_iter *it;
	struct ss_event ring[AHEAD];
	unsigned head, held;   /* the oldest held event, how many are held */
	int it_rc;             /* the iterator's last answer: 1 going, 0 end, -1 error */
	size_t *order;         /* task versions by time (ties: table order) */
	size_t next_task;
	uint64_t events;
	int done;              /* 0 going, 1 finished, -1 failed */
	char err[200];
};

/* By time, then by position in the table (qsort is not stable). */
static int by_task_time(const void *a, const void *b, void *tasks)
{
	const struct ss_tasks *t = tasks;
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	uint64_t tx = t->v[x].ts_ns, ty = t->v[y].ts_ns;

	if (tx != ty)
		return tx < ty ? -1 : 1;
	return x < y ? -1 : x > y;
}

struct ss_replay *ss_replay_new(const struct ss_reader *r, const struct ss_sink *sink)
{
	struct ss_replay *rp = calloc(1, sizeof(*rp));

	if (!rp)
		return NULL;
	rp->r = r;
	rp->sink = *sink;
	rp->it_rc = 1;
	rp->order = malloc((r->tasks.n ? r->tasks.n : 1) * sizeof(*rp->order));
	rp->it = ss_iter_new(r);
	if (!rp->order || !rp->it) {
		ss_replay_free(rp);
		return NULL;
	}
	for (size_t i = 0; i < r->tasks.n; i++)
		rp->order[i] = i;
	qsort_r(rp->order, r->tasks.n, sizeof(*rp->order), by_task_time, (void *)&r->tasks);
	for (size_t i = 0; rp->sink.probe && i < r->nprobes; i++)
		rp->sink.probe(rp->sink.ctx, &r->probes[i]);
	for (size_t i = 0; rp->sink.maps && i < r->stacks.nmaps; i++)
		rp->sink.maps(rp->sink.ctx, &r->stacks.maps[i]);
	for (size_t i = 0; rp->sink.stack && i < r->stacks.n; i++)
		rp->sink.stack(rp->sink.ctx, &r->stacks.v[i]);
	for (size_t i = 0; rp->sink.kstack && i < r->stacks.nk; i++)
		rp->sink.kstack(rp->sink.ctx, &r->stacks.k[i]);
	return rp;
}

static void tasks_until(struct ss_replay *rp, uint64_t ts)
{
	const struct ss_tasks *t = &rp->r->tasks;

	while (rp->next_task < t->n && t->v[rp->order[rp->next_task]].ts_ns <= ts)
		rp->sink.task(rp->sink.ctx, &t->v[rp->order[rp->next_task++]]);
}

/* Keeps up to AHEAD events read ahead of the one fed next, telling the sink
 * of each as it is read. */
static void read_ahead(struct ss_replay *rp)
{
	while (rp->held < AHEAD && rp->it_rc == 1) {
		struct ss_event *ev = &rp->ring[(rp->head + rp->held) % AHEAD];

		rp->it_rc = ss_iter_next(rp->it, ev);
		if (rp->it_rc != 1)
			break;
		if (rp->sink.ahead)
			rp->sink.ahead(rp->sink.ctx, ev);
		rp->held++;
	}
}

int ss_replay_step(struct ss_replay *rp, uint64_t max_events)
{
	if (rp->done)
		return rp->done < 0 ? -1 : 0;
	for (uint64_t n = 0; n < max_events; n++) {
		const struct ss_event *ev;

		read_ahead(rp);
		if (!rp->held)
			break;
		ev = &rp->ring[rp->head];
		rp->head = (rp->head + 1) % AHEAD;
		rp->held--;
		tasks_until(rp, ev->ts_ns);
		rp->sink.event(rp->sink.ctx, ev);
		rp->events++;
	}
	read_ahead(rp);
	if (rp->held)
		return 1;
	if (rp->it_rc < 0) {
		snprintf(rp->err, sizeof(rp->err), "%s", ss_iter_error(rp->it));
		rp->done = -1;
		return -1;
	}
	tasks_until(rp, UINT64_MAX);    /* versions after the last event */
	rp->done = 1;
	return 0;
}

uint64_t ss_replay_events(const struct ss_replay *rp)
{
	return rp->events;
}

const char *ss_replay_error(const struct ss_replay *rp)
{
	return rp->err;
}

void ss_replay_free(struct ss_replay *rp)
{
	if (!rp)
		return;
	ss_iter_free(rp->it);
	free(rp->order);
	free(rp);
}

void ss_trace_tail_of(const struct ss_reader *r, struct ss_trace_tail *t)
{
	*t = (struct ss_trace_tail){
		.complete = r->complete,
		.flows = r->flows, .nflows = r->nflows,
		.irq_time = r->irq_time, .irq_names = r->irq_names, .nirq_names = r->nirq_names,
		.steal_ts = r->steal_ts, .steal_cum = r->steal_cum, .nsteal = r->nsteal,
		.have_stop = r->end != NULL,
		.stop_ns = r->end ? r->end->stop_ns : 0,
		.exit_status = r->end ? r->end->exit_status : -1,
	};
}

void ss_trace_finish_model(struct ss_model *m, const struct ss_trace_tail *t)
{
	m->complete = t->complete;
	ss_model_flows(m, t->flows, t->nflows);
	ss_model_irqs(m, t->irq_time, t->irq_names, t->nirq_names);
	ss_model_steal(m, t->steal_ts, t->steal_cum, t->nsteal);
	ss_model_finish(m, t->have_stop ? t->stop_ns : m->end_ns, t->exit_status);
}

int ss_trace_load_reader(struct ss_model *m, const struct ss_reader *r, char *err, size_t errlen)
{
	struct ss_replay *rp = NULL;
	struct ss_sink sink;
	int rc = -1;

	if (ss_model_init(m, &r->info)) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	ss_model_sink(m, &sink);
	rp = ss_replay_new(r, &sink);
	if (!rp)
		snprintf(err, errlen, "out of memory");
	else if (ss_replay_step(rp, UINT64_MAX) < 0)
		snprintf(err, errlen, "%s: %s", r->path, ss_replay_error(rp));
	else
		rc = 0;
	if (rc == 0) {
		struct ss_trace_tail t;

		ss_trace_tail_of(r, &t);
		ss_trace_finish_model(m, &t);
	} else {
		ss_model_free(m);
	}
	ss_replay_free(rp);
	return rc;
}

int ss_trace_load(struct ss_model *m, const char *path, unsigned reader_flags, char *err, size_t errlen)
{
	struct ss_reader *r = ss_reader_open(path, reader_flags, err, errlen);
	int rc;

	if (!r)
		return -1;
	rc = ss_trace_load_reader(m, r, err, errlen);
	ss_reader_close(r);
	return rc;
}
