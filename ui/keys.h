/*
 * Keys are data: a table of bindings, key -> action, that the help overlay
 * prints and batch mode's --keys names. Actions change the view and return
 * what the loop should do (redraw, quit, stop the recording, export); they
 * never draw. Input arrives already translated from curses by term.c.
 */
#ifndef SCHEDSCOPE_UI_KEYS_H
#define SCHEDSCOPE_UI_KEYS_H

#include <stddef.h>

#include "ui/view.h"

/* Keys that are not characters: above the Unicode range. */
enum ui_key {
	UI_KEY_UP = 0x110000,
	UI_KEY_DOWN,
	UI_KEY_LEFT,
	UI_KEY_RIGHT,
	UI_KEY_SLEFT,          /* shift-left */
	UI_KEY_SRIGHT,
	UI_KEY_HOME,
	UI_KEY_END,
	UI_KEY_PGUP,
	UI_KEY_PGDN,
	UI_KEY_ENTER,
	UI_KEY_ESC,
	UI_KEY_TAB,
	UI_KEY_BACKSPACE,
	UI_KEY_CTRL_C,
};

enum ui_input_kind { UI_IN_KEY, UI_IN_MOUSE, UI_IN_RESIZE };
enum ui_mouse { UI_MOUSE_CLICK, UI_MOUSE_WHEEL_UP, UI_MOUSE_WHEEL_DOWN };

struct ui_input {
	enum ui_input_kind kind;
	int key;               /* a character or enum ui_key */
	int x, y;              /* mouse: the cell */
	enum ui_mouse button;
};

/* What an action asks of the loop. */
#define UI_ACT_REDRAW 1u
#define UI_ACT_QUIT   2u   /* leave (stopping a recording first) */
#define UI_ACT_STOP   4u   /* stop the recording, stay open */
#define UI_ACT_EXPORT 8u   /* export the trace to Perfetto */
#define UI_ACT_PICTURE 16u /* save the screen as an SVG picture */
#define UI_ACT_RERUN  32u  /* run the scenario again with the prompt's options (v->prompt) */

struct ui_binding {
	int keys[4];           /* what triggers it; 0 ends the list */
	const char *names;     /* as the help shows them */
	const char *help;
	unsigned (*run)(struct ui_view *v);
};

/* The table, for the help overlay. */
const struct ui_binding *ui_bindings(size_t *n);
/* Applies one input to the view. */
unsigned ui_keys_handle(struct ui_view *v, const struct ui_input *in);
/* Parses a key name for batch mode ("Left", "Tab", "C-c", "+", "space"...);
 * returns the key, or -1. */
int ui_key_parse(const char *name);

#endif
