#include "tracefile/reader.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "tracefile/codec.h"
#include "util/buf.h"
#include "util/vec.h"

static uint32_t crc(const void *p, size_t n)
{
	return (uint32_t)crc32(0, p, (uInt)n);
}

static void copy_str(char *dst, size_t size, const uint8_t *p, size_t n)
{
	size_t k = n < size - 1 ? n : size - 1;

	memcpy(dst, p, k);
	dst[k] = 0;
}

static int parse_header(struct ss_reader *r, const uint8_t *p, size_t len)
{
	struct ss_trace_info *in = &r->info;
	size_t off = SS_FILE_HDR_FIXED;

	while (off + 4 <= len) {
		uint16_t key = le16(p + off), n = le16(p + off + 2);
		const uint8_t *v = p + off + 4;

		if (off + 4 + n > len)
			return -1;
		switch (key) {
		case SS_HK_NCPUS: if (n == 4) in->ncpus = le32(v); break;
		case SS_HK_CLOCK: if (n == 4) in->clock_id = le32(v); break;
		case SS_HK_START_NS: if (n == 8) in->start_ns = le64(v); break;
		case SS_HK_START_WALL_NS: if (n == 8) in->start_wall_ns = le64(v); break;
		case SS_HK_SYSNAME: copy_str(in->sysname, sizeof(in->sysname), v, n); break;
		case SS_HK_RELEASE: copy_str(in->release, sizeof(in->release), v, n); break;
		case SS_HK_KVERSION: copy_str(in->kversion, sizeof(in->kversion), v, n); break;
		case SS_HK_MACHINE: copy_str(in->machine, sizeof(in->machine), v, n); break;
		case SS_HK_HOSTNAME: copy_str(in->hostname, sizeof(in->hostname), v, n); break;
		case SS_HK_CMDLINE: copy_str(in->cmdline, sizeof(in->cmdline), v, n); break;
		case SS_HK_FLAGS: if (n == 4) in->flags = le32(v); break;
		case SS_HK_ROOT_PID: if (n == 4) in->root_pid = le32(v); break;
		default: break;   /* a newer writer's field */
		}
		off += 4 + n;
	}
	return off == len && in->ncpus > 0 && in->ncpus <= SS_MAX_CPUS ? 0 : -1;
}

static int parse_tasks(struct ss_reader *r, const uint8_t *p, uint32_t len, uint32_t count)
{
	struct cursor c = { p, p + len, false };

	for (uint32_t i = 0; i < count; i++) {
		struct ss_task t = { 0 };

		t.ts_ns = cur_varint(&c);
		t.pid = (uint32_t)cur_varint(&c);
		t.tgid = (uint32_t)cur_varint(&c);
		t.ppid = (uint32_t)cur_varint(&c);
		t.origin = cur_u8(&c);
		t.flags = cur_u8(&c);
		cur_str(&c, t.comm, sizeof(t.comm));
		cur_str(&c, t.path, sizeof(t.path));
		if (c.bad || ss_tasks_add(&r->tasks, &t) < 0)
			return -1;
	}
	return c.p == c.end ? 0 : -1;
}

static int parse_probes(struct ss_reader *r, const uint8_t *p, uint32_t len, uint32_t count)
{
	struct cursor c = { p, p + len, false };
	struct ss_probe *v = realloc(r->probes, (r->nprobes + count) * sizeof(*v));

	if (!v)
		return -1;
	r->probes = v;
	for (uint32_t i = 0; i < count; i++) {
		struct ss_probe *pr = &r->probes[r->nprobes];

		pr->id = (uint32_t)cur_varint(&c);
		cur_str(&c, pr->provider, sizeof(pr->provider));
		cur_str(&c, pr->name, sizeof(pr->name));
		cur_str(&c, pr->binary, sizeof(pr->binary));
		if (c.bad)
			return -1;
		r->nprobes++;
	}
	return c.p == c.end ? 0 : -1;
}

static int parse_flows(struct ss_reader *r, const uint8_t *p, uint32_t len, uint32_t count)
{
	struct cursor c = { p, p + len, false };
	struct ss_flow *v = realloc(r->flows, (r->nflows + count) * sizeof(*v));

	if (!v && count)
		return -1;
	r->flows = v;
	r->flows_dropped += cur_varint(&c);
	for (uint32_t i = 0; i < count && !c.bad; i++) {
		struct ss_flow *f = &r->flows[r->nflows];

		memset(f, 0, sizeof(*f));
		f->tid = (uint32_t)cur_varint(&c);
		f->dir = cur_u8(&c);
		f->calls = cur_varint(&c);
		f->bytes = cur_varint(&c);
		ss_dec_chan(&c, &f->chan);
		if (!c.bad)
			r->nflows++;
	}
	return !c.bad && c.p == c.end ? 0 : -1;
}

