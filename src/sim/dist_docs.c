/* dist_docs.c - process 0's side of the distributed similarity stage: every process's
 * document records in input order, ids given exactly as similarity.c gives them, and the
 * caller's per-document callbacks (see dist.h). For small corpora the texts come too.
 * It does not sketch or pair documents (dist.c, dist_pairs.c).
 */
#include "dist_int.h"

#include <stdlib.h>

#include "hash.h"

/* ---- process 0: documents in input order, ids, the caller's callbacks ---- */

/* Ids exactly as similarity.c's commit1 gives them (the byte-identical test holds them
 * together): a file name two folders share is named by its folders, as many trailing ones
 * as it takes; a repeated JSON Lines id is an error. */
typedef struct ids {
	sim_doc *docs;
	uint32_t *tab;
	size_t cap;
	char **retired;
	size_t nretired, retired_cap;
} ids;

static uint64_t id_hash(const char *id) { return hash_bytes(id, strlen(id), 0x1d); }

static void ids_grow(ids *t, size_t ndocs)
{
	size_t ncap = t->cap ? t->cap * 2 : 1024;
	while (ncap < (ndocs + 1) * 2)
		ncap *= 2;
	uint32_t *nt = xcalloc(ncap, sizeof *nt);
	for (size_t i = 0; i < t->cap; i++) {
		if (!t->tab[i])
			continue;
		size_t h = id_hash(t->docs[t->tab[i] - 1].id) & (ncap - 1);
		while (nt[h])
			h = (h + 1) & (ncap - 1);
		nt[h] = t->tab[i];
	}
	free(t->tab);
	t->tab = nt;
	t->cap = ncap;
}

static long ids_insert(ids *t, uint32_t idx, size_t ndocs)
{
	if ((ndocs + 1) * 2 > t->cap)
		ids_grow(t, ndocs);
	const char *id = t->docs[idx].id;
	size_t h = id_hash(id) & (t->cap - 1);
	while (t->tab[h]) {
		uint32_t j = t->tab[h] - 1;
		if (strcmp(t->docs[j].id, id) == 0)
			return (long)j;
		h = (h + 1) & (t->cap - 1);
	}
	t->tab[h] = idx + 1;
	return -1;
}

/* ids_insert as sim_qualify_id calls it: the table and its document count in one. */
typedef struct ids_ins {
	ids *t;
	size_t ndocs;
} ids_ins;

static long ids_insert_cb(void *ud, uint32_t idx)
{
	ids_ins *x = ud;
	return ids_insert(x->t, idx, x->ndocs);
}

static long ids_qualify(ids *t, uint32_t idx, size_t ndocs)
{
	ids_ins x = {t, ndocs};
	return sim_qualify_id(&t->docs[idx], idx, ids_insert_cb, &x);
}

static bool ids_retired(const ids *t, const char *id)
{
	for (size_t i = 0; i < t->nretired; i++)
		if (strcmp(t->retired[i], id) == 0)
			return true;
	return false;
}

static void ids_free(ids *t)
{
	free(t->tab);
	for (size_t i = 0; i < t->nretired; i++)
		free(t->retired[i]);
	free(t->retired);
}

static char *place(const char *path, size_t line)
{
	return line ? xasprintf("%s:%zu", path ? path : "", line) : xstrdup(path ? path : "");
}

/* Give document d its id (docs[0..d) done). @return 0 or OVL_EINPUT (duplicate). */
static int ids_commit(ids *t, uint32_t d, err_ctx *e)
{
	sim_doc *sd = &t->docs[d];
	long prev;
	if (sd->line == 0 && ids_retired(t, sd->id))
		prev = ids_qualify(t, d, d);
	else
		prev = ids_insert(t, d, d);
	if (prev >= 0 && sd->line == 0 && t->docs[prev].line == 0 &&
	    strcmp(sd->path, t->docs[prev].path) != 0) {
		XGROW(t->retired, t->retired_cap, t->nretired + 1);
		t->retired[t->nretired++] = xstrdup(sd->id);
		ids_qualify(t, (uint32_t)prev, d);
		prev = ids_qualify(t, d, d);
	}
	if (prev < 0)
		return 0;
	const sim_doc *p = &t->docs[prev];
	char *here = place(sd->path, sd->line), *there = place(p->path, p->line);
	err_set(e, OVL_EINPUT, here, "duplicate id '%s' (also in %s)", sd->id, there);
	free(here);
	free(there);
	return OVL_EINPUT;
}

/* Texts of every document on process 0 (only for small corpora: h->text_max): each process
 * reads its documents again. *texts[g] owned, NULL elsewhere. @return 0 or <0 (agreed). */
