#!/usr/bin/env bash
# The README's option tables against the help, which options.c prints from its one table:
# every option of `overlap analyze --help` is in the README's analyze table with the same
# default, every option the README lists for analyze and check is in that command's help,
# and every option its archive section names is in an archive command's help. A change to
# an option that forgets the README (or the reverse) fails here.
. "$(dirname "$0")/lib.sh"

readme="$ROOT/README.md"
for cmd in analyze check; do
	run "$OVERLAP" $cmd --help
	printf '%s\n' "$out" >"$TMP/help_$cmd"
done

run python3 - "$readme" "$TMP/help_analyze" "$TMP/help_check" <<'PY'
import re, sys

readme, help_an, help_ck = sys.argv[1:4]

def help_options(path):
    """{--name: default or None} from a --help text: an option line, then its continuation
    lines (indented to the description column), the default in "(default X)" at the end."""
    opts, cur = {}, None
    for line in open(path):
        m = re.match(r"^  (?:-\w, |    )(--[a-z0-9-]+)", line)
        if m:
            cur = m.group(1)
            opts[cur] = ""
        elif cur and line.startswith(" " * 26):
            pass
        else:
            cur = None
            continue
        opts[cur] += line
    out = {}
    for name, text in opts.items():
        d = re.search(r"\(default ([^()]*)\)\s*$", text)
        out[name] = d.group(1).strip() if d else None
    return out

def readme_table(after):
    """Rows of the first option table after the heading line starting with `after`:
    [(names, default or None)]."""
    lines = open(readme).read().split("\n")
    i = next(k for k, l in enumerate(lines) if l.startswith(after))
    while not lines[i].startswith("| option"):
        i += 1
    head = [c.strip() for c in lines[i].strip("|").split("|")]
    rows = []
    for l in lines[i + 2:]:
        if not l.startswith("|"):
            break
        cells = [c.strip() for c in l.strip().strip("|").split("|")]
        names = re.findall(r"--[a-z0-9-]+", cells[0])
        dflt = cells[head.index("default")] if "default" in head else None
        rows.append((names, dflt.strip("`") if dflt is not None else None))
    return rows

def same(a, b):
    if a == b:
        return True
    try:
        return float(a) == float(b)
    except (TypeError, ValueError):
        return False

bad = []
an = help_options(help_an)
table = readme_table("### `overlap analyze")
listed = {}
for names, dflt in table:
    for n in names:
        listed[n] = dflt
        if n not in an:
            bad.append(f"README analyze table: {n} is not in `overlap analyze --help`")
for n, dflt in an.items():
    if n == "--help":
        continue
    if n not in listed:
        bad.append(f"`overlap analyze --help` has {n}; the README analyze table does not")
    elif (listed[n] or dflt) and not same(listed[n] or None, dflt):
        bad.append(f"{n}: README default {listed[n]!r}, --help default {dflt!r}")
ck = help_options(help_ck)
for names, _ in readme_table("### `overlap check"):
    for n in names:
        if n not in ck:
            bad.append(f"README check table: {n} is not in `overlap check --help`")
print("\n".join(bad))
print(f"{len(an)} analyze options, {len(table)} README rows", file=sys.stderr)
sys.exit(1 if bad else 0)
PY
check "README option tables agree with --help${out:+: $out}" [ $rc -eq 0 ]

# The archive commands' options come from the same table: every option the README's archive
# section names is in the help of `index add`, `index stats`, `query` (or analyze's, for
# --archive), and the help of each archive command lists options with their defaults.
for cmd in "index add" "index stats" "index remove" query; do
	run "$OVERLAP" $cmd --help
	check "$cmd --help: exit 0 with its options" [ $rc -eq 0 -a -n "$(printf '%s\n' "$out" | grep -e '^  -h, --help')" ]
	printf '%s\n' "$out" >>"$TMP/help_archive"
done
cat "$TMP/help_analyze" >>"$TMP/help_archive"
missing=$(python3 - "$readme" "$TMP/help_archive" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
sec = text[text.index("## The archive"):]
sec = sec[:sec.index("\n## ", 1)]
helps = set(re.findall(r"^  (?:-\w, |    )(--[a-z0-9-]+)", open(sys.argv[2]).read(), re.M))
named = set(re.findall(r"`[^`]*?(--[a-z][a-z0-9-]+)", sec)) | set(re.findall(r"(--[a-z][a-z0-9-]+)`", sec))
print(" ".join(sorted(n for n in named if n not in helps)))
PY
)
check "README archive section: every option named is in the archive commands' help${missing:+ (missing: $missing)}" [ -z "$missing" ]
run "$OVERLAP" index add --help
has "--wait S            wait S seconds for another writer (default 10)" "$out" || bad "index add --help: --wait with its default"
run "$OVERLAP" index add -k 65 "$TMP/a.db" corpus/
check "index add --shingle 65: the engine's range, the command named" \
	[ $rc -eq 2 -a "$err" = "overlap: --shingle takes a whole number from 1 to 64, not '65'; try 'overlap index add --help'" ]
run "$OVERLAP" query --out x "$TMP/a.db"
check "query --out: an option of another command, named" \
	[ $rc -eq 2 -a "$err" = "overlap: option '--out' does not apply to this command; try 'overlap query --help'" ]

# Ranges are the engine's: --shingle takes 1 to 64 (SHG_MAX_K), not the 32 the parser once had.
run "$OVERLAP" analyze -k 65 --out "$TMP/o" corpus/
check "--shingle 65: usage error naming the engine's range" \
	[ $rc -eq 2 -a "$err" = "overlap: --shingle takes a whole number from 1 to 64, not '65'; try 'overlap analyze --help'" ]
run "$OVERLAP" analyze -k 0 --out "$TMP/o" corpus/
check "--shingle 0: usage error" [ $rc -eq 2 ]
# passages names the shingles the run used, not always word 5-grams
cd "$ROOT"
run "$OVERLAP" passages -k 3 000_a7004b4e3752436e 001_84a70742c93fdf8f
has "word 3-gram Jaccard" "$out" || bad "passages -k 3 says word 3-gram"
run "$OVERLAP" passages --char-ngrams 7 000_a7004b4e3752436e 001_84a70742c93fdf8f
has "character 7-gram Jaccard" "$out" || bad "passages --char-ngrams 7 says character 7-gram"
run "$OVERLAP" passages 000_a7004b4e3752436e 001_84a70742c93fdf8f
check "passages: word 5-gram by default" [ $rc -eq 0 ]
has "word 5-gram Jaccard" "$out" || bad "passages says word 5-gram by default"

# The environment is read by the shell only: SOURCE_DATE_EPOCH fixes the page's date, so two
# runs write the same page.
for k in 1 2; do
	SOURCE_DATE_EPOCH=86400 "$OVERLAP" analyze --quiet --no-charts --out "$TMP/sde$k" corpus/ 2>/dev/null
done
has "page written 1970-01-02 00:00 UTC" "$(cat "$TMP/sde1/report.html")" || bad "SOURCE_DATE_EPOCH dates the page"
rc=0
check "SOURCE_DATE_EPOCH: two runs, one page" cmp -s "$TMP/sde1/report.html" "$TMP/sde2/report.html"

echo "$npass passed, $nfail failed"
[ "$nfail" -eq 0 ]
