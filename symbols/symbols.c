/*
 * One Dwfl per recorded mapping set, with the files reported at the
 * addresses they were mapped at (files that changed since are left out and
 * remembered, so their frames say so). The unwinder is libdwfl's own
 * (dwfl_attach_state with callbacks that serve the copied stack top and
 * the recorded registers), and the test of whether a function keeps a
 * frame pointer at an address is its CFI's CFA rule (rbp + 16), read with
 * libdw. Nothing here parses ELF or DWARF by hand.
 */
#include "symbols/symbols.h"

#include <dwarf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <elfutils/libdw.h>
#include <elfutils/libdwfl.h>

#include "symbols/fileid.h"
#include "util/hmap.h"
#include "util/invoker.h"
#include "util/vec.h"

#define REG_BP 6          /* DWARF's x86-64 numbering */
#define REG_SP 7
#define UNWOUND_MAX (SS_STACK_MAX + 8)
#define FRAMES_MAX (2 * SS_STACK_MAX + 8)

struct space {
	uint32_t maps;
	Dwfl *dwfl;
	bool attached;
	const struct ss_stack *cur;     /* the stack being unwound */
};

struct walked {
	uint64_t hkey;                  /* stack id */
	struct ss_walk w;
};

struct ss_symbols {
	struct space *v;
	size_t n, cap;
	struct hmap walks;
};

static char *debuginfo_path;
static const Dwfl_Callbacks files_cb = {
	.find_elf = dwfl_build_id_find_elf,
	.find_debuginfo = dwfl_standard_find_debuginfo,
	.section_address = dwfl_offline_section_address,
	.debuginfo_path = &debuginfo_path,
};

struct ss_symbols *ss_symbols_new(void)
{
	struct ss_symbols *sy = calloc(1, sizeof(*sy));

	if (sy)
		hmap_init(&sy->walks, sizeof(struct walked));
	return sy;
}

void ss_symbols_free(struct ss_symbols *sy)
{
	if (!sy)
		return;
	for (size_t i = 0; i < sy->n; i++)
		if (sy->v[i].dwfl)
			dwfl_end(sy->v[i].dwfl);
	for (size_t i = 0; i < sy->walks.cap; i++) {
		struct walked *w = hmap_at(&sy->walks, i);

		if (w)
			free(w->w.f);
	}
	hmap_free(&sy->walks);
	free(sy->v);
	free(sy);
}

/* ---- the unwinder's view of a recorded stack ---- */

static pid_t next_thread(Dwfl *dwfl, void *arg, void **thread_argp)
{
	const struct space *sp = arg;

	(void)dwfl;
	if (*thread_argp)
		return 0;
	*thread_argp = arg;
	return (pid_t)sp->cur->tgid;
}

/* Only the copied words exist: a read outside them ends the unwind there. */
static bool memory_read(Dwfl *dwfl, Dwarf_Addr addr, Dwarf_Word *result, void *arg)
{
	const struct space *sp = arg;
	const struct ss_stack *s = sp->cur;

	(void)dwfl;
	if (s->flags & SS_STACKF_WIN_FAILED || addr < s->sp || addr - s->sp > sizeof(s->win) - 8)
		return false;
	memcpy(result, (const uint8_t *)s->win + (addr - s->sp), sizeof(*result));
	return true;
}

static bool set_initial_registers(Dwfl_Thread *thread, void *arg)
{
	const struct space *sp = arg;
	const Dwarf_Word regs[2] = { sp->cur->bp, sp->cur->sp };

	if (!dwfl_thread_state_registers(thread, REG_BP, 2, regs))
		return false;
	dwfl_thread_state_register_pc(thread, sp->cur->pcs[0]);
	return true;
}

static const Dwfl_Thread_Callbacks thread_cb = {
	.next_thread = next_thread,
	.memory_read = memory_read,
	.set_initial_registers = set_initial_registers,
};

