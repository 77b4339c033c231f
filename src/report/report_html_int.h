/* report_html_int.h - what the two files of the HTML page share (report_html.c: the page's
 * frame, head, summary, stories, matrix and documents; report_html_evidence.c: the pairs
 * with passages side by side, claims and contradictions, the articles). Private to them:
 * nothing outside the page includes it. Every helper escapes what it writes.
 */
#ifndef OVERLAP_REPORT_HTML_INT_H
#define OVERLAP_REPORT_HTML_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "overlap/report_view.h"
#include "overlap/strbuf.h"

/* ---- tuning shared by both files ---- */

/* Code points of a title kept for matrix labels and pair headings. */
#define SHORT_TITLE_CHARS 28
/* Any size opens: a 904-article page of 4,039 full pair cards was 14.7 MB and took ~50 s to
 * load in Chromium. The strongest pairs get a full card (scores and passages side by side),
 * a longer list gets a table row, the rest are counted and left to report.json. A card
 * is ~3 kB, a row ~0.8 kB: these caps keep the pair part of the page near 1.3 MB. Measured
 * on 1,000 dev-news articles (bench/README.md): 2,000 pair rows and 1,500 claim rows made a
 * 4.6 MB page that took ~10 s to load; sections also skip rendering while off screen
 * (content-visibility), which alone cut the load to ~3 s. */
#define PAGE_PAIR_CARDS_MAX 150
#define PAGE_PAIR_ROWS_MAX 1000
/* Claims table rows (claims several sources make first), contradictions listed. */
#define PAGE_CLAIM_ROWS_MAX 500
#define PAGE_CONTRA_ROWS_MAX 500
/* ---- types ---- */

typedef struct doc_ref {
	const char *id, *title, *text;
	size_t text_len;
	const char *outlet, *date, *url; /* documents[].metadata source, date, url (JSONL) */
	bool shown;                      /* its article text is on the page (anchors exist) */
	bool filled;                     /* read from the view (html_doc) */
} doc_ref;

typedef struct html_ctx {
	const json_t *report;
	doc_ref *docs;     /* filled when first asked for (html_doc): a page of a million
			    * documents reads a few hundred of them */
	size_t ndocs;
	sbuf notes;    /* <li> items of what the page leaves out (put_notes) */
	const rpt_view *v; /* the report's view: documents by id, ranking, matrix */
	int64_t written;   /* the page's date, seconds since 1970 UTC; < 0: now */
	const size_t *order; /* report.pairs indices, ranked (rpt_view_ranked; the view's) */
	bool claims_computed; /* parameters.detail and claims on (else sections say so) */
	size_t npairs;
	sbuf out;
} html_ctx;

/* ---- helpers (report_html.c) ---- */

/* Document i (0 <= i < ndocs) as the page reads it. */
doc_ref *html_doc(const html_ctx *h, size_t i);

/* s[0..n) / the NUL-terminated s (NULL: nothing), HTML-escaped. */
void html_escn(sbuf *b, const char *s, size_t n);
void html_esc(sbuf *b, const char *s);
/* ` id="PREFIXid"` when id is given (escaped). */
void html_anchor_attr(sbuf *b, const char *prefix, const char *id);
/* Escaped s, cut after max_cp code points with an ellipsis. */
void html_esc_short(sbuf *b, const char *s, size_t max_cp);
/* Byte offset v as a position in a text of n bytes: clamped, moved to a character start. */
size_t html_snap(const char *s, size_t n, double v);
/* Document i's title, else its id, else fallback ("?" when NULL); i < 0: fallback. */
const char *html_doc_name(const html_ctx *h, long i, const char *fallback);
/* Document i's title isolated in <bdi>, its id on hover, cut after max_cp (0: whole). */
void html_put_title(html_ctx *h, long i, const char *fallback, size_t max_cp);
/* label, linked to the anchor at start in document i's article when it is on the page. */
void html_link_span(html_ctx *h, long i, const json_t *start, const char *label, size_t max_cp);
/* A table cell with obj[key] printed by fmt, or a dash when it is not a number. */
void html_put_num_cell(sbuf *o, const json_t *obj, const char *key, const char *fmt);
/* Whether document i has an outlet, date or link to show. */
bool html_has_meta(const html_ctx *h, long i);
/* Document i's outlet, date and link. */
void html_put_doc_meta(html_ctx *h, long i);

/* ---- sections (report_html_evidence.c) ---- */

void html_put_pairs(html_ctx *h);
void html_put_claims(html_ctx *h);
void html_put_articles(html_ctx *h);

#endif
