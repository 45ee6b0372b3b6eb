/*
 * The trace file format: exact round trip (kernel stacks and the waits that
 * name them included), files cut short at every byte of their last chunk,
 * and damage anywhere; the version is 1 unless kernel stacks are taken, and
 * a version this reader does not know is refused by name.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "tracefile/reader.h"
#include "tracefile/writer.h"
#include "util/buf.h"

#define NCPUS 3
#define NEVENTS 3000

static char dir[] = "/tmp/schedscope-unit.XXXXXX";
static struct ss_event expect[NEVENTS];
static size_t nexpect;

static void info_fill(struct ss_trace_info *in)
{
	memset(in, 0, sizeof(*in));
	in->version = SS_FILE_VERSION;
	in->ncpus = NCPUS;
	in->clock_id = CLOCK_BOOTTIME;
	in->start_ns = 5000000000ull;
	in->start_wall_ns = 1700000000123456789ull;
	in->flags = SS_TF_STACKS | SS_TF_KSTACKS;
	in->root_pid = 4242;
	strcpy(in->sysname, "Linux");
	strcpy(in->release, "6.18.44-test");
	strcpy(in->kversion, "#1 SMP PREEMPT_DYNAMIC");
	strcpy(in->machine, "x86_64");
	strcpy(in->hostname, "unit-host");
	strcpy(in->cmdline, "sh -c 'sleep 0.1 & wait'");
}

/* A syscall with a channel of every kind in turn, and now and then withheld. */
static void sys_fill(struct ss_sys *s, size_t i)
{
	memset(s, 0, sizeof(*s));
	s->nr = (int32_t)(i % 300);
	s->fd = i % 5 == 0 ? -1 : (int32_t)(i % 40);
	s->args[0] = i % 7 == 0 ? 4000 + i : 0;
	s->args[1] = i % 3 == 0 ? 128 : 0;
	s->args[2] = i % 2 ? i * 3 : 0;
	s->kstack = i % 6 == 5 ? (uint32_t)(i % 2 + 1) : 0;   /* one of the two kstacks[] */
	s->chan.kind = (uint8_t)(i % SS_CH_KIND_MAX);
	if (s->chan.kind != SS_CH_NONE) {
		s->chan.ino = 80000 + i;
		s->chan.peer = i % 2 ? 90000 + i : 0;
		s->chan.flags = (uint8_t)(i % 4);
		if (s->chan.kind == SS_CH_TCP || s->chan.kind == SS_CH_UDP) {
			s->chan.laddr = 0x0100007f;
			s->chan.raddr = (uint32_t)(0x0200007f + i);
			s->chan.lport = (uint16_t)(5000 + i);
			s->chan.rport = (uint16_t)(i % 3 ? 40000 + i : 0);
		}
	}
	if (i % 9 == 4) {
		/* another user's call under sudo: the number and the mark only
		 * (tracer/decoder.c), blocks 67, 193... and wakers 166, 292... */
		memset(s, 0, sizeof(*s));
		s->nr = (int32_t)(i % 300);
		s->fd = -1;
		s->chan.flags = SS_CHF_WITHHELD;
	}
	ss_chan_canon(&s->chan);
}

/* Every kind, with chained and explicit forms; time order across CPUs with
 * ties broken by CPU, which is the order the reader must give back. */
