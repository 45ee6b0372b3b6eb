/* The key table and its actions (keys.h). Each binding names its keys,
 * the label and the line the help overlay prints, and a small act_*
 * function that moves the view and answers with flags; the mouse and the
 * prompt line are handled before the table, so a typed filter is text,
 * not keys. Adding a key is one row, and help cannot forget it. */
#include "ui/keys.h"

#include "ui/step.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "model/explain.h"
#include "model/syscalls.h"
#include "ui/latpanel.h"
#include "util/fmt.h"

static int pan_step(const struct ui_view *v)
{
	return v->cells / 8 > 1 ? v->cells / 8 : 1;
}

/* Zooming keeps the cursor's moment in place, or now while following. */
static int zoom_anchor(const struct ui_view *v)
{
	return v->follow && !v->paused ? v->cells - 1 : v->cur_col;
}

static unsigned act_pause(struct ui_view *v)
{
	if (v->phase != UI_PHASE_LIVE) {
		snprintf(v->msg, sizeof(v->msg), "nothing to pause: the recording has ended");
		return UI_ACT_REDRAW;
	}
	v->paused = !v->paused;
	snprintf(v->msg, sizeof(v->msg), "%s", v->paused ? "view paused; the recording goes on (space resumes)" : "");
	return UI_ACT_REDRAW;
}

static unsigned act_pan_left(struct ui_view *v) { ui_view_pan(v, -pan_step(v)); return UI_ACT_REDRAW; }
static unsigned act_pan_right(struct ui_view *v) { ui_view_pan(v, pan_step(v)); return UI_ACT_REDRAW; }
static unsigned act_zoom_in(struct ui_view *v) { ui_view_zoom(v, -1, zoom_anchor(v)); return UI_ACT_REDRAW; }
static unsigned act_zoom_out(struct ui_view *v) { ui_view_zoom(v, 1, zoom_anchor(v)); return UI_ACT_REDRAW; }
static unsigned act_fit(struct ui_view *v) { ui_view_fit(v); return UI_ACT_REDRAW; }
static unsigned act_home(struct ui_view *v) { ui_view_home(v); return UI_ACT_REDRAW; }
static unsigned act_end(struct ui_view *v) { ui_view_end(v); return UI_ACT_REDRAW; }

static unsigned act_follow(struct ui_view *v)
{
	if (v->phase != UI_PHASE_LIVE) {
		ui_view_end(v);
		return UI_ACT_REDRAW;
	}
	v->follow = !v->follow;
	if (v->follow) {
		v->paused = false;
		ui_view_end(v);
	}
	return UI_ACT_REDRAW;
}

static unsigned act_view(struct ui_view *v)
{
	uint32_t tid = ui_view_cursor_task(v);

	v->mode = v->mode == UI_MODE_CPU ? UI_MODE_THREAD : UI_MODE_CPU;
	v->cur_lane = v->lane_top = 0;
	if (v->w && v->h)
		ui_view_layout(v, v->w, v->h);
	/* Keep an eye on the same task: its thread lane, or the CPU it ran on. */
	for (size_t i = 0; tid && i < v->nlanes; i++) {
		bool hit = false;

		if (v->mode == UI_MODE_THREAD) {
			hit = v->m->threads[v->lanes[i].id].tid == tid;
		} else {
			struct ui_cpu_cell c;

			hit = ui_view_cpu_cell(v, (unsigned)v->lanes[i].id, v->cur_col, &c) && c.rep &&
			      c.rep->tid == tid;
		}
		if (hit) {
			v->cur_lane = (int)i;
			break;
		}
	}
	return UI_ACT_REDRAW;
}

static unsigned act_up(struct ui_view *v) { ui_view_move_lane(v, -1); return UI_ACT_REDRAW; }
static unsigned act_down(struct ui_view *v) { ui_view_move_lane(v, 1); return UI_ACT_REDRAW; }
static unsigned act_pgup(struct ui_view *v) { ui_view_move_lane(v, -(v->lanes_h > 1 ? v->lanes_h : 1)); return UI_ACT_REDRAW; }
static unsigned act_pgdn(struct ui_view *v) { ui_view_move_lane(v, v->lanes_h > 1 ? v->lanes_h : 1); return UI_ACT_REDRAW; }
static unsigned act_left(struct ui_view *v) { ui_view_move_cursor(v, -1); return UI_ACT_REDRAW; }
static unsigned act_right(struct ui_view *v) { ui_view_move_cursor(v, 1); return UI_ACT_REDRAW; }

static unsigned act_select(struct ui_view *v)
{
	if (!ui_view_select(v))
		snprintf(v->msg, sizeof(v->msg), "nothing ran under the cursor");
	return UI_ACT_REDRAW;
}

