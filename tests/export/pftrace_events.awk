# Reads `protoc --decode=schedscope.perfetto.Trace perfetto_subset.proto` text
# and prints one line per ftrace event in the order Perfetto's importer
# tokenizes them (per bundle: compact switches, compact wakings, full events):
#   CPU TS SEQ KIND FIELDS...
# with KIND one of
#   S prev|- next prev_state next_comm prev_comm|-   (compact switch: prev is "-")
#   W waker|- wakee target_cpu comm          (compact waking: waker is "-")
#   U waker wakee target_cpu                 (sched_wakeup_new)
#   N parent child clone_flags comm          (task_newtask)
#   F parent child                           (sched_process_fork)
#   E pid old_pid filename                   (sched_process_exec)
#   X pid tgid                               (sched_process_exit)
#   R pid common_pid                         (sched_process_free)
#   M common_pid pid orig dest               (sched_migrate_task)
#   A pid newcomm                            (task_rename)
#   G sender target sig result comm          (signal_generate; comm: the target's)
#   V pid sig                                (signal_deliver)
#   L                                        (the bundle has lost_events)
# and, with CPU "-" and the packet's timestamp (0 if it has none):
# "- TS SEQ T tid tgid name|-" for ProcessTree threads (- : no name),
# "- TS SEQ P pid ppid" for its processes (ppid 0 when absent),
# "- TS SEQ K uuid type category flow_id|- terminating_flow_id|- name..." for
# TrackEvents (markers, sleeps: type 1 begin, 2 end, 3 instant),
# "- 0 SEQ D uuid tid|- pid|- name|- TS" for track descriptors (thread tracks
# have a tid; named global tracks a name), listed first: the importer knows
# every descriptor from the start (tokenizer) and resolves it at its TS or at
# the first event on it, whichever comes first,
# "- 0 SEQ I key value" for packet-level facts (sysinfo, sequence ids).
# Names (comms) have their spaces written \040, so each is one field.
# pftrace_infer.awk then fills in what the importer infers.
function unq(s) { sub(/^[^:]*: /, "", s); if (s ~ /^"/) { s = substr(s, 2, length(s) - 2) } return s }
function nm(s) { if (s == "") return "-"; gsub(/ /, "\\040", s); return s }
function out(cpu, ts, kind, rest) { printf "%s %s %d %s %s\n", cpu, ts, ++seq, kind, rest }
# Timestamps can pass 2^53, where awk's numbers stop being exact: they are
# summed as seconds and nanoseconds, from their decimal strings.
function acc_set(v) { acc_s = length(v) > 9 ? substr(v, 1, length(v) - 9) + 0 : 0; acc_ns = substr(v, length(v) > 9 ? length(v) - 8 : 1) + 0 }
function acc_add(d) { if (length(d) > 15) { acc_set(d); return } acc_ns += d; acc_s += int(acc_ns / 1e9); acc_ns = acc_ns % 1e9 }
function acc_str() { return acc_s ? sprintf("%.0f%09.0f", acc_s, acc_ns) : sprintf("%.0f", acc_ns) }
function flush_bundle(   i) {
  for (i = 1; i <= nsw; i++) {
    if (i == 1) acc_set(sw_ts[i]); else acc_add(sw_ts[i])
    out(bcpu, acc_str(), "S", "- " sw_pid[i] " " sw_state[i] " " nm(intern[sw_comm[i]]) " -")
  }
  for (i = 1; i <= nwk; i++) {
    if (i == 1) acc_set(wk_ts[i]); else acc_add(wk_ts[i])
    out(bcpu, acc_str(), "W", "- " wk_pid[i] " " wk_cpu[i] " " nm(intern[wk_comm[i]]))
  }
  for (i = 1; i <= nfull; i++)
    out(bcpu, full_ts[i], full_kind[i], full_rest[i])
  if (blost) out(bcpu, 0, "L", "")
  nsw = nwk = nfull = nintern = 0; blost = 0
  delete sw_ts; delete sw_state; delete sw_pid; delete sw_comm
  delete wk_ts; delete wk_pid; delete wk_cpu; delete wk_comm; delete intern
}
function full_event(   kind, rest) {
  if (ev_kind == "sched_switch") { kind = "S"; rest = f["prev_pid"] " " f["next_pid"] " " f["prev_state"] " " nm(f["next_comm"]) " " nm(f["prev_comm"]) }
  else if (ev_kind == "sched_waking") { kind = "W"; rest = ev_pid " " f["pid"] " " f["target_cpu"] " " nm(f["comm"]) }
  else if (ev_kind == "sched_wakeup_new") { kind = "U"; rest = ev_pid " " f["pid"] " " f["target_cpu"] }
  else if (ev_kind == "task_newtask") { kind = "N"; rest = ev_pid " " f["pid"] " " (f["clone_flags"] + 0) " " nm(f["comm"]) }
  else if (ev_kind == "sched_process_fork") { kind = "F"; rest = f["parent_pid"] " " f["child_pid"] }
  else if (ev_kind == "sched_process_exec") { kind = "E"; rest = f["pid"] " " f["old_pid"] " " f["filename"] }
  else if (ev_kind == "sched_process_exit") { kind = "X"; rest = f["pid"] " " f["tgid"] }
  else if (ev_kind == "sched_process_free") { kind = "R"; rest = f["pid"] " " ev_pid }
  else if (ev_kind == "sched_migrate_task") { kind = "M"; rest = ev_pid " " f["pid"] " " f["orig_cpu"] " " f["dest_cpu"] }
  else if (ev_kind == "task_rename") { kind = "A"; rest = f["pid"] " " nm(f["newcomm"]) }
  else if (ev_kind == "signal_generate") { kind = "G"; rest = ev_pid " " f["pid"] " " f["sig"] " " (f["result"] + 0) " " nm(f["comm"]) }
  else if (ev_kind == "signal_deliver") { kind = "V"; rest = ev_pid " " f["sig"] }
  else { kind = "?"; rest = ev_kind }
  nfull++; full_ts[nfull] = ev_ts; full_kind[nfull] = kind; full_rest[nfull] = rest
}
{ line = $0; sub(/^ +/, "", line) }
line ~ / \{$/ {
  name = line; sub(/ \{$/, "", name)
  stack[++depth] = name
  if (name == "packet") { npackets++; pk_ts = ""; npk = 0; te_name = ""; te_uuid = ""; te_type = ""; te_cat = ""; te_flow = "-"; te_tflow = "-"; te_pending = 0; te_name_iid = ""; te_cat_iid = "" }
  if (name == "event_names" || name == "event_categories") { in_iid = ""; in_name = "" }
  if (name == "ftrace_events") { bcpu = "?"; nsw = nwk = nfull = nintern = 0; blost = 0 }
  if (name == "event") { ev_ts = ""; ev_pid = ""; ev_kind = ""; delete f }
  if (depth == 4 && stack[3] == "event") ev_kind = name
  if (name == "threads") { t_tid = t_tgid = ""; t_name = "" }
  if (name == "processes") { p_pid = p_ppid = "" }
  if (name == "compact_sched") { nsw_ts = nsw_st = nsw_c = nwk_ts = nwk_c = nwk_n = 0 }
  if (name == "track_descriptor") { td_uuid = ""; td_tid = td_pid = td_name = "-" }
  next
}
line == "}" {
  name = stack[depth--]
  if (name == "event") full_event()
  else if (name == "ftrace_events") flush_bundle()
  # the packet's timestamp follows its ProcessTree: kept until the packet ends
  else if (name == "threads") pk_line[++npk] = "T " t_tid " " t_tgid " " nm(t_name)
  else if (name == "processes") pk_line[++npk] = "P " p_pid " " (p_ppid + 0)
  else if (name == "track_event") te_pending = 1
  else if (name == "event_names") ename[in_iid] = in_name
  else if (name == "event_categories") ecat[in_iid] = in_name
  else if (name == "packet" && npk) {
    for (i = 1; i <= npk; i++) {
      k = pk_line[i]; sub(/ .*/, "", k); r = pk_line[i]; sub(/^[^ ]* /, "", r)
      if (k == "D") out("-", 0, k, r " " (pk_ts == "" ? 0 : pk_ts))
      else out("-", pk_ts == "" ? 0 : pk_ts, k, r)
    }
  }
  else if (name == "packet" && te_pending) {
    # interned names arrive in the packet's InternedData, after the event
    if (te_name == "" && te_name_iid != "") te_name = ename[te_name_iid]
    if (te_cat == "" && te_cat_iid != "") te_cat = ecat[te_cat_iid]
    out("-", pk_ts, "K", te_uuid " " te_type " " (te_cat == "" ? "-" : te_cat) " " te_flow " " te_tflow " " (te_name == "" ? "-" : te_name))
  }
  else if (name == "track_descriptor") pk_line[++npk] = "D " td_uuid " " td_tid " " td_pid " " nm(td_name == "-" ? "" : td_name)
  next
}
{
  key = line; sub(/:.*/, "", key); val = unq(line); parent = stack[depth]
  if (parent == "packet") {
    if (key == "timestamp") pk_ts = val
    if (key == "trusted_packet_sequence_id") out("-", 0, "I", "seq " val)
  } else if (parent == "utsname" && key == "release") out("-", 0, "I", "release " val)
  else if (parent == "system_info" && key == "num_cpus") out("-", 0, "I", "num_cpus " val)
  else if (parent == "ftrace_events") {
    if (key == "cpu") bcpu = val
    if (key == "lost_events" && val == "true") blost = 1
  } else if (parent == "compact_sched") {
    if (key == "switch_timestamp") sw_ts[++nsw_ts] = val
    else if (key == "switch_prev_state") sw_state[++nsw_st] = val
    else if (key == "switch_next_pid") { sw_pid[++nsw] = val }
    else if (key == "switch_next_comm_index") sw_comm[++nsw_c] = val
    else if (key == "intern_table") intern[nintern++] = val
    else if (key == "waking_timestamp") wk_ts[++nwk_ts] = val
    else if (key == "waking_pid") wk_pid[++nwk] = val
    else if (key == "waking_target_cpu") wk_cpu[++nwk_c] = val
    else if (key == "waking_comm_index") wk_comm[++nwk_n] = val
  } else if (parent == "event") {
    if (key == "timestamp") ev_ts = val
    if (key == "pid") ev_pid = val
  } else if (depth == 4 && stack[3] == "event") f[key] = val
  else if (parent == "threads") {
    if (key == "tid") t_tid = val; if (key == "tgid") t_tgid = val; if (key == "name") t_name = val
  } else if (parent == "processes") {
    if (key == "pid") p_pid = val; if (key == "ppid") p_ppid = val
  } else if (parent == "event_names" || parent == "event_categories") {
    if (key == "iid") in_iid = val; if (key == "name") in_name = val
  } else if (parent == "track_descriptor") {
    if (key == "uuid") td_uuid = val; if (key == "name") td_name = val
  } else if (parent == "thread" && stack[depth - 1] == "track_descriptor") {
    if (key == "tid") td_tid = val; if (key == "pid") td_pid = val
  } else if (parent == "track_event") {
    if (key == "name") te_name = val; if (key == "track_uuid") te_uuid = val
    if (key == "type") te_type = val; if (key == "categories") te_cat = val
    if (key == "name_iid") te_name_iid = val; if (key == "category_iids") te_cat_iid = val
    if (key == "flow_ids") te_flow = val; if (key == "terminating_flow_ids") te_tflow = val
  }
}
END { out("-", 0, "I", "packets " npackets) }
