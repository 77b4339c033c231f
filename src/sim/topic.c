/* topic.c - TF-IDF cosine between documents (see topic.h): the term index, the weights,
 * pair scoring, and the API that runs them and the stories.
 *
 * Workload: news sets of a few to a few thousand articles of ~100-1,000 distinct terms.
 * Exact scoring walks an inverted index (cost: the sum over terms of df^2 / 2, a fraction
 * of a second for 2,000 articles); candidate scoring, for larger sets, only walks the
 * postings of each document's rare terms and needs two of them shared, then scores
 * the pair exactly. A document's terms come from topic_terms.c, the stories from
 * topic_story.c. It does not stem (stem.c does), print or read files.
 */
#include "overlap/topic.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#if defined(__linux__)
#include <sys/mman.h>
#endif

#include "overlap/err.h"
#include "overlap/mem.h"
#include "overlap/pool.h"
#include "topic_int.h"

/* ---- tuning ---- */

/* IDF prior: idf = ln((N + TPC_PRIOR_DOCS) / df), as if TPC_PRIOR_DOCS more documents that
 * hold none of the terms were in the corpus. A small corpus cannot tell a story's words from
 * common ones: with N = 64 a story word in 8 articles got half the idf of a word in one, so
 * two reports of one story scored under the cut. Measured on dev-news (bench/stories.py, 6
 * subsets of 8 stories / all 187): prior 10 gave ARI 0.708 / 0.922, 300 gave 0.886 / 0.922,
 * 1000 gave 0.978 / 0.917. It also keeps a pair's score nearly unchanged when unrelated
 * articles are added. 3000 joins corpus/ 003 to 000's story but, without a guard against
 * merging rumours of one subject, drops precision on all of dev-news at once to 0.921 (see
 * bench/README.md, "stories split by their leads"). */
#define TPC_PRIOR_DOCS 1000.0
/* Weight of a named entity against a word. Measured on dev-news (cut 0.20, attach 0.25):
 * 1.5 gave same-story recall 0.929 / precision 0.887 / ARI 0.907, 1.0 gave 0.942 / 0.903 /
 * 0.922: the stories that merge wrongly share their names (Apple Watch, Kim Jong Un), so a
 * boost only tightens them. Entities still count: a name is one more term beside its words. */
#define TPC_ENTITY_BOOST 1.0
/* Weights are boolean-tf IDF (a term counts once, however often it occurs): repetition says
 * more about an article's length and style than about its story, and the stories that merge
 * wrongly share the words they repeat most (Apple Watch, Kim Jong Un). Measured before the
 * lead and the IDF power below (dev-news, 187 stories, 1,655 articles; bench/stories.py,
 * --no-claims; all at once / mean of 3 sets of 8 stories):
 *   (1 + ln tf) IDF, cut 0.20, attach 0.25: recall 0.959, precision 0.879, ARI 0.917 / 0.978
 *   boolean tf,      cut 0.14, attach 0.20: recall 0.908, precision 0.914, ARI 0.910 / 0.964
 *
 * Two rumours about one subject (an actor cast in a film and another actor cast in the same
 * film; a leader's sister taking over and the same leader's leg injury) share every name of
 * the subject and differ in a few event words, which are rarer and which the articles put in
 * their first sentence. So:
 *   - the IDF is raised to TPC_IDF_POWER: a word of one story (df ~10-20) then outweighs a
 *     subject word spread over several stories (df ~50) by more;
 *   - a term first seen in a document's first TPC_LEAD_TOKENS words (the lead, about the
 *     first sentence and a half: where news states its event) weighs TPC_LEAD_BOOST times.
 * Fitted on the even-numbered dev-news stories with a model of these scores outside the
 * tool (held-out odd ones in brackets): IDF power 1, no lead boost, cut 0.14, attach 0.20:
 * ARI 0.945 (0.922), precision 0.961 (0.918); lead 40 words x2, cut 0.18, attach 0.24: 0.958
 * (0.933), 0.964 (0.927); + IDF power 1.5, cut 0.14, attach 0.28: 0.953 (0.933), 0.974
 * (0.938). In the tool (bench/stories.py --split, claims on): even stories ARI 0.958,
 * precision 0.975, recall 0.944; odd 0.910, 0.935, 0.890; all 1,655 at once 0.931, 0.951,
 * 0.914 (before: 0.912, 0.908, 0.917). The odd
 * stories' precision is held down by two Steve Jobs film rumours (Christian Bale cast, Seth
 * Rogen cast) whose articles each name both actors: 360 of its 383 wrong pairs. Power 2
 * splits true stories (recall 0.88 at the precision of 1.5). Boosting names in the lead
 * instead (2x, 3x) merged more subjects (precision 0.85-0.90). */
