/* test_claim.c - claim extraction and keys: quantities, dates, entities, polarity, speaker,
 * what is not a claim, clustering that ignores values and polarity, source support, and
 * the report's claim JSON. Sentences are taken from the articles in corpus/ where possible. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "claim/claim_int.h"
#include "overlap/claim.h"
#include "overlap/report_claims.h"

/* ---- helpers ---- */

static clm_set *build_texts(const char *const *texts, size_t n, const uint32_t *groups)
{
	clm_doc *d = calloc(n, sizeof *d);
	for (size_t i = 0; i < n; i++) {
		d[i].id = texts[i];
		d[i].text = (const uint8_t *)texts[i];
		d[i].nbytes = strlen(texts[i]);
	}
	clm_set *s = NULL;
	err_ctx e;
	assert_int_equal(clm_build(NULL, d, n, groups, &s, &e), 0);
	assert_non_null(s);
	free(d);
	return s;
}

static clm_set *build_one(const char *text)
{
	return build_texts(&text, 1, NULL);
}

/* The only mention of a one-sentence document. */
static const clm_mention *only_mention(const clm_set *s)
{
	assert_int_equal(clm_mention_count(s), 1);
	return clm_mention_at(s, 0);
}

static const clm_mention *mention_with(const clm_set *s, const char *const *texts,
				       const char *needle)
{
	for (size_t i = 0; i < clm_mention_count(s); i++) {
		const clm_mention *m = clm_mention_at(s, i);
		const char *t = texts[m->doc];
		size_t nl = strlen(needle);
		for (uint32_t p = m->start; p + nl <= m->end; p++)
			if (!memcmp(t + p, needle, nl))
				return m;
	}
	fail_msg("no mention contains \"%s\"", needle);
	return NULL;
}

static void check_quantity(const char *text, double value, int unit, const char *noun)
{
	clm_set *s = build_one(text);
	const clm_mention *m = only_mention(s);
	bool found = false;
	for (size_t i = 0; i < m->nquantities; i++) {
		const clm_quantity *q = &m->quantities[i];
		if (q->value == value && q->unit == unit) {
			found = true;
			if (noun) {
				assert_non_null(q->noun);
				assert_string_equal(q->noun, noun);
			}
		}
	}
	if (!found)
		fail_msg("%g (unit %d) not found in \"%s\"", value, unit, text);
	clm_set_free(s);
}

/* ---- quantities ---- */

static void test_quantities(void **state)
{
	(void)state;
	check_quantity("Just days earlier, the U.S. Congress had approved a long-delayed $60 "
		       "billion aid package to Ukraine.", 6e10, CLM_UNIT_USD, NULL);
	check_quantity("Kaspersky Lab boasts 400 million users worldwide.", 4e8, CLM_UNIT_COUNT,
		       "user");
	check_quantity("This year, the conference gathered security mandarins from 106 countries.",
		       106, CLM_UNIT_COUNT, "countri");
	check_quantity("In 2024, the company found that 88 percent had targeted telecommunications "
		       "and military industries in Saudi Arabia.", 88, CLM_UNIT_PERCENT, NULL);
	check_quantity("Analysts said 12% of the servers in Canada were affected.", 12,
		       CLM_UNIT_PERCENT, NULL);
	check_quantity("Western Europe and the U.S. accounted for $374 million of the company's "
		       "$633 million in sales in 2016.", 6.33e8, CLM_UNIT_USD, NULL);
	check_quantity("Since 2022, more than 100,000 IT professionals have left Russia.", 1e5,
		       CLM_UNIT_COUNT, NULL);
	check_quantity("In early May six U.S. intelligence chiefs were asked about Kaspersky "
		       "software.", 6, CLM_UNIT_COUNT, NULL);
	check_quantity("Moscow spent 1.5bn roubles on the Kaspersky project.", 1.5e9,
		       CLM_UNIT_RUB, NULL);

	/* "over $650 million": value, currency and the lower bound */
	clm_set *s = build_one("During that year, Kaspersky reported earnings over $650 million.");
	const clm_mention *m = only_mention(s);
	assert_int_equal(m->nquantities, 1);
	assert_true(m->quantities[0].value == 6.5e8);
	assert_int_equal(m->quantities[0].unit, CLM_UNIT_USD);
	assert_int_equal(m->quantities[0].bound, 1);
	assert_string_equal(m->quantities[0].unit_name, "USD");
	clm_set_free(s);

	/* ranges and ordinals: "14th round" is not a quantity, "10 to 20" is one range */
	s = build_one("Europe prepared its 14th round of sanctions against 10 to 20 Russian firms.");
	m = only_mention(s);
	assert_int_equal(m->nquantities, 1);
	assert_true(m->quantities[0].value == 10);
	assert_true(m->quantities[0].value_hi == 20);
	clm_set_free(s);
}

