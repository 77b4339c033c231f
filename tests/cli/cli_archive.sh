#!/usr/bin/env bash
# The archive (overlap index / overlap query) as a user and a newsroom's cron job use it:
# answers equal analyze's pairs, incremental adds, refused settings, kill -9 during add,
# damaged / foreign / truncated / future files, a second writer, readers beside a writer.
. "$(dirname "$0")/lib.sh"
cd "$ROOT"
ARC_SQL=${ARC_SQL:?}
GEN_CORPUS=${GEN_CORPUS:?}
export OVL_SOURCE_ROOT="$ROOT"
one_line() { [ "$(wc -l <"$TMP/_stderr")" -eq 1 ]; }

# ---- a generated corpus with planted near-duplicates and contained stories ----
"$GEN_CORPUS" "$TMP/g" --docs 300 --jsonl --dup-frac 0.2 --contain-frac 0.05 --window 100 \
	>/dev/null 2>&1 || bad "gen_corpus runs"
G="$TMP/g/docs.jsonl"

run "$OVERLAP" index --help
check "index --help exits 0" [ $rc -eq 0 ]
run "$OVERLAP" query --help
if [ $rc -eq 0 ] && has "usage: overlap query" "$out"; then ok "query --help exits 0 with usage"; else bad "query --help exits 0 with usage"; fi
run "$OVERLAP" index add "$TMP/x.db"
check "index add without PATH: exit 2" [ $rc -eq 2 ]
run "$OVERLAP" index frob "$TMP/x.db"
if [ $rc -eq 2 ] && one_line; then ok "unknown index command: exit 2, one line"; else bad "unknown index command: exit 2, one line"; fi
run "$OVERLAP" query --perm 64 "$TMP/x.db" "$G"
check "settings option on query: exit 2" [ $rc -eq 2 ]

# ---- answers equal analyze (exact scan mode, and LSH mode) ----
run "$OVERLAP" analyze --quiet --no-charts --no-html --no-claims --out "$TMP/an" "$G"
check "analyze of the generated corpus" [ $rc -eq 0 ]
run "$OVERLAP" analyze --quiet --no-charts --no-html --no-claims --all-pairs-max 0 --out "$TMP/anl" "$G"
check "analyze in LSH mode" [ $rc -eq 0 ]
run "$OVERLAP" index add -q "$TMP/a.db" "$G"
check "index add of 300 documents" [ $rc -eq 0 ]
run "$OVERLAP" index add -q --scan-max 0 --generation 70 "$TMP/l.db" "$G"
check "index add (LSH mode archive, generations of 70)" [ $rc -eq 0 ]
cat >"$TMP/cmp.py" <<'EOF'
import json, sys
q = json.load(open(sys.argv[1])); r = json.load(open(sys.argv[2]))
thr, cont = r["parameters"]["threshold"], r["parameters"]["containment"]
A = {(min(p["a"], p["b"]), max(p["a"], p["b"])): p for p in r["pairs"]
     if p["jaccard"] >= thr or max(p["containment_ab"], p["containment_ba"]) >= cont}
Q = {}
for qq in q["queries"]:
    for m in qq["matches"]:
        a, b = qq["doc"], m["doc"]
        assert a != b, "a document matched itself"
        k = (min(a, b), max(a, b))
        # the same pair from both sides: containments swap, Jaccard stays
        cab, cba = (m["containment_ab"], m["containment_ba"]) if a < b else (m["containment_ba"], m["containment_ab"])
        Q.setdefault(k, []).append((m["jaccard"], cab, cba))
bad = 0
for k in set(A) | set(Q):
    if k not in Q or k not in A:
        print("only in", "analyze" if k in A else "query", k); bad += 1; continue
    p = A[k]
    for j, cab, cba in Q[k]:
        if abs(j - p["jaccard"]) > 1e-6 or abs(cab - p["containment_ab"]) > 1e-6 or abs(cba - p["containment_ba"]) > 1e-6:
            print("figures differ", k, (j, cab, cba), p["jaccard"]); bad += 1
    if len(Q[k]) != 2:
        print("pair not found from both sides", k); bad += 1