#define TPC_IDF_POWER 1.5
#define TPC_LEAD_BOOST 2.0
#define TPC_STORY_CUT 0.14
/* Pairs under TPC_PAIR_MIN count 0 in the linkage; unrelated news articles score 0.00-0.05. */
#define TPC_PAIR_MIN 0.05
/* Second stage: a story of fewer than TPC_CORE_MIN articles joins the larger story whose
 * centroid (the normalised sum of its articles' vectors) is closest, when the cosine of the
 * two centroids is at least TPC_ATTACH. Short items (a tweet, a two-line summary) share few
 * terms with any one long article, so their pairwise scores stay under the cut, yet the
 * centroid holds exactly the story's core terms they repeat. Cores are fixed before any
 * attachment, so nothing chains through an attached article. A lone article attached to a
 * story of 30 makes 30 pairs at once, so the bar is above the cut: on dev-news (model of the
 * scores, cut 0.14, even stories) 0.20 gave recall 0.950 / precision 0.968, 0.28 gave 0.934 /
 * 0.974; all stories: precision 0.939 / 0.951. TPC_CORE_MIN is in topic_story.c. */
#define TPC_ATTACH 0.28
/* Exact all-pairs up to this many documents (the pipeline's detail mode holds 2,000). */
#define TPC_EXACT_MAX 5000
/* Candidate mode: a term is rare when at most TPC_RARE_DF documents hold it (a story of
 * dozens of articles still shares its rare names), and a pair is scored when the two share
 * TPC_RARE_SHARED rare terms: one shared rare word is chance, two start to be a topic.
 * Cost per document: the sum of its rare terms' df, at most TPC_RARE_DF each. */
#define TPC_RARE_DF 64
_Static_assert(TPC_RARE_DF >= 2 && TPC_RARE_DF <= 64, "a rare entry holds the postings after it in 6 bits");
#define TPC_RARE_SHARED 2
/* ...and when the rare terms they share already give TPC_RARE_PARTIAL of the cosine (the
 * reporting floor TPC_PAIR_MIN): two articles of one story share names and rare words worth
 * far more (same-story pairs of dev-news score 0.18 and more in all); a pair whose score
 * comes from common words is not a story. It cut the pairs scored on the 92 MB benchmark
 * corpus from 564,000 to about a third. */
#define TPC_RARE_PARTIAL 0.05
/* The shared count and the partial sum share one double: count + partial / SCALE, with
 * SCALE above any count of rare terms two documents can share times... kept exact enough:
 * partial <= 1, so partial / SCALE < 1 for SCALE > 1. */
#define TPC_RARE_SCALE 4.0

/* How many terms ahead tpc_index_add fetches a vocabulary slot and a df count: 136,000
 * terms on the 92 MB benchmark corpus, 8 MB of slots, so each is an L3 access at best. */
#ifndef TPC_VOCAB_AHEAD
#define TPC_VOCAB_AHEAD 16
#endif

/* Arrays of at least TPC_HUGE_BYTES (the index, the model's vectors and postings: tens of
 * MB on the 92 MB benchmark corpus, ~30,000 page faults when stories are on) are asked for
 * transparent huge pages before their first touch (huge_hint). */
#define TPC_HUGE_BYTES ((size_t)4 << 20)

tpc_opts tpc_opts_default(void)
{
	return (tpc_opts){ .pair_min = TPC_PAIR_MIN, .story_cut = TPC_STORY_CUT, .attach = TPC_ATTACH,
			   .exact_max = TPC_EXACT_MAX, .threads = 0 };
}

/* ---- large arrays ---- */

/* Ask for huge pages over the 2 MiB-aligned inside of p[0, nbytes) when nbytes is at least
 * TPC_HUGE_BYTES: a page fault per 2 MiB instead of per 4 KiB on first touch (a fault costs
 * microseconds on a VM). malloc maps blocks this large itself, or takes them from its heap;
 * either way free() needs nothing else, and where THP is off or missing the call fails
 * harmlessly. Pages touched before the call keep their size. */
