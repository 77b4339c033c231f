/* candidates.c - exact all-pairs overlap, sampled containment candidates, verification
 * helpers (see candidates.h).
 *
 * All-pairs: shingles are mapped to dense ids, postings are filled in document order, and
 * each document a counts, in a dense per-document array, every later document b on the
 * postings of its shingles: exactly |A ∩ B| for all pairs sharing a shingle, in
 * O(sum of posting^2) time and O(shingle occurrences) memory. Meant for thousands of
 * documents (all_pairs_max), where it is exact and fast enough.
 * Containment: (sample key << 32 | doc) values are sorted into postings; pairs on each
 * posting are emitted, sorted and counted. Linear in sample size apart from the pairs.
 */
#include "overlap/candidates.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "overlap/mem.h"
#include "overlap/shingle.h"

/* ---- tuning ---- */

/* A sampled key in more documents than this is boilerplate (licence lines, navigation,
 * agency bylines): its m(m-1)/2 pairs would swamp the candidates and say nothing about
 * containment. 256 keeps stories syndicated to a few hundred outlets. */
#define CAND_MAX_POSTING 256
/* One shared sampled 5-gram is common between unrelated prose; two is rare. */
#define CAND_MIN_SHARED 2
/* Documents with fewer sampled keys (about 24 shingles at 1/8) cannot be judged: the sample
 * of the smaller side must have a few keys for the count to mean anything. */
#define CAND_MIN_SAMPLE 3
/* Shared-sample count needed is SLACK * containment * smaller sample: the sample count of a
 * pair at the containment threshold is binomial, so half the mean keeps ~all true pairs
 * with more than ~10 sampled keys (verification removes the rest). */
#define CAND_SLACK 0.5

/* ---- verification helpers ---- */

void cand_fill(cand_pair *p, size_t na, size_t nb, size_t inter)
{
	p->inter = inter > UINT32_MAX ? UINT32_MAX : (uint32_t)inter;
	size_t uni = na + nb - inter;
	p->jaccard = uni ? (double)inter / (double)uni : 0.0;
	p->cont_ab = na ? (double)inter / (double)na : 0.0;
	p->cont_ba = nb ? (double)inter / (double)nb : 0.0;
}

bool cand_keep(const cand_pair *p, const cand_filter *f)
{
	if (p->inter == 0)
		return false;
	if (f->keep_all)
		return true;
	if (p->jaccard >= f->min_jaccard)
		return true;
	double c = p->cont_ab > p->cont_ba ? p->cont_ab : p->cont_ba;
	return f->min_containment <= 1.0 && c >= f->min_containment;
}

/* ---- (1) all pairs ---- */

/* Index of x in sorted u[0..n) (x is known to be present). */
static uint32_t find_id(const uint64_t *u, size_t n, uint64_t x)
{
	size_t lo = 0, hi = n;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (u[mid] <= x)
			lo = mid;
		else
			hi = mid;
	}
	return (uint32_t)lo;
}

size_t cand_all_pairs(const uint64_t *v, const uint64_t *off, size_t ndocs,
		      const cand_filter *f, cand_pair **out, uint64_t *noverlap)
{
	*out = NULL;
	if (noverlap)
		*noverlap = 0;
	size_t total = ndocs ? off[ndocs] : 0;
	if (ndocs < 2 || total == 0)
		return 0;
	uint64_t *u = xmalloc(total * sizeof *u);
	memcpy(u, v, total * sizeof *u);
	size_t nu = shg_sort_unique(u, total);

	uint32_t *id = xmalloc(total * sizeof *id);   /* shingle id of each occurrence */
	uint64_t *pstart = xcalloc(nu + 1, sizeof *pstart);
	for (size_t e = 0; e < total; e++) {
		id[e] = find_id(u, nu, v[e]);
		pstart[id[e] + 1]++;
	}
	free(u);
	for (size_t i = 0; i < nu; i++)
		pstart[i + 1] += pstart[i];
	uint32_t *post = xmalloc(total * sizeof *post);
	uint32_t *pos = xmalloc(total * sizeof *pos); /* where occurrence e sits in post[] */
	uint64_t *fill = xmalloc((nu + 1) * sizeof *fill);
	memcpy(fill, pstart, (nu + 1) * sizeof *fill);
	for (size_t d = 0; d < ndocs; d++)
		for (uint64_t e = off[d]; e < off[d + 1]; e++) {
			pos[e] = (uint32_t)fill[id[e]];
			post[fill[id[e]]++] = (uint32_t)d;
		}
	free(fill);

	uint32_t *cnt = xcalloc(ndocs, sizeof *cnt);
	uint64_t *touched = NULL;
	size_t ntouched = 0, tcap = 0;
	cand_pair *res = NULL;
	size_t nres = 0, rcap = 0;
	uint64_t nover = 0;
	for (size_t a = 0; a < ndocs; a++) {
		ntouched = 0;
		for (uint64_t e = off[a]; e < off[a + 1]; e++) {
			uint64_t end = pstart[id[e] + 1];
			for (uint64_t q = (uint64_t)pos[e] + 1; q < end; q++) {
				uint32_t b = post[q];
				if (cnt[b]++ == 0) {
					XGROW(touched, tcap, ntouched + 1);
					touched[ntouched++] = b;
				}
			}
		}
		shg_sort_u64(touched, ntouched);
		nover += ntouched;
		size_t na = off[a + 1] - off[a];
		for (size_t t = 0; t < ntouched; t++) {
			uint32_t b = (uint32_t)touched[t];
			cand_pair p = { .a = (uint32_t)a, .b = b };
			cand_fill(&p, na, off[b + 1] - off[b], cnt[b]);
			cnt[b] = 0;
			if (cand_keep(&p, f)) {
				XGROW(res, rcap, nres + 1);
				res[nres++] = p;
			}
		}
	}
	free(cnt);
	free(touched);
	free(pos);
	free(post);
	free(pstart);
	free(id);
	if (noverlap)
		*noverlap = nover;
	*out = res;
	return nres;
}

