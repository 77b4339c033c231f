/* dist_cand.c - candidate pairs across processes (see dist.h), at about the cost of the
 * single-process index (lsh.c, candidates.c).
 *
 * Keys travel as 8-byte values (key << 32 | document), the form lsh.c and candidates.c
 * sort: a key's process comes from the key's top bits (32-bit hash bits: ranges are even),
 * and the process holding a document is found in the owners' table (dist.c), so no record
 * carries it. Both joins run in rounds that each send at most DIST_ROUND_BYTES from a
 * process (LSH: a group of bands; containment: a slice of the key range), and a round's
 * buffers are freed before the next, so memory is bounded by a round, not by all keys.
 * On the key's process the values are radix-sorted by key (shg_sort_hi32); a bucket or a
 * posting is whole there and gives the pairs the single-process index gives (same caps).
 * Containment counts are partial on each key's process: they are summed on the process of
 * the pair's first document, which knows its sample size, and decided on the process of
 * the second. The result is a list of candidates (a << 32 | b, a < b) on each process,
 * with repeats; dist_verify settles them.
 */
#include "dist_int.h"

#include <stdlib.h>

#include "compiler.h"
#include "hash.h"
#include "overlap/candidates.h"
#include "overlap/minhash.h"

/* ---- tuning ---- */

/* Bytes of keys one process sends in one round at most (about as many are received): a
 * round's buffers are about 2.5x this. 16 MiB: 5 LSH rounds and 6 containment rounds at
 * 200,000 documents a process, against 100 MB of signatures; at 50,000 documents a process
 * (a large job) two LSH rounds. A round costs collectives, and containment one more scan
 * of the samples. */
#define DIST_ROUND_BYTES ((uint64_t)16 << 20)
/* Lone-key filter slots per containment entry, as candidates.c's CAND_FILTER_BITS. */
#define DIST_FILTER_SLOTS 8
/* The filter (megabytes) and the signatures (a few lines of each, band by band) are read
 * at random: what is needed this many entries ahead is asked for. */
#define DIST_PREFETCH 16

/* ---- helpers ---- */

/* Which of n ranges of the 32-bit hash bits key falls in. */
static inline uint32_t key_range(uint32_t key, uint64_t n)
{
	return (uint32_t)(((uint64_t)key * n) >> 32);
}

static void push(u64vec *v, uint64_t x)
{
	XGROW(v->p, v->cap, v->n + 1);
	v->p[v->n++] = x;
}

/* Send v (cnt[k] values for process k, grouped in process order) and receive *in (owned,
 * *nin values; from process k rcnt[k] when rcnt is given). @return 0 or <0 (agreed). */
static int xchg_u64(dist_ctx *dc, const uint64_t *v, const uint64_t *cnt, uint64_t **in,
		    size_t *nin, uint64_t *rcnt, err_ctx *e)
{
	int P = dc->size;
	uint64_t *off = xmalloc(((size_t)P + 1) * sizeof *off);
	off[0] = 0;
	for (int k = 0; k < P; k++)
		off[k + 1] = off[k] + cnt[k] * sizeof *v;
	sbuf out = { .p = (char *)v, .n = off[P] };
	uint8_t *got = NULL;
	uint64_t *got_off = NULL;
	int rc = dist_exchange(dc, &out, off, &got, &got_off, e);
	free(off);
	*in = (uint64_t *)got;
	*nin = rc == 0 ? (size_t)(got_off[P] / sizeof *v) : 0;
	for (int k = 0; rcnt && rc == 0 && k < P; k++)
		rcnt[k] = (got_off[k + 1] - got_off[k]) / sizeof *v;
	free(got_off);
	return rc;
}

/* The pairs of a bucket or posting v[s..t) (sorted by key), each (min << 32 | max). */
static void emit_pairs(const uint64_t *v, size_t s, size_t t, u64vec *out)
{
	size_t m = t - s;
	XGROW(out->p, out->cap, out->n + m * (m - 1) / 2);
	for (size_t x = s; x < t; x++)
		for (size_t y = x + 1; y < t; y++) {
			uint32_t a = (uint32_t)v[x], b = (uint32_t)v[y];
			out->p[out->n++] = a < b ? (uint64_t)a << 32 | b : (uint64_t)b << 32 | a;
		}
}

/* Sort v[0..n) by key (tmp: room for n) and emit the pairs of every run of 2..maxm equal
 * keys into out. */
static void join_sorted(uint64_t *v, uint64_t *tmp, size_t n, size_t maxm, u64vec *out)
{
	const uint64_t *s = shg_sort_hi32(v, tmp, n, 1);
	for (size_t i = 0; i < n;) {
		size_t j = i + 1;
		while (j < n && s[j] >> 32 == s[i] >> 32)
			j++;
		if (j - i > 1 && j - i <= maxm)
			emit_pairs(s, i, j, out);
		i = j;
	}
}