static void huge_hint(void *p, size_t nbytes)
{
#if defined(__linux__) && defined(MADV_HUGEPAGE)
	const uintptr_t huge = (uintptr_t)2 << 20;
	if (!p || nbytes < TPC_HUGE_BYTES)
		return;
	uintptr_t a = ((uintptr_t)p + huge - 1) & ~(huge - 1);
	uintptr_t e = ((uintptr_t)p + nbytes) & ~(huge - 1);
	if (e > a)
		(void)madvise((void *)a, e - a, MADV_HUGEPAGE);
#else
	(void)p;
	(void)nbytes;
#endif
}

/* Grow the index array *p (used elements of elsz in use, room for *cap) to room for need:
 * by xgrow while small; past TPC_HUGE_BYTES it moves once into an xbig_grow mapping (huge
 * pages, and grown by mremap without the copies and fresh pages of a realloc: the term ids
 * of the 92 MB benchmark corpus are 14 MB). *big says which; free with index_array_free. */
static void index_grow(void **p, size_t *cap, bool *big, size_t used, size_t need, size_t elsz)
{
	if (need <= *cap)
		return;
	if (*big) {
		xbig_grow(p, cap, need, elsz);
	} else if (need * elsz < TPC_HUGE_BYTES) {
		xgrow(p, cap, need, elsz);
	} else {
		void *q = NULL;
		size_t c = 0;
		xbig_grow(&q, &c, need, elsz);
		if (used)
			memcpy(q, *p, used * elsz);
		free(*p);
		*p = q;
		*cap = c;
		*big = true;
	}
}

static void index_array_free(void *p, size_t cap, bool big, size_t elsz)
{
	if (big)
		xbig_free(p, cap, elsz);
	else
		free(p);
}

/* xmalloc with huge_hint: for arrays written once in full (the model's). */
static void *big_malloc(size_t nbytes)
{
	void *p = xmalloc(nbytes);
	huge_hint(p, nbytes);
	return p;
}

/* ---- vocabulary and weighted vectors ---- */

static size_t slot_of(uint64_t k, size_t cap)
{
	return (size_t)((k ^ (k >> 29)) * 0x9e3779b97f4a7c15ull >> 11) & (cap - 1);
}

/* Make room for more new terms (a document's) before probing for them. */
static void vocab_reserve(vocab *v, size_t more)
{
	size_t ncap = v->cap ? v->cap : 4096;
	while (((size_t)v->n + more + 1) * 2 > ncap)
		ncap *= 2;
	if (ncap == v->cap)
		return;
	struct vocab_slot *ns = big_malloc(ncap * sizeof *ns); /* zeroed after the hint */
	memset(ns, 0, ncap * sizeof *ns);
	for (size_t i = 0; i < v->cap; i++) {
		if (!v->slots[i].key)
			continue;
		size_t s = slot_of(v->slots[i].key, ncap);
		while (ns[s].key)
			s = (s + 1) & (ncap - 1);
		ns[s] = v->slots[i];
	}
	free(v->slots);
	v->slots = ns;
	v->cap = ncap;
}

/* The id of key, a new one when unseen (room reserved by the caller). */
static uint32_t vocab_id(vocab *v, uint64_t key, const char *name, uint16_t name_len,
			 uint8_t entity)
{
	if (!key)
		key = 1;
	size_t s = slot_of(key, v->cap);
	while (v->slots[s].key) {
		if (v->slots[s].key == key)
			return v->slots[s].id;
		s = (s + 1) & (v->cap - 1);
	}
	v->slots[s].key = key;
	v->slots[s].id = v->n;
	if (v->n + 1 > v->tcap) {
		size_t c = v->tcap;
		XGROW(v->df, c, (size_t)v->n + 1);
		c = v->tcap;
		XGROW(v->name_off, c, (size_t)v->n + 1);
		c = v->tcap;
		XGROW(v->name_len, c, (size_t)v->n + 1);
		c = v->tcap;
		XGROW(v->entity, c, (size_t)v->n + 1);
		v->tcap = c;
	}
	v->df[v->n] = 0;
	if (v->names_nbytes + name_len + 1 > v->names_cap) /* XGROW is a call */
		XGROW(v->names, v->names_cap, v->names_nbytes + name_len + 1);
	memcpy(v->names + v->names_nbytes, name, name_len);
	v->name_off[v->n] = (uint32_t)v->names_nbytes;
	v->name_len[v->n] = name_len;
	v->names_nbytes += name_len;
	v->entity[v->n] = entity;
	return v->n++;
}

static void vocab_free(vocab *v)
{
	free(v->slots);
	free(v->df);
	free(v->name_off);
	free(v->name_len);
	free(v->entity);
	free(v->names);
}

