/* Batch mode: the real view and key table, rendered to text instead of a
 * terminal (htop's -n, for tests, sanitizers and the docs).
 *
 * With --frames N the trace is replayed into the model in N steps, as the
 * live view would see it, with a frame after each; with --keys each key is
 * pressed in turn, with a frame after each. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tracefile/reader.h"
#include "ui/app.h"
#include "ui/keys.h"
#include "ui/ui.h"

struct batch {
	struct ss_model m;
	struct ui_index ix;
	struct ui_view v;
	struct ui_grid g;
	const struct ui_batch_opts *b;
	FILE *out;
	int frame, nframes;
	char *row;
	size_t rowsize;
};

static void emit(struct batch *bt)
{
	ui_index_update(&bt->ix, &bt->m);
	ui_view_render(&bt->v, &bt->g);
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

/* Replays the trace: feeds 1/frames of its events at a time, a frame after each. */
static int replay(struct batch *bt, const char *path, unsigned flags, const struct ui_opts *o,
		  char *err, size_t errlen)
{
	struct ss_reader *r = ss_reader_open(path, flags, err, errlen);
	struct ss_iter *it;
	struct ss_event ev;
	uint64_t done = 0, next;
	int rc, step = 1;

	if (!r)
		return -1;
	if (ss_model_init(&bt->m, &r->info) || !(it = ss_iter_new(r))) {
		snprintf(err, errlen, "out of memory");
		ss_reader_close(r);
		return -1;
	}
	for (size_t i = 0; i < r->tasks.n; i++)
		ss_model_task(&bt->m, &r->tasks.v[i]);
	for (size_t i = 0; i < r->nprobes; i++)
		ss_model_probe(&bt->m, &r->probes[i]);
	ui_view_init(&bt->v, &bt->m, &bt->ix);
	ui_app_setup_view(&bt->v, o, bt->g.w, bt->g.h, true);
	next = r->nevents / (uint64_t)bt->b->frames;
	while ((rc = ss_iter_next(it, &ev)) == 1) {
		ss_model_event(&bt->m, &ev);
		if (++done >= next && step < bt->b->frames) {
			bt->v.now_ns = bt->m.end_ns;
			bt->v.events = bt->m.nevents;
			emit(bt);
			step++;
			next = r->nevents * (uint64_t)step / (uint64_t)bt->b->frames;
		}
	}
	if (rc < 0)
		snprintf(err, errlen, "%s: %s", path, ss_iter_error(it));
	ss_iter_free(it);
	bt->m.complete = r->complete;
	ss_model_finish(&bt->m, r->end ? r->end->stop_ns : bt->m.end_ns, r->end ? r->end->exit_status : -1);
	ss_reader_close(r);
	if (rc < 0)
		return -1;
	bt->v.phase = UI_PHASE_FINISHED;
	bt->v.now_ns = bt->m.end_ns;
	ui_app_trace_status(&bt->v, &bt->m);
	bt->v.events_per_s = 0;
	while (step++ <= bt->b->frames)    /* a trace with fewer events than frames */
		emit(bt);
	return 0;
}

int ui_batch(const char *path, unsigned reader_flags, const struct ui_opts *o,
	     const struct ui_batch_opts *b, FILE *out, char *err, size_t errlen)
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
	ui_index_init(&bt.ix);
	if (b->frames > 1) {
		rc = replay(&bt, path, reader_flags, o, err, errlen);
	} else if (ss_model_load(&bt.m, path, reader_flags, err, errlen)) {
		rc = -1;
	} else {
		ui_view_init(&bt.v, &bt.m, &bt.ix);
		ui_app_trace_status(&bt.v, &bt.m);
		ui_index_update(&bt.ix, &bt.m);
		ui_app_setup_view(&bt.v, o, b->w, b->h, false);
		emit(&bt);
	}
	for (int i = 0; rc == 0 && i < nkeys; i++) {
		struct ui_input in = { .kind = UI_IN_KEY, .key = keys[i] };
		unsigned act = ui_keys_handle(&bt.v, &in);

		if (act & UI_ACT_EXPORT)
			snprintf(bt.v.msg, sizeof(bt.v.msg), "export (e) works in the interactive view only");
		emit(&bt);
		if (act & UI_ACT_QUIT)
			break;
	}
	if (bt.v.m)
		ui_view_free(&bt.v);
	if (bt.m.cpu)
		ss_model_free(&bt.m);
	ui_index_free(&bt.ix);
	ui_grid_free(&bt.g);
	free(bt.row);
	return rc;
}
