/* test_report_json.c - report.json written streamed (rpt_json_stream) is byte for byte the
 * compact jansson dump of the whole tree (rpt_json_build + rpt_json_write), on runs that
 * take every path of the streamed writer: similarity only (hand-written documents and
 * pairs: JSONL metadata, dates, stories, hostile strings: quotes, backslashes, control
 * bytes, invalid UTF-8, UTF-8 jansson refuses, non-ASCII) and detail mode with claims
 * (per-item trees). Also --pretty: the indented dump of the same tree, and the printf-free
 * "%.17g" of the streamed reals (rpt_g17_unit) against snprintf for every k / 10^6.
 * And the same report.json, stories included, for any thread count (1-4) on both paths of
 * the similarity stage. And a view whose documents come from the result (what analyze
 * renders from) answers as the view over the whole tree: the same documents, ids, and
 * report.html byte for byte.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sys/stat.h>
#include <unistd.h>

#include "overlap/mem.h"
#include "overlap/pipeline.h"
#include "overlap/report.h"
#include "overlap/report_json.h"
#include "overlap/report_view.h"
#include "report/report_json_int.h"
#include "testutil.h"

/* full: a head filled whole (rpt_json_fill). A head with only its pairs filled, viewed
 * through rpt_json_doc_source, must give the same documents, the same id lookups and the
 * same report.html. */
static void check_source_view(const json_t *full, const pl_result *res, const char *path,
			      const char *tmp)
{
	err_ctx e = { 0 };
	json_t *head = json_deep_copy(full);
	json_array_clear(json_object_get(head, "documents"));
	json_array_clear(json_object_get(head, "pairs"));
	rpt_json_fill_pairs(head, res);
	assert_true(json_equal(json_object_get(head, "pairs"), json_object_get(full, "pairs")));
	rpt_view *vt = NULL, *vs = NULL;
	rpt_doc_source src = rpt_json_doc_source(res);
	assert_int_equal(rpt_view_new(full, &vt, &e), 0);
	assert_int_equal(rpt_view_new_source(head, &src, &vs, &e), 0);
	assert_int_equal(rpt_view_ndocs(vs), rpt_view_ndocs(vt));
	assert_int_equal(rpt_view_ntexts(vs), rpt_view_ntexts(vt));
	assert_null(rpt_view_doc_at(vs, rpt_view_ndocs(vt)));
	for (size_t i = 0; i < rpt_view_ndocs(vt); i++) {
		const char *id = rpt_str(rpt_view_doc_at(vt, i), "id", NULL);
		assert_int_equal(rpt_view_doc_index(vs, id), rpt_view_doc_index(vt, id));
		assert_true(json_equal(rpt_view_doc_at(vs, i), rpt_view_doc_at(vt, i)));
	}
	char *pt = xasprintf("%s/tree.html", tmp), *ps = xasprintf("%s/source.html", tmp);
	assert_int_equal(rpt_html(vt, pt, 1700000000, &e), 0);
	assert_int_equal(rpt_html(vs, ps, 1700000000, &e), 0);
	size_t nt, ns;
	char *a = tu_slurp(pt, &nt), *b = tu_slurp(ps, &ns);
	if (nt != ns || memcmp(a, b, nt) != 0)
		fail_msg("%s: report.html from the result's documents differs from the tree's", path);
	free(a);
	free(b);
	free(pt);
	free(ps);
	rpt_view_free(vt);
	rpt_view_free(vs);
	json_decref(head);
}

