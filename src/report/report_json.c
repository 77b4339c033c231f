/* report_json.c - report.json from a pipeline result (see report_json.h, docs/json.md).
 *
 * Input: pl_result and the config that made it. Output: a jansson tree whose keys follow
 * docs/json.md (claims, contradictions and relations filled by report_claims.c), or the
 * file written straight from the result for the two big arrays (rpt_json_stream, in
 * report_json_stream.c: 1M documents or pairs as trees were a third of a run's CPU), in
 * the same bytes.
 * It does not render charts or HTML (report_gnuplot.c, report_html.c read the tree).
 * Similarities are rounded to 6 decimals so reports diff cleanly between runs.
 */
#include "overlap/report_json.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "overlap/fileio.h"
#include "overlap/lsh.h"
#include "overlap/mem.h"
#include "overlap/report_claims.h"
#include "overlap/utf8.h"
#include "report_json_int.h"

/* The S-curve is reported at these similarities: enough to see where it rises. */
static const double s_curve_points[] = { 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9 };

json_t *rpt_jnum(double x)
{
	return json_real(round(x * 1e6) / 1e6);
}

json_t *rpt_json_text(const uint8_t *s, size_t nbytes)
{
	char *buf = xmalloc(nbytes + 1);
	size_t i = 0;
	while (i < nbytes) {
		int32_t cp;
		bool bad;
		size_t len = utf8_decode(s + i, nbytes - i, &cp, &bad);
		if (bad) {
			memset(buf + i, '?', len);
		} else {
			memcpy(buf + i, s + i, len);
		}
		i += len;
	}
	json_t *j = json_stringn(buf, nbytes);
	free(buf);
	return j ? j : json_string("");
}

static json_t *str_or_null(const char *s)
{
	return s ? rpt_json_text((const uint8_t *)s, strlen(s)) : json_null();
}

/* ---- parameters ---------------------------------------------------------------------- */

static json_t *params_json(const pl_result *r, const pl_config *c)
{
	const sim_opts *s = &c->sim;
	json_t *lsh = json_object();
	json_object_set_new(lsh, "bands", json_integer(r->sim->plan.bands));
	json_object_set_new(lsh, "rows", json_integer(r->sim->plan.rows));
	json_object_set_new(lsh, "effective_threshold", rpt_jnum(lsh_threshold_eff(&r->sim->plan)));
	json_t *curve = json_array();
	for (size_t i = 0; i < sizeof s_curve_points / sizeof *s_curve_points; i++) {
		json_t *pt = json_object();
		json_object_set_new(pt, "similarity", rpt_jnum(s_curve_points[i]));
		json_object_set_new(pt, "probability", rpt_jnum(lsh_prob(&r->sim->plan, s_curve_points[i])));
		json_array_append_new(curve, pt);
	}
	json_object_set_new(lsh, "s_curve", curve);

	json_t *p = json_object();
	json_object_set_new(p, "shingle", json_integer(s->shingle_k));
	json_object_set_new(p, "char_ngrams", json_integer(s->char_ngrams));
	json_object_set_new(p, "perm", json_integer(s->nperm));
	json_object_set_new(p, "seed", json_integer((json_int_t)s->seed));
	json_object_set_new(p, "threshold", rpt_jnum(s->threshold));
	json_object_set_new(p, "containment", rpt_jnum(s->containment));
	json_object_set_new(p, "mode", json_string(r->sim->all_pairs ? "all-pairs" : "lsh"));
	json_object_set_new(p, "all_pairs_max", json_integer((json_int_t)s->all_pairs_max));
	json_object_set_new(p, "lsh", lsh);
	json_object_set_new(p, "detail", json_boolean(r->detail));
	json_object_set_new(p, "detail_max", json_integer((json_int_t)c->detail_max));
	json_object_set_new(p, "align_all_max", json_integer((json_int_t)c->align_all_max));
	json_object_set_new(p, "matrix_max", json_integer((json_int_t)c->matrix_max));
	json_object_set_new(p, "boilerplate_df", c->boilerplate_df > 0 ? rpt_jnum(c->boilerplate_df) : json_null());
	json_object_set_new(p, "boilerplate_stories", json_integer(c->boilerplate_stories));
	json_object_set_new(p, "story_cut", rpt_jnum(c->tpc.story_cut));
	json_object_set_new(p, "topical_pair_min", rpt_jnum(c->tpc.pair_min));
	json_object_set_new(p, "topical_mode", !r->topic ? json_null()
				: json_string(r->topic->exact ? "all-pairs" : "candidates"));
	json_object_set_new(p, "topical_scored", r->topic ? json_integer((json_int_t)r->topic->ncandidates)
							  : json_null());
	json_object_set_new(p, "topical_pairs", r->topic ? json_integer((json_int_t)r->topic->npairs)
							 : json_null());
	json_object_set_new(p, "stem", json_boolean(c->stem));
	json_object_set_new(p, "seed_words", json_integer(c->aln.seed_n));
	json_object_set_new(p, "pairs_file", str_or_null(c->pairs_file));
	return p;
}

