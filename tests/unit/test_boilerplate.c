/* test_boilerplate.c - site furniture recurring across documents is marked; reuse shared
 * by two documents is not. Documents are chunks of the real corpus/ articles. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "overlap/align.h"
#include "overlap/boilerplate.h"
#include "overlap/err.h"
#include "overlap/mem.h"
#include "overlap/stem.h"
#include "overlap/tokenize.h"

#ifndef OVL_SOURCE_ROOT
#define OVL_SOURCE_ROOT "."
#endif

static const char *const names[] = {
	"000_a7004b4e3752436e.txt", "001_84a70742c93fdf8f.txt", "002_3151411f59005c19.txt",
	"003_2e1e3af4905333a7.txt", "004_e8f161a0af7dad6a.txt"};

static const char comment_form[] =
	"Leave a Reply. Your email address will not be published. Required fields are marked. "
	"Comment: Name: Email: Website: Save my name, email, and website in this browser for "
	"the next time I comment. Post Comment. Read also: more stories from our cyber desk.";
static const char byline[] =
	"By the Cyber Desk staff reporters, Moscow bureau correspondent network, with reporting "
	"contributed by regional stringers for Eurasia Review Daily.";

typedef struct cdoc {
	char *text;
	size_t n;
	size_t form_at, form_len, shared_at, shared_len; /* byte ranges, len 0 = absent */
	tok_list toks;
	uint64_t *keys, *grams;
	uint8_t *common;
} cdoc;

static void append(cdoc *d, size_t *cap, const char *s, size_t n)
{
	XGROW(d->text, *cap, d->n + n + 2);
	memcpy(d->text + d->n, s, n);
	d->n += n;
	d->text[d->n++] = '\n';
}

/* share of gram-bearing tokens inside [b0, b0+len) marked common */
static double marked_share(const cdoc *d, size_t b0, size_t len)
{
	size_t g = 0, c = 0;
	for (size_t i = 0; i < d->toks.n; i++) {
		if (d->toks.v[i].start < b0 || d->toks.v[i].end > b0 + len || !d->grams[i])
			continue;
		g++;
		c += d->common[i];
	}
	return g ? (double)c / g : 0;
}

static void test_furniture_marked(void **state)
{
	(void)state;
	const char *root = getenv("OVL_SOURCE_ROOT");
	if (!root)
		root = OVL_SOURCE_ROOT;
	/* the corpus as one token stream to cut chunks from */
	char *all = NULL;
	size_t nall = 0, allcap = 0;
	for (size_t i = 0; i < 5; i++) {
		char path[4096];
		snprintf(path, sizeof(path), "%s/corpus/%s", root, names[i]);
		FILE *f = fopen(path, "rb");
		assert_non_null(f);
		for (;;) {
			XGROW(all, allcap, nall + 4096);
			size_t got = fread(all + nall, 1, 4096, f);
			nall += got;
			if (!got)
				break;
		}
		fclose(f);
	}
	tok_list ct = {0};
	assert_int_equal(tok_run((const uint8_t *)all, nall, &ct), 0);
	assert_true(ct.n > 5000);

	enum { ND = 20, CHUNK = 150, STRIDE = 250 };
	cdoc d[ND];
	memset(d, 0, sizeof(d));
	stem_ctx *sc = stem_new();
	aln_opts o = aln_opts_default();
	blp_index *ix = blp_new();
	/* the shared passage: 40 words from far into the corpus, in docs 3 and 15 only */
	size_t sh0 = ct.v[ND * STRIDE + 10].start, sh1 = ct.v[ND * STRIDE + 50].end;
	for (int i = 0; i < ND; i++) {
		size_t cap = 0;
		size_t c0 = ct.v[(size_t)i * STRIDE].start, c1 = ct.v[(size_t)i * STRIDE + CHUNK].end;
		if (i % 2 == 0) {
			d[i].form_at = d[i].n;
			append(&d[i], &cap, byline, strlen(byline));
		}
		append(&d[i], &cap, all + c0, c1 - c0);
		if (i == 3 || i == 15) {
			d[i].shared_at = d[i].n;
			d[i].shared_len = sh1 - sh0;
			append(&d[i], &cap, all + sh0, sh1 - sh0);
		}
		if (i % 2 == 0) {
			append(&d[i], &cap, comment_form, strlen(comment_form));
			d[i].form_len = d[i].n - d[i].form_at;
		}
		assert_int_equal(tok_run((const uint8_t *)d[i].text, d[i].n, &d[i].toks), 0);
		d[i].keys = xmalloc((d[i].toks.n + 1) * sizeof(uint64_t));
		d[i].grams = xmalloc((d[i].toks.n + 1) * sizeof(uint64_t));
		d[i].common = xmalloc(d[i].toks.n + 1);
		stem_keys(sc, &d[i].toks, d[i].keys);
		assert_int_equal(aln_grams(&o, &d[i].toks, d[i].keys, d[i].grams), 0);
		assert_int_equal(blp_add_doc(ix, d[i].grams, d[i].toks.n), 0);
	}
	assert_int_equal(blp_ndocs(ix), ND);
	for (int i = 0; i < ND; i++)
		assert_int_equal(blp_mark(ix, BLP_DF_FRAC_DEFAULT, d[i].grams, d[i].toks.n,
					  d[i].common), 0);
	for (int i = 0; i < ND; i += 2) {
		/* byline + article chunk + comment form: the furniture parts are marked */
		size_t bl = strlen(byline);
		assert_true(marked_share(&d[i], d[i].form_at, bl) >= 0.9);
		size_t cf = strlen(comment_form);
		assert_true(marked_share(&d[i], d[i].form_at + d[i].form_len - cf - 1, cf) >= 0.9);
	}
	for (int i = 0; i < ND; i++) {
		/* the article text itself is not furniture; a few topic names recur in >= 30%
		 * of chunks of one-topic news ("Kaspersky Lab", "Positive Technologies") and are
		 * marked, which is harmless: a passage is boilerplate only when most of it is */
		size_t c0 = i % 2 == 0 ? strlen(byline) + 1 : 0;
		size_t clen = ct.v[(size_t)i * STRIDE + CHUNK].end - ct.v[(size_t)i * STRIDE].start;
		assert_true(marked_share(&d[i], c0, clen) <= 0.15);
	}
	assert_true(marked_share(&d[3], d[3].shared_at, d[3].shared_len) <= 0.15);
	assert_true(marked_share(&d[15], d[15].shared_at, d[15].shared_len) <= 0.15);

	/* the aligner: docs 3 and 15 share a passage that is not boilerplate; docs 0 and 2
	 * share only furniture, reported as boilerplate */
	aln_doc a3 = {(const uint8_t *)d[3].text, d[3].n, &d[3].toks, d[3].keys, d[3].common, NULL};
	aln_doc a15 = {(const uint8_t *)d[15].text, d[15].n, &d[15].toks, d[15].keys,
		       d[15].common, NULL};
	aln_passage *ps;
	size_t np;
	assert_int_equal(aln_pair(&o, &a3, &a15, &ps, &np), 0);
	assert_int_equal(np, 1);
	assert_false(ps[0].boilerplate);
	assert_true(ps[0].a_words >= 38);
	free(ps);
	aln_doc a0 = {(const uint8_t *)d[0].text, d[0].n, &d[0].toks, d[0].keys, d[0].common, NULL};
	aln_doc a2 = {(const uint8_t *)d[2].text, d[2].n, &d[2].toks, d[2].keys, d[2].common, NULL};
	assert_int_equal(aln_pair(&o, &a0, &a2, &ps, &np), 0);
	assert_true(np >= 1);
	for (size_t k = 0; k < np; k++)
		assert_true(ps[k].boilerplate);
	free(ps);

	for (int i = 0; i < ND; i++) {
		free(d[i].text);
		free(d[i].keys);
		free(d[i].grams);
		free(d[i].common);
		tok_list_free(&d[i].toks);
	}
	tok_list_free(&ct);
	free(all);
	blp_free(ix);
	stem_free(sc);
}

