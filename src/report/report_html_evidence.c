/* report_html_evidence.c - the evidence sections of report.html: the pairs (a ranked table,
 * then cards with the passages side by side and the differing words in <mark>), the
 * claims and contradictions, and the articles with shared passages and contradicted spans
 * shaded and an anchor at every span the page links to. The page's frame, head, summary,
 * matrix and documents table are report_html.c's; what both share is report_html_int.h.
 * It computes nothing: spans are snapped to the text, every string escaped.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "overlap/mem.h"
#include "report_html_int.h"

/* ---- pairs ---------------------------------------------------------------------------- */

typedef struct span {
	size_t s, e;
} span;

static int span_cmp(const void *x, const void *y)
{
	const span *a = x, *b = y;
	return a->s < b->s ? -1 : a->s > b->s ? 1 : (a->e < b->e ? -1 : a->e > b->e);
}

/* Whether text[s, e) is all white space (and not empty). */
static bool only_space(const char *text, size_t s, size_t e)
{
	if (e <= s)
		return false;
	for (size_t i = s; i < e; i++)
		if (text[i] != ' ' && text[i] != '\t' && text[i] != '\n' && text[i] != '\r')
			return false;
	return true;
}

/* Passage text with the marks (absolute [start,end] byte spans) wrapped in <mark>. */
static void put_marked(sbuf *o, const char *text, size_t n, double base, const json_t *marks)
{
	size_t nm = json_array_size(marks), k = 0;
	span *sp = xcalloc(nm ? nm : 1, sizeof *sp);
	for (size_t i = 0; i < nm; i++) {
		const json_t *m = json_array_get(marks, i);
		const json_t *a = json_array_get(m, 0), *b = json_array_get(m, 1);
		if (!json_is_number(a) || !json_is_number(b))
			continue;
		size_t s = html_snap(text, n, json_number_value(a) - base);
		size_t e = html_snap(text, n, json_number_value(b) - base);
		if (e > s)
			sp[k++] = (span){s, e};
	}
	if (k > 1)
		qsort(sp, k, sizeof *sp, span_cmp);
	size_t pos = 0;
	for (size_t i = 0; i < k; i++) {
		size_t s = sp[i].s < pos ? pos : sp[i].s, e = sp[i].e;
		/* merge overlapping marks, and marks apart by spaces only: one run of changed
		 * words reads as one change ("the heads of"), not three */
		while (i + 1 < k && (sp[i + 1].s <= e || only_space(text, e, sp[i + 1].s))) {
			if (sp[i + 1].e > e)
				e = sp[i + 1].e;
			i++;
		}
		if (e <= s)
			continue;
		html_escn(o, text + pos, s - pos);
		sb_puts(o, "<mark>");
		html_escn(o, text + s, e - s);
		sb_puts(o, "</mark>");
		pos = e;
	}
	html_escn(o, text + pos, n - pos);
	free(sp);
}

static void put_passage_side(html_ctx *h, const json_t *p, long di, const char *fallback,
	const char *side)
{
	sbuf *o = &h->out;
	char k_text[8], k_start[10], k_marks[10];
	snprintf(k_text, sizeof k_text, "%s_text", side);
	snprintf(k_start, sizeof k_start, "%s_start", side);
	snprintf(k_marks, sizeof k_marks, "%s_marks", side);
	const json_t *t = json_object_get(p, k_text);
	sb_puts(o, "<div class=\"side\"><div class=\"who\">");
	html_link_span(h, di, json_object_get(p, k_start), html_doc_name(h, di, fallback), SHORT_TITLE_CHARS);
	sb_puts(o, "</div>");
	if (json_is_string(t)) {
		double base = rpt_num(p, k_start, 0);
		put_marked(o, json_string_value(t), json_string_length(t), base,
			json_object_get(p, k_marks));
	} else {
		sb_puts(o, "<span class=\"muted\">(text not in report)</span>");
	}
	sb_puts(o, "</div>");
}

