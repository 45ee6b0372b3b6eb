/*
 * The statistics panel's latency rows: the run-queue latency and the
 * blocked time by reason of the selected thread (else of all threads) and
 * the run-queue latency of the cursor's CPU, as p50/p99/max, and the p99
 * waits that `W` jumps to. The figures are model/latency.c's, kept in
 * ui/latency.h.
 */
#ifndef SCHEDSCOPE_UI_LATPANEL_H
#define SCHEDSCOPE_UI_LATPANEL_H

#include "ui/grid.h"
#include "ui/view.h"

/* Draws from row y, leaving the rows from y1 - keep on; returns rows used. */
int ui_draw_latency(struct ui_view *v, struct ui_grid *g, int y, int y1, int keep);
/* Whose waits the rows and `W` are about: a traced thread's tid, or 0 (all). */
uint32_t ui_latency_tid(const struct ui_view *v);

#endif
