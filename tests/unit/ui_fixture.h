/*
 * The fixture the UI's golden-grid tests share: a synthetic trace fed
 * through the model's sink, rendered into a grid, and read back as text
 * and colour codes. Included by test_ui_view.c and test_ui_states.c.
 */
#ifndef SCHEDSCOPE_TESTS_UI_FIXTURE_H
#define SCHEDSCOPE_TESTS_UI_FIXTURE_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "model/model.h"
#include "model/syscalls.h"
#include "ui/grid.h"
#include "ui/keys.h"
#include "ui/render.h"
#include "ui/view.h"

#define S0 1000000000ull             /* the recording's start */
#define MS 1000000ull
#define X0 11                        /* CPU view: label 10 + a space */

struct fx {
	struct ss_model m;
	struct ui_view v;
	struct ui_grid g;
};

static inline void task(struct ss_model *m, uint32_t pid, uint32_t tgid, const char *comm, bool tree, uint16_t origin)
{
	struct ss_task t = { .ts_ns = S0, .pid = pid, .tgid = tgid, .ppid = 1, .origin = origin,
			     .flags = tree ? SS_TASKF_IN_TREE : 0, .prev = -1 };
	struct ss_sink k;

	snprintf(t.comm, sizeof(t.comm), "%s", comm);
	ss_model_sink(m, &k);
	k.task(k.ctx, &t);
}

/* The one way into the model: its sink. */
static inline void feed(struct ss_model *m, const struct ss_event *e)
{
	struct ss_sink k;

	ss_model_sink(m, &k);
	k.event(k.ctx, e);
}

static inline void sw(struct ss_model *m, double ms, unsigned cpu, uint32_t prev, unsigned state, uint32_t next)
{
	struct ss_event e = { .ts_ns = S0 + (uint64_t)(ms * MS), .kind = SS_SWITCH, .cpu = (uint16_t)cpu, .pid = prev };

	e.sw.next_pid = next;
	e.sw.prev_state = (uint16_t)state;
	e.sw.prev_prio = e.sw.next_prio = 120;
	feed(m, &e);
}

static inline void ev(struct ss_model *m, double ms, unsigned cpu, unsigned kind, uint32_t pid, uint32_t a, uint32_t b)
{
	struct ss_event e = { .ts_ns = S0 + (uint64_t)(ms * MS), .kind = (uint16_t)kind, .cpu = (uint16_t)cpu, .pid = pid };

	switch (kind) {
	case SS_WAKING:
	case SS_WAKEUP_NEW: e.wake.wakee = a; e.wake.target_cpu = b; break;
	case SS_FORK: e.fork.child = a; e.fork.flags = b; break;
	case SS_MARKER: e.marker.probe = a; break;
	case SS_EXIT: e.exit.code = 0; break;
	default: break;
	}
	feed(m, &e);
}

static inline int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	struct ss_trace_info info = { .version = 1, .ncpus = 2, .start_ns = S0 };
	struct ss_model *m = &f->m;
	struct ss_probe p = { .id = 0 };

	snprintf(info.cmdline, sizeof(info.cmdline), "main");
	assert_int_equal(ss_model_init(m, &info), 0);
	snprintf(p.provider, sizeof(p.provider), "schedscope");
	snprintf(p.name, sizeof(p.name), "phase");
	{
		struct ss_sink k;

		ss_model_sink(m, &k);
		k.probe(k.ctx, &p);
	}
	task(m, 100, 100, "main", true, SS_TASK_FIRST_SEEN);
	task(m, 200, 200, "other", false, SS_TASK_FIRST_SEEN);
	sw(m, 0, 0, 0, SS_ST_RUNNING, 100);
	task(m, 101, 100, "worker", true, SS_TASK_FORKED);
	ev(m, 1, 0, SS_FORK, 100, 101, SS_FORK_IS_THREAD);
	ev(m, 1, 0, SS_WAKEUP_NEW, 100, 101, 1);
	sw(m, 2, 1, 0, SS_ST_RUNNING, 101);
	sw(m, 3, 0, 100, SS_ST_S, 0);
	ev(m, 4, 0, SS_MARKER, 100, 0, 0);
	sw(m, 5, 0, 0, SS_ST_RUNNING, 200);
	sw(m, 5.5, 0, 200, SS_ST_S, 0);
	ev(m, 6, 1, SS_WAKING, 101, 100, 0);
	sw(m, 6, 1, 101, SS_ST_PREEMPTED, 0);
	sw(m, 7, 0, 0, SS_ST_RUNNING, 100);
	sw(m, 8, 1, 0, SS_ST_RUNNING, 101);
	ev(m, 9, 1, SS_EXIT, 101, 0, 0);
	sw(m, 9, 1, 101, SS_ST_X, 0);
	ss_model_finish(m, S0 + 10 * MS, 0);

	ui_view_init(&f->v, m);
	f->v.phase = UI_PHASE_TRACE;
	f->v.now_ns = m->end_ns;
	f->v.trace_path = "fixture.trace";
	*state = f;
	return 0;
}

