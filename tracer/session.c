/* One recording (session.h). The decoder's sink fans out here: every task,
 * event and stack goes to the writer, to the traced tree's tracker and,
 * live, to the view's model, in the same order. Work that is not per event
 * (the writer's flush, the lost counts, the host's steal, the tree's
 * living members) runs from ss_session_step() on timers, so the caller's
 * loop stays the only loop. */
#include "tracer/session.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "tracefile/writer.h"
#include "tracer/launch.h"
#include "tracer/recorder.h"
#include "tracer/steal.h"
#include "tracer/tree.h"
#include "tracer/usdt.h"
#include "util/clock.h"
#include "util/fmt.h"
#include "util/log.h"
#include "util/userfile.h"
#include "util/vec.h"

#define MAX_PROBES 128
#define OWN_PROVIDER "schedscope"      /* the scenarios' probes (scenarios/probes.h) */
/* A probe that fires more often than this slows the program down by itself
 * (each firing is a trap into the kernel and a record): say so. */
#define PROBE_WARN_PER_S 10000.0
#define FLUSH_EVERY_NS   (1000ull * 1000 * 1000)   /* a crash loses at most ~1 s */
#define LOST_EVERY_NS    (100ull * 1000 * 1000)
/* The host's steal moves in 10 ms ticks; a lesson's window is 100 ms or so,
 * and the host may take one CPU for all of it: sample often enough to see
 * that window (a read of /proc/stat, kept only when a count moved). */
#define STEAL_EVERY_NS   (20ull * 1000 * 1000)
#define TREE_EVERY_NS    (100ull * 1000 * 1000)   /* --wait-tree: how often to look */

struct ss_session {
	struct ss_session_opts o;
	struct ss_recorder *rec;
	struct ss_decoder *dec;
	struct ss_writer *w;
	struct ss_launch cmd;
	bool have_cmd;
	unsigned ncpus;
	uint64_t start_ns, last_flush_ns, last_lost_ns, last_steal_ns;
	uint64_t *lost;            /* per CPU, as last read */
	bool stopping;
	bool cut_short;               /* stopped from outside (a signal, --duration), not by the command's end */
	unsigned probes;
	struct ss_probe *probe_list;  /* for the live sink, handed over at the first step */
	size_t probe_cap;
	uint64_t *probe_hits;         /* markers per probe id: a probe that fires too often is said */
	size_t hits_cap;
	bool live_primed;
	const char *path;
	char old_path[4096];          /* where an earlier file was kept, or "" */
	struct ss_tree *tree;         /* the command's tree, living members (not --all) */
	uint64_t last_tree_ns;
	struct ss_trace_info *info;   /* what the file's header says */
	pthread_t closer;
	bool closer_started;
	struct ss_steal_rec steal;    /* what the host took of each CPU (steal.h) */
	/* what the file's FLOWS and IRQS chunks got, kept for the live model */
	struct ss_flow *flows;
	size_t nflows;
	struct ss_irq_time *irq_time;
	struct ss_irq_name *irq_names;
	size_t nirq_names;
};

static void fan_task(void *ctx, const struct ss_task *t)
{
	struct ss_session *s = ctx;

	ss_writer_task(s->w, t);
	if (s->tree)
		ss_tree_task(s->tree, t);
	if (s->o.live)
		s->o.live->task(s->o.live->ctx, t);
}

static void fan_event(void *ctx, const struct ss_event *ev)
{
	struct ss_session *s = ctx;

	ss_writer_event(s->w, ev);
	if (ev->kind == SS_MARKER && ev->marker.probe < s->hits_cap)
		s->probe_hits[ev->marker.probe]++;
	if (s->tree)
		ss_tree_event(s->tree, ev);
	if (s->o.live)
		s->o.live->event(s->o.live->ctx, ev);
}

static void fan_maps(void *ctx, const struct ss_maps *m)
{
	struct ss_session *s = ctx;

	ss_writer_maps(s->w, m);
	if (s->o.live && s->o.live->maps)
		s->o.live->maps(s->o.live->ctx, m);
}