/* ---- dates -------------------------------------------------------------------------------- */

bool rpt_jdated(const pl_result *r, uint32_t i)
{
	return r->dates && r->dates[i].from != PDT_NONE;
}

/* {"value", "from": "jsonl"|"text", "start", "end" (text only)} or null. */
json_t *rpt_jdate(const pl_result *r, size_t i)
{
	if (!rpt_jdated(r, (uint32_t)i))
		return json_null();
	const pdt_date *d = &r->dates[i];
	char buf[40];
	pdt_format(d, buf, sizeof buf);
	json_t *o = json_object();
	json_object_set_new(o, "value", json_string(buf));
	json_object_set_new(o, "from", json_string(d->from == PDT_JSONL ? "jsonl" : "text"));
	if (d->from == PDT_TEXT) {
		json_object_set_new(o, "start", json_integer(d->start));
		json_object_set_new(o, "end", json_integer(d->end));
	}
	return o;
}

/* ---- documents --------------------------------------------------------------------------- */

/* Document i as in documents[] (with its claims in detail mode with claims). */
json_t *rpt_jdoc(const pl_result *r, size_t i)
{
	const sim_doc *d = &r->sim->docs[i];
	json_t *o = json_object();
	json_object_set_new(o, "id", str_or_null(d->id));
	json_object_set_new(o, "path", str_or_null(d->path));
	json_object_set_new(o, "line", json_integer((json_int_t)d->line));
	json_object_set_new(o, "title", d->title ? str_or_null(d->title) : str_or_null(d->id));
	json_object_set_new(o, "bytes", json_integer((json_int_t)d->nbytes));
	json_object_set_new(o, "words", json_integer(d->nwords));
	json_object_set_new(o, "shingles", json_integer(d->nshingles));
	json_object_set_new(o, "invalid_utf8", json_integer(d->nbad));
	json_t *meta = NULL;
	if (d->meta_json)
		meta = json_loads(d->meta_json, 0, NULL);
	json_object_set_new(o, "metadata", meta ? meta : json_object());
	if (r->detail) {
		json_object_set_new(o, "text", rpt_json_text(r->texts[i].text, r->texts[i].nbytes));
		char src[32];
		snprintf(src, sizeof src, "S%u", r->source_group[i] + 1);
		json_object_set_new(o, "source", json_string(src));
	}
	json_object_set_new(o, "date", rpt_jdate(r, i));
	if (r->topic) {
		char sid[32];
		snprintf(sid, sizeof sid, "S%u", r->topic->story[i] + 1);
		json_object_set_new(o, "story", json_string(sid));
	}
	if (r->claims)
		rpt_doc_claims_add(o, r->claims, (uint32_t)i);
	return o;
}

/* ---- pairs ----------------------------------------------------------------------------- */

static json_t *marks_json(const uint32_t *spans, size_t n)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *m = json_array();
		json_array_append_new(m, json_integer(spans[2 * i]));
		json_array_append_new(m, json_integer(spans[2 * i + 1]));
		json_array_append_new(arr, m);
	}
	return arr;
}

