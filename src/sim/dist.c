/* dist.c - the similarity stage over the processes of an MPI job (see dist.h).
 *
 * Workload: pass 1 (read, tokenise, shingle, MinHash) is ~90% of a similarity-only run and
 * splits cleanly by document; candidates and verification are the rest. So each process
 * reads and sketches its own part, and only keys cross the network: per document its LSH
 * band keys (16 bytes a band) and its distinct containment-sample keys (16 bytes each), then
 * a shingle set for each (document, verifying process) of a candidate pair. The result must
 * be sim_run's to the byte: documents get their index in input order (per-file counts, a
 * sum and a prefix sum over processes), ids and duplicates are settled on process 0 in that
 * order, LSH buckets and containment postings are the same sets of documents whichever
 * process holds them, and pairs are sorted by (a, b) on process 0.
 * It does not print; every collective step ends with an agreement on errors so that one
 * process's failure is every process's error and none waits forever.
 */
#include "overlap/dist.h"

#include <limits.h>
#include <mpi.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "hash.h"
#include "overlap/candidates.h"
#include "overlap/lsh.h"
#include "overlap/mem.h"
#include "overlap/minhash.h"
#include "overlap/shingle.h"

/* ---- tuning ---- */

/* A JSON Lines file is cut into one byte range a process from this size on; below, it is
 * one process's whole file like any other (cutting a few lines saves nothing and costs
 * each process an open and a scan). Small enough that the tests' files are cut. */
#define DIST_SPLIT_MIN ((uint64_t)4096)
/* MPI counts are ints: one exchange between two processes stays under this. */
#define DIST_MAX_MSG ((uint64_t)INT_MAX)

/* ---- types ---- */

struct dist_ctx {
	MPI_Comm comm;
	int rank, size;
	ovl_warn_fn warn;
	void *warn_ud;
	sbuf warnings;           /* processes > 0: "path\0msg\0" until gathered */
	bool collect;            /* keep warnings (from the first pass on: the inputs' walk is
				  * the same on every process, and process 0 says its problems) */
	bool entered;            /* process 0 reached dist_sim_run */
	dist_stats st;
};

/* One process's documents of pass 1, in input order. */
typedef struct local_docs {
	size_t n, cap;
	uint32_t *gidx;          /* index in the whole input (after ordering) */
	uint32_t *sigs;          /* n * nperm */
	size_t sigs_cap;
	uint32_t *skeys;         /* distinct containment-sample keys, sorted, CSR */
	uint64_t *soff;
	size_t skeys_cap, soff_cap;
	sbuf meta;               /* packed metadata records */
	uint64_t *moff;          /* record i is meta[moff[i] .. moff[i+1]) */
	size_t moff_cap;
	uint64_t *sets;          /* exact sets while all-pairs is possible, CSR */
	uint64_t *set_off;
	size_t sets_cap, set_off_cap;
	bool keep_sets;
} local_docs;

/* A band key (band << 32 | key) or a sample key of one document, and who holds it. */
typedef struct bent {
	uint64_t bk;
	uint32_t doc, owner;
	uint32_t dsize;          /* containment: the document's distinct sample keys */
	uint32_t pad;            /* 0: the record is sent as bytes */
} bent;

/* A candidate pair with the processes holding each side. */
typedef struct cand4 {
	uint32_t a, b, oa, ob;
} cand4;

/* ---- helpers ---- */

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void pk_u32(sbuf *b, uint32_t v) { sb_add(b, (const char *)&v, sizeof v); }
static void pk_u64(sbuf *b, uint64_t v) { sb_add(b, (const char *)&v, sizeof v); }
static void pk_str(sbuf *b, const char *s)
{
	if (!s) {
		pk_u32(b, UINT32_MAX);
		return;
	}
	size_t n = strlen(s);
	pk_u32(b, (uint32_t)n);
	sb_add(b, s, n);
}

typedef struct upk {
	const uint8_t *p, *end;
	bool bad;
} upk;

static bool up_take(upk *u, void *dst, size_t n)
{
	if (u->bad || (size_t)(u->end - u->p) < n) {
		u->bad = true;
		if (dst)
			memset(dst, 0, n);
		return false;
	}
	if (dst)
		memcpy(dst, u->p, n);
	u->p += n;
	return true;
}
static uint32_t up_u32(upk *u) { uint32_t v = 0; up_take(u, &v, sizeof v); return v; }
static uint64_t up_u64(upk *u) { uint64_t v = 0; up_take(u, &v, sizeof v); return v; }
static char *up_str(upk *u)
{
	uint32_t n = up_u32(u);
	if (n == UINT32_MAX || u->bad)
		return NULL;
	if ((size_t)(u->end - u->p) < n) {
		u->bad = true;
		return NULL;
	}
	char *s = xstrndup((const char *)u->p, n);
	u->p += n;
	return s;
}

static int cmp_bent(const void *x, const void *y)
{
	const bent *p = x, *q = y;
	if (p->bk != q->bk)
		return p->bk < q->bk ? -1 : 1;
	return p->doc < q->doc ? -1 : p->doc > q->doc;
}

static int cmp_cand4(const void *x, const void *y)
{
	const cand4 *p = x, *q = y;
	if (p->a != q->a)
		return p->a < q->a ? -1 : 1;
	return p->b < q->b ? -1 : p->b > q->b;
}

static int cmp_sim_pair(const void *x, const void *y)
{
	const sim_pair *p = x, *q = y;
	if (p->a != q->a)
		return p->a < q->a ? -1 : 1;
	return p->b < q->b ? -1 : p->b > q->b;
}

/* ---- context ---- */

dist_ctx *dist_new(void)
{
	dist_ctx *dc = xcalloc(1, sizeof *dc);
	MPI_Comm_dup(MPI_COMM_WORLD, &dc->comm);
	MPI_Comm_rank(dc->comm, &dc->rank);
	MPI_Comm_size(dc->comm, &dc->size);
	return dc;
}

void dist_free(dist_ctx *dc)
{
	if (!dc)
		return;
	MPI_Comm_free(&dc->comm);
	sb_free(&dc->warnings);
	free(dc);
}

int dist_rank(const dist_ctx *dc) { return dc->rank; }
int dist_size(const dist_ctx *dc) { return dc->size; }

void dist_set_warn(dist_ctx *dc, ovl_warn_fn warn, void *ud)
{
	dc->warn = warn;
	dc->warn_ud = ud;
}

void dist_warn(void *ud, const char *path, const char *msg)
{
	dist_ctx *dc = ud;
	if (dc->rank == 0) {
		if (dc->warn)
			dc->warn(dc->warn_ud, path, msg);
		return;
	}
	if (!dc->collect)
		return;
	sb_add(&dc->warnings, path ? path : "", strlen(path ? path : "") + 1);
	sb_add(&dc->warnings, msg, strlen(msg) + 1);
}

