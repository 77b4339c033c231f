/* claim_cluster.c - clusters mentions into claims and counts their independent sources.
 *
 * Each mention is a set of context features (stems, multi-word entities, units), weighted
 * by inverse mention frequency so that "Kaspersky" in a Kaspersky corpus weighs little
 * and "Naryshkin" much. Candidates come from an inverted index over the features (the
 * few very common ones are skipped for candidate generation only), each candidate pair is
 * verified with the exact weighted similarity (chunks of mentions on several threads: the
 * bulk of the stage on a large corpus), and pairs are merged best first when the
 * average similarity between the two groups stays high (so one loose pair cannot chain two
 * facts together). Two different words of one WordNet concept count as shared at
 * CONCEPT_GAIN (claim_keys.c lists each mention's concepts). Values, dates and polarity
 * are not context, so disagreeing mentions of one fact share a claim; an *equal* figure
 * (within stated rounding) or date adds to the clustering score only (VALUE_GAIN). Two mentions whose subjects are two different full names never join
 * (subject_clash). It does not parse text (claim.c) nor judge contradictions.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "claim_int.h"
#include "overlap/mem.h"
#include "overlap/pool.h"
#include "overlap/util.h"

/* ---- tuning ---- */

/* Features in more than this share of mentions (and more than POSTING_MIN) do not generate
 * candidates: such words ("kaspersky" in this corpus) have a low weight and would make the
 * candidate step quadratic; they still count in the verified similarity. */
#define POSTING_SHARE 0.2
#define POSTING_MIN 64
/* ... and never more than POSTING_CAP mentions, whatever the corpus size: with a cap that
 * grows with the corpus, candidate scoring grew about as n^2.4 (1,000 / 2,000 / 5,000
 * prose documents: 21 s / 107 s / over 10 minutes). A fixed cap bounds the candidates of
 * each mention, so the step grows with n; mentions of one fact share rarer words too.
 * Measured on dev-news (1,655 bodies): see bench/README.md. */
#define POSTING_CAP 256

/* Evidence that two mentions state one fact: shared content words, units and equal values
 * count one each, and who is named counts by the larger of shared entities and shared name
 * words ("Laura Pekkanen" / "Pekkanen" is one entity key apart but two name words). Two
 * facts about one person share the name and title ("Eugene Kaspersky took to Reddit" /
 * "Eugene Kaspersky studied at the KGB school"), so a pair needs MIN_EVIDENCE with at least
 * one shared word or value (what happened), or MIN_NAMES shared names of which
 * MIN_RARE_NAMES rare (a scene retold with other words: "Patrushev, flanked by Naryshkin
 * of the SVR"). Counting name words rather than whole keys raised recall on
 * tests/data/claims_para from 0.71 to 0.77 at precision 0.98. */
#define MIN_EVIDENCE 3
#define MIN_NAMES 3
#define MIN_RARE_NAMES 2

/* A name word is rare when at most this share of mentions has it (and at least 2 may):
 * "Naryshkin" and "KGB" are, "Kaspersky" in a corpus about Kaspersky is not. */
#define RARE_SHARE 0.1

/* Two mentions of one document join only above this similarity: a document rarely states
 * one fact twice, while its sentences about one subject share many words and would chain
 * its distinct facts into one claim. */
#define SAME_DOC_MIN 0.6

/* Two groups merge when their average pairwise similarity is at least this share of the
 * threshold. On tests/data/claims a fact and a neighbouring fact about it ("2.4 million
 * records were stolen" / "it delayed disclosing the breach") average 0.2 and chain into
 * one group below 0.85, while groups of paraphrases average 0.3 and more. */
#define LINK_AVG 0.9

/* Added to both mentions' weights in the similarity's denominator: a five-word bullet
 * sharing two words with a sentence is weaker evidence than a sentence sharing five
 * words, though plain cosine scores them alike. 2.0 is about half a rare word; with it
 * corpus/ loses a short-bullet false pair ("sanctioned by the US for helping Russian spy
 * agencies" / "firms work with US spy agencies") at the same recall (priors 0-6 and
 * thresholds 0.22-0.28 were compared). */
