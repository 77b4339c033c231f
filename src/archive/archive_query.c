/* archive_query.c - one document against the archive (arc_query): candidates from the band
 * and sample postings of every generation (or a scan of every stored set in a small
 * archive), each verified exactly, then the passages and claims shared with the best ones.
 * Reads only; it does not print.
 */
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "overlap/candidates.h"
#include "overlap/claim.h"
#include "overlap/mem.h"
#include "overlap/minhash.h"
#include "overlap/shingle.h"
#include "overlap/stem.h"
#include "overlap/tokenize.h"

#include "archive_int.h"

/* ---- tuning ---------------------------------------------------------------------------- */

/* Near-copies count as one source for claims (pipeline.c's PL_COPY_CONTAINMENT and
 * PL_COPY_COVERAGE, same reasons): containment of word 5-grams this high does not happen
 * between independent write-ups. */
#define ARC_COPY_CONTAINMENT 0.8
#define ARC_COPY_COVERAGE 0.7

/* ---- query ---------------------------------------------------------------------------------- */

arc_query_opts arc_query_opts_default(void)
{
	return (arc_query_opts){ .passages = true, .claims = true, .stem = true,
				 .aln = aln_opts_default() };
}

typedef struct cand_count {
	int64_t num;
	uint32_t shared;
} cand_count;

static int cc_cmp(const void *x, const void *y)
{
	const cand_count *a = x, *b = y;
	return (a->num > b->num) - (a->num < b->num);
}

static int i64_cmp(const void *x, const void *y)
{
	int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
	return (a > b) - (a < b);
}

/* Candidate documents of a query in LSH mode: band collisions (buckets over lsh_max_bucket
 * skipped, as lsh_pairs does) plus the containment rule over sample postings (keys in more
 * than cand_max_posting documents skipped, as cand_containment does). */
