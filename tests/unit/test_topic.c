/* test_topic.c - topical similarity and stories: named entities are found, candidate
 * scoring agrees with exact all-pairs scoring on every strong pair, stories recover planted
 * topics, and a bridge article does not chain two topics into one story. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "overlap/err.h"
#include "overlap/mem.h"
#include "overlap/stem.h"
#include "overlap/tokenize.h"
#include "overlap/topic.h"

/* Terms of text (NUL-terminated) into d. */
static void terms_of(stem_ctx *st, const char *text, tpc_doc *d)
{
	tok_list t = { 0 };
	assert_int_equal(tok_run((const uint8_t *)text, strlen(text), &t), 0);
	uint64_t *keys = xcalloc(t.n ? t.n : 1, sizeof *keys);
	stem_keys(st, &t, keys);
	assert_int_equal(tpc_doc_terms(&t, keys, (const uint8_t *)text, strlen(text), st, d), 0);
	free(keys);
	tok_list_free(&t);
}

static bool has_entity(const tpc_doc *d, const char *name)
{
	for (size_t i = 0; i < d->n; i++)
		if (d->v[i].entity && d->v[i].name_len == strlen(name) &&
		    memcmp(d->names + d->v[i].name_off, name, d->v[i].name_len) == 0)
			return true;
	return false;
}

static void test_entities(void **state)
{
	(void)state;
	stem_ctx *st = stem_new();
	tpc_doc d = { 0 };
	terms_of(st, "The visit of Mayor Elena Brandt ended early. Officials said the Harbour "
		     "Street bridge would close, and Brandt agreed.", &d);
	assert_true(has_entity(&d, "Mayor Elena Brandt"));
	assert_true(has_entity(&d, "Harbour Street"));
	assert_true(has_entity(&d, "Brandt"));
	assert_false(has_entity(&d, "Officials")); /* a capital that only starts a sentence */
	assert_false(has_entity(&d, "The"));
	/* stop words and numbers are no terms: "the", "of", "would" */
	for (size_t i = 0; i < d.n; i++) {
		const char *nm = d.names + d.v[i].name_off;
		assert_false(d.v[i].name_len == 3 && memcmp(nm, "the", 3) == 0);
	}
	tpc_doc_clear(&d);
	terms_of(st, "", &d);
	assert_int_equal(d.n, 0);
	tpc_doc_clear(&d);
	stem_free(st);
}

/* A letters-only pseudo-word for number x (words with digits are not terms). */
static void word(char *buf, const char *prefix, unsigned x)
{
	size_t n = strlen(prefix);
	memcpy(buf, prefix, n);
	do {
		buf[n++] = (char)('a' + x % 26);
		x /= 26;
	} while (x);
	buf[n] = '\0';
}

/* Document of topic t (seed s): 30 words of the topic's 40, 30 of a 400-word common pool. */
static char *topic_doc(unsigned t, unsigned s, unsigned t2)
{
	char *out = xcalloc(4096, 1);
	size_t n = 0;
	uint64_t x = 0x9e3779b97f4a7c15ull * (s + 1) + t;
	for (unsigned k = 0; k < 60; k++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		char w[32];
		unsigned topic = (k % 2 && t2 != UINT32_MAX) ? t2 : t;
		if (k < 30 || (t2 != UINT32_MAX && k < 45)) {
			char prefix[8];
			word(prefix, "q", topic);
			strcat(prefix, "z");
			word(w, prefix, (unsigned)(x % 40));
		} else {
			word(w, "common", (unsigned)(x % 400));
		}
		n += (size_t)snprintf(out + n, 4096 - n, "%s ", w);
	}
	return out;
}

static void build(stem_ctx *st, tpc_doc *docs, size_t ntopics, size_t per, bool bridge)
{
	for (size_t t = 0; t < ntopics; t++)
		for (size_t k = 0; k < per; k++) {
			char *s = topic_doc((unsigned)t, (unsigned)(t * 100 + k), UINT32_MAX);
			terms_of(st, s, &docs[t * per + k]);
			free(s);
		}
	if (bridge) {
		char *s = topic_doc(0, 999, 1);
		terms_of(st, s, &docs[ntopics * per]);
		free(s);
	}
}

