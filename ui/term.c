/* The terminal (term.h), the only file that includes curses. A frame is
 * drawn from the grid cell by cell, each cell's look asked of
 * ui_palette_cell() and turned into a colour pair with alloc_pair, so the
 * colours stay in palette.c's one table. A fatal signal restores the
 * terminal before the process dies, through the one open terminal kept
 * here for the handler. */
#include "ui/term.h"

#include "ui/palette.h"

/* the wide-character API (cchar_t, wget_wch) of ncursesw */
#define NCURSES_WIDECHAR 1
#include <curses.h>
#include <term.h>
#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <wchar.h>

struct ui_term {
	SCREEN *scr;
	FILE *in, *out;
	int in_fd;
	bool color;     /* colours (not NO_COLOR, the terminal has them) */
	bool utf8;      /* the locale speaks UTF-8 */
	int w, h;
};

static struct ui_term *open_term;   /* for the fatal-signal handler */
static void (*crash_hook)(void);

/* ---- looks ---- */

/* Colours come from ui/palette.c, the table the pictures use too; a pair is
 * made for each foreground and background the first time a cell asks
 * (ncurses' alloc_pair), so this file holds no colour of its own. */
static void init_colors(void)
{
	start_color();
	use_default_colors();
}

/* The curses attributes and pair of a cell. */
static void cell_look(const struct ui_term *t, const struct ui_cell *c, attr_t *attr, short *pair)
{
	struct ui_screen_caps caps = { .color = t->color, .colors = COLORS, .pairs = COLOR_PAIRS };
	struct ui_look k = ui_palette_cell(c, &caps);

	*attr = (k.attr & UI_LOOK_BOLD ? A_BOLD : A_NORMAL) | (k.attr & UI_LOOK_DIM ? A_DIM : A_NORMAL) |
		(k.attr & UI_LOOK_REVERSE ? A_REVERSE : A_NORMAL) |
		(k.attr & UI_LOOK_UNDERLINE ? A_UNDERLINE : A_NORMAL) | (k.attr & UI_LOOK_ITALIC ? A_ITALIC : A_NORMAL);
	*pair = 0;
	if (t->color && (k.fg != UI_COLOR_DEFAULT || k.bg != UI_COLOR_DEFAULT)) {
		int p = alloc_pair(k.fg, k.bg);

		*pair = p > 0 && p <= 0x7fff ? (short)p : 0;
	}
}

/* ---- fatal signals ---- */

static void on_fatal(int sig)
{
	if (open_term)
		endwin();
	if (crash_hook)
		crash_hook();
	/* SA_RESETHAND put the default action back: die of the same signal */
	raise(sig);
}

static void catch_fatal(bool on)
{
	static const int sigs[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT };
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on ? on_fatal : SIG_DFL;
	sa.sa_flags = on ? SA_RESETHAND | SA_NODEFER : 0;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaction(sigs[i], &sa, NULL);
}

void ui_term_on_crash(void (*fn)(void))
{
	crash_hook = fn;
}

/* ---- open, close ---- */

struct ui_term *ui_term_open(int in_fd, int out_fd, char *err, size_t errlen)
{
	struct ui_term *t = calloc(1, sizeof(*t));
	const char *no_color = getenv("NO_COLOR"), *term = getenv("TERM");

	if (!t) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	setlocale(LC_ALL, "");
	t->utf8 = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
	t->in_fd = in_fd;
	t->in = fdopen(in_fd, "r");
	t->out = fdopen(out_fd, "w");
	if (!t->in || !t->out || !term || !*term) {
		snprintf(err, errlen, "cannot use the terminal%s", !term || !*term ? ": TERM is not set" : "");
		goto fail;
	}
	t->scr = newterm(NULL, t->out, t->in);
	if (!t->scr) {
		snprintf(err, errlen, "cannot use the terminal: TERM=%s is unknown here", term);
		goto fail;
	}
	set_term(t->scr);
	/* a terminal that cannot move the cursor (TERM=dumb) shows nothing of a
	 * full-screen view: say so, and let the caller print instead */
	{
		const char *cup = tigetstr("cup");

		if (!cup || cup == (const char *)-1) {
			endwin();
			delscreen(t->scr);
			t->scr = NULL;
			snprintf(err, errlen, "TERM=%s cannot move the cursor, so the timeline cannot be drawn", term);
			goto fail;
		}
	}
	open_term = t;
	catch_fatal(true);
	raw();                  /* Ctrl-C arrives as a key: it stops the recording, not us */
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
	mouseinterval(0);
	t->color = has_colors() && !(no_color && *no_color);
	if (t->color)
		init_colors();
	getmaxyx(stdscr, t->h, t->w);
	return t;
fail:
	if (t->in)
		fclose(t->in);
	else
		close(in_fd);
	if (t->out)
		fclose(t->out);
	else
		close(out_fd);
	free(t);
	return NULL;
}

