/* distributed: the lesson's task master and workers (分布式进程), over TCP.
 *
 * Python's example shares two queues over the network with a BaseManager: the
 * master puts numbers into a task queue, workers on other machines get them,
 * compute n*n and put the answers into a result queue. Here the master process
 * holds both queues itself and serves them over TCP. A worker sends a request
 * and then blocks in recv() until the master's send() wakes it with the reply:
 * every get() and put() is such a round trip, as with a manager's proxies. */
#include "scenarios/common.h"
#include "scenarios/probes.h"

#include <endian.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

static const char usage[] =
    "Usage: distributed [OPTIONS]\n"
    "       distributed --worker --host HOST --port PORT [--work-ms MS]\n"
    "The lesson's distributed processes: a task master puts T random numbers into\n"
    "a task queue and serves it, and a result queue, over TCP. Worker processes\n"
    "(\"worker-1\"...) connect, ask for a number, \"compute\" n*n (sleeping like the\n"
    "lesson's worker), and send back the result; each request blocks the worker in\n"
    "recv() until the master replies. The master prints every result. By default\n"
    "the master forks its workers and listens on 127.0.0.1 on a free port, which it\n"
    "prints. With --workers 0 it waits for workers started elsewhere with --worker;\n"
    "for a run across machines, give the master --host 0.0.0.0 (and a --port).\n"
    "\n"
    "Options:\n"
    "  --tasks T       numbers to put into the task queue (default 10)\n"
    "  --workers W     worker processes the master forks (default 2; 0: none)\n"
    "  --host H        master: address to listen on; worker: master to connect to\n"
    "                  (default 127.0.0.1)\n"
    "  --port P        TCP port (default 0: master picks a free one)\n"
    "  --work-ms MS    a worker's time per task (default 500; the lesson's is 1000)\n"
    "  --timeout S     master gives up when no result comes for S seconds (default 10)\n"
    "  --worker        run one worker only, against the master at --host:--port\n"
    HELP_SEED
    HELP_HELP;

/* The protocol: every message is one fixed-size struct in network byte order,
 * so one send() and one recv(MSG_WAITALL) move a whole message.
 *   worker -> GET                    master -> TASK(task, n)  or  EMPTY
 *   worker -> RESULT(task, n, n*n)   master -> OK */
enum msg_type { MSG_GET = 1, MSG_TASK, MSG_EMPTY, MSG_RESULT, MSG_OK };

struct msg {
    uint32_t type;
    uint32_t task;      /* the task's index in the master's queue */
    uint64_t n;
    uint64_t result;
};

#define MAX_CONNS 64

static const char *host = "127.0.0.1";
static int listen_fd = -1;      /* the master's listening socket */
static long port, tasks = 10, workers = 2, work_ms = 500, timeout_ms = 10000;

/* msg_send and msg_recv return false when the peer has gone (closed or reset
 * the connection), and die on any other error. */
static bool msg_send(int fd, enum msg_type type, uint32_t task, uint64_t n, uint64_t result)
{
    struct msg m = { htonl(type), htonl(task), htobe64(n), htobe64(result) };
    ssize_t sent = send(fd, &m, sizeof m, MSG_NOSIGNAL);
    if (sent < 0 && (errno == EPIPE || errno == ECONNRESET))
        return false;
    if (sent != sizeof m)
        die_errno("send");
    return true;
}

static bool msg_recv(int fd, struct msg *m)
{
    ssize_t n = recv(fd, m, sizeof *m, MSG_WAITALL);
    if (n == 0 || (n < 0 && errno == ECONNRESET))
        return false;
    if (n != sizeof *m)
        die_errno("recv");
    m->type = ntohl(m->type);
    m->task = ntohl(m->task);
    m->n = be64toh(m->n);
    m->result = be64toh(m->result);
    return true;
}

static int socket_port(int fd, bool peer)
{
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;
    if ((peer ? getpeername : getsockname)(fd, (struct sockaddr *)&ss, &len) < 0)
        return -1;
    if (ss.ss_family == AF_INET6)
        return ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
    return ntohs(((struct sockaddr_in *)&ss)->sin_port);
}

