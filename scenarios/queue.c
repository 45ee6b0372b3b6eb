/* queue: multiprocessing.Queue between two processes (进程间通信).
 *
 * The queue is one pipe carrying framed messages (queue_put/queue_get in
 * common.c: a length, then the bytes - what multiprocessing does too). The
 * writer puts "a", "b", "c" with random pauses; the reader loops forever,
 * blocked in read() whenever the queue is empty. Like a Python Queue, every
 * process holds both ends of the pipe, so the reader never sees end-of-file:
 * after joining the writer, the parent has to terminate() the reader. */
#include "scenarios/common.h"
#include "scenarios/probes.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

static const char usage[] =
    "Usage: queue [OPTIONS]\n"
    "multiprocessing.Queue in C: a writer process puts \"a\", \"b\", \"c\" into a queue\n"
    "(one pipe, length-prefixed messages), pausing a random time after each; a\n"
    "reader process loops forever getting and printing them. The parent waits for\n"
    "the writer, then terminates the endless reader with SIGTERM, like\n"
    "pr.terminate(), and reports how it ended. Process names: \"writer\", \"reader\".\n"
    "\n"
    "Options:\n"
    "  --max-ms MS     the writer pauses a random 0..MS milliseconds (default 1000)\n"
    HELP_SEED
    HELP_HELP;

static int queue_fds[2];        /* [0] read end, [1] write end */
static long max_ms = 1000;

static void write_proc(void *arg)
{
    (void)arg;
    static const char *const values[] = { "a", "b", "c" };
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
        printf("Put %s to queue.\n", values[i]);
        SS_PROBE_PUT(SS_QUEUE_TASKS, values[i][0]);   /* before the write: put precedes its get */
        queue_put(queue_fds[1], values[i], strlen(values[i]));
        sleep_ms(rng_below(max_ms + 1));
    }
}

static void read_proc(void *arg)
{
    (void)arg;
    char value[QUEUE_MSG_MAX + 1];
    for (;;) {
        size_t n = queue_get(queue_fds[0], value, QUEUE_MSG_MAX);   /* q.get(True) blocks */
        if (n == 0)
            die("the queue was closed");    /* cannot happen: we hold the write end */
        value[n] = '\0';
        SS_PROBE_GET(SS_QUEUE_TASKS, value[0]);
        printf("Get %s from queue.\n", value);
    }
}

/* Python's example terminates the reader the moment the writer has ended, and
 * the reader may not have taken "c" yet. We wait until the pipe is empty, then
 * give the reader a moment to print what it took, before we kill it. */
static void wait_until_drained(int fd)
{
    int unread;
    while (ioctl(fd, FIONREAD, &unread) == 0 && unread > 0)
        sleep_ms(5);
    sleep_ms(50);
}

int main(int argc, char **argv)
{
    static const struct option options[] = {
        { "max-ms", required_argument, NULL, 'm' },
        COMMON_OPTIONS
    };

    scenario_init();
    for (int c; (c = getopt_long(argc, argv, COMMON_SHORTOPTS, options, NULL)) != -1;) {
        switch (c) {
        case 'm': max_ms = opt_long("--max-ms", optarg, 0, 60000); break;
        default: common_option(c, argv, usage);
        }
    }
    no_more_args(argc, argv);
    SS_PROBE_PHASE(SS_PHASE_START, 0);

    if (pipe(queue_fds) < 0)                                /* q = Queue() */
        die_errno("pipe");
    pid_t pw = process_start("writer", write_proc, NULL);  /* pw.start() */
    pid_t pr = process_start("reader", read_proc, NULL);   /* pr.start() */

    SS_PROBE_PHASE(SS_PHASE_JOIN, 1);
    join_process(pw, "writer");                             /* pw.join() */

    wait_until_drained(queue_fds[0]);
    SS_PROBE_PHASE(SS_PHASE_TERMINATE, pr);
    if (kill(pr, SIGTERM) < 0)                              /* pr.terminate() */
        die_errno("kill %d", (int)pr);
    int status = wait_pid(pr);
    if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGTERM)
        die("reader (%d) ended with wait status 0x%x, not by SIGTERM", (int)pr, status);
    printf("Reader (%d) terminated by SIGTERM.\n", (int)pr);
    SS_PROBE_PHASE(SS_PHASE_END, 0);
    return 0;
}
