/*
 * Why threads waited, in the Perfetto export: each explained sleep as a
 * TrackEvent slice on the thread's track, with a flow from its waker.
 * Private to export/.
 */
#ifndef SCHEDSCOPE_EXPORT_PERFETTO_WAITS_H
#define SCHEDSCOPE_EXPORT_PERFETTO_WAITS_H

#include <stdint.h>

#include "export/perfetto_out.h"

/* Starts following sleeps (at the first block event, at ts). */
int pf_waits_start(struct pf *p, uint64_t ts);
/* The trace ended at end_ns: the sleeps still going, up to there. */
void pf_waits_close(struct pf *p, uint64_t end_ns);
void pf_waits_free(struct pf *p);

#endif
