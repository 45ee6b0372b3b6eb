/*
 * Where threads blocked, as Perfetto's native callstacks. The wait slices
 * (perfetto_waits.c) carry a sleep's user stack as text, which Perfetto can
 * show but not add up. Here each sleep exported with a stack is also a
 * PerfSample, at the moment the thread blocked, on that thread, whose
 * callstack_iid names a Callstack of interned Frames (function, source file
 * and line as symbols/ named them; the mapping and offset of the address).
 * trace_processor imports them into its stack_profile_* tables, and the UI
 * draws a flame graph of the blocking stacks of any selection. The facts
 * relied on, and where they come from, are in docs/EXPORT.md.
 *
 * Everything is interned once per sequence (our one, which the SystemInfo
 * packet cleared): a function name, a path, a mapping, a frame, a callstack.
 * New entries go in the InternedData of the sample that first uses them, so
 * an iid is always defined before (or in) the packet that names it. The
 * tables grow with the distinct stacks of the trace, never with its events.
 *
 * A walk that stopped early ends, outermost, in a frame that says why
 * ("[stack stops in libc: built without frame pointers]"), as the off-CPU
 * profiles do (profile.c): no time is put under a frame that is not known.
 */
#include "export/perfetto_stacks.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/stacks.h"
#include "symbols/symbols.h"

/* What is interned, in the order of InternedData's field numbers, which is
 * the order a packet's new entries are written in (pb.h: canonical bytes). */
enum { K_FUNC, K_FRAME, K_CALLSTACK, K_MAP_PATH, K_SRC_PATH, K_MAPPING, NK };
static const unsigned kind_field[NK] = { F_ID_FUNCTION_NAMES, F_ID_FRAMES, F_ID_CALLSTACKS,
					 F_ID_MAPPING_PATHS, F_ID_SOURCE_PATHS, F_ID_MAPPINGS };

struct entry {                    /* one interned thing */
	uint64_t hkey;            /* the map's: a hash of its kind and key */
	uint32_t iid, kind;
	uint32_t off, len;        /* its key, in pf_stacks.keys */
};

struct by_stack {                 /* a model stack id -> its callstack's iid (0: none) */
	uint64_t hkey;
	uint64_t iid;
};

/* A frame as the importer keys it: its mapping and offset, and its names. */
struct frame_key {
	uint64_t func, mapping, rel_pc, src, line;
};

struct pf_stacks {
	struct hmap entries;      /* hash -> struct entry */
	struct buf keys;
	struct hmap stacks;       /* stack id -> struct by_stack */
	struct buf fresh[NK];     /* entries new since the last sample, for its InternedData */
	uint32_t niids[NK];
	bool failed;
};

static struct pf_stacks *state(struct pf *p)
{
	struct pf_stacks *s;

	/* a trace recorded without stacks pays nothing */
	if (p->stk || !p->r->stacks.n)
		return p->stk;
	if (!(s = calloc(1, sizeof(*s))))
		return NULL;
	hmap_init(&s->entries, sizeof(struct entry));
	hmap_init(&s->stacks, sizeof(struct by_stack));
	return p->stk = s;
}

/* The iid of key (len bytes) among the things of kind k; *is_new when it was
 * given one just now, for the caller to describe it. 0 if memory ran out. */
static uint32_t intern(struct pf_stacks *s, unsigned k, const void *key, size_t len, bool *is_new)
{
	uint64_t h = 0xcbf29ce484222325ull ^ k;
	struct entry *e;

	*is_new = false;
	if (buf_failed(&s->keys)) {   /* the keys it would compare with are not all there */
		s->failed = true;
		return 0;
	}
	for (size_t i = 0; i < len; i++)
		h = (h ^ ((const uint8_t *)key)[i]) * 0x100000001b3ull;
	for (;; h++) {            /* another key with this hash: try the next */
		if (h == UINT64_MAX)
			h = 0;
		e = hmap_get(&s->entries, h);
		if (!e)
			break;
		if (e->kind == k && e->len == len && !memcmp(s->keys.p + e->off, key, len))
			return e->iid;
	}
	if (!(e = hmap_put(&s->entries, h))) {
		s->failed = true;
		return 0;
	}
	e->iid = ++s->niids[k];
	e->kind = k;
	e->off = (uint32_t)s->keys.len;
	e->len = (uint32_t)len;
	buf_put(&s->keys, key, len);
	*is_new = true;
	return e->iid;
}

