#!/usr/bin/env bash
# Writes schedscope(1) to stdout, made by help2man from the program's own
# --help texts, so the manual says what the code does: the synopsis and the
# command list from `schedscope --help`, then a section for each command with
# its `schedscope COMMAND --help`, the commands as `schedscope --help` lists
# them. Usage: scripts/man.sh build/schedscope > build/man/schedscope.1
set -euo pipefail
bin=$1
inc=$(mktemp)
trap 'rm -f "$inc"' EXIT

# roff: a backslash is \e; a line starting with . or ' is text, not a request
roff() { sed -e 's/\\/\\e/g' -e "s/^\\([.']\\)/\\\\\\&\\1/"; }

commands=$("$bin" --help | awk '/^Commands:/ { on = 1; next } on && /^  [a-z]/ { print $1 } on && /^$/ { exit }')
{
  echo "[SYNOPSIS]"
  echo ".B schedscope"
  echo "\\fICOMMAND\\fR [\\fIOPTIONS\\fR]"
  echo ".br"
  echo ".B schedscope"
  echo "\\fICOMMAND\\fR \\fB\\-\\-help\\fR"
  echo "[COMMANDS]"
  echo "Every command takes \\fB\\-\\-help\\fR, which prints what follows."
  for c in $commands; do
    echo ".SS \"schedscope $c\""
    echo ".nf"
    "$bin" "$c" --help | roff
    echo ".fi"
  done
  cat <<'ROFF'
[EXIT STATUS]
0 on success, 1 on failure, 2 on bad usage. \fBrecord\fR and \fBrun\fR exit with
the traced command's status; \fBcheck\fR exits 3 when no check failed but one
was inconclusive.
[ENVIRONMENT]
.TP
.B SUDO_UID, SUDO_GID
set by sudo: the traced command runs as that user, with that user's
privileges only (a negative \fB\-\-nice\fR or a real-time \fB\-\-policy\fR needs
the user's own CAP_SYS_NICE or limits), and every file is created as that user.
.TP
.B SCHEDSCOPE_SCENARIO_DIR
where the scenario programs are (default: beside the binary, or
\fIPREFIX\fR/libexec/schedscope).
.TP
.B SCHEDSCOPE_TRACE_DIR
where \fBlesson\fR looks for reference traces (default: traces/ of the source
tree, or \fIPREFIX\fR/share/schedscope/traces).
[FILES]
.TP
.I NAME.trace, NAME.trace.old
the trace \fBrun\fR keeps, and the one it replaced.
.TP
.I PREFIX/share/schedscope/traces/NAME.trace
the lessons' reference traces, opened by \fBschedscope lesson\fR without root.
ROFF
} >"$inc"

help2man --no-info --no-discard-stderr --section 1 \
  --name "watch the Linux scheduler run your program" --include "$inc" "$bin"
