/* test_relation.c - contradictions and pair relations on a corpus with known edits.
 *
 * tests/data/relations/ holds seven short articles about one invented story and a truth
 * file (truth.tsv): an original, an exact copy, the original plus two new paragraphs, the
 * original with two changed figures, a changed founding date and a denial, another
 * outlet's rewrite (rounding, "over", more or less precision, "Sergey" for "Sergei"), a
 * follow-up with another year's revenue, and an unrelated story. The real stages run on it
 * (tok_run, stem_keys, clm_build with the truth's source groups, aln_pair, shingle
 * containment); precision and recall of contradictions and the pair labels are asserted
 * and printed. Each false alarm the issue names has its own two-document test, with a
 * control edit that must be flagged, so that none of them can pass by finding nothing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "testutil.h"

#include "rel_mini.h"
#include "overlap/align.h"
#include "overlap/claim.h"
#include "overlap/err.h"
#include "overlap/mem.h"
#include "overlap/relation.h"
#include "overlap/shingle.h"
#include "overlap/stem.h"
#include "overlap/tokenize.h"

#ifndef OVL_SOURCE_ROOT
#define OVL_SOURCE_ROOT "."
#endif

#define MAXDOCS 16
#define MAXTRUTH 64
#define SHINGLE_K 5

/* ---- truth file ---- */

typedef struct truth_pair {
	int a, b;
	int label;
	int extender; /* doc index or -1 */
} truth_pair;

typedef struct truth_contra {
	int a, b, kind;
	char ta[96], tb[96];
	bool hit;
} truth_contra;

typedef struct corpus {
	size_t n;
	char name[MAXDOCS][64];
	uint32_t group[MAXDOCS];
	uint8_t *text[MAXDOCS];
	size_t nbytes[MAXDOCS];
	tok_list toks[MAXDOCS];
	uint64_t *keys[MAXDOCS];
	clm_doc cd[MAXDOCS];
	clm_set *claims;
	truth_pair pairs[MAXTRUTH];
	size_t npairs;
	truth_contra contra[MAXTRUTH];
	size_t ncontra;
} corpus;

static const char *root(void)
{
	const char *r = getenv("OVL_SOURCE_ROOT");
	return r && *r ? r : OVL_SOURCE_ROOT;
}

static int doc_index(const corpus *c, const char *name)
{
	for (size_t i = 0; i < c->n; i++)
		if (strcmp(c->name[i], name) == 0)
			return (int)i;
	fail_msg("truth names unknown document %s", name);
	return -1;
}

static int label_of(const char *s)
{
	for (uint8_t l = 0; l <= REL_UNRELATED; l++)
		if (strcmp(rel_label_name(l), s) == 0)
			return l;
	fail_msg("unknown label %s", s);
	return -1;
}

static int kind_of(const char *s)
{
	for (uint8_t k = 0; k <= REL_POLARITY; k++)
		if (strcmp(rel_kind_name(k), s) == 0)
			return k;
	fail_msg("unknown kind %s", s);
	return -1;
}

/* Split line at tabs into f (up to nf fields). @return the number of fields. */
static size_t split_tabs(char *line, char **f, size_t nf)
{
	size_t k = 0;
	char *p = line;
	while (k < nf) {
		f[k++] = p;
		char *t = strchr(p, '\t');
		if (!t)
			break;
		*t = '\0';
		p = t + 1;
	}
	char *nl = strchr(f[k - 1], '\n');
	if (nl)
		*nl = '\0';
	return k;
}

static void load_corpus(corpus *c)
{
	memset(c, 0, sizeof *c);
	char path[1024];
	snprintf(path, sizeof path, "%s/tests/data/relations/truth.tsv", root());
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	char line[512];
	while (fgets(line, sizeof line, f)) {
		if (line[0] == '#' || line[0] == '\n')
			continue;
		char *fl[6];
		size_t nf = split_tabs(line, fl, 6);
		if (strcmp(fl[0], "doc") == 0 && nf == 3) {
			assert_true(c->n < MAXDOCS);
			snprintf(c->name[c->n], sizeof c->name[0], "%s", fl[1]);
			c->group[c->n] = (uint32_t)atoi(fl[2]);
			c->n++;
		} else if (strcmp(fl[0], "pair") == 0 && nf == 5) {
			assert_true(c->npairs < MAXTRUTH);
			truth_pair *p = &c->pairs[c->npairs++];
			p->a = doc_index(c, fl[1]);
			p->b = doc_index(c, fl[2]);
			p->label = label_of(fl[3]);
			p->extender = strcmp(fl[4], "-") == 0 ? -1 : doc_index(c, fl[4]);
		} else if (strcmp(fl[0], "contra") == 0 && nf == 6) {
			assert_true(c->ncontra < MAXTRUTH);
			truth_contra *t = &c->contra[c->ncontra++];
			t->a = doc_index(c, fl[1]);
			t->b = doc_index(c, fl[2]);
			t->kind = kind_of(fl[3]);
			snprintf(t->ta, sizeof t->ta, "%s", fl[4]);
			snprintf(t->tb, sizeof t->tb, "%s", fl[5]);
		} else {
			fail_msg("bad truth line: %s", line);
		}
	}
	fclose(f);
	stem_ctx *sc = stem_new();
	for (size_t i = 0; i < c->n; i++) {
		snprintf(path, sizeof path, "%s/tests/data/relations/%s", root(), c->name[i]);
		c->text[i] = (uint8_t *)tu_slurp(path, &c->nbytes[i]);
		assert_non_null(c->text[i]);
		assert_int_equal(tok_run(c->text[i], c->nbytes[i], &c->toks[i]), 0);
		c->keys[i] = xmalloc((c->toks[i].n + 1) * sizeof(uint64_t));
		stem_keys(sc, &c->toks[i], c->keys[i]);
		c->cd[i] = (clm_doc){.id = c->name[i], .text = c->text[i], .nbytes = c->nbytes[i],
				     .toks = &c->toks[i]};
	}
	stem_free(sc);
	clm_opts o = {.stem = true};
	err_ctx e;
	memset(&e, 0, sizeof e);
	assert_int_equal(clm_build(&o, c->cd, c->n, c->group, &c->claims, &e), 0);
}

static void free_corpus(corpus *c)
{
	clm_set_free(c->claims);
	for (size_t i = 0; i < c->n; i++) {
		free(c->text[i]);
		free(c->keys[i]);
		tok_list_free(&c->toks[i]);
	}
}

/* Whether mention m's text contains s. */
static bool mention_has(const corpus *c, uint32_t m, const char *s)
{
	const clm_mention *x = clm_mention_at(c->claims, m);
	size_t n = strlen(s);
	for (uint32_t i = x->start; i + n <= x->end; i++)
		if (memcmp(c->text[x->doc] + i, s, n) == 0)
			return true;
	return false;
}

static void print_mention(const corpus *c, uint32_t m)
{
	const clm_mention *x = clm_mention_at(c->claims, m);
	printf("      [%s] %.*s\n", c->name[x->doc], (int)(x->end - x->start),
	       (const char *)c->text[x->doc] + x->start);
}

/* ---- pair evidence, as the pipeline computes it ---- */

static uint64_t *shingles(const corpus *c, size_t i, size_t *n)
{
	shg_opts o = {.k = SHINGLE_K, .char_ngrams = 0, .seed = 1};
	shg_buf b;
	memset(&b, 0, sizeof b);
	shg_doc(c->text[i], c->nbytes[i], &o, &b);
	*n = shg_sort_unique(b.v, b.n);
	uint64_t *v = xmalloc((*n + 1) * sizeof *v);
	memcpy(v, b.v, *n * sizeof *v);
	shg_buf_free(&b);
	return v;
}

static double coverage(const aln_passage *p, size_t np, bool side_a, size_t nwords)
{
	size_t in = 0;
	for (size_t i = 0; i < np; i++)
		if (!p[i].boilerplate)
			in += side_a ? p[i].a_tok1 - p[i].a_tok0 : p[i].b_tok1 - p[i].b_tok0;
	return nwords ? (in > nwords ? 1.0 : (double)in / (double)nwords) : 0;
}

