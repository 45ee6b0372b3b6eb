/* Small helpers shared by the scenario programs, so each lesson file shows only
 * the lesson: clocks and sleeps, a seedable random generator, option parsing,
 * naming processes and threads, and the framed queue used over pipes. */
#ifndef SCENARIOS_COMMON_H
#define SCENARIOS_COMMON_H

#include <getopt.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Call first in main(): stdout becomes line-buffered, so lines from several
 * processes stay whole and in order, and nothing buffered is lost at fork() or
 * when a process is killed by a signal while its output is a pipe. */
void scenario_init(void);

/* Error exits, one line each on stderr, "<program>: <message>".
 * die(): runtime failure, exit 1. die_errno(): the same, with ": strerror(errno)"
 * appended. usage_error(): bad command line, exit 2. */
_Noreturn void die(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
_Noreturn void die_errno(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
_Noreturn void usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Options every scenario accepts; put COMMON_OPTIONS at the end of the option
 * table and call common_option() from the switch's default case. */
#define OPT_HELP 'h'
#define OPT_SEED 0x100
#define COMMON_OPTIONS                                  \
    { "help", no_argument, NULL, OPT_HELP },            \
    { "seed", required_argument, NULL, OPT_SEED },      \
    { NULL, 0, NULL, 0 }
#define COMMON_SHORTOPTS ":h"   /* leading ':' lets us report a missing value ourselves */
#define HELP_SEED \
    "  --seed S        repeat the same random choices (default: seeded from the clock)\n"
#define HELP_SEED_UNUSED \
    "  --seed S        accepted like in every scenario; nothing here is random\n"
#define HELP_HELP \
    "  -h, --help      show this help and exit\n"

/* Handles --help (prints usage, exits 0), --seed and getopt's error returns. */
void common_option(int c, char **argv, const char *usage);
/* Rejects leftover positional arguments. */
void no_more_args(int argc, char **argv);

/* "--workers 4": an integer in [min, max], or usage_error(). */
long opt_long(const char *name, const char *arg, long min, long max);
/* "--seconds 1.5": seconds (fractions allowed) returned as milliseconds in [min_ms, max_ms]. */
long opt_seconds_ms(const char *name, const char *arg, long min_ms, long max_ms);

/* Time. now_ns() is CLOCK_MONOTONIC. */
uint64_t now_ns(void);
double seconds_since(uint64_t start_ns);
void sleep_ms(long ms);          /* blocks (the scheduler sees the task sleep) */
void spin_ms(long ms);           /* burns CPU for ms of wall-clock time */
int cpu_count(void);             /* CPUs we may run on (affinity), at least 1 */

/* A small seeded generator (splitmix64). The seed is set by --seed or, without
 * it, from the clock; forked children inherit the generator's state. */
void rng_seed(uint64_t seed);
uint64_t rng_next(void);
long rng_below(long n);          /* uniform in [0, n) */

/* Names the calling thread (for a freshly forked child: the process) with
 * prctl(PR_SET_NAME); the kernel keeps 15 characters. The timeline shows it. */
void name_process(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Python's threading.current_thread().name: "MainThread" for the main thread,
 * the thread's kernel name otherwise. buf needs 16 bytes. */
const char *thread_name(char buf[16]);

/* multiprocessing.Process(target=..., args=(arg,), name=...).start():
 * fork(), name the child, run target(arg) in it and exit 0 when it returns.
 * Returns the child's pid, in the parent only. */
pid_t process_start(const char *name, void (*target)(void *arg), void *arg);

/* threading.Thread(target=fn, args=(arg,)).start(): pthread_create() that dies
 * on failure. The thread names itself (pthread_setname_np) as it starts. */
pthread_t thread_start(void *(*fn)(void *arg), void *arg);

/* waitpid() that retries on EINTR; returns the raw status. */
int wait_pid(pid_t pid);
/* Waits for a child and dies unless it exited with status 0. */
void join_process(pid_t pid, const char *what);

/* Whole-buffer I/O that retries short reads/writes and EINTR.
 * read_full() returns len, 0 on end of file before any byte, -1 on error. */
ssize_t read_full(int fd, void *buf, size_t len);
ssize_t write_full(int fd, const void *buf, size_t len);

/* A message queue over one pipe, framed like multiprocessing's Connection:
 * a 4-byte length, then the bytes, written with one write() (atomic up to
 * PIPE_BUF, so several writers never interleave). queue_get() reads the length
 * and the bytes with two read()s, so each pipe has one reader. It returns the
 * message length (messages are never empty), 0 at end of file, and dies on
 * errors or oversize messages. */
#define QUEUE_MSG_MAX 256
void queue_put(int fd, const void *msg, size_t len);
size_t queue_get(int fd, void *buf, size_t cap);

#endif
