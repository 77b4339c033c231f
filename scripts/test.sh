#!/usr/bin/env bash
# Build with AddressSanitizer + UndefinedBehaviorSanitizer (-Werror) and run every test:
# unit tests, CLI tests, fuzz-corpus replays, then a valgrind memcheck of a plain build.
# Ends with the line `N passed, N failed` (and `, N skipped`).
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh --test || exit 1
jobs=$(nproc 2>/dev/null || echo 2)

if [ ! -f build-test/build.ninja ]; then
	meson setup build-test -Dbuildtype=debug -Db_sanitize=address,undefined -Dwerror=true \
		-Db_lundef=false >/dev/null || { echo "overlap: meson setup failed"; echo "0 passed, 1 failed"; exit 1; }
fi
if ! ninja -C build-test; then
	echo "0 passed, 1 failed"
	exit 1
fi
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
meson test -C build-test --print-errorlogs --num-processes "$jobs" --no-rebuild
read -r pass fail skip < <(python3 - build-test/meson-logs/testlog.json <<'PY'
import json, sys
p = f = s = 0
for line in open(sys.argv[1]):
    r = json.loads(line)["result"]
    if r in ("OK", "EXPECTEDFAIL"): p += 1
    elif r == "SKIP": s += 1
    else: f += 1
print(p, f, s)
PY
)

# valgrind cannot run sanitized binaries: a separate plain build for the memcheck run.
if [ ! -f build-vg/build.ninja ]; then
	meson setup build-vg -Dbuildtype=debugoptimized -Dtests=false >/dev/null
fi
if ninja -C build-vg >/dev/null && [ -x build-vg/overlap ]; then
	vgout=$(mktemp -d)
	if valgrind --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
		-q ./build-vg/overlap analyze --quiet --out "$vgout/out" corpus/ >"$vgout/vg.log" 2>&1; then
		echo "valgrind memcheck: OK"; pass=$((pass + 1))
	else
		echo "valgrind memcheck: FAIL"; cat "$vgout/vg.log"; fail=$((fail + 1))
	fi
	rm -rf "$vgout"
else
	echo "valgrind memcheck: FAIL (plain build failed)"; fail=$((fail + 1))
fi

echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
