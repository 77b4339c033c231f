/* candidates.c - exact all-pairs overlap, sampled containment candidates, verification
 * helpers (see candidates.h).
 *
 * All-pairs: shingles are mapped to dense ids, postings are filled in document order, and
 * each document a counts, in a dense per-document array, every later document b on the
 * postings of its shingles: exactly |A ∩ B| for all pairs sharing a shingle, in
 * O(sum of posting^2) time and O(shingle occurrences) memory. Meant for thousands of
 * documents (all_pairs_max), where it is exact and fast enough.
 * Containment: (sample key << 32 | doc) values are radix-sorted by key only (documents are
 * already in order) into postings; then each document counts its later partners on the
 * postings it is on, as all-pairs does, on all threads. Linear in sample size apart from
 * the pairs; no array of all co-occurrences is built or sorted.
 */
#include "overlap/candidates.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "compiler.h"
#include "overlap/mem.h"
#include "overlap/pool.h"
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
/* Bits of the lone-key filter per sample entry (cand_containment): at 8 a lone key shares
 * its slot with another key ~12% of the time and is sorted for nothing; the two bitmaps
 * cost 2 bytes an entry, against 16 bytes for each entry not sorted. */
#define CAND_FILTER_BITS 8
/* Shared-sample count needed is SLACK * containment * smaller sample: the sample count of a
 * pair at the containment threshold is binomial, so half the mean keeps ~all true pairs
 * with more than ~10 sampled keys (verification removes the rest). */
#define CAND_SLACK 0.5
/* The containment filter is read at random (megabytes): its slot for the entry this many
 * ahead is prefetched. */
#define CAND_PREFETCH 16
/* Threads the containment filter is filled on, at most. */
#define CAND_MAX_PARTS 64
/* Threads the join's postings are made on, at most: each holds a count per document (4 MB
 * at 1M documents). */
#define CAND_POST_PARTS 8

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

/* The join: every document a counts, over the postings it is on, each later document b
 * on them (|Sa ∩ Sb| in a per-worker counter), then keeps the pairs passing the rule. */
typedef struct join_ctx {
	const uint32_t *doc;   /* postings of 2..CAND_MAX_POSTING documents, back to back */
	const uint32_t *gend;  /* per entry: end of its posting in doc[] */
	const uint64_t *on_off;/* CSR by document: its entries' positions in doc[] */
	const uint32_t *on;
	const uint32_t *dsize; /* distinct sampled keys per document */
	size_t ndocs;
	double min_containment;
	size_t nchunks;
	uint32_t **cnt;        /* per worker: ndocs counters, zero between documents */
	uint64_t **touched;    /* per worker */
	size_t *touched_cap;
	uint64_t **res;        /* per chunk: its pairs, sorted */
	size_t *nres;
} join_ctx;

static void join_chunk(void *ud, size_t ch, unsigned worker)
{
	join_ctx *j = ud;
	if (!j->cnt[worker])
		j->cnt[worker] = xcalloc(j->ndocs, sizeof **j->cnt);
	uint32_t *cnt = j->cnt[worker];
	size_t a0 = j->ndocs * ch / j->nchunks, a1 = j->ndocs * (ch + 1) / j->nchunks;
	uint64_t *res = NULL;
	size_t nres = 0, rcap = 0;
	for (size_t a = a0; a < a1; a++) {
		size_t nt = 0;
		for (uint64_t k = j->on_off[a]; k < j->on_off[a + 1]; k++) {
			uint32_t e = j->on[k];
			for (uint32_t q = e + 1; q < j->gend[e]; q++) {
				uint32_t b = j->doc[q];
				if (cnt[b]++ == 0) {
					XGROW(j->touched[worker], j->touched_cap[worker], nt + 1);
					j->touched[worker][nt++] = b;
				}
			}
		}
		/* the few partners that pass are sorted, not the many documents touched */
		uint64_t *t = j->touched[worker];
		size_t first = nres;
		for (size_t i = 0; i < nt; i++) {
			uint32_t b = (uint32_t)t[i];
			if (cnt[b] >= CAND_MIN_SHARED &&
			    cand_containment_pass(cnt[b], j->dsize[a], j->dsize[b], j->min_containment)) {
				XGROW(res, rcap, nres + 1);
				res[nres++] = (uint64_t)a << 32 | b;
			}
			cnt[b] = 0;
		}
		shg_sort_u64(res + first, nres - first);
	}
	j->res[ch] = res;
	j->nres[ch] = nres;
}

