/* How the Perfetto export is written: see perfetto_out.h. */
#include "export/perfetto_out.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- packets ---- */

size_t pf_packet_begin(struct pf *p)
{
	return pb_begin(&p->f.b, F_TRACE_PACKET);
}

void pf_packet_end(struct pf *p, size_t mark)
{
	pb_end(&p->f.b, mark);
	xp_file_drain(&p->f);
}

/* ---- bundles ---- */

void pf_bundle_reset(struct pcpu *c)
{
	struct bundle *b = &c->b;

	for (int i = 0; i < 5; i++) {
		buf_reset(&b->sw[i]);
		buf_reset(&b->wk[i]);
	}
	buf_reset(&b->intern);
	buf_reset(&b->events);
	memset(b->n, 0, sizeof(b->n));
	memset(b->last_ts, 0, sizeof(b->last_ts));
	b->nall = b->nintern = 0;
	b->lost = false;
	hmap_free(&c->interned);  /* empty, for the next bundle's own table */
}

static size_t packed_size(unsigned field, const struct buf *col)
{
	return col->len ? pb_len_field_size(field, col->len) : 0;
}

static void put_packed(struct buf *out, unsigned field, const struct buf *col)
{
	if (col->len)
		pb_bytes(out, field, col->p, col->len);
}

/* Writes the CPU's bundle as one packet. The sizes are summed first, so the
 * columns are copied once and nothing is moved. */
void pf_bundle_flush(struct pf *p, unsigned cpu)
{
	static const unsigned swf[5] = { F_CS_SWITCH_TIMESTAMP, F_CS_SWITCH_PREV_STATE, F_CS_SWITCH_NEXT_PID,
					 F_CS_SWITCH_NEXT_PRIO, F_CS_SWITCH_NEXT_COMM_INDEX };
	static const unsigned wkf[5] = { F_CS_WAKING_TIMESTAMP, F_CS_WAKING_PID, F_CS_WAKING_TARGET_CPU,
					 F_CS_WAKING_PRIO, F_CS_WAKING_COMM_INDEX };
	struct pcpu *c = &p->cpu[cpu];
	struct bundle *b = &c->b;
	struct buf *o = &p->f.b;
	size_t cs = 0, bs, ps;

	if (!b->nall && !b->lost)
		return;
	for (int i = 0; i < 4; i++)
		cs += packed_size(swf[i], &b->sw[i]);
	cs += b->intern.len + packed_size(swf[4], &b->sw[4]);
	for (int i = 0; i < 5; i++)
		cs += packed_size(wkf[i], &b->wk[i]);
	bs = pb_tag_size(F_BUNDLE_CPU) + pb_varint_size(cpu) + b->events.len +
	     (b->lost ? pb_tag_size(F_BUNDLE_LOST_EVENTS) + 1 : 0) +
	     (cs ? pb_len_field_size(F_BUNDLE_COMPACT_SCHED, cs) : 0);
	ps = pb_len_field_size(F_PACKET_FTRACE_EVENTS, bs) + pb_tag_size(F_PACKET_SEQ_ID) +
	     pb_varint_size(SEQ_ID);

	pb_tag(o, F_TRACE_PACKET, PB_LEN);
	buf_varint(o, ps);
	pb_tag(o, F_PACKET_FTRACE_EVENTS, PB_LEN);
	buf_varint(o, bs);
	pb_uint(o, F_BUNDLE_CPU, cpu);
	buf_put(o, b->events.p, b->events.len);
	if (b->lost)
		pb_uint(o, F_BUNDLE_LOST_EVENTS, 1);
	if (cs) {
		pb_tag(o, F_BUNDLE_COMPACT_SCHED, PB_LEN);
		buf_varint(o, cs);
		for (int i = 0; i < 4; i++)
			put_packed(o, swf[i], &b->sw[i]);
		buf_put(o, b->intern.p, b->intern.len);
		put_packed(o, swf[4], &b->sw[4]);
		for (int i = 0; i < 5; i++)
			put_packed(o, wkf[i], &b->wk[i]);
	}
	pb_uint(o, F_PACKET_SEQ_ID, SEQ_ID);
	xp_file_drain(&p->f);
	pf_bundle_reset(c);
}

