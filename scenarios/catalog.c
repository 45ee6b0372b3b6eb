/* The scenario catalog, in the order of the chapter on processes and threads.
 * docs/SCENARIOS.md describes each program, its options and its markers. */
#include "scenarios/catalog.h"

#include <string.h>

static const struct scenario_variant lock_variants[] = {
    {
        .option = "--no-lock",
        .name = "lost-update",
        .summary = "No lock: two threads update one balance at once and lose updates",
        .lesson =
            "Threads share every variable (共享变量). Without a lock, two threads change\n"
            "the balance at the same time on two cores.\n"
            "balance = balance + n is three steps: load, add, store. When both threads\n"
            "load the same old value, one store overwrites the other: an update is lost.\n"
            "So the balance, which each change_it() puts back, ends up not 0.\n"
            "A lock (锁) around change_it() lets one thread in at a time and fixes it.\n"
            "Watch: Thread-1 and Thread-2 running side by side, never waiting.",
        .show = { .lanes = "Thread-1,Thread-2" },
    },
    { .name = NULL },
};

const struct scenario scenario_catalog[] = {
    {
        .name = "fork",
        .summary = "fork(): one process becomes two; the parent waits for its child",
        .lesson =
            "A process (进程) is a running program with its own memory.\n"
            "fork() copies the calling process and returns twice: 0 in the new child\n"
            "process (子进程), the child's pid in the parent process (父进程).\n"
            "From then on both run at the same time, maybe on different cores.\n"
            "Servers such as Apache fork a child for every new request.\n"
            "Watch: a new row for the child; the parent sleeps in wait() until it exits.",
        .markers = "phase,fork_return",
        .test_args = "--child-ms 100",
        .show = { .lanes = "fork,child" },
    },
    {
        .name = "process",
        .summary = "multiprocessing.Process: start a child that runs a function, then join it",
        .lesson =
            "multiprocessing.Process wraps fork(): give it a function and its arguments\n"
            "(传入执行函数和函数参数); start() creates the child process that runs it.\n"
            "join() waits until the child has ended: the usual way to synchronise\n"
            "processes (进程间同步).\n"
            "Watch: the child computes on one core while the parent is blocked in join().",
        .markers = "phase,task_start,task_end",
        .test_args = "--work-ms 100",
        .show = { .lanes = "process,Process-1" },
    },
    {
        .name = "pool",
        .summary = "Process pool: N worker processes share T tasks of random length",
        .lesson =
            "A process pool (进程池) forks a fixed number of worker processes up front,\n"
            "by default one per CPU core (CPU核数).\n"
            "Tasks are submitted (apply_async) into a shared queue; each idle worker takes\n"
            "the next one, so with more tasks than workers the extra tasks wait.\n"
            "close() (关闭): no more tasks; join() (等待): wait until every worker is done.\n"
            "Watch: workers alternate between a task and waiting for the next one.",
        .markers = "phase,put,get,task_start,task_end",
        .test_args = "--workers 2 --tasks 3 --max-ms 300",
        .show = { .lanes = "pool,PoolWorker-*" },
    },
    {
        .name = "queue",
        .summary = "Queue: a writer process puts a, b, c; the endless reader is terminated",
        .lesson =
            "Processes share no memory; they talk by inter-process communication\n"
            "(进程间通信), for example through a Queue (队列): here one pipe carrying\n"
            "length-prefixed messages.\n"
            "The writer puts a, b, c with random pauses; the reader blocks (阻塞) on the\n"
            "empty queue and wakes when a message arrives.\n"
            "The reader loops forever (死循环), so the parent must terminate it (强行终止).\n"
            "Watch: every put by the writer wakes the sleeping reader.",
        .markers = "phase,put,get",
        .test_args = "--max-ms 100",
        .show = { .lanes = "writer,reader,queue" },
        .items = SCENARIO_ITEMS_TEXT,
    },
    {
        .name = "pipe",
        .summary = "Duplex pipe: request/reply ping-pong between two processes",
        .lesson =
            "A pipe (管道) carries bytes one way between processes; a duplex Pipe() is\n"
            "two pipes, one per direction.\n"
            "The parent sends a request and blocks until the reply comes; the child\n"
            "blocks until the next request.\n"
            "Every round trip costs two wake-ups and often two context switches\n"
            "(上下文切换); the summary shows the microseconds per round trip.\n"
            "Watch: the two processes taking turns, thousands of times a second.",
        .markers = "phase",
        .test_args = "--rounds 200",
        .show = { .lanes = "pipe,replier", .handoffs = 6 },
    },
    {
        .name = "threads",
        .summary = "threading.Thread: MainThread starts LoopThread and joins it",
        .lesson =
            "A thread (线程) is a flow of execution inside a process; every process has\n"
            "at least one, the main thread (主线程).\n"
            "Python's threads are real POSIX threads (Posix Thread), as pthread_create() is.\n"
            "All threads of a process share its memory; each has its own thread id.\n"
            "MainThread (the main thread: the kernel still calls it threads, the program's\n"
            "name) starts LoopThread and join()s it.\n"
            "Watch: LoopThread wakes after each pause to print; threads waits in join().",
        .markers = "phase,thread_start,thread_end",
        .test_args = "--pause-ms 20",
        .show = { .lanes = "threads,LoopThread" },
    },
    {
        .name = "lock",
        .summary = "Lock: two threads update one balance, with and without a mutex",
        .lesson =
            "Threads share every variable, so two threads changing one variable at once\n"
            "can lose updates: balance = balance + n is a load, an add and a store.\n"
            "A lock (锁) lets one thread at a time into the critical section; the other\n"
            "waits until it is released, so the balance stays 0.\n"
            "The price: the threads take turns, and two locks taken in opposite orders\n"
            "can deadlock (死锁).\n"
            "Watch: one thread \"waits for the lock\" while the other \"holds the lock\",\n"
            "until the holder's unlock wakes it (the arrow from the holder's lane).",
        .markers = "phase,thread_start,lock_wanted,lock_taken,lock_released,thread_end,result",
        .test_args = "--iterations 20000",
        /* the first unlock that woke a thread asleep waiting for the lock */
        .show = { .lanes = "Thread-1,Thread-2", .handoffs = 1, .wakes = SCENARIO_WAKES_LOCK },
        .variants = lock_variants,
    },
    {
        .name = "multicore",
        .summary = "Multi-core: one busy thread per CPU keeps every core at 100%",
        .lesson =
            "A multi-core CPU (多核CPU) runs one thread per core truly at the same time.\n"
            "One busy-looping thread per core keeps every core at 100%.\n"
            "Python has a global interpreter lock (GIL, 全局解释器锁): only one thread runs\n"
            "Python code at a time, so the Python version of this keeps one core busy.\n"
            "C threads have no GIL; in Python, use several processes (多进程) instead.\n"
            "Watch: every core filled by busy-N threads for the whole run.",
        .markers = "phase,thread_start,thread_end",
        .test_args = "--threads 2 --seconds 0.3",
        .show = { .view = SCENARIO_VIEW_CPU, .lanes = "busy-*" },
    },
    {
        .name = "threadlocal",
        .summary = "ThreadLocal: each thread sees its own copy of a global-looking variable",
        .lesson =
            "A ThreadLocal variable (ThreadLocal) looks global, but every thread has its\n"
            "own copy: a local variable (局部变量) that need not be passed around.\n"
            "Thread-A and Thread-B each store a student's name, and a helper reads it\n"
            "back without being given it: each thread sees its own student.\n"
            "In C it is a __thread variable; in Python, threading.local().\n"
            "Watch: the two threads side by side, each with its own data.",
        .markers = "phase,thread_start,local_set,local_get,thread_end",
        .test_args = "--pause-ms 20",
        .show = { .lanes = "Thread-A,Thread-B" },
    },
    {
        .name = "procvsthread",
        .summary = "Processes vs threads, and the cost of switching between many tasks",
        .lesson =
            "Multitasking (多任务) uses several processes (多进程) or several threads (多线程).\n"
            "Processes are robust but cost more to create; threads are cheap but share\n"
            "everything, so one bad thread can kill the whole process.\n"
            "The same CPU job takes about as long on N processes as on N threads.\n"
            "Switching tasks (任务切换) is not free: with far more tasks than cores, time\n"
            "goes to switching. Compute-bound work (计算密集型) wants one task per core;\n"
            "IO-bound work (IO密集型) mostly waits, and many tasks are fine.\n"
            "Watch: the three phases, and the flood of short slices in the last one.",
        .markers = "phase,task_start,task_end,thread_start,thread_end",
        .test_args = "--workers 2 --mloops 20 --many 16",
        .show = { .lanes = "procvsthread,Process-*,Thread-*" },
    },
    {
        .name = "distributed",
        .summary = "Distributed processes: a TCP task master and workers computing n*n",
        .lesson =
            "Processes can be spread over machines: distributed processes (分布式进程).\n"
            "Python's managers share a task queue and a result queue over the network;\n"
            "here the master process serves both over TCP.\n"
            "The master (服务进程) puts numbers; workers (任务进程) connect, get one,\n"
            "compute n*n and put the result back.\n"
            "Each request blocks the worker in recv() until the master's reply wakes it.\n"
            "Watch: a worker waiting in recv, woken by the master's send.",
        .markers = "phase,put,connect,accept,get,task_start,task_end",
        .test_args = "--workers 2 --tasks 4 --work-ms 20",
        /* the first task's round trip: a worker asks, gets n, computes, puts n*n */
        .show = { .lanes = "distributed,worker-*", .from = "get:1", .to = "get:2", .from_sleep = 1 },
        .items = SCENARIO_ITEMS_NUMBER,
    },
};

const size_t scenario_count = sizeof scenario_catalog / sizeof scenario_catalog[0];

const struct scenario *scenario_find(const char *name)
{
    for (size_t i = 0; i < scenario_count; i++) {
        if (strcmp(scenario_catalog[i].name, name) == 0)
            return &scenario_catalog[i];
    }
    return NULL;
}

/* Whether the directory part path[0, dir) is ".../<tail>" or "<tail>". */
static int dir_is(const char *path, size_t dir, const char *tail)
{
    size_t n = strlen(tail);

    return dir >= n && memcmp(path + dir - n, tail, n) == 0 && (dir == n || path[dir - n - 1] == '/');
}

const struct scenario *scenario_of_program(const char *path)
{
    const char *base = strrchr(path, '/');
    size_t dir = base ? (size_t)(base - path) + 1 : 0;

    /* only the scenario directories: a program of the user's called "pool" is not one */
    if (!base || !(dir_is(path, dir, "scenarios/") || dir_is(path, dir, "libexec/schedscope/")))
        return NULL;
    return scenario_find(base + 1);
}
