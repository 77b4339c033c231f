#!/usr/bin/env bash
# overlap check: options, the claims file (broken lines named and skipped), the pairs file
# (every listed pair printed, unrelated ones too), --json whose evidence is the document's
# own bytes, misuse (exit 2), hostile documents and claims files, thread independence.
. "$(dirname "$0")/lib.sh"
cd "$ROOT"
clean() { ! grep -qE "AddressSanitizer|LeakSanitizer|runtime error|Segmentation" "$TMP/_stderr"; }

D="$TMP/docs"
mkdir -p "$D"
cat >"$D/support.txt" <<'EOF'
Islamic State militants beheaded American journalist James Foley in a video released on Tuesday.
The video shows Foley, who was kidnapped in Syria in 2012, kneeling in the desert beside a masked militant.
The White House confirmed the video was authentic and condemned the killing.
EOF
cat >"$D/hedge.txt" <<'EOF'
Islamic State militants have reportedly beheaded American journalist James Foley, according to a video that has not been verified.
Officials said they could not yet confirm whether the video was authentic.
EOF
cat >"$D/deny.txt" <<'EOF'
A photo that spread on social media claiming to show a shark swimming on a flooded highway in Houston is a hoax.
The shark image was doctored: the fin was added to a photo of the flooded street, experts said.
EOF
cat >"$D/other.txt" <<'EOF'
Apple unveiled a new smartwatch on Tuesday with a price starting at 349 dollars.
The company said the watch would go on sale early next year in three sizes.
EOF

# ---- help and misuse ----
run "$OVERLAP" check --help
check "help: exit 0" [ $rc -eq 0 ]
for w in "--claims FILE" "--pairs FILE" "--json" "--all" "denies" "discusses" "supports" "unrelated" "hoax" "reportedly" "Exit status"; do
	has "$w" "$out" || bad "help mentions '$w'"
done
run "$OVERLAP" --help
has "check CLAIM" "$out" || bad "main help lists check"

run "$OVERLAP" check "" "$D"
check "empty claim: exit 2" [ $rc -eq 2 ]
check "empty claim: one usage line" [ "$err" = "overlap: the claim is empty: it has no word to check; try 'overlap check --help'" ]
run "$OVERLAP" check " ?! ... " "$D"
check "punctuation-only claim: exit 2" [ $rc -eq 2 ]
run "$OVERLAP" check
check "no claim: exit 2" [ $rc -eq 2 ]
has "check needs a claim" "$err" || bad "no claim: message"
run "$OVERLAP" check --out x "claim" "$D"
check "analyze-only option: exit 2" [ $rc -eq 2 ]
run "$OVERLAP" check --all --pairs x "claim" "$D"
check "--all with --pairs: exit 2" [ $rc -eq 2 ]
run "$OVERLAP" check --threads 0 "claim" "$D"
check "bad --threads: exit 2" [ $rc -eq 2 ]

# ---- one claim, table ----
run "$OVERLAP" check "ISIS militants behead US journalist James Foley" "$D"
check "one claim: exit 0" [ $rc -eq 0 ]
has "claim: ISIS militants behead US journalist James Foley" "$out" || bad "table: the claim"
has "supports: 1 document supports the claim" "$out" || bad "table: supports group"
has "discusses: 1 document reports or mentions" "$out" || bad "table: discusses group"
has "[cues: reportedly" "$out" || bad "table: the hedging cue"
has "2 unrelated (2 not listed; --all lists them)" "$out" || bad "table: unrelated counted"
check "table: supports listed before discusses" [ "$(grep -n '^supports:' <<<"$out" | cut -d: -f1)" -lt "$(grep -n '^discusses:' <<<"$out" | cut -d: -f1)" ]
run "$OVERLAP" check --all "ISIS militants behead US journalist James Foley" "$D"
has "unrelated: 2 documents are about something else" "$out" || bad "--all lists unrelated"

run "$OVERLAP" check "Shark swims on flooded Houston highway" "$D"
has "denies: 1 document denies or debunks the claim" "$out" || bad "table: denies group"
has "[cues: hoax" "$out" || bad "table: the denial cue"