/* ---- the streaming index ---- */

tpc_index *tpc_index_new(void)
{
	tpc_index *ix = xcalloc(1, sizeof *ix);
	ix->off = xcalloc(1, sizeof *ix->off);
	ix->off_cap = 1;
	return ix;
}

void tpc_index_free(tpc_index *ix)
{
	if (!ix)
		return;
	vocab_free(&ix->voc);
	index_array_free(ix->term, ix->term_cap, ix->term_big, sizeof *ix->term);
	index_array_free(ix->lead, ix->lead_cap, ix->lead_big, sizeof *ix->lead);
	free(ix->off);
	free(ix);
}

size_t tpc_index_ndocs(const tpc_index *ix)
{
	return ix ? ix->ndocs : 0;
}

int tpc_index_add(tpc_index *ix, const tpc_doc *d)
{
	if (!ix || !d || (d->n && !d->v))
		return OVL_EUSAGE;
	if (ix->ndocs + 1 >= UINT32_MAX || (uint64_t)ix->voc.names_nbytes + d->names_nbytes >= UINT32_MAX)
		return OVL_ETOOBIG;
	index_grow((void **)&ix->term, &ix->term_cap, &ix->term_big, ix->n, ix->n + d->n + 1,
		   sizeof *ix->term);
	index_grow((void **)&ix->lead, &ix->lead_cap, &ix->lead_big, ix->n, ix->n + d->n + 1,
		   sizeof *ix->lead);
	vocab_reserve(&ix->voc, d->n);
	for (size_t i = 0; i < d->n; i++) {
		const tpc_term *t = &d->v[i];
		if (i + TPC_VOCAB_AHEAD < d->n) /* a large vocabulary's slot is a cache miss */
			__builtin_prefetch(&ix->voc.slots[slot_of(d->v[i + TPC_VOCAB_AHEAD].key
								   ? d->v[i + TPC_VOCAB_AHEAD].key : 1,
								 ix->voc.cap)]);
		ix->term[ix->n + i] = vocab_id(&ix->voc, t->key, d->names + t->name_off, t->name_len,
					       t->entity);
		ix->lead[ix->n + i] = t->lead;
	}
	/* the df counts once the ids are known, fetched ahead: counted beside the probes,
	 * each waited on its own cache miss (a third of the function) */
	const uint32_t *id = ix->term + ix->n;
	for (size_t i = 0; i < d->n; i++) {
		if (i + TPC_VOCAB_AHEAD < d->n)
			__builtin_prefetch(&ix->voc.df[id[i + TPC_VOCAB_AHEAD]], 1);
		ix->voc.df[id[i]]++;
	}
	ix->n += d->n;
	XGROW(ix->off, ix->off_cap, ix->ndocs + 2);
	ix->off[++ix->ndocs] = ix->n;
	return 0;
}

/* idf^TPC_IDF_POWER (and the entity boost) of every term. The idf depends on df alone, so
 * the pow and log are worked out once per distinct df (a few thousand), not once per term
 * (a large corpus holds hundreds of thousands, most of them of df 1). */
static float *term_weights(const vocab *voc, size_t n)
{
	double big_n = (double)n + TPC_PRIOR_DOCS;
	size_t nterms = voc->n;
	float *idf = xmalloc((nterms ? nterms : 1) * sizeof *idf);
	/* df <= n unless a caller's document repeats a key (tpc_index_add counts each entry) */
	uint32_t maxdf = 0;
	for (size_t t = 0; t < nterms; t++)
		maxdf = voc->df[t] > maxdf ? voc->df[t] : maxdf;
	double *by_df = xmalloc(((size_t)maxdf + 1) * sizeof *by_df);
	for (size_t d = 0; d <= maxdf; d++)
		by_df[d] = -1;
	for (size_t t = 0; t < nterms; t++) {
		uint32_t df = voc->df[t];
		assert(df >= 1);
		if (by_df[df] < 0)
			by_df[df] = pow(log(big_n / df), TPC_IDF_POWER);
		idf[t] = (float)(by_df[df] * (voc->entity[t] ? TPC_ENTITY_BOOST : 1.0));
	}
	free(by_df);
	return idf;
}