/* Connects to h:p, or (listen_here) listens there; dies when it cannot. */
static int tcp_socket(const char *h, long p, bool listen_here)
{
    struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM,
                              .ai_flags = listen_here ? AI_PASSIVE : 0 };
    struct addrinfo *list;
    char port_str[16];
    snprintf(port_str, sizeof port_str, "%ld", p);
    int err = getaddrinfo(h, port_str, &hints, &list);
    if (err)
        die("%s: %s", h, gai_strerror(err));
    int fd = -1;
    for (struct addrinfo *ai = list; ai && fd < 0; ai = ai->ai_next) {
        fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
        if (fd < 0)
            continue;
        int one = 1;
        bool ok = listen_here
            ? setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) == 0 &&
              bind(fd, ai->ai_addr, ai->ai_addrlen) == 0 && listen(fd, MAX_CONNS) == 0
            : connect(fd, ai->ai_addr, ai->ai_addrlen) == 0;
        if (!ok) {
            close(fd);
            fd = -1;
        }
    }
    freeaddrinfo(list);
    if (fd < 0)
        die_errno("cannot %s %s port %ld", listen_here ? "listen on" : "connect to", h, p);
    return fd;
}

/* ---- the worker: task_worker.py ---- */

static void worker_run(const char *master, int index)
{
    printf("Connect to server %s:%ld...\n", master, port);
    int fd = tcp_socket(master, port, false);
    SS_PROBE_CONNECT(index, socket_port(fd, false));
    for (;;) {
        struct msg m;
        if (!msg_send(fd, MSG_GET, 0, 0, 0) || !msg_recv(fd, &m)) {   /* n = task.get() */
            printf("the master has closed the connection.\n");
            break;
        }
        if (m.type == MSG_EMPTY) {
            printf("task queue is empty.\n");
            break;
        }
        SS_PROBE_GET(SS_QUEUE_TASKS, m.n);
        printf("run task %llu * %llu...\n", (unsigned long long)m.n, (unsigned long long)m.n);
        SS_PROBE_TASK_START(m.task, m.n);
        uint64_t start = now_ns();
        uint64_t r = m.n * m.n;
        sleep_ms(work_ms);
        SS_PROBE_TASK_END(m.task, (now_ns() - start) / 1000);
        SS_PROBE_PUT(SS_QUEUE_RESULTS, m.n);        /* before the send: put precedes its get */
        if (!msg_send(fd, MSG_RESULT, m.task, m.n, r))  /* result.put(r) */
            die("the master has gone; the result of task %u is lost", m.task);
        if (!msg_recv(fd, &m) || m.type != MSG_OK)
            die("the master did not acknowledge a result");
    }
    close(fd);
    printf("worker exit.\n");
}

static void local_worker(void *arg)
{
    close(listen_fd);   /* inherited from the master; a worker does not listen */
    /* The master may listen on a wildcard address; its own workers use loopback. */
    const char *master = strcmp(host, "0.0.0.0") == 0 ? "127.0.0.1"
                       : strcmp(host, "::") == 0 ? "::1" : host;
    worker_run(master, (int)(intptr_t)arg);
}

/* ---- the master: task_master.py ---- */

struct master {
    uint64_t *queue;            /* the task queue: queue[next..tasks-1] still wait */
    long next, results;
    struct pollfd fds[1 + MAX_CONNS];   /* [0]: listening socket; fd -1: free slot */
    long conns, children;
};

static void master_accept(struct master *ms)
{
    int fd = accept4(ms->fds[0].fd, NULL, NULL, SOCK_CLOEXEC);
    if (fd < 0)
        die_errno("accept");
    for (int i = 1; i <= MAX_CONNS; i++) {
        if (ms->fds[i].fd < 0) {
            ms->fds[i] = (struct pollfd){ .fd = fd, .events = POLLIN };
            SS_PROBE_ACCEPT(++ms->conns, socket_port(fd, true));
            return;
        }
    }
    close(fd);      /* more workers than MAX_CONNS: this one sees the connection close */
}

/* Answers one request on connection slot i. A worker that has gone, or that
 * speaks nonsense, loses its connection; the master carries on. */
static void master_serve(struct master *ms, int i)
{
    int fd = ms->fds[i].fd;
    struct msg m;
    bool ok = msg_recv(fd, &m);
    if (ok && m.type == MSG_GET && ms->next < tasks) {
        long t = ms->next++;
        ok = msg_send(fd, MSG_TASK, (uint32_t)t, ms->queue[t], 0);
    } else if (ok && m.type == MSG_GET) {
        ok = msg_send(fd, MSG_EMPTY, 0, 0, 0);
    } else if (ok && m.type == MSG_RESULT) {
        SS_PROBE_GET(SS_QUEUE_RESULTS, m.n);            /* r = result.get() */
        printf("Result: %llu * %llu = %llu\n", (unsigned long long)m.n,
               (unsigned long long)m.n, (unsigned long long)m.result);
        ms->results++;
        ok = msg_send(fd, MSG_OK, m.task, m.n, 0);
    } else if (ok) {
        fprintf(stderr, "%s: unexpected message type %u\n", program_invocation_short_name, m.type);
        ok = false;
    }
    if (!ok) {
        close(fd);
        ms->fds[i].fd = -1;
    }
}