int dist_gather_texts(dist_ctx *dc, crp_reader *r, const local_docs *L, uint64_t ndocs,
			uint8_t ***texts, size_t **lens, err_ctx *e)
{
	sbuf out = { 0 };
	crp_rewind(r);
	crp_doc doc = { 0 };
	int rc;
	size_t i = 0;
	while ((rc = crp_next(r, &doc, e)) > 0 && i < L->n) {
		pk_u32(&out, L->gidx[i++]);
		pk_u64(&out, doc.nbytes);
		sb_add(&out, (const char *)doc.text, doc.nbytes);
	}
	crp_doc_clear(&doc);
	if (rc >= 0 && i != L->n)
		rc = err_set(e, OVL_EINPUT, "", "input changed between passes");
	rc = dist_agree(dc, rc < 0 ? rc : 0, e);
	uint8_t *all = NULL;
	uint64_t *off = NULL;
	if (rc == 0)
		rc = dist_gather(dc, out.p, out.n, &all, &off, e);
	sb_free(&out);
	if (rc < 0 || dc->rank != 0)
		return rc;
	*texts = xcalloc(ndocs, sizeof **texts);
	*lens = xcalloc(ndocs, sizeof **lens);
	upk u = { all, all + off[dc->size], false };
	while (u.p < u.end && !u.bad) {
		uint32_t g = up_u32(&u);
		uint64_t n = up_u64(&u);
		if (g >= ndocs || (uint64_t)(u.end - u.p) < n)
			break;
		(*texts)[g] = xmalloc(n + 1);
		memcpy((*texts)[g], u.p, n);
		(*texts)[g][n] = '\0';
		(*lens)[g] = n;
		u.p += n;
	}
	free(all);
	free(off);
	return 0;
}

/* Process 0: the documents from every process's records, in input order, with ids, and the
 * caller's callbacks. @return 0 or <0 (not yet agreed). */
int dist_commit_docs(dist_ctx *dc, const sim_opts *o, const dist_hooks *h, sim_result *res,
		       const uint8_t *all, uint64_t nall, uint64_t ndocs, uint8_t **texts,
		       size_t *lens, err_ctx *e)
{
	(void)dc;
	/* records are "gidx, record" back to back; find each document's record */
	const uint8_t **rec = xcalloc(ndocs, sizeof *rec);
	upk u = { all, all + nall, false };
	while (u.p < u.end && !u.bad) {
		uint32_t g = up_u32(&u);
		uint64_t n = up_u64(&u);
		if (g >= ndocs || (uint64_t)(u.end - u.p) < n) {
			u.bad = true;
			break;
		}
		rec[g] = u.p;
		u.p += n;
	}
	res->docs = xcalloc(ndocs ? ndocs : 1, sizeof *res->docs);
	ids t = { .docs = res->docs };
	int rc = 0;
	for (uint64_t d = 0; d < ndocs && rc == 0; d++) {
		if (!rec[d]) {
			rc = err_set(e, OVL_EIO, NULL, "document %llu missing after the exchange",
				     (unsigned long long)d);
			break;
		}
		upk r1 = { rec[d], all + nall, false };
		sim_doc *sd = &res->docs[d];
		sd->id = up_str(&r1);
		sd->path = up_str(&r1);
		sd->title = up_str(&r1);
		sd->source = up_str(&r1);
		char *date = up_str(&r1), *url = up_str(&r1);
		sd->meta_json = up_str(&r1);
		sd->line = (size_t)up_u64(&r1);
		sd->nbytes = up_u64(&r1);
		sd->nwords = up_u32(&r1);
		sd->nshingles = up_u32(&r1);
		sd->nbad = up_u32(&r1);
		uint64_t nwork = up_u64(&r1);
		const uint8_t *work = r1.p;
		up_take(&r1, NULL, (size_t)nwork);
		if (!sd->id)
			sd->id = xstrdup("");
		res->ndocs = d + 1;
		if (r1.bad)
			rc = err_set(e, OVL_EIO, NULL, "document %llu damaged in the exchange",
				     (unsigned long long)d);
		if (rc == 0)
			rc = ids_commit(&t, (uint32_t)d, e);
		if (rc == 0 && o->on_doc) {
			crp_doc cd = {
				.id = sd->id, .path = sd->path, .line = sd->line,
				.text = texts ? texts[d] : NULL, .nbytes = (size_t)sd->nbytes,
				.title = sd->title, .source = sd->source, .date = date, .url = url,
				.meta_json = sd->meta_json, .index = d,
			};
			o->on_doc(o->ud, (uint32_t)d, &cd, sd);
		}
		if (rc == 0 && o->on_doc_work) {
			void *w = h && h->unpack && nwork ? h->unpack(o->ud, work, (size_t)nwork) : NULL;
			o->on_doc_work(o->ud, (uint32_t)d, w);
		}
		if (texts) {
			free(texts[d]);
			texts[d] = NULL;
		}
		free(date);
		free(url);
	}
	(void)lens;
	ids_free(&t);
	free(rec);
	return rc;
}
