#!/usr/bin/env bash
# report.html in a real browser: Debian's chromium, headless, loads the page written by
# `overlap analyze` and the test asserts on the rendered DOM: the tables, the passage
# highlights, hostile document text shown as text (no script or image element from it, the
# page title untouched), no console message; a screenshot goes to the build folder.
# Without chromium the test is skipped (exit 77), never passed.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/hostile.sh"
CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROMIUM" ]; then
	echo "SKIP: chromium not installed"
	exit 77
fi
make_hostile
run "$OVERLAP" analyze --quiet --no-charts --out "$TMP/out" "$TMP/hostile"
check "analyze: exit 0 and report.html written" [ $rc -eq 0 -a -s "$TMP/out/report.html" ]
check "the page is self-contained (no http/https reference)" bash -c "! grep -qiE '(src|href)=\"(https?:)?//' '$TMP/out/report.html'"

browse() { # browse OUTFLAG... : headless chromium on the page, stderr kept for console lines
	timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir="$TMP/profile" --enable-logging=stderr --v=0 \
		--window-size=1280,2000 "$@" "file://$TMP/out/report.html"
}
browse --dump-dom >"$TMP/dom.html" 2>"$TMP/console.log"
check "chromium rendered the page" [ -s "$TMP/dom.html" ]
dom() { python3 -c "$1" "$TMP/dom.html"; }
check "documents, pairs, claims and contradictions tables in the DOM" dom '
import sys, html.parser
ids = set()
class P(html.parser.HTMLParser):
    def handle_starttag(self, t, a):
        if t == "table": ids.add(dict(a).get("id"))
P().feed(open(sys.argv[1]).read())
need = {"documents-table", "pairs-table", "claims-table"}
assert need <= ids, ids'
check "shared passages are highlighted (<mark> elements)" dom '
import sys; d = open(sys.argv[1]).read(); assert d.count("<mark") >= 2'
check "no script and no image element came from document text" dom '
import sys, html.parser
tags = []
class P(html.parser.HTMLParser):
    def handle_starttag(self, t, a):
        tags.append((t, dict(a)))
P().feed(open(sys.argv[1]).read())
assert not [t for t, a in tags if t in ("script", "img", "iframe", "object")], tags
assert not [a for t, a in tags if any(k.startswith("on") for k in a)]'
check "the hostile text is shown as text and the title is untouched" dom '
import sys, re; d = open(sys.argv[1]).read()
assert "document.title=" in d and "&lt;script&gt;" in d
t = re.search(r"<title>(.*?)</title>", d, re.S).group(1)
assert "PWNED" not in t, t'
check "no console message (errors, CSP violations)" bash -c "! grep -q 'CONSOLE' '$TMP/console.log'"
grep 'CONSOLE' "$TMP/console.log" | head -5

shot=${OVL_BUILD_ROOT:-$TMP}/report.png
browse --screenshot="$shot" >/dev/null 2>&1
check "screenshot written to $shot" [ -s "$shot" ]
finish