static void make_events(void)
{
	uint32_t cur[NCPUS] = { 0, 0, 0 };
	uint64_t ts = 5000001000ull;

	nexpect = 0;
	for (size_t i = 0; i < NEVENTS; i++) {
		struct ss_event *e = &expect[nexpect++];
		unsigned c = (unsigned)(i % NCPUS);

		memset(e, 0, sizeof(*e));
		ts += (i % 7 == 0) ? 0 : 1 + (i * 7919) % 100000;   /* some equal stamps */
		e->ts_ns = ts;
		e->cpu = (uint16_t)c;
		switch (i % 14) {
		case 0: case 1: case 2: case 3:
			e->kind = SS_SWITCH;
			e->pid = (i % 13 == 0) ? 999 : cur[c];      /* sometimes not the chain's */
			e->sw.next_pid = (i % 5 == 0) ? 0 : 4242 + (uint32_t)(i % 9);
			e->sw.prev_state = (uint16_t)ss_state_from_index((int)(i % 10));
			e->sw.prev_prio = (i % 17 == 0) ? 99 : 120;
			e->sw.next_prio = 120;
			cur[c] = e->sw.next_pid;
			break;
		case 4: case 5:
			e->kind = i % 2 ? SS_WAKING : SS_WAKEUP_NEW;
			e->pid = (i % 3 == 0) ? 77 : cur[c];
			e->wake.wakee = 5000 + (uint32_t)i;
			e->wake.target_cpu = (i % 4 == 0) ? (c + 1) % NCPUS : c;
			break;
		case 6:
			e->kind = SS_FORK;
			e->pid = 4242;
			e->fork.child = 6000 + (uint32_t)i;
			e->fork.flags = i % 2 ? SS_FORK_IS_THREAD : 0;
			break;
		case 7:
			e->kind = i % 2 ? SS_EXEC : SS_EXIT;
			e->pid = 6000 + (uint32_t)i;
			if (e->kind == SS_EXEC)
				e->exec.old_pid = 6001 + (uint32_t)i;
			else
				e->exit.code = (int32_t)((i % 256) << 8 | (i % 3 == 0 ? 9 : 0));
			break;
		case 8:
			e->kind = SS_MIGRATE;
			e->pid = 4243;
			e->mig.orig_cpu = c;
			e->mig.dest_cpu = (c + 1) % NCPUS;
			break;
		case 9:
			e->kind = SS_MARKER;
			e->pid = 4244;
			e->marker.probe = (uint32_t)(i % 4);
			e->marker.nargs = (uint32_t)(i % 5);
			for (uint32_t k = 0; k < e->marker.nargs; k++)
				e->marker.args[k] = (int64_t)(k % 2 ? -1 : 1) * (int64_t)(i * 1000003ull + k);
			break;
		case 10:
			e->kind = SS_LOST;
			e->lost.count = i;
			cur[c] = 0;   /* after a loss the chain is unknown: next switch names prev */
			break;
		case 11:
			e->kind = SS_BLOCK;
			e->pid = (i % 3 == 0) ? 4250 : cur[c];
			sys_fill(&e->block, i);
			break;
		case 12:
			e->kind = SS_WAKER;
			e->pid = (i % 3 == 0) ? 4251 : cur[c];
			e->waker.wakee = 4252;
			e->waker.cause = i % 4 == 0 ? SS_WC_EXIT : SS_WC_SYSCALL;
			if (i % 5 == 0) {          /* an interrupt context: no task woke it */
				e->pid = 0;
				e->waker.cause = (uint16_t)(SS_WC_HARDIRQ + i % 3);
				e->waker.ctx_id = (uint16_t)(i % 300);
			}
			if (e->waker.cause == SS_WC_SYSCALL)
				sys_fill(&e->waker.sys, i);
			else
				e->waker.sys.fd = -1;
			break;
		default:
			e->kind = SS_SIGNAL;
			e->pid = 4242;
			e->signal.target = 4243;
			e->signal.sig = 15;
			e->signal.code = -6;
			e->signal.result = (int32_t)(i % 3);
			e->signal.dir = (uint32_t)(i % 2);
			break;
		}
	}
}

static const struct ss_task tasks[] = {
	{ .ts_ns = 5000000500ull, .pid = 4242, .tgid = 4242, .ppid = 1, .origin = SS_TASK_FIRST_SEEN,
	  .flags = SS_TASKF_IN_TREE, .comm = "sh", .path = "" },
	{ .ts_ns = 5000000600ull, .pid = 4243, .tgid = 4242, .ppid = 1, .origin = SS_TASK_FORKED,
	  .flags = SS_TASKF_IN_TREE, .comm = "worker", .path = "" },
	{ .ts_ns = 5000000700ull, .pid = 4242, .tgid = 4242, .ppid = 1, .origin = SS_TASK_EXECED,
	  .flags = SS_TASKF_IN_TREE, .comm = "sleep", .path = "/usr/bin/sleep" },
	{ .ts_ns = 5000000800ull, .pid = 77, .tgid = 77, .ppid = 2, .origin = SS_TASK_FIRST_SEEN,
	  .flags = 0, .comm = "ksoftirqd/0", .path = "" },
};

