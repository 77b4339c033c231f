#!/usr/bin/env bash
# Set up, build (release) and run the main job: `overlap analyze` on corpus/ into out/.
# usage: scripts/run.sh [overlap analyze options and paths]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
if [ ! -f build/build.ninja ]; then
	meson setup build -Dbuildtype=release -Dtests=false -Dmpi="${OVERLAP_MPI:-disabled}" >/dev/null
fi
ninja -C build >/dev/null
echo "== overlap analyze ${*:-corpus/}" >&2
./build/overlap analyze "$@"
if [ $# -eq 0 ]; then
	echo
	echo "Outputs:"
	for f in out/report.json out/matrix.png out/matrix.svg out/claims.png out/report.html; do
		if [ -f "$f" ]; then printf '  %-20s %8d bytes\n' "$f" "$(stat -c %s "$f")"; else printf '  %-20s (not written)\n' "$f"; fi
	done
fi
