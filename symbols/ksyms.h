/*
 * Kernel addresses into function names, from /proc/kallsyms, at recording
 * time: a trace is read on other machines and other boots, where KASLR put
 * the kernel elsewhere (and another kernel may run), so the recorder names
 * each kernel stack's frames and the file keeps names, not addresses.
 *
 * The table is read once, text symbols only (t, T, w, W: /proc/kallsyms
 * lists the bpf programs after the modules, out of order), and sorted; a
 * lookup is a binary search for the last symbol at or below the address.
 * kallsyms gives no sizes: an address belongs to the symbol below it when
 * it is below the next symbol and at most SS_KSYM_SPAN bytes past it, so an
 * address past the last symbol, or in a gap between the kernel's text and
 * the modules', names nothing rather than the wrong function.
 */
#ifndef SCHEDSCOPE_SYMBOLS_KSYMS_H
#define SCHEDSCOPE_SYMBOLS_KSYMS_H

#include <stddef.h>
#include <stdint.h>

#include "model/stacks.h"

#define SS_KSYM_SPAN (1u << 20)   /* larger than any kernel function */

struct ss_ksym {
	uint64_t addr;
	uint32_t name;            /* offset into names */
};

struct ss_ksyms {
	struct ss_ksym *v;        /* sorted by addr */
	size_t n, cap;
	char *names;              /* NUL-terminated, one after another */
	size_t names_len, names_cap;
};

/* Reads path (/proc/kallsyms): 0, -errno, or -ENOENT when it lists no text
 * symbol with an address (not root: every address reads 0). */
int ss_ksyms_load(struct ss_ksyms *k, const char *path);
/* Adds one symbol (tests; the loader). 0 or -ENOMEM. Sort before lookups. */
int ss_ksyms_add(struct ss_ksyms *k, uint64_t addr, const char *name);
void ss_ksyms_sort(struct ss_ksyms *k);
/* Adds x's symbols (sorted) to k (sorted), which stays sorted: a linear
 * merge, where sorting 122k symbols again took 7 ms. 0 or -ENOMEM. */
int ss_ksyms_merge(struct ss_ksyms *k, const struct ss_ksyms *x);
void ss_ksyms_free(struct ss_ksyms *k);
/* The function that holds addr, or NULL. */
const char *ss_ksyms_find(const struct ss_ksyms *k, uint64_t addr);
/* The kernel stack id of n addresses (innermost first) with each named ("?"
 * where no symbol holds it). */
void ss_ksyms_name_stack(const struct ss_ksyms *k, const uint64_t *ips, unsigned n, uint32_t id,
			 struct ss_kstack *out);

#endif
