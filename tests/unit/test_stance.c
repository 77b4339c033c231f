/* test_stance.c - the stance engine on short news texts with a known answer.
 *
 * Five invented reports of two rumours (a beheading video, a shark on a flooded highway):
 * one states the first as fact, one hedges it, one debunks the second, one states the
 * second, and one is about a watch. Each claim must get the stance a reader would give,
 * with evidence sentences whose spans hold the claim's words and the cue that decided.
 * Also: a listed unrelated pair is still returned, results do not depend on the thread
 * count, all-pairs mode finds the same checks as listing every pair, and hostile documents
 * (empty, invalid UTF-8, binary, a 1 MB word) give valid spans and no crash.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "testutil.h"

#include "overlap/stance.h"

enum { D_SUPPORT, D_HEDGE, D_DENY, D_SHARK, D_OTHER, NDOCS };

static const char *const docs[NDOCS] = {
	[D_SUPPORT] =
	"Islamic State militants beheaded American journalist James Foley in a video released on Tuesday.\n"
	"The video shows Foley, who was kidnapped in Syria in 2012, kneeling in the desert beside a masked militant.\n"
	"The White House confirmed the video was authentic and condemned the killing.\n",
	[D_HEDGE] =
	"Islamic State militants have reportedly beheaded American journalist James Foley, according to a video that has not been verified.\n"
	"Officials said they could not yet confirm whether the video was authentic.\n"
	"Foley was kidnapped in Syria in 2012.\n",
	[D_DENY] =
	"A photo that spread on social media claiming to show a shark swimming on a flooded highway in Houston is a hoax.\n"
	"The shark image was doctored: the fin was added to a photo of the flooded street, experts said.\n"
	"The same fake picture has circulated after several storms.\n",
	[D_SHARK] =
	"A shark was seen swimming on a flooded highway in Houston after the hurricane, according to a video.\n"
	"Residents filmed the shark in the water near the exit ramp.\n",
	[D_OTHER] =
	"Apple unveiled a new smartwatch on Tuesday with a price starting at 349 dollars.\n"
	"The company said the watch would go on sale early next year in three sizes.\n",
};

static const char *const claims[] = {
	"ISIS militants behead US journalist James Foley",
	"Shark swims on flooded Houston highway",
};

static stn_index *build(unsigned threads)
{
	stn_index *x = stn_index_new();
	for (int d = 0; d < NDOCS; d++)
		stn_index_add(x, (const uint8_t *)docs[d], strlen(docs[d]));
	stn_index_finish(x, threads);
	return x;
}

static stn_claim claim(int i)
{
	stn_claim c = { (const uint8_t *)claims[i], strlen(claims[i]) };
	return c;
}

/* One listed pair's check. */
static stn_check check_one(const stn_index *x, int c, int d)
{
	stn_claim cv[2] = { claim(0), claim(1) };
	stn_pair p = { (uint32_t)c, (uint32_t)d };
	stn_check *out = NULL;
	size_t n = 0;
	stn_check_run(x, cv, 2, &p, 1, false, 1, &out, &n);
	assert_int_equal(n, 1);
	stn_check k = out[0];
	free(out);
	assert_int_equal(k.claim, c);
	assert_int_equal(k.doc, d);
	return k;
}

static bool has_cue(const stn_check *k, const char *word)
{
	for (unsigned q = 0; q < k->nev; q++)
		for (unsigned u = 0; u < k->ev[q].ncues; u++)
			if (!strcmp(stn_cue_word(k->ev[q].cues[u]), word))
				return true;
	return false;
}

/* The first evidence sentence lies inside the document and holds `word`. */
static void assert_evidence(const stn_index *x, const stn_check *k, const char *word)
{
	assert_true(k->nev >= 1);
	size_t n;
	const uint8_t *t = stn_index_text(x, k->doc, &n);
	for (unsigned q = 0; q < k->nev; q++) {
		assert_true(k->ev[q].start < k->ev[q].end);
		assert_true(k->ev[q].end <= n);
		assert_true(k->ev[q].match > 0 && k->ev[q].match <= 1.0f);
	}
	char *s = strndup((const char *)t + k->ev[0].start, k->ev[0].end - k->ev[0].start);
	assert_non_null(strstr(s, word));
	free(s);
}

static void test_clear_support(void **state)
{
	(void)state;
	stn_index *x = build(1);
	stn_check k = check_one(x, 0, D_SUPPORT);
	assert_string_equal(stn_stance_name(k.stance), "supports");
	assert_true(k.related >= stn_related_threshold());
	assert_true(k.score > 0.34f && k.score <= 1.0f);
	assert_evidence(x, &k, "beheaded American journalist James Foley");
	assert_false(has_cue(&k, "hoax"));
	k = check_one(x, 1, D_SHARK);
	assert_int_equal(k.stance, STN_SUPPORTS);
	stn_index_free(x);
}

