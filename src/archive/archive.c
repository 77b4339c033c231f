/* archive.c - the archive in SQLite (see archive.h): its schema, settings, opening and
 * closing, and the helpers the other archive_*.c files share (archive_int.h).
 *
 * Tables meta, doc and, per generation of ARC_GEN_DOCS document numbers, band_G and
 * sample_G (both WITHOUT ROWID: a posting lookup is one B-tree descent). WAL with
 * synchronous=NORMAL: a kill -9 loses nothing committed and readers never wait; one writer
 * (BEGIN IMMEDIATE behind the busy handler). It does not print: every SQLite failure
 * becomes one line in err_ctx (arc_db_err). Adding is archive_add.c, queries
 * archive_query.c, stats and the check archive_check.c, stored rows archive_store.c.
 */
#include "overlap/archive.h"

#include <errno.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "overlap/mem.h"
#include "overlap/minhash.h"
#include "overlap/shingle.h"
#include "overlap/similarity.h"
#include "overlap/stem.h"

#include "archive_int.h"

/* ---- tuning ---------------------------------------------------------------------------- */

/* 'OVLA': PRAGMA application_id, so an SQLite file of another program is told apart. */
#define ARC_APP_ID 0x4f564c41
/* Page cache of a connection, in KiB (negative cache_size): the band and sample B-trees of
 * 1M documents are ~1.5 GB; 256 MB keeps their inner pages and a good share of leaves
 * cached, which is what random inserts need. */
#define ARC_CACHE_KIB 262144
/* Default documents per generation (settings.gen_docs). Postings live in one pair of tables (band_G, sample_G) per generation of this many
 * document numbers. Keys are random, so an insert into a B-tree much larger than the page
 * cache dirties a page per posting and each batch rewrote most of the tables: measured,
 * ~4,100 documents/s per core over the first 20,000 and 1,700-2,700/s at 100,000, falling
 * further with size. With generations an add only ever touches tables of <= 100,000
 * documents (~170 MB, within the cache); a query looks a key up once per generation
 * (ten generations at 1M: ~1,000 descents of small trees, ~2 ms). */
#define ARC_GEN_DOCS 100000
/* Pages read through mmap instead of read() (address space only, no memory): B-tree
 * descents skip a system call each. SQLite clamps this to its compile-time cap
 * (SQLITE_MAX_MMAP_SIZE, ~2 GB on Linux builds), so past 2 GB of file the rest is read();
 * at 1M documents (5.2 GB) a third of a query's time is those kernel copies (perf). */
#define ARC_MMAP_BYTES ((int64_t)2 << 30)
/* Page size of a new archive (an existing one keeps its own). Measured against SQLite's
 * 4 KiB default on 190,000 generated documents, one core, load 7: 4,046 bytes a document
 * instead of 5,053 (a document row, ~2.2 KB of signature and text, left most of a 4 KiB page
 * unused), 10,000 more added into the 90%-full generation in 222-227 us CPU a document
 * instead of 264-288 (fewer WAL frames and pages to write), query latency the same. */
#define ARC_PAGE_SQL "PRAGMA page_size=16384"
/* WAL pages before an automatic checkpoint: 16,000 pages (256 MB of 16 KiB pages, 64 MB in
 * an archive of 4 KiB pages) instead of SQLite's 1,000, so a hot B-tree page rewritten by
 * many batches reaches the main file fewer times. */
#define ARC_CHECKPOINT_PAGES 16000

/* ---- small helpers ----------------------------------------------------------------------- */

char *arc_dup_or_null(const char *s) { return s ? xstrdup(s) : NULL; }

char *arc_col_text(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);
	return s ? xstrdup((const char *)s) : NULL;
}

/* One line for an SQLite failure while doing `what`. */
int arc_db_err(arc *a, err_ctx *e, int rc, const char *what)
{
	const char *msg = a && a->db ? sqlite3_errmsg(a->db) : sqlite3_errstr(rc);
	const char *path = a ? a->path : NULL;
	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return err_set(e, OVL_EIO, path,
			       "archive is busy: another writer holds it (try again when it is done)");
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		return err_set(e, OVL_EINPUT, path, "archive is damaged (%s) while %s", msg, what);
	case SQLITE_FULL:
	case SQLITE_IOERR:
	case SQLITE_CANTOPEN:
	case SQLITE_READONLY:
	case SQLITE_PERM:
		return err_set(e, OVL_EIO, path, "cannot %s: %s", what, msg);
	default:
		return err_set(e, OVL_EINPUT, path, "%s failed: %s", what, msg);
	}
}

