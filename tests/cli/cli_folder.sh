#!/usr/bin/env bash
# One run, one folder: after a finished run, a Ctrl-C at any point, a full disk or a second
# run at the same time, --out holds one complete set of outputs (report.json, report.html and
# the charts of one run), never a mix and never a chart of an earlier run.
. "$(dirname "$0")/lib.sh"
cd "$ROOT"

# The set in folder $1 is one run's: report.json parses, report.html says the same number of
# documents, every matrix chart is of that many documents (N x N, or clusters of N documents),
# no run folder or temporary is left.
one_set() {
	local d=$1 n hn f
	n=$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))['documents']))" \
		"$d/report.json" 2>/dev/null) || return 1
	[ -f "$d/report.html" ] || return 1
	hn=$(grep -o '<span id="ndocs">[0-9,]*' "$d/report.html" | head -1 | sed 's/.*>//; s/,//g')
	[ "$hn" = "$n" ] || { echo "  report.html says $hn documents, report.json $n"; return 1; }
	for f in "$d"/matrix*.dat; do
		[ -e "$f" ] || continue
		if head -1 "$f" | grep -qE "(clusters|stories) \(mean"; then
			# past 60 documents: one row per cluster, the title counts the documents
			grep -q " - $n documents in " "${f%.dat}.gp" ||
				{ echo "  ${f%.dat}.gp is not of $n documents"; return 1; }
		else
			head -1 "$f" | grep -q " $n x $n " || { echo "  $f is not $n x $n"; return 1; }
		fi
	done
	[ -z "$(find "$d" -name '*.tmp.*')" ] || { echo "  temporary left in $d"; return 1; }
	[ -z "$(find "$(dirname "$d")" -maxdepth 1 -name ".$(basename "$d").run-*")" ] || { echo "  run folder left"; return 1; }
}
ndocs() { python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))['documents']))" "$1/report.json"; }

mkdir -p "$TMP/big" "$TMP/two"
head -c 3000 corpus/000_a7004b4e3752436e.txt >"$TMP/two/a.txt"
head -c 3000 corpus/001_84a70742c93fdf8f.txt >"$TMP/two/b.txt"
for i in $(seq 1 16); do for f in corpus/*.txt; do
	{ echo "copy $i"; cat "$f"; } >"$TMP/big/$(basename "$f" .txt)_$i.txt"
done; done

# A run that draws no chart leaves no chart of the run before it.
run "$OVERLAP" analyze --quiet --out "$TMP/out" corpus/
check "first run: one complete set" one_set "$TMP/out"
check "first run drew the matrix" [ -f "$TMP/out/matrix.png" ]
run "$OVERLAP" analyze --quiet --no-charts --out "$TMP/out" corpus/
check "a run without charts: exit 0" [ $rc -eq 0 ]
check "no stale chart from the run before" [ -z "$(ls "$TMP/out" | grep -v '^report\.')" ]
run "$OVERLAP" analyze --quiet --out "$TMP/out" corpus/
check "charts back in the next run" one_set "$TMP/out"

# A folder of someone else's files is refused before any work, and left alone.
mkdir -p "$TMP/mine"
echo keep >"$TMP/mine/notes.txt"
run "$OVERLAP" analyze --quiet --out "$TMP/mine" corpus/
check "folder of other files: exit 1, one line naming it" \
	[ $rc -eq 1 -a "$(wc -l <"$TMP/_stderr")" -eq 1 ]
has "notes.txt" "$err" || bad "the message names the foreign file"
check "the other files are untouched" [ "$(cat "$TMP/mine/notes.txt")" = keep ]

# Ctrl-C at many points of a run: one line, exit 130, the earlier set intact.
cp "$TMP/out/report.json" "$TMP/before.json"
for delay in 0.1 0.4 1.0 2.0 3.5; do
	"$OVERLAP" analyze --out "$TMP/out" "$TMP/big" >"$TMP/o" 2>"$TMP/e" &
	pid=$!
	sleep $delay
	kill -INT $pid 2>/dev/null
	wait $pid
	rc=$?
	if [ $rc -eq 0 ]; then
		check "run finished before SIGINT ($delay s): one complete set" one_set "$TMP/out"
		check "run finished before SIGINT ($delay s): the new set" [ "$(ndocs "$TMP/out")" -eq 80 ]
		cp "$TMP/out/report.json" "$TMP/before.json"
	else
		check "SIGINT after $delay s: exit 130" [ $rc -eq 130 ]
		check "SIGINT after $delay s: one line on stderr" \
			[ "$(grep -c 'interrupted' "$TMP/e")" -eq 1 ]
		check "SIGINT after $delay s: the earlier set, whole" one_set "$TMP/out"
		check "SIGINT after $delay s: earlier report.json intact" \
			cmp -s "$TMP/out/report.json" "$TMP/before.json"
	fi
done

# Ctrl-C during the charts and during the page, reached for sure: a gnuplot that takes its
# time, and a signal sent once the run folder holds report.json (or the first chart).
printf '#!/bin/sh\ncat >/dev/null\nsleep 2\n' >"$TMP/slowgp"
chmod +x "$TMP/slowgp"
for phase in report.json matrix.dat; do
	cp "$TMP/out/report.json" "$TMP/before.json"
	OVERLAP_GNUPLOT="$TMP/slowgp" "$OVERLAP" analyze --out "$TMP/out" corpus/ >"$TMP/o" 2>"$TMP/e" &
	pid=$!
	for _ in $(seq 1 600); do
		ls "$TMP"/.out.run-*/"$phase" >/dev/null 2>&1 && break
		sleep 0.05
	done
	kill -INT $pid 2>/dev/null
	wait $pid
	rc=$?
	check "SIGINT once $phase is written: exit 130" [ $rc -eq 130 ]
	check "SIGINT once $phase is written: one line" [ "$(wc -l <"$TMP/e")" -eq 1 ]
	check "SIGINT once $phase is written: the earlier set, whole" one_set "$TMP/out"
	check "SIGINT once $phase is written: earlier report.json intact" \
		cmp -s "$TMP/out/report.json" "$TMP/before.json"
