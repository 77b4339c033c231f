/* similarity.c - the document-level engine: stream -> signatures -> candidates -> verified
 * pairs (see similarity.h).
 *
 * Both passes share one driver: the calling thread reads a batch of documents (crp_next)
 * while threads - 1 workers run the previous batch's per-document work, then joins them
 * (pool_start/pool_wait); each result lands in the document's slot and is committed in
 * input order on the calling thread, so output never depends on the thread count. Per
 * document we keep what matters: metadata (moved from the reader's document), the LSH band
 * keys (4 bytes a band), a 1/8 sample of shingles for containment (4 bytes each). The
 * whole signature (4*nperm bytes, 512 MB at 1M documents, most of pass 1's page faults) is
 * kept only for the first all_pairs_max documents, which all-pairs may need; otherwise the
 * signatures of documents with a candidate are made again in pass 2, for the estimate.
 * Exact sets are kept only while the corpus is small enough for all-pairs; otherwise pass 2
 * reads again only the documents with a candidate (crp_select: the others are not opened),
 * rebuilds their sets unsorted, counts each earlier partner's set against a hash table of
 * the document's (no sort, no merge) and frees each set once its last partner has been
 * verified.
 */
#include "overlap/similarity.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "hash.h"
#include "overlap/candidates.h"
#include "overlap/lsh.h"
#include "overlap/mem.h"
#include "overlap/minhash.h"
#include "overlap/pool.h"
#include "overlap/shingle.h"

/* ---- tuning ---- */

/* A batch ends at this many documents or bytes: small enough that a batch's texts are still
 * in cache when they are tokenised (2,048 documents / 16 MB cost 20% more CPU), large enough
 * that starting a worker per batch (~50 us) is noise against ~3 ms of work. */
#define SIM_BATCH_DOCS 256
#define SIM_BATCH_BYTES (2u << 20)
/* Text buffers kept across batches (crp_doc_recycle) in one batch, at most: reuse saves a
 * malloc and the page faults of fresh memory per document (~15% of pass 1 on 4 KB files),
 * and the cap keeps a few huge documents from pinning their buffers for the whole run. */
#define SIM_SPARE_BYTES (2 * (size_t)SIM_BATCH_BYTES)
/* Distinct-count table: at least this many slots per shingle. Load <= 1/4 keeps probe
 * sequences (branch mispredictions) short; ~500 shingles a document give a 16 KB table
 * that stays in L1/L2. Microbenchmark (20k documents of 200-1600 hashes, 5% repeats):
 * ~3.8 ns per shingle at 4 slots, ~5.3 at 2, no gain at 8. Documents above
 * SIM_DISTINCT_BIG shingles use 2 slots: their table (> 512 KB) is out of L2 anyway, and
 * the per-worker scratch, kept for the whole run, grows no larger than at load 1/2. */
#define SIM_DISTINCT_SLOTS 4
#define SIM_DISTINCT_BIG (1u << 14)
/* Verification table (pass 2): slots per shingle, like the distinct-count table: at a load
 * <= 1/4 a probe almost always ends at the home slot or the next (shg_table_count); 2 above
 * SIM_DISTINCT_BIG shingles, whose table is out of cache anyway. One table per worker, and
 * one per document only when its pairs wait for commit2. */
#define SIM_VERIFY_SLOTS 4

/* ---- types ---- */

typedef struct sim_item {
	crp_doc doc;
	uint32_t idx;            /* document index */
	bool skip;               /* pass 2: not in any candidate pair */
	uint32_t nwords, nshingles, nbad;
	uint64_t *set;           /* pass 1 all-pairs, pass 3: sorted set; pass 2: the distinct
				  * shingles, unsorted */
	size_t nset, set_cap;
	shg_table tab;           /* pass 2: the same set as a table, when pairs of the document
				  * are left to the batch's verify (commit2) */
	size_t tab_cap;
	atomic_bool done;        /* pass 2: set and table made (the batch's later documents
				  * may verify against the set) */
	bool empty;              /* pass 1: no shingles, an empty signature (not in LSH) */
	uint32_t *sample;        /* pass 1: containment sample keys (unsorted) */
	size_t nsample, sample_cap;
	void *user;              /* pass 1: sim_opts.doc_work result until committed */
} sim_item;

typedef struct sim_batch {
	sim_item *it;
	size_t n, cap;
	uint32_t *sigs;          /* pass 1: the batch's rows inside sim_ctx.sigs (documents
				  * under sig_rows only) */
	uint32_t *keys;          /* pass 1: the batch's n * bands rows inside sim_ctx.keys */
	uint64_t nbytes;
} sim_batch;

