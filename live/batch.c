/* Batch mode: the real view and key table, rendered to text instead of a
 * terminal (htop's -n, for tests, sanitizers and the docs).
 *
 * With --frames N the trace is replayed into the model in N steps, as the
 * live view would see it, with a frame after each; with --keys each key is
 * pressed in turn, with a frame after each. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "live/loop.h"
#include "tracefile/replay.h"
#include "ui/keys.h"
#include "ui/lesson_view.h"
#include "ui/render.h"
#include "symbols/symbols.h"

struct batch {
	struct ss_model m;
	struct ss_symbols *sy;     /* the model's stack teller: the detail panel names stacks */
	struct ui_view v;
	struct ui_grid g;
	const struct live_batch_opts *b;
	FILE *out;
	struct ui_split *split;    /* two traces stacked, or NULL */
	int frame, nframes;
	char *row;
	size_t rowsize;
};

static void emit(struct batch *bt)
{
	if (bt->split)
		ui_split_render(bt->split, &bt->g);
	else
		ui_render(&bt->v, &bt->g);
	bt->frame++;
	if (bt->nframes > 1)
		fprintf(bt->out, "--- frame %d of %d ---\n", bt->frame, bt->nframes);
	for (int y = 0; y < bt->g.h; y++) {
		ui_grid_row_text(&bt->g, y, bt->b->ascii, bt->row, bt->rowsize);
		fprintf(bt->out, "%s\n", bt->row);
	}
}

/* Splits "a b c" (spaces between) into keys; returns how many, -1 (with err) on a bad name. */
static int parse_keys(const char *s, int *keys, int max, char *err, size_t errlen)
{
	int n = 0;
	char name[32];

	while (s && *s) {
		size_t len = strcspn(s, " ");

		if (len == 0) {
			s++;
			continue;
		}
		snprintf(name, sizeof(name), "%.*s", (int)(len < sizeof(name) ? len : sizeof(name) - 1), s);
		if (n == max) {
			snprintf(err, errlen, "too many keys (at most %d)", max);
			return -1;
		}
		keys[n] = ui_key_parse(name);
		if (keys[n] < 0) {
			snprintf(err, errlen, "unknown key '%s' (names: Left Right Up Down Home End PgUp PgDn "
				 "Enter Esc Tab Space C-c, or one character)", name);
			return -1;
		}
		n++;
		s += len;
	}
	return n;
}

/* Replays the trace as the live view would have seen it: 1/frames of its
 * events at a time through the replay, a frame after each. */
static int replay(struct batch *bt, const struct ss_reader *r, const struct live_opts *o,
		  char *err, size_t errlen)
{
	struct ss_replay *rp = NULL;
	struct ss_trace_tail tail;
	struct ss_sink sink;
	int rc = 1, step;

	if (ss_model_init(&bt->m, &r->info) || (ss_model_sink(&bt->m, &sink), !(rp = ss_replay_new(r, &sink)))) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if (bt->sy)
		ss_symbols_attach(bt->sy, &bt->m);
	ui_view_init(&bt->v, &bt->m);
	live_setup_view(&bt->v, o, bt->g.w, bt->g.h, true);
	for (step = 1; step < bt->b->frames && rc == 1; step++) {
		uint64_t upto = r->nevents * (uint64_t)step / (uint64_t)bt->b->frames;

		rc = ss_replay_step(rp, upto - ss_replay_events(rp));
		if (rc < 0)
			break;
		bt->v.now_ns = bt->m.end_ns;
		bt->v.events = bt->m.nevents;
		emit(bt);
	}
	if (rc == 1)
		rc = ss_replay_step(rp, UINT64_MAX);
	if (rc < 0)
		snprintf(err, errlen, "%s: %s", r->path, ss_replay_error(rp));
	ss_replay_free(rp);
	ss_trace_tail_of(r, &tail);
	ss_trace_finish_model(&bt->m, &tail);
	if (rc < 0)
		return -1;
	bt->v.phase = UI_PHASE_FINISHED;
	bt->v.now_ns = bt->m.end_ns;
	live_trace_status(&bt->v, &bt->m);
	/* as the live view does when the run ends */
	if (!o->zoom_ns && !o->have_at)
		ui_lesson_open(&bt->v, bt->g.w, bt->g.h);
	while (step++ <= bt->b->frames)    /* a trace with fewer events than frames */
		emit(bt);
	return 0;
}

/* Presses the keys in turn, a frame after each. */
static void press(struct batch *bt, const int *keys, int nkeys)
{
	for (int i = 0; i < nkeys; i++) {
		struct ui_input in = { .kind = UI_IN_KEY, .key = keys[i] };
		unsigned act = bt->split ? ui_split_handle(bt->split, &in) : ui_keys_handle(&bt->v, &in);

		if (act & UI_ACT_EXPORT)
			snprintf(bt->v.msg, sizeof(bt->v.msg), "export (e) works in the interactive view only");
		if (act & UI_ACT_PICTURE)
			snprintf(bt->v.msg, sizeof(bt->v.msg), "a picture (w) is export --format svg here");
		emit(bt);
		if (act & UI_ACT_QUIT)
			break;
	}
}

