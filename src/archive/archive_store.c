/* archive_store.c - what a stored document row holds and where its postings go: the coded
 * shingle set and the zlib text (read back under ARC_MAX_TEXT), the signature, containment
 * sample keys, band keys and the generation tables (see archive_int.h).
 *
 * Shared by adding (which writes rows) and querying and checking (which read them back); it
 * does not decide what to store (archive_add.c does) and never prints.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <zlib.h>

#include "overlap/candidates.h"
#include "overlap/mem.h"
#include "overlap/shingle.h"

#include "archive_int.h"

/* ---- tuning ---------------------------------------------------------------------------- */

/* Stored text is inflated under this cap whatever the row says (a damaged row must not
 * allocate gigabytes): the corpus reader's own document cap. */
#define ARC_MAX_TEXT ((size_t)1 << 30)

/* ---- blobs ------------------------------------------------------------------------------- */

void arc_put_u32le(uint8_t *p, uint32_t v)
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
void arc_encode_set(const uint64_t *v, size_t n, uint8_t **out, size_t *nout, size_t *cap)
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
int arc_decode_set(const uint8_t *p, size_t n, uint64_t **v, size_t *cap, size_t *count)
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
uint8_t *arc_inflate_text(const void *blob, size_t nblob, uint64_t nbytes)
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

void arc_sig_decode(const uint8_t *p, unsigned nperm, uint32_t *sig)
{
	for (unsigned i = 0; i < nperm; i++)
		sig[i] = get_u32le(p + 4 * (size_t)i);
}

/* ---- per-document sketches --------------------------------------------------------------- */

/* Distinct containment sample keys of a sorted set, sorted, into *out. @return count. */
size_t arc_sample_of(const uint64_t *v, size_t n, uint32_t **out, size_t *cap)
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

int64_t arc_band_row_key(unsigned band, uint32_t key)
{
	return (int64_t)((uint64_t)band << 32 | key);
}

/* Generation of document number num (rowids start at 1). */
unsigned arc_gen_of(const arc *a, int64_t num)
{
	uint64_t g = num < 1 ? 0 : (uint64_t)(num - 1) / a->set.gen_docs;
	return g > UINT32_MAX - 1 ? UINT32_MAX - 1 : (unsigned)g;
}

/* Generations whose posting tables exist: 0 .. *ngen-1 (tables are never dropped, and
 * document numbers only grow, so they are contiguous). */
int arc_gen_count(arc *a, unsigned *ngen, err_ctx *e)
{
	int64_t n = 0;
	TRY(arc_query_int(a, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND "
			 "name GLOB 'band_[0-9]*'", 0, &n, e));
	*ngen = n < 0 ? 0 : (unsigned)n;
	return 0;
}

int arc_gen_create(arc *a, unsigned g, err_ctx *e)
{
	char sql[320];
	snprintf(sql, sizeof sql,
		 "CREATE TABLE IF NOT EXISTS band_%u(key INTEGER NOT NULL, num INTEGER NOT NULL, "
		 "PRIMARY KEY(key, num)) WITHOUT ROWID; CREATE TABLE IF NOT EXISTS sample_%u("
		 "key INTEGER NOT NULL, num INTEGER NOT NULL, PRIMARY KEY(key, num)) WITHOUT ROWID;",
		 g, g);
	return arc_exec_sql(a, sql, "write the archive", e);
}

/* Prepare "SQL" with %u replaced by generation g into *st. */
int arc_prep_gen(arc *a, const char *fmt, unsigned g, sqlite3_stmt **st, err_ctx *e)
{
	char sql[160];
	snprintf(sql, sizeof sql, fmt, g, g);
	int rc = sqlite3_prepare_v2(a->db, sql, -1, st, NULL);
	return rc == SQLITE_OK ? 0 : arc_db_err(a, e, rc, "reading the archive");
}

/* The sorted shingle set of a stored document, from its shingle blob or its text. */
int arc_stored_set(arc *a, const void *sblob, size_t nsblob, const void *tblob,
		      size_t ntblob, uint64_t nbytes, shg_buf *buf, err_ctx *e, const char *id)
{
	if (sblob) {
		size_t cnt;
		if (arc_decode_set(sblob, nsblob, &buf->v, &buf->cap, &cnt) < 0)
			return err_set(e, OVL_EINPUT, a->path,
				       "archive is damaged: document '%s' has a malformed shingle set", id);
		buf->n = cnt;
		return 0;
	}
	uint8_t *t = arc_inflate_text(tblob, ntblob, nbytes);
	if (!t)
		return err_set(e, OVL_EINPUT, a->path,
			       "archive is damaged: document '%s' has neither a readable text nor a shingle set",
			       id);
	shg_doc(t, (size_t)nbytes, &a->so, buf);
	buf->n = shg_sort_unique(buf->v, buf->n);
	free(t);
	return 0;
}