/* ---- dates ---- */

static void test_dates(void **state)
{
	(void)state;
	clm_set *s = build_one("This decision requires American companies to remove Kaspersky "
			       "software from their devices by September 29.");
	const clm_mention *m = only_mention(s);
	assert_int_equal(m->ndates, 1);
	assert_int_equal(m->dates[0].month, 9);
	assert_int_equal(m->dates[0].day, 29);
	assert_int_equal(m->dates[0].year, 0);
	assert_int_equal(m->nquantities, 0); /* 29 is a day, not a count */
	clm_set_free(s);

	s = build_one("Kaspersky is a Moscow-based company that in 2013 ranked sixth in revenue.");
	m = only_mention(s);
	assert_int_equal(m->ndates, 1);
	assert_int_equal(m->dates[0].year, 2013);
	assert_int_equal(m->nquantities, 0); /* a year is not a quantity */
	clm_set_free(s);

	s = build_one("In late April 2024, Nikolai Patrushev chaired a meeting in St. Petersburg.");
	m = only_mention(s);
	assert_int_equal(m->ndates, 1);
	assert_int_equal(m->dates[0].year, 2024);
	assert_int_equal(m->dates[0].month, 4);
	clm_set_free(s);

	/* relative words are not dates; "may" the verb is not May */
	s = build_one("Russian intelligence may have used the software yesterday, Kaspersky said.");
	m = only_mention(s);
	assert_int_equal(m->ndates, 0);
	clm_set_free(s);
}

/* ---- entities ---- */

static const char *entity_norm_of(const clm_mention *m, const char *prefix)
{
	for (size_t i = 0; i < m->nentities; i++)
		if (!strncmp(m->entities[i].norm, prefix, strlen(prefix)))
			return m->entities[i].norm;
	return NULL;
}

static void test_entities(void **state)
{
	(void)state;
	char buf[32];
	assert_int_equal(clmp_fold_name("sergey", 6, buf), 6);
	assert_string_equal(buf, "sergei");
	clmp_fold_name("dmitriy", 7, buf);
	assert_string_equal(buf, "dmitri");
	assert_true(clmp_edit1("kasperky", 8, "kaspersky", 9));
	assert_true(clmp_edit1("kowalczyk", 9, "kovalczyk", 9));
	assert_true(clmp_edit1("naryhskin", 9, "naryshkin", 9)); /* transposition */
	assert_false(clmp_edit1("kaspersky", 9, "kasparov", 8));

	const char *texts[] = {
		"Flanked by Sergei Naryshkin, the head of the SVR, Patrushev informed the "
		"audience. In June 2024, the United States put sanctions on Kaspersky Lab.",
		"The head of the SVR, Sergey Naryshkin, was seated at his right hand. Several "
		"countries have sought to ban software by Kasperky Labs in 2023. Kaspersky "
		"rejected it.",
	};
	clm_set *s = build_texts(texts, 2, NULL);
	const clm_mention *a = mention_with(s, texts, "Sergei");
	const clm_mention *b = mention_with(s, texts, "Sergey");
	const char *na = entity_norm_of(a, "sergei"), *nb = entity_norm_of(b, "sergei");
	assert_non_null(na);
	assert_non_null(nb);
	assert_string_equal(na, nb);
	const clm_mention *k1 = mention_with(s, texts, "Kaspersky Lab.");
	const clm_mention *k2 = mention_with(s, texts, "Kasperky Labs");
	assert_non_null(entity_norm_of(k1, "kaspersky"));
	assert_non_null(entity_norm_of(k2, "kaspersky")); /* misspelt and plural: one key */
	/* "United States" and "U.S." are one entity */
	assert_non_null(entity_norm_of(k1, "us"));
	clm_set_free(s);
}

