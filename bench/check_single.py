#!/usr/bin/env python3
"""check_single.py - `overlap check` one document at a time (no IDF from a pile of documents).

Samples N related pairs of dev-news claims.csv and N pairs of unrelated.csv (seed 1), runs
`overlap check --json --all HEADLINE BODY.txt` for each (one process per pair: the index holds
that one document, so relatedness is a plain share of the claim's content words) and prints
related-vs-unrelated accuracy and both recalls. Python 3 stdlib only.

usage: bench/check_single.py [--overlap build/overlap] [--dev DIR] [-n 200]
"""
import argparse
import csv
import json
import os
import random
import subprocess


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser()
    ap.add_argument("--overlap", default=os.path.join(root, "build", "overlap"))
    ap.add_argument("--dev", default=os.path.join(root, "..", "shared", "dev-news"))
    ap.add_argument("-n", type=int, default=200)
    a = ap.parse_args()
    story = {}
    with open(os.path.join(a.dev, "stories.jsonl"), encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            story[d["id"]] = d["story"]
    with open(os.path.join(a.dev, "claims.csv"), encoding="utf-8", newline="") as f:
        rel = [(r["headline"], r["body"], True) for r in csv.DictReader(f)]
    with open(os.path.join(a.dev, "unrelated.csv"), encoding="utf-8", newline="") as f:
        unr = [(r["headline"], r["body"], False) for r in csv.DictReader(f)]
    rnd = random.Random(1)
    sample = rnd.sample(rel, a.n) + rnd.sample(unr, a.n)
    hit = {True: 0, False: 0}
    for head, body, related in sample:
        path = os.path.join(a.dev, "stories", story[body], body + ".txt")
        out = subprocess.run([a.overlap, "check", "--json", "--all", "-j", "1", head, path],
                             stdout=subprocess.PIPE, check=True).stdout
        got = json.loads(out)["checks"][0]["stance"] != "unrelated"
        hit[related] += got == related
    print("one document per run, %d related + %d unrelated pairs: accuracy %.3f, "
          "related recall %.3f, unrelated recall %.3f"
          % (a.n, a.n, (hit[True] + hit[False]) / (2 * a.n), hit[True] / a.n, hit[False] / a.n))


if __name__ == "__main__":
    main()
