#!/usr/bin/env bash
# Stories, who published first, boilerplate vs duplicated reporting, listed pairs:
# - the dated corpus (tests/data/dated) gives its three stories, the right first publisher
#   and lags (JSONL ISO 8601 and RFC 2822 dates, a dateline in a text file), undated
#   documents shown as undated, one warning per file for dates that do not parse, and a
#   timeline chart per story;
# - a story's shared text is duplicated reporting: a pair's passage coverage and relation
#   are the same when unrelated articles are added to the corpus;
# - `--pairs` lists every listed pair, unrelated ones too, above 50 documents;
# - hostile ids and labels never run anything through gnuplot in a timeline.
. "$(dirname "$0")/lib.sh"
D="$ROOT/tests/data/dated"
cd "$TMP"

run "$OVERLAP" analyze --no-html --out "$TMP/d" "$D"
check "dated corpus: exit 0" [ $rc -eq 0 ]
nwarn=$(grep -c 'neither ISO 8601 nor RFC 2822' <<<"$err")
check "bad dates: one warning per file (2 files), naming file and line" [ "$nwarn" -eq 2 ]
check "bad dates: the warning names the first bad line" has "bad_dates.jsonl:1:" "$err"
check "summary prints the stories with their first publisher" has "first: orig" "$out"
check "report: stories, first publishers, dates with where they came from" python3 - "$TMP/d/report.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
docs = {d["id"]: d for d in r["documents"]}
st = {frozenset(s["documents"]): s for s in r["stories"]}
bridge = st[frozenset(["orig", "copy", "ext", "undated", "dateline"])]
assert bridge["first"] == "orig", bridge
assert "Lindenport" in bridge["label"] or "Harbour Street" in bridge["label"], bridge["label"]
orchid = st[frozenset(["orchid1", "orchid2"])]
assert orchid["first"] == "orchid1"
assert st[frozenset(["bad1", "bad2"])]["first"] is None
assert docs["undated"]["date"] is None and docs["orchid2"]["date"] is None and docs["bad1"]["date"] is None
assert docs["orig"]["date"] == {"value": "2024-03-01T08:00:00Z", "from": "jsonl"}
assert docs["copy"]["date"]["value"] == "2024-03-01T10:30:00Z"          # RFC 2822
assert docs["ext"]["date"]["value"] == "2024-03-02T08:00:00Z"           # +01:00
dl = docs["dateline"]["date"]
assert dl["value"] == "2024-03-03" and dl["from"] == "text", dl
assert docs["dateline"]["text"][dl["start"]:dl["end"]] == "March 3, 2024"
pairs = {(p["a"], p["b"]): p for p in r["pairs"]}
def pair(a, b):
    return pairs.get((a, b)) or pairs[(b, a)]
p = pair("orig", "copy")
assert p["relation"]["label"] == "repeat" and p["first"] == "orig" and p["lag_seconds"] == 9000, p["relation"]
p = pair("orig", "ext")
assert p["relation"]["label"] == "extend" and p["first"] == "orig" and p["lag_seconds"] == 86400
p = pair("copy", "ext")
assert p["first"] == "copy" and p["lag_seconds"] == 77400
p = pair("dateline", "orig")      # day precision: calendar days
assert p["first"] == "orig" and p["lag_seconds"] == 2 * 86400
p = pair("orig", "undated")
assert p["first"] is None and p["lag_seconds"] is None
p = pair("orchid1", "orchid2")
assert p["relation"]["label"] == "repeat" and p["first"] is None
# related means the same story, unrelated not
for (a, b), p in pairs.items():
    same = docs[a]["story"] == docs[b]["story"]
    assert p["same_story"] == same
    assert (p["relation"]["label"] != "unrelated") == same, (a, b, p["relation"]["label"])
assert "topical" in r["matrix"]["measures"]
PY
if command -v gnuplot >/dev/null 2>&1; then
	check "timeline chart of the dated story: PNG and SVG" [ -s "$TMP/d/timeline_S1.png" -a -s "$TMP/d/timeline_S1.svg" ]
	check "timeline lists the undated document as undated" grep -q "undated (undated)" "$TMP/d/timeline_S1.gp"
	check "no timeline for a story without dates" [ ! -e "$TMP/d/timeline_S2.gp" ]
	# without the matrix (too many documents), the line names what was drawn
	run "$OVERLAP" analyze --no-html --matrix-max 2 --out "$TMP/dm" "$D"
	check "matrix skipped: the written line names the timelines" \
		has "chart files (claims.png and .svg, 2 story timelines, with their .gp and .dat)" "$err"
