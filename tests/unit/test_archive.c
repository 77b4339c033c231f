/* test_archive.c - the archive against a naive model: random documents with planted copies
 * and extensions go in; every query's matches equal the pairs a brute-force exact Jaccard /
 * containment over shingle sets gives (in scan mode and in LSH mode, where the planted
 * strong pairs must all be found); replace, skip, remove and the settings guard. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "overlap/archive.h"
#include "overlap/candidates.h"
#include "overlap/mem.h"
#include "overlap/shingle.h"

#define NDOCS 120

static uint64_t rng_next(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static const char *words[] = {
	"the", "council", "said", "bridge", "repairs", "would", "cost", "million", "ferries", "run",
	"minister", "police", "report", "village", "storm", "court", "judge", "market", "price", "oil",
	"school", "teachers", "strike", "hospital", "doctors", "rain", "river", "flood", "mayor", "vote",
	"election", "party", "leader", "company", "shares", "fell", "rose", "percent", "week", "year",
};

/* A random text of n words; a copy of base with a few words changed and more appended. */
static char *gen_text(uint64_t *rng, size_t n)
{
	size_t cap = n * 12 + 2, len = 0;
	char *t = xmalloc(cap);
	for (size_t i = 0; i < n; i++) {
		const char *w = words[rng_next(rng) % (sizeof words / sizeof *words)];
		len += (size_t)snprintf(t + len, cap - len, "%s%s", i ? " " : "", w);
	}
	return t;
}

static char *gen_variant(uint64_t *rng, const char *base, size_t extra)
{
	char *more = gen_text(rng, extra);
	char *t = xasprintf("%s %s", base, more);
	free(more);
	/* change one word in ten of the first half */
	size_t n = strlen(base) / 2;
	for (size_t i = 0; i < n; i++)
		if (t[i] == ' ' && rng_next(rng) % 10 == 0 && i + 1 < n)
			t[i + 1] = 'x';
	return t;
}

typedef struct model {
	crp_doc docs[NDOCS];
	uint64_t *set[NDOCS];
	size_t nset[NDOCS];
} model;

static void model_build(model *m, const arc_settings *s)
{
	uint64_t rng = 42;
	memset(m, 0, sizeof *m);
	shg_opts so = { s->shingle_k, s->char_ngrams, s->seed };
	shg_buf b = { 0 };
	for (size_t i = 0; i < NDOCS; i++) {
		char *t;
		if (i >= 10 && rng_next(&rng) % 3 == 0)
			t = gen_variant(&rng, (const char *)m->docs[rng_next(&rng) % i].text,
					rng_next(&rng) % 200);
		else
			t = gen_text(&rng, 60 + rng_next(&rng) % 200);
		crp_doc *d = &m->docs[i];
		d->id = xasprintf("d%03zu", i);
		d->path = xstrdup("model");
		d->text = (uint8_t *)t;
		d->nbytes = strlen(t);
		d->date = xasprintf("2024-01-%02zu", 1 + i % 28);
		shg_doc(d->text, d->nbytes, &so, &b);
		b.n = shg_sort_unique(b.v, b.n);
		m->set[i] = xmalloc((b.n + 1) * sizeof(uint64_t));
		memcpy(m->set[i], b.v, b.n * sizeof(uint64_t));
		m->nset[i] = b.n;
	}
	shg_buf_free(&b);
}

static void model_free(model *m)
{
	for (size_t i = 0; i < NDOCS; i++) {
		crp_doc_clear(&m->docs[i]);
		free(m->set[i]);
	}
}

static char *tmp_db(void)
{
	const char *dir = getenv("TMPDIR");
	char *p = xasprintf("%s/test_archive_%ld.db", dir && *dir ? dir : "/tmp", (long)getpid());
	return p;
}

static void rm_db(const char *p)
{
	unlink(p);
	char *x = xasprintf("%s-wal", p);
	unlink(x);
	free(x);
	x = xasprintf("%s-shm", p);
	unlink(x);
	free(x);
}

/* Every query answer equals brute force (scan mode), or contains every strong pair and
 * nothing that fails the thresholds (LSH mode). */
