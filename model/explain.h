/*
 * Plain words for what the model knows: why a thread was asleep, who woke it
 * and how, and why it then waited for a CPU. Written for students reading a
 * timeline; shared by `schedscope why`, the UI's detail panel and exporters.
 */
#ifndef SCHEDSCOPE_MODEL_EXPLAIN_H
#define SCHEDSCOPE_MODEL_EXPLAIN_H

#include <stddef.h>

#include "model/model.h"

/* One sleep: "blocked 3.20 ms in pipe read (pipe:[81234]); woken by writer 4412
 * writing 2 bytes". */
char *ss_explain_wait(const struct ss_model *m, const struct ss_thread *t,
		      const struct ss_wait_rec *w, char *buf, size_t size);
/* The wait for a CPU before run i: "runnable 40.0 us on CPU 1 while
 * PoolWorker-2 4413 ran there". NULL when there was none worth a line. */
char *ss_explain_runnable(const struct ss_model *m, const struct ss_thread *t, size_t run,
			  char *buf, size_t size);
/* "pool 4410" */
char *ss_explain_task(const struct ss_model *m, uint32_t tid, uint64_t ts, char *buf, size_t size);

#endif
