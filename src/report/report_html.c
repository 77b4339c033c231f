/* report_html.c - the self-contained HTML page of a report (report.html): its frame, head,
 * notes, summary, stories, legend, matrix and documents table; the evidence sections (pairs,
 * claims, articles) are report_html_evidence.c's. Input: a report view (any key missing or of
 * the wrong type); output: one UTF-8 page, inline CSS, no script, no external resource, and
 * a Content-Security-Policy that forbids both, so a missed escape could not run code or
 * reach the network. It computes nothing; every report string goes through html_esc().
 * Workload: up to 1,000 pairs and 120 articles on the page, built in memory, written once.
 */
#include "overlap/report.h"

#include <assert.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "overlap/fileio.h"
#include "overlap/mem.h"
#include "overlap/report_matrix.h"
#include "overlap/report_view.h"
#include "overlap/strbuf.h"
#include "report_html_int.h"

/* ---- tuning ---------------------------------------------------------------------- */

/* Matrix SVG: cells show their value up to this many documents (beyond, ~13 px cells). */
#define SVG_CELL_LABEL_MAX 40
/* Per-cell tooltips (<title>) up to this many documents: 100^2 tooltips is ~1 MB. */
#define SVG_TOOLTIP_MAX 100
/* Matrix side in px when many documents share it; a few documents get SVG_CELL_MAX each. */
#define SVG_MATRIX_PX 640
#define SVG_CELL_MAX 64
#define SVG_CELL_MIN 3
/* Document table rows, and full article texts (with passage shading and anchors): the
 * articles of the shown pair cards and contradictions come first. */
#define PAGE_DOC_ROWS_MAX 2000
#define PAGE_ARTICLES_MAX 120

/* ---- escaping --------------------------------------------------------------------- */

/* Append s[0..n) escaped for HTML text and quoted attributes: & < > " ' become entities;
 * control bytes other than tab/newline become spaces (NUL and friends are invalid HTML). */
void html_escn(sbuf *b, const char *s, size_t n)
{
	size_t run = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		const char *rep = NULL;
		switch (ch) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default:
			if ((ch < 0x20 && ch != '\n' && ch != '\t') || ch == 0x7F)
				rep = " ";
		}
		if (rep) {
			sb_add(b, s + run, i - run);
			sb_puts(b, rep);
			run = i + 1;
		}
	}
	sb_add(b, s + run, n - run);
}

void html_esc(sbuf *b, const char *s)
{
	if (s)
		html_escn(b, s, strlen(s));
}

/* Append ` id="PREFIX-ID"` (the anchor links point at), nothing when id is NULL. */
void html_anchor_attr(sbuf *b, const char *prefix, const char *id)
{
	if (!id)
		return;
	sb_puts(b, " id=\"");
	sb_puts(b, prefix);
	html_esc(b, id);
	sb_puts(b, "\"");
}

/* Escaped s, cut after max_cp code points with an ellipsis. */
void html_esc_short(sbuf *b, const char *s, size_t max_cp)
{
	if (!s)
		return;
	size_t ncp = 0, i = 0;
	for (; s[i]; i++) {
		if (((unsigned char)s[i] & 0xC0) != 0x80) {
			if (ncp == max_cp)
				break;
			ncp++;
		}
	}
	html_escn(b, s, i);
	if (s[i])
		sb_puts(b, "\xE2\x80\xA6");
}

/* ---- report access ---------------------------------------------------------------- */

/* Byte offset v (JSON number) as a position in a text of n bytes: clamped, then moved
 * forward to a character start so cuts never split a UTF-8 sequence. */
size_t html_snap(const char *s, size_t n, double v)
{
	size_t p = (v > 0 && v == v) ? (v >= (double)n ? n : (size_t)v) : 0;
	while (p < n && ((unsigned char)s[p] & 0xC0) == 0x80)
		p++;
	return p;
}


doc_ref *html_doc(const html_ctx *h, size_t i)
{
	assert(i < h->ndocs);
	doc_ref *r = &h->docs[i];
	if (r->filled)
		return r;
	const json_t *d = rpt_view_doc_at(h->v, i);
	const json_t *t = json_object_get(d, "text");
	const json_t *meta = json_object_get(d, "metadata");
	*r = (doc_ref){.id = rpt_str(d, "id", NULL), .title = rpt_str(d, "title", NULL),
		.outlet = rpt_str(meta, "source", NULL), .date = rpt_str(meta, "date", NULL),
		.url = rpt_str(meta, "url", NULL), .filled = true};
	if (json_is_string(t) && r->id) {
		r->text = json_string_value(t);
		r->text_len = json_string_length(t);
	}
	return r;
}

const char *html_doc_name(const html_ctx *h, long i, const char *fallback)
{
	if (i < 0)
		return fallback ? fallback : "?";
	const doc_ref *d = html_doc(h, (size_t)i);
	if (d->title && *d->title)
		return d->title;
	return d->id ? d->id : (fallback ? fallback : "?");
}

