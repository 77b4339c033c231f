/* test_report.c - charts and the HTML page from a report json_t: hostile titles cannot run
 * anything through gnuplot (gnuplot runs for real), a missing gnuplot still leaves the
 * .gp/.dat and succeeds with one warning, a failing or hung gnuplot keeps the earlier
 * images, and no document text reaches report.html unescaped. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <dirent.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "overlap/mem.h"
#include "overlap/report.h"
#include "overlap/report_matrix.h"
#include "testutil.h"

/* The writers read through a report view (report_view.h): these build one per call, as
 * the CLI does once per run. A report that is not an object fails in rpt_view_new. */
static int charts_of(const json_t *r, const char *dir, const rpt_chart_opts *o,
		     rpt_chart_info *info, err_ctx *e)
{
	rpt_view *v = NULL;
	if (info)
		memset(info, 0, sizeof *info);
	int rc = rpt_view_new(r, &v, e);
	if (rc == 0)
		rc = rpt_charts(v, dir, o, info, e);
	rpt_view_free(v);
	return rc;
}

static int html_of(const json_t *r, const char *path, err_ctx *e)
{
	rpt_view *v = NULL;
	int rc = rpt_view_new(r, &v, e);
	if (rc == 0)
		rc = rpt_html(v, path, -1, e);
	rpt_view_free(v);
	return rc;
}

static int mview_of(const json_t *r, const json_t *matrix, const json_t *values,
		    size_t label_chars, rpt_mview *mv)
{
	rpt_view *v = NULL;
	err_ctx e = {0};
	memset(mv, 0, sizeof *mv);
	if (rpt_view_new(r, &v, &e) < 0)
		return -1;
	int rc = rpt_mview_build(v, matrix, values, label_chars, mv);
	rpt_view_free(v);
	return rc;
}

/* ---- helpers --------------------------------------------------------------------- */

static bool exists(const char *dir, const char *name)
{
	char *p = xasprintf("%s/%s", dir, name);
	struct stat st;
	bool ok = stat(p, &st) == 0 && st.st_size > 0;
	free(p);
	return ok;
}

static char *read_in(const char *dir, const char *name)
{
	char *p = xasprintf("%s/%s", dir, name);
	char *s = tu_slurp(p, NULL);
	free(p);
	return s;
}

static bool have_gnuplot(void)
{
	const char *path = getenv("PATH");
	if (!path)
		return false;
	char *copy = xstrdup(path);
	bool found = false;
	for (char *save = NULL, *d = strtok_r(copy, ":", &save); d && !found;
		d = strtok_r(NULL, ":", &save)) {
		char *p = xasprintf("%s/gnuplot", d);
		found = access(p, X_OK) == 0;
		free(p);
	}
	free(copy);
	return found;
}

/* No leftover temporary ("NAME.tmp.PID") in dir. */
static void assert_no_temps(const char *dir)
{
	DIR *d = opendir(dir);
	assert_non_null(d);
	struct dirent *de;
	while ((de = readdir(d)))
		if (strstr(de->d_name, ".tmp."))
			fail_msg("temporary left behind: %s", de->d_name);
	closedir(d);
}

typedef struct warn_log {
	int count;
	char last[1024];
} warn_log;

static void on_warn(void *ud, const char *path, const char *msg)
{
	warn_log *w = ud;
	w->count++;
	snprintf(w->last, sizeof w->last, "%s: %s", path ? path : "", msg);
}

/* A report of n documents with the given titles (NULL: "Document i") and texts (may be
 * NULL), a full n x n matrix (all four measures), one claim shared by documents 0 and 1
 * and one single-source claim of document 0. */
