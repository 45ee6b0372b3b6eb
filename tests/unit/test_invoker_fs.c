/*
 * A root process acting under sudo looks at what the user names with the
 * user's file rights (util/invoker.h, invoker_fs_enter): a file only root may
 * read stays closed while switched, opens again after, and the files behind
 * a stack (symbols/fileid.c) are identified only if the user could read
 * them. Root only: the switch is root's; as another user each test says so
 * and skips. The user is nobody (65534), named the way sudo names it.
 */
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "model/stacks.h"
#include "symbols/fileid.h"
#include "tracer/procmaps.h"
#include "util/invoker.h"

static char dir[] = "/tmp/schedscope-invoker-fs.XXXXXX";
static char secret[64], prog[64];

static int setup(void **state)
{
	(void)state;
	if (geteuid() != 0)
		return 0;
	/* before the first invoker_get(): it reads them once */
	setenv("SUDO_UID", "65534", 1);
	setenv("SUDO_GID", "65534", 1);
	if (!mkdtemp(dir) || chmod(dir, 0755))
		return -1;
	snprintf(secret, sizeof(secret), "%s/secret", dir);
	snprintf(prog, sizeof(prog), "%s/prog", dir);
	FILE *f = fopen(secret, "w");
	if (!f || fputs("root's\n", f) < 0 || fclose(f) || chmod(secret, 0600))
		return -1;
	/* a program the user may run but not read: /bin/true has a build id */
	char cmd[256];
	snprintf(cmd, sizeof(cmd), "cp /bin/true %s && chmod 0711 %s", prog, prog);
	return system(cmd) ? -1 : 0;
}

static int teardown(void **state)
{
	(void)state;
	if (secret[0])
		unlink(secret);
	if (prog[0])
		unlink(prog);
	rmdir(dir);
	return 0;
}

static bool opens(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd >= 0)
		close(fd);
	return fd >= 0;
}

static void test_switch_and_back(void **state)
{
	const struct invoker *iv;
	struct invoker_fs fs;

	(void)state;
	if (geteuid() != 0)
		skip();
	assert_int_equal(invoker_get(&iv), 0);
	assert_true(iv->sudo);
	assert_true(opens(secret));
	assert_int_equal(invoker_fs_enter(&fs), 0);
	assert_false(opens(secret));
	assert_int_equal(errno, EACCES);
	assert_true(opens(prog) == false);                       /* 0711: run, not read */
	assert_int_equal(syscall(SYS_setfsuid, -1), 65534);
	invoker_fs_leave(&fs);
	assert_int_equal(syscall(SYS_setfsuid, -1), 0);
	assert_true(opens(secret));
	assert_true(opens(prog));
}

/* Root keeps CAP_SYS_PTRACE when only its fsuid changes, and with it the
 * /proc/PID/cwd of a root process opens for the user's name: past a
 * directory closed to them, to a file they could not reach. Switched, the
 * thread has no effective capabilities, and the kernel says no as it does
 * to the user; after, root's are back. */
