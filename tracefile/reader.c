/* The trace reader (reader.h). Opening walks the chunk headers once,
 * checks each checksum and parses the small tables; events are decoded
 * only as the iterator reaches them, one decoder per CPU merged by time
 * (util/merge.c), and each chunk's pages are given back once read, so
 * memory does not grow with the file. Every count and length is checked
 * against the bytes before it sizes anything: the file may come from
 * anywhere, and the fuzzers open it from memory through the same code. */
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
#include "tracefile/stacks_chunk.h"
#include "util/buf.h"
#include "util/merge.h"
#include "util/vec.h"

/* Whether n bytes at p have the checksum `want`. A fuzzer's mutations would
 * hardly ever keep the checksums right, and so would test nothing behind
 * them: its build (make fuzz) takes any, as libpng's and zlib's do. */
static bool crc_ok(const void *p, size_t n, uint32_t want)
{
#ifdef FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION
	(void)p;
	(void)n;
	(void)want;
	return true;
#else
	return (uint32_t)crc32(0, p, (uInt)n) == want;
#endif
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
		case SS_HK_START_PIPE: if (n == 8) in->start_pipe_ino = le64(v); break;
		case SS_HK_CPUS:
			copy_str(in->knobs.cpus, sizeof(in->knobs.cpus), v, n);
			in->knobs.set |= SS_KNOB_CPUS;
			break;
		case SS_HK_NICE:
			if (n == 4) {
				in->knobs.nice = (int32_t)le32(v);
				in->knobs.set |= SS_KNOB_NICE;
			}
			break;
		case SS_HK_POLICY:
			if (n == 8) {
				in->knobs.policy = le32(v);
				in->knobs.prio = le32(v + 4);
				in->knobs.set |= SS_KNOB_POLICY;
			}
			break;
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
		if (c.bad)
			return -EINVAL;
		if (ss_tasks_add(&r->tasks, &t) < 0)
			return -ENOMEM;
	}
	return c.p == c.end ? 0 : -EINVAL;
}

/* Each parse_*(): 0, -EINVAL (malformed) or -ENOMEM. The tables grow a
 * record at a time as records decode, never by the chunk's count: a damaged
 * count must not size an allocation. */
static int parse_probes(struct ss_reader *r, const uint8_t *p, uint32_t len, uint32_t count)
{
	struct cursor c = { p, p + len, false };

	for (uint32_t i = 0; i < count; i++) {
		struct ss_probe *pr;

		if (!vec_grow((void **)&r->probes, &r->probes_cap, r->nprobes + 1, sizeof(*r->probes)))
			return -ENOMEM;
		pr = &r->probes[r->nprobes];
		pr->id = (uint32_t)cur_varint(&c);
		cur_str(&c, pr->provider, sizeof(pr->provider));
		cur_str(&c, pr->name, sizeof(pr->name));
		cur_str(&c, pr->binary, sizeof(pr->binary));
		if (c.bad)
			return -EINVAL;
		r->nprobes++;
	}
	return c.p == c.end ? 0 : -EINVAL;
}

static int parse_flows(struct ss_reader *r, const uint8_t *p, uint32_t len, uint32_t count)
{
	struct cursor c = { p, p + len, false };

	r->flows_dropped += cur_varint(&c);
	for (uint32_t i = 0; i < count && !c.bad; i++) {
		struct ss_flow *f;

		if (!vec_grow((void **)&r->flows, &r->flows_cap, r->nflows + 1, sizeof(*r->flows)))
			return -ENOMEM;
		f = &r->flows[r->nflows];
		memset(f, 0, sizeof(*f));
		f->tid = (uint32_t)cur_varint(&c);
		f->dir = cur_u8(&c);
		f->calls = cur_varint(&c);
		f->bytes = cur_varint(&c);
		ss_dec_chan(&c, &f->chan);
		if (!c.bad)
			r->nflows++;
	}
	return !c.bad && c.p == c.end ? 0 : -EINVAL;
}

static void dec_irq_time(struct cursor *c, struct ss_irq_time *t)
{
	t->hardirq_ns = cur_varint(c);
	t->hardirq_n = cur_varint(c);
	for (unsigned v = 0; v < SS_SOFTIRQ_MAX; v++) {
		t->softirq_ns[v] = cur_varint(c);
		t->softirq_n[v] = cur_varint(c);
	}
	t->timer_ns = cur_varint(c);
	t->timer_n = cur_varint(c);
}

