/* dist.c - the similarity stage over the processes of an MPI job (see dist.h).
 *
 * Workload: pass 1 (read, tokenise, shingle, MinHash) is ~90% of a similarity-only run and
 * splits cleanly by document; candidates and verification are the rest. So each process
 * reads and sketches its own part, and only keys cross the network: per document its LSH
 * band keys and its distinct containment-sample keys (8 bytes each: key << 32 | document,
 * dist_cand.c), then a shingle set for each (document, verifying process) of a candidate
 * pair. The result must be sim_run's to the byte: documents get their index in input order
 * (per-file counts, a sum and a prefix sum over processes), ids and duplicates are settled
 * on process 0 in that order, LSH buckets and containment postings are the same sets of
 * documents whichever process holds them, and pairs are sorted by (a, b) on process 0.
 * It does not print; every collective step ends with an agreement on errors so that one
 * process's failure is every process's error and none waits forever.
 */
#include "dist_int.h"

#include <limits.h>
#include <stdlib.h>
#include <time.h>

#include "hash.h"
#include "overlap/candidates.h"
#include "overlap/minhash.h"
#include "overlap/util.h"

/* ---- tuning ---- */

/* A JSON Lines file is cut into one byte range a process from this size on; below, it is
 * one process's whole file like any other (cutting a few lines saves nothing and costs
 * each process an open and a scan). Small enough that the tests' files are cut. */
#define DIST_SPLIT_MIN ((uint64_t)4096)
/* MPI counts are ints: one exchange between two processes stays under this. */
#define DIST_MAX_MSG ((uint64_t)INT_MAX)

