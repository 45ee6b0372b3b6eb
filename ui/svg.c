/* The grid as SVG text: rectangles for the backgrounds, then a line of
 * text per row, a tspan per run of cells with one look. Each tspan starts at
 * its column and is stretched to its columns' width (textLength), so the
 * columns stay true whatever font the viewer finds for the block glyphs. */
#include "ui/svg.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ui/palette.h"
#include "util/userfile.h"

/* The picture's terminal: 256 colours, light text on a dark background. */
#define SVG_FG 0xd0d0d0u
#define SVG_BG 0x1c1c1cu
#define SVG_FONT_PX 15
#define SVG_BASELINE 5       /* px from the bottom of a cell to the text's baseline */

static const struct ui_screen_caps svg_caps = { .color = true, .colors = 256, .pairs = 65536 };

/* a at weight 3/5, b at 2/5: how a terminal's dim looks */
static uint32_t mix(uint32_t a, uint32_t b)
{
	uint32_t out = 0;

	for (int sh = 0; sh <= 16; sh += 8)
		out |= ((((a >> sh) & 0xff) * 3 + ((b >> sh) & 0xff) * 2) / 5) << sh;
	return out;
}

void ui_svg_cell_rgb(const struct ui_cell *c, uint32_t *fg, uint32_t *bg)
{
	struct ui_look k = ui_palette_cell(c, &svg_caps);
	uint32_t f = k.fg == UI_COLOR_DEFAULT ? SVG_FG : ui_palette_rgb(k.fg);
	uint32_t b = k.bg == UI_COLOR_DEFAULT ? SVG_BG : ui_palette_rgb(k.bg);

	if (k.attr & UI_LOOK_REVERSE) {
		uint32_t t = f;

		f = b;
		b = t;
	}
	if (k.attr & UI_LOOK_DIM)
		f = mix(f, b);
	*fg = f;
	*bg = b;
}

/* What a run of text shares: colour, weight, underline. */
struct text_look {
	uint32_t fg;
	unsigned attr;
};

static struct text_look text_look(const struct ui_cell *c)
{
	struct ui_look k = ui_palette_cell(c, &svg_caps);
	uint32_t bg;
	struct text_look t = { 0, k.attr & (UI_LOOK_BOLD | UI_LOOK_UNDERLINE | UI_LOOK_ITALIC) };

	ui_svg_cell_rgb(c, &t.fg, &bg);
	return t;
}

static void put_escaped(FILE *f, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&': fputs("&amp;", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '"': fputs("&quot;", f); break;
		default: fputc((unsigned char)*s < 0x20 ? ' ' : *s, f); break;
		}
	}
}

static void put_char(FILE *f, uint32_t ch)
{
	char u[4];
	int n;

	if (ch == '&')
		fputs("&amp;", f);
	else if (ch == '<')
		fputs("&lt;", f);
	else if (ch == '>')
		fputs("&gt;", f);
	else {
		/* what XML 1.0 cannot hold becomes a space */
		if (ch < 0x20 || (ch >= 0xd800 && ch < 0xe000) || ch == 0xfffe || ch == 0xffff || ch > 0x10ffff)
			ch = ' ';
		n = ui_utf8_put(u, ch);
		fwrite(u, 1, (size_t)n, f);
	}
}

static const struct ui_cell *cell(const struct ui_grid *g, int x, int y)
{
	return &g->c[(size_t)y * (size_t)g->w + (size_t)x];
}

/* One rectangle per run of a background other than the page's. */
static void write_backgrounds(const struct ui_grid *g, FILE *f, int y)
{
	for (int x = 0; x < g->w;) {
		uint32_t fg, bg, bg2;
		int n = 1;

		ui_svg_cell_rgb(cell(g, x, y), &fg, &bg);
		while (x + n < g->w && (ui_svg_cell_rgb(cell(g, x + n, y), &fg, &bg2), bg2 == bg))
			n++;
		if (bg != SVG_BG)
			fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#%06x\"/>\n",
				x * UI_SVG_CELL_W, y * UI_SVG_CELL_H, n * UI_SVG_CELL_W, UI_SVG_CELL_H, bg);
		x += n;
	}
}

static bool blank(const struct ui_cell *c)
{
	return c->ch == ' ' && !(text_look(c).attr & UI_LOOK_UNDERLINE);
}