/* 1 / norm of each of the n documents of ix (boolean tf, lead boost: see TPC_STORY_CUT). */
static double *doc_inv_norms(const tpc_index *ix, const float *idf)
{
	size_t n = ix->ndocs;
	double *inv = xmalloc((n ? n : 1) * sizeof *inv);
	for (size_t d = 0; d < n; d++) {
		double norm = 0;
		for (size_t i = ix->off[d]; i < ix->off[d + 1]; i++) {
			double w = idf[ix->term[i]] * (ix->lead[i] ? TPC_LEAD_BOOST : 1.0);
			norm += w * w;
		}
		inv[d] = norm > 0 ? 1.0 / sqrt(norm) : 0;
	}
	return inv;
}

/* Weight of entry i of document d in the index: its term's idf, the lead boost, unit length. */
static inline float entry_weight(const tpc_index *ix, const float *idf, const double *inv,
				 size_t d, size_t i)
{
	float w = (float)(idf[ix->term[i]] * (ix->lead[i] ? TPC_LEAD_BOOST : 1.0));
	return (float)(w * inv[d]);
}

/* Exact mode: postings of every term (documents ascending), then the vectors from them term
 * by term, so each vector comes out sorted by term without a sort (the products of a pair
 * are added up in term order, as they always were). */
static void model_exact(model *m, const tpc_index *ix, const float *idf, const double *inv)
{
	size_t n = m->n, total = m->voff[n];
	uint32_t nt = m->voc_p->n;
	m->poff = xcalloc((size_t)nt + 1, sizeof *m->poff);
	for (uint32_t t = 0; t < nt; t++)
		m->poff[t + 1] = m->poff[t] + m->voc_p->df[t];
	m->pdoc = xmalloc((total ? total : 1) * sizeof *m->pdoc);
	m->pw = xmalloc((total ? total : 1) * sizeof *m->pw);
	size_t *fill = xmalloc(((size_t)nt + 1) * sizeof *fill);
	memcpy(fill, m->poff, ((size_t)nt + 1) * sizeof *fill);
	for (size_t d = 0; d < n; d++)
		for (size_t i = m->voff[d]; i < m->voff[d + 1]; i++) {
			size_t p = fill[ix->term[i]]++;
			m->pdoc[p] = (uint32_t)d;
			m->pw[p] = entry_weight(ix, idf, inv, d, i);
		}
	free(fill);
	size_t *vfill = xmalloc((n ? n : 1) * sizeof *vfill);
	memcpy(vfill, m->voff, (n ? n : 1) * sizeof *vfill);
	for (uint32_t t = 0; t < nt; t++)
		for (size_t p = m->poff[t]; p < m->poff[t + 1]; p++)
			m->vec[vfill[m->pdoc[p]]++] = (tw){ t, m->pw[p] };
	free(vfill);
}

/* Per term, candidate mode: its idf and where its entries go, in one 8-byte record (the
 * entry loop reads one a term, most of them a cache miss: one array, not three). */
typedef struct term_plan {
	float idf;
	uint32_t cls;        /* a common term's dense id (< ncommon), or TP_RARE, or TP_ONE */
} term_plan;
#define TP_RARE (UINT32_MAX - 1) /* df 2 to TPC_RARE_DF: postings */
#define TP_ONE UINT32_MAX        /* df 1: the vector only */

/* Candidate mode, per document on threads (model_candidates): its weights, and how many of
 * its entries are common and rare. */
typedef struct cand_job {
	model *m;
	const tpc_index *ix;
	const term_plan *plan;
	uint32_t *ncom, *nrar;   /* per document */
} cand_job;

/* Item d, first half: the unit vector of document d into m->vec (doc_inv_norms and
 * entry_weight in one pass: the same operations, so the same bits; idf * 2 is exact in
 * float) and its counts of common and rare entries. */
static void cand_weigh(void *ud, size_t d, unsigned worker)
{
	(void)worker;
	cand_job *j = ud;
	model *m = j->m;
	const tpc_index *ix = j->ix;
	const term_plan *plan = j->plan;
	size_t lo = m->voff[d], hi = m->voff[d + 1];
	double norm = 0;
	for (size_t i = lo; i < hi; i++) {
		uint32_t t = ix->term[i];
		float w = (float)(plan[t].idf * (ix->lead[i] ? TPC_LEAD_BOOST : 1.0));
		norm += (double)w * w;
		m->vec[i] = (tw){ t, w };
	}
	double inv = norm > 0 ? 1.0 / sqrt(norm) : 0;
	uint32_t nc = 0, nr = 0;
	for (size_t i = lo; i < hi; i++) {
		uint32_t cls = plan[m->vec[i].term].cls;
		m->vec[i].w = (float)(m->vec[i].w * inv);
		nc += cls < TP_RARE;
		nr += cls == TP_RARE;
	}
	j->ncom[d] = nc;
	j->nrar[d] = nr;
}