/* Relation of docs a < b; *pas gets the passages (caller frees). */
static void relate(const corpus *c, int a, int b, const rel_contradiction *x, size_t nx,
		   rel_relation *r, aln_passage **pas)
{
	size_t na, nb;
	uint64_t *sa = shingles(c, (size_t)a, &na), *sb = shingles(c, (size_t)b, &nb);
	size_t inter = shg_intersect(sa, na, sb, nb);
	aln_opts ao = aln_opts_default();
	aln_doc da = {c->text[a], c->nbytes[a], &c->toks[a], c->keys[a], NULL, NULL};
	aln_doc db = {c->text[b], c->nbytes[b], &c->toks[b], c->keys[b], NULL, NULL};
	size_t np = 0;
	*pas = NULL;
	assert_int_equal(aln_pair(&ao, &da, &db, pas, &np), 0);
	rel_pair_in in = {
		.a = (uint32_t)a, .b = (uint32_t)b,
		.words_a = (uint32_t)c->toks[a].n, .words_b = (uint32_t)c->toks[b].n,
		.jaccard = na + nb > inter ? (double)inter / (double)(na + nb - inter) : 0,
		.cont_ab = na ? (double)inter / (double)na : 0,
		.cont_ba = nb ? (double)inter / (double)nb : 0,
		.cov_a = coverage(*pas, np, true, c->toks[a].n),
		.cov_b = coverage(*pas, np, false, c->toks[b].n),
		.passages = *pas, .npassages = np,
	};
	assert_int_equal(rel_pair(&in, c->claims, x, nx, r), 0);
	free(sa);
	free(sb);
}

/* ---- the corpus ---- */

static void test_corpus_contradictions(void **state)
{
	(void)state;
	corpus *c = xcalloc(1, sizeof *c);
	load_corpus(c);
	rel_contradiction *x = NULL;
	size_t nx = 0;
	assert_int_equal(rel_contradictions(c->claims, c->cd, c->n, &x, &nx), 0);

	size_t correct = 0;
	printf("  contradictions found: %zu\n", nx);
	for (size_t i = 0; i < nx; i++) {
		const clm_mention *ma = clm_mention_at(c->claims, x[i].mention_a);
		const clm_mention *mb = clm_mention_at(c->claims, x[i].mention_b);
		/* contract: a's doc before b's, different sources, the claim is a's (b's
		 * mention is in it too, except for the passes across claims: negated
		 * predicates, lead dates, denials) */
		assert_true(ma->doc < mb->doc);
		assert_int_not_equal(clm_doc_source(c->claims, ma->doc),
				     clm_doc_source(c->claims, mb->doc));
		assert_int_equal(ma->claim, x[i].claim);
		assert_true(x[i].reason[0] != '\0');
		assert_null(strchr(x[i].reason, '\n'));
		if (i > 0) {
			const clm_mention *pa = clm_mention_at(c->claims, x[i - 1].mention_a);
			assert_true(pa->doc < ma->doc || (pa->doc == ma->doc && pa->start <= ma->start));
		}
		bool ok = false;
		for (size_t t = 0; t < c->ncontra && !ok; t++) {
			truth_contra *tc = &c->contra[t];
			if (tc->hit || tc->kind != x[i].kind || (int)ma->doc != tc->a ||
			    (int)mb->doc != tc->b)
				continue;
			if (mention_has(c, x[i].mention_a, tc->ta) &&
			    mention_has(c, x[i].mention_b, tc->tb))
				ok = tc->hit = true;
		}
		correct += ok;
		printf("    %s %-8s %s\n", ok ? "ok   " : "FALSE", rel_kind_name(x[i].kind),
		       x[i].reason);
		if (!ok) {
			print_mention(c, x[i].mention_a);
			print_mention(c, x[i].mention_b);
		}
	}
	size_t hits = 0;
	for (size_t t = 0; t < c->ncontra; t++) {
		hits += c->contra[t].hit;
		if (!c->contra[t].hit)
			printf("    MISSED %s %s-%s: %s | %s\n", rel_kind_name((uint8_t)c->contra[t].kind),
			       c->name[c->contra[t].a], c->name[c->contra[t].b], c->contra[t].ta,
			       c->contra[t].tb);
	}
	double precision = nx ? (double)correct / (double)nx : 1.0;
	double recall = c->ncontra ? (double)hits / (double)c->ncontra : 1.0;
	printf("  contradiction precision %.3f (%zu/%zu), recall %.3f (%zu/%zu)\n", precision,
	       correct, nx, recall, hits, c->ncontra);
	/* precision first: no false contradiction on this corpus, and most true ones found */
	assert_true(precision >= 1.0);
	assert_true(recall >= 0.85);
	/* every kind is found at least once */
	for (int k = 0; k <= REL_POLARITY; k++) {
		bool any = false;
		for (size_t t = 0; t < c->ncontra; t++)
			any |= c->contra[t].kind == k && c->contra[t].hit;
		assert_true(any);
	}
	free(x);
	free_corpus(c);
	free(c);
}

static void test_corpus_pairs(void **state)
{
	(void)state;
	corpus *c = xcalloc(1, sizeof *c);
	load_corpus(c);
	rel_contradiction *x = NULL;
	size_t nx = 0;
	assert_int_equal(rel_contradictions(c->claims, c->cd, c->n, &x, &nx), 0);
	size_t right = 0;
	size_t tp[REL_UNRELATED + 1] = {0}, fp[REL_UNRELATED + 1] = {0}, fn[REL_UNRELATED + 1] = {0};
	for (size_t i = 0; i < c->npairs; i++) {
		const truth_pair *t = &c->pairs[i];
		rel_relation r;
		aln_passage *pas;
		relate(c, t->a, t->b, x, nx, &r, &pas);
		bool ok = r.label == t->label &&
			  (t->label != REL_EXTEND || r.extender == (int64_t)t->extender);
		right += ok;
		if (ok)
			tp[t->label]++;
		else {
			fn[t->label]++;
			fp[r.label]++;
		}
		printf("  %s %-13s %-13s %-10s (want %-10s) rep %.2f ext %.2f by %lld con %.2f "
		       "psg %zu sh %zu new %zu/%zu x %zu\n",
		       ok ? "ok   " : "WRONG", c->name[t->a], c->name[t->b], rel_label_name(r.label),
		       rel_label_name((uint8_t)t->label), r.repeat, r.extend, (long long)r.extender,
		       r.contradict, r.npassages, r.nshared, r.nnew_a, r.nnew_b, r.ncontradictions);
		/* scores in range, evidence consistent */
		assert_true(r.repeat >= 0 && r.repeat <= 1);
		assert_true(r.extend >= 0 && r.extend <= 1);
		assert_true(r.contradict >= 0 && r.contradict <= 1);
		assert_true((r.contradict > 0) == (r.ncontradictions > 0));
		for (size_t k = 0; k < r.ncontradictions; k++)
			assert_true(r.contradictions[k] < nx);
		rel_relation_clear(&r);
		free(pas);
	}
	for (int l = 0; l <= REL_UNRELATED; l++)
		if (tp[l] + fp[l] + fn[l])
			printf("  label %-10s precision %.2f recall %.2f\n", rel_label_name((uint8_t)l),
			       tp[l] + fp[l] ? (double)tp[l] / (double)(tp[l] + fp[l]) : 1.0,
			       tp[l] + fn[l] ? (double)tp[l] / (double)(tp[l] + fn[l]) : 1.0);
	printf("  pair labels right: %zu/%zu\n", right, c->npairs);
	assert_true(right * 10 >= c->npairs * 9);
	/* the defining pairs are never wrong */
	for (size_t i = 0; i < c->npairs; i++) {
		const truth_pair *t = &c->pairs[i];
		if (t->a != 0 || t->b > 3)
			continue; /* orig vs copy, extended, changed */
		rel_relation r;
		aln_passage *pas;
		relate(c, t->a, t->b, x, nx, &r, &pas);
		assert_int_equal(r.label, t->label);
		if (t->label == REL_EXTEND)
			assert_int_equal(r.extender, t->extender);
		rel_relation_clear(&r);
		free(pas);
	}
	free(x);
	free_corpus(c);
	free(c);
}

/* ---- two-document cases: what is not a contradiction ---- */

/* Whether some claim holds mentions of both documents containing sa and sb: the two
 * statements were compared (else "no contradiction" would prove nothing). */
static bool same_claim(const mini *m, const char *sa, const char *sb)
{
	for (size_t c = 0; c < clm_count(m->claims); c++) {
		const clm_claim *cl = clm_claim_at(m->claims, c);
		bool ha = false, hb = false;
		for (size_t i = 0; i < cl->nmentions; i++) {
			const clm_mention *x = clm_mention_at(m->claims, cl->mentions[i]);
			const char *s = x->doc ? sb : sa;
			const char *txt = (const char *)m->cd[x->doc].text;
			size_t n = strlen(s);
			for (uint32_t p = x->start; p + n <= x->end; p++)
				if (memcmp(txt + p, s, n) == 0) {
					if (x->doc)
						hb = true;
					else
						ha = true;
					break;
				}
		}
		if (ha && hb)
			return true;
	}
	return false;
}