/* The row's text, blanks at its end left out (as ui_grid_row_text() does). */
static void write_text(const struct ui_grid *g, FILE *f, int y)
{
	int end = 0;

	for (int x = 0; x < g->w; x++)
		if (cell(g, x, y)->ch && cell(g, x, y)->ch != ' ')
			end = x + 1;
	if (end < g->w && end > 0 && cell(g, end, y)->ch == 0)
		end++;                        /* a wide character's right half */
	fprintf(f, "<text id=\"row%d\" y=\"%d\">", y, (y + 1) * UI_SVG_CELL_H - SVG_BASELINE);
	for (int x = 0; x < end;) {
		/* a blank takes the look of the run it is in: only its background
		 * (the rectangles) shows, unless it is underlined */
		struct text_look t = text_look(cell(g, x, y));
		bool decided = !blank(cell(g, x, y));
		int n = 1;

		for (; x + n < end; n++) {
			const struct ui_cell *c = cell(g, x + n, y);
			struct text_look u;

			if (c->ch == 0 || blank(c))
				continue;     /* a wide character's right half; a blank */
			u = text_look(c);
			if (!decided) {
				t = u;
				decided = true;
			} else if (u.fg != t.fg || u.attr != t.attr) {
				break;
			}
		}
		fprintf(f, "<tspan x=\"%d\" textLength=\"%d\" lengthAdjust=\"spacingAndGlyphs\" fill=\"#%06x\"%s%s%s>",
			x * UI_SVG_CELL_W, n * UI_SVG_CELL_W, t.fg, t.attr & UI_LOOK_BOLD ? " font-weight=\"bold\"" : "",
			t.attr & UI_LOOK_UNDERLINE ? " text-decoration=\"underline\"" : "",
			t.attr & UI_LOOK_ITALIC ? " font-style=\"italic\"" : "");
		for (int i = x; i < x + n; i++)
			if (cell(g, i, y)->ch)
				put_char(f, cell(g, i, y)->ch);
		fputs("</tspan>", f);
		x += n;
	}
	fputs("</text>\n", f);
}

int ui_svg_write(const struct ui_grid *g, FILE *f, const struct ui_svg_opts *o)
{
	int w = g->w * UI_SVG_CELL_W, h = g->h * UI_SVG_CELL_H;

	if (o->html) {
		/* well-formed XML too (self-closed meta), so XML tools read it */
		fputs("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\">\n<head>\n"
		      "<meta charset=\"utf-8\"/>\n<title>", f);
		put_escaped(f, o->title ? o->title : "schedscope");
		fprintf(f, "</title>\n<style>body { background: #%06x; margin: 1em; }</style>\n</head>\n<body>\n",
			SVG_BG);
	} else {
		fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", f);
	}
	fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
		"font-family=\"DejaVu Sans Mono, Menlo, Consolas, monospace\" font-size=\"%d\" "
		"xml:space=\"preserve\" style=\"white-space: pre\">\n",
		w, h, w, h, SVG_FONT_PX);
	fputs("<title>", f);
	put_escaped(f, o->title ? o->title : "schedscope");
	fprintf(f, "</title>\n<rect width=\"%d\" height=\"%d\" fill=\"#%06x\"/>\n", w, h, SVG_BG);
	fputs("<g class=\"backgrounds\">\n", f);
	for (int y = 0; y < g->h; y++)
		write_backgrounds(g, f, y);
	fputs("</g>\n<g class=\"rows\">\n", f);
	for (int y = 0; y < g->h; y++)
		write_text(g, f, y);
	fputs("</g>\n</svg>\n", f);
	if (o->html)
		fputs("</body>\n</html>\n", f);
	return ferror(f) ? -EIO : 0;
}

int ui_svg_save(const struct ui_grid *g, const char *path, const struct ui_svg_opts *o, char *err,
		size_t errlen)
{
	char tmp[4096 + 32];
	FILE *f;
	int fd, rc;

	if (!strcmp(path, "-")) {
		rc = ui_svg_write(g, stdout, o);
		if (!rc && fflush(stdout))
			rc = -errno;
		if (rc)
			snprintf(err, errlen, "cannot write to stdout: %s", strerror(-rc));
		return rc;
	}
	fd = userfile_tmp_open(path, tmp, sizeof(tmp), err, errlen);
	if (fd < 0)
		return fd;
	f = fdopen(fd, "w");
	if (!f) {
		rc = -errno;
		close(fd);
		userfile_remove(tmp);
		snprintf(err, errlen, "%s: %s", path, strerror(-rc));
		return rc;
	}
	rc = ui_svg_write(g, f, o);
	if (fclose(f) && !rc)
		rc = -errno;
	if (rc) {
		userfile_remove(tmp);
		snprintf(err, errlen, "cannot write %s: %s", path, strerror(-rc));
		return rc;
	}
	if (o->stop_signal && o->stop_signal()) {
		userfile_remove(tmp);
		snprintf(err, errlen, "stopped: %s not written", path);
		return -EINTR;
	}
	rc = userfile_move(tmp, path, err, errlen);
	if (rc)
		userfile_remove(tmp);
	return rc;
}