/* Kernel stacks as the recorder names them; a name of SS_KSYM_MAX - 1 bytes. */
static struct ss_kstack kstacks[2] = {
	{ .id = 1, .n = 5, .fn = { "bpf_trace_run4", "__schedule", "schedule", "io_schedule", "filemap_fault" } },
	{ .id = 2, .n = 2, .fn = { "?", "a_function_name_of_sixty_three_bytes_xxxxxxxxxxxxxxxxxxxxxxxxxx" } },
};

/* Writes the test trace; with_end false leaves the file as a crash would. */
/* What the host took, as the recorder samples it: times, and per CPU the ns
 * since the first sample (a row for each of the 3 samples). */
static const uint64_t steal_ts[3] = { 1000, 101000, 5000000000ull };
static const uint64_t steal_cum[3 * NCPUS] = { 0, 0, 0, 10000000, 0, 20000000, 10000000, 300000000, 20000000 };

static void write_trace(const char *path, bool with_end)
{
	struct ss_trace_info in;
	struct ss_trace_end *end = calloc(1, sizeof(*end));
	struct ss_writer *w;
	char err[256];

	info_fill(&in);
	w = ss_writer_open(path, &in, err, sizeof(err));
	assert_non_null(w);
	for (size_t i = 0; i < sizeof(tasks) / sizeof(tasks[0]); i++)
		ss_writer_task(w, &tasks[i]);
	for (uint32_t p = 0; p < 4; p++) {
		struct ss_probe pr = { .id = p };

		snprintf(pr.provider, sizeof(pr.provider), "schedscope");
		snprintf(pr.name, sizeof(pr.name), "probe_%u", p);
		snprintf(pr.binary, sizeof(pr.binary), "/bin/scenario");
		ss_writer_probe(w, &pr);
	}
	for (size_t i = 0; i < 2; i++)
		ss_writer_kstack(w, &kstacks[i]);
	for (size_t i = 0; i < nexpect; i++) {
		ss_writer_event(w, &expect[i]);
		if (i % 1000 == 999)
			ss_writer_flush(w);      /* several chunks per CPU */
	}
	if (with_end) {               /* flows are written at the end, as the recorder does */
		struct ss_flow f[3];

		for (int k = 0; k < 3; k++) {
			memset(&f[k], 0, sizeof(f[k]));
			f[k].tid = 4242 + (uint32_t)k;
			f[k].dir = (uint8_t)(k & 1);
			f[k].calls = 10u + (uint64_t)k;
			f[k].bytes = 1000u * (uint64_t)k;
			struct ss_sys tmp;
			sys_fill(&tmp, (size_t)(3 + k));   /* kinds 3 (tcp), 4 (udp), 5 */
			f[k].chan = tmp.chan;
		}
		ss_writer_flows(w, f, 3, 2);
		ss_writer_steal(w, NCPUS, steal_ts, steal_cum, 3);
	}
	end->stop_ns = expect[nexpect - 1].ts_ns + 1;
	end->events = nexpect;
	end->lost_total = 3;
	end->lost[1] = 3;
	end->missed = 2;
	end->exit_status = 7 << 8;
	end->ncpus = NCPUS;
	assert_int_equal(ss_writer_close(w, with_end ? end : NULL), 0);
	free(end);
}

static void path_in_dir(char *buf, size_t n, const char *name)
{
	snprintf(buf, n, "%s/%s", dir, name);
}

/* The events the reader gives back, compared field by field with expect[]. */
static size_t read_all(struct ss_reader *r, bool compare)
{
	struct ss_iter *it = ss_iter_new(r);
	struct ss_event ev;
	size_t n = 0;
	int rc;

	assert_non_null(it);
	while ((rc = ss_iter_next(it, &ev)) == 1) {
		if (compare) {
			assert_true(n < nexpect);
			assert_memory_equal(&ev, &expect[n], sizeof(ev));
		}
		n++;
	}
	assert_int_equal(rc, 0);
	ss_iter_free(it);
	return n;
}

/* expect[] in the reader's order: by time, ties by CPU (stable within a CPU). */
static int by_time_cpu(const void *a, const void *b)
{
	const struct ss_event *x = a, *y = b;

	if (x->ts_ns != y->ts_ns)
		return x->ts_ns < y->ts_ns ? -1 : 1;
	if (x->cpu != y->cpu)
		return x->cpu < y->cpu ? -1 : 1;
	return 0;
}

