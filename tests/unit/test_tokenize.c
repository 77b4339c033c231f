/* test_tokenize.c - words, spans and normalised forms.
 *
 * Checks: spans point at the original bytes; Unicode normalisation cases (NFKC, case fold,
 * marks); separators (curly quotes, dashes, invalid UTF-8, BOM); tok_hashes() == tok_run()
 * hashes on the corpus, on every prefix of a corpus article, and on random bytes; and
 * agreement with the benchmark's rule [a-z0-9]+ on an ASCII text built from corpus/.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <xxhash.h>

#include "overlap/err.h"
#include "overlap/tokenize.h"

#ifndef OVL_SOURCE_ROOT
#define OVL_SOURCE_ROOT "."
#endif

static const char *const corpus_files[] = {
	"corpus/000_a7004b4e3752436e.txt", "corpus/001_84a70742c93fdf8f.txt",
	"corpus/002_3151411f59005c19.txt", "corpus/003_2e1e3af4905333a7.txt",
	"corpus/004_e8f161a0af7dad6a.txt",
};
#define NCORPUS (sizeof corpus_files / sizeof corpus_files[0])

static uint8_t *read_source_file(const char *rel, size_t *n)
{
	const char *root = getenv("OVL_SOURCE_ROOT");
	if (!root || !*root)
		root = OVL_SOURCE_ROOT;
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", root, rel);
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	long len = ftell(f);
	fseek(f, 0, SEEK_SET);
	assert_true(len > 0);
	uint8_t *buf = malloc((size_t)len);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)len, f), (size_t)len);
	fclose(f);
	*n = (size_t)len;
	return buf;
}

static tok_list run(const char *s)
{
	tok_list tl = { 0 };
	assert_int_equal(tok_run((const uint8_t *)s, strlen(s), &tl), 0);
	return tl;
}

static void assert_norm(const tok_list *tl, size_t k, const char *want)
{
	assert_true(k < tl->n);
	const tok *t = &tl->v[k];
	if (t->norm_len != strlen(want) || memcmp(tl->norm + t->norm_off, want, t->norm_len)) {
		fail_msg("token %zu: got '%.*s', want '%s'", k, (int)t->norm_len,
			 tl->norm + t->norm_off, want);
	}
	assert_true(t->hash == tok_word_hash(want, strlen(want)));
}

static void assert_span(const char *text, const tok_list *tl, size_t k, const char *want)
{
	const tok *t = &tl->v[k];
	if (t->end - t->start != strlen(want) || memcmp(text + t->start, want, strlen(want)))
		fail_msg("token %zu: span '%.*s', want '%s'", k, (int)(t->end - t->start),
			 text + t->start, want);
}

/* tok_hashes() must give exactly tok_run()'s hashes and invalid count. */
static void check_hashes_agree(const uint8_t *s, size_t n)
{
	tok_list tl = { 0 };
	assert_int_equal(tok_run(s, n, &tl), 0);
	uint64_t *h = NULL;
	size_t cap = 0, nbad = 12345;
	size_t nh = tok_hashes(s, n, &h, &cap, &nbad);
	assert_int_equal(nh, tl.n);
	assert_int_equal(nbad, tl.nbad);
	for (size_t k = 0; k < nh; k++) {
		assert_true(h[k] == tl.v[k].hash);
		const tok *t = &tl.v[k];
		assert_true(t->start < t->end && t->end <= n);
		assert_true(k == 0 || tl.v[k - 1].end <= t->start);
		assert_true(t->norm_len > 0);
		assert_true(t->hash == tok_word_hash(tl.norm + t->norm_off, t->norm_len));
	}
	free(h);
	tok_list_free(&tl);
}

/* ---- spans and separators ------------------------------------------------------------ */

