/* Shared helpers for the scenario programs; see common.h. */
#include "scenarios/common.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

void scenario_init(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    rng_seed(now_ns() ^ ((uint64_t)getpid() << 32));
}

void die(const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "%s: ", program_invocation_short_name);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    exit(1);
}

void die_errno(const char *fmt, ...)
{
    int err = errno;
    va_list ap;
    fprintf(stderr, "%s: ", program_invocation_short_name);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, ": %s\n", strerror(err));
    exit(1);
}

void usage_error(const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "%s: ", program_invocation_short_name);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, " (try --help)\n");
    exit(2);
}

void common_option(int c, char **argv, const char *usage)
{
    switch (c) {
    case OPT_HELP:
        fputs(usage, stdout);
        exit(0);
    case OPT_SEED:
        rng_seed((uint64_t)opt_long("--seed", optarg, 0, LONG_MAX));
        return;
    case ':':
        usage_error("option '%s' needs a value", argv[optind - 1]);
    default:
        usage_error("unknown option '%s'", argv[optind - 1]);
    }
}

void no_more_args(int argc, char **argv)
{
    if (optind < argc)
        usage_error("unexpected argument '%s'", argv[optind]);
}

long opt_long(const char *name, const char *arg, long min, long max)
{
    char *end;
    errno = 0;
    long v = strtol(arg, &end, 10);
    if (errno || end == arg || *end != '\0')
        usage_error("%s wants a whole number, not '%s'", name, arg);
    if (v < min || v > max)
        usage_error("%s must be between %ld and %ld, not %ld", name, min, max, v);
    return v;
}

long opt_seconds_ms(const char *name, const char *arg, long min_ms, long max_ms)
{
    char *end;
    errno = 0;
    double s = strtod(arg, &end);
    if (errno || end == arg || *end != '\0' || !isfinite(s))
        usage_error("%s wants a number of seconds, not '%s'", name, arg);
    if (s * 1000 < min_ms || s * 1000 > max_ms)
        usage_error("%s must be between %.3g and %.3g seconds", name,
                    min_ms / 1000.0, max_ms / 1000.0);
    return (long)(s * 1000 + 0.5);
}

uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

double seconds_since(uint64_t start_ns)
{
    return (double)(now_ns() - start_ns) / 1e9;
}

void sleep_ms(long ms)
{
    struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000L };
    while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
        ;
}

void spin_ms(long ms)
{
    uint64_t end = now_ns() + (uint64_t)ms * 1000000u;
    while (now_ns() < end)
        ;
}

int cpu_count(void)
{
    /* the CPUs we may run on, not those online: under `run --cpus 0` (or
     * taskset) one thread per online CPU would share the one we have */
    cpu_set_t set;
    long n;

    if (sched_getaffinity(0, sizeof(set), &set) == 0 && CPU_COUNT(&set) > 0)
        return CPU_COUNT(&set);
    n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int)n : 1;
}

static uint64_t rng_state;

void rng_seed(uint64_t seed)
{
    rng_state = seed;
}

uint64_t rng_next(void)
{
    /* splitmix64 (Steele, Lea, Flood 2014): tiny, and good enough for pauses. */
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

long rng_below(long n)
{
    return n > 0 ? (long)(rng_next() % (uint64_t)n) : 0;
}

void name_process(const char *fmt, ...)
{
    char name[16];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(name, sizeof name, fmt, ap);
    va_end(ap);
    prctl(PR_SET_NAME, name, 0, 0, 0);
}

const char *thread_name(char buf[16])
{
    if (gettid() == getpid())
        return "MainThread";
    if (pthread_getname_np(pthread_self(), buf, 16) != 0)
        return "?";
    return buf;
}

pid_t process_start(const char *name, void (*target)(void *arg), void *arg)
{
    pid_t pid = fork();
    if (pid < 0)
        die_errno("fork");
    if (pid == 0) {
        name_process("%s", name);
        target(arg);
        exit(0);
    }
    return pid;
}

pthread_t thread_start(void *(*fn)(void *arg), void *arg)
{
    pthread_t t;
    int err = pthread_create(&t, NULL, fn, arg);
    if (err) {
        errno = err;
        die_errno("pthread_create");
    }
    return t;
}

int wait_pid(pid_t pid)
{
    int status;
    while (waitpid(pid, &status, 0) == -1) {
        if (errno != EINTR)
            die_errno("waitpid %d", (int)pid);
    }
    return status;
}

void join_process(pid_t pid, const char *what)
{
    int status = wait_pid(pid);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        die("%s (%d) failed (wait status 0x%x)", what, (int)pid, status);
}

ssize_t read_full(int fd, void *buf, size_t len)
{
    size_t done = 0;
    while (done < len) {
        ssize_t n = read(fd, (char *)buf + done, len - done);
        if (n == 0)
            break;
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        done += (size_t)n;
    }
    if (done > 0 && done < len) {
        errno = EPIPE; /* the other end vanished in the middle of a record */
        return -1;
    }
    return (ssize_t)done;
}

ssize_t write_full(int fd, const void *buf, size_t len)
{
    size_t done = 0;
    while (done < len) {
        ssize_t n = write(fd, (const char *)buf + done, len - done);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        done += (size_t)n;
    }
    return (ssize_t)done;
}

void queue_put(int fd, const void *msg, size_t len)
{
    if (len == 0 || len > QUEUE_MSG_MAX)
        die("queue_put: message of %zu bytes (1..%d allowed)", len, QUEUE_MSG_MAX);
    char frame[sizeof(uint32_t) + QUEUE_MSG_MAX];
    uint32_t n = (uint32_t)len;
    memcpy(frame, &n, sizeof n);
    memcpy(frame + sizeof n, msg, len);
    if (write_full(fd, frame, sizeof n + len) < 0)
        die_errno("queue_put");
}

size_t queue_get(int fd, void *buf, size_t cap)
{
    uint32_t n;
    ssize_t got = read_full(fd, &n, sizeof n);
    if (got == 0)
        return 0;
    if (got < 0)
        die_errno("queue_get");
    if (n == 0 || n > cap)
        die("queue_get: message of %u bytes does not fit in %zu", n, cap);
    if (read_full(fd, buf, n) != (ssize_t)n)
        die("queue_get: truncated message");
    return n;
}