static void test_clear_denial(void **state)
{
	(void)state;
	stn_index *x = build(1);
	stn_check k = check_one(x, 1, D_DENY);
	assert_string_equal(stn_stance_name(k.stance), "denies");
	assert_evidence(x, &k, "is a hoax");
	assert_true(has_cue(&k, "hoax"));
	assert_int_equal(stn_cue_kind(k.ev[0].cues[0]), STN_CUE_DENY);
	assert_true(k.sig[STN_SIG_DENY_NEAR] > 0);
	/* the same debunking text, read against a claim that is itself the denial, agrees */
	stn_claim c = { (const uint8_t *)"The photo of a shark on a Houston highway is a hoax", 51 };
	stn_pair p = { 0, D_DENY };
	stn_check *out = NULL;
	size_t n = 0;
	stn_check_run(x, &c, 1, &p, 1, false, 1, &out, &n);
	assert_int_equal(n, 1);
	assert_int_equal(out[0].stance, STN_SUPPORTS);
	assert_true(out[0].sig[STN_SIG_CLAIM_DENY] == 1.0f);
	free(out);
	stn_index_free(x);
}

static void test_hedged_report(void **state)
{
	(void)state;
	stn_index *x = build(1);
	stn_check k = check_one(x, 0, D_HEDGE);
	assert_string_equal(stn_stance_name(k.stance), "discusses");
	assert_evidence(x, &k, "reportedly");
	assert_true(has_cue(&k, "reportedly"));
	assert_true(k.sig[STN_SIG_HEDGE_NEAR] > 0);
	stn_index_free(x);
}

/* A cue word's kind, by reading it in a one-document index ("dismissed" is a denial verb,
 * "incorrect" a denial word, "according to" an attribution). */
static int cue_kind_of(const char *doc, const char *word)
{
	stn_index *x = stn_index_new();
	stn_index_add(x, (const uint8_t *)doc, strlen(doc));
	stn_index_finish(x, 1);
	stn_claim c = { (const uint8_t *)doc, strlen(doc) };
	stn_pair p = { 0, 0 };
	stn_check *out = NULL;
	size_t n = 0;
	stn_check_run(x, &c, 1, &p, 1, false, 1, &out, &n);
	assert_int_equal(n, 1);
	int kind = -1;
	for (unsigned q = 0; q < out[0].nev; q++)
		for (unsigned u = 0; u < out[0].ev[q].ncues; u++)
			if (!strcmp(stn_cue_word(out[0].ev[q].cues[u]), word))
				kind = stn_cue_kind(out[0].ev[q].cues[u]);
	free(out);
	stn_index_free(x);
	return kind;
}

/* Attribution ("according to", "whether") has signals of its own, apart from the hedges;
 * dismissals, "incorrect" and experts' doubt ("cast doubt") are denials. */
static void test_attribution_and_dismissal(void **state)
{
	(void)state;
	stn_index *x = build(1);
	stn_check k = check_one(x, 0, D_HEDGE);
	assert_true(k.sig[STN_SIG_ATTRIB_NEAR] > 0);
	assert_true(k.sig[STN_SIG_ATTRIB_DOC] > 0);
	k = check_one(x, 0, D_SUPPORT);
	assert_true(k.sig[STN_SIG_ATTRIB_NEAR] == 0.0f);
	stn_index_free(x);
	assert_int_equal(cue_kind_of("The ministry dismissed the story about the shark.", "dismissed"),
			 STN_CUE_DENY_VERB);
	assert_int_equal(cue_kind_of("The minister laughed off the story about the shark.", "laughed off"),
			 STN_CUE_DENY_VERB);
	assert_int_equal(cue_kind_of("The story about the shark is incorrect.", "incorrect"), STN_CUE_DENY);
	assert_int_equal(cue_kind_of("Experts cast doubt on the story about the shark.", "cast doubt"),
			 STN_CUE_DENY);
	assert_int_equal(cue_kind_of("A shark was seen, according to police.", "according to"),
			 STN_CUE_ATTRIB);
}

static void test_unrelated(void **state)
{
	(void)state;
	stn_index *x = build(1);
	stn_check k = check_one(x, 0, D_OTHER);
	assert_string_equal(stn_stance_name(k.stance), "unrelated");
	assert_true(k.related < stn_related_threshold());
	k = check_one(x, 0, D_DENY);
	assert_int_equal(k.stance, STN_UNRELATED);
	k = check_one(x, 1, D_SUPPORT);
	assert_int_equal(k.stance, STN_UNRELATED);
	stn_index_free(x);
}

