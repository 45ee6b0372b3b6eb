/* schedscope export --format svg|html: a picture of the timeline. The
 * trace is loaded and a frame rendered for the chosen view and window, as
 * the terminal would show it, into a grid (ui/render.c) that ui/svg.c writes
 * as SVG text. The exporters in export/ stream the file and include no
 * ui/; a picture needs the loaded model and the view, so it is composed
 * here, where both are in reach. */
#include "cli/picture.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "cli/record.h"
#include "export/export.h"
#include "lessons/lesson.h"
#include "live/live.h"
#include "ui/render.h"
#include "ui/svg.h"

int cli_picture(const struct cli_picture_opts *p)
{
	struct ss_reader *r = cli_open_trace(p->in_path, p->reader_flags);
	struct live_opts o = { .mode = p->mode, .mode_set = p->mode_set, .trace_path = p->in_path };
	struct ui_svg_opts so = { .html = p->html };
	struct ss_model m = { 0 };
	struct ui_view v;
	struct ui_grid g = { 0 };
	struct lesson lesson;
	char title[512], out[4096], err[512];
	int rc = CLI_FAIL;

	if (!r)
		return CLI_FAIL;
	if (cli_view_title(r, &lesson, title, sizeof(title))) {
		o.lesson = lesson.text;
		o.les = &lesson;
	}
	ss_reader_close(r);
	o.title = so.title = title;
	if (p->out_path)
		snprintf(out, sizeof(out), "%s", p->out_path);
	else
		export_default_out(p->in_path, p->html ? ".html" : ".svg", out, sizeof(out));
	if (cli_load_model(&m, p->in_path, p->reader_flags))
		return CLI_FAIL;
	ui_view_init(&v, &m);
	live_trace_status(&v, &m);
	live_setup_view(&v, &o, p->width, UI_MIN_H, false);
	if (p->from_ns || p->to_ns)
		ui_view_show(&v, p->from_ns, p->to_ns);
	/* From here a file is made: a stop leaves none and exits as the signal
	 * asked, as for every format. Until here the signal's own action ends
	 * the export as well, with nothing written yet, and a large trace's
	 * load is not waited for. */
	cli_catch_stop_signals();
	signal(SIGPIPE, SIG_DFL);      /* export -f svg -o - | head ends quietly */
	so.stop_signal = cli_stop_signal;
	if (ui_render_fit(&v, &g, p->width)) {
		cli_out_of_memory("export");
	} else if (cli_stop_signal() || ui_svg_save(&g, out, &so, err, sizeof(err))) {
		if (cli_stop_signal()) {
			export_stopped_line(cli_stop_signal(), out, err, sizeof(err));
			rc = 128 + cli_stop_signal();
		}
		/* stdout's write error is said once, by main's finish() */
		if (cli_stop_signal() || strcmp(out, "-"))
			fprintf(stderr, "schedscope export: %s\n", err);
	} else {
		rc = 0;
		if (!p->quiet && strcmp(out, "-"))
			fprintf(stderr, "schedscope: wrote %s: a %dx%d %s picture of the %s view\n", out, g.w, g.h,
				p->html ? "HTML" : "SVG", v.mode == UI_MODE_CPU ? "CPU" : "thread");
	}
	ui_grid_free(&g);
	ui_view_free(&v);
	ss_model_free(&m);
	return rc;
}
