/*
 * export_run(): opens the trace, sets up the window and the --pid selection,
 * and hands the stream to one format. Also what the formats share (see
 * export_int.h): progress, the output file, a hash map, text escaping.
 */
#include "export/export_int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define PROGRESS_MIN_EVENTS (1u << 20)  /* smaller traces export in well under a second */
#define PROGRESS_EVERY      (1u << 16)
#define FILE_CHUNK          (1u << 20)

int export_parse_format(const char *name)
{
	if (!name)
		return -1;
	if (!strcmp(name, "perfetto") || !strcmp(name, "pftrace") || !strcmp(name, "proto"))
		return EXPORT_PERFETTO;
	if (!strcmp(name, "json") || !strcmp(name, "chrome"))
		return EXPORT_JSON;
	if (!strcmp(name, "csv"))
		return EXPORT_CSV;
	return -1;
}

int xp_fail(struct xp *x, const char *fmt, ...)
{
	va_list ap;

	if (x->err[0])             /* the first reason is the one that counts */
		return -1;
	va_start(ap, fmt);
	vsnprintf(x->err, x->errlen, fmt, ap);
	va_end(ap);
	return -1;
}

/* "run.trace" -> "run" + suffix; other names get the suffix appended. */
static void default_out(const char *in, const char *suffix, char *out, size_t n)
{
	size_t len = strlen(in);

	if (len > 6 && !strcmp(in + len - 6, ".trace"))
		len -= 6;
	snprintf(out, n, "%.*s%s", (int)len, in, suffix);
}

static void progress(struct xp *x, bool done)
{
	const struct export_opts *o = x->o;
	int pct;

	if (!o->progress && !o->on_progress)
		return;
	if (!done && (x->r->nevents < PROGRESS_MIN_EVENTS || x->nread % PROGRESS_EVERY))
		return;
	pct = done ? 100 : (int)(x->nread * 100 / (x->r->nevents ? x->r->nevents : 1));
	if (pct == x->pct)
		return;
	x->pct = pct;
	if (o->on_progress)
		o->on_progress(o->progress_ctx, (unsigned)pct);
	if (o->progress && !done) {
		fprintf(stderr, "\rexporting: %3d%%", pct);
		x->shown = true;
	}
	if (o->progress && done && x->shown)
		fprintf(stderr, "\r               \r");
}

/*
 * The reader maps the whole file and decodes it where it lies, so every page
 * read stays resident: RSS would grow with the trace although nothing else
 * does. Once a CPU's stream has moved past one of its chunks, the chunk's
 * pages are handed back (they are clean file pages: touching them again just
 * reads them in again).
 */
struct xp_behind {
	size_t *chunks;            /* this CPU's chunks, in file (= time) order */
	size_t n, next;
	uint64_t seen, end;        /* events seen; events up to the end of chunk `next` */
};

static void behind_init(struct xp *x)
{
	const struct ss_reader *r = x->r;
	unsigned ncpus = r->info.ncpus;

	x->behind = calloc(ncpus ? ncpus : 1, sizeof(*x->behind));
	if (!x->behind)
		return;                /* only an optimisation */
	for (size_t i = 0; i < r->nchunks; i++)
		if (r->chunks[i].cpu < ncpus)
			x->behind[r->chunks[i].cpu].n++;
	for (unsigned c = 0; c < ncpus; c++) {
		x->behind[c].chunks = malloc((x->behind[c].n ? x->behind[c].n : 1) * sizeof(size_t));
		x->behind[c].n = 0;
	}
	for (size_t i = 0; i < r->nchunks; i++) {
		struct xp_behind *b = r->chunks[i].cpu < ncpus ? &x->behind[r->chunks[i].cpu] : NULL;

		if (b && b->chunks)
			b->chunks[b->n++] = i;
	}
	for (unsigned c = 0; c < ncpus; c++)
		if (x->behind[c].n && x->behind[c].chunks)
			x->behind[c].end = r->chunks[x->behind[c].chunks[0]].count;
}

