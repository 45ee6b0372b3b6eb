/*
 * schedscope trace file, format versions 1 and 2. docs/TRACE_FORMAT.md is the prose
 * version of this header; keep the two in step.
 *
 *   file   := header chunk*
 *   header := "SCHEDSCP" u32 version u32 header_len field* u32 crc32
 *   field  := u16 key u16 len byte[len]
 *   chunk  := "SSCK" u8 type u8 flags u16 cpu u32 payload_len u32 count
 *             u32 payload_crc32 u32 header_crc32 byte[payload_len]
 *
 * All integers little-endian. Payloads use LEB128 varints (zigzag for signed).
 */
#ifndef SCHEDSCOPE_TRACEFILE_FORMAT_H
#define SCHEDSCOPE_TRACEFILE_FORMAT_H

#include <stdint.h>

#include "model/event.h"
#include "model/trace.h"

#define SS_FILE_MAGIC      "SCHEDSCP"
#define SS_FILE_MAGIC_LEN  8
/* Version 2 is version 1 with kernel stacks (a `sys` may name one, and a
 * STACKS chunk hold them): written only when they are taken (SS_TF_KSTACKS),
 * so that a reader of version 1 refuses the file by its version instead of
 * misreading the events. */
#define SS_FILE_VERSION    2
#define SS_FILE_VERSION_MIN 1

/* The version a file with these header flags (SS_TF_*) is written as:
 * version 1 where it is version 1, so that older readers read it. */
static inline uint32_t ss_file_version(uint32_t flags)
{
	return flags & SS_TF_KSTACKS ? SS_FILE_VERSION : SS_FILE_VERSION_MIN;
}
#define SS_FILE_HDR_FIXED  16        /* magic + version + header_len */

#define SS_CHUNK_MAGIC     "SSCK"
#define SS_CHUNK_HDR_LEN   24
#define SS_CHUNK_MAX_PAYLOAD (16u << 20)

/* Header field keys. Unknown keys are skipped by readers. */
enum ss_hdr_key {
	SS_HK_NCPUS = 1,          /* u32 */
	SS_HK_CLOCK,              /* u32 clockid: CLOCK_BOOTTIME */
	SS_HK_START_NS,           /* u64 boot-time ns when recording began */
	SS_HK_START_WALL_NS,      /* u64 CLOCK_REALTIME ns at the same moment */
	SS_HK_SYSNAME,            /* utsname of the recording host */
	SS_HK_RELEASE,
	SS_HK_KVERSION,
	SS_HK_MACHINE,
	SS_HK_HOSTNAME,
	SS_HK_CMDLINE,            /* the recorded command line, arguments joined by spaces */
	SS_HK_FLAGS,              /* u32 SS_TF_* */
	SS_HK_ROOT_PID,           /* u32 pid of the recorded command (0 with --all) */
	/* The run's knobs (model/knobs.h); each present only when it was given. */
	SS_HK_CPUS,               /* the command's affinity, a CPU list: "0,2-3" */
	SS_HK_NICE,               /* i32 (two's complement) nice value */
	SS_HK_POLICY,             /* u32 SCHED_* policy, u32 real-time priority (0 if none) */
	SS_HK_START_PIPE,         /* u64 inode of the recorder's start pipe (absent: none, or older) */
};


enum ss_chunk_type {
	SS_CHUNK_TASKS = 1,       /* task table entries */
	SS_CHUNK_EVENTS = 2,      /* one CPU's events, in time order */
	SS_CHUNK_PROBES = 3,      /* USDT probe names for marker events */
	SS_CHUNK_END = 4,         /* closing summary: the file is complete */
	SS_CHUNK_FLOWS = 5,       /* traffic per channel, thread and direction */
	SS_CHUNK_IRQS = 6,        /* time per CPU in interrupt contexts, interrupts' names */
	SS_CHUNK_STACKS = 7,      /* stacks, each once: user ones with the mappings to read them, kernel ones named */
	SS_CHUNK_STEAL = 8,       /* what the host took of each CPU (steal), sampled */
};

/* Entries of a STACKS payload: a tag byte, then the entry. */
enum ss_stack_entry {
	SS_SE_MAPS = 1,           /* a process's mappings (model/stacks.h struct ss_maps) */
	SS_SE_STACK = 2,          /* a stack (struct ss_stack) */
	SS_SE_KSTACK = 3,         /* a kernel stack, named (struct ss_kstack; version 2) */
};

/* Event codes in an EVENTS payload: low nibble of an event's first byte. */
enum ss_code {
	SS_C_SWITCH = 0,          /* prev is the CPU's current task */
	SS_C_SWITCH_FULL = 1,     /* prev given explicitly */
	SS_C_WAKING = 2,
	SS_C_WAKEUP_NEW = 3,
	SS_C_FORK = 4,
	SS_C_EXEC = 5,
	SS_C_EXIT = 6,
	SS_C_MIGRATE = 7,
	SS_C_MARKER = 8,
	SS_C_LOST = 9,
	SS_C_BLOCK = 10,          /* aux bit0: tid given (not the CPU's current task) */
	SS_C_WAKER = 11,          /* aux bits0-1: cause (3: SS_WAKER_CTX); bit2: waker given */
	SS_C_SIGNAL = 12,         /* aux: direction */
};
/* First byte of an encoded syscall: which fields follow. */
#define SS_SYS_FD     0x01
#define SS_SYS_ARG0   0x02
#define SS_SYS_ARG1   0x04
#define SS_SYS_ARG2   0x08
#define SS_SYS_CHAN   0x10
#define SS_SYS_STACK  0x20    /* varint: the user stack's id in the STACKS chunks */
#define SS_SYS_KSTACK 0x40    /* varint: the kernel stack's id (version 2) */
/* WAKER cause 3: an interrupt context; varints cause and ctx_id follow */
#define SS_WAKER_CTX      3
#define SS_WAKE_WAKER     0x1     /* aux flag: waker given (not the CPU's current task) */
#define SS_WAKE_TARGET    0x2     /* aux flag: target CPU given (not this CPU) */

#endif