/* ---- (2) containment ---- */

bool cand_containment_pass(size_t shared, size_t na, size_t nb, double min_containment)
{
	size_t small = na < nb ? na : nb;
	double need = ceil(CAND_SLACK * min_containment * (double)small);
	if (need < CAND_MIN_SHARED)
		need = CAND_MIN_SHARED;
	return small >= CAND_MIN_SAMPLE && (double)shared >= need;
}

size_t cand_max_posting(void) { return CAND_MAX_POSTING; }

size_t cand_containment(const uint32_t *s, const uint64_t *off, size_t ndocs,
			double min_containment, uint64_t **out, uint64_t *nskipped)
{
	*out = NULL;
	if (nskipped)
		*nskipped = 0;
	size_t total = ndocs ? off[ndocs] : 0;
	if (ndocs < 2 || total == 0 || min_containment > 1.0)
		return 0;
	uint64_t *ent = xmalloc(total * sizeof *ent);
	size_t k = 0;
	for (size_t d = 0; d < ndocs; d++)
		for (uint64_t e = off[d]; e < off[d + 1]; e++)
			ent[k++] = (uint64_t)s[e] << 32 | (uint32_t)d;
	shg_sort_u64(ent, total);
	/* A key repeated in one document (two shingles whose truncated keys meet) is adjacent
	 * after the sort: keep one, and size each sample by its distinct keys. */
	uint32_t *dsize = xcalloc(ndocs, sizeof *dsize);
	k = 0;
	for (size_t i = 0; i < total; i++) {
		if (k > 0 && ent[i] == ent[k - 1])
			continue;
		ent[k++] = ent[i];
		dsize[(uint32_t)ent[i]]++;
	}
	total = k;

	uint64_t *pairs = NULL;
	size_t np = 0, pcap = 0;
	uint64_t skipped = 0;
	for (size_t i = 0; i < total;) {
		size_t j = i + 1;
		while (j < total && ent[j] >> 32 == ent[i] >> 32)
			j++;
		size_t m = j - i;
		if (m > CAND_MAX_POSTING) {
			skipped++;
		} else if (m > 1) {
			XGROW(pairs, pcap, np + m * (m - 1) / 2);
			for (size_t x = i; x < j; x++)
				for (size_t y = x + 1; y < j; y++)
					pairs[np++] = (uint64_t)(uint32_t)ent[x] << 32 |
						      (uint32_t)ent[y];
		}
		i = j;
	}
	free(ent);
	shg_sort_u64(pairs, np);

	size_t w = 0;
	for (size_t i = 0; i < np;) {
		size_t j = i + 1;
		while (j < np && pairs[j] == pairs[i])
			j++;
		uint32_t a = (uint32_t)(pairs[i] >> 32), b = (uint32_t)pairs[i];
		if (cand_containment_pass(j - i, dsize[a], dsize[b], min_containment))
			pairs[w++] = pairs[i];
		i = j;
	}
	free(dsize);
	if (w == 0) {
		free(pairs);
		pairs = NULL;
	}
	*out = pairs;
	if (nskipped)
		*nskipped = skipped;
	return w;
}

size_t cand_merge(const uint64_t *x, size_t nx, const uint64_t *y, size_t ny, uint64_t **out)
{
	uint64_t *o = xmalloc((nx + ny ? nx + ny : 1) * sizeof *o);
	size_t i = 0, j = 0, n = 0;
	while (i < nx || j < ny) {
		uint64_t v;
		if (j >= ny || (i < nx && x[i] < y[j]))
			v = x[i++];
		else if (i >= nx || y[j] < x[i])
			v = y[j++];
		else {
			v = x[i++];
			j++;
		}
		o[n++] = v;
	}
	*out = o;
	return n;
}
