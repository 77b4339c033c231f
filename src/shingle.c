/* shingle.c - word k-shingles and character n-grams as 64-bit hashes (see shingle.h).
 *
 * Hot path: shg_words() is one XXH3 call over the k consecutive 8-byte word hashes (they sit
 * contiguously in the tok_hashes() output, so there is nothing to copy). A rolling
 * combination would save little: XXH3 on 40 bytes costs a few ns against ~30 ns of
 * tokenising per word. Sorting is separate because the MinHash sketch does not need it.
 */
#include "overlap/shingle.h"

#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "overlap/mem.h"
#include "overlap/tokenize.h"

/* ---- tuning ---- */

/* Below this many values insertion sort beats quicksort's partitioning overhead. */
#define SHG_INSERTION_MAX 16
/* Above this many values LSD radix (6 passes of 11 bits plus a buffer) beats quicksort;
 * measured crossover for random 64-bit hashes is around 1-2 thousand. */
#define SHG_RADIX_MIN 2048
#define SHG_RADIX_BITS 11

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

static void sort_radix(uint64_t *v, size_t n)
{
	enum { NB = 1u << SHG_RADIX_BITS };
	uint64_t *tmp = xmalloc(n * sizeof *tmp);
	size_t *cnt = xmalloc(NB * sizeof *cnt);
	uint64_t *src = v, *dst = tmp;
	for (unsigned shift = 0; shift < 64; shift += SHG_RADIX_BITS) {
		memset(cnt, 0, NB * sizeof *cnt);
		for (size_t i = 0; i < n; i++)
			cnt[(src[i] >> shift) & (NB - 1)]++;
		if (cnt[(src[0] >> shift) & (NB - 1)] == n)
			continue; /* every key has this digit: the pass would not move anything */
		size_t sum = 0;
		for (size_t d = 0; d < NB; d++) {
			size_t c = cnt[d];
			cnt[d] = sum;
			sum += c;
		}
		for (size_t i = 0; i < n; i++)
			dst[cnt[(src[i] >> shift) & (NB - 1)]++] = src[i];
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

size_t shg_words_cap(size_t nwords, unsigned k)
{
	if (nwords == 0)
		return 1;
	return nwords < k ? 1 : nwords - k + 1;
}

size_t shg_words(const uint64_t *wh, size_t nwords, unsigned k, uint64_t seed, uint64_t *out)
{
	if (nwords == 0)
		return 0;
	if (k == 0)
		k = 1;
	if (nwords < k) {
		out[0] = hash_bytes(wh, nwords * sizeof *wh, seed);
		return 1;
	}
	/* The word hashes are native-endian in memory: shingle hashes are reproducible on one
	 * byte order, which is all a run (and its second pass) needs. */
	size_t n = nwords - k + 1, len = (size_t)k * sizeof *wh;
	for (size_t i = 0; i < n; i++)
		out[i] = hash_bytes(wh + i, len, seed);
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

size_t shg_doc(const uint8_t *text, size_t nbytes, const shg_opts *o, shg_buf *buf)
{
	size_t nbad = 0;
	buf->nwords = tok_hashes(text, nbytes, &buf->words, &buf->words_cap, &nbad);
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

void shg_buf_free(shg_buf *b)
{
	if (!b)
		return;
	free(b->words);
	free(b->v);
	memset(b, 0, sizeof *b);
}