/* InternedString: a function's name, a mapped file's path, a source file. */
static uint32_t string_iid(struct pf_stacks *s, unsigned k, const char *str)
{
	size_t n = strlen(str), m;
	bool is_new;
	uint32_t iid = intern(s, k, str, n, &is_new);

	if (is_new) {
		m = pb_begin(&s->fresh[k], kind_field[k]);
		pb_uint(&s->fresh[k], F_INTERNED_IID, iid);
		pb_bytes(&s->fresh[k], F_INTERNED_NAME, str, n);
		pb_end(&s->fresh[k], m);
	}
	return iid;
}

/* A file's executable mapping, as /proc/PID/maps gave it. One path component
 * holding the whole path: the importer joins components with '/' and drops
 * the doubled one at the start (MakeMappingName). */
static uint32_t mapping_iid(struct pf_stacks *s, const struct ss_map *map)
{
	uint64_t key[4] = { string_iid(s, K_MAP_PATH, map->path), map->start, map->end, map->offset };
	struct buf *b = &s->fresh[K_MAPPING];
	bool is_new;
	uint32_t iid = intern(s, K_MAPPING, key, sizeof(key), &is_new);
	size_t m;

	if (is_new) {
		m = pb_begin(b, F_ID_MAPPINGS);
		pb_uint(b, F_MAPPING_IID, iid);
		pb_uint(b, F_MAPPING_START, map->start);
		pb_uint(b, F_MAPPING_END, map->end);
		if (key[0])
			pb_uint(b, F_MAPPING_PATH_STRING_IDS, key[0]);
		pb_uint(b, F_MAPPING_EXACT_OFFSET, map->offset);
		pb_end(b, m);
	}
	return iid;
}

static uint32_t frame_iid(struct pf_stacks *s, const struct frame_key *fk)
{
	struct buf *b = &s->fresh[K_FRAME];
	bool is_new;
	uint32_t iid = intern(s, K_FRAME, fk, sizeof(*fk), &is_new);
	size_t m;

	if (is_new) {
		m = pb_begin(b, F_ID_FRAMES);
		pb_uint(b, F_FRAME_IID, iid);
		if (fk->func)
			pb_uint(b, F_FRAME_FUNCTION_NAME_ID, fk->func);
		if (fk->mapping) {        /* with a mapping, rel_pc must be set */
			pb_uint(b, F_FRAME_MAPPING_ID, fk->mapping);
			pb_uint(b, F_FRAME_REL_PC, fk->rel_pc);
		}
		if (fk->src)
			pb_uint(b, F_FRAME_SOURCE_PATH_IID, fk->src);
		if (fk->line)
			pb_uint(b, F_FRAME_LINE_NUMBER, fk->line);
		pb_end(b, m);
	}
	return iid;
}

/* One frame of a walk. rel_pc is the address as an offset into the file
 * (the importer's ToRelativePc() with load_bias 0). An unnamed frame in a
 * mapping is left unnamed (the importer shows the file and offset); with no
 * mapping, it is named by its module and address. */
static uint32_t frame_of(struct pf_stacks *s, const struct ss_maps *maps, const struct ss_frame *f)
{
	const struct ss_map *map = maps ? ss_maps_find(maps, f->pc) : NULL;
	struct frame_key k = { .line = f->line };
	char name[192];

	if (map) {
		k.mapping = mapping_iid(s, map);
		k.rel_pc = f->pc - map->start + map->offset;
	}
	if (f->func[0])
		k.func = string_iid(s, K_FUNC, f->func);
	else if (!k.mapping)
		k.func = string_iid(s, K_FUNC, ss_frame_name(f, name, sizeof(name)));
	if (f->file[0])
		k.src = string_iid(s, K_SRC_PATH, f->file);
	return frame_iid(s, &k);
}

/* Where a walk stopped, as a frame of no mapping: "[why]". */
static uint32_t frame_stop(struct pf_stacks *s, const char *why)
{
	struct frame_key k = { 0 };
	char name[192];

	snprintf(name, sizeof(name), "[%s]", why);
	k.func = string_iid(s, K_FUNC, name);
	return frame_iid(s, &k);
}

/* The callstack of the model's stack id, outermost frame first (the
 * importer makes the first frame the root); 0 for none. Walked once. */
