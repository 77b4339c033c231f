/* archive_add.c - adding documents to the archive (arc_add, arc_add_docs, arc_remove).
 *
 * Workers shingle, sketch and compress (libdeflate, zlib format) a round of documents; the
 * calling thread inserts their rows into the open transaction and queues their postings,
 * inserted at its commit sorted by key, 64 to a statement. A transaction holds
 * ARC_BATCH_DOCS documents, so a kill or an error loses at most one batch. It does not
 * read files (the caller's crp_reader does) and never prints.
 */
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <libdeflate.h>

#include "hash.h"
#include "overlap/mem.h"
#include "overlap/minhash.h"
#include "overlap/pool.h"
#include "overlap/shingle.h"
#include "overlap/strbuf.h"

#include "archive_int.h"

/* ---- tuning ---------------------------------------------------------------------------- */

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
/* Stored text is a zlib stream (RFC 1950, read back with zlib's uncompress) written by
 * libdeflate at level 1: on 10,000 generated 3.3 KB texts, one core, zlib level 1 took
 * 68 us a text for 50.3% of the size, zlib 6 98 us for 48.1%, libdeflate 1 38 us for 47.8%
 * (libdeflate 6: 68 us, 47.2%). Compression was a quarter of an add's CPU time with zlib 1. */
#define ARC_DEFLATE_LEVEL 1

/* ---- types ----------------------------------------------------------------------------- */

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
	it->nskeys = arc_sample_of(b->v, b->n, &it->skeys, &it->skeys_cap);
	if (c->o->store_text) {
		/* One libdeflate compressor per worker (its state is set up once, not per text). */
		struct libdeflate_compressor **z = &c->zs[worker];
		if (!*z && !(*z = libdeflate_alloc_compressor(ARC_DEFLATE_LEVEL)))
			abort(); /* only fails on OOM, which xmalloc treats the same way */
		size_t bound = libdeflate_zlib_compress_bound(*z, it->doc.nbytes);
		XGROW(it->blob, it->blob_cap, bound + 1);
		it->nblob = libdeflate_zlib_compress(*z, it->doc.text, it->doc.nbytes, it->blob, bound);
	} else {
		arc_encode_set(b->v, b->n, &it->blob, &it->nblob, &it->blob_cap);
	}
}

/* Sort v[0..n) by key, stably (postings are made in document order, so each key's
 * documents stay in ascending order): an LSD radix sort on the key's bytes, skipping
 * bytes that are the same in every posting (a band key uses 5 of 8, a sample key 4).
 * perf of an add: qsort with a comparator 7.4% of the CPU time, this sort 2-3.5%.
 * shingle.c's sort_radix runs the same passes over bare 8-byte keys; it is not shared
 * because these are 16-byte records moved whole, and a sort taking the record size would
 * cost shingle.c's hot path its fixed-size copies. */
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
		return arc_db_err(a, e, rc, "reading the archive");
	sqlite3_bind_int64(st, 1, num);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_finalize(st);
		return rc == SQLITE_DONE ? 0 : arc_db_err(a, e, rc, "reading the archive");
	}
	char *id = arc_col_text(st, 0);
	const void *sig = sqlite3_column_blob(st, 1);
	size_t nsig = (size_t)sqlite3_column_bytes(st, 1);
	shg_buf buf = { 0 };
	int r = arc_stored_set(a, sqlite3_column_blob(st, 2), (size_t)sqlite3_column_bytes(st, 2),
			   sqlite3_column_blob(st, 3), (size_t)sqlite3_column_bytes(st, 3),
			   (uint64_t)sqlite3_column_int64(st, 4), &buf, e, id ? id : "?");
	uint32_t *s32 = xmalloc(a->set.nperm * sizeof *s32);
	uint32_t *bk = xmalloc(a->set.bands * sizeof *bk);
	bool have_sig = sig && nsig == 4 * (size_t)a->set.nperm;
	if (have_sig) {
		arc_sig_decode(sig, a->set.nperm, s32);
		lsh_band_keys(&a->plan, s32, bk);
	}
	sqlite3_finalize(st);
	free(id);
	sqlite3_stmt *d = NULL;
	if (r == 0 && have_sig) {
		char dsql[96];
		snprintf(dsql, sizeof dsql, "DELETE FROM band_%u WHERE key = ? AND num = ?", arc_gen_of(a, num));
		rc = sqlite3_prepare_v2(a->db, dsql, -1, &d, NULL);
		for (unsigned j = 0; rc == SQLITE_OK && j < a->set.bands; j++) {
			sqlite3_bind_int64(d, 1, arc_band_row_key(j, bk[j]));
			sqlite3_bind_int64(d, 2, num);
			rc = sqlite3_step(d) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode(a->db);
			sqlite3_reset(d);
		}
		sqlite3_finalize(d);
		d = NULL;
		uint32_t *sk = NULL;
		size_t skcap = 0, nsk = arc_sample_of(buf.v, buf.n, &sk, &skcap);
		snprintf(dsql, sizeof dsql, "DELETE FROM sample_%u WHERE key = ? AND num = ?",
			 arc_gen_of(a, num));
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
			 "WHERE num = %lld;", arc_gen_of(a, num), (long long)num, arc_gen_of(a, num), (long long)num);
		rc = sqlite3_exec(a->db, sql, NULL, NULL, NULL);
	}
	free(s32);
	free(bk);
	shg_buf_free(&buf);
	if (rc != SQLITE_OK)
		return arc_db_err(a, e, rc, "removing a document");
	char sql[96];
	snprintf(sql, sizeof sql, "DELETE FROM doc WHERE num = %lld", (long long)num);
	return arc_exec_sql(a, sql, "removing a document", e);
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
		unsigned g = arc_gen_of(a, v[i].num);
		size_t j = i + 1;
		while (j < n && arc_gen_of(a, v[j].num) == g)
			j++;
		posting_sort(v + i, j - i);
		TRY(arc_gen_create(a, g, e));
		int src = insert_postings(a, table, g, v + i, j - i);
		if (src != SQLITE_OK)
			return arc_db_err(a, e, src, "write the archive");
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
	TRY(arc_exec_sql(a, "BEGIN IMMEDIATE", "write the archive", e));
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
		int rc = arc_db_err(a, e, src, "write the archive");
		txn_end(c);
		return rc;
	}
	return 0;
}

