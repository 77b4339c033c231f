/* test_topic.c - topical similarity and stories: named entities are found, candidate
 * scoring agrees with exact all-pairs scoring on every strong pair (and neither pairs a
 * document that repeats a key with itself), stories recover planted
 * topics, a bridge article does not chain two topics into one story, two stories about
 * one subject stay two, a short item joins the closer of two stories by centroid, a corpus of
 * one topic keeps its weakly linked article (but not when another topic is in it), lead
 * words weigh more, and tpc_doc_scan gives the terms of the token-list path. */
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
	/* a caller's document that repeats a key (tpc_doc_terms never does): no pair of it
	 * with itself in either mode */
	tpc_doc *d0 = &docs[0];
	d0->v = xrealloc(d0->v, (d0->n + 2) * sizeof *d0->v);
	d0->v[d0->n] = d0->v[0];
	d0->v[d0->n + 1] = d0->v[1];
	d0->n += 2;
	for (size_t mode = 0; mode < 2; mode++) {
		tpc_result *dup = NULL;
		o.exact_max = mode ? 0 : 5000;
		assert_int_equal(tpc_run(docs, N, &o, &dup), 0);
		for (size_t i = 0; i < dup->npairs; i++)
			assert_true(dup->pairs[i].a < dup->pairs[i].b);
		assert_int_equal(dup->exact, mode == 0);
		tpc_result_free(dup);
	}
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


/* A short item (a few words of one topic, fewer of another) joins, by centroid, the core
 * whose words it holds most of, among the cores it is linked to; without attachment it
 * stays a story alone, so the join is attachment's doing. */
static void test_short_item_attaches(void **state)
{
	(void)state;
	stem_ctx *st = stem_new();
	enum { T = 3, PER = 8, N = T * PER + 1 };
	tpc_doc docs[N];
	memset(docs, 0, sizeof docs);
	build(st, docs, T, PER, false);
	char text[1024] = "", w[32], prefix[8];
	/* words 0-7 of topic 1 and 0-1 of topic 0 */
	for (unsigned t = 0; t < 2; t++)
		for (unsigned i = 0; i < (t ? 8u : 2u); i++) {
			word(prefix, "q", t);
			strcat(prefix, "z");
			word(w, prefix, i);
			strcat(text, w);
			strcat(text, " ");
		}
	/* words of no other document: pairwise scores fall under the cut, the centroids'
	 * cosine stays over the attach bar */
	for (unsigned i = 0; i < 4; i++) {
		word(w, "solo", i);
		strcat(text, w);
		strcat(text, " ");
	}
	terms_of(st, text, &docs[N - 1]);
	tpc_opts o = tpc_opts_default();
	o.attach = 0;
	tpc_result *r = NULL;
	assert_int_equal(tpc_run(docs, N, &o, &r), 0);
	assert_int_equal(r->stories[r->story[N - 1]].ndocs, 1);
	bool linked[T] = { false };
	for (size_t i = 0; i < r->npairs; i++)
		if (r->pairs[i].b == N - 1)
			linked[r->pairs[i].a / PER] = true;
	assert_true(linked[0] && linked[1]); /* both cores are candidates */
	tpc_result_free(r);
	/* a bar between the item's pairwise scores and its centroid cosine with topic 1 (the
	 * planted topics are flatter than news: one article holds most of its topic's words) */
	o = tpc_opts_default();
	o.attach = 0.15;
	for (unsigned threads = 1; threads <= 2; threads++) {
		o.threads = threads;
		assert_int_equal(tpc_run(docs, N, &o, &r), 0);
		assert_int_equal(r->story[N - 1], r->story[PER]);
		assert_int_not_equal(r->story[N - 1], r->story[0]);
		assert_int_equal(r->stories[r->story[N - 1]].ndocs, PER + 1);
		tpc_result_free(r);
	}
	o.attach = 0.6; /* over the bar of every core: alone */
	assert_int_equal(tpc_run(docs, N, &o, &r), 0);
	assert_int_equal(r->stories[r->story[N - 1]].ndocs, 1);
	tpc_result_free(r);
	for (size_t i = 0; i < N; i++)
		tpc_doc_clear(&docs[i]);
	stem_free(st);
}

