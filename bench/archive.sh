#!/bin/sh
# bench/archive.sh - the archive's figures (no assertions): add rate on one core into an
# archive that already holds N documents, query latency against it, disk use per document
# with and without text.
#
#   bench/archive.sh [N]        N generated news-sized (~3.3 KB) documents (default 100000)
#   bench/archive.sh --real     the 1,655 real dev-news articles (/work/shared/dev-news)
#
# Steps: gen_corpus N documents (JSONL); `overlap index add -j 1` of all of them (bulk rate);
# then 10,000 more documents (new ids) added into the N-document archive (the rate at size
# N, into a new posting generation), 80,000 more, and 10,000 more into a generation 90%
# full; bench_archive times 1,000 queries (documents whose near-copies are in the archive),
# with and without passage alignment; the first 100,000 with --no-text for the size
# without text. Wall and CPU (user+sys) seconds are both printed: this shared VM's wall time
# varies with other users' load.
# Environment: BENCH_BUILD (default ROOT/build-bench), BENCH_TMP (default /tmp).
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BENCH_BUILD:-$ROOT/build-bench}
TMP=${BENCH_TMP:-/tmp}/overlap-archive-bench
export OVL_SOURCE_ROOT="$ROOT"
if [ ! -f "$BUILD/build.ninja" ]; then
	meson setup "$BUILD" "$ROOT" -Dbuildtype=release -Dtests=false >/dev/null
fi
ninja -C "$BUILD" -j2 overlap bench/gen_corpus bench/bench_archive >/dev/null
O="$BUILD/overlap"
mkdir -p "$TMP"
echo "== machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"

# timed LABEL DOCS CMD...: run CMD, print wall and CPU seconds and documents per second.
timed() {
	label=$1 docs=$2
	shift 2
	/usr/bin/time -f "%e %U %S" -o "$TMP/time" "$@"
	read -r wall user sys <"$TMP/time"
	awk -v l="$label" -v n="$docs" -v w="$wall" -v u="$user" -v s="$sys" 'BEGIN {
		c = u + s; printf "%s: %d documents in %.1f s wall (%.0f docs/s), %.1f s CPU (%.0f docs/s per core)\n",
		l, n, w, n / (w > 0 ? w : 1e-9), c, n / (c > 0 ? c : 1e-9) }'
}

size_line() {
	db=$1
	"$O" index stats --json "$db" | python3 -c 'import json,sys
s=json.load(sys.stdin); n=s["documents"]; b=s["file_bytes"]+s["wal_bytes"]
print("  %s: %d documents, %.1f MB, %.0f bytes a document; without the stored text %.0f; zlib text %.0f of %.0f original bytes; shingle sets %.0f" % (sys.argv[1], n, b/1e6, b/max(n,1), (b-s["stored_text_bytes"])/max(n,1), s["stored_text_bytes"]/max(n,1), s["text_bytes"]/max(n,1), s["stored_shingle_bytes"]/max(n,1)))' "$(basename "$db")"
}

if [ "${1:-}" = "--real" ]; then
	DEV=/work/shared/dev-news/stories.jsonl
	rm -f "$TMP"/real*.db*
	timed "add dev-news (one core)" 1655 "$O" index add -q -j 1 "$TMP/real.db" "$DEV"
	timed "add dev-news --no-text" 1655 "$O" index add -q -j 1 --no-text "$TMP/real-nt.db" "$DEV"
	size_line "$TMP/real.db"
	size_line "$TMP/real-nt.db"
	"$BUILD/bench/bench_archive" "$TMP/real.db" "$DEV" 1655
	rm -f "$TMP"/real.db-scan "$TMP/real-lsh.db"*
	"$O" index add -q -j 1 --scan-max 0 "$TMP/real-lsh.db" "$DEV"
	echo "  the same with --scan-max 0 (LSH candidates, as above 5,000 documents):"
	"$BUILD/bench/bench_archive" "$TMP/real-lsh.db" "$DEV" 1655
	exit 0
fi

N=${1:-100000}
NT=$((N < 100000 ? N : 100000)) # the --no-text size is measured on the first NT documents
# gen_corpus SEED DOCS DIR PREFIX: documents with ids PREFIX0000000... (apart from the base's g...)
gen() {
	if [ ! -s "$TMP/$3/docs.jsonl" ]; then
		"$BUILD/bench/gen_corpus" "$TMP/$3" --docs "$2" --jsonl --seed "$1" >/dev/null
		[ "$4" = g ] || sed -i "s/\"id\":\"g/\"id\":\"$4/" "$TMP/$3/docs.jsonl"
	fi
}
gen 1 "$N" "base-$N" g
gen 2 10000 more m
gen 3 80000 fill f
gen 4 10000 late l
rm -f "$TMP/a-$N.db" "$TMP/a-$N.db-wal" "$TMP/a-$N.db-shm" "$TMP/nt.db" "$TMP/nt.db-wal" "$TMP/nt.db-shm"
timed "bulk add into an empty archive (one core)" "$N" "$O" index add -q -j 1 "$TMP/a-$N.db" "$TMP/base-$N/docs.jsonl"
# Postings go to generations of 100,000 documents: with N a multiple of that, the next
# 10,000 open a new generation (the cheapest case); after 80,000 more, the last 10,000 go
# into a generation 90% full (the dearest: its B-trees are largest).
timed "add 10,000 more into the $N-document archive (one core)" 10000 "$O" index add -q -j 1 "$TMP/a-$N.db" "$TMP/more/docs.jsonl"
timed "add 80,000 more (one core)" 80000 "$O" index add -q -j 1 "$TMP/a-$N.db" "$TMP/fill/docs.jsonl"
timed "add 10,000 more into the $((N + 90000))-document archive (one core)" 10000 "$O" index add -q -j 1 "$TMP/a-$N.db" "$TMP/late/docs.jsonl"
size_line "$TMP/a-$N.db"
head -n 1000 "$TMP/base-$N/docs.jsonl" >"$TMP/queries.jsonl"
"$BUILD/bench/bench_archive" "$TMP/a-$N.db" "$TMP/queries.jsonl" 1000
head -n "$NT" "$TMP/base-$N/docs.jsonl" >"$TMP/nt.jsonl"
timed "bulk add --no-text of $NT (one core)" "$NT" "$O" index add -q -j 1 --no-text "$TMP/nt.db" "$TMP/nt.jsonl"
size_line "$TMP/nt.db"
rm -f "$TMP/nt.jsonl" "$TMP/nt.db" "$TMP/nt.db-wal" "$TMP/nt.db-shm"
