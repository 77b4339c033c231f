/* align.c - shared passages between two documents by seed, chain and banded alignment.
 *
 * Workload: pairs of news articles of 300-10,000 words; the bench target is 1,000 pairs of
 * ~5,000 words in < 10 s on one core, so a pair gets ~10 ms and nothing may be O(n*m).
 * Pipeline: (1) seeds = equal n-grams of content-word keys (stop words skipped inside a
 * gram, so "heads of security and intelligence" and "heads of security, intelligence"
 * share grams), found through a hash index of the smaller side; (2) seeds chained along
 * near-diagonals (drift <= band per link, links <= max_gap + gram span apart); (3) each
 * chain is extended and trimmed by a Smith-Waterman local alignment confined to a band
 * around the chain's path, and split where more than max_gap words in a row are
 * unaligned; (4) matched = exact LCS of the two spans (banded for very long passages);
 * (5) overlapping candidates are resolved best-first. Steps (3) and (4) are align_sw.c.
 * It does not decide what is boilerplate corpus-wide (boilerplate.c) and never prints.
 */
#include "overlap/align.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "overlap/err.h"
#include "overlap/mem.h"
#include "overlap/stem.h"
#include "align_int.h"

/* ======================= tuning ======================= */
/* Defaults were measured with tests/unit/test_align.c (passages of 20-150 words cut from
 * corpus/ articles, planted into other articles with 0-20% edits, 1,500 trials) and with
 * bench/bench_align.c (synthetic 5,000-word pairs drawn from the same vocabulary, which
 * share topic words and frequent bigrams but no passages). See aln_opts_default(). */

/* A gram may skip stop words but must fit in seed_n + GRAM_SKIP tokens: a longer span
 * means the "content words" are far apart and the gram says little. */
#define GRAM_SKIP 4

/* A gram occurring more often than this in the indexed side is not used as a seed
 * (repeated headings, lists, hostile input); caps seeds at MAX_GRAM_OCC * n. */
#define MAX_GRAM_OCC 16

/* Chaining looks back at most this many seeds (sorted by a position) for a predecessor:
 * bounds the chaining cost on pathological input without hurting real chains, whose
 * predecessor is almost always among the last few seeds. */
#define CHAIN_LOOKBACK 64

/* A chain needs this many seeds before it is worth a banded alignment. Two overlapping
 * seeds = one shared 3-content-word phrase, which topic vocabulary produces all the
 * time; the alignment and the min_words/min_score cuts then decide. */
#define MIN_CHAIN_SEEDS 2

/* Pieces shorter than this (shorter side, words) are dropped before merging: a shared
 * two-word name is not evidence of a passage even next to another piece. */
#define MIN_PIECE_WORDS 3

/* ======================= types ======================= */

typedef struct cand {
	uint32_t a0, a1, b0, b1; /* token ranges [a0, a1), [b0, b1) */
	int32_t sw;              /* local alignment score, for best-first selection */
} cand;

/* ======================= helpers ======================= */