static int lsh_candidates(arc *a, const uint32_t *bkeys, bool empty, const uint32_t *skeys,
			  size_t nskeys, int64_t **out, size_t *nout, err_ctx *e)
{
	int64_t *v = NULL;
	size_t n = 0, cap = 0;
	int rc = 0;
	unsigned ngen;
	TRY(arc_gen_count(a, &ngen, e));
	if (ngen > a->nst_gen) {
		a->st_band = xrealloc(a->st_band, ngen * sizeof *a->st_band);
		a->st_sample = xrealloc(a->st_sample, ngen * sizeof *a->st_sample);
		for (unsigned g = a->nst_gen; g < ngen; g++)
			a->st_band[g] = a->st_sample[g] = NULL;
		for (unsigned g = a->nst_gen; g < ngen; g++) {
			TRY(arc_prep_gen(a, "SELECT num FROM band_%u WHERE key = ? LIMIT ?", g,
				     &a->st_band[g], e));
			TRY(arc_prep_gen(a, "SELECT num FROM sample_%u WHERE key = ? LIMIT ?", g,
				     &a->st_sample[g], e));
			a->nst_gen = g + 1;
		}
	}
	TRY(arc_prep_once(a, "SELECT nsample FROM doc WHERE num = ?", &a->st_nsample, e));
	size_t maxb = lsh_max_bucket();
	for (unsigned j = 0; !empty && j < a->set.bands && rc == 0; j++) {
		size_t start = n;
		/* the bucket is the union over generations; the cap applies to the union */
		for (unsigned g = 0; g < ngen && rc == 0 && n - start < maxb; g++) {
			sqlite3_stmt *st = a->st_band[g];
			sqlite3_bind_int64(st, 1, arc_band_row_key(j, bkeys[j]));
			sqlite3_bind_int64(st, 2, (int64_t)(maxb - (n - start)));
			int src;
			while ((src = sqlite3_step(st)) == SQLITE_ROW) {
				XGROW(v, cap, n + 1);
				v[n++] = sqlite3_column_int64(st, 0);
			}
			sqlite3_reset(st);
			if (src != SQLITE_DONE)
				rc = arc_db_err(a, e, src, "read the archive");
		}
		if (n - start >= maxb) /* with the query: maxb + 1 in the bucket, over the cap */
			n = start;
	}
	cand_count *cc = NULL;
	size_t ncc = 0, cccap = 0, maxp = cand_max_posting();
	for (size_t j = 0; j < nskeys && rc == 0 && a->set.containment <= 1.0; j++) {
		size_t start = ncc;
		for (unsigned g = 0; g < ngen && rc == 0 && ncc - start < maxp; g++) {
			sqlite3_stmt *st = a->st_sample[g];
			sqlite3_bind_int64(st, 1, skeys[j]);
			sqlite3_bind_int64(st, 2, (int64_t)(maxp - (ncc - start)));
			int src;
			while ((src = sqlite3_step(st)) == SQLITE_ROW) {
				XGROW(cc, cccap, ncc + 1);
				cc[ncc++] = (cand_count){ sqlite3_column_int64(st, 0), 1 };
			}
			sqlite3_reset(st);
			if (src != SQLITE_DONE)
				rc = arc_db_err(a, e, src, "read the archive");
		}
		if (ncc - start >= maxp)
			ncc = start;
	}
	if (ncc > 1)
		qsort(cc, ncc, sizeof *cc, cc_cmp);
	for (size_t i = 0; i < ncc && rc == 0;) {
		size_t j = i + 1;
		while (j < ncc && cc[j].num == cc[i].num)
			j++;
		size_t shared = j - i;
		if (shared >= 2) { /* below CAND_MIN_SHARED no rule passes: spare the lookup */
			sqlite3_stmt *st = a->st_nsample;
			sqlite3_bind_int64(st, 1, cc[i].num);
			int src = sqlite3_step(st);
			int64_t ns = src == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
			sqlite3_reset(st);
			if (src != SQLITE_ROW && src != SQLITE_DONE)
				rc = arc_db_err(a, e, src, "read the archive");
			else if (cand_containment_pass(shared, nskeys, ns < 0 ? 0 : (size_t)ns,
						       a->set.containment)) {
				XGROW(v, cap, n + 1);
				v[n++] = cc[i].num;
			}
		}
		i = j;
	}
	free(cc);
	if (n > 1) {
		qsort(v, n, sizeof *v, i64_cmp);
		size_t w = 0;
		for (size_t i = 0; i < n; i++)
			if (!w || v[w - 1] != v[i])
				v[w++] = v[i];
		n = w;
	}
	*out = v;
	*nout = n;
	return rc;
}

/* Digits of an ISO-like date (YYYY-MM-DD[THH:MM[:SS]]), up to 14, into d. @return count. */
static size_t date_digits(const char *s, char *d)
{
	size_t n = 0;
	if (!s)
		return 0;
	for (const char *p = s; *p && n < 14; p++) {
		if (*p >= '0' && *p <= '9')
			d[n++] = *p;
		else if (*p != '-' && *p != ':' && *p != 'T' && *p != ' ')
			break;
	}
	return n >= 4 ? n : 0;
}

/* -1 unknown or the same as far as both say, 0 a is earlier, 1 b is earlier. */
static int first_of(const char *da, const char *db)
{
	char x[14], y[14];
	size_t nx = date_digits(da, x), ny = date_digits(db, y);
	size_t n = nx < ny ? nx : ny;
	if (!n)
		return -1;
	int c = memcmp(x, y, n);
	return c < 0 ? 0 : c > 0 ? 1 : -1;
}

static double strength(const arc_match *m)
{
	return fmax(m->jaccard, fmax(m->cont_ab, m->cont_ba));
}

static int match_cmp(const void *x, const void *y)
{
	const arc_match *a = x, *b = y;
	double sa = strength(a), sb = strength(b);
	if (sa != sb)
		return sa > sb ? -1 : 1;
	return strcmp(a->id ? a->id : "", b->id ? b->id : "");
}

