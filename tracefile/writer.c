/* The trace writer (writer.h). Each CPU's events are encoded into a buffer
 * of their own until a chunk reaches 64 KiB; a finished chunk, framed and
 * checksummed, is queued to the I/O thread, the only one that writes. Past
 * 512 MiB queued, events chunks are dropped and counted rather than the
 * drain stalled; task and probe chunks always queue (see enqueue()). */
#include "tracefile/writer.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "tracefile/codec.h"
#include "tracefile/stacks_chunk.h"
#include "util/buf.h"
#include "util/userfile.h"

#define CHUNK_TARGET_BYTES (64u << 10)
#define MAX_BACKLOG_BYTES  (512ull << 20)

struct pending {                 /* a finished chunk waiting for the I/O thread */
	struct pending *next;
	size_t len;
	uint8_t type;                /* SS_CHUNK_* */
	uint32_t count;              /* the chunk's entries: events, tasks, probes */
	uint8_t data[];
};

struct ss_writer {
	int fd;
	uint32_t ncpus;
	struct ss_enc *enc;          /* per CPU */
	struct buf tasks, probes, stacks;
	uint32_t ntasks, nprobes, nstacks;
	uint64_t events, tasks_in, probes_in, stacks_in, kstacks_in;   /* accepted */
	uint64_t bytes, dropped_events;         /* under mu from here on */
	uint64_t oom_chunks, oom_events;        /* left out: memory ran out (any kind of chunk) */
	uint64_t file_bytes, file_events, file_tasks, file_probes;   /* whole chunks in the file */

	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct pending *head, *tail;
	size_t backlog;
	int closing;
	int io_error;
};

static uint32_t crc(const void *p, size_t n)
{
	return (uint32_t)crc32(0, p, (uInt)n);
}