/* ---- polarity and speaker ---- */

static void test_polarity_speaker(void **state)
{
	(void)state;
	clm_set *s = build_one("Kaspersky Lab denied that the executives have any links to "
			       "Russia's security services.");
	assert_int_equal(only_mention(s)->polarity, CLM_NEGATED);
	clm_set_free(s);
	s = build_one("U.S. intelligence officials said they didn't feel comfortable having "
		      "Kaspersky software on their computers.");
	assert_int_equal(only_mention(s)->polarity, CLM_NEGATED);
	clm_set_free(s);
	s = build_one("A Kaspersky spokesperson told Reuters that the U.S. decision was "
		      "\"unjustified and baseless.\"");
	assert_int_equal(only_mention(s)->polarity, CLM_NEGATED);
	clm_set_free(s);
	s = build_one("Kaspersky Lab confirmed the emails are authentic.");
	assert_int_equal(only_mention(s)->polarity, CLM_AFFIRMED);
	clm_set_free(s);
	s = build_one("This dependence not only compromises Russia's independence but also "
		      "raises alarms in Moscow.");
	assert_int_equal(only_mention(s)->polarity, CLM_AFFIRMED);
	clm_set_free(s);

	s = build_one("\"Kaspersky Lab has always acknowledged that it provides products to "
		      "governments,\" the company said in a statement.");
	assert_non_null(only_mention(s)->speaker);
	assert_string_equal(only_mention(s)->speaker, "company");
	clm_set_free(s);
	s = build_one("Western Europe accounted for $374 million of sales in 2016, according "
		      "to researcher International Data Corp.");
	assert_non_null(only_mention(s)->speaker);
	assert_non_null(strstr(only_mention(s)->speaker, "data"));
	clm_set_free(s);
	s = build_one("The cooperation is contrary to U.S. national security, Treasury officials "
		      "said on Monday.");
	assert_non_null(only_mention(s)->speaker);
	assert_non_null(strstr(only_mention(s)->speaker, "treasury"));
	clm_set_free(s);
}

/* "World War I" and "Elizabeth I" end a name; they are not a first-person "I" that makes
 * a clause a reader's comment (dev-news 072: TIME's "a speech unveiling a monument to
 * Russians who served in World War I." was dropped). "In Moscow I met him" still is. */
static void test_roman_numeral_not_pronoun(void **state)
{
	(void)state;
	const char *yes[] = {
		"Vladimir Putin gave a speech unveiling a monument to Russians who served in "
		"World War I.",
		"Vladimir Putin unveiled a World War I monument in Moscow on Friday.",
	};
	for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
		clm_set *s = build_one(yes[i]);
		if (clm_mention_count(s) != 1)
			fail_msg("no claim in \"%s\"", yes[i]);
		clm_set_free(s);
	}
	clm_set *s = build_one("In Moscow I met Vladimir Putin at the unveiling of a monument.");
	assert_int_equal(clm_mention_count(s), 0);
	clm_set_free(s);
}

/* ---- not claims ---- */

