/* The recorder (recorder.h): the one object that includes the BPF
 * skeleton, so only it needs clang and bpftool to build. Before load, the
 * pid maps are sized from pid_max and the ring to a power of two; after,
 * the BPF side is told what each syscall's arguments are from
 * model/syscalls.c, so both sides read one table. libbpf's messages go
 * through our logger. USDT links are removed on threads of their own, to
 * share one grace period instead of waiting one each. */
#include "tracer/recorder.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/capability.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "model/syscalls.h"
#include "tracefile/format.h"
#include "sched.skel.h"
#include "tracer/decoder.h"
#include "tracer/sched.h"
#include "util/invoker.h"
#include "util/log.h"
#include "util/vec.h"

#define MAX_USDT_LINKS 256

struct ss_recorder {
	struct sched_bpf *skel;
	struct ring_buffer *rb;
	struct bpf_link *usdt[MAX_USDT_LINKS];
	unsigned nusdt;
	unsigned ncpus;
	bool attached;
	bool flows;
	bool hide;         /* under sudo: the hide_* twins are loaded (hide.bpf.h) */
};

static int libbpf_log(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (level == LIBBPF_DEBUG)
		return 0;
	log_vmsg(LOG_DEBUG, fmt, ap);   /* our own message says what failed; -v shows why */
	return 0;
}

/* CAP_BPF and CAP_PERFMON (or root) are what loading tracing programs takes. */
static bool privileged(void)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2];

	if (geteuid() == 0)
		return true;
	if (syscall(SYS_capget, &h, d))
		return false;
	return (d[CAP_BPF / 32].effective & (1u << (CAP_BPF % 32))) &&
	       (d[CAP_PERFMON / 32].effective & (1u << (CAP_PERFMON % 32)));
}

static uint32_t read_pid_max(void)
{
	unsigned long v = 4194304;
	FILE *f = fopen("/proc/sys/kernel/pid_max", "r");

	if (f) {
		if (fscanf(f, "%lu", &v) != 1)
			v = 4194304;
		fclose(f);
	}
	return (uint32_t)v;
}

static uint32_t ring_bytes(uint32_t mb)
{
	uint32_t want = (mb ? mb : 16) << 20, sz = 1u << 20;

	while (sz < want && sz < (1u << 30))
		sz <<= 1;
	return sz;
}

/* Tells the BPF side what each syscall's arguments are (an fd, a futex, a pid,
 * a signal, a byte count): what it resolves and which arguments it keeps. */
static int fill_syscall_flags(struct ss_recorder *r)
{
	int fd = bpf_map__fd(r->skel->maps.sc_flags), max = ss_syscall_max(NULL);

	for (int nr = 0; nr < max && nr < SS_MAX_SYSCALLS; nr++) {
		const struct ss_syscall_info *si = ss_syscall(NULL, nr);
		uint8_t f = si ? si->flags : 0;
		uint32_t key = (uint32_t)nr;

		if (f && bpf_map_update_elem(fd, &key, &f, BPF_ANY))
			return -errno;
	}
	return 0;
}

