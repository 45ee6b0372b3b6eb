/* threadlocal: threading.local() (ThreadLocal) as C's __thread.
 *
 * A global variable is shared by all threads. A __thread variable looks like a
 * global - any function can read it without it being passed as an argument -
 * but every thread has its own copy. Here two threads each store a student's
 * name, wait until both have stored theirs, and then read it back deep inside
 * a helper: each sees its own. */
#include "scenarios/common.h"
#include "scenarios/probes.h"

#include <stdio.h>

static const char usage[] =
    "Usage: threadlocal [OPTIONS]\n"
    "threading.local() in C: two threads, \"Thread-A\" and \"Thread-B\", each store a\n"
    "student's name (Alice, Bob) in a __thread variable, pause so that both have\n"
    "stored theirs, then call process_student(), which reads the name without it\n"
    "being passed and prints \"Hello, <name> (in <thread>)\". Each thread sees its\n"
    "own student, though the variable looks global.\n"
    "\n"
    "Options:\n"
    "  --pause-ms MS   how long each thread holds its name before reading it (default 1000)\n"
    HELP_SEED_UNUSED
    HELP_HELP;

static __thread const char *student;   /* local_school.student: one per thread */
static long pause_ms = 1000;

static void process_student(void)
{
    char buf[16];
    const char *std = student;          /* this thread's own student */
    SS_PROBE_LOCAL_GET(&student, ss_text8(std));
    printf("Hello, %s (in %s)\n", std, thread_name(buf));
}

struct student_thread {
    pthread_t thread;
    int index;
    const char *thread_name;
    const char *student;
};

static void *process_thread(void *arg)
{
    struct student_thread *st = arg;
    pthread_setname_np(pthread_self(), st->thread_name);
    SS_PROBE_THREAD_START(st->index);
    student = st->student;              /* local_school.student = name */
    SS_PROBE_LOCAL_SET(&student, ss_text8(student));   /* &student: this thread's copy */
    sleep_ms(pause_ms);                 /* meanwhile the other thread sets its own */
    process_student();
    SS_PROBE_THREAD_END(st->index);
    return NULL;
}

int main(int argc, char **argv)
{
    static const struct option options[] = {
        { "pause-ms", required_argument, NULL, 'p' },
        COMMON_OPTIONS
    };

    scenario_init();
    for (int c; (c = getopt_long(argc, argv, COMMON_SHORTOPTS, options, NULL)) != -1;) {
        switch (c) {
        case 'p': pause_ms = opt_long("--pause-ms", optarg, 0, 60000); break;
        default: common_option(c, argv, usage);
        }
    }
    no_more_args(argc, argv);
    SS_PROBE_PHASE(SS_PHASE_START, 0);

    struct student_thread threads[] = {
        { .index = 0, .thread_name = "Thread-A", .student = "Alice" },
        { .index = 1, .thread_name = "Thread-B", .student = "Bob" },
    };
    for (int i = 0; i < 2; i++)
        threads[i].thread = thread_start(process_thread, &threads[i]);
    SS_PROBE_PHASE(SS_PHASE_JOIN, 2);
    for (int i = 0; i < 2; i++)
        pthread_join(threads[i].thread, NULL);
    SS_PROBE_PHASE(SS_PHASE_END, 0);
    return 0;
}