/* The Dwfl of a mapping set: each file once, at its load address (its
 * mapping of file offset 0 minus nothing, or the lowest one's start minus
 * its offset), unless it changed since the recording. */
static struct space *space_of(struct ss_symbols *sy, const struct ss_maps *maps)
{
	struct space *sp;

	for (size_t i = 0; i < sy->n; i++)
		if (sy->v[i].maps == maps->id)
			return &sy->v[i];
	if (!vec_grow((void **)&sy->v, &sy->cap, sy->n + 1, sizeof(*sy->v)))
		return NULL;
	sp = memset(&sy->v[sy->n++], 0, sizeof(*sp));
	sp->maps = maps->id;
	sp->dwfl = dwfl_begin(&files_cb);
	if (!sp->dwfl)
		return sp;
	dwfl_report_begin(sp->dwfl);
	for (size_t i = 0; i < maps->n; i++) {
		const struct ss_map *mp = &maps->v[i], *low = mp;
		const char *base = strrchr(mp->path, '/');
		char why[96];
		bool seen = false;

		for (size_t j = 0; j < maps->n; j++) {
			if (strcmp(maps->v[j].path, mp->path))
				continue;
			if (j < i)
				seen = true;
			if (maps->v[j].offset < low->offset)
				low = &maps->v[j];
		}
		if (seen || ss_map_is_kernels(mp->path) || !ss_file_same(mp, why, sizeof(why)))
			continue;
		dwfl_report_elf(sp->dwfl, base ? base + 1 : mp->path, mp->path, -1, low->start - low->offset, false);
	}
	dwfl_report_end(sp->dwfl, NULL, NULL);
	return sp;
}

/* ---- frames ---- */

struct unwound {
	Dwarf_Addr pc[UNWOUND_MAX];
	Dwarf_Word bp[UNWOUND_MAX];
	bool act[UNWOUND_MAX], has_bp[UNWOUND_MAX];
	unsigned n;
};

static int on_frame(Dwfl_Frame *state, void *arg)
{
	struct unwound *u = arg;
	Dwarf_Addr pc;
	bool act;

	if (!dwfl_frame_pc(state, &pc, &act))
		return DWARF_CB_ABORT;
	u->pc[u->n] = pc;
	u->act[u->n] = act;
	u->has_bp[u->n] = dwfl_frame_reg(state, REG_BP, &u->bp[u->n]) == 0;
	return ++u->n < UNWOUND_MAX ? DWARF_CB_OK : DWARF_CB_ABORT;
}

/* The address to look up for a frame: a return address is after its call. */
static Dwarf_Addr lookup_pc(uint64_t pc, bool act)
{
	return act ? pc : pc - 1;
}

/* Whether the function at pc keeps a frame pointer there: its CFA is rbp + 16. */
static bool keeps_fp(Dwfl *dwfl, Dwarf_Addr pc)
{
	Dwfl_Module *mod = dwfl_addrmodule(dwfl, pc);
	Dwarf_Addr bias = 0;
	Dwarf_CFI *cfi;
	Dwarf_Frame *fr = NULL;
	Dwarf_Op *ops = NULL;
	size_t nops = 0;
	bool fp = false;

	if (!mod)
		return false;
	cfi = dwfl_module_eh_cfi(mod, &bias);
	if (!cfi)
		cfi = dwfl_module_dwarf_cfi(mod, &bias);
	if (!cfi || dwarf_cfi_addrframe(cfi, pc - bias, &fr) != 0)
		return false;
	if (dwarf_frame_cfa(fr, &ops, &nops) == 0 && nops == 1 && ops[0].atom == DW_OP_bregx &&
	    ops[0].number == REG_BP && ops[0].number2 == 16)
		fp = true;
	free(fr);
	return fp;
}

static bool is_library(const char *path)
{
	return !strncmp(path, "/lib/", 5) || !strncmp(path, "/usr/lib/", 9) || !strncmp(path, "/lib64/", 7) ||
	       !strncmp(path, "/usr/lib64/", 11);
}

