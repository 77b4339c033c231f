/* lsh.c - band/row plan and the banding index (see lsh.h).
 *
 * Index layout: one 32-bit key per (document, band), documents in insertion order. Pairing
 * runs band by band, bands on all threads: (key << 32 | doc) values are sorted (by the key
 * alone when documents came in order) and each run of equal keys is a bucket; a pair is
 * kept in the first band it collides in only, and the bands' sorted lists are merged.
 * Peak extra memory is 16 bytes per document and thread plus the pair lists, so 1M
 * documents need ~16 MB per band pass instead of a hash table per band. 32-bit keys collide by chance
 * about n^2/2^33 times per band (~120 spurious pairs per band at 1M documents): they are
 * candidates like any other and verification drops them.
 */
#include "overlap/lsh.h"

#include <assert.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "overlap/err.h"
#include "overlap/mem.h"
#include "overlap/minhash.h"
#include "overlap/pool.h"
#include "overlap/shingle.h"

/* ---- tuning ---- */

/* Plan weights. Candidates are verified exactly, so a false positive costs one set
 * intersection while a false negative is a pair lost for good: misses weigh more. For
 * t = 0.5, nperm = 128: 0.5/0.5 (datasketch's default) gives b=25 r=5, P(0.55) = 0.72,
 * P(0.6) = 0.87; 0.25/0.75 gives b=26 r=4 (effective threshold 0.44), P(0.5) = 0.81,
 * P(0.55) = 0.92, P(0.6) = 0.97, for ~2x more candidates to verify (cheap). */
#define LSH_FP_WEIGHT 0.25
#define LSH_FN_WEIGHT 0.75
/* Integration steps for the areas: the integrands are smooth, 512 midpoints give 1e-6. */
#define LSH_INTEGRATION_STEPS 512
/* Buckets larger than this are skipped: m documents give m(m-1)/2 pairs, and a bucket of
 * thousands is template text (empty pages, licence notices), not a near-duplicate group
 * worth half a million verifications. */
#define LSH_MAX_BUCKET 2000

/* ---- plan ---- */

double lsh_fp_weight(void) { return LSH_FP_WEIGHT; }
double lsh_fn_weight(void) { return LSH_FN_WEIGHT; }

/* x^n by squaring: the plan search evaluates ~10^6 of these, and libm pow() was 4% of a
 * 20 MB run. */
static double ipow(double x, unsigned n)
{
	double r = 1.0;
	while (n) {
		if (n & 1)
			r *= x;
		x *= x;
		n >>= 1;
	}
	return r;
}

static double prob_br(unsigned b, unsigned r, double s)
{
	return 1.0 - ipow(1.0 - ipow(s, r), b);
}

double lsh_prob(const lsh_plan *p, double s)
{
	if (s <= 0.0)
		return 0.0;
	if (s >= 1.0)
		return 1.0;
	return prob_br(p->bands, p->rows, s);
}

double lsh_threshold_eff(const lsh_plan *p)
{
	return pow(1.0 / p->bands, 1.0 / p->rows);
}

/* s^r at the LSH_INTEGRATION_STEPS midpoints of [lo, hi] into pw: the inner power of
 * prob_br, the same for every band count. */
static void powers(unsigned r, double lo, double hi, double *pw)
{
	double step = (hi - lo) / LSH_INTEGRATION_STEPS;
	for (int i = 0; i < LSH_INTEGRATION_STEPS; i++)
		pw[i] = ipow(lo + (i + 0.5) * step, r);
}

/* The area under prob_br(b, r, .) (fn: over 1 - prob_br) on [lo, hi], midpoint rule, from
 * powers(r, lo, hi): the same operations as calling prob_br at each midpoint. */
static double area(unsigned b, const double *pw, double lo, double hi, int fn)
{
	double sum = 0.0, step = (hi - lo) / LSH_INTEGRATION_STEPS;
	for (int i = 0; i < LSH_INTEGRATION_STEPS; i++) {
		double p = 1.0 - ipow(1.0 - pw[i], b);
		sum += fn ? 1.0 - p : p;
	}
	return sum * step;
}