static json_t *make_report(size_t n, const char *const *titles, const char *const *texts)
{
	json_t *docs = json_array(), *ids = json_array(), *tl = json_array();
	for (size_t i = 0; i < n; i++) {
		char id[32], t[32];
		snprintf(id, sizeof id, "doc%zu", i);
		snprintf(t, sizeof t, "Document %zu", i);
		const char *title = titles && titles[i] ? titles[i] : t;
		json_t *d = json_pack("{s:s, s:s, s:i, s:i}", "id", id, "title", title, "words", 100,
			"claims", i < 2 ? (i == 0 ? 2 : 1) : 0);
		if (texts && texts[i])
			json_object_set_new(d, "text", json_string(texts[i]));
		json_array_append_new(docs, d);
		json_array_append_new(ids, json_string(id));
		json_array_append_new(tl, json_string(title));
	}
	json_t *measures = json_object();
	static const char *const names[] = {"jaccard", "containment", "passage_coverage",
		"shared_claims"};
	json_t *values = NULL;
	for (size_t m = 0; m < 4; m++) {
		json_t *mat = json_array();
		for (size_t i = 0; i < n; i++) {
			json_t *row = json_array();
			for (size_t j = 0; j < n; j++)
				json_array_append_new(row, json_real(i == j ? 1.0 :
					(double)((i * 7 + j * 3 + m) % 10) / 10.0));
			json_array_append_new(mat, row);
		}
		if (m == 2)
			values = json_deep_copy(mat);
		json_object_set_new(measures, names[m], mat);
	}
	json_t *matrix = json_pack("{s:o, s:o, s:s, s:o, s:o}", "ids", ids, "titles", tl,
		"measure", "passage_coverage", "values", values, "measures", measures);
	json_t *claims = json_array();
	if (n >= 2) {
		json_array_append_new(claims, json_pack("{s:s, s:s, s:[s,s], s:i, s:b}", "id", "C1",
			"text", "shared claim", "documents", "doc0", "doc1", "sources", 2,
			"single_source", 0));
		json_array_append_new(claims, json_pack("{s:s, s:s, s:[s], s:i, s:b}", "id", "C2",
			"text", "single claim", "documents", "doc0", "sources", 1, "single_source", 1));
	}
	return json_pack("{s:s, s:o, s:[], s:o, s:o, s:[]}", "tool", "overlap", "documents", docs,
		"pairs", "matrix", matrix, "claims", claims, "contradictions");
}

/* Hostile titles: quotes of both kinds, backquotes, system(), @macro, backslash, &,
 * newline, a leading quote, non-ASCII and CJK. */
static const char *const HOSTILE_TITLES[] = {
	"system(\"touch PWNED\")",
	"`touch PWNED2` back",
	"'lead quote'; system('touch PWNED3')",
	/* a whole command on its own line if a newline got through (fits the 28-char cut) */
	"@x\\&\nsystem(\"touch PWNED4\")\n",
	"Москва \xC2\xAB\xD0\xBE\xC2\xBB 日本語",
};
#define NHOSTILE (sizeof HOSTILE_TITLES / sizeof HOSTILE_TITLES[0])

static void assert_not_pwned(const char *dir)
{
	static const char *const names[] = {"PWNED", "PWNED2", "PWNED3", "PWNED4"};
	for (size_t i = 0; i < 4; i++) {
		char *p = xasprintf("%s/%s", dir, names[i]);
		if (access(p, F_OK) == 0)
			fail_msg("gnuplot ran a command from a title: %s exists", p);
		free(p);
	}
}

/* ---- charts ----------------------------------------------------------------------- */

static void test_hostile_titles_run_nothing(void **state)
{
	(void)state;
	if (!have_gnuplot())
		skip();
	char *dir = tu_mkdtemp("report");
	char *cwd = getcwd(NULL, 0);
	assert_int_equal(chdir(dir), 0); /* a relative `touch` would land here */
	char *out = xasprintf("%s/out", dir);
	json_t *r = make_report(NHOSTILE, HOSTILE_TITLES, NULL);
	err_ctx e = {0};
	rpt_chart_info info;
	warn_log w = {0};
	rpt_chart_opts o = {.search_path = getenv("PATH"), .warn = on_warn, .warn_ud = &w};
	int rc = charts_of(r, out, &o, &info, &e);
	assert_not_pwned(dir); /* first: the worst failure */
	assert_not_pwned(out);
	if (rc)
		fail_msg("rpt_charts: %s", e.msg);
	assert_false(info.gnuplot_missing);
	assert_int_equal(w.count, 0);
	static const char *const files[] = {"matrix.png", "matrix.svg", "matrix.gp", "matrix.dat",
		"matrix_jaccard.png", "matrix_shared_claims.svg", "claims.png", "claims.svg",
		"claims.gp", "claims.dat"};
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
		if (!exists(out, files[i]))
			fail_msg("%s not written", files[i]);
	assert_true(info.nfiles >= 24); /* 6 charts x 4 files */
	/* the titles come out as text on the chart */
	char *svg = read_in(out, "matrix.svg");
	assert_non_null(strstr(svg, "system("));
	assert_non_null(strstr(svg, "`touch PWNED2` back"));
	assert_non_null(strstr(svg, "Москва"));
	assert_null(strstr(svg, "日本")); /* CJK shown as '?': no CJK font breaks cairo */
	free(svg);
	/* every hostile word in the script sits in a single-quoted string */
	char *gp = read_in(out, "matrix.gp");
	for (char *p = strstr(gp, "system("); p; p = strstr(p + 1, "system(")) {
		size_t quotes = 0;
		char *line = p;
		while (line > gp && line[-1] != '\n')
			line--;
		for (char *q = line; q < p; q++)
			quotes += *q == '\'';
		assert_true(quotes % 2 == 1);
	}
	free(gp);
	assert_no_temps(out);
	rpt_chart_info_free(&info);
	json_decref(r);
	assert_int_equal(chdir(cwd), 0);
	free(cwd);
	free(out);
	tu_rm_rf(dir);
	free(dir);
}

