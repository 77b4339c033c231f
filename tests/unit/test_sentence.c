/* test_sentence.c - sentence segmentation on hard news-style cases and on the corpus.
 *
 * Each case lists the expected sentences (exact trimmed text) and kinds
 * (T text, H heading, B bullet, Q question). Corpus checks: known abbreviations never end
 * a sentence, headings and bullets are found, spans are trimmed, ordered and cover every
 * non-space byte (for articles without bullet markers). Hostile input: spans stay valid.
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

#include "overlap/sentence.h"

#ifndef OVL_SOURCE_ROOT
#define OVL_SOURCE_ROOT "."
#endif

static bool is_ws(uint8_t c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

/* Structural invariants every result must satisfy. */
static void check_spans(const uint8_t *s, size_t n, const sent *v, size_t k)
{
	for (size_t i = 0; i < k; i++) {
		assert_true(v[i].start < v[i].end);
		assert_true(v[i].end <= n);
		assert_true(i == 0 || v[i - 1].end <= v[i].start);
		assert_false(is_ws(s[v[i].start]));
		assert_false(is_ws(s[v[i].end - 1]));
		assert_true(v[i].kind <= SENT_QUESTION);
	}
}

struct sent_case {
	const char *in;
	const char *want[8];
	const char *kinds; /* one letter per sentence, or NULL */
};