typedef struct sim_ctx {
	const sim_opts *o;
	shg_opts so;
	unsigned threads;
	crp_reader *r;
	err_ctx *e;
	int pass;                /* 1 sketch, 2 verify, 3 collect sets for all-pairs */
	shg_buf *bufs;           /* one per worker */
	uint64_t **scratch;      /* one per worker: distinct-count table */
	size_t *scratch_cap;
	uint64_t **stmp;         /* one per worker: containment sample before dedup */
	size_t *stmp_cap;
	shg_table *vtab;         /* one per worker: pass 2's table of the current document */
	size_t *vtab_cap;
	sim_result *res;
	size_t docs_cap;
	/* pass 1 */
	uint32_t *sigs;          /* min(ndocs, sig_rows) * nperm; in LSH mode from pass 2 on,
				  * the signatures of documents with a candidate, row sig_row[d] */
	size_t sigs_cap, sig_rows;
	uint32_t **sig_tmp;      /* one per worker: the signature of a document >= sig_rows */
	uint32_t *keys;          /* ndocs * bands: LSH band keys */
	size_t keys_cap;
	uint8_t *empty;          /* ndocs: empty signature */
	size_t empty_cap;
	uint32_t *sig_row;       /* pass 2: row of document d in sigs (need[d] only) */
	uint32_t *samples;       /* CSR over documents */
	uint64_t *sample_off;
	size_t samples_cap, sample_off_cap;
	bool keep_sets;          /* still within all_pairs_max */
	uint64_t *set_v, *set_off;
	size_t set_v_cap, set_off_cap;
	uint64_t *idtab;         /* open addressing: the id's hash (32 bits) << 32 | index + 1
				  * (0 = free); ids are compared only when hashes are equal */
	size_t idtab_cap;
	char **retired;          /* file ids two folders share: every file of that name is
				  * named by its folders (see commit1); few, scanned linearly */
	size_t nretired, retired_cap;
	uint64_t bytes_read;
	/* pass 2 */
	cand_pair *cp;           /* candidate pairs sorted by (a, b) */
	size_t ncp;
	uint64_t *by_b_off;      /* CSR: pairs whose b is d, as indices into cp */
	uint32_t *by_b;
	uint32_t *last;          /* last partner index of each document (itself if none) */
	uint8_t *need;
	uint8_t *verified;       /* per pair in cp: verified by work_item (else by commit2) */
	uint64_t **kept;         /* retained sets by document */
	uint32_t *kept_n;
	uint64_t *free_off;      /* CSR: documents to free after document i */
	uint32_t *free_at;
	uint64_t verified_docs, need_docs;
} sim_ctx;

/* ---- helpers ---- */

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static uint32_t cap32(size_t x) { return x > UINT32_MAX ? UINT32_MAX : (uint32_t)x; }

static char *place(const char *path, size_t line)
{
	return line ? xasprintf("%s:%zu", path ? path : "", line) : xstrdup(path ? path : "");
}

sim_opts sim_opts_default(void)
{
	return (sim_opts){
		.shingle_k = 5, .char_ngrams = 0, .nperm = MH_DEFAULT_NPERM, .seed = 1,
		.threshold = 0.3, .containment = 0.5, .threads = 0, .all_pairs_max = 5000,
		.keep_all_overlapping = false,
	};
}

static void item_clear(sim_item *it)
{
	crp_doc_clear(&it->doc);
	free(it->set);
	free(it->tab.slot);
	free(it->sample);
}

static void batch_free(sim_batch *b, const sim_opts *o)
{
	for (size_t i = 0; i < b->cap; i++) {
		if (b->it[i].user && o->doc_work_free)
			o->doc_work_free(o->ud, b->it[i].user);
		item_clear(&b->it[i]);
	}
	free(b->it);
	memset(b, 0, sizeof *b);
}

/* Release the batch's documents after commit, keeping text buffers up to SIM_SPARE_BYTES. */
static void batch_release(sim_batch *b)
{
	size_t kept = 0;
	for (size_t i = 0; i < b->cap; i++) {
		crp_doc *d = &b->it[i].doc;
		if (d->text && kept + d->text_cap <= SIM_SPARE_BYTES) {
			kept += d->text_cap;
			crp_doc_recycle(d);
		} else {
			crp_doc_clear(d);
		}
	}
}

/* Read up to a batch of documents. @return 0 (b->n may be 0 at the end) or <0. */
static int batch_read(sim_ctx *c, sim_batch *b, uint32_t first_idx)
{
	b->n = 0;
	b->nbytes = 0;
	while (b->n < SIM_BATCH_DOCS && b->nbytes < SIM_BATCH_BYTES) {
		if (b->n == b->cap) {
			size_t old = b->cap;
			XGROW(b->it, b->cap, b->n + 1);
			memset(b->it + old, 0, (b->cap - old) * sizeof *b->it);
		}
		sim_item *it = &b->it[b->n];
		int rc = crp_next(c->r, &it->doc, c->e);
		if (rc < 0)
			return rc;
		if (rc == 0)
			break;
		if ((uint64_t)first_idx + b->n >= UINT32_MAX)
			return err_set(c->e, OVL_ETOOBIG, it->doc.path, "more than %u documents",
				       UINT32_MAX - 1);
		/* later passes may hand out a selection (crp_select): the reader says which */
		it->idx = c->pass == 1 ? first_idx + (uint32_t)b->n : (uint32_t)it->doc.index;
		b->nbytes += it->doc.nbytes;
		b->n++;
	}
	return 0;
}

/* ---- per-document work (worker threads) ---- */

typedef struct work_arg {
	sim_ctx *c;
	sim_batch *b;
} work_arg;

/* Containment sample keys of the shingles v[0..n) into *out (grown as needed), in input
 * order, repeats kept. @return the count. */
static size_t sample_keys(const uint64_t *v, size_t n, uint64_t **out, size_t *cap)
{
	size_t ns = 0;
	for (size_t k = 0; k < n; k++) {
		if (!cand_sampled(v[k]))
			continue;
		XGROW(*out, *cap, ns + 1);
		(*out)[ns++] = (uint32_t)(v[k] >> 3);
	}
	return ns;
}

/* Count the distinct values of v[0..n) with an open-addressing set in *tab (scratch, grown
 * as needed) and append the containment sample key of each distinct sampled value to *out
 * (scratch, grown; count in *ns; not yet sorted, truncated keys may repeat). Same count
 * as shg_count_distinct and the same key set as sample_keys() over all of v, in one pass.
 * @return the number of distinct values (0 for n == 0). */
