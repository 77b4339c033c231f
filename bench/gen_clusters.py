#!/usr/bin/env python3
"""gen_clusters.py - many small files in clusters of near-copies (wire copy syndicated to many
outlets): the workload of issue 17 item 3, where the reported pairs, not the documents, are
what grows (a cluster of k copies gives k(k-1)/2 pairs).

usage: bench/gen_clusters.py OUT_DIR [--docs 100000] [--cluster 21] [--words 120] [--seed 1]

Each cluster has a base text of WORDS words drawn from the words of corpus/ (the project's
real articles), in sentences; every copy changes 1-3 words of it, so all pairs of a cluster
stay far above the default threshold. 100,000 documents in clusters of 21 give ~1.0M pairs.
Files go to OUT_DIR/docs/cNNNNNNN.txt (one folder: what a user's dump of articles looks like).
"""
import argparse
import os
import random
import re


def vocabulary(root):
    words = []
    corpus = os.path.join(root, "corpus")
    for name in sorted(os.listdir(corpus)):
        with open(os.path.join(corpus, name), encoding="utf-8", errors="replace") as f:
            words += re.findall(r"[A-Za-z]+", f.read())
    return words


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--docs", type=int, default=100000)
    ap.add_argument("--cluster", type=int, default=21)
    ap.add_argument("--words", type=int, default=120)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    vocab = vocabulary(root)
    rng = random.Random(a.seed)
    docs = os.path.join(a.out, "docs")
    os.makedirs(docs, exist_ok=True)
    n = 0
    while n < a.docs:
        base = [rng.choice(vocab) for _ in range(a.words)]
        for _ in range(a.cluster):
            if n >= a.docs:
                break
            w = list(base)
            for _ in range(rng.randint(1, 3)):
                w[rng.randrange(len(w))] = rng.choice(vocab)
            out = []
            for i, x in enumerate(w):
                out.append(x.capitalize() if i % 15 == 0 else x.lower())
                if i % 15 == 14:
                    out[-1] += "."
            with open(os.path.join(docs, "c%07d.txt" % n), "w", encoding="utf-8") as f:
                f.write(" ".join(out) + ".\n")
            n += 1
    print("gen_clusters: %d documents in clusters of %d (%d words) in %s" % (n, a.cluster, a.words, docs))


if __name__ == "__main__":
    main()
