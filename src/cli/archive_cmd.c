/* archive_cmd.c - `overlap index add|stats|check|remove` and `overlap query`: the shell
 * around archive.h. Their options are rows of options.c's one table (parsed into
 * struct arc_cfg); this file runs the commands, prints tables for a person or JSON for
 * scripts, and sets the exit code.
 * It does not touch SQLite itself: everything goes through the arc_ API.
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "cli.h"
#include "overlap/archive.h"
#include "overlap/mem.h"
#include "overlap/report_json.h"

/* Passages and new claims quoted a match in the table (--json has them all): three lines
 * show what is shared without burying the next match. */
#define ARC_CLI_PASSAGES 3

/* ---- printing helpers ---------------------------------------------------------------------- */

static void put_clean_s(const char *s, size_t max_chars)
{
	if (s)
		put_clean(stdout, s, max_chars);
}

/* Valid UTF-8 JSON string of text[0..n) (invalid bytes replaced). */
/* Document text as a JSON string: report.json's one encoder (a bad byte becomes '?', so
 * spans stay byte offsets). */
static json_t *json_text(const uint8_t *t, size_t n)
{
	return rpt_json_text(t, n);
}

static json_t *str_or_null(const char *s)
{
	if (!s)
		return json_null();
	return json_text((const uint8_t *)s, strlen(s));
}

static json_t *num(double x)
{
	return json_real(round(x * 1e6) / 1e6);
}

/* Open the archive for a command (waiting --wait seconds for a writer). @return it, or
 * NULL after the error line. */
static arc *open_archive(const struct arc_cfg *c, int mode)
{
	err_ctx e = { 0 };
	arc *a = NULL;
	if (arc_open(c->archive, mode, c->wait_s * 1000u, &a, &e) < 0) {
		cli_error(&e);
		return NULL;
	}
	return a;
}

/* ---- index add ------------------------------------------------------------------------------ */

static void on_commit(void *ud, uint64_t committed)
{
	const struct arc_cfg *c = ud;
	if (c->verbose)
		fprintf(stderr, "overlap: %s: committed %" PRIu64 " documents\n", c->archive, committed);
}

static arc_add_opts add_opts(struct arc_cfg *c)
{
	arc_add_opts o = {
		.set = c->set, .settings_given = c->settings_given, .store_text = !c->no_text,
		.batch_docs = c->batch, .threads = c->threads, .warn = c->quiet ? NULL : cli_warn,
		.on_commit = on_commit, .ud = c,
	};
	return o;
}

static int ac_add(struct arc_cfg *c)
{
	err_ctx e = { 0 };
	arc *a = open_archive(c, ARC_CREATE);
	if (!a)
		return EXIT_FAIL;
	crp_opts co = { .max_inflate = c->max_inflate, .warn = cli_warn, .no_batch = cli_no_batch() };
	crp_reader *r = NULL;
	if (crp_open(c->paths, c->npaths, &co, &r, &e) < 0) {
		cli_error(&e);
		arc_close(a);
		return EXIT_FAIL;
	}
	arc_add_opts o = add_opts(c);
	arc_add_stats st = { 0 };
	int rc = arc_add(a, r, &o, &st, &e);
	crp_free(r);
	uint64_t ndocs = 0;
	err_ctx e2 = { 0 };
	/* the total is for the summary line only: counting walks the id index (0.1 s CPU,
	 * more in wall time, at a million documents), which --quiet spares */
	bool have = rc == 0 && !c->quiet && arc_count(a, &ndocs, &e2) == 0;
	arc_close(a);
	if (rc < 0) {
		cli_error(&e);
		if (st.added + st.replaced)
			fprintf(stderr, "overlap: %s: %" PRIu64 " documents were committed before the "
				"error and stay\n", c->archive, st.added + st.replaced);
		return EXIT_FAIL;
	}
	if (!c->quiet)
		fprintf(stderr, "overlap: %s: %" PRIu64 " added, %" PRIu64 " replaced, %" PRIu64
			" unchanged; %" PRIu64 " documents in the archive\n", c->archive, st.added,
			st.replaced, st.unchanged, have ? ndocs : 0);
	if (st.seen == 0) {
		fprintf(stderr, "overlap: no documents to add\n");
		return EXIT_FAIL;
	}
	return EXIT_DONE;
}

