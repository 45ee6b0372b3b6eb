/*
 * Off-CPU profiles: the time threads spent blocked, summed by the user
 * stack they blocked in, the kernel stack where the recorder took one (a
 * D-state sleep, a page fault) and the reason, as pprof's profile.proto
 * (gzip'd, what `go tool pprof`, Perfetto and speedscope open) or as folded
 * stacks (the flame-graph text format: "root;...;leaf value").
 *
 * The waits come from the state machine as every exporter streams them
 * (sched_state's wait callback), so a profile's total is the blocked time
 * `why` and `stats` report: a sleep counts from going to sleep until its
 * wakeup (ss_sleep_end_ns()), finished sleeps only, and the recorder's held
 * start not at all. Stacks are named once each by symbols/ (libdwfl); a
 * stack that stops early says why as its outermost frame, so the sums
 * never put time under a frame that is not known.
 *
 * A kernel stack goes below the user frames, as bcc's offcputime and perf
 * show it: its frames were named at recording time, each marked "_[k]" (the
 * suffix flame-graph tools give kernel frames) in both formats, from where
 * `why` tells it (ss_kstack_told_from(): the tracing's and the scheduler's
 * generic frames left out). A wait without one is keyed and written as it
 * was before kernel stacks existed, byte for byte.
 *
 * The root frame names the process ("comm tgid"), so the process is part of
 * the key: two processes of one program share their stacks (the same code),
 * and each keeps its own line, as offcputime keys by task and comm and perf's
 * stackcollapse by comm (and pid with --pid).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "export/formats.h"
#include "export/outfile.h"
#include "export/pb.h"
#include "model/explain.h"
#include "model/sched_state.h"
#include "model/syscalls.h"
#include "symbols/symbols.h"
#include "util/hmap.h"
#include "util/vec.h"

/* Blocked time of one (process name, user stack, kernel stack, reason). */
struct bucket {
	uint64_t hkey;             /* its (name, stack)'s number << 8 | reason; with a
				    * kernel stack, KEY_KSTACK | its pair's number << 8 | reason */
	uint32_t stack, kstack;    /* kstack 0: none to show */
	uint64_t ns;
	uint64_t count;
	uint32_t tgid;             /* the process (root frame); all its waits name it alike */
	uint64_t ts;               /* ... and when its first wait began, for its name */
};

/* The name, the two stack ids and the reason do not fit in one key: each
 * (process name, user stack) met is numbered, then each (that number, kernel
 * stack), and the last number goes in the key. */
#define KEY_KSTACK (1ull << 62)

struct pair {
	uint64_t hkey;             /* root << 32 | stack, or a number << 32 | kstack */
	uint64_t n;                /* > 0 */
};

struct prof {
	struct xp *x;
	struct hmap buckets;
	struct hmap roots;         /* (process name, user stack) -> number */
	struct hmap pairs;         /* (that number, kernel stack) -> number */
	uint64_t nroots, npairs;
	uint64_t total_ns;
};

/* The kernel stack a wait shows: its id, or 0 when it has none or nothing
 * in it that says more than "asleep" (only the generic frames). */
static uint32_t shown_kstack(const struct xp *x, uint32_t id)
{
	const struct ss_kstack *k = id ? ss_stacks_kfind(&x->r->stacks, id) : NULL;

	return k && ss_kstack_told_from(k) < k->n ? id : 0;
}

/* Which root frame tgid's waits at ts get (root_name()): 1 + the index of
 * the process's first task version with the comm it has then, so that a
 * rename or an exec starts a line of its own only when the name changes;
 * 0 for "?" (no such task, no comm). */
static uint64_t root_of(const struct xp *x, uint32_t tgid, uint64_t ts)
{
	const struct ss_tasks *tasks = &x->r->tasks;
	const struct ss_task *t = xp_task(x, tgid, ts), *first = t;

	if (!t || !t->comm[0])
		return 0;
	for (int32_t i = t->prev; i >= 0; i = tasks->v[i].prev)
		if (!strcmp(tasks->v[i].comm, t->comm))
			first = &tasks->v[i];
	return (uint64_t)(first - tasks->v) + 1;
}

/* The number of key's (a, b) in m, numbering it if new; 0 if memory ran out
 * (hmap_failed() tells). */
