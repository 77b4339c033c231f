#!/usr/bin/env bash
# One 200 MB line of prose: analysed (document similarity), no passages or claims for it,
# no crash. Kept apart from cli_bad_input.sh because it is the slow one.
. "$(dirname "$0")/lib.sh"
cd "$ROOT"
mkdir -p "$TMP/in"
cp corpus/003_2e1e3af4905333a7.txt "$TMP/in/"
line=$(cat corpus/*.txt | tr '\n\r' '  ')
n=$(( 200000000 / ${#line} + 1 ))
python3 -c "
import sys; s=open('/dev/stdin').read().replace('\n',' ')
with open('$TMP/in/big.txt','w') as f:
    for i in range($n): f.write(s)
" < <(cat corpus/*.txt)
run "$OVERLAP" analyze --quiet --no-charts --no-html --out "$TMP/out" "$TMP/in"
check "200 MB line: exit 0" [ $rc -eq 0 ]
has "document over 8 MiB" "$err" || bad "200 MB line: warned that passages and claims skip it"
check "200 MB line: both documents in the report" python3 -c "
import json; r=json.load(open('$TMP/out/report.json')); assert len(r['documents'])==2 and max(d['bytes'] for d in r['documents'])>=200000000"
check "no sanitizer report" bash -c "! grep -qE 'AddressSanitizer|runtime error' '$TMP/_stderr'"
finish
