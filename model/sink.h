/*
 * The one way into the model: a stream of probes, task versions and events
 * in time order. The recorder's decoder produces it live; the trace reader's
 * replay produces it from a file; the model (ss_model_sink) and the trace
 * writer consume it. Whatever feeds a sink guarantees:
 *   - every probe before the first event that names it;
 *   - every stack (user or kernel) before the first event that names it,
 *     and its mappings (ss_stack.maps) before the stack;
 *   - a task version before the first event at or after its ts_ns;
 *   - events in time order (ties: lower CPU first).
 */
#ifndef SCHEDSCOPE_MODEL_SINK_H
#define SCHEDSCOPE_MODEL_SINK_H

#include "model/event.h"
#include "model/stacks.h"
#include "model/tasks.h"
#include "model/trace.h"

struct ss_sink {
	void (*probe)(void *ctx, const struct ss_probe *p);   /* may be NULL */
	void (*task)(void *ctx, const struct ss_task *t);
	void (*event)(void *ctx, const struct ss_event *ev);
	void (*maps)(void *ctx, const struct ss_maps *m);      /* may be NULL */
	void (*stack)(void *ctx, const struct ss_stack *s);    /* may be NULL */
	void (*kstack)(void *ctx, const struct ss_kstack *k);  /* may be NULL */
	/* An event that will be fed a few events from now: a hint to start
	 * fetching the memory it will touch, so that a trace of many tasks does
	 * not wait on one cache miss at a time. May be NULL; a feeder that
	 * cannot look ahead never calls it. */
	void (*ahead)(void *ctx, const struct ss_event *ev);
	void *ctx;
};

#endif
