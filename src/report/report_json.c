/* report_json.c - report.json from a pipeline result (see report_json.h, docs/json.md).
 *
 * Input: pl_result and the config that made it. Output: a jansson tree whose keys follow
 * docs/json.md (claims, contradictions and relations filled by report_claims.c), or the
 * file written straight from the result for the two big arrays (rpt_json_stream: 1M
 * documents or pairs as trees were a third of a run's CPU), in the same bytes.
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

/* The S-curve is reported at these similarities: enough to see where it rises. */
static const double s_curve_points[] = { 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9 };

static json_t *num(double x)
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
	json_object_set_new(lsh, "effective_threshold", num(lsh_threshold_eff(&r->sim->plan)));
	json_t *curve = json_array();
	for (size_t i = 0; i < sizeof s_curve_points / sizeof *s_curve_points; i++) {
		json_t *pt = json_object();
		json_object_set_new(pt, "similarity", num(s_curve_points[i]));
		json_object_set_new(pt, "probability", num(lsh_prob(&r->sim->plan, s_curve_points[i])));
		json_array_append_new(curve, pt);
	}
	json_object_set_new(lsh, "s_curve", curve);

	json_t *p = json_object();
	json_object_set_new(p, "shingle", json_integer(s->shingle_k));
	json_object_set_new(p, "char_ngrams", json_integer(s->char_ngrams));
	json_object_set_new(p, "perm", json_integer(s->nperm));
	json_object_set_new(p, "seed", json_integer((json_int_t)s->seed));
	json_object_set_new(p, "threshold", num(s->threshold));
	json_object_set_new(p, "containment", num(s->containment));
	json_object_set_new(p, "mode", json_string(r->sim->all_pairs ? "all-pairs" : "lsh"));
	json_object_set_new(p, "all_pairs_max", json_integer((json_int_t)s->all_pairs_max));
	json_object_set_new(p, "lsh", lsh);
	json_object_set_new(p, "detail", json_boolean(r->detail));
	json_object_set_new(p, "detail_max", json_integer((json_int_t)c->detail_max));
	json_object_set_new(p, "align_all_max", json_integer((json_int_t)c->align_all_max));
	json_object_set_new(p, "matrix_max", json_integer((json_int_t)c->matrix_max));
	json_object_set_new(p, "boilerplate_df", c->boilerplate_df > 0 ? num(c->boilerplate_df) : json_null());
	json_object_set_new(p, "boilerplate_stories", json_integer(c->boilerplate_stories));
	json_object_set_new(p, "story_cut", num(c->tpc.story_cut));
	json_object_set_new(p, "topical_pair_min", num(c->tpc.pair_min));
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

static bool dated(const pl_result *r, uint32_t i)
{
	return r->dates && r->dates[i].from != PDT_NONE;
}