/* Makes room for one event of category cat at ts in the CPU's bundle. */
void pf_bundle_room(struct pf *p, unsigned cpu, int cat, uint64_t ts)
{
	struct bundle *b = &p->cpu[cpu].b;
	bool flush = b->nall >= BUNDLE_MAX;

	for (int k = cat + 1; k < NCAT && !flush; k++)
		flush = b->n[k] && b->last_ts[k] >= ts;
	if (flush)
		pf_bundle_flush(p, cpu);
	b->n[cat]++;
	b->nall++;
	b->last_ts[cat] = ts;
	p->x->res->events_out++;
}

/* Index of comm in the bundle's intern table, adding it if new. */
uint32_t pf_intern(struct pf *p, unsigned cpu, const char *comm)
{
	struct pcpu *c = &p->cpu[cpu];
	struct intern_slot *s = hmap_put(&c->interned, (uintptr_t)comm);

	if (!s) {
		c->b.intern.failed = true;
		return 0;
	}
	if (!s->idx) {            /* new: idx is the index + 1 */
		s->idx = ++c->b.nintern;
		pb_string(&c->b.intern, F_CS_INTERN_TABLE, comm);
	}
	return s->idx - 1;
}

/* ---- per task ---- */

const char *pf_comm(struct pf *p, uint32_t pid, uint64_t ts, unsigned cpu)
{
	const struct ss_task *t;

	if (pid == 0)
		return p->cpu[cpu].idle_comm;
	t = xp_pid_task(p->x, pidmap_put(&p->pids, pid), pid, ts);
	return t ? t->comm : "?";
}

char *pf_who(struct pf *p, uint32_t tid, uint64_t ts, char *buf, size_t n)
{
	if (tid)
		snprintf(buf, n, "%s %u", pf_comm(p, tid, ts, 0), tid);
	else
		snprintf(buf, n, "an interrupt (idle)");
	return buf;
}

unsigned pf_prio(struct pf *p, uint32_t tid)
{
	struct xp_pid *t = tid ? pidmap_put(&p->pids, tid) : NULL;

	return t && t->has_prio ? t->prio : PRIO_NORMAL;
}

void pf_prio_set(struct pf *p, uint32_t tid, unsigned prio)
{
	struct xp_pid *t;

	if (!tid || !(t = pidmap_put(&p->pids, tid)))
		return;
	t->prio = (uint8_t)prio;
	t->has_prio = 1;
}

/* ---- full FtraceEvents ---- */

struct fev pf_fev_begin(struct pf *p, unsigned cpu, uint64_t ts, uint32_t pid, unsigned field)
{
	struct buf *e = &p->cpu[cpu].b.events;
	struct fev m;

	pf_bundle_room(p, cpu, CAT_FULL, ts);
	m.outer = pb_begin(e, F_BUNDLE_EVENT);
	pb_uint(e, F_FEV_TIMESTAMP, ts);
	pb_uint(e, F_FEV_PID, pid);
	m.inner = pb_begin(e, field);
	return m;
}

void pf_fev_end(struct pf *p, unsigned cpu, struct fev m)
{
	struct buf *e = &p->cpu[cpu].b.events;

	pb_end(e, m.inner);
	pb_end(e, m.outer);
}

/* ---- tracks ---- */

/* A track per thread incarnation, so a recycled tid gets a new one. Our
 * TrackDescriptors are the trace's only ones: small uuids (the incarnation's
 * task version + 1, or 2^32 + tid for a task the table lacks) keep the
 * events short.
 *
 * The descriptor carries the time of the track's first event. The importer
 * resolves a thread descriptor at its packet's time, and one without a
 * timestamp takes the latest time it has read so far, which can precede the
 * thread's task_newtask (ftrace bundles are written after the TrackEvents of
 * the same moments): it would then make a thread of the tid there, and
 * task_newtask a second one (process_tracker.cc, StartNewThread). */
