/* test_lsh.c - the band/row plan and S-curve, and the banding index on a generated corpus
 * with planted near-duplicates of known Jaccard: recall above the threshold, and agreement
 * with a brute-force "shares a band" model. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "overlap/err.h"
#include "overlap/lsh.h"
#include "overlap/mem.h"
#include "overlap/minhash.h"

static uint64_t rng_next(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static void test_plan(void **state)
{
	(void)state;
	const double ts[] = { 0.1, 0.3, 0.5, 0.7, 0.9, 1.0 };
	const unsigned ks[] = { 16, 64, 128, 256 };
	for (size_t i = 0; i < 6; i++)
		for (size_t j = 0; j < 4; j++) {
			lsh_plan p;
			assert_int_equal(lsh_plan_choose(ts[i], ks[j], &p), 0);
			assert_true(p.bands >= 1 && p.rows >= 1 && p.bands * p.rows <= ks[j]);
			assert_true(p.nperm == ks[j] && p.threshold == ts[i]);
			/* misses weigh more than false positives: the curve's middle sits at or
			 * a little below the threshold, never far above */
			double eff = lsh_threshold_eff(&p);
			assert_true(eff <= ts[i] + 0.05);
			assert_true(eff >= ts[i] - 0.25);
			/* with the default 128 permutations, pairs 0.1 above the threshold are
			 * found at least 93% of the time (64 permutations only reach ~89%) */
			if (ks[j] >= 128 && ts[i] < 1.0)
				assert_true(lsh_prob(&p, ts[i] + 0.1 > 1 ? 1 : ts[i] + 0.1) >= 0.93);
		}
	lsh_plan p;
	assert_int_equal(lsh_plan_choose(0.0, 128, &p), OVL_EUSAGE);
	assert_int_equal(lsh_plan_choose(1.5, 128, &p), OVL_EUSAGE);
	assert_int_equal(lsh_plan_choose(0.5, 0, &p), OVL_EUSAGE);
}

static void test_s_curve(void **state)
{
	(void)state;
	lsh_plan p = { .bands = 20, .rows = 5, .nperm = 100, .threshold = 0.5 };
	assert_true(lsh_prob(&p, 0.0) == 0.0);
	assert_true(lsh_prob(&p, 1.0) == 1.0);
	double prev = 0.0;
	for (int i = 1; i <= 100; i++) {
		double s = i / 100.0, pr = lsh_prob(&p, s);
		assert_true(pr >= prev);
		assert_true(fabs(pr - (1.0 - pow(1.0 - pow(s, 5), 20))) < 1e-12);
		prev = pr;
	}
	assert_true(fabs(lsh_threshold_eff(&p) - pow(0.05, 0.2)) < 1e-12);
	assert_true(fabs(lsh_fp_weight() + lsh_fn_weight() - 1.0) < 1e-12);
}

/* Corpus: nbase random sets of 200..600 shingles; nplant copies of base documents with a
 * known share of shingles replaced: J = kept / (2n - kept). */
enum { NBASE = 3000, NPLANT = 600, NPERM = 128 };

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

static bool share_band(const uint32_t *a, const uint32_t *b, const lsh_plan *p)
{
	for (unsigned j = 0; j < p->bands; j++)
		if (memcmp(a + j * p->rows, b + j * p->rows, p->rows * 4) == 0)
			return true;
	return false;
}

