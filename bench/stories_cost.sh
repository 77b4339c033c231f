#!/usr/bin/env bash
# CPU and wall time of `overlap analyze` with and without topical similarity + stories
# (`--no-stories` turns both off), runs alternated so machine load hits both alike; then the
# medians of each and what stories add. usage: bench/stories_cost.sh [CORPUS] [RUNS] [ANALYZE ARGS...]
# Default corpus: the shared benchmark corpus built into /tmp/bench-corpus (see bench/run.sh --shared).
# BASE=/path/to/an/older/overlap alternates that binary with build/overlap (before / after figures);
# BIN=/path/to/overlap replaces build/overlap (default: build/overlap, else build-rel/overlap).
# THREADS (default "1 2"): the -j values to run, each a set of its own. CPU seconds are user + sys
# of the whole process (the figure to read at -j 1); wall seconds are what a user waits (the
# figure to read at -j 2, where the stories run beside the similarity stage). The machine may
# be shared: the load average is printed at the start and the end.
set -euo pipefail
cd "$(dirname "$0")/.."
C=${1:-/tmp/bench-corpus/docs}
RUNS=${2:-5}
shift 2 2>/dev/null || shift $#
THREADS=${THREADS:-1 2}
if [ -z "${BIN:-}" ]; then
	BIN=build/overlap
	[ -x "$BIN" ] || [ ! -x build-rel/overlap ] || BIN=build-rel/overlap
fi
[ -x "$BIN" ] || { meson setup build -Dbuildtype=release >/dev/null && ninja -C build -j2 >/dev/null; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
echo "load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"
key() { echo "$1" | tr / _; }
for i in $(seq 1 "$RUNS"); do
	for j in $THREADS; do
		for bin in ${BASE:-} "$BIN"; do
			for mode in --no-stories ""; do
				/usr/bin/time -o "$out/t" -f "%U %S %e %M" "$bin" analyze -q --no-html --no-charts \
					-t 0.5 -j "$j" $mode -o "$out/r" "$@" "$C" 2>&1 |
					grep -v ': binary file, skipped$' || true
				read -r u s e m <"$out/t"
				cpu=$(awk -v u="$u" -v s="$s" 'BEGIN {printf "%.2f", u + s}')
				echo "$bin -j $j ${mode:-stories} run $i: $cpu s CPU ($u user + $s sys), $e s wall, $m KB"
				k="$(key "$bin")-j$j${mode:-stories}"
				echo "$cpu" >>"$out/$k.cpu"
				echo "$e" >>"$out/$k.wall"
			done
		done
	done
done
median() { sort -n "$1" | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
least() { sort -n "$1" | head -1; }
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
for j in $THREADS; do
	for bin in ${BASE:-} "$BIN"; do
		k="$(key "$bin")-j$j"
		for what in cpu wall; do
			off=$(median "$out/${k}--no-stories.$what")
			on=$(median "$out/${k}stories.$what")
			offmin=$(least "$out/${k}--no-stories.$what")
			onmin=$(least "$out/${k}stories.$what")
			awk -v b="$bin" -v j="$j" -v w="$what" -v off="$off" -v on="$on" -v n="$RUNS" \
				-v offmin="$offmin" -v onmin="$onmin" 'BEGIN {
				printf "%s -j %s: median of %d, %s: --no-stories %.2f s, with stories %.2f s: +%.2f s (+%.0f%%); fastest runs %.2f / %.2f s (+%.0f%%)\n",
					b, j, n, (w == "cpu") ? "CPU" : "wall", off, on, on - off, 100 * (on - off) / off,
					offmin, onmin, 100 * (onmin - offmin) / offmin }'
		done
	done
done
