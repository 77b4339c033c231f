#!/usr/bin/env bash
# bench/mpi.sh - the similarity stage across MPI processes (an MPI build, docs/cluster.md):
# wall and CPU seconds of reading+sketching, candidates and verification for
#   one process with 1 thread, one with 2 threads, mpirun -np 1 and -np 2 (1 thread each),
# the speed-up of N = 2 over N = 1, bytes exchanged a document and peak memory a process.
# usage: bench/mpi.sh [BUILD_DIR] [DOCUMENTS]     (defaults: build, 200000)
# The corpus: bench/gen_corpus --jsonl (news-sized 3 KB documents, 5% planted near-duplicates,
# 1% contained stories), one JSON Lines file, so N processes read N byte ranges of it.
# Stories and claims are off: this measures the similarity stage (stories run on process 0).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
docs=${2:-200000}
bin=$build/overlap
work=${TMPDIR:-/tmp}/overlap-mpi-bench
corpus=$work/g$docs
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
[ -x "$bin" ] || { echo "bench/mpi.sh: $bin: not built" >&2; exit 1; }
"$bin" analyze --help | grep -q 'mpirun -np N' ||
	{ echo "bench/mpi.sh: $bin is built without MPI (meson setup -Dmpi=enabled)" >&2; exit 1; }
mkdir -p "$work"
if [ ! -f "$corpus/docs.jsonl" ]; then
	(cd "$root" && "$build/bench/gen_corpus" "$corpus" --docs "$docs" --jsonl >/dev/null)
fi
opts=(-q --no-charts --no-html --no-stories --no-claims --timings)
cat "$corpus/docs.jsonl" >/dev/null # warm the page cache: the first run must not pay the disk
echo "corpus: $docs documents, $(du -m "$corpus/docs.jsonl" | cut -f1) MB of JSON Lines; load before: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores"
printf '%-24s %8s %8s %8s %8s %8s %9s %s\n' run sketch cand verify sim_wall cpu_s peak_MiB "bytes/doc"

# run LABEL CMD...: the similarity stage's wall seconds from --timings, CPU of the whole run
run() {
	local label=$1
	shift
	rm -rf "$work/out"
	/usr/bin/time -f 'TIME %e %U %S %M' "$@" --out "$work/out" "$corpus/docs.jsonl" 2>"$work/log"
	local sk ca ve cpu peak bpd
	sk=$(grep -o 'read+sketch [0-9.]*' "$work/log" | cut -d' ' -f2)
	ca=$(grep -o 'candidates [0-9.]*' "$work/log" | head -1 | cut -d' ' -f2)
	ve=$(grep -o 'verify [0-9.]*' "$work/log" | head -1 | cut -d' ' -f2)
	cpu=$(awk '/^TIME/ { printf "%.1f", $3 + $4 }' "$work/log")
	# peak: the largest process (mpirun's own is small); per process in the lines below
	peak=$(grep -o 'peak [0-9.]* MiB' "$work/log" | awk '{ if ($2 > m) m = $2 } END { print m }' || true)
	[ -n "$peak" ] || peak=$(grep -o 'peak RSS [0-9.]* MiB' "$work/log" | awk '{ print $3 }')
	bpd=$(grep -o '[0-9.]* bytes exchanged a document' "$work/log" | cut -d' ' -f1 || true)
	printf '%-24s %8s %8s %8s %8.2f %8s %9s %s\n' "$label" "$sk" "$ca" "$ve" \
		"$(echo "$sk + $ca + $ve" | bc -l)" "$cpu" "$peak" "${bpd:--}"
	grep '^overlap: process' "$work/log" | sed 's/^/    /' || true
	echo "$sk + $ca + $ve" | bc -l >"$work/sim.$label"
	grep '^overlap: process' "$work/log" >"$work/cpu.$label" || true
}

run "1 process, 1 thread" nice "$bin" analyze "${opts[@]}" -j 1
run "1 process, 2 threads" nice "$bin" analyze "${opts[@]}" -j 2
run "mpirun -np 1" nice mpirun -np 1 "$bin" analyze "${opts[@]}" -j 1
run "mpirun -np 2" nice mpirun -np 2 "$bin" analyze "${opts[@]}" -j 1
# CPU seconds of the busiest process: on a shared machine the wall clock also counts waiting
# for a core; this is the time N processes would take on N free cores
c1=$(grep -o 'process 0: .*cpu [0-9.]*' "$work/cpu.mpirun -np 1" | grep -o '[0-9.]*$')
c2=$(grep -o 'cpu [0-9.]*' "$work/cpu.mpirun -np 2" | grep -o '[0-9.]*$' | sort -g | tail -1)
echo "CPU seconds of the busiest process: N = 1 $c1, N = 2 $c2: $(echo "$c1 / $c2" | bc -l | cut -c1-4)x"
s1=$(cat "$work/sim.mpirun -np 1")
s2=$(cat "$work/sim.mpirun -np 2")
t2=$(cat "$work/sim.1 process, 2 threads")
echo "speed-up of the similarity stage, N = 2 over N = 1: $(echo "$s1 / $s2" | bc -l | cut -c1-4)x;" \
	"N = 2 against one process with 2 threads: $(echo "$s2 / $t2" | bc -l | cut -c1-4)x its time"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
