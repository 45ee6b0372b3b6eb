/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The user stack of a traced thread where it blocks, and of a traced waker
 * where it wakes somebody, interned here so that a wait carries a 4-byte id
 * and each distinct stack crosses the ring buffer once.
 *
 * What is taken: the frame-pointer chain from the user registers (walked
 * here, as the kernel's perf_callchain_user() walks it), the user sp and
 * bp, and a window of the stack from sp. A thread blocks inside the C
 * library, which keeps no frame pointer: the walk from bp then skips the
 * library's caller (or, where the library used bp as a scratch register,
 * reads nonsense). The window lets user space unwind the library's frames
 * with their CFI (symbols/, libdw) and decide where the frame-pointer chain
 * can be trusted; nothing here decides it.
 *
 * Cost (bpf_stats run time on the pipe benchmark, README): each read of
 * user memory costs about 150 ns, 8 bytes or 192 alike, as much as the rest
 * of the event's recording. So the top 2 KiB of the stack are read once,
 * and the walk takes its frames from that copy where they lie in it (a
 * stack top of 192 bytes, 512, 1 KiB, 2 KiB, 4 KiB: 2 KiB cost least).
 * And a thread in a loop blocks, and wakes its peer, at the same places
 * again and again: its last stack at each, as keyed below, is kept in task
 * storage with its id, and a key equal to it word for word is that id,
 * without the hash and the map lookup. Together: about 340 ns a stack, from
 * 820. The walk is a bpf_loop() step, which the verifier checks once (the
 * program loads in 0.5 s, not 4).
 *
 * Interning: a hash map keyed by a 64-bit hash of everything taken
 * (struct ss_stack_key; see key_hash() for why not the key itself). The
 * record is reserved in the ring before the key is inserted, so that any
 * record naming the id (reserved after some CPU found the key) comes after
 * the stack in the ring. A full table or ring means id 0 (no stack), counted
 * in stacks_unsent. Included once, by sched.bpf.c, after reserve()/submit().
 */
#ifndef SCHEDSCOPE_TRACER_STACKS_BPF_H
#define SCHEDSCOPE_TRACER_STACKS_BPF_H

const volatile bool capture_stacks = false;

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(max_entries, 16384);
	__type(key, __u64);
	__type(value, __u32);
} stack_ids SEC(".maps");

/* The key being built: 400 bytes do not fit on the BPF stack. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct ss_stack_key);
} stack_buf SEC(".maps");

/* Ids are given out per CPU, (sequence << 10 | cpu) + 1: no atomics, no
 * shared cache line (gaps where a race was lost). */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} stack_seq SEC(".maps");

/* A new stack wakes the reader at once: it reads the process's mappings
 * when it meets the stack, and a process that lives less than a poll (50
 * ms) would be gone by then, its stacks unreadable (CI saw a 130 ms lock run
 * lose every one). New stacks are a handful per program (repeats are found
 * in the kernel and never sent), so the wake-ups are too. A limit of one a
 * millisecond per CPU (and per address space) lost a shell's 10 ms children
 * 3 times in 30: the one stack whose mappings were not read yet (libc not
 * mapped when the exec's stack was met) waited for the next poll. */

/* The stack top, read once: the window and the walk's frames within it. */
#define TOP_WORDS 256
struct stack_top {
	__u64 w[TOP_WORDS];
	__u64 n;                /* words read: TOP_WORDS, SS_STACK_WIN or 0 */
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct stack_top);
} stack_top SEC(".maps");

/* A thread's last stack where it blocked and where it woke somebody (a
 * thread in a loop does both, by turns), and their ids. */
struct stack_last {
	struct ss_stack_key key;
	__u32 id;
	__u32 pad;
};

/* Per thread: its last stacks, and how many more stacks to take with the
 * window alone after the whole stack top could not be read (a thread that
 * blocks near the top of its stack would pay a failed read every time).
 * Kept in sched.bpf.c's told_stk storage, which the event has fetched already:
 * a task storage of its own cost a second lookup, a helper call, per stack;
 * and told is dropped at exec, when the last stacks stop meaning the same
 * code. */
struct stack_mem {
	struct stack_last at[2];
	__u32 small;
	__u32 pad;
};

#define SMALL_AFTER_FAIL 64

#define STACK_AT_BLOCK 0
#define STACK_AT_WAKE 1

__u64 stacks_unsent;      /* stacks that got no id: the table was full */

#define NEAR_CODE (4ull << 20)
#define NEAR_STACK (1ull << 20)
#define CODE_REFS 4   /* p0..p3 in win_mask() */