/* A document's title for a reader, isolated from the text around it (<bdi>: a title
 * with an unclosed right-to-left override must not reverse what follows), its id on
 * hover; cut after max_cp code points (0: whole). */
void html_put_title(html_ctx *h, long i, const char *fallback, size_t max_cp)
{
	sbuf *o = &h->out;
	const char *id = i >= 0 ? html_doc(h, (size_t)i)->id : fallback;
	sb_puts(o, "<bdi");
	if (id) {
		sb_puts(o, " title=\"");
		html_esc(o, id);
		sb_puts(o, "\"");
	}
	sb_puts(o, ">");
	if (max_cp)
		html_esc_short(o, html_doc_name(h, i, fallback), max_cp);
	else
		html_esc(o, html_doc_name(h, i, fallback));
	sb_puts(o, "</bdi>");
}

/* A link to url when it is http(s): the only schemes a report may send a reader to. */
static bool url_safe(const char *u)
{
	if (!u)
		return false;
	if (strncasecmp(u, "https://", 8) == 0)
		u += 8;
	else if (strncasecmp(u, "http://", 7) == 0)
		u += 7;
	else
		return false;
	if (!*u)
		return false;
	for (; *u; u++)
		if ((unsigned char)*u <= 0x20 || *u == 0x7f)
			return false;
	return true;
}

/* <a href="#d<i>-<start>">label</a> when document i has text, else the label alone. */
void html_link_span(html_ctx *h, long i, const json_t *start, const char *label, size_t max_cp)
{
	bool linked = i >= 0 && html_doc(h, (size_t)i)->text && html_doc(h, (size_t)i)->shown;
	if (linked) {
		const doc_ref *d = html_doc(h, (size_t)i);
		double v = json_is_number(start) ? json_number_value(start) : 0;
		sb_printf(&h->out, "<a href=\"#d%ld-%zu\">", i, html_snap(d->text, d->text_len, v));
	}
	sb_puts(&h->out, "<bdi");
	if (i >= 0 && html_doc(h, (size_t)i)->id) {
		sb_puts(&h->out, " title=\"");
		html_esc(&h->out, html_doc(h, (size_t)i)->id);
		sb_puts(&h->out, "\"");
	}
	sb_puts(&h->out, ">");
	html_esc_short(&h->out, label, max_cp);
	sb_puts(&h->out, "</bdi>");
	if (linked)
		sb_puts(&h->out, "</a>");
}

/* ---- colours ------------------------------------------------------------------------ */

/* Same five-stop blue scale as the gnuplot heatmap (0 white-ish .. 1 dark blue). */
static void heat_rgb(double v, char out[8])
{
	static const unsigned char stops[5][3] = {
		{0xf7, 0xfb, 0xff}, {0xc6, 0xdb, 0xef}, {0x6b, 0xae, 0xd6}, {0x21, 0x71, 0xb5},
		{0x08, 0x30, 0x6b}};
	if (!(v >= 0))
		v = 0;
	if (v > 1)
		v = 1;
	double x = v * 4;
	int k = (int)x;
	if (k > 3)
		k = 3;
	double f = x - k;
	int c[3];
	for (int j = 0; j < 3; j++)
		c[j] = (int)lround(stops[k][j] + f * (stops[k + 1][j] - stops[k][j]));
	snprintf(out, 8, "#%02x%02x%02x", c[0], c[1], c[2]);
}

/* ---- page parts --------------------------------------------------------------------- */