print(len(A), "pairs from analyze,", len(Q), "from queries,", bad, "differences")
sys.exit(1 if bad or not A else 0)
EOF
run "$OVERLAP" query --json --no-passages "$TMP/a.db" "$G"
echo "$out" >"$TMP/q.json"
check "query of every document: exit 0" [ $rc -eq 0 ]
run python3 "$TMP/cmp.py" "$TMP/q.json" "$TMP/an/report.json"
check "query pairs = analyze pairs (exact, every archived document verified): $out" [ $rc -eq 0 ]
run "$OVERLAP" query --json --no-passages "$TMP/l.db" "$G"
echo "$out" >"$TMP/ql.json"
run python3 "$TMP/cmp.py" "$TMP/ql.json" "$TMP/anl/report.json"
check "query pairs = analyze pairs (LSH bands + containment samples): $out" [ $rc -eq 0 ]
# every queried document is archived under its own id: said, in both modes, not a silent 0
check "query of archived documents: self_archived in JSON (scan and LSH)" python3 -c "
import json,sys
for f in sys.argv[1:]:
    q=json.load(open(f))['queries']
    assert q and all(x['self_archived'] for x in q), f
" "$TMP/q.json" "$TMP/ql.json"
run "$OVERLAP" query "$TMP/a.db" "$G"
check "query of an archived document: the table says it is not compared with itself" \
	has "itself is in the archive, under the same id: not compared with itself" "$out"

# ---- incremental adds, settings, stats, check, remove ----
run "$OVERLAP" index add "$TMP/a.db" "$G"
if [ $rc -eq 0 ] && has "0 added, 0 replaced, 300 unchanged" "$err"; then ok "adding the same documents again: all unchanged"; else bad "adding the same documents again: all unchanged"; fi
run "$OVERLAP" index add --shingle 4 "$TMP/a.db" "$G"
if [ $rc -eq 1 ] && one_line && has "archive was built with shingle 5" "$err"; then ok "add with other settings: exit 1, one line"; else bad "add with other settings: exit 1, one line"; fi
mkdir -p "$TMP/chg"
python3 -c "import json,sys
l=[json.loads(x) for x in open(sys.argv[1])][:3]
l[0]['text']=l[0]['text']+' One more sentence was added later.'
open(sys.argv[2],'w').write(''.join(json.dumps(d)+'\n' for d in l))" "$G" "$TMP/chg/docs.jsonl"
run "$OVERLAP" index add "$TMP/a.db" "$TMP/chg/docs.jsonl"
if [ $rc -eq 0 ] && has "0 added, 1 replaced, 2 unchanged" "$err" && has "content changed" "$err"; then ok "a changed document replaces the stored one and says so"; else bad "a changed document replaces the stored one and says so"; fi
run "$OVERLAP" index stats --json "$TMP/a.db"
if [ $rc -eq 0 ] && has '"documents": 300' "$out"; then ok "stats: 300 documents"; else bad "stats: 300 documents"; fi
run "$OVERLAP" index check "$TMP/a.db"
if [ $rc -eq 0 ] && has "ok (300 documents)" "$out"; then ok "check after adds and a replacement: ok"; else bad "check after adds and a replacement: ok"; fi
run "$OVERLAP" index remove "$TMP/a.db" g0000001 nosuchdoc
if [ $rc -eq 1 ] && has "no document 'nosuchdoc'" "$err"; then ok "remove: unknown id is exit 1, known one removed"; else bad "remove: unknown id is exit 1, known one removed"; fi
run "$OVERLAP" index check "$TMP/a.db"
if [ $rc -eq 0 ] && has "ok (299 documents)" "$out"; then ok "check after remove: ok, 299 documents"; else bad "check after remove: ok, 299 documents"; fi

