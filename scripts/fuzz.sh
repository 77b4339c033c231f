#!/usr/bin/env bash
# fuzz.sh TARGET SECONDS - run one libFuzzer target on a copy of its seed corpus, then merge
# the inputs that add coverage back into tests/fuzz/corpus_TARGET.
#
# Builds with clang in build-fuzz/ (override with FUZZ_BUILD=DIR): -Dfuzz=true, ASan+UBSan,
# and the whole engine compiled with -fsanitize=fuzzer-no-link so libFuzzer sees its coverage.
# One fuzzing process only (the machine's cores are shared). Prints executions and coverage
# (cov/ft of libFuzzer's last line). Inputs are capped at FUZZ_MAX_LEN bytes (default 16384:
# above the targets' 4 KiB line cap, small enough to keep thousands of runs a second). Exit 0 clean, 1 a crash was found (artifact path
# printed), 2 usage.
set -euo pipefail

usage() { echo "usage: fuzz.sh TARGET SECONDS   (TARGET: jsonl, gzip, tokenize, sentence)" >&2; exit 2; }
[ $# -eq 2 ] || usage
target=$1 secs=$2
[[ $secs =~ ^[0-9]+$ ]] || usage

root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/deps.sh" --fuzz
build=${FUZZ_BUILD:-$root/build-fuzz}
seeds=$root/tests/fuzz/corpus_$target
[ -f "$root/tests/fuzz/fuzz_$target.c" ] || { echo "fuzz.sh: no tests/fuzz/fuzz_$target.c" >&2; exit 2; }
mkdir -p "$seeds"

if [ ! -f "$build/build.ninja" ]; then
  CC=clang meson setup "$build" "$root" -Dfuzz=true -Dtests=false \
    -Dbuildtype=debugoptimized -Db_sanitize=address,undefined -Db_lundef=false \
    "-Dc_args=-fsanitize=fuzzer-no-link -fno-sanitize-recover=undefined" >/dev/null
fi
ninja -C "$build" "tests/fuzz/fuzz_$target" >/dev/null

work=$build/fuzz-work/$target
art=$build/fuzz-artifacts/$target
rm -rf "$work"
mkdir -p "$work/corpus" "$art"
cp -r "$seeds/." "$work/corpus/" 2>/dev/null || true
log=$work/fuzz.log

echo "fuzz.sh: $target for ${secs}s on $(ls "$work/corpus" | wc -l) seed inputs (log: $log)"
set +e
UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
"$build/tests/fuzz/fuzz_$target" "$work/corpus" -max_total_time="$secs" -print_final_stats=1 \
  -max_len="${FUZZ_MAX_LEN:-16384}" -timeout=25 -rss_limit_mb=2048 -artifact_prefix="$art/" >"$log" 2>&1
rc=$?
set -e

before=$(ls "$seeds" | wc -l)
"$build/tests/fuzz/fuzz_$target" -merge=1 -artifact_prefix="$art/" "$seeds" "$work/corpus" \
  >"$work/merge.log" 2>&1 || true
after=$(ls "$seeds" | wc -l)

last=$(grep -E '^#[0-9]+' "$log" | tail -n 1 || true)
execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
persec=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
echo "fuzz.sh: $target: executions ${execs:-?} (${persec:-?}/s), cov ${cov:-?}, ft ${ft:-?}"
echo "fuzz.sh: corpus_$target: $before -> $after files after merge"
if [ $rc -ne 0 ]; then
  echo "fuzz.sh: $target stopped with status $rc; artifacts:" >&2
  ls -1 "$art" >&2 || true
  grep -E 'ERROR|SUMMARY|runtime error' "$log" | head -n 5 >&2 || true
  exit 1
fi