int lsh_plan_choose(double threshold, unsigned nperm, lsh_plan *out)
{
	if (!(threshold > 0.0 && threshold <= 1.0) || nperm == 0 || nperm > MH_MAX_NPERM)
		return OVL_EUSAGE;
	/* Every (b, r) with b * r <= nperm: areas computed row count by row count (each
	 * r's powers once, ~nperm ln nperm plans), chosen in the order b, then r. */
	size_t *at = xmalloc((nperm + 2) * sizeof *at); /* plan (b, r) is at[b] + r - 1 */
	at[1] = 0;
	for (unsigned b = 1; b <= nperm; b++)
		at[b + 1] = at[b] + nperm / b;
	double *fp = xmalloc(at[nperm + 1] * sizeof *fp), *fn = xmalloc(at[nperm + 1] * sizeof *fn);
	double pw_fp[LSH_INTEGRATION_STEPS], pw_fn[LSH_INTEGRATION_STEPS];
	for (unsigned r = 1; r <= nperm; r++) {
		powers(r, 0.0, threshold, pw_fp);
		powers(r, threshold, 1.0, pw_fn);
		for (unsigned b = 1; (unsigned long)b * r <= nperm; b++) {
			fp[at[b] + r - 1] = area(b, pw_fp, 0.0, threshold, 0);
			fn[at[b] + r - 1] = area(b, pw_fn, threshold, 1.0, 1);
		}
	}
	double best = INFINITY;
	lsh_plan p = { 0 };
	for (unsigned b = 1; b <= nperm; b++) {
		for (unsigned r = 1; (unsigned long)b * r <= nperm; r++) {
			double f = fp[at[b] + r - 1], n = fn[at[b] + r - 1];
			double cost = LSH_FP_WEIGHT * f + LSH_FN_WEIGHT * n;
			if (cost < best - 1e-12) {
				best = cost;
				p = (lsh_plan){ b, r, nperm, threshold, f, n };
			}
		}
	}
	free(at);
	free(fp);
	free(fn);
	*out = p;
	return 0;
}

/* ---- index ---- */

struct lsh_index {
	lsh_plan plan;
	uint32_t *docs;  /* document ids, insertion order */
	uint32_t *keys;  /* bands keys per document */
	size_t n, cap, keys_cap;
	bool ascending;  /* docs strictly increasing: a bucket needs no sort by document */
	bool borrowed;   /* docs and keys are the caller's (lsh_new_keys) */
};

lsh_index *lsh_new(const lsh_plan *plan)
{
	lsh_index *ix = xcalloc(1, sizeof *ix);
	ix->plan = *plan;
	return ix;
}

lsh_index *lsh_new_keys(const lsh_plan *plan, const uint32_t *docs, const uint32_t *keys,
			size_t n)
{
	lsh_index *ix = lsh_new(plan);
	/* never written through: lsh_add refuses a borrowed index, lsh_free leaves them */
	ix->docs = (uint32_t *)(uintptr_t)docs;
	ix->keys = (uint32_t *)(uintptr_t)keys;
	ix->n = n;
	ix->borrowed = true;
	ix->ascending = true;
	for (size_t i = 1; i < n; i++)
		assert(docs[i] > docs[i - 1]);
	return ix;
}

uint32_t lsh_band_key(const lsh_plan *plan, const uint32_t *sig, unsigned j)
{
	unsigned r = plan->rows;
	return (uint32_t)hash_bytes(sig + (size_t)j * r, (size_t)r * sizeof *sig, j);
}

void lsh_band_keys(const lsh_plan *plan, const uint32_t *sig, uint32_t *keys)
{
	for (unsigned j = 0; j < plan->bands; j++)
		keys[j] = lsh_band_key(plan, sig, j);
}

size_t lsh_max_bucket(void) { return LSH_MAX_BUCKET; }

void lsh_add(lsh_index *ix, uint32_t doc, const uint32_t *sig)
{
	unsigned b = ix->plan.bands;
	assert(!ix->borrowed);
	XGROW(ix->docs, ix->cap, ix->n + 1);
	XGROW(ix->keys, ix->keys_cap, (ix->n + 1) * b);
	ix->ascending = ix->n == 0 || (ix->ascending && doc > ix->docs[ix->n - 1]);
	ix->docs[ix->n] = doc;
	lsh_band_keys(&ix->plan, sig, ix->keys + ix->n * b);
	ix->n++;
}

size_t lsh_size(const lsh_index *ix) { return ix->n; }

static size_t dedup(uint64_t *v, size_t n)
{
	return shg_sort_unique(v, n);
}

/* One band's candidate pairs, sorted and repeat-free (pool_for job: one band a call). */
typedef struct band_job {
	const lsh_index *ix;
	uint64_t **tmp, **tmp2;  /* per worker: n values each */
	uint64_t **out;          /* per band */
	size_t *nout;
	uint64_t *skipped;       /* per band */
	bool first_only;         /* emit a pair only in the first band it collides in */
} band_job;