static unsigned act_clear(struct ui_view *v)
{
	v->have_sel = false;
	v->filter[0] = 0;
	return UI_ACT_REDRAW;
}

static unsigned act_filter(struct ui_view *v)
{
	v->prompting = true;
	snprintf(v->prompt, sizeof(v->prompt), "%s", v->filter);
	return UI_ACT_REDRAW;
}

static unsigned act_stats(struct ui_view *v)
{
	v->show_stats = !v->show_stats;
	if (v->show_stats && v->lat.stale)
		ui_lat_drop(&v->lat);       /* built while recording: the figures so far */
	return UI_ACT_REDRAW;
}

static unsigned act_lesson(struct ui_view *v)
{
	if (!v->lesson)
		snprintf(v->msg, sizeof(v->msg), "no lesson: this trace is not of a scenario");
	v->show_lesson = !v->show_lesson;
	return UI_ACT_REDRAW;
}

static unsigned act_fold(struct ui_view *v)
{
	v->fold_idle = !v->fold_idle;
	snprintf(v->msg, sizeof(v->msg), "%s", v->fold_idle ? "CPUs idle in the window are folded away (i shows them)" : "");
	return UI_ACT_REDRAW;
}

static unsigned act_critical(struct ui_view *v)
{
	ui_crit_toggle(&v->crit, v->m, v->have_sel ? v->sel_tid : 0,
		       v->phase == UI_PHASE_LIVE || v->phase == UI_PHASE_STOPPING, v->msg, sizeof(v->msg));
	return UI_ACT_REDRAW;
}

/* W: the cursor to the next p99 wait of the selected thread (else of all
 * threads): its moment at the cursor's column,
 * its thread's lane (the CPU it then ran on, in the CPU view). */
static unsigned act_tail(struct ui_view *v)
{
	bool live = v->phase == UI_PHASE_LIVE || v->phase == UI_PHASE_STOPPING;
	int64_t npc = (int64_t)ui_view_cell_ns(v), rel;
	const struct ss_latency *l;
	struct ss_lat_wait w;
	uint64_t a = 0, b = 0;
	char who[64], at[32], d[32];
	long nth, n;

	if (live)
		ui_lat_drop(&v->lat);
	l = ui_lat_get(&v->lat, v->m, live);
	if (v->cur_col < 0)
		v->cur_col = 0;
	ui_view_cell_span(v, v->cur_col, &a, &b);
	/* from the cursor's cell on; past the wait W showed last, if it is still there */
	if (v->lat.jumped && v->lat.jumped_ns >= a && v->lat.jumped_ns < b)
		a = v->lat.jumped_ns + 1;
	if (!l || !ui_lat_next(&v->lat, ui_latency_tid(v), a, &w, &nth, &n)) {
		snprintf(v->msg, sizeof(v->msg), "%s",
			 l ? "no p99 waits: nothing waited"
			   : v->lat.building ? "the distributions are being computed: W again in a moment" : "out of memory");
		return UI_ACT_REDRAW;
	}
	v->lat.jumped = true;
	v->lat.jumped_ns = w.ts_ns;
	rel = (int64_t)(w.ts_ns - v->m->start_ns);
	ui_view_goto(v, rel - (int64_t)v->cur_col * npc);
	v->cur_col = (int)((rel - v->t0) / npc);
	if (v->cur_col >= v->cells)
		v->cur_col = v->cells - 1;
	for (size_t i = 0; i < v->nlanes; i++)
		if (v->mode == UI_MODE_THREAD ? v->m->threads[v->lanes[i].id].tid == w.tid : v->lanes[i].id == w.cpu) {
			ui_view_move_lane(v, (int)i - v->cur_lane);
			break;
		}
	snprintf(v->msg, sizeof(v->msg), "p99 wait %ld of %ld (W: the next): %s at %s, %s %s", nth + 1, n,
		 ss_explain_task(v->m, w.tid, w.ts_ns, who, sizeof(who)), ss_explain_time(v->m, w.ts_ns, at, sizeof(at)),
		 w.kind == SS_LAT_RUNQ ? "waited for a CPU" : ss_reason_name(w.reason), fmt_dur(d, sizeof(d), w.dur_ns));
	return UI_ACT_REDRAW;
}