/* Two rumours about one film, as a news desk sees them: which actor plays the inventor
 * (story A) and which actress plays his wife (story B). Story A's articles name the film,
 * its director, writer and studio, and story B's articles name the film, the studio and the
 * inventor: the subject is shared, the event is not. Written for this test in the style of the dev-news
 * film rumours (the Christian Bale / Seth Rogen ones merge on dev-news). */
static const char *const film_a[] = {
	"Daniel Creer is in talks to play inventor Edwin Harrow in Northlight Pictures' "
	"upcoming biopic, according to trade reports. Director Lena Voss and screenwriter "
	"Tomas Brandt are said to have wanted Creer from the start. The film follows Harrow's "
	"rise from a railway workshop to the engine that made his name. Northlight declined "
	"to comment. Filming is expected to begin in the spring in Manchester.\n",
	"It's official: Daniel Creer will star as Edwin Harrow. Screenwriter Tomas Brandt "
	"confirmed the casting in an interview on Tuesday, saying Creer did not even have to "
	"audition for the part. \"We needed an actor who could carry three long scenes, and "
	"that is Danny,\" Brandt said. Lena Voss directs the Northlight Pictures biopic, which "
	"is based on a best-selling biography of the inventor.\n",
	"Daniel Creer has closed a deal to portray Edwin Harrow, sources say, ending months of "
	"speculation over who would lead the biopic. Creer was on a short list that once "
	"included several other stars, but Voss is said to have insisted on him. Brandt's "
	"script covers the twenty years in which Harrow built his engine. Northlight Pictures "
	"hopes to release the film next winter.\n",
	"Reports that Daniel Creer would take the role of Edwin Harrow were confirmed this "
	"week: Creer signed to play the inventor after a meeting with director Lena Voss. The "
	"biopic, written by Tomas Brandt for Northlight Pictures, is one of the studio's big "
	"bets of the year. Creer is expected to lose weight for the part.\n",
};
static const char *const film_b[] = {
	"Sofia Marek is in early talks to join the cast as Clara Harrow, the inventor's wife, "
	"in the biopic from Northlight Pictures. Marek, best known for stage work in Prague, "
	"would be the first actress cast. Neither Marek's agents nor the studio would comment "
	"on the report.\n",
	"Czech actress Sofia Marek has been offered the part of Clara, sources confirm. Marek "
	"would play the wife who kept the workshop's books and wrote the letters the film "
	"draws on for the Northlight Pictures film. Marek recently finished a run at the "
	"National Theatre.\n",
	"Sofia Marek is the studio's first choice for Clara Harrow, according to a report on "
	"Thursday: Northlight Pictures wants the Prague stage actress, whose screen work is "
	"little known, for the role of the inventor's wife. Her letters are the basis of much "
	"of the script.\n",
};

static void test_same_subject_two_stories(void **state)
{
	(void)state;
	stem_ctx *st = stem_new();
	enum { NA = sizeof film_a / sizeof *film_a, NB = sizeof film_b / sizeof *film_b,
	       N = NA + NB };
	tpc_doc docs[N];
	memset(docs, 0, sizeof docs);
	for (size_t i = 0; i < NA; i++)
		terms_of(st, film_a[i], &docs[i]);
	for (size_t i = 0; i < NB; i++)
		terms_of(st, film_b[i], &docs[NA + i]);
	tpc_opts o = tpc_opts_default();
	tpc_result *r = NULL;
	assert_int_equal(tpc_run(docs, N, &o, &r), 0);
	for (size_t i = 1; i < NA; i++)
		assert_int_equal(r->story[i], r->story[0]);
	for (size_t i = 1; i < NB; i++)
		assert_int_equal(r->story[NA + i], r->story[NA]);
	assert_int_not_equal(r->story[0], r->story[NA]);
	tpc_result_free(r);
	for (size_t i = 0; i < N; i++)
		tpc_doc_clear(&docs[i]);
	stem_free(st);
}

/* Text of nstory words of a story (prefix story, words from 0) and nown words of the
 * document's own (prefix own): letters-only pseudo-words, into d. */
static void story_doc(stem_ctx *st, const char *story, unsigned nstory, const char *own,
		      unsigned nown, tpc_doc *d)
{
	char text[4096] = "", w[32];
	for (unsigned i = 0; i < nstory + nown; i++) {
		word(w, i < nstory ? story : own, i < nstory ? i : i - nstory);
		strcat(text, w);
		strcat(text, " ");
	}
	terms_of(st, text, d);
}