int ss_recorder_open(struct ss_recorder **out, const struct ss_recorder_opts *o,
		     char *err, size_t errlen)
{
	struct ss_recorder *r;
	uint32_t words = (read_pid_max() + 63) / 64, rb_size = ring_bytes(o->buffer_mb);
	const struct invoker *iv;
	int rc, iv_rc;

	if (!privileged()) {
		snprintf(err, errlen, "recording needs root, or CAP_BPF and CAP_PERFMON (try sudo)");
		return -EPERM;
	}
	if (access("/sys/kernel/btf/vmlinux", R_OK) != 0) {
		snprintf(err, errlen, "this kernel has no BTF (/sys/kernel/btf/vmlinux is missing); "
			 "schedscope needs a kernel built with CONFIG_DEBUG_INFO_BTF=y");
		return -ENOENT;
	}
	libbpf_set_print(libbpf_log);

	r = calloc(1, sizeof(*r));
	if (!r)
		return -ENOMEM;
	r->ncpus = ss_recorder_possible_cpus();
	r->flows = o->flows;

	r->skel = sched_bpf__open();
	if (!r->skel) {
		rc = -errno;
		snprintf(err, errlen, "cannot open the BPF programs: %s", strerror(errno));
		goto fail;
	}
	r->skel->rodata->trace_all = o->all;
	r->skel->rodata->self_tgid = (uint32_t)getpid();
	r->skel->rodata->wakeup_bytes = rb_size / 4;
	r->skel->rodata->capture_stacks = o->stacks;
	/* under sudo, the kernel side withholds what the user could not read
	 * (insides_visible()); a SUDO_UID that is no number: nobody's insides */
	iv_rc = invoker_get(&iv);
	r->hide = iv_rc || iv->sudo;
	if (r->hide) {
		r->skel->rodata->hide_others = true;
		r->skel->rodata->invoker_uid = iv_rc ? UINT32_MAX : (uint32_t)iv->uid;
	}
	/* one of each twin (hide.bpf.h): the hiding ones only under sudo */
	bpf_program__set_autoload(r->skel->progs.handle_switch, !r->hide);
	bpf_program__set_autoload(r->skel->progs.hide_switch, r->hide);
	bpf_program__set_autoload(r->skel->progs.handle_waking, !r->hide);
	bpf_program__set_autoload(r->skel->progs.hide_waking, r->hide);
	bpf_program__set_autoload(r->skel->progs.handle_sys_exit, !r->hide);
	bpf_program__set_autoload(r->skel->progs.hide_sys_exit, r->hide);
	bpf_map__set_max_entries(r->skel->maps.events, rb_size);
	bpf_map__set_max_entries(r->skel->maps.seen, words);
	bpf_map__set_max_entries(r->skel->maps.tree, words);

	rc = sched_bpf__load(r->skel);
	if (rc) {
		snprintf(err, errlen, "cannot load the BPF programs: %s%s", strerror(-rc),
			 rc == -EPERM ? " (needs root, or CAP_BPF and CAP_PERFMON)" : "");
		goto fail;
	}
	rc = fill_syscall_flags(r);
	if (rc) {
		snprintf(err, errlen, "cannot fill the syscall table: %s", strerror(-rc));
		goto fail;
	}
	r->rb = ring_buffer__new(bpf_map__fd(r->skel->maps.events),
				 (ring_buffer_sample_fn)o->on_record, o->ctx, NULL);
	if (!r->rb) {
		rc = -errno;
		snprintf(err, errlen, "cannot map the ring buffer: %s", strerror(errno));
		goto fail;
	}
	*out = r;
	return 0;
fail:
	ss_recorder_close(r);
	return rc ? rc : -EINVAL;
}

int ss_recorder_track(struct ss_recorder *r, pid_t pid)
{
	uint32_t idx = (uint32_t)pid / 64;
	uint64_t word = 0;
	int fd = bpf_map__fd(r->skel->maps.tree);

	if (bpf_map_lookup_elem(fd, &idx, &word))
		return -errno;
	word |= 1ULL << (pid & 63);
	return bpf_map_update_elem(fd, &idx, &word, BPF_ANY) ? -errno : 0;
}

int ss_recorder_attach(struct ss_recorder *r, char *err, size_t errlen)
{
	/* handle_usdt is attached per probe by ss_recorder_attach_usdt(). */
	bpf_program__set_autoattach(r->skel->progs.handle_usdt, false);
	/* sys_exit runs for every syscall of every task: only when asked */
	bpf_program__set_autoattach(r->skel->progs.handle_sys_exit, r->flows);
	bpf_program__set_autoattach(r->skel->progs.hide_sys_exit, r->flows);
	int rc = sched_bpf__attach(r->skel);

	if (rc) {
		snprintf(err, errlen, "cannot attach to the scheduler tracepoints: %s", strerror(-rc));
		return rc;
	}
	r->attached = true;
	return 0;
}

int ss_recorder_attach_usdt(struct ss_recorder *r, const char *binary, const char *provider,
			    const char *name, uint32_t cookie)
{
	LIBBPF_OPTS(bpf_usdt_opts, opts, .usdt_cookie = cookie);
	struct bpf_link *l;

	if (r->nusdt == MAX_USDT_LINKS)
		return -E2BIG;
	l = bpf_program__attach_usdt(r->skel->progs.handle_usdt, -1, binary, provider, name, &opts);
	if (!l)
		return -errno;
	r->usdt[r->nusdt++] = l;
	return 0;
}

static void *destroy_link(void *link)
{
	bpf_link__destroy(link);
	return NULL;
}

/* Removing a uprobe waits for a grace period (~100 ms here). Removed one by
 * one, a scenario's probes cost most of a second; removed at the same time,
 * they share one grace period. */