json_t *rpt_json_passage(const aln_passage *a, size_t id, const uint8_t *a_doc,
			 size_t a_nbytes, const uint8_t *b_doc, size_t b_nbytes)
{
	json_t *o = json_object();
	char pid[32];
	snprintf(pid, sizeof pid, "P%zu", id);
	json_object_set_new(o, "id", json_string(pid));
	json_object_set_new(o, "a_start", json_integer(a->a_start));
	json_object_set_new(o, "a_end", json_integer(a->a_end));
	json_object_set_new(o, "b_start", json_integer(a->b_start));
	json_object_set_new(o, "b_end", json_integer(a->b_end));
	if (a_doc && a->a_start <= a->a_end && a->a_end <= a_nbytes)
		json_object_set_new(o, "a_text", rpt_json_text(a_doc + a->a_start,
							      a->a_end - a->a_start));
	if (b_doc && a->b_start <= a->b_end && a->b_end <= b_nbytes)
		json_object_set_new(o, "b_text", rpt_json_text(b_doc + a->b_start,
							      a->b_end - a->b_start));
	json_object_set_new(o, "matched_words", json_integer(a->matched));
	json_object_set_new(o, "a_words", json_integer(a->a_words));
	json_object_set_new(o, "b_words", json_integer(a->b_words));
	json_object_set_new(o, "score", rpt_jnum(a->score));
	json_object_set_new(o, "boilerplate", json_boolean(a->boilerplate));
	return o;
}

void rpt_json_put_figures(json_t *o, double jaccard, double jaccard_est, double cont_ab,
			  double cont_ba, double cov_a, double cov_b)
{
	json_object_set_new(o, "jaccard", rpt_jnum(jaccard));
	json_object_set_new(o, "jaccard_estimate", rpt_jnum(jaccard_est));
	json_object_set_new(o, "containment_ab", rpt_jnum(cont_ab));
	json_object_set_new(o, "containment_ba", rpt_jnum(cont_ba));
	json_t *cov = json_object();
	json_object_set_new(cov, "a", rpt_jnum(cov_a));
	json_object_set_new(cov, "b", rpt_jnum(cov_b));
	json_object_set_new(o, "passage_coverage", cov);
}

json_t *rpt_json_relation(const rel_relation *rl)
{
	json_t *o = json_object();
	json_object_set_new(o, "label", json_string(rel_label_name(rl->label)));
	json_t *sc = json_object();
	json_object_set_new(sc, "repeat", rpt_jnum(rl->repeat));
	json_object_set_new(sc, "extend", rpt_jnum(rl->extend));
	json_object_set_new(sc, "contradict", rpt_jnum(rl->contradict));
	json_object_set_new(o, "scores", sc);
	return o;
}

/* Passage k of pair p as in pairs[].passages[], numbered id, with its marks. */
static json_t *passage_json(const pl_result *r, const pl_pair *p, size_t k, size_t id)
{
	const pl_text *ta = r->texts ? &r->texts[p->a] : NULL;
	const pl_text *tb = r->texts ? &r->texts[p->b] : NULL;
	json_t *o = rpt_json_passage(&p->passages[k], id, ta ? ta->text : NULL, ta ? ta->nbytes : 0,
				     tb ? tb->text : NULL, tb ? tb->nbytes : 0);
	if (p->marks) {
		json_object_set_new(o, "a_marks", marks_json(p->marks[k].a, p->marks[k].na));
		json_object_set_new(o, "b_marks", marks_json(p->marks[k].b, p->marks[k].nb));
	}
	return o;
}

