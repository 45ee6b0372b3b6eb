/*
 * The commands that read a trace, run in-process on bad requests and
 * damaged files: each says what is wrong in one line on stderr and exits
 * non-zero, instead of printing nothing, everything or garbage with status
 * 0. In-process so that `make asan` sees their leaks and undefined
 * behaviour (a model not freed when loading fails, memcpy from NULL).
 *
 * The good trace: 2 CPUs; process 100 (threads 100 and 101), where 100
 * sleeps on a pipe twice and 101 is woken once by 100 and never sleeps.
 *
 * Beside the errors, in the same harness, what dump prints of a sleep's
 * stacks (the stacks trace): the ids of its user and kernel stacks, in the
 * text and in --tsv, and nothing for a sleep without.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/record.h"
#include "tests/unit/trace_bytes.h"
#include "tracefile/writer.h"

#define S0 TB_START_NS

static char dir[] = "/tmp/schedscope-unit-cli.XXXXXX";
static char good[80], noflows[80], damaged[80], stacks[80], stolen[80];
static char out[1 << 16], err[4096];

/* Under make asan, a sanitizer's report goes where the test's own stderr
 * goes, not into the command's captured one (sanitizer_common's interface). */
void __sanitizer_set_report_fd(void *fd) __attribute__((weak));

/* Runs cmd with the words of the formatted line as its arguments; its
 * stdout and stderr land in out[] and err[]. Returns its exit status. */