/* A corpus of one topic: five articles share 20 story words, a sixth holds 8 of them and
 * words of its own (another angle, as the short or odd reports of a rumour do). Its scores
 * with the five stay under the cut and its centroid cosine under the attach bar, yet it is
 * one story with them; not when three articles of another topic are in the corpus, and
 * never an article that shares only two of the story's words. */
static void test_one_topic_corpus(void **state)
{
	(void)state;
	stem_ctx *st = stem_new();
	enum { CORE = 5, N = CORE + 1 + 3 };
	tpc_doc docs[N];
	memset(docs, 0, sizeof docs);
	char own[16];
	for (unsigned k = 0; k < CORE; k++) {
		word(own, "ownz", k);
		strcat(own, "z");
		story_doc(st, "storyz", 20, own, 30, &docs[k]);
	}
	story_doc(st, "storyz", 8, "weakz", 25, &docs[CORE]);
	for (unsigned k = 0; k < 3; k++) {
		word(own, "elsez", k);
		strcat(own, "z");
		story_doc(st, "otherz", 20, own, 30, &docs[CORE + 1 + k]);
	}
	tpc_opts o = tpc_opts_default();
	tpc_result *r = NULL;
	for (unsigned attach = 0; attach < 2; attach++) {
		o.attach = attach ? tpc_opts_default().attach : 0;
		assert_int_equal(tpc_run(docs, CORE + 1, &o, &r), 0);
		for (size_t i = 0; i < r->npairs; i++)
			if (r->pairs[i].b == CORE)
				assert_true(r->pairs[i].sim < o.story_cut);
		assert_int_equal(r->nstories, 1);
		tpc_result_free(r);
	}
	/* three articles of another topic: several topics, nothing joins */
	o = tpc_opts_default();
	assert_int_equal(tpc_run(docs, N, &o, &r), 0);
	assert_int_equal(r->stories[r->story[CORE]].ndocs, 1);
	assert_int_equal(r->stories[r->story[0]].ndocs, CORE);
	assert_int_equal(r->stories[r->story[CORE + 1]].ndocs, 3);
	tpc_result_free(r);
	/* an article that shares two story words is about something else */
	tpc_doc_clear(&docs[CORE]);
	memset(&docs[CORE], 0, sizeof docs[CORE]);
	story_doc(st, "storyz", 2, "weakz", 31, &docs[CORE]);
	assert_int_equal(tpc_run(docs, CORE + 1, &o, &r), 0);
	assert_int_equal(r->nstories, 2);
	assert_int_equal(r->stories[r->story[CORE]].ndocs, 1);
	tpc_result_free(r);
	for (size_t i = 0; i < N; i++)
		tpc_doc_clear(&docs[i]);
	stem_free(st);
}

/* tpc_doc_scan gives exactly the terms of tok_run + stem_keys + tpc_doc_terms. */
static void assert_scan_same(stem_ctx *st, tpc_scan *sc, const char *text, size_t n)
{
	tpc_doc a = { 0 }, b = { 0 };
	tok_list t = { 0 };
	assert_int_equal(tok_run((const uint8_t *)text, n, &t), 0);
	uint64_t *keys = xcalloc(t.n ? t.n : 1, sizeof *keys);
	stem_keys(st, &t, keys);
	assert_int_equal(tpc_doc_terms(&t, keys, (const uint8_t *)text, n, st, &a), 0);
	assert_int_equal(tpc_doc_scan(sc, st, (const uint8_t *)text, n, &b), 0);
	assert_int_equal(a.n, b.n);
	for (size_t i = 0; i < a.n; i++) {
		assert_true(a.v[i].key == b.v[i].key);
		assert_int_equal(a.v[i].tf, b.v[i].tf);
		assert_int_equal(a.v[i].entity, b.v[i].entity);
		assert_int_equal(a.v[i].lead, b.v[i].lead);
		assert_int_equal(a.v[i].name_len, b.v[i].name_len);
		assert_memory_equal(a.names + a.v[i].name_off, b.names + b.v[i].name_off,
				    a.v[i].name_len);
	}
	free(keys);
	tok_list_free(&t);
	tpc_doc_clear(&a);
	tpc_doc_clear(&b);
}

