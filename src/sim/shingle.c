/* shingle.c - word k-shingles and character n-grams as 64-bit hashes (see shingle.h).
 *
 * Hot path: shg_words() combines the k word hashes of tok_hashes() with a rolling
 * polynomial (O(1) per word whatever k) finalised by a seeded 64-bit mixer; measured 3x
 * cheaper than one XXH3 call over the 8k bytes per word. Sorting is a separate step
 * because the MinHash sketch does not need it.
 */
#include "overlap/shingle.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "overlap/mem.h"
#include "overlap/pool.h"
#include "overlap/tokenize.h"

/* ---- tuning ---- */

/* Below this many values insertion sort beats quicksort's partitioning overhead. */
#define SHG_INSERTION_MAX 16
/* Above this many values LSD radix (6 passes of 11 bits plus a buffer) beats the one-pass
 * bucket sort below, whose scratch lives on the stack (SHG_RADIX_MIN * 8 bytes). */
#define SHG_RADIX_MIN 4096
#define SHG_RADIX_BITS 11
/* Bucket sort (one scatter by the top bits of the value range, insertion sort inside
 * buckets) from this size: per-document shingle sets (~500 hashes) sort in ~5 ns a value
 * against ~70 ns for quicksort, which had been 30% of the end-to-end profile. */
#define SHG_BUCKET_MIN 48
/* Buckets per value: ~4 values per bucket keeps insertion sorts short. */
#define SHG_BUCKET_LOAD 4
/* A bucket holding more than this (skewed input, repeats) is quicksorted instead. */
#define SHG_BUCKET_MAX 24

/* ---- helpers ---- */

static void sort_insertion(uint64_t *v, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		uint64_t x = v[i];
		size_t j = i;
		while (j > 0 && v[j - 1] > x) {
			v[j] = v[j - 1];
			j--;
		}
		v[j] = x;
	}
}

static void swap_u64(uint64_t *a, uint64_t *b)
{
	uint64_t t = *a;
	*a = *b;
	*b = t;
}

/* Quicksort with median of three; recursion on the smaller side keeps the stack at
 * O(log n). Inputs are hashes, so adversarial orders do not arise; repeated values are
 * handled by Hoare partitioning (both sides stop on equal keys). */
static void sort_quick(uint64_t *v, size_t n)
{
	while (n > SHG_INSERTION_MAX) {
		size_t m = n / 2;
		if (v[m] < v[0])
			swap_u64(&v[m], &v[0]);
		if (v[n - 1] < v[0])
			swap_u64(&v[n - 1], &v[0]);
		if (v[n - 1] < v[m])
			swap_u64(&v[n - 1], &v[m]);
		uint64_t pivot = v[m];
		size_t i = 0, j = n - 1;
		for (;;) {
			while (v[i] < pivot)
				i++;
			while (v[j] > pivot)
				j--;
			if (i >= j)
				break;
			swap_u64(&v[i], &v[j]);
			i++;
			j--;
		}
		/* [0, j] <= pivot <= [j+1, n) */
		size_t left = j + 1, right = n - left;
		if (left < right) {
			sort_quick(v, left);
			v += left;
			n = right;
		} else {
			sort_quick(v + left, right);
			n = left;
		}
	}
	sort_insertion(v, n);
}

/* One-pass bucket sort for SHG_BUCKET_MIN <= n < SHG_RADIX_MIN. Buckets split the range
 * [min, max] evenly, so uniform hashes spread well; clustered input (pair keys, small
 * integers) degrades only to quicksort inside the crowded buckets. */
static void sort_bucket(uint64_t *v, size_t n)
{
	uint64_t tmp[SHG_RADIX_MIN];
	uint32_t cnt[SHG_RADIX_MIN / SHG_BUCKET_LOAD + 1];
	uint64_t lo = v[0], hi = v[0];
	for (size_t i = 1; i < n; i++) {
		lo = v[i] < lo ? v[i] : lo;
		hi = v[i] > hi ? v[i] : hi;
	}
	if (lo == hi)
		return;
	size_t nb = 1;
	while (nb * SHG_BUCKET_LOAD < n)
		nb *= 2;
	/* shift so that (hi - lo) >> shift < nb */
	unsigned shift = 0;
	while (((hi - lo) >> shift) >= nb)
		shift++;
	memset(cnt, 0, (nb + 1) * sizeof *cnt);
	for (size_t i = 0; i < n; i++)
		cnt[((v[i] - lo) >> shift) + 1]++;
	for (size_t b = 0; b < nb; b++)
		cnt[b + 1] += cnt[b];
	/* cnt[b] is now the start of bucket b; scatter, advancing starts */
	for (size_t i = 0; i < n; i++)
		tmp[cnt[(v[i] - lo) >> shift]++] = v[i];
	/* after the scatter cnt[b] is the end of bucket b (= start of b + 1) */
	size_t start = 0;
	for (size_t b = 0; b < nb; b++) {
		size_t end = cnt[b], m = end - start;
		if (m > SHG_BUCKET_MAX)
			sort_quick(tmp + start, m);
		else if (m > 1)
			sort_insertion(tmp + start, m);
		start = end;
	}
	memcpy(v, tmp, n * sizeof *v);
}

