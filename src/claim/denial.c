/* denial.c - an article that calls a story false against one that states it (denial.h).
 *
 * Every mention is read once (denial_read.c): its content words, whether it carries a
 * targeted denial cue, whether it could state a fact, whether it tells a rumour; and
 * whether its document calls anything false at all. Each denial then looks up, through
 * an inverted index of the statements' stems, the statements of other documents sharing
 * its words, and keeps its document's best one and the ones that state the denied
 * predicate (the first verb after the cue) with a word of what follows it. The denying
 * article usually tells the rumour it denies in other sentences ("Footage ... claimed to
 * show the incident"; "... has proved to be a fake"): the mentions around a denial that
 * tell a rumour are looked up the same way, and the statements of their claims are taken
 * too (match_recounts). A statement told on a source's word or as a rumour ("reportedly
 * agreed", "users have reported that") reports the story and counts as a statement: on
 * dev-news 54 more reports, 42 real when read.
 * Measured on dev-news (bench/eval_contradictions.py, bench/eval_read_recall.py,
 * docs/eval/): see the tuning block. It does not read figures, dates or negated
 * predicates, and it does not print.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "denial_int.h"
#include "hash.h"
#include "overlap/denial.h"
#include "overlap/mem.h"
#include "overlap/stem.h"
#include "overlap/util.h"

/* ---- tuning (dev-news, 49 stories with labelled affirm/deny pairs) ---- */

/* A statement must hold this IDF-weighted share of the denial's words (or of its own,
 * when it is the shorter): 0.3 found 38 reports, about three in four real when read;
 * 0.4 lost a third of the real ones and few false. */
#define SCORE_MIN 0.30

/* ... sharing at least SHARED_MIN content words (denial_int.h) ... */

/* ... including at least NN_SHARED_MIN of the denial's non-name words and
 * NN_SHARE_MIN of them: names alone ("North Korean embassy in London") are shared by
 * every article of a story, what was denied is not. */
#define NN_SHARED_MIN 2
#define NN_SHARE_MIN 0.20

/* A denial with fewer non-name words than this ("This report is entirely false.") reads
 * the mention before it in its document as its target too. */
#define NN_CONTEXT_MIN 3

/* A stem in more statements than this is not indexed (it says nothing specific). */
#define POST_MAX 2000

/* A denying document is set against its best statement, and against further documents'
 * statements only when they state the denied predicate itself (below); at most this many
 * documents a denial. On dev-news (every story alone) the extra pairs without the
 * predicate test were 20 real of 36; see docs/eval/. */
#define PER_DENIER 8

/* How many mentions before and after a denial, in its document, may tell the rumour it
 * denies (match_recounts): with 2, 35 further reports on dev-news (every story alone),
 * 30 real when read; 4 and the whole document added more reports of the article's
 * other matters. Only mentions that tell a rumour (purporting, allegedly, claimed) or
 * call something false count: with any unstated mention (a source's "said", "she wrote")
 * 32 of 50 were real. */
#define RECOUNT_WIN 2

/* A rumour told near a denial ("Saudi TV allegedly blurred Michelle Obama's face") is
 * matched by a statement of its told verb and this many words after it (with one, 10 more
 * reports on dev-news, 6 real: "made" and "millions" are a different figure's words; with
 * two, see docs/eval/read-recall.md). */
#define TOLD_OBJ_MIN 2

/* A copy of the best-matching article (its source group) is kept beside it when its
 * statement scores within this of the best one's. */
#define COPY_SCORE_EPS 0.05
/* ---- matching ---- */

/* Document frequencies over the mentions: distinct stems, sorted, with their counts. */
typedef struct idf_ctx {
	const uint64_t *key;
	const uint32_t *count;
	size_t n;
	double nm;
} idf_ctx;

static size_t df_of(const idf_ctx *c, uint64_t h)
{
	size_t lo = 0, hi = c->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (c->key[mid] < h)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < c->n && c->key[lo] == h ? c->count[lo] : 0;
}

static double idf(const idf_ctx *c, uint64_t h)
{
	return log((c->nm + 1.0) / ((double)df_of(c, h) + 1.0)) + 0.1;
}

