/* test_similarity.c - sim_run end to end over temp folders built from corpus/ articles with
 * planted copies: any thread count gives the same result, exact all-pairs and forced LSH
 * (all_pairs_max = 0, two passes) agree, planted copies and contained stories are found,
 * documents without words never pair, duplicate ids are an error naming both places, files
 * of one name in two folders are named by their folders. */
#include <setjmp.h>
#include <stdatomic.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "testutil.h"

#include "overlap/corpus.h"
#include "overlap/mem.h"
#include "overlap/similarity.h"

#ifndef OVL_SOURCE_ROOT
#define OVL_SOURCE_ROOT "."
#endif

static const char *const names[] = {
	"000_a7004b4e3752436e.txt", "001_84a70742c93fdf8f.txt", "002_3151411f59005c19.txt",
	"003_2e1e3af4905333a7.txt", "004_e8f161a0af7dad6a.txt",
};

/* Folder: the 5 articles, 001 and 004 with words dropped, 002 with 003 inside, 000 in four
 * paragraph-aligned parts, a one-word document and a document of punctuation only (the
 * reader skips the latter). */
static char *make_planted_dir(void)
{
	char tmpl[] = "/tmp/ovl_sim_XXXXXX";
	char *dir = mkdtemp(tmpl);
	assert_non_null(dir);
	dir = xstrdup(dir);
	size_t n[5];
	char *t[5];
	for (int i = 0; i < 5; i++) {
		t[i] = tu_read_corpus(names[i], &n[i]);
		char *nm = xasprintf("orig%d.txt", i);
		tu_write_file(dir, nm, t[i], n[i]);
		free(nm);
	}
	size_t m;
	char *e = tu_drop_words(t[1], n[1], 30, &m);
	tu_write_file(dir, "copy1.txt", e, m);
	free(e);
	e = tu_drop_words(t[4], n[4], 25, &m);
	tu_write_file(dir, "copy4.txt", e, m);
	free(e);
	char *h = xmalloc(n[2] + n[3] + 2);
	size_t half = n[2] / 2;
	while (half < n[2] && t[2][half] != '\n')
		half++;
	memcpy(h, t[2], half);
	h[half] = '\n';
	memcpy(h + half + 1, t[3], n[3]);
	memcpy(h + half + 1 + n[3], t[2] + half, n[2] - half);
	tu_write_file(dir, "host2.txt", h, n[2] + n[3] + 1);
	free(h);
	size_t start = 0;
	for (int p = 0; p < 4; p++) {
		size_t end = p == 3 ? n[0] : (n[0] * (p + 1)) / 4;
		while (end < n[0] && t[0][end] != '\n')
			end++;
		char *nm = xasprintf("part0_%d.txt", p);
		tu_write_file(dir, nm, t[0] + start, end - start);
		free(nm);
		start = end;
	}
	tu_write_file(dir, "zpunct.txt", "-- ... -- !!\n", 13);
	tu_write_file(dir, "zword.txt", "Kaspersky\n", 10);
	for (int i = 0; i < 5; i++)
		free(t[i]);
	return dir;
}

static sim_result *run(const char *dir, sim_opts o)
{
	const char *paths[1] = { dir };
	crp_opts co = { 0 };
	crp_reader *r = NULL;
	err_ctx e = { 0 };
	assert_int_equal(crp_open(paths, 1, &co, &r, &e), 0);
	sim_result *res = NULL;
	int rc = sim_run(r, &o, &res, &e);
	if (rc != 0)
		fprintf(stderr, "sim_run: %s: %s\n", e.path, e.msg);
	assert_int_equal(rc, 0);
	crp_free(r);
	return res;
}