static void sort_radix(uint64_t *v, size_t n)
{
	enum { NB = 1u << SHG_RADIX_BITS, NP = (64 + SHG_RADIX_BITS - 1) / SHG_RADIX_BITS };
	uint64_t *tmp = xmalloc(n * sizeof *tmp);
	/* every digit's counts in one read of v: the passes only scatter */
	size_t *cnt = xcalloc((size_t)NP * NB, sizeof *cnt);
	for (size_t i = 0; i < n; i++) {
		uint64_t x = v[i];
		for (unsigned p = 0; p < NP; p++)
			cnt[p * NB + ((x >> (p * SHG_RADIX_BITS)) & (NB - 1))]++;
	}
	uint64_t *src = v, *dst = tmp;
	for (unsigned p = 0; p < NP; p++) {
		unsigned shift = p * SHG_RADIX_BITS;
		size_t *c = cnt + (size_t)p * NB;
		if (c[(src[0] >> shift) & (NB - 1)] == n)
			continue; /* every key has this digit: the pass would not move anything */
		size_t sum = 0;
		for (size_t d = 0; d < NB; d++) {
			size_t k = c[d];
			c[d] = sum;
			sum += k;
		}
		for (size_t i = 0; i < n; i++)
			dst[c[(src[i] >> shift) & (NB - 1)]++] = src[i];
		uint64_t *t = src;
		src = dst;
		dst = t;
	}
	if (src != v)
		memcpy(v, src, n * sizeof *v);
	free(cnt);
	free(tmp);
}

/* ---- API ---- */

void shg_sort_u64(uint64_t *v, size_t n)
{
	if (n < 2)
		return;
	if (n >= SHG_RADIX_MIN)
		sort_radix(v, n);
	else if (n >= SHG_BUCKET_MIN)
		sort_bucket(v, n);
	else
		sort_quick(v, n);
}

size_t shg_sort_unique(uint64_t *v, size_t n)
{
	if (n < 2)
		return n;
	shg_sort_u64(v, n);
	size_t w = 1;
	for (size_t i = 1; i < n; i++)
		if (v[i] != v[w - 1])
			v[w++] = v[i];
	return w;
}

size_t shg_count_distinct(const uint64_t *v, size_t n, uint64_t **scratch, size_t *cap)
{
	if (n < 2)
		return n;
	size_t tcap = 16;
	unsigned bits = 4;
	while (tcap < 2 * n) {
		tcap *= 2;
		bits++;
	}
	XGROW(*scratch, *cap, tcap);
	uint64_t *t = *scratch;
	memset(t, 0, tcap * sizeof *t);
	/* 0 marks a free slot, so the value 0 is counted on the side */
	size_t count = 0;
	int zero = 0;
	for (size_t i = 0; i < n; i++) {
		uint64_t x = v[i];
		if (x == 0) {
			zero = 1;
			continue;
		}
		/* Fibonacci hashing: the top bits of x * 2^64/phi spread any input */
		size_t h = (size_t)((x * 0x9e3779b97f4a7c15ULL) >> (64 - bits));
		while (t[h] != 0 && t[h] != x)
			h = (h + 1) & (tcap - 1);
		if (t[h] == 0) {
			t[h] = x;
			count++;
		}
	}
	return count + (size_t)zero;
}

size_t shg_intersect(const uint64_t *a, size_t na, const uint64_t *b, size_t nb)
{
	size_t i = 0, j = 0, c = 0;
	while (i < na && j < nb) {
		if (a[i] < b[j]) {
			i++;
		} else if (a[i] > b[j]) {
			j++;
		} else {
			c++;
			i++;
			j++;
		}
	}
	return c;
}

/* Fibonacci hashing: the top bits of x * 2^64/phi spread any input. */
static inline size_t table_home(uint64_t x, unsigned bits)
{
	return (size_t)((x * 0x9e3779b97f4a7c15ULL) >> (64 - bits));
}

/* A table of 2^bits home slots has one slot more, so that shg_table_count can read a home
 * slot and the next one without wrapping; probes wrap at the end of all of them. */
static inline size_t table_slots(unsigned bits) { return ((size_t)1 << bits) + 1; }

