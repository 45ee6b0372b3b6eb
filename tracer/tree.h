/*
 * Which members of the traced tree are still alive. The recording ends when
 * the command exits, but a daemon it forked off (double fork, setsid) lives
 * on unrecorded; the summary must say so, and --wait-tree keeps recording
 * until none is left. The session feeds the decoded stream in: a task
 * record of the tree adds its thread, an exit event removes it.
 */
#ifndef SCHEDSCOPE_TRACER_TREE_H
#define SCHEDSCOPE_TRACER_TREE_H

#include "model/event.h"
#include "model/tasks.h"

struct ss_tree;

struct ss_tree *ss_tree_new(void);
void ss_tree_free(struct ss_tree *t);
/* A task record: a thread of the tree (SS_TASKF_IN_TREE) is alive from then. */
void ss_tree_task(struct ss_tree *t, const struct ss_task *task);
/* An event: an exit ends its thread (unless the pid was reused since). */
void ss_tree_event(struct ss_tree *t, const struct ss_event *ev);
/* Processes (thread groups) of the tree still alive. Threads whose exit the
 * stream missed (records lost) are checked with kill(tid, 0) and forgotten
 * when gone, so a full ring buffer cannot make a tree live for ever. */
unsigned ss_tree_alive(struct ss_tree *t);
/* Sends sig to each process of the tree still alive, once per process, and
 * returns how many. A pid is signalled only while /proc says its process
 * began no later than the task record we have of it: a pid the kernel gave
 * to someone else since (its exit lost with the records) is left alone. */
unsigned ss_tree_signal(struct ss_tree *t, int sig);

#endif
