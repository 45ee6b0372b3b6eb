/* The cell grid, UTF-8 text into cells, our own width table, and the ASCII
 * forms of glyphs and text for terminals that cannot show UTF-8. */
#include "ui/grid.h"

#include <iconv.h>
#include <locale.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int ui_grid_resize(struct ui_grid *g, int w, int h)
{
	struct ui_cell *c;

	if (w < 1)
		w = 1;
	if (h < 1)
		h = 1;
	if (w != g->w || h != g->h) {
		c = realloc(g->c, (size_t)w * (size_t)h * sizeof(*c));
		if (!c)
			return -1;
		g->c = c;
		g->w = w;
		g->h = h;
	}
	ui_grid_clear(g);
	return 0;
}

void ui_grid_free(struct ui_grid *g)
{
	free(g->c);
	memset(g, 0, sizeof(*g));
}

void ui_grid_clear(struct ui_grid *g)
{
	for (size_t i = 0; i < (size_t)g->w * (size_t)g->h; i++)
		g->c[i] = (struct ui_cell){ .ch = ' ' };
}

void ui_grid_put(struct ui_grid *g, int x, int y, uint32_t ch, uint8_t attr, uint8_t color)
{
	struct ui_cell *c = ui_grid_at(g, x, y);

	if (g->ascii && ch >= 0x80)
		ch = ui_glyph_ascii(ch) ? ui_glyph_ascii(ch) : ' ';
	if (c)
		*c = (struct ui_cell){ .ch = ch, .attr = attr, .color = color };
}

void ui_grid_fill(struct ui_grid *g, int x, int y, int n, uint32_t ch, uint8_t attr)
{
	for (int i = 0; i < n; i++)
		ui_grid_put(g, x + i, y, ch, attr, 0);
}

void ui_grid_flag(struct ui_grid *g, int x, int y, int n, uint8_t flags)
{
	for (int i = 0; i < n; i++) {
		struct ui_cell *c = ui_grid_at(g, x + i, y);

		if (c)
			c->flags |= flags;
	}
}

int ui_grid_text(struct ui_grid *g, int x, int y, int maxw, uint8_t attr, const char *s)
{
	char ascii[1024];
	int col = 0;

	if (y < 0 || y >= g->h)
		return 0;
	if (g->ascii)
		s = ui_text_ascii(s, ascii, sizeof(ascii));
	if (maxw > g->w - x)
		maxw = g->w - x;
	while (*s) {
		uint32_t ch = ui_utf8_next(&s);
		int cw = ui_char_width(ch);

		if (cw == 0)
			continue;       /* combining marks: not worth a cell */
		if (col + cw > maxw)
			break;
		ui_grid_put(g, x + col, y, ch, attr, 0);
		if (cw == 2)
			ui_grid_put(g, x + col + 1, y, 0, attr, 0);
		col += cw;
	}
	return col;
}

int ui_grid_text_cut(struct ui_grid *g, int x, int y, int maxw, uint8_t attr, const char *s)
{
	char ascii[1024];
	int col;

	if (maxw > g->w - x)
		maxw = g->w - x;
	if (g->ascii)
		s = ui_text_ascii(s, ascii, sizeof(ascii));   /* its width, not the UTF-8 one */
	if (maxw < 1 || ui_text_width(s) <= maxw)
		return ui_grid_text(g, x, y, maxw, attr, s);
	col = ui_grid_text(g, x, y, maxw - 1, attr, s);
	ui_grid_put(g, x + col, y, g->ascii ? '.' : 0x2026, attr, 0);
	return col + 1;
}

int ui_grid_wrap(struct ui_grid *g, int x, int y, int maxw, int maxrows, int indent, uint8_t attr,
		 const char *s)
{
	char ascii[1024], row[1024];
	int rows = 0;

	if (g->ascii)
		s = ui_text_ascii(s, ascii, sizeof(ascii));
	while (*s && rows < maxrows) {
		int w = rows ? maxw - indent : maxw, col = 0;
		const char *p = s, *cut = NULL;

		if (w < 1)
			break;
		/* the last row it may have: the rest, cut with an ellipsis if it
		 * does not fit, rather than a whole word that reads as the end */
		if (rows + 1 == maxrows) {
			ui_grid_text_cut(g, x + (rows ? indent : 0), y + rows, w, attr, s);
			return rows + 1;
		}
		/* the longest part that fits, ending before a space */
		while (*p) {
			const char *q = p;
			int cw = ui_char_width(ui_utf8_next(&q));

			if (col + cw > w)
				break;
			if (*p == ' ')
				cut = p;
			col += cw;
			p = q;
		}
		if (!*p || *p == ' ' || !cut)
			cut = p;                  /* it all fits, a word ends at the edge, or one is wider than a row */
		snprintf(row, sizeof(row), "%.*s", (int)(cut - s), s);
		ui_grid_text(g, x + (rows ? indent : 0), y + rows, w, attr, row);
		rows++;
		s = cut;
		while (*s == ' ')
			s++;
	}
	return rows;
}