static size_t distinct_and_sample(const uint64_t *v, size_t n, uint64_t **tab, size_t *tab_cap,
				  uint64_t **out, size_t *out_cap, size_t *ns)
{
	if (n < 2) {
		*ns = sample_keys(v, n, out, out_cap);
		return n;
	}
	size_t tcap = 16;
	unsigned bits = 4;
	size_t want = n <= SIM_DISTINCT_BIG ? SIM_DISTINCT_SLOTS * n : 2 * n;
	while (tcap < want) {
		tcap *= 2;
		bits++;
	}
	XGROW(*tab, *tab_cap, tcap);
	/* ~n/8 keys are sampled, but each distinct value is written to the next slot
	 * unconditionally and kept only when sampled (no branch on a coin flip), so the scratch
	 * needs room for n + 1 */
	XGROW(*out, *out_cap, n + 1);
	uint64_t *t = *tab;
	memset(t, 0, tcap * sizeof *t);
	size_t count = 0, m = 0;
	bool zero = false;
	for (size_t i = 0; i < n; i++) {
		uint64_t x = v[i];
		if (x == 0) {
			/* 0 marks a free slot, so the value 0 is counted on the side */
			if (!zero) {
				zero = true;
				count++;
				(*out)[m++] = 0; /* 0 is sampled, key 0 */
			}
			continue;
		}
		/* Fibonacci hashing: the top bits of x * 2^64/phi spread any input */
		size_t h = (size_t)((x * 0x9e3779b97f4a7c15ULL) >> (64 - bits));
		for (;;) {
			uint64_t y = t[h];
			if (y == x)
				break;
			if (y == 0) {
				t[h] = x;
				count++;
				(*out)[m] = (uint32_t)(x >> 3);
				m += cand_sampled(x);
				break;
			}
			h = (h + 1) & (tcap - 1);
		}
	}
	*ns = m;
	return count;
}

/* The pairs (a, d) of document d = b->it[i] whose earlier side's set is at hand, verified
 * with d's table tab while it is in cache (probing it after the whole batch cost twice as
 * much): a of an earlier batch (kept), or of this batch and done. The rest is left to
 * commit2 (verify_item), which yields the same counts. @return whether any is left. */
static bool verify_early(sim_ctx *c, sim_batch *b, size_t i, const shg_table *tab)
{
	sim_item *it = &b->it[i];
	uint32_t d = it->idx, first = b->it[0].idx;
	bool left = false;
	for (uint64_t k = c->by_b_off[d]; k < c->by_b_off[d + 1]; k++) {
		cand_pair *p = &c->cp[c->by_b[k]];
		const uint64_t *set = c->kept[p->a];
		size_t n = c->kept_n[p->a];
		if (p->a >= first) {
			/* in this batch, before d: items are in document order */
			size_t lo = 0, hi = i;
			while (hi - lo > 1) {
				size_t mid = lo + (hi - lo) / 2;
				if (b->it[mid].idx <= p->a)
					lo = mid;
				else
					hi = mid;
			}
			const sim_item *ia = &b->it[lo];
			if (ia->idx != p->a ||
			    !atomic_load_explicit(&ia->done, memory_order_acquire)) {
				left = true;
				continue;
			}
			set = ia->set;
			n = cap32(ia->nset);
		}
		cand_fill(p, n, cap32(it->nset), shg_table_count(tab, set, n));
		c->verified[c->by_b[k]] = 1;
	}
	return left;
}

static void work_item(void *ud, size_t i, unsigned worker)
{
	work_arg *w = ud;
	sim_ctx *c = w->c;
	sim_item *it = &w->b->it[i];
	if (c->pass == 2 && it->skip)
		return;
	if (c->pass == 3) {
		shg_doc(it->doc.text, it->doc.nbytes, &c->so, &c->bufs[worker]);
		shg_buf *b3 = &c->bufs[worker];
		b3->n = shg_sort_unique(b3->v, b3->n);
		XGROW(it->set, it->set_cap, b3->n + 1);
		memcpy(it->set, b3->v, b3->n * sizeof *b3->v);
		it->nset = b3->n;
		return;
	}
	if (it->doc.title_later) /* left by the reader (crp_titles_later) to the workers */
		it->doc.title = crp_make_title(it->doc.text, it->doc.nbytes);
	shg_buf *buf = &c->bufs[worker];
	/* the words' places for doc_words (32-bit spans: none for a text of 4 GiB) */
	bool words = c->pass == 1 && c->o->doc_words &&
		     (!c->o->doc_words_max || it->idx < c->o->doc_words_max);
	bool spans = words && it->doc.nbytes <= UINT32_MAX;
	(spans ? shg_doc_spans : shg_doc)(it->doc.text, it->doc.nbytes, &c->so, buf);
	it->nwords = cap32(buf->nwords);
	it->nbad = cap32(buf->nbad);
	/* Exact sets are needed in pass 2 and while all-pairs is possible; otherwise only the
	 * distinct count is, and sorting would cost more than tokenising (profiled). */
	if (c->pass == 2) {
		/* the signature for the pairs' estimates (pass 1 kept only the band keys) */
		mh_sketch(buf->v, buf->n, c->o->nperm, c->o->seed,
			  c->sigs + (size_t)c->sig_row[it->idx] * c->o->nperm);
		/* Verification needs |A ∩ B| only: a table of this document's shingles, into
		 * which its earlier partners' lists are probed (commit2), costs less than
		 * sorting both sides and merging them. */
		XGROW(it->set, it->set_cap, buf->n + 1);
		shg_table *t = &c->vtab[worker];
		unsigned slots = buf->n <= SIM_DISTINCT_BIG ? SIM_VERIFY_SLOTS : 2;
		it->nset = shg_table_build(t, &c->vtab_cap[worker], slots, buf->v, buf->n, it->set);
		if (verify_early(c, w->b, i, t)) {
			/* pairs left for commit2: the table goes with the document */
			size_t ns = ((size_t)1 << t->bits) + 1;
			XGROW(it->tab.slot, it->tab_cap, ns);
			memcpy(it->tab.slot, t->slot, ns * sizeof *t->slot);
			it->tab.bits = t->bits;
			it->tab.zero = t->zero;
		}
		atomic_store_explicit(&it->done, true, memory_order_release);
		return;
	}
	bool need_set = c->keep_sets;
	uint64_t **tmp = &c->stmp[worker];
	size_t *tmp_cap = &c->stmp_cap[worker];
	size_t ns = 0;
	if (need_set) {
		buf->n = shg_sort_unique(buf->v, buf->n);
		it->nshingles = cap32(buf->n);
		if (c->pass == 1)
			ns = sample_keys(buf->v, buf->n, tmp, tmp_cap);
	} else {
		/* pass 1 only: one hash-set pass gives the count and the sample */
		it->nshingles = cap32(distinct_and_sample(buf->v, buf->n, &c->scratch[worker],
							  &c->scratch_cap[worker], tmp, tmp_cap,
							  &ns));
	}
	if (c->pass == 1) {
		if (words)
			it->user = c->o->doc_words(c->o->ud, it->idx, &it->doc,
						   spans ? buf->words : NULL, spans ? buf->spans : NULL,
						   spans ? buf->nwords : 0, worker);
		else if (c->o->doc_work)
			it->user = c->o->doc_work(c->o->ud, it->idx, &it->doc, worker);
		uint32_t *sig = it->idx < c->sig_rows ? w->b->sigs + i * c->o->nperm
						       : c->sig_tmp[worker];
		mh_sketch(buf->v, buf->n, c->o->nperm, c->o->seed, sig);
		it->empty = mh_is_empty(sig, c->o->nperm);
		lsh_band_keys(&c->res->plan, sig, w->b->keys + i * c->res->plan.bands);
		/* Left unsorted: cand_containment sorts every key once and drops repeats (an
		 * unsorted set repeats values; 32-bit truncation can merge two keys). */
		XGROW(it->sample, it->sample_cap, ns + 1);
		for (size_t k = 0; k < ns; k++)
			it->sample[k] = (uint32_t)(*tmp)[k];
		it->nsample = ns;
		if (!c->keep_sets)
			return;
	}
	XGROW(it->set, it->set_cap, buf->n + 1);
	memcpy(it->set, buf->v, buf->n * sizeof *buf->v);
	it->nset = buf->n;
}

