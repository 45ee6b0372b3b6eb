/*
 * An experiment's knobs: CPU lists parsed and written back, the knobs in
 * words, their header fields through a real file, and the launcher setting
 * them on a real child (nice, SCHED_BATCH, affinity need no privilege), as
 * the child itself then reads them back.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "model/knobs.h"
#include "tracefile/reader.h"
#include "tracefile/writer.h"
#include "tracer/launch.h"
#include "util/cpulist.h"

static void roundtrip(const char *in, const char *want)
{
	cpu_set_t set;
	char err[128], out[128];

	assert_int_equal(cpulist_parse(in, &set, err, sizeof(err)), 0);
	assert_string_equal(cpulist_format(&set, out, sizeof(out)), want);
}

static void refused(const char *in, int want_rc, const char *want_err)
{
	cpu_set_t set;
	char err[128] = "";

	assert_int_equal(cpulist_parse(in, &set, err, sizeof(err)), want_rc);
	assert_string_equal(err, want_err);
}

static void test_cpulist(void **state)
{
	(void)state;
	roundtrip("0", "0");
	roundtrip("1", "1");
	roundtrip("0-3,6", "0-3,6");
	roundtrip("3,2,1,0", "0-3");
	roundtrip("0,2,4-5,5,7", "0,2,4-5,7");
	roundtrip("1023", "1023");
	refused("", -EINVAL, "an empty CPU list");
	refused("3-1", -EINVAL, "'3-1' runs backwards");
	refused("0,4-2", -EINVAL, "'4-2' runs backwards");
	refused("a", -EINVAL, "'a' is not a CPU list (like 0, 0-3 or 0,2)");
	refused("0,", -EINVAL, "'0,' is not a CPU list (like 0, 0-3 or 0,2)");
	refused("-1", -EINVAL, "'-1' is not a CPU list (like 0, 0-3 or 0,2)");
	refused("0-", -EINVAL, "'0-' is not a CPU list (like 0, 0-3 or 0,2)");
	refused("1024", -ERANGE, "CPU 1024 is past the most a CPU set can hold (1024)");
}

static void test_describe(void **state)
{
	struct ss_knobs k = { 0 };
	char buf[200];
	uint32_t p;

	(void)state;
	assert_string_equal(ss_knobs_describe(&k, buf, sizeof(buf)), "");
	k = (struct ss_knobs){ .set = SS_KNOB_CPUS, .cpus = "0" };
	assert_string_equal(ss_knobs_describe(&k, buf, sizeof(buf)), "CPU 0");
	k = (struct ss_knobs){ .set = SS_KNOB_CPUS | SS_KNOB_NICE, .cpus = "0-1", .nice = 19 };
	assert_string_equal(ss_knobs_describe(&k, buf, sizeof(buf)), "CPUs 0-1, nice 19");
	k = (struct ss_knobs){ .set = SS_KNOB_NICE | SS_KNOB_POLICY, .nice = -5, .policy = SCHED_BATCH };
	assert_string_equal(ss_knobs_describe(&k, buf, sizeof(buf)), "nice -5, SCHED_BATCH");
	k = (struct ss_knobs){ .set = SS_KNOB_POLICY, .policy = SCHED_FIFO, .prio = 10 };
	assert_string_equal(ss_knobs_describe(&k, buf, sizeof(buf)), "SCHED_FIFO priority 10");
	assert_int_equal(ss_knobs_policy_parse("rr", &p), 0);
	assert_int_equal(p, SCHED_RR);
	assert_int_equal(ss_knobs_policy_parse("deadline", &p), -1);
	assert_string_equal(ss_knobs_policy_name(SCHED_IDLE), "idle");
	assert_true(ss_knobs_policy_rt(SCHED_FIFO));
	assert_false(ss_knobs_policy_rt(SCHED_IDLE));
}

/* Writes a header with these knobs and reads it back. */
static void header_roundtrip(const struct ss_knobs *k, struct ss_trace_info *back)
{
	char path[] = "/tmp/schedscope-knobs.XXXXXX", err[256];
	struct ss_trace_info in = { .version = SS_FILE_VERSION, .ncpus = 2, .clock_id = CLOCK_BOOTTIME };
	struct ss_trace_end end = { .exit_status = 0, .ncpus = 2 };
	struct ss_writer *w;
	struct ss_reader *r;
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	close(fd);
	strcpy(in.cmdline, "build/scenarios/threads --pause-ms 20");
	in.knobs = *k;
	w = ss_writer_open(path, &in, err, sizeof(err));
	assert_non_null(w);
	assert_int_equal(ss_writer_close(w, &end), 0);
	r = ss_reader_open(path, 0, err, sizeof(err));
	assert_non_null(r);
	*back = r->info;
	ss_reader_close(r);
	unlink(path);
}