/* Item d, second half (m->coff and m->roff known): its common entries into m->cvec, its
 * rare ones into m->rent as term << 32 | weight bits, for model_candidates to place in the
 * postings in document order. */
static void cand_split(void *ud, size_t d, unsigned worker)
{
	(void)worker;
	cand_job *j = ud;
	model *m = j->m;
	size_t k = m->coff[d], kr = m->roff[d];
	for (size_t i = m->voff[d]; i < m->voff[d + 1]; i++) {
		uint32_t t = m->vec[i].term, cls = j->plan[t].cls;
		if (cls < TP_RARE) {
			m->cvec[k++] = (tw){ cls, m->vec[i].w };
		} else if (cls == TP_RARE) {
			uint32_t bits;
			memcpy(&bits, &m->vec[i].w, sizeof bits);
			m->rent[kr++] = (uint64_t)t << 32 | bits;
		}
	}
}

/* Candidate mode: the vectors straight from the index (in the document's own term order:
 * candidate scoring and the stories never need them sorted); beside them each document's
 * common terms (df over TPC_RARE_DF), numbered densely so a scattered vector fits in cache
 * (see score_one); postings only of the rare terms (df 2 to TPC_RARE_DF), the only ones
 * candidate scoring walks: a transposition of every entry, most of them common terms, was
 * a third of the model's cost. The documents' weights and entries are worked out on
 * `threads` threads, each into its own slots (and the first touch of the arrays, tens of MB,
 * with them: page faults were half of the serial model); only the rare entries, an eighth
 * of all on the 92 MB benchmark corpus, go into the postings serially, in document order. */
static void model_candidates(model *m, const tpc_index *ix, const float *idf, unsigned threads)
{
	size_t n = m->n;
	uint32_t nt = m->voc_p->n;
	const uint32_t *df = m->voc_p->df;
	term_plan *plan = xmalloc(((size_t)nt + 1) * sizeof *plan);
	m->poff = xcalloc((size_t)nt + 1, sizeof *m->poff);
	for (uint32_t t = 0; t < nt; t++) {
		bool rare = df[t] >= 2 && df[t] <= TPC_RARE_DF;
		plan[t] = (term_plan){ idf[t], df[t] > TPC_RARE_DF ? m->ncommon++ : rare ? TP_RARE : TP_ONE };
		m->poff[t + 1] = m->poff[t] + (rare ? df[t] : 0);
	}
	size_t nrare = m->poff[nt];
	cand_job j = { m, ix, plan, xmalloc((n ? n : 1) * sizeof(uint32_t)),
		       xmalloc((n ? n : 1) * sizeof(uint32_t)) };
	pool_for(n, threads, cand_weigh, &j);
	m->coff = xcalloc(n + 1, sizeof *m->coff);
	m->roff = xcalloc(n + 1, sizeof *m->roff);
	for (size_t d = 0; d < n; d++) {
		m->coff[d + 1] = m->coff[d] + j.ncom[d];
		m->roff[d + 1] = m->roff[d] + j.nrar[d];
	}
	free(j.ncom);
	free(j.nrar);
	size_t ncom = m->coff[n];
	assert(m->roff[n] == nrare);
	m->cvec = big_malloc((ncom ? ncom : 1) * sizeof *m->cvec);
	m->rent = big_malloc((nrare ? nrare : 1) * sizeof *m->rent);
	pool_for(n, threads, cand_split, &j);
	m->pdoc = big_malloc((nrare ? nrare : 1) * sizeof *m->pdoc);
	m->pw = big_malloc((nrare ? nrare : 1) * sizeof *m->pw);
	size_t *fill = xmalloc(((size_t)nt + 1) * sizeof *fill);
	memcpy(fill, m->poff, ((size_t)nt + 1) * sizeof *fill);
	for (size_t d = 0; d < n; d++)
		for (size_t k = m->roff[d]; k < m->roff[d + 1]; k++) {
			uint32_t t = (uint32_t)(m->rent[k] >> 32), bits = (uint32_t)m->rent[k];
			float w;
			memcpy(&w, &bits, sizeof w);
			size_t p = fill[t]++;
			m->pdoc[p] = (uint32_t)d;
			m->pw[p] = w;
			m->rent[k] = (uint64_t)p << 6 | (m->poff[t + 1] - p - 1);
		}
	free(fill);
	free(plan);
}