static void test_spans_original_bytes(void **state)
{
	(void)state;
	const char *s = "In late April 2024, Russia\xE2\x80\x99s Security Council\xE2\x80\x94the "
			"Kremlin\xE2\x80\x99s way\xE2\x80\xA6 Caf\xC3\xA9 \xE2\x80\x9CU.S.\xE2\x80\x9D";
	tok_list tl = run(s);
	const char *spans[] = { "In", "late", "April", "2024", "Russia", "s", "Security",
				"Council", "the", "Kremlin", "s", "way", "Caf\xC3\xA9", "U", "S" };
	const char *norms[] = { "in", "late", "april", "2024", "russia", "s", "security",
				"council", "the", "kremlin", "s", "way", "cafe", "u", "s" };
	assert_int_equal(tl.n, 15);
	for (size_t k = 0; k < 15; k++) {
		assert_span(s, &tl, k, spans[k]);
		assert_norm(&tl, k, norms[k]);
	}
	assert_int_equal(tl.nbad, 0);
	assert_true(tl.v[12].flags & TOK_NONASCII);
	assert_false(tl.v[0].flags & TOK_NONASCII);
	tok_list_free(&tl);
}

static void test_flags(void **state)
{
	(void)state;
	tok_list tl = run("NATO Kaspersky 2024 COVID19 iPhone A \xC3\x89TAT \xC3\xA9t\xC3\xA9");
	assert_int_equal(tl.n, 8);
	assert_true(tl.v[0].flags & TOK_ALLCAPS);
	assert_true(tl.v[0].flags & TOK_UPPER);
	assert_true(tl.v[1].flags & TOK_UPPER);
	assert_false(tl.v[1].flags & TOK_ALLCAPS);
	assert_true(tl.v[2].flags & TOK_DIGIT);
	assert_false(tl.v[2].flags & TOK_ALPHA);
	assert_true((tl.v[3].flags & (TOK_ALLCAPS | TOK_DIGIT | TOK_ALPHA)) ==
		    (TOK_ALLCAPS | TOK_DIGIT | TOK_ALPHA));
	assert_false(tl.v[4].flags & (TOK_UPPER | TOK_ALLCAPS));
	assert_true(tl.v[5].flags & TOK_UPPER);
	assert_false(tl.v[5].flags & TOK_ALLCAPS); /* one letter only */
	assert_true(tl.v[6].flags & TOK_ALLCAPS);
	assert_true(tl.v[6].flags & TOK_NONASCII);
	assert_false(tl.v[7].flags & (TOK_UPPER | TOK_ALLCAPS));
	assert_norm(&tl, 6, "etat");
	tok_list_free(&tl);
}

static void test_invalid_utf8_separates(void **state)
{
	(void)state;
	const char *s = "abc\xFF" "def\xC3\xA9\xED\xA0\x80gh \xE2\x82 ij\xF0\x9F";
	tok_list tl = run(s);
	/* \xFF: 1; \xED\xA0\x80: 3 (ED, A0, 80); \xE2\x82: 1; \xF0\x9F at the end: 1 */
	assert_int_equal(tl.nbad, 6);
	assert_int_equal(tl.n, 4);
	assert_norm(&tl, 0, "abc");
	assert_norm(&tl, 1, "defe");
	assert_span(s, &tl, 1, "def\xC3\xA9");
	assert_norm(&tl, 2, "gh");
	assert_norm(&tl, 3, "ij");
	tok_list_free(&tl);
	/* NUL separates too */
	const char z[] = "one\0two";
	tok_list t2 = { 0 };
	assert_int_equal(tok_run((const uint8_t *)z, sizeof z - 1, &t2), 0);
	assert_int_equal(t2.n, 2);
	assert_int_equal(t2.nbad, 0);
	tok_list_free(&t2);
}

static void test_empty_and_blank(void **state)
{
	(void)state;
	tok_list tl = { 0 };
	assert_int_equal(tok_run((const uint8_t *)"", 0, &tl), 0);
	assert_int_equal(tl.n, 0);
	assert_int_equal(tok_run((const uint8_t *)" \t\n,.;\xE2\x80\x94", 9, &tl), 0);
	assert_int_equal(tl.n, 0);
	/* reuse drops previous contents */
	assert_int_equal(tok_run((const uint8_t *)"a b", 3, &tl), 0);
	assert_int_equal(tok_run((const uint8_t *)"c", 1, &tl), 0);
	assert_int_equal(tl.n, 1);
	assert_norm(&tl, 0, "c");
	tok_list_free(&tl);
	tok_list_free(&tl); /* freed list is zeroed: second free is harmless */
	tok_list_free(NULL);
	uint64_t *h = NULL;
	size_t cap = 0, nbad = 7;
	assert_int_equal(tok_hashes((const uint8_t *)"", 0, &h, &cap, &nbad), 0);
	assert_int_equal(nbad, 0);
	free(h);
}