static uint64_t number(struct hmap *m, uint64_t *count, uint64_t a, uint32_t b)
{
	struct pair *pr = hmap_put(m, a << 32 | b);

	if (pr && !pr->n)
		pr->n = ++*count;
	return pr ? pr->n : 0;
}

/* The bucket's key; 0 if memory ran out (hmap_failed() tells). */
static uint64_t bucket_key(struct prof *p, uint64_t root, uint32_t stack, uint32_t kstack, unsigned reason)
{
	uint64_t n = number(&p->roots, &p->nroots, root, stack);

	if (!n || !kstack)
		return n << 8 | reason;
	n = number(&p->pairs, &p->npairs, n, kstack);
	return n ? KEY_KSTACK | n << 8 | reason : 0;
}

static void on_wait(void *ctx, const struct ss_wait *w)
{
	struct prof *p = ctx;
	uint64_t slept = ss_slept_ns(w->block_ns, w->ready_ns, w->run_ns), key;
	const struct ss_task *t = xp_task(p->x, w->tid, w->block_ns);
	uint32_t kstack, tgid;
	struct bucket *b;

	/* the traced program's threads, not the kernel's or the recorder's */
	if (w->held || !slept || !t || !(t->flags & SS_TASKF_IN_TREE) ||
	    !xp_selected(p->x, w->tid, w->block_ns))
		return;
	kstack = shown_kstack(p->x, w->sys.kstack);
	tgid = xp_tgid(p->x, w->tid, w->block_ns);
	key = bucket_key(p, root_of(p->x, tgid, w->block_ns), w->sys.stack, kstack, w->reason);
	b = hmap_failed(&p->roots) || hmap_failed(&p->pairs) ? NULL : hmap_put(&p->buckets, key);
	if (!b)
		return;
	if (!b->count) {
		b->stack = w->sys.stack;
		b->kstack = kstack;
		b->tgid = tgid;
		b->ts = w->block_ns;
	}
	b->ns += slept;
	b->count++;
	p->total_ns += slept;
}

static void on_slice(void *ctx, const struct ss_slice *s)
{
	(void)ctx;
	(void)s;
}

/* Streams the trace through the state machine into p->buckets. */
static int collect(struct xp *x, struct prof *p)
{
	struct ss_sched_state_ops ops = { .slice = on_slice, .wait = on_wait, .ctx = p };
	struct ss_sched_state *st = ss_sched_state_new(&x->r->info, x->t0_ns, &x->r->tasks, &ops);
	struct ss_event ev;
	int rc;

	if (!st)
		return xp_out_of_memory(x);
	p->x = x;
	while ((rc = xp_next(x, &ev)) > 0)     /* xp_next() counts it in events_in */
		ss_sched_state_event(st, &ev);
	ss_sched_state_close(st, x->end_ns);
	ss_sched_state_free(st);
	if (rc < 0)
		return -1;
	if (hmap_failed(&p->buckets) || hmap_failed(&p->roots) || hmap_failed(&p->pairs))
		return xp_out_of_memory(x);
	return 0;
}

static unsigned bucket_reason(const struct bucket *b)
{
	return (unsigned)(hmap_key(b) & 0xff);
}

/* The kernel frames a bucket shows: fn[*first], the innermost, out to
 * fn[n - 1]; NULL for none. */
static const struct ss_kstack *bucket_kstack(const struct xp *x, const struct bucket *b, unsigned *first)
{
	const struct ss_kstack *k = b->kstack ? ss_stacks_kfind(&x->r->stacks, b->kstack) : NULL;

	*first = k ? ss_kstack_told_from(k) : 0;
	return k;
}

/* A kernel frame as both formats name it: "filemap_read_[k]". */
static const char *kframe_func(const char *fn, char *buf, size_t size)
{
	snprintf(buf, size, "%s_[k]", fn);
	return buf;
}

/* A frame as a profile names it: the function, else the address in its file. */
static const char *frame_func(const struct ss_frame *f, char *buf, size_t size)
{
	if (f->func[0])
		return f->func;
	snprintf(buf, size, "0x%llx (%s)", (unsigned long long)f->pc, f->module[0] ? f->module : "?");
	return buf;
}

static void root_name(struct xp *x, const struct bucket *b, char *buf, size_t size)
{
	const struct ss_task *t = xp_task(x, b->tgid, b->ts);

	snprintf(buf, size, "%s %u", t && t->comm[0] ? t->comm : "?", b->tgid);
}