/* The odd bits of x (bits 1, 3, ..., 63) as the low 32 bits, in order. */
static uint64_t odd_bits(uint64_t x)
{
	x = (x >> 1) & 0x5555555555555555ull;
	x = (x | (x >> 1)) & 0x3333333333333333ull;
	x = (x | (x >> 2)) & 0x0F0F0F0F0F0F0F0Full;
	x = (x | (x >> 4)) & 0x00FF00FF00FF00FFull;
	x = (x | (x >> 8)) & 0x0000FFFF0000FFFFull;
	return (x | (x >> 16)) & 0x00000000FFFFFFFFull;
}

/* The containment filter's work, split over threads (shared_entries). */
typedef struct filter_job {
	const uint32_t *s;     /* sample keys, CSR by document (off) */
	const uint64_t *off;
	size_t ndocs, total;
	uint64_t *seen;        /* marking: 2 bits a slot; filling: 1 bit a slot */
	uint64_t fmask;
	unsigned fbits, nparts;
	uint32_t *dsize;
	uint64_t *ent;         /* room for every entry: part t fills from off[its first doc] */
	size_t *dfirst;        /* nparts + 1 document bounds of the fill's parts */
	size_t *kept;          /* per part: entries kept */
} filter_job;

/* Marking, part t of nparts: every entry is read, but only slots whose top bits are t are
 * written (a part owns whole words, so parts never share one). The others go to a sink on
 * the stack, without a branch: which part a key falls in is a coin flip. The part clears
 * its own words first: the first touch of a fresh mapping (page faults, 128 MB at 1M
 * documents) is then shared by the threads instead of made by the caller alone. */
static void filter_mark(void *ud, size_t t, unsigned worker)
{
	(void)worker;
	const filter_job *j = ud;
	unsigned pbits = 0;
	while ((1u << pbits) < j->nparts)
		pbits++;
	unsigned shift = j->fbits - pbits;
	size_t fwords = ((size_t)1 << j->fbits) / 32, w0 = fwords / j->nparts * t;
	memset(j->seen + w0, 0, fwords / j->nparts * sizeof *j->seen);
	uint64_t sink[8] = { 0 };
	for (size_t e = 0; e < j->total; e++) {
		/* random slots of a filter of megabytes: ask for them ahead */
		if (e + CAND_PREFETCH < j->total) {
			uint64_t hp = j->s[e + CAND_PREFETCH] & j->fmask;
			OVL_PREFETCH((hp >> shift) == t ? &j->seen[hp >> 5] : sink);
		}
		uint64_t h = j->s[e] & j->fmask;
		uint64_t *w = (h >> shift) == t ? &j->seen[h >> 5] : &sink[e & 7];
		unsigned at = 2 * (unsigned)(h & 31);
		/* seen once (bit at) -> also twice (bit at + 1) */
		*w |= ((*w >> at) & 1) << (at + 1) | (uint64_t)1 << at;
	}
}

/* Filling, part t: the entries of documents dfirst[t] .. dfirst[t + 1] whose slot was seen
 * twice, in order, from ent[off[dfirst[t]]] on; dsize of those documents. */
static void filter_fill(void *ud, size_t t, unsigned worker)
{
	(void)worker;
	filter_job *j = ud;
	size_t d0 = j->dfirst[t], d1 = j->dfirst[t + 1];
	uint64_t *ent = j->ent + j->off[d0];
	size_t k = 0;
	for (size_t d = d0; d < d1; d++) {
		j->dsize[d] = (uint32_t)(j->off[d + 1] - j->off[d]);
		for (uint64_t e = j->off[d]; e < j->off[d + 1]; e++) {
			if (e + CAND_PREFETCH < j->total)
				OVL_PREFETCH(&j->seen[(j->s[e + CAND_PREFETCH] & j->fmask) >> 6]);
			uint64_t h = j->s[e] & j->fmask;
			ent[k] = (uint64_t)j->s[e] << 32 | (uint32_t)d;
			k += (j->seen[h >> 6] >> (h & 63)) & 1;
		}
	}
	j->kept[t] = k;
}