/* ---- index stats / check / remove ------------------------------------------------------------ */

static int ac_stats(struct arc_cfg *c)
{
	err_ctx e = { 0 };
	arc *a = NULL;
	arc_stats s;
	if (arc_open(c->archive, ARC_READ, ARC_CLI_WAIT_S * 1000u, &a, &e) < 0 || arc_get_stats(a, &s, &e) < 0) {
		cli_error(&e);
		arc_close(a);
		return EXIT_FAIL;
	}
	arc_close(a);
	double docs = s.docs ? (double)s.docs : 1.0;
	uint64_t total = s.file_bytes + s.wal_bytes;
	if (c->json) {
		json_t *o = json_object();
		json_object_set_new(o, "archive", str_or_null(c->archive));
		json_object_set_new(o, "schema", json_integer(s.schema));
		json_object_set_new(o, "documents", json_integer((json_int_t)s.docs));
		json_object_set_new(o, "with_text", json_integer((json_int_t)s.docs_text));
		json_object_set_new(o, "empty", json_integer((json_int_t)s.docs_empty));
		json_object_set_new(o, "text_bytes", json_integer((json_int_t)s.text_bytes));
		json_object_set_new(o, "stored_text_bytes", json_integer((json_int_t)s.ztext_bytes));
		json_object_set_new(o, "stored_shingle_bytes", json_integer((json_int_t)s.set_bytes));
		json_object_set_new(o, "band_postings", json_integer((json_int_t)s.band_rows));
		json_object_set_new(o, "sample_postings", json_integer((json_int_t)s.sample_rows));
		json_object_set_new(o, "file_bytes", json_integer((json_int_t)s.file_bytes));
		json_object_set_new(o, "wal_bytes", json_integer((json_int_t)s.wal_bytes));
		json_object_set_new(o, "oldest_date", str_or_null(s.oldest_date));
		json_object_set_new(o, "newest_date", str_or_null(s.newest_date));
		if (s.have_settings) {
			json_t *st = json_object();
			json_object_set_new(st, "shingle", json_integer(s.set.shingle_k));
			json_object_set_new(st, "char_ngrams", json_integer(s.set.char_ngrams));
			json_object_set_new(st, "permutations", json_integer(s.set.nperm));
			json_object_set_new(st, "seed", json_integer((json_int_t)s.set.seed));
			json_object_set_new(st, "threshold", num(s.set.threshold));
			json_object_set_new(st, "containment", num(s.set.containment));
			json_object_set_new(st, "scan_max", json_integer((json_int_t)s.set.scan_max));
			json_object_set_new(st, "generation", json_integer((json_int_t)s.set.gen_docs));
			json_object_set_new(st, "bands", json_integer(s.set.bands));
			json_object_set_new(st, "rows", json_integer(s.set.rows));
			json_object_set_new(o, "settings", st);
		} else {
			json_object_set_new(o, "settings", json_null());
		}
		char *txt = json_dumps(o, JSON_INDENT(1) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6));
		puts(txt ? txt : "{}");
		free(txt);
		json_decref(o);
	} else {
		printf("archive:      %s (schema %d)\n", c->archive, s.schema);
		printf("documents:    %" PRIu64 " (%" PRIu64 " with text, %" PRIu64 " without words)\n",
		       s.docs, s.docs_text, s.docs_empty);
		printf("text:         %.1f MB original, %.1f MB stored (zlib); %.1f MB of shingle "
		       "sets (--no-text)\n", (double)s.text_bytes / 1e6, (double)s.ztext_bytes / 1e6,
		       (double)s.set_bytes / 1e6);
		printf("postings:     %" PRIu64 " band, %" PRIu64 " containment sample\n", s.band_rows,
		       s.sample_rows);
		printf("size:         %.1f MB (%.1f MB write-ahead log), %.0f bytes a document, "
		       "%.0f without the stored text\n", (double)total / 1e6, (double)s.wal_bytes / 1e6,
		       (double)total / docs, (double)(total - s.ztext_bytes) / docs);
		if (s.oldest_date)
			printf("dates:        %s .. %s\n", s.oldest_date, s.newest_date ? s.newest_date : "");
		if (s.have_settings) {
			char d[256];
			arc_settings_describe(&s.set, d, sizeof d);
			printf("settings:     %s\n", d);
		} else {
			printf("settings:     none yet (nothing added)\n");
		}
	}
	arc_stats_clear(&s);
	return EXIT_DONE;
}