# ---- a worked query: passages, relation, first by date, standard input, --add ----
cat >"$TMP/old.jsonl" <<'EOF'
{"id": "wire-1", "date": "2024-03-01", "source": "Wire", "title": "Harbour bridge closed", "text": "The harbour bridge was closed on Monday after engineers found cracks in two of its steel supports. The city council said repairs would take at least six weeks and cost about 4 million euros. Ferries will run every twenty minutes while the bridge is shut, the transport office said."}
{"id": "other-1", "date": "2024-02-11", "text": "A local bakery won the regional bread prize for the third year in a row, beating forty other entries with a rye loaf baked in a wood oven."}
EOF
cat >"$TMP/new.txt" <<'EOF'
The harbour bridge was closed on Monday after engineers found cracks in two of its steel supports. The city council said repairs would take at least six weeks and cost about 4 million euros. Ferries will run every twenty minutes while the bridge is shut, the transport office said. Shop owners near the bridge said their sales fell by 30 percent in the first week of the closure.
EOF
run "$OVERLAP" index add -q "$TMP/w.db" "$TMP/old.jsonl"
run "$OVERLAP" query --json "$TMP/w.db" - <"$TMP/new.txt"
check "query from standard input: exit 0" [ $rc -eq 0 ]
echo "$out" >"$TMP/w.json"
run python3 -c "import json,sys
q=json.load(open(sys.argv[1]))['queries']
assert len(q)==1 and q[0]['doc']=='stdin', q
assert q[0]['self_archived'] is False, q[0]
m=q[0]['matches']
assert [x['doc'] for x in m]==['wire-1'], m
m=m[0]
assert m['containment_ba']==1.0 and 0.5<m['containment_ab']<1, m
assert m['relation']['label'] in ('extend','repeat'), m['relation']
assert m['first'] is None
p=m['passages']; assert len(p)==1 and p[0]['b_start']==0 and p[0]['a_start']==0, p
assert p[0]['b_text'].startswith('The harbour bridge'), p
assert len(m['shared_claims']) >= 2 and all(c['a_text'] and c['b_text'] for c in m['shared_claims']), m['shared_claims']
assert any('30 percent' in c['a_text'] for c in m['new_claims_a']), m['new_claims_a']
assert m['contradictions'] == [], m['contradictions']
" "$TMP/w.json"
check "the wire story is found with a passage spanning both texts" [ $rc -eq 0 ]
printf '{"id": "paper-7", "date": "2024-03-02", "text": %s}\n' "$(python3 -c 'import json,sys; print(json.dumps(open(sys.argv[1]).read()))' "$TMP/new.txt")" >"$TMP/new.jsonl"
run "$OVERLAP" query --json --add "$TMP/w.db" "$TMP/new.jsonl"
if [ $rc -eq 0 ] && has '"first": "wire-1"' "$out" && has "1 added" "$err"; then ok "query --add: exit 0"; else bad "query --add: exit 0"; fi
run "$OVERLAP" query "$TMP/w.db" "$TMP/new.jsonl"
if [ $rc -eq 0 ] && has "wire-1" "$out" && has "archived" "$out"; then ok "table for a person names the archived match"; else bad "table for a person names the archived match"; fi
# the match's publisher and which side adds to the other, its passage and the query's new claim
if has "with wire-1 (Wire; the query extends it): claims 3 shared, 1 only in the query" "$out" &&
	has "P1 query bytes 0-280 = bytes 0-280 (100% aligned)" "$out" &&
	has 'new in the query, bytes 282-379: "Shop owners near the bridge said their sales fell by 30 percent' "$out"; then
	ok "table: source, extender, passage and the new claim of the match"
else bad "table: source, extender, passage and the new claim of the match"; fi
run "$OVERLAP" index stats "$TMP/w.db"
if [ $rc -eq 0 ] && has "documents:    3" "$out"; then ok "the queried document was added"; else bad "the queried document was added"; fi