static void test_missing_gnuplot_writes_scripts(void **state)
{
	(void)state;
	char *dir = tu_mkdtemp("report");
	json_t *r = make_report(3, NULL, NULL);
	err_ctx e = {0};
	rpt_chart_info info;
	warn_log w = {0};
	rpt_chart_opts o = {.gnuplot = "/nonexistent/gnuplot-missing", .warn = on_warn,
		.warn_ud = &w};
	assert_int_equal(charts_of(r, dir, &o, &info, &e), 0);
	assert_true(info.gnuplot_missing);
	assert_int_equal(w.count, 1); /* one warning for all charts */
	assert_non_null(strstr(w.last, "gnuplot"));
	assert_true(exists(dir, "matrix.gp") && exists(dir, "matrix.dat"));
	assert_true(exists(dir, "claims.gp") && exists(dir, "claims.dat"));
	assert_true(exists(dir, "matrix_jaccard.gp"));
	assert_false(exists(dir, "matrix.png"));
	assert_false(exists(dir, "claims.svg"));
	assert_no_temps(dir);
	rpt_chart_info_free(&info);
	json_decref(r);
	tu_rm_rf(dir);
	free(dir);
}

/* A gnuplot that fails (or hangs) is an error naming the chart; the images of the earlier
 * successful run survive untouched and no temporary is left. */
static void test_failing_gnuplot_keeps_earlier_images(void **state)
{
	(void)state;
	if (!have_gnuplot())
		skip();
	char *dir = tu_mkdtemp("report");
	char *out = xasprintf("%s/out", dir);
	json_t *r = make_report(4, NULL, NULL);
	err_ctx e = {0};
	assert_int_equal(charts_of(r, out, NULL, NULL, &e), 0);
	char *before = read_in(out, "matrix.svg");

	char *fake = xasprintf("%s/fakegp", dir);
	FILE *f = fopen(fake, "w");
	assert_non_null(f);
	fputs("#!/bin/sh\ncat >/dev/null\necho 'line 3: undefined variable: boom' >&2\nexit 1\n", f);
	fclose(f);
	assert_int_equal(chmod(fake, 0755), 0);
	rpt_chart_opts o = {.gnuplot = fake};
	memset(&e, 0, sizeof e);
	assert_int_equal(charts_of(r, out, &o, NULL, &e), OVL_EIO);
	assert_non_null(strstr(e.msg, "chart matrix"));
	assert_non_null(strstr(e.msg, "boom"));
	char *after = read_in(out, "matrix.svg");
	assert_string_equal(before, after);
	assert_no_temps(out);
	free(after);

	/* hung gnuplot: killed at the time limit */
	f = fopen(fake, "w");
	assert_non_null(f);
	fputs("#!/bin/sh\nexec sleep 30\n", f);
	fclose(f);
	o.timeout_s = 1;
	memset(&e, 0, sizeof e);
	assert_int_equal(charts_of(r, out, &o, NULL, &e), OVL_EIO);
	assert_non_null(strstr(e.msg, "killed"));
	after = read_in(out, "matrix.svg");
	assert_string_equal(before, after);
	assert_no_temps(out);

	free(after);
	free(before);
	free(fake);
	json_decref(r);
	free(out);
	tu_rm_rf(dir);
	free(dir);
}

