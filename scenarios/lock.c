/* lock: the lesson's bank balance and threading.Lock (锁).
 *
 * Threads share all data. change_it(n) adds n to a shared balance and takes it
 * away again, so the balance should stay 0. But "balance = balance + n" is a
 * load, an add and a store, and two threads running at once on two cores can
 * interleave those steps and lose an update. A lock (a pthread mutex, 互斥锁)
 * around each change_it() lets only one thread at a time inside: correct, but
 * the threads now take turns, and a thread that finds the lock held must wait. */
#include "scenarios/common.h"
#include "scenarios/probes.h"

#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>

static const char usage[] =
    "Usage: lock [OPTIONS]\n"
    "The lesson's bank balance: two threads (\"Thread-1\", \"Thread-2\") call\n"
    "change_it(5) and change_it(8) many times; change_it(n) adds n to a shared\n"
    "balance and subtracts it again. With a mutex around each call the final\n"
    "balance is always 0. With --no-lock the threads race on the shared variable\n"
    "and the result is usually not 0. Each thread is pinned to a core of its own,\n"
    "so the two really run at the same time. Contention (a thread found the lock\n"
    "held) fires the lock_wanted/lock_taken/lock_released markers.\n"
    "\n"
    "Options:\n"
    "  --iterations N  change_it() calls per thread (default 1000000)\n"
    "  --no-lock       no mutex: show the race\n"
    HELP_SEED_UNUSED
    HELP_HELP;

/* volatile: every "balance = balance + n" really loads and stores memory,
 * so the compiler cannot fold the two lines into nothing or keep the value in
 * a register - the race the lesson talks about stays real. */
static volatile long balance;
static pthread_mutex_t balance_lock = PTHREAD_MUTEX_INITIALIZER;
static atomic_int at_start_line;
static long iterations = 1000000;
static bool use_lock = true;

static void change_it(long n)
{
    balance = balance + n;
    balance = balance - n;
}

/* lock.acquire(). Try first: only when the lock is held by the other thread do
 * the markers fire, so they show real contention and a free lock costs nothing
 * extra. Returns whether we had to wait. */
static bool lock_acquire(void)
{
    if (pthread_mutex_trylock(&balance_lock) == 0)
        return false;
    /* who holds it: glibc keeps the owner's tid in the mutex (0 if just let go) */
    SS_PROBE_LOCK_WANTED(SS_LOCK_BALANCE, balance_lock.__data.__owner);
    uint64_t start = now_ns();
    pthread_mutex_lock(&balance_lock);
    SS_PROBE_LOCK_TAKEN(SS_LOCK_BALANCE, now_ns() - start);
    return true;
}

static void lock_release(bool waited)
{
    pthread_mutex_unlock(&balance_lock);
    if (waited)
        SS_PROBE_LOCK_RELEASED(SS_LOCK_BALANCE);
}

/* Thread-1 on one core, Thread-2 on another. Left alone, the scheduler often
 * starts both on the same core, where one runs its whole loop before the other
 * and they never race; the lesson is about two threads running at once. */
static void pin_to_own_core(int index)
{
    cpu_set_t allowed;
    if (sched_getaffinity(0, sizeof allowed, &allowed) != 0 || CPU_COUNT(&allowed) < 2)
        return;
    int nth = (index - 1) % CPU_COUNT(&allowed);
    for (int cpu = 0; cpu < CPU_SETSIZE; cpu++) {
        if (CPU_ISSET(cpu, &allowed) && nth-- == 0) {
            cpu_set_t one;
            CPU_ZERO(&one);
            CPU_SET(cpu, &one);
            pthread_setaffinity_np(pthread_self(), sizeof one, &one);
            return;
        }
    }
}

struct runner {
    int index;      /* 1, 2: the thread is "Thread-<index>" */
    long n;
};

static void *run_thread(void *arg)
{
    const struct runner *r = arg;
    char name[16];
    snprintf(name, sizeof name, "Thread-%d", r->index);
    pthread_setname_np(pthread_self(), name);
    SS_PROBE_THREAD_START(r->index);
    pin_to_own_core(r->index);
    /* Both threads start at the same instant: each spins until the other has
     * arrived (a sleeping barrier would let one run ahead while the other wakes). */
    atomic_fetch_add(&at_start_line, 1);
    while (atomic_load(&at_start_line) < 2)
        ;
    for (long i = 0; i < iterations; i++) {
        if (use_lock) {
            bool waited = lock_acquire();
            change_it(r->n);
            lock_release(waited);
        } else {
            change_it(r->n);
        }
    }
    SS_PROBE_THREAD_END(r->index);
    return NULL;
}

int main(int argc, char **argv)
{
    static const struct option options[] = {
        { "iterations", required_argument, NULL, 'i' },
        { "no-lock", no_argument, NULL, 'n' },
        COMMON_OPTIONS
    };

    scenario_init();
    for (int c; (c = getopt_long(argc, argv, COMMON_SHORTOPTS, options, NULL)) != -1;) {
        switch (c) {
        case 'i': iterations = opt_long("--iterations", optarg, 0, 1000000000); break;
        case 'n': use_lock = false; break;
        default: common_option(c, argv, usage);
        }
    }
    no_more_args(argc, argv);
    SS_PROBE_PHASE(SS_PHASE_START, 0);

    struct runner r1 = { .index = 1, .n = 5 }, r2 = { .index = 2, .n = 8 };
    uint64_t start = now_ns();
    pthread_t t1 = thread_start(run_thread, &r1);
    pthread_t t2 = thread_start(run_thread, &r2);
    SS_PROBE_PHASE(SS_PHASE_JOIN, 2);
    pthread_join(t1, NULL);
    pthread_join(t2, NULL);
    SS_PROBE_RESULT(SS_RESULT_BALANCE, balance);
    printf("balance = %ld\n", balance);
    printf("(%s, %ld iterations per thread, %.3f s)\n",
           use_lock ? "with the lock" : "without a lock", iterations, seconds_since(start));
    SS_PROBE_PHASE(SS_PHASE_END, 0);
    return 0;
}