static void fan_stack(void *ctx, const struct ss_stack *st)
{
	struct ss_session *s = ctx;

	ss_writer_stack(s->w, st);
	if (s->o.live && s->o.live->stack)
		s->o.live->stack(s->o.live->ctx, st);
}

static void fan_kstack(void *ctx, const struct ss_kstack *k)
{
	struct ss_session *s = ctx;

	ss_writer_kstack(s->w, k);
	if (s->o.live && s->o.live->kstack)
		s->o.live->kstack(s->o.live->ctx, k);
}

static void fill_info(struct ss_trace_info *in, const struct ss_session_opts *o, unsigned ncpus,
		      pid_t root, uint64_t start_pipe_ino)
{
	struct utsname u;
	size_t off = 0;

	memset(in, 0, sizeof(*in));
	in->ncpus = ncpus;
	in->clock_id = CLOCK_BOOTTIME;
	in->start_ns = ss_clock_ns(CLOCK_BOOTTIME);
	in->start_wall_ns = ss_clock_ns(CLOCK_REALTIME);
	in->flags = (o->all ? SS_TF_ALL : 0) | (o->flows ? SS_TF_FLOWS : 0) | (o->stacks ? SS_TF_STACKS | SS_TF_KSTACKS : 0);
	in->version = ss_file_version(in->flags);
	in->root_pid = (uint32_t)root;
	in->start_pipe_ino = start_pipe_ino;
	in->knobs = o->knobs;
	if (uname(&u) == 0) {
		snprintf(in->sysname, sizeof(in->sysname), "%s", u.sysname);
		snprintf(in->release, sizeof(in->release), "%s", u.release);
		snprintf(in->kversion, sizeof(in->kversion), "%s", u.version);
		snprintf(in->machine, sizeof(in->machine), "%s", u.machine);
		snprintf(in->hostname, sizeof(in->hostname), "%s", u.nodename);
	}
	if (o->all)
		off += (size_t)snprintf(in->cmdline, sizeof(in->cmdline), "--all%s", o->argv && o->argv[0] ? " " : "");
	for (int i = 0; o->argv && o->argv[i] && off < sizeof(in->cmdline); i++)
		off += (size_t)snprintf(in->cmdline + off, sizeof(in->cmdline) - off, "%s%s",
					i ? " " : "", o->argv[i]);
}

/* Attaches the marker program to every probe of binary; returns probes added. */
/* Whether probe p is one to attach: schedscope's own, or one the filter
 * ("PROVIDER" or "PROVIDER:NAME", several with commas) opts in to. A
 * language runtime's probes (python's line and function__entry fire on
 * every line and call) would cost more than the whole recording. */
static bool probe_wanted(const struct ss_usdt_probe *p, const char *filter)
{
	if (!strcmp(p->provider, OWN_PROVIDER))
		return true;
	for (const char *f = filter; f && *f; f += strcspn(f, ",") + (f[strcspn(f, ",")] == ',')) {
		size_t len = strcspn(f, ","), n = strcspn(f, ":,");

		if (strlen(p->provider) != n || strncmp(p->provider, f, n))
			continue;
		if (n == len || (strlen(p->name) == len - n - 1 && !strncmp(p->name, f + n + 1, len - n - 1)))
			return true;
	}
	return false;
}

