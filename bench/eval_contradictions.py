#!/usr/bin/env python3
"""eval_contradictions.py - contradictions overlap reports on real news, against hand labels.

usage: bench/eval_contradictions.py [--overlap BIN] [--show] [--dump FILE] [STORY...]

Runs `overlap analyze` on each dev-news story alone (default: every story), collects the
contradictions, and scores them against docs/eval/contradictions-dev-news.tsv (labels a
developer gave by reading both passages). Prints precision over the labelled reports, and
lists the reports nobody has labelled yet (--show prints their texts): read them, judge
them, and add them to the labels file. --dump FILE writes every report (story, documents,
kind, label) a line, to compare two binaries with diff. No figure here is a pass/fail test.
"""
import argparse, collections, json, os, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NEWS = os.environ.get('DEV_NEWS', os.path.join(ROOT, '..', 'shared', 'dev-news'))

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--overlap', default=os.path.join(ROOT, 'build', 'overlap'))
    ap.add_argument('--show', action='store_true')
    ap.add_argument('--dump', metavar='FILE')
    ap.add_argument('stories', nargs='*')
    a = ap.parse_args()
    stories = a.stories or [f'{i:03d}' for i in range(1, 190)
                            if os.path.isdir(os.path.join(NEWS, 'stories', f'{i:03d}'))]
    labels = {}
    for line in open(os.path.join(ROOT, 'docs', 'eval', 'contradictions-dev-news.tsv')):
        if line.startswith('#') or not line.strip():
            continue
        f = line.rstrip('\n').split('\t')
        labels[tuple(f[:4])] = f[4]
    count = collections.Counter()
    unlabelled = []
    dump = []
    with tempfile.TemporaryDirectory() as tmp:
        for s in stories:
            out = os.path.join(tmp, s)
            subprocess.run([a.overlap, 'analyze', '-q', '-o', out, '--no-charts', '--no-html',
                            os.path.join(NEWS, 'stories', s)], check=True)
            r = json.load(open(os.path.join(out, 'report.json')))
            for c in r['contradictions']:
                key = (s, c['a']['doc'], c['b']['doc'], c['kind'])
                v = labels.get(key)
                dump.append('\t'.join(key + (v or 'unlabelled',)))
                count[(c['kind'], v or 'unlabelled')] += 1
                count[('all', v or 'unlabelled')] += 1
                if not v:
                    unlabelled.append((key, c))
    if a.dump:
        with open(a.dump, 'w') as f:
            f.write(''.join(d + '\n' for d in sorted(set(dump))))
    for kind in ('all', 'polarity', 'antonym', 'quantity', 'date', 'denial', 'attribute'):
        real, false, unl = (count[(kind, x)] for x in ('real', 'false', 'unlabelled'))
        if real + false + unl == 0:
            continue
        p = real / (real + false) if real + false else float('nan')
        print(f'{kind:9s} reported {real + false + unl:4d}  labelled real {real:4d} false {false:4d}'
              f'  unlabelled {unl:4d}  precision on labelled {p:.3f}')
    for key, c in unlabelled:
        print('unlabelled:', '\t'.join(key), '|', c['reason'])
        if a.show:
            print('   A:', c['a']['text'][:300].replace('\n', ' '))
            print('   B:', c['b']['text'][:300].replace('\n', ' '))

if __name__ == '__main__':
    sys.exit(main())
