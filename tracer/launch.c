/* Launching the command (launch.h). The child becomes the user, applies
 * the knobs, reports "ready" or which step failed over a pipe, then waits
 * on a second pipe for the release before its exec: the recorder learns of
 * a refused knob before anything is recorded, and tracks the pid before
 * the command runs an instruction. A failed exec is reported the same way,
 * so the caller prints why, not an exit status of 127. */
#include "tracer/launch.h"

#include <errno.h>
#include <fcntl.h>
#include <paths.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util/cpulist.h"
#include "util/invoker.h"

extern char **environ;

/* What the held child reports: ready to be released (once, before it waits),
 * or which step failed, and errno. */
enum { STEP_EXEC, STEP_BECOME, STEP_CPUS, STEP_POLICY, STEP_NICE, STEP_READY };
struct child_err {
	int step;
	int err;
};

/* A regular file the caller may execute: with the caller's file rights
 * (AT_EACCESS; access() would ask with the real uid, root's). */
static bool runnable(const char *path, int *err)
{
	struct stat st;

	if (stat(path, &st) || faccessat(AT_FDCWD, path, X_OK, AT_EACCESS)) {
		*err = errno;
		return false;
	}
	if (!S_ISREG(st.st_mode)) {
		*err = 0;
		return false;
	}
	return true;
}

/* Looked up with the user's rights under sudo (util/invoker.h): the user
 * names it, and root's answer would tell them what is behind a directory
 * they cannot open ("No such file" against "Permission denied"). */
static int resolve(const char *cmd, char *path, size_t size, char *err, size_t errlen)
{
	const char *env = getenv("PATH");
	char *dirs, *save = NULL;
	int e = 0;

	if (strchr(cmd, '/')) {
		if (!runnable(cmd, &e)) {
			snprintf(err, errlen, "cannot run %s: %s", cmd, e ? strerror(e) : "not an executable file");
			return -ENOENT;
		}
		snprintf(path, size, "%s", cmd);
		return 0;
	}
	dirs = strdup(env && *env ? env : "/usr/local/bin:/usr/bin:/bin");
	if (!dirs)
		return -ENOMEM;
	for (char *d = strtok_r(dirs, ":", &save); d; d = strtok_r(NULL, ":", &save)) {
		snprintf(path, size, "%s/%s", *d ? d : ".", cmd);
		if (runnable(path, &e)) {
			free(dirs);
			return 0;
		}
	}
	free(dirs);
	snprintf(err, errlen, "command not found: %s", cmd);
	return -ENOENT;
}

int ss_launch_resolve(const char *cmd, char *path, size_t size, char *err, size_t errlen)
{
	struct invoker_fs fs;
	int rc = invoker_fs_enter(&fs);

	if (rc) {
		snprintf(err, errlen, "cannot look up %s as the user behind sudo: %s", cmd, strerror(-rc));
		return rc;
	}
	rc = resolve(cmd, path, size, err, errlen);
	invoker_fs_leave(&fs);
	return rc;
}

/* Whether an environment entry sets one of names. */
static bool sets(const char *entry, const char *const *names)
{
	for (; *names; names++) {
		size_t n = strlen(*names);

		if (!strncmp(entry, *names, n) && entry[n] == '=')
			return true;
	}
	return false;
}

/* The command's environment: ours, except that under sudo HOME, USER,
 * LOGNAME, SHELL and MAIL are the invoking user's, as `sudo -u USER` sets
 * them (sudo gave us root's). Built before fork, since the child must not
 * allocate. Entries from *own on are ours to free. NULL: out of memory. */
static char **user_env(const struct invoker *iv, size_t *own)
{
	static const char *const names[] = { "HOME", "USER", "LOGNAME", "SHELL", "MAIL", NULL };
	size_t n = 0, k = 0;
	char **env;

	while (environ[n])
		n++;
	env = calloc(n + 6, sizeof(*env));
	if (!env)
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (!sets(environ[i], names))
			env[k++] = environ[i];
	*own = k;
	if (asprintf(&env[k++], "USER=%s", iv->name) < 0 ||
	    asprintf(&env[k++], "LOGNAME=%s", iv->name) < 0 ||
	    /* no passwd entry: no home or shell to give, and not root's either */
	    (iv->known && (asprintf(&env[k++], "HOME=%s", iv->home) < 0 ||
			   asprintf(&env[k++], "SHELL=%s", iv->shell) < 0 ||
			   asprintf(&env[k++], "MAIL=%s/%s", _PATH_MAILDIR, iv->name) < 0))) {
		env[k - 1] = NULL;
		for (size_t i = *own; env[i]; i++)
			free(env[i]);
		free(env);
		return NULL;
	}
	return env;
}