/* Run the pipeline on path, write report.json both ways and require the same bytes. */
static void check_same_bytes(const char *path, pl_config cfg, const char *tmp)
{
	err_ctx e = { 0 };
	pl_result *res = NULL;
	const char *paths[] = { path };
	assert_int_equal(pl_run(&cfg, paths, 1, &res, &e), 0);

	json_t *head = rpt_json_build_head(res, &cfg, "test");
	/* a caller's annotation, as the CLI adds (inputs, changed) */
	json_object_set_new(json_object_get(head, "parameters"), "inputs", json_string(path));
	char *streamed = xasprintf("%s/streamed.json", tmp);
	assert_int_equal(rpt_json_stream(head, res, 1, streamed, &e), 0);
	/* entries formatted on 3 threads, in chunks of a few: the same bytes */
	char *streamed3 = xasprintf("%s/streamed3.json", tmp);
	assert_int_equal(rpt_json_stream(head, res, 3, streamed3, &e), 0);
	size_t n1, n3;
	char *s1 = tu_slurp(streamed, &n1), *s3 = tu_slurp(streamed3, &n3);
	assert_int_equal(n1, n3);
	assert_memory_equal(s1, s3, n1);
	free(s1);
	free(s3);
	free(streamed3);
	rpt_json_fill(head, res);
	assert_int_equal(json_array_size(json_object_get(head, "documents")), res->sim->ndocs);
	char *tree = xasprintf("%s/tree.json", tmp);
	assert_int_equal(rpt_json_write(head, tree, false, &e), 0);
	size_t na, nb;
	char *a = tu_slurp(streamed, &na), *b = tu_slurp(tree, &nb);
	if (na != nb || memcmp(a, b, na) != 0) {
		size_t i = 0;
		while (i < na && i < nb && a[i] == b[i])
			i++;
		fail_msg("streamed report differs from the tree's dump at byte %zu:\n%.120s\n%.120s",
			 i, a + (i > 40 ? i - 40 : 0), b + (i > 40 ? i - 40 : 0));
	}
	assert_int_equal(a[na - 1], '\n');
	check_source_view(head, res, path, tmp);
	/* compact: one line */
	assert_null(memchr(a, '\n', na - 1));
	/* pretty: the indented dump of the same tree, still the same JSON */
	char *pretty = xasprintf("%s/pretty.json", tmp);
	assert_int_equal(rpt_json_write(head, pretty, true, &e), 0);
	json_t *pa = json_load_file(pretty, 0, NULL), *pb = json_load_file(tree, 0, NULL);
	assert_non_null(pa);
	assert_true(json_equal(pa, pb));
	size_t np;
	char *pt = tu_slurp(pretty, &np);
	assert_non_null(strstr(pt, "\n \"version\": \"test\""));
	free(pt);
	json_decref(pa);
	json_decref(pb);
	free(a);
	free(b);
	free(streamed);
	free(tree);
	free(pretty);
	json_decref(head);
	pl_result_free(res);
}

static void test_similarity_only_hostile(void **state)
{
	(void)state;
	char *dir = tu_mkdtemp("rjson");
	char *in = xasprintf("%s/in", dir);
	assert_int_equal(mkdir(in, 0755), 0);
	const char *base = "The harbour bridge was closed on Monday after engineers found cracks in "
			   "two of its steel supports and the council said repairs would take weeks";
	/* JSONL with metadata (nested, numbers, non-ASCII), dates, hostile titles and ids */
	char *jl = xasprintf(
		"{\"id\":\"q\\\"uote\\\\back\",\"title\":\"tab\\there \\u0001 \\u001b[2J ctl\",\"date\":\"2024-03-01\","
		"\"source\":\"Wire\",\"n\":12,\"x\":1.5,\"tags\":[\"a\",{\"z\":null,\"b\":true}],"
		"\"text\":\"%s one\"}\n"
		"{\"id\":\"caf\xc3\xa9 \xe2\x80\x9cquoted\xe2\x80\x9d\",\"date\":\"2024-03-03T10:00:00Z\","
		"\"text\":\"%s two\"}\n"
		"{\"id\":\"slash/\\u2028sep\",\"url\":\"http://x/y\",\"text\":\"%s three\"}\n"
		"{\"id\":7,\"text\":\"Nothing in common with the others at all, a bakery prize story.\"}\n",
		base, base, base);
	tu_write_file(in, "news.jsonl", jl, strlen(jl));
	free(jl);
	/* whole files: invalid UTF-8, a CESU surrogate (valid to some decoders, not jansson),
	 * a control byte and quotes in the first line (the title) */
	char *f1 = xasprintf("Bad \xff\xfe bytes \"and\" \x01 \x1b[2J controls\n%s four\n", base);
	tu_write_file(in, "bad1.txt", f1, strlen(f1));
	free(f1);
	char *f2 = xasprintf("Surrogate \xed\xa0\x80 here\n%s five\n", base);
	tu_write_file(in, "bad2.txt", f2, strlen(f2));
	free(f2);
	char *f3 = xasprintf("%s six, with a backslash \\ and a DEL \x7f\n", base);
	tu_write_file(in, "back\\slash.txt", f3, strlen(f3));
	free(f3);

	pl_config cfg = pl_config_default();
	cfg.sim.threshold = 0.2;
	cfg.threads = 2;
	cfg.detail_max = 0; /* similarity only: the hand-written path */
	check_same_bytes(in, cfg, dir);
	cfg.stories = false;
	check_same_bytes(in, cfg, dir);
	/* LSH mode too (pass 2 and the containment join) */
	cfg.sim.all_pairs_max = 1;
	check_same_bytes(in, cfg, dir);
	tu_rm_rf(dir);
	free(in);
	free(dir);
}

