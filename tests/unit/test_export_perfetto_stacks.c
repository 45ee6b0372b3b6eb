/*
 * The Perfetto export's native callstacks, without a kernel: a trace written
 * with ss_writer (app_trace.h) in which thread 100 sleeps three times on a
 * pipe, twice in the same recorded stack (on CPU 0, then on CPU 1) and once
 * without one. Its stack is in a file that is not there, so the walk
 * (symbols/) gives the one frame it can place, in its mapping, and says why
 * it stops: what the export makes of it is known in advance. The export is read back with
 * a protobuf reader of a few lines: two PerfSamples at the moments it
 * blocked, on its CPUs, naming one callstack, interned once (one mapping,
 * two frames), in the first sample's packet; none for the sleep without a
 * stack. The second sleep's stack has an id of its own (the kernel side told
 * them apart by another sp) but the same frames: still one callstack. tests/export/test_perfetto_stacks.sh checks real recordings.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "export/export.h"
#include "export/perfetto_fields.h"
#include "tests/unit/app_trace.h"

static char dir[] = "/tmp/schedscope-pfstacks-unit.XXXXXX";

/* ---- the trace ---- */

/* 100 goes to sleep on cpu in read() on pipe:[77], in stack (0: none); an
 * interrupt wakes it and it runs again on wake_cpu. */
static void put_sleep(struct ss_writer *w, uint64_t ts, unsigned cpu, uint32_t stack, unsigned wake_cpu)
{
	struct ss_event e = app_at(ts, cpu, SS_BLOCK, 100);

	e.block.nr = 0;
	e.block.fd = 3;
	e.block.chan.kind = SS_CH_PIPE;
	e.block.chan.ino = 77;
	ss_chan_canon(&e.block.chan);
	e.block.stack = stack;
	ss_writer_event(w, &e);
	app_switch(w, ts + 100, cpu, 100, SS_ST_S, 0);
	e = app_at(ts + 1000, cpu, SS_WAKING, 0);
	e.wake.wakee = 100;
	e.wake.target_cpu = (uint16_t)wake_cpu;
	ss_writer_event(w, &e);
	app_switch(w, ts + 2000, wake_cpu, 0, SS_ST_RUNNING, 100);
}

static void write_trace(const char *path)
{
	struct ss_trace_end end = { .stop_ns = 1100000, .ncpus = 2 };
	struct ss_writer *w = app_trace_open(path, 2, 0);

	assert_non_null(w);
	app_stack(w, 2, 0x7ffd0000 + 64);
	app_switch(w, 1001000, 0, 0, SS_ST_RUNNING, 100);
	put_sleep(w, 1010000, 0, 1, 0);
	put_sleep(w, 1020000, 0, 0, 0);         /* no stack: no sample */
	app_switch(w, 1025000, 0, 100, SS_ST_RUNNING, 0);
	app_switch(w, 1026000, 1, 0, SS_ST_RUNNING, 100);
	put_sleep(w, 1030000, 1, 2, 0);         /* the same frames, on CPU 1, then back to 0 */
	assert_int_equal(ss_writer_close(w, &end), 0);
}

/* ---- reading it back ---- */

struct pbr {
	const uint8_t *p, *end;
};

static uint64_t pbr_varint(struct pbr *r)
{
	uint64_t v = 0;

	for (unsigned s = 0; r->p < r->end && s < 64; s += 7) {
		uint8_t c = *r->p++;

		v |= (uint64_t)(c & 0x7f) << s;
		if (!(c & 0x80))
			break;
	}
	return v;
}

/* The next field: its number, and its value (varint) or body (length-
 * delimited). false at the end. */
static bool pbr_next(struct pbr *r, unsigned *field, uint64_t *v, struct pbr *body)
{
	uint64_t tag;

	if (r->p >= r->end)
		return false;
	tag = pbr_varint(r);
	*field = (unsigned)(tag >> 3);
	switch (tag & 7) {
	case 0: *v = pbr_varint(r); return true;
	case 1: r->p += 8; *v = 0; return true;
	case 2:
		*v = pbr_varint(r);
		assert_true(*v <= (uint64_t)(r->end - r->p));
		body->p = r->p;
		body->end = r->p + *v;
		r->p += *v;
		return true;
	default: fail_msg("wire type %u", (unsigned)(tag & 7)); return false;
	}
}

struct sample {
	uint64_t ts, cpu, pid, tid, callstack, seq_flags;
	bool has_cpu;
	unsigned interned;        /* InternedData entries in its packet */
};

struct seen {
	struct sample s[8];
	unsigned n;
	unsigned callstacks, frames, mappings, names;
	uint64_t frame_ids[8];    /* the callstack's, outermost first */
	unsigned nframe_ids;
	uint64_t frame_fn[8], frame_map[8], frame_pc[8];
	char fn[8][200];          /* function_names by iid */
	uint64_t map_start, map_offset;
};