/* Null matrix, no documents, one document, and 200 documents (no per-cell labels). */
static void test_chart_shapes(void **state)
{
	(void)state;
	bool gp = have_gnuplot();
	char *dir = tu_mkdtemp("report");
	err_ctx e = {0};
	rpt_chart_info info;

	json_t *r = make_report(3, NULL, NULL);
	json_object_set_new(r, "matrix", json_null());
	assert_int_equal(charts_of(r, dir, NULL, &info, &e), 0);
	assert_true(info.matrix_skipped);
	assert_false(exists(dir, "matrix.gp"));
	assert_true(exists(dir, "claims.gp"));
	rpt_chart_info_free(&info);
	json_decref(r);

	json_t *empty = json_object();
	assert_int_equal(charts_of(empty, dir, NULL, &info, &e), 0);
	rpt_chart_info_free(&info);
	json_decref(empty);
	json_t *notobj = json_array();
	assert_int_equal(charts_of(notobj, dir, NULL, &info, &e), OVL_EINPUT);
	rpt_chart_info_free(&info);
	json_decref(notobj);

	r = make_report(1, NULL, NULL);
	assert_int_equal(charts_of(r, dir, NULL, &info, &e), 0);
	assert_false(info.matrix_skipped);
	if (gp)
		assert_true(exists(dir, "matrix.png"));
	rpt_chart_info_free(&info);
	json_decref(r);

	/* The claims chart has a bar per document: drawn up to RPT_CLAIMS_CHART_MAX documents,
	 * skipped (not an error: gnuplot/cairo cannot draw ~4,000 bars) past it. */
	for (size_t n = RPT_CLAIMS_CHART_MAX; n <= RPT_CLAIMS_CHART_MAX + 1; n++) {
		char *stale = xasprintf("%s/claims.gp", dir);
		unlink(stale);
		free(stale);
		r = make_report(2, NULL, NULL);
		json_t *docs = json_object_get(r, "documents");
		for (size_t i = 2; i < n; i++)
			json_array_append_new(docs, json_pack("{s:s, s:i}", "id", "x", "claims", 0));
		json_object_set_new(r, "matrix", json_null());
		if (charts_of(r, dir, NULL, &info, &e) != 0)
			fail_msg("%zu documents: %s", n, e.msg);
		assert_int_equal(info.claims_skipped, n > RPT_CLAIMS_CHART_MAX);
		assert_int_equal(exists(dir, "claims.gp"), n <= RPT_CLAIMS_CHART_MAX);
		if (gp && n <= RPT_CLAIMS_CHART_MAX)
			assert_true(exists(dir, "claims.png"));
		rpt_chart_info_free(&info);
		json_decref(r);
	}

	r = make_report(200, NULL, NULL);
	if (charts_of(r, dir, NULL, &info, &e) != 0)
		fail_msg("200 documents: %s", e.msg);
	char *gps = read_in(dir, "matrix.gp");
	/* past RPT_MATRIX_DOCS_MAX documents the chart shows clusters, not 200 rows of dots */
	assert_non_null(strstr(gps, "200 documents in "));
	assert_non_null(strstr(gps, " clusters"));
	assert_null(strstr(gps, "'Document 199' 199"));
	free(gps);
	char *dat = read_in(dir, "matrix.dat");
	assert_non_null(strstr(dat, "clusters (mean over their documents)"));
	size_t rows = 0;
	for (char *p = dat; *p; p++)
		rows += *p == '\n' && p[1] && p[1] != '#';
	assert_true(rows <= RPT_MATRIX_GROUPS_MAX);
	free(dat);
	if (gp)
		assert_true(exists(dir, "matrix.svg"));
	rpt_chart_info_free(&info);
	json_decref(r);
	tu_rm_rf(dir);
	free(dir);
}

/* ---- HTML ------------------------------------------------------------------------- */

static bool valid_utf8(const unsigned char *s)
{
	while (*s) {
		size_t n = *s < 0x80 ? 1 : (*s >> 5) == 6 ? 2 : (*s >> 4) == 14 ? 3 : (*s >> 3) == 30 ? 4 : 0;
		if (!n)
			return false;
		for (size_t i = 1; i < n; i++)
			if ((s[i] & 0xC0) != 0x80)
				return false;
		s += n;
	}
	return true;
}

static const char HOSTILE_TEXT[] =
	"<script>document.body.setAttribute('data-pwned','1')</script>"
	"\"><img src=x onerror=alert(1)> ' \" & ";

