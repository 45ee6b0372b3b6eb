/* fork: the chapter's first example (多进程, os.fork()).
 *
 * fork() makes a copy of the calling process and returns twice: 0 in the new
 * child, the child's pid in the parent. Python's example lets the parent run
 * off; here the parent waits for its child, as a well-behaved parent should
 * (otherwise the child lingers as a zombie until someone reaps it). */
#include "scenarios/common.h"
#include "scenarios/probes.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static const char usage[] =
    "Usage: fork [OPTIONS]\n"
    "The chapter's first example: the process calls fork(), which returns twice -\n"
    "0 in the new child and the child's pid in the parent. The child prints its pid\n"
    "and its parent's pid, sleeps a while and exits; the parent prints the child's\n"
    "pid and waits for it. Child process name: \"child\".\n"
    "\n"
    "Options:\n"
    "  --child-ms MS   how long the child sleeps before it exits (default 500)\n"
    HELP_SEED_UNUSED
    HELP_HELP;

int main(int argc, char **argv)
{
    static const struct option options[] = {
        { "child-ms", required_argument, NULL, 'c' },
        COMMON_OPTIONS
    };
    long child_ms = 500;

    scenario_init();
    for (int c; (c = getopt_long(argc, argv, COMMON_SHORTOPTS, options, NULL)) != -1;) {
        switch (c) {
        case 'c': child_ms = opt_long("--child-ms", optarg, 0, 60000); break;
        default: common_option(c, argv, usage);
        }
    }
    no_more_args(argc, argv);
    SS_PROBE_PHASE(SS_PHASE_START, 0);

    printf("Process (%d) start...\n", getpid());
    pid_t pid = fork();
    if (pid < 0)
        die_errno("fork");
    SS_PROBE_FORK_RETURN(pid);      /* in both processes: what fork() returned here */
    if (pid == 0) {
        /* Only the child gets here: it has the same code, data and open files. */
        name_process("child");
        printf("I am child process (%d) and my parent is %d.\n", getpid(), getppid());
        sleep_ms(child_ms);
        exit(0);
    }
    printf("I (%d) just created a child process (%d).\n", getpid(), pid);

    SS_PROBE_PHASE(SS_PHASE_JOIN, 1);
    join_process(pid, "child");
    SS_PROBE_PHASE(SS_PHASE_END, 0);
    return 0;
}
