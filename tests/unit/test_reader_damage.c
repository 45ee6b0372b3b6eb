/*
 * The reader on bytes in memory, and on damage that once went wrong: the
 * in-memory reader gives what the file reader gives and leaves the caller's
 * bytes alone; a chunk's count never sizes an allocation; an events chunk
 * cannot claim more events than its bytes hold; time never goes back on a
 * CPU. Damaged traces are built byte by byte (trace_bytes.h).
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
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tracefile/reader.h"
#include "tracefile/writer.h"
#include "tests/unit/trace_bytes.h"
#include "util/buf.h"

#define S0 TB_START_NS

#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif

static char dir[] = "/tmp/schedscope-unit-damage.XXXXXX";

/* A real trace (the writer's) of a few thousand events over 2 CPUs. */
static void write_trace(const char *path)
{
	struct ss_trace_info in = { .ncpus = 2, .start_ns = S0 };
	struct ss_trace_end *end = calloc(1, sizeof(*end));
	struct ss_task t = { .ts_ns = S0, .pid = 100, .tgid = 100, .ppid = 1, .comm = "worker",
			     .flags = SS_TASKF_IN_TREE };
	struct ss_writer *w;
	char err[256];

	w = ss_writer_open(path, &in, err, sizeof(err));
	assert_non_null(w);
	ss_writer_task(w, &t);
	for (unsigned i = 0; i < 20000; i++) {
		struct ss_event e = { .ts_ns = S0 + 1000ull * i, .cpu = (uint16_t)(i % 2), .pid = 100 };

		e.kind = i % 3 ? SS_SWITCH : SS_WAKING;
		if (e.kind == SS_SWITCH)
			e.sw.next_pid = i % 4 ? 100 : 0;
		else
			e.wake.wakee = 100 + i % 7;
		ss_writer_event(w, &e);
		if (i % 4000 == 3999)
			ss_writer_flush(w);
	}
	end->stop_ns = S0 + 1000ull * 20000;
	end->ncpus = 2;
	end->exit_status = -1;
	assert_int_equal(ss_writer_close(w, end), 0);
	free(end);
}

/* Every event into a new array (*n of them); the iterator's last answer in *rc. */
static struct ss_event *read_events(const struct ss_reader *r, size_t *n, int *rc)
{
	struct ss_iter *it = ss_iter_new(r);
	struct ss_event *v = calloc(r->nevents + 1, sizeof(*v));

	assert_non_null(it);
	assert_non_null(v);
	*n = 0;
	while ((*rc = ss_iter_next(it, &v[*n])) == 1)
		assert_true(++*n <= r->nevents);
	ss_iter_free(it);
	return v;
}

static void test_mem_reads_as_the_file(void **state)
{
	char path[256], err[256];
	struct ss_reader *f, *m;
	struct ss_event *ef, *em1, *em2;
	size_t nf, nm1, nm2, size;
	uint8_t *bytes = NULL, *copy;
	struct stat st;
	int fd, rc;

	(void)state;
	snprintf(path, sizeof(path), "%s/real.trace", dir);
	write_trace(path);
	fd = open(path, O_RDONLY);
	assert_true(fd >= 0 && fstat(fd, &st) == 0);
	size = (size_t)st.st_size;
	assert_true(size > 4 * 4096);   /* chunks span whole pages */
	/* page-aligned, as a mapping would be: the memory a page drop would wipe */
	assert_int_equal(posix_memalign((void **)&bytes, 4096, size), 0);
	copy = malloc(size);
	assert_int_equal(read(fd, bytes, size), (ssize_t)size);
	close(fd);
	memcpy(copy, bytes, size);

	f = ss_reader_open(path, 0, err, sizeof(err));
	m = ss_reader_open_mem(bytes, size, "in memory", 0, err, sizeof(err));
	assert_non_null(f);
	assert_non_null(m);
	assert_string_equal(m->path, "in memory");
	assert_true(m->complete);
	assert_int_equal(m->nevents, 20000);
	assert_int_equal(m->nchunks, f->nchunks);
	assert_memory_equal(&m->info, &f->info, sizeof(f->info));
	assert_int_equal(m->tasks.n, 1);
	assert_string_equal(ss_tasks_comm(&m->tasks, 100, S0), "worker");

	ef = read_events(f, &nf, &rc);
	assert_int_equal(rc, 0);
	em1 = read_events(m, &nm1, &rc);
	assert_int_equal(rc, 0);
	em2 = read_events(m, &nm2, &rc);   /* a second walk finds the same bytes */
	assert_int_equal(rc, 0);
	assert_int_equal(nf, 20000);
	assert_int_equal(nm1, nf);
	assert_int_equal(nm2, nf);
	assert_memory_equal(em1, ef, nf * sizeof(*ef));
	assert_memory_equal(em2, ef, nf * sizeof(*ef));
	assert_memory_equal(bytes, copy, size);

	ss_reader_close(m);
	ss_reader_close(f);
	free(ef);
	free(em1);
	free(em2);
	free(bytes);
	free(copy);
}