size_t shg_table_build(shg_table *t, size_t *cap, unsigned slots_per_value, const uint64_t *v,
		       size_t n, uint64_t *out)
{
	unsigned bits = 4;
	while (((size_t)1 << bits) < (size_t)slots_per_value * n)
		bits++;
	size_t ns = table_slots(bits);
	XGROW(t->slot, *cap, ns);
	t->bits = bits;
	t->zero = false;
	uint64_t *s = t->slot;
	memset(s, 0, ns * sizeof *s);
	size_t m = 0;
	for (size_t i = 0; i < n; i++) {
		uint64_t x = v[i];
		if (x == 0) {
			if (!t->zero)
				out[m++] = 0;
			t->zero = true;
			continue;
		}
		for (size_t h = table_home(x, bits);; h = h + 1 == ns ? 0 : h + 1) {
			uint64_t y = s[h];
			if (y == x)
				break;
			if (y == 0) {
				s[h] = x;
				out[m++] = x;
				break;
			}
		}
	}
	return m;
}

size_t shg_table_count(const shg_table *t, const uint64_t *v, size_t n)
{
	const uint64_t *s = t->slot;
	unsigned bits = t->bits;
	size_t ns = table_slots(bits), c = 0;
	for (size_t i = 0; i < n; i++) {
		uint64_t x = v[i];
		if (x == 0) {
			c += t->zero;
			continue;
		}
		/* The home slot and the next decide almost every probe (at a load of 1/4 both
		 * hold other values ~6% of the time), without a branch on which one it is. */
		size_t h = table_home(x, bits);
		uint64_t y0 = s[h], y1 = s[h + 1];
		bool hit = (y0 == x) | (y1 == x);
		if (hit | (y0 == 0) | (y1 == 0)) {
			c += hit;
			continue;
		}
		for (h = h + 2 == ns ? 0 : h + 2; s[h] != x && s[h] != 0; h = h + 1 == ns ? 0 : h + 1)
			;
		c += s[h] == x;
	}
	return c;
}

size_t shg_words_cap(size_t nwords, unsigned k)
{
	if (nwords == 0)
		return 1;
	return nwords < k ? 1 : nwords - k + 1;
}

/* Rolling combination of k word hashes: H_i = sum_j w[i+j] * B^(k-1-j) mod 2^64, updated
 * in O(1) per word, then finalised with a bijective mixer keyed by the seed. Word hashes are
 * XXH3 outputs (uniform), so two different k-word sequences collide with probability
 * ~2^-64 like XXH3 over the same 8k bytes would, at a third of the cost (measured with
 * bench_sim --kernels: XXH3 over 40 bytes per word was ~8 ns, this ~2 ns). */
#define SHG_ROLL_BASE 0x9e3779b97f4a7c15ULL /* odd, so powers never vanish mod 2^64 */

size_t shg_words(const uint64_t *wh, size_t nwords, unsigned k, uint64_t seed, uint64_t *out)
{
	if (nwords == 0)
		return 0;
	if (k == 0)
		k = 1;
	if (nwords < k) {
		/* one shingle of all the words; a different length cannot equal a k-shingle
		 * except by chance, like the strings of shingle.py */
		out[0] = hash_bytes(wh, nwords * sizeof *wh, seed);
		return 1;
	}
	uint64_t top = 1; /* B^(k-1) */
	for (unsigned j = 1; j < k; j++)
		top *= SHG_ROLL_BASE;
	uint64_t h = 0;
	for (unsigned j = 0; j < k; j++)
		h = h * SHG_ROLL_BASE + wh[j];
	size_t n = nwords - k + 1;
	uint64_t key = hash_mix64(seed ^ 0x5851f42d4c957f2dULL);
	out[0] = hash_mix64(h ^ key);
	for (size_t i = 1; i < n; i++) {
		h = (h - wh[i - 1] * top) * SHG_ROLL_BASE + wh[i + k - 1];
		out[i] = hash_mix64(h ^ key);
	}
	return n;
}

static size_t next_char(const uint8_t *s, size_t i, size_t end)
{
	i++;
	while (i < end && (s[i] & 0xC0) == 0x80)
		i++;
	return i;
}

size_t shg_chars(const uint8_t *s, size_t nbytes, unsigned n, uint64_t seed, uint64_t *out)
{
	size_t lo = 0, hi = nbytes;
	while (lo < hi && s[lo] == ' ')
		lo++;
	while (hi > lo && s[hi - 1] == ' ')
		hi--;
	if (lo == hi)
		return 0;
	if (n == 0)
		n = 1;
	/* window [i, j) of n characters */
	size_t i = lo, j = lo;
	unsigned c = 0;
	while (c < n && j < hi) {
		j = next_char(s, j, hi);
		c++;
	}
	if (c < n) {
		out[0] = hash_bytes(s + lo, hi - lo, seed);
		return 1;
	}
	size_t m = 0;
	for (;;) {
		out[m++] = hash_bytes(s + i, j - i, seed);
		if (j >= hi)
			break;
		i = next_char(s, i, hi);
		j = next_char(s, j, hi);
	}
	return m;
}

