/* commands.c - the four commands: analyze, passages, claims, chart.
 *
 * Each runs the engine, writes files through the atomic writers and prints for a person.
 * What is printed about results is read from the report's JSON tree, so a fresh run and a
 * saved report (`claims --report`) print the same way. Document text reaching the terminal
 * is cleaned of control characters: a document must not drive the user's terminal.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "overlap/fileio.h"
#include "overlap/mem.h"
#include "overlap/report.h"
#include "overlap/report_json.h"
#include "overlap/report_view.h"

/* ---- printing helpers -------------------------------------------------------------------- */

/* A document's title for the terminal; its id when the report does not hold it. */
static const char *doc_title(const rpt_view *v, const char *id)
{
	const json_t *d = rpt_view_doc(v, id);
	return d ? rpt_str(d, "title", "") : id;
}

/* Whether the document with this id is what the user named: by id or by path. */
static bool doc_named(const rpt_view *v, const char *id, const char *name)
{
	return !strcmp(id, name) || !strcmp(rpt_str(rpt_view_doc(v, id), "path", ""), name);
}

/* ---- running the pipeline ---------------------------------------------------------------- */

static int run_pipeline(struct config *cfg, const char *const *paths, size_t npaths,
			pl_result **res)
{
	err_ctx e = { 0 };
	cli_engine_hooks(cfg);
	int rc = cli_inputs_or_corpus(&paths, &npaths, "compare");
	if (rc >= 0)
		return rc;
	/* --pairs FILE: read here, the engine is given the pairs (and the file's name for its
	 * messages and report.json) */
	struct cli_pairs pf = { 0 };
	if (cfg->pl.pairs_file) {
		if (cli_pairs_read(cfg->pl.pairs_file, &pf, &e) < 0) {
			cli_error(&e);
			return EXIT_FAIL;
		}
		cfg->pl.pair_keys = (const char *const *)pf.keys;
		cfg->pl.pair_lines = pf.lines;
		cfg->pl.npair_keys = pf.n;
	}
	rc = pl_run(&cfg->pl, paths, npaths, res, &e);
	cli_progress_end();
	if (cfg->pl.pairs_file) {
		cfg->pl.pair_keys = NULL;
		cfg->pl.pair_lines = NULL;
		cfg->pl.npair_keys = 0;
		cli_pairs_free(&pf);
	}
	if (rc < 0) {
		cli_error(&e);
		return EXIT_FAIL;
	}
	return -1;
}

/* ---- analyze ---------------------------------------------------------------------------- */

static double wall_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* What cmd_analyze keeps to the end of the process instead of freeing (see there).
 * volatile: the stores must happen although nothing reads them (an optimiser drops them
 * otherwise, and leak checkers then call the memory lost). */
static pl_result *volatile kept_res;
static json_t *volatile kept_report;
static rpt_view *volatile kept_view;

/* Where analyze spent its time (--timings): wall seconds of each phase. */
struct timings {
	double start, run, report, tsv, render, commit;
	double sketch, candidates, verify, topic, detail;
};

static void timings_take(struct timings *t, const pl_result *res)
{
	t->sketch = res->sim->seconds_sketch;
	t->candidates = res->sim->seconds_candidates;
	t->verify = res->sim->seconds_verify;
	t->topic = res->seconds_topic;
	t->detail = res->seconds_detail;
}

/* Two lines on stderr: each phase's wall seconds, then the total, CPU time and peak RSS.
 * "other" in the engine is what pl_run did besides the named stages (opening the inputs,
 * pair lists, releasing the reader). */
