/* pipe: multiprocessing.Pipe() - a duplex connection between two processes.
 *
 * A pipe carries bytes one way only, so a duplex Pipe() is two pipes, one per
 * direction. The parent sends a request and blocks in read() until the child's
 * reply arrives; the child blocks in read() until the next request. Each round
 * trip is two wake-ups and (on one CPU) two context switches, and the summary
 * shows what that costs. */
#include "scenarios/common.h"
#include "scenarios/probes.h"

#include <stdio.h>
#include <unistd.h>

static const char usage[] =
    "Usage: pipe [OPTIONS]\n"
    "multiprocessing.Pipe() in C: the parent and a child process (\"replier\") talk\n"
    "over a duplex pipe (two pipes, one per direction). The parent sends request 1,\n"
    "2, 3... and waits for each reply; the child answers each request with the same\n"
    "number. At the end the parent prints the rounds, the total time and the\n"
    "microseconds per round trip.\n"
    "\n"
    "Options:\n"
    "  --rounds R      request/reply round trips (default 10000)\n"
    "  --pause-ms MS   the parent pauses MS milliseconds between rounds (default 0)\n"
    HELP_SEED_UNUSED
    HELP_HELP;

/* One end of a duplex connection, like a multiprocessing Connection. */
struct conn {
    int recv_fd;
    int send_fd;
};

static struct conn parent_conn, child_conn;

static void conn_send(const struct conn *c, long v)
{
    queue_put(c->send_fd, &v, sizeof v);
}

/* false at end of file: the other side closed its end */
static bool conn_recv(const struct conn *c, long *v)
{
    return queue_get(c->recv_fd, v, sizeof *v) == sizeof *v;
}

static void replier(void *arg)
{
    (void)arg;
    close(parent_conn.recv_fd);
    close(parent_conn.send_fd);
    printf("Run child process replier (%d)...\n", getpid());
    long request, answered = 0;
    while (conn_recv(&child_conn, &request)) {
        conn_send(&child_conn, request);
        answered++;
    }
    printf("Replier answered %ld requests.\n", answered);
}

int main(int argc, char **argv)
{
    static const struct option options[] = {
        { "rounds", required_argument, NULL, 'r' },
        { "pause-ms", required_argument, NULL, 'p' },
        COMMON_OPTIONS
    };
    long rounds = 10000, pause_ms = 0;

    scenario_init();
    for (int c; (c = getopt_long(argc, argv, COMMON_SHORTOPTS, options, NULL)) != -1;) {
        switch (c) {
        case 'r': rounds = opt_long("--rounds", optarg, 1, 100000000); break;
        case 'p': pause_ms = opt_long("--pause-ms", optarg, 0, 10000); break;
        default: common_option(c, argv, usage);
        }
    }
    no_more_args(argc, argv);
    SS_PROBE_PHASE(SS_PHASE_START, 0);

    /* parent_conn, child_conn = Pipe(): requests flow down, replies flow up. */
    int down[2], up[2];
    if (pipe(down) < 0 || pipe(up) < 0)
        die_errno("pipe");
    parent_conn = (struct conn){ .recv_fd = up[0], .send_fd = down[1] };
    child_conn = (struct conn){ .recv_fd = down[0], .send_fd = up[1] };

    printf("Parent process %d.\n", getpid());
    pid_t child = process_start("replier", replier, NULL);
    close(child_conn.recv_fd);
    close(child_conn.send_fd);

    uint64_t start = now_ns();
    for (long i = 1; i <= rounds; i++) {
        long reply;
        conn_send(&parent_conn, i);
        if (!conn_recv(&parent_conn, &reply) || reply != i)
            die("round %ld: no or wrong reply", i);
        if (pause_ms)
            sleep_ms(pause_ms);
    }
    double total_s = seconds_since(start);

    close(parent_conn.send_fd);         /* the replier reads end-of-file and exits */
    SS_PROBE_PHASE(SS_PHASE_JOIN, 1);
    join_process(child, "replier");
    printf("%ld rounds in %.3f s: %.1f µs per round trip.\n",
           rounds, total_s, total_s * 1e6 / (double)rounds);
    SS_PROBE_PHASE(SS_PHASE_END, 0);
    return 0;
}
