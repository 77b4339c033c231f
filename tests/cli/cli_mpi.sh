#!/usr/bin/env bash
# `mpirun -np N overlap analyze` against one process (registered only in MPI builds):
# - report.json byte for byte the same for N = 1, 2, 3, 4 on corpus/ (whole files, detail
#   mode with passages and claims), on dev-news stories.jsonl (one JSON Lines file cut into
#   byte ranges; all-pairs mode with stories and passages, and LSH mode with --all-pairs-max
#   50) and on generated corpora with planted near-duplicates and contained stories (files
#   and JSON Lines; LSH + containment join). Claims on dev-news, and stories where the
#   similarity stage is the point, are left out: under ASan on 2 cores the full runs took 30
#   minutes; claims read the same texts corpus/ checks, and the stage they follow is checked;
# - warnings of any process printed once, the same set as one process's; a duplicate id is
#   the same one-line error, exit 1, and no report;
# - a process killed mid-run ends the job, and --out keeps its earlier complete report.
# Open MPI keeps memory to the end: LSan ignores its libraries (mpi_lsan.supp), not ours.
. "$(dirname "$0")/lib.sh"
MPIRUN=${MPIRUN:-mpirun}
GEN=${GEN_CORPUS:?GEN_CORPUS: path to bench/gen_corpus}
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
export OMPI_MCA_btl=self,vader OMPI_MCA_rmaps_base_oversubscribe=1
# full stacks: Open MPI's own frames (fast unwinding stops inside them) are what the
# suppressions name; its plug-ins stay loaded to the leak check (no_dlclose.c), so the shim
# comes after ASan's runtime in the preload order
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}fast_unwind_on_malloc=0:verify_asan_link_order=0"
[ -n "${NO_DLCLOSE:-}" ] && export LD_PRELOAD="$NO_DLCLOSE${LD_PRELOAD:+:$LD_PRELOAD}"
export LSAN_OPTIONS="suppressions=$ROOT/tests/cli/mpi_lsan.supp:print_suppressions=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
cd "$TMP"

mpi() { # mpi N ARGS...: overlap analyze as N processes
	local n=$1
	shift
	"$MPIRUN" --oversubscribe -np "$n" "$OVERLAP" analyze "$@"
}

same_for_ns() { # NS NAME OPTIONS... PATH...: one process, then each N of NS
	local ns=$1 name=$2
	shift 2
	run "$OVERLAP" analyze -q --no-charts --no-html --out "$TMP/ref" "$@"
	check "$name: one process, exit 0" [ $rc -eq 0 ]
	for n in $ns; do
		rm -rf "$TMP/o"
		run mpi "$n" -q --no-charts --no-html --out "$TMP/o" "$@"
		check "$name: $n processes, exit 0" [ $rc -eq 0 ]
		check "$name: $n processes, report.json identical" cmp -s "$TMP/ref/report.json" "$TMP/o/report.json"
	done
	rm -rf "$TMP/ref" "$TMP/o"
}

same_for_ns "1 2 3 4" "corpus/" "$ROOT/corpus"
NEWS=/work/shared/dev-news/stories.jsonl
[ -f "$NEWS" ] || NEWS="$ROOT/tests/data/dated"
same_for_ns "1 2 3 4" "dev-news" --no-claims "$NEWS"
same_for_ns "2 3" "dev-news, LSH" --all-pairs-max 50 --no-claims --no-stories "$NEWS"
gen() { (cd "$ROOT" && "$GEN" "$@" >/dev/null); } # it reads corpus/ for its word frequencies
gen "$TMP/g1" --docs 2000 --dup-frac 0.1 --contain-frac 0.05
gen "$TMP/g2" --docs 2000 --jsonl --dup-frac 0.1 --contain-frac 0.05 --seed 2
same_for_ns "1 2 3 4" "generated files, LSH + containment" --all-pairs-max 100 --no-claims --no-stories "$TMP/g1/docs"
same_for_ns "1 2 3 4" "generated JSON Lines, LSH + containment" --all-pairs-max 100 --no-claims --no-stories "$TMP/g2/docs.jsonl"