/* ---- LSH ---- */

/* One round of bands j0 .. j0 + g: the band keys of the documents li[0..n) (local indexes)
 * to their processes, each band's buckets joined there. */
static int lsh_round(dist_ctx *dc, const sim_opts *o, const lsh_plan *plan,
		     const local_docs *L, const uint32_t *li, size_t n, unsigned j0, unsigned g,
		     u64vec *pairs, err_ctx *e)
{
	size_t P = (size_t)dc->size, ng = P * g;
	uint32_t *keys = xmalloc((n * g + 1) * sizeof *keys);
	uint32_t *scnt = xcalloc(ng, sizeof *scnt), *rcnt = xcalloc(ng, sizeof *rcnt);
	size_t rows = plan->rows;
	for (size_t i = 0; i < n; i++) {
		if (i + DIST_PREFETCH < n) {
			const uint32_t *ahead = L->sigs + (size_t)li[i + DIST_PREFETCH] * o->nperm;
			OVL_PREFETCH(ahead + j0 * rows);
			OVL_PREFETCH(ahead + (j0 + g) * rows - 1);
		}
		for (unsigned t = 0; t < g; t++) {
			uint32_t k = lsh_band_key(plan, L->sigs + (size_t)li[i] * o->nperm, j0 + t);
			keys[i * g + t] = k;
			scnt[(size_t)key_range(k, P) * g + t]++;
		}
	}
	/* grouped by process, then band, then document */
	uint64_t *pos = xmalloc((ng + 1) * sizeof *pos), *cnt = xcalloc(P, sizeof *cnt);
	pos[0] = 0;
	for (size_t x = 0; x < ng; x++) {
		pos[x + 1] = pos[x] + scnt[x];
		cnt[x / g] += scnt[x];
	}
	uint64_t *send = NULL;
	size_t send_cap = 0;
	XBIG_GROW(send, send_cap, n * g + 1);
	for (size_t i = 0; i < n; i++)
		for (unsigned t = 0; t < g; t++) {
			uint32_t k = keys[i * g + t];
			send[pos[(size_t)key_range(k, P) * g + t]++] = (uint64_t)k << 32 | L->gidx[li[i]];
		}
	free(pos);
	free(keys);
	MPI_Alltoall(scnt, (int)g, MPI_UINT32_T, rcnt, (int)g, MPI_UINT32_T, dc->comm);
	uint64_t *in = NULL;
	size_t nin = 0;
	int rc = xchg_u64(dc, send, cnt, &in, &nin, NULL, e);
	XBIG_FREE(send, send_cap);
	free(cnt);
	if (rc == 0) {
		/* band t of process k: after k's earlier bands, after the earlier processes */
		uint64_t *start = xmalloc((ng + 1) * sizeof *start);
		size_t most = 0;
		start[0] = 0;
		for (size_t x = 0; x < ng; x++)
			start[x + 1] = start[x] + rcnt[x];
		for (unsigned t = 0; t < g; t++) {
			size_t m = 0;
			for (size_t k = 0; k < P; k++)
				m += rcnt[k * g + t];
			most = m > most ? m : most;
		}
		uint64_t *v = NULL, *tmp = NULL;
		size_t vcap = 0, tcap = 0;
		XBIG_GROW(v, vcap, most + 1);
		XBIG_GROW(tmp, tcap, most + 1);
		for (unsigned t = 0; t < g; t++) {
			size_t m = 0;
			for (size_t k = 0; k < P; k++) {
				size_t x = k * g + t;
				memcpy(v + m, in + start[x], rcnt[x] * sizeof *v);
				m += rcnt[x];
			}
			join_sorted(v, tmp, m, lsh_max_bucket(), pairs);
		}
		XBIG_FREE(v, vcap);
		XBIG_FREE(tmp, tcap);
		free(start);
	}
	free(in);
	free(scnt);
	free(rcnt);
	return rc;
}

int dist_lsh_candidates(dist_ctx *dc, const sim_opts *o, const lsh_plan *plan,
			const local_docs *L, u64vec *pairs, err_ctx *e)
{
	unsigned nb = plan->bands;
	size_t n = 0;
	uint32_t *li = xmalloc((L->n + 1) * sizeof *li); /* documents with a signature */
	for (size_t i = 0; i < L->n; i++)
		if (!mh_is_empty(L->sigs + i * o->nperm, o->nperm))
			li[n++] = (uint32_t)i;
	/* bands a round: the same on every process (the largest one's) */
	uint64_t most = n;
	MPI_Allreduce(MPI_IN_PLACE, &most, 1, MPI_UINT64_T, MPI_MAX, dc->comm);
	uint64_t per = most ? DIST_ROUND_BYTES / (most * sizeof(uint64_t)) : nb;
	per = per < 1 ? 1 : per > nb ? nb : per;
	unsigned rounds = nb ? (unsigned)((nb + per - 1) / per) : 0;
	per = rounds ? (nb + rounds - 1) / rounds : 0;
	int rc = 0;
	for (unsigned j0 = 0; j0 < nb && rc == 0; j0 += (unsigned)per) {
		unsigned g = nb - j0 < per ? nb - j0 : (unsigned)per;
		rc = lsh_round(dc, o, plan, L, li, n, j0, g, pairs, e);
	}
	free(li);
	/* a near-duplicate pair collides in most bands */
	pairs->n = shg_sort_unique(pairs->p, pairs->n);
	return rc;
}