static int write_all(int fd, const uint8_t *p, size_t n)
{
	while (n) {
		ssize_t k = write(fd, p, n);

		if (k < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		p += k;
		n -= (size_t)k;
	}
	return 0;
}

/* What a chunk that reached the file adds to it. Under mu. */
static void count_written(struct ss_writer *w, const struct pending *p)
{
	w->file_bytes += p->len;
	if (p->type == SS_CHUNK_EVENTS)
		w->file_events += p->count;
	else if (p->type == SS_CHUNK_TASKS)
		w->file_tasks += p->count;
	else if (p->type == SS_CHUNK_PROBES)
		w->file_probes += p->count;
}

static void *io_thread(void *arg)
{
	struct ss_writer *w = arg;

	pthread_mutex_lock(&w->mu);
	for (;;) {
		struct pending *p;
		int err = 0;

		while (!w->head && !w->closing)
			pthread_cond_wait(&w->cv, &w->mu);
		p = w->head;
		if (!p)
			break;
		w->head = p->next;
		if (!w->head)
			w->tail = NULL;
		if (!w->io_error) {
			pthread_mutex_unlock(&w->mu);
			err = write_all(w->fd, p->data, p->len);
			/* A chunk cut mid-write is cut off again, so the file ends
			 * with its last whole chunk (and the space is given back). */
			if (err)
				(void)!ftruncate(w->fd, (off_t)w->file_bytes);
			pthread_mutex_lock(&w->mu);
			if (err)
				w->io_error = -err;
			else
				count_written(w, p);
		}
		w->backlog -= p->len;
		free(p);
	}
	pthread_mutex_unlock(&w->mu);
	return NULL;
}

/* A chunk left out because memory ran out: its payload could not grow, or
 * its frame could not be had. Never written (a count without its payload
 * would be a malformed chunk under a good CRC), only counted. */
static void left_out(struct ss_writer *w, uint8_t type, uint32_t count)
{
	pthread_mutex_lock(&w->mu);
	w->oom_chunks++;
	if (type == SS_CHUNK_EVENTS)
		w->oom_events += count;
	pthread_mutex_unlock(&w->mu);
}

/* Frames a payload as a chunk and hands it to the I/O thread. Only events
 * chunks are ever dropped for a backlog: a task or probe record is tens of
 * bytes, comes once per fork, exec or rename, and without it every later
 * event of that pid loses its name, so those small chunks always queue. */
static void enqueue(struct ss_writer *w, uint8_t type, uint16_t cpu, const struct buf *payload,
		    uint32_t count)
{
	struct pending *p;
	uint8_t *hdr;

	if (buf_failed(payload)) {      /* a payload cut short where it could not grow */
		left_out(w, type, count);
		return;
	}
	p = malloc(sizeof(*p) + SS_CHUNK_HDR_LEN + payload->len);
	if (!p) {
		left_out(w, type, count);  /* tasks and probes: also not in the file's counts */
		return;
	}
	hdr = p->data;
	memcpy(hdr, SS_CHUNK_MAGIC, 4);
	hdr[4] = type;
	hdr[5] = 0;
	le16_put(hdr + 6, cpu);
	le32_put(hdr + 8, (uint32_t)payload->len);
	le32_put(hdr + 12, count);
	le32_put(hdr + 16, crc(payload->p, payload->len));
	le32_put(hdr + 20, crc(hdr, 20));
	if (payload->len)               /* an empty buf's p may be NULL */
		memcpy(p->data + SS_CHUNK_HDR_LEN, payload->p, payload->len);
	p->len = SS_CHUNK_HDR_LEN + payload->len;
	p->type = type;
	p->count = count;
	p->next = NULL;

	pthread_mutex_lock(&w->mu);
	if (type == SS_CHUNK_EVENTS && w->backlog + p->len > MAX_BACKLOG_BYTES) {
		/* The disk cannot keep up; dropping is better than stalling the drain. */
		w->dropped_events += count;
		pthread_mutex_unlock(&w->mu);
		free(p);
		return;
	}
	if (w->tail)
		w->tail->next = p;
	else
		w->head = p;
	w->tail = p;
	w->backlog += p->len;
	w->bytes += p->len;
	pthread_cond_signal(&w->cv);
	pthread_mutex_unlock(&w->mu);
}

static void hdr_field(struct buf *b, uint16_t key, const void *val, size_t len)
{
	buf_le16(b, key);
	buf_le16(b, (uint16_t)len);
	buf_put(b, val, len);
}

static void hdr_u32(struct buf *b, uint16_t key, uint32_t v)
{
	uint8_t x[4] = { (uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24) };
	hdr_field(b, key, x, 4);
}

static void hdr_u64(struct buf *b, uint16_t key, uint64_t v)
{
	struct buf x = { 0 };

	buf_le64(&x, v);
	hdr_field(b, key, x.p, 8);
	buf_free(&x);
}

static void hdr_str(struct buf *b, uint16_t key, const char *s)
{
	size_t n = strnlen(s, SS_STR_MAX - 1);

	hdr_field(b, key, s, n);
}

static void encode_header(struct buf *b, const struct ss_trace_info *info)
{
	size_t len_at;

	buf_put(b, SS_FILE_MAGIC, SS_FILE_MAGIC_LEN);
	buf_le32(b, ss_file_version(info->flags));
	len_at = b->len;
	buf_le32(b, 0);                       /* header_len, patched below */
	hdr_u32(b, SS_HK_NCPUS, info->ncpus);
	hdr_u32(b, SS_HK_CLOCK, info->clock_id);
	hdr_u64(b, SS_HK_START_NS, info->start_ns);
	hdr_u64(b, SS_HK_START_WALL_NS, info->start_wall_ns);
	hdr_str(b, SS_HK_SYSNAME, info->sysname);
	hdr_str(b, SS_HK_RELEASE, info->release);
	hdr_str(b, SS_HK_KVERSION, info->kversion);
	hdr_str(b, SS_HK_MACHINE, info->machine);
	hdr_str(b, SS_HK_HOSTNAME, info->hostname);
	hdr_str(b, SS_HK_CMDLINE, info->cmdline);
	hdr_u32(b, SS_HK_FLAGS, info->flags);
	hdr_u32(b, SS_HK_ROOT_PID, info->root_pid);
	if (info->start_pipe_ino)
		hdr_u64(b, SS_HK_START_PIPE, info->start_pipe_ino);
	if (info->knobs.set & SS_KNOB_CPUS)
		hdr_str(b, SS_HK_CPUS, info->knobs.cpus);
	if (info->knobs.set & SS_KNOB_NICE)
		hdr_u32(b, SS_HK_NICE, (uint32_t)info->knobs.nice);
	if (info->knobs.set & SS_KNOB_POLICY) {
		struct buf x = { 0 };

		buf_le32(&x, info->knobs.policy);
		buf_le32(&x, info->knobs.prio);
		hdr_field(b, SS_HK_POLICY, x.p, 8);
		buf_free(&x);
	}
	if (b->failed)
		return;
	uint32_t total = (uint32_t)b->len + 4;
	uint8_t *p = b->p + len_at;
	p[0] = (uint8_t)total, p[1] = (uint8_t)(total >> 8), p[2] = (uint8_t)(total >> 16), p[3] = (uint8_t)(total >> 24);
	buf_le32(b, crc(b->p, b->len));
}

struct ss_writer *ss_writer_open(const char *path, const struct ss_trace_info *info,
				 char *err, size_t errlen)
{
	struct ss_writer *w = calloc(1, sizeof(*w));
	struct buf hdr = { 0 };
	int rc;

	if (!w || info->ncpus == 0 || info->ncpus > SS_MAX_CPUS) {
		snprintf(err, errlen, "cannot start a trace for %u CPUs", info->ncpus);
		free(w);
		return NULL;
	}
	w->ncpus = info->ncpus;
	w->enc = calloc(w->ncpus, sizeof(*w->enc));
	if (!w->enc) {
		snprintf(err, errlen, "out of memory");
		free(w);
		return NULL;
	}
	for (uint32_t c = 0; c < w->ncpus; c++)
		ss_enc_init(&w->enc[c], (uint16_t)c);
	/* a new file, as the invoking user under sudo (util/userfile.h) */
	w->fd = userfile_replace(path, err, errlen);
	if (w->fd < 0)
		goto fail;
	encode_header(&hdr, info);
	rc = hdr.failed ? -ENOMEM : write_all(w->fd, hdr.p, hdr.len);
	w->bytes = w->file_bytes = hdr.len;
	buf_free(&hdr);
	if (rc) {
		snprintf(err, errlen, "cannot write %s: %s", path, strerror(-rc));
		goto fail_file;
	}
	pthread_mutex_init(&w->mu, NULL);
	pthread_cond_init(&w->cv, NULL);
	if (pthread_create(&w->thread, NULL, io_thread, w)) {
		snprintf(err, errlen, "cannot start the writer thread");
		goto fail_file;
	}
	return w;
fail_file:
	close(w->fd);
	userfile_remove(path);
fail:
	free(w->enc);
	free(w);
	return NULL;
}

/* Empties a queued chunk's buffer for the next one. A buffer that failed to
 * grow is given back whole: its failure was this chunk's (left out), and the
 * next chunk tries memory again rather than failing for good. */
static void recycle(struct buf *b)
{
	if (buf_failed(b))
		buf_free(b);
	else
		buf_reset(b);
}

static void flush_tasks(struct ss_writer *w)
{
	if (w->ntasks) {
		enqueue(w, SS_CHUNK_TASKS, 0, &w->tasks, w->ntasks);
		recycle(&w->tasks);
		w->ntasks = 0;
	}
	if (w->nprobes) {
		enqueue(w, SS_CHUNK_PROBES, 0, &w->probes, w->nprobes);
		recycle(&w->probes);
		w->nprobes = 0;
	}
	if (w->nstacks) {
		enqueue(w, SS_CHUNK_STACKS, 0, &w->stacks, w->nstacks);
		recycle(&w->stacks);
		w->nstacks = 0;
	}
}

static void flush_cpu(struct ss_writer *w, struct ss_enc *e)
{
	if (!e->count)
		return;
	flush_tasks(w);     /* names reach the file before the events that use them */
	enqueue(w, SS_CHUNK_EVENTS, e->cpu, &e->payload, e->count);
	e->count = 0;
	recycle(&e->payload);
}

void ss_writer_task(struct ss_writer *w, const struct ss_task *t)
{
	struct buf *b = &w->tasks;

	buf_varint(b, t->ts_ns);
	buf_varint(b, t->pid);
	buf_varint(b, t->tgid);
	buf_varint(b, t->ppid);
	buf_u8(b, (uint8_t)t->origin);
	buf_u8(b, (uint8_t)t->flags);
	buf_str(b, t->comm);
	buf_str(b, t->path);
	w->ntasks++;
	w->tasks_in++;
}

void ss_writer_probe(struct ss_writer *w, const struct ss_probe *p)
{
	struct buf *b = &w->probes;

	buf_varint(b, p->id);
	buf_str(b, p->provider);
	buf_str(b, p->name);
	buf_str(b, p->binary);
	w->nprobes++;
	w->probes_in++;
}

/* Stacks, like tasks, are never dropped for a backlog: without them a
 * wait's stack id names nothing. */
void ss_writer_maps(struct ss_writer *w, const struct ss_maps *m)
{
	ss_enc_maps(&w->stacks, m);
	w->nstacks++;
}

void ss_writer_stack(struct ss_writer *w, const struct ss_stack *s)
{
	ss_enc_stack(&w->stacks, s);
	w->nstacks++;
	w->stacks_in++;
}

void ss_writer_kstack(struct ss_writer *w, const struct ss_kstack *k)
{
	ss_enc_kstack(&w->stacks, k);
	w->nstacks++;
	w->kstacks_in++;
}

void ss_writer_flows(struct ss_writer *w, const struct ss_flow *v, size_t n, uint64_t dropped)
{
	struct buf b = { 0 };

	buf_varint(&b, dropped);
	for (size_t i = 0; i < n; i++) {
		buf_varint(&b, v[i].tid);
		buf_u8(&b, v[i].dir);
		buf_varint(&b, v[i].calls);
		buf_varint(&b, v[i].bytes);
		ss_enc_chan(&b, &v[i].chan);
	}
	ss_writer_flush(w);
	enqueue(w, SS_CHUNK_FLOWS, 0, &b, (uint32_t)n);
	buf_free(&b);
}

static void enc_irq_time(struct buf *b, const struct ss_irq_time *t)
{
	buf_varint(b, t->hardirq_ns);
	buf_varint(b, t->hardirq_n);
	for (unsigned v = 0; v < SS_SOFTIRQ_MAX; v++) {
		buf_varint(b, t->softirq_ns[v]);
		buf_varint(b, t->softirq_n[v]);
	}
	buf_varint(b, t->timer_ns);
	buf_varint(b, t->timer_n);
}

void ss_writer_irqs(struct ss_writer *w, const struct ss_irq_time *t, unsigned ncpus,
		    const struct ss_irq_name *names, size_t nnames)
{
	struct buf b = { 0 };

	buf_varint(&b, ncpus);
	for (unsigned c = 0; c < ncpus; c++)
		enc_irq_time(&b, &t[c]);
	for (size_t i = 0; i < nnames; i++) {
		buf_varint(&b, names[i].irq);
		buf_str(&b, names[i].name);
	}
	ss_writer_flush(w);
	enqueue(w, SS_CHUNK_IRQS, 0, &b, (uint32_t)nnames);
	buf_free(&b);
}

void ss_writer_steal(struct ss_writer *w, unsigned ncpus, const uint64_t *ts, const uint64_t *cum, size_t n)
{
	struct buf b = { 0 };

	buf_varint(&b, ncpus);
	for (size_t i = 0; i < n; i++) {
		buf_varint(&b, ts[i] - (i ? ts[i - 1] : 0));
		for (unsigned c = 0; c < ncpus; c++)
			buf_varint(&b, cum[i * ncpus + c] - (i ? cum[(i - 1) * ncpus + c] : 0));
	}
	ss_writer_flush(w);
	enqueue(w, SS_CHUNK_STEAL, 0, &b, (uint32_t)n);
	buf_free(&b);
}

void ss_writer_event(struct ss_writer *w, const struct ss_event *ev)
{
	struct ss_enc *e;

	if (ev->cpu >= w->ncpus)
		return;
	e = &w->enc[ev->cpu];
	if (!e->count)
		ss_enc_begin(e, ev->ts_ns);
	ss_enc_event(e, ev);
	w->events++;
	/* a payload that could not grow ends its chunk (left out) at once */
	if (e->payload.len >= CHUNK_TARGET_BYTES || buf_failed(&e->payload))
		flush_cpu(w, e);
}

void ss_writer_flush(struct ss_writer *w)
{
	flush_tasks(w);
	for (uint32_t c = 0; c < w->ncpus; c++)
		flush_cpu(w, &w->enc[c]);
}

int ss_writer_finish(struct ss_writer *w, const struct ss_trace_end *end, struct ss_writer_stats *st)
{
	struct buf b = { 0 };
	int err;

	ss_writer_flush(w);
	if (end) {
		uint64_t queued;

		pthread_mutex_lock(&w->mu);
		queued = w->events - w->dropped_events - w->oom_events;
		pthread_mutex_unlock(&w->mu);
		buf_varint(&b, end->stop_ns);
		buf_varint(&b, queued);
		buf_varint(&b, end->lost_total);
		buf_varint(&b, end->missed);
		buf_svarint(&b, end->exit_status);
		buf_varint(&b, end->ncpus);
		for (uint32_t c = 0; c < end->ncpus && c < SS_MAX_CPUS; c++)
			buf_varint(&b, end->lost[c]);
		enqueue(w, SS_CHUNK_END, 0, &b, 1);
		buf_free(&b);
	}
	pthread_mutex_lock(&w->mu);
	w->closing = 1;
	pthread_cond_signal(&w->cv);
	pthread_mutex_unlock(&w->mu);
	pthread_join(w->thread, NULL);

	err = w->io_error;
	if (!err && fsync(w->fd) && errno != EINVAL)
		err = errno;
	if (close(w->fd) && !err)
		err = errno;
	if (st) {
		ss_writer_stats(w, st);
		st->io_error = err;
	}
	for (uint32_t c = 0; c < w->ncpus; c++)
		ss_enc_free(&w->enc[c]);
	free(w->enc);
	buf_free(&w->tasks);
	buf_free(&w->probes);
	buf_free(&w->stacks);
	pthread_mutex_destroy(&w->mu);
	pthread_cond_destroy(&w->cv);
	free(w);
	return -err;
}

int ss_writer_close(struct ss_writer *w, const struct ss_trace_end *end)
{
	return ss_writer_finish(w, end, NULL);
}

void ss_writer_stats(struct ss_writer *w, struct ss_writer_stats *st)
{
	pthread_mutex_lock(&w->mu);
	st->events = w->events;
	st->bytes = w->bytes;
	st->dropped_events = w->dropped_events;
	st->oom_chunks = w->oom_chunks;
	st->oom_events = w->oom_events;
	st->file_events = w->file_events;
	st->file_bytes = w->file_bytes;
	st->tasks = w->tasks_in;
	st->file_tasks = w->file_tasks;
	st->probes = w->probes_in;
	st->file_probes = w->file_probes;
	st->stacks = w->stacks_in;
	st->kstacks = w->kstacks_in;
	st->io_error = w->io_error;
	pthread_mutex_unlock(&w->mu);
}