static void behind_free(struct xp *x)
{
	if (x->behind)
		for (unsigned c = 0; c < x->r->info.ncpus; c++)
			free(x->behind[c].chunks);
	free(x->behind);
}

static void behind_event(struct xp *x, unsigned cpu)
{
	struct xp_behind *b;
	long page = sysconf(_SC_PAGESIZE);

	if (!x->behind || cpu >= x->r->info.ncpus || !(b = &x->behind[cpu])->chunks)
		return;
	/* An event past the chunk's end: the stream has left the chunk. */
	while (++b->seen > b->end && b->next < b->n) {
		const struct ss_chunk_ref *c = &x->r->chunks[b->chunks[b->next++]];
		uintptr_t lo = ((uintptr_t)(x->r->map + c->off) + (uintptr_t)page - 1) & ~(uintptr_t)(page - 1);
		uintptr_t hi = (uintptr_t)(x->r->map + c->off + c->len) & ~(uintptr_t)(page - 1);

		if (hi > lo)
			madvise((void *)lo, hi - lo, MADV_DONTNEED);
		if (b->next < b->n)
			b->end += x->r->chunks[b->chunks[b->next]].count;
		b->seen--;             /* count this event again against the next chunk */
	}
}

int xp_next(struct xp *x, struct ss_event *ev)
{
	for (;;) {
		int rc = ss_iter_next(x->it, ev);

		if (rc <= 0) {
			if (rc < 0)
				return xp_fail(x, "%s: %s", x->o->in_path, ss_iter_error(x->it));
			return 0;
		}
		x->nread++;
		behind_event(x, ev->cpu);
		progress(x, false);
		if (ev->ts_ns < x->from_ns)
			continue;
		if (ev->ts_ns > x->to_ns)
			return 0;          /* time order: nothing later is inside */
		x->res->events_in++;
		return 1;
	}
}

bool xp_selected(const struct xp *x, uint32_t pid, uint64_t ts)
{
	const struct ss_task *t;

	if (!x->o->pid)
		return true;
	if (pid == x->o->pid)
		return true;
	t = xp_task(x, pid, ts);
	return t && t->tgid == x->o->pid;
}

bool xp_wanted(const struct xp *x, const struct ss_event *ev)
{
	uint64_t ts = ev->ts_ns;

	if (!x->o->pid || ev->kind == SS_LOST)
		return true;
	if (xp_selected(x, ev->pid, ts))
		return true;
	switch (ev->kind) {
	case SS_SWITCH: return xp_selected(x, ev->sw.next_pid, ts);
	case SS_WAKING:
	case SS_WAKEUP_NEW: return xp_selected(x, ev->wake.wakee, ts);
	case SS_FORK: return xp_selected(x, ev->fork.child, ts);
	case SS_EXEC: return xp_selected(x, ev->exec.old_pid, ts);
	default: return false;
	}
}

int32_t xp_incarnation(const struct xp *x, uint32_t pid, uint64_t ts)
{
	const struct ss_task *t = xp_task(x, pid, ts);

	return t ? x->inc[t - x->r->tasks.v] : -1;
}

/* A pid's incarnation starts at its first version and at every fork; exec,
 * rename and a second sighting continue it (the model's rule for threads). */
static int incarnations(struct xp *x)
{
	const struct ss_tasks *t = &x->r->tasks;
	bool all = x->r->info.flags & SS_TF_ALL;

	x->inc = malloc((t->n ? t->n : 1) * sizeof(*x->inc));
	x->traced = calloc(t->n ? t->n : 1, 1);
	if (!x->inc || !x->traced)
		return xp_fail(x, "out of memory");
	for (size_t i = 0; i < t->n; i++) {
		const struct ss_task *v = &t->v[i];

		x->inc[i] = v->prev < 0 || v->origin == SS_TASK_FORKED ? (int32_t)i : x->inc[v->prev];
		if (v->pid && (all || (v->flags & SS_TASKF_IN_TREE)))
			x->traced[x->inc[i]] = 1;
	}
	return 0;
}