# default PATH is corpus/
run "$OVERLAP" check "US bans Kaspersky software"
check "default corpus: exit 0" [ $rc -eq 0 ]
has "003_2e1e3af4905333a7" "$out" || bad "default corpus: corpus/ was read"

# ---- JSON: evidence is the document's own text ----
run "$OVERLAP" check --json --all "Shark swims on flooded Houston highway" "$D"
check "json: exit 0" [ $rc -eq 0 ]
printf '%s' "$out" >"$TMP/one.json"
check "json: schema and evidence spans" python3 - "$TMP/one.json" "$D" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))
assert r["claims"] == [{"id": "claim", "text": "Shark swims on flooded Houston highway"}]
ch = {c["doc"]: c for c in r["checks"]}
assert set(ch) == {"support", "hedge", "deny", "other"}, ch.keys()
assert ch["deny"]["stance"] == "denies" and "hoax" in ch["deny"]["cues"]
assert ch["other"]["stance"] == "unrelated"
for c in r["checks"]:
    assert set(c) >= {"claim", "doc", "stance", "score", "related", "evidence", "cues", "signals"}
    assert 0 <= c["score"] <= 1
    body = open(sys.argv[2] + "/" + c["doc"] + ".txt", "rb").read()
    for e in c["evidence"]:
        assert body[e["start"]:e["end"]].decode() == e["text"], e
EOF

# ---- claims file: broken lines named, the rest checked ----
C="$TMP/claims.jsonl"
{
	echo '{"id": "foley", "text": "ISIS militants behead US journalist James Foley"}'
	echo '{"id": "broken", "text": "no closing brace"'
	echo '{"id": "notext"}'
	echo '{"id": "empty", "text": "   "}'
	echo '{"id": "foley", "text": "a second claim with the same id"}'
	echo '["an", "array"]'
	echo ''
	printf '{"id": "bad-utf8", "text": "caf\xc3 shark"}\n'
	echo '{"id": 7, "text": "Shark swims on flooded Houston highway"}'
	echo '{"text": "Apple smartwatch price 349 dollars"}'
} >"$C"
run "$OVERLAP" check --json --claims "$C" "$D"
check "claims file: exit 0" [ $rc -eq 0 ]
has "overlap: $C:2: not valid JSON" "$err" || bad "claims file: broken JSON line named"
has "overlap: $C:3: no \"text\" string, skipped" "$err" || bad "claims file: missing text named"
has "overlap: $C:4: empty claim, skipped" "$err" || bad "claims file: empty claim named"
has "overlap: $C:5: claim id 'foley' already used, skipped" "$err" || bad "claims file: duplicate id named"
has "overlap: $C:6: not a JSON object, skipped" "$err" || bad "claims file: array named"
has "overlap: $C:8: not valid JSON" "$err" || bad "claims file: invalid UTF-8 named"
check "claims file: six warnings, blank line silent" [ "$(grep -c '^overlap: ' "$TMP/_stderr")" -eq 6 ]
printf '%s' "$out" >"$TMP/many.json"
check "claims file: the good claims checked, numeric and missing ids" python3 -c "
import json; r = json.load(open('$TMP/many.json'))
assert [c['id'] for c in r['claims']] == ['foley', '7', 'line10'], r['claims']
st = {(c['claim'], c['doc']): c['stance'] for c in r['checks']}
assert st[('foley', 'support')] == 'supports' and st[('7', 'deny')] == 'denies', st
assert st[('line10', 'other')] != 'unrelated', st"
check "claims file: no sanitizer report" clean

