/* The EVENTS chunk's encoding, both ways (codec.h). Encoder and decoder
 * keep the same small state, the CPU's chain (its current task and that
 * task's priority), so a switch whose prev is the task last switched in
 * and a waking made by it leave the pid out. Time is clamped so that it
 * never runs back within a CPU: the reader refuses a file where it does. */
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

void ss_enc_chan(struct buf *b, const struct ss_chan *c)
{
	buf_u8(b, (uint8_t)(c->kind | c->flags << 4));
	buf_varint(b, c->ino);
	buf_varint(b, c->peer);
	if (c->kind == SS_CH_TCP || c->kind == SS_CH_UDP) {
		buf_le32(b, c->laddr);
		buf_le32(b, c->raddr);
		buf_varint(b, c->lport);
		buf_varint(b, c->rport);
	}
}

void ss_dec_chan(struct cursor *c, struct ss_chan *ch)
{
	uint8_t kf = cur_u8(c);

	memset(ch, 0, sizeof(*ch));
	ch->kind = kf & 0xf;
	ch->flags = kf >> 4;
	ch->ino = cur_varint(c);
	ch->peer = cur_varint(c);
	if (ch->kind == SS_CH_TCP || ch->kind == SS_CH_UDP) {
		uint8_t a[8];

		for (int i = 0; i < 8; i++)
			a[i] = cur_u8(c);
		ch->laddr = le32(a);
		ch->raddr = le32(a + 4);
		ch->lport = (uint16_t)cur_varint(c);
		ch->rport = (uint16_t)cur_varint(c);
	}
	if (ch->kind >= SS_CH_KIND_MAX)
		c->bad = true;
	ss_chan_canon(ch);
}

static void enc_sys(struct buf *b, const struct ss_sys *s)
{
	uint8_t have = 0;

	if (s->fd >= 0)
		have |= SS_SYS_FD;
	if (s->args[0])
		have |= SS_SYS_ARG0;
	if (s->args[1])
		have |= SS_SYS_ARG1;
	if (s->args[2])
		have |= SS_SYS_ARG2;
	/* a withheld call's mark travels as a channel of kind none: older
	 * readers read it as no channel, as they read such a call before */
	if (s->chan.kind != SS_CH_NONE || s->chan.flags)
		have |= SS_SYS_CHAN;
	if (s->stack)
		have |= SS_SYS_STACK;
	if (s->kstack)
		have |= SS_SYS_KSTACK;
	buf_u8(b, have);
	buf_svarint(b, s->nr);
	if (have & SS_SYS_FD)
		buf_varint(b, (uint64_t)s->fd);
	for (int i = 0; i < 3; i++)
		if (have & (SS_SYS_ARG0 << i))
			buf_varint(b, s->args[i]);
	if (have & SS_SYS_CHAN)
		ss_enc_chan(b, &s->chan);
	if (have & SS_SYS_STACK)
		buf_varint(b, s->stack);
	if (have & SS_SYS_KSTACK)
		buf_varint(b, s->kstack);
}

static void dec_sys(struct cursor *c, struct ss_sys *s)
{
	uint8_t have = cur_u8(c);

	memset(s, 0, sizeof(*s));
	s->nr = (int32_t)cur_svarint(c);
	s->fd = have & SS_SYS_FD ? (int32_t)cur_varint(c) : -1;
	for (int i = 0; i < 3; i++)
		if (have & (SS_SYS_ARG0 << i))
			s->args[i] = cur_varint(c);
	if (have & SS_SYS_CHAN)
		ss_dec_chan(c, &s->chan);
	if (have & SS_SYS_STACK)
		s->stack = (uint32_t)cur_varint(c);
	if (have & SS_SYS_KSTACK)
		s->kstack = (uint32_t)cur_varint(c);
	if (have & 0x80)
		c->bad = true;          /* a field no version defines: not to be skipped */
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
	case SS_BLOCK: {
		bool given = !ch->known || ch->pid != ev->pid;

		head(b, ch, SS_C_BLOCK, given, ts);
		if (given)
			buf_varint(b, ev->pid);
		enc_sys(b, &ev->block);
		break;
	}
	case SS_WAKER: {
		bool given = !ch->known || ch->pid != ev->pid;

		bool ctx = ev->waker.cause >= SS_WAKER_CTX;

		head(b, ch, SS_C_WAKER, (ctx ? SS_WAKER_CTX : ev->waker.cause & 3) | (given ? 4u : 0u), ts);
		if (given)
			buf_varint(b, ev->pid);
		buf_varint(b, ev->waker.wakee);
		if (ctx) {
			buf_varint(b, ev->waker.cause);
			buf_varint(b, ev->waker.ctx_id);
		}
		if (ev->waker.cause == SS_WC_SYSCALL)
			enc_sys(b, &ev->waker.sys);
		break;
	}
	case SS_SIGNAL:
		head(b, ch, SS_C_SIGNAL, ev->signal.dir & 1, ts);
		buf_varint(b, ev->pid);
		buf_varint(b, ev->signal.target);
		buf_svarint(b, ev->signal.sig);
		buf_svarint(b, ev->signal.code);
		buf_svarint(b, ev->signal.result);
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
	case SS_C_BLOCK:
		ev->kind = SS_BLOCK;
		if (aux & 1)
			ev->pid = (uint32_t)cur_varint(c);
		else if (ch->known)
			ev->pid = ch->pid;
		else
			return -1;
		dec_sys(c, &ev->block);
		break;
	case SS_C_WAKER:
		ev->kind = SS_WAKER;
		if (aux & 4)
			ev->pid = (uint32_t)cur_varint(c);
		else if (ch->known)
			ev->pid = ch->pid;
		else
			return -1;
		ev->waker.wakee = (uint32_t)cur_varint(c);
		ev->waker.cause = aux & 3;
		if (ev->waker.cause == SS_WAKER_CTX) {
			uint64_t cause = cur_varint(c), id = cur_varint(c);

			if (cause < SS_WC_HARDIRQ || cause >= SS_WC_MAX || id > 0xffff)
				return -1;
			ev->waker.cause = (uint16_t)cause;
			ev->waker.ctx_id = (uint16_t)id;
		}
		if (ev->waker.cause == SS_WC_SYSCALL)
			dec_sys(c, &ev->waker.sys);
		else
			ev->waker.sys.fd = -1;
		break;
	case SS_C_SIGNAL:
		ev->kind = SS_SIGNAL;
		ev->signal.dir = aux & 1;
		ev->pid = (uint32_t)cur_varint(c);
		ev->signal.target = (uint32_t)cur_varint(c);
		ev->signal.sig = (int32_t)cur_svarint(c);
		ev->signal.code = (int32_t)cur_svarint(c);
		ev->signal.result = (int32_t)cur_svarint(c);
		break;
	default:
		return -1;
	}
	return c->bad ? -1 : 1;
}
