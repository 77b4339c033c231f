#!/usr/bin/env python3
"""check_speed.py - time `overlap check` on 1,000 claims x 1,000 articles of dev-news.

Claims: the first 1,000 distinct headlines of claims.csv and unrelated.csv; articles: the
first 1,000 bodies of stories.jsonl (written as one .jsonl file). Runs every claim against
every article (no --pairs) with --json on -j THREADS, output to /dev/null, and prints the
wall time of each of RUNS runs and the number of related checks. Python 3 stdlib only.

usage: bench/check_speed.py [--overlap build/overlap] [--dev DIR] [-j 2] [--runs 3]
"""
import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser()
    ap.add_argument("--overlap", default=os.path.join(root, "build", "overlap"))
    ap.add_argument("--dev", default=os.path.join(root, "..", "shared", "dev-news"))
    ap.add_argument("-j", type=int, default=2)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("-n", type=int, default=1000, help="claims and articles (default 1000)")
    a = ap.parse_args()
    heads = []
    for name in ("claims.csv", "unrelated.csv"):
        with open(os.path.join(a.dev, name), encoding="utf-8", newline="") as f:
            for r in csv.DictReader(f):
                if r["headline"] not in heads and len(heads) < a.n:
                    heads.append(r["headline"])
    with tempfile.TemporaryDirectory() as tmp:
        claims = os.path.join(tmp, "claims.jsonl")
        docs = os.path.join(tmp, "articles.jsonl")
        with open(claims, "w", encoding="utf-8") as f:
            for i, h in enumerate(heads):
                f.write(json.dumps({"id": "h%d" % i, "text": h}) + "\n")
        nbytes = 0
        with open(os.path.join(a.dev, "stories.jsonl"), encoding="utf-8") as src, \
                open(docs, "w", encoding="utf-8") as f:
            for i, line in enumerate(src):
                if i == a.n:
                    break
                d = json.loads(line)
                nbytes += len(d["text"].encode())
                f.write(json.dumps({"id": d["id"], "text": d["text"]}) + "\n")
        cmd = [a.overlap, "check", "--json", "--quiet", "-j", str(a.j), "--claims", claims, docs]
        print("%d claims x %d articles (%.1f MB), -j %d" % (len(heads), min(a.n, i + 1),
                                                          nbytes / 1e6, a.j))
        for r in range(a.runs):
            t0 = time.time()
            p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            secs = time.time() - t0
            if p.returncode != 0:
                sys.exit("overlap check failed: " + p.stderr.decode()[:300])
            n = len(json.loads(p.stdout)["checks"])
            print("run %d: %.2f s, %d related checks listed of %d pairs"
                  % (r + 1, secs, n, len(heads) * min(a.n, i + 1)))


if __name__ == "__main__":
    main()