static void free_env(char **env, size_t own)
{
	for (size_t i = own; env[i]; i++)
		free(env[i]);
	free(env);
}

/* The knobs, as the user: affinity, then the policy (which keeps the nice
 * value), then nice. 0, or the step that failed with errno set. Only system
 * calls: this runs in the forked child. */
static int apply_knobs(const struct ss_knobs *k, const cpu_set_t *cpus)
{
	struct sched_param sp = { .sched_priority = k ? (int)k->prio : 0 };

	if (!k)
		return 0;
	if (k->set & SS_KNOB_CPUS && sched_setaffinity(0, sizeof(*cpus), cpus))
		return STEP_CPUS;
	if (k->set & SS_KNOB_POLICY && sched_setscheduler(0, (int)k->policy, &sp))
		return STEP_POLICY;
	if (k->set & SS_KNOB_NICE && setpriority(PRIO_PROCESS, 0, k->nice))
		return STEP_NICE;
	return 0;
}

/* The held child: becomes the user, takes the knobs, says it is ready,
 * waits to be released, execs. Only system calls from here (the parent may
 * have threads). */
static void __attribute__((noreturn)) run_child(const struct ss_launch *l, char *const argv[], char **env,
						const struct invoker *iv, int death_sig, pid_t parent,
						const struct ss_knobs *knobs, const cpu_set_t *cpus,
						int go_fd, int err_fd)
{
	struct child_err ce = { STEP_BECOME, 0 };
	char c;

	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGPIPE, SIG_DFL);
	ce.err = -invoker_become(iv);
	if (ce.err) {
		(void)!write(err_fd, &ce, sizeof(ce));
		_exit(126);
	}
	/* after the uid change: changing credentials clears the death signal */
	if (death_sig && (prctl(PR_SET_PDEATHSIG, death_sig) || getppid() != parent))
		_exit(127);             /* schedscope is already gone */
	ce.step = apply_knobs(knobs, cpus);
	ce.err = ce.step ? errno : 0;
	if (!ce.step)
		ce.step = STEP_READY;
	(void)!write(err_fd, &ce, sizeof(ce));
	if (ce.step != STEP_READY)
		_exit(126);
	if (read(go_fd, &c, 1) != 1)
		_exit(127);             /* the recorder gave up before releasing us */
	execve(l->path, argv, env);
	ce.step = STEP_EXEC;
	ce.err = errno;
	(void)!write(err_fd, &ce, sizeof(ce));
	_exit(127);
}

/* Who lacks a privilege, for a message: ": under sudo the command runs as
 * alice (uid 1000), who lacks it", or ", which uid 0 lacks". */
static void who_lacks(char *buf, size_t size)
{
	const struct invoker *iv;

	if (invoker_get(&iv) == 0 && iv->sudo)
		snprintf(buf, size, ": under sudo the command runs as %s (uid %u), who lacks it", iv->name,
			 (unsigned)iv->uid);
	else
		snprintf(buf, size, ", which uid %u lacks", (unsigned)geteuid());
}

/* Why the held child could not get ready, in words. */
static void say_failed(const struct child_err *ce, const struct ss_knobs *k, const char *path, char *err,
		       size_t errlen)
{
	const struct invoker *iv;
	char w[320];

	who_lacks(w, sizeof(w));
	if (ce->step == STEP_BECOME && invoker_get(&iv) == 0)
		snprintf(err, errlen, "cannot run %s as user %s (uid %u): %s", path, iv->name, (unsigned)iv->uid,
			 strerror(ce->err));
	else if (ce->step == STEP_CPUS)
		snprintf(err, errlen, "--cpus %s: %s", k->cpus,
			 ce->err == EINVAL ? "none of those CPUs is allowed here (the cpuset of this session excludes them)"
					   : strerror(ce->err));
	else if (ce->step == STEP_POLICY && (ce->err == EPERM || ce->err == EACCES) &&
		 ss_knobs_policy_rt(k->policy))
		snprintf(err, errlen, "--policy %s needs the privilege to schedule in real time%s (CAP_SYS_NICE, or "
			 "an rtprio limit of %u or more in /etc/security/limits.conf)", ss_knobs_policy_name(k->policy),
			 w, k->prio);
	else if (ce->step == STEP_POLICY)
		snprintf(err, errlen, "--policy %s: %s", ss_knobs_policy_name(k->policy), strerror(ce->err));
	else if (ce->step == STEP_NICE && (ce->err == EPERM || ce->err == EACCES))
		snprintf(err, errlen, "--nice %d needs the privilege to raise priority%s (CAP_SYS_NICE, or a nice "
			 "limit of %d or lower in /etc/security/limits.conf)", k->nice, w, k->nice);
	else if (ce->step == STEP_NICE)
		snprintf(err, errlen, "--nice %d: %s", k->nice, strerror(ce->err));
	else
		snprintf(err, errlen, "cannot run %s: %s", path, strerror(ce->err));
}