static void test_not_claims(void **state)
{
	(void)state;
	const char *none[] = {
		"Reports about attacks on the North Atlantic Treaty Organization (NATO) and Europe?",
		"Leading Security Software Tied to Russian Mob\n",
		"Leave a Reply\n\nYour email address will not be published. Required fields are "
		"marked *",
		"I think Kaspersky is a great product and you should buy it in 2024.",
		"What better way than to have ties with a major security software company that "
		"has their software on millions of computers around the world, right?",
		"",
		"\x01\xff\xfe binary \x80\x80 junk",
		"the cat sat on the mat and nothing else happened at all.",
		/* page furniture seen on dev-news */
		"Follow Reuters on Twitter for the latest news from the Senate hearing.",
		"Spider burrows through man's appendix scar and crawls under his skin "
		"http://t.co/pbNc9kGcjA pic.twitter.com/DVVTvY5NtC",
		"That puts him at about 26 years old.\u2014 Adam Goldman (@adamgoldmanwp) February "
		"26, 2015",
		"MORE: Google thinks a photoshopped picture of the North Korean leader is his sister.",
		"See more at: http://www.dailystar.com.lb/News/Middle-East/2015/Feb-26/288865",
		"$LAB.queueScript(\"http://platform.twitter.com/widgets.js\").wait(function(){});",
	};
	for (size_t i = 0; i < sizeof none / sizeof none[0]; i++) {
		clm_set *s = build_one(none[i]);
		if (clm_mention_count(s) != 0)
			fail_msg("claim found in \"%s\"", none[i]);
		assert_int_equal(clm_count(s), 0);
		clm_set_free(s);
	}
	/* a very long run-on "sentence" is no claim and does not crash */
	size_t n = 200000;
	char *big = malloc(n + 1);
	for (size_t i = 0; i < n; i++)
		big[i] = (i % 7 == 6) ? ' ' : (char)('A' + i % 26);
	big[n] = 0;
	clm_set *s = build_one(big);
	assert_int_equal(clm_mention_count(s), 0);
	clm_set_free(s);
	free(big);
}

/* "copyright" inside a sentence is news, not a notice (dev-news 100: "Comcast already
 * monitors its customers internet usage to prevent them from downloading pirated media
 * in violation of copyright laws." was dropped as boilerplate); the notices stay out. */
static void test_copyright_word(void **state)
{
	(void)state;
	const char *yes[] = {
		"Internet provider Comcast already monitors its customers internet usage to "
		"prevent them from "
		"downloading pirated media in violation of copyright laws.",
		"Comcast does not terminate customers for violating the Copyright Alert System, "
		"the company said on Monday.",
	};
	for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
		clm_set *s = build_one(yes[i]);
		if (clm_mention_count(s) != 1)
			fail_msg("no claim in \"%s\"", yes[i]);
		clm_set_free(s);
	}
	const char *none[] = {
		"Copyright 2014 The Associated Press, based in New York City since 1846.",
		"\u2014Copyright the Associated Press and Reuters of London and New York.",
		"This article appeared at Reuters. Copyright 2014 Thomson Reuters of London.",
		"Content \u00a9 Copyright 2015 Tribune Media Company of Chicago, Illinois.",
	};
	for (size_t i = 0; i < sizeof none / sizeof none[0]; i++) {
		clm_set *s = build_one(none[i]);
		for (size_t k = 0; k < clm_mention_count(s); k++) {
			const clm_mention *m = clm_mention_at(s, k);
			for (uint32_t p = m->start; p + 9 <= m->end; p++)
				if (!memcmp(none[i] + p, "Copyright", 9))
					fail_msg("notice is a claim in \"%s\"", none[i]);
		}
		clm_set_free(s);
	}
}

/* A quotation of several sentences marks only its first and last: the first person in
 * the middle is the speaker's, not a reader's comment (dev-news 100: "Per our own internal
 * review, ... nor do we employ a Security Assurance team member named Kelly."). A first
 * person outside any quotation stays out, and so does one after the quote is closed. */
