/* archive_check.c - what an archive holds (arc_count, arc_get_stats) and a consistency check
 * of every row against its postings (arc_check, whose problems go to a warning callback).
 * Reads only; it does not repair and does not print.
 */
#include <stdarg.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "hash.h"
#include "overlap/mem.h"
#include "overlap/minhash.h"
#include "overlap/shingle.h"

#include "archive_int.h"

/* ---- stats ---------------------------------------------------------------------------------- */

static uint64_t file_size(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0 ? (uint64_t)sb.st_size : 0;
}

/* Rows of every generation's band and sample tables. */
static int count_postings(arc *a, uint64_t *nband, uint64_t *nsample, err_ctx *e)
{
	unsigned ngen;
	TRY(arc_gen_count(a, &ngen, e));
	*nband = *nsample = 0;
	for (unsigned g = 0; g < ngen; g++) {
		char sql[64];
		int64_t v;
		snprintf(sql, sizeof sql, "SELECT count(*) FROM band_%u", g);
		TRY(arc_query_int(a, sql, 0, &v, e));
		*nband += (uint64_t)v;
		snprintf(sql, sizeof sql, "SELECT count(*) FROM sample_%u", g);
		TRY(arc_query_int(a, sql, 0, &v, e));
		*nsample += (uint64_t)v;
	}
	return 0;
}

int arc_count(arc *a, uint64_t *n, err_ctx *e)
{
	int64_t v = 0;
	TRY(arc_query_int(a, "SELECT count(*) FROM doc INDEXED BY sqlite_autoindex_doc_1", 0, &v, e));
	*n = (uint64_t)v;
	return 0;
}

int arc_get_stats(arc *a, arc_stats *st, err_ctx *e)
{
	memset(st, 0, sizeof *st);
	int64_t v;
	st->schema = ARC_SCHEMA_VERSION;
	st->have_settings = arc_get_settings(a, &st->set);
	const struct {
		const char *sql;
		uint64_t *out;
	} counts[] = {
		{ "SELECT count(*) FROM doc", &st->docs },
		{ "SELECT count(*) FROM doc WHERE text IS NOT NULL", &st->docs_text },
		{ "SELECT count(*) FROM doc WHERE nshingles = 0", &st->docs_empty },
		{ "SELECT total(nbytes) FROM doc", &st->text_bytes },
		{ "SELECT total(length(text)) FROM doc", &st->ztext_bytes },
		{ "SELECT total(length(shingles)) FROM doc", &st->set_bytes },
	};
	for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++) {
		TRY(arc_query_int(a, counts[i].sql, 0, &v, e));
		*counts[i].out = (uint64_t)v;
	}
	TRY(count_postings(a, &st->band_rows, &st->sample_rows, e));
	st->file_bytes = file_size(a->path);
	char *wal = xasprintf("%s-wal", a->path);
	st->wal_bytes = file_size(wal);
	free(wal);
	sqlite3_stmt *s = NULL;
	int rc = sqlite3_prepare_v2(a->db, "SELECT min(date), max(date) FROM doc WHERE date <> ''",
				    -1, &s, NULL);
	if (rc == SQLITE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		st->oldest_date = arc_col_text(s, 0);
		st->newest_date = arc_col_text(s, 1);
		rc = SQLITE_DONE;
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		arc_stats_clear(st);
		return arc_db_err(a, e, rc, "read the archive");
	}
	return 0;
}

void arc_stats_clear(arc_stats *st)
{
	free(st->oldest_date);
	free(st->newest_date);
	st->oldest_date = st->newest_date = NULL;
}

/* ---- check ------------------------------------------------------------------------------------ */

static void problem(ovl_warn_fn warn, void *ud, uint64_t *n, const char *path, const char *fmt,
		    ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 5, 6)))
#endif
	;

static void problem(ovl_warn_fn warn, void *ud, uint64_t *n, const char *path, const char *fmt,
		    ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	(*n)++;
	if (warn)
		warn(ud, path, msg);
}

/* Whether (key, num) is in table (band or sample). */
static int has_posting(arc *a, sqlite3_stmt *st, int64_t key, int64_t num, bool *yes, err_ctx *e)
{
	sqlite3_bind_int64(st, 1, key);
	sqlite3_bind_int64(st, 2, num);
	int src = sqlite3_step(st);
	*yes = src == SQLITE_ROW;
	sqlite3_reset(st);
	return src == SQLITE_ROW || src == SQLITE_DONE ? 0 : arc_db_err(a, e, src, "check the archive");
}

/* What arc_check carries from document to document. */
typedef struct check_ctx {
	arc *a;
	ovl_warn_fn warn;
	void *ud;
	uint64_t *nproblems;
	unsigned ngen;
	sqlite3_stmt **hb, **hs;     /* per generation: is (key, num) a band / sample posting */
	shg_buf buf;                 /* the document's shingle set */
	uint32_t *sig, *bk, *sk;     /* its signature, band keys, sample keys */
	size_t skcap;
	uint64_t nbands, nsamples;   /* postings the documents account for */
} check_ctx;

