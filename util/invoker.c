/* Who we act for (invoker.h), read once (pthread_once) from SUDO_UID,
 * SUDO_GID and the passwd entry. Becoming the user sets the groups, then
 * the gid, then the uid, in that order because each step needs the
 * privilege the next one drops, and then checks that root cannot be taken
 * back; a malformed id fails rather than falling back to root. */
#include "util/invoker.h"

#include <errno.h>
#include <grp.h>
#include <pthread.h>
#include <pwd.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/capability.h>

static struct invoker self;
static int self_rc;
static pthread_once_t once = PTHREAD_ONCE_INIT;

/* A decimal id and nothing else: sudo writes them, so anything else means the
 * environment did not come from sudo, and we will not guess. */
static int parse_id(const char *s, unsigned long *out)
{
	char *end;

	if (!s[0] || s[0] < '0' || s[0] > '9')
		return -EINVAL;
	errno = 0;
	*out = strtoul(s, &end, 10);
	if (errno || *end || *out >= UINT32_MAX)
		return -EINVAL;
	return 0;
}

static void load_groups(struct invoker *iv)
{
	int n = 64;

	for (;;) {
		gid_t *g = malloc((size_t)n * sizeof(*g));
		int want = n;

		if (!g)
			break;
		if (getgrouplist(iv->name, iv->gid, g, &want) >= 0) {
			iv->groups = g;
			iv->ngroups = want;
			return;
		}
		free(g);
		if (want <= n)
			break;
		n = want;
	}
	/* no list: the primary group alone, never root's groups */
	iv->groups = malloc(sizeof(*iv->groups));
	if (iv->groups) {
		iv->groups[0] = iv->gid;
		iv->ngroups = 1;
	}
}

static void load(void)
{
	const char *u = getenv("SUDO_UID"), *g = getenv("SUDO_GID"), *name = getenv("SUDO_USER");
	unsigned long uid, gid;
	struct passwd *pw;

	self.uid = geteuid();
	self.gid = getegid();
	if (self.uid != 0 || !u || !g)
		return;
	if (parse_id(u, &uid) || parse_id(g, &gid)) {
		self_rc = -EINVAL;
		return;
	}
	if (uid == 0)
		return;                 /* root acting for root: nothing to drop */
	self.sudo = true;
	self.uid = (uid_t)uid;
	self.gid = (gid_t)gid;
	pw = getpwuid(self.uid);
	if (pw) {
		self.known = true;
		snprintf(self.name, sizeof(self.name), "%s", pw->pw_name);
		snprintf(self.home, sizeof(self.home), "%s", pw->pw_dir);
		snprintf(self.shell, sizeof(self.shell), "%s", pw->pw_shell && *pw->pw_shell ? pw->pw_shell : "/bin/sh");
		load_groups(&self);
	} else {
		snprintf(self.name, sizeof(self.name), "%s", name && *name ? name : u);
	}
	if (!self.groups) {
		self.groups = malloc(sizeof(*self.groups));
		if (!self.groups) {
			self_rc = -ENOMEM;
			return;
		}
		self.groups[0] = self.gid;
		self.ngroups = 1;
	}
}

int invoker_get(const struct invoker **out)
{
	pthread_once(&once, load);
	*out = &self;
	return self_rc;
}

int invoker_become(const struct invoker *iv)
{
	if (!iv->sudo)
		return 0;
	if (setgroups((size_t)iv->ngroups, iv->groups) || setgid(iv->gid) || setuid(iv->uid))
		return -errno;
	if (setuid(0) == 0 || geteuid() != iv->uid || getegid() != iv->gid)
		return -EPERM;          /* root could be taken back: do nothing */
	return 0;
}

int invoker_drop(void)
{
	const struct invoker *iv;
	int rc = invoker_get(&iv);

	if (rc || !self.sudo)
		return rc;
	rc = invoker_become(&self);
	if (!rc) {
		self.sudo = false;     /* this process is the user now: nothing to switch */
		self.dropped = true;
	}
	return rc;
}

/* setfsuid() and setfsgid() say nothing of failure: they return the old
 * value, and asking with -1 (never valid) returns the current one. */
static long fs_id(long nr, long id)
{
	return syscall(nr, id);
}

/* The calling thread's effective capabilities (capget/capset with pid 0
 * are the thread's own; libcap is not needed for two words). */
static int caps_get(uint32_t eff[2])
{
	struct __user_cap_header_struct h = { .version = _LINUX_CAPABILITY_VERSION_3, .pid = 0 };
	struct __user_cap_data_struct d[2];

	if (syscall(SYS_capget, &h, d))
		return -1;
	eff[0] = d[0].effective;
	eff[1] = d[1].effective;
	return 0;
}

/* Sets the thread's effective capabilities, the others as they are. */
static int caps_set_effective(const uint32_t eff[2])
{
	struct __user_cap_header_struct h = { .version = _LINUX_CAPABILITY_VERSION_3, .pid = 0 };
	struct __user_cap_data_struct d[2];

	if (syscall(SYS_capget, &h, d))
		return -1;
	d[0].effective = eff[0];
	d[1].effective = eff[1];
	return (int)syscall(SYS_capset, &h, d);
}

int invoker_fs_enter(struct invoker_fs *s)
{
	const struct invoker *iv;
	int rc = invoker_get(&iv), n;

	s->on = false;
	if (rc)
		return rc;
	if (!iv->sudo)
		return 0;
	n = getgroups((int)(sizeof(s->groups) / sizeof(s->groups[0])), s->groups);
	if (n < 0)
		return -errno;
	s->ngroups = n;
	s->fsgid = (gid_t)fs_id(SYS_setfsgid, -1);
	s->fsuid = (uid_t)fs_id(SYS_setfsuid, -1);
	if (syscall(SYS_setgroups, (size_t)iv->ngroups, iv->groups))
		return -errno;
	if (caps_get(s->cap_eff)) {
		rc = -errno;
		syscall(SYS_setgroups, (size_t)s->ngroups, s->groups);
		return rc;
	}
	s->on = true;         /* from here on, leave puts back what changed */
	fs_id(SYS_setfsgid, (long)iv->gid);
	fs_id(SYS_setfsuid, (long)iv->uid);
	if ((uid_t)fs_id(SYS_setfsuid, -1) != iv->uid || (gid_t)fs_id(SYS_setfsgid, -1) != iv->gid ||
	    caps_set_effective((const uint32_t[2]){ 0, 0 })) {
		invoker_fs_leave(s);
		return -EPERM;
	}
	return 0;
}

void invoker_fs_leave(struct invoker_fs *s)
{
	if (!s->on)
		return;
	/* the capabilities first: with them the right to set the rest */
	if (caps_set_effective(s->cap_eff))
		abort();       /* root's rights lost on this thread: stop rather than run on wrong */
	/* then uid: root's file capabilities come back with fsuid 0 */
	fs_id(SYS_setfsuid, (long)s->fsuid);
	fs_id(SYS_setfsgid, (long)s->fsgid);
	if (syscall(SYS_setgroups, (size_t)s->ngroups, s->groups))
		abort();       /* root's groups lost on this thread: stop rather than run on wrong */
	s->on = false;
}
