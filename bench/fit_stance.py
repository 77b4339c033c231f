#!/usr/bin/env python3
"""fit_stance.py - fit the stance weights of src/claim/stance_model.h (stn_w, used by stance.c) on dev-news, even stories.

Input: the file `bench/check_fnc.py --json-out FILE` writes (checks with their signals, the
gold labels and stories). Fits a multinomial logistic regression over the features that
stance.c builds from the signals (same order as its X_* enum), on the gold-related pairs of
the even-numbered stories only, classes weighted by (n / (3 n_c)) ** POWER, L2 penalty; then the supports and
denies biases are shifted (grid of 0.05) to the best sum of their F1 on the even stories.
Prints the C table to paste into src/claim/stance_model.h and the F1 of each stance on the even (fit) and
odd (held-out) stories, with gold relatedness, so the stance step is judged alone.
Python 3 stdlib only; about a minute.

usage: bench/fit_stance.py FILE [--power 0.5] [--l2 0.01]
"""
import argparse
import json
import math

CLASSES = ["discusses", "supports", "denies"]
FEATURES = ["bias", "cover", "best", "lead", "deny_near", "deny_doc", "deny_near_neg",
            "deny_doc_neg", "hedge_near", "hedge_doc", "neg_flip", "claim_deny",
            "claim_hedge", "num_match", "num_clash", "deny_lead", "deny_lead_neg",
            "hedge_lead", "neg_lead", "deny_mention", "deny_mention_neg", "neg_near",
            "denyv_near", "denyv_doc", "neg_term", "neg_term_neg",
            "neg_flip_neg", "claim_neg_plain", "attrib_near", "attrib_doc"]


def features(sig):
    """Mirror of check_pair()'s xf[] in src/claim/stance.c."""
    neg = sig["claim_denies"]
    return [1.0, sig["cover"], sig["best_sentence"], sig["lead"],
            sig["deny_near"] * (1 - neg), sig["deny_doc"] * (1 - neg),
            sig["deny_near"] * neg, sig["deny_doc"] * neg,
            sig["hedge_near"], sig["hedge_doc"], sig["negation_flip"] * (1 - neg), neg,
            sig["claim_hedges"], sig["numbers_found"], sig["numbers_differ"],
            sig["deny_lead"] * (1 - neg), sig["deny_lead"] * neg, sig["hedge_lead"],
            sig["negation_lead"], sig["deny_mention"] * (1 - neg), sig["deny_mention"] * neg,
            sig["negation_near"], sig["deny_verb_near"], sig["deny_verb_doc"],
            sig["negated_claim_word"] * (1 - neg), sig["negated_claim_word"] * neg,
            sig["negation_flip"] * neg,
            neg * (1 - max(sig["deny_doc"], sig["negated_claim_word"])),
            sig["attrib_near"], sig["attrib_doc"]]


def scores(w, x):
    return [sum(wi * xi for wi, xi in zip(w[c], x)) for c in range(3)]


def fit(data, power, l2, iters):
    n = len(data)
    counts = [sum(1 for _, y in data if y == c) for c in range(3)]
    cw = [(n / (3.0 * max(1, k))) ** power for k in counts]
    nf = len(FEATURES)
    w = [[0.0] * nf for _ in range(3)]
    # Adam on the weighted mean log loss
    m = [[0.0] * nf for _ in range(3)]
    v = [[0.0] * nf for _ in range(3)]
    lr, b1, b2 = 0.05, 0.9, 0.999
    norm = sum(cw[y] for _, y in data)
    for t in range(1, iters + 1):
        g = [[0.0] * nf for _ in range(3)]
        for x, y in data:
            z = scores(w, x)
            zm = max(z)
            e = [math.exp(zi - zm) for zi in z]
            s = sum(e)
            for c in range(3):
                d = cw[y] * (e[c] / s - (1.0 if c == y else 0.0)) / norm
                if d:
                    gc = g[c]
                    for f in range(nf):
                        gc[f] += d * x[f]
        for c in range(3):
            for f in range(nf):
                gr = g[c][f] + (l2 * w[c][f] if f else 0.0)
                m[c][f] = b1 * m[c][f] + (1 - b1) * gr
                v[c][f] = b2 * v[c][f] + (1 - b2) * gr * gr
                mh = m[c][f] / (1 - b1 ** t)
                vh = v[c][f] / (1 - b2 ** t)
                w[c][f] -= lr * mh / (math.sqrt(vh) + 1e-8)
    # discusses is the reference row: only differences between rows matter
    return [[w[c][f] - w[0][f] for f in range(nf)] for c in range(3)]


def f1s(w, data):
    m = [[0] * 3 for _ in range(3)]
    for x, y in data:
        z = scores(w, x)
        m[y][max(range(3), key=lambda c: z[c])] += 1
    out = []
    for c in range(3):
        tp = m[c][c]
        fp = sum(m[g][c] for g in range(3)) - tp
        fn = sum(m[c]) - tp
        out.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return out


def tune_bias(w, data):
    """Shift the supports and denies biases to the best sum of their F1 on data."""
    best = (-1, 0, 0)
    steps = [i / 20 for i in range(-8, 9)]
    for bs in steps:
        for bd in steps:
            t = [row[:] for row in w]
            t[1][0] += bs
            t[2][0] += bd
            f = f1s(t, data)
            if f[1] + f[2] > best[0]:
                best = (f[1] + f[2], bs, bd)
    w[1][0] += best[1]
    w[2][0] += best[2]
    return best[1], best[2]


def f1_table(w, data):
    m = [[0] * 3 for _ in range(3)]
    for x, y in data:
        z = scores(w, x)
        m[y][max(range(3), key=lambda c: z[c])] += 1
    out = []
    for c in range(3):
        tp = m[c][c]
        fp = sum(m[g][c] for g in range(3)) - tp
        fn = sum(m[c]) - tp
        p = tp / (tp + fp) if tp + fp else 0
        r = tp / (tp + fn) if tp + fn else 0
        out.append("%s F1 %.3f (P %.3f R %.3f)" % (CLASSES[c], 2 * p * r / (p + r) if p + r else 0, p, r))
    return "; ".join(out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("file")
    ap.add_argument("--power", type=float, default=0.5)
    ap.add_argument("--l2", type=float, default=0.01)
    ap.add_argument("--iters", type=int, default=300)
    a = ap.parse_args()
    d = json.load(open(a.file, encoding="utf-8"))
    even, odd = [], []
    for c, g, s in zip(d["checks"], d["gold"], d["story"]):
        if g == "unrelated":
            continue
        (even if s % 2 == 0 else odd).append((features(c["signals"]), CLASSES.index(g)))
    w = fit(even, a.power, a.l2, a.iters)
    print("fitted:         " + f1_table(w, even))
    bs, bd = tune_bias(w, even)
    print("bias shifts on even: supports %+.2f, denies %+.2f" % (bs, bd))
    print("static const double stn_w[3][NX] = {")
    for c in range(3):
        print("\t/* %s */" % CLASSES[c])
        print("\t{ " + ", ".join("%.3f" % v for v in w[c]) + " },")
    print("};")
    print("even (fit):     " + f1_table(w, even))
    print("odd (held out): " + f1_table(w, odd))


if __name__ == "__main__":
    main()
