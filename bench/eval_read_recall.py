#!/usr/bin/env python3
"""eval_read_recall.py - recall of overlap's contradictions against conflicts found by reading.

usage: bench/eval_read_recall.py [--overlap BIN] [--file TSV] [--missed] [--width N] [STORY...]

docs/eval/conflicts-read-dev-news.tsv lists, for a dozen stories of ../shared/dev-news/, every
conflict between two articles that a reader found by reading every article in full (one line per
pair and fact; its header says how the stories were chosen and read, and which stories have no
conflict). This script runs `overlap analyze -q --no-charts --no-html -o TMP` on each of those
stories alone and counts a conflict as found when the tool reports a contradiction, of any kind,
between the same two documents (either order). It prints, per story and in all:

  read      conflicts in the file (lines), and the distinct document pairs they fall on
  found     of those, the ones whose pair has a reported contradiction; `kind` how many of the
            found have one of the right kind (date=date, quantity=quantity, denial=denial,
            polarity=polarity or antonym; attribute=attribute, or quantity for an age)
  strict    the same, leaving out the lines whose note starts "hedged:" (one side hedged or
            attributed)

--missed also prints every missed conflict with its quotes. Last it prints every contradiction
the tool reports on those stories on a pair the file does not list, for a reader to judge (they
may be real conflicts the reader missed, or false alarms). No figure here is a test.
"""
import argparse, collections, csv, json, os, re, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NEWS = os.environ.get('DEV_NEWS', os.path.join(ROOT, '..', 'shared', 'dev-news'))
TSV = os.path.join(ROOT, 'docs', 'eval', 'conflicts-read-dev-news.tsv')
RIGHT = {'date': {'date'}, 'quantity': {'quantity'}, 'denial': {'denial'},
         'polarity': {'polarity', 'antonym'}, 'attribute': {'attribute', 'quantity'}}


def read_file(path):
    """The conflicts of the file and the list of stories it read (with or without conflicts)."""
    stories, rows = [], []
    lines = open(path, encoding='utf-8').read().splitlines()
    for ln in lines:
        m = re.match(r'#\s*(\d{3}): read (\d+) articles', ln)
        if m:
            stories.append(m.group(1))
    body = [ln for ln in lines if ln and not ln.startswith('#')]
    for r in csv.DictReader(body, delimiter='\t', quoting=csv.QUOTE_NONE):
        a, b = sorted((r['doc_a'], r['doc_b']))
        rows.append(dict(r, doc_a=a, doc_b=b))
        if r['story'] not in stories:
            stories.append(r['story'])
    return sorted(stories), rows


def run_story(binary, story, tmp):
    out = os.path.join(tmp, story)
    subprocess.run([binary, 'analyze', '-q', '--no-charts', '--no-html', '-o', out,
                    os.path.join(NEWS, 'stories', story)], check=True)
    with open(os.path.join(out, 'report.json'), encoding='utf-8') as f:
        return json.load(f)['contradictions']


def cut(s, n):
    s = ' '.join(s.split())
    return s if len(s) <= n else s[:n - 1] + '…'


def ratio(a, b):
    return f'{a}/{b} = {a / b:.3f}' if b else f'{a}/0'


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--overlap', default=os.path.join(ROOT, 'build', 'overlap'))
    ap.add_argument('--file', default=TSV)
    ap.add_argument('--missed', action='store_true')
    ap.add_argument('--width', type=int, default=110)
    ap.add_argument('stories', nargs='*')
    a = ap.parse_args()
    stories, rows = read_file(a.file)
    if a.stories:
        stories = [s for s in stories if s in a.stories]
    tot = collections.Counter()
    unlisted, missed = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for s in stories:
            reps = run_story(a.overlap, s, tmp)
            by_pair = collections.defaultdict(list)
            for c in reps:
                by_pair[tuple(sorted((c['a']['doc'], c['b']['doc'])))].append(c)
            mine = [r for r in rows if r['story'] == s]
            listed = {(r['doc_a'], r['doc_b']) for r in mine}
            n = collections.Counter()
            for r in mine:
                hedged = r['note'].startswith('hedged:')
                found = by_pair.get((r['doc_a'], r['doc_b']), [])
                ok = RIGHT[r['kind']]
                right = bool(found) and (ok is None or any(c['kind'] in ok for c in found))
                n['read'] += 1
                n['found'] += bool(found)
                n['kind'] += right
                if not hedged:
                    n['sread'] += 1
                    n['sfound'] += bool(found)
                if not found:
                    missed.append(r)
            pairs = {(r['doc_a'], r['doc_b']) for r in mine}
            n['pairs'] = len(pairs)
            n['pfound'] = sum(1 for p in pairs if p in by_pair)
            n['reports'] = len(reps)
            n['unlisted'] = sum(len(v) for p, v in by_pair.items() if p not in listed)
            for p, v in sorted(by_pair.items()):
                if p not in listed:
                    unlisted.extend((s, c) for c in v)
            tot.update(n)
            print(f"{s}: read {n['read']:2d} ({n['pairs']} pairs), found {n['found']:2d} "
                  f"(right kind {n['kind']}), recall {ratio(n['found'], n['read'])}; "
                  f"strict {ratio(n['sfound'], n['sread'])}; pairs {ratio(n['pfound'], n['pairs'])}; "
                  f"tool reports {n['reports']} ({n['unlisted']} on unlisted pairs)")
    print(f"all {len(stories)} stories: conflicts read {tot['read']}, found {tot['found']} "
          f"(right kind {tot['kind']})")
    print(f"  recall (lines)        {ratio(tot['found'], tot['read'])}")
    print(f"  recall (not hedged)   {ratio(tot['sfound'], tot['sread'])}")
    print(f"  recall (doc pairs)    {ratio(tot['pfound'], tot['pairs'])}")
    print(f"  right kind, of found  {ratio(tot['kind'], tot['found'])}")
    print(f"  tool reports {tot['reports']}, of which on pairs the file does not list: {tot['unlisted']}")
    if a.missed:
        print('\nmissed conflicts:')
        for r in missed:
            print(f"  {r['story']} {r['doc_a']} {r['doc_b']} {r['kind']}: {r['note']}")
            print(f"      a: {cut(r['quote_a'], a.width)}")
            print(f"      b: {cut(r['quote_b'], a.width)}")
    if unlisted:
        print('\nreports on pairs the file does not list (for a reader to judge):')
        for s, c in unlisted:
            print(f"  {s} {c['id']} {c['a']['doc']} {c['b']['doc']} {c['kind']}: {cut(c.get('reason') or '', a.width)}")
            print(f"      a: {cut(c['a']['text'], a.width)}")
            print(f"      b: {cut(c['b']['text'], a.width)}")


if __name__ == '__main__':
    main()