static void put_id_links(sbuf *o, const json_t *arr, const char *prefix)
{
	size_t i;
	json_t *v;
	size_t k = 0;
	json_array_foreach(arr, i, v) {
		const char *s = json_string_value(v);
		if (!s)
			continue;
		if (k++)
			sb_puts(o, ", ");
		sb_printf(o, "<a href=\"#%s", prefix);
		html_esc(o, s);
		sb_puts(o, "\">");
		html_esc(o, s);
		sb_puts(o, "</a>");
	}
	if (!k)
		sb_puts(o, "<span class=\"muted\">none</span>");
}

static void put_pair(html_ctx *h, const json_t *p, size_t idx)
{
	sbuf *o = &h->out;
	const char *a = rpt_str(p, "a", NULL), *b = rpt_str(p, "b", NULL);
	long ai = rpt_view_doc_index(h->v, a), bi = rpt_view_doc_index(h->v, b);
	const json_t *rel = json_object_get(p, "relation");
	const char *label = rpt_str(rel, "label", NULL);
	int rank = rpt_relation_rank(label);
	sb_printf(o, "<div class=\"pair\" id=\"pair-%zu\"><h3>#%zu <span class=\"badge rel-%s\">",
		idx, idx + 1, rpt_relation_name(rank));
	html_esc(o, label ? label : "no relation");
	sb_puts(o, "</span> A: ");
	html_put_title(h, ai, a, 90);
	sb_puts(o, " <span class=\"id\">");
	html_esc_short(o, a, 24);
	sb_puts(o, "</span> &harr; B: ");
	html_put_title(h, bi, b, 90);
	sb_puts(o, " <span class=\"id\">");
	html_esc_short(o, b, 24);
	sb_puts(o, "</span>");
	sb_puts(o, "</h3>\n");
	if (html_has_meta(h, ai) || html_has_meta(h, bi)) {
		sb_puts(o, "<p class=\"meta\">");
		if (html_has_meta(h, ai)) {
			sb_puts(o, "A: ");
			html_put_doc_meta(h, ai);
		}
		if (html_has_meta(h, bi)) {
			sb_puts(o, " &nbsp; B: ");
			html_put_doc_meta(h, bi);
		}
		sb_puts(o, "</p>\n");
	}
	sb_printf(o, "<table class=\"scores\"><tr><th>overlap</th><th>Jaccard</th>"
		"<th>estimate</th><th>containment A&rarr;B</th><th>containment B&rarr;A</th>"
		"<th>passage coverage A</th><th>passage coverage B</th><th>repeat</th><th>extend</th>"
		"<th>contradict</th></tr><tr><td class=\"num\"><b>%.3f</b></td>",
		rpt_pair_overlap(p));
	html_put_num_cell(o, p, "jaccard", "%.3f");
	html_put_num_cell(o, p, "jaccard_estimate", "%.3f");
	html_put_num_cell(o, p, "containment_ab", "%.3f");
	html_put_num_cell(o, p, "containment_ba", "%.3f");
	const json_t *pc = json_object_get(p, "passage_coverage");
	html_put_num_cell(o, pc, "a", "%.3f");
	html_put_num_cell(o, pc, "b", "%.3f");
	const json_t *sc = json_object_get(rel, "scores");
	html_put_num_cell(o, sc, "repeat", "%.3f");
	html_put_num_cell(o, sc, "extend", "%.3f");
	html_put_num_cell(o, sc, "contradict", "%.3f");
	sb_puts(o, "</tr></table>\n<p>A: ");
	html_esc(o, a ? a : "?");
	sb_puts(o, " &middot; B: ");
	html_esc(o, b ? b : "?");
	const char *ext = rpt_str(rel, "extender", NULL);
	if (ext) {
		long ei = rpt_view_doc_index(h->v, ext);
		sb_puts(o, " &middot; <b>extender</b> (adds new material to the other): ");
		sb_puts(o, ei == ai ? "A, " : ei == bi ? "B, " : "");
		html_put_title(h, ei, ext, 60);
	}
	if (json_is_array(json_object_get(p, "shared_claims"))) {
		sb_puts(o, " &middot; shared claims: ");
		put_id_links(o, json_object_get(p, "shared_claims"), "claim-");
	}
	const json_t *ev = json_object_get(rel, "evidence");
	if (json_array_size(json_object_get(ev, "contradictions"))) {
		sb_puts(o, " &middot; contradictions: ");
		put_id_links(o, json_object_get(ev, "contradictions"), "contra-");
	}
	sb_puts(o, "</p>\n");
	size_t i;
	json_t *ps;
	json_array_foreach(json_object_get(p, "passages"), i, ps) {
		sb_puts(o, "<div class=\"passage\"");
		const char *pid = rpt_str(ps, "id", NULL);
		html_anchor_attr(o, "passage-", pid);
		sb_puts(o, "><div class=\"phead\"><b>");
		html_esc(o, pid ? pid : "passage");
		sb_puts(o, "</b>");
		double mw = rpt_num(ps, "matched_words", NAN), aw = rpt_num(ps, "a_words", NAN);
		double bw = rpt_num(ps, "b_words", NAN);
		if (!isnan(mw) && !isnan(aw) && !isnan(bw)) {
			if (aw == bw)
				sb_printf(o, " &middot; %.0f of %.0f words aligned", mw, aw);
			else
				sb_printf(o, " &middot; %.0f words aligned, of %.0f in A and %.0f in B", mw,
					aw, bw);
		}
		if (json_is_true(json_object_get(ps, "boilerplate")))
			sb_puts(o, " &middot; <span class=\"badge\">boilerplate</span>");
		sb_puts(o, " &middot; differing words <mark>highlighted</mark></div>"
			"<div class=\"cols\">");
		put_passage_side(h, ps, ai, a, "a");
		put_passage_side(h, ps, bi, b, "b");
		sb_puts(o, "</div></div>\n");
	}
	sb_puts(o, "</div>\n");
}