static void model_build(const tpc_index *ix, bool candidates, unsigned threads, model *m)
{
	memset(m, 0, sizeof *m);
	size_t n = ix->ndocs;
	m->n = n;
	m->voc_p = &ix->voc;
	m->voff = xcalloc(n + 1, sizeof *m->voff);
	memcpy(m->voff, ix->off, (n + 1) * sizeof *m->voff);
	size_t total = m->voff[n];
	m->vec = big_malloc((total ? total : 1) * sizeof *m->vec);
	float *idf = term_weights(m->voc_p, n);
	if (candidates) {
		model_candidates(m, ix, idf, threads);
	} else {
		double *inv = doc_inv_norms(ix, idf);
		model_exact(m, ix, idf, inv);
		free(inv);
	}
	free(idf);
}

static void model_free(model *m)
{
	free(m->vec);
	free(m->voff);
	free(m->pdoc);
	free(m->pw);
	free(m->poff);
	free(m->cvec);
	free(m->coff);
	free(m->rent);
	free(m->roff);
}

/* ---- pair scoring (worker threads, one document a time) ---- */

typedef struct row {
	tpc_pair *v;
	size_t n;
	uint64_t scored;
} row;

typedef struct score_job {
	const model *m;
	double pair_min;
	bool exact;
	row *rows;
	double **acc;        /* per worker, n entries */
	float **dense;       /* per worker, m->ncommon entries, zero between documents */
	uint32_t **touched;  /* per worker, n entries */
} score_job;