static void destroy_usdt_links(struct ss_recorder *r)
{
	pthread_t tid[MAX_USDT_LINKS];
	bool started[MAX_USDT_LINKS];

	for (unsigned i = 0; i < r->nusdt; i++)
		started[i] = pthread_create(&tid[i], NULL, destroy_link, r->usdt[i]) == 0;
	for (unsigned i = 0; i < r->nusdt; i++) {
		if (started[i])
			pthread_join(tid[i], NULL);
		else
			bpf_link__destroy(r->usdt[i]);
	}
	r->nusdt = 0;
}

void ss_recorder_detach(struct ss_recorder *r)
{
	/* Markers only fire in traced tasks, which are gone or no longer
	 * followed; their uprobes go in ss_recorder_close(), which is slow. */
	if (r->attached)
		sched_bpf__detach(r->skel);
	r->attached = false;
}

int ss_recorder_poll(struct ss_recorder *r, int timeout_ms)
{
	int rc = ring_buffer__poll(r->rb, timeout_ms);

	/* ring_buffer__poll() consumes only rings that woke us, and the kernel
	 * side wakes us only once wakeup_bytes are waiting: a quiet trace would
	 * sit in the buffer. Drain whatever is there on every poll. */
	return rc == 0 ? ring_buffer__consume(r->rb) : rc;
}

int ss_recorder_drain(struct ss_recorder *r)
{
	return ring_buffer__consume(r->rb);
}

int ss_recorder_fd(struct ss_recorder *r)
{
	return ring_buffer__epoll_fd(r->rb);
}

unsigned ss_recorder_possible_cpus(void)
{
	int n = libbpf_num_possible_cpus();

	return n > 0 ? (unsigned)n : 1;
}

int ss_recorder_lost(struct ss_recorder *r, uint64_t *per_cpu, unsigned ncpus)
{
	uint64_t *v = calloc(r->ncpus, sizeof(*v));
	uint32_t zero = 0;
	int rc = 0;

	if (!v)
		return -ENOMEM;
	if (bpf_map_lookup_elem(bpf_map__fd(r->skel->maps.lost), &zero, v))
		rc = -errno;
	for (unsigned c = 0; c < ncpus; c++)
		per_cpu[c] = c < r->ncpus && !rc ? v[c] : 0;
	free(v);
	return rc;
}

/* Adds one (file, thread, direction) key's counts to the list, merging keys
 * that name the same channel (dup'ed fds, reopened files). */
static int flow_add(struct ss_flow **v, size_t *n, size_t *cap, const struct ss_flow *f)
{
	for (size_t i = 0; i < *n; i++)
		if ((*v)[i].chan.id == f->chan.id && (*v)[i].tid == f->tid && (*v)[i].dir == f->dir) {
			(*v)[i].calls += f->calls;
			(*v)[i].bytes += f->bytes;
			return 0;
		}
	if (!vec_grow((void **)v, cap, *n + 1, sizeof(**v)))
		return -ENOMEM;
	(*v)[(*n)++] = *f;
	return 0;
}

int ss_recorder_flows(struct ss_recorder *r, struct ss_flow **out, size_t *n, uint64_t *dropped)
{
	int fd = bpf_map__fd(r->skel->maps.flows);
	struct ss_flow_key key, next, *prev = NULL;
	struct ss_flow_val *vals = calloc(r->ncpus, sizeof(*vals));
	struct ss_flow *v = NULL;
	size_t cap = 0;
	uint32_t zero = 0;
	int rc = 0;

	*n = 0;
	*dropped = 0;
	if (!vals)
		return -ENOMEM;
	bpf_map_lookup_elem(bpf_map__fd(r->skel->maps.flows_dropped), &zero, dropped);
	while (!rc && bpf_map_get_next_key(fd, prev, &next) == 0) {
		struct ss_flow f = { 0 };
		bool counted = false;

		key = next;
		prev = &key;
		if (bpf_map_lookup_elem(fd, &key, vals))
			continue;
		/* per-CPU copies: sum the counts; any counted copy names the channel */
		for (unsigned c = 0; c < r->ncpus; c++) {
			if (vals[c].state != SS_FLOW_COUNTED)
				continue;
			f.calls += vals[c].calls;
			f.bytes += vals[c].bytes;
			if (!counted) {
				ss_decoder_chan(&vals[c].chan, &f.chan);
				counted = true;
			}
		}
		if (!counted || !f.calls)
			continue;
		f.tid = key.tid;
		f.dir = key.dir;
		rc = flow_add(&v, n, &cap, &f);
	}
	free(vals);
	if (rc) {
		free(v);
		return rc;
	}
	*out = v;
	return 0;
}