void dist_stats_get(const dist_ctx *dc, dist_stats *out) { *out = dc->st; }

void dist_cancel(dist_ctx *dc)
{
	if (dc->entered)
		return;
	int go = 0;
	dc->entered = true;
	MPI_Bcast(&go, 1, MPI_INT, 0, dc->comm);
}

/* ---- collective steps ---- */

/* Every process learns whether any failed: the lowest failing rank's code and message
 * reach all (e filled). @return that code, or 0. */
static int agree(dist_ctx *dc, int rc, err_ctx *e)
{
	int mine = rc < 0 ? dc->rank : dc->size, first = dc->size;
	MPI_Allreduce(&mine, &first, 1, MPI_INT, MPI_MIN, dc->comm);
	if (first == dc->size)
		return 0;
	err_ctx m = { 0 };
	if (dc->rank == first)
		m = *e;
	m.code = rc;
	MPI_Bcast(&m, (int)sizeof m, MPI_BYTE, first, dc->comm);
	*e = m;
	e->path[sizeof e->path - 1] = e->msg[sizeof e->msg - 1] = '\0';
	return m.code < 0 ? m.code : OVL_EIO;
}

/* Send out[k] (n[k] bytes at out + off[k]) to process k and receive what each sends here:
 * *in (owned) with in_off[0..size] (owned). @return 0 or OVL_ETOOBIG (agreed). */
static int exchange(dist_ctx *dc, const sbuf *out, const uint64_t *off, uint8_t **in,
		    uint64_t **in_off, err_ctx *e)
{
	int P = dc->size;
	int *sc = xcalloc((size_t)P, sizeof *sc), *sd = xcalloc((size_t)P, sizeof *sd);
	int *rcnt = xcalloc((size_t)P, sizeof *rcnt), *rd = xcalloc((size_t)P, sizeof *rd);
	int rc = 0;
	if (off[P] > DIST_MAX_MSG)
		rc = err_set(e, OVL_ETOOBIG, NULL,
			     "more than 2 GiB to exchange from one process: use more processes");
	for (int k = 0; k < P && rc == 0; k++) {
		sc[k] = (int)(off[k + 1] - off[k]);
		sd[k] = (int)off[k];
		if (k != dc->rank)
			dc->st.bytes_sent += (uint64_t)sc[k];
	}
	MPI_Alltoall(sc, 1, MPI_INT, rcnt, 1, MPI_INT, dc->comm);
	uint64_t total = 0;
	for (int k = 0; k < P; k++)
		total += (uint64_t)rcnt[k];
	if (rc == 0 && total > DIST_MAX_MSG)
		rc = err_set(e, OVL_ETOOBIG, NULL,
			     "more than 2 GiB to receive on one process: use more processes");
	rc = agree(dc, rc, e);
	*in = NULL;
	*in_off = xcalloc((size_t)P + 1, sizeof **in_off);
	if (rc == 0) {
		for (int k = 0; k < P; k++) {
			rd[k] = (int)(*in_off)[k];
			(*in_off)[k + 1] = (*in_off)[k] + (uint64_t)rcnt[k];
		}
		*in = xmalloc(total ? total : 1);
		MPI_Alltoallv(out->p ? out->p : "", sc, sd, MPI_BYTE, *in, rcnt, rd, MPI_BYTE,
			      dc->comm);
	}
	free(sc);
	free(sd);
	free(rcnt);
	free(rd);
	return rc;
}

/* Gather every process's bytes on process 0: *all (owned, process 0 only) with
 * all_off[0..size]. @return 0 or OVL_ETOOBIG (agreed). */
static int gather(dist_ctx *dc, const char *p, uint64_t n, uint8_t **all, uint64_t **all_off,
		  err_ctx *e)
{
	int P = dc->size, rc = 0;
	uint64_t *ns = dc->rank == 0 ? xcalloc((size_t)P, sizeof *ns) : NULL;
	MPI_Gather(&n, 1, MPI_UINT64_T, ns, 1, MPI_UINT64_T, 0, dc->comm);
	*all = NULL;
	*all_off = NULL;
	if (dc->rank == 0) {
		uint64_t total = 0;
		for (int k = 0; k < P; k++)
			total += ns[k];
		if (total > DIST_MAX_MSG)
			rc = err_set(e, OVL_ETOOBIG, NULL,
				     "more than 2 GiB to gather on process 0");
	}
	if (dc->rank != 0)
		dc->st.bytes_sent += n, dc->st.bytes_gathered += n;
	rc = agree(dc, rc, e);
	if (rc < 0) {
		free(ns);
		return rc;
	}
	int *rcnt = NULL, *rd = NULL;
	if (dc->rank == 0) {
		rcnt = xcalloc((size_t)P, sizeof *rcnt);
		rd = xcalloc((size_t)P, sizeof *rd);
		*all_off = xcalloc((size_t)P + 1, sizeof **all_off);
		for (int k = 0; k < P; k++) {
			rcnt[k] = (int)ns[k];
			rd[k] = (int)(*all_off)[k];
			(*all_off)[k + 1] = (*all_off)[k] + ns[k];
		}
		*all = xmalloc((*all_off)[P] ? (*all_off)[P] : 1);
	}
	MPI_Gatherv(p ? p : "", (int)n, MPI_BYTE, *all, rcnt, rd, MPI_BYTE, 0, dc->comm);
	free(rcnt);
	free(rd);
	free(ns);
	return 0;
}

/* ---- parts: which process reads what ---- */

/* Cut the inputs: JSON Lines files of DIST_SPLIT_MIN bytes or more into one byte range a
 * process (process 0 decides which files, so all agree), every other file whole to the
 * process its path hashes to. */
