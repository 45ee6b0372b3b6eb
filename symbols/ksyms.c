/*
 * /proc/kallsyms read once into one sorted array and one block of names
 * (122k text symbols on this 6.18 VM: 1.9 MiB of table and 3 MiB of names,
 * read in about 120 ms), on a thread of its own from the start of a
 * recording with stacks (tracer/decoder.h: the reader must not stall while
 * short processes die), and the recorder's own programs merged in
 * (ss_ksyms_merge()). See ksyms.h for the rule that says which function an
 * address is in.
 */
#include "symbols/ksyms.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/vec.h"

int ss_ksyms_add(struct ss_ksyms *k, uint64_t addr, const char *name)
{
	size_t len = strlen(name) + 1;

	if (!vec_grow((void **)&k->v, &k->cap, k->n + 1, sizeof(*k->v)) ||
	    !vec_grow((void **)&k->names, &k->names_cap, k->names_len + len, 1))
		return -ENOMEM;
	memcpy(k->names + k->names_len, name, len);
	k->v[k->n++] = (struct ss_ksym){ addr, (uint32_t)k->names_len };
	k->names_len += len;
	return 0;
}

static int by_addr(const void *a, const void *b)
{
	const struct ss_ksym *x = a, *y = b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

void ss_ksyms_sort(struct ss_ksyms *k)
{
	if (k->n)
		qsort(k->v, k->n, sizeof(*k->v), by_addr);
}

int ss_ksyms_load(struct ss_ksyms *k, const char *path)
{
	FILE *f = fopen(path, "re");
	char line[640], name[512], type;
	unsigned long long addr;
	int rc = 0;

	if (!f)
		return -errno;
	while (!rc && fgets(line, sizeof(line), f)) {
		/* "ffffffff815a9540 T filemap_fault" or "... t name\t[module]" */
		if (sscanf(line, "%llx %c %511s", &addr, &type, name) != 3 || !addr)
			continue;
		if (type == 't' || type == 'T' || type == 'w' || type == 'W')
			rc = ss_ksyms_add(k, addr, name);
	}
	fclose(f);
	if (rc)
		return rc;
	ss_ksyms_sort(k);
	return k->n ? 0 : -ENOENT;
}

int ss_ksyms_merge(struct ss_ksyms *k, const struct ss_ksyms *x)
{
	size_t base = k->names_len, i = 0, j = 0, n = 0;
	struct ss_ksym *v;

	if (!x->n)
		return 0;
	v = malloc((k->n + x->n) * sizeof(*v));
	if (!v || !vec_grow((void **)&k->names, &k->names_cap, k->names_len + x->names_len, 1)) {
		free(v);
		return -ENOMEM;
	}
	memcpy(k->names + base, x->names, x->names_len);
	k->names_len += x->names_len;
	while (i < k->n || j < x->n) {
		if (j == x->n || (i < k->n && k->v[i].addr <= x->v[j].addr))
			v[n++] = k->v[i++];
		else
			v[n++] = (struct ss_ksym){ x->v[j].addr, (uint32_t)(base + x->v[j].name) }, j++;
	}
	free(k->v);
	k->v = v;
	k->n = k->cap = n;
	return 0;
}

void ss_ksyms_free(struct ss_ksyms *k)
{
	free(k->v);
	free(k->names);
	memset(k, 0, sizeof(*k));
}

const char *ss_ksyms_find(const struct ss_ksyms *k, uint64_t addr)
{
	size_t lo = 0, hi = k->n;   /* the first symbol above addr is in [lo, hi] */

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (k->v[mid].addr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo || addr - k->v[lo - 1].addr >= SS_KSYM_SPAN)
		return NULL;
	return k->names + k->v[lo - 1].name;
}

void ss_ksyms_name_stack(const struct ss_ksyms *k, const uint64_t *ips, unsigned n, uint32_t id,
			 struct ss_kstack *out)
{
	memset(out, 0, sizeof(*out));
	out->id = id;
	for (unsigned i = 0; i < n && out->n < SS_KSTACK_MAX; i++) {
		const char *name = ss_ksyms_find(k, ips[i]);

		snprintf(out->fn[out->n++], SS_KSYM_MAX, "%s", name ? name : "?");
	}
}