static int run(int (*cmd)(int, char **), const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int run(int (*cmd)(int, char **), const char *fmt, ...)
{
	char copy[1024], *argv[32], *save = NULL, path[320];
	int argc = 0, rc, fd_out, fd_err, keep_out, keep_err;
	va_list ap;
	ssize_t n;

	va_start(ap, fmt);
	vsnprintf(copy, sizeof(copy), fmt, ap);
	va_end(ap);
	for (char *w = strtok_r(copy, " ", &save); w && argc < 31; w = strtok_r(NULL, " ", &save))
		argv[argc++] = w;
	argv[argc] = NULL;
	fflush(stdout);
	fflush(stderr);
	snprintf(path, sizeof(path), "%s/out", dir);
	fd_out = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	snprintf(path, sizeof(path), "%s/err", dir);
	fd_err = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	assert_true(fd_out >= 0 && fd_err >= 0);
	keep_out = dup(STDOUT_FILENO);
	keep_err = dup(STDERR_FILENO);
	dup2(fd_out, STDOUT_FILENO);
	dup2(fd_err, STDERR_FILENO);
	if (__sanitizer_set_report_fd)
		__sanitizer_set_report_fd((void *)(intptr_t)keep_err);
	rc = cmd(argc, argv);
	if (__sanitizer_set_report_fd)
		__sanitizer_set_report_fd((void *)(intptr_t)STDERR_FILENO);
	fflush(stdout);
	fflush(stderr);
	dup2(keep_out, STDOUT_FILENO);
	dup2(keep_err, STDERR_FILENO);
	close(keep_out);
	close(keep_err);
	n = pread(fd_out, out, sizeof(out) - 1, 0);
	out[n > 0 ? n : 0] = 0;
	n = pread(fd_err, err, sizeof(err) - 1, 0);
	err[n > 0 ? n : 0] = 0;
	close(fd_out);
	close(fd_err);
	return rc;
}

/* The command's stderr is exactly the formatted text. */
static void expect_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void expect_err(const char *fmt, ...)
{
	char want[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(want, sizeof(want), fmt, ap);
	va_end(ap);
	assert_string_equal(err, want);
}

static size_t lines(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

static void task(struct ss_writer *w, uint32_t pid, uint16_t origin, const char *comm)
{
	struct ss_task t = { .ts_ns = S0, .pid = pid, .tgid = 100, .ppid = 1, .origin = origin,
			     .flags = SS_TASKF_IN_TREE, .prev = -1 };

	snprintf(t.comm, sizeof(t.comm), "%s", comm);
	ss_writer_task(w, &t);
}

static void ev_switch(struct ss_writer *w, uint64_t t, uint16_t cpu, uint32_t prev, unsigned st, uint32_t next)
{
	struct ss_event e = { .ts_ns = S0 + t, .kind = SS_SWITCH, .cpu = cpu, .pid = prev };

	e.sw.prev_state = (uint16_t)st;
	e.sw.next_pid = next;
	e.sw.prev_prio = e.sw.next_prio = 120;
	ss_writer_event(w, &e);
}

static void ev_wake(struct ss_writer *w, uint64_t t, uint16_t cpu, uint32_t waker, uint32_t wakee)
{
	struct ss_event e = { .ts_ns = S0 + t, .kind = SS_WAKING, .cpu = cpu, .pid = waker };

	e.wake.wakee = wakee;
	e.wake.target_cpu = cpu;
	ss_writer_event(w, &e);
}

/* 100 runs on CPU 0 and sleeps twice; 101 runs on CPU 1, woken once by 100. */
/* What the host took (steal) in write_good(steal): two samples, 3.5 us apart
 * inside the trace's 7 us, 700 ns of CPU 0 and 350 ns of CPU 1 between. */
static const uint64_t steal_ts[2] = { S0 + 1000, S0 + 4500 };
static const uint64_t steal_cum[2 * 2] = { 0, 0, 700, 350 };

static void write_good(const char *path, uint32_t flags, bool steal)
{
	struct ss_trace_info in = { .ncpus = 2, .start_ns = S0, .root_pid = 100, .flags = flags };
	struct ss_trace_end *end = calloc(1, sizeof(*end));
	struct ss_writer *w;
	char e[256];

	snprintf(in.machine, sizeof(in.machine), "x86_64");
	w = ss_writer_open(path, &in, e, sizeof(e));
	assert_non_null(w);
	task(w, 100, SS_TASK_FIRST_SEEN, "main");
	task(w, 101, SS_TASK_FORKED, "helper");
	ev_switch(w, 1000, 0, 0, SS_ST_RUNNING, 100);
	ev_switch(w, 2000, 0, 100, SS_ST_S, 0);         /* sleeps */
	ev_wake(w, 3000, 1, 0, 100);
	ev_switch(w, 3500, 0, 0, SS_ST_RUNNING, 100);
	ev_wake(w, 3600, 0, 100, 101);
	ev_switch(w, 3700, 1, 0, SS_ST_RUNNING, 101);
	ev_switch(w, 4000, 0, 100, SS_ST_S, 0);         /* sleeps again */
	ev_wake(w, 5000, 1, 101, 100);
	ev_switch(w, 5500, 0, 0, SS_ST_RUNNING, 100);
	ev_switch(w, 6000, 1, 101, SS_ST_RUNNING, 0);   /* preempted, never sleeps */
	if (steal)
		ss_writer_steal(w, 2, steal_ts, steal_cum, 2);
	end->stop_ns = S0 + 7000;
	end->ncpus = 2;
	end->exit_status = 0;
	assert_int_equal(ss_writer_close(w, end), 0);
	free(end);
}

/* 100, the root, execs, then sleeps three times on CPU 0: in a page fault (D) in user stack 2 and
 * kernel stack 1, in read(fd 3) in user stack 1 alone, and with no stack. */
static void write_stacks(const char *path)
{
	struct ss_trace_info in = { .ncpus = 1, .start_ns = S0, .root_pid = 100,
				    .flags = SS_TF_STACKS | SS_TF_KSTACKS };
	struct ss_trace_end end = { .stop_ns = S0 + 9000, .ncpus = 1 };
	struct ss_stack st = { .id = 1, .tgid = 100, .n = 1, .pcs = { 0x401234 } };
	struct ss_kstack k = { .id = 1, .n = 2, .fn = { "io_schedule", "filemap_fault" } };
	struct ss_event b = { .kind = SS_BLOCK, .cpu = 0, .pid = 100, .block = { .nr = -1, .fd = -1 } };
	uint32_t ids[3][2] = { { 2, 1 }, { 1, 0 }, { 0, 0 } };
	struct ss_writer *w;
	char e[256];

	in.version = ss_file_version(in.flags);
	snprintf(in.machine, sizeof(in.machine), "x86_64");
	w = ss_writer_open(path, &in, e, sizeof(e));
	assert_non_null(w);
	task(w, 100, SS_TASK_FIRST_SEEN, "main");
	ss_writer_stack(w, &st);
	st.id = 2;
	ss_writer_stack(w, &st);
	ss_writer_kstack(w, &k);
	ev_switch(w, 1000, 0, 0, SS_ST_RUNNING, 100);
	ss_writer_event(w, &(struct ss_event){ .ts_ns = S0 + 1500, .kind = SS_EXEC, .pid = 100,
					       .exec = { .old_pid = 100 } });   /* past the held start */
	for (unsigned i = 0; i < 3; i++) {
		b.ts_ns = S0 + 2000 * (i + 1);
		b.block.stack = ids[i][0];
		b.block.kstack = ids[i][1];
		ss_writer_event(w, &b);
		ev_switch(w, 2000 * (i + 1), 0, 100, i ? SS_ST_S : SS_ST_D, 0);
		ev_wake(w, 2000 * (i + 1) + 500, 0, 0, 100);
		ev_switch(w, 2000 * (i + 1) + 1000, 0, 0, SS_ST_RUNNING, 100);
		b.block = (struct ss_sys){ .nr = 0, .fd = 3, .args = { 3, 0, 4 } };   /* read(3, ..., 4) next */
	}
	assert_int_equal(ss_writer_close(w, &end), 0);
}

/* Whole chunks with their checksums, but the events of CPU 0 end in a code
 * that does not exist. */
static void write_damaged(const char *path)
{
	struct buf b = { 0 }, pl = { 0 };
	FILE *f;

	tb_header(&b, 2);
	tb_exits(&pl, S0 + 100, 2, 10, 100);
	buf_u8(&pl, 0x0f);             /* code 15 */
	buf_varint(&pl, 1);
	tb_chunk(&b, SS_CHUNK_EVENTS, 0, 3, &pl);
	tb_end(&b, S0 + 1000);
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(b.p, 1, b.len, f), b.len);
	fclose(f);
	buf_free(&b);
	buf_free(&pl);
}

static void test_dump_cpu_outside_the_trace(void **state)
{
	(void)state;
	assert_int_equal(run(cmd_dump, "dump %s --cpu 5", good), CLI_FAIL);
	assert_string_equal(out, "");
	expect_err("schedscope dump: --cpu 5: %s has 2 CPUs (0-1)\n", good);
	assert_int_equal(run(cmd_dump, "dump %s --cpu 1", stacks), CLI_FAIL);
	expect_err("schedscope dump: --cpu 1: %s has 1 CPU (0-0)\n", stacks);

	assert_int_equal(run(cmd_dump, "dump %s --cpu 1 --tsv", good), 0);
	assert_int_equal(lines(out), 4);          /* 2 wakings, 2 switches */
	assert_string_equal(err, "");
}

static void test_dump_kinds(void **state)
{
	(void)state;
	assert_int_equal(run(cmd_dump, "dump %s --kind ,", good), CLI_USAGE);
	assert_string_equal(out, "");
	assert_string_equal(err, "schedscope dump: --kind wants kinds separated by commas, not ','\n"
				 "(see 'schedscope dump --help')\n");

	/* the name was printed from the list after it was freed */
	assert_int_equal(run(cmd_dump, "dump %s --kind switch,bogus", good), CLI_USAGE);
	assert_string_equal(out, "");
	assert_string_equal(err, "schedscope dump: unknown event kind 'bogus'\n"
				 "(see 'schedscope dump --help')\n");

	assert_int_equal(run(cmd_dump, "dump %s --kind waking, --tsv", good), CLI_USAGE);

	assert_int_equal(run(cmd_dump, "dump %s --kind waking --tsv", good), 0);
	assert_int_equal(lines(out), 3);
}

static void test_dump_stack_ids(void **state)
{
	(void)state;
	assert_int_equal(run(cmd_dump, "dump %s --kind block", stacks), 0);
	assert_string_equal(out,
			    "     0.000002s [000] block      main:100 goes to sleep outside any syscall (a page fault "
			    "or the like) (user stack 2, kernel stack 1)\n"
			    "     0.000004s [000] block      main:100 sleeps in read(fd 3, 4 bytes) (user stack 1)\n"
			    "     0.000006s [000] block      main:100 sleeps in read(fd 3, 4 bytes)\n");
	assert_string_equal(err, "");

	assert_int_equal(run(cmd_dump, "dump %s --kind block --tsv", stacks), 0);
	assert_string_equal(out,
			    "1000002000\t0\tblock\t100\t-\t-1\t0\tnone\t0000000000000000\t-\t2\t1\n"
			    "1000004000\t0\tblock\t100\tread\t3\t4\tnone\t0000000000000000\t-\t1\t0\n"
			    "1000006000\t0\tblock\t100\tread\t3\t4\tnone\t0000000000000000\t-\t0\t0\n");
}

static void test_pid_outside_the_trace(void **state)
{
	char pf[80];
	struct stat st;

	(void)state;
	snprintf(pf, sizeof(pf), "%s/p.pftrace", dir);
	assert_int_equal(run(cmd_export, "export %s --pid 4294967295 -q -o %s", good, pf), CLI_FAIL);
	expect_err("schedscope export: pid 4294967295 does not appear in %s "
		   "('schedscope info' counts its tasks)\n", good);
	assert_int_equal(stat(pf, &st), -1);      /* nothing written */

	assert_int_equal(run(cmd_dump, "dump %s --pid 4242", good), CLI_FAIL);
	assert_string_equal(out, "");
	expect_err("schedscope dump: pid 4242 does not appear in %s "
		   "('schedscope info' counts its tasks)\n", good);

	/* a thread of the process, and the idle tasks, are there */
	assert_int_equal(run(cmd_export, "export %s --pid 101 -q -o %s", good, pf), 0);
	assert_int_equal(stat(pf, &st), 0);
	unlink(pf);
	assert_int_equal(run(cmd_dump, "dump %s --pid 0 --tsv", good), 0);
	assert_int_equal(lines(out), 8);          /* the 7 switches (each to or from idle), 1 waking */
}

static void test_export_window_too_short(void **state)
{
	/* ends that round to 0 ns (which export_opts takes for "to the end"),
	 * and times too large for nanoseconds in an int64_t */
	const char *windows[] = { "0,1e-12", "0,0", "2ms,1ms", "1s,0.4ns", "1e12,", ",inf", "nan," };
	char pf[80];
	struct stat st;

	(void)state;
	snprintf(pf, sizeof(pf), "%s/w.json", dir);
	for (size_t i = 0; i < sizeof(windows) / sizeof(windows[0]); i++) {
		assert_int_equal(run(cmd_export, "export %s -f json --window %s -q -o %s", good, windows[i], pf),
				 CLI_USAGE);
		assert_string_equal(out, "");
		assert_int_equal(lines(err), 2);
		assert_non_null(strstr(err, "--window wants START,END with END after START"));
		assert_int_equal(stat(pf, &st), -1);
		/* critical's --window is the same rule, said the same way */
		assert_int_equal(run(cmd_critical, "critical %s --window %s", good, windows[i]), CLI_USAGE);
		assert_string_equal(out, "");
		assert_int_equal(lines(err), 2);
		assert_non_null(strstr(err, "schedscope critical: --window wants START,END with END after START"));
	}
	/* one nanosecond is a window; so is an open end, and so are both */
	for (size_t i = 0; i < 3; i++) {
		const char *w = (const char *[]){ "0,1ns", "3us,", "," }[i];

		assert_int_equal(run(cmd_export, "export %s -f json --window %s -q -o %s", good, w, pf), 0);
		assert_int_not_equal(run(cmd_critical, "critical %s --window %s", good, w), CLI_USAGE);
	}
	unlink(pf);
}

static void test_damaged_events(void **state)
{
	(void)state;
	assert_int_equal(run(cmd_info, "info %s", damaged), CLI_FAIL);
	assert_non_null(strstr(out, "status      DAMAGED (the events after the damage are not counted)\n"));
	assert_non_null(strstr(out, "events      3 ("));
	assert_null(strstr(out, "error"));
	expect_err("schedscope info: %s: an events chunk of CPU 0 does not decode\n", damaged);

	/* the model loads, fails, and is freed (make asan: no leak) */
	assert_int_equal(run(cmd_why, "why %s --pid 100", damaged), CLI_FAIL);
	assert_string_equal(out, "");
	expect_err("schedscope: %s: an events chunk of CPU 0 does not decode\n", damaged);
	assert_int_equal(run(cmd_flows, "flows %s", damaged), CLI_FAIL);
	assert_string_equal(out, "");
	expect_err("schedscope: %s: an events chunk of CPU 0 does not decode\n", damaged);
}

/* Threads that never slept, traces without flows: the empty arrays are
 * NULL, which memcpy, qsort and pointer arithmetic must not see (make asan). */
static void test_empty_tables(void **state)
{
	(void)state;
	assert_int_equal(run(cmd_why, "why %s --pid 101", good), 0);
	assert_non_null(strstr(out, "helper 101: ran 1 time for"));
	assert_string_equal(err, "");

	assert_int_equal(run(cmd_flows, "flows %s", noflows), 0);
	assert_non_null(strstr(out, "Channels (0 channels)\n"
				    "  none: no traced thread moved data through a pipe or socket\n"));
	assert_non_null(strstr(out, "  none: no traced thread waited on a futex\n"));

	assert_int_equal(run(cmd_flows, "flows %s", good), 0);
	assert_non_null(strstr(out, "  none: no traced thread slept on a pipe or socket\n"));
}

/* A moment of the run is said one way by every command (fmt_moment): why's
 * rows, critical's rows and its header, info's span of events. */
static void test_moments_one_form(void **state)
{
	(void)state;
	assert_int_equal(run(cmd_why, "why %s --pid 100", good), 0);
	assert_non_null(strstr(out, "\n   0.000002s  blocked 1.00 us"));
	assert_non_null(strstr(out, "\n   0.000004s  blocked 1.00 us"));
	assert_int_equal(run(cmd_critical, "critical %s --pid 100", good), 0);
	assert_non_null(strstr(out, "from 0.000001s to 0.000007s (6.00 us)"));
	assert_non_null(strstr(out, "\n   0.000004s    1.00 us  main 100 "));
	assert_int_equal(run(cmd_info, "info %s", good), 0);
	assert_non_null(strstr(out, "(events from 0.000001s to 0.000006s)"));
}

/* info and stats say the same steal: each CPU's over the trace's span (not
 * the samples'), by the one function (ss_steal_ns()). */
static void test_steal_info_and_stats(void **state)
{
	(void)state;
	assert_int_equal(run(cmd_info, "info %s", stolen), 0);
	assert_non_null(strstr(out, "\nsteal       the host took 7.5% of the CPUs (cpu0 700 ns, cpu1 350 ns)\n"));
	assert_int_equal(run(cmd_stats, "stats %s", stolen), 0);
	assert_non_null(strstr(out, "\n  CPU 0  700 ns (10.0%)\n  CPU 1  350 ns (5.0%)\n"));
}

/* The recording's summary (record's, run's): every count in it said by
 * fmt_count(), so a count of one reads "1 distinct kernel stack", as a
 * real lock run said "1 distinct kernel stacks" when each spelled its own. */
static const struct ss_session_summary *summary_of;

static int summary_cmd(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	cli_print_summary(summary_of);
	return 0;
}

static void test_summary_counts(void **state)
{
	struct ss_session_summary one = {
		.path = "x.trace", .seconds = 0.5, .events = 3, .file_events = 1, .bytes = 100,
		.missed = 1, .dropped = 1, .stacks = 1, .stacks_unsent = 1, .kstacks = 1, .kstacks_lost = 1,
		.tasks = 3, .file_tasks = 2, .probe_records = 1, .write_error = 28, .ncpus = 1,
	};
	struct ss_session_summary two = one;

	(void)state;
	summary_of = &one;
	assert_int_equal(run(summary_cmd, "record"), 0);
	assert_non_null(strstr(err, "\n  missed   1 BPF run skipped by the kernel (nested on a CPU)\n"));
	assert_non_null(strstr(err, "\n  stacks   1 distinct user stack; none for 1 wait: the kernel's stack table "
				    "was full\n"));
	assert_non_null(strstr(err, "\n  kstacks  1 distinct kernel stack (at D-state sleeps and page faults); none "
				    "for 1 such sleep: the kernel could not take or keep them\n"));
	assert_non_null(strstr(err, "\n  dropped  1 event: writing fell 512 MiB behind"));
	assert_non_null(strstr(err, "\n  unsaved  1 event, 1 task record, 1 probe record: writing failed"));

	two.events = 6, two.file_events = 2, two.missed = two.dropped = two.stacks = two.stacks_unsent = 2;
	two.kstacks = two.kstacks_lost = 2, two.tasks = 4, two.probe_records = 2;
	summary_of = &two;
	assert_int_equal(run(summary_cmd, "record"), 0);
	assert_non_null(strstr(err, "\n  missed   2 BPF runs skipped"));
	assert_non_null(strstr(err, "\n  stacks   2 distinct user stacks; none for 2 waits:"));
	assert_non_null(strstr(err, "\n  kstacks  2 distinct kernel stacks (at D-state sleeps and page faults); none "
				    "for 2 such sleeps:"));
	assert_non_null(strstr(err, "\n  dropped  2 events: writing"));
	assert_non_null(strstr(err, "\n  unsaved  2 events, 2 task records, 2 probe records: writing failed"));
}

/* export's closing line counts the events it read with fmt_count() too:
 * a trace of one event is "1 event". */
/* A trace of one CPU and one event: task 100 (comm) switched in. */
static void write_one_event(const char *path, const char *cmdline, const char *comm)
{
	struct ss_trace_info in = { .ncpus = 1, .start_ns = S0, .root_pid = 100 };
	struct ss_trace_end end = { .stop_ns = S0 + 2000, .ncpus = 1 };
	char e[256];
	struct ss_writer *w;

	snprintf(in.machine, sizeof(in.machine), "x86_64");
	snprintf(in.cmdline, sizeof(in.cmdline), "%s", cmdline);
	w = ss_writer_open(path, &in, e, sizeof(e));
	assert_non_null(w);
	task(w, 100, SS_TASK_FIRST_SEEN, comm);
	ev_switch(w, 1000, 0, 0, SS_ST_RUNNING, 100);
	assert_int_equal(ss_writer_close(w, &end), 0);
}

static void test_export_counts(void **state)
{
	char one[80], js[80], want[200];

	(void)state;
	snprintf(one, sizeof(one), "%s/one.trace", dir);
	snprintf(js, sizeof(js), "%s/one.json", dir);
	write_one_event(one, "", "main");
	assert_int_equal(run(cmd_export, "export %s -f json -o %s", one, js), 0);
	snprintf(want, sizeof(want), "schedscope: wrote %s: 1 event, ", js);
	assert_non_null(strstr(err, want));
	unlink(js);
	unlink(one);
}

/* check's CPU line counts the CPUs with fmt_count(): a lesson recorded on
 * one CPU was "of 1 CPUs". */
static void test_check_one_cpu(void **state)
{
	char one[80];

	(void)state;
	snprintf(one, sizeof(one), "%s/fork1.trace", dir);
	write_one_event(one, "/b/build/scenarios/fork", "fork");
	run(cmd_check, "check %s", one);
	assert_non_null(strstr(out, " (of 1 CPU)\n"));
	unlink(one);
}

static int setup(void **state)
{
	(void)state;
	if (!mkdtemp(dir))
		return -1;
	snprintf(good, sizeof(good), "%s/good.trace", dir);
	snprintf(noflows, sizeof(noflows), "%s/noflows.trace", dir);
	snprintf(damaged, sizeof(damaged), "%s/damaged.trace", dir);
	snprintf(stacks, sizeof(stacks), "%s/stacks.trace", dir);
	snprintf(stolen, sizeof(stolen), "%s/stolen.trace", dir);
	write_good(good, 0, false);
	write_good(noflows, SS_TF_FLOWS, false);  /* counted, and nothing moved */
	write_good(stolen, 0, true);
	write_damaged(damaged);
	write_stacks(stacks);
	return 0;
}

static int teardown(void **state)
{
	const char *names[] = { "good.trace", "noflows.trace", "damaged.trace", "stacks.trace", "stolen.trace",
				"out", "err" };
	char path[400];

	(void)state;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		unlink(path);
	}
	return rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dump_cpu_outside_the_trace),
		cmocka_unit_test(test_dump_kinds),
		cmocka_unit_test(test_dump_stack_ids),
		cmocka_unit_test(test_pid_outside_the_trace),
		cmocka_unit_test(test_export_window_too_short),
		cmocka_unit_test(test_damaged_events),
		cmocka_unit_test(test_empty_tables),
		cmocka_unit_test(test_moments_one_form),
		cmocka_unit_test(test_steal_info_and_stats),
		cmocka_unit_test(test_summary_counts),
		cmocka_unit_test(test_export_counts),
		cmocka_unit_test(test_check_one_cpu),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