static int set_parts(dist_ctx *dc, crp_reader *r, err_ctx *e)
{
	size_t nf = crp_nfiles(r);
	int P = dc->size;
	uint64_t *size = xcalloc(nf ? nf : 1, sizeof *size); /* 0: not cut */
	if (dc->rank == 0)
		for (size_t f = 0; f < nf; f++) {
			crp_file_info fi;
			crp_file_info_get(r, f, &fi);
			if (fi.splittable && fi.nbytes >= DIST_SPLIT_MIN)
				size[f] = fi.nbytes;
		}
	MPI_Bcast(size, (int)nf, MPI_UINT64_T, 0, dc->comm);
	size_t ns = 0;
	for (size_t f = 0; f < nf; f++)
		ns += size[f] > 0;
	/* this process's range of each cut file: lines before it (prefix over processes) */
	uint64_t *nl = xcalloc(ns ? ns : 1, sizeof *nl), *before = xcalloc(ns ? ns : 1, sizeof *before);
	uint64_t *first = xcalloc(ns ? ns : 1, sizeof *first);
	int *failed = xcalloc(ns ? ns : 1, sizeof *failed), *anyfail = xcalloc(ns ? ns : 1, sizeof *anyfail);
	crp_part *parts = xcalloc(nf ? nf : 1, sizeof *parts);
	size_t s = 0;
	for (size_t f = 0; f < nf; f++) {
		if (!size[f]) {
			const char *path = NULL;
			crp_file_info fi;
			crp_file_info_get(r, f, &fi);
			path = fi.path;
			uint64_t h = hash_bytes(path, strlen(path), 0x6469737431ULL);
			parts[f] = (crp_part){ .take = (int)(h % (uint64_t)P) == dc->rank,
					       .start = 0, .end = UINT64_MAX, .line = 1 };
			continue;
		}
		uint64_t lo = size[f] * (uint64_t)dc->rank / (uint64_t)P;
		uint64_t hi = size[f] * (uint64_t)(dc->rank + 1) / (uint64_t)P;
		failed[s] = crp_file_scan(r, f, lo, hi, &nl[s], &first[s]) < 0;
		parts[f] = (crp_part){ .start = lo, .end = hi };
		s++;
	}
	if (ns) {
		MPI_Allreduce(failed, anyfail, (int)ns, MPI_INT, MPI_MAX, dc->comm);
		MPI_Exscan(nl, before, (int)ns, MPI_UINT64_T, MPI_SUM, dc->comm);
	}
	if (dc->rank == 0)
		memset(before, 0, (ns ? ns : 1) * sizeof *before); /* Exscan leaves rank 0's undefined */
	s = 0;
	for (size_t f = 0; f < nf; f++) {
		if (!size[f])
			continue;
		uint64_t lo = parts[f].start, hi = parts[f].end;
		if (anyfail[s]) {
			/* unreadable for some process: one process reads it (and says why) */
			parts[f] = (crp_part){ .take = dc->rank == 0, .start = 0, .end = UINT64_MAX,
					       .line = 1 };
		} else {
			parts[f].take = first[s] < hi;
			parts[f].start = first[s];
			parts[f].line = (size_t)(1 + before[s] + (first[s] > lo ? 1 : 0));
			if (dc->rank + 1 == P)
				parts[f].end = UINT64_MAX; /* the file may have grown: its tail is ours */
		}
		s++;
	}
	crp_set_parts(r, parts);
	free(parts);
	free(size);
	free(nl);
	free(before);
	free(first);
	free(failed);
	free(anyfail);
	(void)e;
	return 0;
}

/* ---- pass 1: this process's documents ---- */

typedef struct pass1 {
	dist_ctx *dc;
	crp_reader *r;
	const sim_opts *o;
	const dist_hooks *h;
	shg_opts so;
	shg_buf buf;
	uint32_t *stmp;
	size_t stmp_cap;
	sbuf work;
} pass1;

static void docs_free(local_docs *L)
{
	free(L->gidx);
	XBIG_FREE(L->sigs, L->sigs_cap);
	free(L->skeys);
	free(L->soff);
	sb_free(&L->meta);
	free(L->moff);
	free(L->sets);
	free(L->set_off);
	memset(L, 0, sizeof *L);
}

/* Sketch one document into L (sig, sample, set while kept) and pack its metadata. */
static void sketch_one(pass1 *c, local_docs *L, const crp_doc *doc)
{
	const sim_opts *o = c->o;
	size_t i = L->n;
	shg_doc(doc->text, doc->nbytes, &c->so, &c->buf);
	uint32_t nwords = c->buf.nwords > UINT32_MAX ? UINT32_MAX : (uint32_t)c->buf.nwords;
	uint32_t nbad = c->buf.nbad > UINT32_MAX ? UINT32_MAX : (uint32_t)c->buf.nbad;
	size_t n = c->buf.n = shg_sort_unique(c->buf.v, c->buf.n);
	XGROW(L->gidx, L->cap, i + 1);
	XBIG_GROW(L->sigs, L->sigs_cap, (i + 1) * o->nperm);
	mh_sketch(c->buf.v, n, o->nperm, o->seed, L->sigs + i * o->nperm);
	/* containment sample: distinct 32-bit keys, sorted (cand_containment's dsize) */
	size_t ns = 0;
	for (size_t k = 0; k < n; k++)
		if (cand_sampled(c->buf.v[k])) {
			XGROW(c->stmp, c->stmp_cap, ns + 1);
			c->stmp[ns++] = (uint32_t)(c->buf.v[k] >> 3);
		}
	uint64_t *tmp = xmalloc((ns ? ns : 1) * sizeof *tmp);
	for (size_t k = 0; k < ns; k++)
		tmp[k] = c->stmp[k];
	ns = shg_sort_unique(tmp, ns);
	XGROW(L->soff, L->soff_cap, i + 2);
	if (i == 0)
		L->soff[0] = 0;
	XGROW(L->skeys, L->skeys_cap, L->soff[i] + ns + 1);
	for (size_t k = 0; k < ns; k++)
		L->skeys[L->soff[i] + k] = (uint32_t)tmp[k];
	L->soff[i + 1] = L->soff[i] + ns;
	free(tmp);
	if (L->keep_sets && i >= o->all_pairs_max) {
		free(L->sets);
		free(L->set_off);
		L->sets = L->set_off = NULL;
		L->sets_cap = L->set_off_cap = 0;
		L->keep_sets = false;
	}
	if (L->keep_sets) {
		XGROW(L->set_off, L->set_off_cap, i + 2);
		if (i == 0)
			L->set_off[0] = 0;
		XGROW(L->sets, L->sets_cap, L->set_off[i] + n + 1);
		memcpy(L->sets + L->set_off[i], c->buf.v, n * sizeof *c->buf.v);
		L->set_off[i + 1] = L->set_off[i] + n;
	}
	/* the caller's per-document work, as bytes for process 0 */
	c->work.n = 0;
	if (o->doc_work) {
		void *res = o->doc_work(o->ud, (uint32_t)i, doc, 0);
		if (res && c->h && c->h->pack)
			c->h->pack(o->ud, res, &c->work);
		if (res && o->doc_work_free)
			o->doc_work_free(o->ud, res);
	}
	XGROW(L->moff, L->moff_cap, i + 2);
	if (i == 0)
		L->moff[0] = 0;
	sbuf *m = &L->meta;
	pk_str(m, doc->id);
	pk_str(m, doc->path);
	pk_str(m, doc->title);
	pk_str(m, doc->source);
	pk_str(m, doc->date);
	pk_str(m, doc->url);
	pk_str(m, doc->meta_json);
	pk_u64(m, doc->line);
	pk_u64(m, doc->nbytes);
	pk_u32(m, nwords);
	pk_u32(m, n > UINT32_MAX ? UINT32_MAX : (uint32_t)n);
	pk_u32(m, nbad);
	pk_u64(m, c->work.n);
	if (c->work.n)
		sb_add(m, c->work.p, c->work.n);
	L->moff[i + 1] = m->n;
	L->n++;
}