double dist_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
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
int dist_agree(dist_ctx *dc, int rc, err_ctx *e)
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
int dist_exchange(dist_ctx *dc, const sbuf *out, const uint64_t *off, uint8_t **in,
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
	rc = dist_agree(dc, rc, e);
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
int dist_gather(dist_ctx *dc, const char *p, uint64_t n, uint8_t **all, uint64_t **all_off,
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
	rc = dist_agree(dc, rc, e);
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
	if (L->keep_sets && i >= o->all_pairs_max) {
		free(L->sets);
		free(L->set_off);
		L->sets = L->set_off = NULL;
		L->sets_cap = L->set_off_cap = 0;
		L->keep_sets = false;
	}
	/* Sorted sets only while all-pairs is possible; else a hash count of the distinct
	 * shingles (sorting costs more than tokenising, similarity.c); MinHash and the sample
	 * keys do not depend on order or repeats. */
	size_t n, nv = c->buf.n;
	if (L->keep_sets)
		n = nv = c->buf.n = shg_sort_unique(c->buf.v, c->buf.n);
	else
		n = shg_count_distinct(c->buf.v, nv, &c->scratch, &c->scratch_cap);
	XGROW(L->gidx, L->cap, i + 1);
	XBIG_GROW(L->sigs, L->sigs_cap, (i + 1) * o->nperm);
	mh_sketch(c->buf.v, nv, o->nperm, o->seed, L->sigs + i * o->nperm);
	/* containment sample: distinct 32-bit keys (cand_containment's dsize), in any order
	 * (a hash set: sorting them cost 5% of the run); written always, kept when sampled */
	size_t ns = 0;
	XGROW(c->stmp, c->stmp_cap, nv + 1);
	XGROW(c->sdist, c->sdist_cap, nv + 1);
	for (size_t k = 0; k < nv; k++) {
		c->stmp[ns] = (uint32_t)(c->buf.v[k] >> 3);
		ns += cand_sampled(c->buf.v[k]);
	}
	ns = shg_table_build(&c->stab, &c->stab_cap, 4, c->stmp, ns, c->sdist);
	XGROW(L->soff, L->soff_cap, i + 2);
	if (i == 0)
		L->soff[0] = 0;
	XGROW(L->skeys, L->skeys_cap, L->soff[i] + ns + 1);
	for (size_t k = 0; k < ns; k++)
		L->skeys[L->soff[i] + k] = (uint32_t)c->sdist[k];
	L->soff[i + 1] = L->soff[i] + ns;
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
long dist_local_of(const local_docs *L, uint32_t g)
{
	return util_find_u32(L->gidx, L->n, g);
}

/* ---- owners: which process holds which document ---- */

int dist_owners_build(dist_ctx *dc, const local_docs *L, dist_owners *ow, err_ctx *e)
{
	int P = dc->size;
	u64vec mine = { 0 };
	for (size_t i = 0; i < L->n; i++)
		if (i == 0 || L->gidx[i] != L->gidx[i - 1] + 1) {
			XGROW(mine.p, mine.cap, mine.n + 1);
			mine.p[mine.n++] = (uint64_t)L->gidx[i] << 32 | (uint32_t)dc->rank;
		}
	uint64_t n = mine.n, *ns = xmalloc((size_t)P * sizeof *ns);
	MPI_Allgather(&n, 1, MPI_UINT64_T, ns, 1, MPI_UINT64_T, dc->comm);
	uint64_t total = 0;
	for (int k = 0; k < P; k++)
		total += ns[k];
	/* one run a file a process at most: far below the limit unless files are tiny */
	int rc = 0;
	if (total * sizeof *mine.p > DIST_MAX_MSG)
		rc = err_set(e, OVL_ETOOBIG, NULL, "more than 2 GiB of document runs: use "
			     "fewer, larger input files");
	int *cnt = xmalloc((size_t)P * sizeof *cnt), *dis = xmalloc((size_t)P * sizeof *dis);
	ow->run = xmalloc((total ? total : 1) * sizeof *ow->run);
	ow->n = (size_t)total;
	for (int k = 0, at = 0; k < P && rc == 0; k++) {
		cnt[k] = (int)ns[k];
		dis[k] = at;
		at += cnt[k];
	}
	if (rc == 0)
		MPI_Allgatherv(mine.p ? mine.p : ow->run, (int)n, MPI_UINT64_T, ow->run, cnt, dis,
			       MPI_UINT64_T, dc->comm);
	shg_sort_u64(ow->run, ow->n);
	free(mine.p);
	free(ns);
	free(cnt);
	free(dis);
	return rc;
}

uint32_t dist_owner_of(const dist_owners *ow, uint32_t g)
{
	/* the last run starting at g or before */
	size_t lo = 0, hi = ow->n;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (ow->run[mid] >> 32 <= g)
			lo = mid;
		else
			hi = mid;
	}
	return ow->n ? (uint32_t)ow->run[lo] : 0;
}

/* ---- API ---- */

/* The warnings other processes kept, to process 0's warn, in process order. */
static int flush_warnings(dist_ctx *dc, err_ctx *e)
{
	uint8_t *all = NULL;
	uint64_t *off = NULL;
	int rc = dist_gather(dc, dc->warnings.p, dc->warnings.n, &all, &off, e);
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
	int rc = dist_agree(dc, !r || !o ? err_set(e, OVL_EUSAGE, NULL, "missing reader or options")
				    : sim_check_opts(o, e), e);
	if (rc < 0)
		return rc;
	double t0 = dist_now();
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
	rc = dist_agree(dc, run_pass1(&c, &L, e), e);
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
		rc = dist_gather_texts(dc, r, &L, ndocs, &texts, &lens, e);
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
		rc = dist_gather(dc, m.p, m.n, &all, &off, e);
		sb_free(&m);
		if (rc == 0 && dc->rank == 0)
			rc = dist_commit_docs(dc, o, h, res, all, off[dc->size], ndocs, texts, lens, e);
		free(all);
		free(off);
		rc = dist_agree(dc, rc, e);
	}
	if (texts)
		for (uint64_t d = 0; d < ndocs; d++)
			free(texts[d]);
	free(texts);
	free(lens);
	dc->st.seconds_sketch = dist_now() - t0;
	rs->seconds_sketch = dc->st.seconds_sketch;
	if (rc == 0 && ndocs <= o->all_pairs_max) {
		rs->all_pairs = true;
		t0 = dist_now();
		rc = dist_all_pairs(dc, r, o, &c, &L, res, e);
		rs->seconds_candidates = dc->st.seconds_candidates = dist_now() - t0;
	} else if (rc == 0) {
		t0 = dist_now();
		if (dc->rank == 0 && o->progress)
			o->progress(o->ud, "candidates", 0, ndocs);
		dist_owners ow = { 0 };
		u64vec cands = { 0 };
		rc = dist_owners_build(dc, &L, &ow, e);
		if (rc == 0)
			rc = dist_lsh_candidates(dc, o, &rs->plan, &L, &cands, e);
		if (rc == 0 && ndocs >= 2 && o->containment <= 1.0)
			rc = dist_containment_candidates(dc, o, &L, &ow, &cands, e);
		/* the samples are done with */
		free(L.skeys);
		L.skeys = NULL;
		L.skeys_cap = 0;
		rs->seconds_candidates = dc->st.seconds_candidates = dist_now() - t0;
		t0 = dist_now();
		if (rc == 0)
			rc = dist_verify(dc, r, o, &c, &L, &ow, &cands, rs, e);
		rs->seconds_verify = dc->st.seconds_verify = dist_now() - t0;
		free(cands.p);
		free(ow.run);
	}
	dc->collect = false;
	docs_free(&L);
	shg_buf_free(&c.buf);
	free(c.stmp);
	free(c.stab.slot);
	free(c.sdist);
	free(c.scratch);
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