static void test_no_capabilities_while_switched(void **state)
{
	char closed[96], open_dir[128], file[160], via[96];
	pid_t child;
	int fd, status;
	struct invoker_fs fs;

	(void)state;
	if (geteuid() != 0)
		skip();
	snprintf(closed, sizeof(closed), "%s/closed", dir);
	snprintf(open_dir, sizeof(open_dir), "%s/open", closed);
	snprintf(file, sizeof(file), "%s/f", open_dir);
	assert_int_equal(mkdir(closed, 0700), 0);
	assert_int_equal(mkdir(open_dir, 0755), 0);
	fd = open(file, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	assert_true(fd >= 0);
	close(fd);
	child = fork();
	assert_true(child >= 0);
	if (child == 0) {
		if (chdir(open_dir) == 0)
			pause();
		_exit(1);
	}
	snprintf(via, sizeof(via), "/proc/%d/cwd/f", (int)child);
	for (int i = 0; i < 200; i++) {         /* until the child is in open_dir */
		char link[64], cwd[160];
		ssize_t n;

		snprintf(link, sizeof(link), "/proc/%d/cwd", (int)child);
		n = readlink(link, cwd, sizeof(cwd) - 1);
		if (n > 0 && (size_t)n == strlen(open_dir))
			break;
		usleep(5000);
	}
	assert_true(opens(via));
	assert_int_equal(invoker_fs_enter(&fs), 0);
	bool opened = opens(via), denied = errno == EACCES;
	invoker_fs_leave(&fs);
	bool back = opens(via);
	kill(child, SIGKILL);
	waitpid(child, &status, 0);
	unlink(file);
	rmdir(open_dir);
	rmdir(closed);
	assert_false(opened);
	assert_true(denied);
	assert_true(back);
}

static void no_maps(void *ctx, const struct ss_maps *m)
{
	(void)ctx;
	(void)m;
}

/* A stack's mappings are read with the user's rights: the kernel checks
 * them when /proc/PID/maps is opened, on the process as it is then (the
 * decoder's own answer is older: the process may have become a setuid
 * program since). Root's own child is not the user's: nothing is read. */
static void test_maps_read_with_the_users_rights(void **state)
{
	struct ss_sink sink = { .maps = no_maps };
	struct ss_procmaps *pm;
	uint64_t pc = (uint64_t)(uintptr_t)&pause;   /* in libc, mapped alike in the child */
	pid_t child, users;
	int status, go[2];

	(void)state;
	if (geteuid() != 0)
		skip();
	child = fork();
	assert_true(child >= 0);
	if (child == 0) {
		pause();
		_exit(0);
	}
	/* and one that is the user's: theirs by setuid() and an exec (the
	 * exec makes it dumpable again), once it has exec'ed */
	assert_int_equal(pipe(go), 0);
	users = fork();
	assert_true(users >= 0);
	if (users == 0) {
		close(go[0]);
		if (setgid(65534) || setuid(65534))
			_exit(1);
		fcntl(go[1], F_SETFD, FD_CLOEXEC);
		execl("/bin/sleep", "sleep", "30", (char *)NULL);
		_exit(1);
	}
	close(go[1]);
	assert_int_equal(read(go[0], &status, 1), 0);   /* EOF: it has exec'ed */
	close(go[0]);
	pm = ss_procmaps_new();
	assert_non_null(pm);
	uint32_t roots = ss_procmaps_for(pm, (uint32_t)child, &pc, 1, 1, &sink);
	uint32_t theirs = ss_procmaps_for(pm, (uint32_t)users, &pc, 1, 1, &sink);
	ss_procmaps_free(pm);
	kill(child, SIGKILL);
	kill(users, SIGKILL);
	waitpid(child, &status, 0);
	waitpid(users, &status, 0);
	assert_int_equal(roots, 0);
	assert_true(theirs > 0);
}

static void test_file_identified_with_the_users_rights(void **state)
{
	struct ss_map mp = { 0 };
	struct stat st;

	(void)state;
	if (geteuid() != 0)
		skip();
	assert_int_equal(stat(prog, &st), 0);
	snprintf(mp.path, sizeof(mp.path), "%s", prog);
	mp.ino = st.st_ino;
	ss_file_identify(&mp);
	/* size and mtime: stat() needs no read right, the user may stat it */
	assert_int_equal(mp.size, (uint64_t)st.st_size);
	assert_int_equal(mp.build_id_len, 0);
	/* the same file, readable by the user: identified, build id and all */
	assert_int_equal(chmod(prog, 0755), 0);
	ss_file_identify(&mp);
	assert_true(mp.build_id_len > 0);
	assert_int_equal(chmod(prog, 0711), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_switch_and_back),
		cmocka_unit_test(test_no_capabilities_while_switched),
		cmocka_unit_test(test_maps_read_with_the_users_rights),
		cmocka_unit_test(test_file_identified_with_the_users_rights),
	};

	if (geteuid() != 0)
		fprintf(stderr, "test_invoker_fs: needs root (the switch is root's); skipped\n");
	return cmocka_run_group_tests(tests, setup, teardown);
}
