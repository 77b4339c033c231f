/* archive_int.h - the archive's internals, shared by src/archive/archive*.c (not public).
 *
 * archive.c: schema, settings, open/close and the SQLite helpers; archive_store.c: stored
 * rows (coded sets, zlib text, signatures, posting keys, generations); archive_add.c,
 * archive_query.c, archive_check.c: the operations of archive.h. Every helper returns 0 or
 * a negative ovl_err with e filled (arc_db_err words SQLite failures), as archive.h does.
 */
#ifndef OVERLAP_ARCHIVE_INT_H
#define OVERLAP_ARCHIVE_INT_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "overlap/archive.h"
#include "overlap/err.h"
#include "overlap/lsh.h"
#include "overlap/shingle.h"
#include "overlap/stem.h"

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

/* ---- archive.c ------------------------------------------------------------------------- */

char *arc_dup_or_null(const char *s);
char *arc_col_text(sqlite3_stmt *st, int i);
/* One line for an SQLite failure while doing `what`. */
int arc_db_err(arc *a, err_ctx *e, int rc, const char *what);
int arc_exec_sql(arc *a, const char *sql, const char *what, err_ctx *e);
int arc_prep_once(arc *a, const char *sql, sqlite3_stmt **st, err_ctx *e);
/* Run a statement returning one integer (or def when no row). */
int arc_query_int(arc *a, const char *sql, int64_t def, int64_t *out, err_ctx *e);
bool arc_set_equal(const arc_settings *x, const arc_settings *y);
bool arc_set_valid(const arc_settings *s);
/* Read meta into a->set. Absent settings leave have_set false. */
int arc_load_settings(arc *a, err_ctx *e);
int arc_store_settings(arc *a, const arc_settings *s, err_ctx *e);
void arc_scan_drop(arc *a);

/* ---- archive_store.c ------------------------------------------------------------------- */

void arc_put_u32le(uint8_t *p, uint32_t v);
/* Shingle set blob: count, then the sorted values as varint deltas. */
void arc_encode_set(const uint64_t *v, size_t n, uint8_t **out, size_t *nout, size_t *cap);
/* @return 0 and the set into *v (grown), or -1 when the blob is malformed. */
int arc_decode_set(const uint8_t *p, size_t n, uint64_t **v, size_t *cap, size_t *count);
/* Inflate a stored text of nbytes original bytes. @return malloc'd text (NUL-terminated)
 * or NULL when the blob does not inflate to exactly nbytes. */
uint8_t *arc_inflate_text(const void *blob, size_t nblob, uint64_t nbytes);
void arc_sig_decode(const uint8_t *p, unsigned nperm, uint32_t *sig);
/* Distinct containment sample keys of a sorted set, sorted, into *out. @return count. */
size_t arc_sample_of(const uint64_t *v, size_t n, uint32_t **out, size_t *cap);
int64_t arc_band_row_key(unsigned band, uint32_t key);
/* Generation of document number num (rowids start at 1). */
unsigned arc_gen_of(const arc *a, int64_t num);
/* Generations whose posting tables exist: 0 .. *ngen-1 (tables are never dropped, and
 * document numbers only grow, so they are contiguous). */
int arc_gen_count(arc *a, unsigned *ngen, err_ctx *e);
int arc_gen_create(arc *a, unsigned g, err_ctx *e);
/* Prepare "SQL" with %u replaced by generation g into *st. */
int arc_prep_gen(arc *a, const char *fmt, unsigned g, sqlite3_stmt **st, err_ctx *e);
/* The sorted shingle set of a stored document, from its shingle blob or its text. */
int arc_stored_set(arc *a, const void *sblob, size_t nsblob, const void *tblob,
		      size_t ntblob, uint64_t nbytes, shg_buf *buf, err_ctx *e, const char *id);

#endif