static void test_too_big(void **state)
{
	(void)state;
#if SIZE_MAX > UINT32_MAX
	/* The size is checked before any byte is read. */
	tok_list tl = { 0 };
	const uint8_t one = 'a';
	assert_int_equal(tok_run(&one, (size_t)UINT32_MAX + 1, &tl), OVL_ETOOBIG);
	assert_int_equal(tl.n, 0);
	tok_list_free(&tl);
#else
	skip();
#endif
}

/* ---- normalisation -------------------------------------------------------------------- */

static void test_normalisation(void **state)
{
	(void)state;
	struct {
		const char *in, *want;
	} cases[] = {
		{ "Caf\xC3\xA9", "cafe" },                      /* precomposed é */
		{ "Cafe\xCC\x81", "cafe" },                     /* e + combining acute */
		{ "\xEF\xBC\xA6\xEF\xBC\xB5\xEF\xBC\xAC\xEF\xBC\xAC", "full" }, /* fullwidth */
		{ "Stra\xC3\x9F" "e", "strasse" },              /* ß case-folds to ss */
		{ "\xEF\xAC\x81le", "file" },                   /* fi ligature */
		{ "\xC4\xB0stanbul", "istanbul" },              /* dotted capital I */
		{ "\xEF\xBC\x92\xEF\xBC\x90\xEF\xBC\x92\xEF\xBC\x94", "2024" }, /* fullwidth digits */
		{ "\xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0", "\xD0\xBC\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0" }, /* Москва */
		{ "\xCE\xA3\xCE\x99\xCE\x93\xCE\x9C\xCE\x91", "\xCF\x83\xCE\xB9\xCE\xB3\xCE\xBC\xCE\xB1" }, /* ΣΙΓΜΑ, marks gone */
		{ "na\xC3\xAFve", "naive" },
		{ "x\xC2\xB2", "x2" },                          /* superscript two (No) */
	};
	for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
		tok_list tl = run(cases[k].in);
		if (tl.n != 1)
			fail_msg("case %zu: %zu tokens", k, tl.n);
		assert_norm(&tl, 0, cases[k].want);
		assert_int_equal(tl.v[0].start, 0);
		assert_int_equal(tl.v[0].end, strlen(cases[k].in));
		check_hashes_agree((const uint8_t *)cases[k].in, strlen(cases[k].in));
		tok_list_free(&tl);
	}
	/* the same word spelt differently hashes equal */
	tok_list a = run("CAF\xC3\x89 cafe\xCC\x81 caf\xC3\xA9 Cafe");
	assert_int_equal(a.n, 4);
	for (size_t k = 1; k < 4; k++)
		assert_true(a.v[k].hash == a.v[0].hash);
	tok_list_free(&a);
	/* a leading combining mark is a separator; marks after a letter stay in the word */
	tok_list b = run("\xCC\x81" "abc \xCC\x81");
	assert_int_equal(b.n, 1);
	assert_int_equal(b.v[0].start, 2);
	tok_list_free(&b);
}

static void test_normalize_string(void **state)
{
	(void)state;
	const char *in = "  Caf\xC3\xA9\xE2\x80\x94" "au  LAIT!\n\xEF\xBC\xA6\xEF\xBC\xB5\xEF\xBC\xAC\xEF\xBC\xAC "
			 "Russia\xE2\x80\x99s\xFF ";
	size_t n = 0;
	char *out = tok_normalize((const uint8_t *)in, strlen(in), &n);
	assert_string_equal(out, "cafe au lait full russia s");
	assert_int_equal(n, strlen(out));
	free(out);
	out = tok_normalize((const uint8_t *)"", 0, &n);
	assert_string_equal(out, "");
	assert_int_equal(n, 0);
	free(out);
	out = tok_normalize((const uint8_t *)" ,; ", 4, NULL);
	assert_string_equal(out, "");
	free(out);
}