/* ---- pass 1 commit ---- */

static uint64_t id_hash(const char *id) { return hash_bytes(id, strlen(id), 0x1d); }

static void idtab_grow(sim_ctx *c)
{
	size_t ncap = c->idtab_cap ? c->idtab_cap * 2 : 1024;
	uint64_t *t = xcalloc(ncap, sizeof *t);
	for (size_t i = 0; i < c->idtab_cap; i++) {
		if (!c->idtab[i])
			continue;
		/* the stored hash places it: no id is read again */
		size_t h = (size_t)(c->idtab[i] >> 32) & (ncap - 1);
		while (t[h])
			h = (h + 1) & (ncap - 1);
		t[h] = c->idtab[i];
	}
	free(c->idtab);
	c->idtab = t;
	c->idtab_cap = ncap;
}

static long idtab_insert(sim_ctx *c, uint32_t idx);

static bool id_retired(const sim_ctx *c, const char *id)
{
	for (size_t i = 0; i < c->nretired; i++)
		if (strcmp(c->retired[i], id) == 0)
			return true;
	return false;
}

static long idtab_insert_cb(void *ud, uint32_t idx)
{
	return idtab_insert(ud, idx);
}

/* Rename document idx to its folder-qualified id (the fewest folders that make it unique)
 * and insert it. it (may be NULL) shares the id string. @return as idtab_insert. */
static long qualify_id(sim_ctx *c, uint32_t idx, sim_item *it)
{
	sim_doc *sd = &c->res->docs[idx];
	long prev = sim_qualify_id(sd, idx, idtab_insert_cb, c);
	if (it)
		it->doc.id = sd->id;
	return prev;
}

/* Insert document idx's id. @return index of an earlier document with the same id, or -1.
 * On the committing thread for every document: a probe reads the table only (the earlier
 * documents' ids were two cache misses each, at 1M documents 2.4% of a one-thread run). */
static long idtab_insert(sim_ctx *c, uint32_t idx)
{
	if ((c->res->ndocs + 1) * 2 > c->idtab_cap)
		idtab_grow(c);
	const char *id = c->res->docs[idx].id;
	uint64_t hh = (uint64_t)(uint32_t)id_hash(id) << 32;
	size_t h = (size_t)(hh >> 32) & (c->idtab_cap - 1);
	while (c->idtab[h]) {
		uint32_t j = (uint32_t)c->idtab[h] - 1;
		if ((c->idtab[h] >> 32 << 32) == hh && strcmp(c->res->docs[j].id, id) == 0)
			return (long)j;
		h = (h + 1) & (c->idtab_cap - 1);
	}
	c->idtab[h] = hh | (idx + 1);
	return -1;
}

static void drop_sets(sim_ctx *c)
{
	free(c->set_v);
	free(c->set_off);
	c->set_v = c->set_off = NULL;
	c->set_v_cap = c->set_off_cap = 0;
	c->keep_sets = false;
}

/* Append a batch's sets to the all-pairs CSR (pass 1 while keep_sets, pass 3). */
static void append_sets(sim_ctx *c, const sim_item *it, size_t d)
{
	XGROW(c->set_off, c->set_off_cap, d + 2);
	if (d == 0)
		c->set_off[0] = 0;
	uint64_t o = c->set_off[d];
	XGROW(c->set_v, c->set_v_cap, o + it->nset + 1);
	memcpy(c->set_v + o, it->set, it->nset * sizeof *c->set_v);
	c->set_off[d + 1] = o + it->nset;
}

/* After commit1 moved a document's strings into its sim_doc: the document no longer owns
 * them (crp_doc_recycle would free them). */