printf 'not json\n{"id": "x"}\n' >"$TMP/allbad.jsonl"
run "$OVERLAP" check --claims "$TMP/allbad.jsonl" "$D"
check "all lines broken: exit 1" [ $rc -eq 1 ]
has "overlap: $TMP/allbad.jsonl: no claims to check" "$err" || bad "all lines broken: message"
run "$OVERLAP" check --claims "$TMP/missing.jsonl" "$D"
check "missing claims file: exit 1" [ $rc -eq 1 ]
has "overlap: $TMP/missing.jsonl: cannot open claims file" "$err" || bad "missing claims file: message"
head -c 4000 /dev/urandom >"$TMP/random.jsonl"
run "$OVERLAP" check --claims "$TMP/random.jsonl" "$D"
check "binary claims file: exit 1, no crash" [ $rc -eq 1 ]
check "binary claims file: no sanitizer report" clean
has "overlap: $TMP/random.jsonl: binary file, not JSON Lines claims" "$err" || bad "binary claims file: one line naming it"
{ for i in $(seq 1 30); do echo "broken line $i"; done; echo '{"id": "ok", "text": "Shark swims on flooded Houston highway"}'; } >"$TMP/noisy.jsonl"
run "$OVERLAP" check --claims "$TMP/noisy.jsonl" "$D"
check "30 broken lines: exit 0, the good claim checked" [ $rc -eq 0 ]
check "30 broken lines: 20 warnings and one summing up the rest" [ "$(grep -c '^overlap: ' "$TMP/_stderr")" -eq 21 ]
has "overlap: $TMP/noisy.jsonl: 10 more broken lines skipped" "$err" || bad "30 broken lines: the summary line"
printf '%s\n' '{"id": "a\u001b[2Jb", "text": "Shark swims on flooded Houston highway"}' '{"id": "a\u001b[2Jb", "text": "again"}' >"$TMP/esc.jsonl"
run "$OVERLAP" check --claims "$TMP/esc.jsonl" "$D"
check "escape in a claim id: never printed raw" bash -c "! grep -q $'\033' '$TMP/_stderr' '$TMP/_stdout'"
has "claim id 'a?[2Jb' already used" "$err" || bad "escape in a claim id: shown as ?"

# ---- pairs file: every listed pair printed, in order, unrelated ones too ----
P="$TMP/pairs.txt"
{
	echo '# claim document'
	echo 'foley other'
	echo 'foley support'
	echo '7 support'
	echo 'nosuch support'
	echo 'foley nosuch'
	echo 'foley'
	echo "7 $D/deny.txt"
} >"$P"
run "$OVERLAP" check --json --claims "$C" --pairs "$P" "$D"
check "pairs: exit 0" [ $rc -eq 0 ]
has "overlap: $P:5: unknown claim 'nosuch', skipped" "$err" || bad "pairs: unknown claim named"
has "overlap: $P:6: unknown document 'nosuch', skipped" "$err" || bad "pairs: unknown document named"
has "overlap: $P:7: expected \`claim-id document-id\`, skipped" "$err" || bad "pairs: short line named"
printf '%s' "$out" >"$TMP/pairs.json"
check "pairs: listed pairs in order, unrelated ones kept" python3 -c "
import json; r = json.load(open('$TMP/pairs.json'))
got = [(c['claim'], c['doc'], c['stance']) for c in r['checks']]
assert got == [('foley', 'other', 'unrelated'), ('foley', 'support', 'supports'),
               ('7', 'support', 'unrelated'), ('7', 'deny', 'denies')], got"
run "$OVERLAP" check --claims "$C" --pairs "$P" "$D"
has "unrelated: 2 documents are about something else" "$out" || bad "pairs: table lists the unrelated pairs"
printf '# nothing\n\n' >"$TMP/nopairs.txt"
run "$OVERLAP" check --claims "$C" --pairs "$TMP/nopairs.txt" "$D"
check "empty pairs file: exit 1" [ $rc -eq 1 ]
has "no pairs to check" "$err" || bad "empty pairs file: message"

# ---- threads do not change the output ----
run "$OVERLAP" check --json -j 1 --claims "$C" --all "$D"
a=$out
run "$OVERLAP" check --json -j 3 --claims "$C" --all "$D"
check "-j 1 and -j 3: same output" [ "$a" = "$out" ]