int export_run(const struct export_opts *o, struct export_result *res, char *err, size_t errlen)
{
	struct export_result dummy;
	struct xp x = { .o = o, .err = err, .errlen = errlen, .pct = -1 };
	uint64_t stop;
	int rc = -1;

	if (!res)
		res = &dummy;
	memset(res, 0, sizeof(*res));
	x.res = res;
	if (errlen)
		err[0] = 0;
	if (!o->in_path || !o->in_path[0])
		return xp_fail(&x, "which trace file?");
	if (o->to_ns && o->to_ns <= o->from_ns)
		return xp_fail(&x, "the window ends before it starts");
	if (o->out_path && o->out_path[0])
		snprintf(res->out_path, sizeof(res->out_path), "%s", o->out_path);
	else
		default_out(o->in_path, o->format == EXPORT_PERFETTO ? ".pftrace" :
			    o->format == EXPORT_JSON ? ".json" : "-csv",
			    res->out_path, sizeof(res->out_path));

	x.r = ss_reader_open(o->in_path, o->reader_flags, err, errlen);
	if (!x.r)
		return -1;
	stop = x.r->end ? x.r->end->stop_ns : 0;
	/* Without a window nothing is left out, not even what precedes the start
	 * (a loss noticed before a CPU's first event is stamped 0). */
	x.from_ns = o->from_ns ? x.r->info.start_ns + o->from_ns : 0;
	x.t0_ns = x.r->info.start_ns + o->from_ns;
	x.to_ns = o->to_ns ? x.r->info.start_ns + o->to_ns : UINT64_MAX;
	if (o->from_ns && stop && x.from_ns >= stop) {
		xp_fail(&x, "the window starts at %.6f s, after the recording ended (%.6f s)",
			(double)o->from_ns / 1e9, (double)(stop - x.r->info.start_ns) / 1e9);
		goto out;
	}
	/* Runs still open are closed where the recording (or the window) ended;
	 * without an end record, at the last event (set by the formats). */
	x.end_ns = stop && stop < x.to_ns ? stop : x.to_ns != UINT64_MAX ? x.to_ns : 0;
	x.it = ss_iter_new(x.r);
	behind_init(&x);
	if (!x.it || incarnations(&x)) {
		xp_fail(&x, "out of memory");
		goto out;
	}
	switch (o->format) {
	case EXPORT_PERFETTO: rc = export_perfetto(&x); break;
	case EXPORT_JSON: rc = export_json(&x); break;
	case EXPORT_CSV: rc = export_csv(&x); break;
	default: rc = xp_fail(&x, "unknown export format %d", (int)o->format); break;
	}
	if (rc == 0)
		progress(&x, true);
	else if (x.shown)
		fprintf(stderr, "\n");
out:
	free(x.inc);
	free(x.traced);
	behind_free(&x);
	ss_iter_free(x.it);
	ss_reader_close(x.r);
	return rc;
}

/* ---- per-pid table ---- */

struct xp_pid *xp_pid(struct xp_pids *t, uint32_t pid)
{
	struct xp_pid **page;

	if (pid >= XP_PID_LIMIT)
		return NULL;
	if (!t->pages && !(t->pages = calloc(XP_PID_LIMIT / XP_PID_PAGE, sizeof(*t->pages)))) {
		t->failed = true;
		return NULL;
	}
	page = &t->pages[pid / XP_PID_PAGE];
	if (!*page) {
		*page = calloc(XP_PID_PAGE, sizeof(**page));
		if (!*page) {
			t->failed = true;
			return NULL;
		}
		for (unsigned i = 0; i < XP_PID_PAGE; i++)
			(*page)[i].ver = -1;
	}
	return &(*page)[pid % XP_PID_PAGE];
}