/* rpt_g17_unit gives snprintf's "%.17g" for every real a report holds in (0, 1) (k / 10^6),
 * the values next to them and to the range's ends, and refuses what is out of range. */
static void test_g17_unit(void **state)
{
	(void)state;
	char fast[48], slow[48];
	for (long k = 0; k <= 1000000; k++) {
		double x = (double)k / 1e6, near[3] = { x, nextafter(x, 0.0), nextafter(x, 2.0) };
		for (int v = 0; v < 3; v++) {
			size_t n = rpt_g17_unit(near[v], fast);
			if (!(near[v] > 1e-6 && near[v] < 1.0)) {
				assert_int_equal(n, 0);
				continue;
			}
			snprintf(slow, sizeof slow, "%.17g", near[v]);
			if (n != strlen(slow) || strcmp(fast, slow) != 0)
				fail_msg("k %ld (%d): \"%s\" for \"%s\"", k, v, fast, slow);
		}
	}
	assert_int_equal(rpt_g17_unit(1.0, fast), 0);
	assert_int_equal(rpt_g17_unit(-0.5, fast), 0);
	assert_int_equal(rpt_g17_unit(NAN, fast), 0);
}

static void test_detail_with_claims(void **state)
{
	(void)state;
	char *dir = tu_mkdtemp("rjson");
	char *corpus = xasprintf("%s/corpus", tu_root());
	pl_config cfg = pl_config_default();
	cfg.threads = 2;
	check_same_bytes(corpus, cfg, dir);
	char *dated = xasprintf("%s/tests/data/dated", tu_root());
	check_same_bytes(dated, cfg, dir);
	free(dated);
	tu_rm_rf(dir);
	free(corpus);
	free(dir);
}

/* report.json of a run of path on `threads` threads (all_pairs_max 0: the similarity
 * stage's LSH path, else its all-pairs path), as bytes. */
static char *report_bytes(const char *path, unsigned threads, bool lsh, const char *tmp,
			  size_t *n)
{
	pl_config cfg = pl_config_default();
	cfg.threads = threads;
	if (lsh)
		cfg.sim.all_pairs_max = 0;
	err_ctx e = { 0 };
	pl_result *res = NULL;
	const char *paths[] = { path };
	assert_int_equal(pl_run(&cfg, paths, 1, &res, &e), 0);
	assert_non_null(res->topic);
	assert_true(res->topic->nstories > 0);
	json_t *head = rpt_json_build_head(res, &cfg, "test");
	char *out = xasprintf("%s/threads.json", tmp);
	assert_int_equal(rpt_json_stream(head, res, 1, out, &e), 0);
	char *b = tu_slurp(out, n);
	free(out);
	json_decref(head);
	pl_result_free(res);
	return b;
}

static void test_stories_any_threads(void **state)
{
	(void)state;
	char *dir = tu_mkdtemp("rjthreads");
	char *corpus = xasprintf("%s/corpus", tu_root());
	char *dated = xasprintf("%s/tests/data/dated", tu_root());
	const char *paths[] = { corpus, dated };
	for (size_t p = 0; p < 2; p++)
		for (int lsh = 0; lsh <= 1; lsh++) {
			size_t n1, n;
			char *one = report_bytes(paths[p], 1, lsh, dir, &n1);
			assert_non_null(strstr(one, "\"stories\""));
			for (unsigned threads = 2; threads <= 4; threads++) {
				char *more = report_bytes(paths[p], threads, lsh, dir, &n);
				if (n != n1 || memcmp(one, more, n) != 0)
					fail_msg("%s, %u threads, lsh %d: report.json differs from one "
						 "thread's", paths[p], threads, lsh);
				free(more);
			}
			free(one);
		}
	free(dated);
	free(corpus);
	tu_rm_rf(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_similarity_only_hostile),
		cmocka_unit_test(test_detail_with_claims),
		cmocka_unit_test(test_g17_unit),
		cmocka_unit_test(test_stories_any_threads),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