/* The (key << 32 | document) entries of keys found in two documents or more, sorted
 * and without repeats inside a document; dsize[d] gets document d's distinct keys.
 * *total is the entry count in, the kept count out; *cap the returned array's size for
 * XBIG_FREE. */
static uint64_t *shared_entries(const uint32_t *s, const uint64_t *off, size_t ndocs,
				unsigned threads, uint32_t *dsize, size_t *total_io, size_t *cap)
{
	size_t total = *total_io;
	/* Most keys are in one document only and can pair nothing: a filter indexed by the
	 * key's low bits (the keys are hash bits) marks slots seen once and seen twice (two
	 * bits a slot, side by side, so that marking a key touches one cache line), and only
	 * entries whose slot was seen twice are sorted. A key met once is never kept, whatever
	 * shares its slot; the ~1/CAND_FILTER_BITS of lone keys that share a slot with another
	 * key are kept and harmless (a posting of one pairs nothing). */
	unsigned fbits = 16;
	while (fbits < 30 && ((size_t)1 << fbits) < total * CAND_FILTER_BITS)
		fbits++;
	size_t fwords = ((size_t)1 << fbits) / 32;
	/* parts: a power of two, at most the threads; one below ~64k entries (thread start) */
	unsigned nparts = 1;
	while (nparts * 2 <= threads && total >= ((size_t)1 << 16))
		nparts *= 2;
	filter_job j = { .s = s, .off = off, .ndocs = ndocs, .total = total,
			 .fmask = ((uint64_t)1 << fbits) - 1, .fbits = fbits, .nparts = nparts,
			 .dsize = dsize };
	size_t seen_cap = 0;
	XBIG_GROW(j.seen, seen_cap, fwords);
	pool_for(nparts, nparts, filter_mark, &j);
	/* Only "seen twice" is read from here on: one bit a slot, packed in place into the
	 * first half, the second half given back (the old two bitmaps' peak memory). */
	for (size_t i = 0; i < fwords / 2; i++)
		j.seen[i] = odd_bits(j.seen[2 * i]) | odd_bits(j.seen[2 * i + 1]) << 32;
	XBIG_SHRINK(j.seen, seen_cap, fwords / 2);
	/* dsize: distinct keys per document; repeats inside a document are kept here and found
	 * adjacent after the sort below, where they are taken off. The entries' array is sized
	 * for all of them but mapped lazily (XBIG_GROW): only the pages of kept ones are
	 * touched, so the filter is read once, not once to count and once to fill. Hundreds
	 * of MB at 1M documents: mapped with huge pages (one fault per 2 MiB). Parts of about
	 * equal entries fill their own stretch; the stretches are then moved together. */
	uint64_t *tmp = NULL;
	size_t ent_cap = 0, tmp_cap = 0;
	XBIG_GROW(j.ent, ent_cap, total + 1);
	size_t dfirst[CAND_MAX_PARTS + 1], kept[CAND_MAX_PARTS];
	unsigned nfill = threads < CAND_MAX_PARTS ? threads : CAND_MAX_PARTS;
	if (total < ((size_t)1 << 16) || nfill < 1)
		nfill = 1;
	dfirst[0] = 0;
	for (unsigned t = 1; t < nfill; t++) {
		size_t want = total * t / nfill, d = dfirst[t - 1];
		while (d < ndocs && off[d] < want)
			d++;
		dfirst[t] = d;
	}
	dfirst[nfill] = ndocs;
	j.dfirst = dfirst;
	j.kept = kept;
	pool_for(nfill, nfill, filter_fill, &j);
	uint64_t *ent = j.ent, *seen = j.seen;
	size_t k = kept[0];
	for (unsigned t = 1; t < nfill; t++) {
		memmove(ent + k, ent + off[dfirst[t]], kept[t] * sizeof *ent);
		k += kept[t];
	}
	XBIG_SHRINK(ent, ent_cap, k + 1); /* the later parts' stretches, moved down */
	XBIG_FREE(seen, seen_cap);
	XBIG_GROW(tmp, tmp_cap, k + 1);
	total = k;
	uint64_t *sorted = shg_sort_hi32(ent, tmp, total, threads);
	size_t sorted_cap = sorted == ent ? ent_cap : tmp_cap;
	if (sorted == ent)
		XBIG_FREE(tmp, tmp_cap);
	else
		XBIG_FREE(ent, ent_cap);

	/* A key repeated in one document (two shingles whose truncated keys meet) is adjacent
	 * after the sort: keep one, and size each sample by its distinct keys. */
	k = 0;
	for (size_t i = 0; i < total; i++) {
		if (k > 0 && sorted[i] == sorted[k - 1]) {
			dsize[(uint32_t)sorted[i]]--;
			continue;
		}
		sorted[k++] = sorted[i];
	}
	total = k;

	*total_io = total;
	*cap = sorted_cap;
	return sorted;
}

