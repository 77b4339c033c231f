#!/bin/sh
# bench/claims.sh - time of the detail stage (passages, claims, contradictions, relations)
# as a user runs it: `overlap analyze` end to end, whole process, wall and CPU seconds and
# peak memory. Figures only, no assertions; see bench/README.md.
#
#   bench/claims.sh            1,000 and all 1,655 dev-news bodies (JSON Lines), then 1,000,
#                              2,000, 5,000 and 10,000 documents of the shared real-prose corpus
#                              (built into /tmp/bench-corpus when missing, ~25 s)
# Environment: BENCH_BUILD (default ROOT/build-bench), BENCH_TMP (default /tmp),
# DEV_NEWS (default ROOT/../shared/dev-news), SHARED_CORPUS (default /work/shared/bench-corpus).
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BENCH_BUILD:-$ROOT/build-bench}
TMP=${BENCH_TMP:-/tmp}
NEWS=${DEV_NEWS:-$ROOT/../shared/dev-news}
SHARED=${SHARED_CORPUS:-/work/shared/bench-corpus}

if [ ! -f "$BUILD/build.ninja" ]; then
	meson setup "$BUILD" "$ROOT" -Dbuildtype=release -Dtests=false >/dev/null
fi
ninja -C "$BUILD" overlap >/dev/null
BIN="$BUILD/overlap"
echo "== machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"

# run LABEL ARGS...: one analyze run, its wall/CPU time and peak RSS, and its summary line
run() {
	label=$1
	shift
	out="$TMP/bench-claims-out"
	/usr/bin/time -f "%e %U %S %M" -o "$TMP/bench-claims-time" \
		"$BIN" analyze -q --no-charts --no-html --detail-max 100000 -o "$out" "$@"
	set -- $(cat "$TMP/bench-claims-time")
	summary=$(python3 -c 'import json,sys; s=json.load(open(sys.argv[1]))["summary"]; print("%d docs, %d claims, %d contradictions, %d passages" % (s["documents"], s["claims"], s["contradictions"], s["passages"]))' "$out/report.json")
	printf '%-28s wall %6.1f s  cpu %6.1f s  peak %5d MiB  (%s)\n' "$label" "$1" \
		"$(awk -v u="$2" -v s="$3" 'BEGIN { print u + s }')" "$(($4 / 1024))" "$summary"
}

head -n 1000 "$NEWS/stories.jsonl" > "$TMP/bench-news-1000.jsonl"
run "dev-news 1,000 bodies" "$TMP/bench-news-1000.jsonl"
run "dev-news 1,655 bodies" "$NEWS/stories.jsonl"

C="$TMP/bench-corpus"
if [ ! -f "$C/truth.tsv" ]; then
	sh "$SHARED/make_corpus.sh" "$C" >/dev/null
fi
for n in 1000 2000 5000 10000; do
	d="$TMP/bench-prose-$n"
	if [ ! -d "$d" ]; then
		mkdir -p "$d"
		find "$C/docs" -type f | sort | head -n "$n" | while read -r f; do
			ln -s "$f" "$d/$(basename "$f")"
		done
	fi
	run "prose corpus $n docs" "$d"
done
