/* report_claims.c - the claim parts of report.json (see report_claims.h, docs/json.md).
 *
 * Turns a clm_set into jansson values: the `claims` array with each claim's key (from its
 * first mention), mentions with byte spans and original text, documents and support; the
 * per-document claim counts, single-source ids and source group; per-pair shared ids.
 * Text from documents goes through rpt_json_text, the one encoder (invalid bytes as '?',
 * byte for byte, so spans stay offsets into the text). It does not compute anything about
 * claims (claim*.c) nor write files.
 */
#include "overlap/report_claims.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "overlap/fact.h"
#include "overlap/mem.h"
#include "overlap/report_json.h"

/* ---- helpers ---- */

static json_t *id_json(char prefix, size_t idx)
{
	char b[32];
	snprintf(b, sizeof b, "%c%zu", prefix, idx + 1);
	return json_string(b);
}

static json_t *ids_json(const uint32_t *ids, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, id_json('C', ids[i]));
	return a;
}

static json_t *doc_id_json(const clm_doc *docs, size_t ndocs, uint32_t d)
{
	if (d < ndocs && docs[d].id) {
		json_t *j = json_string(docs[d].id); /* NULL when the id is not UTF-8 */
		return j ? j : rpt_json_text((const uint8_t *)docs[d].id, strlen(docs[d].id));
	}
	char b[32];
	snprintf(b, sizeof b, "doc%u", d + 1);
	return json_string(b);
}

static json_t *span_text(const clm_doc *docs, size_t ndocs, uint32_t d, uint32_t s, uint32_t e)
{
	if (d >= ndocs || !docs[d].text || e > docs[d].nbytes || s > e)
		return json_string("");
	return rpt_json_text(docs[d].text + s, e - s);
}

static json_t *date_json(const clm_date *d)
{
	char b[32];
	if (d->year && d->month && d->day)
		snprintf(b, sizeof b, "%04d-%02d-%02d", d->year, d->month, d->day);
	else if (d->year && d->month)
		snprintf(b, sizeof b, "%04d-%02d", d->year, d->month);
	else if (d->year)
		snprintf(b, sizeof b, "%04d", d->year);
	else if (d->month && d->day)
		snprintf(b, sizeof b, "--%02d-%02d", d->month, d->day); /* ISO 8601 without year */
	else
		snprintf(b, sizeof b, "--%02d", d->month);
	return json_string(b);
}

static json_t *key_json(const clm_mention *m, const clm_doc *docs, size_t ndocs)
{
	json_t *k = json_object();
	json_t *st = json_array();
	for (size_t i = 0; i < m->nstems; i++)
		json_array_append_new(st, rpt_json_text((const uint8_t *)m->stems[i], strlen(m->stems[i])));
	json_object_set_new(k, "stems", st);
	json_t *en = json_array();
	for (size_t i = 0; i < m->nentities; i++)
		json_array_append_new(en, rpt_json_text((const uint8_t *)m->entities[i].norm,
						    strlen(m->entities[i].norm)));
	json_object_set_new(k, "entities", en);
	json_t *qs = json_array();
	for (size_t i = 0; i < m->nquantities; i++) {
		const clm_quantity *q = &m->quantities[i];
		json_t *o = json_object();
		json_object_set_new(o, "value", json_real(isfinite(q->value) ? q->value : 0));
		json_object_set_new(o, "unit", json_string(q->unit_name ? q->unit_name : "number"));
		json_object_set_new(o, "noun", q->noun ? json_string(q->noun) : json_null());
		json_object_set_new(o, "text", span_text(docs, ndocs, m->doc, q->start, q->end));
		json_array_append_new(qs, o);
	}
	json_object_set_new(k, "quantities", qs);
	json_t *ds = json_array();
	for (size_t i = 0; i < m->ndates; i++)
		json_array_append_new(ds, date_json(&m->dates[i]));
	json_object_set_new(k, "dates", ds);
	json_object_set_new(k, "polarity",
			    json_string(m->polarity == CLM_NEGATED ? "negated" : "affirmed"));
	json_object_set_new(k, "speaker", m->speaker ? rpt_json_text((const uint8_t *)m->speaker,
								  strlen(m->speaker))
						    : json_null());
	return k;
}

/* ---- API ---- */

/* How much a fact-checker can check in a claim, 0..6: a figure (2), a date (2), named
 * actors (1, 2 with two or more) and an attribution (1) give a reader something to look
 * up; single-source claims are listed by it, most checkable first. */
static int checkability(const clm_mention *m)
{
	int c = 0;
	if (m->nquantities)
		c += 2;
	if (m->ndates)
		c += 2;
	if (m->nentities)
		c += m->nentities >= 2 ? 2 : 1;
	if (m->speaker)
		c += 1;
	return c > 6 ? 6 : c;
}

/* {start, end, text} of [a, b) in document d, or null for an empty span. */
static json_t *span_json(const clm_doc *docs, size_t ndocs, uint32_t d, uint32_t a, uint32_t b)
{
	if (b <= a)
		return json_null();
	json_t *o = json_object();
	json_object_set_new(o, "start", json_integer(a));
	json_object_set_new(o, "end", json_integer(b));
	json_object_set_new(o, "text", span_text(docs, ndocs, d, a, b));
	return o;
}