static int parse_end(struct ss_reader *r, const uint8_t *p, uint32_t len)
{
	struct cursor c = { p, p + len, false };
	struct ss_trace_end *e = calloc(1, sizeof(*e));

	if (!e)
		return -1;
	e->stop_ns = cur_varint(&c);
	e->events = cur_varint(&c);
	e->lost_total = cur_varint(&c);
	e->missed = cur_varint(&c);
	e->exit_status = (int32_t)cur_svarint(&c);
	e->ncpus = (uint32_t)cur_varint(&c);
	if (e->ncpus > SS_MAX_CPUS)
		c.bad = true;
	for (uint32_t i = 0; i < e->ncpus && !c.bad; i++)
		e->lost[i] = cur_varint(&c);
	if (c.bad || c.p != c.end) {
		free(e);
		return -1;
	}
	free(r->end);
	r->end = e;
	return 0;
}

static int add_chunk(struct ss_reader *r, uint64_t off, uint32_t len, uint32_t count, uint16_t cpu)
{
	if (!vec_grow((void **)&r->chunks, &r->chunks_cap, r->nchunks + 1, sizeof(*r->chunks)))
		return -1;
	r->chunks[r->nchunks++] = (struct ss_chunk_ref){ off, len, count, cpu };
	r->nevents += count;
	return 0;
}

/* Where the scan stopped early: either a cut (expected after a crash) or damage. */
static int stop_scan(struct ss_reader *r, unsigned flags, bool damage, uint64_t off,
		     const char *why, char *err, size_t errlen)
{
	if (damage && !(flags & SS_READ_SALVAGE)) {
		snprintf(err, errlen, "%s: damaged at offset %llu: %s (use --salvage to read what precedes it)",
			 r->path, (unsigned long long)off, why);
		return -1;
	}
	r->cut = true;
	r->cut_offset = off;
	snprintf(r->cut_reason, sizeof(r->cut_reason), "%s at offset %llu; %llu bytes after it dropped",
		 why, (unsigned long long)off, (unsigned long long)(r->size - off));
	return 0;
}

/* Checking a chunk's checksum maps in its pages; give them back, or opening
 * a large trace would make it resident whole (events are decoded later, a
 * chunk at a time). The page cache keeps them for the next read. */
static void forget(const struct ss_reader *r, uint64_t off, uint32_t len)
{
	uint64_t page = 4096, lo = (off + page - 1) & ~(page - 1), hi = (off + len) & ~(page - 1);

	if (hi > lo)
		madvise((void *)(r->map + lo), hi - lo, MADV_DONTNEED);
}

static int scan_chunks(struct ss_reader *r, uint64_t off, unsigned flags, char *err, size_t errlen)
{
	const uint8_t *m = r->map;

	while (off < r->size) {
		const uint8_t *h = m + off;
		uint32_t len, count;
		uint16_t cpu;
		uint8_t type;
		int bad = 0;

		if (r->size - off < SS_CHUNK_HDR_LEN)
			return stop_scan(r, flags, false, off, "the file ends inside a chunk header", err, errlen);
		if (memcmp(h, SS_CHUNK_MAGIC, 4) != 0)
			return stop_scan(r, flags, true, off, "no chunk starts here", err, errlen);
		if (crc(h, 20) != le32(h + 20))
			return stop_scan(r, flags, true, off, "chunk header checksum mismatch", err, errlen);
		type = h[4];
		cpu = le16(h + 6);
		len = le32(h + 8);
		count = le32(h + 12);
		if (len > SS_CHUNK_MAX_PAYLOAD)
			return stop_scan(r, flags, true, off, "chunk larger than allowed", err, errlen);
		if (r->size - off - SS_CHUNK_HDR_LEN < len)
			return stop_scan(r, flags, false, off, "the file ends inside a chunk", err, errlen);
		if (crc(h + SS_CHUNK_HDR_LEN, len) != le32(h + 16))
			return stop_scan(r, flags, true, off, "chunk payload checksum mismatch", err, errlen);
		forget(r, off + SS_CHUNK_HDR_LEN, len);

		switch (type) {
		case SS_CHUNK_TASKS:
			bad = parse_tasks(r, h + SS_CHUNK_HDR_LEN, len, count);
			break;
		case SS_CHUNK_PROBES:
			bad = parse_probes(r, h + SS_CHUNK_HDR_LEN, len, count);
			break;
		case SS_CHUNK_EVENTS:
			bad = cpu >= r->info.ncpus ||
			      add_chunk(r, off + SS_CHUNK_HDR_LEN, len, count, cpu);
			break;
		case SS_CHUNK_END:
			bad = parse_end(r, h + SS_CHUNK_HDR_LEN, len);
			break;
		case SS_CHUNK_FLOWS:
			bad = parse_flows(r, h + SS_CHUNK_HDR_LEN, len, count);
			break;
		default:
			break;   /* a newer writer's chunk type: skip it */
		}
		if (bad)
			return stop_scan(r, flags, true, off, "malformed chunk contents", err, errlen);
		off += SS_CHUNK_HDR_LEN + len;
		r->complete = type == SS_CHUNK_END;
	}
	return 0;
}