#define SHORT_PRIOR 2.0

/* Share of an equal value's weight (same figure with the same unit, same year, same day)
 * added to the clustering score: an equal figure is good evidence of one fact, but a year
 * is shared by many facts of one story, so it counts less than a shared content word. */
#define VALUE_GAIN 0.5

/* A short statement shares fewer words: two of them (one a word of what happened) are
 * evidence enough when they make up most of both ("This is not a confirmed case of
 * Ebola" / "it's not a confirmed Ebola case": similarity 0.77), at this multiple of the
 * threshold. */
#define SHORT_SIM 2.0

/* Two different content words of one WordNet concept (synonyms among their first senses,
 * or derivations: "probe" / "investigation", "infant" / "baby", "stomach" / "abdomen",
 * lex_concepts) count as a shared word at this share of the lighter one's weight: the same
 * idea in other words, but a sense guess. On the hand-labelled dev-news pairs
 * (docs/eval/claim-pairs-dev-news*.tsv) it ranks same-fact pairs a little better (AUC of the
 * similarity 0.800 -> 0.804, at the threshold 98 instead of 96 of 137 same-fact pairs, 20
 * of 79 others either way). Names were also tried at half weight (a name counts as its
 * entity key and each of its words): AUC 0.83 and precision 0.90 -> 0.92 at a threshold of
 * 0.24, but a short denial is a name and one word ("Willie Nelson is not dead"), and seven
 * real contradictions of dev-news were lost with their clusters. */
#define CONCEPT_GAIN 0.8

/* Mentions with more features than this skip concept matching (run-on text; news
 * sentences have under 60). */
#define CONCEPT_MAX_FEATURES 256

/* Name words a subject needs before a clash of subjects keeps two mentions apart: a full
 * name, not a surname or first name that may be another name's short form. */
#define SUBJECT_NAME_WORDS 2

/* ---- weights ---- */

typedef struct post {
	uint64_t f;
	uint32_t m;
} post;

static int cmp_post(const void *a, const void *b)
{
	const post *x = a, *y = b;
	if (x->f != y->f)
		return (x->f > y->f) - (x->f < y->f);
	return (x->m > y->m) - (x->m < y->m);
}

/* Postings sorted by feature, then mention; df of each posting's feature. */
static post *postings(const clm_set *s, size_t *np)
{
	post *p = xmalloc((s->nfeat + 1) * sizeof *p);
	size_t n = 0;
	for (size_t i = 0; i < s->nm; i++)
		for (size_t k = 0; k < s->moff[i].nf; k++) {
			p[n].f = s->feat[s->moff[i].f0 + k];
			p[n].m = (uint32_t)i;
			n++;
		}
	if (n)
		qsort(p, n, sizeof *p, cmp_post);
	*np = n;
	return p;
}

