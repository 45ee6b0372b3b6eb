/*
 * Reading a process's file-backed mappings while it lives. A stack is only
 * worth its addresses if the files behind them are known: the set read for
 * a process is kept and reused while it covers the stack's addresses, and
 * read again when one falls outside (a library loaded later) or after an
 * exec. Each file is identified once per recording (build id through
 * symbols/fileid.h), not once per process: every process
 * maps the same C library.
 */
#include "tracer/procmaps.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/stacks.h"
#include "symbols/fileid.h"
#include "util/hmap.h"
#include "util/vec.h"

struct proc {
	uint64_t hkey;          /* tgid */
	uint32_t ppid;
	uint32_t maps;          /* index + 1 into sets of its latest set, 0: none */
	bool forked;            /* a child that has not exec'ed: its parent's maps are its own */
};

struct ss_procmaps {
	struct hmap procs;
	struct ss_maps *sets;   /* every set read, by id - 1 */
	size_t nsets, sets_cap;
	struct ss_map *files;   /* each file as identified once (path and inode name it) */
	size_t nfiles, files_cap;
};

struct ss_procmaps *ss_procmaps_new(void)
{
	struct ss_procmaps *pm = calloc(1, sizeof(*pm));

	if (pm)
		hmap_init(&pm->procs, sizeof(struct proc));
	return pm;
}

void ss_procmaps_free(struct ss_procmaps *pm)
{
	if (!pm)
		return;
	for (size_t i = 0; i < pm->nsets; i++)
		free(pm->sets[i].v);
	free(pm->sets);
	free(pm->files);
	hmap_free(&pm->procs);
	free(pm);
}

void ss_procmaps_task(struct ss_procmaps *pm, const struct ss_task *t)
{
	struct proc *p;

	if (t->pid != t->tgid || !(t->origin == SS_TASK_EXECED || t->origin == SS_TASK_FORKED))
		return;
	p = hmap_put(&pm->procs, t->tgid);
	if (!p)
		return;
	p->maps = 0;             /* a new address space, or a pid used anew */
	p->ppid = t->ppid;
	p->forked = t->origin == SS_TASK_FORKED;
}

/* The file's identity, looked at once per recording. */
static const struct ss_map *file_of(struct ss_procmaps *pm, const char *path, uint64_t ino)
{
	struct ss_map *f;

	for (size_t i = 0; i < pm->nfiles; i++)
		if (pm->files[i].ino == ino && !strcmp(pm->files[i].path, path))
			return &pm->files[i];
	if (!vec_grow((void **)&pm->files, &pm->files_cap, pm->nfiles + 1, sizeof(*pm->files)))
		return NULL;
	f = memset(&pm->files[pm->nfiles++], 0, sizeof(*f));
	snprintf(f->path, sizeof(f->path), "%s", path);
	f->ino = ino;
	ss_file_identify(f);
	return f;
}

/* Reads /proc/tgid/maps into a new set; its index + 1, or 0. */
static uint32_t read_maps(struct ss_procmaps *pm, uint32_t tgid, uint64_t ts_ns)
{
	char name[64], line[SS_MAP_PATH_MAX + 128], path[SS_MAP_PATH_MAX];
	struct ss_maps m = { .tgid = tgid, .ts_ns = ts_ns };
	size_t cap = 0;
	FILE *fp;

	snprintf(name, sizeof(name), "/proc/%u/maps", tgid);
	fp = fopen(name, "re");
	if (!fp)
		return 0;
	while (fgets(line, sizeof(line), fp)) {
		uint64_t start, end, off, ino;
		char perms[8];
		static const struct ss_map no_file;   /* a kernel's page: nothing to identify */
		const struct ss_map *f;
		struct ss_map *mp;

		path[0] = 0;
		if (sscanf(line, "%" SCNx64 "-%" SCNx64 " %7s %" SCNx64 " %*s %" SCNu64 " %255s", &start, &end,
			   perms, &off, &ino, path) < 6)
			continue;
		if (ss_map_is_kernels(path))
			f = &no_file;
		else if (path[0] != '/' || !ino || !(f = file_of(pm, path, ino)))
			continue;
		if (!vec_grow((void **)&m.v, &cap, m.n + 1, sizeof(*m.v)))
			continue;
		mp = &m.v[m.n++];
		*mp = *f;
		if (!f->path[0])
			snprintf(mp->path, sizeof(mp->path), "%s", path);
		mp->start = start;
		mp->end = end;
		mp->offset = off;
	}
	fclose(fp);
	if (!m.n || !vec_grow((void **)&pm->sets, &pm->sets_cap, pm->nsets + 1, sizeof(*pm->sets))) {
		free(m.v);
		return 0;
	}
	m.id = (uint32_t)pm->nsets + 1;
	pm->sets[pm->nsets++] = m;
	return m.id;
}

static bool covers(const struct ss_maps *m, const uint64_t *pcs, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		if (!ss_maps_find(m, pcs[i]))
			return false;
	return true;
}

uint32_t ss_procmaps_for(struct ss_procmaps *pm, uint32_t tgid, const uint64_t *pcs, unsigned n,
			 uint64_t ts_ns, const struct ss_sink *sink)
{
	struct proc *p = hmap_put(&pm->procs, tgid);
	uint32_t id;

	if (!p)
		return 0;
	if (p->maps && covers(&pm->sets[p->maps - 1], pcs, n))
		return p->maps;
	id = read_maps(pm, tgid, ts_ns);
	if (!id) {
		/* gone already: a child that never exec'ed maps what its parent does */
		const struct proc *parent = p->forked ? hmap_get(&pm->procs, p->ppid) : NULL;

		if (parent && parent->maps && covers(&pm->sets[parent->maps - 1], pcs, n))
			return parent->maps;
		return p->maps;
	}
	p = hmap_get(&pm->procs, tgid);
	p->maps = id;
	if (sink->maps)
		sink->maps(sink->ctx, &pm->sets[id - 1]);
	return id;
}
