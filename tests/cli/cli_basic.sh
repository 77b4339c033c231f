#!/usr/bin/env bash
# The commands as a user runs them: help, misuse, a full run on corpus/, determinism,
# passages between two articles, claims listing, chart re-rendering.
. "$(dirname "$0")/lib.sh"
cd "$ROOT"

run "$OVERLAP" --help
check "--help exits 0 and lists the commands" [ $rc -eq 0 ]
has "analyze" "$out" && has "passages" "$out" && has "claims" "$out" && has "chart" "$out" && ok "help names every command" || bad "help names every command"
for c in analyze passages claims chart; do
	run "$OVERLAP" $c --help
	check "$c --help exits 0 with usage" [ $rc -eq 0 -a -n "$out" ]
	has "usage: overlap $c" "$out" || bad "$c --help starts with usage"
done

run "$OVERLAP" frobnicate
check "unknown command: exit 2, one line" [ $rc -eq 2 -a "$(wc -l <"$TMP/_stderr")" -eq 1 ]
has "overlap: unknown command 'frobnicate'; try 'overlap --help'" "$err" || bad "unknown command message"
run "$OVERLAP" analyze --threshold 1.5 corpus
check "threshold out of range: exit 2" [ $rc -eq 2 ]
has "--threshold takes a number from 0 to 1" "$err" || bad "threshold message names the option"
run "$OVERLAP" analyze --perm
check "missing option value: exit 2" [ $rc -eq 2 ]
run "$OVERLAP" analyze --bogus
check "unknown option: exit 2" [ $rc -eq 2 ]
has "unknown option '--bogus'" "$err" || bad "unknown option message"
run "$OVERLAP" passages corpus/000_a7004b4e3752436e.txt
check "passages with one document: exit 2" [ $rc -eq 2 ]
run "$OVERLAP" chart --top 3 x.json
check "option of another command: exit 2" [ $rc -eq 2 ]

# A full run, twice with different thread counts: identical reports.
run "$OVERLAP" analyze --quiet --threads 1 --no-charts --no-html --out "$TMP/o1" corpus/
check "analyze corpus/ exits 0" [ $rc -eq 0 ]
check "report.json written" [ -s "$TMP/o1/report.json" ]
check "no temporary file left" [ -z "$(ls "$TMP/o1" | grep '\.tmp\.')" ]
run "$OVERLAP" analyze --quiet --threads 2 --no-charts --no-html --out "$TMP/o2" corpus/
check "report is byte-identical with 1 and 2 threads" cmp -s "$TMP/o1/report.json" "$TMP/o2/report.json"

# The one conflict of dates between the articles of corpus/: 000 dates the intelligence
# chiefs' refusal of Kaspersky software to "March 2017", 004 to "early May".
check "corpus/: the 000/004 date conflict is reported with both dates as evidence" python3 - "$TMP/o1/report.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
hits = [c for c in r['contradictions'] if c['kind'] == 'date' and
        {c['a']['doc'][:3], c['b']['doc'][:3]} == {'000', '004'}]
assert hits, [c['reason'] for c in r['contradictions']]
vals = {hits[0]['values']['a']['text'], hits[0]['values']['b']['text']}
assert any('March 2017' in v for v in vals) and any('May' in v for v in vals), vals
PY
R="$TMP/o1/report.json"
py() { python3 -c "import json,sys; r=json.load(open('$R')); $1"; }
check "5 documents with ids from file names" py "assert [d['id'] for d in r['documents']]==sorted(d['id'] for d in r['documents']) and len(r['documents'])==5 and r['documents'][0]['id']=='000_a7004b4e3752436e'"
check "every pair of 5 listed with a relation label" py "assert len(r['pairs'])==10 and all(p['relation']['label'] in ('repeat','extend','contradict','related','unrelated') for p in r['pairs'])"
check "parameters record every setting" py "p=r['parameters']; assert p['shingle']==5 and p['perm']==128 and p['mode']=='all-pairs' and len(p['lsh']['s_curve'])>=5"
check "the matrix is not all zeros (reworded reuse and shared claims are found)" py "m=r['matrix']['values']; assert max(m[i][j] for i in range(5) for j in range(5) if i!=j) > 0.05"
check "at least one pair shares a passage, with valid spans" py "
ps=[(p,x) for p in r['pairs'] for x in p['passages']]
assert ps
docs={d['id']:d for d in r['documents']}
for p,x in ps:
    a=open(docs[p['a']]['path'],'rb').read(); b=open(docs[p['b']]['path'],'rb').read()
    assert a[x['a_start']:x['a_end']].decode()==x['a_text'] and b[x['b_start']:x['b_end']].decode()==x['b_text']"