/* join_postings' work, split over threads by ranges of the sorted entries that start at a
 * key's first entry: each part counts, then writes, its own stretch of doc/gend and its own
 * share of each document's entries in `on`, so the arrays are those of one thread. */
typedef struct post_job {
	const uint64_t *sorted;
	size_t *lo;          /* nparts + 1 entry bounds, at key boundaries */
	size_t ndocs;
	uint32_t *doc, *gend;
	size_t *base;        /* per part: its first position in doc/gend */
	size_t *nd;          /* per part: its postings' entries */
	uint64_t *skipped;   /* per part */
	uint32_t **cnt;      /* per part: entries of each document in the part, then the
			      * part's next slot for it in `on` */
	uint32_t *on;
	int stage;           /* 0 count, 1 write postings and counts, 2 fill `on` */
} post_job;

static void post_part(void *ud, size_t p, unsigned worker)
{
	(void)worker;
	post_job *j = ud;
	const uint64_t *sorted = j->sorted;
	if (j->stage == 2) {
		uint32_t *next = j->cnt[p];
		for (size_t e = j->base[p]; e < j->base[p] + j->nd[p]; e++)
			j->on[next[j->doc[e]]++] = (uint32_t)e;
		return;
	}
	size_t nd = 0, at = j->base[p];
	uint64_t skipped = 0;
	for (size_t i = j->lo[p]; i < j->lo[p + 1];) {
		size_t k = i + 1;
		while (k < j->lo[p + 1] && sorted[k] >> 32 == sorted[i] >> 32)
			k++;
		size_t m = k - i;
		if (m > CAND_MAX_POSTING) {
			skipped++;
		} else if (m > 1) {
			if (j->stage == 1)
				for (size_t x = i; x < k; x++) {
					uint32_t d = (uint32_t)sorted[x];
					j->doc[at] = d;
					j->gend[at] = (uint32_t)(at - (x - i) + m);
					j->cnt[p][d]++;
					at++;
				}
			nd += m;
		}
		i = k;
	}
	j->nd[p] = nd;
	j->skipped[p] = skipped;
}

/* The join's postings from the sorted entries: postings of 2..CAND_MAX_POSTING
 * documents back to back (doc, gend), and which document is on which (on_off, on).
 * @return the number of postings skipped as too long. */
static uint64_t join_postings(const uint64_t *sorted, size_t total, size_t ndocs,
			      unsigned threads, join_ctx *jc)
{
	/* parts: one below ~64k entries; each begins at a key's first entry */
	unsigned np = threads < CAND_POST_PARTS ? threads : CAND_POST_PARTS;
	if (np < 1 || total < ((size_t)1 << 16))
		np = 1;
	size_t lo[CAND_POST_PARTS + 1], base[CAND_POST_PARTS], nd[CAND_POST_PARTS];
	uint64_t skipped[CAND_POST_PARTS];
	uint32_t *cnt[CAND_POST_PARTS];
	lo[0] = 0;
	for (unsigned p = 1; p < np; p++) {
		size_t i = total * p / np;
		if (i < lo[p - 1])
			i = lo[p - 1];
		while (i > lo[p - 1] && i < total && sorted[i] >> 32 == sorted[i - 1] >> 32)
			i++;
		lo[p] = i;
	}
	lo[np] = total;
	post_job j = { .sorted = sorted, .lo = lo, .ndocs = ndocs, .base = base, .nd = nd,
		       .skipped = skipped, .cnt = cnt, .stage = 0 };
	for (unsigned p = 0; p < np; p++)
		base[p] = 0;
	pool_for(np, np, post_part, &j);
	size_t n = 0;
	uint64_t nskipped = 0;
	for (unsigned p = 0; p < np; p++) {
		base[p] = n;
		n += nd[p];
		nskipped += skipped[p];
		cnt[p] = xcalloc(ndocs, sizeof *cnt[p]);
	}
	j.doc = xmalloc((n ? n : 1) * sizeof *j.doc);
	j.gend = xmalloc((n ? n : 1) * sizeof *j.gend);
	j.stage = 1;
	pool_for(np, np, post_part, &j);
	/* on_off from the parts' counts; each part's counts become its first slots */
	uint64_t *on_off = xmalloc((ndocs + 1) * sizeof *on_off);
	uint64_t o = 0;
	for (size_t d = 0; d < ndocs; d++) {
		on_off[d] = o;
		for (unsigned p = 0; p < np; p++) {
			uint32_t c = cnt[p][d];
			cnt[p][d] = (uint32_t)o;
			o += c;
		}
	}
	on_off[ndocs] = o;
	j.on = xmalloc((n ? n : 1) * sizeof *j.on);
	j.stage = 2;
	pool_for(np, np, post_part, &j);
	for (unsigned p = 0; p < np; p++)
		free(cnt[p]);
	jc->doc = j.doc;
	jc->gend = j.gend;
	jc->on_off = on_off;
	jc->on = j.on;
	return nskipped;
}