/* The pair (a, b) must be compared and not flagged; the control pair (a, ctl) must be
 * flagged with kind. key_a / key_b / key_c are substrings of the statements. */
static void expect_none_but_control(const char *a, const char *b, const char *ctl,
				    const char *key_a, const char *key_b, int kind)
{
	mini m;
	mini_run(&m, a, b);
	assert_true(same_claim(&m, key_a, key_b));
	for (size_t i = 0; i < m.nx; i++)
		printf("  unexpected: %s %s\n", rel_kind_name(m.x[i].kind), m.x[i].reason);
	assert_int_equal(m.nx, 0);
	mini_free(&m);

	mini_run(&m, a, ctl);
	assert_true(same_claim(&m, key_a, key_b));
	bool found = false;
	for (size_t i = 0; i < m.nx; i++) {
		printf("  control: %s %s\n", rel_kind_name(m.x[i].kind), m.x[i].reason);
		found |= m.x[i].kind == kind;
	}
	assert_true(found);
	mini_free(&m);
}

static void test_not_different_years(void **state)
{
	(void)state;
	expect_none_but_control(
		"Tervala Networks reported revenue of $650 million in 2013, mostly from firmware "
		"licences sold to telecom operators in Europe.",
		"Tervala Networks reported revenue of $720 million in 2014, mostly from firmware "
		"licences sold to telecom operators in Europe.",
		"Tervala Networks reported revenue of $800 million in 2013, mostly from firmware "
		"licences sold to telecom operators in Europe.",
		"Tervala Networks reported", "Tervala Networks reported", REL_QUANTITY);
}

/* A figure with a thousands group of two digits ("$10,00") is a typo, no figure to set
 * against another (shape of dev-news 018); written right, the other figure conflicts. */
static void test_not_misgrouped(void **state)
{
	(void)state;
	expect_none_but_control(
		"The fund for the injured firefighter had a goal of $10,000 and raised more than "
		"$55,000 by Wednesday.",
		"The fund for the injured firefighter had a goal of $10,00 and raised more than "
		"$55,000 by Wednesday.",
		"The fund for the injured firefighter had a goal of $25,000 and raised more than "
		"$55,000 by Wednesday.",
		"fund for the injured", "fund for the injured", REL_QUANTITY);
}

static void test_not_rounding_bound(void **state)
{
	(void)state;
	expect_none_but_control(
		"Tervala Networks reported revenue of over $650 million in 2013, mostly from "
		"firmware licences sold to telecom operators in Europe.",
		"Tervala Networks reported revenue of $650 million in 2013, mostly from "
		"firmware licences sold to telecom operators in Europe.",
		"Tervala Networks reported revenue of $500 million in 2013, mostly from "
		"firmware licences sold to telecom operators in Europe.",
		"Tervala Networks reported", "Tervala Networks reported", REL_QUANTITY);
	/* the bound, not equality, is what holds here: 800 is "over 650" */
	expect_none_but_control(
		"Tervala Networks reported revenue of over $650 million in 2013, mostly from "
		"firmware licences sold to telecom operators in Europe.",
		"Tervala Networks reported revenue of $800 million in 2013, mostly from "
		"firmware licences sold to telecom operators in Europe.",
		"Tervala Networks reported revenue of under $500 million in 2013, mostly from "
		"firmware licences sold to telecom operators in Europe.",
		"Tervala Networks reported", "Tervala Networks reported", REL_QUANTITY);
}

static void test_not_transliteration(void **state)
{
	(void)state;
	expect_none_but_control(
		"Sergei Markov founded Tervala Networks in Helsinki in March 1998 after leaving "
		"the state telephone operator.",
		"Sergey Markov founded Tervala Networks in Helsinki in March 1998 after leaving "
		"the state telephone operator.",
		"Sergey Markov founded Tervala Networks in Helsinki in March 2001 after leaving "
		"the state telephone operator.",
		"Markov founded", "Markov founded", REL_DATE);
}

static void test_not_more_precise_figure(void **state)
{
	(void)state;
	expect_none_but_control(
		"The market value of Tervala Networks reached $1.5 billion after its listing on "
		"the Helsinki stock exchange.",
		"The market value of Tervala Networks reached $1.52 billion after its listing on "
		"the Helsinki stock exchange.",
		"The market value of Tervala Networks reached $1.9 billion after its listing on "
		"the Helsinki stock exchange.",
		"market value", "market value", REL_QUANTITY);
	/* beyond the 10% tolerance, the significant digits decide: "$2 billion" is the
	 * rounding of 2.4 billion, "$3 billion" is not */
	expect_none_but_control(
		"The market value of Tervala Networks reached $2 billion after its listing on "
		"the Helsinki stock exchange.",
		"The market value of Tervala Networks reached $2.4 billion after its listing on "
		"the Helsinki stock exchange.",
		"The market value of Tervala Networks reached $3 billion after its listing on "
		"the Helsinki stock exchange.",
		"market value", "market value", REL_QUANTITY);
}

static void test_not_more_precise_date(void **state)
{
	(void)state;
	expect_none_but_control(
		"Tervala Networks moved its customer data servers from Moscow to Zurich in 2013, "
		"citing European privacy rules.",
		"Tervala Networks moved its customer data servers from Moscow to Zurich in "
		"September 2013, citing European privacy rules.",
		"Tervala Networks moved its customer data servers from Moscow to Zurich in "
		"September 2015, citing European privacy rules.",
		"customer data servers", "customer data servers", REL_DATE);
}

/* One cluster can hold two events of one person; a date differs only for the same event:
 * an office opened in 2015 does not contradict a founding in 2001, while the founding
 * restated inside a sentence about the office does. */
static void test_not_other_event(void **state)
{
	(void)state;
	expect_none_but_control(
		"The company was founded in March 2001 in Helsinki by Sergei Markov, a former "
		"engineer at the state telephone operator.",
		"Sergei Markov, who founded the company, opened a research office in Tallinn in May "
		"2015 with twenty engineers.",
		"Markov, who founded the company in Helsinki in 1998, opened a research office in "
		"Tallinn on Monday with twenty engineers and four designers.",
		"founded", "Markov", REL_DATE);
}

static void test_polarity_denial(void **state)
{
	(void)state;
	/* the same statement denied is flagged; two parties' positions reported by two
	 * sources are not, and a negation in both is agreement */
	expect_none_but_control(
		"Tervala Networks moved its customer data servers from Moscow to Zurich in 2013, "
		"citing European privacy rules.",
		"Tervala Networks moved its customer data servers from Moscow to Zurich in 2013, "
		"citing European privacy rules, the company said.",
		"Tervala Networks did not move its customer data servers from Moscow to Zurich in "
		"2013, citing European privacy rules.",
		"customer data servers", "customer data servers", REL_POLARITY);
	mini m;
	mini_run(&m,
		 "Markov said the firm had never shared customer data with any government agency.",
		 "Markov has said the firm never shared customer data with any government agency.");
	assert_true(same_claim(&m, "shared customer data", "shared customer data"));
	assert_int_equal(m.nx, 0);
	mini_free(&m);
}


/* As expect_kind for dates, the first document published on Saturday 7 March 2015. */
static void expect_dated(const char *a, const char *b, size_t n)
{
	mini m;
	mini_run(&m, a, b);
	m.cd[0].year = 2015;
	m.cd[0].month = 3;
	m.cd[0].day = 7;
	free(m.x);
	assert_int_equal(rel_contradictions(m.claims, m.cd, 2, &m.x, &m.nx), 0);
	assert_int_equal(count_kind(&m, REL_DATE), n);
	mini_free(&m);
}

/* A date that opens its sentence dates the sentence's event: two sentences telling one
 * event (shared event words, one name) with other months conflict even in two claims
 * (the shape of corpus/ 000 "In March 2017, U.S. intelligence officials ..." vs 004 "In
 * early May six U.S. intelligence ... chiefs"). Two people's events, a bound, a forecast
 * and a quoted hoax text are not conflicts (each was a false report on dev-news). */