check "claims: shared and single-source both present" py "c=r['claims']; assert any(x['sources']>=2 for x in c) and any(x['single_source'] for x in c)"
check "claim mentions point at their text" py "
docs={d['id']:open(d['path'],'rb').read() for d in r['documents']}
for c in r['claims']:
    for m in c['mentions']:
        assert docs[m['doc']][m['start']:m['end']].decode()==m['text']"

# passages between two files, for a person and as JSON
pair=$(py "p=max(r['pairs'],key=lambda p:len(p['passages'])); print(p['a'],p['b'])")
set -- $pair
run "$OVERLAP" passages "corpus/$1.txt" "corpus/$2.txt"
check "passages A B exits 0 and prints passages" [ $rc -eq 0 ]
has "shared passage" "$out" || bad "passages output names the passages"
run "$OVERLAP" passages --json "$1" "$2"
check "passages --json by id in corpus/ gives the pair object" python3 -c "import json,sys; p=json.loads(sys.argv[1]); assert p['passages'] and 'a_start' in p['passages'][0]" "$out"

run "$OVERLAP" claims --report "$R"
check "claims --report lists claims and contradictions" [ $rc -eq 0 ]
has "independent sources" "$out" || has "single" "$out" || bad "claims output"
# a single-source claim that another document contradicts says so under it (corpus/: 000's
# "In March 2017" against 004's "In early May")
check "claims: a contradicted single-source claim names the document against it" python3 -c "
import json,sys
r=json.load(open(sys.argv[1])); out=sys.argv[2].split('\n')
single={c['id']:c['documents'] for c in r['claims'] if c['single_source']}
want=[x for x in r['contradictions'] if x['claim'] in single and x['a']['doc']!=x['b']['doc']]
assert want, 'corpus/ has a contradicted single-source claim'
for x in want:
    for me,other in ((x['a']['doc'],x['b']['doc']),(x['b']['doc'],x['a']['doc'])):
        if me not in single[x['claim']]: continue
        doc=[i for i,l in enumerate(out) if l.startswith('  '+me+' (')]
        rows=[i for i,l in enumerate(out) if i>doc[0] and l.startswith('    [single] '+x['claim']+' ')]
        assert rows, (me, x['claim'])
        assert out[rows[0]+1].strip()=='contradicted by %s (%s, %s)'%(other,x['id'],x['kind']), out[rows[0]+1]
" "$R" "$out"
# each document's single-source heading counts the lines under it, also when a copy of one
# article makes the same claim (two copies are one source: the claim is listed under both)
printf '%s\n' "Ilkka Tervala, the mayor of Porvoo, opened the new bridge over the river on Friday after four years of work." >"$TMP/c1.txt"
cp "$TMP/c1.txt" "$TMP/c2.txt"
mkdir -p "$TMP/copies" && mv "$TMP/c1.txt" "$TMP/c2.txt" "$TMP/copies/"
run "$OVERLAP" claims -q "$TMP/copies"
check "claims: every document heading counts its own lines (copies too)" python3 -c "
import re,sys
lines=sys.argv[1].split('\n'); heads=0
for i,l in enumerate(lines):
    m=re.match(r'  (\S+) \((\d+)\): ', l)
    if not m: continue
    heads+=1; k=0
    for x in lines[i+1:]:
        if x.startswith('             contradicted by '): continue
        if not x.startswith('    [single]'): break
        k+=1
    assert k==int(m.group(2)), (l,k)
assert heads==2, heads
" "$out"
run "$OVERLAP" claims --report "$TMP/missing.json"
check "claims --report on a missing file: exit 1, one line" [ $rc -eq 1 -a "$(wc -l <"$TMP/_stderr")" -eq 1 ]

# no PATH: reads corpus/ from the current folder
run "$OVERLAP" analyze --quiet --no-charts --no-html --out "$TMP/o3"
check "analyze with no PATH reads corpus/" [ $rc -eq 0 -a -s "$TMP/o3/report.json" ]
(cd "$TMP" && "$OVERLAP" analyze --quiet --out o4 >out 2>err; echo $? >rc)
check "analyze with no PATH and no corpus/: exit 1" [ "$(cat "$TMP/rc")" -eq 1 ]

