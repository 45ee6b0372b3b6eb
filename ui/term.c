#include "ui/term.h"

/* the wide-character API (cchar_t, wget_wch) of ncursesw */
#define NCURSES_WIDECHAR 1
#include <curses.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

/* ---- the attribute table ---- */

/* Pairs: 1..12 task colour on the default background; 13..24 black on the
 * task colour; 25..36 task colour on the runnable background; then the
 * semantic ones. */
enum {
	PAIR_RUN = 1,
	PAIR_RUN_TEXT = PAIR_RUN + UI_NCOLORS,
	PAIR_RUN_WAIT = PAIR_RUN_TEXT + UI_NCOLORS,
	PAIR_OTHER = PAIR_RUN_WAIT + UI_NCOLORS,
	PAIR_OTHER_TEXT,
	PAIR_OTHER_WAIT,
	PAIR_SEM,       /* + enum ui_attr */
};

struct look {
	short fg, bg;   /* -1: the terminal's default */
	attr_t attr;    /* with colours */
	attr_t mono;    /* without */
};

/* What each semantic attribute looks like. */
static const struct look looks[UI_A_COUNT] = {
	[UI_A_NORMAL] = { -1, -1, A_NORMAL, A_NORMAL },
	[UI_A_DIM] = { -1, -1, A_DIM, A_DIM },
	[UI_A_TITLE] = { COLOR_BLACK, COLOR_CYAN, A_NORMAL, A_REVERSE },
	[UI_A_LABEL] = { -1, -1, A_BOLD, A_BOLD },
	[UI_A_RULER] = { COLOR_CYAN, -1, A_NORMAL, A_NORMAL },
	[UI_A_RUNNABLE] = { COLOR_YELLOW, -1, A_NORMAL, A_NORMAL },
	[UI_A_BLOCKED] = { -1, -1, A_DIM, A_DIM },
	[UI_A_MARK] = { COLOR_MAGENTA, -1, A_BOLD, A_BOLD },
	[UI_A_ALERT] = { COLOR_WHITE, COLOR_RED, A_BOLD, A_BOLD | A_REVERSE },
	[UI_A_CURSOR] = { COLOR_YELLOW, -1, A_BOLD, A_BOLD },
	[UI_A_STATUS] = { COLOR_BLACK, COLOR_WHITE, A_NORMAL, A_REVERSE },
	[UI_A_STATUS_LIVE] = { COLOR_BLACK, COLOR_GREEN, A_BOLD, A_REVERSE | A_BOLD },
	[UI_A_HEADING] = { COLOR_CYAN, -1, A_BOLD, A_BOLD },
	[UI_A_KEY] = { COLOR_YELLOW, -1, A_BOLD, A_BOLD },
	[UI_A_PROMPT] = { COLOR_BLACK, COLOR_YELLOW, A_NORMAL, A_REVERSE },
};

/* Task colours: 12 well apart on a 256-colour terminal; on 8 colours six,
 * then the same six bold. */
static const short palette256[UI_NCOLORS] = { 39, 208, 40, 170, 220, 45, 196, 141, 118, 209, 33, 229 };
static const short palette8[UI_NCOLORS / 2] = { COLOR_BLUE, COLOR_YELLOW, COLOR_GREEN, COLOR_MAGENTA,
						COLOR_CYAN, COLOR_RED };

static void init_colors(struct ui_term *t)
{
	bool rich = COLORS >= 256 && COLOR_PAIRS > PAIR_SEM + UI_A_COUNT;
	short grey = COLORS >= 256 ? 244 : COLORS >= 16 ? 8 : COLOR_WHITE;
	short waitbg = COLORS >= 256 ? 58 : COLOR_YELLOW;

	start_color();
	use_default_colors();
	for (int i = 0; i < UI_NCOLORS; i++) {
		short c = rich ? palette256[i] : palette8[i % (UI_NCOLORS / 2)];

		init_pair((short)(PAIR_RUN + i), c, -1);
		init_pair((short)(PAIR_RUN_TEXT + i), COLOR_BLACK, c);
		init_pair((short)(PAIR_RUN_WAIT + i), c, waitbg);
	}
	init_pair(PAIR_OTHER, grey, -1);
	init_pair(PAIR_OTHER_TEXT, COLOR_BLACK, grey);
	init_pair(PAIR_OTHER_WAIT, grey, waitbg);
	for (int a = 0; a < UI_A_COUNT; a++)
		init_pair((short)(PAIR_SEM + a), looks[a].fg, looks[a].bg);
	(void)t;
}

/* The curses attributes and pair of a cell. */
static void cell_look(const struct ui_term *t, const struct ui_cell *c, attr_t *attr, short *pair)
{
	unsigned col = c->color;
	bool other = col == 0 || col > UI_NCOLORS;

	*pair = 0;
	if (c->attr == UI_A_RUN || c->attr == UI_A_RUN_TEXT) {
		bool text = c->attr == UI_A_RUN_TEXT, wait = c->flags & UI_CF_WAITBG;

		if (!t->color) {
			*attr = (text ? A_REVERSE : A_NORMAL) | (other ? A_DIM : A_NORMAL);
		} else if (other) {
			*pair = text ? PAIR_OTHER_TEXT : wait ? PAIR_OTHER_WAIT : PAIR_OTHER;
			*attr = A_NORMAL;
		} else {
			*pair = (short)((text ? PAIR_RUN_TEXT : wait ? PAIR_RUN_WAIT : PAIR_RUN) + (int)col - 1);
			/* on 8 colours the second six are the first six, bold */
			*attr = COLORS < 256 && col > UI_NCOLORS / 2 && !text ? A_BOLD : A_NORMAL;
		}
	} else {
		const struct look *l = &looks[c->attr < UI_A_COUNT ? c->attr : UI_A_NORMAL];

		*attr = t->color ? l->attr : l->mono;
		if (t->color && (l->fg >= 0 || l->bg >= 0))
			*pair = (short)(PAIR_SEM + c->attr);
	}
	if (c->flags & UI_CF_CURSOR)
		*attr ^= A_REVERSE;
	if (c->flags & UI_CF_SELECTED)
		*attr |= A_BOLD;
	if (c->flags & UI_CF_MARK)
		*attr |= A_UNDERLINE;
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
		init_colors(t);
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
				ch = '?';
			}
			if (!t->utf8)
				ch = ui_glyph_ascii(ch);
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