/* "libc" for /usr/lib/x86_64-linux-gnu/libc.so.6, "queue" for a program. */
static void short_module(const char *path, char *buf, size_t size)
{
	const char *base = strrchr(path, '/');
	char *so;

	snprintf(buf, size, "%s", base ? base + 1 : path);
	so = strstr(buf, ".so");
	if (so && so != buf)
		*so = 0;
}

static void set_file(struct ss_frame *f, const char *src, int line)
{
	const char *b = src ? strrchr(src, '/') : NULL;

	if (!src)
		return;
	snprintf(f->file, sizeof(f->file), "%s", b ? b + 1 : src);
	f->line = line > 0 ? (unsigned)line : 0;
}

/* The frames at one address, innermost first: the functions inlined there
 * (DWARF's inlined_subroutine scopes, each called from the line its
 * DW_AT_call_line names), then the function itself. At most max; without
 * DWARF, the ELF symbol alone. */
static unsigned name_frames(Dwfl *dwfl, const struct ss_maps *maps, uint64_t pc, bool act, struct ss_frame *out,
			    unsigned max)
{
	Dwarf_Addr a = lookup_pc(pc, act), bias = 0;
	Dwfl_Module *mod = dwfl ? dwfl_addrmodule(dwfl, a) : NULL;
	const struct ss_map *mp = ss_maps_find(maps, pc);
	struct ss_frame *f = memset(out, 0, sizeof(*out));
	Dwarf_Die *cu, *inner = NULL, *scopes = NULL, *fn[16];
	Dwarf_Files *files = NULL;
	unsigned n = 0, nf = 0;
	int ns;

	f->pc = pc;
	if (mp) {
		short_module(mp->path, f->module, sizeof(f->module));
		f->library = is_library(mp->path);
	}
	if (!mod)
		return 1;
	GElf_Off off;
	GElf_Sym sym;
	const char *nm = dwfl_module_addrinfo(mod, a, &off, &sym, NULL, NULL, NULL);
	Dwfl_Line *line = dwfl_module_getsrc(mod, a);
	int lineno = 0;

	if (nm)
		snprintf(f->func, sizeof(f->func), "%s", nm);
	if (line) {
		const char *src = dwfl_lineinfo(line, NULL, &lineno, NULL, NULL, NULL);

		set_file(f, src, lineno);
	}
	cu = dwfl_module_addrdie(mod, a, &bias);
	/* getscopes gives the innermost scope at pc; from it, getscopes_die
	 * climbs the concrete tree (inlined instance, then the function it is
	 * inlined into), not the abstract one */
	ns = cu ? dwarf_getscopes(cu, a - bias, &inner) : 0;
	ns = ns > 0 ? dwarf_getscopes_die(&inner[0], &scopes) : 0;
	free(inner);
	for (int i = 0; i < ns && nf < 16; i++) {
		int tag = dwarf_tag(&scopes[i]);

		if (tag == DW_TAG_inlined_subroutine || tag == DW_TAG_subprogram)
			fn[nf++] = &scopes[i];
		if (tag == DW_TAG_subprogram)
			break;
	}
	if (nf > 1)
		dwarf_getsrcfiles(cu, &files, NULL);
	for (unsigned j = 0; j < nf && n < max; j++) {
		Dwarf_Attribute at;
		const char *name = dwarf_formstring(dwarf_attr_integrate(fn[j], DW_AT_name, &at));
		Dwarf_Word call_line = 0, call_file = 0;

		/* a function inlined into a clone of itself (gcc's partial
		 * inlining) is one frame to the reader, not two */
		if (n && name && !strcmp(name, out[n - 1].func))
			continue;
		if (n)
			out[n] = out[0], out[n].file[0] = 0, out[n].line = 0;
		f = &out[n++];
		if (name)
			snprintf(f->func, sizeof(f->func), "%s", name);
		/* an outer frame is at the line the one inside it was inlined from */
		if (j && files && dwarf_formudata(dwarf_attr(fn[j - 1], DW_AT_call_line, &at), &call_line) == 0 &&
		    dwarf_formudata(dwarf_attr(fn[j - 1], DW_AT_call_file, &at), &call_file) == 0)
			set_file(f, dwarf_filesrc(files, call_file, NULL, NULL), (int)call_line);
	}
	free(scopes);
	return n ? n : 1;
}

