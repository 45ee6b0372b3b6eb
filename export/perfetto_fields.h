/*
 * The Perfetto field numbers the exporter writes. Each was read from the
 * perfetto repository's protos (google/perfetto, checked at commit
 * ec5d16b14b74); the file each comes from is named above its group. Only
 * numbers live here, no schema: docs/EXPORT.md lists what the importer does
 * with each.
 */
#ifndef SCHEDSCOPE_EXPORT_PERFETTO_FIELDS_H
#define SCHEDSCOPE_EXPORT_PERFETTO_FIELDS_H

/* protos/perfetto/trace/trace.proto: Trace */
#define F_TRACE_PACKET              1   /* repeated TracePacket packet */

/* protos/perfetto/trace/trace_packet.proto: TracePacket */
#define F_PACKET_FTRACE_EVENTS      1   /* FtraceEventBundle */
#define F_PACKET_PROCESS_TREE       2   /* ProcessTree */
#define F_PACKET_CLOCK_SNAPSHOT     6   /* ClockSnapshot */
#define F_PACKET_TIMESTAMP          8   /* uint64 */
#define F_PACKET_SEQ_ID             10  /* uint32 trusted_packet_sequence_id */
#define F_PACKET_TRACK_EVENT        11  /* TrackEvent */
#define F_PACKET_INTERNED_DATA      12  /* InternedData */
#define F_PACKET_SEQ_FLAGS          13  /* uint32 sequence_flags */
#define F_PACKET_SYSTEM_INFO        45  /* SystemInfo */
#define F_PACKET_TRACK_DESCRIPTOR   60  /* TrackDescriptor */
#define F_PACKET_PERF_SAMPLE        66  /* PerfSample */
#define SEQ_INCREMENTAL_STATE_CLEARED 1 /* TracePacket.SequenceFlags */
#define SEQ_NEEDS_INCREMENTAL_STATE 2   /* the packet uses interned ids */

/* protos/perfetto/trace/interned_data/interned_data.proto: InternedData; its
 * entries (EventCategory, EventName in track_event.proto, DebugAnnotationName
 * in debug_annotation.proto, InternedString in profiling/profile_common.proto)
 * are all { iid = 1, name (or str, bytes) = 2 }. */
#define F_ID_EVENT_CATEGORIES       1
#define F_ID_EVENT_NAMES            2
#define F_ID_DEBUG_ANNOTATION_NAMES 3
#define F_ID_DEBUG_ANNOTATION_STRING_VALUES 29
#define F_INTERNED_IID              1
#define F_INTERNED_NAME             2
/* The callstack tables (same InternedData): InternedString entries for the
 * names and paths, then Mapping, Frame and Callstack messages. */
#define F_ID_FUNCTION_NAMES         5   /* InternedString */
#define F_ID_FRAMES                 6   /* Frame */
#define F_ID_CALLSTACKS             7   /* Callstack */
#define F_ID_MAPPING_PATHS          17  /* InternedString */
#define F_ID_SOURCE_PATHS           18  /* InternedString */
#define F_ID_MAPPINGS               19  /* Mapping */

/* protos/perfetto/trace/profiling/profile_common.proto: Mapping, Frame,
 * Callstack. Repeated fields there are not packed (proto2). */
#define F_MAPPING_IID               1
#define F_MAPPING_START             4   /* uint64 */
#define F_MAPPING_END               5   /* uint64 */
#define F_MAPPING_PATH_STRING_IDS   7   /* repeated uint64, mapping_paths iids */
#define F_MAPPING_EXACT_OFFSET      8   /* uint64: the file offset of this mapping */
#define F_FRAME_IID                 1
#define F_FRAME_FUNCTION_NAME_ID    2   /* function_names iid */
#define F_FRAME_MAPPING_ID          3   /* mappings iid; 0: no mapping */
#define F_FRAME_REL_PC              4   /* uint64 */
#define F_FRAME_SOURCE_PATH_IID     5   /* source_paths iid */
#define F_FRAME_LINE_NUMBER         6   /* uint32 */
#define F_CALLSTACK_IID             1
#define F_CALLSTACK_FRAME_IDS       2   /* repeated uint64, the outermost frame first */

/* protos/perfetto/trace/profiling/profile_packet.proto: PerfSample */
#define F_PERF_CPU                  1   /* uint32 */
#define F_PERF_PID                  2   /* uint32 */
#define F_PERF_TID                  3   /* uint32 */
#define F_PERF_CALLSTACK_IID        4   /* uint64 */

