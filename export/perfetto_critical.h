/*
 * The critical path in the Perfetto export (--critical): one track of its
 * own, "critical path of NAME TID", with one slice per segment of
 * model/critical.c's path. Private to export/.
 */
#ifndef SCHEDSCOPE_EXPORT_PERFETTO_CRITICAL_H
#define SCHEDSCOPE_EXPORT_PERFETTO_CRITICAL_H

#include "export/perfetto_out.h"

/* Writes the path of tid (0: the traced command) over the export's window.
 * 0, or -1 with the reason in the export's error. */
int pf_critical(struct pf *p, uint32_t tid);

#endif