static void test_header(void **state)
{
	struct ss_knobs all = { .set = SS_KNOB_CPUS | SS_KNOB_NICE | SS_KNOB_POLICY, .cpus = "0,2-3",
				.nice = -20, .policy = SCHED_RR, .prio = 99 };
	struct ss_knobs none = { 0 }, nice_only = { .set = SS_KNOB_NICE, .nice = 0 };
	struct ss_trace_info back;

	(void)state;
	header_roundtrip(&all, &back);
	assert_int_equal(back.knobs.set, all.set);
	assert_string_equal(back.knobs.cpus, "0,2-3");
	assert_int_equal(back.knobs.nice, -20);
	assert_int_equal(back.knobs.policy, SCHED_RR);
	assert_int_equal(back.knobs.prio, 99);
	assert_string_equal(back.cmdline, "build/scenarios/threads --pause-ms 20");
	header_roundtrip(&none, &back);
	assert_int_equal(back.knobs.set, 0);
	/* nice 0 given is not nice not given */
	header_roundtrip(&nice_only, &back);
	assert_int_equal(back.knobs.set, SS_KNOB_NICE);
	assert_int_equal(back.knobs.nice, 0);
}

/* The launcher sets the knobs on a real child, which reports what it got. */
static void test_launch(void **state)
{
	struct ss_knobs k = { .set = SS_KNOB_CPUS | SS_KNOB_NICE | SS_KNOB_POLICY, .cpus = "0", .nice = 7,
			      .policy = SCHED_BATCH };
	char path[] = "/tmp/schedscope-launch.XXXXXX", err[512], got[512] = "";
	char *argv[] = { "/bin/sh", "-c",
			 "echo nice=$(nice) policy=$(chrt -p $$ | sed -n 's/.*policy: //p') "
			 "cpus=$(taskset -cp $$ | sed 's/.*: //')", NULL };
	struct ss_launch l;
	int fd = mkstemp(path), out = dup(STDOUT_FILENO);
	ssize_t n;

	(void)state;
	assert_true(fd >= 0 && out >= 0);
	fflush(stdout);
	dup2(fd, STDOUT_FILENO);
	assert_int_equal(ss_launch_prepare(&l, argv, 0, &k, err, sizeof(err)), 0);
	assert_int_equal(ss_launch_release(&l, err, sizeof(err)), 0);
	ss_launch_wait(&l);
	dup2(out, STDOUT_FILENO);
	close(out);
	n = pread(fd, got, sizeof(got) - 1, 0);
	close(fd);
	unlink(path);
	assert_true(n > 0);
	assert_int_equal(ss_launch_exit_code(l.status), 0);
	assert_string_equal(got, "nice=7 policy=SCHED_BATCH cpus=0\n");
}

/* A CPU list the kernel refuses is said, and no child is left behind. */
static void test_launch_no_cpu(void **state)
{
	struct ss_knobs k = { .set = SS_KNOB_CPUS, .cpus = "1000" };
	char *argv[] = { "/bin/true", NULL }, err[512];
	struct ss_launch l;

	(void)state;
	assert_int_equal(ss_launch_prepare(&l, argv, 0, &k, err, sizeof(err)), -EINVAL);
	assert_string_equal(err, "--cpus 1000: none of those CPUs is allowed here (the cpuset of this session "
			    "excludes them)");
	assert_true(l.reaped);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cpulist),
		cmocka_unit_test(test_describe),
		cmocka_unit_test(test_header),
		cmocka_unit_test(test_launch),
		cmocka_unit_test(test_launch_no_cpu),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
