/*
 * Who each tid is, in the Perfetto export: the ProcessTree at the start and
 * the renames inside the export. Private to export/.
 */
#ifndef SCHEDSCOPE_EXPORT_PERFETTO_NAMES_H
#define SCHEDSCOPE_EXPORT_PERFETTO_NAMES_H

#include <stdint.h>

#include "export/perfetto_out.h"

/* Finds the renames and writes the ProcessTree. 0, or -1 (x->err says why). */
int pf_names_start(struct pf *p);
void pf_names_write(struct pf *p, uint64_t ts);
/* Writes the renames up to ts (inclusive), each on the CPU its task runs on.
 * Inline: every event asks, and nearly always there is none. */
static inline void pf_names_until(struct pf *p, uint64_t ts)
{
	if (p->next_rename < p->nrenames && p->r->tasks.v[p->renames[p->next_rename]].ts_ns <= ts)
		pf_names_write(p, ts);
}
void pf_names_free(struct pf *p);

#endif
