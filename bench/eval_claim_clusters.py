#!/usr/bin/env python3
"""eval_claim_clusters.py - claim cluster precision and recall on real news, against hand labels.

usage: bench/eval_claim_clusters.py [--overlap BIN] [--labels TSV]... [--show]
       bench/eval_claim_clusters.py --sample [--per-story N] [--loose N] [--seed S] STORY...

Scoring (the default): runs `overlap analyze` on each dev-news story of the labels file alone
(as a user would), reads report.json's claims and, for each labelled pair of sentences from two
articles, finds the mention of each article that covers the labelled byte span (most overlap,
at least half of the span) and asks whether the two are in one claim. Prints, overall and for
even and odd stories and for each labels file (docs/eval/claim-pairs-dev-news.tsv, and
claim-pairs-dev-news-heldout.tsv, a second batch from other stories labelled blind): precision (labelled same-fact among the pairs the tool clusters) and recall
(clustered among the same-fact pairs). A sentence the tool no longer reads as a claim counts as
not clustered. --show lists the pairs the tool gets wrong.

Sampling (--sample): prints candidate pairs for annotation as TSV rows with an empty label:
per story, pairs of mentions in one claim from two articles (clustered) and pairs of mentions
in two claims from two articles that share three or more content words (unclustered), and with
--loose N, N pairs of two claims sharing fewer words (two, or a figure and a word: "loose"),
where a paraphrase in other words hides. Read both
sentences and write yes or no in the label column (docs/eval/claim-pairs-dev-news.tsv says how).
No figure here is a pass/fail test.
"""
import argparse, collections, json, os, random, re, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NEWS = os.environ.get('DEV_NEWS', os.path.join(ROOT, '..', 'shared', 'dev-news'))
LABELS = [os.path.join(ROOT, 'docs', 'eval', 'claim-pairs-dev-news.tsv'),
          os.path.join(ROOT, 'docs', 'eval', 'claim-pairs-dev-news-heldout.tsv')]

STOP = set('''a an the and or but if of to in on at by for with from as is are was were be been
being has have had do does did not no it its this that these those he she they them his her their
we our you your i me my who whom which what when where why how than then there here also just only
very more most much many some any all one two three said says say told tell would could should will
can may might must about after before over under into out up down off again such own other so too
both each few per via while because during through against between among within without new year
years us mr mrs ms'''.split())


def words(text):
    """Crude content-word stems of a sentence: enough to find candidate pairs to read."""
    out = set()
    for w in re.findall(r"[A-Za-z][A-Za-z'’-]+", text):
        w = w.lower().strip("'’-")
        if len(w) < 3 or w in STOP:
            continue
        out.add(w[:6])
    return out


def figures(text):
    """Numbers of a sentence (digits only, separators dropped): "55,000" -> "55000"."""
    return {'#' + n.replace(',', '') for n in re.findall(r"\d[\d,]*", text) if len(n) > 1}


def analyze(binary, story, tmp):
    out = os.path.join(tmp, story)
    subprocess.run([binary, 'analyze', '-q', '-o', out, '--no-charts', '--no-html',
                    os.path.join(NEWS, 'stories', story)], check=True)
    return json.load(open(os.path.join(out, 'report.json')))


def mentions(report):
    """[(claim index, doc, start, end, text)] of every mention."""
    out = []
    for ci, c in enumerate(report['claims']):
        for m in c['mentions']:
            out.append((ci, m['doc'], m['start'], m['end'], m['text']))
    return out


def clean(t):
    return ' '.join(t.split()).replace('\t', ' ')


def sample(a):
    rnd = random.Random(a.seed)
    w = sys.stdout.write
    with tempfile.TemporaryDirectory() as tmp:
        for s in a.stories:
            ms = mentions(analyze(a.overlap, s, tmp))
            by_claim = collections.defaultdict(list)
            for m in ms:
                by_claim[m[0]].append(m)
            clustered = []
            for ci, lst in by_claim.items():
                pairs = [(x, y) for i, x in enumerate(lst) for y in lst[i + 1:]
                         if x[1] != y[1] and clean(x[4]) != clean(y[4])]
                if pairs:
                    clustered.append(rnd.choice(pairs))
            rnd.shuffle(clustered)
            ws = [words(m[4]) for m in ms]
            cand = [(ms[i], ms[j]) for i in range(len(ms)) for j in range(i + 1, len(ms))
                    if ms[i][0] != ms[j][0] and ms[i][1] != ms[j][1]
                    and len(ws[i] & ws[j]) >= 3]
            rnd.shuffle(cand)
            # loose: two articles' mentions sharing only two content words or a figure and
            # a word, where a paraphrase with other words hides from the 3-word rule
            fs = [figures(m[4]) for m in ms]
            loose = [(ms[i], ms[j]) for i in range(len(ms)) for j in range(i + 1, len(ms))
                     if ms[i][0] != ms[j][0] and ms[i][1] != ms[j][1]
                     and len(ws[i] & ws[j]) < 3
                     and len(ws[i] & ws[j]) + 2 * len(fs[i] & fs[j]) >= 2]
            rnd.shuffle(loose)
            for kind, lst, k in (('clustered', clustered, a.per_story),
                                 ('unclustered', cand, a.per_story), ('loose', loose, a.loose)):
                for x, y in lst[:k]:
                    w('\t'.join([s, x[1], str(x[2]), str(x[3]), y[1], str(y[2]), str(y[3]), '',
                                 kind, clean(x[4]), clean(y[4])]) + '\n')