void html_put_pairs(html_ctx *h)
{
	sbuf *o = &h->out;
	const json_t *pairs = json_object_get(h->report, "pairs");
	size_t n = h->npairs;
	sb_puts(o, "<section id=\"pairs\">\n<h2>Pairs, most overlap first</h2>\n");
	if (!n) {
		sb_puts(o, "<p class=\"muted\">No pair reached a threshold.</p>\n</section>\n");
		return;
	}
	size_t rows = n < PAGE_PAIR_ROWS_MAX ? n : PAGE_PAIR_ROWS_MAX;
	size_t cards = n < PAGE_PAIR_CARDS_MAX ? n : PAGE_PAIR_CARDS_MAX;
	sb_puts(o, "<table id=\"pairs-table\"><thead><tr><th>#</th><th>overlap</th>"
		"<th>relation</th><th>A</th><th>B</th><th>Jaccard</th><th>passages</th>"
		"<th>shared claims</th></tr></thead><tbody>\n");
	for (size_t k = 0; k < rows; k++) {
		const json_t *p = json_array_get(pairs, h->order[k]);
		const char *label = rpt_str(json_object_get(p, "relation"), "label", NULL);
		int rank = rpt_relation_rank(label);
		sb_printf(o, "<tr><td class=\"num\">%zu</td><td class=\"num\">%.3f</td><td>", k + 1,
			rpt_pair_overlap(p));
		if (k < cards)
			sb_printf(o, "<a href=\"#pair-%zu\">", k);
		sb_printf(o, "<span class=\"badge rel-%s\">", rpt_relation_name(rank));
		html_esc(o, label ? label : "none");
		sb_puts(o, k < cards ? "</span></a></td><td>" : "</span></td><td>");
		for (int side = 0; side < 2; side++) {
			const char *id = rpt_str(p, side ? "b" : "a", NULL);
			html_put_title(h, rpt_view_doc_index(h->v, id), id, 60);
			sb_puts(o, " <span class=\"id\">");
			html_esc_short(o, id, 24);
			sb_puts(o, side ? "</span></td>" : "</span></td><td>");
		}
		html_put_num_cell(o, p, "jaccard", "%.3f");
		sb_printf(o, "<td class=\"num\">%zu</td><td class=\"num\">%zu</td></tr>\n",
			json_array_size(json_object_get(p, "passages")),
			json_array_size(json_object_get(p, "shared_claims")));
	}
	sb_puts(o, "</tbody></table>\n");
	if (rows < n)
		sb_printf(o, "<p class=\"note\">%zu more pairs, weaker than these, are in "
			"report.json (<code>pairs</code>).</p>\n", n - rows);
	if (cards < n)
		sb_printf(o, "<h3>The %zu pairs with most overlap, in detail</h3>\n", cards);
	for (size_t k = 0; k < cards; k++)
		put_pair(h, json_array_get(pairs, h->order[k]), k);
	sb_puts(o, "</section>\n");
}

