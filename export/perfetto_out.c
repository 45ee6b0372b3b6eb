/* How the Perfetto export is written: see perfetto_int.h and perfetto.c. */
#include "export/perfetto_int.h"

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
	c->gen++;
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
	struct intern_slot *s;
	uint32_t mask;
	size_t i;

	if ((c->b.nintern + 1) * 2 > c->nslots) {
		uint32_t n = c->nslots ? c->nslots * 2 : 64;
		struct intern_slot *v = calloc(n, sizeof(*v)), *old = c->slots;

		if (!v) {
			c->b.intern.failed = true;
			return 0;
		}
		for (uint32_t k = 0; k < c->nslots; k++) {
			if (old[k].gen != c->gen || !old[k].key)
				continue;
			for (i = ((uintptr_t)old[k].key >> 4) & (n - 1); v[i].key; i = (i + 1) & (n - 1))
				;
			v[i] = old[k];
		}
		free(old);
		c->slots = v;
		c->nslots = n;
	}
	mask = c->nslots - 1;
	for (i = ((uintptr_t)comm >> 4) & mask;; i = (i + 1) & mask) {
		s = &c->slots[i];
		if (s->gen != c->gen || !s->key)
			break;
		if (s->key == comm)
			return s->idx;
	}
	s->key = comm;
	s->gen = c->gen;
	s->idx = c->b.nintern++;
	pb_string(&c->b.intern, F_CS_INTERN_TABLE, comm);
	return s->idx;
}

/* ---- per task ---- */

const char *pf_comm(struct pf *p, uint32_t pid, uint64_t ts, unsigned cpu)
{
	const struct ss_task *t;

	if (pid == 0)
		return p->cpu[cpu].idle_comm;
	t = xp_pid_task(p->x, xp_pid(&p->pids, pid), pid, ts);
	return t ? t->comm : "?";
}

unsigned pf_prio(struct pf *p, uint32_t tid)
{
	struct xp_pid *t = tid ? xp_pid(&p->pids, tid) : NULL;

	return t && t->has_prio ? t->prio : PRIO_NORMAL;
}

void pf_prio_set(struct pf *p, uint32_t tid, unsigned prio)
{
	struct xp_pid *t;

	if (!tid || !(t = xp_pid(&p->pids, tid)))
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

/* ---- markers ---- */

/* A track per thread incarnation, so a recycled tid gets a new one. Our
 * TrackDescriptors are the trace's only ones: small uuids (the incarnation's
 * task version + 1, or 2^32 + tid for a task the table lacks) keep the
 * events short. */uint64_t pf_thread_track(struct pf *p, uint32_t tid, uint64_t ts)
{
	int32_t inc = xp_incarnation(p->x, tid, ts);
	uint64_t uuid = inc >= 0 ? (uint64_t)inc + 1 : (1ull << 32) + tid;
	struct buf *b = &p->f.b;
	size_t pk, td, th;

	if (xp_map_get(&p->tracks, uuid, false))
		return uuid;
	if (!xp_map_get(&p->tracks, uuid, true))
		return uuid;
	pk = pf_packet_begin(p);
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
