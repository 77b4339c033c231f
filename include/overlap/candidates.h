/* candidates.h - which document pairs to compare, and their exact overlap.
 *
 * (1) Exact all-pairs for small corpora: an inverted index over every shingle of in-memory
 *     sorted sets counts |A ∩ B| for each pair sharing a shingle (never misses a pair).
 * (2) Containment candidates for large corpora: a short story inside a long one has low
 *     Jaccard, so LSH misses it; a deterministic 1/8 sample of each document's shingles
 *     (hash & 7 == 0) goes into an inverted index and pairs sharing enough sampled shingles
 *     relative to the smaller sample become candidates. Boilerplate posting lists are skipped.
 * (3) Exact verification of a pair of sorted sets. It does NOT read documents (similarity.c).
 */
#ifndef OVERLAP_CANDIDATES_H
#define OVERLAP_CANDIDATES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A pair with its exact overlap. cont_ab = |A∩B|/|A| (how much of a is found in b). */
typedef struct cand_pair {
	uint32_t a, b;          /* document indices, a < b */
	uint32_t inter;         /* |A ∩ B| */
	double jaccard, cont_ab, cont_ba;
} cand_pair;

/* Which pairs are kept: inter > 0 and (keep_all or jaccard >= min_jaccard or
 * max(cont_ab, cont_ba) >= min_containment). */
typedef struct cand_filter {
	double min_jaccard;
	double min_containment; /* > 1 disables the containment rule */
	bool keep_all;          /* every pair sharing a shingle */
} cand_filter;

/* Fill p's overlap fields from |A|, |B| and |A ∩ B| (0 sizes give 0). */
void cand_fill(cand_pair *p, size_t na, size_t nb, size_t inter);

/* True when p passes f. */
bool cand_keep(const cand_pair *p, const cand_filter *f);

/* (1) Exact all-pairs over sets[i] = v[off[i] .. off[i+1]) (each sorted, repeat-free; empty
 * sets never pair). ndocs < 2^32. Pairs passing f go to *out (caller frees), sorted by (a, b);
 * *noverlap (may be NULL) gets the number of pairs sharing at least one shingle.
 * Memory: 16 bytes per shingle occurrence + 4 bytes per document. Time: sum over shingles
 * of (posting length)^2 / 2. @return the number of pairs. */
size_t cand_all_pairs(const uint64_t *v, const uint64_t *off, size_t ndocs,
		      const cand_filter *f, cand_pair **out, uint64_t *noverlap);

/* Sampling rule of (2): true when shingle hash h belongs to the containment sample. */
static inline bool cand_sampled(uint64_t h) { return (h & 7u) == 0; }

/* (2) Containment candidates from samples: sample of document i is
 * s[off[i] .. off[i+1]) in any order (32-bit keys: hash >> 3 truncated; a key repeated in one
 * document counts once, so callers need not sort or dedup). A pair is a candidate when the
 * number of shared sampled keys >= max(CAND_MIN_SHARED, CAND_SLACK * min_containment *
 * min(|Si|, |Sj|)), |S| counting distinct keys; documents whose sample is below
 * CAND_MIN_SAMPLE are never the smaller side. Keys in more than CAND_MAX_POSTING documents
 * (boilerplate) are ignored, counted in *nskipped (may be NULL).
 * Pairs as (a << 32 | b), a < b, sorted, into *out (caller frees). @return count. */
size_t cand_containment(const uint32_t *s, const uint64_t *off, size_t ndocs,
			double min_containment, uint64_t **out, uint64_t *nskipped);

/* The same on `threads` threads (0 or 1: the calling thread only); the result does not
 * depend on the thread count. */
size_t cand_containment_mt(const uint32_t *s, const uint64_t *off, size_t ndocs,
			   double min_containment, unsigned threads, uint64_t **out,
			   uint64_t *nskipped);
/* The rule of (2) for one pair: documents whose distinct sample sizes are na and nb share
 * `shared` distinct sampled keys. For stores that count shared keys themselves
 * (src/archive/); cand_containment applies exactly this rule. */
bool cand_containment_pass(size_t shared, size_t na, size_t nb, double min_containment);

/* Keys in more documents than this are ignored by (2) (CAND_MAX_POSTING). */
size_t cand_max_posting(void);

/* Merge two sorted repeat-free pair lists (a << 32 | b) into *out (caller frees).
 * @return count. */
size_t cand_merge(const uint64_t *x, size_t nx, const uint64_t *y, size_t ny, uint64_t **out);

#endif