/* Keys for alignment of one text: tokens plus stems or word hashes. */
static void text_keys(arc *a, const arc_query_opts *o, const uint8_t *t, size_t nb, tok_list *toks,
		      uint64_t **keys)
{
	if (tok_run(t, nb, toks) < 0)
		toks->n = 0;
	*keys = xcalloc(toks->n ? toks->n : 1, sizeof **keys);
	if (o->stem) {
		if (!a->stem)
			a->stem = stem_new();
		stem_keys(a->stem, toks, *keys);
	} else {
		for (size_t i = 0; i < toks->n; i++)
			(*keys)[i] = toks->v[i].hash;
	}
}

/* Metadata, text, passages and relation of a verified match. */
static int fill_match(arc *a, const arc_query_opts *o, const crp_doc *q, const tok_list *qt,
		      const uint64_t *qk, uint32_t words_a, int64_t num, arc_match *m, err_ctx *e)
{
	TRY(arc_prep_once(a, "SELECT id, title, source, date, url, path, text, nbytes, nwords FROM doc "
		    "WHERE num = ?", &a->st_full, e));
	sqlite3_stmt *st = a->st_full;
	sqlite3_bind_int64(st, 1, num);
	int src = sqlite3_step(st);
	if (src != SQLITE_ROW) {
		sqlite3_reset(st);
		return src == SQLITE_DONE ? err_set(e, OVL_EINPUT, a->path, "archive is damaged: a "
						    "document vanished during the query")
					  : arc_db_err(a, e, src, "read the archive");
	}
	m->id = arc_col_text(st, 0);
	m->title = arc_col_text(st, 1);
	m->source = arc_col_text(st, 2);
	m->date = arc_col_text(st, 3);
	m->url = arc_col_text(st, 4);
	m->path = arc_col_text(st, 5);
	const void *tb = sqlite3_column_blob(st, 6);
	size_t ntb = (size_t)sqlite3_column_bytes(st, 6);
	int64_t nbytes = sqlite3_column_int64(st, 7);
	int64_t nw = sqlite3_column_int64(st, 8);
	m->words_b = nw < 0 ? 0 : nw > UINT32_MAX ? UINT32_MAX : (uint32_t)nw;
	if (tb) {
		m->text = arc_inflate_text(tb, ntb, nbytes < 0 ? 0 : (uint64_t)nbytes);
		if (!m->text) {
			sqlite3_reset(st);
			return err_set(e, OVL_EINPUT, a->path,
				       "archive is damaged: the text of '%s' does not inflate",
				       m->id ? m->id : "?");
		}
		m->nbytes = (size_t)nbytes;
	}
	sqlite3_reset(st);
	m->first = first_of(q->date, m->date);
	tok_list bt = { 0 };
	uint64_t *bk = NULL;
	if (o->passages && m->text) {
		text_keys(a, o, m->text, m->nbytes, &bt, &bk);
		aln_doc ad = { q->text, q->nbytes, qt, qk, NULL, NULL };
		aln_doc bd = { m->text, m->nbytes, &bt, bk, NULL, NULL };
		if (aln_pair(&o->aln, &ad, &bd, &m->passages, &m->npassages) < 0) {
			m->passages = NULL;
			m->npassages = 0;
		}
		m->cov_a = aln_coverage(m->passages, m->npassages, true, qt->n);
		m->cov_b = aln_coverage(m->passages, m->npassages, false, bt.n);
	}
	rel_pair_in in = {
		.a = 0, .b = 1, .words_a = words_a, .words_b = m->words_b,
		.jaccard = m->jaccard, .cont_ab = m->cont_ab, .cont_ba = m->cont_ba,
		.cov_a = m->cov_a, .cov_b = m->cov_b, .passages = m->passages,
		.npassages = m->npassages,
	};
	rel_pair(&in, NULL, NULL, 0, &m->rel);
	tok_list_free(&bt);
	free(bk);
	return 0;
}