static void weigh(clm_set *s, const post *p, size_t np)
{
	/* df by binary search in the sorted postings */
	uint64_t *fs = xmalloc((np + 1) * sizeof *fs);
	uint32_t *df = xmalloc((np + 1) * sizeof *df);
	size_t nf = 0;
	for (size_t i = 0; i < np; i++) {
		if (nf && fs[nf - 1] == p[i].f) {
			df[nf - 1]++;
			continue;
		}
		fs[nf] = p[i].f;
		df[nf] = 1;
		nf++;
	}
	s->featw = xmalloc((s->nfeat + 1) * sizeof *s->featw);
	s->msum = xcalloc(s->nm + 1, sizeof *s->msum);
	double n = (double)s->nm;
	for (size_t i = 0; i < s->nm; i++) {
		for (size_t k = 0; k < s->moff[i].nf; k++) {
			size_t fi = s->moff[i].f0 + k;
			uint64_t *hit = bsearch(&s->feat[fi], fs, nf, sizeof *fs, util_cmp_u64);
			double d = hit ? df[hit - fs] : 1;
			/* log(1 + N/df): a name in two mentions weighs about 5, a word in a
			 * quarter of them about 1.6; never 0, so shared common words still count
			 * a little (squared or cut-off idf ranked the test pairs no better). */
			s->featw[fi] = log(1.0 + n / d);
			if (!clmc_feature_is_value(s->feat[fi]))
				s->msum[i] += s->featw[fi];
		}
	}
	free(fs);
	free(df);
	/* per mention, the weight of its words with concepts, each word once */
	s->csum = xcalloc(s->nm + 1, sizeof *s->csum);
	size_t maxf = 1;
	for (size_t i = 0; i < s->nm; i++)
		maxf = s->moff[i].nf > maxf ? s->moff[i].nf : maxf;
	uint8_t *seen = xcalloc(maxf, 1);
	for (size_t i = 0; i < s->nm; i++) {
		const clm_moff *mo = &s->moff[i];
		for (size_t k = 0; k < mo->nc; k++) {
			size_t fk = CLM_CONCEPT_K(s->con[mo->c0 + k]);
			if (!seen[fk])
				s->csum[i] += s->featw[mo->f0 + fk];
			seen[fk] = 1;
		}
		for (size_t k = 0; k < mo->nc; k++)
			seen[CLM_CONCEPT_K(s->con[mo->c0 + k])] = 0;
	}
	free(seen);
	double rare_df = RARE_SHARE * n;
	if (rare_df < 2)
		rare_df = 2;
	s->rare_w = log(1.0 + n / rare_df) - 1e-9;
}

/* ---- similarity ---- */

typedef struct evid {
	size_t words; /* shared content words, units and equal values */
	double wval;  /* weight of the equal values */
	size_t ents;  /* shared entity keys */
	size_t names; /* shared words of names (roles excluded) */
	size_t rare;  /* ... of which rare */
} evid;

/* Adds to *w and ev the content words of i and j that are not shared but name one WordNet
 * concept (both concept lists sorted by id): each word matches at most once, and only a
 * word the exact pass left unmatched (ua, ub: matched flags by feature index). */
static void concept_match(const clm_set *s, size_t i, size_t j, uint8_t *ua, uint8_t *ub,
			  double *w, evid *ev)
{
	const clm_moff *a = &s->moff[i], *b = &s->moff[j];
	const uint64_t *ca = s->con + a->c0, *cb = s->con + b->c0;
	const double *wa = s->featw + a->f0, *wb = s->featw + b->f0;
	size_t x = 0, y = 0;
	while (x < a->nc && y < b->nc) {
		uint32_t ida = CLM_CONCEPT_ID(ca[x]), idb = CLM_CONCEPT_ID(cb[y]);
		if (ida < idb) {
			x++;
			continue;
		}
		if (ida > idb) {
			y++;
			continue;
		}
		size_t xe = x, ye = y;
		while (xe < a->nc && CLM_CONCEPT_ID(ca[xe]) == ida)
			xe++;
		while (ye < b->nc && CLM_CONCEPT_ID(cb[ye]) == ida)
			ye++;
		for (size_t p = x; p < xe; p++) {
			size_t ka = CLM_CONCEPT_K(ca[p]);
			for (size_t q = y; q < ye && !ua[ka]; q++) {
				size_t kb = CLM_CONCEPT_K(cb[q]);
				if (ub[kb])
					continue;
				ua[ka] = ub[kb] = 1;
				*w += CONCEPT_GAIN * (wa[ka] < wb[kb] ? wa[ka] : wb[kb]);
				ev->words++;
			}
		}
		x = xe;
		y = ye;
	}
}

/* Weighted similarity of mentions i and j, and the evidence behind it. With cutoff > 0,
 * the concept pass is skipped where even all of it could not bring the clustering score
 * (cluster_score) to cutoff: the caller then only needs to know the pair falls short. */