static void test_html_escapes_everything(void **state)
{
	(void)state;
	size_t n;
	char *real = tu_read_corpus("000_a7004b4e3752436e.txt", &n);
	real[600] = '\0'; /* a real paragraph (ASCII and UTF-8 punctuation) */
	char *text0 = xasprintf("%s%s", HOSTILE_TEXT, real);
	char *text1 = xasprintf("%s%s", real, HOSTILE_TEXT);
	const char *titles[] = {"<script>alert('title')</script>", "\"><svg onload=alert(1)>"};
	const char *texts[] = {text0, text1};
	json_t *r = make_report(2, titles, texts);
	size_t h = strlen(HOSTILE_TEXT), rl = strlen(real);
	/* a passage: the hostile text at the start of doc0 vs at the end of doc1, with a mark
	 * on the <script> word and one that cuts into a multi-byte character */
	json_t *passage = json_pack("{s:s, s:i, s:i, s:i, s:i, s:s, s:s, s:f, s:[[i,i],[i,i]], "
		"s:[[i,i]]}", "id", "P1", "a_start", 0, "a_end", (int)h, "b_start", (int)rl,
		"b_end", (int)(rl + h), "a_text", HOSTILE_TEXT, "b_text", HOSTILE_TEXT, "score", 1.0,
		"a_marks", 0, 8, -5, 3, "b_marks", (int)rl, (int)(rl + 8));
	json_t *pair = json_pack("{s:s, s:s, s:f, s:[o], s:{s:s, s:{s:f}}}", "a", "doc0", "b",
		"doc1", "jaccard", 0.5, "passages", passage, "relation", "label", "<b>repeat</b>",
		"scores", "repeat", 0.9);
	json_array_append_new(json_object_get(r, "pairs"), pair);
	json_t *claim = json_array_get(json_object_get(r, "claims"), 0);
	json_object_set_new(claim, "text", json_string(HOSTILE_TEXT));
	json_object_set_new(claim, "mentions", json_pack("[{s:s, s:i, s:i, s:s}]", "doc", "doc0",
		"start", 0, "end", (int)h, "text", HOSTILE_TEXT));
	json_array_append_new(json_object_get(r, "contradictions"), json_pack(
		"{s:s, s:s, s:s, s:{s:s, s:i, s:i, s:s}, s:{s:s, s:i, s:i, s:s}, s:s}", "id", "X1",
		"kind", "quantity", "claim", "C1", "a", "doc", "doc0", "start", 0, "end", 8, "text",
		"<script>", "b", "doc", "doc1", "start", 99999, "end", -4, "text", "'\"", "reason",
		HOSTILE_TEXT));

	char *dir = tu_mkdtemp("report");
	char *path = xasprintf("%s/report.html", dir);
	err_ctx e = {0};
	if (html_of(r, path, &e))
		fail_msg("rpt_html: %s", e.msg);
	char *html = tu_slurp(path, NULL);
	assert_true(valid_utf8((const unsigned char *)html));
	/* nothing from the report became markup */
	assert_null(strcasestr(html, "<script"));
	assert_null(strcasestr(html, "<img"));
	assert_null(strcasestr(html, "<svg onload"));
	assert_null(strcasestr(html, "<b>repeat"));
	assert_non_null(strstr(html, "&lt;script&gt;document.body.setAttribute(&#39;data-pwned&#39;"));
	assert_non_null(strstr(html, "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"));
	/* the page forbids scripts and network even if an escape were missed */
	assert_non_null(strstr(html, "Content-Security-Policy"));
	assert_non_null(strstr(html, "script-src 'none'"));
	/* passages highlighted, linked to anchors in the articles */
	assert_non_null(strstr(html, "<mark>&lt;script&gt;</mark>"));
	assert_non_null(strstr(html, "href=\"#d0-0\""));
	assert_non_null(strstr(html, "id=\"d0-0\""));
	char *anchor = xasprintf("id=\"d1-%zu\"", rl);
	assert_non_null(strstr(html, anchor));
	free(anchor);
	assert_non_null(strstr(html, "<table id=\"claims-table\""));
	assert_non_null(strstr(html, "<svg id=\"heatmap\""));
	assert_no_temps(dir);

	free(html);
	free(path);
	tu_rm_rf(dir);
	free(dir);
	json_decref(r);
	free(text0);
	free(text1);
	free(real);
}