/* Load every stored document's shingle set and signature (scan mode), once. */
static int scan_load(arc *a, err_ctx *e)
{
	if (a->scan_loaded)
		return 0;
	sqlite3_stmt *st = NULL;
	int src = sqlite3_prepare_v2(a->db, "SELECT num, id, sig, shingles, text, nbytes FROM doc "
				     "ORDER BY num", -1, &st, NULL);
	size_t cap = 0, vcap = 0, ocap = 0, scap = 0;
	unsigned np = a->set.nperm;
	shg_buf buf = { 0 };
	int rc = 0;
	XGROW(a->scan_off, ocap, 1);
	a->scan_off[0] = 0;
	while (st && (src = sqlite3_step(st)) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(st, 1);
		rc = arc_stored_set(a, sqlite3_column_blob(st, 3), (size_t)sqlite3_column_bytes(st, 3),
				sqlite3_column_blob(st, 4), (size_t)sqlite3_column_bytes(st, 4),
				(uint64_t)sqlite3_column_int64(st, 5), &buf, e, id ? id : "?");
		if (rc < 0)
			break;
		size_t i = a->scan_n;
		XGROW(a->scan_num, cap, i + 1);
		a->scan_id = xrealloc(a->scan_id, cap * sizeof *a->scan_id);
		XGROW(a->scan_off, ocap, i + 2);
		XGROW(a->scan_sig, scap, (i + 1) * np);
		a->scan_num[i] = sqlite3_column_int64(st, 0);
		a->scan_id[i] = xstrdup(id ? id : "");
		const void *sb = sqlite3_column_blob(st, 2);
		if (sb && (size_t)sqlite3_column_bytes(st, 2) == 4 * (size_t)np)
			arc_sig_decode(sb, np, a->scan_sig + i * np);
		else
			memset(a->scan_sig + i * np, 0xff, np * sizeof *a->scan_sig);
		uint64_t off = a->scan_off[i];
		XGROW(a->scan_v, vcap, off + buf.n + 1);
		memcpy(a->scan_v + off, buf.v, buf.n * sizeof *buf.v);
		a->scan_off[i + 1] = off + buf.n;
		a->scan_n++;
	}
	if (rc == 0 && src != SQLITE_DONE)
		rc = arc_db_err(a, e, src, "read the archive");
	sqlite3_finalize(st);
	shg_buf_free(&buf);
	a->scan_loaded = rc == 0;
	return rc;
}

/* The span of claim c's first mention in document doc of the set, into *s / *e. */
static bool mention_in(const clm_set *set, uint32_t c, uint32_t doc, uint32_t *s, uint32_t *e)
{
	const clm_claim *cl = clm_claim_at(set, c);
	for (size_t i = 0; i < cl->nmentions; i++) {
		const clm_mention *m = clm_mention_at(set, cl->mentions[i]);
		if (m->doc == doc) {
			*s = m->start;
			*e = m->end;
			return true;
		}
	}
	*s = *e = 0;
	return false;
}

static arc_claim_span *claim_spans(const clm_set *set, const uint32_t *ids, size_t n,
				   uint32_t doc_b)
{
	arc_claim_span *v = xcalloc(n ? n : 1, sizeof *v);
	for (size_t i = 0; i < n; i++) {
		mention_in(set, ids[i], 0, &v[i].a_start, &v[i].a_end);
		mention_in(set, ids[i], doc_b, &v[i].b_start, &v[i].b_end);
	}
	return v;
}

/* Claims of the query (document 0) and its matches (1..n) as analyze finds them: one claim
 * set over these documents, near-copies of the query counted as its own source (the
 * pipeline's copy rule), contradictions, then each relation judged with its claims. */
