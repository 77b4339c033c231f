/* dist_pairs.c - all-pairs mode and the verification of candidates across processes (see
 * dist.h). All-pairs mode (small corpora): every set to process 0, cand_all_pairs there.
 * LSH mode: the candidates (dist_cand.c) go to the process that read their second document,
 * which verifies them, and to the one that read their first, which ships its set there.
 * Memory: this process's needed sets plus those shipped to it.
 */
#include "dist_int.h"

#include <stdlib.h>

#include "overlap/candidates.h"
#include "overlap/minhash.h"

static int cmp_sim_pair(const void *x, const void *y)
{
	const sim_pair *p = x, *q = y;
	if (p->a != q->a)
		return p->a < q->a ? -1 : 1;
	return p->b < q->b ? -1 : p->b > q->b;
}

/* ---- all-pairs mode (small corpora): sets to process 0 ---- */

int dist_all_pairs(dist_ctx *dc, crp_reader *r, const sim_opts *o, pass1 *c, local_docs *L,
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
	rc = dist_agree(dc, rc, e);
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
	rc = dist_gather(dc, out.p, out.n, &all, &off, e);
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

/* ---- LSH mode: routing, verification ---- */

/* Route fixed-size records: rec k of size sz goes to dest[k]. @return 0 or <0 (agreed);
 * *in (owned) holds *nin records. */
int dist_route(dist_ctx *dc, void *recs, uint32_t *dest, size_t n, size_t sz,
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
	free(recs); /* the records live on in out: one copy less at the peak */
	free(dest);
	uint8_t *got = NULL;
	uint64_t *got_off = NULL;
	int rc = dist_exchange(dc, &out, off, &got, &got_off, e);
	sb_free(&out);
	free(off);
	*in = got;
	*nin = rc == 0 ? (size_t)(got_off[P] / sz) : 0;
	free(got_off);
	return rc;
}

/* One shipped set: document and set size, then the set and the signature (padded to 8
 * bytes), read in place in the received bytes (records of whole 8-byte words). */
typedef struct got_set {
	uint32_t g;
	uint64_t n;
	const uint64_t *set;
	const uint32_t *sig;
} got_set;

static int cmp_got(const void *x, const void *y)
{
	uint32_t a = ((const got_set *)x)->g, b = ((const got_set *)y)->g;
	return a < b ? -1 : a > b;
}

/* Candidates (a << 32 | b) to the processes that need them: each to b's process (to verify
 * there, *ver as a << 32 | b) and to a's (to ship a's set to b's, *ship as
 * process << 32 | a, unless that is a's own); both sorted and repeat-free. Takes cands.
 * @return 0 or <0 (agreed). */
static int split_candidates(dist_ctx *dc, const dist_owners *ow, u64vec *cands, u64vec *ver,
			    u64vec *ship, err_ctx *e)
{
	size_t n = cands->n, m = 0;
	uint64_t *two = xmalloc((n ? n : 1) * 2 * sizeof *two);
	uint32_t *dest = xmalloc((n ? n : 1) * 2 * sizeof *dest);
	for (size_t i = 0; i < n; i++) {
		uint64_t ab = cands->p[i];
		uint32_t oa = dist_owner_of(ow, (uint32_t)(ab >> 32));
		uint32_t ob = dist_owner_of(ow, (uint32_t)ab);
		two[m] = ab;
		dest[m++] = ob;
		if (oa != ob) {
			two[m] = ab;
			dest[m++] = oa;
		}
	}
	free(cands->p);
	memset(cands, 0, sizeof *cands);
	void *in = NULL;
	size_t nin = 0;
	int rc = dist_route(dc, two, dest, m, sizeof *two, &in, &nin, e);
	uint64_t *got = in;
	memset(ver, 0, sizeof *ver);
	memset(ship, 0, sizeof *ship);
	if (rc < 0) {
		free(got);
		return rc;
	}
	nin = shg_sort_unique(got, nin);
	ship->p = xmalloc((nin ? nin : 1) * sizeof *ship->p);
	ship->cap = nin ? nin : 1;
	for (size_t i = 0; i < nin; i++) {
		uint32_t a = (uint32_t)(got[i] >> 32), b = (uint32_t)got[i];
		uint32_t ob = dist_owner_of(ow, b);
		if (dist_owner_of(ow, a) == (uint32_t)dc->rank && ob != (uint32_t)dc->rank)
			ship->p[ship->n++] = (uint64_t)ob << 32 | a; /* else read here */
		if (ob == (uint32_t)dc->rank)
			got[ver->n++] = got[i]; /* in place: ver->n <= i */
	}
	ver->p = got;
	ver->cap = nin;
	ship->n = shg_sort_unique(ship->p, ship->n);
	return 0;
}

/* The exact sets of this process's documents that ver or ship (as a) name, read
 * again (crp_select): sets[l] (owned) of setn[l] values by local index. @return 0 or <0
 * (agreed). */
static int read_sets(dist_ctx *dc, crp_reader *r, pass1 *c, const local_docs *L,
		     const u64vec *ver, const u64vec *ship, uint64_t **sets, uint64_t *setn,
		     err_ctx *e)
{
	uint8_t *need = xcalloc(L->n ? L->n : 1, 1);
	size_t nneed = 0;
	for (size_t i = 0; i < 2 * ver->n + ship->n; i++) {
		uint64_t x = i < 2 * ver->n ? ver->p[i / 2] : ship->p[i - 2 * ver->n];
		long l = dist_local_of(L, (uint32_t)(i < 2 * ver->n && i % 2 ? x >> 32 : x));
		if (l >= 0 && !need[l])
			need[l] = 1, nneed++;
	}
	int rc = 0;
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
			/* distinct values in any order (a hash set, as similarity.c's pass 2) */
			sets[l] = xmalloc((c->buf.n ? c->buf.n : 1) * sizeof **sets);
			setn[l] = shg_table_build(&c->stab, &c->stab_cap, 4, c->buf.v, c->buf.n,
						  sets[l]);
			sets[l] = xrealloc(sets[l], (setn[l] ? setn[l] : 1) * sizeof **sets);
			seen++;
		}
		crp_doc_clear(&doc);
		if (rc >= 0 && seen != nneed)
			rc = err_set(e, OVL_EINPUT, "",
				     "input changed between passes (%zu of %zu documents)", seen, nneed);
		rc = rc < 0 ? rc : 0;
	}
	free(need);
	return dist_agree(dc, rc, e);
}