/* Listed pairs come back in the order given, unrelated ones included; all-pairs mode lists
 * the related ones only (or all with keep_unrelated), with the same values. */
static void test_pairs_and_all(void **state)
{
	(void)state;
	stn_index *x = build(2);
	stn_claim cv[2] = { claim(0), claim(1) };
	stn_pair every[2 * NDOCS];
	size_t np = 0;
	for (int d = NDOCS - 1; d >= 0; d--)
		for (int c = 1; c >= 0; c--)
			every[np++] = (stn_pair){ (uint32_t)c, (uint32_t)d };
	stn_check *listed = NULL, *all = NULL, *rel = NULL;
	size_t nl = 0, na = 0, nr = 0;
	stn_check_run(x, cv, 2, every, np, false, 2, &listed, &nl);
	assert_int_equal(nl, np);
	size_t nrelated = 0;
	for (size_t i = 0; i < np; i++) {
		assert_int_equal(listed[i].claim, every[i].claim);
		assert_int_equal(listed[i].doc, every[i].doc);
		nrelated += listed[i].stance != STN_UNRELATED;
	}
	assert_int_equal(nrelated, 4);
	stn_check_run(x, cv, 2, NULL, 0, true, 2, &all, &na);
	assert_int_equal(na, 2 * NDOCS);
	stn_check_run(x, cv, 2, NULL, 0, false, 2, &rel, &nr);
	assert_int_equal(nr, nrelated);
	for (size_t i = 0; i < na; i++) {
		const stn_check *a = &all[i];
		assert_int_equal(a->claim, i / NDOCS); /* by claim, then document */
		assert_int_equal(a->doc, i % NDOCS);
		for (size_t j = 0; j < np; j++)
			if (listed[j].claim == a->claim && listed[j].doc == a->doc)
				assert_memory_equal(a, &listed[j], sizeof *a);
	}
	free(listed);
	free(all);
	free(rel);
	stn_index_free(x);
}

static void test_threads_same(void **state)
{
	(void)state;
	stn_index *x1 = build(1), *x3 = build(3);
	stn_claim cv[2] = { claim(0), claim(1) };
	stn_check *a = NULL, *b = NULL;
	size_t na = 0, nb = 0;
	stn_check_run(x1, cv, 2, NULL, 0, true, 1, &a, &na);
	stn_check_run(x3, cv, 2, NULL, 0, true, 3, &b, &nb);
	assert_int_equal(na, nb);
	for (size_t i = 0; i < na; i++)
		assert_memory_equal(&a[i], &b[i], sizeof a[i]);
	free(a);
	free(b);
	stn_index_free(x1);
	stn_index_free(x3);
}

static void test_hostile(void **state)
{
	(void)state;
	stn_index *x = stn_index_new();
	stn_index_add(x, (const uint8_t *)"", 0);
	static const uint8_t bad[] = "Shark \xff\xfe swims \xc0\xaf on a flooded \xed\xa0\x80 Houston highway.\n";
	stn_index_add(x, bad, sizeof bad - 1);
	uint8_t bin[3000];
	for (size_t i = 0; i < sizeof bin; i++)
		bin[i] = (uint8_t)(i * 131 + 7);
	stn_index_add(x, bin, sizeof bin);
	size_t big = 1u << 20;
	uint8_t *word = malloc(big);
	assert_non_null(word);
	memset(word, 'a', big);
	stn_index_add(x, word, big);
	free(word);
	stn_index_finish(x, 2);
	stn_claim cv[3] = { claim(1), { (const uint8_t *)"", 0 }, { bin, sizeof bin } };
	stn_check *out = NULL;
	size_t n = 0;
	stn_check_run(x, cv, 3, NULL, 0, true, 2, &out, &n);
	assert_int_equal(n, 3 * 4);
	for (size_t i = 0; i < n; i++) {
		size_t tn;
		stn_index_text(x, out[i].doc, &tn);
		assert_true(out[i].stance < STN_NSTANCES);
		assert_true(out[i].score >= 0 && out[i].score <= 1);
		for (unsigned q = 0; q < out[i].nev; q++)
			assert_true(out[i].ev[q].start < out[i].ev[q].end && out[i].ev[q].end <= tn);
	}
	/* the invalid-UTF-8 copy of the claim's sentence is still found related */
	assert_int_not_equal(out[1].stance, STN_UNRELATED);
	/* an empty claim relates to nothing */
	for (size_t d = 0; d < 4; d++)
		assert_int_equal(out[4 + d].stance, STN_UNRELATED);
	free(out);
	assert_false(stn_claim_has_words((const uint8_t *)"", 0));
	assert_false(stn_claim_has_words((const uint8_t *)" ... !!! ", 9));
	assert_true(stn_claim_has_words((const uint8_t *)"5G", 2));
	stn_index_free(x);
}

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(stn_stance_name(STN_SUPPORTS), "supports");
	assert_string_equal(stn_stance_name(STN_DENIES), "denies");
	assert_string_equal(stn_stance_name(STN_DISCUSSES), "discusses");
	assert_string_equal(stn_stance_name(STN_UNRELATED), "unrelated");
	assert_string_equal(stn_stance_name(9), "?");
	assert_string_equal(stn_cue_word(-1), "?");
	assert_string_equal(stn_signal_name(STN_NSIGNALS), "?");
	for (int s = 0; s < STN_NSIGNALS; s++)
		assert_string_not_equal(stn_signal_name(s), "?");
}