/* every: all of the binary's probes (a binary named with --usdt) */
static void attach_probes(struct ss_session *s, const char *binary, bool every)
{
	struct ss_usdt_probe p[MAX_PROBES];
	char at[32];
	int fd = ss_usdt_open(binary), n;

	if (fd < 0)
		return;
	/* libbpf opens the path again, as root: give it the file the user
	 * opened, not a name that may point elsewhere by now */
	n = ss_usdt_list_fd(fd, p, MAX_PROBES);
	snprintf(at, sizeof(at), "/proc/self/fd/%d", fd);

	for (int i = 0; i < n; i++) {
		struct ss_probe pr = { .id = s->probes };
		int rc;

		if (!every && !probe_wanted(&p[i], s->o.usdt_filter)) {
			log_debug("USDT probe %s:%s in %s left out (--usdt %s opts in)", p[i].provider, p[i].name,
				  binary, p[i].provider);
			continue;
		}
		rc = ss_recorder_attach_usdt(s->rec, at, p[i].provider, p[i].name, s->probes);

		if (rc) {
			log_warn("cannot attach to USDT probe %s:%s in %s: %s", p[i].provider, p[i].name,
				 binary, strerror(-rc));
			continue;
		}
		_Static_assert(sizeof(pr.provider) == sizeof(p[i].provider), "provider sizes");
		_Static_assert(sizeof(pr.name) == sizeof(p[i].name), "probe name sizes");
		memcpy(pr.provider, p[i].provider, sizeof(pr.provider));
		memcpy(pr.name, p[i].name, sizeof(pr.name));
		snprintf(pr.binary, sizeof(pr.binary), "%s", binary);
		ss_writer_probe(s->w, &pr);
		if (vec_grow((void **)&s->probe_list, &s->probe_cap, s->probes + 1, sizeof(pr)))
			s->probe_list[s->probes] = pr;
		if (vec_grow((void **)&s->probe_hits, &s->hits_cap, s->probes + 1, sizeof(*s->probe_hits)))
			s->probe_hits[s->probes] = 0;
		s->probes++;
	}
	close(fd);
}

/* A recording that could not start leaves the files as they were: its new
 * file goes, and the earlier one comes back from .old. */
static void undo_files(struct ss_session *s)
{
	char err[512];

	if (s->w) {
		ss_writer_close(s->w, NULL);
		userfile_remove(s->path);
	}
	if (s->old_path[0] && userfile_move(s->old_path, s->path, err, sizeof(err)))
		log_warn("%s", err);
}