static void assert_same(const sim_result *x, const sim_result *y)
{
	assert_int_equal(x->ndocs, y->ndocs);
	for (size_t i = 0; i < x->ndocs; i++) {
		assert_string_equal(x->docs[i].id, y->docs[i].id);
		assert_int_equal(x->docs[i].nwords, y->docs[i].nwords);
		assert_int_equal(x->docs[i].nshingles, y->docs[i].nshingles);
	}
	assert_int_equal(x->npairs, y->npairs);
	if (x->npairs)
		assert_memory_equal(x->pairs, y->pairs, x->npairs * sizeof *x->pairs);
	assert_int_equal(x->all_pairs, y->all_pairs);
	assert_int_equal(x->ncandidates, y->ncandidates);
}

static long find_doc(const sim_result *r, const char *id)
{
	for (size_t i = 0; i < r->ndocs; i++)
		if (strcmp(r->docs[i].id, id) == 0)
			return (long)i;
	return -1;
}

static const sim_pair *find_pair(const sim_result *r, const char *x, const char *y)
{
	long a = find_doc(r, x), b = find_doc(r, y);
	assert_true(a >= 0 && b >= 0);
	if (a > b) {
		long t = a;
		a = b;
		b = t;
	}
	for (size_t i = 0; i < r->npairs; i++)
		if (r->pairs[i].a == a && r->pairs[i].b == b)
			return &r->pairs[i];
	return NULL;
}

typedef struct seen {
	uint32_t next;
	size_t bytes;
} seen;

static void on_doc(void *ud, uint32_t idx, const crp_doc *doc, const sim_doc *info)
{
	seen *s = ud;
	assert_int_equal(idx, s->next);
	s->next++;
	assert_string_equal(doc->id, info->id);
	assert_int_equal(doc->nbytes, info->nbytes);
	s->bytes += doc->nbytes;
}

static void test_planted_folder(void **state)
{
	(void)state;
	char *dir = make_planted_dir();
	sim_opts o = sim_opts_default();
	o.threshold = 0.5;
	o.containment = 0.5;
	sim_result *ap[3], *ls[3];
	seen s = { 0, 0 };
	for (unsigned t = 1; t <= 3; t++) {
		o.threads = t;
		o.all_pairs_max = 5000;
		o.on_doc = t == 1 ? on_doc : NULL;
		o.ud = &s;
		ap[t - 1] = run(dir, o);
		o.on_doc = NULL;
		o.all_pairs_max = 0; /* force LSH + containment + second pass */
		ls[t - 1] = run(dir, o);
	}
	const sim_result *r = ap[0];
	assert_int_equal(s.next, r->ndocs);
	assert_int_equal(r->ndocs, 13);
	assert_true(find_doc(r, "zpunct") < 0);
	assert_true(r->all_pairs);
	assert_false(ls[0]->all_pairs);
	for (int t = 1; t < 3; t++) {
		assert_same(ap[0], ap[t]);
		assert_same(ls[0], ls[t]);
	}
	/* planted relations are there, with sensible values */
	const sim_pair *p = find_pair(r, "orig1", "copy1");
	assert_non_null(p);
	assert_true(p->jaccard > 0.5 && p->jaccard < 0.9);
	assert_true(p->jaccard_est > p->jaccard - 0.15 && p->jaccard_est < p->jaccard + 0.15);
	assert_non_null(find_pair(r, "orig4", "copy4"));
	p = find_pair(r, "orig3", "host2");
	assert_non_null(p);
	assert_true(p->jaccard < 0.5);
	/* host2 sorts before orig3, so b = orig3, and orig3 is wholly inside host2 */
	assert_true(find_doc(r, "host2") == p->a);
	assert_true(p->cont_ba > 0.99 && p->cont_ab < 0.5);
	assert_non_null(find_pair(r, "orig2", "host2"));
	for (int q = 0; q < 4; q++) {
		char nm[32];
		snprintf(nm, sizeof nm, "part0_%d", q);
		p = find_pair(r, "orig0", nm);
		assert_non_null(p);
	}
	/* unrelated articles and the one-word document never pair */
	assert_null(find_pair(r, "orig1", "orig4"));
	long z = find_doc(r, "zword");
	assert_true(z >= 0);
	assert_int_equal(r->docs[z].nwords, 1);
	assert_int_equal(r->docs[z].nshingles, 1);
	for (size_t i = 0; i < r->npairs; i++) {
		assert_true(r->pairs[i].a != z && r->pairs[i].b != z);
		if (i)
			assert_true(r->pairs[i - 1].a < r->pairs[i].a ||
				    (r->pairs[i - 1].a == r->pairs[i].a &&
				     r->pairs[i - 1].b < r->pairs[i].b));
	}
	/* all-pairs vs LSH: same reported pairs with identical exact values */
	assert_int_equal(ls[0]->npairs, r->npairs);
	assert_memory_equal(ls[0]->pairs, r->pairs, r->npairs * sizeof *r->pairs);

	/* 14 files, 13 documents (one skipped by the reader): with all_pairs_max = 13 pass 1
	 * does not keep sets (more files than the limit) and a set-collecting pass follows;
	 * the result is the same exact all-pairs result. */
	o.threads = 2;
	o.all_pairs_max = 13;
	sim_result *p3 = run(dir, o);
	assert_true(p3->all_pairs);
	assert_same(ap[0], p3);
	sim_result_free(p3);

	/* keep_all_overlapping reports every pair sharing a shingle (a superset) */
	o.threads = 2;
	o.all_pairs_max = 5000;
	o.keep_all_overlapping = true;
	sim_result *all = run(dir, o);
	assert_true(all->npairs >= r->npairs);
	for (size_t i = 0; i < r->npairs; i++)
		assert_non_null(find_pair(all, r->docs[r->pairs[i].a].id, r->docs[r->pairs[i].b].id));
	sim_result_free(all);
	for (int t = 0; t < 3; t++) {
		sim_result_free(ap[t]);
		sim_result_free(ls[t]);
	}
	tu_rm_rf(dir);
	free(dir);
}