uint64_t pf_thread_track(struct pf *p, uint32_t tid, uint64_t ts)
{
	int32_t inc = xp_incarnation(p->x, tid, ts);
	uint64_t uuid = inc >= 0 ? (uint64_t)inc + 1 : (1ull << 32) + tid;
	struct buf *b = &p->f.b;
	size_t pk, td, th;

	if (hmap_get(&p->tracks, uuid))
		return uuid;
	if (!hmap_put(&p->tracks, uuid))
		return uuid;
	pk = pf_packet_begin(p);
	pb_uint(b, F_PACKET_TIMESTAMP, ts);
	pb_uint(b, F_PACKET_SEQ_ID, SEQ_ID);
	td = pb_begin(b, F_PACKET_TRACK_DESCRIPTOR);
	pb_uint(b, F_TRACK_UUID, uuid);
	th = pb_begin(b, F_TRACK_THREAD);
	pb_uint(b, F_THREAD_DESC_PID, xp_tgid(p->x, tid, ts));
	pb_uint(b, F_THREAD_DESC_TID, tid);
	pb_end(b, th);
	pb_end(b, td);
	pf_packet_end(p, pk);
	return uuid;
}

void pf_global_track(struct pf *p, uint64_t uuid, uint64_t parent, const char *name, uint64_t ts)
{
	struct buf *b = &p->f.b;
	size_t pk, td;

	pk = pf_packet_begin(p);
	pb_uint(b, F_PACKET_TIMESTAMP, ts);
	pb_uint(b, F_PACKET_SEQ_ID, SEQ_ID);
	td = pb_begin(b, F_PACKET_TRACK_DESCRIPTOR);
	pb_uint(b, F_TRACK_UUID, uuid);
	pb_string(b, F_TRACK_NAME, name);
	if (parent)
		pb_uint(b, F_TRACK_PARENT_UUID, parent);
	pb_end(b, td);
	pf_packet_end(p, pk);
}

/* ---- TrackEvents ---- */

/*
 * The strings of TrackEvents (names, categories, annotation names and
 * values) repeat from one event to the next: they are interned, each sent
 * once in the InternedData of the first packet that uses it (which then says
 * SEQ_NEEDS_INCREMENTAL_STATE; the first packet of the sequence cleared it).
 * Past INTERN_MAX strings of a kind, new ones are written inline, so memory
 * stays bounded whatever the trace.
 */
static const unsigned intern_field[NIK] = { F_ID_EVENT_CATEGORIES, F_ID_EVENT_NAMES,
					    F_ID_DEBUG_ANNOTATION_NAMES, F_ID_DEBUG_ANNOTATION_STRING_VALUES };

static uint64_t hash_str(unsigned kind, const char *s)
{
	uint64_t h = 0xcbf29ce484222325ull ^ kind;

	for (; *s; s++)
		h = (h ^ (uint8_t)*s) * 0x100000001b3ull;
	return h == UINT64_MAX ? 0 : h;
}

/* The iid of s, 0 if it goes inline. New ones join the packet's InternedData. */
static uint64_t iid_of(struct pf *p, unsigned kind, const char *s)
{
	uint64_t h = hash_str(kind, s);
	struct istr *e;
	size_t m;

	/* an append that failed left the strings short of the entries that
	 * point into them (a lookup read past them): inline from then on, and
	 * the export ends saying it ran out of memory (perfetto.c) */
	if (buf_failed(&p->istrings))
		return 0;
	e = hmap_get(&p->istr, h);
	if (e)
		return strcmp((const char *)p->istrings.p + e->off, s) ? 0 : e->iid;
	if (p->niids[kind] >= INTERN_MAX || !(e = hmap_put(&p->istr, h)))
		return 0;
	e->iid = ++p->niids[kind];
	e->off = (uint32_t)p->istrings.len;
	buf_put(&p->istrings, s, strlen(s) + 1);
	m = pb_begin(&p->fresh[kind], intern_field[kind]);
	pb_uint(&p->fresh[kind], F_INTERNED_IID, e->iid);
	pb_string(&p->fresh[kind], F_INTERNED_NAME, s);
	pb_end(&p->fresh[kind], m);
	return e->iid;
}

