/*
 * What a recording holds besides its events (flows, time in interrupts and
 * their names, steal) reaches every model the same way
 * (ss_trace_finish_model(), tracefile/replay.c): view --batch once left the
 * interrupts' names out, so its detail panel said "interrupt 24" where the
 * terminal's said "interrupt 24 (virtio4-input)".
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "live/live.h"
#include "tracefile/replay.h"
#include "tracefile/writer.h"

static char path[] = "/tmp/schedscope-unit-tail.XXXXXX";

#define AT(ms) (1000 + (uint64_t)((ms) * 1e6))

static void sw(struct ss_writer *w, double ms, uint32_t prev, unsigned state, uint32_t next)
{
	struct ss_event e = { .ts_ns = AT(ms), .kind = SS_SWITCH, .cpu = 0, .pid = prev };

	e.sw.next_pid = next;
	e.sw.prev_state = (uint16_t)state;
	e.sw.prev_prio = e.sw.next_prio = 120;
	ss_writer_event(w, &e);
}

/* main 100 reads a file and sleeps; device interrupt 24 wakes it. */
static void write_trace(void)
{
	struct ss_trace_info in = { .ncpus = 1, .start_ns = 1000, .root_pid = 100 };
	struct ss_trace_end end = { .stop_ns = AT(10), .ncpus = 1, .exit_status = 0 };
	struct ss_task t = { .ts_ns = 1000, .pid = 100, .tgid = 100, .ppid = 1, .comm = "main",
			     .flags = SS_TASKF_IN_TREE };
	struct ss_irq_time it = { .hardirq_ns = 5000, .hardirq_n = 1 };
	struct ss_irq_name name = { .irq = 24, .name = "virtio4-input" };
	struct ss_event e = { .ts_ns = AT(4), .kind = SS_BLOCK, .cpu = 0, .pid = 100 };
	struct ss_writer *w;
	char err[256];

	strcpy(in.machine, "x86_64");
	w = ss_writer_open(path, &in, err, sizeof(err));
	assert_non_null(w);
	ss_writer_task(w, &t);
	sw(w, 1, 0, SS_ST_RUNNING, 100);
	e.block.nr = 0;                      /* read */
	e.block.fd = 3;
	e.block.chan.kind = SS_CH_FILE;
	e.block.chan.ino = 9;
	ss_writer_event(w, &e);
	sw(w, 4, 100, SS_ST_S, 0);
	memset(&e, 0, sizeof(e));
	e.ts_ns = AT(5), e.kind = SS_WAKING, e.pid = 0;
	e.wake.wakee = 100;
	ss_writer_event(w, &e);
	memset(&e, 0, sizeof(e));
	e.ts_ns = AT(5), e.kind = SS_WAKER, e.pid = 0;
	e.waker.wakee = 100;
	e.waker.cause = SS_WC_HARDIRQ;
	e.waker.ctx_id = 24;
	e.waker.sys.nr = -1;
	e.waker.sys.fd = -1;
	ss_writer_event(w, &e);
	sw(w, 5.1, 0, SS_ST_RUNNING, 100);
	sw(w, 8, 100, SS_ST_S, 0);
	ss_writer_irqs(w, &it, 1, &name, 1);
	assert_int_equal(ss_writer_close(w, &end), 0);
}

static void test_batch_names_the_interrupt(void **state)
{
	struct live_opts o = { .title = "tail" };
	/* replayed in two steps (as --frames 2), then the thread view, the
	 * cursor stepped back to the run after the sleep */
	struct live_batch_opts b = { .w = 120, .h = 40, .frames = 2, .keys = "Tab [ [", .ascii = true };
	char *text = NULL, err[256];
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	(void)state;
	write_trace();
	assert_non_null(f);
	assert_int_equal(live_batch(path, 0, &o, &b, f, err, sizeof(err)), 0);
	fclose(f);
	assert_non_null(strstr(text, "\n   before: woken from interrupt 24 (virtio4-input) at 0.005000s (CPU 0), "
				     "then waited 100 us for the CPU\n"));
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_batch_names_the_interrupt),
	};

	int fd = mkstemp(path), rc;

	if (fd < 0)
		return 1;
	close(fd);
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	unlink(path);
	return rc;
}