static const struct sent_case cases[] = {
	/* abbreviations */
	{ "He arrived in St. Petersburg on Monday. The talks began.",
	  { "He arrived in St. Petersburg on Monday.", "The talks began." }, "TT" },
	{ "Just days earlier, the U.S. Congress approved a $60 billion aid package. Europe waited.",
	  { "Just days earlier, the U.S. Congress approved a $60 billion aid package.", "Europe waited." }, "TT" },
	{ "Mr. Smith met Mrs. Jones and Dr. Brown. They talked.",
	  { "Mr. Smith met Mrs. Jones and Dr. Brown.", "They talked." }, "TT" },
	{ "John F. Kennedy was president. He was shot in 1963.",
	  { "John F. Kennedy was president.", "He was shot in 1963." }, "TT" },
	{ "J. R. R. Tolkien wrote books. He died in 1973.",
	  { "J. R. R. Tolkien wrote books.", "He died in 1973." }, "TT" },
	{ "Kaspersky Lab Inc. The company denied it.",
	  { "Kaspersky Lab Inc.", "The company denied it." }, "TT" },
	{ "Apple Inc. shares rose. Analysts cheered.",
	  { "Apple Inc. shares rose.", "Analysts cheered." }, "TT" },
	{ "Kaspersky Lab Inc. Chief Executive Eugene Kaspersky said so.",
	  { "Kaspersky Lab Inc. Chief Executive Eugene Kaspersky said so." }, "T" },
	{ "He left the U.S. In 2020 he returned.",
	  { "He left the U.S.", "In 2020 he returned." }, "TT" },
	{ "Sanctions on the U.S. Treasury list grew.",
	  { "Sanctions on the U.S. Treasury list grew." }, "T" },
	{ "He moved to the U.K. in 2019. It rained.",
	  { "He moved to the U.K. in 2019.", "It rained." }, "TT" },
	{ "The U.K. Foreign Office and the U.N. Security Council agreed.",
	  { "The U.K. Foreign Office and the U.N. Security Council agreed." }, "T" },
	{ "Apples, pears, etc. are fruit. Bananas too.",
	  { "Apples, pears, etc. are fruit.", "Bananas too." }, "TT" },
	{ "He bought apples, pears, etc. The shop closed.",
	  { "He bought apples, pears, etc.", "The shop closed." }, "TT" },
	{ "Fruit, e.g. apples, i.e. red ones, sold well. Prices fell.",
	  { "Fruit, e.g. apples, i.e. red ones, sold well.", "Prices fell." }, "TT" },
	{ "Kaspersky vs. Microsoft was a case. It ended.",
	  { "Kaspersky vs. Microsoft was a case.", "It ended." }, "TT" },
	{ "It happened at 5 p.m. The police came.",
	  { "It happened at 5 p.m.", "The police came." }, "TT" },
	{ "It happened at 5 p.m. Eastern time on Jan. 5, 2024.",
	  { "It happened at 5 p.m. Eastern time on Jan. 5, 2024." }, "T" },
	{ "No. 5 was chosen. He said no. Then he left.",
	  { "No. 5 was chosen.", "He said no.", "Then he left." }, "TTT" },
	{ "Gen. Mark Milley spoke. Sen. Marco Rubio asked. Gov. Smith and Prof. Lee left.",
	  { "Gen. Mark Milley spoke.", "Sen. Marco Rubio asked.", "Gov. Smith and Prof. Lee left." }, "TTT" },
	{ "Ph.D. students protested. They won.",
	  { "Ph.D. students protested.", "They won." }, "TT" },
	{ "Acme Corp. and Foo Ltd. merged in Sept. 2001 with Bar Co. Officials said so.",
	  { "Acme Corp. and Foo Ltd. merged in Sept. 2001 with Bar Co.", "Officials said so." }, "TT" },
	/* numbers and money */
	{ "Shares rose 1.5 percent to $3.14. Analysts were surprised.",
	  { "Shares rose 1.5 percent to $3.14.", "Analysts were surprised." }, "TT" },
	{ "Inflation hit 3.14% in 2024. It was 2.5. Then it fell.",
	  { "Inflation hit 3.14% in 2024.", "It was 2.5.", "Then it fell." }, "TTT" },
	{ "Revenue was $633 million in 2016. That was up 10 percent.",
	  { "Revenue was $633 million in 2016.", "That was up 10 percent." }, "TT" },
	/* quotes */
	{ "He said \"no.\" Then he left.",
	  { "He said \"no.\"", "Then he left." }, "TT" },
	{ "She said \xE2\x80\x9Cwe will win.\xE2\x80\x9D Nobody believed her.",
	  { "She said \xE2\x80\x9Cwe will win.\xE2\x80\x9D", "Nobody believed her." }, "TT" },
	{ "He told me, \xE2\x80\x9CShe said \xE2\x80\x98go.\xE2\x80\x99\xE2\x80\x9D We went.",
	  { "He told me, \xE2\x80\x9CShe said \xE2\x80\x98go.\xE2\x80\x99\xE2\x80\x9D", "We went." }, "TT" },
	{ "\xE2\x80\x9CWhy?\xE2\x80\x9D she asked. \xE2\x80\x9C" "Because.\xE2\x80\x9D",
	  { "\xE2\x80\x9CWhy?\xE2\x80\x9D she asked.", "\xE2\x80\x9C" "Because.\xE2\x80\x9D" }, "TT" },
	{ "He asked, \xE2\x80\x9CIs it safe?\xE2\x80\x9D Nobody answered.",
	  { "He asked, \xE2\x80\x9CIs it safe?\xE2\x80\x9D", "Nobody answered." }, "QT" },
	{ "\"Stop!\" he shouted. She stopped.",
	  { "\"Stop!\" he shouted.", "She stopped." }, "TT" },
	{ "He agreed (reluctantly). Then he signed. (This was denied.) The firm moved on.",
	  { "He agreed (reluctantly).", "Then he signed.", "(This was denied.)", "The firm moved on." }, "TTTT" },
	{ "Russia\xE2\x80\x99s Security Council met. Patrushev spoke.",
	  { "Russia\xE2\x80\x99s Security Council met.", "Patrushev spoke." }, "TT" },
	/* questions, exclamations, ellipsis */
	{ "Is it true? Yes, it is.", { "Is it true?", "Yes, it is." }, "QT" },
	{ "Really?! Yes. Stop! Don't move!", { "Really?!", "Yes.", "Stop!", "Don't move!" }, "QTTT" },
	{ "Wait... What happened?", { "Wait...", "What happened?" }, "TQ" },
	{ "He paused\xE2\x80\xA6 then continued.", { "He paused\xE2\x80\xA6 then continued." }, "T" },
	{ "It was over\xE2\x80\xA6 The end came.", { "It was over\xE2\x80\xA6", "The end came." }, "TT" },
	/* glued sentences */
	{ "The talks ended.Next came the vote.", { "The talks ended.", "Next came the vote." }, "TT" },
	{ "Visit example.com for details. St.Petersburg is north.",
	  { "Visit example.com for details.", "St.Petersburg is north." }, "TT" },
	{ "He said \"no.\"Then he left.", { "He said \"no.\"", "Then he left." }, "TT" },
	/* bullets */
	{ "He listed seven firms:\n  \xE2\x80\xA2 Angara Security;\n  \xE2\x80\xA2 Kaspersky Lab;\n- Solar\n* Cyberus\n\nThe audience listened.",
	  { "He listed seven firms:", "Angara Security;", "Kaspersky Lab;", "Solar", "Cyberus", "The audience listened." }, "TBBBBT" },
	{ "Steps:\n1. Open the file\n2. Read it. Check it.\n3) Close it",
	  { "Steps:", "Open the file", "Read it.", "Check it.", "Close it" }, "TBBTB" },
	/* headings and paragraphs */
	{ "The Growing Dependence on Chinese Technology\nThe digital landscape has changed. It is worse.",
	  { "The Growing Dependence on Chinese Technology", "The digital landscape has changed.", "It is worse." }, "HTT" },
	{ "Stick With Friends\n\nKaspersky recruits managers.",
	  { "Stick With Friends", "Kaspersky recruits managers." }, "HT" },
	{ "What\xE2\x80\x99s It All Mean?\n\nAll this information is interesting.",
	  { "What\xE2\x80\x99s It All Mean?", "All this information is interesting." }, "QT" },
	{ "He works at Acme Inc.\n\nShe works elsewhere.",
	  { "He works at Acme Inc.", "She works elsewhere." }, "TT" },
	{ "The meeting was about information\nsovereignty and security. But Patrushev\nhad a message.",
	  { "The meeting was about information\nsovereignty and security.", "But Patrushev\nhad a message." }, "TT" },
	{ "In late April 2024, Nikolai\nPatrushev chaired a meeting.",
	  { "In late April 2024, Nikolai\nPatrushev chaired a meeting." }, "T" },
	{ "a paragraph that has no final stop but goes on and on well beyond the heading limit of a hundred and twenty bytes, so it is text\n\nNext.",
	  { "a paragraph that has no final stop but goes on and on well beyond the heading limit of a hundred and twenty bytes, so it is text", "Next." }, "TT" },
	/* line ends */
	{ "One line.\r\nTwo line.\r\n\r\nThree.", { "One line.", "Two line.", "Three." }, "TTT" },
	{ "Alpha beta.\rGamma delta.\r\rEpsilon.", { "Alpha beta.", "Gamma delta.", "Epsilon." }, "TTT" },
	{ "   \n\n  Hello there.   \n\n  ", { "Hello there." }, "T" },
	{ "Hello\xC2\xA0world. Next one.", { "Hello\xC2\xA0world.", "Next one." }, "TT" },
	{ "The firm\xE2\x80\x94Kaspersky Lab\xE2\x80\x94" "denied it. Officials disagreed.",
	  { "The firm\xE2\x80\x94Kaspersky Lab\xE2\x80\x94" "denied it.", "Officials disagreed." }, "TT" },
};