# ---- hostile documents ----
H="$TMP/hostile"
mkdir -p "$H"
cp "$D/deny.txt" "$H/"
printf 'A shark \xff\xfe swims on a flooded \xc0\xaf Houston highway \xed\xa0\x80 today.\n' >"$H/badutf8.txt"
printf 'text with a NUL\0byte\n' >"$H/nul.txt"
: >"$H/zero.txt"
printf 'Shark on the highway: \033]0;owned\007\033[2J terminal escape in the text.\n' >"$H/escape.txt"
{ echo '{"id": "j1", "text": "A shark swims on a flooded Houston highway."}'; echo '{"id": broken'; } >"$H/docs.jsonl"
run "$OVERLAP" check --all "Shark swims on flooded Houston highway" "$H"
check "hostile: exit 0" [ $rc -eq 0 ]
has "overlap: $H/nul.txt: binary file, skipped" "$err" || bad "hostile: binary named"
has "overlap: $H/zero.txt: empty document, skipped" "$err" || bad "hostile: empty named"
has "overlap: $H/docs.jsonl:2:" "$err" || bad "hostile: broken JSONL line named"
has "badutf8" "$out" || bad "hostile: invalid UTF-8 document checked"
check "hostile: no escape byte reaches the terminal" bash -c "! grep -q $'\033' '$TMP/_stdout'"
check "hostile: no sanitizer report" clean
run "$OVERLAP" check --json "Shark swims on flooded Houston highway" "$H"
printf '%s' "$out" >"$TMP/hostile.json"
check "hostile: JSON stays valid" python3 -c "import json; json.load(open('$TMP/hostile.json'))"

mkdir -p "$TMP/dup/a" "$TMP/dup/b"
cp "$D/deny.txt" "$TMP/dup/a/x.txt"
cp "$D/support.txt" "$TMP/dup/b/x.txt"
run "$OVERLAP" check --all "Shark swims on flooded Houston highway" "$TMP/dup"
check "two documents with one id: exit 0" [ $rc -eq 0 ]
has "overlap: $TMP/dup/b/x.txt: a second document with id 'x', skipped" "$err" || bad "two documents with one id: the second named"
has "denies: 1 document" "$out" || bad "two documents with one id: the first is checked"

run "$OVERLAP" check --json $'Shark \xff swims on flooded Houston \xc0 highway' "$D"
printf '%s' "$out" >"$TMP/badclaim.json"
check "invalid UTF-8 in the claim: JSON keeps its text, the shark report still denies it" python3 -c "
import json; r = json.load(open('$TMP/badclaim.json'))
assert r['claims'][0]['text'] == 'Shark ? swims on flooded Houston ? highway', r['claims']
assert [c['stance'] for c in r['checks'] if c['doc'] == 'deny'] == ['denies']"

mkdir -p "$TMP/emptydir"
run "$OVERLAP" check "Shark swims on flooded Houston highway" "$TMP/emptydir"
check "no documents: exit 1" [ $rc -eq 1 ]
has "overlap: no documents to check" "$err" || bad "no documents: message"

# ---- analyze --pairs: a listed pair is in report.json even when unrelated (> 50 documents) ----
A="$TMP/many"
mkdir -p "$A"
python3 - "$A" <<'EOF'
import random, sys
rnd = random.Random(7)
syll = ["ka", "lo", "mi", "ru", "te", "sa", "no", "vi", "pe", "dor", "lin", "mar", "tus", "gel"]
for i in range(60):
    words = ["".join(rnd.choice(syll) for _ in range(3)) for _ in range(120)]
    open("%s/d%02d.txt" % (sys.argv[1], i), "w").write(" ".join(words) + ".\n")
EOF
printf 'd03 d41\n' >"$TMP/apairs.txt"
run "$OVERLAP" analyze --quiet --no-charts --no-html --out "$TMP/aout" "$A"
check "analyze without --pairs: the unrelated pair is not listed (60 documents)" python3 -c "
import json; r = json.load(open('$TMP/aout/report.json'))
assert not [p for p in r['pairs'] if (p['a'], p['b']) == ('d03', 'd41')]"
run "$OVERLAP" analyze --quiet --no-charts --no-html --pairs "$TMP/apairs.txt" --out "$TMP/aout2" "$A"
check "analyze --pairs: exit 0" [ $rc -eq 0 ]
check "analyze --pairs: the listed unrelated pair is in report.json with its relation" python3 -c "
import json; r = json.load(open('$TMP/aout2/report.json'))
p = [p for p in r['pairs'] if (p['a'], p['b']) == ('d03', 'd41')]
assert len(p) == 1 and p[0]['relation']['label'] == 'unrelated', p"

finish