static void disown_strings(crp_doc *d)
{
	d->id = d->path = d->title = d->source = d->meta_json = NULL;
}

static int commit1(sim_ctx *c, sim_batch *b)
{
	sim_result *res = c->res;
	for (size_t i = 0; i < b->n; i++) {
		sim_item *it = &b->it[i];
		size_t d = res->ndocs;
		XGROW(res->docs, c->docs_cap, d + 1);
		sim_doc *sd = &res->docs[d];
		/* The strings move from the reader's document to the result (no copy). */
		*sd = (sim_doc){
			.id = it->doc.id ? it->doc.id : xstrdup(""), .path = it->doc.path,
			.title = it->doc.title, .source = it->doc.source,
			.meta_json = it->doc.meta_json, .line = it->doc.line,
			.nbytes = it->doc.nbytes, .nwords = it->nwords,
			.nshingles = it->nshingles, .nbad = it->nbad,
		};
		long prev = -1;
		if (sd->line == 0 && id_retired(c, sd->id))
			prev = qualify_id(c, (uint32_t)d, it);
		else
			prev = idtab_insert(c, (uint32_t)d);
		/* Two whole files of one name in different folders (story.txt of each outlet):
		 * both, and every later file of that name, are named by their folders,
		 * "outlet_a/story", with as many trailing folders as it takes to be unique. JSONL
		 * ids are the user's: a repeat is an error. */
		if (prev >= 0 && sd->line == 0 && res->docs[prev].line == 0 &&
		    strcmp(sd->path, res->docs[prev].path) != 0) {
			XGROW(c->retired, c->retired_cap, c->nretired + 1);
			c->retired[c->nretired++] = xstrdup(sd->id);
			/* the earlier document's old slot stays, harmless: lookups compare ids */
			qualify_id(c, (uint32_t)prev, NULL);
			prev = qualify_id(c, (uint32_t)d, it);
		}
		res->ndocs++;
		if (prev >= 0) {
			disown_strings(&it->doc);
			const sim_doc *p = &res->docs[prev];
			char *here = place(sd->path, sd->line), *there = place(p->path, p->line);
			err_set(c->e, OVL_EINPUT, here, "duplicate id '%s' (also in %s)", sd->id,
				there);
			free(here);
			free(there);
			return OVL_EINPUT;
		}
		XGROW(c->empty, c->empty_cap, d + 1);
		c->empty[d] = it->empty;
		XGROW(c->sample_off, c->sample_off_cap, d + 2);
		uint64_t so = c->sample_off[d];
		XBIG_GROW(c->samples, c->samples_cap, so + it->nsample + 1);
		memcpy(c->samples + so, it->sample, it->nsample * sizeof *c->samples);
		c->sample_off[d + 1] = so + it->nsample;
		if (c->keep_sets && res->ndocs > c->o->all_pairs_max)
			drop_sets(c);
		if (c->keep_sets)
			append_sets(c, it, d);
		if (c->o->on_doc)
			c->o->on_doc(c->o->ud, (uint32_t)d, &it->doc, sd);
		if (c->o->on_doc_work) {
			c->o->on_doc_work(c->o->ud, (uint32_t)d, it->user);
			it->user = NULL;
		}
		disown_strings(&it->doc);
	}
	batch_release(b);
	c->bytes_read += b->nbytes;
	if (c->o->progress)
		c->o->progress(c->o->ud, "sketch", c->bytes_read, 0);
	return 0;
}

/* ---- pass 2 and 3 commits ---- */

static int check_same(sim_ctx *c, const sim_item *it)
{
	const sim_doc *sd = &c->res->docs[it->idx];
	if (strcmp(sd->id, it->doc.id ? it->doc.id : "") != 0)
		return err_set(c->e, OVL_EINPUT, it->doc.path,
			       "input changed between passes (expected id '%s')", sd->id);
	return 0;
}

static int commit3(sim_ctx *c, sim_batch *b)
{
	for (size_t i = 0; i < b->n; i++) {
		TRY(check_same(c, &b->it[i]));
		append_sets(c, &b->it[i], b->it[i].idx);
	}
	batch_release(b);
	return 0;
}

typedef struct verify_arg {
	sim_ctx *c;
	sim_batch *b;
} verify_arg;

static void verify_item(void *ud, size_t i, unsigned worker)
{
	(void)worker;
	verify_arg *v = ud;
	sim_ctx *c = v->c;
	const sim_item *it = &v->b->it[i];
	uint32_t d = it->idx;
	if (it->skip)
		return;
	for (uint64_t k = c->by_b_off[d]; k < c->by_b_off[d + 1]; k++) {
		if (c->verified[c->by_b[k]])
			continue;
		cand_pair *p = &c->cp[c->by_b[k]];
		/* a < d: a's list is kept, d's table is this batch's */
		size_t inter = shg_table_count(&it->tab, c->kept[p->a], c->kept_n[p->a]);
		cand_fill(p, c->kept_n[p->a], c->kept_n[d], inter);
	}
}

static int commit2(sim_ctx *c, sim_batch *b)
{
	for (size_t i = 0; i < b->n; i++) {
		sim_item *it = &b->it[i];
		TRY(check_same(c, it));
		if (it->skip)
			continue;
		/* the set moves to the document (the item grows a new one next time) */
		c->kept_n[it->idx] = cap32(it->nset);
		c->kept[it->idx] = it->set;
		it->set = NULL;
		it->set_cap = 0;
	}
	verify_arg va = { c, b };
	pool_for(b->n, c->threads, verify_item, &va);
	for (size_t i = 0; i < b->n; i++) {
		uint32_t d = b->it[i].idx;
		for (uint64_t k = c->free_off[d]; k < c->free_off[d + 1]; k++) {
			free(c->kept[c->free_at[k]]);
			c->kept[c->free_at[k]] = NULL;
		}
		if (!b->it[i].skip)
			c->verified_docs++;
		/* a table kept for commit2 is not kept longer (512 of them were 10 MB at 200k
		 * documents on 2 threads) */
		free(b->it[i].tab.slot);
		b->it[i].tab.slot = NULL;
		b->it[i].tab_cap = 0;
	}
	batch_release(b);
	if (c->o->progress)
		c->o->progress(c->o->ud, "verify", c->verified_docs, c->need_docs);
	return 0;
}

