/* The latency distributions, built once for the UI (see latency.h). */
#include "ui/latency.h"

#include <stdlib.h>
#include <string.h>

static void *build_thread(void *arg)
{
	struct ui_lat *c = arg;

	c->rc = ss_latency_build(c->of, 0, &c->next);
	if (!c->rc)
		c->next_ntail = ss_latency_tail_moments(&c->next, SS_LAT_ALL, 0, &c->next_tail);
	atomic_store(&c->done, true);
	return NULL;
}

/* Waits for the background build; installs its distributions if it
 * succeeded. */
static void build_join(struct ui_lat *c)
{
	pthread_join(c->th, NULL);
	c->building = false;
	atomic_store(&c->done, false);
	if (!c->rc) {
		c->l = c->next;
		c->built = true;
		c->stale = false;
		if (c->next_tail) {     /* else sorted when first asked for */
			free(c->tail);
			c->tail = c->next_tail;
			c->ntail = c->next_ntail;
			c->tail_tid = 0;
			c->have_tail = true;
			c->next_tail = NULL;
		}
	}
	memset(&c->next, 0, sizeof(c->next));
	free(c->next_tail);             /* if it was not installed */
	c->next_tail = NULL;
	c->next_ntail = 0;
}

bool ui_lat_ready(struct ui_lat *c)
{
	if (!c->building || !atomic_load(&c->done))
		return false;
	build_join(c);
	return true;
}

const struct ss_latency *ui_lat_get(struct ui_lat *c, const struct ss_model *m, bool live)
{
	if (c->building && !ui_lat_ready(c))
		return NULL;
	if (c->built && c->stale && !live)
		ui_lat_drop(c);
	if (!c->built) {
		if (c->background_from && !live && m->nevents >= c->background_from) {
			c->of = m;
			c->building = !pthread_create(&c->th, NULL, build_thread, c);
			if (c->building)
				return NULL;
		}
		if (ss_latency_build(m, 0, &c->l))
			return NULL;
		c->built = true;
		c->stale = live;
	}
	return &c->l;
}

void ui_lat_drop(struct ui_lat *c)
{
	uint64_t background_from = c->background_from;

	if (c->building)
		build_join(c);
	if (c->built)
		ss_latency_free(&c->l);
	free(c->tail);
	memset(c, 0, sizeof(*c));
	c->background_from = background_from;
}

void ui_lat_free(struct ui_lat *c)
{
	ui_lat_drop(c);
}

const uint32_t *ui_lat_tail(struct ui_lat *c, uint32_t tid, long *n)
{
	if (!c->built) {
		*n = 0;
		return NULL;
	}
	if (!c->have_tail || c->tail_tid != tid) {
		free(c->tail);
		c->tail = NULL;
		c->ntail = ss_latency_tail_moments(&c->l, tid ? SS_LAT_THREAD : SS_LAT_ALL, tid, &c->tail);
		c->tail_tid = tid;
		c->have_tail = true;
	}
	*n = c->ntail;
	return c->tail;
}

bool ui_lat_next(struct ui_lat *c, uint32_t tid, uint64_t after_ns, struct ss_lat_wait *out, long *nth, long *n)
{
	const uint32_t *v = ui_lat_tail(c, tid, n);
	long lo = 0, hi = *n;

	if (*n <= 0)
		return false;
	while (lo < hi) {               /* the first that began at or after after_ns */
		long mid = lo + (hi - lo) / 2;

		if (c->l.waits[v[mid]].ts_ns < after_ns)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == *n)
		lo = 0;
	*out = c->l.waits[v[lo]];
	*nth = lo;
	return true;
}
