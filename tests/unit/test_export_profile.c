/*
 * The off-CPU profile's kernel frames, without a kernel: a trace written
 * with ss_writer (app_trace.h) in which thread 100 ("app") sleeps four times
 * in one user stack (one frame, in a file that is not there: symbols/ places
 * it in its mapping and says why the walk stops):
 *   - a pipe read, no kernel stack;
 *   - a page fault in D state, with a kernel stack whose innermost frames
 *     are the tracing's and the scheduler's own (left out, as why leaves
 *     them out) and one address no symbol held ("?");
 *   - the same page fault again: the same bucket;
 *   - a pipe read whose kernel stack has the generic frames only: nothing
 *     to show, so it is summed with the first.
 * The folded export is compared line by line, exactly: user frames, then
 * kernel frames outermost first, each "_[k]", then the reason; and the
 * values sum to the blocked time. tests/tracer/test_kstacks.sh checks a
 * real recording.
 *
 * Then two processes of one program (as the pool lesson's workers): "app"
 * 100 with its thread 101, and "worker" 200, all blocking in the same user
 * stack. The root frame names the process, so 100's and 101's waits make
 * one line and 200's another, each with its own sum (tests/stacks/
 * test_profile.sh reads the pool lesson's with go tool pprof).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/unit/app_trace.h"

static char dir[] = "/tmp/schedscope-profile-unit.XXXXXX";

/* 100 goes to sleep in state at ts, in read() on pipe:[77] (or outside any
 * syscall: fault), in user stack 1 and kernel stack kstack (0: none); an
 * interrupt wakes it blocked_ns later and it runs again. */
static void put_sleep(struct ss_writer *w, uint64_t ts, bool fault, unsigned state, uint32_t kstack,
		      uint64_t blocked_ns)
{
	struct ss_event e = app_at(ts, 0, SS_BLOCK, 100);

	e.block.nr = fault ? -1 : 0;
	e.block.fd = fault ? -1 : 3;
	if (!fault) {
		e.block.chan.kind = SS_CH_PIPE;
		e.block.chan.ino = 77;
		ss_chan_canon(&e.block.chan);
	}
	e.block.stack = 1;
	e.block.kstack = kstack;
	ss_writer_event(w, &e);
	app_switch(w, ts, 0, 100, state, 0);
	e = app_at(ts + blocked_ns, 0, SS_WAKING, 0);
	e.wake.wakee = 100;
	ss_writer_event(w, &e);
	app_switch(w, ts + blocked_ns + 500, 0, 0, SS_ST_RUNNING, 100);
}

static void put_kstack(struct ss_writer *w, uint32_t id, const char *const *fn, unsigned n)
{
	struct ss_kstack k = { .id = id, .n = (uint16_t)n };

	for (unsigned i = 0; i < n; i++)
		snprintf(k.fn[i], sizeof(k.fn[i]), "%s", fn[i]);
	ss_writer_kstack(w, &k);
}

static void write_trace(const char *path)
{
	static const char *const fault[] = {   /* innermost first, as recorded */
		"bpf_prog_a759d53c58e09789_handle_switch", "bpf_trace_run4", "__schedule", "schedule",
		"io_schedule", "folio_wait_bit_common", "filemap_fault", "?", "handle_mm_fault",
		"asm_exc_page_fault",
	};
	static const char *const generic[] = { "bpf_trace_run4", "__schedule", "schedule" };
	struct ss_trace_end end = { .stop_ns = 1100000, .ncpus = 1 };
	struct ss_writer *w = app_trace_open(path, 1, SS_TF_STACKS | SS_TF_KSTACKS);

	assert_non_null(w);
	put_kstack(w, 1, fault, sizeof(fault) / sizeof(fault[0]));
	put_kstack(w, 2, generic, sizeof(generic) / sizeof(generic[0]));
	app_switch(w, 1001000, 0, 0, SS_ST_RUNNING, 100);
	put_sleep(w, 1010000, false, SS_ST_S, 0, 1000);
	put_sleep(w, 1020000, true, SS_ST_D, 1, 20000);
	put_sleep(w, 1050000, true, SS_ST_D, 1, 300);
	put_sleep(w, 1060000, false, SS_ST_D, 2, 4000);
	assert_int_equal(ss_writer_close(w, &end), 0);
}

struct lines {
	char v[8][1024];
	size_t n;
};