/* ---- claims and contradictions ------------------------------------------------------- */

/* Claims by sources, most first, then report order. */
typedef struct claim_key {
	double sources;
	size_t idx;
} claim_key;

static int claim_cmp(const void *x, const void *y)
{
	const claim_key *a = x, *b = y;
	if (a->sources != b->sources)
		return a->sources > b->sources ? -1 : 1;
	return a->idx < b->idx ? -1 : a->idx > b->idx;
}

/* The start of a row of the claims or contradictions table, anchored as prefix + id: the
 * id, the second cell, and the third cell opened. */
static void put_row_head(sbuf *o, const char *prefix, const char *id, const char *second)
{
	sb_puts(o, "<tr");
	html_anchor_attr(o, prefix, id);
	sb_puts(o, "><td>");
	html_esc(o, id);
	sb_puts(o, "</td><td>");
	html_esc(o, second);
	sb_puts(o, "</td><td>");
}

/* One row of the claims table: id, text, its mentions linked to the articles, sources,
 * and the flags (single source, each contradiction about it). */
static void put_claim_row(html_ctx *h, const json_t *c, const json_t *contras)
{
	sbuf *o = &h->out;
	const char *cid = rpt_str(c, "id", NULL);
	put_row_head(o, "claim-", cid, rpt_str(c, "text", NULL));
	size_t k;
	json_t *m;
	json_array_foreach(json_object_get(c, "mentions"), k, m) {
		const char *d = rpt_str(m, "doc", NULL);
		long di = rpt_view_doc_index(h->v, d);
		if (k)
			sb_puts(o, "<br>");
		html_link_span(h, di, json_object_get(m, "start"), html_doc_name(h, di, d), 40);
		const char *mt = rpt_str(m, "text", NULL), *ct = rpt_str(c, "text", NULL);
		if (mt && ct && strcmp(mt, ct) != 0) {
			sb_puts(o, ": <span class=\"muted\">");
			html_esc_short(o, mt, 120);
			sb_puts(o, "</span>");
		}
	}
	sb_puts(o, "</td>");
	html_put_num_cell(o, c, "sources", "%.0f");
	sb_puts(o, "<td>");
	if (json_is_true(json_object_get(c, "single_source")))
		sb_puts(o, "<span class=\"badge flag-single\">single source</span>");
	size_t x;
	json_t *xc;
	json_array_foreach(contras, x, xc) {
		const char *cl = rpt_str(xc, "claim", NULL), *xid = rpt_str(xc, "id", NULL);
		if (cid && cl && xid && strcmp(cl, cid) == 0) {
			sb_puts(o, "<a href=\"#contra-");
			html_esc(o, xid);
			sb_puts(o, "\"><span class=\"badge flag-contra\">contradiction ");
			html_esc(o, xid);
			sb_puts(o, "</span></a>");
		}
	}
	sb_puts(o, "</td></tr>\n");
}

/* The claims table: claims several sources make first, then report order, at most
 * PAGE_CLAIM_ROWS_MAX rows. */
