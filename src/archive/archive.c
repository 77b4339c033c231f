/* archive.c - the archive in SQLite (see archive.h): tables meta, doc, band and sample (both
 * WITHOUT ROWID: a posting lookup is one B-tree descent). WAL with synchronous=NORMAL: a
 * kill -9 loses nothing committed and readers never wait; one writer (BEGIN IMMEDIATE behind
 * the busy handler). Workers shingle, sketch and compress (libdeflate, zlib format) a round of
 * documents; the calling thread inserts their rows into the open transaction and queues their
 * postings, inserted at its commit sorted by key, 64 to a statement. It does not print: every
 * SQLite failure becomes one line in err_ctx.
 */
#include "overlap/archive.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <libdeflate.h>
#include <zlib.h>

#include "hash.h"
#include "overlap/candidates.h"
#include "overlap/claim.h"
#include "overlap/mem.h"
#include "overlap/minhash.h"
#include "overlap/pool.h"
#include "overlap/shingle.h"
#include "overlap/similarity.h"
#include "overlap/stem.h"
#include "overlap/strbuf.h"
#include "overlap/tokenize.h"

/* ---- tuning ---------------------------------------------------------------------------- */

/* 'OVLA': PRAGMA application_id, so an SQLite file of another program is told apart. */
#define ARC_APP_ID 0x4f564c41
/* Documents per transaction. Postings have random keys, so a transaction dirties about
 * one B-tree leaf per posting until the generation's tables are a few times larger than its
 * postings: a larger batch shares each written page among more postings (and SQLite writes
 * each dirty page once to the WAL, once more at the checkpoint). Measured, 10,000 documents
 * into a generation already 90% full, one core: 5,000 a batch 224 us CPU a document, 20,000
 * 193 us; into an empty generation 113 and 103 us. A kill or an error loses at most one
 * batch of work (committed batches always stay); memory grows by ~3.4 KB a document of the
 * batch (its postings, sorted at the commit). */
#define ARC_BATCH_DOCS 20000
/* Documents read and sketched at a time (a transaction holds batch_docs of them in
 * rounds of this many): the texts of one round are in memory, the postings of the whole
 * transaction (~1.7 KB a document) wait for its commit. */
#define ARC_ROUND_DOCS 1000
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
/* Stored text is a zlib stream (RFC 1950, read back with zlib's uncompress) written by
 * libdeflate at level 1: on 10,000 generated 3.3 KB texts, one core, zlib level 1 took
 * 68 us a text for 50.3% of the size, zlib 6 98 us for 48.1%, libdeflate 1 38 us for 47.8%
 * (libdeflate 6: 68 us, 47.2%). Compression was a quarter of an add's CPU time with zlib 1. */
#define ARC_DEFLATE_LEVEL 1
/* Near-copies count as one source for claims (pipeline.c's PL_COPY_CONTAINMENT and
 * PL_COPY_COVERAGE, same reasons): containment of word 5-grams this high does not happen
 * between independent write-ups. */
#define ARC_COPY_CONTAINMENT 0.8
#define ARC_COPY_COVERAGE 0.7
/* Stored text is inflated under this cap whatever the row says (a damaged row must not
 * allocate gigabytes): the corpus reader's own document cap. */
#define ARC_MAX_TEXT ((size_t)1 << 30)

/* ---- types ----------------------------------------------------------------------------- */

struct arc {
	sqlite3 *db;
	char *path;
	bool have_set;
	arc_settings set;
	lsh_plan plan;
	shg_opts so;
	shg_buf buf;           /* query-side scratch */
	stem_ctx *stem;        /* created on first query with stemming */
	sqlite3_stmt *st_nsample, *st_verify, *st_full, *st_by_id;
	sqlite3_stmt **st_band, **st_sample; /* per generation: postings of a key */
	unsigned nst_gen;
	/* Small archives (scan mode): every document's set, loaded once per connection so a
	 * batch of queries reads and shingles each stored text once, not once a query. */
	bool scan_loaded;
	size_t scan_n;
	int64_t *scan_num;
	char **scan_id;
	uint64_t *scan_v, *scan_off;
	uint32_t *scan_sig;
};

typedef struct posting {
	uint64_t key;          /* band_row_key or sample key */
	int64_t num;           /* document number */
} posting;

/* One document of an add batch, prepared by a worker. */
typedef struct add_item {
	crp_doc doc;
	uint64_t hash;
	uint32_t nwords, nshingles, nbad;
	uint32_t *sig;         /* nperm */
	uint32_t *bkeys;       /* bands (empty document: none) */
	uint32_t *skeys;       /* distinct sample keys, sorted */
	size_t nskeys, skeys_cap;
	uint8_t *blob;         /* zlib text or coded shingle set */
	size_t nblob, blob_cap;
	bool empty;
} add_item;

/* ---- small helpers ----------------------------------------------------------------------- */

static char *dup_or_null(const char *s) { return s ? xstrdup(s) : NULL; }

static char *col_text(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);
	return s ? xstrdup((const char *)s) : NULL;
}

/* One line for an SQLite failure while doing `what`. */
static int db_err(arc *a, err_ctx *e, int rc, const char *what)
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

static int exec_sql(arc *a, const char *sql, const char *what, err_ctx *e)
{
	int rc = sqlite3_exec(a->db, sql, NULL, NULL, NULL);
	return rc == SQLITE_OK ? 0 : db_err(a, e, rc, what);
}

static int prep(arc *a, const char *sql, sqlite3_stmt **st, err_ctx *e)
{
	if (*st)
		return 0;
	int rc = sqlite3_prepare_v2(a->db, sql, -1, st, NULL);
	return rc == SQLITE_OK ? 0 : db_err(a, e, rc, "reading the archive");
}