done

# SIGKILL (no handler can run): the run folder it leaves is never the output, and the next
# run removes it.
"$OVERLAP" analyze --quiet --out "$TMP/out" "$TMP/big" >/dev/null 2>&1 &
pid=$!
sleep 0.5
kill -KILL $pid 2>/dev/null
wait $pid 2>/dev/null
check "after SIGKILL: the earlier report.json intact" cmp -s "$TMP/out/report.json" "$TMP/before.json"
check "after SIGKILL: the earlier page is there" [ -f "$TMP/out/report.html" ]
run "$OVERLAP" analyze --quiet --out "$TMP/out" corpus/
check "the run after a SIGKILL: one complete set, leftovers gone" one_set "$TMP/out"

# Two runs into one --out at the same time: the second says so in one line and exits 1;
# the folder is the first run's set.
"$OVERLAP" analyze --quiet --out "$TMP/out" "$TMP/big" >"$TMP/o1" 2>"$TMP/e1" &
p1=$!
sleep 0.3
"$OVERLAP" analyze --quiet --out "$TMP/out" corpus/ >"$TMP/o2" 2>"$TMP/e2"
r2=$?
wait $p1
r1=$?
rc=$r2; err=$(cat "$TMP/e2")
check "concurrent runs: the first finishes" [ $r1 -eq 0 ]
check "concurrent runs: the second exits 1" [ $r2 -eq 1 ]
check "concurrent runs: one line saying another run is writing" \
	[ "$(wc -l <"$TMP/e2")" -eq 1 ]
has "another overlap run" "$err" || bad "the line says another run is writing"
check "concurrent runs: the folder is one complete set, the first run's" one_set "$TMP/out"
check "concurrent runs: the first run's documents" [ "$(ndocs "$TMP/out")" -eq 80 ]

# A full disk at several points of the run (a small tmpfs in a user and mount namespace):
# exit 1, one line naming the file and the reason, the earlier set intact.
if unshare -rm true 2>/dev/null; then
	for kb in 140 400 700 900; do
		unshare -rm bash -c '
			OVERLAP=$1 TMPD=$2 ROOT=$3 KB=$4
			mkdir -p "$TMPD/fs"
			mount -t tmpfs -o size=${KB}k tmpfs "$TMPD/fs" || exit 77
			cp -r "$TMPD/two" "$TMPD/fs/in"
			"$OVERLAP" analyze --quiet --no-charts --out "$TMPD/fs/out" "$TMPD/fs/in" || exit 3
			cp "$TMPD/fs/out/report.json" "$TMPD/full_before.json"
			"$OVERLAP" analyze --quiet --out "$TMPD/fs/out" "$ROOT/corpus" 2>"$TMPD/full_err"
			echo $? >"$TMPD/full_rc"
			cp -r "$TMPD/fs/out" "$TMPD/full_out"
			ls -a "$TMPD/fs" >"$TMPD/full_ls"
		' sh "$OVERLAP" "$TMP" "$ROOT" "$kb"
		case $? in
		77) echo "ok - full disk at ${kb} kB: skipped (tmpfs mount refused)"; rm -rf "$TMP/full_out"; continue ;;
		3) rc=3; bad "full disk at ${kb} kB: the small first run failed"; continue ;;
		esac
		rc=$(cat "$TMP/full_rc"); err=$(cat "$TMP/full_err")
		if [ "$rc" -eq 0 ]; then
			check "disk of ${kb} kB held both sets: one complete set" one_set "$TMP/full_out"
		else
			check "full disk at ${kb} kB: exit 1, one line" [ "$rc" -eq 1 -a "$(wc -l <<<"$err")" -eq 1 ]
			grep -qE "No space left|incomplete image" <<<"$err" || bad "full disk at ${kb} kB: the reason is given ($err)"
			check "full disk at ${kb} kB: the earlier report.json intact" \
				cmp -s "$TMP/full_out/report.json" "$TMP/full_before.json"
			check "full disk at ${kb} kB: the earlier set has no chart" \
				[ -z "$(ls "$TMP/full_out" | grep -v '^report\.')" ]
			check "full disk at ${kb} kB: no run folder left" [ -z "$(grep '\.run-' "$TMP/full_ls")" ]
			echo "  (failed at: $err)"
		fi
		rm -rf "$TMP/full_out"
	done
else
	echo "ok - full disk: skipped (no user namespaces here); the file-size limit below still runs"
fi

# A file-size limit (ulimit -f, no privileges needed): the write fails with EFBIG.
run "$OVERLAP" analyze --quiet --out "$TMP/out" corpus/
cp "$TMP/out/report.json" "$TMP/before.json"
( ulimit -f 100; "$OVERLAP" analyze --quiet --out "$TMP/out" corpus/ >"$TMP/o" 2>"$TMP/e"; echo $? >"$TMP/rc" )
rc=$(cat "$TMP/rc"); err=$(cat "$TMP/e")
check "file-size limit: exit 1, one line with the reason" [ "$rc" -eq 1 -a "$(wc -l <"$TMP/e")" -eq 1 ]
has "File too large" "$err" || bad "the reason is given"
check "file-size limit: the earlier set intact" one_set "$TMP/out"
check "file-size limit: earlier report.json intact" cmp -s "$TMP/out/report.json" "$TMP/before.json"

finish