static void test_lead_dates(void **state)
{
	(void)state;
	expect_kind(
		"In March 2017, the heads of six Finnish intelligence agencies said they would not "
		"install Tervala antivirus software on their office computers.",
		"In early May the chiefs of Finnish intelligence agencies told a parliament hearing "
		"that Tervala antivirus software would never run on their networks.",
		REL_DATE, 1);
	/* two people, one kind of event */
	expect_kind(
		"In November 2012, James Foley was kidnapped by gunmen in northern Syria while "
		"reporting on the civil war for GlobalPost.",
		"In August 2013, Steven Sotloff was kidnapped by gunmen in northern Syria while "
		"reporting on the civil war for Time.",
		REL_DATE, 0);
	/* a bound and a forecast are not the event's date */
	expect_kind(
		"Tervala unveiled the latest update to its Pocket laptop in April 2014 at a launch "
		"event in Helsinki.",
		"The next update to the Tervala Pocket laptop could be unveiled in May 2014 at a "
		"launch event in Helsinki.",
		REL_DATE, 0);
	expect_kind(
		"Tervala has owned the rights to the Markov biography since at least May 2012, "
		"when the studio announced the film.",
		"Tervala acquired the rights to the Markov biography in October 2011, when the "
		"studio announced the film.",
		REL_DATE, 0);
	/* two debunkers quoting two hoaxes' texts */
	expect_kind(
		"The fake report read: \"On Thursday (November 06, 2014), our beloved actor Tom "
		"Markov passed away at his home.\"",
		"The fake report read: \"On Sunday (April 20, 2014), our beloved actor Tom Markov "
		"passed away at his home.\"",
		REL_DATE, 0);
}

/* A date without a year takes the article's publication date's year (the year before for
 * a later month): "in May" in a 2017 article is not "May 2016"; "in December" in an
 * article of January 2015 is December 2014. */
static void test_dates_resolved(void **state)
{
	(void)state;
	static const char *a = "In May, the chiefs of six Finnish intelligence agencies told a "
			       "parliament hearing that Tervala antivirus software would never run "
			       "on their networks.";
	static const char *b = "In May 2016, the chiefs of six Finnish intelligence agencies told "
			       "a parliament hearing that Tervala antivirus software would never "
			       "run on their networks.";
	static const char *c = "In December, the chiefs of six Finnish intelligence agencies told "
			       "a parliament hearing that Tervala antivirus software would never "
			       "run on their networks.";
	static const char *d = "In December 2014, the chiefs of six Finnish intelligence agencies "
			       "told a parliament hearing that Tervala antivirus software would "
			       "never run on their networks.";
	mini m;
	/* undated: "May" against "May 2016" says nothing */
	mini_run(&m, a, b);
	assert_true(same_claim(&m, "Tervala antivirus", "Tervala antivirus"));
	assert_int_equal(count_kind(&m, REL_DATE), 0);
	/* the first article published in June 2017: May 2017 against May 2016 */
	m.cd[0].year = 2017;
	m.cd[0].month = 6;
	rel_contradiction *x = NULL;
	size_t nx = 0;
	assert_int_equal(rel_contradictions(m.claims, m.cd, 2, &x, &nx), 0);
	size_t dates = 0;
	for (size_t i = 0; i < nx; i++)
		dates += x[i].kind == REL_DATE;
	assert_int_equal(dates, 1);
	free(x);
	mini_free(&m);
	/* published January 2015: "in December" is December 2014, no conflict */
	mini_run(&m, c, d);
	m.cd[0].year = 2015;
	m.cd[0].month = 1;
	free(m.x);
	assert_int_equal(rel_contradictions(m.claims, m.cd, 2, &m.x, &m.nx), 0);
	assert_int_equal(count_kind(&m, REL_DATE), 0);
	mini_free(&m);
}

/* Two statements far apart as claim keys but plainly one fact by their predicate's
 * context (subject, object and the words around it): the negation is reported (the shape
 * of dev-news 156, the Apple event in late February). */
static void test_polarity_loose(void **state)
{
	(void)state;
	expect_kind(
		"Update: sources speaking to Helsinki Daily have indicated Tervala will not be "
		"holding a late February media event.",
		"Tervala is planning to hold a media event in late February to showcase the final "
		"version of its upcoming Pocket laptop, according to a new report.",
		REL_POLARITY, 1);
}

/* A negated predicate whose mention is far from the other as a claim key (a long preamble)
 * is still set against a short affirmation whose every clause word it shares; one clause
 * word the negated side lacks leaves the pair alone. Shape from dev-news story 072. */
static void test_polarity_clause(void **state)
{
	(void)state;
	expect_kind("It, too, has told its readers that it was fooled by the clip: \"Correction: "
		    "A dog did not bite Mayor Anna Lindqvist of Uppsala during a parade on Sunday.\"",
		    "A dog bit Lindqvist during her parade, as the footage above shows.",
		    REL_POLARITY, 1);
	expect_kind("It, too, has told its readers that it was fooled by the clip: \"Correction: "
		    "A dog did not bite Mayor Anna Lindqvist of Uppsala during a parade on Sunday.\"",
		    "A dog bit Lindqvist's bodyguard during her parade, as the footage above shows.",
		    REL_POLARITY, 0);
}

/* Negated identity across claims: "the man in the video is not NAME" against "one of the
 * onlookers ... was NAME" (dev-news story 092's shape, other names); not against another
 * name, nor a subject with nothing in common, nor a negation in a relative clause. */
static void test_identity(void **state)
{
	(void)state;
	const char *neg = "Update: the cyclist in the Uppsala video is definitely not Marta "
			  "Lindqvist, her agency said on Monday.";
	expect_kind(neg,
		    "It turns out that one of the riders who pulled the cyclist from the river "
		    "in Uppsala on Sunday was Marta Lindqvist.",
		    REL_POLARITY, 1);
	expect_kind(neg,
		    "It turns out that one of the riders who pulled the cyclist from the river "
		    "in Uppsala on Sunday was Anna Berg.",
		    REL_POLARITY, 0);
	expect_kind(neg, "The winner of the Uppsala race on Sunday was Marta Lindqvist.",
		    REL_POLARITY, 0);
	expect_kind("Update: the cyclist, who is definitely not Marta Lindqvist, left the "
		    "Uppsala video on Monday.",
		    "It turns out that one of the riders who pulled the cyclist from the river "
		    "in Uppsala on Sunday was Marta Lindqvist.",
		    REL_POLARITY, 0);
}

/* A denying article against every article that states what it denies (the denied
 * predicate and a word of its object), not only against its best match; an article
 * sharing the predicate for another fact ("agreed to form a regional force") is not one
 * of them. Shape from dev-news story 002 (the Boko Haram ceasefire). */
static void test_denial_pairs(void **state)
{
	(void)state;
	static const char *t[4] = {
		"The Islamist group Boko Haram has denied claims by the government of Nigeria that "
		"it has agreed to a ceasefire and will release the abducted schoolgirls.",
		"The government of Nigeria and Boko Haram have agreed a ceasefire that brings "
		"closer the release of the abducted schoolgirls.",
		"The abducted schoolgirls will be released after the government of Nigeria agreed "
		"an immediate ceasefire with their captors Boko Haram.",
		"Cameroon, Nigeria and Chad agreed to form a regional force to tackle Boko Haram "
		"militants in the north of Nigeria.",
	};
	tok_list toks[4];
	clm_doc cd[4];
	memset(toks, 0, sizeof toks);
	for (int i = 0; i < 4; i++) {
		assert_int_equal(tok_run((const uint8_t *)t[i], strlen(t[i]), &toks[i]), 0);
		cd[i] = (clm_doc){.id = "d", .text = (const uint8_t *)t[i], .nbytes = strlen(t[i]),
				  .toks = &toks[i]};
	}
	uint32_t groups[4] = {0, 1, 2, 3};
	clm_opts o = {.stem = true};
	err_ctx e;
	memset(&e, 0, sizeof e);
	clm_set *claims = NULL;
	assert_int_equal(clm_build(&o, cd, 4, groups, &claims, &e), 0);
	rel_contradiction *x = NULL;
	size_t nx = 0;
	assert_int_equal(rel_contradictions(claims, cd, 4, &x, &nx), 0);
	bool with[4] = {false};
	for (size_t i = 0; i < nx; i++) {
		if (x[i].kind != REL_DENIAL && x[i].kind != REL_POLARITY)
			continue;
		uint32_t da = clm_mention_at(claims, x[i].mention_a)->doc;
		uint32_t db = clm_mention_at(claims, x[i].mention_b)->doc;
		assert_true(da == 0 || db == 0);
		with[da == 0 ? db : da] = true;
	}
	assert_true(with[1]);
	assert_true(with[2]);
	assert_false(with[3]);
	free(x);
	clm_set_free(claims);
	for (int i = 0; i < 4; i++)
		tok_list_free(&toks[i]);
}

