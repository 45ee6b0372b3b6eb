/*
 * The host's share of our CPUs (steal), sampled from /proc/stat as the
 * recording goes, so that a window of the trace can ask how much of it the
 * hypervisor took. /proc/stat counts in USER_HZ ticks (10 ms); the session
 * samples every 20 ms, and a sample is kept only when a count moved, so a
 * quiet host costs a sample at each end.
 */
#include "tracer/steal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/vec.h"

unsigned ss_steal_parse(const char *text, unsigned ncpus, long hz, uint64_t *out)
{
	unsigned seen = 0;

	memset(out, 0, ncpus * sizeof(*out));
	for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		unsigned long long v[8];
		unsigned cpu;
		int n;

		if (strncmp(p, "cpu", 3) != 0 || p[3] < '0' || p[3] > '9')
			continue;
		n = sscanf(p, "cpu%u %llu %llu %llu %llu %llu %llu %llu %llu", &cpu, &v[0], &v[1], &v[2], &v[3], &v[4],
			   &v[5], &v[6], &v[7]);
		if (n < 9 || cpu >= ncpus || hz <= 0)
			continue;
		out[cpu] = (uint64_t)v[7] * (1000000000ull / (uint64_t)hz);
		seen++;
	}
	return seen;
}

/* /proc/stat's steal per CPU into out; false when it could not be read. */
static bool read_steal(struct ss_steal_rec *s, uint64_t *out)
{
	char text[65536];
	ssize_t len;

	if (s->fd < 0)
		return false;
	len = pread(s->fd, text, sizeof(text) - 1, 0);
	if (len <= 0)
		return false;
	text[len] = '\0';
	return ss_steal_parse(text, s->ncpus, sysconf(_SC_CLK_TCK), out) > 0;
}

static void add(struct ss_steal_rec *s, uint64_t ts, const uint64_t *now)
{
	if (!vec_grow((void **)&s->ts, &s->cap, s->n + 1, sizeof(*s->ts)) ||
	    !vec_grow((void **)&s->cum, &s->cum_cap, (s->n + 1) * s->ncpus, sizeof(*s->cum)))
		return;
	s->ts[s->n] = ts;
	for (unsigned c = 0; c < s->ncpus; c++) {
		uint64_t v = now[c] > s->base[c] ? now[c] - s->base[c] : 0;
		uint64_t prev = s->n ? s->cum[(s->n - 1) * s->ncpus + c] : 0;

		s->cum[s->n * s->ncpus + c] = v > prev ? v : prev;   /* never back (a CPU's hotplug) */
	}
	s->n++;
}

int ss_steal_start(struct ss_steal_rec *s, unsigned ncpus, uint64_t ts)
{
	memset(s, 0, sizeof(*s));
	s->fd = -1;
	if (!ncpus)
		return -EINVAL;
	s->base = calloc(ncpus, sizeof(*s->base));
	if (!s->base)
		return -ENOMEM;
	s->ncpus = ncpus;
	s->fd = open("/proc/stat", O_RDONLY | O_CLOEXEC);
	if (s->fd < 0 || !read_steal(s, s->base)) {
		int err = s->fd < 0 ? -errno : -EIO;

		ss_steal_free(s);
		return err;
	}
	add(s, ts, s->base);
	return 0;
}

void ss_steal_sample(struct ss_steal_rec *s, uint64_t ts, bool last)
{
	uint64_t now[s->ncpus ? s->ncpus : 1];
	bool moved = last;

	if (!s->n || !read_steal(s, now))
		return;
	for (unsigned c = 0; c < s->ncpus && !moved; c++)
		moved = now[c] - s->base[c] != s->cum[(s->n - 1) * s->ncpus + c];
	if (moved)
		add(s, ts, now);
}

void ss_steal_free(struct ss_steal_rec *s)
{
	if (s->ncpus && s->fd >= 0)   /* a zeroed, never started one has no fd */
		close(s->fd);
	free(s->base);
	free(s->ts);
	free(s->cum);
	memset(s, 0, sizeof(*s));
	s->fd = -1;
}
