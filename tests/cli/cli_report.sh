#!/usr/bin/env bash
# What the reader is told: skipped work said in the terminal, report.json and the page; one
# pair ranking; titles, outlets and safe links; bidi isolation; alignment wording and merged
# diff runs; passages on a JSONL of several records; help listing every option; a missing
# input path; colliding file names.
. "$(dirname "$0")/lib.sh"
cd "$ROOT"
json() { python3 -c "import json,sys; r=json.load(open(sys.argv[1])); $2" "$1"; }

# --- skipped work is said, with the option that raises it -----------------------------------
run "$OVERLAP" analyze --no-charts --detail-max 3 --matrix-max 2 --out "$TMP/o1" corpus/
check "limits: exit 0" [ $rc -eq 0 ]
has "Not computed: passages, claims, contradictions and relations were not computed" "$out" ||
	bad "terminal says detail was skipped"
has "(raise --detail-max)" "$out" || bad "terminal names --detail-max"
has "(raise --matrix-max)" "$out" || bad "terminal names --matrix-max"
has "0 contradictions" "$out" && bad "no zero count for what was not computed"
check "report.json info names both limits and options" json "$TMP/o1/report.json" '
keys = {i["key"]: i["option"] for i in r["info"]}
assert keys.get("detail_skipped") == "--detail-max" and keys.get("matrix_skipped") == "--matrix-max", keys'
check "the page says it, with the option" grep -q 'raise it with <code>--detail-max</code>' "$TMP/o1/report.html"
check "the page does not claim no contradictions" bash -c "! grep -q 'No contradictions found' '$TMP/o1/report.html'"
check "the page points to the note instead" grep -q 'Contradictions were not looked for' "$TMP/o1/report.html"

# --- one ranking, --top, titles in the terminal -------------------------------------------
run "$OVERLAP" analyze --no-charts --no-html --top 3 --out "$TMP/o2" corpus/
check "--top 3: three pair rows and a count of the rest" \
	[ "$(grep -c '^  *0\.[0-9]* ' <<<"$out")" -eq 3 ]