#define PROBLEM(c, ...) problem((c)->warn, (c)->ud, (c)->nproblems, (c)->a->path, __VA_ARGS__)

/* Phase 1: SQLite's own structure (PRAGMA integrity_check). */
static int check_integrity(check_ctx *c, err_ctx *e)
{
	sqlite3_stmt *st = NULL;
	int src = sqlite3_prepare_v2(c->a->db, "PRAGMA integrity_check(20)", -1, &st, NULL);
	while (st && (src = sqlite3_step(st)) == SQLITE_ROW) {
		const char *r = (const char *)sqlite3_column_text(st, 0);
		if (r && strcmp(r, "ok"))
			PROBLEM(c, "integrity: %s", r);
	}
	sqlite3_finalize(st);
	return src == SQLITE_DONE ? 0 : arc_db_err(c->a, e, src, "check the archive");
}

/* The shingle set of the document in row st into c->buf, from its text (which must also
 * inflate to nbytes and match its hash) or its stored set. @return whether it was read. */
static bool check_doc_set(check_ctx *c, sqlite3_stmt *st, const char *pid)
{
	uint64_t hash = (uint64_t)sqlite3_column_int64(st, 2);
	int64_t nbytes = sqlite3_column_int64(st, 3);
	const void *shb = sqlite3_column_blob(st, 7);
	size_t nshb = (size_t)sqlite3_column_bytes(st, 7);
	const void *tb = sqlite3_column_blob(st, 8);
	size_t ntb = (size_t)sqlite3_column_bytes(st, 8);
	if (tb) {
		uint8_t *t = arc_inflate_text(tb, ntb, nbytes < 0 ? 0 : (uint64_t)nbytes);
		if (!t) {
			PROBLEM(c, "document '%s': text does not inflate to %lld bytes", pid,
				(long long)nbytes);
			return false;
		}
		if (hash_bytes(t, (size_t)nbytes, 0) != hash)
			PROBLEM(c, "document '%s': text does not match its content hash", pid);
		shg_doc(t, (size_t)nbytes, &c->a->so, &c->buf);
		c->buf.n = shg_sort_unique(c->buf.v, c->buf.n);
		free(t);
		return true;
	}
	if (shb) {
		size_t cnt;
		if (arc_decode_set(shb, nshb, &c->buf.v, &c->buf.cap, &cnt) < 0) {
			PROBLEM(c, "document '%s': malformed shingle set", pid);
			return false;
		}
		c->buf.n = cnt;
		return true;
	}
	PROBLEM(c, "document '%s': neither text nor shingles", pid);
	return false;
}

/* The signature of row st against the set (when read), and its band postings in
 * generation g (unless the document is empty). @return 0 or a negative ovl_err. */
static int check_doc_bands(check_ctx *c, sqlite3_stmt *st, const char *pid, unsigned g,
			   bool ok_set, bool empty, err_ctx *e)
{
	const arc_settings *s = &c->a->set;
	int64_t num = sqlite3_column_int64(st, 0);
	const void *sb = sqlite3_column_blob(st, 6);
	size_t nsb = (size_t)sqlite3_column_bytes(st, 6);
	if (!sb || nsb != 4 * (size_t)s->nperm) {
		PROBLEM(c, "document '%s': signature of %zu bytes, expected %u", pid, nsb,
			4 * s->nperm);
		return 0;
	}
	arc_sig_decode(sb, s->nperm, c->sig);
	if (ok_set) {
		uint32_t *want = xmalloc(s->nperm * sizeof *want);
		mh_sketch(c->buf.v, c->buf.n, s->nperm, s->seed, want);
		if (memcmp(want, c->sig, s->nperm * sizeof *c->sig))
			PROBLEM(c, "document '%s': signature does not match its shingles", pid);
		free(want);
	}
	if (empty)
		return 0;
	lsh_band_keys(&c->a->plan, c->sig, c->bk);
	int rc = 0;
	for (unsigned j = 0; j < s->bands && rc == 0; j++) {
		bool yes;
		rc = has_posting(c->a, c->hb[g], arc_band_row_key(j, c->bk[j]), num, &yes, e);
		if (rc == 0 && !yes) {
			PROBLEM(c, "document '%s': band %u not indexed", pid, j);
			break;
		}
	}
	c->nbands += s->bands;
	return rc;
}

/* The sample keys of the set read for row st: their number and their postings in
 * generation g. @return 0 or a negative ovl_err. */
static int check_doc_samples(check_ctx *c, sqlite3_stmt *st, const char *pid, unsigned g,
			     err_ctx *e)
{
	int64_t num = sqlite3_column_int64(st, 0);
	int64_t nsa = sqlite3_column_int64(st, 5);
	size_t nk = arc_sample_of(c->buf.v, c->buf.n, &c->sk, &c->skcap);
	if ((int64_t)nk != nsa)
		PROBLEM(c, "document '%s': %zu sample keys, the row says %lld", pid, nk,
			(long long)nsa);
	int rc = 0;
	for (size_t j = 0; j < nk && rc == 0; j++) {
		bool yes;
		rc = has_posting(c->a, c->hs[g], c->sk[j], num, &yes, e);
		if (rc == 0 && !yes) {
			PROBLEM(c, "document '%s': sample key not indexed", pid);
			break;
		}
	}
	c->nsamples += nk;
	return rc;
}

