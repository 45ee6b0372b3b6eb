/*
 * The critical path across the lanes: model/critical.c's path of one thread,
 * computed once per (trace, thread) and kept, with two indexes so that a
 * cell asks whether it is on the path with one binary search: the segments
 * with time by thread, and the runs on the path by CPU. While recording,
 * the path is computed when asked (the key) and once more when the
 * recording ends, never per frame: the walk visits the whole trace.
 */
#ifndef SCHEDSCOPE_UI_CRITICAL_H
#define SCHEDSCOPE_UI_CRITICAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/critical.h"
#include "model/model.h"

struct ui_crit {
	bool on;                  /* shown */
	bool stale;               /* computed while recording: once more when it ends */
	uint32_t tid;             /* whose path */
	struct ss_critical cp;
	uint32_t *by_tid;         /* indices in cp.segs of the segments with time, by (tid, from_ns) */
	size_t nby_tid;
	uint32_t *by_cpu;         /* of the RUNNING ones, by (cpu, from_ns) */
	size_t nby_cpu;
};

/* The key: shows the path of sel (a traced thread; else the traced
 * command), or hides it if that one is shown. live: the recording goes on.
 * A sentence for the user in msg when there is no path to show. */
void ui_crit_toggle(struct ui_crit *c, const struct ss_model *m, uint32_t sel, bool live, char *msg, size_t size);
/* Before a frame: the path computed while recording is computed again once
 * the recording has ended (live false). */
void ui_crit_refresh(struct ui_crit *c, const struct ss_model *m, bool live);
void ui_crit_free(struct ui_crit *c);

/* Whether the path spends time in thread tid within [a, b). */
bool ui_crit_thread_in(const struct ui_crit *c, uint32_t tid, uint64_t a, uint64_t b);
/* Whether the path runs on CPU cpu within [a, b). */
bool ui_crit_cpu_in(const struct ui_crit *c, unsigned cpu, uint64_t a, uint64_t b);
/* The status line's words: "critical path of pool 3842: 6.49 s (C hides)". */
char *ui_crit_status(const struct ui_crit *c, const struct ss_model *m, char *buf, size_t size);

#endif