static void check_against_model(uint64_t scan_max)
{
	arc_settings s = arc_settings_default();
	s.scan_max = scan_max;
	s.gen_docs = 25; /* several generations of posting tables */
	model m;
	model_build(&m, &s);
	char *path = tmp_db();
	rm_db(path);
	arc *a = NULL;
	err_ctx e = { 0 };
	assert_int_equal(arc_open(path, ARC_CREATE, 0, &a, &e), 0);
	arc_add_opts o = { .set = s, .settings_given = true, .store_text = true, .batch_docs = 17,
			   .threads = 2 };
	arc_add_stats st;
	assert_int_equal(arc_add_docs(a, m.docs, NDOCS, &o, &st, &e), 0);
	assert_int_equal(st.added, NDOCS);
	assert_int_equal(st.batches, (NDOCS + 16) / 17);
	arc_query_opts qo = arc_query_opts_default();
	cand_filter f = { s.threshold, s.containment, false };
	size_t strong = 0, later_extends = 0;
	for (size_t i = 0; i < NDOCS; i++) {
		arc_answer ans;
		assert_int_equal(arc_query(a, &m.docs[i], &qo, &ans, &e), 0);
		assert_int_equal(ans.scanned, scan_max >= NDOCS);
		for (size_t j = 0; j < NDOCS; j++) {
			if (j == i)
				continue;
			cand_pair p = { 0 };
			cand_fill(&p, m.nset[i], m.nset[j],
				  shg_intersect(m.set[i], m.nset[i], m.set[j], m.nset[j]));
			bool want = cand_keep(&p, &f);
			const arc_match *got = NULL;
			for (size_t k = 0; k < ans.n; k++)
				if (!strcmp(ans.m[k].id, m.docs[j].id)) {
					got = &ans.m[k];
					/* the extender is named 0 (query) or 1 (this match) at any k */
					if (got->rel.label == REL_EXTEND) {
						assert_true(got->rel.extender == 0 || got->rel.extender == 1);
						later_extends += k > 0;
					}
				}
			if (got) {
				assert_true(want);
				assert_true(got->jaccard == p.jaccard && got->cont_ab == p.cont_ab &&
					    got->cont_ba == p.cont_ba);
				assert_int_equal(got->first, i % 28 < j % 28 ? 0 : i % 28 > j % 28 ? 1 : -1);
				assert_non_null(got->text);
			} else if (scan_max >= NDOCS || p.jaccard >= 0.6) {
				/* scan mode is exact; LSH finds pairs this strong with p > 0.999 */
				assert_false(want);
			}
			strong += want && p.jaccard >= 0.6;
		}
		arc_answer_clear(&ans);
	}
	assert_true(strong > 10); /* the model has planted pairs to find */
	assert_true(later_extends > 0); /* and queries with an extend past the first match */
	arc_close(a);
	rm_db(path);
	free(path);
	model_free(&m);
}

static void test_scan_mode_vs_naive(void **state)
{
	(void)state;
	check_against_model(5000);
}

static void test_lsh_mode_vs_naive(void **state)
{
	(void)state;
	check_against_model(0);
}