def load_labels(path):
    rows = []
    name = os.path.basename(path)
    for line in open(path, encoding='utf-8'):
        if line.startswith('#') or not line.strip():
            continue
        f = line.rstrip('\n').split('\t')
        if f[7] not in ('yes', 'no'):
            continue
        rows.append({'story': f[0], 'a': (f[1], int(f[2]), int(f[3])),
                     'b': (f[4], int(f[5]), int(f[6])), 'same': f[7] == 'yes', 'origin': f[8],
                     'text_a': f[9], 'text_b': f[10], 'file': name})
    return rows


def find(ms, doc, start, end):
    """Claim index of the mention of doc covering most of [start, end), or None."""
    best, best_ov = None, 0
    for ci, d, s, e, _ in ms:
        if d != doc:
            continue
        ov = min(e, end) - max(s, start)
        if ov > best_ov:
            best, best_ov = ci, ov
    return best if best_ov * 2 >= end - start else None


def score(a):
    rows = [r for path in (a.labels or LABELS) for r in load_labels(path)]
    stories = sorted({r['story'] for r in rows})
    with tempfile.TemporaryDirectory() as tmp:
        reports = {s: analyze(a.overlap, s, tmp) for s in stories}
    ms = {s: mentions(rep) for s, rep in reports.items()}
    # the story (topic.c) of each document: claims never join two stories
    topic = {(s, d['id']): d.get('story') for s, rep in reports.items() for d in rep['documents']}
    groups = collections.defaultdict(collections.Counter)
    wrong = []
    for r in rows:
        m = ms[r['story']]
        ca, cb = find(m, *r['a']), find(m, *r['b'])
        together = ca is not None and ca == cb
        half = 'even' if int(r['story']) % 2 == 0 else 'odd'
        for g in ('all', r['file'], r['file'] + ' ' + half):
            groups[g][(together, r['same'])] += 1
        if together != r['same']:
            why = 'false join' if together else 'missed'
            if ca is None or cb is None:
                why += ' (not a claim: ' + ('A' if ca is None else '') + ('B' if cb is None else '') + ')'
            elif topic[(r['story'], r['a'][0])] != topic[(r['story'], r['b'][0])]:
                why += ' (two stories)'
            wrong.append((why, r))
    print(f'{len(rows)} labelled pairs from {len(stories)} stories '
          f'({sum(r["same"] for r in rows)} same fact)')
    files = sorted({r['file'] for r in rows})
    for g in ['all'] + [f + h for f in files for h in ('', ' even', ' odd')]:
        c = groups[g]
        if not c:
            continue
        tp, fp, fn = c[(True, True)], c[(True, False)], c[(False, True)]
        p = tp / (tp + fp) if tp + fp else float('nan')
        rc = tp / (tp + fn) if tp + fn else float('nan')
        print(f'{g}\n  ' if g != 'all' else 'all\n  ', end='')
        print(f'pairs {sum(c.values()):4d}  clustered {tp + fp:4d} (same fact {tp:3d})  '
              f'same-fact pairs {tp + fn:4d}  precision {p:.3f}  recall {rc:.3f}')
    if a.show:
        for why, r in wrong:
            print(f'{why}: {r["story"]} {r["a"][0]} / {r["b"][0]}')
            print('   A:', r['text_a'][:240])
            print('   B:', r['text_b'][:240])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--overlap', default=os.path.join(ROOT, 'build', 'overlap'))
    ap.add_argument('--labels', action='append',
                    help='a labels file (repeatable); default: both files of docs/eval')
    ap.add_argument('--show', action='store_true')
    ap.add_argument('--sample', action='store_true')
    ap.add_argument('--per-story', type=int, default=3)
    ap.add_argument('--seed', type=int, default=11)
    ap.add_argument('--loose', type=int, default=0,
                    help='with --sample: also this many unclustered pairs per story sharing '
                         'only two content words, or a figure (origin "loose")')
    ap.add_argument('stories', nargs='*')
    a = ap.parse_args()
    if a.sample:
        if not a.stories:
            ap.error('--sample needs stories')
        sample(a)
    else:
        score(a)


if __name__ == '__main__':
    sys.exit(main())