int ui_grid_textf(struct ui_grid *g, int x, int y, int maxw, uint8_t attr, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return ui_grid_text_cut(g, x, y, maxw, attr, buf);
}

size_t ui_grid_row_text(const struct ui_grid *g, int y, bool ascii, char *buf, size_t size)
{
	size_t n = 0, keep = 0;

	if (!size)
		return 0;
	for (int x = 0; y >= 0 && y < g->h && x < g->w; x++) {
		uint32_t ch = g->c[(size_t)y * (size_t)g->w + (size_t)x].ch;
		char u[4];
		int len;

		if (ch == 0) {          /* the right half of a wide character */
			if (!ascii)
				continue;
			ch = ' ';
		}
		if (ascii && ch >= 0x80)
			ch = ui_glyph_ascii(ch) ? ui_glyph_ascii(ch) : ' ';
		len = ui_utf8_put(u, ch);
		if (n + (size_t)len >= size)
			break;
		memcpy(buf + n, u, (size_t)len);
		n += (size_t)len;
		if (ch != ' ')
			keep = n;
	}
	buf[keep] = 0;
	return keep;
}

uint32_t ui_utf8_next(const char **sp)
{
	const unsigned char *s = (const unsigned char *)*sp;
	uint32_t ch;
	int more;

	if (s[0] < 0x80) {
		*sp += 1;
		return s[0];
	}
	if ((s[0] & 0xe0) == 0xc0) {
		ch = s[0] & 0x1f;
		more = 1;
	} else if ((s[0] & 0xf0) == 0xe0) {
		ch = s[0] & 0x0f;
		more = 2;
	} else if ((s[0] & 0xf8) == 0xf0) {
		ch = s[0] & 0x07;
		more = 3;
	} else {
		*sp += 1;
		return 0xfffd;
	}
	for (int i = 1; i <= more; i++) {
		if ((s[i] & 0xc0) != 0x80) {
			*sp += (size_t)i;
			return 0xfffd;
		}
		ch = ch << 6 | (s[i] & 0x3f);
	}
	*sp += (size_t)more + 1;
	return ch;
}

int ui_utf8_put(char *b, uint32_t ch)
{
	if (ch < 0x80) {
		b[0] = (char)ch;
		return 1;
	}
	if (ch < 0x800) {
		b[0] = (char)(0xc0 | ch >> 6);
		b[1] = (char)(0x80 | (ch & 0x3f));
		return 2;
	}
	if (ch < 0x10000) {
		b[0] = (char)(0xe0 | ch >> 12);
		b[1] = (char)(0x80 | (ch >> 6 & 0x3f));
		b[2] = (char)(0x80 | (ch & 0x3f));
		return 3;
	}
	b[0] = (char)(0xf0 | ch >> 18);
	b[1] = (char)(0x80 | (ch >> 12 & 0x3f));
	b[2] = (char)(0x80 | (ch >> 6 & 0x3f));
	b[3] = (char)(0x80 | (ch & 0x3f));
	return 4;
}

int ui_char_width(uint32_t ch)
{
	/* Combining marks (the common blocks). */
	if ((ch >= 0x0300 && ch <= 0x036f) || (ch >= 0x200b && ch <= 0x200f) ||
	    (ch >= 0xfe20 && ch <= 0xfe2f))
		return 0;
	/* East Asian Wide and Fullwidth (the lesson texts' Chinese terms). */
	if ((ch >= 0x1100 && ch <= 0x115f) || (ch >= 0x2e80 && ch <= 0x303e) ||
	    (ch >= 0x3041 && ch <= 0x33ff) || (ch >= 0x3400 && ch <= 0x4dbf) ||
	    (ch >= 0x4e00 && ch <= 0x9fff) || (ch >= 0xa000 && ch <= 0xa4cf) ||
	    (ch >= 0xac00 && ch <= 0xd7a3) || (ch >= 0xf900 && ch <= 0xfaff) ||
	    (ch >= 0xfe30 && ch <= 0xfe4f) || (ch >= 0xff00 && ch <= 0xff60) ||
	    (ch >= 0xffe0 && ch <= 0xffe6) || (ch >= 0x20000 && ch <= 0x3fffd))
		return 2;
	return 1;
}