/* More documents than one batch (2048): thread counts agree; LSH pairs are a subset of the
 * exact ones with the same values, and high-similarity pairs are all found. */
static void test_many_docs(void **state)
{
	(void)state;
	char tmpl[] = "/tmp/ovl_sim_XXXXXX";
	char *dir = mkdtemp(tmpl);
	assert_non_null(dir);
	/* sentences of the corpus as a pool */
	char *sent[2000];
	size_t nsent = 0;
	for (int i = 0; i < 5; i++) {
		size_t n;
		char *t = tu_read_corpus(names[i], &n);
		size_t st = 0;
		for (size_t j = 0; j < n && nsent < 2000; j++)
			if (t[j] == '.' || t[j] == '\n') {
				if (j - st > 40)
					sent[nsent++] = xstrndup(t + st, j - st + 1);
				st = j + 1;
			}
		free(t);
	}
	assert_true(nsent > 150);
	uint64_t rng = 5;
	for (int d = 0; d < 2300; d++) {
		/* six random sentences (so many documents share one); every 25th document
		 * is the previous one plus a seventh sentence (a near copy, J ~ 0.85) */
		size_t pick[7];
		for (int k = 0; k < 7; k++) {
			rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
			pick[k] = (rng >> 33) % nsent;
		}
		static size_t prev[6];
		bool copy = d % 25 == 1;
		if (copy)
			memcpy(pick, prev, sizeof prev);
		memcpy(prev, pick, sizeof prev);
		char *txt = xasprintf("%s %s %s %s %s %s %s", sent[pick[0]], sent[pick[1]],
				      sent[pick[2]], sent[pick[3]], sent[pick[4]], sent[pick[5]],
				      copy ? sent[pick[6]] : "");
		char nm[32];
		snprintf(nm, sizeof nm, "d%05d.txt", d);
		tu_write_file(dir, nm, txt, strlen(txt));
		free(txt);
	}
	sim_opts o = sim_opts_default();
	o.threshold = 0.5;
	o.containment = 2.0; /* Jaccard only */
	o.threads = 1;
	sim_result *ap1 = run(dir, o);
	o.threads = 3;
	sim_result *ap3 = run(dir, o);
	assert_same(ap1, ap3);
	o.all_pairs_max = 0;
	sim_result *ls3 = run(dir, o);
	o.threads = 1;
	sim_result *ls1 = run(dir, o);
	assert_same(ls1, ls3);
	assert_int_equal(ap1->ndocs, 2300);
	size_t high = 0, high_found = 0;
	for (size_t i = 0; i < ap1->npairs; i++) {
		const sim_pair *p = &ap1->pairs[i];
		const sim_pair *q = find_pair(ls1, ap1->docs[p->a].id, ap1->docs[p->b].id);
		if (p->jaccard >= 0.75) {
			high++;
			high_found += q != NULL;
		}
		if (q)
			assert_memory_equal(p, q, sizeof *p);
	}
	for (size_t i = 0; i < ls1->npairs; i++)
		assert_non_null(find_pair(ap1, ls1->docs[ls1->pairs[i].a].id,
					  ls1->docs[ls1->pairs[i].b].id));
	assert_true(high >= 80);
	assert_int_equal(high_found, high);
	sim_result_free(ap1);
	sim_result_free(ap3);
	sim_result_free(ls1);
	sim_result_free(ls3);
	for (size_t i = 0; i < nsent; i++)
		free(sent[i]);
	tu_rm_rf(dir);
}