static __always_inline bool near(__u64 v, __u64 ref, __u64 dist)
{
	return v - ref + dist <= 2 * dist;   /* |v - ref| <= dist, unsigned */
}

/*
 * The unwinder needs, of the window, the return addresses (code: the
 * program's text, or near the frames the chain found, such as the C
 * library's leaf; where the library broke the chain, the program's text
 * is the only clue to its caller) and the
 * saved frame pointers (stack addresses, near sp). The rest is the
 * program's data: a loop counter spilled beside a write() would make every
 * iteration a stack of its own. It is zeroed, so that it is in neither the
 * key nor the record, and the same place in the code is one stack.
 */
static __always_inline void win_mask(struct ss_stack_key *k, __u64 code0, __u64 code1)
{
	/* the first CODE_REFS frames, loaded once; a chain shorter than that
	 * repeats the ip (a frame's pc is never 0) */
	__u64 sp = k->sp, p0 = k->pcs[0], p1 = k->pcs[1] ?: p0, p2 = k->pcs[2] ?: p0, p3 = k->pcs[3] ?: p0;

#pragma clang loop unroll(disable)
	for (int i = 0; i < SS_STACK_WIN; i++) {
		__u64 v = k->win[i];

		if (!(near(v, sp, NEAR_STACK) || v - code0 < code1 - code0 || near(v, p0, NEAR_CODE) ||
		      near(v, p1, NEAR_CODE) || near(v, p2, NEAR_CODE) || near(v, p3, NEAR_CODE)))
			k->win[i] = 0;
	}
}

/* The frame-pointer chain from the user registers, as the kernel's own
 * user walk does it (perf_callchain_user()): each frame is the caller's bp
 * and a return address, above the one before. A frame within the stack top
 * already read (top->n words from sp) is taken from it, others are read. One
 * step of bpf_loop(): the verifier checks a step once, where a loop with two
 * ways to fetch a frame would be checked once per way per frame. */
struct walk {
	struct ss_stack_key *k;
	const struct stack_top *top;
	__u64 fp;               /* the frame to read next */
	__u64 n;                /* pcs filled */
};

/* Step i fills pcs[i + 1]. The index is bpf_loop()'s, and top->n is read
 * from the map: values the verifier does not know, so that it checks the
 * step once, not once per frame count and stack top size. */
static long walk_step(__u64 i, void *arg)
{
	struct walk *w = arg;
	const struct stack_top *top = w->top;
	__u64 fp = w->fp, n = i + 1, sp = w->k->sp, off = (fp - sp) >> 3, caller_fp, ret;

	if (n >= SS_STACK_MAX || !fp || (fp & 7))
		return 1;
	if (fp >= sp && !((fp - sp) & 7) && off + 1 < top->n && off < TOP_WORDS - 1) {
		/* bounded again where the verifier sees it (clang keeps the test
		 * above on fp - sp, not on off) */
		asm volatile("" : "+r"(off));
		off &= TOP_WORDS - 1;
		caller_fp = top->w[off];
		ret = top->w[off + 1];
	} else {
		__u64 frame[2];

		if (bpf_probe_read_user(frame, sizeof(frame), (void *)fp))
			return 1;
		caller_fp = frame[0];
		ret = frame[1];
	}
	if (!ret)
		return 1;
	w->k->pcs[n] = ret;
	w->n = n + 1;
	if (caller_fp <= fp)
		return 1;
	w->fp = caller_fp;
	return 0;
}

/* Bytes of pcs, like bpf_get_stack(). */
static __always_inline long fp_walk(struct ss_stack_key *k, struct pt_regs *regs, const struct stack_top *top)
{
	struct walk w = { .k = k, .top = top, .fp = regs->bp, .n = 1 };

	__builtin_memset(k->pcs, 0, sizeof(k->pcs));
	k->pcs[0] = regs->ip;
	bpf_loop(SS_STACK_MAX - 1, walk_step, &w, 0);
	return (long)w.n * 8;
}

/* A 64-bit hash of the whole key. The kernel's hash map would take the
 * 400-byte key itself and compare it whole, but hashing and comparing 400
 * bytes per wait cost more than the rest of the recording (measured on the
 * pipe benchmark: 1.8 s against 0.7 s); two different stacks share a
 * 64-bit hash with odds of about n^2 / 2^65, 1e-11 for 16384 stacks. */
