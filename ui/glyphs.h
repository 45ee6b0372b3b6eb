/*
 * The timeline's vocabulary of glyphs, in one place: how a share of a cell,
 * a thread's state and a blocked reason look. The legend is drawn from the
 * same tables, so a new reason needs one row here and nothing else.
 */
#ifndef SCHEDSCOPE_UI_GLYPHS_H
#define SCHEDSCOPE_UI_GLYPHS_H

#include <stdint.h>

#define UI_GLYPH_FULL     0x2588u   /* █ a cell wholly taken */
#define UI_GLYPH_RUNNABLE 0x2591u   /* ░ ready, waiting for a CPU */
#define UI_GLYPH_FORK     0x251cu   /* ├ the thread was forked here */
#define UI_GLYPH_EXIT     0x2524u   /* ┤ the thread exited here */
#define UI_GLYPH_FORKEXIT 0x253cu   /* ┼ both in one cell */
#define UI_GLYPH_MARKER   0x2577u   /* ╷ a USDT marker fired here */
#define UI_GLYPH_LOST     '!'       /* events were lost here */

/* Why a thread was blocked: the model's reason for the sleep (model/syscalls.h,
 * enum ss_reason) when it knows one, else the sleep state (S, D). A new
 * reason needs a value here, a row in the table and a case in
 * ui_block_from_reason() (glyphs.c). */
enum ui_block {
	UI_BLOCK_SLEEP,        /* S: interruptible sleep, reason unknown */
	UI_BLOCK_DISK,         /* D: uninterruptible (disk, some locks) */
	UI_BLOCK_OTHER,        /* stopped, traced, ... */
	UI_BLOCK_LOCK,         /* a mutex, condition variable, semaphore (futex) */
	UI_BLOCK_PIPE,         /* a pipe or message queue, empty or full */
	UI_BLOCK_NAP,          /* nanosleep: it asked to sleep */
	UI_BLOCK_JOIN,         /* waiting for a child process or a thread (wait4, join, vfork) */
	UI_BLOCK_NET,          /* a socket: accept, connect, recv, send */
	UI_BLOCK_POLL,         /* poll, select, epoll: waiting on several */
	UI_BLOCK_IO,           /* a file, terminal or device */
	UI_BLOCK_SIGNAL,       /* pause, sigsuspend: waiting for a signal */
	UI_BLOCK_KWORK,        /* a kernel thread waiting for work */
	UI_BLOCK_COUNT
};

struct ui_block_glyph {
	enum ui_block reason;
	uint32_t glyph;
	const char *legend;    /* what the legend says */
};

/* The glyph table's row for a reason. */
const struct ui_block_glyph *ui_block_glyph(enum ui_block reason);
/* The reason from a sleep state index (ss_state_index of S, D, ...). */
enum ui_block ui_block_from_state(int state_index);
/* The reason from the model's (enum ss_reason), falling back to the state. */
enum ui_block ui_block_from_reason(unsigned reason, int state_index);
/* The lower-eighth block for a share of a cell: 1..8 eighths (8 is full). */
uint32_t ui_glyph_eighths(unsigned eighths);
/* Eighths (1..8) of part in whole, rounded up so any share shows; 0 for none. */
unsigned ui_eighths(uint64_t part, uint64_t whole);
/* The same over a bar of rows cells: 1..8*rows. */
unsigned ui_eighths_of(uint64_t part, uint64_t whole, unsigned rows);
/* The CPU digit shown in a running cell: 0-9, a-z, then '+'. */
uint32_t ui_glyph_cpu(int cpu);

#endif