static void test_long_words(void **state)
{
	(void)state;
	/* ASCII: 70000 letters; normalised form capped at 65535, span covers everything */
	size_t n = 70000;
	uint8_t *s = malloc(n + 4);
	memset(s, 'A', n);
	memcpy(s + n, " ok", 3);
	tok_list tl = { 0 };
	assert_int_equal(tok_run(s, n + 3, &tl), 0);
	assert_int_equal(tl.n, 2);
	assert_int_equal(tl.v[0].end, n);
	assert_int_equal(tl.v[0].norm_len, 65535);
	assert_true(tl.norm[tl.v[0].norm_off] == 'a');
	check_hashes_agree(s, n + 3);
	free(s);
	/* non-ASCII: 40000 x "ß" (80000 bytes) folds to 80000 x 's': truncated to 65535 */
	n = 80000;
	s = malloc(n);
	for (size_t k = 0; k < n; k += 2) {
		s[k] = 0xC3;
		s[k + 1] = 0x9F;
	}
	assert_int_equal(tok_run(s, n, &tl), 0);
	assert_int_equal(tl.n, 1);
	assert_int_equal(tl.v[0].end, n);
	assert_int_equal(tl.v[0].norm_len, 65535);
	check_hashes_agree(s, n);
	/* 30000 x "é" (60000 bytes) -> 30000 x 'e', piecewise normalisation must not lose any */
	n = 60000;
	for (size_t k = 0; k < n; k += 2) {
		s[k] = 0xC3;
		s[k + 1] = 0xA9;
	}
	assert_int_equal(tok_run(s, n, &tl), 0);
	assert_int_equal(tl.n, 1);
	assert_int_equal(tl.v[0].norm_len, 30000);
	for (size_t k = 0; k < 30000; k++)
		assert_true(tl.norm[tl.v[0].norm_off + k] == 'e');
	/* a word cut into chunks right where decomposed e + U+0301 pairs sit */
	n = 3 * 20000;
	for (size_t k = 0; k < n; k += 3) {
		s[k] = 'E';
		s[k + 1] = 0xCC;
		s[k + 2] = 0x81;
	}
	assert_int_equal(tok_run(s, n, &tl), 0);
	assert_int_equal(tl.n, 1);
	assert_int_equal(tl.v[0].norm_len, 20000);
	check_hashes_agree(s, n);
	tok_list_free(&tl);
	free(s);
	/* every ASCII word length 1..100 around the fast-path limits, mixed case */
	char buf[8192];
	size_t len = 0;
	for (size_t w = 1; w <= 100; w++) {
		for (size_t k = 0; k < w; k++)
			buf[len++] = (char)((k % 3 == 0) ? 'A' + (char)(k % 26) : (k % 3 == 1) ? 'a' + (char)(w % 26) : '0' + (char)(k % 10));
		buf[len++] = (w % 2) ? ' ' : ',';
	}
	tl = (tok_list){ 0 };
	assert_int_equal(tok_run((const uint8_t *)buf, len, &tl), 0);
	assert_int_equal(tl.n, 100);
	for (size_t w = 1; w <= 100; w++) {
		const tok *t = &tl.v[w - 1];
		assert_int_equal(t->end - t->start, w);
		assert_int_equal(t->norm_len, w);
		for (size_t k = 0; k < w; k++) {
			char c = buf[t->start + k];
			char lc = (char)((c >= 'A' && c <= 'Z') ? c + 32 : c);
			assert_true(tl.norm[t->norm_off + k] == lc);
		}
	}
	tok_list_free(&tl);
	/* every suffix start and prefix end of that buffer: tail handling in the fast path */
	for (size_t cut = 0; cut < 300; cut++) {
		check_hashes_agree((const uint8_t *)buf, len - cut);
		check_hashes_agree((const uint8_t *)buf + cut, len - cut);
	}
}

/* ---- corpus and random input ----------------------------------------------------------- */

