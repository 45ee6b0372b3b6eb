/* threads: threading.Thread (多线程). Python's threads are real POSIX threads.
 *
 * The main thread starts one thread named LoopThread, which counts to five
 * with a pause between numbers, and then join()s it. Both threads share the
 * one process: same pid, same memory, each with its own thread id. */
#include "scenarios/common.h"
#include "scenarios/probes.h"

#include <pthread.h>
#include <stdio.h>

static const char usage[] =
    "Usage: threads [OPTIONS]\n"
    "threading.Thread in C: the main thread starts a thread named \"LoopThread\"\n"
    "(pthread_setname_np), which prints 1 to 5 with a pause after each, and waits\n"
    "for it with pthread_join(). (The lesson pauses 1 s; the default here is shorter.)\n"
    "\n"
    "Options:\n"
    "  --pause-ms MS   LoopThread's pause after each number (default 200)\n"
    HELP_SEED_UNUSED
    HELP_HELP;

static long pause_ms = 200;

static void *loop(void *arg)
{
    (void)arg;
    char buf[16];
    pthread_setname_np(pthread_self(), "LoopThread");
    SS_PROBE_THREAD_START(1);
    printf("thread %s is running...\n", thread_name(buf));
    for (int n = 1; n <= 5; n++) {
        printf("thread %s >>> %d\n", thread_name(buf), n);
        sleep_ms(pause_ms);
    }
    printf("thread %s ended.\n", thread_name(buf));
    SS_PROBE_THREAD_END(1);
    return NULL;
}

int main(int argc, char **argv)
{
    static const struct option options[] = {
        { "pause-ms", required_argument, NULL, 'p' },
        COMMON_OPTIONS
    };

    scenario_init();
    for (int c; (c = getopt_long(argc, argv, COMMON_SHORTOPTS, options, NULL)) != -1;) {
        switch (c) {
        case 'p': pause_ms = opt_long("--pause-ms", optarg, 0, 10000); break;
        default: common_option(c, argv, usage);
        }
    }
    no_more_args(argc, argv);
    SS_PROBE_PHASE(SS_PHASE_START, 0);

    char buf[16];
    printf("thread %s is running...\n", thread_name(buf));
    pthread_t t = thread_start(loop, NULL);             /* t.start() */
    SS_PROBE_PHASE(SS_PHASE_JOIN, 1);
    pthread_join(t, NULL);                              /* t.join() */
    printf("thread %s ended.\n", thread_name(buf));
    SS_PROBE_PHASE(SS_PHASE_END, 0);
    return 0;
}