/* Runs the join on threads and gathers its pairs in order into *out. @return their count. */
static size_t run_join(join_ctx *jc, unsigned threads, uint64_t **out)
{
	join_ctx j = *jc;
	size_t ndocs = j.ndocs;
	/* chunks of documents, many per thread so uneven ones balance; results in order */
	j.nchunks = threads == 1 ? 1 : (size_t)threads * 16;
	if (j.nchunks > ndocs)
		j.nchunks = ndocs;
	j.cnt = xcalloc(threads, sizeof *j.cnt);
	j.touched = xcalloc(threads, sizeof *j.touched);
	j.touched_cap = xcalloc(threads, sizeof *j.touched_cap);
	j.res = xcalloc(j.nchunks, sizeof *j.res);
	j.nres = xcalloc(j.nchunks, sizeof *j.nres);
	pool_for(j.nchunks, threads, join_chunk, &j);
	size_t w = 0;
	for (size_t c = 0; c < j.nchunks; c++)
		w += j.nres[c];
	uint64_t *pairs = w ? xmalloc(w * sizeof *pairs) : NULL;
	w = 0;
	for (size_t c = 0; c < j.nchunks; c++) {
		if (j.nres[c])
			memcpy(pairs + w, j.res[c], j.nres[c] * sizeof *pairs);
		w += j.nres[c];
		free(j.res[c]);
	}
	for (unsigned t = 0; t < threads; t++) {
		free(j.cnt[t]);
		free(j.touched[t]);
	}
	free(j.cnt);
	free(j.touched);
	free(j.touched_cap);
	free(j.res);
	free(j.nres);
	*out = pairs;
	return w;
}

size_t cand_containment_mt(const uint32_t *s, const uint64_t *off, size_t ndocs,
			   double min_containment, unsigned threads, uint64_t **out,
			   uint64_t *nskipped)
{
	*out = NULL;
	if (nskipped)
		*nskipped = 0;
	size_t total = ndocs ? off[ndocs] : 0;
	if (ndocs < 2 || total == 0 || min_containment > 1.0)
		return 0;
	if (threads < 1)
		threads = 1;
	/* postings are positions in uint32 arrays below */
	assert(total < UINT32_MAX);
	uint32_t *dsize = xcalloc(ndocs, sizeof *dsize);
	size_t sorted_cap;
	uint64_t *sorted = shared_entries(s, off, ndocs, threads, dsize, &total, &sorted_cap);
	join_ctx j = { .dsize = dsize, .ndocs = ndocs, .min_containment = min_containment };
	uint64_t skipped = join_postings(sorted, total, ndocs, threads, &j);
	XBIG_FREE(sorted, sorted_cap);
	uint64_t *pairs;
	size_t w = run_join(&j, threads, &pairs);
	free((void *)j.on);
	free((void *)j.on_off);
	free((void *)j.doc);
	free((void *)j.gend);
	free(dsize);
	*out = pairs;
	if (nskipped)
		*nskipped = skipped;
	return w;
}

size_t cand_containment(const uint32_t *s, const uint64_t *off, size_t ndocs,
			double min_containment, uint64_t **out, uint64_t *nskipped)
{
	return cand_containment_mt(s, off, ndocs, min_containment, 1, out, nskipped);
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
