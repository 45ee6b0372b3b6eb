/*
 * How a cell looks, as data: each semantic attribute's colours and text
 * attributes, the task colours, and the one function that turns a grid
 * cell into a look. The terminal (term.c, through curses) and the pictures
 * (svg.c, as SVG text) both draw from here, so a picture is coloured as the
 * screen is, and a new meaning needs one row here and nothing else.
 *
 * Colours are numbers as terminals count them: 0..7 the ANSI colours (the
 * numbers curses gives COLOR_BLACK..COLOR_WHITE), 8..255 xterm's 256-colour
 * table; UI_COLOR_DEFAULT is the terminal's own foreground or background.
 * This header knows nothing of curses.
 */
#ifndef SCHEDSCOPE_UI_PALETTE_H
#define SCHEDSCOPE_UI_PALETTE_H

#include <stdbool.h>
#include <stdint.h>

#include "ui/grid.h"

#define UI_COLOR_DEFAULT (-1)
enum ui_ansi { UI_BLACK, UI_RED, UI_GREEN, UI_YELLOW, UI_BLUE, UI_MAGENTA, UI_CYAN, UI_WHITE };

/* Text attributes of a look. */
#define UI_LOOK_BOLD      1u
#define UI_LOOK_DIM       2u
#define UI_LOOK_REVERSE   4u
#define UI_LOOK_UNDERLINE 8u
#define UI_LOOK_ITALIC    16u

/* What a terminal offers: colours at all (not NO_COLOR, not monochrome),
 * how many, how many colour pairs. */
struct ui_screen_caps {
	bool color;
	int colors, pairs;
};

/* A cell as drawn: colours (before reverse is applied) and attributes. */
struct ui_look {
	short fg, bg;
	unsigned attr;     /* UI_LOOK_* */
};

/* The colour of task colour index (0..UI_NCOLORS-1) on a terminal with
 * colors colours and pairs pairs, and whether it is shown bold; the
 * runnable background; the colour of other tasks. Never equal: a task's
 * run and its wait must not read as one bar. */
short ui_palette_task_color(int index, int colors, int pairs, bool *bold);
short ui_palette_runnable_bg(int colors);
short ui_palette_other_color(int colors);
/* How cell c looks on a screen with caps. */
struct ui_look ui_palette_cell(const struct ui_cell *c, const struct ui_screen_caps *caps);
/* The red, green and blue of colour n (xterm's defaults) as 0xRRGGBB. */
uint32_t ui_palette_rgb(short n);

#endif