int live_batch(const char *path, unsigned reader_flags, const struct live_opts *o,
	       const struct live_batch_opts *b, FILE *out, char *err, size_t errlen)
{
	struct ss_reader *r = ss_reader_open(path, reader_flags, err, errlen);
	int rc;

	if (!r)
		return -1;
	rc = live_batch_reader(r, o, b, out, err, errlen);
	ss_reader_close(r);
	return rc;
}

int live_batch_reader(const struct ss_reader *r, const struct live_opts *o,
		      const struct live_batch_opts *b, FILE *out, char *err, size_t errlen)
{
	struct batch bt = { .b = b, .out = out };
	int keys[256], nkeys = 0, rc = 0;

	nkeys = parse_keys(b->keys, keys, 256, err, errlen);
	if (nkeys < 0)
		return -1;
	bt.nframes = (b->frames > 1 ? b->frames : 1) + nkeys;
	bt.rowsize = (size_t)b->w * 4 + 1;
	bt.row = malloc(bt.rowsize);
	if (!bt.row || ui_grid_resize(&bt.g, b->w, b->h)) {
		snprintf(err, errlen, "out of memory");
		free(bt.row);
		return -1;
	}
	bt.g.ascii = b->ascii;
	bt.sy = ss_symbols_new();
	if (b->frames > 1) {
		rc = replay(&bt, r, o, err, errlen);
	} else if (ss_trace_load_reader(&bt.m, r, err, errlen)) {
		rc = -1;
	} else {
		if (bt.sy)
			ss_symbols_attach(bt.sy, &bt.m);
		ui_view_init(&bt.v, &bt.m);
		live_trace_status(&bt.v, &bt.m);
		live_setup_view(&bt.v, o, b->w, b->h, false);
		emit(&bt);
	}
	if (rc == 0)
		press(&bt, keys, nkeys);
	if (bt.v.m)
		ui_view_free(&bt.v);
	if (bt.m.cpu)
		ss_model_free(&bt.m);
	ss_symbols_free(bt.sy);
	ui_grid_free(&bt.g);
	free(bt.row);
	return rc;
}

int live_batch_split(const char *path, const char *path2, unsigned reader_flags, const struct live_opts *o,
		     const struct live_opts *o2, const struct live_batch_opts *b, FILE *out, char *err,
		     size_t errlen)
{
	struct batch bt = { .b = b, .out = out };
	struct ss_model m2 = { 0 };
	struct ui_view v2;
	struct ui_split split;
	struct ss_reader *r = NULL;
	struct ss_symbols *sy2 = NULL;
	int keys[256], nkeys, rc = -1;

	nkeys = parse_keys(b->keys, keys, 256, err, errlen);
	if (nkeys < 0)
		return -1;
	if (b->frames > 1) {
		snprintf(err, errlen, "--frames replays one trace; two are shown finished");
		return -1;
	}
	bt.nframes = 1 + nkeys;
	bt.rowsize = (size_t)b->w * 4 + 1;
	bt.row = malloc(bt.rowsize);
	if (!bt.row || ui_grid_resize(&bt.g, b->w, b->h)) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	bt.g.ascii = b->ascii;
	r = ss_reader_open(path, reader_flags, err, errlen);
	if (!r || ss_trace_load_reader(&bt.m, r, err, errlen))
		goto out;
	ss_reader_close(r);
	r = ss_reader_open(path2, reader_flags, err, errlen);
	if (!r || ss_trace_load_reader(&m2, r, err, errlen))
		goto out;
	/* the detail panels name stacks, each model with its own teller */
	bt.sy = ss_symbols_new();
	sy2 = ss_symbols_new();
	if (bt.sy)
		ss_symbols_attach(bt.sy, &bt.m);
	if (sy2)
		ss_symbols_attach(sy2, &m2);
	ui_view_init(&bt.v, &bt.m);
	live_trace_status(&bt.v, &bt.m);
	live_setup_view(&bt.v, o, b->w, b->h, false);
	ui_view_init(&v2, &m2);
	live_trace_status(&v2, &m2);
	live_setup_view(&v2, o2, b->w, b->h, false);
	ui_split_init(&split, &bt.v, &v2);
	bt.split = &split;
	if (o->align && ui_split_align(&split, o->align)) {
		snprintf(err, errlen, "no marker '%s' in both traces", o->align);
		ui_split_free(&split);
		ui_view_free(&v2);
		ui_view_free(&bt.v);
		goto out;
	}
	emit(&bt);
	press(&bt, keys, nkeys);
	ui_split_free(&split);
	ui_view_free(&v2);
	ui_view_free(&bt.v);
	rc = 0;
out:
	if (r)
		ss_reader_close(r);
	if (m2.cpu)
		ss_model_free(&m2);
	if (bt.m.cpu)
		ss_model_free(&bt.m);
	ss_symbols_free(sy2);
	ss_symbols_free(bt.sy);
	ui_grid_free(&bt.g);
	free(bt.row);
	return rc;
}