static double weight(const idf_ctx *c, const uint64_t *v, size_t n)
{
	double w = 0;
	for (size_t i = 0; i < n; i++)
		w += idf(c, v[i]);
	return w;
}

/* |x ∩ y| for sorted distinct arrays, and the IDF weight of the intersection. */
static size_t meet(const idf_ctx *c, const uint64_t *x, size_t nx, const uint64_t *y, size_t ny,
		   double *w)
{
	size_t i = 0, j = 0, k = 0;
	double s = 0;
	while (i < nx && j < ny) {
		if (x[i] < y[j]) {
			i++;
		} else if (x[i] > y[j]) {
			j++;
		} else {
			if (w)
				s += idf(c, x[i]);
			k++;
			i++;
			j++;
		}
	}
	if (w)
		*w = s;
	return k;
}

/* The denial's target words: its own, and the mention before it in its document when it
 * has fewer than NN_CONTEXT_MIN non-name words. Into tf / tn (sorted, distinct). */
static void target_words(const scratch *s, const mread *r, const mread *prev, uint64_t **tf,
			 size_t *ntf, uint64_t **tn, size_t *ntn, size_t *capf, size_t *capn)
{
	size_t nf = r->nf + (prev ? prev->nf : 0), nn = r->nn + (prev ? prev->nn : 0);
	XGROW(*tf, *capf, nf + 1);
	XGROW(*tn, *capn, nn + 1);
	memcpy(*tf, s->pool + r->f0, r->nf * sizeof **tf);
	memcpy(*tn, s->pool + r->n0, r->nn * sizeof **tn);
	if (prev) {
		memcpy(*tf + r->nf, s->pool + prev->f0, prev->nf * sizeof **tf);
		memcpy(*tn + r->nn, s->pool + prev->n0, prev->nn * sizeof **tn);
	}
	*ntf = util_uniq_u64(*tf, nf);
	*ntn = util_uniq_u64(*tn, nn);
}

/* The about line: the statement's words whose stems the denial shares, most specific
 * first, up to three. */
static void about_words(scratch *s, const idf_ctx *ic, const clm_doc *d, const clm_mention *m,
			const uint64_t *tf, size_t ntf, char *out, size_t cap)
{
	out[0] = '\0';
	if (tok_run(d->text + m->start, m->end - m->start, &s->toks) < 0)
		return;
	const tok_list *t = &s->toks;
	size_t best[3] = {SIZE_MAX, SIZE_MAX, SIZE_MAX};
	double bw[3] = {0, 0, 0};
	uint64_t bh[3] = {0, 0, 0};
	for (size_t i = 0; i < t->n; i++) {
		size_t n, sn;
		const char *w = dnl_tok_word(t, i, &n);
		if (n < 3 || stem_is_stop(w, n))
			continue;
		const char *st = stem_word(s->stem, w, n, &sn);
		uint64_t h = hash_bytes(st, sn, 0);
		if (!meet(ic, &h, 1, tf, ntf, NULL) || h == bh[0] || h == bh[1] || h == bh[2])
			continue;
		double wi = idf(ic, h);
		for (int k = 0; k < 3; k++)
			if (best[k] == SIZE_MAX || wi > bw[k]) {
				for (int j = 2; j > k; j--) {
					best[j] = best[j - 1];
					bw[j] = bw[j - 1];
					bh[j] = bh[j - 1];
				}
				best[k] = i;
				bw[k] = wi;
				bh[k] = h;
				break;
			}
	}
	size_t o = 0;
	for (int k = 0; k < 3 && best[k] != SIZE_MAX; k++) {
		size_t n;
		const char *w = dnl_tok_word(t, best[k], &n);
		if (o + n + 2 > cap)
			break;
		if (o)
			out[o++] = ' ';
		memcpy(out + o, w, n);
		o += n;
		out[o] = '\0';
	}
}

/* Whether a statement with content stems v[0..n) states what denial d denied: its
 * predicate and one of the words after it ("agreed a ceasefire" for "denied ... that it
 * has agreed to a ceasefire", not "agreed to form a regional force"). */
static bool states_denied(const mread *d, const uint64_t *v, size_t n)
{
	if (!d->pred || !util_has_u64(v, n, d->pred))
		return false;
	for (size_t i = 0; i < d->nobj; i++)
		if (util_has_u64(v, n, d->obj[i]))
			return true;
	return false;
}