static void test_skip_replace_remove_settings(void **state)
{
	(void)state;
	arc_settings s = arc_settings_default();
	model m;
	model_build(&m, &s);
	char *path = tmp_db();
	rm_db(path);
	arc *a = NULL;
	err_ctx e = { 0 };
	assert_int_equal(arc_open(path, ARC_READ, 0, &a, &e), OVL_EINPUT); /* not there yet */
	assert_int_equal(arc_open(path, ARC_CREATE, 0, &a, &e), 0);
	arc_add_opts o = { .set = s, .store_text = false, .threads = 1 };
	arc_add_stats st;
	assert_int_equal(arc_add_docs(a, m.docs, 20, &o, &st, &e), 0);
	assert_int_equal(st.added, 20);
	assert_int_equal(arc_add_docs(a, m.docs, 20, &o, &st, &e), 0);
	assert_int_equal(st.unchanged, 20);
	/* a changed text under a known id replaces it */
	crp_doc c = m.docs[3];
	c.text = (uint8_t *)"a different text entirely about the harbour";
	c.nbytes = strlen((const char *)c.text);
	assert_int_equal(arc_add_docs(a, &c, 1, &o, &st, &e), 0);
	assert_int_equal(st.replaced, 1);
	assert_int_equal(arc_remove(a, m.docs[5].id, &e), 1);
	assert_int_equal(arc_remove(a, "no-such-id", &e), 0);
	uint64_t nprob = 1;
	assert_int_equal(arc_check(a, NULL, NULL, &nprob, &e), 0);
	assert_int_equal(nprob, 0);
	arc_stats sts;
	assert_int_equal(arc_get_stats(a, &sts, &e), 0);
	assert_int_equal(sts.docs, 19);
	assert_int_equal(sts.docs_text, 0); /* --no-text: shingle sets only */
	assert_true(sts.set_bytes > 0);
	arc_stats_clear(&sts);
	/* other settings are refused, with both in the message */
	arc_add_opts o2 = o;
	o2.settings_given = true;
	o2.set.shingle_k = 4;
	assert_int_equal(arc_add_docs(a, m.docs, 1, &o2, &st, &e), OVL_EUSAGE);
	assert_non_null(strstr(e.msg, "shingle 5"));
	assert_non_null(strstr(e.msg, "shingle 4"));
	arc_close(a);
	rm_db(path);
	free(path);
	model_free(&m);
}

/* One id twice in one input: handled as two adds in a row (the second replaces the first),
 * whether both fall in one transaction (the first one's postings are still queued, and in
 * a new archive its posting tables do not exist yet) or in two. */
static void test_same_id_twice(void **state)
{
	(void)state;
	for (size_t batch = 1000; batch >= 2; batch = batch == 1000 ? 2 : 0) {
		arc_settings s = arc_settings_default();
		s.scan_max = 0; /* LSH mode: answers come from the postings */
		model m;
		model_build(&m, &s);
		char *path = tmp_db();
		rm_db(path);
		arc *a = NULL;
		err_ctx e = { 0 };
		assert_int_equal(arc_open(path, ARC_CREATE, 0, &a, &e), 0);
		crp_doc in[4] = { m.docs[0], m.docs[1], m.docs[1], m.docs[2] };
		in[2].text = (uint8_t *)"a different text entirely about the harbour and its ferries "
					"which sailed late on friday";
		in[2].nbytes = strlen((const char *)in[2].text);
		arc_add_opts o = { .set = s, .settings_given = true, .store_text = true,
				   .batch_docs = batch, .threads = 1 };
		arc_add_stats st;
		assert_int_equal(arc_add_docs(a, in, 4, &o, &st, &e), 0);
		assert_int_equal(st.seen, 4);
		assert_int_equal(st.added, 3);
		assert_int_equal(st.replaced, 1);
		uint64_t nprob = 1;
		assert_int_equal(arc_check(a, NULL, NULL, &nprob, &e), 0);
		assert_int_equal(nprob, 0); /* no posting of the replaced text is left */
		uint64_t n = 0;
		assert_int_equal(arc_count(a, &n, &e), 0);
		assert_int_equal(n, 3);
		/* the first text under another id no longer finds d001; the second one does */
		arc_query_opts qo = arc_query_opts_default();
		crp_doc q = m.docs[1];
		q.id = "query";
		arc_answer ans;
		assert_int_equal(arc_query(a, &q, &qo, &ans, &e), 0);
		for (size_t k = 0; k < ans.n; k++)
			assert_string_not_equal(ans.m[k].id, "d001");
		arc_answer_clear(&ans);
		q = in[2];
		q.id = "query";
		assert_int_equal(arc_query(a, &q, &qo, &ans, &e), 0);
		assert_int_equal(ans.n, 1);
		assert_string_equal(ans.m[0].id, "d001");
		assert_true(ans.m[0].jaccard == 1.0);
		arc_answer_clear(&ans);
		arc_close(a);
		rm_db(path);
		free(path);
		model_free(&m);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scan_mode_vs_naive),
		cmocka_unit_test(test_lsh_mode_vs_naive),
		cmocka_unit_test(test_skip_replace_remove_settings),
		cmocka_unit_test(test_same_id_twice),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