fi

# Duplicated reporting inside a story counts, whatever else is in the corpus: the story's five
# articles share their text (the old 30%-of-documents rule called it boilerplate).
mkdir -p more
cp "$ROOT"/corpus/*.txt more/
run "$OVERLAP" analyze --quiet --no-charts --no-html --out "$TMP/plus" "$D" more
check "with unrelated articles added: exit 0" [ $rc -eq 0 ]
check "a pair's passage coverage and relation do not change when unrelated articles are added" python3 - "$TMP/d/report.json" "$TMP/plus/report.json" <<'PY'
import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:3])
def pairs(r):
    return {(p["a"], p["b"]): p for p in r["pairs"]}
pa, pb = pairs(a), pairs(b)
n = 0
for k, p in pa.items():
    if p["relation"]["label"] == "unrelated":
        continue
    q = pb[k]
    assert p["passage_coverage"] == q["passage_coverage"], (k, p["passage_coverage"], q["passage_coverage"])
    assert p["relation"]["label"] == q["relation"]["label"], k
    assert [x["boilerplate"] for x in p["passages"]] == [x["boilerplate"] for x in q["passages"]], k
    n += 1
assert n >= 8, n
assert pa[("orig", "ext")]["passage_coverage"]["a"] > 0.9
PY
run "$OVERLAP" analyze --quiet --no-charts --no-html --boilerplate-stories 1 --out "$TMP/b1" "$D"
check "--boilerplate-stories 1: every shared gram is boilerplate, coverage 0" python3 -c "
import json; r = json.load(open('$TMP/b1/report.json'))
p = [p for p in r['pairs'] if (p['a'], p['b']) == ('orig', 'copy')][0]
assert p['passage_coverage'] == {'a': 0, 'b': 0}, p['passage_coverage']
assert r['parameters']['boilerplate_stories'] == 1"

# --pairs above 50 documents: unrelated listed pairs are listed too.
mkdir -p many
python3 - <<'PY'
import random
rng = random.Random(7)
for i in range(1, 57):
    words = ["".join(rng.choice("bcdfghklmnprstvz") + rng.choice("aeiou") for _ in range(3)) for _ in range(14)]
    open(f"many/n{i}.txt", "w").write(" ".join(words).capitalize() + ".\n")
PY
printf 'n3 n40\nn7 n8\n' >pairs.txt
run "$OVERLAP" analyze --quiet --no-charts --no-html --pairs pairs.txt --out "$TMP/manyout" many
check "--pairs above 50 documents: exit 0" [ $rc -eq 0 ]
check "--pairs: every listed pair in report.json with its relation, unrelated included" python3 -c "
import json; r = json.load(open('$TMP/manyout/report.json'))
ps = {(p['a'], p['b']): p for p in r['pairs']}
for k in [('n3', 'n40'), ('n7', 'n8')]:
    assert k in ps, k
    assert ps[k]['relation']['label'] == 'unrelated', ps[k]['relation']
assert len(r['documents']) == 56"

# Hostile ids and story labels in a timeline run nothing.
python3 - <<'PY'
import json
t = ("Officials of Quote'Town and `touch PWNED1` said the \"Backquote\" bridge at system('touch PWNED2') "
     "would close for repairs after engineers found cracks in the girders of the old bridge.")
rows = [{"id": "a'`touch PWNED3`", "date": "2024-01-01", "text": t},
        {"id": "b\";system('touch PWNED4')", "date": "2024-01-02T10:00:00Z", "text": t + " Ferries will run."}]
with open("hostile.jsonl", "w") as f:
    for r in rows:
        f.write(json.dumps(r) + "\n")
PY
if command -v gnuplot >/dev/null 2>&1; then
	run "$OVERLAP" analyze --quiet --no-html --out "$TMP/h" hostile.jsonl
	check "hostile timeline: exit 0 and rendered" [ $rc -eq 0 -a -s "$TMP/h/timeline_S1.png" ]
	check "hostile timeline: no command ran" [ -z "$(find "$TMP" / -maxdepth 1 -name 'PWNED*' 2>/dev/null)" ]
fi

run "$OVERLAP" analyze --story-cut 2 "$D"
check "--story-cut out of range: usage error" [ $rc -eq 2 ]
finish
