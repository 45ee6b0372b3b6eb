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
	SS_KIND_MAX
};

/* prev_state in the kernel's report form, as perf and Perfetto expect it. */
enum ss_state {
	SS_ST_RUNNING = 0x0000,
	SS_ST_S = 0x0001,
	SS_ST_D = 0x0002,
	SS_ST_T = 0x0004,
	SS_ST_t = 0x0008,
	SS_ST_X = 0x0010,
	SS_ST_Z = 0x0020,
	SS_ST_P = 0x0040,
	SS_ST_I = 0x0080,
	SS_ST_PREEMPTED = 0x0100,
};

#define SS_FORK_IS_THREAD 1u
#define SS_MAX_MARKER_ARGS 4

struct ss_event {
	uint64_t ts_ns;        /* CLOCK_BOOTTIME nanoseconds */
	uint16_t kind;         /* enum ss_kind */
	uint16_t cpu;
	uint32_t pid;          /* prev, waker, parent, or the task itself */
	union {
		struct {
			uint32_t next_pid;
			uint16_t prev_state;   /* enum ss_state */
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
	};
};

/* "switch", "waking", ...; "?" for an unknown kind. */
const char *ss_kind_name(unsigned kind);
/* Parses a kind name; returns 0 if unknown. */
unsigned ss_kind_parse(const char *name);
/* "R+", "S", "D", ... ; the letter perf sched and ps use. */
const char *ss_state_name(unsigned state);
/* Index 0..9 of a report-form state (R, S, D, T, t, X, Z, P, I, R+), or -1. */
int ss_state_index(unsigned state);
unsigned ss_state_from_index(int index);

#endif
