/*
 * The user stacks of a recording, each distinct one once, and the process
 * mappings needed to say which file each address was in. An event names a
 * stack by id (struct ss_sys.stack); nothing here knows ELF or DWARF: the
 * frames are raw addresses and the stack top as the kernel side copied it.
 * Turning them into functions and lines is symbols/'s work, which reads
 * this table and the files the mappings name.
 *
 * Kernel stacks (struct ss_kstack) are kept beside them, already named: the
 * recorder turned their addresses into functions from /proc/kallsyms, as
 * the reader's machine has another kernel and another address layout.
 *
 * Ids come from the kernel side and are not dense; the table indexes them.
 * The same table is filled live (the decoder's stacks, through the sink) and
 * from a file (the reader's STACKS chunks).
 */
#ifndef SCHEDSCOPE_MODEL_STACKS_H
#define SCHEDSCOPE_MODEL_STACKS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/vocab.h"
#include "util/hmap.h"

#define SS_BUILD_ID_MAX 20
#define SS_MAP_PATH_MAX 256

/* One file-backed executable mapping, and the file as it was at the time,
 * so that a file changed since is noticed rather than misread. */
struct ss_map {
	uint64_t start, end, offset;   /* as /proc/PID/maps gave them */
	uint64_t ino, size, mtime_ns;  /* the file's inode, size and mtime then */
	uint8_t build_id_len;          /* 0: the file had no GNU build id */
	uint8_t build_id[SS_BUILD_ID_MAX];
	char path[SS_MAP_PATH_MAX];
};

/* A process's executable mappings, read once its stacks needed them. */
struct ss_maps {
	uint32_t id;                   /* > 0 */
	uint32_t tgid;
	uint64_t ts_ns;                /* when they were read */
	struct ss_map *v;
	size_t n;
};

/* A stack as the kernel side took it (tracer/stacks.bpf.h). */
struct ss_stack {
	uint32_t id;                   /* > 0 */
	uint32_t tgid;
	uint32_t maps;                 /* the ss_maps to read it with; 0: none was read */
	uint16_t n;                    /* frames in pcs: pcs[0] the user ip, then the
					* frame-pointer chain */
	uint16_t flags;                /* SS_STACKF_* */
	uint64_t sp, bp;
	uint64_t pcs[SS_STACK_MAX];
	uint64_t win[SS_STACK_WIN];    /* the stack's words from sp */
};

/* A kernel stack where a thread slept, named at recording time. */
struct ss_kstack {
	uint32_t id;                   /* > 0; its own numbering, not a user stack's */
	uint16_t n;                    /* frames, fn[0] the innermost */
	uint16_t flags;                /* 0 (readers ignore others) */
	char fn[SS_KSTACK_MAX][SS_KSYM_MAX];   /* function names; "?" where none held the address */
};

struct ss_stacks {
	struct ss_stack *v;
	size_t n, cap;
	struct ss_kstack *k;           /* kernel stacks */
	size_t nk, kcap;
	struct hmap kindex;            /* kernel stack id -> index into k */
	struct ss_maps *maps;
	size_t nmaps, maps_cap;
	struct hmap index;             /* stack id -> index into v */
	int failed;                    /* memory ran out: some stacks are missing */
};

void ss_stacks_init(struct ss_stacks *s);
void ss_stacks_free(struct ss_stacks *s);
/* Copies st in; a second stack with the same id is ignored. 0 or -ENOMEM. */
int ss_stacks_add(struct ss_stacks *s, const struct ss_stack *st);
/* Copies m (and its mappings) in. 0 or -ENOMEM. */
int ss_stacks_add_maps(struct ss_stacks *s, const struct ss_maps *m);
const struct ss_stack *ss_stacks_find(const struct ss_stacks *s, uint32_t id);
/* Copies k in; a second kernel stack with the same id is ignored. 0 or -ENOMEM. */
int ss_stacks_kadd(struct ss_stacks *s, const struct ss_kstack *k);
const struct ss_kstack *ss_stacks_kfind(const struct ss_stacks *s, uint32_t id);
const struct ss_maps *ss_stacks_maps(const struct ss_stacks *s, uint32_t id);
/* The mapping of m that holds addr, or NULL. */
const struct ss_map *ss_maps_find(const struct ss_maps *m, uint64_t addr);
/* A mapping the kernel made, with no file behind it, that a stack's code can
 * be in, as /proc/PID/maps names it: "[uprobes]" (the page where a probed
 * instruction runs, out of line, after a USDT probe's breakpoint) and
 * "[vdso]". Recorded by name alone; there is nothing to symbolize. */
bool ss_map_is_kernels(const char *path);

#endif
