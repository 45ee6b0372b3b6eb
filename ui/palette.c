/* The looks of the grid's meanings, one table (htop's CRT.c), read by the
 * terminal and by the SVG writer alike. */
#include "ui/palette.h"

struct attr_look {
	short fg, bg;
	unsigned attr;     /* with colours */
	unsigned mono;     /* without */
};

#define DEF UI_COLOR_DEFAULT

/* What each semantic attribute looks like. Runs (UI_A_RUN, UI_A_RUN_TEXT)
 * take the task's colour instead: see ui_palette_cell(). */
static const struct attr_look looks[UI_A_COUNT] = {
	[UI_A_NORMAL] = { DEF, DEF, 0, 0 },
	[UI_A_DIM] = { DEF, DEF, UI_LOOK_DIM, UI_LOOK_DIM },
	[UI_A_TITLE] = { UI_BLACK, UI_CYAN, 0, UI_LOOK_REVERSE },
	[UI_A_LABEL] = { DEF, DEF, UI_LOOK_BOLD, UI_LOOK_BOLD },
	[UI_A_RULER] = { UI_CYAN, DEF, 0, 0 },
	[UI_A_RUNNABLE] = { UI_YELLOW, DEF, 0, 0 },
	[UI_A_BLOCKED] = { DEF, DEF, UI_LOOK_DIM, UI_LOOK_DIM },
	[UI_A_MARK] = { UI_MAGENTA, DEF, UI_LOOK_BOLD, UI_LOOK_BOLD },
	[UI_A_ALERT] = { UI_WHITE, UI_RED, UI_LOOK_BOLD, UI_LOOK_BOLD | UI_LOOK_REVERSE },
	[UI_A_CURSOR] = { UI_YELLOW, DEF, UI_LOOK_BOLD, UI_LOOK_BOLD },
	[UI_A_STATUS] = { UI_BLACK, UI_WHITE, 0, UI_LOOK_REVERSE },
	[UI_A_STATUS_LIVE] = { UI_BLACK, UI_GREEN, UI_LOOK_BOLD, UI_LOOK_REVERSE | UI_LOOK_BOLD },
	[UI_A_HEADING] = { UI_CYAN, DEF, UI_LOOK_BOLD, UI_LOOK_BOLD },
	[UI_A_KEY] = { UI_YELLOW, DEF, UI_LOOK_BOLD, UI_LOOK_BOLD },
	[UI_A_PROMPT] = { UI_BLACK, UI_YELLOW, 0, UI_LOOK_REVERSE },
};

/* Task colours: 12 well apart on a 256-colour terminal; on 8 colours five,
 * then the same five bold, then again. None is a state's colour: yellow is
 * the runnable background (and the runnable glyph), grey is other tasks. */
static const short palette256[UI_NCOLORS] = { 39, 208, 40, 170, 45, 196, 141, 118, 209, 27, 219, 162 };
static const short palette8[] = { UI_BLUE, UI_GREEN, UI_MAGENTA, UI_CYAN, UI_RED };
#define NPALETTE8 ((int)(sizeof(palette8) / sizeof(palette8[0])))
/* enough pairs for every task colour on its three backgrounds and the meanings */
#define RICH_PAIRS 64

static bool rich_colors(int colors, int pairs)
{
	return colors >= 256 && pairs >= RICH_PAIRS;
}

short ui_palette_task_color(int index, int colors, int pairs, bool *bold)
{
	*bold = !rich_colors(colors, pairs) && (index / NPALETTE8) % 2 == 1;
	return rich_colors(colors, pairs) ? palette256[index % UI_NCOLORS] : palette8[index % NPALETTE8];
}

short ui_palette_runnable_bg(int colors)
{
	return colors >= 256 ? 58 : UI_YELLOW;
}

short ui_palette_other_color(int colors)
{
	return colors >= 256 ? 244 : colors >= 16 ? 8 : UI_WHITE;
}

struct ui_look ui_palette_cell(const struct ui_cell *c, const struct ui_screen_caps *caps)
{
	struct ui_look k = { DEF, DEF, 0 };
	unsigned col = c->color;
	bool other = col == 0 || col > UI_NCOLORS;

	if (c->attr == UI_A_RUN || c->attr == UI_A_RUN_TEXT) {
		bool text = c->attr == UI_A_RUN_TEXT, wait = c->flags & UI_CF_WAITBG;

		if (!caps->color) {
			k.attr = (text ? UI_LOOK_REVERSE : 0) | (other ? UI_LOOK_DIM : 0);
		} else {
			bool bold = false;
			short tc = other ? ui_palette_other_color(caps->colors)
					 : ui_palette_task_color((int)col - 1, caps->colors, caps->pairs, &bold);

			/* text in a run: black on the task's colour */
			k.fg = text ? UI_BLACK : tc;
			k.bg = text ? tc : wait ? ui_palette_runnable_bg(caps->colors) : DEF;
			/* on 8 colours the second five are the first five, bold */
			k.attr = bold && !text ? UI_LOOK_BOLD : 0;
		}
	} else {
		const struct attr_look *l = &looks[c->attr < UI_A_COUNT ? c->attr : UI_A_NORMAL];

		k.attr = caps->color ? l->attr : l->mono;
		if (caps->color) {
			k.fg = l->fg;
			k.bg = l->bg;
		}
	}
	if (c->flags & UI_CF_CURSOR)
		k.attr ^= UI_LOOK_REVERSE;
	if (c->flags & UI_CF_SELECTED)
		k.attr |= UI_LOOK_BOLD;
	if (c->flags & UI_CF_MARK)
		k.attr |= UI_LOOK_UNDERLINE;
	if (c->flags & UI_CF_CRITICAL)
		k.attr |= UI_LOOK_BOLD | UI_LOOK_ITALIC;
	return k;
}

uint32_t ui_palette_rgb(short n)
{
	/* xterm's defaults for the 16 basic colours */
	static const uint32_t basic[16] = {
		0x000000, 0xcd0000, 0x00cd00, 0xcdcd00, 0x0000ee, 0xcd00cd, 0x00cdcd, 0xe5e5e5,
		0x7f7f7f, 0xff0000, 0x00ff00, 0xffff00, 0x5c5cff, 0xff00ff, 0x00ffff, 0xffffff,
	};
	static const uint32_t level[6] = { 0, 95, 135, 175, 215, 255 };

	if (n < 0 || n > 255)
		return 0;
	if (n < 16)
		return basic[n];
	if (n < 232) {
		int i = n - 16;

		return level[i / 36] << 16 | level[i / 6 % 6] << 8 | level[i % 6];
	}
	{
		uint32_t g = 8 + 10 * (uint32_t)(n - 232);

		return g << 16 | g << 8 | g;
	}
}