static double sim_count(const clm_set *s, size_t i, size_t j, evid *ev, double cutoff)
{
	const clm_moff *a = &s->moff[i], *b = &s->moff[j];
	const uint64_t *fa = s->feat + a->f0, *fb = s->feat + b->f0;
	const double *wa = s->featw + a->f0, *wb = s->featw + b->f0;
	size_t x = 0, y = 0, nval = 0;
	double w = 0;
	memset(ev, 0, sizeof *ev);
	/* matched flags by feature index, for the concept pass */
	uint8_t ua[CONCEPT_MAX_FEATURES], ub[CONCEPT_MAX_FEATURES];
	bool concepts = a->nc && b->nc && a->nf <= CONCEPT_MAX_FEATURES &&
			b->nf <= CONCEPT_MAX_FEATURES;
	if (concepts) {
		memset(ua, 0, a->nf);
		memset(ub, 0, b->nf);
	}
	while (x < a->nf && y < b->nf) {
		if (fa[x] < fb[y]) {
			x++;
		} else if (fa[x] > fb[y]) {
			y++;
		} else {
			unsigned kind = clmc_feature_kind(fa[x]);
			if (clmc_feature_is_value(fa[x])) {
				/* counted below, at most one per figure */
				ev->wval += (wa[x] + wb[y]) * 0.5;
				nval++;
			} else {
				w += (wa[x] + wb[y]) * 0.5;
				if (kind == CLM_FK_WORD || kind == CLM_FK_UNIT) {
					ev->words++;
				} else if (kind == CLM_FK_ENTITY) {
					ev->ents++;
				} else if (!(fa[x] & CLM_FEAT_ROLE_BIT)) {
					ev->names++;
					ev->rare += wa[x] >= s->rare_w;
				}
			}
			if (concepts)
				ua[x] = ub[y] = 1;
			x++;
			y++;
		}
	}
	double den = sqrt((s->msum[i] + SHORT_PRIOR) * (s->msum[j] + SHORT_PRIOR));
	if (concepts && cutoff > 0 && den > 0) {
		double most = s->csum[i] < s->csum[j] ? s->csum[i] : s->csum[j];
		concepts = (w + CONCEPT_GAIN * most + VALUE_GAIN * ev->wval) / den >= cutoff;
	}
	if (concepts)
		concept_match(s, i, j, ua, ub, &w, ev);
	/* a figure agrees at its stated precision and one digit coarser (claim_keys.c), a date
	 * by year and by day: at most one agreement per figure and two per date */
	size_t cap_a = a->nq + 2 * a->nd, cap_b = b->nq + 2 * b->nd;
	size_t cap = cap_a < cap_b ? cap_a : cap_b;
	if (nval > cap) {
		ev->wval *= (double)cap / (double)nval;
		nval = cap;
	}
	ev->words += nval;
	return den > 0 ? w / den : 0;
}

double clmc_similarity(const clm_set *s, size_t i, size_t j)
{
	evid ev;
	if (i == j)
		return 1;
	return sim_count(s, i, j, &ev, 0);
}

/* Whether any feature of list x[0..nx) is among mention m's features (both sorted). */
static bool any_feature(const clm_set *s, size_t m, const uint64_t *x, size_t nx)
{
	const uint64_t *f = s->feat + s->moff[m].f0;
	size_t nf = s->moff[m].nf, a = 0, b = 0;
	while (a < nx && b < nf) {
		if (x[a] == f[b])
			return true;
		if (x[a] < f[b])
			a++;
		else
			b++;
	}
	return false;
}

/* Whether mentions i and j are about two different parties: both name who the statement is
 * about with a full name (SUBJECT_NAME_WORDS words or more in the subject, fct_svo_read)
 * and neither names the other's anywhere ("Positive Technologies is under EU sanctions" /
 * "Angara Security ... (under European Union sanctions)"). Two facts about two companies
 * share the predicate and the object, never the subject. A short form ("Jackson, 57, died
 * Tuesday") may be another name of the same person ("Big Bank Hank ... died"), so it never
 * separates. */