static void test_planted_recall_and_brute_force(void **state)
{
	(void)state;
	const size_t n = NBASE + NPLANT;
	uint32_t *sig = xmalloc(n * NPERM * 4);
	uint32_t *orig = xmalloc(n * 4);
	double *jtrue = xmalloc(n * sizeof *jtrue);
	uint64_t rng = 2024;
	uint64_t **sets = xcalloc(n, sizeof *sets);
	size_t *nsets = xcalloc(n, sizeof *nsets);
	for (size_t d = 0; d < NBASE; d++) {
		nsets[d] = 200 + rng_next(&rng) % 401;
		sets[d] = xmalloc(nsets[d] * 8);
		for (size_t i = 0; i < nsets[d]; i++)
			sets[d][i] = rng_next(&rng);
	}
	for (size_t c = 0; c < NPLANT; c++) {
		size_t d = NBASE + c, o = rng_next(&rng) % NBASE;
		/* target J spread over 0.1 .. 1.0 */
		double jt = 0.1 + 0.9 * (double)c / (NPLANT - 1);
		size_t m = nsets[o];
		/* keep k of m: J = k / (2m - k) -> k = 2mJ / (1 + J) */
		size_t k = (size_t)llround(2.0 * (double)m * jt / (1.0 + jt));
		if (k > m)
			k = m;
		nsets[d] = m;
		sets[d] = xmalloc(m * 8);
		for (size_t i = 0; i < m; i++)
			sets[d][i] = i < k ? sets[o][i] : rng_next(&rng);
		orig[d] = (uint32_t)o;
		jtrue[d] = (double)k / (double)(2 * m - k);
	}
	for (size_t d = 0; d < n; d++)
		mh_sketch(sets[d], nsets[d], NPERM, 1, sig + d * NPERM);

	lsh_plan p;
	assert_int_equal(lsh_plan_choose(0.5, NPERM, &p), 0);
	lsh_index *ix = lsh_new(&p);
	for (size_t d = 0; d < n; d++)
		lsh_add(ix, (uint32_t)d, sig + d * NPERM);
	assert_int_equal(lsh_size(ix), n);
	uint64_t *pairs = NULL, skipped = 99;
	size_t np = lsh_pairs(ix, &pairs, &skipped);
	assert_int_equal(skipped, 0);
	for (size_t i = 1; i < np; i++)
		assert_true(pairs[i - 1] < pairs[i]);
	for (size_t i = 0; i < np; i++)
		assert_true((pairs[i] >> 32) < (uint32_t)pairs[i]);
	/* the same pairs on 2 and 3 threads, and when documents are added in another order
	 * (the index then sorts buckets by document too) */
	for (unsigned t = 2; t <= 3; t++) {
		uint64_t *p2 = NULL;
		assert_int_equal(lsh_pairs_mt(ix, t, &p2, NULL), np);
		assert_memory_equal(p2, pairs, np * sizeof *p2);
		free(p2);
	}
	lsh_index *rev = lsh_new(&p);
	for (size_t d = n; d-- > 0;)
		lsh_add(rev, (uint32_t)d, sig + d * NPERM);
	uint64_t *p3 = NULL;
	assert_int_equal(lsh_pairs_mt(rev, 2, &p3, NULL), np);
	assert_memory_equal(p3, pairs, np * sizeof *p3);
	free(p3);
	lsh_free(rev);

	/* recall of planted pairs with J >= 0.5 */
	size_t above = 0, found = 0;
	for (size_t c = 0; c < NPLANT; c++) {
		size_t d = NBASE + c;
		if (jtrue[d] < 0.5)
			continue;
		above++;
		uint64_t key = (uint64_t)orig[d] << 32 | d;
		found += bsearch(&key, pairs, np, 8, cmp_u64) != NULL;
	}
	assert_true(above > 200);
	assert_true((double)found >= 0.95 * (double)above);

	/* brute force: every pair sharing a whole band. LSH keys are 32-bit, so LSH may add a
	 * chance collision (~n^2/2^33 per band), never lose a pair. */
	size_t brute = 0;
	for (size_t a = 0; a < n; a++)
		for (size_t b = a + 1; b < n; b++) {
			if (!share_band(sig + a * NPERM, sig + b * NPERM, &p))
				continue;
			brute++;
			uint64_t key = (uint64_t)a << 32 | b;
			assert_non_null(bsearch(&key, pairs, np, 8, cmp_u64));
		}
	assert_true(np >= brute && np <= brute + 2);
	free(pairs);
	lsh_free(ix);
	lsh_free(NULL);
	for (size_t d = 0; d < n; d++)
		free(sets[d]);
	free(sets);
	free(nsets);
	free(sig);
	free(orig);
	free(jtrue);
}

static void test_empty_and_single(void **state)
{
	(void)state;
	lsh_plan p;
	lsh_plan_choose(0.5, 64, &p);
	lsh_index *ix = lsh_new(&p);
	uint64_t *pairs = (uint64_t *)1;
	assert_int_equal(lsh_pairs(ix, &pairs, NULL), 0);
	assert_null(pairs);
	uint32_t s[64];
	uint64_t h = 1;
	mh_sketch(&h, 1, 64, 1, s);
	lsh_add(ix, 7, s);
	assert_int_equal(lsh_pairs(ix, &pairs, NULL), 0);
	lsh_add(ix, 3, s); /* identical signature: one pair, smaller id first */
	assert_int_equal(lsh_pairs(ix, &pairs, NULL), 1);
	assert_true(pairs[0] == ((uint64_t)3 << 32 | 7));
	free(pairs);
	lsh_free(ix);
}

/* A bucket over LSH_MAX_BUCKET documents is skipped; a pair in it that collides in a later
 * band too is still a candidate (it is found in that band). */
static void test_oversized_bucket(void **state)
{
	(void)state;
	lsh_plan p;
	assert_int_equal(lsh_plan_choose(0.5, 128, &p), 0);
	size_t n = lsh_max_bucket() + 100;
	uint32_t *sig = xmalloc(n * 128 * sizeof *sig);
	uint64_t rng = 99;
	for (size_t d = 0; d < n; d++)
		for (unsigned k = 0; k < 128; k++)
			sig[d * 128 + k] = k < p.rows ? 12345u + k : (uint32_t)rng_next(&rng);
	/* documents 10 and 20 also agree on the rows of band 5 */
	memcpy(sig + 20 * 128 + 5 * p.rows, sig + 10 * 128 + 5 * p.rows, p.rows * sizeof *sig);
	lsh_index *ix = lsh_new(&p);
	for (size_t d = 0; d < n; d++)
		lsh_add(ix, (uint32_t)d, sig + d * 128);
	for (unsigned t = 1; t <= 2; t++) {
		uint64_t *pairs = NULL, skipped = 0;
		size_t np = lsh_pairs_mt(ix, t, &pairs, &skipped);
		assert_true(skipped >= 1);
		uint64_t want = (uint64_t)10 << 32 | 20;
		assert_non_null(bsearch(&want, pairs, np, 8, cmp_u64));
		assert_true(np < 10); /* not the bucket's two million pairs */
		free(pairs);
	}
	lsh_free(ix);
	free(sig);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plan),
		cmocka_unit_test(test_s_curve),
		cmocka_unit_test(test_planted_recall_and_brute_force),
		cmocka_unit_test(test_empty_and_single),
		cmocka_unit_test(test_oversized_bucket),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
