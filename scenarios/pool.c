/* pool: multiprocessing.Pool (进程池).
 *
 * The pool forks its workers first. The parent then submits tasks
 * (apply_async) by writing them into one shared task pipe; every idle worker
 * blocks in read() on that pipe, and the kernel hands each record to exactly
 * one of them. A worker runs one task at a time, so with 4 workers and 5 tasks
 * the fifth waits until some worker is free. close() is closing the pipe's
 * write end: when the pipe is empty the workers read end-of-file and exit.
 * join() waits for all of them. */
#include "scenarios/common.h"
#include "scenarios/probes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char usage[] =
    "Usage: pool [OPTIONS]\n"
    "multiprocessing.Pool in C: N worker processes (\"PoolWorker-1\"...) are forked\n"
    "first; the parent submits T tasks into a shared task pipe, each idle worker\n"
    "takes the next task, runs it, and comes back for another. Each task sleeps\n"
    "(or computes) for a random time. Then the parent close()s the pool - no more\n"
    "tasks - and join()s it: it waits until every worker has exited. With more\n"
    "tasks than workers, the extra tasks wait for a free worker.\n"
    "\n"
    "Options:\n"
    "  --workers N     worker processes (default: online CPUs)\n"
    "  --tasks T       tasks to submit (default 5)\n"
    "  --work KIND     what a task does: sleep or cpu (default sleep)\n"
    "  --max-ms MS     a task lasts a random 0..MS milliseconds (default 3000)\n"
    HELP_SEED
    HELP_HELP;

/* One record in the task pipe. The parent writes each with one write() and a
 * worker reads each with one read() of the same size; both are far below
 * PIPE_BUF, so a record is never split or shared between two workers. */
struct task {
    int32_t id;
    int32_t ms;     /* drawn by the parent, so --seed repeats them whoever runs the task */
};

static bool work_cpu;

static void long_time_task(const struct task *t)
{
    printf("Run task %d (%d)...\n", t->id, getpid());
    SS_PROBE_TASK_START(t->id, t->ms);
    uint64_t start = now_ns();
    if (work_cpu)
        spin_ms(t->ms);
    else
        sleep_ms(t->ms);
    uint64_t dur_ns = now_ns() - start;
    SS_PROBE_TASK_END(t->id, dur_ns / 1000);
    printf("Task %d runs %0.2f seconds.\n", t->id, (double)dur_ns / 1e9);
}

struct pool_pipes {
    int task[2];    /* tasks, parent -> workers */
    int ready[2];   /* one byte per worker that has started */
};

/* A worker's whole life: take a task, run it, repeat until close(). */
static void pool_worker(void *arg)
{
    struct pool_pipes *p = arg;
    /* Workers only read. Forked with the write end open, a worker must close it,
     * or the pipe would never report end-of-file to anyone after close(). */
    close(p->task[1]);
    close(p->ready[0]);
    if (write_full(p->ready[1], "r", 1) < 0)
        die_errno("reporting ready");
    close(p->ready[1]);
    struct task t;
    ssize_t n;
    while ((n = read(p->task[0], &t, sizeof t)) == sizeof t) {
        SS_PROBE_GET(SS_QUEUE_TASKS, t.id);
        long_time_task(&t);
    }
    if (n < 0)
        die_errno("reading the task pipe");
    if (n != 0)
        die("a torn task record of %zd bytes", n);
}

int main(int argc, char **argv)
{
    static const struct option options[] = {
        { "workers", required_argument, NULL, 'w' },
        { "tasks", required_argument, NULL, 't' },
        { "work", required_argument, NULL, 'k' },
        { "max-ms", required_argument, NULL, 'm' },
        COMMON_OPTIONS
    };
    long workers = cpu_count(), tasks = 5, max_ms = 3000;

    scenario_init();
    for (int c; (c = getopt_long(argc, argv, COMMON_SHORTOPTS, options, NULL)) != -1;) {
        switch (c) {
        case 'w': workers = opt_long("--workers", optarg, 1, 256); break;
        case 't': tasks = opt_long("--tasks", optarg, 0, 10000); break;
        case 'm': max_ms = opt_long("--max-ms", optarg, 0, 60000); break;
        case 'k':
            if (strcmp(optarg, "cpu") != 0 && strcmp(optarg, "sleep") != 0)
                usage_error("--work is sleep or cpu, not '%s'", optarg);
            work_cpu = strcmp(optarg, "cpu") == 0;
            break;
        default: common_option(c, argv, usage);
        }
    }
    no_more_args(argc, argv);
    SS_PROBE_PHASE(SS_PHASE_START, 0);

    printf("Parent process %d.\n", getpid());
    struct pool_pipes pp;
    if (pipe(pp.task) < 0 || pipe(pp.ready) < 0)
        die_errno("pipe");
    int *task_pipe = pp.task;

    /* Pool(): the workers exist before any task does. */
    pid_t *pids = calloc((size_t)workers, sizeof *pids);
    if (!pids)
        die("out of memory");
    for (long i = 0; i < workers; i++) {
        char name[32];
        snprintf(name, sizeof name, "PoolWorker-%ld", i + 1);
        pids[i] = process_start(name, pool_worker, &pp);
    }
    close(task_pipe[0]);

    /* Pool() returns with its workers up and waiting: each has said it started,
     * and a moment later is asleep in read() on the empty task pipe. So the
     * timeline shows what the lesson says: idle workers wait for tasks. */
    close(pp.ready[1]);
    for (long i = 0; i < workers; i++) {
        char c;
        if (read(pp.ready[0], &c, 1) != 1)
            die("a worker died before it started");
    }
    close(pp.ready[0]);
    sleep_ms(10);

    /* apply_async(long_time_task, (i,)) for each task. */
    for (long i = 0; i < tasks; i++) {
        struct task t = { .id = (int32_t)i, .ms = (int32_t)rng_below(max_ms + 1) };
        SS_PROBE_PUT(SS_QUEUE_TASKS, t.id);     /* before the write: put precedes its get */
        if (write_full(task_pipe[1], &t, sizeof t) < 0)
            die_errno("writing the task pipe");
    }
    printf("Waiting for all subprocesses done...\n");

    SS_PROBE_PHASE(SS_PHASE_CLOSE, tasks);
    close(task_pipe[1]);                        /* p.close() */
    SS_PROBE_PHASE(SS_PHASE_JOIN, workers);
    for (long i = 0; i < workers; i++)          /* p.join() */
        join_process(pids[i], "PoolWorker");
    printf("All subprocesses done.\n");
    free(pids);
    SS_PROBE_PHASE(SS_PHASE_END, 0);
    return 0;
}