static bool subject_clash(const clm_set *s, size_t i, size_t j)
{
	const clm_moff *a = &s->moff[i], *b = &s->moff[j];
	if (a->nj < SUBJECT_NAME_WORDS || b->nj < SUBJECT_NAME_WORDS)
		return false;
	return !any_feature(s, j, s->subj + a->j0, a->nj) &&
	       !any_feature(s, i, s->subj + b->j0, b->nj);
}

/* Score for clustering: the context similarity plus VALUE_GAIN of the equal values'
 * weight over the same denominator (never a penalty for values that differ). */
static double cluster_score(const clm_set *s, size_t i, size_t j, evid *ev, double cutoff)
{
	double sim = sim_count(s, i, j, ev, cutoff);
	if (ev->wval > 0) {
		double den = sqrt((s->msum[i] + SHORT_PRIOR) * (s->msum[j] + SHORT_PRIOR));
		sim += den > 0 ? VALUE_GAIN * ev->wval / den : 0;
	}
	return sim < 1 ? sim : 1;
}

static double pair_score(const clm_set *s, size_t i, size_t j)
{
	evid ev;
	if (i == j)
		return 1;
	return subject_clash(s, i, j) ? 0 : cluster_score(s, i, j, &ev, 0);
}

/* ---- clustering ---- */

typedef struct edge {
	uint32_t a, b;
	double sim;
} edge;

static int cmp_edge(const void *x, const void *y)
{
	const edge *a = x, *b = y;
	if (a->sim != b->sim)
		return a->sim < b->sim ? 1 : -1;
	if (a->a != b->a)
		return (a->a > b->a) - (a->a < b->a);
	return (a->b > b->b) - (a->b < b->b);
}

static uint32_t find(uint32_t *par, uint32_t x)
{
	while (par[x] != x) {
		par[x] = par[par[x]];
		x = par[x];
	}
	return x;
}

/* Mentions a work item of candidate_edges takes: few enough that a corpus of a few hundred
 * mentions spreads over several items (and threads), enough that taking an item costs
 * nothing beside the pairs it scores. */
#define CAND_CHUNK 64

typedef struct cand_job {
	const clm_set *s;
	const post *p;
	size_t np, maxdf;
	const uint32_t *story;
	double **acc;       /* per worker: shared-feature count per mention, 0 when untouched */
	uint32_t **touched; /* per worker: the mentions acc holds */
	edge **e;           /* per chunk: its edges, in mention order */
	size_t *ne, *cap;
} cand_job;

/* The edges of mentions [c * CAND_CHUNK, ...) to later mentions. */
static void cand_chunk(void *ud, size_t c, unsigned worker)
{
	cand_job *J = ud;
	const clm_set *s = J->s;
	const post *p = J->p;
	size_t np = J->np;
	double *acc = J->acc[worker];
	uint32_t *touched = J->touched[worker];
	size_t i0 = c * CAND_CHUNK, i1 = i0 + CAND_CHUNK < s->nm ? i0 + CAND_CHUNK : s->nm;
	for (size_t i = i0; i < i1; i++) {
		size_t nt = 0;
		const clm_moff *mo = &s->moff[i];
		for (size_t k = 0; k < mo->nf; k++) {
			uint64_t f = s->feat[mo->f0 + k];
			size_t lo = 0, hi = np;
			while (lo < hi) {
				size_t mid = (lo + hi) / 2;
				if (p[mid].f < f)
					lo = mid + 1;
				else
					hi = mid;
			}
			size_t end = lo;
			while (end < np && p[end].f == f)
				end++;
			if (end - lo > J->maxdf)
				continue;
			for (size_t q = lo; q < end; q++) {
				uint32_t j = p[q].m;
				if (j <= i)
					continue;
				if (acc[j] == 0)
					touched[nt++] = j;
				acc[j] += 1;
			}
		}
		for (size_t t = 0; t < nt; t++) {
			uint32_t j = touched[t];
			acc[j] = 0;
			evid ev;
			/* only pairs at the threshold become edges: the concept pass is
			 * spared where it cannot get there (the scores of the edges kept
			 * are exact) */
			double sim = cluster_score(s, i, j, &ev, s->threshold);
			size_t who = ev.names > ev.ents ? ev.names : ev.ents;
			/* never one name alone: 35 mentions of "Abu Bakr al-Baghdadi" in 28
			 * sources (a mother's plea, reports of his injury) were one claim when
			 * its three name words counted as three names; a scene retold needs two
			 * different named parties ("Patrushev, flanked by Naryshkin") */
			bool evidence = (ev.words >= 1 && ev.words + who >= MIN_EVIDENCE) ||
					(ev.words >= 1 && ev.words + who >= MIN_EVIDENCE - 1 &&
					 sim >= SHORT_SIM * s->threshold) ||
					(ev.names >= MIN_NAMES && ev.rare >= MIN_RARE_NAMES &&
					 ev.ents >= 2);
			if (!evidence || sim < s->threshold)
				continue;
			if (subject_clash(s, i, j))
				continue;
			if (s->m[i].doc == s->m[j].doc && sim < SAME_DOC_MIN)
				continue;
			if (J->story && J->story[s->m[i].doc] != J->story[s->m[j].doc])
				continue;
			XGROW(J->e[c], J->cap[c], J->ne[c] + 1);
			J->e[c][J->ne[c]++] = (edge){ .a = (uint32_t)i, .b = j, .sim = sim };
		}
	}
}