static const char kind_letter[] = { 'T', 'H', 'B', 'Q' };

static void test_hard_cases(void **state)
{
	(void)state;
	sent *v = NULL;
	size_t cap = 0;
	size_t ncase = sizeof cases / sizeof cases[0];
	assert_true(ncase >= 40);
	for (size_t c = 0; c < ncase; c++) {
		const char *in = cases[c].in;
		size_t n = strlen(in);
		size_t k = sent_split((const uint8_t *)in, n, &v, &cap);
		check_spans((const uint8_t *)in, n, v, k);
		size_t nwant = 0;
		while (nwant < 8 && cases[c].want[nwant])
			nwant++;
		bool ok = k == nwant;
		for (size_t i = 0; ok && i < k; i++) {
			size_t len = v[i].end - v[i].start;
			ok = len == strlen(cases[c].want[i]) &&
			     memcmp(in + v[i].start, cases[c].want[i], len) == 0 &&
			     (!cases[c].kinds || cases[c].kinds[i] == kind_letter[v[i].kind]);
		}
		if (!ok) {
			fprintf(stderr, "case %zu: %s\n got %zu:\n", c, in, k);
			for (size_t i = 0; i < k; i++)
				fprintf(stderr, "  [%c] %.*s\n", kind_letter[v[i].kind],
					(int)(v[i].end - v[i].start), in + v[i].start);
			fail_msg("case %zu differs", c);
		}
	}
	free(v);
}