json_t *rpt_json_pair(const pl_result *r, size_t pair_index, size_t *next_passage_id)
{
	const pl_pair *p = &r->pairs[pair_index];
	json_t *o = json_object();
	json_object_set_new(o, "a", str_or_null(r->sim->docs[p->a].id));
	json_object_set_new(o, "b", str_or_null(r->sim->docs[p->b].id));
	rpt_json_put_figures(o, p->jaccard, p->jaccard_est, p->cont_ab, p->cont_ba, p->cov_a,
			     p->cov_b);
	/* who published first: both dated; equal dates (same day at day precision) name none */
	if (rpt_jdated(r, p->a) && rpt_jdated(r, p->b)) {
		int64_t ta = r->dates[p->a].t, tb = r->dates[p->b].t;
		bool day = r->dates[p->a].precision == PDT_DAY || r->dates[p->b].precision == PDT_DAY;
		if (day) { /* compare calendar days (UTC) */
			ta = (ta >= 0 ? ta : ta - 86399) / 86400 * 86400;
			tb = (tb >= 0 ? tb : tb - 86399) / 86400 * 86400;
		}
		int64_t lag = ta < tb ? tb - ta : ta - tb;
		json_object_set_new(o, "first", lag == 0 ? json_null()
			: str_or_null(r->sim->docs[ta < tb ? p->a : p->b].id));
		json_object_set_new(o, "lag_seconds", json_integer((json_int_t)lag));
	} else {
		json_object_set_new(o, "first", json_null());
		json_object_set_new(o, "lag_seconds", json_null());
	}
	if (r->topic) {
		json_object_set_new(o, "topical", rpt_jnum(p->topical));
		json_object_set_new(o, "same_story", json_boolean(p->same_story));
	}
	json_t *ps = json_array();
	for (size_t k = 0; k < p->npassages; k++)
		json_array_append_new(ps, passage_json(r, p, k, (*next_passage_id)++));
	json_object_set_new(o, "passages", ps);
	return o;
}

/* ---- matrix -------------------------------------------------------------------------------- */

static json_t *square(size_t n)
{
	json_t *m = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *row = json_array();
		for (size_t j = 0; j < n; j++)
			json_array_append_new(row, json_real(i == j ? 1.0 : 0.0));
		json_array_append_new(m, row);
	}
	return m;
}

static void square_set(json_t *m, size_t i, size_t j, double v)
{
	json_array_set_new(json_array_get(m, i), j, rpt_jnum(v));
	json_array_set_new(json_array_get(m, j), i, rpt_jnum(v));
}

/* The measure that tells most: the one whose strongest off-diagonal values (the top n, one
 * per document) are highest on average. On independently written articles word 5-gram
 * Jaccard is near zero while passages and claims are not; on syndicated copies Jaccard
 * speaks loudest. */
static const char *most_telling(json_t *measures, size_t n)
{
	const char *best = "jaccard";
	double best_score = -1;
	const char *key;
	json_t *m;
	double *vals = xmalloc((n * n + 1) * sizeof *vals);
	json_object_foreach(measures, key, m) {
		size_t nv = 0;
		for (size_t i = 0; i < n; i++)
			for (size_t j = i + 1; j < n; j++)
				vals[nv++] = json_number_value(json_array_get(json_array_get(m, i), j));
		/* partial selection of the top n values */
		double sum = 0;
		size_t take = n < nv ? n : nv;
		for (size_t t = 0; t < take; t++) {
			size_t bi = t;
			for (size_t u = t + 1; u < nv; u++)
				if (vals[u] > vals[bi])
					bi = u;
			double tmp = vals[t];
			vals[t] = vals[bi];
			vals[bi] = tmp;
			sum += vals[t];
		}
		double score = take ? sum / (double)take : 0;
		if (score > best_score + 1e-12) {
			best_score = score;
			best = key;
		}
	}
	free(vals);
	return best;
}