/* Days named relative to the article (relation_days.c): one event on two weekdays is a
 * conflict; "said Friday" dates a statement, not the event; a weekday in a paper's name is
 * no day; with publication dates, "on Friday" is a calendar day compared with the other
 * side's date. Shapes from dev-news: the 2014 RC asteroid passing Earth "on Sunday" and
 * "on Saturday", the Pentagon that "said Friday" and "said on Tuesday". */
static void test_days(void **state)
{
	(void)state;
	expect_kind(
		"The small asteroid dubbed Tervala passed very close to Earth on Sunday, "
		"astronomers in Helsinki estimated.",
		"The asteroid Tervala passed close to Earth on Saturday and was about 20 metres "
		"wide, astronomers in Helsinki estimated.",
		REL_DATE, 1);
	/* the same weekday: no conflict */
	expect_kind(
		"The small asteroid dubbed Tervala passed very close to Earth on Sunday, "
		"astronomers in Helsinki estimated.",
		"The asteroid Tervala passed close to Earth late Sunday and was about 20 metres "
		"wide, astronomers in Helsinki estimated.",
		REL_DATE, 0);
	/* reporting verbs date two statements, not one event */
	expect_kind(
		"The Pentagon said Friday that the airstrike in Somalia killed militant leader "
		"Ahmed Markov.",
		"The airstrike in Somalia killed militant leader Ahmed Markov, the Pentagon said on "
		"Tuesday.",
		REL_DATE, 0);
	/* a paper's name */
	expect_kind(
		"Tervala told the Mail on Sunday that the asteroid passed close to Earth over "
		"Helsinki.",
		"Tervala told the Helsinki Post on Monday that the asteroid passed close to Earth "
		"over Helsinki.",
		REL_DATE, 0);
	/* with publication dates: "on Friday" in an article of Saturday 7 March 2015 is 6
	 * March, against "March 5" in the other ... */
	static const char *friday = "Police arrested Tervala chief executive Jon Markov in "
				    "Helsinki on Friday after a long search.";
	expect_dated(friday,
		     "Police arrested Tervala chief executive Jon Markov in Helsinki on March 5 "
		     "after a long search.",
		     1);
	/* ... and "March 6" is the same day */
	expect_dated(friday,
		     "Police arrested Tervala chief executive Jon Markov in Helsinki on March 6 "
		     "after a long search.",
		     0);
}

/* The denying article tells the rumour it denies in another sentence, in other words than
 * the denial's ("The video has proved to be a fake" / "Footage ... purported to show"):
 * the statement of that rumour elsewhere is set against the denial. A source's plain word
 * next to the denial ("his office said") is not a rumour told. Shape from dev-news story
 * 072 (the bird and Putin's speech). */
static void test_denial_recount(void **state)
{
	(void)state;
	static const char *fake =
		"The video of the mayor of Tervala has proved to be an elaborate fake made by the "
		"Helsinki pranksters of the Tuomas channel.";
	static const char *states = "A passing bus splashed the mayor of Tervala while he "
				    "opened a new bridge over the river on Friday.";
	char a[512];
	snprintf(a, sizeof a, "%s Footage uploaded online purported to show a passing bus "
		 "splashing the mayor of Tervala as he opened a new bridge over the river.", fake);
	mini m;
	mini_run(&m, a, states);
	assert_int_equal(count_kind(&m, REL_DENIAL), 1);
	mini_free(&m);
	/* the same facts told as the writer's own or a source's: nothing is disputed */
	snprintf(a, sizeof a, "%s A passing bus splashed the mayor of Tervala as he opened a "
		 "new bridge over the river, his office said.", fake);
	mini_run(&m, a, states);
	assert_int_equal(count_kind(&m, REL_DENIAL), 0);
	mini_free(&m);
}

/* A denial that names only the report it calls false ("The report may have generated a
 * lot of clicks but is totally inaccurate") denies what the sentence before it told;
 * a fake only asked about ("many will question if it is a fake") is no denial. Shapes
 * from dev-news 100 and 065. */
static void test_denial_anaphor(void **state)
{
	(void)state;
	static const char *states = "Tervala Telecom has reportedly begun telling users of the "
				    "Kolmo browser that it will cut off their service.";
	mini m;
	mini_run(&m, states,
		 "The post goes on to suggest that Tervala Telecom has contacted users of the Kolmo "
		 "browser, telling them it will cut off their service. The report may have "
		 "generated a lot of clicks but is totally inaccurate.");
	assert_int_equal(count_kind(&m, REL_DENIAL), 1);
	mini_free(&m);
	/* the same verdict on another matter, before an unrelated sentence */
	mini_run(&m, states,
		 "The city of Kolmo opened a new harbour for its fishing fleet last spring. The "
		 "report may have generated a lot of clicks but is totally inaccurate.");
	assert_int_equal(count_kind(&m, REL_DENIAL), 0);
	mini_free(&m);
	mini_run(&m, states,
		 "Many users will certainly question if the report that Tervala Telecom will cut "
		 "off the service of Kolmo browser users is a fake.");
	assert_int_equal(count_kind(&m, REL_DENIAL), 0);
	mini_free(&m);
}

/* A verdict on a pronoun ("But that was not the case", "that's bogus") denies the
 * sentence right before it, and nothing else; "... but have since said this was not the
 * case" calls its own clause false; "falsely claimed that X" denies X only; a denial
 * noun after modifiers ("appears to be yet another celebrity death hoax") is a denial.
 * Shapes from dev-news 080, 024, 099 and 124. */
static void test_denial_pronoun(void **state)
{
	(void)state;
	static const char *states = "Kolmo state television blurred the face of the visiting "
				    "Tervala minister during the welcome ceremony at the palace.";
	mini m;
	mini_run(&m, states,
		 "A short clip purports to show Kolmo state television blurring the face of the "
		 "visiting Tervala minister at the welcome ceremony. But according to reporters "
		 "who were at the palace, that was not the case.");
	assert_int_equal(count_kind(&m, REL_DENIAL), 1);
	mini_free(&m);
	/* a sentence that is no claim between the rumour and the verdict: unknown referent */
	mini_run(&m, states,
		 "A short clip purports to show Kolmo state television blurring the face of the "
		 "visiting Tervala minister at the welcome ceremony. Oh well. But according to "
		 "reporters who were at the palace, that was not the case.");
	assert_int_equal(count_kind(&m, REL_DENIAL), 0);
	mini_free(&m);
	/* the referent is the clause before "but" in the same sentence */
	mini_run(&m, states,
		 "Palace guards initially thought there was a shooting at the Kolmo television "
		 "building during the welcome ceremony for the Tervala minister, but have since "
		 "said this was not the case.");
	assert_int_equal(count_kind(&m, REL_DENIAL), 0);
	mini_free(&m);
	/* what was said falsely is named: only a statement of it is denied */
	mini_run(&m,
		 "A petition filed by Ivo Hansel says around 400 followers were castrated at the "
		 "Kolmo retreat of the Tervala sect.",
		 "Ivo Hansel alleged that around 400 followers were castrated at the Kolmo retreat "
		 "after the Tervala sect's head falsely claimed that the operation would bring "
		 "them closer to God.");
	assert_int_equal(count_kind(&m, REL_DENIAL), 0);
	mini_free(&m);
	mini_run(&m,
		 "The Tervala sect's head says the operation will bring followers closer to God, "
		 "according to a petition filed in Kolmo.",
		 "Ivo Hansel alleged that around 400 followers were castrated at the Kolmo retreat "
		 "after the Tervala sect's head falsely claimed that the operation would bring "
		 "them closer to God.");
	assert_int_equal(count_kind(&m, REL_DENIAL), 1);
	mini_free(&m);
	/* a denial noun after an article and modifiers */
	mini_run(&m, "Television host Ivo Tervala died of a heart attack in a Kolmo hospital "
		     "on Tuesday morning, his wife announced.",
		 "The report claiming that television host Ivo Tervala died of a heart attack in a "
		 "Kolmo hospital appears to be yet another celebrity death hoax.");
	assert_int_equal(count_kind(&m, REL_DENIAL), 1);
	mini_free(&m);
}

/* A verdict too short to be a claim ("That report, however, is false.") still denies the
 * sentence before it; "That was not the case." after an expectation ("was expected to
 * lead to the release") says it was let down, and no story told is denied. Shapes from
 * dev-news 124 and 002. */