static int ac_check(struct arc_cfg *c)
{
	err_ctx e = { 0 };
	arc *a = NULL;
	uint64_t nprob = 0;
	if (arc_open(c->archive, ARC_READ, ARC_CLI_WAIT_S * 1000u, &a, &e) < 0 ||
	    arc_check(a, cli_warn, NULL, &nprob, &e) < 0) {
		cli_error(&e);
		arc_close(a);
		return EXIT_FAIL;
	}
	uint64_t ndocs = 0;
	bool have = arc_count(a, &ndocs, &e) == 0;
	arc_close(a);
	if (nprob) {
		fprintf(stderr, "overlap: %s: %" PRIu64 " problem%s found\n", c->archive, nprob,
			nprob == 1 ? "" : "s");
		return EXIT_FAIL;
	}
	printf("%s: ok (%" PRIu64 " documents)\n", c->archive, have ? ndocs : 0);
	return EXIT_DONE;
}

static int ac_remove(struct arc_cfg *c)
{
	err_ctx e = { 0 };
	arc *a = open_archive(c, ARC_WRITE);
	if (!a)
		return EXIT_FAIL;
	int ret = EXIT_DONE;
	size_t removed = 0;
	for (size_t i = 0; i < c->npaths; i++) {
		int rc = arc_remove(a, c->paths[i], &e);
		if (rc < 0) {
			cli_error(&e);
			ret = EXIT_FAIL;
			break;
		}
		if (rc == 0) {
			fprintf(stderr, "overlap: %s: no document '%s'\n", c->archive, c->paths[i]);
			ret = EXIT_FAIL;
		}
		removed += (size_t)rc;
	}
	arc_close(a);
	if (!c->quiet)
		fprintf(stderr, "overlap: %s: %zu removed\n", c->archive, removed);
	return ret;
}

/* ---- query ------------------------------------------------------------------------------------ */

/* Standard input into a temporary file, so the corpus reader handles it like a FILE (gzip,
 * JSON Lines, titles, hostile bytes). @return its path (caller unlinks, frees) or NULL. */
static char *stdin_to_file(void)
{
	const char *dir = getenv("TMPDIR");
	char *path = xasprintf("%s/overlap-stdin-XXXXXX", dir && *dir ? dir : "/tmp");
	int fd = mkstemp(path);
	if (fd < 0) {
		fprintf(stderr, "overlap: %s: cannot create a temporary file: %s\n", path,
			strerror(errno));
		free(path);
		return NULL;
	}
	char buf[65536];
	ssize_t n;
	bool ok = true;
	while ((n = read(STDIN_FILENO, buf, sizeof buf)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "overlap: standard input: %s\n", strerror(errno));
			ok = false;
			break;
		}
		if (write(fd, buf, (size_t)n) != n) {
			fprintf(stderr, "overlap: %s: cannot write: %s\n", path, strerror(errno));
			ok = false;
			break;
		}
	}
	close(fd);
	if (!ok) {
		unlink(path);
		free(path);
		return NULL;
	}
	return path;
}