static int run_pass1(pass1 *c, local_docs *L, err_ctx *e)
{
	crp_doc doc = { 0 };
	int rc;
	uint64_t bytes = 0;
	while ((rc = crp_next(c->r, &doc, e)) > 0) {
		if (L->n >= UINT32_MAX - 1) {
			rc = err_set(e, OVL_ETOOBIG, doc.path, "more than %u documents", UINT32_MAX - 1);
			break;
		}
		sketch_one(c, L, &doc);
		bytes += doc.nbytes;
		if (c->dc->rank == 0 && c->o->progress && (L->n & 255) == 0)
			c->o->progress(c->o->ud, "sketch", bytes, 0);
	}
	crp_doc_clear(&doc);
	return rc < 0 ? rc : 0;
}

/* ---- input order ---- */

/* Each local document's index in the whole input: files in order, and inside a cut file
 * the processes' parts in rank order. @return the number of documents. */
static uint64_t order_docs(dist_ctx *dc, crp_reader *r, local_docs *L)
{
	size_t nf = crp_nfiles(r);
	uint64_t *cnt = xcalloc(nf ? nf : 1, sizeof *cnt), *tot = xcalloc(nf ? nf : 1, sizeof *tot);
	uint64_t *before = xcalloc(nf ? nf : 1, sizeof *before);
	for (size_t f = 0; f < nf; f++)
		cnt[f] = crp_file_ndocs(r, f);
	if (nf) {
		MPI_Allreduce(cnt, tot, (int)nf, MPI_UINT64_T, MPI_SUM, dc->comm);
		MPI_Exscan(cnt, before, (int)nf, MPI_UINT64_T, MPI_SUM, dc->comm);
	}
	if (dc->rank == 0)
		memset(before, 0, (nf ? nf : 1) * sizeof *before);
	uint64_t g = 0;
	size_t i = 0;
	for (size_t f = 0; f < nf; f++) {
		for (uint64_t k = 0; k < cnt[f]; k++)
			L->gidx[i++] = (uint32_t)(g + before[f] + k);
		g += tot[f];
	}
	free(cnt);
	free(tot);
	free(before);
	return g;
}

/* Local index of global document g (L->gidx is increasing), or -1. */
static long local_of(const local_docs *L, uint32_t g)
{
	size_t lo = 0, hi = L->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (L->gidx[mid] < g)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < L->n && L->gidx[lo] == g ? (long)lo : -1;
}

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

static char *folder_qualified_id(const char *path, const char *id, size_t k)
{
	const char *end = strrchr(path, '/');
	if (!end)
		return NULL;
	const char *start = end;
	for (size_t i = 0; i < k; i++) {
		while (start > path && start[-1] == '/')
			start--;
		if (start == path)
			return NULL;
		while (start > path && start[-1] != '/')
			start--;
	}
	return xasprintf("%.*s/%s", (int)(end - start), start, id);
}