int ss_session_start(struct ss_session **out, const struct ss_session_opts *o,
		     char *err, size_t errlen)
{
	struct ss_session *s = calloc(1, sizeof(*s));
	struct ss_recorder_opts ro = { .all = o->all, .buffer_mb = o->buffer_mb, .flows = o->flows,
				       .stacks = o->stacks };
	struct ss_sink sink = { .task = fan_task, .event = fan_event, .maps = fan_maps, .stack = fan_stack, .kstack = fan_kstack,
				.ctx = s };
	struct ss_trace_info *info = NULL;
	int rc;

	if (!s)
		return -ENOMEM;
	s->o = *o;
	s->path = o->out_path;
	s->cmd.go_fd = s->cmd.err_fd = -1;
	s->have_cmd = o->argv && o->argv[0];
	if (!s->have_cmd && !o->all) {
		snprintf(err, errlen, "nothing to record: give a command after --, or --all");
		free(s);
		return -EINVAL;
	}
	/* Cheap checks first: a typo should not cost a BPF load. */
	if (s->have_cmd && (rc = ss_launch_resolve(o->argv[0], s->cmd.path, sizeof(s->cmd.path), err, errlen)))
		goto fail;

	if (o->wait_tree && (!s->have_cmd || o->all)) {
		snprintf(err, errlen, "--wait-tree follows a command's tree; not with --all");
		rc = -EINVAL;
		goto fail;
	}
	s->ncpus = ss_recorder_possible_cpus();
	s->lost = calloc(s->ncpus, sizeof(*s->lost));
	s->dec = ss_decoder_new(s->ncpus, &sink);
	if (s->have_cmd && !o->all)
		s->tree = ss_tree_new();
	info = malloc(sizeof(*info));
	if (!s->lost || !s->dec || !info || (s->have_cmd && !o->all && !s->tree)) {
		snprintf(err, errlen, "out of memory");
		rc = -ENOMEM;
		goto fail;
	}
	ro.on_record = ss_decoder_record;
	ro.ctx = s->dec;
	/* kallsyms is read while the BPF programs load, not when a stack needs it */
	if (o->stacks)
		ss_decoder_ksyms_preload(s->dec, "/proc/kallsyms");
	rc = ss_recorder_open(&s->rec, &ro, err, errlen);
	if (rc)
		goto fail;
	if (o->stacks) {
		ss_recorder_prog_syms(s->rec, ss_decoder_ksym_add, s->dec);
		ss_decoder_kstacks(s->dec, ss_recorder_kstack, s->rec, "/proc/kallsyms");
	}

	if (s->have_cmd && (rc = ss_launch_prepare(&s->cmd, o->argv, o->death_sig, &o->knobs, err, errlen)))
		goto fail;
	fill_info(info, o, s->ncpus, s->have_cmd ? s->cmd.pid : 0, s->have_cmd ? s->cmd.go_ino : 0);
	/* an earlier trace is kept, as perf keeps perf.data.old (util/userfile.h) */
	rc = userfile_keep_old(o->out_path, s->old_path, sizeof(s->old_path), err, errlen);
	if (rc <= 0)
		s->old_path[0] = 0;
	if (rc < 0)
		goto fail;
	s->w = ss_writer_open(o->out_path, info, err, errlen);
	if (!s->w) {
		rc = -EIO;
		goto fail;
	}
	if (s->have_cmd && (rc = ss_recorder_track(s->rec, s->cmd.pid))) {
		snprintf(err, errlen, "cannot track pid %d: %s", s->cmd.pid, strerror(-rc));
		goto fail;
	}
	rc = ss_recorder_attach(s->rec, err, errlen);
	if (rc)
		goto fail;
	if (s->have_cmd)
		attach_probes(s, s->cmd.path, false);
	for (int i = 0; o->usdt_binaries && o->usdt_binaries[i]; i++)
		attach_probes(s, o->usdt_binaries[i], true);
	/* A stop asked for while all that loaded (a signal handler only sets a
	 * flag): nothing has run yet, so nothing is recorded and the command
	 * never starts; the earlier trace is put back. */
	if (o->stop_signal && (rc = o->stop_signal())) {
		snprintf(err, errlen, "stopped by SIG%s before %s started: nothing recorded",
			 sigabbrev_np(rc) ? sigabbrev_np(rc) : "?", s->have_cmd ? "the command" : "the recording");
		rc = -EINTR;
		goto fail;
	}

	s->start_ns = info->start_ns;
	s->last_flush_ns = s->last_lost_ns = s->last_tree_ns = ss_clock_ns(CLOCK_BOOTTIME);
	if (ss_steal_start(&s->steal, s->ncpus, s->last_flush_ns))
		log_debug("no steal time from /proc/stat: the host's share is not recorded");
	s->info = info;
	info = NULL;
	if (s->have_cmd && (rc = ss_launch_release(&s->cmd, err, errlen))) {
		ss_launch_wait(&s->cmd);
		s->have_cmd = false;
		ss_session_finish(s, NULL);
		ss_session_free(s);
		return rc;
	}
	*out = s;
	return 0;
fail:
	free(info);
	if (s->have_cmd && s->cmd.pid > 0)
		ss_launch_abort(&s->cmd);
	undo_files(s);
	ss_recorder_close(s->rec);
	ss_decoder_free(s->dec);
	ss_tree_free(s->tree);
	free(s->lost);
	free(s);
	return rc ? rc : -EINVAL;
}

int ss_session_fd(struct ss_session *s)
{
	return ss_recorder_fd(s->rec);
}

/* Turns increases of the kernel's per-CPU drop counters into SS_LOST events. */
static void check_lost(struct ss_session *s)
{
	uint64_t *now = calloc(s->ncpus, sizeof(*now)), t = ss_clock_ns(CLOCK_BOOTTIME);

	if (!now)
		return;
	if (ss_recorder_lost(s->rec, now, s->ncpus) == 0)
		for (unsigned c = 0; c < s->ncpus; c++)
			if (now[c] > s->lost[c]) {
				ss_decoder_lost(s->dec, c, now[c] - s->lost[c], t);
				s->lost[c] = now[c];
			}
	free(now);
}

/* The live sink learns the probes before its first event, and only once the
 * caller has had ss_session_start() return (to build what it feeds). */
static void prime_live(struct ss_session *s)
{
	if (s->live_primed || !s->o.live)
		return;
	s->live_primed = true;
	for (unsigned i = 0; s->o.live->probe && i < s->probes && s->probe_list; i++)
		s->o.live->probe(s->o.live->ctx, &s->probe_list[i]);
}

