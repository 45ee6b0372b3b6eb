/* procvsthread: processes vs threads, and the cost of switching (进程 vs 线程).
 *
 * Phase 1 runs the same CPU job in N processes, phase 2 in N threads: on N
 * cores both take about as long as one job - creating a process costs a
 * little more, but then a process and a thread run alike. Phase 3 splits the
 * same total work over many more threads than cores, each doing short chunks
 * and giving up the CPU (sched_yield) between them: now the cores also spend
 * time switching between tasks (任务切换), and the switch count explodes.
 * With even more tasks, switching would be all the system does. */
#include "scenarios/common.h"
#include "scenarios/probes.h"

#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <unistd.h>

static const char usage[] =
    "Usage: procvsthread [OPTIONS]\n"
    "Processes vs threads: the same CPU job (a loop of M million steps) runs first\n"
    "in N processes (\"Process-1\"...), then in N threads (\"Thread-1\"...), and each\n"
    "phase is timed. Then the same total work is split over many threads\n"
    "(\"many-1\"...), far more than CPUs, which do short chunks and sched_yield()\n"
    "between them: the time and the number of context switches show what\n"
    "switching between tasks costs.\n"
    "\n"
    "Options:\n"
    "  --workers N     processes in phase 1, threads in phase 2 (default: online CPUs)\n"
    "  --mloops M      the job: M million loop steps per worker (default 300)\n"
    "  --many K        threads in phase 3 (default 64)\n"
    "  --chunk C       loop steps between two sched_yield() in phase 3 (default 20000)\n"
    HELP_SEED_UNUSED
    HELP_HELP;

static long workers, many = 64, chunk = 20000;
static uint64_t job_loops = 300 * 1000000ull;
static volatile uint64_t sink;  /* keeps the compiler from dropping the loops */

/* The CPU job: an LCG step per loop, each step depending on the last. */
static uint64_t compute(uint64_t loops, uint64_t x)
{
    for (uint64_t i = 0; i < loops; i++)
        x = x * 6364136223846793005u + 1442695040888963407u;
    return x;
}

static void run_job(int index)
{
    SS_PROBE_TASK_START(index, job_loops / 1000000);
    uint64_t start = now_ns();
    sink = compute(job_loops, (uint64_t)index);
    SS_PROBE_TASK_END(index, (now_ns() - start) / 1000);
}

static long context_switches(int who)
{
    struct rusage ru;
    getrusage(who, &ru);
    return ru.ru_nvcsw + ru.ru_nivcsw;
}

/* Phase 1 */
static void job_process(void *arg)
{
    run_job((int)(intptr_t)arg);
}

static void phase_processes(void)
{
    pid_t pids[workers];
    long switches = context_switches(RUSAGE_CHILDREN);
    uint64_t start = now_ns();
    SS_PROBE_PHASE(SS_PHASE_PROCESSES, workers);
    for (long i = 0; i < workers; i++) {
        char name[32];
        snprintf(name, sizeof name, "Process-%ld", i + 1);
        pids[i] = process_start(name, job_process, (void *)(intptr_t)(i + 1));
    }
    for (long i = 0; i < workers; i++)
        join_process(pids[i], "Process");
    printf("%ld processes: %.2f s, %ld context switches\n", workers,
           seconds_since(start), context_switches(RUSAGE_CHILDREN) - switches);
}

/* Phase 2 */
static void *job_thread(void *arg)
{
    int index = (int)(intptr_t)arg;
    char name[16];
    snprintf(name, sizeof name, "Thread-%d", index);
    pthread_setname_np(pthread_self(), name);
    SS_PROBE_THREAD_START(index);
    run_job(index);
    SS_PROBE_THREAD_END(index);
    return NULL;
}

/* Phase 3: a share of the total work, in chunks, yielding the CPU between them. */
static void *yielding_thread(void *arg)
{
    int index = (int)(intptr_t)arg;
    char name[16];
    snprintf(name, sizeof name, "many-%d", index);
    pthread_setname_np(pthread_self(), name);
    SS_PROBE_THREAD_START(index);
    uint64_t share = job_loops * (uint64_t)workers / (uint64_t)many, x = (uint64_t)index;
    for (uint64_t done = 0; done < share; done += (uint64_t)chunk) {
        x = compute((uint64_t)chunk, x);
        sched_yield();
    }
    sink = x;
    SS_PROBE_THREAD_END(index);
    return NULL;
}

static void phase_threads(enum ss_phase phase, long count, void *(*fn)(void *), const char *what)
{
    pthread_t *threads = calloc((size_t)count, sizeof *threads);
    if (!threads)
        die("out of memory");
    long switches = context_switches(RUSAGE_SELF);
    uint64_t start = now_ns();
    SS_PROBE_PHASE(phase, count);
    for (long i = 0; i < count; i++)
        threads[i] = thread_start(fn, (void *)(intptr_t)(i + 1));
    for (long i = 0; i < count; i++)
        pthread_join(threads[i], NULL);
    printf("%ld %s: %.2f s, %ld context switches\n", count, what,
           seconds_since(start), context_switches(RUSAGE_SELF) - switches);
    free(threads);
}

int main(int argc, char **argv)
{
    static const struct option options[] = {
        { "workers", required_argument, NULL, 'w' },
        { "mloops", required_argument, NULL, 'l' },
        { "many", required_argument, NULL, 'm' },
        { "chunk", required_argument, NULL, 'c' },
        COMMON_OPTIONS
    };
    workers = cpu_count();

    scenario_init();
    for (int c; (c = getopt_long(argc, argv, COMMON_SHORTOPTS, options, NULL)) != -1;) {
        switch (c) {
        case 'w': workers = opt_long("--workers", optarg, 1, 256); break;
        case 'l': job_loops = (uint64_t)opt_long("--mloops", optarg, 1, 100000) * 1000000u; break;
        case 'm': many = opt_long("--many", optarg, 1, 4096); break;
        case 'c': chunk = opt_long("--chunk", optarg, 1, 1000000000); break;
        default: common_option(c, argv, usage);
        }
    }
    no_more_args(argc, argv);
    SS_PROBE_PHASE(SS_PHASE_START, 0);

    printf("The same job, %llu million loop steps per worker, on %d CPUs:\n",
           (unsigned long long)(job_loops / 1000000), cpu_count());
    phase_processes();
    phase_threads(SS_PHASE_THREADS, workers, job_thread, "threads");
    printf("Now the same total work split over %ld threads, sched_yield() every %ld steps:\n",
           many, chunk);
    phase_threads(SS_PHASE_MANY, many, yielding_thread, "threads");
    SS_PROBE_PHASE(SS_PHASE_END, 0);
    return 0;
}