/* Read every query document into *docs. @return 0 or an exit code. */
static int read_queries(struct arc_cfg *c, crp_doc **docs, size_t *ndocs, char **tmp)
{
	*tmp = NULL;
	const char *const *paths = c->paths;
	size_t npaths = c->npaths;
	const char *one[1];
	if (npaths == 0 || (npaths == 1 && !strcmp(paths[0], "-"))) {
		*tmp = stdin_to_file();
		if (!*tmp)
			return EXIT_FAIL;
		one[0] = *tmp;
		paths = one;
		npaths = 1;
	}
	for (size_t i = 0; i < npaths; i++)
		if (!strcmp(paths[i], "-") && paths != one) {
			fprintf(stderr, "overlap: '-' (standard input) must be the only query input; "
				"try 'overlap query --help'\n");
			return EXIT_USAGE;
		}
	err_ctx e = { 0 };
	crp_opts co = { .max_inflate = c->max_inflate, .warn = c->quiet ? NULL : cli_warn,
			.no_batch = cli_no_batch() };
	crp_reader *r = NULL;
	if (crp_open(paths, npaths, &co, &r, &e) < 0) {
		cli_error(&e);
		return EXIT_FAIL;
	}
	size_t cap = 0;
	for (;;) {
		XGROW(*docs, cap, *ndocs + 1);
		crp_doc *d = &(*docs)[*ndocs];
		memset(d, 0, sizeof *d);
		int rc = crp_next(r, d, &e);
		if (rc < 0) {
			cli_error(&e);
			crp_doc_clear(d);
			crp_free(r);
			return EXIT_FAIL;
		}
		if (rc == 0) {
			crp_doc_clear(d);
			break;
		}
		if (*tmp && d->line == 0) { /* a plain text on standard input */
			free(d->id);
			free(d->path);
			d->id = xstrdup("stdin");
			d->path = xstrdup("-");
		} else if (*tmp) {
			free(d->path);
			d->path = xstrdup("-");
		}
		(*ndocs)++;
	}
	crp_free(r);
	if (*ndocs == 0) {
		fprintf(stderr, "overlap: no documents to query\n");
		return EXIT_FAIL;
	}
	return 0;
}

static const char *first_id(const crp_doc *q, const arc_match *m)
{
	return m->first == 0 ? q->id : m->first == 1 ? m->id : NULL;
}

/* Spans and texts of one claim on both sides (a side without the claim is left out). */
static void claim_span_json(const crp_doc *q, const arc_match *m, const arc_claim_span *sp,
			    json_t *o)
{
	if (sp->a_end > sp->a_start && sp->a_end <= q->nbytes) {
		json_object_set_new(o, "a_start", json_integer(sp->a_start));
		json_object_set_new(o, "a_end", json_integer(sp->a_end));
		json_object_set_new(o, "a_text", json_text(q->text + sp->a_start, sp->a_end - sp->a_start));
	}
	if (m->text && sp->b_end > sp->b_start && sp->b_end <= m->nbytes) {
		json_object_set_new(o, "b_start", json_integer(sp->b_start));
		json_object_set_new(o, "b_end", json_integer(sp->b_end));
		json_object_set_new(o, "b_text", json_text(m->text + sp->b_start, sp->b_end - sp->b_start));
	}
}

static json_t *claims_json(const crp_doc *q, const arc_match *m, const arc_claim_span *v, size_t n)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_object();
		claim_span_json(q, m, &v[i], o);
		json_array_append_new(arr, o);
	}
	return arr;
}

static json_t *match_json(const crp_doc *q, const arc_match *m)
{
	json_t *o = json_object();
	json_object_set_new(o, "doc", str_or_null(m->id));
	json_object_set_new(o, "title", str_or_null(m->title));
	json_object_set_new(o, "source", str_or_null(m->source));
	json_object_set_new(o, "date", str_or_null(m->date));
	json_object_set_new(o, "url", str_or_null(m->url));
	rpt_json_put_figures(o, m->jaccard, m->jaccard_est, m->cont_ab, m->cont_ba, m->cov_a,
			     m->cov_b);
	json_t *rel = rpt_json_relation(&m->rel);
	json_object_set_new(rel, "extender", m->rel.extender == 0 ? str_or_null(q->id)
					     : m->rel.extender == 1 ? str_or_null(m->id) : json_null());
	json_object_set_new(o, "relation", rel);
	json_t *ps = json_array();
	for (size_t k = 0; k < m->npassages; k++)
		json_array_append_new(ps, rpt_json_passage(&m->passages[k], k + 1, q->text, q->nbytes,
							   (const uint8_t *)m->text, m->nbytes));
	json_object_set_new(o, "passages", ps);
	json_object_set_new(o, "first", str_or_null(first_id(q, m)));
	if (m->have_claims) {
		json_object_set_new(o, "shared_claims", claims_json(q, m, m->shared, m->nshared));
		json_object_set_new(o, "new_claims_a", claims_json(q, m, m->new_a, m->nnew_a));
		json_object_set_new(o, "new_claims_b", claims_json(q, m, m->new_b, m->nnew_b));
		json_t *cs = json_array();
		for (size_t i = 0; i < m->ncontra; i++) {
			json_t *cj = json_object();
			json_object_set_new(cj, "kind", json_string(rel_kind_name(m->contra[i].kind)));
			json_object_set_new(cj, "reason", json_text((const uint8_t *)m->contra[i].reason,
								    strlen(m->contra[i].reason)));
			claim_span_json(q, m, &m->contra[i].span, cj);
			json_array_append_new(cs, cj);
		}
		json_object_set_new(o, "contradictions", cs);
	}
	return o;
}