static const char CSS[] =
	"*{box-sizing:border-box}"
	"body{font:15px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,'DejaVu Sans',sans-serif;"
	"color:#1f2328;background:#fafbfc;margin:0}"
	"main{max-width:1180px;margin:0 auto;padding:8px 24px 64px}"
	"header{background:#24476b;color:#fff;padding:18px 24px}"
	"header h1{margin:0;font-size:24px}header p{margin:4px 0 0;opacity:.85}"
	"nav{background:#e8eef4;padding:8px 24px;position:sticky;top:0;z-index:2;"
	"border-bottom:1px solid #cfd8e3}nav a{margin-right:18px;color:#24476b;font-weight:600}"
	"h2{border-bottom:2px solid #d0d7de;padding-bottom:4px;margin-top:36px}"
	"table{border-collapse:collapse;background:#fff;margin:8px 0;font-size:14px}"
	"th,td{border:1px solid #d8dee4;padding:4px 8px;text-align:left;vertical-align:top}"
	"th{background:#f0f3f6}td.num{text-align:right;font-variant-numeric:tabular-nums}"
	"a{color:#0b5cad}"
	".summary{display:flex;flex-wrap:wrap;gap:10px;margin:10px 0}"
	".summary div{background:#fff;border:1px solid #d8dee4;border-radius:6px;padding:6px 12px}"
	".summary b{display:block;font-size:20px}"
	".badge{display:inline-block;border-radius:10px;padding:0 8px;font-size:12px;"
	"font-weight:600;color:#fff;background:#6e7781;margin-right:4px}"
	".rel-repeat{background:#8250df}.rel-contradict{background:#cf222e}"
	".rel-extend{background:#1a7f37}.rel-related{background:#0969da}"
	".rel-unrelated{background:#8c959f}.flag-single{background:#bc4c00}"
	".flag-contra{background:#cf222e}"
	".pair{background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:10px 16px;"
	"margin:14px 0}.pair h3{margin:4px 0 8px;font-size:17px}"
	".passage{border-top:1px dashed #d0d7de;margin-top:10px;padding-top:6px}"
	".phead{font-size:13px;color:#57606a}"
	".cols{display:grid;grid-template-columns:1fr 1fr;gap:14px}"
	".side{background:#f6f8fa;border-radius:6px;padding:8px 10px;white-space:pre-wrap;"
	"font-size:14px}.side .who{font-size:12px;color:#57606a;white-space:normal}"
	"mark{background:#ffd33d;border-radius:2px;padding:0 1px}"
	".article{background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:10px 16px;"
	"margin:14px 0}.text{white-space:pre-wrap;max-height:32em;overflow:auto}"
	".pz{background:#ddf4ff}.cx{background:#ffebe9;border-bottom:2px solid #cf222e}"
	".anc:target::before{content:'\\25B6';color:#cf222e}"
	"tr:target,div:target{outline:3px solid #ffd33d}"
	".pair,.article{content-visibility:auto;contain-intrinsic-size:auto 600px}"
	"section{content-visibility:auto;contain-intrinsic-size:auto 3000px}"
	"details{margin:8px 0}summary{cursor:pointer;color:#24476b;font-weight:600}"
	".muted{color:#6e7781}svg text{font-family:inherit}"
	".notes{background:#fff8c5;border:1px solid #d4a72c;border-radius:6px;padding:8px 14px;"
	"margin:14px 0}.notes ul{margin:4px 0 0;padding-left:20px}"
	".note{background:#fff8c5;padding:4px 10px;border-radius:4px}"
	".legend{background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:4px 16px;"
	"font-size:13.5px;line-height:1.4;display:grid;grid-template-columns:1fr 1fr;gap:24px}"
	".legend p{margin:8px 0 4px}.legend dl{margin:0}"
	"span.id{font-size:11px;color:#6e7781;margin-left:4px}.legend dt{font-weight:600;margin-top:6px}.legend dd{margin:0 0 0 18px}"
	".meta{font-size:13px;color:#57606a;margin:0 0 6px}td.id{font-size:12px;color:#57606a}"
	"code{background:#eef1f4;padding:0 4px;border-radius:3px;font-size:13px}"
	"header code{background:rgba(255,255,255,.15);color:#fff}";

/* The date the page is written, UTC: the caller's (rpt_html's written), else now. */
static void put_date(sbuf *o, int64_t written)
{
	time_t t = written >= 0 ? (time_t)written : time(NULL);
	struct tm tm;
	char buf[64];
	if (gmtime_r(&t, &tm) && strftime(buf, sizeof buf, "%Y-%m-%d %H:%M UTC", &tm))
		sb_puts(o, buf);
}

static void put_head(html_ctx *h)
{
	sbuf *o = &h->out;
	const json_t *r = h->report;
	const json_t *par = json_object_get(r, "parameters");
	sb_puts(o, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
		"<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
		"style-src 'unsafe-inline'; img-src data:; script-src 'none'\">\n"
		"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		"<meta name=\"referrer\" content=\"no-referrer\">\n"
		"<title>overlap report</title>\n<style>");
	sb_puts(o, CSS);
	sb_puts(o, "</style>\n</head>\n<body>\n<header><h1>Who repeats whom: ");
	size_t nd = h->ndocs;
	sb_printf(o, "<span id=\"ndocs\">%zu</span> document%s compared</h1><p>", nd,
		nd == 1 ? "" : "s");
	const json_t *inputs = json_object_get(par, "inputs");
	if (json_array_size(inputs)) {
		sb_puts(o, "Inputs: ");
		size_t i;
		json_t *v;
		json_array_foreach(inputs, i, v) {
			if (i == 8) {
				sb_printf(o, " and %zu more", json_array_size(inputs) - 8);
				break;
			}
			if (i)
				sb_puts(o, ", ");
			sb_puts(o, "<code>");
			html_esc(o, json_string_value(v));
			sb_puts(o, "</code>");
		}
		sb_puts(o, " &middot; ");
	}
	sb_puts(o, "page written ");
	put_date(o, h->written);
	const char *ver = rpt_str(r, "version", NULL);
	if (ver) {
		sb_puts(o, " by overlap ");
		html_esc(o, ver);
	}
	sb_puts(o, "<br>Settings: ");
	const char *changed = rpt_str(par, "changed", NULL);
	if (changed && *changed)
		html_esc(o, changed);
	else
		sb_puts(o, "the defaults");
	const char *mode = rpt_str(par, "mode", NULL);
	if (mode)
		sb_puts(o, strcmp(mode, "lsh") == 0 ? " &middot; candidate pairs found with MinHash "
			"LSH, each checked exactly" : " &middot; every pair compared exactly");
	sb_puts(o, "</p></header>\n<nav><a href=\"#overview\">Summary</a>"
		"<a href=\"#legend\">How to read</a><a href=\"#pairs\">Pairs</a>"
		"<a href=\"#matrix\">Matrix</a><a href=\"#documents\">Documents</a>"
		"<a href=\"#claims\">Claims</a><a href=\"#contradictions\">Contradictions</a>"
		"<a href=\"#articles\">Articles</a></nav>\n<main>\n");
}

