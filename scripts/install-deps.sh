#!/usr/bin/env bash
# Installs the Debian 12 packages that schedscope's build, tests and benchmarks need.
# One list, used by `make deps`, `make run` and .ci/run, so a fresh machine and CI agree.
set -euo pipefail

PACKAGES=(
  make gcc pkg-config                 # host build
  clang llvm bpftool                  # BPF objects and skeletons
  libclang-rt-14-dev                  # libFuzzer and the sanitizers' runtimes (make fuzz, make asan)
  libbpf-dev libelf-dev zlib1g-dev    # libbpf and what it links
  libdw-dev                           # elfutils libdwfl: user stacks into functions and lines (symbols/)
  golang-go                           # go tool pprof reads the off-CPU profile (tests/stacks)
  libncurses-dev                      # ncursesw for the live UI
  libcmocka-dev                       # unit tests
  libaudit-dev                        # the system's syscall names (model/syscalls.c)
  systemtap-sdt-dev                   # <sys/sdt.h> USDT probes in scenarios
  protobuf-compiler jq tmux           # export and UI tests
  procps binutils strace              # pgrep in UI tests, readelf for USDT notes, sleeps asked for
  sudo passwd                         # the sudo tests: a real sudoers rule, useradd
  time                                # GNU time: peak RSS in tests/tracefile, bench/read_memory.sh
  linux-perf hyperfine                # benchmarks and cross-checks
  help2man man-db bash-completion     # the manual from --help; man -l and completion in tests
  libxml2-dev libxml2-utils           # the SVG pictures read back (unit test) and checked by xmllint
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done

if [ "${#missing[@]}" -eq 0 ] && [ "${1:-}" != "--update" ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: missing packages: ${missing[*]}; run as root (sudo $0)" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y "${PACKAGES[@]}"