# ---- damaged, foreign, truncated and future files: one line, exit 1 ----
printf 'just some text\n' >"$TMP/text.db"
run "$OVERLAP" query "$TMP/text.db" "$TMP/new.txt"
if [ $rc -eq 1 ] && one_line && has "not an SQLite database" "$err"; then ok "a text file as archive: exit 1, one line"; else bad "a text file as archive: exit 1, one line"; fi
run "$OVERLAP" index add "$TMP/text.db" "$TMP/new.txt"
if [ $rc -eq 1 ] && one_line && [ "$(cat "$TMP/text.db")" = "just some text" ]; then ok "add into a text file: refused, file untouched"; else bad "add into a text file: refused, file untouched"; fi
head -c 60 "$TMP/a.db" >"$TMP/short.db"
run "$OVERLAP" index stats "$TMP/short.db"
if [ $rc -eq 1 ] && one_line && has "truncated" "$err"; then ok "a 60-byte truncated archive: exit 1, one line"; else bad "a 60-byte truncated archive: exit 1, one line"; fi
"$ARC_SQL" "$TMP/a.db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
for cut in 4096 20000 100000; do
	head -c $cut "$TMP/a.db" >"$TMP/cut.db"
	for c in "index check" "index stats" "query"; do
		run "$OVERLAP" $c "$TMP/cut.db" $([ "$c" = query ] && echo "$G")
		if [ $rc -eq 1 ] && one_line; then ok "archive cut at $cut bytes, $c: exit 1, one line"; else bad "archive cut at $cut bytes, $c: exit 1, one line"; fi
	done
done
cp "$TMP/a.db" "$TMP/bad.db"
python3 -c "import sys
f=open(sys.argv[1],'r+b'); import os
size=os.path.getsize(sys.argv[1])
for off in range(8192, size, 16384):
    f.seek(off); f.write(bytes((i*37+11)%256 for i in range(3000)))" "$TMP/bad.db"
for c in "index check" "query"; do
	run "$OVERLAP" $c "$TMP/bad.db" $([ "$c" = query ] && echo "$G")
	check "archive with garbage pages, $c: exit 1, no crash" [ $rc -eq 1 ]
done
"$ARC_SQL" "$TMP/foreign.db" "CREATE TABLE notes(x TEXT); INSERT INTO notes VALUES ('hi')" >/dev/null
run "$OVERLAP" index add "$TMP/foreign.db" "$TMP/new.txt"
if [ $rc -eq 1 ] && one_line && has "another program" "$err"; then ok "another program's SQLite file: exit 1, one line"; else bad "another program's SQLite file: exit 1, one line"; fi
cp "$TMP/w.db" "$TMP/future.db"
"$ARC_SQL" "$TMP/future.db" "PRAGMA user_version=99" >/dev/null
run "$OVERLAP" query "$TMP/future.db" "$TMP/new.txt"
if [ $rc -eq 1 ] && one_line && has "newer than this overlap" "$err"; then ok "a newer schema is refused: exit 1, one line"; else bad "a newer schema is refused: exit 1, one line"; fi
cp "$TMP/w.db" "$TMP/past.db"
"$ARC_SQL" "$TMP/past.db" "PRAGMA user_version=0" >/dev/null
run "$OVERLAP" query "$TMP/past.db" "$TMP/new.txt"
if [ $rc -eq 1 ] && one_line && has "older" "$err"; then ok "an older schema is refused clearly"; else bad "an older schema is refused clearly"; fi
run "$OVERLAP" query "$TMP/missing.db" "$TMP/new.txt"
if [ $rc -eq 1 ] && one_line && has "no such archive" "$err"; then ok "a missing archive: exit 1, one line"; else bad "a missing archive: exit 1, one line"; fi

# ---- kill -9 during add: the archive opens, passes check and holds every committed batch ----
"$GEN_CORPUS" "$TMP/k" --docs 3000 --jsonl >/dev/null 2>&1
for delay in 0.03 0.08 0.15 0.25 0.4 0.6 0.85 1.2 1.6 2.2; do
	rm -f "$TMP/k.db" "$TMP/k.db-wal" "$TMP/k.db-shm"
	"$OVERLAP" index add --batch 50 -j 1 --verbose "$TMP/k.db" "$TMP/k/docs.jsonl" 2>"$TMP/k.log" &
	pid=$!
	sleep $delay
	kill -9 $pid 2>/dev/null
	wait $pid 2>/dev/null
	committed=$(grep -o 'committed [0-9]*' "$TMP/k.log" | tail -1 | cut -d' ' -f2)
	committed=${committed:-0}
	if [ ! -e "$TMP/k.db" ]; then ok "kill after $delay s: no archive yet"; continue; fi
	run "$OVERLAP" index check "$TMP/k.db"
	check "kill after $delay s: check passes" [ $rc -eq 0 ]
	n=$(sed -n 's/.*ok (\([0-9]*\) documents).*/\1/p' <<<"$out")
	check "kill after $delay s: $n documents >= $committed committed, whole batches" [ "${n:-0}" -ge "$committed" -a $(( ${n:-1} % 50 )) -eq 0 ]