static int parse_irqs(struct ss_reader *r, const uint8_t *p, uint32_t len, uint32_t count)
{
	struct cursor c = { p, p + len, false };
	uint64_t ncpus = cur_varint(&c);
	struct ss_irq_time t;

	if (r->irq_time || ncpus != r->info.ncpus)
		return -EINVAL;
	r->irq_time = calloc(r->info.ncpus ? r->info.ncpus : 1, sizeof(*r->irq_time));
	if (!r->irq_time)
		return -ENOMEM;
	for (uint64_t i = 0; i < ncpus && !c.bad; i++) {
		dec_irq_time(&c, &t);
		r->irq_time[i] = t;
	}
	for (uint32_t i = 0; i < count && !c.bad; i++) {
		struct ss_irq_name *n;

		if (!vec_grow((void **)&r->irq_names, &r->irq_names_cap, r->nirq_names + 1, sizeof(*n)))
			return -ENOMEM;
		n = &r->irq_names[r->nirq_names];
		n->irq = (uint32_t)cur_varint(&c);
		cur_str(&c, n->name, sizeof(n->name));
		if (!c.bad)
			r->nirq_names++;
	}
	return !c.bad && c.p == c.end ? 0 : -EINVAL;
}

static int parse_steal(struct ss_reader *r, const uint8_t *p, uint32_t len, uint32_t count)
{
	struct cursor c = { p, p + len, false };
	uint64_t ncpus = cur_varint(&c), ts = 0;

	if (r->steal_ts || ncpus != r->info.ncpus || !ncpus)
		return -EINVAL;
	for (uint32_t i = 0; i < count && !c.bad; i++) {
		size_t n = r->nsteal;

		if (!vec_grow((void **)&r->steal_ts, &r->steal_cap, n + 1, sizeof(*r->steal_ts)) ||
		    !vec_grow((void **)&r->steal_cum, &r->steal_cum_cap, (n + 1) * ncpus, sizeof(*r->steal_cum)))
			return -ENOMEM;
		uint64_t dt = cur_varint(&c);

		if (ts + dt < ts)
			return -EINVAL;   /* time would wrap, and so go back */
		ts += dt;
		r->steal_ts[n] = ts;
		for (uint64_t k = 0; k < ncpus; k++)
			r->steal_cum[n * ncpus + k] = (n ? r->steal_cum[(n - 1) * ncpus + k] : 0) + cur_varint(&c);
		if (!c.bad)
			r->nsteal++;
	}
	return !c.bad && c.p == c.end ? 0 : -EINVAL;
}

static int parse_end(struct ss_reader *r, const uint8_t *p, uint32_t len)
{
	struct cursor c = { p, p + len, false };
	struct ss_trace_end *e = calloc(1, sizeof(*e));

	if (!e)
		return -ENOMEM;
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
		return -EINVAL;
	}
	free(r->end);
	r->end = e;
	return 0;
}

