/* test_align.c - passages between real articles and planted, edited copies.
 *
 * Corpus facts this test relies on (read from the corpus/ folder at OVL_SOURCE_ROOT):
 * - 000 (Foreign Affairs, "Putin's New Cyber Empire") and 001 (Soldatov & Borogan on the
 *   St Petersburg security meeting) are by the same authors and share reworded passages:
 *   "shield their information spaces from the perceived/pernicious threat of Western
 *   influence, including ..." and the list "heads of national security councils ... heads
 *   of security and intelligence agencies".
 * - Every other pair (002 Kaspersky/mob blog, 003 US ban, 004 Bloomberg) shares only topic
 *   vocabulary (Kaspersky, Russian intelligence, U.S. government, "remove Kaspersky
 *   software", "invasion of Ukraine in 2022"): no passage may be reported between them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cmocka.h>

#include "testutil.h"

#include "overlap/align.h"
#include "overlap/err.h"
#include "overlap/mem.h"
#include "overlap/stem.h"
#include "overlap/tokenize.h"

#ifndef OVL_SOURCE_ROOT
#define OVL_SOURCE_ROOT "."
#endif

#define NDOCS 5
static const char *const doc_names[NDOCS] = {
	"000_a7004b4e3752436e.txt", "001_84a70742c93fdf8f.txt", "002_3151411f59005c19.txt",
	"003_2e1e3af4905333a7.txt", "004_e8f161a0af7dad6a.txt",
};

/* ---- fixtures ---- */

typedef struct doc {
	uint8_t *text;
	size_t nbytes;
	tok_list toks;
	uint64_t *keys;
	aln_doc ad;
} doc;

static stem_ctx *g_stem;
static doc g_docs[NDOCS];
static char **g_vocab; /* every token of the corpus, original spelling (NUL-terminated) */
static size_t g_nvocab;

static uint64_t rng_state;
static uint32_t rnd(void)
{
	rng_state = rng_state * 6364136223846793005ull + 1442695040888963407ull;
	return (uint32_t)(rng_state >> 33);
}
static uint32_t rnd_below(uint32_t n) { return n ? rnd() % n : 0; }
static double rnd_unit(void) { return rnd() / 2147483648.0; }

static void doc_set(doc *d, const uint8_t *text, size_t n)
{
	free(d->text);
	d->text = xmalloc(n + 1);
	memcpy(d->text, text, n);
	d->nbytes = n;
	assert_int_equal(tok_run(d->text, n, &d->toks), 0);
	free(d->keys);
	d->keys = xmalloc((d->toks.n + 1) * sizeof(uint64_t));
	stem_keys(g_stem, &d->toks, d->keys);
	d->ad = (aln_doc){d->text, n, &d->toks, d->keys, NULL, NULL};
}

static void doc_clear(doc *d)
{
	free(d->text);
	free(d->keys);
	tok_list_free(&d->toks);
	memset(d, 0, sizeof(*d));
}