/* What was not computed (report.info) and what the page itself leaves out: said first, so
 * an empty section is never read as a finding. */
static void put_notes(html_ctx *h)
{
	sbuf *o = &h->out;
	const json_t *info = json_object_get(h->report, "info");
	if (!json_array_size(info) && !h->notes.n)
		return;
	sb_puts(o, "<div class=\"notes\" id=\"not-computed\"><b>Not computed or not shown</b><ul>");
	size_t i;
	json_t *it;
	json_array_foreach(info, i, it) {
		const char *msg = rpt_str(it, "message", NULL), *opt = rpt_str(it, "option", NULL);
		if (!msg)
			continue;
		sb_puts(o, "<li>");
		html_esc(o, msg);
		if (opt) {
			sb_puts(o, " &mdash; raise it with <code>");
			html_esc(o, opt);
			sb_puts(o, "</code>");
		}
		sb_puts(o, "</li>");
	}
	if (h->notes.n) /* an empty sbuf holds NULL */
		sb_add(o, h->notes.p, h->notes.n);
	sb_puts(o, "</ul></div>\n");
}

static const char LEGEND[] =
	"<details id=\"legend\" open><summary>How to read this report</summary>"
	"<div class=\"legend\"><div><p>Pairs of articles are ranked by <b>overlap</b>: the "
	"largest of the three measures below, from 0 (nothing shared) to 1 (the same text). "
	"The terminal summary ranks them the same way.</p><dl>"
	"<dt>Jaccard</dt><dd>Share of word 5-grams (runs of five words) the two articles have "
	"in common, out of all the 5-grams either has. Near 0 for articles written "
	"independently, even on one story; high for copies. <i>estimate</i>: the quick MinHash "
	"estimate of it.</dd>"
	"<dt>containment A&rarr;B</dt><dd>Share of A&rsquo;s 5-grams found in B: high when A "
	"sits inside B, like a short wire story reused in a longer article.</dd>"
	"<dt>passage coverage</dt><dd>Share of an article&rsquo;s words inside passages it "
	"shares with the other: sentences copied or reworded, found by aligning the two texts "
	"(recurring boilerplate left out).</dd>"
	"<dt>passage</dt><dd>Text found in both articles, side by side, differing words "
	"<mark>highlighted</mark>; &ldquo;12 of 13 words aligned&rdquo; counts the words that "
	"match the other side.</dd>"
	"<dt>claim</dt><dd>A checkable statement (a figure, a date, a named fact); "
	"<span class=\"badge flag-single\">single source</span> when one independent source "
	"alone makes it (copies of one article, and one outlet&rsquo;s articles, count as one "
	"source).</dd></dl></div>"
	"<div><p>Each pair gets one <b>relation</b>; the repeat, extend and contradict scores "
	"(0&ndash;1) say how strongly the pair fits each:</p><dl>"
	"<dt><span class=\"badge rel-repeat\">repeat</span></dt><dd>The two say the same: most "
	"of each is in the other, as shared text or shared claims.</dd>"
	"<dt><span class=\"badge rel-extend\">extend</span></dt><dd>One article holds most of "
	"the other <i>and adds</i> a good share of new material; the card names the one that "
	"adds (the <i>extender</i>).</dd>"
	"<dt><span class=\"badge rel-contradict\">contradict</span></dt><dd>Both report the "
	"same fact with another figure or date, or one affirms what the other denies.</dd>"
	"<dt><span class=\"badge rel-related\">related</span></dt><dd>One story (the "
	"same topic, people and places, even in other words), but neither repeats nor "
	"extends the other; without stories (<code>--no-stories</code>): they share some "
	"passages, claims or wording.</dd>"
	"<dt><span class=\"badge rel-unrelated\">unrelated</span></dt><dd>Different stories, "
	"nothing substantial in common.</dd></dl></div></div></details>\n";