static __always_inline __u64 key_hash(const struct ss_stack_key *k)
{
	const __u64 *w = (const __u64 *)k;
	__u64 h = 0x9e3779b97f4a7c15ull;

#pragma clang loop unroll(disable)
	for (int i = 0; i < (int)(sizeof(*k) / 8); i++) {
		h = (h ^ w[i]) * 0xff51afd7ed558ccdull;
		h ^= h >> 32;
	}
	return h;
}

/* The key equal, word for word, to a thread's last one as taken. */
static __always_inline bool key_same(const struct ss_stack_key *a, const struct ss_stack_key *b)
{
	const __u64 *x = (const __u64 *)a, *y = (const __u64 *)b;

#pragma clang loop unroll(disable)
	for (int i = 0; i < (int)(sizeof(*a) / 8); i++)
		if (x[i] != y[i])
			return false;
	return true;
}

/* id is the thread's last stack's: keep is its storage where the key was
 * just kept there, else NULL. */
static __always_inline __u32 remember(struct stack_last *keep, __u32 id)
{
	if (keep)
		keep->id = id;
	return id;
}

/* The id of the current task's user stack (t is current; regs: its entry
 * registers; mem: its last stacks, or NULL), sending the stack if it is
 * new; 0 for none (a kernel thread, no user frames, no room). */
static __noinline __u32 stack_of(void *ctx, struct task_struct *t, struct pt_regs *regs,
				 struct stack_mem *mem, __u64 ts, int at)
{
#if defined(__TARGET_ARCH_x86)
	struct ss_stack_key *k;
	struct stack_last *last, *keep = NULL;
	struct ss_rec_stack *r;
	__u32 zero = 0, id, *known, *seq;
	struct stack_top *top;
	__u64 h, code0, code1;
	__u16 flags = 0;
	long n;

	if (!capture_stacks || !t->mm)
		return 0;
	k = bpf_map_lookup_elem(&stack_buf, &zero);
	seq = bpf_map_lookup_elem(&stack_seq, &zero);
	top = bpf_map_lookup_elem(&stack_top, &zero);
	if (!k || !seq || !top || !regs)
		return 0;
	k->sp = regs->sp;
	k->bp = regs->bp;
	/* near the top of a thread's stack the whole top runs past its end:
	 * then the window alone */
	top->n = 0;
	if (mem && mem->small)
		mem->small--;
	else if (!bpf_probe_read_user(top->w, sizeof(top->w), (void *)k->sp))
		top->n = TOP_WORDS;
	else if (mem)
		mem->small = SMALL_AFTER_FAIL;
	if (!top->n) {
		if (!bpf_probe_read_user(top->w, SS_STACK_WIN * 8, (void *)k->sp))
			top->n = SS_STACK_WIN;
		else
			flags |= SS_STACKF_WIN_FAILED;
	}
	n = fp_walk(k, regs, top);
	if (n <= 0)
		return 0;
	if (flags)
		__builtin_memset(k->win, 0, sizeof(k->win));
	else
		__builtin_memcpy(k->win, top->w, sizeof(k->win));
	code0 = t->mm->start_code;
	code1 = t->mm->end_code;
	if (!flags)
		win_mask(k, code0, code1);
	last = mem ? &mem->at[at & 1] : NULL;
	if (last && last->id && !flags && key_same(&last->key, k))
		return last->id;
	if (last && !flags) {
		__builtin_memcpy(&last->key, k, sizeof(*k));
		last->id = 0;
		keep = last;
	}
	h = key_hash(k);
	known = bpf_map_lookup_elem(&stack_ids, &h);
	if (known)
		return remember(keep, *known);
	r = reserve(sizeof(*r));
	if (!r)
		return 0;
	id = ((*seq)++ << 10 | (bpf_get_smp_processor_id() & 1023)) + 1;
	if (bpf_map_update_elem(&stack_ids, &h, &id, BPF_NOEXIST)) {
		bpf_ringbuf_discard(r, BPF_RB_NO_WAKEUP);
		known = bpf_map_lookup_elem(&stack_ids, &h);   /* another CPU was first */
		if (known)
			return remember(keep, *known);
		__sync_fetch_and_add(&stacks_unsent, 1);
		return 0;
	}
	hdr_fill(&r->h, SS_REC_STACK, t->pid, ts);
	r->id = id;
	r->tgid = t->tgid;
	r->n = (__u16)((__u64)n >> 3);
	r->flags = flags;
	r->pad = 0;
	__builtin_memcpy(&r->key, k, sizeof(r->key));
	bpf_ringbuf_submit(r, BPF_RB_FORCE_WAKEUP);
	return remember(keep, id);
#else
	return 0;
#endif
}

#endif