static int match_claims(const arc_query_opts *o, const crp_doc *q, const tok_list *qt,
			arc_answer *ans, err_ctx *e)
{
	size_t nd = ans->n + 1;
	clm_doc *cd = xcalloc(nd, sizeof *cd);
	tok_list *tl = xcalloc(nd, sizeof *tl);
	uint32_t *group = xcalloc(nd, sizeof *group);
	cd[0] = (clm_doc){ .id = q->id, .text = q->text, .nbytes = q->nbytes, .toks = qt };
	for (size_t k = 0; k < ans->n; k++) {
		arc_match *m = &ans->m[k];
		if (m->text && tok_run(m->text, m->nbytes, &tl[k + 1]) < 0)
			tl[k + 1].n = 0;
		cd[k + 1] = (clm_doc){ .id = m->id,
				       .text = m->text ? m->text : (const uint8_t *)"",
				       .nbytes = m->text ? m->nbytes : 0, .toks = &tl[k + 1] };
		double cont = fmax(m->cont_ab, m->cont_ba), cov = fmax(m->cov_a, m->cov_b);
		group[k + 1] = cont >= ARC_COPY_CONTAINMENT || cov >= ARC_COPY_COVERAGE ? 0
										   : (uint32_t)(k + 1);
	}
	clm_opts co = { .stem = o->stem };
	clm_set *set = NULL;
	rel_contradiction *contra = NULL;
	size_t ncontra = 0;
	int rc = clm_build(&co, cd, nd, group, &set, e);
	if (rc == 0)
		rc = rel_contradictions_ex(set, cd, nd, true, &contra, &ncontra);
	for (size_t k = 0; rc == 0 && k < ans->n; k++) {
		arc_match *m = &ans->m[k];
		rel_pair_in in = {
			.a = 0, .b = (uint32_t)(k + 1), .words_a = ans->words_a, .words_b = m->words_b,
			.jaccard = m->jaccard, .cont_ab = m->cont_ab, .cont_ba = m->cont_ba,
			.cov_a = m->cov_a, .cov_b = m->cov_b, .passages = m->passages,
			.npassages = m->npassages,
		};
		rel_relation_clear(&m->rel);
		rel_pair(&in, set, contra, ncontra, &m->rel);
		/* rel_pair names the extender by its index in the claim set (k + 1 for this
		 * match); arc_match's convention is 0 the query, 1 this archived document */
		if (m->rel.extender == (int64_t)(k + 1))
			m->rel.extender = 1;
		m->have_claims = true;
		m->shared = claim_spans(set, m->rel.shared, m->rel.nshared, (uint32_t)(k + 1));
		m->nshared = m->rel.nshared;
		m->new_a = claim_spans(set, m->rel.new_a, m->rel.nnew_a, (uint32_t)(k + 1));
		m->nnew_a = m->rel.nnew_a;
		m->new_b = claim_spans(set, m->rel.new_b, m->rel.nnew_b, (uint32_t)(k + 1));
		m->nnew_b = m->rel.nnew_b;
		m->contra = xcalloc(m->rel.ncontradictions ? m->rel.ncontradictions : 1,
				    sizeof *m->contra);
		for (size_t i = 0; i < m->rel.ncontradictions; i++) {
			const rel_contradiction *x = &contra[m->rel.contradictions[i]];
			arc_contra *c = &m->contra[m->ncontra++];
			c->kind = x->kind;
			snprintf(c->reason, sizeof c->reason, "%s", x->reason);
			const clm_mention *ma = clm_mention_at(set, x->mention_a);
			const clm_mention *mb = clm_mention_at(set, x->mention_b);
			c->span = (arc_claim_span){ ma->start, ma->end, mb->start, mb->end };
		}
	}
	free(contra);
	clm_set_free(set);
	for (size_t k = 0; k < nd; k++)
		tok_list_free(&tl[k]);
	free(tl);
	free(cd);
	free(group);
	return rc;
}

/* ---- arc_query's phases ---- */

/* The query document as the archive sees it: its sorted shingle set and signature. */
typedef struct qsketch {
	uint64_t *set;
	size_t n;
	uint32_t *sig;     /* nperm */
} qsketch;

/* A verified candidate. */
typedef struct hit {
	int64_t num;
	double j, jest, cab, cba;
} hit;

typedef struct hits {
	hit *v;
	size_t n, cap;
} hits;

static void hits_push(hits *h, int64_t num, const cand_pair *p, double jest)
{
	XGROW(h->v, h->cap, h->n + 1);
	h->v[h->n++] = (hit){ num, p->jaccard, jest, p->cont_ab, p->cont_ba };
}

/* Candidates of the query: a scan of every cached set when the archive holds at most
 * scan_max documents (out->scanned; counted only up to scan_max + 1: count(*) of a million
 * rows would read the whole id index on every query), else the LSH band and sample
 * postings (*cand). @return 0 or a negative ovl_err. */