int ui_text_width(const char *s)
{
	int w = 0;

	while (*s)
		w += ui_char_width(ui_utf8_next(&s));
	return w;
}

uint32_t ui_glyph_ascii(uint32_t ch)
{
	/* One character per meaning (docs/UI.md lists them): runnable is not
	 * asleep, fork is not exit, a marker is not a question. */
	static const struct {
		uint32_t from, to;
	} map[] = {
		{ 0x2588, '#' },                         /* full block: ran the whole cell */
		{ 0x2581, '.' }, { 0x2582, '.' }, { 0x2583, '.' },   /* ran part of it: lower 1/8..3/8 */
		{ 0x2584, ':' }, { 0x2585, ':' }, { 0x2586, ':' }, { 0x2587, ':' },   /* 4/8..7/8 */
		{ 0x2591, '~' },                         /* light shade: runnable */
		{ 0x2500, '-' },                         /* asleep (S); rules and separators */
		{ 0x254c, '-' },                         /* a thread's line to its process (a label, no state) */
		{ 0x2550, '=' },                         /* asleep (D) */
		{ 0x2506, 'T' },                         /* stopped */
		{ 0x251c, '[' },                         /* fork */
		{ 0x2524, ']' },                         /* exit */
		{ 0x253c, 'X' },                         /* fork and exit in one cell */
		{ 0x2577, '\'' },                        /* a USDT marker */
		{ 0x252c, '+' }, { 0x2534, '+' },        /* ruler ticks */
		{ 0x2502, '|' }, { 0x250c, '+' }, { 0x2510, '+' }, { 0x2514, '+' }, { 0x2518, '+' },  /* boxes */
		{ 0x25bc, 'v' }, { 0x25be, 'v' },        /* the cursor */
		{ 0x2191, '^' }, { 0x2193, 'v' }, { 0x2190, '<' }, { 0x2192, '>' },
		{ 0x00b7, '.' }, { 0x25cf, '*' }, { 0x00b5, 'u' },
	};

	if (ch < 0x80)
		return ch;
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (map[i].from == ch)
			return map[i].to;
	return 0;
}

/* glibc's transliteration, in a UTF-8 locale whatever ours is (the C
 * locale's tables know no accented letters). */
static size_t transliterate(iconv_t cd, const char *ch, size_t len, char *out, size_t size)
{
	static locale_t utf8;
	locale_t old;
	char *ip = (char *)ch, *op = out;
	size_t il = len, ol = size, r;

	if (cd == (iconv_t)-1)
		return 0;
	if (!utf8)
		utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
	old = utf8 ? uselocale(utf8) : (locale_t)0;
	iconv(cd, NULL, NULL, NULL, NULL);
	r = iconv(cd, &ip, &il, &op, &ol);
	if (utf8)
		uselocale(old);
	if (r == (size_t)-1 || memchr(out, '?', size - ol))
		return 0;                 /* no ASCII form: left out */
	return size - ol;
}

char *ui_text_ascii(const char *in, char *out, size_t size)
{
	iconv_t cd = (iconv_t)-1;
	size_t n = 0, open = SIZE_MAX;   /* where the last '(' was written */
	bool dropped = false;            /* something was left out since */

	if (!size)
		return out;
	while (*in && n + 1 < size) {
		const char *start = in;
		uint32_t ch = ui_utf8_next(&in);
		char t[16];
		size_t k = 0;

		if (ch < 0x80) {
			t[k++] = (char)ch;
		} else if (ui_glyph_ascii(ch)) {
			t[k++] = (char)ui_glyph_ascii(ch);
		} else {
			if (cd == (iconv_t)-1)
				cd = iconv_open("ASCII//TRANSLIT", "UTF-8");
			k = transliterate(cd, start, (size_t)(in - start), t, sizeof(t));
		}
		if (n + k + 1 > size)
			break;
		dropped |= k == 0;
		/* brackets left empty by what had no ASCII form go, with their space */
		if (k == 1 && t[0] == ')' && dropped && open != SIZE_MAX && n == open + 1) {
			n = open && out[open - 1] == ' ' ? open - 1 : open;
			open = SIZE_MAX;
			continue;
		}
		if (k == 1 && t[0] == '(') {
			open = n;
			dropped = false;
		}
		memcpy(out + n, t, k);
		n += k;
	}
	out[n] = 0;
	if (cd != (iconv_t)-1)
		iconv_close(cd);
	return out;
}
