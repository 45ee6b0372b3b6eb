/*
 * Signals and channel traffic in the Perfetto export. Private to export/.
 */
#ifndef SCHEDSCOPE_EXPORT_PERFETTO_IPC_H
#define SCHEDSCOPE_EXPORT_PERFETTO_IPC_H

#include <stdint.h>

#include "export/perfetto_out.h"

/* A signal sent (signal_generate, and a flow from sender to receiver) or
 * taken (signal_deliver). */
void pf_signal(struct pf *p, const struct ss_event *ev);
/* The FLOWS chunk's counts, as slices from start_ns to end_ns. */
void pf_channels(struct pf *p, uint64_t start_ns, uint64_t end_ns);
/* The IRQS chunk's time per CPU in interrupt contexts, as a slice from
 * start_ns to end_ns on a track per CPU under one "Interrupts" track. */
void pf_irq_time(struct pf *p, uint64_t start_ns, uint64_t end_ns);

#endif
