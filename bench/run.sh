#!/bin/sh
# bench/run.sh - similarity engine benchmarks (figures only, no assertions).
#
#   bench/run.sh [SIZE_MB]   generated news-like corpus (default 100 MB, bench/gen_corpus.c)
#                            with planted near-duplicates and contained stories; bench_sim
#                            with 1 and 2 threads, recall/precision against its truth file
#   bench/run.sh --align     passage alignment: 1,000 pairs of ~5,000 words, one core
#   bench/run.sh --shared    the shared real-prose corpus (/work/shared/bench-corpus,
#                            built into /tmp/bench-corpus if missing: apt-installs doc
#                            packages, ~25 s); threshold 0.5, pairs TSV scored by score.py
#   bench/run.sh --million   1,000,000 generated documents of ~3 KB (one JSONL), 2 threads:
#                            time and peak RSS, then `overlap analyze` on it (2 runs)
#   bench/run.sh --analyze [PATH [RUNS]]   `overlap analyze` itself, the whole process, as a
#                            user runs it, similarity only (-q -t 0.5 --no-claims --no-charts
#                            --no-html, with and without --no-stories), 1 and 2 threads
#                            interleaved, RUNS (default 5) each: wall and CPU seconds of
#                            every run, best and median, and the --timings phase split.
#                            PATH defaults to the shared corpus (/tmp/bench-corpus/docs).
#                            --shared and the default run do this too. With
#                            OVERLAP_BASE=/path/to/an/older/overlap, that binary runs
#                            alternated with this one (before/after under the same load).
# Each also prints the corpus reader alone (crp_next over every document, one thread).
# See bench/README.md for what each figure means and the figures measured.
#
# Environment: BENCH_BUILD (default ROOT/build-bench), BENCH_TMP (default /tmp),
# SHARED_CORPUS (default /work/shared/bench-corpus), OVERLAP_BASE (see --analyze).
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BENCH_BUILD:-$ROOT/build-bench}
TMP=${BENCH_TMP:-/tmp}
SHARED=${SHARED_CORPUS:-/work/shared/bench-corpus}

if [ ! -f "$BUILD/build.ninja" ]; then
	meson setup "$BUILD" "$ROOT" -Dbuildtype=release -Dtests=false >/dev/null
else
	meson setup --reconfigure "$BUILD" "$ROOT" >/dev/null
fi
ninja -C "$BUILD" bench/bench_sim bench/gen_corpus bench/bench_align overlap >/dev/null
SIM="$BUILD/bench/bench_sim"
OVERLAP="$BUILD/overlap"
GEN="$BUILD/bench/gen_corpus"
export OVL_SOURCE_ROOT="$ROOT"

echo "== machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"

# best_of N ARGS...: run bench_sim N times (after the first, full run); print every run's
# sketch line and the best (this VM varies by +-20% from run to run, mostly in kernel time).
best_of() {
	n=$1
	shift
	out=$("$SIM" "$@" 2>/dev/null)
	printf '%s\n' "$out"
	runs=$(printf '%s\n' "$out" | grep '^sketch (')
	i=1
	while [ "$i" -lt "$n" ]; do
		runs="$runs
$("$SIM" "$@" 2>/dev/null | grep '^sketch (')"
		i=$((i + 1))
	done
	printf '%s\n' "$runs" | awk -v n="$n" '{ print "  run " NR ": " $0 }
		NR == 1 || $3 < best { best = $3; line = $0 }
		END { print "best of " n " runs: " line }'
}