/* Every pair of mentions that shares a feature of at most maxdf mentions and passes the
 * evidence rules, as an edge with its exact clustering score. Each chunk of mentions is
 * one work item on `threads` threads; the chunks' edges are joined in mention order, so the
 * list is the same for any thread count (and is sorted by score afterwards). */
static edge *candidate_edges(const clm_set *s, const post *p, size_t np, const uint32_t *story,
			     unsigned threads, size_t *ne)
{
	size_t maxdf = (size_t)(POSTING_SHARE * (double)s->nm);
	if (maxdf < POSTING_MIN)
		maxdf = POSTING_MIN;
	if (maxdf > POSTING_CAP)
		maxdf = POSTING_CAP;
	size_t nchunks = (s->nm + CAND_CHUNK - 1) / CAND_CHUNK;
	if (threads < 1)
		threads = 1;
	if (threads > nchunks)
		threads = nchunks ? (unsigned)nchunks : 1;
	cand_job J = { .s = s, .p = p, .np = np, .maxdf = maxdf, .story = story };
	J.acc = xcalloc(threads, sizeof *J.acc);
	J.touched = xcalloc(threads, sizeof *J.touched);
	for (unsigned w = 0; w < threads; w++) {
		J.acc[w] = xcalloc(s->nm + 1, sizeof **J.acc);
		J.touched[w] = xmalloc((s->nm + 1) * sizeof **J.touched);
	}
	J.e = xcalloc(nchunks + 1, sizeof *J.e);
	J.ne = xcalloc(nchunks + 1, sizeof *J.ne);
	J.cap = xcalloc(nchunks + 1, sizeof *J.cap);
	pool_for(nchunks, threads, cand_chunk, &J);
	for (unsigned w = 0; w < threads; w++) {
		free(J.acc[w]);
		free(J.touched[w]);
	}
	free(J.acc);
	free(J.touched);
	edge *e = xjoin((void **)J.e, J.ne, nchunks, sizeof *e, ne);
	free(J.e);
	free(J.ne);
	free(J.cap);
	return e;
}

/* Member lists of groups as linked lists: next[m], head per root, size per root. */
typedef struct groups {
	uint32_t *par, *next, *tail, *size;
} groups;

static double avg_link(const clm_set *s, const groups *g, uint32_t ra, uint32_t rb)
{
	double sum = 0;
	size_t n = 0;
	for (uint32_t x = ra; x != UINT32_MAX; x = g->next[x])
		for (uint32_t y = rb; y != UINT32_MAX; y = g->next[y]) {
			sum += pair_score(s, x, y);
			n++;
		}
	return n ? sum / (double)n : 0;
}

/* Two mentions of one document may share a claim only when they are close (SAME_DOC_MIN),
 * also when they meet through other documents' mentions. */