/* Ship a's set and signature to each process in ship (process << 32 | a, sorted), and
 * receive those shipped here: *gs (owned, sorted by document) pointing into *got (owned).
 * @return 0 or <0 (agreed). */
static int ship_sets(dist_ctx *dc, const sim_opts *o, const local_docs *L, const u64vec *ship,
		     uint64_t *const *sets, const uint64_t *setn, got_set **gs, size_t *ngs,
		     uint8_t **got, err_ctx *e)
{
	int P = dc->size;
	size_t sigw = ((size_t)o->nperm + 1) / 2; /* the signature in 8-byte words */
	uint64_t *off = xcalloc((size_t)P + 1, sizeof *off);
	for (size_t i = 0; i < ship->n; i++) {
		long l = dist_local_of(L, (uint32_t)ship->p[i]);
		if (l >= 0)
			off[(ship->p[i] >> 32) + 1] += (2 + setn[l] + sigw) * 8;
	}
	for (int k = 0; k < P; k++)
		off[k + 1] += off[k];
	/* sized exactly: the copies of the sets are the peak of verification */
	uint64_t *w = xmalloc(off[P] + 8);
	memset(w, 0, off[P] + 8);
	for (size_t i = 0, at = 0; i < ship->n; i++) {
		uint32_t a = (uint32_t)ship->p[i];
		long l = dist_local_of(L, a);
		if (l < 0)
			continue;
		w[at++] = a;
		w[at++] = setn[l];
		memcpy(w + at, sets[l], setn[l] * 8);
		at += setn[l];
		memcpy(w + at, L->sigs + (size_t)l * o->nperm, o->nperm * sizeof *L->sigs);
		at += sigw;
	}
	sbuf out = { .p = (char *)w, .n = off[P] };
	uint8_t *rs = NULL;
	uint64_t *rs_off = NULL;
	int rc = dist_exchange(dc, &out, off, &rs, &rs_off, e);
	free(w);
	free(off);
	*gs = NULL;
	*ngs = 0;
	*got = rs;
	size_t gscap = 0;
	if (rc == 0) {
		const uint64_t *p = (const uint64_t *)rs, *end = p + rs_off[P] / 8;
		while (end - p >= 2) {
			got_set g = { (uint32_t)p[0], p[1], p + 2, NULL };
			if (g.n > (uint64_t)(end - p) - 2 || (uint64_t)(end - p) - 2 - g.n < sigw)
				break;
			g.sig = (const uint32_t *)(p + 2 + g.n);
			p += 2 + g.n + sigw;
			XGROW(*gs, gscap, *ngs + 1);
			(*gs)[(*ngs)++] = g;
		}
		if (*ngs > 1) /* none at all when every pair is this process's own */
			qsort(*gs, *ngs, sizeof **gs, cmp_got);
	}
	free(rs_off);
	return rc;
}

