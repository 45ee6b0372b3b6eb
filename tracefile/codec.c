#include "tracefile/codec.h"

#include <string.h>

#include "tracefile/format.h"

void ss_enc_init(struct ss_enc *e, uint16_t cpu)
{
	memset(e, 0, sizeof(*e));
	e->cpu = cpu;
}

void ss_enc_free(struct ss_enc *e)
{
	buf_free(&e->payload);
}

static void put_chain(struct buf *b, const struct ss_chain *ch)
{
	buf_varint(b, ch->known ? (uint64_t)ch->pid + 1 : 0);
	buf_u8(b, ch->prio);
}

void ss_enc_begin(struct ss_enc *e, uint64_t base_ts)
{
	if (base_ts < e->chain.ts_ns)   /* time never runs backwards within a CPU */
		base_ts = e->chain.ts_ns;
	buf_reset(&e->payload);
	e->count = 0;
	e->first_ts = e->last_ts = base_ts;
	e->chain.ts_ns = base_ts;
	buf_varint(&e->payload, base_ts);
	put_chain(&e->payload, &e->chain);
}

static void head(struct buf *b, struct ss_chain *ch, unsigned code, unsigned aux, uint64_t ts)
{
	buf_u8(b, (uint8_t)(code | aux << 4));
	buf_varint(b, ts - ch->ts_ns);
	ch->ts_ns = ts;
}

void ss_enc_event(struct ss_enc *e, const struct ss_event *ev)
{
	struct ss_chain *ch = &e->chain;
	struct buf *b = &e->payload;
	uint64_t ts = ev->ts_ns < ch->ts_ns ? ch->ts_ns : ev->ts_ns;
	unsigned aux = 0;

	switch (ev->kind) {
	case SS_SWITCH: {
		int st = ss_state_index(ev->sw.prev_state);
		bool chained = ch->known && ch->pid == ev->pid && ch->prio == ev->sw.prev_prio;

		head(b, ch, chained ? SS_C_SWITCH : SS_C_SWITCH_FULL, st < 0 ? 0 : (unsigned)st, ts);
		if (!chained) {
			buf_varint(b, ev->pid);
			buf_u8(b, ev->sw.prev_prio);
		}
		buf_varint(b, ev->sw.next_pid);
		buf_u8(b, ev->sw.next_prio);
		ch->pid = ev->sw.next_pid;
		ch->prio = ev->sw.next_prio;
		ch->known = true;
		break;
	}
	case SS_WAKING:
	case SS_WAKEUP_NEW:
		if (!ch->known || ch->pid != ev->pid)
			aux |= SS_WAKE_WAKER;
		if (ev->wake.target_cpu != e->cpu)
			aux |= SS_WAKE_TARGET;
		head(b, ch, ev->kind == SS_WAKING ? SS_C_WAKING : SS_C_WAKEUP_NEW, aux, ts);
		buf_varint(b, ev->wake.wakee);
		if (aux & SS_WAKE_WAKER)
			buf_varint(b, ev->pid);
		if (aux & SS_WAKE_TARGET)
			buf_varint(b, ev->wake.target_cpu);
		break;
	case SS_FORK:
		head(b, ch, SS_C_FORK, ev->fork.flags & SS_FORK_IS_THREAD, ts);
		buf_varint(b, ev->pid);
		buf_varint(b, ev->fork.child);
		break;
	case SS_EXEC:
		head(b, ch, SS_C_EXEC, 0, ts);
		buf_varint(b, ev->pid);
		buf_varint(b, ev->exec.old_pid);
		break;
	case SS_EXIT:
		head(b, ch, SS_C_EXIT, 0, ts);
		buf_varint(b, ev->pid);
		buf_svarint(b, ev->exit.code);
		break;
	case SS_MIGRATE:
		head(b, ch, SS_C_MIGRATE, 0, ts);
		buf_varint(b, ev->pid);
		buf_varint(b, ev->mig.orig_cpu);
		buf_varint(b, ev->mig.dest_cpu);
		break;
	case SS_MARKER: {
		unsigned n = ev->marker.nargs > SS_MAX_MARKER_ARGS ? SS_MAX_MARKER_ARGS : ev->marker.nargs;

		head(b, ch, SS_C_MARKER, n, ts);
		buf_varint(b, ev->pid);
		buf_varint(b, ev->marker.probe);
		for (unsigned i = 0; i < n; i++)
			buf_svarint(b, ev->marker.args[i]);
		break;
	}
	case SS_LOST:
		head(b, ch, SS_C_LOST, 0, ts);
		buf_varint(b, ev->lost.count);
		ch->known = false;   /* switches went missing: the next one names its prev */
		break;
	default:
		return;
	}
	e->count++;
	e->last_ts = ts;
}