static void print_answer(const crp_doc *q, const arc_answer *ans)
{
	printf("%s", q->id);
	if (q->title) {
		printf(": ");
		put_clean_s(q->title, 70);
	}
	printf("\n  %zu match%s (%" PRIu64 " archived document%s verified%s)\n", ans->n,
	       ans->n == 1 ? "" : "es", ans->ncandidates, ans->ncandidates == 1 ? "" : "s",
	       ans->scanned ? ", every one" : "");
	if (ans->self) {
		/* a query by a file the archive holds would otherwise read "0 matches" */
		printf("  (");
		put_clean_s(q->id, 40);
		printf(" itself is in the archive, under the same id: not compared with itself)\n");
	}
	if (!ans->n) {
		putchar('\n');
		return;
	}
	printf("  %-24s %-10s %7s %7s %7s %5s  %-10s %s\n", "archived", "relation", "jaccard",
	       "cont_q", "cont_a", "psgs", "date", "first");
	for (size_t i = 0; i < ans->n; i++) {
		const arc_match *m = &ans->m[i];
		char id[25];
		snprintf(id, sizeof id, "%s", m->id ? m->id : "?");
		printf("  ");
		put_clean_s(id, 24);
		size_t w = strlen(id);
		printf("%*s %-10s %7.3f %7.3f %7.3f %5zu  ", (int)(w < 24 ? 24 - w : 0), "",
		       rel_label_name(m->rel.label), m->jaccard, m->cont_ab, m->cont_ba, m->npassages);
		char date[11];
		snprintf(date, sizeof date, "%s", m->date ? m->date : "-");
		put_clean_s(date, 10);
		printf("%*s %s\n", (int)(strlen(date) < 10 ? 10 - strlen(date) : 0), "",
		       m->first == 0 ? "query" : m->first == 1 ? "archived" : "-");
	}
	printf("  (cont_q: share of the query's shingles found in the archived document; cont_a: "
	       "the reverse)\n");
	/* Per match: its claims (the query's new ones quoted: what today's article adds), its
	 * contradictions quoted, its passages quoted from the query side. */
	for (size_t i = 0; i < ans->n; i++) {
		const arc_match *x = &ans->m[i];
		printf("  with ");
		put_clean_s(x->id ? x->id : "?", 24);
		bool ext = x->rel.label == REL_EXTEND && (x->rel.extender == 0 || x->rel.extender == 1);
		if (x->source || ext)
			printf(" (");
		if (x->source) /* who published it: the newsroom's question */
			put_clean_s(x->source, 40);
		if (ext)
			printf("%s%s", x->source ? "; " : "",
			       x->rel.extender == 0 ? "the query extends it" : "it extends the query");
		if (x->source || ext)
			printf(")");
		if (x->have_claims)
			printf(": claims %zu shared, %zu only in the query, %zu only in the archived one, "
			       "%zu contradiction%s\n", x->nshared, x->nnew_a, x->nnew_b, x->ncontra,
			       x->ncontra == 1 ? "" : "s");
		else
			printf(":\n");
		for (size_t k = 0; k < x->ncontra; k++) {
			printf("    %s: ", rel_kind_name(x->contra[k].kind));
			put_clean_s(x->contra[k].reason, 150);
			putchar('\n');
		}
		for (size_t k = 0; k < x->npassages && k < ARC_CLI_PASSAGES; k++) {
			const aln_passage *p = &x->passages[k];
			printf("    P%zu query bytes %u-%u = bytes %u-%u (%.0f%% aligned): \"", k + 1,
			       p->a_start, p->a_end, p->b_start, p->b_end, 100 * p->score);
			if (p->a_end <= q->nbytes && p->a_start <= p->a_end)
				put_clean_n(stdout, q->text + p->a_start, p->a_end - p->a_start, 90);
			printf("\"\n");
		}
		if (x->npassages > ARC_CLI_PASSAGES)
			printf("    ... %zu more passage%s (--json lists all)\n",
			       x->npassages - ARC_CLI_PASSAGES,
			       x->npassages - ARC_CLI_PASSAGES == 1 ? "" : "s");
		for (size_t k = 0; k < x->nnew_a && k < ARC_CLI_PASSAGES; k++) {
			const arc_claim_span *c = &x->new_a[k];
			printf("    new in the query, bytes %u-%u: \"", c->a_start, c->a_end);
			if (c->a_end <= q->nbytes && c->a_start <= c->a_end)
				put_clean_n(stdout, q->text + c->a_start, c->a_end - c->a_start, 90);
			printf("\"\n");
		}
		if (x->nnew_a > ARC_CLI_PASSAGES)
			printf("    ... %zu more claims new in the query (--json lists all)\n",
			       x->nnew_a - ARC_CLI_PASSAGES);
	}
	putchar('\n');
}