/* Exact overlap of each pair in ver (a's set in a hash table, b's counted against it); the
 * kept ones as sim_pair bytes into *kept. @return 0 or OVL_EIO (a set missing: not agreed
 * yet). */
static int verify_pairs(const sim_opts *o, pass1 *c, const local_docs *L, const u64vec *ver,
			const got_set *gs, size_t ngs, uint64_t *const *sets, const uint64_t *setn,
			sbuf *kept, err_ctx *e)
{
	cand_filter f = { o->threshold, o->containment, false };
	for (size_t i = 0; i < ver->n; i++) {
		uint32_t a = (uint32_t)(ver->p[i] >> 32), b = (uint32_t)ver->p[i];
		long lb = dist_local_of(L, b), la = dist_local_of(L, a);
		got_set key = { .g = a }, here;
		const got_set *ga = la >= 0 || !ngs ? NULL : bsearch(&key, gs, ngs, sizeof *gs, cmp_got);
		if (la >= 0 && sets[la]) {
			here = (got_set){ a, setn[la], sets[la], L->sigs + (size_t)la * o->nperm };
			ga = &here;
		}
		if (lb < 0 || !ga || !sets[lb])
			return err_set(e, OVL_EIO, NULL,
				       "a candidate's set is missing after the exchange");
		/* a's set as a hash table, once for its run of pairs (ver is sorted by a) */
		if (i == 0 || ver->p[i - 1] >> 32 != a) {
			XGROW(c->sdist, c->sdist_cap, ga->n + 1);
			shg_table_build(&c->stab, &c->stab_cap, 4, ga->set, ga->n, c->sdist);
		}
		cand_pair p = { .a = a, .b = b };
		size_t inter = shg_table_count(&c->stab, sets[lb], setn[lb]);
		cand_fill(&p, ga->n, setn[lb], inter);
		if (!cand_keep(&p, &f))
			continue;
		sim_pair sp = {
			.a = p.a, .b = p.b, .jaccard = p.jaccard,
			.jaccard_est = mh_jaccard(ga->sig, L->sigs + (size_t)lb * o->nperm, o->nperm),
			.cont_ab = p.cont_ab, .cont_ba = p.cont_ba,
		};
		sb_add(kept, (const char *)&sp, sizeof sp);
	}
	return 0;
}

/* Verify candidates: each on the process holding b, which gets a's set from a's process;
 * sets are made by reading the needed documents again. Kept pairs go to process 0 (res),
 * sorted; res->ncandidates there is the number of distinct candidates. */
int dist_verify(dist_ctx *dc, crp_reader *r, const sim_opts *o, pass1 *c,
		const local_docs *L, const dist_owners *ow, u64vec *cands, sim_result *res,
		err_ctx *e)
{
	u64vec ver, ship;
	int rc = split_candidates(dc, ow, cands, &ver, &ship, e);
	if (rc < 0) {
		free(ver.p);
		free(ship.p);
		return rc;
	}
	dc->st.candidates = ver.n;
	uint64_t nc = ver.n;
	MPI_Reduce(&nc, &res->ncandidates, 1, MPI_UINT64_T, MPI_SUM, 0, dc->comm);
	uint64_t **sets = xcalloc(L->n ? L->n : 1, sizeof *sets);
	uint64_t *setn = xcalloc(L->n ? L->n : 1, sizeof *setn);
	rc = read_sets(dc, r, c, L, &ver, &ship, sets, setn, e);
	got_set *gs = NULL;
	size_t ngs = 0;
	uint8_t *got = NULL;
	if (rc == 0)
		rc = ship_sets(dc, o, L, &ship, sets, setn, &gs, &ngs, &got, e);
	free(ship.p);
	sbuf kept = { 0 };
	if (rc == 0)
		rc = dist_agree(dc, verify_pairs(o, c, L, &ver, gs, ngs, sets, setn, &kept, e), e);
	free(gs);
	free(got);
	for (size_t l = 0; l < L->n; l++)
		free(sets[l]);
	free(sets);
	free(setn);
	free(ver.p);
	uint8_t *all = NULL;
	uint64_t *aoff = NULL;
	if (rc == 0)
		rc = dist_gather(dc, kept.p, kept.n, &all, &aoff, e);
	sb_free(&kept);
	if (rc < 0 || dc->rank != 0)
		return rc;
	size_t np = (size_t)(aoff[dc->size] / sizeof(sim_pair));
	res->pairs = xmalloc((np ? np : 1) * sizeof *res->pairs);
	memcpy(res->pairs, all, np * sizeof *res->pairs);
	res->npairs = np;
	qsort(res->pairs, np, sizeof *res->pairs, cmp_sim_pair);
	free(all);
	free(aoff);
	return 0;
}
