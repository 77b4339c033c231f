#!/usr/bin/env bash
# Charts through gnuplot: PNG and SVG for the matrix and claims; documents whose titles try to run
# commands through gnuplot (quotes, backquotes, system()) run nothing; without gnuplot the .gp and
# .dat files are still written, one warning says how to render them, and the run succeeds;
# `overlap chart` re-renders a saved report.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/hostile.sh"
make_hostile
cd "$TMP"
no_pwned() { [ -z "$(find "$TMP" / -maxdepth 1 -name 'PWNED*' 2>/dev/null)" ] && [ -z "$(find "$TMP" -name 'PWNED*')" ]; }

if command -v gnuplot >/dev/null 2>&1; then
	run "$OVERLAP" analyze --quiet --out "$TMP/out" "$TMP/hostile"
	check "analyze with charts: exit 0" [ $rc -eq 0 ]
	for f in matrix.png matrix.svg claims.png claims.svg matrix_jaccard.png matrix_jaccard.svg; do
		check "$f written and not empty" [ -s "$TMP/out/$f" ]
	done
	check "matrix.png is a PNG" bash -c "head -c 8 '$TMP/out/matrix.png' | od -An -tx1 | grep -q '89 50 4e 47'"
	check "matrix.svg is SVG with every hostile title as text" bash -c "grep -q '<svg' '$TMP/out/matrix.svg' && grep -q 'touch PWN' '$TMP/out/matrix.svg' && grep -q 'system(’touch' '$TMP/out/matrix.svg'"
	check "no command ran through gnuplot (no PWNED file)" no_pwned
	check "the matrix chart names its measure" grep -qi "claims\|jaccard\|coverage\|containment\|topical" "$TMP/out/matrix.gp"
	rm -f "$TMP/out/"*.png "$TMP/out/"*.svg
	run "$OVERLAP" chart "$TMP/out/report.json"
	check "chart REPORT re-renders beside the report" [ $rc -eq 0 -a -s "$TMP/out/matrix.png" -a -s "$TMP/out/claims.svg" -a -s "$TMP/out/report.html" ]
	check "still no PWNED file after re-rendering" no_pwned
else
	echo "skip - gnuplot not installed: rendering not checked"
fi

# Without gnuplot: scripts and data written, one warning, success.
rm -rf "$TMP/out2"
run env OVERLAP_GNUPLOT=/nonexistent/gnuplot "$OVERLAP" analyze --quiet --out "$TMP/out2" "$TMP/hostile"
check "without gnuplot: exit 0" [ $rc -eq 0 ]
check "without gnuplot: .gp and .dat written" [ -s "$TMP/out2/matrix.gp" -a -s "$TMP/out2/matrix.dat" -a -s "$TMP/out2/claims.gp" ]
check "without gnuplot: no PNG" [ ! -e "$TMP/out2/matrix.png" ]
check "without gnuplot: one warning saying how to render" [ "$(grep -ci 'gnuplot' "$TMP/_stderr")" -eq 1 ]
check "without gnuplot: report.json and report.html still written" [ -s "$TMP/out2/report.json" -a -s "$TMP/out2/report.html" ]

# A report past the charts' limits (matrix: 200 documents, claims chart: 500): no chart is
# attempted (a 600-bar claims chart is wider than cairo draws), a note says so, and the run
# succeeds with report.html. The report is the hostile one grown to 600 documents.
python3 - "$TMP/out2/report.json" "$TMP/big.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
d0 = r["documents"][0]
r["documents"] = [dict(d0, id="d%03d" % i, title="Brief %d" % i) for i in range(600)]
r["matrix"] = None
json.dump(r, open(sys.argv[2], "w"))
PY
rm -rf "$TMP/out3"
run "$OVERLAP" chart --out "$TMP/out3" "$TMP/big.json"
check "600 documents: exit 0" [ $rc -eq 0 ]
check "600 documents: report.html written" [ -s "$TMP/out3/report.html" ]
check "600 documents: no claims or matrix chart" [ ! -e "$TMP/out3/claims.gp" -a ! -e "$TMP/out3/matrix.gp" ]
check "600 documents: a note says why there is no claims chart" grep -q "no claims chart: .*up to 500 documents (here 600)" "$TMP/_stderr"
check "600 documents: no error" bash -c "! grep -qi 'gnuplot exited\|error' '$TMP/_stderr'"
finish
