/*
 * The latency distributions the stats panel shows and the p99 waits the `W`
 * key walks through: model/latency.c's, built once and kept. Building them
 * visits every run of every thread, so never per frame: once when first
 * asked, again when the panel is opened or `W` pressed while recording, and
 * once more when the recording ends.
 *
 * Building is linear in the waits: 1.8 s for the 6.75 million of a
 * 10-million-event trace, 28 s at 100 million. A saved trace's model does
 * not change, so in the interactive view of one file (background_from:
 * UI_LAT_BACKGROUND_EVENTS) a large one's distributions are built by a
 * thread of their own while the frames go on: the panel says they are being computed, and the loop draws
 * again when they are ready (ui_lat_ready()). Small traces, the tests', a
 * recording's and the batch pictures' are built on the spot, as before.
 */
#ifndef SCHEDSCOPE_UI_LATENCY_H
#define SCHEDSCOPE_UI_LATENCY_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "model/latency.h"
#include "model/model.h"

struct ui_lat {
	bool built;
	bool stale;               /* built while recording: once more when it ends */
	struct ss_latency l;
	bool jumped;              /* W put the cursor on the p99 wait that began at jumped_ns */
	uint64_t jumped_ns;
	/* the p99 waits of thread tail_tid (0: of all), in time order, as the
	 * panel's row and W ask for them: sorting them is not per frame either */
	bool have_tail;
	uint32_t tail_tid;
	uint32_t *tail;           /* indexes into l.waits */
	long ntail;               /* < 0: out of memory */
	/* built off the UI thread (see above) */
	uint64_t background_from; /* from this many events on, build them so
				   * (the model will not change); 0: never */
	bool building;            /* a thread is building `next` from `of` */
	atomic_bool done;         /* ... and has finished (rc its result) */
	pthread_t th;
	const struct ss_model *of;
	struct ss_latency next;
	uint32_t *next_tail;      /* all threads' p99 waits, sorted there too */
	long next_ntail;
	int rc;
};

/* The view of one saved trace builds them in the background from this many
 * events on (about 0.35 s of building). */
#define UI_LAT_BACKGROUND_EVENTS 2000000

/* The distributions of every traced thread, built if need be (live: the
 * recording goes on); NULL if out of memory, or while they are built in
 * the background (c->building). */
const struct ss_latency *ui_lat_get(struct ui_lat *c, const struct ss_model *m, bool live);
/* Whether a background build has just finished: its distributions are then
 * installed, and the frame should be drawn again. */
bool ui_lat_ready(struct ui_lat *c);
/* Forgets them (waiting for a background build): the next ui_lat_get()
 * builds them again. */
void ui_lat_drop(struct ui_lat *c);
void ui_lat_free(struct ui_lat *c);

/* The p99 waits (ss_latency_tail_moments) of thread tid (0: of all
 * threads), in time order, as indexes into the built distributions' waits;
 * their number in *n (< 0: out of memory). Kept until tid changes or the
 * distributions are dropped. */
const uint32_t *ui_lat_tail(struct ui_lat *c, uint32_t tid, long *n);
/* The first p99 wait of thread tid (0: of all threads) that began at or
 * after after_ns, else the first of all (the walk goes round); its place
 * among them in *nth (0-based) and *n. False if there is none. */
bool ui_lat_next(struct ui_lat *c, uint32_t tid, uint64_t after_ns, struct ss_lat_wait *out, long *nth, long *n);

#endif
