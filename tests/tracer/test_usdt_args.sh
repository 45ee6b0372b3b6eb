# --usdt PATH names a binary whose probes all get attached; one that cannot
# be read, or is not ELF (a script, a text file), has no probes to attach,
# and used to record without a single marker, exit 0 and say nothing. It is
# a usage error now, said before anything loads or is written, so no root
# is needed to check it.
source "$(dirname "$0")/../lib.sh"

printf '#!/bin/sh\ntrue\n' > "$T_TMP/script.sh"
chmod 755 "$T_TMP/script.sh"
# usdt_arg NAME PATH MESSAGE: record refuses --usdt PATH with MESSAGE and
# the usage exit code, and writes no trace
usdt_arg() {
  "$SCHEDSCOPE" record -q --usdt "$2" -o "$T_TMP/$1.trace" -- true 2> "$T_TMP/$1.err"
  check_eq "usdt-arg-$1-exit" 2 "$?"
  check_eq "usdt-arg-$1-said" "schedscope record: $3" "$(head -1 "$T_TMP/$1.err")"
  check_eq "usdt-arg-$1-no-trace" absent "$([ -e "$T_TMP/$1.trace" ] && echo present || echo absent)"
}
usdt_arg missing "$T_TMP/nonexistent" "--usdt $T_TMP/nonexistent: No such file or directory"
usdt_arg script "$T_TMP/script.sh" "--usdt $T_TMP/script.sh is not an ELF program or library, so it has no USDT probes"