static void test_denial_short_verdict(void **state)
{
	(void)state;
	mini m;
	mini_run(&m, "Television host Ivo Tervala died of a heart attack in a Kolmo hospital on "
		     "Tuesday morning, his wife told reporters.",
		 "A story circulating online claims that television host Ivo Tervala died of a "
		 "heart attack in a Kolmo hospital. That report, however, is false.");
	assert_int_equal(count_kind(&m, REL_DENIAL), 1);
	mini_free(&m);
	/* told on the word of reports ("the medical reports indicate that"), as on a
	 * source's */
	mini_run(&m, "Ivo Tervala was taken to a Kolmo hospital, and the medical reports indicate "
		     "that the television host died of a heart attack.",
		 "A story circulating online claims that television host Ivo Tervala died of a "
		 "heart attack in a Kolmo hospital. That report, however, is false.");
	assert_int_equal(count_kind(&m, REL_DENIAL), 1);
	mini_free(&m);
	mini_run(&m, "The Tervala rebels abducted 200 pupils from a Kolmo boarding school six "
		     "months ago, and a ceasefire agreement was signed in the capital.",
		 "A ceasefire agreement between the Tervala rebels and the Kolmo government was "
		 "expected to lead to the release of 200 pupils abducted six months ago. That was "
		 "not the case.");
	assert_int_equal(count_kind(&m, REL_DENIAL), 0);
	mini_free(&m);
}

/* A verdict on a rumour told before it ("Saudi TV allegedly blurred her face ... Only it's
 * bullshit.") matches a statement of the told verb and two words after it, though their
 * words share too little weight otherwise; one word after it is not enough. Shape of
 * dev-news 080. */
static void test_denial_told_verb(void **state)
{
	(void)state;
	static const char *denies = "Forum users, bloggers and several angry commentators are "
				    "buzzing this week about how a channel allegedly blurred Anna "
				    "Tervala's face in footage of the spring parade downtown. Only "
				    "it's bullshit.";
	mini m;
	mini_run(&m, "Anna Tervala's face was reportedly blurred by state broadcasters on Tuesday "
		     "as the new governor greeted a visiting trade delegation at the harbour.",
		 denies);
	assert_int_equal(count_kind(&m, REL_DENIAL), 1);
	mini_free(&m);
	mini_run(&m, "A banner was reportedly blurred by state broadcasters on Tuesday as the new "
		     "governor greeted Anna Tervala's visiting trade delegation at the harbour.",
		 denies);
	assert_int_equal(count_kind(&m, REL_DENIAL), 0);
	mini_free(&m);
}

/* "there was no blurring of X" denies that X was blurred (a denial, or a polarity
 * conflict when the statement is plain): only a statement of that verb and a word of its
 * object is set against it (shape of dev-news 080). */
static void test_denial_nominal(void **state)
{
	(void)state;
	static const char *denies = "Observers of the live broadcast said there was no blurring "
				    "of the Tervala minister at the palace ceremony in Kolmo.";
	mini m;
	mini_run(&m, "The Tervala minister's face was reportedly blurred by Kolmo state "
		     "television on Tuesday as she met the new king at the palace ceremony.",
		 denies);
	assert_int_equal(count_kind(&m, REL_DENIAL), 1);
	mini_free(&m);
	/* the same words without the denied verb */
	mini_run(&m, "Kolmo state television showed the face of the Tervala minister during the "
		     "palace ceremony and the live broadcast.",
		 denies);
	assert_int_equal(count_kind(&m, REL_DENIAL) + count_kind(&m, REL_POLARITY), 0);
	mini_free(&m);
}

/* A day bound to an event noun, not to a verb: "Sunday during a speech" against "a speech
 * ... on Friday" (shape of dev-news 072). A day that dates another event of the sentence
 * ("marched on Tuesday after a night of protests"), an event noun of another kind and a
 * noun phrase the day does not open are not conflicts. */
static void test_days_event_noun(void **state)
{
	(void)state;
	static const char *friday = "Mayor Ivo Tervala was heckled by a crowd while giving a "
				    "speech opening a new bridge in Helsinki on Friday.";
	expect_kind(friday,
		    "A clip made it look as if Tervala got an angry reception from a crowd Sunday "
		    "during a speech opening a bridge over the river.",
		    REL_DATE, 1);
	/* the verb on one side, the noun of its stem on the other */
	expect_kind("Helsinki officials Friday announced a ceasefire with the Tervala rebels "
		    "near the border.",
		    "The Tervala rebels ignored the announcement Thursday of a ceasefire by "
		    "Helsinki officials near the border.",
		    REL_DATE, 1);
	/* another kind of event near the other day */
	expect_kind(friday,
		    "Tervala got an angry reception from a crowd Sunday during a concert near "
		    "the new bridge in Helsinki.",
		    REL_DATE, 0);
	/* the day dates the march; the protests were the night before */
	expect_kind("Students of Tervala college protested on Saturday night in front of the "
		    "governor's residence in Helsinki.",
		    "Students of Tervala college marched to the governor's residence in Helsinki "
		    "on Tuesday after a night of angry protests.",
		    REL_DATE, 0);
}

/* The statement the denial tests set their verdicts against (the Purdon Ebola hoax). */
static const char *const purdon =
	"The small town of Purdon, Texas has been quarantined after a family of five "
	"tested positive for the Ebola virus.";

/* A cue that is one of two alternatives calls nothing false: "able to verify or debunk
 * it" (shape of dev-news 003); the cue alone still does. */
static void test_denial_alternative(void **state)
{
	(void)state;
	const char *statement = purdon;
	mini m;
	mini_run(&m, statement,
		 "Investigators expect to verify or debunk the report that the small town of "
		 "Purdon, Texas has been quarantined after a family of five tested positive.");
	assert_int_equal(count_kind(&m, REL_DENIAL), 0);
	mini_free(&m);
	mini_run(&m, statement,
		 "Investigators quickly debunked the report that the small town of Purdon, "
		 "Texas has been quarantined after a family of five tested positive.");
	assert_int_equal(count_kind(&m, REL_DENIAL), 1);
	mini_free(&m);
}

/* One article calls the story false, another states it (denial.h; shapes from dev-news:
 * the Purdon Ebola hoax, the detained woman's "fake ID", "declined to confirm or deny"). */