/* protos/perfetto/common/system_info.proto: SystemInfo, Utsname */
#define F_SYSINFO_UTSNAME           1
#define F_SYSINFO_NUM_CPUS          8   /* uint32 */
#define F_UTS_SYSNAME               1
#define F_UTS_VERSION               2
#define F_UTS_RELEASE               3
#define F_UTS_MACHINE               4

/* protos/perfetto/trace/clock_snapshot.proto: ClockSnapshot, Clock;
 * protos/perfetto/common/builtin_clock.proto: BuiltinClock */
#define F_CLOCKS_CLOCK              1   /* repeated Clock clocks */
#define F_CLOCKS_PRIMARY            2   /* BuiltinClock primary_trace_clock */
#define F_CLOCK_ID                  1   /* uint32 clock_id */
#define F_CLOCK_TIMESTAMP           2   /* uint64 */
#define BUILTIN_CLOCK_REALTIME      1
#define BUILTIN_CLOCK_BOOTTIME      6

/* protos/perfetto/trace/ps/process_tree.proto: ProcessTree, Process, Thread */
#define F_TREE_PROCESSES            1
#define F_TREE_THREADS              2
#define F_PROCESS_PID               1   /* int32 */
#define F_PROCESS_PPID              2   /* int32 */
#define F_PROCESS_CMDLINE           3   /* repeated string; the first is the name */
#define F_THREAD_TID                1   /* int32 */
#define F_THREAD_NAME               2   /* string */
#define F_THREAD_TGID               3   /* int32 */

/* protos/perfetto/trace/ftrace/ftrace_event_bundle.proto: FtraceEventBundle */
#define F_BUNDLE_CPU                1   /* uint32 */
#define F_BUNDLE_EVENT              2   /* repeated FtraceEvent */
#define F_BUNDLE_LOST_EVENTS        3   /* bool */
#define F_BUNDLE_COMPACT_SCHED      4   /* CompactSched */

/* FtraceEventBundle.CompactSched (same file). Packed repeated fields, one
 * entry per event; timestamps are deltas from the previous event of the same
 * kind in the bundle, the first absolute. */
#define F_CS_SWITCH_TIMESTAMP       1   /* uint64 */
#define F_CS_SWITCH_PREV_STATE      2   /* int64 */
#define F_CS_SWITCH_NEXT_PID        3   /* int32 */
#define F_CS_SWITCH_NEXT_PRIO       4   /* int32 */
#define F_CS_INTERN_TABLE           5   /* repeated string: this bundle's comms */
#define F_CS_SWITCH_NEXT_COMM_INDEX 6   /* uint32, into intern_table */
#define F_CS_WAKING_TIMESTAMP       7   /* uint64 */
#define F_CS_WAKING_PID             8   /* int32: the wakee */
#define F_CS_WAKING_TARGET_CPU      9   /* int32 */
#define F_CS_WAKING_PRIO            10  /* int32 */
#define F_CS_WAKING_COMM_INDEX      11  /* uint32 */

/* protos/perfetto/trace/ftrace/ftrace_event.proto: FtraceEvent */
#define F_FEV_TIMESTAMP             1   /* uint64 */
#define F_FEV_PID                   2   /* uint32: the task that emitted it (current) */
#define F_FEV_SCHED_SWITCH          4
#define F_FEV_SCHED_WAKING          20
#define F_FEV_SCHED_WAKEUP_NEW      114
#define F_FEV_TASK_NEWTASK          235
#define F_FEV_TASK_RENAME           236
#define F_FEV_SCHED_PROCESS_EXEC    237
#define F_FEV_SCHED_PROCESS_EXIT    238
#define F_FEV_SCHED_PROCESS_FORK    239
#define F_FEV_SCHED_PROCESS_FREE    240
#define F_FEV_SIGNAL_DELIVER        324
#define F_FEV_SIGNAL_GENERATE       325
#define F_FEV_SCHED_MIGRATE_TASK    491