/* Run a statement returning one integer (or def when no row). */
static int query_int(arc *a, const char *sql, int64_t def, int64_t *out, err_ctx *e)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(a->db, sql, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return db_err(a, e, rc, "reading the archive");
	rc = sqlite3_step(st);
	*out = def;
	if (rc == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
		*out = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_err(a, e, rc, "reading the archive");
}

/* ---- blobs ------------------------------------------------------------------------------- */

static void put_u32le(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static uint32_t get_u32le(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static size_t put_varint(uint8_t *p, uint64_t v)
{
	size_t n = 0;
	while (v >= 0x80) {
		p[n++] = (uint8_t)(v | 0x80);
		v >>= 7;
	}
	p[n++] = (uint8_t)v;
	return n;
}

/* @return bytes read, 0 on a truncated or over-long varint. */
static size_t get_varint(const uint8_t *p, size_t n, uint64_t *v)
{
	uint64_t x = 0;
	for (size_t i = 0; i < n && i < 10; i++) {
		x |= (uint64_t)(p[i] & 0x7f) << (7 * i);
		if (!(p[i] & 0x80)) {
			*v = x;
			return i + 1;
		}
	}
	return 0;
}

/* Shingle set blob: count, then the sorted values as varint deltas. */
static void encode_set(const uint64_t *v, size_t n, uint8_t **out, size_t *nout, size_t *cap)
{
	XGROW(*out, *cap, 10 * (n + 1));
	size_t k = put_varint(*out, n);
	uint64_t prev = 0;
	for (size_t i = 0; i < n; i++) {
		k += put_varint(*out + k, v[i] - prev);
		prev = v[i];
	}
	*nout = k;
}

/* @return 0 and the set into *v (grown), or -1 when the blob is malformed. */
static int decode_set(const uint8_t *p, size_t n, uint64_t **v, size_t *cap, size_t *count)
{
	uint64_t cnt;
	size_t k = get_varint(p, n, &cnt);
	if (!k || cnt > n) /* every value takes at least one byte */
		return -1;
	XGROW(*v, *cap, cnt + 1);
	uint64_t prev = 0;
	for (uint64_t i = 0; i < cnt; i++) {
		uint64_t d;
		size_t m = get_varint(p + k, n - k, &d);
		if (!m || (i > 0 && d == 0))
			return -1;
		k += m;
		prev += d;
		(*v)[i] = prev;
	}
	*count = (size_t)cnt;
	return k == n ? 0 : -1;
}

/* Inflate a stored text of nbytes original bytes. @return malloc'd text (NUL-terminated)
 * or NULL when the blob does not inflate to exactly nbytes. */
static uint8_t *inflate_text(const void *blob, size_t nblob, uint64_t nbytes)
{
	if (nbytes > ARC_MAX_TEXT)
		return NULL;
	uint8_t *t = xmalloc((size_t)nbytes + 1);
	uLongf len = (uLongf)nbytes;
	if (nblob == 0 || uncompress(t, &len, blob, (uLong)nblob) != Z_OK || len != nbytes) {
		free(t);
		return NULL;
	}
	t[nbytes] = '\0';
	return t;
}

static void sig_decode(const uint8_t *p, unsigned nperm, uint32_t *sig)
{
	for (unsigned i = 0; i < nperm; i++)
		sig[i] = get_u32le(p + 4 * (size_t)i);
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

static bool settings_equal(const arc_settings *x, const arc_settings *y)
{
	return x->shingle_k == y->shingle_k && x->char_ngrams == y->char_ngrams &&
	       x->nperm == y->nperm && x->seed == y->seed && x->threshold == y->threshold &&
	       x->containment == y->containment && x->scan_max == y->scan_max &&
	       x->gen_docs == y->gen_docs &&
	       x->bands == y->bands && x->rows == y->rows;
}

static bool settings_valid(const arc_settings *s)
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
static int load_settings(arc *a, err_ctx *e)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(a->db, "SELECT key, value FROM meta", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return db_err(a, e, rc, "reading the archive settings");
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
		return db_err(a, e, rc, "reading the archive settings");
	if (found == 0) {
		a->have_set = false;
		return 0;
	}
	if (found != 1023 || !settings_valid(&s))
		return err_set(e, OVL_EINPUT, a->path, "archive settings are incomplete or invalid");
	use_settings(a, &s);
	return 0;
}

static int store_settings(arc *a, const arc_settings *s, err_ctx *e)
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
	TRY(exec_sql(a, sql, "writing the archive settings", e));
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
	return exec_sql(a, sql, "opening the archive", e);
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
		rc = db_err(&t, e, rc, "create the archive");
	} else {
		char sql[128];
		snprintf(sql, sizeof sql, "PRAGMA application_id=%d; PRAGMA user_version=%d;",
			 ARC_APP_ID, ARC_SCHEMA_VERSION);
		rc = exec_sql(&t, ARC_PAGE_SQL, "create the archive", e);
		if (rc == 0)
			rc = exec_sql(&t, "PRAGMA journal_mode=WAL", "create the archive", e);
		if (rc == 0)
			rc = exec_sql(&t, "BEGIN", "create the archive", e);
		if (rc == 0)
			rc = exec_sql(&t, schema_sql, "create the archive", e);
		if (rc == 0)
			rc = exec_sql(&t, sql, "create the archive", e);
		if (rc == 0)
			rc = exec_sql(&t, "COMMIT", "create the archive", e);
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
		rc = db_err(a, e, rc, "open the archive");
		arc_close(a);
		return rc;
	}
	sqlite3_extended_result_codes(a->db, 0);
	rc = set_pragmas(a, busy_ms, e);
	int64_t app = 0, ver = 0, ntab = 0;
	if (rc == 0)
		rc = query_int(a, "PRAGMA application_id", 0, &app, e);
	if (rc == 0)
		rc = query_int(a, "PRAGMA user_version", 0, &ver, e);
	if (rc == 0)
		rc = query_int(a, "SELECT count(*) FROM sqlite_master", 0, &ntab, e);
	if (rc < 0)
		goto fail;
	if (app == 0 && ver == 0 && ntab == 0) {
		if (mode != ARC_CREATE) {
			rc = err_set(e, OVL_EINPUT, path, "empty database, not an overlap archive");
			goto fail;
		}
		/* The page size and WAL must be set outside a transaction, before any table;
		 * then the schema in one. */
		if ((rc = exec_sql(a, ARC_PAGE_SQL, "create the archive", e)) < 0 ||
		    (rc = exec_sql(a, "PRAGMA journal_mode=WAL", "create the archive", e)) < 0)
			goto fail;
		if ((rc = exec_sql(a, "BEGIN IMMEDIATE", "create the archive", e)) < 0)
			goto fail;
		rc = query_int(a, "SELECT count(*) FROM sqlite_master", 0, &ntab, e);
		if (rc == 0 && ntab == 0) {
			char sql[96];
			snprintf(sql, sizeof sql, "PRAGMA application_id=%d; PRAGMA user_version=%d;",
				 ARC_APP_ID, ARC_SCHEMA_VERSION);
			rc = exec_sql(a, schema_sql, "create the archive", e);
			if (rc == 0)
				rc = exec_sql(a, sql, "create the archive", e);
		}
		if (rc == 0)
			rc = exec_sql(a, "COMMIT", "create the archive", e);
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
	if ((rc = load_settings(a, e)) < 0)
		goto fail;
	*out = a;
	return 0;
fail:
	arc_close(a);
	return rc;
}

static void scan_drop(arc *a)
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
	scan_drop(a);
	shg_buf_free(&a->buf);
	stem_free(a->stem);
	free(a->path);
	free(a);
}

/* ---- per-document sketches --------------------------------------------------------------- */

/* Distinct containment sample keys of a sorted set, sorted, into *out. @return count. */
static size_t sample_of(const uint64_t *v, size_t n, uint32_t **out, size_t *cap)
{
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		if (cand_sampled(v[i])) {
			XGROW(*out, *cap, m + 1);
			(*out)[m++] = (uint32_t)(v[i] >> 3);
		}
	/* truncation to 32 bits may reorder and merge keys: sort and dedup */
	uint64_t *tmp = xmalloc((m ? m : 1) * sizeof *tmp);
	for (size_t i = 0; i < m; i++)
		tmp[i] = (*out)[i];
	m = shg_sort_unique(tmp, m);
	for (size_t i = 0; i < m; i++)
		(*out)[i] = (uint32_t)tmp[i];
	free(tmp);
	return m;
}

static int64_t band_row_key(unsigned band, uint32_t key)
{
	return (int64_t)((uint64_t)band << 32 | key);
}

/* Generation of document number num (rowids start at 1). */
static unsigned gen_of(const arc *a, int64_t num)
{
	uint64_t g = num < 1 ? 0 : (uint64_t)(num - 1) / a->set.gen_docs;
	return g > UINT32_MAX - 1 ? UINT32_MAX - 1 : (unsigned)g;
}

/* Generations whose posting tables exist: 0 .. *ngen-1 (tables are never dropped, and
 * document numbers only grow, so they are contiguous). */
static int gen_count(arc *a, unsigned *ngen, err_ctx *e)
{
	int64_t n = 0;
	TRY(query_int(a, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND "
			 "name GLOB 'band_[0-9]*'", 0, &n, e));
	*ngen = n < 0 ? 0 : (unsigned)n;
	return 0;
}

static int gen_create(arc *a, unsigned g, err_ctx *e)
{
	char sql[320];
	snprintf(sql, sizeof sql,
		 "CREATE TABLE IF NOT EXISTS band_%u(key INTEGER NOT NULL, num INTEGER NOT NULL, "
		 "PRIMARY KEY(key, num)) WITHOUT ROWID; CREATE TABLE IF NOT EXISTS sample_%u("
		 "key INTEGER NOT NULL, num INTEGER NOT NULL, PRIMARY KEY(key, num)) WITHOUT ROWID;",
		 g, g);
	return exec_sql(a, sql, "write the archive", e);
}

/* Prepare "SQL" with %u replaced by generation g into *st. */
static int prep_gen(arc *a, const char *fmt, unsigned g, sqlite3_stmt **st, err_ctx *e)
{
	char sql[160];
	snprintf(sql, sizeof sql, fmt, g, g);
	int rc = sqlite3_prepare_v2(a->db, sql, -1, st, NULL);
	return rc == SQLITE_OK ? 0 : db_err(a, e, rc, "reading the archive");
}

/* The sorted shingle set of a stored document, from its shingle blob or its text. */
static int stored_set(arc *a, const void *sblob, size_t nsblob, const void *tblob,
		      size_t ntblob, uint64_t nbytes, shg_buf *buf, err_ctx *e, const char *id)
{
	if (sblob) {
		size_t cnt;
		if (decode_set(sblob, nsblob, &buf->v, &buf->cap, &cnt) < 0)
			return err_set(e, OVL_EINPUT, a->path,
				       "archive is damaged: document '%s' has a malformed shingle set", id);
		buf->n = cnt;
		return 0;
	}
	uint8_t *t = inflate_text(tblob, ntblob, nbytes);
	if (!t)
		return err_set(e, OVL_EINPUT, a->path,
			       "archive is damaged: document '%s' has neither a readable text nor a shingle set",
			       id);
	shg_doc(t, (size_t)nbytes, &a->so, buf);
	buf->n = shg_sort_unique(buf->v, buf->n);
	free(t);
	return 0;
}

/* ---- add ---------------------------------------------------------------------------------- */

typedef struct add_ctx {
	arc *a;
	const arc_add_opts *o;
	add_item *it;
	size_t n, cap;
	shg_buf *bufs;
	struct libdeflate_compressor **zs; /* one per worker, made on first use */
	unsigned threads;
	/* The open transaction (several rounds of it->n documents). */
	bool in_txn;
	sqlite3_stmt *find, *ins, *del;
	posting *bands, *samples; /* queued until the commit, in document order */
	size_t nb, bcap, ns, scap;
	arc_add_stats bs;      /* the transaction's counts: into the caller's at its commit */
	int64_t first_num;     /* the first document number the transaction inserted */
	uint8_t *sigb;
} add_ctx;

static void add_work(void *ud, size_t i, unsigned worker)
{
	add_ctx *c = ud;
	add_item *it = &c->it[i];
	const arc_settings *s = &c->a->set;
	shg_buf *b = &c->bufs[worker];
	shg_doc(it->doc.text, it->doc.nbytes, &c->a->so, b);
	it->nwords = b->nwords > UINT32_MAX ? UINT32_MAX : (uint32_t)b->nwords;
	it->nbad = b->nbad > UINT32_MAX ? UINT32_MAX : (uint32_t)b->nbad;
	b->n = shg_sort_unique(b->v, b->n);
	it->nshingles = b->n > UINT32_MAX ? UINT32_MAX : (uint32_t)b->n;
	it->hash = hash_bytes(it->doc.text, it->doc.nbytes, 0);
	it->sig = xrealloc(it->sig, s->nperm * sizeof *it->sig);
	mh_sketch(b->v, b->n, s->nperm, s->seed, it->sig);
	it->empty = b->n == 0;
	it->bkeys = xrealloc(it->bkeys, s->bands * sizeof *it->bkeys);
	if (!it->empty)
		lsh_band_keys(&c->a->plan, it->sig, it->bkeys);
	it->nskeys = sample_of(b->v, b->n, &it->skeys, &it->skeys_cap);
	if (c->o->store_text) {
		/* One libdeflate compressor per worker (its state is set up once, not per text). */
		struct libdeflate_compressor **z = &c->zs[worker];
		if (!*z && !(*z = libdeflate_alloc_compressor(ARC_DEFLATE_LEVEL)))
			abort(); /* only fails on OOM, which xmalloc treats the same way */
		size_t bound = libdeflate_zlib_compress_bound(*z, it->doc.nbytes);
		XGROW(it->blob, it->blob_cap, bound + 1);
		it->nblob = libdeflate_zlib_compress(*z, it->doc.text, it->doc.nbytes, it->blob, bound);
	} else {
		encode_set(b->v, b->n, &it->blob, &it->nblob, &it->blob_cap);
	}
}

/* Sort v[0..n) by key, stably (postings are made in document order, so each key's
 * documents stay in ascending order): an LSD radix sort on the key's bytes, skipping
 * bytes that are the same in every posting (a band key uses 5 of 8, a sample key 4).
 * perf of an add: qsort with a comparator 7.4% of the CPU time, this sort 2-3.5%. */
static void posting_sort(posting *v, size_t n)
{
	if (n < 2)
		return;
	size_t (*hist)[256] = xcalloc(8, sizeof *hist);
	for (size_t i = 0; i < n; i++)
		for (unsigned b = 0; b < 8; b++)
			hist[b][(v[i].key >> (8 * b)) & 0xff]++;
	posting *tmp = xmalloc(n * sizeof *tmp), *src = v, *dst = tmp;
	for (unsigned b = 0; b < 8; b++) {
		if (hist[b][(v[0].key >> (8 * b)) & 0xff] == n)
			continue; /* every posting has this byte */
		size_t pos[256], sum = 0;
		for (unsigned d = 0; d < 256; d++) {
			pos[d] = sum;
			sum += hist[b][d];
		}
		for (size_t i = 0; i < n; i++)
			dst[pos[(src[i].key >> (8 * b)) & 0xff]++] = src[i];
		posting *t = src;
		src = dst;
		dst = t;
	}
	if (src != v)
		memcpy(v, src, n * sizeof *v);
	free(tmp);
	free(hist);
}

/* Postings per INSERT statement: one sqlite3_step then opens the table's cursor once for
 * this many rows instead of once a row (SQLite's per-statement cost: VDBE setup, cursor
 * open and close, reset). Measured, 10,000 documents into a 100,000-document archive, one
 * core, load 6.5: 1 row a statement 222-232 us CPU a document, 64 rows 132-141 us. */
#define ARC_POSTINGS_PER_STMT 64

/* INSERT of nrows (key, num) pairs into table_G. */
static int prep_posting_insert(arc *a, const char *table, unsigned g, size_t nrows,
			       sqlite3_stmt **st)
{
	sbuf sb = { 0 };
	sb_printf(&sb, "INSERT OR IGNORE INTO %s_%u(key, num) VALUES (?,?)", table, g);
	for (size_t i = 1; i < nrows; i++)
		sb_puts(&sb, ",(?,?)");
	int rc = sqlite3_prepare_v2(a->db, sb.p, -1, st, NULL);
	sb_free(&sb);
	return rc;
}

/* Insert v[0..n), sorted by key, postings of documents of generation g, into table_g.
 * @return an SQLite result code. */
static int insert_postings(arc *a, const char *table, unsigned g, const posting *v, size_t n)
{
	sqlite3_stmt *many = NULL, *one = NULL;
	int rc = SQLITE_OK;
	size_t i = 0;
	if (n >= ARC_POSTINGS_PER_STMT)
		rc = prep_posting_insert(a, table, g, ARC_POSTINGS_PER_STMT, &many);
	for (; rc == SQLITE_OK && n - i >= ARC_POSTINGS_PER_STMT; i += ARC_POSTINGS_PER_STMT) {
		for (int k = 0; k < ARC_POSTINGS_PER_STMT; k++) {
			sqlite3_bind_int64(many, 2 * k + 1, (int64_t)v[i + (size_t)k].key);
			sqlite3_bind_int64(many, 2 * k + 2, v[i + (size_t)k].num);
		}
		rc = sqlite3_step(many) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode(a->db);
		sqlite3_reset(many);
	}
	if (rc == SQLITE_OK && i < n)
		rc = prep_posting_insert(a, table, g, 1, &one);
	for (; rc == SQLITE_OK && i < n; i++) {
		sqlite3_bind_int64(one, 1, (int64_t)v[i].key);
		sqlite3_bind_int64(one, 2, v[i].num);
		rc = sqlite3_step(one) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode(a->db);
		sqlite3_reset(one);
	}
	sqlite3_finalize(many);
	sqlite3_finalize(one);
	return rc;
}

/* Delete document num's postings and row. Its keys come from its stored signature and set. */
static int delete_doc(arc *a, int64_t num, err_ctx *e)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(a->db,
		"SELECT id, sig, shingles, text, nbytes, nshingles FROM doc WHERE num = ?", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return db_err(a, e, rc, "reading the archive");
	sqlite3_bind_int64(st, 1, num);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_finalize(st);
		return rc == SQLITE_DONE ? 0 : db_err(a, e, rc, "reading the archive");
	}
	char *id = col_text(st, 0);
	const void *sig = sqlite3_column_blob(st, 1);
	size_t nsig = (size_t)sqlite3_column_bytes(st, 1);
	shg_buf buf = { 0 };
	int r = stored_set(a, sqlite3_column_blob(st, 2), (size_t)sqlite3_column_bytes(st, 2),
			   sqlite3_column_blob(st, 3), (size_t)sqlite3_column_bytes(st, 3),
			   (uint64_t)sqlite3_column_int64(st, 4), &buf, e, id ? id : "?");
	uint32_t *s32 = xmalloc(a->set.nperm * sizeof *s32);
	uint32_t *bk = xmalloc(a->set.bands * sizeof *bk);
	bool have_sig = sig && nsig == 4 * (size_t)a->set.nperm;
	if (have_sig) {
		sig_decode(sig, a->set.nperm, s32);
		lsh_band_keys(&a->plan, s32, bk);
	}
	sqlite3_finalize(st);
	free(id);
	sqlite3_stmt *d = NULL;
	if (r == 0 && have_sig) {
		char dsql[96];
		snprintf(dsql, sizeof dsql, "DELETE FROM band_%u WHERE key = ? AND num = ?", gen_of(a, num));
		rc = sqlite3_prepare_v2(a->db, dsql, -1, &d, NULL);
		for (unsigned j = 0; rc == SQLITE_OK && j < a->set.bands; j++) {
			sqlite3_bind_int64(d, 1, band_row_key(j, bk[j]));
			sqlite3_bind_int64(d, 2, num);
			rc = sqlite3_step(d) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode(a->db);
			sqlite3_reset(d);
		}
		sqlite3_finalize(d);
		d = NULL;
		uint32_t *sk = NULL;
		size_t skcap = 0, nsk = sample_of(buf.v, buf.n, &sk, &skcap);
		snprintf(dsql, sizeof dsql, "DELETE FROM sample_%u WHERE key = ? AND num = ?",
			 gen_of(a, num));
		if (rc == SQLITE_OK)
			rc = sqlite3_prepare_v2(a->db, dsql, -1, &d, NULL);
		for (size_t j = 0; rc == SQLITE_OK && j < nsk; j++) {
			sqlite3_bind_int64(d, 1, sk[j]);
			sqlite3_bind_int64(d, 2, num);
			rc = sqlite3_step(d) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode(a->db);
			sqlite3_reset(d);
		}
		sqlite3_finalize(d);
		free(sk);
	} else {
		/* A damaged row: its postings cannot be recomputed, so sweep them by document
		 * (a scan of both tables; only ever for a damaged row). */
		char sql[160];
		snprintf(sql, sizeof sql, "DELETE FROM band_%u WHERE num = %lld; DELETE FROM sample_%u "
			 "WHERE num = %lld;", gen_of(a, num), (long long)num, gen_of(a, num), (long long)num);
		rc = sqlite3_exec(a->db, sql, NULL, NULL, NULL);
	}
	free(s32);
	free(bk);
	shg_buf_free(&buf);
	if (rc != SQLITE_OK)
		return db_err(a, e, rc, "removing a document");
	char sql[96];
	snprintf(sql, sizeof sql, "DELETE FROM doc WHERE num = %lld", (long long)num);
	return exec_sql(a, sql, "removing a document", e);
}

static void bind_text_or_null(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

static char *place_of(const crp_doc *d)
{
	return d->line ? xasprintf("%s:%zu", d->path ? d->path : "", d->line)
		       : xstrdup(d->path ? d->path : "");
}

/* Drop the queued postings of document num (in doc order, so they are contiguous). */
static void postings_drop(posting *v, size_t *n, int64_t num)
{
	size_t k = 0;
	for (size_t i = 0; i < *n; i++)
		if (v[i].num != num)
			v[k++] = v[i];
	*n = k;
}

/* Sort and insert v[0..n) (document order) into table's generations: each run of postings of
 * one generation is sorted by key, so consecutive inserts land on the same or nearby leaves.
 * @return 0 or a negative ovl_err. */
static int flush_postings(arc *a, const char *table, posting *v, size_t n, err_ctx *e)
{
	for (size_t i = 0; i < n;) {
		unsigned g = gen_of(a, v[i].num);
		size_t j = i + 1;
		while (j < n && gen_of(a, v[j].num) == g)
			j++;
		posting_sort(v + i, j - i);
		TRY(gen_create(a, g, e));
		int src = insert_postings(a, table, g, v + i, j - i);
		if (src != SQLITE_OK)
			return db_err(a, e, src, "write the archive");
		i = j;
	}
	return 0;
}

static void txn_end(add_ctx *c)
{
	sqlite3_finalize(c->find);
	sqlite3_finalize(c->ins);
	sqlite3_finalize(c->del);
	c->find = c->ins = c->del = NULL;
	if (!sqlite3_get_autocommit(c->a->db))
		sqlite3_exec(c->a->db, "ROLLBACK", NULL, NULL, NULL);
	c->in_txn = false;
}

/* BEGIN IMMEDIATE (behind the busy handler) and the statements of a transaction. */
static int txn_begin(add_ctx *c, err_ctx *e)
{
	arc *a = c->a;
	TRY(exec_sql(a, "BEGIN IMMEDIATE", "write the archive", e));
	c->in_txn = true;
	c->nb = c->ns = 0;
	c->bs = (arc_add_stats){ 0 };
	c->first_num = INT64_MAX;
	int src = sqlite3_prepare_v2(a->db, "SELECT num, hash FROM doc WHERE id = ?", -1, &c->find, NULL);
	if (src == SQLITE_OK)
		src = sqlite3_prepare_v2(a->db,
			"INSERT INTO doc(id, title, source, date, url, path, meta_json, hash, nbytes, "
			"nwords, nshingles, nsample, sig, shingles, text, added) "
			"VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", -1, &c->ins, NULL);
	if (src == SQLITE_OK)
		src = sqlite3_prepare_v2(a->db, "DELETE FROM doc WHERE num = ?", -1, &c->del, NULL);
	if (src != SQLITE_OK) {
		int rc = db_err(a, e, src, "write the archive");
		txn_end(c);
		return rc;
	}
	return 0;
}

/* Insert the round's prepared documents (c->it[0..n)) into the open transaction; their
 * postings are queued. An id met twice in one transaction is handled as two adds in a row
 * would be: the second replaces the first (unless the content is the same). */
static int txn_docs(add_ctx *c, err_ctx *e)
{
	arc *a = c->a;
	const arc_add_opts *o = c->o;
	int rc = 0, src;
	c->sigb = xrealloc(c->sigb, 4 * (size_t)a->set.nperm);
	int64_t now = (int64_t)time(NULL);
	for (size_t i = 0; i < c->n && rc == 0; i++) {
		add_item *it = &c->it[i];
		const char *id = it->doc.id ? it->doc.id : "";
		c->bs.seen++;
		if (it->nbad && o->warn) {
			char *pl = place_of(&it->doc);
			char msg[96];
			snprintf(msg, sizeof msg, "%u invalid UTF-8 sequence%s replaced", it->nbad,
				 it->nbad == 1 ? "" : "s");
			o->warn(o->ud, pl, msg);
			free(pl);
		}
		sqlite3_bind_text(c->find, 1, id, -1, SQLITE_STATIC);
		src = sqlite3_step(c->find);
		bool replace = false;
		if (src == SQLITE_ROW) {
			int64_t num = sqlite3_column_int64(c->find, 0);
			uint64_t h = (uint64_t)sqlite3_column_int64(c->find, 1);
			sqlite3_reset(c->find);
			if (h == it->hash) {
				c->bs.unchanged++;
				continue;
			}
			if (num >= c->first_num) {
				/* added earlier in this transaction: its postings are still queued */
				postings_drop(c->bands, &c->nb, num);
				postings_drop(c->samples, &c->ns, num);
				sqlite3_bind_int64(c->del, 1, num);
				src = sqlite3_step(c->del);
				sqlite3_reset(c->del);
				if (src != SQLITE_DONE) {
					rc = db_err(a, e, src, "write the archive");
					break;
				}
			} else if ((rc = delete_doc(a, num, e)) < 0) {
				break;
			}
			replace = true;
		} else {
			sqlite3_reset(c->find);
			if (src != SQLITE_DONE) {
				rc = db_err(a, e, src, "write the archive");
				break;
			}
		}
		sqlite3_stmt *ins = c->ins;
		for (unsigned k = 0; k < a->set.nperm; k++)
			put_u32le(c->sigb + 4 * (size_t)k, it->sig[k]);
		sqlite3_bind_text(ins, 1, id, -1, SQLITE_STATIC);
		bind_text_or_null(ins, 2, it->doc.title);
		bind_text_or_null(ins, 3, it->doc.source);
		bind_text_or_null(ins, 4, it->doc.date);
		bind_text_or_null(ins, 5, it->doc.url);
		bind_text_or_null(ins, 6, it->doc.path);
		bind_text_or_null(ins, 7, it->doc.meta_json);
		sqlite3_bind_int64(ins, 8, (int64_t)it->hash);
		sqlite3_bind_int64(ins, 9, (int64_t)it->doc.nbytes);
		sqlite3_bind_int64(ins, 10, it->nwords);
		sqlite3_bind_int64(ins, 11, it->nshingles);
		sqlite3_bind_int64(ins, 12, (int64_t)it->nskeys);
		sqlite3_bind_blob(ins, 13, c->sigb, (int)(4 * a->set.nperm), SQLITE_STATIC);
		if (o->store_text) {
			sqlite3_bind_null(ins, 14);
			sqlite3_bind_blob(ins, 15, it->blob, (int)it->nblob, SQLITE_STATIC);
		} else {
			sqlite3_bind_blob(ins, 14, it->blob, (int)it->nblob, SQLITE_STATIC);
			sqlite3_bind_null(ins, 15);
		}
		sqlite3_bind_int64(ins, 16, now);
		src = sqlite3_step(ins);
		sqlite3_reset(ins);
		if (src != SQLITE_DONE) {
			rc = db_err(a, e, src, "write the archive");
			break;
		}
		int64_t num = sqlite3_last_insert_rowid(a->db);
		if (num < c->first_num)
			c->first_num = num;
		if (!it->empty) {
			XGROW(c->bands, c->bcap, c->nb + a->set.bands);
			for (unsigned j = 0; j < a->set.bands; j++)
				c->bands[c->nb++] = (posting){ (uint64_t)band_row_key(j, it->bkeys[j]), num };
		}
		XGROW(c->samples, c->scap, c->ns + it->nskeys + 1);
		for (size_t j = 0; j < it->nskeys; j++)
			c->samples[c->ns++] = (posting){ it->skeys[j], num };
		if (replace) {
			c->bs.replaced++;
			if (o->warn) {
				char *pl = place_of(&it->doc);
				char *msg = xasprintf("replaced '%s' in the archive: content changed", id);
				o->warn(o->ud, pl, msg);
				free(msg);
				free(pl);
			}
		} else {
			c->bs.added++;
		}
	}
	return rc;
}

/* Insert the queued postings and COMMIT; the transaction's counts join *st. */
static int txn_commit(add_ctx *c, arc_add_stats *st, err_ctx *e)
{
	int rc = flush_postings(c->a, "band", c->bands, c->nb, e);
	if (rc == 0)
		rc = flush_postings(c->a, "sample", c->samples, c->ns, e);
	sqlite3_finalize(c->find);
	sqlite3_finalize(c->ins);
	sqlite3_finalize(c->del);
	c->find = c->ins = c->del = NULL;
	if (rc == 0)
		rc = exec_sql(c->a, "COMMIT", "write the archive", e);
	if (rc < 0) {
		txn_end(c);
		return rc;
	}
	c->in_txn = false;
	st->seen += c->bs.seen;
	st->added += c->bs.added;
	st->replaced += c->bs.replaced;
	st->unchanged += c->bs.unchanged;
	st->batches++;
	return 0;
}

/* Settings check and first-time write, under the write lock. */
static int add_settings(arc *a, const arc_add_opts *o, err_ctx *e)
{
	TRY(exec_sql(a, "BEGIN IMMEDIATE", "write the archive", e));
	int rc = load_settings(a, e);
	if (rc == 0 && !a->have_set) {
		arc_settings s = o->set;
		if (arc_settings_plan(&s) < 0 || !settings_valid(&s))
			rc = err_set(e, OVL_EUSAGE, a->path, "invalid archive settings");
		else
			rc = store_settings(a, &s, e);
	} else if (rc == 0 && o->settings_given) {
		arc_settings s = o->set;
		arc_settings_plan(&s);
		if (!settings_equal(&s, &a->set)) {
			char have[256], want[256];
			arc_settings_describe(&a->set, have, sizeof have);
			arc_settings_describe(&s, want, sizeof want);
			rc = err_set(e, OVL_EUSAGE, a->path,
				     "archive was built with %s; this add asks for %s (use the same "
				     "settings, or a new archive)", have, want);
		}
	}
	if (rc == 0)
		return exec_sql(a, "COMMIT", "write the archive", e);
	sqlite3_exec(a->db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

/* The documents to add come from a reader or from an array. */
typedef struct add_source {
	crp_reader *r;
	const crp_doc *docs;
	size_t ndocs, next;
} add_source;

static int copy_doc(crp_doc *dst, const crp_doc *src)
{
	crp_doc_clear(dst);
	dst->id = dup_or_null(src->id);
	dst->path = dup_or_null(src->path);
	dst->line = src->line;
	dst->text = xmalloc(src->nbytes + 1);
	memcpy(dst->text, src->text, src->nbytes);
	dst->text[src->nbytes] = '\0';
	dst->nbytes = src->nbytes;
	dst->text_cap = src->nbytes + 1;
	dst->title = dup_or_null(src->title);
	dst->source = dup_or_null(src->source);
	dst->date = dup_or_null(src->date);
	dst->url = dup_or_null(src->url);
	dst->meta_json = dup_or_null(src->meta_json);
	return 1;
}

static int source_next(add_source *s, crp_doc *d, err_ctx *e)
{
	if (s->r)
		return crp_next(s->r, d, e);
	if (s->next >= s->ndocs)
		return 0;
	return copy_doc(d, &s->docs[s->next++]);
}

static int add_run(arc *a, add_source *src, const arc_add_opts *o, arc_add_stats *st_out,
		   err_ctx *e)
{
	arc_add_stats st = { 0 };
	scan_drop(a); /* the documents change */
	TRY(add_settings(a, o, e));
	add_ctx c = { .a = a, .o = o };
	c.threads = o->threads ? o->threads : pool_ncpu();
	c.bufs = xcalloc(c.threads, sizeof *c.bufs);
	c.zs = xcalloc(c.threads, sizeof *c.zs);
	size_t batch = o->batch_docs ? o->batch_docs : ARC_BATCH_DOCS;
	size_t round = batch < ARC_ROUND_DOCS ? batch : ARC_ROUND_DOCS;
	size_t in_txn = 0; /* documents read into the open transaction */
	bool eof = false;
	int rc = 0;
	while (!eof) {
		/* A round: read, then shingle/sketch/compress on the workers, then insert. */
		size_t want = batch - in_txn < round ? batch - in_txn : round;
		c.n = 0;
		while (c.n < want) {
			if (c.n == c.cap) {
				size_t old = c.cap;
				XGROW(c.it, c.cap, c.n + 1);
				memset(c.it + old, 0, (c.cap - old) * sizeof *c.it);
			}
			rc = source_next(src, &c.it[c.n].doc, e);
			if (rc <= 0)
				break;
			c.n++;
		}
		if (rc < 0)
			break;
		eof = c.n < want;
		if (c.n > 0) {
			pool_for(c.n, c.threads, add_work, &c);
			if (!c.in_txn && (rc = txn_begin(&c, e)) < 0)
				break;
			if ((rc = txn_docs(&c, e)) < 0)
				break;
			in_txn += c.n;
		}
		if (c.in_txn && (in_txn >= batch || eof)) {
			if ((rc = txn_commit(&c, &st, e)) < 0)
				break;
			in_txn = 0;
			if (o->on_commit)
				o->on_commit(o->ud, st.added + st.replaced + st.unchanged);
		}
	}
	if (c.in_txn)
		txn_end(&c); /* an error: roll the open transaction back */
	free(c.bands);
	free(c.samples);
	free(c.sigb);
	for (size_t i = 0; i < c.cap; i++) {
		crp_doc_clear(&c.it[i].doc);
		free(c.it[i].sig);
		free(c.it[i].bkeys);
		free(c.it[i].skeys);
		free(c.it[i].blob);
	}
	free(c.it);
	for (unsigned t = 0; t < c.threads; t++) {
		shg_buf_free(&c.bufs[t]);
		libdeflate_free_compressor(c.zs[t]);
	}
	free(c.bufs);
	free(c.zs);
	if (st_out)
		*st_out = st;
	return rc < 0 ? rc : 0;
}

int arc_add(arc *a, crp_reader *r, const arc_add_opts *o, arc_add_stats *st, err_ctx *e)
{
	add_source s = { .r = r };
	return add_run(a, &s, o, st, e);
}

int arc_add_docs(arc *a, const crp_doc *docs, size_t n, const arc_add_opts *o,
		 arc_add_stats *st, err_ctx *e)
{
	add_source s = { .docs = docs, .ndocs = n };
	return add_run(a, &s, o, st, e);
}

int arc_remove(arc *a, const char *id, err_ctx *e)
{
	if (!a->have_set)
		return 0;
	TRY(exec_sql(a, "BEGIN IMMEDIATE", "write the archive", e));
	sqlite3_stmt *st = NULL;
	int src = sqlite3_prepare_v2(a->db, "SELECT num FROM doc WHERE id = ?", -1, &st, NULL);
	int rc = 0, found = 0;
	if (src == SQLITE_OK) {
		sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
		src = sqlite3_step(st);
	}
	if (src == SQLITE_ROW) {
		int64_t num = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
		st = NULL;
		rc = delete_doc(a, num, e);
		found = 1;
	} else if (src != SQLITE_DONE) {
		rc = db_err(a, e, src, "read the archive");
	}
	sqlite3_finalize(st);
	if (rc == 0)
		rc = exec_sql(a, "COMMIT", "write the archive", e);
	else
		sqlite3_exec(a->db, "ROLLBACK", NULL, NULL, NULL);
	return rc < 0 ? rc : found;
}

/* ---- query ---------------------------------------------------------------------------------- */

arc_query_opts arc_query_opts_default(void)
{
	return (arc_query_opts){ .passages = true, .claims = true, .stem = true,
				 .aln = aln_opts_default() };
}

typedef struct cand_count {
	int64_t num;
	uint32_t shared;
} cand_count;

static int cc_cmp(const void *x, const void *y)
{
	const cand_count *a = x, *b = y;
	return (a->num > b->num) - (a->num < b->num);
}

static int i64_cmp(const void *x, const void *y)
{
	int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
	return (a > b) - (a < b);
}

/* Candidate documents of a query in LSH mode: band collisions (buckets over lsh_max_bucket
 * skipped, as lsh_pairs does) plus the containment rule over sample postings (keys in more
 * than cand_max_posting documents skipped, as cand_containment does). */
static int lsh_candidates(arc *a, const uint32_t *bkeys, bool empty, const uint32_t *skeys,
			  size_t nskeys, int64_t **out, size_t *nout, err_ctx *e)
{
	int64_t *v = NULL;
	size_t n = 0, cap = 0;
	int rc = 0;
	unsigned ngen;
	TRY(gen_count(a, &ngen, e));
	if (ngen > a->nst_gen) {
		a->st_band = xrealloc(a->st_band, ngen * sizeof *a->st_band);
		a->st_sample = xrealloc(a->st_sample, ngen * sizeof *a->st_sample);
		for (unsigned g = a->nst_gen; g < ngen; g++)
			a->st_band[g] = a->st_sample[g] = NULL;
		for (unsigned g = a->nst_gen; g < ngen; g++) {
			TRY(prep_gen(a, "SELECT num FROM band_%u WHERE key = ? LIMIT ?", g,
				     &a->st_band[g], e));
			TRY(prep_gen(a, "SELECT num FROM sample_%u WHERE key = ? LIMIT ?", g,
				     &a->st_sample[g], e));
			a->nst_gen = g + 1;
		}
	}
	TRY(prep(a, "SELECT nsample FROM doc WHERE num = ?", &a->st_nsample, e));
	size_t maxb = lsh_max_bucket();
	for (unsigned j = 0; !empty && j < a->set.bands && rc == 0; j++) {
		size_t start = n;
		/* the bucket is the union over generations; the cap applies to the union */
		for (unsigned g = 0; g < ngen && rc == 0 && n - start < maxb; g++) {
			sqlite3_stmt *st = a->st_band[g];
			sqlite3_bind_int64(st, 1, band_row_key(j, bkeys[j]));
			sqlite3_bind_int64(st, 2, (int64_t)(maxb - (n - start)));
			int src;
			while ((src = sqlite3_step(st)) == SQLITE_ROW) {
				XGROW(v, cap, n + 1);
				v[n++] = sqlite3_column_int64(st, 0);
			}
			sqlite3_reset(st);
			if (src != SQLITE_DONE)
				rc = db_err(a, e, src, "read the archive");
		}
		if (n - start >= maxb) /* with the query: maxb + 1 in the bucket, over the cap */
			n = start;
	}
	cand_count *cc = NULL;
	size_t ncc = 0, cccap = 0, maxp = cand_max_posting();
	for (size_t j = 0; j < nskeys && rc == 0 && a->set.containment <= 1.0; j++) {
		size_t start = ncc;
		for (unsigned g = 0; g < ngen && rc == 0 && ncc - start < maxp; g++) {
			sqlite3_stmt *st = a->st_sample[g];
			sqlite3_bind_int64(st, 1, skeys[j]);
			sqlite3_bind_int64(st, 2, (int64_t)(maxp - (ncc - start)));
			int src;
			while ((src = sqlite3_step(st)) == SQLITE_ROW) {
				XGROW(cc, cccap, ncc + 1);
				cc[ncc++] = (cand_count){ sqlite3_column_int64(st, 0), 1 };
			}
			sqlite3_reset(st);
			if (src != SQLITE_DONE)
				rc = db_err(a, e, src, "read the archive");
		}
		if (ncc - start >= maxp)
			ncc = start;
	}
	if (ncc > 1)
		qsort(cc, ncc, sizeof *cc, cc_cmp);
	for (size_t i = 0; i < ncc && rc == 0;) {
		size_t j = i + 1;
		while (j < ncc && cc[j].num == cc[i].num)
			j++;
		size_t shared = j - i;
		if (shared >= 2) { /* below CAND_MIN_SHARED no rule passes: spare the lookup */
			sqlite3_stmt *st = a->st_nsample;
			sqlite3_bind_int64(st, 1, cc[i].num);
			int src = sqlite3_step(st);
			int64_t ns = src == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
			sqlite3_reset(st);
			if (src != SQLITE_ROW && src != SQLITE_DONE)
				rc = db_err(a, e, src, "read the archive");
			else if (cand_containment_pass(shared, nskeys, ns < 0 ? 0 : (size_t)ns,
						       a->set.containment)) {
				XGROW(v, cap, n + 1);
				v[n++] = cc[i].num;
			}
		}
		i = j;
	}
	free(cc);
	if (n > 1) {
		qsort(v, n, sizeof *v, i64_cmp);
		size_t w = 0;
		for (size_t i = 0; i < n; i++)
			if (!w || v[w - 1] != v[i])
				v[w++] = v[i];
		n = w;
	}
	*out = v;
	*nout = n;
	return rc;
}

/* Digits of an ISO-like date (YYYY-MM-DD[THH:MM[:SS]]), up to 14, into d. @return count. */
static size_t date_digits(const char *s, char *d)
{
	size_t n = 0;
	if (!s)
		return 0;
	for (const char *p = s; *p && n < 14; p++) {
		if (*p >= '0' && *p <= '9')
			d[n++] = *p;
		else if (*p != '-' && *p != ':' && *p != 'T' && *p != ' ')
			break;
	}
	return n >= 4 ? n : 0;
}

/* -1 unknown or the same as far as both say, 0 a is earlier, 1 b is earlier. */
static int first_of(const char *da, const char *db)
{
	char x[14], y[14];
	size_t nx = date_digits(da, x), ny = date_digits(db, y);
	size_t n = nx < ny ? nx : ny;
	if (!n)
		return -1;
	int c = memcmp(x, y, n);
	return c < 0 ? 0 : c > 0 ? 1 : -1;
}

static double strength(const arc_match *m)
{
	return fmax(m->jaccard, fmax(m->cont_ab, m->cont_ba));
}

static int match_cmp(const void *x, const void *y)
{
	const arc_match *a = x, *b = y;
	double sa = strength(a), sb = strength(b);
	if (sa != sb)
		return sa > sb ? -1 : 1;
	return strcmp(a->id ? a->id : "", b->id ? b->id : "");
}

/* Keys for alignment of one text: tokens plus stems or word hashes. */
static void text_keys(arc *a, const arc_query_opts *o, const uint8_t *t, size_t nb, tok_list *toks,
		      uint64_t **keys)
{
	if (tok_run(t, nb, toks) < 0)
		toks->n = 0;
	*keys = xcalloc(toks->n ? toks->n : 1, sizeof **keys);
	if (o->stem) {
		if (!a->stem)
			a->stem = stem_new();
		stem_keys(a->stem, toks, *keys);
	} else {
		for (size_t i = 0; i < toks->n; i++)
			(*keys)[i] = toks->v[i].hash;
	}
}

/* Metadata, text, passages and relation of a verified match. */
static int fill_match(arc *a, const arc_query_opts *o, const crp_doc *q, const tok_list *qt,
		      const uint64_t *qk, uint32_t words_a, int64_t num, arc_match *m, err_ctx *e)
{
	TRY(prep(a, "SELECT id, title, source, date, url, path, text, nbytes, nwords FROM doc "
		    "WHERE num = ?", &a->st_full, e));
	sqlite3_stmt *st = a->st_full;
	sqlite3_bind_int64(st, 1, num);
	int src = sqlite3_step(st);
	if (src != SQLITE_ROW) {
		sqlite3_reset(st);
		return src == SQLITE_DONE ? err_set(e, OVL_EINPUT, a->path, "archive is damaged: a "
						    "document vanished during the query")
					  : db_err(a, e, src, "read the archive");
	}
	m->id = col_text(st, 0);
	m->title = col_text(st, 1);
	m->source = col_text(st, 2);
	m->date = col_text(st, 3);
	m->url = col_text(st, 4);
	m->path = col_text(st, 5);
	const void *tb = sqlite3_column_blob(st, 6);
	size_t ntb = (size_t)sqlite3_column_bytes(st, 6);
	int64_t nbytes = sqlite3_column_int64(st, 7);
	int64_t nw = sqlite3_column_int64(st, 8);
	m->words_b = nw < 0 ? 0 : nw > UINT32_MAX ? UINT32_MAX : (uint32_t)nw;
	if (tb) {
		m->text = inflate_text(tb, ntb, nbytes < 0 ? 0 : (uint64_t)nbytes);
		if (!m->text) {
			sqlite3_reset(st);
			return err_set(e, OVL_EINPUT, a->path,
				       "archive is damaged: the text of '%s' does not inflate",
				       m->id ? m->id : "?");
		}
		m->nbytes = (size_t)nbytes;
	}
	sqlite3_reset(st);
	m->first = first_of(q->date, m->date);
	tok_list bt = { 0 };
	uint64_t *bk = NULL;
	if (o->passages && m->text) {
		text_keys(a, o, m->text, m->nbytes, &bt, &bk);
		aln_doc ad = { q->text, q->nbytes, qt, qk, NULL, NULL };
		aln_doc bd = { m->text, m->nbytes, &bt, bk, NULL, NULL };
		if (aln_pair(&o->aln, &ad, &bd, &m->passages, &m->npassages) < 0) {
			m->passages = NULL;
			m->npassages = 0;
		}
		m->cov_a = aln_coverage(m->passages, m->npassages, true, qt->n);
		m->cov_b = aln_coverage(m->passages, m->npassages, false, bt.n);
	}
	rel_pair_in in = {
		.a = 0, .b = 1, .words_a = words_a, .words_b = m->words_b,
		.jaccard = m->jaccard, .cont_ab = m->cont_ab, .cont_ba = m->cont_ba,
		.cov_a = m->cov_a, .cov_b = m->cov_b, .passages = m->passages,
		.npassages = m->npassages,
	};
	rel_pair(&in, NULL, NULL, 0, &m->rel);
	tok_list_free(&bt);
	free(bk);
	return 0;
}

/* Load every stored document's shingle set and signature (scan mode), once. */
static int scan_load(arc *a, err_ctx *e)
{
	if (a->scan_loaded)
		return 0;
	sqlite3_stmt *st = NULL;
	int src = sqlite3_prepare_v2(a->db, "SELECT num, id, sig, shingles, text, nbytes FROM doc "
				     "ORDER BY num", -1, &st, NULL);
	size_t cap = 0, vcap = 0, ocap = 0, scap = 0;
	unsigned np = a->set.nperm;
	shg_buf buf = { 0 };
	int rc = 0;
	XGROW(a->scan_off, ocap, 1);
	a->scan_off[0] = 0;
	while (st && (src = sqlite3_step(st)) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(st, 1);
		rc = stored_set(a, sqlite3_column_blob(st, 3), (size_t)sqlite3_column_bytes(st, 3),
				sqlite3_column_blob(st, 4), (size_t)sqlite3_column_bytes(st, 4),
				(uint64_t)sqlite3_column_int64(st, 5), &buf, e, id ? id : "?");
		if (rc < 0)
			break;
		size_t i = a->scan_n;
		XGROW(a->scan_num, cap, i + 1);
		a->scan_id = xrealloc(a->scan_id, cap * sizeof *a->scan_id);
		XGROW(a->scan_off, ocap, i + 2);
		XGROW(a->scan_sig, scap, (i + 1) * np);
		a->scan_num[i] = sqlite3_column_int64(st, 0);
		a->scan_id[i] = xstrdup(id ? id : "");
		const void *sb = sqlite3_column_blob(st, 2);
		if (sb && (size_t)sqlite3_column_bytes(st, 2) == 4 * (size_t)np)
			sig_decode(sb, np, a->scan_sig + i * np);
		else
			memset(a->scan_sig + i * np, 0xff, np * sizeof *a->scan_sig);
		uint64_t off = a->scan_off[i];
		XGROW(a->scan_v, vcap, off + buf.n + 1);
		memcpy(a->scan_v + off, buf.v, buf.n * sizeof *buf.v);
		a->scan_off[i + 1] = off + buf.n;
		a->scan_n++;
	}
	if (rc == 0 && src != SQLITE_DONE)
		rc = db_err(a, e, src, "read the archive");
	sqlite3_finalize(st);
	shg_buf_free(&buf);
	a->scan_loaded = rc == 0;
	return rc;
}

/* The span of claim c's first mention in document doc of the set, into *s / *e. */
static bool mention_in(const clm_set *set, uint32_t c, uint32_t doc, uint32_t *s, uint32_t *e)
{
	const clm_claim *cl = clm_claim_at(set, c);
	for (size_t i = 0; i < cl->nmentions; i++) {
		const clm_mention *m = clm_mention_at(set, cl->mentions[i]);
		if (m->doc == doc) {
			*s = m->start;
			*e = m->end;
			return true;
		}
	}
	*s = *e = 0;
	return false;
}

static arc_claim_span *claim_spans(const clm_set *set, const uint32_t *ids, size_t n,
				   uint32_t doc_b)
{
	arc_claim_span *v = xcalloc(n ? n : 1, sizeof *v);
	for (size_t i = 0; i < n; i++) {
		mention_in(set, ids[i], 0, &v[i].a_start, &v[i].a_end);
		mention_in(set, ids[i], doc_b, &v[i].b_start, &v[i].b_end);
	}
	return v;
}

/* Claims of the query (document 0) and its matches (1..n) as analyze finds them: one claim
 * set over these documents, near-copies of the query counted as its own source (the
 * pipeline's copy rule), contradictions, then each relation judged with its claims. */
static int match_claims(const arc_query_opts *o, const crp_doc *q, const tok_list *qt,
			arc_answer *ans, err_ctx *e)
{
	size_t nd = ans->n + 1;
	clm_doc *cd = xcalloc(nd, sizeof *cd);
	tok_list *tl = xcalloc(nd, sizeof *tl);
	uint32_t *group = xcalloc(nd, sizeof *group);
	cd[0] = (clm_doc){ .id = q->id, .text = q->text, .nbytes = q->nbytes, .toks = qt };
	for (size_t k = 0; k < ans->n; k++) {
		arc_match *m = &ans->m[k];
		if (m->text && tok_run(m->text, m->nbytes, &tl[k + 1]) < 0)
			tl[k + 1].n = 0;
		cd[k + 1] = (clm_doc){ .id = m->id,
				       .text = m->text ? m->text : (const uint8_t *)"",
				       .nbytes = m->text ? m->nbytes : 0, .toks = &tl[k + 1] };
		double cont = fmax(m->cont_ab, m->cont_ba), cov = fmax(m->cov_a, m->cov_b);
		group[k + 1] = cont >= ARC_COPY_CONTAINMENT || cov >= ARC_COPY_COVERAGE ? 0
										   : (uint32_t)(k + 1);
	}
	clm_opts co = { .stem = o->stem };
	clm_set *set = NULL;
	rel_contradiction *contra = NULL;
	size_t ncontra = 0;
	int rc = clm_build(&co, cd, nd, group, &set, e);
	if (rc == 0)
		rc = rel_contradictions_ex(set, cd, nd, true, &contra, &ncontra);
	for (size_t k = 0; rc == 0 && k < ans->n; k++) {
		arc_match *m = &ans->m[k];
		rel_pair_in in = {
			.a = 0, .b = (uint32_t)(k + 1), .words_a = ans->words_a, .words_b = m->words_b,
			.jaccard = m->jaccard, .cont_ab = m->cont_ab, .cont_ba = m->cont_ba,
			.cov_a = m->cov_a, .cov_b = m->cov_b, .passages = m->passages,
			.npassages = m->npassages,
		};
		rel_relation_clear(&m->rel);
		rel_pair(&in, set, contra, ncontra, &m->rel);
		/* rel_pair names the extender by its index in the claim set (k + 1 for this
		 * match); arc_match's convention is 0 the query, 1 this archived document */
		if (m->rel.extender == (int64_t)(k + 1))
			m->rel.extender = 1;
		m->have_claims = true;
		m->shared = claim_spans(set, m->rel.shared, m->rel.nshared, (uint32_t)(k + 1));
		m->nshared = m->rel.nshared;
		m->new_a = claim_spans(set, m->rel.new_a, m->rel.nnew_a, (uint32_t)(k + 1));
		m->nnew_a = m->rel.nnew_a;
		m->new_b = claim_spans(set, m->rel.new_b, m->rel.nnew_b, (uint32_t)(k + 1));
		m->nnew_b = m->rel.nnew_b;
		m->contra = xcalloc(m->rel.ncontradictions ? m->rel.ncontradictions : 1,
				    sizeof *m->contra);
		for (size_t i = 0; i < m->rel.ncontradictions; i++) {
			const rel_contradiction *x = &contra[m->rel.contradictions[i]];
			arc_contra *c = &m->contra[m->ncontra++];
			c->kind = x->kind;
			snprintf(c->reason, sizeof c->reason, "%s", x->reason);
			const clm_mention *ma = clm_mention_at(set, x->mention_a);
			const clm_mention *mb = clm_mention_at(set, x->mention_b);
			c->span = (arc_claim_span){ ma->start, ma->end, mb->start, mb->end };
		}
	}
	free(contra);
	clm_set_free(set);
	for (size_t k = 0; k < nd; k++)
		tok_list_free(&tl[k]);
	free(tl);
	free(cd);
	free(group);
	return rc;
}

int arc_query(arc *a, const crp_doc *q, const arc_query_opts *o, arc_answer *out, err_ctx *e)
{
	memset(out, 0, sizeof *out);
	if (!a->have_set)
		return 0;
	const arc_settings *s = &a->set;
	shg_doc(q->text, q->nbytes, &a->so, &a->buf);
	size_t qwords = a->buf.nwords;
	size_t nq = shg_sort_unique(a->buf.v, a->buf.n);
	uint64_t *qset = xmalloc((nq ? nq : 1) * sizeof *qset);
	memcpy(qset, a->buf.v, nq * sizeof *qset);
	uint32_t *sig = xmalloc(s->nperm * sizeof *sig);
	mh_sketch(qset, nq, s->nperm, s->seed, sig);
	uint32_t *bkeys = xmalloc(s->bands * sizeof *bkeys);
	lsh_band_keys(&a->plan, sig, bkeys);
	uint32_t *skeys = NULL;
	size_t skcap = 0, nskeys = sample_of(qset, nq, &skeys, &skcap);
	out->words_a = qwords > UINT32_MAX ? UINT32_MAX : (uint32_t)qwords;

	/* Scan or LSH: count only up to scan_max + 1 (count(*) of a million rows would read the
	 * whole id index on every query). */
	int64_t ndocs = 0;
	char csql[128];
	snprintf(csql, sizeof csql, "SELECT count(*) FROM (SELECT 1 FROM doc LIMIT %llu)",
		 (unsigned long long)(s->scan_max + 1));
	int rc = query_int(a, csql, 0, &ndocs, e);
	int64_t *cand = NULL;
	size_t ncand = 0;
	if (rc == 0 && nq > 0) {
		if ((uint64_t)ndocs <= s->scan_max) {
			out->scanned = true; /* verified below from the cache */
			rc = scan_load(a, e);
		} else {
			rc = lsh_candidates(a, bkeys, mh_is_empty(sig, s->nperm), skeys, nskeys, &cand,
					    &ncand, e);
		}
	}
	/* Exact verification of each candidate. */
	typedef struct hit { int64_t num; double j, jest, cab, cba; } hit;
	hit *hits = NULL;
	size_t nhits = 0, hcap = 0;
	shg_buf db = { 0 };
	uint32_t *dsig = xmalloc(s->nperm * sizeof *dsig);
	cand_filter f = { s->threshold, s->containment, false };
	if (rc == 0 && ncand)
		rc = prep(a, "SELECT id, sig, shingles, text, nbytes FROM doc WHERE num = ?",
			  &a->st_verify, e);
	for (size_t i = 0; out->scanned && rc == 0 && i < a->scan_n; i++) {
		out->ncandidates++;
		if (q->id && !strcmp(a->scan_id[i], q->id))
			continue;
		const uint64_t *v = a->scan_v + a->scan_off[i];
		size_t nv = (size_t)(a->scan_off[i + 1] - a->scan_off[i]);
		cand_pair p = { 0 };
		cand_fill(&p, nq, nv, shg_intersect(qset, nq, v, nv));
		if (!cand_keep(&p, &f))
			continue;
		XGROW(hits, hcap, nhits + 1);
		hits[nhits++] = (hit){ a->scan_num[i], p.jaccard,
				       mh_jaccard(sig, a->scan_sig + i * s->nperm, s->nperm),
				       p.cont_ab, p.cont_ba };
	}
	for (size_t i = 0; i < ncand && rc == 0; i++) {
		sqlite3_stmt *st = a->st_verify;
		sqlite3_bind_int64(st, 1, cand[i]);
		int src = sqlite3_step(st);
		if (src != SQLITE_ROW) {
			sqlite3_reset(st);
			if (src != SQLITE_DONE)
				rc = db_err(a, e, src, "read the archive");
			continue;
		}
		out->ncandidates++;
		const char *id = (const char *)sqlite3_column_text(st, 0);
		if (id && q->id && !strcmp(id, q->id)) { /* the query document itself */
			sqlite3_reset(st);
			continue;
		}
		rc = stored_set(a, sqlite3_column_blob(st, 2), (size_t)sqlite3_column_bytes(st, 2),
				sqlite3_column_blob(st, 3), (size_t)sqlite3_column_bytes(st, 3),
				(uint64_t)sqlite3_column_int64(st, 4), &db, e, id ? id : "?");
		const void *sb = sqlite3_column_blob(st, 1);
		bool sig_ok = sb && (size_t)sqlite3_column_bytes(st, 1) == 4 * (size_t)s->nperm;
		if (sig_ok)
			sig_decode(sb, s->nperm, dsig);
		sqlite3_reset(st);
		if (rc < 0)
			break;
		cand_pair p = { 0 };
		cand_fill(&p, nq, db.n, shg_intersect(qset, nq, db.v, db.n));
		if (!cand_keep(&p, &f))
			continue;
		XGROW(hits, hcap, nhits + 1);
		hits[nhits++] = (hit){ cand[i], p.jaccard, sig_ok ? mh_jaccard(sig, dsig, s->nperm) : 0,
				       p.cont_ab, p.cont_ba };
	}
	shg_buf_free(&db);
	free(dsig);
	free(cand);
	free(sig);
	free(bkeys);
	free(skeys);
	free(qset);

	tok_list qt = { 0 };
	uint64_t *qk = NULL;
	if (rc == 0 && nhits) {
		if (o->passages)
			text_keys(a, o, q->text, q->nbytes, &qt, &qk);
		out->m = xcalloc(nhits, sizeof *out->m);
		for (size_t i = 0; i < nhits && rc == 0; i++) {
			arc_match *m = &out->m[out->n++];
			m->jaccard = hits[i].j;
			m->jaccard_est = hits[i].jest;
			m->cont_ab = hits[i].cab;
			m->cont_ba = hits[i].cba;
			rc = fill_match(a, o, q, &qt, qk, out->words_a, hits[i].num, m, e);
		}
		if (rc == 0 && o->passages && o->claims)
			rc = match_claims(o, q, &qt, out, e);
		if (out->n > 1)
			qsort(out->m, out->n, sizeof *out->m, match_cmp);
	}
	tok_list_free(&qt);
	free(qk);
	free(hits);
	if (rc < 0)
		arc_answer_clear(out);
	return rc;
}

void arc_answer_clear(arc_answer *ans)
{
	if (!ans)
		return;
	for (size_t i = 0; i < ans->n; i++) {
		arc_match *m = &ans->m[i];
		free(m->id);
		free(m->title);
		free(m->source);
		free(m->date);
		free(m->url);
		free(m->path);
		free(m->passages);
		free(m->text);
		free(m->shared);
		free(m->new_a);
		free(m->new_b);
		free(m->contra);
		rel_relation_clear(&m->rel);
	}
	free(ans->m);
	memset(ans, 0, sizeof *ans);
}

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
	TRY(gen_count(a, &ngen, e));
	*nband = *nsample = 0;
	for (unsigned g = 0; g < ngen; g++) {
		char sql[64];
		int64_t v;
		snprintf(sql, sizeof sql, "SELECT count(*) FROM band_%u", g);
		TRY(query_int(a, sql, 0, &v, e));
		*nband += (uint64_t)v;
		snprintf(sql, sizeof sql, "SELECT count(*) FROM sample_%u", g);
		TRY(query_int(a, sql, 0, &v, e));
		*nsample += (uint64_t)v;
	}
	return 0;
}

int arc_count(arc *a, uint64_t *n, err_ctx *e)
{
	int64_t v = 0;
	TRY(query_int(a, "SELECT count(*) FROM doc INDEXED BY sqlite_autoindex_doc_1", 0, &v, e));
	*n = (uint64_t)v;
	return 0;
}

int arc_get_stats(arc *a, arc_stats *st, err_ctx *e)
{
	memset(st, 0, sizeof *st);
	int64_t v;
	st->schema = ARC_SCHEMA_VERSION;
	st->have_settings = arc_get_settings(a, &st->set);
	TRY(query_int(a, "SELECT count(*) FROM doc", 0, &v, e));
	st->docs = (uint64_t)v;
	TRY(query_int(a, "SELECT count(*) FROM doc WHERE text IS NOT NULL", 0, &v, e));
	st->docs_text = (uint64_t)v;
	TRY(query_int(a, "SELECT count(*) FROM doc WHERE nshingles = 0", 0, &v, e));
	st->docs_empty = (uint64_t)v;
	TRY(query_int(a, "SELECT total(nbytes) FROM doc", 0, &v, e));
	st->text_bytes = (uint64_t)v;
	TRY(query_int(a, "SELECT total(length(text)) FROM doc", 0, &v, e));
	st->ztext_bytes = (uint64_t)v;
	TRY(query_int(a, "SELECT total(length(shingles)) FROM doc", 0, &v, e));
	st->set_bytes = (uint64_t)v;
	TRY(count_postings(a, &st->band_rows, &st->sample_rows, e));
	st->file_bytes = file_size(a->path);
	char *wal = xasprintf("%s-wal", a->path);
	st->wal_bytes = file_size(wal);
	free(wal);
	sqlite3_stmt *s = NULL;
	int rc = sqlite3_prepare_v2(a->db, "SELECT min(date), max(date) FROM doc WHERE date <> ''",
				    -1, &s, NULL);
	if (rc == SQLITE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		st->oldest_date = col_text(s, 0);
		st->newest_date = col_text(s, 1);
		rc = SQLITE_DONE;
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		arc_stats_clear(st);
		return db_err(a, e, rc, "read the archive");
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
	return src == SQLITE_ROW || src == SQLITE_DONE ? 0 : db_err(a, e, src, "check the archive");
}

int arc_check(arc *a, ovl_warn_fn warn, void *ud, uint64_t *nproblems, err_ctx *e)
{
	*nproblems = 0;
	/* 1. SQLite's own structure. */
	sqlite3_stmt *st = NULL;
	int src = sqlite3_prepare_v2(a->db, "PRAGMA integrity_check(20)", -1, &st, NULL);
	while (st && (src = sqlite3_step(st)) == SQLITE_ROW) {
		const char *r = (const char *)sqlite3_column_text(st, 0);
		if (r && strcmp(r, "ok"))
			problem(warn, ud, nproblems, a->path, "integrity: %s", r);
	}
	sqlite3_finalize(st);
	if (src != SQLITE_DONE)
		return db_err(a, e, src, "check the archive");
	if (*nproblems)
		return 0; /* the index's invariants mean nothing on a broken file */
	if (!a->have_set) {
		int64_t n = 0;
		TRY(query_int(a, "SELECT count(*) FROM doc", 0, &n, e));
		if (n)
			problem(warn, ud, nproblems, a->path, "documents stored without settings");
		return 0;
	}
	/* 2. Every document against its postings. */
	const arc_settings *s = &a->set;
	unsigned ngen;
	TRY(gen_count(a, &ngen, e));
	sqlite3_stmt **hb = xcalloc(ngen + 1, sizeof *hb), **hs = xcalloc(ngen + 1, sizeof *hs);
	int rc = 0;
	for (unsigned g = 0; g < ngen && rc == 0; g++) {
		rc = prep_gen(a, "SELECT 1 FROM band_%u WHERE key = ? AND num = ?", g, &hb[g], e);
		if (rc == 0)
			rc = prep_gen(a, "SELECT 1 FROM sample_%u WHERE key = ? AND num = ?", g, &hs[g], e);
	}
	src = rc == 0 ? sqlite3_prepare_v2(a->db, "SELECT num, id, hash, nbytes, nshingles, "
					   "nsample, sig, shingles, text FROM doc", -1, &st, NULL)
		      : SQLITE_OK;
	if (rc == 0 && src != SQLITE_OK)
		rc = db_err(a, e, src, "check the archive");
	if (rc < 0) {
		for (unsigned g = 0; g < ngen; g++) {
			sqlite3_finalize(hb[g]);
			sqlite3_finalize(hs[g]);
		}
		free(hb);
		free(hs);
		return rc;
	}
	shg_buf buf = { 0 };
	uint32_t *sig = xmalloc(s->nperm * sizeof *sig), *bk = xmalloc(s->bands * sizeof *bk);
	uint32_t *sk = NULL;
	size_t skcap = 0;
	uint64_t nbands = 0, nsamples = 0;
	while (rc == 0 && (src = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t num = sqlite3_column_int64(st, 0);
		unsigned g = gen_of(a, num);
		if (g >= ngen) {
			problem(warn, ud, nproblems, a->path, "document number %lld has no posting tables",
				(long long)num);
			continue;
		}
		const char *id = (const char *)sqlite3_column_text(st, 1);
		char *pid = xstrdup(id ? id : "?");
		uint64_t hash = (uint64_t)sqlite3_column_int64(st, 2);
		int64_t nbytes = sqlite3_column_int64(st, 3);
		int64_t nsh = sqlite3_column_int64(st, 4), nsa = sqlite3_column_int64(st, 5);
		const void *sb = sqlite3_column_blob(st, 6);
		size_t nsb = (size_t)sqlite3_column_bytes(st, 6);
		const void *shb = sqlite3_column_blob(st, 7);
		size_t nshb = (size_t)sqlite3_column_bytes(st, 7);
		const void *tb = sqlite3_column_blob(st, 8);
		size_t ntb = (size_t)sqlite3_column_bytes(st, 8);
		bool ok_set = true;
		if (tb) {
			uint8_t *t = inflate_text(tb, ntb, nbytes < 0 ? 0 : (uint64_t)nbytes);
			if (!t) {
				problem(warn, ud, nproblems, a->path,
					"document '%s': text does not inflate to %lld bytes", pid,
					(long long)nbytes);
				ok_set = false;
			} else {
				if (hash_bytes(t, (size_t)nbytes, 0) != hash)
					problem(warn, ud, nproblems, a->path,
						"document '%s': text does not match its content hash", pid);
				shg_doc(t, (size_t)nbytes, &a->so, &buf);
				buf.n = shg_sort_unique(buf.v, buf.n);
				free(t);
			}
		} else if (shb) {
			size_t cnt;
			if (decode_set(shb, nshb, &buf.v, &buf.cap, &cnt) < 0) {
				problem(warn, ud, nproblems, a->path,
					"document '%s': malformed shingle set", pid);
				ok_set = false;
			} else {
				buf.n = cnt;
			}
		} else {
			problem(warn, ud, nproblems, a->path, "document '%s': neither text nor shingles",
				pid);
			ok_set = false;
		}
		if (ok_set && (int64_t)buf.n != nsh)
			problem(warn, ud, nproblems, a->path,
				"document '%s': %zu shingles, the row says %lld", pid, buf.n,
				(long long)nsh);
		bool empty = ok_set ? buf.n == 0 : nsh == 0;
		if (!sb || nsb != 4 * (size_t)s->nperm) {
			problem(warn, ud, nproblems, a->path, "document '%s': signature of %zu bytes, "
				"expected %u", pid, nsb, 4 * s->nperm);
		} else {
			sig_decode(sb, s->nperm, sig);
			if (ok_set) {
				uint32_t *want = xmalloc(s->nperm * sizeof *want);
				mh_sketch(buf.v, buf.n, s->nperm, s->seed, want);
				if (memcmp(want, sig, s->nperm * sizeof *sig))
					problem(warn, ud, nproblems, a->path,
						"document '%s': signature does not match its shingles", pid);
				free(want);
			}
			if (!empty) {
				lsh_band_keys(&a->plan, sig, bk);
				for (unsigned j = 0; j < s->bands && rc == 0; j++) {
					bool yes;
					rc = has_posting(a, hb[g], band_row_key(j, bk[j]), num, &yes, e);
					if (rc == 0 && !yes) {
						problem(warn, ud, nproblems, a->path,
							"document '%s': band %u not indexed", pid, j);
						break;
					}
				}
				nbands += s->bands;
			}
		}
		if (ok_set && rc == 0) {
			size_t nk = sample_of(buf.v, buf.n, &sk, &skcap);
			if ((int64_t)nk != nsa)
				problem(warn, ud, nproblems, a->path,
					"document '%s': %zu sample keys, the row says %lld", pid, nk,
					(long long)nsa);
			for (size_t j = 0; j < nk && rc == 0; j++) {
				bool yes;
				rc = has_posting(a, hs[g], sk[j], num, &yes, e);
				if (rc == 0 && !yes) {
					problem(warn, ud, nproblems, a->path,
						"document '%s': sample key not indexed", pid);
					break;
				}
			}
			nsamples += nk;
		}
		free(pid);
	}
	if (rc == 0 && src != SQLITE_DONE)
		rc = db_err(a, e, src, "check the archive");
	sqlite3_finalize(st);
	for (unsigned gg = 0; gg < ngen; gg++) {
		sqlite3_finalize(hb[gg]);
		sqlite3_finalize(hs[gg]);
	}
	free(hb);
	free(hs);
	shg_buf_free(&buf);
	free(sig);
	free(bk);
	free(sk);
	if (rc < 0)
		return rc;
	/* 3. No posting without its document: the counts agree once every document's own
	 * postings were found above. */
	uint64_t tb = 0, ts = 0;
	TRY(count_postings(a, &tb, &ts, e));
	if (tb != nbands)
		problem(warn, ud, nproblems, a->path, "%llu band postings, the documents account for %llu",
			(unsigned long long)tb, (unsigned long long)nbands);
	if (ts != nsamples)
		problem(warn, ud, nproblems, a->path,
			"%llu sample postings, the documents account for %llu", (unsigned long long)ts,
			(unsigned long long)nsamples);
	return 0;
}
