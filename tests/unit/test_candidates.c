/* test_candidates.c - exact all-pairs against a naive O(n^2) model; containment candidates
 * find a short article inside a long one (real text from corpus/) while unrelated articles
 * do not pair; merging pair lists. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "testutil.h"

#include "overlap/candidates.h"
#include "overlap/mem.h"
#include "overlap/shingle.h"

#ifndef OVL_SOURCE_ROOT
#define OVL_SOURCE_ROOT "."
#endif

static uint64_t rng_next(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Universe element i as a hash-like value (spread bits). */
static uint64_t hash_like(uint64_t i)
{
	uint64_t s = i * 0x2545f4914f6cdd1dULL;
	return rng_next(&s);
}

static void check_all_pairs(const uint64_t *v, const uint64_t *off, size_t nd,
			    const cand_filter *f)
{
	cand_pair *got = NULL;
	uint64_t nover = 0, want_over = 0;
	size_t ng = cand_all_pairs(v, off, nd, f, &got, &nover);
	size_t k = 0;
	for (size_t a = 0; a < nd; a++)
		for (size_t b = a + 1; b < nd; b++) {
			size_t na = off[a + 1] - off[a], nb = off[b + 1] - off[b];
			size_t in = shg_intersect(v + off[a], na, v + off[b], nb);
			cand_pair p = { .a = (uint32_t)a, .b = (uint32_t)b };
			cand_fill(&p, na, nb, in);
			want_over += in > 0;
			if (!cand_keep(&p, f))
				continue;
			assert_true(k < ng);
			assert_int_equal(got[k].a, a);
			assert_int_equal(got[k].b, b);
			assert_int_equal(got[k].inter, in);
			assert_true(got[k].jaccard == p.jaccard);
			assert_true(got[k].cont_ab == p.cont_ab && got[k].cont_ba == p.cont_ba);
			k++;
		}
	assert_int_equal(k, ng);
	assert_int_equal(nover, want_over);
	free(got);
}

static void test_all_pairs_vs_naive(void **state)
{
	(void)state;
	enum { ND = 300, UNIVERSE = 3000 };
	uint64_t rng = 77;
	uint64_t *off = xmalloc((ND + 1) * sizeof *off);
	uint64_t *v = NULL;
	size_t cap = 0;
	off[0] = 0;
	for (size_t d = 0; d < ND; d++) {
		/* every 10th document empty; sizes up to 120 from a small universe: many overlaps,
		 * plus a few near-copies of the previous document */
		size_t n = d % 10 == 0 ? 0 : rng_next(&rng) % 121;
		XGROW(v, cap, off[d] + n + 1);
		uint64_t *s = v + off[d];
		bool copy = d > 0 && d % 7 == 0 && off[d] - off[d - 1] > 0;
		if (copy) {
			n = off[d] - off[d - 1];
			memcpy(s, v + off[d - 1], n * sizeof *s);
			s[0] = rng_next(&rng); /* one change */
		} else {
			for (size_t i = 0; i < n; i++)
				s[i] = hash_like(rng_next(&rng) % UNIVERSE);
		}
		n = shg_sort_unique(s, n);
		off[d + 1] = off[d] + n;
	}
	cand_filter all = { 0.3, 0.5, true }, some = { 0.3, 0.5, false },
		    jonly = { 0.5, 2.0, false }, conly = { 1.0, 0.1, false };
	check_all_pairs(v, off, ND, &all);
	check_all_pairs(v, off, ND, &some);
	check_all_pairs(v, off, ND, &jonly);
	check_all_pairs(v, off, ND, &conly);
	/* fewer than two documents */
	cand_pair *p = (cand_pair *)1;
	assert_int_equal(cand_all_pairs(v, off, 1, &all, &p, NULL), 0);
	assert_null(p);
	free(v);
	free(off);
}

/* s with ins inserted at the first paragraph break after half of s. */
static char *insert_middle(const char *s, size_t n, const char *ins, size_t ni, size_t *out_n)
{
	size_t at = n / 2;
	while (at < n && s[at] != '\n')
		at++;
	char *o = xmalloc(n + ni + 3);
	memcpy(o, s, at);
	o[at] = '\n';
	memcpy(o + at + 1, ins, ni);
	o[at + 1 + ni] = '\n';
	memcpy(o + at + 2 + ni, s + at, n - at);
	*out_n = n + ni + 2;
	return o;
}

