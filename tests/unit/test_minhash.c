/* test_minhash.c - MinHash estimates against exact Jaccard on generated pairs spanning
 * J = 0..1 (mean absolute error <= 1.5/sqrt(nperm)), reproducibility, empty sets, and the
 * vectorised classic kernel against its plain-C reference. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "overlap/mem.h"
#include "overlap/minhash.h"

static uint64_t rng_next(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* A pair with union size u and exact Jaccard s/u. Shingles are hashes (random 64-bit). */
typedef struct gen_pair {
	uint64_t *a, *b;
	size_t na, nb;
	double j;
} gen_pair;

static gen_pair make_pair(uint64_t *rng, size_t u, double jt)
{
	size_t s = (size_t)llround(jt * (double)u);
	size_t x = (u - s) / 2, y = u - s - x;
	gen_pair p = { xmalloc((s + x + 1) * 8), xmalloc((s + y + 1) * 8), 0, 0, 0 };
	for (size_t i = 0; i < s; i++) {
		uint64_t h = rng_next(rng);
		p.a[p.na++] = h;
		p.b[p.nb++] = h;
	}
	for (size_t i = 0; i < x; i++)
		p.a[p.na++] = rng_next(rng);
	for (size_t i = 0; i < y; i++)
		p.b[p.nb++] = rng_next(rng);
	p.j = (double)s / (double)u;
	return p;
}

static double mae(unsigned nperm, size_t umin, size_t umax, int classic, double *max_bias)
{
	uint64_t rng = 12345 + nperm + umin;
	const int npairs = 400;
	double sum = 0.0, bias = 0.0;
	uint32_t *sa = xmalloc(nperm * 4), *sb = xmalloc(nperm * 4);
	for (int i = 0; i < npairs; i++) {
		size_t u = umin + rng_next(&rng) % (umax - umin + 1);
		gen_pair p = make_pair(&rng, u, (double)i / (npairs - 1));
		if (p.na == 0 || p.nb == 0) { /* J = 0 with an empty side: skip */
			free(p.a);
			free(p.b);
			continue;
		}
		if (classic) {
			mh_sketch_classic(p.a, p.na, nperm, 7, sa);
			mh_sketch_classic(p.b, p.nb, nperm, 7, sb);
		} else {
			mh_sketch(p.a, p.na, nperm, 7, sa);
			mh_sketch(p.b, p.nb, nperm, 7, sb);
		}
		double est = mh_jaccard(sa, sb, nperm);
		sum += fabs(est - p.j);
		bias += est - p.j;
		free(p.a);
		free(p.b);
	}
	free(sa);
	free(sb);
	*max_bias = fabs(bias / npairs);
	return sum / npairs;
}

static void test_error_bound(void **state)
{
	(void)state;
	const unsigned nperms[] = { 32, 64, 128, 256 };
	for (size_t t = 0; t < 4; t++) {
		unsigned k = nperms[t];
		/* the bound, and a tighter one (measured errors are ~0.3/sqrt(k)) so a
		 * degraded hash or densification bug fails here */
		double bound = 1.5 / sqrt((double)k), tight = 0.5 / sqrt((double)k), bias;
		/* news-sized sets, then short documents (most bins empty: densification) */
		double e1 = mae(k, 100, 2000, 0, &bias);
		assert_true(e1 <= bound && e1 <= tight);
		assert_true(bias < 0.25 * bound);
		double e2 = mae(k, 2, 60, 0, &bias);
		assert_true(e2 <= bound && e2 <= tight);
		if (k <= 128) { /* the classic kernel costs nperm per shingle: keep it short */
			double e3 = mae(k, 100, 1000, 1, &bias);
			assert_true(e3 <= bound && e3 <= tight);
		}
	}
}

static void test_reproducible(void **state)
{
	(void)state;
	uint64_t rng = 99;
	size_t n = 500;
	uint64_t *h = xmalloc(2 * n * 8);
	for (size_t i = 0; i < n; i++)
		h[i] = rng_next(&rng);
	uint32_t s1[128], s2[128], s3[128];
	mh_sketch(h, n, 128, 1, s1);
	/* reversed order plus every value repeated: same set, same signature */
	for (size_t i = 0; i < n; i++)
		h[n + i] = h[n - 1 - i];
	mh_sketch(h + n / 2, n + n / 2, 128, 1, s2); /* covers h[n/2..n) and all reversed */
	assert_memory_equal(s1, s2, sizeof s1);
	mh_sketch(h, n, 128, 2, s3);
	assert_memory_not_equal(s1, s3, sizeof s1);
	assert_true(mh_jaccard(s1, s2, 128) == 1.0);
	/* one shingle fills every position (densification) */
	mh_sketch(h, 1, 128, 1, s3);
	assert_false(mh_is_empty(s3, 128));
	for (int j = 0; j < 128; j++)
		assert_true(s3[j] != MH_EMPTY);
	free(h);
}

static void test_empty(void **state)
{
	(void)state;
	uint32_t s[64], t[64];
	mh_sketch(NULL, 0, 64, 1, s);
	for (int j = 0; j < 64; j++)
		assert_true(s[j] == MH_EMPTY);
	assert_true(mh_is_empty(s, 64));
	assert_true(mh_jaccard(s, s, 64) == 0.0);
	uint64_t x = 5;
	mh_sketch(&x, 1, 64, 1, t);
	assert_true(mh_jaccard(s, t, 64) == 0.0);
}

static void test_classic_kernel_matches_reference(void **state)
{
	(void)state;
	uint64_t rng = 3;
	const unsigned nperms[] = { 1, 7, 64, 100, 128, 300 };
	for (size_t t = 0; t < 6; t++) {
		unsigned k = nperms[t];
		size_t n = 1 + rng_next(&rng) % 900;
		uint64_t *h = xmalloc(n * 8);
		for (size_t i = 0; i < n; i++)
			h[i] = rng_next(&rng);
		uint32_t *a = xmalloc(k * 4), *b = xmalloc(k * 4);
		for (unsigned j = 0; j < k; j++)
			a[j] = b[j] = MH_EMPTY;
		mh_kernel_classic(h, n, k, 11, a);
		mh_kernel_classic_ref(h, n, k, 11, b);
		assert_memory_equal(a, b, k * 4);
		free(h);
		free(a);
		free(b);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_error_bound),
		cmocka_unit_test(test_reproducible),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_classic_kernel_matches_reference),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