int arc_exec_sql(arc *a, const char *sql, const char *what, err_ctx *e)
{
	int rc = sqlite3_exec(a->db, sql, NULL, NULL, NULL);
	return rc == SQLITE_OK ? 0 : arc_db_err(a, e, rc, what);
}

int arc_prep_once(arc *a, const char *sql, sqlite3_stmt **st, err_ctx *e)
{
	if (*st)
		return 0;
	int rc = sqlite3_prepare_v2(a->db, sql, -1, st, NULL);
	return rc == SQLITE_OK ? 0 : arc_db_err(a, e, rc, "reading the archive");
}

/* Run a statement returning one integer (or def when no row). */
int arc_query_int(arc *a, const char *sql, int64_t def, int64_t *out, err_ctx *e)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(a->db, sql, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return arc_db_err(a, e, rc, "reading the archive");
	rc = sqlite3_step(st);
	*out = def;
	if (rc == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
		*out = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : arc_db_err(a, e, rc, "reading the archive");
}

/* ---- settings ------------------------------------------------------------------------------ */

arc_settings arc_settings_default(void)
{
	sim_opts so = sim_opts_default();
	arc_settings s = {
		.shingle_k = so.shingle_k, .char_ngrams = so.char_ngrams, .nperm = so.nperm,
		.seed = so.seed, .threshold = so.threshold, .containment = so.containment,
		.scan_max = so.all_pairs_max, .gen_docs = ARC_GEN_DOCS,
	};
	arc_settings_plan(&s);
	return s;
}

int arc_settings_plan(arc_settings *s)
{
	lsh_plan p;
	if (lsh_plan_choose(s->threshold, s->nperm, &p) < 0)
		return OVL_EUSAGE;
	s->bands = p.bands;
	s->rows = p.rows;
	return 0;
}

void arc_settings_describe(const arc_settings *s, char *buf, size_t cap)
{
	if (s->char_ngrams)
		snprintf(buf, cap, "char-ngrams %u, perm %u, seed %llu, threshold %.2f, "
			 "containment %.2f, scan-max %llu, generation %llu (bands %u x rows %u)",
			 s->char_ngrams, s->nperm, (unsigned long long)s->seed, s->threshold,
			 s->containment, (unsigned long long)s->scan_max,
			 (unsigned long long)s->gen_docs, s->bands, s->rows);
	else
		snprintf(buf, cap, "shingle %u, perm %u, seed %llu, threshold %.2f, "
			 "containment %.2f, scan-max %llu, generation %llu (bands %u x rows %u)",
			 s->shingle_k, s->nperm, (unsigned long long)s->seed, s->threshold,
			 s->containment, (unsigned long long)s->scan_max,
			 (unsigned long long)s->gen_docs, s->bands, s->rows);
}

bool arc_set_equal(const arc_settings *x, const arc_settings *y)
{
	return x->shingle_k == y->shingle_k && x->char_ngrams == y->char_ngrams &&
	       x->nperm == y->nperm && x->seed == y->seed && x->threshold == y->threshold &&
	       x->containment == y->containment && x->scan_max == y->scan_max &&
	       x->gen_docs == y->gen_docs &&
	       x->bands == y->bands && x->rows == y->rows;
}

bool arc_set_valid(const arc_settings *s)
{
	return s->shingle_k >= 1 && s->shingle_k <= SHG_MAX_K && s->char_ngrams <= SHG_MAX_NGRAM &&
	       s->nperm >= 1 && s->nperm <= MH_MAX_NPERM && s->threshold > 0 && s->threshold <= 1 &&
	       s->containment > 0 && s->bands >= 1 && s->rows >= 1 && s->gen_docs >= 1 &&
	       (uint64_t)s->bands * s->rows <= s->nperm;
}

static void use_settings(arc *a, const arc_settings *s)
{
	a->set = *s;
	a->have_set = true;
	a->plan = (lsh_plan){ .bands = s->bands, .rows = s->rows, .nperm = s->nperm,
			      .threshold = s->threshold };
	a->so = (shg_opts){ s->shingle_k, s->char_ngrams, s->seed };
}

/* Read meta into a->set. Absent settings leave have_set false. */
int arc_load_settings(arc *a, err_ctx *e)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(a->db, "SELECT key, value FROM meta", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return arc_db_err(a, e, rc, "reading the archive settings");
	arc_settings s = { 0 };
	unsigned found = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *k = (const char *)sqlite3_column_text(st, 0);
		if (!k)
			continue;
		int64_t iv = sqlite3_column_int64(st, 1);
		double dv = sqlite3_column_double(st, 1);
		unsigned u = iv < 0 || iv > UINT32_MAX ? 0 : (unsigned)iv;
		if (!strcmp(k, "shingle_k")) s.shingle_k = u, found |= 1;
		else if (!strcmp(k, "char_ngrams")) s.char_ngrams = u, found |= 2;
		else if (!strcmp(k, "nperm")) s.nperm = u, found |= 4;
		else if (!strcmp(k, "seed")) s.seed = (uint64_t)iv, found |= 8;
		else if (!strcmp(k, "threshold")) s.threshold = dv, found |= 16;
		else if (!strcmp(k, "containment")) s.containment = dv, found |= 32;
		else if (!strcmp(k, "scan_max")) s.scan_max = (uint64_t)iv, found |= 64;
		else if (!strcmp(k, "bands")) s.bands = u, found |= 128;
		else if (!strcmp(k, "rows")) s.rows = u, found |= 256;
		else if (!strcmp(k, "gen_docs")) s.gen_docs = (uint64_t)iv, found |= 512;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return arc_db_err(a, e, rc, "reading the archive settings");
	if (found == 0) {
		a->have_set = false;
		return 0;
	}
	if (found != 1023 || !arc_set_valid(&s))
		return err_set(e, OVL_EINPUT, a->path, "archive settings are incomplete or invalid");
	use_settings(a, &s);
	return 0;
}

int arc_store_settings(arc *a, const arc_settings *s, err_ctx *e)
{
	char sql[1024];
	snprintf(sql, sizeof sql,
		 "INSERT INTO meta(key, value) VALUES ('shingle_k', %u), ('char_ngrams', %u), "
		 "('nperm', %u), ('seed', %lld), ('threshold', %.17g), ('containment', %.17g), "
		 "('scan_max', %llu), ('bands', %u), ('rows', %u), ('gen_docs', %llu), "
		 "('created', %lld)",
		 s->shingle_k, s->char_ngrams, s->nperm, (long long)s->seed, s->threshold,
		 s->containment, (unsigned long long)s->scan_max, s->bands, s->rows,
		 (unsigned long long)s->gen_docs, (long long)time(NULL));
	TRY(arc_exec_sql(a, sql, "writing the archive settings", e));
	use_settings(a, s);
	return 0;
}

bool arc_get_settings(const arc *a, arc_settings *s)
{
	if (a->have_set)
		*s = a->set;
	return a->have_set;
}

/* ---- open / close ----------------------------------------------------------------------- */

static const char *schema_sql =
	"CREATE TABLE meta(key TEXT PRIMARY KEY, value) WITHOUT ROWID;"
	"CREATE TABLE doc("
	" num INTEGER PRIMARY KEY,"
	" id TEXT NOT NULL UNIQUE,"
	" title TEXT, source TEXT, date TEXT, url TEXT, path TEXT, meta_json TEXT,"
	" hash INTEGER NOT NULL,"        /* XXH3-64 of the original bytes */
	" nbytes INTEGER NOT NULL, nwords INTEGER NOT NULL,"
	" nshingles INTEGER NOT NULL, nsample INTEGER NOT NULL,"
	" sig BLOB NOT NULL,"            /* nperm x u32 little-endian */
	" shingles BLOB,"                /* coded shingle set, when the text is not kept */
	" text BLOB,"                    /* zlib of the original bytes */
	" added INTEGER NOT NULL);";
/* Posting tables of generation G (archive.c ARC_GEN_DOCS) are created by the first add that
 * needs them: band_G(key, num), sample_G(key, num), both WITHOUT ROWID. */

/* What the first bytes say. @return 0 SQLite (or empty when allowed), else an error. */
static int sniff(const char *path, int mode, bool *fresh, err_ctx *e)
{
	*fresh = false;
	struct stat sb;
	if (stat(path, &sb) != 0) {
		if (errno == ENOENT && mode == ARC_CREATE) {
			*fresh = true;
			return 0;
		}
		if (errno == ENOENT)
			return err_set(e, OVL_EINPUT, path,
				       "no such archive (create one with 'overlap index add')");
		return err_set(e, OVL_EIO, path, "cannot open archive: %s", strerror(errno));
	}
	if (S_ISDIR(sb.st_mode))
		return err_set(e, OVL_EINPUT, path, "is a folder, not an archive file");
	if (sb.st_size == 0) {
		if (mode == ARC_CREATE) {
			*fresh = true;
			return 0;
		}
		return err_set(e, OVL_EINPUT, path, "empty file, not an overlap archive");
	}
	FILE *f = fopen(path, "rb");
	if (!f)
		return err_set(e, OVL_EIO, path, "cannot open archive: %s", strerror(errno));
	char head[100];
	size_t n = fread(head, 1, sizeof head, f);
	fclose(f);
	if (n < sizeof head || memcmp(head, "SQLite format 3", 16) != 0)
		return err_set(e, OVL_EINPUT, path, "not an overlap archive (not an SQLite database%s)",
			       n < sizeof head && n >= 16 && !memcmp(head, "SQLite format 3", 16)
				       ? ": truncated" : "");
	return 0;
}

static int set_pragmas(arc *a, unsigned busy_ms, err_ctx *e)
{
	sqlite3_busy_timeout(a->db, (int)(busy_ms > INT32_MAX ? INT32_MAX : busy_ms));
	char sql[256];
	snprintf(sql, sizeof sql, "PRAGMA cache_size=-%d; PRAGMA synchronous=NORMAL; "
		 "PRAGMA mmap_size=%lld; PRAGMA wal_autocheckpoint=%d;", ARC_CACHE_KIB,
		 (long long)ARC_MMAP_BYTES, ARC_CHECKPOINT_PAGES);
	return arc_exec_sql(a, sql, "opening the archive", e);
}

/* A new archive is built under a temporary name (schema, WAL mode) and linked into place,
 * so a kill while creating leaves either no file or a whole empty archive at path, never a
 * half-made database. A concurrent creator that linked first wins; ours is dropped. */
static int create_fresh(const char *path, err_ctx *e)
{
	char *tmp = xasprintf("%s.new-%ld", path, (long)getpid());
	unlink(tmp);
	arc t = { .path = tmp };
	int rc = sqlite3_open_v2(tmp, &t.db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
				 SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		rc = arc_db_err(&t, e, rc, "create the archive");
	} else {
		char sql[128];
		snprintf(sql, sizeof sql, "PRAGMA application_id=%d; PRAGMA user_version=%d;",
			 ARC_APP_ID, ARC_SCHEMA_VERSION);
		rc = arc_exec_sql(&t, ARC_PAGE_SQL, "create the archive", e);
		if (rc == 0)
			rc = arc_exec_sql(&t, "PRAGMA journal_mode=WAL", "create the archive", e);
		if (rc == 0)
			rc = arc_exec_sql(&t, "BEGIN", "create the archive", e);
		if (rc == 0)
			rc = arc_exec_sql(&t, schema_sql, "create the archive", e);
		if (rc == 0)
			rc = arc_exec_sql(&t, sql, "create the archive", e);
		if (rc == 0)
			rc = arc_exec_sql(&t, "COMMIT", "create the archive", e);
	}
	if (t.db && sqlite3_close(t.db) != SQLITE_OK && rc == 0)
		rc = err_set(e, OVL_EIO, path, "cannot create the archive");
	if (rc == 0 && link(tmp, path) != 0 && errno != EEXIST)
		rc = err_set(e, OVL_EIO, path, "cannot create the archive: %s", strerror(errno));
	unlink(tmp);
	char *side = xasprintf("%s-wal", tmp);
	unlink(side);
	free(side);
	side = xasprintf("%s-shm", tmp);
	unlink(side);
	free(side);
	free(tmp);
	return rc;
}

int arc_open(const char *path, int mode, unsigned busy_ms, arc **out, err_ctx *e)
{
	*out = NULL;
	bool fresh;
	TRY(sniff(path, mode, &fresh, e));
	struct stat sb;
	if (fresh && stat(path, &sb) != 0)
		TRY(create_fresh(path, e));
	arc *a = xcalloc(1, sizeof *a);
	a->path = xstrdup(path);
	/* One connection per thread (the CLI is single-threaded): no SQLite mutexes. */
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX |
		    (mode == ARC_CREATE ? SQLITE_OPEN_CREATE : 0);
	int rc = sqlite3_open_v2(path, &a->db, flags, NULL);
	if (rc != SQLITE_OK) {
		rc = arc_db_err(a, e, rc, "open the archive");
		arc_close(a);
		return rc;
	}
	sqlite3_extended_result_codes(a->db, 0);
	rc = set_pragmas(a, busy_ms, e);
	int64_t app = 0, ver = 0, ntab = 0;
	if (rc == 0)
		rc = arc_query_int(a, "PRAGMA application_id", 0, &app, e);
	if (rc == 0)
		rc = arc_query_int(a, "PRAGMA user_version", 0, &ver, e);
	if (rc == 0)
		rc = arc_query_int(a, "SELECT count(*) FROM sqlite_master", 0, &ntab, e);
	if (rc < 0)
		goto fail;
	if (app == 0 && ver == 0 && ntab == 0) {
		if (mode != ARC_CREATE) {
			rc = err_set(e, OVL_EINPUT, path, "empty database, not an overlap archive");
			goto fail;
		}
		/* The page size and WAL must be set outside a transaction, before any table;
		 * then the schema in one. */
		if ((rc = arc_exec_sql(a, ARC_PAGE_SQL, "create the archive", e)) < 0 ||
		    (rc = arc_exec_sql(a, "PRAGMA journal_mode=WAL", "create the archive", e)) < 0)
			goto fail;
		if ((rc = arc_exec_sql(a, "BEGIN IMMEDIATE", "create the archive", e)) < 0)
			goto fail;
		rc = arc_query_int(a, "SELECT count(*) FROM sqlite_master", 0, &ntab, e);
		if (rc == 0 && ntab == 0) {
			char sql[96];
			snprintf(sql, sizeof sql, "PRAGMA application_id=%d; PRAGMA user_version=%d;",
				 ARC_APP_ID, ARC_SCHEMA_VERSION);
			rc = arc_exec_sql(a, schema_sql, "create the archive", e);
			if (rc == 0)
				rc = arc_exec_sql(a, sql, "create the archive", e);
		}
		if (rc == 0)
			rc = arc_exec_sql(a, "COMMIT", "create the archive", e);
		else
			sqlite3_exec(a->db, "ROLLBACK", NULL, NULL, NULL);
		if (rc < 0)
			goto fail;
		app = ARC_APP_ID;
		ver = ARC_SCHEMA_VERSION;
	}
	(void)fresh;
	if (app != ARC_APP_ID) {
		rc = err_set(e, OVL_EINPUT, path,
			     "not an overlap archive (an SQLite database of another program)");
		goto fail;
	}
	if (ver > ARC_SCHEMA_VERSION) {
		rc = err_set(e, OVL_EINPUT, path,
			     "archive schema version %lld is newer than this overlap knows (%d): "
			     "use a newer overlap", (long long)ver, ARC_SCHEMA_VERSION);
		goto fail;
	}
	if (ver < ARC_SCHEMA_VERSION) {
		/* Version 1 is the first schema: an older number was never written by overlap. */
		rc = err_set(e, OVL_EINPUT, path,
			     "archive schema version %lld is older than this overlap can migrate "
			     "(it reads version %d)", (long long)ver, ARC_SCHEMA_VERSION);
		goto fail;
	}
	if ((rc = arc_load_settings(a, e)) < 0)
		goto fail;
	*out = a;
	return 0;
fail:
	arc_close(a);
	return rc;
}

void arc_scan_drop(arc *a)
{
	for (size_t i = 0; i < a->scan_n; i++)
		free(a->scan_id[i]);
	free(a->scan_id);
	free(a->scan_num);
	free(a->scan_v);
	free(a->scan_off);
	free(a->scan_sig);
	a->scan_id = NULL;
	a->scan_num = NULL;
	a->scan_v = a->scan_off = NULL;
	a->scan_sig = NULL;
	a->scan_n = 0;
	a->scan_loaded = false;
}

void arc_close(arc *a)
{
	if (!a)
		return;
	for (unsigned g = 0; g < a->nst_gen; g++) {
		sqlite3_finalize(a->st_band[g]);
		sqlite3_finalize(a->st_sample[g]);
	}
	free(a->st_band);
	free(a->st_sample);
	sqlite3_finalize(a->st_nsample);
	sqlite3_finalize(a->st_verify);
	sqlite3_finalize(a->st_full);
	sqlite3_finalize(a->st_by_id);
	sqlite3_close(a->db);
	arc_scan_drop(a);
	shg_buf_free(&a->buf);
	stem_free(a->stem);
	free(a->path);
	free(a);
}