static void test_hashes_agree_corpus(void **state)
{
	(void)state;
	for (size_t f = 0; f < NCORPUS; f++) {
		size_t n;
		uint8_t *s = read_source_file(corpus_files[f], &n);
		check_hashes_agree(s, n);
		tok_list tl = { 0 };
		assert_int_equal(tok_run(s, n, &tl), 0);
		assert_true(tl.n > 300);
		assert_int_equal(tl.nbad, 0);
		tok_list_free(&tl);
		free(s);
	}
	/* every prefix of the shortest article (ends in the middle of words and of
	 * multi-byte characters) */
	size_t n;
	uint8_t *s = read_source_file(corpus_files[3], &n);
	for (size_t m = 0; m <= n; m += (m < 600 ? 1 : 37))
		check_hashes_agree(s, m);
	free(s);
}

static uint64_t rng_next(uint64_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return *x;
}

/* Chinese, Japanese and Korean runs become overlapping character bigrams whose spans tile
 * the run (each its first character, the last one both); a one-character run is one word;
 * Latin words beside them stay whole. */
static void test_cjk_bigrams(void **state)
{
	(void)state;
	/* "Apple公司发布" : apple + 公司 司发 发布 */
	const char *t1 = "Apple\xE5\x85\xAC\xE5\x8F\xB8\xE5\x8F\x91\xE5\xB8\x83 ok";
	tok_list l = {0};
	assert_int_equal(tok_run((const uint8_t *)t1, strlen(t1), &l), 0);
	assert_int_equal(l.n, 5);
	assert_int_equal(l.v[0].end, 5);
	assert_memory_equal(l.norm + l.v[0].norm_off, "apple", 5);
	assert_int_equal(l.v[1].start, 5);
	assert_int_equal(l.v[1].end, 8);
	assert_int_equal(l.v[1].norm_len, 6);
	assert_memory_equal(l.norm + l.v[1].norm_off, "\xE5\x85\xAC\xE5\x8F\xB8", 6);
	assert_int_equal(l.v[2].start, 8);
	assert_int_equal(l.v[2].end, 11);
	assert_int_equal(l.v[3].start, 11);
	assert_int_equal(l.v[3].end, 17);
	assert_memory_equal(l.norm + l.v[4].norm_off, "ok", 2);
	check_hashes_agree((const uint8_t *)t1, strlen(t1));
	/* one Han character between spaces: one word */
	const char *t2 = "a \xE4\xB8\xAD b";
	assert_int_equal(tok_run((const uint8_t *)t2, strlen(t2), &l), 0);
	assert_int_equal(l.n, 3);
	assert_int_equal(l.v[1].end - l.v[1].start, 3);
	/* Japanese: hiragana + katakana + kanji in one run; Korean syllables */
	const char *t3 = "\xE6\x9D\xB1\xE4\xBA\xAC\xE3\x81\xAB" "a\xED\x95\x9C\xEA\xB5\xAD";
	assert_int_equal(tok_run((const uint8_t *)t3, strlen(t3), &l), 0);
	assert_int_equal(l.n, 2 + 1 + 1); /* 東京 京に, a, 한국 */
	check_hashes_agree((const uint8_t *)t3, strlen(t3));
	/* a long run: bigrams past the 16 a call takes, all with two characters */
	char big[3 * 40 + 1];
	for (int i = 0; i < 40; i++)
		memcpy(big + 3 * i, (i & 1) ? "\xE6\x96\x87" : "\xE5\xAD\x97", 3);
	big[120] = 0;
	assert_int_equal(tok_run((const uint8_t *)big, 120, &l), 0);
	assert_int_equal(l.n, 39);
	for (size_t i = 0; i < l.n; i++) {
		assert_int_equal(l.v[i].end - l.v[i].start, i + 1 < l.n ? 3 : 6);
		assert_int_equal(l.v[i].norm_len, 6);
	}
	check_hashes_agree((const uint8_t *)big, 120);
	tok_list_free(&l);
}