void html_put_num_cell(sbuf *o, const json_t *obj, const char *key, const char *fmt)
{
	double v = rpt_num(obj, key, NAN);
	if (!isnan(v)) {
		sb_puts(o, "<td class=\"num\">");
		sb_printf(o, fmt, v);
		sb_puts(o, "</td>");
	} else {
		sb_puts(o, "<td class=\"num muted\">&ndash;</td>");
	}
}

/* Stories (report.stories): id, label, first publisher, documents. Skipped when absent. */
static void put_stories(html_ctx *h)
{
	sbuf *o = &h->out;
	const json_t *st = json_object_get(h->report, "stories");
	if (!json_array_size(st))
		return;
	sb_puts(o, "<section id=\"stories\">\n<h2>Stories</h2>\n<table>\n<tr><th>story</th>"
		"<th>about</th><th>first</th><th>documents</th></tr>\n");
	size_t i;
	json_t *s;
	json_array_foreach(st, i, s) {
		const json_t *docs = json_object_get(s, "documents");
		sb_puts(o, "<tr><td>");
		html_esc(o, rpt_str(s, "id", NULL) ? rpt_str(s, "id", NULL) : "");
		sb_puts(o, "</td><td>");
		html_esc_short(o, rpt_str(s, "label", NULL) ? rpt_str(s, "label", NULL) : "", 120);
		sb_puts(o, "</td><td>");
		const char *first = json_string_value(json_object_get(s, "first"));
		html_esc(o, first ? first : "(no dates)");
		sb_printf(o, "</td><td>%zu: ", json_array_size(docs));
		for (size_t k = 0; k < json_array_size(docs); k++) {
			const char *id = json_string_value(json_array_get(docs, k));
			if (k)
				sb_puts(o, ", ");
			html_esc(o, id ? id : "?");
		}
		sb_puts(o, "</td></tr>\n");
	}
	sb_puts(o, "</table>\n</section>\n");
}

static void put_summary(html_ctx *h)
{
	sbuf *o = &h->out;
	const json_t *sum = json_object_get(h->report, "summary");
	sb_puts(o, "<section id=\"overview\">\n");
	if (json_is_object(sum)) {
		static const char *const keys[][2] = {
			{"documents", "documents"}, {"pairs", "pairs listed"},
			{"passages", "shared passages"}, {"claims", "claims"},
			{"shared_claims", "claims several sources make"},
			{"single_source_claims", "single-source claims"},
			{"contradictions", "contradictions"}};
		bool detail = !json_is_false(json_object_get(json_object_get(h->report,
			"parameters"), "detail"));
		sb_puts(o, "<div class=\"summary\">");
		for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
			double v = rpt_num(sum, keys[i][0], NAN);
			if (isnan(v))
				continue;
			if (!detail && i >= 2) /* not computed: a dash, not a zero */
				sb_printf(o, "<div><b class=\"muted\">&ndash;</b>%s (not computed)</div>",
					keys[i][1]);
			else
				sb_printf(o, "<div><b>%.0f</b>%s</div>", v, keys[i][1]);
		}
		sb_puts(o, "</div>\n");
	}
	sb_puts(o, "</section>\n");
}

bool html_has_meta(const html_ctx *h, long i)
{
	if (i < 0)
		return false;
	const doc_ref *d = html_doc(h, (size_t)i);
	return (d->outlet && *d->outlet) || (d->date && *d->date) || url_safe(d->url);
}

/* Outlet, date and link of document i, when the input gave them. */
void html_put_doc_meta(html_ctx *h, long i)
{
	sbuf *o = &h->out;
	const doc_ref *d = html_doc(h, (size_t)i);
	bool any = false;
	if (d->outlet && *d->outlet) {
		sb_puts(o, "<bdi>");
		html_esc(o, d->outlet);
		sb_puts(o, "</bdi>");
		any = true;
	}
	if (d->date && *d->date) {
		if (any)
			sb_puts(o, " &middot; ");
		html_esc(o, d->date);
		any = true;
	}
	if (url_safe(d->url)) {
		if (any)
			sb_puts(o, " &middot; ");
		sb_puts(o, "<a rel=\"noopener noreferrer\" href=\"");
		html_esc(o, d->url);
		sb_puts(o, "\">link</a>");
	}
}