static void test_quote_across_sentences(void **state)
{
	(void)state;
	const char *t = "\"The chat room evidence is not accurate,\" Comcast spokesman Charlie "
			"Douglas said on Tuesday. \"We respect customer privacy. We have found no "
			"evidence that Comcast agents held these conversations with Tor users.\"";
	clm_set *s = build_one(t);
	const char *texts[] = {t};
	mention_with(s, texts, "We have found no evidence that Comcast agents");
	clm_set_free(s);
	const char *u = "\"The chat room evidence is not accurate,\" Comcast spokesman Charlie "
			"Douglas said on Tuesday. We have found no evidence that Comcast agents "
			"held these conversations with Tor users.";
	s = build_one(u);
	for (size_t k = 0; k < clm_mention_count(s); k++)
		assert_true(clm_mention_at(s, k)->start < 80);
	clm_set_free(s);
	/* a quote does not run on into the next paragraph */
	const char *w = "\"The chat room evidence is not accurate, Comcast spokesman Charlie "
			"Douglas said on Tuesday.\nWe have found no evidence that Comcast agents "
			"held these conversations with Tor users.";
	s = build_one(w);
	for (size_t k = 0; k < clm_mention_count(s); k++)
		assert_true(clm_mention_at(s, k)->start < 80);
	clm_set_free(s);
}

/* "our" of what a named subject acts on is the organisation's own word, not a reader's
 * (dev-news 100, Comcast's statement: "Comcast doesn't monitor our customer's browser
 * software, web surfing or online history."); "our" with no name as subject, "we", and an
 * imperative ("Follow our live blog") stay comments. */
static void test_our_of_a_name(void **state)
{
	(void)state;
	const char *t = "Internet provider Comcast is based in Philadelphia. Comcast doesn't "
			"monitor our customer's browser software, web surfing or online history.";
	clm_set *s = build_one(t);
	const char *texts[] = {t};
	mention_with(s, texts, "Comcast doesn't monitor our");
	clm_set_free(s);
	const char *none[] = {
		"Internet provider Comcast is based in Philadelphia. Our customers love "
		"Comcast and its Xfinity service in Philadelphia.",
		"Internet provider Comcast is based in Philadelphia. Comcast thinks we love "
		"our Xfinity service in Philadelphia.",
		"Internet provider Comcast is based in Philadelphia. Follow our live blog on "
		"Comcast and Xfinity from Philadelphia.",
	};
	for (size_t i = 0; i < sizeof none / sizeof none[0]; i++) {
		s = build_one(none[i]);
		for (size_t k = 0; k < clm_mention_count(s); k++)
			if (clm_mention_at(s, k)->start > 40)
				fail_msg("comment is a claim in \"%s\"", none[i]);
		clm_set_free(s);
	}
}

/* ---- clustering ignores values and polarity; support counts sources ---- */

static void test_cluster_values_polarity(void **state)
{
	(void)state;
	const char *texts[] = {
		"Kaspersky earned $650 million in revenue in 2013, analysts at Gartner said.",
		"Kaspersky earned $800 million in revenue in 2013, analysts at Gartner said.",
		"The company denied links to the FSB, a Kaspersky spokesperson said.",
		"The company confirmed links to the FSB, a Kaspersky spokesperson said.",
	};
	clm_set *s = build_texts(texts, 4, NULL);
	const clm_mention *a = mention_with(s, texts, "$650");
	const clm_mention *b = mention_with(s, texts, "$800");
	assert_int_equal(a->claim, b->claim);
	assert_true(a->quantities[0].value == 6.5e8);
	assert_true(b->quantities[0].value == 8e8);
	const clm_mention *c = mention_with(s, texts, "denied");
	const clm_mention *d = mention_with(s, texts, "confirmed");
	assert_int_equal(c->claim, d->claim);
	assert_int_equal(c->polarity, CLM_NEGATED);
	assert_int_equal(d->polarity, CLM_AFFIRMED);
	assert_int_not_equal(a->claim, c->claim);
	assert_int_equal(clm_claim_at(s, a->claim)->sources, 2);
	assert_false(clm_claim_at(s, a->claim)->single_source);
	clm_set_free(s);
}

