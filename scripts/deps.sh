#!/usr/bin/env bash
# Install the Debian packages overlap needs, only those missing.
# usage: scripts/deps.sh [--test|--fuzz]
#   --test adds what the test suite uses (cmocka, valgrind, chromium, Open MPI for cli_mpi); --fuzz adds clang and its
#   libFuzzer runtime for scripts/fuzz.sh.
set -euo pipefail
pkgs=(gcc meson ninja-build pkg-config zlib1g-dev libjansson-dev libxxhash-dev libutf8proc-dev
      libstemmer-dev liburing-dev wordnet-dev wordnet-base libsqlite3-dev libdeflate-dev gnuplot-nox python3)
case "${1:-}" in
--test) pkgs+=(libcmocka-dev valgrind chromium libopenmpi-dev openmpi-bin) ;;
--fuzz) pkgs+=(clang libclang-rt-14-dev) ;;
esac
missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "overlap: installing missing packages: ${missing[*]}" >&2
if [ "$(id -u)" -eq 0 ]; then
	sudo=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
	sudo=(sudo -n)
else
	echo "overlap: missing packages: ${missing[*]}; run as root or with sudo: apt-get install ${missing[*]}" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -q >/dev/null || { echo "overlap: apt-get update failed" >&2; exit 1; }
if ! "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null; then
	echo "overlap: apt-get install failed for: ${missing[*]}" >&2
	exit 1
fi