static json_t *matrix_json(const pl_result *r, json_t *shared_claims)
{
	size_t n = r->sim->ndocs;
	json_t *ids = json_array(), *titles = json_array();
	for (size_t i = 0; i < n; i++) {
		json_array_append_new(ids, str_or_null(r->sim->docs[i].id));
		const char *t = r->sim->docs[i].title ? r->sim->docs[i].title : r->sim->docs[i].id;
		json_array_append_new(titles, str_or_null(t));
	}
	json_t *jac = square(n), *cont = square(n);
	json_t *measures = json_object();
	json_object_set_new(measures, "jaccard", jac);
	json_object_set_new(measures, "containment", cont);
	json_t *cov = NULL, *top = NULL;
	if (r->detail) {
		cov = square(n);
		json_object_set_new(measures, "passage_coverage", cov);
	}
	if (r->topic) {
		top = square(n);
		json_object_set_new(measures, "topical", top);
		for (size_t i = 0; i < r->topic->npairs; i++)
			square_set(top, r->topic->pairs[i].a, r->topic->pairs[i].b, r->topic->pairs[i].sim);
	}
	for (size_t i = 0; i < r->npairs; i++) {
		const pl_pair *p = &r->pairs[i];
		square_set(jac, p->a, p->b, p->jaccard);
		square_set(cont, p->a, p->b, p->cont_ab > p->cont_ba ? p->cont_ab : p->cont_ba);
		if (cov)
			square_set(cov, p->a, p->b, p->cov_a > p->cov_b ? p->cov_a : p->cov_b);
	}
	if (shared_claims)
		json_object_set(measures, "shared_claims", shared_claims);
	const char *best = most_telling(measures, n);
	json_t *m = json_object();
	json_object_set_new(m, "ids", ids);
	json_object_set_new(m, "titles", titles);
	json_object_set_new(m, "measure", json_string(best));
	json_object_set(m, "values", json_object_get(measures, best));
	json_object_set_new(m, "measures", measures);
	return m;
}

/* ---- stories ------------------------------------------------------------------------------ */

long rpt_story_first(const pl_result *r, size_t s)
{
	const tpc_story *st = &r->topic->stories[s];
	long first = -1;
	for (size_t k = 0; k < st->ndocs; k++)
		if (rpt_jdated(r, st->docs[k]) &&
		    (first < 0 || r->dates[st->docs[k]].t < r->dates[first].t))
			first = st->docs[k];
	return first;
}

/* Every story into arr (stories[], empty). */
static void stories_fill(json_t *arr, const pl_result *r)
{
	for (size_t s = 0; s < r->topic->nstories; s++) {
		const tpc_story *st = &r->topic->stories[s];
		json_t *o = json_object();
		char sid[32];
		snprintf(sid, sizeof sid, "S%zu", s + 1);
		json_object_set_new(o, "id", json_string(sid));
		json_t *docs = json_array();
		for (size_t k = 0; k < st->ndocs; k++)
			json_array_append_new(docs, str_or_null(r->sim->docs[st->docs[k]].id));
		json_object_set_new(o, "documents", docs);
		json_object_set_new(o, "label", rpt_json_text((const uint8_t *)(st->label ? st->label : ""),
							st->label ? strlen(st->label) : 0));
		long first = rpt_story_first(r, s);
		json_object_set_new(o, "first", first < 0 ? json_null()
						 : str_or_null(r->sim->docs[first].id));
		json_array_append_new(arr, o);
	}
}

/* ---- claims, contradictions, relations ------------------------------------------------- */

/* Claim ids follow report_claims.c: "C" + 1-based index. */
static json_t *ids_json(const char *prefix, const uint32_t *v, size_t n, size_t base)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++) {
		char id[32];
		snprintf(id, sizeof id, "%s%zu", prefix, (size_t)v[i] + base);
		json_array_append_new(arr, json_string(id));
	}
	return arr;
}

static void claims_pair(const pl_result *r, size_t pair_index, size_t first_pid, json_t *pj)
{
	const pl_pair *p = &r->pairs[pair_index];
	json_object_set_new(pj, "shared_claims", rpt_pair_shared_claims_json(r->claims, p->a, p->b));
	if (!p->have_rel)
		return;
	const rel_relation *rl = &p->rel;
	json_t *o = rpt_json_relation(rl);
	json_object_set_new(o, "extender", rl->extender >= 0
				   ? str_or_null(r->sim->docs[rl->extender].id) : json_null());
	json_t *ev = json_object();
	json_object_set_new(ev, "passages", ids_json("P", rl->passages, rl->npassages, first_pid));
	json_object_set_new(ev, "shared_claims", ids_json("C", rl->shared, rl->nshared, 1));
	json_object_set_new(ev, "new_claims_a", ids_json("C", rl->new_a, rl->nnew_a, 1));
	json_object_set_new(ev, "new_claims_b", ids_json("C", rl->new_b, rl->nnew_b, 1));
	json_object_set_new(ev, "contradictions",
			    ids_json("X", rl->contradictions, rl->ncontradictions, 1));
	json_object_set_new(o, "evidence", ev);
	json_object_set_new(pj, "relation", o);
}

