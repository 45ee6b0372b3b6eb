/*
 * Pictures of the screen: a cell grid written as SVG text (or an HTML page
 * holding that SVG), for slides and projection. It is the grid the terminal
 * shows, drawn again as text, not a bitmap: a <text> per row with a <tspan>
 * per run of cells that look alike, and a rectangle per run of one
 * background. Colours come from the terminal's own table (ui/palette.h), as
 * a 256-colour terminal on a dark background shows them; text stays
 * selectable and scales.
 */
#ifndef SCHEDSCOPE_UI_SVG_H
#define SCHEDSCOPE_UI_SVG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "ui/grid.h"

/* A cell's size in the picture, px. */
#define UI_SVG_CELL_W 9
#define UI_SVG_CELL_H 18

struct ui_svg_opts {
	bool html;            /* an HTML page with the SVG inline */
	const char *title;    /* the document's title (may be NULL) */
	/* A signal that asked to stop (export's Ctrl-C), or 0; asked before the
	 * picture is renamed into place: a stopped save leaves no file and
	 * returns -EINTR. May be NULL. */
	int (*stop_signal)(void);
};

/* The colours (0xRRGGBB) a cell is drawn with in the picture, reverse and
 * dim applied: what its <tspan> fill and background rectangle say. */
void ui_svg_cell_rgb(const struct ui_cell *c, uint32_t *fg, uint32_t *bg);
/* Writes g on f. 0, or -errno (a write error). */
int ui_svg_write(const struct ui_grid *g, FILE *f, const struct ui_svg_opts *o);
/* Writes g to path as the invoking user (util/userfile.h: under a temporary
 * name, renamed into place when complete); "-" is stdout. 0, or -errno with
 * one line in err (-EINTR: o->stop_signal said stop). */
int ui_svg_save(const struct ui_grid *g, const char *path, const struct ui_svg_opts *o, char *err,
		size_t errlen);

#endif