static bool same_doc_ok(const clm_set *s, const groups *g, uint32_t ra, uint32_t rb)
{
	for (uint32_t x = ra; x != UINT32_MAX; x = g->next[x])
		for (uint32_t y = rb; y != UINT32_MAX; y = g->next[y])
			if (s->m[x].doc == s->m[y].doc && pair_score(s, x, y) < SAME_DOC_MIN)
				return false;
	return true;
}

/* Joins the mentions of the ne sorted edges into groups (average linkage past the first
 * pair); g's arrays are allocated here for s->nm mentions. */
static void link_groups(const clm_set *s, const edge *e, size_t ne, groups *g0)
{
	groups g;
	size_t nm = s->nm;
	g.par = xmalloc((nm + 1) * sizeof *g.par);
	g.next = xmalloc((nm + 1) * sizeof *g.next);
	g.tail = xmalloc((nm + 1) * sizeof *g.tail);
	g.size = xmalloc((nm + 1) * sizeof *g.size);
	for (uint32_t i = 0; i < nm; i++) {
		g.par[i] = i;
		g.next[i] = UINT32_MAX;
		g.tail[i] = i;
		g.size[i] = 1;
	}
	for (size_t k = 0; k < ne; k++) {
		uint32_t ra = find(g.par, e[k].a), rb = find(g.par, e[k].b);
		if (ra == rb)
			continue;
		if (g.size[ra] > 1 || g.size[rb] > 1) {
			if (!same_doc_ok(s, &g, ra, rb) ||
			    avg_link(s, &g, ra, rb) < LINK_AVG * s->threshold) {
					continue;
			}
		}
		if (rb < ra) {
			uint32_t t = ra;
			ra = rb;
			rb = t;
		}
		/* merge the lists keeping mention order (both sorted ascending) */
		uint32_t head = UINT32_MAX, tail = UINT32_MAX;
		uint32_t x = ra, y = rb;
		while (x != UINT32_MAX || y != UINT32_MAX) {
			uint32_t pick;
			if (y == UINT32_MAX || (x != UINT32_MAX && x < y)) {
				pick = x;
				x = g.next[x];
			} else {
				pick = y;
				y = g.next[y];
			}
			if (head == UINT32_MAX)
				head = pick;
			else
				g.next[tail] = pick;
			tail = pick;
		}
		g.next[tail] = UINT32_MAX;
		g.par[rb] = ra;
		g.size[ra] += g.size[rb];
		g.tail[ra] = tail;
	}
	*g0 = g;
}

/* s->doc_source: source numbers by first appearance (documents of one source group share
 * one). */
static void number_sources(clm_set *s, const uint32_t *source_group)
{
	s->doc_source = xcalloc(s->ndocs + 1, sizeof *s->doc_source);
	uint32_t next = 0;
	for (size_t d = 0; d < s->ndocs; d++) {
		s->doc_source[d] = 0;
		if (source_group) {
			for (size_t d2 = 0; d2 < d; d2++)
				if (source_group[d2] == source_group[d]) {
					s->doc_source[d] = s->doc_source[d2];
					break;
				}
		}
		if (!s->doc_source[d])
			s->doc_source[d] = ++next;
	}
}

/* The claims of the groups, in order of their first mention: mentions, documents
 * (ascending), sources. */