static void put_claims_table(html_ctx *h, const json_t *claims, const json_t *contras)
{
	sbuf *o = &h->out;
	size_t nclaims = json_array_size(claims);
	claim_key *ord = xcalloc(nclaims, sizeof *ord);
	for (size_t i = 0; i < nclaims; i++)
		ord[i] = (claim_key){rpt_num(json_array_get(claims, i), "sources", 0), i};
	qsort(ord, nclaims, sizeof *ord, claim_cmp);
	size_t rows = nclaims < PAGE_CLAIM_ROWS_MAX ? nclaims : PAGE_CLAIM_ROWS_MAX;
	if (rows < nclaims)
		sb_printf(o, "<p class=\"note\">The %zu claims made by most sources of %zu; "
			"report.json lists all (<code>overlap claims --report report.json</code>"
			" prints them).</p>\n", rows, nclaims);
	sb_puts(o, "<table id=\"claims-table\"><thead><tr><th>id</th><th>claim</th>"
		"<th>mentions</th><th>sources</th><th>flags</th></tr></thead><tbody>\n");
	for (size_t r = 0; r < rows; r++)
		put_claim_row(h, json_array_get(claims, ord[r].idx), contras);
	sb_puts(o, "</tbody></table>\n");
	free(ord);
}

/* One row of the contradictions table: id, kind, claim, both sides linked, reason. */
static void put_contradiction_row(html_ctx *h, const json_t *x)
{
	sbuf *o = &h->out;
	const char *xid = rpt_str(x, "id", NULL);
	put_row_head(o, "contra-", xid, rpt_str(x, "kind", NULL));
	const char *cl = rpt_str(x, "claim", NULL);
	if (cl) {
		sb_puts(o, "<a href=\"#claim-");
		html_esc(o, cl);
		sb_puts(o, "\">");
		html_esc(o, cl);
		sb_puts(o, "</a>");
	}
	sb_puts(o, "</td>");
	for (int s = 0; s < 2; s++) {
		const json_t *side = json_object_get(x, s ? "b" : "a");
		const char *d = rpt_str(side, "doc", NULL);
		sb_puts(o, "<td>");
		html_link_span(h, rpt_view_doc_index(h->v, d), json_object_get(side, "start"),
			html_doc_name(h, rpt_view_doc_index(h->v, d), d), 40);
		sb_puts(o, ": &ldquo;");
		html_esc(o, rpt_str(side, "text", NULL));
		sb_puts(o, "&rdquo;</td>");
	}
	sb_puts(o, "<td>");
	html_esc(o, rpt_str(x, "reason", NULL));
	sb_puts(o, "</td></tr>\n");
}

void html_put_claims(html_ctx *h)
{
	sbuf *o = &h->out;
	const json_t *claims = json_object_get(h->report, "claims");
	const json_t *contras = json_object_get(h->report, "contradictions");
	bool computed = h->claims_computed;
	sb_puts(o, "<section id=\"claims\">\n<h2>Claims</h2>\n");
	if (!computed)
		sb_puts(o, "<p class=\"note\">Claims were not computed for this report: see "
			"<a href=\"#not-computed\">the note at the top</a>.</p>\n");
	else if (!json_array_size(claims))
		sb_puts(o, "<p class=\"muted\">No claims found.</p>\n");
	else
		put_claims_table(h, claims, contras);
	sb_puts(o, "</section>\n<section id=\"contradictions\">\n<h2>Contradictions</h2>\n");
	size_t ncontra = json_array_size(contras);
	if (!computed) {
		sb_puts(o, "<p class=\"note\">Contradictions were not looked for in this report: "
			"see <a href=\"#not-computed\">the note at the top</a>.</p>\n");
	} else if (!ncontra) {
		sb_puts(o, "<p class=\"muted\">No contradictions found.</p>\n");
	} else {
		if (ncontra > PAGE_CONTRA_ROWS_MAX)
			sb_printf(o, "<p class=\"note\">The first %d of %zu contradictions; report.json "
				"lists all.</p>\n", PAGE_CONTRA_ROWS_MAX, ncontra);
		sb_puts(o, "<table id=\"contradictions-table\"><thead><tr><th>id</th><th>kind</th>"
			"<th>claim</th><th>A</th><th>B</th><th>reason</th></tr></thead><tbody>\n");
		size_t i;
		json_t *x;
		json_array_foreach(contras, i, x) {
			if (i == PAGE_CONTRA_ROWS_MAX)
				break;
			put_contradiction_row(h, x);
		}
		sb_puts(o, "</tbody></table>\n");
	}
	sb_puts(o, "</section>\n");
}

