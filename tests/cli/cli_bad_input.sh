#!/usr/bin/env bash
# Hostile input, one case at a time, each beside two good articles: the exact one-line
# message naming the file, the exit code, the good documents still analysed, and no
# sanitizer report.
. "$(dirname "$0")/lib.sh"
cd "$ROOT"
A=corpus/003_2e1e3af4905333a7.txt
B=corpus/004_e8f161a0af7dad6a.txt

# case NAME FILE [extra args]: a folder with A, B and FILE; runs analyze on it.
setup() { rm -rf "$TMP/in" "$TMP/out"; mkdir -p "$TMP/in"; cp "$A" "$B" "$TMP/in/"; }
analyze() { run "$OVERLAP" analyze --quiet --no-charts --no-html --out "$TMP/out" "$@"; }
ids() { python3 -c "import json; print(' '.join(d['id'] for d in json.load(open('$TMP/out/report.json'))['documents']))"; }
clean() { ! grep -qE "AddressSanitizer|LeakSanitizer|runtime error|Segmentation" "$TMP/_stderr"; }
expect_skip() { # NAME FILE MESSAGE
	check "$1: exit 0" [ $rc -eq 0 ]
	has "overlap: $2: $3" "$err" || bad "$1: message 'overlap: $2: $3'"
	check "$1: one warning line" [ "$(grep -c '^overlap: ' "$TMP/_stderr")" -eq 1 ]
	check "$1: the good documents are analysed" [ "$(ids)" = "003_2e1e3af4905333a7 004_e8f161a0af7dad6a" ]
	check "$1: no sanitizer report" clean
}
expect_kept() { # NAME ID
	check "$1: exit 0" [ $rc -eq 0 ]
	has "$2" "$(ids)" || bad "$1: document kept"
	check "$1: no sanitizer report" clean
}

setup; printf 'Caf\xc3\xa9 ok \xff\xfe bad \xc0\xaf overlong \xed\xa0\x80 surrogate \xf4\x90\x80\x80 big end\n' >"$TMP/in/bad.txt"; analyze "$TMP/in"
expect_kept "invalid UTF-8" bad
check "invalid UTF-8: warned once, with the count" [ "$(grep -c "^overlap: $TMP/in/bad.txt: 11 invalid UTF-8 sequences replaced$" "$TMP/_stderr")" -eq 1 ]
check "invalid UTF-8: counted in the report" python3 -c "import json; d=[d for d in json.load(open('$TMP/out/report.json'))['documents'] if d['id']=='bad'][0]; assert d['invalid_utf8']==11 and d['words']==7"
check "invalid UTF-8: report is valid JSON text" python3 -c "import json; json.load(open('$TMP/out/report.json'))"

setup; printf 'text with a NUL\0byte inside it\n' >"$TMP/in/nul.txt"; analyze "$TMP/in"
expect_skip "NUL bytes" "$TMP/in/nul.txt" "binary file, skipped"

setup; { printf '\xef\xbb\xbf'; cat "$A"; } >"$TMP/in/bom.txt"; printf '' ; analyze "$TMP/in"
expect_kept "BOM" bom
check "BOM: not in the title, same words as without" python3 -c "
import json; r=json.load(open('$TMP/out/report.json')); d={x['id']:x for x in r['documents']}
assert not d['bom']['title'].startswith('\ufeff') and d['bom']['words']==d['003_2e1e3af4905333a7']['words']"

setup; sed 's/$/\r/' "$A" >"$TMP/in/crlf.txt"; tr '\n' '\r' <"$A" >"$TMP/in/cr.txt"; analyze "$TMP/in"
check "CRLF and CR: same words and shingles as LF" python3 -c "
import json; r=json.load(open('$TMP/out/report.json')); d={x['id']:x for x in r['documents']}
lf=d['003_2e1e3af4905333a7']
assert all(d[k]['words']==lf['words'] and d[k]['shingles']==lf['shingles'] for k in ('crlf','cr'))"