static json_t *mention_ref(const pl_result *r, uint32_t m)
{
	const clm_mention *cm = clm_mention_at(r->claims, m);
	json_t *o = json_object();
	json_object_set_new(o, "doc", str_or_null(r->sim->docs[cm->doc].id));
	json_object_set_new(o, "start", json_integer(cm->start));
	json_object_set_new(o, "end", json_integer(cm->end));
	json_object_set_new(o, "text", rpt_json_text(r->texts[cm->doc].text + cm->start,
						      cm->end - cm->start));
	return o;
}

/* A value span [s, e) in mention m's document: {"start", "end", "text"}, or null when
 * the span is empty or out of range. */
static json_t *value_ref(const pl_result *r, uint32_t m, uint32_t s, uint32_t e)
{
	const clm_mention *cm = clm_mention_at(r->claims, m);
	if (s >= e || e > r->texts[cm->doc].nbytes)
		return json_null();
	json_t *o = json_object();
	json_object_set_new(o, "start", json_integer(s));
	json_object_set_new(o, "end", json_integer(e));
	json_object_set_new(o, "text", rpt_json_text(r->texts[cm->doc].text + s, e - s));
	return o;
}

static json_t *contradictions_json(const pl_result *r)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < r->ncontra; i++) {
		const rel_contradiction *c = &r->contra[i];
		json_t *o = json_object();
		char id[32];
		snprintf(id, sizeof id, "X%zu", i + 1);
		json_object_set_new(o, "id", json_string(id));
		json_object_set_new(o, "kind", json_string(rel_kind_name(c->kind)));
		snprintf(id, sizeof id, "C%u", c->claim + 1);
		json_object_set_new(o, "claim", json_string(id));
		json_object_set_new(o, "a", mention_ref(r, c->mention_a));
		json_object_set_new(o, "b", mention_ref(r, c->mention_b));
		json_object_set_new(o, "reason", rpt_json_text((const uint8_t *)c->reason,
								strnlen(c->reason, sizeof c->reason)));
		/* the evidence: what both sides are about and the two values set against
		 * each other, as spans of each document */
		json_object_set_new(o, "about", rpt_json_text((const uint8_t *)c->about,
							       strnlen(c->about, sizeof c->about)));
		json_object_set_new(o, "values",
				    json_pack("{s:o,s:o}",
					      "a", value_ref(r, c->mention_a, c->va_start, c->va_end),
					      "b", value_ref(r, c->mention_b, c->vb_start, c->vb_end)));
		json_array_append_new(arr, o);
	}
	return arr;
}

/* shared claims / claims of the document with fewer claims */
static json_t *shared_claims_matrix(const pl_result *r)
{
	size_t n = r->sim->ndocs;
	json_t *m = square(n);
	for (uint32_t a = 0; a < n; a++) {
		const uint32_t *ids;
		size_t ca = clm_doc_claims(r->claims, a, &ids);
		for (uint32_t b = a + 1; b < n; b++) {
			size_t cb = clm_doc_claims(r->claims, b, &ids);
			uint32_t *sh = NULL;
			size_t ns = clm_pair_shared(r->claims, a, b, &sh);
			free(sh);
			size_t lo = ca < cb ? ca : cb;
			square_set(m, a, b, lo ? (double)ns / (double)lo : 0.0);
		}
	}
	return m;
}

/* ---- what was not computed -------------------------------------------------------------- */

json_t *rpt_json_info_item(const char *key, const char *option, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	json_t *o = json_object();
	json_object_set_new(o, "key", json_string(key));
	json_object_set_new(o, "message", json_string(msg));
	json_object_set_new(o, "option", option ? json_string(option) : json_null());
	return o;
}

/* Everything a limit or an option left out, said so a reader does not take an absence of
 * results for a result, with the option that raises the limit. */
