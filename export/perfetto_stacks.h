/*
 * The user stack each thread blocked in, in Perfetto's own callstack tables:
 * a PerfSample at the moment it blocked, its frames interned on our sequence.
 * Private to export/.
 */
#ifndef SCHEDSCOPE_EXPORT_PERFETTO_STACKS_H
#define SCHEDSCOPE_EXPORT_PERFETTO_STACKS_H

#include "export/perfetto_out.h"

/* The sleep w, exported as a wait slice: a sample of the stack it blocked
 * in (nothing if it has none). */
void pf_stacks_sample(struct pf *p, const struct ss_wait *w);
/* Memory ran out on the way: some samples or frames are missing. */
bool pf_stacks_failed(const struct pf *p);
void pf_stacks_free(struct pf *p);

#endif