/* Opens b in a child limited to 1 GiB of address space and returns what the
 * child saw: "OK" or the reader's message. */
static void open_limited(const struct buf *b, char *msg, size_t size)
{
	int p[2];
	pid_t kid;
	ssize_t n;

	assert_int_equal(pipe(p), 0);
	kid = fork();
	assert_true(kid >= 0);
	if (kid == 0) {
		struct rlimit lim = { 1ul << 30, 1ul << 30 };
		char err[256] = "OK";
		struct ss_reader *r;

		close(p[0]);
		if (setrlimit(RLIMIT_AS, &lim))
			_exit(3);
		r = ss_reader_open_mem(b->p, b->len, "t", 0, err, sizeof(err));
		if (r)
			snprintf(err, sizeof(err), "OK");
		if (write(p[1], err, strlen(err)) < 0)
			_exit(4);
		_exit(0);
	}
	close(p[1]);
	n = read(p[0], msg, size - 1);
	msg[n > 0 ? n : 0] = 0;
	close(p[0]);
	assert_int_equal(waitpid(kid, NULL, 0), kid);
}

/* A 12-byte PROBES chunk (one probe, then nothing) that claims 2^32 - 1
 * probes once asked for 2^32 * 300 bytes before reading any: with 1 GiB of
 * address space that failed as "out of memory"; it is malformed, and said so. */
static void test_count_sizes_nothing(void **state)
{
	struct buf b = { 0 }, pl = { 0 };
	char msg[256];

	(void)state;
#ifdef UNDER_ASAN
	print_message("skipped: ASan reserves terabytes of address space, no limit can hold\n");
	skip();
#endif
	tb_header(&b, 2);
	buf_varint(&pl, 7);
	buf_str(&pl, "prov");
	buf_str(&pl, "name");
	buf_str(&pl, "");
	assert_int_equal(pl.len, 12);
	tb_chunk(&b, SS_CHUNK_PROBES, 0, UINT32_MAX, &pl);
	open_limited(&b, msg, sizeof(msg));
	assert_string_equal(msg, "t: damaged at offset 40: malformed chunk contents "
				 "(use --salvage to read what precedes it)");

	/* the same for FLOWS: a dropped count, then one flow of a pipe */
	b.len = 0;
	buf_reset(&pl);
	tb_header(&b, 2);
	buf_varint(&pl, 0);
	buf_varint(&pl, 100);
	buf_u8(&pl, 1);
	buf_varint(&pl, 3);
	buf_varint(&pl, 30);
	buf_u8(&pl, SS_CH_PIPE);
	buf_varint(&pl, 4242);
	buf_varint(&pl, 0);
	tb_chunk(&b, SS_CHUNK_FLOWS, 0, UINT32_MAX, &pl);
	open_limited(&b, msg, sizeof(msg));
	assert_string_equal(msg, "t: damaged at offset 40: malformed chunk contents "
				 "(use --salvage to read what precedes it)");
	buf_free(&b);
	buf_free(&pl);
}