# analyze_runs PATH RUNS [EXTRA OPTIONS...]: `overlap analyze` as a user runs it, the whole
# process (start, reading, engine, report.json, exit), 1 and 2 threads alternated so both see
# the same load (and OVERLAP_BASE's binary, when set, alternated with this one); per run wall
# and CPU (user+sys) seconds and peak RSS, then best and median of each, MB (10^6 bytes of
# input) per second of wall and per CPU-second, the 2-thread speed-up of the medians, then
# the phase split (--timings) of one more run per thread count.
analyze_runs() {
	path=$1
	runs=$2
	shift 2
	out="$TMP/bench-analyze-out"
	log="$TMP/bench-analyze.log"
	: >"$log"
	bins="$OVERLAP"
	if [ -n "${OVERLAP_BASE:-}" ]; then
		bins="$OVERLAP_BASE $OVERLAP"
	fi
	echo "   command: overlap analyze -q -t 0.5 --no-claims --no-charts --no-html $* -j N -o $out $path"
	i=1
	while [ "$i" -le "$runs" ]; do
		for t in 1 2; do
			for b in $bins; do
				/usr/bin/time -f "$b $t %e %U %S %M" -a -o "$log" "$b" analyze -q -t 0.5 \
					--no-claims --no-charts --no-html "$@" -j "$t" -o "$out-$t" "$path" \
					2>/dev/null || true
			done
		done
		i=$((i + 1))
	done
	awk -v bytes="$(du -sb --apparent-size "$path" | cut -f1)" '
		NF == 6 && $2 ~ /^[0-9]+$/ {
			k = $1 SUBSEP $2; n[k]++; w[k, n[k]] = $3; c[k, n[k]] = $4 + $5; m[k, n[k]] = $6
			if (!(k in seen)) { seen[k] = 1; order[++no] = k }
			printf "   %s, %s thread(s), run %d: %.2f s wall, %.2f s CPU, %.0f MiB\n", $1, $2, n[k], $3, $4 + $5, $6 / 1024
		}
		function sortv(a, key, cnt,   i, j, x) {
			for (i = 1; i <= cnt; i++) v[i] = a[key, i]
			for (i = 2; i <= cnt; i++) { x = v[i]; for (j = i - 1; j >= 1 && v[j] > x; j--) v[j + 1] = v[j]; v[j + 1] = x }
		}
		function med(cnt) { return (cnt % 2) ? v[(cnt + 1) / 2] : (v[cnt / 2] + v[cnt / 2 + 1]) / 2 }
		END {
			mb = bytes / 1e6
			for (o = 1; o <= no; o++) {
				key = order[o]; cnt = n[key]; split(key, kb, SUBSEP)
				sortv(w, key, cnt); bw = v[1]; mw = med(cnt); medw[key] = mw
				sortv(c, key, cnt); bc = v[1]; mc = med(cnt)
				sortv(m, key, cnt); mm = med(cnt)
				printf "   %s, %s thread(s): wall best %.2f s, median %.2f s (%.0f MB/s); CPU best %.2f s (%.0f MB/s), median %.2f s (%.0f MB per CPU-second); peak RSS median %.0f MiB\n", kb[1], kb[2], bw, mw, mb / mw, bc, mb / bc, mc, mb / mc, mm / 1024
			}
			for (o = 1; o <= no; o++) {
				key = order[o]; split(key, kb, SUBSEP)
				if (kb[2] == 2 && ((kb[1] SUBSEP 1) in medw))
					printf "   %s: 2 threads against 1, median wall %.2fx\n", kb[1], medw[kb[1] SUBSEP 1] / medw[key]
			}
		}' "$log"
	for t in 1 2; do
		echo "   phase split, $t thread(s):"
		"$OVERLAP" analyze -q --timings -t 0.5 --no-claims --no-charts --no-html "$@" -j "$t" \
			-o "$out-$t" "$path" 2>&1 | grep '^overlap: timings' | sed 's/^/     /'
	done
	if cmp -s "$out-1/report.json" "$out-2/report.json"; then
		echo "   report.json: byte-identical with 1 and 2 threads"
	else
		echo "   report.json: DIFFERS between 1 and 2 threads"
	fi
}