static int find_candidates(arc *a, const qsketch *k, arc_answer *out, int64_t **cand,
			   size_t *ncand, err_ctx *e)
{
	const arc_settings *s = &a->set;
	int64_t ndocs = 0;
	char csql[128];
	snprintf(csql, sizeof csql, "SELECT count(*) FROM (SELECT 1 FROM doc LIMIT %llu)",
		 (unsigned long long)(s->scan_max + 1));
	TRY(arc_query_int(a, csql, 0, &ndocs, e));
	if (k->n == 0)
		return 0;
	if ((uint64_t)ndocs <= s->scan_max) {
		out->scanned = true; /* verified from the cache (verify_scan) */
		return scan_load(a, e);
	}
	uint32_t *bkeys = xmalloc(s->bands * sizeof *bkeys);
	lsh_band_keys(&a->plan, k->sig, bkeys);
	uint32_t *skeys = NULL;
	size_t skcap = 0, nskeys = arc_sample_of(k->set, k->n, &skeys, &skcap);
	int rc = lsh_candidates(a, bkeys, mh_is_empty(k->sig, s->nperm), skeys, nskeys, cand,
				ncand, e);
	free(bkeys);
	free(skeys);
	return rc;
}

/* Scan mode: every cached stored set (but the query's own id) verified exactly. */
static void verify_scan(arc *a, const crp_doc *q, const qsketch *k, const cand_filter *f,
			arc_answer *out, hits *h)
{
	unsigned nperm = a->set.nperm;
	for (size_t i = 0; i < a->scan_n; i++) {
		out->ncandidates++;
		if (q->id && !strcmp(a->scan_id[i], q->id)) {
			out->self = true;
			continue;
		}
		const uint64_t *v = a->scan_v + a->scan_off[i];
		size_t nv = (size_t)(a->scan_off[i + 1] - a->scan_off[i]);
		cand_pair p = { 0 };
		cand_fill(&p, k->n, nv, shg_intersect(k->set, k->n, v, nv));
		if (cand_keep(&p, f))
			hits_push(h, a->scan_num[i], &p,
				  mh_jaccard(k->sig, a->scan_sig + i * nperm, nperm));
	}
}

/* LSH mode: each candidate's stored set read and verified exactly (the query's own id and
 * vanished rows skipped). @return 0 or a negative ovl_err. */
static int verify_cands(arc *a, const crp_doc *q, const qsketch *k, const cand_filter *f,
			const int64_t *cand, size_t ncand, arc_answer *out, hits *h, err_ctx *e)
{
	unsigned nperm = a->set.nperm;
	if (ncand == 0)
		return 0;
	TRY(arc_prep_once(a, "SELECT id, sig, shingles, text, nbytes FROM doc WHERE num = ?",
			  &a->st_verify, e));
	shg_buf db = { 0 };
	uint32_t *dsig = xmalloc(nperm * sizeof *dsig);
	int rc = 0;
	for (size_t i = 0; i < ncand && rc == 0; i++) {
		sqlite3_stmt *st = a->st_verify;
		sqlite3_bind_int64(st, 1, cand[i]);
		int src = sqlite3_step(st);
		if (src != SQLITE_ROW) {
			sqlite3_reset(st);
			if (src != SQLITE_DONE)
				rc = arc_db_err(a, e, src, "read the archive");
			continue;
		}
		out->ncandidates++;
		const char *id = (const char *)sqlite3_column_text(st, 0);
		if (id && q->id && !strcmp(id, q->id)) { /* the query document itself */
			out->self = true;
			sqlite3_reset(st);
			continue;
		}
		rc = arc_stored_set(a, sqlite3_column_blob(st, 2), (size_t)sqlite3_column_bytes(st, 2),
				    sqlite3_column_blob(st, 3), (size_t)sqlite3_column_bytes(st, 3),
				    (uint64_t)sqlite3_column_int64(st, 4), &db, e, id ? id : "?");
		const void *sb = sqlite3_column_blob(st, 1);
		bool sig_ok = sb && (size_t)sqlite3_column_bytes(st, 1) == 4 * (size_t)nperm;
		if (sig_ok)
			arc_sig_decode(sb, nperm, dsig);
		sqlite3_reset(st);
		if (rc < 0)
			break;
		cand_pair p = { 0 };
		cand_fill(&p, k->n, db.n, shg_intersect(k->set, k->n, db.v, db.n));
		if (cand_keep(&p, f))
			hits_push(h, cand[i], &p, sig_ok ? mh_jaccard(k->sig, dsig, nperm) : 0);
	}
	shg_buf_free(&db);
	free(dsig);
	return rc;
}