/* ---- folded ---- */

int export_folded(struct xp *x)
{
	struct prof p = { 0 };
	struct ss_symbols *sy = ss_symbols_new();
	struct xp_file f;
	int rc;

	hmap_init(&p.buckets, sizeof(struct bucket));
	hmap_init(&p.roots, sizeof(struct pair));
	hmap_init(&p.pairs, sizeof(struct pair));
	rc = sy ? collect(x, &p) : xp_out_of_memory(x);
	if (rc == 0)
		rc = xp_file_open(x, &f, x->res->out_path);
	if (rc == 0) {
		for (size_t i = 0; i < p.buckets.cap; i++) {
			const struct bucket *b = hmap_at(&p.buckets, i);
			const struct ss_walk *w;
			const struct ss_kstack *ks;
			char name[160], line[8192];
			unsigned first;
			size_t len = 0;

			if (!b)
				continue;
			w = ss_symbols_walk(sy, &x->r->stacks, b->stack);
			ks = bucket_kstack(x, b, &first);
			root_name(x, b, name, sizeof(name));
			len += (size_t)snprintf(line + len, sizeof(line) - len, "%s", name);
			if (!w)
				len += (size_t)snprintf(line + len, sizeof(line) - len, ";[no stack]");
			else if (w->stop[0])
				len += (size_t)snprintf(line + len, sizeof(line) - len, ";[%s]", w->stop);
			for (unsigned k = w ? w->n : 0; k-- > 0 && len < sizeof(line);)
				len += (size_t)snprintf(line + len, sizeof(line) - len, ";%s",
							frame_func(&w->f[k], name, sizeof(name)));
			for (unsigned j = ks ? ks->n : 0; j-- > first && len < sizeof(line);)
				len += (size_t)snprintf(line + len, sizeof(line) - len, ";%s",
							kframe_func(ks->fn[j], name, sizeof(name)));
			if (len < sizeof(line))
				snprintf(line + len, sizeof(line) - len, ";[%s] %llu\n", ss_reason_name(bucket_reason(b)),
					 (unsigned long long)b->ns);
			buf_put(&f.b, line, strlen(line));
			x->res->events_out++;
			xp_file_drain(&f);
		}
		rc = xp_file_close(x, &f, true);
	}
	hmap_free(&p.buckets);
	hmap_free(&p.roots);
	hmap_free(&p.pairs);
	ss_symbols_free(sy);
	return rc;
}

/* ---- pprof ---- */

/* profile.proto field numbers (github.com/google/pprof, proto/profile.proto) */
enum {
	PROFILE_SAMPLE_TYPE = 1, PROFILE_SAMPLE = 2, PROFILE_LOCATION = 4, PROFILE_FUNCTION = 5,
	PROFILE_STRING_TABLE = 6, PROFILE_TIME_NANOS = 9, PROFILE_DURATION_NANOS = 10,
	PROFILE_PERIOD_TYPE = 11, PROFILE_PERIOD = 12,
	VALUETYPE_TYPE = 1, VALUETYPE_UNIT = 2,
	SAMPLE_LOCATION_ID = 1, SAMPLE_VALUE = 2, SAMPLE_LABEL = 3,
	LABEL_KEY = 1, LABEL_STR = 2,
	LOCATION_ID = 1, LOCATION_ADDRESS = 3, LOCATION_LINE = 4,
	LINE_FUNCTION_ID = 1, LINE_LINE = 2,
	FUNCTION_ID = 1, FUNCTION_NAME = 2, FUNCTION_SYSTEM_NAME = 3, FUNCTION_FILENAME = 4,
};

/* Interned strings: index 0 is "", as profile.proto wants. */
struct strings {
	char **v;
	size_t n, cap;
};

static uint64_t str_id(struct strings *s, const char *str)
{
	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(s->v[i], str))
			return i;
	if (!vec_grow((void **)&s->v, &s->cap, s->n + 1, sizeof(*s->v)))
		return 0;
	s->v[s->n] = strdup(str);
	return s->v[s->n] ? s->n++ : 0;
}

struct func {
	uint64_t name, file;       /* string ids */
};