static void put_documents(html_ctx *h)
{
	sbuf *o = &h->out;
	const json_t *r = h->report;
	sb_puts(o, "<section id=\"documents\">\n<h2>Documents</h2>\n");
	sb_puts(o, "<table id=\"documents-table\"><thead><tr><th>#</th><th>title</th>"
		"<th>outlet &middot; date</th><th>words</th><th>claims</th>"
		"<th>single-source claims</th><th>id</th></tr></thead><tbody>\n");
	size_t rows = h->ndocs < PAGE_DOC_ROWS_MAX ? h->ndocs : PAGE_DOC_ROWS_MAX;
	for (size_t i = 0; i < rows; i++) {
		const json_t *d = rpt_view_doc_at(h->v, i);
		sb_printf(o, "<tr><td class=\"num\">%zu</td><td>", i + 1);
		if (html_doc(h, (size_t)i)->shown)
			sb_printf(o, "<a href=\"#doc-%zu\">", i);
		html_put_title(h, (long)i, NULL, 0);
		if (html_doc(h, (size_t)i)->shown)
			sb_puts(o, "</a>");
		sb_puts(o, "</td><td>");
		html_put_doc_meta(h, (long)i);
		sb_puts(o, "</td>");
		html_put_num_cell(o, d, "words", "%.0f");
		html_put_num_cell(o, d, "claims", "%.0f");
		const json_t *ss = json_object_get(d, "single_source_claims");
		if (json_is_array(ss))
			sb_printf(o, "<td class=\"num\">%zu</td>", json_array_size(ss));
		else
			sb_puts(o, "<td class=\"num muted\">&ndash;</td>");
		sb_puts(o, "<td class=\"id\">");
		html_esc(o, html_doc(h, (size_t)i)->id ? html_doc(h, (size_t)i)->id : "?");
		sb_puts(o, "</td></tr>\n");
	}
	sb_puts(o, "</tbody></table>\n");
	if (rows < h->ndocs)
		sb_printf(o, "<p class=\"muted\">The first %zu of %zu documents are listed; "
			"report.json lists all.</p>\n", rows, h->ndocs);
	const json_t *par = json_object_get(r, "parameters");
	if (json_is_object(par)) {
		sb_puts(o, "<details><summary>All parameters</summary><table id=\"parameters\">");
		const char *k;
		json_t *v;
		json_object_foreach((json_t *)par, k, v) {
			sb_puts(o, "<tr><th>");
			html_esc(o, k);
			sb_puts(o, "</th><td>");
			if (json_is_string(v)) {
				html_esc(o, json_string_value(v));
			} else {
				char *js = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY | JSON_REAL_PRECISION(6));
				html_esc(o, js ? js : "");
				free(js);
			}
			sb_puts(o, "</td></tr>");
		}
		sb_puts(o, "</table></details>\n");
	}
	sb_puts(o, "</section>\n");
}

/* A measure's name for a reader: its title from the measure table, lower-case as it
 * stands inside a sentence ("Measure: shingle Jaccard similarity"). */
static void put_measure_title(sbuf *o, const char *name)
{
	const rpt_measure *m = rpt_measure_find(name);
	if (!name) {
		sb_puts(o, "similarity");
	} else if (m && m->page_titled) {
		char first = m->title[0];
		if (first >= 'A' && first <= 'Z')
			first = (char)(first - 'A' + 'a');
		sb_add(o, &first, 1);
		html_esc(o, m->title + 1);
	} else {
		html_esc(o, name);
	}
}

/* Approximate width of s in px at font size fs (an average glyph is ~0.56 em wide; CJK
 * and other wide characters count double). Used to size the label margins so no label is
 * clipped at the edge of the chart. */
static double text_px(const char *s, double fs)
{
	double w = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p & 0xC0) == 0x80)
			continue;
		w += *p >= 0xE3 ? 1.0 : 0.56;
	}
	return w * fs;
}