static void test_round_trip(void **state)
{
	char path[256], err[256];
	struct ss_trace_info in;
	struct ss_reader *r;

	(void)state;
	path_in_dir(path, sizeof(path), "rt.trace");
	write_trace(path, true);
	r = ss_reader_open(path, 0, err, sizeof(err));
	assert_non_null(r);
	info_fill(&in);
	assert_memory_equal(&r->info, &in, sizeof(in));
	assert_true(r->complete);
	assert_false(r->cut);
	assert_int_equal(r->nevents, nexpect);
	assert_int_equal(r->tasks.n, 4);
	for (size_t i = 0; i < 4; i++) {
		struct ss_task t = tasks[i];

		t.prev = r->tasks.v[i].prev;
		assert_memory_equal(&r->tasks.v[i], &t, sizeof(t));
	}
	assert_string_equal(ss_tasks_comm(&r->tasks, 4242, 5000000650ull), "sh");
	assert_string_equal(ss_tasks_comm(&r->tasks, 4242, 5000000700ull), "sleep");
	assert_int_equal(r->nprobes, 4);
	assert_string_equal(ss_reader_probe(r, 2)->name, "probe_2");
	assert_int_equal(r->stacks.nk, 2);
	assert_int_equal(strlen(kstacks[1].fn[1]), SS_KSYM_MAX - 1);
	for (uint32_t k = 1; k <= 2; k++)
		assert_memory_equal(ss_stacks_kfind(&r->stacks, k), &kstacks[k - 1], sizeof(kstacks[0]));
	assert_non_null(r->end);
	assert_int_equal(r->end->exit_status, 7 << 8);
	assert_int_equal(r->end->lost[1], 3);
	assert_int_equal(r->end->missed, 2);
	assert_int_equal(r->nflows, 3);
	assert_int_equal(r->flows_dropped, 2);
	for (int k = 0; k < 3; k++) {
		struct ss_sys tmp;

		sys_fill(&tmp, (size_t)(3 + k));
		assert_int_equal(r->flows[k].tid, 4242 + k);
		assert_int_equal(r->flows[k].dir, k & 1);
		assert_int_equal(r->flows[k].calls, 10 + k);
		assert_int_equal(r->flows[k].bytes, 1000 * k);
		assert_memory_equal(&r->flows[k].chan, &tmp.chan, sizeof(tmp.chan));
	}
	assert_int_equal(r->nsteal, 3);
	assert_memory_equal(r->steal_ts, steal_ts, sizeof(steal_ts));
	assert_memory_equal(r->steal_cum, steal_cum, sizeof(steal_cum));
	qsort(expect, nexpect, sizeof(expect[0]), by_time_cpu);
	assert_int_equal(read_all(r, true), nexpect);
	ss_reader_close(r);
	make_events();
}

static off_t file_size(const char *path)
{
	struct stat st;

	assert_int_equal(stat(path, &st), 0);
	return st.st_size;
}