static unsigned act_export(struct ui_view *v) { (void)v; return UI_ACT_EXPORT | UI_ACT_REDRAW; }
static unsigned act_rerun(struct ui_view *v)
{
	if (!v->rerun_hint) {
		snprintf(v->msg, sizeof(v->msg), "a rerun is for the live view of 'schedscope run NAME'");
		return UI_ACT_REDRAW;
	}
	if (v->phase == UI_PHASE_LIVE || v->phase == UI_PHASE_STOPPING) {
		snprintf(v->msg, sizeof(v->msg), "rerun once the recording has ended (Ctrl-C ends it)");
		return UI_ACT_REDRAW;
	}
	v->prompting = v->prompt_rerun = true;
	snprintf(v->prompt, sizeof(v->prompt), "%s", v->rerun_hint);
	return UI_ACT_REDRAW;
}

static unsigned act_picture(struct ui_view *v) { (void)v; return UI_ACT_PICTURE | UI_ACT_REDRAW; }
static unsigned act_help(struct ui_view *v) { v->show_help = !v->show_help; return UI_ACT_REDRAW; }
static unsigned act_quit(struct ui_view *v) { (void)v; return UI_ACT_QUIT; }

static unsigned act_interrupt(struct ui_view *v)
{
	if (v->phase == UI_PHASE_LIVE)
		return UI_ACT_STOP | UI_ACT_REDRAW;
	return v->phase == UI_PHASE_STOPPING ? UI_ACT_REDRAW : UI_ACT_QUIT;
}

static unsigned act_event_next(struct ui_view *v) { ui_step_event(v, 1); return UI_ACT_REDRAW; }
static unsigned act_event_prev(struct ui_view *v) { ui_step_event(v, -1); return UI_ACT_REDRAW; }
static unsigned act_marker_next(struct ui_view *v) { ui_step_marker(v, 1); return UI_ACT_REDRAW; }
static unsigned act_marker_prev(struct ui_view *v) { ui_step_marker(v, -1); return UI_ACT_REDRAW; }
static unsigned act_check_next(struct ui_view *v) { ui_step_check(v, 1); return UI_ACT_REDRAW; }
static unsigned act_check_prev(struct ui_view *v) { ui_step_check(v, -1); return UI_ACT_REDRAW; }

static const struct ui_binding bindings[] = {
	{ { ' ' }, "space", "pause/resume the view", act_pause },
	{ { UI_KEY_LEFT, 'h' }, "←  h", "pan back in time", act_pan_left },
	{ { UI_KEY_RIGHT, 'l' }, "→  l", "pan forward in time", act_pan_right },
	{ { '+', '=' }, "+  wheel up", "zoom in (to 1 us/cell)", act_zoom_in },
	{ { '-', '_' }, "-  wheel dn", "zoom out (to 10 s/cell)", act_zoom_out },
	{ { '0' }, "0", "zoom to the whole trace", act_fit },
	{ { UI_KEY_HOME, 'g' }, "Home  g", "go to the start", act_home },
	{ { UI_KEY_END, 'G' }, "End  G", "go to the end, follow", act_end },
	{ { 'f' }, "f", "follow now (on/off)", act_follow },
	{ { UI_KEY_TAB }, "Tab", "CPU view / thread view", act_view },
	{ { UI_KEY_UP, 'k' }, "↑  k", "previous lane", act_up },
	{ { UI_KEY_DOWN, 'j' }, "↓  j", "next lane", act_down },
	{ { UI_KEY_PGUP }, "PgUp", "a page of lanes up", act_pgup },
	{ { UI_KEY_PGDN }, "PgDn", "a page of lanes down", act_pgdn },
	{ { ',', '<', UI_KEY_SLEFT }, ",  Shift-←", "cursor one cell back", act_left },
	{ { '.', '>', UI_KEY_SRIGHT }, ".  Shift-→", "cursor one cell on", act_right },
	{ { UI_KEY_ENTER }, "Enter  click", "select task (spotlight)", act_select },
	{ { UI_KEY_ESC }, "Esc", "clear selection, filter", act_clear },
	{ { '/' }, "/", "filter by name or pid", act_filter },
	{ { 's' }, "s", "statistics panel", act_stats },
	{ { 'L' }, "L", "the scenario's lesson", act_lesson },
	{ { 'i' }, "i", "fold idle CPUs", act_fold },
	{ { 'e' }, "e", "export to Perfetto", act_export },
	{ { 'w' }, "w", "save the screen as SVG", act_picture },
	{ { 'r' }, "r", "rerun with new options", act_rerun },
	{ { '?' }, "?", "this key table", act_help },
	{ { 'q' }, "q", "quit (ends recording)", act_quit },
	{ { 'C' }, "C", "critical path (on/off)", act_critical },
	{ { 'W' }, "W", "next p99 wait (latency)", act_tail },
	{ { UI_KEY_CTRL_C }, "Ctrl-C", "stop recording, stay", act_interrupt },
	{ { ']' }, "]", "thread's next event", act_event_next },
	{ { '[' }, "[", "thread's previous event", act_event_prev },
	{ { 'm' }, "m", "next marker", act_marker_next },
	{ { 'M' }, "M", "previous marker", act_marker_prev },
	{ { 'n' }, "n", "next check's moment", act_check_next },
	{ { 'N' }, "N", "previous check's moment", act_check_prev },
};