/* Why a frame is the last one that can be believed. */
static void stop_at(const struct ss_maps *maps, uint64_t pc, bool have_module, char *buf, size_t size)
{
	const struct ss_map *mp = ss_maps_find(maps, pc);
	char mod[40], why[96];

	if (!mp) {
		snprintf(buf, size, "stack stops at 0x%llx: no recorded mapping holds it", (unsigned long long)pc);
		return;
	}
	short_module(mp->path, mod, sizeof(mod));
	if (ss_map_is_kernels(mp->path))
		snprintf(buf, size, "stack stops in %s: a page the kernel made, with no file to read", mod);
	else if (!have_module && !ss_file_same(mp, why, sizeof(why)))
		snprintf(buf, size, "stack stops in %s: %s", mod, why);
	else
		snprintf(buf, size, "stack stops in %s: built without frame pointers", mod);
}

static void walk_build(struct ss_symbols *sy, const struct ss_stacks *ss, const struct ss_stack *s,
		       struct ss_walk *w)
{
	const struct ss_maps *maps = ss_stacks_maps(ss, s->maps);
	struct space *sp = maps ? space_of(sy, maps) : NULL;
	struct unwound u = { 0 };
	Dwfl *dwfl = sp ? sp->dwfl : NULL;
	int join = -1;
	unsigned last;

	w->f = calloc(FRAMES_MAX, sizeof(*w->f));
	if (!w->f)
		return;
	if (!dwfl) {
		w->n += name_frames(NULL, maps, s->pcs[0], true, &w->f[w->n], FRAMES_MAX - w->n);
		snprintf(w->stop, sizeof(w->stop), "stack not read: no mappings were recorded for process %u",
			 s->tgid);
		return;
	}
	if (!sp->attached)
		sp->attached = dwfl_attach_state(dwfl, NULL, (pid_t)s->tgid, &thread_cb, sp);
	sp->cur = s;
	if (sp->attached)
		dwfl_getthread_frames(dwfl, (pid_t)s->tgid, on_frame, &u);
	if (!u.n) {
		u.pc[0] = s->pcs[0];
		u.act[0] = true;
		u.bp[0] = s->bp;
		u.has_bp[0] = true;
		u.n = 1;
	}
	/* where the CFI walk meets the frame-pointer chain: the first frame that
	 * keeps a frame pointer, holding the bp the kernel's walk started from */
	for (unsigned i = 0; i < u.n && join < 0; i++) {
		Dwarf_Addr a = lookup_pc(u.pc[i], u.act[i]);

		if (!dwfl_addrmodule(dwfl, a))
			break;
		if (u.has_bp[i] && u.bp[i] == s->bp && keeps_fp(dwfl, a) &&
		    (i + 1 >= u.n || s->n < 2 || u.pc[i + 1] == s->pcs[1]))
			join = (int)i;
	}
	last = join >= 0 ? (unsigned)join : u.n - 1;
	for (unsigned i = 0; i <= last && w->n < FRAMES_MAX; i++)
		w->n += name_frames(dwfl, maps, u.pc[i], u.act[i], &w->f[w->n], FRAMES_MAX - w->n);
	if (join < 0) {
		/* the CFI walk ran out of stack copy, or into code it cannot
		 * step: say where; the first frame that keeps no frame pointer
		 * is why the chain could not be joined */
		for (unsigned i = 0; i < u.n; i++) {
			Dwarf_Addr a = lookup_pc(u.pc[i], u.act[i]);
			bool have = dwfl_addrmodule(dwfl, a) != NULL;

			if (!have || !keeps_fp(dwfl, a) || i == u.n - 1) {
				stop_at(maps, u.pc[i], have, w->stop, sizeof(w->stop));
				break;
			}
		}
		return;
	}
	/* the chain's frames, each believed only if the one inside it keeps a
	 * frame pointer (else the kernel read a saved bp that is not one) */
	for (unsigned j = 1; j < s->n && w->n < FRAMES_MAX; j++) {
		const struct ss_frame *in = &w->f[w->n - 1];
		Dwarf_Addr a = lookup_pc(in->pc, in->pc == s->pcs[0] && j == 1 && join == 0);

		if (!keeps_fp(dwfl, a)) {
			stop_at(maps, in->pc, dwfl_addrmodule(dwfl, a) != NULL, w->stop, sizeof(w->stop));
			return;
		}
		w->n += name_frames(dwfl, maps, s->pcs[j], false, &w->f[w->n], FRAMES_MAX - w->n);
	}
	if (s->n >= SS_STACK_MAX)
		snprintf(w->stop, sizeof(w->stop), "stack stops after %u frames: deeper ones were not recorded",
			 w->n);
}