void pf_tev_ann(struct tev *t, const char *key, const char *val)
{
	size_t n;

	if (t->nann >= TEV_ANN_MAX)
		return;
	n = strnlen(val, sizeof(t->ann[0].val) - 1);   /* cut to fit */
	t->ann[t->nann].key = key;
	memcpy(t->ann[t->nann].val, val, n);
	t->ann[t->nann].val[n] = 0;
	t->ann[t->nann].is_num = false;
	t->nann++;
}

void pf_tev_num(struct tev *t, const char *key, int64_t num)
{
	if (t->nann >= TEV_ANN_MAX)
		return;
	t->ann[t->nann].key = key;
	t->ann[t->nann].val[0] = 0;
	t->ann[t->nann].num = num;
	t->ann[t->nann].is_num = true;
	t->nann++;
}

void pf_tev_write(struct pf *p, const struct tev *t)
{
	struct buf *b = &p->f.b;
	uint64_t cat = 0, name = 0, an[TEV_ANN_MAX], av[TEV_ANN_MAX];
	bool interned = false;
	size_t pk, te, m;

	/* ids first: their InternedData goes in this packet */
	if (t->name) {
		cat = iid_of(p, IK_CATEGORY, t->cat);
		name = iid_of(p, IK_NAME, t->name);
	}
	for (unsigned i = 0; i < t->nann; i++) {
		an[i] = iid_of(p, IK_ANN_NAME, t->ann[i].key);
		av[i] = t->ann[i].is_num ? 0 : iid_of(p, IK_ANN_VALUE, t->ann[i].val);
		interned |= an[i] || av[i];
	}
	interned |= cat || name;

	pk = pf_packet_begin(p);
	pb_uint(b, F_PACKET_TIMESTAMP, t->ts);
	pb_uint(b, F_PACKET_SEQ_ID, SEQ_ID);
	te = pb_begin(b, F_PACKET_TRACK_EVENT);
	if (cat)
		pb_uint(b, F_TE_CATEGORY_IIDS, cat);
	for (unsigned i = 0; i < t->nann; i++) {
		m = pb_begin(b, F_TE_DEBUG_ANNOTATIONS);
		if (an[i])
			pb_uint(b, F_DA_NAME_IID, an[i]);
		if (t->ann[i].is_num)
			pb_int(b, F_DA_INT_VALUE, t->ann[i].num);
		else if (!av[i])
			pb_string(b, F_DA_STRING_VALUE, t->ann[i].val);
		if (!an[i])
			pb_string(b, F_DA_NAME, t->ann[i].key);
		if (av[i])
			pb_uint(b, F_DA_STRING_VALUE_IID, av[i]);
		pb_end(b, m);
	}
	pb_uint(b, F_TE_TYPE, t->type);
	if (name)
		pb_uint(b, F_TE_NAME_IID, name);
	pb_uint(b, F_TE_TRACK_UUID, t->uuid);
	if (t->name && !cat)
		pb_string(b, F_TE_CATEGORIES, t->cat);
	if (t->name && !name)
		pb_string(b, F_TE_NAME, t->name);
	if (t->flow)
		pb_fixed64(b, t->flow_field, t->flow);
	pb_end(b, te);
	if (p->fresh[IK_CATEGORY].len || p->fresh[IK_NAME].len || p->fresh[IK_ANN_NAME].len ||
	    p->fresh[IK_ANN_VALUE].len) {
		m = pb_begin(b, F_PACKET_INTERNED_DATA);
		for (int k = 0; k < NIK; k++) {
			buf_put(b, p->fresh[k].p, p->fresh[k].len);
			buf_reset(&p->fresh[k]);
		}
		pb_end(b, m);
	}
	if (interned)
		pb_uint(b, F_PACKET_SEQ_FLAGS, SEQ_NEEDS_INCREMENTAL_STATE);
	pf_packet_end(p, pk);
	p->x->res->events_out++;
}

void pf_tev_free(struct pf *p)
{
	hmap_free(&p->istr);
	buf_free(&p->istrings);
	for (int k = 0; k < NIK; k++)
		buf_free(&p->fresh[k]);
}