/* protos/perfetto/trace/ftrace/sched.proto */
#define F_SWITCH_PREV_COMM          1   /* SchedSwitchFtraceEvent */
#define F_SWITCH_PREV_PID           2
#define F_SWITCH_PREV_PRIO          3
#define F_SWITCH_PREV_STATE         4   /* int64, the kernel's report form */
#define F_SWITCH_NEXT_COMM          5
#define F_SWITCH_NEXT_PID           6
#define F_SWITCH_NEXT_PRIO          7
#define F_WAKE_COMM                 1   /* SchedWakingFtraceEvent, SchedWakeupNewFtraceEvent */
#define F_WAKE_PID                  2
#define F_WAKE_PRIO                 3
#define F_WAKE_SUCCESS              4
#define F_WAKE_TARGET_CPU           5
#define F_EXEC_FILENAME             1   /* SchedProcessExecFtraceEvent */
#define F_EXEC_PID                  2
#define F_EXEC_OLD_PID              3
#define F_EXIT_COMM                 1   /* SchedProcessExitFtraceEvent */
#define F_EXIT_PID                  2
#define F_EXIT_TGID                 3
#define F_EXIT_PRIO                 4
#define F_FORK_PARENT_COMM          1   /* SchedProcessForkFtraceEvent */
#define F_FORK_PARENT_PID           2
#define F_FORK_CHILD_COMM           3
#define F_FORK_CHILD_PID            4
#define F_FREE_COMM                 1   /* SchedProcessFreeFtraceEvent */
#define F_FREE_PID                  2
#define F_FREE_PRIO                 3
#define F_MIGRATE_COMM              1   /* SchedMigrateTaskFtraceEvent */
#define F_MIGRATE_PID               2
#define F_MIGRATE_PRIO              3
#define F_MIGRATE_ORIG_CPU          4
#define F_MIGRATE_DEST_CPU          5

/* protos/perfetto/trace/ftrace/signal.proto */
#define F_SIGDELIVER_CODE           1   /* SignalDeliverFtraceEvent: int32 code */
#define F_SIGDELIVER_SIG            3   /* int32 (sa_flags = 2 is not written) */
#define F_SIGGEN_CODE               1   /* SignalGenerateFtraceEvent: int32 code */
#define F_SIGGEN_COMM               2   /* the target's comm */
#define F_SIGGEN_PID                4   /* the target */
#define F_SIGGEN_RESULT             5   /* TRACE_SIGNAL_*: 0 delivered, 1 ignored... */
#define F_SIGGEN_SIG                6   /* (group = 3 is not written) */

/* protos/perfetto/trace/ftrace/task.proto */
#define F_NEWTASK_PID               1   /* TaskNewtaskFtraceEvent */
#define F_NEWTASK_COMM              2
#define F_NEWTASK_CLONE_FLAGS       3   /* uint64 */
#define F_RENAME_PID                1   /* TaskRenameFtraceEvent */
#define F_RENAME_OLDCOMM            2
#define F_RENAME_NEWCOMM            3

/* protos/perfetto/trace/track_event/track_descriptor.proto: TrackDescriptor;
 * thread_descriptor.proto: ThreadDescriptor */
#define F_TRACK_UUID                1   /* uint64 */
#define F_TRACK_NAME                2   /* string */
#define F_TRACK_THREAD              4   /* ThreadDescriptor */
#define F_TRACK_PARENT_UUID         5   /* uint64 */
#define F_THREAD_DESC_PID           1   /* int32 */
#define F_THREAD_DESC_TID           2   /* int64 */

/* protos/perfetto/trace/track_event/track_event.proto: TrackEvent;
 * debug_annotation.proto: DebugAnnotation */
#define F_TE_CATEGORY_IIDS          3   /* repeated uint64 */
#define F_TE_DEBUG_ANNOTATIONS      4
#define F_TE_TYPE                   9
#define F_TE_NAME_IID               10
#define F_TE_TRACK_UUID             11
#define F_TE_CATEGORIES             22  /* repeated string */
#define F_TE_NAME                   23
#define F_TE_FLOW_IDS               47  /* repeated fixed64 */
#define F_TE_TERMINATING_FLOW_IDS   48  /* repeated fixed64 */
#define TE_TYPE_SLICE_BEGIN         1
#define TE_TYPE_SLICE_END           2
#define TE_TYPE_INSTANT             3
#define F_DA_NAME_IID               1
#define F_DA_INT_VALUE              4
#define F_DA_STRING_VALUE           6
#define F_DA_STRING_VALUE_IID       17
#define F_DA_NAME                   10

#endif