static void periodic(struct ss_session *s, bool force)
{
	uint64_t t = ss_clock_ns(CLOCK_BOOTTIME);

	if (force || t - s->last_lost_ns >= LOST_EVERY_NS) {
		check_lost(s);
		s->last_lost_ns = t;
	}
	if (force || t - s->last_steal_ns >= STEAL_EVERY_NS) {
		ss_steal_sample(&s->steal, t, false);
		s->last_steal_ns = t;
	}
	ss_decoder_flush(s->dec);
	if (force || t - s->last_flush_ns >= FLUSH_EVERY_NS) {
		ss_writer_flush(s->w);
		s->last_flush_ns = t;
	}
}

int ss_session_step(struct ss_session *s, int timeout_ms)
{
	int rc;

	if (s->stopping)
		return 0;
	prime_live(s);
	rc = ss_recorder_poll(s->rec, timeout_ms);
	if (rc < 0 && rc != -EINTR)
		log_warn("reading the ring buffer: %s", strerror(-rc));
	periodic(s, false);
	if (s->have_cmd && ss_launch_poll(&s->cmd) && !s->o.wait_tree)
		s->stopping = true;
	if (s->have_cmd && s->cmd.reaped && s->o.wait_tree &&
	    ss_clock_ns(CLOCK_BOOTTIME) - s->last_tree_ns >= TREE_EVERY_NS) {
		s->last_tree_ns = ss_clock_ns(CLOCK_BOOTTIME);
		if (ss_tree_alive(s->tree) == 0)
			s->stopping = true;
	}
	if (s->o.duration_s > 0 &&
	    (double)(ss_clock_ns(CLOCK_BOOTTIME) - s->start_ns) / 1e9 >= s->o.duration_s)
		s->stopping = s->cut_short = true;
	return !s->stopping;
}

void ss_session_stop(struct ss_session *s, int sig)
{
	s->stopping = s->cut_short = true;
	if (sig == SIGTERM && s->have_cmd && !s->cmd.reaped)
		kill(s->cmd.pid, SIGTERM);
}

void ss_session_progress(struct ss_session *s, uint64_t *events, uint64_t *lost)
{
	struct ss_decoder_stats st;
	uint64_t sum = 0;

	ss_decoder_stats(s->dec, &st);
	for (unsigned c = 0; c < s->ncpus; c++)
		sum += s->lost[c];
	*events = st.events;
	*lost = sum;
}

const struct ss_trace_info *ss_session_info(const struct ss_session *s)
{
	return s->info;
}

int ss_session_pid(const struct ss_session *s)
{
	return s->have_cmd ? s->cmd.pid : 0;
}

/* Gives a command that outlives the recording a moment, then asks it to go. */
static void reap_command(struct ss_launch *l)
{
	static const int steps[] = { 0, SIGTERM, SIGKILL };

	for (unsigned i = 0; i < 3; i++) {
		if (steps[i])
			kill(l->pid, steps[i]);
		for (int t = 0; t < 200 && !ss_launch_poll(l); t++)
			usleep(10000);
		if (l->reaped)
			return;
		if (i == 0)
			log_info("waiting for %s (pid %d) to exit", l->path, l->pid);
	}
}

/* A recording cut short ends what the command started too, as it ends the
 * command: the processes it forked would otherwise run on, orphaned, with
 * nobody watching (a Ctrl-C at the terminal reaches them all anyway; a
 * signal to schedscope alone, or --duration, did not). SIGTERM, up to 2 s,
 * then SIGKILL. A command that ended by itself leaves its daemons be. */
static void end_tree(struct ss_session *s)
{
	unsigned n = ss_tree_signal(s->tree, SIGTERM);
	char what[48];

	if (!n)
		return;
	log_info("ending %s the command left running", fmt_count(what, sizeof(what), n, "process", "processes"));
	for (int t = 0; t < 200 && ss_tree_alive(s->tree); t++)
		usleep(10000);
	if (ss_tree_alive(s->tree))
		ss_tree_signal(s->tree, SIGKILL);
}