/* Early or partial reports: render what is there, never fail on a missing key. */
static void test_html_partial_reports(void **state)
{
	(void)state;
	char *dir = tu_mkdtemp("report");
	char *path = xasprintf("%s/report.html", dir);
	err_ctx e = {0};
	static const char *const reports[] = {
		"{}",
		"{\"documents\": \"x\", \"pairs\": 3, \"matrix\": null, \"claims\": {}}",
		"{\"documents\": [{\"id\": \"a\"}], \"matrix\": {\"values\": [[1]]}}",
		"{\"documents\": [{\"id\": \"a\", \"text\": \"\xC3\xA9t\xC3\xA9\"}, {\"id\": \"b\"}],"
		" \"pairs\": [{\"a\": \"a\", \"b\": \"zz\", \"passages\": [{\"a_start\": 1,"
		" \"a_end\": 4, \"a_text\": \"t\xC3\xA9\", \"a_marks\": [[2, 3], [9], \"x\", [4, 1]]},"
		" {}]}], \"matrix\": {\"values\": [[1, 2], [null, \"x\"]], \"ids\": [1, 2]}}",
	};
	for (size_t i = 0; i < sizeof reports / sizeof reports[0]; i++) {
		json_error_t je;
		json_t *r = json_loads(reports[i], 0, &je);
		assert_non_null(r);
		if (html_of(r, path, &e) != 0)
			fail_msg("report %zu: %s", i, e.msg);
		char *html = tu_slurp(path, NULL);
		assert_true(valid_utf8((const unsigned char *)html));
		assert_non_null(strstr(html, "</html>"));
		free(html);
		json_decref(r);
	}
	json_t *arr = json_array();
	assert_int_equal(html_of(arr, path, &e), OVL_EINPUT);
	json_decref(arr);
	/* a folder that does not exist: an error, nothing written */
	char *bad = xasprintf("%s/missing/report.html", dir);
	json_t *r = json_object();
	assert_int_equal(html_of(r, bad, &e), OVL_EIO);
	json_decref(r);
	free(bad);
	free(path);
	tu_rm_rf(dir);
	free(dir);
}

/* The sample report renders completely: every passage of it appears with its marks. */
static void test_html_sample_report(void **state)
{
	(void)state;
	char *p = xasprintf("%s/tests/data/report_sample.json", tu_root());
	json_error_t je;
	json_t *r = json_load_file(p, 0, &je);
	free(p);
	if (!r)
		fail_msg("report_sample.json: %s", je.text);
	char *dir = tu_mkdtemp("report");
	char *path = xasprintf("%s/report.html", dir);
	err_ctx e = {0};
	assert_int_equal(html_of(r, path, &e), 0);
	char *html = tu_slurp(path, NULL);
	size_t marks = 0;
	for (char *m = strstr(html, "<mark>"); m; m = strstr(m + 1, "<mark>"))
		marks++;
	size_t want = 1; /* the legend's <mark> */
	size_t i, k;
	json_t *pair, *ps;
	json_array_foreach(json_object_get(r, "pairs"), i, pair)
		json_array_foreach(json_object_get(pair, "passages"), k, ps)
			want += 1 + json_array_size(json_object_get(ps, "a_marks")) +
				json_array_size(json_object_get(ps, "b_marks"));
	/* one legend per passage plus at most one <mark> per mark (adjacent marks merge) */
	assert_true(marks > 4 && marks <= want);
	assert_non_null(strstr(html, "$650"));
	assert_non_null(strstr(html, "id=\"contra-X1\""));
	assert_null(strcasestr(html, "<script"));
	free(html);
	free(path);
	tu_rm_rf(dir);
	free(dir);
	json_decref(r);
}

/* A report of n documents d0..d(n-1) whose matrix holds sim[i][j] (diagonal 1). */
static json_t *matrix_report(size_t n, double (*sim)(size_t, size_t), const char *const *titles)
{
	json_t *docs = json_array(), *ids = json_array(), *tl = json_array(), *m = json_array();
	for (size_t i = 0; i < n; i++) {
		char id[32];
		snprintf(id, sizeof id, "d%zu", i);
		json_array_append_new(docs, json_pack("{s:s, s:s}", "id", id, "title",
			titles ? titles[i] : id));
		json_array_append_new(ids, json_string(id));
		json_array_append_new(tl, json_string(titles ? titles[i] : id));
		json_t *row = json_array();
		for (size_t j = 0; j < n; j++)
			json_array_append_new(row, json_real(i == j ? 1.0 : sim(i, j)));
		json_array_append_new(m, row);
	}
	json_t *matrix = json_pack("{s:o, s:o, s:s, s:o}", "ids", ids, "titles", tl, "measure",
		"jaccard", "values", m);
	return json_pack("{s:o, s:o}", "documents", docs, "matrix", matrix);
}