# warnings: from whichever process read the input, printed once
mkdir -p "$TMP/w/a" "$TMP/w/b"
cp "$ROOT"/corpus/*.txt "$TMP/w/"
: >"$TMP/w/empty.txt"
printf 'abc\0\1\2def' >"$TMP/w/bin.txt"
head -n 40 "$TMP/g2/docs.jsonl" >"$TMP/w/x.jsonl"
echo '{"id": broken' >>"$TMP/w/x.jsonl"
sed -n 41,80p "$TMP/g2/docs.jsonl" >>"$TMP/w/x.jsonl"
echo "one story with a few words" >"$TMP/w/a/s.txt"
echo "another story with a few words" >"$TMP/w/b/s.txt"
run "$OVERLAP" analyze -q --no-charts --no-html --out "$TMP/ref" "$TMP/w"
ref_err=$(sort <<<"$err")
check "warnings: one process, exit 0" [ $rc -eq 0 ]
for n in 2 3; do
	rm -rf "$TMP/o"
	run mpi "$n" -q --no-charts --no-html --out "$TMP/o" "$TMP/w"
	check "warnings: $n processes, exit 0" [ $rc -eq 0 ]
	check "warnings: $n processes, report.json identical" cmp -s "$TMP/ref/report.json" "$TMP/o/report.json"
	check "warnings: $n processes, the same warnings once each" [ "$(sort <<<"$err")" = "$ref_err" ]
	check "warnings: $n processes, the broken line by its number" has "x.jsonl:41: invalid JSON" "$err"
done

# a duplicate id: the same error, exit 1, no report
sed -n 3p "$TMP/g2/docs.jsonl" >>"$TMP/w/x.jsonl"
run "$OVERLAP" analyze -q --out "$TMP/dup1" "$TMP/w"
dup_err=$(grep 'duplicate id' <<<"$err")
check "duplicate id: one process, exit 1" [ $rc -eq 1 ]
run mpi 3 -q --out "$TMP/dup3" "$TMP/w"
check "duplicate id: 3 processes, exit 1" [ $rc -eq 1 ]
check "duplicate id: 3 processes, the same line, once" [ "$(grep 'duplicate id' <<<"$err")" = "$dup_err" ]
check "duplicate id: 3 processes, no report" [ ! -e "$TMP/dup3/report.json" ]

# a process killed mid-run: the job ends, --out keeps the earlier complete report
run mpi 2 -q --no-charts --no-html --out "$TMP/k" "$ROOT/corpus"
cp "$TMP/k/report.json" "$TMP/k_before.json"
gen "$TMP/big" --docs 6000 --dup-frac 0.1
mpi 2 -q --no-charts --no-html --no-claims --no-stories --all-pairs-max 100 --out "$TMP/k" "$TMP/big/docs" \
	>"$TMP/_stdout" 2>"$TMP/_stderr" &
job=$!
victim=
for _ in $(seq 1 600); do
	for p in $(pgrep -P "$job" 2>/dev/null; pgrep -f "$OVERLAP analyze -q --no-charts --no-html --no-claims --no-stories --all-pairs-max 100 --out $TMP/k" 2>/dev/null); do
		if tr '\0' '\n' <"/proc/$p/environ" 2>/dev/null | grep -qx 'OMPI_COMM_WORLD_RANK=1'; then
			victim=$p
		fi
	done
	[ -n "$victim" ] && break
	sleep 0.1
done
sleep 0.5
[ -n "$victim" ] && kill -9 "$victim"
wait "$job"
rc=$?
err=$(cat "$TMP/_stderr")
check "killed process: found and killed" [ -n "$victim" ]
check "killed process: the job fails" [ $rc -ne 0 ]
check "killed process: mpirun names the process and the signal" has "rank 1" "$err"
check "killed process: --out keeps the earlier report" cmp -s "$TMP/k_before.json" "$TMP/k/report.json"
check "killed process: no run folder left" [ -z "$(ls -A "$TMP" | grep '^\.k\.run-')" ]
finish