static int ac_query(struct arc_cfg *c)
{
	err_ctx e = { 0 };
	arc *a = open_archive(c, c->add ? ARC_WRITE : ARC_READ);
	if (!a)
		return EXIT_FAIL;
	crp_doc *docs = NULL;
	size_t ndocs = 0;
	char *tmp = NULL;
	int ret = read_queries(c, &docs, &ndocs, &tmp);
	if (tmp) {
		unlink(tmp);
		free(tmp);
	}
	arc_query_opts qo = arc_query_opts_default();
	qo.passages = !c->no_passages;
	qo.stem = !c->no_stem;
	qo.claims = !c->no_claims;
	json_t *root = c->json ? json_object() : NULL;
	json_t *queries = c->json ? json_array() : NULL;
	for (size_t i = 0; i < ndocs && ret == 0; i++) {
		arc_answer ans;
		if (arc_query(a, &docs[i], &qo, &ans, &e) < 0) {
			cli_error(&e);
			ret = EXIT_FAIL;
			break;
		}
		if (c->json) {
			json_t *qj = json_object();
			json_object_set_new(qj, "doc", str_or_null(docs[i].id));
			json_object_set_new(qj, "title", str_or_null(docs[i].title));
			json_object_set_new(qj, "path", str_or_null(docs[i].path));
			json_object_set_new(qj, "date", str_or_null(docs[i].date));
			json_object_set_new(qj, "words", json_integer(ans.words_a));
			json_object_set_new(qj, "verified", json_integer((json_int_t)ans.ncandidates));
			json_object_set_new(qj, "scanned", json_boolean(ans.scanned));
			json_object_set_new(qj, "self_archived", json_boolean(ans.self));
			json_t *ms = json_array();
			for (size_t k = 0; k < ans.n; k++)
				json_array_append_new(ms, match_json(&docs[i], &ans.m[k]));
			json_object_set_new(qj, "matches", ms);
			json_array_append_new(queries, qj);
		} else {
			print_answer(&docs[i], &ans);
		}
		arc_answer_clear(&ans);
	}
	if (c->json && ret == 0) {
		arc_settings s;
		json_object_set_new(root, "archive", str_or_null(c->archive));
		if (arc_get_settings(a, &s)) {
			json_t *st = json_object();
			json_object_set_new(st, "shingle", json_integer(s.shingle_k));
			json_object_set_new(st, "threshold", num(s.threshold));
			json_object_set_new(st, "containment", num(s.containment));
			json_object_set_new(root, "settings", st);
		}
		json_object_set(root, "queries", queries);
		char *txt = json_dumps(root, JSON_INDENT(1) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6));
		puts(txt ? txt : "{}");
		free(txt);
	}
	json_decref(queries);
	json_decref(root);
	if (ret == 0 && c->add) {
		arc_add_opts o = add_opts(c);
		o.threads = 1;
		arc_add_stats st = { 0 };
		if (arc_add_docs(a, docs, ndocs, &o, &st, &e) < 0) {
			cli_error(&e);
			ret = EXIT_FAIL;
		} else if (!c->quiet) {
			fprintf(stderr, "overlap: %s: %" PRIu64 " added, %" PRIu64 " replaced, %" PRIu64
				" unchanged\n", c->archive, st.added, st.replaced, st.unchanged);
		}
	}
	for (size_t i = 0; i < ndocs; i++)
		crp_doc_clear(&docs[i]);
	free(docs);
	arc_close(a);
	return ret;
}

