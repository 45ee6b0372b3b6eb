#include "tracer/session.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "tracefile/writer.h"
#include "tracer/launch.h"
#include "tracer/recorder.h"
#include "tracer/usdt.h"
#include "util/log.h"
#include "util/vec.h"

#define MAX_PROBES 128
#define FLUSH_EVERY_NS   (1000ull * 1000 * 1000)   /* a crash loses at most ~1 s */
#define LOST_EVERY_NS    (100ull * 1000 * 1000)

struct ss_session {
	struct ss_session_opts o;
	struct ss_recorder *rec;
	struct ss_decoder *dec;
	struct ss_writer *w;
	struct ss_launch cmd;
	bool have_cmd;
	unsigned ncpus;
	uint64_t start_ns, last_flush_ns, last_lost_ns;
	uint64_t *lost;            /* per CPU, as last read */
	bool stopping;
	unsigned probes;
	struct ss_probe *probe_list;  /* for the live sink, handed over at the first step */
	size_t probe_cap;
	bool live_primed;
	const char *path;
	struct ss_trace_info *info;   /* what the file's header says */
	pthread_t closer;
	bool closer_started;
};

static uint64_t now_ns(clockid_t clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static void fan_task(void *ctx, const struct ss_task *t)
{
	struct ss_session *s = ctx;

	ss_writer_task(s->w, t);
	if (s->o.live)
		s->o.live->task(s->o.live->ctx, t);
}

static void fan_event(void *ctx, const struct ss_event *ev)
{
	struct ss_session *s = ctx;

	ss_writer_event(s->w, ev);
	if (s->o.live)
		s->o.live->event(s->o.live->ctx, ev);
}

static void fill_info(struct ss_trace_info *in, const struct ss_session_opts *o, unsigned ncpus,
		      pid_t root)
{
	struct utsname u;
	size_t off = 0;

	memset(in, 0, sizeof(*in));
	in->version = SS_FILE_VERSION;
	in->ncpus = ncpus;
	in->clock_id = CLOCK_BOOTTIME;
	in->start_ns = now_ns(CLOCK_BOOTTIME);
	in->start_wall_ns = now_ns(CLOCK_REALTIME);
	in->flags = (o->all ? SS_TF_ALL : 0) | (o->flows ? SS_TF_FLOWS : 0);
	in->root_pid = (uint32_t)root;
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
static void attach_probes(struct ss_session *s, const char *binary)
{
	struct ss_usdt_probe p[MAX_PROBES];
	int n = ss_usdt_list(binary, p, MAX_PROBES);

	for (int i = 0; i < n; i++) {
		struct ss_probe pr = { .id = s->probes };
		int rc = ss_recorder_attach_usdt(s->rec, binary, p[i].provider, p[i].name, s->probes);

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
		s->probes++;
	}
}

/* Under sudo the file belongs to the user who asked for it. */
static void give_to_sudo_user(const char *path)
{
	uid_t uid;
	gid_t gid;

	if (ss_launch_sudo_user(&uid, &gid) && chown(path, uid, gid))
		log_warn("cannot give %s to uid %u: %s", path, (unsigned)uid, strerror(errno));
}

int ss_session_start(struct ss_session **out, const struct ss_session_opts *o,
		     char *err, size_t errlen)
{
	struct ss_session *s = calloc(1, sizeof(*s));
	struct ss_recorder_opts ro = { .all = o->all, .buffer_mb = o->buffer_mb, .flows = o->flows };
	struct ss_decoder_sink sink = { .task = fan_task, .event = fan_event, .ctx = s };
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

	s->ncpus = ss_recorder_possible_cpus();
	s->lost = calloc(s->ncpus, sizeof(*s->lost));
	s->dec = ss_decoder_new(s->ncpus, &sink);
	info = malloc(sizeof(*info));
	if (!s->lost || !s->dec || !info) {
		snprintf(err, errlen, "out of memory");
		rc = -ENOMEM;
		goto fail;
	}
	ro.on_record = ss_decoder_record;
	ro.ctx = s->dec;
	rc = ss_recorder_open(&s->rec, &ro, err, errlen);
	if (rc)
		goto fail;

	if (s->have_cmd && (rc = ss_launch_prepare(&s->cmd, o->argv, err, errlen)))
		goto fail;
	fill_info(info, o, s->ncpus, s->have_cmd ? s->cmd.pid : 0);
	s->w = ss_writer_open(o->out_path, info, err, errlen);
	if (!s->w) {
		rc = -EIO;
		goto fail;
	}
	give_to_sudo_user(o->out_path);
	if (s->have_cmd && (rc = ss_recorder_track(s->rec, s->cmd.pid))) {
		snprintf(err, errlen, "cannot track pid %d: %s", s->cmd.pid, strerror(-rc));
		goto fail;
	}
	rc = ss_recorder_attach(s->rec, err, errlen);
	if (rc)
		goto fail;
	if (s->have_cmd)
		attach_probes(s, s->cmd.path);
	for (int i = 0; o->usdt_binaries && o->usdt_binaries[i]; i++)
		attach_probes(s, o->usdt_binaries[i]);

	s->start_ns = info->start_ns;
	s->last_flush_ns = s->last_lost_ns = now_ns(CLOCK_BOOTTIME);
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
	if (s->w) {
		ss_writer_close(s->w, NULL);
		unlink(o->out_path);
	}
	ss_recorder_close(s->rec);
	ss_decoder_free(s->dec);
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
	uint64_t *now = calloc(s->ncpus, sizeof(*now)), t = now_ns(CLOCK_BOOTTIME);

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
	uint64_t t = now_ns(CLOCK_BOOTTIME);

	if (force || t - s->last_lost_ns >= LOST_EVERY_NS) {
		check_lost(s);
		s->last_lost_ns = t;
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
	if (s->have_cmd && ss_launch_poll(&s->cmd))
		s->stopping = true;
	if (s->o.duration_s > 0 &&
	    (double)(now_ns(CLOCK_BOOTTIME) - s->start_ns) / 1e9 >= s->o.duration_s)
		s->stopping = true;
	return !s->stopping;
}

void ss_session_stop(struct ss_session *s, int sig)
{
	s->stopping = true;
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

static void *close_recorder(void *rec)
{
	ss_recorder_close(rec);
	return NULL;
}

int ss_session_finish(struct ss_session *s, struct ss_session_summary *sum)
{
	struct ss_trace_end *end = calloc(1, sizeof(*end));
	struct ss_writer_stats ws;
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
	free(flows);
	if (s->have_cmd)
		reap_command(&s->cmd);
	ss_writer_stats(s->w, &ws);
	if (end) {
		end->stop_ns = now_ns(CLOCK_BOOTTIME);
		end->events = ws.events;
		end->missed = ss_recorder_missed(s->rec);
		end->exit_status = s->have_cmd && s->cmd.reaped ? s->cmd.status : -1;
		end->ncpus = s->ncpus;
		for (unsigned c = 0; c < s->ncpus && c < SS_MAX_CPUS; c++) {
			end->lost[c] = s->lost[c];
			end->lost_total += s->lost[c];
		}
	}
	if (sum) {
		memset(sum, 0, sizeof(*sum));
		sum->path = s->path;
		sum->seconds = (double)(now_ns(CLOCK_BOOTTIME) - s->start_ns) / 1e9;
		sum->events = ws.events;
		sum->missed = end ? end->missed : 0;
		sum->ncpus = s->ncpus;
		for (unsigned c = 0; c < s->ncpus && c < SS_MAX_CPUS; c++) {
			sum->lost[c] = s->lost[c];
			sum->lost_total += s->lost[c];
		}
		sum->have_status = s->have_cmd && s->cmd.reaped;
		sum->status = s->cmd.status;
		sum->probes = s->probes;
	}
	rc = ss_writer_close(s->w, end);
	if (sum) {
		/* the writer's byte count is final only after close; re-derive from the file */
		FILE *f = fopen(s->path, "rb");

		if (f) {
			fseek(f, 0, SEEK_END);
			sum->bytes = (uint64_t)ftell(f);
			fclose(f);
		}
		sum->dropped = ws.dropped_events;
		sum->write_error = -rc;
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

void ss_session_free(struct ss_session *s)
{
	if (!s)
		return;
	if (s->closer_started)
		pthread_join(s->closer, NULL);
	ss_recorder_close(s->rec);
	ss_decoder_free(s->dec);
	free(s->info);
	free(s->lost);
	free(s->probe_list);
	free(s);
}