/* Insert the document row of item it (the open transaction's insert statement) as *num.
 * @return 0 or a negative ovl_err. */
static int insert_row(add_ctx *c, const add_item *it, const char *id, int64_t now, int64_t *num,
		      err_ctx *e)
{
	arc *a = c->a;
	sqlite3_stmt *ins = c->ins;
	for (unsigned k = 0; k < a->set.nperm; k++)
		arc_put_u32le(c->sigb + 4 * (size_t)k, it->sig[k]);
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
	if (c->o->store_text) {
		sqlite3_bind_null(ins, 14);
		sqlite3_bind_blob(ins, 15, it->blob, (int)it->nblob, SQLITE_STATIC);
	} else {
		sqlite3_bind_blob(ins, 14, it->blob, (int)it->nblob, SQLITE_STATIC);
		sqlite3_bind_null(ins, 15);
	}
	sqlite3_bind_int64(ins, 16, now);
	int src = sqlite3_step(ins);
	sqlite3_reset(ins);
	if (src != SQLITE_DONE)
		return arc_db_err(a, e, src, "write the archive");
	*num = sqlite3_last_insert_rowid(a->db);
	if (*num < c->first_num)
		c->first_num = *num;
	return 0;
}

/* Queue the band (unless the document is empty) and sample postings of document num. */
static void queue_postings(add_ctx *c, const add_item *it, int64_t num)
{
	const arc_settings *s = &c->a->set;
	if (!it->empty) {
		XGROW(c->bands, c->bcap, c->nb + s->bands);
		for (unsigned j = 0; j < s->bands; j++)
			c->bands[c->nb++] = (posting){ (uint64_t)arc_band_row_key(j, it->bkeys[j]), num };
	}
	XGROW(c->samples, c->scap, c->ns + it->nskeys + 1);
	for (size_t j = 0; j < it->nskeys; j++)
		c->samples[c->ns++] = (posting){ it->skeys[j], num };
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
					rc = arc_db_err(a, e, src, "write the archive");
					break;
				}
			} else if ((rc = delete_doc(a, num, e)) < 0) {
				break;
			}
			replace = true;
		} else {
			sqlite3_reset(c->find);
			if (src != SQLITE_DONE) {
				rc = arc_db_err(a, e, src, "write the archive");
				break;
			}
		}
		int64_t num = 0;
		if ((rc = insert_row(c, it, id, now, &num, e)) < 0)
			break;
		queue_postings(c, it, num);
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
		rc = arc_exec_sql(c->a, "COMMIT", "write the archive", e);
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
	TRY(arc_exec_sql(a, "BEGIN IMMEDIATE", "write the archive", e));
	int rc = arc_load_settings(a, e);
	if (rc == 0 && !a->have_set) {
		arc_settings s = o->set;
		if (arc_settings_plan(&s) < 0 || !arc_set_valid(&s))
			rc = err_set(e, OVL_EUSAGE, a->path, "invalid archive settings");
		else
			rc = arc_store_settings(a, &s, e);
	} else if (rc == 0 && o->settings_given) {
		arc_settings s = o->set;
		arc_settings_plan(&s);
		if (!arc_set_equal(&s, &a->set)) {
			char have[256], want[256];
			arc_settings_describe(&a->set, have, sizeof have);
			arc_settings_describe(&s, want, sizeof want);
			rc = err_set(e, OVL_EUSAGE, a->path,
				     "archive was built with %s; this add asks for %s (use the same "
				     "settings, or a new archive)", have, want);
		}
	}
	if (rc == 0)
		return arc_exec_sql(a, "COMMIT", "write the archive", e);
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
	dst->id = arc_dup_or_null(src->id);
	dst->path = arc_dup_or_null(src->path);
	dst->line = src->line;
	dst->text = xmalloc(src->nbytes + 1);
	memcpy(dst->text, src->text, src->nbytes);
	dst->text[src->nbytes] = '\0';
	dst->nbytes = src->nbytes;
	dst->text_cap = src->nbytes + 1;
	dst->title = arc_dup_or_null(src->title);
	dst->source = arc_dup_or_null(src->source);
	dst->date = arc_dup_or_null(src->date);
	dst->url = arc_dup_or_null(src->url);
	dst->meta_json = arc_dup_or_null(src->meta_json);
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
	arc_scan_drop(a); /* the documents change */
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
	TRY(arc_exec_sql(a, "BEGIN IMMEDIATE", "write the archive", e));
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
		rc = arc_db_err(a, e, src, "read the archive");
	}
	sqlite3_finalize(st);
	if (rc == 0)
		rc = arc_exec_sql(a, "COMMIT", "write the archive", e);
	else
		sqlite3_exec(a->db, "ROLLBACK", NULL, NULL, NULL);
	return rc < 0 ? rc : found;
}