static void test_duplicate_id(void **state)
{
	(void)state;
	char tmpl[] = "/tmp/ovl_sim_XXXXXX";
	char *dir = mkdtemp(tmpl);
	assert_non_null(dir);
	char *a = xasprintf("%s/a", dir), *b = xasprintf("%s/b", dir);
	assert_int_equal(mkdir(a, 0700), 0);
	assert_int_equal(mkdir(b, 0700), 0);
	const char *ta = "The ministry banned the software on Monday.";
	const char *tb = "A different text about something else entirely.";
	tu_write_file(a, "story.txt", ta, strlen(ta));
	tu_write_file(b, "story.txt", tb, strlen(tb));
	const char *paths[1] = { dir };
	crp_opts co = { 0 };
	crp_reader *r = NULL;
	err_ctx e = { 0 };
	assert_int_equal(crp_open(paths, 1, &co, &r, &e), 0);
	sim_opts o = sim_opts_default();
	sim_result *res = (sim_result *)1;
	/* two files of one name in two folders: each is named by its folder, not an error */
	assert_int_equal(sim_run(r, &o, &res, &e), 0);
	assert_int_equal(res->ndocs, 2);
	assert_string_equal(res->docs[0].id, "a/story");
	assert_string_equal(res->docs[1].id, "b/story");
	sim_result_free(res);
	crp_free(r);
	/* bad options */
	assert_int_equal(crp_open(paths, 1, &co, &r, &e), 0);
	o.threshold = 0.0;
	assert_int_equal(sim_run(r, &o, &res, &e), OVL_EUSAGE);
	o = sim_opts_default();
	o.nperm = 0;
	assert_int_equal(sim_run(r, &o, &res, &e), OVL_EUSAGE);
	crp_free(r);
	tu_rm_rf(dir);
	free(a);
	free(b);
}

/* doc_words gets the documents under doc_words_max, with their words; doc_work the rest. */
typedef struct words_seen {
	atomic_size_t words, work, with_spans;
	atomic_bool late_words; /* doc_words called for a document past the limit */
} words_seen;

static void *count_words(void *ud, uint32_t idx, const crp_doc *doc, const uint64_t *hashes,
			 const uint64_t *spans, size_t n, unsigned worker)
{
	(void)doc;
	(void)hashes;
	(void)worker;
	words_seen *w = ud;
	atomic_fetch_add(&w->words, 1);
	if (spans && n)
		atomic_fetch_add(&w->with_spans, 1);
	if (idx >= 5)
		atomic_store(&w->late_words, true);
	return NULL;
}