has "(7 more in report.json" "$out" || bad "the rest is counted"
has "Putin" "$out" || bad "titles, not hash ids, in the table"
first=$(grep -m1 '^  *0\.[0-9]* ' <<<"$out" | awk '{print $1}')
best=$(json "$TMP/o2/report.json" '
print("%.3f" % max(max(p["jaccard"], p["containment_ab"], p["containment_ba"],
	p["passage_coverage"]["a"], p["passage_coverage"]["b"]) for p in r["pairs"]))')
check "the first row is the pair of most overlap ($first = $best)" [ "$first" = "$best" ]
run "$OVERLAP" analyze --no-charts --out "$TMP/o3" corpus/
check "the page's first pair row is the terminal's first" python3 - "$TMP/o3/report.html" "$out" <<'PY'
import re, sys, html
page = open(sys.argv[1]).read()
row = re.search(r'<table id="pairs-table">.*?<tbody>\s*<tr>(.*?)</tr>', page, re.S).group(1)
cells = re.findall(r'<td[^>]*>(.*?)</td>', row, re.S)
overlap = cells[1]
term = [l for l in sys.argv[2].splitlines() if re.match(r'\s+0\.\d+ ', l)][0].split()[0]
assert overlap == term, (overlap, term)
PY

# --- titles, outlet, date, safe links, bidi ------------------------------------------------
mkdir -p "$TMP/meta"
base="The quick brown fox jumps over the lazy dog near the river bank while the farmer watches from the hill and the children play in the field behind the old stone barn."
cat >"$TMP/meta/news.jsonl" <<EOF
{"id": "a1", "title": "Evil \u202e title reversed", "source": "Daily <Planet>", "date": "2024-03-01", "url": "javascript:alert(1)", "text": "$base Extra words one."}
{"id": "a2", "title": "Second story title", "source": "WSJ", "date": "2024-03-02", "url": "https://example.org/a?x=1&y=\"2\"", "text": "$base Extra words two."}
EOF
run "$OVERLAP" analyze --no-charts --out "$TMP/o4" "$TMP/meta"
check "metadata run: exit 0" [ $rc -eq 0 ]
page=$(cat "$TMP/o4/report.html")
has '<bdi title="a1">Evil' "$page" || bad "titles are isolated (<bdi>) with the id on hover"
has 'WSJ' "$page" || bad "the outlet the input gave is shown"
has '2024-03-02' "$page" || bad "the date is shown"
has 'Daily &lt;Planet&gt;' "$page" || bad "the outlet is escaped"
has 'href="https://example.org/a?x=1&amp;y=&quot;2&quot;"' "$page" || bad "an https link, escaped"
has 'javascript:' "$page" && bad "a javascript: url never becomes a link"
check "every title is closed before the next one (no bidi override leaks)" python3 - "$TMP/o4/report.html" <<'PY'
import sys, re
page = open(sys.argv[1]).read()
for h in re.findall(r'<h3>(.*?)</h3>', page, re.S):
    if "\u202e" in h:
        assert re.search(r'<bdi[^>]*>[^<]*\u202e[^<]*</bdi>', h), h
PY

# --- alignment wording and merged diff runs -------------------------------------------------
run "$OVERLAP" passages 000_a7004b4e3752436e 001_84a70742c93fdf8f
check "passages: exit 0" [ $rc -eq 0 ]
has "11 of 12 words aligned" "$out" || bad "counts in words, no misleading percentage"
has "% of words" "$out" && bad "no percentage of words"
has "[-the heads of national security councils-]" "$out" || bad "changed words in one run"

# --- passages on a JSONL of several records ------------------------------------------------
run "$OVERLAP" passages "$TMP/meta/news.jsonl" a2
check "several records: exit 1, one line" [ $rc -eq 1 -a "$(wc -l <"$TMP/_stderr")" -eq 1 ]
has "name one as $TMP/meta/news.jsonl:ID" "$err" || bad "it says how to name one"
has "$TMP/meta/news.jsonl:a1" "$err" || bad "it lists the ids"
run "$OVERLAP" passages "$TMP/meta/news.jsonl:a1" "$TMP/meta/news.jsonl:a2"
check "FILE.jsonl:ID picks the record: exit 0" [ $rc -eq 0 ]
has "A = a1" "$out" || bad "A is a1"
has "B = a2" "$out" || bad "B is a2"

# --- help lists every option a command accepts ----------------------------------------------
# An option applies to a command when the parser does not refuse it there; each one that
# applies must be in that command's --help.
for cmd in analyze passages claims chart; do
	help=$("$OVERLAP" $cmd --help)
	missing=""
	while read -r o kind; do
		[ "$o" = help ] && continue
		if [ "$kind" = required_argument ]; then arg="--$o=1"; else arg="--$o"; fi
		if "$OVERLAP" $cmd "$arg" --help 2>&1 | grep -q "does not apply to this command"; then
			continue
		fi
		has "--$o" "$help" || missing="$missing --$o"
	done < <(grep -o '^	{"[a-z-]*", [^,]*, [A-Z"NUL]*' "$ROOT/src/cli/options.c" | tr -d '{",' |
		 awk '{ print $1, ($3 == "NULL" ? "no_argument" : "required_argument") }' | sort -u)
	rc=0
	check "$cmd --help lists every option it accepts${missing:+ (missing:$missing)}" [ -z "$missing" ]
done

# --- a missing input path is an error before any work ---------------------------------------
rm -rf "$TMP/o5"
run "$OVERLAP" analyze --quiet --out "$TMP/o5" corpus/ "$TMP/no-such-file.txt"
check "missing path: exit 1, one line naming it" [ $rc -eq 1 -a "$(wc -l <"$TMP/_stderr")" -eq 1 ]
has "$TMP/no-such-file.txt" "$err" || bad "the message names the path"
check "missing path: nothing written" [ ! -e "$TMP/o5" ]

# --- Chinese text: character bigrams, so similarity and passages work ---------------------
mkdir -p "$TMP/zh"
printf '北京时间周二，国家统计局发布数据显示，今年第三季度国内生产总值同比增长百分之四点九，略高于市场预期。分析人士认为，消费回暖是主要推动力。\n' >"$TMP/zh/a.txt"
printf '据新华社报道，国家统计局发布数据显示，今年第三季度国内生产总值同比增长百分之四点九，略高于市场预期。专家表示，出口仍面临压力。\n' >"$TMP/zh/b.txt"
run "$OVERLAP" passages "$TMP/zh/a.txt" "$TMP/zh/b.txt"
check "Chinese: one shared passage found" [ $rc -eq 0 ]
has "1 shared passage" "$out" || bad "the shared sentence is a passage"
has "国家统计局发布数据显示" "$out" || bad "the passage text is shown"

# --- one file name in several folders: ids from the folders, not an abort ------------------
mkdir -p "$TMP/col/outlet_a" "$TMP/col/outlet_b"
cp corpus/000_a7004b4e3752436e.txt "$TMP/col/outlet_a/story.txt"
cp corpus/001_84a70742c93fdf8f.txt "$TMP/col/outlet_b/story.txt"
run "$OVERLAP" analyze --quiet --no-charts --out "$TMP/o6" "$TMP/col"
check "colliding file names: exit 0" [ $rc -eq 0 ]
check "ids from the folders" json "$TMP/o6/report.json" '
assert [d["id"] for d in r["documents"]] == ["outlet_a/story", "outlet_b/story"], r["documents"]'

finish