static void test_scan_matches_terms(void **state)
{
	(void)state;
	stem_ctx *st = stem_new();
	tpc_scan *sc = tpc_scan_new();
	static const char *const texts[] = {
		"",
		"a",
		"The Mayor of Old Harbour, Elena Brandt, said: \"No.\" Brandt left.",
		"Caf\xc3\xa9 owner Jos\xc3\xa9 Mart\xc3\xadnez told Reuters\xe2\x80\x99 reporter "
		"\xe2\x80\x9cWe\xe2\x80\x99re closed\xe2\x80\x9d on Monday. \xe5\x8c\x97\xe4\xba\xac news.",
		"ALL CAPS HEADLINE HERE then Normal Words And Names Like New York City Hall Today",
		"x1 2x 3rd COVID-19 F-16s U.S. officials; e-mail\tTabs\nNew Lines\r\nEnd",
		"Antidisestablishmentarianism pneumonoultramicroscopicsilicovolcanoconiosis and "
		"Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa "
		"Sixteen-letters sixteenletterswo seventeenletterss",
		"Invalid \xff\xfe bytes \xc3 in Text \xe2\x80 here",
		"Na\xc3\xafve co\xc3\xb6perate \xc3\x89mile Zola \xc3\x85ngstr\xc3\xb6m",
	};
	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
		assert_scan_same(st, sc, texts[i], strlen(texts[i]));
	for (size_t i = 0; i < sizeof film_a / sizeof *film_a; i++)
		assert_scan_same(st, sc, film_a[i], strlen(film_a[i]));
	/* a text ending inside a word, and every prefix of a mixed one */
	const char *mixed = texts[3];
	for (size_t n = 0; n <= strlen(mixed); n++)
		assert_scan_same(st, sc, mixed, n);
	/* long random texts of mixed pieces: the 64-byte block path of tok_word_spans, words
	 * cut by block ends, plain words beside non-ASCII ones, repeats within a document */
	static const char *const pieces[] = {
		" ", "  ", ", ", ". ", "\n", "-", "'", "The", "the", "Mayor", "of", "Old", "Harbour",
		"said", "a", "I", "x1", "2024", "COVID", "19", "New", "York", "City", "Hall",
		"Caf\xc3\xa9", "\xe2\x80\x99", "\xe2\x80\x9c", "Jos\xc3\xa9", "\xe5\x8c\x97\xe4\xba\xac",
		"\xff", "\xc3", "Antidisestablishmentarianism", "sixteenletterswo", "Reuters",
		"running", "runs", "Elena", "Brandt", "\xc3\x89mile", "e\xcc\x81", "U", "S",
	};
	char buf[2048];
	uint64_t rnd = 0x243f6a8885a308d3ull;
	for (unsigned t = 0; t < 300; t++) {
		size_t n = 0;
		while (n < sizeof buf - 64) {
			rnd = rnd * 6364136223846793005ull + 1442695040888963407ull;
			const char *pc = pieces[(rnd >> 33) % (sizeof pieces / sizeof *pieces)];
			size_t len = strlen(pc);
			memcpy(buf + n, pc, len);
			n += len;
			if ((rnd >> 20) % 3)
				buf[n++] = ' ';
			if ((rnd >> 40) % 97 == 0)
				break;
		}
		assert_scan_same(st, sc, buf, n);
	}
	assert_int_equal(tpc_doc_scan(NULL, st, (const uint8_t *)"x", 1, &(tpc_doc){ 0 }),
			 OVL_EUSAGE);
	tpc_scan_free(sc);
	tpc_scan_free(NULL);
	stem_free(st);
}


/* Text of 80 pseudo-words: the first 40 (the lead) are `lead` words 0..4 then unique ones,
 * the last 40 are `body` words 0..4 then unique ones (prefix NULL: all unique). */
static void lead_body_doc(char *out, size_t cap, const char *lead, const char *body,
			  unsigned id)
{
	size_t n = 0;
	char w[32], pre[16];
	for (unsigned k = 0; k < 80; k++) {
		const char *shared = k < 40 ? lead : body;
		unsigned i = k % 40;
		if (shared && i < 5) {
			word(w, shared, i);
		} else {
			snprintf(pre, sizeof pre, "u%cx", 'a' + id);
			word(w, pre, k);
		}
		n += (size_t)snprintf(out + n, cap - n, "%s ", w);
	}
}

/* Words an article opens with weigh more than words it only has further down: an article
 * sharing five lead words is closer than one sharing five body words. */