/* two interleaved stories: even documents alike (0.12), odd ones alike (0.08), none across */
static double two_stories(size_t i, size_t j)
{
	return (i % 2) != (j % 2) ? 0.0 : (i % 2) ? 0.08 : 0.12;
}

static void test_matrix_view(void **state)
{
	(void)state;
	/* the scale spans the off-diagonal values; the diagonal is masked; seriation puts each
	 * story's documents next to each other */
	json_t *r = matrix_report(6, two_stories, NULL);
	json_t *mx = json_object_get(r, "matrix");
	rpt_mview mv;
	assert_int_equal(mview_of(r, mx, json_object_get(mx, "values"), 28, &mv), 0);
	assert_false(mv.grouped);
	assert_int_equal(mv.n, 6);
	assert_true(fabs(mv.vmax - 0.12) < 1e-9);
	for (size_t i = 0; i < 6; i++)
		assert_true(mv.v[i * 6 + i] != mv.v[i * 6 + i]); /* NaN */
	size_t switches = 0;
	for (size_t i = 1; i < 6; i++)
		switches += (mv.doc[i] % 2) != (mv.doc[i - 1] % 2);
	assert_int_equal(switches, 1);
	assert_int_equal(mv.doc[0] % 2, 0); /* the strongest story first */
	rpt_mview_free(&mv);

	/* report.stories orders rows by story, in the stories' order */
	json_t *st = json_pack("[{s:s, s:[s,s,s], s:s}, {s:s, s:[s,s,s], s:s}]",
		"id", "S1", "documents", "d1", "d3", "d5", "label", "odd",
		"id", "S2", "documents", "d0", "d2", "d4", "label", "even");
	json_object_set_new(r, "stories", st);
	assert_int_equal(mview_of(r, mx, json_object_get(mx, "values"), 28, &mv), 0);
	assert_true(mv.by_story);
	for (size_t i = 0; i < 3; i++)
		assert_int_equal(mv.doc[i] % 2, 1);
	rpt_mview_free(&mv);
	json_decref(r);

	/* labels are cut but stay distinct: eight titles sharing their first 40 characters */
	const char *titles[8];
	char *own[8];
	for (size_t i = 0; i < 8; i++) {
		own[i] = xasprintf("Hewlett-Packard splits in two companies, part %zu", i);
		titles[i] = own[i];
	}
	r = matrix_report(8, two_stories, titles);
	mx = json_object_get(r, "matrix");
	assert_int_equal(mview_of(r, mx, json_object_get(mx, "values"), 20, &mv), 0);
	for (size_t i = 0; i < 8; i++)
		for (size_t j = i + 1; j < 8; j++)
			assert_string_not_equal(mv.label[i], mv.label[j]);
	rpt_mview_free(&mv);
	json_decref(r);
	for (size_t i = 0; i < 8; i++)
		free(own[i]);

	/* past RPT_MATRIX_DOCS_MAX documents: clusters, each cell a mean, two stories two rows */
	r = matrix_report(100, two_stories, NULL);
	mx = json_object_get(r, "matrix");
	assert_int_equal(mview_of(r, mx, json_object_get(mx, "values"), 20, &mv), 0);
	assert_true(mv.grouped);
	assert_int_equal(mv.n, 2);
	assert_true(fabs(mv.v[0] - 0.12) < 1e-9 && fabs(mv.v[3] - 0.08) < 1e-9);
	assert_true(fabs(mv.v[1]) < 1e-9);
	assert_non_null(strstr(mv.label[0], "(50)"));
	rpt_mview_free(&mv);
	json_decref(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hostile_titles_run_nothing),
		cmocka_unit_test(test_missing_gnuplot_writes_scripts),
		cmocka_unit_test(test_failing_gnuplot_keeps_earlier_images),
		cmocka_unit_test(test_chart_shapes),
		cmocka_unit_test(test_html_escapes_everything),
		cmocka_unit_test(test_html_partial_reports),
		cmocka_unit_test(test_html_sample_report),
		cmocka_unit_test(test_matrix_view),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