static void *count_work(void *ud, uint32_t idx, const crp_doc *doc, unsigned worker)
{
	(void)idx;
	(void)doc;
	(void)worker;
	atomic_fetch_add(&((words_seen *)ud)->work, 1);
	return NULL;
}

static void test_doc_words_max(void **state)
{
	(void)state;
	char *dir = make_planted_dir();
	sim_result *ref = NULL;
	for (unsigned t = 1; t <= 3; t += 2) {
		words_seen w = { 0 };
		sim_opts o = sim_opts_default();
		o.threads = t;
		o.all_pairs_max = 0;
		o.doc_words = count_words;
		o.doc_work = count_work;
		o.doc_words_max = 5;
		o.ud = &w;
		sim_result *r = run(dir, o);
		assert_int_equal(r->ndocs, 13);
		assert_int_equal(atomic_load(&w.words), 5);
		assert_int_equal(atomic_load(&w.with_spans), 5);
		assert_int_equal(atomic_load(&w.work), 8);
		assert_false(atomic_load(&w.late_words));
		/* the same result as without the callbacks */
		if (!ref) {
			sim_opts p = sim_opts_default();
			p.all_pairs_max = 0;
			ref = run(dir, p);
		}
		assert_same(ref, r);
		sim_result_free(r);
	}
	sim_result_free(ref);
	tu_rm_rf(dir);
	free(dir);
}

/* A file name two folders share stays retired (every later file of that name is named by
 * its folders) after the id table has grown: the table's growth once freed the list of
 * retired names, which was then read and freed again. */
static void test_retired_id_after_growth(void **state)
{
	(void)state;
	char tmpl[] = "/tmp/ovl_sim_XXXXXX";
	char *dir = mkdtemp(tmpl);
	assert_non_null(dir);
	char *sub[4];
	for (int k = 0; k < 4; k++) {
		sub[k] = xasprintf("%s/%c", dir, 'a' + k);
		assert_int_equal(mkdir(sub[k], 0700), 0);
	}
	const char *t = "The ministry banned the software on Monday, officials said.";
	tu_write_file(sub[0], "story.txt", t, strlen(t));
	tu_write_file(sub[1], "story.txt", t, strlen(t));
	/* more documents than the first table holds (1,024 slots at load 1/2) */
	for (int i = 0; i < 1200; i++) {
		char name[32], text[96];
		snprintf(name, sizeof name, "f%04d.txt", i);
		snprintf(text, sizeof text, "Item %d of the filler set, number %d.", i, i * 7);
		tu_write_file(sub[2], name, text, strlen(text));
	}
	tu_write_file(sub[3], "story.txt", t, strlen(t));
	const char *paths[1] = { dir };
	crp_opts co = { 0 };
	crp_reader *r = NULL;
	err_ctx e = { 0 };
	assert_int_equal(crp_open(paths, 1, &co, &r, &e), 0);
	sim_opts o = sim_opts_default();
	sim_result *res = NULL;
	assert_int_equal(sim_run(r, &o, &res, &e), 0);
	assert_int_equal(res->ndocs, 1203);
	assert_true(find_doc(res, "a/story") >= 0);
	assert_true(find_doc(res, "b/story") >= 0);
	assert_true(find_doc(res, "d/story") >= 0);
	assert_true(find_doc(res, "story") < 0);
	sim_result_free(res);
	crp_free(r);
	tu_rm_rf(dir);
	for (int k = 0; k < 4; k++)
		free(sub[k]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_planted_folder),
		cmocka_unit_test(test_many_docs),
		cmocka_unit_test(test_duplicate_id),
		cmocka_unit_test(test_retired_id_after_growth),
		cmocka_unit_test(test_doc_words_max),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
