#!/usr/bin/env bash
# CPU time of `overlap analyze` with and without topical similarity + stories (`--no-stories`
# turns both off), runs alternated so machine load hits both alike; then the median of each
# and what stories add. usage: bench/stories_cost.sh [CORPUS] [RUNS] [ANALYZE ARGS...]
# Default corpus: the shared benchmark corpus built into /tmp/bench-corpus (see bench/run.sh --shared).
# BASE=/path/to/an/older/overlap alternates that binary with build/overlap (before / after figures).
# THREADS (default 1): -j for analyze. CPU seconds are user + sys of the whole process; the
# machine is shared, so wall time follows its load and is printed only per run.
set -euo pipefail
cd "$(dirname "$0")/.."
C=${1:-/tmp/bench-corpus/docs}
RUNS=${2:-5}
shift 2 2>/dev/null || shift $#
THREADS=${THREADS:-1}
[ -x build/overlap ] || { meson setup build -Dbuildtype=release >/dev/null && ninja -C build -j2 >/dev/null; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for i in $(seq 1 "$RUNS"); do
	for bin in ${BASE:-} build/overlap; do
		for mode in --no-stories ""; do
			/usr/bin/time -o "$out/t" -f "%U %S %e %M" "$bin" analyze -q --no-html --no-charts \
				-t 0.5 -j "$THREADS" $mode -o "$out/r" "$@" "$C" 2>&1 |
				grep -v ': binary file, skipped$' || true
			read -r u s e m <"$out/t"
			cpu=$(awk -v u="$u" -v s="$s" 'BEGIN {printf "%.2f", u + s}')
			echo "$bin ${mode:-stories} run $i: $cpu s CPU ($u user + $s sys), $e s wall, $m KB"
			echo "$cpu" >>"$out/$(echo "$bin" | tr / _)${mode:-stories}"
		done
	done
done
median() { sort -n "$1" | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
for bin in ${BASE:-} build/overlap; do
	k=$(echo "$bin" | tr / _)
	off=$(median "$out/${k}--no-stories")
	on=$(median "$out/${k}stories")
	awk -v b="$bin" -v off="$off" -v on="$on" -v n="$RUNS" 'BEGIN {
		printf "%s: median of %d, --no-stories %.2f s, with stories %.2f s CPU: +%.2f s (+%.0f%%)\n",
			b, n, off, on, on - off, 100 * (on - off) / off }'
done
