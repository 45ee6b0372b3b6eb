/* multicore: one busy thread per core (多核CPU).
 *
 * Each thread spins in a loop that never blocks. The kernel runs threads of
 * one process on all cores at once, so with one thread per core every core is
 * 100% busy and the process uses N cores' worth of CPU time. (Python's lesson
 * shows the opposite: its GIL lets only one thread run Python code at a time,
 * so the same program there keeps just one core busy.) */
#include "scenarios/common.h"
#include "scenarios/probes.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

static const char usage[] =
    "Usage: multicore [OPTIONS]\n"
    "Starts one busy-looping thread per CPU (\"busy-0\", \"busy-1\", ...) for a few\n"
    "seconds, so every core runs at 100%. At the end it prints each thread's loop\n"
    "count and the CPU time used against the wall time: about N cores' worth.\n"
    "(A Python version of this stays on one core because of the GIL.)\n"
    "\n"
    "Options:\n"
    "  --threads N     busy threads (default: online CPUs)\n"
    "  --seconds S     how long they spin (default 2; fractions allowed)\n"
    HELP_SEED_UNUSED
    HELP_HELP;

struct busy {
    pthread_t thread;
    int index;
    uint64_t loops;
};

static uint64_t stop_ns;

static void *busy_loop(void *arg)
{
    struct busy *b = arg;
    char name[16];
    snprintf(name, sizeof name, "busy-%d", b->index);
    pthread_setname_np(pthread_self(), name);
    SS_PROBE_THREAD_START(b->index);
    /* x = x ^ 1 forever, as in the lesson, but look at the clock now and then. */
    volatile unsigned x = 0;
    uint64_t loops = 0;
    do {
        for (int i = 0; i < 100000; i++)
            x = x ^ 1;
        loops += 100000;
    } while (now_ns() < stop_ns);
    b->loops = loops;
    SS_PROBE_THREAD_END(b->index);
    return NULL;
}

static double cpu_seconds(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
           (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

int main(int argc, char **argv)
{
    static const struct option options[] = {
        { "threads", required_argument, NULL, 't' },
        { "seconds", required_argument, NULL, 's' },
        COMMON_OPTIONS
    };
    long nthreads = cpu_count(), run_ms = 2000;

    scenario_init();
    for (int c; (c = getopt_long(argc, argv, COMMON_SHORTOPTS, options, NULL)) != -1;) {
        switch (c) {
        case 't': nthreads = opt_long("--threads", optarg, 1, 1024); break;
        case 's': run_ms = opt_seconds_ms("--seconds", optarg, 1, 600000); break;
        default: common_option(c, argv, usage);
        }
    }
    no_more_args(argc, argv);
    SS_PROBE_PHASE(SS_PHASE_START, 0);

    printf("Starting %ld busy thread%s on %d CPU%s for %.1f s...\n",
           nthreads, nthreads == 1 ? "" : "s", cpu_count(), cpu_count() == 1 ? "" : "s", (double)run_ms / 1000);
    struct busy *busy = calloc((size_t)nthreads, sizeof *busy);
    if (!busy)
        die("out of memory");
    uint64_t start = now_ns();
    double cpu_start = cpu_seconds();
    stop_ns = start + (uint64_t)run_ms * 1000000u;
    for (long i = 0; i < nthreads; i++) {
        busy[i].index = (int)i;
        busy[i].thread = thread_start(busy_loop, &busy[i]);
    }
    SS_PROBE_PHASE(SS_PHASE_JOIN, nthreads);
    for (long i = 0; i < nthreads; i++)
        pthread_join(busy[i].thread, NULL);

    double wall_s = seconds_since(start), cpu_s = cpu_seconds() - cpu_start;
    for (long i = 0; i < nthreads; i++)
        printf("busy-%ld looped %.0f million times.\n", i, (double)busy[i].loops / 1e6);
    printf("CPU time %.2f s in %.2f s of wall time: %.0f%%, about %.1f cores busy.\n",
           cpu_s, wall_s, 100 * cpu_s / wall_s, cpu_s / wall_s);
    free(busy);
    SS_PROBE_PHASE(SS_PHASE_END, 0);
    return 0;
}