/* Whether a statement with content stems v[0..n) states the rumour mention r tells: its
 * told verb and TOLD_OBJ_MIN words after it, one not a name ("allegedly blurred Michelle
 * Obama's face" / "Michelle Obama's face was reportedly blurred"). */
static bool states_told(const mread *r, const uint64_t *v, size_t n)
{
	if (!r->tpred || !util_has_u64(v, n, r->tpred))
		return false;
	size_t k = 0, common = 0;
	for (size_t i = 0; i < r->ntobj; i++)
		if (util_has_u64(v, n, r->tobj[i])) {
			k++;
			common += !(r->tobj_name >> i & 1u);
		}
	return k >= TOLD_OBJ_MIN && common > 0;
}

/* A candidate finding's sort key: its denying and stating documents, score, index, and
 * whether the statement has the denial's denied predicate. */
typedef struct {
	uint32_t ddoc, adoc, i;
	uint32_t asrc; /* the stating document's source group (its copies share it) */
	double score;
	bool pred;    /* the statement has the denied predicate */
	bool recount; /* found through a claim the denying document recounts */
	bool extra;   /* its pair has such a candidate (pick_pairs) */
} pick_key;

static int cmp_pick(const void *a, const void *b)
{
	const pick_key *x = a, *y = b;
	if (x->ddoc != y->ddoc)
		return x->ddoc < y->ddoc ? -1 : 1;
	if (x->adoc != y->adoc)
		return x->adoc < y->adoc ? -1 : 1;
	if (x->pred != y->pred)
		return x->pred ? -1 : 1;
	if (x->recount != y->recount)
		return x->recount ? 1 : -1;
	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

static int cmp_pick_score(const void *a, const void *b)
{
	const pick_key *x = a, *y = b;
	if (x->ddoc != y->ddoc)
		return x->ddoc < y->ddoc ? -1 : 1;
	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

/* Whether candidate i states the best one's statement in a copy of its document (the
 * same source group, about the same score): a copy says what the original says. */
static bool copy_of_best(const pick_key *k, size_t best, size_t e, size_t i)
{
	return best < e && i != best && k[i].asrc == k[best].asrc && k[i].adoc != k[best].adoc &&
	       fabs(k[i].score - k[best].score) < COPY_SCORE_EPS;
}

/* The kept findings among the ncand candidates: per (denying, stating) document pair
 * its best candidate (one with the denied predicate first); per denying document the
 * best-scoring pair found on the denial's own words, and up to PER_DENIER - 1 more whose
 * statement has the denied predicate or states a claim the denying document recounts.
 * Sorts k. */
static dnl_finding *pick_pairs(const dnl_finding *cand, pick_key *k, size_t ncand,
			       size_t *nout)
{
	*nout = 0;
	if (!ncand)
		return NULL;
	qsort(k, ncand, sizeof *k, cmp_pick);
	/* one a pair: its first candidate, marked `extra` when any of the pair's candidates
	 * came through a recounted claim */
	size_t nk = 0;
	for (size_t i = 0; i < ncand; i++) {
		if (!nk || k[nk - 1].ddoc != k[i].ddoc || k[nk - 1].adoc != k[i].adoc) {
			k[nk] = k[i];
			k[nk++].extra = k[i].recount;
		} else if (k[i].recount) {
			k[nk - 1].extra = true;
		}
	}
	qsort(k, nk, sizeof *k, cmp_pick_score);
	dnl_finding *v = xmalloc(nk * sizeof *v);
	size_t nv = 0;
	for (size_t g = 0; g < nk;) {
		size_t e = g;
		while (e < nk && k[e].ddoc == k[g].ddoc)
			e++;
		size_t best = e; /* the best on the denial's own words */
		for (size_t i = g; i < e && best == e; i++)
			if (!k[i].recount)
				best = i;
		size_t run = 0;
		for (size_t i = g; i < e; i++)
			if (i == best || ((k[i].pred || k[i].extra || copy_of_best(k, best, e, i)) &&
					  run < PER_DENIER - (best < e))) {
				v[nv++] = cand[k[i].i];
				run += i != best;
			}
		g = e;
	}
	*nout = nv;
	return v;
}

/* ---- the search, phase by phase ---- */

/* One dnl_find call: its inputs, every mention read, the index and the candidates. */
typedef struct find_ctx {
	const clm_set *claims;
	const clm_doc *docs;
	size_t ndocs, nm;
	bool same_source;
	const uint32_t *story;
	scratch *s;
	mread *rd;
	bool any_denial;
	uint64_t *df;       /* distinct stems over the mentions ... */
	uint32_t *dfc;      /* ... and how many mentions have each */
	idf_ctx ic;
	util_post *po;      /* (stem, statement mention), sorted */
	size_t npo;
	uint32_t *prev;     /* the mention before each one in its document, or UINT32_MAX */
	uint32_t *ord;      /* mentions by (doc, start) ... */
	uint32_t *pos;      /* ... and each mention's place in ord */
	const bool *debunker; /* per document: calls anything false */
	uint32_t *cnt, *touched; /* per mention: shared stems with the current denial */
	uint64_t *tf, *tn;  /* the current denial's target words, all and non-name */
	size_t capf, capn;
	dnl_finding *cand;  /* candidates and their sort keys (pick_pairs) */
	pick_key *keys;
	size_t ncand, ccap, kcap;
} find_ctx;

/* Every mention read (read_mention); which documents call anything false. */
static void read_all(find_ctx *c, bool *debunker)
{
	for (size_t m = 0; m < c->nm; m++) {
		const clm_mention *cm = clm_mention_at(c->claims, m);
		if (cm->doc >= c->ndocs)
			continue;
		dnl_read_mention(c->s, &c->docs[cm->doc], cm, &c->rd[m]);
		if (c->rd[m].loose)
			debunker[cm->doc] = true;
	}
	/* a document calls something false in any of its sentences, not only in the ones
	 * that became mentions (questions, quotes and short lines are not) */
	for (size_t d = 0; d < c->ndocs; d++)
		if (!debunker[d])
			debunker[d] = dnl_calls_false(c->s, &c->docs[d]);
}

/* Document frequencies over the mentions, and the inverted index of the statements of
 * documents that call nothing false. */
static void build_index(find_ctx *c, const bool *debunker)
{
	scratch *s = c->s;
	c->df = xmalloc((s->npool ? s->npool : 1) * sizeof *c->df);
	size_t ndf = 0, pocap = 0;
	for (size_t m = 0; m < c->nm; m++) {
		const mread *r = &c->rd[m];
		memcpy(c->df + ndf, s->pool + r->f0, r->nf * sizeof *c->df);
		ndf += r->nf;
		c->any_denial |= (r->role & M_DENIAL) != 0;
		const clm_mention *cm = clm_mention_at(c->claims, m);
		if (!(r->role & (M_STATES | M_REPORTS)) || debunker[cm->doc])
			continue;
		XGROW(c->po, pocap, c->npo + r->nf);
		for (size_t i = 0; i < r->nf; i++)
			c->po[c->npo++] = (util_post){s->pool[r->f0 + i], (uint32_t)m};
	}
	/* df: sorted stems with repeats, folded into distinct stems and their counts */
	if (ndf)
		qsort(c->df, ndf, sizeof *c->df, util_cmp_u64);
	c->dfc = xmalloc((ndf ? ndf : 1) * sizeof *c->dfc);
	size_t nkeys = 0;
	for (size_t i = 0; i < ndf; i++) {
		if (nkeys && c->df[nkeys - 1] == c->df[i]) {
			c->dfc[nkeys - 1]++;
			continue;
		}
		c->df[nkeys] = c->df[i];
		c->dfc[nkeys++] = 1;
	}
	if (c->npo)
		qsort(c->po, c->npo, sizeof *c->po, util_cmp_post);
	c->ic = (idf_ctx){c->df, c->dfc, nkeys, (double)c->nm};
}

/* The mention before each one in its document: mentions sorted by (doc, start). */
static void previous_mentions(find_ctx *c)
{
	c->prev = xmalloc(c->nm * sizeof *c->prev);
	util_post *ix = xmalloc(c->nm * sizeof *ix);
	for (size_t m = 0; m < c->nm; m++) {
		const clm_mention *cm = clm_mention_at(c->claims, m);
		ix[m] = (util_post){(uint64_t)cm->doc << 32 | cm->start, (uint32_t)m};
		c->prev[m] = UINT32_MAX;
	}
	qsort(ix, c->nm, sizeof *ix, util_cmp_post);
	for (size_t k = 1; k < c->nm; k++)
		if (ix[k].h >> 32 == ix[k - 1].h >> 32)
			c->prev[ix[k].m] = ix[k - 1].m;
	c->ord = xmalloc(c->nm * sizeof *c->ord);
	c->pos = xmalloc(c->nm * sizeof *c->pos);
	for (size_t k = 0; k < c->nm; k++) {
		c->ord[k] = ix[k].m;
		c->pos[ix[k].m] = (uint32_t)k;
	}
	free(ix);
}

/* Whether mention p is in the sentence right before mention m in their document: at
 * most one sentence end between them (p's own, when p is a clause of its sentence), so
 * no sentence that is not a mention. */
static bool adjacent(const find_ctx *c, uint32_t p, size_t m)
{
	const clm_mention *pm = clm_mention_at(c->claims, p);
	const clm_mention *mm = clm_mention_at(c->claims, m);
	if (pm->doc != mm->doc || pm->end > mm->start)
		return false;
	const uint8_t *t = c->docs[mm->doc].text;
	uint32_t e = pm->end; /* p's sentence closed inside it: no end may follow */
	while (e > pm->start && (t[e - 1] == ' ' || t[e - 1] == '\n' || t[e - 1] == '"' ||
				 t[e - 1] == '\'' || t[e - 1] >= 0x80))
		e--;
	int ends = e > pm->start && (t[e - 1] == '.' || t[e - 1] == '!' || t[e - 1] == '?');
	for (uint32_t b = pm->end; b + 1 < mm->start; b++)
		ends += (t[b] == '.' || t[b] == '!' || t[b] == '?') &&
			(t[b + 1] == ' ' || t[b + 1] == '\n' || t[b + 1] == '"');
	return ends <= 1;
}

/* Statement a as a candidate against denial m, with its score; about words from the
 * target words tf. */
static void add_candidate(find_ctx *c, size_t m, uint32_t a, double score, bool pred,
			  bool recount, const uint64_t *tf, size_t ntf)
{
	const mread *dr = &c->rd[m];
	const clm_mention *dm = clm_mention_at(c->claims, m);
	const clm_mention *am = clm_mention_at(c->claims, a);
	score = score > 1 ? 1 : score;
	XGROW(c->cand, c->ccap, c->ncand + 1);
	XGROW(c->keys, c->kcap, c->ncand + 1);
	c->keys[c->ncand] = (pick_key){dm->doc, am->doc, (uint32_t)c->ncand,
				       clm_doc_source(c->claims, am->doc), score, pred, recount,
				       false};
	dnl_finding *b = &c->cand[c->ncand++];
	b->statement = a;
	b->denial = (uint32_t)m;
	b->cue_start = dr->cue_start;
	b->cue_end = dr->cue_end;
	b->score = score;
	about_words(c->s, &c->ic, &c->docs[am->doc], am, tf, ntf, b->about, sizeof b->about);
	const mread *ar = &c->rd[a];
	b->hedge_start = (ar->role & M_REPORTS) ? ar->hedge_start : 0;
	b->hedge_end = (ar->role & M_REPORTS) ? ar->hedge_end : 0;
}

/* The statements of other documents (of its story) that hold the words of mention tgt
 * (denial m itself, or a mention near it that tells the rumour it denies), as candidates
 * against denial m (see the tuning block). */
static void match_denial(find_ctx *c, size_t m, size_t tgt)
{
	scratch *s = c->s;
	const mread *dr = &c->rd[m];
	const clm_mention *dm = clm_mention_at(c->claims, m);
	const mread *tr = &c->rd[tgt];
	bool recount = tgt != m;
	const mread *pv = !recount && (dr->nn < NN_CONTEXT_MIN || dr->anaphor) &&
				  c->prev[m] != UINT32_MAX
				  ? &c->rd[c->prev[m]]
				  : NULL;
	/* "The report ... is totally inaccurate", "But that was not the case": the words of
	 * what it calls false are the sentence before's, its own are about the report; when
	 * that sentence is no mention, the mention before it is about something else */
	if (pv && dr->anaphor && !adjacent(c, c->prev[m], m))
		pv = NULL;
	if (pv && dr->anaphor && dr->nn >= NN_CONTEXT_MIN) {
		tr = pv;
		pv = NULL;
	}
	size_t ntf, ntn;
	target_words(s, tr, pv, &c->tf, &ntf, &c->tn, &ntn, &c->capf, &c->capn);
	double wt = weight(&c->ic, c->tf, ntf);
	size_t nt = 0;
	for (size_t i = 0; i < ntf; i++) {
		size_t lo = util_post_lower(c->po, c->npo, c->tf[i]);
		size_t e = lo;
		while (e < c->npo && c->po[e].h == c->tf[i])
			e++;
		if (e - lo > POST_MAX)
			continue;
		for (size_t k = lo; k < e; k++) {
			uint32_t a = c->po[k].m;
			if (!c->cnt[a]++)
				c->touched[nt++] = a;
		}
	}
	for (size_t k = 0; k < nt; k++) {
		uint32_t a = c->touched[k];
		uint32_t shared = c->cnt[a];
		c->cnt[a] = 0;
		if (shared < (dr->said ? 2u : SHARED_MIN))
			continue;
		const clm_mention *am = clm_mention_at(c->claims, a);
		if (am->doc == dm->doc || (c->story && c->story[am->doc] != c->story[dm->doc]) ||
		    (!c->same_source &&
		     clm_doc_source(c->claims, am->doc) == clm_doc_source(c->claims, dm->doc)))
			continue;
		const mread *ar = &c->rd[a];
		double ws;
		size_t sh = meet(&c->ic, c->tf, ntf, s->pool + ar->f0, ar->nf, &ws);
		double wa = weight(&c->ic, s->pool + ar->f0, ar->nf);
		double lo = wt < wa ? wt : wa;
		double score = lo > 0 ? ws / lo : 0;
		size_t shn = meet(&c->ic, c->tn, ntn, s->pool + ar->f0, ar->nf, NULL);
		bool pred = states_denied(dr, s->pool + ar->f0, ar->nf);
		/* a denial that names what it denies needs that (its predicate and a word
		 * of its object) and no more; a rumour told near it, its told verb and
		 * TOLD_OBJ_MIN words of what follows it, or the share of words; any other
		 * the share */
		bool told = recount && states_told(tr, s->pool + ar->f0, ar->nf);
		if (dr->said ? !pred
			     : !told && (sh < SHARED_MIN || score < SCORE_MIN ||
					 shn < NN_SHARED_MIN ||
					 (double)shn < NN_SHARE_MIN * (double)ntn))
			continue;
		add_candidate(c, m, a, score, pred, recount, c->tf, ntf);
	}
}

/* Whether a mention near a denial recounts what its document denies: it tells a rumour
 * ("Footage ... claimed to show the incident", "purporting to show") or calls something
 * false itself. A source's plain word ("the hospital says", "she wrote") does not: it is
 * what the article reports, not what it disputes. */
static bool recounts(const mread *r)
{
	return !(r->role & M_STATES) && !r->cue_attr && (r->rumour || r->loose);
}

/* The rumour as the denying document tells it: the claims of the mentions around denial m
 * (RECOUNT_WIN before and after, and m itself) that it recounts without stating. Each
 * other document's statement of one of those claims is a candidate, scored by its share
 * of the recounting mention's words. The denial and the statement then need not share
 * words: "A video ... has proved to be a fake" / "Footage ... claimed to show the
 * incident" against "Putin was pooped on by a bird while giving a speech". */
static void match_recounts(find_ctx *c, size_t m)
{
	scratch *s = c->s;
	const clm_mention *dm = clm_mention_at(c->claims, m);
	const mread *dr = &c->rd[m];
	size_t p = c->pos[m];
	size_t lo = p > RECOUNT_WIN ? p - RECOUNT_WIN : 0;
	for (size_t q = lo; q < c->nm && q <= p + RECOUNT_WIN; q++) {
		uint32_t r = c->ord[q];
		const clm_mention *rm = clm_mention_at(c->claims, r);
		if (rm->doc != dm->doc || (r != m && !recounts(&c->rd[r])) ||
		    (r == m && dr->cue_attr))
			continue;
		const mread *rr = &c->rd[r];
		if (r != m)
			match_denial(c, m, r);
		const clm_claim *cl = clm_claim_at(c->claims, rm->claim);
		if (cl->ndocs < 2)
			continue;
		double wr = weight(&c->ic, s->pool + rr->f0, rr->nf);
		for (size_t k = 0; k < cl->nmentions; k++) {
			uint32_t a = cl->mentions[k];
			const clm_mention *am = clm_mention_at(c->claims, a);
			const mread *ar = &c->rd[a];
			if (am->doc == dm->doc || !(ar->role & (M_STATES | M_REPORTS)) ||
			    c->debunker[am->doc] ||
			    (c->story && c->story[am->doc] != c->story[dm->doc]) ||
			    (!c->same_source &&
			     clm_doc_source(c->claims, am->doc) == clm_doc_source(c->claims, dm->doc)))
				continue;
			double ws;
			size_t sh = meet(&c->ic, s->pool + rr->f0, rr->nf, s->pool + ar->f0, ar->nf, &ws);
			size_t shn = meet(&c->ic, s->pool + rr->n0, rr->nn, s->pool + ar->f0, ar->nf, NULL);
			double wa = weight(&c->ic, s->pool + ar->f0, ar->nf);
			double lw = wr < wa ? wr : wa;
			double score = lw > 0 ? ws / lw : 0;
			if (sh < SHARED_MIN || shn < NN_SHARED_MIN || score < SCORE_MIN)
				continue;
			add_candidate(c, m, a, score, false, true, s->pool + rr->f0, rr->nf);
		}
	}
}

int dnl_find(const clm_set *claims, const clm_doc *docs, size_t ndocs, bool same_source,
	     const uint32_t *story, dnl_finding **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	if (!claims)
		return 0;
	size_t nm = clm_mention_count(claims);
	if (!nm)
		return 0;
	scratch *s = dnl_scratch_new();
	find_ctx c = {.claims = claims, .docs = docs, .ndocs = ndocs, .nm = nm,
		      .same_source = same_source, .story = story, .s = s};
	c.rd = xcalloc(nm, sizeof *c.rd);
	bool *debunker = xcalloc(ndocs ? ndocs : 1, sizeof *debunker);
	read_all(&c, debunker);
	build_index(&c, debunker);
	c.debunker = debunker;
	previous_mentions(&c);
	c.cnt = xcalloc(nm, sizeof *c.cnt);
	c.touched = xmalloc(nm * sizeof *c.touched);
	/* every matching (denial, statement) as a candidate; then the best of each
	 * (denying document, stating document) pair and of those, per denying document, its
	 * best one and the ones that state the denied predicate (pick_pairs) */
	for (size_t m = 0; m < nm && c.any_denial; m++)
		if ((c.rd[m].role & M_DENIAL) && !c.rd[m].pronoun) {
			match_denial(&c, m, m);
			if (!c.rd[m].said) /* what it calls false is named */
				match_recounts(&c, m);
		} else if ((c.rd[m].role & M_DENIAL) && c.prev[m] != UINT32_MAX &&
			   adjacent(&c, c.prev[m], m) && !c.rd[c.prev[m]].expects) {
			/* not "... was expected to lead to their release. That was not the
			 * case.": an expectation let down is no story told */
			match_denial(&c, m, c.prev[m]); /* the sentence before, as told */
		}
	size_t nv = 0;
	dnl_finding *v = pick_pairs(c.cand, c.keys, c.ncand, &nv);
	/* by the denial's mention index */
	for (size_t i = 1; i < nv; i++) {
		dnl_finding t = v[i];
		size_t j = i;
		while (j > 0 && v[j - 1].denial > t.denial) {
			v[j] = v[j - 1];
			j--;
		}
		v[j] = t;
	}
	free(c.cand);
	free(c.keys);
	free(c.tf);
	free(c.tn);
	free(c.cnt);
	free(c.touched);
	free(c.prev);
	free(c.ord);
	free(c.pos);
	free(debunker);
	free(c.po);
	free(c.df);
	free(c.dfc);
	free(c.rd);
	dnl_scratch_free(s);
	*out = v;
	*n = nv;
	return 0;
}