static void test_empty(void **state)
{
	(void)state;
	sent *v = NULL;
	size_t cap = 0;
	assert_int_equal(sent_split((const uint8_t *)"", 0, &v, &cap), 0);
	assert_int_equal(sent_split((const uint8_t *)" \n\t\r\n \xC2\xA0 ", 9, &v, &cap), 0);
	assert_int_equal(sent_split(NULL, 0, &v, &cap), 0);
	free(v);
}

static const char *const corpus_files[] = {
	"corpus/000_a7004b4e3752436e.txt", "corpus/001_84a70742c93fdf8f.txt",
	"corpus/002_3151411f59005c19.txt", "corpus/003_2e1e3af4905333a7.txt",
	"corpus/004_e8f161a0af7dad6a.txt",
};

static bool span_ends_with(const uint8_t *s, const sent *t, const char *suf)
{
	size_t l = strlen(suf), len = t->end - t->start;
	return len >= l && memcmp(s + t->end - l, suf, l) == 0;
}

static bool span_contains(const uint8_t *s, const sent *t, const char *needle)
{
	size_t l = strlen(needle), len = t->end - t->start;
	for (size_t i = 0; i + l <= len; i++)
		if (memcmp(s + t->start + i, needle, l) == 0)
			return true;
	return false;
}

static void test_corpus(void **state)
{
	(void)state;
	sent *v = NULL;
	size_t cap = 0;
	size_t nkind[4][5] = { { 0 } };
	for (size_t f = 0; f < 5; f++) {
		size_t n;
		uint8_t *s = (uint8_t *)tu_read_source(corpus_files[f], &n);
		size_t k = sent_split(s, n, &v, &cap);
		check_spans(s, n, v, k);
		assert_true(k >= 10);
		bool saw_60bn = false;
		for (size_t i = 0; i < k; i++) {
			nkind[v[i].kind][f]++;
			/* abbreviations never end a sentence here */
			assert_false(span_ends_with(s, &v[i], " St."));
			assert_false(span_ends_with(s, &v[i], "U.S."));
			assert_false(span_ends_with(s, &v[i], " Mr."));
			if (span_contains(s, &v[i], "$60 billion")) {
				saw_60bn = true;
				assert_true(span_contains(s, &v[i], "the U.S. Congress had approved"));
				assert_true(span_ends_with(s, &v[i], "sanctions against Russia."));
			}
			if (span_contains(s, &v[i], "Petersburg"))
				assert_false(span_contains(s, &v[i], "St.") &&
					     memcmp(s + v[i].start, "Petersburg", 10) == 0);
			/* no sentence is split inside a number like 1.5 or 3.14 */
			uint8_t last = s[v[i].end - 1];
			if (v[i].end < n && last == '.')
				assert_false(s[v[i].end] >= '0' && s[v[i].end] <= '9');
		}
		if (f == 0)
			assert_true(saw_60bn);
		/* without bullet markers, every non-space byte is inside a sentence */
		if (f == 0 || f == 2 || f == 4) {
			size_t j = 0;
			for (size_t i = 0; i < n; i++) {
				while (j < k && v[j].end <= i)
					j++;
				bool inside = j < k && v[j].start <= i;
				if (!inside && !is_ws(s[i]) && !(s[i] == 0xC2 || s[i] == 0xA0))
					fail_msg("file %zu: byte %zu ('%c') not in any sentence", f, i, s[i]);
			}
		}
		free(s);
	}
	/* 000: the title and two section headings; 001: seven bullets; 002: the question
	 * heading and its section headings; 003: the title and one inner heading */
	assert_true(nkind[SENT_HEADING][0] >= 3);
	assert_int_equal(nkind[SENT_BULLET][1], 7);
	assert_true(nkind[SENT_QUESTION][2] >= 2);
	assert_true(nkind[SENT_HEADING][2] >= 4);
	assert_int_equal(nkind[SENT_HEADING][3], 2);
	free(v);
}