static bool is_vowel(uint8_t c)
{
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

/* Spelling skeleton of a normalised ASCII word of 4+ letters (see aln_word_match), 0 if
 * the word does not qualify. */
static uint64_t skeleton(const char *w, size_t n)
{
	if (n < 4 || n > 64)
		return 0;
	char out[130];
	size_t k = 0;
	uint8_t prev = 0;
	for (size_t x = 0; x < n; x++) {
		uint8_t c = (uint8_t)w[x];
		if (c < 'a' || c > 'z')
			return 0;
		uint8_t next = x + 1 < n ? (uint8_t)w[x + 1] : 0;
		uint8_t orig = c;
		if (c == 'z')
			c = 's';
		else if (c == 'c' && (next == 'e' || next == 'i' || next == 'y'))
			c = 's'; /* defence/defense, licence/license */
		else if (c == 'c' && next == 'k')
			continue; /* ck -> k */
		else if (c == 'p' && next == 'h') {
			c = 'f';
			x++;
			orig = 'h';
		}
		if (x > 0 && is_vowel(c)) {
			prev = orig;
			continue;
		}
		if (x > 0 && orig == prev) /* doubled letter: travelled/traveled */
			continue;
		prev = orig;
		if (c == 'x') {
			out[k++] = 'k';
			out[k++] = 's';
		} else {
			out[k++] = (char)c;
		}
	}
	if (k > 3 && out[k - 1] == 's')
		k--;
	if (k < 2)
		return 0;
	uint64_t h = XXH3_64bits(out, k);
	return h ? h : 1;
}

static uint64_t mix(uint64_t h, uint64_t k)
{
	h ^= k + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
	return h * 0xff51afd7ed558ccdull;
}

/* grams of one token list; gend may be NULL. */
static void compute_grams(unsigned seed_n, const tok_list *t, const uint64_t *keys,
			  const uint8_t *stop, uint64_t *grams, uint32_t *gend)
{
	size_t n = t->n;
	for (size_t i = 0; i < n; i++) {
		grams[i] = 0;
		if (gend)
			gend[i] = (uint32_t)i + 1;
		if (stop[i])
			continue;
		uint64_t h = 0x2545f4914f6cdd1dull;
		unsigned got = 0;
		size_t x = i;
		size_t lim = i + seed_n + GRAM_SKIP;
		for (; x < n && x < lim && got < seed_n; x++) {
			if (stop[x])
				continue;
			h = mix(h, keys[x]);
			got++;
		}
		if (got < seed_n)
			continue;
		grams[i] = h ? h : 1;
		if (gend)
			gend[i] = (uint32_t)x;
	}
}

static void stop_flags(const tok_list *t, uint8_t *stop)
{
	for (size_t i = 0; i < t->n; i++)
		stop[i] = (uint8_t)stem_is_stop(t->norm + t->v[i].norm_off, t->v[i].norm_len);
}

static void prep_fill(const aln_doc *d, unsigned seed_n, aln_prep *p)
{
	const tok_list *t = d->toks;
	p->n = (uint32_t)t->n;
	p->seed_n = seed_n;
	p->stop = xmalloc(t->n + 1);
	p->skel = xmalloc((t->n + 1) * sizeof(uint64_t));
	p->gram = xmalloc((t->n + 1) * sizeof(uint64_t));
	p->gend = xmalloc((t->n + 1) * sizeof(uint32_t));
	stop_flags(t, p->stop);
	for (size_t i = 0; i < t->n; i++)
		p->skel[i] = skeleton(t->norm + t->v[i].norm_off, t->v[i].norm_len);
	compute_grams(seed_n, t, d->keys, p->stop, p->gram, p->gend);
}

void aln_prepare(const aln_opts *o, const aln_doc *d, aln_prep *out)
{
	prep_fill(d, o->seed_n, out);
}

void aln_prep_free(aln_prep *p)
{
	if (!p)
		return;
	free(p->stop);
	free(p->skel);
	free(p->gram);
	free(p->gend);
	memset(p, 0, sizeof *p);
}

static void side_init(side *s, const aln_doc *d, unsigned seed_n)
{
	const tok_list *t = d->toks;
	s->n = (uint32_t)t->n;
	s->v = t->v;
	s->norm = t->norm;
	s->key = d->keys;
	s->common = d->common;
	const aln_prep *p = d->prep;
	s->owned = !(p && p->n == t->n && p->seed_n == seed_n && p->stop);
	aln_prep own;
	if (s->owned) {
		prep_fill(d, seed_n, &own);
		p = &own;
	}
	s->stop = p->stop;
	s->skel = p->skel;
	s->gram = p->gram;
	s->gend = p->gend;
}

static void side_free(side *s)
{
	if (!s->owned)
		return; /* borrowed from the document's aln_prep */
	free(s->stop);
	free(s->skel);
	free(s->gram);
	free(s->gend);
}

static int cmp_seed(const void *x, const void *y)
{
	const seed *p = x, *q = y;
	if (p->i != q->i)
		return p->i < q->i ? -1 : 1;
	return (p->j > q->j) - (p->j < q->j);
}

/* All (i in a, j in b) with equal grams. Indexes the smaller side. */
static seed *find_seeds(const side *a, const side *b, size_t *nseeds)
{
	bool a_small = a->n <= b->n;
	const side *ix = a_small ? a : b, *q = a_small ? b : a;
	size_t cap = 16;
	while (cap < 2 * (size_t)ix->n)
		cap <<= 1;
	uint64_t *hk = xcalloc(cap, sizeof(uint64_t));
	uint32_t *head = xmalloc(cap * sizeof(uint32_t));
	uint16_t *cnt = xcalloc(cap, sizeof(uint16_t));
	uint32_t *next = xmalloc((ix->n + 1) * sizeof(uint32_t));
	for (uint32_t i = ix->n; i-- > 0;) { /* backwards: lists come out ascending */
		uint64_t g = ix->gram[i];
		if (!g)
			continue;
		size_t s = (size_t)(g ^ (g >> 32)) & (cap - 1);
		while (hk[s] && hk[s] != g)
			s = (s + 1) & (cap - 1);
		if (!hk[s]) {
			hk[s] = g;
			head[s] = UINT32_MAX;
		}
		next[i] = head[s];
		head[s] = i;
		if (cnt[s] < UINT16_MAX)
			cnt[s]++;
	}
	seed *out = NULL;
	size_t nout = 0, ocap = 0;
	for (uint32_t j = 0; j < q->n; j++) {
		uint64_t g = q->gram[j];
		if (!g)
			continue;
		size_t s = (size_t)(g ^ (g >> 32)) & (cap - 1);
		while (hk[s] && hk[s] != g)
			s = (s + 1) & (cap - 1);
		if (!hk[s] || cnt[s] > MAX_GRAM_OCC)
			continue;
		for (uint32_t i = head[s]; i != UINT32_MAX; i = next[i]) {
			XGROW(out, ocap, nout + 1);
			out[nout].i = a_small ? i : j;
			out[nout].j = a_small ? j : i;
			nout++;
		}
	}
	free(hk);
	free(head);
	free(cnt);
	free(next);
	if (a_small && nout > 1) /* emitted in b order: sort by a position */
		qsort(out, nout, sizeof(*out), cmp_seed);
	*nseeds = nout;
	return out;
}

/* ======================= API ======================= */

aln_opts aln_opts_default(void)
{
	/* Measured with tests/unit/test_align.c (1,146 planted passages with <= 15% edits,
	 * 354 with 15-20%, 40 pairs of 2,000-word Markov texts trained on the corpus, the 10
	 * real corpus pairs). Only min_words and max_gap moved the figures; the others were
	 * flat over the ranges tried and are set by the reasoning given. */
	aln_opts o;
	/* Content-word bigrams of stems (stop words skipped inside a gram). seed_n 3 drops
	 * recall at <= 15% edits from 0.988 to 0.938 and misses the reworded list passage
	 * of corpus 000/001: reworded text keeps runs of two or three content words. */
	o.seed_n = 2;
	/* Chance passages between same-topic texts appear at min_words 6 (2 in 40 Markov
	 * pairs; "to remove Kaspersky software from their" between two real articles) and
	 * vanish at 8; 10 keeps a 2-word margin, and reworded sentences (12+ words) pass. */
	o.min_words = 10;
	/* Share of aligned words (2*matched/(a+b)). Planted edited copies score >= 0.7 and
	 * reworded sentences 0.6-0.9; 0.4-0.6 gave identical results, 0.5 is the middle. */
	o.min_score = 0.5;
	/* Longest unaligned run inside a passage. 5 loses recall (0.960 at <= 15% edits,
	 * 0.715 at 15-20%) and the reworded list passage; 8 -> 0.988 / 0.842; 12 adds
	 * little (0.989 / 0.884) while letting chance neighbours merge more easily. */
	o.max_gap = 8;
	/* Band half-width: diagonal drift allowed between chained seeds and around the chain
	 * in the alignment. 6-16 gave the same figures; 10 covers an inserted or deleted
	 * clause between two seeds. */
	o.band = 10;
	return o;
}

int aln_grams(const aln_opts *opts, const tok_list *toks, const uint64_t *keys,
	      uint64_t *grams)
{
	if (!opts || !toks || (!keys && toks->n) || (!grams && toks->n))
		return OVL_EUSAGE;
	if (opts->seed_n == 0 || opts->seed_n > ALN_MAX_SEED_N)
		return OVL_EUSAGE;
	if (toks->n == 0)
		return 0;
	uint8_t *stop = xmalloc(toks->n);
	stop_flags(toks, stop);
	compute_grams(opts->seed_n, toks, keys, stop, grams, NULL);
	free(stop);
	return 0;
}

bool aln_word_match(const aln_doc *a, uint32_t i, const aln_doc *b, uint32_t j)
{
	if (a->keys[i] == b->keys[j])
		return true;
	const tok *x = &a->toks->v[i], *y = &b->toks->v[j];
	int d = (int)x->norm_len - (int)y->norm_len;
	if (d < -2 || d > 2)
		return false;
	/* skeletons from the documents' prepared arrays when they have them: aln_diff asks
	 * about the same words many times (it was 45% of aligning 300 near-copies) */
	const aln_prep *pa = a->prep, *pb = b->prep;
	uint64_t sx = pa && pa->skel && pa->n == a->toks->n
			      ? pa->skel[i] : skeleton(a->toks->norm + x->norm_off, x->norm_len);
	if (!sx)
		return false;
	uint64_t sy = pb && pb->skel && pb->n == b->toks->n
			      ? pb->skel[j] : skeleton(b->toks->norm + y->norm_off, y->norm_len);
	return sx == sy;
}

static bool doc_ok(const aln_doc *d)
{
	if (!d || !d->toks || (d->toks->n && (!d->keys || !d->toks->v)))
		return false;
	return d->toks->n < UINT32_MAX;
}

/* Share of gram-bearing tokens in [t0, t1) flagged common. */
static double common_share(const side *s, uint32_t t0, uint32_t t1)
{
	if (!s->common)
		return 0;
	uint32_t g = 0, c = 0;
	for (uint32_t i = t0; i < t1; i++) {
		if (!s->gram[i])
			continue;
		g++;
		c += s->common[i] != 0;
	}
	return g ? (double)c / g : 0;
}

static int cmp_cand(const void *x, const void *y)
{
	const cand *p = x, *q = y;
	if (p->sw != q->sw)
		return p->sw > q->sw ? -1 : 1;
	return (p->a0 > q->a0) - (p->a0 < q->a0);
}

static int cmp_cand_a(const void *x, const void *y)
{
	const cand *p = x, *q = y;
	if (p->a0 != q->a0)
		return p->a0 < q->a0 ? -1 : 1;
	return (p->b0 > q->b0) - (p->b0 < q->b0);
}

static bool cand_clash(const cand *c, const cand *r)
{
	return (c->a0 < r->a1 && r->a0 < c->a1) || (c->b0 < r->b1 && r->b0 < c->b1);
}

static int cmp_passage(const void *x, const void *y)
{
	const aln_passage *p = x, *q = y;
	return (p->a_start > q->a_start) - (p->a_start < q->a_start);
}

/* Split the aligned pairs at unaligned runs longer than max_gap and append the pieces
 * with at least MIN_PIECE_WORDS on the shorter side as candidates (min_words applies
 * after neighbouring pieces are merged). */
static void add_pieces(const swbuf *buf, size_t np, int32_t sw, const aln_opts *o,
		       cand **cv, size_t *nc, size_t *ccap)
{
	size_t s = 0;
	for (size_t x = 1; x <= np; x++) {
		bool brk = x == np;
		if (!brk) {
			uint32_t ga = buf->ai[x] - buf->ai[x - 1] - 1;
			uint32_t gb = buf->bj[x] - buf->bj[x - 1] - 1;
			brk = ga > o->max_gap || gb > o->max_gap;
		}
		if (!brk)
			continue;
		cand c = {buf->ai[s], buf->ai[x - 1] + 1, buf->bj[s], buf->bj[x - 1] + 1, sw};
		uint32_t la = c.a1 - c.a0, lb = c.b1 - c.b0;
		if ((la < lb ? la : lb) >= MIN_PIECE_WORDS) {
			/* a split piece is ranked by its own size, the whole by its score */
			if (s != 0 || x != np)
				c.sw = (int32_t)(x - s);
			XGROW(*cv, *ccap, *nc + 1);
			(*cv)[(*nc)++] = c;
		}
		s = x;
	}
}

/* ---- aln_pair's phases ---- */

/* Chaining: f[s] the length of the best chain of seeds ending at seed s (sd sorted by i),
 * pred[s] its previous seed or -1; a predecessor lies within the link window, before s
 * on both sides, off s's diagonal by at most band. */
static void chain_seeds(const aln_opts *opts, const seed *sd, size_t ns, int32_t *f,
			int64_t *pred)
{
	uint32_t link = opts->max_gap + opts->seed_n + GRAM_SKIP;
	for (size_t s = 0; s < ns; s++) {
		f[s] = 1;
		pred[s] = -1;
		size_t looked = 0;
		for (size_t p = s; p-- > 0 && looked < CHAIN_LOOKBACK;) {
			assert(sd[p].i <= sd[s].i);
			if (sd[s].i - sd[p].i > link)
				break;
			if (sd[p].i == sd[s].i || sd[p].j >= sd[s].j)
				continue;
			looked++;
			uint32_t ga = sd[s].i - sd[p].i, gb = sd[s].j - sd[p].j;
			if (gb > link)
				continue;
			uint32_t dd = ga > gb ? ga - gb : gb - ga;
			if (dd > opts->band)
				continue;
			int32_t v = f[p] + 1;
			if (v > f[s]) {
				f[s] = v;
				pred[s] = (int64_t)p;
			}
		}
	}
}

/* Seed indices by f descending, ties in index order (a counting sort over f).
 * @return a new array of ns entries (at least one slot). */
static size_t *order_by_chain(const int32_t *f, size_t ns)
{
	size_t *order = xmalloc((ns + 1) * sizeof(size_t));
	int32_t fmax = 0;
	for (size_t s = 0; s < ns; s++)
		if (f[s] > fmax)
			fmax = f[s];
	size_t *bstart = xcalloc((size_t)fmax + 2, sizeof(size_t));
	for (size_t s = 0; s < ns; s++)
		bstart[fmax - f[s] + 1]++;
	for (int32_t x = 1; x <= fmax + 1; x++)
		bstart[x] += bstart[x - 1];
	for (size_t s = 0; s < ns; s++)
		order[bstart[fmax - f[s]]++] = s;
	free(bstart);
	return order;
}

/* Chains, best first, each seed used once: every chain of MIN_CHAIN_SEEDS or more is
 * extended by a banded local alignment around it, and its pieces become candidates. */
static void chains_to_cands(const aln_opts *opts, const side *sa, const side *sb,
			    const seed *sd, size_t ns, const int32_t *f, const int64_t *pred,
			    cand **cv, size_t *nc)
{
	size_t *order = order_by_chain(f, ns);
	uint8_t *used = xcalloc(ns + 1, 1);
	seed *chain = NULL;
	size_t chcap = 0, ccap = 0;
	swbuf buf = {0};
	for (size_t oi = 0; oi < ns; oi++) {
		size_t s = order[oi];
		if (used[s] || f[s] < MIN_CHAIN_SEEDS)
			continue;
		size_t len = 0;
		for (int64_t x = (int64_t)s; x >= 0 && !used[x]; x = pred[x]) {
			used[x] = 1;
			XGROW(chain, chcap, len + 1);
			chain[len++] = sd[x];
		}
		if (len < MIN_CHAIN_SEEDS)
			continue;
		for (size_t x = 0; x < len / 2; x++) {
			seed t = chain[x];
			chain[x] = chain[len - 1 - x];
			chain[len - 1 - x] = t;
		}
		path p = {chain, len};
		uint32_t ext = opts->max_gap + opts->min_words;
		uint32_t r0 = chain[0].i > ext ? chain[0].i - ext : 0;
		uint32_t last_end = sa->gend[chain[len - 1].i];
		uint32_t r1 = last_end + ext < sa->n ? last_end + ext : sa->n;
		size_t np;
		int32_t sw = aln_band_sw(sa, sb, &p, r0, r1, opts->band, &buf, &np);
		if (np)
			add_pieces(&buf, np, sw, opts, cv, nc, &ccap);
	}
	free(buf.h);
	free(buf.tb);
	free(buf.org);
	free(buf.ai);
	free(buf.bj);
	free(chain);
	free(used);
	free(order);
}

/* Best-first, non-overlapping on each side: the kept candidates are compacted to the
 * front of cv. @return their number. */
static size_t select_cands(cand *cv, size_t nc)
{
	if (nc > 1)
		qsort(cv, nc, sizeof(*cv), cmp_cand);
	size_t nsel = 0;
	for (size_t x = 0; x < nc; x++) {
		cand c = cv[x];
		bool clash = false;
		for (size_t y = 0; y < nsel && !clash; y++)
			clash = cand_clash(&c, &cv[y]);
		assert(nsel <= x); /* compacting in place is safe */
		if (!clash)
			cv[nsel++] = c;
	}
	return nsel;
}

/* Merge neighbours in a order: pieces of one reworded passage separated by a reordered or
 * rewritten clause of <= max_gap words on both sides, when the merged span still scores
 * min_score. The groups are compacted to the front of cv, matched[g] the exact matched
 * word count of group g (a new array, returned in *matched_out). @return their number. */
static size_t merge_cands(const aln_opts *opts, const side *sa, const side *sb, cand *cv,
			  size_t nsel, uint32_t **matched_out)
{
	if (nsel > 1)
		qsort(cv, nsel, sizeof(*cv), cmp_cand_a);
	uint32_t *matched = xmalloc((nsel + 1) * sizeof(uint32_t));
	for (size_t x = 0; x < nsel; x++)
		matched[x] = aln_span_lcs(sa, cv[x].a0, cv[x].a1, sb, cv[x].b0, cv[x].b1);
	size_t ng = 0;
	for (size_t x = 0; x < nsel; x++) {
		cand c = cv[x];
		bool merged = false;
		for (size_t g = ng; g-- > 0 && !merged;) {
			cand *gr = &cv[g];
			if (c.a0 < gr->a1 || c.a0 - gr->a1 > opts->max_gap)
				continue;
			if (c.b0 < gr->b1 || c.b0 - gr->b1 > opts->max_gap)
				continue;
			cand m = {gr->a0, c.a1, gr->b0, c.b1, gr->sw + c.sw};
			bool clash = false;
			for (size_t y = 0; y < ng && !clash; y++)
				clash = y != g && cand_clash(&m, &cv[y]);
			for (size_t y = x + 1; y < nsel && !clash; y++)
				clash = cand_clash(&m, &cv[y]);
			if (clash)
				continue;
			uint32_t mm = aln_span_lcs(sa, m.a0, m.a1, sb, m.b0, m.b1);
			if (2.0 * mm / (double)(m.a1 - m.a0 + m.b1 - m.b0) < opts->min_score)
				continue;
			*gr = m;
			matched[g] = mm;
			merged = true;
		}
		if (!merged) {
			assert(ng <= x);
			matched[ng] = matched[x];
			cv[ng++] = c;
		}
	}
	*matched_out = matched;
	return ng;
}

/* Final cuts: groups of min_words on the shorter side and min_score, as passages with
 * byte spans and the boilerplate flag, in a order. @return their number, *out owned. */
static size_t cands_to_passages(const aln_opts *opts, const side *sa, const side *sb,
				const cand *cv, size_t ng, const uint32_t *matched,
				aln_passage **out)
{
	aln_passage *res = NULL;
	size_t nres = 0, rcap = 0;
	for (size_t x = 0; x < ng; x++) {
		const cand *c = &cv[x];
		assert(c->a0 < c->a1 && c->a1 <= sa->n && c->b0 < c->b1 && c->b1 <= sb->n);
		aln_passage ps;
		memset(&ps, 0, sizeof(ps));
		ps.a_tok0 = c->a0;
		ps.a_tok1 = c->a1;
		ps.b_tok0 = c->b0;
		ps.b_tok1 = c->b1;
		ps.a_words = c->a1 - c->a0;
		ps.b_words = c->b1 - c->b0;
		if ((ps.a_words < ps.b_words ? ps.a_words : ps.b_words) < opts->min_words)
			continue;
		ps.matched = matched[x];
		ps.score = 2.0 * ps.matched / (double)(ps.a_words + ps.b_words);
		if (ps.score < opts->min_score)
			continue;
		ps.a_start = sa->v[c->a0].start;
		ps.a_end = sa->v[c->a1 - 1].end;
		ps.b_start = sb->v[c->b0].start;
		ps.b_end = sb->v[c->b1 - 1].end;
		double ca = common_share(sa, c->a0, c->a1), cb = common_share(sb, c->b0, c->b1);
		ps.boilerplate = (ca > cb ? ca : cb) >= 0.5;
		XGROW(res, rcap, nres + 1);
		res[nres++] = ps;
	}
	if (nres > 1)
		qsort(res, nres, sizeof(*res), cmp_passage);
	*out = res;
	return nres;
}

int aln_pair(const aln_opts *opts, const aln_doc *a, const aln_doc *b, aln_passage **out,
	     size_t *npassages)
{
	if (!opts || !out || !npassages || !doc_ok(a) || !doc_ok(b))
		return OVL_EUSAGE;
	if (opts->seed_n == 0 || opts->seed_n > ALN_MAX_SEED_N || opts->band > 4096 ||
	    opts->min_score < 0 || opts->min_score > 1)
		return OVL_EUSAGE;
	*out = NULL;
	*npassages = 0;
	if (a->toks->n == 0 || b->toks->n == 0)
		return 0;

	side sa, sb;
	side_init(&sa, a, opts->seed_n);
	side_init(&sb, b, opts->seed_n);
	size_t ns;
	seed *sd = find_seeds(&sa, &sb, &ns);
	int32_t *f = xmalloc((ns + 1) * sizeof(int32_t));
	int64_t *pred = xmalloc((ns + 1) * sizeof(int64_t));
	chain_seeds(opts, sd, ns, f, pred);
	cand *cv = NULL;
	size_t nc = 0;
	chains_to_cands(opts, &sa, &sb, sd, ns, f, pred, &cv, &nc);
	size_t nsel = select_cands(cv, nc);
	uint32_t *matched = NULL;
	size_t ng = merge_cands(opts, &sa, &sb, cv, nsel, &matched);
	*npassages = cands_to_passages(opts, &sa, &sb, cv, ng, matched, out);
	free(matched);
	free(cv);
	free(f);
	free(pred);
	free(sd);
	side_free(&sa);
	side_free(&sb);
	return 0;
}

int aln_diff(const aln_doc *a, const aln_doc *b, const aln_passage *p, uint32_t **a_diff,
	     size_t *na, uint32_t **b_diff, size_t *nb)
{
	*a_diff = NULL;
	*b_diff = NULL;
	*na = *nb = 0;
	if (!doc_ok(a) || !doc_ok(b) || !p || p->a_tok1 > a->toks->n ||
	    p->b_tok1 > b->toks->n || p->a_tok0 > p->a_tok1 || p->b_tok0 > p->b_tok1)
		return OVL_EUSAGE;
	size_t la = p->a_tok1 - p->a_tok0, lb = p->b_tok1 - p->b_tok0;
	uint8_t *ina = xcalloc(la + 1, 1), *inb = xcalloc(lb + 1, 1);
	if (la && lb && (uint64_t)la * lb <= LCS_FULL_MAX_CELLS) {
		/* full LCS table (uint16 suffices: la, lb <= 4M cells means min(la,lb) <=
		 * 2048), then the usual traceback from the top-left corner */
		size_t w = lb + 1;
		uint16_t *t = xcalloc((la + 1) * w, sizeof(uint16_t));
		for (size_t x = la; x-- > 0;)
			for (size_t y = lb; y-- > 0;) {
				uint16_t v;
				if (aln_word_match(a, p->a_tok0 + (uint32_t)x, b,
						   p->b_tok0 + (uint32_t)y))
					v = (uint16_t)(t[(x + 1) * w + y + 1] + 1);
				else {
					uint16_t d = t[(x + 1) * w + y], r = t[x * w + y + 1];
					v = d > r ? d : r;
				}
				t[x * w + y] = v;
			}
		size_t x = 0, y = 0;
		while (x < la && y < lb) {
			if (aln_word_match(a, p->a_tok0 + (uint32_t)x, b, p->b_tok0 + (uint32_t)y) &&
			    t[x * w + y] == t[(x + 1) * w + y + 1] + 1) {
				ina[x++] = 1;
				inb[y++] = 1;
			} else if (t[(x + 1) * w + y] >= t[x * w + y + 1]) {
				x++;
			} else {
				y++;
			}
		}
		free(t);
	} else if (la && lb) {
		/* very long passage: greedy diagonal matching (display only) */
		size_t x = 0, y = 0;
		while (x < la && y < lb) {
			if (aln_word_match(a, p->a_tok0 + (uint32_t)x, b, p->b_tok0 + (uint32_t)y)) {
				ina[x++] = 1;
				inb[y++] = 1;
			} else if (x * lb < y * la) {
				x++;
			} else {
				y++;
			}
		}
	}
	uint32_t *da = xmalloc((la + 1) * sizeof(uint32_t));
	uint32_t *db = xmalloc((lb + 1) * sizeof(uint32_t));
	for (size_t x = 0; x < la; x++)
		if (!ina[x])
			da[(*na)++] = p->a_tok0 + (uint32_t)x;
	for (size_t y = 0; y < lb; y++)
		if (!inb[y])
			db[(*nb)++] = p->b_tok0 + (uint32_t)y;
	free(ina);
	free(inb);
	*a_diff = da;
	*b_diff = db;
	return 0;
}

double aln_coverage(const aln_passage *p, size_t np, bool side_a, size_t nwords)
{
	if (!nwords)
		return 0;
	size_t in = 0;
	for (size_t i = 0; i < np; i++) {
		if (p[i].boilerplate)
			continue;
		in += side_a ? p[i].a_tok1 - p[i].a_tok0 : p[i].b_tok1 - p[i].b_tok0;
	}
	return in > nwords ? 1.0 : (double)in / (double)nwords;
}