/* The matches of the verified hits: their passages, claims and order. @return 0 or a
 * negative ovl_err. */
static int fill_matches(arc *a, const arc_query_opts *o, const crp_doc *q, const hits *h,
			arc_answer *out, err_ctx *e)
{
	tok_list qt = { 0 };
	uint64_t *qk = NULL;
	int rc = 0;
	if (o->passages)
		text_keys(a, o, q->text, q->nbytes, &qt, &qk);
	out->m = xcalloc(h->n, sizeof *out->m);
	for (size_t i = 0; i < h->n && rc == 0; i++) {
		arc_match *m = &out->m[out->n++];
		m->jaccard = h->v[i].j;
		m->jaccard_est = h->v[i].jest;
		m->cont_ab = h->v[i].cab;
		m->cont_ba = h->v[i].cba;
		rc = fill_match(a, o, q, &qt, qk, out->words_a, h->v[i].num, m, e);
	}
	if (rc == 0 && o->passages && o->claims)
		rc = match_claims(o, q, &qt, out, e);
	if (out->n > 1)
		qsort(out->m, out->n, sizeof *out->m, match_cmp);
	tok_list_free(&qt);
	free(qk);
	return rc;
}

int arc_query(arc *a, const crp_doc *q, const arc_query_opts *o, arc_answer *out, err_ctx *e)
{
	memset(out, 0, sizeof *out);
	if (!a->have_set)
		return 0;
	const arc_settings *s = &a->set;
	shg_doc(q->text, q->nbytes, &a->so, &a->buf);
	size_t qwords = a->buf.nwords;
	qsketch k;
	k.n = shg_sort_unique(a->buf.v, a->buf.n);
	k.set = xmalloc((k.n ? k.n : 1) * sizeof *k.set);
	memcpy(k.set, a->buf.v, k.n * sizeof *k.set);
	k.sig = xmalloc(s->nperm * sizeof *k.sig);
	mh_sketch(k.set, k.n, s->nperm, s->seed, k.sig);
	out->words_a = qwords > UINT32_MAX ? UINT32_MAX : (uint32_t)qwords;

	int64_t *cand = NULL;
	size_t ncand = 0;
	hits h = { 0 };
	cand_filter f = { s->threshold, s->containment, false };
	int rc = find_candidates(a, &k, out, &cand, &ncand, e);
	if (rc == 0 && out->scanned)
		verify_scan(a, q, &k, &f, out, &h);
	if (rc == 0)
		rc = verify_cands(a, q, &k, &f, cand, ncand, out, &h, e);
	free(cand);
	free(k.sig);
	free(k.set);
	if (rc == 0 && h.n)
		rc = fill_matches(a, o, q, &h, out, e);
	free(h.v);
	if (rc < 0)
		arc_answer_clear(out);
	return rc;
}

void arc_answer_clear(arc_answer *ans)
{
	if (!ans)
		return;
	for (size_t i = 0; i < ans->n; i++) {
		arc_match *m = &ans->m[i];
		free(m->id);
		free(m->title);
		free(m->source);
		free(m->date);
		free(m->url);
		free(m->path);
		free(m->passages);
		free(m->text);
		free(m->shared);
		free(m->new_a);
		free(m->new_b);
		free(m->contra);
		rel_relation_clear(&m->rel);
	}
	free(ans->m);
	memset(ans, 0, sizeof *ans);
}