static void test_containment_finds_story_inside(void **state)
{
	(void)state;
	const char *names[] = { "000_a7004b4e3752436e.txt", "001_84a70742c93fdf8f.txt",
				"002_3151411f59005c19.txt", "003_2e1e3af4905333a7.txt",
				"004_e8f161a0af7dad6a.txt" };
	size_t n[5];
	char *t[5];
	for (int i = 0; i < 5; i++)
		t[i] = tu_read_corpus(names[i], &n[i]);
	/* docs: 0 = 000 with 003 inside, 1 = 001, 2 = 002 with a reworded 003 inside,
	 *       3 = 003, 4 = 004, 5 = 000 alone */
	size_t len[6];
	char *doc[6];
	doc[0] = insert_middle(t[0], n[0], t[3], n[3], &len[0]);
	size_t nr;
	char *rew = tu_drop_words(t[3], n[3], 13, &nr);
	doc[2] = insert_middle(t[2], n[2], rew, nr, &len[2]);
	doc[1] = t[1], len[1] = n[1];
	doc[3] = t[3], len[3] = n[3];
	doc[4] = t[4], len[4] = n[4];
	doc[5] = t[0], len[5] = n[0];

	shg_buf b = { 0 };
	shg_opts so = { 5, 0, 1 };
	uint64_t *sets[6], soff[7] = { 0 };
	size_t ns[6];
	uint32_t *samp = NULL;
	size_t scap = 0;
	for (int d = 0; d < 6; d++) {
		shg_doc((const uint8_t *)doc[d], len[d], &so, &b);
		ns[d] = shg_sort_unique(b.v, b.n);
		sets[d] = xmalloc(ns[d] * 8);
		memcpy(sets[d], b.v, ns[d] * 8);
		uint64_t tmp[4096];
		size_t k = 0;
		for (size_t i = 0; i < ns[d]; i++)
			if (cand_sampled(sets[d][i]))
				tmp[k++] = (uint32_t)(sets[d][i] >> 3);
		k = shg_sort_unique(tmp, k);
		XGROW(samp, scap, soff[d] + k + 1);
		for (size_t i = 0; i < k; i++)
			samp[soff[d] + i] = (uint32_t)tmp[i];
		soff[d + 1] = soff[d] + k;
	}
	assert_true(soff[4] - soff[3] >= 20); /* 003 has a real sample */

	uint64_t *pairs = NULL, skipped = 9;
	size_t np = cand_containment(samp, soff, 6, 0.5, &pairs, &skipped);
	assert_int_equal(skipped, 0);
	bool have03 = false, have23 = false, have05 = false;
	for (size_t i = 0; i < np; i++) {
		uint32_t a = (uint32_t)(pairs[i] >> 32), c = (uint32_t)pairs[i];
		assert_true(a < c);
		have03 |= a == 0 && c == 3;
		have23 |= a == 2 && c == 3;
		have05 |= a == 0 && c == 5;
		/* unrelated articles (written independently) never pair */
		assert_false(a == 1 && c == 4);
		assert_false(a == 3 && c == 5);
	}
	assert_true(have03 && have23 && have05);
	/* the short story's Jaccard with its host is low: banding on Jaccard would miss it */
	cand_pair p = { 0, 3, 0, 0, 0, 0 };
	cand_fill(&p, ns[0], ns[3], shg_intersect(sets[0], ns[0], sets[3], ns[3]));
	assert_true(p.jaccard < 0.3);
	assert_true(p.cont_ba > 0.95);
	cand_fill(&p, ns[2], ns[3], shg_intersect(sets[2], ns[2], sets[3], ns[3]));
	assert_true(p.cont_ba > 0.4 && p.cont_ba < 0.9);
	/* samples in any order, with repeats, give the same pairs: reversed, every key twice */
	uint32_t *samp2 = xmalloc(2 * soff[6] * sizeof *samp2);
	uint64_t soff2[7] = { 0 };
	for (int d = 0; d < 6; d++) {
		size_t o = soff2[d];
		for (uint64_t i = soff[d + 1]; i > soff[d]; i--) {
			samp2[o++] = samp[i - 1];
			samp2[o++] = samp[i - 1];
		}
		soff2[d + 1] = o;
	}
	uint64_t *pairs2 = NULL;
	assert_int_equal(cand_containment(samp2, soff2, 6, 0.5, &pairs2, NULL), np);
	assert_memory_equal(pairs2, pairs, np * sizeof *pairs);
	free(pairs2);
	free(samp2);
	free(pairs);
	/* disabled containment gives nothing */
	assert_int_equal(cand_containment(samp, soff, 6, 2.0, &pairs, NULL), 0);
	assert_null(pairs);

	for (int d = 0; d < 6; d++)
		free(sets[d]);
	free(samp);
	shg_buf_free(&b);
	free(doc[0]);
	free(doc[2]);
	free(rew);
	for (int i = 0; i < 5; i++)
		free(t[i]);
}