/* ---- articles ------------------------------------------------------------------------ */

enum { EV_ANCHOR, EV_P_START, EV_P_END, EV_X_START, EV_X_END };

typedef struct event {
	size_t pos;
	int type;
} event;

static int event_cmp(const void *x, const void *y)
{
	const event *a = x, *b = y;
	if (a->pos != b->pos)
		return a->pos < b->pos ? -1 : 1;
	return a->type - b->type;
}

typedef struct evlist {
	event *v;
	size_t n, cap;
} evlist;

static void ev_add(evlist *l, const doc_ref *d, const json_t *start, const json_t *end,
	int kind)
{
	if (!json_is_number(start))
		return;
	size_t s = html_snap(d->text, d->text_len, json_number_value(start));
	XGROW(l->v, l->cap, l->n + 3);
	l->v[l->n++] = (event){s, EV_ANCHOR};
	if (kind < 0 || !json_is_number(end))
		return;
	size_t e = html_snap(d->text, d->text_len, json_number_value(end));
	if (e <= s)
		return;
	l->v[l->n++] = (event){s, kind == 0 ? EV_P_START : EV_X_START};
	l->v[l->n++] = (event){e, kind == 0 ? EV_P_END : EV_X_END};
}

/* The event list of the document with this id, when its article is on the page, else
 * NULL. */
static evlist *events_of(html_ctx *h, evlist *ls, const char *id, const doc_ref **d)
{
	long di = rpt_view_doc_index(h->v, id);
	if (di < 0 || (size_t)di >= h->ndocs)
		return NULL;
	*d = html_doc(h, (size_t)di);
	return (*d)->shown && (*d)->id ? &ls[di] : NULL;
}

/* The events of every article on the page, ls[doc index]: passages (shaded), claim
 * mentions (anchor only), contradictions (shaded red), in one walk of the pairs, the claims and the contradictions: a walk per
 * article cost ~4 s of a 1,655-article page (hundreds of articles times 11,000 pairs and
 * 21,000 mentions). */
static void collect_events(html_ctx *h, evlist *ls)
{
	size_t i, k;
	json_t *p, *ps, *c, *m, *x;
	const doc_ref *da = NULL, *db = NULL;
	json_array_foreach(json_object_get(h->report, "pairs"), i, p) {
		evlist *la = events_of(h, ls, rpt_str(p, "a", NULL), &da);
		evlist *lb = events_of(h, ls, rpt_str(p, "b", NULL), &db);
		if (!la && !lb)
			continue;
		json_array_foreach(json_object_get(p, "passages"), k, ps) {
			int kind = json_is_true(json_object_get(ps, "boilerplate")) ? -1 : 0;
			if (la)
				ev_add(la, da, json_object_get(ps, "a_start"), json_object_get(ps, "a_end"), kind);
			if (lb)
				ev_add(lb, db, json_object_get(ps, "b_start"), json_object_get(ps, "b_end"), kind);
		}
	}
	json_array_foreach(json_object_get(h->report, "claims"), i, c) {
		json_array_foreach(json_object_get(c, "mentions"), k, m) {
			evlist *l = events_of(h, ls, rpt_str(m, "doc", NULL), &da);
			if (l)
				ev_add(l, da, json_object_get(m, "start"), NULL, -1);
		}
	}
	json_array_foreach(json_object_get(h->report, "contradictions"), i, x) {
		for (int s = 0; s < 2; s++) {
			const json_t *side = json_object_get(x, s ? "b" : "a");
			evlist *l = events_of(h, ls, rpt_str(side, "doc", NULL), &da);
			if (l)
				ev_add(l, da, json_object_get(side, "start"), json_object_get(side, "end"), 1);
		}
	}
}

