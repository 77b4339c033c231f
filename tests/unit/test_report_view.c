/* test_report_view.c - the one read side of report.json: documents by id (first of a
 * repeated id wins, as a scan would), the getters' default convention, the matrix check,
 * the measure table and the pair ranking, checked against a plain scan and a naive sort. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "overlap/report_view.h"

static json_t *parse(const char *text)
{
	json_error_t je;
	json_t *r = json_loads(text, 0, &je);
	if (!r)
		fail_msg("bad test JSON: %s", je.text);
	return r;
}

static rpt_view *view_of(const json_t *r)
{
	rpt_view *v = NULL;
	err_ctx e = {0};
	assert_int_equal(rpt_view_new(r, &v, &e), 0);
	assert_non_null(v);
	return v;
}

static void test_not_an_object(void **state)
{
	(void)state;
	json_t *arr = json_array();
	rpt_view *v = (rpt_view *)1;
	err_ctx e = {0};
	assert_int_equal(rpt_view_new(arr, &v, &e), OVL_EINPUT);
	assert_null(v);
	assert_non_null(strstr(e.msg, "not a JSON object"));
	json_decref(arr);
	rpt_view_free(NULL); /* a no-op */
}

/* The index answers what a linear scan over documents answers, for every id asked. */
static void test_documents_by_id(void **state)
{
	(void)state;
	json_t *r = parse("{\"documents\": [{\"id\": \"a\", \"title\": \"first a\"},"
		"{\"title\": \"no id\"}, {\"id\": 7}, {\"id\": \"b\"},"
		"{\"id\": \"a\", \"title\": \"second a\"}, \"not an object\", {\"id\": \"\"}]}");
	rpt_view *v = view_of(r);
	assert_int_equal(rpt_view_ndocs(v), 7);
	const char *ask[] = {"a", "b", "", "c", "7", "no id"};
	for (size_t q = 0; q < sizeof ask / sizeof ask[0]; q++) {
		long want = -1;
		for (size_t i = 0; i < 7 && want < 0; i++) {
			const char *id = json_string_value(json_object_get(rpt_view_doc_at(v, i), "id"));
			if (id && strcmp(id, ask[q]) == 0)
				want = (long)i;
		}
		assert_int_equal(rpt_view_doc_index(v, ask[q]), want);
	}
	assert_int_equal(rpt_view_doc_index(v, NULL), -1);
	assert_string_equal(rpt_str(rpt_view_doc(v, "a"), "title", NULL), "first a");
	assert_null(rpt_view_doc(v, "c"));
	assert_null(rpt_view_doc_at(v, 7));
	rpt_view_free(v);
	json_decref(r);

	/* many documents: every id found at its place (the table grows past 16 slots) */
	r = json_object();
	json_t *docs = json_array();
	for (int i = 0; i < 1000; i++) {
		char id[16];
		snprintf(id, sizeof id, "d%d", i);
		json_t *d = json_object();
		json_object_set_new(d, "id", json_string(id));
		json_array_append_new(docs, d);
	}
	json_object_set_new(r, "documents", docs);
	v = view_of(r);
	for (int i = 0; i < 1000; i++) {
		char id[16];
		snprintf(id, sizeof id, "d%d", i);
		assert_int_equal(rpt_view_doc_index(v, id), i);
	}
	assert_int_equal(rpt_view_doc_index(v, "d1000"), -1);
	rpt_view_free(v);
	json_decref(r);
}

static void test_getters(void **state)
{
	(void)state;
	json_t *o = parse("{\"s\": \"x\", \"n\": 2.5, \"i\": 3, \"z\": null, \"t\": true}");
	assert_string_equal(rpt_str(o, "s", "d"), "x");
	assert_string_equal(rpt_str(o, "n", "d"), "d");
	assert_string_equal(rpt_str(o, "missing", "d"), "d");
	assert_null(rpt_str(o, "z", NULL));
	assert_null(rpt_str(NULL, "s", NULL));
	assert_true(rpt_num(o, "n", 0) == 2.5);
	assert_true(rpt_num(o, "i", 0) == 3);
	assert_true(isnan(rpt_num(o, "s", NAN)));
	assert_true(isnan(rpt_num(o, "t", NAN)));
	assert_true(rpt_num(NULL, "n", -1) == -1);
	json_decref(o);
}