int ss_launch_prepare(struct ss_launch *l, char *const argv[], int death_sig, const struct ss_knobs *knobs,
		      char *err, size_t errlen)
{
	struct child_err ce = { STEP_EXEC, EPIPE };
	const struct invoker *iv;
	cpu_set_t cpus;
	char **env = environ;
	ssize_t n;
	size_t own = 0;
	struct stat st;
	pid_t parent = getpid();
	int go[2], ex[2], e;

	memset(l, 0, sizeof(*l));
	l->go_fd = l->err_fd = -1;
	if (ss_launch_resolve(argv[0], l->path, sizeof(l->path), err, errlen))
		return -ENOENT;
	if (invoker_get(&iv)) {
		snprintf(err, errlen, "SUDO_UID or SUDO_GID is not a number: not running %s as anyone", argv[0]);
		return -EINVAL;
	}
	CPU_ZERO(&cpus);
	if (knobs && knobs->set & SS_KNOB_CPUS && cpulist_parse(knobs->cpus, &cpus, err, errlen))
		return -EINVAL;
	if (iv->sudo && !(env = user_env(iv, &own))) {
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	if (pipe2(go, O_CLOEXEC)) {
		e = errno;
		goto fail;
	}
	if (pipe2(ex, O_CLOEXEC)) {
		e = errno;
		close(go[0]);
		close(go[1]);
		goto fail;
	}
	l->pid = fork();
	if (l->pid == 0) {
		close(go[1]);
		close(ex[0]);
		run_child(l, argv, env, iv, death_sig, parent, knobs, &cpus, go[0], ex[1]);
	}
	e = errno;
	if (env != environ)
		free_env(env, own);
	close(go[0]);
	close(ex[1]);
	if (l->pid < 0) {
		close(go[1]);
		close(ex[0]);
		snprintf(err, errlen, "fork: %s", strerror(e));
		return -e;
	}
	l->go_fd = go[1];
	l->err_fd = ex[0];
	if (fstat(go[1], &st) == 0)
		l->go_ino = (uint64_t)st.st_ino;
	/* ready, or why not: the child has become the user and set the knobs */
	do
		n = read(l->err_fd, &ce, sizeof(ce));
	while (n < 0 && errno == EINTR);
	if (n == (ssize_t)sizeof(ce) && ce.step == STEP_READY)
		return 0;
	say_failed(&ce, knobs, l->path, err, errlen);
	ss_launch_abort(l);
	return ce.err ? -ce.err : -EPIPE;
fail:
	if (env != environ)
		free_env(env, own);
	snprintf(err, errlen, "pipe: %s", strerror(e));
	return -e;
}

int ss_launch_release(struct ss_launch *l, char *err, size_t errlen)
{
	struct child_err ce = { 0 };
	ssize_t n;

	(void)!write(l->go_fd, "x", 1);
	close(l->go_fd);
	l->go_fd = -1;
	do
		n = read(l->err_fd, &ce, sizeof(ce));
	while (n < 0 && errno == EINTR);
	close(l->err_fd);
	l->err_fd = -1;
	if (n != (ssize_t)sizeof(ce))
		return 0;
	snprintf(err, errlen, "cannot run %s: %s", l->path, strerror(ce.err));
	return -ce.err;
}

int ss_launch_poll(struct ss_launch *l)
{
	if (l->reaped)
		return 1;
	if (l->pid > 0 && waitpid(l->pid, &l->status, WNOHANG) == l->pid) {
		l->reaped = true;
		return 1;
	}
	return 0;
}

void ss_launch_wait(struct ss_launch *l)
{
	while (!l->reaped && l->pid > 0) {
		if (waitpid(l->pid, &l->status, 0) == l->pid)
			l->reaped = true;
		else if (errno != EINTR)
			break;
	}
}

void ss_launch_abort(struct ss_launch *l)
{
	if (l->go_fd >= 0)
		close(l->go_fd);      /* the held child reads EOF and exits */
	if (l->err_fd >= 0)
		close(l->err_fd);
	l->go_fd = l->err_fd = -1;
	ss_launch_wait(l);
}

int ss_launch_exit_code(int status)
{
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return 1;
}