static void put_article(html_ctx *h, long di, evlist *events)
{
	sbuf *o = &h->out;
	const doc_ref *d = html_doc(h, (size_t)di);
	sb_printf(o, "<div class=\"article\" id=\"doc-%ld\"><h3>", di);
	html_put_title(h, di, NULL, 0);
	sb_puts(o, "</h3><p class=\"muted\">");
	html_put_doc_meta(h, di);
	sb_puts(o, " &middot; ");
	html_esc(o, d->id);
	const char *path = rpt_str(rpt_view_doc_at(h->v, (size_t)di), "path", NULL);
	if (path) {
		sb_puts(o, " &middot; ");
		html_esc(o, path);
	}
	sb_puts(o, " &middot; <span class=\"pz\">shared passage</span> "
		"<span class=\"cx\">contradiction</span></p><div class=\"text\">");
	evlist l = *events;
	if (l.n > 1) /* l.v is NULL without events: qsort must not see it */
		qsort(l.v, l.n, sizeof *l.v, event_cmp);
	size_t pos = 0, last_anchor = SIZE_MAX;
	int np = 0, nx = 0;
	bool open = false;
	for (size_t i = 0; i <= l.n; i++) {
		size_t at = i < l.n ? l.v[i].pos : d->text_len;
		if (at > pos) {
			int cls = (np > 0) | (nx > 0) << 1;
			if (cls && !open) {
				sb_puts(o, cls == 1 ? "<span class=\"pz\">" : cls == 2 ? "<span class=\"cx\">"
					: "<span class=\"pz cx\">");
				open = true;
			}
			html_escn(o, d->text + pos, at - pos);
			pos = at;
		}
		if (i == l.n)
			break;
		/* any change of shading closes the current span; the next text reopens it */
		switch (l.v[i].type) {
		case EV_ANCHOR:
			if (l.v[i].pos != last_anchor) {
				if (open) {
					sb_puts(o, "</span>");
					open = false;
				}
				sb_printf(o, "<a class=\"anc\" id=\"d%ld-%zu\"></a>", di, l.v[i].pos);
				last_anchor = l.v[i].pos;
			}
			continue;
		case EV_P_START: np++; break;
		case EV_P_END: np--; break;
		case EV_X_START: nx++; break;
		case EV_X_END: nx--; break;
		}
		if (open) {
			sb_puts(o, "</span>");
			open = false;
		}
	}
	if (open)
		sb_puts(o, "</span>");
	free(l.v);
	sb_puts(o, "</div></div>\n");
}

void html_put_articles(html_ctx *h)
{
	sbuf *o = &h->out;
	sb_puts(o, "<section id=\"articles\">\n<h2>Articles</h2>\n");
	size_t k = 0, withtext = 0;
	for (size_t i = 0; rpt_view_ntexts(h->v) && i < h->ndocs; i++) {
		withtext += html_doc(h, (size_t)i)->text != NULL;
		k += html_doc(h, (size_t)i)->shown;
	}
	if (k < withtext)
		sb_printf(o, "<p class=\"note\">The texts of the %zu articles in the pairs shown in "
			"detail; report.json holds all %zu.</p>\n", k, withtext);
	evlist *ls = k ? xcalloc(h->ndocs, sizeof *ls) : NULL;
	if (ls)
		collect_events(h, ls);
	for (size_t i = 0; k && i < h->ndocs; i++)
		if (html_doc(h, (size_t)i)->shown)
			put_article(h, (long)i, &ls[i]); /* frees its list */
	free(ls);
	if (!k)
		sb_puts(o, "<p class=\"muted\">The report holds no document text (passages and "
			"claims were not computed).</p>\n");
	sb_puts(o, "</section>\n");
}