/* ---- the driver ---- */

/* Prepare the pass-specific parts of a freshly read batch (main thread). */
static int batch_prepare(sim_ctx *c, sim_batch *b)
{
	if (c->pass == 1) {
		/* Workers write signatures in place: the rows of this batch's documents. No other
		 * batch is being computed now, so growing (moving) the array is safe. */
		size_t first = b->n ? b->it[0].idx : 0;
		size_t rows = first + b->n < c->sig_rows ? first + b->n : c->sig_rows;
		b->sigs = NULL;
		if (first < rows) {
			XBIG_GROW(c->sigs, c->sigs_cap, (rows + 1) * c->o->nperm);
			b->sigs = c->sigs + first * c->o->nperm;
		}
		XBIG_GROW(c->keys, c->keys_cap, (first + b->n + 1) * c->res->plan.bands);
		b->keys = c->keys + first * c->res->plan.bands;
		return 0;
	}
	for (size_t i = 0; i < b->n; i++) {
		uint32_t d = b->it[i].idx;
		if (d >= c->res->ndocs)
			return err_set(c->e, OVL_EINPUT, b->it[i].doc.path,
				       "input changed between passes (more documents)");
		b->it[i].skip = c->pass == 2 && !c->need[d];
		atomic_store_explicit(&b->it[i].done, false, memory_order_relaxed);
	}
	return 0;
}

static int run_pass(sim_ctx *c)
{
	sim_batch bat[2];
	memset(bat, 0, sizeof bat);
	work_arg wa[2] = { { c, &bat[0] }, { c, &bat[1] } };
	int cur = 0, rc = 0;
	uint32_t next_idx = 0;
	pool_job *job = NULL; /* computing bat[cur] */
	/* Pass 1 on several threads: the workers start on the next batch before this thread
	 * commits the current one, so the commit (ids, samples, the caller's on_doc) does not
	 * leave them idle. Only when workers read nothing that commit1 writes: without the
	 * all-pairs sets (keep_sets may change in commit1), and signatures are grown only while
	 * no batch is being computed (batch_prepare). */
	bool overlap = c->pass == 1 && c->threads > 1 && !c->keep_sets;
	rc = batch_read(c, &bat[cur], next_idx);
	if (rc == 0)
		rc = batch_prepare(c, &bat[cur]);
	while (rc == 0 && bat[cur].n > 0) {
		sim_batch *b = &bat[cur], *nb = &bat[cur ^ 1];
		next_idx += (uint32_t)b->n;
		/* threads - 1 workers start on b while this thread reads the next batch, then
		 * takes b's remaining documents in pool_wait: `threads` busy threads, never more
		 * (a reader thread beside `threads` workers oversubscribed the cores). */
		if (!job) {
			job = pool_start(b->n, c->threads - 1, work_item, &wa[cur]);
			if (c->threads == 1)
				pool_help(job); /* alone: compute b while its texts are still in cache */
		}
		int rrc = batch_read(c, nb, next_idx);
		pool_wait(job);
		job = NULL;
		bool early = overlap && rrc == 0 && nb->n > 0;
		if (early) {
			rrc = batch_prepare(c, nb);
			if (rrc == 0)
				job = pool_start(nb->n, c->threads - 1, work_item, &wa[cur ^ 1]);
		}
		rc = c->pass == 1 ? commit1(c, b) : c->pass == 2 ? commit2(c, b) : commit3(c, b);
		if (rc == 0)
			rc = rrc;
		if (rc == 0 && !early)
			rc = batch_prepare(c, nb);
		cur ^= 1;
	}
	if (job)
		pool_wait(job); /* stopped by an error: let the workers finish before freeing */
	size_t expect = c->pass == 2 ? c->need_docs : c->res->ndocs;
	if (rc == 0 && c->pass >= 2 && next_idx != expect)
		rc = err_set(c->e, OVL_EINPUT, "", "input changed between passes (%u of %zu documents)",
			     next_idx, expect);
	batch_free(&bat[0], c->o);
	batch_free(&bat[1], c->o);
	return rc;
}

/* Document d's signature: any in all-pairs mode, one with a candidate after pass 2 in LSH
 * mode. */
static const uint32_t *sig_of(const sim_ctx *c, uint32_t d)
{
	size_t row = c->sig_row ? c->sig_row[d] : d;
	return c->sigs + row * c->o->nperm;
}

/* Turn verified candidate pairs into reported pairs. */
static void report_pairs(sim_ctx *c, const cand_pair *cp, size_t n)
{
	const sim_opts *o = c->o;
	cand_filter f = { o->threshold, o->containment, c->res->all_pairs && o->keep_all_overlapping };
	sim_result *res = c->res;
	res->pairs = xmalloc((n ? n : 1) * sizeof *res->pairs);
	res->npairs = 0;
	for (size_t i = 0; i < n; i++) {
		if (!cand_keep(&cp[i], &f))
			continue;
		res->pairs[res->npairs++] = (sim_pair){
			.a = cp[i].a, .b = cp[i].b, .jaccard = cp[i].jaccard,
			.jaccard_est = mh_jaccard(sig_of(c, cp[i].a), sig_of(c, cp[i].b), o->nperm),
			.cont_ab = cp[i].cont_ab, .cont_ba = cp[i].cont_ba,
		};
	}
}