/* Claim x document of a small index of its own (claims and documents in order). */
static stn_check check_texts(const char *const *dv, size_t nd, const char *cl, size_t d)
{
	stn_index *x = stn_index_new();
	for (size_t i = 0; i < nd; i++)
		stn_index_add(x, (const uint8_t *)dv[i], strlen(dv[i]));
	stn_index_finish(x, 1);
	stn_claim c = { (const uint8_t *)cl, strlen(cl) };
	stn_pair p = { 0, (uint32_t)d };
	stn_check *out = NULL;
	size_t n = 0;
	stn_check_run(x, &c, 1, &p, 1, false, 1, &out, &n);
	assert_int_equal(n, 1);
	stn_check k = out[0];
	free(out);
	stn_index_free(x);
	return k;
}

/* A plain sentence that states the claim's fact with another figure of its sort denies it
 * ("founded in 1997" against "founded in 2005"), whatever the rest of the document looks
 * like to the model. Not a denial: the claim's own figure (or its word, "one" for 1)
 * elsewhere in the sentence, another sort of figure (an age against a year), a hedged
 * sentence. */
static void test_same_fact_figure(void **state)
{
	(void)state;
	static const char *const dv[] = {
		"Some of them built successful international companies such as Tervala Lab, founded "
		"in 1997, which developed an array of security tools, according to officials who "
		"spoke on condition of anonymity. Sources said the company may expand.",
		"The rapper Big Bank Hank, who changed hip-hop with the Sugarhill Gang's 1979 classic, "
		"died on Tuesday, his manager said.",
		"The Pentagon said militants were able to seize one of the 28 bundles of weapons "
		"dropped to Kurdish forces.",
		"Tervala Lab was reportedly founded in 1997, according to a biography.",
		"A story about a watch, a phone and a price of 349 dollars.",
	};
	stn_check k = check_texts(dv, 5, "Tervala Lab was founded in 2005", 0);
	assert_string_equal(stn_stance_name(k.stance), "denies");
	assert_true(has_cue(&k, "numbers differ"));
	k = check_texts(dv, 5, "Tervala Lab was founded in 1997", 0);
	assert_int_not_equal(k.stance, STN_DENIES);
	k = check_texts(dv, 5, "Rapper Big Bank Hank dies at 57", 1);
	assert_int_not_equal(k.stance, STN_DENIES);
	k = check_texts(dv, 5, "Pentagon: 1 weapons bundle seized by militants", 2);
	assert_int_not_equal(k.stance, STN_DENIES);
	k = check_texts(dv, 5, "Tervala Lab was founded in 2005", 3);
	assert_int_not_equal(k.stance, STN_DENIES);
}

/* A claim negated with a curly apostrophe ("wasn\u2019t", as edited news writes it) is a
 * negated claim, as with a straight one, and agrees with a debunking; a curly possessive
 * ("Britain\u2019s") negates nothing. */
static void test_curly_negation(void **state)
{
	(void)state;
	static const char *const dv[] = {
		"A photo that spread on social media claiming to show a shark swimming on a flooded "
		"highway in Houston is a hoax. The shark image was doctored, experts said.",
		"A story about a watch, a phone and a price of 349 dollars.",
	};
	stn_check k = check_texts(dv, 2, "A shark wasn\xE2\x80\x99t swimming on a flooded Houston highway", 0);
	assert_true(k.sig[STN_SIG_CLAIM_DENY] == 1.0f);
	assert_int_not_equal(k.stance, STN_DENIES);
	k = check_texts(dv, 2, "A shark wasn't swimming on a flooded Houston highway", 0);
	assert_true(k.sig[STN_SIG_CLAIM_DENY] == 1.0f);
	assert_int_not_equal(k.stance, STN_DENIES);
	k = check_texts(dv, 2, "Houston\xE2\x80\x99s shark swims on a flooded highway", 0);
	assert_true(k.sig[STN_SIG_CLAIM_DENY] == 0.0f);
	assert_int_equal(k.stance, STN_DENIES);
}

