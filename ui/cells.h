/*
 * What one cell of a lane holds: for a CPU, how busy it was and which run
 * covered most of it; for a thread, how long it ran and waited, and its state
 * at the cell's middle. Answers come from the model's indexed queries, so a
 * cell costs O(log n) (binary searches, prefix sums, a scan of at most
 * UI_CELL_SCAN runs) whatever the trace's length, the number of CPUs or the
 * number of threads. Runs still going (live) are counted up to now_ns.
 */
#ifndef SCHEDSCOPE_UI_CELLS_H
#define SCHEDSCOPE_UI_CELLS_H

#include <stdbool.h>
#include <stdint.h>

#include "model/model.h"
#include "ui/glyphs.h"

#define UI_CELL_SCAN 8

struct ui_cpu_cell {
	uint64_t busy_ns;             /* time something ran in the cell */
	const struct ss_slice *rep;   /* the run covering most of the cell, or NULL */
	uint64_t rep_ns;              /* how much of the cell it covers */
	unsigned nruns;               /* runs looked at (at most UI_CELL_SCAN + 1) */
	bool lost;                    /* events were lost on this CPU in the cell */
};

struct ui_thread_cell {
	uint64_t run_ns, wait_ns;     /* running, runnable in the cell */
	const struct ss_slice *run;   /* a run in the cell (the latest), or NULL */
	bool fork, exit, marker;      /* forked, exited, fired a USDT marker in the cell */
	struct ss_tstate_info mid;    /* the state at the cell's middle (see ui_thread_cell) */
	const struct ss_wait_rec *wait;  /* blocked at the middle: the sleep, if the model has it */
	struct ss_wait_rec now;       /* live: the sleep going on (wait points here) */
	bool kthread;                 /* the thread is a kernel thread */
};

/* The end of a run: now for the one in progress. */
static inline uint64_t ui_run_end(uint64_t now_ns, const struct ss_slice *s)
{
	return s->end_ns == SS_OPEN_END ? (now_ns > s->start_ns ? now_ns : s->start_ns) : s->end_ns;
}

/* CPU cpu over [a, b). *from, if not NULL, carries the lane's search from
 * cell to cell, left to right: in, ss_model_cpu_find(a) if known (else
 * UI_FIND_UNKNOWN); out, the same for b, the next cell's a. One search a cell
 * instead of three, and it starts from a (ss_model_cpu_find_after): a few
 * neighbouring cache lines, not a dozen far apart in a lane of megabytes. */
#define UI_FIND_UNKNOWN (-2L)
void ui_cpu_cell(const struct ss_model *m, uint64_t now_ns, unsigned cpu, uint64_t a, uint64_t b,
		 struct ui_cpu_cell *c, long *from);
/* Thread t over [a, b). mid is looked up only when asked, or when the thread
 * did not run in the cell (the renderer needs it only then): it is a third
 * binary search. */
void ui_thread_cell(const struct ss_model *m, uint64_t now_ns, const struct ss_thread *t, uint64_t a,
		    uint64_t b, bool want_mid, struct ui_thread_cell *c);

/* Why the thread of cell c was blocked at its middle, as a glyph row: the
 * model's reason for the sleep, a kernel thread's wait for work, else the
 * sleep state. The timeline and the detail panel both ask this. */
enum ui_block ui_cell_block(const struct ui_thread_cell *c);

#endif
