/* dist_pairs.c - candidate pairs and their verification across processes (see dist.h).
 * All-pairs mode (small corpora): every set to process 0, cand_all_pairs there. LSH mode:
 * band keys and containment-sample keys routed to the process of their key, so a bucket or
 * a posting is whole on one process and gives the pairs the single-process index gives;
 * each pair is verified on the process that read its second document, the first one's set
 * shipped there. Memory: this process's needed sets plus those shipped to it.
 */
#include "dist_int.h"

#include <stdlib.h>

#include "hash.h"
#include "overlap/candidates.h"
#include "overlap/minhash.h"

static int cmp_bent(const void *x, const void *y)
{
	const bent *p = x, *q = y;
	if (p->bk != q->bk)
		return p->bk < q->bk ? -1 : 1;
	return p->doc < q->doc ? -1 : p->doc > q->doc;
}

/* Routes the n entries v (to processes dest[]) and sorts what this process receives by
 * (band, key, doc): doc order inside a bucket, so each pair comes a < b. *out is freed by
 * the caller. */
static int route_sorted(dist_ctx *dc, bent *v, uint32_t *dest, size_t n, bent **out,
			size_t *nout, err_ctx *e)
{
	void *in = NULL;
	size_t nin = 0;
	int rc = dist_route(dc, v, dest, n, sizeof *v, &in, &nin, e);
	if (rc < 0)
		return rc;
	qsort(in, nin, sizeof(bent), cmp_bent);
	*out = in;
	*nout = nin;
	return 0;
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

/* ---- LSH mode: keys to the process of their range ---- */

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

uint32_t dist_dest_of(uint64_t key, int P)
{
	return (uint32_t)(hash_mix64(key ^ 0x6b6579ULL) % (uint64_t)P);
}

/* LSH band keys: (band << 32 | key, doc, owner) routed by (band, key); every pair of a
 * bucket of 2..lsh_max_bucket() documents is a candidate. Appends to *cands. */
int dist_lsh_candidates(dist_ctx *dc, const sim_opts *o, const lsh_plan *plan,
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
			dest[n] = dist_dest_of(v[n].bk, dc->size);
			n++;
		}
	}
	free(keys);
	bent *b;
	size_t nin;
	int rc = route_sorted(dc, v, dest, n, &b, &nin, e);
	if (rc < 0)
		return rc;
	void *in = b;
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
int dist_containment_candidates(dist_ctx *dc, const sim_opts *o, const local_docs *L,
				  cand4 **cands, size_t *ncand, size_t *ccap, err_ctx *e)
{
	size_t total = L->n ? L->soff[L->n] : 0, n = 0;
	bent *v = xmalloc((total ? total : 1) * sizeof *v);
	uint32_t *dest = xmalloc((total ? total : 1) * sizeof *dest);
	for (size_t i = 0; i < L->n; i++) {
		uint32_t ds = (uint32_t)(L->soff[i + 1] - L->soff[i]);
		for (uint64_t k = L->soff[i]; k < L->soff[i + 1]; k++) {
			v[n] = (bent){ L->skeys[k], L->gidx[i], (uint32_t)dc->rank, ds, 0 };
			dest[n] = dist_dest_of(L->skeys[k], dc->size);
			n++;
		}
	}
	bent *b;
	size_t nin;
	int rc = route_sorted(dc, v, dest, n, &b, &nin, e);
	if (rc < 0)
		return rc;
	void *in = b;
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
		dest[i] = dist_dest_of((uint64_t)sh[i].a << 32 | sh[i].b, dc->size);
	rc = dist_route(dc, sh, dest, nsh, sizeof *sh, &in, &nin, e);
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

/* Candidates to the processes that need them: each to b's process (to verify, *ver) and
 * to a's (to ship a's set there, *ship as (a, destination) in (a, b)); both sorted and
 * repeat-free. @return 0 or <0 (agreed). */
static int split_candidates(dist_ctx *dc, const cand4 *cands, size_t ncand, cand4 **ver,
			    size_t *nver, cand4 **ship, size_t *nship, err_ctx *e)
{
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
	int rc = dist_route(dc, two, dest, 2 * ncand, sizeof *two, &in, &nin, e);
	*ver = xmalloc((nin ? nin : 1) * sizeof **ver);
	*ship = xmalloc((nin ? nin : 1) * sizeof **ship);
	*nver = *nship = 0;
	if (rc < 0)
		return rc;
	cand4 *got = in;
	for (size_t i = 0; i < nin; i++) {
		if (got[i].oa & 0x80000000u)
			(*ship)[(*nship)++] = (cand4){ got[i].a, got[i].ob, got[i].oa & 0x7fffffffu,
						       got[i].ob };
		else
			(*ver)[(*nver)++] = got[i];
	}
	free(got);
	cand4 *lists[2] = { *ver, *ship };
	size_t *ns[2] = { nver, nship };
	for (int k = 0; k < 2; k++) {
		qsort(lists[k], *ns[k], sizeof *lists[k], cmp_cand4);
		size_t w = 0;
		for (size_t i = 0; i < *ns[k]; i++)
			if (w == 0 || lists[k][w - 1].a != lists[k][i].a ||
			    lists[k][w - 1].b != lists[k][i].b)
				lists[k][w++] = lists[k][i];
		*ns[k] = w;
	}
	return 0;
}

/* The exact sets of this process's documents that ver (as b) or ship (as a) name, read
 * again (crp_select): sets[l] (owned) of setn[l] values by local index. @return 0 or <0
 * (agreed). */
static int read_sets(dist_ctx *dc, crp_reader *r, pass1 *c, const local_docs *L,
		     const cand4 *ver, size_t nver, const cand4 *ship, size_t nship,
		     uint64_t **sets, uint64_t *setn, err_ctx *e)
{
	uint8_t *need = xcalloc(L->n ? L->n : 1, 1);
	size_t nneed = 0;
	for (size_t i = 0; i < nver + nship; i++) {
		long l = dist_local_of(L, i < nver ? ver[i].b : ship[i - nver].a);
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
			size_t n = shg_sort_unique(c->buf.v, c->buf.n);
			sets[l] = xmalloc((n ? n : 1) * sizeof **sets);
			memcpy(sets[l], c->buf.v, n * sizeof **sets);
			setn[l] = n;
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

/* Ship a's set and signature to each process in ship (sorted by (a, destination)), and
 * receive those shipped here: *gs (owned, sorted by document; each set and signature owned).
 * @return 0 or <0 (agreed). */
static int ship_sets(dist_ctx *dc, const sim_opts *o, const local_docs *L, const cand4 *ship,
		     size_t nship, uint64_t *const *sets, const uint64_t *setn, got_set **gs,
		     size_t *ngs, err_ctx *e)
{
	int P = dc->size;
	sbuf out = { 0 };
	uint64_t *off = xcalloc((size_t)P + 1, sizeof *off);
	for (int k = 0; k < P; k++) {
		off[k] = out.n;
		for (size_t i = 0; i < nship; i++) {
			long l = (int)ship[i].b == k ? dist_local_of(L, ship[i].a) : -1;
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
	uint8_t *rs = NULL;
	uint64_t *rs_off = NULL;
	int rc = dist_exchange(dc, &out, off, &rs, &rs_off, e);
	sb_free(&out);
	free(off);
	*gs = NULL;
	*ngs = 0;
	size_t gscap = 0;
	if (rc == 0) {
		upk u = { rs, rs + rs_off[P], false };
		while (u.p < u.end && !u.bad) {
			got_set g = { 0 };
			g.g = up_u32(&u);
			g.n = up_u64(&u);
			uint64_t need_b = g.n * 8 + (uint64_t)o->nperm * 4;
			if (u.bad || (uint64_t)(u.end - u.p) < need_b)
				break;
			/* copies: the bytes are not aligned for uint64_t */
			uint64_t *sv = xmalloc((g.n ? g.n : 1) * sizeof *sv);
			uint32_t *sg = xmalloc(o->nperm * sizeof *sg);
			memcpy(sv, u.p, g.n * 8);
			memcpy(sg, u.p + g.n * 8, o->nperm * 4);
			u.p += need_b;
			g.set = sv;
			g.sig = sg;
			XGROW(*gs, gscap, *ngs + 1);
			(*gs)[(*ngs)++] = g;
		}
		qsort(*gs, *ngs, sizeof **gs, cmp_got);
	}
	free(rs);
	free(rs_off);
	return rc;
}

/* Exact overlap of each pair in ver; the kept ones as sim_pair bytes into *kept.
 * @return 0 or OVL_EIO (a set missing: not agreed yet). */
static int verify_pairs(const sim_opts *o, const local_docs *L, const cand4 *ver, size_t nver,
			const got_set *gs, size_t ngs, uint64_t *const *sets, const uint64_t *setn,
			sbuf *kept, err_ctx *e)
{
	cand_filter f = { o->threshold, o->containment, false };
	for (size_t i = 0; i < nver; i++) {
		long lb = dist_local_of(L, ver[i].b);
		got_set key = { .g = ver[i].a };
		const got_set *ga = bsearch(&key, gs, ngs, sizeof *gs, cmp_got);
		if (lb < 0 || !ga || !sets[lb])
			return err_set(e, OVL_EIO, NULL,
				       "a candidate's set is missing after the exchange");
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
		sb_add(kept, (const char *)&sp, sizeof sp);
	}
	return 0;
}

/* Verify candidates: each on the process holding b, which gets a's set from a's process;
 * sets are made by reading the needed documents again. Kept pairs go to process 0 (res),
 * sorted; res->ncandidates there is the number of distinct candidates. */
int dist_verify(dist_ctx *dc, crp_reader *r, const sim_opts *o, pass1 *c,
		const local_docs *L, cand4 *cands, size_t ncand, sim_result *res, err_ctx *e)
{
	cand4 *ver = NULL, *ship = NULL;
	size_t nver = 0, nship = 0;
	int rc = split_candidates(dc, cands, ncand, &ver, &nver, &ship, &nship, e);
	if (rc < 0) {
		free(ver);
		free(ship);
		return rc;
	}
	dc->st.candidates = nver;
	uint64_t nc = nver;
	MPI_Reduce(&nc, &res->ncandidates, 1, MPI_UINT64_T, MPI_SUM, 0, dc->comm);
	uint64_t **sets = xcalloc(L->n ? L->n : 1, sizeof *sets);
	uint64_t *setn = xcalloc(L->n ? L->n : 1, sizeof *setn);
	rc = read_sets(dc, r, c, L, ver, nver, ship, nship, sets, setn, e);
	got_set *gs = NULL;
	size_t ngs = 0;
	if (rc == 0)
		rc = ship_sets(dc, o, L, ship, nship, sets, setn, &gs, &ngs, e);
	free(ship);
	sbuf kept = { 0 };
	if (rc == 0)
		rc = dist_agree(dc, verify_pairs(o, L, ver, nver, gs, ngs, sets, setn, &kept, e), e);
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