/* ---- containment ---- */

/* The pairs of postings of 2..cand_max_posting() documents among the (key << 32 | doc)
 * values v[0..n) (keys distinct inside a document), one a shared key. Keys met once are
 * filtered out first (two bits a slot of a table indexed by the key's low bits, as
 * candidates.c): only the others are sorted. */
static void join_postings(uint64_t *v, size_t n, u64vec *out)
{
	unsigned fbits = 16;
	while (fbits < 30 && ((size_t)1 << fbits) < n * DIST_FILTER_SLOTS)
		fbits++;
	uint64_t fmask = ((uint64_t)1 << fbits) - 1;
	uint64_t *seen = xcalloc(((size_t)1 << fbits) / 32, sizeof *seen);
	for (size_t i = 0; i < n; i++) {
		if (i + DIST_PREFETCH < n)
			OVL_PREFETCH(&seen[((v[i + DIST_PREFETCH] >> 32) & fmask) >> 5]);
		uint64_t h = (v[i] >> 32) & fmask, *w = &seen[h >> 5];
		unsigned at = 2 * (unsigned)(h & 31);
		*w |= ((*w >> at) & 1) << (at + 1) | (uint64_t)1 << at;
	}
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (i + DIST_PREFETCH < n)
			OVL_PREFETCH(&seen[((v[i + DIST_PREFETCH] >> 32) & fmask) >> 5]);
		uint64_t h = (v[i] >> 32) & fmask;
		v[k] = v[i];
		k += (seen[h >> 5] >> (2 * (h & 31) + 1)) & 1;
	}
	free(seen);
	uint64_t *tmp = NULL;
	size_t tcap = 0;
	XBIG_GROW(tmp, tcap, k + 1);
	join_sorted(v, tmp, k, cand_max_posting(), out);
	XBIG_FREE(tmp, tcap);
}

/* A pair's shared sample keys counted on one process, and a side's sample size. */
typedef struct pcount {
	uint64_t ab;
	uint32_t cnt, na;
} pcount;

/* Sum the counts of equal pairs in v[0..n) (any order) into v[0..): @return their number.
 * An open-addressing table (the value all-ones is never a pair: a < b). */
static size_t sum_counts(pcount *v, size_t n)
{
	size_t cap = 16;
	while (cap < 2 * n)
		cap *= 2;
	pcount *t = xmalloc(cap * sizeof *t);
	for (size_t i = 0; i < cap; i++)
		t[i].ab = UINT64_MAX;
	size_t m = 0;
	for (size_t i = 0; i < n; i++) {
		size_t h = (size_t)hash_mix64(v[i].ab) & (cap - 1);
		while (t[h].ab != UINT64_MAX && t[h].ab != v[i].ab)
			h = (h + 1) & (cap - 1);
		if (t[h].ab == UINT64_MAX) {
			t[h] = v[i];
			m++;
		} else {
			uint64_t c = (uint64_t)t[h].cnt + v[i].cnt;
			t[h].cnt = c > UINT32_MAX ? UINT32_MAX : (uint32_t)c;
		}
	}
	size_t w = 0;
	for (size_t i = 0; i < cap; i++)
		if (t[i].ab != UINT64_MAX)
			v[w++] = t[i];
	free(t);
	return m;
}

/* Sample size of local document g (its distinct sample keys). */
static uint32_t sample_size(const local_docs *L, uint32_t g)
{
	long l = dist_local_of(L, g);
	return l < 0 ? 0 : (uint32_t)(L->soff[l + 1] - L->soff[l]);
}

/* Records to the process of their pair's first (side 0) or second (side 1) document. */
static int route_counts(dist_ctx *dc, const dist_owners *ow, pcount *v, size_t n, int side,
			pcount **in, size_t *nin, err_ctx *e)
{
	uint32_t *dest = xmalloc((n ? n : 1) * sizeof *dest);
	for (size_t i = 0; i < n; i++)
		dest[i] = dist_owner_of(ow, side ? (uint32_t)v[i].ab : (uint32_t)(v[i].ab >> 32));
	void *got = NULL;
	int rc = dist_route(dc, v, dest, n, sizeof *v, &got, nin, e);
	*in = got;
	return rc;
}