static void timings_print(const struct timings *t, double end)
{
	double other = t->run - t->sketch - t->candidates - t->verify - t->topic - t->detail;
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	double cpu = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec * 1e-6 +
		     (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec * 1e-6;
	fprintf(stderr, "overlap: timings (wall seconds): read+sketch %.3f, candidates %.3f, "
		"verify %.3f, stories %.3f, detail %.3f, engine other %.3f, report.json %.3f, "
		"pairs tsv %.3f, charts+page %.3f, output folder %.3f\n", t->sketch, t->candidates,
		t->verify, t->topic, t->detail, other < 0 ? 0 : other, t->report, t->tsv,
		t->render, t->commit);
	fprintf(stderr, "overlap: timings: total %.3f s wall, %.3f s CPU (user+sys, all "
		"threads), peak RSS %.1f MiB\n", end - t->start, cpu, (double)ru.ru_maxrss / 1024.0);
}


/* Print s in exactly width characters: cut with "..." or padded with spaces. */
static void put_col(FILE *f, const char *s, size_t width)
{
	size_t chars = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		chars += (*p & 0xC0) != 0x80;
	if (chars > width) {
		put_clean(f, s, width - 3);
		chars = width;
	} else {
		put_clean(f, s, width);
	}
	for (; chars < width; chars++)
		fputc(' ', f);
}

static void print_info(const json_t *report)
{
	size_t i;
	json_t *it;
	json_array_foreach(json_object_get(report, "info"), i, it) {
		/* a limit that narrows a computation is a note; one that skips it is said so */
		printf(strcmp(rpt_str(it, "key", ""), "align_similar_only") == 0 ? "Note: " : "Not computed: ");
		put_clean(stdout, rpt_str(it, "message", ""), 300);
		const char *opt = rpt_str(it, "option", "");
		if (*opt)
			printf(" (raise %s)", opt);
		putchar('\n');
	}
}

/* Stories of two or more articles, largest first: id, size, first publisher, label, and
 * the first few ids. Document strings go through put_clean (no control characters). */
static void print_stories(const json_t *report, unsigned top)
{
	const json_t *st = json_object_get(report, "stories");
	size_t n = json_array_size(st), multi = 0;
	for (size_t i = 0; i < n; i++)
		multi += json_array_size(json_object_get(json_array_get(st, i), "documents")) > 1;
	if (!n || !top)
		return;
	printf("\nStories: %zu (%zu of several articles, %zu of one):\n", n, multi, n - multi);
	unsigned shown = 0;
	for (size_t i = 0; i < n && shown < top; i++) {
		const json_t *s = json_array_get(st, i);
		const json_t *docs = json_object_get(s, "documents");
		size_t nd = json_array_size(docs);
		if (nd < 2)
			continue;
		shown++;
		printf("  %-5s %4zu articles  ", rpt_str(s, "id", ""), nd);
		put_clean(stdout, rpt_str(s, "label", ""), 70);
		printf("\n        ");
		const char *first = rpt_str(s, "first", "");
		if (*first) {
			printf("first: ");
			put_clean(stdout, first, 40);
			printf("; ");
		}
		for (size_t k = 0; k < nd && k < 6; k++) {
			const char *id = json_string_value(json_array_get(docs, k));
			put_clean(stdout, id ? id : "?", 40);
			printf(k + 1 < nd ? " " : "");
		}
		printf(nd > 6 ? "...\n" : "\n");
	}
}

static void print_summary(const rpt_view *v, const struct config *cfg)
{
	const json_t *report = rpt_view_json(v);
	const json_t *sum = json_object_get(report, "summary");
	const json_t *par = json_object_get(report, "parameters");
	if (json_is_false(json_object_get(par, "detail")))
		printf("%lld documents, %lld pairs listed (%s); passages, claims and "
		       "contradictions not computed\n", (long long)rpt_num(sum, "documents", 0),
		       (long long)rpt_num(sum, "pairs", 0), rpt_str(par, "mode", ""));
	else
		printf("%lld documents, %lld pairs listed (%s), %lld passages, %lld claims "
		       "(%lld shared by several sources, %lld single-source), %lld contradictions\n",
		       (long long)rpt_num(sum, "documents", 0), (long long)rpt_num(sum, "pairs", 0),
		       rpt_str(par, "mode", ""), (long long)rpt_num(sum, "passages", 0),
		       (long long)rpt_num(sum, "claims", 0), (long long)rpt_num(sum, "shared_claims", 0),
		       (long long)rpt_num(sum, "single_source_claims", 0),
		       (long long)rpt_num(sum, "contradictions", 0));
	print_info(report);
	print_stories(report, cfg->top);
	size_t n = 0;
	const size_t *order = rpt_view_ranked(v, &n);
	const json_t *pairs = json_object_get(report, "pairs");
	if (n && cfg->top) {
		printf("\nPairs with most overlap (the largest of Jaccard, containment and passage "
		       "coverage; the page ranks them the same):\n");
		printf("  %7s %-10s %6s %6s  %-34s  %-34s\n", "overlap", "relation", "passgs",
		       "claims", "A", "B");
		for (size_t i = 0; i < n && i < cfg->top; i++) {
			const json_t *p = json_array_get(pairs, order[i]);
			const json_t *rel = json_object_get(p, "relation");
			printf("  %7.3f %-10s %6zu %6zu  ", rpt_pair_overlap(p),
			       rel ? rpt_str(rel, "label", "") : "-",
			       json_array_size(json_object_get(p, "passages")),
			       json_array_size(json_object_get(p, "shared_claims")));
			put_col(stdout, doc_title(v, rpt_str(p, "a", "")), 34);
			printf("  ");
			put_clean(stdout, doc_title(v, rpt_str(p, "b", "")), 34);
			putchar('\n');
		}
		if (n > cfg->top)
			printf("  (%zu more in report.json and report.html; --top N lists more)\n",
			       n - cfg->top);
	}
	const json_t *contra = json_object_get(report, "contradictions");
	size_t nc = json_array_size(contra);
	if (nc && cfg->top) {
		printf("\nContradictions%s:\n", nc > cfg->top ? " (the first ones)" : "");
		size_t i;
		json_t *c;
		json_array_foreach(contra, i, c) {
			if (i == cfg->top)
				break;
			printf("  %s %s: ", rpt_str(c, "id", ""), rpt_str(c, "kind", ""));
			put_clean(stdout, rpt_str(c, "reason", ""), 160);
			printf("  (%s / %s)\n", rpt_str(json_object_get(c, "a"), "doc", ""),
			       rpt_str(json_object_get(c, "b"), "doc", ""));
		}
		if (nc > cfg->top)
			printf("  (%zu of %zu shown; overlap claims --report %s/report.json lists "
			       "all)\n", (size_t)cfg->top, nc, cfg->out_dir);
	}
}

static int write_pairs_tsv(const char *path, const json_t *report)
{
	fio_atomic a;
	err_ctx e = { 0 };
	if (fio_atomic_open(path, &a, &e) < 0) {
		cli_error(&e);
		return EXIT_FAIL;
	}
	size_t i;
	json_t *p;
	json_array_foreach(json_object_get(report, "pairs"), i, p)
		fprintf(a.fp, "%s\t%s\t%.6f\n", rpt_str(p, "a", ""), rpt_str(p, "b", ""), rpt_num(p, "jaccard", 0));
	if (fio_atomic_commit(&a, &e) < 0) {
		cli_error(&e);
		return EXIT_FAIL;
	}
	return -1;
}

/* What render() wrote, for the messages printed once the folder is in place. */
struct rendered {
	size_t ncharts, ntimelines;
	bool charts, html, matrix_skipped, claims_skipped, gnuplot_missing;
};

/* Charts and page from a report tree, into dir (the run folder). */
static int render(const rpt_view *report, const char *dir, bool charts, bool html,
		  struct rendered *r)
{
	err_ctx e = { 0 };
	memset(r, 0, sizeof *r);
	if (charts) {
		rpt_chart_opts o = { .gnuplot = getenv("OVERLAP_GNUPLOT"), .search_path = getenv("PATH"),
				     .warn = cli_warn };
		rpt_chart_info info = { 0 };
		if (rpt_charts(report, dir, &o, &info, &e) < 0) {
			cli_error(&e);
			rpt_chart_info_free(&info);
			return EXIT_FAIL;
		}
		r->charts = true;
		r->ncharts = info.nfiles;
		r->ntimelines = info.ntimelines;
		r->matrix_skipped = info.matrix_skipped;
		r->claims_skipped = info.claims_skipped;
		r->gnuplot_missing = info.gnuplot_missing;
		rpt_chart_info_free(&info);
	}
	if (html) {
		char *path = xasprintf("%s/report.html", dir);
		/* SOURCE_DATE_EPOCH (reproducible builds) fixes the page's date */
		const char *sde = getenv("SOURCE_DATE_EPOCH");
		int rc = rpt_html(report, path, sde && *sde ? strtoll(sde, NULL, 10) : -1, &e);
		free(path);
		if (rc < 0) {
			cli_error(&e);
			return EXIT_FAIL;
		}
		r->html = true;
	}
	return -1;
}

/* The lines saying what is now in out (after the swap). */
static void say_written(const rpt_view *v, const char *out, const struct rendered *r)
{
	const json_t *report = rpt_view_json(v);
	fprintf(stderr, "overlap: wrote %s/report.json", out);
	if (r->html)
		fprintf(stderr, ", %s/report.html", out);
	if (r->ncharts) {
		/* the kinds of chart written, as a list */
		const char *kind[3];
		char timelines[64];
		size_t nk = 0;
		if (!r->matrix_skipped)
			kind[nk++] = "matrix.png and .svg, one chart per measure";
		if (!r->claims_skipped)
			kind[nk++] = "claims.png and .svg";
		if (r->ntimelines) {
			snprintf(timelines, sizeof timelines, "%zu story timeline%s", r->ntimelines,
				 r->ntimelines == 1 ? "" : "s");
			kind[nk++] = timelines;
		}
		fprintf(stderr, " and %zu chart files (", r->ncharts);
		for (size_t k = 0; k < nk; k++)
			fprintf(stderr, "%s%s", k ? ", " : "", kind[k]);
		fprintf(stderr, "%swith their .gp and .dat)", nk ? ", " : "");
	}
	fputc('\n', stderr);
	size_t nd = rpt_view_ndocs(v);
	if (r->charts && r->matrix_skipped && json_is_null(json_object_get(report, "matrix")))
		fprintf(stderr, "overlap: no matrix charts: %zu documents is more than --matrix-max "
			"%lld; raise it to draw them\n", nd,
			(long long)rpt_num(json_object_get(report, "parameters"), "matrix_max", 0));
	if (r->charts && r->claims_skipped)
		fprintf(stderr, "overlap: no claims chart: it has a bar per document and is "
			"drawn up to %d documents (here %zu)\n", RPT_CLAIMS_CHART_MAX, nd);
}

/* Whether paths a and b name one folder (b may not exist yet). */
static bool same_folder(const char *a, const char *b)
{
	char *ra = realpath(a, NULL), *rb = realpath(b, NULL);
	bool same;
	if (ra && rb) {
		same = strcmp(ra, rb) == 0;
	} else {
		size_t na = strlen(a), nb = strlen(b);
		while (na > 1 && a[na - 1] == '/')
			na--;
		while (nb > 1 && b[nb - 1] == '/')
			nb--;
		same = na == nb && memcmp(a, b, na) == 0;
	}
	free(ra);
	free(rb);
	return same;
}

/* Where --pairs-tsv goes: inside the run folder when it names a file of the output
 * folder (which is replaced whole), else where it says. Owned. */
static char *pairs_tsv_path(const char *tsv, const char *out, const char *rundir)
{
	const char *slash = strrchr(tsv, '/');
	char *dir = slash ? xstrndup(tsv, (size_t)(slash - tsv)) : xstrdup(".");
	char *p = same_folder(dir[0] ? dir : "/", out) ? xasprintf("%s/%s", rundir, slash ? slash + 1 : tsv)
						  : xstrdup(tsv);
	free(dir);
	return p;
}

/* What only the shell knows: the inputs as named, the options given, the inputs skipped. */
static void annotate_report(json_t *report, const struct config *cfg)
{
	json_t *par = json_object_get(report, "parameters");
	json_t *in = json_array();
	for (size_t i = 0; i < cfg->npaths; i++)
		json_array_append_new(in, rpt_json_text((const uint8_t *)cfg->paths[i],
							strlen(cfg->paths[i])));
	if (!cfg->npaths)
		json_array_append_new(in, json_string("corpus"));
	json_object_set_new(par, "inputs", in);
	json_object_set_new(par, "changed", rpt_json_text((const uint8_t *)cfg->changed,
							   strlen(cfg->changed)));
	size_t skipped = cli_skipped_count();
	json_t *info = json_object_get(report, "info");
	if (skipped && json_is_array(info))
		json_array_append_new(info, rpt_json_info_item("inputs_skipped", NULL,
			"%zu input%s skipped (unreadable, empty, binary, broken or over a size cap): "
			"the warnings of the run name %s", skipped, skipped == 1 ? " was" : "s were",
			skipped == 1 ? "it" : "them"));
}

/* Every PATH named on the command line exists: a typo is an error before any work. */
static int check_inputs(const struct config *cfg)
{
	for (size_t i = 0; i < cfg->npaths; i++) {
		struct stat st;
		if (stat(cfg->paths[i], &st) != 0) {
			fprintf(stderr, "overlap: %s: %s\n", cfg->paths[i],
				errno == ENOENT ? "no such file or folder" : strerror(errno));
			return EXIT_FAIL;
		}
	}
	return -1;
}

/* analyze --archive: the inputs plus their matches in the archive, as one more JSON Lines
 * input. @return as run_pipeline. */
static int run_with_archive(struct config *cfg, pl_result **res)
{
	char *extra = NULL;
	const char *const *in = cfg->paths;
	size_t nin = cfg->npaths;
	static const char *const corpus_dir[] = { "corpus" };
	if (nin == 0) { /* as cli_inputs_or_corpus would; a missing corpus/ is warned */
		in = corpus_dir;
		nin = 1;
	}
	int rc = cli_archive_matches(cfg->archive, in, nin, &extra);
	if (rc >= 0)
		return rc;
	const char **all = xcalloc(nin + 1, sizeof *all);
	memcpy(all, in, nin * sizeof *all);
	all[nin] = extra;
	rc = run_pipeline(cfg, all, nin + 1, res);
	unlink(extra);
	free(extra);
	free(all);
	return rc;
}

int cmd_analyze(struct config *cfg)
{
	cli_set_quiet(cfg->quiet);
	struct timings tm = { .start = wall_now() };
	err_ctx e = { 0 };
	int rc = check_inputs(cfg);
	if (rc >= 0)
		return rc;
	fio_rundir rd;
	if (fio_rundir_begin(cfg->out_dir, &rd, &e) < 0) {
		cli_error(&e);
		return EXIT_FAIL;
	}
	cli_set_interrupt_note(cfg->out_dir);
	cli_set_path_alias(rd.dir, cfg->out_dir);
	pl_result *res = NULL;
	double t0 = wall_now();
	if (cfg->archive)
		rc = run_with_archive(cfg, &res);
	else
		rc = run_pipeline(cfg, cfg->paths, cfg->npaths, &res);
	if (rc >= 0) {
		fio_rundir_abort(&rd);
		return rc;
	}
	tm.run = wall_now() - t0;
	timings_take(&tm, res);
	t0 = wall_now();
	/* The head (everything but documents[] and pairs[]) is a tree; the two big arrays are
	 * written straight from the result. pairs[] is filled into the tree when something
	 * reads the report (the summary table, --pairs-tsv, charts, the page); documents[]
	 * is not: they read documents through the view, which builds the few they show. */
	json_t *report = rpt_json_build_head(res, &cfg->pl, OVERLAP_VERSION);
	annotate_report(report, cfg);
	bool tree = cfg->pretty || !cfg->quiet || cfg->pairs_tsv || cfg->charts || cfg->html;
	char *path = xasprintf("%s/report.json", rd.dir);
	if (cfg->pretty) {
		rpt_json_fill(report, res);
		rc = rpt_json_write(report, path, true, &e) < 0 ? EXIT_FAIL : -1;
	} else {
		/* streamed even when the tree is wanted afterwards: writing is the cheaper way */
		rc = rpt_json_stream(report, res, pl_threads(&cfg->pl), path, &e) < 0 ? EXIT_FAIL
										       : -1;
		if (tree) {
			rpt_json_fill_pairs(report, res);
			rpt_json_fill_stories(report, res);
		}
	}
	free(path);
	rpt_view *view = NULL;
	/* rpt_json_build_head gives an object: neither can fail. Unless the tree was filled
	 * whole (--pretty), the view builds the documents it is asked for from the result. */
	rpt_doc_source docs = rpt_json_doc_source(res);
	if (tree && cfg->pretty)
		rpt_view_new(report, &view, &e);
	else if (tree)
		rpt_view_new_source(report, &docs, &view, &e);
	tm.report = wall_now() - t0;
	if (rc == EXIT_FAIL)
		cli_error(&e);
	t0 = wall_now();
	if (rc < 0 && cfg->pairs_tsv) {
		char *tsv = pairs_tsv_path(cfg->pairs_tsv, cfg->out_dir, rd.dir);
		rc = write_pairs_tsv(tsv, report);
		free(tsv);
	}
	tm.tsv = wall_now() - t0;
	t0 = wall_now();
	struct rendered r = { 0 };
	if (rc < 0)
		rc = render(view, rd.dir, cfg->charts, cfg->html, &r);
	tm.render = wall_now() - t0;
	t0 = wall_now();
	if (rc < 0 && fio_rundir_commit(&rd, &e) < 0) {
		cli_error(&e);
		rc = EXIT_FAIL;
	}
	tm.commit = wall_now() - t0;
	cli_set_path_alias(NULL, NULL);
	if (rc >= 0) {
		fio_rundir_abort(&rd);
	} else {
		cli_set_interrupt_note(NULL);
		if (!cfg->quiet) {
			say_written(view, cfg->out_dir, &r);
			print_summary(view, cfg);
		}
	}
	if (cfg->timings)
		timings_print(&tm, wall_now());
	/* The result, the tree and its view are not freed: the process ends here, and the
	 * kernel takes the memory back at once, where freeing millions of small blocks took 4%
	 * of a run (pl_result_free, json_decref and rpt_view_free stay correct and are tested
	 * on their own). Held in statics, they stay reachable, which is what leak checkers
	 * expect of memory kept to the end. */
	kept_res = res;
	kept_report = report;
	kept_view = view;
	return rc < 0 ? EXIT_DONE : rc;
}

/* ---- passages ---------------------------------------------------------------------------- */

/* Print text[start, end) of a document with the given differing-word spans wrapped. */
static void print_marked(const char *text, size_t tlen, long start, long end, const json_t *marks,
			 const char *open, const char *close)
{
	long pos = start;
	size_t i;
	json_t *m;
	fputs("    ", stdout);
	json_array_foreach(marks, i, m) {
		long ms = (long)json_integer_value(json_array_get(m, 0));
		long me = (long)json_integer_value(json_array_get(m, 1));
		if (ms < pos || me > end || me < ms || (size_t)me > tlen)
			continue;
		/* changed words apart by spaces only are one run: [-the heads of-] */
		while (i + 1 < json_array_size(marks)) {
			const json_t *nx = json_array_get(marks, i + 1);
			long ns = (long)json_integer_value(json_array_get(nx, 0));
			long ne = (long)json_integer_value(json_array_get(nx, 1));
			if (ns < me || ne < ns || ne > end || (size_t)ne > tlen)
				break;
			long g = me;
			while (g < ns && (text[g] == ' ' || text[g] == '\t' || text[g] == '\n' ||
					  text[g] == '\r'))
				g++;
			if (g != ns)
				break;
			me = ne;
			i++;
		}
		char *seg = xstrndup(text + pos, (size_t)(ms - pos));
		put_clean(stdout, seg, SIZE_MAX);
		free(seg);
		seg = xstrndup(text + ms, (size_t)(me - ms));
		fputs(open, stdout);
		put_clean(stdout, seg, SIZE_MAX);
		fputs(close, stdout);
		free(seg);
		pos = me;
	}
	if (pos < end && (size_t)end <= tlen) {
		char *seg = xstrndup(text + pos, (size_t)(end - pos));
		put_clean(stdout, seg, SIZE_MAX);
		free(seg);
	}
	fputc('\n', stdout);
}

static void print_pair_passages(const rpt_view *v, const json_t *p)
{
	const char *ida = rpt_str(p, "a", ""), *idb = rpt_str(p, "b", "");
	const json_t *da = rpt_view_doc(v, ida), *db = rpt_view_doc(v, idb);
	const char *ta = rpt_str(da, "text", ""), *tb = rpt_str(db, "text", "");
	size_t la = json_string_length(json_object_get(da, "text"));
	size_t lb = json_string_length(json_object_get(db, "text"));
	const json_t *cov = json_object_get(p, "passage_coverage");
	const json_t *ps = json_object_get(p, "passages");
	printf("A = %s: ", ida);
	put_clean(stdout, doc_title(v, ida), 70);
	printf("\nB = %s: ", idb);
	put_clean(stdout, doc_title(v, idb), 70);
	/* the Jaccard is over the shingles this run used: say which (parameters) */
	const json_t *par = json_object_get(rpt_view_json(v), "parameters");
	long long cn = (long long)rpt_num(par, "char_ngrams", 0);
	printf("\n%zu shared passage%s; A is %.0f%% inside them, B %.0f%%; %s %lld-gram Jaccard %.3f\n",
	       json_array_size(ps), json_array_size(ps) == 1 ? "" : "s", 100 * rpt_num(cov, "a", 0),
	       100 * rpt_num(cov, "b", 0), cn > 0 ? "character" : "word",
	       cn > 0 ? cn : (long long)rpt_num(par, "shingle", 5), rpt_num(p, "jaccard", 0));
	const json_t *rel = json_object_get(p, "relation");
	if (rel)
		printf("relation: %s\n", rpt_str(rel, "label", ""));
	size_t i;
	json_t *x;
	json_array_foreach(ps, i, x) {
		long long mw = (long long)rpt_num(x, "matched_words", 0);
		long long aw = (long long)rpt_num(x, "a_words", 0), bw = (long long)rpt_num(x, "b_words", 0);
		printf("\n[%s] %s", rpt_str(x, "id", ""),
		       json_is_true(json_object_get(x, "boilerplate")) ? "boilerplate, " : "");
		if (aw == bw)
			printf("%lld of %lld words aligned\n", mw, aw);
		else
			printf("%lld words aligned, of %lld in A and %lld in B\n", mw, aw, bw);
		printf("  A bytes %lld-%lld:\n", (long long)rpt_num(x, "a_start", 0), (long long)rpt_num(x, "a_end", 0));
		print_marked(ta, la, (long)rpt_num(x, "a_start", 0), (long)rpt_num(x, "a_end", 0),
			     json_object_get(x, "a_marks"), "[-", "-]");
		printf("  B bytes %lld-%lld:\n", (long long)rpt_num(x, "b_start", 0), (long long)rpt_num(x, "b_end", 0));
		print_marked(tb, lb, (long)rpt_num(x, "b_start", 0), (long)rpt_num(x, "b_end", 0),
			     json_object_get(x, "b_marks"), "{+", "+}");
	}
}

static bool is_file(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

/* A passages argument: FILE, FILE:ID (one record of a JSONL file) or an id in --corpus. */
struct doc_arg {
	char *file; /* owned; NULL when the argument is an id in the corpus */
	const char *key; /* what the pipeline looks up: the id, or the file path */
	const char *id;  /* the id after ':' (borrowed from arg), or NULL */
};

static void doc_arg_parse(const char *arg, struct doc_arg *d)
{
	memset(d, 0, sizeof *d);
	d->key = arg;
	if (is_file(arg)) {
		d->file = xstrdup(arg);
		return;
	}
	const char *colon = strrchr(arg, ':');
	if (colon && colon[1]) {
		char *f = xstrndup(arg, (size_t)(colon - arg));
		if (is_file(f)) {
			d->file = f;
			d->id = colon + 1;
			d->key = d->id;
			return;
		}
		free(f);
	}
}

/* A plain FILE argument naming a file of several documents is ambiguous: say which ones.
 * @return -1 when fine, else EXIT_FAIL after the message. */
static int doc_arg_check(const json_t *report, const struct doc_arg *d)
{
	if (!d->file || d->id)
		return -1;
	size_t n = 0, i;
	json_t *doc;
	const char *ids[3] = { 0 };
	json_array_foreach(json_object_get(report, "documents"), i, doc) {
		if (strcmp(rpt_str(doc, "path", ""), d->file) != 0)
			continue;
		if (n < 3)
			ids[n] = rpt_str(doc, "id", "");
		n++;
	}
	if (n <= 1)
		return -1;
	fprintf(stderr, "overlap: %s: holds %zu documents; name one as %s:ID (", d->file, n, d->file);
	for (size_t k = 0; k < 3 && k < n; k++) {
		fprintf(stderr, "%s%s:", k ? ", " : "", d->file);
		put_clean(stderr, ids[k], 60);
	}
	fprintf(stderr, "%s)\n", n > 3 ? ", ..." : "");
	return EXIT_FAIL;
}

int cmd_passages(struct config *cfg)
{
	cli_set_quiet(true); /* a two-document run is quick; keep the output clean */
	struct doc_arg da, db;
	doc_arg_parse(cfg->paths[0], &da);
	doc_arg_parse(cfg->paths[1], &db);
	const char *keys[2] = { da.key, db.key };
	const char *files[2];
	const char *const *paths;
	size_t npaths = 0;
	if (da.file || db.file) {
		/* files named: the documents are there (an id beside a file is looked up in it) */
		if (da.file)
			files[npaths++] = da.file;
		if (db.file && (!da.file || strcmp(da.file, db.file) != 0))
			files[npaths++] = db.file;
		paths = files;
	} else {
		paths = &cfg->corpus;
		npaths = 1;
	}
	cfg->pl.pair_keys = keys;
	cfg->pl.npair_keys = 1;
	cfg->pl.claims = false;
	cfg->pl.detail_max = (size_t)-1;
	pl_result *res = NULL;
	int rc = run_pipeline(cfg, paths, npaths, &res);
	if (rc >= 0)
		goto out;
	if (!res->detail) {
		fprintf(stderr, "overlap: %s: too large for passage detail\n", cfg->corpus);
		pl_result_free(res);
		rc = EXIT_FAIL;
		goto out;
	}
	json_t *report = rpt_json_build(res, &cfg->pl, OVERLAP_VERSION);
	pl_result_free(res);
	if ((rc = doc_arg_check(report, &da)) >= 0 || (rc = doc_arg_check(report, &db)) >= 0) {
		json_decref(report);
		goto out;
	}
	err_ctx e = { 0 };
	rpt_view *view = NULL;
	rpt_view_new(report, &view, &e); /* rpt_json_build gives an object: cannot fail */
	/* the pair, whatever listing rule applied */
	const char *a = da.key, *b = db.key;
	const json_t *found = NULL;
	size_t i;
	json_t *p;
	json_array_foreach(json_object_get(report, "pairs"), i, p) {
		const char *pa = rpt_str(p, "a", ""), *pb = rpt_str(p, "b", "");
		if ((doc_named(view, pa, a) && doc_named(view, pb, b)) ||
		    (doc_named(view, pa, b) && doc_named(view, pb, a)))
			found = p;
	}
	if (cfg->json) {
		json_t *out = found ? json_incref((json_t *)found) : json_object();
		if (!found) {
			json_object_set_new(out, "a", json_string(a));
			json_object_set_new(out, "b", json_string(b));
			json_object_set_new(out, "passages", json_array());
		}
		char *js = json_dumps(out, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
		puts(js ? js : "{}");
		free(js);
		json_decref(out);
	} else if (found) {
		print_pair_passages(view, found);
	} else {
		printf("%s and %s share no passage.\n", cfg->paths[0], cfg->paths[1]);
	}
	rpt_view_free(view);
	json_decref(report);
	rc = EXIT_DONE;
out:
	free(da.file);
	free(db.file);
	return rc;
}

/* ---- claims -------------------------------------------------------------------------------- */

/* The number of a claim id ("C12": 12); 0 for an id a hand-edited report left empty. */
static long claim_number(const json_t *claim)
{
	const char *id = rpt_str(claim, "id", "");
	return *id ? strtol(id + 1, NULL, 10) : 0;
}

static int claim_cmp(const void *x, const void *y)
{
	const json_t *a = *(const json_t *const *)x, *b = *(const json_t *const *)y;
	double sa = rpt_num(a, "sources", 0), sb = rpt_num(b, "sources", 0);
	if (sa != sb)
		return sa > sb ? -1 : 1;
	size_t ma = json_array_size(json_object_get(a, "mentions"));
	size_t mb = json_array_size(json_object_get(b, "mentions"));
	if (ma != mb)
		return (ma < mb) - (ma > mb);
	/* most checkable first (figures, dates, named actors, attribution) */
	double ca = rpt_num(a, "checkable", 0), cb = rpt_num(b, "checkable", 0);
	if (ca != cb)
		return (ca < cb) - (ca > cb);
	long ia = claim_number(a), ib = claim_number(b);
	return (ia > ib) - (ia < ib); /* report order: the sort is total, the output stable */
}

/* Under a single-source claim of document doc: each contradiction on that claim between doc
 * and another document. The claim stands on one source, but another source says otherwise,
 * which a reader weighing it needs to know. */
static void contested_by(const json_t *contra, const char *claim, const char *doc)
{
	size_t i;
	json_t *c;
	json_array_foreach(contra, i, c) {
		if (strcmp(rpt_str(c, "claim", ""), claim) != 0)
			continue;
		const char *a = rpt_str(json_object_get(c, "a"), "doc", "");
		const char *b = rpt_str(json_object_get(c, "b"), "doc", "");
		const char *other = !strcmp(a, doc) ? b : !strcmp(b, doc) ? a : NULL;
		if (!other || !strcmp(other, doc))
			continue;
		printf("             contradicted by ");
		put_clean(stdout, other, 40);
		printf(" (%s, %s)\n", rpt_str(c, "id", ""), rpt_str(c, "kind", ""));
	}
}

static void print_claims(const json_t *report)
{
	const json_t *claims = json_object_get(report, "claims");
	size_t n = json_array_size(claims), nshared = 0;
	const json_t **v = xcalloc(n ? n : 1, sizeof *v);
	for (size_t i = 0; i < n; i++) {
		v[i] = json_array_get(claims, i);
		nshared += !json_is_true(json_object_get(v[i], "single_source"));
	}
	qsort(v, n, sizeof *v, claim_cmp);
	const json_t *contra = json_object_get(report, "contradictions");
	printf("%zu claims: %zu made by several independent sources, %zu by one source only\n",
	       n, nshared, n - nshared);
	if (nshared)
		printf("\nClaims several sources make:\n");
	for (size_t i = 0; i < nshared; i++) {
		printf("\n  %s  %lld sources:\n", rpt_str(v[i], "id", ""), (long long)rpt_num(v[i], "sources", 0));
		size_t k;
		json_t *m;
		json_array_foreach(json_object_get(v[i], "mentions"), k, m) {
			printf("    %-22s ", rpt_str(m, "doc", ""));
			put_clean(stdout, rpt_str(m, "text", ""), 150);
			putchar('\n');
		}
	}
	if (n > nshared)
		printf("\nSingle-source claims (only one independent source makes them), by document,\n"
		       "most checkable first (figures, dates, named actors, attribution), with the\n"
		       "documents that contradict them:\n");
	size_t di;
	json_t *d;
	json_array_foreach(json_object_get(report, "documents"), di, d) {
		const json_t *ids = json_object_get(d, "single_source_claims");
		if (!json_array_size(ids))
			continue;
		printf("\n  %s (%zu): ", rpt_str(d, "id", ""), json_array_size(ids));
		put_clean(stdout, rpt_str(d, "title", ""), 60);
		putchar('\n');
		for (size_t i = nshared; i < n; i++) {
			/* the document's own mention: a claim two copies of one article make is
			 * listed under each, as each document's count says */
			const json_t *m = NULL, *mk;
			size_t k;
			json_array_foreach(json_object_get(v[i], "mentions"), k, mk) {
				if (!strcmp(rpt_str(mk, "doc", ""), rpt_str(d, "id", ""))) {
					m = mk;
					break;
				}
			}
			if (!m)
				continue;
			printf("    [single] %-6s ", rpt_str(v[i], "id", ""));
			put_clean(stdout, rpt_str(m, "text", ""), 140);
			putchar('\n');
			contested_by(contra, rpt_str(v[i], "id", ""), rpt_str(d, "id", ""));
		}
	}
	free(v);
	printf("\n%zu contradiction%s\n", json_array_size(contra),
	       json_array_size(contra) == 1 ? "" : "s");
	size_t i;
	json_t *c;
	json_array_foreach(contra, i, c) {
		const json_t *ca = json_object_get(c, "a"), *cb = json_object_get(c, "b");
		printf("\n  %s %s (claim %s): ", rpt_str(c, "id", ""), rpt_str(c, "kind", ""), rpt_str(c, "claim", ""));
		put_clean(stdout, rpt_str(c, "reason", ""), 200);
		printf("\n    %-22s ", rpt_str(ca, "doc", ""));
		put_clean(stdout, rpt_str(ca, "text", ""), 150);
		printf("\n    %-22s ", rpt_str(cb, "doc", ""));
		put_clean(stdout, rpt_str(cb, "text", ""), 150);
		putchar('\n');
	}
}

int cmd_claims(struct config *cfg)
{
	json_t *report = NULL;
	err_ctx e = { 0 };
	if (cfg->report) {
		if (rpt_json_load(cfg->report, &report, &e) < 0) {
			cli_error(&e);
			return EXIT_FAIL;
		}
	} else {
		cli_set_quiet(cfg->quiet);
		cfg->pl.claims = true;
		pl_result *res = NULL;
		int rc = run_pipeline(cfg, cfg->paths, cfg->npaths, &res);
		if (rc >= 0)
			return rc;
		if (!res->detail)
			fprintf(stderr, "overlap: more than %zu documents: no claims (see --detail-max)\n",
				cfg->pl.detail_max);
		report = rpt_json_build(res, &cfg->pl, OVERLAP_VERSION);
		pl_result_free(res);
	}
	if (cfg->json) {
		json_t *out = json_object();
		json_object_set(out, "claims", json_object_get(report, "claims"));
		json_object_set(out, "contradictions", json_object_get(report, "contradictions"));
		char *s = json_dumps(out, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
		puts(s ? s : "{}");
		free(s);
		json_decref(out);
	} else {
		print_claims(report);
	}
	json_decref(report);
	return EXIT_DONE;
}

/* ---- chart --------------------------------------------------------------------------------- */

/* Copy the report file as it is into dir/report.json, so the folder is one set. */
static int copy_report(const char *src, const char *dir)
{
	FILE *f = fopen(src, "rb");
	err_ctx e = { 0 };
	if (!f) {
		fprintf(stderr, "overlap: %s: %s\n", src, strerror(errno));
		return EXIT_FAIL;
	}
	char *dst = xasprintf("%s/report.json", dir);
	fio_atomic a;
	int rc = -1;
	if (fio_atomic_open(dst, &a, &e) < 0) {
		cli_error(&e);
		rc = EXIT_FAIL;
	} else {
		char buf[1 << 16];
		size_t n;
		while ((n = fread(buf, 1, sizeof buf, f)) > 0)
			if (fwrite(buf, 1, n, a.fp) != n)
				break;
		if (ferror(f)) {
			fprintf(stderr, "overlap: %s: cannot read: %s\n", src, strerror(errno));
			fio_atomic_abort(&a);
			rc = EXIT_FAIL;
		} else if (fio_atomic_commit(&a, &e) < 0) {
			cli_error(&e);
			rc = EXIT_FAIL;
		}
	}
	fclose(f);
	free(dst);
	return rc;
}

int cmd_chart(struct config *cfg)
{
	cli_set_quiet(cfg->quiet);
	json_t *report = NULL;
	err_ctx e = { 0 };
	rpt_view *view = NULL;
	if (rpt_json_load(cfg->paths[0], &report, &e) < 0 || rpt_view_new(report, &view, &e) < 0) {
		cli_error(&e);
		json_decref(report);
		return EXIT_FAIL;
	}
	fio_rundir rd;
	if (fio_rundir_begin(cfg->out_dir, &rd, &e) < 0) {
		cli_error(&e);
		rpt_view_free(view);
		json_decref(report);
		return EXIT_FAIL;
	}
	cli_set_interrupt_note(cfg->out_dir);
	cli_set_path_alias(rd.dir, cfg->out_dir);
	struct rendered r = { 0 };
	int rc = copy_report(cfg->paths[0], rd.dir);
	if (rc < 0)
		rc = render(view, rd.dir, true, cfg->html, &r);
	if (rc < 0 && fio_rundir_commit(&rd, &e) < 0) {
		cli_error(&e);
		rc = EXIT_FAIL;
	}
	cli_set_path_alias(NULL, NULL);
	if (rc >= 0)
		fio_rundir_abort(&rd);
	else if (!cfg->quiet)
		say_written(view, cfg->out_dir, &r);
	cli_set_interrupt_note(NULL);
	rpt_view_free(view);
	json_decref(report);
	return rc < 0 ? EXIT_DONE : rc;
}
