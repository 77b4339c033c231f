#!/usr/bin/env python3
"""eval_conflict_recall.py - how many of the conflicts between articles overlap reports, on real news.

usage: bench/eval_conflict_recall.py [--overlap BIN] [--odd|--even] [--show N] [STORY...]

The recall side of bench/eval_contradictions.py. In ../shared/dev-news/ the annotators labelled each
(headline, body) pair: a body that *agrees* with a headline and a body that *disagrees* with the
same headline contradict each other on that headline's claim (one affirms it, the other debunks
it). Those body pairs are the conflicts a careful reader finds without reading every word; they
come from people, not from this code. For every story that has at least one such pair, the
script runs `overlap analyze` on the story alone and counts:

  stories   stories where at least one conflict pair has a reported contradiction
  pairs     conflict pairs with a reported contradiction (either kind, either order)
  on-pair   reported contradictions that fall on a conflict pair (the rest are between bodies
            the labels do not set against each other: they may still be real, on other facts)

--odd / --even keep only odd- or even-numbered stories (a held-out half); --show N prints N
missed conflict pairs of each story with the headline, for reading. No figure here is a test.
"""
import argparse, collections, csv, json, os, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NEWS = os.environ.get('DEV_NEWS', os.path.join(ROOT, '..', 'shared', 'dev-news'))


def conflict_pairs():
    by_head = collections.defaultdict(lambda: collections.defaultdict(set))
    story_of = {}
    for r in csv.DictReader(open(os.path.join(NEWS, 'claims.csv'))):
        by_head[r['headline']][r['stance']].add(r['body'])
        story_of[r['body']] = r['story']
    pairs = collections.defaultdict(dict)      # story -> {(a, b): headline}
    for head, st in by_head.items():
        for a in st['agree']:
            for b in st['disagree']:
                if a == b:
                    continue
                key = tuple(sorted((a, b)))
                pairs[story_of[a]].setdefault(key, head)
    return pairs


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--overlap', default=os.path.join(ROOT, 'build', 'overlap'))
    ap.add_argument('--odd', action='store_true')
    ap.add_argument('--even', action='store_true')
    ap.add_argument('--show', type=int, default=0)
    ap.add_argument('stories', nargs='*')
    a = ap.parse_args()
    pairs = conflict_pairs()
    stories = a.stories or sorted(pairs)
    if a.odd:
        stories = [s for s in stories if int(s) % 2 == 1]
    if a.even:
        stories = [s for s in stories if int(s) % 2 == 0]
    n_story = hit_story = n_pair = hit_pair = n_rep = rep_on = 0
    with tempfile.TemporaryDirectory() as tmp:
        for s in stories:
            if not pairs.get(s):
                continue
            out = os.path.join(tmp, s)
            subprocess.run([a.overlap, 'analyze', '-q', '-o', out, '--no-charts', '--no-html',
                            os.path.join(NEWS, 'stories', s)], check=True)
            r = json.load(open(os.path.join(out, 'report.json')))
            reported = collections.Counter()
            for c in r['contradictions']:
                reported[tuple(sorted((c['a']['doc'], c['b']['doc'])))] += 1
            cp = pairs[s]
            hits = [p for p in cp if p in reported]
            n_story += 1
            hit_story += bool(hits)
            n_pair += len(cp)
            hit_pair += len(hits)
            n_rep += sum(reported.values())
            rep_on += sum(v for p, v in reported.items() if p in cp)
            print(f'{s}: {len(hits)}/{len(cp)} conflict pairs reported, '
                  f'{sum(reported.values())} contradictions ({sum(v for p, v in reported.items() if p in cp)} on a conflict pair)')
            if a.show:
                for p in [p for p in cp if p not in reported][:a.show]:
                    print(f'   missed {p[0]} {p[1]}: {cp[p]}')
    print(f'stories with a conflict reported: {hit_story}/{n_story} = {hit_story / max(n_story, 1):.3f}')
    print(f'conflict pairs reported:          {hit_pair}/{n_pair} = {hit_pair / max(n_pair, 1):.3f}')
    print(f'contradictions on a conflict pair: {rep_on}/{n_rep}')


if __name__ == '__main__':
    main()