static void read_interned(struct seen *o, struct pbr d, unsigned *count)
{
	struct pbr e, sub;
	unsigned f, g;
	uint64_t v, w, iid = 0;

	while (pbr_next(&d, &f, &v, &e)) {
		(*count)++;
		if (f == F_ID_CALLSTACKS) {
			o->callstacks++;
			while (pbr_next(&e, &g, &w, &sub))
				if (g == F_CALLSTACK_FRAME_IDS && o->nframe_ids < 8)
					o->frame_ids[o->nframe_ids++] = w;
		} else if (f == F_ID_FRAMES) {
			o->frames++;
			while (pbr_next(&e, &g, &w, &sub)) {
				if (g == F_FRAME_IID)
					iid = w;
				else if (iid < 8 && g == F_FRAME_FUNCTION_NAME_ID)
					o->frame_fn[iid] = w;
				else if (iid < 8 && g == F_FRAME_MAPPING_ID)
					o->frame_map[iid] = w;
				else if (iid < 8 && g == F_FRAME_REL_PC)
					o->frame_pc[iid] = w;
			}
		} else if (f == F_ID_FUNCTION_NAMES) {
			o->names++;
			while (pbr_next(&e, &g, &w, &sub)) {
				if (g == F_INTERNED_IID)
					iid = w;
				else if (g == F_INTERNED_NAME && iid < 8)
					snprintf(o->fn[iid], sizeof(o->fn[0]), "%.*s", (int)w, (const char *)sub.p);
			}
		} else if (f == F_ID_MAPPINGS) {
			o->mappings++;
			while (pbr_next(&e, &g, &w, &sub)) {
				if (g == F_MAPPING_START)
					o->map_start = w;
				else if (g == F_MAPPING_EXACT_OFFSET)
					o->map_offset = w;
			}
		}
	}
}

static void read_export(const char *path, void *ctx)
{
	struct seen *o = ctx;
	FILE *fp = fopen(path, "rb");
	static uint8_t bytes[1 << 16];
	struct pbr r, pk, body;
	size_t n;
	unsigned f, g;
	uint64_t v;

	assert_non_null(fp);
	n = fread(bytes, 1, sizeof(bytes), fp);
	fclose(fp);
	assert_true(n < sizeof(bytes));
	memset(o, 0, sizeof(*o));
	r = (struct pbr){ bytes, bytes + n };
	while (pbr_next(&r, &f, &v, &pk)) {
		struct sample s = { 0 };
		bool is_sample = false;

		assert_int_equal(f, F_TRACE_PACKET);
		while (pbr_next(&pk, &g, &v, &body)) {
			if (g == F_PACKET_TIMESTAMP)
				s.ts = v;
			else if (g == F_PACKET_SEQ_FLAGS)
				s.seq_flags = v;
			else if (g == F_PACKET_INTERNED_DATA)
				read_interned(o, body, &s.interned);
			else if (g == F_PACKET_PERF_SAMPLE) {
				struct pbr e;
				unsigned h;
				uint64_t w;

				is_sample = true;
				while (pbr_next(&body, &h, &w, &e)) {
					if (h == F_PERF_CPU) {
						s.cpu = w;
						s.has_cpu = true;
					}
					s.pid = h == F_PERF_PID ? w : s.pid;
					s.tid = h == F_PERF_TID ? w : s.tid;
					s.callstack = h == F_PERF_CALLSTACK_IID ? w : s.callstack;
				}
			}
		}
		if (is_sample && o->n < 8)
			o->s[o->n++] = s;
	}
}

/* ---- the test ---- */

static void test_samples(void **state)
{
	struct seen o;
	uint64_t leaf, root;

	(void)state;
	app_export(dir, EXPORT_PERFETTO, write_trace, read_export, &o);

	/* the two sleeps with a stack, when (the switch away) and where they blocked */
	assert_int_equal(o.n, 2);
	assert_int_equal(o.s[0].ts, 1010100);
	assert_int_equal(o.s[1].ts, 1030100);
	for (unsigned i = 0; i < 2; i++) {
		assert_true(o.s[i].has_cpu);
		assert_int_equal(o.s[i].cpu, i);
		assert_int_equal(o.s[i].tid, 100);
		assert_int_equal(o.s[i].pid, 100);
		assert_int_equal(o.s[i].seq_flags, SEQ_NEEDS_INCREMENTAL_STATE);
	}
	/* one callstack, interned with the first sample, named by both */
	assert_int_not_equal(o.s[0].callstack, 0);
	assert_int_equal(o.s[1].callstack, o.s[0].callstack);
	assert_int_not_equal(o.s[0].interned, 0);
	assert_int_equal(o.s[1].interned, 0);
	assert_int_equal(o.callstacks, 1);
	assert_int_equal(o.mappings, 1);
	assert_int_equal(o.frames, 2);
	assert_int_equal(o.names, 1);

	/* outermost first: where the walk stopped, then the leaf in its mapping */
	assert_int_equal(o.nframe_ids, 2);
	root = o.frame_ids[0];
	leaf = o.frame_ids[1];
	assert_true(root < 8 && leaf < 8);
	assert_int_equal(o.frame_map[root], 0);
	assert_true(o.frame_fn[root] < 8);
	assert_non_null(strstr(o.fn[o.frame_fn[root]], "[stack stops in app"));
	assert_int_not_equal(o.frame_map[leaf], 0);
	assert_int_equal(o.frame_fn[leaf], 0);     /* unnamed: its mapping tells */
	assert_int_equal(o.frame_pc[leaf], APP_LEAF_PC - APP_MAP_START + APP_MAP_OFFSET);
	assert_int_equal(o.map_start, APP_MAP_START);
	assert_int_equal(o.map_offset, APP_MAP_OFFSET);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_samples),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