static void test_matrix_check(void **state)
{
	(void)state;
	static const struct {
		const char *json;
		size_t n; /* 0: unusable */
	} cases[] = {
		{"{\"matrix\": {\"ids\": [\"a\", \"b\"], \"values\": [[1, 0.5], [0.5, null]]}}", 2},
		{"{\"matrix\": {\"values\": [[1]]}}", 1},
		{"{\"matrix\": null}", 0},
		{"{}", 0},
		{"{\"matrix\": {\"values\": []}}", 0},
		{"{\"matrix\": {\"values\": [[1, 0], [0]]}}", 0},
		{"{\"matrix\": {\"values\": [[1, 0], 3]}}", 0},
		{"{\"matrix\": {\"ids\": [\"a\"], \"values\": [[1, 0], [0, 1]]}}", 0},
		{"{\"matrix\": [[1]]}", 0},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		json_t *r = parse(cases[i].json);
		rpt_view *v = view_of(r);
		size_t n = 99;
		const json_t *m = rpt_view_matrix(v, &n);
		assert_int_equal(n, cases[i].n);
		assert_true((m != NULL) == (cases[i].n > 0));
		rpt_view_free(v);
		json_decref(r);
	}
	json_t *sq = parse("[[1, 2], [3, 4]]");
	assert_true(rpt_matrix_ok(sq, 2));
	assert_false(rpt_matrix_ok(sq, 3));
	json_decref(sq);
}

static void test_measures(void **state)
{
	(void)state;
	const char *known[] = {"jaccard", "containment", "passage_coverage", "shared_claims",
		"topical"};
	for (size_t i = 0; i < 5; i++) {
		const rpt_measure *m = rpt_measure_find(known[i]);
		assert_non_null(m);
		assert_string_equal(m->name, known[i]);
		assert_true(m->title[0] >= 'A' && m->title[0] <= 'Z');
		assert_true(rpt_measure_name_ok(known[i]));
	}
	assert_null(rpt_measure_find("cosine"));
	assert_null(rpt_measure_find(NULL));
	assert_false(rpt_measure_name_ok(""));
	assert_false(rpt_measure_name_ok("../x"));
	assert_false(rpt_measure_name_ok("Jaccard"));
	assert_false(rpt_measure_name_ok("a_name_that_is_much_longer_than_forty_bytes"));
}

/* The ranking against the rule written out: overlap, then Jaccard, then relation, then
 * report order. */
static void test_ranking(void **state)
{
	(void)state;
	json_t *r = parse("{\"pairs\": ["
		"{\"jaccard\": 0.1, \"relation\": {\"label\": \"related\"}},"              /* 0: .1 */
		"{\"jaccard\": 0.2, \"containment_ab\": 0.9},"                              /* 1: .9 */
		"{\"jaccard\": 0.1, \"relation\": {\"label\": \"repeat\"}},"               /* 2: .1 */
		"{\"passage_coverage\": {\"a\": 0.5, \"b\": 1.7}},"                         /* 3: 1 */
		"{},"                                                                          /* 4: 0 */
		"{\"jaccard\": 0.05, \"containment_ba\": 0.9, \"relation\": {\"label\": \"x\"}}," /* 5 */
		"{\"jaccard\": 0.1, \"relation\": {\"label\": \"repeat\"}}"                /* 6: .1 */
		"]}");
	rpt_view *v = view_of(r);
	size_t n = 0;
	const size_t *order = rpt_view_ranked(v, &n);
	assert_int_equal(n, 7);
	const size_t want[] = {3, 1, 5, 2, 6, 0, 4};
	for (size_t i = 0; i < n; i++)
		assert_int_equal(order[i], want[i]);
	assert_true(rpt_pair_overlap(json_array_get(json_object_get(r, "pairs"), 3)) == 1);
	assert_true(rpt_pair_overlap(json_array_get(json_object_get(r, "pairs"), 4)) == 0);
	rpt_view_free(v);
	json_decref(r);

	json_t *none = json_object();
	v = view_of(none);
	assert_null(rpt_view_ranked(v, &n));
	assert_int_equal(n, 0);
	rpt_view_free(v);
	json_decref(none);

	assert_int_equal(rpt_relation_rank("repeat"), 0);
	assert_int_equal(rpt_relation_rank("unrelated"), 4);
	assert_int_equal(rpt_relation_rank(NULL), RPT_NRELATIONS);
	assert_string_equal(rpt_relation_name(2), "extend");
	assert_string_equal(rpt_relation_name(RPT_NRELATIONS), "other");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_not_an_object),
		cmocka_unit_test(test_documents_by_id),
		cmocka_unit_test(test_getters),
		cmocka_unit_test(test_matrix_check),
		cmocka_unit_test(test_measures),
		cmocka_unit_test(test_ranking),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