static int lsh_mode(sim_ctx *c)
{
	sim_result *res = c->res;
	size_t nd = res->ndocs;
	unsigned nperm = c->o->nperm;
	double t0 = now_s();
	if (c->o->progress)
		c->o->progress(c->o->ud, "candidates", 0, nd);
	/* the band keys of documents with shingles, moved down over the others' */
	unsigned nb = res->plan.bands;
	uint32_t *docs = xmalloc((nd ? nd : 1) * sizeof *docs);
	size_t nidx = 0;
	for (size_t d = 0; d < nd; d++) {
		if (c->empty[d])
			continue;
		if (nidx != d)
			memmove(c->keys + nidx * nb, c->keys + d * nb, nb * sizeof *c->keys);
		docs[nidx++] = (uint32_t)d;
	}
	lsh_index *ix = lsh_new_keys(&res->plan, docs, c->keys, nidx);
	uint64_t *p1 = NULL, *p2 = NULL, *all = NULL;
	size_t n1 = lsh_pairs_mt(ix, c->threads, &p1, NULL);
	lsh_free(ix);
	free(docs);
	XBIG_FREE(c->keys, c->keys_cap);
	c->keys = NULL;
	c->keys_cap = 0;
	size_t n2 = cand_containment_mt(c->samples, c->sample_off, nd, c->o->containment,
					c->threads, &p2, NULL);
	XBIG_FREE(c->samples, c->samples_cap);
	c->samples = NULL;
	c->samples_cap = 0;
	size_t n = cand_merge(p1, n1, p2, n2, &all);
	free(p1);
	free(p2);
	res->ncandidates = n;
	if (c->o->progress)
		c->o->progress(c->o->ud, "candidates", nd, nd);
	res->seconds_candidates = now_s() - t0;

	/* verification plan */
	t0 = now_s();
	c->cp = xmalloc((n ? n : 1) * sizeof *c->cp);
	c->ncp = n;
	c->by_b_off = xcalloc(nd + 1, sizeof *c->by_b_off);
	c->by_b = xmalloc((n ? n : 1) * sizeof *c->by_b);
	c->last = xmalloc(nd * sizeof *c->last);
	c->need = xcalloc(nd, 1);
	c->verified = xcalloc(n ? n : 1, 1);
	for (size_t d = 0; d < nd; d++)
		c->last[d] = (uint32_t)d;
	for (size_t i = 0; i < n; i++) {
		uint32_t a = (uint32_t)(all[i] >> 32), b = (uint32_t)all[i];
		c->cp[i] = (cand_pair){ .a = a, .b = b };
		c->by_b_off[b + 1]++;
		c->need[a] = c->need[b] = 1;
		if (c->last[a] < b)
			c->last[a] = b;
	}
	free(all);
	for (size_t d = 0; d < nd; d++)
		c->by_b_off[d + 1] += c->by_b_off[d];
	uint64_t *fillp = xmalloc((nd + 1) * sizeof *fillp);
	memcpy(fillp, c->by_b_off, (nd + 1) * sizeof *fillp);
	for (size_t i = 0; i < n; i++)
		c->by_b[fillp[c->cp[i].b]++] = (uint32_t)i;
	/* free lists: document d's set goes after document last[d] */
	c->free_off = xcalloc(nd + 1, sizeof *c->free_off);
	size_t nneed = 0;
	for (size_t d = 0; d < nd; d++)
		if (c->need[d]) {
			c->free_off[c->last[d] + 1]++;
			nneed++;
		}
	c->need_docs = nneed;
	for (size_t d = 0; d < nd; d++)
		c->free_off[d + 1] += c->free_off[d];
	c->free_at = xmalloc((nneed ? nneed : 1) * sizeof *c->free_at);
	memcpy(fillp, c->free_off, (nd + 1) * sizeof *fillp);
	for (size_t d = 0; d < nd; d++)
		if (c->need[d])
			c->free_at[fillp[c->last[d]]++] = (uint32_t)d;
	free(fillp);
	c->kept = xcalloc(nd, sizeof *c->kept);
	c->kept_n = xcalloc(nd, sizeof *c->kept_n);
	/* pass 2 makes the signatures of the documents it reads, row = rank among them */
	XBIG_FREE(c->sigs, c->sigs_cap);
	c->sigs = NULL;
	c->sigs_cap = 0;
	c->sig_row = xmalloc((nd ? nd : 1) * sizeof *c->sig_row);
	size_t rank = 0;
	for (size_t d = 0; d < nd; d++)
		c->sig_row[d] = c->need[d] ? (uint32_t)rank++ : 0;
	XBIG_GROW(c->sigs, c->sigs_cap, (nneed + 1) * nperm);

	int rc = 0;
	if (nneed > 0) {
		crp_rewind(c->r);
		/* only documents with a candidate are read again (7,311 of 20,236 on the shared
		 * corpus): the others are not even opened */
		crp_select(c->r, c->need, nd);
		c->pass = 2;
		rc = run_pass(c);
	}
	if (rc == 0)
		report_pairs(c, c->cp, c->ncp);
	res->seconds_verify = now_s() - t0;
	return rc;
}