/* The lines of the folded export, sorted (the order is the hash table's). */
static void read_lines(const char *path, void *ctx)
{
	struct lines *l = ctx;
	FILE *f = fopen(path, "r");

	assert_non_null(f);
	for (l->n = 0; l->n < 8 && fgets(l->v[l->n], sizeof(l->v[0]), f);)
		l->n++;
	fclose(f);
	qsort(l->v, l->n, sizeof(l->v[0]), (int (*)(const void *, const void *))strcmp);
}

static void test_folded(void **state)
{
	const char *user = "app 100;[stack stops in app: the file is gone];0x401234 (app)";
	char want[2][1024];
	struct lines l;

	(void)state;
	app_export(dir, EXPORT_FOLDED, write_trace, read_lines, &l);
	assert_int_equal(l.n, 2);
	/* the pipe reads, 1 us without a kernel stack and 4 us with nothing in it to show */
	snprintf(want[0], sizeof(want[0]), "%s;[pipe read] 5000\n", user);
	/* the two page faults, 20 us + 300 ns: outermost first, from io_schedule in */
	snprintf(want[1], sizeof(want[1]), "%s;asm_exc_page_fault_[k];handle_mm_fault_[k];?_[k];filemap_fault_[k];"
		 "folio_wait_bit_common_[k];io_schedule_[k];[sleep outside a syscall] 20300\n", user);
	assert_string_equal(l.v[0], want[0]);
	assert_string_equal(l.v[1], want[1]);
}

/* tid of process tgid ("comm") from APP_START_NS on, of the traced tree. */
static void put_task(struct ss_writer *w, uint32_t tid, uint32_t tgid, const char *comm)
{
	struct ss_task t = { .ts_ns = APP_START_NS, .pid = tid, .tgid = tgid, .ppid = 100,
			     .origin = SS_TASK_FIRST_SEEN, .flags = SS_TASKF_IN_TREE };

	snprintf(t.comm, sizeof(t.comm), "%s", comm);
	ss_writer_task(w, &t);
}

/* tid runs from ts - 1000, blocks at ts in read() on pipe:[77] in user stack
 * 1 for blocked_ns, runs again and is preempted; the CPU idles between. */
static void put_pipe_read(struct ss_writer *w, uint32_t tid, uint64_t ts, uint64_t blocked_ns)
{
	struct ss_event e = app_at(ts, 0, SS_BLOCK, tid);

	app_switch(w, ts - 1000, 0, 0, SS_ST_RUNNING, tid);
	e.block.fd = 3;
	e.block.chan.kind = SS_CH_PIPE;
	e.block.chan.ino = 77;
	ss_chan_canon(&e.block.chan);
	e.block.stack = 1;
	ss_writer_event(w, &e);
	app_switch(w, ts, 0, tid, SS_ST_S, 0);
	e = app_at(ts + blocked_ns, 0, SS_WAKING, 0);
	e.wake.wakee = tid;
	ss_writer_event(w, &e);
	app_switch(w, ts + blocked_ns + 500, 0, 0, SS_ST_RUNNING, tid);
	app_switch(w, ts + blocked_ns + 1000, 0, tid, SS_ST_RUNNING, 0);
}

static void write_processes(const char *path)
{
	struct ss_trace_end end = { .stop_ns = 1200000, .ncpus = 1 };
	struct ss_writer *w = app_trace_open(path, 1, SS_TF_STACKS);

	assert_non_null(w);
	put_task(w, 101, 100, "app-thread");
	put_task(w, 200, 200, "worker");
	put_pipe_read(w, 100, 1010000, 1000);
	put_pipe_read(w, 200, 1020000, 30000);
	put_pipe_read(w, 101, 1060000, 2000);
	put_pipe_read(w, 200, 1070000, 400);
	assert_int_equal(ss_writer_close(w, &end), 0);
}

static void test_folded_processes(void **state)
{
	const char *stack = "[stack stops in app: the file is gone];0x401234 (app);[pipe read]";
	static char pdir[] = "/tmp/schedscope-profile-unit.XXXXXX";
	char want[2][1024];
	struct lines l;

	(void)state;
	app_export(pdir, EXPORT_FOLDED, write_processes, read_lines, &l);
	assert_int_equal(l.n, 2);
	snprintf(want[0], sizeof(want[0]), "app 100;%s 3000\n", stack);      /* 100's 1 us + 101's 2 us */
	snprintf(want[1], sizeof(want[1]), "worker 200;%s 30400\n", stack);
	assert_string_equal(l.v[0], want[0]);
	assert_string_equal(l.v[1], want[1]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_folded),
		cmocka_unit_test(test_folded_processes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
