/*
 * The screen as data: a grid of cells, each a character and a semantic
 * attribute (what the cell means, not how it looks). The views render into
 * a grid; the terminal layer (term.c) decides colours, and batch mode and
 * the tests read the grid as text. Nothing here knows curses.
 */
#ifndef SCHEDSCOPE_UI_GRID_H
#define SCHEDSCOPE_UI_GRID_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What a cell means. term.c maps each to colours and attributes in one table. */
enum ui_attr {
	UI_A_NORMAL = 0,
	UI_A_DIM,          /* secondary text, hints */
	UI_A_TITLE,        /* the header line */
	UI_A_LABEL,        /* lane labels */
	UI_A_RULER,        /* time ruler and separators */
	UI_A_RUN,          /* a run: glyph in the task's colour (color: palette, 0 other task) */
	UI_A_RUN_TEXT,     /* text inside a run: drawn on the task's colour */
	UI_A_RUNNABLE,     /* ready, waiting for a CPU */
	UI_A_BLOCKED,      /* asleep, waiting for something */
	UI_A_MARK,         /* fork, exit, USDT marker ticks and names */
	UI_A_ALERT,        /* lost events, errors */
	UI_A_CURSOR,       /* the cursor's column in the ruler */
	UI_A_STATUS,       /* the status line */
	UI_A_STATUS_LIVE,  /* the status line's state word while recording */
	UI_A_HEADING,      /* panel headings */
	UI_A_KEY,          /* key names in the help and hints */
	UI_A_PROMPT,       /* the filter prompt */
	UI_A_COUNT
};

/* Cell flags: added to whatever the attribute draws. */
#define UI_CF_CURSOR   1u  /* the cursor cell: reversed */
#define UI_CF_SELECTED 2u  /* part of the selected task: bold */
#define UI_CF_MARK     4u  /* a USDT marker fired here: underlined */
#define UI_CF_WAITBG   8u  /* a part-run cell whose rest was runnable: runnable background */
#define UI_CF_CRITICAL 16u /* on the critical path shown (C, ui/critical.h): bold italic */

/* Task colours: 1..UI_NCOLORS; 0 is "another task" (dim grey). */
#define UI_NCOLORS 12

struct ui_cell {
	uint32_t ch;       /* Unicode code point; 0 continues the wide character on its left */
	uint8_t attr;      /* enum ui_attr */
	uint8_t color;     /* task palette index for UI_A_RUN*, else 0 */
	uint8_t flags;     /* UI_CF_* */
	uint8_t pad;
};

struct ui_grid {
	int w, h;
	struct ui_cell *c;
	/* ASCII only (a terminal without UTF-8, batch --ascii): glyphs are put
	 * as their stand-ins, text is transliterated and what has no ASCII
	 * form is left out. Set by whoever shows the grid; kept by resize. */
	bool ascii;
};

/* Sizes the grid (contents cleared). 0 or -1 (no memory). */
int ui_grid_resize(struct ui_grid *g, int w, int h);
void ui_grid_free(struct ui_grid *g);
void ui_grid_clear(struct ui_grid *g);

static inline struct ui_cell *ui_grid_at(struct ui_grid *g, int x, int y)
{
	return x >= 0 && y >= 0 && x < g->w && y < g->h ? &g->c[(size_t)y * (size_t)g->w + (size_t)x] : NULL;
}

/* One cell; ignored outside the grid. */
void ui_grid_put(struct ui_grid *g, int x, int y, uint32_t ch, uint8_t attr, uint8_t color);
/* Fills n cells of row y from x. */
void ui_grid_fill(struct ui_grid *g, int x, int y, int n, uint32_t ch, uint8_t attr);
/* Writes UTF-8 text from x, at most maxw columns (and not past the edge).
 * A wide character that does not fit is left out. Returns columns written. */
int ui_grid_text(struct ui_grid *g, int x, int y, int maxw, uint8_t attr, const char *s);
/* The same, but text that does not fit ends in an ellipsis in its last
 * column ('.' on an ASCII terminal), so a cut title does not read as whole. */
int ui_grid_text_cut(struct ui_grid *g, int x, int y, int maxw, uint8_t attr, const char *s);
/* ui_grid_text_cut() of a formatted text: a sentence cut by the width says so. */
int ui_grid_textf(struct ui_grid *g, int x, int y, int maxw, uint8_t attr, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
/* Writes text over at most maxrows rows from (x, y), maxw columns each,
 * breaking at spaces; rows after the first start indent columns further in.
 * Text left over ends the last row in an ellipsis. Returns the rows used. */
int ui_grid_wrap(struct ui_grid *g, int x, int y, int maxw, int maxrows, int indent, uint8_t attr,
		 const char *s);
/* Sets flags on n cells of row y from x. */
void ui_grid_flag(struct ui_grid *g, int x, int y, int n, uint8_t flags);

/* Row y as UTF-8 text (ASCII stand-ins if ascii), trailing blanks trimmed.
 * Returns the length written (always NUL-terminated). */
size_t ui_grid_row_text(const struct ui_grid *g, int y, bool ascii, char *buf, size_t size);

/* ---- text helpers ---- */

/* Decodes one UTF-8 character and advances *s; a bad byte reads as U+FFFD. */
uint32_t ui_utf8_next(const char **s);
/* Encodes ch; returns bytes written (1-4) to buf (at least 4 bytes). */
int ui_utf8_put(char *buf, uint32_t ch);
/* Columns a character takes: 2 for East Asian wide ones, 0 for combining marks, else 1.
 * Our own table, so layout does not depend on the locale. */
int ui_char_width(uint32_t ch);
/* Columns of a UTF-8 string. */
int ui_text_width(const char *s);
/* The ASCII stand-in for a glyph, for terminals without UTF-8: each meaning
 * keeps a character of its own. 0 when ch is no glyph of ours. */
uint32_t ui_glyph_ascii(uint32_t ch);
/* Text in ASCII: glyphs as their stand-ins, letters transliterated ("é" ->
 * "e"), the rest (Chinese terms...) left out, with the brackets and the space
 * that held them. Returns out. */
char *ui_text_ascii(const char *in, char *out, size_t size);

#endif