/* Phase 2, one document (row st of "SELECT num, id, hash, nbytes, nshingles, nsample,
 * sig, shingles, text FROM doc"). @return 0 or a negative ovl_err. */
static int check_doc(check_ctx *c, sqlite3_stmt *st, err_ctx *e)
{
	int64_t num = sqlite3_column_int64(st, 0);
	unsigned g = arc_gen_of(c->a, num);
	if (g >= c->ngen) {
		PROBLEM(c, "document number %lld has no posting tables", (long long)num);
		return 0;
	}
	const char *id = (const char *)sqlite3_column_text(st, 1);
	char *pid = xstrdup(id ? id : "?");
	int64_t nsh = sqlite3_column_int64(st, 4);
	bool ok_set = check_doc_set(c, st, pid);
	if (ok_set && (int64_t)c->buf.n != nsh)
		PROBLEM(c, "document '%s': %zu shingles, the row says %lld", pid, c->buf.n,
			(long long)nsh);
	bool empty = ok_set ? c->buf.n == 0 : nsh == 0;
	int rc = check_doc_bands(c, st, pid, g, ok_set, empty, e);
	if (ok_set && rc == 0)
		rc = check_doc_samples(c, st, pid, g, e);
	free(pid);
	return rc;
}

/* Phase 2: every document against its postings. @return 0 or a negative ovl_err. */
static int check_docs(check_ctx *c, err_ctx *e)
{
	arc *a = c->a;
	TRY(arc_gen_count(a, &c->ngen, e));
	c->hb = xcalloc(c->ngen + 1, sizeof *c->hb);
	c->hs = xcalloc(c->ngen + 1, sizeof *c->hs);
	int rc = 0;
	for (unsigned g = 0; g < c->ngen && rc == 0; g++) {
		rc = arc_prep_gen(a, "SELECT 1 FROM band_%u WHERE key = ? AND num = ?", g, &c->hb[g], e);
		if (rc == 0)
			rc = arc_prep_gen(a, "SELECT 1 FROM sample_%u WHERE key = ? AND num = ?", g,
					  &c->hs[g], e);
	}
	sqlite3_stmt *st = NULL;
	int src = rc == 0 ? sqlite3_prepare_v2(a->db, "SELECT num, id, hash, nbytes, nshingles, "
					       "nsample, sig, shingles, text FROM doc", -1, &st, NULL)
			  : SQLITE_OK;
	if (rc == 0 && src != SQLITE_OK)
		rc = arc_db_err(a, e, src, "check the archive");
	if (rc == 0) {
		c->sig = xmalloc(a->set.nperm * sizeof *c->sig);
		c->bk = xmalloc(a->set.bands * sizeof *c->bk);
		while (rc == 0 && (src = sqlite3_step(st)) == SQLITE_ROW)
			rc = check_doc(c, st, e);
		if (rc == 0 && src != SQLITE_DONE)
			rc = arc_db_err(a, e, src, "check the archive");
	}
	sqlite3_finalize(st);
	for (unsigned g = 0; g < c->ngen; g++) {
		sqlite3_finalize(c->hb[g]);
		sqlite3_finalize(c->hs[g]);
	}
	free(c->hb);
	free(c->hs);
	shg_buf_free(&c->buf);
	free(c->sig);
	free(c->bk);
	free(c->sk);
	return rc;
}

int arc_check(arc *a, ovl_warn_fn warn, void *ud, uint64_t *nproblems, err_ctx *e)
{
	*nproblems = 0;
	check_ctx c = { .a = a, .warn = warn, .ud = ud, .nproblems = nproblems };
	TRY(check_integrity(&c, e));
	if (*nproblems)
		return 0; /* the index's invariants mean nothing on a broken file */
	if (!a->have_set) {
		int64_t n = 0;
		TRY(arc_query_int(a, "SELECT count(*) FROM doc", 0, &n, e));
		if (n)
			PROBLEM(&c, "documents stored without settings");
		return 0;
	}
	TRY(check_docs(&c, e));
	/* Phase 3: no posting without its document. The counts agree once every document's
	 * own postings were found in phase 2. */
	uint64_t tb = 0, ts = 0;
	TRY(count_postings(a, &tb, &ts, e));
	if (tb != c.nbands)
		PROBLEM(&c, "%llu band postings, the documents account for %llu",
			(unsigned long long)tb, (unsigned long long)c.nbands);
	if (ts != c.nsamples)
		PROBLEM(&c, "%llu sample postings, the documents account for %llu",
			(unsigned long long)ts, (unsigned long long)c.nsamples);
	return 0;
}