static int add_chunk(struct ss_reader *r, uint64_t off, uint32_t len, uint32_t count, uint16_t cpu)
{
	/* an event takes at least 2 bytes (its code, a time delta) */
	if (cpu >= r->info.ncpus || count > len / 2)
		return -EINVAL;
	if (!vec_grow((void **)&r->chunks, &r->chunks_cap, r->nchunks + 1, sizeof(*r->chunks)))
		return -ENOMEM;
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

/* Reading a chunk (its checksum when opening, its events when iterating)
 * maps its pages in; give them back once done, or reading a large trace
 * would make it resident whole. The page cache keeps them for the next read,
 * so `info`, the exporters and the replay run in constant memory.
 * A fault maps the pages around it too (the kernel's fault_around_bytes,
 * 64 KiB): the first touch of a chunk maps back the end of the one before,
 * already given back. So the range given back reaches that far behind the
 * chunk, and takes in the pages it shares with its neighbours: the mapping
 * is read-only, so a chunk still being read only faults its pages back in.
 * (Without it, 10M events kept 8 MiB of the file resident after opening.) */
#define FAULT_AROUND_BYTES 65536u

static void drop_pages(const struct ss_reader *r, uint64_t off, uint64_t len)
{
	uint64_t page = (uint64_t)sysconf(_SC_PAGESIZE);
	uint64_t back = off < FAULT_AROUND_BYTES ? off : FAULT_AROUND_BYTES;
	uint64_t lo = (off - back) & ~(page - 1), hi = (off + len + page - 1) & ~(page - 1);

	if (r->mapped && hi > lo)   /* the caller's memory is not ours to drop */
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
		if (!crc_ok(h, 20, le32(h + 20)))
			return stop_scan(r, flags, true, off, "chunk header checksum mismatch", err, errlen);
		type = h[4];
		cpu = le16(h + 6);
		len = le32(h + 8);
		count = le32(h + 12);
		if (len > SS_CHUNK_MAX_PAYLOAD)
			return stop_scan(r, flags, true, off, "chunk larger than allowed", err, errlen);
		if (r->size - off - SS_CHUNK_HDR_LEN < len)
			return stop_scan(r, flags, false, off, "the file ends inside a chunk", err, errlen);
		if (!crc_ok(h + SS_CHUNK_HDR_LEN, len, le32(h + 16)))
			return stop_scan(r, flags, true, off, "chunk payload checksum mismatch", err, errlen);
		drop_pages(r, off + SS_CHUNK_HDR_LEN, len);

		switch (type) {
		case SS_CHUNK_TASKS:
			bad = parse_tasks(r, h + SS_CHUNK_HDR_LEN, len, count);
			break;
		case SS_CHUNK_PROBES:
			bad = parse_probes(r, h + SS_CHUNK_HDR_LEN, len, count);
			break;
		case SS_CHUNK_EVENTS:
			bad = add_chunk(r, off + SS_CHUNK_HDR_LEN, len, count, cpu);
			break;
		case SS_CHUNK_END:
			bad = parse_end(r, h + SS_CHUNK_HDR_LEN, len);
			break;
		case SS_CHUNK_FLOWS:
			bad = parse_flows(r, h + SS_CHUNK_HDR_LEN, len, count);
			break;
		case SS_CHUNK_IRQS:
			bad = parse_irqs(r, h + SS_CHUNK_HDR_LEN, len, count);
			break;
		case SS_CHUNK_STEAL:
			bad = parse_steal(r, h + SS_CHUNK_HDR_LEN, len, count);
			break;
		case SS_CHUNK_STACKS:
			bad = ss_dec_stacks(h + SS_CHUNK_HDR_LEN, len, count, &r->stacks);
			break;
		default:
			break;   /* a newer writer's chunk type: skip it */
		}
		if (bad == -ENOMEM) {      /* not the file's fault: never salvage around it */
			snprintf(err, errlen, "%s: out of memory reading the chunk at offset %llu", r->path,
				 (unsigned long long)off);
			return -1;
		}
		if (bad)
			return stop_scan(r, flags, true, off, "malformed chunk contents", err, errlen);
		off += SS_CHUNK_HDR_LEN + len;
		r->complete = type == SS_CHUNK_END;
	}
	return 0;
}

static struct ss_reader *reader_new(const char *name, char *err, size_t errlen)
{
	struct ss_reader *r = calloc(1, sizeof(*r));

	if (r)
		r->path = strdup(name);
	if (!r || !r->path) {
		free(r);
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	ss_tasks_init(&r->tasks);
	ss_stacks_init(&r->stacks);
	return r;
}

/* The header, then every chunk: what both ways of opening share. */
static int reader_parse(struct ss_reader *r, unsigned flags, char *err, size_t errlen)
{
	const char *path = r->path;
	uint32_t version, hlen;

	if (r->size == 0) {
		snprintf(err, errlen, "%s: empty file, not a schedscope trace", path);
		return -1;
	}
	if (memcmp(r->map, SS_FILE_MAGIC, r->size < SS_FILE_MAGIC_LEN ? r->size : SS_FILE_MAGIC_LEN) != 0) {
		snprintf(err, errlen, "%s: not a schedscope trace (bad magic)", path);
		return -1;
	}
	if (r->size < SS_FILE_HDR_FIXED) {
		snprintf(err, errlen, "%s: cut short inside its header (%zu bytes)", path, r->size);
		return -1;
	}
	version = le32(r->map + 8);
	hlen = le32(r->map + 12);
	if (version < SS_FILE_VERSION_MIN || version > SS_FILE_VERSION) {
		snprintf(err, errlen, "%s: trace format version %u is not supported (this schedscope reads versions %d to %d)",
			 path, version, SS_FILE_VERSION_MIN, SS_FILE_VERSION);
		return -1;
	}
	if (hlen < SS_FILE_HDR_FIXED + 4 || hlen > (1u << 20)) {
		snprintf(err, errlen, "%s: header is damaged (length %u)", path, hlen);
		return -1;
	}
	if (hlen > r->size) {
		snprintf(err, errlen, "%s: cut short inside its header (%zu of %u bytes)", path, r->size, hlen);
		return -1;
	}
	if (!crc_ok(r->map, hlen - 4, le32(r->map + hlen - 4)) ||
	    parse_header(r, r->map, hlen - 4)) {
		snprintf(err, errlen, "%s: header is damaged (checksum mismatch)", path);
		return -1;
	}
	r->info.version = version;
	if (scan_chunks(r, hlen, flags, err, errlen))
		return -1;
	if (!r->complete && !r->cut) {
		r->cut = true;
		r->cut_offset = r->size;
		snprintf(r->cut_reason, sizeof(r->cut_reason),
			 "no end record: the recording was interrupted after the last complete chunk");
	} else if (r->cut) {
		r->complete = false;
	}
	return 0;
}

struct ss_reader *ss_reader_open(const char *path, unsigned flags, char *err, size_t errlen)
{
	struct ss_reader *r = reader_new(path, err, errlen);
	struct stat st;
	int fd;