/* ---- analyze --archive ----------------------------------------------------------------------- */

int cli_archive_matches(const char *archive, const char *const *paths, size_t npaths,
			char **jsonl_path)
{
	*jsonl_path = NULL;
	err_ctx e = { 0 };
	arc *a = NULL;
	if (arc_open(archive, ARC_READ, 0, &a, &e) < 0) {
		cli_error(&e);
		return EXIT_FAIL;
	}
	crp_opts co = { .warn = NULL, .no_batch = cli_no_batch() };
	crp_reader *r = NULL;
	if (crp_open(paths, npaths, &co, &r, &e) < 0) {
		cli_error(&e);
		arc_close(a);
		return EXIT_FAIL;
	}
	const char *dir = getenv("TMPDIR");
	/* .jsonl: the corpus reader takes JSON Lines by the name */
	char *path = xasprintf("%s/overlap-archive-XXXXXX.jsonl", dir && *dir ? dir : "/tmp");
	int fd = mkstemps(path, 6);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!f) {
		fprintf(stderr, "overlap: %s: cannot create a temporary file: %s\n", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		free(path);
		crp_free(r);
		arc_close(a);
		return EXIT_FAIL;
	}
	arc_query_opts qo = arc_query_opts_default();
	qo.passages = false; /* analyze aligns them itself */
	json_t *seen = json_object();
	crp_doc d = { 0 };
	int ret = -1, rc;
	size_t nadded = 0, nskipped = 0;
	while (ret < 0 && (rc = crp_next(r, &d, &e)) != 0) {
		if (rc < 0) {
			cli_error(&e);
			ret = EXIT_FAIL;
			break;
		}
		arc_answer ans;
		if (arc_query(a, &d, &qo, &ans, &e) < 0) {
			cli_error(&e);
			ret = EXIT_FAIL;
			break;
		}
		for (size_t i = 0; i < ans.n; i++) {
			const arc_match *m = &ans.m[i];
			if (!m->id || json_object_get(seen, m->id))
				continue;
			json_object_set_new(seen, m->id, json_true());
			if (!m->text) {
				nskipped++;
				continue;
			}
			json_t *o = json_object();
			json_object_set_new(o, "id", str_or_null(m->id));
			json_object_set_new(o, "text", json_text(m->text, m->nbytes));
			if (m->title)
				json_object_set_new(o, "title", str_or_null(m->title));
			if (m->source)
				json_object_set_new(o, "source", str_or_null(m->source));
			if (m->date)
				json_object_set_new(o, "date", str_or_null(m->date));
			if (m->url)
				json_object_set_new(o, "url", str_or_null(m->url));
			json_object_set_new(o, "archive", str_or_null(archive));
			if (json_dumpf(o, f, JSON_COMPACT) != 0 || fputc('\n', f) == EOF)
				ret = EXIT_FAIL;
			json_decref(o);
			nadded++;
		}
		arc_answer_clear(&ans);
	}
	crp_doc_clear(&d);
	crp_free(r);
	arc_close(a);
	json_decref(seen);
	if (fclose(f) != 0 && ret < 0) {
		fprintf(stderr, "overlap: %s: cannot write: %s\n", path, strerror(errno));
		ret = EXIT_FAIL;
	}
	if (ret >= 0) {
		unlink(path);
		free(path);
		return ret;
	}
	if (nskipped)
		fprintf(stderr, "overlap: %s: %zu matching archived documents have no stored text "
			"(--no-text) and are left out\n", archive, nskipped);
	fprintf(stderr, "overlap: %s: %zu archived documents join the analysis (metadata.archive "
		"marks them in report.json)\n", archive, nadded);
	*jsonl_path = path;
	return -1;
}

int cli_archive(struct config *cfg)
{
	struct arc_cfg *c = &cfg->arc;
	switch (cfg->cmd) {
	case CMD_INDEX_ADD: return ac_add(c);
	case CMD_INDEX_STATS: return ac_stats(c);
	case CMD_INDEX_CHECK: return ac_check(c);
	case CMD_INDEX_REMOVE: return ac_remove(c);
	default: return ac_query(c);
	}
}