/* The first mention read as subject, predicate (lemma) and object (fact.h), or null. */
static json_t *statement_json(fct_ctx *fc, fct_stmt *st, const clm_mention *m,
			      const clm_doc *docs, size_t ndocs)
{
	fct_svo v;
	if (m->doc >= ndocs || !docs[m->doc].text ||
	    fct_stmt_parse(fc, docs[m->doc].text, docs[m->doc].nbytes, m->start, m->end, st) != 0 ||
	    !fct_svo_read(fc, st, &v))
		return json_null();
	json_t *o = json_object();
	json_object_set_new(o, "subject", span_json(docs, ndocs, m->doc, v.subj_start, v.subj_end));
	json_object_set_new(o, "predicate", rpt_json_text((const uint8_t *)v.predicate,
							   strlen(v.predicate)));
	json_object_set_new(o, "predicate_span",
			    span_json(docs, ndocs, m->doc, v.pred_start, v.pred_end));
	json_object_set_new(o, "object", span_json(docs, ndocs, m->doc, v.obj_start, v.obj_end));
	json_object_set_new(o, "negated", json_boolean(v.negated));
	return o;
}

json_t *rpt_claims_json(const clm_set *s, const clm_doc *docs, size_t ndocs)
{
	json_t *arr = json_array();
	size_t nc = clm_count(s);
	fct_ctx *fc = nc ? fct_new() : NULL;
	fct_stmt st;
	memset(&st, 0, sizeof st);
	for (size_t c = 0; c < nc; c++) {
		const clm_claim *cl = clm_claim_at(s, c);
		if (!cl->nmentions)
			continue;
		const clm_mention *first = clm_mention_at(s, cl->mentions[0]);
		json_t *o = json_object();
		json_object_set_new(o, "id", id_json('C', c));
		json_object_set_new(o, "text", span_text(docs, ndocs, first->doc, first->start, first->end));
		json_object_set_new(o, "key", key_json(first, docs, ndocs));
		json_object_set_new(o, "statement", statement_json(fc, &st, first, docs, ndocs));
		json_t *ms = json_array();
		for (size_t k = 0; k < cl->nmentions; k++) {
			const clm_mention *m = clm_mention_at(s, cl->mentions[k]);
			json_t *mo = json_object();
			json_object_set_new(mo, "doc", doc_id_json(docs, ndocs, m->doc));
			json_object_set_new(mo, "start", json_integer(m->start));
			json_object_set_new(mo, "end", json_integer(m->end));
			json_object_set_new(mo, "text", span_text(docs, ndocs, m->doc, m->start, m->end));
			json_array_append_new(ms, mo);
		}
		json_object_set_new(o, "mentions", ms);
		json_t *ds = json_array();
		for (size_t k = 0; k < cl->ndocs; k++)
			json_array_append_new(ds, doc_id_json(docs, ndocs, cl->docs[k]));
		json_object_set_new(o, "documents", ds);
		json_object_set_new(o, "sources", json_integer(cl->sources));
		json_object_set_new(o, "single_source", json_boolean(cl->single_source));
		json_object_set_new(o, "checkable", json_integer(checkability(first)));
		json_array_append_new(arr, o);
	}
	fct_stmt_free(&st);
	fct_free(fc);
	return arr;
}

int rpt_doc_claims_add(json_t *obj, const clm_set *s, uint32_t doc)
{
	if (!json_is_object(obj))
		return OVL_EUSAGE;
	const uint32_t *ids;
	size_t n = clm_doc_claims(s, doc, &ids);
	json_object_set_new(obj, "claims", json_integer((json_int_t)n));
	n = clm_doc_single_source(s, doc, &ids);
	json_object_set_new(obj, "single_source_claims", ids_json(ids, n));
	uint32_t src = s ? clm_doc_source(s, doc) : doc + 1;
	json_object_set_new(obj, "source", id_json('S', src ? src - 1 : doc));
	return 0;
}

json_t *rpt_pair_shared_claims_json(const clm_set *s, uint32_t a, uint32_t b)
{
	uint32_t *ids = NULL;
	size_t n = s ? clm_pair_shared(s, a, b, &ids) : 0;
	json_t *arr = ids_json(ids, n);
	free(ids);
	return arr;
}

int rpt_pair_shares_claim(const clm_set *s, uint32_t a, uint32_t b)
{
	uint32_t *ids = NULL;
	size_t n = s ? clm_pair_shared(s, a, b, &ids) : 0;
	free(ids);
	return n > 0;
}

void rpt_claims_summary(const clm_set *s, size_t *claims, size_t *shared, size_t *single)
{
	size_t nc = clm_count(s), nsh = 0, nsi = 0;
	for (size_t c = 0; c < nc; c++) {
		const clm_claim *cl = clm_claim_at(s, c);
		if (cl->single_source)
			nsi++;
		else if (cl->sources >= 2)
			nsh++;
	}
	if (claims)
		*claims = nc;
	if (shared)
		*shared = nsh;
	if (single)
		*single = nsi;
}
