#include "tracer/launch.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

int ss_launch_resolve(const char *cmd, char *path, size_t size, char *err, size_t errlen)
{
	const char *env = getenv("PATH");
	char *dirs, *save = NULL;
	struct stat st;

	if (strchr(cmd, '/')) {
		if (stat(cmd, &st) || !S_ISREG(st.st_mode) || access(cmd, X_OK)) {
			snprintf(err, errlen, "cannot run %s: %s", cmd,
				 errno ? strerror(errno) : "not an executable file");
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
		if (stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0) {
			free(dirs);
			return 0;
		}
	}
	free(dirs);
	snprintf(err, errlen, "command not found: %s", cmd);
	return -ENOENT;
}

bool ss_launch_sudo_user(uid_t *uid, gid_t *gid)
{
	const char *u = getenv("SUDO_UID"), *g = getenv("SUDO_GID");

	if (geteuid() != 0 || !u || !g || !*u || !*g)
		return false;
	*uid = (uid_t)strtoul(u, NULL, 10);
	*gid = (gid_t)strtoul(g, NULL, 10);
	return *uid != 0;
}

static void drop_to_sudo_user(void)
{
	uid_t uid;
	gid_t gid;
	struct passwd *pw;

	if (!ss_launch_sudo_user(&uid, &gid))
		return;
	pw = getpwuid(uid);
	if ((pw ? initgroups(pw->pw_name, gid) : setgroups(0, NULL)) || setgid(gid) || setuid(uid)) {
		(void)!write(STDERR_FILENO, "schedscope: cannot drop to the sudo user\n", 41);
		_exit(126);
	}
}

int ss_launch_prepare(struct ss_launch *l, char *const argv[], char *err, size_t errlen)
{
	int go[2], ex[2];
	char c;

	memset(l, 0, sizeof(*l));
	l->go_fd = l->err_fd = -1;
	if (ss_launch_resolve(argv[0], l->path, sizeof(l->path), err, errlen))
		return -ENOENT;
	if (pipe2(go, O_CLOEXEC) || pipe2(ex, O_CLOEXEC)) {
		snprintf(err, errlen, "pipe: %s", strerror(errno));
		return -errno;
	}
	l->pid = fork();
	if (l->pid < 0) {
		snprintf(err, errlen, "fork: %s", strerror(errno));
		return -errno;
	}
	if (l->pid == 0) {
		int e;

		close(go[1]);
		close(ex[0]);
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		signal(SIGPIPE, SIG_DFL);
		if (read(go[0], &c, 1) != 1)
			_exit(127);       /* the recorder gave up before releasing us */
		drop_to_sudo_user();
		execv(l->path, argv);
		e = errno;
		(void)!write(ex[1], &e, sizeof(e));
		_exit(127);
	}
	close(go[0]);
	close(ex[1]);
	l->go_fd = go[1];
	l->err_fd = ex[0];
	return 0;
}

int ss_launch_release(struct ss_launch *l, char *err, size_t errlen)
{
	int e = 0;
	ssize_t n;

	(void)!write(l->go_fd, "x", 1);
	close(l->go_fd);
	l->go_fd = -1;
	do
		n = read(l->err_fd, &e, sizeof(e));
	while (n < 0 && errno == EINTR);
	close(l->err_fd);
	l->err_fd = -1;
	if (n == (ssize_t)sizeof(e)) {
		snprintf(err, errlen, "cannot run %s: %s", l->path, strerror(e));
		return -e;
	}
	return 0;
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
