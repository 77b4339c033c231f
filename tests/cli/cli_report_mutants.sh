#!/usr/bin/env bash
# A saved report is input too: `overlap chart` and `overlap claims --report` read report.json
# files a user may have edited, truncated or written by hand. A report of corpus/ is mutated
# at random (fixed seed): values replaced by values of other types (null, numbers at the
# edges, empty strings, arrays, objects), keys removed. Every run must end with exit 0 or 1,
# messages that are one "overlap: ..." line each, and no sanitizer report (the test build
# has AddressSanitizer and UndefinedBehaviorSanitizer). gnuplot is replaced by /bin/true: the
# charts are not what is tested here. The first run found an empty claim id read past its end.
. "$(dirname "$0")/lib.sh"
cd "$ROOT"

run "$OVERLAP" analyze --no-charts --no-html --out "$TMP/base" corpus/
check "base report: exit 0" [ $rc -eq 0 ]

check "120 mutated reports, chart and claims --report: exit 0 or 1, one-line messages, no sanitizer report" \
	env OVERLAP_GNUPLOT=/bin/true ASAN_OPTIONS=detect_leaks=0 \
	python3 - "$OVERLAP" "$TMP/base/report.json" "$TMP" <<'PY'
import copy, json, random, subprocess, sys
binary, base_path, tmp = sys.argv[1:4]
base = json.load(open(base_path))
rng = random.Random(20261203)

def paths(o, p=()):
    yield p
    if isinstance(o, dict):
        for k, v in o.items():
            yield from paths(v, p + (k,))
    elif isinstance(o, list):
        for i, v in enumerate(o[:4]):
            yield from paths(v, p + (i,))

places = list(paths(base))[1:]
values = [None, 0, 1, -1, 1e308, -1e308, "x", "", [], {}, True, False, 2**63 - 1, -2**63,
          [1, 2], {"a": 1}, "C", "P", "X99999999999", "<script>", 0.5, 4294967296]
bad = 0
for it in range(120):
    r = copy.deepcopy(base)
    for _ in range(rng.randint(1, 4)):
        p = rng.choice(places)
        o = r
        try:
            for k in p[:-1]:
                o = o[k]
            if rng.random() < 0.15:
                del o[p[-1]]
            else:
                o[p[-1]] = rng.choice(values)
        except (KeyError, IndexError, TypeError):
            pass  # an earlier mutation moved the place
    path = tmp + "/mutant.json"
    with open(path, "w") as f:
        json.dump(r, f)
    for cmd in (["chart", path, "-o", tmp + "/mutant-out"], ["claims", "--report", path]):
        pr = subprocess.run([binary] + cmd, capture_output=True)
        err = pr.stderr.decode(errors="replace")
        lines = [l for l in err.splitlines() if l.strip()]
        if (pr.returncode not in (0, 1) or "Sanitizer" in err or "runtime error" in err or
                any(not l.startswith("overlap: ") for l in lines)):
            bad += 1
            print("mutant %d, %s: exit %d\n%s" % (it, cmd[0], pr.returncode, err[-1500:]))
            if bad >= 3:
                sys.exit(1)
sys.exit(1 if bad else 0)
PY
finish