int ss_recorder_irq_time(struct ss_recorder *r, struct ss_irq_time *out, unsigned ncpus)
{
	struct ss_irq_time_val *v = calloc(r->ncpus, sizeof(*v));
	uint32_t zero = 0;
	int rc;

	if (!v)
		return -ENOMEM;
	rc = bpf_map_lookup_elem(bpf_map__fd(r->skel->maps.irq_time), &zero, v) ? -errno : 0;
	for (unsigned c = 0; c < ncpus; c++) {
		memset(&out[c], 0, sizeof(out[c]));
		if (rc || c >= r->ncpus)
			continue;
		out[c].hardirq_ns = v[c].hardirq_ns;
		out[c].hardirq_n = v[c].hardirq_n;
		memcpy(out[c].softirq_ns, v[c].softirq_ns, sizeof(out[c].softirq_ns));
		memcpy(out[c].softirq_n, v[c].softirq_n, sizeof(out[c].softirq_n));
		out[c].timer_ns = v[c].timer_ns;
		out[c].timer_n = v[c].timer_n;
	}
	free(v);
	return rc;
}

uint64_t ss_recorder_stacks_unsent(struct ss_recorder *r)
{
	return __atomic_load_n(&r->skel->bss->stacks_unsent, __ATOMIC_RELAXED);
}

uint64_t ss_recorder_kstacks_failed(struct ss_recorder *r)
{
	return __atomic_load_n(&r->skel->bss->kstacks_failed, __ATOMIC_RELAXED);
}

int ss_recorder_kstack(void *rec, uint32_t kid, uint64_t *ips)
{
	struct ss_recorder *r = rec;
	int n = 0;

	memset(ips, 0, SS_KSTACK_MAX * sizeof(*ips));
	if (bpf_map_lookup_elem(bpf_map__fd(r->skel->maps.kstacks), &kid, ips))
		return -errno;
	while (n < SS_KSTACK_MAX && ips[n])
		n++;
	return n;
}

void ss_recorder_prog_syms(struct ss_recorder *r, ss_ksym_fn fn, void *ctx)
{
	struct bpf_program *p;

	bpf_object__for_each_program(p, r->skel->obj) {
		uint64_t addrs[16];
		struct bpf_prog_info info;
		uint32_t len = sizeof(info), n;
		char name[SS_KSYM_MAX];

		memset(&info, 0, sizeof(info));
		if (bpf_program__fd(p) < 0 || bpf_obj_get_info_by_fd(bpf_program__fd(p), &info, &len))
			continue;
		n = info.nr_jited_ksyms < 16 ? info.nr_jited_ksyms : 16;
		memset(&info, 0, sizeof(info));
		info.nr_jited_ksyms = n;
		info.jited_ksyms = (uint64_t)(uintptr_t)addrs;
		len = sizeof(info);
		if (!n || bpf_obj_get_info_by_fd(bpf_program__fd(p), &info, &len))
			continue;
		/* as /proc/kallsyms would name it, without the tag: bpf_prog_handle_switch */
		snprintf(name, sizeof(name), "bpf_prog_%s", bpf_program__name(p));
		for (uint32_t i = 0; i < n; i++)
			fn(ctx, addrs[i], name);
	}
}

uint64_t ss_recorder_missed(struct ss_recorder *r)
{
	struct bpf_program *p;
	uint64_t sum = 0;

	bpf_object__for_each_program(p, r->skel->obj) {
		struct bpf_prog_info info;
		uint32_t len = sizeof(info);

		memset(&info, 0, sizeof(info));
		if (bpf_program__fd(p) >= 0 &&
		    bpf_obj_get_info_by_fd(bpf_program__fd(p), &info, &len) == 0)
			sum += info.recursion_misses;
	}
	return sum;
}

void ss_recorder_close(struct ss_recorder *r)
{
	if (!r)
		return;
	ss_recorder_detach(r);
	destroy_usdt_links(r);
	ring_buffer__free(r->rb);
	sched_bpf__destroy(r->skel);
	free(r);
}
