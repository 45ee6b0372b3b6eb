/* The glyph vocabulary: shares of a cell, the CPU digit, and the table of
 * blocked reasons with their legend. */
#include "ui/glyphs.h"

#include "model/event.h"
#include "model/syscalls.h"

static const struct ui_block_glyph block_glyphs[UI_BLOCK_COUNT] = {
	{ UI_BLOCK_SLEEP, 0x2500u, "asleep (S)" },           /* ─ */
	{ UI_BLOCK_DISK, 0x2550u, "asleep (D)" },            /* ═ */
	{ UI_BLOCK_OTHER, 0x2506u, "stopped" },              /* ┆ */
	{ UI_BLOCK_LOCK, 'l', "lock" },
	{ UI_BLOCK_PIPE, 'p', "pipe/queue" },
	{ UI_BLOCK_NAP, 'z', "sleep()" },
	{ UI_BLOCK_JOIN, 'j', "join/wait" },
	{ UI_BLOCK_NET, 'n', "socket" },
	{ UI_BLOCK_POLL, 'w', "poll" },
	{ UI_BLOCK_IO, 'i', "file/tty" },
	{ UI_BLOCK_SIGNAL, 's', "signal" },
	{ UI_BLOCK_KWORK, 'k', "kernel thread idle" },
};

const struct ui_block_glyph *ui_block_glyph(enum ui_block reason)
{
	return &block_glyphs[(unsigned)reason < UI_BLOCK_COUNT ? reason : UI_BLOCK_SLEEP];
}

enum ui_block ui_block_from_state(int state_index)
{
	switch (ss_state_from_index(state_index)) {
	case SS_ST_S:
	case SS_ST_I:
		return UI_BLOCK_SLEEP;
	case SS_ST_D:
		return UI_BLOCK_DISK;
	default:
		return UI_BLOCK_OTHER;
	}
}

uint32_t ui_glyph_eighths(unsigned eighths)
{
	if (eighths >= 8)
		return UI_GLYPH_FULL;
	return 0x2580u + (eighths ? eighths : 1);   /* ▁ ▂ ▃ ▄ ▅ ▆ ▇ */
}

unsigned ui_eighths_of(uint64_t part, uint64_t whole, unsigned rows)
{
	unsigned max = 8 * rows, e;

	if (!whole || !part)
		return 0;
	if (part >= whole)
		return max;
	e = (unsigned)((part * max + whole - 1) / whole);
	return e < 1 ? 1 : e > max ? max : e;
}

unsigned ui_eighths(uint64_t part, uint64_t whole)
{
	return ui_eighths_of(part, whole, 1);
}

uint32_t ui_glyph_cpu(int cpu)
{
	if (cpu >= 0 && cpu < 10)
		return (uint32_t)('0' + cpu);
	if (cpu >= 10 && cpu < 36)
		return (uint32_t)('a' + cpu - 10);
	return '+';
}

enum ui_block ui_block_from_reason(unsigned reason, int state_index)
{
	switch (reason) {
	case SS_R_LOCK: return UI_BLOCK_LOCK;
	case SS_R_JOIN:
	case SS_R_VFORK: return UI_BLOCK_JOIN;
	case SS_R_KWORK: return UI_BLOCK_KWORK;
	case SS_R_PIPE_READ:
	case SS_R_PIPE_WRITE:
	case SS_R_QUEUE_GET:
	case SS_R_QUEUE_PUT: return UI_BLOCK_PIPE;
	case SS_R_SLEEP: return UI_BLOCK_NAP;
	case SS_R_ACCEPT:
	case SS_R_CONNECT:
	case SS_R_RECV:
	case SS_R_SEND: return UI_BLOCK_NET;
	case SS_R_POLL: return UI_BLOCK_POLL;
	case SS_R_IO: return UI_BLOCK_IO;
	case SS_R_SIGNAL_WAIT: return UI_BLOCK_SIGNAL;
	default: return ui_block_from_state(state_index);
	}
}