/* A corpus sentence from 000 must come back whole. */
static void test_corpus_known_sentences(void **state)
{
	(void)state;
	size_t n;
	uint8_t *s = (uint8_t *)tu_read_source(corpus_files[0], &n);
	sent *v = NULL;
	size_t cap = 0;
	size_t k = sent_split(s, n, &v, &cap);
	const char *want[] = {
		"Putin\xE2\x80\x99s New Cyber Empire: How the Kremlin Is Embedding Russian Technology Around the World",
		"But Patrushev also had a more specific message.",
		"At the time, the event was little noted in the United States or Europe.",
		"CYBERINSECURITY",
		"Eugene Kaspersky, the founder of Kaspersky Lab, studied at the KGB Higher School.",
	};
	for (size_t w = 0; w < sizeof want / sizeof want[0]; w++) {
		bool found = false;
		for (size_t i = 0; i < k && !found; i++)
			found = v[i].end - v[i].start == strlen(want[w]) &&
				memcmp(s + v[i].start, want[w], strlen(want[w])) == 0;
		if (!found)
			fail_msg("sentence not found: %s", want[w]);
	}
	assert_int_equal(v[0].kind, SENT_HEADING);
	free(v);
	free(s);
}

static uint64_t rng_next(uint64_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return *x;
}

static void test_hostile(void **state)
{
	(void)state;
	sent *v = NULL;
	size_t cap = 0;
	uint64_t seed = 0x1234567887654321ull;
	static const char *const frag[] = {
		".", "?", "!", " ", "\n", "\r", "\r\n", "\"", "\xE2\x80\x9D", "\xE2\x80\x9C", "U.S.",
		"Mr.", "- ", "1. ", "\xE2\x80\xA2 ", "a", "B", "7", "\xE2\x80\xA6", "\xFF", "\xC3",
		"\xE2\x80\xA9", "\xC2\x85", "(", ")", "\xC2\xA0", "Inc. The ", "...",
	};
	uint8_t buf[1500];
	for (int it = 0; it < 4000; it++) {
		size_t len = rng_next(&seed) % sizeof buf, k = 0;
		if (it % 3 == 0) {
			for (; k < len; k++)
				buf[k] = (uint8_t)rng_next(&seed);
		} else {
			while (k < len) {
				const char *fr = frag[rng_next(&seed) % (sizeof frag / sizeof frag[0])];
				size_t fl = strlen(fr);
				if (k + fl > len)
					break;
				memcpy(buf + k, fr, fl);
				k += fl;
			}
		}
		size_t ns = sent_split(buf, k, &v, &cap);
		check_spans(buf, k, v, ns);
	}
	/* a 100 KB "sentence" without punctuation is cut into bounded pieces */
	size_t n = 100000;
	uint8_t *big = malloc(n);
	for (size_t i = 0; i < n; i++)
		big[i] = (i % 7 == 6) ? ' ' : 'x';
	size_t ns = sent_split(big, n, &v, &cap);
	check_spans(big, n, v, ns);
	assert_true(ns >= 7);
	assert_int_equal(v[0].start, 0);
	assert_int_equal(v[ns - 1].end, n - (big[n - 1] == ' '));
	for (size_t i = 0; i < ns; i++)
		assert_true(v[i].end - v[i].start <= 16384);
	memset(big, 0xE2, n); /* no spaces, all invalid */
	ns = sent_split(big, n, &v, &cap);
	check_spans(big, n, v, ns);
	assert_true(ns >= 7);
	free(big);
	free(v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hard_cases),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_corpus),
		cmocka_unit_test(test_corpus_known_sentences),
		cmocka_unit_test(test_hostile),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
