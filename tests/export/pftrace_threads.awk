# The thread table Perfetto's importer builds from an export, for the tests.
# Reads pftrace_events.awk's lines in the importer's order (every packet and
# bundle merged by time: sort -k2,2n -k1,1 -k3,3n) and follows the rules of
# trace_processor's process tracker (google/perfetto,
# src/trace_processor/importers/common/process_tracker.cc, with ftrace_parser.cc,
# ftrace_sched_event_tracker.cc, system_probes_parser.cc, track_event_tracker.cc):
#   - task_newtask starts a new thread for its pid (StartNewThread, or
#     StartNewProcess without CLONE_THREAD); sched_process_free ends it;
#   - anything else that names a tid (a switch's prev or next, a waking's
#     waker or wakee, an event's common pid, a rename, a signal's target, a
#     ProcessTree thread or a process's pid and ppid, a thread track
#     descriptor) looks up the live thread of that tid and makes one if
#     there is none (GetOrCreateThread, UpdateThread);
#   - names have priorities: ProcessTree (2) over ftrace comms (1); a name
#     replaces one of lower or equal priority (UpdateThreadName).
# A thread made by a mention and then replaced by the tid's task_newtask is
# the "second thread" of one tid's life: nameless, with nothing on it.
#
# Prints
#   early TID KIND TS NEWTASK_TS   a tid named (by KIND, at TS) before its task_newtask
#   thread UTID TID NAME|- HOW     every thread at the end (HOW: tree, newtask,
#                                  or the kind of event that made it)
# For compact events the importer's own inference is replayed: a compact
# switch's prev and a compact waking's waker are the CPU's running task.
function mention(tid, how, ts) {
  if (tid == "" || tid == "-" || tid == 0) return
  if (!(tid in live)) { live[tid] = ++nu; utid_tid[nu] = tid; made[nu] = how; made_ts[nu] = ts }
}
function name(tid, n, prio,   u) {
  if (tid == "" || tid == "-" || tid == 0 || n == "-" || n == "") return
  u = live[tid]
  if (prio >= uprio[u] + 0) { uname[u] = n; uprio[u] = prio }
}
# A thread track's descriptor is resolved (UpdateThread) at its packet's time
# or at the first TrackEvent on it, whichever comes first.
function resolve(uuid, ts) {
  if (!(uuid in pending)) return
  delete pending[uuid]
  mention(d_pid[uuid], "descriptor", ts); mention(d_tid[uuid], "descriptor", ts)
}
$4 == "D" { if ($6 != "-") { pending[$5] = $9; d_tid[$5] = $6; d_pid[$5] = $7 } next }
{ for (u in pending) if (pending[u] + 0 <= $2 + 0) resolve(u, pending[u]) }
$1 == "-" {
  ts = $2; k = $4
  if (k == "T") { mention($6, "tree", ts); mention($5, "tree", ts); name($5, $7, 2) }
  else if (k == "P") { mention($6, "ppid", ts); mention($5, "tree", ts) }
  else if (k == "K") resolve($5, ts)
  next
}
{
  cpu = $1; ts = $2; k = $4
  if (k == "S") {
    prev = $5
    if (prev == "-") prev = cpu in cur ? cur[cpu] : ""
    else { mention(prev, "switch", ts); name(prev, $9, 1) }
    mention($6, "switch", ts); name($6, $8, 1)
    cur[cpu] = $6
  } else if (k == "W") {
    waker = $5 == "-" ? (cpu in cur ? cur[cpu] : "") : $5
    mention($6, "waking", ts); name($6, $8, 1)
    mention(waker, "waking", ts)
  } else if (k == "N") {
    mention($5, "newtask-parent", ts)
    if (($6 in live) && made[live[$6]] != "tree" && made[live[$6]] != "newtask")
      print "early", $6, made[live[$6]], made_ts[live[$6]], ts
    live[$6] = ++nu; utid_tid[nu] = $6; made[nu] = "newtask"; made_ts[nu] = ts
    name($6, $8, 1)
  } else if (k == "R") { mention($6, "free", ts); delete live[$5] }
  else if (k == "A") { mention($5, "rename", ts); name($5, $6, 1) }
  else if (k == "G") { mention($5, "signal", ts); mention($6, "signal", ts) }
  else if (k == "U" || k == "F" || k == "E" || k == "X" || k == "V") mention($5, k, ts)
  else if (k == "M") mention($5, "migrate", ts)
}
END {
  for (u in pending) resolve(u, pending[u])
  for (u = 1; u <= nu; u++) print "thread", u, utid_tid[u], (u in uname ? uname[u] : "-"), made[u]
}