static void test_lead_weighs_more(void **state)
{
	(void)state;
	stem_ctx *st = stem_new();
	char x[2048], y[2048], z[2048];
	lead_body_doc(x, sizeof x, "evz", "sbz", 0);  /* event in the lead, subject below */
	lead_body_doc(y, sizeof y, "evz", NULL, 1);   /* the same event in its lead */
	lead_body_doc(z, sizeof z, NULL, "sbz", 2);   /* only the subject, below */
	tpc_doc docs[3];
	memset(docs, 0, sizeof docs);
	terms_of(st, x, &docs[0]);
	terms_of(st, y, &docs[1]);
	terms_of(st, z, &docs[2]);
	size_t nlead = 0;
	for (size_t i = 0; i < docs[0].n; i++)
		nlead += docs[0].v[i].lead;
	assert_true(nlead >= 35 && nlead <= 40); /* 40 words, a few may share a stem */
	tpc_opts o = tpc_opts_default();
	o.pair_min = 0;
	tpc_result *r = NULL;
	assert_int_equal(tpc_run(docs, 3, &o, &r), 0);
	double xy = tpc_sim(r, 0, 1), xz = tpc_sim(r, 0, 2);
	assert_true(xz > 0);
	assert_true(xy > 1.5 * xz);
	tpc_result_free(r);
	for (size_t i = 0; i < 3; i++)
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

/* A story's label names each thing once: a word that is another form of one shown
 * ("Nigeria" after "Nigerian") is skipped, and a two-word name takes the place of its single
 * word shown before ("Shekau" becomes "Abubakar Shekau"). */
static void test_label_forms(void **state)
{
	(void)state;
	static const char *const texts[] = {
		"Nigerian officials said Shekau agreed to a ceasefire. The Nigerian army said Nigeria "
		"would free prisoners. Shekau, the Boko Haram leader, denied it. Abubakar Shekau "
		"spoke in a video from Chibok. Later Shekau laughed, and Shekau left.",
		"Shekau appeared in a new video. Nigerian troops in Nigeria doubt the ceasefire. "
		"Then Shekau said the Chibok schoolgirls were married. Nigerian parents wept as "
		"Shekau spoke.",
		"The Nigerian government said talks with Shekau went on. Abubakar Shekau mocked "
		"Nigeria and its Nigerian president. Chibok families wait for the ceasefire. So "
		"Shekau waits.",
		"A ceasefire with Shekau was announced by Nigerian officials, while Nigeria's "
		"army fought on. Yet Shekau did not confirm it. Chibok girls remain captive, and "
		"Shekau is silent.",
	};
	enum { N = 4 };
	stem_ctx *st = stem_new();
	tpc_doc docs[N];
	memset(docs, 0, sizeof docs);
	for (size_t i = 0; i < N; i++)
		terms_of(st, texts[i], &docs[i]);
	tpc_opts o = tpc_opts_default();
	tpc_result *r = NULL;
	assert_int_equal(tpc_run(docs, N, &o, &r), 0);
	assert_int_equal(r->nstories, 1);
	const char *label = r->stories[0].label;
	print_message("label: %s\n", label);
	/* the label's entries, comma separated */
	bool nigerian = false, nigeria = false, full = false, lone = false;
	for (const char *p = label; *p;) {
		const char *e = strstr(p, ", ");
		size_t n = e ? (size_t)(e - p) : strlen(p);
		nigerian |= n == 8 && !strncmp(p, "Nigerian", 8);
		nigeria |= n == 7 && !strncmp(p, "Nigeria", 7);
		full |= n == 15 && !strncmp(p, "Abubakar Shekau", 15);
		lone |= n == 6 && !strncmp(p, "Shekau", 6);
		p += n + (e ? 2 : 0);
	}
	assert_true(nigerian || nigeria);
	assert_false(nigerian && nigeria);
	assert_true(full);
	assert_false(lone);
	tpc_result_free(r);
	for (size_t i = 0; i < N; i++)
		tpc_doc_clear(&docs[i]);
	stem_free(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_entities),
		cmocka_unit_test(test_candidates_match_exact),
		cmocka_unit_test(test_stories_resist_chaining),
		cmocka_unit_test(test_short_item_attaches),
		cmocka_unit_test(test_same_subject_two_stories),
		cmocka_unit_test(test_one_topic_corpus),
		cmocka_unit_test(test_scan_matches_terms),
		cmocka_unit_test(test_lead_weighs_more),
		cmocka_unit_test(test_bad_args),
		cmocka_unit_test(test_label_forms),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