setup; printf '\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10' >"$TMP/in/image.txt"; head -c 3000 /dev/urandom >>"$TMP/in/image.txt"; analyze "$TMP/in"
expect_skip "binary image" "$TMP/in/image.txt" "binary file, skipped"

setup; : >"$TMP/in/zero.txt"; analyze "$TMP/in"
expect_skip "0-byte file" "$TMP/in/zero.txt" "empty document, skipped"

setup; printf '   \n\t\n  \r\n' >"$TMP/in/space.txt"; analyze "$TMP/in"
expect_skip "whitespace only" "$TMP/in/space.txt" "empty document, skipped"

setup; printf '... !!! --- ??? ***\n' >"$TMP/in/punct.txt"; analyze "$TMP/in"
expect_skip "punctuation only" "$TMP/in/punct.txt" "empty document, skipped"

setup; head -c 1000000 /dev/zero | tr '\0' 'a' >"$TMP/in/word.txt"; analyze "$TMP/in"
expect_kept "one 1 MB word" word

setup; yes the | head -n 200000 | tr '\n' ' ' >"$TMP/in/repeat.txt"; analyze "$TMP/in"
expect_kept "one repeated word" repeat
check "one repeated word: a single distinct shingle" python3 -c "
import json; d=[d for d in json.load(open('$TMP/out/report.json'))['documents'] if d['id']=='repeat'][0]; assert d['shingles']==1 and d['words']==200000"

setup; gzip -c "$A" | head -c 900 >"$TMP/in/trunc.txt.gz"; analyze "$TMP/in"
expect_skip "truncated gzip" "$TMP/in/trunc.txt.gz" "gzip data truncated, skipped"

setup; gzip -c "$B" >"$TMP/x.gz"; { head -c 20 "$TMP/x.gz"; head -c 200 /dev/urandom; tail -c +221 "$TMP/x.gz"; } >"$TMP/in/corrupt.txt.gz"; analyze "$TMP/in"
check "corrupt gzip: exit 0" [ $rc -eq 0 ]
has "overlap: $TMP/in/corrupt.txt.gz: corrupt gzip data" "$err" || has "overlap: $TMP/in/corrupt.txt.gz: gzip data truncated" "$err" || bad "corrupt gzip: message"
check "corrupt gzip: no sanitizer report" clean

setup; head -c 64000000 /dev/zero | tr '\0' ' ' | gzip -1 >"$TMP/in/bomb.txt.gz"; run "$OVERLAP" analyze --quiet --no-charts --no-html --max-inflate 16 --out "$TMP/out" "$TMP/in"
expect_skip "gzip bomb" "$TMP/in/bomb.txt.gz" "gzip inflates past the 16 MiB cap, skipped"
run "$OVERLAP" analyze --help
has "--max-inflate" "$out" || bad "the inflate cap is stated in --help"

setup; cp "$A" "$TMP/plain.txt"; gzip -c "$TMP/plain.txt" >"$TMP/in/renamed.txt"; analyze "$TMP/in"
expect_kept "gzip detected by content under a .txt name" renamed

# JSON Lines
setup; { echo '{"id":"j1","text":"The first article says the ministry approved the plan on Monday.","source":"Outlet A"}';
	 echo '{"id":"j2","text": broken';
	 echo '{"id":"j3"}';
	 echo '{"id":"j4","text":42}';
	 echo '';
	 echo '{"id":7,"text":"A number id is accepted and becomes a string id."}'; } >"$TMP/in/docs.jsonl"
analyze "$TMP/in"
check "JSONL: exit 0" [ $rc -eq 0 ]
has "overlap: $TMP/in/docs.jsonl:2: invalid JSON" "$err" || bad "JSONL: broken line names line 2"
has "overlap: $TMP/in/docs.jsonl:3: missing \"text\", skipped" "$err" || bad "JSONL: missing text"
has "overlap: $TMP/in/docs.jsonl:4: non-string \"text\", skipped" "$err" || bad "JSONL: non-string text"
check "JSONL: good lines kept with metadata" python3 -c "
import json; r=json.load(open('$TMP/out/report.json')); d={x['id']:x for x in r['documents']}
assert 'j1' in d and '7' in d and d['j1']['metadata']['source']=='Outlet A' and d['j1']['line']==1"
check "JSONL: no sanitizer report" clean