static void test_denials(void **state)
{
	(void)state;
	const char *statement = purdon;
	mini m;
	mini_run(&m, statement,
		 "The bogus report claimed that the small town of Purdon, Texas had been "
		 "quarantined after a family of five tested positive for the virus.");
	assert_int_equal(count_kind(&m, REL_DENIAL), 1);
	for (size_t i = 0; i < m.nx; i++)
		if (m.x[i].kind == REL_DENIAL) {
			/* the evidence: the statement in a, the cue in b */
			const char *tb = (const char *)m.cd[1].text;
			assert_memory_equal(tb + m.x[i].vb_start, "bogus", 5);
			assert_int_equal(m.x[i].va_start, 0);
		}
	/* told the two documents are two stories, the engine compares nothing across */
	{
		uint32_t one[2] = {0, 0}, two[2] = {0, 1};
		rel_contradiction *x = NULL;
		size_t nx = 0;
		assert_int_equal(rel_contradictions_story(m.claims, m.cd, 2, false, one, &x, &nx), 0);
		assert_int_equal(nx, m.nx);
		free(x);
		assert_int_equal(rel_contradictions_story(m.claims, m.cd, 2, false, two, &x, &nx), 0);
		assert_int_equal(nx, 0);
		free(x);
	}
	mini_free(&m);
	/* a party denying the reports, in the other order */
	mini_run(&m,
		 "County officials denied reports that the town of Purdon, Texas has been "
		 "quarantined after a family of five tested positive for Ebola.",
		 statement);
	/* (the negated predicate may say it first: one report either way) */
	assert_int_equal(count_kind(&m, REL_DENIAL) + count_kind(&m, REL_POLARITY), 1);
	mini_free(&m);
	/* not denials: a cue negated, a thing described as fake, "confirm or deny" */
	mini_run(&m, statement,
		 "The report that the small town of Purdon, Texas has been quarantined after a "
		 "family of five tested positive for the virus is not a hoax.");
	assert_int_equal(count_kind(&m, REL_DENIAL), 0);
	mini_free(&m);
	mini_run(&m,
		 "The woman and her daughter were detained at the border crossing in northern "
		 "Lebanon ten days ago.",
		 "The woman and her daughter were detained at the border crossing in northern "
		 "Lebanon while carrying a fake passport.");
	assert_int_equal(count_kind(&m, REL_DENIAL), 0);
	mini_free(&m);
	mini_run(&m,
		 "The woman and her daughter were detained at the border crossing in northern "
		 "Lebanon ten days ago.",
		 "Officials declined to confirm or deny reports that the woman and her daughter "
		 "were detained at the border crossing in northern Lebanon.");
	assert_int_equal(count_kind(&m, REL_DENIAL), 0);
	mini_free(&m);
	/* the stating side tells it on a source's word: it reports the story, and the
	 * evidence names its hedge (shape of dev-news 002, "reportedly agreed a truce") */
	mini_run(&m,
		 "The small town of Purdon, Texas has reportedly been quarantined after a family "
		 "of five tested positive for the Ebola virus.",
		 "The bogus report claimed that the small town of Purdon, Texas had been "
		 "quarantined after a family of five tested positive for the virus.");
	assert_int_equal(count_kind(&m, REL_DENIAL), 1);
	for (size_t i = 0; i < m.nx; i++)
		if (m.x[i].kind == REL_DENIAL)
			assert_non_null(strstr(m.x[i].reason, "reports it, hedged (\"reportedly\""));
	mini_free(&m);
	/* one that only wonders whether it happened states nothing */
	mini_run(&m,
		 "It is unclear whether the small town of Purdon, Texas has been quarantined "
		 "after a family of five tested positive for the Ebola virus.",
		 "The bogus report claimed that the small town of Purdon, Texas had been "
		 "quarantined after a family of five tested positive for the virus.");
	assert_int_equal(count_kind(&m, REL_DENIAL), 0);
	mini_free(&m);
	/* two-word cues (shapes of dev-news 086, 100): "not true", "no evidence that" */
	mini_run(&m, statement,
		 "Health officials said the rumour that the small town of Purdon, Texas was "
		 "quarantined after a family of five tested positive is not true.");
	assert_int_equal(count_kind(&m, REL_DENIAL), 1);
	mini_free(&m);
	mini_run(&m, statement,
		 "County officials found no evidence that the small town of Purdon, Texas was "
		 "quarantined after a family of five tested positive for the virus.");
	assert_int_equal(count_kind(&m, REL_DENIAL) + count_kind(&m, REL_POLARITY), 1);
	mini_free(&m);
	/* ... but not a mind made up, nor a finding of no evidence of something else */
	mini_run(&m, statement,
		 "The mayor said his mind is made up: the small town of Purdon, Texas stays "
		 "quarantined after a family of five tested positive for the virus.");
	assert_int_equal(count_kind(&m, REL_DENIAL), 0);
	mini_free(&m);
	/* the stating side itself calls the story false: no conflict */
	mini_run(&m,
		 "The small town of Purdon, Texas has been quarantined after a family of five "
		 "tested positive for the Ebola virus. That story was a hoax.",
		 "The bogus report claimed that the small town of Purdon, Texas had been "
		 "quarantined after a family of five tested positive for the virus.");
	assert_int_equal(count_kind(&m, REL_DENIAL), 0);
	mini_free(&m);
}

/* Ages of one person in two sources (shapes from dev-news: "Zehaf-Bibeau, 32" vs "the
 * suspected gunman, Zehaf-Bibeau, 23"); a family name shared by two people ("Castro, 88"
 * vs "Fidel Castro Odinga, 41") and a year apart are not conflicts. */
static void test_ages(void **state)
{
	(void)state;
	mini m;
	mini_run(&m, "Police said his 21-year-old wife, Feng, was detained on Friday in Guangzhou.",
		 "Local man Jun Feng, 30, who helped the woman, told local TV the attack was normal.");
	bool found = false;
	for (size_t i = 0; i < m.nx; i++)
		if (m.x[i].kind == REL_QUANTITY && strcmp(m.x[i].about, "age") == 0) {
			found = true;
			const char *t = (const char *)m.cd[0].text;
			assert_true(m.x[i].va_end > m.x[i].va_start);
			assert_memory_equal(t + m.x[i].va_start, "21-year-old", 11);
		}
	assert_true(found);
	mini_free(&m);
	mini_run(&m, "Castro, 88, has not said one public word about the announcement by Obama.",
		 "It may be confused with the death of Fidel Castro Odinga, 41, in Nairobi.");
	for (size_t i = 0; i < m.nx; i++)
		assert_true(strcmp(m.x[i].about, "age") != 0);
	mini_free(&m);
	mini_run(&m, "The suspect, Michael Zehaf-Bibeau, 32, was shot dead in Parliament.",
		 "Zehaf-Bibeau, 33, was shot dead inside Parliament by the sergeant-at-arms.");
	for (size_t i = 0; i < m.nx; i++)
		assert_true(strcmp(m.x[i].about, "age") != 0);
	mini_free(&m);
}

/* The title of one person with another rank in two sources (shape of dev-news 058:
 * "Assistant executive engineer A.K Verma" vs "Verma, an executive engineer at ..."),
 * with its evidence. Not conflicts: two people of one surname, a refinement ("electrical
 * engineer" of "engineer"), a past role ("joined as an assistant engineer", "former"),
 * and two other titles of two people. */
static void test_attribute_title(void **state)
{
	(void)state;
	mini m;
	mini_run(&m, "Assistant executive engineer A.K Markov went on leave in 1990 after "
		     "joining the public works department.",
		 "Markov, an executive engineer at the Public Works Department, was fired after "
		 "last appearing for work in 1990.");
	assert_int_equal(count_kind(&m, REL_ATTRIBUTE), 1);
	for (size_t i = 0; i < m.nx; i++)
		if (m.x[i].kind == REL_ATTRIBUTE) {
			const char *ta = (const char *)m.cd[0].text, *tb = (const char *)m.cd[1].text;
			assert_memory_equal(ta + m.x[i].va_start, "Assistant executive engineer", 28);
			assert_int_equal(m.x[i].va_end - m.x[i].va_start, 28);
			assert_memory_equal(tb + m.x[i].vb_start, "executive engineer", 18);
			assert_non_null(strstr(m.x[i].about, "A.K Markov"));
			assert_non_null(strstr(m.x[i].reason, "title"));
		}
	mini_free(&m);
	/* an office and a past rank of one man (dev-news 049: "Inspector Vickers" at the
	 * time, now "the sergeant-at-arms"): two ranks are not compared, only a title with
	 * and without a rank word */
	expect_kind("Police said Inspector Ivan Markov was respectful during the Helsinki "
		    "siege in 1998.",
		    "Police said Sergeant Ivan Markov was respectful during the Helsinki siege "
		    "in 1998.",
		    REL_ATTRIBUTE, 0);
	/* two people of one family name */
	expect_kind("Deputy director Anna Markov went on leave in 1990 after joining the public "
		    "works department.",
		    "Ivan Markov, a director at the Public Works Department, went on leave in "
		    "1990 after joining the department.",
		    REL_ATTRIBUTE, 0);
	/* a refinement, not another value */
	expect_kind("Electrical engineer A.K Markov went on leave in 1990 after joining the "
		    "public works department.",
		    "Markov, an engineer at the Public Works Department, went on leave in 1990 "
		    "after joining the department.",
		    REL_ATTRIBUTE, 0);
	/* a past role */
	expect_kind("Markov, who joined the department as an assistant executive engineer, "
		    "went on leave in 1990 from the public works department.",
		    "Markov, an executive engineer at the Public Works Department, went on leave "
		    "in 1990 from the department.",
		    REL_ATTRIBUTE, 0);
	expect_kind("Former deputy director Markov went on leave in 1990 from the public works "
		    "department.",
		    "Markov, a director at the Public Works Department, went on leave in 1990 "
		    "from the department.",
		    REL_ATTRIBUTE, 0);
}

/* The colour of one named thing in two sources: "a gold Bugatti Veyron" vs "the
 * silver-coloured car" after the Veyron was named (shape of dev-news 067). Not conflicts:
 * a colour of another object (a document that names the Veyron gold and speaks of "the
 * silver car" behind it), one colour, and two colours of two things. */