static long ids_qualify(ids *t, uint32_t idx, size_t ndocs)
{
	sim_doc *sd = &t->docs[idx];
	const char *slash = strrchr(sd->id, '/');
	char *base = xstrdup(slash ? slash + 1 : sd->id);
	long prev = 0;
	for (size_t k = 1; prev >= 0; k++) {
		char *qid = folder_qualified_id(sd->path, base, k);
		if (!qid)
			break;
		free(sd->id);
		sd->id = qid;
		prev = ids_insert(t, idx, ndocs);
		if (prev == (long)idx)
			prev = -1;
	}
	free(base);
	return prev;
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
static int gather_texts(dist_ctx *dc, crp_reader *r, const local_docs *L, uint64_t ndocs,
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
	rc = agree(dc, rc < 0 ? rc : 0, e);
	uint8_t *all = NULL;
	uint64_t *off = NULL;
	if (rc == 0)
		rc = gather(dc, out.p, out.n, &all, &off, e);
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
static int commit_docs(dist_ctx *dc, const sim_opts *o, const dist_hooks *h, sim_result *res,
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

/* ---- all-pairs mode (small corpora): sets to process 0 ---- */

static int all_pairs(dist_ctx *dc, crp_reader *r, const sim_opts *o, pass1 *c, local_docs *L,
		     sim_result *res, err_ctx *e)
{
	int rc = 0;
	if (!L->keep_sets) {
		/* not kept in pass 1 (this process had more documents): read them again */
		crp_rewind(r);
		crp_doc doc = { 0 };
		size_t i = 0;
		L->set_off = xcalloc(L->n + 1, sizeof *L->set_off);
		L->set_off_cap = L->n + 1;
		while ((rc = crp_next(r, &doc, e)) > 0 && i < L->n) {
			shg_doc(doc.text, doc.nbytes, &c->so, &c->buf);
			size_t n = shg_sort_unique(c->buf.v, c->buf.n);
			XGROW(L->sets, L->sets_cap, L->set_off[i] + n + 1);
			memcpy(L->sets + L->set_off[i], c->buf.v, n * sizeof *L->sets);
			L->set_off[i + 1] = L->set_off[i] + n;
			i++;
		}
		crp_doc_clear(&doc);
		if (rc >= 0 && i != L->n)
			rc = err_set(e, OVL_EINPUT, "", "input changed between passes");
		rc = rc < 0 ? rc : 0;
	}
	rc = agree(dc, rc, e);
	if (rc < 0)
		return rc;
	sbuf out = { 0 };
	for (size_t i = 0; i < L->n; i++) {
		uint64_t n = L->set_off[i + 1] - L->set_off[i];
		pk_u32(&out, L->gidx[i]);
		pk_u64(&out, n);
		sb_add(&out, (const char *)(L->sets + L->set_off[i]), n * sizeof *L->sets);
		sb_add(&out, (const char *)(L->sigs + i * o->nperm), o->nperm * sizeof *L->sigs);
	}
	uint8_t *all = NULL;
	uint64_t *off = NULL;
	rc = gather(dc, out.p, out.n, &all, &off, e);
	sb_free(&out);
	if (rc < 0 || dc->rank != 0)
		return rc;
	size_t nd = res->ndocs;
	const uint8_t **rec = xcalloc(nd, sizeof *rec);
	uint64_t *setn = xcalloc(nd, sizeof *setn);
	upk u = { all, all + off[dc->size], false };
	while (u.p < u.end && !u.bad) {
		uint32_t g = up_u32(&u);
		uint64_t n = up_u64(&u);
		uint64_t need = n * 8 + (uint64_t)o->nperm * 4;
		if (g >= nd || (uint64_t)(u.end - u.p) < need)
			break;
		rec[g] = u.p;
		setn[g] = n;
		u.p += need;
	}
	uint64_t *soff = xcalloc(nd + 1, sizeof *soff);
	for (size_t d = 0; d < nd; d++)
		soff[d + 1] = soff[d] + setn[d];
	uint64_t *v = xmalloc((soff[nd] ? soff[nd] : 1) * sizeof *v);
	uint32_t *sigs = xmalloc(nd * o->nperm * sizeof *sigs);
	for (size_t d = 0; d < nd; d++) {
		if (!rec[d]) {
			memset(sigs + d * o->nperm, 0, o->nperm * sizeof *sigs);
			continue;
		}
		memcpy(v + soff[d], rec[d], setn[d] * sizeof *v);
		memcpy(sigs + d * o->nperm, rec[d] + setn[d] * 8, o->nperm * sizeof *sigs);
	}
	free(all);
	free(off);
	free(rec);
	free(setn);
	cand_filter f = { o->threshold, o->containment, o->keep_all_overlapping };
	cand_pair *cp = NULL;
	size_t n = cand_all_pairs(v, soff, nd, &f, &cp, &res->ncandidates);
	res->pairs = xmalloc((n ? n : 1) * sizeof *res->pairs);
	res->npairs = 0;
	for (size_t i = 0; i < n; i++)
		res->pairs[res->npairs++] = (sim_pair){
			.a = cp[i].a, .b = cp[i].b, .jaccard = cp[i].jaccard,
			.jaccard_est = mh_jaccard(sigs + (size_t)cp[i].a * o->nperm,
						  sigs + (size_t)cp[i].b * o->nperm, o->nperm),
			.cont_ab = cp[i].cont_ab, .cont_ba = cp[i].cont_ba,
		};
	free(cp);
	free(v);
	free(soff);
	free(sigs);
	return 0;
}

/* ---- LSH mode: keys to the process of their range ---- */

/* Route fixed-size records: rec k of size sz goes to dest[k]. @return 0 or <0 (agreed);
 * *in (owned) holds *nin records. */
static int route(dist_ctx *dc, const void *recs, const uint32_t *dest, size_t n, size_t sz,
		 void **in, size_t *nin, err_ctx *e)
{
	int P = dc->size;
	uint64_t *off = xcalloc((size_t)P + 1, sizeof *off);
	for (size_t k = 0; k < n; k++)
		off[dest[k] + 1] += sz;
	for (int k = 0; k < P; k++)
		off[k + 1] += off[k];
	sbuf out = { 0 };
	if (n) {
		sb_add(&out, "", 0);
		out.p = xrealloc(out.p, off[P] + 1);
		out.cap = off[P] + 1;
		out.n = off[P];
	}
	uint64_t *fill = xmalloc(((size_t)P + 1) * sizeof *fill);
	memcpy(fill, off, ((size_t)P + 1) * sizeof *fill);
	for (size_t k = 0; k < n; k++) {
		memcpy(out.p + fill[dest[k]], (const char *)recs + k * sz, sz);
		fill[dest[k]] += sz;
	}
	free(fill);
	uint8_t *got = NULL;
	uint64_t *got_off = NULL;
	int rc = exchange(dc, &out, off, &got, &got_off, e);
	sb_free(&out);
	free(off);
	*in = got;
	*nin = rc == 0 ? (size_t)(got_off[P] / sz) : 0;
	free(got_off);
	return rc;
}

static uint32_t dest_of(uint64_t key, int P)
{
	return (uint32_t)(hash_mix64(key ^ 0x6b6579ULL) % (uint64_t)P);
}

/* LSH band keys: (band << 32 | key, doc, owner) routed by (band, key); every pair of a
 * bucket of 2..lsh_max_bucket() documents is a candidate. Appends to *cands. */
static int lsh_candidates(dist_ctx *dc, const sim_opts *o, const lsh_plan *plan,
			  const local_docs *L, cand4 **cands, size_t *ncand, size_t *ccap,
			  err_ctx *e)
{
	unsigned nb = plan->bands;
	size_t n = 0, nmax = L->n * nb + 1;
	bent *v = xmalloc(nmax * sizeof *v);
	uint32_t *dest = xmalloc(nmax * sizeof *dest);
	uint32_t *keys = xmalloc(nb * sizeof *keys);
	for (size_t i = 0; i < L->n; i++) {
		const uint32_t *sig = L->sigs + i * o->nperm;
		if (mh_is_empty(sig, o->nperm))
			continue;
		lsh_band_keys(plan, sig, keys);
		for (unsigned j = 0; j < nb; j++) {
			v[n] = (bent){ (uint64_t)j << 32 | keys[j], L->gidx[i], (uint32_t)dc->rank,
				       0, 0 };
			dest[n] = dest_of(v[n].bk, dc->size);
			n++;
		}
	}
	free(keys);
	void *in = NULL;
	size_t nin = 0;
	int rc = route(dc, v, dest, n, sizeof *v, &in, &nin, e);
	free(v);
	free(dest);
	if (rc < 0)
		return rc;
	bent *b = in;
	/* sort by (band, key, doc): doc order inside a bucket, so each pair comes a < b */
	qsort(b, nin, sizeof *b, cmp_bent);
	size_t maxb = lsh_max_bucket();
	for (size_t s = 0; s < nin;) {
		size_t t = s + 1;
		while (t < nin && b[t].bk == b[s].bk)
			t++;
		size_t m = t - s;
		if (m > 1 && m <= maxb) {
			XGROW(*cands, *ccap, *ncand + m * (m - 1) / 2);
			for (size_t x = s; x < t; x++)
				for (size_t y = x + 1; y < t; y++)
					(*cands)[(*ncand)++] = (cand4){ b[x].doc, b[y].doc,
									b[x].owner, b[y].owner };
		}
		s = t;
	}
	free(in);
	return 0;
}

/* A pair sharing sample keys on one process: how many, and the sides' sample sizes. */
typedef struct shared {
	uint32_t a, b, oa, ob;
	uint32_t na, nb, cnt, pad;
} shared;

static int cmp_shared(const void *x, const void *y)
{
	const shared *p = x, *q = y;
	if (p->a != q->a)
		return p->a < q->a ? -1 : 1;
	return p->b < q->b ? -1 : p->b > q->b;
}

/* Containment join (cand_containment over the processes): distinct sample keys routed by
 * key; a posting of 2..cand_max_posting() documents gives each of its pairs one shared key;
 * the counts, summed per pair on the process the pair hashes to, pass
 * cand_containment_pass or not. Appends to *cands. */
static int containment_candidates(dist_ctx *dc, const sim_opts *o, const local_docs *L,
				  cand4 **cands, size_t *ncand, size_t *ccap, err_ctx *e)
{
	size_t total = L->n ? L->soff[L->n] : 0, n = 0;
	bent *v = xmalloc((total ? total : 1) * sizeof *v);
	uint32_t *dest = xmalloc((total ? total : 1) * sizeof *dest);
	for (size_t i = 0; i < L->n; i++) {
		uint32_t ds = (uint32_t)(L->soff[i + 1] - L->soff[i]);
		for (uint64_t k = L->soff[i]; k < L->soff[i + 1]; k++) {
			v[n] = (bent){ L->skeys[k], L->gidx[i], (uint32_t)dc->rank, ds, 0 };
			dest[n] = dest_of(L->skeys[k], dc->size);
			n++;
		}
	}
	void *in = NULL;
	size_t nin = 0;
	int rc = route(dc, v, dest, n, sizeof *v, &in, &nin, e);
	free(v);
	free(dest);
	if (rc < 0)
		return rc;
	bent *b = in;
	qsort(b, nin, sizeof *b, cmp_bent);
	size_t maxp = cand_max_posting();
	shared *sh = NULL;
	size_t nsh = 0, shcap = 0;
	for (size_t s = 0; s < nin;) {
		size_t t = s + 1;
		while (t < nin && b[t].bk == b[s].bk)
			t++;
		size_t m = t - s;
		if (m > 1 && m <= maxp) {
			XGROW(sh, shcap, nsh + m * (m - 1) / 2);
			for (size_t x = s; x < t; x++)
				for (size_t y = x + 1; y < t; y++)
					sh[nsh++] = (shared){ b[x].doc, b[y].doc, b[x].owner, b[y].owner,
							      b[x].dsize, b[y].dsize, 1, 0 };
		}
		s = t;
	}
	free(in);
	/* sum locally, then route each pair to one process to sum there */
	qsort(sh, nsh, sizeof *sh, cmp_shared);
	size_t w = 0;
	for (size_t i = 0; i < nsh; i++) {
		if (w > 0 && sh[w - 1].a == sh[i].a && sh[w - 1].b == sh[i].b)
			sh[w - 1].cnt += sh[i].cnt;
		else
			sh[w++] = sh[i];
	}
	nsh = w;
	dest = xmalloc((nsh ? nsh : 1) * sizeof *dest);
	for (size_t i = 0; i < nsh; i++)
		dest[i] = dest_of((uint64_t)sh[i].a << 32 | sh[i].b, dc->size);
	rc = route(dc, sh, dest, nsh, sizeof *sh, &in, &nin, e);
	free(sh);
	free(dest);
	if (rc < 0)
		return rc;
	sh = in;
	qsort(sh, nin, sizeof *sh, cmp_shared);
	for (size_t s = 0; s < nin;) {
		size_t t = s;
		uint64_t cnt = 0;
		while (t < nin && sh[t].a == sh[s].a && sh[t].b == sh[s].b)
			cnt += sh[t++].cnt;
		if (cand_containment_pass((size_t)cnt, sh[s].na, sh[s].nb, o->containment)) {
			XGROW(*cands, *ccap, *ncand + 1);
			(*cands)[(*ncand)++] = (cand4){ sh[s].a, sh[s].b, sh[s].oa, sh[s].ob };
		}
		s = t;
	}
	free(in);
	return 0;
}

/* One shipped set: document, set size, then the set and the signature. */
typedef struct got_set {
	uint32_t g;
	uint64_t n;
	const uint64_t *set;     /* unaligned-safe copies below */
	const uint32_t *sig;
} got_set;

static int cmp_got(const void *x, const void *y)
{
	uint32_t a = ((const got_set *)x)->g, b = ((const got_set *)y)->g;
	return a < b ? -1 : a > b;
}

/* Verify candidates: each goes to the process holding b, which gets a's set from a's
 * process; sets are made by reading the needed documents again (crp_select). Kept pairs
 * go to process 0, sorted. */
static int verify(dist_ctx *dc, crp_reader *r, const sim_opts *o, pass1 *c,
		  const local_docs *L, cand4 *cands, size_t ncand, sim_result *res, err_ctx *e)
{
	int P = dc->size;
	/* each candidate to b's process (verify) and to a's (ship a's set) */
	cand4 *two = xmalloc((ncand ? ncand : 1) * 2 * sizeof *two);
	uint32_t *dest = xmalloc((ncand ? ncand : 1) * 2 * sizeof *dest);
	for (size_t i = 0; i < ncand; i++) {
		two[2 * i] = cands[i];
		dest[2 * i] = cands[i].ob;
		/* a's copy is marked "ship" in the top bit of its oa field */
		two[2 * i + 1] = cands[i];
		two[2 * i + 1].oa |= 0x80000000u;
		dest[2 * i + 1] = cands[i].oa;
	}
	void *in = NULL;
	size_t nin = 0;
	int rc = route(dc, two, dest, 2 * ncand, sizeof *two, &in, &nin, e);
	free(two);
	free(dest);
	if (rc < 0)
		return rc;
	cand4 *got = in;
	cand4 *ver = xmalloc((nin ? nin : 1) * sizeof *ver), *ship = xmalloc((nin ? nin : 1) * sizeof *ship);
	size_t nver = 0, nship = 0;
	for (size_t i = 0; i < nin; i++) {
		if (got[i].oa & 0x80000000u) {
			cand4 s = got[i];
			s.oa &= 0x7fffffffu;
			/* shipping list: (a, destination) repeat-free, in the b field */
			ship[nship++] = (cand4){ s.a, s.ob, s.oa, s.ob };
		} else {
			ver[nver++] = got[i];
		}
	}
	free(got);
	qsort(ver, nver, sizeof *ver, cmp_cand4);
	size_t w = 0;
	for (size_t i = 0; i < nver; i++)
		if (w == 0 || ver[w - 1].a != ver[i].a || ver[w - 1].b != ver[i].b)
			ver[w++] = ver[i];
	nver = w;
	qsort(ship, nship, sizeof *ship, cmp_cand4);
	w = 0;
	for (size_t i = 0; i < nship; i++)
		if (w == 0 || ship[w - 1].a != ship[i].a || ship[w - 1].b != ship[i].b)
			ship[w++] = ship[i];
	nship = w;
	dc->st.candidates = nver;
	uint64_t nc = nver;
	MPI_Reduce(&nc, &res->ncandidates, 1, MPI_UINT64_T, MPI_SUM, 0, dc->comm);

	/* read again the documents this process verifies or ships */
	uint8_t *need = xcalloc(L->n ? L->n : 1, 1);
	size_t nneed = 0;
	for (size_t i = 0; i < nver; i++) {
		long l = local_of(L, ver[i].b);
		if (l >= 0 && !need[l])
			need[l] = 1, nneed++;
	}
	for (size_t i = 0; i < nship; i++) {
		long l = local_of(L, ship[i].a);
		if (l >= 0 && !need[l])
			need[l] = 1, nneed++;
	}
	uint64_t **sets = xcalloc(L->n ? L->n : 1, sizeof *sets);
	uint64_t *setn = xcalloc(L->n ? L->n : 1, sizeof *setn);
	if (nneed) {
		crp_rewind(r);
		crp_select(r, need, L->n);
		crp_doc doc = { 0 };
		size_t seen = 0;
		while ((rc = crp_next(r, &doc, e)) > 0) {
			size_t l = doc.index;
			if (l >= L->n || !need[l]) {
				rc = err_set(e, OVL_EINPUT, doc.path, "input changed between passes");
				break;
			}
			shg_doc(doc.text, doc.nbytes, &c->so, &c->buf);
			size_t n = shg_sort_unique(c->buf.v, c->buf.n);
			sets[l] = xmalloc((n ? n : 1) * sizeof **sets);
			memcpy(sets[l], c->buf.v, n * sizeof **sets);
			setn[l] = n;
			seen++;
		}
		crp_doc_clear(&doc);
		if (rc >= 0 && seen != nneed)
			rc = err_set(e, OVL_EINPUT, "", "input changed between passes (%zu of %zu documents)",
				     seen, nneed);
		rc = rc < 0 ? rc : 0;
	}
	free(need);
	rc = agree(dc, rc, e);

	/* ship a's set and signature to each process verifying a pair of a */
	sbuf out = { 0 };
	uint64_t *off = xcalloc((size_t)P + 1, sizeof *off);
	if (rc == 0) {
		/* ship is sorted by (a, dest): group by destination */
		for (int k = 0; k < P; k++) {
			off[k] = out.n;
			for (size_t i = 0; i < nship; i++) {
				if ((int)ship[i].b != k)
					continue;
				long l = local_of(L, ship[i].a);
				if (l < 0)
					continue;
				pk_u32(&out, ship[i].a);
				pk_u64(&out, setn[l]);
				sb_add(&out, (const char *)sets[l], setn[l] * sizeof **sets);
				sb_add(&out, (const char *)(L->sigs + (size_t)l * o->nperm),
				       o->nperm * sizeof *L->sigs);
			}
		}
		off[P] = out.n;
	}
	free(ship);
	uint8_t *rs = NULL;
	uint64_t *rs_off = NULL;
	if (rc == 0)
		rc = exchange(dc, &out, off, &rs, &rs_off, e);
	sb_free(&out);
	free(off);
	got_set *gs = NULL;
	size_t ngs = 0, gscap = 0;
	if (rc == 0) {
		upk u = { rs, rs + rs_off[P], false };
		while (u.p < u.end && !u.bad) {
			got_set g = { 0 };
			g.g = up_u32(&u);
			g.n = up_u64(&u);
			uint64_t need_b = g.n * 8 + (uint64_t)o->nperm * 4;
			if (u.bad || (uint64_t)(u.end - u.p) < need_b)
				break;
			/* copy: the bytes are not aligned for uint64_t */
			uint64_t *sv = xmalloc((g.n ? g.n : 1) * sizeof *sv);
			uint32_t *sg = xmalloc(o->nperm * sizeof *sg);
			memcpy(sv, u.p, g.n * 8);
			memcpy(sg, u.p + g.n * 8, o->nperm * 4);
			u.p += need_b;
			g.set = sv;
			g.sig = sg;
			XGROW(gs, gscap, ngs + 1);
			gs[ngs++] = g;
		}
		qsort(gs, ngs, sizeof *gs, cmp_got);
	}
	free(rs);
	free(rs_off);

	/* verify: exact overlap of the two sets */
	cand_filter f = { o->threshold, o->containment, false };
	sbuf kept = { 0 };
	for (size_t i = 0; rc == 0 && i < nver; i++) {
		long lb = local_of(L, ver[i].b);
		got_set key = { .g = ver[i].a };
		got_set *ga = bsearch(&key, gs, ngs, sizeof *gs, cmp_got);
		if (lb < 0 || !ga || !sets[lb]) {
			rc = err_set(e, OVL_EIO, NULL, "a candidate's set is missing after the exchange");
			break;
		}
		cand_pair p = { .a = ver[i].a, .b = ver[i].b };
		size_t inter = shg_intersect(ga->set, ga->n, sets[lb], setn[lb]);
		cand_fill(&p, ga->n, setn[lb], inter);
		if (!cand_keep(&p, &f))
			continue;
		sim_pair sp = {
			.a = p.a, .b = p.b, .jaccard = p.jaccard,
			.jaccard_est = mh_jaccard(ga->sig, L->sigs + (size_t)lb * o->nperm, o->nperm),
			.cont_ab = p.cont_ab, .cont_ba = p.cont_ba,
		};
		sb_add(&kept, (const char *)&sp, sizeof sp);
	}
	for (size_t i = 0; i < ngs; i++) {
		free((void *)gs[i].set);
		free((void *)gs[i].sig);
	}
	free(gs);
	for (size_t l = 0; l < L->n; l++)
		free(sets[l]);
	free(sets);
	free(setn);
	free(ver);
	rc = agree(dc, rc, e);
	uint8_t *all = NULL;
	uint64_t *aoff = NULL;
	if (rc == 0)
		rc = gather(dc, kept.p, kept.n, &all, &aoff, e);
	sb_free(&kept);
	if (rc < 0 || dc->rank != 0)
		return rc;
	size_t np = (size_t)(aoff[P] / sizeof(sim_pair));
	res->pairs = xmalloc((np ? np : 1) * sizeof *res->pairs);
	memcpy(res->pairs, all, np * sizeof *res->pairs);
	res->npairs = np;
	qsort(res->pairs, np, sizeof *res->pairs, cmp_sim_pair);
	free(all);
	free(aoff);
	return 0;
}

/* ---- API ---- */

static int check_opts(const sim_opts *o, err_ctx *e)
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

/* The warnings other processes kept, to process 0's warn, in process order. */
static int flush_warnings(dist_ctx *dc, err_ctx *e)
{
	uint8_t *all = NULL;
	uint64_t *off = NULL;
	int rc = gather(dc, dc->warnings.p, dc->warnings.n, &all, &off, e);
	sb_free(&dc->warnings);
	if (rc < 0 || dc->rank != 0)
		return rc;
	for (const uint8_t *p = all, *end = all + off[dc->size]; p < end;) {
		const char *path = (const char *)p;
		const uint8_t *z = memchr(p, '\0', (size_t)(end - p));
		if (!z || z + 1 >= end)
			break;
		const char *msg = (const char *)z + 1;
		const uint8_t *z2 = memchr(z + 1, '\0', (size_t)(end - z - 1));
		if (!z2)
			break;
		if (dc->warn)
			dc->warn(dc->warn_ud, path, msg);
		p = z2 + 1;
	}
	free(all);
	free(off);
	return 0;
}

int dist_sim_run(dist_ctx *dc, crp_reader *r, const sim_opts *o, const dist_hooks *h,
		 sim_result **out, err_ctx *e)
{
	*out = NULL;
	memset(&dc->st, 0, sizeof dc->st);
	/* the other processes wait here until process 0 comes (or gives up: dist_cancel) */
	int go = 1;
	dc->entered = true;
	MPI_Bcast(&go, 1, MPI_INT, 0, dc->comm);
	if (!go)
		return err_set(e, OVL_EUSAGE, NULL, "process 0 stopped before the run");
	int rc = agree(dc, !r || !o ? err_set(e, OVL_EUSAGE, NULL, "missing reader or options")
				    : check_opts(o, e), e);
	if (rc < 0)
		return rc;
	double t0 = now_s();
	if (dc->size > 1)
		set_parts(dc, r, e);
	dc->collect = true;
	pass1 c = { .dc = dc, .r = r, .o = o, .h = h };
	c.so = (shg_opts){ o->shingle_k, o->char_ngrams, o->seed };
	local_docs L = { 0 };
	L.keep_sets = o->all_pairs_max > 0;
	sim_result *res = dc->rank == 0 ? xcalloc(1, sizeof *res) : NULL;
	sim_result scratch = { 0 };
	sim_result *rs = res ? res : &scratch;
	lsh_plan_choose(o->threshold, o->nperm, &rs->plan);
	rc = agree(dc, run_pass1(&c, &L, e), e);
	uint64_t ndocs = 0;
	if (rc == 0)
		ndocs = order_docs(dc, r, &L);
	if (rc == 0 && ndocs >= UINT32_MAX)
		rc = err_set(e, OVL_ETOOBIG, NULL, "more than %u documents", UINT32_MAX - 1);
	if (rc == 0 && ndocs == 0)
		rc = err_set(e, OVL_EEMPTY, NULL, "no documents");
	if (rc == 0)
		rc = flush_warnings(dc, e);
	dc->st.docs_local = L.n;
	dc->st.docs_total = ndocs;
	/* metadata (and for small corpora the texts) to process 0, in input order */
	uint8_t **texts = NULL;
	size_t *lens = NULL;
	if (rc == 0 && h && o->on_doc && ndocs <= h->text_max)
		rc = gather_texts(dc, r, &L, ndocs, &texts, &lens, e);
	if (rc == 0) {
		sbuf m = { 0 };
		for (size_t i = 0; i < L.n; i++) {
			pk_u32(&m, L.gidx[i]);
			pk_u64(&m, L.moff[i + 1] - L.moff[i]);
			sb_add(&m, L.meta.p + L.moff[i], L.moff[i + 1] - L.moff[i]);
		}
		sb_free(&L.meta);
		uint8_t *all = NULL;
		uint64_t *off = NULL;
		rc = gather(dc, m.p, m.n, &all, &off, e);
		sb_free(&m);
		if (rc == 0 && dc->rank == 0)
			rc = commit_docs(dc, o, h, res, all, off[dc->size], ndocs, texts, lens, e);
		free(all);
		free(off);
		rc = agree(dc, rc, e);
	}
	if (texts)
		for (uint64_t d = 0; d < ndocs; d++)
			free(texts[d]);
	free(texts);
	free(lens);
	dc->st.seconds_sketch = now_s() - t0;
	rs->seconds_sketch = dc->st.seconds_sketch;
	if (rc == 0 && ndocs <= o->all_pairs_max) {
		rs->all_pairs = true;
		t0 = now_s();
		rc = all_pairs(dc, r, o, &c, &L, res, e);
		rs->seconds_candidates = dc->st.seconds_candidates = now_s() - t0;
	} else if (rc == 0) {
		t0 = now_s();
		if (dc->rank == 0 && o->progress)
			o->progress(o->ud, "candidates", 0, ndocs);
		cand4 *cands = NULL;
		size_t ncand = 0, ccap = 0;
		rc = lsh_candidates(dc, o, &rs->plan, &L, &cands, &ncand, &ccap, e);
		if (rc == 0 && ndocs >= 2 && o->containment <= 1.0)
			rc = containment_candidates(dc, o, &L, &cands, &ncand, &ccap, e);
		rs->seconds_candidates = dc->st.seconds_candidates = now_s() - t0;
		t0 = now_s();
		if (rc == 0)
			rc = verify(dc, r, o, &c, &L, cands, ncand, rs, e);
		rs->seconds_verify = dc->st.seconds_verify = now_s() - t0;
		free(cands);
	}
	dc->collect = false;
	docs_free(&L);
	shg_buf_free(&c.buf);
	free(c.stmp);
	sb_free(&c.work);
	if (rc < 0 || dc->rank != 0) {
		sim_result_free(res);
		return rc;
	}
	*out = res;
	return 0;
}

/* ---- topic terms as bytes ---- */

void dist_pack_terms(const tpc_doc *d, sbuf *out)
{
	pk_u64(out, d->n);
	pk_u64(out, d->names_nbytes);
	for (size_t i = 0; i < d->n; i++) {
		const tpc_term *t = &d->v[i];
		pk_u64(out, t->key);
		pk_u32(out, t->tf);
		pk_u32(out, t->name_off);
		pk_u32(out, (uint32_t)t->name_len << 16 | (uint32_t)t->entity << 8 | t->lead);
	}
	if (d->names_nbytes)
		sb_add(out, d->names, d->names_nbytes);
}

size_t dist_unpack_terms(const uint8_t *p, size_t n, tpc_doc *d)
{
	memset(d, 0, sizeof *d);
	upk u = { p, p + n, false };
	uint64_t nt = up_u64(&u), nn = up_u64(&u);
	if (u.bad || nt > n / 20 || nn > n)
		return 0;
	d->v = xmalloc((nt ? nt : 1) * sizeof *d->v);
	d->n = d->cap = (size_t)nt;
	for (size_t i = 0; i < nt; i++) {
		tpc_term *t = &d->v[i];
		t->key = up_u64(&u);
		t->tf = up_u32(&u);
		t->name_off = up_u32(&u);
		uint32_t x = up_u32(&u);
		t->name_len = (uint16_t)(x >> 16);
		t->entity = (uint8_t)(x >> 8);
		t->lead = (uint8_t)x;
	}
	d->names = xmalloc(nn + 1);
	d->names_nbytes = (size_t)nn;
	d->names_cap = (size_t)nn + 1;
	up_take(&u, d->names, (size_t)nn);
	if (u.bad) {
		tpc_doc_clear(d);
		return 0;
	}
	return (size_t)(u.p - p);
}
