/*
 * The terminal layer: the one place that knows curses. It copies a cell grid
 * to the screen (semantic attributes -> colours in one table, monochrome
 * when the terminal has no colours or NO_COLOR is set, ASCII stand-ins when
 * the locale is not UTF-8), and turns keys and mouse events into ui_input.
 *
 * It runs curses on the file descriptors it is given (dups of the terminal),
 * so the process's own stdout and stderr can point elsewhere, and it puts
 * the terminal back on exit, on a fatal signal, and in ui_term_close().
 */
#ifndef SCHEDSCOPE_UI_TERM_H
#define SCHEDSCOPE_UI_TERM_H

#include <stdbool.h>
#include <stddef.h>

#include "ui/grid.h"
#include "ui/keys.h"

struct ui_term;

/* Starts curses on in_fd/out_fd (it takes them over). NULL with a reason in err. */
struct ui_term *ui_term_open(int in_fd, int out_fd, char *err, size_t errlen);
/* Restores the terminal and frees everything. */
void ui_term_close(struct ui_term *t);
void ui_term_size(struct ui_term *t, int *w, int *h);
/* Copies the grid to the screen. */
void ui_term_draw(struct ui_term *t, const struct ui_grid *g);
/* One input without waiting: 1 if *in was filled, 0 if there is none. */
int ui_term_read(struct ui_term *t, struct ui_input *in);
/* The descriptor to poll for input. */
int ui_term_fd(const struct ui_term *t);
/* Whether the terminal speaks UTF-8 (else the grid should be ASCII). */
bool ui_term_utf8(const struct ui_term *t);
/* Whether the input has gone away (end of file, or EIO after a hangup that
 * sent no SIGHUP): ask when poll() said the descriptor was readable, or hung
 * up, but no input came. */
bool ui_term_input_gone(const struct ui_term *t);
/* Called after the terminal is restored on a fatal signal (e.g. to put
 * stdout and stderr back), before the process dies. */
void ui_term_on_crash(void (*fn)(void));

#endif