static void test_attribute_colour(void **state)
{
	(void)state;
	static const char *gold = "An image of a gold Bugatti Veyron painted with graffiti in "
				  "Seattle upset car lovers on the internet.";
	mini m;
	mini_run(&m, gold,
		 "The owner of a Bugatti Veyron supercar faces a huge bill after vandals in "
		 "Seattle painted graffiti on it. Vandals targeted the silver-coloured car which "
		 "was parked in a street in Seattle.");
	assert_int_equal(count_kind(&m, REL_ATTRIBUTE), 1);
	for (size_t i = 0; i < m.nx; i++)
		if (m.x[i].kind == REL_ATTRIBUTE) {
			const char *tb = (const char *)m.cd[1].text;
			assert_memory_equal(tb + m.x[i].vb_start, "silver-coloured", 15);
			assert_non_null(strstr(m.x[i].about, "colour of Bugatti Veyron"));
		}
	mini_free(&m);
	/* the other document names the Veyron gold too: its silver car is another car */
	expect_kind(gold,
		    "A man leans against a gold Bugatti Veyron in Seattle. He actually owns the "
		    "silver car parked behind it in the street in Seattle.",
		    REL_ATTRIBUTE, 0);
	/* one colour */
	expect_kind(gold,
		    "The owner of a Bugatti Veyron supercar faces a huge bill after vandals in "
		    "Seattle painted graffiti on it. Vandals targeted the gold car which was "
		    "parked in a street in Seattle.",
		    REL_ATTRIBUTE, 0);
	/* "the silver car" after two things with colours: which one is not known */
	expect_kind(gold,
		    "A red Ford Focus stood beside a Bugatti Veyron in Seattle. Vandals targeted "
		    "the silver car parked in the street in Seattle.",
		    REL_ATTRIBUTE, 0);
	/* two things: a silver Ford beside the gold Veyron */
	expect_kind(gold,
		    "Vandals in Seattle painted graffiti on a Bugatti Veyron and a silver Ford "
		    "Focus parked in a street in Seattle.",
		    REL_ATTRIBUTE, 0);
}

/* Copies of one article (one source group) never contradict each other, however they
 * differ: contradictions are between independent sources. */
static void test_same_source_not_flagged(void **state)
{
	(void)state;
	const char *a = "Tervala Networks reported revenue of $650 million in 2013, mostly from "
			"firmware licences sold to telecom operators in Europe.";
	const char *b = "Tervala Networks reported revenue of $800 million in 2013, mostly from "
			"firmware licences sold to telecom operators in Europe.";
	tok_list t[2];
	memset(t, 0, sizeof t);
	clm_doc cd[2];
	const char *s[2] = {a, b};
	for (int i = 0; i < 2; i++) {
		assert_int_equal(tok_run((const uint8_t *)s[i], strlen(s[i]), &t[i]), 0);
		cd[i] = (clm_doc){.text = (const uint8_t *)s[i], .nbytes = strlen(s[i]), .toks = &t[i]};
	}
	uint32_t groups[2] = {7, 7};
	clm_set *cs = NULL;
	err_ctx e;
	assert_int_equal(clm_build(NULL, cd, 2, groups, &cs, &e), 0);
	rel_contradiction *x = NULL;
	size_t nx = 1;
	assert_int_equal(rel_contradictions(cs, cd, 2, &x, &nx), 0);
	assert_int_equal(nx, 0);
	free(x);
	/* ... unless asked: an edited copy then disagrees with its original */
	assert_int_equal(rel_contradictions_ex(cs, cd, 2, true, &x, &nx), 0);
	assert_int_equal(nx, 1);
	assert_int_equal(x[0].kind, REL_QUANTITY);
	free(x);
	clm_set_free(cs);
	tok_list_free(&t[0]);
	tok_list_free(&t[1]);
}

/* ---- document evidence only, edge cases ---- */

static void test_pair_without_claims(void **state)
{
	(void)state;
	rel_relation r;
	rel_pair_in copy = {.a = 0, .b = 1, .words_a = 200, .words_b = 200, .jaccard = 0.97,
			    .cont_ab = 0.98, .cont_ba = 0.98};
	assert_int_equal(rel_pair(&copy, NULL, NULL, 0, &r), 0);
	assert_int_equal(r.label, REL_REPEAT);
	assert_int_equal(r.extender, -1);
	rel_relation_clear(&r);

	rel_pair_in ext = {.a = 0, .b = 1, .words_a = 200, .words_b = 300, .jaccard = 0.64,
			   .cont_ab = 0.97, .cont_ba = 0.65};
	assert_int_equal(rel_pair(&ext, NULL, NULL, 0, &r), 0);
	assert_int_equal(r.label, REL_EXTEND);
	assert_int_equal(r.extender, 1);
	rel_relation_clear(&r);

	rel_pair_in ext2 = {.a = 0, .b = 1, .words_a = 300, .words_b = 200, .jaccard = 0.64,
			    .cont_ab = 0.65, .cont_ba = 0.97};
	assert_int_equal(rel_pair(&ext2, NULL, NULL, 0, &r), 0);
	assert_int_equal(r.label, REL_EXTEND);
	assert_int_equal(r.extender, 0);
	rel_relation_clear(&r);

	aln_passage p[2];
	memset(p, 0, sizeof p);
	p[0].boilerplate = true;
	rel_pair_in rel = {.a = 2, .b = 5, .words_a = 300, .words_b = 200, .jaccard = 0.02,
			   .cont_ab = 0.03, .cont_ba = 0.04, .cov_a = 0.1, .cov_b = 0.12,
			   .passages = p, .npassages = 2};
	assert_int_equal(rel_pair(&rel, NULL, NULL, 0, &r), 0);
	assert_int_equal(r.label, REL_RELATED);
	assert_int_equal(r.npassages, 1); /* the boilerplate passage is not evidence */
	assert_int_equal(r.passages[0], 1);
	rel_relation_clear(&r);

	p[1].boilerplate = true;
	assert_int_equal(rel_pair(&rel, NULL, NULL, 0, &r), 0);
	assert_int_equal(r.label, REL_UNRELATED);
	rel_relation_clear(&r);
	rel_relation_clear(NULL);

	rel_contradiction *x = (rel_contradiction *)&r;
	size_t nx = 3;
	assert_int_equal(rel_contradictions(NULL, NULL, 0, &x, &nx), 0);
	assert_null(x);
	assert_int_equal(nx, 0);
	assert_string_equal(rel_label_name(REL_EXTEND), "extend");
	assert_string_equal(rel_kind_name(REL_POLARITY), "polarity");
}

/* Hostile text: no crash, and reasons stay one line even with control bytes in a quote. */
static void test_hostile_text(void **state)
{
	(void)state;
	mini m;
	mini_run(&m,
		 "Tervala Networks reported revenue of $650\nmillion in 2013, mostly from firmware "
		 "licences sold to telecom operators in Europe.\x01\xff\xfe",
		 "Tervala Networks reported revenue of $800 million in 2013, mostly from firmware "
		 "licences sold to telecom operators in Europe.\x80");
	for (size_t i = 0; i < m.nx; i++)
		assert_null(strchr(m.x[i].reason, '\n'));
	mini_free(&m);
	mini_run(&m, "", "\xff\xff 2013 $ % over over 1e999 99999999999999999999999 billion");
	assert_int_equal(m.nx, 0);
	mini_free(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_corpus_contradictions),
		cmocka_unit_test(test_corpus_pairs),
		cmocka_unit_test(test_not_different_years),
		cmocka_unit_test(test_not_rounding_bound),
		cmocka_unit_test(test_not_misgrouped),
		cmocka_unit_test(test_not_transliteration),
		cmocka_unit_test(test_not_more_precise_figure),
		cmocka_unit_test(test_not_more_precise_date),
		cmocka_unit_test(test_not_other_event),
		cmocka_unit_test(test_polarity_denial),
		cmocka_unit_test(test_lead_dates),
		cmocka_unit_test(test_dates_resolved),
		cmocka_unit_test(test_days),
		cmocka_unit_test(test_days_event_noun),
		cmocka_unit_test(test_attribute_title),
		cmocka_unit_test(test_attribute_colour),
		cmocka_unit_test(test_denial_pairs),
		cmocka_unit_test(test_polarity_loose),
		cmocka_unit_test(test_polarity_clause),
		cmocka_unit_test(test_identity),
		cmocka_unit_test(test_denials),
		cmocka_unit_test(test_denial_alternative),
		cmocka_unit_test(test_denial_recount),
		cmocka_unit_test(test_denial_anaphor),
		cmocka_unit_test(test_denial_pronoun),
		cmocka_unit_test(test_denial_nominal),
		cmocka_unit_test(test_denial_told_verb),
		cmocka_unit_test(test_denial_short_verdict),
		cmocka_unit_test(test_ages),
		cmocka_unit_test(test_same_source_not_flagged),
		cmocka_unit_test(test_pair_without_claims),
		cmocka_unit_test(test_hostile_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