/* Past BLP_EXACT_DOCS documents counts stay close: a gram in every document is exact, a
 * gram in 40% of documents is low by at most ndocs / BLP_EXACT_DOCS, and grams seen once
 * are dropped from the table (df 0) instead of piling up. */
static void test_lossy_counts(void **state)
{
	(void)state;
	blp_index *ix = blp_new();
	enum { N = 3000, PER = 200 };
	uint64_t *g = xmalloc(PER * sizeof(uint64_t));
	uint64_t uniq = 1000;
	for (int d = 0; d < N; d++) {
		for (int k = 0; k < PER; k++)
			g[k] = ++uniq; /* unique per document */
		g[0] = 7;                      /* every document */
		g[1] = (d % 5 < 2) ? 8 : 9001; /* 40% of documents */
		g[2] = 7;                      /* duplicate inside a document counts once */
		assert_int_equal(blp_add_doc(ix, g, PER), 0);
	}
	assert_int_equal(blp_df(ix, 7), N);
	uint32_t df8 = blp_df(ix, 8);
	assert_true(df8 <= N * 2 / 5 && df8 + N / BLP_EXACT_DOCS >= N * 2 / 5);
	assert_int_equal(blp_df(ix, 1001 + 5), 0); /* an early singleton, pruned */
	uint8_t c[3];
	uint64_t q[3] = {7, 8, 0};
	assert_int_equal(blp_mark(ix, 0.3, q, 3, c), 0);
	assert_true(c[0] && c[1] && !c[2]);
	assert_int_equal(blp_mark(ix, 0.5, q, 3, c), 0);
	assert_true(c[0] && !c[1]);
	assert_int_equal(blp_mark(ix, 0, q, 3, c), OVL_EUSAGE);
	assert_int_equal(blp_add_doc(NULL, q, 3), OVL_EUSAGE);
	assert_int_equal(blp_add_doc(ix, NULL, 0), 0);
	free(g);
	blp_free(ix);
	blp_free(NULL);

	/* a small corpus never marks a gram held by fewer than BLP_MIN_DOCS documents */
	ix = blp_new();
	uint64_t x[1] = {42};
	assert_int_equal(blp_add_doc(ix, x, 1), 0);
	assert_int_equal(blp_add_doc(ix, x, 1), 0);
	assert_int_equal(blp_mark(ix, 0.3, x, 1, c), 0);
	assert_false(c[0]);
	blp_free(ix);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_furniture_marked),
		cmocka_unit_test(test_lossy_counts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