case "${1:-}" in
--analyze)
	P=${2:-$TMP/bench-corpus/docs}
	if [ "$P" = "$TMP/bench-corpus/docs" ] && [ ! -f "$TMP/bench-corpus/truth.tsv" ]; then
		sh "$SHARED/make_corpus.sh" "$TMP/bench-corpus"
	fi
	echo "== overlap analyze, similarity only, --no-stories"
	analyze_runs "$P" "${3:-5}" --no-stories
	echo "== overlap analyze, similarity only, with stories (the default)"
	analyze_runs "$P" "${3:-5}"
	echo "== load after: $(cut -d' ' -f1-3 /proc/loadavg)"
	exit 0
	;;
--align)
	# 1,000 pairs of ~5,000-word documents with planted edited passages, one thread.
	"$BUILD/bench/bench_align" "$ROOT" "${2:-1000}"
	exit 0
	;;
--shared)
	C="$TMP/bench-corpus"
	if [ ! -f "$C/truth.tsv" ]; then
		sh "$SHARED/make_corpus.sh" "$C"
	fi
	echo "== reader only (crp_next, one thread)"
	"$SIM" --read-only "$C/docs" 2>/dev/null
	echo "== kernels (single thread, CPU time, first 60 MB)"
	"$SIM" --kernels 60 "$C/docs"
	for t in 1 2; do
		echo "== shared corpus, threshold 0.5, $t thread(s)"
		best_of 5 --threads "$t" --threshold 0.5 --jaccard-only --truth "$C/truth.tsv" \
			--pairs "$TMP/bench-shared-pairs-$t.tsv" "$C/docs"
	done
	echo "== score.py (pairs with exact Jaccard >= 0.5)"
	python3 "$SHARED/score.py" "$C" "$TMP/bench-shared-pairs-1.tsv"
	echo "== overlap analyze, whole process, similarity only, --no-stories"
	analyze_runs "$C/docs" 5 --no-stories
	echo "== overlap analyze, whole process, similarity only, with stories (the default)"
	analyze_runs "$C/docs" 3
	;;
--million)
	C="$TMP/gen-million"
	if [ ! -f "$C/truth.tsv" ]; then
		echo "== generating 1,000,000 documents of ~3 KB into $C (JSONL)"
		"$GEN" "$C" --docs 1000000 --doc-bytes 3000 --jsonl
	fi
	echo "== reader only (crp_next, one thread)"
	"$SIM" --read-only "$C/docs.jsonl"
	echo "== 1M documents, 2 threads, threshold 0.5"
	start=$(date +%s)
	"$SIM" --threads 2 --threshold 0.5 --truth "$C/truth.tsv" "$C/docs.jsonl"
	echo "wall clock including process start: $(( $(date +%s) - start )) s"
	for extra in --no-stories ""; do
		echo "== overlap analyze -q -t 0.5 --no-claims --no-charts --no-html $extra -j 2 --timings"
		/usr/bin/time -f "   %e s wall, %U s user, %S s sys, %M KB peak" "$OVERLAP" analyze -q \
			--timings -t 0.5 --no-claims --no-charts --no-html $extra -j 2 \
			-o "$TMP/bench-million-out" "$C/docs.jsonl" 2>&1 | grep -v 'skipped$'
	done
	;;
*)
	MB=${1:-100}
	C="$TMP/gen-$MB"
	if [ ! -f "$C/truth.tsv" ]; then
		"$GEN" "$C" --mb "$MB"
	fi
	echo "== reader only (crp_next, one thread)"
	"$SIM" --read-only "$C/docs"
	echo "== kernels (single thread, CPU time, first 60 MB)"
	"$SIM" --kernels 60 "$C/docs"
	for t in 1 2; do
		echo "== generated corpus ($MB MB), threshold 0.5, $t thread(s)"
		best_of 5 --threads "$t" --threshold 0.5 --truth "$C/truth.tsv" "$C/docs"
	done
	echo "== overlap analyze, whole process, similarity only, --no-stories"
	analyze_runs "$C/docs" 5 --no-stories
	;;
esac