/* A denial word in the sentence that states the claim is not enough to deny it: there it
 * often reports someone else's doubt ("one viewer claimed the video may be a hoax") that
 * the rest of the report answers. The debunking of test_clear_denial still denies. */
static void test_reported_denial_word(void **state)
{
	(void)state;
	static const char *const dv[] = {
		"One viewer claimed that the video of a homeless man who spent a gift of 100 "
		"dollars on food for his friends may be a hoax. The man told reporters that every "
		"part of the video was real. The shop owner said the man bought food and water for "
		"the people in the park.",
		"A story about a watch, a phone and a price of 349 dollars.",
	};
	stn_check k = check_texts(dv, 2, "Homeless man spends a 100 dollar gift on food for his friends", 0);
	assert_true(has_cue(&k, "hoax"));
	assert_int_not_equal(k.stance, STN_DENIES);
}

/* A question asserts nothing for a debunking to deny: it is discussed. The same words as
 * a statement are denied (test_clear_denial), and a question mark inside a quote does not
 * make the claim a question. */
static void test_question_not_denied(void **state)
{
	(void)state;
	stn_index *x = build(1);
	static const char *const qv[] = {
		"Did a shark swim on a flooded Houston highway? ",
		"Shark swims on flooded Houston highway, \"who knew?\" residents say",
	};
	stn_claim c[2] = { { (const uint8_t *)qv[0], strlen(qv[0]) },
			   { (const uint8_t *)qv[1], strlen(qv[1]) } };
	stn_pair p[2] = { { 0, D_DENY }, { 1, D_DENY } };
	stn_check *out = NULL;
	size_t n = 0;
	stn_check_run(x, c, 2, p, 2, false, 1, &out, &n);
	assert_int_equal(n, 2);
	assert_true(out[0].related >= stn_related_threshold());
	assert_int_not_equal(out[0].stance, STN_DENIES);
	assert_int_not_equal(out[0].stance, STN_UNRELATED);
	assert_int_equal(out[1].stance, STN_DENIES);
	free(out);
	stn_index_free(x);
}

/* A claim that only hedges ("may have", "reportedly") says the thing is possible or
 * reported, which a debunking of the report does not deny; a hedged claim that is itself a
 * denial is read by the model (test_clear_denial: "is a hoax" agrees with the debunking). */
static void test_hedged_claim_not_denied(void **state)
{
	(void)state;
	stn_index *x = build(1);
	static const char *const hv[] = {
		"A shark may have been swimming on a flooded Houston highway",
		"A shark was reportedly seen swimming on a flooded Houston highway",
		"A shark was seen swimming on a flooded Houston highway",
	};
	stn_claim c[3];
	stn_pair p[3];
	for (uint32_t i = 0; i < 3; i++) {
		c[i] = (stn_claim){ (const uint8_t *)hv[i], strlen(hv[i]) };
		p[i] = (stn_pair){ i, D_DENY };
	}
	stn_check *out = NULL;
	size_t n = 0;
	stn_check_run(x, c, 3, p, 3, false, 1, &out, &n);
	assert_int_equal(n, 3);
	assert_int_not_equal(out[0].stance, STN_DENIES);
	assert_int_not_equal(out[0].stance, STN_UNRELATED);
	assert_int_not_equal(out[1].stance, STN_DENIES);
	assert_int_not_equal(out[1].stance, STN_UNRELATED);
	assert_int_equal(out[2].stance, STN_DENIES);
	free(out);
	stn_index_free(x);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clear_support),
		cmocka_unit_test(test_clear_denial),
		cmocka_unit_test(test_hedged_report),
		cmocka_unit_test(test_attribution_and_dismissal),
		cmocka_unit_test(test_unrelated),
		cmocka_unit_test(test_pairs_and_all),
		cmocka_unit_test(test_threads_same),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_same_fact_figure),
		cmocka_unit_test(test_curly_negation),
		cmocka_unit_test(test_reported_denial_word),
		cmocka_unit_test(test_question_not_denied),
		cmocka_unit_test(test_hedged_claim_not_denied),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
