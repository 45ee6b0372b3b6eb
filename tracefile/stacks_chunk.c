/*
 * Stacks and mappings are few and written once each, so their encoding
 * favours plainness over size: varints throughout, a mapping's end as its
 * length, strings as the codec writes them. Everything read is checked
 * against the payload before it sizes anything: a mapping count is only
 * believed one decoded mapping at a time.
 */
#include "tracefile/stacks_chunk.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "tracefile/format.h"
#include "util/vec.h"

void ss_enc_maps(struct buf *b, const struct ss_maps *m)
{
	buf_u8(b, SS_SE_MAPS);
	buf_varint(b, m->id);
	buf_varint(b, m->tgid);
	buf_varint(b, m->ts_ns);
	buf_varint(b, m->n);
	for (size_t i = 0; i < m->n; i++) {
		const struct ss_map *mp = &m->v[i];

		buf_varint(b, mp->start);
		buf_varint(b, mp->end - mp->start);
		buf_varint(b, mp->offset);
		buf_varint(b, mp->ino);
		buf_varint(b, mp->size);
		buf_varint(b, mp->mtime_ns);
		buf_u8(b, mp->build_id_len);
		buf_put(b, mp->build_id, mp->build_id_len);
		buf_str(b, mp->path);
	}
}

void ss_enc_stack(struct buf *b, const struct ss_stack *s)
{
	buf_u8(b, SS_SE_STACK);
	buf_varint(b, s->id);
	buf_varint(b, s->tgid);
	buf_varint(b, s->maps);
	buf_varint(b, s->flags);
	buf_varint(b, s->sp);
	buf_varint(b, s->bp);
	buf_varint(b, s->n);
	for (unsigned i = 0; i < s->n; i++)
		buf_varint(b, s->pcs[i]);
	buf_varint(b, SS_STACK_WIN);
	for (unsigned i = 0; i < SS_STACK_WIN; i++)
		buf_varint(b, s->win[i]);
}

void ss_enc_kstack(struct buf *b, const struct ss_kstack *k)
{
	buf_u8(b, SS_SE_KSTACK);
	buf_varint(b, k->id);
	buf_varint(b, k->flags);
	buf_varint(b, k->n);
	for (unsigned i = 0; i < k->n; i++)
		buf_str(b, k->fn[i]);
}

static int dec_maps(struct cursor *c, struct ss_stacks *out)
{
	struct ss_maps m = { 0 };
	size_t cap = 0;
	uint64_t n;
	int rc;

	m.id = (uint32_t)cur_varint(c);
	m.tgid = (uint32_t)cur_varint(c);
	m.ts_ns = cur_varint(c);
	n = cur_varint(c);
	for (uint64_t i = 0; i < n && !c->bad; i++) {
		struct ss_map mp = { 0 };

		mp.start = cur_varint(c);
		mp.end = mp.start + cur_varint(c);
		mp.offset = cur_varint(c);
		mp.ino = cur_varint(c);
		mp.size = cur_varint(c);
		mp.mtime_ns = cur_varint(c);
		mp.build_id_len = cur_u8(c);
		if (mp.build_id_len > SS_BUILD_ID_MAX || (size_t)(c->end - c->p) < mp.build_id_len) {
			c->bad = true;
			break;
		}
		memcpy(mp.build_id, c->p, mp.build_id_len);
		c->p += mp.build_id_len;
		cur_str(c, mp.path, sizeof(mp.path));
		if (c->bad)
			break;
		if (!vec_grow((void **)&m.v, &cap, m.n + 1, sizeof(*m.v))) {
			free(m.v);
			return -ENOMEM;
		}
		m.v[m.n++] = mp;
	}
	rc = c->bad || !m.id ? -EINVAL : ss_stacks_add_maps(out, &m);
	free(m.v);
	return rc;
}

static int dec_stack(struct cursor *c, struct ss_stacks *out)
{
	struct ss_stack s = { 0 };
	uint64_t n, nwin;

	s.id = (uint32_t)cur_varint(c);
	s.tgid = (uint32_t)cur_varint(c);
	s.maps = (uint32_t)cur_varint(c);
	s.flags = (uint16_t)cur_varint(c);
	s.sp = cur_varint(c);
	s.bp = cur_varint(c);
	n = cur_varint(c);
	if (n > SS_STACK_MAX)
		return -EINVAL;
	s.n = (uint16_t)n;
	for (unsigned i = 0; i < s.n; i++)
		s.pcs[i] = cur_varint(c);
	nwin = cur_varint(c);
	if (nwin > SS_STACK_WIN)
		return -EINVAL;
	for (unsigned i = 0; i < nwin; i++)
		s.win[i] = cur_varint(c);
	if (c->bad || !s.id)
		return -EINVAL;
	return ss_stacks_add(out, &s);
}

/* A name is kept as long as it fits (SS_KSYM_MAX - 1 bytes); an empty one
 * names nothing, and is damage. */
static int dec_kstack(struct cursor *c, struct ss_stacks *out)
{
	struct ss_kstack k;
	uint64_t n;

	memset(&k, 0, sizeof(k));
	k.id = (uint32_t)cur_varint(c);
	k.flags = (uint16_t)cur_varint(c);
	n = cur_varint(c);
	if (n > SS_KSTACK_MAX)
		return -EINVAL;
	k.n = (uint16_t)n;
	for (unsigned i = 0; i < k.n && !c->bad; i++) {
		cur_str(c, k.fn[i], sizeof(k.fn[i]));
		if (!k.fn[i][0])
			return -EINVAL;
	}
	if (c->bad || !k.id)
		return -EINVAL;
	return ss_stacks_kadd(out, &k);
}

static int dec_entry(struct cursor *c, struct ss_stacks *s)
{
	switch (cur_u8(c)) {
	case SS_SE_MAPS: return dec_maps(c, s);
	case SS_SE_STACK: return dec_stack(c, s);
	case SS_SE_KSTACK: return dec_kstack(c, s);
	default: return -EINVAL;
	}
}

int ss_dec_stacks(const uint8_t *p, uint32_t len, uint32_t count, struct ss_stacks *s)
{
	struct cursor c = { p, p + len, false };

	for (uint32_t i = 0; i < count; i++) {
		int rc = dec_entry(&c, s);

		if (rc)
			return rc;
	}
	return c.p == c.end && !c.bad ? 0 : -EINVAL;
}