/* An events chunk claims more events than its bytes can hold (each takes at
 * least 2): the chunk is damage, and salvage keeps the chunks before it. */
static void test_events_count_within_bytes(void **state)
{
	struct buf b = { 0 }, pl = { 0 };
	struct ss_reader *r;
	char err[256];
	size_t second;

	(void)state;
	tb_header(&b, 2);
	tb_exits(&pl, S0 + 10, 3, 5, 100);
	tb_chunk(&b, SS_CHUNK_EVENTS, 0, 3, &pl);
	second = b.len;
	tb_exits(&pl, S0 + 100, 3, 5, 100);    /* 7 + 3 * 4 = 19 bytes */
	assert_int_equal(pl.len, 19);
	tb_chunk(&b, SS_CHUNK_EVENTS, 1, 10, &pl);
	tb_end(&b, S0 + 1000000);

	r = ss_reader_open_mem(b.p, b.len, "t", 0, err, sizeof(err));
	assert_null(r);
	assert_non_null(strstr(err, "malformed chunk contents"));
	r = ss_reader_open_mem(b.p, b.len, "t", SS_READ_SALVAGE, err, sizeof(err));
	assert_non_null(r);
	assert_true(r->cut);
	assert_false(r->complete);
	assert_int_equal(r->cut_offset, second);
	assert_int_equal(r->nevents, 3);
	ss_reader_close(r);

	/* 9 events are the most those 19 bytes could hold: it opens, and the
	 * iterator finds the chunk short after its 3 */
	b.len = second;
	tb_chunk(&b, SS_CHUNK_EVENTS, 1, 9, &pl);
	tb_end(&b, S0 + 1000000);
	r = ss_reader_open_mem(b.p, b.len, "t", 0, err, sizeof(err));
	assert_non_null(r);
	assert_int_equal(r->nevents, 12);
	{
		size_t n;
		int rc;
		struct ss_event *v = read_events(r, &n, &rc);

		assert_int_equal(rc, -1);
		assert_int_equal(n, 6);
		free(v);
	}
	ss_reader_close(r);
	buf_free(&b);
	buf_free(&pl);
}

/* The second chunk of CPU 0 starts before the first one ended: the
 * iterator stops there with an error instead of handing out time going back. */
static void test_time_never_goes_back(void **state)
{
	struct buf b = { 0 }, pl = { 0 };
	struct ss_reader *r;
	struct ss_iter *it;
	struct ss_event ev;
	char err[256];

	(void)state;
	tb_header(&b, 1);
	tb_exits(&pl, S0 + 2000, 2, 10, 100);   /* 2000, 2010 */
	tb_chunk(&b, SS_CHUNK_EVENTS, 0, 2, &pl);
	tb_exits(&pl, S0 + 1000, 2, 10, 100);   /* 1000: back in time */
	tb_chunk(&b, SS_CHUNK_EVENTS, 0, 2, &pl);
	tb_end(&b, S0 + 1000000);
	r = ss_reader_open_mem(b.p, b.len, "t", 0, err, sizeof(err));
	assert_non_null(r);
	it = ss_iter_new(r);
	assert_non_null(it);
	assert_int_equal(ss_iter_next(it, &ev), 1);
	assert_int_equal(ev.ts_ns, S0 + 2000);
	assert_int_equal(ss_iter_next(it, &ev), 1);
	assert_int_equal(ev.ts_ns, S0 + 2010);
	assert_int_equal(ss_iter_next(it, &ev), -1);
	assert_string_equal(ss_iter_error(it), "an events chunk of CPU 0 goes back in time");
	ss_iter_free(it);
	ss_reader_close(r);
	buf_free(&b);
	buf_free(&pl);
}

static int setup(void **state)
{
	(void)state;
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	char path[300];

	(void)state;
	snprintf(path, sizeof(path), "%s/real.trace", dir);
	unlink(path);
	return rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mem_reads_as_the_file),
		cmocka_unit_test(test_count_sizes_nothing),
		cmocka_unit_test(test_events_count_within_bytes),
		cmocka_unit_test(test_time_never_goes_back),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