	if (!r)
		return NULL;
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
	if (r->size) {
		r->map = mmap(NULL, r->size, PROT_READ, MAP_PRIVATE, fd, 0);
		if (r->map == MAP_FAILED) {
			r->map = NULL;
			snprintf(err, errlen, "cannot map %s: %s", path, strerror(errno));
			close(fd);
			goto fail;
		}
		r->mapped = true;
	}
	close(fd);
	if (reader_parse(r, flags, err, errlen))
		goto fail;
	return r;
fail:
	ss_reader_close(r);
	return NULL;
}

struct ss_reader *ss_reader_open_mem(const void *data, size_t size, const char *name, unsigned flags,
				     char *err, size_t errlen)
{
	struct ss_reader *r = reader_new(name, err, errlen);

	if (!r)
		return NULL;
	r->map = data;
	r->size = size;
	if (reader_parse(r, flags, err, errlen)) {
		ss_reader_close(r);
		return NULL;
	}
	return r;
}

void ss_reader_close(struct ss_reader *r)
{
	if (!r)
		return;
	if (r->mapped)
		munmap((void *)r->map, r->size);
	ss_tasks_free(&r->tasks);
	free(r->probes);
	free(r->chunks);
	free(r->flows);
	free(r->irq_time);
	free(r->irq_names);
	free(r->steal_ts);
	free(r->steal_cum);
	ss_stacks_free(&r->stacks);
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

uint64_t ss_reader_last_ns(const struct ss_reader *r)
{
	uint64_t last = 0;

	for (uint32_t c = 0; c < r->info.ncpus; c++) {
		const struct ss_chunk_ref *ref = NULL;
		struct ss_event ev;
		struct ss_dec d;

		for (size_t i = r->nchunks; i-- > 0 && !ref;)
			if (r->chunks[i].cpu == c)
				ref = &r->chunks[i];
		if (!ref || ss_dec_begin(&d, r->map + ref->off, ref->len, ref->cpu, ref->count))
			continue;
		while (ss_dec_next(&d, &ev) == 1)
			if (ev.ts_ns > last)
				last = ev.ts_ns;
	}
	return last;
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
	struct merge merge;    /* CPUs with a head event, by (ts, cpu) */
	char err[160];
};

/* Loads the stream's next event into head; false at its end or on error. */
static bool advance(struct ss_iter *it, struct cpu_stream *s)
{
	uint64_t prev_ns = s->head.ts_ns;

	for (;;) {
		int rc = s->live ? ss_dec_next(&s->dec, &s->head) : 0;

		/* a writer never goes back in time on a CPU (ss_enc_begin): the
		 * merge, and every consumer after it, count on it */
		if (rc == 1 && s->head.ts_ns < prev_ns) {
			snprintf(it->err, sizeof(it->err), "an events chunk of CPU %u goes back in time",
				 s->dec.cpu);
			return false;
		}
		if (rc == 1)
			return true;
		if (rc < 0) {
			snprintf(it->err, sizeof(it->err), "an events chunk of CPU %u does not decode",
				 s->dec.cpu);
			return false;
		}
		if (s->next > 0) {         /* done with the previous chunk */
			const struct ss_chunk_ref *p = &it->r->chunks[s->chunks[s->next - 1]];

			drop_pages(it->r, p->off, p->len);
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
	if (!it->cpu || merge_init(&it->merge, n))
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
			merge_push(&it->merge, c, it->cpu[c].head.ts_ns);
	return it;
fail:
	ss_iter_free(it);
	return NULL;
}

int ss_iter_next(struct ss_iter *it, struct ss_event *ev)
{
	struct cpu_stream *s;
	uint32_t c;

	if (it->err[0])
		return -1;
	if (!merge_top(&it->merge, &c))
		return 0;
	s = &it->cpu[c];
	*ev = s->head;
	if (advance(it, s))
		merge_advance(&it->merge, s->head.ts_ns);
	else if (!it->err[0])
		merge_drop(&it->merge);
	return 1;       /* an error surfaces on the next call */
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
	merge_free(&it->merge);
	free(it);
}