void ui_term_close(struct ui_term *t)
{
	if (!t)
		return;
	endwin();
	catch_fatal(false);
	open_term = NULL;
	delscreen(t->scr);
	fclose(t->in);
	fclose(t->out);
	free(t);
}

void ui_term_size(struct ui_term *t, int *w, int *h)
{
	getmaxyx(stdscr, t->h, t->w);
	*w = t->w;
	*h = t->h;
}

int ui_term_fd(const struct ui_term *t)
{
	return t->in_fd;
}

bool ui_term_utf8(const struct ui_term *t)
{
	return t->utf8;
}

bool ui_term_input_gone(const struct ui_term *t)
{
	int n = 0;

	/* in raw mode a readable terminal always has a byte to give: none
	 * (end of file) or an error (EIO once it hung up) means it is gone */
	if (ioctl(t->in_fd, FIONREAD, &n) < 0)
		return errno != EINTR;
	return n == 0;
}

/* ---- drawing ---- */

void ui_term_draw(struct ui_term *t, const struct ui_grid *g)
{
	for (int y = 0; y < g->h && y < t->h; y++) {
		for (int x = 0; x < g->w && x < t->w; x++) {
			const struct ui_cell *c = &g->c[(size_t)y * (size_t)g->w + (size_t)x];
			wchar_t wc[2] = { 0, 0 };
			cchar_t cc;
			attr_t attr;
			short pair;
			uint32_t ch = c->ch;

			if (ch == 0) {
				if (t->utf8)
					continue;           /* covered by the wide character on its left */
				ch = ' ';
			}
			if (!t->utf8 && ch >= 0x80)     /* the grid is ASCII already (ui_term_utf8) */
				ch = ui_glyph_ascii(ch) ? ui_glyph_ascii(ch) : ' ';
			else if (ui_char_width(ch) == 2 && x + 1 >= t->w)
				ch = ' ';                   /* half a wide character does not fit */
			cell_look(t, c, &attr, &pair);
			wc[0] = (wchar_t)ch;
			setcchar(&cc, wc, attr, pair, NULL);
			mvadd_wch(y, x, &cc);
		}
	}
	wnoutrefresh(stdscr);
	doupdate();
}

/* ---- input ---- */

static int translate_key(int code)
{
	switch (code) {
	case KEY_UP: return UI_KEY_UP;
	case KEY_DOWN: return UI_KEY_DOWN;
	case KEY_LEFT: return UI_KEY_LEFT;
	case KEY_RIGHT: return UI_KEY_RIGHT;
	case KEY_SLEFT: return UI_KEY_SLEFT;
	case KEY_SRIGHT: return UI_KEY_SRIGHT;
	case KEY_HOME: return UI_KEY_HOME;
	case KEY_END: return UI_KEY_END;
	case KEY_PPAGE: return UI_KEY_PGUP;
	case KEY_NPAGE: return UI_KEY_PGDN;
	case KEY_ENTER: return UI_KEY_ENTER;
	case KEY_BACKSPACE: return UI_KEY_BACKSPACE;
	case KEY_BTAB: return UI_KEY_TAB;
	default: return -1;
	}
}

int ui_term_read(struct ui_term *t, struct ui_input *in)
{
	wint_t wch;
	int rc;

	for (;;) {
		rc = wget_wch(stdscr, &wch);
		if (rc == ERR)
			return 0;
		memset(in, 0, sizeof(*in));
		if (rc == KEY_CODE_YES) {
			if (wch == KEY_RESIZE) {
				getmaxyx(stdscr, t->h, t->w);
				clearok(curscr, TRUE);
				in->kind = UI_IN_RESIZE;
				return 1;
			}
			if (wch == KEY_MOUSE) {
				MEVENT ev;

				if (getmouse(&ev) != OK)
					continue;
				in->kind = UI_IN_MOUSE;
				in->x = ev.x;
				in->y = ev.y;
				if (ev.bstate & BUTTON4_PRESSED)
					in->button = UI_MOUSE_WHEEL_UP;
				else if (ev.bstate & BUTTON5_PRESSED)
					in->button = UI_MOUSE_WHEEL_DOWN;
				else if (ev.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED))
					in->button = UI_MOUSE_CLICK;
				else
					continue;
				return 1;
			}
			in->key = translate_key((int)wch);
			if (in->key < 0)
				continue;
			return 1;
		}
		switch (wch) {
		case 3: in->key = UI_KEY_CTRL_C; break;
		case '\r':
		case '\n': in->key = UI_KEY_ENTER; break;
		case '\t': in->key = UI_KEY_TAB; break;
		case 27: in->key = UI_KEY_ESC; break;
		case 127:
		case 8: in->key = UI_KEY_BACKSPACE; break;
		default: in->key = (int)wch; break;
		}
		return 1;
	}
}