static int setup(void **state)
{
	(void)state;
	const char *root = getenv("OVL_SOURCE_ROOT");
	if (!root)
		root = OVL_SOURCE_ROOT;
	g_stem = stem_new();
	size_t vcap = 0;
	for (int i = 0; i < NDOCS; i++) {
		char path[4096];
		snprintf(path, sizeof(path), "%s/corpus/%s", root, doc_names[i]);
		size_t n;
		uint8_t *t = (uint8_t *)tu_slurp(path, &n);
		memset(&g_docs[i], 0, sizeof(g_docs[i]));
		doc_set(&g_docs[i], t, n);
		free(t);
		for (size_t k = 0; k < g_docs[i].toks.n; k++) {
			const tok *w = &g_docs[i].toks.v[k];
			XGROW(g_vocab, vcap, g_nvocab + 1);
			g_vocab[g_nvocab++] =
				xstrndup((const char *)g_docs[i].text + w->start, w->end - w->start);
		}
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	for (int i = 0; i < NDOCS; i++)
		doc_clear(&g_docs[i]);
	for (size_t i = 0; i < g_nvocab; i++)
		free(g_vocab[i]);
	free(g_vocab);
	stem_free(g_stem);
	return 0;
}

/* ---- text building ---- */

typedef struct sbuf {
	char *p;
	size_t n, cap;
	uint32_t words; /* words appended so far */
} sbuf;

static void sb_word(sbuf *s, const char *w, size_t n)
{
	XGROW(s->p, s->cap, s->n + n + 3);
	if (s->n)
		s->p[s->n++] = ' ';
	memcpy(s->p + s->n, w, n);
	s->n += n;
	s->words++;
	/* punctuation never makes or breaks a word: sprinkle some */
	uint32_t r = rnd_below(20);
	if (r == 0)
		s->p[s->n++] = ',';
	else if (r == 1)
		s->p[s->n++] = '.';
}

/* Spelling variants the aligner must treat as the same word (British/American and
 * transliterations of Russian names). */
static const char *const variants[][2] = {
	{"organise", "organize"}, {"organised", "organized"}, {"colour", "color"},
	{"defence", "defense"},   {"centre", "center"},       {"analyse", "analyze"},
	{"travelled", "traveled"}, {"programme", "program"},  {"licence", "license"},
	{"Sergei", "Sergey"},      {"Yuri", "Yury"},          {"Alexei", "Aleksei"},
	{"Dmitri", "Dmitry"},      {"recognised", "recognized"}, {"behaviour", "behavior"},
	{"Andrei", "Andrey"},
};
#define NVARIANTS (sizeof(variants) / sizeof(variants[0]))

typedef struct plant {
	uint32_t a0, a1; /* truth in the donor (token range) */
	uint32_t b0, b1; /* truth in the host */
} plant;

/* Append words [w0, w1) of donor d to s with edit rate e; returns edits made. Each word
 * is, with probability e, substituted by a corpus word, deleted, followed by an inserted
 * corpus word, or replaced by its spelling variant; independently some words change case. */
static unsigned append_edited(sbuf *s, const doc *d, uint32_t w0, uint32_t w1, double e)
{
	unsigned edits = 0;
	for (uint32_t k = w0; k < w1; k++) {
		const tok *t = &d->toks.v[k];
		const char *w = (const char *)d->text + t->start;
		size_t n = t->end - t->start;
		char tmp[256];
		if (n < sizeof(tmp) && rnd_below(10) == 0) { /* case change: not an edit */
			memcpy(tmp, w, n);
			for (size_t x = 0; x < n; x++)
				if (tmp[x] >= 'a' && tmp[x] <= 'z')
					tmp[x] = (char)(tmp[x] - 32);
			w = tmp;
		}
		/* never edit the first and last word: the boundary truth stays meaningful */
		if (k > w0 && k + 1 < w1 && rnd_unit() < e) {
			edits++;
			switch (rnd_below(3)) {
			case 0: { /* substitution */
				const char *v = g_vocab[rnd_below((uint32_t)g_nvocab)];
				sb_word(s, v, strlen(v));
				continue;
			}
			case 1: /* deletion */
				continue;
			default: { /* insertion after the word */
				sb_word(s, w, n);
				const char *v = g_vocab[rnd_below((uint32_t)g_nvocab)];
				sb_word(s, v, strlen(v));
				continue;
			}
			}
		}
		sb_word(s, w, n);
	}
	return edits;
}

/* Host text: words [0, at) of host h, the planted words, then the rest of h. */
static void append_host(sbuf *s, const doc *h, uint32_t from, uint32_t to)
{
	for (uint32_t k = from; k < to; k++) {
		const tok *t = &h->toks.v[k];
		sb_word(s, (const char *)h->text + t->start, t->end - t->start);
	}
}

static bool boundary_ok(uint32_t got, uint32_t want)
{
	return (got > want ? got - want : want - got) <= 3;
}

/* Whether some passage reproduces truth p within 3 words at all four ends. */
static bool found(const aln_passage *ps, size_t n, const plant *p)
{
	for (size_t i = 0; i < n; i++)
		if (boundary_ok(ps[i].a_tok0, p->a0) && boundary_ok(ps[i].a_tok1, p->a1) &&
		    boundary_ok(ps[i].b_tok0, p->b0) && boundary_ok(ps[i].b_tok1, p->b1))
			return true;
	return false;
}

/* ---- tests ---- */

/* Passages of 20-150 words of one article planted into another with 0-20% edits. */
static void test_planted_recall(void **state)
{
	(void)state;
	rng_state = 12345;
	aln_opts o = aln_opts_default();
	unsigned tried_le15 = 0, hit_le15 = 0, tried_gt15 = 0, hit_gt15 = 0;
	const unsigned trials = 1500;
	doc host = {0};
	for (unsigned t = 0; t < trials; t++) {
		int di = (int)rnd_below(NDOCS), hi = (int)rnd_below(NDOCS - 1);
		if (hi >= di)
			hi++;
		const doc *d = &g_docs[di], *h = &g_docs[hi];
		uint32_t len = 20 + rnd_below(131);
		if (len > d->toks.n - 1)
			len = (uint32_t)d->toks.n - 1;
		uint32_t a0 = rnd_below((uint32_t)d->toks.n - len);
		double e = rnd_unit() * 0.20;
		sbuf s = {0};
		uint32_t at = rnd_below((uint32_t)h->toks.n);
		append_host(&s, h, 0, at);
		plant p = {a0, a0 + len, s.words, 0};
		unsigned edits = append_edited(&s, d, a0, a0 + len, e);
		p.b1 = s.words;
		append_host(&s, h, at, (uint32_t)h->toks.n);
		doc_set(&host, (const uint8_t *)s.p, s.n);
		free(s.p);
		assert_int_equal(host.toks.n, s.words); /* one token per appended word */
		aln_passage *ps;
		size_t np;
		assert_int_equal(aln_pair(&o, &d->ad, &host.ad, &ps, &np), 0);
		bool ok = found(ps, np, &p);
		if (edits * 100 <= 15 * len) {
			tried_le15++;
			hit_le15 += ok;
		} else {
			tried_gt15++;
			hit_gt15 += ok;
		}
		/* contract: sorted by a_start, no overlap on either side, spans from tokens */
		for (size_t i = 0; i < np; i++) {
			assert_true(ps[i].matched <= ps[i].a_words && ps[i].matched <= ps[i].b_words);
			assert_int_equal(ps[i].a_start, d->toks.v[ps[i].a_tok0].start);
			assert_int_equal(ps[i].b_end, host.toks.v[ps[i].b_tok1 - 1].end);
			assert_true(ps[i].score >= o.min_score);
			if (i) {
				assert_true(ps[i - 1].a_start <= ps[i].a_start);
				assert_true(ps[i - 1].a_tok1 <= ps[i].a_tok0);
			}
		}
		free(ps);
	}
	doc_clear(&host);
	double r15 = (double)hit_le15 / tried_le15;
	print_message("planted recall: <=15%% edits %u/%u = %.3f; 15-20%% edits %u/%u = %.3f\n",
		      hit_le15, tried_le15, r15, hit_gt15, tried_gt15,
		      tried_gt15 ? (double)hit_gt15 / tried_gt15 : 0.0);
	assert_true(tried_le15 > 1000);
	assert_true(r15 >= 0.95);
}

/* Reordered sentences: the two halves of a planted passage swapped come out as two
 * passages; spelling variants and transliterations align as equal words. */
static void test_reorder_and_variants(void **state)
{
	(void)state;
	rng_state = 777;
	aln_opts o = aln_opts_default();
	unsigned tried = 0, hit = 0;
	doc host = {0};
	for (unsigned t = 0; t < 300; t++) {
		const doc *d = &g_docs[0], *h = &g_docs[2 + rnd_below(3)];
		uint32_t l1 = 20 + rnd_below(40), l2 = 20 + rnd_below(40);
		uint32_t a0 = rnd_below((uint32_t)d->toks.n - l1 - l2);
		sbuf s = {0};
		uint32_t at = rnd_below((uint32_t)h->toks.n);
		append_host(&s, h, 0, at);
		plant p2 = {a0 + l1, a0 + l1 + l2, s.words, 0};
		append_edited(&s, d, a0 + l1, a0 + l1 + l2, 0.05);
		p2.b1 = s.words;
		plant p1 = {a0, a0 + l1, s.words, 0};
		append_edited(&s, d, a0, a0 + l1, 0.05);
		p1.b1 = s.words;
		append_host(&s, h, at, (uint32_t)h->toks.n);
		doc_set(&host, (const uint8_t *)s.p, s.n);
		free(s.p);
		aln_passage *ps;
		size_t np;
		assert_int_equal(aln_pair(&o, &d->ad, &host.ad, &ps, &np), 0);
		tried += 2;
		hit += found(ps, np, &p1) + found(ps, np, &p2);
		free(ps);
	}
	print_message("reordered halves found: %u/%u\n", hit, tried);
	assert_true(hit >= tried * 95 / 100);

	/* variants: a 30-word sentence with every variant pair swapped in */
	sbuf x = {0}, y = {0};
	const char *filler[] = {"the", "ministry", "said", "its", "new", "cyber", "rules"};
	for (size_t k = 0; k < NVARIANTS; k++) {
		sb_word(&x, variants[k][0], strlen(variants[k][0]));
		sb_word(&y, variants[k][1], strlen(variants[k][1]));
		sb_word(&x, filler[k % 7], strlen(filler[k % 7]));
		sb_word(&y, filler[k % 7], strlen(filler[k % 7]));
	}
	doc dx = {0}, dy = {0};
	doc_set(&dx, (const uint8_t *)x.p, x.n);
	doc_set(&dy, (const uint8_t *)y.p, y.n);
	for (uint32_t k = 0; k < NVARIANTS; k++)
		assert_true(aln_word_match(&dx.ad, 2 * k, &dy.ad, 2 * k));
	assert_false(aln_word_match(&dx.ad, 0, &dy.ad, 2)); /* organise vs organized: different words */
	aln_passage *ps;
	size_t np;
	assert_int_equal(aln_pair(&o, &dx.ad, &dy.ad, &ps, &np), 0);
	assert_int_equal(np, 1);
	assert_int_equal(ps[0].matched, 2 * NVARIANTS);
	free(ps);
	free(x.p);
	free(y.p);
	doc_clear(&dx);
	doc_clear(&dy);
	doc_clear(&host);
}

static bool has_passage_with(const doc *a, const doc *b, const aln_passage *ps, size_t np,
			     const char *in_a, const char *in_b)
{
	for (size_t i = 0; i < np; i++) {
		size_t la = ps[i].a_end - ps[i].a_start, lb = ps[i].b_end - ps[i].b_start;
		if (memmem(a->text + ps[i].a_start, la, in_a, strlen(in_a)) &&
		    memmem(b->text + ps[i].b_start, lb, in_b, strlen(in_b)))
			return true;
	}
	return false;
}

/* The real corpus: reworded passages between 000 and 001 are found; pairs that only
 * share topic vocabulary get none. */
static void test_real_corpus(void **state)
{
	(void)state;
	aln_opts o = aln_opts_default();
	for (int i = 0; i < NDOCS; i++)
		for (int j = i + 1; j < NDOCS; j++) {
			aln_passage *ps;
			size_t np;
			assert_int_equal(aln_pair(&o, &g_docs[i].ad, &g_docs[j].ad, &ps, &np), 0);
			if (i == 0 && j == 1) {
				assert_true(has_passage_with(&g_docs[0], &g_docs[1], ps, np,
							     "shield their information spaces",
							     "shield their information spaces"));
				assert_true(has_passage_with(&g_docs[0], &g_docs[1], ps, np,
							     "heads of security and intelligence",
							     "heads of security and intelligence"));
				assert_true(np <= 4);
			} else {
				for (size_t k = 0; k < np; k++)
					print_message("unexpected passage %d-%d: %.*s\n", i, j,
						      (int)(ps[k].a_end - ps[k].a_start),
						      g_docs[i].text + ps[k].a_start);
				assert_int_equal(np, 0);
			}
			free(ps);
		}
}

/* A document's arrays prepared once (aln_prepare) give the same passages as computing them
 * in every aln_pair, and arrays made for another seed length are not used. */
static void test_prepared_same(void **state)
{
	(void)state;
	aln_opts o = aln_opts_default();
	aln_prep prep[NDOCS];
	for (int i = 0; i < NDOCS; i++)
		aln_prepare(&o, &g_docs[i].ad, &prep[i]);
	for (int i = 0; i < NDOCS; i++)
		for (int j = 0; j < NDOCS; j++) {
			if (i == j)
				continue;
			aln_doc a = g_docs[i].ad, b = g_docs[j].ad;
			aln_passage *p0, *p1;
			size_t n0, n1;
			assert_int_equal(aln_pair(&o, &a, &b, &p0, &n0), 0);
			a.prep = &prep[i];
			b.prep = &prep[j];
			assert_int_equal(aln_pair(&o, &a, &b, &p1, &n1), 0);
			assert_int_equal(n0, n1);
			if (n0)
				assert_memory_equal(p0, p1, n0 * sizeof *p0);
			free(p0);
			free(p1);
		}
	/* prepared for another seed length: ignored, computed afresh */
	aln_opts o3 = o;
	o3.seed_n = o.seed_n + 1;
	aln_doc a = g_docs[0].ad, b = g_docs[1].ad;
	aln_passage *p0, *p1;
	size_t n0, n1;
	assert_int_equal(aln_pair(&o3, &a, &b, &p0, &n0), 0);
	a.prep = &prep[0];
	b.prep = &prep[1];
	assert_int_equal(aln_pair(&o3, &a, &b, &p1, &n1), 0);
	assert_int_equal(n0, n1);
	if (n0)
		assert_memory_equal(p0, p1, n0 * sizeof *p0);
	free(p0);
	free(p1);
	for (int i = 0; i < NDOCS; i++)
		aln_prep_free(&prep[i]);
	aln_prep_free(NULL);
}

/* Unrelated documents of the same topic vocabulary: order-1 Markov text trained on the
 * whole corpus (so it reuses the corpus's frequent bigrams and phrases) never yields a
 * passage between two independent samples. */
static void markov_text(sbuf *s, uint32_t nwords)
{
	/* successor of a word: a random occurrence of the same key, then the token after */
	uint32_t cur = rnd_below((uint32_t)g_nvocab - 1);
	for (uint32_t k = 0; k < nwords; k++) {
		sb_word(s, g_vocab[cur], strlen(g_vocab[cur]));
		/* find another occurrence of the word by random probing (bounded) */
		uint32_t next = rnd_below((uint32_t)g_nvocab - 1);
		for (int probe = 0; probe < 400; probe++) {
			uint32_t c = rnd_below((uint32_t)g_nvocab - 1);
			if (strcasecmp(g_vocab[c], g_vocab[cur]) == 0) {
				next = c + 1;
				break;
			}
		}
		cur = next < g_nvocab - 1 ? next : 0;
	}
}

static void test_unrelated_same_vocabulary(void **state)
{
	(void)state;
	rng_state = 4242;
	aln_opts o = aln_opts_default();
	size_t total = 0;
	doc x = {0}, y = {0};
	for (int t = 0; t < 40; t++) {
		sbuf s1 = {0}, s2 = {0};
		markov_text(&s1, 2000);
		markov_text(&s2, 2000);
		doc_set(&x, (const uint8_t *)s1.p, s1.n);
		doc_set(&y, (const uint8_t *)s2.p, s2.n);
		free(s1.p);
		free(s2.p);
		aln_passage *ps;
		size_t np;
		assert_int_equal(aln_pair(&o, &x.ad, &y.ad, &ps, &np), 0);
		total += np;
		free(ps);
	}
	print_message("passages between 40 pairs of unrelated Markov texts: %zu\n", total);
	assert_int_equal(total, 0);
	doc_clear(&x);
	doc_clear(&y);
}

/* The aligner's matched count is the LCS of the spans it reports (plain O(n*m) DP model),
 * and a lightly edited sequence is one passage covering nearly everything. */
static uint32_t model_lcs(const doc *a, uint32_t a0, uint32_t a1, const doc *b, uint32_t b0,
			  uint32_t b1)
{
	size_t la = a1 - a0, lb = b1 - b0, w = lb + 1;
	uint32_t *t = xcalloc((la + 1) * w, sizeof(uint32_t));
	for (size_t i = 1; i <= la; i++)
		for (size_t j = 1; j <= lb; j++) {
			if (aln_word_match(&a->ad, a0 + (uint32_t)i - 1, &b->ad, b0 + (uint32_t)j - 1))
				t[i * w + j] = t[(i - 1) * w + j - 1] + 1;
			else
				t[i * w + j] = t[(i - 1) * w + j] > t[i * w + j - 1]
						       ? t[(i - 1) * w + j]
						       : t[i * w + j - 1];
		}
	uint32_t r = t[la * w + lb];
	free(t);
	return r;
}

static void test_matches_lcs_model(void **state)
{
	(void)state;
	rng_state = 99;
	aln_opts o = aln_opts_default();
	doc x = {0}, y = {0};
	unsigned whole = 0;
	for (int t = 0; t < 300; t++) {
		const doc *d = &g_docs[rnd_below(NDOCS)];
		uint32_t len = 25 + rnd_below(50);
		uint32_t a0 = rnd_below((uint32_t)d->toks.n - len);
		sbuf s1 = {0}, s2 = {0};
		append_host(&s1, d, a0, a0 + len);
		append_edited(&s2, d, a0, a0 + len, 0.08);
		doc_set(&x, (const uint8_t *)s1.p, s1.n);
		doc_set(&y, (const uint8_t *)s2.p, s2.n);
		free(s1.p);
		free(s2.p);
		aln_passage *ps;
		size_t np;
		assert_int_equal(aln_pair(&o, &x.ad, &y.ad, &ps, &np), 0);
		for (size_t i = 0; i < np; i++) {
			assert_int_equal(ps[i].matched, model_lcs(&x, ps[i].a_tok0, ps[i].a_tok1, &y,
								  ps[i].b_tok0, ps[i].b_tok1));
			/* aln_diff: the unmatched words are exactly the rest */
			uint32_t *da, *db;
			size_t na, nb;
			assert_int_equal(aln_diff(&x.ad, &y.ad, &ps[i], &da, &na, &db, &nb), 0);
			assert_int_equal(na, ps[i].a_words - ps[i].matched);
			assert_int_equal(nb, ps[i].b_words - ps[i].matched);
			for (size_t k = 0; k < na; k++)
				assert_true(da[k] >= ps[i].a_tok0 && da[k] < ps[i].a_tok1);
			free(da);
			free(db);
		}
		uint32_t n = (uint32_t)x.toks.n, m = (uint32_t)y.toks.n;
		if (np == 1 && ps[0].a_tok0 <= 3 && ps[0].a_tok1 + 3 >= n && ps[0].b_tok0 <= 3 &&
		    ps[0].b_tok1 + 3 >= m) {
			/* one passage within 3 words of the whole: the LCS of the whole can only
			 * exceed matched by words trimmed off the ends */
			whole++;
			uint32_t all = model_lcs(&x, 0, n, &y, 0, m);
			uint32_t trim_a = ps[0].a_tok0 + (n - ps[0].a_tok1);
			assert_true(all >= ps[0].matched && all - ps[0].matched <= trim_a);
		}
		free(ps);
	}
	print_message("whole-sequence passages: %u/300\n", whole);
	assert_true(whole >= 285);
	doc_clear(&x);
	doc_clear(&y);
}

static void test_bad_input(void **state)
{
	(void)state;
	aln_opts o = aln_opts_default();
	aln_passage *ps = (aln_passage *)&o;
	size_t np = 7;
	doc e = {0};
	doc_set(&e, (const uint8_t *)"", 0);
	assert_int_equal(aln_pair(&o, &e.ad, &g_docs[0].ad, &ps, &np), 0);
	assert_null(ps);
	assert_int_equal(np, 0);
	assert_int_equal(aln_pair(NULL, &e.ad, &g_docs[0].ad, &ps, &np), OVL_EUSAGE);
	assert_int_equal(aln_pair(&o, NULL, &g_docs[0].ad, &ps, &np), OVL_EUSAGE);
	aln_opts bad = o;
	bad.seed_n = 0;
	assert_int_equal(aln_pair(&bad, &g_docs[0].ad, &g_docs[1].ad, &ps, &np), OVL_EUSAGE);
	/* binary junk against itself: no crash, passages stay in range */
	rng_state = 5;
	uint8_t junk[20000];
	for (size_t i = 0; i < sizeof(junk); i++)
		junk[i] = (uint8_t)rnd();
	doc j = {0};
	doc_set(&j, junk, sizeof(junk));
	assert_int_equal(aln_pair(&o, &j.ad, &j.ad, &ps, &np), 0);
	for (size_t i = 0; i < np; i++)
		assert_true(ps[i].a_end <= sizeof(junk) && ps[i].b_end <= sizeof(junk));
	free(ps);
	/* a document that is one word repeated: the repeat cap keeps it cheap */
	sbuf s = {0};
	for (int i = 0; i < 20000; i++)
		sb_word(&s, "kremlin security", 16);
	doc r = {0};
	doc_set(&r, (const uint8_t *)s.p, s.n);
	free(s.p);
	assert_int_equal(aln_pair(&o, &r.ad, &r.ad, &ps, &np), 0);
	free(ps);
	doc_clear(&e);
	doc_clear(&j);
	doc_clear(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_planted_recall),
		cmocka_unit_test(test_reorder_and_variants),
		cmocka_unit_test(test_real_corpus),
		cmocka_unit_test(test_prepared_same),
		cmocka_unit_test(test_unrelated_same_vocabulary),
		cmocka_unit_test(test_matches_lcs_model),
		cmocka_unit_test(test_bad_input),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
