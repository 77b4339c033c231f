/* test_shingle.c - shingle sets against a naive string model (the benchmark's shingle.py
 * rule), sorting and intersection against naive versions, character n-grams. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "testutil.h"

#include "overlap/mem.h"
#include "overlap/shingle.h"

#ifndef OVL_SOURCE_ROOT
#define OVL_SOURCE_ROOT "."
#endif

static const char *const files[] = {
	"000_a7004b4e3752436e.txt", "001_84a70742c93fdf8f.txt", "002_3151411f59005c19.txt",
	"003_2e1e3af4905333a7.txt", "004_e8f161a0af7dad6a.txt",
};

/* ---- naive model: shingle.py in C ---- */

typedef struct strset {
	char **v;
	size_t n;
} strset;

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static strset naive_shingles(const char *s, size_t n, unsigned k)
{
	char **w = NULL;
	size_t nw = 0, cap = 0;
	for (size_t i = 0; i < n;) {
		char c = s[i];
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
			size_t j = i;
			while (j < n && ((s[j] >= 'a' && s[j] <= 'z') || (s[j] >= 'A' && s[j] <= 'Z') ||
					 (s[j] >= '0' && s[j] <= '9')))
				j++;
			char *x = xstrndup(s + i, j - i);
			for (char *p = x; *p; p++)
				if (*p >= 'A' && *p <= 'Z')
					*p = (char)(*p - 'A' + 'a');
			XGROW(w, cap, nw + 1);
			w[nw++] = x;
			i = j;
		} else {
			i++;
		}
	}
	strset r = { NULL, 0 };
	size_t m = nw == 0 ? 0 : nw < k ? 1 : nw - k + 1;
	r.v = xcalloc(m ? m : 1, sizeof *r.v);
	for (size_t i = 0; i < m; i++) {
		size_t len = 0, kk = nw < k ? nw : k;
		for (size_t j = 0; j < kk; j++)
			len += strlen(w[i + j]) + 1;
		char *x = xmalloc(len + 1);
		x[0] = 0;
		for (size_t j = 0; j < kk; j++) {
			if (j)
				strcat(x, " ");
			strcat(x, w[i + j]);
		}
		r.v[i] = x;
	}
	qsort(r.v, m, sizeof *r.v, cmp_str);
	size_t u = 0;
	for (size_t i = 0; i < m; i++) {
		if (u && strcmp(r.v[u - 1], r.v[i]) == 0) {
			free(r.v[i]);
			continue;
		}
		r.v[u++] = r.v[i];
	}
	r.n = u;
	for (size_t i = 0; i < nw; i++)
		free(w[i]);
	free(w);
	return r;
}

static size_t naive_inter(const strset *a, const strset *b)
{
	size_t i = 0, j = 0, c = 0;
	while (i < a->n && j < b->n) {
		int d = strcmp(a->v[i], b->v[j]);
		if (d < 0)
			i++;
		else if (d > 0)
			j++;
		else {
			c++;
			i++;
			j++;
		}
	}
	return c;
}

static void strset_free(strset *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
}

/* Our set of s (sorted, unique), copied out. */
static uint64_t *our_set(const char *s, size_t n, unsigned k, size_t *out_n)
{
	shg_buf b = { 0 };
	shg_opts o = { k, 0, 1 };
	shg_doc((const uint8_t *)s, n, &o, &b);
	size_t m = shg_sort_unique(b.v, b.n);
	uint64_t *r = xmalloc((m ? m : 1) * sizeof *r);
	memcpy(r, b.v, m * sizeof *r);
	shg_buf_free(&b);
	*out_n = m;
	return r;
}

/* Delete every 17th word of s (keeps separators): a known edit. */
static char *edit_copy(const char *s, size_t n, size_t *out_n)
{
	char *o = xmalloc(n + 1);
	size_t w = 0, word = 0;
	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)s[i];
		int alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
		if (!alnum) {
			o[w++] = s[i++];
			continue;
		}
		size_t j = i;
		while (j < n && ((unsigned)(((unsigned char)s[j] | 0x20) - 'a') < 26u ||
				 (unsigned)((unsigned char)s[j] - '0') < 10u))
			j++;
		if (++word % 17 != 0) {
			memcpy(o + w, s + i, j - i);
			w += j - i;
		}
		i = j;
	}
	o[w] = 0;
	*out_n = w;
	return o;
}