static void copy_prefix(const char *from, const char *to, off_t len)
{
	int in = open(from, O_RDONLY), out = open(to, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	char *buf = malloc((size_t)len + 1);

	assert_true(in >= 0 && out >= 0 && buf);
	assert_int_equal(read(in, buf, (size_t)len), len);
	assert_int_equal(write(out, buf, (size_t)len), len);
	free(buf);
	close(in);
	close(out);
}

/* Offset and event count of the last chunk, found by walking the headers. */
static void last_chunk(const char *path, off_t *off, uint32_t *count)
{
	FILE *f = fopen(path, "rb");
	unsigned char h[24];
	uint32_t hlen;

	assert_non_null(f);
	assert_int_equal(fseek(f, 12, SEEK_SET), 0);
	assert_int_equal(fread(&hlen, 4, 1, f), 1);
	*off = hlen;
	for (;;) {
		off_t at = *off;
		uint32_t len;

		assert_int_equal(fseek(f, at, SEEK_SET), 0);
		assert_int_equal(fread(h, 1, 24, f), 24);
		memcpy(&len, h + 8, 4);
		memcpy(count, h + 12, 4);
		if (at + 24 + (off_t)len >= file_size(path))
			break;
		*off = at + 24 + len;
	}
	fclose(f);
}

static void test_cut_at_every_byte_of_last_chunk(void **state)
{
	char full[256], cut[256], err[256];
	off_t off, size;
	uint32_t count;

	(void)state;
	path_in_dir(full, sizeof(full), "crash.trace");
	path_in_dir(cut, sizeof(cut), "cut.trace");
	write_trace(full, false);                 /* no END: the last chunk holds events */
	size = file_size(full);
	last_chunk(full, &off, &count);
	assert_true(count > 0);
	for (off_t len = off; len < size; len++) {
		struct ss_reader *r;

		copy_prefix(full, cut, len);
		r = ss_reader_open(cut, 0, err, sizeof(err));
		assert_non_null(r);
		assert_true(r->cut);
		assert_false(r->complete);
		assert_int_equal(r->nevents, nexpect - count);
		assert_int_equal(read_all(r, false), nexpect - count);
		if (len > off)
			assert_non_null(strstr(r->cut_reason, "ends inside a chunk"));
		ss_reader_close(r);
	}
	/* the whole file, no END: complete chunks, but the recording did not finish */
	{
		struct ss_reader *r = ss_reader_open(full, 0, err, sizeof(err));

		assert_non_null(r);
		assert_true(r->cut);
		assert_int_equal(r->nevents, nexpect);
		assert_non_null(strstr(r->cut_reason, "no end record"));
		ss_reader_close(r);
	}
}

static void test_flipped_bytes(void **state)
{
	char full[256], bad[256], err[256];
	off_t size;
	unsigned char *buf;
	FILE *f;

	(void)state;
	path_in_dir(full, sizeof(full), "ok.trace");
	path_in_dir(bad, sizeof(bad), "bad.trace");
	nexpect = 200;                /* small: every byte is flipped, three ways */
	write_trace(full, true);
	size = file_size(full);
	buf = malloc((size_t)size);
	f = fopen(full, "rb");
	assert_int_equal(fread(buf, 1, (size_t)size, f), (size_t)size);
	fclose(f);
	for (off_t i = 0; i < size; i++) {
		static const unsigned char flips[] = { 0x01, 0x80, 0xff };

		for (size_t k = 0; k < sizeof(flips); k++) {
			struct ss_reader *r;

			buf[i] ^= flips[k];
			f = fopen(bad, "wb");
			assert_int_equal(fwrite(buf, 1, (size_t)size, f), (size_t)size);
			fclose(f);
			err[0] = 0;
			r = ss_reader_open(bad, 0, err, sizeof(err));
			/* every byte is under a checksum, a magic or a version check */
			if (r)
				fail_msg("flip 0x%02x at offset %lld went unnoticed", flips[k], (long long)i);
			assert_true(strlen(err) > 10);
			/* salvage never crashes, and keeps only what precedes the damage */
			r = ss_reader_open(bad, SS_READ_SALVAGE, err, sizeof(err));
			if (r) {
				assert_true(read_all(r, false) <= nexpect);
				ss_reader_close(r);
			}
			buf[i] ^= flips[k];
		}
	}
	free(buf);
	make_events();
}

static void test_clear_errors(void **state)
{
	char path[256], err[256];
	FILE *f;

	(void)state;
	assert_null(ss_reader_open("/nonexistent/x.trace", 0, err, sizeof(err)));
	assert_non_null(strstr(err, "No such file"));

	path_in_dir(path, sizeof(path), "text.trace");
	f = fopen(path, "w");
	fputs("hello, I am not a trace\n", f);
	fclose(f);
	assert_null(ss_reader_open(path, 0, err, sizeof(err)));
	assert_non_null(strstr(err, "not a schedscope trace"));

	f = fopen(path, "w");
	fwrite("SCHEDSCP\x03\x00\x00\x00\x20\x00\x00\x00", 1, 16, f);
	fclose(f);
	assert_null(ss_reader_open(path, 0, err, sizeof(err)));
	assert_non_null(strstr(err, "version 3 is not supported"));
	assert_non_null(strstr(err, "reads versions 1 to 2"));

	f = fopen(path, "w");
	fclose(f);
	assert_null(ss_reader_open(path, 0, err, sizeof(err)));
	assert_non_null(strstr(err, "empty file"));
}

static uint32_t file_version(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint32_t v = 0;

	assert_non_null(f);
	assert_int_equal(fseek(f, 8, SEEK_SET), 0);
	assert_int_equal(fread(&v, 4, 1, f), 1);
	fclose(f);
	return v;
}

/* Version 2 only where kernel stacks are: a file without them stays
 * readable by a reader of version 1. Both read back. */
static void test_version_follows_kstacks(void **state)
{
	char path[256], err[256];
	struct ss_trace_info in;
	struct ss_reader *r;
	struct ss_writer *w;

	(void)state;
	path_in_dir(path, sizeof(path), "v.trace");
	for (int with = 0; with < 2; with++) {
		info_fill(&in);
		in.flags = with ? SS_TF_KSTACKS : SS_TF_STACKS;
		w = ss_writer_open(path, &in, err, sizeof(err));
		assert_non_null(w);
		assert_int_equal(ss_writer_close(w, NULL), 0);
		assert_int_equal(file_version(path), with ? 2 : 1);
		r = ss_reader_open(path, 0, err, sizeof(err));
		assert_non_null(r);
		assert_int_equal(r->info.version, with ? 2 : 1);
		ss_reader_close(r);
	}
}

/* Memory that runs out in the writer (util/buf.h's seam): armed, the next
 * growth at or above fail_from fails, once. */
static int fail_armed;
static size_t fail_from;

static bool grow_fails(size_t cap)
{
	if (!fail_armed || cap < fail_from)
		return false;
	fail_armed = 0;
	return true;
}

/* A buffer that could not grow leaves its chunk out, counted, and the file
 * stays well-formed: no chunk with a count and a short payload, and the
 * buffers after it work again. Here the first task chunk and one events
 * chunk are left out. */
static void test_memory_runs_out(void **state)
{
	char path[256], err[256];
	struct ss_trace_info in;
	struct ss_trace_end end = { .ncpus = NCPUS };
	struct ss_writer_stats st;
	struct ss_reader *r;
	struct ss_writer *w;
	struct ss_iter *it;
	struct ss_event ev;
	uint64_t n = 0;
	int rc;

	(void)state;
	path_in_dir(path, sizeof(path), "oom.trace");
	info_fill(&in);
	w = ss_writer_open(path, &in, err, sizeof(err));
	assert_non_null(w);
	buf_grow_fails = grow_fails;
	fail_armed = 1, fail_from = 0;          /* the tasks buffer's first growth */
	ss_writer_task(w, &tasks[0]);
	ss_writer_task(w, &tasks[1]);
	assert_int_equal(fail_armed, 0);
	fail_armed = 1, fail_from = 4096;       /* an events buffer past 4 KiB */
	for (size_t i = 0; i < nexpect; i++)
		ss_writer_event(w, &expect[i]);
	assert_int_equal(fail_armed, 0);
	ss_writer_task(w, &tasks[2]);           /* after the failure, a buffer grows again */
	buf_grow_fails = NULL;
	assert_int_equal(ss_writer_finish(w, &end, &st), 0);

	assert_int_equal(st.oom_chunks, 2);
	assert_true(st.oom_events > 0 && st.oom_events < nexpect);
	assert_int_equal(st.dropped_events, 0);
	assert_int_equal(st.events, nexpect);
	assert_int_equal(st.file_events, nexpect - st.oom_events);
	assert_int_equal(st.tasks, 3);
	assert_int_equal(st.file_tasks, 1);

	r = ss_reader_open(path, 0, err, sizeof(err));
	assert_non_null(r);
	assert_true(r->complete);
	assert_false(r->cut);
	assert_int_equal(r->nevents, st.file_events);
	assert_int_equal(r->end->events, st.file_events);
	assert_int_equal(r->tasks.n, 1);
	assert_int_equal(r->tasks.v[0].pid, tasks[2].pid);
	it = ss_iter_new(r);
	assert_non_null(it);
	while ((rc = ss_iter_next(it, &ev)) == 1)
		n++;
	assert_int_equal(rc, 0);
	assert_int_equal(n, st.file_events);
	ss_iter_free(it);
	ss_reader_close(r);
}

static int setup(void **state)
{
	(void)state;
	if (!mkdtemp(dir))
		return -1;
	make_events();
	return 0;
}

static int teardown(void **state)
{
	char cmd[300];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_cut_at_every_byte_of_last_chunk),
		cmocka_unit_test(test_flipped_bytes),
		cmocka_unit_test(test_clear_errors),
		cmocka_unit_test(test_version_follows_kstacks),
		cmocka_unit_test(test_memory_runs_out),
	};

	return cmocka_run_group_tests_name("tracefile", tests, setup, teardown);
}
