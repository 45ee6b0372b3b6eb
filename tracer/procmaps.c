/*
 * Reading a process's file-backed mappings while it lives. A stack is only
 * worth its addresses if the files behind them are known: the set read for
 * a process is kept and reused while it covers the stack's addresses, and
 * read again when one falls outside (a library loaded later) or after an
 * exec. Each file is identified once per recording (build id through
 * symbols/fileid.h), not once per process: every process
 * maps the same C library.
 *
 * The maps file is read whole before any file is identified: identifying
 * one opens and maps it (about 1 ms each on this VM), and a short process
 * (sh -c's children) exited in the middle of a line-by-line read. Only
 * files with an executable mapping are kept, the only ones a stack's
 * addresses can be in (with their other segments, which the unwinder needs
 * to place them): the locale files every C program maps were most of them.
 * Under sudo the maps file is opened with the user's rights
 * (invoker_fs_enter()), so the kernel refuses what it would refuse them.
 */
#include "tracer/procmaps.h"

#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model/stacks.h"
#include "symbols/fileid.h"
#include "util/clock.h"
#include "util/hmap.h"
#include "util/invoker.h"
#include "util/vec.h"

struct proc {
	uint64_t hkey;          /* tgid */
	uint32_t ppid;
	uint32_t maps;          /* index + 1 into sets of its latest set, 0: none */
	uint64_t read_ns;       /* when that set was read (CLOCK_BOOTTIME, the records' clock) */
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
	/* a new address space, or a pid used anew; but a set read after it
	 * (the reader runs behind the records: a stack taken in the middle of
	 * the exec was read after it) is already the new one's, and its
	 * process may be gone before another read */
	if (p->read_ns <= t->ts_ns)
		p->maps = 0;
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

/* The whole of a /proc file, NUL-terminated (free it), or NULL. */
static char *read_whole(const char *name)
{
	size_t len = 0, cap = 0;
	char *buf = NULL;
	int fd = open(name, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return NULL;
	for (;;) {
		ssize_t n;

		if (!vec_grow((void **)&buf, &cap, len + 65536 + 1, 1)) {
			len = 0;
			break;
		}
		n = read(fd, buf + len, 65536);
		if (n <= 0) {
			if (n < 0)
				len = 0;   /* gone while read: a part is not the process */
			break;
		}
		len += (size_t)n;
	}
	close(fd);
	if (!len) {
		free(buf);
		return NULL;
	}
	buf[len] = 0;
	return buf;
}

struct maps_line {
	uint64_t start, end, off, ino;
	char perms[8];
	bool code;              /* its file has an executable mapping */
	char path[SS_MAP_PATH_MAX];
};

/* The lines of a maps text that name a file or a kernel's page, parsed;
 * their number, with *out to free. */
static size_t parse_lines(const char *text, struct maps_line **out)
{
	struct maps_line *v = NULL;
	size_t n = 0, cap = 0;

	for (const char *line = text; line && *line; line = strchr(line, '\n'), line = line ? line + 1 : NULL) {
		struct maps_line l = { 0 };

		if (sscanf(line, "%" SCNx64 "-%" SCNx64 " %7s %" SCNx64 " %*s %" SCNu64 " %255s", &l.start, &l.end,
			   l.perms, &l.off, &l.ino, l.path) < 6)
			continue;
		if (!ss_map_is_kernels(l.path) && (l.path[0] != '/' || !l.ino))
			continue;
		if (!vec_grow((void **)&v, &cap, n + 1, sizeof(*v)))
			break;
		v[n++] = l;
	}
	/* every segment of a file with code, which the unwinder places it by */
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; v[i].perms[2] == 'x' && j < n; j++)
			if (v[j].ino == v[i].ino && !strcmp(v[j].path, v[i].path))
				v[j].code = true;
	*out = v;
	return n;
}

/* Reads /proc/tgid/maps into a new set; its index + 1, or 0. */
static uint32_t read_maps(struct ss_procmaps *pm, uint32_t tgid, uint64_t ts_ns)
{
	static const struct ss_map no_file;   /* a kernel's page: nothing to identify */
	struct ss_maps m = { .tgid = tgid, .ts_ns = ts_ns };
	struct maps_line *lines;
	size_t cap = 0, n;
	char name[64], *text;
	struct invoker_fs fs;

	snprintf(name, sizeof(name), "/proc/%u/maps", tgid);
	/* with the user's rights under sudo: the kernel checks them as it
	 * opens, on the process as it is then, and the file reads the
	 * mappings it checked; the decoder's answer (readable.c) is older, and
	 * the process may be a setuid program by now */
	if (invoker_fs_enter(&fs))
		return 0;
	text = read_whole(name);
	invoker_fs_leave(&fs);
	if (!text)
		return 0;
	n = parse_lines(text, &lines);
	free(text);
	for (size_t i = 0; i < n; i++) {
		const struct maps_line *l = &lines[i];
		const struct ss_map *f;
		struct ss_map *mp;

		if (ss_map_is_kernels(l->path))
			f = &no_file;
		else if (!l->code || !(f = file_of(pm, l->path, l->ino)))
			continue;
		if (!vec_grow((void **)&m.v, &cap, m.n + 1, sizeof(*m.v)))
			continue;
		mp = &m.v[m.n++];
		*mp = *f;
		if (!f->path[0])
			snprintf(mp->path, sizeof(mp->path), "%s", l->path);
		mp->start = l->start;
		mp->end = l->end;
		mp->offset = l->off;
	}
	free(lines);
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
	p->read_ns = ss_clock_ns(CLOCK_BOOTTIME);
	if (sink->maps)
		sink->maps(sink->ctx, &pm->sets[id - 1]);
	return id;
}
