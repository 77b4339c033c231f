#!/bin/sh
# bench/page.sh - how large report.html gets and how long headless Chromium takes to load it
# (figures only, no assertions).
#
#   bench/page.sh [N [JSONL]]   the first N records (default 1000) of JSONL (default the
#                               dev-news stories, /work/shared/dev-news/stories.jsonl):
#                               overlap analyze wall time and peak RSS, the size of
#                               report.json and report.html, then the page's load time in
#                               chromium --headless --dump-dom, best of 3, minus the best of 3
#                               for an empty page (the browser's own start-up).
# Environment: BENCH_BUILD (default ROOT/build-bench), BENCH_TMP (default /tmp).
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BENCH_BUILD:-$ROOT/build-bench}
TMP=${BENCH_TMP:-/tmp}
N=${1:-1000}
SRC=${2:-/work/shared/dev-news/stories.jsonl}
CHROMIUM=$(command -v chromium || command -v chromium-browser || true)

if [ ! -f "$BUILD/build.ninja" ]; then
	meson setup "$BUILD" "$ROOT" -Dbuildtype=release -Dtests=false >/dev/null
fi
ninja -C "$BUILD" overlap >/dev/null
IN="$TMP/page-bench-$N.jsonl"
OUT="$TMP/page-bench-$N-out"
head -n "$N" "$SRC" >"$IN"
/usr/bin/time -f "%e %M" -o "$TMP/page-bench.time" "$BUILD/overlap" analyze --quiet --out "$OUT" "$IN"
read -r secs rss <"$TMP/page-bench.time"
echo "documents:      $N (first records of $SRC)"
echo "analyze:        ${secs} s wall, peak RSS $((rss / 1024)) MB"
echo "report.json:    $(wc -c <"$OUT/report.json") bytes"
echo "report.html:    $(wc -c <"$OUT/report.html") bytes"
[ -n "$CHROMIUM" ] || { echo "chromium not installed: no load time"; exit 0; }
printf '<!DOCTYPE html><title>empty</title>\n' >"$TMP/page-bench-empty.html"
best() { # best of 3 wall seconds of loading file $1
	b=
	for _ in 1 2 3; do
		s=$(date +%s.%N)
		timeout 300 "$CHROMIUM" --headless --no-sandbox --disable-gpu --no-first-run \
			--user-data-dir="$TMP/page-bench-profile" --dump-dom "file://$1" >/dev/null 2>&1
		e=$(date +%s.%N)
		t=$(echo "$e - $s" | bc)
		if [ -z "$b" ] || [ "$(echo "$t < $b" | bc)" -eq 1 ]; then b=$t; fi
	done
	echo "$b"
}
empty=$(best "$TMP/page-bench-empty.html")
page=$(best "$OUT/report.html")
echo "chromium:       page $page s, empty page $empty s, load = $(echo "$page - $empty" | bc) s"
