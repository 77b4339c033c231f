#!/usr/bin/env bash
# CPU and wall time of `overlap analyze` with and without topical similarity + stories, runs
# alternated so machine load hits both alike. usage: bench/stories_cost.sh CORPUS [RUNS] [ANALYZE ARGS...]
# Default corpus: the shared benchmark corpus built into /tmp/bench-corpus (see bench/run.sh --shared).
# BASE=/path/to/an/older/overlap alternates that binary with build/overlap (before / after figures).
# Read user + sys (CPU seconds) and take medians: the machine is shared, wall time follows its load.
set -euo pipefail
cd "$(dirname "$0")/.."
C=${1:-/tmp/bench-corpus/docs}
RUNS=${2:-3}
shift 2 2>/dev/null || shift $# 
[ -x build/overlap ] || { meson setup build -Dbuildtype=release >/dev/null && ninja -C build -j2 >/dev/null; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for i in $(seq 1 "$RUNS"); do
	for bin in ${BASE:-} build/overlap; do
		for mode in --no-stories ""; do
			/usr/bin/time -f "$bin ${mode:-with stories} run $i: %U s user + %S s sys, %e s wall, %M KB" \
				"$bin" analyze -q --no-html --no-charts -t 0.5 $mode -o "$out" "$@" "$C" 2>&1 |
				grep -v ': binary file, skipped$' || true
		done
	done
done