/* shg_doc, the words from tok_word_spans when spans. */
static size_t doc_impl(const uint8_t *text, size_t nbytes, const shg_opts *o, shg_buf *buf,
		       bool spans)
{
	size_t nbad = 0;
	buf->nwords = spans ? tok_word_spans(text, nbytes, &buf->words, &buf->words_cap,
					     &buf->spans, &buf->spans_cap, &nbad)
			    : tok_hashes(text, nbytes, &buf->words, &buf->words_cap, &nbad);
	buf->nbad = nbad;
	buf->n = 0;
	if (o->char_ngrams == 0) {
		XGROW(buf->v, buf->cap, shg_words_cap(buf->nwords, o->k));
		buf->n = shg_words(buf->words, buf->nwords, o->k, o->seed, buf->v);
		return buf->n;
	}
	size_t nl = 0;
	char *norm = tok_normalize(text, nbytes, &nl);
	if (norm) {
		XGROW(buf->v, buf->cap, nl ? nl : 1);
		buf->n = shg_chars((const uint8_t *)norm, nl, o->char_ngrams, o->seed, buf->v);
		free(norm);
	}
	return buf->n;
}

size_t shg_doc(const uint8_t *text, size_t nbytes, const shg_opts *o, shg_buf *buf)
{
	return doc_impl(text, nbytes, o, buf, false);
}

size_t shg_doc_spans(const uint8_t *text, size_t nbytes, const shg_opts *o, shg_buf *buf)
{
	return doc_impl(text, nbytes, o, buf, true);
}

void shg_buf_free(shg_buf *b)
{
	if (!b)
		return;
	free(b->words);
	free(b->spans);
	free(b->v);
	memset(b, 0, sizeof *b);
}

/* ---- sorting by the high 32 bits (shg_sort_hi32) ----
 * Stable LSD radix sort in 3 passes of 11 bits (2,048 buckets: the counters and the write
 * heads stay in L1/L2) instead of 8 passes over all 64 bits: the callers' (key << 32 | doc)
 * values are filled in document order, which the stable sort keeps inside each key.
 * `threads` workers histogram and scatter their own slice; slice t's entries of a bucket
 * go after slices < t's, which keeps it stable. */
#define RADIX_BITS 11
#define RADIX_BUCKETS (1u << RADIX_BITS)

typedef struct radix_job {
	uint64_t *src, *dst;
	size_t n;
	unsigned shift, nslices;
	size_t *hist; /* nslices * RADIX_BUCKETS: counts, then write positions */
} radix_job;

static void radix_slice(const radix_job *j, size_t t, size_t *lo, size_t *hi)
{
	*lo = j->n * t / j->nslices;
	*hi = j->n * (t + 1) / j->nslices;
}

static void radix_count(void *ud, size_t t, unsigned worker)
{
	(void)worker;
	radix_job *j = ud;
	size_t lo, hi, *h = j->hist + t * RADIX_BUCKETS;
	radix_slice(j, t, &lo, &hi);
	memset(h, 0, RADIX_BUCKETS * sizeof *h);
	for (size_t i = lo; i < hi; i++)
		h[(j->src[i] >> j->shift) & (RADIX_BUCKETS - 1)]++;
}

static void radix_scatter(void *ud, size_t t, unsigned worker)
{
	(void)worker;
	radix_job *j = ud;
	size_t lo, hi, *h = j->hist + t * RADIX_BUCKETS;
	radix_slice(j, t, &lo, &hi);
	for (size_t i = lo; i < hi; i++) {
		uint64_t x = j->src[i];
		j->dst[h[(x >> j->shift) & (RADIX_BUCKETS - 1)]++] = x;
	}
}

uint64_t *shg_sort_hi32(uint64_t *v, uint64_t *tmp, size_t n, unsigned threads)
{
	unsigned ns = threads > 1 && n >= ((size_t)1 << 16) ? threads : 1;
	radix_job j = { .src = v, .dst = tmp, .n = n, .nslices = ns };
	j.hist = xmalloc((size_t)ns * RADIX_BUCKETS * sizeof *j.hist);
	for (unsigned shift = 32; shift < 64; shift += RADIX_BITS) {
		j.shift = shift;
		pool_for(ns, ns, radix_count, &j);
		size_t sum = 0;
		for (size_t b = 0; b < RADIX_BUCKETS; b++)
			for (size_t t = 0; t < ns; t++) {
				size_t c = j.hist[t * RADIX_BUCKETS + b];
				j.hist[t * RADIX_BUCKETS + b] = sum;
				sum += c;
			}
		pool_for(ns, ns, radix_scatter, &j);
		uint64_t *x = j.src;
		j.src = j.dst;
		j.dst = x;
	}
	free(j.hist);
	return j.src;
}