/* One round: the keys of slice r of nr of the key range to their processes, joined there. */
static int cont_round(dist_ctx *dc, const local_docs *L, const uint64_t *cnt, unsigned r,
		      unsigned nr, u64vec *shared, err_ctx *e)
{
	size_t P = (size_t)dc->size;
	uint64_t nranges = (uint64_t)P * nr, *pos = xmalloc((P + 1) * sizeof *pos);
	pos[0] = 0;
	for (size_t k = 0; k < P; k++)
		pos[k + 1] = pos[k] + cnt[(size_t)r * P + k];
	uint64_t *send = NULL;
	size_t send_cap = 0;
	XBIG_GROW(send, send_cap, pos[P] + 1);
	/* this round's ranges are first .. first + P; a key of another round is written to
	 * the spare slot send[pos[P]] and not counted (no branch on a 1-in-nr chance) */
	uint32_t first = (uint32_t)(r * P);
	for (size_t i = 0; i < L->n; i++)
		for (uint64_t k = L->soff[i]; k < L->soff[i + 1]; k++) {
			uint32_t key = L->skeys[k], x = key_range(key, nranges) - first;
			uint32_t in = x < P, d = in ? x : (uint32_t)P;
			send[pos[d]] = (uint64_t)key << 32 | L->gidx[i];
			pos[d] += in;
		}
	free(pos);
	uint64_t *in = NULL;
	size_t nin = 0;
	int rc = xchg_u64(dc, send, cnt + (size_t)r * P, &in, &nin, NULL, e);
	XBIG_FREE(send, send_cap);
	if (rc == 0)
		join_postings(in, nin, shared);
	free(in);
	return rc;
}

/* Containment join (cand_containment over the processes): distinct sample keys to the
 * process of their range, in rounds; a posting of 2..cand_max_posting() documents gives
 * each of its pairs one shared key; the counts are summed on the process of the pair's
 * first document (which adds its sample size) and pass cand_containment_pass or not on
 * the process of its second. Appends the passing pairs to *cands. */
int dist_containment_candidates(dist_ctx *dc, const sim_opts *o, const local_docs *L,
				const dist_owners *ow, u64vec *cands, err_ctx *e)
{
	size_t P = (size_t)dc->size, total = L->n ? L->soff[L->n] : 0;
	uint64_t most = total;
	MPI_Allreduce(MPI_IN_PLACE, &most, 1, MPI_UINT64_T, MPI_MAX, dc->comm);
	unsigned nr = (unsigned)((most * sizeof(uint64_t) + DIST_ROUND_BYTES - 1) / DIST_ROUND_BYTES);
	nr = nr < 1 ? 1 : nr;
	/* values a (round, process), so that each round's buffer is sized once */
	uint64_t *cnt = xcalloc(P * nr, sizeof *cnt);
	for (size_t k = 0; k < total; k++)
		cnt[key_range(L->skeys[k], (uint64_t)P * nr)]++;
	u64vec sh = { 0 };
	int rc = 0;
	for (unsigned r = 0; r < nr && rc == 0; r++)
		rc = cont_round(dc, L, cnt, r, nr, &sh, e);
	free(cnt);
	if (rc < 0) {
		free(sh.p);
		return rc;
	}
	/* this process's counts, summed on the first document's process */
	shg_sort_u64(sh.p, sh.n);
	pcount *pc = xmalloc((sh.n ? sh.n : 1) * sizeof *pc);
	size_t npc = 0;
	for (size_t i = 0; i < sh.n;) {
		size_t j = i + 1;
		while (j < sh.n && sh.p[j] == sh.p[i])
			j++;
		pc[npc++] = (pcount){ sh.p[i], (uint32_t)(j - i), 0 };
		i = j;
	}
	free(sh.p);
	pcount *in = NULL;
	size_t nin = 0;
	rc = route_counts(dc, ow, pc, npc, 0, &in, &nin, e);
	if (rc < 0)
		return rc;
	/* two shared keys and three sampled ones at least, whatever the other side's size */
	size_t m = sum_counts(in, nin), w = 0;
	for (size_t i = 0; i < m; i++) {
		in[i].na = sample_size(L, (uint32_t)(in[i].ab >> 32));
		if (in[i].cnt >= 2 && in[i].na >= 3)
			in[w++] = in[i];
	}
	pc = in;
	rc = route_counts(dc, ow, pc, w, 1, &in, &nin, e);
	if (rc < 0)
		return rc;
	for (size_t i = 0; i < nin; i++)
		if (cand_containment_pass(in[i].cnt, in[i].na, sample_size(L, (uint32_t)in[i].ab),
					  o->containment))
			push(cands, in[i].ab);
	free(in);
	return 0;
}
