#!/usr/bin/env python3
"""check_fnc.py - `overlap check` against the FNC-1 stance labels of dev-news.

Builds a claims JSONL (one claim per distinct headline) and a pairs file (every labelled
headline/body pair of claims.csv and unrelated.csv) from DEV (default ../shared/dev-news),
runs `overlap check --json --pairs` over DEV/stories once, and prints the confusion matrix,
per-class precision/recall/F1, related-vs-unrelated accuracy and the FNC-1 score for three
splits: the even-numbered stories (where the method was developed), the odd-numbered ones
(held out), and all. A pair of unrelated.csv belongs to its body's story. Python 3 stdlib.

usage: bench/check_fnc.py [--overlap build/overlap] [--dev DIR] [--json-out FILE]
"""
import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time

LABELS = ["supports", "denies", "discusses", "unrelated"]
FNC = {"agree": "supports", "disagree": "denies", "discuss": "discusses", "unrelated": "unrelated"}


def load(dev):
    """(headline -> id, [(hid, body, gold, story)])"""
    story_of = {}
    with open(os.path.join(dev, "stories.jsonl"), encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            story_of[d["id"]] = int(d["story"])
    heads, rows = {}, []

    def hid(h):
        if h not in heads:
            heads[h] = "h%04d" % len(heads)
        return heads[h]

    with open(os.path.join(dev, "claims.csv"), encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            rows.append((hid(r["headline"]), r["body"], FNC[r["stance"]], story_of[r["body"]]))
    with open(os.path.join(dev, "unrelated.csv"), encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            rows.append((hid(r["headline"]), r["body"], "unrelated", story_of[r["body"]]))
    return heads, rows


def run(overlap, dev, heads, rows, tmp):
    claims = os.path.join(tmp, "claims.jsonl")
    pairs = os.path.join(tmp, "pairs.txt")
    with open(claims, "w", encoding="utf-8") as f:
        for h, i in heads.items():
            f.write(json.dumps({"id": i, "text": h}) + "\n")
    with open(pairs, "w", encoding="utf-8") as f:
        for h, b, _, _ in rows:
            f.write("%s %s\n" % (h, b))
    cmd = [overlap, "check", "--json", "--quiet", "--claims", claims, "--pairs", pairs,
           os.path.join(dev, "stories")]
    t0 = time.time()
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False)
    secs = time.time() - t0
    if p.returncode != 0:
        sys.exit("overlap check failed (%d): %s" % (p.returncode, p.stderr.decode()[:500]))
    return json.loads(p.stdout), secs


def report(name, gold, pred):
    n = len(gold)
    print("\n== %s: %d pairs" % (name, n))
    m = {(g, p): 0 for g in LABELS for p in LABELS}
    for g, p in zip(gold, pred):
        m[(g, p)] += 1
    print("%-12s" % "gold \\ got" + "".join("%11s" % l for l in LABELS))
    for g in LABELS:
        print("%-12s" % g + "".join("%11d" % m[(g, p)] for p in LABELS))
    f1s = {}
    for l in LABELS:
        tp = m[(l, l)]
        fp = sum(m[(g, l)] for g in LABELS) - tp
        fn = sum(m[(l, p)] for p in LABELS) - tp
        pr = tp / (tp + fp) if tp + fp else 0.0
        rc = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * pr * rc / (pr + rc) if pr + rc else 0.0
        f1s[l] = f1
        print("%-10s P %.3f  R %.3f  F1 %.3f" % (l, pr, rc, f1))
    acc = sum(m[(l, l)] for l in LABELS) / n if n else 0.0
    rel = sum(1 for g, p in zip(gold, pred) if (g == "unrelated") == (p == "unrelated")) / n
    # FNC-1 score: 0.25 for related/unrelated right, +0.75 for the right related stance
    score = best = 0.0
    for g, p in zip(gold, pred):
        if (g == "unrelated") == (p == "unrelated"):
            score += 0.25
        if g != "unrelated" and g == p:
            score += 0.75
        best += 0.25 + (0.75 if g != "unrelated" else 0)
    print("accuracy %.3f   related-vs-unrelated accuracy %.3f   FNC-1 score %.1f%%"
          % (acc, rel, 100 * score / best))
    print("macro F1 (4 classes) %.3f" % (sum(f1s.values()) / 4))
    return f1s, rel


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap.add_argument("--overlap", default=os.path.join(root, "build", "overlap"))
    ap.add_argument("--dev", default=os.path.join(root, "..", "shared", "dev-news"))
    ap.add_argument("--json-out", help="also save the checks JSON here (for fit_stance.py)")
    a = ap.parse_args()
    heads, rows = load(a.dev)
    with tempfile.TemporaryDirectory() as tmp:
        out, secs = run(a.overlap, a.dev, heads, rows, tmp)
    if a.json_out:
        with open(a.json_out, "w", encoding="utf-8") as f:
            json.dump({"checks": out["checks"], "gold": [r[2] for r in rows],
                       "story": [r[3] for r in rows]}, f)
    checks = out["checks"]
    assert len(checks) == len(rows), "every listed pair must be in the output"
    for c, r in zip(checks, rows):
        assert c["claim"] == r[0] and c["doc"] == r[1], "pairs come back in the order given"
    print("%d headlines, %d pairs, %d bodies; overlap check took %.2f s"
          % (len(heads), len(rows), len({r[1] for r in rows}), secs))
    for name, keep in (("even stories (development)", lambda s: s % 2 == 0),
                       ("odd stories (held out)", lambda s: s % 2 == 1),
                       ("all stories", lambda s: True)):
        sel = [i for i, r in enumerate(rows) if keep(r[3])]
        report(name, [rows[i][2] for i in sel], [checks[i]["stance"] for i in sel])


if __name__ == "__main__":
    main()