void xp_pids_free(struct xp_pids *t)
{
	if (t->pages)
		for (unsigned i = 0; i < XP_PID_LIMIT / XP_PID_PAGE; i++)
			free(t->pages[i]);
	free(t->pages);
	t->pages = NULL;
}

const struct ss_task *xp_pid_task(const struct xp *x, struct xp_pid *e, uint32_t pid, uint64_t ts)
{
	const struct ss_tasks *t = &x->r->tasks;
	const struct ss_task *v;
	uint64_t hi = UINT64_MAX;

	if (!e)
		return xp_task(x, pid, ts);
	if (e->ver >= 0 && ts >= e->lo && ts < e->hi)
		return &t->v[e->ver];
	/* as ss_tasks_at(): the newest version not after ts, else the earliest */
	v = pid ? ss_tasks_latest(t, pid) : NULL;
	while (v && v->ts_ns > ts && v->prev >= 0) {
		hi = v->ts_ns;
		v = &t->v[v->prev];
	}
	if (!v)
		return NULL;
	e->ver = (int32_t)(v - t->v);
	e->lo = v->prev >= 0 ? v->ts_ns : 0;
	e->hi = hi;
	return v;
}

/* ---- the output file ---- */

int xp_file_open(struct xp *x, struct xp_file *f, const char *path)
{
	memset(f, 0, sizeof(*f));
	snprintf(f->path, sizeof(f->path), "%s", path);
	if (!strcmp(path, "-")) {
		f->fd = STDOUT_FILENO;
		f->is_stdout = true;
		return 0;
	}
	snprintf(f->tmp, sizeof(f->tmp), "%s.partial", path);
	f->fd = open(f->tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (f->fd < 0)
		return xp_fail(x, "cannot write %s: %s", path, strerror(errno));
	return 0;
}

static void file_write(struct xp_file *f)
{
	size_t off = 0;

	while (off < f->b.len && !f->err) {
		ssize_t n = write(f->fd, f->b.p + off, f->b.len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			f->err = n < 0 ? errno : EIO;
		else
			off += (size_t)n;
	}
	f->bytes += f->b.len;
	buf_reset(&f->b);
}

void xp_file_drain(struct xp_file *f)
{
	if (f->b.len >= FILE_CHUNK)
		file_write(f);
}

int xp_file_close(struct xp *x, struct xp_file *f, bool ok)
{
	int rc = 0;

	if (ok) {
		if (buf_failed(&f->b))
			f->err = ENOMEM;
		file_write(f);
	}
	if (f->is_stdout) {
		rc = ok && f->err ? xp_fail(x, "writing to stdout: %s", strerror(f->err)) : 0;
		buf_free(&f->b);
		return rc;
	}
	if (close(f->fd) && ok && !f->err)
		f->err = errno;
	if (ok && !f->err && rename(f->tmp, f->path))
		f->err = errno;
	if (!ok || f->err) {
		unlink(f->tmp);
		rc = ok ? xp_fail(x, "cannot write %s: %s", f->path, strerror(f->err)) : 0;
	}
	if (!rc)
		x->res->bytes_out += f->bytes;
	buf_free(&f->b);
	return rc;
}

/* ---- hash map ---- */

void xp_map_init(struct xp_map *m, size_t esz)
{
	memset(m, 0, sizeof(*m));
	m->esz = (esz + 7) & ~(size_t)7;
}

void xp_map_free(struct xp_map *m)
{
	free(m->v);
	m->v = NULL;
	m->cap = m->used = 0;
}

static inline uint64_t *slot_key(const struct xp_map *m, size_t i)
{
	return (uint64_t *)(m->v + i * m->esz);
}

static size_t slot_find(const struct xp_map *m, uint64_t k)
{
	size_t mask = m->cap - 1, i = (size_t)((k * 0x9e3779b97f4a7c15ull) >> 20) & mask;

	while (*slot_key(m, i) && *slot_key(m, i) != k)
		i = (i + 1) & mask;
	return i;
}

static bool map_grow(struct xp_map *m)
{
	struct xp_map old = *m;

	m->cap = old.cap ? old.cap * 2 : 256;
	m->v = calloc(m->cap, m->esz);
	if (!m->v) {
		*m = old;
		return false;
	}
	for (size_t i = 0; i < old.cap; i++) {
		uint64_t k = *(uint64_t *)(old.v + i * old.esz);

		if (k)
			memcpy(m->v + slot_find(m, k) * m->esz, old.v + i * old.esz, m->esz);
	}
	free(old.v);
	return true;
}

void *xp_map_get(struct xp_map *m, uint64_t key, bool create)
{
	uint64_t k = key + 1;
	size_t i;

	if (m->cap) {
		i = slot_find(m, k);
		if (*slot_key(m, i))
			return m->v + i * m->esz;
	}
	if (!create)
		return NULL;
	if ((m->used + 1) * 2 > m->cap && !map_grow(m))
		return NULL;
	i = slot_find(m, k);
	*slot_key(m, i) = k;
	m->used++;
	return m->v + i * m->esz;
}

void *xp_map_at(struct xp_map *m, size_t i)
{
	return i < m->cap && *slot_key(m, i) ? m->v + i * m->esz : NULL;
}

/* ---- text ---- */

void txt_u64(struct buf *b, uint64_t v)
{
	char tmp[24];
	int n = 0;

	do {
		tmp[sizeof(tmp) - 1 - n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	buf_put(b, tmp + sizeof(tmp) - n, (size_t)n);
}

void txt_i64(struct buf *b, int64_t v)
{
	if (v < 0) {
		buf_u8(b, '-');
		txt_u64(b, -(uint64_t)v);
	} else {
		txt_u64(b, (uint64_t)v);
	}
}

void txt_us(struct buf *b, uint64_t ns)
{
	char frac[3] = { (char)('0' + ns / 100 % 10), (char)('0' + ns / 10 % 10), (char)('0' + ns % 10) };

	txt_u64(b, ns / 1000);
	buf_u8(b, '.');
	buf_put(b, frac, 3);
}

/* Length of the valid UTF-8 sequence at s, or 0. */
static size_t utf8_len(const unsigned char *s)
{
	size_t n = s[0] >= 0xf0 && s[0] <= 0xf4 ? 4 : s[0] >= 0xe0 ? 3 : s[0] >= 0xc2 && s[0] < 0xe0 ? 2 : 0;

	for (size_t i = 1; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	return n;
}

void txt_json_str(struct buf *b, const char *str)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *s = (const unsigned char *)str;

	while (*s) {
		if (*s >= 0x80) {
			size_t n = utf8_len(s);

			if (n) {
				buf_put(b, s, n);
				s += n;
			} else {          /* a comm cut inside a character, or not UTF-8 */
				txt(b, "\\ufffd");
				s++;
			}
			continue;
		}
		if (*s == '"' || *s == '\\') {
			buf_u8(b, '\\');
			buf_u8(b, *s);
		} else if (*s < 0x20) {
			char e[6] = { '\\', 'u', '0', '0', hex[*s >> 4], hex[*s & 15] };

			buf_put(b, e, 6);
		} else {
			buf_u8(b, *s);
		}
		s++;
	}
}

void txt_csv_str(struct buf *b, const char *s)
{
	if (!strpbrk(s, ",\"\r\n")) {
		txt(b, s);
		return;
	}
	buf_u8(b, '"');
	for (; *s; s++) {
		if (*s == '"')
			buf_u8(b, '"');
		buf_u8(b, (uint8_t)*s);
	}
	buf_u8(b, '"');
}

void xp_exit_text(int32_t code, char *buf, size_t n)
{
	if (code & 0x7f)
		snprintf(buf, n, "killed by signal %d", code & 0x7f);
	else
		snprintf(buf, n, "exit code %d", (code >> 8) & 0xff);
}