int ss_dec_begin(struct ss_dec *d, const uint8_t *payload, uint32_t len, uint16_t cpu,
		 uint32_t count)
{
	uint64_t chain;

	memset(d, 0, sizeof(*d));
	d->c.p = payload;
	d->c.end = payload + len;
	d->cpu = cpu;
	d->left = count;
	d->chain.ts_ns = cur_varint(&d->c);
	chain = cur_varint(&d->c);
	d->chain.prio = cur_u8(&d->c);
	d->chain.known = chain != 0;
	d->chain.pid = chain ? (uint32_t)(chain - 1) : 0;
	return d->c.bad ? -1 : 0;
}

int ss_dec_next(struct ss_dec *d, struct ss_event *ev)
{
	struct ss_chain *ch = &d->chain;
	struct cursor *c = &d->c;
	unsigned code, aux;
	uint8_t byte;

	if (d->left == 0)
		return c->p == c->end ? 0 : -1;
	d->left--;
	byte = cur_u8(c);
	code = byte & 0xf;
	aux = byte >> 4;
	memset(ev, 0, sizeof(*ev));
	ch->ts_ns += cur_varint(c);
	ev->ts_ns = ch->ts_ns;
	ev->cpu = d->cpu;

	switch (code) {
	case SS_C_SWITCH:
	case SS_C_SWITCH_FULL:
		ev->kind = SS_SWITCH;
		if (code == SS_C_SWITCH) {
			if (!ch->known)
				return -1;
			ev->pid = ch->pid;
			ev->sw.prev_prio = ch->prio;
		} else {
			ev->pid = (uint32_t)cur_varint(c);
			ev->sw.prev_prio = cur_u8(c);
		}
		if (aux > 9)
			return -1;
		ev->sw.prev_state = (uint16_t)ss_state_from_index((int)aux);
		ev->sw.next_pid = (uint32_t)cur_varint(c);
		ev->sw.next_prio = cur_u8(c);
		ch->pid = ev->sw.next_pid;
		ch->prio = ev->sw.next_prio;
		ch->known = true;
		break;
	case SS_C_WAKING:
	case SS_C_WAKEUP_NEW:
		ev->kind = code == SS_C_WAKING ? SS_WAKING : SS_WAKEUP_NEW;
		ev->wake.wakee = (uint32_t)cur_varint(c);
		if (aux & SS_WAKE_WAKER)
			ev->pid = (uint32_t)cur_varint(c);
		else if (ch->known)
			ev->pid = ch->pid;
		else
			return -1;
		ev->wake.target_cpu = aux & SS_WAKE_TARGET ? (uint32_t)cur_varint(c) : d->cpu;
		break;
	case SS_C_FORK:
		ev->kind = SS_FORK;
		ev->fork.flags = aux & SS_FORK_IS_THREAD;
		ev->pid = (uint32_t)cur_varint(c);
		ev->fork.child = (uint32_t)cur_varint(c);
		break;
	case SS_C_EXEC:
		ev->kind = SS_EXEC;
		ev->pid = (uint32_t)cur_varint(c);
		ev->exec.old_pid = (uint32_t)cur_varint(c);
		break;
	case SS_C_EXIT:
		ev->kind = SS_EXIT;
		ev->pid = (uint32_t)cur_varint(c);
		ev->exit.code = (int32_t)cur_svarint(c);
		break;
	case SS_C_MIGRATE:
		ev->kind = SS_MIGRATE;
		ev->pid = (uint32_t)cur_varint(c);
		ev->mig.orig_cpu = (uint32_t)cur_varint(c);
		ev->mig.dest_cpu = (uint32_t)cur_varint(c);
		break;
	case SS_C_MARKER:
		if (aux > SS_MAX_MARKER_ARGS)
			return -1;
		ev->kind = SS_MARKER;
		ev->pid = (uint32_t)cur_varint(c);
		ev->marker.probe = (uint32_t)cur_varint(c);
		ev->marker.nargs = aux;
		for (unsigned i = 0; i < aux; i++)
			ev->marker.args[i] = cur_svarint(c);
		break;
	case SS_C_LOST:
		ev->kind = SS_LOST;
		ev->lost.count = cur_varint(c);
		ch->known = false;
		break;
	default:
		return -1;
	}
	return c->bad ? -1 : 1;
}
