/* process: multiprocessing.Process, start() and join() (多进程).
 *
 * Process(target=run_proc, args=('test',)) names a function and its argument;
 * start() forks a child that runs it (process_start() in common.c is exactly
 * fork + name + call + exit); join() waits for the child to end - the usual way
 * to synchronise processes (进程间同步). */
#include "scenarios/common.h"
#include "scenarios/probes.h"

#include <stdio.h>
#include <unistd.h>

static const char usage[] =
    "Usage: process [OPTIONS]\n"
    "multiprocessing.Process in C: the parent starts a child process (\"Process-1\")\n"
    "that runs run_proc(\"test\"), then join()s it, i.e. waits until it has exited.\n"
    "The child keeps a CPU busy for a while so the timeline shows it running while\n"
    "the parent sleeps in wait().\n"
    "\n"
    "Options:\n"
    "  --work-ms MS    how long the child computes (default 1000)\n"
    HELP_SEED_UNUSED
    HELP_HELP;

static long work_ms = 1000;

/* The target function; runs in the child. */
static void run_proc(void *arg)
{
    const char *name = arg;
    printf("Run child process %s (%d)...\n", name, getpid());
    SS_PROBE_TASK_START(0, work_ms);
    uint64_t start = now_ns();
    spin_ms(work_ms);
    SS_PROBE_TASK_END(0, (now_ns() - start) / 1000);
}

int main(int argc, char **argv)
{
    static const struct option options[] = {
        { "work-ms", required_argument, NULL, 'w' },
        COMMON_OPTIONS
    };

    scenario_init();
    for (int c; (c = getopt_long(argc, argv, COMMON_SHORTOPTS, options, NULL)) != -1;) {
        switch (c) {
        case 'w': work_ms = opt_long("--work-ms", optarg, 0, 60000); break;
        default: common_option(c, argv, usage);
        }
    }
    no_more_args(argc, argv);
    SS_PROBE_PHASE(SS_PHASE_START, 0);

    printf("Parent process %d.\n", getpid());
    printf("Process will start.\n");
    pid_t p = process_start("Process-1", run_proc, "test");   /* p.start() */
    SS_PROBE_PHASE(SS_PHASE_JOIN, 1);
    join_process(p, "Process-1");                              /* p.join() */
    printf("Process end.\n");
    SS_PROBE_PHASE(SS_PHASE_END, 0);
    return 0;
}