static uint32_t callstack_of(struct pf *p, struct pf_stacks *s, uint32_t id)
{
	const struct ss_stacks *t = &p->r->stacks;
	const struct ss_stack *st = ss_stacks_find(t, id);
	const struct ss_walk *w;
	struct by_stack *c = hmap_get(&s->stacks, id);
	uint64_t ids[2 * SS_STACK_MAX + 16];   /* a walk's frames (at most 2 * SS_STACK_MAX + 8), its stop */
	unsigned n = 0;
	uint32_t iid = 0;
	bool is_new;
	size_t m;

	if (c)
		return (uint32_t)c->iid;
	w = ss_symbols_walk(p->sy, t, id);
	if (w && w->stop[0])
		ids[n++] = frame_stop(s, w->stop);
	for (unsigned k = w ? w->n : 0; k-- > 0 && n < sizeof(ids) / sizeof(ids[0]);)
		ids[n++] = frame_of(s, st && st->maps ? ss_stacks_maps(t, st->maps) : NULL, &w->f[k]);
	for (unsigned i = 0; i < n; i++)
		if (!ids[i])
			n = 0;    /* memory ran out for a frame: no callstack */
	if (n)
		iid = intern(s, K_CALLSTACK, ids, n * sizeof(ids[0]), &is_new);
	if (iid && is_new) {
		m = pb_begin(&s->fresh[K_CALLSTACK], F_ID_CALLSTACKS);
		pb_uint(&s->fresh[K_CALLSTACK], F_CALLSTACK_IID, iid);
		for (unsigned i = 0; i < n; i++)
			pb_uint(&s->fresh[K_CALLSTACK], F_CALLSTACK_FRAME_IDS, ids[i]);
		pb_end(&s->fresh[K_CALLSTACK], m);
	}
	if ((c = hmap_put(&s->stacks, id)))
		c->iid = iid;
	return iid;
}

void pf_stacks_sample(struct pf *p, const struct ss_wait *w)
{
	struct pf_stacks *s = w->sys.stack ? state(p) : NULL;
	struct buf *b = &p->f.b;
	uint32_t cs;
	size_t pk, m;
	bool fresh = false;

	if (!s || !(cs = callstack_of(p, s, w->sys.stack)))
		return;
	pk = pf_packet_begin(p);
	pb_uint(b, F_PACKET_TIMESTAMP, w->block_ns);
	pb_uint(b, F_PACKET_SEQ_ID, SEQ_ID);
	for (int k = 0; k < NK; k++)
		fresh |= s->fresh[k].len > 0;
	if (fresh) {
		m = pb_begin(b, F_PACKET_INTERNED_DATA);
		for (int k = 0; k < NK; k++) {
			buf_put(b, s->fresh[k].p, s->fresh[k].len);
			buf_reset(&s->fresh[k]);
		}
		pb_end(b, m);
	}
	pb_uint(b, F_PACKET_SEQ_FLAGS, SEQ_NEEDS_INCREMENTAL_STATE);
	m = pb_begin(b, F_PACKET_PERF_SAMPLE);
	/* the CPU it blocked on: the one whose switch took it off (the state
	 * machine's, a run the kernel did not report starting included) */
	if (w->block_cpu)
		pb_uint(b, F_PERF_CPU, w->block_cpu - 1u);
	pb_uint(b, F_PERF_PID, xp_tgid(p->x, w->tid, w->block_ns));
	pb_uint(b, F_PERF_TID, w->tid);
	pb_uint(b, F_PERF_CALLSTACK_IID, cs);
	pb_end(b, m);
	pf_packet_end(p, pk);
	p->x->res->events_out++;
}

bool pf_stacks_failed(const struct pf *p)
{
	const struct pf_stacks *s = p->stk;

	if (!s)
		return false;
	for (int k = 0; k < NK; k++)
		if (buf_failed(&s->fresh[k]))
			return true;
	return s->failed || hmap_failed(&s->entries) || hmap_failed(&s->stacks) || buf_failed(&s->keys);
}

void pf_stacks_free(struct pf *p)
{
	struct pf_stacks *s = p->stk;

	if (!s)
		return;
	hmap_free(&s->entries);
	hmap_free(&s->stacks);
	buf_free(&s->keys);
	for (int k = 0; k < NK; k++)
		buf_free(&s->fresh[k]);
	free(s);
	p->stk = NULL;
}
