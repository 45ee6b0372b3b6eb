#!/usr/bin/env bash
# `make bench`: every benchmark in bench/, the recording overhead first. Root
# for the recording benchmarks. Figures go to README.md; nothing here asserts.
set -u
cd "$(dirname "$0")/.."
status=0
# bench/soak.sh runs on its own: 10 minutes a run (README.md).
for b in bench/overhead.sh $(ls bench/*.sh | grep -v -e '^bench/run.sh$' -e '^bench/overhead.sh$' \
    -e '^bench/lib.sh$' -e '^bench/soak.sh$'); do
  echo "=== $b"
  bash "$b" || status=1
  echo
done
exit $status