static void build_claims(clm_set *s, const groups *g0)
{
	groups g = *g0;
	size_t nm = s->nm;
	uint32_t *cid = xmalloc((nm + 1) * sizeof *cid);
	s->nc = 0;
	for (uint32_t i = 0; i < nm; i++)
		if (find(g.par, i) == i)
			cid[i] = (uint32_t)s->nc++;
	s->c = xcalloc(s->nc + 1, sizeof *s->c);
	s->cm = xmalloc((nm + 1) * sizeof *s->cm);
	s->cd = xmalloc((nm + 1) * sizeof *s->cd);
	size_t mpos = 0, dpos = 0;
	uint32_t *seen_src = NULL;
	size_t seen_cap = 0;
	for (uint32_t i = 0; i < nm; i++) {
		if (find(g.par, i) != i)
			continue;
		clm_claim *c = &s->c[cid[i]];
		size_t m0 = mpos, d0 = dpos, nsrc = 0;
		for (uint32_t x = i; x != UINT32_MAX; x = g.next[x]) {
			s->m[x].claim = cid[i];
			s->cm[mpos++] = x;
			uint32_t doc = s->m[x].doc;
			bool have = false;
			for (size_t k = d0; k < dpos; k++)
				have |= s->cd[k] == doc;
			if (!have) {
				s->cd[dpos++] = doc;
				uint32_t src = s->doc_source[doc];
				bool hs = false;
				for (size_t k = 0; k < nsrc; k++)
					hs |= seen_src[k] == src;
				if (!hs) {
					XGROW(seen_src, seen_cap, nsrc + 1);
					seen_src[nsrc++] = src;
				}
			}
		}
		/* documents ascending */
		for (size_t a = d0 + 1; a < dpos; a++) {
			uint32_t v = s->cd[a];
			size_t b = a;
			while (b > d0 && s->cd[b - 1] > v) {
				s->cd[b] = s->cd[b - 1];
				b--;
			}
			s->cd[b] = v;
		}
		c->nmentions = mpos - m0;
		c->ndocs = dpos - d0;
		c->sources = (uint32_t)nsrc;
		c->single_source = nsrc == 1;
		/* pointers set below, once cm/cd are final (they are: fixed size) */
		c->mentions = s->cm + m0;
		c->docs = s->cd + d0;
	}
	free(seen_src);
	free(cid);
}

/* Per-document claim lists (all, and single-source), ascending claim index. */
static void doc_claim_lists(clm_set *s)
{
	s->dc_off = xcalloc(s->ndocs + 2, sizeof *s->dc_off);
	s->ds_off = xcalloc(s->ndocs + 2, sizeof *s->ds_off);
	for (size_t c = 0; c < s->nc; c++)
		for (size_t k = 0; k < s->c[c].ndocs; k++) {
			s->dc_off[s->c[c].docs[k] + 1]++;
			if (s->c[c].single_source)
				s->ds_off[s->c[c].docs[k] + 1]++;
		}
	for (size_t d = 0; d < s->ndocs; d++) {
		s->dc_off[d + 1] += s->dc_off[d];
		s->ds_off[d + 1] += s->ds_off[d];
	}
	s->dc = xmalloc((s->dc_off[s->ndocs] + 1) * sizeof *s->dc);
	s->ds = xmalloc((s->ds_off[s->ndocs] + 1) * sizeof *s->ds);
	uint32_t *fc = xcalloc(s->ndocs + 1, sizeof *fc), *fs = xcalloc(s->ndocs + 1, sizeof *fs);
	for (size_t c = 0; c < s->nc; c++)
		for (size_t k = 0; k < s->c[c].ndocs; k++) {
			uint32_t d = s->c[c].docs[k];
			s->dc[s->dc_off[d] + fc[d]++] = (uint32_t)c;
			if (s->c[c].single_source)
				s->ds[s->ds_off[d] + fs[d]++] = (uint32_t)c;
		}
	free(fc);
	free(fs);
}

void clmc_cluster(clm_set *s, const uint32_t *source_group, const uint32_t *story,
		  unsigned threads)
{
	size_t np;
	post *p = postings(s, &np);
	weigh(s, p, np);
	size_t ne;
	edge *e = candidate_edges(s, p, np, story, threads, &ne);
	free(p);
	if (ne)
		qsort(e, ne, sizeof *e, cmp_edge);
	/* groups keyed by their first (lowest) mention: the root is always the head */
	groups g;
	link_groups(s, e, ne, &g);
	free(e);
	number_sources(s, source_group);
	build_claims(s, &g);
	free(g.par);
	free(g.next);
	free(g.tail);
	free(g.size);
	doc_claim_lists(s);
}