struct pprof {
	struct strings str;
	struct func *funcs;
	size_t nfuncs, funcs_cap;
	struct buf samples, locations;
	uint64_t nlocations;
};

static uint64_t func_id(struct pprof *pp, const char *name, const char *file)
{
	uint64_t n = str_id(&pp->str, name), f = str_id(&pp->str, file);

	for (size_t i = 0; i < pp->nfuncs; i++)
		if (pp->funcs[i].name == n && pp->funcs[i].file == f)
			return i + 1;
	if (!vec_grow((void **)&pp->funcs, &pp->funcs_cap, pp->nfuncs + 1, sizeof(*pp->funcs)))
		return 0;
	pp->funcs[pp->nfuncs].name = n;
	pp->funcs[pp->nfuncs].file = f;
	return ++pp->nfuncs;
}

/* A location of its own for each frame of each sample: a stack's frames are
 * few and the file stays small; the functions are shared. */
static uint64_t location_add(struct pprof *pp, uint64_t addr, uint64_t func, unsigned line)
{
	size_t m = pb_begin(&pp->locations, PROFILE_LOCATION), l;
	uint64_t id = ++pp->nlocations;

	pb_uint(&pp->locations, LOCATION_ID, id);
	if (addr)
		pb_uint(&pp->locations, LOCATION_ADDRESS, addr);
	l = pb_begin(&pp->locations, LOCATION_LINE);
	pb_uint(&pp->locations, LINE_FUNCTION_ID, func);
	if (line)
		pb_uint(&pp->locations, LINE_LINE, line);
	pb_end(&pp->locations, l);
	pb_end(&pp->locations, m);
	return id;
}

static void sample_add(struct pprof *pp, struct xp *x, struct ss_symbols *sy, const struct bucket *b)
{
	const struct ss_walk *w = ss_symbols_walk(sy, &x->r->stacks, b->stack);
	uint64_t ids[SS_KSTACK_MAX + 2 * SS_STACK_MAX + 16];
	unsigned n = 0, first;
	const struct ss_kstack *ks = bucket_kstack(x, b, &first);
	char name[192];
	size_t m, k;

	for (unsigned i = first; ks && i < ks->n; i++)       /* leaf first: the kernel's */
		ids[n++] = location_add(pp, 0, func_id(pp, kframe_func(ks->fn[i], name, sizeof(name)), ""), 0);
	for (unsigned i = 0, kn = n; w && i < w->n && n < kn + 2 * SS_STACK_MAX + 8; i++)
		ids[n++] = location_add(pp, w->f[i].pc,
					func_id(pp, frame_func(&w->f[i], name, sizeof(name)), w->f[i].file),
					w->f[i].line);
	if (!w || w->stop[0]) {
		snprintf(name, sizeof(name), "[%s]", w ? w->stop : "no stack");
		ids[n++] = location_add(pp, 0, func_id(pp, name, ""), 0);
	}
	root_name(x, b, name, sizeof(name));
	ids[n++] = location_add(pp, 0, func_id(pp, name, ""), 0);

	m = pb_begin(&pp->samples, PROFILE_SAMPLE);
	k = pb_begin(&pp->samples, SAMPLE_LOCATION_ID);      /* packed, leaf first */
	for (unsigned i = 0; i < n; i++)
		buf_varint(&pp->samples, ids[i]);
	pb_end(&pp->samples, k);
	k = pb_begin(&pp->samples, SAMPLE_VALUE);
	buf_varint(&pp->samples, b->count);
	buf_varint(&pp->samples, b->ns);
	pb_end(&pp->samples, k);
	k = pb_begin(&pp->samples, SAMPLE_LABEL);
	pb_uint(&pp->samples, LABEL_KEY, str_id(&pp->str, "reason"));
	pb_uint(&pp->samples, LABEL_STR, str_id(&pp->str, ss_reason_name(bucket_reason(b))));
	pb_end(&pp->samples, k);
	pb_end(&pp->samples, m);
}

static void value_type(struct buf *b, struct pprof *pp, unsigned field, const char *type, const char *unit)
{
	size_t m = pb_begin(b, field);

	pb_uint(b, VALUETYPE_TYPE, str_id(&pp->str, type));
	pb_uint(b, VALUETYPE_UNIT, str_id(&pp->str, unit));
	pb_end(b, m);
}

