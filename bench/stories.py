#!/usr/bin/env python3
"""Same-story pairs and story clusters of `overlap analyze`, scored against dev-news.

Usage: bench/stories.py [--overlap BIN] [--split] [--subsets N --size K --seed S] [--alone]
                        DEV_NEWS

Runs `overlap analyze` on DEV_NEWS/stories.jsonl (every body, 187 stories) and, with
--subsets N, on N random subsets of K stories each; with --split, also on the even-numbered
stories alone (where the constants of src/sim/topic.c were fitted) and the odd ones alone (held
out). The `story` field is the truth and is removed from the input. Prints, per run:
  pairs related:  recall    = same-story pairs labelled anything but `unrelated` / same-story pairs
                  precision = same-story pairs among pairs labelled anything but `unrelated`
  stories:        adjusted Rand index of report.json `stories` against the true stories
With --alone, every story of two or more articles is also analysed alone (as a user hands
overlap the articles of one rumour, and as bench/eval_contradictions.py runs it) and per story
prints how many stories `analyze` made of it and how many of its pairs came out `unrelated`
(claims and contradictions are only compared inside one story), then the totals.
A pair absent from report.json pairs[] counts as unrelated. Standard library only.
"""
import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections import Counter
from math import comb


def ari(labels_true, labels_pred):
    n = len(labels_true)
    cont = Counter(zip(labels_true, labels_pred))
    a = Counter(labels_true)
    b = Counter(labels_pred)
    sum_ij = sum(comb(v, 2) for v in cont.values())
    sum_a = sum(comb(v, 2) for v in a.values())
    sum_b = sum(comb(v, 2) for v in b.values())
    total = comb(n, 2)
    if total == 0:
        return 1.0
    expected = sum_a * sum_b / total
    maxi = (sum_a + sum_b) / 2
    if maxi == expected:
        return 1.0
    return (sum_ij - expected) / (maxi - expected)


def score(report, truth):
    docs = [d["id"] for d in report["documents"]]
    related = set()
    for p in report["pairs"]:
        rel = p.get("relation")
        label = rel.get("label") if isinstance(rel, dict) else None
        if label is None:  # --no-claims: no relation; fall back to same_story
            label = "related" if p.get("same_story") else "unrelated"
        if label != "unrelated":
            related.add(frozenset((p["a"], p["b"])))
    by_story = {}
    for d in docs:
        by_story.setdefault(truth[d], []).append(d)
    true_pairs = set()
    for members in by_story.values():
        for i in range(len(members)):
            for j in range(i + 1, len(members)):
                true_pairs.add(frozenset((members[i], members[j])))
    hit = len(true_pairs & related)
    recall = hit / len(true_pairs) if true_pairs else 1.0
    precision = hit / len(related) if related else 1.0
    pred = {}
    for s in report.get("stories") or []:
        for d in s["documents"]:
            pred[d] = s["id"]
    a = ari([truth[d] for d in docs], [pred.get(d, "?" + d) for d in docs])
    return {"docs": len(docs), "true_pairs": len(true_pairs), "related": len(related),
            "recall": recall, "precision": precision, "ari": a,
            "stories": len(report.get("stories") or []), "true_stories": len(by_story)}


def run(binary, rows, workdir, extra):
    inp = os.path.join(workdir, "in.jsonl")
    with open(inp, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps({"id": r["id"], "text": r["text"]}) + "\n")
    out = os.path.join(workdir, "out")
    t0 = time.time()
    subprocess.run([binary, "analyze", "-q", "--no-charts", "--no-html", "-o", out, inp] + extra,
                   check=True)
    secs = time.time() - t0
    with open(os.path.join(out, "report.json"), encoding="utf-8") as f:
        return json.load(f), secs


def show(name, s, secs):
    print(f"{name}: {s['docs']} docs, {s['true_stories']} true stories, {s['stories']} found; "
          f"same-story pairs {s['true_pairs']}, related {s['related']}: "
          f"recall {s['recall']:.3f} precision {s['precision']:.3f} ARI {s['ari']:.3f} "
          f"({secs:.1f} s)")


def alone(binary, rows, workdir, extra):
    """Each story of 2+ articles analysed alone: stories made and unrelated pairs."""
    by_story = {}
    for r in rows:
        by_story.setdefault(r["story"], []).append(r)
    split = npairs = nunrel = nstories = 0
    for name in sorted(by_story):
        sub = by_story[name]
        if len(sub) < 2:
            continue
        rep, _ = run(binary, sub, workdir, extra)
        s = score(rep, {r["id"]: name for r in sub})
        unrel = s["true_pairs"] - round(s["recall"] * s["true_pairs"])
        nstories += 1
        npairs += s["true_pairs"]
        nunrel += unrel
        split += s["stories"] > 1
        sizes = sorted((len(x["documents"]) for x in rep.get("stories") or []), reverse=True)
        print(f"alone {name}: {len(sub)} docs, {s['stories']} stories {sizes}, "
              f"pairs {s['true_pairs']}, unrelated {unrel}")
    print(f"alone: {nstories} stories of 2+ articles, {split} split; same-story pairs {npairs}, "
          f"unrelated {nunrel}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dev_news")
    ap.add_argument("--overlap", default="build/overlap")
    ap.add_argument("--subsets", type=int, default=0)
    ap.add_argument("--size", type=int, default=10)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--no-all", action="store_true", help="skip the whole-set run")
    ap.add_argument("--split", action="store_true",
                    help="also run the even-numbered stories alone (fitted) and the odd (held out)")
    ap.add_argument("--alone", action="store_true",
                    help="also analyse every story alone: how many stories each becomes")
    ap.add_argument("--arg", action="append", default=[], help="extra analyze argument")
    a = ap.parse_args()
    rows = [json.loads(l) for l in open(os.path.join(a.dev_news, "stories.jsonl"), encoding="utf-8")]
    truth = {r["id"]: r["story"] for r in rows}
    with tempfile.TemporaryDirectory() as tmp:
        if not a.no_all:
            rep, secs = run(a.overlap, rows, tmp, a.arg)
            show("all", score(rep, truth), secs)
        if a.split:
            for name, par in (("even", 0), ("odd", 1)):
                sub = [r for r in rows if int(r["story"]) % 2 == par]
                rep, secs = run(a.overlap, sub, tmp, a.arg)
                show(name, score(rep, truth), secs)
        if a.alone:
            alone(a.overlap, rows, tmp, a.arg)
        rng = random.Random(a.seed)
        names = sorted(set(truth.values()))
        agg = Counter()
        for k in range(a.subsets):
            pick = set(rng.sample(names, min(a.size, len(names))))
            sub = [r for r in rows if r["story"] in pick]
            rep, secs = run(a.overlap, sub, tmp, a.arg)
            s = score(rep, truth)
            show(f"subset {k + 1}", s, secs)
            for key in ("recall", "precision", "ari"):
                agg[key] += s[key]
        if a.subsets:
            print(f"mean of {a.subsets} subsets of {a.size} stories: recall "
                  f"{agg['recall'] / a.subsets:.3f} precision {agg['precision'] / a.subsets:.3f} "
                  f"ARI {agg['ari'] / a.subsets:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
