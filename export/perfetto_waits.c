/*
 * Why threads waited, in the Perfetto export: each sleep of a traced thread in
 * a syscall we know (model/sched_state.c's ss_wait) is a TrackEvent slice on
 * the thread's track, named by its reason, with the channel, the syscall and
 * the waker as arguments; a flow goes from an instant on the waker's track
 * ("wakes ...") to one on the sleeper's ("woken ..."), both at the wakeup.
 */
#include "export/perfetto_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/syscalls.h"

/* ---- why threads waited ---- */

/*
 * The strings of these TrackEvents (names, categories, annotation names and
 * values) repeat from one sleep to the next: they are interned, each sent
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
	struct istr *e = xp_map_get(&p->istr, h, false);
	size_t m;

	if (e)
		return strcmp((const char *)p->istrings.p + e->off, s) ? 0 : e->iid;
	if (p->niids[kind] >= INTERN_MAX || !(e = xp_map_get(&p->istr, h, true)))
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

/* One TrackEvent of a sleep, gathered, then written in field order. */
struct tev {
	uint64_t ts, uuid, flow;
	unsigned type, flow_field, nann;
	const char *name;         /* NULL: none (a slice's end) */
	struct { const char *key; char val[96]; } ann[4];
};

static void tev_ann(struct tev *t, const char *key, const char *val)
{
	if (t->nann < 4) {
		t->ann[t->nann].key = key;
		size_t n = strnlen(val, sizeof(t->ann[0].val) - 1);   /* cut to fit */

		memcpy(t->ann[t->nann].val, val, n);
		t->ann[t->nann].val[n] = 0;
		t->nann++;
	}
}

static void tev_write(struct pf *p, const struct tev *t)
{
	struct buf *b = &p->f.b;
	uint64_t cat = 0, name = 0, an[4], av[4];
	bool interned = false;
	size_t pk, te, m;

	/* ids first: their InternedData goes in this packet */
	if (t->name) {
		cat = iid_of(p, IK_CATEGORY, "wait");
		name = iid_of(p, IK_NAME, t->name);
	}
	for (unsigned i = 0; i < t->nann; i++) {
		an[i] = iid_of(p, IK_ANN_NAME, t->ann[i].key);
		av[i] = iid_of(p, IK_ANN_VALUE, t->ann[i].val);
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
		if (!av[i])
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
		pb_string(b, F_TE_CATEGORIES, "wait");
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

static char *who(struct pf *p, uint32_t tid, uint64_t ts, char *buf, size_t n)
{
	if (tid)
		snprintf(buf, n, "%s %u", pf_comm(p, tid, ts, 0), tid);
	else
		snprintf(buf, n, "an interrupt (idle)");
	return buf;
}

static void on_wait(void *ctx, const struct ss_wait *w)
{
	struct pf *p = ctx;
	struct xp *x = p->x;
	int32_t inc = xp_incarnation(x, w->tid, w->block_ns);
	uint64_t end = w->ready_ns ? w->ready_ns : w->run_ns, uuid;
	const struct ss_syscall_info *si;
	char text[128], chan[96];
	struct tev t;

	/* Only sleeps whose reason is known (a traced thread blocked in a syscall
	 * we decode): the others would repeat the thread-state track. */
	if (w->reason == SS_R_UNKNOWN || inc < 0 || !x->traced[inc] || !xp_selected(x, w->tid, w->block_ns) ||
	    w->block_ns < x->t0_ns || end < w->block_ns)
		return;
	uuid = pf_thread_track(p, w->tid, w->block_ns);
	memset(&t, 0, sizeof(t));
	t.ts = w->block_ns;
	t.uuid = uuid;
	t.type = TE_TYPE_SLICE_BEGIN;
	t.name = ss_reason_name(w->reason);
	if (w->sys.chan.kind != SS_CH_NONE)
		tev_ann(&t, "channel", ss_chan_name(&w->sys.chan, chan, sizeof(chan)));
	si = w->sys.nr >= 0 ? ss_syscall(p->r->info.machine, w->sys.nr) : NULL;
	if (si && si->name)
		tev_ann(&t, "syscall", si->name);
	if (w->ready_ns) {
		tev_ann(&t, "woken_by", who(p, w->waker, w->ready_ns, text, sizeof(text)));
		tev_ann(&t, "how", ss_wake_how_name(w->how));
	}
	tev_write(p, &t);

	/* the wakeup: an arrow from the waker's action to the sleeper */
	if (w->ready_ns && w->waker && xp_selected(x, w->waker, w->ready_ns)) {
		char who_buf[64];

		memset(&t, 0, sizeof(t));
		t.ts = w->ready_ns;
		t.uuid = pf_thread_track(p, w->waker, w->ready_ns);
		t.type = TE_TYPE_INSTANT;
		t.flow_field = F_TE_FLOW_IDS;
		t.flow = ++p->flows;
		if (w->waker_sys.nr >= 0 && (si = ss_syscall(p->r->info.machine, w->waker_sys.nr)) && si->name)
			tev_ann(&t, "syscall", si->name);
		/* the sleeper's channel is on its slice; a different one is news */
		if (w->waker_sys.chan.kind != SS_CH_NONE && w->waker_sys.chan.id != w->sys.chan.id)
			tev_ann(&t, "channel", ss_chan_name(&w->waker_sys.chan, chan, sizeof(chan)));
		snprintf(text, sizeof(text), "wakes %s", who(p, w->tid, w->ready_ns, who_buf, sizeof(who_buf)));
		t.name = text;
		tev_write(p, &t);

		memset(&t, 0, sizeof(t));
		t.ts = w->ready_ns;
		t.uuid = uuid;
		t.type = TE_TYPE_INSTANT;
		t.flow_field = F_TE_TERMINATING_FLOW_IDS;
		t.flow = p->flows;
		snprintf(text, sizeof(text), "woken (%s)", ss_wake_how_name(w->how));
		t.name = text;
		tev_write(p, &t);
	}
	memset(&t, 0, sizeof(t));
	t.ts = end;
	t.uuid = uuid;
	t.type = TE_TYPE_SLICE_END;
	tev_write(p, &t);
}

static void on_slice(void *ctx, const struct ss_slice *s)
{
	(void)ctx;
	(void)s;
}

/* Sleeps have a known reason only after a block event: the state machine
 * (which costs as much as the rest of the export) starts at the first one.
 * Each CPU's running task is then taken as running since that moment, as at
 * the start of a recording. Traces without block events never pay for it. */
int pf_waits_start(struct pf *p, uint64_t ts)
{
	struct ss_sched_state_ops ops = { .slice = on_slice, .wait = on_wait, .ctx = p };

	p->st = ss_sched_state_new(p->ncpus, ts, p->r->info.machine, &ops);
	return p->st ? 0 : xp_fail(p->x, "out of memory");
}

void pf_waits_free(struct pf *p)
{
	ss_sched_state_free(p->st);
	xp_map_free(&p->istr);
	buf_free(&p->istrings);
	for (int k = 0; k < NIK; k++)
		buf_free(&p->fresh[k]);
}
