/*
 * What the views need from the model beyond model.h's queries, built on its
 * public API and kept up to date incrementally (the model only appends):
 *
 *  - per thread, prefix sums of its run time and of its runnable waits, one
 *    entry per 8 runs, so "how long did thread T run / wait in [a, b)" costs
 *    O(log n + 16) like ss_model_cpu_busy does for a CPU;
 *  - the USDT markers and the losses among the model's marks, in time order.
 *
 * Memory: 2 x 8 bytes per 8 runs, plus 4 bytes per marker or loss.
 */
#ifndef SCHEDSCOPE_UI_INDEX_H
#define SCHEDSCOPE_UI_INDEX_H

#include <stddef.h>
#include <stdint.h>

#include "model/model.h"

#define UI_INDEX_BLOCK 8

struct ui_time_sum {
	uint64_t run_ns;          /* time on a CPU */
	uint64_t wait_ns;         /* runnable, waiting for a CPU */
};

struct ui_thread_index {
	struct ui_time_sum *cum;  /* cum[k]: sums over runs [0, 8k) */
	size_t nblocks, cap;
	struct ui_time_sum acc;   /* sums over runs [0, seen) */
	size_t seen;              /* runs folded into the sums */
};

struct ui_index {
	struct ui_thread_index *thr;
	size_t nthr, thr_cap;
	uint32_t *markers;        /* indices into m->marks of SS_MARKER events */
	size_t nmarkers, markers_cap;
	uint32_t *losses;         /* indices into m->marks of SS_LOST events */
	size_t nlosses, losses_cap;
	size_t marks_seen;
};

void ui_index_init(struct ui_index *ix);
void ui_index_free(struct ui_index *ix);
/* Catches up with what the model has added since the last call. */
void ui_index_update(struct ui_index *ix, const struct ss_model *m);

/* The runnable wait before run i of t: [*from, start). from == start: none known. */
uint64_t ui_run_wait_from(const struct ss_model *m, const struct ss_thread *t, size_t i);
/* ns thread ti ran, and waited runnable, in [a, b): finished runs only. */
void ui_thread_time(const struct ui_index *ix, const struct ss_model *m, size_t ti,
		    uint64_t a, uint64_t b, uint64_t *run_ns, uint64_t *wait_ns);
/* Index into ix->markers of the first marker at or after ts. */
size_t ui_marker_lower(const struct ui_index *ix, const struct ss_model *m, uint64_t ts);
/* Index into ix->losses of the first loss at or after ts. */
size_t ui_loss_lower(const struct ui_index *ix, const struct ss_model *m, uint64_t ts);

#endif