static inline int teardown(void **state)
{
	struct fx *f = *state;

	ui_view_free(&f->v);
	ui_grid_free(&f->g);
	ss_model_free(&f->m);
	free(f);
	return 0;
}

/* Renders at w x h, 1 ms per cell, the start at the left edge. */
static inline void render(struct fx *f, int w, int h)
{
	ui_grid_resize(&f->g, w, h);
	ui_view_layout(&f->v, w, h);
	ui_view_set_zoom(&f->v, MS, 0);
	ui_view_goto(&f->v, 0);
	ui_render(&f->v, &f->g);
}

/* n cells of row y from x as text. */
static inline const char *text(struct fx *f, int x, int y, int n)
{
	static char buf[4][512];
	static int k;
	char *out = buf[k++ % 4];
	size_t off = 0;

	for (int i = 0; i < n; i++) {
		const struct ui_cell *c = ui_grid_at(&f->g, x + i, y);

		off += (size_t)ui_utf8_put(out + off, c && c->ch ? c->ch : ' ');
	}
	out[off] = 0;
	return out;
}

/* n cells of row y from x as colour codes: '1'.. a task colour, 'o' another
 * task, '.' anything that is not a run. */
static inline const char *colors(struct fx *f, int x, int y, int n)
{
	static char buf[4][256];
	static int k;
	char *out = buf[k++ % 4];

	for (int i = 0; i < n; i++) {
		const struct ui_cell *c = ui_grid_at(&f->g, x + i, y);

		out[i] = c->attr == UI_A_RUN || c->attr == UI_A_RUN_TEXT ? (c->color ? (char)('0' + c->color) : 'o') : '.';
	}
	out[n] = 0;
	return out;
}

static inline int find_row(struct fx *f, const char *needle)
{
	char buf[2048];

	for (int y = 0; y < f->g.h; y++) {
		ui_grid_row_text(&f->g, y, false, buf, sizeof(buf));
		if (strstr(buf, needle))
			return y;
	}
	return -1;
}

static inline void dump(struct fx *f)
{
	char buf[2048];

	for (int y = 0; y < f->g.h; y++) {
		ui_grid_row_text(&f->g, y, false, buf, sizeof(buf));
		print_message("%2d|%s\n", y, buf);
	}
}

static inline unsigned key(struct fx *f, int k)
{
	struct ui_input in = { .kind = UI_IN_KEY, .key = k };

	return ui_keys_handle(&f->v, &in);
}

/* A model of its own: the caller feeds it, then view_on() renders it. */
static inline struct fx *fx_new(uint32_t root)
{
	struct fx *f = calloc(1, sizeof(*f));
	struct ss_trace_info info = { .version = 1, .ncpus = 2, .start_ns = S0, .root_pid = root };

	snprintf(info.machine, sizeof(info.machine), "x86_64");
	assert_int_equal(ss_model_init(&f->m, &info), 0);
	return f;
}

static inline void view_on(struct fx *f, enum ui_mode mode, int w, int h)
{
	ui_view_init(&f->v, &f->m);
	f->v.now_ns = f->m.end_ns;
	f->v.mode = mode;
	render(f, w, h);
}

static inline void task_ppid(struct ss_model *m, uint32_t pid, uint32_t tgid, uint32_t ppid, const char *comm, bool tree)
{
	struct ss_task t = { .ts_ns = S0, .pid = pid, .tgid = tgid, .ppid = ppid, .flags = tree ? SS_TASKF_IN_TREE : 0,
			     .prev = -1 };
	struct ss_sink k;

	snprintf(t.comm, sizeof(t.comm), "%s", comm);
	ss_model_sink(m, &k);
	k.task(k.ctx, &t);
}

static inline void block_in(struct ss_model *m, double ms, uint32_t pid, const char *call, int fd, unsigned chan, uint64_t ino)
{
	struct ss_event b = { .ts_ns = S0 + (uint64_t)(ms * MS), .kind = SS_BLOCK, .pid = pid };

	b.block.nr = ss_syscall_nr("x86_64", call);
	b.block.fd = fd;
	b.block.chan.kind = (uint8_t)chan;
	b.block.chan.ino = ino;
	ss_chan_canon(&b.block.chan);
	feed(m, &b);
}

#endif