static void test_hashes_agree_random(void **state)
{
	(void)state;
	uint64_t seed = 0x9E3779B97F4A7C15ull;
	/* fragments that exercise every path: ASCII, marks, ligatures, invalid, separators */
	static const char *const frag[] = {
		"a", "Z", "7", " ", ".", "\xC3\xA9", "\xCC\x81", "\xEF\xAC\x81", "\xE2\x80\x99",
		"\xE2\x80\x94", "\xFF", "\xED\xA0\x80", "\xF0\x9F\x98\x80", "\xC3", "\xEF\xBB\xBF",
		"\xC3\x9F", "\xEF\xBC\xA6", "\xE1\x84\x80\xE1\x85\xA1", "\xEA\xB0\x80", "\n",
		"\xE4\xB8\xAD", "\xE3\x81\x82", "\xE3\x83\xBC", "\xEF\xBD\xB1", /* 中 あ ー ｱ */
	};
	const size_t nfrag = sizeof frag / sizeof frag[0];
	uint8_t buf[2048];
	for (int it = 0; it < 3000; it++) {
		size_t len = rng_next(&seed) % sizeof buf;
		if (it % 2 == 0) {
			for (size_t k = 0; k < len; k++)
				buf[k] = (uint8_t)rng_next(&seed);
		} else {
			size_t k = 0;
			while (k < len) {
				const char *fr = frag[rng_next(&seed) % nfrag];
				size_t fl = strlen(fr);
				if (k + fl > len)
					break;
				memcpy(buf + k, fr, fl);
				k += fl;
			}
			len = k;
		}
		check_hashes_agree(buf, len);
		size_t on;
		char *norm = tok_normalize(buf, len, &on);
		assert_int_equal(strlen(norm), on);
		free(norm);
	}
}

/* tok_hashes() on mostly-ASCII text: words of 1-70 letters, digits and mixed case between
 * ASCII separators, with a non-ASCII letter, mark, separator or invalid byte now and then, so
 * that its 64-byte block path meets every word length, block boundary and fallback. */