static void test_sources(void **state)
{
	(void)state;
	const char *texts[] = {
		"In October 2017, Russian hackers stole classified documents from the National "
		"Security Agency using Kaspersky software.",
		"In October 2017, Russian hackers stole classified documents from the National "
		"Security Agency using Kaspersky software.",
		"Kaspersky Lab was founded in 1997 in Moscow.",
	};
	uint32_t groups[] = {7, 7, 9}; /* docs 0 and 1 are one source (a copy) */
	clm_set *s = build_texts(texts, 3, groups);
	assert_int_equal(clm_count(s), 2);
	const clm_claim *c0 = clm_claim_at(s, 0);
	assert_int_equal(c0->ndocs, 2);
	assert_int_equal(c0->sources, 1);
	assert_true(c0->single_source);
	assert_int_equal(clm_doc_source(s, 0), 1);
	assert_int_equal(clm_doc_source(s, 1), 1);
	assert_int_equal(clm_doc_source(s, 2), 2);
	const uint32_t *ids;
	assert_int_equal(clm_doc_single_source(s, 1, &ids), 1);
	assert_int_equal(ids[0], 0);
	uint32_t *sh;
	assert_int_equal(clm_pair_shared(s, 0, 1, &sh), 1);
	free(sh);
	assert_int_equal(clm_pair_shared(s, 0, 2, &sh), 0);
	assert_null(sh);

	/* the report parts */
	clm_doc docs[3];
	memset(docs, 0, sizeof docs);
	const char *ids_s[] = {"a", "b", "c"};
	for (int i = 0; i < 3; i++) {
		docs[i].id = ids_s[i];
		docs[i].text = (const uint8_t *)texts[i];
		docs[i].nbytes = strlen(texts[i]);
	}
	json_t *arr = rpt_claims_json(s, docs, 3);
	assert_int_equal(json_array_size(arr), 2);
	json_t *c = json_array_get(arr, 0);
	assert_string_equal(json_string_value(json_object_get(c, "id")), "C1");
	assert_int_equal(json_integer_value(json_object_get(c, "sources")), 1);
	assert_true(json_is_true(json_object_get(c, "single_source")));
	json_t *ms = json_object_get(c, "mentions");
	assert_int_equal(json_array_size(ms), 2);
	json_t *m1 = json_array_get(ms, 1);
	assert_string_equal(json_string_value(json_object_get(m1, "doc")), "b");
	assert_int_equal(json_integer_value(json_object_get(m1, "start")), 0);
	assert_string_equal(json_string_value(json_object_get(m1, "text")), texts[1]);
	json_t *key = json_object_get(c, "key");
	assert_true(json_is_array(json_object_get(key, "stems")));
	assert_string_equal(json_string_value(json_object_get(key, "polarity")), "affirmed");
	assert_string_equal(json_string_value(json_array_get(json_object_get(key, "dates"), 0)),
			    "2017-10");
	json_decref(arr);
	json_t *doc = json_object();
	assert_int_equal(rpt_doc_claims_add(doc, s, 2), 0);
	assert_int_equal(json_integer_value(json_object_get(doc, "claims")), 1);
	assert_string_equal(json_string_value(json_object_get(doc, "source")), "S2");
	assert_string_equal(
		json_string_value(json_array_get(json_object_get(doc, "single_source_claims"), 0)),
		"C2");
	json_decref(doc);
	json_t *p = rpt_pair_shared_claims_json(s, 0, 1);
	assert_string_equal(json_string_value(json_array_get(p, 0)), "C1");
	json_decref(p);
	size_t nc, nsh, nsi;
	rpt_claims_summary(s, &nc, &nsh, &nsi);
	assert_int_equal(nc, 2);
	assert_int_equal(nsh, 0);
	assert_int_equal(nsi, 2);
	clm_set_free(s);

	/* empty input */
	clm_set *e0 = NULL;
	assert_int_equal(clm_build(NULL, NULL, 0, NULL, &e0, NULL), 0);
	assert_int_equal(clm_count(e0), 0);
	clm_set_free(e0);
	clm_opts bad = {.stem = true, .threshold = 2.0};
	err_ctx e;
	assert_int_equal(clm_build(&bad, docs, 3, NULL, &e0, &e), OVL_EUSAGE);
}

/* Index of mention m in s. */
static size_t mention_index(const clm_set *s, const clm_mention *m)
{
	return (size_t)(m - clm_mention_at(s, 0));
}

/* Value features (a figure at its stated precision and one digit coarser, claim_keys.c)
 * mentions i and j share. */