static void ctx_free(sim_ctx *c)
{
	if (c->bufs)
		for (unsigned t = 0; t < c->threads; t++) {
			shg_buf_free(&c->bufs[t]);
			free(c->scratch[t]);
			free(c->stmp[t]);
			free(c->vtab[t].slot);
		}
	free(c->bufs);
	free(c->scratch);
	free(c->scratch_cap);
	free(c->stmp);
	free(c->stmp_cap);
	free(c->vtab);
	free(c->vtab_cap);
	XBIG_FREE(c->sigs, c->sigs_cap);
	XBIG_FREE(c->samples, c->samples_cap);
	XBIG_FREE(c->keys, c->keys_cap);
	free(c->empty);
	free(c->sig_row);
	if (c->sig_tmp)
		for (unsigned t = 0; t < c->threads; t++)
			free(c->sig_tmp[t]);
	free(c->sig_tmp);
	free(c->sample_off);
	free(c->set_v);
	free(c->set_off);
	free(c->idtab);
	for (size_t i = 0; i < c->nretired; i++)
		free(c->retired[i]);
	free(c->retired);
	free(c->cp);
	free(c->by_b_off);
	free(c->by_b);
	free(c->last);
	free(c->need);
	free(c->verified);
	if (c->kept)
		for (size_t d = 0; d < c->res->ndocs; d++)
			free(c->kept[d]);
	free(c->kept);
	free(c->kept_n);
	free(c->free_off);
	free(c->free_at);
}

int sim_check_opts(const sim_opts *o, err_ctx *e)
{
	if (o->shingle_k < 1 || o->shingle_k > SHG_MAX_K)
		return err_set(e, OVL_EUSAGE, NULL, "shingle size must be 1..%u", SHG_MAX_K);
	if (o->char_ngrams > SHG_MAX_NGRAM)
		return err_set(e, OVL_EUSAGE, NULL, "character n-gram size must be 0..%u",
			       SHG_MAX_NGRAM);
	if (o->nperm < 1 || o->nperm > MH_MAX_NPERM)
		return err_set(e, OVL_EUSAGE, NULL, "permutations must be 1..%u", MH_MAX_NPERM);
	if (!(o->threshold > 0.0 && o->threshold <= 1.0))
		return err_set(e, OVL_EUSAGE, NULL, "threshold must be in (0, 1]");
	if (!(o->containment > 0.0))
		return err_set(e, OVL_EUSAGE, NULL, "containment must be > 0 (> 1 disables it)");
	return 0;
}

int sim_run(crp_reader *r, const sim_opts *o, sim_result **out, err_ctx *e)
{
	*out = NULL;
	if (!r || !o)
		return err_set(e, OVL_EUSAGE, NULL, "missing reader or options");
	TRY(sim_check_opts(o, e));

	sim_ctx c = { 0 };
	c.o = o;
	c.so = (shg_opts){ o->shingle_k, o->char_ngrams, o->seed };
	c.threads = o->threads ? o->threads : pool_ncpu();
	c.r = r;
	c.e = e;
	c.pass = 1;
	crp_titles_later(r); /* titles are made on the workers (work_item) */
	c.bufs = xcalloc(c.threads, sizeof *c.bufs);
	c.scratch = xcalloc(c.threads, sizeof *c.scratch);
	c.scratch_cap = xcalloc(c.threads, sizeof *c.scratch_cap);
	c.stmp = xcalloc(c.threads, sizeof *c.stmp);
	c.stmp_cap = xcalloc(c.threads, sizeof *c.stmp_cap);
	c.vtab = xcalloc(c.threads, sizeof *c.vtab);
	c.vtab_cap = xcalloc(c.threads, sizeof *c.vtab_cap);
	c.sig_tmp = xcalloc(c.threads, sizeof *c.sig_tmp);
	for (unsigned t = 0; t < c.threads; t++)
		c.sig_tmp[t] = xmalloc(o->nperm * sizeof **c.sig_tmp);
	/* whole signatures are kept for the documents all-pairs may compare */
	c.sig_rows = o->all_pairs_max;
	/* Keep exact sets while all-pairs is possible. With more files than all_pairs_max it
	 * almost surely is not (each file gives >= 1 document unless skipped): sorting the
	 * first all_pairs_max sets only to drop them cost 10% of a run just above the limit.
	 * If skipped files bring the count back under the limit, pass 3 collects the sets. */
	c.keep_sets = o->all_pairs_max > 0 && crp_nfiles(r) <= o->all_pairs_max;
	c.res = xcalloc(1, sizeof *c.res);
	sim_result *res = c.res;
	lsh_plan_choose(o->threshold, o->nperm, &res->plan);
	XGROW(c.sample_off, c.sample_off_cap, 1);
	c.sample_off[0] = 0;

	double t0 = now_s();
	int rc = run_pass(&c);
	res->seconds_sketch = now_s() - t0;
	if (rc == 0 && res->ndocs == 0)
		rc = err_set(e, OVL_EEMPTY, NULL, "no documents");
	if (rc == 0 && !c.keep_sets && res->ndocs <= o->all_pairs_max) {
		crp_rewind(r);
		c.pass = 3;
		c.keep_sets = true;
		t0 = now_s();
		rc = run_pass(&c);
		res->seconds_sketch += now_s() - t0;
	}
	if (rc == 0 && c.keep_sets) {
		res->all_pairs = true;
		t0 = now_s();
		if (o->progress)
			o->progress(o->ud, "candidates", 0, res->ndocs);
		cand_filter f = { o->threshold, o->containment, o->keep_all_overlapping };
		cand_pair *cp = NULL;
		size_t n = cand_all_pairs(c.set_v, c.set_off, res->ndocs, &f, &cp, &res->ncandidates);
		res->seconds_candidates = now_s() - t0;
		t0 = now_s();
		report_pairs(&c, cp, n);
		free(cp);
		res->seconds_verify = now_s() - t0;
	} else if (rc == 0) {
		rc = lsh_mode(&c);
	}
	ctx_free(&c);
	if (rc < 0) {
		sim_result_free(res);
		return rc;
	}
	*out = res;
	return 0;
}

void sim_result_free(sim_result *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->ndocs; i++) {
		free(r->docs[i].id);
		free(r->docs[i].path);
		free(r->docs[i].title);
		free(r->docs[i].source);
		free(r->docs[i].meta_json);
	}
	free(r->docs);
	free(r->pairs);
	free(r);
}
