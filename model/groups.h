/*
 * Many similar tasks are one entry: "many-1…many-64, 64 threads" rather
 * than a legend cut off at many-20. The rule: tasks whose names are one stem
 * and a number (many-7, PoolWorker-3), of one kind (threads of one process,
 * or processes of one parent), form a group when there are at least
 * min_count of them; every other task is an entry of its own. Entries keep
 * the order in which their first task appeared.
 */
#ifndef SCHEDSCOPE_MODEL_GROUPS_H
#define SCHEDSCOPE_MODEL_GROUPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/model.h"

struct ss_name_group {
	size_t first;               /* index into m->threads of its first task */
	size_t count;               /* its tasks; 1: a task on its own */
	uint32_t lo, hi;            /* the lowest and highest number in their names */
	bool threads;               /* threads (clones) rather than processes */
	char stem[SS_COMM_MAX];     /* "many-"; a task on its own: its whole name */
};

/* The entries for m's threads, in order: fills out with the first max and
 * returns how many there are. group_of (NULL, or room for m->nthreads) gets
 * each thread's entry index. -ENOMEM if memory ran out. */
long ss_model_name_groups(const struct ss_model *m, size_t min_count, struct ss_name_group *out, size_t max,
			  int32_t *group_of);
/* "many-1…many-64, 64 threads"; a task on its own: its name. */
char *ss_name_group_label(const struct ss_name_group *g, char *buf, size_t size);

#endif