struct ss_reader *ss_reader_open(const char *path, unsigned flags, char *err, size_t errlen)
{
	struct ss_reader *r = calloc(1, sizeof(*r));
	struct stat st;
	uint32_t version, hlen;
	int fd;

	if (!r) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	r->path = strdup(path);
	ss_tasks_init(&r->tasks);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, errlen, "cannot open %s: %s", path, strerror(errno));
		goto fail;
	}
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "%s: not a regular file", path);
		close(fd);
		goto fail;
	}
	r->size = (size_t)st.st_size;
	if (r->size == 0) {
		snprintf(err, errlen, "%s: empty file, not a schedscope trace", path);
		close(fd);
		goto fail;
	}
	r->map = mmap(NULL, r->size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (r->map == MAP_FAILED) {
		r->map = NULL;
		snprintf(err, errlen, "cannot map %s: %s", path, strerror(errno));
		goto fail;
	}
	if (memcmp(r->map, SS_FILE_MAGIC, r->size < SS_FILE_MAGIC_LEN ? r->size : SS_FILE_MAGIC_LEN) != 0) {
		snprintf(err, errlen, "%s: not a schedscope trace (bad magic)", path);
		goto fail;
	}
	if (r->size < SS_FILE_HDR_FIXED) {
		snprintf(err, errlen, "%s: cut short inside its header (%zu bytes)", path, r->size);
		goto fail;
	}
	version = le32(r->map + 8);
	hlen = le32(r->map + 12);
	if (version != SS_FILE_VERSION) {
		snprintf(err, errlen, "%s: trace format version %u is not supported (this schedscope reads version %d)",
			 path, version, SS_FILE_VERSION);
		goto fail;
	}
	if (hlen < SS_FILE_HDR_FIXED + 4 || hlen > (1u << 20)) {
		snprintf(err, errlen, "%s: header is damaged (length %u)", path, hlen);
		goto fail;
	}
	if (hlen > r->size) {
		snprintf(err, errlen, "%s: cut short inside its header (%zu of %u bytes)", path, r->size, hlen);
		goto fail;
	}
	if (crc(r->map, hlen - 4) != le32(r->map + hlen - 4) ||
	    parse_header(r, r->map, hlen - 4)) {
		snprintf(err, errlen, "%s: header is damaged (checksum mismatch)", path);
		goto fail;
	}
	r->info.version = version;
	if (scan_chunks(r, hlen, flags, err, errlen))
		goto fail;
	if (!r->complete && !r->cut) {
		r->cut = true;
		r->cut_offset = r->size;
		snprintf(r->cut_reason, sizeof(r->cut_reason),
			 "no end record: the recording was interrupted after the last complete chunk");
	} else if (r->cut) {
		r->complete = false;
	}
	return r;
fail:
	ss_reader_close(r);
	return NULL;
}

void ss_reader_close(struct ss_reader *r)
{
	if (!r)
		return;
	if (r->map)
		munmap((void *)r->map, r->size);
	ss_tasks_free(&r->tasks);
	free(r->probes);
	free(r->chunks);
	free(r->flows);
	free(r->end);
	free(r->path);
	free(r);
}

const struct ss_probe *ss_reader_probe(const struct ss_reader *r, uint32_t id)
{
	for (size_t i = 0; i < r->nprobes; i++)
		if (r->probes[i].id == id)
			return &r->probes[i];
	return NULL;
}