static void test_candidates_match_exact(void **state)
{
	(void)state;
	stem_ctx *st = stem_new();
	enum { T = 6, PER = 10, N = T * PER };
	tpc_doc docs[N];
	memset(docs, 0, sizeof docs);
	build(st, docs, T, PER, false);
	tpc_opts o = tpc_opts_default();
	o.threads = 2;
	tpc_result *ex = NULL, *ca = NULL;
	assert_int_equal(tpc_run(docs, N, &o, &ex), 0);
	assert_true(ex->exact);
	o.exact_max = 0;
	o.threads = 1;
	assert_int_equal(tpc_run(docs, N, &o, &ca), 0);
	assert_false(ca->exact);
	size_t strong = 0;
	for (size_t i = 0; i < ex->npairs; i++) {
		const tpc_pair *p = &ex->pairs[i];
		assert_true(p->a < p->b);
		assert_true(p->sim >= o.pair_min - 1e-9 && p->sim <= 1.0 + 1e-6);
		if (p->sim < o.story_cut)
			continue;
		strong++;
		double c = tpc_sim(ca, p->a, p->b);
		assert_true(c > p->sim - 1e-5 && c < p->sim + 1e-5);
	}
	assert_true(strong >= T * PER * (PER - 1) / 2 * 9 / 10);
	/* every pair well above the cut is a same-topic pair (the common pool gives
	 * cross-topic pairs up to about the cut) */
	for (size_t i = 0; i < ex->npairs; i++)
		if (ex->pairs[i].sim >= 2 * o.story_cut)
			assert_int_equal(ex->pairs[i].a / PER, ex->pairs[i].b / PER);
	tpc_result_free(ex);
	tpc_result_free(ca);
	for (size_t i = 0; i < N; i++)
		tpc_doc_clear(&docs[i]);
	stem_free(st);
}

static void test_stories_resist_chaining(void **state)
{
	(void)state;
	stem_ctx *st = stem_new();
	enum { T = 3, PER = 6, N = T * PER + 1 };
	tpc_doc docs[N];
	memset(docs, 0, sizeof docs);
	build(st, docs, T, PER, true); /* docs[N-1] is half topic 0, half topic 1 */
	tpc_opts o = tpc_opts_default();
	tpc_result *r = NULL;
	assert_int_equal(tpc_run(docs, N, &o, &r), 0);
	/* each planted topic is one story, and topics 0 and 1 stay apart despite the bridge */
	for (size_t t = 0; t < T; t++)
		for (size_t k = 1; k < PER; k++)
			assert_int_equal(r->story[t * PER + k], r->story[t * PER]);
	assert_int_not_equal(r->story[0], r->story[PER]);
	assert_int_not_equal(r->story[PER], r->story[2 * PER]);
	size_t in_story = 0;
	for (size_t s = 0; s < r->nstories; s++) {
		in_story += r->stories[s].ndocs;
		assert_non_null(r->stories[s].label);
		if (s)
			assert_true(r->stories[s - 1].ndocs >= r->stories[s].ndocs);
	}
	assert_int_equal(in_story, N);
	/* the naive model, single linkage (connected components of pairs over the cut), does
	 * chain topics 0 and 1 through the bridge: the test above is not vacuous */
	uint32_t parent[N];
	for (uint32_t i = 0; i < N; i++)
		parent[i] = i;
	for (size_t i = 0; i < r->npairs; i++) {
		if (r->pairs[i].sim < o.story_cut)
			continue;
		uint32_t a = r->pairs[i].a, b = r->pairs[i].b;
		while (parent[a] != a)
			a = parent[a];
		while (parent[b] != b)
			b = parent[b];
		parent[a > b ? a : b] = a < b ? a : b;
	}
	uint32_t r0 = 0, r1 = PER;
	while (parent[r0] != r0)
		r0 = parent[r0];
	while (parent[r1] != r1)
		r1 = parent[r1];
	assert_int_equal(r0, r1);
	tpc_result_free(r);
	for (size_t i = 0; i < N; i++)
		tpc_doc_clear(&docs[i]);
	stem_free(st);
}

static void test_bad_args(void **state)
{
	(void)state;
	tpc_result *r = NULL;
	tpc_opts o = tpc_opts_default();
	assert_int_equal(tpc_run(NULL, 0, &o, &r), 0);
	assert_int_equal(r->nstories, 0);
	tpc_result_free(r);
	o.story_cut = 2;
	assert_int_equal(tpc_run(NULL, 0, &o, &r), OVL_EUSAGE);
	tpc_result_free(NULL);
	tpc_doc_clear(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_entities),
		cmocka_unit_test(test_candidates_match_exact),
		cmocka_unit_test(test_stories_resist_chaining),
		cmocka_unit_test(test_bad_args),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