const struct ss_walk *ss_symbols_walk(struct ss_symbols *sy, const struct ss_stacks *s, uint32_t id)
{
	const struct ss_stack *st = ss_stacks_find(s, id);
	struct walked *wk;
	struct ss_walk w = { 0 };
	struct invoker_fs fs;

	if (!st)
		return NULL;
	wk = hmap_get(&sy->walks, id);
	if (wk)
		return &wk->w;
	/* The files behind the stack are opened by name, and libdwfl finds
	 * their debug information by name too: under sudo, with the user's
	 * rights (a live view is root), so that a program the user may run
	 * but not read, or a name swapped under us, stays unnamed. */
	if (invoker_fs_enter(&fs))
		return NULL;
	walk_build(sy, s, st, &w);
	invoker_fs_leave(&fs);
	if (!w.f)
		return NULL;
	wk = hmap_put(&sy->walks, id);
	if (!wk) {
		free(w.f);
		return NULL;
	}
	wk->w = w;
	return &wk->w;
}

char *ss_frame_name(const struct ss_frame *f, char *buf, size_t size)
{
	if (f->func[0] && f->file[0] && f->line)
		snprintf(buf, size, "%s (%s:%u)", f->func, f->file, f->line);
	else if (f->func[0])
		snprintf(buf, size, "%s (%s)", f->func, f->module[0] ? f->module : "?");
	else
		snprintf(buf, size, "0x%llx (%s)", (unsigned long long)f->pc, f->module[0] ? f->module : "?");
	return buf;
}

char *ss_symbols_tell(void *ctx, const struct ss_stacks *s, uint32_t id, unsigned depth, char *buf, size_t size)
{
	const struct ss_walk *w = id ? ss_symbols_walk(ctx, s, id) : NULL;
	unsigned first = 0, shown = 0;
	size_t len = 0;
	char name[256];

	buf[0] = 0;
	if (!w || !w->n)
		return buf;
	/* the program's frames are the news; the C library's call is said
	 * already (read, futex): begin at the first frame of the program */
	while (first < w->n && w->f[first].library)
		first++;
	if (first == w->n)
		first = 0;
	for (unsigned i = first; i < w->n && (!depth || shown < depth) && len < size; i++, shown++)
		len += (size_t)snprintf(buf + len, size - len, "%s%s", shown ? " <- " : " in ",
					ss_frame_name(&w->f[i], name, sizeof(name)));
	if (w->stop[0] && (!depth || shown < depth) && len < size)
		snprintf(buf + len, size - len, " (%s)", w->stop);
	return buf;
}

void ss_symbols_attach(struct ss_symbols *sy, struct ss_model *m)
{
	m->teller.tell = ss_symbols_tell;
	m->teller.ctx = sy;
}