/* ---- time-ordered iteration ---- */

struct cpu_stream {
	size_t *chunks;        /* indices into r->chunks for this CPU */
	size_t n, next;
	struct ss_dec dec;
	struct ss_event head;  /* the stream's next event */
	bool live;
};

struct ss_iter {
	const struct ss_reader *r;
	struct cpu_stream *cpu;
	uint32_t *heap;        /* CPUs with a head event, min-heap on (ts, cpu) */
	uint32_t nheap;
	char err[160];
};

static bool before(const struct ss_iter *it, uint32_t a, uint32_t b)
{
	const struct ss_event *x = &it->cpu[a].head, *y = &it->cpu[b].head;

	return x->ts_ns < y->ts_ns || (x->ts_ns == y->ts_ns && a < b);
}

static void sift_down(struct ss_iter *it, uint32_t i)
{
	for (;;) {
		uint32_t l = 2 * i + 1, m = i;

		if (l < it->nheap && before(it, it->heap[l], it->heap[m]))
			m = l;
		if (l + 1 < it->nheap && before(it, it->heap[l + 1], it->heap[m]))
			m = l + 1;
		if (m == i)
			return;
		uint32_t t = it->heap[i];
		it->heap[i] = it->heap[m];
		it->heap[m] = t;
		i = m;
	}
}

/* Loads the stream's next event into head; false at its end or on error. */
static bool advance(struct ss_iter *it, struct cpu_stream *s)
{
	for (;;) {
		int rc = s->live ? ss_dec_next(&s->dec, &s->head) : 0;

		if (rc == 1)
			return true;
		if (rc < 0) {
			snprintf(it->err, sizeof(it->err), "an events chunk of CPU %u does not decode",
				 s->dec.cpu);
			return false;
		}
		if (s->next == s->n)
			return s->live = false;
		const struct ss_chunk_ref *c = &it->r->chunks[s->chunks[s->next++]];
		if (ss_dec_begin(&s->dec, it->r->map + c->off, c->len, c->cpu, c->count)) {
			snprintf(it->err, sizeof(it->err), "an events chunk of CPU %u does not decode", c->cpu);
			return false;
		}
		s->live = true;
	}
}

struct ss_iter *ss_iter_new(const struct ss_reader *r)
{
	struct ss_iter *it = calloc(1, sizeof(*it));
	uint32_t n = r->info.ncpus;

	if (!it)
		return NULL;
	it->r = r;
	it->cpu = calloc(n, sizeof(*it->cpu));
	it->heap = calloc(n, sizeof(*it->heap));
	if (!it->cpu || !it->heap)
		goto fail;
	for (size_t i = 0; i < r->nchunks; i++)
		it->cpu[r->chunks[i].cpu].n++;
	for (uint32_t c = 0; c < n; c++) {
		it->cpu[c].chunks = calloc(it->cpu[c].n ? it->cpu[c].n : 1, sizeof(size_t));
		if (!it->cpu[c].chunks)
			goto fail;
		it->cpu[c].n = 0;
	}
	for (size_t i = 0; i < r->nchunks; i++) {
		struct cpu_stream *s = &it->cpu[r->chunks[i].cpu];
		s->chunks[s->n++] = i;
	}
	for (uint32_t c = 0; c < n; c++)
		if (advance(it, &it->cpu[c]))
			it->heap[it->nheap++] = c;
	for (uint32_t i = it->nheap; i-- > 0;)
		sift_down(it, i);
	return it;
fail:
	ss_iter_free(it);
	return NULL;
}

int ss_iter_next(struct ss_iter *it, struct ss_event *ev)
{
	struct cpu_stream *s;

	if (it->err[0])
		return -1;
	if (it->nheap == 0)
		return 0;
	s = &it->cpu[it->heap[0]];
	*ev = s->head;
	if (!advance(it, s)) {
		if (it->err[0])
			return 1;       /* the error surfaces on the next call */
		it->heap[0] = it->heap[--it->nheap];
	}
	sift_down(it, 0);
	return 1;
}

const char *ss_iter_error(const struct ss_iter *it)
{
	return it->err;
}

void ss_iter_free(struct ss_iter *it)
{
	if (!it)
		return;
	if (it->cpu)
		for (uint32_t c = 0; c < it->r->info.ncpus; c++)
			free(it->cpu[c].chunks);
	free(it->cpu);
	free(it->heap);
	free(it);
}