setup; { echo '{"id":"dup","text":"one text here about things"}'; echo '{"id":"dup","text":"another text here"}'; } >"$TMP/in/dup.jsonl"; analyze "$TMP/in"
check "duplicate ids: exit 1" [ $rc -eq 1 ]
has "dup" "$err" && has "$TMP/in/dup.jsonl:1" "$err" && has "$TMP/in/dup.jsonl:2" "$err" && ok "duplicate ids: message names both places" || bad "duplicate ids: message names both places"

setup; python3 -c "
import json; t=(open('$A').read().replace('\n',' ')+' ')*12000
print(json.dumps({'id':'huge','text':t[:50000000]}))" >"$TMP/in/huge.jsonl"; analyze "$TMP/in"
expect_kept "a 50 MB JSONL line" huge
has "document over 8 MiB" "$err" || bad "huge document: passages and claims skipped with a warning"

# paths
setup; analyze "$TMP/in" "$TMP/nope.txt"
check "missing path: exit 1 before any work (a typo is not a smaller corpus)" [ $rc -eq 1 ]
has "overlap: $TMP/nope.txt: " "$err" || bad "missing path: message names it"
if [ "$(id -u)" -ne 0 ]; then
	setup; cp "$A" "$TMP/in/secret.txt"; chmod 000 "$TMP/in/secret.txt"; analyze "$TMP/in"
	has "overlap: $TMP/in/secret.txt: " "$err" || bad "unreadable file: message"
else
	echo "skip - unreadable file (running as root, which reads it anyway)"
fi
setup; mkdir -p "$TMP/in/sub"; ln -s .. "$TMP/in/sub/loop"; analyze "$TMP/in"
check "symlink loop: exit 0" [ $rc -eq 0 ]
has "symlink loop, not followed" "$err" || has "already visited, not followed" "$err" || bad "symlink loop: warned"
check "symlink loop: documents read once" [ "$(ids)" = "003_2e1e3af4905333a7 004_e8f161a0af7dad6a" ]

# one file named twice: in a folder and by itself, by two spellings, by a link
setup; analyze "$TMP/in" "$TMP/in/$(basename "$A")"
check "a file in a folder argument and named again: exit 0" [ $rc -eq 0 ]
has "overlap: $TMP/in/$(basename "$A"): named twice, read once" "$err" || bad "named twice: warned"
check "named twice: read once" [ "$(ids)" = "003_2e1e3af4905333a7 004_e8f161a0af7dad6a" ]
setup; (cd "$TMP" && "$OVERLAP" analyze -q --no-charts --no-html --out "$TMP/out" in/ "./in//$(basename "$A")" \
	"$TMP/in/$(basename "$B")" >"$TMP/_stdout" 2>"$TMP/_stderr"); rc=$?
check "two spellings of one path, relative and absolute: exit 0" [ $rc -eq 0 ]
check "two spellings: every document read once" [ "$(ids)" = "003_2e1e3af4905333a7 004_e8f161a0af7dad6a" ]
setup; ln -s "$TMP/in/$(basename "$B")" "$TMP/link.txt"; analyze "$TMP/in/$(basename "$B")" "$TMP/link.txt"
check "a file and a link to it: exit 0" [ $rc -eq 0 ]
has "overlap: $TMP/link.txt: named twice, read once" "$err" || bad "link: warned"
rm -f "$TMP/link.txt"

rm -rf "$TMP/in"; mkdir -p "$TMP/in"; : >"$TMP/in/empty.txt"; analyze "$TMP/in"
check "nothing left to analyse: exit 1" [ $rc -eq 1 ]
has "overlap: no documents to analyse" "$err" || bad "nothing left: message"

finish
