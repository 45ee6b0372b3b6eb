# What the host took of each CPU (steal, tracer/steal.c), against the running
# machine: `info` has one figure per CPU, and each is within what /proc/stat
# counted for that CPU around the whole recording (it cannot be more; a
# wrong column of /proc/stat, or ticks read as ns, would be far more).
# `stats` says the same per CPU, from the model.
source "$(dirname "$0")/../lib.sh"

need_root host-steal-info host-steal-within-proc-stat host-steal-stats-same-as-info || exit 0

# steal per CPU in ns, "cpu0 N cpu1 N ..."
steal_now() { awk -v hz="$(getconf CLK_TCK)" '$1 ~ /^cpu[0-9]+$/ { printf "%s %.0f ", $1, $9 * (1e9 / hz) }' /proc/stat; }

T=$T_TMP/steal.trace
before=$(steal_now)
"$SCHEDSCOPE" record -q -o "$T" -- /bin/sleep 1 > /dev/null 2>&1
after=$(steal_now)
ncpu=$("$SCHEDSCOPE" info "$T" | awk '$1 == "cpus" { print $2 }')
line=$("$SCHEDSCOPE" info "$T" | grep '^steal ')
check_eq host-steal-info "$ncpu" \
  "$(grep -E '^steal +the host took [0-9]+\.[0-9]% of the CPUs \((cpu[0-9]+ [0-9.]+ [mun]?s(, |\)$))+' <<<"$line" | grep -oE 'cpu[0-9]+ ' | wc -l)"
# each CPU's recorded steal, in ns, beside /proc/stat's growth around the recording
over=$(awk -v b="$before" -v a="$after" -v l="$line" 'BEGIN {
  n = split(b, x, " "); for (i = 1; i < n; i += 2) was[x[i]] = x[i + 1]
  n = split(a, y, " "); for (i = 1; i < n; i += 2) grew[y[i]] = y[i + 1] - was[y[i]]
  sub(/.*of the CPUs \(/, "", l); sub(/\)$/, "", l); n = split(l, f, ", ")
  unit["ns"] = 1; unit["us"] = 1e3; unit["ms"] = 1e6; unit["s"] = 1e9
  for (i = 1; i <= n; i++) { split(f[i], g, " "); ns = g[2] * unit[g[3]]
    if (!(g[1] in grew) || ns > grew[g[1]] + 1) printf "%s recorded %.0f ns, /proc/stat grew %.0f; ", g[1], ns, grew[g[1]]
    else ok++ }
  printf "%d CPUs within", ok
}')
check_eq host-steal-within-proc-stat "$ncpu CPUs within" "$over"
# the model spreads the samples over time; over the whole recording it has them all
if ! grep -qE 'cpu[0-9]+ [1-9]' <<<"$line"; then
  skip host-steal-stats-same-as-info "the host took nothing while we recorded: nothing to spread ($line)"
else check_eq host-steal-stats-same-as-info \
  "$(sed 's/.*of the CPUs (//; s/)$//; s/, /\n/g' <<<"$line" | sed 's/^cpu\([0-9]*\) /CPU \1 /')" \
  "$("$SCHEDSCOPE" stats "$T" | sed -n '/^What the host took/,$p' | sed -n 's/^  CPU \([0-9]*\)  \(.*\) ([0-9.]*%)$/CPU \1 \2/p')"
fi