static void test_matches_naive_model(void **state)
{
	(void)state;
	for (size_t f = 0; f < 5; f++) {
		size_t n, ne;
		char *s = tu_read_corpus(files[f], &n);
		char *e = edit_copy(s, n, &ne);
		for (unsigned k = 1; k <= 9; k += 4) {
			strset na = naive_shingles(s, n, k), nb = naive_shingles(e, ne, k);
			size_t ma, mb;
			uint64_t *a = our_set(s, n, k, &ma), *b = our_set(e, ne, k, &mb);
			assert_int_equal(ma, na.n);
			assert_int_equal(mb, nb.n);
			assert_true(ma > 100);
			size_t in = naive_inter(&na, &nb);
			assert_int_equal(shg_intersect(a, ma, b, mb), in);
			assert_true(in < ma); /* the edit changed something */
			strset_free(&na);
			strset_free(&nb);
			free(a);
			free(b);
		}
		free(s);
		free(e);
	}
}

static void test_short_and_empty_docs(void **state)
{
	(void)state;
	size_t m;
	uint64_t *a = our_set("Kaspersky bans", 14, 5, &m);
	assert_int_equal(m, 1);
	size_t m2;
	uint64_t *b = our_set("  KASPERSKY -- bans!! ", 22, 5, &m2);
	assert_int_equal(m2, 1);
	assert_true(a[0] == b[0]); /* same words, same single shingle */
	free(b);
	b = our_set("... --- !!!", 11, 5, &m2);
	assert_int_equal(m2, 0);
	free(b);
	b = our_set("", 0, 5, &m2);
	assert_int_equal(m2, 0);
	free(b);
	/* 5 words give exactly one 5-shingle, 6 words two */
	b = our_set("one two three four five", 23, 5, &m2);
	assert_int_equal(m2, 1);
	assert_true(b[0] != a[0]);
	free(b);
	b = our_set("one two three four five six", 27, 5, &m2);
	assert_int_equal(m2, 2);
	free(b);
	free(a);
	/* seeds change hashes */
	uint64_t wh[6] = { 1, 2, 3, 4, 5, 6 }, o1[2], o2[2];
	assert_int_equal(shg_words(wh, 6, 5, 1, o1), 2);
	assert_int_equal(shg_words(wh, 6, 5, 2, o2), 2);
	assert_true(o1[0] != o2[0] && o1[0] != o1[1]);
	assert_int_equal(shg_words(wh, 0, 5, 1, o1), 0);
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

static void test_sort_unique_and_intersect(void **state)
{
	(void)state;
	uint64_t rng = 42;
	const size_t sizes[] = { 0, 1, 2, 15, 17, 47, 48, 100, 500, 700, 2047, 4095, 4096, 5000, 70000 };
	for (size_t t = 0; t < sizeof sizes / sizeof *sizes; t++) {
		size_t n = sizes[t];
		uint64_t *v = xmalloc((n + 1) * sizeof *v), *w = xmalloc((n + 1) * sizeof *w);
		for (size_t i = 0; i < n; i++) {
			rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
			/* tiny range (many repeats), full 64-bit hashes, clustered pair keys */
			v[i] = t % 3 == 0 ? (rng >> 33) % 50
			       : t % 3 == 1 ? rng
					    : ((rng >> 40) % 100) << 32 | (rng >> 20) % 1000;
		}
		if (n > 3)
			v[3] = 0; /* the table's free marker is a value too */
		memcpy(w, v, n * sizeof *v);
		uint64_t *scratch = NULL;
		size_t scap = 0;
		size_t distinct = shg_count_distinct(v, n, &scratch, &scap);
		free(scratch);
		qsort(w, n, sizeof *w, cmp_u64);
		size_t u = 0;
		for (size_t i = 0; i < n; i++)
			if (!u || w[u - 1] != w[i])
				w[u++] = w[i];
		size_t m = shg_sort_unique(v, n);
		assert_int_equal(m, u);
		assert_int_equal(distinct, u);
		if (m)
			assert_memory_equal(v, w, m * sizeof *v);
		/* intersection with a shifted half */
		size_t h = m / 2;
		assert_int_equal(shg_intersect(v, m, v + h, m - h), m - h);
		assert_int_equal(shg_intersect(v, m, NULL, 0), 0);
		free(v);
		free(w);
	}
}

/* shg_table_build's distinct values and shg_table_count against sorting and shg_intersect:
 * random sets with repeats, the value 0, clustered values (long probe runs), tiny tables
 * (probes that wrap), two sets sharing about half their values. */
static void test_table_against_sorted(void **state)
{
	(void)state;
	uint64_t rng = 7;
	const size_t sizes[] = { 0, 1, 2, 3, 16, 31, 100, 777, 5000 };
	shg_table t = { 0 };
	size_t tcap = 0;
	for (size_t ta = 0; ta < sizeof sizes / sizeof *sizes; ta++)
		for (size_t tb = 0; tb < sizeof sizes / sizeof *sizes; tb++)
			for (unsigned kind = 0; kind < 3; kind++) {
				size_t na = sizes[ta], nb = sizes[tb];
				uint64_t *a = xmalloc((na + 1) * sizeof *a);
				uint64_t *b = xmalloc((nb + 1) * sizeof *b);
				for (size_t i = 0; i < na + nb; i++) {
					rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
					/* hashes, a small range (repeats, 0), values that share a home */
					uint64_t x = kind == 0 ? rng : kind == 1 ? (rng >> 33) % 40
									   : ((rng >> 33) % 64) << 58;
					if (i < na)
						a[i] = x;
					else if (i - na < na && (rng >> 20) % 2) /* shared with a */
						b[i - na] = a[i - na];
					else
						b[i - na] = x;
				}
				uint64_t *la = xmalloc((na + 1) * sizeof *la);
				uint64_t *lb = xmalloc((nb + 1) * sizeof *lb);
				size_t da = shg_table_build(&t, &tcap, 1 + kind, a, na, la);
				size_t db = shg_table_build(&t, &tcap, 1 + kind, b, nb, lb);
				/* the lists are the distinct values, first seen first */
				assert_int_equal(da, shg_sort_unique(a, na));
				assert_int_equal(db, shg_sort_unique(b, nb));
				size_t want = shg_intersect(a, da, b, db);
				assert_int_equal(shg_table_count(&t, la, da), want);
				shg_sort_u64(lb, db);
				assert_memory_equal(lb, b, db * sizeof *b);
				free(a);
				free(b);
				free(la);
				free(lb);
			}
	free(t.slot);
}

static void test_char_ngrams(void **state)
{
	(void)state;
	uint64_t out[64];
	const char *s = "abc de";
	assert_int_equal(shg_chars((const uint8_t *)s, 6, 3, 1, out), 4);
	assert_int_equal(shg_chars((const uint8_t *)"  ab ", 5, 3, 1, out), 1);
	assert_int_equal(shg_chars((const uint8_t *)"   ", 3, 3, 1, out), 0);
	/* "é" is one character: "aéb" has one 3-gram, same as its hash of all bytes */
	uint64_t o2[4];
	assert_int_equal(shg_chars((const uint8_t *)"a\xc3\xa9" "b", 4, 3, 1, out), 1);
	assert_int_equal(shg_chars((const uint8_t *)"a\xc3\xa9" "bc", 5, 3, 1, o2), 2);
	assert_true(out[0] == o2[0]);
	/* character mode through shg_doc, over the normalised text: case-insensitive */
	shg_buf b1 = { 0 }, b2 = { 0 };
	shg_opts o = { 5, 4, 7 };
	shg_doc((const uint8_t *)"Kaspersky Lab", 13, &o, &b1);
	shg_doc((const uint8_t *)"KASPERSKY   lab", 15, &o, &b2);
	assert_int_equal(b1.n, 10);
	assert_int_equal(b1.n, b2.n);
	assert_memory_equal(b1.v, b2.v, b1.n * sizeof *b1.v);
	shg_buf_free(&b1);
	shg_buf_free(&b2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_matches_naive_model),
		cmocka_unit_test(test_short_and_empty_docs),
		cmocka_unit_test(test_sort_unique_and_intersect),
		cmocka_unit_test(test_table_against_sorted),
		cmocka_unit_test(test_char_ngrams),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
