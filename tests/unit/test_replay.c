/*
 * A trace file replayed into a sink: probes first, each task version just
 * before the first event at or after its time (so a recycled tid starts a
 * new thread at its fork, as it did live), every event once, in time order,
 * each announced to ahead() before it is fed; in steps for batch frames.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "tracefile/replay.h"
#include "tracefile/writer.h"

#define S0 1000000000ull

static char path[] = "/tmp/schedscope-replay.XXXXXX";

static void task(struct ss_writer *w, uint64_t ts, uint32_t pid, uint16_t origin, const char *comm)
{
	struct ss_task t = { .ts_ns = ts, .pid = pid, .tgid = pid, .ppid = 1, .origin = origin,
			     .flags = SS_TASKF_IN_TREE, .prev = -1 };

	snprintf(t.comm, sizeof(t.comm), "%s", comm);
	ss_writer_task(w, &t);
}

static void sw(struct ss_writer *w, uint64_t ts, uint32_t prev, unsigned state, uint32_t next)
{
	struct ss_event e = { .ts_ns = ts, .kind = SS_SWITCH, .cpu = 0, .pid = prev };

	e.sw.next_pid = next;
	e.sw.prev_state = (uint16_t)state;
	ss_writer_event(w, &e);
}

/* pid 50 lives and exits; the same pid is forked again later as "second" */
static int setup(void **state)
{
	struct ss_trace_info info = { .ncpus = 1, .start_ns = S0, .machine = "x86_64" };
	struct ss_trace_end end = { .stop_ns = S0 + 1000, .exit_status = 0, .ncpus = 1 };
	struct ss_probe p = { .id = 3, .provider = "schedscope", .name = "phase" };
	struct ss_writer *w;
	char err[256];
	int fd = mkstemp(path);

	(void)state;
	assert_true(fd >= 0);
	close(fd);
	w = ss_writer_open(path, &info, err, sizeof(err));
	assert_non_null(w);
	ss_writer_probe(w, &p);
	task(w, S0, 50, SS_TASK_FIRST_SEEN, "first");
	task(w, S0 + 100, 50, SS_TASK_FORKED, "second");
	sw(w, S0 + 10, 0, 0, 50);
	sw(w, S0 + 20, 50, SS_ST_Z, 0);
	sw(w, S0 + 110, 0, 0, 50);
	sw(w, S0 + 120, 50, SS_ST_S, 0);
	assert_int_equal(ss_writer_close(w, &end), 0);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	unlink(path);
	return 0;
}

static void test_recycled_tid(void **state)
{
	struct ss_model m;
	char err[256];

	(void)state;
	assert_int_equal(ss_trace_load(&m, path, 0, err, sizeof(err)), 0);
	assert_int_equal(m.nthreads, 2);
	assert_int_equal(m.threads[0].nruns, 1);
	assert_int_equal(ss_model_run(&m, &m.threads[0], 0)->start_ns, S0 + 10);
	assert_int_equal(m.threads[1].nruns, 1);
	assert_int_equal(ss_model_run(&m, &m.threads[1], 0)->start_ns, S0 + 110);
	assert_ptr_equal(ss_model_thread(&m, 50), &m.threads[1]);    /* the newest */
	assert_int_equal(m.nprobes, 1);
	assert_string_equal(m.probes[0].name, "phase");
	assert_true(m.complete);
	ss_model_free(&m);
}

struct log {
	char s[256];
	size_t n;
};

static void put(struct log *l, const char *fmt, uint64_t v)
{
	l->n += (size_t)snprintf(l->s + l->n, sizeof(l->s) - l->n, fmt, (unsigned long long)v);
}

static void lg_probe(void *ctx, const struct ss_probe *p) { put(ctx, "P%llu ", p->id); }
static void lg_task(void *ctx, const struct ss_task *t) { put(ctx, "T%llu ", t->ts_ns - S0); }
static void lg_event(void *ctx, const struct ss_event *ev) { put(ctx, "E%llu ", ev->ts_ns - S0); }
static void lg_ahead(void *ctx, const struct ss_event *ev) { put(ctx, "a%llu ", ev->ts_ns - S0); }

static void test_order_and_steps(void **state)
{
	struct log l = { .n = 0 };
	struct ss_sink k = { .probe = lg_probe, .task = lg_task, .event = lg_event, .ahead = lg_ahead, .ctx = &l };
	char err[256];
	struct ss_reader *r = ss_reader_open(path, 0, err, sizeof(err));
	struct ss_replay *rp;

	(void)state;
	assert_non_null(r);
	rp = ss_replay_new(r, &k);
	assert_non_null(rp);
	assert_int_equal(ss_replay_step(rp, 1), 1);
	assert_int_equal(ss_replay_events(rp), 1);
	/* all four events are read ahead before the first is fed */
	assert_string_equal(l.s, "P3 a10 a20 a110 a120 T0 E10 ");
	assert_int_equal(ss_replay_step(rp, 2), 1);
	assert_int_equal(ss_replay_step(rp, 5), 0);
	assert_int_equal(ss_replay_events(rp), 4);
	assert_string_equal(l.s, "P3 a10 a20 a110 a120 T0 E10 E20 T100 E110 E120 ");
	assert_int_equal(ss_replay_step(rp, 5), 0);
	ss_replay_free(rp);
	ss_reader_close(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_recycled_tid),
		cmocka_unit_test(test_order_and_steps),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
