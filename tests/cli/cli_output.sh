#!/usr/bin/env bash
# Outputs appear whole or not at all: an unwritable output folder, a full disk (ulimit -f)
# and Ctrl-C never leave a partial report.json, and never destroy an earlier complete one.
. "$(dirname "$0")/lib.sh"
cd "$ROOT"

valid_json() { python3 -c "import json,sys; json.load(open(sys.argv[1]))" "$1" 2>/dev/null; }
no_temps() { [ -z "$(find "$1" -name '*.tmp.*' 2>/dev/null)" ]; }

# An earlier complete report.
run "$OVERLAP" analyze --quiet --no-charts --no-html --out "$TMP/out" corpus/
check "first run writes a complete report" valid_json "$TMP/out/report.json"
cp "$TMP/out/report.json" "$TMP/before.json"

# The output "folder" is a file.
touch "$TMP/afile"
run "$OVERLAP" analyze --quiet --out "$TMP/afile" corpus/
check "output folder that is a file: exit 1" [ $rc -eq 1 ]
has "overlap: $TMP/afile" "$err" || bad "message names the folder"
check "one line of error" [ "$(wc -l <"$TMP/_stderr")" -eq 1 ]

# An output folder under /proc cannot be created.
run "$OVERLAP" analyze --quiet --out /proc/overlap-no/out corpus/
check "uncreatable output folder: exit 1" [ $rc -eq 1 ]

# A full disk: a file-size limit far below the report's size.
( ulimit -f 8; "$OVERLAP" analyze --quiet --no-charts --no-html --out "$TMP/out" corpus/ >"$TMP/o" 2>"$TMP/e"; echo $? >"$TMP/rc" )
rc=$(cat "$TMP/rc"); err=$(cat "$TMP/e")
check "write past the file-size limit: exit 1" [ "$rc" -eq 1 ]
has "report.json" "$err" || bad "the message names report.json"
check "the earlier report is intact" cmp -s "$TMP/out/report.json" "$TMP/before.json"
check "no temporary left after a failed write" no_temps "$TMP/out"

# Ctrl-C in the middle of a run over a larger corpus.
mkdir -p "$TMP/big"
for i in $(seq 1 60); do for f in corpus/*.txt; do
	{ echo "copy $i"; cat "$f"; } >"$TMP/big/$(basename "$f" .txt)_$i.txt"
done; done
for delay in 0.2 0.5 1.0; do
	"$OVERLAP" analyze --quiet --out "$TMP/out" "$TMP/big" >/dev/null 2>&1 &
	pid=$!
	sleep $delay
	kill -INT $pid 2>/dev/null
	wait $pid
	rc=$?
	if [ $rc -eq 0 ]; then
		check "run finished before SIGINT ($delay s): report complete" valid_json "$TMP/out/report.json"
		cp "$TMP/out/report.json" "$TMP/before.json"
	else
		check "SIGINT after $delay s: killed by the signal (exit 130)" [ $rc -eq 130 ]
		check "SIGINT after $delay s: earlier report intact" cmp -s "$TMP/out/report.json" "$TMP/before.json"
	fi
	check "SIGINT after $delay s: no temporary left" no_temps "$TMP/out"
done

# chart re-rendering keeps the report untouched and fails cleanly on broken JSON.
printf '{"documents": [' >"$TMP/broken.json"
run "$OVERLAP" chart --out "$TMP/c" "$TMP/broken.json"
check "chart on broken JSON: exit 1, one line naming the file" [ $rc -eq 1 -a "$(wc -l <"$TMP/_stderr")" -eq 1 ]
has "$TMP/broken.json" "$err" || bad "message names the broken report"

finish
