/*
 * Who talked to whom, in the Perfetto export, beyond the wakeups:
 *
 * Signals, as traced writes them (signal_generate with the sender as the
 * event's pid and the target in its fields, signal_deliver when the receiver
 * takes it; the importer makes instants of both on the target's thread),
 * plus an instant on the sender's thread track and one on the receiver's,
 * with a flow from the first to the second: ftrace events cannot carry flows.
 *
 * Channel traffic that --flows counted in the kernel (the FLOWS chunk: calls
 * and bytes per channel, thread and direction, over the whole recording): a
 * track per channel under one "Channels" track, with a slice per writer and
 * reader spanning the export, its counts as arguments. The counts have no
 * time of their own, so the slices only say who used the channel and how much.
 *
 * Time in interrupts per CPU (the IRQS chunk), the same way: a track per CPU
 * under one "Interrupts" track, one slice over the export with the sums.
 */
#include "export/perfetto_ipc.h"

#include "model/explain.h"
#include "model/states.h"

#include <stdio.h>
#include <string.h>

#include "model/syscalls.h"

#define UUID_CHANNELS UUID_GLOBAL     /* the parent of the channel tracks */
#define UUID_IRQS (UUID_GLOBAL + (1ull << 31))   /* the parent of the per-CPU interrupt tracks */

void pf_signal(struct pf *p, const struct ss_event *ev)
{
	struct buf *e = &p->cpu[ev->cpu].b.events;
	uint32_t to = ev->signal.target;
	char sig[32], who[64], name[128];
	bool from_sel, to_sel;
	struct fev m;
	struct tev t;

	ss_signal_name(ev->signal.sig, sig, sizeof(sig));
	if (ev->signal.dir == SS_SIGNAL_DELIVERED) {
		m = pf_fev_begin(p, ev->cpu, ev->ts_ns, ev->pid, F_FEV_SIGNAL_DELIVER);
		pb_int(e, F_SIGDELIVER_CODE, ev->signal.code);
		pb_int(e, F_SIGDELIVER_SIG, ev->signal.sig);
		pf_fev_end(p, ev->cpu, m);
		return;
	}
	m = pf_fev_begin(p, ev->cpu, ev->ts_ns, ev->pid, F_FEV_SIGNAL_GENERATE);
	pb_int(e, F_SIGGEN_CODE, ev->signal.code);
	pb_string(e, F_SIGGEN_COMM, pf_comm(p, to, ev->ts_ns, ev->cpu));
	pb_uint(e, F_SIGGEN_PID, to);
	pb_int(e, F_SIGGEN_RESULT, ev->signal.result);
	pb_int(e, F_SIGGEN_SIG, ev->signal.sig);
	pf_fev_end(p, ev->cpu, m);

	/* sender -> receiver, both at the sending */
	from_sel = ev->pid && xp_selected(p->x, ev->pid, ev->ts_ns);
	to_sel = to && xp_selected(p->x, to, ev->ts_ns);
	if (from_sel) {
		memset(&t, 0, sizeof(t));
		t.ts = ev->ts_ns;
		t.uuid = pf_thread_track(p, ev->pid, ev->ts_ns);
		t.type = TE_TYPE_INSTANT;
		t.cat = "signal";
		snprintf(name, sizeof(name), "sends %s to %s", sig, pf_who(p, to, ev->ts_ns, who, sizeof(who)));
		t.name = name;
		pf_tev_num(&t, "result", ev->signal.result);
		if (to_sel) {
			t.flow_field = F_TE_FLOW_IDS;
			t.flow = ++p->flows;
		}
		pf_tev_write(p, &t);
	}
	if (to_sel) {
		memset(&t, 0, sizeof(t));
		t.ts = ev->ts_ns;
		t.uuid = pf_thread_track(p, to, ev->ts_ns);
		t.type = TE_TYPE_INSTANT;
		t.cat = "signal";
		snprintf(name, sizeof(name), "%s from %s", sig, pf_who(p, ev->pid, ev->ts_ns, who, sizeof(who)));
		t.name = name;
		pf_tev_num(&t, "result", ev->signal.result);
		if (from_sel) {
			t.flow_field = F_TE_TERMINATING_FLOW_IDS;
			t.flow = p->flows;
		}
		pf_tev_write(p, &t);
	}
}

struct chan_track {
	uint64_t hkey;            /* the channel's id */
	uint64_t uuid;
	uint32_t namer;           /* the flow whose end names it */
	bool described;
};

static uint64_t chan_key(const struct ss_chan *c)
{
	return c->id == UINT64_MAX ? 0 : c->id;       /* the map's one forbidden key */
}