static void *close_recorder(void *rec)
{
	ss_recorder_close(rec);
	return NULL;
}

/* The host's device interrupts and their handlers' names, as the kernel
 * lists them (/sys/kernel/irq/N/actions, since 4.16): what a wakeup "from
 * interrupt N" was. *n 0 where the directory is missing. */
static struct ss_irq_name *irq_names_read(size_t *n)
{
	struct ss_irq_name *v = NULL;
	size_t cap = 0;
	DIR *d = opendir("/sys/kernel/irq");
	struct dirent *e;

	*n = 0;
	while (d && (e = readdir(d))) {
		char path[300], line[sizeof(v->name)] = "";
		FILE *f;

		if (e->d_name[0] < '0' || e->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/sys/kernel/irq/%s/actions", e->d_name);
		f = fopen(path, "r");
		if (!f)
			continue;
		if (fgets(line, sizeof(line), f) && line[0] != '\n' && vec_grow((void **)&v, &cap, *n + 1, sizeof(*v))) {
			line[strcspn(line, "\n")] = 0;
			v[*n].irq = (uint32_t)strtoul(e->d_name, NULL, 10);
			snprintf(v[*n].name, sizeof(v[*n].name), "%s", line);
			(*n)++;
		}
		fclose(f);
	}
	if (d)
		closedir(d);
	return v;
}

/* The probes that fired so often that they, not the program, set its pace.
 * The remedy is leaving out what --usdt opted in; schedscope's own probes
 * are always attached (the lessons read them), so for those it is running
 * the program on its own. */
static void warn_busy_probes(struct ss_session *s, uint64_t stop_ns)
{
	double secs = stop_ns > s->start_ns ? (double)(stop_ns - s->start_ns) / 1e9 : 0;
	char remedy[96];

	for (unsigned i = 0; secs > 0 && i < s->probes && i < s->hits_cap && i < s->probe_cap; i++) {
		double rate = (double)s->probe_hits[i] / secs;
		const char *prov = s->probe_list[i].provider;

		if (rate <= PROBE_WARN_PER_S)
			continue;
		if (!strcmp(prov, OWN_PROVIDER))
			snprintf(remedy, sizeof(remedy), "run it without schedscope");
		else
			snprintf(remedy, sizeof(remedy), "record without --usdt %s", prov);
		log_warn("USDT probe %s:%s fired %llu times (%.0f a second): each firing traps into the "
			 "kernel, so it slowed the program; %s for its true pace",
			 prov, s->probe_list[i].name, (unsigned long long)s->probe_hits[i], rate, remedy);
	}
}

/* Interrupt time per CPU and the interrupts' names, into the file (and
 * kept for ss_session_tail()). */
static void write_irqs(struct ss_session *s)
{
	struct ss_irq_time *t = calloc(s->ncpus, sizeof(*t));

	if (!t || ss_recorder_irq_time(s->rec, t, s->ncpus)) {
		free(t);
		return;
	}
	s->irq_time = t;
	s->irq_names = irq_names_read(&s->nirq_names);
	ss_writer_irqs(s->w, t, s->ncpus, s->irq_names, s->nirq_names);
}

int ss_session_finish(struct ss_session *s, struct ss_session_summary *sum)
{
	struct ss_trace_end *end = calloc(1, sizeof(*end));
	struct ss_writer_stats ws;
	struct ss_decoder_stats ds;
	int rc;

	struct ss_flow *flows = NULL;
	size_t nflows = 0;
	uint64_t flows_dropped = 0;

	prime_live(s);
	ss_recorder_detach(s->rec);
	ss_recorder_drain(s->rec);
	periodic(s, true);
	if (ss_recorder_flows(s->rec, &flows, &nflows, &flows_dropped) == 0)
		ss_writer_flows(s->w, flows, nflows, flows_dropped);
	s->flows = flows;          /* kept for ss_session_tail() */
	s->nflows = flows ? nflows : 0;
	write_irqs(s);
	ss_steal_sample(&s->steal, ss_clock_ns(CLOCK_BOOTTIME), true);
	if (s->steal.n)
		ss_writer_steal(s->w, s->steal.ncpus, s->steal.ts, s->steal.cum, s->steal.n);
	warn_busy_probes(s, ss_clock_ns(CLOCK_BOOTTIME));
	if (s->have_cmd)
		reap_command(&s->cmd);
	if (s->cut_short && s->tree)
		end_tree(s);
	if (end) {
		end->stop_ns = ss_clock_ns(CLOCK_BOOTTIME);
		end->missed = ss_recorder_missed(s->rec);
		end->exit_status = s->have_cmd && s->cmd.reaped ? s->cmd.status : -1;
		end->ncpus = s->ncpus;
		for (unsigned c = 0; c < s->ncpus && c < SS_MAX_CPUS; c++) {
			end->lost[c] = s->lost[c];
			end->lost_total += s->lost[c];
		}
	}
	rc = ss_writer_finish(s->w, end, &ws);
	ss_decoder_stats(s->dec, &ds);
	if (sum) {
		memset(sum, 0, sizeof(*sum));
		sum->path = s->path;
		snprintf(sum->old_path, sizeof(sum->old_path), "%s", s->old_path);
		sum->seconds = (double)(ss_clock_ns(CLOCK_BOOTTIME) - s->start_ns) / 1e9;
		sum->events = ws.events;
		sum->file_events = ws.file_events;
		sum->bytes = ws.file_bytes;
		sum->dropped = ws.dropped_events;
		sum->oom_chunks = ws.oom_chunks;
		sum->tasks = ws.tasks;
		sum->file_tasks = ws.file_tasks;
		sum->probe_records = ws.probes;
		sum->stacks = ws.stacks;
		sum->stacks_unsent = ss_recorder_stacks_unsent(s->rec);
		sum->kstacks = ws.kstacks;
		sum->kstacks_lost = ss_recorder_kstacks_failed(s->rec) + ds.kstacks_unread;
		sum->file_probe_records = ws.file_probes;
		sum->write_error = -rc;
		sum->missed = end ? end->missed : 0;
		sum->ncpus = s->ncpus;
		for (unsigned c = 0; c < s->ncpus && c < SS_MAX_CPUS; c++) {
			sum->lost[c] = s->lost[c];
			sum->lost_total += s->lost[c];
		}
		sum->have_status = s->have_cmd && s->cmd.reaped;
		sum->status = s->cmd.status;
		sum->probes = s->probes;
		sum->have_tree = s->tree != NULL;
		sum->alive = s->tree ? ss_tree_alive(s->tree) : 0;
	}
	free(end);
	/* Closing the recorder removes the uprobes, which takes a grace period
	 * each; do it in the background while the caller shows the summary. */
	s->closer_started = pthread_create(&s->closer, NULL, close_recorder, s->rec) == 0;
	if (!s->closer_started)
		ss_recorder_close(s->rec);
	s->rec = NULL;
	return rc;
}

void ss_session_steal(const struct ss_session *s, const uint64_t **ts, const uint64_t **cum, size_t *n)
{
	*ts = s->steal.ts;
	*cum = s->steal.cum;
	*n = s->steal.n;
}

void ss_session_tail(const struct ss_session *s, struct ss_trace_tail *t)
{
	*t = (struct ss_trace_tail){
		.complete = true,
		.flows = s->flows, .nflows = s->nflows,
		.irq_time = s->irq_time, .irq_names = s->irq_names, .nirq_names = s->nirq_names,
		.exit_status = -1,
	};
	ss_session_steal(s, &t->steal_ts, &t->steal_cum, &t->nsteal);
}

void ss_session_free(struct ss_session *s)
{
	if (!s)
		return;
	if (s->closer_started)
		pthread_join(s->closer, NULL);
	ss_recorder_close(s->rec);
	ss_decoder_free(s->dec);
	ss_tree_free(s->tree);
	free(s->info);
	free(s->lost);
	free(s->probe_list);
	free(s->probe_hits);
	ss_steal_free(&s->steal);
	free(s->flows);
	free(s->irq_time);
	free(s->irq_names);
	free(s);
}