static void master_reap(struct master *ms)
{
    int status;
    pid_t pid;
    while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
        ms->children--;
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
            die("worker (%d) failed (wait status 0x%x)", (int)pid, status);
    }
}

static void master_run(void)
{
    struct master ms = { .queue = calloc((size_t)tasks, sizeof *ms.queue) };
    if (!ms.queue)
        die("out of memory");
    listen_fd = tcp_socket(host, port, true);
    port = socket_port(listen_fd, false);
    printf("Master listening on %s:%ld.\n", host, port);

    for (long i = 0; i < tasks; i++) {
        ms.queue[i] = (uint64_t)rng_below(10001);        /* random.randint(0, 10000) */
        printf("Put task %llu...\n", (unsigned long long)ms.queue[i]);
        SS_PROBE_PUT(SS_QUEUE_TASKS, ms.queue[i]);
    }
    SS_PROBE_PHASE(SS_PHASE_CLOSE, tasks);

    for (long i = 0; i < workers; i++) {
        char name[32];
        snprintf(name, sizeof name, "worker-%ld", i + 1);
        process_start(name, local_worker, (void *)(intptr_t)(i + 1));
    }
    ms.children = workers;
    printf("Try get results...\n");

    ms.fds[0] = (struct pollfd){ .fd = listen_fd, .events = POLLIN };
    for (int i = 1; i <= MAX_CONNS; i++)
        ms.fds[i].fd = -1;
    /* Serve until every result is in and every forked worker has exited (its
     * last request, answered EMPTY, may come after the last result). */
    while (ms.results < tasks || ms.children > 0) {
        int ready = poll(ms.fds, 1 + MAX_CONNS, ms.results < tasks ? (int)timeout_ms : 20);
        if (ready < 0 && errno != EINTR)
            die_errno("poll");
        if (ready == 0 && ms.results < tasks)
            die("no result came back for %ld s (%ld of %ld arrived)",
                timeout_ms / 1000, ms.results, tasks);
        if (ready > 0 && (ms.fds[0].revents & POLLIN))
            master_accept(&ms);
        for (int i = 1; ready > 0 && i <= MAX_CONNS; i++) {
            if (ms.fds[i].fd >= 0 && ms.fds[i].revents)
                master_serve(&ms, i);
        }
        master_reap(&ms);
    }
    close(listen_fd);
    free(ms.queue);
    printf("master exit.\n");
}

int main(int argc, char **argv)
{
    static const struct option options[] = {
        { "tasks", required_argument, NULL, 't' },
        { "workers", required_argument, NULL, 'w' },
        { "host", required_argument, NULL, 'H' },
        { "port", required_argument, NULL, 'p' },
        { "work-ms", required_argument, NULL, 'm' },
        { "timeout", required_argument, NULL, 'T' },
        { "worker", no_argument, NULL, 'W' },
        COMMON_OPTIONS
    };
    bool worker_only = false;

    scenario_init();
    for (int c; (c = getopt_long(argc, argv, COMMON_SHORTOPTS, options, NULL)) != -1;) {
        switch (c) {
        case 't': tasks = opt_long("--tasks", optarg, 1, 100000); break;
        case 'w': workers = opt_long("--workers", optarg, 0, MAX_CONNS); break;
        case 'H': host = optarg; break;
        case 'p': port = opt_long("--port", optarg, 0, 65535); break;
        case 'm': work_ms = opt_long("--work-ms", optarg, 0, 60000); break;
        case 'T': timeout_ms = opt_seconds_ms("--timeout", optarg, 1, 3600000); break;
        case 'W': worker_only = true; break;
        default: common_option(c, argv, usage);
        }
    }
    no_more_args(argc, argv);
    if (worker_only && port == 0)
        usage_error("--worker needs the master's --port");
    SS_PROBE_PHASE(SS_PHASE_START, 0);

    if (worker_only)
        worker_run(host, 0);
    else
        master_run();
    SS_PROBE_PHASE(SS_PHASE_END, 0);
    return 0;
}
