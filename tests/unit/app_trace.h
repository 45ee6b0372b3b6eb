/*
 * One program's trace for the exporters' unit tests, written with ss_writer:
 * thread 100 ("app", the traced tree's root, from 1 ms on) whose user stacks
 * are one frame, APP_LEAF_PC, in a mapping of a file that is not there. The
 * walk (symbols/) can only place that frame in its mapping and say why it
 * stops, so what an export makes of a stack is known in advance.
 * Include it after <cmocka.h>: app_export() asserts.
 */
#ifndef SCHEDSCOPE_TESTS_UNIT_APP_TRACE_H
#define SCHEDSCOPE_TESTS_UNIT_APP_TRACE_H

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "export/export.h"
#include "tracefile/writer.h"

#define APP_MAP_START  0x400000ull
#define APP_MAP_OFFSET 0x1000ull
#define APP_LEAF_PC    0x401234ull
#define APP_START_NS   1000000ull

static inline struct ss_event app_at(uint64_t ts, unsigned cpu, unsigned kind, uint32_t pid)
{
	return (struct ss_event){ .ts_ns = ts, .kind = (uint16_t)kind, .cpu = (uint16_t)cpu, .pid = pid };
}

static inline void app_switch(struct ss_writer *w, uint64_t ts, unsigned cpu, uint32_t prev, unsigned state,
			      uint32_t next)
{
	struct ss_event e = app_at(ts, cpu, SS_SWITCH, prev);

	e.sw.next_pid = next;
	e.sw.prev_state = (uint16_t)state;
	e.sw.prev_prio = e.sw.next_prio = 120;
	ss_writer_event(w, &e);
}

/* User stack id of app's, its one frame at APP_LEAF_PC; sp tells stacks
 * with the same frames apart, as the kernel side does. */
static inline void app_stack(struct ss_writer *w, uint32_t id, uint64_t sp)
{
	struct ss_stack st = { .id = id, .tgid = 100, .maps = 1, .n = 1, .sp = sp, .pcs = { APP_LEAF_PC } };

	ss_writer_stack(w, &st);
}

/* The trace at path, of ncpus CPUs and header flags (SS_TF_*), with app's
 * task, its mapping and its user stack 1 written. */
static inline struct ss_writer *app_trace_open(const char *path, unsigned ncpus, uint32_t flags)
{
	struct ss_trace_info in = { .ncpus = ncpus, .clock_id = CLOCK_BOOTTIME, .start_ns = APP_START_NS,
				    .root_pid = 100, .flags = flags };
	struct ss_task t = { .ts_ns = APP_START_NS, .pid = 100, .tgid = 100, .ppid = 1,
			     .origin = SS_TASK_FIRST_SEEN, .flags = SS_TASKF_IN_TREE };
	struct ss_map map = { .start = APP_MAP_START, .end = 0x500000, .offset = APP_MAP_OFFSET, .ino = 1 };
	struct ss_maps maps = { .id = 1, .tgid = 100, .ts_ns = APP_START_NS, .v = &map, .n = 1 };
	struct ss_writer *w;
	char err[256];

	in.version = ss_file_version(flags);
	strcpy(in.sysname, "Linux");
	strcpy(in.release, "6.18.0-test");
	strcpy(in.machine, "x86_64");
	strcpy(t.comm, "app");
	strcpy(map.path, "/nonexistent/app");
	w = ss_writer_open(path, &in, err, sizeof(err));
	if (w) {
		ss_writer_task(w, &t);
		ss_writer_maps(w, &maps);
		app_stack(w, 1, 0x7ffd0000);
	}
	return w;
}

/* Writes a trace with write_trace in a new directory (made from dir, a
 * mkdtemp() template), exports it as format, hands the output's path to
 * read, then removes them both and the directory. */
static inline void app_export(char *dir, enum export_format format, void (*write_trace)(const char *path),
			      void (*read)(const char *path, void *ctx), void *ctx)
{
	char trace[256], out[256], err[256];
	struct export_opts opts = { .format = format, .in_path = trace, .out_path = out };
	struct export_result res;

	assert_non_null(mkdtemp(dir));
	snprintf(trace, sizeof(trace), "%s/app.trace", dir);
	snprintf(out, sizeof(out), "%s/app.out", dir);
	write_trace(trace);
	assert_int_equal(export_run(&opts, &res, err, sizeof(err)), 0);
	read(out, ctx);
	unlink(trace);
	unlink(out);
	rmdir(dir);
}

#endif
