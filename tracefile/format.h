/*
 * schedscope trace file, format version 1. docs/TRACE_FORMAT.md is the prose
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

#define SS_FILE_MAGIC      "SCHEDSCP"
#define SS_FILE_MAGIC_LEN  8
#define SS_FILE_VERSION    1
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
};

#define SS_TF_ALL 1u              /* recorded with --all: the whole system */
#define SS_TF_FLOWS 2u            /* pipe and socket traffic was counted (FLOWS chunk) */

enum ss_chunk_type {
	SS_CHUNK_TASKS = 1,       /* task table entries */
	SS_CHUNK_EVENTS = 2,      /* one CPU's events, in time order */
	SS_CHUNK_PROBES = 3,      /* USDT probe names for marker events */
	SS_CHUNK_END = 4,         /* closing summary: the file is complete */
	SS_CHUNK_FLOWS = 5,       /* traffic per channel, thread and direction */
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
	SS_C_WAKER = 11,          /* aux bits0-1: cause; bit2: waker given */
	SS_C_SIGNAL = 12,         /* aux: direction */
};
/* First byte of an encoded syscall: which fields follow. */
#define SS_SYS_FD     0x01
#define SS_SYS_ARG0   0x02
#define SS_SYS_ARG1   0x04
#define SS_SYS_ARG2   0x08
#define SS_SYS_CHAN   0x10
#define SS_SYS_PEER   0x20
#define SS_SYS_INET   0x40
#define SS_WAKE_WAKER     0x1     /* aux flag: waker given (not the CPU's current task) */
#define SS_WAKE_TARGET    0x2     /* aux flag: target CPU given (not this CPU) */

#define SS_STR_MAX 4096

/* What the header says. */
struct ss_trace_info {
	uint32_t version;
	uint32_t ncpus;
	uint32_t clock_id;
	uint64_t start_ns;
	uint64_t start_wall_ns;
	uint32_t flags;           /* SS_TF_* */
	uint32_t root_pid;
	char sysname[65], release[65], kversion[65], machine[65], hostname[65];
	char cmdline[SS_STR_MAX];
};

/* A USDT probe that marker events refer to by id. */
struct ss_probe {
	uint32_t id;
	char provider[64];
	char name[64];
	char binary[256];
};

/* Traffic one thread moved through one channel in one direction, counted in
 * the kernel over the whole recording. */
struct ss_flow {
	uint32_t tid;
	uint8_t dir;                  /* 0 read, 1 write */
	uint64_t calls;
	uint64_t bytes;
	struct ss_chan chan;
};

#define SS_MAX_CPUS 4096

/* The END chunk: written once, last, when recording finishes cleanly. */
struct ss_trace_end {
	uint64_t stop_ns;
	uint64_t events;              /* events written */
	uint64_t lost_total;
	uint64_t missed;              /* BPF program runs skipped by the kernel (recursion) */
	int32_t exit_status;          /* the command's wait(2) status; -1 if none */
	uint32_t ncpus;
	uint64_t lost[SS_MAX_CPUS];   /* per CPU: ring buffer reservations that failed */
};

#endif