/* The containment join against a naive model: every pair of documents, their distinct
 * sampled keys intersected directly, keys on more than cand_max_posting() documents left
 * out, and the rule cand_containment_pass. Random samples over a small key universe (so
 * keys are shared, some by hundreds of documents: boilerplate), unsorted, with repeats;
 * the same pairs on 1, 2 and 3 threads, and past the radix sort's threading size; past the
 * filter's threading size (65,536 entries) the same pairs on 1 to 4 threads. */
static uint32_t lcg(uint64_t *x)
{
	*x = *x * 6364136223846793005ULL + 1442695040888963407ULL;
	return (uint32_t)(*x >> 33);
}

static void test_containment_vs_naive(void **state)
{
	(void)state;
	const size_t nd = 1500;
	uint64_t seed = 7;
	uint64_t *off = xcalloc(nd + 1, sizeof *off);
	uint32_t *s = NULL;
	size_t cap = 0;
	for (size_t d = 0; d < nd; d++) {
		size_t n = lcg(&seed) % 60;
		/* documents come in families sharing a key range, plus a few boilerplate keys
		 * (0..3) found in most documents */
		uint32_t fam = (uint32_t)(d / 7) * 1000;
		XGROW(s, cap, off[d] + n + 4);
		size_t k = off[d];
		for (size_t i = 0; i < n; i++) {
			uint32_t r = lcg(&seed);
			uint32_t key = r % 10 == 0 ? (r / 10) % 4 : r % 3 == 0 ? (uint32_t)(r % 5000000)
									: fam + r % 90;
			s[k++] = key;
			if (r % 17 == 0)
				s[k++] = key; /* a repeat */
		}
		off[d + 1] = k;
	}
	/* naive: distinct sorted sample per document, document frequency per key */
	uint64_t **set = xcalloc(nd, sizeof *set);
	size_t *ns = xcalloc(nd, sizeof *ns);
	for (size_t d = 0; d < nd; d++) {
		set[d] = xmalloc((off[d + 1] - off[d] + 1) * sizeof **set);
		for (uint64_t e = off[d]; e < off[d + 1]; e++)
			set[d][e - off[d]] = s[e];
		ns[d] = shg_sort_unique(set[d], off[d + 1] - off[d]);
	}
	uint64_t *all = NULL;
	size_t nall = 0, acap = 0;
	for (size_t d = 0; d < nd; d++)
		for (size_t i = 0; i < ns[d]; i++) {
			XGROW(all, acap, nall + 1);
			all[nall++] = set[d][i];
		}
	shg_sort_u64(all, nall);
	uint64_t *want = NULL;
	size_t nwant = 0, wcap = 0;
	for (size_t a = 0; a < nd; a++)
		for (size_t b = a + 1; b < nd; b++) {
			size_t i = 0, j = 0, shared = 0;
			while (i < ns[a] && j < ns[b]) {
				if (set[a][i] < set[b][j]) {
					i++;
				} else if (set[a][i] > set[b][j]) {
					j++;
				} else {
					/* the key's document frequency */
					uint64_t key = set[a][i];
					size_t lo = 0, hi = nall;
					while (lo < hi) {
						size_t mid = (lo + hi) / 2;
						if (all[mid] < key)
							lo = mid + 1;
						else
							hi = mid;
					}
					size_t df = 0;
					while (lo + df < nall && all[lo + df] == key)
						df++;
					shared += df <= cand_max_posting();
					i++;
					j++;
				}
			}
			if (shared && cand_containment_pass(shared, ns[a], ns[b], 0.5)) {
				XGROW(want, wcap, nwant + 1);
				want[nwant++] = (uint64_t)a << 32 | b;
			}
		}
	assert_true(nwant > 100);
	for (unsigned t = 1; t <= 3; t++) {
		uint64_t *got = NULL, skipped = 0;
		size_t n = cand_containment_mt(s, off, nd, 0.5, t, &got, &skipped);
		assert_int_equal(n, nwant);
		assert_memory_equal(got, want, n * sizeof *got);
		assert_int_equal(skipped, 4); /* the four boilerplate keys */
		free(got);
	}
	/* the same families, 4x as many documents: the filter runs on threads */
	size_t nd4 = 4 * nd;
	uint64_t *off4 = xcalloc(nd4 + 1, sizeof *off4);
	uint32_t *s4 = xmalloc(4 * off[nd] * sizeof *s4);
	for (size_t d = 0; d < nd4; d++) {
		size_t base = off[d % nd], n = off[d % nd + 1] - base;
		for (size_t i = 0; i < n; i++) /* families of the copies apart, boilerplate kept */
			s4[off4[d] + i] = s[base + i] < 4 ? s[base + i] : s[base + i] + (uint32_t)(d / nd) * 7000000u;
		off4[d + 1] = off4[d] + n;
	}
	assert_true(off4[nd4] >= ((size_t)1 << 16));
	uint64_t *ref = NULL;
	size_t nref = cand_containment_mt(s4, off4, nd4, 0.5, 1, &ref, NULL);
	assert_true(nref >= 4 * nwant);
	for (unsigned t = 2; t <= 4; t++) {
		uint64_t *got = NULL;
		size_t n = cand_containment_mt(s4, off4, nd4, 0.5, t, &got, NULL);
		assert_int_equal(n, nref);
		assert_memory_equal(got, ref, n * sizeof *got);
		free(got);
	}
	free(ref);
	free(s4);
	free(off4);
	/* one big sample (past the size where the sort runs threaded) equals the 1-thread run */
	size_t big = 200000;
	uint64_t boff[3] = { 0, big, 2 * big };
	uint32_t *bs = xmalloc(2 * big * sizeof *bs);
	for (size_t i = 0; i < 2 * big; i++)
		bs[i] = lcg(&seed) % 1000000;
	uint64_t *p1 = NULL, *p2 = NULL;
	size_t n1 = cand_containment_mt(bs, boff, 2, 0.01, 1, &p1, NULL);
	size_t n2 = cand_containment_mt(bs, boff, 2, 0.01, 2, &p2, NULL);
	assert_int_equal(n1, 1);
	assert_int_equal(n2, 1);
	assert_int_equal(p1[0], p2[0]);
	free(p1);
	free(p2);
	free(bs);
	for (size_t d = 0; d < nd; d++)
		free(set[d]);
	free(set);
	free(ns);
	free(all);
	free(want);
	free(s);
	free(off);
}

static void test_merge(void **state)
{
	(void)state;
	uint64_t x[] = { 1, 5, 9, 12 }, y[] = { 2, 5, 12, 40 }, *o;
	uint64_t want[] = { 1, 2, 5, 9, 12, 40 };
	assert_int_equal(cand_merge(x, 4, y, 4, &o), 6);
	assert_memory_equal(o, want, sizeof want);
	free(o);
	assert_int_equal(cand_merge(NULL, 0, y, 4, &o), 4);
	assert_memory_equal(o, y, sizeof y);
	free(o);
	assert_int_equal(cand_merge(NULL, 0, NULL, 0, &o), 0);
	free(o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_all_pairs_vs_naive),
		cmocka_unit_test(test_containment_finds_story_inside),
		cmocka_unit_test(test_containment_vs_naive),
		cmocka_unit_test(test_merge),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