static void put_matrix_svg(html_ctx *h, const rpt_mview *mv, const char *measure,
	const char *svg_id)
{
	sbuf *o = &h->out;
	size_t n = mv->n;
	double cell = (double)SVG_MATRIX_PX / (double)n;
	if (cell > SVG_CELL_MAX)
		cell = SVG_CELL_MAX;
	if (cell < SVG_CELL_MIN)
		cell = SVG_CELL_MIN;
	int font = cell >= 24 ? 12 : cell >= 14 ? 11 : cell >= 10 ? 9 : 7;
	double lw = 0;
	for (size_t i = 0; i < n; i++)
		if (text_px(mv->label[i], font) > lw)
			lw = text_px(mv->label[i], font);
	double left = lw + 14, top = lw * 0.72 + 16; /* column labels run at -45 degrees */
	double side = cell * (double)n;
	double w = left + side + 100 + lw * 0.72, ht = top + side + 24;
	sb_printf(o, "<svg id=\"%s\" class=\"heatmap\" xmlns=\"http://www.w3.org/2000/svg\" "
		"width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" role=\"img\">",
		svg_id, w, ht, w, ht);
	sb_puts(o, "<title>");
	put_measure_title(o, measure);
	sb_puts(o, "</title>");
	for (size_t i = 0; i < n; i++) {
		/* row label (left) and column label (top, rotated), the full title on hover */
		double y = top + cell * ((double)i + 0.5);
		sb_printf(o, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%d\" text-anchor=\"end\" "
			"dominant-baseline=\"middle\"><title>", left - 6, y, font);
		html_esc(o, mv->tip[i]);
		sb_puts(o, "</title>");
		html_esc(o, mv->label[i]);
		sb_puts(o, "</text>");
		double x = left + cell * ((double)i + 0.5);
		sb_printf(o, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%d\" "
			"transform=\"rotate(-45 %.1f %.1f)\"><title>", x, top - 6, font, x, top - 6);
		html_esc(o, mv->tip[i]);
		sb_puts(o, "</title>");
		html_esc(o, mv->label[i]);
		sb_puts(o, "</text>");
	}
	for (size_t i = 0; i < n; i++) {
		for (size_t j = 0; j < n; j++) {
			double x = mv->v[i * n + j];
			bool has = x == x;
			char rgb[8];
			heat_rgb(has ? x / mv->vmax : 0, rgb);
			sb_printf(o, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.2f\" height=\"%.2f\" "
				"fill=\"%s\">", left + cell * (double)j, top + cell * (double)i, cell, cell,
				has ? rgb : "#e4e4e4");
			if (n <= SVG_TOOLTIP_MAX) {
				sb_puts(o, "<title>");
				html_esc_short(o, mv->tip[i], 80);
				sb_puts(o, " \xC3\x97 ");
				html_esc_short(o, mv->tip[j], 80);
				if (has)
					sb_printf(o, ": %.3f", x);
				else if (i == j && !mv->grouped)
					sb_puts(o, ": the document itself");
				sb_puts(o, "</title>");
			}
			sb_puts(o, "</rect>");
			if (n <= SVG_CELL_LABEL_MAX && has && cell >= 18)
				sb_printf(o, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%d\" "
					"text-anchor=\"middle\" dominant-baseline=\"middle\" fill=\"%s\">%.2f"
					"</text>", left + cell * ((double)j + 0.5), top + cell * ((double)i + 0.5),
					cell >= 30 ? 11 : 8, x / mv->vmax > 0.55 ? "#ffffff" : "#202020", x);
		}
	}
	/* colour scale 0..vmax */
	double lx = left + side + 24;
	sb_printf(o, "<defs><linearGradient id=\"%s-g\" x1=\"0\" y1=\"1\" x2=\"0\" y2=\"0\">",
		svg_id);
	for (int k = 0; k <= 4; k++) {
		char rgb[8];
		heat_rgb(k / 4.0, rgb);
		sb_printf(o, "<stop offset=\"%d%%\" stop-color=\"%s\"/>", k * 25, rgb);
	}
	sb_printf(o, "</linearGradient></defs><rect x=\"%.1f\" y=\"%.1f\" width=\"14\" "
		"height=\"%.1f\" fill=\"url(#%s-g)\" stroke=\"#999\"/>", lx, top, side, svg_id);
	sb_printf(o, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\">%.2f</text>"
		"<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\">0</text></svg>\n",
		lx + 18, top + 8, mv->vmax, lx + 18, top + side);
}

static void put_matrix(html_ctx *h)
{
	sbuf *o = &h->out;
	const json_t *matrix = json_object_get(h->report, "matrix");
	size_t n;
	const json_t *values = rpt_view_matrix(h->v, &n);
	sb_puts(o, "<section id=\"matrix\">\n<h2>Similarity matrix</h2>\n");
	rpt_mview mv;
	if (!values || rpt_mview_build(h->v, matrix, values, SHORT_TITLE_CHARS, &mv) < 0) {
		sb_puts(o, "<p class=\"note\">No matrix in this report: see "
			"<a href=\"#not-computed\">the note at the top</a> (<code>--matrix-max</code> "
			"raises the limit).</p>\n</section>\n");
		return;
	}
	const char *measure = rpt_str(matrix, "measure", NULL);
	sb_puts(o, "<p>Measure: <b>");
	put_measure_title(o, measure);
	sb_printf(o, "</b>. Darker is more similar; the colours span 0 to %.2f, the largest "
		"value between two different %s.", mv.vmax, mv.grouped ? "groups" : "documents");
	if (mv.grouped)
		sb_printf(o, " %zu documents are too many to draw one by one: each row is a %s "
			"(its number of documents in brackets), each cell the mean over its documents, "
			"the diagonal how alike a group&rsquo;s own documents are.", mv.ndocs,
			mv.by_story ? "story" : "cluster of similar documents");
	else
		sb_printf(o, " Documents are ordered %s; the grey diagonal is each document with "
			"itself.", mv.by_story ? "by story" : "so that similar ones sit together");
	sb_puts(o, " Hover for full titles.</p>\n");
	put_matrix_svg(h, &mv, measure, "heatmap");
	rpt_mview_free(&mv);
	const char *name;
	json_t *m;
	size_t k = 0;
	json_object_foreach(json_object_get(matrix, "measures"), name, m) {
		k++;
		if ((measure && strcmp(name, measure) == 0) || !rpt_matrix_ok(m, n) ||
		    rpt_mview_build(h->v, matrix, m, SHORT_TITLE_CHARS, &mv) < 0)
			continue;
		sb_puts(o, "<details><summary>");
		put_measure_title(o, name);
		sb_puts(o, "</summary>\n");
		char id[32];
		snprintf(id, sizeof id, "heatmap-%zu", k);
		put_matrix_svg(h, &mv, name, id);
		rpt_mview_free(&mv);
		sb_puts(o, "</details>\n");
	}
	sb_puts(o, "</section>\n");
}