/* The ends of a socket see it from opposite sides: the track takes the name
 * `schedscope flows` shows, its first flow's (ss_flow_cmp). */
static bool names_better(const struct ss_flow *a, const struct ss_flow *b)
{
	return ss_flow_cmp(a, b) < 0;
}

/* Slice t (its beginning filled in), and its end at end_ns. */
static void span_write(struct pf *p, struct tev *t, uint64_t end_ns)
{
	pf_tev_write(p, t);
	t->ts = end_ns;
	t->type = TE_TYPE_SLICE_END;
	t->name = NULL;
	t->cat = NULL;
	t->nann = 0;
	pf_tev_write(p, t);
}

void pf_channels(struct pf *p, uint64_t start_ns, uint64_t end_ns)
{
	const struct ss_reader *r = p->r;
	char name[128], who[64];
	struct chan_track *c;
	struct hmap chans;
	struct tev t;

	if (!(r->info.flags & SS_TF_FLOWS) || !r->nflows)
		return;
	hmap_init(&chans, sizeof(struct chan_track));
	for (size_t i = 0; i < r->nflows; i++) {
		const struct ss_flow *f = &r->flows[i];

		if (!xp_selected(p->x, f->tid, end_ns) ||
		    ss_flow_is_recorders(r->flows, r->nflows, &r->info, p->held_chan, f))
			continue;
		if ((c = hmap_get(&chans, chan_key(&f->chan)))) {
			if (names_better(f, &r->flows[c->namer]))
				c->namer = (uint32_t)i;
		} else if ((c = hmap_put(&chans, chan_key(&f->chan)))) {
			c->uuid = UUID_CHANNELS + hmap_count(&chans);
			c->namer = (uint32_t)i;
		}
	}
	if (hmap_count(&chans))
		pf_global_track(p, UUID_CHANNELS, 0, "Channels (traffic over the recording)", start_ns);
	for (size_t i = 0; i < r->nflows; i++) {
		const struct ss_flow *f = &r->flows[i];

		if (!xp_selected(p->x, f->tid, end_ns) || !(c = hmap_get(&chans, chan_key(&f->chan))))
			continue;
		if (!c->described) {
			c->described = true;
			pf_global_track(p, c->uuid, UUID_CHANNELS,
					ss_chan_name(&r->flows[c->namer].chan, name, sizeof(name)), start_ns);
		}
		memset(&t, 0, sizeof(t));
		t.ts = start_ns;
		t.uuid = c->uuid;
		t.type = TE_TYPE_SLICE_BEGIN;
		t.cat = "channel";
		snprintf(name, sizeof(name), "%s %s", f->dir ? "writer" : "reader",
			 pf_who(p, f->tid, end_ns, who, sizeof(who)));
		t.name = name;
		pf_tev_num(&t, "tid", f->tid);
		pf_tev_num(&t, "calls", (int64_t)f->calls);
		pf_tev_num(&t, "bytes", (int64_t)f->bytes);
		span_write(p, &t, end_ns);
	}
	hmap_free(&chans);
}

/* Like the channels' counts, the times have no moment of their own: a slice
 * per CPU over the export says how much of it went to interrupts. */
void pf_irq_time(struct pf *p, uint64_t start_ns, uint64_t end_ns)
{
	const struct ss_reader *r = p->r;
	char name[64], text[160];
	struct tev t;

	if (!r->irq_time)
		return;
	pf_global_track(p, UUID_IRQS, 0, "Interrupts (time per CPU over the recording)", start_ns);
	for (unsigned c = 0; c < r->info.ncpus; c++) {
		const struct ss_irq_time *it = &r->irq_time[c];
		uint64_t soft_ns = 0;

		for (unsigned v = 0; v < SS_SOFTIRQ_MAX; v++)
			soft_ns += it->softirq_ns[v];
		snprintf(name, sizeof(name), "CPU %u", c);
		pf_global_track(p, UUID_IRQS + 1 + c, UUID_IRQS, name, start_ns);
		memset(&t, 0, sizeof(t));
		t.ts = start_ns;
		t.uuid = UUID_IRQS + 1 + c;
		t.type = TE_TYPE_SLICE_BEGIN;
		t.cat = "interrupts";
		t.name = "in interrupts";
		pf_tev_num(&t, "hardirq_ns", (int64_t)it->hardirq_ns);
		pf_tev_num(&t, "softirq_ns", (int64_t)soft_ns);
		pf_tev_num(&t, "timer_ns", (int64_t)it->timer_ns);
		pf_tev_ann(&t, "detail", ss_explain_irq_time(it, text, sizeof(text)));
		span_write(p, &t, end_ns);
	}
}