const struct ui_binding *ui_bindings(size_t *n)
{
	*n = sizeof(bindings) / sizeof(bindings[0]);
	return bindings;
}

static unsigned prompt_key(struct ui_view *v, int key)
{
	size_t len = strlen(v->prompt);

	switch (key) {
	case UI_KEY_ENTER:
		v->prompting = false;
		if (v->prompt_rerun) {
			v->prompt_rerun = false;
			return UI_ACT_RERUN | UI_ACT_REDRAW;
		}
		snprintf(v->filter, sizeof(v->filter), "%.*s", (int)sizeof(v->filter) - 1, v->prompt);
		v->cur_lane = v->lane_top = 0;
		break;
	case UI_KEY_ESC:
	case UI_KEY_CTRL_C:
		v->prompting = v->prompt_rerun = false;
		break;
	case UI_KEY_BACKSPACE:
		if (len)
			v->prompt[len - 1] = 0;
		break;
	default:
		/* names, pids and options are ASCII (comm is bytes; keep it simple) */
		if (key >= 0x20 && key < 0x7f && len + 1 < sizeof(v->prompt)) {
			v->prompt[len] = (char)key;
			v->prompt[len + 1] = 0;
		}
		break;
	}
	return UI_ACT_REDRAW;
}

static unsigned mouse(struct ui_view *v, const struct ui_input *in)
{
	int x0 = v->label_w + 1, col = in->x - x0, lane = ui_view_lane_at(v, in->y);
	bool in_lanes = col >= 0 && col < v->cells;

	switch (in->button) {
	case UI_MOUSE_WHEEL_UP:
	case UI_MOUSE_WHEEL_DOWN:
		if (v->follow && !v->paused)
			col = v->cells - 1;
		else if (!in_lanes)
			col = v->cur_col;
		ui_view_zoom(v, in->button == UI_MOUSE_WHEEL_UP ? -1 : 1, col);
		return UI_ACT_REDRAW;
	case UI_MOUSE_CLICK:
		if (v->show_help) {
			v->show_help = false;
			return UI_ACT_REDRAW;
		}
		if (lane < 0 || !in_lanes)
			return 0;
		v->cur_lane = lane;
		v->cur_col = col;
		if (!ui_view_select(v))
			v->have_sel = false;
		return UI_ACT_REDRAW;
	}
	return 0;
}

unsigned ui_keys_handle(struct ui_view *v, const struct ui_input *in)
{
	if (in->kind == UI_IN_RESIZE)
		return UI_ACT_REDRAW;
	if (in->kind == UI_IN_MOUSE)
		return mouse(v, in);
	if (v->prompting)
		return prompt_key(v, in->key);
	v->msg[0] = 0;
	if (v->show_help && in->key != 'q' && in->key != UI_KEY_CTRL_C) {
		v->show_help = false;       /* any key closes the table */
		return UI_ACT_REDRAW;
	}
	for (size_t i = 0; i < sizeof(bindings) / sizeof(bindings[0]); i++)
		for (int k = 0; k < 4 && bindings[i].keys[k]; k++)
			if (bindings[i].keys[k] == in->key)
				return bindings[i].run(v);
	return 0;
}

int ui_key_parse(const char *name)
{
	static const struct {
		const char *name;
		int key;
	} names[] = {
		{ "Up", UI_KEY_UP }, { "Down", UI_KEY_DOWN }, { "Left", UI_KEY_LEFT },
		{ "Right", UI_KEY_RIGHT }, { "S-Left", UI_KEY_SLEFT }, { "S-Right", UI_KEY_SRIGHT },
		{ "Home", UI_KEY_HOME }, { "End", UI_KEY_END }, { "PgUp", UI_KEY_PGUP },
		{ "PgDn", UI_KEY_PGDN }, { "Enter", UI_KEY_ENTER }, { "Esc", UI_KEY_ESC },
		{ "Tab", UI_KEY_TAB }, { "BSpace", UI_KEY_BACKSPACE }, { "C-c", UI_KEY_CTRL_C },
		{ "Space", ' ' },
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcasecmp(name, names[i].name))
			return names[i].key;
	if (name[0] && !name[1] && name[0] > 0x20 && name[0] < 0x7f)
		return name[0];
	return -1;
}