done
# transactions larger than a round of reading (1,000 documents): a kill between rounds
for delay in 0.5 1.5 3; do
	rm -f "$TMP/k.db" "$TMP/k.db-wal" "$TMP/k.db-shm"
	"$OVERLAP" index add --batch 1500 -j 1 --verbose "$TMP/k.db" "$TMP/k/docs.jsonl" 2>"$TMP/k.log" &
	pid=$!
	sleep $delay
	kill -9 $pid 2>/dev/null
	wait $pid 2>/dev/null
	committed=$(grep -o 'committed [0-9]*' "$TMP/k.log" | tail -1 | cut -d' ' -f2)
	committed=${committed:-0}
	if [ ! -e "$TMP/k.db" ]; then ok "kill after $delay s (batches of 1,500): no archive yet"; continue; fi
	run "$OVERLAP" index check "$TMP/k.db"
	check "kill after $delay s (batches of 1,500): check passes" [ $rc -eq 0 ]
	n=$(sed -n 's/.*ok (\([0-9]*\) documents).*/\1/p' <<<"$out")
	check "kill after $delay s: $n documents >= $committed committed, whole batches of 1,500" [ "${n:-0}" -ge "$committed" -a $(( ${n:-1} % 1500 )) -eq 0 ]
done
run "$OVERLAP" index add -q "$TMP/k.db" "$TMP/k/docs.jsonl"
run "$OVERLAP" index check "$TMP/k.db"
if [ $rc -eq 0 ] && has "ok (3000 documents)" "$out"; then ok "an add after the kills completes the archive"; else bad "an add after the kills completes the archive"; fi

# ---- one writer at a time; readers are never blocked ----
"$ARC_SQL" "$TMP/a.db" "BEGIN IMMEDIATE; INSERT INTO meta VALUES ('lock-test', 1)" 4 >"$TMP/lock.out" &
lockpid=$!
for _ in $(seq 50); do grep -q ready "$TMP/lock.out" 2>/dev/null && break; sleep 0.1; done
run "$OVERLAP" index add --wait 1 "$TMP/a.db" "$TMP/chg/docs.jsonl"
if [ $rc -eq 1 ] && one_line && has "busy" "$err"; then ok "a second writer gives up after --wait: exit 1, one line"; else bad "a second writer gives up after --wait: exit 1, one line"; fi
run "$OVERLAP" query --json --no-passages "$TMP/a.db" "$TMP/chg/docs.jsonl"
if [ $rc -eq 0 ] && has '"queries"' "$out"; then ok "a reader is not blocked by the writer"; else bad "a reader is not blocked by the writer"; fi
wait $lockpid
"$GEN_CORPUS" "$TMP/c" --docs 2000 --jsonl --seed 7 >/dev/null 2>&1
sed -i 's/"id":"g/"id":"c/' "$TMP/c/docs.jsonl" # ids apart from the first corpus
"$OVERLAP" index add -q --batch 100 "$TMP/a.db" "$TMP/c/docs.jsonl" &
addpid=$!
fails=0
for i in $(seq 6); do
	"$OVERLAP" query --json --no-passages "$TMP/a.db" "$TMP/chg/docs.jsonl" >"$TMP/cq.json" 2>"$TMP/cq.err" || fails=$((fails + 1))
	python3 -c "import json,sys; json.load(open(sys.argv[1]))" "$TMP/cq.json" || fails=$((fails + 1))
done
wait $addpid
addrc=$?
check "queries during an add all answer ($fails failures)" [ $fails -eq 0 -a $addrc -eq 0 ]
run "$OVERLAP" index check "$TMP/a.db"
if [ $rc -eq 0 ] && has "ok (2299 documents)" "$out"; then ok "check after concurrent add and queries: ok"; else bad "check after concurrent add and queries: ok"; fi

finish
