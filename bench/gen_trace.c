/*
 * Writes a synthetic trace of N events for the benchmarks (frame rendering,
 * export speed, model memory): T threads of one traced process and a few
 * other tasks taking turns on C CPUs, with wakeups, preemptions, idle gaps and
 * markers, in the proportions of a real pipe-heavy recording. It is benchmark
 * input, labelled as such in its command line; never a trace of anything.
 *
 *   gen_trace OUT EVENTS [CPUS] [THREADS]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tracefile/writer.h"

static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint32_t rnd(uint32_t n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng % n);
}

int main(int argc, char **argv)
{
	struct ss_trace_info info = { 0 };
	struct ss_trace_end *end = calloc(1, sizeof(*end));
	uint64_t n, written = 0, ts;
	unsigned ncpus, nthreads;
	uint32_t *cur;
	struct ss_writer *w;
	char err[256];

	if (argc < 3) {
		fprintf(stderr, "usage: gen_trace OUT EVENTS [CPUS] [THREADS]\n");
		return 2;
	}
	n = strtoull(argv[2], NULL, 10);
	ncpus = argc > 3 ? (unsigned)atoi(argv[3]) : 2;
	nthreads = argc > 4 ? (unsigned)atoi(argv[4]) : 8;
	info.ncpus = ncpus;
	info.clock_id = CLOCK_BOOTTIME;
	info.start_ns = ts = 1000000000ull;
	snprintf(info.sysname, sizeof(info.sysname), "Linux");
	snprintf(info.release, sizeof(info.release), "6.18.0");
	snprintf(info.machine, sizeof(info.machine), "x86_64");
	snprintf(info.hostname, sizeof(info.hostname), "synthetic");
	snprintf(info.cmdline, sizeof(info.cmdline), "synthetic benchmark input (bench/gen_trace)");
	info.root_pid = 1000;
	w = ss_writer_open(argv[1], &info, err, sizeof(err));
	if (!w || !end) {
		fprintf(stderr, "gen_trace: %s\n", err);
		return 1;
	}
	/* tasks 1000.. are the traced process's threads; 2000..2003 are others */
	for (unsigned i = 0; i < nthreads + 4; i++) {
		struct ss_task t = { 0 };

		t.ts_ns = ts;
		t.pid = i < nthreads ? 1000 + i : 2000 + (i - nthreads);
		t.tgid = i < nthreads ? 1000 : t.pid;
		t.ppid = 1;
		t.flags = i < nthreads ? SS_TASKF_IN_TREE : 0;
		snprintf(t.comm, sizeof(t.comm), i < nthreads ? "worker-%u" : "other-%u", i);
		ss_writer_task(w, &t);
	}
	cur = calloc(ncpus, sizeof(*cur));
	while (written < n) {
		unsigned c = rnd(ncpus);
		uint32_t next;
		struct ss_event ev = { 0 };
		bool busy;

		ts += 1000 + rnd(20000);
		do {
			next = rnd(10) == 0 ? 0 : rnd(8) == 0 ? 2000 + rnd(4) : 1000 + rnd(nthreads);
			busy = false;
			for (unsigned k = 0; k < ncpus; k++)
				if (next && cur[k] == next)
					busy = true;
		} while (busy || next == cur[c]);
		ev.ts_ns = ts;
		ev.cpu = (uint16_t)c;
		if (next && next < 2000 && rnd(3)) {
			ev.kind = SS_WAKING;
			ev.pid = cur[c];
			ev.wake.wakee = next;
			ev.wake.target_cpu = c;
			ss_writer_event(w, &ev);
			written++;
			ev.ts_ns = ts += 500 + rnd(3000);
		}
		ev.kind = SS_SWITCH;
		ev.pid = cur[c];
		ev.sw.next_pid = next;
		ev.sw.prev_state = rnd(2) ? SS_ST_S : SS_ST_PREEMPTED;
		ev.sw.prev_prio = ev.sw.next_prio = 120;
		ss_writer_event(w, &ev);
		written++;
		cur[c] = next;
		if (rnd(1000) == 0 && next) {
			memset(&ev.sw, 0, sizeof(ev.sw));
			ev.kind = SS_MARKER;
			ev.pid = next;
			ev.marker.probe = 0;
			ev.marker.nargs = 1;
			ev.marker.args[0] = (int64_t)written;
			ss_writer_event(w, &ev);
			written++;
		}
	}
	end->stop_ns = ts + 1000;
	end->events = written;
	end->exit_status = 0;
	end->ncpus = ncpus;
	struct ss_probe p = { .id = 0 };
	snprintf(p.provider, sizeof(p.provider), "schedscope");
	snprintf(p.name, sizeof(p.name), "task_start");
	snprintf(p.binary, sizeof(p.binary), "synthetic");
	ss_writer_probe(w, &p);
	if (ss_writer_close(w, end)) {
		fprintf(stderr, "gen_trace: write failed\n");
		return 1;
	}
	printf("%llu events\n", (unsigned long long)written);
	free(cur);
	free(end);
	return 0;
}