static json_t *info_json(const pl_result *r, const pl_config *c)
{
	json_t *info = json_array();
	size_t n = r->sim->ndocs;
	if (!r->detail && n > c->detail_max)
		json_array_append_new(info, rpt_json_info_item("detail_skipped", "--detail-max",
			"passages, claims, contradictions and relations were not computed: %zu "
			"documents is more than --detail-max %zu", n, c->detail_max));
	else if (!r->detail)
		json_array_append_new(info, rpt_json_info_item("detail_skipped", NULL,
			"passages, claims, contradictions and relations were not computed: the texts "
			"are larger than detail mode holds in memory"));
	if (r->detail && !r->claims)
		json_array_append_new(info, rpt_json_info_item("claims_skipped", NULL,
			"claims, contradictions and relations were not computed (--no-claims)"));
	if (r->detail && n > c->align_all_max && !c->pairs_file)
		json_array_append_new(info, rpt_json_info_item("align_similar_only", "--align-all-max",
			"passages were looked for in similar pairs only: %zu documents is more than "
			"--align-all-max %zu", n, c->align_all_max));
	if (n > c->matrix_max)
		json_array_append_new(info, rpt_json_info_item("matrix_skipped", "--matrix-max",
			"no similarity matrix: %zu documents is more than --matrix-max %zu", n,
			c->matrix_max));
	if (r->detail && r->texts) {
		size_t big = 0;
		for (size_t i = 0; i < n; i++)
			big += r->texts[i].nbytes == 0 && r->sim->docs[i].nbytes > 0;
		if (big)
			json_array_append_new(info, rpt_json_info_item("documents_too_big", NULL,
				"%zu document%s over 8 MiB %s no passages or claims (still compared as a "
				"whole)", big, big == 1 ? "" : "s", big == 1 ? "has" : "have"));
	}
	return info;
}

/* ---- whole report --------------------------------------------------------------------------- */

json_t *rpt_json_build_head(const pl_result *r, const pl_config *cfg, const char *version)
{
	json_t *root = json_object();
	json_object_set_new(root, "tool", json_string("overlap"));
	json_object_set_new(root, "version", json_string(version));
	json_object_set_new(root, "parameters", params_json(r, cfg));
	json_object_set_new(root, "documents", json_array());
	/* what pairs[] will hold: the listed pairs, P-numbered passages in order */
	size_t nlisted = 0, npassages = 0;
	for (size_t i = 0; i < r->npairs; i++) {
		if (!r->pairs[i].listed)
			continue;
		nlisted++;
		npassages += r->pairs[i].npassages;
	}
	json_object_set_new(root, "pairs", json_array());
	if (r->topic) /* filled by rpt_json_fill_stories (streamed by rpt_json_stream) */
		json_object_set_new(root, "stories", json_array());

	json_t *shared = NULL;
	if (r->claims)
		shared = shared_claims_matrix(r);
	if (r->sim->ndocs <= cfg->matrix_max)
		json_object_set_new(root, "matrix", matrix_json(r, shared));
	else
		json_object_set_new(root, "matrix", json_null());
	json_decref(shared);

	json_t *claims = json_array(), *contra = json_array();
	if (r->claims) {
		json_decref(claims);
		json_decref(contra);
		claims = rpt_claims_json(r->claims, r->clm_docs, r->sim->ndocs);
		contra = contradictions_json(r);
	}
	json_object_set_new(root, "claims", claims);
	json_object_set_new(root, "contradictions", contra);

	json_t *sum = json_object();
	json_object_set_new(sum, "documents", json_integer((json_int_t)r->sim->ndocs));
	json_object_set_new(sum, "pairs", json_integer((json_int_t)nlisted));
	json_object_set_new(sum, "passages", json_integer((json_int_t)npassages));
	size_t nshared = 0, nsingle = 0;
	for (size_t i = 0; i < json_array_size(claims); i++) {
		if (json_is_true(json_object_get(json_array_get(claims, i), "single_source")))
			nsingle++;
		else
			nshared++;
	}
	json_object_set_new(sum, "claims", json_integer((json_int_t)json_array_size(claims)));
	json_object_set_new(sum, "shared_claims", json_integer((json_int_t)nshared));
	json_object_set_new(sum, "single_source_claims", json_integer((json_int_t)nsingle));
	json_object_set_new(sum, "contradictions", json_integer((json_int_t)json_array_size(contra)));
	json_object_set_new(root, "summary", sum);
	json_object_set_new(root, "info", info_json(r, cfg));
	return root;
}