static void band_pairs(void *ud, size_t j, unsigned worker)
{
	band_job *b = ud;
	const lsh_index *ix = b->ix;
	size_t nd = ix->n;
	unsigned nb = ix->plan.bands;
	if (!b->tmp[worker]) {
		b->tmp[worker] = xmalloc(nd * sizeof **b->tmp);
		b->tmp2[worker] = xmalloc(nd * sizeof **b->tmp2);
	}
	uint64_t *tmp = b->tmp[worker];
	/* documents added in increasing order: (key, insertion index), which stays in
	 * document order inside a bucket under a stable sort by key alone (3 radix passes
	 * instead of 8); otherwise (key, document), sorted whole */
	const uint32_t *keys = ix->keys;
	for (size_t i = 0; i < nd; i++)
		tmp[i] = (uint64_t)keys[i * nb + j] << 32 | (ix->ascending ? (uint32_t)i : ix->docs[i]);
	if (ix->ascending) {
		tmp = shg_sort_hi32(tmp, b->tmp2[worker], nd, 1);
	} else {
		shg_sort_u64(tmp, nd);
	}
	bool first_only = b->first_only && ix->ascending;
	uint64_t *out = NULL;
	size_t n = 0, cap = 0;
	uint64_t skipped = 0;
	for (size_t s = 0; s < nd;) {
		size_t e = s + 1;
		while (e < nd && tmp[e] >> 32 == tmp[s] >> 32)
			e++;
		size_t m = e - s;
		if (m > LSH_MAX_BUCKET) {
			skipped++;
		} else if (m > 1) {
			XGROW(out, cap, n + m * (m - 1) / 2);
			for (size_t x = s; x < e; x++) {
				uint32_t ia = (uint32_t)tmp[x];
				for (size_t y = x + 1; y < e; y++) {
					uint32_t ib = (uint32_t)tmp[y];
					if (!first_only) {
						out[n++] = (uint64_t)ia << 32 | ib;
						continue;
					}
					/* near-copies collide in most bands: the pair is
					 * this band's only when no earlier band paired it */
					const uint32_t *ka = keys + (size_t)ia * nb;
					const uint32_t *kb = keys + (size_t)ib * nb;
					unsigned q = 0;
					while (q < j && ka[q] != kb[q])
						q++;
					if (q == j)
						out[n++] = (uint64_t)ix->docs[ia] << 32 | ix->docs[ib];
				}
			}
		}
		s = e;
	}
	if (ix->ascending && !first_only)
		for (size_t i = 0; i < n; i++)
			out[i] = (uint64_t)ix->docs[out[i] >> 32] << 32 | ix->docs[(uint32_t)out[i]];
	b->out[j] = out;
	b->nout[j] = dedup(out, n);
	b->skipped[j] = skipped;
}

size_t lsh_pairs_mt(const lsh_index *ix, unsigned threads, uint64_t **pairs,
		    uint64_t *nskipped)
{
	unsigned nb = ix->plan.bands;
	*pairs = NULL;
	if (nskipped)
		*nskipped = 0;
	if (ix->n < 2 || nb == 0)
		return 0;
	if (threads < 1)
		threads = 1;
	band_job b = { .ix = ix };
	b.tmp = xcalloc(threads, sizeof *b.tmp);
	b.tmp2 = xcalloc(threads, sizeof *b.tmp2);
	b.out = xcalloc(nb, sizeof *b.out);
	b.nout = xcalloc(nb, sizeof *b.nout);
	b.skipped = xcalloc(nb, sizeof *b.skipped);
	/* Each pair once, in the first band it collides in - exact unless a bucket was skipped
	 * as too large (then an earlier band may have dropped a pair a later one must keep):
	 * that rare case is done again with every band emitting its pairs. */
	b.first_only = true;
	pool_for(nb, threads, band_pairs, &b);
	bool oversized = false;
	for (unsigned j = 0; j < nb; j++)
		oversized |= b.skipped[j] > 0;
	if (oversized) {
		for (unsigned j = 0; j < nb; j++) {
			free(b.out[j]);
			b.out[j] = NULL;
		}
		b.first_only = false;
		pool_for(nb, threads, band_pairs, &b);
	}
	uint64_t skipped = 0;
	for (unsigned j = 0; j < nb; j++)
		skipped += b.skipped[j];
	/* near-duplicates collide in many bands: merge the sorted band lists one by one into
	 * a sorted repeat-free list (linear each, where sorting all of them was not) */
	uint64_t *out = NULL, *spare = NULL;
	size_t n = 0, out_cap = 0, spare_cap = 0;
	for (unsigned j = 0; j < nb; j++) {
		const uint64_t *y = b.out[j];
		size_t ny = b.nout[j], i = 0, k = 0, m = 0;
		XGROW(spare, spare_cap, n + ny + 1);
		while (i < n || k < ny) {
			uint64_t v;
			if (k >= ny || (i < n && out[i] < y[k]))
				v = out[i++];
			else if (i >= n || y[k] < out[i])
				v = y[k++];
			else {
				v = out[i++];
				k++;
			}
			spare[m++] = v;
		}
		uint64_t *t = out;
		size_t tc = out_cap;
		out = spare;
		out_cap = spare_cap;
		spare = t;
		spare_cap = tc;
		n = m;
		free(b.out[j]);
	}
	free(spare);
	for (unsigned t = 0; t < threads; t++) {
		free(b.tmp[t]);
		free(b.tmp2[t]);
	}
	free(b.tmp);
	free(b.tmp2);
	free(b.out);
	free(b.nout);
	free(b.skipped);
	if (n == 0) {
		free(out);
		out = NULL;
	}
	*pairs = out;
	if (nskipped)
		*nskipped = skipped;
	return n;
}

size_t lsh_pairs(const lsh_index *ix, uint64_t **pairs, uint64_t *nskipped)
{
	return lsh_pairs_mt(ix, 1, pairs, nskipped);
}

void lsh_free(lsh_index *ix)
{
	if (!ix)
		return;
	if (!ix->borrowed) {
		free(ix->docs);
		free(ix->keys);
	}
	free(ix);
}