/* ---- API ---------------------------------------------------------------------------- */

/* Which articles the page prints in full: all of a small report, else those of the pair
 * cards and listed contradictions, strongest first, up to PAGE_ARTICLES_MAX. */
static void choose_articles(html_ctx *h)
{
	size_t withtext = 0;
	if (rpt_view_ntexts(h->v) == 0)
		return; /* no article to show: nor any document to read for one */
	for (size_t i = 0; i < h->ndocs; i++)
		withtext += html_doc(h, (size_t)i)->text != NULL;
	if (withtext <= PAGE_ARTICLES_MAX) {
		for (size_t i = 0; i < h->ndocs; i++)
			html_doc(h, (size_t)i)->shown = html_doc(h, (size_t)i)->text != NULL;
		return;
	}
	size_t k = 0;
	const json_t *pairs = json_object_get(h->report, "pairs");
	size_t cards = h->npairs < PAGE_PAIR_CARDS_MAX ? h->npairs : PAGE_PAIR_CARDS_MAX;
	for (size_t c = 0; c < cards && k < PAGE_ARTICLES_MAX; c++) {
		const json_t *p = json_array_get(pairs, h->order[c]);
		for (int s = 0; s < 2 && k < PAGE_ARTICLES_MAX; s++) {
			long i = rpt_view_doc_index(h->v, rpt_str(p, s ? "b" : "a", NULL));
			if (i >= 0 && html_doc(h, (size_t)i)->text && !html_doc(h, (size_t)i)->shown) {
				html_doc(h, (size_t)i)->shown = true;
				k++;
			}
		}
	}
	size_t x;
	json_t *xc;
	json_array_foreach(json_object_get(h->report, "contradictions"), x, xc) {
		if (x == PAGE_CONTRA_ROWS_MAX || k >= PAGE_ARTICLES_MAX)
			break;
		for (int s = 0; s < 2 && k < PAGE_ARTICLES_MAX; s++) {
			long i = rpt_view_doc_index(h->v, rpt_str(json_object_get(xc, s ? "b" : "a"), "doc", NULL));
			if (i >= 0 && html_doc(h, (size_t)i)->text && !html_doc(h, (size_t)i)->shown) {
				html_doc(h, (size_t)i)->shown = true;
				k++;
			}
		}
	}
}

int rpt_html(const rpt_view *v, const char *path, int64_t written, err_ctx *e)
{
	if (!v)
		return err_set(e, OVL_EINPUT, path, "no report");
	if (!path || !*path)
		return err_set(e, OVL_EUSAGE, NULL, "no output path for the HTML report");
	const json_t *report = rpt_view_json(v);
	html_ctx h = {.report = report, .v = v, .written = written};
	h.ndocs = rpt_view_ndocs(v);
	h.docs = xcalloc(h.ndocs ? h.ndocs : 1, sizeof *h.docs);
	h.order = rpt_view_ranked(v, &h.npairs);
	const json_t *par = json_object_get(report, "parameters");
	h.claims_computed = !json_is_false(json_object_get(par, "detail"));
	size_t i;
	json_t *it;
	json_array_foreach(json_object_get(report, "info"), i, it) {
		const char *k = rpt_str(it, "key", NULL);
		if (k && (strcmp(k, "detail_skipped") == 0 || strcmp(k, "claims_skipped") == 0))
			h.claims_computed = false;
	}
	choose_articles(&h);
	if (h.npairs > PAGE_PAIR_ROWS_MAX)
		sb_printf(&h.notes, "<li>The page lists the %d pairs with most overlap of %zu and "
			"shows the first %d in detail; report.json holds every pair.</li>",
			PAGE_PAIR_ROWS_MAX, h.npairs, PAGE_PAIR_CARDS_MAX);
	else if (h.npairs > PAGE_PAIR_CARDS_MAX)
		sb_printf(&h.notes, "<li>The page shows the %d pairs with most overlap in detail; "
			"the table lists all %zu.</li>", PAGE_PAIR_CARDS_MAX, h.npairs);
	put_head(&h);
	put_notes(&h);
	put_summary(&h);
	put_stories(&h);
	sb_puts(&h.out, LEGEND);
	html_put_pairs(&h);
	put_matrix(&h);
	put_documents(&h);
	html_put_claims(&h);
	html_put_articles(&h);
	sb_puts(&h.out, "</main>\n</body>\n</html>\n");
	int rc = fio_write_file(path, h.out.p, h.out.n, e);
	sb_free(&h.out);
	sb_free(&h.notes);
	free(h.docs);
	return rc;
}
