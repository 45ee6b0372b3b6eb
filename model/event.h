/*
 * The decoded scheduler event: what the decoder produces from ring-buffer
 * records, what the trace file stores and gives back, and what the model,
 * the exporters and the UI consume. It knows nothing of BPF or curses.
 */
#ifndef SCHEDSCOPE_MODEL_EVENT_H
#define SCHEDSCOPE_MODEL_EVENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/vocab.h"

enum ss_kind {
	SS_SWITCH = 1,
	SS_WAKING,
	SS_WAKEUP_NEW,
	SS_FORK,
	SS_EXEC,
	SS_EXIT,
	SS_MIGRATE,
	SS_MARKER,
	SS_LOST,
	SS_BLOCK,      /* a traced thread is about to sleep inside this syscall */
	SS_WAKER,      /* what the (traced) waker of the preceding waking was doing */
	SS_SIGNAL,     /* a signal sent or delivered */
	SS_KIND_MAX
};

struct ss_chan {
	uint64_t id;          /* the same on both ends of a pipe, socket pair or connection */
	uint64_t ino;         /* pipe/socket/file inode; futex: its user address */
	uint64_t peer;        /* unix: the peer socket's inode; futex: owner tgid if private */
	uint32_t laddr, raddr;   /* inet, network byte order */
	uint16_t lport, rport;
	uint8_t kind;         /* enum ss_chan_kind */
	uint8_t flags;        /* SS_CHF_* */
};

/* The syscall a thread was in. Only the arguments that matter are kept
 * (model/syscalls.h); the others are 0. Of another user's process under
 * sudo only nr is kept (ss_sys_withheld()). */
struct ss_sys {
	int32_t nr;
	int32_t fd;           /* -1 when the call takes none */
	uint64_t args[3];
	struct ss_chan chan;
	uint32_t stack;       /* the thread's user stack there (model/stacks.h), 0: none */
	uint32_t kstack;      /* its kernel stack (a D-state sleep or one outside a
			       * syscall; ss_stacks_kfind()), 0: none */
};

/* Whether s is a call whose fd, arguments and channel the recorder left out
 * (another user's process, under sudo): its zeros and fd -1 say nothing. */
static inline bool ss_sys_withheld(const struct ss_sys *s)
{
	return s->chan.flags & SS_CHF_WITHHELD;
}

struct ss_event {
	uint64_t ts_ns;        /* CLOCK_BOOTTIME nanoseconds */
	uint16_t kind;         /* enum ss_kind */
	uint16_t cpu;
	uint32_t pid;          /* prev, waker, parent, or the task itself */
	union {
		struct {
			uint32_t next_pid;
			uint16_t prev_state;   /* enum ss_report_state */
			uint8_t prev_prio, next_prio;
		} sw;
		struct {
			uint32_t wakee;
			uint32_t target_cpu;
		} wake;                        /* SS_WAKING, SS_WAKEUP_NEW */
		struct {
			uint32_t child;
			uint32_t flags;        /* SS_FORK_IS_THREAD */
		} fork;
		struct {
			uint32_t old_pid;
		} exec;
		struct {
			int32_t code;          /* wait(2) status: code << 8 | signal */
		} exit;
		struct {
			uint32_t orig_cpu, dest_cpu;
		} mig;
		struct {
			uint32_t probe;        /* id in the trace's probe table */
			uint32_t nargs;
			int64_t args[SS_MAX_MARKER_ARGS];
		} marker;
		struct {
			uint64_t count;        /* records the kernel side dropped on this CPU */
		} lost;
		struct ss_sys block;           /* SS_BLOCK: pid is the thread going to sleep */
		struct {
			uint32_t wakee;
			/* 16 bits each, so that the event stays 96 bytes */
			uint16_t cause;        /* enum ss_waker_cause */
			uint16_t ctx_id;       /* SS_WC_HARDIRQ, SOFTIRQ, TIMER: which (vocab.h);
						* an irq above 65534 reads 65535 */
			struct ss_sys sys;     /* SS_WC_SYSCALL */
		} waker;                       /* SS_WAKER: pid is the waker (0 for a context) */
		struct {
			uint32_t target;
			int32_t sig;
			int32_t code;          /* si_code */
			int32_t result;        /* sent: 0 delivered, else ignored/already pending */
			uint32_t dir;          /* enum ss_signal_dir */
		} signal;                      /* SS_SIGNAL: pid sends (or receives, if delivered) */
	};
};

/* "switch", "waking", ...; "?" for an unknown kind. */
const char *ss_kind_name(unsigned kind);
/* Parses a kind name; returns 0 if unknown. */
unsigned ss_kind_parse(const char *name);
/* "R+", "S", "D", ... ; the letter perf sched and ps use. */
const char *ss_state_name(unsigned state);
/* Index 0..9 of a report-form state (R, S, D, T, t, X, Z, P, I, R+), or -1:
 * 0 for running, bit k for the others. Inline: every switch asks. */
static inline int ss_state_index(unsigned state)
{
	if (!state)
		return 0;
	if ((state & (state - 1)) || state > SS_ST_PREEMPTED)
		return -1;
	return __builtin_ctz(state) + 1;
}

static inline unsigned ss_state_from_index(int index)
{
	return index <= 0 || index > 9 ? SS_ST_RUNNING : 1u << (index - 1);
}
/* The canonical channel id: both ends of a pipe, socket pair or TCP
 * connection get the same one. Fills c->id from the other fields. */
void ss_chan_canon(struct ss_chan *c);
/* "pipe:[81234]", "tcp 127.0.0.1:5000<->127.0.0.1:40532", "futex 0x7f..". */
char *ss_chan_name(const struct ss_chan *c, char *buf, size_t size);
const char *ss_chan_kind_name(unsigned kind);

#endif
