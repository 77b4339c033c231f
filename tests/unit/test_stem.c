/* test_stem.c - Snowball keys and the stop-word list. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "overlap/mem.h"
#include "overlap/stem.h"
#include "overlap/tokenize.h"

static void check_stem(stem_ctx *c, const char *w, const char *want)
{
	size_t n;
	const char *s = stem_word(c, w, strlen(w), &n);
	assert_int_equal(n, strlen(want));
	assert_memory_equal(s, want, n);
}

static void test_stem_word(void **state)
{
	(void)state;
	stem_ctx *c = stem_new();
	check_stem(c, "running", "run");
	check_stem(c, "sanctions", "sanction");
	check_stem(c, "cybersecurity", "cybersecur");
	check_stem(c, "", "");
	/* British and American spellings of -ise/-ize verbs do not meet under Snowball; the
	 * aligner tolerates them as substitutions. Plural/verb forms do meet. */
	check_stem(c, "companies", "compani");
	check_stem(c, "company", "compani");
	/* a word longer than the cap comes back unchanged */
	char big[400];
	memset(big, 'a', sizeof(big));
	size_t n;
	const char *s = stem_word(c, big, sizeof(big), &n);
	assert_int_equal(n, sizeof(big));
	assert_ptr_equal(s, big);
	stem_free(c);
	stem_free(NULL);
}

/* Build a tok_list by hand (the tokenizer is another module; this test only needs norm
 * forms, flags and hashes). */
static void add_tok(tok_list *t, const char *w, uint16_t flags)
{
	size_t n = strlen(w);
	XGROW(t->v, t->cap, t->n + 1);
	XGROW(t->norm, t->norm_cap, t->norm_nbytes + n);
	memcpy(t->norm + t->norm_nbytes, w, n);
	tok *k = &t->v[t->n++];
	memset(k, 0, sizeof(*k));
	k->norm_off = (uint32_t)t->norm_nbytes;
	k->norm_len = (uint16_t)n;
	k->flags = flags;
	k->hash = tok_word_hash(w, n);
	t->norm_nbytes += n;
}

static void test_stem_keys(void **state)
{
	(void)state;
	stem_ctx *c = stem_new();
	tok_list t = {0};
	add_tok(&t, "connected", TOK_ALPHA);
	add_tok(&t, "connection", TOK_ALPHA);
	add_tok(&t, "connects", TOK_ALPHA);
	add_tok(&t, "2024s", TOK_ALPHA | TOK_DIGIT);
	add_tok(&t, "run", TOK_ALPHA);
	add_tok(&t, "running", TOK_ALPHA);
	add_tok(&t, "kremlin", TOK_ALPHA);
	uint64_t keys[7];
	/* twice: the second pass is served from the cache and must agree */
	for (int pass = 0; pass < 2; pass++) {
		memset(keys, 0, sizeof(keys));
		stem_keys(c, &t, keys);
		assert_true(keys[0] == keys[1]);
		assert_true(keys[1] == keys[2]);
		assert_true(keys[3] == t.v[3].hash); /* digits: not stemmed */
		assert_true(keys[4] == keys[5]);
		assert_true(keys[4] == t.v[4].hash); /* stem == word: same key as tok.hash */
		assert_true(keys[6] == t.v[6].hash);
		assert_true(keys[0] != keys[4]);
	}
	tok_list t0 = {0};
	stem_keys(c, &t0, keys); /* empty: no-op */
	free(t.v);
	free(t.norm);
	stem_free(c);
}

static void test_stop_words(void **state)
{
	(void)state;
	stem_ctx *c = stem_new();
	const char *stop[] = {"a", "the", "and", "yourselves", "s", "which", "would", "about",
			      "with", "between", "however", "zzz" /* sentinel: not stop */};
	for (size_t i = 0; i + 1 < sizeof(stop) / sizeof(stop[0]); i++) {
		assert_true(stem_is_stop(stop[i], strlen(stop[i])));
		assert_true(stem_is_stop_hash(c, tok_word_hash(stop[i], strlen(stop[i]))));
	}
	const char *content[] = {"kremlin", "kaspersky", "russia", "security", "zzz", "aa",
				 "th", "them1", "", "abouts"};
	for (size_t i = 0; i < sizeof(content) / sizeof(content[0]); i++) {
		assert_false(stem_is_stop(content[i], strlen(content[i])));
		assert_false(stem_is_stop_hash(c, tok_word_hash(content[i], strlen(content[i]))));
	}
	/* a prefix of the query must not match: "the" is stop, "the" + 'x' is not */
	assert_false(stem_is_stop("thex", 4));
	assert_true(stem_is_stop("thex", 3));
	stem_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stem_word),
		cmocka_unit_test(test_stem_keys),
		cmocka_unit_test(test_stop_words),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
