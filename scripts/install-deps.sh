#!/usr/bin/env bash
# Installs the Debian 12 packages that schedscope's build, tests and benchmarks need.
# One list, used by `make deps`, `make run` and .ci/run, so a fresh machine and CI agree.
set -euo pipefail

PACKAGES=(
  make gcc pkg-config                 # host build
  clang llvm bpftool                  # BPF objects and skeletons
  libbpf-dev libelf-dev zlib1g-dev    # libbpf and what it links
  libncurses-dev                      # ncursesw for the live UI
  libcmocka-dev                       # unit tests
  systemtap-sdt-dev                   # <sys/sdt.h> USDT probes in scenarios
  protobuf-compiler jq tmux           # export and UI tests
  procps binutils                     # pgrep in UI tests, readelf for USDT notes
  linux-perf hyperfine                # benchmarks and cross-checks
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
