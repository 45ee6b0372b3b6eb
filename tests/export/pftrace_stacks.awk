# Reads `protoc --decode=schedscope.perfetto.Trace perfetto_subset.proto` text
# and follows the callstack tables the way trace_processor's importer does
# (stack_profile_sequence_state.cc): InternedData entries keyed by field and
# iid on their sequence, a Frame's function name, source path and mapping, a
# Callstack's frames (the first frame the outermost), a PerfSample's
# callstack_iid. Prints, per PerfSample:
#   S ts tid pid cpu|- seq callstack_iid names
# with names the frames' function names, innermost first, joined by ";"
# ("-" for a frame without one), and, for anything the importer would reject
# or that interning should have avoided:
#   E what
# an iid defined twice on the sequence, one used before it is defined (or
# never), the same string, frame or callstack interned twice, a packet with
# interned data or a sample on a sequence whose incremental state was never
# cleared, or one that does not say it needs that state.
function unq(s) { sub(/^[^:]*: /, "", s); if (s ~ /^"/) { s = substr(s, 2, length(s) - 2) } return s }
function err(s) { print "E " s }
function define(kind, iid, content) {
  if ((seq, kind, iid) in def) err(kind " iid " iid " defined twice")
  def[seq, kind, iid] = content; defpk[seq, kind, iid] = npk
  if (content != "" && (seq, kind, "=" content) in same) err(kind " " content " interned twice (iids " same[seq, kind, "=" content] " and " iid ")")
  if (content != "") same[seq, kind, "=" content] = iid
}
# A packet's InternedData is taken in whole before anything resolves against
# it (ParseInternedData), so its entries may name each other in any order:
# their references are checked when it ends.
function need(kind, iid, user) { if (iid != "" && iid != 0) { nneed++; need_kind[nneed] = kind; need_iid[nneed] = iid; need_user[nneed] = user } }
function check_needs(   i) {
  for (i = 1; i <= nneed; i++)
    if (!((seq, need_kind[i], need_iid[i]) in def)) err(need_user[i] " uses " need_kind[i] " iid " need_iid[i] " before it is defined")
  nneed = 0
}
{ line = $0; sub(/^ +/, "", line) }
line ~ / \{$/ {
  name = line; sub(/ \{$/, "", name); stack[++depth] = name
  if (name == "packet") { pk_ts = ""; seq = ""; flags = 0; has_id = 0; npk++ }
  else if (name == "interned_data") has_id = 1
  else if (name == "function_names" || name == "source_paths" || name == "mapping_paths") { e_iid = ""; e_str = "" }
  else if (name == "frames") { f_iid = f_fn = f_map = f_pc = f_src = f_line = "" }
  else if (name == "callstacks") { c_iid = ""; c_frames = "" }
  else if (name == "mappings") { m_iid = ""; m_paths = ""; m_rest = "" }
  else if (name == "perf_sample") { s_cpu = "-"; s_pid = s_tid = s_cs = "" }
  next
}
line == "}" {
  name = stack[depth--]
  if (name == "function_names" || name == "source_paths" || name == "mapping_paths") {
    define(name, e_iid, e_str); str[seq, name, e_iid] = e_str
  } else if (name == "mappings") {
    n = split(m_paths, parts, " ")
    for (i = 1; i <= n; i++) need("mapping_paths", parts[i], "mapping " m_iid)
    define("mappings", m_iid, m_paths "|" m_rest)
  } else if (name == "frames") {
    need("function_names", f_fn, "frame " f_iid); need("source_paths", f_src, "frame " f_iid)
    need("mappings", f_map, "frame " f_iid)
    if (f_map != "" && f_pc == "") err("frame " f_iid " has a mapping but no rel_pc")
    define("frames", f_iid, f_fn "|" f_map "|" f_pc "|" f_src "|" f_line)
    f_pending[f_iid] = f_fn
  } else if (name == "callstacks") {
    n = split(c_frames, parts, " ")
    if (!n) err("callstack " c_iid " has no frames")
    for (i = 1; i <= n; i++) need("frames", parts[i], "callstack " c_iid)
    define("callstacks", c_iid, c_frames)
    cs_pending[c_iid] = c_frames
  } else if (name == "interned_data") {
    check_needs()
    for (f in f_pending) fname[seq, f] = (f_pending[f] == "" || f_pending[f] == 0) ? "-" : str[seq, "function_names", f_pending[f]]
    delete f_pending
    for (c in cs_pending) {      # innermost first: the callstack's last frame first
      n = split(cs_pending[c], parts, " "); names = ""
      for (i = n; i >= 1; i--) names = names (names == "" ? "" : ";") fname[seq, parts[i]]
      csnames[seq, c] = names
    }
    delete cs_pending
  } else if (name == "perf_sample") {
    need("callstacks", s_cs, "the sample at " pk_ts); check_needs()
    print "S", pk_ts, s_tid, s_pid, s_cpu, seq, s_cs, csnames[seq, s_cs]
    has_id = 2
  } else if (name == "packet") {
    if (has_id && !(seq in cleared)) err("packet at " pk_ts ": interned data or a sample on sequence " seq " before its state was cleared")
    if (has_id && int(flags / 2) % 2 == 0) err("packet at " pk_ts ": interned data or a sample without SEQ_NEEDS_INCREMENTAL_STATE")
  }
  next
}
{
  key = line; sub(/:.*/, "", key); val = unq(line); parent = stack[depth]
  if (parent == "packet") {
    if (key == "timestamp") pk_ts = val
    if (key == "trusted_packet_sequence_id") seq = val
    # a cleared state forgets what earlier packets of the sequence interned
    if (key == "sequence_flags") { flags = val + 0; if (flags % 2) { cleared[seq]; for (k in def) { split(k, kk, SUBSEP); if (kk[1] == seq && defpk[k] < npk) delete def[k] } } }
  } else if (parent == "function_names" || parent == "source_paths" || parent == "mapping_paths") {
    if (key == "iid") e_iid = val; if (key == "str") e_str = val
  } else if (parent == "mappings") {
    if (key == "iid") m_iid = val; else if (key == "path_string_ids") m_paths = m_paths (m_paths == "" ? "" : " ") val
    else m_rest = m_rest " " key "=" val
  } else if (parent == "frames") {
    if (key == "iid") f_iid = val; if (key == "function_name_id") f_fn = val; if (key == "mapping_id") f_map = val
    if (key == "rel_pc") f_pc = val; if (key == "source_path_iid") f_src = val; if (key == "line_number") f_line = val
  } else if (parent == "callstacks") {
    if (key == "iid") c_iid = val; if (key == "frame_ids") c_frames = c_frames (c_frames == "" ? "" : " ") val
  } else if (parent == "perf_sample") {
    if (key == "cpu") s_cpu = val; if (key == "pid") s_pid = val; if (key == "tid") s_tid = val
    if (key == "callstack_iid") s_cs = val
  }
}