static void test_hashes_agree_ascii_blocks(void **state)
{
	(void)state;
	uint64_t seed = 0x2545F4914F6CDD1Dull;
	static const char alnum[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
	static const char *const sep[] = { " ", ", ", ". ", "\n", "-", "'", "  ", "(" };
	static const char *const odd[] = { "\xC3\xA9", "\xE2\x80\x99", "\xCC\x81", "\xFF",
					   "\xEF\xAC\x81", "\xC3" };
	uint8_t buf[4096];
	for (int it = 0; it < 2000; it++) {
		size_t len = 64 + rng_next(&seed) % (sizeof buf - 200), k = 0;
		unsigned odd_rate = 1 + (unsigned)(rng_next(&seed) % 64); /* 1 in odd_rate words */
		while (k + 100 < len) {
			/* word lengths: mostly 1-16, sometimes up to 70 */
			size_t wl = rng_next(&seed) % 8 == 0 ? 1 + rng_next(&seed) % 70
							 : 1 + rng_next(&seed) % 16;
			for (size_t j = 0; j < wl; j++)
				buf[k++] = (uint8_t)alnum[rng_next(&seed) % (sizeof alnum - 1)];
			const char *s = rng_next(&seed) % odd_rate == 0
						? odd[rng_next(&seed) % (sizeof odd / sizeof *odd)]
						: sep[rng_next(&seed) % (sizeof sep / sizeof *sep)];
			memcpy(buf + k, s, strlen(s));
			k += strlen(s);
		}
		check_hashes_agree(buf, k);
	}
}

/* tok_word_hash() is the documented function: XXH3 of the form zero-padded to 16 bytes with
 * its length as seed, XXH3 of the form itself beyond 16 bytes. */
static void test_word_hash_definition(void **state)
{
	(void)state;
	static const char *const words[] = { "a", "the", "russia", "information",
					     "counterintelligence", "1990", "x2y2z2w2v2u2t2s2",
					     "abcdefghijklmnopq" };
	for (size_t k = 0; k < sizeof words / sizeof *words; k++) {
		size_t n = strlen(words[k]);
		uint64_t want;
		if (n <= 16) {
			uint8_t pad[16] = { 0 };
			memcpy(pad, words[k], n);
			want = XXH3_64bits_withSeed(pad, 16, n);
		} else {
			want = XXH3_64bits(words[k], n);
		}
		assert_true(tok_word_hash(words[k], n) == want);
		tok_list tl = run(words[k]);
		assert_int_equal(tl.n, 1);
		assert_true(tl.v[0].hash == want);
		tok_list_free(&tl);
	}
	/* upper case is folded before hashing, in both paths */
	tok_list tl = run("The THE the");
	assert_int_equal(tl.n, 3);
	assert_true(tl.v[0].hash == tl.v[1].hash && tl.v[1].hash == tl.v[2].hash);
	tok_list_free(&tl);
}

/* Naive model of the benchmark shingler: lowercase, then [a-z0-9]+. */
static size_t model_words(const char *s, size_t n, char ***out)
{
	size_t nw = 0, cap = 1024;
	char **w = malloc(cap * sizeof *w);
	size_t i = 0;
	while (i < n) {
		while (i < n && !((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9')))
			i++;
		size_t st = i;
		while (i < n && ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9')))
			i++;
		if (i > st) {
			if (nw == cap)
				w = realloc(w, (cap *= 2) * sizeof *w);
			w[nw] = malloc(i - st + 1);
			memcpy(w[nw], s + st, i - st);
			w[nw][i - st] = 0;
			nw++;
		}
	}
	*out = w;
	return nw;
}

static void test_ascii_matches_benchmark_rule(void **state)
{
	(void)state;
	/* Build one ASCII text from the corpus: curly quotes become straight ones, dashes
	 * '-', other non-ASCII characters one space; keep the original case (the model
	 * lowercases first, as the benchmark's Python does). */
	char *ascii = NULL;
	size_t an = 0;
	for (size_t f = 0; f < NCORPUS; f++) {
		size_t n;
		uint8_t *s = read_source_file(corpus_files[f], &n);
		ascii = realloc(ascii, an + n + 1);
		for (size_t i = 0; i < n;) {
			if (s[i] < 0x80) {
				ascii[an++] = (char)s[i++];
				continue;
			}
			if (i + 2 < n && s[i] == 0xE2 && s[i + 1] == 0x80) {
				uint8_t c = s[i + 2];
				ascii[an++] = (c == 0x98 || c == 0x99) ? '\'' :
					      (c == 0x9C || c == 0x9D) ? '"' :
					      (c == 0x93 || c == 0x94) ? '-' : ' ';
				i += 3;
				continue;
			}
			ascii[an++] = ' ';
			i++;
			while (i < n && (s[i] & 0xC0) == 0x80)
				i++;
		}
		ascii[an++] = '\n';
		free(s);
	}
	char *lower = malloc(an);
	for (size_t i = 0; i < an; i++)
		lower[i] = (char)((ascii[i] >= 'A' && ascii[i] <= 'Z') ? ascii[i] + 32 : ascii[i]);
	char **mw;
	size_t nm = model_words(lower, an, &mw);

	tok_list tl = { 0 };
	assert_int_equal(tok_run((const uint8_t *)ascii, an, &tl), 0);
	assert_int_equal(tl.n, nm);
	assert_true(nm > 5000);
	for (size_t k = 0; k < nm; k++) {
		const tok *t = &tl.v[k];
		assert_int_equal(t->norm_len, strlen(mw[k]));
		assert_memory_equal(tl.norm + t->norm_off, mw[k], t->norm_len);
		/* the span lowercased is the word itself */
		assert_memory_equal(lower + t->start, mw[k], t->norm_len);
		free(mw[k]);
	}
	free(mw);
	check_hashes_agree((const uint8_t *)ascii, an);
	tok_list_free(&tl);
	free(lower);
	free(ascii);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_spans_original_bytes),
		cmocka_unit_test(test_flags),
		cmocka_unit_test(test_invalid_utf8_separates),
		cmocka_unit_test(test_empty_and_blank),
		cmocka_unit_test(test_too_big),
		cmocka_unit_test(test_normalisation),
		cmocka_unit_test(test_normalize_string),
		cmocka_unit_test(test_long_words),
		cmocka_unit_test(test_hashes_agree_corpus),
		cmocka_unit_test(test_cjk_bigrams),
		cmocka_unit_test(test_hashes_agree_random),
		cmocka_unit_test(test_hashes_agree_ascii_blocks),
		cmocka_unit_test(test_word_hash_definition),
		cmocka_unit_test(test_ascii_matches_benchmark_rule),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