/* {"value", "from": "jsonl"|"text", "start", "end" (text only)} or null. */
static json_t *date_json(const pl_result *r, size_t i)
{
	if (!dated(r, (uint32_t)i))
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
static json_t *doc_json(const pl_result *r, size_t i)
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
	json_object_set_new(o, "date", date_json(r, i));
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

static json_t *passage_json(const pl_result *r, const pl_pair *p, size_t k, size_t id)
{
	const aln_passage *a = &p->passages[k];
	json_t *o = json_object();
	char pid[32];
	snprintf(pid, sizeof pid, "P%zu", id);
	json_object_set_new(o, "id", json_string(pid));
	json_object_set_new(o, "a_start", json_integer(a->a_start));
	json_object_set_new(o, "a_end", json_integer(a->a_end));
	json_object_set_new(o, "b_start", json_integer(a->b_start));
	json_object_set_new(o, "b_end", json_integer(a->b_end));
	if (r->texts) {
		json_object_set_new(o, "a_text", rpt_json_text(r->texts[p->a].text + a->a_start,
							      a->a_end - a->a_start));
		json_object_set_new(o, "b_text", rpt_json_text(r->texts[p->b].text + a->b_start,
							      a->b_end - a->b_start));
	}
	json_object_set_new(o, "matched_words", json_integer(a->matched));
	json_object_set_new(o, "a_words", json_integer(a->a_words));
	json_object_set_new(o, "b_words", json_integer(a->b_words));
	json_object_set_new(o, "score", num(a->score));
	json_object_set_new(o, "boilerplate", json_boolean(a->boilerplate));
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
	json_object_set_new(o, "jaccard", num(p->jaccard));
	json_object_set_new(o, "jaccard_estimate", num(p->jaccard_est));
	json_object_set_new(o, "containment_ab", num(p->cont_ab));
	json_object_set_new(o, "containment_ba", num(p->cont_ba));
	json_t *cov = json_object();
	json_object_set_new(cov, "a", num(p->cov_a));
	json_object_set_new(cov, "b", num(p->cov_b));
	json_object_set_new(o, "passage_coverage", cov);
	/* who published first: both dated; equal dates (same day at day precision) name none */
	if (dated(r, p->a) && dated(r, p->b)) {
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
		json_object_set_new(o, "topical", num(p->topical));
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
	json_array_set_new(json_array_get(m, i), j, num(v));
	json_array_set_new(json_array_get(m, j), i, num(v));
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

static json_t *stories_json(const pl_result *r)
{
	json_t *arr = json_array();
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
		long first = -1;
		for (size_t k = 0; k < st->ndocs; k++)
			if (dated(r, st->docs[k]) &&
			    (first < 0 || r->dates[st->docs[k]].t < r->dates[first].t))
				first = st->docs[k];
		json_object_set_new(o, "first", first < 0 ? json_null()
						 : str_or_null(r->sim->docs[first].id));
		json_array_append_new(arr, o);
	}
	return arr;
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
	json_t *o = json_object();
	json_object_set_new(o, "label", json_string(rel_label_name(rl->label)));
	json_t *sc = json_object();
	json_object_set_new(sc, "repeat", num(rl->repeat));
	json_object_set_new(sc, "extend", num(rl->extend));
	json_object_set_new(sc, "contradict", num(rl->contradict));
	json_object_set_new(o, "scores", sc);
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
	if (r->topic)
		json_object_set_new(root, "stories", stories_json(r));

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
static json_t *pair_full(const pl_result *r, size_t i, size_t *next_pid)
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
		json_array_append_new(docs, doc_json(r, i));
	json_t *pairs = json_object_get(head, "pairs");
	size_t next_pid = 1;
	for (size_t i = 0; i < r->npairs; i++)
		if (r->pairs[i].listed)
			json_array_append_new(pairs, pair_full(r, i, &next_pid));
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
static size_t dump_flags(bool pretty)
{
	return (pretty ? JSON_INDENT(1) : JSON_COMPACT) | JSON_PRESERVE_ORDER;
}

int rpt_json_write(const json_t *report, const char *path, bool pretty, err_ctx *e)
{
	fio_atomic a;
	TRY(fio_atomic_open(path, &a, e));
	errno = 0;
	if (json_dump_callback(report, dump_cb, a.fp, dump_flags(pretty)) != 0 ||
	    fputc('\n', a.fp) == EOF) {
		int err = errno ? errno : EIO;
		fio_atomic_abort(&a);
		return err_set(e, OVL_EIO, path, "cannot write: %s", strerror(err));
	}
	return fio_atomic_commit(&a, e);
}

/* ---- streamed writing ----------------------------------------------------------------------
 * report.json of a large run is mostly documents[] and pairs[] (1M documents: ~300 MB); as a
 * jansson tree they cost ~1 KB of allocations a document and a third of the run's CPU. Here
 * they are written straight from the pipeline result into a buffer, in exactly the bytes
 * jansson's compact dump gives (a unit test compares the two): strings escaped as jansson
 * does, reals as %.17g with ".0" added to integral values, keys in the order doc_json and
 * rpt_json_pair set them. Pairs with passages or claims, and documents in detail mode, are
 * built as one small tree each and dumped by jansson, then freed. */

#define JW_BUF ((size_t)1 << 20)

/* Reals in the report are k / 10^6 for an integer k (num() rounds to 6 decimals); most are
 * in [0, 1], and a large report repeats them: 1M pairs hold 7M of them. "%.17g" costs
 * ~0.3 us, so each k's text is made once and kept (JW_MEMO_MAX + 1 slots of 24 bytes,
 * zeroed pages taken from the kernel only as they are touched). */
#define JW_MEMO_MAX 1000000
#define JW_MEMO_LEN 24

typedef struct jw {
	FILE *fp;
	char *buf;
	size_t n;
	bool err;
	char (*memo)[JW_MEMO_LEN]; /* memo[k]: length byte, then the text of k / 10^6 */
} jw;

static void jw_flush(jw *w)
{
	if (w->n && fwrite(w->buf, 1, w->n, w->fp) != w->n)
		w->err = true;
	w->n = 0;
}

static void jw_put(jw *w, const char *s, size_t n)
{
	if (w->n + n > JW_BUF) {
		jw_flush(w);
		if (n > JW_BUF) {
			if (fwrite(s, 1, n, w->fp) != n)
				w->err = true;
			return;
		}
	}
	memcpy(w->buf + w->n, s, n);
	w->n += n;
}

static void jw_lit(jw *w, const char *s) { jw_put(w, s, strlen(s)); }

static int jw_dump_cb(const char *buf, size_t size, void *data)
{
	jw_put(data, buf, size);
	return 0;
}

/* A jansson value, compact, as it appears inside the compact dump of its parent. */
static void jw_value(jw *w, const json_t *v)
{
	if (json_dump_callback(v, jw_dump_cb, w, dump_flags(false) | JSON_ENCODE_ANY) != 0)
		w->err = true;
}

/* Length of the UTF-8 sequence at s[0..n) when jansson accepts it (RFC 3629: no overlong
 * forms, no surrogates, at most U+10FFFF), else 0. */
static size_t jw_utf8_len(const uint8_t *s, size_t n)
{
	uint8_t c = s[0];
	size_t len;
	uint32_t v;
	if (c < 0x80)
		return 1;
	if (c < 0xC2)
		return 0;
	if (c < 0xE0) {
		len = 2;
		v = c & 0x1F;
	} else if (c < 0xF0) {
		len = 3;
		v = c & 0x0F;
	} else if (c < 0xF5) {
		len = 4;
		v = c & 0x07;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		v = (v << 6) | (s[i] & 0x3F);
	}
	if ((len == 3 && v < 0x800) || (len == 4 && v < 0x10000) || v > 0x10FFFF ||
	    (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	return len;
}

/* A JSON string for s[0..n) as rpt_json_text + jansson's dump make it: bytes utf8_decode
 * calls invalid become '?', one for one; a result jansson would refuse is written "". */
static void jw_text(jw *w, const uint8_t *s, size_t n)
{
	/* the common case, plain ASCII without quotes, backslashes or control bytes */
	size_t i = 0;
	while (i < n && s[i] >= 0x20 && s[i] < 0x80 && s[i] != '"' && s[i] != '\\')
		i++;
	if (i == n) {
		jw_put(w, "\"", 1);
		jw_put(w, (const char *)s, n);
		jw_put(w, "\"", 1);
		return;
	}
	uint8_t *t = xmalloc(n + 1);
	i = 0;
	while (i < n) {
		int32_t cp;
		bool bad;
		size_t len = utf8_decode(s + i, n - i, &cp, &bad);
		if (bad)
			memset(t + i, '?', len);
		else
			memcpy(t + i, s + i, len);
		i += len;
	}
	for (i = 0; i < n;) {
		size_t len = jw_utf8_len(t + i, n - i);
		if (len == 0) {
			free(t);
			jw_put(w, "\"\"", 2);
			return;
		}
		i += len;
	}
	jw_put(w, "\"", 1);
	size_t run = 0;
	for (i = 0; i < n; i++) {
		uint8_t c = t[i];
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		jw_put(w, (const char *)t + run, i - run);
		run = i + 1;
		char esc[8];
		switch (c) {
		case '\\': jw_put(w, "\\\\", 2); break;
		case '"': jw_put(w, "\\\"", 2); break;
		case '\b': jw_put(w, "\\b", 2); break;
		case '\f': jw_put(w, "\\f", 2); break;
		case '\n': jw_put(w, "\\n", 2); break;
		case '\r': jw_put(w, "\\r", 2); break;
		case '\t': jw_put(w, "\\t", 2); break;
		default:
			snprintf(esc, sizeof esc, "\\u%04X", c);
			jw_put(w, esc, 6);
		}
	}
	jw_put(w, (const char *)t + run, n - run);
	jw_put(w, "\"", 1);
	free(t);
}

static void jw_str(jw *w, const char *s)
{
	if (s)
		jw_text(w, (const uint8_t *)s, strlen(s));
	else
		jw_put(w, "null", 4);
}

static void jw_int(jw *w, long long v)
{
	char b[32];
	int k = snprintf(b, sizeof b, "%lld", v);
	jw_put(w, b, (size_t)k);
}

/* x as jansson dumps a real, into b (48 bytes): "%.17g", ".0" when that has neither '.'
 * nor 'e', and the exponent without '+' or leading zeros. @return its length (0: error). */
static size_t real_text(double x, char *b)
{
	int k = snprintf(b, 48, "%.17g", x);
	if (k < 0 || k >= 48 - 3)
		return 0;
	size_t len = (size_t)k;
	if (!strchr(b, '.') && !strchr(b, 'e')) {
		b[len++] = '.';
		b[len++] = '0';
		b[len] = '\0';
	}
	char *start = strchr(b, 'e');
	if (start) {
		start++;
		char *end = start + 1;
		if (*start == '-')
			start++;
		while (*end == '0')
			end++;
		if (end != start) {
			memmove(start, end, len - (size_t)(end - b) + 1);
			len -= (size_t)(end - start);
		}
	}
	return len;
}

static void jw_real(jw *w, double x)
{
	char b[48];
	if (x >= 0.0 && x <= 1.0 && !signbit(x)) { /* -0.0 prints "-0.0": not memoised */
		double kd = round(x * 1e6);
		long k = (long)kd;
		if (kd / 1e6 == x && k >= 0 && k <= JW_MEMO_MAX) {
			if (!w->memo)
				w->memo = xcalloc(JW_MEMO_MAX + 1, sizeof *w->memo);
			char *m = w->memo[k];
			if (m[0] == 0) {
				size_t len = real_text(x, b);
				if (len == 0 || len >= JW_MEMO_LEN - 1) {
					w->err = len == 0;
					jw_put(w, b, len);
					return;
				}
				m[0] = (char)len;
				memcpy(m + 1, b, len);
			}
			jw_put(w, m + 1, (size_t)m[0]);
			return;
		}
	}
	size_t len = real_text(x, b);
	if (len == 0)
		w->err = true;
	jw_put(w, b, len);
}

/* ,"key":num(x) - or nothing when x is not finite (json_real refuses it, so the tree has
 * no such key). first: no comma before. */
static void jw_num_field(jw *w, const char *key, double x, bool first)
{
	double v = round(x * 1e6) / 1e6;
	if (!isfinite(v))
		return;
	if (!first)
		jw_put(w, ",", 1);
	jw_put(w, "\"", 1);
	jw_lit(w, key);
	jw_put(w, "\":", 2);
	jw_real(w, v);
}

/* Document i, exactly as doc_json dumps (similarity-only runs; others go through it). */
static void jw_doc(jw *w, const pl_result *r, size_t i)
{
	const sim_doc *d = &r->sim->docs[i];
	jw_lit(w, "{\"id\":");
	jw_str(w, d->id);
	jw_lit(w, ",\"path\":");
	jw_str(w, d->path);
	jw_lit(w, ",\"line\":");
	jw_int(w, (long long)d->line);
	jw_lit(w, ",\"title\":");
	jw_str(w, d->title ? d->title : d->id);
	jw_lit(w, ",\"bytes\":");
	jw_int(w, (long long)d->nbytes);
	jw_lit(w, ",\"words\":");
	jw_int(w, d->nwords);
	jw_lit(w, ",\"shingles\":");
	jw_int(w, d->nshingles);
	jw_lit(w, ",\"invalid_utf8\":");
	jw_int(w, d->nbad);
	jw_lit(w, ",\"metadata\":");
	/* meta_json is jansson's own compact dump (corpus.c), which loading and dumping again
	 * reproduces byte for byte: copied as it is */
	if (d->meta_json && d->meta_json[0] == '{')
		jw_lit(w, d->meta_json);
	else
		jw_lit(w, "{}");
	jw_lit(w, ",\"date\":");
	if (dated(r, (uint32_t)i)) {
		json_t *dj = date_json(r, i);
		jw_value(w, dj);
		json_decref(dj);
	} else {
		jw_lit(w, "null");
	}
	if (r->topic) {
		char sid[40];
		int k = snprintf(sid, sizeof sid, ",\"story\":\"S%u\"", r->topic->story[i] + 1);
		jw_put(w, sid, (size_t)k);
	}
	jw_put(w, "}", 1);
}

/* Pair i without passages or claims, exactly as rpt_json_pair dumps. */
static void jw_pair(jw *w, const pl_result *r, size_t i)
{
	const pl_pair *p = &r->pairs[i];
	jw_lit(w, "{\"a\":");
	jw_str(w, r->sim->docs[p->a].id);
	jw_lit(w, ",\"b\":");
	jw_str(w, r->sim->docs[p->b].id);
	jw_num_field(w, "jaccard", p->jaccard, false);
	jw_num_field(w, "jaccard_estimate", p->jaccard_est, false);
	jw_num_field(w, "containment_ab", p->cont_ab, false);
	jw_num_field(w, "containment_ba", p->cont_ba, false);
	jw_lit(w, ",\"passage_coverage\":{");
	bool have_a = isfinite(round(p->cov_a * 1e6) / 1e6);
	jw_num_field(w, "a", p->cov_a, true);
	jw_num_field(w, "b", p->cov_b, !have_a);
	jw_put(w, "}", 1);
	if (dated(r, p->a) && dated(r, p->b)) {
		/* the rule of rpt_json_pair */
		int64_t ta = r->dates[p->a].t, tb = r->dates[p->b].t;
		bool day = r->dates[p->a].precision == PDT_DAY || r->dates[p->b].precision == PDT_DAY;
		if (day) {
			ta = (ta >= 0 ? ta : ta - 86399) / 86400 * 86400;
			tb = (tb >= 0 ? tb : tb - 86399) / 86400 * 86400;
		}
		int64_t lag = ta < tb ? tb - ta : ta - tb;
		jw_lit(w, ",\"first\":");
		if (lag == 0)
			jw_lit(w, "null");
		else
			jw_str(w, r->sim->docs[ta < tb ? p->a : p->b].id);
		jw_lit(w, ",\"lag_seconds\":");
		jw_int(w, (long long)lag);
	} else {
		jw_lit(w, ",\"first\":null,\"lag_seconds\":null");
	}
	if (r->topic) {
		jw_num_field(w, "topical", p->topical, false);
		jw_lit(w, p->same_story ? ",\"same_story\":true" : ",\"same_story\":false");
	}
	jw_lit(w, ",\"passages\":[]}");
}

int rpt_json_stream(const json_t *head, const pl_result *r, const char *path, err_ctx *e)
{
	fio_atomic a;
	TRY(fio_atomic_open(path, &a, e));
	jw w = { .fp = a.fp, .buf = xmalloc(JW_BUF) };
	errno = 0;
	jw_put(&w, "{", 1);
	bool first = true;
	for (void *it = json_object_iter((json_t *)head); it && !w.err;
	     it = json_object_iter_next((json_t *)head, it)) {
		const char *key = json_object_iter_key(it);
		if (!first)
			jw_put(&w, ",", 1);
		first = false;
		jw_str(&w, key);
		jw_put(&w, ":", 1);
		if (strcmp(key, "documents") == 0) {
			jw_put(&w, "[", 1);
			for (size_t i = 0; i < r->sim->ndocs && !w.err; i++) {
				if (i)
					jw_put(&w, ",", 1);
				if (r->detail || r->claims) {
					json_t *d = doc_json(r, i);
					jw_value(&w, d);
					json_decref(d);
				} else {
					jw_doc(&w, r, i);
				}
			}
			jw_put(&w, "]", 1);
		} else if (strcmp(key, "pairs") == 0) {
			jw_put(&w, "[", 1);
			size_t next_pid = 1;
			bool any = false;
			for (size_t i = 0; i < r->npairs && !w.err; i++) {
				if (!r->pairs[i].listed)
					continue;
				if (any)
					jw_put(&w, ",", 1);
				any = true;
				if (r->pairs[i].npassages || r->claims) {
					json_t *pj = pair_full(r, i, &next_pid);
					jw_value(&w, pj);
					json_decref(pj);
				} else {
					jw_pair(&w, r, i);
				}
			}
			jw_put(&w, "]", 1);
		} else {
			jw_value(&w, json_object_iter_value(it));
		}
	}
	jw_put(&w, "}\n", 2);
	jw_flush(&w);
	free(w.buf);
	free(w.memo);
	if (w.err || ferror(a.fp)) {
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