static int gzip_into(struct buf *in, struct buf *out)
{
	z_stream z = { 0 };
	int rc;

	/* 15 + 16: a gzip wrapper, as pprof reads it */
	if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return -ENOMEM;
	if (!buf_reserve(out, deflateBound(&z, in->len))) {
		deflateEnd(&z);
		return -ENOMEM;
	}
	z.next_in = in->p;
	z.avail_in = (uInt)in->len;
	z.next_out = out->p + out->len;
	z.avail_out = (uInt)(out->cap - out->len);
	rc = deflate(&z, Z_FINISH);
	out->len += (size_t)(z.next_out - (out->p + out->len));
	deflateEnd(&z);
	return rc == Z_STREAM_END ? 0 : -EIO;
}

int export_pprof(struct xp *x)
{
	struct prof p = { 0 };
	struct pprof pp = { 0 };
	struct ss_symbols *sy = ss_symbols_new();
	struct buf head = { 0 }, tail = { 0 }, all = { 0 };
	struct xp_file f;
	int rc;

	hmap_init(&p.buckets, sizeof(struct bucket));
	hmap_init(&p.roots, sizeof(struct pair));
	hmap_init(&p.pairs, sizeof(struct pair));
	str_id(&pp.str, "");
	rc = sy ? collect(x, &p) : xp_out_of_memory(x);
	if (rc == 0) {
		/* the last sample type is the one pprof shows by default */
		value_type(&head, &pp, PROFILE_SAMPLE_TYPE, "waits", "count");
		value_type(&head, &pp, PROFILE_SAMPLE_TYPE, "blocked", "nanoseconds");
		for (size_t i = 0; i < p.buckets.cap; i++) {
			const struct bucket *b = hmap_at(&p.buckets, i);

			if (b) {
				sample_add(&pp, x, sy, b);
				x->res->events_out++;
			}
		}
		for (size_t i = 0; i < pp.nfuncs; i++) {
			size_t m = pb_begin(&tail, PROFILE_FUNCTION);

			pb_uint(&tail, FUNCTION_ID, i + 1);
			pb_uint(&tail, FUNCTION_NAME, pp.funcs[i].name);
			pb_uint(&tail, FUNCTION_SYSTEM_NAME, pp.funcs[i].name);
			pb_uint(&tail, FUNCTION_FILENAME, pp.funcs[i].file);
			pb_end(&tail, m);
		}
		/* the period type must be in the string table before it is written */
		str_id(&pp.str, "blocked");
		for (size_t i = 0; i < pp.str.n; i++)
			pb_string(&tail, PROFILE_STRING_TABLE, pp.str.v[i]);
		pb_uint(&tail, PROFILE_TIME_NANOS, x->r->info.start_wall_ns + (x->t0_ns - x->r->info.start_ns));
		pb_uint(&tail, PROFILE_DURATION_NANOS, x->end_ns > x->t0_ns ? x->end_ns - x->t0_ns : 0);
		value_type(&tail, &pp, PROFILE_PERIOD_TYPE, "blocked", "nanoseconds");
		pb_uint(&tail, PROFILE_PERIOD, 1);
		buf_put(&all, head.p, head.len);
		buf_put(&all, pp.samples.p, pp.samples.len);
		buf_put(&all, pp.locations.p, pp.locations.len);
		buf_put(&all, tail.p, tail.len);
		if (buf_failed(&all) || buf_failed(&pp.samples) || buf_failed(&pp.locations) || buf_failed(&tail))
			rc = xp_out_of_memory(x);
	}
	if (rc == 0)
		rc = xp_file_open(x, &f, x->res->out_path);
	if (rc == 0) {
		if (gzip_into(&all, &f.b))
			rc = xp_fail(x, "cannot compress the profile");
		xp_file_drain(&f);
		if (xp_file_close(x, &f, rc == 0))
			rc = -1;
	}
	for (size_t i = 0; i < pp.str.n; i++)
		free(pp.str.v[i]);
	free(pp.str.v);
	free(pp.funcs);
	buf_free(&pp.samples);
	buf_free(&pp.locations);
	buf_free(&head);
	buf_free(&tail);
	buf_free(&all);
	hmap_free(&p.buckets);
	hmap_free(&p.roots);
	hmap_free(&p.pairs);
	ss_symbols_free(sy);
	return rc;
}