# --pairs FILE: only the listed pairs are aligned; a bad line names its number.
printf '# only these\n000_a7004b4e3752436e corpus/001_84a70742c93fdf8f.txt\n' >"$TMP/pairs.txt"
run "$OVERLAP" analyze --quiet --no-charts --no-html --no-claims --pairs "$TMP/pairs.txt" --out "$TMP/pf" corpus/
check "--pairs: exit 0" [ $rc -eq 0 ]
check "--pairs: passages only for the listed pair (ids and paths both accepted)" python3 -c "
import json; r=json.load(open('$TMP/pf/report.json'))
withp={(p['a'],p['b']) for p in r['pairs'] if p['passages']}
assert withp=={('000_a7004b4e3752436e','001_84a70742c93fdf8f')}, withp"
printf '000_a7004b4e3752436e nosuchdoc\n' >"$TMP/badpairs.txt"
run "$OVERLAP" analyze --quiet --no-charts --no-html --pairs "$TMP/badpairs.txt" --out "$TMP/pf2" corpus/
check "--pairs with an unknown document: exit 1, one line naming the line" [ $rc -eq 1 -a "$(wc -l <"$TMP/_stderr")" -eq 1 ]
has "$TMP/badpairs.txt: line 1: unknown document 'nosuchdoc'" "$err" || bad "--pairs message"
# ...also after a good line (the pairs read so far are freed: ASan's leak check in
# scripts/test.sh fails this case when they are not).
printf '000_a7004b4e3752436e 001_84a70742c93fdf8f\n000_a7004b4e3752436e nosuchdoc\n' >"$TMP/badpairs2.txt"
run "$OVERLAP" analyze --quiet --no-charts --no-html --pairs "$TMP/badpairs2.txt" --out "$TMP/pf3" corpus/
check "--pairs with a bad second line: exit 1, one line naming line 2" [ $rc -eq 1 -a "$(wc -l <"$TMP/_stderr")" -eq 1 ]
has "$TMP/badpairs2.txt: line 2: unknown document 'nosuchdoc'" "$err" || bad "--pairs message, line 2"

# Relations and contradictions end to end, against the truth file of tests/data/relations.
run "$OVERLAP" analyze --quiet --no-charts --no-html --out "$TMP/rel" tests/data/relations
check "relations corpus: exit 0" [ $rc -eq 0 ]
check "relations corpus: pair labels and extenders agree with truth.tsv (>= 90%), copy/extend/changed exact" python3 - "$TMP/rel/report.json" tests/data/relations/truth.tsv <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
got = {frozenset((p['a'], p['b'])): p['relation'] for p in r['pairs']}
right = total = 0
for ln in open(sys.argv[2]):
    f = ln.rstrip('\n').split('\t')
    if f[0] != 'pair':
        continue
    a, b = f[1][:-4], f[2][:-4]
    rel = got[frozenset((a, b))]
    ok = rel['label'] == f[3] and (f[3] != 'extend' or rel['extender'] == f[4][:-4])
    total += 1; right += ok
    if {a, b} in ({'orig', 'copy'}, {'orig', 'extended'}, {'orig', 'changed'}):
        assert ok, (a, b, rel['label'], f[3])
assert right >= 0.9 * total, (right, total)
kinds = {c['kind'] for c in r['contradictions']}
assert kinds == {'quantity', 'date', 'polarity'}, kinds
for c in r['contradictions']:
    assert c['a']['doc'] != c['b']['doc'] and c['reason']
assert not any({c['a']['doc'], c['b']['doc']} == {'orig', 'rewrite'} for c in r['contradictions'])
PY

# report.json is compact (one line) by default and indented with --pretty: the same JSON.
# --timings prints the phase split on stderr (also with --quiet) and changes nothing else.
run "$OVERLAP" analyze --quiet --pretty --timings --threads 1 --no-charts --no-html --out "$TMP/pretty" corpus/
check "--pretty --timings: exit 0" [ $rc -eq 0 ]
check "default report.json is one line" [ "$(wc -l <"$TMP/o1/report.json")" -eq 1 ]
check "--pretty report.json is indented" [ "$(wc -l <"$TMP/pretty/report.json")" -gt 100 ]
check "--pretty: the same JSON as the compact report" python3 - "$TMP/o1/report.json" "$TMP/pretty/report.json" <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
a['parameters'].pop('changed'); b['parameters'].pop('changed')
assert a == b
PY
check "--timings: two lines on stderr with the phases, total CPU and peak memory" python3 - "$TMP/_stderr" <<'PY'
import sys
lines = [l for l in open(sys.argv[1]) if l.startswith('overlap: timings')]
assert len(lines) == 2, lines
for k in ('read+sketch', 'candidates', 'verify', 'stories', 'detail', 'report.json'):
    assert k in lines[0], (k, lines[0])
assert 'CPU' in lines[1] and 'peak RSS' in lines[1], lines[1]
PY
check "--timings and --pretty are not analysis settings (not in parameters.changed)" python3 -c "
import json; r = json.load(open('$TMP/pretty/report.json')); c = r['parameters']['changed']
assert 'timings' not in c and 'pretty' not in c, c"

finish