/* First posting of term t whose document is > a. */
static size_t postings_after(const model *m, uint32_t t, uint32_t a)
{
	size_t lo = m->poff[t], hi = m->poff[t + 1];
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (m->pdoc[mid] <= a)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static int pair_cmp(const void *x, const void *y)
{
	const tpc_pair *a = x, *b = y;
	if (a->a != b->a)
		return a->a < b->a ? -1 : 1;
	return a->b < b->b ? -1 : a->b > b->b;
}

static void score_one(void *ud, size_t i, unsigned worker)
{
	score_job *j = ud;
	const model *m = j->m;
	uint32_t a = (uint32_t)i;
	double *acc = j->acc[worker];
	uint32_t *touched = j->touched[worker];
	size_t nt = 0;
	if (j->exact) {
		const tw *va = m->vec + m->voff[a];
		size_t na = m->voff[a + 1] - m->voff[a];
		for (size_t k = 0; k < na; k++) {
			uint32_t t = va[k].term;
			if (m->voc_p->df[t] < 2)
				continue;
			for (size_t p = postings_after(m, t, a); p < m->poff[t + 1]; p++) {
				uint32_t b = m->pdoc[p];
				if (acc[b] == 0)
					touched[nt++] = b;
				acc[b] += (double)va[k].w * m->pw[p];
			}
		}
	} else {
		/* count the rare terms each later document shares with a (integer part) and add
		 * up their products (fraction, each < 1 / TPC_RARE_SHARED_SCALE): a's own
		 * posting of each rare term is known, the later ones follow it */
		for (size_t k = m->roff[a]; k < m->roff[a + 1]; k++) {
			size_t p0 = (size_t)(m->rent[k] >> 6), end = p0 + 1 + (m->rent[k] & 63);
			float w = m->pw[p0];
			for (size_t p = p0 + 1; p < end; p++) {
				uint32_t b = m->pdoc[p];
				if (b == a)
					continue; /* a caller's document that repeats a key */
				if (acc[b] == 0)
					touched[nt++] = b;
				acc[b] += 1.0 + (double)w * m->pw[p] / TPC_RARE_SCALE;
			}
		}
		/* a candidate's cosine: the rare terms' products already summed, plus its common
		 * terms looked up in a's common terms scattered densely (terms held by one
		 * document add nothing) */
		float *dense = j->dense[worker];
		const tw *ca = m->cvec + m->coff[a];
		size_t nca = m->coff[a + 1] - m->coff[a];
		for (size_t k = 0; k < nca; k++)
			dense[ca[k].term] = ca[k].w;
		for (size_t k = 0; k < nt; k++) {
			uint32_t b = touched[k];
			double shared = floor(acc[b]);
			double partial = (acc[b] - shared) * TPC_RARE_SCALE;
			if (shared >= TPC_RARE_SHARED && partial >= TPC_RARE_PARTIAL) {
				double s = partial;
				for (size_t q = m->coff[b]; q < m->coff[b + 1]; q++)
					s += (double)dense[m->cvec[q].term] * m->cvec[q].w;
				acc[b] = s;
			} else {
				acc[b] = -1; /* not a candidate; still cleared below */
			}
		}
		for (size_t k = 0; k < nca; k++)
			dense[ca[k].term] = 0;
	}
	row *r = &j->rows[a];
	size_t cap = 0;
	for (size_t k = 0; k < nt; k++) {
		uint32_t b = touched[k];
		double s = acc[b];
		acc[b] = 0;
		if (s >= 0)
			r->scored++;
		if (s < j->pair_min)
			continue;
		XGROW(r->v, cap, r->n + 1);
		r->v[r->n++] = (tpc_pair){ a, b, (float)(s > 1 ? 1 : s) };
	}
	/* the row in (a, b) order here, on the worker, not when the rows are joined */
	if (r->n > 1)
		qsort(r->v, r->n, sizeof *r->v, pair_cmp);
}

/* ---- API ---- */

int tpc_run(const tpc_doc *docs, size_t n, const tpc_opts *o, tpc_result **out)
{
	if (!out || !o || (!docs && n))
		return OVL_EUSAGE;
	*out = NULL;
	tpc_index *ix = tpc_index_new();
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = tpc_index_add(ix, &docs[i]);
	if (rc == 0)
		rc = tpc_index_run(ix, o, out);
	tpc_index_free(ix);
	return rc;
}

int tpc_index_run(const tpc_index *ix, const tpc_opts *o, tpc_result **out)
{
	if (!out || !o || !ix)
		return OVL_EUSAGE;
	*out = NULL;
	size_t n = ix->ndocs;
	if (!(o->story_cut >= 0 && o->story_cut <= 1) || !(o->pair_min >= 0 && o->pair_min <= 1))
		return OVL_EUSAGE;
	tpc_result *r = xcalloc(1, sizeof *r);
	r->exact = n <= o->exact_max;
	r->story = xcalloc(n ? n : 1, sizeof *r->story);
	*out = r;
	if (!n)
		return 0;

	unsigned threads = o->threads ? o->threads : pool_ncpu();
	model m;
	model_build(ix, !r->exact, threads, &m);
	score_job j = { &m, o->pair_min, r->exact, xcalloc(n, sizeof(row)),
			xcalloc(threads, sizeof(double *)), xcalloc(threads, sizeof(float *)),
			xcalloc(threads, sizeof(uint32_t *)) };
	for (unsigned t = 0; t < threads; t++) {
		j.acc[t] = xcalloc(n, sizeof(double));
		j.dense[t] = xcalloc(m.ncommon ? m.ncommon : 1, sizeof(float));
		j.touched[t] = xmalloc(n * sizeof(uint32_t));
	}
	pool_for(n, threads, score_one, &j);
	size_t total = 0;
	for (size_t i = 0; i < n; i++)
		total += j.rows[i].n;
	r->pairs = xmalloc((total ? total : 1) * sizeof *r->pairs);
	for (size_t i = 0; i < n; i++) {
		if (j.rows[i].n)
			memcpy(r->pairs + r->npairs, j.rows[i].v, j.rows[i].n * sizeof(tpc_pair));
		r->npairs += j.rows[i].n;
		r->ncandidates += j.rows[i].scored;
		free(j.rows[i].v);
	}
	free(j.rows);
	for (unsigned t = 0; t < threads; t++) {
		free(j.acc[t]);
		free(j.dense[t]);
		free(j.touched[t]);
	}
	free(j.acc);
	free(j.dense);
	free(j.touched);
	tpc_stories_build(&m, o, r);
	model_free(&m);
	return 0;
}

double tpc_sim(const tpc_result *r, uint32_t a, uint32_t b)
{
	if (!r || a == b)
		return 0;
	if (a > b) {
		uint32_t t = a;
		a = b;
		b = t;
	}
	size_t lo = 0, hi = r->npairs;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const tpc_pair *p = &r->pairs[mid];
		if (p->a == a && p->b == b)
			return p->sim;
		if (p->a < a || (p->a == a && p->b < b))
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

void tpc_result_free(tpc_result *r)
{
	if (!r)
		return;
	for (size_t s = 0; s < r->nstories; s++) {
		free(r->stories[s].docs);
		free(r->stories[s].label);
	}
	free(r->stories);
	free(r->story);
	free(r->pairs);
	free(r);
}