static size_t shared_values(const clm_set *s, size_t i, size_t j)
{
	const clm_moff *a = &s->moff[i], *b = &s->moff[j];
	size_t x = 0, y = 0, n = 0;
	while (x < a->nf && y < b->nf) {
		uint64_t fa = s->feat[a->f0 + x], fb = s->feat[b->f0 + y];
		if (fa < fb) {
			x++;
		} else if (fa > fb) {
			y++;
		} else {
			n += clmc_feature_is_value(fa);
			x++;
			y++;
		}
	}
	return n;
}

/* One fact in other words: WordNet synonyms and derivations of its words count as shared
 * (lex_concepts), so the paraphrase scores above a sentence with the same shared words and
 * unrelated ones in their place, and joins its claim. */
static void test_cluster_concepts(void **state)
{
	(void)state;
	static const char *const t[] = {
		"The infant vanished from the Kelmarsh clinic after a physician left the ward.",
		"The baby disappeared from the Kelmarsh clinic after a doctor left the ward.",
		"The pony galloped from the Kelmarsh clinic after a plumber left the ward.",
	};
	clm_set *s = build_texts(t, 3, NULL);
	size_t a = mention_index(s, mention_with(s, t, "infant")),
	       b = mention_index(s, mention_with(s, t, "baby")),
	       c = mention_index(s, mention_with(s, t, "pony"));
	double ab = clm_mention_similarity(s, a, b), ac = clm_mention_similarity(s, a, c);
	assert_true(ab > ac + 0.1);
	assert_int_equal(clm_mention_at(s, a)->claim, clm_mention_at(s, b)->claim);
	clm_set_free(s);
}

/* Figures agree within their stated rounding: "up to 400" and "398", "about 60,000" and
 * "55,000"; not "400" and "450", nor "60,000" and "50,000". */
static void test_value_rounding(void **state)
{
	(void)state;
	static const char *const t[] = {
		"Up to 400 militants were killed in the Kelmarsh offensive, officials said.",
		"The Kelmarsh offensive killed 398 militants, officials said.",
		"The Kelmarsh offensive killed 450 militants, officials said.",
		"The Kelmarsh offensive killed 398 militants in all, officials said.",
		"Ostrava Steel will cut about 60,000 jobs, its union said.",
		"Ostrava Steel will cut 55,000 jobs, its union said.",
		"Ostrava Steel will cut 50,000 jobs, its union said.",
	};
	clm_set *s = build_texts(t, 7, NULL);
	size_t m400 = mention_index(s, mention_with(s, t, "Up to 400")),
	       m398 = mention_index(s, mention_with(s, t, "killed 398 militants,")),
	       m450 = mention_index(s, mention_with(s, t, "450")),
	       m398b = mention_index(s, mention_with(s, t, "398 militants in all")),
	       m60k = mention_index(s, mention_with(s, t, "60,000")),
	       m55k = mention_index(s, mention_with(s, t, "55,000")),
	       m50k = mention_index(s, mention_with(s, t, "50,000"));
	assert_int_equal(shared_values(s, m400, m398), 1);
	assert_int_equal(shared_values(s, m400, m450), 0);
	assert_int_equal(shared_values(s, m398, m398b), 2); /* 398 and 400, counted once */
	assert_int_equal(shared_values(s, m60k, m55k), 1);
	assert_int_equal(shared_values(s, m60k, m50k), 0);
	assert_int_equal(shared_values(s, m55k, m50k), 0);
	clm_set_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quantities),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_entities),
		cmocka_unit_test(test_polarity_speaker),
		cmocka_unit_test(test_roman_numeral_not_pronoun),
		cmocka_unit_test(test_not_claims),
		cmocka_unit_test(test_copyright_word),
		cmocka_unit_test(test_quote_across_sentences),
		cmocka_unit_test(test_our_of_a_name),
		cmocka_unit_test(test_cluster_values_polarity),
		cmocka_unit_test(test_sources),
		cmocka_unit_test(test_cluster_concepts),
		cmocka_unit_test(test_value_rounding),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