/* Listed pair i as in pairs[], with its claims and relation; *next_pid as rpt_json_pair. */
json_t *rpt_jpair_full(const pl_result *r, size_t i, size_t *next_pid)
{
	size_t before = *next_pid;
	json_t *pj = rpt_json_pair(r, i, next_pid);
	if (r->claims)
		claims_pair(r, i, before, pj);
	return pj;
}

void rpt_json_fill(json_t *head, const pl_result *r)
{
	json_t *docs = json_object_get(head, "documents");
	for (size_t i = 0; i < r->sim->ndocs; i++)
		json_array_append_new(docs, rpt_jdoc(r, i));
	rpt_json_fill_pairs(head, r);
	rpt_json_fill_stories(head, r);
}

void rpt_json_fill_stories(json_t *head, const pl_result *r)
{
	json_t *st = json_object_get(head, "stories");
	if (r->topic && json_is_array(st) && json_array_size(st) == 0)
		stories_fill(st, r);
}

void rpt_json_fill_pairs(json_t *head, const pl_result *r)
{
	json_t *pairs = json_object_get(head, "pairs");
	size_t next_pid = 1;
	for (size_t i = 0; i < r->npairs; i++)
		if (r->pairs[i].listed)
			json_array_append_new(pairs, rpt_jpair_full(r, i, &next_pid));
}

static json_t *source_doc(void *ctx, size_t i)
{
	return rpt_jdoc(ctx, i);
}

/* The id as documents[i] holds it: the stored bytes when they are valid UTF-8 (else
 * rpt_json_text changes them, and the view reads the built document). */
static const char *source_id(void *ctx, size_t i)
{
	const char *id = ((const pl_result *)ctx)->sim->docs[i].id;
	return id && utf8_count_invalid((const uint8_t *)id, strlen(id)) == 0 ? id : NULL;
}

rpt_doc_source rpt_json_doc_source(const pl_result *r)
{
	return (rpt_doc_source){.ndocs = r->sim->ndocs, .ntexts = r->detail ? r->sim->ndocs : 0,
		.doc = source_doc, .id = source_id, .ctx = (void *)r};
}

json_t *rpt_json_build(const pl_result *r, const pl_config *cfg, const char *version)
{
	json_t *root = rpt_json_build_head(r, cfg, version);
	rpt_json_fill(root, r);
	return root;
}

/* ---- files ------------------------------------------------------------------------------- */

static int dump_cb(const char *buf, size_t size, void *data)
{
	return fwrite(buf, 1, size, (FILE *)data) == size ? 0 : -1;
}

/* jansson's dump flags for report.json: compact (one line) unless pretty. */
size_t rpt_jdump_flags(bool pretty)
{
	return (pretty ? JSON_INDENT(1) : JSON_COMPACT) | JSON_PRESERVE_ORDER;
}

int rpt_json_write(const json_t *report, const char *path, bool pretty, err_ctx *e)
{
	fio_atomic a;
	TRY(fio_atomic_open(path, &a, e));
	errno = 0;
	if (json_dump_callback(report, dump_cb, a.fp, rpt_jdump_flags(pretty)) != 0 ||
	    fputc('\n', a.fp) == EOF) {
		int err = errno ? errno : EIO;
		fio_atomic_abort(&a);
		return err_set(e, OVL_EIO, path, "cannot write: %s", strerror(err));
	}
	return fio_atomic_commit(&a, e);
}

int rpt_json_load(const char *path, json_t **out, err_ctx *e)
{
	json_error_t je;
	*out = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
	if (!*out)
		return err_set(e, OVL_EINPUT, path, "line %d: %s", je.line, je.text);
	if (!json_is_object(*out) || !json_is_array(json_object_get(*out, "documents"))) {
		json_decref(*out);
		*out = NULL;
		return err_set(e, OVL_EINPUT, path, "not an overlap report (no documents array)");
	}
	return 0;
}
